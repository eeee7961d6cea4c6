//! A folder review's outputs, each a [`Renderer`] of the finished review ([`Finished`]:
//! the outcome with every finding final, the pages written, the trend charts, the plan's
//! progress). The report folder writes [`FILES`] (with the charts and the run pages,
//! which are files of their own); the binary picks [`Table`] or [`SummaryJson`] for
//! stdout.

use super::{index, output, physio, plan_section, Outcome, PagesWritten};
use crate::html::ChartLink;
pub use crate::render::Renderer;
use std::io;
use stridewise_engine::units::UnitSystem;

/// `--plan plan.json`: what the index shows of the plan's progress, computed by the
/// caller from the plan (the report words and draws it; it does not read plans).
#[derive(Debug, Clone)]
pub struct PlanProgress {
    /// Where the newest measured plan week stands (`None` before any is measured).
    pub standing: Option<stridewise_engine::coach::plan_progress::PlanStanding>,
    /// Pain and the kind of runs since the plan.
    pub changes: stridewise_engine::coach::plan_progress::PlanChanges,
    /// The progress chart, written as [`PLAN_CHART`].
    pub chart: crate::chart::ChartSpec,
    /// The plan's weekly cadence targets (Monday, steps/min), for `physio.html`.
    pub targets: Vec<(chrono::NaiveDate, f64)>,
}

/// The physio's one-page summary ([`super::physio`]).
pub const PHYSIO: &str = "physio.html";

/// The `--plan` progress chart's id: its files are `plan-progress.png`, `.svg` and
/// `.phone.svg` ([`crate::svg::file_names`]).
pub const PLAN_CHART: &str = "plan-progress";

/// What every output of a folder review is drawn from.
pub struct Finished<'a> {
    /// The review, every finding final (`pipeline::review_all` judged it).
    pub outcome: &'a Outcome,
    /// Display units.
    pub units: UnitSystem,
    /// The run pages written (links, and why a run has none).
    pub pages: &'a PagesWritten,
    /// The trend charts drawn, for the index.
    pub charts: &'a [ChartLink<'a>],
    /// `--plan`: the plan's progress.
    pub plan: Option<&'a PlanProgress>,
}

/// `runs.csv`: one row per run.
pub(crate) struct RunsCsv;

impl Renderer<Finished<'_>> for RunsCsv {
    fn render(&self, f: &Finished<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        output::write_csv(f.outcome, out)
    }
}

/// `summary.json`: the versioned document (also `--json` on stdout).
pub struct SummaryJson;

impl Renderer<Finished<'_>> for SummaryJson {
    fn render(&self, f: &Finished<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &output::summary(f.outcome, f.units))?;
        out.write_all(b"\n")
    }
}

/// `physio.html`: the physio's one printable page.
pub(crate) struct PhysioPage;

impl Renderer<Finished<'_>> for PhysioPage {
    fn render(&self, f: &Finished<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        let targets = f.plan.map_or(&[][..], |p| p.targets.as_slice());
        out.write_all(physio::page(f.outcome, f.units, targets).as_bytes())
    }
}

/// `index.html`: the folder's findings, the trend charts, the plan's progress, every run.
pub(crate) struct IndexPage;

impl Renderer<Finished<'_>> for IndexPage {
    fn render(&self, f: &Finished<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        let plan = f.plan.map_or_else(String::new, |p| {
            plan_section::section(p.standing.as_ref(), Some(PLAN_CHART))
                + &plan_section::changes_section(&p.changes)
        });
        out.write_all(index::page(f.outcome, f.units, f.charts, f.pages, &plan).as_bytes())
    }
}

/// The terminal table (stdout without `--json`); not a file.
pub struct Table;

impl Renderer<Finished<'_>> for Table {
    fn render(&self, f: &Finished<'_>, out: &mut dyn io::Write) -> io::Result<()> {
        output::write_table(f.outcome, f.units, &mut &mut *out)
    }
}

/// A folder review's output, as the report folder holds it.
pub type FileRenderer = dyn for<'a> Renderer<Finished<'a>> + Sync;

/// The files every report folder holds beside its charts and run pages (name, renderer),
/// in the order they are drawn (`index.html` is still put in place last,
/// `write::write_all`).
pub const FILES: [(&str, &FileRenderer); 4] = [
    ("runs.csv", &RunsCsv),
    ("summary.json", &SummaryJson),
    (PHYSIO, &PhysioPage),
    ("index.html", &IndexPage),
];
