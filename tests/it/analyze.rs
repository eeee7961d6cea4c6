//! `stridewise analyze` (and bare `stridewise FILE`) on the generated samples.

use crate::util::stridewise;
use assert_cmd::Command;
use serde_json::Value;

/// The binary writing no report files.
fn no_files() -> Command {
    let mut c = stridewise();
    c.arg("--no-charts");
    c
}

fn analyze_json(args: &[&str]) -> Value {
    let out = stridewise()
        .args(["analyze", "--json", "--no-charts"])
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn codes(run: &Value) -> Vec<String> {
    run["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_hilly_sample_yields_hill_and_cadence_warnings() {
    let v = analyze_json(&["sample_data/hilly-10k.fit"]);
    let run = &v["runs"][0];
    let codes = codes(run);
    for c in [
        "hill_exposure",
        "steep_descents",
        "overstriding",
        "cadence_fade",
    ] {
        assert!(codes.iter().any(|x| x == c), "{c} missing from {codes:?}");
    }
    // 64% of all running is below 170, but the climb at ~160 spm is the hill's doing: on
    // level ground (168 spm) no more than half is below the band, so no low cadence.
    assert!(!codes.iter().any(|x| x == "low_cadence"), "{codes:?}");
    // Known truth from the generator: 90 m up and down, one climb, one descent.
    let e = &run["elevation"];
    assert!((e["gain_m"].as_f64().expect("gain") - 90.0).abs() < 2.0);
    assert!((e["loss_m"].as_f64().expect("loss") - 90.0).abs() < 2.0);
    assert_eq!(e["climbs"].as_array().map(Vec::len), Some(1));
    assert_eq!(e["descents"].as_array().map(Vec::len), Some(1));
    // Form on each: the generator runs the climb at ~160 spm with short steps and the
    // descent with longer steps than the 1.08 m flat average.
    let climb_cadence = e["climbs"][0]["cadence_spm"]
        .as_f64()
        .expect("climb cadence");
    assert!((climb_cadence - 160.15).abs() < 1.0, "{climb_cadence}");
    let flat = run["stride"]["step_length_m"]
        .as_f64()
        .expect("step length");
    assert!(
        e["climbs"][0]["step_length_m"]
            .as_f64()
            .expect("climb step")
            < flat
    );
    assert!(
        e["descents"][0]["step_length_m"]
            .as_f64()
            .expect("descent step")
            > flat
    );
    // Each warning carries its evidence and advice.
    for w in run["warnings"].as_array().expect("warnings") {
        assert!(!w["message"].as_str().unwrap_or_default().is_empty());
        assert!(
            w["evidence"].as_object().is_some_and(|m| !m.is_empty()),
            "{w}"
        );
        assert!(
            ["info", "caution", "warning"].contains(&w["severity"].as_str().unwrap_or_default())
        );
    }
    assert!(run["disclaimer"]
        .as_str()
        .is_some_and(|d| d.contains("not medical advice")));
}

#[test]
fn the_run_walk_sample_yields_the_pattern_and_no_hill_warning() {
    let v = analyze_json(&["sample_data/run-walk-5-1.fit"]);
    let run = &v["runs"][0];
    let codes = codes(run);
    assert!(codes.contains(&"run_walk".to_string()), "{codes:?}");
    for c in ["hill_exposure", "steep_descents"] {
        assert!(!codes.iter().any(|x| x == c), "{c} fired on a flat run");
    }
    let rw = &run["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .find(|w| w["code"] == "run_walk")
        .expect("run_walk")["evidence"];
    assert_eq!(rw["walk_breaks"], 6.0);
    assert!((rw["run_walk_ratio"].as_f64().expect("ratio") - 5.0).abs() < 0.3);
    // Walk breaks are left out of the running cadence (truth: 170.03 running, 161.2 all).
    let running = run["cadence"]["running"]["mean_spm"]
        .as_f64()
        .expect("running cadence");
    assert!((running - 170.03).abs() < 0.5, "{running}");
}

#[test]
fn the_treadmill_sample_has_no_hill_output() {
    let v = analyze_json(&["sample_data/treadmill.fit"]);
    let run = &v["runs"][0];
    assert_eq!(run["elevation"]["gain_m"], Value::Null);
    assert!(run["elevation"]["skipped"]
        .as_str()
        .is_some_and(|s| s.contains("treadmill")));
    let codes = codes(run);
    assert!(
        !codes
            .iter()
            .any(|c| c.contains("hill") || c.contains("descent")),
        "{codes:?}"
    );
    let text = no_files()
        .arg("sample_data/treadmill.fit")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        !text.contains("climb") && !text.contains("descent"),
        "{text}"
    );
}

#[test]
fn a_planned_route_gets_hills_alone() {
    use stridewise::synth::{self, gpx, Scenario};
    let run = synth::generate(&Scenario::hilly_10k()).expect("scenario");
    let opts = gpx::GpxOptions {
        times: false,
        cadence: None,
        heart_rate: false,
        ..gpx::GpxOptions::default()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("route.gpx");
    std::fs::write(&path, gpx::write(&run, &opts).expect("gpx")).expect("write");
    let v = analyze_json(&[path.to_str().expect("utf8")]);
    let r = &v["runs"][0];
    assert_eq!(r["start_time"], Value::Null);
    assert_eq!(r["pace"], Value::Null);
    assert!((r["elevation"]["gain_m"].as_f64().expect("gain") - 90.0).abs() < 2.0);
    let codes = codes(r);
    assert!(codes.contains(&"hill_exposure".to_string()), "{codes:?}");
    assert!(
        !codes
            .iter()
            .any(|c| c.contains("cadence") || c == "pace_drift"),
        "{codes:?}"
    );
}

#[test]
fn bare_stridewise_file_is_analyze_and_prints_the_disclaimer_once() {
    let out = no_files()
        .args(["sample_data/hilly-10k.fit"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("not medical advice").count(), 1);
    // Piped output carries no colour codes.
    assert!(!text.contains('\x1b'));
}

#[test]
fn imperial_units_everywhere_in_the_summary() {
    let out = no_files()
        .args(["--units", "imperial", "sample_data/hilly-10k.fit"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    // 10 001.9 m = 6.21 mi; 90 m = 295 ft; splits per mile.
    assert!(text.contains("6.21 mi"), "{text}");
    assert!(text.contains("+295 ft"), "{text}");
    assert!(text.contains("/mi"), "{text}");
    assert!(text.contains("per mi"), "{text}");
    assert!(!text.contains("/km"), "{text}");
}

#[test]
fn the_cadence_target_can_be_moved_by_flag_and_rules_file() {
    let v = analyze_json(&["--cadence-target", "160-170", "sample_data/hilly-10k.fit"]);
    assert!(!codes(&v["runs"][0]).contains(&"low_cadence".to_string()));
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "cadence_target_low_spm = 160\ncadence_target_high_spm = 170\nsteep_share_warn_pct = 50\n",
    )
    .expect("write");
    let v = analyze_json(&[
        "--rules",
        rules.to_str().expect("utf8"),
        "sample_data/hilly-10k.fit",
    ]);
    let c = codes(&v["runs"][0]);
    assert!(
        !c.contains(&"low_cadence".to_string()) && !c.contains(&"hill_exposure".to_string()),
        "{c:?}"
    );
    std::fs::write(&rules, "cadence_target = 1\n").expect("write");
    no_files()
        .args([
            "--rules",
            rules.to_str().expect("utf8"),
            "sample_data/hilly-10k.fit",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid rules file"));
    no_files()
        .args(["--cadence-target", "180-170", "x.fit"])
        .assert()
        .code(2);
}

#[test]
fn non_runs_are_skipped_with_a_line() {
    crate::corpus::require!();
    let corpus = crate::corpus::dir();
    let ride = corpus.join("dtcooper__python-fitparse/tests__files__garmin-edge-820-bike.fit");
    let out = no_files().arg(&ride).output().expect("runs");
    // Nothing to review is exit 1, for a file alone as for a folder (issue 25, item 8).
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("skipped: cycling, not a run"), "{err}");
    assert!(err.contains("no runs to review (1 non-run)"), "{err}");
}

/// Each sample on its own: one path is the single-run summary (a folder is a review).
const SAMPLES: [&str; 4] = [
    "sample_data/hilly-10k.fit",
    "sample_data/hilly-10k.gpx",
    "sample_data/run-walk-5-1.fit",
    "sample_data/treadmill.fit",
];

#[test]
fn analyze_text_of_the_samples_is_stable() {
    for path in SAMPLES {
        let out = no_files().arg(path).output().expect("runs");
        let name = path.trim_start_matches("sample_data/");
        insta::assert_snapshot!(
            format!("analyze_text_{name}"),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn analyze_json_of_the_samples_is_stable() {
    for path in SAMPLES {
        let out = no_files().args(["--json", path]).output().expect("runs");
        let name = path.trim_start_matches("sample_data/");
        insta::assert_snapshot!(
            format!("analyze_json_{name}"),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
