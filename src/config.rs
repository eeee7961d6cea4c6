//! Validated, typed configuration built from the raw command line. Nothing past this
//! module sees clap.

use crate::cli::{AnalyzeArgs, Cli, Command, GapModelArg, UnitsArg};
use crate::coach::rules::{GapModel, Rules};
use crate::units::UnitSystem;
use anyhow::Context;
use std::path::PathBuf;

/// What to run.
#[derive(Debug)]
pub enum Config {
    /// `stridewise analyze` (the default).
    Analyze(AnalyzeConfig),
    /// `stridewise inspect`.
    Inspect(InspectConfig),
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
            Some(Command::Analyze(args)) => Self::Analyze(analyze(args)?),
            None => Self::Analyze(analyze(cli.analyze)?),
        })
    }
}

fn analyze(args: AnalyzeArgs) -> anyhow::Result<AnalyzeConfig> {
    let mut rules = match &args.rules {
        Some(path) => {
            let text = std::fs::read_to_string(path)
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
    Ok(AnalyzeConfig {
        out: (!args.no_charts).then_some(args.out),
        paths: args.paths,
        json: args.json,
        units: units(args.display.units),
        rules,
    })
}

fn units(u: UnitsArg) -> UnitSystem {
    match u {
        UnitsArg::Metric => UnitSystem::Metric,
        UnitsArg::Imperial => UnitSystem::Imperial,
    }
}
