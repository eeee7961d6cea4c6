//! Cadence: walk breaks, running-only cadence, the 170–180 target band, cadence by speed
//! and by grade, and its change over the run (docs/METHODS.md;
//! sources in [`crate::coach::rules`]).
//!
//! # Classification (`classify_with`)
//! Each sample is [`Gait::Running`], [`Gait::Walking`], [`Gait::Stopped`] or
//! [`Gait::Unknown`], in four passes:
//! 1. **Raw**: speed below [`CadenceParams::stopped_max_speed_mps`] (about 1 km/h, gpxpy's
//!    "not moving") or cadence 0 → `Stopped`; no cadence → `Unknown`; cadence below
//!    [`CadenceParams::walk_max_spm`] (adults walk below about 140 steps/min, [`crate::coach::rules`]) →
//!    `Walking`; else `Running`.
//! 2. **Speed confirmation** (when [`CadenceParams::walk_max_speed_mps`] is set): a maximal
//!    walking stretch whose time-weighted median speed is at or above that speed is a
//!    low cadence reading while running and becomes `Running`. This is done per stretch,
//!    not per sample: speed lags behind a change of gait by several seconds, cadence does
//!    not, so a per-sample test would cut the first seconds off every walk break.
//! 3. **Bridging**: a running stretch shorter than [`CadenceParams::bridge_max_s`] between
//!    two walking stretches joins the walk (one fast step reading does not end a walk).
//! 4. **Dips**: a walking stretch shorter than [`CadenceParams::min_walk_break_s`] whose
//!    neighbours are running (or the start/end of the run) becomes `Running`: a brief dip
//!    (a turn, a cadence glitch) is not a break. A short walk next to a stop stays
//!    `Walking` but is not counted as a break.
//!
//! # Time
//! Every duration and mean is weighted by [`sample_weights`](crate::analysis::totals::sample_weights): a sample stands for the
//! interval to the next one (capped), pauses carry no weight. Walk breaks start at their
//! first sample and end at the last sample's time plus its weight.
//!
//! # Figures
//! * **Walk breaks**: maximal walking stretches of at least `min_walk_break_s`.
//! * **Run/walk pattern**: with at least two breaks, the run intervals (the running time
//!   before the first break and between consecutive breaks; the stretch after the last
//!   break is left out, a runner finishes whenever) and the walk intervals (the breaks).
//!   The pattern is *regular* when at least [`CadenceParams::pattern_min_regular_share`]
//!   of the run intervals and of the walk intervals lie within
//!   ±[`CadenceParams::pattern_tolerance_pct`] of their medians; only then is it reported,
//!   with the medians and the ratio run ÷ walk (5.0 for 5:1).
//! * **Running cadence** over `Running` samples only (walks, stops and unknowns excluded):
//!   time-weighted mean; median, p10 and p90 are **time-weighted** lower quantiles (the
//!   smallest cadence at which the cumulative time reaches the share), so irregular
//!   sampling does not bias them.
//! * **Target band** (default 170–180 spm, [`crate::coach::rules`]): running time below (`< low`), in
//!   (`low ≤ c ≤ high`) and above (`> high`); the shares sum to 100 %.
//! * **Bands by speed and grade**: per band, running time, mean cadence, mean speed and
//!   mean step length. Step length of a band is distance ÷ steps
//!   (`Σ w·v ÷ Σ w·c/60`), the physical mean, rather than the mean of per-sample ratios.
//!   Speed is the recorded speed, else the distance change over the neighbouring samples
//!   ([`sample_speeds`]); samples without a speed are left out of speed bands. Grade bands:
//!   uphill above +`grade_flat_pct`, downhill below −`grade_flat_pct`, flat in between
//!   (inclusive). **A sample without a grade is not counted in any grade band** (a
//!   treadmill run has empty grade bands); its time is reported as `ungraded_time_s`.
//! * **Thirds**: the run's moving time (all samples) is cut into thirds; the running cadence
//!   of the first and the last third are compared (change in spm and percent, negative
//!   when cadence fell).
//! * **Per range** (`per_range_with`): running cadence over half-open sample index ranges
//!   (the pace module's `sample_start..sample_end` of each split).

use crate::analysis::basis::Basis;
#[cfg(test)]
use crate::analysis::totals::sample_weights;
use crate::analysis::totals::{weight_cap, PauseSet};
use crate::model::{Activity, CadenceSource};

/// The 90% quantile of the standard normal distribution (1.2816): (p90 − p10) of a normal
/// distribution is 2 × 1.2816 σ (checked against statrs in the tests).
pub(crate) const NORMAL_Z90: f64 = 1.281_551_565_545;

/// Thresholds of the cadence analysis. Every default is documented on its field.
#[derive(Clone, Debug, PartialEq)]
pub struct CadenceParams {
    /// Cadence below this is walking, steps/min (default 140: adults walk below about 140
    /// steps/min, see [`crate::coach::rules`]).
    pub walk_max_spm: f64,
    /// A low-cadence stretch counts as walking only when its median speed is below this,
    /// m/s; faster, it is running with a low cadence reading. Default `Some(3.0)`: the
    /// fastest a walk can be, where the Froude number v²/(g·L) reaches 1 for a leg length
    /// L ≈ 0.9 m (the body vaulting over a stiff leg cannot go faster without leaving the
    /// ground; Alexander 1989, Physiol Rev 69:1199). Brisk walking at 1.6–2.1 m/s and
    /// 120–140 steps/min is walking (DOMAIN.md: speed alone does not make running).
    /// `None` classifies by cadence alone.
    pub walk_max_speed_mps: Option<f64>,
    /// Below this speed a sample is stopped, m/s (default 0.3, about 1 km/h as gpxpy).
    pub stopped_max_speed_mps: f64,
    /// Shortest walking stretch that counts as a walk break, s (default 10, our choice;
    /// shorter dips are not breaks).
    pub min_walk_break_s: f64,
    /// Running stretches shorter than this between two walking stretches join the walk, s
    /// (default 5, our choice).
    pub bridge_max_s: f64,
    /// Lower edge of the target band, steps/min (default 170, [`crate::coach::rules`]).
    pub target_low_spm: f64,
    /// Upper edge of the target band, steps/min (default 180, [`crate::coach::rules`]).
    pub target_high_spm: f64,
    /// Edges of the speed bands, m/s, increasing (default 2.5, 3.0, 3.5: four bands,
    /// 6:40, 5:33 and 4:46 per km; our choice).
    pub speed_band_edges_mps: Vec<f64>,
    /// Grades within ± this are flat, percent (default 2, Runalyze's climb rule, see
    /// [`crate::analysis::elevation`]).
    pub grade_flat_pct: f64,
    /// Grades within ± this are level ground for [`CadenceAnalysis::level`], percent
    /// (default 5: the rules' steep grade, [`crate::coach::rules`]).
    pub level_grade_pct: f64,
    /// A run/walk interval is regular within ± this of the median, percent (default 30,
    /// our choice).
    pub pattern_tolerance_pct: f64,
    /// Share of intervals that must be regular for a run/walk pattern (default 2/3, our
    /// choice: one long stop at a drinks table does not hide the pattern).
    pub pattern_min_regular_share: f64,
}

impl Default for CadenceParams {
    fn default() -> Self {
        Self {
            walk_max_spm: 140.0,
            walk_max_speed_mps: Some(3.0),
            stopped_max_speed_mps: 0.3,
            min_walk_break_s: 10.0,
            bridge_max_s: 5.0,
            target_low_spm: 170.0,
            target_high_spm: 180.0,
            speed_band_edges_mps: vec![2.5, 3.0, 3.5],
            grade_flat_pct: 2.0,
            level_grade_pct: 5.0,
            pattern_tolerance_pct: 30.0,
            pattern_min_regular_share: 2.0 / 3.0,
        }
    }
}

/// What the runner was doing at a sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gait {
    /// Running (cadence at or above the walking limit, or a brief dip inside a run).
    Running,
    /// Walking (cadence above 0 and below the walking limit, at walking speed).
    Walking,
    /// Standing still: cadence 0 or speed about 0.
    Stopped,
    /// No cadence reading.
    Unknown,
}

/// One walk break: a maximal walking stretch of at least `min_walk_break_s`.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkBreak {
    /// Index of the first sample.
    pub first_sample: usize,
    /// One past the last sample.
    pub end_sample: usize,
    /// Start, seconds since the activity start.
    pub start_s: f64,
    /// End (last sample's time plus its weight), seconds since the activity start.
    pub end_s: f64,
    /// Moving time of the break, s.
    pub duration_s: f64,
    /// Distance at the start, m.
    pub start_m: Option<f64>,
    /// Distance at the end (the next sample's distance), m.
    pub end_m: Option<f64>,
    /// Distance walked, m.
    pub distance_m: Option<f64>,
    /// Time-weighted mean cadence of the break, steps/min.
    pub cadence_spm: Option<f64>,
}

/// A regular run/walk pattern (e.g. 5 min run / 1 min walk).
#[derive(Debug, Clone, PartialEq)]
pub struct RunWalkPattern {
    /// Median run interval, s.
    pub run_interval_s: f64,
    /// Median walk interval, s.
    pub walk_interval_s: f64,
    /// Median run ÷ median walk (5.0 for 5:1).
    pub run_walk_ratio: f64,
    /// Number of run intervals used (before the first break and between breaks).
    pub run_intervals: usize,
    /// Number of walk intervals (breaks).
    pub walk_intervals: usize,
}

/// Distribution of running cadence.
#[derive(Debug, Clone, PartialEq)]
pub struct CadenceStats {
    /// Running time the figures cover, s.
    pub time_s: f64,
    /// Time-weighted mean, steps/min.
    pub mean_spm: f64,
    /// Time-weighted median, steps/min.
    pub median_spm: f64,
    /// Time-weighted 10th percentile, steps/min.
    pub p10_spm: f64,
    /// Time-weighted 90th percentile, steps/min.
    pub p90_spm: f64,
}

/// Running time below, in and above the target band.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetBand {
    /// Lower edge, steps/min.
    pub low_spm: f64,
    /// Upper edge, steps/min.
    pub high_spm: f64,
    /// Time below the band, s.
    pub below_s: f64,
    /// Time in the band (edges included), s.
    pub in_s: f64,
    /// Time above the band, s.
    pub above_s: f64,
    /// Share below, percent.
    pub below_pct: f64,
    /// Share in, percent.
    pub in_pct: f64,
    /// Share above, percent.
    pub above_pct: f64,
}

/// Running figures of one band (speed or grade). Means are `None` for an empty band.
#[derive(Debug, Clone, PartialEq)]
pub struct BandStats {
    /// Running time in the band, s.
    pub time_s: f64,
    /// Time-weighted mean cadence, steps/min.
    pub cadence_spm: Option<f64>,
    /// Time-weighted mean speed, m/s.
    pub speed_mps: Option<f64>,
    /// Distance ÷ steps, m.
    pub step_length_m: Option<f64>,
}

/// One speed band: `min_mps ≤ speed < max_mps`.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeedBand {
    /// Lower edge, m/s (`None` for the lowest band).
    pub min_mps: Option<f64>,
    /// Upper edge, m/s (`None` for the highest band).
    pub max_mps: Option<f64>,
    /// Figures of the band.
    pub stats: BandStats,
}

/// Running figures by grade band.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeBands {
    /// Flat limit used, percent.
    pub flat_limit_pct: f64,
    /// Grade above +limit.
    pub uphill: BandStats,
    /// Grade within ±limit.
    pub flat: BandStats,
    /// Grade below −limit.
    pub downhill: BandStats,
    /// Running time without a grade (not counted in any band), s.
    pub ungraded_time_s: f64,
}

/// Running cadence of the first and last third of moving time, on level ground: cadence
/// follows the grade (lower on climbs, see [`CadenceParams::level_grade_pct`]), so a run
/// whose last third climbs would read as a fade that is the hill's, not the legs'.
/// Samples without a grade (a treadmill, no altitude) count as level.
#[derive(Debug, Clone, PartialEq)]
pub struct ThirdsChange {
    /// Level running time in the third that has less of it, s (the evidence each mean
    /// stands on).
    pub level_time_s: f64,
    /// Running cadence in the first third, steps/min.
    pub first_spm: f64,
    /// Running cadence in the last third, steps/min.
    pub last_spm: f64,
    /// Last minus first, steps/min.
    pub change_spm: f64,
    /// Change relative to the first third, percent.
    pub change_pct: f64,
}

/// Result of [`analyze`].
#[derive(Debug, Clone, PartialEq)]
pub struct CadenceAnalysis {
    /// Running time, s.
    pub running_time_s: f64,
    /// Walking time (breaks and shorter walks), s.
    pub walking_time_s: f64,
    /// Stopped time with the timer running, s.
    pub stopped_time_s: f64,
    /// Time without a cadence reading, s.
    pub unknown_time_s: f64,
    /// Number of walk breaks.
    pub walk_break_count: usize,
    /// Total time of the walk breaks, s.
    pub walk_break_time_s: f64,
    /// The walk breaks in order.
    pub walk_breaks: Vec<WalkBreak>,
    /// The run/walk pattern, when the breaks recur regularly.
    pub run_walk: Option<RunWalkPattern>,
    /// Running-only cadence, `None` without running samples.
    pub running: Option<CadenceStats>,
    /// Time in the target band, `None` without running samples.
    pub target: Option<TargetBand>,
    /// Running on level ground and its time in the target band, `None` without level
    /// running (see [`LevelCadence`]).
    pub level: Option<LevelCadence>,
    /// Running figures per speed band (every band, empty ones included).
    pub by_speed: Vec<SpeedBand>,
    /// Running figures per grade band.
    pub by_grade: GradeBands,
    /// First vs last third, `None` when either third has no running.
    pub thirds: Option<ThirdsChange>,
    /// Per-sample classification (same length as the samples; not serialized).
    pub gaits: Vec<Gait>,
}

impl CadenceAnalysis {
    /// Time-weighted mean speed of the running samples that have a speed (over the speed
    /// bands), m/s; `None` without any.
    #[must_use]
    pub fn running_speed_mps(&self) -> Option<f64> {
        let (mut t, mut d) = (0.0, 0.0);
        for b in &self.by_speed {
            if let Some(v) = b.stats.speed_mps {
                t += b.stats.time_s;
                d += b.stats.time_s * v;
            }
        }
        (t > 0.0).then(|| d / t)
    }
}

/// Speed of every sample, m/s: the recorded speed, else the distance change between the
/// neighbouring samples over their time difference (`None` across a pause, a gap longer
/// than twice the [`weight_cap`], or without distance and time).
#[must_use]
pub fn sample_speeds(a: &Activity) -> Vec<Option<f64>> {
    crate::analysis::basis::speeds_with(a, &PauseSet::of(a), weight_cap(a))
}

/// Sums are folded from +0.0 (`Iterator::sum` of no floats is −0.0, which would print as
/// "-0" in JSON).
///
/// Time-weighted lower quantile: the smallest value at which the cumulative weight reaches
/// `q` of the total. `None` without positive weight.
#[must_use]
pub(crate) fn weighted_quantile(values: &[(f64, f64)], q: f64) -> Option<f64> {
    weighted_quantiles(values, &[q])[0]
}

/// [`weighted_quantile`] at each of `qs`, sorting the values once.
#[must_use]
pub(crate) fn weighted_quantiles(values: &[(f64, f64)], qs: &[f64]) -> Vec<Option<f64>> {
    let mut v: Vec<(f64, f64)> = Vec::with_capacity(values.len());
    v.extend(
        values
            .iter()
            .copied()
            .filter(|(x, w)| x.is_finite() && w.is_finite() && *w > 0.0),
    );
    let total: f64 = v.iter().map(|(_, w)| w).fold(0.0, |acc, x| acc + x);
    if total <= 0.0 {
        return vec![None; qs.len()];
    }
    // Ties in value are ordered by weight, so an unstable sort gives one order whatever
    // the input's (the quantile is a value, the same for every order of a tie).
    v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    SortedReadings::walk(v.iter().copied(), total, qs)
}

/// `(value, weight)` readings sorted once for [`weighted_quantiles`] of all of them and of
/// a subset of them (issue 24: the running cadence and its level part were each sorted).
/// The readings sort by value, then weight, a total order: the subset's readings read in
/// the order of the whole are the order they sort in alone, so each quantile is the one
/// [`weighted_quantiles`] gives, bit for bit (the totals summed in the input's order, as
/// there).
pub(crate) struct SortedReadings {
    /// The readings kept (finite, positive weight), sorted; `true` for the subset's.
    v: Vec<(f64, f64, bool)>,
    /// Total weight of all of them and of the subset's.
    total: f64,
    sub_total: f64,
}

impl SortedReadings {
    /// Sort `values`, `in_sub[k]` saying whether `values[k]` is in the subset.
    pub(crate) fn of(values: &[(f64, f64)], in_sub: &[bool]) -> Self {
        let mut v: Vec<(f64, f64, bool)> = Vec::with_capacity(values.len());
        v.extend(
            values
                .iter()
                .zip(in_sub)
                .map(|(&(x, w), &sub)| (x, w, sub))
                .filter(|(x, w, _)| x.is_finite() && w.is_finite() && *w > 0.0),
        );
        let total: f64 = v.iter().map(|(_, w, _)| w).fold(0.0, |acc, x| acc + x);
        let sub_total: f64 = v
            .iter()
            .filter(|(_, _, sub)| *sub)
            .map(|(_, w, _)| w)
            .fold(0.0, |acc, x| acc + x);
        v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        Self {
            v,
            total,
            sub_total,
        }
    }

    /// [`weighted_quantiles`] of all the readings.
    pub(crate) fn quantiles(&self, qs: &[f64]) -> Vec<Option<f64>> {
        Self::walk(self.v.iter().map(|&(x, w, _)| (x, w)), self.total, qs)
    }

    /// [`weighted_quantiles`] of the subset's readings.
    pub(crate) fn sub_quantiles(&self, qs: &[f64]) -> Vec<Option<f64>> {
        let sub = self.v.iter().filter(|r| r.2).map(|&(x, w, _)| (x, w));
        Self::walk(sub, self.sub_total, qs)
    }

    /// The time-weighted lower quantile at each of `qs` of `(value, weight)` readings
    /// sorted by value whose weights sum to `total` (the walk [`weighted_quantiles`] and
    /// both quantile sets here share).
    fn walk(
        sorted: impl Iterator<Item = (f64, f64)> + Clone,
        total: f64,
        qs: &[f64],
    ) -> Vec<Option<f64>> {
        if total <= 0.0 {
            return vec![None; qs.len()];
        }
        let at = |q: f64| {
            let target = q.clamp(0.0, 1.0) * total;
            let mut cum = 0.0;
            let mut last = None;
            for (x, w) in sorted.clone() {
                cum += w;
                if cum >= target - 1e-9 * total {
                    return Some(x);
                }
                last = Some(x);
            }
            last
        };
        qs.iter().map(|&q| at(q)).collect()
    }
}

/// Maximal stretches of equal value: `(value, start, end)` with `end` exclusive.
pub(crate) fn stretches<T: PartialEq + Copy>(g: &[T]) -> Vec<(T, usize, usize)> {
    let mut out: Vec<(T, usize, usize)> = Vec::new();
    for (i, &x) in g.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.0 == x => last.2 = i + 1,
            _ => out.push((x, i, i + 1)),
        }
    }
    out
}

fn cadence_of(a: &Activity, i: usize) -> Option<f64> {
    a.samples
        .get(i)
        .and_then(|s| s.cadence)
        .map(|c| c.0)
        .filter(|c| c.is_finite())
}

/// Classify every sample (see the module docs for the four passes).
#[must_use]
#[cfg(test)]
pub(crate) fn classify(a: &Activity, p: &CadenceParams) -> Vec<Gait> {
    classify_with(a, p, &sample_weights(a), &sample_speeds(a))
}

/// [`classify`] given the samples' weights and speeds.
fn classify_with(a: &Activity, p: &CadenceParams, w: &[f64], speeds: &[Option<f64>]) -> Vec<Gait> {
    // 1. Raw.
    let mut g: Vec<Gait> = (0..a.samples.len())
        .map(|i| {
            if speeds[i].is_some_and(|v| v < p.stopped_max_speed_mps) {
                return Gait::Stopped;
            }
            match cadence_of(a, i) {
                None => Gait::Unknown,
                Some(c) if c <= 0.0 => Gait::Stopped,
                Some(c) if c < p.walk_max_spm => Gait::Walking,
                Some(_) => Gait::Running,
            }
        })
        .collect();
    // 2. Speed confirmation, per walking stretch.
    if let Some(limit) = p.walk_max_speed_mps {
        for (x, s, e) in stretches(&g) {
            if x != Gait::Walking {
                continue;
            }
            let v: Vec<(f64, f64)> = (s..e)
                .filter_map(|i| speeds[i].map(|v| (v, w[i].max(1e-6))))
                .collect();
            if weighted_quantile(&v, 0.5).is_some_and(|m| m >= limit) {
                g[s..e].fill(Gait::Running);
            }
        }
    }
    let dur = |s: usize, e: usize| -> f64 { w[s..e].iter().fold(0.0, |acc, x| acc + x) };
    // 3. Bridge short running stretches between walks.
    let st = stretches(&g);
    for k in 1..st.len().saturating_sub(1) {
        let (x, s, e) = st[k];
        if x == Gait::Running
            && st[k - 1].0 == Gait::Walking
            && st[k + 1].0 == Gait::Walking
            && dur(s, e) < p.bridge_max_s
        {
            g[s..e].fill(Gait::Walking);
        }
    }
    // 4. Short walking dips inside running become running.
    let st = stretches(&g);
    for k in 0..st.len() {
        let (x, s, e) = st[k];
        let running_or_edge = |j: Option<usize>| j.is_none_or(|j| st[j].0 == Gait::Running);
        if x == Gait::Walking
            && dur(s, e) < p.min_walk_break_s
            && running_or_edge(k.checked_sub(1))
            && running_or_edge((k + 1 < st.len()).then_some(k + 1))
            && st.len() > 1
        {
            g[s..e].fill(Gait::Running);
        }
    }
    g
}

/// Running mask of a classification (for [`crate::analysis::stride::analyze`]).
#[must_use]
pub fn running_mask(gaits: &[Gait]) -> Vec<bool> {
    gaits.iter().map(|g| *g == Gait::Running).collect()
}

/// Accumulates running figures of a band.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BandAcc {
    time: f64,
    cad: f64,
    speed_w: f64,
    speed: f64,
    steps: f64,
}

impl BandAcc {
    /// Add one running sample of weight `w`, cadence `c` (spm), speed `v`.
    pub(crate) fn add(&mut self, w: f64, c: f64, v: Option<f64>) {
        self.time += w;
        self.cad += w * c;
        if let Some(v) = v {
            self.speed_w += w;
            self.speed += w * v;
            self.steps += w * c / 60.0;
        }
    }

    pub(crate) fn stats(&self) -> BandStats {
        BandStats {
            time_s: self.time,
            cadence_spm: (self.time > 0.0).then(|| self.cad / self.time),
            speed_mps: (self.speed_w > 0.0).then(|| self.speed / self.speed_w),
            step_length_m: (self.steps > 0.0).then(|| self.speed / self.steps),
        }
    }
}

/// Sorted finite band edges.
pub(crate) fn clean_edges(edges: &[f64]) -> Vec<f64> {
    let mut e: Vec<f64> = edges.iter().copied().filter(|x| x.is_finite()).collect();
    e.sort_by(f64::total_cmp);
    e.dedup();
    e
}

/// Index of the speed band of `v` given sorted edges.
pub(crate) fn band_index(edges: &[f64], v: f64) -> usize {
    edges.iter().filter(|&&e| v >= e).count()
}

/// Speed bands from accumulators (one per band: `edges.len() + 1`).
pub(crate) fn speed_bands(edges: &[f64], accs: &[BandAcc]) -> Vec<SpeedBand> {
    accs.iter()
        .enumerate()
        .map(|(k, acc)| SpeedBand {
            min_mps: k.checked_sub(1).and_then(|j| edges.get(j).copied()),
            max_mps: edges.get(k).copied(),
            stats: acc.stats(),
        })
        .collect()
}

/// Time-weighted running cadence over each half-open sample index range
/// `(start, end)` (the pace module's `sample_start..sample_end`). `None` for a range
/// without running samples; ranges outside the samples are clipped.
#[must_use]
#[cfg(test)]
pub(crate) fn per_range(
    a: &Activity,
    gaits: &[Gait],
    ranges: &[(usize, usize)],
) -> Vec<Option<f64>> {
    per_range_with(a, &sample_weights(a), gaits, ranges)
}

/// Running cadence over half-open sample index ranges, given the samples' weights
/// ([`sample_weights`](crate::analysis::totals::sample_weights)).
#[must_use]
pub(crate) fn per_range_with(
    a: &Activity,
    w: &[f64],
    gaits: &[Gait],
    ranges: &[(usize, usize)],
) -> Vec<Option<f64>> {
    ranges
        .iter()
        .map(|&(s, e)| {
            let e = e.min(a.samples.len()).min(gaits.len());
            let (mut sum, mut t) = (0.0, 0.0);
            for i in s.min(e)..e {
                if let (Gait::Running, Some(c)) = (gaits[i], cadence_of(a, i)) {
                    sum += w[i] * c;
                    t += w[i];
                }
            }
            (t > 0.0).then(|| sum / t)
        })
        .collect()
}

fn walk_breaks(a: &Activity, g: &[Gait], w: &[f64], p: &CadenceParams) -> Vec<WalkBreak> {
    let n = a.samples.len();
    stretches(g)
        .into_iter()
        .filter(|&(x, _, _)| x == Gait::Walking)
        .filter_map(|(_, s, e)| {
            let duration_s: f64 = w[s..e].iter().fold(0.0, |acc, x| acc + x);
            if duration_s < p.min_walk_break_s || duration_s <= 0.0 {
                return None;
            }
            let start_s = a.samples[s].t_s?;
            let end_s = a.samples[e - 1].t_s? + w[e - 1];
            let start_m = a.samples[s].distance_m;
            let end_m = if e < n {
                a.samples[e].distance_m
            } else {
                a.samples[e - 1].distance_m
            };
            let (mut cs, mut ct) = (0.0, 0.0);
            for (i, wi) in w.iter().enumerate().take(e).skip(s) {
                if let Some(c) = cadence_of(a, i) {
                    cs += wi * c;
                    ct += wi;
                }
            }
            Some(WalkBreak {
                first_sample: s,
                end_sample: e,
                start_s,
                end_s,
                duration_s,
                start_m,
                end_m,
                distance_m: start_m.zip(end_m).map(|(a, b)| (b - a).max(0.0)),
                cadence_spm: (ct > 0.0).then(|| cs / ct),
            })
        })
        .collect()
}

fn regular(values: &[f64], median: f64, p: &CadenceParams) -> bool {
    if values.is_empty() || median <= 0.0 {
        return false;
    }
    let tol = p.pattern_tolerance_pct / 100.0 * median;
    let ok = values.iter().filter(|v| (*v - median).abs() <= tol).count();
    let share = ok as f64 / values.len() as f64;
    share >= p.pattern_min_regular_share
}

fn run_walk(
    breaks: &[WalkBreak],
    g: &[Gait],
    w: &[f64],
    p: &CadenceParams,
) -> Option<RunWalkPattern> {
    if breaks.len() < 2 {
        return None;
    }
    let moving = |s: usize, e: usize| -> f64 {
        (s..e)
            .filter(|&i| g[i] != Gait::Stopped)
            .map(|i| w[i])
            .fold(0.0, |acc, x| acc + x)
    };
    let mut runs = Vec::new();
    let lead = moving(0, breaks[0].first_sample);
    if lead > 0.0 {
        runs.push(lead);
    }
    for pair in breaks.windows(2) {
        runs.push(moving(pair[0].end_sample, pair[1].first_sample));
    }
    let walks: Vec<f64> = breaks.iter().map(|b| b.duration_s).collect();
    let median =
        |v: &[f64]| weighted_quantile(&v.iter().map(|x| (*x, 1.0)).collect::<Vec<_>>(), 0.5);
    let (run_med, walk_med) = (median(&runs)?, median(&walks)?);
    if !(regular(&runs, run_med, p) && regular(&walks, walk_med, p)) || walk_med <= 0.0 {
        return None;
    }
    Some(RunWalkPattern {
        run_interval_s: run_med,
        walk_interval_s: walk_med,
        run_walk_ratio: run_med / walk_med,
        run_intervals: runs.len(),
        walk_intervals: walks.len(),
    })
}

/// Analyse cadence. `grades` holds each sample's grade as a fraction (same length as the
/// samples; a missing entry counts as no grade). `None` for a sport that is not on foot,
/// or without any positive cadence reading.
#[must_use]
pub fn analyze(a: &Activity, grades: &[Option<f64>], p: &CadenceParams) -> Option<CadenceAnalysis> {
    analyze_with(a, &Basis::of(a), grades, p)
}

/// [`analyze`] given the activity's [`Basis`] (weights and speeds).
#[must_use]
pub(crate) fn analyze_with(
    a: &Activity,
    basis: &Basis,
    grades: &[Option<f64>],
    p: &CadenceParams,
) -> Option<CadenceAnalysis> {
    if !a.is_foot_sport() || a.cadence_source == CadenceSource::NotFootSport {
        return None;
    }
    if !(0..a.samples.len()).any(|i| cadence_of(a, i).is_some_and(|c| c > 0.0)) {
        return None;
    }
    let (w, speeds) = (&basis.weights, &basis.speeds);
    let g = classify_with(a, p, w, speeds);
    let edges = clean_edges(&p.speed_band_edges_mps);

    let mut time = [0.0_f64; 4];
    // At most one value per sample (no reallocation while they grow).
    let mut run_vals: Vec<(f64, f64)> = Vec::with_capacity(a.samples.len());
    let mut speed_accs = vec![BandAcc::default(); edges.len() + 1];
    let (mut up, mut flat, mut down) = (BandAcc::default(), BandAcc::default(), BandAcc::default());
    let mut ungraded = 0.0;
    let flat_lim = p.grade_flat_pct.abs() / 100.0;
    let level_lim = p.level_grade_pct.abs() / 100.0;
    let mut level_vals: Vec<(f64, f64)> = Vec::with_capacity(a.samples.len());
    // Whether each of `run_vals` is also in `level_vals`.
    let mut run_is_level: Vec<bool> = Vec::with_capacity(a.samples.len());
    let mut steep_s = 0.0;
    for i in 0..a.samples.len() {
        let k = match g[i] {
            Gait::Running => 0,
            Gait::Walking => 1,
            Gait::Stopped => 2,
            Gait::Unknown => 3,
        };
        time[k] += w[i];
        let Some(c) = cadence_of(a, i).filter(|_| g[i] == Gait::Running && w[i] > 0.0) else {
            continue;
        };
        run_vals.push((c, w[i]));
        let v = speeds[i];
        if let Some(v) = v {
            speed_accs[band_index(&edges, v)].add(w[i], c, Some(v));
        }
        match grades.get(i).copied().flatten() {
            Some(gr) if !gr.is_finite() || gr.abs() > level_lim => {
                steep_s += w[i];
                run_is_level.push(false);
            }
            _ => {
                level_vals.push((c, w[i]));
                run_is_level.push(true);
            }
        }
        match grades.get(i).copied().flatten().filter(|x| x.is_finite()) {
            Some(gr) if gr > flat_lim => up.add(w[i], c, v),
            Some(gr) if gr < -flat_lim => down.add(w[i], c, v),
            Some(_) => flat.add(w[i], c, v),
            None => ungraded += w[i],
        }
    }

    let run_t: f64 = run_vals.iter().map(|(_, w)| w).fold(0.0, |acc, x| acc + x);
    // One sort for the running cadence's quantiles and its level part's.
    let sorted = SortedReadings::of(&run_vals, &run_is_level);
    let quantiles = sorted.quantiles(&[0.5, 0.1, 0.9]);
    let running = (run_t > 0.0).then(|| CadenceStats {
        time_s: run_t,
        mean_spm: run_vals
            .iter()
            .map(|(c, w)| c * w)
            .fold(0.0, |acc, x| acc + x)
            / run_t,
        median_spm: quantiles[0].unwrap_or(0.0),
        p10_spm: quantiles[1].unwrap_or(0.0),
        p90_spm: quantiles[2].unwrap_or(0.0),
    });
    let target = target_band(&run_vals, p.target_low_spm, p.target_high_spm);
    let level = target_band(&level_vals, p.target_low_spm, p.target_high_spm).map(|band| {
        let time_s: f64 = level_vals
            .iter()
            .map(|(_, w)| w)
            .fold(0.0, |acc, x| acc + x);
        let q = sorted.sub_quantiles(&[0.5, 0.1, 0.9]);
        let (median, p10, p90) = (
            q[0].unwrap_or(0.0),
            q[1].unwrap_or(0.0),
            q[2].unwrap_or(0.0),
        );
        LevelCadence {
            max_grade_pct: p.level_grade_pct.abs(),
            time_s,
            steep_time_s: steep_s,
            mean_spm: level_vals
                .iter()
                .map(|(c, w)| c * w)
                .fold(0.0, |acc, x| acc + x)
                / time_s,
            median_spm: median,
            spread_spm: (p90 - p10).max(0.0) / (2.0 * NORMAL_Z90),
            band,
        }
    });

    let breaks = walk_breaks(a, &g, w, p);
    let run_walk = run_walk(&breaks, &g, w, p);
    Some(CadenceAnalysis {
        running_time_s: time[0],
        walking_time_s: time[1],
        stopped_time_s: time[2],
        unknown_time_s: time[3],
        walk_break_count: breaks.len(),
        walk_break_time_s: breaks
            .iter()
            .map(|b| b.duration_s)
            .fold(0.0, |acc, x| acc + x),
        walk_breaks: breaks,
        run_walk,
        running,
        target,
        level,
        by_speed: speed_bands(&edges, &speed_accs),
        by_grade: GradeBands {
            flat_limit_pct: p.grade_flat_pct.abs(),
            uphill: up.stats(),
            flat: flat.stats(),
            downhill: down.stats(),
            ungraded_time_s: ungraded,
        },
        thirds: thirds(a, &g, w, grades, level_lim),
        gaits: g,
    })
}

/// Running time below, in and above `lo..=hi` of `(cadence, weight)` readings; `None`
/// without running time.
fn target_band(vals: &[(f64, f64)], lo: f64, hi: f64) -> Option<TargetBand> {
    let total: f64 = vals.iter().map(|(_, w)| w).fold(0.0, |acc, x| acc + x);
    if total <= 0.0 {
        return None;
    }
    let sum = |f: &dyn Fn(f64) -> bool| -> f64 {
        vals.iter()
            .filter(|(c, _)| f(*c))
            .map(|(_, w)| w)
            .fold(0.0, |acc, x| acc + x)
    };
    let below_s = sum(&|c| c < lo);
    let above_s = sum(&|c| c > hi);
    let in_s = (total - below_s - above_s).max(0.0);
    Some(TargetBand {
        low_spm: lo,
        high_spm: hi,
        below_s,
        in_s,
        above_s,
        below_pct: 100.0 * below_s / total,
        in_pct: 100.0 * in_s / total,
        above_pct: 100.0 * above_s / total,
    })
}

/// Running cadence on level ground: the running samples whose grade is within
/// ±[`CadenceParams::level_grade_pct`] or unknown (a treadmill, a file without altitude).
/// The 170–180 steps/min band and the step-rate studies behind it are about running on the
/// level (Heiderscheit et al. 2011 ran on a level treadmill); on a steep climb a runner's
/// cadence and step follow the grade (power hiking, short uphill steps), so judging them
/// against the band would call a mountain a form problem.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelCadence {
    /// Steepest grade counted as level, percent.
    pub max_grade_pct: f64,
    /// Running time on level ground, s.
    pub time_s: f64,
    /// Running time on steeper grades, left out, s.
    pub steep_time_s: f64,
    /// Time-weighted mean cadence on level ground, steps/min.
    pub mean_spm: f64,
    /// Time-weighted median cadence on level ground, steps/min.
    pub median_spm: f64,
    /// The run's own spread of level cadence, steps/min: σ ≈ (p90 − p10) ÷ 2.563, the
    /// width of the normal 10–90% range (robust to the odd glitch, as a plain standard
    /// deviation is not).
    pub spread_spm: f64,
    /// Level running time below, in and above the target band.
    pub band: TargetBand,
}

fn thirds(
    a: &Activity,
    g: &[Gait],
    w: &[f64],
    grades: &[Option<f64>],
    level_lim: f64,
) -> Option<ThirdsChange> {
    let total: f64 = w.iter().fold(0.0, |acc, x| acc + x);
    if total <= 0.0 {
        return None;
    }
    let (mut first, mut last) = ((0.0, 0.0), (0.0, 0.0));
    let mut cum = 0.0;
    for i in 0..a.samples.len() {
        let before = cum;
        cum += w[i];
        let Some(c) = cadence_of(a, i).filter(|_| g[i] == Gait::Running) else {
            continue;
        };
        if grades
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|gr| !gr.is_finite() || gr.abs() > level_lim)
        {
            continue;
        }
        // A sample belongs to the third that holds the middle of its interval.
        let mid = before + w[i] / 2.0;
        if mid < total / 3.0 {
            first = (first.0 + w[i] * c, first.1 + w[i]);
        } else if mid >= 2.0 * total / 3.0 {
            last = (last.0 + w[i] * c, last.1 + w[i]);
        }
    }
    if first.1 <= 0.0 || last.1 <= 0.0 {
        return None;
    }
    let (f, l) = (first.0 / first.1, last.0 / last.1);
    Some(ThirdsChange {
        level_time_s: first.1.min(last.1),
        first_spm: f,
        last_spm: l,
        change_spm: l - f,
        change_pct: 100.0 * (l - f) / f,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Format, Sample, Sport};
    use crate::synth::{self, fit::FitOptions, Scenario, SynthRun};
    use crate::units::{MetersPerSecond, StepsPerMin};

    /// A 1 Hz running activity from `(cadence spm, speed m/s)` rows.
    pub(crate) fn build(rows: &[(f64, f64)]) -> Activity {
        let mut a = Activity::new(Format::Fit);
        a.sport = Sport::Running;
        a.cadence_source = CadenceSource::FitStridesDoubled;
        let mut d = 0.0;
        a.samples = rows
            .iter()
            .enumerate()
            .map(|(i, &(c, v))| {
                let s = Sample {
                    t_s: Some(i as f64),
                    distance_m: Some(d),
                    speed: Some(MetersPerSecond(v)),
                    cadence: Some(StepsPerMin(c)),
                    ..Sample::default()
                };
                d += v;
                s
            })
            .collect();
        a
    }

    /// A synthetic run through FIT bytes and back, with the profile grade of every sample.
    pub(crate) fn synth_fit(s: &Scenario) -> (SynthRun, Activity, Vec<Option<f64>>) {
        let run = synth::generate(s).expect("built-in scenario");
        let bytes = synth::fit::encode(&run, &FitOptions::default());
        let a = crate::ingest::read_bytes(&bytes)
            .expect("FIT reads back")
            .remove(0);
        assert_eq!(a.samples.len(), run.points.len());
        let grades = run
            .points
            .iter()
            .map(|p| p.grade_pct.map(|g| g / 100.0))
            .collect();
        (run, a, grades)
    }

    /// Property: a run whose cadence holds on the flat is never read as fading because its
    /// last third climbs (cadence follows the grade), whatever the climb's length, grade
    /// and cadence and the runner's own cadence; the same legs tiring on the flat still
    /// show the drop. Seeded cases.
    // Sizes drawn from [0, 1) × a positive length: in range.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    #[test]
    fn a_climb_late_in_the_run_is_not_a_cadence_fade() {
        let mut rng = crate::synth::SplitMix64::new(0x7417d5);
        for case in 0..300 {
            let base = 160.0 + 20.0 * rng.uniform();
            let n = 1800 + (1800.0 * rng.uniform()) as usize;
            let climb_s = (n as f64 * (0.05 + 0.28 * rng.uniform())) as usize;
            let climb_spm = base - 4.0 - 14.0 * rng.uniform();
            let grade = 0.05 + 0.07 * rng.uniform();
            let start = n - climb_s - (n as f64 * 0.02 * rng.uniform()) as usize;
            let jitter = |r: &mut crate::synth::SplitMix64| 2.0 * (r.uniform() - 0.5);
            let rows: Vec<(f64, f64)> = (0..n)
                .map(|i| {
                    let on_climb = i >= start && i < start + climb_s;
                    let c = if on_climb { climb_spm } else { base };
                    (c + jitter(&mut rng), if on_climb { 2.4 } else { 3.0 })
                })
                .collect();
            let grades: Vec<Option<f64>> = (0..n)
                .map(|i| {
                    Some(if i >= start && i < start + climb_s {
                        grade
                    } else {
                        0.0
                    })
                })
                .collect();
            let a = build(&rows);
            let c = analyze(&a, &grades, &CadenceParams::default()).expect("cadence");
            let th = c.thirds.expect("thirds");
            assert!(th.change_pct.abs() < 1.0, "case {case}: {th:?}");
            // The same run, tiring on the flat instead: the drop shows.
            let tired: Vec<(f64, f64)> = (0..n)
                .map(|i| (if i >= 2 * n / 3 { base * 0.94 } else { base }, 3.0))
                .collect();
            let c = analyze(
                &build(&tired),
                &vec![Some(0.0); n],
                &CadenceParams::default(),
            )
            .expect("cadence");
            assert!(c.thirds.expect("thirds").change_pct < -5.0, "case {case}");
        }
    }

    fn no_nan(x: &impl std::fmt::Debug) {
        let s = format!("{x:?}");
        assert!(!s.contains("NaN") && !s.contains("inf"), "{s}");
        for neg_zero in ["-0.0,", "-0.0 }", "-0.0]"] {
            assert!(!s.contains(neg_zero), "negative zero in {s}");
        }
    }

    fn segment_cadence(run: &SynthRun, label: &str) -> f64 {
        run.truth
            .segments
            .iter()
            .find(|s| s.label == label)
            .and_then(|s| s.stats.avg_running_cadence_spm)
            .expect("segment")
    }

    #[test]
    fn run_walk_5_1_finds_six_breaks_and_the_pattern() {
        let (run, a, grades) = synth_fit(&Scenario::run_walk_5_1());
        let t = &run.truth;
        let c = analyze(&a, &grades, &CadenceParams::default()).unwrap();
        no_nan(&c);
        assert_eq!(c.walk_break_count, t.walk_break_count);
        assert!(
            (c.walk_break_time_s - t.total_walk_time_s).abs() <= 5.0,
            "{} vs {}",
            c.walk_break_time_s,
            t.total_walk_time_s
        );
        let rw = c.run_walk.as_ref().expect("regular pattern");
        assert!((rw.run_walk_ratio - 5.0).abs() <= 0.3, "{rw:?}");
        let mean = c.running.as_ref().unwrap().mean_spm;
        let truth = t.avg_running_cadence_spm.unwrap();
        assert!((mean - truth).abs() <= 0.5, "{mean} vs {truth}");
        // The naive all-sample mean is far lower: walk breaks are excluded.
        assert!(mean > t.stats.avg_cadence_all_samples_spm.unwrap() + 5.0);
        for b in &c.walk_breaks {
            assert!((b.duration_s - 60.0).abs() <= 2.0, "{b:?}");
            assert!(b.cadence_spm.unwrap() < 140.0);
            let d = b.distance_m.unwrap();
            assert!(d > 60.0 && d < 130.0, "{d}");
        }
        let tb = c.target.unwrap();
        assert!((tb.below_pct + tb.in_pct + tb.above_pct - 100.0).abs() < 1e-9);
    }

    #[test]
    fn hilly_10k_climb_lowers_cadence_and_it_sags_late() {
        let (run, a, grades) = synth_fit(&Scenario::hilly_10k());
        let c = analyze(&a, &grades, &CadenceParams::default()).unwrap();
        no_nan(&c);
        assert_eq!(c.walk_break_count, run.truth.walk_break_count);
        assert_eq!(c.walk_break_count, 0);
        assert!(c.run_walk.is_none());
        let up = c.by_grade.uphill.cadence_spm.unwrap();
        let flat = c.by_grade.flat.cadence_spm.unwrap();
        let climb = segment_cadence(&run, "climb");
        assert!((up - climb).abs() < 1.0, "{up} vs {climb}");
        assert!(up < flat - 5.0, "{up} vs {flat}");
        assert!(c.by_grade.downhill.time_s > 300.0);
        assert_eq!(c.by_grade.ungraded_time_s, 0.0);
        let th = c.thirds.unwrap();
        assert!(th.change_spm < -3.0, "{th:?}");
        assert!((th.first_spm - segment_cadence(&run, "flat start")).abs() < 3.0);
        // The running time is the timer time: the pause carries no weight.
        assert!((c.running_time_s - run.truth.timer_time_s).abs() <= 2.0);
        let r = c.running.unwrap();
        assert!(r.p10_spm <= r.median_spm && r.median_spm <= r.p90_spm);
        // Speed bands cover all the running time.
        let band_t: f64 = c.by_speed.iter().map(|b| b.stats.time_s).sum();
        assert!((band_t - r.time_s).abs() < 1e-6);
    }

    #[test]
    fn treadmill_without_grades_has_empty_grade_bands() {
        let (run, a, grades) = synth_fit(&Scenario::treadmill());
        assert!(grades.iter().all(Option::is_none));
        let c = analyze(&a, &grades, &CadenceParams::default()).unwrap();
        no_nan(&c);
        assert_eq!(c.by_grade.uphill.time_s, 0.0);
        assert_eq!(c.by_grade.downhill.time_s, 0.0);
        assert_eq!(c.by_grade.flat.time_s, 0.0);
        assert!(c.by_grade.flat.cadence_spm.is_none());
        assert!((c.by_grade.ungraded_time_s - c.running_time_s).abs() < 1e-9);
        let mean = c.running.unwrap().mean_spm;
        assert!((mean - run.truth.avg_running_cadence_spm.unwrap()).abs() <= 0.5);
        // An empty grade slice behaves the same.
        let c2 = analyze(&a, &[], &CadenceParams::default()).unwrap();
        assert_eq!(c2.by_grade, c.by_grade);
    }

    #[test]
    fn per_range_gives_split_cadence() {
        let mut rows = vec![(170.0, 3.0); 60];
        rows.extend(vec![(180.0, 3.2); 60]);
        let a = build(&rows);
        let g = classify(&a, &CadenceParams::default());
        let r = per_range(&a, &g, &[(0, 60), (60, 120), (50, 50), (200, 300)]);
        assert_eq!(r[0], Some(170.0));
        assert_eq!(r[1], Some(180.0));
        assert_eq!((r[2], r[3]), (None, None));
    }

    #[test]
    fn blips_and_short_dips_are_not_breaks() {
        let mut rows = vec![(170.0, 3.0); 100];
        rows[20] = (120.0, 3.0); // one-sample blip
        for r in &mut rows[50..55] {
            *r = (120.0, 1.5); // 5 s dip
        }
        let a = build(&rows);
        let c = analyze(&a, &[], &CadenceParams::default()).unwrap();
        assert_eq!(c.walk_break_count, 0);
        assert_eq!(c.walking_time_s, 0.0);
        // A low cadence at running speed is running, not walking.
        let mut rows = vec![(170.0, 3.0); 100];
        for r in &mut rows[30..60] {
            *r = (130.0, 3.0);
        }
        let c = analyze(&build(&rows), &[], &CadenceParams::default()).unwrap();
        assert_eq!(c.walk_break_count, 0);
        // ... unless speed confirmation is off.
        let p = CadenceParams {
            walk_max_speed_mps: None,
            ..CadenceParams::default()
        };
        let c = analyze(&build(&rows), &[], &p).unwrap();
        assert_eq!(c.walk_break_count, 1);
        assert_eq!(c.walk_breaks[0].duration_s, 30.0);
        assert!(c.run_walk.is_none(), "one break is no pattern");
    }

    #[test]
    fn a_walk_with_one_fast_reading_stays_one_break() {
        let mut rows = vec![(170.0, 3.0); 200];
        for r in &mut rows[100..160] {
            *r = (115.0, 1.5);
        }
        rows[130] = (150.0, 1.5);
        let c = analyze(&build(&rows), &[], &CadenceParams::default()).unwrap();
        assert_eq!(c.walk_break_count, 1);
        assert_eq!(c.walk_breaks[0].duration_s, 60.0);
    }

    #[test]
    fn irregular_breaks_are_no_pattern() {
        let mut rows = Vec::new();
        for (run_s, walk_s) in [(300, 60), (60, 200), (600, 20), (100, 100)] {
            rows.extend(vec![(170.0, 3.0); run_s]);
            rows.extend(vec![(115.0, 1.4); walk_s]);
        }
        let c = analyze(&build(&rows), &[], &CadenceParams::default()).unwrap();
        assert_eq!(c.walk_break_count, 4);
        assert!(c.run_walk.is_none());
    }

    #[test]
    fn stops_and_unknowns_are_excluded() {
        let mut rows = vec![(170.0, 3.0); 100];
        for r in &mut rows[40..60] {
            *r = (0.0, 0.0);
        }
        let mut a = build(&rows);
        a.samples[80].cadence = None;
        let c = analyze(&a, &[], &CadenceParams::default()).unwrap();
        assert_eq!(c.stopped_time_s, 20.0);
        assert_eq!(c.unknown_time_s, 1.0);
        assert_eq!(c.walk_break_count, 0);
        assert_eq!(c.running.unwrap().mean_spm, 170.0);
    }

    #[test]
    fn corner_cases() {
        let p = CadenceParams::default();
        let empty = Activity::new(Format::Gpx);
        assert!(analyze(&empty, &[], &p).is_none());
        assert!(classify(&empty, &p).is_empty());
        let mut none = build(&[(170.0, 3.0); 10]);
        for s in &mut none.samples {
            s.cadence = None;
        }
        assert!(analyze(&none, &[], &p).is_none());
        assert!(analyze(&build(&[(0.0, 0.0); 10]), &[], &p).is_none());
        let one = analyze(&build(&[(170.0, 3.0)]), &[Some(0.0)], &p).unwrap();
        no_nan(&one);
        assert!(one.running.is_none() && one.thirds.is_none());
        let mut bike = build(&[(90.0, 8.0); 10]);
        bike.sport = Sport::Cycling;
        assert!(analyze(&bike, &[], &p).is_none());
        let two = analyze(&build(&[(170.0, 3.0), (172.0, 3.0)]), &[], &p).unwrap();
        no_nan(&two);
        assert!(weighted_quantile(&[], 0.5).is_none());
        assert_eq!(
            weighted_quantile(&[(1.0, 1.0), (2.0, 1.0), (3.0, 2.0)], 0.5),
            Some(2.0)
        );
    }

    proptest::proptest! {
        /// One sort for a set of readings and a subset of them gives, bit for bit, the
        /// quantiles of sorting each alone: values and weights repeat (ties in both), some
        /// readings are not finite or weigh nothing, the subset is any part of them.
        #[test]
        fn one_sort_gives_the_quantiles_of_the_set_and_of_its_subset(
            raw in proptest::collection::vec((0u8..12, 0u8..6, 0u8..16, proptest::bool::ANY), 0..200),
            qs in proptest::collection::vec(-0.2..1.2_f64, 1..6),
        ) {
            let mut values = Vec::new();
            let mut in_sub = Vec::new();
            let mut sub = Vec::new();
            for &(x, w, odd, s) in &raw {
                let x = match odd {
                    0 => f64::NAN,
                    1 => f64::INFINITY,
                    _ => 150.0 + f64::from(x) * 2.5,
                };
                let w = match odd {
                    2 => 0.0,
                    3 => -1.0,
                    _ => f64::from(w) * 0.25 + 0.1,
                };
                values.push((x, w));
                in_sub.push(s);
                if s {
                    sub.push((x, w));
                }
            }
            let sorted = SortedReadings::of(&values, &in_sub);
            let bits = |v: Vec<Option<f64>>| v.into_iter().map(|x| x.map(f64::to_bits)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(bits(sorted.quantiles(&qs)), bits(weighted_quantiles(&values, &qs)));
            proptest::prop_assert_eq!(bits(sorted.sub_quantiles(&qs)), bits(weighted_quantiles(&sub, &qs)));
        }
    }
}
