//! Issue 15: a runner's files are never destroyed, and hostile inputs are refused cleanly.
//! Every input is generated here (no binary fixtures).

use super::util::tree;
use crate::util::stridewise;
use chrono::{DateTime, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use stridewise::synth::{self, gpx, Scenario};

fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 7, 0, 0)
        .single()
        .expect("date")
}

/// A GPX of the 5:1 run-walk scenario starting at `start`, named `name`.
fn gpx_run(start: DateTime<Utc>, name: &str) -> String {
    let mut s = Scenario::run_walk_5_1();
    s.start = start;
    let run = synth::generate(&s).expect("scenario");
    let opts = gpx::GpxOptions {
        name: Some(name.into()),
        ..gpx::GpxOptions::default()
    };
    gpx::write(&run, &opts).expect("gpx")
}

/// `n` distinct runs (a day apart from 2024-03-01) written as GPX files into `dir`.
fn write_runs(dir: &Path, n: u32, from_day: u32) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("mkdir");
    (0..n)
        .map(|i| {
            let d = from_day + i;
            let start = day(2024, 3, 1) + chrono::TimeDelta::days(i64::from(d));
            let p = dir.join(format!("run-{d:03}.gpx"));
            std::fs::write(&p, gpx_run(start, &format!("Run {d}"))).expect("write");
            p
        })
        .collect()
}

fn stderr_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------
// Item 1: --out that is or holds an input

#[test]
fn out_holding_an_input_file_is_refused_and_the_input_survives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("runs");
    let inputs = write_runs(&d, 2, 0);
    let before = tree(&d);
    for args in [
        // One run: the single-run report.
        vec![d.clone(), inputs[0].clone()],
        // A folder review.
        vec![d.clone(), inputs[0].clone(), inputs[1].clone()],
        // Through `..` and a trailing component.
        vec![d.join("sub/.."), inputs[0].clone()],
        // The input itself as --out.
        vec![inputs[0].clone(), inputs[0].clone()],
    ] {
        let (out, paths) = args.split_first().expect("args");
        let o = stridewise()
            .arg("--out")
            .arg(out)
            .args(paths)
            .output()
            .expect("runs");
        let err = stderr_of(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with("stridewise: error: --out ") && err.contains(" the input "),
            "{err}"
        );
        assert_eq!(tree(&d), before, "the input folder changed");
        let names: Vec<_> = std::fs::read_dir(&d).expect("ls").flatten().collect();
        assert_eq!(names.len(), 2, "something was added next to the inputs");
    }
}

#[test]
fn out_holding_the_input_folder_is_refused_even_through_a_symlink() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("data");
    write_runs(&root.join("runs"), 2, 0);
    std::os::unix::fs::symlink(&root, dir.path().join("link")).expect("symlink");
    let before = tree(&root);
    for (out, input) in [
        (root.clone(), root.clone()),
        (root.clone(), root.join("runs")),
        (dir.path().join("link"), root.join("runs")),
        (root.join("runs/../"), root.join("runs")),
    ] {
        let o = stridewise()
            .args(["--charts", "all", "--out"])
            .arg(&out)
            .arg(&input)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
        assert!(stderr_of(&o).contains(" the input "), "{}", stderr_of(&o));
        assert_eq!(tree(&root), before, "--out {}", out.display());
    }
}

#[test]
fn a_folder_stridewise_did_not_create_is_not_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = write_runs(&dir.path().join("in"), 2, 0);
    let mine = dir.path().join("documents");
    std::fs::create_dir_all(mine.join("runs")).expect("mkdir");
    std::fs::write(mine.join("index.html"), b"my homepage").expect("write");
    std::fs::write(mine.join("runs/notes.txt"), b"my notes").expect("write");
    let before = tree(&mine);
    let o = stridewise()
        .arg("--out")
        .arg(&mine)
        .args(&inputs)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains("is not a stridewise report folder"),
        "{}",
        stderr_of(&o)
    );
    assert_eq!(tree(&mine), before);

    // A report folder of ours holding a file the manifest does not list: that entry is
    // not replaced either.
    let out = dir.path().join("report");
    stridewise()
        .arg("--out")
        .arg(&out)
        .args(&inputs)
        .assert()
        .success();
    std::fs::write(out.join("trend-weekly.png.keep"), b"x").expect("write");
    std::fs::remove_dir_all(out.join("runs")).expect("rm");
    std::fs::write(out.join("runs"), b"a file of the user's where runs/ was").expect("write");
    let manifest = std::fs::read_to_string(out.join(".stridewise-report")).expect("manifest");
    std::fs::write(
        out.join(".stridewise-report"),
        manifest.replace("\nruns\n", "\n"),
    )
    .expect("write");
    let o = stridewise()
        .arg("--out")
        .arg(&out)
        .args(&inputs)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains("was not written by stridewise"),
        "{}",
        stderr_of(&o)
    );
    assert_eq!(
        std::fs::read(out.join("runs")).expect("kept"),
        b"a file of the user's where runs/ was"
    );
}

// ---------------------------------------------------------------------------------------
// Items 2 and 3: Ctrl-C and failed writes keep the previous report whole

/// Entries whose names mark temporary files of stridewise.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls").flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.contains(".tmp-")
                || name.contains(".new-")
                || name.contains(".old-")
                || name.starts_with(".stridewise-new")
            {
                found.push(e.path().display().to_string());
            }
            if e.path().is_dir() {
                stack.push(e.path());
            }
        }
    }
    found
}

fn review_into(out: &Path, input: &Path) {
    stridewise()
        .args(["--charts", "all", "--jobs", "2", "--out"])
        .arg(out)
        .arg(input)
        .assert()
        .success();
}

#[test]
fn ctrl_c_keeps_the_previous_report_whole_and_exits_130() {
    a_signal_keeps_the_previous_report_whole(libc::SIGINT, &[30, 120, 250, 400, 700, 1000, 1500]);
}

/// SIGTERM (`kill`, `timeout`) and SIGHUP (a closed terminal) are handled as Ctrl-C is
/// (issue 22, item 5): no `.stridewise-new-PID` or other staging folder is left.
#[test]
fn sigterm_and_sighup_clean_up_as_ctrl_c_does() {
    a_signal_keeps_the_previous_report_whole(libc::SIGTERM, &[120, 400, 1000]);
    a_signal_keeps_the_previous_report_whole(libc::SIGHUP, &[120, 400, 1000]);
}

fn a_signal_keeps_the_previous_report_whole(signal: libc::c_int, delays_ms: &[u64]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    write_runs(&input, 6, 0);
    let out = dir.path().join("report");
    review_into(&out, &input);
    let previous = tree(&out);
    assert!(previous.keys().filter(|k| k.starts_with("runs/")).count() >= 6);
    // More runs now: the complete new report differs from the previous one.
    write_runs(&input, 4, 6);
    let full = dir.path().join("full");
    review_into(&full, &input);
    let complete = tree(&full);
    assert_ne!(previous, complete);

    let mut interrupted = 0;
    for &delay_ms in delays_ms {
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("stridewise"))
            .args(["--charts", "all", "--jobs", "2", "--out"])
            .arg(&out)
            .arg(&input)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let pid = libc::pid_t::try_from(child.id()).expect("pid");
        // SAFETY: sending a signal to our own child process (a zombie until waited for, so
        // the pid cannot have been reused).
        unsafe {
            libc::kill(pid, signal);
        }
        let o = child.wait_with_output().expect("wait");
        let now = tree(&out);
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
        match o.status.code() {
            Some(130) => {
                interrupted += 1;
                assert!(
                    now == previous || now == complete,
                    "after {delay_ms} ms: a report that is neither the old nor the new one"
                );
            }
            // Finished before the signal arrived.
            Some(0) => assert_eq!(now, complete, "after {delay_ms} ms"),
            other => panic!("after {delay_ms} ms: exit {other:?}: {}", stderr_of(&o)),
        }
        // Start each round from the previous report.
        std::fs::remove_dir_all(&out).expect("rm");
        restore(&out, &previous);
    }
    assert!(interrupted > 0, "no run was interrupted");
}

/// Two trees are equal; on failure, name the paths that differ (not their bytes).
fn assert_same_tree(
    now: &std::collections::BTreeMap<String, Vec<u8>>,
    want: &std::collections::BTreeMap<String, Vec<u8>>,
) {
    let differ: Vec<&String> = now
        .keys()
        .chain(want.keys())
        .filter(|k| now.get(*k) != want.get(*k))
        .collect();
    let show = |t: &std::collections::BTreeMap<String, Vec<u8>>, k: &String| {
        t.get(k).map(|b| {
            String::from_utf8_lossy(b)
                .chars()
                .take(300)
                .collect::<String>()
        })
    };
    let shown: Vec<_> = differ
        .iter()
        .map(|k| (k, show(now, k), show(want, k)))
        .collect();
    assert!(differ.is_empty(), "the previous report changed: {shown:?}");
}

/// Write `files` (relative path → bytes) below `dir`.
fn restore(dir: &Path, files: &std::collections::BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in files {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, bytes).expect("write");
    }
}

#[test]
fn a_write_that_fails_mid_report_keeps_the_previous_one_and_exits_2() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    write_runs(&input, 3, 0);
    let out = dir.path().join("report");
    review_into(&out, &input);
    let previous = tree(&out);
    write_runs(&input, 2, 3);
    // Every file larger than 16 KiB fails to write (EFBIG), as on a full disk: the charts
    // do, the manifest does not. RLIMIT_FSIZE works as root, unlike a read-only folder.
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("stridewise"));
    cmd.args(["--charts", "all", "--out"]).arg(&out).arg(&input);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: 16 * 1024,
                rlim_max: 16 * 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = cmd.output().expect("runs");
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the report into"), "{err}");
    assert_same_tree(&tree(&out), &previous);
    assert!(
        leftovers(dir.path()).is_empty(),
        "{:?}",
        leftovers(dir.path())
    );
}

// ---------------------------------------------------------------------------------------
// Item 8: pain log and rules read with a cap

#[test]
fn dev_zero_as_pain_log_or_rules_fails_fast_with_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = write_runs(&dir.path().join("in"), 2, 0);
    for flag in ["--pain-log", "--rules"] {
        let o = stridewise()
            .args([flag, "/dev/zero", "--no-charts", "--out"])
            .arg(dir.path().join("r"))
            .args(&inputs)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .expect("runs");
        let err = stderr_of(&o);
        assert_eq!(o.status.code(), Some(2), "{flag}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("larger than 16 MiB"), "{err}");
    }
}

// ---------------------------------------------------------------------------------------
// Item 10: an implausible date does not hide the export

#[test]
fn a_run_dated_9999_is_undated_and_the_rest_stay_in_the_trends() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    write_runs(&input, 3, 0);
    for (file, year) in [("far.gpx", 9999), ("old.gpx", 1900)] {
        let text = gpx_run(day(2024, 3, 10), "broken clock")
            .replace("2024-03-10T", &format!("{year}-03-10T"))
            .replace("2024-03-11T", &format!("{year}-03-11T"));
        std::fs::write(input.join(file), text).expect("write");
    }
    let o = stridewise()
        .args(["--json", "--no-charts", "--out"])
        .arg(dir.path().join("r"))
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 5);
    let dated: Vec<&str> = runs
        .iter()
        .filter_map(|r| r["start_time"].as_str())
        .collect();
    assert_eq!(dated.len(), 3, "{dated:?}");
    assert!(
        dated.iter().all(|t| t.starts_with("2024-03-0")),
        "{dated:?}"
    );
    let weeks = v["trends"]["weeks"].as_array().expect("weeks");
    let labels: Vec<String> = weeks
        .iter()
        .map(|w| w.to_string())
        .filter(|w| w.contains("9999") || w.contains("1900"))
        .collect();
    assert!(labels.is_empty(), "{labels:?}");
    assert!(!weeks.is_empty());
    assert!(
        weeks.iter().any(|w| w.to_string().contains("2024")),
        "{weeks:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Item 12: runs.csv and the terminal get no formulas and no control characters

#[test]
fn formulas_and_escapes_from_names_are_neutralised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    let names = [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "@SUM(1+1)\u{1b}[2J",
        "\u{202E}nuR ysae",
    ];
    for (i, name) in names.iter().enumerate() {
        let start = day(2024, 3, 1) + chrono::TimeDelta::days(i64::try_from(i).expect("i"));
        // GPX cannot hold ESC (XML 1.0 forbids it): written as a character reference,
        // which the reader rejects or keeps; either way it must not reach the outputs.
        let text =
            gpx_run(start, &name.replace('\u{1b}', "")).replace("@SUM(1+1)", "@SUM(1+1)\u{7}");
        std::fs::write(input.join(format!("r{i}.gpx")), text).expect("write");
    }
    let out = dir.path().join("r");
    let o = stridewise()
        .args(["--charts", "none", "--out"])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    for bad in ['\u{202E}', '\u{1b}', '\u{7}'] {
        assert!(!stdout.contains(bad), "{bad:?} on the terminal: {stdout}");
    }
    assert!(stdout.contains("nuR ysae"), "{stdout}");
    let csv = std::fs::read_to_string(out.join("runs.csv")).expect("csv");
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let cells: Vec<String> = rdr
        .records()
        .map(|r| r.expect("record").get(2).expect("name").to_string())
        .collect();
    assert_eq!(
        cells,
        vec![
            "'=HYPERLINK(\"http://evil.example\",\"click\")".to_string(),
            "'@SUM(1+1)[2J".into(),
            "nuR ysae".into(),
        ]
    );
    for bad in ['\u{202E}', '\u{1b}', '\u{7}'] {
        assert!(!csv.contains(bad), "{bad:?} in runs.csv");
    }
    // Numbers stay numbers: no cell of ours gets a quote.
    assert!(!csv.contains(",'0") && !csv.contains(",'-"), "{csv}");
}

// ---------------------------------------------------------------------------------------
// Item 9: FIFOs and process substitution

pub(crate) fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(rc, 0, "mkfifo: {}", std::io::Error::last_os_error());
}

#[test]
fn process_substitution_is_read_as_a_stream() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("run.gpx");
    std::fs::write(&file, gpx_run(day(2024, 3, 1), "piped")).expect("write");
    let bin = assert_cmd::cargo::cargo_bin("stridewise");
    let o = std::process::Command::new("bash")
        .arg("-c")
        .arg("\"$0\" inspect --json <(cat \"$1\")")
        .arg(&bin)
        .arg(&file)
        .output();
    let Ok(o) = o else {
        eprintln!("bash not found: process substitution not tested");
        return;
    };
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["runs"][0]["name"], "piped");

    // The same through a FIFO written by another thread, in a folder review.
    let fifo = dir.path().join("p.gpx");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        let bytes = gpx_run(day(2024, 3, 2), "fifo");
        std::thread::spawn(move || std::fs::write(fifo, bytes))
    };
    let o = stridewise()
        .args(["--json", "--no-charts", "--out"])
        .arg(dir.path().join("r"))
        .arg(&fifo)
        .arg(&file)
        .output()
        .expect("runs");
    writer.join().expect("writer").expect("written");
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_fifo_nobody_writes_to_is_refused_and_the_rest_is_reviewed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("silent.fit");
    mkfifo(&fifo);
    let file = dir.path().join("run.gpx");
    std::fs::write(&file, gpx_run(day(2024, 3, 1), "real")).expect("write");
    let o = stridewise()
        .args(["--json", "--no-charts", "--out"])
        .arg(dir.path().join("r"))
        .arg(&fifo)
        .arg(&file)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("silent.fit: cannot read: nothing to read within 5 s"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(1));
}

// ---------------------------------------------------------------------------------------
// Item 11: text encodings

#[test]
fn utf16_and_latin1_gpx_read_with_their_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = gpx_run(day(2024, 3, 1), "Lauf über Hügel");
    assert!(
        text.contains("encoding=\"UTF-8\""),
        "the synth header changed"
    );
    let utf16 = text.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut le = vec![0xFF, 0xFE];
    le.extend(utf16.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(utf16.encode_utf16().flat_map(u16::to_be_bytes));
    let latin1: Vec<u8> = text
        .replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("latin-1 text"))
        .collect();
    for (file, bytes) in [("le.gpx", le), ("be.gpx", be), ("latin1.gpx", latin1)] {
        let p = dir.path().join(file);
        std::fs::write(&p, bytes).expect("write");
        let o = stridewise()
            .args(["inspect", "--json"])
            .arg(&p)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr_of(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        assert_eq!(v["runs"][0]["name"], "Lauf über Hügel", "{file}");
    }
}

// ---------------------------------------------------------------------------------------
// Items 4 and 7: zip members under one name, and the total an archive may inflate

/// A zip of `entries` (deflated) written by the zip crate, then every member renamed
/// `name` in the local and central headers (the crate refuses to write a duplicate name;
/// every name must have the length of `name`).
fn zip_with_one_name(entries: &[(&str, &[u8])], name: &str) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (n, bytes) in entries {
        w.start_file(*n, zip::write::SimpleFileOptions::default())
            .expect("member");
        w.write_all(bytes).expect("write");
    }
    let mut z = w.finish().expect("zip").into_inner();
    for (n, _) in entries {
        assert_eq!(n.len(), name.len());
        let mut i = 0;
        while i + n.len() <= z.len() {
            if &z[i..i + n.len()] == n.as_bytes() {
                z[i..i + n.len()].copy_from_slice(name.as_bytes());
            }
            i += 1;
        }
    }
    z
}

#[test]
fn two_runs_under_one_member_name_are_two_runs_in_a_folder_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = gpx_run(day(2024, 3, 1), "First of two");
    let second = gpx_run(day(2024, 3, 8), "Second of two");
    let z = zip_with_one_name(
        &[
            ("run.gpx", first.as_bytes()),
            ("rux.gpx", second.as_bytes()),
        ],
        "run.gpx",
    );
    let archive = dir.path().join("export.zip");
    std::fs::write(&archive, &z).expect("write");
    let o = stridewise()
        .args(["--json", "--no-charts", "--out"])
        .arg(dir.path().join("r"))
        .arg(&archive)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let runs = v["runs"].as_array().expect("runs");
    let mut got: Vec<(String, String)> = runs
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap_or_default().to_string(),
                r["source"]["path"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    got.sort();
    let a = archive.display();
    assert_eq!(
        got,
        vec![
            ("First of two".to_string(), format!("{a}/run.gpx")),
            ("Second of two".to_string(), format!("{a}/run.gpx#2")),
        ]
    );
}

#[test]
fn an_archive_inflating_past_4_gib_in_total_is_refused_with_one_line() {
    use std::io::Write;
    // One deflated member of 120 MiB of zeros (about 120 KB), copied raw 36 times: a
    // 4.4 MB archive whose members inflate to 4.2 GiB, each under the 128 MiB member cap.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("m00.fit", zip::write::SimpleFileOptions::default())
        .expect("member");
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..120 {
        w.write_all(&zeros).expect("write");
    }
    let one = w.finish().expect("zip").into_inner();
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(one)).expect("reopen");
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..36 {
        let m = src.by_index_raw(0).expect("member");
        w.raw_copy_file_rename(m, format!("m{i:02}.fit"))
            .expect("copy");
    }
    let bomb = w.finish().expect("zip").into_inner();
    assert!(bomb.len() < 8 << 20, "{}", bomb.len());

    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    write_runs(&input, 1, 0);
    let archive = input.join("bomb.zip");
    std::fs::write(&archive, &bomb).expect("write");
    let o = stridewise()
        .args(["--json", "--no-charts", "--out"])
        .arg(dir.path().join("r"))
        .arg(&input)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("bomb.zip")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("inflate to more than 4096 MiB in total"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v["runs"].as_array().map(Vec::len),
        Some(1),
        "the run next to it"
    );
}
