//! Writing report files: atomically, and only inside the output folder.
//!
//! * Every file is written to a temporary name in its final folder, then renamed over
//!   the target, so a reader (or a Ctrl-C) never sees half a file.
//! * A run's folder is replaced as a whole: the new folder is built under a temporary
//!   name, then swapped in, so files from an earlier report (a chart the new run no
//!   longer has) never mix with the new ones.
//! * On Ctrl-C, workers stop (see [`crate::cancel`]) and then the main thread removes the
//!   temporary files and folders of the writes in progress ([`remove_in_progress`]) before
//!   exiting with code 130.
//! * Folder names are built from the input's file name, reduced to `[A-Za-z0-9._-]`,
//!   so no name from a file can climb out of the output folder.

use crate::model::Activity;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files and folders of writes in progress, removed by [`remove_in_progress`]
/// when the user interrupts (Ctrl-C), so no half-written file is left behind.
static IN_PROGRESS: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

pub(crate) fn track(path: &Path) {
    if let Ok(mut set) = IN_PROGRESS.lock() {
        set.insert(path.to_path_buf());
    }
}

pub(crate) fn untrack(path: &Path) {
    if let Ok(mut set) = IN_PROGRESS.lock() {
        set.remove(path);
    }
}

/// Remove every temporary file and folder of the writes in progress (called by the main
/// thread after an interrupted run, once no worker writes any more).
pub fn remove_in_progress() {
    let paths: Vec<PathBuf> = IN_PROGRESS
        .lock()
        .map(|mut set| std::mem::take(&mut *set).into_iter().collect())
        .unwrap_or_default();
    for p in paths {
        if p.is_dir() {
            let _ = std::fs::remove_dir_all(&p);
        } else {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// Write `bytes` to `path` atomically (temporary file in the same folder, then rename).
///
/// # Errors
/// I/O errors, with the temporary file removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    track(&tmp);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    untrack(&tmp);
    result
}

/// Reduce a string to a safe single path component.
#[must_use]
pub fn safe_component(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_matches('.').to_string();
    if s.is_empty() {
        "run".into()
    } else {
        s.chars().take(100).collect()
    }
}

/// The folder name of a run: its file name without `.gz`, plus the session index for a
/// multisport file.
#[must_use]
pub fn run_name(path: &str, a: &Activity) -> String {
    let file = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string());
    let file = file
        .strip_suffix(".gz")
        .or_else(|| file.strip_suffix(".GZ"))
        .unwrap_or(&file)
        .to_string();
    let base = safe_component(&file);
    match a.session {
        Some(s) => format!("{base}-session{s}"),
        None => base,
    }
}

/// Give every name a unique form by appending `-2`, `-3`, … in order of appearance.
#[must_use]
pub fn unique(names: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    names
        .into_iter()
        .map(|n| {
            let mut candidate = n.clone();
            let mut k = 2;
            while !seen.insert(candidate.clone()) {
                candidate = format!("{n}-{k}");
                k += 1;
            }
            candidate
        })
        .collect()
}

/// Replace `parent/name` with a folder holding exactly `files` (name, bytes).
///
/// # Errors
/// I/O errors; on failure the previous folder, if any, is left in place.
pub fn replace_dir(parent: &Path, name: &str, files: &[(String, Vec<u8>)]) -> io::Result<PathBuf> {
    // (The old folder is moved aside only after the new one is complete.)
    std::fs::create_dir_all(parent)?;
    let target = parent.join(name);
    let pid = std::process::id();
    let building = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&building);
    std::fs::create_dir(&building)?;
    let written = files
        .iter()
        .try_for_each(|(file, bytes)| write_atomic(&building.join(safe_component(file)), bytes));
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&building);
        return Err(e);
    }
    let had_old = target.exists();
    if had_old {
        std::fs::rename(&target, &old)?;
    }
    let swapped = std::fs::rename(&building, &target);
    untrack(&building);
    if let Err(e) = swapped {
        if had_old {
            let _ = std::fs::rename(&old, &target);
        }
        let _ = std::fs::remove_dir_all(&building);
        return Err(e);
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    #[test]
    fn names_cannot_escape_the_output_folder() {
        assert_eq!(safe_component("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_component(".."), "run");
        assert_eq!(safe_component("Morning Run.fit"), "Morning_Run.fit");
        let a = Activity::new(Format::Fit);
        assert_eq!(run_name("exports/123.fit.gz", &a), "123.fit");
    }

    #[test]
    fn duplicate_names_get_a_suffix() {
        let names = vec!["a".to_string(), "b".into(), "a".into(), "a".into()];
        assert_eq!(unique(names), vec!["a", "b", "a-2", "a-3"]);
    }

    #[test]
    fn a_run_folder_is_replaced_as_a_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let one = vec![
            ("a.png".to_string(), b"1".to_vec()),
            ("b.png".to_string(), b"2".to_vec()),
        ];
        let p = replace_dir(dir.path(), "run", &one).expect("write");
        let two = vec![("a.png".to_string(), b"3".to_vec())];
        replace_dir(dir.path(), "run", &two).expect("rewrite");
        assert_eq!(std::fs::read(p.join("a.png")).expect("a"), b"3");
        assert!(!p.join("b.png").exists(), "stale file kept");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .collect();
        assert_eq!(leftovers.len(), 1, "temporary folders left behind");
    }
}
