//! Validated, typed configuration built from the raw command line. Nothing past this
//! module sees clap.

use crate::batch::pipeline::{BatchConfig, ChartsMode};
use crate::cli::{AnalyzeArgs, ChartsArg, Cli, Command, GapModelArg, UnitsArg};
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
    /// Set when the paths call for a folder review (a folder, an archive, or several
    /// paths); then the single-run fields above are unused.
    pub batch: Option<Box<BatchConfig>>,
}

/// A folder review is asked for by a folder, a zip archive, or more than one path.
fn wants_batch(paths: &[PathBuf]) -> bool {
    paths.len() > 1
        || paths.iter().any(|p| {
            // Only a regular file is opened to look for the zip signature: opening a FIFO
            // would block, and reading it would eat the bytes the review needs.
            p.is_dir()
                || p.is_file()
                    && std::fs::File::open(p)
                        .and_then(|mut f| {
                            let mut magic = [0u8; 4];
                            std::io::Read::read_exact(&mut f, &mut magic).map(|()| magic)
                        })
                        .is_ok_and(|m| crate::ingest::sniff::is_zip(&m))
        })
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
            let text = crate::ingest::read_text_capped(path, crate::ingest::MAX_TEXT_BYTES)
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
            verbose: args.verbose,
            json: args.json,
            progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        })
    });
    Ok(AnalyzeConfig {
        batch,
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
