//! Elevation gain against the devices' own total_ascent (FIT_SESSIONS.tsv).
//!
//! Population: running sessions whose altitude trace is barometric-smooth, recorded by a
//! device that has a barometer. The plain "Suunto 9" has none (the "Suunto 9 Baro" has):
//! its FusedAlti-smoothed GPS altitude passes our smoothness test, but its device ascent
//! is GPS-based (0 m on one run), so it is left out of the comparison.
//!
//! Outside 10% / 15 m (3 of 21, accepted by the 80% rule, README "Limits"):
//! * the FR935 triathlon run: ours 297 m, device 261 m (+14%);
//! * the fenix 2 run: ours 154 m, device 64 m — even a 5 m hysteresis gives 139 m, so the
//!   device filters far harder than any threshold we could defend;
//! * the FR955 run (GarminFR955v18): ours 118 m, device 137 m (−14%); a 2 m hysteresis would
//!   give 141 m, but the same change overshoots elsewhere (6782987395: 384 vs 347 m).
//!   Garmin's ascent filter is not published; we keep Runalyze's 3 m.

use crate::corpus;
use stridewise::analysis::elevation::{self, ElevationParams};
use stridewise::ingest;
use stridewise::model::AltitudeSource;

#[test]
fn gain_matches_barometric_devices_on_most_runs() {
    let mut compared = 0;
    let mut within = 0;
    let mut report = Vec::new();
    // GPS-only (or barometer-less) runs, reported against 20% / 15 m, not gated.
    let mut gps = Vec::new();
    for row in corpus::tsv("FIT_SESSIONS.tsv")
        .iter()
        .filter(|r| r["sport"] == "running")
    {
        let Some(dev) = corpus::num(row, "total_ascent") else {
            continue;
        };
        if row["local_path"].ends_with(".zip") {
            continue;
        }
        let index: usize = row["session_index"].parse().expect("index");
        let acts = ingest::read_path(&corpus::dir().join(&row["local_path"])).expect("reads");
        let Some(a) = acts.iter().find(|a| a.session.unwrap_or(0) == index) else {
            continue;
        };
        let no_barometer = a.device.product.as_deref() == Some("Suunto 9");
        if (no_barometer || a.altitude_source == AltitudeSource::Gps)
            && !a.notes.iter().any(|n| n.contains("damaged"))
        {
            if let Some(e) = elevation::analyze(a, &ElevationParams::default()) {
                gps.push(format!(
                    "{} {} ({}): ours {:.0} m, device {dev:.0} m",
                    if (e.gain_m - dev).abs() <= (0.2 * dev).max(15.0) {
                        "ok "
                    } else {
                        "OFF"
                    },
                    row["local_path"].rsplit("__").next().unwrap_or_default(),
                    a.device.describe().unwrap_or_default(),
                    e.gain_m
                ));
            }
            continue;
        }
        if a.altitude_source != AltitudeSource::Barometric
            || a.notes
                .iter()
                .any(|n| n.contains("damaged") || n.contains("dropped"))
        {
            continue;
        }
        let Some(e) = elevation::analyze(a, &ElevationParams::default()) else {
            continue;
        };
        compared += 1;
        let ok = (e.gain_m - dev).abs() <= (0.10 * dev).max(15.0);
        within += usize::from(ok);
        report.push(format!(
            "{} {}: ours {:.0} m, device {dev:.0} m",
            if ok { "ok " } else { "OFF" },
            row["local_path"].rsplit("__").next().unwrap_or_default(),
            e.gain_m
        ));
    }
    eprintln!("{}", report.join("\n"));
    eprintln!("GPS-only:\n{}", gps.join("\n"));
    assert!(compared >= 15, "only {compared} barometric runs compared");
    assert!(
        within * 10 >= compared * 8,
        "{within}/{compared} within 10% or 15 m:\n{}",
        report.join("\n")
    );
}
