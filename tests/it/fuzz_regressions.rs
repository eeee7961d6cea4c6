//! Inputs found by the cargo-fuzz targets in `fuzz/` (docs/SAFETY.md, "Fuzzing"), one test per
//! finding, named after the bug. The bytes live here (inline or built from
//! `sample_data/`), never as crash files. Each test asserts a clean `Ok`/`Err`: a panic
//! fails it.

use stridewise::ingest::{self, IngestError};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(crate::util::sample(name)).expect("sample")
}

/// A complete FIT file followed by `tail`.
fn fit_followed_by(tail: &[u8]) -> Vec<u8> {
    let mut bytes = sample("treadmill.fit");
    bytes.extend_from_slice(tail);
    bytes
}

/// Either activities with samples, or one of the errors a damaged FIT file may give.
fn assert_clean(result: Result<Vec<stridewise::model::Activity>, IngestError>) {
    match result {
        Ok(activities) => assert!(activities.iter().any(|a| !a.samples.is_empty())),
        Err(e) => {
            assert!(matches!(e, IngestError::Damaged(_)), "{e:?}");
            assert!(!e.to_string().contains('\n'), "{e}");
        }
    }
}

/// fitparser 0.11 computes how many header bytes it still needs as `header_size - len`
/// (`de/parser.rs:280`), which overflows when a fragment after a complete file is longer
/// than its first byte says a header is: two bytes of zero padding are enough. It panics
/// where overflow checks are on (debug and test builds), so the whole file was at the
/// mercy of `read_bytes`'s `catch_unwind`. Found by the `fit` target (5 660 bytes, the
/// same two-byte tail once minimised by hand).
#[test]
fn fitparser_header_needed_overflow_on_padding_is_contained() {
    for tail in [&[0u8, 0][..], &[0; 11], &[5, 0x10, 0, 0, 0, 0, 0, 0]] {
        assert_clean(ingest::read_bytes(&fit_followed_by(tail)));
    }
}

/// fitparser 0.11 checks a header CRC over `input[..header_size - 2]` without checking
/// that many bytes are there (`de/mod.rs:134`): after a complete file, a second header
/// whose size byte is 84 instead of 14 (a damaged chained file) with a non-zero CRC slices
/// out of range and panics in every build. Found by the `fit` target (in its corpus,
/// replayed with `STRIDEWISE_FUZZ_SHOW_CONTAINED=1`).
#[test]
fn fitparser_chained_header_crc_slice_out_of_range_is_contained() {
    let header = [84, 0x10, 0, 0, 0, 0, 0, 0, b'.', b'F', b'I', b'T', 1, 0, 0];
    assert_clean(ingest::read_bytes(&fit_followed_by(&header)));
}

/// CRC of the FIT SDK ("FIT File Protocol", CRC), over `bytes`.
fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    bytes.iter().fold(0u16, |crc, &b| {
        let crc = (crc >> 4) ^ TABLE[usize::from(crc & 0xF)] ^ TABLE[usize::from(b & 0xF)];
        (crc >> 4) ^ TABLE[usize::from(crc & 0xF)] ^ TABLE[usize::from(b >> 4)]
    })
}

/// A FIT file (12-byte header, file CRC) around `messages`.
fn fit_file(messages: &[u8]) -> Vec<u8> {
    let size = u32::try_from(messages.len()).expect("small");
    let mut f = vec![12, 0x10, 0x2D, 0x08];
    f.extend_from_slice(&size.to_le_bytes());
    f.extend_from_slice(b".FIT");
    f.extend_from_slice(messages);
    let crc = fit_crc(&f);
    f.extend_from_slice(&crc.to_le_bytes());
    f
}

/// `session` (global 18) with `timestamp` and `start_time` as uint32 and
/// `total_elapsed_time` declared as float64 (the decoder honours the declared base type).
fn session_with_elapsed(elapsed_ms: f64) -> Vec<u8> {
    let start: u32 = 1_000_000_000; // FIT seconds: 2021-09-08
    let mut m = vec![0x40, 0, 0, 18, 0, 3, 253, 4, 0x86, 2, 4, 0x86, 7, 8, 0x89];
    m.push(0x00);
    m.extend_from_slice(&(start + 60).to_le_bytes());
    m.extend_from_slice(&start.to_le_bytes());
    m.extend_from_slice(&elapsed_ms.to_le_bytes());
    fit_file(&m)
}

/// `fit.rs` computed a session's end as `start + elapsed` with chrono's panicking `+`; a
/// session whose `total_elapsed_time` is declared as a float64 (or is otherwise huge) put
/// the sum past chrono's range: `DateTime + TimeDelta overflowed`. Found by the `fit`
/// target on our own FIT decoder (270 bytes minimised; rebuilt here as a 46-byte file).
/// The end now comes from checked arithmetic; an impossible elapsed time is ignored.
#[test]
fn session_elapsed_time_past_chrono_range_does_not_overflow() {
    for elapsed_ms in [1e300, -1e300, 1e18, 3.0e7] {
        let bytes = session_with_elapsed(elapsed_ms);
        // The raw reader (no catch_unwind) must not panic.
        let raw = stridewise::ingest::fit::read(&bytes).expect("a session-only file reads");
        assert_eq!(raw.len(), 1, "{elapsed_ms}");
        let activities = ingest::read_bytes(&bytes).expect("reads");
        let summary = activities[0].summary.as_ref().expect("device summary");
        assert_eq!(summary.elapsed_s, Some(elapsed_ms / 1000.0));
    }
}

/// Two `record`s (global 20), one second apart, whose `distance` is declared as float64:
/// 0 m, then `far_m`.
fn two_records_far_apart(far_m: f64) -> Vec<u8> {
    let t0: u32 = 1_000_000_000;
    let mut m = vec![0x40, 0, 0, 20, 0, 2, 253, 4, 0x86, 5, 8, 0x89];
    for (dt, d) in [(0u32, 0.0f64), (1, far_m)] {
        m.push(0x00);
        m.extend_from_slice(&(t0 + dt).to_le_bytes());
        m.extend_from_slice(&(d * 100.0).to_le_bytes()); // profile scale 100
    }
    fit_file(&m)
}

/// The pace analysis cut one split per kilometre of whatever distance the file claimed: a
/// 219-byte FIT whose record distance (declared as a wider base type) said 3.6 × 10¹¹ km
/// made `analysis::pace` allocate splits until the process ran out of memory (found by
/// the `pipeline` target replaying the `fit` corpus). Past `MAX_SPLITS` a run now has no
/// splits; everything else is still reviewed and rendered.
#[test]
fn pace_splits_of_an_absurd_distance_do_not_exhaust_memory() {
    use stridewise::analysis::pace::MAX_SPLITS;
    use stridewise::coach::{review::review, rules::Rules};
    use stridewise::report::{chart, html, json, png, text};
    use stridewise::units::UnitSystem;

    use stridewise::model::{Activity, Format, Sample, Sport};

    // The FIT reader now drops record distances past 10⁵ km (as the XML readers do), so
    // the fuzzer's file no longer claims them...
    let read = ingest::read_bytes(&two_records_far_apart(3.6e14)).expect("reads");
    assert!(read[0]
        .samples
        .iter()
        .all(|s| s.distance_m.unwrap_or(0.0) <= 1e8));
    // ...but distances of that size can still come from elsewhere (positions jumping
    // across the globe): the split cap holds for an activity built directly. The smaller
    // first: were the cap gone, it fails on the assertion (10⁶ splits) before the larger.
    for far_m in [1e9, 3.6e14] {
        let mut built = Activity::new(Format::Gpx);
        built.sport = Sport::Running;
        built.samples = [(0.0, 0.0), (1.0, far_m)]
            .into_iter()
            .map(|(t, d)| Sample {
                t_s: Some(t),
                distance_m: Some(d),
                ..Sample::default()
            })
            .collect();
        let a = &built;
        let r = review(a, &Rules::default());
        let pace = r.pace.as_ref().expect("timed distance has a pace analysis");
        assert!(
            pace.splits.is_empty(),
            "{far_m} m: {} splits",
            pace.splits.len()
        );
        assert!(pace.distance_m > 1000.0 * MAX_SPLITS as f64);
        for spec in chart::build(a, &r, UnitSystem::Metric) {
            png::render(&spec, 400, 250).expect("renders");
        }
        let item = text::Reviewed {
            path: "far.fit",
            activity: a,
            review: &r,
        };
        let style = text::Style {
            units: UnitSystem::Metric,
            color: false,
        };
        assert!(!html::page(&item, style, &[]).is_empty());
        serde_json::to_vec(&json::Run::reviewed("far.fit", a, &r)).expect("serialises");
    }
}

/// `sessions` empty `session` messages (no time window: each takes every record) after
/// `records` records one second apart, `step_m` apart, altitude going up and down.
fn sessions_sharing_records(sessions: usize, records: u32, step_m: f64) -> Vec<u8> {
    let t0: u32 = 1_000_000_000;
    // local 0: record (timestamp, distance uint32 scale 100, altitude uint16 scale 5
    // offset 500); local 1: session without fields.
    let mut m = vec![0x40, 0, 0, 20, 0, 3, 253, 4, 0x86, 5, 4, 0x86, 2, 2, 0x84];
    m.extend_from_slice(&[0x41, 0, 0, 18, 0, 0]);
    for i in 0..records {
        m.push(0x00);
        m.extend_from_slice(&(t0 + i).to_le_bytes());
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let cm = (f64::from(i) * step_m * 100.0) as u32;
        m.extend_from_slice(&cm.to_le_bytes());
        let altitude_m = 100.0 + 50.0 * f64::from(i % 4);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let stored = ((altitude_m + 500.0) * 5.0) as u16;
        m.extend_from_slice(&stored.to_le_bytes());
    }
    m.extend(std::iter::repeat_n(0x01, sessions));
    fit_file(&m)
}

/// Every session without a time window became an activity holding a copy of every
/// record, and `read_bytes` counted the samples only afterwards: 300 one-byte sessions
/// over 20 000 records (a file of about 200 KB) built 6 M samples, 1.2 GB, before the "too large"
/// error (found by looking at why the `pipeline` target's slow input was slow). The FIT
/// reader now stops at the sample cap while it builds the sessions, before copying past it.
#[test]
fn fit_sessions_sharing_records_stop_at_the_sample_cap() {
    // 200 sessions: under the cap of 256 session messages (300 are now refused by count).
    let bytes = sessions_sharing_records(200, 20_000, 3.0);
    assert!(bytes.len() < 250_000);
    let err = stridewise::ingest::fit::read(&bytes).expect_err("over the cap");
    assert!(matches!(err, IngestError::TooLarge(_)), "{err}");
    assert!(
        err.to_string().starts_with(
            "too large: the first 101 of 200 sessions hold more than the 2000000 samples"
        ),
        "{err}"
    );
}

/// The climb segmentation cut every activity into 10 m steps of whatever distance it
/// claimed (up to a million): a 1 570-byte FIT of 151 sessions sharing 31 records that
/// claim 16 600 km made a million grade evaluations per session, 5 s in a release build
/// and 48 s in a debug one (found by the `pipeline` target, as a timeout). Steps are now
/// also capped per profile point; this review takes milliseconds.
#[test]
fn elevation_steps_follow_the_points_not_the_claimed_distance() {
    use stridewise::coach::{review::review, rules::Rules};
    let bytes = sessions_sharing_records(151, 31, 550_000.0);
    let activities = ingest::read_bytes(&bytes).expect("reads");
    assert_eq!(activities.len(), 151);
    let started = std::time::Instant::now();
    for a in &activities {
        let r = review(a, &Rules::default());
        let e = r.elevation.as_ref().expect("altitude over distance");
        assert!(e.distance_m > 16_000_000.0, "{}", e.distance_m);
    }
    // Generous: before the fix a debug build took 48 s here.
    let took = started.elapsed();
    assert!(took.as_secs() < 15, "{took:?}");
}
