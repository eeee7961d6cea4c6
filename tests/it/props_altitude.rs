//! Altitude trust over randomised generated runs (issue 21, "Signal trust"): a flat route
//! recorded with GPS-like altitude error (2–8 m of drift and jitter, spikes, steps of a
//! phone switching altitude source) never gets a hill finding, from a GPS-only or an
//! unknown device; the same kind of route with a real 60 m hill always gets one; a
//! barometric watch's mountain run keeps its hills and descents as warnings. Every case is
//! drawn from a seed named in the failure message (`synth::SplitMix64::new(seed)`).

use stridewise::coach::review::review;
use stridewise::model::AltitudeSource;
use stridewise::synth::altitude::{self, GpsNoise, Terrain};
use stridewise::synth::{self, fit, gpx, SplitMix64};
use stridewise::{Activity, Rules, Severity};

const HILL_CODES: [&str; 2] = ["hill_exposure", "steep_descents"];

/// The recording device: a GPS-only watch, an unknown one, or a barometric watch.
#[derive(Clone, Copy, Debug)]
enum Device {
    GpsOnly,
    Unknown,
    Barometric,
}

/// Encode a generated run as FIT (named product) or GPX (named creator), read it back.
fn record(run: &synth::SynthRun, device: Device, as_gpx: bool) -> Activity {
    let name = match device {
        Device::GpsOnly => "Forerunner 245",
        Device::Unknown => "stridewise synth",
        Device::Barometric => "fenix 6",
    };
    let bytes = if as_gpx {
        gpx::write(
            run,
            &gpx::GpxOptions {
                creator: name.to_string(),
                ..gpx::GpxOptions::default()
            },
        )
        .expect("gpx")
        .into_bytes()
    } else {
        fit::encode(
            run,
            &fit::FitOptions {
                product_name: Some(name.to_string()),
                ..fit::FitOptions::default()
            },
        )
    };
    stridewise::read_bytes(&bytes).expect("reads").remove(0)
}

/// The hill findings of a recording, with their severities.
fn hill_findings(a: &Activity) -> Vec<(&'static str, Severity)> {
    let r = review(a, &Rules::default());
    assert!(r.not_coached.is_none(), "{:?}", r.not_coached);
    r.findings
        .iter()
        .filter(|f| HILL_CODES.contains(&f.kind().as_str()))
        .map(|f| (f.kind().as_str(), f.severity()))
        .collect()
}

fn describe(a: &Activity) -> String {
    let r = review(a, &Rules::default());
    r.elevation.map_or_else(String::new, |e| {
        format!(
            "source {} noise {:.2} m window {:.0} m margin {:?} steps {} gain {:.0} loss {:.0} \
             climbs {:?} descents {:?}",
            e.source.as_str(),
            e.noise_m,
            e.grade_window_m,
            e.climb_margin_m,
            e.altitude_steps,
            e.gain_m,
            e.loss_m,
            e.climbs
                .iter()
                .map(|c| (c.start_m.round(), c.altitude_change_m.round()))
                .collect::<Vec<_>>(),
            e.descents
                .iter()
                .map(|c| (c.start_m.round(), c.altitude_change_m.round()))
                .collect::<Vec<_>>(),
        )
    })
}

/// A route over `terrain` with GPS-like altitude error, from `seed`.
fn gps_run(terrain: Terrain, seed: u64) -> (synth::SynthRun, GpsNoise) {
    let mut rng = SplitMix64::new(seed);
    let scenario = altitude::route(terrain, &mut rng);
    let mut run = synth::generate(&scenario).expect("generates");
    let duration = run.points.last().map_or(0, |p| p.t_s);
    let noise = GpsNoise::random(&mut rng, duration);
    noise.apply(&mut run);
    (run, noise)
}

#[test]
fn gps_noise_on_a_flat_route_never_makes_a_hill() {
    for seed in 0..300_u64 {
        let (run, noise) = gps_run(Terrain::Flat, 0xF1A7_0000 + seed);
        let device = if seed % 2 == 0 {
            Device::GpsOnly
        } else {
            Device::Unknown
        };
        let a = record(&run, device, seed % 3 == 0);
        assert_ne!(a.altitude_source, AltitudeSource::Barometric, "seed {seed}");
        let found = hill_findings(&a);
        assert!(
            found.is_empty(),
            "seed {:#x} ({device:?}): {found:?} on a flat route; noise {noise:?}; {}",
            0xF1A7_0000 + seed,
            describe(&a)
        );
    }
}

#[test]
fn a_real_60_m_hill_under_gps_noise_always_makes_a_hill_finding() {
    for seed in 0..200_u64 {
        let (run, noise) = gps_run(Terrain::OneHill, 0x0411_0000 + seed);
        let device = if seed % 2 == 0 {
            Device::GpsOnly
        } else {
            Device::Unknown
        };
        let a = record(&run, device, seed % 3 == 0);
        let found = hill_findings(&a);
        assert!(
            !found.is_empty(),
            "seed {:#x} ({device:?}): no hill finding over a 60 m hill; noise {noise:?}; {}",
            0x0411_0000 + seed,
            describe(&a)
        );
        // Not barometric: never more than a caution.
        assert!(
            found.iter().all(|(_, s)| *s == Severity::Caution),
            "seed {seed}: {found:?}"
        );
    }
}

#[test]
fn a_barometric_mountain_run_keeps_its_hills_and_descents() {
    for seed in 0..100_u64 {
        let mut rng = SplitMix64::new(0xBA50_0000 + seed);
        let scenario = altitude::route(Terrain::Mountain, &mut rng);
        let mut run = synth::generate(&scenario).expect("generates");
        altitude::barometric(&mut run, &mut rng);
        let a = record(&run, Device::Barometric, false);
        assert_eq!(a.altitude_source, AltitudeSource::Barometric);
        let found = hill_findings(&a);
        let codes: Vec<&str> = found.iter().map(|f| f.0).collect();
        assert!(
            codes.contains(&"hill_exposure") && codes.contains(&"steep_descents"),
            "seed {:#x}: {found:?}; {}",
            0xBA50_0000 + seed,
            describe(&a)
        );
        // The same run with GPS-like error from a GPS-only watch still shows its hills
        // (as cautions): the climbs are far larger than the noise.
        let (mut gps_run, _) = (synth::generate(&scenario).expect("generates"), ());
        let duration = gps_run.points.last().map_or(0, |p| p.t_s);
        GpsNoise::random(&mut rng, duration).apply(&mut gps_run);
        let b = record(&gps_run, Device::GpsOnly, false);
        let found = hill_findings(&b);
        assert!(
            found.iter().any(|f| f.0 == "steep_descents"),
            "seed {:#x} (GPS): {found:?}; {}",
            0xBA50_0000 + seed,
            describe(&b)
        );
    }
}
