//! Every TCX activity of the corpus against its own lap totals (the file's `<Lap>`
//! `DistanceMeters` and `TotalTimeSeconds`, summed): the device's oracle inside the file.
//!
//! Tolerances: distance 0.5% (the laps' distance is the device's, the trackpoints' the
//! same counter sampled each second: they differ by the last second or so; the largest
//! seen is 3 m of 10.8 km); moving time 1% or 30 s (lap timer time is rounded per lap and
//! our pauses are bounded by trackpoints; the largest seen is 46 s of 7264 s on a ride).
//! Activities whose trackpoints cover only part of the laps, or laps only part of the
//! track, say so in a note and are listed, not compared.
//!
//! A lap distance that is a whole number of hundreds of metres is taken as rounded to them
//! (±50 m allowed). Runtastic's `test_data__running.tcx` writes 2200 m for a track whose
//! distance counter runs 2253 m and whose positions measure 2240 m (haversine, checked
//! below for every activity with positions): the track is right, the lap total is the
//! app's figure to the nearest 100 m. (Elsewhere the positions' path is no oracle: on a
//! Garmin TCX it runs 5% past the device's distance with GPS jitter.)

use crate::corpus;
use stridewise::analysis::totals::totals;
use stridewise::ingest;
use stridewise::model::Sport;

#[test]
fn tcx_distance_and_moving_time_match_their_lap_totals() {
    corpus::require!();
    let mut compared = 0;
    let mut failures = Vec::new();
    let mut report = Vec::new();
    for row in corpus::tsv("MANIFEST.tsv")
        .iter()
        .filter(|r| r["format"] == "tcx")
    {
        let path = corpus::dir().join(&row["local_path"]);
        let acts = ingest::read_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = row["local_path"].rsplit("__").next().unwrap_or_default();
        for (i, a) in acts.iter().enumerate() {
            let Some(s) = &a.summary else { continue };
            if a.sport == Sport::Swimming || a.samples.len() < 2 {
                continue;
            }
            let t = totals(a);
            let partial = a.notes.iter().any(|n| n.contains("cover only"));
            report.push(format!(
                "{name}#{i}: distance {:?} vs laps {:?}, moving {:?} vs laps {:?}{}",
                t.distance_m.map(|v| v.round()),
                s.distance_m.map(|v| v.round()),
                t.moving_s.map(|v| v.round()),
                s.timer_s.map(|v| v.round()),
                if partial { " (partial track)" } else { "" }
            ));
            if partial {
                continue;
            }
            compared += 1;
            if let (Some(ours), Some(laps)) = (t.distance_m, s.distance_m) {
                let rounded = laps >= 100.0 && (laps / 100.0).fract() == 0.0;
                let slack = 0.005 * laps + if rounded { 50.0 } else { 0.0 };
                if laps > 0.0 && (ours - laps).abs() > slack {
                    failures.push(format!("{name}#{i}: distance {ours:.0} vs laps {laps:.0}"));
                }
                // Where the lap total is rounded, the positions decide independently: the
                // path they trace, within 1.5% (GPS jitter adds a little path at 1 s).
                let path = positions_path_m(a);
                if rounded && path > 500.0 && (ours - path).abs() > 0.015 * path {
                    failures.push(format!(
                        "{name}#{i}: distance {ours:.0} vs its positions' path {path:.0}"
                    ));
                }
            }
            if let (Some(ours), Some(laps)) = (t.moving_s, s.timer_s) {
                if (ours - laps).abs() > (0.01 * laps).max(30.0) {
                    failures.push(format!(
                        "{name}#{i}: moving {ours:.0} s vs laps {laps:.0} s"
                    ));
                }
            }
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(compared >= 8, "only {compared} TCX activities compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Length of the path through an activity's positions, m (haversine, as the reader uses).
fn positions_path_m(a: &stridewise::model::Activity) -> f64 {
    let pts: Vec<(f64, f64)> = a
        .samples
        .iter()
        .filter_map(|s| Some((s.lat_deg?, s.lon_deg?)))
        .collect();
    pts.windows(2)
        .map(|w| stridewise::ingest::clean::haversine_m(w[0].0, w[0].1, w[1].0, w[1].1))
        .sum()
}
