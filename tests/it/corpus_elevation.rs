//! Elevation gain against the devices' own total_ascent (FIT_SESSIONS.tsv).
//!
//! Population: running sessions recorded by a device whose maker lists a barometric
//! altimeter (`ingest::altimeter`: the altitude source is `barometric`). The plain
//! "Suunto 9" has none (the "Suunto 9 Baro" has): the table says so, and its runs are in
//! the GPS population with the FR110s, the FR310XT and the FR45.
//!
//! Altitude steps across pauses and silences of a minute or more, and barometric jumps
//! faster than 3 m/s and larger than 10 m (a fenix 2 starts its run with an 87 m spike
//! three samples long: 154 m of "gain" against the device's 64 m, 66 m with the rule), are
//! not climbing.
//!
//! Outside 10% / 15 m (2 of 21, within the 90% gate, README "Limits"), in opposite
//! directions, so no smoothing or threshold fixes one without breaking the other:
//! * the FR935 triathlon run: ours 296 m, device 261 m (+13%); a 7 m hysteresis would
//!   give 262 m;
//! * the FR955 run (GarminFR955v18): ours 118 m, device 137 m (−14%); a 2 m hysteresis would
//!   give 141 m, but the same change overshoots elsewhere (6782987395: 384 vs 347 m).
//!   Garmin's ascent filter is not published; we keep Runalyze's 3 m.
//!
//! GPS-only devices (gated at 70%): 5 of 7 within 20% / 15 m. The misses: a Suunto 9
//! whose device reports 0 m over a 4.3 km run whose trace spans 12 m in 5–10 m swings
//! (ours 35 m; even a 10 m hysteresis leaves 23 m), and the FR45 run (ours 210 m, device
//! 282 m): one 10-second level step of its GPS altitude is levelled out (a GPS altitude
//! re-acquiring, which the device counts as climbing); before that rule ours was 239 m.

use crate::corpus;
use stridewise::analysis::elevation::{self, ElevationParams};
use stridewise::ingest;
use stridewise::model::AltitudeSource;

#[test]
fn gain_matches_barometric_devices_on_most_runs() {
    corpus::require!();
    let mut compared = 0;
    let mut within = 0;
    let mut report = Vec::new();
    // Runs without a barometer, against 20% / 15 m: at least 70% (5 of 7 today).
    let mut gps = Vec::new();
    let mut gps_within = 0;
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
        if a.altitude_source != AltitudeSource::Barometric
            && !a.notes.iter().any(|n| n.contains("damaged"))
        {
            if let Some(e) = elevation::analyze(a, &ElevationParams::default()) {
                let ok = (e.gain_m - dev).abs() <= (0.2 * dev).max(15.0);
                gps_within += usize::from(ok);
                gps.push(format!(
                    "{} {} ({}): ours {:.0} m, device {dev:.0} m",
                    if ok { "ok " } else { "OFF" },
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
    assert!(
        gps.len() >= 5 && gps_within * 10 >= gps.len() * 7,
        "{gps_within}/{} GPS-like runs within 20% or 15 m:\n{}",
        gps.len(),
        gps.join("\n")
    );
    assert!(compared >= 15, "only {compared} barometric runs compared");
    assert!(
        within * 10 >= compared * 9,
        "{within}/{compared} within 10% or 15 m:\n{}",
        report.join("\n")
    );
}
