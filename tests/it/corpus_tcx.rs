//! Every TCX activity of the corpus against its own lap totals (the file's `<Lap>`
//! `DistanceMeters` and `TotalTimeSeconds`, summed): the device's oracle inside the file.
//!
//! Tolerances: distance 0.5% (the laps' distance is the device's, the trackpoints' the
//! same counter sampled each second: they differ by the last second or so; the largest
//! seen is 3 m of 10.8 km); moving time 1% or 30 s (lap timer time is rounded per lap and
//! our pauses are bounded by trackpoints; the largest seen is 46 s of 7264 s on a ride).
//! Activities whose trackpoints cover only part of the laps, or laps only part of the
//! track, say so in a note and are listed, not compared.

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
                if laps > 0.0 && (ours - laps).abs() > 0.005 * laps {
                    failures.push(format!("{name}#{i}: distance {ours:.0} vs laps {laps:.0}"));
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
