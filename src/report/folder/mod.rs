//! Rendering a folder review: the index page, `runs.csv`, `summary.json`, the terminal
//! table, and the writer that puts them (and the per-run pages) into `--out`.

/// A folder review as the report layer keeps it: each run with its JSON wire form.
pub type Outcome = crate::pipeline::Outcome<crate::report::json::Run>;
/// One run of it.
pub type Reviewed = crate::pipeline::Reviewed<crate::report::json::Run>;

/// The wire form kept of each run of a folder review (see [`crate::pipeline::WireFn`]),
/// its findings' lengths in the display unit.
#[must_use]
pub fn wire(
    display: &str,
    a: &crate::model::Activity,
    r: &crate::coach::review::Review,
    row: &crate::history::row::RunRow,
    units: crate::units::UnitSystem,
) -> crate::report::json::Run {
    let mut w = crate::report::json::Run::new(display, a, &r.totals);
    let mut summary = crate::report::json::RunSummary::from_row(row);
    summary.set_findings(&r.findings, units);
    w.summary = Some(summary);
    w
}

/// A finding about the folder as a whole (weekly volume, pain log): the same wire form
/// as a run's warnings.
pub type FolderFinding = crate::report::json::Warning;

/// Volume findings first, then pain-log ones, each in date order as produced.
#[must_use]
pub fn folder_findings(o: &Outcome) -> Vec<FolderFinding> {
    let volume = o
        .volume
        .iter()
        .map(crate::report::json::Warning::from_advice);
    let pain = o.pain.iter().map(crate::report::json::Warning::from_advice);
    volume.chain(pain).collect()
}

/// The folder's findings as advice to render in the display unit: volume findings first,
/// then pain-log ones, in the order of [`folder_findings`].
#[must_use]
pub fn folder_advice(o: &Outcome) -> Vec<&dyn crate::coach::warning::Advice> {
    let volume = o
        .volume
        .iter()
        .map(|f| f as &dyn crate::coach::warning::Advice);
    let pain = o
        .pain
        .iter()
        .map(|f| f as &dyn crate::coach::warning::Advice);
    volume.chain(pain).collect()
}

pub mod index;
pub mod output;
pub mod text;
pub mod write;
