//! Every output behind one trait (hyperfine's `Exporter` in spirit): a renderer takes
//! what the engine finished (every finding final, no display unit chosen) and a writer,
//! and only draws. What it draws from is the trait's parameter:
//!
//! * files named one by one: [`Analyzed`], drawn by [`crate::text::Text`] (the
//!   terminal) and [`crate::json::Runs`] (`--json`);
//! * a folder review: [`crate::folder::render::Finished`], drawn by the report folder's
//!   files (`runs.csv`, `summary.json`, `physio.html`, `index.html`) and the terminal
//!   table;
//! * the cadence plan: [`crate::plan::Plan`], drawn by `plan.json`, `plan.html` and the
//!   terminal text (`crate::plan::{json, html, text}`); each planned run and strength
//!   session by its watch workout (`crate::plan::workout::{Workout, StrengthWorkout}`,
//!   FIT);
//! * a chart: [`crate::chart::ChartSpec`], drawn by [`crate::png::Png`] and
//!   [`crate::svg::Svg`] (a desktop's and a phone's), for the run pages and the index
//!   alike ([`crate::svg::chart_files`]).
//!
//! The binary picks which renderer writes to stdout; the report folders list their files.
//! Two outputs are not renderers of this trait, and say why: a click track (WAV) is
//! streamed to disk through a writer that seeks back to its header
//! (`crate::plan::metronome::write_track`), and a run's page is many files at once (its
//! HTML and every chart's files, `crate::page::run_files`, drawn by the renderers above).

use std::io;
use stridewise_engine::pipeline::files::ReviewedFile;
use stridewise_engine::units::UnitSystem;

/// One output drawn from a finished `T`.
pub trait Renderer<T: ?Sized> {
    /// Draws it.
    ///
    /// # Errors
    /// Write (or format) errors.
    fn render(&self, input: &T, out: &mut dyn io::Write) -> io::Result<()>;
}

/// What the outputs of files named one by one are drawn from.
#[derive(Clone, Copy)]
pub struct Analyzed<'a> {
    /// The runs reviewed, in the order found.
    pub runs: &'a [ReviewedFile],
    /// Files that could not be read: (path, one-line cause).
    pub errors: &'a [(String, String)],
    /// Display units.
    pub units: UnitSystem,
}
