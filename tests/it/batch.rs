//! The folder review on folders built from the shared corpus: every run listed, every
//! bad file named once, documented exit codes, inputs untouched, same output whatever the
//! thread count.

use crate::corpus;
use crate::util::stridewise;
use crate::util::tree;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

fn copy(rel: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    std::fs::copy(corpus::dir().join(rel), to).unwrap_or_else(|e| panic!("{rel}: {e}"));
}

fn gzip(rel: &str, to: &Path) {
    let bytes = std::fs::read(corpus::dir().join(rel)).expect("read");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).expect("gzip");
    std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    std::fs::write(to, gz.finish().expect("gzip")).expect("write");
}

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip").into_inner()
}

const FIT_RUN: &str = "sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6782987395.fit";
const GPX_TWIN: &str =
    "sports-alliance__sports-lib/src__specs__fixtures__runs__gpx__6782987395.gpx";
const TCX_RUN: &str = "sports-alliance__sports-lib/samples__tcx__polar.tcx";
const GPX_RUN: &str = "sports-alliance__sports-lib/src__specs__fixtures__runs__gpx__1681613317.gpx";
const SUUNTO_RUN: &str =
    "sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6916663933.fit";
const ROAD_RUN: &str = "GoldenCheetah__GoldenCheetah/test__roundtrip__Fr955v19.28andStryd.fit";
const RIDE: &str = "dtcooper__python-fitparse/tests__files__garmin-edge-820-bike.fit";
const SWIM: &str = "sports-alliance__sports-lib/src__specs__fixtures__swim__fit__6021532030.fit";
const EMPTY: &str = "sports-alliance__sports-lib/src__specs__fixtures__others__empty-sessions.fit";
const NO_POINTS: &str = "GoldenCheetah__GoldenCheetah/test__rides__MetadataOnly.gpx";
const MONITORING: &str = "dtcooper__python-fitparse/tests__files__MonitoringFile.fit";

/// A mixed export: plain and gzipped runs, a ride, a swim, broken files, the same run as
/// FIT and GPX, zips in zips with a hostile member name, and a Strava layout.
fn build_export(root: &Path) {
    copy(FIT_RUN, &root.join("garmin/run.fit"));
    copy(GPX_TWIN, &root.join("garmin/run-export.GPX"));
    gzip(TCX_RUN, &root.join("polar/run.tcx.gz"));
    copy(RIDE, &root.join("garmin/ride.fit"));
    copy(SWIM, &root.join("garmin/swim.fit"));
    copy(EMPTY, &root.join("broken/empty.fit"));
    copy(NO_POINTS, &root.join("broken/nothing.gpx"));
    // A watch's daily monitoring file, as a GARMIN/ folder copied from the watch holds.
    copy(MONITORING, &root.join("garmin/Monitor/7A3F0000.FIT"));
    std::fs::write(root.join("broken/garbage.fit"), b"not a FIT file at all").expect("write");
    let inner = zip_of(&[
        (
            "DI_CONNECT/road.fit",
            std::fs::read(corpus::dir().join(ROAD_RUN)).expect("read"),
        ),
        (
            "../../escape.fit",
            std::fs::read(corpus::dir().join(SUUNTO_RUN)).expect("read"),
        ),
    ]);
    std::fs::write(
        root.join("garmin-export.zip"),
        zip_of(&[("inner.zip", inner)]),
    )
    .expect("zip");
    let strava = root.join("strava");
    gzip(GPX_RUN, &strava.join("activities/1681613317.gpx.gz"));
    copy(RIDE, &strava.join("activities/999.fit"));
    std::fs::write(
        strava.join("activities.csv"),
        "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n\
         1681613317,\"Jul 1, 2018\",\"Easy, flat loop\",Run,activities/1681613317.gpx.gz\n\
         999,\"Jul 2, 2018\",Commute,Ride,activities/999.fit\n",
    )
    .expect("csv");
}

fn review(root: &Path, out: &Path, jobs: &str) -> (Value, i32, String) {
    let o = stridewise()
        .args(["--json", "--jobs", jobs, "--charts", "all", "--out"])
        .arg(out)
        .arg(root)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    (
        v,
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_mixed_export_is_reviewed_whole() {
    corpus::require!();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("export");
    build_export(&root);
    let before = tree(&root);
    let out = dir.path().join("report");
    let (v, code, stderr) = review(&root, &out, "2");

    // Exit code 1: some files failed (documented).
    assert_eq!(code, 1, "{stderr}");
    // Every run listed once: FIT (its GPX twin is a duplicate), the zipped road run, the
    // zipped Suunto run, the Strava GPX with its name from activities.csv. The Polar TCX
    // is a walk with some running (65% of its moving time below 140 steps/min at a median
    // 1.65 m/s): listed as not coached, below.
    let paths: Vec<String> = v["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(paths.len(), 4, "{paths:#?}");
    for needle in [
        "garmin/run.fit",
        "inner.zip/DI_CONNECT/road.fit",
        "inner.zip/escape.fit",
        "1681613317.gpx.gz",
    ] {
        assert!(
            paths.iter().any(|p| p.ends_with(needle)),
            "{needle} missing from {paths:#?}"
        );
    }
    let strava = v["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .find(|r| {
            r["source"]["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("1681613317.gpx.gz"))
        })
        .expect("strava run");
    assert_eq!(strava["name"], "Easy, flat loop");
    // The duplicate is said.
    assert_eq!(v["duplicates"].as_array().map(Vec::len), Some(1));
    assert!(v["duplicates"][0]["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("run-export.GPX")));
    // Non-runs counted: the ride, the swim, the Strava ride (by its activities.csv type),
    // and the walk, with its reason.
    assert_eq!(
        v["skipped"].as_array().map(Vec::len),
        Some(4),
        "{}",
        v["skipped"]
    );
    assert!(
        v["skipped"]
            .as_array()
            .expect("skipped")
            .iter()
            .any(|s| s["code"] == "walk"
                && s["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("polar/run.tcx.gz"))),
        "{}",
        v["skipped"]
    );
    // Every bad file named once, in JSON and on stderr.
    let errors: Vec<&str> = v["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    for bad in ["broken/empty.fit", "broken/garbage.fit"] {
        assert_eq!(
            errors.iter().filter(|p| p.ends_with(bad)).count(),
            1,
            "{bad}"
        );
        assert_eq!(
            stderr.lines().filter(|l| l.contains(bad)).count(),
            1,
            "{bad}: {stderr}"
        );
    }
    assert!(stderr.contains("2 of "), "{stderr}");
    // Valid files without an activity are skipped and said, not failures.
    let not_activities: Vec<(&str, &str)> = v["not_activities"]
        .as_array()
        .expect("not_activities")
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap_or_default(),
                e["reason"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(not_activities.len(), 2, "{not_activities:?}");
    assert!(not_activities[0].0.ends_with("broken/nothing.gpx"));
    assert!(not_activities[1].0.ends_with("Monitor/7A3F0000.FIT"));
    assert!(
        not_activities[1].1.contains("monitoring"),
        "{not_activities:?}"
    );
    assert!(
        stderr.contains("and 2 files without an activity (--verbose lists them)"),
        "{stderr}"
    );
    // Inputs untouched; nothing escaped the output folder.
    assert_eq!(before, tree(&root), "input files changed");
    assert!(!dir.path().join("escape.fit").exists() && !root.join("escape.fit").exists());
    // The outputs.
    for f in ["index.html", "runs.csv", "summary.json"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let csv = std::fs::read_to_string(out.join("runs.csv")).expect("csv");
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(csv.starts_with("date,start_time,name,path,"));
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert_eq!(
        index.matches("/report.html\"").count(),
        4,
        "each run's page is linked"
    );
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(summary, v, "summary.json is what --json prints");
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    corpus::require!();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("export");
    build_export(&root);
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    let (a, _, _) = review(&root, &one, "1");
    let (b, _, _) = review(&root, &two, "2");
    assert_eq!(a, b);
    assert_eq!(tree(&one), tree(&two));
}

#[test]
fn a_clean_folder_exits_zero_and_prints_the_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r");
    let o = stridewise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--out"])
        .arg(&out)
        .arg("sample_data")
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout);
    // What to work on first (when something is repeated or a warning), then the table.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary.json"))
            .expect("json");
    let focus = summary["focus"].as_array().expect("focus");
    if focus.is_empty() {
        assert!(text.starts_with("date "), "{text}");
    } else {
        assert!(text.starts_with("Work on first: 1. "), "{text}");
        assert!(text.contains("\ndate "), "{text}");
    }
    assert!(
        text.contains("hilly-10k.fit") && text.contains("run_walk"),
        "{text}"
    );
    // The GPX twin of the hilly run is reviewed once.
    assert!(text.contains("1 duplicate,"), "{text}");
}

#[test]
fn inspect_reads_archives_and_lists_every_sport_of_an_export() {
    corpus::require!();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("export");
    build_export(&root);
    let o = stridewise()
        .args(["inspect", "--json"])
        .arg(&root)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1), "broken files are in the export");
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let runs = v["runs"].as_array().expect("runs");
    let entry = |suffix: &str| {
        runs.iter()
            .find(|r| {
                r["source"]["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with(suffix))
            })
            .unwrap_or_else(|| panic!("{suffix} missing from {runs:#?}"))
    };
    // Zip members, nested, the hostile name reduced to a label.
    assert_eq!(
        entry("garmin-export.zip/inner.zip/DI_CONNECT/road.fit")["sport"],
        "running"
    );
    entry("garmin-export.zip/inner.zip/escape.fit");
    // The Strava ride is listed (inspect lists every sport) under the CSV's name.
    assert_eq!(entry("strava/activities/999.fit")["name"], "Commute");
    assert_eq!(
        entry("strava/activities/1681613317.gpx.gz")["name"],
        "Easy, flat loop"
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.contains("garbage.fit")).count(),
        1,
        "{stderr}"
    );
}

#[test]
fn runs_without_a_date_say_so_and_routes_say_route() {
    corpus::require!();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("in");
    // Device-relative FIT timestamps (a recording, no real date), and a Strava route.
    copy(
        "dtcooper__python-fitparse/tests__files__compressed-speed-distance.fit",
        &root.join("relative.fit"),
    );
    copy(
        "georust__gpx/tests__fixtures__strava_route_example.gpx",
        &root.join("route.gpx"),
    );
    let o = stridewise()
        .args(["--charts", "none", "--out"])
        .arg(dir.path().join("r"))
        .arg(&root)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&o.stdout);
    let line = |name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} missing: {text}"))
            .to_string()
    };
    assert!(line("relative.fit").starts_with("no date "), "{text}");
    let html = std::fs::read_to_string(dir.path().join("r/index.html")).expect("index");
    assert!(html.contains("<td class=\"l\">no date</td>"), "{html}");
    // The route is listed apart, never as a run (issue 11): its own section on the
    // terminal and in index.html, `routes[]` in summary.json, not in runs.csv.
    assert!(text.contains("Planned routes (not runs):"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("route ")), "{text}");
    assert!(html.contains("<h2>Planned routes</h2>"), "{html}");
    let csv = std::fs::read_to_string(dir.path().join("r/runs.csv")).expect("csv");
    assert!(!csv.contains("route.gpx"), "{csv}");
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("r/summary.json")).expect("summary"),
    )
    .expect("json");
    assert_eq!(
        summary["routes"].as_array().map(Vec::len),
        Some(1),
        "{summary}"
    );
    assert_eq!(
        summary["runs"].as_array().map(Vec::len),
        Some(1),
        "{summary}"
    );
}

#[test]
fn the_pain_log_joins_the_weekly_volume() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("pain.csv");
    std::fs::write(
        &log,
        "date,pain,note\n2024-05-05,5,\"sore hip, left\"\n2024-05-06,3,\n2024-05-07,2,better\n",
    )
    .expect("write");
    let o = stridewise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--json", "--no-charts", "--out"])
        .arg(dir.path().join("r"))
        .arg("--pain-log")
        .arg(&log)
        .arg("sample_data")
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    // Three consecutive days of pain span 48 h: stop and get assessed.
    assert!(codes.contains(&"lingering_pain"), "{codes:?}");
    std::fs::write(&log, "date,pain,note\n2024-05-05,11,\n").expect("write");
    stridewise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--no-charts", "--out"])
        .arg(dir.path().join("r"))
        .arg("--pain-log")
        .arg(&log)
        .arg("sample_data")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("line 2: pain must be 0-10"));
}

/// Local time (issue 25, item 3): a GPX run at 18:40 in Denver (00:40 UTC the next day),
/// written with `Z` times, is dated by the time zone of its start position: listed on its
/// local day and ISO week, beside that day's pain-log entry, the index saying its local
/// hour; the JSON keeps UTC and adds the offset. A time written with an offset is the
/// recording's own. Whatever `TZ` says, the outputs are the same bytes.
#[test]
fn runs_are_dated_in_their_local_time_whatever_tz_says() {
    use stridewise::synth::{self, gpx, Scenario};
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).expect("mkdir");
    let mut sc = Scenario::hilly_10k();
    sc.start = chrono::DateTime::parse_from_rfc3339("2024-07-01T00:40:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    if let Some(c) = sc.course.as_mut() {
        c.start_lat_deg = 39.74;
        c.start_lon_deg = -104.99;
    }
    let run = synth::generate(&sc).expect("scenario");
    let xml = gpx::write(&run, &gpx::GpxOptions::default()).expect("gpx");
    std::fs::write(runs.join("denver.gpx"), &xml).expect("write");
    let log = dir.path().join("pain.csv");
    std::fs::write(&log, "date,pain,note\n2024-06-30,4,hip\n").expect("log");
    let review = |tz: &str, json: bool| {
        let out = dir.path().join(format!("r-{}", tz.replace('/', "-")));
        let mut cmd = stridewise();
        cmd.env("TZ", tz)
            .args(["--charts", "none", "--pain-log"])
            .arg(&log)
            .arg("--out")
            .arg(&out);
        if json {
            cmd.arg("--json");
        }
        let o = cmd.arg(&runs).output().expect("runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            o.stdout,
            std::fs::read_to_string(out.join("index.html")).expect("index"),
        )
    };
    let (text, index) = review("Asia/Tokyo", false);
    let text = String::from_utf8(text).expect("utf8");
    let row = text
        .lines()
        .find(|l| l.contains("10.00 km"))
        .expect("the run's row");
    assert!(row.starts_with("2024-06-30"), "{row}");
    assert!(row.contains("pain 4/10"), "{row}");
    assert!(text.contains("2024-W26"), "{text}");
    assert!(index.contains("<td class=\"l\">2024-06-30</td>"), "{index}");
    assert!(index.contains("<td data-l=\"pain\">4/10</td>"), "{index}");
    for tz in ["UTC", "America/New_York", "Pacific/Auckland"] {
        assert_eq!(review(tz, false).0, text.as_bytes(), "TZ={tz}");
    }
    let (json, _) = review("Europe/Berlin", true);
    let v: Value = serde_json::from_slice(&json).expect("json");
    let r = &v["runs"][0];
    assert_eq!(r["start_time"], "2024-07-01T00:40:00Z");
    assert_eq!(r["utc_offset_s"], -21_600);
    assert_eq!(r["utc_offset_source"], "start_position");
    assert_eq!(r["time_zone"], "America/Denver");
    // The recording's own offset wins over the position's zone: the same times written
    // at -05:00.
    let east = chrono::FixedOffset::west_opt(5 * 3600).expect("offset");
    let mut rewritten = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<time>") {
        let j = rest[i..].find("</time>").expect("closed") + i;
        let t = chrono::DateTime::parse_from_rfc3339(&rest[i + 6..j]).expect("time");
        rewritten.push_str(&rest[..i + 6]);
        rewritten.push_str(&t.with_timezone(&east).to_rfc3339());
        rest = &rest[j..];
    }
    rewritten.push_str(rest);
    assert!(rewritten.contains("-05:00</time>"), "no time rewritten");
    std::fs::write(runs.join("denver.gpx"), rewritten).expect("write");
    let (json, _) = review("UTC", true);
    let v: Value = serde_json::from_slice(&json).expect("json");
    let r = &v["runs"][0];
    assert_eq!(r["start_time"], "2024-07-01T00:40:00Z");
    assert_eq!(r["utc_offset_s"], -18_000);
    assert_eq!(r["utc_offset_source"], "recording");
    assert_eq!(r["time_zone"], Value::Null);
}

/// Identical files without a date are one run (issue 25, item 7): twelve copies of an
/// undated recording do not make twelve runs (nor move the baseline); the copies are
/// listed as duplicates of the first.
#[test]
fn identical_undated_files_are_one_run() {
    use stridewise::synth::{self, gpx, Scenario};
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).expect("mkdir");
    let mut sc = Scenario::hilly_10k();
    // A clock without a real date: before 1990, so the run is undated.
    sc.start = chrono::DateTime::parse_from_rfc3339("1985-01-01T00:00:00Z")
        .expect("time")
        .with_timezone(&chrono::Utc);
    let xml = gpx::write(
        &synth::generate(&sc).expect("scenario"),
        &gpx::GpxOptions::default(),
    )
    .expect("gpx");
    for i in 0..12 {
        std::fs::write(runs.join(format!("copy-{i:02}.gpx")), &xml).expect("write");
    }
    let o = stridewise()
        .args(["--json", "--no-charts"])
        .arg(&runs)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["runs"][0]["start_time"], Value::Null);
    let dups = v["duplicates"].as_array().expect("duplicates");
    assert_eq!(dups.len(), 11, "{v}");
    assert!(dups.iter().all(|d| d["duplicate_of"]
        .as_str()
        .is_some_and(|p| p.ends_with("copy-00.gpx"))));
}

/// Every run a page (issue 25, item 2): by default every run of a small folder links its
/// page from the index; a run without one says why under its name.
#[test]
fn every_run_of_a_small_folder_links_its_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r");
    stridewise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--out"])
        .arg(&out)
        .arg("sample_data")
        .assert()
        .success();
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let links = index.matches("<a href=\"runs/").count();
    assert_eq!(links, 3, "{index}");
    assert!(!index.contains("no page"), "{index}");
    for name in ["hilly-10k.fit", "treadmill.fit", "run-walk-5-1.fit"] {
        assert!(
            out.join("runs").join(name).join("report.html").is_file(),
            "{name}"
        );
    }
    // Only the flagged ones asked for: the others say why they have none.
    stridewise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--charts", "flagged", "--out"])
        .arg(&out)
        .arg("sample_data")
        .assert()
        .success();
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let without = index
        .matches(
            "<br><small>no page: not flagged, and --charts flagged draws only flagged runs</small>",
        )
        .count();
    let links = index.matches("<a href=\"runs/").count();
    assert_eq!(without + links, 3, "{index}");
    assert!(without > 0, "{index}");
    assert!(
        index.contains(&format!("{without} run"))
            && index.contains("no page (said under its name)"),
        "{index}"
    );
}

/// Safety first (issue 25, item 4): a lingering-pain warning heads the terminal output
/// (before the focus and the table), the folder's "Work on first" and the index (before
/// what to work on, cadence and hills), and is not repeated below.
#[test]
fn lingering_pain_heads_the_terminal_and_the_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("pain.csv");
    std::fs::write(
        &log,
        "date,pain,note\n2024-05-05,5,\n2024-05-06,3,\n2024-05-07,2,\n",
    )
    .expect("write");
    let out = dir.path().join("r");
    let o = stridewise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--charts", "none", "--out"])
        .arg(&out)
        .arg("--pain-log")
        .arg(&log)
        .arg("sample_data")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.starts_with("Pain logged on 3 consecutive days"),
        "{text}"
    );
    assert_eq!(
        text.matches("stop running and get assessed").count(),
        1,
        "{text}"
    );
    let work = text
        .lines()
        .find(|l| l.starts_with("Work on first:"))
        .expect("focus");
    assert!(
        work.starts_with("Work on first: 1. lingering pain"),
        "{work}"
    );
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let safety = index
        .find("<section id=\"safety\">")
        .expect("safety section");
    let focus = index.find("<h2>What to work on</h2>").expect("focus");
    let table = index.find("<h2>Runs</h2>").expect("runs");
    assert!(safety < focus && focus < table, "{index}");
    assert_eq!(
        index
            .matches("class=\"w warning\"><h3>Pain lasting")
            .count(),
        1
    );
}

/// The folder outputs for `sample_data/` (issue 11, item 9): `summary.json`, the terminal
/// table and the index table, snapshotted so a change of a finding, a severity or the
/// focus shows up in review. The same run's findings agree with `analyze --json` alone
/// (no baseline: three runs with the treadmill's flat bins are too few for one).
#[test]
fn folder_outputs_of_the_samples_are_stable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("r");
    let o = stridewise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--charts", "none", "--out"])
        .arg(&out)
        .arg("sample_data")
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0));
    let table = String::from_utf8_lossy(&o.stdout).replace(&out.display().to_string(), "OUT");
    insta::assert_snapshot!("folder_table_sample_data", table);
    let mut summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).expect("summary"))
            .expect("json");
    summary["generator"] = Value::from("[generator]");
    insta::assert_json_snapshot!("folder_summary_sample_data", summary);
    let html = std::fs::read_to_string(out.join("index.html")).expect("index");
    let start = html.find("<h2>Runs</h2>").expect("runs table");
    let end = html[start..].find("</table>").expect("table end") + start;
    insta::assert_snapshot!("folder_index_table_sample_data", &html[start..end]);

    // One run, one set of findings: alone and in the folder.
    for r in summary["runs"].as_array().expect("runs") {
        let path = r["source"]["path"].as_str().expect("path");
        let alone = stridewise()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["--json", "--no-charts", path])
            .output()
            .expect("runs");
        let alone: Value = serde_json::from_slice(&alone.stdout).expect("json");
        let alone = &alone["runs"][0];
        let folder = &r["summary"];
        let folder_run_basis: Vec<&Value> = folder["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .filter(|w| w["evidence"]["basis"] == "run")
            .collect();
        let alone_w: Vec<&Value> = alone["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .collect();
        assert_eq!(folder_run_basis, alone_w, "{path}");
        assert_eq!(folder["focus"], alone["focus"], "{path}");
    }
}

/// One run, one object (issue 11, item 7): every `runs[]` item of `summary.json` is the
/// whole object `analyze --json FILE` gives for the file alone (source, totals, cadence,
/// elevation with gain and loss, pace, stride, heart rate, dynamics, warnings with
/// evidence, focus, notes), plus the folder's `summary`. Removing `summary` leaves the two
/// equal, field for field; what the folder adds to the findings is in `summary.warnings`,
/// and a finding there that the run alone does not have says `"basis": "baseline"`.
#[test]
fn a_run_is_the_same_object_alone_and_in_a_folder() {
    let folder = stridewise()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--json", "--charts", "none", "sample_data"])
        .output()
        .expect("runs");
    assert_eq!(folder.status.code(), Some(0));
    let folder: Value = serde_json::from_slice(&folder.stdout).expect("json");
    let runs = folder["runs"].as_array().expect("runs");
    // hilly-10k.gpx is the FIT's twin and left out as a duplicate.
    assert_eq!(runs.len(), 3, "{folder}");
    assert!(
        folder["baseline"].is_object(),
        "the samples make a baseline, so the folder has something to add"
    );
    for r in runs {
        let path = r["source"]["path"].as_str().expect("path");
        let alone = stridewise()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["--json", "--no-charts", path])
            .output()
            .expect("runs");
        let alone: Value = serde_json::from_slice(&alone.stdout).expect("json");
        let alone = alone["runs"][0].clone();
        let mut in_folder = r.clone();
        let summary = in_folder
            .as_object_mut()
            .and_then(|o| o.remove("summary"))
            .expect("a folder run has its summary");
        assert_eq!(in_folder, alone, "{path}");
        for key in [
            "warnings",
            "focus",
            "data_notes",
            "pace",
            "stride",
            "disclaimer",
        ] {
            assert!(!alone[key].is_null() || key == "pace", "{path}: {key}");
        }
        assert!(
            alone["elevation"]["gain_m"].is_number() || alone["elevation"]["skipped"].is_string(),
            "{path}"
        );
        let own: Vec<&Value> = alone["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .map(|w| &w["code"])
            .collect();
        for w in summary["warnings"].as_array().expect("warnings") {
            if !own.contains(&&w["code"]) {
                assert_eq!(w["evidence"]["basis"], "baseline", "{path}: {w}");
            }
        }
        assert!(summary["vs_baseline"].is_object(), "{path}: {summary}");
    }
}

/// A folder's per-run pages are drawn from the activity and review kept from the review
/// pass; a run not kept (past the cap, or flagged only by the baseline) reads its file
/// again. Both ways draw the same bytes: here every page of `sample_data/` drawn once
/// from kept runs and once from re-read files.
#[test]
fn pages_from_kept_runs_are_the_pages_from_files_read_again() {
    use stridewise::report::folder::ChartsMode;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = |keep: ChartsMode, out: &Path| {
        let (kept, written) =
            crate::util::folder_pages(vec![root.join("sample_data")], keep, out, 1);
        assert_eq!(written, 3);
        kept
    };
    let (kept, read_again) = (dir.path().join("kept"), dir.path().join("again"));
    assert_eq!(pages(ChartsMode::All, &kept), 3);
    assert_eq!(pages(ChartsMode::None, &read_again), 0);
    let (a, b) = (tree(&kept.join("runs")), tree(&read_again.join("runs")));
    assert!(
        a.len() >= 3 * 2,
        "a page and its charts per run: {}",
        a.len()
    );
    assert_eq!(a, b);
}
