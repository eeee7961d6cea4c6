//! Validated, typed configuration built from the raw command line. Nothing past this
//! module sees clap.

use crate::cli::{Cli, Command, UnitsArg};
use crate::units::UnitSystem;
use std::path::PathBuf;

/// What to run.
#[derive(Debug)]
pub enum Config {
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

impl Config {
    /// Build from the parsed command line.
    #[must_use]
    pub fn from_cli(cli: Cli) -> Self {
        match cli.command {
            Command::Inspect(args) => Self::Inspect(InspectConfig {
                paths: args.paths,
                json: args.json,
                units: units(args.display.units),
            }),
        }
    }
}

fn units(u: UnitsArg) -> UnitSystem {
    match u {
        UnitsArg::Metric => UnitSystem::Metric,
        UnitsArg::Imperial => UnitSystem::Imperial,
    }
}
