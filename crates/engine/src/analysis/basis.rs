//! What every time-weighted figure of one activity stands on, computed once per review:
//! the longest interval one sample may stand for ([`totals::weight_cap`]), each sample's weight
//! ([`totals::sample_weights`]) and each sample's speed ([`sample_speeds`](crate::analysis::cadence::sample_speeds)).
//!
//! Each analysis used to derive these itself; a review now derives them once for the
//! recording as read (totals, standing detection) and once for its moving view (every
//! figure after the standing stretches are known), and hands them down.

use crate::analysis::totals::{self, PauseSet};
use crate::model::Activity;

/// The per-sample basis of an activity's time-weighted figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Basis {
    /// Longest interval one sample stands for, s ([`totals::weight_cap`]).
    pub cap_s: f64,
    /// Weight of each sample, s ([`totals::sample_weights`]).
    pub weights: Vec<f64>,
    /// Speed of each sample, m/s ([`sample_speeds`](crate::analysis::cadence::sample_speeds)).
    pub speeds: Vec<Option<f64>>,
}

impl Basis {
    /// The basis of `a`, with its pauses as they stand.
    #[must_use]
    pub fn of(a: &Activity) -> Self {
        Self::with_cap(a, totals::weight_cap(a))
    }

    /// [`Basis::of`] given `a`'s [`totals::weight_cap`], which depends on the samples'
    /// times alone: a moving view (the same samples, more pauses) has its recording's.
    #[must_use]
    pub(crate) fn with_cap(a: &Activity, cap_s: f64) -> Self {
        let pauses = PauseSet::of(a);
        Self {
            cap_s,
            weights: totals::weights_with(a, &pauses, cap_s),
            speeds: speeds_with(a, &pauses, cap_s),
        }
    }
}

/// [`sample_speeds`](crate::analysis::cadence::sample_speeds) given the activity's pauses and [`totals::weight_cap`].
pub(crate) fn speeds_with(a: &Activity, pauses: &PauseSet, cap: f64) -> Vec<Option<f64>> {
    let n = a.samples.len();
    let max_dt = 2.0 * cap;
    let mut pauses = pauses.cursor();
    (0..n)
        .map(|i| {
            let s = &a.samples[i];
            if let Some(v) = s.speed.map(|v| v.0).filter(|v| v.is_finite() && *v >= 0.0) {
                return Some(v);
            }
            let (lo, hi) = (i.saturating_sub(1), (i + 1).min(n - 1));
            if lo == hi {
                return None;
            }
            let (p, q) = (&a.samples[lo], &a.samples[hi]);
            let (t0, t1) = (p.t_s?, q.t_s?);
            let (d0, d1) = (p.distance_m?, q.distance_m?);
            let dt = t1 - t0;
            let paused = pauses.overlaps(t0, t1);
            let v = (d1 - d0) / dt;
            (dt > 0.0 && dt <= max_dt && !paused && v.is_finite()).then_some(v.max(0.0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{cadence, motion};
    use crate::synth::session::{build, Phase, SessionOptions};

    #[test]
    fn the_basis_is_what_each_analysis_derived_on_its_own() {
        let phases = [
            Phase::Run {
                secs: 600,
                speed: 3.2,
                cadence: 172.0,
            },
            Phase::Stand { secs: 90 },
            Phase::TimerOff { secs: 120 },
            Phase::Walk {
                secs: 120,
                speed: 1.4,
                cadence: 115.0,
            },
            Phase::Run {
                secs: 300,
                speed: 3.6,
                cadence: 178.0,
            },
        ];
        for seed in 0..8 {
            let o = SessionOptions {
                recorded_speed: seed % 2 == 0,
                ..SessionOptions::default()
            };
            let (a, _) = build(&phases, &o, seed);
            let b = Basis::of(&a);
            assert_eq!(b.cap_s, totals::weight_cap(&a));
            assert_eq!(b.weights, totals::sample_weights(&a));
            assert_eq!(b.speeds, cadence::sample_speeds(&a));
            // The moving view (the standing stretches as pauses) keeps its recording's cap.
            let m = motion::standing(&a, &motion::MotionParams::default());
            assert!(!m.standing.is_empty(), "seed {seed}: the stand is found");
            let view = motion::moving_view(&a, &m);
            assert_eq!(Basis::with_cap(&view, b.cap_s), Basis::of(&view));
        }
    }
}
