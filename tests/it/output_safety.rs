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
