//! A review as values, for a program that links the library (the Python package,
//! `crates/python`): the very documents the command line prints — `stridewise --json FILE`
//! and a folder's `summary.json` — and the Parquet tables of `--parquet`, built by the same
//! functions, without a terminal or a report folder.

use crate::folder::{self, output, write::finalise_wires, Outcome, PageKeeper};
use crate::json::{self, Document, Run, StoredRun};
use crate::parquet;
use std::path::PathBuf;
use stridewise_engine::coach::review::{review_with, ReviewOptions};
use stridewise_engine::pipeline::{self, ReviewConfig};
use stridewise_engine::source::discover::Candidate;
use stridewise_engine::units::UnitSystem;
use stridewise_engine::{Activity, Rules};

/// Why a review gave nothing: one line naming the file (or the inputs) and the reason,
/// the line the command line prints after `stridewise: `.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReviewError(pub String);

/// The settings of a review from a program: the defaults of the command line.
#[must_use]
pub fn review_config(paths: Vec<PathBuf>, units: UnitSystem) -> ReviewConfig {
    ReviewConfig {
        paths,
        rules: Rules::default(),
        split_m: units.split_meters(),
        as_running: false,
        pain_log: None,
        jobs: None,
        progress: false,
    }
}

fn document(runs: &[(String, Activity)], rules: &Rules, units: UnitSystem) -> Document {
    let opts = ReviewOptions {
        rules,
        split_m: units.split_meters(),
        as_running: false,
    };
    let mut doc = Document::new();
    doc.runs = runs
        .iter()
        .filter(|(_, a)| pipeline::is_reviewable(a))
        .map(|(p, a)| StoredRun::new(&Run::reviewed_in(p, a, &review_with(a, &opts), units)))
        .collect();
    doc
}

/// `stridewise --json PATH` as a document (the runs of the file, or of every file a
/// folder or archive holds; non-runs left out as the command line leaves them out).
///
/// # Errors
/// The first file that cannot be read, or no activity file at all, as the command line
/// words it.
pub fn review_path(path: &std::path::Path, units: UnitSystem) -> Result<Document, ReviewError> {
    let rules = Rules::default();
    let files = pipeline::files::review_files(
        &[path.to_path_buf()],
        &ReviewOptions {
            rules: &rules,
            split_m: units.split_meters(),
            as_running: false,
        },
    );
    if let Some((path, error)) = files.errors.first() {
        return Err(ReviewError(format!("{path}: {error}")));
    }
    if files.found == 0 {
        return Err(ReviewError(format!(
            "{}: no activity files (.fit, .gpx, .tcx, optionally .gz) found",
            path.display()
        )));
    }
    let mut doc = Document::new();
    doc.runs = files
        .runs
        .iter()
        .map(|r| StoredRun::new(&Run::reviewed_in(&r.path, &r.activity, &r.review, units)))
        .collect();
    Ok(doc)
}

/// The document of one file's bytes, its runs' `path` being `name`.
///
/// # Errors
/// Bytes that are no activity file, worded as the command line words them.
pub fn review_bytes(name: &str, bytes: &[u8], units: UnitSystem) -> Result<Document, ReviewError> {
    let acts = stridewise_engine::ingest::read_bytes(bytes)
        .map_err(|e| ReviewError(format!("{name}: {e}")))?;
    let runs: Vec<(String, Activity)> = acts.into_iter().map(|a| (name.to_string(), a)).collect();
    Ok(document(&runs, &Rules::default(), units))
}

/// A folder review done: what was found and what became of it, findings final.
pub struct FolderReview {
    /// The files found, in order (runs point into it).
    pub candidates: Vec<Candidate>,
    /// The review.
    pub outcome: Outcome,
    /// The display units of its `summary.json`.
    pub units: UnitSystem,
}

/// Review a folder as `stridewise PATH --out DIR` does, writing nothing.
///
/// # Errors
/// A bad pain log, an interrupt, or no run to review (with the first unreadable file's
/// line when there is one).
pub fn review_folder(cfg: &ReviewConfig, units: UnitSystem) -> anyhow::Result<FolderReview> {
    let keeper = PageKeeper::new(None);
    let (candidates, mut outcome) = pipeline::review_all(cfg, &|d, a, r, row| {
        folder::wire(d, a, r, row, units, &keeper)
    })?;
    if outcome.runs.is_empty() {
        let inputs: Vec<String> = cfg.paths.iter().map(|p| p.display().to_string()).collect();
        let first = outcome
            .errors
            .first()
            .map(|(p, e)| format!(" ({p}: {e})"))
            .unwrap_or_default();
        return Err(ReviewError(format!("{}: no runs to review{first}", inputs.join(", "))).into());
    }
    finalise_wires(&mut outcome, units);
    Ok(FolderReview {
        candidates,
        outcome,
        units,
    })
}

impl FolderReview {
    /// `summary.json`'s bytes, as the report folder holds them.
    ///
    /// # Errors
    /// Serialisation errors.
    pub fn summary_json(&self) -> serde_json::Result<Vec<u8>> {
        let mut v = serde_json::to_vec_pretty(&output::summary(&self.outcome, self.units))?;
        v.push(b'\n');
        Ok(v)
    }

    /// The `--parquet` files' bytes: (file name, bytes) for runs, findings and speed bins.
    ///
    /// # Errors
    /// The writer's errors.
    pub fn parquet_files(
        &self,
        athlete: Option<&str>,
    ) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
        let meta = |n| parquet::file_meta(n);
        Ok(vec![
            (
                parquet::RUNS,
                parquet::table::to_bytes(
                    &parquet::runs_table(&self.outcome, athlete),
                    &meta(parquet::RUNS),
                )?,
            ),
            (
                parquet::FINDINGS,
                parquet::table::to_bytes(
                    &parquet::findings_table(&self.outcome, athlete),
                    &meta(parquet::FINDINGS),
                )?,
            ),
            (
                parquet::SPEED_BINS_FILE,
                parquet::table::to_bytes(
                    &parquet::speed_bins_table(&self.outcome, athlete),
                    &meta(parquet::SPEED_BINS_FILE),
                )?,
            ),
        ])
    }
}

/// The version of the JSON documents (`schema_version`).
pub const JSON_SCHEMA_VERSION: u32 = json::SCHEMA_VERSION;
