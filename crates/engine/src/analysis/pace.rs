//! Pace: splits, averages, grade-adjusted pace, pace drift and aerobic decoupling
//! (docs/METHODS.md; GAP in [`crate::analysis::gap`]).
//!
//! * **Moving time** is elapsed time minus the time inside pauses, interval by interval
//!   ([`moving_seconds`]), so the splits add up to exactly `totals::moving_s`. (We do not
//!   use the capped `totals::sample_weights` here: the cap suits time-weighted means, but
//!   would make pace over a recording gap too fast.)
//! * **Pace is never averaged**: every pace is moving time ÷ distance of the stretch
//!   (docs/METHODS.md), shown in seconds per km; [`crate::units::Pace`] converts to
//!   miles for display.
//! * **Splits** are cut every `split_m` metres ([`crate::units::UnitSystem::split_meters`])
//!   from the first distance. A boundary falls between two samples: the moving time, GAP
//!   distance, heart-rate integral and climb at the boundary are interpolated linearly in
//!   distance. A runner standing still exactly on a boundary is counted in the next split.
//!   The last, partial split is kept with its real length. A run longer than
//!   [`MAX_SPLITS`] splits has none (damaged data, see there).
//! * **GAP** of a stretch is its grade-adjusted distance ÷ its moving time: each interval
//!   between samples contributes `Δdistance × k(grade)`, `k` from
//!   [`crate::analysis::gap::speed_factor`] at the mean grade of its two samples (a
//!   missing grade counts as flat). This is the distance-weighted mean of GAP speed.
//! * **Pace drift**: the run is cut into two halves of equal moving time (pauses removed;
//!   not by sample count, which biases irregular sampling); drift =
//!   `100 × (GAP pace₂ − GAP pace₁) / GAP pace₁`, positive when the second half is slower
//!   (docs/METHODS.md). On GAP, so a hilly second half is not mistaken for fatigue.
//! * **Aerobic decoupling** (Friel; TrainingPeaks "Pa:Hr"): efficiency factor
//!   `EF = speed ÷ heart rate` per half, decoupling = `100 × (EF₁ − EF₂) / EF₁`. We use GAP
//!   speed (our choice, for the same reason as drift) and the moving-time-weighted mean
//!   heart rate of each half. Classes: under 5 % good, 5–10 % moderate, over 10 % high (a
//!   convention; thresholds in [`PaceParams`]).

use crate::analysis::gap::{speed_factor, GapModel};
use crate::model::{Activity, Pause};

/// Thresholds and choices of the pace analysis. Defaults are documented per field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PaceParams {
    /// Split length in metres: 1000 (km, default) or 1609.344 (mile), from
    /// [`crate::units::UnitSystem::split_meters`].
    pub split_m: f64,
    /// Grade-adjustment model (default [`GapModel::Strava2017`]).
    pub gap_model: GapModel,
    /// Shortest moving time for which drift and decoupling are reported, seconds (default
    /// 600 s: our choice; halves of a shorter run say more about the warm-up than fatigue).
    pub drift_min_moving_s: f64,
    /// Decoupling below this is "good", percent (default 5, Friel's convention).
    pub decoupling_good_below_pct: f64,
    /// Decoupling above this is "high", percent (default 10, Friel's convention).
    pub decoupling_high_above_pct: f64,
}

impl Default for PaceParams {
    fn default() -> Self {
        Self {
            split_m: 1000.0,
            gap_model: GapModel::default(),
            drift_min_moving_s: 600.0,
            decoupling_good_below_pct: 5.0,
            decoupling_high_above_pct: 10.0,
        }
    }
}

/// One split (km or mile).
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// 0-based split number.
    pub index: usize,
    /// Start, metres along the run.
    pub start_m: f64,
    /// End, metres along the run.
    pub end_m: f64,
    /// Length, m (`split_m`, or less for the last split).
    pub distance_m: f64,
    /// True for a last split shorter than `split_m`.
    pub partial: bool,
    /// Moving time, s (pauses excluded).
    pub moving_time_s: f64,
    /// Distance ÷ moving time, m/s; `None` without moving time.
    pub speed_mps: Option<f64>,
    /// Pace, s per km.
    pub pace_s_per_km: Option<f64>,
    /// Grade-adjusted speed, m/s.
    pub gap_speed_mps: Option<f64>,
    /// Grade-adjusted pace, s per km.
    pub gap_pace_s_per_km: Option<f64>,
    /// Altitude change over the split, m: the integral of the windowed grade (the change of
    /// the grade-window moving average of altitude). `None` without grades.
    pub elevation_change_m: Option<f64>,
    /// Moving-time-weighted mean heart rate, bpm.
    pub avg_heart_rate_bpm: Option<f64>,
    /// First sample of the split (index into `Activity::samples`).
    pub sample_start: usize,
    /// One past the last sample: the split's samples are `sample_start..sample_end`.
    pub sample_end: usize,
}

/// Pace drift between the two halves of moving time.
#[derive(Debug, Clone, PartialEq)]
pub struct PaceDrift {
    /// Moving time of each half, s.
    pub half_moving_time_s: f64,
    /// Distance covered in the first half, m.
    pub first_half_distance_m: f64,
    /// Distance covered in the second half, m.
    pub second_half_distance_m: f64,
    /// Grade-adjusted pace of the first half, s per km.
    pub first_gap_pace_s_per_km: f64,
    /// Grade-adjusted pace of the second half, s per km.
    pub second_gap_pace_s_per_km: f64,
    /// `100 × (pace₂ − pace₁) / pace₁`; positive = slower in the second half.
    pub drift_pct: f64,
}

/// Friel's reading of a decoupling figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecouplingClass {
    /// Below the "good" threshold (negative values included).
    Good,
    /// Between the thresholds (inclusive).
    Moderate,
    /// Above the "high" threshold.
    High,
}

impl DecouplingClass {
    /// The name used in output: `good`, `moderate`, `high`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Moderate => "moderate",
            Self::High => "high",
        }
    }
}

/// Aerobic decoupling (Pa:HR) between the halves of moving time.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoupling {
    /// Grade-adjusted speed of the first half, m/s.
    pub first_gap_speed_mps: f64,
    /// Grade-adjusted speed of the second half, m/s.
    pub second_gap_speed_mps: f64,
    /// Mean heart rate of the first half, bpm.
    pub first_heart_rate_bpm: f64,
    /// Mean heart rate of the second half, bpm.
    pub second_heart_rate_bpm: f64,
    /// Efficiency factor of the first half, (m/s) per bpm.
    pub first_ef_mps_per_bpm: f64,
    /// Efficiency factor of the second half, (m/s) per bpm.
    pub second_ef_mps_per_bpm: f64,
    /// `100 × (EF₁ − EF₂) / EF₁`; positive = heart rate rose against pace.
    pub decoupling_pct: f64,
    /// Good / moderate / high.
    pub class: DecouplingClass,
}

/// Pace analysis of one activity.
#[derive(Debug, Clone, PartialEq)]
pub struct PaceAnalysis {
    /// Split length used, m.
    pub split_m: f64,
    /// GAP model used.
    pub gap_model: GapModel,
    /// Distance, m.
    pub distance_m: f64,
    /// Moving time, s.
    pub moving_time_s: f64,
    /// Distance ÷ moving time, m/s.
    pub avg_speed_mps: f64,
    /// Moving time ÷ distance, s per km.
    pub avg_pace_s_per_km: f64,
    /// Grade-adjusted distance ÷ moving time, m/s.
    pub avg_gap_speed_mps: f64,
    /// Grade-adjusted pace, s per km.
    pub avg_gap_pace_s_per_km: f64,
    /// The splits, in order; the last may be partial. Empty past [`MAX_SPLITS`].
    pub splits: Vec<Split>,
    /// Drift between halves; `None` for a run shorter than `drift_min_moving_s`.
    pub drift: Option<PaceDrift>,
    /// Decoupling between halves; `None` without heart rate or for a short run.
    pub decoupling: Option<Decoupling>,
}

/// Seconds of `[t0, t1]` outside the pauses (`pauses` sorted and disjoint, as the model
/// guarantees). Zero when `t1 <= t0`.
///
/// Logarithmic in the pauses plus the pauses that overlap the interval: the pauses that end
/// after `t0` are a suffix of the sorted list, found by bisection, and only those of them
/// that start before `t1` are summed. (A scan of every pause per interval made a run of
/// many pauses quadratic: 100,000 timer pauses took half a minute, issue 22.)
#[must_use]
pub fn moving_seconds(pauses: &[Pause], t0: f64, t1: f64) -> f64 {
    if t1.partial_cmp(&t0) != Some(std::cmp::Ordering::Greater) {
        return 0.0;
    }
    let first = pauses.partition_point(|p| p.end_s <= t0);
    let paused: f64 = pauses
        .get(first..)
        .unwrap_or_default()
        .iter()
        .take_while(|p| p.start_s < t1)
        .map(|p| (p.end_s.min(t1) - p.start_s.max(t0)).max(0.0))
        .sum();
    (t1 - t0 - paused).max(0.0)
}

/// Moving time spent between two distances along the run, s; `None` when the activity
/// has no timestamps or no distance.
#[must_use]
#[cfg(test)]
pub(crate) fn moving_time_between(a: &Activity, start_m: f64, end_m: f64) -> Option<f64> {
    moving_times_between(a, &[(start_m, end_m)]).pop().flatten()
}

/// [`moving_time_between`] for several stretches, building the cumulative track once
/// (linear in the samples plus logarithmic per stretch).
#[must_use]
pub(crate) fn moving_times_between(a: &Activity, stretches: &[(f64, f64)]) -> Vec<Option<f64>> {
    let (dt, has_time) = distance_and_time(a);
    if !has_time || dt.is_empty() {
        return vec![None; stretches.len()];
    }
    // [`Track::at_distance`]'s interpolation, on distance and moving time alone.
    let time_at = |x: f64| {
        let k = dt.partition_point(|&(d, _)| d < x);
        match (k.checked_sub(1), dt.get(k)) {
            (Some(j), Some(&(hd, ht))) => {
                let (ld, lt) = dt[j];
                let f = (x - ld) / (hd - ld);
                lt + (ht - lt) * f
            }
            (None, Some(&(_, t))) => t,
            (_, None) => dt.last().map_or(0.0, |&(_, t)| t),
        }
    };
    stretches
        .iter()
        .map(|&(start_m, end_m)| Some((time_at(end_m) - time_at(start_m)).max(0.0)))
        .collect()
}

/// (distance, moving time) at each sample [`Track::build`] keeps, and whether any sample
/// has a time: the same points and the same sums, without the grade-adjusted distance,
/// climb and heart rate the track also carries (issue 24: the elevation review's climb
/// durations built the whole track a second time, 1.6% of a folder review).
fn distance_and_time(a: &Activity) -> (Vec<(f64, f64)>, bool) {
    let mut dt: Vec<(f64, f64)> = Vec::with_capacity(a.samples.len());
    let mut moving = 0.0;
    let mut last_t: Option<f64> = None;
    for s in &a.samples {
        if let Some(t) = s.t_s.filter(|t| t.is_finite()) {
            if let Some(lt) = last_t {
                moving += moving_seconds(&a.pauses, lt, t);
            }
            last_t = Some(t);
        }
        let Some(d) = s.distance_m.filter(|d| d.is_finite()) else {
            continue;
        };
        if dt.last().is_some_and(|&(prev, _)| d < prev) {
            continue; // distance went backwards: a data error, skipped
        }
        dt.push((d, moving));
    }
    (dt, last_t.is_some())
}

/// Pace analysis: splits, averages, drift and decoupling.
///
/// `grades` is the per-sample grade (fraction) from
/// [`crate::analysis::elevation::grades`]; pass `&[]` when there is none (GAP then equals
/// pace). `None` for a route without timestamps, or when there is no distance or no moving
/// time.
#[must_use]
pub fn analyze(a: &Activity, grades: &[Option<f64>], p: &PaceParams) -> Option<PaceAnalysis> {
    if a.is_route() {
        return None;
    }
    let track = Track::build(a, grades, p.gap_model);
    let (first, last) = (*track.cum.first()?, *track.cum.last()?);
    let total = last.minus(first);
    if !track.has_time || total.d <= 0.0 || total.t <= 0.0 {
        return None;
    }
    let splits = splits(a, &track, p.split_m);
    let (drift, decoupling) = if total.t >= p.drift_min_moving_s {
        halves(&track, p)
    } else {
        (None, None)
    };
    Some(PaceAnalysis {
        split_m: p.split_m,
        gap_model: p.gap_model,
        distance_m: total.d,
        moving_time_s: total.t,
        avg_speed_mps: total.d / total.t,
        avg_pace_s_per_km: 1000.0 * total.t / total.d,
        avg_gap_speed_mps: total.gap / total.t,
        avg_gap_pace_s_per_km: 1000.0 * total.t / total.gap,
        splits,
        drift,
        decoupling,
    })
}

/// Cumulative quantities at one point of the track.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Cum {
    /// Distance, m.
    d: f64,
    /// Moving time, s.
    t: f64,
    /// Grade-adjusted distance, m.
    gap: f64,
    /// ∫ grade d(distance), m.
    climb: f64,
    /// ∫ heart rate d(moving time), beats × 60.
    hr: f64,
    /// Moving time with heart rate, s.
    hr_t: f64,
}

impl Cum {
    fn lerp(self, b: Self, f: f64) -> Self {
        let l = |x: f64, y: f64| x + (y - x) * f;
        Self {
            d: l(self.d, b.d),
            t: l(self.t, b.t),
            gap: l(self.gap, b.gap),
            climb: l(self.climb, b.climb),
            hr: l(self.hr, b.hr),
            hr_t: l(self.hr_t, b.hr_t),
        }
    }

    fn minus(self, b: Self) -> Self {
        Self {
            d: self.d - b.d,
            t: self.t - b.t,
            gap: self.gap - b.gap,
            climb: self.climb - b.climb,
            hr: self.hr - b.hr,
            hr_t: self.hr_t - b.hr_t,
        }
    }
}

/// Prefix sums over the samples that carry a distance.
struct Track {
    /// Sample index of each point.
    idx: Vec<usize>,
    /// Cumulative quantities at each point.
    cum: Vec<Cum>,
    has_time: bool,
    has_grade: bool,
}

fn mean_of(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(0.5 * (x + y)),
        (x, None) => x,
        (None, y) => y,
    }
}

impl Track {
    fn build(a: &Activity, grades: &[Option<f64>], model: GapModel) -> Self {
        let grade = |i: usize| grades.get(i).copied().flatten().filter(|g| g.is_finite());
        let hr = |i: usize| {
            a.samples[i]
                .heart_rate_bpm
                .filter(|h| h.is_finite() && *h > 0.0)
        };
        // At most one entry per sample: no reallocation while the track grows (issue 24).
        let mut idx = Vec::with_capacity(a.samples.len());
        let mut cum: Vec<Cum> = Vec::with_capacity(a.samples.len());
        let mut moving = 0.0;
        let mut last_t: Option<f64> = None;
        for (i, s) in a.samples.iter().enumerate() {
            if let Some(t) = s.t_s.filter(|t| t.is_finite()) {
                if let Some(lt) = last_t {
                    moving += moving_seconds(&a.pauses, lt, t);
                }
                last_t = Some(t);
            }
            let Some(d) = s.distance_m.filter(|d| d.is_finite()) else {
                continue;
            };
            let next = match (cum.last(), idx.last()) {
                (Some(prev), Some(&j)) => {
                    if d < prev.d {
                        continue; // distance went backwards: a data error, skipped
                    }
                    let (dd, dt) = (d - prev.d, moving - prev.t);
                    let g = mean_of(grade(j), grade(i)).unwrap_or(0.0);
                    let h = mean_of(hr(j), hr(i));
                    Cum {
                        d,
                        t: moving,
                        gap: prev.gap + dd * speed_factor(model, g),
                        climb: prev.climb + dd * g,
                        hr: prev.hr + h.map_or(0.0, |h| h * dt),
                        hr_t: prev.hr_t + if h.is_some() { dt } else { 0.0 },
                    }
                }
                _ => Cum {
                    d,
                    t: moving,
                    ..Cum::default()
                },
            };
            idx.push(i);
            cum.push(next);
        }
        Self {
            idx,
            cum,
            has_time: last_t.is_some(),
            has_grade: grades.iter().any(Option::is_some),
        }
    }

    /// Cumulative values when the runner first reaches distance `x` (clamped to the ends).
    fn at_distance(&self, x: f64) -> Cum {
        self.at(x, |c| c.d)
    }

    /// Cumulative values when the moving time first reaches `x` (clamped to the ends).
    fn at_time(&self, x: f64) -> Cum {
        self.at(x, |c| c.t)
    }

    fn at(&self, x: f64, key: impl Fn(&Cum) -> f64) -> Cum {
        let k = self.cum.partition_point(|c| key(c) < x);
        match (k.checked_sub(1), self.cum.get(k)) {
            (Some(j), Some(hi)) => {
                let lo = self.cum[j];
                // key(lo) < x <= key(hi), so the denominator is positive.
                lo.lerp(*hi, (x - key(&lo)) / (key(hi) - key(&lo)))
            }
            (None, Some(first)) => *first,
            (_, None) => self.cum.last().copied().unwrap_or_default(),
        }
    }

    /// Index into `cum` of the first point at or beyond distance `x`.
    fn first_at_or_after(&self, x: f64) -> usize {
        self.cum.partition_point(|c| c.d < x)
    }
}

fn pace_of(distance: f64, time: f64) -> Option<f64> {
    (distance > 0.0 && time > 0.0).then(|| 1000.0 * time / distance)
}

/// Slack for float error at the last split boundary, m (a 10 000.0000001 m run has no
/// 0.1 µm split).
const EPS_M: f64 = 1e-6;

/// Most splits one run is cut into (our choice): 10 000 km in km splits, beyond any run
/// that fits the ingest sample cap. More comes from damaged data (a FIT distance field
/// declared with a wider base type, GPS fixes jumping across the globe), and cutting it
/// would cost memory and time in proportion to a number in the file, not to its size:
/// the fuzzer's 219-byte FIT claiming 3.6 × 10¹¹ km ran out of memory here.
pub const MAX_SPLITS: usize = 10_000;

fn splits(a: &Activity, track: &Track, split_m: f64) -> Vec<Split> {
    let (Some(first), Some(last)) = (track.cum.first(), track.cum.last()) else {
        return Vec::new();
    };
    if !(split_m.is_finite() && split_m > 0.0) {
        return Vec::new();
    }
    let max_splits = MAX_SPLITS as f64;
    if (last.d - first.d) / split_m > max_splits {
        return Vec::new();
    }
    let sample_at = |k: usize| track.idx.get(k).copied().unwrap_or(a.samples.len());
    let mut out = Vec::new();
    let mut index = 0_usize;
    loop {
        let start = first.d + split_m * index as f64;
        if start >= last.d - EPS_M && index > 0 {
            break;
        }
        let mut end = start + split_m;
        let is_last = end >= last.d - EPS_M;
        if is_last {
            end = last.d;
        }
        let p0 = if index == 0 {
            *first
        } else {
            track.at_distance(start)
        };
        let p1 = if is_last {
            *last
        } else {
            track.at_distance(end)
        };
        let delta = p1.minus(p0);
        let speed = (delta.t > 0.0).then(|| delta.d / delta.t);
        let gap_speed = (delta.t > 0.0).then(|| delta.gap / delta.t);
        out.push(Split {
            index,
            start_m: start,
            end_m: end,
            distance_m: delta.d,
            partial: is_last && delta.d < split_m - EPS_M,
            moving_time_s: delta.t,
            speed_mps: speed,
            pace_s_per_km: pace_of(delta.d, delta.t),
            gap_speed_mps: gap_speed,
            gap_pace_s_per_km: pace_of(delta.gap, delta.t),
            elevation_change_m: track.has_grade.then_some(delta.climb),
            avg_heart_rate_bpm: (delta.hr_t > 0.0).then(|| delta.hr / delta.hr_t),
            sample_start: if index == 0 {
                0
            } else {
                sample_at(track.first_at_or_after(start))
            },
            sample_end: if is_last {
                a.samples.len()
            } else {
                sample_at(track.first_at_or_after(end))
            },
        });
        if is_last {
            break;
        }
        index += 1;
    }
    out
}

fn halves(track: &Track, p: &PaceParams) -> (Option<PaceDrift>, Option<Decoupling>) {
    let (Some(&first), Some(&last)) = (track.cum.first(), track.cum.last()) else {
        return (None, None);
    };
    let half_t = 0.5 * (last.t - first.t);
    let mid = track.at_time(first.t + half_t);
    let (h1, h2) = (mid.minus(first), last.minus(mid));
    if half_t <= 0.0 || h1.gap <= 0.0 || h2.gap <= 0.0 {
        return (None, None);
    }
    let (v1, v2) = (h1.gap / half_t, h2.gap / half_t);
    let (pace1, pace2) = (1000.0 / v1, 1000.0 / v2);
    let drift = PaceDrift {
        half_moving_time_s: half_t,
        first_half_distance_m: h1.d,
        second_half_distance_m: h2.d,
        first_gap_pace_s_per_km: pace1,
        second_gap_pace_s_per_km: pace2,
        drift_pct: 100.0 * (pace2 - pace1) / pace1,
    };
    let decoupling = (h1.hr_t > 0.0 && h2.hr_t > 0.0).then(|| {
        let (hr1, hr2) = (h1.hr / h1.hr_t, h2.hr / h2.hr_t);
        let (ef1, ef2) = (v1 / hr1, v2 / hr2);
        let pct = 100.0 * (ef1 - ef2) / ef1;
        let class = if pct < p.decoupling_good_below_pct {
            DecouplingClass::Good
        } else if pct > p.decoupling_high_above_pct {
            DecouplingClass::High
        } else {
            DecouplingClass::Moderate
        };
        Decoupling {
            first_gap_speed_mps: v1,
            second_gap_speed_mps: v2,
            first_heart_rate_bpm: hr1,
            second_heart_rate_bpm: hr2,
            first_ef_mps_per_bpm: ef1,
            second_ef_mps_per_bpm: ef2,
            decoupling_pct: pct,
            class,
        }
    });
    (Some(drift), decoupling)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{elevation, totals};
    use crate::model::{Format, Sample};
    use crate::synth::{self, Scenario};
    use crate::units::{MetersPerSecond, UnitSystem};

    /// A 1 Hz run from per-second speeds (m/s) and heart rates, starting at t = 0, d = 0.
    fn run(speeds: &[f64], hr: Option<f64>) -> Activity {
        let mut a = Activity::new(Format::Fit);
        let mut d = 0.0;
        a.samples.push(Sample {
            t_s: Some(0.0),
            distance_m: Some(0.0),
            heart_rate_bpm: hr,
            ..Sample::default()
        });
        for (i, v) in speeds.iter().enumerate() {
            d += v;
            a.samples.push(Sample {
                t_s: Some((i + 1) as f64),
                distance_m: Some(d),
                speed: Some(MetersPerSecond(*v)),
                heart_rate_bpm: hr,
                ..Sample::default()
            });
        }
        a
    }

    fn fit_activity(s: &Scenario) -> Activity {
        let r = synth::generate(s).unwrap();
        let bytes = synth::fit::encode(&r, &synth::fit::FitOptions::default());
        crate::ingest::read_bytes(&bytes).unwrap().remove(0)
    }

    fn close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
    }

    #[test]
    fn constant_speed_has_equal_splits_at_1000_over_speed() {
        let a = run(&[3.0; 1200], None); // 3600 m
        let r = analyze(&a, &[], &PaceParams::default()).unwrap();
        assert_eq!(r.splits.len(), 4);
        for s in &r.splits {
            close(s.pace_s_per_km.unwrap(), 1000.0 / 3.0, 1e-9);
            close(s.gap_pace_s_per_km.unwrap(), 1000.0 / 3.0, 1e-9);
        }
        let last = &r.splits[3];
        assert!(last.partial);
        close(last.distance_m, 600.0, 1e-9);
        close(last.moving_time_s, 200.0, 1e-9);
        assert!(!r.splits[2].partial);
        close(r.avg_pace_s_per_km, 1000.0 / 3.0, 1e-9);
        close(r.moving_time_s, 1200.0, 1e-9);
        // Sample ranges tile the samples.
        assert_eq!(r.splits[0].sample_start, 0);
        for w in r.splits.windows(2) {
            assert_eq!(w[0].sample_end, w[1].sample_start);
        }
        assert_eq!(r.splits[3].sample_end, a.samples.len());
        // 1000 m is reached at t = 333.3 s: sample 334 is the first past it.
        assert_eq!(r.splits[1].sample_start, 334);
    }

    #[test]
    fn a_run_longer_than_max_splits_has_no_splits_but_its_totals() {
        // One step of 10 001 km: a damaged distance, not a run.
        let too_far = 1000.0 * (MAX_SPLITS as f64 + 1.0);
        let r = analyze(&run(&[too_far], None), &[], &PaceParams::default()).unwrap();
        assert!(r.splits.is_empty());
        close(r.distance_m, too_far, 1e-6);
        // Exactly MAX_SPLITS splits are still cut.
        let r = analyze(&run(&[too_far - 1000.0], None), &[], &PaceParams::default()).unwrap();
        assert_eq!(r.splits.len(), MAX_SPLITS);
    }

    #[test]
    fn miles_split_at_1609_m() {
        let a = run(&[3.0; 1200], None);
        let p = PaceParams {
            split_m: UnitSystem::Imperial.split_meters(),
            ..PaceParams::default()
        };
        let r = analyze(&a, &[], &p).unwrap();
        assert_eq!(r.splits.len(), 3);
        close(r.splits[0].distance_m, 1609.344, 1e-9);
        close(r.splits[0].moving_time_s, 1609.344 / 3.0, 1e-9);
    }

    #[test]
    fn a_pause_is_excluded_from_split_time() {
        // 300 s at 3 m/s, then the timer stops for 120 s (no samples), then 300 s more.
        let mut a = run(&[3.0; 600], Some(140.0));
        for s in &mut a.samples[301..] {
            s.t_s = s.t_s.map(|t| t + 120.0);
        }
        a.pauses = vec![Pause {
            start_s: 300.0,
            end_s: 420.0,
        }];
        let r = analyze(&a, &[], &PaceParams::default()).unwrap();
        for s in &r.splits {
            close(s.pace_s_per_km.unwrap(), 1000.0 / 3.0, 1e-9);
        }
        close(r.moving_time_s, 600.0, 1e-9);
        close(r.moving_time_s, totals::totals(&a).moving_s.unwrap(), 1e-9);
        close(r.splits[0].avg_heart_rate_bpm.unwrap(), 140.0, 1e-9);
    }

    #[test]
    fn drift_of_a_run_slowing_from_3_0_to_2_7_at_half_time() {
        let mut speeds = vec![3.0; 1200];
        speeds.extend(vec![2.7; 1200]);
        let a = run(&speeds, Some(150.0));
        let r = analyze(&a, &[], &PaceParams::default()).unwrap();
        let d = r.drift.unwrap();
        // pace₂ / pace₁ − 1 = 3.0 / 2.7 − 1 = 11.1 %.
        close(d.drift_pct, 100.0 * (3.0 / 2.7 - 1.0), 1e-9);
        close(d.half_moving_time_s, 1200.0, 1e-9);
        close(d.first_half_distance_m, 3600.0, 1e-9);
        // Constant heart rate, falling speed: EF falls, decoupling = 100 × (1 − 2.7/3) = 10 %.
        let c = r.decoupling.unwrap();
        close(c.decoupling_pct, 10.0, 1e-9);
        assert!(c.decoupling_pct > 0.0);
        close(c.first_heart_rate_bpm, 150.0, 1e-9);
    }

    #[test]
    fn decoupling_classes() {
        let mut speeds = vec![3.0; 1200];
        speeds.extend(vec![2.8; 1200]);
        let a = run(&speeds, Some(150.0));
        let c = analyze(&a, &[], &PaceParams::default())
            .unwrap()
            .decoupling
            .unwrap();
        close(c.decoupling_pct, 100.0 * (1.0 - 2.8 / 3.0), 1e-9);
        assert_eq!(c.class, DecouplingClass::Moderate);
        let steady = analyze(&run(&[3.0; 2400], Some(150.0)), &[], &PaceParams::default())
            .unwrap()
            .decoupling
            .unwrap();
        close(steady.decoupling_pct, 0.0, 1e-9);
        assert_eq!(steady.class, DecouplingClass::Good);
        let mut speeds = vec![3.0; 1200];
        speeds.extend(vec![2.5; 1200]);
        let high = analyze(&run(&speeds, Some(150.0)), &[], &PaceParams::default())
            .unwrap()
            .decoupling
            .unwrap();
        assert_eq!(high.class, DecouplingClass::High);
        // No heart rate: no decoupling, drift still there.
        let r = analyze(&run(&speeds, None), &[], &PaceParams::default()).unwrap();
        assert!(r.decoupling.is_none() && r.drift.is_some());
        // Too short for drift.
        let r = analyze(&run(&[3.0; 300], Some(150.0)), &[], &PaceParams::default()).unwrap();
        assert!(r.drift.is_none() && r.decoupling.is_none());
    }

    #[test]
    fn drift_uses_grade_adjusted_pace() {
        // First half flat at 3.0 m/s, second half up 5 % at the Minetti-equivalent speed:
        // no drift in effort.
        let p = PaceParams {
            gap_model: GapModel::Minetti2002,
            ..PaceParams::default()
        };
        let k = speed_factor(GapModel::Minetti2002, 0.05);
        let mut speeds = vec![3.0; 1200];
        speeds.extend(vec![3.0 / k; 1200]);
        let a = run(&speeds, None);
        let grades: Vec<Option<f64>> = (0..a.samples.len())
            .map(|i| Some(if i <= 1200 { 0.0 } else { 0.05 }))
            .collect();
        let r = analyze(&a, &grades, &p).unwrap();
        // One interval straddles the grade change: allow its share of the error.
        close(r.drift.unwrap().drift_pct, 0.0, 0.05);
        // 5:00/km up 5 % is about 4:01/km GAP (Minetti, Runalyze's test vector).
        let a = run(&[1000.0 / 300.0; 900], None);
        let grades = vec![Some(0.05); a.samples.len()];
        let r = analyze(&a, &grades, &p).unwrap();
        close(r.avg_pace_s_per_km, 300.0, 1e-9);
        close(r.avg_gap_pace_s_per_km, 241.0, 0.5);
        close(r.splits[0].elevation_change_m.unwrap(), 50.0, 1e-6);
    }

    #[test]
    fn routes_and_degenerate_activities_have_no_pace() {
        let p = PaceParams::default();
        assert!(analyze(&Activity::new(Format::Gpx), &[], &p).is_none());
        let one = run(&[], None);
        assert!(analyze(&one, &[], &p).is_none());
        let mut route = run(&[3.0; 100], None);
        for s in &mut route.samples {
            s.t_s = None;
        }
        assert!(analyze(&route, &[], &p).is_none());
        assert!(moving_time_between(&route, 0.0, 100.0).is_none());
        // Standing still: no distance.
        let still = run(&[0.0; 100], None);
        assert!(analyze(&still, &[], &p).is_none());
        // Zero split length is refused quietly (no splits), not a loop.
        let r = analyze(
            &run(&[3.0; 100], None),
            &[],
            &PaceParams { split_m: 0.0, ..p },
        )
        .unwrap();
        assert!(r.splits.is_empty());
    }

    /// The lean distance-and-time track gives the full track's moving times, on a run
    /// with pauses, a backwards distance and untimed samples, over random stretches.
    #[test]
    fn lean_moving_times_match_the_track() {
        let s = Scenario::hilly_10k();
        let mut a = fit_activity(&s);
        a.pauses.push(Pause {
            start_s: 600.0,
            end_s: 660.0,
        });
        if let Some(x) = a.samples.get_mut(300) {
            x.distance_m = x.distance_m.map(|d| d - 50.0);
        }
        if let Some(x) = a.samples.get_mut(400) {
            x.t_s = None;
        }
        let track = Track::build(&a, &[], GapModel::default());
        let mut x = 0.123_f64;
        let mut stretches = vec![(-5.0, 0.0), (0.0, 1e9), (2000.0, 2000.0)];
        for _ in 0..200 {
            x = (x * 9301.0 + 49297.0) % 233_280.0;
            let from = x % 11_000.0 - 200.0;
            stretches.push((from, from + x % 3000.0));
        }
        let got = moving_times_between(&a, &stretches);
        for (&(s0, s1), g) in stretches.iter().zip(got) {
            let want = (track.at_distance(s1).t - track.at_distance(s0).t).max(0.0);
            assert_eq!(g.map(f64::to_bits), Some(want.to_bits()), "{s0}..{s1}");
        }
    }

    #[test]
    fn moving_seconds_subtracts_pauses() {
        let pauses = [
            Pause {
                start_s: 10.0,
                end_s: 20.0,
            },
            Pause {
                start_s: 30.0,
                end_s: 35.0,
            },
        ];
        close(moving_seconds(&pauses, 0.0, 40.0), 25.0, 1e-12);
        close(moving_seconds(&pauses, 15.0, 32.0), 10.0, 1e-12);
        close(moving_seconds(&pauses, 5.0, 5.0), 0.0, 0.0);
        close(moving_seconds(&pauses, 5.0, 1.0), 0.0, 0.0);
    }

    #[test]
    fn hilly_10k_splits_add_up_and_gap_tracks_the_hill() {
        let s = Scenario::hilly_10k();
        let truth = synth::generate(&s).unwrap().truth;
        let a = fit_activity(&s);
        let grades = elevation::grades(&a, &elevation::ElevationParams::default());
        let r = analyze(&a, &grades, &PaceParams::default()).unwrap();
        close(r.distance_m, truth.total_distance_m, 0.01);
        close(r.moving_time_s, truth.timer_time_s, 1e-6);
        close(r.avg_speed_mps, truth.avg_speed_mps, 1e-6);
        let t: f64 = r.splits.iter().map(|s| s.moving_time_s).sum();
        close(t, r.moving_time_s, 1e-6);
        assert_eq!(r.splits.len(), 11); // ten full km and a few metres
                                        // Split times agree with the generator's auto laps (both cut at each full km).
        for (s, lap) in r.splits.iter().zip(&truth.laps).take(9) {
            close(s.moving_time_s, lap.timer_s, 1.0);
        }
        // km 4 (3–4 km) is all uphill at 6 %: GAP faster than pace, +60 m.
        let up = &r.splits[3];
        assert!(up.gap_pace_s_per_km.unwrap() < up.pace_s_per_km.unwrap() - 30.0);
        close(up.elevation_change_m.unwrap(), 60.0, 2.0);
        // km 7 (6–7 km) is downhill at −6 %: GAP slower than pace.
        let down = &r.splits[6];
        assert!(down.gap_pace_s_per_km.unwrap() > down.pace_s_per_km.unwrap());
        close(down.elevation_change_m.unwrap(), -60.0, 2.0);
        // Heart rate per split, and the run slows late: positive decoupling and drift.
        assert!(r.splits.iter().all(|s| s.avg_heart_rate_bpm.is_some()));
        assert!(r.decoupling.unwrap().decoupling_pct > 0.0);
        assert!(r.drift.unwrap().drift_pct > 0.0);
    }
}
