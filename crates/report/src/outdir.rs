//! Writing report files: atomically, and only inside the output folder.
//!
//! * Every write under `--out` goes through a directory handle ([`cap_std::fs::Dir`])
//!   opened once ([`crate::report_dir::ReportDir`]): names are resolved relative to
//!   it and may not leave it (no `..`, no absolute path, no symlink pointing out), so a
//!   symlink swapped in for `--out` mid-run cannot redirect a write, and no path is
//!   resolved, nor a folder created with `create_dir_all`, again mid-run.
//! * Every file is written to a temporary name in its final folder, then renamed over
//!   the target, so a reader (or a Ctrl-C) never sees half a file.
//! * A run's folder is replaced as a whole: the new folder is built under a temporary
//!   name, then swapped in, so files from an earlier report (a chart the new run no
//!   longer has) never mix with the new ones.
//! * A whole report or plan is built in a staging folder ([`Staging`]) and committed at
//!   one point: folders swapped in whole, then files renamed over their old copies.
//! * On Ctrl-C (SIGTERM, SIGHUP), workers stop (see [`stridewise_engine::cancel`]) and then the main
//!   thread removes the temporary files and folders of the writes in progress
//!   ([`remove_in_progress`]) before exiting with code 130. Those of a process killed
//!   outright are removed by the next run ([`is_stale`]).
//! * Folder names are built from the input's file name, reduced to `[A-Za-z0-9._-]`,
//!   so no name from a file can climb out of the output folder.

use cap_std::fs::Dir;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use stridewise_engine::model::Activity;

/// Temporary files and folders of writes in progress, each as (its folder's handle, its
/// name), removed by [`remove_in_progress`] when the user interrupts, so no half-written
/// file is left behind.
static IN_PROGRESS: Mutex<BTreeMap<u64, (Dir, String)>> = Mutex::new(BTreeMap::new());
static NEXT_TOKEN: AtomicU64 = AtomicU64::new(0);

/// A tracked temporary entry; [`untrack`] forgets it.
#[derive(Debug)]
pub struct Tracked(Option<u64>);

/// Remember `parent/name` as a temporary entry to remove on interrupt.
pub fn track(parent: &Dir, name: &str) -> Tracked {
    let Ok(handle) = parent.try_clone() else {
        return Tracked(None);
    };
    let token = NEXT_TOKEN.fetch_add(1, Ordering::Relaxed);
    match IN_PROGRESS.lock() {
        Ok(mut set) => {
            set.insert(token, (handle, name.to_string()));
            Tracked(Some(token))
        }
        Err(_) => Tracked(None),
    }
}

/// Forget a tracked entry (it was renamed into place or removed).
pub fn untrack(t: &Tracked) {
    if let (Some(token), Ok(mut set)) = (t.0, IN_PROGRESS.lock()) {
        set.remove(&token);
    }
}

/// Remove every temporary file and folder of the writes in progress (called by the main
/// thread after an interrupted run, once no worker writes any more).
pub fn remove_in_progress() {
    let entries: Vec<(Dir, String)> = IN_PROGRESS
        .lock()
        .map(|mut set| std::mem::take(&mut *set).into_values().collect())
        .unwrap_or_default();
    for (dir, name) in entries {
        remove_entry(&dir, &name);
    }
}

/// Remove `dir/name`, a folder with everything in it or a file; errors are ignored (the
/// entry may already be gone).
pub(crate) fn remove_entry(dir: &Dir, name: &str) {
    match dir.symlink_metadata(name) {
        Ok(m) if m.is_dir() => {
            let _ = dir.remove_dir_all(name);
        }
        Ok(_) => {
            let _ = dir.remove_file(name);
        }
        Err(_) => {}
    }
}

/// Write `bytes` to `dir/name` atomically (temporary file in the same folder, then rename).
///
/// # Errors
/// I/O errors, with the temporary file removed.
pub fn write_atomic(dir: &Dir, name: &str, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(dir, name, |f| f.write_all(bytes))
}

/// Write `dir/name` atomically as [`write_atomic`] does, the content streamed by `fill`
/// into the temporary file (for files too large to hold in memory, the plan's click
/// tracks); the file is synced and renamed into place only when `fill` succeeds.
///
/// # Errors
/// I/O errors and `fill`'s errors, with the temporary file removed.
pub(crate) fn write_atomic_with(
    dir: &Dir,
    name: &str,
    fill: impl FnOnce(&mut cap_std::fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = format!(".{name}.tmp-{}", std::process::id());
    let tracked = track(dir, &tmp);
    let result = (|| {
        let mut f = dir.create(&tmp)?;
        fill(&mut f)?;
        f.sync_all()?;
        dir.rename(&tmp, dir, name)
    })();
    if result.is_err() {
        let _ = dir.remove_file(&tmp);
    }
    untrack(&tracked);
    result
}

/// Reduce a string to a safe single path component.
#[must_use]
pub(crate) fn safe_component(text: &str) -> String {
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
pub fn replace_dir(parent: &Dir, name: &str, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    let staging = Staging::create(parent, &format!(".{name}.new-{}", std::process::id()))?;
    for (file, bytes) in files {
        write_atomic(staging.dir(), &safe_component(file), bytes)?;
    }
    staging.commit_as(name)
}

/// A folder being built under a temporary name inside its parent, committed at one point
/// ([`Staging::commit`], [`Staging::commit_as`]). Dropped uncommitted, it is removed, so a
/// failed build leaves the parent as it was.
pub struct Staging {
    parent: Dir,
    name: String,
    dir: Dir,
    tracked: Tracked,
}

impl Staging {
    /// Create `parent/name` (removing a leftover of the same name first) and open it.
    ///
    /// # Errors
    /// I/O errors creating or opening the folder.
    pub fn create(parent: &Dir, name: &str) -> io::Result<Self> {
        remove_entry(parent, name);
        let tracked = track(parent, name);
        let made = parent
            .create_dir(name)
            .and_then(|()| parent.open_dir(name))
            .and_then(|dir| Ok((parent.try_clone()?, dir)));
        match made {
            Ok((parent, dir)) => Ok(Self {
                parent,
                name: name.to_string(),
                dir,
                tracked,
            }),
            Err(e) => {
                remove_entry(parent, name);
                untrack(&tracked);
                Err(e)
            }
        }
    }

    /// The folder being built.
    #[must_use]
    pub fn dir(&self) -> &Dir {
        &self.dir
    }

    /// Swap the whole staging folder in as `parent/target` (the old one, if any, moved
    /// aside first and removed after).
    ///
    /// # Errors
    /// I/O errors; the previous folder is then put back.
    pub fn commit_as(self, target: &str) -> io::Result<()> {
        swap_in(&self.parent, &self.name, &self.parent, target)
    }

    /// Move the staged entries into the parent: each of `folders` swapped in whole, then
    /// each of `files` renamed over its old copy, in the order given (the page that links
    /// the others last).
    ///
    /// # Errors
    /// I/O errors; a folder that fails to swap is put back, and the staging folder is
    /// removed either way.
    pub fn commit(self, folders: &[&str], files: &[&str]) -> io::Result<()> {
        for f in folders {
            swap_in(&self.dir, f, &self.parent, f)?;
        }
        for f in files {
            self.dir.rename(f, &self.parent, f)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        remove_entry(&self.parent, &self.name);
        untrack(&self.tracked);
    }
}

/// Rename `from_dir/from` to `to_dir/to`, a folder replacing a folder: the old one is moved
/// aside first (`.to.old-PID`) and removed once the new one is in place, or put back when
/// the swap fails.
fn swap_in(from_dir: &Dir, from: &str, to_dir: &Dir, to: &str) -> io::Result<()> {
    let old = format!(".{to}.old-{}", std::process::id());
    remove_entry(to_dir, &old);
    let had_old = to_dir.symlink_metadata(to).is_ok();
    let tracked = track(to_dir, &old);
    if had_old {
        if let Err(e) = to_dir.rename(to, to_dir, &old) {
            untrack(&tracked);
            return Err(e);
        }
    }
    let swapped = from_dir.rename(from, to_dir, to);
    if swapped.is_err() && had_old {
        let _ = to_dir.rename(&old, to_dir, to);
    }
    remove_entry(to_dir, &old);
    untrack(&tracked);
    swapped
}

/// The process id in the name of a temporary entry of ours: `.stridewise-new-PID`, or
/// `.NAME.new-PID`, `.NAME.old-PID`, `.NAME.tmp-PID`. `None` for any other name.
#[must_use]
pub fn temporary_pid(name: &str) -> Option<u32> {
    let (head, pid) = name.strip_prefix('.')?.rsplit_once('-')?;
    let ours = head == "stridewise-new"
        || [".new", ".old", ".tmp"]
            .iter()
            .any(|s| head.len() > s.len() && head.ends_with(s));
    if !ours || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// True for a temporary entry ([`temporary_pid`]) left by another process that no longer
/// exists (killed outright, or a machine that went down): the next run removes it.
#[must_use]
pub fn is_stale(name: &str) -> bool {
    temporary_pid(name).is_some_and(|pid| pid != std::process::id() && !process_exists(pid))
}

/// True when a process `pid` exists (`kill(pid, 0)` succeeds or is refused for
/// permission).
#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    use rustix::process::{test_kill_process, Pid};
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return false;
    };
    !matches!(test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

/// Without `kill(pid, 0)`, every process is taken to exist: nothing is removed.
#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use stridewise_engine::model::Format;

    fn open(p: &Path) -> Dir {
        Dir::open_ambient_dir(p, cap_std::ambient_authority()).expect("open")
    }

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
        let d = open(dir.path());
        let one = vec![
            ("a.png".to_string(), b"1".to_vec()),
            ("b.png".to_string(), b"2".to_vec()),
        ];
        replace_dir(&d, "run", &one).expect("write");
        let two = vec![("a.png".to_string(), b"3".to_vec())];
        replace_dir(&d, "run", &two).expect("rewrite");
        let p = dir.path().join("run");
        assert_eq!(std::fs::read(p.join("a.png")).expect("a"), b"3");
        assert!(!p.join("b.png").exists(), "stale file kept");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .collect();
        assert_eq!(leftovers.len(), 1, "temporary folders left behind");
    }

    #[test]
    fn writes_stay_under_the_handle_when_the_path_is_swapped_for_a_symlink() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("out");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&out).expect("mkdir");
        std::fs::create_dir(&elsewhere).expect("mkdir");
        let d = open(&out);
        // The folder moves away and a symlink to another folder takes its name.
        let moved = dir.path().join("moved");
        std::fs::rename(&out, &moved).expect("mv");
        std::os::unix::fs::symlink(&elsewhere, &out).expect("ln");
        write_atomic(&d, "index.html", b"x").expect("write");
        replace_dir(&d, "runs", &[("a".into(), b"1".to_vec())]).expect("dir");
        assert!(moved.join("index.html").is_file() && moved.join("runs/a").is_file());
        assert_eq!(std::fs::read_dir(&elsewhere).expect("ls").count(), 0);
        // A name cannot climb out either.
        assert!(write_atomic(&d, "../escaped", b"x").is_err());
        assert!(!dir.path().join("escaped").exists());
    }

    #[test]
    fn temporary_names_and_their_process() {
        assert_eq!(temporary_pid(".stridewise-new-123"), Some(123));
        assert_eq!(temporary_pid(".audio.new-77"), Some(77));
        assert_eq!(temporary_pid(".runs.old-9"), Some(9));
        assert_eq!(temporary_pid(".index.html.tmp-4242"), Some(4242));
        for not_ours in [
            "runs",
            ".stridewise-report",
            ".new-1",
            ".audio.new-",
            ".audio.new-12a",
            "audio.new-12",
            ".x.bak-12",
        ] {
            assert_eq!(temporary_pid(not_ours), None, "{not_ours}");
        }
        assert!(!is_stale(&format!(
            ".stridewise-new-{}",
            std::process::id()
        )));
        // pid_max on Linux is at most 2^22: this process cannot exist.
        assert!(is_stale(".stridewise-new-4999999"));
        assert!(!is_stale("index.html"));
    }
}
