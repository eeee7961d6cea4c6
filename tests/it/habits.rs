//! Issue 14: command-line habits (ripgrep, fd, hyperfine), volume findings that match what
//! happened, cross-training, and the pages' text. Folders are generated here with known
//! truth: straight-line GPX tracks at a constant speed, so distance and time are exact.

use crate::util::stridewise;
use predicates::str::contains;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Files and folders below `dir`, relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let e = e.expect("entry");
        out.push(e.file_name().to_string_lossy().into_owned());
    }
    out.sort();
    out
}

/// Metres per degree of latitude on the sphere of R = 6 371 km.
const M_PER_DEG: f64 = 6_371_000.0 * std::f64::consts::PI / 180.0;

/// A GPX track due north from (47.0, 8.0) at `speed_mps`, a point every 10 s, lasting
/// `minutes`, of GPX `<type>` `kind` ("running", "cycling"), starting at `start` (RFC 3339).
fn gpx(start: &str, minutes: u32, speed_mps: f64, kind: &str, name: Option<&str>) -> String {
    let t0 = chrono::DateTime::parse_from_rfc3339(start).expect("start");
    let mut s = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" \
         xmlns=\"http://www.topografix.com/GPX/1/1\"><trk>",
    );
    if let Some(n) = name {
        let _ = write!(s, "<name>{n}</name>");
    }
    let _ = write!(s, "<type>{kind}</type><trkseg>");
    for k in 0..=(minutes * 6) {
        let t = t0 + chrono::Duration::seconds(i64::from(k) * 10);
        let lat = 47.0 + f64::from(k) * 10.0 * speed_mps / M_PER_DEG;
        let _ = write!(
            s,
            "<trkpt lat=\"{lat:.7}\" lon=\"8.0\"><ele>400</ele><time>{}</time></trkpt>",
            t.format("%Y-%m-%dT%H:%M:%SZ")
        );
    }
    s.push_str("</trkseg></trk></gpx>\n");
    s
}

/// A run of `km` at 3 m/s (whole minutes, so the distance is `km` within 0.2%).
fn run(dir: &Path, start: &str, km: f64) {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let minutes = (km * 1000.0 / 3.0 / 60.0).round() as u32;
    let name = format!("run-{}.gpx", &start[..10]);
    let mut path = dir.join(&name);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("run-{}-{n}.gpx", &start[..10]));
        n += 1;
    }
    std::fs::write(path, gpx(start, minutes, 3.0, "running", None)).expect("write");
}

fn ride(dir: &Path, start: &str, minutes: u32) {
    std::fs::write(
        dir.join(format!("ride-{}.gpx", &start[..10])),
        gpx(start, minutes, 7.0, "cycling", None),
    )
    .expect("write");
}

fn summary(args: &[&str], dir: &Path) -> (Value, String) {
    let o = stridewise()
        .args(args)
        .arg(dir)
        .current_dir(dir)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (v, stderr)
}

fn codes(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn json_prints_to_stdout_and_writes_no_files_unless_out_is_given() {
    let cwd = tempfile::tempdir().expect("tempdir");
    // A folder review and a single run: stdout is JSON, the working folder stays empty.
    for target in ["sample_data", "sample_data/treadmill.fit"] {
        let o = stridewise()
            .current_dir(cwd.path())
            .args(["--json"])
            .arg(manifest(target))
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(0), "{target}");
        let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(v["schema_version"], 1);
        assert!(
            listing(cwd.path()).is_empty(),
            "{target}: {:?}",
            listing(cwd.path())
        );
        assert!(
            !String::from_utf8_lossy(&o.stderr).contains("report:"),
            "no report line without a report"
        );
    }
    // With --out, the report is written as well.
    let out = cwd.path().join("r");
    stridewise()
        .args(["--json", "--out"])
        .arg(&out)
        .arg(manifest("sample_data"))
        .assert()
        .success();
    assert!(out.join("index.html").is_file());
}

#[test]
fn no_charts_writes_no_files_even_with_out() {
    let cwd = tempfile::tempdir().expect("tempdir");
    let out = cwd.path().join("r");
    for target in ["sample_data", "sample_data/hilly-10k.fit"] {
        stridewise()
            .current_dir(cwd.path())
            .args(["--no-charts", "--out"])
            .arg(&out)
            .arg(manifest(target))
            .assert()
            .success()
            .stdout(contains("km"));
        assert!(listing(cwd.path()).is_empty(), "{target}");
    }
    stridewise()
        .arg("--help")
        .assert()
        .stdout(contains("Write no files at all, even with --out"));
}

#[test]
fn an_empty_folder_or_one_without_runs_says_so_in_one_line_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    std::fs::write(empty.join("notes.txt"), "not a run").expect("write");
    let o = stridewise()
        .current_dir(dir.path())
        .arg(&empty)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "stridewise: {}: no activity files (.fit, .gpx, .tcx, optionally .gz, or zips of them)\n",
            empty.display()
        )
    );
    assert!(o.stdout.is_empty());
    // Only a ride: nothing to coach, said in one line; no report folder appears.
    let rides = dir.path().join("rides");
    std::fs::create_dir(&rides).expect("mkdir");
    ride(&rides, "2024-05-04T07:30:00Z", 30);
    ride(&rides, "2024-05-05T07:30:00Z", 30);
    let o = stridewise()
        .current_dir(dir.path())
        .arg(&rides)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!(
            "stridewise: {}: no runs to review (2 non-runs)\n",
            rides.display()
        )
    );
    assert_eq!(listing(dir.path()), ["empty", "rides"]);
}

#[test]
fn a_mistyped_subcommand_suggests_the_real_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    stridewise()
        .current_dir(dir.path())
        .args(["inspct", "run.fit"])
        .assert()
        .code(2)
        .stderr(
            "stridewise: error: 'inspct' is neither a file nor a subcommand; did you mean \
             `stridewise inspect`?\n",
        );
    // A real file of that name is read, not second-guessed.
    std::fs::copy(
        manifest("sample_data/treadmill.fit"),
        dir.path().join("inspct"),
    )
    .expect("copy");
    stridewise()
        .current_dir(dir.path())
        .args(["--no-charts", "inspct"])
        .assert()
        .success();
}

#[test]
fn cadence_target_takes_the_en_dash_and_refuses_strides() {
    let run = manifest("sample_data/treadmill.fit");
    let o = stridewise()
        .args(["--json", "--cadence-target", "165–175"])
        .arg(&run)
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let band = &v["runs"][0]["cadence"]["target"];
    assert_eq!(
        (band["low_spm"].as_f64(), band["high_spm"].as_f64()),
        (Some(165.0), Some(175.0)),
        "{band}"
    );
    stridewise()
        .args(["--cadence-target", "85-90"])
        .arg(&run)
        .assert()
        .code(2)
        .stderr(contains("looks like strides/min (one foot)"))
        .stderr(contains("170-180"));
}

#[test]
fn the_rules_file_takes_flag_values_and_points_at_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = dir.path().join("rules.toml");
    let run = manifest("sample_data/hilly-10k.fit");
    std::fs::write(&rules, "gap_model = \"minetti\"\n").expect("write");
    let o = stridewise()
        .args(["--json", "--rules"])
        .arg(&rules)
        .arg(&run)
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("\"gap_model\": \"minetti2002\""),
        "the model is used"
    );
    std::fs::write(&rules, "walk_max_spm = 140\nsteep_grade = 6\n").expect("write");
    stridewise()
        .args(["--rules"])
        .arg(&rules)
        .arg(&run)
        .assert()
        .code(2)
        .stderr(contains(
            "line 2: `steep_grade = 6`: unknown field `steep_grade`; did you mean `steep_grade_pct`?",
        ));
}

#[test]
fn completions_and_man_page_come_from_the_clap_definition() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = stridewise()
            .args(["completions", shell])
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("cadence-target"), "{shell}");
        assert!(text.contains("inspect"), "{shell}");
    }
    let o = stridewise().arg("man").output().expect("runs");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with(".ie") || text.starts_with(".TH"), "{text}");
    // One page with every subcommand's options (issue 25, item 8), naming no page that
    // is never written.
    for part in [
        ".SH COMMANDS",
        ".SH \"STRIDEWISE PLAN\"",
        ".SH \"STRIDEWISE INSPECT\"",
        "\\-\\-weeks",
        "\\-\\-pain\\-log",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert!(!text.contains("stridewise\\-plan(1)"), "{text}");
    assert!(!text.contains("stridewise-plan(1)"), "{text}");
    assert!(!text.contains("(1)\n"), "{text}");
    assert!(
        text.contains("stridewise") && text.contains("cadence\\-target"),
        "{text}"
    );
}

/// Issue 14's folder: a partial first week (one 5 km run), a full 30 km week, pain 6/10
/// on Monday 2024-05-06 and that week cut to 13.8 km (54%), then a 24.6 km week (an 18%
/// cut against the 30 km week, the comparison the tool used to make).
fn issue_folder(dir: &Path) {
    run(dir, "2024-04-28T08:00:00Z", 5.0);
    for d in ["2024-04-29", "2024-05-01", "2024-05-03"] {
        run(dir, &format!("{d}T07:00:00Z"), 10.0);
    }
    run(dir, "2024-05-07T07:00:00Z", 7.2);
    run(dir, "2024-05-09T07:00:00Z", 6.6);
    for d in ["2024-05-13", "2024-05-15", "2024-05-17"] {
        run(dir, &format!("{d}T07:00:00Z"), 8.2);
    }
}

fn sore_day(v: &Value) -> Value {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "sore_day_volume")
        .cloned()
        .unwrap_or_else(|| panic!("no sore_day_volume: {}", v["findings"]))
}

#[test]
fn the_week_after_a_sore_day_is_set_against_the_full_week_before() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).expect("mkdir");
    issue_folder(&runs);
    let log = dir.path().join("pain.csv");
    std::fs::write(&log, "date,pain,note\n2024-05-06,6,hip\n").expect("write");
    let log_arg = log.to_str().expect("utf8");
    let (v, stderr) = summary(&["--json", "--pain-log", log_arg], &runs);
    let f = sore_day(&v);
    let cut = f["evidence"]["cut_pct"].as_f64().expect("cut");
    // 30 km before, 13.8 km after: a 54% cut (GPX distances within 0.5%).
    assert!((cut - 54.0).abs() < 0.5, "{f} {stderr}");
    let msg = f["message"].as_str().expect("message");
    assert!(msg.contains("2024-05-06 to 2024-05-12"), "{msg}");
    assert!(msg.contains("more than the 20–30% advised"), "{msg}");
    // The partial first week (5 km → 30 km) is no jump; the rebuild after the cut is one.
    let jumps: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "weekly_jump")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        jumps.len() == 1 && jumps[0].contains("(2024-W19) to") && jumps[0].contains("(2024-W20)"),
        "{jumps:?}"
    );
    // Pain beside the run of that week in the table.
    let o = stridewise()
        .args(["--no-charts", "--pain-log", log_arg])
        .arg(&runs)
        .output()
        .expect("runs");
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(table.contains("pain up to 6/10"), "{table}");
}

#[test]
fn a_running_cut_made_up_with_cross_training_is_the_advice_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).expect("mkdir");
    issue_folder(&runs);
    // 60 min of riding in the sore week, 15 in the week before.
    ride(&runs, "2024-05-08T17:00:00Z", 60);
    ride(&runs, "2024-05-02T17:00:00Z", 15);
    let log = dir.path().join("pain.csv");
    std::fs::write(&log, "date,pain,note\n2024-05-06,6,hip\n").expect("write");
    let (v, _) = summary(
        &["--json", "--pain-log", log.to_str().expect("utf8")],
        &runs,
    );
    let weeks = v["trends"]["weeks"].as_array().expect("weeks");
    let cross = |label: &str| {
        weeks
            .iter()
            .find(|w| w["label"] == label)
            .and_then(|w| w["cross_training_s"].as_f64())
            .unwrap_or_else(|| panic!("{label}"))
    };
    assert!(
        (cross("2024-W19") - 3600.0).abs() < 1.0,
        "{}",
        cross("2024-W19")
    );
    assert!((cross("2024-W18") - 900.0).abs() < 1.0);
    assert_eq!(cross("2024-W20"), 0.0);
    // 10 000 s running + 900 s riding before; after 4 600 s running + 3 600 s riding =
    // 8 200 s, 25% less: within the 30% cut, the advice followed.
    let f = sore_day(&v);
    let msg = f["message"].as_str().expect("message");
    assert!(msg.contains("made up with cross-training"), "{msg}");
}

#[test]
fn volume_findings_keep_to_recent_history() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A jump of 300% in January 2023 (after a full first week), then steady running in
    // spring 2024: the 2023 jump is history, not advice for this week.
    run(dir.path(), "2023-01-02T07:00:00Z", 5.0);
    run(dir.path(), "2023-01-09T07:00:00Z", 5.0);
    run(dir.path(), "2023-01-16T07:00:00Z", 20.0);
    for w in 0..6_i64 {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 4, 1).expect("date")
            + chrono::Duration::days(7 * w);
        run(dir.path(), &format!("{d}T07:00:00Z"), 10.0);
    }
    let (v, _) = summary(&["--json"], dir.path());
    assert!(
        !codes(&v).contains(&"weekly_jump".to_string()),
        "{}",
        v["findings"]
    );
    // The same jump in the last weeks is reported.
    run(dir.path(), "2024-05-13T07:00:00Z", 10.0);
    run(dir.path(), "2024-05-14T07:00:00Z", 10.0);
    let (v, _) = summary(&["--json"], dir.path());
    assert!(
        codes(&v).contains(&"weekly_jump".to_string()),
        "{}",
        v["findings"]
    );
}

#[test]
fn a_pain_log_with_one_file_is_applied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("pain.csv");
    std::fs::write(
        &log,
        "date,pain,note\n2024-05-03,3,\n2024-05-04,4,\n2024-05-05,3,\n",
    )
    .expect("write");
    let o = stridewise()
        .current_dir(dir.path())
        .args(["--json", "--pain-log"])
        .arg(&log)
        .arg(manifest("sample_data/hilly-10k.fit"))
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(
        codes(&v).contains(&"lingering_pain".to_string()),
        "{}",
        v["findings"]
    );
    assert!(listing(dir.path()) == ["pain.csv"], "no files with --json");
}

/// Metric units in a page's or chart's text: a number followed by `m`, `km`, `/km`, `m/s`,
/// `km/h`, `cm` or `mm` (spaced or not: "90 m", "1529m", "5:30/km"), a unit in brackets
/// (an axis or column label: "distance (km)"), or a metric unit word.
pub fn metric_units(text: &str) -> Vec<String> {
    const UNITS: [&str; 7] = ["m", "km", "/km", "m/s", "km/h", "cm", "mm"];
    const WORDS: [&str; 6] = [
        "metre",
        "meter",
        "kilometre",
        "kilometer",
        "metres",
        "meters",
    ];
    let numeric = |s: &str| {
        !s.is_empty()
            && s.chars().any(|c| c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_digit() || ".,:+-−±~".contains(c))
    };
    let mut hits = Vec::new();
    let mut prev = "";
    for raw in text.split_whitespace() {
        let t = raw.trim_matches(|c: char| ",.;()[]".contains(c));
        let unit_after_number = UNITS.contains(&t) && numeric(prev);
        let glued = UNITS
            .iter()
            .any(|u| t.strip_suffix(u).is_some_and(&numeric));
        let label = raw.starts_with('(') && raw.ends_with(')') && UNITS.contains(&t);
        let word = WORDS.contains(&t.to_lowercase().as_str());
        if unit_after_number || glued || label || word || t.contains("/km") {
            hits.push(format!("{prev} {raw}"));
        }
        prev = t;
    }
    hits
}

/// The text of every page below `dir` (`index.html` and each run's `report.html`).
fn pages_text(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                let html = std::fs::read_to_string(&p).expect("page");
                out.push((p, crate::report::page_text(&html)));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn imperial_pages_show_no_metric_unit() {
    assert_eq!(
        metric_units("90 m up, the longest 1529m at 5:30/km; 3.55 ft, 10 mph, 255 ms (m)"),
        ["90 m", "longest 1529m", "at 5:30/km;", "ms (m)"]
    );
    let dir = tempfile::tempdir().expect("tempdir");
    // Issue 14's folder with its sore day (volume and pain findings on the index) and the
    // samples (hill and descent findings, step lengths, the comparison with recent runs).
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).expect("mkdir");
    issue_folder(&runs);
    let log = dir.path().join("pain.csv");
    std::fs::write(&log, "date,pain,note\n2024-05-06,6,hip\n").expect("write");
    for (name, input, pain) in [
        ("issue", runs.clone(), true),
        ("samples", manifest("sample_data"), false),
    ] {
        for units in ["imperial", "metric"] {
            let out = dir.path().join(format!("{name}-{units}"));
            let mut cmd = stridewise();
            cmd.args(["--units", units, "--charts", "all", "--out"])
                .arg(&out);
            if pain {
                cmd.arg("--pain-log").arg(&log);
            }
            cmd.arg(&input).assert().success();
            let pages = pages_text(&out);
            assert!(pages.len() >= 4, "{name}: {} pages", pages.len());
            let all: String = pages.iter().map(|(_, t)| t.as_str()).collect();
            if units == "metric" {
                // The same pages in metric do show metric units: the check can fail.
                assert!(!metric_units(&all).is_empty(), "{name}");
                continue;
            }
            for (path, text) in &pages {
                let hits = metric_units(text);
                assert!(hits.is_empty(), "{}: {hits:?}", path.display());
            }
            // The folder findings speak miles too.
            if pain {
                let index = pages
                    .iter()
                    .find(|(p, _)| p.ends_with("index.html"))
                    .map(|(_, t)| t.as_str())
                    .expect("index");
                assert!(index.contains(" mi the week before"), "{index}");
                assert!(index.contains("Weekly distance jumped"), "{index}");
                // ... and so do their messages in summary.json.
                let summary: Value = serde_json::from_slice(
                    &std::fs::read(out.join("summary.json")).expect("summary.json"),
                )
                .expect("json");
                let findings = summary["findings"].as_array().expect("findings");
                assert!(!findings.is_empty());
                for f in findings {
                    let m = f["message"].as_str().expect("message");
                    assert!(metric_units(m).is_empty(), "{m}");
                    // Evidence lengths in the display unit too, as the runs' findings.
                    let keys: Vec<&String> = f["evidence"]
                        .as_object()
                        .expect("evidence")
                        .keys()
                        .collect();
                    assert!(keys.iter().all(|k| !k.ends_with("_km")), "{keys:?}");
                }
            }
        }
    }
}

/// One exit rule for a file named alone and a folder (issue 25, item 8): every file read
/// but no run to review is exit 1 with one line saying so, a ride named alone as a folder
/// of rides.
#[test]
fn a_ride_alone_and_a_folder_of_rides_exit_alike() {
    let dir = tempfile::tempdir().expect("tempdir");
    ride(dir.path(), "2024-05-04T07:00:00Z", 60);
    ride(dir.path(), "2024-05-05T07:00:00Z", 45);
    let alone = stridewise()
        .args(["--no-charts"])
        .arg(dir.path().join("ride-2024-05-04.gpx"))
        .output()
        .expect("runs");
    let folder = stridewise()
        .args(["--no-charts"])
        .arg(dir.path())
        .output()
        .expect("runs");
    for o in [&alone, &folder] {
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("no runs to review"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Nothing to review writes nothing (issue 25, item 8): a missing file or one that is not
/// an activity leaves no empty `stridewise-report/` behind.
#[test]
fn nothing_to_review_leaves_no_report_folder() {
    let cwd = tempfile::tempdir().expect("tempdir");
    std::fs::write(cwd.path().join("garbage.fit"), b"not a fit file").expect("write");
    for file in ["nope.fit", "garbage.fit"] {
        let o = stridewise()
            .arg(file)
            .current_dir(cwd.path())
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(1), "{file}");
        assert!(!cwd.path().join("stridewise-report").exists(), "{file}");
    }
}
