//! `--athletes` (issue 28, item 1): each sub-folder or archive of a cohort folder is one
//! athlete, reviewed on their own, with a roster across them.

use crate::util::{sample_data, stridewise, tree};
use std::path::Path;
use stridewise::synth::pain_folder::{folder, Truth};

/// A generated athlete: the pain folder's runs at the top of `dir`, and its pain log.
fn athlete(dir: &Path, truth: Truth, pain_log: Option<&str>) {
    std::fs::create_dir_all(dir).unwrap();
    let (files, log) = folder(truth);
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    if let Some(log) = pain_log.map(str::to_string).or(Some(log)) {
        std::fs::write(dir.join("pain.csv"), log).unwrap();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A cohort: two generated athletes with pain logs (one with pain on three days in a
/// row), the sample runs without a log, and one whose only file is not an activity.
fn cohort(dir: &Path) {
    athlete(&dir.join("bea"), Truth::HillyOnly, None);
    // Pain on three consecutive days: pain that lingers, so "zed" heads the roster.
    athlete(
        &dir.join("zed"),
        Truth::EveryRun,
        Some("date,pain,note\n2024-04-01,4,\n2024-04-02,5,\n2024-04-03,4,\n"),
    );
    copy_dir(&sample_data(), &dir.join("cy"));
    std::fs::create_dir_all(dir.join("dan")).unwrap();
    std::fs::write(dir.join("dan").join("notes.fit"), b"not a run").unwrap();
    // Neither a folder nor an archive: not an athlete.
    std::fs::write(dir.join("README.txt"), b"cohort").unwrap();
}

#[test]
fn each_athlete_is_reviewed_alone_and_the_roster_lists_them_safety_first() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("cohort");
    cohort(&c);
    let out = d.path().join("roster");
    let o = stridewise()
        .args(["--athletes", "--jobs", "2"])
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    // dan has nothing to review: one line naming his folder, exit 1, the others go on.
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("dan: no runs to review"), "{stderr}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[1].starts_with("zed "), "{stdout}");
    assert!(
        lines[1].contains("LINGERING: stop, get assessed"),
        "{stdout}"
    );
    assert!(stdout.contains("4 athletes reviewed; 1 athlete with pain that lingers"));

    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("roster.json")).unwrap()).unwrap();
    assert_eq!(doc["kind"], "stridewise-roster");
    let names: Vec<&str> = doc["athletes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["athlete"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["zed", "bea", "cy", "dan"]);
    let by = |n: &str| {
        doc["athletes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["athlete"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(by("zed")["lingering_pain"], true);
    assert_eq!(by("cy")["pain_log"], false);
    assert_eq!(by("dan")["runs"], 0);
    assert_eq!(by("dan")["failed_files"], 1);
    assert!(by("dan")["report"].is_null());

    // Each athlete's row is their own folder review: the same runs, the same focus and
    // the same newest week as `stridewise FOLDER --json` of that folder alone.
    for name in ["bea", "zed", "cy"] {
        let mut cmd = stridewise();
        cmd.arg("--json").arg(c.join(name));
        if name != "cy" {
            cmd.arg("--pain-log").arg(c.join(name).join("pain.csv"));
        }
        let alone: serde_json::Value = serde_json::from_slice(&cmd.output().unwrap().stdout)
            .expect("the folder review's JSON");
        let row = by(name);
        assert_eq!(
            row["runs"].as_u64().unwrap(),
            alone["runs"].as_array().unwrap().len() as u64,
            "{name}"
        );
        let focus: Vec<&str> = alone["focus"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        let row_focus: Vec<&str> = row["focus"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(row_focus, focus, "{name}");
        // The newest week and the cadence trend are the athlete's own trends, to 2 decimals.
        let week = alone["trends"]["weeks"].as_array().unwrap().last().unwrap();
        assert_eq!(row["latest_week"], week["label"], "{name}");
        let close = |a: &serde_json::Value, b: &serde_json::Value| match (a.as_f64(), b.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() <= 0.005 + 1e-9,
            (None, None) => true,
            _ => false,
        };
        assert!(
            close(&row["latest_week_distance_m"], &week["distance_m"]),
            "{name}"
        );
        assert!(
            close(&row["latest_week_change_pct"], &week["change_pct"]),
            "{name}"
        );
        assert!(
            close(
                &row["cadence_trend_spm_per_30d"],
                &alone["trends"]["cadence_trend_spm_per_30d"]
            ),
            "{name}"
        );
        // Each has a folder review of their own, linked from the roster.
        assert_eq!(row["report"], format!("{name}/index.html"));
        assert!(out.join(name).join("index.html").is_file());
        assert!(out.join(name).join("summary.json").is_file());
    }
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("<a href=\"bea/index.html\">bea</a>"));
    let csv = std::fs::read_to_string(out.join("roster.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(
        !out.join("dan").exists(),
        "nothing to review writes nothing"
    );
}

#[test]
fn the_roster_is_the_same_bytes_whatever_the_jobs_and_json_goes_to_stdout() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("cohort");
    cohort(&c);
    let run = |jobs: &str, out: &Path| {
        stridewise()
            .args(["--athletes", "--jobs", jobs, "--charts", "none"])
            .arg(&c)
            .arg("--out")
            .arg(out)
            .env("TZ", if jobs == "1" { "UTC" } else { "Asia/Kolkata" })
            .output()
            .unwrap()
    };
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    let (oa, ob) = (run("1", &a), run("2", &b));
    assert_eq!(oa.stdout, ob.stdout);
    // Every file, the athletes' own reviews included: the output folder is in none of them.
    assert_eq!(tree(&a), tree(&b));
    // --json without --out: the roster document on stdout, no folder written.
    let o = stridewise()
        .args(["--athletes", "--json"])
        .arg(&c)
        .current_dir(d.path())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["athletes"].as_array().unwrap().len(), 4);
    assert!(!d.path().join("stridewise-report").exists());
}

#[test]
fn a_file_is_not_a_cohort_and_pain_log_or_plan_are_refused() {
    let o = stridewise()
        .args(["--athletes", "--no-charts"])
        .arg(crate::util::sample("hilly-10k.fit"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("hilly-10k.fit: --athletes takes a folder holding one sub-folder"),
        "{stderr}"
    );
    for refused in [
        &["--pain-log", "p.csv"][..],
        &["--plan", "plan.json"],
        // Each athlete's rows carry their own name.
        &["--parquet", "--athlete", "ann"],
    ] {
        let o = stridewise()
            .arg("--athletes")
            .args(refused)
            .arg(sample_data())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{refused:?}");
    }
}

#[test]
fn with_parquet_each_athletes_files_carry_their_name() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("cohort");
    athlete(&c.join("bea"), Truth::HillyOnly, None);
    copy_dir(&sample_data(), &c.join("cy"));
    let out = d.path().join("roster");
    stridewise()
        .args(["--athletes", "--parquet", "--charts", "none"])
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    // `read_parquet('roster/*/runs.parquet')` is the cohort: each row says whose run it is.
    for name in ["bea", "cy"] {
        let (rows, _) = crate::parquet::read(&out.join(name).join("runs.parquet"));
        assert!(!rows.is_empty(), "{name}");
        for r in &rows {
            assert_eq!(r["athlete"], serde_json::Value::from(name), "{name}: {r:?}");
        }
    }
}
