//! Turning command-line paths into the list of files to read.
//!
//! A file named on the command line is always read (its format is sniffed from content,
//! whatever its name). Inside a folder, files are taken when their name ends in `.fit`,
//! `.gpx` or `.tcx` (any case), optionally followed by `.gz`. The list is sorted so output
//! never depends on directory order.

use std::path::{Path, PathBuf};

/// Extensions (lower case) taken from folders, before an optional `.gz`.
const ACTIVITY_EXTENSIONS: [&str; 3] = ["fit", "gpx", "tcx"];

/// One input: where it is, as the user will see it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// Path as given on the command line, or joined below a given folder.
    pub path: PathBuf,
}

/// True when a file name looks like an activity export.
#[must_use]
pub fn looks_like_activity(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    ACTIVITY_EXTENSIONS
        .iter()
        .any(|ext| name.len() > ext.len() + 1 && name.ends_with(&format!(".{ext}")))
}

/// Expand paths: files as given, folders walked recursively. Errors (unreadable folder,
/// missing path) come back as `(path, message)` so a batch can go on.
#[must_use]
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<(PathBuf, String)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input { path: p.clone() }),
            Err(e) => errors.push((p.clone(), e.to_string())),
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<(PathBuf, String)>) {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                errors.push((d.clone(), e.to_string()));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            // file_type does not follow symlinks: a link loop cannot trap the walk.
            match entry.file_type() {
                Ok(t) if t.is_dir() => stack.push(path),
                Ok(t) if t.is_file() && looks_like_activity(&path) => found.push(Input { path }),
                _ => {}
            }
        }
    }
    found.sort();
    inputs.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_names_in_any_case_and_gzipped() {
        for n in ["a.fit", "B.FIT", "c.gpx.gz", "d.TCX.GZ", "x/y.Gpx"] {
            assert!(looks_like_activity(Path::new(n)), "{n}");
        }
        for n in ["a.fit.zip", "notes.md", ".fit", "activities.csv", "a.gz"] {
            assert!(!looks_like_activity(Path::new(n)), "{n}");
        }
    }
}
