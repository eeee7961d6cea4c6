//! One run, reviewed: every analysis run once with parameters taken from the [`Rules`],
//! then the findings derived from their numbers.

use std::borrow::Cow;

use super::message::Message;
use super::rules::Rules;
use super::warning::{DataNote, Finding, Proxy, ProxyKind, VsBaseline};
use crate::analysis::basis::Basis;
use crate::analysis::cadence::{self, CadenceAnalysis, CadenceParams};
use crate::analysis::elevation::{self, Elevation, ElevationParams, ProfilePoint, Section};
use crate::analysis::gap;
use crate::analysis::motion::{self, Motion, MotionParams};
use crate::analysis::pace::{self, PaceAnalysis, PaceParams};
use crate::analysis::session::{self, NonRun, Session, SessionKind};
use crate::analysis::stride::{self, StrideAnalysis, StrideParams};
use crate::analysis::totals::{totals_with, Totals};
use crate::history::row::RunRow;
use crate::model::Activity;
use crate::units::Quantity;

/// Everything computed for one run.
#[derive(Clone, Debug)]
pub struct Review {
    /// Distance, times, cadence averages (`totals.moving_s` is the timer time: elapsed
    /// minus the file's pauses; [`Review::motion`] has the moving time).
    pub totals: Totals,
    /// Elapsed, timer and moving time, and where the runner stood still with the timer
    /// running. Every other figure of the review counts standing like a pause.
    pub motion: Motion,
    /// What kind of session it was, with the evidence, decided before any coaching.
    pub session: Session,
    /// Grade of each sample (fraction), `None` where unknown.
    pub grades: Vec<Option<f64>>,
    /// Elevation exposure; `None` on a treadmill or without altitude.
    pub elevation: Option<Elevation>,
    /// The altitude profile the elevation figures were computed on (smoothed for GPS
    /// altitude, with the rules' parameters), for charts; empty without `elevation`.
    pub profile: Vec<ProfilePoint>,
    /// Why there is no elevation analysis, when there is none.
    pub elevation_skipped: Option<&'static str>,
    /// Splits, GAP, drift, decoupling; `None` for a route without times.
    pub pace: Option<PaceAnalysis>,
    /// Running cadence; `None` without cadence.
    pub cadence: Option<CadenceAnalysis>,
    /// Running cadence per split (same order as `pace.splits`).
    pub split_cadence_spm: Vec<Option<f64>>,
    /// Step length and running dynamics.
    pub stride: Option<StrideAnalysis>,
    /// Stretches where the step is longer than this run's at that speed (inclusive sample
    /// index ranges, [`stride::long_step_stretches`]); empty without a stride analysis.
    pub long_steps: Vec<(usize, usize)>,
    /// Each sample's grade-adjusted speed, m/s, for the pace chart
    /// ([`gap::gap_speeds`]: its speed × the GAP model's factor at its grade); empty
    /// without a pace analysis or without grades.
    pub gap_speeds: Vec<Option<f64>>,
    /// Coaching findings, in a stable order (none when not coached).
    pub findings: Vec<Finding>,
    /// Values no runner produces, noted instead of coached.
    pub notes: Vec<DataNote>,
    /// Why the recording is not coached, when it is not.
    pub not_coached: Option<NotCoached>,
    /// Each sample's weight and speed in the recording as read (before the standing
    /// stretches are counted as pauses): what the totals and the standing detection stand
    /// on, kept for the figures derived later from the same recording (the row's speed
    /// bins, the wire's averages) so they are not derived again (issue 24).
    pub read_basis: Basis,
}

impl Review {
    /// Reduce this review of `a` (read from `path`) to its row of numbers.
    #[must_use]
    pub fn row(&self, path: &str, a: &Activity) -> RunRow {
        let r = self;
        let gaits: &[crate::analysis::cadence::Gait] =
            r.cadence.as_ref().map_or(&[], |c| c.gaits.as_slice());
        RunRow {
            path: path.to_string(),
            session: a.session,
            name: a.name.clone(),
            start_time: a.start_time,
            utc_offset: a.utc_offset.clone(),
            distance_m: r.totals.distance_m,
            moving_s: r
                .pace
                .as_ref()
                .map(|p| p.moving_time_s)
                .or(r.totals.moving_s),
            avg_speed_mps: r.pace.as_ref().map(|p| p.avg_speed_mps),
            avg_gap_speed_mps: r.pace.as_ref().map(|p| p.avg_gap_speed_mps),
            cadence_spm: r
                .cadence
                .as_ref()
                .and_then(|c| c.running.as_ref())
                .map(|s| s.mean_spm),
            cadence_in_band_pct: r
                .cadence
                .as_ref()
                .and_then(|c| c.target.as_ref())
                .map(|t| t.in_pct),
            step_length_m: r.stride.as_ref().map(|s| s.step_length_m),
            gain_m: r.elevation.as_ref().map(|e| e.gain_m),
            loss_m: r.elevation.as_ref().map(|e| e.loss_m),
            steep_share_pct: r
                .elevation
                .as_ref()
                .map(|e| e.steep_up_distance_share_pct + e.steep_down_distance_share_pct),
            drift_pct: r
                .pace
                .as_ref()
                .and_then(|p| p.drift.as_ref())
                .map(|d| d.drift_pct),
            decoupling_pct: r
                .pace
                .as_ref()
                .and_then(|p| p.decoupling.as_ref())
                .map(|d| d.decoupling_pct),
            walk_breaks: r.cadence.as_ref().map_or(0, |c| c.walk_break_count),
            session_kind: Some(r.session.kind),
            flat_balance_left_pct: r
                .stride
                .as_ref()
                .and_then(|s| s.dynamics.as_ref())
                .and_then(|d| d.flat_balance_left_pct),
            bins: crate::history::row::SpeedBins::of_with(a, &r.basis_of(a), gaits, &r.grades),
        }
    }

    /// The [`Basis`] of `a`, the recording this review is of: the review's own
    /// ([`Review::read_basis`]), derived again only for an activity of another length.
    #[must_use]
    pub fn basis_of(&self, a: &Activity) -> Cow<'_, Basis> {
        if self.read_basis.weights.len() == a.samples.len() {
            Cow::Borrowed(&self.read_basis)
        } else {
            Cow::Owned(Basis::of(a))
        }
    }

    /// Moving time, s: the pace analysis's (timer time less standing, over the distance
    /// track), else the motion's, else 0.
    #[must_use]
    pub fn moving_s(&self) -> f64 {
        self.pace
            .as_ref()
            .map_or(self.motion.moving_s, |p| p.moving_time_s)
    }

    /// At most three findings to work on first (see [`super::focus`]).
    #[must_use]
    pub fn focus(&self) -> Vec<super::code::FindingCode> {
        super::focus::rank(self.findings.iter().map(|f| (f.kind(), f.severity())))
    }
}

/// Parameters of each analysis, derived from the rules.
#[derive(Clone, Debug)]
pub struct Params {
    /// Elevation.
    pub elevation: ElevationParams,
    /// Pace.
    pub pace: PaceParams,
    /// Cadence.
    pub cadence: CadenceParams,
    /// Stride.
    pub stride: StrideParams,
    /// Motion (standing still).
    pub motion: MotionParams,
}

impl Params {
    /// Map the user's rules onto the analyses' parameters.
    #[must_use]
    pub fn from_rules(rules: &Rules, split_m: f64) -> Self {
        Self {
            elevation: ElevationParams {
                band_steep_grade: rules.steep_grade_pct / 100.0,
                ..ElevationParams::default()
            },
            pace: PaceParams {
                split_m,
                gap_model: rules.gap_model,
                decoupling_good_below_pct: rules.decoupling_moderate_pct,
                decoupling_high_above_pct: rules.decoupling_high_pct,
                ..PaceParams::default()
            },
            cadence: CadenceParams {
                walk_max_spm: rules.walk_max_spm,
                level_grade_pct: rules.steep_grade_pct,
                target_low_spm: rules.cadence_target_low_spm,
                target_high_spm: rules.cadence_target_high_spm,
                ..CadenceParams::default()
            },
            stride: StrideParams::default(),
            motion: MotionParams {
                running_min_spm: rules.walk_max_spm,
                ..MotionParams::default()
            },
        }
    }
}

/// What a review needs beyond the activity: the rules, and two choices of the caller.
/// Display units are not among them: a review's figures are in SI units whatever the
/// output shows.
#[derive(Clone, Copy, Debug)]
pub struct ReviewOptions<'a> {
    /// The coaching rules.
    pub rules: &'a Rules,
    /// Length of the pace splits, m (1,000 for kilometre splits, 1,609.344 for miles).
    pub split_m: f64,
    /// The user said it is a run (`--sport running`): an unknown-sport track at cycling
    /// speed is coached, not taken for a ride.
    pub as_running: bool,
}

impl<'a> ReviewOptions<'a> {
    /// The rules, kilometre splits, and an unknown-sport track at cycling speed taken for
    /// a ride.
    #[must_use]
    pub fn new(rules: &'a Rules) -> Self {
        Self {
            rules,
            split_m: crate::units::METERS_PER_KM,
            as_running: false,
        }
    }
}

/// Review one activity with kilometre splits (an unknown-sport track at cycling speed is
/// taken for a ride); [`review_with`] chooses.
#[must_use]
pub fn review(a: &Activity, rules: &Rules) -> Review {
    review_with(a, &ReviewOptions::new(rules))
}

/// Review one activity.
///
/// First what moved (standing with the timer running is found and counted like a pause
/// by every figure after it, [`motion`]), then every analysis on that moving time, then
/// the session's kind ([`session`]), and only then the findings that apply to that kind.
#[must_use]
pub fn review_with(a: &Activity, o: &ReviewOptions<'_>) -> Review {
    let read = AsRead::of(a, o);
    let view = motion::moving_view(a, &read.motion);
    let moving_basis = match &view {
        Cow::Borrowed(_) => None,
        // The same samples as read: the same weight cap.
        Cow::Owned(v) => Some(Basis::with_cap(v, read.basis.cap_s)),
    };
    review_moving(&view, o, read, moving_basis)
}

/// [`review_with`] of an activity the caller owns, the same review: its moving view is
/// made by putting the standing stretches into its pauses for the analyses and its own
/// pauses back after them, instead of a copy of its samples (issue 24). `a` is as it was
/// when this returns.
#[must_use]
pub fn review_with_mut(a: &mut Activity, o: &ReviewOptions<'_>) -> Review {
    let read = AsRead::of(a, o);
    if read.motion.standing.is_empty() {
        return review_moving(a, o, read, None);
    }
    let moving = motion::moving_pauses(a, &read.motion);
    let as_read = std::mem::replace(&mut a.pauses, moving);
    // The same samples as read: the same weight cap.
    let moving_basis = Some(Basis::with_cap(a, read.basis.cap_s));
    let r = review_moving(a, o, read, moving_basis);
    a.pauses = as_read;
    r
}

/// What a review finds in the recording as read, before the standing stretches count as
/// pauses: its parameters, the samples' weights and speeds, the totals, the motion.
struct AsRead {
    p: Params,
    basis: Basis,
    totals: Totals,
    motion: Motion,
}

impl AsRead {
    fn of(a: &Activity, o: &ReviewOptions<'_>) -> Self {
        let p = Params::from_rules(o.rules, o.split_m);
        // Weights and speeds once for the recording as read, and once more for its moving
        // view when standing stretches change the pauses.
        let basis = Basis::of(a);
        let totals = totals_with(a, &basis.weights);
        let motion = motion::standing_with(a, &basis.speeds, &p.motion);
        Self {
            p,
            basis,
            totals,
            motion,
        }
    }
}

/// The rest of the review, on the moving view `a` (the recording with its standing
/// stretches among its pauses) and its basis (`None`: the recording as read's).
fn review_moving(
    a: &Activity,
    o: &ReviewOptions<'_>,
    read: AsRead,
    moving_basis: Option<Basis>,
) -> Review {
    let (rules, as_running) = (o.rules, o.as_running);
    let AsRead {
        p,
        basis: read_basis,
        totals,
        motion,
    } = read;
    let basis: &Basis = moving_basis.as_ref().unwrap_or(&read_basis);
    let elevation_skipped = if a.is_treadmill() {
        Some("treadmill run: no hills to analyse")
    } else if a.samples.iter().all(|s| s.altitude_m.is_none()) {
        Some("no altitude in the file")
    } else {
        None
    };
    let analysed = if elevation_skipped.is_some() {
        None
    } else {
        elevation::analyze_run_with(a, basis, &p.elevation)
    };
    let (grades, elevation, profile) = match analysed {
        Some(e) => (e.grades, Some(e.elevation), e.profile),
        None => (vec![None; a.samples.len()], None, Vec::new()),
    };
    let pace = pace::analyze(a, &grades, &p.pace);
    // The pace chart's grade-adjusted line: each sample of the recording as read, at its
    // grade (only where there are grades to adjust by).
    let gap_speeds = if pace.is_some() && elevation.is_some() && grades.iter().any(Option::is_some)
    {
        gap::gap_speeds(&read_basis.speeds, &grades, p.pace.gap_model)
    } else {
        Vec::new()
    };
    let cadence = cadence::analyze_with(a, basis, &grades, &p.cadence);
    let session = session::classify(&session::Inputs {
        activity: a,
        speeds: &basis.speeds,
        weights: &basis.weights,
        grades: &grades,
        cadence: cadence.as_ref(),
        distance_m: pace.as_ref().map(|p| p.distance_m).or(totals.distance_m),
        ride_median_mps: rules.floors.ride_min_speed_mps,
        as_running,
    });
    let running: Vec<bool> = cadence.as_ref().map_or_else(
        || vec![true; a.samples.len()],
        |c| cadence::running_mask(&c.gaits),
    );
    let split_cadence_spm = match (&pace, &cadence) {
        (Some(pc), Some(c)) => {
            let ranges: Vec<(usize, usize)> = pc
                .splits
                .iter()
                .map(|s| (s.sample_start, s.sample_end))
                .collect();
            cadence::per_range_with(a, &basis.weights, &c.gaits, &ranges)
        }
        _ => Vec::new(),
    };
    // The running steps once for the stride figures, the long steps and the sections.
    let steps = stride::RunningSteps::of(a, basis, &running);
    let stride = stride::analyze_steps(a, &steps, &grades, &p.stride);
    let long_steps = stride.as_ref().map_or_else(Vec::new, |st| {
        let lp = stride::LongStepParams {
            min_running_spm: rules.walk_max_spm,
            ..stride::LongStepParams::default()
        };
        stride::long_step_stretches_with(a, &steps, &running, &grades, st.step_length_m, &lp)
    });
    let mut elevation = elevation;
    if let (Some(e), Some(c)) = (elevation.as_mut(), cadence.as_ref()) {
        let ranges: Vec<(usize, usize)> = e
            .climbs
            .iter()
            .chain(e.descents.iter())
            .map(|sec| (sec.start_index, sec.end_index))
            .collect();
        let cadences = cadence::per_range_with(a, &basis.weights, &c.gaits, &ranges);
        let step_lengths = stride::step_length_over_steps(&steps, &ranges);
        let sections = e.climbs.iter_mut().chain(e.descents.iter_mut());
        for ((sec, cad), step) in sections.zip(cadences).zip(step_lengths) {
            sec.cadence_spm = cad;
            sec.step_length_m = step;
        }
    }
    let mut r = Review {
        totals,
        motion,
        session,
        grades,
        elevation,
        profile,
        elevation_skipped,
        pace,
        cadence,
        split_cadence_spm,
        stride,
        long_steps,
        gap_speeds,
        findings: Vec::new(),
        notes: Vec::new(),
        not_coached: None,
        read_basis,
    };
    r.not_coached = coachable(a, &r, rules);
    match r.not_coached {
        None => (r.findings, r.notes) = assess(&r, rules),
        // A planned route's hills are about the route, not the runner, and a walk's
        // hills load a sore hip as a run's do (a mountain climbed at a hike): they stay.
        Some(NotCoached::Route | NotCoached::Walk { .. }) => {
            if let Some(e) = &r.elevation {
                let (mut findings, mut notes) = (Vec::new(), Vec::new());
                hills(e, rules, &mut findings, &mut notes);
                (r.findings, r.notes) = (findings, notes);
            }
        }
        Some(_) => {}
    }
    r
}

/// Why a recording gets no coaching ([`crate::coach::rules`], "Findings a runner can trust":
/// too-short recordings, planned routes and rides are not runs to coach; the session's kind,
/// [`session`], says which recordings are walks or not runs at all).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NotCoached {
    /// A planned route or course: positions without times.
    Route,
    /// Below the floor of distance or moving time in [`Floors`](crate::coach::rules::Floors).
    TooShort {
        /// Distance, m (0 when none was recorded).
        distance_m: f64,
        /// Moving time, s (0 for a route).
        moving_s: f64,
        /// The distance floor it is under (or was held to), m.
        floor_distance_m: f64,
        /// The moving-time floor, s.
        floor_moving_s: f64,
    },
    /// Not a run: a ride's speed, or faster than the world record ([`NonRun`]).
    NotARun(NonRun),
    /// Walking most of the moving time: reviewed as a walk, not coached as a run.
    Walk {
        /// Walking share of the moving time, percent.
        walking_share_pct: f64,
    },
}

impl NotCoached {
    /// Stable identifier.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Route => "route",
            Self::TooShort { .. } => "too_short",
            Self::NotARun(NonRun::RideSpeed { .. }) => "likely_ride",
            Self::NotARun(NonRun::FasterThanRecord { .. }) => "faster_than_record",
            Self::Walk { .. } => "walk",
        }
    }

    /// The reason in words, its distances and paces left for the renderer to word.
    #[must_use]
    pub fn message(&self) -> Message {
        let pace = |mps: f64| Quantity::Pace(mps);
        let d = |meters: f64| Quantity::Distance {
            meters,
            decimals: 2,
        };
        let t = |s: f64| crate::units::format_duration(s);
        match self {
            Self::Route => {
                "a planned route (no times): its hills only, no running form or pace".into()
            }
            // Said by the floor that decided: the moving time, a distance, or no
            // distance at all (never "0.00 km in 57:00").
            Self::TooShort {
                distance_m,
                moving_s,
                floor_distance_m,
                floor_moving_s,
            } => {
                if *moving_s > 0.0 && moving_s < floor_moving_s {
                    format!(
                        "too short to coach: {} moving, under the {} floor",
                        t(*moving_s),
                        t(*floor_moving_s)
                    )
                    .into()
                } else if *distance_m <= 0.0 && *moving_s > 0.0 {
                    Message::from(format!(
                        "no distance recorded in {} moving: coaching needs at least ",
                        t(*moving_s)
                    ))
                    .quantity(d(*floor_distance_m))
                } else if *moving_s > 0.0 {
                    Message::from("too short to coach: ")
                        .quantity(d(*distance_m))
                        .text(format!(" in {} moving, under the ", t(*moving_s)))
                        .quantity(d(*floor_distance_m))
                        .text(" floor")
                } else {
                    Message::from("too short to coach: ")
                        .quantity(d(*distance_m))
                        .text(", under the ")
                        .quantity(d(*floor_distance_m))
                        .text(" floor")
                }
            }
            Self::NotARun(NonRun::RideSpeed {
                median_mps,
                share_above_pct,
                limit_mps,
            }) => Message::from("likely a ride: a moving pace of ")
                .quantity(pace(*median_mps))
                .text(format!(
                    " ({share_above_pct:.0}% of the moving time faster than "
                ))
                .quantity(pace(*limit_mps))
                .text(") and no running cadence (use --sport running to coach it anyway)"),
            Self::NotARun(NonRun::FasterThanRecord {
                speed_mps,
                record_mps,
                distance_m,
            }) => Message::from("not a run: ")
                .quantity(pace(*speed_mps))
                .text(" over ")
                .quantity(d(*distance_m))
                .text(" is faster than the world record (")
                .quantity(pace(*record_mps))
                .text("): a ride, a vehicle or a damaged recording"),
            Self::Walk { walking_share_pct } => format!(
                "a walk with some running: walking {walking_share_pct:.0}% of the moving \
                 time (below 140 steps/min, or slower than 2 m/s without cadence); its \
                 hills only, not coached as a run"
            )
            .into(),
        }
    }
}

/// Whether a reviewed recording is a run to coach: long enough, and of a kind that is a
/// run (the session's kind already knows whether the user said it is a run).
#[must_use]
pub(crate) fn coachable(a: &Activity, r: &Review, rules: &Rules) -> Option<NotCoached> {
    let f = &rules.floors;
    if a.is_route() {
        // A route of a few metres is junk, not a course.
        let d = r.totals.distance_m.unwrap_or(0.0);
        return Some(if d < f.coach_distance_m {
            NotCoached::TooShort {
                distance_m: d,
                moving_s: 0.0,
                floor_distance_m: f.coach_distance_m,
                floor_moving_s: f.coach_moving_s,
            }
        } else {
            NotCoached::Route
        });
    }
    let distance_m = r.totals.distance_m.unwrap_or(0.0);
    let moving_s = r.moving_s();
    // A treadmill file may carry no distance at all; its running time still counts.
    let treadmill_ok = a.is_treadmill() && r.totals.distance_m.is_none();
    if moving_s < f.coach_moving_s || (!treadmill_ok && distance_m < f.coach_distance_m) {
        return Some(NotCoached::TooShort {
            distance_m,
            moving_s,
            floor_distance_m: f.coach_distance_m,
            floor_moving_s: f.coach_moving_s,
        });
    }
    match r.session.kind {
        SessionKind::NotARun => r.session.non_run.map(NotCoached::NotARun),
        SessionKind::Walk => Some(NotCoached::Walk {
            walking_share_pct: r.session.walking_share_pct(),
        }),
        _ => None,
    }
}

/// `value` beyond `limit` (both as "bigger is worse") by more than `noise` standard
/// deviations × `rules.noise_sd` ([`crate::coach::rules`]: near a limit a bare threshold fires on noise).
fn beyond(value: f64, limit: f64, noise: f64, rules: &Rules) -> bool {
    value.is_finite() && value > limit && value - limit > rules.noise_sd * noise.max(0.0)
}

/// Noise of the difference between the running cadence of two thirds of a run, percent of
/// the mean: the run's cadence spread, σ ≈ (p90 − p10) ÷ 2.563 (the normal 10–90% range,
/// statrs), over √n readings per third, n = the level running minutes of the third with
/// fewer of them (our choice: readings within a minute are strongly correlated), times √2
/// for a difference.
fn fade_noise_pct(c: &CadenceAnalysis, th: &cadence::ThirdsChange) -> f64 {
    let Some(run) = &c.running else { return 0.0 };
    let sd = (run.p90_spm - run.p10_spm).max(0.0) / (2.0 * cadence::NORMAL_Z90);
    let n = (th.level_time_s / 60.0).max(1.0);
    if run.mean_spm > 0.0 {
        100.0 * sd / run.mean_spm * (2.0 / n).sqrt()
    } else {
        0.0
    }
}

/// Noise of the mean descent step-length change, percent: its sample spread over √n,
/// n = matched descent minutes (our choice, as for [`fade_noise_pct`]).
fn descent_noise_pct(d: &crate::analysis::stride::DescentVsFlat) -> f64 {
    d.step_length_change_sd_pct / (d.matched_time_s / 60.0).max(1.0).sqrt()
}

/// Derive the findings from a review's numbers, and the data notes for values no runner
/// produces. Each rule names its threshold and its evidence floor in [`Rules`]; the
/// evidence carries the numbers that fired it. Silent below every floor.
#[must_use]
pub(crate) fn assess(r: &Review, rules: &Rules) -> (Vec<Finding>, Vec<DataNote>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let f = &rules.floors;
    let moving_s = r.moving_s();
    // The band is judged on level running: on steep grades cadence follows the hill. It
    // fires only when the median is below the band by more than the run's own spread of
    // cadence (DOMAIN.md "Findings a runner can trust": near a limit, compare the excess
    // with the measurement's own spread), so 168 spm with readings ranging 160–176 is
    // not called low.
    if let Some(lv) = r.cadence.as_ref().and_then(|c| c.level.as_ref()) {
        if lv.time_s >= f.cadence_running_s
            && lv.band.below_pct > rules.low_cadence_share_pct
            && beyond(
                rules.cadence_target_low_spm - lv.median_spm,
                0.0,
                lv.spread_spm,
                rules,
            )
        {
            out.push(Finding::LowCadence {
                share_below_pct: lv.band.below_pct,
                band_fired: true,
                running_avg_spm: lv.mean_spm,
                target_low_spm: rules.cadence_target_low_spm,
                warning_below_spm: warning_below_spm(rules),
                vs_baseline: None,
                steep_left_out_s: lv.steep_time_s,
                level_grade_pct: lv.max_grade_pct,
                median_spm: lv.median_spm,
                spread_spm: lv.spread_spm,
                level_time_s: lv.time_s,
                strong_evidence: strong_cadence_evidence(r, rules),
            });
        }
    }
    if let Some(c) = &r.cadence {
        if let Some(th) = &c.thirds {
            let noise = fade_noise_pct(c, th);
            if moving_s >= f.within_run_moving_s
                && beyond(-th.change_pct, rules.cadence_fade_pct, noise, rules)
            {
                out.push(Finding::CadenceFade {
                    first_third_spm: th.first_spm,
                    last_third_spm: th.last_spm,
                    drop_pct: -th.change_pct,
                    limit_pct: rules.cadence_fade_pct,
                    noise_pct: noise,
                });
            }
        }
    }
    let proxies = overstride_proxies(r, rules, &mut notes);
    if !proxies.is_empty() {
        out.push(Finding::Overstriding {
            proxies,
            warning_proxies: rules.severity.overstride_proxies,
        });
    }
    if let Some(e) = &r.elevation {
        hills(e, rules, &mut out, &mut notes);
    }
    if let Some(p) = &r.pace {
        if moving_s >= f.within_run_moving_s {
            if let Some(d) = &p.drift {
                if d.drift_pct > rules.pace_drift_warn_pct {
                    out.push(Finding::PaceDrift {
                        drift_pct: d.drift_pct,
                        limit_pct: rules.pace_drift_warn_pct,
                    });
                }
            }
            if let Some(d) = &p.decoupling {
                if d.decoupling_pct > rules.decoupling_moderate_pct {
                    out.push(Finding::Decoupling {
                        decoupling_pct: d.decoupling_pct,
                        moderate_pct: rules.decoupling_moderate_pct,
                        high_pct: rules.decoupling_high_pct,
                    });
                }
            }
        }
    }
    if let Some(c) = &r.cadence {
        if let Some(rw) = &c.run_walk {
            out.push(Finding::RunWalk {
                walk_breaks: c.walk_break_count,
                ratio: rw.run_walk_ratio,
                advised_ratio: rules.run_walk_ratio,
            });
        }
    }
    if let Some(dy) = r.stride.as_ref().and_then(|s| s.dynamics.as_ref()) {
        let (lo, hi) = rules.balance_band_left_pct;
        if let Some(left) = dy.flat_balance_left_pct {
            if dy.flat_balance_time_s >= f.balance_flat_s && (left < lo || left > hi) {
                out.push(Finding::GroundContactBalance {
                    left_pct: left,
                    flat_time_s: dy.flat_balance_time_s,
                    band_left_pct: (lo, hi),
                    warning_beyond_pct: rules.severity.balance_beyond_pct,
                });
            }
        }
    }
    // Only what the session's kind can bear: no pace drift from an interval session's
    // recoveries, no cadence fade from a run/walk's walks.
    out.retain(|f| f.applies_to(r.session.kind));
    (out, notes)
}

/// Whether a run is strong enough evidence for a low-cadence `warning`: enough level
/// running, at a running speed ([`crate::coach::rules::SeverityRules`]). A file without
/// speed (a treadmill without a foot pod) is judged on time alone.
fn strong_cadence_evidence(r: &Review, rules: &Rules) -> bool {
    let sv = &rules.severity;
    let Some(c) = &r.cadence else { return false };
    let level_s = c.level.as_ref().map_or(0.0, |l| l.time_s);
    level_s >= sv.low_cadence_min_s
        && c.running_speed_mps()
            .is_none_or(|v| v >= sv.low_cadence_min_speed_mps)
}

/// The running average below which low cadence is a warning, steps/min.
fn warning_below_spm(rules: &Rules) -> f64 {
    rules.cadence_target_low_spm * (1.0 - rules.severity.low_cadence_below_band_pct / 100.0)
}

/// The descents the `steep_descents` finding counts: long and steady enough, or steep
/// enough ([`crate::coach::rules`], "Elevation"), and above the evidence floors of
/// length and drop. The route trace marks the same ones.
#[must_use]
pub fn hard_descents<'e>(e: &'e Elevation, rules: &Rules) -> Vec<&'e Section> {
    let f = &rules.floors;
    e.descents
        .iter()
        .filter(|d| {
            e.bears_finding(d)
                && d.length_m >= f.descent_length_m
                && -d.altitude_change_m >= f.descent_drop_m
                && ((d.length_m >= rules.long_descent_m
                    && d.mean_grade_pct <= -rules.long_descent_min_grade_pct)
                    || d.mean_grade_pct <= -rules.steep_descent_grade_pct)
        })
        .collect()
}

/// Hill exposure and steep descents, with their floors, on the steep distance and the
/// descents that can bear a finding ([`Elevation::steep_bearing_m`],
/// [`Elevation::bears_finding`]: on altitude that is not barometric, only climbs and
/// descents larger than the noise margin; never a stretch steeper than a runner runs,
/// which is a data note). A steep share the measured climbing cannot explain is a data
/// note instead. Warnings only on barometric altitude (`rough_altitude`).
fn hills(e: &Elevation, rules: &Rules, out: &mut Vec<Finding>, notes: &mut Vec<DataNote>) {
    let f = &rules.floors;
    if !e.implausible_grade.is_empty() {
        notes.push(DataNote::ImplausibleGrade {
            stretches: e.implausible_grade.len(),
            length_m: e.implausible_grade.iter().map(|(s, t)| t - s).sum(),
        });
    }
    let steep_m = e.steep_bearing_m();
    let steep = if e.distance_m > 0.0 {
        100.0 * steep_m / e.distance_m
    } else {
        0.0
    };
    if steep > rules.steep_share_warn_pct && steep_m >= f.hill_steep_distance_m {
        // Steep distance at the steep grade implies at least this much climbing and
        // descending; far more than was measured is a data problem.
        let implied = steep_m * rules.steep_grade_pct / 100.0;
        if implied > f.steep_without_climb_ratio * (e.gain_m + e.loss_m) {
            notes.push(DataNote::SteepWithoutClimb {
                steep_share_pct: steep,
                steep_distance_m: steep_m,
                gain_loss_m: e.gain_m + e.loss_m,
            });
        } else {
            out.push(Finding::HillExposure {
                steep_share_pct: steep,
                steep_distance_m: steep_m,
                steep_grade_pct: rules.steep_grade_pct,
                limit_pct: rules.steep_share_warn_pct,
                gain_m: e.gain_m,
                loss_m: e.loss_m,
                warning_share_pct: rules.severity.hill_share_pct,
                warning_distance_m: rules.severity.hill_steep_distance_m,
                rough_altitude: e.low_confidence,
            });
        }
    }
    let hard = hard_descents(e, rules);
    if !hard.is_empty() {
        out.push(Finding::SteepDescents {
            count: hard.len(),
            longest_m: hard.iter().map(|d| d.length_m).fold(0.0, f64::max),
            total_m: hard.iter().map(|d| d.length_m).sum(),
            steepest_grade_pct: hard.iter().map(|d| d.mean_grade_pct).fold(0.0, f64::min),
            warning_total_m: rules.severity.descent_total_m,
            rough_altitude: e.low_confidence,
        });
    }
}

/// The overstride proxies a watch can support ([`crate::coach::rules`]), independent of
/// cadence: descent steps vs flat at the same speed, ground contact time, vertical ratio
/// (each on most of the run); the baseline step-length proxy joins in a folder review.
fn overstride_proxies(r: &Review, rules: &Rules, notes: &mut Vec<DataNote>) -> Vec<Proxy> {
    let f = &rules.floors;
    let mut proxies = Vec::new();
    let Some(s) = &r.stride else { return proxies };
    if let Some(d) = &s.descent_vs_flat {
        if d.step_length_change_pct > f.descent_step_implausible_pct {
            notes.push(DataNote::ImplausibleDescentStep {
                step_length_change_pct: d.step_length_change_pct,
                limit_pct: f.descent_step_implausible_pct,
            });
        } else if d.matched_time_s >= f.descent_matched_s
            && beyond(
                d.step_length_change_pct,
                rules.descent_step_length_pct,
                descent_noise_pct(d),
                rules,
            )
        {
            proxies.push(Proxy {
                name: ProxyKind::DescentStepLengthVsFlatPct,
                value: d.step_length_change_pct,
                limit: rules.descent_step_length_pct,
                noise: descent_noise_pct(d),
            });
        }
    }
    let fast_enough = r
        .cadence
        .as_ref()
        .and_then(CadenceAnalysis::running_speed_mps)
        .is_some_and(|v| v >= f.dynamics_min_speed_mps);
    if let Some(dy) = s.dynamics.as_ref().filter(|_| fast_enough) {
        if let Some(gct) = dy.stance_time_ms.filter(|g| *g > rules.gct_high_ms) {
            if dy.stance_time_coverage_pct >= f.dynamics_coverage_pct {
                proxies.push(Proxy {
                    name: ProxyKind::GroundContactMs,
                    value: gct,
                    limit: rules.gct_high_ms,
                    noise: 0.0,
                });
            }
        }
        if let Some(vr) = dy
            .vertical_ratio_pct
            .filter(|v| *v > rules.vertical_ratio_high_pct)
        {
            if dy.vertical_ratio_coverage_pct >= f.dynamics_coverage_pct {
                proxies.push(Proxy {
                    name: ProxyKind::VerticalRatioPct,
                    value: vr,
                    limit: rules.vertical_ratio_high_pct,
                    noise: 0.0,
                });
            }
        }
    }
    proxies
}

/// A run's comparison with the runner's baseline, and the run-to-run spread of such
/// comparisons over the folder (the noise a single run's difference is judged against).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BaselineJudgement {
    /// This run against the baseline.
    pub cmp: crate::analysis::stride::BaselineComparison,
    /// Standard deviation over the folder's runs of `cadence_diff_pct`, percent.
    pub cadence_noise_pct: f64,
    /// Standard deviation over the folder's runs of `step_length_diff_pct`, percent.
    pub step_length_noise_pct: f64,
}

/// The run-to-run spread of the baseline comparisons (sample standard deviation, statrs);
/// 0 with fewer than two runs.
#[must_use]
pub(crate) fn comparison_noise(cmps: &[crate::analysis::stride::BaselineComparison]) -> (f64, f64) {
    use statrs::statistics::Statistics;
    if cmps.len() < 2 {
        return (0.0, 0.0);
    }
    let sd = |v: Vec<f64>| {
        let s = v.std_dev();
        if s.is_finite() {
            s
        } else {
            0.0
        }
    };
    (
        sd(cmps.iter().map(|c| c.cadence_diff_pct).collect()),
        sd(cmps.iter().map(|c| c.step_length_diff_pct).collect()),
    )
}

/// Add what the runner's baseline shows to a run's findings (a folder review): cadence
/// below the baseline joins the cadence finding with its number (one signal, one finding);
/// steps longer than the baseline are an overstride proxy. Each fires only beyond its
/// limit by more than the folder's run-to-run spread. Skipped for runs that are not
/// coached (they have no findings).
pub(crate) fn apply_baseline(
    findings: &mut Vec<Finding>,
    j: &BaselineJudgement,
    rules: &Rules,
    running_avg_spm: Option<f64>,
) {
    let cmp = &j.cmp;
    // Enough level running at binned speeds to compare, as for the band (a mountain run
    // with a few minutes of flat says little about the runner's habit).
    if cmp.time_s < rules.floors.cadence_running_s {
        return;
    }
    if beyond(
        -cmp.cadence_diff_pct,
        rules.baseline_cadence_drop_pct,
        j.cadence_noise_pct,
        rules,
    ) {
        let vs = VsBaseline {
            diff_pct: cmp.cadence_diff_pct,
            limit_pct: -rules.baseline_cadence_drop_pct,
            noise_pct: j.cadence_noise_pct,
        };
        if let Some(Finding::LowCadence { vs_baseline, .. }) = findings
            .iter_mut()
            .find(|f| matches!(f, Finding::LowCadence { .. }))
        {
            *vs_baseline = Some(vs);
        } else if let Some(avg) = running_avg_spm {
            findings.insert(
                0,
                Finding::LowCadence {
                    share_below_pct: 0.0,
                    band_fired: false,
                    running_avg_spm: avg,
                    target_low_spm: rules.cadence_target_low_spm,
                    warning_below_spm: warning_below_spm(rules),
                    vs_baseline: Some(vs),
                    steep_left_out_s: 0.0,
                    level_grade_pct: rules.steep_grade_pct,
                    median_spm: avg,
                    spread_spm: 0.0,
                    level_time_s: cmp.time_s,
                    strong_evidence: false,
                },
            );
        }
    }
    if beyond(
        cmp.step_length_diff_pct,
        rules.baseline_step_length_pct,
        j.step_length_noise_pct,
        rules,
    ) {
        let p = Proxy {
            name: ProxyKind::StepLengthVsBaselinePct,
            value: cmp.step_length_diff_pct,
            limit: rules.baseline_step_length_pct,
            noise: j.step_length_noise_pct,
        };
        if let Some(Finding::Overstriding { proxies, .. }) = findings
            .iter_mut()
            .find(|f| matches!(f, Finding::Overstriding { .. }))
        {
            // The strongest proxy (see `coach::rules`): listed first.
            proxies.insert(0, p);
        } else {
            let at = findings
                .iter()
                .position(|f| {
                    !matches!(f, Finding::LowCadence { .. } | Finding::CadenceFade { .. })
                })
                .unwrap_or(findings.len());
            findings.insert(
                at,
                Finding::Overstriding {
                    proxies: vec![p],
                    warning_proxies: rules.severity.overstride_proxies,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NotCoached;

    /// Issue 24: a review in place (the standing stretches put into the activity's pauses
    /// and taken out again) is the review of the moving view's copy, and leaves the
    /// activity as it was; runs with and without standing, a pause among them.
    #[test]
    fn a_review_in_place_is_the_review_of_a_copy() {
        use crate::synth::session::{build, Phase, SessionOptions};
        let run = |secs| Phase::Run {
            secs,
            speed: 3.4,
            cadence: 176.0,
        };
        let with_stand = [
            run(700),
            Phase::Stand { secs: 80 },
            Phase::TimerOff { secs: 60 },
            run(500),
        ];
        let without = [run(900), Phase::TimerOff { secs: 60 }, run(400)];
        for (k, phases) in [&with_stand[..], &without[..]].into_iter().enumerate() {
            for seed in 0..4 {
                let o = SessionOptions {
                    recorded_speed: seed % 2 == 0,
                    ..SessionOptions::default()
                };
                let (a, _) = build(phases, &o, seed);
                let rules = super::Rules::default();
                let opts = super::ReviewOptions::new(&rules);
                let copy = super::review_with(&a, &opts);
                let mut b = a.clone();
                let in_place = super::review_with_mut(&mut b, &opts);
                assert_eq!(k == 0, !copy.motion.standing.is_empty(), "seed {seed}");
                assert_eq!(format!("{copy:?}"), format!("{in_place:?}"), "seed {seed}");
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "seed {seed}");
            }
        }
    }

    /// Issue 24: the figures taken from the review's basis of the recording as read (the
    /// row's speed bins, the wire's averages) are those derived from the activity alone.
    #[test]
    fn the_read_basis_gives_what_the_activity_alone_gives() {
        use crate::analysis::basis::Basis;
        use crate::analysis::totals;
        use crate::history::row::SpeedBins;
        use crate::synth::session::{build, Phase, SessionOptions};
        let phases = [
            Phase::Run {
                secs: 900,
                speed: 3.3,
                cadence: 174.0,
            },
            Phase::Stand { secs: 60 },
            Phase::Walk {
                secs: 90,
                speed: 1.4,
                cadence: 112.0,
            },
            Phase::Run {
                secs: 600,
                speed: 3.8,
                cadence: 180.0,
            },
        ];
        for seed in 0..6 {
            let o = SessionOptions {
                recorded_speed: seed % 2 == 0,
                ..SessionOptions::default()
            };
            let (a, _) = build(&phases, &o, seed);
            let r = super::review(&a, &super::Rules::default());
            assert_eq!(r.read_basis, Basis::of(&a));
            let gaits = r.cadence.as_ref().map_or(&[][..], |c| c.gaits.as_slice());
            assert_eq!(r.row("x", &a).bins, SpeedBins::of(&a, gaits, &r.grades));
            assert_eq!(
                totals::averages_with(&a, &r.basis_of(&a).weights),
                totals::averages(&a)
            );
        }
    }

    /// Issue 25, item 8: said by the floor that decided, never "0.00 km in 57:00 moving".
    #[test]
    fn too_short_says_which_floor_decided() {
        let m = |distance_m: f64, moving_s: f64| {
            NotCoached::TooShort {
                distance_m,
                moving_s,
                floor_distance_m: 1000.0,
                floor_moving_s: 300.0,
            }
            .message()
            .to_string()
        };
        assert_eq!(
            m(0.0, 3420.0),
            "no distance recorded in 57:00 moving: coaching needs at least 1.00 km"
        );
        assert_eq!(
            m(450.0, 3420.0),
            "too short to coach: 0.45 km in 57:00 moving, under the 1.00 km floor"
        );
        assert_eq!(
            m(2000.0, 120.0),
            "too short to coach: 2:00 moving, under the 5:00 floor"
        );
        assert_eq!(
            m(12.0, 0.0),
            "too short to coach: 0.01 km, under the 1.00 km floor"
        );
    }
}
