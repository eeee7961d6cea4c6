//! Which report folder stridewise may write into, and what in it it may replace.
//!
//! Rule: stridewise replaces or deletes only what it created.
//! * `--out` may not be an input, nor contain one (a file named on the command line, or any
//!   file below a folder named there): paths are compared after canonicalisation
//!   (symlinks resolved, `.` and `..` removed; for an `--out` that does not exist yet, its
//!   deepest existing ancestor is canonicalised and the rest appended). Refused before
//!   anything is written.
//! * A report folder holds a manifest, [`MANIFEST`], listing the top-level entries
//!   stridewise wrote there. An entry may be replaced only when it does not exist or the
//!   manifest lists it. A folder without a manifest is adopted only when it is empty (or
//!   does not exist yet); any other folder is refused, so `--out ~/Documents` cannot
//!   replace a file that happens to be called `index.html`.
//! * The manifest is written (atomically) before the entries it names, so an interrupted
//!   first write still leaves a folder stridewise knows it owns.
//! * The folder is opened once, as a handle every later write goes through
//!   ([`crate::outdir`]), and claimed with an exclusive `flock(2)` on that handle
//!   before the review starts: a second run on the same `--out` stops at once with
//!   [`OutError::Busy`]. The lock goes with the process (no lock file to leave behind).
//! * Once the folder is claimed, temporary entries of processes that no longer exist
//!   (`.stridewise-new-PID`, `.audio.new-PID`, …: a run killed outright) are removed.

use cap_std::fs::Dir;
use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The manifest's file name inside a report folder.
pub const MANIFEST: &str = ".stridewise-report";

const HEADER: &str =
    "# stridewise report folder: stridewise replaces only the entries listed here.";

/// Why a report folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum OutError {
    /// `--out` is an input or holds one.
    #[error("--out {out} {relation} the input {input}: choose a report folder outside the inputs")]
    HoldsInput {
        /// `--out` as given.
        out: String,
        /// "is" or "contains".
        relation: &'static str,
        /// The input as given.
        input: String,
    },
    /// A folder stridewise did not create.
    #[error("--out {0} is not empty and is not a stridewise report folder (no {MANIFEST} in it): choose a new or empty folder")]
    NotOurs(String),
    /// An entry of the report folder stridewise did not write.
    #[error("{0} was not written by stridewise (its {MANIFEST} does not list it): not replaced; move it away or choose another --out")]
    EntryNotOurs(String),
    /// `--out` exists and is not a folder.
    #[error("--out {0} is not a folder")]
    NotAFolder(String),
    /// Another run holds the folder.
    #[error("--out {0} is in use by another stridewise run: wait for it to finish, or choose another --out")]
    Busy(String),
    /// The folder or its manifest cannot be read or written.
    #[error("cannot write the report into {0}: {1}")]
    Io(String, io::Error),
}

/// A report folder checked against the inputs, held open and locked, with the entries
/// stridewise owns in it.
#[derive(Debug)]
pub struct ReportDir {
    path: PathBuf,
    dir: Dir,
    owned: BTreeSet<String>,
    created: bool,
    _lock: Lock,
}

impl ReportDir {
    /// Check `out` against `inputs` and its manifest, creating it when missing.
    ///
    /// # Errors
    /// [`OutError`]: an `--out` that is or holds an input, a folder stridewise did not
    /// create, or an I/O error.
    pub fn open(out: &Path, inputs: &[PathBuf]) -> Result<Self, OutError> {
        check_inputs(out, inputs)?;
        let shown = out.display().to_string();
        let io = |e| OutError::Io(shown.clone(), e);
        let mut created = false;
        match std::fs::metadata(out) {
            Ok(m) if !m.is_dir() => return Err(OutError::NotAFolder(shown)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // The only folder creation by path: from here on every write goes through
                // the handle.
                std::fs::create_dir_all(out).map_err(io)?;
                created = true;
            }
            Err(e) => return Err(io(e)),
        }
        let dir = Dir::open_ambient_dir(out, cap_std::ambient_authority()).map_err(io)?;
        let lock = lock(&dir).map_err(|e| {
            if e.kind() == io::ErrorKind::WouldBlock {
                OutError::Busy(shown.clone())
            } else {
                io(e)
            }
        })?;
        let owned = match dir.read_to_string(MANIFEST) {
            Ok(text) => parse_manifest(&text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if dir.entries().map_err(io)?.next().is_some() {
                    return Err(OutError::NotOurs(shown));
                }
                BTreeSet::new()
            }
            Err(e) => return Err(io(e)),
        };
        // Ours, and held: leftovers of runs killed outright can go.
        if let Ok(entries) = dir.entries() {
            for name in entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
            {
                if super::outdir::is_stale(&name) {
                    super::outdir::remove_entry(&dir, &name);
                }
            }
        }
        Ok(Self {
            path: out.to_path_buf(),
            dir,
            owned,
            created,
            _lock: lock,
        })
    }

    /// The folder's handle: every write into the report goes through it.
    #[must_use]
    pub fn handle(&self) -> &Dir {
        &self.dir
    }

    /// True when this run created the folder.
    #[must_use]
    pub fn created(&self) -> bool {
        self.created
    }

    /// Give the folder up unused: removed when this run created it and it is still empty
    /// (nothing to review leaves no empty report folder behind).
    pub fn abandon(self) {
        let empty = self.dir.entries().is_ok_and(|mut e| e.next().is_none());
        if self.created && empty {
            let _ = std::fs::remove_dir(&self.path);
        }
    }

    /// The folder.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when `name` (a top-level entry) may be replaced: absent, or listed.
    #[must_use]
    pub(crate) fn may_replace(&self, name: &str) -> bool {
        self.owned.contains(name) || self.dir.symlink_metadata(name).is_err()
    }

    /// Entries listed in the manifest.
    #[must_use]
    pub(crate) fn owned(&self) -> &BTreeSet<String> {
        &self.owned
    }

    /// Check that every entry of `names` may be replaced, then add them to the manifest
    /// (written atomically) before any of them is written.
    ///
    /// # Errors
    /// [`OutError::EntryNotOurs`] for the first entry stridewise did not write; I/O errors.
    pub fn claim<'a>(
        &mut self,
        names: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Result<(), OutError> {
        self.check(names.clone())?;
        self.record(names)
    }

    /// Check that every entry of `names` may be replaced, writing nothing.
    ///
    /// # Errors
    /// [`OutError::EntryNotOurs`] for the first entry stridewise did not write.
    pub fn check<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Result<(), OutError> {
        match names.into_iter().find(|n| !self.may_replace(n)) {
            Some(n) => Err(OutError::EntryNotOurs(
                self.path.join(n).display().to_string(),
            )),
            None => Ok(()),
        }
    }

    /// Add `names` to the manifest (written atomically when it changes); call it before
    /// the entries are put in place.
    ///
    /// # Errors
    /// I/O errors writing the manifest.
    pub fn record<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) -> Result<(), OutError> {
        let before = self.owned.len();
        self.owned.extend(names.into_iter().map(str::to_string));
        if self.owned.len() != before || self.dir.symlink_metadata(MANIFEST).is_err() {
            self.write_manifest()?;
        }
        Ok(())
    }

    /// Forget entries that are gone (after stale ones were removed), rewriting the manifest.
    ///
    /// # Errors
    /// I/O errors writing the manifest.
    pub(crate) fn forget(&mut self, names: &[String]) -> Result<(), OutError> {
        for n in names {
            self.owned.remove(n);
        }
        self.write_manifest()
    }

    fn write_manifest(&self) -> Result<(), OutError> {
        let mut text = String::from(HEADER);
        text.push('\n');
        for n in &self.owned {
            text.push_str(n);
            text.push('\n');
        }
        super::outdir::write_atomic(&self.dir, MANIFEST, text.as_bytes())
            .map_err(|e| OutError::Io(self.path.display().to_string(), e))
    }
}

/// The folder opened for reading through its handle (`openat(dir, ".")`: the handle
/// itself is an `O_PATH` descriptor, which `flock` refuses), exclusively locked without
/// waiting (`WouldBlock` when another process holds it). The lock lasts as long as the
/// returned descriptor. A file system that cannot lock (`flock` unsupported: some network
/// and FUSE mounts) leaves the folder unlocked rather than unusable.
#[cfg(unix)]
fn lock(dir: &Dir) -> io::Result<Lock> {
    use rustix::fs::{flock, openat, FlockOperation, Mode, OFlags};
    let Ok(fd) = openat(
        dir,
        ".",
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    ) else {
        return Ok(Lock(None));
    };
    match flock(&fd, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(Lock(Some(fd))),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Err(io::Error::from(e)),
        Err(_) => Ok(Lock(None)),
    }
}

/// No `flock` here: the folder is not locked.
#[cfg(not(unix))]
fn lock(_dir: &Dir) -> io::Result<Lock> {
    Ok(Lock(None))
}

/// The folder's lock, held while it lives.
#[derive(Debug)]
struct Lock(#[allow(dead_code)] Option<LockFd>);

#[cfg(unix)]
type LockFd = rustix::fd::OwnedFd;
#[cfg(not(unix))]
type LockFd = ();

/// Entry names of a manifest: one per line; blank lines, `#` comments and names that are
/// not a single plain component are ignored (a hand-edited manifest cannot point outside).
fn parse_manifest(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| {
            let mut c = Path::new(l).components();
            matches!((c.next(), c.next()), (Some(Component::Normal(_)), None)) && *l != MANIFEST
        })
        .map(str::to_string)
        .collect()
}

/// Refuse an `--out` that is one of `inputs` or holds one.
fn check_inputs(out: &Path, inputs: &[PathBuf]) -> Result<(), OutError> {
    let out_abs = resolve(out).map_err(|e| OutError::Io(out.display().to_string(), e))?;
    for input in inputs {
        // A missing input is reported by discovery, not here.
        let Ok(input_abs) = std::fs::canonicalize(input) else {
            continue;
        };
        let relation = if input_abs == out_abs {
            Some("is")
        } else if input_abs.starts_with(&out_abs) {
            Some("contains")
        } else {
            None
        };
        if let Some(relation) = relation {
            return Err(OutError::HoldsInput {
                out: out.display().to_string(),
                relation,
                input: input.display().to_string(),
            });
        }
    }
    Ok(())
}

/// `path` made absolute and canonical as far as it exists: the deepest existing ancestor is
/// canonicalised (symlinks resolved) and the missing rest appended, with `.` and `..`
/// applied.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(existing) {
            let mut out = c;
            for comp in rest.iter().rev() {
                match comp {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(n) => out.push(n),
                    _ => {}
                }
            }
            return Ok(out);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_out_that_is_or_holds_an_input_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::create_dir_all(d.join("runs")).expect("mkdir");
        std::fs::write(d.join("runs/a.fit"), b"x").expect("write");
        let refused = |out: PathBuf, input: PathBuf| {
            let e = ReportDir::open(&out, &[input]).expect_err("refused");
            assert!(matches!(e, OutError::HoldsInput { .. }), "{e}");
            e.to_string()
        };
        let msg = refused(d.to_path_buf(), d.join("runs/a.fit"));
        assert!(msg.contains(" contains the input "), "{msg}");
        refused(d.join("runs/../runs/a.fit"), d.join("runs/a.fit"));
        refused(d.to_path_buf(), d.to_path_buf());
        refused(d.join("runs/x/.."), d.join("runs"));
        // Through a symlink.
        std::os::unix::fs::symlink(d.join("runs"), d.join("link")).expect("symlink");
        refused(d.join("link"), d.join("runs/a.fit"));
        // Beside the inputs, or inside an input folder, is fine.
        ReportDir::open(&d.join("report"), &[d.join("runs")]).expect("beside");
        ReportDir::open(&d.join("runs/report"), &[d.join("runs")]).expect("below");
    }

    #[test]
    fn only_listed_entries_are_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r");
        let mut r = ReportDir::open(&out, &[]).expect("new folder");
        r.claim(["index.html", "runs"]).expect("claim");
        // Held: a second open (another run) is refused until the first lets go.
        let e = ReportDir::open(&out, &[]).expect_err("busy");
        assert!(matches!(e, OutError::Busy(_)), "{e}");
        drop(r);
        std::fs::write(out.join("index.html"), b"ours").expect("write");
        std::fs::write(out.join("notes.txt"), b"the user's").expect("write");
        let mut again = ReportDir::open(&out, &[]).expect("ours");
        assert!(again.may_replace("index.html"));
        assert!(again.may_replace("runs.csv"), "absent");
        assert!(!again.may_replace("notes.txt"));
        let e = again
            .claim(["index.html", "notes.txt"])
            .expect_err("not ours");
        assert!(matches!(e, OutError::EntryNotOurs(_)), "{e}");
        drop(again);
        // A folder with files and no manifest is not adopted.
        std::fs::remove_file(out.join(MANIFEST)).expect("rm");
        let e = ReportDir::open(&out, &[]).expect_err("not ours");
        assert!(matches!(e, OutError::NotOurs(_)), "{e}");
        // An empty one is.
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).expect("mkdir");
        ReportDir::open(&empty, &[]).expect("empty");
    }

    #[test]
    fn a_manifest_cannot_name_anything_outside_the_folder() {
        let m = parse_manifest("# c\nindex.html\n../x\n/etc/passwd\na/b\n.\n..\n\nruns\n");
        assert_eq!(
            m.into_iter().collect::<Vec<_>>(),
            vec!["index.html".to_string(), "runs".into()]
        );
    }
}
