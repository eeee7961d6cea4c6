//! An Apple Health export as the Health app writes it (`export.zip` holding
//! `apple_health_export/export.xml` and `workout-routes/*.gpx`), generated with
//! `stridewise::synth::apple_health`: zipped or unzipped it is the same review; a large
//! `export.xml` inside the zip is streamed in flat memory; older exports' inline
//! `<Location>` routes give the same track as the route files.

use crate::util::stridewise;
use std::io::Write;
use std::path::Path;
use stridewise::model::Activity;
use stridewise::synth::apple_health::{export, AppleWorkout, RouteStyle};
use stridewise::synth::{self, Scenario, SynthRun};

const FOLDER: &str = "apple_health_export";

fn runs() -> (SynthRun, SynthRun) {
    let run = synth::generate(&Scenario::hilly_10k()).expect("generates");
    let mut walk = Scenario::run_walk_5_1();
    walk.start += chrono::TimeDelta::days(2);
    (run, synth::generate(&walk).expect("generates"))
}

/// The export's files (path inside `apple_health_export/`, bytes): two runs with route
/// files a day apart, a walk without a route, and the clinical-records file the app
/// writes beside them.
fn export_files(run: &SynthRun, walk: &SynthRun, style: RouteStyle) -> Vec<(String, Vec<u8>)> {
    let (xml, routes) = export(
        &[
            AppleWorkout {
                activity_type: "HKWorkoutActivityTypeRunning",
                run,
                route: style,
                shift_days: 0,
            },
            AppleWorkout {
                activity_type: "HKWorkoutActivityTypeRunning",
                run,
                route: style,
                shift_days: 1,
            },
            AppleWorkout {
                activity_type: "HKWorkoutActivityTypeWalking",
                run: walk,
                route: RouteStyle::None,
                shift_days: 0,
            },
        ],
        120,
    );
    let mut files = vec![
        ("export.xml".to_string(), xml.into_bytes()),
        (
            "export_cda.xml".to_string(),
            b"<?xml version=\"1.0\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>".to_vec(),
        ),
    ];
    files.extend(routes.into_iter().map(|(n, t)| (n, t.into_bytes())));
    files
}

fn write_folder(root: &Path, files: &[(String, Vec<u8>)]) {
    for (name, bytes) in files {
        let path = root.join(FOLDER).join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
}

fn zip_options(stored: bool) -> zip::write::SimpleFileOptions {
    zip::write::SimpleFileOptions::default()
        .compression_method(if stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        })
        .large_file(true)
}

fn write_zip(path: &Path, files: &[(String, Vec<u8>)], stored: bool) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    z.add_directory(format!("{FOLDER}/"), zip_options(stored))
        .expect("dir");
    for (name, bytes) in files {
        z.start_file(format!("{FOLDER}/{name}"), zip_options(stored))
            .expect("member");
        z.write_all(bytes).expect("write");
    }
    z.finish().expect("zip");
}

/// `stridewise --json --no-charts PATH`, with PATH and the temporary folder written as
/// `EXPORT` and `TMP`.
fn review_json(path: &Path, tmp: &Path) -> String {
    let o = stridewise()
        .args(["--json", "--no-charts"])
        .arg(path)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .expect("utf-8")
        .replace(&path.display().to_string(), "EXPORT")
        .replace(&tmp.display().to_string(), "TMP")
}

/// The activities of the export's `export.xml` candidate, read as a review reads them.
fn read_export(path: &Path) -> Vec<Activity> {
    let d = stridewise::source::discover::discover(&[path.to_path_buf()]);
    let c = d
        .candidates
        .iter()
        .find(|c| c.display.ends_with("export.xml"))
        .unwrap_or_else(|| panic!("no export.xml among {:?}", d.candidates));
    stridewise::pipeline::read(c).expect("reads")
}

#[test]
fn a_zipped_export_is_reviewed_as_the_unzipped_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (run, walk) = runs();
    let files = export_files(&run, &walk, RouteStyle::File);
    let folder = tmp.path().join("folder");
    write_folder(&folder, &files);
    let unzipped = read_export(&folder);
    assert_eq!(unzipped.len(), 3);
    // The routes were joined: positions, and no note about routes.
    assert!(unzipped[0].samples.iter().any(|s| s.lat_deg.is_some()));
    for stored in [false, true] {
        let archive = tmp.path().join(format!("export-{stored}.zip"));
        write_zip(&archive, &files, stored);
        // The same activities, sample for sample, note for note.
        let zipped = read_export(&archive);
        assert_eq!(zipped, unzipped, "stored {stored}");
        assert!(
            zipped
                .iter()
                .all(|a| a.notes.iter().all(|n| !n.contains("route"))),
            "{:?}",
            zipped[0].notes
        );
        // The same review, byte for byte once the paths are set aside.
        let folder_json = review_json(&folder, tmp.path());
        let zip_json = review_json(&archive, tmp.path());
        assert_eq!(zip_json, folder_json, "stored {stored}");
        let v: serde_json::Value = serde_json::from_str(&zip_json).expect("json");
        assert_eq!(
            v["runs"].as_array().map(Vec::len),
            Some(2),
            "{:#}",
            v["runs"]
        );
        assert!(
            v["skipped"].to_string().contains("walking"),
            "{}",
            v["skipped"]
        );
    }
}

#[test]
fn a_route_member_missing_from_the_zip_is_a_note_as_in_the_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (run, walk) = runs();
    let mut files = export_files(&run, &walk, RouteStyle::File);
    files.retain(|(n, _)| !n.ends_with("_1.gpx"));
    let folder = tmp.path().join("folder");
    write_folder(&folder, &files);
    let archive = tmp.path().join("export.zip");
    write_zip(&archive, &files, false);
    let zipped = read_export(&archive);
    assert_eq!(zipped, read_export(&folder));
    assert!(
        zipped[1]
            .notes
            .iter()
            .any(|n| n.contains("not found beside the export")),
        "{:?}",
        zipped[1].notes
    );
    assert!(zipped[1].samples.iter().all(|s| s.lat_deg.is_none()));
}

#[test]
fn a_damaged_export_member_is_one_line_and_the_rest_is_reviewed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (run, walk) = runs();
    let files = export_files(&run, &walk, RouteStyle::File);
    let archive = tmp.path().join("export.zip");
    write_zip(&archive, &files, true);
    // One digit of a heart rate changed in the stored export.xml: well-formed XML that
    // fails the member's CRC-32.
    let mut bytes = std::fs::read(&archive).expect("read");
    let at = bytes
        .windows(8)
        .position(|w| w == b"value=\"1")
        .expect("a value");
    bytes[at + 7] = if bytes[at + 7] == b'1' { b'2' } else { b'1' };
    std::fs::write(&archive, &bytes).expect("write");
    let o = stridewise()
        .args(["--json", "--no-charts"])
        .arg(&archive)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("export.xml"))
        .collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].contains("damaged beyond repair: zip data: member fails its CRC-32 check"),
        "{stderr}"
    );
    // The route files are reviewed on their own (tracks of unknown sport, as when the
    // export is unreadable in a folder).
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v["runs"].as_array().map(Vec::len),
        Some(2),
        "{:#}",
        v["runs"]
    );
}

#[test]
fn inline_locations_give_the_track_the_route_files_give() {
    for (scenario, offset_min) in [
        (Scenario::hilly_10k(), 120),
        (Scenario::run_walk_5_1(), -420),
        (Scenario::hilly_10k(), 330),
    ] {
        let run = synth::generate(&scenario).expect("generates");
        let read = |style| {
            let tmp = tempfile::tempdir().expect("tempdir");
            let (xml, routes) = export(
                &[AppleWorkout {
                    activity_type: "HKWorkoutActivityTypeRunning",
                    run: &run,
                    route: style,
                    shift_days: 0,
                }],
                offset_min,
            );
            if style == RouteStyle::Inline {
                assert!(routes.is_empty() && xml.contains("<Location date="));
            }
            let mut files = vec![("export.xml".to_string(), xml.into_bytes())];
            files.extend(routes.into_iter().map(|(n, t)| (n, t.into_bytes())));
            write_folder(tmp.path(), &files);
            stridewise::ingest::read_path(&tmp.path().join(FOLDER).join("export.xml"))
                .expect("reads")
        };
        let inline = read(RouteStyle::Inline);
        assert_eq!(inline, read(RouteStyle::File), "{}", run.name);
        let a = &inline[0];
        // Positions and altitude at every second of the run, speed in m/s as written
        // (Core Location's unit; km/h would be 3.6 times the truth).
        let fixes = a.samples.iter().filter(|s| s.lat_deg.is_some()).count();
        assert!(
            fixes + 2 >= run.points.len(),
            "{fixes} of {}",
            run.points.len()
        );
        let speeds: Vec<f64> = a
            .samples
            .iter()
            .filter_map(|s| s.speed.map(|v| v.0))
            .collect();
        let mean = speeds.iter().sum::<f64>() / speeds.len().max(1) as f64;
        let truth = run.points.iter().map(|p| p.speed_mps).sum::<f64>() / run.points.len() as f64;
        assert!((mean - truth).abs() < 0.05 * truth, "{mean} vs {truth} m/s");
        let t = stridewise::analysis::totals::totals(a);
        let d = t.distance_m.expect("distance");
        assert!(
            (d - run.truth.total_distance_m).abs() < 0.01 * run.truth.total_distance_m,
            "{d} vs {}",
            run.truth.total_distance_m
        );
    }
}

#[test]
fn a_large_export_inside_a_zip_is_streamed_in_flat_memory() {
    // export.xml padded with records outside any workout (a long-time user's years of
    // heart rate) to past the 128 MiB a zip member may inflate to in memory: read from the
    // zip in the memory a small export takes.
    let tmp = tempfile::tempdir().expect("tempdir");
    let (run, walk) = runs();
    let files = export_files(&run, &walk, RouteStyle::File);
    let small = tmp.path().join("small.zip");
    write_zip(&small, &files, false);
    let large = tmp.path().join("large.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&large).expect("create"));
    let mut xml_bytes = 0usize;
    for (name, bytes) in &files {
        z.start_file(format!("{FOLDER}/{name}"), zip_options(false))
            .expect("member");
        if name != "export.xml" {
            z.write_all(bytes).expect("write");
            continue;
        }
        let text = std::str::from_utf8(bytes).expect("utf-8");
        let (head, tail) = text.split_at(text.find(" <ExportDate").expect("ExportDate"));
        z.write_all(head.as_bytes()).expect("write");
        let mut chunk = String::new();
        let mut day = 0u32;
        while xml_bytes < 150 << 20 {
            chunk.clear();
            for i in 0..10_000u32 {
                let s = i % 60;
                let m = (i / 60) % 60;
                chunk.push_str(&format!(
                    " <Record type=\"HKQuantityTypeIdentifierHeartRate\" sourceName=\"Apple Watch\" unit=\"count/min\" creationDate=\"2001-01-{:02} 10:{m:02}:{s:02} +0000\" startDate=\"2001-01-{:02} 10:{m:02}:{s:02} +0000\" endDate=\"2001-01-{:02} 10:{m:02}:{s:02} +0000\" value=\"{}\"/>\n",
                    day % 28 + 1,
                    day % 28 + 1,
                    day % 28 + 1,
                    60 + i % 40
                ));
            }
            day += 1;
            xml_bytes += chunk.len();
            z.write_all(chunk.as_bytes()).expect("write");
        }
        z.write_all(tail.as_bytes()).expect("write");
    }
    z.finish().expect("zip");
    assert!(xml_bytes > 128 << 20);
    let args = |p: &Path| {
        [
            std::ffi::OsString::from("--json"),
            "--no-charts".into(),
            p.as_os_str().to_owned(),
        ]
    };
    let measure = |p: &Path| {
        let a = args(p);
        let refs: Vec<&std::ffi::OsStr> = a.iter().map(std::ffi::OsString::as_os_str).collect();
        crate::hostile_cli::run_measured(&refs)
    };
    let (code_small, err_small, peak_small) = measure(&small);
    let (code_large, err_large, peak_large) = measure(&large);
    assert_eq!((code_small, code_large), (0, 0), "{err_small}\n{err_large}");
    assert!(!err_large.contains("export.xml"), "{err_large}");
    // The same runs from both.
    assert_eq!(
        review_json(&large, tmp.path()),
        review_json(&small, tmp.path())
    );
    let small_xml = files
        .iter()
        .find(|(n, _)| n == "export.xml")
        .map_or(0, |(_, b)| b.len());
    eprintln!(
        "peak RSS: export.xml of {small_xml} bytes in a zip {peak_small:.0} MiB, of {} MiB {peak_large:.0} MiB",
        xml_bytes >> 20
    );
    assert!(
        peak_large < peak_small + 24.0,
        "peak RSS {peak_large:.0} MiB for {} MiB of export.xml, {peak_small:.0} MiB for the small one",
        xml_bytes >> 20
    );
}

/// The pages of runs not kept from the review are drawn from their file read again, once
/// per file: the two runs of one zipped export get the same pages as when both were kept.
#[test]
fn pages_read_again_from_one_export_are_the_pages_kept() {
    use stridewise::report::folder::ChartsMode;
    let dir = tempfile::tempdir().expect("tempdir");
    let (run, walk) = runs();
    let zip = dir.path().join("export.zip");
    write_zip(&zip, &export_files(&run, &walk, RouteStyle::File), false);
    let pages = |keep: ChartsMode, out: &Path| {
        let (kept, written) = crate::util::folder_pages(vec![zip.clone()], keep, out, 2);
        assert_eq!(written, 2, "two runs, two pages");
        kept
    };
    let (kept, again) = (dir.path().join("kept"), dir.path().join("again"));
    assert_eq!(pages(ChartsMode::All, &kept), 2);
    assert_eq!(pages(ChartsMode::None, &again), 0);
    let (a, b) = (
        crate::util::tree(&kept.join("runs")),
        crate::util::tree(&again.join("runs")),
    );
    assert!(
        a.len() >= 2 * 2,
        "a page and its charts per run: {}",
        a.len()
    );
    assert_eq!(a, b);
}
