//! Whatever the bytes, reading never panics, never hangs, and keeps what it can.

use stridewise::ingest::{self, IngestError};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(crate::util::sample(name)).expect("sample")
}

/// xorshift64*: a fixed-seed generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("fits")
    }
}

#[test]
fn a_truncated_fit_keeps_the_records_before_the_cut() {
    let bytes = sample("hilly-10k.fit");
    let full = ingest::read_bytes(&bytes)
        .expect("full file reads")
        .remove(0);
    for cut in [bytes.len() / 4, bytes.len() / 2, bytes.len() * 3 / 4] {
        let a = ingest::read_bytes(&bytes[..cut])
            .expect("salvaged")
            .remove(0);
        assert!(
            a.samples.len() > full.samples.len() / 5,
            "cut {cut}: {}",
            a.samples.len()
        );
        assert!(a.samples.len() < full.samples.len());
        assert!(
            a.notes.iter().any(|n| n.contains("damaged")),
            "{:?}",
            a.notes
        );
        assert!(a.samples.iter().zip(&full.samples).all(|(x, y)| x == y));
    }
}

#[test]
fn every_truncation_reads_or_fails_cleanly() {
    for name in ["hilly-10k.fit", "hilly-10k.gpx", "treadmill.fit"] {
        let bytes = sample(name);
        let step = (bytes.len() / 150).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            match ingest::read_bytes(&bytes[..cut]) {
                Ok(acts) => assert!(!acts.is_empty()),
                Err(e) => assert!(!e.to_string().contains('\n'), "{name}@{cut}: {e}"),
            }
        }
    }
}

#[test]
fn random_byte_damage_never_panics() {
    let mut rng = Rng(0x5EED_CAFE);
    for name in ["hilly-10k.fit", "run-walk-5-1.fit", "hilly-10k.gpx"] {
        let original = sample(name);
        for _ in 0..120 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(8) {
                let i = rng.below(bytes.len());
                bytes[i] = u8::try_from(rng.next() & 0xff).expect("byte");
            }
            // Either result is fine; a panic or a hang fails the test.
            let _ = ingest::read_bytes(&bytes);
        }
    }
}

#[test]
fn a_gzip_bomb_is_refused_without_inflating_it_all() {
    use std::io::Write;
    // 300 MiB of zeros compress to ~300 KB; the cap is 256 MiB.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        gz.write_all(&zeros).expect("gzip");
    }
    let bomb = gz.finish().expect("gzip");
    assert!(matches!(
        ingest::read_bytes(&bomb),
        Err(IngestError::TooLarge(_))
    ));
}

#[test]
fn empty_and_tiny_inputs_fail_cleanly() {
    assert_eq!(ingest::read_bytes(b""), Err(IngestError::Empty));
    for bytes in [
        &b"\x0e"[..],
        b"\x0e\x10\0\0\0\0\0\0.FIT",
        b"<gpx",
        b"\x1f\x8b",
        b"PK\x03\x04",
    ] {
        assert!(ingest::read_bytes(bytes).is_err(), "{bytes:?}");
    }
}

/// Every format shares FIT's caps (issue 22 item 11): a TCX of more than 256 activities
/// or 10,000 laps, a GPX of more than 256 tracks, is refused as too large while it is
/// read, in one line; at the cap it reads.
#[test]
fn tcx_and_gpx_share_the_fit_caps_on_activities_laps_and_tracks() {
    use stridewise::ingest::{MAX_LAPS, MAX_SESSIONS};
    let point = |k: usize| {
        format!(
            "<Trackpoint><Time>2024-05-01T07:{:02}:{:02}Z</Time><HeartRateBpm><Value>140</Value></HeartRateBpm></Trackpoint>",
            (k / 60) % 60,
            k % 60
        )
    };
    let tcx = |activities: usize, laps: usize| {
        let mut t = String::from(
            "<?xml version=\"1.0\"?><TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"><Activities>",
        );
        for a in 0..activities {
            t.push_str(&format!(
                "<Activity Sport=\"Running\"><Id>2024-05-01T07:00:00Z</Id><Lap StartTime=\"2024-05-01T07:00:00Z\"><TotalTimeSeconds>1</TotalTimeSeconds><Track>{}</Track></Lap>",
                point(a)
            ));
            for _ in 1..laps {
                t.push_str("<Lap StartTime=\"2024-05-01T07:00:00Z\"><TotalTimeSeconds>1</TotalTimeSeconds></Lap>");
            }
            t.push_str("</Activity>");
        }
        t.push_str("</Activities></TrainingCenterDatabase>");
        t.into_bytes()
    };
    let too_large = |bytes: &[u8], what: &str| match ingest::read_bytes(bytes) {
        Err(IngestError::TooLarge(m)) => {
            assert!(m.contains(what), "{m}");
            assert!(!m.contains('\n'), "{m}");
        }
        other => panic!("{what}: {other:?}"),
    };
    assert_eq!(
        ingest::read_bytes(&tcx(MAX_SESSIONS, 1))
            .expect("at the cap")
            .len(),
        MAX_SESSIONS
    );
    too_large(&tcx(MAX_SESSIONS + 1, 1), "more than 256 TCX activities");
    assert_eq!(
        ingest::read_bytes(&tcx(1, MAX_LAPS)).expect("at the cap")[0]
            .laps
            .len(),
        MAX_LAPS
    );
    too_large(&tcx(1, MAX_LAPS + 1), "more than 10000 TCX laps");

    let gpx = |tracks: usize| {
        let mut t = String::from("<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"t\">");
        for k in 0..tracks {
            t.push_str(&format!(
                "<trk><trkseg><trkpt lat=\"47.0\" lon=\"{:.5}\"><time>2024-05-01T07:{:02}:{:02}Z</time></trkpt></trkseg></trk>",
                8.0 + 1e-5 * k as f64,
                (k / 60) % 60,
                k % 60
            ));
        }
        t.push_str("</gpx>");
        t.into_bytes()
    };
    assert_eq!(
        ingest::read_bytes(&gpx(MAX_SESSIONS)).expect("at the cap")[0]
            .samples
            .len(),
        MAX_SESSIONS
    );
    too_large(&gpx(MAX_SESSIONS + 1), "more than 256 GPX tracks");
}

/// Issue 22 item 14: impossible running dynamics and heart rate in a generated FIT (ground
/// contact 6000 ms, balance 400% left, oscillation 500 mm, ratio 80%, step 5 m, heart rate
/// 254 on every record) are dropped with a note per channel and never coached, while the
/// run's possible channels stay.
#[test]
fn impossible_running_dynamics_are_dropped_with_a_note_and_never_coached() {
    use stridewise::coach::review::review;
    use stridewise::coach::rules::Rules;
    use stridewise::synth::{fit, generate, Scenario};
    let mut run = generate(&Scenario::hilly_10k()).expect("generates");
    let good = ingest::read_bytes(&fit::encode(&run, &fit::FitOptions::default()))
        .expect("reads")
        .remove(0);
    let rules = Rules::default();
    // The overstriding proxies and the balance finding a review fires.
    let coached = |a: &stridewise::model::Activity| -> Vec<&'static str> {
        let mut v = Vec::new();
        for f in review(a, &rules).findings {
            match f {
                stridewise::coach::warning::Finding::Overstriding { proxies, .. } => {
                    v.extend(proxies.iter().map(|p| p.name.as_str()));
                }
                other => v.push(other.kind().as_str()),
            }
        }
        v
    };
    for p in &mut run.points {
        p.stance_time_ms = Some(6000.0);
        p.stance_time_balance_pct = Some(400.0);
        p.vertical_oscillation_mm = Some(500.0);
        p.vertical_ratio_pct = Some(80.0);
        p.step_length_mm = Some(5000.0);
        p.heart_rate_bpm = 254;
    }
    let a = ingest::read_bytes(&fit::encode(&run, &fit::FitOptions::default()))
        .expect("reads")
        .remove(0);
    assert!(a.samples.iter().all(|s| s.stance_time_ms.is_none()
        && s.stance_balance_left_pct.is_none()
        && s.vertical_oscillation_mm.is_none()
        && s.vertical_ratio_pct.is_none()
        && s.step_length_mm.is_none()
        && s.heart_rate_bpm.is_none()));
    let n = a.samples.len();
    for note in [
        format!("{n} ground contact time values outside 40–2500 ms"),
        format!("{n} ground contact balance values outside 10–90 % left"),
        format!("{n} vertical oscillation values outside 0–300 mm"),
        format!("{n} vertical ratio values outside 0–50 %"),
        format!("{n} step length values outside 0–3000 mm"),
        format!("{n} heart rate values outside 25–250 bpm"),
    ] {
        assert!(
            a.notes.iter().any(|x| x.starts_with(&note)),
            "{note}: {:?}",
            a.notes
        );
    }
    // Cadence, pace and distance are untouched (the descents' step length, from speed ÷
    // cadence, is still judged).
    assert_eq!(a.samples.len(), good.samples.len());
    assert!(a
        .samples
        .iter()
        .zip(&good.samples)
        .all(|(x, y)| x.cadence == y.cadence));
    let bad = coached(&a);
    for code in [
        "ground_contact_ms",
        "vertical_ratio_pct",
        "step_length_vs_baseline_pct",
        "ground_contact_balance",
    ] {
        assert!(
            !bad.contains(&code),
            "{code} coached from impossible values: {bad:?}"
        );
    }
    // The generated run's own dynamics are possible and kept.
    assert!(
        good.notes
            .iter()
            .all(|x| !x.contains("not physically possible")),
        "{:?}",
        good.notes
    );
}

/// Every writer of the watch makers' own logs, for the hostile-input tests.
fn vendor_files() -> Vec<(&'static str, Vec<u8>)> {
    use stridewise::synth::vendor;
    let run = stridewise::synth::generate(&stridewise::synth::Scenario::run_walk_5_1())
        .expect("generates");
    vec![
        (
            "suunto json",
            vendor::suunto_json(&run, vendor::SuuntoHeart::RrOnly, 60).into_bytes(),
        ),
        ("suunto sml", vendor::suunto_sml(&run).into_bytes()),
        ("moveslink", vendor::moveslink(&run, 60).into_bytes()),
        (
            "polar json",
            vendor::polar_json(&run, 60, Some(5)).into_bytes(),
        ),
        ("polar hrm", vendor::hrm(&run).into_bytes()),
        (
            "apple health",
            stridewise::synth::apple_health::export(
                &[stridewise::synth::apple_health::AppleWorkout {
                    activity_type: "HKWorkoutActivityTypeRunning",
                    run: &run,
                    route: stridewise::synth::apple_health::RouteStyle::File,
                    shift_days: 0,
                }],
                60,
            )
            .0
            .into_bytes(),
        ),
    ]
}

/// One line, no panic: the contract for whatever bytes a vendor log holds.
fn assert_one_line(what: &str, r: &Result<Vec<stridewise::model::Activity>, IngestError>) {
    if let Err(e) = r {
        let msg = e.to_string();
        assert!(!msg.is_empty() && !msg.contains('\n'), "{what}: {msg:?}");
    }
}

#[test]
fn vendor_logs_truncated_anywhere_read_or_fail_in_one_line() {
    for (what, bytes) in vendor_files() {
        let step = (bytes.len() / 120).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            assert_one_line(what, &ingest::read_bytes(&bytes[..cut]));
        }
    }
}

#[test]
fn vendor_logs_with_random_damage_never_panic() {
    let mut rng = Rng(0x5EED_0027);
    for (what, original) in vendor_files() {
        for _ in 0..80 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(8) {
                let i = rng.below(bytes.len());
                bytes[i] = u8::try_from(rng.next() & 0xff).expect("byte");
            }
            assert_one_line(what, &ingest::read_bytes(&bytes));
        }
    }
}

#[test]
fn vendor_logs_with_huge_or_garbage_numbers_fail_or_drop_them() {
    // Huge numbers where times, rates and counts go, garbage where numbers go: one line
    // each, never a panic, never a sample with the impossible value.
    let cases: [(&str, &[u8]); 10] = [
        ("apple health", b"<HealthData><Record type='HKQuantityTypeIdentifierHeartRate' unit='count/min' startDate='2024-05-01 07:00:01 +9999' endDate='2024-05-01 07:00:01 +0000' value='1e308'/><Workout workoutActivityType='HKWorkoutActivityTypeRunning' duration='1e400' durationUnit='min' startDate='2024-05-01 07:00:00 +0000' endDate='99999-05-01 07:00:00 +0000'><WorkoutEvent type='HKWorkoutEventTypePause' date='garbage'/></Workout></HealthData>"),
        ("suunto json", br#"{"DeviceLog": {"Header": {"DateTime": "2024-05-01T07:00:00Z", "Duration": 1e300},
            "Samples": [{"TimeISO8601": "2024-05-01T07:00:01Z", "HR": 1e308, "Distance": -5, "Latitude": 99}],
            "R-R": {"Data": [1e308, -1, 0, 400]}}}"#),
        ("suunto json, number out of range", br#"{"DeviceLog": {"Samples": [{"HR": 1e999}]}}"#),
        ("suunto json, wrong types", br#"{"DeviceLog": {"Samples": "many", "Windows": 7}}"#),
        ("suunto json, year 99999", br#"{"DeviceLog": {"Samples": [{"TimeISO8601": "99999-01-01T00:00:00Z", "HR": 2}]}}"#),
        ("sml", b"<sml><DeviceLog><Samples><Sample><Time>1e300</Time><UTC>2024-05-01T07:00:00Z</UTC><HR>9e99</HR></Sample></Samples></DeviceLog></sml>"),
        ("moveslink", b"<MovesCount TimeZone='99999999'><Moves><Move><Samples><HR>1e308 -5 abc</HR></Samples><Header><Time>2024-05-01 07:00:00</Time><SampleRate>1e300</SampleRate><Duration>99:99:99:99:99</Duration></Header></Move></Moves></MovesCount>"),
        ("polar json", br#"{"exercises": [{"startTime": "2024-05-01T07:00:00", "timezoneOffset": 1e300, "duration": "PT1e400S",
            "samples": [{"type": "HEART_RATE", "intervalMillis": 1e300, "values": [NaN, Infinity, 1e308, 150]}],
            "laps": [{"duration": "PT99999999999999999999S"}]}]}"#),
        ("polar json, garbage", b"{\"exercises\": [NaN, NaNa, {\"samples\": {\"heartRate\": 5}}]}"),
        ("hrm", b"[Params]\nInterval=1e300\nSMode=1111111111111\n[HRData]\n1e308 5 5 5 5\nabc\n[IntTimes]\n99:99:99\n"),
    ];
    for (what, bytes) in cases {
        let r = ingest::read_bytes(bytes);
        assert_one_line(what, &r);
        for a in r.iter().flatten() {
            for s in &a.samples {
                assert!(
                    s.heart_rate_bpm.is_none_or(|h| (1.0..=300.0).contains(&h)),
                    "{what}: {s:?}"
                );
                assert!(s.t_s.is_none_or(f64::is_finite), "{what}: {s:?}");
            }
        }
    }
}
