//! The application edge: runs a validated [`Config`], prints, and decides the exit code.

use crate::analysis::totals::totals;
use crate::config::{Config, InspectConfig};
use crate::discover;
use crate::ingest;
use crate::report::{inspect, json, sanitize};
use std::io::Write;

/// Process exit codes (documented in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Every file was read and analysed.
    Ok = 0,
    /// Finished, but some files could not be read.
    SomeFailed = 1,
    /// Usage error or fatal error (nothing useful done).
    Fatal = 2,
}

/// Run a command.
///
/// # Errors
/// Fatal errors only (stdout closed, ...); per-file errors are reported and counted.
pub fn run(config: Config) -> anyhow::Result<Exit> {
    match config {
        Config::Inspect(c) => run_inspect(&c),
    }
}

fn report_error(path: &str, error: &str) {
    eprintln!(
        "stridewise: {}: {}",
        sanitize::terminal(path),
        sanitize::terminal(error)
    );
}

fn run_inspect(c: &InspectConfig) -> anyhow::Result<Exit> {
    let (inputs, walk_errors) = discover::expand(&c.paths);
    let mut doc = json::Document::new();
    for (path, e) in walk_errors {
        doc.errors.push(json::FileError {
            path: path.display().to_string(),
            error: e,
        });
    }
    let mut read = Vec::new();
    for input in &inputs {
        let path = input.path.display().to_string();
        match ingest::read_path(&input.path) {
            Ok(acts) => read.extend(acts.into_iter().map(|a| (path.clone(), a))),
            Err(e) => doc.errors.push(json::FileError {
                path,
                error: e.to_string(),
            }),
        }
    }
    let all_totals: Vec<_> = read.iter().map(|(_, a)| totals(a)).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if c.json {
        doc.runs = read
            .iter()
            .zip(&all_totals)
            .map(|((p, a), t)| json::Run::new(p, a, t))
            .collect();
        json::write(&doc, &mut out)?;
    } else {
        let items: Vec<inspect::Inspected<'_>> = read
            .iter()
            .zip(&all_totals)
            .map(|((p, a), t)| inspect::Inspected {
                path: p,
                activity: a,
                totals: t,
            })
            .collect();
        inspect::write(&items, c.units, &mut out)?;
    }
    out.flush()?;
    for e in &doc.errors {
        report_error(&e.path, &e.error);
    }
    if inputs.is_empty() && doc.errors.is_empty() {
        eprintln!("stridewise: no activity files (.fit, .gpx, .tcx, optionally .gz) found");
        return Ok(Exit::SomeFailed);
    }
    Ok(if doc.errors.is_empty() {
        Exit::Ok
    } else {
        Exit::SomeFailed
    })
}
