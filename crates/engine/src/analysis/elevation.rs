//! Elevation: gain and loss, grades, time and distance in grade bands, climbs and descents
//! (docs/METHODS.md; the rules and their sources below).
//!
//! # Altitude profile
//! Everything is computed on the altitude **over distance**: the samples that carry both a
//! distance and an altitude, in order, with samples at the same distance (standing still)
//! merged into one point at their mean altitude. So standing at a traffic light adds
//! nothing, and the profile of a reversed run is exactly the mirror image.
//!
//! GPS-only altitude ([`AltitudeSource::Gps`]) is noisy: it is first smoothed by a
//! **centred moving median over a distance window**
//! ([`ElevationParams::gps_smoothing_window_m`], 60 m by default, about 20 samples at
//! running pace). Our choice: a median ignores the single-fix spikes GPS altitude is known
//! for and keeps the edges of real climbs sharp; a window in distance (not time) treats a
//! slow walk and a fast run alike and does not average over a stop. The result is flagged
//! `low_confidence`. Barometric altitude is used as recorded.
//!
//! # Gain and loss: hysteresis 3 m
//! Runalyze and GoldenCheetah count a change only once the altitude has moved at least a
//! threshold (3 m by default) from the last reference point. We use that threshold in its
//! turning-point form ("zig-zag"): a high or low point is confirmed once the altitude has
//! come back from it by at least the threshold; gain is the sum of rises between
//! confirmed points, loss the sum of falls. The stretch before the first and after the
//! last confirmed swing, always smaller than the threshold, is ignored at both ends. On a
//! monotone climb this gives exactly the climb's height, as the reference-point form does;
//! unlike it, it is **symmetric**: a run reversed in direction has its gain and loss
//! swapped exactly (the reference-point form can lose up to a threshold at one end only).
//!
//! Altitude steps across pauses and recording gaps are not climbing, nor are barometric
//! jumps (a step faster than [`MAX_VERTICAL_SPEED_MPS`] and larger than [`MIN_JUMP_M`]:
//! a barometer calibrating at the start of a recording): gain and loss are summed over
//! the stretches between them, each profiled on its own.
//!
//! # Grade
//! Grade at distance `x` is the altitude change across a **centred distance window**
//! (100 m by default) divided by its length: `(h(x + w/2) − h(x − w/2)) / w`, with `h`
//! interpolated linearly on the profile and the window clipped to the run (never between
//! consecutive samples, whose few metres turn 0.2 m of noise into 10 % grades).
//!
//! # Grade bands
//! Distance and moving time in five bands, symmetric about zero (edges in
//! [`ElevationParams`]): steep down `< −5 %`, down `−5..−2 %`, flat `−2..+2 %` (edges
//! included), up `+2..+5 %`, steep up `> +5 %`. Each interval between consecutive samples
//! gives half its distance and half its time to the band of each end. Time comes from
//! [`totals::sample_weights`], so pauses carry none. Shares are of the distance (time)
//! that has a grade, so they sum to 100 %.
//!
//! # Climbs and descents (Runalyze's rule)
//! A climb is a stretch at least 100 m long with mean grade ≥ 2 %; a stretch of 200 m or
//! more with |grade| < 2 % ends it (Runalyze). Segmentation:
//! 1. The profile is cut into equal steps of about 10 m
//!    ([`ElevationParams::segment_step_m`]; equal so a reversed run gets the mirrored
//!    grid; coarser when the profile points are more than 1 km apart on average, see
//!    [`SEGMENT_STEPS_PER_POINT`]). Each step is labelled up, down or flat by the windowed
//!    grade at its middle against ±2 %.
//! 2. Maximal runs of equal labels are formed. For climbs, consecutive "up" runs are
//!    joined when the stretch between them is shorter than 200 m
//!    ([`ElevationParams::flat_tolerance_m`]) and holds no "down" run of 100 m or more (a
//!    real descent splits a climb). Descents likewise, mirrored.
//! 3. A joined stretch is a climb when it is at least 100 m long and its mean grade
//!    (altitude change ÷ length) is at least 2 %. If it fails the mean-grade test, each of
//!    its runs is tested on its own instead.
//!
//! The windowed grade blurs a climb's ends by up to half a grade window; with a 100 m
//! window and a 6 % climb the ends move by less than 20 m.

use crate::analysis::basis::Basis;
use crate::analysis::{pace, totals};
use crate::model::{Activity, AltitudeSource};

/// Thresholds of the elevation analysis. Defaults are documented per field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ElevationParams {
    /// Hysteresis threshold for gain and loss, m (default 3, Runalyze and GoldenCheetah).
    pub hysteresis_m: f64,
    /// Width of the centred moving median applied to GPS-only altitude, m of distance
    /// (default 60, our choice: about 20 samples at running pace).
    pub gps_smoothing_window_m: f64,
    /// Width of the centred distance window over which grade is measured, m (default 100,
    /// our choice: grade is measured over tens to hundreds of metres, never between samples).
    pub grade_window_m: f64,
    /// Edge of the flat band: `|grade| ≤` this is flat (default 0.02 = 2 %).
    pub band_flat_grade: f64,
    /// Edge of the steep bands: `|grade| >` this is steep; also the "hill exposure"
    /// threshold (default 0.05 = 5 %).
    pub band_steep_grade: f64,
    /// Shortest climb or descent, m (default 100, Runalyze).
    pub climb_min_length_m: f64,
    /// Smallest mean |grade| of a climb or descent, fraction (default 0.02, Runalyze).
    pub climb_min_grade: f64,
    /// A flat stretch this long or longer ends a climb or descent, m (default 200,
    /// Runalyze).
    pub flat_tolerance_m: f64,
    /// Length of the steps the climb segmentation labels, m (default 10, our choice).
    pub segment_step_m: f64,
    /// Smallest altitude noise assumed, for the climb margin, for altitude that is not
    /// from a barometric altimeter, m (default 7.35). Consumer GNSS vertical error is typically 1.5–3× the
    /// horizontal error (DOMAIN.md "Before coaching"), and GPS-enabled phones are
    /// typically accurate to within 4.9 m horizontally under open sky (GPS.gov, "GPS
    /// Accuracy"): 1.5 × 4.9 m, the optimistic end. GPS altitude error drifts over
    /// minutes, so a smooth trace (a device's or an app's filter) hides it from the
    /// measured jitter: this floor stands for the drift.
    pub gps_noise_floor_m: f64,
    /// The grade window grows until the grade noise of the window, √2·σ ÷ window (two
    /// ends, each with noise σ), is at most this fraction of the steep grade
    /// (default 1/2, our choice: for Gaussian noise flat ground then reads steep on about
    /// 5 % of its distance, under the 10 % hill-exposure share, and the climb margin keeps
    /// such stretches from bearing a finding; a wider window would blur a real 1 km hill
    /// below the steep grade. DOMAIN.md: a grade over 100 m of GPS altitude can be ±10 %
    /// on a flat road, over a few hundred metres the noise averages out while real hills
    /// remain).
    pub grade_noise_fraction: f64,
    /// On altitude that is not barometric, a climb or descent bears a hill finding only
    /// when its altitude change exceeds this many standard deviations of the noise of a
    /// difference of two altitudes (√2·σ) (default 3: a one-sided chance of 0.13 % that
    /// noise alone makes it, our choice).
    pub noise_margin_sd: f64,
    /// Steepest grade a runner produces, fraction (default 0.45: the range of Minetti et
    /// al. 2002's measurements, ±45 %, DOMAIN.md). Steeper over the base grade window is
    /// an altitude error, left out of the hill findings.
    pub max_runnable_grade: f64,
}

/// Half-width of the local straight-line fit the altitude noise is measured against, m
/// (our choice: 100 m either side is short enough that terrain is close to a straight
/// line, long enough to hold tens of samples at running pace).
pub const NOISE_FIT_HALF_WIDTH_M: f64 = 100.0;

/// Window either side of a sample over which the levels before and after a possible
/// altitude step are compared, s (our choice: a phone switching altitude source moves its
/// altitude by tens of metres within a few seconds, DOMAIN.md; ten samples at 1 Hz either
/// side make the median of GPS jitter steady, while a runner at the Vertical Kilometre
/// record's 0.6 m/s climbs 6 m in that time, under [`MIN_JUMP_M`]).
pub(crate) const STEP_WINDOW_S: f64 = 10.0;

/// An altitude step on altitude that is not barometric must exceed the noise of the
/// difference of the two levels by this many standard deviations (our choice: 4, a
/// two-sided chance of 6 in 100,000 per sample that jitter alone passes it).
pub(crate) const STEP_NOISE_SD: f64 = 4.0;

impl Default for ElevationParams {
    fn default() -> Self {
        Self {
            hysteresis_m: 3.0,
            gps_smoothing_window_m: 60.0,
            grade_window_m: 100.0,
            band_flat_grade: 0.02,
            band_steep_grade: 0.05,
            climb_min_length_m: 100.0,
            climb_min_grade: 0.02,
            flat_tolerance_m: 200.0,
            segment_step_m: 10.0,
            gps_noise_floor_m: 1.5 * 4.9,
            grade_noise_fraction: 0.5,
            noise_margin_sd: 3.0,
            max_runnable_grade: 0.45,
        }
    }
}

/// One of the five grade bands, from steep down to steep up; serialised as `steep_down`,
/// `down`, `flat`, `up`, `steep_up`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GradeBandKind {
    /// Steeper than the steep edge, downhill.
    SteepDown,
    /// Between the flat and the steep edge, downhill.
    Down,
    /// Within the flat edge either way (edges included).
    Flat,
    /// Between the flat and the steep edge, uphill (the steep edge included).
    Up,
    /// Steeper than the steep edge, uphill.
    SteepUp,
}

impl GradeBandKind {
    /// The five bands in order, from steep down to steep up.
    pub const ALL: [Self; 5] = [
        Self::SteepDown,
        Self::Down,
        Self::Flat,
        Self::Up,
        Self::SteepUp,
    ];

    /// Position in [`Self::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Self::SteepDown => 0,
            Self::Down => 1,
            Self::Flat => 2,
            Self::Up => 3,
            Self::SteepUp => 4,
        }
    }

    /// The name used in output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SteepDown => "steep_down",
            Self::Down => "down",
            Self::Flat => "flat",
            Self::Up => "up",
            Self::SteepUp => "steep_up",
        }
    }
}

/// The edges of the five grade bands, as fractions (0.02 = 2 %): flat is
/// `|grade| ≤ flat_grade`, steep is `|grade| > steep_grade`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandEdges {
    /// Edge of the flat band ([`ElevationParams::band_flat_grade`]).
    pub flat_grade: f64,
    /// Edge of the steep bands ([`ElevationParams::band_steep_grade`]).
    pub steep_grade: f64,
}

impl BandEdges {
    /// The edges the parameters set.
    #[must_use]
    pub fn of(p: &ElevationParams) -> Self {
        Self {
            flat_grade: p.band_flat_grade,
            steep_grade: p.band_steep_grade,
        }
    }

    /// The band of a grade (fraction): steep down `< −steep`, down `< −flat`, flat up to
    /// `+flat` included, up up to `+steep` included, steep up above.
    #[must_use]
    pub fn band_of(self, g: f64) -> GradeBandKind {
        let (flat, steep) = (self.flat_grade, self.steep_grade);
        if g < -steep {
            GradeBandKind::SteepDown
        } else if g < -flat {
            GradeBandKind::Down
        } else if g <= flat {
            GradeBandKind::Flat
        } else if g <= steep {
            GradeBandKind::Up
        } else {
            GradeBandKind::SteepUp
        }
    }
}

/// One point of the altitude profile the elevation figures are computed on (see the
/// module docs): smoothed for GPS altitude, one point per distance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProfilePoint {
    /// Distance along the run, m (strictly increasing along the profile).
    pub distance_m: f64,
    /// Profile altitude, m.
    pub altitude_m: f64,
    /// Grade over the grade window centred here, fraction; `None` when the window has no
    /// length.
    pub grade: Option<f64>,
}

/// Distance and time spent in one grade band.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeBand {
    /// Which band (serialised as `label`: `steep_down`, `down`, `flat`, `up`, `steep_up`).
    pub kind: GradeBandKind,
    /// Lower edge, percent; `None` for the open bottom band.
    pub min_grade_pct: Option<f64>,
    /// Upper edge, percent; `None` for the open top band.
    pub max_grade_pct: Option<f64>,
    /// Distance in the band, m.
    pub distance_m: f64,
    /// Share of the graded distance, percent.
    pub distance_share_pct: f64,
    /// Moving time in the band, s; `None` without timestamps.
    pub time_s: Option<f64>,
    /// Share of the graded moving time, percent; `None` without timestamps.
    pub time_share_pct: Option<f64>,
}

/// A climb or a descent.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Start, metres along the run.
    pub start_m: f64,
    /// End, metres along the run.
    pub end_m: f64,
    /// Length, m.
    pub length_m: f64,
    /// Profile altitude at the start, m.
    pub start_altitude_m: f64,
    /// Profile altitude at the end, m.
    pub end_altitude_m: f64,
    /// End minus start altitude, m: the gain of a climb, minus the loss of a descent.
    pub altitude_change_m: f64,
    /// Altitude change ÷ length, percent (negative for a descent).
    pub mean_grade_pct: f64,
    /// Steepest windowed grade in the section's direction, percent (the most negative
    /// for a descent).
    pub max_grade_pct: f64,
    /// Moving time on it, s; `None` without timestamps.
    pub duration_s: Option<f64>,
    /// First sample on it (index into `Activity::samples`).
    pub start_index: usize,
    /// One past the last sample on it: its samples are `start_index..end_index`.
    pub end_index: usize,
    /// Distance on it steeper than the steep grade in its direction, m.
    pub steep_distance_m: f64,
    /// True when part of it is steeper than a runner runs
    /// ([`ElevationParams::max_runnable_grade`]): an altitude error, no hill.
    pub implausible_grade: bool,
    /// Running cadence on it, steps/min (filled in by the review when cadence exists).
    pub cadence_spm: Option<f64>,
    /// Step length on it, m (filled in by the review when speed and cadence exist).
    pub step_length_m: Option<f64>,
}

/// Elevation analysis of one activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Elevation {
    /// Altitude source, serialised `barometric`, `gps` (or `none` for an activity built
    /// without one).
    pub source: AltitudeSource,
    /// How gain and loss were counted, in words.
    pub method: String,
    /// True when the altitude is not from a barometric altimeter (GPS, smoothed, or of
    /// unknown source): figures are rough, hill findings are never warnings.
    pub low_confidence: bool,
    /// Altitude noise measured on the trace, m: robust standard deviation (1.4826 × the
    /// median absolute deviation) of the altitude's residual from a straight line fitted
    /// over ±[`NOISE_FIT_HALF_WIDTH_M`] of distance around each point.
    pub noise_m: f64,
    /// The noise the climb margin is set from, m: the measured noise, and for altitude
    /// that is not barometric at least [`ElevationParams::gps_noise_floor_m`] (the drift
    /// of GPS altitude over minutes, which its jitter does not show).
    pub assumed_noise_m: f64,
    /// Smallest altitude change a climb or descent needs to bear a hill finding, m:
    /// [`ElevationParams::noise_margin_sd`] × √2 × `assumed_noise_m`; `None` for
    /// barometric altitude (every climb counts).
    pub climb_margin_m: Option<f64>,
    /// Altitude steps levelled out before grading: jumps of a barometer calibrating,
    /// steps of GPS altitude switching source, steps across pauses and recording gaps.
    pub altitude_steps: usize,
    /// Stretches (start, end, m along the run) steeper than a runner runs
    /// ([`ElevationParams::max_runnable_grade`] over the base grade window).
    pub implausible_grade: Vec<(f64, f64)>,
    /// Steep distance within those stretches, m (left out of hill exposure).
    pub implausible_steep_m: f64,
    /// Total ascent, m.
    pub gain_m: f64,
    /// Total descent, m (positive).
    pub loss_m: f64,
    /// Lowest profile altitude, m (after smoothing, if any).
    pub min_altitude_m: f64,
    /// Highest profile altitude, m (after smoothing, if any).
    pub max_altitude_m: f64,
    /// Length of the altitude profile, m.
    pub distance_m: f64,
    /// Grade window used, m: the base window, grown with the measured noise so that the
    /// grade noise √2·σ ÷ window stays within [`ElevationParams::grade_noise_fraction`]
    /// of the steep grade (σ = `noise_m`).
    pub grade_window_m: f64,
    /// Steepest uphill grade, percent.
    pub max_grade_pct: Option<f64>,
    /// Steepest downhill grade, percent (negative).
    pub min_grade_pct: Option<f64>,
    /// Hill exposure: share of distance steeper than `band_steep_grade` uphill, percent.
    pub steep_up_distance_share_pct: f64,
    /// Hill exposure: share of distance steeper than `band_steep_grade` downhill, percent.
    pub steep_down_distance_share_pct: f64,
    /// Total length of the climbs, m.
    pub climb_distance_m: f64,
    /// Total length of the descents, m.
    pub descent_distance_m: f64,
    /// Distance and time per grade band, from steep down to steep up.
    pub bands: Vec<GradeBand>,
    /// Climbs, in order.
    pub climbs: Vec<Section>,
    /// Descents, in order.
    pub descents: Vec<Section>,
    /// The edges the bands were cut at (in `bands` as percent).
    pub band_edges: BandEdges,
}

impl Elevation {
    /// What the altitude is, in words, for figures flagged rough (`low_confidence`).
    #[must_use]
    pub fn altitude_words(&self) -> &'static str {
        match self.source {
            AltitudeSource::Barometric => "barometric altitude",
            AltitudeSource::Gps => "GPS altitude",
            AltitudeSource::Smoothed => "altitude without a known barometer",
            AltitudeSource::None => "altitude of unknown source",
        }
    }

    /// Whether a climb or descent can bear a hill finding: no grade in it is past what a
    /// runner runs, and on altitude that is not barometric its altitude change exceeds
    /// the noise margin ([`Elevation::climb_margin_m`]).
    #[must_use]
    pub fn bears_finding(&self, s: &Section) -> bool {
        !s.implausible_grade
            && self
                .climb_margin_m
                .is_none_or(|m| s.altitude_change_m.abs() > m)
    }

    /// Distance steeper than the steep grade that can bear a hill finding, m: on
    /// barometric altitude all of it but what lies at a grade no runner runs; on other
    /// altitude only the steep distance of the climbs and descents that
    /// [`Self::bears_finding`].
    #[must_use]
    pub fn steep_bearing_m(&self) -> f64 {
        if self.low_confidence {
            self.climbs
                .iter()
                .chain(&self.descents)
                .filter(|s| self.bears_finding(s))
                .map(|s| s.steep_distance_m)
                .sum()
        } else {
            let share = self.steep_up_distance_share_pct + self.steep_down_distance_share_pct;
            (share / 100.0 * self.distance_m - self.implausible_steep_m).max(0.0)
        }
    }
}

/// Everything the elevation analysis of one run computes: the per-sample grades the other
/// analyses use, the figures, and the profile they were computed on (for charts).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ElevationRun {
    /// Grade of every sample, as [`grades`] gives it.
    pub grades: Vec<Option<f64>>,
    /// The figures, as [`analyze`] gives them.
    pub elevation: Elevation,
    /// The altitude profile, smoothed for GPS altitude, with its windowed grade.
    pub profile: Vec<ProfilePoint>,
}

/// Altitude over distance: strictly increasing `d`.
#[derive(Clone, Debug, PartialEq)]
struct Profile {
    d: Vec<f64>,
    h: Vec<f64>,
}

impl Profile {
    fn from_activity(a: &Activity) -> Self {
        Self::from_samples(&a.samples)
    }

    fn from_samples(samples: &[crate::model::Sample]) -> Self {
        Self::from_samples_with(samples, |_, s| s.altitude_m)
    }

    /// [`Self::from_samples`] with each sample's altitude given by `altitude` (of the
    /// sample's index and the sample).
    fn from_samples_with(
        samples: &[crate::model::Sample],
        mut altitude: impl FnMut(usize, &crate::model::Sample) -> Option<f64>,
    ) -> Self {
        // At most one point per sample: no reallocation while the profile grows.
        let mut d: Vec<f64> = Vec::with_capacity(samples.len());
        let mut h: Vec<f64> = Vec::with_capacity(samples.len());
        let mut count = 0.0_f64; // samples merged into the last point
        for (i, s) in samples.iter().enumerate() {
            let Some(x) = s.distance_m else {
                continue;
            };
            let Some(y) = altitude(i, s) else {
                continue;
            };
            if !(x.is_finite() && y.is_finite()) {
                continue;
            }
            match d.last() {
                Some(&last) if x < last => {} // distance went backwards: data error, skipped
                Some(&last) if x == last => {
                    count += 1.0;
                    if let Some(m) = h.last_mut() {
                        *m += (y - *m) / count;
                    }
                }
                _ => {
                    d.push(x);
                    h.push(y);
                    count = 1.0;
                }
            }
        }
        Self { d, h }
    }

    fn length(&self) -> f64 {
        match (self.d.first(), self.d.last()) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        }
    }

    /// Robust standard deviation of the altitude's residual from a straight line fitted
    /// (least squares) over ±[`NOISE_FIT_HALF_WIDTH_M`] around each point: 1.4826 × the
    /// median absolute deviation, so spikes and steps do not inflate it. 0 with fewer
    /// than 10 points that have 3 or more neighbours to fit.
    fn noise_sd(&self) -> f64 {
        let n = self.d.len();
        let half = NOISE_FIT_HALF_WIDTH_M;
        let (mut lo, mut hi) = (0, 0);
        let mut residuals = Vec::with_capacity(n);
        // Running sums over the window [lo, hi), distances taken from the first point
        // (so the sums stay small): one pass, not one fit per point.
        let d0 = self.d.first().copied().unwrap_or(0.0);
        let (mut sd, mut sh, mut sdd, mut sdh) = (0.0, 0.0, 0.0, 0.0);
        for i in 0..n {
            while self.d[i] - self.d[lo] > half {
                let (x, y) = (self.d[lo] - d0, self.h[lo]);
                sd -= x;
                sh -= y;
                sdd -= x * x;
                sdh -= x * y;
                lo += 1;
            }
            while hi < n && self.d[hi] - self.d[i] <= half {
                let (x, y) = (self.d[hi] - d0, self.h[hi]);
                sd += x;
                sh += y;
                sdd += x * x;
                sdh += x * y;
                hi += 1;
            }
            let m = hi - lo;
            if m < 4 {
                continue;
            }
            let mf = m as f64;
            let (md, mh) = (sd / mf, sh / mf);
            let var = sdd - sd * md;
            let cov = sdh - sd * mh;
            let slope = if var > 1e-9 { cov / var } else { 0.0 };
            residuals.push(self.h[i] - (mh + slope * (self.d[i] - d0 - md)));
        }
        if residuals.len() < 10 {
            return 0.0;
        }
        let med = median_of(&mut residuals);
        let mut dev: Vec<f64> = residuals.iter().map(|r| (r - med).abs()).collect();
        1.4826 * median_of(&mut dev)
    }

    /// Centred moving median over `|d_j − d_i| ≤ window / 2`.
    ///
    /// The window slides (both ends only move forward), so its altitudes are kept sorted
    /// (by `total_cmp`, a total order: the sorted window is the one a fresh sort gives)
    /// and updated by one insertion or removal per point instead of sorted anew at each
    /// point (issue 24).
    fn median_smoothed(&self, window_m: f64) -> Self {
        let half = 0.5 * window_m.max(0.0);
        let n = self.d.len();
        let (mut lo, mut hi) = (0, 0);
        let mut buf: Vec<f64> = Vec::new();
        let mut h = Vec::with_capacity(n);
        let position = |buf: &[f64], v: f64| buf.partition_point(|x| x.total_cmp(&v).is_lt());
        for i in 0..n {
            while self.d[i] - self.d[lo] > half {
                let v = self.h[lo];
                let at = position(&buf, v);
                if buf.get(at).is_some_and(|x| x.total_cmp(&v).is_eq()) {
                    buf.remove(at);
                }
                lo += 1;
            }
            while hi < n && self.d[hi] - self.d[i] <= half {
                let v = self.h[hi];
                buf.insert(position(&buf, v), v);
                hi += 1;
            }
            let m = buf.len();
            h.push(if m % 2 == 1 {
                buf[m / 2]
            } else {
                0.5 * (buf[m / 2 - 1] + buf[m / 2])
            });
        }
        Self {
            d: self.d.clone(),
            h,
        }
    }

    /// Altitude at distance `x`, interpolated linearly, clamped to the ends.
    fn altitude_at(&self, x: f64) -> f64 {
        self.altitude_at_index(x, self.d.partition_point(|&v| v < x))
    }

    /// [`Self::altitude_at`] given `k`, the number of points before `x`.
    fn altitude_at_index(&self, x: f64, k: usize) -> f64 {
        match (k.checked_sub(1), self.d.get(k)) {
            (Some(j), Some(&dk)) => {
                let f = (x - self.d[j]) / (dk - self.d[j]);
                self.h[j] + (self.h[k] - self.h[j]) * f
            }
            (None, _) => self.h.first().copied().unwrap_or(0.0),
            (_, None) => self.h.last().copied().unwrap_or(0.0),
        }
    }

    /// The number of points before `x` (`partition_point(|v| v < x)`), searched from
    /// `hint` outwards: amortised O(1) for queries that move forward a little at a time,
    /// as every per-sample and per-segment walk along the profile does.
    fn points_before(&self, x: f64, hint: usize) -> usize {
        let d = &self.d;
        let n = d.len();
        let h = hint.min(n);
        if h < n && d[h] < x {
            // The answer is past `h`: gallop forward, then search the last stride.
            let (mut lo, mut step) = (h + 1, 1);
            loop {
                let hi = (h + step).min(n);
                if hi == n || d[hi] >= x {
                    return lo + d[lo..hi].partition_point(|&v| v < x);
                }
                lo = hi + 1;
                step *= 2;
            }
        }
        if h == 0 || d[h - 1] < x {
            return h;
        }
        d[..h].partition_point(|&v| v < x)
    }
}

/// Median of a non-empty slice (sorted in place); 0 for an empty one.
fn median_of(v: &mut [f64]) -> f64 {
    // Selection, not a sort: linear in the window (called once per sample).
    let m = v.len();
    if m == 0 {
        return 0.0;
    }
    let (lower, upper, _) = v.select_nth_unstable_by(m / 2, f64::total_cmp);
    let upper = *upper;
    if m % 2 == 1 {
        upper
    } else {
        let below = lower.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        0.5 * (below + upper)
    }
}

/// Grades along a [`Profile`] for queries in (mostly) increasing distance: remembers where
/// the last window's ends fell.
struct GradeWalk<'p> {
    profile: &'p Profile,
    half: f64,
    lo_hint: usize,
    hi_hint: usize,
}

impl<'p> GradeWalk<'p> {
    fn new(profile: &'p Profile, window_m: f64) -> Self {
        Self {
            profile,
            half: 0.5 * window_m.max(0.0),
            lo_hint: 0,
            hi_hint: 0,
        }
    }

    /// Grade (fraction) over the centred window at `x`, clipped to the profile; `None`
    /// for an empty profile or a window of no length.
    fn grade_at(&mut self, x: f64) -> Option<f64> {
        let p = self.profile;
        let (first, last) = (*p.d.first()?, *p.d.last()?);
        let lo = (x - self.half).max(first);
        let hi = (x + self.half).min(last);
        if hi - lo <= 1e-9 {
            return None;
        }
        self.lo_hint = p.points_before(lo, self.lo_hint);
        self.hi_hint = p.points_before(hi, self.hi_hint);
        Some(
            (p.altitude_at_index(hi, self.hi_hint) - p.altitude_at_index(lo, self.lo_hint))
                / (hi - lo),
        )
    }
}

/// The profile analyses run on, and what was learnt about the altitude preparing it.
struct Prepared {
    /// Levelled across steps, smoothed for GPS altitude.
    profile: Profile,
    /// Not barometric: rough figures, noise floor and climb margin apply.
    untrusted: bool,
    /// Measured noise, m.
    noise_m: f64,
    /// Noise the climb margin is set from, m.
    assumed_noise_m: f64,
    /// The parameters with the grade window grown with the noise.
    params: ElevationParams,
    /// Sample indices where the altitude profile breaks (pauses, gaps, steps).
    cuts: Vec<usize>,
    /// How many of the breaks were altitude steps levelled out.
    steps: usize,
}

fn prepare(a: &Activity, p: &ElevationParams, weight_cap_s: f64) -> Option<Prepared> {
    if a.is_treadmill() {
        return None;
    }
    let raw = Profile::from_activity(a);
    if raw.d.len() < 2 || raw.length() <= 0.0 {
        return None;
    }
    let untrusted = a.altitude_source != AltitudeSource::Barometric;
    let noise_m = raw.noise_sd();
    let assumed_noise_m = if untrusted {
        noise_m.max(p.gps_noise_floor_m)
    } else {
        noise_m
    };
    let mut params = *p;
    params.grade_window_m = grade_window_for(p, noise_m);
    let breaks = breaks(a, noise_m, weight_cap_s);
    let steps = breaks.iter().filter(|b| b.step).count();
    let profile = levelled(a, &breaks, raw);
    let profile = if a.altitude_source == AltitudeSource::Gps {
        profile.median_smoothed(p.gps_smoothing_window_m)
    } else {
        profile
    };
    Some(Prepared {
        profile,
        untrusted,
        noise_m,
        assumed_noise_m,
        params,
        cuts: breaks.iter().map(|b| b.at).collect(),
        steps,
    })
}

/// The grade window for altitude noise `sigma_m`: the base window
/// ([`ElevationParams::grade_window_m`]), or longer, so that √2·σ ÷ window is at most
/// [`ElevationParams::grade_noise_fraction`] of the steep grade.
#[must_use]
pub(crate) fn grade_window_for(p: &ElevationParams, sigma_m: f64) -> f64 {
    let limit = p.grade_noise_fraction * p.band_steep_grade;
    let needed = if limit > 0.0 && sigma_m.is_finite() {
        std::f64::consts::SQRT_2 * sigma_m.max(0.0) / limit
    } else {
        0.0
    };
    p.grade_window_m.max(needed)
}

/// Grade (fraction, 0.06 = 6 %) of every sample over the grade window; `None` for a
/// sample without distance, and for every sample of an activity [`analyze`] rejects
/// (no altitude, treadmill, no distance).
#[must_use]
pub fn grades(a: &Activity, p: &ElevationParams) -> Vec<Option<f64>> {
    let Some(prep) = prepare(a, p, totals::weight_cap(a)) else {
        return vec![None; a.samples.len()];
    };
    grades_on(a, &prep.profile, &prep.params)
}

fn grades_on(a: &Activity, profile: &Profile, p: &ElevationParams) -> Vec<Option<f64>> {
    let mut walk = GradeWalk::new(profile, p.grade_window_m);
    a.samples
        .iter()
        .map(|s| {
            s.distance_m
                .filter(|d| d.is_finite())
                .and_then(|d| walk.grade_at(d))
        })
        .collect()
}

/// Elevation analysis. `None` when there is no altitude, the run was on a treadmill, or
/// there is no distance.
#[must_use]
pub fn analyze(a: &Activity, p: &ElevationParams) -> Option<Elevation> {
    analyze_run(a, p).map(|r| r.elevation)
}

/// [`grades`], [`analyze`] and the profile they share, computed once. `None` when
/// [`analyze`] gives `None`.
#[must_use]
pub(crate) fn analyze_run(a: &Activity, base: &ElevationParams) -> Option<ElevationRun> {
    analyze_run_with(a, &Basis::of(a), base)
}

/// [`analyze_run`] given the activity's [`Basis`].
#[must_use]
pub(crate) fn analyze_run_with(
    a: &Activity,
    basis: &Basis,
    base: &ElevationParams,
) -> Option<ElevationRun> {
    let prep = prepare(a, base, basis.cap_s)?;
    let p = &prep.params;
    let profile = &prep.profile;
    let (gain_m, loss_m) = gain_loss_by_piece(a, &prep.cuts, p)
        .unwrap_or_else(|| gain_loss(&profile.h, p.hysteresis_m));
    let method = if a.altitude_source == AltitudeSource::Gps {
        format!(
            "hysteresis {} m after {} m median smoothing (GPS altitude)",
            p.hysteresis_m, p.gps_smoothing_window_m
        )
    } else {
        format!("hysteresis {} m", p.hysteresis_m)
    };
    let g = grades_on(a, profile, p);
    let bands = bands(a, &basis.weights, &g, p);
    let share = |kind: GradeBandKind| {
        bands
            .iter()
            .find(|b| b.kind == kind)
            .map_or(0.0, |b| b.distance_share_pct)
    };
    let sec = sections(a, profile, p, base.grade_window_m);
    let (climbs, descents) = (sec.climbs, sec.descents);
    let pct = |v: f64| 100.0 * v;
    let points = profile_points(a, profile, &g, p);
    let elevation = Elevation {
        source: a.altitude_source,
        method,
        low_confidence: prep.untrusted,
        noise_m: prep.noise_m,
        assumed_noise_m: prep.assumed_noise_m,
        climb_margin_m: prep
            .untrusted
            .then_some(p.noise_margin_sd * std::f64::consts::SQRT_2 * prep.assumed_noise_m),
        altitude_steps: prep.steps,
        implausible_grade: sec.implausible,
        implausible_steep_m: sec.implausible_steep_m,
        gain_m,
        loss_m,
        min_altitude_m: profile.h.iter().copied().fold(f64::INFINITY, f64::min),
        max_altitude_m: profile.h.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        distance_m: profile.length(),
        grade_window_m: p.grade_window_m,
        max_grade_pct: g.iter().flatten().copied().reduce(f64::max).map(pct),
        min_grade_pct: g.iter().flatten().copied().reduce(f64::min).map(pct),
        steep_up_distance_share_pct: share(GradeBandKind::SteepUp),
        steep_down_distance_share_pct: share(GradeBandKind::SteepDown),
        climb_distance_m: climbs.iter().map(|s| s.length_m).sum(),
        descent_distance_m: descents.iter().map(|s| s.length_m).sum(),
        bands,
        climbs,
        descents,
        band_edges: BandEdges::of(p),
    };
    Some(ElevationRun {
        grades: g,
        elevation,
        profile: points,
    })
}

/// The profile's points with their grades. Every point's distance is that of a sample, in
/// sample order ([`Profile::from_samples`]), and [`grades_on`] graded that sample at that
/// very distance on the same profile and window: a grade depends on the distance alone,
/// so it is taken from `g`, not computed again (issue 24). A sample is matched by the
/// bits of its distance; a point left unmatched (none is) is graded here.
fn profile_points(
    a: &Activity,
    profile: &Profile,
    g: &[Option<f64>],
    p: &ElevationParams,
) -> Vec<ProfilePoint> {
    let n = profile.d.len();
    let mut points: Vec<ProfilePoint> = Vec::with_capacity(n);
    for (s, &grade) in a.samples.iter().zip(g) {
        let Some((&distance_m, &altitude_m)) =
            profile.d.get(points.len()).zip(profile.h.get(points.len()))
        else {
            break;
        };
        if s.distance_m.map(f64::to_bits) == Some(distance_m.to_bits()) {
            points.push(ProfilePoint {
                distance_m,
                altitude_m,
                grade,
            });
        }
    }
    let mut walk = GradeWalk::new(profile, p.grade_window_m);
    for (&distance_m, &altitude_m) in profile.d.iter().zip(&profile.h).skip(points.len()) {
        points.push(ProfilePoint {
            distance_m,
            altitude_m,
            grade: walk.grade_at(distance_m),
        });
    }
    points
}

/// Shortest silence between samples that breaks the altitude profile, seconds.
pub(crate) const GAP_BREAK_S: f64 = 60.0;

/// Fastest altitude change between consecutive barometric samples that can be the runner
/// moving, m/s; a faster step is a sensor jump and breaks the profile. Our choice: five
/// times the ascent rate of the Vertical Kilometre record (1,000 m in under 30 min, about
/// 0.6 m/s), and twice what a fell runner loses on the steepest descents.
pub const MAX_VERTICAL_SPEED_MPS: f64 = 3.0;

/// Smallest barometric step that can be a sensor jump, m. Our choice: a barometer at 1 Hz
/// steps by 3–3.5 m in a second on its own now and then (an FR910XT in the corpus does so
/// 14 times in a 5.6 h run, and the device's own ascent counts those steps: ours matches
/// it exactly with them); a calibration moves the trace by tens of metres.
pub const MIN_JUMP_M: f64 = 10.0;

/// A break of the altitude profile before sample `at`; `step`: an altitude step (not a
/// pause or gap), `rise_m`: the change of level across it that levelling removes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Break {
    at: usize,
    step: bool,
    rise_m: f64,
}

/// Where the altitude profile breaks, in sample order:
/// * a pause, or a silence longer than [`GAP_BREAK_S`] (or [`totals::weight_cap`] when
///   larger): the altitude step across it is where the runner was not recording, not a
///   climb (a watch re-acquiring GPS altitude after a stop jumps by metres);
/// * on barometric altitude, a step between consecutive altitude samples faster than
///   [`MAX_VERTICAL_SPEED_MPS`] (time steps under 1 s count as 1 s) and larger than
///   [`MIN_JUMP_M`]: a barometer calibrating to a GPS or stored altitude at the start of
///   a recording, or a glitch, moves the trace by tens of metres in a second; no runner
///   does;
/// * on other altitude, a step of level: the medians of the altitudes in the
///   [`STEP_WINDOW_S`] before and from a sample differ by more than [`MIN_JUMP_M`], more
///   than [`MAX_VERTICAL_SPEED_MPS`] allows between that sample and the one before, and
///   more than [`STEP_NOISE_SD`] standard deviations of the difference of two medians of
///   the trace's noise (a phone switching altitude source: 6 → 48 m in a few seconds).
///   A single-fix spike moves no median and is left to the smoothing.
///
/// `noise_m`: the trace's measured noise.
fn breaks(a: &Activity, noise_m: f64, weight_cap_s: f64) -> Vec<Break> {
    let pauses = totals::PauseSet::of(a);
    // Looked up at the midpoints of consecutive samples, which grow along a cleaned run:
    // a cursor answers as the set does, without a bisection per sample (issue 24).
    let mut pauses = pauses.cursor();
    // Smart recording leaves 10–30 s between points while running: only a longer silence
    // is a gap (our choice: a minute, or the sample weight cap of a sparser recording).
    let cap = weight_cap_s.max(GAP_BREAK_S);
    let baro = a.altitude_source == AltitudeSource::Barometric;
    // (sample index, t, h) of samples with a finite time and altitude.
    let alt: Vec<(usize, f64, f64)> = a
        .samples
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let t = s.t_s.filter(|t| t.is_finite())?;
            let h = s.altitude_m.filter(|h| h.is_finite())?;
            Some((i, t, h))
        })
        .collect();
    let mut out: Vec<Break> = Vec::new();
    let mut push = |b: Break| {
        if b.at > 0 && out.last().is_none_or(|l| l.at < b.at) {
            out.push(b);
        }
    };
    // Level just before and from position k of `alt` (the nearest samples).
    let rise_at = |k: usize| -> f64 {
        match (k.checked_sub(1).and_then(|j| alt.get(j)), alt.get(k)) {
            (Some(x), Some(y)) => y.2 - x.2,
            _ => 0.0,
        }
    };
    let mut k_alt = 0; // position in `alt` of the first altitude sample at or after i
    for (i, s) in a.samples.iter().enumerate() {
        while k_alt < alt.len() && alt[k_alt].0 < i {
            k_alt += 1;
        }
        let Some(t1) = s.t_s.filter(|t| t.is_finite()) else {
            continue;
        };
        let prev_t = i
            .checked_sub(1)
            .and_then(|j| a.samples.get(j))
            .and_then(|s| s.t_s);
        let gap = prev_t.is_some_and(|t0| t1 - t0 > cap || pauses.contains(0.5 * (t0 + t1)));
        if gap {
            // Not levelled: across a pause the runner may have moved up or down, and
            // two single fixes of GPS altitude differ by its jitter.
            push(Break {
                at: i,
                step: false,
                rise_m: 0.0,
            });
            continue;
        }
        let here = alt.get(k_alt).filter(|x| x.0 == i);
        if baro {
            let jump = here
                .zip(k_alt.checked_sub(1).and_then(|j| alt.get(j)))
                .is_some_and(|(&(_, t1, h1), &(_, t0, h0))| {
                    let limit = MAX_VERTICAL_SPEED_MPS * (t1 - t0).max(1.0);
                    (h1 - h0).abs() > limit.max(MIN_JUMP_M)
                });
            if jump {
                push(Break {
                    at: i,
                    step: true,
                    rise_m: rise_at(k_alt),
                });
            }
        }
    }
    if !baro {
        out.extend(level_steps(&alt, noise_m).into_iter().filter(|b| b.at > 0));
        out.sort_by_key(|b| b.at);
        out.dedup_by_key(|b| b.at);
    }
    out
}

/// Steps of level on altitude that is not barometric (see [`breaks`]).
fn level_steps(alt: &[(usize, f64, f64)], noise_m: f64) -> Vec<Break> {
    // (rise, threshold) at position k: medians of the window before and from sample k.
    let (mut lo, mut hi) = (0, 0);
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut range = WindowRange::default();
    // `screen`: a window whose whole range is within the threshold holds no step (two
    // medians differ by no more than the range of the values they are taken from), so
    // the medians are left uncomputed.
    let mut at = |k: usize, screen: bool| -> Option<(f64, f64)> {
        let t = alt[k].1;
        while lo < k && alt[lo].1 < t - STEP_WINDOW_S {
            lo += 1;
        }
        hi = hi.max(k);
        while hi < alt.len() && alt[hi].1 < t + STEP_WINDOW_S {
            hi += 1;
        }
        if lo >= k || hi <= k {
            return None;
        }
        // The level changes between the last sample before and the first after.
        let between_s = alt[k].1 - alt[k - 1].1;
        let (nb, na) = ((k - lo) as f64, (hi - k) as f64);
        // SD of a median of n Gaussian values ≈ 1.2533 σ / √n.
        let noise = STEP_NOISE_SD * 1.2533 * noise_m * (1.0 / nb + 1.0 / na).sqrt();
        let threshold = MIN_JUMP_M
            .max(MAX_VERTICAL_SPEED_MPS * between_s.max(1.0))
            .max(noise);
        if screen {
            let (min, max) = range.of(alt, lo, hi);
            if max - min <= threshold {
                return Some((0.0, threshold));
            }
        }
        before.clear();
        before.extend(alt[lo..k].iter().map(|x| x.2));
        after.clear();
        after.extend(alt[k..hi].iter().map(|x| x.2));
        let rise = median_of(&mut after) - median_of(&mut before);
        Some((rise, threshold))
    };
    let mut out = Vec::new();
    let mut k = 1;
    while k < alt.len() {
        let Some((rise, threshold)) = at(k, true) else {
            k += 1;
            continue;
        };
        if rise.abs() <= threshold {
            k += 1;
            continue;
        }
        // The step is where the level changes most, within the window ahead.
        let (mut best, mut best_rise) = (k, rise);
        let t_end = alt[k].1 + STEP_WINDOW_S;
        let mut j = k + 1;
        while j < alt.len() && alt[j].1 <= t_end {
            if let Some((r, _)) = at(j, false) {
                if r.abs() > best_rise.abs() {
                    (best, best_rise) = (j, r);
                }
            }
            j += 1;
        }
        out.push(Break {
            at: alt[best].0,
            step: true,
            rise_m: best_rise,
        });
        // Past the step's window: the same step is not found twice.
        let t_next = alt[best].1 + STEP_WINDOW_S;
        k = best + 1;
        while k < alt.len() && alt[k].1 < t_next {
            k += 1;
        }
    }
    out
}

/// The lowest and highest altitude of `alt[lo..hi]` for windows whose ends only move
/// forward (as [`level_steps`]' do): monotonic queues of positions, each pushed and
/// popped once, so a window's range costs O(1) amortised instead of a scan of the window
/// at every sample (issue 24). The altitudes are finite, so the minimum and maximum are
/// the values a fold with `f64::min` and `f64::max` gives (up to the sign of a zero,
/// which no difference of the two can tell).
#[derive(Default)]
struct WindowRange {
    /// Positions pushed so far: `0..pushed`.
    pushed: usize,
    /// `low[low_from..]`: positions whose altitudes increase strictly; its first is the
    /// window's lowest. (A vector and the index of its front: each position is pushed
    /// once, so it never holds more than the series.)
    low: Vec<usize>,
    low_from: usize,
    /// `high[high_from..]`: positions whose altitudes decrease strictly; its first is
    /// the window's highest.
    high: Vec<usize>,
    high_from: usize,
}

impl WindowRange {
    /// (min, max) of the altitudes of `alt[lo..hi]`; `lo < hi`, and neither end below
    /// where it was at the last call.
    fn of(&mut self, alt: &[(usize, f64, f64)], lo: usize, hi: usize) -> (f64, f64) {
        while self.pushed < hi {
            let v = alt[self.pushed].2;
            while self.low.len() > self.low_from && self.low.last().is_some_and(|&j| alt[j].2 >= v)
            {
                self.low.pop();
            }
            self.low.push(self.pushed);
            while self.high.len() > self.high_from
                && self.high.last().is_some_and(|&j| alt[j].2 <= v)
            {
                self.high.pop();
            }
            self.high.push(self.pushed);
            self.pushed += 1;
        }
        while self.low.get(self.low_from).is_some_and(|&j| j < lo) {
            self.low_from += 1;
        }
        while self.high.get(self.high_from).is_some_and(|&j| j < lo) {
            self.high_from += 1;
        }
        let at = |q: &[usize], from: usize| q.get(from).map_or(f64::NAN, |&j| alt[j].2);
        (at(&self.low, self.low_from), at(&self.high, self.high_from))
    }
}

/// The profile of the samples with the altitude levelled across every altitude step: each
/// stretch between breaks is shifted by the rises of the steps before it, so the profile
/// runs on without the step (pauses and gaps rise by 0: cut for gain and loss, not
/// levelled); the stretch with the most samples keeps its recorded altitude. `raw`: the
/// samples' own profile, which is the answer when no step moves the level. The levelled
/// altitudes are read as the profile is built: the samples are not copied (issue 24).
fn levelled(a: &Activity, breaks: &[Break], raw: Profile) -> Profile {
    // Only steps move the level; gaps and pauses cut the profile but offset nothing.
    if breaks.iter().all(|b| b.rise_m == 0.0) {
        return raw;
    }
    // Offset of each piece (cumulative rise) and its sample count.
    let mut edges: Vec<usize> = vec![0];
    edges.extend(breaks.iter().map(|b| b.at));
    edges.push(a.samples.len());
    let mut offset = 0.0;
    let mut pieces: Vec<(usize, usize, f64)> = Vec::new();
    for (w, b) in edges
        .windows(2)
        .zip(std::iter::once(None).chain(breaks.iter().map(Some)))
    {
        offset += b.map_or(0.0, |b| b.rise_m);
        pieces.push((w[0], w[1], offset));
    }
    let anchor = pieces
        .iter()
        .max_by_key(|(from, to, _)| to - from)
        .map_or(0.0, |x| x.2);
    // The pieces cover the samples in order: the one of sample i is found walking forward.
    let mut piece = 0;
    Profile::from_samples_with(&a.samples, |i, s| {
        while pieces.get(piece).is_some_and(|&(_, to, _)| to <= i) {
            piece += 1;
        }
        match pieces.get(piece) {
            Some(&(from, _, off)) if from <= i => s.altitude_m.map(|h| h - off + anchor),
            _ => s.altitude_m,
        }
    })
}

/// Gain and loss summed over the stretches between the breaks, each profiled (and
/// smoothed, for GPS altitude) on its own. `None` when the run has no break (then the
/// whole profile is used as is).
fn gain_loss_by_piece(a: &Activity, cuts: &[usize], p: &ElevationParams) -> Option<(f64, f64)> {
    if cuts.is_empty() {
        return None;
    }
    let mut edges = vec![0];
    edges.extend_from_slice(cuts);
    edges.push(a.samples.len());
    let mut total = (0.0, 0.0);
    for piece in edges.windows(2) {
        let samples = a.samples.get(piece[0]..piece[1]).unwrap_or(&[]);
        let mut profile = Profile::from_samples(samples);
        if profile.d.len() < 2 {
            continue;
        }
        if a.altitude_source == AltitudeSource::Gps {
            profile = profile.median_smoothed(p.gps_smoothing_window_m);
        }
        let (g, l) = gain_loss(&profile.h, p.hysteresis_m);
        total.0 += g;
        total.1 += l;
    }
    Some(total)
}

/// Gain and loss with a hysteresis threshold, turning-point form (see the module docs).
/// A threshold below 1 nm counts as 1 nm.
#[must_use]
pub(crate) fn gain_loss(h: &[f64], threshold_m: f64) -> (f64, f64) {
    #[derive(Clone, Copy)]
    enum Trend {
        /// No swing of the threshold yet: the range seen so far.
        Unset { hi: f64, lo: f64 },
        /// Rising from a confirmed low `from`; highest point so far `ext`.
        Up { from: f64, ext: f64 },
        /// Falling from a confirmed high `from`; lowest point so far `ext`.
        Down { from: f64, ext: f64 },
    }
    let th = threshold_m.max(1e-9);
    let Some(&first) = h.first() else {
        return (0.0, 0.0);
    };
    let (mut gain, mut loss) = (0.0, 0.0);
    let mut trend = Trend::Unset {
        hi: first,
        lo: first,
    };
    for &x in &h[1..] {
        trend = match trend {
            Trend::Unset { hi, lo } => {
                let (hi, lo) = (hi.max(x), lo.min(x));
                if x - lo >= th {
                    Trend::Up { from: lo, ext: x }
                } else if hi - x >= th {
                    Trend::Down { from: hi, ext: x }
                } else {
                    Trend::Unset { hi, lo }
                }
            }
            Trend::Up { from, ext } => {
                if x > ext {
                    Trend::Up { from, ext: x }
                } else if ext - x >= th {
                    gain += ext - from;
                    Trend::Down { from: ext, ext: x }
                } else {
                    trend
                }
            }
            Trend::Down { from, ext } => {
                if x < ext {
                    Trend::Down { from, ext: x }
                } else if x - ext >= th {
                    loss += from - ext;
                    Trend::Up { from: ext, ext: x }
                } else {
                    trend
                }
            }
        };
    }
    match trend {
        Trend::Up { from, ext } => gain += ext - from,
        Trend::Down { from, ext } => loss += from - ext,
        Trend::Unset { .. } => {}
    }
    (gain, loss)
}

/// Band index of a grade: 0 steep down, 1 down, 2 flat, 3 up, 4 steep up.
fn band_of(g: f64, p: &ElevationParams) -> usize {
    BandEdges::of(p).band_of(g).index()
}

fn bands(a: &Activity, weights: &[f64], g: &[Option<f64>], p: &ElevationParams) -> Vec<GradeBand> {
    let mut dist = [0.0_f64; 5];
    let mut time = [0.0_f64; 5];
    // Half of an interval's amount to each end's band (all of it when one end has none).
    let add = |acc: &mut [f64; 5], ga: Option<f64>, gb: Option<f64>, v: f64| match (ga, gb) {
        (Some(x), Some(y)) => {
            acc[band_of(x, p)] += 0.5 * v;
            acc[band_of(y, p)] += 0.5 * v;
        }
        (Some(x), None) | (None, Some(x)) => acc[band_of(x, p)] += v,
        (None, None) => {}
    };
    // Distance: between consecutive samples that carry one.
    let mut prev: Option<(f64, Option<f64>)> = None;
    for (s, gi) in a.samples.iter().zip(g) {
        let Some(d) = s.distance_m.filter(|d| d.is_finite()) else {
            continue;
        };
        if let Some((pd, pg)) = prev {
            if d > pd {
                add(&mut dist, pg, *gi, d - pd);
            }
        }
        prev = Some((d, *gi));
    }
    // Time: the weight of sample i is the moving interval to sample i + 1.
    for i in 0..a.samples.len().saturating_sub(1) {
        add(&mut time, g[i], g[i + 1], weights[i]);
    }
    let (dist_total, time_total): (f64, f64) = (dist.iter().sum(), time.iter().sum());
    let has_time = time_total > 0.0;
    let (flat, steep) = (100.0 * p.band_flat_grade, 100.0 * p.band_steep_grade);
    let edges = [
        (GradeBandKind::SteepDown, None, Some(-steep)),
        (GradeBandKind::Down, Some(-steep), Some(-flat)),
        (GradeBandKind::Flat, Some(-flat), Some(flat)),
        (GradeBandKind::Up, Some(flat), Some(steep)),
        (GradeBandKind::SteepUp, Some(steep), None),
    ];
    edges
        .iter()
        .enumerate()
        .map(|(k, &(kind, min, max))| GradeBand {
            kind,
            min_grade_pct: min,
            max_grade_pct: max,
            distance_m: dist[k],
            distance_share_pct: if dist_total > 0.0 {
                100.0 * dist[k] / dist_total
            } else {
                0.0
            },
            time_s: has_time.then_some(time[k]),
            time_share_pct: has_time.then(|| 100.0 * time[k] / time_total),
        })
        .collect()
}

/// Most segmentation steps per profile point (our choice): keeps 10 m steps wherever the
/// points are on average less than 1 km apart; sparser profiles get coarser steps (between
/// two points the profile is a straight line, so only the ends of a climb move).
pub const SEGMENT_STEPS_PER_POINT: f64 = 100.0;

/// A maximal run of equally labelled steps: label, first step, one past the last step.
#[derive(Clone, Copy, Debug)]
struct Run {
    label: i8,
    from: usize,
    to: usize,
}

/// What the segmentation finds: climbs, descents, and the stretches no runner runs.
struct Sections {
    climbs: Vec<Section>,
    descents: Vec<Section>,
    /// Stretches steeper than [`ElevationParams::max_runnable_grade`] over the base
    /// window, (start, end) in m.
    implausible: Vec<(f64, f64)>,
    /// Steep distance (by the grown window's grade) within half a grade window of them, m.
    implausible_steep_m: f64,
}

/// Climbs and descents (module docs), each with its steep distance and whether it holds
/// a grade no runner runs: the grade over `base_window_m` (the window before it grew
/// with the noise, "held over tens of metres", DOMAIN.md) past
/// [`ElevationParams::max_runnable_grade`].
fn sections(a: &Activity, profile: &Profile, p: &ElevationParams, base_window_m: f64) -> Sections {
    let (Some(&d0), Some(&dn)) = (profile.d.first(), profile.d.last()) else {
        return Sections {
            climbs: Vec::new(),
            descents: Vec::new(),
            implausible: Vec::new(),
            implausible_steep_m: 0.0,
        };
    };
    let len = dn - d0;
    let step_m = if p.segment_step_m > 0.0 {
        p.segment_step_m
    } else {
        10.0
    };
    // At most a million steps (a guard against odd params) and at most
    // SEGMENT_STEPS_PER_POINT per profile point, so the work follows the data, not the
    // distance it claims: a damaged FIT of 151 sessions, each 31 records claiming
    // 16 600 km, cost a million grade evaluations per session, 5 s in all (found by
    // fuzzing). Real profiles (a point every 1-20 m, route planners every 10-500 m) keep
    // their 10 m steps.
    let per_point = (profile.d.len() as f64 * SEGMENT_STEPS_PER_POINT).max(1.0);
    let count = (len / step_m).ceil().clamp(1.0, per_point.min(1e6));
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 1 ≤ count ≤ 1e6
    let n = count as usize;
    let edge = |k: usize| {
        if k >= n {
            dn
        } else {
            let f = k as f64 / count;
            d0 + len * f
        }
    };
    let mut walk = GradeWalk::new(profile, p.grade_window_m);
    let base_window = base_window_m.min(p.grade_window_m);
    let mut base_walk = GradeWalk::new(profile, base_window);
    // When the window did not grow with the noise, the base window's grades are the
    // grown one's: computed once (issue 24).
    let same_window = base_window.to_bits() == p.grade_window_m.to_bits();
    let mut grade: Vec<f64> = Vec::with_capacity(n);
    let mut impossible: Vec<bool> = Vec::with_capacity(n);
    for k in 0..n {
        let mid = 0.5 * (edge(k) + edge(k + 1));
        let g = walk.grade_at(mid);
        let base = if same_window {
            g
        } else {
            base_walk.grade_at(mid)
        };
        grade.push(g.unwrap_or(0.0));
        impossible.push(base.is_some_and(|g| g.abs() > p.max_runnable_grade));
    }
    let mut implausible: Vec<(f64, f64)> = Vec::new();
    for k in (0..n).filter(|&k| impossible[k]) {
        match implausible.last_mut() {
            Some(last) if last.1 >= edge(k) => last.1 = edge(k + 1),
            _ => implausible.push((edge(k), edge(k + 1))),
        }
    }
    let steep_len = |from: usize, to: usize, dir: f64, near: &dyn Fn(usize) -> bool| -> f64 {
        (from..to)
            .filter(|&k| dir * grade[k] > p.band_steep_grade && near(k))
            .map(|k| edge(k + 1) - edge(k))
            .sum()
    };
    let half = 0.5 * p.grade_window_m;
    let near_implausible = |k: usize| {
        let mid = 0.5 * (edge(k) + edge(k + 1));
        implausible
            .iter()
            .any(|&(s, e)| mid >= s - half && mid <= e + half)
    };
    let implausible_steep_m =
        steep_len(0, n, 1.0, &near_implausible) + steep_len(0, n, -1.0, &near_implausible);
    let label = |g: f64| -> i8 {
        if g >= p.climb_min_grade {
            1
        } else if g <= -p.climb_min_grade {
            -1
        } else {
            0
        }
    };
    let mut runs: Vec<Run> = Vec::new();
    for (k, &g) in grade.iter().enumerate() {
        let l = label(g);
        match runs.last_mut() {
            Some(r) if r.label == l => r.to = k + 1,
            _ => runs.push(Run {
                label: l,
                from: k,
                to: k + 1,
            }),
        }
    }
    let run_len = |r: &Run| edge(r.to) - edge(r.from);
    let mut out = (Vec::new(), Vec::new());
    for dir in [1_i8, -1] {
        let found = if dir > 0 { &mut out.0 } else { &mut out.1 };
        let members: Vec<usize> = (0..runs.len()).filter(|&j| runs[j].label == dir).collect();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for &j in &members {
            let joins = groups.last().and_then(|g| g.last()).is_some_and(|&prev| {
                let gap = edge(runs[j].from) - edge(runs[prev].to);
                let opposed = runs[prev + 1..j]
                    .iter()
                    .any(|r| r.label == -dir && run_len(r) >= p.climb_min_length_m);
                gap < p.flat_tolerance_m && !opposed
            });
            match groups.last_mut() {
                Some(g) if joins => g.push(j),
                _ => groups.push(vec![j]),
            }
        }
        for g in groups {
            let (Some(&f), Some(&l)) = (g.first(), g.last()) else {
                continue;
            };
            let whole = (runs[f].from, runs[l].to);
            if qualifies(profile, p, dir, edge(whole.0), edge(whole.1)) {
                found.push(whole);
            } else {
                for j in g {
                    let r = runs[j];
                    if qualifies(profile, p, dir, edge(r.from), edge(r.to)) {
                        found.push((r.from, r.to));
                    }
                }
            }
        }
    }
    let by_distance = SamplesByDistance::of(a);
    let make = |dir: i8, (from, to): (usize, usize)| {
        let (start, end) = (edge(from), edge(to));
        let steepest = grade[from..to]
            .iter()
            .map(|g| f64::from(dir) * g)
            .fold(f64::NEG_INFINITY, f64::max);
        let mut sec = section(
            a,
            &by_distance,
            profile,
            start,
            end,
            f64::from(dir) * steepest,
        );
        sec.steep_distance_m = steep_len(from, to, f64::from(dir), &|_| true);
        sec.implausible_grade = impossible[from..to].iter().any(|&x| x);
        sec
    };
    let mut climbs: Vec<Section> = out.0.into_iter().map(|r| make(1, r)).collect();
    let mut descents: Vec<Section> = out.1.into_iter().map(|r| make(-1, r)).collect();
    let stretches: Vec<(f64, f64)> = climbs
        .iter()
        .chain(&descents)
        .map(|s| (s.start_m, s.end_m))
        .collect();
    let durations = pace::moving_times_between(a, &stretches);
    for (s, d) in climbs.iter_mut().chain(descents.iter_mut()).zip(durations) {
        s.duration_s = d;
    }
    Sections {
        climbs,
        descents,
        implausible,
        implausible_steep_m,
    }
}

fn qualifies(profile: &Profile, p: &ElevationParams, dir: i8, start: f64, end: f64) -> bool {
    let len = end - start;
    if len < p.climb_min_length_m || len <= 0.0 {
        return false;
    }
    let mean = (profile.altitude_at(end) - profile.altitude_at(start)) / len;
    f64::from(dir) * mean >= p.climb_min_grade
}

/// The samples that carry a distance, (index, distance), when those distances never
/// decrease (the usual case): then the samples within a stretch are a contiguous run of
/// them, found by two binary searches instead of a scan of all samples per section
/// (issue 24).
struct SamplesByDistance(Option<Vec<(usize, f64)>>);

impl SamplesByDistance {
    fn of(a: &Activity) -> Self {
        let mut v: Vec<(usize, f64)> = Vec::with_capacity(a.samples.len());
        for (i, s) in a.samples.iter().enumerate() {
            let Some(d) = s.distance_m else {
                continue;
            };
            // A decrease, or a NaN (incomparable), and the searches do not apply.
            if v.last()
                .is_some_and(|&(_, last)| last.partial_cmp(&d).is_none_or(|o| o.is_gt()))
            {
                return Self(None);
            }
            v.push((i, d));
        }
        Self(Some(v))
    }

    /// The first and one past the last sample with a distance within `[start, end]`, as
    /// scanning every sample gives them: `None` when the distances decrease somewhere
    /// (then the caller scans).
    fn span(&self, start: f64, end: f64, len: usize) -> Option<(usize, usize)> {
        let v = self.0.as_deref()?;
        let first = v.partition_point(|&(_, d)| d < start);
        let last = v.partition_point(|&(_, d)| d <= end);
        let on = |d: f64| d >= start && d <= end;
        Some(
            match (v.get(first), last.checked_sub(1).and_then(|k| v.get(k))) {
                (Some(&(i, di)), Some(&(j, dj))) if first < last && on(di) && on(dj) => (i, j + 1),
                _ => (len, len),
            },
        )
    }
}

fn section(
    a: &Activity,
    by_distance: &SamplesByDistance,
    profile: &Profile,
    start: f64,
    end: f64,
    steepest: f64,
) -> Section {
    let (h0, h1) = (profile.altitude_at(start), profile.altitude_at(end));
    let length = end - start;
    let (start_index, end_index) = by_distance
        .span(start, end, a.samples.len())
        .unwrap_or_else(|| {
            let on =
                |s: &crate::model::Sample| s.distance_m.is_some_and(|d| d >= start && d <= end);
            let start_index = a.samples.iter().position(on).unwrap_or(a.samples.len());
            let end_index = a
                .samples
                .iter()
                .rposition(on)
                .map_or(start_index, |i| i + 1);
            (start_index, end_index)
        });
    Section {
        start_m: start,
        end_m: end,
        length_m: length,
        start_altitude_m: h0,
        end_altitude_m: h1,
        altitude_change_m: h1 - h0,
        mean_grade_pct: 100.0 * (h1 - h0) / length,
        max_grade_pct: 100.0 * steepest,
        // Filled in for all sections at once by `sections` (one pass over the samples).
        duration_s: None,
        // Filled in by `sections` from its steps.
        steep_distance_m: 0.0,
        implausible_grade: false,
        start_index,
        end_index,
        cadence_spm: None,
        step_length_m: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Pause, Sample};
    use crate::synth::{self, Scenario, SplitMix64};

    /// A generated run as a barometric watch records it (the generator's altitude is
    /// exact to 0.2 m): named as a fēnix 6, which the altimeter table lists.
    fn fit_activity(s: &Scenario) -> Activity {
        let r = synth::generate(s).unwrap();
        let opts = synth::fit::FitOptions {
            product_name: Some("fenix 6".into()),
            ..synth::fit::FitOptions::default()
        };
        let bytes = synth::fit::encode(&r, &opts);
        crate::ingest::read_bytes(&bytes).unwrap().remove(0)
    }

    /// A 1 Hz activity from (distance, altitude) points.
    fn track(points: &[(f64, Option<f64>)], source: AltitudeSource) -> Activity {
        let mut a = Activity::new(Format::Gpx);
        a.altitude_source = source;
        a.samples = points
            .iter()
            .enumerate()
            .map(|(i, &(d, h))| Sample {
                t_s: Some(i as f64),
                distance_m: Some(d),
                altitude_m: h,
                ..Sample::default()
            })
            .collect();
        a
    }

    /// The same run backwards: samples reversed, distance re-accumulated, time from zero.
    fn reversed(a: &Activity) -> Activity {
        let mut b = a.clone();
        let total = a.samples.last().and_then(|s| s.distance_m).unwrap();
        let t_end = a.samples.last().and_then(|s| s.t_s);
        b.samples.reverse();
        for s in &mut b.samples {
            s.distance_m = s.distance_m.map(|d| total - d);
            s.t_s = s.t_s.zip(t_end).map(|(t, e)| e - t);
        }
        b.pauses = a
            .pauses
            .iter()
            .rev()
            .map(|p| Pause {
                start_s: t_end.unwrap() - p.end_s,
                end_s: t_end.unwrap() - p.start_s,
            })
            .collect();
        b
    }

    fn close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
    }

    fn shares_sum_to_100(e: &Elevation) {
        let d: f64 = e.bands.iter().map(|b| b.distance_share_pct).sum();
        close(d, 100.0, 0.1);
        if e.bands[0].time_share_pct.is_some() {
            let t: f64 = e.bands.iter().filter_map(|b| b.time_share_pct).sum();
            close(t, 100.0, 0.1);
        }
    }

    #[test]
    fn band_edges_are_inclusive_as_documented() {
        let e = BandEdges::of(&ElevationParams::default());
        for (g, want) in [
            (-0.0501, GradeBandKind::SteepDown),
            (-0.05, GradeBandKind::Down),
            (-0.0201, GradeBandKind::Down),
            (-0.02, GradeBandKind::Flat),
            (0.0, GradeBandKind::Flat),
            (0.02, GradeBandKind::Flat),
            (0.0201, GradeBandKind::Up),
            (0.05, GradeBandKind::Up),
            (0.0501, GradeBandKind::SteepUp),
        ] {
            assert_eq!(e.band_of(g), want, "{g}");
        }
        let p = Profile {
            d: vec![0.0, 1.0, 2.0],
            h: vec![0.0, 10.0, 0.0],
        };
        assert_eq!(p.median_smoothed(2.0).h, vec![5.0, 0.0, 5.0]);
    }

    #[test]
    fn the_profile_is_the_one_the_figures_come_from() {
        let s = Scenario::hilly_10k();
        let mut a = fit_activity(&s);
        let mut rng = SplitMix64::new(7);
        for smp in &mut a.samples {
            smp.altitude_m = smp.altitude_m.map(|h| h + 1.5 * rng.normal());
        }
        a.altitude_source = AltitudeSource::Gps;
        let p = ElevationParams::default();
        let run = analyze_run(&a, &p).unwrap();
        assert_eq!(run.grades, grades(&a, &p));
        assert_eq!(Some(&run.elevation), analyze(&a, &p).as_ref());
        let e = &run.elevation;
        let hs = run.profile.iter().map(|q| q.altitude_m);
        assert_eq!(hs.clone().fold(f64::INFINITY, f64::min), e.min_altitude_m);
        assert_eq!(hs.fold(f64::NEG_INFINITY, f64::max), e.max_altitude_m);
        // Smoothed: below the noisy samples' highest.
        let raw_max = a
            .samples
            .iter()
            .filter_map(|q| q.altitude_m)
            .fold(f64::MIN, f64::max);
        assert!(
            e.max_altitude_m < raw_max - 1.0,
            "{} vs {raw_max}",
            e.max_altitude_m
        );
        // Each sample's grade is its profile point's.
        for (smp, g) in a.samples.iter().zip(&run.grades) {
            let Some(d) = smp.distance_m else { continue };
            let q = run.profile.iter().find(|q| q.distance_m == d).unwrap();
            assert_eq!(q.grade, *g);
        }
        // Band distances from the profile's grades agree with the analysis'.
        let mut dist = [0.0; 5];
        for w in run.profile.windows(2) {
            let len = w[1].distance_m - w[0].distance_m;
            for q in w {
                dist[e.band_edges.band_of(q.grade.unwrap()).index()] += 0.5 * len;
            }
        }
        for (b, d) in e.bands.iter().zip(dist) {
            close(d, b.distance_m, 1e-6 * e.distance_m);
        }
        // The smoothing window is the parameter's.
        let wide = ElevationParams {
            gps_smoothing_window_m: 400.0,
            ..p
        };
        let wide = analyze_run(&a, &wide).unwrap();
        assert_ne!(wide.profile, run.profile);
    }

    #[test]
    fn codes_serialise_to_their_names() {
        let names: Vec<String> = GradeBandKind::ALL
            .iter()
            .map(|k| format!("\"{}\"", k.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                "\"steep_down\"",
                "\"down\"",
                "\"flat\"",
                "\"up\"",
                "\"steep_up\""
            ]
        );
        for (k, kind) in GradeBandKind::ALL.iter().enumerate() {
            assert_eq!(kind.index(), k);
            assert_eq!(names[k], format!("\"{}\"", kind.as_str()));
        }
        for (source, name) in [
            (AltitudeSource::Barometric, "barometric"),
            (AltitudeSource::Gps, "gps"),
            (AltitudeSource::None, "none"),
        ] {
            assert_eq!(source.as_str(), name);
        }
    }

    #[test]
    fn hilly_10k_matches_truth() {
        let s = Scenario::hilly_10k();
        let truth = synth::generate(&s).unwrap().truth;
        let a = fit_activity(&s);
        assert_eq!(a.altitude_source, AltitudeSource::Barometric);
        let e = analyze(&a, &ElevationParams::default()).unwrap();
        assert_eq!(e.source, AltitudeSource::Barometric);
        assert_eq!(e.method, "hysteresis 3 m");
        assert!(!e.low_confidence);
        close(e.gain_m, truth.elevation_gain_m.unwrap(), 2.0);
        close(e.loss_m, truth.elevation_loss_m.unwrap(), 2.0);
        assert_eq!((e.climbs.len(), e.descents.len()), (1, 1), "{e:#?}");
        for (got, want) in [
            (&e.climbs[0], truth.climbs[0]),
            (&e.descents[0], truth.descents[0]),
        ] {
            close(got.start_m, want.start_m, 100.0);
            close(got.end_m, want.end_m, 100.0);
            close(got.mean_grade_pct, want.mean_grade_pct, 0.5);
            close(got.max_grade_pct, want.mean_grade_pct, 0.5);
            // Moving time on the hill: about length ÷ speed (the pause is on the plateau).
            let d = got.duration_s.unwrap();
            let samples = (got.end_index - got.start_index) as f64;
            close(d, samples, 2.0);
        }
        // FIT stores altitude to 0.2 m: ±0.2 m over a 100 m window is ±0.2 %.
        close(e.max_grade_pct.unwrap(), 6.0, 0.25);
        close(e.min_grade_pct.unwrap(), -6.0, 0.25);
        // 1.5 km of each at 6 % out of 10 km, less the blurred ends: a centred 100 m window
        // reads more than 5 % only once 5/6 of it lies on the 6 % slope, i.e. from 33.3 m
        // past the foot to 33.3 m before the top: 1433 m, 14.33 %.
        let steep = 100.0 * (1500.0 - 2.0 * 100.0 / 3.0) / e.distance_m;
        close(e.steep_up_distance_share_pct, steep, 0.1);
        close(e.steep_down_distance_share_pct, steep, 0.1);
        close(e.descent_distance_m, 1500.0, 40.0);
        close(e.climb_distance_m, 1500.0, 40.0);
        shares_sum_to_100(&e);
        // Slow on the climb: more of the time than of the distance is spent steep uphill.
        let up = &e.bands[4];
        assert!(up.time_share_pct.unwrap() > up.distance_share_pct);
    }

    #[test]
    fn hilly_10k_with_gps_noise_is_smoothed_and_flagged() {
        let s = Scenario::hilly_10k();
        let truth = synth::generate(&s).unwrap().truth;
        let mut a = fit_activity(&s);
        let mut rng = SplitMix64::new(42);
        for smp in &mut a.samples {
            smp.altitude_m = smp.altitude_m.map(|h| h + 1.5 * rng.normal());
        }
        a.altitude_source = AltitudeSource::Gps;
        let e = analyze(&a, &ElevationParams::default()).unwrap();
        assert!(e.low_confidence);
        assert_eq!(e.source, AltitudeSource::Gps);
        assert_eq!(
            e.method,
            "hysteresis 3 m after 60 m median smoothing (GPS altitude)"
        );
        close(e.gain_m, truth.elevation_gain_m.unwrap(), 6.0);
        close(e.loss_m, truth.elevation_loss_m.unwrap(), 6.0);
        assert_eq!((e.climbs.len(), e.descents.len()), (1, 1), "{e:#?}");
        close(e.climbs[0].start_m, 3000.0, 100.0);
        close(e.climbs[0].mean_grade_pct, 6.0, 0.5);
        // Naive sum of differences over the raw noise: hundreds of metres.
        let raw: Vec<f64> = a.samples.iter().filter_map(|s| s.altitude_m).collect();
        assert!(gain_loss(&raw, 0.0).0 > 1000.0);
    }

    #[test]
    fn barometric_jumps_are_not_climbing() {
        // The hilly 10 km (flat for its first 3 km) with barometric noise, a calibration
        // spike at the start (+87 m for three samples, as a fenix 2 records) and a +20 m
        // re-calibration step on the flat: neither is climbing.
        let s = Scenario::hilly_10k();
        let truth = synth::generate(&s).unwrap().truth;
        let mut a = fit_activity(&s);
        assert_eq!(a.altitude_source, AltitudeSource::Barometric);
        let mut rng = SplitMix64::new(11);
        for (i, smp) in a.samples.iter_mut().enumerate() {
            smp.altitude_m = smp.altitude_m.map(|h| {
                let spike = if (1..4).contains(&i) { 87.0 } else { 0.0 };
                let step = if i >= 500 { 20.0 } else { 0.0 };
                h + spike + step + 0.2 * rng.normal()
            });
        }
        let e = analyze(&a, &ElevationParams::default()).unwrap();
        close(e.gain_m, truth.elevation_gain_m.unwrap(), 3.0);
        close(e.loss_m, truth.elevation_loss_m.unwrap(), 3.0);
        // Without the rule the jumps count: +87 and +20 m of gain, 87 m of loss.
        let h: Vec<f64> = a.samples.iter().filter_map(|s| s.altitude_m).collect();
        assert!(gain_loss(&h, 3.0).0 > truth.elevation_gain_m.unwrap() + 100.0);
        // A real climb of 30 % at 3 m/s (0.9 m/s vertical) is no jump.
        let steep: Vec<(f64, Option<f64>)> = (0..300)
            .map(|i| (3.0 * f64::from(i), Some(0.9 * f64::from(i))))
            .collect();
        let e = analyze(
            &track(&steep, AltitudeSource::Barometric),
            &ElevationParams::default(),
        )
        .unwrap();
        close(e.gain_m, 0.9 * 299.0, 1e-9);
        // A barometer's own few-metre step within a second is counted, as devices do.
        let step: Vec<(f64, Option<f64>)> = (0..300)
            .map(|i| (3.0 * f64::from(i), Some(if i < 150 { 0.0 } else { 5.0 })))
            .collect();
        let e = analyze(
            &track(&step, AltitudeSource::Barometric),
            &ElevationParams::default(),
        )
        .unwrap();
        close(e.gain_m, 5.0, 1e-9);
        // On GPS altitude the +20 m step of level is a step (a phone switching altitude
        // source) and is levelled; the spike right after the first sample has a single
        // sample before it, so its edges read as steps too and are levelled away.
        let mut b = a.clone();
        b.altitude_source = AltitudeSource::Gps;
        let e = analyze(&b, &ElevationParams::default()).unwrap();
        assert!(e.altitude_steps >= 1);
        close(e.gain_m, truth.elevation_gain_m.unwrap(), 6.0);
    }

    #[test]
    fn run_walk_flat_has_no_climbs() {
        let a = fit_activity(&Scenario::run_walk_5_1());
        let e = analyze(&a, &ElevationParams::default()).unwrap();
        assert!(
            e.gain_m < 3.0 && e.loss_m < 3.0,
            "{} {}",
            e.gain_m,
            e.loss_m
        );
        assert!(e.climbs.is_empty() && e.descents.is_empty());
        assert_eq!(e.bands[2].distance_share_pct, 100.0);
        shares_sum_to_100(&e);
    }

    #[test]
    fn treadmill_has_no_elevation() {
        let a = fit_activity(&Scenario::treadmill());
        assert!(a.is_treadmill());
        assert!(analyze(&a, &ElevationParams::default()).is_none());
        assert!(grades(&a, &ElevationParams::default())
            .iter()
            .all(Option::is_none));
        // A treadmill run with an altitude channel still has no hills.
        let mut b = track(
            &[(0.0, Some(0.0)), (500.0, Some(50.0))],
            AltitudeSource::Gps,
        );
        b.sub_sport = Some("treadmill".into());
        assert!(analyze(&b, &ElevationParams::default()).is_none());
    }

    #[test]
    fn empty_single_and_zero_distance() {
        let p = ElevationParams::default();
        let empty = Activity::new(Format::Gpx);
        assert!(analyze(&empty, &p).is_none());
        assert!(grades(&empty, &p).is_empty());
        let one = track(&[(0.0, Some(100.0))], AltitudeSource::Barometric);
        assert!(analyze(&one, &p).is_none());
        assert_eq!(grades(&one, &p), vec![None]);
        let still = track(&[(5.0, Some(100.0)); 50], AltitudeSource::Barometric);
        assert!(analyze(&still, &p).is_none());
        let none: Vec<(f64, Option<f64>)> = (0..100).map(|i| (3.0 * f64::from(i), None)).collect();
        assert!(analyze(&track(&none, AltitudeSource::None), &p).is_none());
        // No distance at all.
        let mut nodist = track(&[(0.0, Some(1.0)), (1.0, Some(2.0))], AltitudeSource::Gps);
        for s in &mut nodist.samples {
            s.distance_m = None;
        }
        assert!(analyze(&nodist, &p).is_none());
    }

    #[test]
    fn constant_altitude_is_flat() {
        let pts: Vec<(f64, Option<f64>)> = (0..1000)
            .map(|i| (3.0 * f64::from(i), Some(42.0)))
            .collect();
        let e = analyze(
            &track(&pts, AltitudeSource::Barometric),
            &ElevationParams::default(),
        )
        .unwrap();
        assert_eq!((e.gain_m, e.loss_m), (0.0, 0.0));
        assert!(e.climbs.is_empty() && e.descents.is_empty());
        assert_eq!(e.max_grade_pct, Some(0.0));
        assert_eq!(e.bands[2].distance_share_pct, 100.0);
        assert_eq!(e.bands[2].time_share_pct, Some(100.0));
        close(e.distance_m, 2997.0, 1e-9);
    }

    #[test]
    fn sawtooth_noise_of_2_m_gives_no_gain() {
        for source in [AltitudeSource::Barometric, AltitudeSource::Gps] {
            let pts: Vec<(f64, Option<f64>)> = (0..2000)
                .map(|i| (3.0 * f64::from(i), Some(100.0 + 2.0 * f64::from(i % 2))))
                .collect();
            let e = analyze(&track(&pts, source), &ElevationParams::default()).unwrap();
            assert_eq!((e.gain_m, e.loss_m), (0.0, 0.0), "{source:?}");
            assert!(e.climbs.is_empty() && e.descents.is_empty());
            // A slower sawtooth too (2 m over 60 m).
            let pts: Vec<(f64, Option<f64>)> = (0..2000)
                .map(|i| {
                    let phase = f64::from(i % 40);
                    let h = if phase < 20.0 { phase } else { 40.0 - phase };
                    (3.0 * f64::from(i), Some(100.0 + h / 10.0))
                })
                .collect();
            let e = analyze(&track(&pts, source), &ElevationParams::default()).unwrap();
            assert_eq!((e.gain_m, e.loss_m), (0.0, 0.0), "{source:?}");
        }
    }

    #[test]
    fn hysteresis_counts_swings_of_the_threshold() {
        assert_eq!(gain_loss(&[], 3.0), (0.0, 0.0));
        assert_eq!(gain_loss(&[5.0], 3.0), (0.0, 0.0));
        assert_eq!(gain_loss(&[0.0, 3.0], 3.0), (3.0, 0.0));
        assert_eq!(gain_loss(&[0.0, 2.9], 3.0), (0.0, 0.0));
        // Small wiggles inside a climb do not reset it.
        assert_eq!(gain_loss(&[0.0, 4.0, 2.0, 6.0, 0.0], 3.0), (6.0, 6.0));
        // The first swing starts from the extreme seen so far, not from the first sample.
        assert_eq!(gain_loss(&[0.0, 2.0, -5.0], 3.0), (0.0, 7.0));
        assert_eq!(gain_loss(&[-5.0, 2.0, 0.0], 3.0), (7.0, 0.0));
    }

    #[test]
    fn hysteresis_is_symmetric_under_reversal() {
        let mut rng = SplitMix64::new(7);
        for _ in 0..200 {
            let mut h = vec![0.0];
            for _ in 0..300 {
                let last = *h.last().unwrap();
                h.push(last + 2.0 * rng.normal());
            }
            let (g, l) = gain_loss(&h, 3.0);
            h.reverse();
            let (rg, rl) = gain_loss(&h, 3.0);
            close(g, rl, 1e-9);
            close(l, rg, 1e-9);
            // Gain minus loss is the net change between the confirmed ends (< threshold off).
            assert!((g - l - (h[0] - h[h.len() - 1])).abs() < 6.0);
        }
    }

    #[test]
    fn reversed_run_swaps_gain_and_loss_climbs_and_descents() {
        let s = Scenario::hilly_10k();
        let a = fit_activity(&s);
        let b = reversed(&a);
        for source in [AltitudeSource::Barometric, AltitudeSource::Gps] {
            let (mut a, mut b) = (a.clone(), b.clone());
            a.altitude_source = source;
            b.altitude_source = source;
            let p = ElevationParams::default();
            let (ea, eb) = (analyze(&a, &p).unwrap(), analyze(&b, &p).unwrap());
            close(ea.gain_m, eb.loss_m, 1e-6);
            close(ea.loss_m, eb.gain_m, 1e-6);
            assert_eq!(ea.climbs.len(), eb.descents.len());
            assert_eq!(ea.descents.len(), eb.climbs.len());
            let total = ea.distance_m;
            for (c, d) in ea.climbs.iter().zip(&eb.descents) {
                close(c.start_m, total - d.end_m, 1e-6);
                close(c.end_m, total - d.start_m, 1e-6);
                close(c.mean_grade_pct, -d.mean_grade_pct, 1e-6);
            }
            close(
                ea.steep_up_distance_share_pct,
                eb.steep_down_distance_share_pct,
                1e-6,
            );
            // Grades flip sign sample for sample.
            let (ga, gb) = (grades(&a, &p), grades(&b, &p));
            for (x, y) in ga.iter().zip(gb.iter().rev()) {
                close(x.unwrap(), -y.unwrap(), 1e-9);
            }
        }
    }

    #[test]
    fn grades_use_a_distance_window() {
        // 1 m spacing, 0.2 m quantization: consecutive samples would give 0 % or 20 %.
        let pts: Vec<(f64, Option<f64>)> = (0..1000)
            .map(|i| {
                let d = f64::from(i);
                (d, Some((0.05 * d * 5.0).round() / 5.0))
            })
            .collect();
        let a = track(&pts, AltitudeSource::Barometric);
        let g = grades(&a, &ElevationParams::default());
        for x in g.iter().skip(50).take(900) {
            close(x.unwrap(), 0.05, 0.003);
        }
        // A profile shorter than the window: one grade over its whole length.
        let a = track(
            &[(0.0, Some(0.0)), (10.0, Some(0.5)), (20.0, Some(1.0))],
            AltitudeSource::Barometric,
        );
        let g = grades(&a, &ElevationParams::default());
        assert!(g.iter().all(|x| (x.unwrap() - 0.05).abs() < 1e-12));
    }

    #[test]
    fn an_altitude_step_across_a_pause_is_not_climbing() {
        // Flat at 10 m, a 10-minute pause, flat again at 40 m (the barometer re-read the
        // pressure after the stop; a lift or stairs while paused): no gain, no loss, for
        // barometric and GPS altitude alike. Without the pause the step is still no climb:
        // 30 m within a second is a sensor jump of a barometer and a level step of GPS
        // altitude (a phone switching altitude source), levelled out of the grades too;
        // spread over 100 s at 0.3 m/s it is a climb.
        for source in [AltitudeSource::Barometric, AltitudeSource::Gps] {
            let pts: Vec<(f64, Option<f64>)> = (0..400)
                .map(|i| (3.0 * f64::from(i), Some(if i < 200 { 10.0 } else { 40.0 })))
                .collect();
            let mut a = track(&pts, source);
            for s in &mut a.samples[200..] {
                s.t_s = s.t_s.map(|t| t + 600.0);
            }
            a.pauses = vec![Pause {
                start_s: 199.5,
                end_s: 799.5,
            }];
            let e = analyze(&a, &ElevationParams::default()).unwrap();
            close(e.gain_m, 0.0, 1e-9);
            close(e.loss_m, 0.0, 1e-9);
            a.pauses.clear();
            for s in &mut a.samples[200..] {
                s.t_s = s.t_s.map(|t| t - 600.0);
            }
            let e = analyze(&a, &ElevationParams::default()).unwrap();
            close(e.gain_m, 0.0, 1e-9);
            assert_eq!(e.altitude_steps, 1, "{source:?}");
            assert!(e.climbs.is_empty(), "{source:?}: {:?}", e.climbs);
            let ramp: Vec<(f64, Option<f64>)> = (0..600)
                .map(|i| {
                    let h = 10.0 + (0.3 * (f64::from(i) - 200.0)).clamp(0.0, 30.0);
                    (3.0 * f64::from(i), Some(h))
                })
                .collect();
            let e = analyze(&track(&ramp, source), &ElevationParams::default()).unwrap();
            close(e.gain_m, 30.0, 1e-9);
            assert_eq!(e.altitude_steps, 0, "{source:?}");
        }
    }

    #[test]
    fn shares_sum_to_100_with_a_pause_and_missing_altitude() {
        // Up 8 % for 300 m, flat, down 3 % for 300 m; a pause on the flat; some altitude gaps.
        let mut pts = Vec::new();
        for i in 0..400 {
            let d = 3.0 * f64::from(i);
            let h = if d < 300.0 {
                0.08 * d
            } else if d < 600.0 {
                24.0
            } else if d < 900.0 {
                24.0 - 0.03 * (d - 600.0)
            } else {
                15.0
            };
            pts.push((d, (i % 17 != 0).then_some(h)));
        }
        let mut a = track(&pts, AltitudeSource::Barometric);
        for s in &mut a.samples[150..] {
            s.t_s = s.t_s.map(|t| t + 100.0);
        }
        a.pauses = vec![Pause {
            start_s: 149.0,
            end_s: 250.0,
        }];
        let e = analyze(&a, &ElevationParams::default()).unwrap();
        shares_sum_to_100(&e);
        let time: f64 = e.bands.iter().filter_map(|b| b.time_s).sum();
        // 399 one-second intervals, one of which spans the pause and carries no time.
        close(time, 398.0, 1e-9);
        // The first sample has no altitude: the profile starts at 0.24 m.
        close(e.gain_m, 24.0 - 0.24, 1e-9);
        close(e.loss_m, 9.0, 1e-9);
        assert_eq!((e.climbs.len(), e.descents.len()), (1, 1));
        let c = &e.climbs[0];
        close(c.start_m, 3.0, 1e-9); // where the profile starts
        close(c.end_m, 300.0, 40.0);
        close(c.max_grade_pct, 8.0, 0.01);
        // The climb's samples and moving time (1 sample per 3 m, 1 s each).
        assert_eq!(c.start_index, 1);
        close(c.duration_s.unwrap(), c.length_m / 3.0, 1.0);
        let d = &e.descents[0];
        close(d.mean_grade_pct, -3.0, 0.3);
        // The pause lies on the flat between them: not in either.
        assert!(d.duration_s.unwrap() < d.length_m / 3.0 + 1.0);
    }

    #[test]
    fn routes_without_time_get_elevation_but_no_time() {
        let pts: Vec<(f64, Option<f64>)> = (0..400)
            .map(|i| {
                let d = 5.0 * f64::from(i);
                (d, Some(if d < 1000.0 { 0.04 * d } else { 40.0 }))
            })
            .collect();
        let mut a = track(&pts, AltitudeSource::Barometric);
        for s in &mut a.samples {
            s.t_s = None;
        }
        assert!(a.is_route());
        let e = analyze(&a, &ElevationParams::default()).unwrap();
        close(e.gain_m, 40.0, 1e-9);
        assert_eq!(e.climbs.len(), 1);
        assert_eq!(e.climbs[0].duration_s, None);
        assert!(e.bands.iter().all(|b| b.time_s.is_none()));
        shares_sum_to_100(&e);
        assert!(grades(&a, &ElevationParams::default())
            .iter()
            .all(Option::is_some));
    }

    #[test]
    fn flat_gap_joins_or_splits_climbs() {
        // Two 300 m climbs at 5 % separated by a flat of `gap` metres.
        let profile = |gap: f64| -> Vec<(f64, Option<f64>)> {
            (0..2000)
                .map(|i| {
                    let d = f64::from(i);
                    let h = if d < 300.0 {
                        0.05 * d
                    } else if d < 300.0 + gap {
                        15.0
                    } else if d < 600.0 + gap {
                        15.0 + 0.05 * (d - 300.0 - gap)
                    } else {
                        30.0
                    };
                    (d, Some(h))
                })
                .collect()
        };
        let p = ElevationParams::default();
        let short = analyze(&track(&profile(150.0), AltitudeSource::Barometric), &p).unwrap();
        assert_eq!(short.climbs.len(), 1, "{:#?}", short.climbs);
        let long = analyze(&track(&profile(400.0), AltitudeSource::Barometric), &p).unwrap();
        assert_eq!(long.climbs.len(), 2, "{:#?}", long.climbs);
        // A climb shorter than 100 m is no climb.
        let tiny: Vec<(f64, Option<f64>)> = (0..1000)
            .map(|i| {
                let d = f64::from(i);
                (d, Some(if d < 60.0 { 0.05 * d } else { 3.0 }))
            })
            .collect();
        let e = analyze(&track(&tiny, AltitudeSource::Barometric), &p).unwrap();
        assert!(e.climbs.is_empty(), "{:#?}", e.climbs);
    }

    /// A generated run's (sample index, t, altitude) as [`breaks`] collects them: a route
    /// (flat, one hill or mountain) with 0–3 stops of 10 s–10 min, GPS altitude error
    /// (jitter, drift, spikes, steps of level) or barometric error, then thinned and
    /// disturbed as recordings are: samples dropped, times repeated, sub-second steps,
    /// silences of minutes. All drawn from `seed`.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn generated_alt(seed: u64) -> Vec<(usize, f64, f64)> {
        use crate::synth::altitude::{self, GpsNoise, Terrain};
        let mut rng = SplitMix64::new(seed);
        let terrain = [Terrain::Flat, Terrain::OneHill, Terrain::Mountain][(seed % 3) as usize];
        let scenario = altitude::route_with_stops(terrain, &mut rng);
        let mut run = synth::generate(&scenario).unwrap();
        if rng.uniform() < 0.8 {
            let duration = run.points.last().map_or(0, |p| p.t_s);
            GpsNoise::random(&mut rng, duration).apply(&mut run);
        } else {
            altitude::barometric(&mut run, &mut rng);
        }
        let (drop, odd) = (0.3 * rng.uniform(), 0.05 * rng.uniform());
        let mut shift = 0.0;
        let mut alt = Vec::new();
        for (i, p) in run.points.iter().enumerate() {
            let Some(h) = p.altitude_m else { continue };
            let u = rng.uniform();
            if u < drop {
                continue;
            }
            let mut t = f64::from(p.t_s) + shift;
            if u > 1.0 - odd {
                match (u * 1e6) as u64 % 4 {
                    0 => t = alt.last().map_or(t, |x: &(usize, f64, f64)| x.1), // time repeated
                    1 => t -= 0.5,                                              // sub-second step
                    2 => shift += 30.0 + 300.0 * rng.uniform(),                 // a silence
                    _ => t -= 3.0,                                              // time backwards
                }
            }
            alt.push((i, t, h));
        }
        alt
    }

    /// [`level_steps`] as it was before [`WindowRange`]: the screen's range found by a
    /// scan of the whole window at every position. The oracle of the test below.
    fn level_steps_scan(alt: &[(usize, f64, f64)], noise_m: f64) -> Vec<Break> {
        let (mut lo, mut hi) = (0, 0);
        let mut before = Vec::new();
        let mut after = Vec::new();
        let mut at = |k: usize, screen: bool| -> Option<(f64, f64)> {
            let t = alt[k].1;
            while lo < k && alt[lo].1 < t - STEP_WINDOW_S {
                lo += 1;
            }
            hi = hi.max(k);
            while hi < alt.len() && alt[hi].1 < t + STEP_WINDOW_S {
                hi += 1;
            }
            if lo >= k || hi <= k {
                return None;
            }
            let between_s = alt[k].1 - alt[k - 1].1;
            let (nb, na) = ((k - lo) as f64, (hi - k) as f64);
            let noise = STEP_NOISE_SD * 1.2533 * noise_m * (1.0 / nb + 1.0 / na).sqrt();
            let threshold = MIN_JUMP_M
                .max(MAX_VERTICAL_SPEED_MPS * between_s.max(1.0))
                .max(noise);
            if screen {
                let (min, max) = alt[lo..hi]
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(m, x), p| {
                        (m.min(p.2), x.max(p.2))
                    });
                if max - min <= threshold {
                    return Some((0.0, threshold));
                }
            }
            before.clear();
            before.extend(alt[lo..k].iter().map(|x| x.2));
            after.clear();
            after.extend(alt[k..hi].iter().map(|x| x.2));
            let rise = median_of(&mut after) - median_of(&mut before);
            Some((rise, threshold))
        };
        let mut out = Vec::new();
        let mut k = 1;
        while k < alt.len() {
            let Some((rise, threshold)) = at(k, true) else {
                k += 1;
                continue;
            };
            if rise.abs() <= threshold {
                k += 1;
                continue;
            }
            let (mut best, mut best_rise) = (k, rise);
            let t_end = alt[k].1 + STEP_WINDOW_S;
            let mut j = k + 1;
            while j < alt.len() && alt[j].1 <= t_end {
                if let Some((r, _)) = at(j, false) {
                    if r.abs() > best_rise.abs() {
                        (best, best_rise) = (j, r);
                    }
                }
                j += 1;
            }
            out.push(Break {
                at: alt[best].0,
                step: true,
                rise_m: best_rise,
            });
            let t_next = alt[best].1 + STEP_WINDOW_S;
            k = best + 1;
            while k < alt.len() && alt[k].1 < t_next {
                k += 1;
            }
        }
        out
    }

    fn break_bits(v: &[Break]) -> Vec<(usize, bool, u64)> {
        v.iter()
            .map(|b| (b.at, b.step, b.rise_m.to_bits()))
            .collect()
    }

    /// A generated run as a device records it and the reader hands it on: a route with
    /// 0–3 stops and GPS (from a GPS-only watch, in GPX) or barometric (a fēnix 6, in
    /// FIT) altitude error, some samples' distance then removed. Drawn from `seed`.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn generated_activity(seed: u64) -> Activity {
        use crate::synth::altitude::{self, GpsNoise, Terrain};
        let mut rng = SplitMix64::new(seed);
        let terrain = [Terrain::Flat, Terrain::OneHill, Terrain::Mountain][(seed % 3) as usize];
        let scenario = altitude::route_with_stops(terrain, &mut rng);
        let mut run = synth::generate(&scenario).unwrap();
        let bytes = if seed.is_multiple_of(2) {
            let duration = run.points.last().map_or(0, |p| p.t_s);
            GpsNoise::random(&mut rng, duration).apply(&mut run);
            let opts = synth::gpx::GpxOptions {
                creator: "Forerunner 245".into(),
                ..synth::gpx::GpxOptions::default()
            };
            synth::gpx::write(&run, &opts).unwrap().into_bytes()
        } else {
            altitude::barometric(&mut run, &mut rng);
            let opts = synth::fit::FitOptions {
                product_name: Some("fenix 6".into()),
                ..synth::fit::FitOptions::default()
            };
            synth::fit::encode(&run, &opts)
        };
        let mut a = crate::ingest::read_bytes(&bytes).unwrap().remove(0);
        let gone = 0.05 * rng.uniform();
        for s in &mut a.samples {
            if rng.uniform() < gone {
                s.distance_m = None;
            }
        }
        a
    }

    /// [`breaks`] as it was: a bisection of the pauses per sample, and the screen of
    /// every step window by a scan ([`level_steps_scan`]). The oracle of the test below.
    fn breaks_bisecting(a: &Activity, noise_m: f64, weight_cap_s: f64) -> Vec<Break> {
        let pauses = totals::PauseSet::of(a);
        // Smart recording leaves 10–30 s between points while running: only a longer silence
        // is a gap (our choice: a minute, or the sample weight cap of a sparser recording).
        let cap = weight_cap_s.max(GAP_BREAK_S);
        let baro = a.altitude_source == AltitudeSource::Barometric;
        // (sample index, t, h) of samples with a finite time and altitude.
        let alt: Vec<(usize, f64, f64)> = a
            .samples
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let t = s.t_s.filter(|t| t.is_finite())?;
                let h = s.altitude_m.filter(|h| h.is_finite())?;
                Some((i, t, h))
            })
            .collect();
        let mut out: Vec<Break> = Vec::new();
        let mut push = |b: Break| {
            if b.at > 0 && out.last().is_none_or(|l| l.at < b.at) {
                out.push(b);
            }
        };
        // Level just before and from position k of `alt` (the nearest samples).
        let rise_at = |k: usize| -> f64 {
            match (k.checked_sub(1).and_then(|j| alt.get(j)), alt.get(k)) {
                (Some(x), Some(y)) => y.2 - x.2,
                _ => 0.0,
            }
        };
        let mut k_alt = 0; // position in `alt` of the first altitude sample at or after i
        for (i, s) in a.samples.iter().enumerate() {
            while k_alt < alt.len() && alt[k_alt].0 < i {
                k_alt += 1;
            }
            let Some(t1) = s.t_s.filter(|t| t.is_finite()) else {
                continue;
            };
            let prev_t = i
                .checked_sub(1)
                .and_then(|j| a.samples.get(j))
                .and_then(|s| s.t_s);
            let gap = prev_t.is_some_and(|t0| t1 - t0 > cap || pauses.contains(0.5 * (t0 + t1)));
            if gap {
                // Not levelled: across a pause the runner may have moved up or down, and
                // two single fixes of GPS altitude differ by its jitter.
                push(Break {
                    at: i,
                    step: false,
                    rise_m: 0.0,
                });
                continue;
            }
            let here = alt.get(k_alt).filter(|x| x.0 == i);
            if baro {
                let jump = here
                    .zip(k_alt.checked_sub(1).and_then(|j| alt.get(j)))
                    .is_some_and(|(&(_, t1, h1), &(_, t0, h0))| {
                        let limit = MAX_VERTICAL_SPEED_MPS * (t1 - t0).max(1.0);
                        (h1 - h0).abs() > limit.max(MIN_JUMP_M)
                    });
                if jump {
                    push(Break {
                        at: i,
                        step: true,
                        rise_m: rise_at(k_alt),
                    });
                }
            }
        }
        if !baro {
            out.extend(
                level_steps_scan(&alt, noise_m)
                    .into_iter()
                    .filter(|b| b.at > 0),
            );
            out.sort_by_key(|b| b.at);
            out.dedup_by_key(|b| b.at);
        }
        out
    }

    /// The breaks found with the pause cursor and the sliding range are, bit for bit,
    /// those found by bisection and scans: 300 generated runs (GPS altitude in GPX,
    /// barometric in FIT, with stops), at their measured noise and at none.
    #[test]
    fn breaks_equal_those_found_by_bisection_and_scans() {
        let mut found = 0;
        for seed in 0..300_u64 {
            let a = generated_activity(0xB2EA_0000 + seed);
            let cap = totals::weight_cap(&a);
            for noise in [Profile::from_activity(&a).noise_sd(), 0.0] {
                let want = breaks_bisecting(&a, noise, cap);
                found += want.len();
                assert_eq!(
                    break_bits(&breaks(&a, noise, cap)),
                    break_bits(&want),
                    "seed {seed}, noise {noise}"
                );
            }
        }
        assert!(found > 300, "{found} breaks found");
    }

    /// The sliding range of a window is the range a scan of the window finds, for
    /// windows whose ends move forward by random amounts (ties, ±0 and long jumps of
    /// either end included), over 500 generated altitude series.
    #[test]
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn window_range_equals_a_scan_of_the_window() {
        let mut rng = SplitMix64::new(0x000A_A6E5);
        for case in 0..500 {
            let n = 1 + (rng.uniform() * 300.0) as usize;
            let alt: Vec<(usize, f64, f64)> = (0..n)
                .map(|i| {
                    let h = match (rng.uniform() * 4.0) as u32 {
                        0 => 0.0,
                        1 => -0.0,
                        2 => (rng.uniform() * 6.0).round() - 3.0,
                        _ => 50.0 * rng.normal(),
                    };
                    (i, i as f64, h)
                })
                .collect();
            let mut range = WindowRange::default();
            let (mut lo, mut hi) = (0, 0);
            while hi < n {
                hi = (hi + 1 + (rng.uniform() * rng.uniform() * 40.0) as usize).min(n);
                lo = (lo + (rng.uniform() * rng.uniform() * 40.0) as usize).min(hi - 1);
                let (min, max) = alt[lo..hi]
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(m, x), p| {
                        (m.min(p.2), x.max(p.2))
                    });
                let (got_min, got_max) = range.of(&alt, lo, hi);
                // Equal values (0 and -0 are, and no difference of them tells them apart).
                assert!(got_min == min && got_max == max, "case {case} [{lo}, {hi})");
                assert!(got_max - got_min == max - min, "case {case} [{lo}, {hi})");
            }
        }
    }

    /// The steps of level found with the sliding range are, bit for bit, those the scan
    /// of every window finds: 400 generated runs, each at its measured noise, at none
    /// and at a large one, some with every altitude raised by a step of 20–60 m.
    #[test]
    fn level_steps_with_a_sliding_range_equal_the_scan() {
        let mut found = 0;
        for seed in 0..400_u64 {
            let mut alt = generated_alt(0x5_7E95_0000 + seed);
            if seed % 4 == 1 {
                let from = alt.len() / 3;
                let rise = 20.0 + 40.0 * (seed % 7) as f64 / 6.0;
                for x in &mut alt[from..] {
                    x.2 += rise;
                }
            }
            let profile = Profile {
                d: (0..alt.len()).map(|i| i as f64).collect(),
                h: alt.iter().map(|x| x.2).collect(),
            };
            for noise in [profile.noise_sd(), 0.0, 8.0] {
                let want = level_steps_scan(&alt, noise);
                found += want.len();
                assert_eq!(
                    break_bits(&level_steps(&alt, noise)),
                    break_bits(&want),
                    "seed {seed}, noise {noise}"
                );
            }
        }
        // The runs hold steps to find, not only flat windows.
        assert!(found > 100, "{found} steps found");
    }

    proptest::proptest! {
        /// The profile points' grades, taken from the samples' grades, are bit for bit
        /// what a fresh walk along the profile gives at each point; the levelled profile
        /// is the profile of the samples with their altitudes shifted piece by piece.
        /// Distances repeat and go backwards, altitudes and distances go missing, and a
        /// step of level is put in on either altitude source.
        #[test]
        fn profile_grades_and_levelling_match_the_direct_computation(
            steps in proptest::collection::vec((-2.0..12.0_f64, -3.0..3.0_f64, 0u8..20), 20..300),
            jump in 0.0..60.0_f64,
            gps in proptest::bool::ANY,
        ) {
            let mut pts = Vec::new();
            let (mut d, mut h) = (0.0_f64, 100.0_f64);
            for (i, &(dd, dh, missing)) in steps.iter().enumerate() {
                // Whole metres now and then, so distances repeat exactly.
                d += if missing % 5 == 0 { 0.0 } else { dd.round() };
                h += dh + if i == steps.len() / 2 { jump } else { 0.0 };
                pts.push((d, (missing != 1).then_some(h)));
            }
            let source = if gps { AltitudeSource::Gps } else { AltitudeSource::Barometric };
            let mut a = track(&pts, source);
            if let Some(s) = a.samples.get_mut(3) {
                s.distance_m = None;
            }
            let p = ElevationParams::default();
            if let Some(run) = analyze_run(&a, &p) {
                let profile = Profile {
                    d: run.profile.iter().map(|q| q.distance_m).collect(),
                    h: run.profile.iter().map(|q| q.altitude_m).collect(),
                };
                let mut walk = GradeWalk::new(&profile, run.elevation.grade_window_m);
                for q in &run.profile {
                    proptest::prop_assert_eq!(
                        q.grade.map(f64::to_bits),
                        walk.grade_at(q.distance_m).map(f64::to_bits)
                    );
                }
            }
            let noise = Profile::from_activity(&a).noise_sd();
            let brk = breaks(&a, noise, totals::weight_cap(&a));
            let got = levelled(&a, &brk, Profile::from_activity(&a));
            // The samples copied and shifted, as levelling once did.
            let mut edges = vec![0];
            edges.extend(brk.iter().map(|b| b.at));
            edges.push(a.samples.len());
            let mut offset = 0.0;
            let mut pieces = Vec::new();
            for (w, b) in edges.windows(2).zip(std::iter::once(None).chain(brk.iter().map(Some))) {
                offset += b.map_or(0.0, |b| b.rise_m);
                pieces.push((w[0], w[1], offset));
            }
            let anchor = pieces.iter().max_by_key(|(f, t, _)| t - f).map_or(0.0, |x| x.2);
            let mut shifted = a.samples.clone();
            if brk.iter().any(|b| b.rise_m != 0.0) {
                for &(from, to, off) in &pieces {
                    for s in &mut shifted[from..to] {
                        s.altitude_m = s.altitude_m.map(|h| h - off + anchor);
                    }
                }
            }
            let want = Profile::from_samples(&shifted);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
            proptest::prop_assert_eq!(bits(&got.d), bits(&want.d));
            proptest::prop_assert_eq!(bits(&got.h), bits(&want.h));
        }

        /// A section's first and last sample found by binary search are the ones a scan
        /// of every sample finds: distances missing, repeated, ±0, and (then the search
        /// declines) decreasing or NaN.
        #[test]
        fn section_sample_span_equals_a_scan(
            steps in proptest::collection::vec((0u8..6, 0u8..4), 0..60),
            ends in (-5.0..70.0_f64, -5.0..70.0_f64),
            back in 0u8..4,
        ) {
            let mut a = Activity::new(Format::Gpx);
            let mut d = 0.0_f64;
            for (i, &(dd, kind)) in steps.iter().enumerate() {
                d += f64::from(dd);
                let distance_m = match kind {
                    0 => None,
                    1 if d == 0.0 => Some(-0.0),
                    _ if back == 1 && i == 7 => Some(d - 10.0),
                    _ if back == 2 && i == 5 => Some(f64::NAN),
                    _ => Some(d),
                };
                a.samples.push(Sample { distance_m, ..Sample::default() });
            }
            let (start, end) = ends;
            let on = |s: &Sample| s.distance_m.is_some_and(|d| d >= start && d <= end);
            let first = a.samples.iter().position(on).unwrap_or(a.samples.len());
            let last = a.samples.iter().rposition(on).map_or(first, |i| i + 1);
            let by = SamplesByDistance::of(&a);
            if let Some(got) = by.span(start, end, a.samples.len()) {
                proptest::prop_assert_eq!(got, (first, last));
            } else {
                proptest::prop_assert!(back == 1 || back == 2);
            }
        }

        /// The sliding median (its window kept sorted) gives, bit for bit, what sorting
        /// each window afresh gives: repeated altitudes, ±0 and gaps wider than the
        /// window included.
        #[test]
        fn sliding_median_equals_a_fresh_sort_of_each_window(
            steps in proptest::collection::vec(0.01..40.0_f64, 1..80),
            levels in proptest::collection::vec(-3i8..4, 80),
            window in 0.0..120.0_f64,
        ) {
            let mut d = Vec::new();
            let mut x = 0.0;
            for s in &steps {
                d.push(x);
                x += s;
            }
            // Few distinct values, so windows hold ties; 0 and -0 both occur.
            let h: Vec<f64> = (0..d.len())
                .map(|i| match levels[i] {
                    0 => -0.0,
                    l => f64::from(l) * 0.5,
                })
                .collect();
            let profile = Profile { d, h };
            let half = 0.5 * window;
            let n = profile.d.len();
            let want: Vec<u64> = (0..n)
                .map(|i| {
                    let mut w: Vec<f64> = (0..n)
                        .filter(|&j| (profile.d[j] - profile.d[i]).abs() <= half)
                        .map(|j| profile.h[j])
                        .collect();
                    w.sort_by(f64::total_cmp);
                    let m = w.len();
                    let v = if m % 2 == 1 { w[m / 2] } else { 0.5 * (w[m / 2 - 1] + w[m / 2]) };
                    v.to_bits()
                })
                .collect();
            let got: Vec<u64> = profile.median_smoothed(window).h.iter().map(|v| v.to_bits()).collect();
            proptest::prop_assert_eq!(got, want);
        }

        /// The galloping search finds what a binary search from scratch finds, whatever
        /// the hint, and the walk's grades equal the direct formula.
        #[test]
        fn points_before_agrees_with_partition_point(
            steps in proptest::collection::vec(0.01..50.0_f64, 0..60),
            probes in proptest::collection::vec((-20.0..1500.0_f64, 0usize..80), 1..50),
        ) {
            let mut d = Vec::new();
            let mut x = 3.0;
            for s in &steps {
                d.push(x);
                x += s;
            }
            let h: Vec<f64> = d.iter().map(|v| (v * 0.37).sin() * 20.0).collect();
            let profile = Profile { d, h };
            let mut walk = GradeWalk::new(&profile, 100.0);
            for &(x, hint) in &probes {
                let want = profile.d.partition_point(|&v| v < x);
                proptest::prop_assert_eq!(profile.points_before(x, hint), want);
                let direct = match (profile.d.first(), profile.d.last()) {
                    (Some(&f), Some(&l)) => {
                        let (lo, hi) = ((x - 50.0).max(f), (x + 50.0).min(l));
                        (hi - lo > 1e-9).then(|| {
                            (profile.altitude_at(hi) - profile.altitude_at(lo)) / (hi - lo)
                        })
                    }
                    _ => None,
                };
                proptest::prop_assert_eq!(walk.grade_at(x), direct);
            }
        }
    }
}
