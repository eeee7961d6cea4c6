//! What kind of session a recording is, decided once before any coaching
//! (DOMAIN.md "Before coaching: what kind of session, which signals").
//!
//! A finding about a runner's form is only as good as the session it reads: the
//! recoveries of an interval session are not fatigue, walk breaks are not a slow cadence,
//! a ride is not a run. So the review decides the kind first, with the evidence for it, and
//! every finding says which kinds it applies to (`coach::warning::Finding::applies_to`).
//!
//! # Gait of the moving time
//! Standing is already out (it counts as a pause, [`crate::analysis::motion`]). A moving
//! sample with a cadence reading takes the gait of the cadence module's classification
//! (running at or above 140 steps/min, walking below it unless the stretch moves faster
//! than any walk, see `CadenceParams::walk_max_speed_mps`). Without cadence the speed
//! decides: below [`WALK_RUN_TRANSITION_MPS`] is walking.
//!
//! # The kinds, in the order they are tested
//! 1. **Route**: positions without times.
//! 2. **Not a run** ([`NonRun`]): a median (or mean) moving speed past [`RIDE_MEDIAN_MPS`]
//!    with no running cadence (stops pull a ride's *average* down, not its speed while
//!    moving; descents pull a ride's moving mean above its median),
//!    or a running speed faster than the world record for the distance
//!    ([`record_speed_mps`]).
//! 3. **Walk** (walking with some running): walking is more than half the moving time.
//!    Reviewed as a walk, not coached as a run.
//! 4. **Structured**: the device's laps say so (laps of more than one intensity, among
//!    them `rest`, `recovery`, `interval`, `warmup` or `cooldown`), or the running speed
//!    alternates between fast and slow blocks (`speed_blocks`).
//! 5. **Run/walk**: a regular run/walk pattern (the cadence analysis's), or walking at
//!    least [`RUN_WALK_MIN_WALK_SHARE_PCT`] of the moving time. Without cadence, a walk is
//!    a stretch below the transition speed of at least [`MIN_WALK_BY_SPEED_S`].
//! 6. **Treadmill**: the file says so.
//! 7. **Steady run**: everything else.

use crate::analysis::cadence::{CadenceAnalysis, Gait};
use crate::analysis::gap::{speed_factor, GapModel};
use crate::model::{Activity, LapIntensity};

/// Adults change from walking to running near 2.0 m/s (Hreljac 1993, J Biomech 26:1183;
/// Diedrich & Warren 1995): without a cadence reading, slower moving is walking.
pub const WALK_RUN_TRANSITION_MPS: f64 = 2.0;

/// A session whose median moving speed is above this, with no running cadence, is not a
/// run, m/s (5.0 = 3:20/km or 18 km/h: faster than a marathon at 2:20, a pace held for a
/// whole session only by elite runners, and an ordinary cycling speed).
pub const RIDE_MEDIAN_MPS: f64 = 5.0;

/// Share of the moving time spent walking from which a run is a run/walk, percent (5, our
/// choice: a walk of a few minutes in an hour moves the halves' pace by several percent,
/// as much as the drift limit).
pub const RUN_WALK_MIN_WALK_SHARE_PCT: f64 = 5.0;

/// Contrast between the fast and the slow blocks of a structured session, as a ratio of
/// their mean grade-adjusted speeds (1.2, our choice: intervals and their recoveries
/// differ by 30–60%; a steady run's 30 s mean speed varies by a few percent, so 20% is
/// several times that spread).
pub(crate) const STRUCTURE_MIN_CONTRAST: f64 = 1.2;

/// Fewest fast blocks for a repeating pattern (3, our choice: two could be a hill and a
/// finish).
pub(crate) const STRUCTURE_MIN_REPEATS: usize = 3;

/// Shortest block of the speed pattern, s (20, our choice: a 100 m stride-out is about
/// 20 s; shorter swings are traffic and turns).
pub(crate) const STRUCTURE_MIN_BLOCK_S: f64 = 20.0;

/// Width of the centred rolling mean of speed the blocks are found on, s (15, our choice:
/// a 1 Hz GPS speed's noise of a few tenths of a m/s falls to about 0.1 m/s, while a
/// one-minute rep keeps most of its plateau).
pub(crate) const STRUCTURE_SMOOTH_S: f64 = 15.0;

/// Least share of the speed variance that the fast/slow split must explain (Otsu's
/// between-class variance ÷ total variance), 0.8. A single normal distribution split at
/// its best threshold gives 2/π ≈ 0.64 whatever its width, so a steady run's spread,
/// however wide, never reaches it; two groups give ≥ 0.8 once their means are about
/// four of their own standard deviations apart (for equal shares: η = (d²/4)/(1 + d²/4)).
pub(crate) const STRUCTURE_MIN_SEPARATION: f64 = 0.8;

/// Men's outdoor world records (World Athletics, as of 2024), distance m and time s:
/// 400 m 43.03, 800 m 1:40.91, 1500 m 3:26.00, 5000 m 12:35.36, 10,000 m 26:11.00,
/// half marathon 57:30, marathon 2:00:35. No run is faster over its distance.
const RECORDS: [(f64, f64); 7] = [
    (400.0, 43.03),
    (800.0, 100.91),
    (1_500.0, 206.0),
    (5_000.0, 755.36),
    (10_000.0, 1_571.0),
    (21_097.5, 3_450.0),
    (42_195.0, 7_235.0),
];

/// The world-record speed for a distance, m/s: interpolated linearly in log distance
/// between the records; the 400 m speed below 400 m, the marathon's beyond it.
#[must_use]
pub fn record_speed_mps(distance_m: f64) -> f64 {
    let speed = |(d, t): (f64, f64)| d / t;
    if distance_m.is_nan() || distance_m <= RECORDS[0].0 {
        return speed(RECORDS[0]);
    }
    for w in RECORDS.windows(2) {
        let (a, b) = (w[0], w[1]);
        if distance_m <= b.0 {
            let f = (distance_m.ln() - a.0.ln()) / (b.0.ln() - a.0.ln());
            return speed(a) + f * (speed(b) - speed(a));
        }
    }
    speed(RECORDS[RECORDS.len() - 1])
}

/// The kind of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    /// A continuous run at a roughly even effort.
    SteadyRun,
    /// Intervals, a ladder, reps, a warm-up and a cool-down around a block.
    Structured,
    /// Running with regular or repeated walk breaks.
    RunWalk,
    /// Walking most of the moving time, with some running.
    Walk,
    /// A run on a treadmill.
    Treadmill,
    /// Not a run: a ride, a drive, a GPS error (see [`NonRun`]).
    NotARun,
    /// A planned route: positions without times.
    Route,
}

impl SessionKind {
    /// Stable code used in JSON and tables.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SteadyRun => "steady_run",
            Self::Structured => "structured",
            Self::RunWalk => "run_walk",
            Self::Walk => "walk",
            Self::Treadmill => "treadmill",
            Self::NotARun => "not_a_run",
            Self::Route => "route",
        }
    }

    /// In plain words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::SteadyRun => "steady run",
            Self::Structured => "structured session",
            Self::RunWalk => "run/walk",
            Self::Walk => "walk with some running",
            Self::Treadmill => "treadmill run",
            Self::NotARun => "not a run",
            Self::Route => "planned route",
        }
    }

    /// A run to coach: a steady run, a structured session, a run/walk or a treadmill run.
    #[must_use]
    pub(crate) fn is_run(self) -> bool {
        matches!(
            self,
            Self::SteadyRun | Self::Structured | Self::RunWalk | Self::Treadmill
        )
    }

    /// Whole-run comparisons (pace drift, decoupling, cadence fade) mean something: the
    /// effort was meant to be even.
    #[must_use]
    pub(crate) fn is_even_effort(self) -> bool {
        matches!(self, Self::SteadyRun | Self::Treadmill)
    }
}

/// Why a session is not a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NonRun {
    /// Moving speed past [`RIDE_MEDIAN_MPS`] without a running cadence.
    RideSpeed {
        /// Median (or, when higher, mean) moving speed, m/s.
        median_mps: f64,
        /// Share of the moving time above the limit, percent.
        share_above_pct: f64,
        /// The limit that decided it, m/s (the rules' `floors.ride_min_speed_mps`).
        limit_mps: f64,
    },
    /// Faster than the world record over the distance.
    FasterThanRecord {
        /// Running speed over the moving time, m/s.
        speed_mps: f64,
        /// The record's speed at this distance, m/s.
        record_mps: f64,
        /// Distance, m.
        distance_m: f64,
    },
}

/// What made a session structured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StructureSource {
    /// The device's laps carry workout intensities.
    Laps {
        /// Laps marked rest, recovery or interval.
        work_rest_laps: usize,
        /// Laps marked warm-up or cool-down.
        warmup_cooldown_laps: usize,
    },
    /// The speed alternates between fast and slow blocks.
    Speed {
        /// Fast blocks.
        fast_blocks: usize,
        /// Mean grade-adjusted speed of the fast blocks, m/s.
        fast_mps: f64,
        /// ... and of the slow blocks, m/s.
        slow_mps: f64,
    },
}

/// The session's kind and the evidence for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// The kind.
    pub kind: SessionKind,
    /// Running time, s.
    pub running_s: f64,
    /// Walking time, s.
    pub walking_s: f64,
    /// Median speed over the moving time (time-weighted), m/s.
    pub median_moving_mps: Option<f64>,
    /// Why it is not a run, for [`SessionKind::NotARun`].
    pub non_run: Option<NonRun>,
    /// What made it structured, for [`SessionKind::Structured`].
    pub structure: Option<StructureSource>,
    /// Walk breaks (from the cadence analysis).
    pub walk_breaks: usize,
}

impl Session {
    /// Walking share of the moving time, percent.
    #[must_use]
    pub fn walking_share_pct(&self) -> f64 {
        let m = self.running_s + self.walking_s;
        if m > 0.0 {
            100.0 * self.walking_s / m
        } else {
            0.0
        }
    }
}

/// Inputs of [`classify`] computed elsewhere in the review.
pub struct Inputs<'a> {
    /// The activity as moving time sees it (standing as pauses).
    pub activity: &'a Activity,
    /// Speed of every sample ([`crate::analysis::cadence::sample_speeds`]).
    pub speeds: &'a [Option<f64>],
    /// Weight of every sample ([`crate::analysis::totals::sample_weights`]).
    pub weights: &'a [f64],
    /// Grade of every sample (fraction).
    pub grades: &'a [Option<f64>],
    /// The cadence analysis, when the file has cadence.
    pub cadence: Option<&'a CadenceAnalysis>,
    /// Distance, m.
    pub distance_m: Option<f64>,
    /// Median moving speed above which a session without running cadence is not a run,
    /// m/s ([`RIDE_MEDIAN_MPS`] by default; the rules' `floors.ride_min_speed_mps`).
    pub ride_median_mps: f64,
    /// The user said it is a run (`--sport running`): never "not a run" by speed.
    pub as_running: bool,
}

/// Decide the kind of a session (see the module docs).
#[must_use]
pub fn classify(i: &Inputs<'_>) -> Session {
    let a = i.activity;
    let w = i.weights;
    let n = a.samples.len();
    // Gait per sample: Some(true) running, Some(false) walking, None standing/unknown.
    // Whether a sample's gait comes from the speed alone (no cadence reading).
    let by_speed: Vec<bool> = (0..n)
        .map(|k| {
            !matches!(
                i.cadence.and_then(|c| c.gaits.get(k).copied()),
                Some(Gait::Running | Gait::Walking | Gait::Stopped)
            )
        })
        .collect();
    let mut gaits: Vec<Option<bool>> = (0..n)
        .map(|k| {
            let g = i.cadence.and_then(|c| c.gaits.get(k).copied());
            match g {
                Some(Gait::Running) => Some(true),
                Some(Gait::Walking) => Some(false),
                Some(Gait::Stopped) => None,
                _ => i.speeds[k].and_then(|v| (v >= 0.3).then_some(v >= WALK_RUN_TRANSITION_MPS)),
            }
        })
        .collect();
    // Without cadence a walk is a stretch slower than the transition speed that lasts
    // [`MIN_WALK_BY_SPEED_S`]: a corner, a slow GPS fix or a steep step is not a walk.
    let speed_walks = speed_walk_breaks(&mut gaits, &by_speed, w);
    let (mut running_s, mut walking_s) = (0.0, 0.0);
    let mut moving_speeds = Vec::with_capacity(n);
    for k in 0..n {
        match gaits[k] {
            Some(true) => running_s += w[k],
            Some(false) => walking_s += w[k],
            None => continue,
        }
        if let Some(v) = i.speeds[k] {
            moving_speeds.push((v, w[k]));
        }
    }
    let median_moving_mps = SpeedHistogram::of(moving_speeds.iter().copied()).median();
    let walk_breaks = i.cadence.map_or(0, |c| c.walk_break_count) + speed_walks;
    let mut s = Session {
        kind: SessionKind::SteadyRun,
        running_s,
        walking_s,
        median_moving_mps,
        non_run: None,
        structure: None,
        walk_breaks,
    };
    if a.is_route() {
        s.kind = SessionKind::Route;
        return s;
    }
    let running_cadence = i
        .cadence
        .is_some_and(|c| c.running_time_s > c.walking_time_s && c.running_time_s > 0.0);
    if !i.as_running {
        // The median or the mean of the moving speed: a ride's speed is skewed by its
        // descents (its mean above its median), a run's is not.
        let mean_moving = {
            let t: f64 = moving_speeds.iter().map(|(_, w)| w).sum();
            (t > 0.0).then(|| moving_speeds.iter().map(|(v, w)| v * w).sum::<f64>() / t)
        };
        let center = match (median_moving_mps, mean_moving) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if let Some(m) = center.filter(|m| *m > i.ride_median_mps && !running_cadence) {
            let total: f64 = moving_speeds.iter().map(|(_, w)| w).sum();
            let above: f64 = moving_speeds
                .iter()
                .filter(|(v, _)| *v > i.ride_median_mps)
                .map(|(_, w)| w)
                .sum();
            s.kind = SessionKind::NotARun;
            s.non_run = Some(NonRun::RideSpeed {
                median_mps: m,
                limit_mps: i.ride_median_mps,
                share_above_pct: if total > 0.0 {
                    100.0 * above / total
                } else {
                    0.0
                },
            });
            return s;
        }
        let moving = running_s + walking_s;
        if let Some(d) = i.distance_m.filter(|d| *d >= RECORDS[0].0 && moving > 0.0) {
            let v = d / moving;
            let record = record_speed_mps(d);
            if v > record {
                s.kind = SessionKind::NotARun;
                s.non_run = Some(NonRun::FasterThanRecord {
                    speed_mps: v,
                    record_mps: record,
                    distance_m: d,
                });
                return s;
            }
        }
    }
    if s.walking_share_pct() > 50.0 {
        s.kind = SessionKind::Walk;
        return s;
    }
    if let Some(st) = lap_structure(a).or_else(|| speed_blocks(a, i.speeds, i.grades, &gaits, w)) {
        s.kind = SessionKind::Structured;
        s.structure = Some(st);
        return s;
    }
    let pattern = i.cadence.is_some_and(|c| c.run_walk.is_some());
    if pattern || s.walking_share_pct() >= RUN_WALK_MIN_WALK_SHARE_PCT {
        s.kind = SessionKind::RunWalk;
        return s;
    }
    if a.is_treadmill() {
        s.kind = SessionKind::Treadmill;
    }
    s
}

/// Shortest stretch of walking found by speed alone (no cadence), s (10: the cadence
/// analysis's shortest walk break, `CadenceParams::min_walk_break_s`).
pub const MIN_WALK_BY_SPEED_S: f64 = 10.0;

/// Stretches of walking found by speed alone shorter than [`MIN_WALK_BY_SPEED_S`] become
/// running; returns how many walk breaks (at least that long) are left.
fn speed_walk_breaks(gaits: &mut [Option<bool>], by_speed: &[bool], w: &[f64]) -> usize {
    let mut breaks = 0;
    let mut k = 0;
    while k < gaits.len() {
        if !(by_speed[k] && gaits[k] == Some(false)) {
            k += 1;
            continue;
        }
        let start = k;
        while k < gaits.len() && by_speed[k] && gaits[k] == Some(false) {
            k += 1;
        }
        let t: f64 = w[start..k].iter().sum();
        if t < MIN_WALK_BY_SPEED_S {
            gaits[start..k].fill(Some(true));
        } else {
            breaks += 1;
        }
    }
    breaks
}

/// Structure from the device's lap intensities (FIT `lap.intensity`, TCX `Intensity`).
fn lap_structure(a: &Activity) -> Option<StructureSource> {
    let count = |f: &dyn Fn(LapIntensity) -> bool| {
        a.laps.iter().filter(|l| l.intensity.is_some_and(f)).count()
    };
    let work_rest = count(&|x| {
        matches!(
            x,
            LapIntensity::Rest | LapIntensity::Recovery | LapIntensity::Interval
        )
    });
    let wc = count(&|x| matches!(x, LapIntensity::Warmup | LapIntensity::Cooldown));
    // Structure is a change of intensity: laps all of one kind say nothing (a Forerunner
    // 310XT marks every lap of a free run `Resting` in its TCX).
    let first = a.laps.iter().find_map(|l| l.intensity);
    let varied = a
        .laps
        .iter()
        .filter_map(|l| l.intensity)
        .any(|x| Some(x) != first);
    (varied && (work_rest > 0 || wc > 0)).then_some(StructureSource::Laps {
        work_rest_laps: work_rest,
        warmup_cooldown_laps: wc,
    })
}

/// A repeating fast/slow pattern of the grade-adjusted speed (see the module docs):
/// the moving samples' speed × the GAP factor of their grade, a centred rolling mean of
/// [`STRUCTURE_SMOOTH_S`], split into fast and slow at the threshold that best separates
/// the two (Otsu's method: the largest between-class variance), maximal blocks on each
/// side of it (shorter than [`STRUCTURE_MIN_BLOCK_S`] joined to their neighbours);
/// structured with at least [`STRUCTURE_MIN_REPEATS`] fast blocks whose mean speed is
/// [`STRUCTURE_MIN_CONTRAST`] times the slow blocks'.
fn speed_blocks(
    a: &Activity,
    speeds: &[Option<f64>],
    grades: &[Option<f64>],
    gaits: &[Option<bool>],
    w: &[f64],
) -> Option<StructureSource> {
    // Running samples with a time and a speed: (t, gap speed, weight). Walking is left
    // out: walk breaks make a run/walk, tested after this.
    let pts: Vec<(f64, f64, f64)> = (0..a.samples.len())
        .filter(|&k| gaits[k] == Some(true) && w[k] > 0.0)
        .filter_map(|k| {
            let v = speeds[k]?;
            let g = grades.get(k).copied().flatten().unwrap_or(0.0);
            Some((
                a.samples[k].t_s?,
                v * speed_factor(GapModel::default(), g),
                w[k],
            ))
        })
        .collect();
    if pts.len() < 10 {
        return None;
    }
    // Centred rolling mean over the moving time (the cumulative weight), two pointers.
    let mut cum = Vec::with_capacity(pts.len() + 1);
    cum.push(0.0);
    for p in &pts {
        cum.push(cum.last().copied().unwrap_or(0.0) + p.2);
    }
    let mut pre = Vec::with_capacity(pts.len() + 1);
    pre.push(0.0);
    for p in &pts {
        pre.push(pre.last().copied().unwrap_or(0.0) + p.1 * p.2);
    }
    let half = STRUCTURE_SMOOTH_S / 2.0;
    let (mut lo, mut hi) = (0usize, 0usize);
    let mut smooth = Vec::with_capacity(pts.len());
    for k in 0..pts.len() {
        let mid = cum[k] + pts[k].2 / 2.0;
        while cum[lo + 1] < mid - half {
            lo += 1;
        }
        hi = hi.max(k);
        while hi + 1 < pts.len() && cum[hi + 1] <= mid + half {
            hi += 1;
        }
        let tw = cum[hi + 1] - cum[lo];
        smooth.push(if tw > 0.0 {
            (pre[hi + 1] - pre[lo]) / tw
        } else {
            pts[k].1
        });
    }
    let (threshold, separation) = otsu(&smooth, &pts.iter().map(|p| p.2).collect::<Vec<_>>())?;
    if separation < STRUCTURE_MIN_SEPARATION {
        return None;
    }
    // Blocks: (fast, weight, weighted speed sum).
    let mut blocks: Vec<(bool, f64, f64)> = Vec::new();
    for (k, v) in smooth.iter().enumerate() {
        let fast = *v > threshold;
        let (wk, vk) = (pts[k].2, pts[k].1);
        match blocks.last_mut() {
            Some(b) if b.0 == fast => {
                b.1 += wk;
                b.2 += wk * vk;
            }
            _ => blocks.push((fast, wk, wk * vk)),
        }
    }
    // Short blocks join their neighbours (repeatedly, shortest first would be costlier:
    // one pass folding each short block into the previous one, then merging equals).
    let mut merged: Vec<(bool, f64, f64)> = Vec::new();
    for b in blocks {
        match merged.last_mut() {
            Some(last) if b.1 < STRUCTURE_MIN_BLOCK_S || last.0 == b.0 => {
                last.1 += b.1;
                last.2 += b.2;
            }
            _ => merged.push(b),
        }
    }
    let mut joined: Vec<(bool, f64, f64)> = Vec::new();
    for b in merged {
        match joined.last_mut() {
            Some(last) if last.0 == b.0 => {
                last.1 += b.1;
                last.2 += b.2;
            }
            _ => joined.push(b),
        }
    }
    let fast: Vec<_> = joined.iter().filter(|b| b.0).collect();
    let slow: Vec<_> = joined.iter().filter(|b| !b.0).collect();
    let mean = |v: &[&(bool, f64, f64)]| {
        let t: f64 = v.iter().map(|b| b.1).sum();
        (t > 0.0).then(|| v.iter().map(|b| b.2).sum::<f64>() / t)
    };
    let (fast_mps, slow_mps) = (mean(&fast)?, mean(&slow)?);
    (fast.len() >= STRUCTURE_MIN_REPEATS
        && slow.len() + 1 >= fast.len()
        && slow_mps > 0.0
        && fast_mps / slow_mps >= STRUCTURE_MIN_CONTRAST)
        .then_some(StructureSource::Speed {
            fast_blocks: fast.len(),
            fast_mps,
            slow_mps,
        })
}

/// Width of the bins of [`SpeedHistogram`], m/s (0.01: far below any speed difference the
/// kind depends on).
const BIN_MPS: f64 = 0.01;

/// Bins of [`SpeedHistogram`] (0 to 20 m/s; faster values land in the last bin, beyond any
/// run's speed, so no decision changes).
const BINS: usize = 2_000;

/// Time-weighted speeds in fine bins: the median and Otsu's split in one pass over the
/// samples and one over the bins, where sorting would cost n log n per session. Each bin
/// keeps its exact weighted sums, so means and variances are exact; only positions are
/// resolved to [`BIN_MPS`].
struct SpeedHistogram {
    w: Vec<f64>,
    s: Vec<f64>,
    ss: f64,
}

impl SpeedHistogram {
    fn of(values: impl IntoIterator<Item = (f64, f64)>) -> Self {
        let mut h = Self {
            w: vec![0.0; BINS],
            s: vec![0.0; BINS],
            ss: 0.0,
        };
        for (x, w) in values {
            if !(x.is_finite() && w.is_finite() && w > 0.0) {
                continue;
            }
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let k = ((x.max(0.0) / BIN_MPS) as usize).min(BINS - 1);
            h.w[k] += w;
            h.s[k] += w * x;
            h.ss += w * x * x;
        }
        h
    }

    /// The weighted median, to a bin: the mean of the bin where half the weight is reached.
    fn median(&self) -> Option<f64> {
        let total: f64 = self.w.iter().sum();
        if total <= 0.0 {
            return None;
        }
        let mut cum = 0.0;
        for k in 0..BINS {
            cum += self.w[k];
            if cum >= 0.5 * total && self.w[k] > 0.0 {
                return Some(self.s[k] / self.w[k]);
            }
        }
        None
    }

    /// Otsu's split: the bin edge between two classes that maximises the between-class
    /// variance, and the share of the total variance that split explains (0..1). `None`
    /// with fewer than two occupied bins.
    fn otsu(&self) -> Option<(f64, f64)> {
        let total_w: f64 = self.w.iter().sum();
        let total_s: f64 = self.s.iter().sum();
        if total_w <= 0.0 {
            return None;
        }
        let total_var = self.ss / total_w - (total_s / total_w).powi(2);
        let (mut w0, mut s0) = (0.0, 0.0);
        let mut best: Option<(f64, f64)> = None;
        for k in 0..BINS - 1 {
            if self.w[k] <= 0.0 {
                continue;
            }
            w0 += self.w[k];
            s0 += self.s[k];
            let w1 = total_w - w0;
            if w1 <= 0.0 {
                break;
            }
            let (m0, m1) = (s0 / w0, (total_s - s0) / w1);
            // Between-class variance × total weight²: w0·w1·(m0 − m1)².
            let between = w0 * w1 * (m0 - m1).powi(2);
            if best.is_none_or(|(b, _)| between > b) {
                let edge = (k + 1) as f64 * BIN_MPS;
                best = Some((between, edge));
            }
        }
        best.filter(|_| total_var > 0.0)
            .map(|(b, t)| (t, (b / (total_w * total_w) / total_var).clamp(0.0, 1.0)))
    }
}

/// Otsu's threshold of weighted values (see [`SpeedHistogram::otsu`]).
fn otsu(values: &[f64], weights: &[f64]) -> Option<(f64, f64)> {
    SpeedHistogram::of(values.iter().copied().zip(weights.iter().copied())).otsu()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_speeds_match_the_records_and_fall_with_distance() {
        assert!((record_speed_mps(10_000.0) - 10_000.0 / 1_571.0).abs() < 1e-12);
        assert!((record_speed_mps(42_195.0) - 42_195.0 / 7_235.0).abs() < 1e-12);
        assert!(record_speed_mps(100.0) > record_speed_mps(5_000.0));
        assert!(record_speed_mps(7_000.0) < record_speed_mps(5_000.0));
        assert!(record_speed_mps(7_000.0) > record_speed_mps(10_000.0));
        // 2:27/km over 10 km is faster than any human.
        assert!(1000.0 / 147.0 > record_speed_mps(10_000.0));
    }

    #[test]
    fn laps_of_one_intensity_say_nothing_and_mixed_ones_say_structured() {
        use crate::model::{Format, Lap};
        let laps = |kinds: &[LapIntensity]| {
            let mut a = Activity::new(Format::Tcx);
            a.laps = kinds
                .iter()
                .enumerate()
                .map(|(k, x)| Lap {
                    start_s: 300.0 * k as f64,
                    timer_s: Some(300.0),
                    distance_m: Some(1000.0),
                    intensity: Some(*x),
                })
                .collect();
            lap_structure(&a)
        };
        use LapIntensity::{Active, Cooldown, Interval, Recovery, Rest, Warmup};
        // A Forerunner 310XT marks every lap of a free run `Resting`.
        assert_eq!(laps(&[Rest; 5]), None);
        assert_eq!(laps(&[Active; 5]), None);
        assert_eq!(
            laps(&[Warmup, Interval, Recovery, Interval, Recovery, Cooldown]),
            Some(StructureSource::Laps {
                work_rest_laps: 4,
                warmup_cooldown_laps: 2
            })
        );
        assert_eq!(
            laps(&[Warmup, Active, Active]),
            Some(StructureSource::Laps {
                work_rest_laps: 0,
                warmup_cooldown_laps: 1
            })
        );
    }

    #[test]
    fn otsu_splits_two_clusters_between_them() {
        let v = [2.0, 2.1, 1.9, 4.0, 4.1, 3.9];
        let (t, eta) = otsu(&v, &[1.0; 6]).expect("threshold");
        assert!(t > 2.1 && t < 3.9, "{t}");
        assert!(eta > 0.95, "{eta}");
        // One normal group split at its best: 2/π of the variance, whatever its width.
        let mut rng = 12345_u64;
        let normal: Vec<f64> = (0..20_000)
            .map(|_| {
                let mut u = || {
                    rng = rng
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((rng >> 11) as f64 + 0.5) / (1u64 << 53) as f64
                };
                let (a, b) = (u(), u());
                3.0 + 0.4 * (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
            })
            .collect();
        let (_, eta) = otsu(&normal, &vec![1.0; normal.len()]).expect("threshold");
        assert!((eta - 2.0 / std::f64::consts::PI).abs() < 0.02, "{eta}");
    }
}
