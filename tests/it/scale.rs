//! Work that grows with what the bytes say, not with the run (issue 22): many pauses.
//! These are correctness tests on large generated inputs; the time each takes as the
//! input doubles is measured by the benchmarks (`benches/ingest.rs`, README
//! "Benchmarks"), never asserted here.

use proptest::prelude::*;
use stridewise::analysis::pace::moving_seconds;
use stridewise::analysis::totals::totals;
use stridewise::coach::review::review;
use stridewise::coach::rules::Rules;
use stridewise::ingest;
use stridewise::model::{Activity, Pause};
use stridewise::synth::fit::{self, FitOptions};
use stridewise::synth::gpx::{self, GpxOptions};
use stridewise::synth::{generate, Scenario};
use stridewise_fit::encode::{Encoder, Field, Value};

fn one(bytes: &[u8]) -> Activity {
    let mut acts = ingest::read_bytes(bytes).expect("reads");
    assert_eq!(acts.len(), 1);
    acts.remove(0)
}

/// 5,000 timer pauses (15,000 samples): the moving time of the totals and of the pace
/// analysis is the generated timer time to the second, from the FIT's timer events and
/// from a GPX that starts a new segment at each stop.
#[test]
fn moving_time_with_many_pauses_equals_the_truth() {
    let run = generate(&Scenario::stop_and_go(5_000)).expect("generates");
    assert_eq!(run.pauses.len(), 5_000);
    let truth = run.truth.timer_time_s;
    let fit = one(&fit::encode(&run, &FitOptions::default()));
    let gpx = one(gpx::write(
        &run,
        &GpxOptions {
            segment_per_pause: true,
            ..GpxOptions::default()
        },
    )
    .expect("writes")
    .as_bytes());
    let rules = Rules::default();
    for (what, a) in [("fit", &fit), ("gpx", &gpx)] {
        assert_eq!(a.pauses.len(), 5_000, "{what}");
        let t = totals(a);
        let moving = t.moving_s.expect("timed");
        assert!((moving - truth).abs() < 1e-6, "{what}: {moving} vs {truth}");
        let r = review(a, &rules);
        let pace = r.pace.as_ref().expect("pace").moving_time_s;
        assert!(
            (pace - truth).abs() < 1e-6,
            "{what}: pace {pace} vs {truth}"
        );
        let splits: f64 = r
            .pace
            .as_ref()
            .expect("pace")
            .splits
            .iter()
            .map(|s| s.moving_time_s)
            .sum();
        assert!((splits - truth).abs() < 1e-6, "{what}: splits {splits}");
    }
    // The FIT's recorded distance is the generated one. (The GPX's, from positions, leaves
    // out the step that straddles each segment boundary, as it should for a real stop.)
    let d = totals(&fit).distance_m.expect("distance");
    assert!(
        (d - run.truth.total_distance_m).abs() < 1e-6 * run.truth.total_distance_m,
        "{d} vs {}",
        run.truth.total_distance_m
    );
}

/// A hostile FIT of 100,000 one-second timer pauses between 2,000 records (the attack of
/// issue 22 item 8, which took half a minute): every pause is read and the moving time is
/// what the events leave. Run in the unoptimised test build, a quadratic pass would take
/// minutes here.
#[test]
fn a_fit_of_100_000_timer_pauses_reads_every_pause() {
    const PAUSES: u32 = 100_000;
    let t0: u32 = 1_000_000_000;
    let mut e = Encoder::new();
    // file_id: type activity, manufacturer development, time created.
    e.message(
        0,
        &[
            Field::new(0, Value::Enum(4)),
            Field::new(1, Value::U16(255)),
            Field::new(4, Value::U32(t0)),
        ],
    );
    let timer = |t: u32, kind: u8| {
        [
            Field::new(253, Value::U32(t)),
            Field::new(0, Value::Enum(0)), // event: timer
            Field::new(1, Value::Enum(kind)),
        ]
    };
    e.message(21, &timer(t0, 0)); // start
    for k in 0..PAUSES {
        let t = t0 + 2 * k + 1;
        if k % 50 == 0 {
            // record: timestamp, distance (1/100 m), heart rate.
            e.message(
                20,
                &[
                    Field::new(253, Value::U32(t)),
                    Field::new(5, Value::U32(k * 300)),
                    Field::new(3, Value::U8(150)),
                ],
            );
        }
        e.message(21, &timer(t, 4)); // stop_all
        e.message(21, &timer(t + 1, 0)); // start
    }
    let a = one(&e.finish().expect("encodes"));
    assert_eq!(a.samples.len(), 2_000);
    // Every stop/start pair is a pause (without a session the run has no end to cut
    // them at); the records (every 50th cycle of 2 s) span 99,950 cycles, and the pause of
    // each takes half of it.
    assert_eq!(a.pauses.len(), 100_000);
    let span = 2.0 * 99_950.0;
    let t = totals(&a);
    assert_eq!(t.elapsed_s, Some(span));
    let moving = t.moving_s.expect("timed");
    assert!((moving - span / 2.0).abs() <= 1.0, "{moving} of {span}");
}

/// Pauses, sorted and disjoint (the model's invariant), from random gaps and lengths.
fn pauses() -> impl Strategy<Value = Vec<Pause>> {
    prop::collection::vec((0.0f64..50.0, 0.0f64..30.0), 0..60).prop_map(|v| {
        let mut t = 0.0;
        v.into_iter()
            .map(|(gap, len)| {
                t += gap;
                let p = Pause {
                    start_s: t,
                    end_s: t + len,
                };
                t += len;
                p
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The bisecting `moving_seconds` answers what a scan of every pause answers.
    #[test]
    fn moving_seconds_equals_a_scan_of_every_pause(
        ps in pauses(),
        t0 in -10.0f64..3_000.0,
        len in -5.0f64..500.0,
    ) {
        let t1 = t0 + len;
        let scan = if t1 > t0 {
            let paused: f64 = ps
                .iter()
                .map(|p| (p.end_s.min(t1) - p.start_s.max(t0)).max(0.0))
                .sum();
            (t1 - t0 - paused).max(0.0)
        } else {
            0.0
        };
        let ours = moving_seconds(&ps, t0, t1);
        prop_assert!((ours - scan).abs() < 1e-9, "{} vs {}", ours, scan);
    }
}
