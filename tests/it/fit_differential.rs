//! Our FIT decoder against fitparser (the oracle) on every FIT file we have, field by field,
//! plus hand-built files for the protocol rules the corpus does not exercise. What fitparser
//! gets wrong and how that is checked instead is listed in `fit_oracle.rs`.

#[path = "fit_oracle.rs"]
mod oracle;

use crate::corpus;
use oracle::Coverage;
use std::path::PathBuf;
use stridewise_fit::decode::{self as fit_decode, Damage, DamageKind, Decoder, Message};

/// Every FIT file of the corpus (by extension, any case) and of `sample_data/`.
fn fit_files() -> Vec<PathBuf> {
    let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let mut files: Vec<PathBuf> = corpus::files();
    if let Ok(rd) = std::fs::read_dir(&samples) {
        files.extend(rd.filter_map(|e| e.ok().map(|e| e.path())));
    }
    files.retain(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("fit")));
    files.sort();
    files
}

/// Files where fitparser stops before the end, with why; ours must decode at least as far.
const FITPARSER_STOPS: &[(&str, &str)] = &[
    (
        "empty-activities.fit",
        "file CRC mismatch after an empty first file",
    ),
    (
        "activity-settings-corruptheader.fit",
        "chained header with a bad signature",
    ),
    ("activity-activity-filecrc.fit", "file CRC mismatch"),
    ("activity-filecrc.fit", "file CRC mismatch"),
    ("activity-unexpected-eof.fit", "truncated"),
    ("activity-settings-nodata.fit", "truncated"),
    ("nick.fit", "truncated"),
    (
        "strava-android-app-201.10-b1218918.fit",
        "data message before its definition",
    ),
];

#[test]
fn our_decoder_agrees_with_fitparser_on_every_fit_file() {
    corpus::require!();
    let files = fit_files();
    let mut total = Coverage::default();
    let (mut compared, mut stopped) = (0, 0);
    let mut nonstandard = Vec::new();
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).expect("readable");
        let ours = oracle::ours(&bytes);
        if ours.summary.nonstandard > 0 {
            nonstandard.push(format!("{name} ({})", ours.summary.nonstandard));
        }
        let Ok(theirs) = std::panic::catch_unwind(|| oracle::oracle(&bytes)) else {
            failures.push(format!("{name}: fitparser panicked"));
            continue;
        };
        if let Some(e) = &theirs.error {
            stopped += 1;
            if !FITPARSER_STOPS.iter().any(|(f, _)| name.ends_with(f)) {
                failures.push(format!("{name}: fitparser stopped unexpectedly: {e}"));
            }
        }
        match oracle::compare(&ours, &theirs) {
            Ok(cov) => {
                compared += 1;
                total += cov;
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    eprintln!(
        "FIT differential: {compared} files ({stopped} where fitparser stops early, \
         nonstandard layouts in {nonstandard:?}), {} messages, {} field values, \
         {} compressed_speed_distance records ({} where fitparser's distance is wrong), \
         {} developer field values",
        total.messages,
        total.fields,
        total.compressed_records,
        total.fitparser_distance_wrong,
        total.developer_values
    );
    // The Stryd files (FR955 + Stryd, Stryd's own developer-types sample).
    assert!(
        total.developer_values >= 50_000,
        "only {} developer values",
        total.developer_values
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared >= 88, "only {compared} FIT files compared");
    assert!(
        total.messages >= 150_000,
        "only {} messages",
        total.messages
    );
    assert!(
        total.fields >= 1_000_000,
        "only {} field values",
        total.fields
    );
    // The FR70 file with a foot pod: fitparser's accumulation error is real and shows.
    assert!(total.compressed_records >= 500);
    assert!(total.fitparser_distance_wrong >= 400);
}

#[test]
fn the_compressed_speed_distance_run_matches_the_devices_own_total() {
    corpus::require!();
    // FIT_SESSIONS.tsv: the FR70 wrote total_distance for this session. Accumulated
    // correctly the record distance ends within a record of it; fitparser's sum of raw
    // values is off by orders of magnitude.
    let path =
        corpus::dir().join("dtcooper__python-fitparse/tests__files__compressed-speed-distance.fit");
    let bytes = std::fs::read(&path).expect("corpus file");
    let device: f64 = corpus::tsv("FIT_SESSIONS.tsv")
        .iter()
        .find(|r| r["local_path"].ends_with("compressed-speed-distance.fit"))
        .and_then(|r| corpus::num(r, "total_distance"))
        .expect("session row");
    let last = Decoder::new(&bytes)
        .filter_map(|m| match m {
            Message::Record(r) => r.distance_m,
            _ => None,
        })
        .last()
        .expect("records with distance");
    assert!(
        (last - device).abs() <= 5.0,
        "ours {last} vs device {device}"
    );
}

// -------------------------------------------------------------------------------------
// Hand-built files: protocol rules beside the corpus
// -------------------------------------------------------------------------------------

/// A FIT file: 14-byte header (with its CRC), `data`, file CRC.
fn fit(data: &[u8]) -> Vec<u8> {
    let mut out = vec![14, 0x20, 0x54, 0x08];
    out.extend_from_slice(&u32::try_from(data.len()).expect("small").to_le_bytes());
    out.extend_from_slice(b".FIT");
    let h = stridewise_fit::crc16(&out);
    out.extend_from_slice(&h.to_le_bytes());
    out.extend_from_slice(data);
    let c = stridewise_fit::crc16(&out);
    out.extend_from_slice(&c.to_le_bytes());
    out
}

/// A definition message: local type, big-endian?, global number, (field, size, base type).
fn def(local: u8, big: bool, global: u16, fields: &[(u8, u8, u8)]) -> Vec<u8> {
    let g = if big {
        global.to_be_bytes()
    } else {
        global.to_le_bytes()
    };
    let mut out = vec![0x40 | local, 0, u8::from(big), g[0], g[1]];
    out.push(u8::try_from(fields.len()).expect("few"));
    for (n, s, b) in fields {
        out.extend_from_slice(&[*n, *s, *b]);
    }
    out
}

fn decode(bytes: &[u8]) -> Vec<Message<'_>> {
    Decoder::new(bytes).collect()
}

fn records(bytes: &[u8]) -> Vec<fit_decode::Record> {
    decode(bytes)
        .into_iter()
        .filter_map(|m| match m {
            Message::Record(r) => Some(r),
            _ => None,
        })
        .collect()
}

const T0: u32 = 1_000_000_000; // 2021-09-09, FIT seconds

#[test]
fn compressed_timestamps_count_from_the_last_full_one_with_rollover() {
    // record: timestamp (u32) and heart_rate; then compressed headers (local 0) with
    // offsets that wrap past 31.
    let mut data = def(0, false, 20, &[(253, 4, 0x86), (3, 1, 0x02)]);
    data.push(0x00);
    data.extend_from_slice(&(T0 + 29).to_le_bytes()); // low 5 bits of T0+29: (T0 % 32) + 29
    data.push(120);
    let base = (T0 + 29) & 0x1F;
    let mut d2 = def(1, false, 20, &[(3, 1, 0x02)]);
    // Compressed header: bit 7, local type 1 in bits 5–6, offset in bits 0–4.
    for step in [1u32, 2, 5] {
        let offset = u8::try_from((base + step) & 0x1F).expect("5 bits");
        d2.push(0x80 | (1 << 5) | offset);
        d2.push(121);
    }
    data.extend_from_slice(&d2);
    let times: Vec<_> = records(&fit(&data))
        .iter()
        .map(|r| r.timestamp.map(|t| t - i64::from(T0)))
        .collect();
    assert_eq!(times, [Some(29), Some(30), Some(31), Some(34)]);
}

#[test]
fn big_endian_definitions_are_read_big_endian() {
    let mut data = def(0, true, 20, &[(253, 4, 0x86), (5, 4, 0x86), (73, 4, 0x86)]);
    data.push(0x00);
    data.extend_from_slice(&T0.to_be_bytes());
    data.extend_from_slice(&123_456u32.to_be_bytes()); // 1234.56 m
    data.extend_from_slice(&3_250u32.to_be_bytes()); // 3.25 m/s
    let r = records(&fit(&data));
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].timestamp, Some(i64::from(T0)));
    assert_eq!(r[0].distance_m, Some(1234.56));
    assert_eq!(r[0].speed_mps, Some(3.25));
}

#[test]
fn invalid_values_read_as_absent() {
    // heart_rate u8 0xFF, speed u16 0xFFFF, distance u32 0xFFFFFFFF, position sint32
    // 0x7FFFFFFF, a uint8z 0: all invalid (FIT SDK base type table).
    let mut data = def(
        0,
        false,
        20,
        &[
            (253, 4, 0x86),
            (3, 1, 0x02),
            (6, 2, 0x84),
            (5, 4, 0x86),
            (0, 4, 0x85),
            (4, 1, 0x0A),
        ],
    );
    data.push(0x00);
    data.extend_from_slice(&T0.to_le_bytes());
    data.push(0xFF);
    data.extend_from_slice(&[0xFF, 0xFF]);
    data.extend_from_slice(&[0xFF; 4]);
    data.extend_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    data.push(0);
    let r = records(&fit(&data));
    assert_eq!(
        r[0],
        fit_decode::Record {
            timestamp: Some(i64::from(T0)),
            ..fit_decode::Record::default()
        }
    );
}

#[test]
fn developer_fields_are_skipped_by_size_without_their_description() {
    // Definition with the developer-data flag (bit 5): one normal field, two developer
    // fields of 3 and 2 bytes; fitparser refuses this without a field_description.
    let mut data = vec![0x40 | 0x20, 0, 0, 20, 0, 1, 3, 1, 0x02, 2, 0, 3, 0, 1, 2, 0];
    data.extend_from_slice(&[0x00, 150, 9, 9, 9, 8, 8]);
    data.extend_from_slice(&[0x00, 151, 9, 9, 9, 8, 8]);
    let hr: Vec<_> = records(&fit(&data))
        .iter()
        .map(|r| r.heart_rate_bpm)
        .collect();
    assert_eq!(hr, [Some(150.0), Some(151.0)]);
}

#[test]
fn chained_files_are_read_in_turn_with_fresh_definitions() {
    let mut first = def(0, false, 20, &[(253, 4, 0x86), (3, 1, 0x02)]);
    first.push(0x00);
    first.extend_from_slice(&T0.to_le_bytes());
    first.push(100);
    let mut second = def(0, false, 20, &[(253, 4, 0x86), (4, 1, 0x02)]);
    second.push(0x00);
    second.extend_from_slice(&(T0 + 1).to_le_bytes());
    second.push(85);
    let mut bytes = fit(&first);
    bytes.extend_from_slice(&fit(&second));
    let mut d = Decoder::new(&bytes);
    let r: Vec<_> = d
        .by_ref()
        .filter_map(|m| match m {
            Message::Record(r) => Some((r.heart_rate_bpm, r.cadence)),
            _ => None,
        })
        .collect();
    assert_eq!(r, [(Some(100.0), None), (None, Some(85.0))]);
    assert_eq!(d.summary().files, 2);
}

#[test]
fn a_bad_file_crc_keeps_the_data_and_reports_where() {
    let mut data = def(0, false, 20, &[(253, 4, 0x86), (3, 1, 0x02)]);
    data.push(0x00);
    data.extend_from_slice(&T0.to_le_bytes());
    data.push(100);
    let mut bytes = fit(&data);
    let n = bytes.len();
    bytes[n - 1] ^= 0xFF;
    let out = decode(&bytes);
    assert!(matches!(out[0], Message::Record(_)));
    assert!(
        matches!(
            out[1],
            Message::Damage(Damage {
                at,
                what: DamageKind::FileCrc { .. }
            }) if at == n - 2
        ),
        "{out:?}"
    );
    assert_eq!(out.len(), 2);
}

#[test]
fn a_data_message_without_definition_is_damage() {
    let bytes = fit(&[0x03, 1, 2, 3]);
    assert_eq!(
        decode(&bytes),
        [Message::Damage(Damage {
            at: 14,
            what: DamageKind::MissingDefinition { local: 3 }
        })]
    );
}

#[test]
fn compressed_speed_distance_accumulates_across_the_12_bit_rollover() {
    // Distance component: 12 bits in 1/16 m, accumulated; speed: 12 bits in 1/100 m/s.
    let mut data = def(0, false, 20, &[(253, 4, 0x86), (8, 3, 0x0D)]);
    let mut expected = Vec::new();
    let mut total = 0u32;
    for i in 0..40u32 {
        total += 1000; // 62.5 m per record: the 12-bit value wraps every ~4 records
        let raw = total & 0xFFF;
        let speed = 250u32; // 2.5 m/s
        let bits = speed | (raw << 12);
        data.push(0x00);
        data.extend_from_slice(&(T0 + i).to_le_bytes());
        data.extend_from_slice(&bits.to_le_bytes()[..3]);
        expected.push(Some(f64::from(total) / 16.0));
    }
    let r = records(&fit(&data));
    let got: Vec<_> = r.iter().map(|r| r.distance_m).collect();
    assert_eq!(got, expected);
    assert!(r.iter().all(|r| r.speed_mps == Some(2.5)));
}

#[test]
fn misaligned_field_sizes_are_read_as_bytes_silently() {
    // COROS writes some u32 fields with size 1: read as one byte, no stderr output.
    let mut data = def(0, false, 20, &[(253, 4, 0x86), (5, 1, 0x86)]);
    data.push(0x00);
    data.extend_from_slice(&T0.to_le_bytes());
    data.push(200);
    let bytes = fit(&data);
    let mut d = Decoder::new(&bytes);
    let r: Vec<_> = d
        .by_ref()
        .filter_map(|m| match m {
            Message::Record(r) => Some(r.distance_m),
            _ => None,
        })
        .collect();
    assert_eq!(r, [Some(2.0)]);
    assert_eq!(d.summary().nonstandard, 0);
}

#[test]
fn a_message_past_the_data_size_is_damage_not_data() {
    // Found by the fit_differential fuzz target: a file_id whose definition makes the
    // data message longer than the data the header declares. fitparser decoded it when
    // the input went on past the CRC; the protocol says the data ends there.
    let mut data = def(0, false, 0, &[(0, 1, 0x00), (1, 2, 0x84), (254, 40, 0x00)]);
    data.extend_from_slice(&[0x00, 4, 1, 0]);
    let mut bytes = fit(&data);
    bytes.extend_from_slice(&[0; 40]);
    let out = decode(&bytes);
    assert_eq!(
        out,
        [Message::Damage(Damage {
            at: 14 + 15,
            what: DamageKind::PastDataEnd
        })]
    );
}

#[test]
fn a_field_defined_twice_is_nonstandard_and_its_last_definition_is_read() {
    // Found by the fit_differential fuzz target: session.total_descent defined as u32 and
    // again as u16 (invalid); fitparser keeps the last valid one, we read the last one,
    // and the input is flagged so the decoders are not compared on it.
    let mut data = def(0, false, 18, &[(23, 4, 0x86), (23, 2, 0x84)]);
    data.push(0x00);
    data.extend_from_slice(&120u32.to_le_bytes());
    data.extend_from_slice(&[0xFF, 0xFF]);
    let bytes = fit(&data);
    let mut d = Decoder::new(&bytes);
    let descent: Vec<_> = d
        .by_ref()
        .filter_map(|m| match m {
            Message::Session(s) => Some(s.total_descent_m),
            _ => None,
        })
        .collect();
    assert_eq!(descent, [None]);
    assert_eq!(d.summary().nonstandard, 1);
}

#[test]
fn a_header_size_below_12_is_not_a_fit_header() {
    // Found by the fit_differential fuzz target: fitparser decoded past a header whose
    // size byte says 4.
    let mut data = def(0, false, 0, &[(0, 1, 0x00)]);
    data.extend_from_slice(&[0x00, 4]);
    let mut bytes = fit(&data);
    bytes[0] = 4;
    assert_eq!(
        decode(&bytes),
        [Message::Damage(Damage {
            at: 0,
            what: DamageKind::NotFit
        })]
    );
}

/// A `field_description` (206) message: local type 1, developer data index 0, base type
/// `uint16`, `scale`, and `native_mesg_num` = record with `native_field_num` when given.
fn field_description(
    number: u8,
    name: &str,
    units: &str,
    scale: u8,
    native: Option<u8>,
) -> Vec<u8> {
    let mut name = name.as_bytes().to_vec();
    name.push(0);
    let mut units = units.as_bytes().to_vec();
    units.push(0);
    let n = u8::try_from(name.len()).expect("short");
    let u = u8::try_from(units.len()).expect("short");
    let mut fields = vec![
        (0, 1, 0x02),
        (1, 1, 0x02),
        (2, 1, 0x02),
        (3, n, 0x07),
        (6, 1, 0x02),
        (8, u, 0x07),
    ];
    if native.is_some() {
        fields.extend([(14, 2, 0x84), (15, 1, 0x02)]);
    }
    let mut out = def(1, false, 206, &fields);
    out.extend_from_slice(&[0x01, 0, number, 0x84]);
    out.extend_from_slice(&name);
    out.push(scale);
    out.extend_from_slice(&units);
    if let Some(f) = native {
        out.extend_from_slice(&20u16.to_le_bytes());
        out.push(f);
    }
    out
}

/// A record definition (local 0) with the developer-data flag: timestamp and native
/// `stance_time` (41), then developer fields 2 and 0 of 2 bytes each (index 0).
fn record_with_developer_fields() -> Vec<u8> {
    let mut d = def(0, false, 20, &[(253, 4, 0x86), (41, 2, 0x84)]);
    d[0] |= 0x20;
    d.extend_from_slice(&[2, 2, 2, 0, 0, 2, 0]);
    d
}

fn developer_record(t: u32, stance: u16, dev_stance: u16, power: u16) -> Vec<u8> {
    let mut m = vec![0x00];
    m.extend_from_slice(&t.to_le_bytes());
    m.extend_from_slice(&stance.to_le_bytes());
    m.extend_from_slice(&dev_stance.to_le_bytes());
    m.extend_from_slice(&power.to_le_bytes());
    m
}

/// Stryd-like: "Ground Time" stands for `stance_time` (41) with its own scale of 10;
/// "Power" in watts has no native number.
fn stryd_like_file() -> Vec<u8> {
    let mut data = field_description(2, "Ground Time", "ms", 10, Some(41));
    data.extend(field_description(0, "Power", "Watts", 1, None));
    data.extend(record_with_developer_fields());
    // Native stance time present (250.0 ms): it stays.
    data.extend(developer_record(T0, 2500, 2345, 280));
    // Native absent: the developer value (234.5 ms) fills it.
    data.extend(developer_record(T0 + 1, 0xFFFF, 2345, 281));
    // Both absent.
    data.extend(developer_record(T0 + 2, 0xFFFF, 0xFFFF, 0xFFFF));
    fit(&data)
}

#[test]
fn developer_fields_are_decoded_with_their_descriptions_scale() {
    let bytes = stryd_like_file();
    let out = decode(&bytes);
    let names: Vec<_> = out
        .iter()
        .filter_map(|m| match m {
            Message::FieldDescription(d) => Some((
                d.field_number,
                d.name_text(),
                d.units_text(),
                d.native_field_num,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        names,
        [
            (2, "Ground Time".to_string(), "ms".to_string(), Some(41)),
            (0, "Power".to_string(), "Watts".to_string(), None)
        ]
    );
    let r = records(&bytes);
    let mut d = Decoder::new(&bytes);
    let mut dev: Vec<Vec<(u8, Option<u8>, f64)>> = Vec::new();
    while let Some(m) = d.next() {
        let values = d.developer_values().iter();
        match m {
            Message::Record(_) => {
                dev.push(
                    values
                        .map(|d| (d.field_number, d.native_field, d.value))
                        .collect(),
                );
            }
            _ => assert_eq!(
                values.len(),
                0,
                "{m:?} after a record has no developer values"
            ),
        }
    }
    assert_eq!(
        dev,
        [
            vec![(2, Some(41), 234.5), (0, None, 280.0)],
            vec![(2, Some(41), 234.5), (0, None, 281.0)],
            vec![]
        ]
    );
    // The decoder hands out the native fields as stored; filling is the reader's.
    assert_eq!(r[0].stance_time_ms, Some(250.0));
    assert_eq!(r[1].stance_time_ms, None);
    // Cut anywhere, the damage (or file end) that follows a record with developer values
    // carries none of them.
    for len in 0..bytes.len() {
        let mut d = Decoder::new(&bytes[..len]);
        while let Some(m) = d.next() {
            if !matches!(m, Message::Record(_)) {
                assert!(d.developer_values().is_empty(), "{len} bytes: {m:?}");
            }
        }
    }
}

#[test]
fn a_developer_field_never_mixes_with_a_native_channel() {
    let acts = stridewise::ingest::fit::read(&stryd_like_file()).expect("reads");
    let a = &acts[0];
    let stance: Vec<_> = a.samples.iter().map(|s| s.stance_time_ms).collect();
    // The first record's stance time is the watch's own: the pod's value on the second
    // record is not mixed into that channel (one sensor per channel); the third record
    // holds only its timestamp and is left out (issue 12 item 3).
    assert_eq!(stance, [Some(250.0), None]);
    // "Power" in watts is the sample's power.
    let power: Vec<_> = a.samples.iter().map(|s| s.power_w).collect();
    assert_eq!(power, [Some(280.0), Some(281.0)]);
    // Both were used for fields we read: nothing is left to keep by name.
    assert!(a.samples.iter().all(|s| s.developer.is_empty()));
}

#[test]
fn a_developer_field_without_a_native_number_is_kept_by_name() {
    let mut data = field_description(2, "Leg Spring Stiffness", "kN/m", 100, None);
    data.extend(field_description(0, "Form Power", "Watts", 1, None));
    data.extend(record_with_developer_fields());
    data.extend(developer_record(T0, 0xFFFF, 950, 70));
    let acts = stridewise::ingest::fit::read(&fit(&data)).expect("reads");
    let a = &acts[0];
    let names: Vec<_> = a
        .developer_fields
        .iter()
        .map(|f| (f.name.as_str(), f.units.as_str()))
        .collect();
    assert_eq!(
        names,
        [("Leg Spring Stiffness", "kN/m"), ("Form Power", "Watts")]
    );
    let s = &a.samples[0];
    assert_eq!(&*s.developer, &[(0, 9.5), (1, 70.0)]);
    assert_eq!((s.stance_time_ms, s.power_w), (None, None));
}

/// Issue 15 item 13: a second chained file after garbage was dropped.
#[test]
fn chained_files_with_garbage_between_are_both_read() {
    let one = |t: u32, hr: u8| {
        let mut d = def(0, false, 20, &[(253, 4, 0x86), (3, 1, 0x02)]);
        d.push(0x00);
        d.extend_from_slice(&t.to_le_bytes());
        d.push(hr);
        fit(&d)
    };
    // Garbage that holds a fake signature with an impossible data size.
    let mut garbage = b"\0\0junk".to_vec();
    garbage.extend_from_slice(&[12, 0x20, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F]);
    garbage.extend_from_slice(b".FIT more junk");
    let mut bytes = one(T0, 100);
    bytes.extend_from_slice(&garbage);
    bytes.extend(one(T0 + 1, 101));
    let mut d = Decoder::new(&bytes);
    let hr: Vec<_> = d
        .by_ref()
        .filter_map(|m| match m {
            Message::Record(r) => r.heart_rate_bpm,
            Message::Damage(x) => panic!("{x}"),
            _ => None,
        })
        .collect();
    assert_eq!(hr, [100.0, 101.0]);
    assert_eq!(d.summary().files, 2);
    assert_eq!(d.summary().skipped_bytes, garbage.len());
    let a = stridewise::ingest::fit::read(&bytes)
        .expect("reads")
        .remove(0);
    assert_eq!(a.samples.len(), 2);
    assert!(
        a.notes.iter().any(|n| n
            == &format!(
                "skipped {} bytes of garbage between chained FIT files",
                garbage.len()
            )),
        "{:?}",
        a.notes
    );
}
