//! The watch makers' own logs (Suunto app JSON, Movescount `.sml`, Moveslink `.xml`,
//! Polar Flow JSON, Polar `.hrm`), written from generated runs with known truth
//! (`stridewise::synth::vendor`): what each reader gives back, where discovery finds them
//! (folders, zips, `.gz`), and that the same run from two devices is one run.

use crate::util::stridewise;
use stridewise::analysis::totals::totals;
use stridewise::ingest::{self, read_bytes};
use stridewise::model::{Activity, Format, Sport};
use stridewise::synth::{self, fit, vendor, Scenario, SynthRun};

fn hilly() -> SynthRun {
    synth::generate(&Scenario::hilly_10k()).expect("generates")
}

fn one(bytes: &[u8]) -> Activity {
    let mut acts = read_bytes(bytes).expect("reads");
    assert_eq!(acts.len(), 1);
    acts.remove(0)
}

fn mean_hr(a: &Activity) -> f64 {
    let v: Vec<f64> = a.samples.iter().filter_map(|s| s.heart_rate_bpm).collect();
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

fn truth_hr(run: &SynthRun) -> f64 {
    run.points
        .iter()
        .map(|p| f64::from(p.heart_rate_bpm))
        .sum::<f64>()
        / run.points.len() as f64
}

fn close(what: &str, ours: f64, truth: f64, tol: f64) {
    assert!(
        (ours - truth).abs() <= tol,
        "{what}: {ours} vs {truth} (± {tol})"
    );
}

#[test]
fn suunto_json_reads_back_the_generated_run_in_any_offset() {
    let run = hilly();
    for offset in [0, 120, -300] {
        let a = one(vendor::suunto_json(&run, vendor::SuuntoHeart::Samples, offset).as_bytes());
        assert_eq!(a.format, Format::SuuntoJson);
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.start_time, Some(run.start), "offset {offset}");
        let t = totals(&a);
        close(
            "distance",
            t.distance_m.expect("distance"),
            run.truth.total_distance_m,
            1.0,
        );
        close(
            "cadence",
            t.avg_cadence.expect("cadence").0,
            run.truth.avg_running_cadence_spm.expect("truth"),
            1.5,
        );
        close("heart rate", mean_hr(&a), truth_hr(&run), 1.0);
        assert_eq!(a.pauses.len(), run.pauses.len());
        assert_eq!(a.laps.len(), run.laps.len());
        assert_eq!(
            a.altitude_source,
            stridewise::model::AltitudeSource::Barometric
        );
        let s = a.summary.as_ref().expect("summary");
        close(
            "summary timer",
            s.timer_s.expect("timer"),
            run.truth.timer_time_s,
            0.01,
        );
        close(
            "summary cadence",
            s.avg_cadence_spm.expect("cadence"),
            run.truth.avg_running_cadence_spm.expect("truth"),
            0.5,
        );
    }
}

#[test]
fn heart_rate_from_r_r_alone_follows_the_recorded_heart_rate() {
    let run = hilly();
    let a = one(vendor::suunto_json(&run, vendor::SuuntoHeart::RrOnly, 60).as_bytes());
    assert!(a.notes.iter().any(|n| n.contains("R-R")), "{:?}", a.notes);
    // Per sample: within 3 bpm of the generated heart rate nearly everywhere (the beats
    // pooled over 5 s lag a changing rate a little).
    let mut within = 0usize;
    let mut n = 0usize;
    for s in &a.samples {
        let (Some(t), Some(hr)) = (s.t_s, s.heart_rate_bpm) else {
            continue;
        };
        let truth = run
            .points
            .iter()
            .rev()
            .find(|p| f64::from(p.t_s) <= t)
            .map(|p| f64::from(p.heart_rate_bpm))
            .expect("point");
        n += 1;
        within += usize::from((hr - truth).abs() <= 3.0);
    }
    assert!(n * 10 >= a.samples.len() * 9, "{n} of {}", a.samples.len());
    assert!(within * 100 >= n * 95, "{within} of {n}");
}

#[test]
fn sml_and_moveslink_read_back_the_generated_run() {
    let run = hilly();
    let sml = one(vendor::suunto_sml(&run).as_bytes());
    assert_eq!(sml.format, Format::SuuntoSml);
    assert_eq!(sml.start_time, Some(run.start));
    close(
        "sml distance",
        totals(&sml).distance_m.expect("d"),
        run.truth.total_distance_m,
        1.0,
    );
    close("sml heart rate", mean_hr(&sml), truth_hr(&run), 1.0);
    assert_eq!(sml.pauses.len(), run.pauses.len());
    assert_eq!(sml.device.product.as_deref(), Some("Ambit3 Peak"));

    let quest = one(vendor::moveslink(&run, 120).as_bytes());
    assert_eq!(quest.format, Format::SuuntoMoveslink);
    assert_eq!(
        quest.start_time,
        Some(run.start),
        "local time minus TimeZone"
    );
    // Per-interval distances summed (each rounded to a metre).
    close(
        "quest distance",
        totals(&quest).distance_m.expect("d"),
        run.truth.total_distance_m,
        10.0,
    );
    close("quest heart rate", mean_hr(&quest), truth_hr(&run), 3.0);
    close(
        "quest cadence",
        totals(&quest).avg_cadence.expect("cad").0,
        run.truth.avg_running_cadence_spm.expect("t"),
        2.5,
    );
}

#[test]
fn polar_json_with_nan_and_hrm_read_back_the_generated_run() {
    let run = hilly();
    let text = vendor::polar_json(&run, 60, Some(7));
    assert!(
        text.contains("NaN"),
        "the writer puts bare NaN in the arrays"
    );
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "not JSON as written"
    );
    let a = one(text.as_bytes());
    assert_eq!(a.format, Format::PolarJson);
    assert_eq!(a.start_time, Some(run.start));
    close(
        "polar distance",
        totals(&a).distance_m.expect("d"),
        run.truth.total_distance_m,
        1.0,
    );
    close(
        "polar cadence",
        totals(&a).avg_cadence.expect("c").0,
        run.truth.avg_running_cadence_spm.expect("t"),
        1.5,
    );
    assert!(a.samples.iter().filter(|s| s.lat_deg.is_some()).count() * 10 >= a.samples.len() * 9);

    let h = one(vendor::hrm(&run).as_bytes());
    assert_eq!(h.format, Format::PolarHrm);
    close("hrm heart rate", mean_hr(&h), truth_hr(&run), 2.0);
    // Speed in 0.1 km/h rows, integrated: within 1% of the truth.
    let d = totals(&h).distance_m.expect("distance from speed");
    close(
        "hrm distance",
        d,
        run.truth.total_distance_m,
        0.01 * run.truth.total_distance_m,
    );
}

#[test]
fn the_new_formats_are_found_in_folders_zips_and_gz_by_content() {
    use std::io::Write;
    let run = hilly();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let gz = |text: &str| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(text.as_bytes()).expect("gzip");
        e.finish().expect("gzip")
    };
    let suunto = vendor::suunto_json(&run, vendor::SuuntoHeart::Samples, 0);
    std::fs::write(root.join("move.json.gz"), gz(&suunto)).expect("write");
    std::fs::write(root.join("move.sml"), vendor::suunto_sml(&run)).expect("write");
    std::fs::write(root.join("session.txt"), vendor::polar_json(&run, 0, None)).expect("write");
    std::fs::write(root.join("settings.json"), br#"{"units": "metric"}"#).expect("write");
    std::fs::write(root.join("unrelated.xml"), b"<kml/>").expect("write");
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, body) in [
        ("export/quest.xml", vendor::moveslink(&run, 0).into_bytes()),
        ("export/s710.hrm", vendor::hrm(&run).into_bytes()),
        ("export/user.json", br#"{"id": 1}"#.to_vec()),
    ] {
        z.start_file(name, opts).expect("zip");
        z.write_all(&body).expect("zip");
    }
    std::fs::write(
        root.join("export.zip"),
        z.finish().expect("zip").into_inner(),
    )
    .expect("write");
    let d = stridewise::source::discover::discover(&[root.to_path_buf()]);
    let names: Vec<&str> = d.candidates.iter().map(|c| c.display.as_str()).collect();
    // The JSON and XML files, on disk and in the zip, are taken by content (the settings,
    // the KML and the zip's user.json are not); `session.txt` is no activity name at all.
    assert_eq!(names.len(), 4, "{names:#?}");
    let mut formats = Vec::new();
    for c in &d.candidates {
        let bytes = stridewise::source::discover::read(c).expect("bytes");
        match read_bytes(&bytes) {
            Ok(acts) => formats.push(acts[0].format),
            Err(ingest::IngestError::NotAnActivity(why)) => {
                assert!(c.display.ends_with("user.json"), "{}: {why}", c.display);
            }
            Err(e) => panic!("{}: {e}", c.display),
        }
    }
    formats.sort_by_key(|f| f.to_string());
    assert_eq!(
        formats,
        [
            Format::PolarHrm,
            Format::SuuntoJson,
            Format::SuuntoMoveslink,
            Format::SuuntoSml
        ]
    );
    // Named on the command line, the Polar session is read whatever its name.
    let a = one(&std::fs::read(root.join("session.txt")).expect("read"));
    assert_eq!(a.format, Format::PolarJson);
}

#[test]
fn one_run_recorded_by_several_devices_is_one_run() {
    let run = hilly();
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::write(
        root.join("garmin.fit"),
        fit::encode(&run, &fit::FitOptions::default()),
    )
    .expect("w");
    std::fs::write(
        root.join("suunto.json"),
        vendor::suunto_json(&run, vendor::SuuntoHeart::RrOnly, 60),
    )
    .expect("w");
    std::fs::write(
        root.join("polar.json"),
        vendor::polar_json(&run, 120, Some(11)),
    )
    .expect("w");
    std::fs::write(root.join("old.hrm"), vendor::hrm(&run)).expect("w");
    let o = stridewise()
        .args(["--json", "--no-charts"])
        .arg(root)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "{:#}", v["runs"]);
    assert!(runs[0]["source"]["path"]
        .as_str()
        .is_some_and(|p| p.ends_with("garmin.fit")));
    let dups = v["duplicates"].as_array().expect("duplicates");
    assert_eq!(dups.len(), 3, "{dups:#?}");
}

#[test]
fn a_garmin_connect_export_gives_its_runs_the_runners_names_and_types() {
    use std::io::Write;
    use stridewise::synth::garmin_export;
    // Two recordings of the export: a run named by the runner, and one the runner saved
    // as a walk (the FIT file says running): the walk is no run.
    let tempo = hilly();
    let mut scenario = Scenario::run_walk_5_1();
    scenario.start += chrono::TimeDelta::days(1);
    let walked = synth::generate(&scenario).expect("generates");
    let summary = garmin_export::summarized_activities(&[
        ("Tuesday tempo", "running", &tempo),
        ("With the dog", "walking", &walked),
    ]);
    let inner = {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, run) in [("12345_1.fit", &tempo), ("12345_2.fit", &walked)] {
            z.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("zip");
            z.write_all(&fit::encode(run, &fit::FitOptions::default()))
                .expect("zip");
        }
        z.finish().expect("zip").into_inner()
    };
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file(garmin_export::SUMMARY_PATH, opts)
        .expect("zip");
    z.write_all(summary.as_bytes()).expect("zip");
    z.start_file(
        "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
        opts,
    )
    .expect("zip");
    z.write_all(&inner).expect("zip");
    let dir = tempfile::tempdir().expect("tempdir");
    let export = dir.path().join("garmin-export.zip");
    std::fs::write(&export, z.finish().expect("zip").into_inner()).expect("write");
    let o = stridewise()
        .args(["--json", "--no-charts"])
        .arg(&export)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let runs = v["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "{:#}", v["runs"]);
    assert_eq!(runs[0]["name"], "Tuesday tempo");
    let skipped = v["skipped"].to_string();
    assert!(
        skipped.contains("walking") && skipped.contains("12345_2.fit"),
        "{skipped}"
    );
}

fn apple_export(dir: &std::path::Path) -> SynthRun {
    use stridewise::synth::apple_health::{export, AppleWorkout, RouteStyle};
    let run = hilly();
    let mut walk = Scenario::run_walk_5_1();
    walk.start += chrono::TimeDelta::days(2);
    let walked = synth::generate(&walk).expect("generates");
    let (xml, routes) = export(
        &[
            AppleWorkout {
                activity_type: "HKWorkoutActivityTypeRunning",
                run: &run,
                route: RouteStyle::File,
                shift_days: 0,
            },
            AppleWorkout {
                activity_type: "HKWorkoutActivityTypeWalking",
                run: &walked,
                route: RouteStyle::None,
                shift_days: 0,
            },
        ],
        120,
    );
    std::fs::create_dir_all(dir.join("workout-routes")).expect("mkdir");
    std::fs::write(dir.join("export.xml"), xml).expect("write");
    for (name, text) in routes {
        std::fs::write(dir.join(name), text).expect("write");
    }
    run
}

#[test]
fn an_apple_health_export_gives_its_runs_with_route_records_and_types() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = apple_export(dir.path());
    let acts = ingest::read_path(&dir.path().join("export.xml")).expect("reads");
    assert_eq!(acts.len(), 2);
    let a = &acts[0];
    assert_eq!(a.format, Format::AppleHealth);
    assert_eq!((a.sport, a.start_time), (Sport::Running, Some(run.start)));
    let t = totals(a);
    // Positions from the route file; distance from them.
    close(
        "distance",
        t.distance_m.expect("d"),
        run.truth.total_distance_m,
        0.01 * run.truth.total_distance_m,
    );
    // Cadence from steps over 10 s intervals (rounded counts: ±3 steps/min a record).
    close(
        "cadence",
        t.avg_cadence.expect("cadence").0,
        run.truth.avg_running_cadence_spm.expect("t"),
        2.0,
    );
    close("heart rate", mean_hr(a), truth_hr(&run), 1.5);
    assert_eq!(
        a.cadence_source,
        stridewise::model::CadenceSource::StepsOverInterval
    );
    assert_eq!(a.pauses.len(), run.pauses.len());
    // Vertical oscillation in cm in the export, mm in the model.
    let vo: Vec<f64> = a
        .samples
        .iter()
        .filter_map(|s| s.vertical_oscillation_mm)
        .collect();
    let truth_vo = run
        .points
        .iter()
        .filter_map(|p| p.vertical_oscillation_mm)
        .sum::<f64>()
        / run
            .points
            .iter()
            .filter(|p| p.vertical_oscillation_mm.is_some())
            .count()
            .max(1) as f64;
    if !vo.is_empty() {
        close(
            "oscillation",
            vo.iter().sum::<f64>() / vo.len() as f64,
            truth_vo,
            5.0,
        );
    }
    // The walk: kept as a walk, without positions (no route).
    assert_eq!(acts[1].sport, Sport::Walking);
    assert!(acts[1].samples.iter().all(|s| s.lat_deg.is_none()));
    // In a folder review: one run; the walk is cross-training, never running volume.
    let o = stridewise()
        .args(["--json", "--no-charts"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v["runs"].as_array().map(Vec::len),
        Some(1),
        "{:#}",
        v["runs"]
    );
    assert!(
        v["skipped"].to_string().contains("walking"),
        "{}",
        v["skipped"]
    );
}

#[test]
fn records_outside_the_workouts_change_nothing() {
    // The reader keeps workouts and the records inside them, not the file: an export
    // padded with 20,000 records outside any workout reads the same.
    let dir = tempfile::tempdir().expect("tempdir");
    apple_export(dir.path());
    let xml = std::fs::read_to_string(dir.path().join("export.xml")).expect("read");
    let filler: String = (0..20_000)
        .map(|i| format!(" <Record type=\"HKQuantityTypeIdentifierHeartRate\" unit=\"count/min\" startDate=\"2001-01-01 00:00:{:02} +0000\" endDate=\"2001-01-01 00:00:{:02} +0000\" value=\"70\"/>\n", i % 60, i % 60))
        .collect();
    let padded = xml.replacen(" <ExportDate", &format!("{filler} <ExportDate"), 1);
    let big = dir.path().join("big");
    std::fs::create_dir_all(big.join("workout-routes")).expect("mkdir");
    std::fs::write(big.join("export.xml"), &padded).expect("write");
    for e in std::fs::read_dir(dir.path().join("workout-routes")).expect("ls") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), big.join("workout-routes").join(e.file_name())).expect("copy");
    }
    let small = ingest::read_path(&dir.path().join("export.xml")).expect("reads");
    let large = ingest::read_path(&big.join("export.xml")).expect("reads");
    assert_eq!(small, large);
}
