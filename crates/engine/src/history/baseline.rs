//! The runner's personal baseline over a folder of runs: cadence and step length as lines
//! against speed, fitted to the runs' [`SpeedBins`] (docs/GUIDE.md, "Reviewing a folder or an export"; Heiderscheit 2011, see [`crate::coach::rules`]: judge
//! cadence against the runner's own rate at the same speed, not a fixed 180).
//!
//! * **Points.** The folder's bins are summed; each bin with at least
//!   [`BaselineParams::min_bin_s`] of running time gives one point: speed = the bin's
//!   time-weighted mean speed (distance ÷ time, not its centre), cadence = Σ time·cadence ÷
//!   time, step length = distance ÷ steps (the physical mean, as
//!   [`crate::analysis::stride`]). The weight of a point is its running time.
//! * **Fit.** Weighted least squares of `y = a + b·v` with weights `w` (the standard
//!   weighted normal equations, e.g. Draper & Smith, *Applied Regression Analysis*,
//!   "weighted least squares"): `v̄ = Σw·v ÷ Σw`, `ȳ = Σw·y ÷ Σw`,
//!   `b = Σw·(v − v̄)(y − ȳ) ÷ Σw·(v − v̄)²`, `a = ȳ − b·v̄`. statrs has no weighted
//!   regression, so the formula is written out here (`wls`).
//! * **Enough data** (our choice, so one run or a few minutes cannot set the baseline): at
//!   least [`BaselineParams::min_runs`] runs with binned running time, and at least
//!   [`BaselineParams::min_running_s`] of running time over at least
//!   [`BaselineParams::min_bins`] distinct bins that pass the time filter; else `None`.
//! * **Spread.** [`PersonalBaseline::cadence_sd_spm`] is the time-weighted standard deviation
//!   of the cadence residuals of the bin points, `√(Σw·r² ÷ Σw)` (the weighted mean residual
//!   is zero by construction). It measures how well a straight line explains the runner's
//!   bin means, not sample-to-sample scatter within a bin, so it is a lower bound on the
//!   run-to-run noise.
//! * **Comparison** ([`compare`]): over a run's own bins, the time-weighted mean of
//!   `100 × (own ÷ baseline − 1)` for cadence and for step length, the baseline evaluated at
//!   each bin's mean speed. The lines are applied as they are outside the fitted speed
//!   range; [`PersonalBaseline::speed_range_mps`] says where they are supported.
//! * **Suggestion** ([`suggestion`]): Heiderscheit et al. 2011 (Med Sci Sports Exerc 43:296):
//!   at constant speed, +5% step rate lowered knee energy absorption; the hip was unloaded
//!   only at +10%. So the targets at a speed are 1.05× and 1.10× the baseline cadence there.

use crate::analysis::stride::{Baseline, BaselineComparison, SpeedLine};
use crate::history::row::{RunRow, SpeedBins};
use statrs::statistics::Statistics;

/// Heiderscheit et al. 2011: +5% step rate lowered knee load.
pub(crate) const KNEE_STEP_RATE_INCREASE: f64 = 0.05;
/// Heiderscheit et al. 2011: the hip was unloaded only at +10%.
pub(crate) const HIP_STEP_RATE_INCREASE: f64 = 0.10;

/// Data needed before a baseline is fitted. Every default is our choice.
#[derive(Clone, Debug, PartialEq)]
pub struct BaselineParams {
    /// Least running time for a bin to become a point, s (default 30: a bin with a few
    /// seconds is mostly acceleration or GPS noise).
    pub min_bin_s: f64,
    /// Least number of runs with binned running time (default 3).
    pub min_runs: usize,
    /// Least running time over the bins used, s (default 1,200 = 20 min).
    pub min_running_s: f64,
    /// Least number of distinct bins used (default 3: a line through two points has no
    /// check on it).
    pub min_bins: usize,
}

impl Default for BaselineParams {
    fn default() -> Self {
        Self {
            min_bin_s: 30.0,
            min_runs: 3,
            min_running_s: 1_200.0,
            min_bins: 3,
        }
    }
}

/// A [`Baseline`] with what it was fitted on and how tight it is.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalBaseline {
    /// Cadence and step length against speed.
    pub baseline: Baseline,
    /// Runs that contributed binned running time.
    pub runs: usize,
    /// Running time in the bins used, s.
    pub running_time_s: f64,
    /// Slowest and fastest bin mean speed used, m/s: where the lines are supported.
    pub speed_range_mps: (f64, f64),
    /// Time-weighted standard deviation of the cadence residuals of the bin points,
    /// steps/min.
    pub cadence_sd_spm: f64,
}

/// One speed bin as a point of the fit.
#[derive(Clone, Copy, Debug, PartialEq)]
struct BinPoint {
    /// Time-weighted mean speed, m/s.
    speed: f64,
    /// Time-weighted cadence, steps/min.
    cadence: f64,
    /// Distance ÷ steps, m.
    step_length: f64,
    /// Running time, s (the weight).
    time: f64,
}

/// The bins with at least `min_s` (and more than zero) running time and positive steps.
fn points(bins: &SpeedBins, min_s: f64) -> Vec<BinPoint> {
    bins.time_s
        .iter()
        .zip(&bins.cadence_time)
        .zip(&bins.distance_m)
        .zip(&bins.steps)
        .filter_map(|(((&t, &ct), &d), &st)| {
            let p = BinPoint {
                speed: d / t,
                cadence: ct / t,
                step_length: d / st,
                time: t,
            };
            (t > 0.0
                && t >= min_s
                && st > 0.0
                && p.speed.is_finite()
                && p.cadence.is_finite()
                && p.step_length.is_finite())
            .then_some(p)
        })
        .collect()
}

/// Weighted least-squares line through `(x, y, w)` points (formula in the module docs).
/// `None` without positive total weight or without spread in `x`.
pub(crate) fn wls(pts: &[(f64, f64, f64)]) -> Option<SpeedLine> {
    let sw: f64 = pts.iter().map(|p| p.2).sum();
    if sw <= 0.0 || !sw.is_finite() {
        return None;
    }
    let mx = pts.iter().map(|p| p.2 * p.0).sum::<f64>() / sw;
    let my = pts.iter().map(|p| p.2 * p.1).sum::<f64>() / sw;
    let sxx: f64 = pts.iter().map(|p| p.2 * (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| p.2 * (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 1e-12 * sw {
        return None;
    }
    let slope = sxy / sxx;
    let line = SpeedLine {
        intercept: my - slope * mx,
        slope,
    };
    (line.intercept.is_finite() && line.slope.is_finite()).then_some(line)
}

/// [`fit_with`] with the default [`BaselineParams`].
#[must_use]
pub fn fit(rows: &[RunRow]) -> Option<PersonalBaseline> {
    fit_with(rows, &BaselineParams::default())
}

/// Fit the personal baseline over the runs' summed speed bins; `None` with too little data
/// (see the module docs).
#[must_use]
pub fn fit_with(rows: &[RunRow], p: &BaselineParams) -> Option<PersonalBaseline> {
    let mut sum = SpeedBins::new();
    let mut runs = 0;
    for r in rows {
        if r.bins.total_s() > 0.0 {
            runs += 1;
            sum.add(&r.bins);
        }
    }
    let pts = points(&sum, p.min_bin_s);
    let running_time_s: f64 = pts.iter().map(|x| x.time).sum();
    if runs < p.min_runs || pts.len() < p.min_bins || running_time_s < p.min_running_s {
        return None;
    }
    let cad: Vec<_> = pts.iter().map(|x| (x.speed, x.cadence, x.time)).collect();
    let len: Vec<_> = pts
        .iter()
        .map(|x| (x.speed, x.step_length, x.time))
        .collect();
    let baseline = Baseline {
        cadence_at_speed: wls(&cad)?,
        step_length_at_speed: wls(&len)?,
    };
    let ss: f64 = pts
        .iter()
        .map(|x| x.time * (x.cadence - baseline.cadence_at_speed.at(x.speed)).powi(2))
        .sum();
    let speeds = || pts.iter().map(|x| x.speed);
    Some(PersonalBaseline {
        baseline,
        runs,
        running_time_s,
        speed_range_mps: (Statistics::min(speeds()), Statistics::max(speeds())),
        cadence_sd_spm: (ss / running_time_s).sqrt(),
    })
}

/// A run against a baseline over the run's own speed bins (every bin with running time):
/// time-weighted means of `100 × (own ÷ baseline − 1)`. `None` without running time in
/// the bins, or where the baseline is not positive at any of the run's speeds.
#[must_use]
pub fn compare(row: &RunRow, b: &Baseline) -> Option<BaselineComparison> {
    let (mut t, mut cad, mut len) = (0.0, 0.0, 0.0);
    for x in points(&row.bins, 0.0) {
        let (ce, le) = (
            b.cadence_at_speed.at(x.speed),
            b.step_length_at_speed.at(x.speed),
        );
        if ce <= 0.0 || le <= 0.0 {
            continue;
        }
        t += x.time;
        cad += x.time * 100.0 * (x.cadence / ce - 1.0);
        len += x.time * 100.0 * (x.step_length / le - 1.0);
    }
    (t > 0.0).then(|| BaselineComparison {
        cadence_diff_pct: cad / t,
        step_length_diff_pct: len / t,
        time_s: t,
    })
}

/// The +5% and +10% cadence targets at `speed_mps`, steps/min (Heiderscheit et al. 2011:
/// +5% lowered knee load; the hip only at +10%).
#[must_use]
pub fn suggestion(b: &Baseline, speed_mps: f64) -> (f64, f64) {
    let c = b.cadence_at_speed.at(speed_mps);
    (
        c * (1.0 + KNEE_STEP_RATE_INCREASE),
        c * (1.0 + HIP_STEP_RATE_INCREASE),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) use crate::synth::rows::{bins, row};

    fn line_cadence(v: f64) -> f64 {
        120.0 + 15.0 * v
    }

    /// A run with 200 s at each of 2.5, 3.0, 3.5 and 4.0 m/s on the line.
    fn on_line() -> RunRow {
        let parts: Vec<_> = [2.55, 3.05, 3.55, 4.05]
            .iter()
            .map(|&v| (v, line_cadence(v), 200.0))
            .collect();
        row(None, bins(&parts))
    }

    #[test]
    fn fit_recovers_a_known_line() {
        let rows = vec![on_line(), on_line(), on_line()];
        let b = fit(&rows).unwrap();
        assert!(
            (b.baseline.cadence_at_speed.intercept - 120.0).abs() < 0.1,
            "{b:?}"
        );
        assert!(
            (b.baseline.cadence_at_speed.slope - 15.0).abs() < 0.1,
            "{b:?}"
        );
        assert!(b.cadence_sd_spm < 1e-6);
        assert_eq!(b.runs, 3);
        assert!((b.running_time_s - 2_400.0).abs() < 1e-9);
        let (lo, hi) = b.speed_range_mps;
        assert!((lo - 2.55).abs() < 1e-9 && (hi - 4.05).abs() < 1e-9);
        // Step length 60·v ÷ c is not linear in v, but close over this range.
        let sl = b.baseline.step_length_at_speed;
        for v in [2.55, 3.05, 3.55, 4.05] {
            let want = 60.0 * v / line_cadence(v);
            assert!(
                (sl.at(v) - want).abs() < 0.01,
                "{v}: {} vs {want}",
                sl.at(v)
            );
        }
    }

    #[test]
    fn residual_spread_is_time_weighted() {
        // +2 and −2 steps/min at the two middle speeds tilt the line by −0.8 per m/s
        // (Σw·x·y ÷ Σw·x² on centred speeds: −1 ÷ 1.25), leaving residuals −0.6, 1.8, −1.8,
        // 0.6: a time-weighted spread of √1.8.
        let parts = [
            (2.55, line_cadence(2.55), 300.0),
            (3.05, line_cadence(3.05) + 2.0, 300.0),
            (3.55, line_cadence(3.55) - 2.0, 300.0),
            (4.05, line_cadence(4.05), 300.0),
        ];
        let rows = vec![row(None, bins(&parts)); 3];
        let b = fit(&rows).unwrap();
        assert!((b.cadence_sd_spm - 1.8f64.sqrt()).abs() < 1e-9, "{b:?}");
        assert!((b.baseline.cadence_at_speed.slope - 14.2).abs() < 1e-9);
    }

    #[test]
    fn too_little_data_gives_none() {
        // Two runs only.
        assert!(fit(&[on_line(), on_line()]).is_none());
        // Three runs but 3 × 4 × 90 s = 18 min.
        let short: Vec<_> = [2.55, 3.05, 3.55, 4.05]
            .iter()
            .map(|&v| (v, line_cadence(v), 90.0))
            .collect();
        assert!(fit(&vec![row(None, bins(&short)); 3]).is_none());
        // Plenty of time, but in two bins.
        let two = [(3.05, 165.0, 600.0), (3.55, 173.0, 600.0)];
        assert!(fit(&vec![row(None, bins(&two)); 3]).is_none());
        // A third bin that stays under 30 s in total does not count.
        let under = [
            (3.05, 165.0, 600.0),
            (3.55, 173.0, 600.0),
            (4.05, 180.0, 9.0),
        ];
        assert!(fit(&vec![row(None, bins(&under)); 3]).is_none());
        // Empty rows do not count as runs.
        let empty = row(None, SpeedBins::new());
        assert!(fit(&[on_line(), on_line(), empty]).is_none());
        assert!(fit(&[]).is_none());
    }

    #[test]
    fn compare_gives_plus_five_for_a_run_five_percent_above() {
        let b = fit(&[on_line(), on_line(), on_line()]).unwrap().baseline;
        let parts: Vec<_> = [2.85, 3.35]
            .iter()
            .map(|&v| (v, 1.05 * line_cadence(v), 300.0))
            .collect();
        let r = row(None, bins(&parts));
        let c = compare(&r, &b).unwrap();
        assert!((c.cadence_diff_pct - 5.0).abs() < 0.01, "{c:?}");
        assert!((c.time_s - 600.0).abs() < 1e-9);
        // Same speed, 5% quicker steps: each step is 1/1.05 as long.
        let want: f64 = [2.85f64, 3.35]
            .iter()
            .map(|&v| {
                100.0 * ((60.0 * v / (1.05 * line_cadence(v))) / b.step_length_at_speed.at(v) - 1.0)
            })
            .sum::<f64>()
            / 2.0;
        assert!((c.step_length_diff_pct - want).abs() < 1e-9);
        // Roughly 1 ÷ 1.05 − 1 = −4.8%; the fitted step-length line is not exact.
        assert!((c.step_length_diff_pct + 4.76).abs() < 0.5, "{c:?}");
        // On the line: no difference.
        let c = compare(&on_line(), &b).unwrap();
        assert!(c.cadence_diff_pct.abs() < 1e-6);
        // No running time: None.
        assert!(compare(&row(None, SpeedBins::new()), &b).is_none());
    }

    #[test]
    fn suggestion_is_five_and_ten_percent_over_baseline() {
        let b = Baseline {
            cadence_at_speed: SpeedLine {
                intercept: 120.0,
                slope: 15.0,
            },
            step_length_at_speed: SpeedLine {
                intercept: 0.0,
                slope: 0.3,
            },
        };
        let (lo, hi) = suggestion(&b, 3.0);
        assert!((lo - 173.25).abs() < 1e-9);
        assert!((hi - 181.5).abs() < 1e-9);
    }

    #[test]
    fn wls_needs_spread() {
        assert!(wls(&[]).is_none());
        assert!(wls(&[(3.0, 170.0, 1.0), (3.0, 172.0, 5.0)]).is_none());
        assert!(wls(&[(3.0, 170.0, 0.0), (4.0, 172.0, 0.0)]).is_none());
        let l = wls(&[(1.0, 2.0, 1.0), (2.0, 4.0, 3.0)]).unwrap();
        assert!((l.slope - 2.0).abs() < 1e-12 && l.intercept.abs() < 1e-12);
    }
}
