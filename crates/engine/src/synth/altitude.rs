//! Altitude as devices record it: routes with a known profile (flat, one real hill, a
//! mountain run) and the errors of GPS and barometric altitude laid over them, each
//! drawn from a seed so that a failing case can be replayed.
//!
//! # GPS altitude error
//! Consumer GNSS vertical error is several metres, correlated over minutes (satellite
//! geometry and the atmosphere change slowly), with single-fix outliers, and phones add
//! steps when they switch altitude source (DOMAIN.md "Before coaching"). The model, per
//! 1 Hz sample:
//! * **jitter**: white noise of SD `white_sd_m`, 2–8 m in [`GpsNoise::random`];
//! * **drift**: a mean-reverting random walk (Ornstein–Uhlenbeck, stationary SD
//!   `drift_sd_m`, 1–4 m, correlation time `drift_tau_s`, 30–300 s): the error wanders
//!   and comes back, it does not grow without bound;
//! * **spikes**: single samples off by 10–40 m;
//! * **steps**: the altitude jumps by 15–45 m within a few seconds and stays there for a
//!   while or to the end (a phone switching between GPS and network or barometric
//!   altitude: 6 → 48 m on a beach).
//!
//! # Barometric altitude error
//! A barometer resolves about 1 m and drifts slowly with the weather (DOMAIN.md): white
//! noise of 0.1–0.3 m and a linear drift of up to ±5 m over the run.

use super::{AltitudeProfile, Course, HeartModel, Scenario, Segment, SplitMix64, SynthRun, Until};

/// Draw uniformly from `[lo, hi)`.
fn between(rng: &mut SplitMix64, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.uniform()
}

/// A step of recorded altitude: from `at_s` for `for_s` seconds (`None`: to the end),
/// the altitude is off by `rise_m`, reached over `ramp_s` seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// Start, seconds since the start.
    pub at_s: u32,
    /// Seconds the altitude stays shifted; `None` to the end.
    pub for_s: Option<u32>,
    /// The shift, m.
    pub rise_m: f64,
    /// Seconds over which the shift is reached (and undone).
    pub ramp_s: u32,
}

/// GPS altitude error (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub struct GpsNoise {
    /// Total standard deviation of drift and jitter together, m.
    pub sigma_m: f64,
    /// Stationary SD of the drift, m.
    pub drift_sd_m: f64,
    /// Correlation time of the drift, s.
    pub drift_tau_s: f64,
    /// SD of the jitter (white noise), m.
    pub white_sd_m: f64,
    /// Chance per sample of a single-sample spike.
    pub spike_rate: f64,
    /// Steps of level.
    pub steps: Vec<Step>,
    /// Seed of the noise itself.
    pub seed: u64,
}

impl GpsNoise {
    /// A random GPS error for a run of `duration_s` seconds: jitter of 2–8 m SD, drift of
    /// 1–4 m SD (correlation time 30–300 s), one spike per 5–20 minutes, and 0–2 steps of
    /// 15–45 m either way.
    #[must_use]
    pub fn random(rng: &mut SplitMix64, duration_s: u32) -> Self {
        let white_sd_m = between(rng, 2.0, 8.0);
        let drift_sd_m = between(rng, 1.0, 4.0);
        let sigma_m = white_sd_m.hypot(drift_sd_m);
        let drift_tau_s = between(rng, 30.0, 300.0);
        let spike_rate = 1.0 / between(rng, 300.0, 1200.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n_steps = (rng.uniform() * 3.0) as usize;
        let dur = f64::from(duration_s.max(60));
        let steps = (0..n_steps)
            .map(|_| {
                let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Step {
                    at_s: between(rng, 30.0, dur - 30.0) as u32,
                    for_s: (rng.uniform() < 0.6).then(|| between(rng, 60.0, 900.0) as u32),
                    rise_m: sign * between(rng, 15.0, 45.0),
                    ramp_s: between(rng, 0.0, 4.0) as u32,
                }
            })
            .collect();
        Self {
            sigma_m,
            drift_sd_m,
            drift_tau_s,
            white_sd_m,
            spike_rate,
            steps,
            seed: rng.next_u64(),
        }
    }

    /// Lay the error over a run's altitudes (quantized to 0.2 m, as FIT stores them).
    pub fn apply(&self, run: &mut SynthRun) {
        let mut rng = SplitMix64::new(self.seed);
        let a = (-1.0 / self.drift_tau_s.max(1.0)).exp();
        let kick = self.drift_sd_m * (1.0 - a * a).sqrt();
        let mut drift = self.drift_sd_m * rng.normal();
        let mut last_t = None;
        for p in &mut run.points {
            let Some(h) = p.altitude_m else { continue };
            let dt = last_t.map_or(1, |t| p.t_s.saturating_sub(t)).max(1);
            last_t = Some(p.t_s);
            for _ in 0..dt.min(3600) {
                drift = a * drift + kick * rng.normal();
            }
            let mut e = drift + self.white_sd_m * rng.normal();
            if rng.uniform() < self.spike_rate {
                let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
                e += sign * between(&mut rng, 10.0, 40.0);
            }
            e += self.steps.iter().map(|s| s.offset_at(p.t_s)).sum::<f64>();
            p.altitude_m = Some(quantize(h + e));
        }
    }
}

impl Step {
    /// The shift at second `t`.
    #[must_use]
    pub(crate) fn offset_at(&self, t: u32) -> f64 {
        let ramp = f64::from(self.ramp_s.max(1));
        let up = (f64::from(t) - f64::from(self.at_s) + 1.0) / ramp;
        let down = self.for_s.map_or(f64::INFINITY, |f| {
            (f64::from(self.at_s + f) - f64::from(t) + 1.0) / ramp
        });
        self.rise_m * up.min(down).clamp(0.0, 1.0)
    }
}

/// Barometric altitude error: white noise of 0.1–0.3 m and a linear drift of up to ±5 m
/// over the run.
pub fn barometric(run: &mut SynthRun, rng: &mut SplitMix64) {
    let white = between(rng, 0.1, 0.3);
    let drift = between(rng, -5.0, 5.0);
    let end = f64::from(run.points.last().map_or(1, |p| p.t_s).max(1));
    for p in &mut run.points {
        if let Some(h) = p.altitude_m {
            p.altitude_m = Some(quantize(
                h + drift * f64::from(p.t_s) / end + white * rng.normal(),
            ));
        }
    }
}

fn quantize(h: f64) -> f64 {
    (h * 5.0).round() / 5.0
}

/// What a route holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terrain {
    /// Flat: the ground stays within ±1 m.
    Flat,
    /// Flat with one real hill: 1.5–3 km flat, 60 m up at 6 % over 1 km and straight
    /// back down, 1.5–3 km flat.
    OneHill,
    /// A mountain run: three climbs of 150–300 m at 8–12 % and the descents back.
    Mountain,
}

/// [`route`] with 0–3 stops of 10 s to 10 min between 0.5 and 4.5 km (in distance
/// order), all drawn from `rng`: the run the property tests of the altitude analyses and
/// the cleaning lay their altitude error over.
#[must_use]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn route_with_stops(terrain: Terrain, rng: &mut SplitMix64) -> Scenario {
    let mut scenario = route(terrain, rng);
    let stops = (rng.uniform() * 4.0) as usize;
    scenario.pauses = (0..stops)
        .map(|_| super::PlannedPause {
            at_distance_m: 500.0 + 4_000.0 * rng.uniform(),
            duration_s: 10 + (rng.uniform() * 590.0) as u32,
        })
        .collect();
    scenario
        .pauses
        .sort_by(|x, y| x.at_distance_m.total_cmp(&y.at_distance_m));
    scenario
}

/// A road or trail run at 2.6–4.0 m/s over `terrain` (flat: 6–12 km), with its course and
/// start drawn from `rng`; no pauses. The profile is exact (the generator adds no
/// altitude noise): lay [`GpsNoise`] or [`barometric`] over the generated run.
#[must_use]
pub fn route(terrain: Terrain, rng: &mut SplitMix64) -> Scenario {
    let base = between(rng, 0.0, 800.0);
    let mut points = vec![(0.0, base)];
    let mut d = 0.0;
    let flat = |d: &mut f64, len: f64, points: &mut Vec<(f64, f64)>, rng: &mut SplitMix64| {
        // Gentle undulation within ±1 m every 500 m.
        let mut left = len;
        while left > 0.0 {
            let step = left.min(500.0);
            *d += step;
            left -= step;
            points.push((*d, base + between(rng, -1.0, 1.0)));
        }
    };
    let total = match terrain {
        Terrain::Flat => {
            let total = between(rng, 6_000.0, 12_000.0);
            flat(&mut d, total, &mut points, rng);
            total
        }
        Terrain::OneHill => {
            let before = between(rng, 1_500.0, 3_000.0);
            let after = between(rng, 1_500.0, 3_000.0);
            flat(&mut d, before, &mut points, rng);
            let foot = points.last().map_or(base, |p| p.1);
            d += 1_000.0;
            points.push((d, foot + 60.0));
            d += 1_000.0;
            points.push((d, foot));
            flat(&mut d, after, &mut points, rng);
            d
        }
        Terrain::Mountain => {
            flat(&mut d, between(rng, 500.0, 1_500.0), &mut points, rng);
            for _ in 0..3 {
                let height = between(rng, 150.0, 300.0);
                let up = height / between(rng, 0.08, 0.12);
                let down = height / between(rng, 0.08, 0.12);
                let foot = points.last().map_or(base, |p| p.1);
                d += up;
                points.push((d, foot + height));
                d += between(rng, 100.0, 400.0);
                points.push((d, foot + height));
                d += down;
                points.push((d, foot));
            }
            flat(&mut d, between(rng, 500.0, 1_500.0), &mut points, rng);
            d
        }
    };
    let speed = between(rng, 2.6, 4.0);
    let name = match terrain {
        Terrain::Flat => "flat-route",
        Terrain::OneHill => "one-hill-route",
        Terrain::Mountain => "mountain-route",
    };
    Scenario {
        name: name.to_string(),
        description: format!("{name}: {:.1} km at {speed:.2} m/s", total / 1000.0),
        start: chrono::DateTime::UNIX_EPOCH + chrono::Duration::days(19_800),
        sub_sport: super::SubSport::Generic,
        course: Some(Course {
            start_lat_deg: between(rng, -50.0, 60.0),
            start_lon_deg: between(rng, -120.0, 150.0),
            bearing_deg: between(rng, 0.0, 360.0),
            meander_deg: between(rng, 10.0, 60.0),
            meander_wavelength_m: between(rng, 800.0, 3_000.0),
        }),
        altitude: Some(AltitudeProfile { points }),
        segments: vec![Segment::run(
            "run",
            Until::DistanceM(total),
            speed,
            between(rng, 160.0, 180.0),
        )],
        pauses: Vec::new(),
        heart: HeartModel::default(),
        dynamics: None,
        footpod: false,
        seed: rng.next_u64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gps_noise_has_the_drawn_spread_and_steps_shift_the_level() {
        let mut rng = SplitMix64::new(11);
        let s = route(Terrain::Flat, &mut rng);
        let clean = super::super::generate(&s).unwrap();
        let mut noisy = clean.clone();
        let noise = GpsNoise {
            steps: Vec::new(),
            spike_rate: 0.0,
            ..GpsNoise::random(&mut rng, 3000)
        };
        noise.apply(&mut noisy);
        let e: Vec<f64> = noisy
            .points
            .iter()
            .zip(&clean.points)
            .map(|(a, b)| a.altitude_m.unwrap() - b.altitude_m.unwrap())
            .collect();
        let n = e.len() as f64;
        let mean = e.iter().sum::<f64>() / n;
        let sd = (e.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        // A drift of up to 300 s correlation over a ~50 min run: the sample SD is near σ.
        assert!(
            sd > 0.4 * noise.sigma_m && sd < 1.6 * noise.sigma_m,
            "{sd} vs {noise:?}"
        );
        let step = Step {
            at_s: 100,
            for_s: Some(50),
            rise_m: 40.0,
            ramp_s: 2,
        };
        assert_eq!(step.offset_at(98), 0.0);
        assert_eq!(step.offset_at(101), 40.0);
        assert_eq!(step.offset_at(149), 40.0);
        assert_eq!(step.offset_at(152), 0.0);
    }

    #[test]
    fn routes_hold_what_they_say() {
        let mut rng = SplitMix64::new(5);
        let hill = route(Terrain::OneHill, &mut rng);
        let p = hill.altitude.unwrap();
        let (lo, hi) = p
            .points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
                (l.min(x.1), h.max(x.1))
            });
        assert!((hi - lo - 60.0).abs() < 2.0, "{lo} {hi}");
        let flat = route(Terrain::Flat, &mut rng).altitude.unwrap();
        let base = flat.points[0].1;
        assert!(flat.points.iter().all(|x| (x.1 - base).abs() <= 1.0));
    }
}
