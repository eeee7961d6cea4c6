//! Issue 26: what the logged pain follows, on generated folders whose truth is known
//! (`stridewise::synth::pain_folder`): pain after hilly runs only, after long runs only,
//! after every run, and too few logged days. The finding is in `summary.json` (`findings`
//! and `pain_pattern`), on the index, and heads `physio.html`.

use crate::util::stridewise;
use serde_json::Value;
use std::path::Path;
use stridewise::synth::pain_folder::{folder, Truth};

/// Write the folder and its pain log into `dir`; review it with `--out`; return the
/// summary and the report folder.
fn review(dir: &Path, t: Truth) -> (Value, std::path::PathBuf) {
    let runs = dir.join("runs");
    std::fs::create_dir(&runs).expect("mkdir");
    let (files, log) = folder(t);
    assert_eq!(files.len(), 14);
    for (name, bytes) in files {
        std::fs::write(runs.join(name), bytes).expect("write");
    }
    let log_path = dir.join("pain.csv");
    std::fs::write(&log_path, log).expect("write");
    let out = dir.join("report");
    let o = stridewise()
        .args(["--json", "--pain-log"])
        .arg(&log_path)
        .arg("--out")
        .arg(&out)
        .arg(&runs)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (v, out)
}

fn named(v: &Value) -> Vec<String> {
    v["pain_pattern"]["named"]
        .as_array()
        .expect("named")
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn comparison<'a>(v: &'a Value, run_trait: &str) -> &'a Value {
    v["pain_pattern"]["comparisons"]
        .as_array()
        .expect("comparisons")
        .iter()
        .find(|c| c["run_trait"] == run_trait)
        .expect("trait")
}

#[test]
fn pain_after_hilly_runs_only_names_hills_everywhere() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (v, out) = review(dir.path(), Truth::HillyOnly);
    assert_eq!(named(&v), ["hilly"], "{:#}", v["pain_pattern"]);
    let c = comparison(&v, "hilly");
    assert_eq!(
        (c["with_pain"].as_u64(), c["runs"].as_u64()),
        (Some(7), Some(7))
    );
    assert_eq!(
        (c["other_with_pain"].as_u64(), c["other_runs"].as_u64()),
        (Some(0), Some(7))
    );
    let msg = v["pain_pattern"]["message"].as_str().expect("message");
    assert!(
        msg.starts_with("Pain followed 7 of 7 hilly runs and 0 of 7 flat runs"),
        "{msg}"
    );
    assert!(!msg.to_lowercase().contains("caused"), "{msg}");
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"pain_follows"), "{codes:?}");
    // On the index, and first on the physio's page.
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains("What the pain follows"));
    assert!(index.contains("href=\"physio.html\""));
    let physio = std::fs::read_to_string(out.join("physio.html")).expect("physio");
    let first_h2 = physio.find("<h2>").expect("h2");
    assert!(
        physio[first_h2..].starts_with("<h2>What the pain follows</h2>"),
        "{}",
        &physio[first_h2..first_h2 + 80]
    );
    assert!(physio.contains("Pain followed 7 of 7 hilly runs and 0 of 7 flat runs"));
    assert!(physio.contains("@page{size:A4"));
}

#[test]
fn pain_after_long_runs_only_names_long_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (v, _) = review(dir.path(), Truth::LongOnly);
    assert_eq!(named(&v), ["long"], "{:#}", v["pain_pattern"]);
    let c = comparison(&v, "long");
    assert_eq!(
        (c["with_pain"].as_u64(), c["runs"].as_u64()),
        (Some(5), Some(5))
    );
    // All flat: hills are not tested (no hilly runs to compare).
    assert!(comparison(&v, "hilly")["p_value"].is_null());
}

#[test]
fn pain_after_every_run_names_no_trigger() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (v, _) = review(dir.path(), Truth::EveryRun);
    assert!(named(&v).is_empty(), "{:#}", v["pain_pattern"]);
    assert_eq!(v["pain_pattern"]["code"], "pain_follows_no_kind");
    assert_eq!(v["pain_pattern"]["runs_followed_by_pain"], 14);
    assert_eq!(comparison(&v, "hilly")["p_holm"], 1.0);
}

#[test]
fn too_few_days_say_so_and_nothing_more() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (v, out) = review(dir.path(), Truth::TooFewDays);
    let p = &v["pain_pattern"];
    assert_eq!(p["code"], "pain_pattern_too_few_days");
    assert_eq!(
        p["message"],
        "Not enough logged days to tell what the pain follows."
    );
    assert_eq!(p["comparisons"].as_array().map(Vec::len), Some(0));
    assert_eq!(p["runs"], 6);
    let physio = std::fs::read_to_string(out.join("physio.html")).expect("physio");
    assert!(physio.contains("Not enough logged days to tell"));
    assert!(!physio.contains("hilly runs"));
}

#[test]
fn without_a_pain_log_there_is_no_pattern_block() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = dir.path().join("runs");
    std::fs::create_dir(&runs).expect("mkdir");
    let (files, _) = folder(Truth::HillyOnly);
    for (name, bytes) in files.into_iter().take(3) {
        std::fs::write(runs.join(name), bytes).expect("write");
    }
    let o = stridewise()
        .arg("--json")
        .arg(&runs)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v.get("pain_pattern").is_none());
}
