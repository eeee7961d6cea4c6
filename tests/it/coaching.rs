//! Coaching expectations on real corpus runs: what each run must get, must not get, and
//! why. Every false finding of issue 11 is a row here; so is every finding the charts of
//! the corpus runs show to be right.

use crate::corpus;
use stridewise::analysis::session::NonRun;
use stridewise::coach::review::{review, review_with, NotCoached, Review, ReviewOptions};
use stridewise::coach::rules::Rules;
use stridewise::ingest;
use stridewise::report::words;
use stridewise::units::UnitSystem;

/// One expectation: file, codes it must carry, codes it must not carry, what it must be
/// when it is not coached (`too_short`, `likely_ride`, `route`), a data note it must
/// carry, and why.
struct Expect {
    file: &'static str,
    must: &'static [&'static str],
    must_not: &'static [&'static str],
    not_coached: Option<&'static str>,
    note: Option<&'static str>,
    why: &'static str,
}

const ALL: &[&str] = &[
    "low_cadence",
    "cadence_fade",
    "overstriding",
    "hill_exposure",
    "steep_descents",
    "pace_drift",
    "decoupling",
    "run_walk",
    "ground_contact_balance",
];

/// Findings about the runner's body, which a planned route (no times) can never get; it
/// keeps the hill findings, which are about the route.
const BODY: &[&str] = &[
    "low_cadence",
    "cadence_fade",
    "overstriding",
    "pace_drift",
    "decoupling",
    "run_walk",
    "ground_contact_balance",
];

const TABLE: &[Expect] = &[
    Expect {
        file: "dtcooper__python-fitparse/tests__files__developer-types-sample.fit",
        must: &["low_cadence"],
        must_not: &["overstriding"],
        not_coached: None,
        note: None,
        why: "a jog at 8:27/km: ground contact 348 ms is the pace (contact time falls with \
              speed), not a stride fault; got overstriding from Garmin's 305 ms zone",
    },
    Expect {
        file: "sports-alliance__sports-lib/src__specs__fixtures__runs__fit__6910052863.fit",
        must: &["hill_exposure"],
        must_not: &["low_cadence", "overstriding"],
        not_coached: Some("walk"),
        note: None,
        why: "1826 m up in 8.2 km (95% of it steeper than ±5%) at a median 0.9 m/s, below \
              140 steps/min for 89% of the moving time: a mountain climbed mostly at a hike, \
              reviewed as a walk with its hills; low cadence and 'steps longer than your \
              baseline' came from a few minutes of level running",
    },
    Expect {
        file: "sports-alliance__sports-lib/src__specs__fixtures__runs__tcx__1604524853.tcx",
        must: &["hill_exposure"],
        must_not: &["low_cadence"],
        not_coached: Some("walk"),
        note: None,
        why: "352 m up and down in 6.1 km, 80% of it steep, walking (cadence 76 strides/min, \
              1.6 m/s median) 54% of the moving time: a hike with running, reviewed as a walk \
              with its hills; the low cadence was on the climbs",
    },
    Expect {
        file: "SamR1__FitTrackee/fittrackee__tests__files__example.fit",
        must: &[],
        must_not: ALL,
        not_coached: Some("too_short"),
        note: None,
        why: "317 m with 0 m of gain: got hill_exposure with '75.7% steeper than ±5%'",
    },
    Expect {
        file: "dtcooper__python-fitparse/tests__files__garmin-fenix-5-run.fit",
        must: &[],
        must_not: ALL,
        not_coached: Some("too_short"),
        note: None,
        why: "158 m in 57 s: got cadence_fade; a test press is not a run to coach",
    },
    Expect {
        file: "sports-alliance__sports-lib/samples__tcx__unknown_example.tcx",
        must: &[],
        must_not: &["overstriding"],
        not_coached: None,
        note: Some("implausible_descent_step"),
        why: "descent steps 70% longer than flat: a data problem, not a form problem",
    },
    Expect {
        file: "georust__gpx/tests__fixtures__caltopo-export.gpx",
        must: &[],
        must_not: BODY,
        not_coached: Some("route"),
        note: None,
        why: "a planned route: was in runs[] with 0 moving time; listed apart now",
    },
    Expect {
        file: "georust__gpx/tests__fixtures__strava_route_example.gpx",
        must: &[],
        must_not: BODY,
        not_coached: Some("route"),
        note: None,
        why: "a planned route",
    },
    Expect {
        file: "dtcooper__python-fitparse/tests__files__Activity.fit",
        must: &[],
        must_not: ALL,
        not_coached: Some("too_short"),
        note: None,
        why: "6 m: was listed as a run",
    },
    Expect {
        file: "georust__gpx/tests__fixtures__wahoo_example.gpx",
        must: &[],
        must_not: ALL,
        not_coached: Some("too_short"),
        note: None,
        why: "0 m: was listed as a run",
    },
    Expect {
        file: "tkrajina__gpxpy/test_files__track-with-less-sec-time.gpx",
        must: &[],
        must_not: ALL,
        not_coached: Some("too_short"),
        note: None,
        why: "2 m: was listed as a run",
    },
];

fn load(file: &str) -> Vec<stridewise::model::Activity> {
    let path = corpus::dir().join(file);
    ingest::read_path(&path).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn codes(r: &Review) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.kind().as_str()).collect()
}

#[test]
fn coaching_expectations_on_real_runs() {
    corpus::require!();
    let rules = Rules::default();
    let mut failures = Vec::new();
    for e in TABLE {
        for a in load(e.file) {
            let r = review(&a, &rules);
            let got = codes(&r);
            for m in e.must {
                if !got.contains(m) {
                    failures.push(format!("{}: must get {m}, got {got:?} ({})", e.file, e.why));
                }
            }
            for m in e.must_not {
                if got.contains(m) {
                    failures.push(format!("{}: must not get {m} ({})", e.file, e.why));
                }
            }
            let nc = r.not_coached.map(|n| n.code());
            if nc != e.not_coached {
                failures.push(format!(
                    "{}: not coached {nc:?}, expected {:?} ({})",
                    e.file, e.not_coached, e.why
                ));
            }
            if let Some(note) = e.note {
                if !r.notes.iter().any(|n| n.code() == note) {
                    failures.push(format!("{}: must note {note} ({})", e.file, e.why));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_fast_track_without_a_sport_is_a_likely_ride_unless_the_user_says_run() {
    corpus::require!();
    // A GPX without a sport at a bicycle's speed: skipped as a likely ride, with the
    // reason; `--sport running` coaches it.
    let rules = Rules::default();
    let mut found = 0;
    for path in corpus::files() {
        let name = path.to_string_lossy();
        if !(name.ends_with(".gpx") || name.ends_with(".tcx")) {
            continue;
        }
        let Ok(acts) = ingest::read_path(&path) else {
            continue;
        };
        for a in acts {
            if a.sport != stridewise::model::Sport::Unknown {
                continue;
            }
            let r = review(&a, &rules);
            if let Some(NotCoached::NotARun(NonRun::RideSpeed { median_mps, .. })) = r.not_coached {
                found += 1;
                assert!(median_mps > rules.floors.ride_min_speed_mps, "{name}");
                assert!(r.findings.is_empty(), "{name}");
                let forced = review_with(
                    &a,
                    &ReviewOptions {
                        as_running: true,
                        ..ReviewOptions::new(&rules)
                    },
                );
                assert!(
                    !matches!(forced.not_coached, Some(NotCoached::NotARun(_))),
                    "{name}"
                );
            }
        }
    }
    assert!(
        found > 0,
        "the corpus has unknown-sport tracks at cycling speed"
    );
}

#[test]
fn imperial_messages_and_evidence_carry_no_metric_lengths() {
    // hilly-10k: 90 m up and down and a 1529 m descent (its truth file).
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/hilly-10k.fit");
    let a = ingest::read_path(&path).expect("sample").remove(0);
    let r = review_with(
        &a,
        &ReviewOptions {
            split_m: UnitSystem::Imperial.split_meters(),
            ..ReviewOptions::new(&Rules::default())
        },
    );
    let hills: Vec<_> = r
        .findings
        .iter()
        .filter(|f| matches!(f.kind().as_str(), "hill_exposure" | "steep_descents"))
        .collect();
    assert_eq!(hills.len(), 2, "{:?}", codes(&r));
    for f in hills {
        let m = words::message(&f.message(), UnitSystem::Imperial);
        assert!(m.contains(" ft") || m.contains(" mi"), "{m}");
        assert!(
            !m.contains(" m ") && !m.contains(" m,") && !m.contains(" m."),
            "{m}"
        );
        let e = words::evidence(&f.evidence(), UnitSystem::Imperial);
        assert!(e.keys().all(|k| !k.ends_with("_m")), "{e:?}");
        assert!(e.keys().any(|k| k.ends_with("_ft")), "{e:?}");
    }
    // The 1529 m descent is 0.95 mi (lengths along the ground in miles from 1,000 ft).
    let descent = r
        .findings
        .iter()
        .find(|f| f.kind().as_str() == "steep_descents")
        .expect("descent");
    assert!(
        words::message(&descent.message(), UnitSystem::Imperial).contains("descent of 0.95 mi"),
        "{}",
        words::message(&descent.message(), UnitSystem::Imperial)
    );
    // 90 m = 295 ft of gain.
    let hill = r
        .findings
        .iter()
        .find(|f| f.kind().as_str() == "hill_exposure")
        .expect("hill");
    assert!(words::message(&hill.message(), UnitSystem::Imperial).contains("295 ft up"));
}

#[test]
fn ground_contact_is_judged_only_at_running_speeds() {
    // hilly-10k runs at about 3.0 m/s (10 km in 55:36) with 255 ms of ground contact.
    // At 340 ms on every sample the contact-time proxy fires; with the speed floor set
    // above the run's speed it is silent (a slow jog's long contact is the pace).
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/hilly-10k.fit");
    let mut a = ingest::read_path(&path).expect("sample").remove(0);
    for s in &mut a.samples {
        if s.stance_time_ms.is_some() {
            s.stance_time_ms = Some(340.0);
        }
    }
    let gct = |r: &Review| {
        r.findings.iter().any(|f| {
            f.kind().as_str() == "overstriding" && f.evidence().contains_key("ground_contact_ms")
        })
    };
    let rules = Rules::default();
    let r = review(&a, &rules);
    let v = r
        .cadence
        .as_ref()
        .and_then(stridewise::analysis::cadence::CadenceAnalysis::running_speed_mps)
        .expect("running speed");
    assert!((v - 3.0).abs() < 0.15, "{v}");
    assert!(gct(&r), "{:?}", codes(&r));
    let mut slow = Rules::default();
    slow.floors.dynamics_min_speed_mps = v + 0.1;
    assert!(!gct(&review(&a, &slow)));
}

#[test]
fn left_right_balance_fires_on_flat_running_only() {
    // hilly-10k records 50.6% left. Outside Garmin's 47.8–52.2% band on the flat it is a
    // finding (a warning 1.5 points beyond); the same imbalance on hills alone is not.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/hilly-10k.fit");
    let a = ingest::read_path(&path).expect("sample").remove(0);
    let rules = Rules::default();
    let base = review(&a, &rules);
    assert!(!codes(&base).contains(&"ground_contact_balance"));
    let with = |left: &dyn Fn(usize) -> f64| {
        let mut b = a.clone();
        for (i, s) in b.samples.iter_mut().enumerate() {
            if s.stance_balance_left_pct.is_some() {
                s.stance_balance_left_pct = Some(left(i));
            }
        }
        review(&b, &rules)
    };
    let balance = |r: &Review| {
        r.findings
            .iter()
            .find(|f| f.kind().as_str() == "ground_contact_balance")
            .map(|f| (f.severity(), f.evidence()))
    };
    let (sev, ev) = balance(&with(&|_| 53.0)).expect("53% left on the flat");
    assert_eq!(sev, stridewise::Severity::Caution);
    assert!((ev["left_pct"] - 53.0).abs() < 0.01, "{ev:?}");
    let (sev, _) = balance(&with(&|_| 46.0)).expect("46% left on the flat");
    assert_eq!(sev, stridewise::Severity::Warning);
    // Imbalance only where the grade is beyond the flat limit: silent.
    let grades = base.grades.clone();
    let hills_only = with(&|i| {
        if grades[i].is_some_and(|g| g.abs() > 0.02) {
            55.0
        } else {
            50.5
        }
    });
    assert!(balance(&hills_only).is_none(), "{:?}", codes(&hills_only));
}
