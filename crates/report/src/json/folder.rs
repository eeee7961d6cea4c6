//! `summary.json` on the wire: the document of a folder review, its runs the same
//! [`super::Run`] objects as `analyze --json` gives, plus the folder's own blocks (trends,
//! baseline, focus, findings, what was left out), each a type of its own built from the
//! history and coach types by a plain `from` function.

use super::{FileError, Warning};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use stridewise_engine::coach::focus::FolderFocus;
use stridewise_engine::coach::warning::Advice;
use stridewise_engine::history::baseline::PersonalBaseline;
use stridewise_engine::history::trends;
use stridewise_engine::pipeline::{Duplicate as PipelineDuplicate, Route as PipelineRoute};

/// `summary.json`: the JSON contract (schema_version, runs, errors) plus the folder's
/// trends, baseline, pain-log findings, duplicates and skipped files.
#[derive(Serialize)]
pub struct Summary<'a> {
    /// [`super::SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `stridewise VERSION`.
    pub generator: String,
    /// One entry per run kept, sorted by start time.
    pub runs: Vec<super::RunEntry<'a>>,
    /// Files that could not be read.
    pub errors: Vec<FileError>,
    /// Files found twice.
    pub duplicates: Vec<Duplicate>,
    /// Sessions that are not runs (`{path, sport}`), and recordings not coached with
    /// the reason (`{path, sport, code, reason}`: `too_short`, `likely_ride`).
    pub skipped: Vec<Skipped>,
    /// Planned routes (positions without times): never in `runs`, `runs.csv` or weekly
    /// volume.
    pub routes: Vec<Route>,
    /// What to work on first across the folder: at most three codes with the number of
    /// runs (and folder findings) that have them, ranked (cadence and overstriding, then
    /// hills, then volume, then drift).
    pub focus: Vec<Focus>,
    /// Valid files that hold no activity (monitoring, settings, waypoints only):
    /// `{path, reason}`.
    pub not_activities: Vec<NotActivity>,
    /// Number of files discovered.
    pub files: usize,
    /// Weekly volume, cadence, hills, drift over time.
    pub trends: Trends,
    /// The personal cadence and step-length baseline, null without enough running.
    pub baseline: Option<Baseline>,
    /// Weekly-volume and pain-log findings (pain ones only with `--pain-log`).
    pub findings: Vec<Warning>,
    /// What kind of run the logged pain follows (only with `--pain-log`; absent without).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pain_pattern: Option<PainPattern>,
}

/// `summary.json` `pain_pattern`: the counts and tests behind the `pain_follows` finding
/// (method: `docs/pain-pattern.md`).
#[derive(Serialize)]
pub struct PainPattern {
    /// The finding's code: `pain_follows`, `pain_follows_no_kind` or
    /// `pain_pattern_too_few_days`.
    pub code: &'static str,
    /// The finding in plain words.
    pub message: String,
    /// Runs with a pain-log entry on one of the two days after them.
    pub runs: usize,
    /// Sore days logged over the runs' dates.
    pub sore_days: usize,
    /// Of `runs`, those a sore day followed (null when too few days).
    pub runs_followed_by_pain: Option<usize>,
    /// `min_runs` and `min_sore_days`: below either, nothing is compared.
    pub min_runs: usize,
    /// See `min_runs`.
    pub min_sore_days: usize,
    /// The traits named (`hilly`, `fast`, `long`, `off_balance`); empty when none stands
    /// out.
    pub named: Vec<&'static str>,
    /// One per trait (empty when too few days).
    pub comparisons: Vec<TraitComparison>,
}

/// One trait's 2 × 2 table and test.
#[derive(Serialize)]
pub struct TraitComparison {
    /// `hilly`, `fast` (fast or structured), `long`, `off_balance`.
    pub run_trait: &'static str,
    /// Runs with the trait, and of them those pain followed.
    pub runs: usize,
    /// See `runs`.
    pub with_pain: usize,
    /// Runs without the trait, and of them those pain followed.
    pub other_runs: usize,
    /// See `other_runs`.
    pub other_with_pain: usize,
    /// One-sided Fisher's exact p-value (4 decimals); null when a side has fewer than 3
    /// runs and no test was made.
    pub p_value: Option<f64>,
    /// The p-value after Holm's correction over the traits tested (4 decimals).
    pub p_holm: Option<f64>,
    /// Pain followed runs with the trait more often, with `p_holm` below 0.05.
    pub named: bool,
}

impl PainPattern {
    /// The wire form of a pain-pattern finding.
    #[must_use]
    pub fn from(f: &stridewise_engine::coach::folder::PainPatternFinding) -> Self {
        use stridewise_engine::coach::folder::PainPatternFinding as F;
        let r4 = |x: Option<f64>| x.map(|v| stridewise_engine::units::round(v, 4));
        let p = stridewise_engine::coach::pain_pattern::PatternParams::default();
        let (runs, sore_days, followed, comparisons) = match f {
            F::TooFewDays {
                runs, sore_days, ..
            } => (*runs, *sore_days, None, Vec::new()),
            F::Pattern {
                runs,
                followed,
                sore_days,
                comparisons,
                ..
            } => (
                *runs,
                *sore_days,
                Some(*followed),
                comparisons
                    .iter()
                    .map(|c| TraitComparison {
                        run_trait: c.run_trait.as_str(),
                        runs: c.with_runs,
                        with_pain: c.with_pain,
                        other_runs: c.without_runs,
                        other_with_pain: c.without_pain,
                        p_value: r4(c.p_value),
                        p_holm: r4(c.p_holm),
                        named: c.named,
                    })
                    .collect(),
            ),
        };
        let (min_runs, min_sore_days) = match f {
            F::TooFewDays {
                min_runs,
                min_sore_days,
                ..
            } => (*min_runs, *min_sore_days),
            F::Pattern { .. } => (p.min_runs, p.min_sore_days),
        };
        Self {
            code: f.code().as_str(),
            // Counts and p-values only: no quantity for the units to word.
            message: f.message().to_string(),
            runs,
            sore_days,
            runs_followed_by_pain: followed,
            min_runs,
            min_sore_days,
            named: f.named().iter().map(|t| t.as_str()).collect(),
            comparisons,
        }
    }
}

/// A session left out because it is not a run.
#[derive(Serialize)]
pub struct Skipped {
    /// Path as shown.
    pub path: String,
    /// Its sport (or Strava activity type).
    pub sport: String,
    /// Why a run is not coached (`too_short`, `likely_ride`); absent for other sports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The reason in words; absent for other sports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A file left out because it holds no activity.
#[derive(Serialize)]
pub struct NotActivity {
    /// Path as shown.
    pub path: String,
    /// What the file is instead.
    pub reason: String,
}

/// A run found twice.
#[derive(Serialize)]
pub struct Duplicate {
    /// The copy left out.
    pub path: String,
    /// The copy kept.
    pub duplicate_of: String,
}

impl Duplicate {
    /// The wire form of a duplicate.
    #[must_use]
    pub fn from(d: &PipelineDuplicate) -> Self {
        Self {
            path: d.path.clone(),
            duplicate_of: d.duplicate_of.clone(),
        }
    }
}

/// A planned route.
#[derive(Serialize)]
pub struct Route {
    /// Path as shown.
    pub path: String,
    /// Name from the file.
    pub name: Option<String>,
    /// Length, m.
    pub distance_m: Option<f64>,
    /// Gain, m.
    pub gain_m: Option<f64>,
    /// Loss, m.
    pub loss_m: Option<f64>,
}

impl Route {
    /// The wire form of a route.
    #[must_use]
    pub fn from(r: &PipelineRoute) -> Self {
        Self {
            path: r.path.clone(),
            name: r.name.clone(),
            distance_m: r.distance_m,
            gain_m: r.gain_m,
            loss_m: r.loss_m,
        }
    }
}

/// One code of the folder's focus.
#[derive(Serialize)]
pub struct Focus {
    /// The finding's code.
    pub code: String,
    /// Runs (or folder findings) that have it.
    pub runs: usize,
    /// Of which as a `warning`.
    pub warning_runs: usize,
}

impl Focus {
    /// The wire form of a focus entry.
    #[must_use]
    pub fn from(f: &FolderFocus) -> Self {
        Self {
            code: f.code.as_str().to_owned(),
            runs: f.runs,
            warning_runs: f.warning_runs,
        }
    }
}

/// One ISO week of running.
#[derive(Serialize)]
pub struct Week {
    /// ISO week-numbering year.
    pub iso_year: i32,
    /// ISO week, 1–53.
    pub iso_week: u32,
    /// `YYYY-Www`.
    pub label: String,
    /// The week's Monday.
    pub monday: NaiveDate,
    /// Runs started.
    pub runs: usize,
    /// Distance, m.
    pub distance_m: f64,
    /// Moving time, s.
    pub moving_s: f64,
    /// Cross-training time, s.
    pub cross_training_s: f64,
    /// Change from the previous week, percent.
    pub change_pct: Option<f64>,
    /// Gain per km, m/km.
    pub gain_per_km: Option<f64>,
    /// Steep share, percent.
    pub steep_share_pct: Option<f64>,
}

/// Trends over the folder.
#[derive(Serialize)]
pub struct Trends {
    /// Every ISO week from the first run's to the last's.
    pub weeks: Vec<Week>,
    /// The easy-pace ceiling, m/s.
    pub easy_speed_mps: Option<f64>,
    /// `[start, steps/min]` per run.
    pub cadence_points: Vec<(DateTime<Utc>, f64)>,
    /// Steps/min per 30 days.
    pub cadence_trend_spm_per_30d: Option<f64>,
    /// `[start, percent]` per run.
    pub drift_points: Vec<(DateTime<Utc>, f64)>,
    /// `[start, percent]` per run.
    pub decoupling_points: Vec<(DateTime<Utc>, f64)>,
    /// Runs left out of every trend.
    pub undated_runs: usize,
}

impl Trends {
    /// The wire form of the folder's trends.
    #[must_use]
    pub fn from(t: &trends::Trends) -> Self {
        Self {
            weeks: t
                .weeks
                .iter()
                .map(|w| Week {
                    iso_year: w.iso_year,
                    iso_week: w.iso_week,
                    label: w.label.clone(),
                    monday: w.monday,
                    runs: w.runs,
                    distance_m: w.distance_m,
                    moving_s: w.moving_s,
                    cross_training_s: w.cross_training_s,
                    change_pct: w.change_pct,
                    gain_per_km: w.gain_per_km,
                    steep_share_pct: w.steep_share_pct,
                })
                .collect(),
            easy_speed_mps: t.easy_speed_mps,
            cadence_points: t.cadence_points.clone(),
            cadence_trend_spm_per_30d: t.cadence_trend_spm_per_30d,
            drift_points: t.drift_points.clone(),
            decoupling_points: t.decoupling_points.clone(),
            undated_runs: t.undated_runs,
        }
    }
}

/// A line `intercept + slope × speed`.
#[derive(Serialize)]
pub struct SpeedLine {
    /// Value at 0 m/s.
    pub intercept: f64,
    /// Change per m/s.
    pub slope: f64,
}

/// The two lines of a baseline.
#[derive(Serialize)]
pub struct Lines {
    /// Steps/min against speed.
    pub cadence_at_speed: SpeedLine,
    /// Metres against speed.
    pub step_length_at_speed: SpeedLine,
}

/// The personal baseline.
#[derive(Serialize)]
pub struct Baseline {
    /// The lines.
    pub baseline: Lines,
    /// Runs it was fitted on.
    pub runs: usize,
    /// Running time in the bins used, s.
    pub running_time_s: f64,
    /// `[slowest, fastest]` bin speed used, m/s.
    pub speed_range_mps: (f64, f64),
    /// Spread of the cadence fit, steps/min.
    pub cadence_sd_spm: f64,
}

impl Baseline {
    /// The wire form of a personal baseline.
    #[must_use]
    pub fn from(b: &PersonalBaseline) -> Self {
        let line = |l: &stridewise_engine::analysis::stride::SpeedLine| SpeedLine {
            intercept: l.intercept,
            slope: l.slope,
        };
        Self {
            baseline: Lines {
                cadence_at_speed: line(&b.baseline.cadence_at_speed),
                step_length_at_speed: line(&b.baseline.step_length_at_speed),
            },
            runs: b.runs,
            running_time_s: b.running_time_s,
            speed_range_mps: b.speed_range_mps,
            cadence_sd_spm: b.cadence_sd_spm,
        }
    }
}
