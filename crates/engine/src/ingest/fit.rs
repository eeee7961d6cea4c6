//! FIT reader on top of our own decoder ([`stridewise_fit::decode`]).
//!
//! This is the only module that sees FIT message contents and vendor units:
//! * running cadence: steps/min = 2 × (`cadence` + `fractional_cadence` / 128)
//!   (FIT SDK profile, `record.cadence` is strides/min for running; docs/METHODS.md).
//!   The decoder applies the profile's scale of 128 to `fractional_cadence`, so the
//!   decoded fraction is added as is;
//! * `enhanced_speed`/`enhanced_altitude` first, plain fields as fallback (the decoder
//!   resolves this per the profile's components, FIT SDK);
//! * positions in semicircles: degrees = semicircles × 180 / 2³¹ (FIT SDK);
//! * timestamps: FIT seconds since 1989-12-31T00:00:00Z, turned into UTC at once, so the
//!   output never depends on the machine's time zone.
//!
//! Damage: the decoder hands out messages one by one, so a file that breaks part-way (bad
//! CRC, truncated, garbage after a point) keeps every message decoded before the damage,
//! with a note saying what was lost. The decoder cannot panic by construction; the
//! caller ([`super::read_bytes`]) still contains panics per file.

use super::IngestError;
use crate::model::{
    Activity, CadenceSource, DeveloperField, Device, DeviceSummary, Format, Lap, LapIntensity,
    Pause, Sample, Sport,
};
use crate::units::{MetersPerSecond, StepsPerMin, StridesPerMin};
use chrono::{DateTime, Utc};
use stridewise_fit::decode::{self, Decoder, DevValue, EnumType, Message};

/// Altitudes taken as real, in metres: above the −500 m placeholder and the Dead Sea
/// shore (−430 m), below 9 000 m.
const ALTITUDE_M: std::ops::Range<f64> = -450.0..9000.0;

/// Degrees per FIT semicircle: 180 / 2³¹ (FIT SDK, "position_lat" units).
const DEG_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;

/// Everything we keep from the message stream, before sessions are split out.
#[derive(Default)]
struct Stream {
    file_type: Option<String>,
    device: Device,
    records: Vec<RawRecord>,
    /// Timer events: (time, started?).
    timer_events: Vec<(DateTime<Utc>, bool)>,
    sessions: Vec<SessionMsg>,
    laps: Vec<LapMsg>,
    sport_msg: Option<(String, Option<String>)>,
    notes: Vec<String>,
    /// Every timestamp is device-relative: the real start date is unknown.
    relative_times: bool,
    /// Developer fields kept by name (see [`DevFields`]).
    dev: DevFields,
    /// Channels ([`channel_bit`]) some record carries natively.
    native_seen: u16,
    /// The `activity` message's `total_timer_time` (seconds, over every session).
    activity_timer_s: Option<f64>,
    /// The local time's offset from UTC, seconds, from `activity.local_timestamp`.
    local_offset_s: Option<i32>,
    /// Records that held only a timestamp, left out as they were decoded.
    empty_records: usize,
}

#[derive(Default, Clone)]
struct SessionMsg {
    sport: Option<String>,
    sub_sport: Option<String>,
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    summary: DeviceSummary,
    avg_cadence_strides: Option<f64>,
    avg_fractional: Option<f64>,
}

/// A record before its session's sport is known: cadence is still in the file's unit.
struct RawRecord {
    /// Unix seconds, inside chrono's range ([`unix_time`]): kept as a number, not a
    /// `DateTime`, as every FIT time is a whole second; building a `DateTime` (a calendar
    /// date) for every record and taking its seconds back for every sample cost 2% of a
    /// folder review (issue 24).
    time: i64,
    sample: Sample,
    /// `cadence` + `fractional_cadence` / 128 (already scaled): strides/min when running, rpm on a bike.
    cadence_raw: Option<f64>,
    /// Channels ([`channel_bit`]) this record took from a developer field.
    dev_filled: u16,
}

struct LapMsg {
    start: Option<DateTime<Utc>>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    intensity: Option<LapIntensity>,
}

/// Decode a FIT file (possibly chained) into one activity per session.
///
/// # Errors
/// [`IngestError::Damaged`] when nothing usable precedes the damage,
/// [`IngestError::NotAnActivity`] for course, settings, monitoring, workout files or
/// files with no records and no sessions.
pub fn read(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    let stream = decode_stream(bytes)?;
    build_activities(stream)
}

pub(crate) use super::MAX_TIMER_EVENTS;
pub use super::{MAX_LAPS, MAX_SESSIONS};

/// How many messages of each kind the file holds, counted while it is decoded, so that a
/// hostile file is refused with its true counts and costs no memory past the caps: once
/// one kind is over its cap nothing more is stored and the rest is only counted.
#[derive(Default)]
struct Counts {
    records: usize,
    sessions: usize,
    laps: usize,
    timer_events: usize,
}

impl Counts {
    fn over(&self) -> bool {
        self.records > super::MAX_SAMPLES
            || self.sessions > MAX_SESSIONS
            || self.laps > MAX_LAPS
            || self.timer_events > MAX_TIMER_EVENTS
    }

    /// One line naming the first kind over its cap.
    fn check(&self) -> Result<(), IngestError> {
        for (n, cap, what) in [
            (self.records, super::MAX_SAMPLES, "record"),
            (self.sessions, MAX_SESSIONS, "session"),
            (self.laps, MAX_LAPS, "lap"),
            (self.timer_events, MAX_TIMER_EVENTS, "timer event"),
        ] {
            if n > cap {
                return Err(IngestError::TooLarge(format!(
                    "{n} {what} messages, more than the {cap} supported"
                )));
            }
        }
        Ok(())
    }
}

thread_local! {
    /// The worker's list of records as read (see `scratch`).
    static RECORDS: std::cell::RefCell<Vec<RawRecord>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Bytes per record message assumed to reserve the records' list (see [`decode_stream`]).
const RECORD_BYTES_ESTIMATE: usize = 20;

fn decode_stream(bytes: &[u8]) -> Result<Stream, IngestError> {
    // One pass: records that hold nothing are never stored (a file of two million empty
    // records costs little), and the lists grow as read, each bounded by its cap. The
    // records' list starts at a size the bytes allow (a record with a timestamp and a few
    // fields takes 20 bytes or more), so a typical file never moves it; the untouched
    // part of a larger reservation is address space, not memory.
    // The list is the worker's kept one when it is big enough (see `scratch`).
    let mut counts = Counts::default();
    let want = (bytes.len() / RECORD_BYTES_ESTIMATE).min(super::MAX_SAMPLES);
    let mut records = super::scratch::take(&RECORDS);
    if records.capacity() < want {
        records = Vec::with_capacity(want);
    }
    let mut stream = Stream {
        records,
        ..Stream::default()
    };
    let mut decoder = Decoder::new(bytes);
    loop {
        // Matched where the decoder returned it, not moved into a binding first: a
        // message is a few hundred bytes (issue 24).
        let next = decoder.next();
        let Some(msg) = &next else {
            break;
        };
        match msg {
            Message::Record(_) => counts.records += 1,
            Message::Session(_) => counts.sessions += 1,
            Message::Lap(_) => counts.laps += 1,
            Message::Event(e) if e.event == Some(0) => counts.timer_events += 1,
            _ => {}
        }
        if counts.over() {
            continue;
        }
        match msg {
            Message::FileId(m) => stream.take_file_id(m),
            Message::Record(m) => {
                let values = decoder.developer_values();
                if let Some(r) = record(m, values, &stream.dev, &mut stream.native_seen) {
                    if r.cadence_raw.is_some() || sample_has_data(&r.sample) {
                        stream.records.push(r);
                    } else {
                        stream.empty_records += 1;
                    }
                }
            }
            Message::FieldDescription(d) => stream.dev.describe(d),
            Message::Event(m) => stream.take_event(m),
            Message::Session(m) => stream.sessions.push(session(m)),
            Message::Activity(m) => {
                stream.activity_timer_s = m.total_timer_time_s.or(stream.activity_timer_s);
                if let (Some(utc), Some(local)) = (m.timestamp, m.local_timestamp) {
                    stream.local_offset_s =
                        super::local_time::offset_from_local(utc, local).or(stream.local_offset_s);
                }
            }
            Message::Lap(m) => stream.laps.push(LapMsg {
                start: m.start_time.and_then(time),
                timer_s: m.total_timer_time_s,
                distance_m: m.total_distance_m,
                intensity: m.intensity.map(LapIntensity::from_fit),
            }),
            Message::Sport(m) => {
                if let Some(s) = m.sport {
                    stream.sport_msg = Some((
                        EnumType::Sport.label(s).to_string(),
                        m.sub_sport.map(|v| EnumType::SubSport.label(v).to_string()),
                    ));
                }
            }
            Message::Damage(d) => {
                let summary = decoder.summary();
                if summary.files == 0 {
                    return Err(IngestError::Damaged(format!(
                        "not a readable FIT header ({})",
                        d.what
                    )));
                }
                stream.damage(d.at, &d.what.to_string(), summary.data_messages);
            }
        }
    }
    counts.check()?;
    let skipped = decoder.summary().skipped_bytes;
    if skipped > 0 {
        stream.notes.push(format!(
            "skipped {skipped} bytes of garbage between chained FIT files"
        ));
    }
    Ok(stream)
}

/// Developer fields of a file by (`developer_data_index`, `field_definition_number`),
/// named by their `field_description` (FIT SDK "Developer Data"). A chained file may
/// reuse a key for another field: the latest description of a key wins for the records
/// after it, and the earlier entry stays for the samples that refer to it.
#[derive(Default)]
struct DevFields {
    fields: Vec<DevField>,
}

struct DevField {
    key: (u8, u8),
    named: DeveloperField,
    /// `native_field_num` of a `record` field this one stands for, when its units can be
    /// converted to the native field's ([`to_native_factor`]).
    native: Option<u8>,
    /// Multiplier from the field's declared units to the native field's.
    factor: f64,
    /// Named "Power" in watts (Stryd and others without a native number): carried as
    /// the sample's `power_w`.
    power: bool,
}

/// Most developer field entries kept per file (names of 255 bytes at most each).
const MAX_DEV_FIELDS: usize = 256;

impl DevFields {
    fn describe(&mut self, d: &decode::FieldDescription<'_>) {
        let key = (d.developer_data_index, d.field_number);
        let named = DeveloperField {
            name: d.name_text(),
            units: d.units_text(),
        };
        let native_factor = d
            .native_field_num
            .filter(|_| d.native_mesg_num == Some(20))
            .and_then(|n| Some((n, to_native_factor(n, &named.units)?)));
        let native = native_factor.map(|(n, _)| n);
        let factor = native_factor.map_or(1.0, |(_, f)| f);
        if self
            .latest(key)
            .is_some_and(|(_, f)| f.named == named && f.native == native)
        {
            return;
        }
        if self.fields.len() >= MAX_DEV_FIELDS {
            return;
        }
        let power = named.name.trim().eq_ignore_ascii_case("power")
            && matches!(
                named.units.trim().to_ascii_lowercase().as_str(),
                "watts" | "watt" | "w"
            );
        self.fields.push(DevField {
            key,
            named,
            native,
            factor,
            power,
        });
    }

    fn latest(&self, key: (u8, u8)) -> Option<(usize, &DevField)> {
        self.fields
            .iter()
            .enumerate()
            .rev()
            .find(|(_, f)| f.key == key)
    }
}

impl Stream {
    fn damage(&mut self, at: usize, what: &str, messages: usize) {
        if messages == 0 {
            self.notes.push(format!("damaged at byte {at}: {what}"));
        } else {
            self.notes.push(format!(
                "damaged at byte {at} ({what}): kept the {messages} messages before the damage"
            ));
        }
    }

    fn take_file_id(&mut self, m: &decode::FileId<'_>) {
        // A chained file repeats file_id; the first one describes the recording device.
        if self.file_type.is_some() {
            return;
        }
        self.file_type = m.file_type.map(|t| EnumType::File.label(t).to_string());
        self.device.manufacturer = m
            .manufacturer
            .map(|v| EnumType::Manufacturer.label(v).to_string());
        self.device.product = m
            .product_name_text()
            .or_else(|| m.product_label().map(|l| l.to_string()));
    }

    fn take_event(&mut self, m: &decode::Event) {
        // event = timer (0); event_type start (0), stop (1), stop_all (4), stop_disable (8),
        // stop_disable_all (9) (FIT SDK profile, types `event` and `event_type`).
        if m.event != Some(0) {
            return;
        }
        let Some(ts) = m.timestamp.and_then(time) else {
            return;
        };
        match m.event_type {
            Some(0) => self.timer_events.push((ts, true)),
            Some(1 | 4 | 8 | 9) => self.timer_events.push((ts, false)),
            _ => {}
        }
    }
}

/// Developer fields that stand for a native `record` field (their `field_description`
/// has `native_mesg_num` = 20 and a `native_field_num`) fill that field where the record
/// has no native value; a native value is never overridden. The value is the developer
/// field's own, after its description's scale and offset (FIT SDK `DeveloperField`;
/// `Mesg::GetOverrideField` returns the native field, then the developer fields naming
/// it), converted from its declared units to the native field's ([`to_native_factor`]):
/// Stryd declares vertical oscillation in centimetres where the native field is in
/// millimetres. A field whose units cannot be converted is kept by name instead.
/// Filled: altitude (2, 78), heart rate (3), cadence (4), distance (5), speed (6, 73),
/// power (7), vertical oscillation (39), stance time (41), fractional cadence (53),
/// vertical ratio (83), stance time balance (84), step length (85). A field named "Power"
/// in watts without a native number fills `power` likewise (Stryd writes its power so).
/// Returns the channels filled ([`channel_bit`]).
fn fill_from_developer(m: &mut decode::Record, values: &[DevValue], dev: &DevFields) -> u16 {
    let mut filled = 0;
    for d in values {
        let Some((_, field)) = dev.latest((d.developer_data_index, d.field_number)) else {
            continue;
        };
        let native = match field.native {
            Some(n) => n,
            None if field.power => 7,
            None => continue,
        };
        let slot = match native {
            2 | 78 => &mut m.altitude_m,
            3 => &mut m.heart_rate_bpm,
            4 => &mut m.cadence,
            5 => &mut m.distance_m,
            6 | 73 => &mut m.speed_mps,
            7 => &mut m.power_w,
            39 => &mut m.vertical_oscillation_mm,
            41 => &mut m.stance_time_ms,
            53 => &mut m.fractional_cadence,
            83 => &mut m.vertical_ratio_pct,
            84 => &mut m.stance_time_balance_pct,
            85 => &mut m.step_length_mm,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(d.value * field.factor);
            filled |= channel_bit(native);
        }
    }
    filled
}

/// One bit per record channel a developer field can fill (the native field numbers of
/// [`fill_from_developer`]); 0 for any other number.
fn channel_bit(native: u8) -> u16 {
    match native {
        2 | 78 => 1,
        3 => 1 << 1,
        4 | 53 => 1 << 2,
        5 => 1 << 3,
        6 | 73 => 1 << 4,
        7 => 1 << 5,
        39 => 1 << 6,
        41 => 1 << 7,
        83 => 1 << 8,
        84 => 1 << 9,
        85 => 1 << 10,
        _ => 0,
    }
}

/// The channels a record carries natively (before any developer field fills it).
fn native_channels(m: &decode::Record) -> u16 {
    // Written out, not folded over an array: this runs for every record (issue 24).
    let bit = |present: bool, native: u8| if present { channel_bit(native) } else { 0 };
    bit(m.altitude_m.is_some(), 2)
        | bit(m.heart_rate_bpm.is_some(), 3)
        | bit(m.cadence.is_some(), 4)
        | bit(m.distance_m.is_some(), 5)
        | bit(m.speed_mps.is_some(), 6)
        | bit(m.power_w.is_some(), 7)
        | bit(m.vertical_oscillation_mm.is_some(), 39)
        | bit(m.stance_time_ms.is_some(), 41)
        | bit(m.vertical_ratio_pct.is_some(), 83)
        | bit(m.stance_time_balance_pct.is_some(), 84)
        | bit(m.step_length_mm.is_some(), 85)
}

/// Multiplier from a developer field's declared units to the units of the native record
/// field it stands for (FIT profile: altitude and distance m, speed m/s, heart rate bpm,
/// cadence rpm (strides/min when running), power W, vertical oscillation and step length
/// mm, stance time ms, vertical ratio and balance %). Empty units are taken to be the
/// native ones; units that cannot be converted give `None`.
fn to_native_factor(native: u8, units: &str) -> Option<f64> {
    let u = units.trim().to_ascii_lowercase();
    let u = u.as_str();
    match native {
        39 | 85 => match u {
            "" | "mm" | "millimeters" | "millimetres" => Some(1.0),
            "cm" | "centimeters" | "centimetres" => Some(10.0),
            "m" | "meters" | "metres" => Some(1000.0),
            _ => None,
        },
        41 => match u {
            "" | "ms" | "milliseconds" => Some(1.0),
            "s" | "seconds" => Some(1000.0),
            _ => None,
        },
        2 | 78 | 5 => match u {
            "" | "m" | "meters" | "metres" => Some(1.0),
            "km" | "kilometers" | "kilometres" => Some(1000.0),
            "ft" | "feet" => Some(0.3048),
            _ => None,
        },
        6 | 73 => match u {
            "" | "m/s" | "mps" => Some(1.0),
            "km/h" | "kph" => Some(1.0 / 3.6),
            _ => None,
        },
        7 => matches!(u, "" | "w" | "watt" | "watts").then_some(1.0),
        3 => matches!(u, "" | "bpm").then_some(1.0),
        4 | 53 => match u {
            "" | "rpm" | "strides/min" => Some(1.0),
            "spm" | "steps/min" => Some(0.5),
            _ => None,
        },
        83 | 84 => matches!(u, "" | "%" | "percent").then_some(1.0),
        _ => None,
    }
}

/// A developer field fills a channel only in a file whose records never carry that
/// channel natively: a watch with running dynamics and a foot pod measure ground contact
/// differently (the corpus's Stryd files read 240 ms by pod against the watch's 271 ms), and
/// one average over both sensors would match neither.
fn unfill_mixed_channels(st: &mut Stream) {
    let mixed = st.native_seen;
    for r in &mut st.records {
        let clear = r.dev_filled & mixed;
        if clear == 0 {
            continue;
        }
        let s = &mut r.sample;
        for (bit, native) in [(2u8, 0), (3, 1), (4, 2), (5, 3), (6, 4), (7, 5)]
            .into_iter()
            .chain([(39, 6), (41, 7), (83, 8), (84, 9), (85, 10)])
            .map(|(n, b)| (1u16 << b, n))
        {
            if clear & bit == 0 {
                continue;
            }
            match native {
                2 => s.altitude_m = None,
                3 => s.heart_rate_bpm = None,
                4 => r.cadence_raw = None,
                5 => s.distance_m = None,
                6 => s.speed = None,
                7 => s.power_w = None,
                39 => s.vertical_oscillation_mm = None,
                41 => s.stance_time_ms = None,
                83 => s.vertical_ratio_pct = None,
                84 => s.stance_balance_left_pct = None,
                _ => s.step_length_mm = None,
            }
        }
        r.dev_filled &= !clear;
    }
}

/// The developer values that stand for no field we read, by index into `dev`.
fn other_developer_values(values: &[DevValue], dev: &DevFields) -> Box<[(u16, f32)]> {
    // Gathered on the stack and boxed at their exact size: one allocation per record
    // (collecting grows a vector and shrinks it again, up to three; issue 24).
    let mut kept = [(0u16, 0f32); decode::MAX_DEV_SLOTS];
    let mut n = 0;
    for d in values.iter().filter(|d| d.native_field.is_none()) {
        let Some((i, f)) = dev.latest((d.developer_data_index, d.field_number)) else {
            continue;
        };
        if f.power || f.native.is_some() {
            continue;
        }
        let (Ok(i), Some(slot)) = (u16::try_from(i), kept.get_mut(n)) else {
            continue;
        };
        #[allow(clippy::cast_possible_truncation)] // kept as f32 to keep samples small
        {
            *slot = (i, d.value as f32);
        }
        n += 1;
    }
    kept.get(..n).unwrap_or_default().into()
}

/// A record as read; `values` are its developer values ([`Decoder::developer_values`]).
fn record(
    m: &decode::Record,
    values: &[DevValue],
    dev: &DevFields,
    native_seen: &mut u16,
) -> Option<RawRecord> {
    let ts = m.timestamp.and_then(unix_time)?;
    *native_seen |= native_channels(m);
    let (developer, dev_filled, filled);
    let m = if values.is_empty() {
        // Most records: nothing to fill, no copy of the record.
        (developer, dev_filled) = (Box::default(), 0);
        m
    } else {
        developer = other_developer_values(values, dev);
        let mut f = *m;
        dev_filled = fill_from_developer(&mut f, values, dev);
        filled = f;
        &filled
    };
    let mut s = Sample {
        distance_m: m.distance_m,
        heart_rate_bpm: m.heart_rate_bpm.filter(|h| *h > 0.0 && *h < 255.0),
        stance_time_ms: m.stance_time_ms.filter(|x| *x > 0.0),
        stance_balance_left_pct: m.stance_time_balance_pct.filter(|x| *x > 0.0),
        vertical_oscillation_mm: m.vertical_oscillation_mm.filter(|x| *x > 0.0),
        vertical_ratio_pct: m.vertical_ratio_pct.filter(|x| *x > 0.0),
        step_length_mm: m.step_length_mm.filter(|x| *x > 0.0),
        power_w: m
            .power_w
            .filter(|x| x.is_finite() && *x >= 0.0 && *x < 10_000.0),
        developer,
        ..Sample::default()
    };
    if let (Some(la), Some(lo)) = (m.position_lat, m.position_long) {
        let (la, lo) = (la * DEG_PER_SEMICIRCLE, lo * DEG_PER_SEMICIRCLE);
        // (0, 0) is what some devices write before a fix.
        if la.abs() <= 90.0 && lo.abs() <= 180.0 && (la != 0.0 || lo != 0.0) {
            s.lat_deg = Some(la);
            s.lon_deg = Some(lo);
        }
    }
    s.speed = m
        .speed_mps
        .filter(|v| super::xml::SPEED_RANGE.contains(v))
        .map(MetersPerSecond);
    // Raw 0 with the profile's 500 m offset (−500 m) is what some watches write before a
    // fix, and no land lies below the Dead Sea shore (−430 m): both are missing altitude.
    // The base types' invalid values never reach here (the decoder drops them).
    s.altitude_m = m
        .altitude_m
        .filter(|a| a.is_finite() && ALTITUDE_M.contains(a));
    // The same plausibility range as the XML readers: a damaged field can claim 10¹¹ km.
    s.distance_m = s
        .distance_m
        .filter(|d| super::xml::DISTANCE_RANGE.contains(d));
    Some(RawRecord {
        time: ts,
        sample: s,
        // The decoder has already divided the fraction by its profile scale (128).
        cadence_raw: m.cadence.map(|c| c + m.fractional_cadence.unwrap_or(0.0)),
        dev_filled,
    })
}

fn session(m: &decode::Session) -> SessionMsg {
    let summary = DeviceSummary {
        distance_m: m.total_distance_m,
        timer_s: m.total_timer_time_s,
        elapsed_s: m.total_elapsed_time_s,
        ascent_m: m.total_ascent_m,
        descent_m: m.total_descent_m,
        avg_heart_rate_bpm: m.avg_heart_rate_bpm.filter(|h| *h > 0.0),
        avg_speed_mps: m.avg_speed_mps,
        avg_stance_time_ms: m.avg_stance_time_ms.filter(|x| *x > 0.0),
        avg_vertical_oscillation_mm: m.avg_vertical_oscillation_mm.filter(|x| *x > 0.0),
        avg_step_length_mm: m.avg_step_length_mm.filter(|x| *x > 0.0),
        avg_vertical_ratio_pct: m.avg_vertical_ratio_pct.filter(|x| *x > 0.0),
        ..DeviceSummary::default()
    };
    let start = m.start_time.and_then(time);
    let mut end = m.timestamp.and_then(time);
    // Checked: a damaged file's elapsed time (any base type the definition declares) can be
    // past chrono's range, and `DateTime + TimeDelta` panics there (found by fuzzing).
    let by_elapsed = start.zip(summary.elapsed_s).and_then(|(start, el)| {
        // `as` saturates (NaN → 0); out-of-range milliseconds are refused just below.
        #[allow(clippy::cast_possible_truncation)]
        let ms = (el * 1000.0) as i64;
        chrono::Duration::try_milliseconds(ms).and_then(|d| start.checked_add_signed(d))
    });
    if let Some(by_elapsed) = by_elapsed {
        end = Some(end.map_or(by_elapsed, |e| e.max(by_elapsed)));
    }
    SessionMsg {
        sport: m.sport.map(|v| EnumType::Sport.label(v).to_string()),
        sub_sport: m.sub_sport.map(|v| EnumType::SubSport.label(v).to_string()),
        start,
        end,
        summary,
        avg_cadence_strides: m.avg_cadence,
        avg_fractional: m.avg_fractional_cadence,
    }
}

/// A FIT `date_time` (seconds since 1989-12-31T00:00:00Z) as UTC; `None` when out of
/// chrono's range.
fn time(fit_seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp(decode::unix_seconds(fit_seconds)?, 0)
}

/// Unix seconds of the instants chrono can hold: `DateTime::from_timestamp(s, 0)` is
/// `Some` exactly for `s` in this range (its first and last whole seconds).
const UNIX_RANGE: std::ops::RangeInclusive<i64> =
    DateTime::<Utc>::MIN_UTC.timestamp()..=DateTime::<Utc>::MAX_UTC.timestamp();

/// [`time`] as Unix seconds, without building the date: `Some(t)` exactly when `time`
/// gives `Some` of the instant `t` (`unix_time_is_time` checks it).
fn unix_time(fit_seconds: i64) -> Option<i64> {
    decode::unix_seconds(fit_seconds).filter(|t| UNIX_RANGE.contains(t))
}

/// The instant of a record's time ([`unix_time`]: always inside chrono's range).
fn instant(t: i64) -> Option<DateTime<Utc>> {
    DateTime::<Utc>::from_timestamp(t, 0)
}

/// The first whole second at or after `t` (Unix seconds): a record's time is at or after
/// `t` exactly when it is at or after this.
fn first_second_from(t: DateTime<Utc>) -> i64 {
    t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0)
}

/// Milliseconds from `s` to the record time `t` (Unix seconds), the number
/// `elapsed::milliseconds(instant(t), s)` gives: `t` is a whole second, so from a whole
/// second `s` it is the seconds between them times 1000 (both lie in chrono's range: no
/// overflow); any other `s` goes through the instant.
fn milliseconds_to(t: i64, s: DateTime<Utc>) -> i64 {
    if s.timestamp_subsec_nanos() == 0 {
        (t - s.timestamp()) * 1000
    } else {
        instant(t).map_or(0, |t| super::elapsed::milliseconds(t, s))
    }
}

fn build_activities(mut st: Stream) -> Result<Vec<Activity>, IngestError> {
    if let Some(t) = st.file_type.as_deref() {
        if !matches!(t, "activity") && st.records.is_empty() {
            return Err(IngestError::NotAnActivity(format!(
                "FIT file of type '{t}'"
            )));
        }
    }
    if st.records.is_empty() && st.sessions.is_empty() {
        let why = st.notes.first().cloned();
        return Err(match why {
            Some(n) => IngestError::Damaged(n),
            None => IngestError::NotAnActivity("FIT file has no records and no session".into()),
        });
    }
    drop_relative_times(&mut st);
    unfill_mixed_channels(&mut st);
    drop_empty_records(&mut st);
    mend_time_jumps(&mut st);
    // Stable: records of one second keep their file order for the merge below.
    st.records.sort_by_key(|r| r.time);
    merge_same_time(&mut st);
    st.timer_events.sort_by_key(|(t, _)| *t);
    if st.sessions.len() == 1 {
        trim_to_session(&mut st);
    }
    let sessions = if st.sessions.is_empty() {
        // Truncated before the summary: one activity over every record.
        let (sport, sub) = st.sport_msg.clone().unwrap_or_default();
        vec![SessionMsg {
            sport: (!sport.is_empty()).then_some(sport),
            sub_sport: sub,
            ..SessionMsg::default()
        }]
    } else {
        std::mem::take(&mut st.sessions)
    };
    let multi = sessions.len() > 1;
    let mut out = Vec::with_capacity(sessions.len());
    let mut samples = 0_usize;
    for (i, sess) in sessions.iter().enumerate() {
        // Each session copies the records of its time window, and a session without one
        // takes them all: a 180 KB file of 300 empty sessions over 20 000 records built
        // 6 M samples (1.2 GB) before `read_bytes` counted them (found by fuzzing). Stop at
        // the cap `read_bytes` applies, before copying past it, so memory stays bounded.
        let budget = super::MAX_SAMPLES.saturating_sub(samples);
        let a = activity_for(&mut st, sess, multi, budget);
        samples = samples.saturating_add(a.as_ref().map_or(budget + 1, |a| a.samples.len()));
        let Some(mut a) = a.filter(|_| samples <= super::MAX_SAMPLES) else {
            return Err(IngestError::TooLarge(format!(
                "the first {} of {} sessions hold more than the {} samples supported",
                i + 1,
                sessions.len(),
                super::MAX_SAMPLES
            )));
        };
        if multi {
            a.session = Some(i);
        }
        out.push(a);
    }
    super::scratch::give(&RECORDS, std::mem::take(&mut st.records));
    Ok(out)
}

/// Whether the records of a session the file calls `generic` (or names with a sport we do
/// not know) are a run, from the motion, with the reason in words. Running only when the
/// body says so: running dynamics (ground contact time or vertical oscillation, which
/// only a runner's foot or chest sensor writes), or a running step rate (the FIT value
/// doubled, 140–230 steps/min, DOMAIN.md "Cadence target") on most of the moving records
/// at a running median speed (2.0–6.5 m/s: the walk–run transition to the marathon
/// record's pace) with no coasting (a bicycle rolls at speed with the cranks still;
/// feet do not: less than 5% of the moving records at ≥ 2.5 m/s with cadence 0).
fn generic_is_running<'a>(recs: impl Iterator<Item = &'a RawRecord>) -> Option<String> {
    let (mut moving, mut stepping, mut coasting, mut dynamics) = (0usize, 0usize, 0usize, 0usize);
    let mut speeds = Vec::new();
    for r in recs {
        let v = r.sample.speed.map(|v| v.0).filter(|v| v.is_finite());
        if r.sample.stance_time_ms.is_some() || r.sample.vertical_oscillation_mm.is_some() {
            dynamics += 1;
        }
        let Some(v) = v.filter(|v| *v >= 1.0) else {
            continue;
        };
        moving += 1;
        speeds.push(v);
        match r.cadence_raw.filter(|c| c.is_finite()) {
            Some(c) if (140.0..=230.0).contains(&(2.0 * c)) => stepping += 1,
            Some(c) if c == 0.0 && v >= 2.5 => coasting += 1,
            _ => {}
        }
    }
    if moving == 0 {
        return None;
    }
    if dynamics * 2 > moving {
        return Some(
            "its records carry running dynamics (ground contact, vertical oscillation)".into(),
        );
    }
    speeds.sort_by(f64::total_cmp);
    let median = speeds[speeds.len() / 2];
    let share = |k: usize| 100.0 * k as f64 / moving as f64;
    (share(stepping) > 50.0 && share(coasting) < 5.0 && (2.0..=6.5).contains(&median)).then(|| {
        format!(
            "{:.0}% of its moving records step at a running rate and its median speed is \
             {median:.1} m/s, with no coasting",
            share(stepping)
        )
    })
}

/// The activity of one session, `None` when its window holds more than `budget` records.
/// A file's only session takes the records (moved, not copied: one copy of a long
/// recording in memory); one of several copies those in its time window.
fn activity_for(
    st: &mut Stream,
    sess: &SessionMsg,
    multi: bool,
    budget: usize,
) -> Option<Activity> {
    let mut a = Activity::new(Format::Fit);
    a.device = st.device.clone();
    a.notes = st.notes.clone();
    a.developer_fields = st.dev.fields.iter().map(|f| f.named.clone()).collect();
    a.sport = sess
        .sport
        .as_deref()
        .map_or(Sport::Unknown, Sport::from_name);
    a.sub_sport = sess.sub_sport.clone().filter(|s| s != "generic");
    let in_window = |t: &DateTime<Utc>| {
        !multi || (sess.start.is_none_or(|s| *t >= s) && sess.end.is_none_or(|e| *t <= e))
    };
    // The same window for a record's time (Unix seconds; `timestamp` floors).
    let (from_s, to_s) = (
        sess.start.map(first_second_from),
        sess.end.map(|e| e.timestamp()),
    );
    let record_in_window =
        |t: i64| !multi || (from_s.is_none_or(|s| t >= s) && to_s.is_none_or(|e| t <= e));
    if a.sport == Sport::Other {
        let recs = st.records.iter().filter(|r| record_in_window(r.time));
        if let Some(why) = generic_is_running(recs) {
            a.notes.push(format!(
                "the file's sport is \"{}\"; {why}: reviewed as a run",
                sess.sport.as_deref().unwrap_or("unknown")
            ));
            a.sport = Sport::Running;
        }
    }
    let first = if multi {
        st.records.iter().find(|r| record_in_window(r.time))
    } else {
        st.records.first()
    };
    let start = sess
        .start
        .into_iter()
        .chain(first.and_then(|r| instant(r.time)))
        .min();
    a.start_time = start;
    a.utc_offset = st.local_offset_s.map(|seconds| crate::model::UtcOffset {
        seconds,
        source: crate::model::OffsetSource::Recording,
        zone: None,
    });
    let secs = |t: DateTime<Utc>| {
        start.map_or(0.0, |s| super::elapsed::milliseconds(t, s) as f64 / 1000.0)
    };
    let record_secs = |t: i64| start.map_or(0.0, |s| milliseconds_to(t, s) as f64 / 1000.0);
    let foot = a.is_foot_sport();
    let to_sample = |time: i64, mut s: Sample, cadence_raw: Option<f64>| {
        s.t_s = Some(record_secs(time));
        s.cadence = cadence_raw.map(|c| {
            if foot {
                StridesPerMin(c).to_steps()
            } else {
                // Pedal or stroke rate (rpm): never doubled, kept as recorded.
                StepsPerMin(c)
            }
        });
        s
    };
    a.samples = if multi {
        let recs: Vec<&RawRecord> = st
            .records
            .iter()
            .filter(|r| record_in_window(r.time))
            .collect();
        if recs.len() > budget {
            return None;
        }
        recs.iter()
            .map(|r| to_sample(r.time, r.sample.clone(), r.cadence_raw))
            .collect()
    } else {
        if st.records.len() > budget {
            return None;
        }
        // Into the worker's kept samples list; the records' list stays, empty, for the
        // next file (see `scratch`).
        let mut samples = super::scratch::samples();
        if samples.capacity() < st.records.len() {
            samples = Vec::with_capacity(st.records.len());
        }
        samples.extend(
            st.records
                .drain(..)
                .map(|r| to_sample(r.time, r.sample, r.cadence_raw)),
        );
        samples
    };
    // A leg of a multisport file counts its distance from its own start: the file's
    // counter runs on from the earlier legs, and a 2 km run leg is not at "28.68 km".
    if multi {
        if let Some(d0) = a
            .samples
            .iter()
            .find_map(|s| s.distance_m)
            .filter(|d| *d > 0.0)
        {
            for s in &mut a.samples {
                s.distance_m = s.distance_m.map(|d| (d - d0).max(0.0));
            }
        }
    }
    let has_cad = a
        .samples
        .iter()
        .any(|s| s.cadence.is_some_and(|c| c.0 > 0.0));
    (a.cadence_source, a.cadence_reason) = match (has_cad, foot) {
        (false, _) => (CadenceSource::None, "no cadence in the file".into()),
        (true, true) => (
            CadenceSource::FitStridesDoubled,
            "FIT record cadence is strides/min: steps = 2 × (cadence + fractional/128)".into(),
        ),
        (true, false) => (
            CadenceSource::NotFootSport,
            format!("{} cadence kept as recorded (rpm)", a.sport),
        ),
    };
    a.pauses = pauses(&st.timer_events, start, sess.end, secs);
    if st.relative_times {
        // The offsets are right, the date is not.
        a.start_time = None;
    }
    a.laps = st
        .laps
        .iter()
        // A lap without a start time cannot be placed among several sessions: it goes to
        // none of them (else every session would copy every such lap).
        .filter(|l| l.start.as_ref().map_or(!multi, &in_window))
        .map(|l| Lap {
            start_s: l.start.map_or(0.0, secs),
            timer_s: l.timer_s,
            distance_m: l.distance_m,
            intensity: l.intensity,
        })
        .collect();
    if sess.start.is_some() || sess.summary.distance_m.is_some() {
        let mut summary = sess.summary.clone();
        summary.avg_cadence_spm = sess.avg_cadence_strides.filter(|c| *c > 0.0).map(|c| {
            // Fraction already scaled by the decoder (profile scale 128).
            let strides = StridesPerMin(c + sess.avg_fractional.unwrap_or(0.0));
            if foot {
                strides.to_steps().0
            } else {
                strides.0
            }
        });
        let activity_timer = if multi { None } else { st.activity_timer_s };
        summary.note = incomplete_summary(&a, &summary, &st.laps, activity_timer);
        if let Some(n) = &summary.note {
            a.notes.push(n.clone());
        }
        a.summary = Some(summary);
    }
    Some(a)
}

/// A session whose timer time falls short of the records' by more than
/// [`INCOMPLETE_SUMMARY_S`] (or 2%) is incomplete: some watches sum only the laps they
/// wrote, leaving out the last one. Said in words, with the laps' sum when it explains it
/// and the `activity` message's own timer time (FIT SDK profile, message `activity`,
/// field 0, over every session; `activity_timer` is `None` for a multisport file) when the
/// file has one. An activity timer that disagrees with a complete session is said too.
fn incomplete_summary(
    a: &Activity,
    summary: &DeviceSummary,
    laps: &[LapMsg],
    activity_timer: Option<f64>,
) -> Option<String> {
    let timer = summary.timer_s.filter(|t| *t > 0.0)?;
    let t0 = a.samples.first()?.t_s?;
    let t1 = a.samples.last()?.t_s?;
    let paused: f64 = a
        .pauses
        .iter()
        .map(|p| (p.end_s.min(t1) - p.start_s.max(t0)).max(0.0))
        .sum();
    let records = (t1 - t0) - paused;
    let apart = |x: f64, y: f64| (x - y).abs() > INCOMPLETE_SUMMARY_S.max(0.02 * y);
    let activity = activity_timer.filter(|t| *t > 0.0);
    if records - timer <= INCOMPLETE_SUMMARY_S.max(0.02 * timer) {
        let act = activity.filter(|act| apart(*act, timer))?;
        return Some(format!(
            "the file's activity message gives {act:.0} s of timer time against the \
             session's {timer:.0} s and the records' {records:.0} s; figures here come from \
             the records"
        ));
    }
    let lap_sum: f64 = laps.iter().filter_map(|l| l.timer_s).sum();
    let why = if !laps.is_empty() && (lap_sum - timer).abs() <= 1.0 {
        format!(
            ": it sums only the {} laps the watch wrote, without a final lap",
            laps.len()
        )
    } else {
        String::new()
    };
    let act = match activity {
        Some(act) if !apart(act, records) => {
            format!(" (the file's activity message agrees with the records: {act:.0} s)")
        }
        Some(act) => format!(" (the file's activity message says {act:.0} s)"),
        None => String::new(),
    };
    Some(format!(
        "the device summary's timer time ({timer:.0} s) is {:.0} s short of the records' \
         {records:.0} s{why}{act}; figures here come from the records",
        records - timer
    ))
}

/// Shortfall of a session's timer time against the records' beyond which the summary is
/// called incomplete, in seconds (our choice: a lap's worth of rounding is 1 s; an
/// unwritten lap is minutes).
const INCOMPLETE_SUMMARY_S: f64 = 30.0;

/// FIT `date_time` values below 0x10000000 are seconds of device-relative system time,
/// not UTC (FIT SDK profile, type `date_time`). When a file mixes both, the relative ones
/// cannot be placed on the timeline and are dropped; when all are relative, they are kept
/// (their order and spacing are right) and the start date is flagged as unknown.
fn drop_relative_times(st: &mut Stream) {
    let cutoff = unix_time(decode::FIT_MIN_ABSOLUTE_TIME).unwrap_or(0);
    let relative = st.records.iter().filter(|r| r.time < cutoff).count();
    if relative == 0 {
        return;
    }
    if relative == st.records.len() {
        st.relative_times = true;
        st.notes
            .push("timestamps are device-relative (no real date): start date unknown".into());
    } else {
        st.records.retain(|r| r.time >= cutoff);
        st.notes.push(format!(
            "{relative} records with device-relative timestamps were dropped"
        ));
    }
}

/// Largest jump between consecutive records (in file order) still taken as the clock
/// running normally (our choice: a day). Past it, the jump is a clock correction when the
/// channels carry on ([`continues`]), else damage.
const MAX_RECORD_JUMP_S: i64 = 24 * 3600;

/// Records that carry only a timestamp (no position, distance, speed, altitude, heart rate,
/// cadence, dynamics, power or developer field) say nothing about the run; a trailing one written minutes after
/// the data would stretch elapsed and moving time, so every such record is dropped.
fn drop_empty_records(st: &mut Stream) {
    let before = st.records.len();
    st.records
        .retain(|r| r.cadence_raw.is_some() || sample_has_data(&r.sample));
    let dropped = before - st.records.len() + st.empty_records;
    if dropped > 0 {
        st.notes.push(format!(
            "{dropped} records held only a timestamp and were left out"
        ));
    }
}

fn sample_has_data(s: &Sample) -> bool {
    s.lat_deg.is_some()
        || s.distance_m.is_some()
        || s.speed.is_some()
        || s.altitude_m.is_some()
        || s.heart_rate_bpm.is_some()
        || s.stance_time_ms.is_some()
        || s.vertical_oscillation_mm.is_some()
        || s.vertical_ratio_pct.is_some()
        || s.step_length_mm.is_some()
        || s.stance_balance_left_pct.is_some()
        || s.power_w.is_some()
        || !s.developer.is_empty()
}

/// Fill the fields `into` lacks from `from` (records of one second, later fields fill
/// earlier gaps).
fn fill_gaps(into: &mut RawRecord, from: &RawRecord) {
    let (a, b) = (&mut into.sample, &from.sample);
    if a.lat_deg.is_none() && b.lat_deg.is_some() {
        a.lat_deg = b.lat_deg;
        a.lon_deg = b.lon_deg;
    }
    a.distance_m = a.distance_m.or(b.distance_m);
    a.speed = a.speed.or(b.speed);
    a.altitude_m = a.altitude_m.or(b.altitude_m);
    a.heart_rate_bpm = a.heart_rate_bpm.or(b.heart_rate_bpm);
    a.stance_time_ms = a.stance_time_ms.or(b.stance_time_ms);
    a.stance_balance_left_pct = a.stance_balance_left_pct.or(b.stance_balance_left_pct);
    a.vertical_oscillation_mm = a.vertical_oscillation_mm.or(b.vertical_oscillation_mm);
    a.vertical_ratio_pct = a.vertical_ratio_pct.or(b.vertical_ratio_pct);
    a.step_length_mm = a.step_length_mm.or(b.step_length_mm);
    a.power_w = a.power_w.or(b.power_w);
    if a.developer.is_empty() && !b.developer.is_empty() {
        a.developer.clone_from(&b.developer);
    }
    into.cadence_raw = into.cadence_raw.or(from.cadence_raw);
}

/// Records of one timestamp are one sample: some watches (Suunto among them) write a
/// position-only and a sensor-only record for each second. Records must be sorted by time.
fn merge_same_time(st: &mut Stream) {
    let before = st.records.len();
    // In place: a record of the same time as the last one kept fills its gaps and goes.
    st.records.dedup_by(|r, last| {
        let same = last.time == r.time;
        if same {
            fill_gaps(last, r);
        }
        same
    });
    let merged = before - st.records.len();
    if merged > 0 {
        st.notes.push(format!(
            "{merged} records shared a timestamp with another and were merged into it"
        ));
    }
}

/// Slack around a single session's window before records outside it are dropped (s;
/// our choice: devices write the session a few seconds after the last record).
const SESSION_SLACK_S: i64 = 60;

/// A single-session file is trimmed to its session window (`start_time` ..
/// `max(timestamp, start_time + total_elapsed_time)`, with [`SESSION_SLACK_S`] either
/// side): records outside it belong to no session.
fn trim_to_session(st: &mut Stream) {
    let Some(sess) = st.sessions.first() else {
        return;
    };
    let (Some(start), Some(end)) = (sess.start, sess.end) else {
        return;
    };
    let slack = chrono::Duration::seconds(SESSION_SLACK_S);
    let (lo, hi) = (start - slack, end + slack);
    let (lo, hi) = (first_second_from(lo), hi.timestamp());
    let inside = |r: &RawRecord| r.time >= lo && r.time <= hi;
    let kept = st.records.iter().filter(|r| inside(r)).count();
    // A session summary that disagrees with every record is not a window to trust.
    if kept == 0 || kept == st.records.len() {
        return;
    }
    let dropped = st.records.len() - kept;
    st.records.retain(inside);
    {
        st.notes.push(format!(
            "{dropped} records outside the session's own start and elapsed time were left out"
        ));
    }
}

/// Largest change across a clock jump for the channels to count as carrying on (our
/// choice: what a runner covers in a few seconds, and a heart-rate step no heart makes
/// in a second or two).
const JUMP_MAX_DISTANCE_M: f64 = 100.0;
/// See [`JUMP_MAX_DISTANCE_M`].
const JUMP_MAX_POSITION_M: f64 = 200.0;
/// See [`JUMP_MAX_DISTANCE_M`].
const JUMP_MAX_HEART_RATE_BPM: f64 = 20.0;

/// Whether the channels carry on across the break between `before` (records up to the
/// jump) and `after`: every channel present on both sides (the nearest record holding it,
/// within five records) changes by no more than a few seconds of running, and at least
/// one channel is present on both sides.
fn continues(before: &[RawRecord], after: &[RawRecord]) -> bool {
    fn near<'a, T>(
        recs: impl Iterator<Item = &'a RawRecord>,
        get: impl Fn(&RawRecord) -> Option<T>,
    ) -> Option<T> {
        recs.take(5).find_map(get)
    }
    let mut checked = 0;
    let b = || before.iter().rev();
    let a = || after.iter();
    if let (Some(x), Some(y)) = (
        near(b(), |r| r.sample.distance_m),
        near(a(), |r| r.sample.distance_m),
    ) {
        checked += 1;
        if !(0.0..=JUMP_MAX_DISTANCE_M).contains(&(y - x)) {
            return false;
        }
    }
    let pos = |r: &RawRecord| r.sample.lat_deg.zip(r.sample.lon_deg);
    if let (Some(x), Some(y)) = (near(b(), pos), near(a(), pos)) {
        checked += 1;
        if super::clean::haversine_m(x.0, x.1, y.0, y.1) > JUMP_MAX_POSITION_M {
            return false;
        }
    }
    if let (Some(x), Some(y)) = (
        near(b(), |r| r.sample.heart_rate_bpm),
        near(a(), |r| r.sample.heart_rate_bpm),
    ) {
        checked += 1;
        if (y - x).abs() > JUMP_MAX_HEART_RATE_BPM {
            return false;
        }
    }
    checked > 0
}

/// A jump of the clock by more than [`MAX_RECORD_JUMP_S`] either way between two records
/// (in file order). When the channels carry on across it ([`continues`]) the watch
/// corrected its clock (a GPS time fix): the records after it, and the events, laps and
/// session times in the later clock's range, are re-based so the run continues one
/// sampling interval later, with a note. When they break too, the bytes after the jump are
/// damage decoded as records: the records before it are kept, the rest dropped.
fn mend_time_jumps(st: &mut Stream) {
    // Each pass mends or cuts one jump; a file has a handful at most.
    for _ in 0..16 {
        let Some(i) = st
            .records
            .windows(2)
            .position(|w| (w[1].time - w[0].time).abs() > MAX_RECORD_JUMP_S)
        else {
            return;
        };
        let (head, tail) = st.records.split_at(i + 1);
        // The later clock's records run until the next jump.
        let run = tail
            .windows(2)
            .position(|w| (w[1].time - w[0].time).abs() > MAX_RECORD_JUMP_S)
            .map_or(tail.len(), |k| k + 1);
        let later = &tail[..run];
        let (Some(last), Some(next)) = (head.last(), later.first()) else {
            return;
        };
        if !continues(head, later) {
            let dropped = st.records.len() - (i + 1);
            st.records.truncate(i + 1);
            st.notes.push(format!(
                "time jumps by more than a day after record {} and the data break there too: \
                 the {dropped} records after it were dropped",
                i + 1
            ));
            return;
        }
        let step = typical_step_s(head);
        // Records' times are whole seconds inside chrono's range: their differences and
        // the shift fit in an i64 and in a `TimeDelta`.
        let shift_s = (next.time - last.time) - step;
        let shift = chrono::Duration::seconds(shift_s);
        let lo = later.iter().map(|r| r.time).min().unwrap_or(next.time);
        let hi = later.iter().map(|r| r.time).max().unwrap_or(next.time);
        let (Some(lo), Some(hi)) = (instant(lo), instant(hi)) else {
            return;
        };
        let margin = chrono::Duration::hours(1);
        let in_later = |t: DateTime<Utc>| t >= lo - margin && t <= hi + margin;
        let rebase = |t: &mut DateTime<Utc>| {
            if in_later(*t) {
                if let Some(v) = t.checked_sub_signed(shift) {
                    *t = v;
                }
            }
        };
        for r in &mut st.records[i + 1..=i + run] {
            // `checked_sub_signed` of the instant: kept when it stays in chrono's range.
            let v = r.time - shift_s;
            if UNIX_RANGE.contains(&v) {
                r.time = v;
            }
        }
        for (t, _) in &mut st.timer_events {
            rebase(t);
        }
        for l in &mut st.laps {
            if let Some(t) = &mut l.start {
                rebase(t);
            }
        }
        for s in &mut st.sessions {
            if let Some(t) = &mut s.start {
                rebase(t);
            }
            if let Some(t) = &mut s.end {
                rebase(t);
            }
        }
        let days = shift.num_seconds() as f64 / 86_400.0;
        st.notes.push(format!(
            "the clock jumps {} by {:.1} days after record {} while the data carry on: \
             a clock correction, the {run} later records were re-based and kept",
            if days >= 0.0 { "forward" } else { "back" },
            days.abs(),
            i + 1
        ));
    }
}

/// The median interval between the last records before a jump, in whole seconds (1 to
/// 10; one second when unknown).
fn typical_step_s(recs: &[RawRecord]) -> i64 {
    let mut steps: Vec<i64> = recs
        .windows(2)
        .rev()
        .take(20)
        .map(|w| w[1].time - w[0].time)
        .filter(|d| *d > 0)
        .collect();
    steps.sort_unstable();
    steps
        .get(steps.len() / 2)
        .copied()
        .unwrap_or(1)
        .clamp(1, 10)
}

/// Pauses from timer stop → start pairs (FIT SDK "event" message, event = timer).
fn pauses(
    events: &[(DateTime<Utc>, bool)],
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    secs: impl Fn(DateTime<Utc>) -> f64,
) -> Vec<Pause> {
    let mut out: Vec<Pause> = Vec::new();
    let mut stopped_at: Option<DateTime<Utc>> = None;
    for (t, started) in events {
        if start.is_some_and(|s| *t < s) || end.is_some_and(|e| *t > e) {
            continue;
        }
        match (*started, stopped_at) {
            (false, None) => stopped_at = Some(*t),
            (true, Some(stop)) => {
                if *t > stop {
                    out.push(Pause {
                        start_s: secs(stop),
                        end_s: secs(*t),
                    });
                }
                stopped_at = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(t: i64, distance_m: f64, lat: f64, hr: f64) -> RawRecord {
        RawRecord {
            time: 1_700_000_000 + t,
            sample: Sample {
                distance_m: Some(distance_m),
                lat_deg: Some(lat),
                lon_deg: Some(8.5),
                heart_rate_bpm: Some(hr),
                ..Sample::default()
            },
            cadence_raw: Some(85.0),
            dev_filled: 0,
        }
    }

    fn stream(records: Vec<RawRecord>) -> Stream {
        Stream {
            records,
            ..Stream::default()
        }
    }

    /// 100 records at 1 s and 3 m/s, then 100 more after `jump_s`; `broken` moves the
    /// later part 5 km away with another heart rate (bytes of something else).
    fn jumped(jump_s: i64, broken: bool) -> Stream {
        let mut v: Vec<RawRecord> = (0..100)
            .map(|i| rec(i, 3.0 * i as f64, 47.0 + 2.7e-5 * i as f64, 150.0))
            .collect();
        v.extend((100..200).map(|i| {
            let (d, lat, hr) = if broken {
                (9_000.0 + i as f64, 47.5, 80.0)
            } else {
                (3.0 * i as f64, 47.0 + 2.7e-5 * i as f64, 151.0)
            };
            rec(i + jump_s, d, lat, hr)
        }));
        stream(v)
    }

    #[test]
    fn a_jump_with_continuing_channels_is_rebased() {
        for jump in [21 * 86_400, -3 * 365 * 86_400] {
            let mut st = jumped(jump, false);
            mend_time_jumps(&mut st);
            assert_eq!(st.records.len(), 200);
            let span = st.records[199].time - st.records[0].time;
            assert_eq!(span, 199, "jump {jump}");
            assert!(st.notes[0].contains("clock correction"), "{:?}", st.notes);
        }
    }

    #[test]
    fn a_jump_where_the_channels_break_keeps_the_records_before_it() {
        let mut st = jumped(40 * 86_400, true);
        mend_time_jumps(&mut st);
        assert_eq!(st.records.len(), 100);
        assert!(st.notes[0].contains("dropped"), "{:?}", st.notes);
    }

    #[test]
    fn unix_time_is_time() {
        // Both ends of chrono's range and past them, FIT's own range, and a spread of
        // seconds between: the same instant, or `None` for both.
        let (lo, hi) = (*UNIX_RANGE.start(), *UNIX_RANGE.end());
        let fit = |unix: i64| unix - decode::unix_seconds(0).unwrap_or_default();
        let mut cases = vec![i64::MIN, i64::MAX, 0, -1, 1, u32::MAX.into(), 0x1000_0000];
        for edge in [lo, hi] {
            cases.extend((-3..=3).map(|d| fit(edge + d)));
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            #[allow(clippy::cast_possible_wrap)]
            let v = x as i64;
            cases.extend([v, v >> 20, v >> 30, v >> 40]);
        }
        for c in cases {
            assert_eq!(unix_time(c).and_then(instant), time(c), "{c}");
            assert_eq!(unix_time(c).is_some(), time(c).is_some(), "{c}");
        }
    }

    #[test]
    fn milliseconds_to_a_record_time_are_elapsed_milliseconds() {
        let starts = [
            (1_700_000_000, 0),
            (1_700_000_000, 250_000_000),
            (1_700_000_000, 999_999_999),
            (1_700_000_005, 1),
            (-5, 500_000_000),
        ];
        for (secs, nanos) in starts {
            let s = DateTime::<Utc>::from_timestamp(secs, nanos).expect("in range");
            for t in [
                1_699_999_990,
                1_700_000_000,
                1_700_000_001,
                1_700_003_600,
                -7,
                0,
            ] {
                let want = super::super::elapsed::milliseconds(instant(t).expect("in range"), s);
                assert_eq!(milliseconds_to(t, s), want, "{t} from {s}");
            }
        }
        // A window bound with a fraction: the first whole second at or after it.
        let s = DateTime::<Utc>::from_timestamp(100, 1).expect("in range");
        assert_eq!(first_second_from(s), 101);
        let s = DateTime::<Utc>::from_timestamp(100, 0).expect("in range");
        assert_eq!(first_second_from(s), 100);
    }

    #[test]
    fn records_of_one_second_merge_later_fields_into_gaps() {
        let mut pos = rec(5, 10.0, 47.0, 150.0);
        pos.sample.heart_rate_bpm = None;
        pos.cadence_raw = None;
        let mut sensor = rec(5, 11.0, 0.0, 152.0);
        sensor.sample.lat_deg = None;
        sensor.sample.lon_deg = None;
        let mut st = stream(vec![pos, sensor, rec(6, 13.0, 47.0, 153.0)]);
        merge_same_time(&mut st);
        assert_eq!(st.records.len(), 2);
        let s = &st.records[0].sample;
        // The first record's own distance stays; its gaps are filled.
        assert_eq!(s.distance_m, Some(10.0));
        assert_eq!(s.lat_deg, Some(47.0));
        assert_eq!(s.heart_rate_bpm, Some(152.0));
        assert_eq!(st.records[0].cadence_raw, Some(85.0));
    }
}

#[cfg(test)]
mod developer_units {
    use super::*;

    #[test]
    fn declared_units_convert_to_the_native_fields() {
        // Stryd: vertical oscillation in centimetres, ground time in milliseconds.
        assert_eq!(to_native_factor(39, "Centimeters"), Some(10.0));
        assert_eq!(to_native_factor(41, "Milliseconds"), Some(1.0));
        assert_eq!(to_native_factor(41, "s"), Some(1000.0));
        assert_eq!(to_native_factor(85, "m"), Some(1000.0));
        assert_eq!(to_native_factor(4, "steps/min"), Some(0.5));
        assert_eq!(to_native_factor(7, "Watts"), Some(1.0));
        // Units that cannot be the field's: not filled (kept by name).
        assert_eq!(to_native_factor(39, "kN/m"), None);
        assert_eq!(to_native_factor(3, "Watts"), None);
    }

    #[test]
    fn a_channel_the_watch_records_natively_is_never_mixed_with_a_pod() {
        let native = RawRecord {
            time: 1_700_000_000,
            sample: Sample {
                stance_time_ms: Some(270.0),
                ..Sample::default()
            },
            cadence_raw: None,
            dev_filled: 0,
        };
        let pod = RawRecord {
            time: 1_700_000_001,
            sample: Sample {
                stance_time_ms: Some(240.0),
                power_w: Some(250.0),
                ..Sample::default()
            },
            cadence_raw: None,
            dev_filled: channel_bit(41) | channel_bit(7),
        };
        let mut st = Stream {
            records: vec![native, pod],
            native_seen: channel_bit(41),
            ..Stream::default()
        };
        unfill_mixed_channels(&mut st);
        let stance: Vec<_> = st.records.iter().map(|r| r.sample.stance_time_ms).collect();
        assert_eq!(stance, [Some(270.0), None]);
        // Power is only the pod's: kept.
        assert_eq!(st.records[1].sample.power_w, Some(250.0));
    }
}
