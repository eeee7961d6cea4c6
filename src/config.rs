//! Validated, typed configuration built from the raw command line. Nothing past this
//! module sees clap.

use crate::cli::{AnalyzeArgs, ChartsArg, Cli, Command, GapModelArg, PlanArgs, UnitsArg};
use anyhow::Context;
use std::path::PathBuf;
use stridewise::coach::rules::{GapModel, Rules};
use stridewise::pipeline::ReviewConfig;
use stridewise::report::folder::{BatchConfig, ChartsMode};
use stridewise::units::UnitSystem;

/// What to run.
#[derive(Debug)]
pub enum Config {
    /// `stridewise analyze` (the default).
    Analyze(Box<AnalyzeConfig>),
    /// `stridewise inspect`.
    Inspect(InspectConfig),
    /// `stridewise completions SHELL`.
    Completions(clap_complete::Shell),
    /// `stridewise man`.
    Man,
    /// `stridewise plan`.
    Plan(Box<PlanConfig>),
}

/// Configuration of `plan`.
#[derive(Debug)]
pub struct PlanConfig {
    /// The folder review the plan is made from (its pain log is the plan's).
    pub review: ReviewConfig,
    /// Weeks to plan.
    pub weeks: usize,
    /// Plan folder.
    pub out: PathBuf,
    /// Display units.
    pub units: UnitSystem,
}

fn plan(args: PlanArgs) -> PlanConfig {
    let units = units(args.display.units);
    PlanConfig {
        review: ReviewConfig {
            paths: args.paths,
            rules: Rules::default(),
            split_m: units.split_meters(),
            as_running: false,
            pain_log: args.pain_log,
            jobs: None,
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        },
        weeks: usize::from(args.weeks),
        out: args.out,
        units,
    }
}

/// Where the report goes when `--out` is not given.
pub const DEFAULT_OUT: &str = "stridewise-report";

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
    /// Where to write reports; `None` with `--no-charts`, or with `--json` and no `--out`.
    pub out: Option<PathBuf>,
    /// Set when the paths call for a folder review (a folder, an archive, or several
    /// paths); then the single-run fields above are unused.
    pub batch: Option<Box<BatchConfig>>,
    /// `--sport running`: coach unknown-sport tracks whatever their speed.
    pub as_running: bool,
    /// `--parquet` (a folder review writing its report folder only).
    pub parquet: Option<stridewise::report::parquet::ParquetOptions>,
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
            Some(Command::Completions { shell }) => Self::Completions(shell),
            Some(Command::Man) => Self::Man,
            Some(Command::Plan(args)) => Self::Plan(Box::new(plan(args))),
            None => {
                mistyped_subcommand(&cli.analyze.paths)?;
                Self::Analyze(Box::new(analyze(cli.analyze)?))
            }
        })
    }
}

/// `stridewise inspct run.fit`: the first path does not exist and reads like a misspelt
/// subcommand, so say which one was probably meant (clap's own rule: Jaro–Winkler ≥ 0.8)
/// instead of reporting a missing file.
///
/// # Errors
/// The suggestion, as a usage error.
fn mistyped_subcommand(paths: &[PathBuf]) -> anyhow::Result<()> {
    let Some(first) = paths.first() else {
        return Ok(());
    };
    let Some(word) = first.to_str() else {
        return Ok(());
    };
    if first.exists() || word.contains(['/', '\\', '.']) {
        return Ok(());
    }
    let command = <Cli as clap::CommandFactory>::command();
    let best = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|name| name != "help")
        .map(|name| (strsim::jaro_winkler(word, &name), name))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, name)) => anyhow::bail!(
            "'{word}' is neither a file nor a subcommand; did you mean `stridewise {name}`?"
        ),
        None => Ok(()),
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
    // Files only when asked for: `--no-charts` writes none; `--json` writes none unless
    // `--out` names a folder (stdout is for the document, like ripgrep's --json).
    let out = match (args.no_charts, args.json, args.out) {
        (true, _, _) | (false, true, None) => None,
        (false, _, Some(dir)) => Some(dir),
        (false, false, None) => Some(PathBuf::from(DEFAULT_OUT)),
    };
    // --parquet writes into the report folder, as a folder review (of one run for a file).
    if args.parquet && out.is_none() {
        anyhow::bail!(
            "--parquet writes into the report folder: give --out DIR (--json alone and --no-charts write no files)"
        );
    }
    let parquet = args
        .parquet
        .then(|| stridewise::report::parquet::ParquetOptions {
            athlete: args
                .athlete
                .clone()
                .or_else(|| stridewise::report::parquet::default_athlete(&args.paths)),
            samples: args.parquet_samples,
        });
    // The pain log is set against weekly volume, which only a folder review computes:
    // with it, even one file is reviewed as a folder (of one run).
    let batch =
        (wants_batch(&args.paths) || args.pain_log.is_some() || args.athletes || args.parquet)
            .then(|| {
                let units = units(args.display.units);
                Box::new(BatchConfig {
                    review: ReviewConfig {
                        paths: args.paths.clone(),
                        rules: rules.clone(),
                        split_m: units.split_meters(),
                        as_running: args.sport.is_some(),
                        pain_log: args.pain_log.clone(),
                        jobs: args.jobs.map(usize::from),
                        progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
                    },
                    out: out.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_OUT)),
                    write: out.is_some(),
                    charts: match (args.no_charts, args.charts) {
                        (true, _) | (_, Some(ChartsArg::None)) => ChartsMode::None,
                        (false, Some(ChartsArg::All)) => ChartsMode::All,
                        (false, Some(ChartsArg::Flagged)) => ChartsMode::Flagged,
                        (false, None) => ChartsMode::Auto,
                    },
                    units,
                    plan: args.plan.clone(),
                    verbose: args.verbose,
                    json: args.json,
                    athletes: args.athletes,
                })
            });
    Ok(AnalyzeConfig {
        batch,
        out,
        paths: args.paths,
        json: args.json,
        units: units(args.display.units),
        rules,
        as_running: args.sport.is_some(),
        parquet,
    })
}

fn units(u: UnitsArg) -> UnitSystem {
    match u {
        UnitsArg::Metric => UnitSystem::Metric,
        UnitsArg::Imperial => UnitSystem::Imperial,
    }
}
