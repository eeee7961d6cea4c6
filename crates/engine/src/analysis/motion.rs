//! Motion: when the runner stood still with the timer running, and the three times of a
//! recording (DOMAIN.md "Pauses and moving time").
//!
//! * **Elapsed**: first to last sample. **Timer**: elapsed minus the file's pauses (the
//!   watch's timer ran). **Moving**: timer minus the stretches in which the runner stood
//!   still ([`standing`]). Garmin and Strava show moving time apart from elapsed for this
//!   reason; pace, splits, drift and decoupling are per moving time, so a runner who
//!   waited 12 minutes at lights with the timer running is not told they ran 8:48/km when
//!   their cadence and step length say 5:15/km.
//!
//! # Standing still ([`standing`])
//! A sample is **still** when the body is not covering ground:
//! * its speed (recorded, else from the distance change, see
//!   [`crate::analysis::cadence::sample_speeds`]) is below [`MotionParams::still_max_speed_mps`]
//!   (0.5 m/s, our choice: below the slowest walking speeds, about 0.6–0.8 m/s, and above
//!   the drift of a GPS fix at rest);
//! * or, where the file has positions, the straight-line displacement to the position
//!   [`MotionParams::window_s`] (10 s) later, or earlier, whichever is smaller, is below
//!   that speed × the window: a GPS fix wandering around a standing runner adds path
//!   length but little displacement (its error drifts over minutes, not seconds), and
//!   looking both ways keeps a stop's edges sharp;
//! * and its cadence is not a running cadence (below the walking limit, 140 steps/min,
//!   DOMAIN.md "Cadence target"): a runner jogging on the spot at a light keeps stepping,
//!   a runner who walks a step or two is standing. A sample with neither speed nor
//!   position is still only when its cadence is 0.
//!
//! **Hysteresis**: a still stretch shorter than [`MotionParams::min_still_s`] (5 s) is not a
//! stop (a sharp turn, one slow fix), and a moving blip shorter than
//! [`MotionParams::min_moving_s`] (3 s) between two still stretches is part of the stop (a
//! GPS fix jumping at rest). Both our choice, a few samples at the usual 1 s recording.
//!
//! Standing stretches become intervals of time that count like pauses for every figure
//! of the review ([`moving_view`]): the same code that leaves a timer pause out of pace,
//! cadence and time in grade bands leaves standing out of them.

use crate::analysis::cadence::{sample_speeds, stretches};
use crate::model::{Activity, Pause};
use std::borrow::Cow;

/// Thresholds of the motion analysis (defaults documented per field).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MotionParams {
    /// Below this speed (or displacement speed over the window) the runner is still, m/s
    /// (default 0.5, see the module docs).
    pub still_max_speed_mps: f64,
    /// Time to the position the displacement test looks at, ahead and behind, s (default
    /// 10).
    pub window_s: f64,
    /// A cadence at or above this is running even at no speed, steps/min (default 140,
    /// the walking limit of DOMAIN.md).
    pub running_min_spm: f64,
    /// Shortest still stretch that is a stop, s (default 5).
    pub min_still_s: f64,
    /// Longest moving blip inside a stop that stays part of it, s (default 3).
    pub min_moving_s: f64,
}

impl Default for MotionParams {
    fn default() -> Self {
        Self {
            still_max_speed_mps: 0.5,
            window_s: 10.0,
            running_min_spm: 140.0,
            min_still_s: 5.0,
            min_moving_s: 3.0,
        }
    }
}

/// The three times of a recording and where the runner stood still.
#[derive(Clone, Debug, PartialEq)]
pub struct Motion {
    /// First to last sample, s.
    pub elapsed_s: f64,
    /// Elapsed minus the file's pauses, s.
    pub timer_s: f64,
    /// Timer minus standing, s.
    pub moving_s: f64,
    /// Time stood still with the timer running, s.
    pub standing_s: f64,
    /// The standing stretches, in seconds since the start, sorted and disjoint, outside
    /// the file's pauses.
    pub standing: Vec<Pause>,
}

/// Displacement speed from positions, m/s: the straight-line distance to the sample
/// `window` seconds later (or earlier), over the time between, whichever is smaller. A
/// stop's first sample looks forward into the stop and its last one back into it, so the
/// stop's edges are sharp; a moving sample sees movement both ways. `None` without
/// positions on both sides.
fn displacement_speeds(a: &Activity, window: f64) -> Vec<Option<f64>> {
    let n = a.samples.len();
    let pos: Vec<Option<(f64, f64, f64)>> = a
        .samples
        .iter()
        .map(|s| Some((s.t_s?, s.lat_deg?, s.lon_deg?)))
        .collect();
    let cos_lat = pos
        .iter()
        .flatten()
        .next()
        .map_or(1.0, |p| p.1.to_radians().cos());
    let speed = |p: (f64, f64, f64), q: (f64, f64, f64)| {
        let dt = (q.0 - p.0).abs();
        (dt >= window / 2.0)
            .then(|| crate::ingest::clean::local_distance_m(cos_lat, p.1, p.2, q.1, q.2) / dt)
    };
    let mut out = vec![None; n];
    // Two pointers (times never decrease: the model's invariant): `fwd` is the last
    // sample within `window` after i, `back` the first within `window` before it.
    let (mut back, mut fwd) = (0usize, 0usize);
    for i in 0..n {
        let Some(p) = pos[i] else { continue };
        while back < i && pos[back].is_none_or(|q| q.0 < p.0 - window) {
            back += 1;
        }
        fwd = fwd.max(i);
        while fwd + 1 < n && pos[fwd + 1].is_some_and(|q| q.0 <= p.0 + window) {
            fwd += 1;
        }
        let ahead = pos[fwd].and_then(|q| speed(p, q));
        let behind = pos[back].and_then(|q| speed(q, p));
        out[i] = match (ahead, behind) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
    }
    out
}

/// Where the runner stood still with the timer running, and the three times (see the
/// module docs). A route without times has none.
#[must_use]
pub fn standing(a: &Activity, p: &MotionParams) -> Motion {
    standing_with(a, &sample_speeds(a), p)
}

/// [`standing`] given the samples' speeds ([`sample_speeds`]).
#[must_use]
pub(crate) fn standing_with(a: &Activity, speeds: &[Option<f64>], p: &MotionParams) -> Motion {
    let t0 = a.samples.iter().find_map(|s| s.t_s);
    let t1 = a.samples.iter().rev().find_map(|s| s.t_s);
    let elapsed_s = t0.zip(t1).map_or(0.0, |(f, l)| (l - f).max(0.0));
    let timer_s = t0.zip(t1).map_or(0.0, |(f, l)| {
        crate::analysis::pace::moving_seconds(&a.pauses, f, l)
    });
    let empty = Motion {
        elapsed_s,
        timer_s,
        moving_s: timer_s,
        standing_s: 0.0,
        standing: Vec::new(),
    };
    if a.samples.len() < 2 || t0.is_none() {
        return empty;
    }
    let disp = displacement_speeds(a, p.window_s);
    let still: Vec<bool> = a
        .samples
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let cad = s.cadence.map(|c| c.0).filter(|c| c.is_finite());
            if cad.is_some_and(|c| c >= p.running_min_spm) || s.t_s.is_none() {
                return false;
            }
            let slow = speeds[i].map(|v| v < p.still_max_speed_mps);
            let stayed = disp[i].map(|v| v < p.still_max_speed_mps);
            match (slow, stayed) {
                (None, None) => cad == Some(0.0),
                (a, b) => a.unwrap_or(false) || b.unwrap_or(false),
            }
        })
        .collect();
    let time = |i: usize| a.samples[i].t_s;
    let span = |s: usize, e: usize| -> f64 {
        let end = if e < a.samples.len() {
            time(e)
        } else {
            time(e - 1)
        };
        match (time(s), end) {
            (Some(x), Some(y)) => (y - x).max(0.0),
            _ => 0.0,
        }
    };
    // Hysteresis: short moving blips inside stops join them, then short stops are dropped.
    let mut flags = still;
    let st = stretches(&flags);
    for k in 1..st.len().saturating_sub(1) {
        let (x, s, e) = st[k];
        if !x && st[k - 1].0 && st[k + 1].0 && span(s, e) < p.min_moving_s {
            flags[s..e].fill(true);
        }
    }
    let mut stops: Vec<Pause> = Vec::new();
    for (x, s, e) in stretches(&flags) {
        if !x || span(s, e) < p.min_still_s {
            continue;
        }
        let (Some(start_s), Some(end_s)) = (
            time(s),
            if e < a.samples.len() {
                time(e)
            } else {
                time(e - 1)
            },
        ) else {
            continue;
        };
        // Only the time the timer ran: cut the file's pauses out of the stop.
        let mut from = start_s;
        for q in a
            .pauses
            .iter()
            .filter(|q| q.end_s > start_s && q.start_s < end_s)
        {
            if q.start_s > from {
                stops.push(Pause {
                    start_s: from,
                    end_s: q.start_s,
                });
            }
            from = from.max(q.end_s);
        }
        if end_s > from {
            stops.push(Pause {
                start_s: from,
                end_s,
            });
        }
    }
    let standing_s: f64 = stops.iter().map(Pause::duration_s).sum();
    Motion {
        elapsed_s,
        timer_s,
        moving_s: (timer_s - standing_s).max(0.0),
        standing_s,
        standing: stops,
    }
}

/// The activity as every moving-time figure sees it: its pauses and the standing
/// stretches together, sorted and merged (the model's invariant). Borrowed unchanged when
/// the runner never stood still.
#[must_use]
pub fn moving_view<'a>(a: &'a Activity, m: &Motion) -> Cow<'a, Activity> {
    if m.standing.is_empty() {
        return Cow::Borrowed(a);
    }
    let mut v = a.clone();
    v.pauses = moving_pauses(a, m);
    Cow::Owned(v)
}

/// The pauses of [`moving_view`]: `a`'s and the standing stretches of `m` together,
/// sorted and merged.
#[must_use]
pub fn moving_pauses(a: &Activity, m: &Motion) -> Vec<Pause> {
    let mut all: Vec<Pause> = a.pauses.iter().chain(&m.standing).copied().collect();
    all.sort_by(|x, y| x.start_s.total_cmp(&y.start_s));
    let mut merged: Vec<Pause> = Vec::with_capacity(all.len());
    for q in all {
        match merged.last_mut() {
            Some(last) if q.start_s <= last.end_s => last.end_s = last.end_s.max(q.end_s),
            _ => merged.push(q),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Sample, Sport};
    use crate::units::{MetersPerSecond, StepsPerMin};

    /// 1 Hz: `(speed m/s, cadence spm)` per second, positions along a meridian.
    fn run(parts: &[(u32, f64, f64)]) -> Activity {
        let mut a = Activity::new(Format::Fit);
        a.sport = Sport::Running;
        let (mut t, mut d) = (0.0, 0.0);
        for &(secs, v, c) in parts {
            for _ in 0..secs {
                a.samples.push(Sample {
                    t_s: Some(t),
                    distance_m: Some(d),
                    lat_deg: Some(45.0 + d / 111_195.0),
                    lon_deg: Some(7.0),
                    speed: Some(MetersPerSecond(v)),
                    cadence: Some(StepsPerMin(c)),
                    ..Sample::default()
                });
                t += 1.0;
                d += v;
            }
        }
        a
    }

    #[test]
    fn a_stop_at_a_light_is_standing_and_not_moving_time() {
        let a = run(&[(600, 3.0, 172.0), (120, 0.0, 0.0), (600, 3.0, 172.0)]);
        let m = standing(&a, &MotionParams::default());
        assert_eq!(m.standing.len(), 1);
        assert!((m.standing_s - 120.0).abs() <= 1.0, "{}", m.standing_s);
        assert!((m.moving_s - 1200.0).abs() <= 1.0, "{}", m.moving_s);
        assert!((m.timer_s - 1319.0).abs() < 1e-9);
    }

    #[test]
    fn a_short_slow_fix_is_no_stop_and_jogging_on_the_spot_is_not_standing() {
        let a = run(&[(300, 3.0, 172.0), (3, 0.2, 0.0), (300, 3.0, 172.0)]);
        assert!(standing(&a, &MotionParams::default()).standing.is_empty());
        let b = run(&[(300, 3.0, 172.0), (60, 0.0, 165.0), (300, 3.0, 172.0)]);
        assert!(standing(&b, &MotionParams::default()).standing.is_empty());
    }

    #[test]
    fn standing_inside_a_timer_pause_is_not_counted_twice() {
        let mut a = run(&[(300, 3.0, 172.0), (100, 0.0, 0.0), (300, 3.0, 172.0)]);
        a.pauses.push(Pause {
            start_s: 320.0,
            end_s: 380.0,
        });
        let m = standing(&a, &MotionParams::default());
        // 100 s still, 60 of them with the timer stopped.
        assert!((m.standing_s - 40.0).abs() <= 1.0, "{}", m.standing_s);
        let v = moving_view(&a, &m);
        let paused: f64 = v.pauses.iter().map(Pause::duration_s).sum();
        assert!((paused - 100.0).abs() <= 1.0, "{paused}");
    }
}
