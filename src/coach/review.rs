//! One run, reviewed: every analysis run once with parameters taken from the [`Rules`],
//! then the findings derived from their numbers.

use super::rules::Rules;
use super::warning::{Finding, Proxy, ProxyKind};
use crate::analysis::cadence::{self, CadenceAnalysis, CadenceParams};
use crate::analysis::elevation::{self, Elevation, ElevationParams, ProfilePoint};
use crate::analysis::pace::{self, PaceAnalysis, PaceParams};
use crate::analysis::stride::{self, StrideAnalysis, StrideParams};
use crate::analysis::totals::{totals, Totals};
use crate::model::Activity;
use crate::units::UnitSystem;

/// Everything computed for one run.
#[derive(Clone, Debug)]
pub struct Review {
    /// Distance, times, cadence averages.
    pub totals: Totals,
    /// Grade of each sample (fraction), `None` where unknown.
    pub grades: Vec<Option<f64>>,
    /// Elevation exposure; `None` on a treadmill or without altitude.
    pub elevation: Option<Elevation>,
    /// The altitude profile the elevation figures were computed on (smoothed for GPS
    /// altitude, with the rules' parameters), for charts; empty without `elevation`.
    pub profile: Vec<ProfilePoint>,
    /// Why there is no elevation analysis, when there is none.
    pub elevation_skipped: Option<&'static str>,
    /// Splits, GAP, drift, decoupling; `None` for a route without times.
    pub pace: Option<PaceAnalysis>,
    /// Running cadence; `None` without cadence.
    pub cadence: Option<CadenceAnalysis>,
    /// Running cadence per split (same order as `pace.splits`).
    pub split_cadence_spm: Vec<Option<f64>>,
    /// Step length and running dynamics.
    pub stride: Option<StrideAnalysis>,
    /// Coaching findings, in a stable order.
    pub findings: Vec<Finding>,
}

/// Parameters of each analysis, derived from the rules.
#[derive(Clone, Debug)]
pub struct Params {
    /// Elevation.
    pub elevation: ElevationParams,
    /// Pace.
    pub pace: PaceParams,
    /// Cadence.
    pub cadence: CadenceParams,
    /// Stride.
    pub stride: StrideParams,
}

impl Params {
    /// Map the user's rules onto the analyses' parameters.
    #[must_use]
    pub fn from_rules(rules: &Rules, units: UnitSystem) -> Self {
        Self {
            elevation: ElevationParams {
                band_steep_grade: rules.steep_grade_pct / 100.0,
                ..ElevationParams::default()
            },
            pace: PaceParams {
                split_m: units.split_meters(),
                gap_model: rules.gap_model,
                decoupling_good_below_pct: rules.decoupling_moderate_pct,
                decoupling_high_above_pct: rules.decoupling_high_pct,
                ..PaceParams::default()
            },
            cadence: CadenceParams {
                walk_max_spm: rules.walk_max_spm,
                target_low_spm: rules.cadence_target_low_spm,
                target_high_spm: rules.cadence_target_high_spm,
                ..CadenceParams::default()
            },
            stride: StrideParams::default(),
        }
    }
}

/// Review one activity.
#[must_use]
pub fn review(a: &Activity, rules: &Rules, units: UnitSystem) -> Review {
    let p = Params::from_rules(rules, units);
    let totals = totals(a);
    let elevation_skipped = if a.is_treadmill() {
        Some("treadmill run: no hills to analyse")
    } else if a.samples.iter().all(|s| s.altitude_m.is_none()) {
        Some("no altitude in the file")
    } else {
        None
    };
    let analysed = if elevation_skipped.is_some() {
        None
    } else {
        elevation::analyze_run(a, &p.elevation)
    };
    let (grades, elevation, profile) = match analysed {
        Some(e) => (e.grades, Some(e.elevation), e.profile),
        None => (vec![None; a.samples.len()], None, Vec::new()),
    };
    let pace = pace::analyze(a, &grades, &p.pace);
    let cadence = cadence::analyze(a, &grades, &p.cadence);
    let running: Vec<bool> = cadence.as_ref().map_or_else(
        || vec![true; a.samples.len()],
        |c| cadence::running_mask(&c.gaits),
    );
    let split_cadence_spm = match (&pace, &cadence) {
        (Some(pc), Some(c)) => {
            let ranges: Vec<(usize, usize)> = pc
                .splits
                .iter()
                .map(|s| (s.sample_start, s.sample_end))
                .collect();
            cadence::per_range(a, &c.gaits, &ranges)
        }
        _ => Vec::new(),
    };
    let stride = stride::analyze(a, &grades, &running, &p.stride);
    let mut elevation = elevation;
    if let (Some(e), Some(c)) = (elevation.as_mut(), cadence.as_ref()) {
        let ranges: Vec<(usize, usize)> = e
            .climbs
            .iter()
            .chain(e.descents.iter())
            .map(|sec| (sec.start_index, sec.end_index))
            .collect();
        let cadences = cadence::per_range(a, &c.gaits, &ranges);
        let step_lengths = stride::step_length_over(a, &running, &ranges);
        let sections = e.climbs.iter_mut().chain(e.descents.iter_mut());
        for ((sec, cad), step) in sections.zip(cadences).zip(step_lengths) {
            sec.cadence_spm = cad;
            sec.step_length_m = step;
        }
    }
    let mut r = Review {
        totals,
        grades,
        elevation,
        profile,
        elevation_skipped,
        pace,
        cadence,
        split_cadence_spm,
        stride,
        findings: Vec::new(),
    };
    r.findings = assess(&r, rules);
    r
}

/// Derive the findings from a review's numbers. Each rule names its threshold in
/// [`Rules`]; the evidence carries the numbers that fired it.
#[must_use]
pub fn assess(r: &Review, rules: &Rules) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(c) = &r.cadence {
        if let (Some(band), Some(run)) = (&c.target, &c.running) {
            if band.below_pct > rules.low_cadence_share_pct {
                out.push(Finding::LowCadence {
                    share_below_pct: band.below_pct,
                    running_avg_spm: run.mean_spm,
                    target_low_spm: rules.cadence_target_low_spm,
                });
            }
        }
        if let Some(th) = &c.thirds {
            if -th.change_pct >= rules.cadence_fade_pct {
                out.push(Finding::CadenceFade {
                    first_third_spm: th.first_spm,
                    last_third_spm: th.last_spm,
                    drop_pct: -th.change_pct,
                });
            }
        }
    }
    let proxies = overstride_proxies(r, rules);
    if !proxies.is_empty() {
        out.push(Finding::Overstriding { proxies });
    }
    if let Some(e) = &r.elevation {
        let steep = e.steep_up_distance_share_pct + e.steep_down_distance_share_pct;
        if steep > rules.steep_share_warn_pct {
            out.push(Finding::HillExposure {
                steep_share_pct: steep,
                steep_grade_pct: rules.steep_grade_pct,
                limit_pct: rules.steep_share_warn_pct,
                gain_m: e.gain_m,
                loss_m: e.loss_m,
            });
        }
        let hard: Vec<_> = e
            .descents
            .iter()
            .filter(|d| {
                (d.length_m >= rules.long_descent_m
                    && d.mean_grade_pct <= -rules.long_descent_min_grade_pct)
                    || d.mean_grade_pct <= -rules.steep_descent_grade_pct
            })
            .collect();
        if !hard.is_empty() {
            out.push(Finding::SteepDescents {
                count: hard.len(),
                longest_m: hard.iter().map(|d| d.length_m).fold(0.0, f64::max),
                steepest_grade_pct: hard.iter().map(|d| d.mean_grade_pct).fold(0.0, f64::min),
            });
        }
    }
    if let Some(p) = &r.pace {
        if let Some(d) = &p.drift {
            if d.drift_pct > rules.pace_drift_warn_pct {
                out.push(Finding::PaceDrift {
                    drift_pct: d.drift_pct,
                    limit_pct: rules.pace_drift_warn_pct,
                });
            }
        }
        if let Some(d) = &p.decoupling {
            if d.decoupling_pct > rules.decoupling_moderate_pct {
                out.push(Finding::Decoupling {
                    decoupling_pct: d.decoupling_pct,
                    moderate_pct: rules.decoupling_moderate_pct,
                    high_pct: rules.decoupling_high_pct,
                });
            }
        }
    }
    if let Some(c) = &r.cadence {
        if let Some(rw) = &c.run_walk {
            out.push(Finding::RunWalk {
                walk_breaks: c.walk_break_count,
                ratio: rw.run_walk_ratio,
                advised_ratio: rules.run_walk_ratio,
            });
        }
    }
    out
}

/// The overstride proxies a watch can support ([`crate::coach::rules`] module docs), strongest
/// first; the personal-baseline proxies join when a baseline is known.
fn overstride_proxies(r: &Review, rules: &Rules) -> Vec<Proxy> {
    let mut proxies = Vec::new();
    let Some(s) = &r.stride else { return proxies };
    if let Some(d) = &s.descent_vs_flat {
        if d.step_length_change_pct > rules.descent_step_length_pct {
            proxies.push(Proxy {
                name: ProxyKind::DescentStepLengthVsFlatPct,
                value: d.step_length_change_pct,
                limit: rules.descent_step_length_pct,
            });
        }
    }
    if let Some(dy) = &s.dynamics {
        if let Some(gct) = dy.stance_time_ms.filter(|g| *g > rules.gct_high_ms) {
            proxies.push(Proxy {
                name: ProxyKind::GroundContactMs,
                value: gct,
                limit: rules.gct_high_ms,
            });
        }
        if let Some(vr) = dy
            .vertical_ratio_pct
            .filter(|v| *v > rules.vertical_ratio_high_pct)
        {
            proxies.push(Proxy {
                name: ProxyKind::VerticalRatioPct,
                value: vr,
                limit: rules.vertical_ratio_high_pct,
            });
        }
    }
    proxies
}

/// The overstride proxies that compare a run with the runner's own baseline at the same
/// speeds (the first proxies of the [`crate::coach::rules`] module docs), given the comparison.
#[must_use]
pub fn baseline_proxies(
    cmp: &crate::analysis::stride::BaselineComparison,
    rules: &Rules,
) -> Vec<Proxy> {
    let mut out = Vec::new();
    if cmp.step_length_diff_pct > rules.baseline_step_length_pct {
        out.push(Proxy {
            name: ProxyKind::StepLengthVsBaselinePct,
            value: cmp.step_length_diff_pct,
            limit: rules.baseline_step_length_pct,
        });
    }
    if cmp.cadence_diff_pct < -rules.baseline_cadence_drop_pct {
        out.push(Proxy {
            name: ProxyKind::CadenceVsBaselinePct,
            value: cmp.cadence_diff_pct,
            limit: -rules.baseline_cadence_drop_pct,
        });
    }
    out
}

/// Add baseline proxies to a review's overstriding finding (creating it if needed).
pub fn apply_baseline(
    r: &mut Review,
    cmp: &crate::analysis::stride::BaselineComparison,
    rules: &Rules,
) {
    let extra = baseline_proxies(cmp, rules);
    if extra.is_empty() {
        return;
    }
    if let Some(Finding::Overstriding { proxies }) = r
        .findings
        .iter_mut()
        .find(|f| matches!(f, Finding::Overstriding { .. }))
    {
        // Baseline proxies are the strongest (see `coach::rules`): list them first.
        let mut all = extra;
        all.append(proxies);
        *proxies = all;
        return;
    }
    let at = r
        .findings
        .iter()
        .position(|f| !matches!(f, Finding::LowCadence { .. } | Finding::CadenceFade { .. }))
        .unwrap_or(r.findings.len());
    r.findings
        .insert(at, Finding::Overstriding { proxies: extra });
}
