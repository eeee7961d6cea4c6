//! Access to the corpus of real files and its manifests. Found by one rule
//! ([`stridewise::corpus`]): `STRIDEWISE_CORPUS`, else `../shared/corpus`; a test that
//! needs it starts with [`require!`], which passes it without running when the corpus is
//! absent (one line on stderr says so).

use std::collections::HashMap;
use std::path::PathBuf;

/// Return from the test when the corpus is absent (see the module docs).
macro_rules! require {
    () => {
        if stridewise::corpus::dir().is_none() {
            return;
        }
    };
}
pub(crate) use require;

/// The corpus folder (call [`require!`] first).
pub fn dir() -> PathBuf {
    stridewise::corpus::path()
}

/// Rows of a corpus TSV file as maps from column name to value.
pub fn tsv(name: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(dir().join(name))
        .unwrap_or_else(|e| panic!("{}: {e}", dir().join(name).display()));
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split('\t')
        .map(str::to_string)
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}

/// Every file below the corpus folder, sorted.
pub fn files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("corpus folder readable") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.extension().is_some_and(|x| x == "tsv" || x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Parse a number column; empty means absent.
pub fn num(row: &HashMap<String, String>, col: &str) -> Option<f64> {
    row.get(col).and_then(|v| v.parse().ok())
}
