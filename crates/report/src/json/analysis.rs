//! The analysis blocks of a run on the wire: cadence, elevation, pace and stride, each a
//! type of its own built from the analysis' result by a plain `from` function. Field names
//! and order are the contract (docs/JSON.md); the analysis types can change
//! without changing a byte here. Figures are written at full precision, as version 1 of
//! the contract has always written them: only the figures [`super`] rounds are rounded.

use serde::Serialize;
use stridewise_engine::analysis::{cadence, elevation, pace, stride};
use stridewise_engine::units::round;

/// One walk break.
#[derive(Clone, Debug, Serialize)]
pub struct WalkBreak {
    /// Index of the first sample.
    pub first_sample: usize,
    /// One past the last sample.
    pub end_sample: usize,
    /// Start, seconds since the activity start.
    pub start_s: f64,
    /// End, seconds since the activity start.
    pub end_s: f64,
    /// Moving time of the break, s.
    pub duration_s: f64,
    /// Distance at the start, m.
    pub start_m: Option<f64>,
    /// Distance at the end, m.
    pub end_m: Option<f64>,
    /// Distance walked, m.
    pub distance_m: Option<f64>,
    /// Mean cadence of the break, steps/min.
    pub cadence_spm: Option<f64>,
}

impl WalkBreak {
    fn from(w: &cadence::WalkBreak) -> Self {
        Self {
            first_sample: w.first_sample,
            end_sample: w.end_sample,
            start_s: w.start_s,
            end_s: w.end_s,
            duration_s: w.duration_s,
            start_m: w.start_m,
            end_m: w.end_m,
            distance_m: w.distance_m,
            cadence_spm: w.cadence_spm,
        }
    }
}

/// A regular run/walk pattern.
#[derive(Clone, Debug, Serialize)]
pub struct RunWalk {
    /// Median run interval, s.
    pub run_interval_s: f64,
    /// Median walk interval, s.
    pub walk_interval_s: f64,
    /// Run ÷ walk.
    pub run_walk_ratio: f64,
    /// Run intervals used.
    pub run_intervals: usize,
    /// Walk intervals.
    pub walk_intervals: usize,
}

impl RunWalk {
    fn from(p: &cadence::RunWalkPattern) -> Self {
        Self {
            run_interval_s: p.run_interval_s,
            walk_interval_s: p.walk_interval_s,
            run_walk_ratio: p.run_walk_ratio,
            run_intervals: p.run_intervals,
            walk_intervals: p.walk_intervals,
        }
    }
}

/// Distribution of running cadence.
#[derive(Clone, Debug, Serialize)]
pub struct CadenceStats {
    /// Running time covered, s.
    pub time_s: f64,
    /// Mean, steps/min.
    pub mean_spm: f64,
    /// Median, steps/min.
    pub median_spm: f64,
    /// 10th percentile, steps/min.
    pub p10_spm: f64,
    /// 90th percentile, steps/min.
    pub p90_spm: f64,
}

impl CadenceStats {
    fn from(s: &cadence::CadenceStats) -> Self {
        Self {
            time_s: s.time_s,
            mean_spm: s.mean_spm,
            median_spm: s.median_spm,
            p10_spm: s.p10_spm,
            p90_spm: s.p90_spm,
        }
    }
}

/// Running time below, in and above the target band.
#[derive(Clone, Debug, Serialize)]
pub struct TargetBand {
    /// Lower edge, steps/min.
    pub low_spm: f64,
    /// Upper edge, steps/min.
    pub high_spm: f64,
    /// Time below, s.
    pub below_s: f64,
    /// Time in, s.
    pub in_s: f64,
    /// Time above, s.
    pub above_s: f64,
    /// Share below, percent.
    pub below_pct: f64,
    /// Share in, percent.
    pub in_pct: f64,
    /// Share above, percent.
    pub above_pct: f64,
}

impl TargetBand {
    fn from(t: &cadence::TargetBand) -> Self {
        Self {
            low_spm: t.low_spm,
            high_spm: t.high_spm,
            below_s: t.below_s,
            in_s: t.in_s,
            above_s: t.above_s,
            below_pct: t.below_pct,
            in_pct: t.in_pct,
            above_pct: t.above_pct,
        }
    }
}

/// Running figures of one band (speed or grade).
#[derive(Clone, Debug, Serialize)]
pub struct BandStats {
    /// Running time, s.
    pub time_s: f64,
    /// Mean cadence, steps/min.
    pub cadence_spm: Option<f64>,
    /// Mean speed, m/s.
    pub speed_mps: Option<f64>,
    /// Distance ÷ steps, m.
    pub step_length_m: Option<f64>,
}

impl BandStats {
    fn from(b: &cadence::BandStats) -> Self {
        Self {
            time_s: b.time_s,
            cadence_spm: b.cadence_spm,
            speed_mps: b.speed_mps,
            step_length_m: b.step_length_m,
        }
    }
}

/// One speed band, its figures inline.
#[derive(Clone, Debug, Serialize)]
pub struct SpeedBand {
    /// Lower edge, m/s (null for the lowest band).
    pub min_mps: Option<f64>,
    /// Upper edge, m/s (null for the highest band).
    pub max_mps: Option<f64>,
    /// Figures of the band.
    #[serde(flatten)]
    pub stats: BandStats,
}

impl SpeedBand {
    fn from(b: &cadence::SpeedBand) -> Self {
        Self {
            min_mps: b.min_mps,
            max_mps: b.max_mps,
            stats: BandStats::from(&b.stats),
        }
    }
}

/// Running figures by grade band.
#[derive(Clone, Debug, Serialize)]
pub struct GradeBands {
    /// Flat limit, percent.
    pub flat_limit_pct: f64,
    /// Uphill.
    pub uphill: BandStats,
    /// Flat.
    pub flat: BandStats,
    /// Downhill.
    pub downhill: BandStats,
    /// Running time without a grade, s.
    pub ungraded_time_s: f64,
}

/// First vs last third of moving time.
#[derive(Clone, Debug, Serialize)]
pub struct Thirds {
    /// First third, steps/min.
    pub first_spm: f64,
    /// Last third, steps/min.
    pub last_spm: f64,
    /// Last minus first, steps/min.
    pub change_spm: f64,
    /// Change, percent.
    pub change_pct: f64,
}

/// The running-cadence analysis, inline in the run's `cadence` block.
#[derive(Clone, Debug, Serialize)]
pub struct Cadence {
    /// Running time, s.
    pub running_time_s: f64,
    /// Walking time, s.
    pub walking_time_s: f64,
    /// Stopped time, s.
    pub stopped_time_s: f64,
    /// Time without cadence, s.
    pub unknown_time_s: f64,
    /// Walk breaks.
    pub walk_break_count: usize,
    /// Their total time, s.
    pub walk_break_time_s: f64,
    /// The walk breaks in order.
    pub walk_breaks: Vec<WalkBreak>,
    /// The run/walk pattern, if regular.
    pub run_walk: Option<RunWalk>,
    /// Running-only cadence.
    pub running: Option<CadenceStats>,
    /// Time in the target band.
    pub target: Option<TargetBand>,
    /// Per speed band.
    pub by_speed: Vec<SpeedBand>,
    /// Per grade band.
    pub by_grade: GradeBands,
    /// First vs last third.
    pub thirds: Option<Thirds>,
}

impl Cadence {
    /// The wire form of a cadence analysis.
    #[must_use]
    pub fn from(c: &cadence::CadenceAnalysis) -> Self {
        Self {
            running_time_s: c.running_time_s,
            walking_time_s: c.walking_time_s,
            stopped_time_s: c.stopped_time_s,
            unknown_time_s: c.unknown_time_s,
            walk_break_count: c.walk_break_count,
            walk_break_time_s: c.walk_break_time_s,
            walk_breaks: c.walk_breaks.iter().map(WalkBreak::from).collect(),
            run_walk: c.run_walk.as_ref().map(RunWalk::from),
            running: c.running.as_ref().map(CadenceStats::from),
            target: c.target.as_ref().map(TargetBand::from),
            by_speed: c.by_speed.iter().map(SpeedBand::from).collect(),
            by_grade: GradeBands {
                flat_limit_pct: c.by_grade.flat_limit_pct,
                uphill: BandStats::from(&c.by_grade.uphill),
                flat: BandStats::from(&c.by_grade.flat),
                downhill: BandStats::from(&c.by_grade.downhill),
                ungraded_time_s: c.by_grade.ungraded_time_s,
            },
            thirds: c.thirds.as_ref().map(|t| Thirds {
                first_spm: t.first_spm,
                last_spm: t.last_spm,
                change_spm: t.change_spm,
                change_pct: t.change_pct,
            }),
        }
    }
}

/// Distance and time in one grade band.
#[derive(Clone, Debug, Serialize)]
pub struct GradeBand {
    /// `steep_down`, `down`, `flat`, `up`, `steep_up`.
    pub label: &'static str,
    /// Lower edge, percent (null for the open bottom band).
    pub min_grade_pct: Option<f64>,
    /// Upper edge, percent (null for the open top band).
    pub max_grade_pct: Option<f64>,
    /// Distance, m.
    pub distance_m: f64,
    /// Share of the graded distance, percent.
    pub distance_share_pct: f64,
    /// Moving time, s.
    pub time_s: Option<f64>,
    /// Share of the graded moving time, percent.
    pub time_share_pct: Option<f64>,
}

/// A stretch of the run, m along it.
#[derive(Clone, Debug, Serialize)]
pub struct Stretch {
    /// Start, m.
    pub start_m: f64,
    /// End, m.
    pub end_m: f64,
}

/// A climb or a descent.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// Start, m along the run.
    pub start_m: f64,
    /// End, m along the run.
    pub end_m: f64,
    /// Length, m.
    pub length_m: f64,
    /// Profile altitude at the start, m.
    pub start_altitude_m: f64,
    /// Profile altitude at the end, m.
    pub end_altitude_m: f64,
    /// End minus start, m.
    pub altitude_change_m: f64,
    /// Mean grade, percent.
    pub mean_grade_pct: f64,
    /// Steepest grade in its direction, percent.
    pub max_grade_pct: f64,
    /// Moving time, s.
    pub duration_s: Option<f64>,
    /// First sample.
    pub start_index: usize,
    /// One past the last sample.
    pub end_index: usize,
    /// Running cadence on it, steps/min.
    pub cadence_spm: Option<f64>,
    /// Step length on it, m.
    pub step_length_m: Option<f64>,
    /// Distance on it steeper than the steep grade in its direction, m.
    pub steep_distance_m: f64,
    /// Part of it is steeper than a runner runs: an altitude error.
    pub implausible_grade: bool,
    /// It can bear a hill finding: no implausible grade, and on altitude that is not
    /// barometric an altitude change beyond `climb_margin_m`.
    pub above_noise: bool,
}

impl Section {
    fn from(s: &elevation::Section, e: &elevation::Elevation) -> Self {
        Self {
            steep_distance_m: s.steep_distance_m,
            implausible_grade: s.implausible_grade,
            above_noise: e.bears_finding(s),
            start_m: s.start_m,
            end_m: s.end_m,
            length_m: s.length_m,
            start_altitude_m: s.start_altitude_m,
            end_altitude_m: s.end_altitude_m,
            altitude_change_m: s.altitude_change_m,
            mean_grade_pct: s.mean_grade_pct,
            max_grade_pct: s.max_grade_pct,
            duration_s: s.duration_s,
            start_index: s.start_index,
            end_index: s.end_index,
            cadence_spm: s.cadence_spm,
            step_length_m: s.step_length_m,
        }
    }
}

/// The elevation analysis, inline in the run's `elevation` block.
#[derive(Clone, Debug, Serialize)]
pub struct Elevation {
    /// `barometric` (a device with a barometric altimeter), `gps`, `smoothed` (smooth
    /// altitude from a device not known to have one) or `none`.
    pub source: &'static str,
    /// How gain and loss were counted.
    pub method: String,
    /// Not barometric: rough figures, hill findings at most a caution.
    pub low_confidence: bool,
    /// Measured altitude noise, m (robust SD of the residual from a local straight line).
    pub noise_m: f64,
    /// Noise the climb margin is set from, m (at least the GNSS floor when not barometric).
    pub assumed_noise_m: f64,
    /// Smallest altitude change of a climb or descent that bears a hill finding, m;
    /// `null` on barometric altitude.
    pub climb_margin_m: Option<f64>,
    /// Altitude steps levelled out before grading (barometer jumps, GPS source switches,
    /// steps across pauses).
    pub altitude_steps: usize,
    /// Stretches steeper than a runner runs: altitude errors, left out of hill findings.
    pub implausible_grade: Vec<Stretch>,
    /// Steep distance that can bear a hill finding, m.
    pub hill_steep_distance_m: f64,
    /// Gain, m.
    pub gain_m: f64,
    /// Loss, m (positive).
    pub loss_m: f64,
    /// Lowest profile altitude, m.
    pub min_altitude_m: f64,
    /// Highest profile altitude, m.
    pub max_altitude_m: f64,
    /// Profile length, m.
    pub distance_m: f64,
    /// Grade window, m.
    pub grade_window_m: f64,
    /// Steepest uphill grade, percent.
    pub max_grade_pct: Option<f64>,
    /// Steepest downhill grade, percent.
    pub min_grade_pct: Option<f64>,
    /// Share of distance steeper than the steep grade uphill, percent.
    pub steep_up_distance_share_pct: f64,
    /// Share of distance steeper than the steep grade downhill, percent.
    pub steep_down_distance_share_pct: f64,
    /// Length of the climbs, m.
    pub climb_distance_m: f64,
    /// Length of the descents, m.
    pub descent_distance_m: f64,
    /// Per grade band, steep down to steep up.
    pub bands: Vec<GradeBand>,
    /// Climbs.
    pub climbs: Vec<Section>,
    /// Descents.
    pub descents: Vec<Section>,
}

impl Elevation {
    /// The wire form of an elevation analysis.
    #[must_use]
    pub fn from(e: &elevation::Elevation) -> Self {
        Self {
            source: e.source.as_str(),
            method: e.method.clone(),
            low_confidence: e.low_confidence,
            noise_m: round(e.noise_m, 2),
            assumed_noise_m: round(e.assumed_noise_m, 2),
            climb_margin_m: e.climb_margin_m.map(|m| round(m, 2)),
            altitude_steps: e.altitude_steps,
            implausible_grade: e
                .implausible_grade
                .iter()
                .map(|&(start_m, end_m)| Stretch { start_m, end_m })
                .collect(),
            hill_steep_distance_m: e.steep_bearing_m(),
            gain_m: e.gain_m,
            loss_m: e.loss_m,
            min_altitude_m: e.min_altitude_m,
            max_altitude_m: e.max_altitude_m,
            distance_m: e.distance_m,
            grade_window_m: e.grade_window_m,
            max_grade_pct: e.max_grade_pct,
            min_grade_pct: e.min_grade_pct,
            steep_up_distance_share_pct: e.steep_up_distance_share_pct,
            steep_down_distance_share_pct: e.steep_down_distance_share_pct,
            climb_distance_m: e.climb_distance_m,
            descent_distance_m: e.descent_distance_m,
            bands: e
                .bands
                .iter()
                .map(|b| GradeBand {
                    label: b.kind.as_str(),
                    min_grade_pct: b.min_grade_pct,
                    max_grade_pct: b.max_grade_pct,
                    distance_m: b.distance_m,
                    distance_share_pct: b.distance_share_pct,
                    time_s: b.time_s,
                    time_share_pct: b.time_share_pct,
                })
                .collect(),
            climbs: e.climbs.iter().map(|c| Section::from(c, e)).collect(),
            descents: e.descents.iter().map(|d| Section::from(d, e)).collect(),
        }
    }
}

/// One split.
#[derive(Clone, Debug, Serialize)]
pub struct Split {
    /// 0-based number.
    pub index: usize,
    /// Start, m.
    pub start_m: f64,
    /// End, m.
    pub end_m: f64,
    /// Length, m.
    pub distance_m: f64,
    /// A last split shorter than the split length.
    pub partial: bool,
    /// Moving time, s.
    pub moving_time_s: f64,
    /// m/s.
    pub speed_mps: Option<f64>,
    /// s per km.
    pub pace_s_per_km: Option<f64>,
    /// Grade-adjusted, m/s.
    pub gap_speed_mps: Option<f64>,
    /// Grade-adjusted, s per km.
    pub gap_pace_s_per_km: Option<f64>,
    /// Altitude change, m.
    pub elevation_change_m: Option<f64>,
    /// Mean heart rate, bpm.
    pub avg_heart_rate_bpm: Option<f64>,
    /// First sample.
    pub sample_start: usize,
    /// One past the last sample.
    pub sample_end: usize,
}

impl Split {
    fn from(s: &pace::Split) -> Self {
        Self {
            index: s.index,
            start_m: s.start_m,
            end_m: s.end_m,
            distance_m: s.distance_m,
            partial: s.partial,
            moving_time_s: s.moving_time_s,
            speed_mps: s.speed_mps,
            pace_s_per_km: s.pace_s_per_km,
            gap_speed_mps: s.gap_speed_mps,
            gap_pace_s_per_km: s.gap_pace_s_per_km,
            elevation_change_m: s.elevation_change_m,
            avg_heart_rate_bpm: s.avg_heart_rate_bpm,
            sample_start: s.sample_start,
            sample_end: s.sample_end,
        }
    }
}

/// Pace drift between the halves.
#[derive(Clone, Debug, Serialize)]
pub struct Drift {
    /// Moving time of each half, s.
    pub half_moving_time_s: f64,
    /// First half distance, m.
    pub first_half_distance_m: f64,
    /// Second half distance, m.
    pub second_half_distance_m: f64,
    /// First half GAP, s per km.
    pub first_gap_pace_s_per_km: f64,
    /// Second half GAP, s per km.
    pub second_gap_pace_s_per_km: f64,
    /// Drift, percent.
    pub drift_pct: f64,
}

/// Aerobic decoupling between the halves.
#[derive(Clone, Debug, Serialize)]
pub struct Decoupling {
    /// m/s.
    pub first_gap_speed_mps: f64,
    /// m/s.
    pub second_gap_speed_mps: f64,
    /// bpm.
    pub first_heart_rate_bpm: f64,
    /// bpm.
    pub second_heart_rate_bpm: f64,
    /// (m/s) per bpm.
    pub first_ef_mps_per_bpm: f64,
    /// (m/s) per bpm.
    pub second_ef_mps_per_bpm: f64,
    /// Percent.
    pub decoupling_pct: f64,
    /// `good`, `moderate` or `high`.
    pub class: &'static str,
}

/// A GAP model's name on the wire: `strava2017`, `minetti2002` (version 1 has always
/// written these; the rules file accepts them beside `strava` and `minetti`).
#[must_use]
pub(crate) fn gap_model_name(m: stridewise_engine::analysis::gap::GapModel) -> &'static str {
    match m {
        stridewise_engine::analysis::gap::GapModel::Strava2017 => "strava2017",
        stridewise_engine::analysis::gap::GapModel::Minetti2002 => "minetti2002",
    }
}

/// The pace block.
#[derive(Clone, Debug, Serialize)]
pub struct Pace {
    /// Split length, m.
    pub split_m: f64,
    /// `strava2017` or `minetti2002`.
    pub gap_model: &'static str,
    /// Distance, m.
    pub distance_m: f64,
    /// Moving time, s.
    pub moving_time_s: f64,
    /// m/s.
    pub avg_speed_mps: f64,
    /// s per km.
    pub avg_pace_s_per_km: f64,
    /// Grade-adjusted, m/s.
    pub avg_gap_speed_mps: f64,
    /// Grade-adjusted, s per km.
    pub avg_gap_pace_s_per_km: f64,
    /// The splits.
    pub splits: Vec<Split>,
    /// Drift between the halves.
    pub drift: Option<Drift>,
    /// Decoupling between the halves.
    pub decoupling: Option<Decoupling>,
}

impl Pace {
    /// The wire form of a pace analysis.
    #[must_use]
    pub fn from(p: &pace::PaceAnalysis) -> Self {
        Self {
            split_m: p.split_m,
            gap_model: gap_model_name(p.gap_model),
            distance_m: p.distance_m,
            moving_time_s: p.moving_time_s,
            avg_speed_mps: p.avg_speed_mps,
            avg_pace_s_per_km: p.avg_pace_s_per_km,
            avg_gap_speed_mps: p.avg_gap_speed_mps,
            avg_gap_pace_s_per_km: p.avg_gap_pace_s_per_km,
            splits: p.splits.iter().map(Split::from).collect(),
            drift: p.drift.as_ref().map(|d| Drift {
                half_moving_time_s: d.half_moving_time_s,
                first_half_distance_m: d.first_half_distance_m,
                second_half_distance_m: d.second_half_distance_m,
                first_gap_pace_s_per_km: d.first_gap_pace_s_per_km,
                second_gap_pace_s_per_km: d.second_gap_pace_s_per_km,
                drift_pct: d.drift_pct,
            }),
            decoupling: p.decoupling.as_ref().map(|d| Decoupling {
                first_gap_speed_mps: d.first_gap_speed_mps,
                second_gap_speed_mps: d.second_gap_speed_mps,
                first_heart_rate_bpm: d.first_heart_rate_bpm,
                second_heart_rate_bpm: d.second_heart_rate_bpm,
                first_ef_mps_per_bpm: d.first_ef_mps_per_bpm,
                second_ef_mps_per_bpm: d.second_ef_mps_per_bpm,
                decoupling_pct: d.decoupling_pct,
                class: d.class.as_str(),
            }),
        }
    }
}

/// Running dynamics over running samples.
#[derive(Clone, Debug, Serialize)]
pub struct RunningDynamics {
    /// ms.
    pub stance_time_ms: Option<f64>,
    /// mm.
    pub vertical_oscillation_mm: Option<f64>,
    /// Percent.
    pub vertical_ratio_pct: Option<f64>,
    /// Some vertical ratio computed as oscillation ÷ step length.
    pub vertical_ratio_computed: bool,
    /// Left share of ground contact, percent.
    pub stance_balance_left_pct: Option<f64>,
    /// Percent of running time.
    pub stance_time_coverage_pct: f64,
    /// Percent of running time.
    pub vertical_ratio_coverage_pct: f64,
    /// Left share on flat running only, percent.
    pub flat_balance_left_pct: Option<f64>,
    /// Flat running time with a balance reading, s.
    pub flat_balance_time_s: f64,
}

/// Descent against flat running at matched speed.
#[derive(Clone, Debug, Serialize)]
pub struct DescentVsFlat {
    /// Percent.
    pub step_length_change_pct: f64,
    /// Percent.
    pub step_length_change_sd_pct: f64,
    /// Percent.
    pub cadence_change_pct: f64,
    /// s.
    pub matched_time_s: f64,
    /// m.
    pub descent_step_length_m: f64,
    /// m.
    pub flat_step_length_m: f64,
    /// steps/min.
    pub descent_cadence_spm: f64,
    /// steps/min.
    pub flat_cadence_spm: f64,
    /// m/s.
    pub descent_speed_mps: f64,
}

/// The stride block.
#[derive(Clone, Debug, Serialize)]
pub struct Stride {
    /// Running time with speed and cadence, s.
    pub running_time_s: f64,
    /// Mean step length, m.
    pub step_length_m: f64,
    /// Mean speed, m/s.
    pub speed_mps: f64,
    /// The device's step length, m.
    pub device_step_length_m: Option<f64>,
    /// Per speed band.
    pub by_speed: Vec<SpeedBand>,
    /// Running dynamics.
    pub dynamics: Option<RunningDynamics>,
    /// Descent vs flat.
    pub descent_vs_flat: Option<DescentVsFlat>,
}

impl Stride {
    /// The wire form of a stride analysis.
    #[must_use]
    pub fn from(s: &stride::StrideAnalysis) -> Self {
        Self {
            running_time_s: s.running_time_s,
            step_length_m: s.step_length_m,
            speed_mps: s.speed_mps,
            device_step_length_m: s.device_step_length_m,
            by_speed: s.by_speed.iter().map(SpeedBand::from).collect(),
            dynamics: s.dynamics.as_ref().map(|d| RunningDynamics {
                stance_time_ms: d.stance_time_ms,
                vertical_oscillation_mm: d.vertical_oscillation_mm,
                vertical_ratio_pct: d.vertical_ratio_pct,
                vertical_ratio_computed: d.vertical_ratio_computed,
                stance_balance_left_pct: d.stance_balance_left_pct,
                stance_time_coverage_pct: d.stance_time_coverage_pct,
                vertical_ratio_coverage_pct: d.vertical_ratio_coverage_pct,
                flat_balance_left_pct: d.flat_balance_left_pct,
                flat_balance_time_s: d.flat_balance_time_s,
            }),
            descent_vs_flat: s.descent_vs_flat.as_ref().map(|d| DescentVsFlat {
                step_length_change_pct: d.step_length_change_pct,
                step_length_change_sd_pct: d.step_length_change_sd_pct,
                cadence_change_pct: d.cadence_change_pct,
                matched_time_s: d.matched_time_s,
                descent_step_length_m: d.descent_step_length_m,
                flat_step_length_m: d.flat_step_length_m,
                descent_cadence_spm: d.descent_cadence_spm,
                flat_cadence_spm: d.flat_cadence_spm,
                descent_speed_mps: d.descent_speed_mps,
            }),
        }
    }
}

/// A run against the runner's baseline at the same speeds.
#[derive(Clone, Debug, Serialize)]
pub struct VsBaseline {
    /// Cadence, percent.
    pub cadence_diff_pct: f64,
    /// Step length, percent.
    pub step_length_diff_pct: f64,
    /// Running time compared, s.
    pub time_s: f64,
}

impl VsBaseline {
    /// The wire form of a baseline comparison.
    #[must_use]
    pub fn from(c: &stride::BaselineComparison) -> Self {
        Self {
            cadence_diff_pct: c.cadence_diff_pct,
            step_length_diff_pct: c.step_length_diff_pct,
            time_s: c.time_s,
        }
    }
}

/// The session's kind and the three times (`analysis::session`, `analysis::motion`).
#[derive(Debug, Serialize)]
pub struct Session {
    /// `steady_run`, `structured`, `run_walk`, `walk`, `treadmill`, `not_a_run` or `route`.
    pub kind: &'static str,
    /// The evidence for the kind, in words.
    pub evidence: String,
    /// First to last sample, s.
    pub elapsed_s: f64,
    /// Elapsed minus the file's pauses (the watch's timer), s.
    pub timer_s: f64,
    /// Timer minus standing still: running plus walking, s.
    pub moving_s: f64,
    /// Stood still with the timer running, s.
    pub standing_s: f64,
    /// Running time, s.
    pub running_s: f64,
    /// Walking time, s.
    pub walking_s: f64,
    /// Median speed over the moving time, m/s.
    pub median_moving_speed_mps: Option<f64>,
    /// What made it structured: `laps` or `speed`; null otherwise.
    pub structure: Option<&'static str>,
}

impl Session {
    /// The wire form of a review's motion and session.
    #[must_use]
    pub(crate) fn from_review(
        r: &stridewise_engine::coach::review::Review,
        units: stridewise_engine::units::UnitSystem,
    ) -> Self {
        use stridewise_engine::analysis::session::StructureSource;
        let m = &r.motion;
        let s = &r.session;
        Self {
            kind: s.kind.as_str(),
            evidence: crate::words::session_evidence(s, units),
            elapsed_s: round(m.elapsed_s, 1),
            timer_s: round(m.timer_s, 1),
            moving_s: round(r.moving_s(), 1),
            standing_s: round(m.standing_s, 1),
            running_s: round(s.running_s, 1),
            walking_s: round(s.walking_s, 1),
            median_moving_speed_mps: s.median_moving_mps.map(|v| round(v, 3)),
            structure: s.structure.map(|x| match x {
                StructureSource::Laps { .. } => "laps",
                StructureSource::Speed { .. } => "speed",
            }),
        }
    }
}
