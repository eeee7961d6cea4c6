//! `--parquet` (issue 28): the files read back with the parquet crate's own reader and
//! compared with runs.csv, summary.json and the engine's rows; deterministic whatever
//! `--jobs` and `TZ`; written only into a report folder stridewise owns, and not at all
//! when there is nothing to review. (scripts/check-parquet.py reads them with pyarrow and
//! DuckDB.)

use crate::util::{sample_data, stridewise};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// A field as JSON: numbers, text, `null`; timestamps as milliseconds, dates as days,
/// lists as arrays, maps as objects.
pub(crate) fn value(f: &Field) -> Value {
    match f {
        Field::Null => Value::Null,
        Field::Bool(b) => json!(b),
        Field::Int(i) | Field::Date(i) => json!(i),
        Field::Long(i) | Field::TimestampMillis(i) => json!(i),
        Field::Double(x) => json!(x),
        Field::Str(s) => json!(s),
        Field::ListInternal(l) => Value::Array(l.elements().iter().map(value).collect()),
        Field::MapInternal(m) => Value::Object(
            m.entries()
                .iter()
                .map(|(k, v)| {
                    let Field::Str(k) = k else {
                        panic!("map key {k:?} is not text")
                    };
                    (k.clone(), value(v))
                })
                .collect(),
        ),
        other => panic!("unexpected field {other:?}"),
    }
}

/// A Parquet file's rows (column name → value) and its key-value metadata.
pub(crate) fn read(path: &Path) -> (Vec<BTreeMap<String, Value>>, BTreeMap<String, String>) {
    let reader = SerializedFileReader::try_from(path).expect("a Parquet file");
    let meta = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .map(|kv| {
            kv.iter()
                .map(|e| (e.key.clone(), e.value.clone().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    let rows = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|r| {
            r.expect("a row")
                .get_column_iter()
                .map(|(k, f)| (k.clone(), value(f)))
                .collect()
        })
        .collect();
    (rows, meta)
}

fn report(dir: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    let mut c = stridewise();
    c.arg("sample_data")
        .args(["--charts", "none", "--parquet", "--out"])
        .arg(dir)
        .args(extra);
    c.assert()
}

fn f64_of(v: &Value) -> Option<f64> {
    v.as_f64()
}

#[test]
fn runs_parquet_is_runs_csv_typed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("r");
    report(&out, &[]).success();
    let (rows, meta) = read(&out.join("runs.parquet"));
    assert_eq!(meta.get("schema_version").map(String::as_str), Some("1"));
    assert_eq!(meta.get("table").map(String::as_str), Some("runs"));
    let csv_text = std::fs::read_to_string(out.join("runs.csv")).expect("runs.csv");
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    let header = csv.headers().expect("header").clone();
    let records: Vec<csv::StringRecord> = csv.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), records.len());
    assert!(rows.len() >= 2, "the sample folder has runs");
    for (i, (p, c)) in rows.iter().zip(&records).enumerate() {
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|k| c.get(k))
                .unwrap_or_else(|| panic!("runs.csv has {name}"))
        };
        assert_eq!(p["athlete"], json!("sample_data"), "the folder's name");
        assert_eq!(p["run_index"], json!(i));
        assert_eq!(p["path"], json!(col("path")));
        // Dates: days since 1970-01-01 against the CSV's local date.
        let date = chrono::NaiveDate::parse_from_str(col("date"), "%Y-%m-%d").expect("date");
        let days = (date - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days();
        assert_eq!(p["date"], json!(days));
        let start = chrono::DateTime::parse_from_rfc3339(col("start_time")).expect("start");
        assert_eq!(p["start_time"], json!(start.timestamp_millis()));
        // Numbers: the CSV rounds them; the Parquet figure rounds to the CSV's text.
        for (name, digits) in [
            ("distance_km", 3),
            ("moving_time_s", 0),
            ("pace_s_per_km", 1),
            ("gap_s_per_km", 1),
            ("cadence_spm", 1),
            ("cadence_in_band_pct", 1),
            ("step_length_m", 3),
            ("gain_m", 1),
            ("loss_m", 1),
            ("hill_share_pct", 1),
            ("drift_pct", 2),
            ("decoupling_pct", 2),
        ] {
            let text = match f64_of(&p[name]) {
                Some(x) => format!("{x:.digits$}"),
                None => String::new(),
            };
            assert_eq!(text, col(name), "row {i} {name}");
        }
        assert_eq!(p["walk_breaks"].to_string(), col("walk_breaks"));
        let codes: Vec<&str> = p["warning_codes"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(codes.join(" "), col("warning_codes"), "row {i}");
    }
}

#[test]
fn findings_parquet_is_the_summarys_findings() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("r");
    report(&out, &["--athlete", "ann"]).success();
    let summary: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary"))
            .expect("json");
    let (rows, meta) = read(&out.join("findings.parquet"));
    assert_eq!(meta.get("table").map(String::as_str), Some("findings"));
    let mut want: Vec<(Value, Value, Value, Value, Value, Value)> = Vec::new();
    let entry = |run: Value, w: &Value| {
        let mut ev = w["evidence"].as_object().cloned().unwrap_or_default();
        let basis = ev.remove("basis").unwrap_or(Value::Null);
        (
            run,
            w["code"].clone(),
            w["severity"].clone(),
            w["message"].clone(),
            basis,
            Value::Object(ev),
        )
    };
    for (i, r) in summary["runs"].as_array().expect("runs").iter().enumerate() {
        for w in r["summary"]["warnings"].as_array().expect("warnings") {
            want.push(entry(json!(i), w));
        }
    }
    for w in summary["findings"].as_array().expect("findings") {
        want.push(entry(Value::Null, w));
    }
    assert!(!want.is_empty(), "the sample runs have findings");
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            assert_eq!(r["athlete"], json!("ann"));
            assert_eq!(
                r["scope"],
                json!(if r["run_index"].is_null() {
                    "folder"
                } else {
                    "run"
                })
            );
            assert!(r["topic"].as_str().is_some_and(|t| !t.is_empty()));
            (
                r["run_index"].clone(),
                r["code"].clone(),
                r["severity"].clone(),
                r["message"].clone(),
                r["basis"].clone(),
                r["evidence"].clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn speed_bins_parquet_is_the_engines_bins() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("r");
    report(&out, &[]).success();
    let (rows, _) = read(&out.join("speed_bins.parquet"));
    let cfg =
        stridewise::report::api::review_config(vec![sample_data()], stridewise::UnitSystem::Metric);
    let review =
        stridewise::report::api::review_folder(&cfg, stridewise::UnitSystem::Metric).expect("runs");
    let mut want = Vec::new();
    for (i, r) in review.outcome.runs.iter().enumerate() {
        let b = &r.row.bins;
        for k in 0..b.time_s.len() {
            if b.time_s[k] > 0.0 {
                want.push((
                    i,
                    k,
                    b.time_s[k],
                    b.cadence_time[k],
                    b.distance_m[k],
                    b.steps[k],
                ));
            }
        }
    }
    assert!(!want.is_empty());
    assert_eq!(rows.len(), want.len());
    for (p, (i, k, t, ct, d, st)) in rows.iter().zip(&want) {
        assert_eq!(p["run_index"], json!(i));
        assert_eq!(p["bin"], json!(k));
        assert_eq!(p["time_s"], json!(t));
        assert_eq!(p["cadence_time"], json!(ct));
        assert_eq!(p["distance_m"], json!(d));
        assert_eq!(p["steps"], json!(st));
        let lo = f64_of(&p["speed_low_mps"]).expect("low");
        let hi = f64_of(&p["speed_high_mps"]).expect("high");
        let v = d / t;
        assert!(
            lo - 1e-9 <= v && v <= hi + 1e-9,
            "mean speed {v} in [{lo}, {hi}]"
        );
    }
}

#[test]
fn samples_only_when_asked_and_one_row_per_sample() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("r");
    report(&out, &[]).success();
    assert!(!out.join("samples.parquet").exists());
    report(&out, &["--parquet-samples"]).success();
    let (rows, meta) = read(&out.join("samples.parquet"));
    assert_eq!(meta.get("table").map(String::as_str), Some("samples"));
    let summary: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary"))
            .expect("json");
    let runs = summary["runs"].as_array().expect("runs");
    let total: u64 = runs.iter().filter_map(|r| r["samples"].as_u64()).sum();
    assert_eq!(rows.len() as u64, total);
    let gaits: std::collections::BTreeSet<&str> =
        rows.iter().filter_map(|r| r["gait"].as_str()).collect();
    assert!(gaits.contains("running"), "{gaits:?}");
    assert!(rows.iter().any(|r| r["grade"].as_f64().is_some()));
    assert!(rows.iter().all(|r| r["paused"].is_boolean()));
}

#[test]
fn same_bytes_whatever_jobs_and_time_zone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let run = |tz: &str, jobs: &str, out: &std::path::Path| {
        stridewise()
            .env("TZ", tz)
            .arg("sample_data")
            .args([
                "--charts",
                "none",
                "--parquet",
                "--parquet-samples",
                "--jobs",
                jobs,
                "--out",
            ])
            .arg(out)
            .assert()
            .success();
    };
    run("UTC", "1", &a);
    run("Pacific/Kiritimati", "4", &b);
    for name in [
        "runs.parquet",
        "findings.parquet",
        "speed_bins.parquet",
        "samples.parquet",
    ] {
        let x = std::fs::read(a.join(name)).expect("a");
        let y = std::fs::read(b.join(name)).expect("b");
        assert!(x == y, "{name} differs between the runs");
    }
}

#[test]
fn parquet_needs_a_report_folder_and_writes_none_without_runs() {
    stridewise()
        .args(["sample_data", "--parquet", "--json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--parquet writes into the report folder",
        ));
    stridewise()
        .args(["sample_data", "--parquet-samples", "--out", "x"])
        .assert()
        .code(2);
    let tmp = tempfile::tempdir().expect("tempdir");
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let out = tmp.path().join("r");
    stridewise()
        .arg(&empty)
        .args(["--parquet", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    assert!(!out.exists(), "nothing to review writes nothing");
}

#[test]
fn a_file_stridewise_did_not_write_is_not_replaced() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("r");
    // A report folder of ours, then the user's own runs.parquet put in it.
    let mut c = stridewise();
    c.arg("sample_data")
        .args(["--charts", "none", "--out"])
        .arg(&out)
        .assert()
        .success();
    std::fs::write(out.join("runs.parquet"), b"the user's").expect("write");
    report(&out, &[])
        .failure()
        .stderr(predicates::str::contains(
            "runs.parquet was not written by stridewise",
        ));
    assert_eq!(
        std::fs::read(out.join("runs.parquet")).expect("kept"),
        b"the user's"
    );
}
