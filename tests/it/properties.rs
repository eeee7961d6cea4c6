//! Properties over random activities (proptest): the analyses never panic and keep their
//! invariants whatever the data.

use proptest::prelude::*;
use stridewise::analysis::elevation::{self, ElevationParams};
use stridewise::coach::review::{review, NotCoached};
use stridewise::coach::rules::Rules;
use stridewise::model::{Activity, AltitudeSource, Format, Sample, Sport};
use stridewise::units::{MetersPerSecond, StepsPerMin};

/// (time step s, distance step m, altitude step m, cadence spm, heart rate)
type Step = (f64, f64, f64, f64, f64);

fn activity(steps: &[Step]) -> Activity {
    let mut a = Activity::new(Format::Fit);
    a.sport = Sport::Running;
    a.altitude_source = AltitudeSource::Barometric;
    let (mut t, mut d, mut h) = (0.0, 0.0, 100.0);
    for &(dt, dd, dh, cad, hr) in steps {
        t += dt;
        d += dd;
        h += dh;
        a.samples.push(Sample {
            t_s: Some(t),
            distance_m: Some(d),
            altitude_m: Some(h),
            speed: Some(MetersPerSecond(dd / dt)),
            cadence: Some(StepsPerMin(cad)),
            heart_rate_bpm: Some(hr),
            ..Sample::default()
        });
    }
    a
}

/// The same course run the other way: samples reversed, distance measured from the end.
fn reversed(a: &Activity) -> Activity {
    let mut r = a.clone();
    r.samples.reverse();
    let total = a.samples.last().and_then(|s| s.distance_m).unwrap_or(0.0);
    let end = a.samples.last().and_then(|s| s.t_s).unwrap_or(0.0);
    for s in &mut r.samples {
        s.distance_m = s.distance_m.map(|d| total - d);
        s.t_s = s.t_s.map(|t| end - t);
    }
    r
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (
            0.5f64..5.0,
            0.0f64..8.0,
            -3.0f64..3.0,
            0.0f64..200.0,
            60.0f64..190.0,
        ),
        0..250,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn reviewing_any_activity_never_panics(s in steps()) {
        let a = activity(&s);
        let r = review(&a, &Rules::default());
        for f in &r.findings {
            prop_assert!(f.evidence().values().all(|v| v.is_finite()));
        }
    }

    #[test]
    fn gain_and_loss_are_never_negative_and_shares_sum_to_100(s in steps()) {
        let a = activity(&s);
        if let Some(e) = elevation::analyze(&a, &ElevationParams::default()) {
            prop_assert!(e.gain_m >= 0.0 && e.loss_m >= 0.0);
            if e.distance_m > 0.0 {
                let d: f64 = e.bands.iter().map(|b| b.distance_share_pct).sum();
                prop_assert!((d - 100.0).abs() < 0.1, "distance shares {}", d);
                let t: f64 = e.bands.iter().filter_map(|b| b.time_share_pct).sum();
                prop_assert!(t == 0.0 || (t - 100.0).abs() < 0.1, "time shares {}", t);
            }
        }
        let r = review(&a, &Rules::default());
        if let Some(band) = r.cadence.as_ref().and_then(|c| c.target.as_ref()) {
            let sum = band.below_pct + band.in_pct + band.above_pct;
            prop_assert!((sum - 100.0).abs() < 0.1, "cadence shares {}", sum);
        }
    }

    #[test]
    fn a_run_reversed_in_direction_swaps_gain_and_loss(s in steps()) {
        let a = activity(&s);
        let p = ElevationParams::default();
        let (fwd, back) = (elevation::analyze(&a, &p), elevation::analyze(&reversed(&a), &p));
        if let (Some(f), Some(b)) = (fwd, back) {
            prop_assert!((f.gain_m - b.loss_m).abs() < 1e-6, "{} vs {}", f.gain_m, b.loss_m);
            prop_assert!((f.loss_m - b.gain_m).abs() < 1e-6, "{} vs {}", f.loss_m, b.gain_m);
        }
    }
}

#[test]
fn the_property_generator_exercises_the_analyses() {
    // Guard against vacuous properties: a typical generated activity is analysed.
    let s: Vec<Step> = (0..200)
        .map(|i| (1.0, 3.0, if i < 100 { 0.3 } else { -0.3 }, 170.0, 140.0))
        .collect();
    let a = activity(&s);
    let e = elevation::analyze(&a, &ElevationParams::default()).expect("elevation");
    assert!(e.gain_m > 20.0 && e.loss_m > 20.0);
    let r = review(&a, &Rules::default());
    assert!(r.cadence.is_some() && r.pace.is_some() && r.stride.is_some());
}

/// (repeats, time step s, distance step m, altitude step m, cadence spm): a run built from
/// segments, long enough to cross every evidence floor or to stay just below it.
type Segment = (usize, f64, f64, f64, f64);

fn segments() -> impl Strategy<Value = Vec<Segment>> {
    prop::collection::vec(
        (
            1usize..120,
            0.5f64..5.0,
            0.0f64..12.0,
            -1.5f64..1.5,
            0.0f64..200.0,
        ),
        0..30,
    )
}

fn from_segments(segs: &[Segment]) -> Activity {
    let steps: Vec<Step> = segs
        .iter()
        .flat_map(|&(n, dt, dd, dh, cad)| std::iter::repeat_n((dt, dd, dh, cad, 140.0), n))
        .collect();
    activity(&steps)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// No finding fires below its evidence floor (issue 11, item 2).
    #[test]
    fn no_finding_fires_below_its_evidence_floor(segs in segments()) {
        use stridewise::coach::warning::Finding;
        let a = from_segments(&segs);
        let rules = Rules::default();
        let f = &rules.floors;
        let r = review(&a, &rules);
        if let Some(n) = r.not_coached {
            // A route's and a walk's hills stay (they are about the ground); nothing else.
            let hills_only = r
                .findings
                .iter()
                .all(|x| matches!(x, Finding::HillExposure { .. } | Finding::SteepDescents { .. }));
            if matches!(n, NotCoached::Route | NotCoached::Walk { .. }) {
                prop_assert!(hills_only);
            } else {
                prop_assert!(r.findings.is_empty() && r.notes.is_empty());
            }
            return Ok(());
        }
        let moving = r.pace.as_ref().map_or(0.0, |p| p.moving_time_s);
        let distance = r.totals.distance_m.unwrap_or(0.0);
        prop_assert!(moving >= f.coach_moving_s && distance >= f.coach_distance_m);
        for x in &r.findings {
            match x {
                Finding::LowCadence { .. } => {
                    let run = r.cadence.as_ref().and_then(|c| c.running.as_ref()).map_or(0.0, |s| s.time_s);
                    prop_assert!(run >= f.cadence_running_s, "low cadence on {run} s");
                }
                Finding::CadenceFade { drop_pct, limit_pct, noise_pct, .. } => {
                    prop_assert!(moving >= f.within_run_moving_s);
                    prop_assert!(drop_pct - limit_pct > *noise_pct);
                }
                Finding::PaceDrift { .. } | Finding::Decoupling { .. } => {
                    prop_assert!(moving >= f.within_run_moving_s);
                }
                Finding::HillExposure { steep_distance_m, gain_m, loss_m, .. } => {
                    prop_assert!(*steep_distance_m >= f.hill_steep_distance_m);
                    let implied = steep_distance_m * rules.steep_grade_pct / 100.0;
                    prop_assert!(implied <= f.steep_without_climb_ratio * (gain_m + loss_m));
                }
                Finding::SteepDescents { longest_m, .. } => {
                    prop_assert!(*longest_m >= f.descent_length_m);
                }
                Finding::Overstriding { proxies, .. } => {
                    let s = r.stride.as_ref().expect("stride");
                    for p in proxies {
                        if p.name.as_str() == "descent_step_length_vs_flat_pct" {
                            let d = s.descent_vs_flat.as_ref().expect("descent");
                            prop_assert!(d.matched_time_s >= f.descent_matched_s);
                            prop_assert!(d.step_length_change_pct <= f.descent_step_implausible_pct);
                        }
                    }
                }
                Finding::GroundContactBalance { flat_time_s, .. } => {
                    prop_assert!(*flat_time_s >= f.balance_flat_s);
                }
                Finding::RunWalk { .. } => {}
            }
        }
    }
}

#[test]
fn the_floor_generator_reaches_coached_runs_with_findings() {
    // Guard against a vacuous floor property: a 40 min run at 150 spm with a long hill
    // is coached and gets findings (the 20 min at 150 spm on the flat give low cadence).
    let segs: Vec<Segment> = vec![
        (600, 2.0, 6.0, 0.0, 150.0),
        (300, 2.0, 6.0, 0.4, 150.0),
        (300, 2.0, 6.0, -0.4, 150.0),
    ];
    let a = from_segments(&segs);
    let r = review(&a, &Rules::default());
    assert!(r.not_coached.is_none());
    let codes: Vec<_> = r.findings.iter().map(|f| f.kind().as_str()).collect();
    assert!(
        codes.contains(&"low_cadence") && codes.contains(&"hill_exposure"),
        "{codes:?}"
    );
}

#[test]
fn cadence_on_a_steep_climb_is_not_low_cadence() {
    // 40 min up and down a 6.7% grade at 150 spm: the hill sets that cadence, not the
    // runner's habit (the band is about level running). The same minutes on the flat are
    // low cadence; with 10 min of flat among them, the message says what was left out.
    let steep: Vec<Segment> = vec![(600, 2.0, 6.0, 0.4, 150.0), (600, 2.0, 6.0, -0.4, 150.0)];
    let r = review(&from_segments(&steep), &Rules::default());
    assert!(r.not_coached.is_none());
    let codes: Vec<_> = r.findings.iter().map(|f| f.kind().as_str()).collect();
    assert!(codes.contains(&"hill_exposure"), "{codes:?}");
    assert!(!codes.contains(&"low_cadence"), "{codes:?}");
    let flat: Vec<Segment> = vec![(1200, 2.0, 6.0, 0.0, 150.0)];
    let r = review(&from_segments(&flat), &Rules::default());
    let low = r
        .findings
        .iter()
        .find(|f| f.kind().as_str() == "low_cadence")
        .expect("low cadence on the flat");
    assert!(
        !low.message().to_string().contains("left out"),
        "{}",
        low.message()
    );
    let mixed: Vec<Segment> = vec![(600, 2.0, 6.0, 0.0, 150.0), (600, 2.0, 6.0, 0.4, 150.0)];
    let r = review(&from_segments(&mixed), &Rules::default());
    let low = r
        .findings
        .iter()
        .find(|f| f.kind().as_str() == "low_cadence")
        .expect("low cadence on the flat part");
    assert!(
        low.message()
            .to_string()
            .contains("running on level ground (grades within ±5%;"),
        "{}",
        low.message()
    );
    // 600 samples 2 s apart on the 6.7% grade: 1,200 s, give or take the grade window
    // straddling the corner.
    let steep = low.evidence()["steep_running_left_out_s"];
    assert!((steep - 1200.0).abs() <= 60.0, "{steep}");
}

/// A random walk of a runner: 1 Hz fixes at 2–5 m/s, the heading wandering, from a random
/// start away from the poles; GPX (distance from positions).
fn track(seed: (f64, f64, u64), n: usize) -> Activity {
    let (lat0, lon0, mut rng) = seed;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut a = Activity::new(Format::Gpx);
    a.sport = Sport::Running;
    let (mut lat, mut lon, mut heading) = (lat0, lon0, next() * 360.0);
    for i in 0..n {
        a.samples.push(Sample {
            t_s: Some(i as f64),
            lat_deg: Some(lat),
            lon_deg: Some(lon),
            ..Sample::default()
        });
        heading += (next() - 0.5) * 40.0;
        let step = 2.0 + 3.0 * next();
        let (dn, de) = (
            step * heading.to_radians().cos(),
            step * heading.to_radians().sin(),
        );
        lat += dn / 111_195.0;
        lon += de / (111_195.0 * lat.to_radians().cos());
    }
    a
}

fn distance(mut a: Activity) -> (f64, Activity) {
    stridewise::ingest::clean::finish(&mut a);
    let d = stridewise::analysis::totals::totals(&a)
        .distance_m
        .unwrap_or(0.0);
    (d, a)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Issue 22 item 13: one to five bad fixes anywhere (at 0°, 0°, or kilometres to
    /// thousands of kilometres off; alone or in a burst; the first and last fixes
    /// included) leave the distance within 1% of the clean track's, with a note.
    // Indices from fractions in [0, 1) of a positive length: in range.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    #[test]
    fn bad_gps_fixes_leave_the_distance_within_one_percent(
        lat0 in -70.0f64..70.0,
        lon0 in -179.0f64..179.0,
        seed in 1u64..u64::MAX,
        n in 300usize..3_000,
        bad in prop::collection::vec((0.0f64..1.0, 0u8..3, 1_000.0f64..5_000_000.0, 0.0f64..360.0), 1..=5),
        burst in any::<bool>(),
    ) {
        let clean = track((lat0, lon0, seed), n);
        let (want, _) = distance(clean.clone());
        let mut dirty = clean;
        let at0 = ((bad[0].0 * n as f64) as usize).min(n - 1);
        for (k, &(where_, kind, off_m, bearing)) in bad.iter().enumerate() {
            // A burst puts the bad fixes one after another from the first one's place.
            let at = if burst { (at0 + k).min(n - 1) } else { ((where_ * n as f64) as usize).min(n - 1) };
            let s = &mut dirty.samples[at];
            let (lat, lon) = match kind {
                0 => (0.0, 0.0),
                _ => {
                    let (lat, lon) = (s.lat_deg.unwrap(), s.lon_deg.unwrap());
                    stridewise::synth::destination(lat, lon, bearing, off_m)
                }
            };
            // Replace the fix, or insert a bad one half a second after it.
            if kind == 2 {
                let extra = Sample { t_s: s.t_s.map(|t| t + 0.5), lat_deg: Some(lat), lon_deg: Some(lon), ..Sample::default() };
                dirty.samples.insert(at + 1, extra);
            } else {
                s.lat_deg = Some(lat);
                s.lon_deg = Some(lon);
            }
        }
        let (got, a) = distance(dirty);
        prop_assert!((got - want).abs() <= 0.01 * want, "{} vs {} ({:?})", got, want, a.notes);
        prop_assert!(a.notes.iter().any(|n| n.contains("GPS fixes")), "{:?}", a.notes);
    }
}
