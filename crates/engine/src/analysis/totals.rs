//! Whole-activity totals: distance, elapsed and moving time, average cadence.
//!
//! * Moving time = elapsed time minus paused stretches (FIT timer stop → start; GPX/TCX
//!   time gaps, see `ingest::clean`). This is what devices call timer time.
//! * Cadence averages are **time-weighted**: each sample stands for the interval to the
//!   next one (capped at [`weight_cap`]: [`MAX_SAMPLE_WEIGHT_S`], or twice the median
//!   interval of a sparser recording), so smart recording (irregular sampling) does not
//!   bias them. Intervals inside pauses carry no weight.
//! * `avg_cadence` ignores zero cadence (standing still with the timer running).
//! * `device_method_cadence` reproduces how the recording device averages, so our figure
//!   can be checked against the device's session summary: Garmin averages over timer
//!   time *including* zero-cadence samples, each reading standing for the interval that
//!   ends at it; Suunto, COROS, Polar, Wahoo, Stryd and others
//!   average the non-zero samples. (Worked out on the shared corpus: see the corpus test
//!   `fit_sessions_match_device_summaries`.)

use crate::model::Activity;
use crate::units::StepsPerMin;

/// Longest interval one sample may stand for in time-weighted means (s), unless the
/// recording is sparser (see [`weight_cap`]).
pub const MAX_SAMPLE_WEIGHT_S: f64 = 10.0;

/// Longest interval one sample of `a` stands for: [`MAX_SAMPLE_WEIGHT_S`] (our choice:
/// smart recording leaves up to a few seconds between points, a longer gap is a dropout),
/// or twice the median interval when most intervals are longer than half of that (a GPX
/// with a point a minute: each point stands for its minute, and its time counts).
#[must_use]
pub fn weight_cap(a: &Activity) -> f64 {
    let intervals = || {
        a.samples
            .windows(2)
            .filter_map(|p| Some(p[1].t_s? - p[0].t_s?))
            .filter(|dt| *dt > 0.0 && dt.is_finite())
    };
    let (n, long) = intervals().fold((0_usize, 0_usize), |(n, long), dt| {
        (n + 1, long + usize::from(dt > MAX_SAMPLE_WEIGHT_S / 2.0))
    });
    if long * 2 <= n {
        return MAX_SAMPLE_WEIGHT_S;
    }
    let mut v: Vec<f64> = intervals().collect();
    let k = v.len() / 2;
    let median = *v.select_nth_unstable_by(k, f64::total_cmp).1;
    (2.0 * median).max(MAX_SAMPLE_WEIGHT_S)
}

/// Totals of one activity.
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    /// Distance covered in metres: last cumulative distance minus where it counts from
    /// ([`distance_origin`]).
    pub distance_m: Option<f64>,
    /// First to last sample time in seconds.
    pub elapsed_s: Option<f64>,
    /// Elapsed time minus pauses, in seconds.
    pub moving_s: Option<f64>,
    /// Time-weighted mean of non-zero cadence while moving.
    pub avg_cadence: Option<StepsPerMin>,
    /// The average computed the way the recording device computes it.
    pub device_method_cadence: Option<StepsPerMin>,
    /// Time-weighted mean power while moving, zeros included, watts (see
    /// `weighted_power`).
    pub avg_power_w: Option<f64>,
}

/// Compute the totals of an activity.
#[must_use]
pub fn totals(a: &Activity) -> Totals {
    totals_with(a, &sample_weights(a))
}

/// [`totals`] given the samples' weights ([`sample_weights`]).
#[must_use]
pub(crate) fn totals_with(a: &Activity, weights: &[f64]) -> Totals {
    let distance_m = {
        let first = a.samples.iter().find_map(|s| Some((s.distance_m?, s.t_s)));
        let last = a.samples.iter().rev().find_map(|s| s.distance_m);
        first
            .zip(last)
            .map(|((f, t), l)| (l - distance_origin(f, t)).max(0.0))
    };
    let t0 = a.samples.iter().find_map(|s| s.t_s);
    let t1 = a.samples.iter().rev().find_map(|s| s.t_s);
    let elapsed_s = t0.zip(t1).map(|(f, l)| (l - f).max(0.0));
    let moving_s = t0.zip(t1).map(|(f, l)| {
        let paused: f64 = a
            .pauses
            .iter()
            .map(|p| (p.end_s.min(l) - p.start_s.max(f)).max(0.0))
            .sum();
        ((l - f) - paused).max(0.0)
    });
    let garmin = a
        .device
        .manufacturer
        .as_deref()
        .is_some_and(|m| m.eq_ignore_ascii_case("garmin"));
    Totals {
        distance_m,
        elapsed_s,
        moving_s,
        avg_cadence: weighted_cadence(a, weights, false),
        device_method_cadence: if garmin {
            weighted_cadence(a, &interval_ending_weights(weights), true)
        } else {
            weighted_cadence(a, weights, false)
        },
        avg_power_w: weighted_power(a, weights),
    }
}

/// Fastest a runner covers ground before the first sample is written, m/s (our choice:
/// above any running pace, below a car's).
pub(crate) const FIRST_SAMPLE_MAX_MPS: f64 = 12.0;

/// Where the run's distance counts from, given the first sample's cumulative distance
/// `first_m` at `t_s` seconds after the start: 0 when the device could have covered it
/// since the start (its counter starts at 0 and the first record came a few metres in, as
/// devices' own totals count), else `first_m` (a session inside a longer recording).
#[must_use]
pub fn distance_origin(first_m: f64, t_s: Option<f64>) -> f64 {
    let since_start = t_s.unwrap_or(0.0).max(0.0) + 1.0;
    if first_m > 0.0 && first_m <= FIRST_SAMPLE_MAX_MPS * since_start {
        0.0
    } else {
        first_m
    }
}

/// Whole-run averages as devices show them: heart rate and running dynamics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Averages {
    /// Time-weighted mean heart rate over timer time, bpm.
    pub avg_heart_rate_bpm: Option<f64>,
    /// Highest heart rate of any sample, bpm.
    pub max_heart_rate_bpm: Option<f64>,
    /// Time-weighted mean ground contact time, ms.
    pub avg_ground_contact_ms: Option<f64>,
    /// Time-weighted mean vertical oscillation, mm.
    pub avg_vertical_oscillation_mm: Option<f64>,
    /// Time-weighted mean vertical ratio, percent.
    pub avg_vertical_ratio_pct: Option<f64>,
}

/// Whole-run averages the way Garmin's session summary defines them (FIT SDK profile,
/// `session.avg_heart_rate`, `avg_stance_time`, `avg_vertical_oscillation`,
/// `avg_vertical_ratio`: averages over the timer time): each sample weighs the timer time
/// until the next one ([`sample_weights`]: nothing inside pauses, capped intervals).
/// Missing readings and zeros (strap off, standing still: the readers drop them) are left
/// out rather than averaged as zero. Checked against the devices' own figures in the
/// corpus test `fit_averages_match_device_summaries`.
#[must_use]
pub fn averages(a: &Activity) -> Averages {
    averages_with(a, &sample_weights(a))
}

/// [`averages`] given the samples' weights ([`sample_weights`] of `a`, e.g. a review's
/// [`Basis`](crate::analysis::basis::Basis) of the recording as read: issue 24, the
/// weights are not derived a second time).
#[must_use]
pub fn averages_with(a: &Activity, w: &[f64]) -> Averages {
    // The four means in one pass over the samples, each summed in sample order as a pass
    // of its own would (issue 24: four passes through a `dyn Fn` each).
    let mut sums = [(0.0_f64, 0.0_f64); 4];
    for (s, &w) in a.samples.iter().zip(w) {
        let readings = [
            s.heart_rate_bpm,
            s.stance_time_ms,
            s.vertical_oscillation_mm,
            s.vertical_ratio_pct,
        ];
        for (acc, v) in sums.iter_mut().zip(readings) {
            if let Some(v) = v.filter(|v| *v > 0.0) {
                *acc = (acc.0 + v * w, acc.1 + w);
            }
        }
    }
    let mean = |k: usize| {
        let (sum, weight) = sums[k];
        (weight > 0.0).then(|| sum / weight)
    };
    Averages {
        avg_heart_rate_bpm: mean(0),
        max_heart_rate_bpm: a
            .samples
            .iter()
            .filter_map(|s| s.heart_rate_bpm)
            .reduce(f64::max),
        avg_ground_contact_ms: mean(1),
        avg_vertical_oscillation_mm: mean(2),
        avg_vertical_ratio_pct: mean(3),
    }
}

/// Weight of each sample: the moving time until the next sample, capped.
#[must_use]
pub fn sample_weights(a: &Activity) -> Vec<f64> {
    weights_with(a, &PauseSet::of(a), weight_cap(a))
}

/// [`sample_weights`] given the activity's pauses and [`weight_cap`].
pub(crate) fn weights_with(a: &Activity, pauses: &PauseSet, cap: f64) -> Vec<f64> {
    let n = a.samples.len();
    let mut w = vec![0.0; n];
    let mut pauses = pauses.cursor();
    for (i, pair) in a.samples.windows(2).enumerate() {
        let (Some(t), Some(next)) = (pair[0].t_s, pair[1].t_s) else {
            continue;
        };
        let dt = next - t;
        let mid = t + dt / 2.0;
        if dt > 0.0 && !pauses.contains(mid) {
            w[i] = dt.min(cap);
        }
    }
    // The last sample stands for one typical interval.
    if n >= 2 {
        w[n - 1] = w[n - 2];
    }
    w
}

/// Weights where each sample stands for the interval that ends at it (the one before it),
/// not the one that follows: a watch's cadence reading is measured over the steps just
/// taken. Garmin's session average reads this way: on the 57 s fenix 5 test file whose
/// records are 1–9 s apart (smart recording) it gives 166.2 steps/min against the device's
/// 167.3, where the following-interval weights give 162.3; on 20 other Garmin sessions of
/// the corpus the two agree within 0.1 (tests/it/corpus_fit.rs). The first sample weighs
/// nothing (no interval ends at it).
fn interval_ending_weights(w: &[f64]) -> Vec<f64> {
    let mut b = vec![0.0; w.len()];
    for (to, from) in b.iter_mut().skip(1).zip(w) {
        *to = *from;
    }
    b
}

/// An activity's pauses as sorted, disjoint open intervals, for logarithmic lookups
/// (a file can hold thousands of auto-pauses; a scan per sample would be quadratic).
#[derive(Debug, Clone)]
pub struct PauseSet(Vec<(f64, f64)>);

impl PauseSet {
    /// The pauses of `a`, sorted, overlapping ones merged (reversed or NaN bounds dropped).
    pub fn of(a: &Activity) -> Self {
        let mut v: Vec<(f64, f64)> = a
            .pauses
            .iter()
            .map(|p| (p.start_s, p.end_s))
            // Zero-length pauses contain no instant but still overlap an interval.
            .filter(|(s, e)| s <= e)
            .collect();
        v.sort_by(|x, y| x.0.total_cmp(&y.0));
        let mut merged: Vec<(f64, f64)> = Vec::with_capacity(v.len());
        for (s, e) in v {
            match merged.last_mut() {
                // Open intervals: (a, b) ∪ (c, d) is one interval only when c < b.
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Self(merged)
    }

    /// Whether `t` lies strictly inside a pause.
    pub fn contains(&self, t: f64) -> bool {
        let k = self.0.partition_point(|&(_, e)| e <= t);
        self.0.get(k).is_some_and(|&(s, _)| s < t)
    }

    /// Whether a pause overlaps `[t0, t1]` (some pause starts before `t1` and ends after
    /// `t0`).
    pub fn overlaps(&self, t0: f64, t1: f64) -> bool {
        let k = self.0.partition_point(|&(_, e)| e <= t0);
        self.0.get(k).is_some_and(|&(s, _)| s < t1)
    }

    /// A [`PauseCursor`] over these pauses, for lookups along the samples.
    pub(crate) fn cursor(&self) -> PauseCursor<'_> {
        PauseCursor {
            pauses: &self.0,
            k: 0,
            last: f64::NEG_INFINITY,
        }
    }
}

/// [`PauseSet::contains`] and [`PauseSet::overlaps`] at instants that mostly grow (a walk
/// along the samples): the first pause ending after an instant is searched from the
/// previous instant's onwards while the instants do not decrease (the pauses' ends never
/// do), by bisection otherwise, so every answer is the set's own (issue 24: a bisection
/// per sample).
pub(crate) struct PauseCursor<'a> {
    pauses: &'a [(f64, f64)],
    /// The first pause ending after `last`.
    k: usize,
    last: f64,
}

impl PauseCursor<'_> {
    /// Index of the first pause ending after `t` (`partition_point` of `end <= t`).
    fn first_ending_after(&mut self, t: f64) -> usize {
        // Pauses before `k` end at or before `last`, so at or before any `t >= last`.
        if t >= self.last {
            while self.pauses.get(self.k).is_some_and(|&(_, e)| e <= t) {
                self.k += 1;
            }
        } else {
            self.k = self.pauses.partition_point(|&(_, e)| e <= t);
        }
        self.last = t;
        self.k
    }

    /// [`PauseSet::contains`].
    pub(crate) fn contains(&mut self, t: f64) -> bool {
        let k = self.first_ending_after(t);
        self.pauses.get(k).is_some_and(|&(s, _)| s < t)
    }

    /// [`PauseSet::overlaps`].
    pub(crate) fn overlaps(&mut self, t0: f64, t1: f64) -> bool {
        let k = self.first_ending_after(t0);
        self.pauses.get(k).is_some_and(|&(s, _)| s < t1)
    }
}

fn weighted_cadence(a: &Activity, weights: &[f64], include_zeros: bool) -> Option<StepsPerMin> {
    let (mut sum, mut total) = (0.0, 0.0);
    for (s, &w) in a.samples.iter().zip(weights) {
        if let Some(c) = s.cadence {
            if c.0 > 0.0 || include_zeros {
                sum += c.0 * w;
                total += w;
            }
        }
    }
    (total > 0.0 && sum > 0.0).then(|| StepsPerMin(sum / total))
}

/// Time-weighted mean of power over the moving samples that carry it, zeros included
/// (a power meter's average over timer time counts the coasting and standing zeros, as
/// Garmin's default "Power Averaging: Include Zeros" does; our choice where devices let
/// the runner choose). `None` without power.
fn weighted_power(a: &Activity, weights: &[f64]) -> Option<f64> {
    let (mut sum, mut total) = (0.0, 0.0);
    for (s, &w) in a.samples.iter().zip(weights) {
        if let Some(p) = s.power_w {
            sum += p * w;
            total += w;
        }
    }
    (total > 0.0).then(|| sum / total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Pause, Sample};

    fn run(cads: &[f64]) -> Activity {
        let mut a = Activity::new(Format::Fit);
        a.samples = cads
            .iter()
            .enumerate()
            .map(|(i, c)| Sample {
                t_s: Some(i as f64),
                distance_m: Some(i as f64 * 3.0),
                cadence: Some(StepsPerMin(*c)),
                ..Sample::default()
            })
            .collect();
        a
    }

    #[test]
    fn totals_of_a_steady_run_with_a_pause() {
        let mut a = run(&[170.0; 101]);
        a.pauses = vec![Pause {
            start_s: 40.0,
            end_s: 60.0,
        }];
        let t = totals(&a);
        assert_eq!(t.distance_m, Some(300.0));
        assert_eq!(t.elapsed_s, Some(100.0));
        assert_eq!(t.moving_s, Some(80.0));
        assert_eq!(t.avg_cadence, Some(StepsPerMin(170.0)));
    }

    #[test]
    fn a_garmin_reading_stands_for_the_interval_that_ends_at_it() {
        // Smart recording: three standing seconds, then one record 8 s later at 180.
        let mut a = run(&[0.0, 0.0, 0.0, 180.0]);
        a.samples[3].t_s = Some(10.0);
        a.device.manufacturer = Some("garmin".into());
        // 180 over the 8 s ending at the last record, 0 over the first two seconds.
        assert_eq!(totals(&a).device_method_cadence, Some(StepsPerMin(144.0)));
    }

    #[test]
    fn zeros_are_ignored_unless_the_device_counts_them() {
        let mut a = run(&[180.0, 180.0, 0.0, 0.0, 180.0, 180.0]);
        assert_eq!(totals(&a).avg_cadence, Some(StepsPerMin(180.0)));
        assert_eq!(totals(&a).device_method_cadence, Some(StepsPerMin(180.0)));
        a.device.manufacturer = Some("garmin".into());
        // Five intervals end at samples 1..=5: 180, 0, 0, 180, 180.
        assert_eq!(totals(&a).device_method_cadence, Some(StepsPerMin(108.0)));
    }

    #[test]
    fn empty_and_single_sample_activities() {
        let a = Activity::new(Format::Gpx);
        let t = totals(&a);
        assert_eq!(
            (t.distance_m, t.elapsed_s, t.avg_cadence),
            (None, None, None)
        );
        let one = run(&[170.0]);
        assert_eq!(totals(&one).elapsed_s, Some(0.0));
        assert_eq!(totals(&one).avg_cadence, None);
    }

    #[test]
    fn a_sparse_recording_weighs_each_point_for_its_interval() {
        // A point a minute (a GPX from a battery-saving mode): each stands for its minute.
        let mut a = run(&[170.0; 6]);
        for (i, s) in a.samples.iter_mut().enumerate() {
            s.t_s = Some(60.0 * i as f64);
            s.distance_m = Some(180.0 * i as f64);
        }
        assert!((weight_cap(&a) - 120.0).abs() < 1e-12);
        assert_eq!(sample_weights(&a), vec![60.0; 6]);
        let speeds = crate::analysis::cadence::sample_speeds(&a);
        assert!(speeds
            .iter()
            .all(|v| v.is_some_and(|v| (v - 3.0).abs() < 1e-12)));
        // Every second, with one 5-minute dropout: the cap stays at 10 s.
        let mut b = run(&[170.0; 30]);
        for s in &mut b.samples[20..] {
            s.t_s = s.t_s.map(|t| t + 300.0);
        }
        assert!((weight_cap(&b) - MAX_SAMPLE_WEIGHT_S).abs() < 1e-12);
        assert!((sample_weights(&b)[19] - MAX_SAMPLE_WEIGHT_S).abs() < 1e-12);
    }

    proptest::proptest! {
        /// A cursor's answers are the set's own, along instants that mostly grow, now and
        /// then fall back, repeat, or are not numbers.
        #[test]
        fn a_cursor_answers_what_the_set_does(
            raw in proptest::collection::vec((0.0..100.0_f64, 0.0..20.0_f64), 0..12),
            probes in proptest::collection::vec((-2.0..10.0_f64, 0.0..10.0_f64, 0u8..20), 1..80),
        ) {
            let mut a = run(&[170.0]);
            a.pauses = raw
                .iter()
                .enumerate()
                .map(|(k, &(s, len))| match k % 4 {
                    3 => Pause { start_s: s, end_s: s },
                    _ => Pause { start_s: s, end_s: s + len },
                })
                .collect();
            let set = PauseSet::of(&a);
            let mut cursor = set.cursor();
            let mut t = -5.0;
            for &(step, dt, odd) in &probes {
                let q = match odd {
                    0 => f64::NAN,
                    1 => f64::NEG_INFINITY,
                    _ => {
                        t += step;
                        t
                    }
                };
                if odd % 2 == 0 {
                    proptest::prop_assert_eq!(cursor.contains(q), set.contains(q), "t = {}", q);
                } else {
                    proptest::prop_assert_eq!(
                        cursor.overlaps(q, q + dt),
                        set.overlaps(q, q + dt),
                        "[{}, {}]", q, q + dt
                    );
                }
            }
        }

        /// The averages summed in one pass are, bit for bit, those of one pass per
        /// reading (the computation before issue 24's round four): readings missing, zero,
        /// negative or NaN here and there, irregular intervals and a pause.
        #[test]
        fn averages_in_one_pass_are_those_of_a_pass_per_reading(
            rows in proptest::collection::vec(
                (0.2..12.0_f64, 0u8..8, 0.0..200.0_f64, 0.0..400.0_f64, 0.0..120.0_f64, 0.0..12.0_f64),
                2..300,
            ),
        ) {
            let mut a = Activity::new(Format::Fit);
            let mut t = 0.0;
            for &(dt, odd, hr, gct, vo, vr) in &rows {
                let pick = |k: u8, v: f64| match (odd + k) % 8 {
                    0 => None,
                    1 => Some(0.0),
                    2 => Some(f64::NAN),
                    3 => Some(-v),
                    _ => Some(v),
                };
                a.samples.push(Sample {
                    t_s: Some(t),
                    heart_rate_bpm: pick(0, hr),
                    stance_time_ms: pick(1, gct),
                    vertical_oscillation_mm: pick(2, vo),
                    vertical_ratio_pct: pick(3, vr),
                    ..Sample::default()
                });
                t += dt;
            }
            a.pauses = vec![Pause { start_s: t / 3.0, end_s: t / 2.0 }];
            let w = sample_weights(&a);
            let mean = |get: &dyn Fn(&Sample) -> Option<f64>| {
                let (sum, weight) = a
                    .samples
                    .iter()
                    .zip(&w)
                    .filter_map(|(s, w)| get(s).filter(|v| *v > 0.0).map(|v| (v, *w)))
                    .fold((0.0, 0.0), |(s, ww), (v, w)| (s + v * w, ww + w));
                (weight > 0.0).then(|| sum / weight)
            };
            let got = averages(&a);
            let bits = |x: Option<f64>| x.map(f64::to_bits);
            proptest::prop_assert_eq!(bits(got.avg_heart_rate_bpm), bits(mean(&|s| s.heart_rate_bpm)));
            proptest::prop_assert_eq!(bits(got.avg_ground_contact_ms), bits(mean(&|s| s.stance_time_ms)));
            proptest::prop_assert_eq!(
                bits(got.avg_vertical_oscillation_mm),
                bits(mean(&|s| s.vertical_oscillation_mm))
            );
            proptest::prop_assert_eq!(bits(got.avg_vertical_ratio_pct), bits(mean(&|s| s.vertical_ratio_pct)));
        }

        /// The sorted, merged lookup answers exactly what a scan of the raw pauses does.
        #[test]
        fn pause_set_agrees_with_a_scan(
            raw in proptest::collection::vec((0.0..100.0_f64, 0.0..20.0_f64), 0..12),
            probes in proptest::collection::vec((0.0..130.0_f64, 0.0..10.0_f64), 1..40),
        ) {
            let mut a = run(&[170.0]);
            // Some reversed and zero-length pauses among them.
            a.pauses = raw
                .iter()
                .enumerate()
                .map(|(k, &(s, len))| match k % 5 {
                    3 => Pause { start_s: s + len, end_s: s },
                    4 => Pause { start_s: s, end_s: s },
                    _ => Pause { start_s: s, end_s: s + len },
                })
                .collect();
            let set = PauseSet::of(&a);
            for &(t, dt) in &probes {
                let inside = a.pauses.iter().any(|p| t > p.start_s && t < p.end_s);
                proptest::prop_assert_eq!(set.contains(t), inside, "t = {}", t);
                let over = a
                    .pauses
                    .iter()
                    .filter(|p| p.start_s <= p.end_s)
                    .any(|p| p.start_s < t + dt && p.end_s > t);
                proptest::prop_assert_eq!(set.overlaps(t, t + dt), over, "[{}, {}]", t, t + dt);
            }
        }
    }
}
