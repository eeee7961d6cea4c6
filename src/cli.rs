//! The command line as typed: clap derive, raw flags only. Validation and typed
//! configuration live in [`crate::config`].

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A cadence and form coach for recorded runs (FIT, GPX, TCX; gzip too).
///
/// Give it a watch export. `stridewise inspect` shows what was read from each file.
#[derive(Debug, Parser)]
#[command(name = "stridewise", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 every file read, 1 some files failed, 2 usage or fatal error."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what was read from each file: format, device, channels, cadence unit, totals,
    /// and the device's own summary beside ours.
    Inspect(InspectArgs),
}

/// Arguments of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Activity files (FIT, GPX, TCX, optionally .gz) or folders to search.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the versioned JSON document instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub display: DisplayArgs,
}

/// Display options shared by every command.
#[derive(Debug, Args)]
pub struct DisplayArgs {
    /// Unit system for distances, paces and heights.
    #[arg(long, value_enum, default_value_t = UnitsArg::Metric)]
    pub units: UnitsArg,
}

/// `--units` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UnitsArg {
    /// km, m, pace per km
    Metric,
    /// miles, feet, pace per mile
    Imperial,
}
