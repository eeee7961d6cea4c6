//! Step length, running dynamics and descent form: the numbers behind the overstriding
//! proxies (docs/METHODS.md; the proxies and their order in
//! [`crate::coach::rules`]).
//!
//! * **Step length** (m) = speed (m/s) ÷ (steps/min ÷ 60) (docs/METHODS.md). Garmin calls it
//!   "stride length"; it is one step here. It is always computed from speed and cadence,
//!   for consistency across devices and formats; the device's recorded step length
//!   (FIT `step_length`) is reported separately as `device_step_length_m`.
//! * Means over many samples are **distance ÷ steps** (`Σ w·v ÷ Σ w·c/60`, `w` the
//!   [`sample_weights`] time weight), the physical mean step length.
//! * Only the samples the caller marks as running count (see
//!   [`crate::analysis::cadence::running_mask`]), so walk breaks do not shorten the steps.
//! * **Running dynamics** (HRM-Run/Pro, RD pod, Stryd, COROS): time-weighted means of ground
//!   contact time, vertical oscillation, vertical ratio and ground contact balance over
//!   running samples. A sample without a recorded vertical ratio but with an oscillation
//!   gets `100 × oscillation ÷ step length` (Garmin's definition) from the computed step length;
//!   `vertical_ratio_computed` says when that happened.
//! * **Descent vs flat at the same speed** (proxy 4: braking on the downhill): descent
//!   samples have grade below −`descent_grade_pct`, flat samples |grade| ≤
//!   `grade_flat_pct`. For each running descent sample at speed `v`, the reference is the
//!   running flat samples with speed within `v ± speed_match_mps`: their step length
//!   (distance ÷ steps) and time-weighted cadence. A descent sample is *matched* when its
//!   reference holds at least `min_reference_s` of time. The changes are the time-weighted
//!   means over matched descent samples of `100 × (own ÷ reference − 1)`, so a faster
//!   descent does not by itself look like longer steps. `None` when the matched time is
//!   below `min_matched_s`.
//! * **Speed models** ([`fit_speed_models`]): weighted least-squares lines of cadence and
//!   step length against speed over one run's running samples; a [`Baseline`] (in time
//!   fitted over many runs) and [`compare`] give the difference from the runner's own
//!   baseline at the same speed (proxies 1 and 2).

use crate::analysis::basis::Basis;
use crate::analysis::cadence::{
    band_index, clean_edges, sample_speeds, speed_bands, BandAcc, SpeedBand,
};
use crate::analysis::totals::sample_weights;
use crate::model::{Activity, CadenceSource};

/// Thresholds of the stride analysis. Every default is documented on its field.
#[derive(Clone, Debug, PartialEq)]
pub struct StrideParams {
    /// Edges of the speed bands, m/s (default 2.5, 3.0, 3.5, as the cadence analysis).
    pub speed_band_edges_mps: Vec<f64>,
    /// Grades within ± this are flat, percent (default 2, Runalyze's rule, see
    /// [`crate::analysis::elevation`]).
    pub grade_flat_pct: f64,
    /// Grades below − this are descents, percent (default 3, our choice: clearly downhill).
    pub descent_grade_pct: f64,
    /// Flat samples within ± this speed of a descent sample are its reference, m/s
    /// (default 0.25, our choice).
    pub speed_match_mps: f64,
    /// Least flat time a descent sample's reference must hold, s (default 10, our choice).
    pub min_reference_s: f64,
    /// Least matched descent time for a descent comparison, s (default 60, our choice).
    pub min_matched_s: f64,
}

impl Default for StrideParams {
    fn default() -> Self {
        Self {
            speed_band_edges_mps: vec![2.5, 3.0, 3.5],
            grade_flat_pct: 2.0,
            descent_grade_pct: 3.0,
            speed_match_mps: 0.25,
            min_reference_s: 10.0,
            min_matched_s: 60.0,
        }
    }
}

/// Time-weighted running dynamics over running samples; each `None` when absent.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningDynamics {
    /// Ground contact time, ms.
    pub stance_time_ms: Option<f64>,
    /// Vertical oscillation, mm.
    pub vertical_oscillation_mm: Option<f64>,
    /// Vertical ratio, percent (recorded, or computed where missing).
    pub vertical_ratio_pct: Option<f64>,
    /// True when some vertical ratio was computed as 100 × oscillation ÷ step length.
    pub vertical_ratio_computed: bool,
    /// Left share of ground contact time, percent (50 = symmetric).
    pub stance_balance_left_pct: Option<f64>,
    /// Share of running time with a ground contact reading, percent.
    pub stance_time_coverage_pct: f64,
    /// Share of running time with a vertical ratio (recorded or computed), percent.
    pub vertical_ratio_coverage_pct: f64,
    /// Left share of ground contact time on flat running only (|grade| within the flat
    /// limit; every running sample on a treadmill), percent: hills skew balance
    /// (see [`crate::coach::rules`], proxy 5).
    pub flat_balance_left_pct: Option<f64>,
    /// Flat running time with a balance reading, s.
    pub flat_balance_time_s: f64,
}

/// Descent running against flat running at matched speed.
#[derive(Debug, Clone, PartialEq)]
pub struct DescentVsFlat {
    /// Mean of 100 × (descent step length ÷ flat reference − 1), percent.
    pub step_length_change_pct: f64,
    /// Time-weighted standard deviation of that ratio over the matched samples, percent:
    /// the run's own variability, against which a difference near a limit is judged.
    pub step_length_change_sd_pct: f64,
    /// Mean of 100 × (descent cadence ÷ flat reference − 1), percent.
    pub cadence_change_pct: f64,
    /// Descent running time with a flat reference, s.
    pub matched_time_s: f64,
    /// Step length on the matched descent samples (distance ÷ steps), m.
    pub descent_step_length_m: f64,
    /// Time-weighted mean of their flat reference step lengths, m.
    pub flat_step_length_m: f64,
    /// Time-weighted cadence on the matched descent samples, steps/min.
    pub descent_cadence_spm: f64,
    /// Time-weighted mean of their flat reference cadences, steps/min.
    pub flat_cadence_spm: f64,
    /// Mean speed of the matched descent samples, m/s.
    pub descent_speed_mps: f64,
}

/// A line `intercept + slope × speed`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpeedLine {
    /// Value at 0 m/s.
    pub intercept: f64,
    /// Change per m/s.
    pub slope: f64,
}

impl SpeedLine {
    /// Value at `speed_mps`.
    #[must_use]
    pub fn at(&self, speed_mps: f64) -> f64 {
        self.intercept + self.slope * speed_mps
    }
}

/// The runner's own cadence and step length as functions of speed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    /// Cadence, steps/min, against speed.
    pub cadence_at_speed: SpeedLine,
    /// Step length, m, against speed.
    pub step_length_at_speed: SpeedLine,
}

/// A run against a [`Baseline`] at the same speeds.
#[derive(Debug, Clone, PartialEq)]
pub struct BaselineComparison {
    /// 100 × (actual ÷ expected − 1) of time-weighted cadence, percent.
    pub cadence_diff_pct: f64,
    /// 100 × (actual ÷ expected − 1) of time-weighted step length, percent.
    pub step_length_diff_pct: f64,
    /// Running time compared, s.
    pub time_s: f64,
}

/// Result of [`analyze`].
#[derive(Debug, Clone, PartialEq)]
pub struct StrideAnalysis {
    /// Running time with speed and cadence, s.
    pub running_time_s: f64,
    /// Mean step length over running samples (distance ÷ steps), m.
    pub step_length_m: f64,
    /// Time-weighted mean speed of those samples, m/s.
    pub speed_mps: f64,
    /// Time-weighted mean of the device's recorded step length over running samples, m.
    pub device_step_length_m: Option<f64>,
    /// Figures per speed band (every band, empty ones included).
    pub by_speed: Vec<SpeedBand>,
    /// Running dynamics, when the file has any.
    pub dynamics: Option<RunningDynamics>,
    /// Descent vs flat at matched speed, when there is enough of both.
    pub descent_vs_flat: Option<DescentVsFlat>,
}

/// A running sample with everything the stride analysis needs.
#[derive(Clone, Copy, Debug)]
struct Step {
    i: usize,
    w: f64,
    v: f64,
    c: f64,
}

/// The running samples with speed and cadence of one activity, in sample order: what the
/// stride figures, the long-step fit and the step length over sections all stand on,
/// taken once per review from its [`Basis`] and running mask (issue 24: each derived
/// them again).
#[derive(Clone, Debug)]
pub(crate) struct RunningSteps(Vec<Step>);

impl RunningSteps {
    /// The steps of `a` where `running` holds, weighed and timed by `basis`.
    #[must_use]
    pub(crate) fn of(a: &Activity, basis: &Basis, running: &[bool]) -> Self {
        Self(steps_with(a, &basis.weights, &basis.speeds, running))
    }
}

/// Step length over each half-open sample index range `(start, end)`, running samples
/// only: distance ÷ steps, Σ w·v ÷ Σ w·c/60 (the same definition as the overall figure),
/// given the activity's [`RunningSteps`]. `None` for a range without any. One pass over
/// the samples for all the ranges.
#[must_use]
pub(crate) fn step_length_over_steps(
    steps: &RunningSteps,
    ranges: &[(usize, usize)],
) -> Vec<Option<f64>> {
    let st = &steps.0;
    ranges
        .iter()
        .map(|&(s, e)| {
            // `st` is in sample order: the range's steps are one slice of it.
            let lo = st.partition_point(|x| x.i < s);
            let hi = st.partition_point(|x| x.i < e);
            let (mut dist, mut steps_taken) = (0.0, 0.0);
            for x in st.get(lo..hi.max(lo)).unwrap_or_default() {
                dist += x.w * x.v;
                steps_taken += x.w * x.c / 60.0;
            }
            (steps_taken > 0.0).then(|| dist / steps_taken)
        })
        .collect()
}

fn steps(a: &Activity, running: &[bool]) -> Vec<Step> {
    steps_with(a, &sample_weights(a), &sample_speeds(a), running)
}

fn steps_with(a: &Activity, w: &[f64], speeds: &[Option<f64>], running: &[bool]) -> Vec<Step> {
    // At most one step per sample: sized once, never reallocated (issue 24).
    let mut out = Vec::with_capacity(a.samples.len());
    out.extend((0..a.samples.len()).filter_map(|i| {
        if !running.get(i).copied().unwrap_or(false) || w[i] <= 0.0 {
            return None;
        }
        let c = a.samples[i]
            .cadence
            .map(|c| c.0)
            .filter(|c| c.is_finite() && *c > 0.0)?;
        let v = speeds[i]?;
        Some(Step { i, w: w[i], v, c })
    }));
    out
}

/// Time-weighted mean of `f` over the steps where it is present.
fn wmean(st: &[Step], mut f: impl FnMut(&Step) -> Option<f64>) -> Option<f64> {
    let (mut s, mut t) = (0.0, 0.0);
    for x in st {
        if let Some(v) = f(x).filter(|v| v.is_finite()) {
            s += x.w * v;
            t += x.w;
        }
    }
    (t > 0.0).then(|| s / t)
}

/// Share of the steps' time where `f` is present, percent.
fn coverage(st: &[Step], mut f: impl FnMut(&Step) -> bool) -> f64 {
    let total: f64 = st.iter().map(|x| x.w).sum();
    let with: f64 = st.iter().filter(|x| f(x)).map(|x| x.w).sum();
    if total > 0.0 {
        100.0 * with / total
    } else {
        0.0
    }
}

fn dynamics(
    a: &Activity,
    st: &[Step],
    grades: &[Option<f64>],
    p: &StrideParams,
) -> Option<RunningDynamics> {
    let s = |x: &Step| &a.samples[x.i];
    let stance = wmean(st, |x| s(x).stance_time_ms);
    let vo = wmean(st, |x| s(x).vertical_oscillation_mm);
    let bal = wmean(st, |x| s(x).stance_balance_left_pct);
    let treadmill = a.is_treadmill();
    let flat_lim = p.grade_flat_pct.abs() / 100.0;
    let flat: Vec<Step> = st
        .iter()
        .filter(|x| {
            treadmill
                || grades
                    .get(x.i)
                    .copied()
                    .flatten()
                    .is_some_and(|g| g.is_finite() && g.abs() <= flat_lim)
        })
        .filter(|x| {
            s(x).stance_balance_left_pct
                .is_some_and(|b| b.is_finite() && b > 0.0 && b < 100.0)
        })
        .copied()
        .collect();
    let flat_bal = wmean(&flat, |x| s(x).stance_balance_left_pct);
    let flat_balance_time_s: f64 = flat.iter().map(|x| x.w).sum();
    let stance_time_coverage_pct =
        coverage(st, |x| s(x).stance_time_ms.is_some_and(f64::is_finite));
    let vertical_ratio_coverage_pct = coverage(st, |x| {
        s(x).vertical_ratio_pct.is_some_and(f64::is_finite)
            || s(x).vertical_oscillation_mm.is_some_and(f64::is_finite)
    });
    let mut computed = false;
    let vr = wmean(st, |x| {
        s(x).vertical_ratio_pct.or_else(|| {
            let r = s(x)
                .vertical_oscillation_mm
                .map(|vo| 100.0 * (vo / 1000.0) / (x.v * 60.0 / x.c))
                .filter(|r| r.is_finite() && x.v > 0.0);
            computed |= r.is_some();
            r
        })
    });
    (stance.is_some() || vo.is_some() || vr.is_some() || bal.is_some()).then_some(RunningDynamics {
        stance_time_ms: stance,
        vertical_oscillation_mm: vo,
        vertical_ratio_pct: vr,
        vertical_ratio_computed: computed,
        stance_balance_left_pct: bal,
        stance_time_coverage_pct,
        vertical_ratio_coverage_pct,
        flat_balance_left_pct: flat_bal,
        flat_balance_time_s,
    })
}

fn descent_vs_flat(st: &[Step], grades: &[Option<f64>], p: &StrideParams) -> Option<DescentVsFlat> {
    let grade = |x: &Step| grades.get(x.i).copied().flatten().filter(|g| g.is_finite());
    let flat_lim = p.grade_flat_pct.abs() / 100.0;
    let desc_lim = -p.descent_grade_pct.abs() / 100.0;
    // Flat samples sorted by speed, with prefix sums of time, distance, steps and w·c.
    let mut flat: Vec<&Step> = st
        .iter()
        .filter(|x| grade(x).is_some_and(|g| g.abs() <= flat_lim))
        .collect();
    flat.sort_by(|a, b| a.v.total_cmp(&b.v));
    let mut pre = vec![[0.0_f64; 4]; flat.len() + 1];
    for (k, x) in flat.iter().enumerate() {
        let prev = pre[k];
        pre[k + 1] = [
            prev[0] + x.w,
            prev[1] + x.w * x.v,
            prev[2] + x.w * x.c / 60.0,
            prev[3] + x.w * x.c,
        ];
    }
    let (mut t, mut dl, mut dl2, mut dc) = (0.0, 0.0, 0.0, 0.0);
    let (mut dist, mut stp, mut cad, mut ref_l, mut ref_c, mut spd) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for x in st.iter().filter(|x| grade(x).is_some_and(|g| g < desc_lim)) {
        let lo = flat.partition_point(|f| f.v < x.v - p.speed_match_mps);
        let hi = flat.partition_point(|f| f.v <= x.v + p.speed_match_mps);
        let r = |j: usize| pre[hi][j] - pre[lo][j];
        if hi <= lo || r(0) < p.min_reference_s || r(2) <= 0.0 {
            continue;
        }
        let (fl, fc) = (r(1) / r(2), r(3) / r(0));
        let own_l = x.v * 60.0 / x.c;
        t += x.w;
        dl += x.w * (own_l / fl - 1.0);
        dl2 += x.w * (own_l / fl - 1.0).powi(2);
        dc += x.w * (x.c / fc - 1.0);
        dist += x.w * x.v;
        stp += x.w * x.c / 60.0;
        cad += x.w * x.c;
        ref_l += x.w * fl;
        ref_c += x.w * fc;
        spd += x.w * x.v;
    }
    if t < p.min_matched_s || t <= 0.0 || stp <= 0.0 {
        return None;
    }
    let mean = dl / t;
    Some(DescentVsFlat {
        step_length_change_pct: 100.0 * mean,
        step_length_change_sd_pct: 100.0 * (dl2 / t - mean * mean).max(0.0).sqrt(),
        cadence_change_pct: 100.0 * dc / t,
        matched_time_s: t,
        descent_step_length_m: dist / stp,
        flat_step_length_m: ref_l / t,
        descent_cadence_spm: cad / t,
        flat_cadence_spm: ref_c / t,
        descent_speed_mps: spd / t,
    })
}

/// Analyse step length and running dynamics over the samples marked in `running` (same
/// length as the samples; missing entries count as not running). `grades` holds each
/// sample's grade as a fraction. `None` for a sport not on foot, or without a running
/// sample that has both speed and cadence.
#[must_use]
pub fn analyze(
    a: &Activity,
    grades: &[Option<f64>],
    running: &[bool],
    p: &StrideParams,
) -> Option<StrideAnalysis> {
    analyze_with(a, &Basis::of(a), grades, running, p)
}

/// [`analyze`] given the activity's [`Basis`].
#[must_use]
pub(crate) fn analyze_with(
    a: &Activity,
    basis: &Basis,
    grades: &[Option<f64>],
    running: &[bool],
    p: &StrideParams,
) -> Option<StrideAnalysis> {
    if !a.is_foot_sport() || a.cadence_source == CadenceSource::NotFootSport {
        return None;
    }
    analyze_steps(a, &RunningSteps::of(a, basis, running), grades, p)
}

/// [`analyze`] given the activity's [`RunningSteps`] (of its [`Basis`] and running mask).
#[must_use]
pub(crate) fn analyze_steps(
    a: &Activity,
    steps: &RunningSteps,
    grades: &[Option<f64>],
    p: &StrideParams,
) -> Option<StrideAnalysis> {
    if !a.is_foot_sport() || a.cadence_source == CadenceSource::NotFootSport {
        return None;
    }
    let st: &[Step] = &steps.0;
    let t: f64 = st.iter().map(|x| x.w).fold(0.0, |acc, x| acc + x);
    let stp: f64 = st
        .iter()
        .map(|x| x.w * x.c / 60.0)
        .fold(0.0, |acc, x| acc + x);
    if t <= 0.0 || stp <= 0.0 {
        return None;
    }
    let dist: f64 = st.iter().map(|x| x.w * x.v).fold(0.0, |acc, x| acc + x);
    let edges = clean_edges(&p.speed_band_edges_mps);
    let mut accs = vec![BandAcc::default(); edges.len() + 1];
    for x in st {
        accs[band_index(&edges, x.v)].add(x.w, x.c, Some(x.v));
    }
    Some(StrideAnalysis {
        running_time_s: t,
        step_length_m: dist / stp,
        speed_mps: dist / t,
        device_step_length_m: wmean(st, |x| a.samples[x.i].step_length_mm).map(|mm| mm / 1000.0),
        by_speed: speed_bands(&edges, &accs),
        dynamics: dynamics(a, st, grades, p),
        descent_vs_flat: descent_vs_flat(st, grades, p),
    })
}

/// How [`long_step_stretches`] decides.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LongStepParams {
    /// A step this much longer than the run's own at that speed is long, percent (our
    /// choice: twice the few percent a steady runner's step varies at one speed).
    pub long_step_pct: f64,
    /// A stretch lasts at least this long, s (our choice: a few strides; a lone long
    /// sample is speed noise, not a stride).
    pub min_stretch_s: f64,
    /// Grades within ± this are flat, percent (the elevation analysis's flat band).
    pub flat_grade_pct: f64,
    /// Cadence below this is walking, not a running step, steps/min (the rules'
    /// `walk_max_spm`).
    pub min_running_spm: f64,
}

impl Default for LongStepParams {
    fn default() -> Self {
        Self {
            long_step_pct: 10.0,
            min_stretch_s: 10.0,
            flat_grade_pct: 2.0,
            min_running_spm: 140.0,
        }
    }
}

/// Stretches of running where the step is longer than the speed explains: running
/// samples whose step length (speed ÷ cadence/60) is more than
/// [`LongStepParams::long_step_pct`] above the run's own step length *at the same speed*
/// on the flat (the weighted least-squares line of step length on speed over the run's
/// flat running samples, [`fit_speed_models`]; over all its running without enough flat,
/// and `mean_step_length_m` when the speed hardly varies), lasting
/// [`LongStepParams::min_stretch_s`] or longer. Where the stride stretches beyond what the
/// speed explains, often downhill ([`crate::coach::rules`], "Overstriding", proxy 1 within
/// one run); fast running alone is not a long step. Inclusive sample index ranges, in
/// order.
#[must_use]
pub fn long_step_stretches(
    a: &Activity,
    running: &[bool],
    grades: &[Option<f64>],
    mean_step_length_m: f64,
    p: &LongStepParams,
) -> Vec<(usize, usize)> {
    let steps = RunningSteps::of(a, &Basis::of(a), running);
    long_step_stretches_with(a, &steps, running, grades, mean_step_length_m, p)
}

/// [`long_step_stretches`] given the [`RunningSteps`] of the activity's [`Basis`] and
/// `running` (a review's: issue 24, the samples' weights and speeds were derived again
/// here, and the flat steps taken from the samples again).
#[must_use]
pub(crate) fn long_step_stretches_with(
    a: &Activity,
    steps: &RunningSteps,
    running: &[bool],
    grades: &[Option<f64>],
    mean_step_length_m: f64,
    p: &LongStepParams,
) -> Vec<(usize, usize)> {
    let line = fit_lines(&flat_steps(&steps.0, grades, p.flat_grade_pct))
        .or_else(|| fit_lines(&steps.0))
        .map(|b| b.step_length_at_speed);
    let expected = |v: f64| match line {
        Some(l) if l.at(v) > 0.0 => l.at(v),
        _ => mean_step_length_m,
    };
    let long = |i: usize| {
        running.get(i).copied().unwrap_or(false)
            && a.samples
                .get(i)
                .is_some_and(|s| match (s.speed, s.cadence) {
                    (Some(v), Some(c)) if c.0 >= p.min_running_spm && v.0 > 0.0 => {
                        v.0 / (c.0 / 60.0) > expected(v.0) * (1.0 + p.long_step_pct / 100.0)
                    }
                    _ => false,
                })
    };
    let t_of = |i: usize| a.samples.get(i).and_then(|s| s.t_s);
    let mut out = Vec::new();
    let mut k = 0;
    let n = a.samples.len();
    while k < n {
        if !long(k) {
            k += 1;
            continue;
        }
        let first = k;
        while k + 1 < n && long(k + 1) {
            k += 1;
        }
        if let (Some(t0), Some(t1)) = (t_of(first), t_of(k)) {
            if t1 - t0 >= p.min_stretch_s {
                out.push((first, k));
            }
        }
        k += 1;
    }
    out
}

/// Weighted least-squares lines of cadence and step length against speed over one run's
/// running samples (a building block for a [`Baseline`] over many runs). `None` with less
/// than two distinct speeds.
#[must_use]
pub fn fit_speed_models(a: &Activity, running: &[bool]) -> Option<Baseline> {
    fit_lines(&steps(a, running))
}

/// [`fit_speed_models`] over the steps taken.
/// The running steps on the flat (grade within ±`flat_grade_pct`), in order: the steps
/// `steps_with` takes with a mask of the flat running samples, taken from the running
/// steps instead of the samples (issue 24).
fn flat_steps(running: &[Step], grades: &[Option<f64>], flat_grade_pct: f64) -> Vec<Step> {
    let mut flat = Vec::with_capacity(running.len());
    flat.extend(running.iter().copied().filter(|x| {
        grades
            .get(x.i)
            .copied()
            .flatten()
            .is_some_and(|g| (g * 100.0).abs() <= flat_grade_pct)
    }));
    flat
}

fn fit_lines(st: &[Step]) -> Option<Baseline> {
    let fit = |y: &dyn Fn(&Step) -> f64| -> Option<SpeedLine> {
        let t: f64 = st.iter().map(|x| x.w).fold(0.0, |acc, x| acc + x);
        if t <= 0.0 {
            return None;
        }
        let mx = st.iter().map(|x| x.w * x.v).fold(0.0, |acc, x| acc + x) / t;
        let my = st.iter().map(|x| x.w * y(x)).fold(0.0, |acc, x| acc + x) / t;
        let sxx: f64 = st
            .iter()
            .map(|x| x.w * (x.v - mx).powi(2))
            .fold(0.0, |acc, x| acc + x);
        let sxy: f64 = st
            .iter()
            .map(|x| x.w * (x.v - mx) * (y(x) - my))
            .fold(0.0, |acc, x| acc + x);
        if sxx <= 1e-9 * t {
            return None;
        }
        let slope = sxy / sxx;
        Some(SpeedLine {
            intercept: my - slope * mx,
            slope,
        })
    };
    Some(Baseline {
        cadence_at_speed: fit(&|x| x.c)?,
        step_length_at_speed: fit(&|x| x.v * 60.0 / x.c)?,
    })
}

/// Compare a run's running samples with a [`Baseline`] at the same speeds: actual
/// time-weighted cadence and step length against the baseline's values at each sample's
/// speed. `None` without running samples or with a non-positive expectation.
#[must_use]
pub fn compare(a: &Activity, running: &[bool], baseline: &Baseline) -> Option<BaselineComparison> {
    let st = steps(a, running);
    let t: f64 = st.iter().map(|x| x.w).fold(0.0, |acc, x| acc + x);
    let sum = |f: &dyn Fn(&Step) -> f64| -> f64 {
        st.iter().map(|x| x.w * f(x)).fold(0.0, |acc, x| acc + x)
    };
    let (c, ce) = (sum(&|x| x.c), sum(&|x| baseline.cadence_at_speed.at(x.v)));
    let (l, le) = (
        sum(&|x| x.v * 60.0 / x.c),
        sum(&|x| baseline.step_length_at_speed.at(x.v)),
    );
    (t > 0.0 && ce > 0.0 && le > 0.0).then(|| BaselineComparison {
        cadence_diff_pct: 100.0 * (c / ce - 1.0),
        step_length_diff_pct: 100.0 * (l / le - 1.0),
        time_s: t,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cadence::tests::{build, synth_fit};
    use crate::analysis::cadence::{classify, running_mask, CadenceParams};
    use crate::model::Format;
    use crate::synth::Scenario;

    fn all(a: &Activity) -> Vec<bool> {
        vec![true; a.samples.len()]
    }

    /// Seeded runs whose speed wanders (cadence following it, as a runner's does, with
    /// noise): stretches where the step lengthens 14–18% at the same speed for 12 s or
    /// more (cadence staying above a walk's) are found, exactly where they are; the same lengthening for under 8 s, and
    /// running faster with the runner's own steps, never are.
    // Lengths drawn from [0, 1) × a positive length: in range.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    #[test]
    fn long_step_stretches_are_found_where_the_step_outgrows_the_speed() {
        let mut rng = crate::synth::SplitMix64::new(0x10_57e9);
        let p = LongStepParams::default();
        for case in 0..200 {
            let c0 = 175.0 + 10.0 * rng.uniform();
            let n = 900 + (900.0 * rng.uniform()) as usize;
            let mut v = 3.0;
            let mut rows: Vec<(f64, f64)> = (0..n)
                .map(|_| {
                    // A slow wander between 2.4 and 4.2 m/s: easy running, strides, hills.
                    v = (v + 0.05 * (rng.uniform() - 0.5)).clamp(2.4, 4.2);
                    (c0 + 8.0 * (v - 3.0) + 3.0 * (rng.uniform() - 0.5), v)
                })
                .collect();
            // One long stretch (found) and one blip (not), apart from each other.
            let long_len = 12 + (30.0 * rng.uniform()) as usize;
            let blip_len = 2 + (5.0 * rng.uniform()) as usize;
            let at = n / 4 + (n as f64 / 4.0 * rng.uniform()) as usize;
            let blip_at = 3 * n / 4;
            let lengthen = 1.14 + 0.04 * rng.uniform();
            for (start, len) in [(at, long_len), (blip_at, blip_len)] {
                for r in &mut rows[start..start + len] {
                    r.0 /= lengthen;
                }
            }
            let a = build(&rows);
            let running = all(&a);
            let mean = analyze(&a, &[], &running, &StrideParams::default())
                .unwrap()
                .step_length_m;
            let got = long_step_stretches(&a, &running, &[], mean, &p);
            assert_eq!(got, vec![(at, at + long_len - 1)], "case {case}");
        }
    }

    /// Issue 24: the flat steps taken from the running steps are, field for field and in
    /// order, those taken from the samples with a mask of the flat running samples; the
    /// grades are missing, flat, steep or not finite, the running mask has holes.
    #[test]
    fn flat_steps_from_the_running_steps_are_those_of_the_samples() {
        let mut rng = crate::synth::SplitMix64::new(0xf1a7);
        let p = LongStepParams::default();
        for case in 0..50 {
            let rows: Vec<(f64, f64)> = (0..600)
                .map(|_| (150.0 + 40.0 * rng.uniform(), 2.0 + 2.5 * rng.uniform()))
                .collect();
            let a = build(&rows);
            let grades: Vec<Option<f64>> = (0..rows.len())
                .map(|_| {
                    let u = rng.uniform();
                    if u < 0.15 {
                        None
                    } else if u < 0.3 {
                        Some(f64::NAN)
                    } else if u < 0.65 {
                        Some(0.03 * (rng.uniform() - 0.5))
                    } else {
                        Some(0.2 * (rng.uniform() - 0.5))
                    }
                })
                .collect();
            let running: Vec<bool> = (0..rows.len()).map(|_| rng.uniform() < 0.8).collect();
            let basis = Basis::of(&a);
            let steps = RunningSteps::of(&a, &basis, &running);
            let mask: Vec<bool> = running
                .iter()
                .enumerate()
                .map(|(i, &run)| {
                    run && grades[i].is_some_and(|g| (g * 100.0).abs() <= p.flat_grade_pct)
                })
                .collect();
            let by_mask = steps_with(&a, &basis.weights, &basis.speeds, &mask);
            let by_filter = flat_steps(&steps.0, &grades, p.flat_grade_pct);
            assert!(!by_mask.is_empty(), "case {case}");
            assert_eq!(
                format!("{by_mask:?}"),
                format!("{by_filter:?}"),
                "case {case}"
            );
        }
    }

    #[test]
    fn step_length_is_speed_over_step_rate() {
        let mut a = build(&[(180.0, 3.0); 120]);
        for s in &mut a.samples {
            s.vertical_oscillation_mm = Some(80.0);
            s.step_length_mm = Some(1_020.0);
        }
        let r = analyze(&a, &[], &all(&a), &StrideParams::default()).unwrap();
        assert!((r.step_length_m - 1.0).abs() < 1e-12);
        assert!((r.device_step_length_m.unwrap() - 1.02).abs() < 1e-12);
        let d = r.dynamics.unwrap();
        assert!((d.vertical_ratio_pct.unwrap() - 8.0).abs() < 1e-9);
        assert!(d.vertical_ratio_computed);
        assert_eq!(d.stance_time_ms, None);
        // 3.0 m/s falls in the 3.0–3.5 band.
        let b = &r.by_speed[2];
        assert_eq!((b.min_mps, b.max_mps), (Some(3.0), Some(3.5)));
        assert!((b.stats.step_length_m.unwrap() - 1.0).abs() < 1e-12);
        assert!(r.descent_vs_flat.is_none());
    }

    #[test]
    fn recorded_dynamics_are_averaged_over_running_only() {
        let mut a = build(&[(170.0, 3.0); 100]);
        for (i, s) in a.samples.iter_mut().enumerate() {
            s.stance_time_ms = Some(if i < 50 { 240.0 } else { 500.0 });
            s.vertical_ratio_pct = Some(7.5);
            s.stance_balance_left_pct = Some(50.6);
        }
        let mut running = all(&a);
        running[50..].fill(false);
        let r = analyze(&a, &[], &running, &StrideParams::default()).unwrap();
        let d = r.dynamics.unwrap();
        assert_eq!(d.stance_time_ms, Some(240.0));
        assert_eq!(d.vertical_ratio_pct, Some(7.5));
        assert!(!d.vertical_ratio_computed);
        assert!((d.stance_balance_left_pct.unwrap() - 50.6).abs() < 1e-9);
    }

    #[test]
    fn descent_at_matched_speed_needs_enough_time() {
        // 300 s flat at 3.0 m/s / 170 spm, then 120 s of descent at 3.1 m/s / 160 spm.
        let mut rows = vec![(170.0, 3.0); 300];
        rows.extend(vec![(160.0, 3.1); 120]);
        let a = build(&rows);
        let mut grades = vec![Some(0.0); 300];
        grades.extend(vec![Some(-0.06); 120]);
        let p = StrideParams::default();
        let r = analyze(&a, &grades, &all(&a), &p).unwrap();
        let d = r.descent_vs_flat.unwrap();
        // Own step 3.1 × 60 / 160 = 1.1625 m against 3.0 × 60 / 170 = 1.0588 m.
        let want = 100.0 * (1.1625 / (180.0 / 170.0) - 1.0);
        assert!((d.step_length_change_pct - want).abs() < 1e-6, "{d:?}");
        assert!((d.cadence_change_pct - 100.0 * (160.0 / 170.0 - 1.0)).abs() < 1e-9);
        assert!((d.matched_time_s - 120.0).abs() < 1e-9);
        // A descent at a speed never run on the flat has no reference.
        let mut rows = vec![(170.0, 3.0); 300];
        rows.extend(vec![(160.0, 4.0); 120]);
        let a = build(&rows);
        assert!(analyze(&a, &grades, &all(&a), &p)
            .unwrap()
            .descent_vs_flat
            .is_none());
    }

    #[test]
    fn hilly_10k_descent_has_longer_steps_than_flat() {
        let (run, a, grades) = synth_fit(&Scenario::hilly_10k());
        let running = running_mask(&classify(&a, &CadenceParams::default()));
        let r = analyze(&a, &grades, &running, &StrideParams::default()).unwrap();
        let t = &run.truth;
        let truth_sl = t.stats.avg_step_length_mm.unwrap() / 1000.0;
        assert!(
            (r.step_length_m - truth_sl).abs() < 0.01,
            "{} vs {truth_sl}",
            r.step_length_m
        );
        assert!((r.device_step_length_m.unwrap() - truth_sl).abs() < 0.01);
        let d = r.dynamics.as_ref().unwrap();
        let vr = t.stats.avg_vertical_ratio_pct.unwrap();
        assert!((d.vertical_ratio_pct.unwrap() - vr).abs() < 0.05);
        assert!((d.stance_time_ms.unwrap() - t.stats.avg_stance_time_ms.unwrap()).abs() < 1.0);
        match &r.descent_vs_flat {
            Some(dv) => {
                assert!(dv.matched_time_s >= 60.0);
                assert!(dv.step_length_change_pct > 0.0, "{dv:?}");
                assert!(dv.cadence_change_pct < 0.0, "{dv:?}");
            }
            None => panic!("expected a descent comparison"),
        }
    }

    #[test]
    fn baseline_fit_and_compare() {
        // Cadence 150 + 8·v, i.e. 174 at 3 m/s and 178 at 3.5 m/s.
        let rows: Vec<(f64, f64)> = (0..200)
            .map(|i| {
                let v = if i % 2 == 0 { 3.0 } else { 3.5 };
                (150.0 + 8.0 * v, v)
            })
            .collect();
        let a = build(&rows);
        let b = fit_speed_models(&a, &all(&a)).unwrap();
        assert!((b.cadence_at_speed.slope - 8.0).abs() < 1e-9);
        assert!((b.cadence_at_speed.intercept - 150.0).abs() < 1e-9);
        let same = compare(&a, &all(&a), &b).unwrap();
        assert!(same.cadence_diff_pct.abs() < 1e-9);
        let slow = build(&[(160.0, 3.0); 100]);
        let c = compare(&slow, &all(&slow), &b).unwrap();
        assert!((c.cadence_diff_pct - 100.0 * (160.0 / 174.0 - 1.0)).abs() < 1e-9);
        assert!(c.step_length_diff_pct > 0.0);
        assert!(fit_speed_models(&slow, &all(&slow)).is_none());
    }

    #[test]
    fn corner_cases() {
        let p = StrideParams::default();
        let empty = Activity::new(Format::Fit);
        assert!(analyze(&empty, &[], &[], &p).is_none());
        let zeros = build(&[(0.0, 0.0); 10]);
        assert!(analyze(&zeros, &[], &all(&zeros), &p).is_none());
        let one = build(&[(170.0, 3.0)]);
        assert!(analyze(&one, &[], &all(&one), &p).is_none());
        let a = build(&[(170.0, 3.0); 10]);
        assert!(
            analyze(&a, &[], &[], &p).is_none(),
            "nothing marked running"
        );
        let two = build(&[(170.0, 3.0), (170.0, 3.0)]);
        let r = analyze(&two, &[], &all(&two), &p).unwrap();
        assert!(!format!("{r:?}").contains("NaN"));
        assert!(compare(
            &empty,
            &[],
            &fit_speed_models(&build(&[(170.0, 3.0), (175.0, 3.5)]), &[true, true]).unwrap()
        )
        .is_none());
    }
}
