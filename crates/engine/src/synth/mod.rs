//! Synthetic runs with known ground truth, and writers that encode them as FIT, GPX and TCX.
//!
//! The project never ships other people's recordings. Its `sample_data/` files and many tests
//! are made here instead, from a small declarative [`Scenario`], by [`generate`]. Because the
//! generator made every sample, the figures an analysis should find are known exactly: they
//! are computed by [`generate`] from the final (noisy, quantized) samples into [`Truth`],
//! never typed by hand.
//!
//! # The model
//! A [`Scenario`] is a list of [`Segment`]s run one after the other. Each segment has a gait
//! ([`Gait::Run`] or [`Gait::Walk`]), a target speed and step rate, and ends either at a
//! cumulative distance ([`Until::DistanceM`]) or after a number of timer seconds
//! ([`Until::DurationS`]). Optional parts: a [`Course`] (positions; absent on a treadmill),
//! a piecewise-linear [`AltitudeProfile`] over distance, planned timer pauses
//! ([`PlannedPause`], e.g. a traffic light), a [`HeartModel`] and a [`DynamicsModel`]
//! (ground contact time, vertical oscillation, balance: what a chest strap or pod records).
//!
//! # How a run is generated
//! Sampling is 1 Hz. Sample 0 is at `t = 0` s, distance 0. Sample `i` describes the second
//! that ends at its timestamp, so each sample stands for exactly one second of timer time.
//! Per step:
//! * **Speed** follows the segment's target through a first-order lag (time constant
//!   [`SPEED_TAU_S`]) plus a small correlated noise, and is quantized to 1 mm/s (the FIT
//!   `enhanced_speed` resolution). **Distance** advances by exactly `speed × 1 s`.
//! * **Position**: the next point is the destination point at that distance along a slowly
//!   meandering bearing, on a sphere of radius [`EARTH_RADIUS_M`]; so the haversine distance
//!   between consecutive points equals `speed × dt` (see [`destination`], [`haversine_m`]).
//! * **Altitude** is read off the profile at the new distance and quantized to 0.2 m (FIT
//!   `enhanced_altitude` resolution). The profile has no noise, so gain and loss are
//!   unambiguous: each climb is monotone and every sampled height is exact.
//! * **Cadence** (steps/min) follows the target through a lag ([`CADENCE_TAU_S`]) within a
//!   gait, switches at once when the gait changes (runners change step rate within a step
//!   or two), gets correlated noise of about ±1 spm, and is quantized to 1/64 step/min:
//!   exactly what FIT `cadence` + `fractional_cadence` (1/128 stride/min) can store.
//! * **Heart rate** follows a target (rest offset + per-m/s + per-% uphill grade + drift per
//!   hour) through a lag, plus noise, rounded to whole bpm.
//! * **Running dynamics** (optional): stance time rising with uphill grade and in a late
//!   "fatigue" ramp, vertical oscillation, stance time balance; step length is
//!   `speed ÷ (steps/min ÷ 60)` and vertical ratio `100 × oscillation ÷ step length`
//!   (docs/METHODS.md), both computed from the final values.
//! * **Pauses**: when the distance first reaches a planned pause's distance, the timer stops
//!   at that sample and restarts `duration` seconds later; no samples are recorded in
//!   between and the runner does not move. The first sample after the pause is one second
//!   after the restart.
//!
//! Noise comes from [`SplitMix64`] seeded from the scenario, so a scenario always yields
//! the same samples and the writers the same bytes (no clock, no global randomness).
//!
//! # Truth
//! [`Truth`] is computed from the generated samples: distance, elapsed and timer time, pauses,
//! average running cadence (running samples only: walk breaks excluded, and there are no
//! samples in pauses), elevation gain and loss (sum of positive/negative differences of the
//! sampled altitude), climbs and descents (from the profile, with Runalyze's rule: at least
//! [`CLIMB_MIN_LENGTH_M`] long at a mean grade of at least [`CLIMB_MIN_GRADE`]), walk breaks,
//! interval counts, and per-segment and per-lap figures. It serializes to the
//! `<name>.truth.json` files beside the samples ([`truth_json`]).
//!
//! # Writers
//! [`fit::encode`] writes a FIT activity (its session summary is filled from the truth, so a
//! reader compared against the session is compared against known truth); [`gpx::write`] and
//! [`tcx::write`] write the XML formats with the cadence conventions of Garmin and Strava.
//! [`sample_files`] produces the exact contents of `sample_data/`.

pub mod altitude;
pub mod apple_health;
pub mod fit;
pub mod garmin_export;
pub mod gpx;
pub mod pain_folder;
pub mod rows;
pub mod session;
pub mod tcx;
pub mod vendor;

use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use serde::Serialize;
use thiserror::Error;

/// Mean Earth radius in metres: the IUGG mean radius R₁ = (2a + b) / 3 of the GRS 80 / WGS 84
/// ellipsoid (Moritz 1980, "Geodetic Reference System 1980", Bulletin Géodésique 54:395).
/// Used for every spherical formula here.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Time constant of the speed lag, seconds (our choice: a runner changes pace over a few s).
pub(crate) const SPEED_TAU_S: f64 = 5.0;

/// Time constant of the cadence lag within one gait, seconds (our choice).
pub(crate) const CADENCE_TAU_S: f64 = 8.0;

/// Shortest stretch counted as a climb or descent, metres (Runalyze's rule, see [`crate::analysis::elevation`]).
pub(crate) const CLIMB_MIN_LENGTH_M: f64 = 100.0;

/// Smallest mean grade (rise/run) of a climb or descent (Runalyze's rule, see [`crate::analysis::elevation`]).
pub(crate) const CLIMB_MIN_GRADE: f64 = 0.02;

/// Longest run the generator will produce, in samples (24 h at 1 Hz): a guard against a
/// scenario that never ends.
pub(crate) const MAX_SAMPLES: usize = 172_800;

/// Lowest speed the noise may push a runner to, m/s (keeps every sample "moving").
const MIN_SPEED_MPS: f64 = 0.5;

/// Why a scenario could not be generated or written.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SynthError {
    /// The scenario's parameters are inconsistent (say which and fix the scenario).
    #[error("invalid scenario {scenario:?}: {reason}")]
    InvalidScenario {
        /// Scenario name.
        scenario: String,
        /// What is wrong.
        reason: String,
    },
    /// A writer needs positions the run does not have (a treadmill run has none).
    #[error("run {0:?} has no positions; write it as FIT or TCX instead of GPX")]
    NoPositions(String),
    /// Serializing the truth failed.
    #[error("cannot serialize truth: {0}")]
    Json(String),
}

/// Gait of a segment and of each sample.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gait {
    /// Running.
    Run,
    /// Walking (a walk break).
    Walk,
}

/// FIT `sub_sport` values used here (FIT SDK profile, type `sub_sport`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubSport {
    /// `generic` (0): what Garmin watches write for an ordinary outdoor run.
    Generic,
    /// `treadmill` (1).
    Treadmill,
    /// `street` (2): road running.
    Street,
    /// `trail` (3).
    Trail,
}

impl SubSport {
    /// The FIT enum value.
    #[must_use]
    pub(crate) fn fit_value(self) -> u8 {
        match self {
            Self::Generic => 0,
            Self::Treadmill => 1,
            Self::Street => 2,
            Self::Trail => 3,
        }
    }

    /// The FIT enum name (as fitparser prints it).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::Treadmill => "treadmill",
            Self::Street => "street",
            Self::Trail => "trail",
        }
    }
}

/// When a segment ends.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Until {
    /// When the cumulative distance of the run first reaches this many metres.
    DistanceM(f64),
    /// After this many seconds (samples) of timer time in the segment.
    DurationS(u32),
}

/// One stretch of constant intent: gait, target speed and step rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Short label shown in the truth (e.g. `"climb"`, `"walk 3"`).
    pub label: String,
    /// Running or walking.
    pub gait: Gait,
    /// When the segment ends.
    pub until: Until,
    /// Target speed, m/s.
    pub speed_mps: f64,
    /// Target step rate, steps/min (both feet).
    pub cadence_spm: f64,
}

impl Segment {
    /// A running segment.
    #[must_use]
    pub fn run(label: &str, until: Until, speed_mps: f64, cadence_spm: f64) -> Self {
        Self {
            label: label.to_string(),
            gait: Gait::Run,
            until,
            speed_mps,
            cadence_spm,
        }
    }

    /// A walking segment.
    #[must_use]
    pub fn walk(label: &str, until: Until, speed_mps: f64, cadence_spm: f64) -> Self {
        Self {
            label: label.to_string(),
            gait: Gait::Walk,
            until,
            speed_mps,
            cadence_spm,
        }
    }
}

/// Where the course lies: a start point and a gently meandering bearing,
/// `bearing(d) = bearing_deg + meander_deg × sin(2π d / meander_wavelength_m)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Course {
    /// Start latitude, degrees.
    pub start_lat_deg: f64,
    /// Start longitude, degrees.
    pub start_lon_deg: f64,
    /// Mean bearing, degrees clockwise from north.
    pub bearing_deg: f64,
    /// Amplitude of the meander, degrees.
    pub meander_deg: f64,
    /// Wavelength of the meander, metres.
    pub meander_wavelength_m: f64,
}

impl Course {
    /// Bearing in degrees at distance `d` metres along the course.
    #[must_use]
    pub(crate) fn bearing_at(&self, d: f64) -> f64 {
        if self.meander_wavelength_m > 0.0 {
            self.bearing_deg
                + self.meander_deg * (std::f64::consts::TAU * d / self.meander_wavelength_m).sin()
        } else {
            self.bearing_deg
        }
    }
}

/// A piecewise-linear altitude profile over distance: `(distance_m, altitude_m)` points with
/// strictly increasing distance. Flat before the first point and after the last.
#[derive(Clone, Debug, PartialEq)]
pub struct AltitudeProfile {
    /// The profile's corner points.
    pub points: Vec<(f64, f64)>,
}

impl AltitudeProfile {
    /// Altitude at distance `d` by linear interpolation.
    #[must_use]
    pub(crate) fn altitude_at(&self, d: f64) -> f64 {
        let Some(&(d0, a0)) = self.points.first() else {
            return 0.0;
        };
        if d <= d0 {
            return a0;
        }
        for w in self.points.windows(2) {
            let ((da, aa), (db, ab)) = (w[0], w[1]);
            if d <= db {
                return aa + (ab - aa) * (d - da) / (db - da);
            }
        }
        self.points.last().map_or(a0, |p| p.1)
    }

    /// Grade (rise/run) of the piece that holds distance `d` (0 outside the profile).
    #[must_use]
    pub(crate) fn grade_at(&self, d: f64) -> f64 {
        for w in self.points.windows(2) {
            let ((da, aa), (db, ab)) = (w[0], w[1]);
            if d >= da && d < db {
                return (ab - aa) / (db - da);
            }
        }
        0.0
    }

    /// Climbs and descents of the profile within `[0, total_m]`, by Runalyze's rule: pieces
    /// with grade ≥ [`CLIMB_MIN_GRADE`] (or ≤ −) are merged with adjacent pieces of the same
    /// direction, and a merged stretch counts when it is at least [`CLIMB_MIN_LENGTH_M`] long.
    /// Returns `(climbs, descents)`.
    #[must_use]
    pub(crate) fn grade_sections(&self, total_m: f64) -> (Vec<GradeSection>, Vec<GradeSection>) {
        // (direction, start, end): +1 up, -1 down, 0 flat.
        let mut groups: Vec<(i8, f64, f64)> = Vec::new();
        for w in self.points.windows(2) {
            let (da, db) = (w[0].0.max(0.0), w[1].0.min(total_m));
            if db <= da {
                continue;
            }
            let g = (w[1].1 - w[0].1) / (w[1].0 - w[0].0);
            let dir = if g >= CLIMB_MIN_GRADE {
                1
            } else if g <= -CLIMB_MIN_GRADE {
                -1
            } else {
                0
            };
            match groups.last_mut() {
                Some(last) if last.0 == dir && (last.2 - da).abs() < 1e-9 => last.2 = db,
                _ => groups.push((dir, da, db)),
            }
        }
        let mut climbs = Vec::new();
        let mut descents = Vec::new();
        for (dir, start, end) in groups {
            let length = end - start;
            if dir == 0 || length < CLIMB_MIN_LENGTH_M {
                continue;
            }
            let change = self.altitude_at(end) - self.altitude_at(start);
            let section = GradeSection {
                start_m: start,
                end_m: end,
                length_m: length,
                start_altitude_m: self.altitude_at(start),
                end_altitude_m: self.altitude_at(end),
                altitude_change_m: change,
                mean_grade_pct: 100.0 * change / length,
            };
            if dir > 0 {
                climbs.push(section);
            } else {
                descents.push(section);
            }
        }
        (climbs, descents)
    }
}

/// A planned stop of the timer (traffic light, shoelace).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlannedPause {
    /// The timer stops at the first sample whose distance reaches this, metres.
    pub at_distance_m: f64,
    /// Seconds until the timer starts again.
    pub duration_s: u32,
}

/// Heart rate model: the target is
/// `base_bpm + per_mps × speed + per_grade_pct × clamp(grade %, −3, +∞) + drift × hours`,
/// followed through a first-order lag of time constant `tau_s`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeartModel {
    /// Heart rate at the first sample.
    pub start_bpm: f64,
    /// Target at zero speed on the flat.
    pub base_bpm: f64,
    /// Target increase per m/s.
    pub per_mps: f64,
    /// Target increase per percent of uphill grade.
    pub per_grade_pct: f64,
    /// Cardiac drift, bpm per hour of elapsed time.
    pub drift_bpm_per_hour: f64,
    /// Lag time constant, seconds.
    pub tau_s: f64,
}

impl Default for HeartModel {
    fn default() -> Self {
        Self {
            start_bpm: 92.0,
            base_bpm: 100.0,
            per_mps: 15.0,
            per_grade_pct: 2.5,
            drift_bpm_per_hour: 8.0,
            tau_s: 20.0,
        }
    }
}

/// Running dynamics model (HRM-Pro/RD-pod style fields).
///
/// `stance = stance_ms + per_mps_ms × (speed − 3 m/s) + per_grade_pct_ms × max(grade %, 0)
/// + late_ms × ramp`, where `ramp` rises linearly from 0 at `late_from_m` to 1 at
/// `late_from_m + late_ramp_m`; vertical oscillation is `vo_mm + vo_late_mm × ramp`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DynamicsModel {
    /// Ground contact time at 3 m/s on the flat, ms.
    pub stance_ms: f64,
    /// Change of ground contact time per m/s above 3 m/s, ms.
    pub per_mps_ms: f64,
    /// Added ground contact time per percent of uphill grade, ms.
    pub per_grade_pct_ms: f64,
    /// Added ground contact time at the end of the fatigue ramp, ms.
    pub late_ms: f64,
    /// Start of the fatigue ramp, metres.
    pub late_from_m: f64,
    /// Length of the fatigue ramp, metres.
    pub late_ramp_m: f64,
    /// Vertical oscillation, mm.
    pub vo_mm: f64,
    /// Added vertical oscillation at the end of the fatigue ramp, mm.
    pub vo_late_mm: f64,
    /// Left share of ground contact time, percent (50 = symmetric).
    pub balance_left_pct: f64,
}

/// A declarative description of a run. See the module docs for how it is generated.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// File-name stem, e.g. `hilly-10k`.
    pub name: String,
    /// One sentence on what the run is.
    pub description: String,
    /// Start time (UTC).
    pub start: DateTime<Utc>,
    /// FIT sub sport (the sport is always running).
    pub sub_sport: SubSport,
    /// Where the course lies; `None` for a run without positions (treadmill).
    pub course: Option<Course>,
    /// Altitude over distance; `None` for a run without altitude (treadmill).
    pub altitude: Option<AltitudeProfile>,
    /// The segments, run in order.
    pub segments: Vec<Segment>,
    /// Timer pauses, by increasing distance.
    pub pauses: Vec<PlannedPause>,
    /// Heart rate model.
    pub heart: HeartModel,
    /// Running dynamics, when the "device" records them.
    pub dynamics: Option<DynamicsModel>,
    /// Whether distance comes from a foot pod rather than GPS (only documented in truth).
    pub footpod: bool,
    /// Noise seed.
    pub seed: u64,
}

/// 2024-05-04 07:30:00 UTC and friends: fixed instants, never the clock.
fn fixed_start(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, day, hour, minute, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

impl Scenario {
    /// A 10.0 km road run with one known climb and one known descent, a 60 s traffic-light
    /// pause at km 5.2 (inside the sixth lap), cadence sagging on the climb and over the last 3 km, heart-rate drift
    /// and running dynamics.
    ///
    /// Profile: 100 m flat to km 3.0; +90 m to km 4.5 (6 %); plateau at 190 m to km 6.0;
    /// −90 m to km 7.5 (−6 %); flat at 100 m to the finish.
    #[must_use]
    pub fn hilly_10k() -> Self {
        let d = Until::DistanceM;
        Self {
            name: "hilly-10k".to_string(),
            description: "10 km road run: one 1.5 km climb at 6 %, one 1.5 km descent at -6 %, \
                          a 60 s traffic-light pause at km 5.2, cadence sagging on the climb \
                          and over the last 3 km"
                .to_string(),
            start: fixed_start(4, 7, 30),
            sub_sport: SubSport::Generic,
            course: Some(Course {
                start_lat_deg: 47.372_000,
                start_lon_deg: 8.538_000,
                bearing_deg: 60.0,
                meander_deg: 25.0,
                meander_wavelength_m: 2_500.0,
            }),
            altitude: Some(AltitudeProfile {
                points: vec![
                    (0.0, 100.0),
                    (3_000.0, 100.0),
                    (4_500.0, 190.0),
                    (6_000.0, 190.0),
                    (7_500.0, 100.0),
                    (10_000.0, 100.0),
                ],
            }),
            segments: vec![
                Segment::run("flat start", d(3_000.0), 3.10, 172.0),
                Segment::run("climb", d(4_500.0), 2.55, 160.0),
                Segment::run("plateau", d(6_000.0), 3.05, 170.0),
                Segment::run("descent", d(7_000.0), 3.45, 166.0),
                Segment::run("descent, late", d(7_500.0), 3.35, 163.0),
                Segment::run("flat finish, late", d(10_000.0), 2.95, 163.0),
            ],
            pauses: vec![PlannedPause {
                at_distance_m: 5_200.0,
                duration_s: 60,
            }],
            heart: HeartModel::default(),
            dynamics: Some(DynamicsModel {
                stance_ms: 250.0,
                per_mps_ms: -25.0,
                per_grade_pct_ms: 3.0,
                late_ms: 12.0,
                late_from_m: 7_000.0,
                late_ramp_m: 3_000.0,
                vo_mm: 85.0,
                vo_late_mm: 3.0,
                balance_left_pct: 50.6,
            }),
            footpod: false,
            seed: 0x5EED_0001,
        }
    }

    /// About 6 km on the flat as 5 min run / 1 min walk intervals: six run+walk blocks, then
    /// running on to 6.0 km. No pauses. Altitude undulates by ±0.4 m (no climbs).
    #[must_use]
    pub fn run_walk_5_1() -> Self {
        let mut segments = Vec::new();
        for i in 1..=6 {
            segments.push(Segment::run(
                &format!("run {i}"),
                Until::DurationS(300),
                2.90,
                170.0,
            ));
            segments.push(Segment::walk(
                &format!("walk {i}"),
                Until::DurationS(60),
                1.50,
                115.0,
            ));
        }
        segments.push(Segment::run(
            "run 7",
            Until::DistanceM(6_000.0),
            2.90,
            170.0,
        ));
        Self {
            name: "run-walk-5-1".to_string(),
            description: "flat run/walk: 5 min running (~170 spm) / 1 min walking (~115 spm), \
                          six walk breaks, to 6 km"
                .to_string(),
            start: fixed_start(8, 6, 45),
            sub_sport: SubSport::Generic,
            course: Some(Course {
                start_lat_deg: 51.507_000,
                start_lon_deg: -0.165_000,
                bearing_deg: 100.0,
                meander_deg: 40.0,
                meander_wavelength_m: 1_800.0,
            }),
            altitude: Some(AltitudeProfile {
                points: vec![
                    (0.0, 30.0),
                    (1_500.0, 30.4),
                    (3_000.0, 29.6),
                    (4_500.0, 30.4),
                    (6_000.0, 30.0),
                ],
            }),
            segments,
            pauses: Vec::new(),
            heart: HeartModel {
                drift_bpm_per_hour: 5.0,
                per_grade_pct: 0.0,
                ..HeartModel::default()
            },
            dynamics: None,
            footpod: false,
            seed: 0x5EED_0002,
        }
    }

    /// A 5 km treadmill run: no positions, no altitude, speed and distance from a foot pod,
    /// cadence about 168 spm.
    #[must_use]
    pub fn treadmill() -> Self {
        Self {
            name: "treadmill".to_string(),
            description: "5 km treadmill run: no positions or altitude, foot-pod speed and \
                          distance, steady ~168 spm"
                .to_string(),
            start: fixed_start(6, 18, 0),
            sub_sport: SubSport::Treadmill,
            course: None,
            altitude: None,
            segments: vec![Segment::run(
                "treadmill",
                Until::DistanceM(5_000.0),
                2.95,
                168.0,
            )],
            pauses: Vec::new(),
            heart: HeartModel {
                drift_bpm_per_hour: 10.0,
                per_grade_pct: 0.0,
                ..HeartModel::default()
            },
            dynamics: None,
            footpod: true,
            seed: 0x5EED_0003,
        }
    }

    /// A city run of `stops` timer pauses of 12 s each, one every 9 m (three samples at
    /// 3 m/s), from the hilly 10 km's course and heart model: the input of the tests and
    /// benchmark that work must grow linearly with the pauses (issue 22). 12 s is longer than
    /// ten 1 s sampling intervals, so a GPX without timer events shows each stop as a time
    /// gap the readers call a pause. At most about 57,000 stops fit in [`MAX_SAMPLES`].
    #[must_use]
    pub fn stop_and_go(stops: usize) -> Self {
        let base = Self::hilly_10k();
        let spacing = |k: usize| 9.0 * (k + 1) as f64;
        Self {
            name: format!("stop-and-go-{stops}"),
            description: format!("{stops} timer pauses of 12 s, one every 9 m, on the flat"),
            altitude: None,
            dynamics: None,
            segments: vec![Segment::run(
                "stop and go",
                Until::DistanceM(spacing(stops) + 9.0),
                3.0,
                170.0,
            )],
            pauses: (0..stops)
                .map(|k| PlannedPause {
                    at_distance_m: spacing(k),
                    duration_s: 12,
                })
                .collect(),
            seed: 0x5EED_0022,
            ..base
        }
    }

    /// All built-in scenarios, in a fixed order.
    #[must_use]
    pub fn all() -> Vec<Self> {
        vec![Self::hilly_10k(), Self::run_walk_5_1(), Self::treadmill()]
    }

    fn invalid(&self, reason: impl Into<String>) -> SynthError {
        SynthError::InvalidScenario {
            scenario: self.name.clone(),
            reason: reason.into(),
        }
    }

    fn validate(&self) -> Result<(), SynthError> {
        if self.segments.is_empty() {
            return Err(self.invalid("no segments"));
        }
        for s in &self.segments {
            let ok = |v: f64| v.is_finite() && v > 0.0;
            if !ok(s.speed_mps) || !ok(s.cadence_spm) {
                return Err(self.invalid(format!(
                    "segment {:?} needs a positive speed and cadence",
                    s.label
                )));
            }
            if let Until::DistanceM(m) = s.until {
                if !m.is_finite() {
                    return Err(self.invalid(format!("segment {:?} ends at {m} m", s.label)));
                }
            }
        }
        if let Some(p) = &self.altitude {
            if p.points.is_empty() {
                return Err(self.invalid("altitude profile has no points"));
            }
            let finite = p.points.iter().all(|(d, a)| d.is_finite() && a.is_finite());
            let increasing = p.points.windows(2).all(|w| w[1].0 > w[0].0);
            if !finite || !increasing {
                return Err(self.invalid(
                    "altitude profile needs finite points with strictly increasing distance",
                ));
            }
        }
        if let Some(c) = &self.course {
            let finite = [
                c.start_lat_deg,
                c.start_lon_deg,
                c.bearing_deg,
                c.meander_deg,
                c.meander_wavelength_m,
            ]
            .iter()
            .all(|v| v.is_finite());
            if !finite || c.start_lat_deg.abs() >= 89.0 {
                return Err(self.invalid("course start must be finite and away from the poles"));
            }
        }
        Ok(())
    }
}

/// One generated sample (1 Hz).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SynthPoint {
    /// Seconds since the start (elapsed time, pauses included).
    pub t_s: u32,
    /// Index of the scenario segment this sample belongs to.
    pub segment: usize,
    /// Gait of the sample.
    pub gait: Gait,
    /// Latitude, degrees; `None` without a course.
    pub lat_deg: Option<f64>,
    /// Longitude, degrees; `None` without a course.
    pub lon_deg: Option<f64>,
    /// Altitude, metres (multiple of 0.2 m); `None` without a profile.
    pub altitude_m: Option<f64>,
    /// Grade of the profile at this sample, percent; `None` without a profile.
    pub grade_pct: Option<f64>,
    /// Cumulative distance, metres.
    pub distance_m: f64,
    /// Speed over the second ending here, m/s (multiple of 0.001).
    pub speed_mps: f64,
    /// Heart rate, bpm.
    pub heart_rate_bpm: u8,
    /// Step rate, steps/min (multiple of 1/64).
    pub cadence_spm: f64,
    /// Ground contact time, ms (multiple of 0.1).
    pub stance_time_ms: Option<f64>,
    /// Vertical oscillation, mm (multiple of 0.1).
    pub vertical_oscillation_mm: Option<f64>,
    /// Step length, mm (multiple of 0.1) = speed ÷ (steps/min ÷ 60).
    pub step_length_mm: Option<f64>,
    /// Vertical ratio, percent (multiple of 0.01) = 100 × oscillation ÷ step length.
    pub vertical_ratio_pct: Option<f64>,
    /// Left share of ground contact time, percent (multiple of 0.01).
    pub stance_time_balance_pct: Option<f64>,
}

/// A stretch when the timer was stopped; no samples lie strictly inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SynthPause {
    /// Timer stop, seconds since start (the timestamp of the last sample before it).
    pub start_s: u32,
    /// Timer start, seconds since start.
    pub end_s: u32,
}

impl SynthPause {
    /// Length in seconds.
    #[must_use]
    pub fn duration_s(&self) -> u32 {
        self.end_s.saturating_sub(self.start_s)
    }
}

/// Why a lap ended (mirrors FIT `lap_trigger`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LapTrigger {
    /// Auto lap at each full kilometre (FIT `distance`, 2).
    Distance,
    /// The last lap, closed by the end of the session (FIT `session_end`, 7).
    SessionEnd,
}

/// Figures over a set of samples, used for laps, segments and the whole run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Number of samples.
    pub sample_count: usize,
    /// Mean step rate over running samples, steps/min.
    pub avg_running_cadence_spm: Option<f64>,
    /// Highest running step rate, steps/min.
    pub max_running_cadence_spm: Option<f64>,
    /// Mean step rate over walking samples, steps/min.
    pub avg_walking_cadence_spm: Option<f64>,
    /// Mean step rate over all samples (what a naive tool reports), steps/min.
    pub avg_cadence_all_samples_spm: Option<f64>,
    /// Mean speed over the samples, m/s.
    pub mean_sample_speed_mps: Option<f64>,
    /// Highest speed, m/s.
    pub max_speed_mps: Option<f64>,
    /// Mean heart rate, bpm.
    pub avg_heart_rate_bpm: Option<f64>,
    /// Highest heart rate, bpm.
    pub max_heart_rate_bpm: Option<u8>,
    /// Mean ground contact time, ms.
    pub avg_stance_time_ms: Option<f64>,
    /// Mean vertical oscillation, mm.
    pub avg_vertical_oscillation_mm: Option<f64>,
    /// Mean step length, mm.
    pub avg_step_length_mm: Option<f64>,
    /// Mean vertical ratio, percent.
    pub avg_vertical_ratio_pct: Option<f64>,
    /// Mean stance time balance (left), percent.
    pub avg_stance_time_balance_pct: Option<f64>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0_u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

fn max_f(values: impl Iterator<Item = f64>) -> Option<f64> {
    values.fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
}

impl Stats {
    /// Figures over `points`.
    #[must_use]
    pub fn of(points: &[SynthPoint]) -> Self {
        let running = || points.iter().filter(|p| p.gait == Gait::Run);
        let walking = || points.iter().filter(|p| p.gait == Gait::Walk);
        Self {
            sample_count: points.len(),
            avg_running_cadence_spm: mean(running().map(|p| p.cadence_spm)),
            max_running_cadence_spm: max_f(running().map(|p| p.cadence_spm)),
            avg_walking_cadence_spm: mean(walking().map(|p| p.cadence_spm)),
            avg_cadence_all_samples_spm: mean(points.iter().map(|p| p.cadence_spm)),
            mean_sample_speed_mps: mean(points.iter().map(|p| p.speed_mps)),
            max_speed_mps: max_f(points.iter().map(|p| p.speed_mps)),
            avg_heart_rate_bpm: mean(points.iter().map(|p| f64::from(p.heart_rate_bpm))),
            max_heart_rate_bpm: points.iter().map(|p| p.heart_rate_bpm).max(),
            avg_stance_time_ms: mean(points.iter().filter_map(|p| p.stance_time_ms)),
            avg_vertical_oscillation_mm: mean(
                points.iter().filter_map(|p| p.vertical_oscillation_mm),
            ),
            avg_step_length_mm: mean(points.iter().filter_map(|p| p.step_length_mm)),
            avg_vertical_ratio_pct: mean(points.iter().filter_map(|p| p.vertical_ratio_pct)),
            avg_stance_time_balance_pct: mean(
                points.iter().filter_map(|p| p.stance_time_balance_pct),
            ),
        }
    }
}

/// Sum of positive and of negative differences of consecutive altitudes: `(gain, loss)`.
/// `None` when there is no altitude.
#[must_use]
pub(crate) fn gain_loss(altitudes: &[f64]) -> Option<(f64, f64)> {
    if altitudes.is_empty() {
        return None;
    }
    Some(altitudes.windows(2).fold((0.0, 0.0), |(g, l), w| {
        let d = w[1] - w[0];
        if d > 0.0 {
            (g + d, l)
        } else {
            (g, l - d)
        }
    }))
}

/// A lap: per full kilometre, the last one closed by the end of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SynthLap {
    /// 0-based lap number.
    pub index: usize,
    /// Index of the first sample of the lap.
    pub first_point: usize,
    /// Index of the last sample of the lap (inclusive).
    pub last_point: usize,
    /// Lap start, seconds since start (end of the previous lap, 0 for the first).
    pub start_s: u32,
    /// Lap end, seconds since start (timestamp of its last sample).
    pub end_s: u32,
    /// Elapsed time, s.
    pub elapsed_s: f64,
    /// Timer time (pauses removed), s.
    pub timer_s: f64,
    /// Distance, m.
    pub distance_m: f64,
    /// Altitude gain within the lap, m (to 1 mm).
    pub ascent_m: Option<f64>,
    /// Altitude loss within the lap, m (to 1 mm).
    pub descent_m: Option<f64>,
    /// Why it ended.
    pub trigger: LapTrigger,
    /// Figures over its samples.
    pub stats: Stats,
}

impl SynthLap {
    /// Distance ÷ timer time, m/s.
    #[must_use]
    pub fn avg_speed_mps(&self) -> Option<f64> {
        (self.timer_s > 0.0).then(|| self.distance_m / self.timer_s)
    }
}

/// Truth of one segment of the scenario, as generated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentTruth {
    /// Segment label.
    pub label: String,
    /// Gait.
    pub gait: Gait,
    /// Distance at its first sample, m.
    pub start_m: f64,
    /// Distance at its last sample, m.
    pub end_m: f64,
    /// Time of its first sample, s.
    pub start_s: u32,
    /// Time of its last sample, s.
    pub end_s: u32,
    /// Figures over its samples.
    pub stats: Stats,
}

/// A climb or a descent of the profile.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GradeSection {
    /// Start, metres along the run.
    pub start_m: f64,
    /// End, metres along the run.
    pub end_m: f64,
    /// Length, m.
    pub length_m: f64,
    /// Altitude at the start, m.
    pub start_altitude_m: f64,
    /// Altitude at the end, m.
    pub end_altitude_m: f64,
    /// End minus start altitude, m (negative for a descent).
    pub altitude_change_m: f64,
    /// Mean grade, percent (negative for a descent).
    pub mean_grade_pct: f64,
}

/// Known ground truth of a generated run, computed from its samples. Serialized as
/// `<name>.truth.json`; `schema_version` changes when a field changes meaning.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Truth {
    /// Version of this JSON layout.
    pub schema_version: u32,
    /// Scenario name.
    pub scenario: String,
    /// Scenario description.
    pub description: String,
    /// Start, RFC 3339 UTC.
    pub start_time: String,
    /// Always `running`.
    pub sport: &'static str,
    /// FIT sub sport name.
    pub sub_sport: SubSport,
    /// Sampling interval, s.
    pub sampling_interval_s: u32,
    /// Number of samples (= FIT record messages).
    pub sample_count: usize,
    /// Samples carry positions.
    pub has_positions: bool,
    /// Samples carry altitude.
    pub has_altitude: bool,
    /// Samples carry running dynamics.
    pub has_running_dynamics: bool,
    /// Distance comes from a foot pod (treadmill), not GPS.
    pub footpod_distance: bool,
    /// Distance at the last sample, m.
    pub total_distance_m: f64,
    /// Last timestamp minus first, s.
    pub elapsed_time_s: f64,
    /// Elapsed minus paused time, s (the FIT timer time).
    pub timer_time_s: f64,
    /// Moving time, s. Equal to the timer time: every sample moves at ≥ 0.5 m/s.
    pub moving_time_s: f64,
    /// Timer pauses.
    pub pauses: Vec<SynthPause>,
    /// Total paused time, s.
    pub total_pause_s: f64,
    /// Distance ÷ timer time, m/s.
    pub avg_speed_mps: f64,
    /// Pace at that speed, s/km.
    pub avg_pace_s_per_km: f64,
    /// Mean step rate over running samples only (walk breaks excluded), steps/min.
    pub avg_running_cadence_spm: Option<f64>,
    /// Figures over all samples (cadence of all samples, walking cadence, HR, dynamics).
    pub stats: Stats,
    /// Sum of positive altitude differences between consecutive samples, m (to 1 mm).
    pub elevation_gain_m: Option<f64>,
    /// Sum of negative altitude differences between consecutive samples, m (positive, to
    /// 1 mm).
    pub elevation_loss_m: Option<f64>,
    /// Lowest sampled altitude, m.
    pub min_altitude_m: Option<f64>,
    /// Highest sampled altitude, m.
    pub max_altitude_m: Option<f64>,
    /// Climbs of the profile (Runalyze's rule).
    pub climbs: Vec<GradeSection>,
    /// Descents of the profile (Runalyze's rule).
    pub descents: Vec<GradeSection>,
    /// Maximal runs of running samples.
    pub running_interval_count: usize,
    /// Maximal runs of walking samples.
    pub walking_interval_count: usize,
    /// Walk breaks (= walking intervals).
    pub walk_break_count: usize,
    /// Total walking time, s (walking samples × 1 s).
    pub total_walk_time_s: f64,
    /// Total running time, s (running samples after the first × 1 s).
    pub total_run_time_s: f64,
    /// Per segment.
    pub segments: Vec<SegmentTruth>,
    /// Per lap (auto lap every km).
    pub laps: Vec<SynthLap>,
}

/// A generated run.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthRun {
    /// Scenario name.
    pub name: String,
    /// Start (UTC).
    pub start: DateTime<Utc>,
    /// FIT sub sport.
    pub sub_sport: SubSport,
    /// The 1 Hz samples.
    pub points: Vec<SynthPoint>,
    /// Timer pauses.
    pub pauses: Vec<SynthPause>,
    /// Auto laps (every full km, the last closed by the end).
    pub laps: Vec<SynthLap>,
    /// Ground truth.
    pub truth: Truth,
}

impl SynthRun {
    /// UTC instant of a sample time.
    #[must_use]
    pub(crate) fn time_at(&self, t_s: u32) -> DateTime<Utc> {
        self.start + Duration::seconds(i64::from(t_s))
    }

    /// Paused seconds within `(from_s, to_s]`.
    #[must_use]
    pub(crate) fn paused_between(&self, from_s: u32, to_s: u32) -> u32 {
        paused_between(&self.pauses, from_s, to_s)
    }
}

/// RFC 3339 with whole seconds and a `Z`, e.g. `2024-05-04T07:30:00Z`.
#[must_use]
pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// SplitMix64, a tiny fixed-seed pseudo-random generator (Steele, Lea & Flood 2014, "Fast
/// splittable pseudorandom number generators", OOPSLA; constants from Vigna's public-domain
/// reference `splitmix64.c`).
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator with the given seed.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)` from the top 53 bits.
    pub fn uniform(&mut self) -> f64 {
        // A 53-bit integer converts to f64 exactly.
        let x = (self.next_u64() >> 11) as f64;
        x / 9_007_199_254_740_992.0 // 2^53
    }

    /// Approximately standard normal: the sum of 12 uniforms minus 6 (Irwin–Hall), which
    /// has mean 0 and variance 1 and needs no transcendental functions.
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.uniform()).sum::<f64>() - 6.0
    }
}

/// Great-circle distance in metres by the haversine formula (R. W. Sinnott, "Virtues of the
/// Haversine", Sky & Telescope 68(2):159, 1984) on a sphere of radius [`EARTH_RADIUS_M`]:
/// `a = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2)`, `d = 2R asin(√a)`.
#[must_use]
pub fn haversine_m(lat1_deg: f64, lon1_deg: f64, lat2_deg: f64, lon2_deg: f64) -> f64 {
    let (p1, p2) = (lat1_deg.to_radians(), lat2_deg.to_radians());
    let dp = p2 - p1;
    let dl = (lon2_deg - lon1_deg).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Destination point given a start, an initial bearing (degrees from north) and a distance
/// in metres along a great circle of a sphere of radius [`EARTH_RADIUS_M`]:
/// `φ₂ = asin(sin φ₁ cos δ + cos φ₁ sin δ cos θ)`,
/// `λ₂ = λ₁ + atan2(sin θ sin δ cos φ₁, cos δ − sin φ₁ sin φ₂)`, with `δ = d / R`
/// (E. Williams, "Aviation Formulary"; C. Veness, "Calculate distance, bearing and more
/// between latitude/longitude points", movable-type.co.uk). Its haversine distance from the
/// start is `d`. Returns `(lat_deg, lon_deg)`, longitude normalized to `[-180, 180)`.
#[must_use]
pub fn destination(lat_deg: f64, lon_deg: f64, bearing_deg: f64, dist_m: f64) -> (f64, f64) {
    let p1 = lat_deg.to_radians();
    let l1 = lon_deg.to_radians();
    let th = bearing_deg.to_radians();
    let dl = dist_m / EARTH_RADIUS_M;
    let p2 = (p1.sin() * dl.cos() + p1.cos() * dl.sin() * th.cos()).asin();
    let l2 = l1 + (th.sin() * dl.sin() * p1.cos()).atan2(dl.cos() - p1.sin() * p2.sin());
    let lon = (l2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0;
    (p2.to_degrees(), lon)
}

fn quantize(v: f64, steps_per_unit: f64) -> f64 {
    (v * steps_per_unit).round() / steps_per_unit
}

/// Generate the samples of a scenario and compute their truth.
///
/// # Errors
/// [`SynthError::InvalidScenario`] when the scenario has no segments, a non-positive speed
/// or cadence, a malformed altitude profile or course, or would run past [`MAX_SAMPLES`].
pub fn generate(scenario: &Scenario) -> Result<SynthRun, SynthError> {
    scenario.validate()?;
    let mut rng = SplitMix64::new(scenario.seed);
    let segs = &scenario.segments;
    let first = &segs[0];

    let mut points: Vec<SynthPoint> = Vec::new();
    let mut pauses = Vec::new();
    let mut pending_pauses = scenario.pauses.iter().peekable();

    let mut t: u32 = 0;
    // Distance is kept in whole millimetres so that it is exactly the sum of the speeds.
    let mut dist_mm: i64 = 0;
    let mut dist = 0.0_f64;
    let mut speed_lag = first.speed_mps;
    let mut cad_lag = first.cadence_spm;
    let mut hr = scenario.heart.start_bpm;
    let mut speed_noise = 0.0_f64;
    let mut cad_noise = 0.0_f64;
    let mut pos = scenario.course.map(|c| (c.start_lat_deg, c.start_lon_deg));
    let mut seg_idx = 0_usize;
    let mut seg_timer: u32 = 0;
    let mut prev_gait = first.gait;

    loop {
        let seg = &segs[seg_idx];
        // Speed: lag towards the target, plus AR(1) noise of sd ≈ 0.04 m/s.
        speed_noise = 0.8 * speed_noise + 0.024 * rng.normal();
        if points.is_empty() {
            speed_lag = seg.speed_mps;
        } else {
            speed_lag += (seg.speed_mps - speed_lag) / SPEED_TAU_S;
        }
        // Finite and in [0.5, a few m/s], so the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let speed_mm = ((speed_lag + speed_noise).max(MIN_SPEED_MPS) * 1000.0).round() as i64;
        let speed = speed_mm as f64 / 1000.0;
        if !points.is_empty() {
            let bearing = scenario
                .course
                .map_or(0.0, |c| c.bearing_at(dist + speed / 2.0));
            pos = pos.map(|(la, lo)| destination(la, lo, bearing, speed));
            dist_mm += speed_mm;
            let d = dist_mm as f64 / 1000.0;
            dist = d;
        }
        // Cadence: lag within a gait, immediate switch between gaits, AR(1) noise sd ≈ 1.
        cad_noise = 0.6 * cad_noise + 0.8 * rng.normal();
        if points.is_empty() || seg.gait != prev_gait {
            cad_lag = seg.cadence_spm;
        } else {
            cad_lag += (seg.cadence_spm - cad_lag) / CADENCE_TAU_S;
        }
        prev_gait = seg.gait;
        let cadence = quantize((cad_lag + cad_noise).max(30.0), 64.0);

        let altitude = scenario
            .altitude
            .as_ref()
            .map(|p| quantize(p.altitude_at(dist), 5.0));
        let grade = scenario.altitude.as_ref().map(|p| p.grade_at(dist));
        let grade_pct = grade.map_or(0.0, |g| 100.0 * g);

        // Heart rate.
        let h = &scenario.heart;
        let target = h.base_bpm
            + h.per_mps * speed
            + h.per_grade_pct * grade_pct.max(-3.0)
            + h.drift_bpm_per_hour * f64::from(t) / 3600.0;
        if !points.is_empty() {
            hr += (target - hr) / h.tau_s.max(1.0);
        }
        let hr_value = (hr + 0.6 * rng.normal()).round().clamp(40.0, 220.0);
        // In 40..=220 after the clamp, so the cast is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let heart_rate_bpm = hr_value as u8;

        let mut p = SynthPoint {
            t_s: t,
            segment: seg_idx,
            gait: seg.gait,
            lat_deg: pos.map(|p| p.0),
            lon_deg: pos.map(|p| p.1),
            altitude_m: altitude,
            grade_pct: grade.map(|g| 100.0 * g),
            distance_m: dist,
            speed_mps: speed,
            heart_rate_bpm,
            cadence_spm: cadence,
            stance_time_ms: None,
            vertical_oscillation_mm: None,
            step_length_mm: None,
            vertical_ratio_pct: None,
            stance_time_balance_pct: None,
        };
        if let Some(dy) = &scenario.dynamics {
            let ramp = if dy.late_ramp_m > 0.0 {
                ((dist - dy.late_from_m) / dy.late_ramp_m).clamp(0.0, 1.0)
            } else {
                f64::from(u8::from(dist >= dy.late_from_m))
            };
            let stance = dy.stance_ms
                + dy.per_mps_ms * (speed - 3.0)
                + dy.per_grade_pct_ms * grade_pct.max(0.0)
                + dy.late_ms * ramp
                + 3.0 * rng.normal();
            let vo = dy.vo_mm + dy.vo_late_mm * ramp + 1.5 * rng.normal();
            let balance = dy.balance_left_pct + 0.25 * rng.normal();
            let step_mm = quantize(speed / (cadence / 60.0) * 1000.0, 10.0);
            let vo = quantize(vo, 10.0);
            p.stance_time_ms = Some(quantize(stance, 10.0));
            p.vertical_oscillation_mm = Some(vo);
            p.step_length_mm = Some(step_mm);
            p.vertical_ratio_pct = Some(quantize(100.0 * vo / step_mm, 100.0));
            p.stance_time_balance_pct = Some(quantize(balance, 100.0));
        }
        points.push(p);
        if points.len() >= MAX_SAMPLES {
            return Err(scenario.invalid(format!("longer than {MAX_SAMPLES} samples")));
        }

        // Which segment holds the next second?
        while seg_idx < segs.len() {
            let done = match segs[seg_idx].until {
                Until::DistanceM(m) => dist >= m,
                Until::DurationS(s) => seg_timer >= s,
            };
            if !done {
                break;
            }
            seg_idx += 1;
            seg_timer = 0;
        }
        if seg_idx == segs.len() {
            break;
        }
        // Pause after this sample? (Never after the last one.)
        if let Some(pp) = pending_pauses.peek() {
            if dist >= pp.at_distance_m {
                pauses.push(SynthPause {
                    start_s: t,
                    end_s: t + pp.duration_s,
                });
                t += pp.duration_s;
                pending_pauses.next();
            }
        }
        t += 1;
        seg_timer += 1;
    }

    let laps = make_laps(&points, &pauses);
    let truth = make_truth(scenario, &points, &pauses, &laps);
    Ok(SynthRun {
        name: scenario.name.clone(),
        start: scenario.start,
        sub_sport: scenario.sub_sport,
        points,
        pauses,
        laps,
        truth,
    })
}

fn paused_between(pauses: &[SynthPause], from_s: u32, to_s: u32) -> u32 {
    pauses
        .iter()
        .map(|p| p.end_s.min(to_s).saturating_sub(p.start_s.max(from_s)))
        .sum()
}

fn altitudes(points: &[SynthPoint]) -> Vec<f64> {
    points.iter().filter_map(|p| p.altitude_m).collect()
}

/// Auto laps: a lap ends at the first sample whose distance reaches each full kilometre; the
/// last lap ends at the last sample. Sample `i` belongs to the lap holding the second that
/// ends at it, so lap figures add up to the run's.
fn make_laps(points: &[SynthPoint], pauses: &[SynthPause]) -> Vec<SynthLap> {
    let mut laps = Vec::new();
    let mut first = 0_usize;
    let mut next_km = 1000.0;
    for (i, p) in points.iter().enumerate() {
        let last = i + 1 == points.len();
        if p.distance_m < next_km && !last {
            continue;
        }
        let trigger = if last {
            LapTrigger::SessionEnd
        } else {
            LapTrigger::Distance
        };
        // The previous lap's last sample bounds this lap (lap 0 starts at sample 0).
        let start_idx = first.saturating_sub(1);
        let (t0, d0) = (points[start_idx].t_s, points[start_idx].distance_m);
        let elapsed = p.t_s - t0;
        let alts = altitudes(&points[start_idx..=i]);
        let gl = gain_loss(&alts);
        laps.push(SynthLap {
            index: laps.len(),
            first_point: first,
            last_point: i,
            start_s: t0,
            end_s: p.t_s,
            elapsed_s: f64::from(elapsed),
            timer_s: f64::from(elapsed - paused_between(pauses, t0, p.t_s)),
            distance_m: p.distance_m - d0,
            ascent_m: gl.map(|g| quantize(g.0, 1000.0)),
            descent_m: gl.map(|g| quantize(g.1, 1000.0)),
            trigger,
            stats: Stats::of(&points[first..=i]),
        });
        first = i + 1;
        while next_km <= p.distance_m {
            next_km += 1000.0;
        }
    }
    laps
}

fn count_runs(points: &[SynthPoint], gait: Gait) -> usize {
    let mut n = 0;
    let mut prev = None;
    for p in points {
        if p.gait == gait && prev != Some(gait) {
            n += 1;
        }
        prev = Some(p.gait);
    }
    n
}

fn make_truth(
    scenario: &Scenario,
    points: &[SynthPoint],
    pauses: &[SynthPause],
    laps: &[SynthLap],
) -> Truth {
    let last = points.last();
    let total_distance_m = last.map_or(0.0, |p| p.distance_m);
    let elapsed = last.map_or(0, |p| p.t_s);
    let paused: u32 = pauses.iter().map(SynthPause::duration_s).sum();
    let timer = elapsed.saturating_sub(paused);
    let timer_time_s = f64::from(timer);
    let avg_speed_mps = if timer > 0 {
        total_distance_m / timer_time_s
    } else {
        0.0
    };
    let alts = altitudes(points);
    let gl = gain_loss(&alts);
    let (climbs, descents) = scenario
        .altitude
        .as_ref()
        .map(|p| p.grade_sections(total_distance_m))
        .unwrap_or_default();
    let stats = Stats::of(points);
    let walking_samples = points.iter().filter(|p| p.gait == Gait::Walk).count();
    let walking_interval_count = count_runs(points, Gait::Walk);

    let mut segments = Vec::new();
    for (idx, seg) in scenario.segments.iter().enumerate() {
        let pts: Vec<SynthPoint> = points
            .iter()
            .filter(|p| p.segment == idx)
            .cloned()
            .collect();
        let (Some(a), Some(b)) = (pts.first(), pts.last()) else {
            continue;
        };
        segments.push(SegmentTruth {
            label: seg.label.clone(),
            gait: seg.gait,
            start_m: a.distance_m,
            end_m: b.distance_m,
            start_s: a.t_s,
            end_s: b.t_s,
            stats: Stats::of(&pts),
        });
    }

    let walk_s = walking_samples as f64;
    Truth {
        schema_version: 1,
        scenario: scenario.name.clone(),
        description: scenario.description.clone(),
        start_time: rfc3339(scenario.start),
        sport: "running",
        sub_sport: scenario.sub_sport,
        sampling_interval_s: 1,
        sample_count: points.len(),
        has_positions: points.iter().all(|p| p.lat_deg.is_some()),
        has_altitude: points.iter().all(|p| p.altitude_m.is_some()),
        has_running_dynamics: points.iter().all(|p| p.stance_time_ms.is_some()),
        footpod_distance: scenario.footpod,
        total_distance_m,
        elapsed_time_s: f64::from(elapsed),
        timer_time_s,
        moving_time_s: timer_time_s,
        pauses: pauses.to_vec(),
        total_pause_s: f64::from(paused),
        avg_speed_mps,
        avg_pace_s_per_km: if avg_speed_mps > 0.0 {
            1000.0 / avg_speed_mps
        } else {
            0.0
        },
        avg_running_cadence_spm: stats.avg_running_cadence_spm,
        elevation_gain_m: gl.map(|g| quantize(g.0, 1000.0)),
        elevation_loss_m: gl.map(|g| quantize(g.1, 1000.0)),
        min_altitude_m: alts.iter().copied().reduce(f64::min),
        max_altitude_m: alts.iter().copied().reduce(f64::max),
        climbs,
        descents,
        running_interval_count: count_runs(points, Gait::Run),
        walking_interval_count,
        walk_break_count: walking_interval_count,
        total_walk_time_s: walk_s,
        total_run_time_s: timer_time_s - walk_s,
        stats,
        segments,
        laps: laps.to_vec(),
    }
}

/// The truth as pretty JSON with a trailing newline (the `<name>.truth.json` format).
///
/// # Errors
/// [`SynthError::Json`] if serialization fails (it does not for finite numbers).
pub(crate) fn truth_json(truth: &Truth) -> Result<String, SynthError> {
    serde_json::to_string_pretty(truth)
        .map(|s| s + "\n")
        .map_err(|e| SynthError::Json(e.to_string()))
}

/// One file of `sample_data/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleFile {
    /// File name inside `sample_data/`.
    pub name: String,
    /// Exact content.
    pub bytes: Vec<u8>,
}

/// The exact contents of `sample_data/` (except its README): `hilly-10k.fit`,
/// `hilly-10k.gpx` (Garmin strides cadence), `run-walk-5-1.fit`, `treadmill.fit`, and a
/// `<name>.truth.json` per scenario. Deterministic: same bytes on every call.
///
/// # Errors
/// A [`SynthError`] if a built-in scenario is invalid (a bug).
pub fn sample_files() -> Result<Vec<SampleFile>, SynthError> {
    let mut files = Vec::new();
    for scenario in Scenario::all() {
        let run = generate(&scenario)?;
        files.push(SampleFile {
            name: format!("{}.fit", run.name),
            bytes: fit::encode(&run, &fit::FitOptions::default()),
        });
        if run.name == "hilly-10k" {
            let gpx = gpx::write(&run, &gpx::GpxOptions::default())?;
            files.push(SampleFile {
                name: format!("{}.gpx", run.name),
                bytes: gpx.into_bytes(),
            });
        }
        files.push(SampleFile {
            name: format!("{}.truth.json", run.name),
            bytes: truth_json(&run.truth)?.into_bytes(),
        });
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: Scenario) -> SynthRun {
        generate(&s).expect("built-in scenario generates")
    }

    #[test]
    fn generation_is_deterministic() {
        for s in Scenario::all() {
            assert_eq!(generate(&s), generate(&s), "{}", s.name);
        }
    }

    #[test]
    fn haversine_of_consecutive_points_equals_speed() {
        for s in [Scenario::hilly_10k(), Scenario::run_walk_5_1()] {
            let r = run(s);
            for w in r.points.windows(2) {
                let (a, b) = (&w[0], &w[1]);
                let h = haversine_m(
                    a.lat_deg.unwrap(),
                    a.lon_deg.unwrap(),
                    b.lat_deg.unwrap(),
                    b.lon_deg.unwrap(),
                );
                assert!((h - b.speed_mps).abs() < 1e-6, "{h} vs {}", b.speed_mps);
                assert!((b.distance_m - a.distance_m - b.speed_mps).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn haversine_known_value() {
        // One degree of latitude on the mean sphere: R × π / 180.
        let d = haversine_m(0.0, 0.0, 1.0, 0.0);
        assert!((d - EARTH_RADIUS_M * std::f64::consts::PI / 180.0).abs() < 1e-6);
        assert!(haversine_m(10.0, 20.0, 10.0, 20.0).abs() < 1e-12);
        // Destination then haversine round-trips.
        let (la, lo) = destination(47.0, 8.0, 33.0, 1234.5);
        assert!((haversine_m(47.0, 8.0, la, lo) - 1234.5).abs() < 1e-6);
    }

    #[test]
    fn hilly_10k_truth() {
        let r = run(Scenario::hilly_10k());
        let t = &r.truth;
        assert!(t.total_distance_m >= 10_000.0 && t.total_distance_m < 10_004.0);
        assert_eq!(t.pauses.len(), 1);
        assert_eq!(t.total_pause_s, 60.0);
        assert_eq!(t.timer_time_s, t.elapsed_time_s - 60.0);
        assert_eq!(t.sample_count, r.points.len());
        // One sample per timer second, plus the one at t = 0.
        assert_eq!(t.timer_time_s, (r.points.len() - 1) as f64);
        // The profile is monotone per piece: gain and loss are exactly 90 m.
        assert!((t.elevation_gain_m.unwrap() - 90.0).abs() < 1e-9);
        assert!((t.elevation_loss_m.unwrap() - 90.0).abs() < 1e-9);
        assert_eq!(t.climbs.len(), 1);
        assert_eq!(t.descents.len(), 1);
        let c = t.climbs[0];
        assert_eq!(
            (c.start_m, c.end_m, c.altitude_change_m),
            (3000.0, 4500.0, 90.0)
        );
        assert!((c.mean_grade_pct - 6.0).abs() < 1e-12);
        assert!((t.descents[0].mean_grade_pct + 6.0).abs() < 1e-12);
        assert_eq!(t.walk_break_count, 0);
        assert_eq!(t.running_interval_count, 1);
        // Cadence sags on the climb and late, relative to the flat start.
        let seg = |label: &str| {
            t.segments
                .iter()
                .find(|s| s.label == label)
                .and_then(|s| s.stats.avg_running_cadence_spm)
                .unwrap()
        };
        assert!((seg("flat start") - 172.0).abs() < 1.0);
        assert!(seg("climb") < 162.0);
        assert!((seg("flat finish, late") - 163.0).abs() < 1.0);
        // Laps add up.
        assert_eq!(t.laps.len(), 10);
        let lap_d: f64 = t.laps.iter().map(|l| l.distance_m).sum();
        let lap_t: f64 = t.laps.iter().map(|l| l.timer_s).sum();
        assert!((lap_d - t.total_distance_m).abs() < 1e-6);
        assert_eq!(lap_t, t.timer_time_s);
        // No samples during the pause.
        let p = t.pauses[0];
        assert!(!r
            .points
            .iter()
            .any(|q| q.t_s > p.start_s && q.t_s <= p.end_s));
        // Vertical ratio and step length are consistent.
        for q in &r.points {
            let sl = q.step_length_mm.unwrap();
            assert!((sl - q.speed_mps / (q.cadence_spm / 60.0) * 1000.0).abs() <= 0.05 + 1e-9);
            let vr = 100.0 * q.vertical_oscillation_mm.unwrap() / sl;
            assert!((vr - q.vertical_ratio_pct.unwrap()).abs() <= 0.005 + 1e-9);
        }
    }

    #[test]
    fn run_walk_truth() {
        let r = run(Scenario::run_walk_5_1());
        let t = &r.truth;
        assert_eq!(t.walk_break_count, 6);
        assert_eq!(t.walking_interval_count, 6);
        assert_eq!(t.running_interval_count, 7);
        assert_eq!(t.total_walk_time_s, 360.0);
        assert!(t.pauses.is_empty());
        assert!(t.climbs.is_empty() && t.descents.is_empty());
        assert!(t.elevation_gain_m.unwrap() < 2.0);
        let run_cad = t.avg_running_cadence_spm.unwrap();
        assert!((run_cad - 170.0).abs() < 1.0, "{run_cad}");
        assert!((t.stats.avg_walking_cadence_spm.unwrap() - 115.0).abs() < 1.0);
        // Walk breaks drag the all-sample mean down: that is the trap the truth exposes.
        assert!(t.stats.avg_cadence_all_samples_spm.unwrap() < run_cad - 5.0);
        assert!(r
            .points
            .iter()
            .all(|p| p.gait == Gait::Run || p.cadence_spm < 140.0));
    }

    #[test]
    fn treadmill_truth() {
        let r = run(Scenario::treadmill());
        let t = &r.truth;
        assert!(!t.has_positions && !t.has_altitude);
        assert!(t.elevation_gain_m.is_none());
        assert!(t.total_distance_m >= 5_000.0);
        assert!((t.avg_running_cadence_spm.unwrap() - 168.0).abs() < 1.0);
        assert_eq!(r.sub_sport, SubSport::Treadmill);
    }

    #[test]
    fn values_are_quantized_to_file_resolution() {
        for s in Scenario::all() {
            let r = run(s);
            for p in &r.points {
                assert_eq!(p.cadence_spm * 64.0, (p.cadence_spm * 64.0).round());
                if let Some(a) = p.altitude_m {
                    assert!((a * 5.0 - (a * 5.0).round()).abs() < 1e-9);
                }
                assert!((p.speed_mps * 1000.0 - (p.speed_mps * 1000.0).round()).abs() < 1e-6);
                assert!(p.speed_mps >= MIN_SPEED_MPS);
            }
        }
    }

    #[test]
    fn invalid_scenarios_are_refused() {
        let mut s = Scenario::treadmill();
        s.segments.clear();
        assert!(matches!(
            generate(&s),
            Err(SynthError::InvalidScenario { .. })
        ));
        let mut s = Scenario::treadmill();
        s.segments[0].speed_mps = 0.0;
        assert!(generate(&s).is_err());
        let mut s = Scenario::hilly_10k();
        s.altitude = Some(AltitudeProfile {
            points: vec![(0.0, 1.0), (0.0, 2.0)],
        });
        assert!(generate(&s).is_err());
    }

    #[test]
    fn prng_is_fixed() {
        // First output of SplitMix64 seeded with 0 (Vigna's reference implementation).
        assert_eq!(SplitMix64::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
        let mut r = SplitMix64::new(7);
        let n: Vec<f64> = (0..1000).map(|_| r.normal()).collect();
        let m = n.iter().sum::<f64>() / 1000.0;
        assert!(m.abs() < 0.1);
    }

    /// The truth table in `sample_data/README.md` quotes the current truth.
    #[test]
    fn sample_data_readme_quotes_truth() {
        let path = crate::corpus::workspace_root().join("sample_data/README.md");
        let readme = std::fs::read_to_string(path).unwrap();
        for s in Scenario::all() {
            let t = run(s).truth;
            for quoted in [
                format!("{:.3} m", t.total_distance_m),
                format!("{:.2} spm", t.avg_running_cadence_spm.unwrap()),
                format!("{} s", t.elapsed_time_s),
                format!("| {} |", t.sample_count),
            ] {
                assert!(
                    readme.contains(&quoted),
                    "README lacks {quoted:?} for {}",
                    t.scenario
                );
            }
        }
    }

    /// The committed `sample_data/` files are exactly what the generator makes now.
    #[test]
    fn sample_data_matches_generator() {
        let dir = crate::corpus::workspace_root().join("sample_data");
        for f in sample_files().unwrap() {
            let path = dir.join(&f.name);
            let on_disk = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; run `cargo run --example make_sample_data`",
                    path.display()
                )
            });
            assert!(
                on_disk == f.bytes,
                "{} differs from the generator; run `cargo run --example make_sample_data`",
                f.name
            );
        }
    }
}
