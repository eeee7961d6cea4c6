//! The cadence target of a retraining plan: where the runner starts (their own cadence at
//! their easy speed) and how far each week moves them. Pure functions.
//!
//! * **Easy speed** ([`easy_speed`]): the time-weighted median running speed of the recent
//!   runs (those started within [`TargetParams::recent_days`] of the newest run): over
//!   their summed [`SpeedBins`], the bin where the cumulative running time reaches half,
//!   quoted at that bin's mean speed (distance ÷ time). The median, not the mean, so a few
//!   fast sessions do not move it; most training is easy (our choice of reference, as the
//!   folder review's "cadence at easy pace" in `history::trends`).
//! * **Start cadence** ([`start_cadence`]): the personal baseline (`history::baseline`) at
//!   the easy speed, clamped into the speed range it was fitted on. Without a baseline
//!   (fewer runs than it needs), the best single-run estimate, marked as such: the newest
//!   recent run with at least [`TargetParams::single_run_min_s`] of running within
//!   ±[`TargetParams::single_run_window_mps`] of the easy speed, its time-weighted cadence
//!   there.
//! * **Steps** ([`weekly_increase_pct`]): Heiderscheit et al. 2011 (Med Sci Sports Exerc
//!   43:296): at constant speed, +5% step rate lowered knee energy absorption; the hip was
//!   unloaded only at +10%. So the plan starts at +5% and moves to +7.5% and then +10% as
//!   the runner holds each step, each step held for ⌈N ÷ 3⌉ weeks of an N-week plan; it
//!   never goes above +10%, the largest increase the study tested. The 170–180 band
//!   (Lieberman et al. 2015: about 170 was metabolically optimal at 3 m/s) is context, not a
//!   target: a runner at 150 is not sent to 170. A runner already at or above the band's
//!   top at easy speed gets no increase.

use crate::history::baseline::{PersonalBaseline, HIP_STEP_RATE_INCREASE, KNEE_STEP_RATE_INCREASE};
use crate::history::row::{RunRow, SpeedBins};
use crate::units::round;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Thresholds of the target. Every default is documented on its field.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetParams {
    /// The increases of the steps, percent (default 5, 7.5, 10: Heiderscheit et al. 2011's
    /// +5% and +10%, and the midpoint between them).
    pub steps_pct: [f64; 3],
    /// Largest increase ever planned, percent (default 10: the largest the study tested).
    pub max_pct: f64,
    /// The 170–180 steps/min band, context only.
    pub band_spm: (f64, f64),
    /// Runs within this many days of the newest run are "recent" (default 42: six weeks,
    /// our choice).
    pub recent_days: i64,
    /// Least running time near the easy speed for a single-run estimate, s (default 60,
    /// as the folder review's easy-cadence point).
    pub single_run_min_s: f64,
    /// Half-width of the speed window of a single-run estimate, m/s (default 0.25, our
    /// choice: about ±20 s/km at 5:30/km).
    pub single_run_window_mps: f64,
}

impl Default for TargetParams {
    fn default() -> Self {
        Self {
            // Rounded to 0.01 so the percentages are the exact 5, 7.5 and 10 they stand for.
            steps_pct: [
                round(100.0 * KNEE_STEP_RATE_INCREASE, 2),
                round(50.0 * (KNEE_STEP_RATE_INCREASE + HIP_STEP_RATE_INCREASE), 2),
                round(100.0 * HIP_STEP_RATE_INCREASE, 2),
            ],
            max_pct: round(100.0 * HIP_STEP_RATE_INCREASE, 2),
            band_spm: (170.0, 180.0),
            recent_days: 42,
            single_run_min_s: 60.0,
            single_run_window_mps: 0.25,
        }
    }
}

/// Where the start cadence comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CadenceSource {
    /// The personal baseline over a folder of runs.
    Baseline {
        /// Runs it was fitted on.
        runs: usize,
        /// Spread of its fit, steps/min.
        sd_spm: f64,
    },
    /// One run: too few runs for a baseline.
    SingleRun {
        /// The run's path.
        path: String,
        /// Running time near the easy speed, s.
        time_s: f64,
    },
}

/// The runner's cadence at their easy speed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Start {
    /// Easy speed, m/s.
    pub easy_speed_mps: f64,
    /// Cadence there, steps/min.
    pub cadence_spm: f64,
    /// Where it comes from.
    pub source: CadenceSource,
}

/// The recent rows: dated within `days` of the newest dated row; every row when none is
/// dated.
#[must_use]
pub fn recent(rows: &[RunRow], days: i64) -> Vec<&RunRow> {
    let newest: Option<DateTime<Utc>> = rows.iter().filter_map(|r| r.start_time).max();
    match newest {
        Some(n) => rows
            .iter()
            .filter(|r| r.start_time.is_some_and(|t| (n - t).num_days() <= days))
            .collect(),
        None => rows.iter().collect(),
    }
}

/// Time-weighted median running speed of `rows` (see the module docs); `None` without
/// binned running time.
#[must_use]
pub fn easy_speed(rows: &[&RunRow]) -> Option<f64> {
    let mut sum = SpeedBins::new();
    for r in rows {
        sum.add(&r.bins);
    }
    let total = sum.total_s();
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    let mut cum = 0.0;
    for (k, &t) in sum.time_s.iter().enumerate() {
        cum += t;
        if cum >= total / 2.0 && t > 0.0 {
            let v = sum.distance_m.get(k)? / t;
            return v.is_finite().then_some(v);
        }
    }
    None
}

/// Time-weighted cadence of `bins` within `±window` m/s of `speed`, and the time there.
fn cadence_near(bins: &SpeedBins, speed: f64, window: f64) -> (f64, f64) {
    let (mut t, mut ct) = (0.0, 0.0);
    for ((&bt, &bct), &bd) in bins
        .time_s
        .iter()
        .zip(&bins.cadence_time)
        .zip(&bins.distance_m)
    {
        if bt > 0.0 && (bd / bt - speed).abs() <= window {
            t += bt;
            ct += bct;
        }
    }
    (t, if t > 0.0 { ct / t } else { 0.0 })
}

/// The start cadence (see the module docs); `None` without any estimate.
#[must_use]
pub fn start_cadence(
    recent_rows: &[&RunRow],
    baseline: Option<&PersonalBaseline>,
    p: &TargetParams,
) -> Option<Start> {
    let easy = easy_speed(recent_rows)?;
    if let Some(b) = baseline {
        let (lo, hi) = b.speed_range_mps;
        let at = easy.clamp(lo.min(hi), hi.max(lo));
        let c = b.baseline.cadence_at_speed.at(at);
        if c.is_finite() && c > 0.0 {
            return Some(Start {
                easy_speed_mps: easy,
                cadence_spm: c,
                source: CadenceSource::Baseline {
                    runs: b.runs,
                    sd_spm: b.cadence_sd_spm,
                },
            });
        }
    }
    let mut by_date: Vec<&&RunRow> = recent_rows.iter().collect();
    by_date.sort_by(|a, b| b.start_time.cmp(&a.start_time).then(a.path.cmp(&b.path)));
    by_date.into_iter().find_map(|r| {
        let (t, c) = cadence_near(&r.bins, easy, p.single_run_window_mps);
        (t >= p.single_run_min_s && c.is_finite() && c > 0.0).then(|| Start {
            easy_speed_mps: easy,
            cadence_spm: c,
            source: CadenceSource::SingleRun {
                path: r.path.clone(),
                time_s: t,
            },
        })
    })
}

/// The planned increase of each of `weeks` weeks over `start_spm`, percent (see the
/// module docs).
#[must_use]
pub fn weekly_increase_pct(weeks: usize, start_spm: f64, p: &TargetParams) -> Vec<f64> {
    if start_spm >= p.band_spm.1 {
        return vec![0.0; weeks];
    }
    let hold = weeks.div_ceil(3).max(1);
    (0..weeks)
        .map(|i| {
            let k = (i / hold).min(p.steps_pct.len() - 1);
            p.steps_pct.get(k).copied().unwrap_or(0.0).min(p.max_pct)
        })
        .collect()
}

/// `start × (1 + pct ÷ 100)`, rounded to a whole step per minute (what a metronome and a
/// watch can show).
#[must_use]
pub fn target_spm(start_spm: f64, pct: f64) -> f64 {
    (start_spm * (1.0 + pct / 100.0)).round()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stride::{Baseline, SpeedLine};
    use crate::history::baseline::tests::{bins, row};
    use chrono::TimeZone;

    fn day(d: u32) -> Option<DateTime<Utc>> {
        Utc.with_ymd_and_hms(2024, 5, d, 7, 0, 0).single()
    }

    #[test]
    fn steps_are_five_then_seven_and_a_half_then_ten() {
        let p = TargetParams::default();
        assert_eq!(
            weekly_increase_pct(6, 160.0, &p),
            vec![5.0, 5.0, 7.5, 7.5, 10.0, 10.0]
        );
        assert_eq!(weekly_increase_pct(4, 160.0, &p), vec![5.0, 5.0, 7.5, 7.5]);
        assert_eq!(weekly_increase_pct(1, 160.0, &p), vec![5.0]);
        assert_eq!(
            weekly_increase_pct(8, 160.0, &p),
            vec![5.0, 5.0, 5.0, 7.5, 7.5, 7.5, 10.0, 10.0]
        );
        assert!(weekly_increase_pct(0, 160.0, &p).is_empty());
        // Never above the cap.
        let capped = TargetParams {
            max_pct: 6.0,
            ..p.clone()
        };
        assert_eq!(weekly_increase_pct(3, 160.0, &capped), vec![5.0, 6.0, 6.0]);
        // Already at the band's top: no increase.
        assert_eq!(weekly_increase_pct(3, 181.0, &p), vec![0.0; 3]);
        // 160 × 1.05 = 168, × 1.10 = 176.
        assert_eq!(target_spm(160.0, 5.0), 168.0);
        assert_eq!(target_spm(160.0, 10.0), 176.0);
    }

    #[test]
    fn easy_speed_is_the_time_weighted_median() {
        // 600 s at 2.55, 300 s at 3.05, 200 s at 3.55: half of 1,100 s falls in the first.
        let r = row(
            day(1),
            bins(&[
                (2.55, 160.0, 600.0),
                (3.05, 165.0, 300.0),
                (3.55, 170.0, 200.0),
            ]),
        );
        let v = easy_speed(&[&r]).unwrap();
        assert!((v - 2.55).abs() < 1e-9, "{v}");
        let r2 = row(day(2), bins(&[(3.05, 165.0, 900.0)]));
        // 600 + 300 + 200 + 900 = 2,000; cumulative 600, then 1,800 ≥ 1,000 at 3.05.
        let v = easy_speed(&[&r, &r2]).unwrap();
        assert!((v - 3.05).abs() < 1e-9, "{v}");
        assert!(easy_speed(&[]).is_none());
    }

    #[test]
    fn start_uses_the_baseline_at_easy_speed() {
        let b = PersonalBaseline {
            baseline: Baseline {
                cadence_at_speed: SpeedLine {
                    intercept: 120.0,
                    slope: 15.0,
                },
                step_length_at_speed: SpeedLine {
                    intercept: 0.0,
                    slope: 0.3,
                },
            },
            runs: 5,
            running_time_s: 5000.0,
            speed_range_mps: (2.5, 3.5),
            cadence_sd_spm: 1.5,
        };
        let r = row(day(3), bins(&[(3.05, 170.0, 900.0)]));
        let s = start_cadence(&[&r], Some(&b), &TargetParams::default()).unwrap();
        assert!((s.cadence_spm - (120.0 + 15.0 * 3.05)).abs() < 1e-9);
        assert_eq!(
            s.source,
            CadenceSource::Baseline {
                runs: 5,
                sd_spm: 1.5
            }
        );
        // Outside the fitted range the line is read at its edge.
        let fast = row(day(3), bins(&[(4.05, 180.0, 900.0)]));
        let s = start_cadence(&[&fast], Some(&b), &TargetParams::default()).unwrap();
        assert!((s.cadence_spm - (120.0 + 15.0 * 3.5)).abs() < 1e-9);
    }

    #[test]
    fn without_a_baseline_the_newest_run_near_easy_speed_is_used() {
        let old = row(day(1), bins(&[(3.05, 160.0, 600.0)]));
        let new = row(day(5), bins(&[(3.05, 166.0, 300.0), (3.95, 178.0, 100.0)]));
        let mut new = new;
        new.path = "new.fit".into();
        let s = start_cadence(&[&old, &new], None, &TargetParams::default()).unwrap();
        assert!((s.cadence_spm - 166.0).abs() < 1e-9, "{s:?}");
        assert_eq!(
            s.source,
            CadenceSource::SingleRun {
                path: "new.fit".into(),
                time_s: 300.0
            }
        );
        // Too little time near the easy speed in every run: no estimate.
        let short = row(day(1), bins(&[(3.05, 160.0, 30.0)]));
        assert!(start_cadence(&[&short], None, &TargetParams::default()).is_none());
    }

    #[test]
    fn recent_keeps_six_weeks_before_the_newest_run() {
        let a = row(
            Utc.with_ymd_and_hms(2024, 1, 1, 7, 0, 0).single(),
            SpeedBins::new(),
        );
        let b = row(day(1), SpeedBins::new());
        let rows = vec![a, b];
        assert_eq!(recent(&rows, 42).len(), 1);
        assert_eq!(recent(&rows, 400).len(), 2);
    }
}
