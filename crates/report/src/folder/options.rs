//! A folder review's settings beside the engine's: which pages, which units, where the
//! report goes. The engine takes [`ReviewConfig`] alone (inputs, rules, split length,
//! pain log, jobs); everything here only decides what is drawn, so `--units` and
//! `--charts` never reach the engine.

use std::path::PathBuf;
use stridewise_engine::pipeline::ReviewConfig;
use stridewise_engine::units::UnitSystem;

/// Which runs get a page with charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartsMode {
    /// The newest [`AUTO_PAGES_NEWEST`] runs and every flagged run (the default).
    Auto,
    /// Every run.
    All,
    /// Runs with at least one finding of severity `warning`.
    Flagged,
    /// No per-run pages.
    None,
}

/// `--charts auto` draws a page for the newest this many runs, and for every flagged run
/// beyond them, so a folder of up to a few hundred runs has a page for each and a big
/// export stays fast (our choice: 300 runs is about three years at two runs a week, and
/// about a minute of drawing on one core; README, "Benchmarks"). `--charts all` draws
/// every page.
pub const AUTO_PAGES_NEWEST: usize = 300;

/// Validated configuration of a folder review and its outputs.
#[derive(Clone, Debug)]
pub struct BatchConfig {
    /// The review itself.
    pub review: ReviewConfig,
    /// Report folder.
    pub out: PathBuf,
    /// Write the report folder (false with `--no-charts`, or `--json` without `--out`).
    pub write: bool,
    /// Per-run pages.
    pub charts: ChartsMode,
    /// Display units.
    pub units: UnitSystem,
    /// Optional `plan.json` to set the weeks against (`stridewise plan`).
    pub plan: Option<PathBuf>,
    /// List skipped non-runs and duplicates.
    pub verbose: bool,
    /// Print `summary.json` on stdout instead of the table.
    pub json: bool,
    /// `--athletes`: each path is a cohort folder, each sub-folder or zip archive in it one
    /// athlete reviewed on their own (`stridewise_engine::pipeline::athletes`), with a roster across them.
    pub athletes: bool,
}
