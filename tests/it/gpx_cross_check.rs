//! Our GPX/TCX readers against an independent parser and the corpus manifest.
//!
//! * every `*.gpx`/`*.gpx.gz` the `gpx` crate can parse must give the same points: count,
//!   latitude/longitude (1e-9°), elevation (1e-6 m) and time (1 ms);
//! * every GPX/TCX file either reads or returns a clean [`IngestError`], never a panic,
//!   and the point counts match MANIFEST.tsv;
//! * the same run exported as GPX and as TCX gives the same cadence after the unit
//!   decision;
//! * truncated or corrupted copies of corpus files never make a reader panic.

use crate::corpus;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use stridewise::ingest::{self, cadence_unit, IngestError};
use stridewise::model::Activity;

/// Fewest GPX files compared point by point, so the cross-check cannot pass vacuously.
/// The corpus has 34 GPX files: the `gpx` crate rejects 4 (two without a `version`
/// attribute, two Strava files with an empty `<name>`), 4 hold no point, 26 are compared.
const MIN_CROSS_CHECKED: usize = 25;

/// The file's name, lower-cased.
fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_gpx(path: &Path) -> bool {
    let n = name_of(path);
    n.ends_with(".gpx") || n.ends_with(".gpx.gz")
}

fn is_tcx(path: &Path) -> bool {
    let n = name_of(path);
    n.ends_with(".tcx") || n.ends_with(".tcx.gz")
}

/// The file's content, gunzipped when the name ends in `.gz`.
fn plain_bytes(path: &Path) -> Vec<u8> {
    let raw = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if !name_of(path).ends_with(".gz") {
        return raw;
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: gzip: {e}", path.display()));
    out
}

fn corpus_files(keep: fn(&Path) -> bool) -> Vec<PathBuf> {
    corpus::files().into_iter().filter(|p| keep(p)).collect()
}

/// A `gpx::Time` as chrono UTC, through its ISO 8601 rendering
/// (`2019-06-15T09:42:23.000000000Z`; a six-digit `+00YYYY` year is cut to four). This
/// avoids a dev-dependency on the `time` crate just to name its type.
fn gpx_time(time: &gpx::Time) -> DateTime<Utc> {
    let text = time.format().expect("gpx time formats");
    let four_digit_year = text.strip_prefix("+00").unwrap_or(&text);
    DateTime::parse_from_rfc3339(four_digit_year)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&Utc)
}

/// Our reader's rule for a usable position (see `ingest::xml::Values::position`).
fn usable_position(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && (lat, lon) != (0.0, 0.0)
}

/// Compare one file point by point; `Err` describes the first difference.
fn compare(ours: &Activity, theirs: &[&gpx::Waypoint]) -> Result<(), String> {
    if ours.samples.len() != theirs.len() {
        return Err(format!(
            "{} points, gpx crate {}",
            ours.samples.len(),
            theirs.len()
        ));
    }
    for (i, (s, w)) in ours.samples.iter().zip(theirs).enumerate() {
        let (lon, lat) = (w.point().x(), w.point().y());
        match (s.lat_deg, s.lon_deg) {
            (Some(a), Some(o)) if (a - lat).abs() <= 1e-9 && (o - lon).abs() <= 1e-9 => {}
            (None, None) if !usable_position(lat, lon) => {}
            other => return Err(format!("point {i}: position {other:?} vs {lat} {lon}")),
        }
        match (s.altitude_m, w.elevation) {
            (Some(a), Some(b)) if (a - b).abs() <= 1e-6 => {}
            (None, None) => {}
            other => return Err(format!("point {i}: elevation {other:?}")),
        }
        let their_time = w.time.as_ref().map(gpx_time);
        let our_time = ours.start_time.zip(s.t_s);
        // Times we ignore on purpose (stray or placeholder times: see `xml::settle_times`)
        // are said in a note; the rest of the point must still agree.
        let ignored = ours.notes.iter().any(|n| n.contains("times ignored"));
        match (our_time, their_time) {
            (None, Some(_)) if ignored => {}
            (Some((start, t_s)), Some(t)) if ((t - start).as_seconds_f64() - t_s).abs() < 1e-3 => {}
            (None, None) => {}
            other => return Err(format!("point {i}: time {other:?}")),
        }
    }
    Ok(())
}

#[test]
fn gpx_reader_agrees_with_the_gpx_crate() {
    corpus::require!();
    let (mut compared, mut agreed_empty) = (0, 0);
    let mut failures = Vec::new();
    for path in corpus_files(is_gpx) {
        let bytes = plain_bytes(&path);
        let ours = ingest::gpx::read(&bytes);
        let Ok(theirs) = gpx::read(bytes.as_slice()) else {
            continue; // the strict parser refuses it; the next test covers our side
        };
        let mut expected: Vec<&gpx::Waypoint> = theirs
            .tracks
            .iter()
            .flat_map(|t| &t.segments)
            .flat_map(|s| &s.points)
            .collect();
        if expected.is_empty() {
            expected = theirs.routes.iter().flat_map(|r| &r.points).collect();
        }
        let verdict = match (&ours, expected.is_empty()) {
            (Err(IngestError::NotAnActivity(_)), true) => Ok(()),
            (Ok(a), false) => compare(a, &expected),
            (other, _) => Err(format!(
                "ours {:?} vs {} points",
                other.as_ref().map(|a| a.samples.len()),
                expected.len()
            )),
        };
        match verdict {
            Ok(()) if expected.is_empty() => agreed_empty += 1,
            Ok(()) => compared += 1,
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        compared >= MIN_CROSS_CHECKED,
        "only {compared} GPX files compared point by point with the gpx crate"
    );
    assert!(
        agreed_empty >= 3,
        "the pointless GPX files were not all recognised"
    );
}

/// MANIFEST.tsv rows by `local_path`.
fn manifest() -> HashMap<String, HashMap<String, String>> {
    corpus::tsv("MANIFEST.tsv")
        .into_iter()
        .filter_map(|row| Some((row.get("local_path")?.clone(), row)))
        .collect()
}

/// The manifest's point count (`trkpts=N` for GPX, `trackpoints=N` for TCX).
fn manifest_points(notes: &str) -> Option<usize> {
    ["trkpts=", "trackpoints="].iter().find_map(|key| {
        let rest = notes.split(key).nth(1)?;
        rest.split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    })
}

/// Read one GPX or TCX file with our readers.
fn read_ours(path: &Path) -> Result<Vec<Activity>, IngestError> {
    let bytes = plain_bytes(path);
    if is_gpx(path) {
        ingest::gpx::read(&bytes).map(|a| vec![a])
    } else {
        ingest::tcx::read(&bytes)
    }
}

#[test]
fn every_gpx_and_tcx_reads_or_fails_cleanly() {
    corpus::require!();
    let manifest = manifest();
    let root = corpus::dir();
    let mut seen = 0;
    let mut failures = Vec::new();
    for path in corpus_files(|p| is_gpx(p) || is_tcx(p)) {
        seen += 1;
        let key = path
            .strip_prefix(&root)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        let notes = manifest
            .get(&key)
            .map(|r| r["notes"].as_str())
            .unwrap_or_default();
        let expect_points = manifest_points(notes).filter(|&n| n > 0);
        match (read_ours(&path), expect_points) {
            (Ok(acts), Some(n)) => {
                let got: usize = acts.iter().map(|a| a.samples.len()).sum();
                if got != n {
                    failures.push(format!("{key}: {got} points, manifest says {n}"));
                }
            }
            (Err(IngestError::NotAnActivity(_)), None) => {}
            (Err(e), Some(_)) => failures.push(format!("{key}: {e}")),
            (Ok(acts), None) => failures.push(format!(
                "{key}: read {} activities, manifest lists no points",
                acts.len()
            )),
            (Err(e), None) => failures.push(format!("{key}: expected not-an-activity, got {e}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(seen >= 40, "only {seen} GPX/TCX files in the corpus");
}

/// Median of the converted cadences above zero.
fn median_cadence(a: &Activity) -> f64 {
    let values: Vec<f64> = a
        .samples
        .iter()
        .filter_map(|s| s.cadence)
        .map(|c| c.0)
        .collect();
    cadence_unit::running_median(&values).expect("cadence present")
}

#[test]
fn same_run_as_gpx_and_tcx_has_the_same_cadence() {
    corpus::require!();
    let dir = corpus::dir().join("sports-alliance__sports-lib");
    let gpx =
        read_ours(&dir.join("src__specs__fixtures__runs__gpx__6782987395.gpx")).expect("GPX reads");
    let tcx =
        read_ours(&dir.join("src__specs__fixtures__runs__tcx__6782987395.tcx")).expect("TCX reads");
    let (gpx, tcx) = (&gpx[0], &tcx[0]);
    assert_eq!(gpx.cadence_source, tcx.cadence_source);
    let (g, t) = (median_cadence(gpx), median_cadence(tcx));
    assert!((g - t).abs() <= 1.0, "GPX median {g} vs TCX median {t}");
    assert!((150.0..200.0).contains(&g), "a run in steps/min: {g}");
}

/// Cut points and flipped bytes spread over `len` bytes.
fn damage_points(len: usize, count: usize) -> impl Iterator<Item = usize> {
    (1..=count).map(move |k| len * k / (count + 1))
}

/// Truncated files and files with a stray `<` give points or a clean error, never a panic.
#[test]
fn damaged_corpus_files_never_panic() {
    corpus::require!();
    let dir = corpus::dir().join("sports-alliance__sports-lib");
    for name in [
        "samples__gpx__garmin.gpx",
        "src__specs__fixtures__runs__gpx__6048438275.gpx",
        "samples__tcx__movescount.tcx",
        "src__specs__fixtures__runs__tcx__6281425038.tcx",
    ] {
        let path = dir.join(name);
        let bytes = plain_bytes(&path);
        for at in damage_points(bytes.len(), 16) {
            let mut flipped = bytes.clone();
            if let Some(b) = flipped.get_mut(at) {
                *b = b'<';
            }
            for damaged in [bytes.get(..at).unwrap_or_default(), flipped.as_slice()] {
                let result = if is_gpx(&path) {
                    ingest::gpx::read(damaged).map(|a| vec![a])
                } else {
                    ingest::tcx::read(damaged)
                };
                match result {
                    Ok(acts) => assert!(!acts.is_empty(), "{name} @{at}"),
                    Err(IngestError::Xml(_) | IngestError::NotAnActivity(_)) => {}
                    Err(e) => panic!("{name} @{at}: unexpected {e}"),
                }
            }
        }
    }
}
