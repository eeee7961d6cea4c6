//! Every file of the shared corpus is either read or rejected with one clear line.

use crate::corpus;
use stridewise::analysis::totals::totals;
use stridewise::ingest::{self, IngestError};

#[test]
fn every_corpus_file_reads_or_fails_with_one_clear_line() {
    corpus::require!();
    let files = corpus::files();
    assert!(files.len() > 100, "corpus has only {} files", files.len());
    let (mut read, mut rejected) = (0, 0);
    for path in &files {
        match ingest::read_path(path) {
            Ok(acts) => {
                assert!(!acts.is_empty(), "{}", path.display());
                read += 1;
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    !msg.is_empty() && !msg.contains('\n'),
                    "{}: {msg:?}",
                    path.display()
                );
                rejected += 1;
            }
        }
    }
    assert!(read >= 120, "read {read}, rejected {rejected}");
}

#[test]
fn known_broken_files_fail_for_the_right_reason() {
    corpus::require!();
    type Check = fn(&IngestError) -> bool;
    let cases: &[(&str, Check)] = &[
        (
            "sports-alliance__sports-lib/src__specs__fixtures__others__empty-sessions.fit",
            |e| *e == IngestError::Empty,
        ),
        (
            "dtcooper__python-fitparse/tests__files__MonitoringFile.fit",
            |e| matches!(e, IngestError::NotAnActivity(_)),
        ),
        (
            "GoldenCheetah__GoldenCheetah/test__rides__MetadataOnly.gpx",
            |e| matches!(e, IngestError::NotAnActivity(_)),
        ),
        (
            "sports-alliance__sports-lib/src__specs__fixtures__others__empty-activities.fit",
            |e| matches!(e, IngestError::Damaged(_)),
        ),
    ];
    for (name, check) in cases {
        let err = ingest::read_path(&corpus::dir().join(name)).expect_err(name);
        assert!(check(&err), "{name}: {err}");
    }
}

#[test]
fn damaged_fit_files_are_salvaged_with_a_note() {
    corpus::require!();
    for name in [
        "dtcooper__python-fitparse/tests__files__activity-unexpected-eof.fit",
        "dtcooper__python-fitparse/tests__files__strava-android-app-201.10-b1218918.fit",
    ] {
        let acts = ingest::read_path(&corpus::dir().join(name)).expect(name);
        assert!(!acts[0].samples.is_empty(), "{name}");
        assert!(
            acts[0]
                .notes
                .iter()
                .any(|n| n.contains("damaged") || n.contains("dropped")),
            "{name}: {:?}",
            acts[0].notes
        );
    }
}

#[test]
fn a_duathlon_yields_one_entry_per_session_with_its_own_figures() {
    corpus::require!();
    let path = corpus::dir()
        .join("dtcooper__python-fitparse/tests__files__activity-large-fenxi2-multisport.fit");
    let acts = ingest::read_path(&path).expect("reads");
    let rows: Vec<_> = corpus::tsv("FIT_SESSIONS.tsv")
        .into_iter()
        .filter(|r| r["local_path"].ends_with("activity-large-fenxi2-multisport.fit"))
        .collect();
    assert_eq!(acts.len(), rows.len());
    for (a, row) in acts.iter().zip(&rows) {
        assert_eq!(a.session, row["session_index"].parse().ok());
        if row["sport"] != "running" {
            continue;
        }
        assert_eq!(a.sport, stridewise::model::Sport::Running);
        let dev = corpus::num(row, "total_distance").unwrap_or(0.0);
        let ours = totals(a).distance_m.unwrap_or(0.0);
        assert!(
            (ours - dev).abs() <= (0.01 * dev).max(5.0),
            "session {:?}: {ours} vs {dev}",
            a.session
        );
    }
    let running = acts
        .iter()
        .filter(|a| a.sport == stridewise::model::Sport::Running)
        .count();
    assert_eq!(running, 2);
}

#[test]
fn the_same_run_as_fit_gpx_and_tcx_agrees() {
    corpus::require!();
    let base = corpus::dir().join("sports-alliance__sports-lib");
    let read = |name: &str| {
        let a = ingest::read_path(&base.join(name)).expect(name).remove(0);
        let t = totals(&a);
        (
            t.distance_m.expect("distance"),
            t.avg_cadence.expect("cadence").0,
        )
    };
    let fit = read("src__specs__fixtures__runs__fit__6782987395.fit");
    let gpx = read("src__specs__fixtures__runs__gpx__6782987395.gpx");
    let tcx = read("src__specs__fixtures__runs__tcx__6782987395.tcx");
    for (what, (d, c)) in [("gpx", gpx), ("tcx", tcx)] {
        assert!(
            (d - fit.0).abs() / fit.0 <= 0.02,
            "{what} distance {d} vs fit {}",
            fit.0
        );
        assert!(
            (c - fit.1).abs() <= 1.0,
            "{what} cadence {c} vs fit {}",
            fit.1
        );
    }
}

#[test]
fn treadmill_and_positionless_runs_are_flagged() {
    corpus::require!();
    let a = ingest::read_path(
        &corpus::dir()
            .join("sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6860622783.fit"),
    )
    .expect("reads")
    .remove(0);
    assert!(a.samples.iter().all(|s| s.lat_deg.is_none()));
    assert!(totals(&a).distance_m.unwrap_or(0.0) > 10_000.0);
}

#[test]
fn timestamps_do_not_depend_on_the_time_zone() {
    corpus::require!();
    // fitparser hands out local times; ours must be UTC whatever TZ says. The binary is
    // run under two zones and the JSON compared byte for byte.
    let path = corpus::dir()
        .join("sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6782987395.fit");
    let run = |tz: &str| {
        assert_cmd::Command::cargo_bin("stridewise")
            .expect("binary")
            .env("TZ", tz)
            .args(["inspect", "--json"])
            .arg(&path)
            .output()
            .expect("runs")
            .stdout
    };
    let utc = run("UTC");
    assert_eq!(utc, run("Pacific/Auckland"));
    assert!(String::from_utf8_lossy(&utc).contains("\"start_time\": \"2019-06-15T09:42:23Z\""));
}

#[test]
fn tracks_with_placeholder_or_stray_times_are_planned_routes() {
    corpus::require!();
    // Every point at 1901-12-13T20:45:52Z (a route editor's placeholder), and a 13.7 km
    // track with times on 5 of 296 points, waypoints hours apart: none is a recording to
    // judge pace on.
    for (name, note) in [
        (
            "tkrajina__gpxpy/test_files__Mojstrovka.gpx",
            "within one second",
        ),
        (
            "tkrajina__gpxpy/test_files__cerknicko-without-times.gpx",
            "only 5 of 296 points have a timestamp",
        ),
        // Six waypoints of a planner, hours apart.
        (
            "georust__gpx/tests__fixtures__caltopo-export.gpx",
            "too sparse for a recording",
        ),
    ] {
        let acts = stridewise::ingest::read_path(&corpus::dir().join(name)).expect(name);
        let a = &acts[0];
        assert!(a.is_route(), "{name}: {:?}", a.notes);
        assert_eq!(a.start_time, None, "{name}");
        assert!(
            a.notes.iter().any(|n| n.contains(note)),
            "{name}: {:?}",
            a.notes
        );
    }
}
