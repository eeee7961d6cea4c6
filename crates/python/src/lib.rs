//! `stridewise._native`: the Rust half of the `stridewise` Python package. Each function
//! hands the work to the library's value API (`stridewise_report::api`) with the GIL
//! released (`Python::detach`), and returns what the command line would print (JSON text,
//! turned into a dict by python/stridewise/__init__.py) or the `--parquet` files' bytes
//! (read into pyarrow tables there). Errors are `stridewise.ReviewError` (a `ValueError`)
//! carrying the line the command line prints: the file, then the reason.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::PathBuf;
use stridewise_engine::UnitSystem;
use stridewise_report::api;

create_exception!(
    _native,
    ReviewError,
    PyValueError,
    "A file or folder that gave no review: the message names the file and the reason."
);

fn review_error(e: impl std::fmt::Display) -> PyErr {
    ReviewError::new_err(e.to_string())
}

fn units(imperial: bool) -> UnitSystem {
    if imperial {
        UnitSystem::Imperial
    } else {
        UnitSystem::Metric
    }
}

fn json_text(doc: &stridewise_report::json::Document) -> PyResult<String> {
    let mut out = Vec::new();
    stridewise_report::json::write(doc, &mut out).map_err(review_error)?;
    String::from_utf8(out).map_err(review_error)
}

/// The `stridewise --json PATH` document of a file (or of every file of a folder or
/// archive), as JSON text.
#[pyfunction]
#[pyo3(signature = (path, imperial = false))]
fn review_path(py: Python<'_>, path: PathBuf, imperial: bool) -> PyResult<String> {
    let doc = py
        .detach(|| api::review_path(&path, units(imperial)))
        .map_err(review_error)?;
    json_text(&doc)
}

/// The document of one file's bytes, its runs' `path` being `name`, as JSON text.
#[pyfunction]
#[pyo3(signature = (data, name, imperial = false))]
fn review_bytes(py: Python<'_>, data: &[u8], name: &str, imperial: bool) -> PyResult<String> {
    let doc = py
        .detach(|| api::review_bytes(name, data, units(imperial)))
        .map_err(review_error)?;
    json_text(&doc)
}

/// A folder review of `paths` (as one runner, with `pain_log` as `--pain-log`): `summary.json`'s text and the `--parquet`
/// files' bytes, `{"summary": str, "runs.parquet": bytes, ...}`; `athlete` by default as
/// `--parquet` names it (the first path's name).
#[pyfunction]
#[pyo3(signature = (paths, athlete = None, jobs = None, imperial = false, pain_log = None))]
fn review_folder<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    athlete: Option<String>,
    jobs: Option<usize>,
    imperial: bool,
    pain_log: Option<PathBuf>,
) -> PyResult<Bound<'py, PyDict>> {
    let (summary, files) = py
        .detach(|| -> Result<(Vec<u8>, ParquetFiles), String> {
            let mut cfg = api::review_config(paths, units(imperial));
            cfg.jobs = jobs;
            cfg.pain_log = pain_log;
            let athlete =
                athlete.or_else(|| stridewise_report::parquet::default_athlete(&cfg.paths));
            let review = api::review_folder(&cfg, units(imperial)).map_err(|e| format!("{e:#}"))?;
            let summary = review.summary_json().map_err(|e| e.to_string())?;
            let files = review
                .parquet_files(athlete.as_deref())
                .map_err(|e| format!("{e:#}"))?;
            Ok((summary, files))
        })
        .map_err(review_error)?;
    let out = PyDict::new(py);
    out.set_item("summary", String::from_utf8(summary).map_err(review_error)?)?;
    for (name, bytes) in files {
        out.set_item(name, PyBytes::new(py, &bytes))?;
    }
    Ok(out)
}

/// The `--parquet` files of a review: (file name, bytes).
type ParquetFiles = Vec<(&'static str, Vec<u8>)>;

/// The version of the JSON documents and of the Parquet files.
#[pyfunction]
fn schema_versions() -> (u32, u32) {
    (
        api::JSON_SCHEMA_VERSION,
        stridewise_report::parquet::SCHEMA_VERSION,
    )
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ReviewError", m.py().get_type::<ReviewError>())?;
    m.add_function(wrap_pyfunction!(review_path, m)?)?;
    m.add_function(wrap_pyfunction!(review_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(review_folder, m)?)?;
    m.add_function(wrap_pyfunction!(schema_versions, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
