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
//!   terminal text (`crate::plan::{json, html, text}`).
//!
//! The binary picks which renderer writes to stdout; the report folder writes its own
//! list of files. Outputs that are many files at once (a run's page with its charts, the
//! plan's watch workouts and click tracks) are written by their folder writers from the
//! same finished values.

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
