//! Never lose a report (issue 22, items 1, 2, 4, 5, 6): nothing to review writes nothing,
//! `--out` is held for the whole run, the plan is committed as one, every termination
//! signal cleans up, and two runs never write one folder at once.

use crate::util::{sample, stridewise, tree};
use std::path::Path;

fn stderr_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A report of `sample_data` in `out`, written with every page.
fn good_report(out: &Path) {
    let o = stridewise()
        .args(["--charts", "all", "--out"])
        .arg(out)
        .arg("sample_data")
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(out.join("runs").is_dir());
}

#[test]
fn nothing_to_review_leaves_the_previous_report_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("rep");
    good_report(&out);
    let before = tree(&out);
    let damaged = dir.path().join("damaged");
    std::fs::create_dir(&damaged).expect("mkdir");
    std::fs::write(
        damaged.join("a.fit"),
        b"\x0e\x10garbage that is no FIT file",
    )
    .expect("w");
    std::fs::write(damaged.join("b.gpx"), b"<gpx><trk><trkseg><trkpt").expect("w");
    let pain = dir.path().join("pain.csv");
    std::fs::write(&pain, "date,pain,note\n2024-03-04,2,ok\n").expect("w");
    let missing = dir.path().join("no-such-folder");
    let other = dir.path().join("no-such-file.fit");
    let cases: Vec<(Vec<&std::ffi::OsStr>, usize, &str)> = vec![
        (
            vec!["--pain-log".as_ref(), pain.as_os_str(), missing.as_os_str()],
            1,
            "no runs to review (1 path could not be opened)",
        ),
        (
            vec![missing.as_os_str(), other.as_os_str()],
            2,
            "no runs to review (2 paths could not be opened)",
        ),
        (
            vec![damaged.as_os_str()],
            2,
            "no runs to review (2 of 2 files could not be read)",
        ),
    ];
    for (args, bad_lines, why) in cases {
        let o = stridewise()
            .args(["--charts", "all", "--out"])
            .arg(&out)
            .args(&args)
            .output()
            .expect("runs");
        let err = stderr_of(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), bad_lines + 1, "{args:?}: {err}");
        let last = lines.last().copied().unwrap_or_default();
        assert!(
            last.contains(why)
                && last.ends_with(&format!(
                    "the report in {} is left as it was",
                    out.display()
                )),
            "{args:?}: {err}"
        );
        assert_eq!(tree(&out), before, "{args:?}: the report changed");
    }
}

#[test]
fn failures_never_outnumber_the_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("rep");
    let o = stridewise()
        .args(["--no-charts", "--out"])
        .arg(&out)
        .arg(sample("hilly-10k.gpx"))
        .arg(dir.path().join("missing-1"))
        .arg(dir.path().join("missing-2"))
        .output()
        .expect("runs");
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("stridewise: 2 paths could not be opened"),
        "{err}"
    );
    assert!(!err.contains("of 1 file"), "{err}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("1 run from 1 file; 0 failed (2 paths could not be opened)"),
        "{stdout}"
    );
}

#[test]
fn a_mistyped_single_file_leaves_no_report_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("rep");
    let o = stridewise()
        .arg("--out")
        .arg(&out)
        .arg(dir.path().join("nope.fit"))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(!out.exists(), "an empty report folder was left");
}

/// `stridewise plan` into `out` with `extra` args; returns the exit code and stderr.
fn plan_into(out: &Path, extra: &[&str], limit_file_size: Option<u64>) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("stridewise"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("plan")
        .args(extra)
        .arg("--out")
        .arg(out)
        .arg("sample_data")
        .stdout(std::process::Stdio::null());
    if let Some(bytes) = limit_file_size {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                let lim = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
    }
    let o = cmd.output().expect("runs");
    (o.status.code().unwrap_or(-1), stderr_of(&o))
}

/// Entries whose names mark temporary files of stridewise, anywhere below `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    tree(dir)
        .into_keys()
        .filter(|k| {
            k.split('/')
                .any(|c| c.contains(".tmp-") || c.contains(".new-") || c.contains(".old-"))
        })
        .collect()
}

#[test]
fn a_plan_write_that_fails_midway_leaves_the_previous_plan_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan");
    let (code, err) = plan_into(&out, &["--weeks", "4"], None);
    assert_eq!(code, 0, "{err}");
    let previous = tree(&out);
    assert!(
        previous.keys().any(|k| k.starts_with("audio/")),
        "{previous:?}"
    );
    let biggest = previous.values().map(Vec::len).max().unwrap_or(0) as u64;
    // Every file larger than the largest workout fails to write (EFBIG, as on a full
    // disk): the workouts are written, the first click track fails.
    let largest_workout = previous
        .iter()
        .filter(|(k, _)| k.starts_with("workouts/"))
        .map(|(_, v)| v.len())
        .max()
        .unwrap_or(0) as u64;
    assert!(largest_workout < biggest);
    let (code, err) = plan_into(&out, &["--weeks", "6"], Some(largest_workout.max(8192) + 1));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot write the plan into"), "{err}");
    assert_eq!(tree(&out), previous, "the previous plan changed");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    // Without the limit the new plan replaces the old one whole.
    let (code, err) = plan_into(&out, &["--weeks", "6"], None);
    assert_eq!(code, 0, "{err}");
    assert_ne!(tree(&out), previous);
}

#[test]
fn staging_folders_of_dead_processes_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("rep");
    good_report(&out);
    // pid_max on Linux is at most 2^22 (4,194,304): no process has these ids.
    let dead = [
        ".stridewise-new-4999998",
        ".audio.new-4999999",
        ".runs.old-4999997",
    ];
    for d in dead {
        std::fs::create_dir_all(out.join(d).join("runs")).expect("mkdir");
        std::fs::write(out.join(d).join("index.html"), b"half").expect("write");
    }
    std::fs::write(out.join(".summary.json.tmp-4999996"), b"half").expect("write");
    // This test process is alive: its entry is not another run's leftover to remove.
    let alive = format!(".stridewise-new-{}", std::process::id());
    std::fs::create_dir(out.join(&alive)).expect("mkdir");
    good_report(&out);
    for d in dead.iter().chain(&[".summary.json.tmp-4999996"]) {
        assert!(!out.join(d).exists(), "{d} left");
    }
    assert!(
        out.join(&alive).is_dir(),
        "a live process's folder was removed"
    );
}

/// Holds an exclusive `flock` on `dir`, as a running stridewise does (until dropped: the
/// descriptor is the lock).
struct Held(#[allow(dead_code)] std::fs::File);

fn hold(dir: &Path) -> Held {
    use std::os::fd::AsRawFd;
    let f = std::fs::File::open(dir).expect("open");
    // SAFETY: flock on a descriptor we own.
    let rc = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    assert_eq!(rc, 0, "flock: {}", std::io::Error::last_os_error());
    Held(f)
}

#[test]
fn a_second_run_on_a_held_out_stops_at_once_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("rep");
    good_report(&out);
    let before = tree(&out);
    let held = hold(&out);
    for cmd in [&[][..], &["plan"][..]] {
        let started = std::time::Instant::now();
        let o = stridewise()
            .args(cmd)
            .args(["--out"])
            .arg(&out)
            .arg("sample_data")
            .output()
            .expect("runs");
        let err = stderr_of(&o);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {err}");
        assert_eq!(
            err.trim_end(),
            format!(
                "stridewise: error: --out {} is in use by another stridewise run: wait for it \
                 to finish, or choose another --out",
                out.display()
            ),
            "{cmd:?}"
        );
        // Refused before the review: well under the time a review of the samples takes.
        assert!(
            started.elapsed().as_secs_f64() < 5.0,
            "{:?}",
            started.elapsed()
        );
        assert_eq!(tree(&out), before, "{cmd:?}");
    }
    drop(held);
    good_report(&out);
}

#[test]
fn two_runs_started_at_once_on_a_new_out_one_writes_the_other_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("rep");
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("stridewise"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["--charts", "all", "--jobs", "1", "--out"])
            .arg(&out)
            .arg("sample_data")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (
        a.wait_with_output().expect("a"),
        b.wait_with_output().expect("b"),
    );
    let codes = [a.status.code(), b.status.code()];
    // Either one held the folder while the other tried (0 and 2), or the second started
    // after the first had finished (0 and 0); never a report of mixed runs.
    assert!(codes.contains(&Some(0)), "{codes:?}");
    for o in [&a, &b] {
        if o.status.code() == Some(2) {
            assert!(
                stderr_of(o).contains("is in use by another stridewise run"),
                "{}",
                stderr_of(o)
            );
        } else {
            assert_eq!(o.status.code(), Some(0), "{}", stderr_of(o));
        }
    }
    assert!(out.join("index.html").is_file() && leftovers(&out).is_empty());
}

#[test]
fn out_swapped_for_a_symlink_mid_run_never_writes_into_the_link_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("rep");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::fs::create_dir(elsewhere.join("runs")).expect("mkdir");
    std::fs::write(elsewhere.join("runs/keep.txt"), b"the user's").expect("write");
    let before = tree(&elsewhere);
    for delay_ms in [50, 300, 800] {
        let _ = std::fs::remove_dir_all(&out);
        let moved = dir.path().join(format!("moved-{delay_ms}"));
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("stridewise"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["--charts", "all", "--jobs", "1", "--out"])
            .arg(&out)
            .arg("sample_data")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        if std::fs::rename(&out, &moved).is_ok() {
            std::os::unix::fs::symlink(&elsewhere, &out).expect("ln");
        }
        let o = child.wait_with_output().expect("wait");
        assert!(
            matches!(o.status.code(), Some(0 | 2)),
            "after {delay_ms} ms: {}",
            stderr_of(&o)
        );
        assert_eq!(
            tree(&elsewhere),
            before,
            "after {delay_ms} ms: the link target changed"
        );
        if o.status.code() == Some(0) && moved.exists() {
            // The report went on in the folder that was opened, wherever it moved.
            assert!(moved.join("index.html").is_file(), "after {delay_ms} ms");
        }
        let _ = std::fs::remove_file(&out);
    }
}
