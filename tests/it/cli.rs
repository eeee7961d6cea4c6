//! The binary as a user runs it: exit codes, one-line errors, JSON contract.

use crate::util::{sample, stridewise};
use serde_json::Value;
use std::path::PathBuf;

fn json_of(args: &[&str]) -> (Value, i32, String) {
    let out = stridewise().args(args).output().expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (
        v,
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn inspect_reads_a_sample_run_and_exits_zero() {
    stridewise()
        .args(["inspect", &sample("hilly-10k.fit")])
        .assert()
        .success()
        .stdout(predicates::str::contains("10.00 km"))
        .stdout(predicates::str::contains("fit_strides_doubled"));
}

#[test]
fn inspect_json_follows_the_contract() {
    let path = sample("hilly-10k.fit");
    let (v, code, stderr) = json_of(&["inspect", "--json", &path]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["errors"], Value::Array(vec![]));
    let run = &v["runs"][0];
    assert_eq!(run["source"]["path"], path.as_str());
    assert_eq!(run["source"]["format"], "fit");
    assert_eq!(run["source"]["session"], Value::Null);
    assert_eq!(run["sport"], "running");
    assert_eq!(run["start_time"], "2024-05-04T07:30:00Z");
    assert_eq!(run["cadence"]["source"], "fit_strides_doubled");
    // The generated sample's device ("stridewise synth") is in no altimeter table.
    assert_eq!(run["elevation"]["source"], "smoothed");
    assert!(run["device_summary"].is_object());
    for key in ["distance_m", "elapsed_s", "moving_s"] {
        assert!(run[key].is_number(), "{key}");
    }
    assert!(run["cadence"]["avg_spm"].is_number());
}

#[test]
fn a_bad_file_costs_one_line_naming_it_and_exit_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("notes.fit");
    std::fs::write(&bad, b"this is not a watch file").expect("write");
    let good = PathBuf::from(sample("treadmill.fit"));
    let out = stridewise()
        .args(["inspect", "--json"])
        .arg(&bad)
        .arg(&good)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        format!(
            "stridewise: {}: unsupported content: not a FIT, GPX or TCX file\n",
            bad.display()
        )
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["errors"][0]["path"], bad.display().to_string());
}

#[test]
fn gzip_is_detected_by_content() {
    use flate2::write::GzEncoder;
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = std::fs::read(sample("run-walk-5-1.fit")).expect("sample");
    // Named without any extension hint: content decides.
    let path = dir.path().join("export-123");
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&bytes).expect("gzip");
    std::fs::write(&path, gz.finish().expect("gzip")).expect("write");
    let (v, code, _) = json_of(&["inspect", "--json", path.to_str().expect("utf8")]);
    assert_eq!(code, 0);
    assert_eq!(v["runs"][0]["source"]["compression"], "gzip");
    assert_eq!(v["runs"][0]["source"]["format"], "fit");
}

#[test]
fn a_missing_path_is_reported_and_usage_errors_exit_two() {
    stridewise()
        .args(["inspect", "no/such/file.fit"])
        .assert()
        .code(1)
        .stderr(predicates::str::starts_with(
            "stridewise: no/such/file.fit: ",
        ));
    stridewise().args(["inspect"]).assert().code(2);
    stridewise()
        .args(["inspect", "--units", "furlongs", "x"])
        .assert()
        .code(2);
}

#[test]
fn a_folder_is_walked_in_sorted_order() {
    let (v, code, _) = json_of(&["inspect", "--json", "sample_data"]);
    assert_eq!(code, 0);
    let paths: Vec<&str> = v["runs"]
        .as_array()
        .expect("runs")
        .iter()
        .filter_map(|r| r["source"]["path"].as_str())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert!(paths.len() >= 4, "{paths:?}");
}

#[test]
fn imperial_units_show_miles() {
    stridewise()
        .args(["inspect", "--units", "imperial", &sample("hilly-10k.fit")])
        .assert()
        .success()
        // 10 001.9 m = 6.21 mi.
        .stdout(predicates::str::contains("6.21 mi"));
}

#[test]
fn inspect_json_of_the_samples_is_stable() {
    let out = stridewise()
        .args(["inspect", "--json", "sample_data"])
        .output()
        .expect("runs");
    insta::assert_snapshot!(
        "inspect_json_sample_data",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn inspect_text_of_the_samples_is_stable() {
    let out = stridewise()
        .args(["inspect", "sample_data"])
        .output()
        .expect("runs");
    insta::assert_snapshot!(
        "inspect_text_sample_data",
        String::from_utf8_lossy(&out.stdout)
    );
}
