//! The corpus' Suunto and Polar logs (MANIFEST `format`: `suunto-json`, `suunto-sml`,
//! `suunto-moveslink-xml`, `polar-flow-json`, `polar-hrm`): every one is read, and our
//! figures agree with the device's own summary where the file has one; the Apple Health
//! files (`apple-health-xml`) give their workouts, or no activity for records alone.

use crate::corpus;
use stridewise::analysis::totals::totals;
use stridewise::ingest;
use stridewise::model::{Activity, Sport};

const READ: [&str; 5] = [
    "suunto-json",
    "suunto-sml",
    "suunto-moveslink-xml",
    "polar-flow-json",
    "polar-hrm",
];

fn rows(formats: &[&str]) -> Vec<String> {
    corpus::tsv("MANIFEST.tsv")
        .into_iter()
        .filter(|r| formats.contains(&r["format"].as_str()))
        .map(|r| r["local_path"].clone())
        .collect()
}

fn mean_hr(a: &Activity) -> Option<f64> {
    let v: Vec<f64> = a.samples.iter().filter_map(|s| s.heart_rate_bpm).collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

#[test]
fn every_suunto_and_polar_log_is_read_and_agrees_with_its_device_summary() {
    corpus::require!();
    let files = rows(&READ);
    assert_eq!(files.len(), 7, "{files:#?}");
    for name in files {
        let acts = ingest::read_path(&corpus::dir().join(&name)).expect(&name);
        for a in &acts {
            assert!(!a.samples.is_empty(), "{name}");
            assert!(a.start_time.is_some(), "{name}");
            let Some(dev) = &a.summary else { continue };
            let t = totals(a);
            // Distance: the watch's own (its filtered GPS path, or a pod) against ours
            // (the recorded distance, else the haversine sum of the fixes): within 3%.
            // The Polar session's route sums 2.0% above the watch's 6,595 m.
            if let (Some(ours), Some(theirs)) = (t.distance_m, dev.distance_m) {
                if theirs > 100.0 {
                    let gap = (ours - theirs).abs() / theirs;
                    assert!(gap <= 0.03, "{name}: distance {ours:.0} vs {theirs:.0}");
                }
            }
            // Timer time: within 2% or 15 s (a 10 s sample rate loses its last interval;
            // the .hrm's rows stop 10 s before its Length).
            if let (Some(ours), Some(theirs)) = (t.moving_s.or(t.elapsed_s), dev.timer_s) {
                let slack = (0.02 * theirs).max(15.0);
                assert!(
                    (ours - theirs).abs() <= slack,
                    "{name}: timer {ours:.0} vs {theirs:.0}"
                );
            }
            // Heart rate (from R-R for the Spartan log): within 3 bpm of the watch's average.
            if let (Some(ours), Some(theirs)) = (mean_hr(a), dev.avg_heart_rate_bpm) {
                assert!(
                    (ours - theirs).abs() <= 3.0,
                    "{name}: heart rate {ours:.1} vs {theirs:.1}"
                );
            }
            if let (Some(ours), Some(theirs)) =
                (t.device_method_cadence.map(|c| c.0), dev.avg_cadence_spm)
            {
                assert!(
                    (ours - theirs).abs() <= 2.0,
                    "{name}: cadence {ours:.1} vs {theirs:.1}"
                );
            }
        }
    }
}

#[test]
fn the_spartan_log_has_its_laps_pauses_and_barometric_altitude() {
    corpus::require!();
    let a = ingest::read_path(
        &corpus::dir().join("sports-alliance__sports-lib/samples__suunto__suunto.json"),
    )
    .expect("reads")
    .remove(0);
    assert_eq!(a.laps.len(), 2, "two laps marked by the runner");
    assert_eq!(a.pauses.len(), 4, "{:?}", a.pauses);
    let paused: f64 = a
        .pauses
        .iter()
        .map(stridewise::model::Pause::duration_s)
        .sum();
    assert!(
        (paused - 156.9).abs() < 1.0,
        "PauseDuration 156.928 s: {paused}"
    );
    assert_eq!(
        a.altitude_source,
        stridewise::model::AltitudeSource::Barometric
    );
    assert!(
        a.samples
            .iter()
            .filter(|s| s.heart_rate_bpm.is_some())
            .count()
            > 3000
    );
}

#[test]
fn apple_health_workouts_are_read_and_records_alone_are_no_activity() {
    corpus::require!();
    // Every corpus file of Apple Health: a workout (whole exports and excerpts cut from
    // one) is read as its sport; an export of records only holds no activity.
    for name in rows(&["apple-health-xml"]) {
        match ingest::read_path(&corpus::dir().join(&name)) {
            Ok(acts) => {
                for a in &acts {
                    assert!(
                        matches!(a.sport, Sport::Running | Sport::Hiking | Sport::Walking),
                        "{name}: {:?}",
                        a.sport
                    );
                    assert!(
                        a.summary.as_ref().and_then(|s| s.distance_m).is_some(),
                        "{name}"
                    );
                }
            }
            Err(ingest::IngestError::NotAnActivity(why)) => {
                assert!(
                    name.contains("record") || name.contains("apple-health-parser"),
                    "{name}: {why}"
                );
            }
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

#[test]
fn an_apple_watch_run_joined_to_its_route_agrees_with_the_watch() {
    corpus::require!();
    // The excerpt and its route laid out as the export does (export.xml beside
    // workout-routes/), in a temporary folder: the route gives positions and altitude.
    let base = corpus::dir().join("NicolasReyrolle__apple-health-analyzer");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("workout-routes")).expect("mkdir");
    std::fs::copy(
        base.join("tests__fixtures__exports__workout_running.xml"),
        dir.path().join("export.xml"),
    )
    .expect("copy");
    std::fs::copy(
        base.join("tests__fixtures__exports__workout-routes__route_2025-09-16_6.15pm.gpx"),
        dir.path()
            .join("workout-routes/route_2025-09-16_6.15pm.gpx"),
    )
    .expect("copy");
    let a = ingest::read_path(&dir.path().join("export.xml"))
        .expect("reads")
        .remove(0);
    assert_eq!(a.sport, Sport::Running);
    let t = totals(&a);
    let dev = a.summary.as_ref().expect("summary");
    let (ours, theirs) = (
        t.distance_m.expect("distance"),
        dev.distance_m.expect("device"),
    );
    // The route (rotated by the fixture's author, distances kept) sums 8,999.6 m; the
    // watch says 8,955.1 m.
    assert!((ours - theirs).abs() / theirs <= 0.01, "{ours} vs {theirs}");
    assert!(a.samples.iter().filter(|s| s.lat_deg.is_some()).count() > 3000);
}
