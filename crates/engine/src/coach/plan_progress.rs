//! What a plan's progress is made of (`--plan plan.json` with a later folder review): each
//! plan week's cadence at easy pace against its target, where the newest measured week
//! stands, and the pain and the kind of runs during the plan against before it. Numbers
//! and enums only: `plan::progress` computes them from the plan and the review's rows, the
//! folder report words and draws them (`report::folder::plan_section`). The method, with
//! its sources, is in `plan::progress`'s docs.

use crate::coach::warning::Severity;
use crate::history::row::RunRow;
use chrono::NaiveDate;

/// Days before the plan's first Monday whose pain is the "before" (14: the plan's own
/// look-back for sore days).
pub const PAIN_BEFORE_DAYS: u64 = 14;
/// Which way the logged pain went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PainTrend {
    /// At least 30% lower.
    Falling,
    /// Within 30%.
    Level,
    /// At least 30% higher.
    Rising,
}

/// Pain and the kind of runs during the plan against before it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanChanges {
    /// Mean pain in the days before the plan; `None` without a logged day there.
    pub pain_before: Option<f64>,
    /// Each plan week: (week, mean pain; `None` without a logged day).
    pub pain_weeks: Vec<(usize, Option<f64>)>,
    /// The newest plan week with pain against before; `None` without both.
    pub pain_trend: Option<PainTrend>,
    /// Shares of the recent runs when the plan was made.
    pub shares_before: Shares,
    /// Shares of the runs in the plan weeks.
    pub shares_during: Shares,
    /// Runs in the plan weeks.
    pub runs_during: usize,
}

/// One plan week against the runs.
#[derive(Clone, Debug, PartialEq)]
pub struct WeekProgress {
    /// 1-based plan week.
    pub week: usize,
    /// Its Monday.
    pub monday: NaiveDate,
    /// The plan's target, steps/min.
    pub target_spm: f64,
    /// Measured cadence at easy pace, steps/min; `None` without enough running.
    pub cadence_spm: Option<f64>,
    /// Runs in the week.
    pub runs: usize,
}

/// The newest measured plan week against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Below the target by more than the tolerance.
    Behind,
    /// Within the tolerance.
    OnTrack,
    /// Above the target by more than the tolerance.
    Ahead,
}

impl Standing {
    /// The stable code (`plan_behind`, `plan_on_track`, `plan_ahead`).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Behind => "plan_behind",
            Self::OnTrack => "plan_on_track",
            Self::Ahead => "plan_ahead",
        }
    }

    /// Caution when behind (stay on the step), info otherwise.
    #[must_use]
    pub fn severity(self) -> Severity {
        match self {
            Self::Behind => Severity::Caution,
            Self::OnTrack | Self::Ahead => Severity::Info,
        }
    }
}

/// The newest measured plan week, its cadence and target, and where it stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlanStanding {
    /// 1-based plan week.
    pub week: usize,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Measured cadence at easy pace, steps/min.
    pub cadence_spm: f64,
    /// The plan's target, steps/min.
    pub target_spm: f64,
    /// Behind or ahead beyond this, steps/min.
    pub tolerance_spm: f64,
    /// Where it stands.
    pub standing: Standing,
}

/// Where the newest measured plan week stands against its target: behind, on track or
/// ahead beyond ±`tolerance_spm` (the watch band's half-width). `None` before any plan
/// week has a measurement.
#[must_use]
pub fn standing(p: &[WeekProgress], tolerance_spm: f64) -> Option<PlanStanding> {
    let w = p.iter().rev().find(|w| w.cadence_spm.is_some())?;
    let cadence_spm = w.cadence_spm?;
    let diff = cadence_spm - w.target_spm;
    Some(PlanStanding {
        week: w.week,
        monday: w.monday,
        cadence_spm,
        target_spm: w.target_spm,
        tolerance_spm,
        standing: if diff < -tolerance_spm {
            Standing::Behind
        } else if diff > tolerance_spm {
            Standing::Ahead
        } else {
            Standing::OnTrack
        },
    })
}

/// Share of the recent runs (percent) that were hilly, long, fast or structured: where the
/// plan starts, and what a later review with `--plan` compares with.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Shares {
    /// Hilly runs, percent of the runs with elevation figures.
    pub hilly_pct: Option<f64>,
    /// Long runs, percent.
    pub long_pct: Option<f64>,
    /// Fast or structured runs, percent.
    pub fast_pct: Option<f64>,
}

impl Shares {
    /// The shares of `rows` (traits as in [`crate::coach::pain_pattern`]).
    #[must_use]
    pub fn of(rows: &[RunRow], easy_speed_mps: Option<f64>) -> Self {
        use crate::coach::folder::RunTrait;
        let p = crate::coach::pain_pattern::PatternParams::default();
        let t = crate::coach::pain_pattern::traits(
            rows,
            &std::collections::BTreeMap::new(),
            easy_speed_mps,
            &p,
        );
        let share = |tr: RunTrait| {
            let known: Vec<bool> = t.iter().filter_map(|x| x.has(tr)).collect();
            (!known.is_empty())
                .then(|| 100.0 * known.iter().filter(|&&b| b).count() as f64 / known.len() as f64)
        };
        Self {
            hilly_pct: share(RunTrait::Hilly),
            long_pct: share(RunTrait::Long),
            fast_pct: share(RunTrait::FastOrStructured),
        }
    }
}
