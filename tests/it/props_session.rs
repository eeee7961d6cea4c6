//! Issue 21's classes of false findings, as properties over randomised generated sessions
//! (`stridewise::synth::session`: realistic speed, cadence and GPS noise). Each property
//! runs hundreds of seeded cases; a failure names its seed, so it can be replayed.
//!
//! * standing 2–15 minutes with the timer running, anywhere, leaves pace within 1% of the
//!   truth (class 1);
//! * random interval sessions never get `pace_drift`, `decoupling` or `cadence_fade`
//!   (class 2);
//! * walking at 120–140 steps/min and 1.6–2.1 m/s, with a few running bursts, is a walk,
//!   never coached as a run (class 3);
//! * a ride with random stops is never coached (class 4);
//! * and the true findings keep firing: a steady run that slows 15% gets `pace_drift`; a
//!   long flat run at 150–158 steps/min gets `low_cadence`, and one at 168–169 with its
//!   usual spread does not (class 6).

use stridewise::analysis::session::SessionKind;
use stridewise::coach::review::{review, NotCoached};
use stridewise::coach::rules::Rules;
use stridewise::model::Sport;
use stridewise::synth::session::{build, Phase, SessionOptions};
use stridewise::synth::SplitMix64;
use stridewise::units::UnitSystem;

/// Cases per property (seeds 1..=CASES).
const CASES: u64 = 300;

fn between(rng: &mut SplitMix64, lo: f64, hi: f64) -> f64 {
    lo + (hi - lo) * rng.uniform()
}

fn secs(rng: &mut SplitMix64, lo: u32, hi: u32) -> u32 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let x = between(rng, f64::from(lo), f64::from(hi + 1)).floor() as u32;
    x.min(hi)
}

fn codes(r: &stridewise::Review) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.kind().as_str()).collect()
}

#[test]
fn standing_with_the_timer_running_leaves_pace_within_1_percent() {
    for seed in 1..=CASES {
        let mut rng = SplitMix64::new(seed);
        let (speed, cadence) = (between(&mut rng, 2.5, 4.2), between(&mut rng, 160.0, 182.0));
        let total = secs(&mut rng, 1_200, 2_400);
        let stops = secs(&mut rng, 1, 3);
        let mut phases = Vec::new();
        let mut left = total;
        for k in 0..stops {
            let run = secs(&mut rng, 60, left / (stops - k + 1));
            left -= run;
            phases.push(Phase::Run {
                secs: run,
                speed,
                cadence,
            });
            phases.push(Phase::Stand {
                secs: secs(&mut rng, 120, 900),
            });
        }
        phases.push(Phase::Run {
            secs: left,
            speed,
            cadence,
        });
        let gps_only = rng.uniform() < 0.3;
        let o = SessionOptions {
            recorded_speed: !gps_only,
            gps_error_m: between(&mut rng, 1.0, 5.0),
            ..SessionOptions::default()
        };
        let (a, truth) = build(&phases, &o, seed);
        let r = review(&a, &Rules::default());
        let p = r.pace.as_ref().expect("pace");
        // Truth over the recorded distance (a GPX's distance is its path, jitter included).
        let true_pace = truth.moving_s() / p.distance_m * 1000.0;
        let err = (p.avg_pace_s_per_km - true_pace).abs() / true_pace;
        assert!(
            err < 0.01,
            "seed {seed}: pace {:.1} s/km against {true_pace:.1} (standing {} s, found {:.0} s, gps only {gps_only})",
            p.avg_pace_s_per_km,
            truth.standing_s,
            r.motion.standing_s
        );
        assert!(
            (r.motion.standing_s - truth.standing_s).abs() <= 0.05 * truth.standing_s + 10.0,
            "seed {seed}: standing {} of {}",
            r.motion.standing_s,
            truth.standing_s
        );
    }
}

#[test]
fn interval_sessions_never_get_pace_drift() {
    for seed in 1..=CASES {
        let mut rng = SplitMix64::new(seed);
        let cadence = between(&mut rng, 162.0, 178.0);
        let easy = between(&mut rng, 2.4, 2.9);
        let mut phases = vec![Phase::Run {
            secs: secs(&mut rng, 300, 900),
            speed: easy,
            cadence,
        }];
        let reps = secs(&mut rng, 4, 10);
        for _ in 0..reps {
            let fast = between(&mut rng, 3.6, 5.0);
            phases.push(Phase::Run {
                secs: secs(&mut rng, 60, 300),
                speed: fast,
                cadence: cadence + 8.0,
            });
            let rec = secs(&mut rng, 60, 180);
            phases.push(if rng.uniform() < 0.3 {
                Phase::Walk {
                    secs: rec,
                    speed: between(&mut rng, 1.2, 1.6),
                    cadence: 115.0,
                }
            } else {
                Phase::Run {
                    secs: rec,
                    speed: between(&mut rng, 2.0, 2.8),
                    cadence: cadence - 4.0,
                }
            });
        }
        // A planned cool-down, slow, at the end.
        phases.push(Phase::Run {
            secs: secs(&mut rng, 300, 900),
            speed: between(&mut rng, 2.2, 2.6),
            cadence,
        });
        let (a, _) = build(&phases, &SessionOptions::default(), seed);
        let r = review(&a, &Rules::default());
        let c = codes(&r);
        assert!(
            !c.iter()
                .any(|x| ["pace_drift", "decoupling", "cadence_fade"].contains(x)),
            "seed {seed}: {c:?}, kind {:?} ({})",
            r.session.kind,
            stridewise::report::words::session_evidence(&r.session, UnitSystem::Metric)
        );
        assert!(
            matches!(
                r.session.kind,
                SessionKind::Structured | SessionKind::RunWalk
            ),
            "seed {seed}: kind {:?}",
            r.session.kind
        );
    }
}

#[test]
fn brisk_walking_with_running_bursts_is_a_walk_never_coached_as_a_run() {
    for seed in 1..=CASES {
        let mut rng = SplitMix64::new(seed);
        let (speed, cadence) = (between(&mut rng, 1.6, 2.1), between(&mut rng, 120.0, 138.0));
        let mut phases = Vec::new();
        for _ in 0..secs(&mut rng, 0, 3) {
            phases.push(Phase::Walk {
                secs: secs(&mut rng, 300, 900),
                speed,
                cadence,
            });
            phases.push(Phase::Run {
                secs: secs(&mut rng, 30, 90),
                speed: between(&mut rng, 2.5, 3.2),
                cadence: between(&mut rng, 150.0, 165.0),
            });
        }
        phases.push(Phase::Walk {
            secs: secs(&mut rng, 600, 1_800),
            speed,
            cadence,
        });
        let (a, _) = build(&phases, &SessionOptions::default(), seed);
        let r = review(&a, &Rules::default());
        assert_eq!(
            r.session.kind,
            SessionKind::Walk,
            "seed {seed}: {}",
            stridewise::report::words::session_evidence(&r.session, UnitSystem::Metric)
        );
        assert!(
            matches!(r.not_coached, Some(NotCoached::Walk { .. })) && r.findings.is_empty(),
            "seed {seed}: {:?} {:?}",
            r.not_coached,
            codes(&r)
        );
    }
}

#[test]
fn rides_with_random_stops_are_never_coached() {
    for seed in 1..=CASES {
        let mut rng = SplitMix64::new(seed);
        let mut phases = Vec::new();
        for _ in 0..secs(&mut rng, 0, 8) {
            phases.push(Phase::Ride {
                secs: secs(&mut rng, 120, 900),
                speed: between(&mut rng, 5.3, 9.0),
            });
            phases.push(Phase::Stand {
                secs: secs(&mut rng, 10, 240),
            });
        }
        phases.push(Phase::Ride {
            secs: secs(&mut rng, 300, 1_800),
            speed: between(&mut rng, 5.3, 9.0),
        });
        let sport = if rng.uniform() < 0.5 {
            Sport::Unknown
        } else {
            Sport::Running
        };
        let o = SessionOptions {
            sport,
            cadence: false,
            recorded_speed: rng.uniform() < 0.5,
            ..SessionOptions::default()
        };
        let (a, _) = build(&phases, &o, seed);
        let r = review(&a, &Rules::default());
        assert!(
            r.not_coached.is_some() && r.findings.is_empty(),
            "seed {seed}: coached as {:?} ({}), {:?}",
            r.session.kind,
            stridewise::report::words::session_evidence(&r.session, UnitSystem::Metric),
            codes(&r)
        );
    }
}

#[test]
fn a_steady_run_that_slows_down_keeps_its_pace_drift() {
    for seed in 1..=CASES {
        let mut rng = SplitMix64::new(seed);
        let (speed, cadence) = (between(&mut rng, 2.8, 4.0), between(&mut rng, 165.0, 180.0));
        let half = secs(&mut rng, 1_200, 2_400);
        let slow = speed * between(&mut rng, 0.82, 0.88);
        let phases = [
            Phase::Run {
                secs: half,
                speed,
                cadence,
            },
            // A gradual slowing, as fatigue: three steps down.
            Phase::Run {
                secs: half / 3,
                speed: speed * 0.95,
                cadence,
            },
            Phase::Run {
                secs: half / 3,
                speed: speed * 0.9,
                cadence,
            },
            Phase::Run {
                secs: half / 3,
                speed: slow,
                cadence,
            },
        ];
        let (a, _) = build(&phases, &SessionOptions::default(), seed);
        let r = review(&a, &Rules::default());
        assert_eq!(
            r.session.kind,
            SessionKind::SteadyRun,
            "seed {seed}: {}",
            stridewise::report::words::session_evidence(&r.session, UnitSystem::Metric)
        );
        assert!(
            codes(&r).contains(&"pace_drift"),
            "seed {seed}: {:?}",
            codes(&r)
        );
    }
}

#[test]
fn low_cadence_fires_below_the_band_beyond_the_runs_spread_and_not_inside_it() {
    for seed in 1..=CASES {
        let mut rng = SplitMix64::new(seed);
        let speed = between(&mut rng, 2.6, 3.6);
        let long = secs(&mut rng, 1_500, 3_000);
        let low = between(&mut rng, 150.0, 158.0);
        let (a, _) = build(
            &[Phase::Run {
                secs: long,
                speed,
                cadence: low,
            }],
            &SessionOptions::default(),
            seed,
        );
        let r = review(&a, &Rules::default());
        assert!(
            codes(&r).contains(&"low_cadence"),
            "seed {seed}: {low:.0} spm: {:?}",
            codes(&r)
        );
        // 168–169 with a spread of about ±5 around it (steps vary with the terrain and the
        // pace): 20 stretches at the normal quantiles around it, in a random order.
        let near = between(&mut rng, 168.0, 169.5);
        let mut offsets: Vec<f64> = (0..20)
            .map(|k| {
                use statrs::distribution::{ContinuousCDF, Normal};
                5.0 * Normal::standard().inverse_cdf((f64::from(k) + 0.5) / 20.0)
            })
            .collect();
        for k in (1..offsets.len()).rev() {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let j = (rng.uniform() * (k + 1) as f64) as usize;
            offsets.swap(k, j.min(k));
        }
        let phases: Vec<Phase> = offsets
            .iter()
            .map(|o| Phase::Run {
                secs: long / 20,
                speed,
                cadence: near + o,
            })
            .collect();
        let (a, _) = build(&phases, &SessionOptions::default(), seed);
        let r = review(&a, &Rules::default());
        assert!(
            !codes(&r).contains(&"low_cadence"),
            "seed {seed}: {near:.1} spm: {:?}",
            codes(&r)
        );
    }
}
