//! Progress against a plan: a later folder review with `--plan plan.json` sets each plan
//! week's cadence at easy pace against the week's target. Pure functions over the
//! review's rows and the plan's wire form.
//!
//! * **Cadence at easy pace in a week**: over the runs started in the plan week (Monday
//!   to Sunday, UTC dates, as the folder review's weeks), Σ time·cadence ÷ Σ time over
//!   their speed bins within ±[`SPEED_WINDOW_MPS`] of the plan's easy speed: cadence rises
//!   with speed, so only running at the speed the target was set for is compared. A week
//!   needs [`MIN_RUNNING_S`] of such running.
//! * **Behind or ahead** ([`finding`]): the newest plan week with a measurement, its
//!   cadence minus its target. Within ±[`TOLERANCE_SPM`] (the watch band's half-width) is
//!   on track; below is behind (stay on the step, metronome on every run); above is ahead
//!   (the runner may move to the next step, still never above +10%).

use super::json::PlanDoc;
use super::WATCH_BAND_SPM;
use crate::coach::warning::Severity;
use crate::history::row::RunRow;
use crate::report::chart::{Axis, Band, ChartSpec, Color, Panel, Series, SeriesKind, Ticks};
use crate::report::html::escape;
use chrono::{Days, NaiveDate};
use std::fmt::Write as _;

/// Half-width of the speed window around the plan's easy speed, m/s (the single-run
/// estimate's window, `target::TargetParams::single_run_window_mps`).
pub const SPEED_WINDOW_MPS: f64 = 0.25;
/// Least running near the easy speed for a week's measurement, s (60, as the folder
/// review's easy-cadence point).
pub const MIN_RUNNING_S: f64 = 60.0;
/// Behind or ahead beyond this, steps/min: the watch band's half-width.
pub const TOLERANCE_SPM: f64 = WATCH_BAND_SPM;

/// One plan week against the runs.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekProgress {
    /// 1-based plan week.
    pub week: usize,
    /// Its Monday.
    pub monday: NaiveDate,
    /// The plan's target, steps/min.
    pub target_spm: f64,
    /// Measured cadence at easy pace, steps/min; `None` without enough running.
    pub cadence_spm: Option<f64>,
    /// Runs in the week.
    pub runs: usize,
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
                let Some(d) = r.start_time.map(|s| s.date_naive()) else {
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

/// The finding of the newest measured week: (severity, code, message); `None` before any
/// plan week has a measurement.
#[must_use]
pub fn finding(p: &[WeekProgress]) -> Option<(Severity, &'static str, String)> {
    let w = p.iter().rev().find(|w| w.cadence_spm.is_some())?;
    let c = w.cadence_spm?;
    let diff = c - w.target_spm;
    let head = format!(
        "Plan week {} (from {}): {c:.0} steps/min at easy pace against the plan's {:.0}",
        w.week, w.monday, w.target_spm
    );
    Some(if diff < -TOLERANCE_SPM {
        (
            Severity::Caution,
            "plan_behind",
            format!(
                "{head}, {:.0} behind. Stay on this step with the metronome on every run until \
                 you hold it; move up only then.",
                -diff
            ),
        )
    } else if diff > TOLERANCE_SPM {
        (
            Severity::Info,
            "plan_ahead",
            format!(
                "{head}, {diff:.0} ahead. You may move to the next step; the plan never goes \
                 above +10% of your start, the largest increase studied."
            ),
        )
    } else {
        (
            Severity::Info,
            "plan_on_track",
            format!("{head}: on track (within ±{TOLERANCE_SPM:.0})."),
        )
    })
}

/// The progress chart: the plan's weekly target and the measured cadence, by plan week.
#[must_use]
pub fn chart(p: &[WeekProgress]) -> ChartSpec {
    #[allow(clippy::cast_precision_loss)]
    let target: Vec<(f64, f64)> = p.iter().map(|w| (w.week as f64, w.target_spm)).collect();
    #[allow(clippy::cast_precision_loss)]
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
    #[allow(clippy::cast_precision_loss)]
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

/// The index page's section: the finding and the chart.
#[must_use]
pub fn section(p: &[WeekProgress], chart_file: Option<&str>) -> String {
    let mut h = String::from("<h2>Your cadence plan</h2>\n");
    match finding(p) {
        Some((sev, code, msg)) => {
            let sev = match sev {
                Severity::Info => "info",
                Severity::Caution => "caution",
                Severity::Warning => "warning",
            };
            let _ = writeln!(
                h,
                "<div class=\"w {sev}\"><b>{sev}</b> {}<div class=\"ev\">{}</div></div>",
                escape(&msg),
                escape(code)
            );
        }
        None => h.push_str(
            "<p>No run of the folder falls in a plan week with a minute of running near your \
             easy pace yet.</p>\n",
        ),
    }
    if let Some(f) = chart_file {
        let _ = writeln!(
            h,
            "<figure><img src=\"{}\" alt=\"cadence against the plan\"></figure>",
            escape(f)
        );
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::baseline::tests::{bins, row};
    use crate::plan::json::WeekDoc;
    use crate::plan::schedule::Feedback;
    use chrono::{TimeZone, Utc};

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
                })
                .collect(),
            audio: crate::plan::json::AudioDoc::default(),
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
        let (sev, code, msg) = finding(&p).unwrap();
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
        let (sev, code, msg) = finding(&weeks(&doc(&[168.0]), &rows)).unwrap();
        assert_eq!((sev, code), (Severity::Caution, "plan_behind"));
        assert!(
            msg.contains("160 steps/min at easy pace against the plan's 168, 8 behind"),
            "{msg}"
        );
        let (_, code, _) = finding(&weeks(&doc(&[156.0]), &rows)).unwrap();
        assert_eq!(code, "plan_ahead");
        // Exactly 3 above is still on track.
        let (_, code, _) = finding(&weeks(&doc(&[157.0]), &rows)).unwrap();
        assert_eq!(code, "plan_on_track");
        assert!(finding(&weeks(&doc(&[168.0]), &[])).is_none());
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
}
