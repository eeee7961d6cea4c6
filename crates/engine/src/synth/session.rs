//! Sessions of known truth with realistic noise, built as [`Activity`] values for the
//! property tests of motion and session kind: runs with standing stops (the timer
//! running, the GPS fix wandering), walks with running bursts, interval sessions, rides
//! with stops.
//!
//! Noise, per sample at 1 Hz: speed AR(1) noise of sd ≈ 0.1 m/s (a foot pod or GPS speed);
//! cadence noise of sd ≈ 2 steps/min; positions with a horizontal GPS error of a few
//! metres (AR(1) with a correlation time of about 100 s, so it wanders as a real fix does,
//! plus 0.5 m of white noise); at a stop the recorded speed is the wander of that fix
//! (0–0.4 m/s) and cadence is 0.

use super::{destination, SplitMix64};
use crate::model::{Activity, AltitudeSource, Format, Pause, Sample, Sport};
use crate::units::{MetersPerSecond, StepsPerMin};

/// One phase of a generated session.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    /// Running for `secs` at `speed` m/s and `cadence` steps/min.
    Run {
        /// Duration, s.
        secs: u32,
        /// Speed, m/s.
        speed: f64,
        /// Cadence, steps/min.
        cadence: f64,
    },
    /// Walking.
    Walk {
        /// Duration, s.
        secs: u32,
        /// Speed, m/s.
        speed: f64,
        /// Cadence, steps/min.
        cadence: f64,
    },
    /// Standing still with the timer running.
    Stand {
        /// Duration, s.
        secs: u32,
    },
    /// Riding a bicycle (no step cadence).
    Ride {
        /// Duration, s.
        secs: u32,
        /// Speed, m/s.
        speed: f64,
    },
    /// The timer stopped (a pause in the file: no samples).
    TimerOff {
        /// Duration, s.
        secs: u32,
    },
}

impl Phase {
    /// Duration, s.
    #[must_use]
    pub fn secs(&self) -> u32 {
        match *self {
            Self::Run { secs, .. }
            | Self::Walk { secs, .. }
            | Self::Stand { secs }
            | Self::Ride { secs, .. }
            | Self::TimerOff { secs } => secs,
        }
    }
}

/// What the generated session truly was.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionTruth {
    /// Metres covered.
    pub distance_m: f64,
    /// Seconds running.
    pub running_s: f64,
    /// Seconds walking.
    pub walking_s: f64,
    /// Seconds riding.
    pub riding_s: f64,
    /// Seconds standing with the timer running.
    pub standing_s: f64,
}

impl SessionTruth {
    /// Running plus walking plus riding, s.
    #[must_use]
    pub fn moving_s(&self) -> f64 {
        self.running_s + self.walking_s + self.riding_s
    }
}

/// Options of the generated file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SessionOptions {
    /// The file's sport.
    pub sport: Sport,
    /// Whether samples carry a recorded speed (else only positions and distance, as a GPX).
    pub recorded_speed: bool,
    /// Whether samples carry cadence.
    pub cadence: bool,
    /// Horizontal GPS error, m (sd of the wandering fix).
    pub gps_error_m: f64,
}

impl Default for SessionOptions {
    fn default() -> Self {
        Self {
            sport: Sport::Running,
            recorded_speed: true,
            cadence: true,
            gps_error_m: 3.0,
        }
    }
}

/// Build the session: 1 Hz samples through the phases, with the noise of the module docs.
#[must_use]
pub fn build(phases: &[Phase], o: &SessionOptions, seed: u64) -> (Activity, SessionTruth) {
    let mut rng = SplitMix64::new(seed);
    let mut a = Activity::new(Format::Fit);
    a.sport = o.sport;
    a.altitude_source = AltitudeSource::Barometric;
    let mut truth = SessionTruth::default();
    let (lat0, lon0) = (46.0 + rng.uniform() * 0.1, 7.0 + rng.uniform() * 0.1);
    let bearing = rng.uniform() * 360.0;
    let (mut t, mut d) = (0.0_f64, 0.0_f64);
    let (mut v_noise, mut ex, mut ey) = (0.0_f64, 0.0_f64, 0.0_f64);
    let (mut prev_lat, mut prev_lon): (Option<f64>, Option<f64>) = (None, None);
    let mut cum_path = 0.0_f64;
    for ph in phases {
        if let Phase::TimerOff { secs } = *ph {
            a.pauses.push(Pause {
                start_s: t,
                end_s: t + f64::from(secs),
            });
            t += f64::from(secs);
            continue;
        }
        for _ in 0..ph.secs() {
            v_noise = 0.7 * v_noise + 0.07 * rng.normal();
            // The fix wanders: AR(1) with the stated sd and a correlation time of about
            // 100 s (consumer GNSS error is dominated by slowly varying atmospheric and
            // multipath terms), plus 0.5 m of white noise per fix.
            let k = 0.99_f64;
            let e_sd = o.gps_error_m * (1.0 - k * k).sqrt();
            ex = k * ex + e_sd * rng.normal();
            ey = k * ey + e_sd * rng.normal();
            let (speed, cadence) = match *ph {
                Phase::Run { speed, cadence, .. } => {
                    truth.running_s += 1.0;
                    (speed + v_noise, Some(cadence + 2.0 * rng.normal()))
                }
                Phase::Walk { speed, cadence, .. } => {
                    truth.walking_s += 1.0;
                    (speed + v_noise, Some(cadence + 2.0 * rng.normal()))
                }
                Phase::Ride { speed, .. } => {
                    truth.riding_s += 1.0;
                    (speed + 3.0 * v_noise, None)
                }
                Phase::Stand { .. } => {
                    truth.standing_s += 1.0;
                    (0.0, Some(0.0))
                }
                Phase::TimerOff { .. } => unreachable!("handled above"),
            };
            let moving = !matches!(ph, Phase::Stand { .. });
            let speed = speed.max(0.0);
            let (la, lo) = destination(lat0, lon0, bearing, d);
            let (la, lo) = {
                let (la, lo) = destination(la, lo, 0.0, ey + 0.5 * rng.normal());
                destination(la, lo, 90.0, ex + 0.5 * rng.normal())
            };
            if let (Some(pl), Some(po)) = (prev_lat, prev_lon) {
                cum_path += super::haversine_m(pl, po, la, lo);
            }
            (prev_lat, prev_lon) = (Some(la), Some(lo));
            let recorded = if moving {
                speed
            } else {
                // A watch at rest shows the wander of its fix.
                (0.2 + 0.1 * rng.normal()).clamp(0.0, 0.4)
            };
            a.samples.push(Sample {
                t_s: Some(t),
                lat_deg: Some(la),
                lon_deg: Some(lo),
                distance_m: Some(if o.recorded_speed { d } else { cum_path }),
                speed: o.recorded_speed.then_some(MetersPerSecond(recorded)),
                altitude_m: Some(500.0),
                cadence: if o.cadence {
                    cadence.map(|c| StepsPerMin(c.max(0.0)))
                } else {
                    None
                },
                heart_rate_bpm: Some(if moving { 150.0 } else { 110.0 }),
                ..Sample::default()
            });
            if moving {
                d += speed;
            }
            t += 1.0;
        }
    }
    truth.distance_m = a
        .samples
        .iter()
        .rev()
        .find_map(|s| s.distance_m)
        .unwrap_or(0.0);
    (a, truth)
}
