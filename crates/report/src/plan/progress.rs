//! Progress against a plan: a later folder review with `--plan plan.json` sets each plan
//! week's cadence at easy pace against the week's target. Pure functions over the
//! review's rows and the plan's wire form.
//!
//! * **Cadence at easy pace in a week**: over the runs started in the plan week (Monday
//!   to Sunday, UTC dates, as the folder review's weeks), Σ time·cadence ÷ Σ time over
//!   their speed bins within ±[`SPEED_WINDOW_MPS`] of the plan's easy speed: cadence rises
//!   with speed, so only running at the speed the target was set for is compared. A week
//!   needs [`MIN_RUNNING_S`] of such running.
//! * **Behind or ahead** ([`standing`]): the newest plan week with a measurement, its
//!   cadence minus its target. Within ±[`TOLERANCE_SPM`] (the watch band's half-width) is
//!   on track; below is behind (stay on the step, metronome on every run); above is ahead
//!   (the runner may move to the next step, still never above +10%).
//! * **Pain and the kind of runs** ([`changes`], issue 26): the mean logged pain (the
//!   highest of each logged day) in the [`PAIN_BEFORE_DAYS`] days before the plan's first
//!   Monday against each plan week's; the newest plan week with a logged day is *falling*
//!   when its mean is at least [`PAIN_CHANGE_FRACTION`] (30%) below the mean before, and
//!   *rising* when 30% above: a 30% change of a 0–10 pain rating is the smallest change
//!   patients rate as much better (Farrar et al. 2001, Pain 94:149). The hilly, long and
//!   fast shares of the runs in the plan weeks (traits as in
//!   [`stridewise_engine::coach::pain_pattern`]) are set beside the plan's `shares_before`: the
//!   plan asks for fewer of each (flat routes, runs no longer than planned, easy pace).

use super::json::PlanDoc;
use super::WATCH_BAND_SPM;
use crate::chart::{Axis, Band, ChartSpec, Color, Panel, Series, SeriesKind, Ticks};
use chrono::{Days, NaiveDate};
pub use stridewise_engine::coach::plan_progress::{
    standing, PainTrend, PlanChanges, PlanStanding, Shares, Standing, WeekProgress,
    PAIN_BEFORE_DAYS,
};
use stridewise_engine::history::row::RunRow;

/// Half-width of the speed window around the plan's easy speed, m/s (the single-run
/// estimate's window, `target::TargetParams::single_run_window_mps`).
pub const SPEED_WINDOW_MPS: f64 = 0.25;
/// Least running near the easy speed for a week's measurement, s (60, as the folder
/// review's easy-cadence point).
pub const MIN_RUNNING_S: f64 = 60.0;
/// Behind or ahead beyond this, steps/min: the watch band's half-width.
pub const TOLERANCE_SPM: f64 = WATCH_BAND_SPM;

/// Relative change of mean pain called falling or rising (0.3: Farrar et al. 2001).
pub const PAIN_CHANGE_FRACTION: f64 = 0.3;

fn mean_pain(
    days: &std::collections::BTreeMap<NaiveDate, u8>,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<f64> {
    let v: Vec<f64> = days.range(from..to).map(|(_, &p)| f64::from(p)).collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Pain and the kind of runs during the plan (see the module docs).
#[must_use]
pub fn changes(
    doc: &PlanDoc,
    rows: &[RunRow],
    pain_days: &std::collections::BTreeMap<NaiveDate, u8>,
    easy_speed_mps: Option<f64>,
) -> PlanChanges {
    let mondays: Vec<(usize, NaiveDate)> = doc
        .weeks
        .iter()
        .filter_map(|w| {
            Some((
                w.week,
                NaiveDate::parse_from_str(&w.monday, "%Y-%m-%d").ok()?,
            ))
        })
        .collect();
    let first = mondays.iter().map(|m| m.1).min();
    let last_end = mondays
        .iter()
        .map(|m| m.1)
        .max()
        .and_then(|m| m.checked_add_days(Days::new(7)));
    let pain_before = first.and_then(|f| {
        mean_pain(
            pain_days,
            f.checked_sub_days(Days::new(PAIN_BEFORE_DAYS))?,
            f,
        )
    });
    let pain_weeks: Vec<(usize, Option<f64>)> = mondays
        .iter()
        .map(|&(k, m)| {
            (
                k,
                m.checked_add_days(Days::new(7))
                    .and_then(|e| mean_pain(pain_days, m, e)),
            )
        })
        .collect();
    let newest = pain_weeks.iter().rev().find_map(|(_, p)| *p);
    let pain_trend = match (pain_before, newest) {
        (Some(b), Some(n)) => Some(if n <= b * (1.0 - PAIN_CHANGE_FRACTION) && n < b {
            PainTrend::Falling
        } else if n >= b * (1.0 + PAIN_CHANGE_FRACTION) && n > b {
            PainTrend::Rising
        } else {
            PainTrend::Level
        }),
        _ => None,
    };
    let during: Vec<RunRow> = match (first, last_end) {
        (Some(f), Some(e)) => rows
            .iter()
            .filter(|r| r.local_date().is_some_and(|d| (f..e).contains(&d)))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    PlanChanges {
        pain_before,
        pain_weeks,
        pain_trend,
        shares_before: Shares {
            hilly_pct: doc.shares_before.hilly_pct,
            long_pct: doc.shares_before.long_pct,
            fast_pct: doc.shares_before.fast_pct,
        },
        shares_during: Shares::of(&during, easy_speed_mps),
        runs_during: during.len(),
    }
}

/// Why `plan.json` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    /// Not JSON of the plan's layout.
    #[error("not a stridewise plan.json: {0}")]
    Json(#[from] serde_json::Error),
    /// Another schema version.
    #[error("plan.json schema_version {0} is not {1}; make the plan again with this version")]
    Version(u32, u32),
    /// A week's Monday is not a date.
    #[error("week {0}: monday must be YYYY-MM-DD")]
    Date(usize),
}

/// Read `plan.json`.
///
/// # Errors
/// See [`ProgressError`].
pub fn parse(text: &str) -> Result<PlanDoc, ProgressError> {
    let doc: PlanDoc = serde_json::from_str(text)?;
    if doc.schema_version != super::json::SCHEMA_VERSION {
        return Err(ProgressError::Version(
            doc.schema_version,
            super::json::SCHEMA_VERSION,
        ));
    }
    for w in &doc.weeks {
        NaiveDate::parse_from_str(&w.monday, "%Y-%m-%d")
            .map_err(|_| ProgressError::Date(w.week))?;
    }
    Ok(doc)
}

/// Each plan week against the rows (see the module docs).
#[must_use]
pub fn weeks(doc: &PlanDoc, rows: &[RunRow]) -> Vec<WeekProgress> {
    doc.weeks
        .iter()
        .filter_map(|w| {
            let monday = NaiveDate::parse_from_str(&w.monday, "%Y-%m-%d").ok()?;
            let end = monday.checked_add_days(Days::new(7))?;
            let (mut t, mut ct, mut runs) = (0.0, 0.0, 0);
            for r in rows {
                let Some(d) = r.local_date() else {
                    continue;
                };
                if d < monday || d >= end {
                    continue;
                }
                runs += 1;
                for ((&bt, &bct), &bd) in r
                    .bins
                    .time_s
                    .iter()
                    .zip(&r.bins.cadence_time)
                    .zip(&r.bins.distance_m)
                {
                    if bt > 0.0 && (bd / bt - doc.easy_speed_mps).abs() <= SPEED_WINDOW_MPS {
                        t += bt;
                        ct += bct;
                    }
                }
            }
            Some(WeekProgress {
                week: w.week,
                monday,
                target_spm: w.target_spm,
                cadence_spm: (t >= MIN_RUNNING_S)
                    .then(|| ct / t)
                    .filter(|c| c.is_finite()),
                runs,
            })
        })
        .collect()
}

/// The progress chart: the plan's weekly target and the measured cadence, by plan week.
#[must_use]
pub fn chart(p: &[WeekProgress]) -> ChartSpec {
    let target: Vec<(f64, f64)> = p.iter().map(|w| (w.week as f64, w.target_spm)).collect();
    let measured: Vec<(f64, f64)> = p
        .iter()
        .filter_map(|w| w.cadence_spm.map(|c| (w.week as f64, c)))
        .collect();
    let ys = target.iter().chain(&measured).map(|q| q.1);
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |a, y| {
        (a.0.min(y), a.1.max(y))
    });
    let (lo, hi) = if lo.is_finite() {
        (lo - 6.0, hi + 6.0)
    } else {
        (150.0, 190.0)
    };
    let n = p.len().max(1) as f64;
    ChartSpec {
        id: "plan-progress",
        title: "Cadence at easy pace against the plan".into(),
        panels: vec![Panel {
            x_label: "plan week".into(),
            y_label: "cadence (steps/min)".into(),
            x_range: (0.5, n + 0.5),
            y_range: (lo, hi),
            x_ticks: Ticks::Decimals(0),
            y_ticks: Ticks::Decimals(0),
            y_inverted: false,
            height: 1.0,
            series: vec![
                Series {
                    name: "plan target".into(),
                    kind: SeriesKind::LinePoints,
                    color: Color::Vermillion,
                    points: target,
                    breaks: Vec::new(),
                },
                Series {
                    name: "your cadence at easy pace".into(),
                    kind: SeriesKind::LinePoints,
                    color: Color::Blue,
                    points: measured,
                    breaks: Vec::new(),
                },
            ],
            bands: vec![Band {
                label: "170–180 steps/min".into(),
                axis: Axis::Y,
                from: 170.0,
                to: 180.0,
                color: Color::BluishGreen,
            }],
            markers: Vec::new(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::folder::plan_section::{changes_section, standing_words};
    use crate::plan::json::WeekDoc;
    use crate::plan::schedule::Feedback;
    use chrono::{TimeZone, Utc};
    use stridewise_engine::coach::warning::Severity;
    use stridewise_engine::synth::rows::{bins, row};

    fn doc(targets: &[f64]) -> PlanDoc {
        PlanDoc {
            schema_version: 1,
            generator: String::new(),
            easy_speed_mps: 3.0,
            start_cadence_spm: 160.0,
            start_source: "baseline".into(),
            baseline_runs: Some(3),
            single_run_path: None,
            band_spm: [170.0, 180.0],
            runs_per_week: 3,
            history_weekly_moving_s: 7200.0,
            history_weekly_distance_m: 21_000.0,
            sore_days: Vec::new(),
            lingering_pain: Vec::new(),
            weeks: targets
                .iter()
                .enumerate()
                .map(|(i, &t)| WeekDoc {
                    week: i + 1,
                    monday: format!("2024-05-{:02}", 6 + 7 * i),
                    increase_pct: 5.0,
                    target_spm: t,
                    watch_band_spm: [t - 3.0, t + 3.0],
                    metronome: Feedback::EveryRun,
                    cut_pct: 0.0,
                    runs: Vec::new(),
                    cross_training: None,
                    strength: Vec::new(),
                    flat_routes: false,
                })
                .collect(),
            audio: crate::plan::json::AudioDoc::default(),
            gate: crate::plan::json::GateDoc::default(),
            warm_up: crate::plan::json::WarmUpDoc::default(),
            stretches: crate::plan::json::StretchesDoc::default(),
            pain_follows: Vec::new(),
            shares_before: crate::plan::json::SharesDoc {
                hilly_pct: Some(50.0),
                long_pct: Some(0.0),
                fast_pct: None,
            },
        }
    }

    fn run_on(day: u32, parts: &[(f64, f64, f64)]) -> RunRow {
        row(
            Utc.with_ymd_and_hms(2024, 5, day, 7, 0, 0).single(),
            bins(parts),
        )
    }

    #[test]
    fn weekly_cadence_is_time_weighted_near_easy_speed() {
        let rows = vec![
            // Week 1: 300 s at 166 and 100 s at 170 near 3.0 m/s; the fast bin is ignored.
            run_on(7, &[(3.05, 166.0, 300.0), (4.05, 185.0, 600.0)]),
            run_on(9, &[(2.85, 170.0, 100.0)]),
            // Week 2: 30 s only: no measurement.
            run_on(14, &[(3.05, 175.0, 30.0)]),
        ];
        let p = weeks(&doc(&[168.0, 168.0, 172.0]), &rows);
        assert_eq!(p.len(), 3);
        let c = p[0].cadence_spm.unwrap();
        assert!(
            (c - (300.0 * 166.0 + 100.0 * 170.0) / 400.0).abs() < 1e-9,
            "{c}"
        );
        assert_eq!(p[0].runs, 2);
        assert_eq!((p[1].cadence_spm, p[1].runs), (None, 1));
        assert_eq!((p[2].cadence_spm, p[2].runs), (None, 0));
        // 167 against 168: on track.
        let st = standing(&p, TOLERANCE_SPM).unwrap();
        let (sev, code, msg) = (
            st.standing.severity(),
            st.standing.code(),
            standing_words(&st),
        );
        assert_eq!((sev, code), (Severity::Info, "plan_on_track"));
        assert_eq!(
            msg,
            "Plan week 1 (from 2024-05-06): 167 steps/min at easy pace against the plan's 168: \
             on track (within ±3)."
        );
    }

    #[test]
    fn behind_and_ahead_beyond_three_steps() {
        let rows = vec![run_on(7, &[(3.05, 160.0, 600.0)])];
        let st = standing(&weeks(&doc(&[168.0]), &rows), TOLERANCE_SPM).unwrap();
        let (sev, code, msg) = (
            st.standing.severity(),
            st.standing.code(),
            standing_words(&st),
        );
        assert_eq!((sev, code), (Severity::Caution, "plan_behind"));
        assert!(
            msg.contains("160 steps/min at easy pace against the plan's 168, 8 behind"),
            "{msg}"
        );
        let code = |target: f64| {
            standing(&weeks(&doc(&[target]), &rows), TOLERANCE_SPM).map(|s| s.standing.code())
        };
        assert_eq!(code(156.0), Some("plan_ahead"));
        // Exactly 3 above is still on track.
        assert_eq!(code(157.0), Some("plan_on_track"));
        assert!(standing(&weeks(&doc(&[168.0]), &[]), TOLERANCE_SPM).is_none());
        let c = chart(&weeks(&doc(&[168.0, 172.0]), &rows));
        assert_eq!(
            c.panels[0].series[0].points,
            vec![(1.0, 168.0), (2.0, 172.0)]
        );
        assert_eq!(c.panels[0].series[1].points, vec![(1.0, 160.0)]);
    }

    #[test]
    fn parse_checks_version_and_dates() {
        let mut d = doc(&[168.0]);
        let ok = serde_json::to_string(&d).unwrap();
        assert!(parse(&ok).is_ok());
        d.weeks[0].monday = "May 6".into();
        let bad = serde_json::to_string(&d).unwrap();
        assert_eq!(
            parse(&bad).unwrap_err().to_string(),
            "week 1: monday must be YYYY-MM-DD"
        );
        assert!(parse("{").is_err());
    }

    /// A plan.json written before the `audio` block was added still reads.
    #[test]
    fn a_plan_without_the_audio_block_reads() {
        let mut v = serde_json::to_value(doc(&[168.0])).unwrap();
        assert!(v.as_object_mut().unwrap().remove("audio").is_some());
        let d = parse(&v.to_string()).unwrap();
        assert!(d.audio.tracks.is_empty());
        assert_eq!(d.audio.total_bytes, 0);
    }

    fn pain(entries: &[(u32, u32, u8)]) -> std::collections::BTreeMap<NaiveDate, u8> {
        entries
            .iter()
            .map(|&(m, d, p)| (NaiveDate::from_ymd_opt(2024, m, d).unwrap(), p))
            .collect()
    }

    #[test]
    fn pain_falls_rises_or_holds_against_the_two_weeks_before() {
        // Plan weeks from 2024-05-06; before: 2024-04-22 to 05-05, mean 5.
        let d = doc(&[168.0, 168.0]);
        let before = [(4, 25, 6), (5, 1, 4)];
        let mut e = before.to_vec();
        e.extend([(5, 7, 4), (5, 14, 3)]);
        let c = changes(&d, &[], &pain(&e), None);
        assert_eq!(c.pain_before, Some(5.0));
        assert_eq!(c.pain_weeks, vec![(1, Some(4.0)), (2, Some(3.0))]);
        // 3 ≤ 5 × 0.7 = 3.5: falling.
        assert_eq!(c.pain_trend, Some(PainTrend::Falling));
        let mut e = before.to_vec();
        e.push((5, 14, 4));
        assert_eq!(
            changes(&d, &[], &pain(&e), None).pain_trend,
            Some(PainTrend::Level)
        );
        let mut e = before.to_vec();
        e.push((5, 8, 7));
        assert_eq!(
            changes(&d, &[], &pain(&e), None).pain_trend,
            Some(PainTrend::Rising)
        );
        assert_eq!(changes(&d, &[], &pain(&[]), None).pain_trend, None);
        let html = changes_section(&changes(&d, &[], &pain(&before), None));
        assert!(html.contains("not enough logged days"), "{html}");
    }

    #[test]
    fn the_run_mix_during_the_plan_is_set_beside_before() {
        let d = doc(&[168.0, 168.0]);
        // Two flat runs in the plan weeks, one hilly run before them (not counted).
        let mut rows = vec![run_on(7, &[]), run_on(9, &[]), run_on(2, &[])];
        for r in &mut rows {
            r.distance_m = Some(8_000.0);
            r.moving_s = Some(2_400.0);
            r.gain_m = Some(10.0);
            r.steep_share_pct = Some(0.0);
        }
        rows[2].gain_m = Some(200.0);
        let c = changes(&d, &rows, &pain(&[]), None);
        assert_eq!(c.runs_during, 2);
        assert_eq!(c.shares_during.hilly_pct, Some(0.0));
        let html = changes_section(&c);
        assert!(
            html.contains(
                "hilly runs: 50% before the plan, 0% of 2 runs since: fewer, as the plan asked"
            ),
            "{html}"
        );
    }
}
