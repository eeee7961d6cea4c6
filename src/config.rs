//! Validated, typed configuration built from the raw command line. Nothing past this
//! module sees clap.

use crate::cli::{AnalyzeArgs, ChartsArg, Cli, Command, GapModelArg, PlanArgs, UnitsArg};
use anyhow::Context;
use std::path::PathBuf;
use stridewise::coach::rules::{GapModel, Rules};
use stridewise::pipeline::{BatchConfig, ChartsMode};
use stridewise::units::UnitSystem;

/// What to run.
#[derive(Debug)]
pub enum Config {
    /// `stridewise analyze` (the default).
    Analyze(Box<AnalyzeConfig>),
    /// `stridewise inspect`.
    Inspect(InspectConfig),
    /// `stridewise plan`.
    Plan(Box<PlanConfig>),
}

/// Configuration of `plan`.
#[derive(Debug)]
pub struct PlanConfig {
    /// The folder review the plan is made from (no pages, no pain checks).
    pub batch: BatchConfig,
    /// Weeks to plan.
    pub weeks: usize,
    /// Optional pain log.
    pub pain_log: Option<PathBuf>,
    /// Plan folder.
    pub out: PathBuf,
    /// Display units.
    pub units: UnitSystem,
}

fn plan(args: PlanArgs) -> PlanConfig {
    let units = units(args.display.units);
    PlanConfig {
        batch: BatchConfig {
            paths: args.paths,
            out: args.out.clone(),
            charts: ChartsMode::None,
            jobs: None,
            units,
            rules: Rules::default(),
            pain_log: None,
            plan: None,
            verbose: false,
            json: false,
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
            as_running: false,
        },
        weeks: usize::from(args.weeks),
        pain_log: args.pain_log,
        out: args.out,
        units,
    }
}

/// Configuration of `inspect`.
#[derive(Debug)]
pub struct InspectConfig {
    /// Files and folders to read.
    pub paths: Vec<PathBuf>,
    /// JSON instead of the table.
    pub json: bool,
    /// Display units.
    pub units: UnitSystem,
}

/// Configuration of `analyze`.
#[derive(Debug)]
pub struct AnalyzeConfig {
    /// Files and folders to read.
    pub paths: Vec<PathBuf>,
    /// JSON instead of the summary.
    pub json: bool,
    /// Display units.
    pub units: UnitSystem,
    /// Coaching thresholds: defaults, then the rules file, then flags.
    pub rules: Rules,
    /// Where to write per-run reports; `None` with `--no-charts`.
    pub out: Option<PathBuf>,
    /// Set when the paths call for a folder review (a folder, an archive, or several
    /// paths); then the single-run fields above are unused.
    pub batch: Option<Box<BatchConfig>>,
    /// `--sport running`: coach unknown-sport tracks whatever their speed.
    pub as_running: bool,
}

/// A folder review is asked for by a folder, a zip archive, or more than one path.
fn wants_batch(paths: &[PathBuf]) -> bool {
    paths.len() > 1
        || paths
            .iter()
            .any(|p| p.is_dir() || stridewise::source::is_zip_file(p))
}

impl Config {
    /// Build from the parsed command line, reading the rules file if one is given.
    ///
    /// # Errors
    /// An unreadable or invalid rules file, or flags that contradict it.
    pub fn from_cli(cli: Cli) -> anyhow::Result<Self> {
        Ok(match cli.command {
            Some(Command::Inspect(args)) => Self::Inspect(InspectConfig {
                paths: args.paths,
                json: args.json,
                units: units(args.display.units),
            }),
            Some(Command::Analyze(args)) => Self::Analyze(Box::new(analyze(args)?)),
            Some(Command::Plan(args)) => Self::Plan(Box::new(plan(args))),
            None => Self::Analyze(Box::new(analyze(cli.analyze)?)),
        })
    }
}

fn analyze(args: AnalyzeArgs) -> anyhow::Result<AnalyzeConfig> {
    let mut rules = match &args.rules {
        Some(path) => {
            let text =
                stridewise::ingest::read_text_capped(path, stridewise::ingest::MAX_TEXT_BYTES)
                    .with_context(|| format!("cannot read rules file {}", path.display()))?;
            Rules::from_toml(&text)
                .with_context(|| format!("invalid rules file {}", path.display()))?
        }
        None => Rules::default(),
    };
    if let Some((lo, hi)) = args.cadence_target {
        rules.cadence_target_low_spm = lo;
        rules.cadence_target_high_spm = hi;
    }
    if let Some(m) = args.gap_model {
        rules.gap_model = match m {
            GapModelArg::Strava => GapModel::Strava2017,
            GapModelArg::Minetti => GapModel::Minetti2002,
        };
    }
    rules.validate().context("invalid coaching rules")?;
    let batch = wants_batch(&args.paths).then(|| {
        Box::new(BatchConfig {
            paths: args.paths.clone(),
            out: args.out.clone(),
            charts: match (args.no_charts, args.charts) {
                (true, _) | (_, Some(ChartsArg::None)) => ChartsMode::None,
                (false, Some(ChartsArg::All)) => ChartsMode::All,
                (false, Some(ChartsArg::Flagged)) => ChartsMode::Flagged,
                (false, None) => ChartsMode::Auto,
            },
            jobs: args.jobs.map(usize::from),
            units: units(args.display.units),
            rules: rules.clone(),
            pain_log: args.pain_log.clone(),
            plan: args.plan.clone(),
            verbose: args.verbose,
            json: args.json,
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
            as_running: args.sport.is_some(),
        })
    });
    Ok(AnalyzeConfig {
        batch,
        out: (!args.no_charts).then_some(args.out),
        paths: args.paths,
        json: args.json,
        units: units(args.display.units),
        rules,
        as_running: args.sport.is_some(),
    })
}

fn units(u: UnitsArg) -> UnitSystem {
    match u {
        UnitsArg::Metric => UnitSystem::Metric,
        UnitsArg::Imperial => UnitSystem::Imperial,
    }
}
