//! Synthetic runs as FIT activity files, written with the one FIT encoder
//! ([`stridewise_fit::encode`]: header, definitions, data messages, CRC-16, per the FIT SDK
//! document "FIT File Protocol"). The CRC is the decoder's own; fitparser, the tests'
//! independent decoder, checks it on every generated file.
//!
//! Messages written (global numbers, field numbers, scales and offsets from the FIT SDK
//! profile, as generated into fitparser 0.11's `profile/decode.rs`):
//! `file_id` (0), `event` (21: timer start, `stop_all` and `start` around each pause,
//! `stop_all` at the end), `record` (20) per sample, `lap` (19) per auto lap, `session` (18)
//! whose figures come from the run's [`Truth`](super::Truth), and `activity` (34).
//! Timestamps are seconds since the FIT epoch 1989-12-31T00:00:00Z; positions are
//! semicircles ([`semicircles`]); running cadence is strides/min plus a 1/128 fraction
//! ([`cadence_fields`]).
//!
//! The device is identified as manufacturer `development` (255, the value the FIT profile
//! reserves for development), product 1, a fixed serial number and the product name
//! `stridewise synth`, so no file made here can pass for a real watch's.
//!
//! For tests of readers, [`FitOptions`] can leave messages out, and [`truncate`],
//! [`flip_byte`] and [`recompute_crcs`] make damaged variants.

use super::{SynthLap, SynthPause, SynthPoint, SynthRun};
use chrono::{DateTime, Utc};
use stridewise_fit::encode::{DevField, Encoder, Field, Value};

/// Unix time of the FIT epoch, 1989-12-31T00:00:00Z (FIT SDK, type `date_time`).
pub const FIT_EPOCH_UNIX_S: i64 = 631_065_600;
/// Size of the header written here.
#[cfg(test)]
pub(crate) const HEADER_SIZE: u8 = stridewise_fit::encode::HEADER_SIZE;
/// FIT `manufacturer` = `development`.
pub const MANUFACTURER_DEVELOPMENT: u16 = 255;
/// Product number written in `file_id`.
pub(crate) const PRODUCT: u16 = 1;
/// Serial number written in `file_id` (fixed, so output is deterministic).
pub const SERIAL_NUMBER: u32 = 0x5EED_5EED;

/// Global message numbers (FIT SDK profile, type `mesg_num`).
pub mod mesg {
    /// `file_id`.
    pub const FILE_ID: u16 = 0;
    /// `session`.
    pub(crate) const SESSION: u16 = 18;
    /// `lap`.
    pub(crate) const LAP: u16 = 19;
    /// `record`.
    pub(crate) const RECORD: u16 = 20;
    /// `event`.
    pub(crate) const EVENT: u16 = 21;
    /// `field_description` (a developer field's name, type, scale, units).
    pub(crate) const FIELD_DESCRIPTION: u16 = 206;
    /// `developer_data_id` (which application the developer fields come from).
    pub(crate) const DEVELOPER_DATA_ID: u16 = 207;
    /// `activity`.
    pub(crate) const ACTIVITY: u16 = 34;
}

/// What to write besides the records. Every flag defaults to `true`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FitOptions {
    /// Timer start/stop events (without them a reader cannot see the pause as a pause).
    pub events: bool,
    /// One `lap` message per auto lap.
    pub laps: bool,
    /// The `session` summary.
    pub session: bool,
    /// The closing `activity` message.
    pub activity: bool,
    /// `file_id.product_name`; `None` leaves the field out.
    pub product_name: Option<String>,
    /// Patterns real watches write, for the readers' tests (default: none).
    pub quirks: FitQuirks,
    /// Write running dynamics and power as a Stryd foot pod does on a watch without
    /// running dynamics: developer fields (see [`DEV_FIELDS`]) instead of the native
    /// `stance_time`, `vertical_oscillation`, `vertical_ratio`, `stance_time_balance` and
    /// `step_length`. Defaults to `false`.
    pub developer: bool,
}

/// Patterns real watches write that a reader must handle (issue 12). Each defaults to
/// off; the generated run stays the truth.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FitQuirks {
    /// `(from_s, shift_s)`: from the record at `from_s` on, every timestamp (records,
    /// events, laps, the session's end, the activity) is `shift_s` seconds off, as after
    /// a clock correction by GPS (weeks forward, or years back).
    pub clock_jump: Option<(u32, i64)>,
    /// Each second as a position-only record followed by a sensor-only record of the
    /// same timestamp (Suunto).
    pub split_records: bool,
    /// An extra record holding only a timestamp, this many seconds after the last one.
    pub trailing_empty_s: Option<u32>,
    /// Records before this second carry raw altitude 0 (−500 m with the 500 m offset),
    /// as watches write before a fix.
    pub altitude_placeholder_until_s: Option<u32>,
    /// Records before this second are not written: the first record comes some metres in.
    pub first_record_at_s: Option<u32>,
    /// The last lap is not written and the session sums only the laps written.
    pub session_without_last_lap: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            events: true,
            laps: true,
            session: true,
            activity: true,
            product_name: Some("stridewise synth".to_string()),
            quirks: FitQuirks::default(),
            developer: false,
        }
    }
}

/// The FIT CRC-16: the decoder's, so generated files are checked the way real ones are.
pub use stridewise_fit::crc16;

/// Degrees to FIT semicircles: `deg × 2³¹ / 180`, rounded (FIT SDK profile, `position_lat`
/// units "semicircles"; 2³² semicircles make a full circle). `None` outside
/// `[-180°, 180°)` or when not finite.
#[must_use]
pub(crate) fn semicircles(deg: f64) -> Option<i32> {
    let x = (deg * 2_147_483_648.0 / 180.0).round();
    // The range check makes the cast exact.
    #[allow(clippy::cast_possible_truncation)]
    (x.is_finite() && x >= f64::from(i32::MIN) && x <= f64::from(i32::MAX)).then_some(x as i32)
}

/// FIT semicircles to degrees: `s × 180 / 2³¹`.
#[must_use]
#[cfg(test)]
pub(crate) fn degrees(semicircles: i32) -> f64 {
    f64::from(semicircles) * 180.0 / 2_147_483_648.0
}

/// Seconds since the FIT epoch; `None` before it or past `u32`.
#[must_use]
pub(crate) fn fit_timestamp(t: DateTime<Utc>) -> Option<u32> {
    u32::try_from(t.timestamp() - FIT_EPOCH_UNIX_S).ok()
}

/// Split a step rate (steps/min) into FIT running `cadence` (whole strides/min) and
/// `fractional_cadence` (1/128 stride/min), so that
/// `2 × (cadence + fractional / 128)` is within 1/128 step/min of the input (exact for
/// multiples of 1/64). `None` when out of range.
#[must_use]
pub(crate) fn cadence_fields(steps_per_min: f64) -> Option<(u8, u8)> {
    let units = (steps_per_min / 2.0 * 128.0).round(); // 1/128 strides
    if !(0.0..255.0 * 128.0).contains(&units) {
        return None;
    }
    // 0 ≤ units < 255 × 128, so the cast is exact and both parts fit in u8.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let units = units as u32;
    let whole = u8::try_from(units / 128).ok()?;
    let frac = u8::try_from(units % 128).ok()?;
    Some((whole, frac))
}

/// `data` cut to its first `len` bytes (a file cut off mid-transfer).
#[must_use]
pub fn truncate(bytes: &[u8], len: usize) -> Vec<u8> {
    bytes[..len.min(bytes.len())].to_vec()
}

/// `data` with the byte at `index` inverted (no change when `index` is past the end).
#[must_use]
#[cfg(test)]
pub(crate) fn flip_byte(bytes: &[u8], index: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if let Some(b) = out.get_mut(index) {
        *b = !*b;
    }
    out
}

/// Rewrite the header CRC and the trailing file CRC of a FIT file with a 14-byte header,
/// e.g. after editing a field, so that a reader gets past the CRC checks and meets the
/// damage itself. Files too short to hold both CRCs are left alone.
#[cfg(test)]
pub(crate) fn recompute_crcs(bytes: &mut [u8]) {
    if bytes.len() < usize::from(HEADER_SIZE) + 2 || bytes[0] != HEADER_SIZE {
        return;
    }
    let h = crc16(&bytes[..12]).to_le_bytes();
    bytes[12..14].copy_from_slice(&h);
    let n = bytes.len();
    let f = crc16(&bytes[..n - 2]).to_le_bytes();
    bytes[n - 2..].copy_from_slice(&f);
}

/// Field constructors. `None` writes the type's invalid value (FIT's "no value").
fn f_enum(num: u8, v: u8) -> Field {
    Field::new(num, Value::Enum(v))
}
fn f_u8(num: u8, v: Option<u8>) -> Field {
    Field::new(num, Value::U8(v.unwrap_or(u8::MAX)))
}
fn f_u16(num: u8, v: Option<u16>) -> Field {
    Field::new(num, Value::U16(v.unwrap_or(u16::MAX)))
}
fn f_u32(num: u8, v: Option<u32>) -> Field {
    Field::new(num, Value::U32(v.unwrap_or(u32::MAX)))
}
fn f_i32(num: u8, v: Option<i32>) -> Field {
    Field::new(num, Value::I32(v.unwrap_or(i32::MAX)))
}
fn f_u32z(num: u8, v: u32) -> Field {
    Field::new(num, Value::U32z(v))
}
/// A null-terminated string, cut to 254 bytes at a character boundary.
fn f_string(num: u8, s: &str) -> Field {
    let mut end = s.len().min(254);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    // end ≤ 254, so the size (text and NUL) fits in a byte.
    let size = u8::try_from(end + 1).unwrap_or(u8::MAX);
    Field::new(
        num,
        Value::String {
            text: s[..end].to_owned(),
            size,
        },
    )
}

/// `round((v + offset) × scale)` if it fits below `max` (the invalid value), else `None`.
fn scaled(v: f64, scale: f64, offset: f64, max: f64) -> Option<f64> {
    let x = ((v + offset) * scale).round();
    (x.is_finite() && x >= 0.0 && x < max).then_some(x)
}
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // range-checked
fn s_u8(v: Option<f64>, scale: f64) -> Option<u8> {
    v.and_then(|v| scaled(v, scale, 0.0, f64::from(u8::MAX)))
        .map(|x| x as u8)
}
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // range-checked
fn s_u16(v: Option<f64>, scale: f64) -> Option<u16> {
    v.and_then(|v| scaled(v, scale, 0.0, f64::from(u16::MAX)))
        .map(|x| x as u16)
}
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // range-checked
fn s_u32(v: Option<f64>, scale: f64, offset: f64) -> Option<u32> {
    v.and_then(|v| scaled(v, scale, offset, f64::from(u32::MAX)))
        .map(|x| x as u32)
}

/// FIT `event` = timer.
const EVENT_TIMER: u8 = 0;
/// FIT `event` = session.
const EVENT_SESSION: u8 = 8;
/// FIT `event` = lap.
const EVENT_LAP: u8 = 9;
/// FIT `event` = activity.
const EVENT_ACTIVITY: u8 = 26;
/// FIT `event_type` = start.
const EVENT_TYPE_START: u8 = 0;
/// FIT `event_type` = stop.
const EVENT_TYPE_STOP: u8 = 1;
/// FIT `event_type` = `stop_all`.
const EVENT_TYPE_STOP_ALL: u8 = 4;
/// FIT `sport` = running.
const SPORT_RUNNING: u8 = 1;
/// FIT `file` = activity.
const FILE_ACTIVITY: u8 = 4;

fn timer_event(ts: Option<u32>, event_type: u8) -> Vec<Field> {
    vec![
        f_u32(253, ts),
        f_enum(0, EVENT_TIMER),
        f_enum(1, event_type),
        f_u32(3, Some(0)), // data: timer_trigger = manual
        f_u8(4, Some(0)),  // event_group
    ]
}

/// A developer field the synthetic foot pod writes ([`FitOptions::developer`]): Stryd's
/// names and units, `uint16`, developer data index 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DevFieldSpec {
    /// `field_definition_number`.
    pub number: u8,
    /// `field_name`.
    pub name: &'static str,
    /// `units`.
    pub units: &'static str,
    /// `scale` (stored = value × scale).
    pub scale: u8,
    /// `native_field_num` of the `record` field it stands for.
    pub native_field: Option<u8>,
}

/// The synthetic pod's developer fields: power and form power by name, ground time and
/// vertical oscillation standing for the native `stance_time` (41) and
/// `vertical_oscillation` (39), with their own scale of 10.
pub(crate) const DEV_FIELDS: [DevFieldSpec; 4] = [
    DevFieldSpec {
        number: 0,
        name: "Power",
        units: "Watts",
        scale: 1,
        native_field: None,
    },
    DevFieldSpec {
        number: 1,
        name: "Form Power",
        units: "Watts",
        scale: 1,
        native_field: None,
    },
    DevFieldSpec {
        number: 2,
        name: "Ground Time",
        units: "Milliseconds",
        scale: 10,
        native_field: Some(41),
    },
    DevFieldSpec {
        number: 3,
        name: "Vertical Oscillation",
        // In centimetres, as Stryd declares it (the native field is in millimetres).
        units: "Centimeters",
        scale: 100,
        native_field: Some(39),
    },
];

/// The synthetic pod's power in watts at `speed_mps`: a 70 kg runner at 1.04 W/kg per m/s
/// (our choice, near what running power meters show on the flat), whole watts.
#[must_use]
pub fn pod_power_w(speed_mps: f64) -> f64 {
    (70.0 * 1.04 * speed_mps).round()
}

/// The synthetic pod's form power: a quarter of [`pod_power_w`] (our choice), whole watts.
#[must_use]
pub fn pod_form_power_w(speed_mps: f64) -> f64 {
    (pod_power_w(speed_mps) / 4.0).round()
}

/// The pod's values for one point, in [`DEV_FIELDS`] order.
fn pod_values(p: &SynthPoint) -> Vec<DevField> {
    let values = [
        Some(pod_power_w(p.speed_mps)),
        Some(pod_form_power_w(p.speed_mps)),
        p.stance_time_ms,
        p.vertical_oscillation_mm.map(|mm| mm / 10.0),
    ];
    DEV_FIELDS
        .iter()
        .zip(values)
        .map(|(d, v)| {
            let stored = s_u16(v, f64::from(d.scale)).unwrap_or(u16::MAX);
            DevField {
                num: d.number,
                developer_index: 0,
                value: Value::U16(stored),
            }
        })
        .collect()
}

/// `developer_data_id` and one `field_description` per [`DEV_FIELDS`] entry.
fn write_pod_descriptions(e: &mut Encoder) {
    e.message(
        mesg::DEVELOPER_DATA_ID,
        &[
            f_u16(2, Some(MANUFACTURER_DEVELOPMENT)), // manufacturer_id
            f_u8(3, Some(0)),                         // developer_data_index
            f_u32(4, Some(1)),                        // application_version
        ],
    );
    for d in &DEV_FIELDS {
        let mut f = vec![
            f_u8(0, Some(0)),                         // developer_data_index
            f_u8(1, Some(d.number)),                  // field_definition_number
            f_u8(2, Some(Value::U16(0).base_type())), // fit_base_type_id
            f_string(3, d.name),                      // field_name
            f_u8(6, Some(d.scale)),                   // scale
            f_string(8, d.units),                     // units
        ];
        if let Some(n) = d.native_field {
            f.push(f_u16(14, Some(mesg::RECORD))); // native_mesg_num
            f.push(f_u8(15, Some(n))); // native_field_num
        }
        e.message(mesg::FIELD_DESCRIPTION, &f);
    }
}

fn record(run: &SynthRun, p: &SynthPoint) -> Vec<Field> {
    let mut f = vec![f_u32(253, fit_timestamp(run.time_at(p.t_s)))];
    if let (Some(la), Some(lo)) = (p.lat_deg, p.lon_deg) {
        f.push(f_i32(0, semicircles(la)));
        f.push(f_i32(1, semicircles(lo)));
    }
    f.push(f_u32(5, s_u32(Some(p.distance_m), 100.0, 0.0)));
    f.push(f_u32(73, s_u32(Some(p.speed_mps), 1000.0, 0.0)));
    if p.altitude_m.is_some() {
        f.push(f_u32(78, s_u32(p.altitude_m, 5.0, 500.0)));
    }
    f.push(f_u8(3, Some(p.heart_rate_bpm)));
    let cad = cadence_fields(p.cadence_spm);
    f.push(f_u8(4, cad.map(|c| c.0)));
    f.push(f_u8(53, cad.map(|c| c.1)));
    if p.stance_time_ms.is_some() {
        f.push(f_u16(39, s_u16(p.vertical_oscillation_mm, 10.0)));
        f.push(f_u16(41, s_u16(p.stance_time_ms, 10.0)));
        f.push(f_u16(83, s_u16(p.vertical_ratio_pct, 100.0)));
        f.push(f_u16(84, s_u16(p.stance_time_balance_pct, 100.0)));
        f.push(f_u16(85, s_u16(p.step_length_mm, 10.0)));
    }
    f
}

fn position(p: Option<&SynthPoint>) -> (Option<i32>, Option<i32>) {
    (
        p.and_then(|p| p.lat_deg).and_then(semicircles),
        p.and_then(|p| p.lon_deg).and_then(semicircles),
    )
}

fn lap(run: &SynthRun, l: &SynthLap) -> Vec<Field> {
    let s = &l.stats;
    let (slat, slon) = position(run.points.get(l.first_point.saturating_sub(1)));
    let (elat, elon) = position(run.points.get(l.last_point));
    let cad = s.avg_running_cadence_spm.and_then(cadence_fields);
    let max_cad = s.max_running_cadence_spm.and_then(cadence_fields);
    let speed = l.avg_speed_mps();
    let mut f = vec![
        f_u32(253, fit_timestamp(run.time_at(l.end_s))),
        f_u32(2, fit_timestamp(run.time_at(l.start_s))),
        f_enum(0, EVENT_LAP),
        f_enum(1, EVENT_TYPE_STOP),
        f_u16(254, u16::try_from(l.index).ok()),
    ];
    if slat.is_some() {
        f.extend([
            f_i32(3, slat),
            f_i32(4, slon),
            f_i32(5, elat),
            f_i32(6, elon),
        ]);
    }
    f.extend([
        f_u32(7, s_u32(Some(l.elapsed_s), 1000.0, 0.0)),
        f_u32(8, s_u32(Some(l.timer_s), 1000.0, 0.0)),
        f_u32(9, s_u32(Some(l.distance_m), 100.0, 0.0)),
        f_u16(13, s_u16(speed, 1000.0)),
        f_u16(14, s_u16(s.max_speed_mps, 1000.0)),
        f_u8(15, s_u8(s.avg_heart_rate_bpm, 1.0)),
        f_u8(16, s.max_heart_rate_bpm),
        f_u8(17, cad.map(|c| c.0)),
        f_u8(18, max_cad.map(|c| c.0)),
        f_u8(80, cad.map(|c| c.1)),
        f_enum(
            24,
            match l.trigger {
                super::LapTrigger::Distance => 2,
                super::LapTrigger::SessionEnd => 7,
            },
        ),
        f_enum(25, SPORT_RUNNING),
        f_enum(39, run.sub_sport.fit_value()),
        f_u32(110, s_u32(speed, 1000.0, 0.0)),
        f_u32(111, s_u32(s.max_speed_mps, 1000.0, 0.0)),
    ]);
    if l.ascent_m.is_some() {
        f.push(f_u16(21, s_u16(l.ascent_m, 1.0)));
        f.push(f_u16(22, s_u16(l.descent_m, 1.0)));
    }
    if s.avg_stance_time_ms.is_some() {
        f.extend([
            f_u16(77, s_u16(s.avg_vertical_oscillation_mm, 10.0)),
            f_u16(79, s_u16(s.avg_stance_time_ms, 10.0)),
            f_u16(118, s_u16(s.avg_vertical_ratio_pct, 100.0)),
            f_u16(120, s_u16(s.avg_step_length_mm, 10.0)),
        ]);
    }
    f
}

fn session(run: &SynthRun, num_laps: Option<usize>) -> Vec<Field> {
    let t = &run.truth;
    let s = &t.stats;
    let end = run.points.last().map_or(0, |p| p.t_s);
    let (slat, slon) = position(run.points.first());
    let cad = t.avg_running_cadence_spm.and_then(cadence_fields);
    let max_cad = s.max_running_cadence_spm.and_then(cadence_fields);
    let mut f = vec![
        f_u32(253, fit_timestamp(run.time_at(end))),
        f_u32(2, fit_timestamp(run.start)),
        f_enum(0, EVENT_SESSION),
        f_enum(1, EVENT_TYPE_STOP),
        f_u16(254, Some(0)),
    ];
    if slat.is_some() {
        f.extend([f_i32(3, slat), f_i32(4, slon)]);
    }
    f.extend([
        f_enum(5, SPORT_RUNNING),
        f_enum(6, run.sub_sport.fit_value()),
        f_u32(7, s_u32(Some(t.elapsed_time_s), 1000.0, 0.0)),
        f_u32(8, s_u32(Some(t.timer_time_s), 1000.0, 0.0)),
        f_u32(9, s_u32(Some(t.total_distance_m), 100.0, 0.0)),
        f_u16(14, s_u16(Some(t.avg_speed_mps), 1000.0)),
        f_u16(15, s_u16(s.max_speed_mps, 1000.0)),
        f_u8(16, s_u8(s.avg_heart_rate_bpm, 1.0)),
        f_u8(17, s.max_heart_rate_bpm),
        f_u8(18, cad.map(|c| c.0)),
        f_u8(19, max_cad.map(|c| c.0)),
        f_u8(92, cad.map(|c| c.1)),
        f_u16(25, Some(0)),
        f_u16(26, num_laps.and_then(|n| u16::try_from(n).ok())),
        f_enum(28, 0), // trigger: activity_end
        f_u32(124, s_u32(Some(t.avg_speed_mps), 1000.0, 0.0)),
        f_u32(125, s_u32(s.max_speed_mps, 1000.0, 0.0)),
    ]);
    if t.elevation_gain_m.is_some() {
        f.push(f_u16(22, s_u16(t.elevation_gain_m, 1.0)));
        f.push(f_u16(23, s_u16(t.elevation_loss_m, 1.0)));
    }
    if s.avg_stance_time_ms.is_some() {
        f.extend([
            f_u16(89, s_u16(s.avg_vertical_oscillation_mm, 10.0)),
            f_u16(91, s_u16(s.avg_stance_time_ms, 10.0)),
            f_u16(132, s_u16(s.avg_vertical_ratio_pct, 100.0)),
            f_u16(134, s_u16(s.avg_step_length_mm, 10.0)),
        ]);
    }
    f
}

/// Replace the value of `u32` field `num` (timestamps, distances, scaled altitude).
fn set_u32(fields: &mut [Field], num: u8, v: Option<u32>) {
    if let Some(f) = fields.iter_mut().find(|f| f.num == num) {
        f.value = Value::U32(v.unwrap_or(u32::MAX));
    }
}

/// Encode a run as a FIT activity file.
///
/// Message order follows what Garmin watches write: `file_id`, timer start, records with
/// each auto lap's `lap` message after its last record and `stop_all`/`start` events around
/// each pause, a final `stop_all`, the last lap, `session`, `activity`. Values that do not
/// fit their field are written as the field's invalid value.
#[must_use]
pub fn encode(run: &SynthRun, opts: &FitOptions) -> Vec<u8> {
    let mut e = Encoder::new();
    let start = fit_timestamp(run.start);
    let mut file_id = vec![
        f_enum(0, FILE_ACTIVITY),
        f_u16(1, Some(MANUFACTURER_DEVELOPMENT)),
        f_u16(2, Some(PRODUCT)),
        f_u32z(3, SERIAL_NUMBER),
        f_u32(4, start),
    ];
    if let Some(name) = &opts.product_name {
        file_id.push(f_string(8, name));
    }
    e.message(mesg::FILE_ID, &file_id);
    if opts.developer {
        write_pod_descriptions(&mut e);
    }
    if opts.events {
        e.message(mesg::EVENT, &timer_event(start, EVENT_TYPE_START));
    }
    let q = &opts.quirks;
    // The timestamp a message at second `t` carries, after a clock jump if any.
    let stamp = |t: u32| {
        let ts = fit_timestamp(run.time_at(t))?;
        match q.clock_jump {
            Some((from, shift)) if t >= from => {
                u32::try_from(i64::from(ts).checked_add(shift)?).ok()
            }
            _ => Some(ts),
        }
    };
    let last_idx = run.points.len().saturating_sub(1);
    let written_laps = if q.session_without_last_lap {
        run.laps.len().saturating_sub(1)
    } else {
        run.laps.len()
    };
    let mut laps = run.laps.iter().take(written_laps).peekable();
    // The pauses by the second they start at, in their order (one lookup per point: a
    // scan of every pause per point would make a run of many pauses quadratic to write).
    let mut pauses_at: std::collections::HashMap<u32, Vec<&SynthPause>> =
        std::collections::HashMap::new();
    for pause in &run.pauses {
        pauses_at.entry(pause.start_s).or_default().push(pause);
    }
    for (i, p) in run.points.iter().enumerate() {
        if q.first_record_at_s.is_none_or(|t| p.t_s >= t) {
            let mut fields = record(run, p);
            set_u32(&mut fields, 253, stamp(p.t_s));
            if q.altitude_placeholder_until_s.is_some_and(|t| p.t_s < t) {
                set_u32(&mut fields, 78, Some(0));
            }
            if opts.developer {
                // The watch has no running dynamics: the pod's fields stand in for them.
                fields.retain(|f| !matches!(f.num, 39 | 41 | 83 | 84 | 85));
                e.message_with_developer_fields(mesg::RECORD, &fields, &pod_values(p));
            } else if q.split_records {
                let pos: Vec<Field> = fields
                    .iter()
                    .filter(|f| f.num <= 1 || f.num == 253)
                    .cloned()
                    .collect();
                let sensors: Vec<Field> = fields.into_iter().filter(|f| f.num > 1).collect();
                e.message(mesg::RECORD, &pos);
                e.message(mesg::RECORD, &sensors);
            } else {
                e.message(mesg::RECORD, &fields);
            }
        }
        if i == last_idx {
            break;
        }
        if opts.laps {
            if let Some(l) = laps.next_if(|l| l.last_point == i) {
                let mut fields = lap(run, l);
                set_u32(&mut fields, 253, stamp(l.end_s));
                set_u32(&mut fields, 2, stamp(l.start_s));
                e.message(mesg::LAP, &fields);
            }
        }
        if opts.events {
            for pause in pauses_at.get(&p.t_s).into_iter().flatten() {
                let stop = stamp(pause.start_s);
                let go = stamp(pause.end_s);
                e.message(mesg::EVENT, &timer_event(stop, EVENT_TYPE_STOP_ALL));
                e.message(mesg::EVENT, &timer_event(go, EVENT_TYPE_START));
            }
        }
    }
    let end = run.points.last().and_then(|p| stamp(p.t_s));
    if let (Some(extra), Some(p)) = (q.trailing_empty_s, run.points.last()) {
        e.message(mesg::RECORD, &[f_u32(253, stamp(p.t_s + extra))]);
    }
    if opts.events {
        e.message(mesg::EVENT, &timer_event(end, EVENT_TYPE_STOP_ALL));
    }
    if opts.laps {
        for l in laps {
            let mut fields = lap(run, l);
            set_u32(&mut fields, 253, stamp(l.end_s));
            set_u32(&mut fields, 2, stamp(l.start_s));
            e.message(mesg::LAP, &fields);
        }
    }
    if opts.session {
        let n = opts.laps.then_some(written_laps);
        let mut fields = session(run, n);
        set_u32(&mut fields, 253, end);
        if q.session_without_last_lap {
            // What such a watch writes: the session sums the laps it wrote.
            let written = &run.laps[..written_laps];
            let sum = |f: &dyn Fn(&SynthLap) -> f64| written.iter().map(f).sum::<f64>();
            set_u32(
                &mut fields,
                7,
                s_u32(Some(sum(&|l| l.elapsed_s)), 1000.0, 0.0),
            );
            set_u32(
                &mut fields,
                8,
                s_u32(Some(sum(&|l| l.timer_s)), 1000.0, 0.0),
            );
            set_u32(
                &mut fields,
                9,
                s_u32(Some(sum(&|l| l.distance_m)), 100.0, 0.0),
            );
        }
        e.message(mesg::SESSION, &fields);
    }
    if opts.activity {
        e.message(
            mesg::ACTIVITY,
            &[
                f_u32(253, end),
                f_u32(0, s_u32(Some(run.truth.timer_time_s), 1000.0, 0.0)),
                f_u16(1, Some(u16::from(opts.session))),
                f_enum(2, 0), // type: manual
                f_enum(3, EVENT_ACTIVITY),
                f_enum(4, EVENT_TYPE_STOP),
                // local_timestamp: the synthetic runner lives in Zurich (where the
                // generated routes start), so the watch's local clock is Zurich's.
                f_u32(
                    5,
                    end.map(|e| e.wrapping_add_signed(zurich_offset_s(run.start))),
                ),
            ],
        );
    }
    // Records past 4 GiB: no generated run comes near.
    e.finish().unwrap_or_default()
}

/// Zurich's offset from UTC at `t`, seconds (CET +1 h, CEST +2 h; IANA tz database).
fn zurich_offset_s(t: DateTime<Utc>) -> i32 {
    use chrono::{Offset, TimeZone};
    chrono_tz::Europe::Zurich
        .offset_from_utc_datetime(&t.naive_utc())
        .fix()
        .local_minus_utc()
}

#[cfg(test)]
mod tests {
    use super::super::{generate, Scenario, SynthRun};
    use super::*;
    use chrono::TimeZone;
    use fitparser::{FitDataRecord, Value};

    fn runs() -> Vec<SynthRun> {
        Scenario::all()
            .iter()
            .map(|s| generate(s).expect("built-in scenario"))
            .collect()
    }

    fn decode(bytes: &[u8]) -> Vec<FitDataRecord> {
        fitparser::from_bytes(bytes).expect("decodes, CRCs valid")
    }

    fn of_kind<'a>(recs: &'a [FitDataRecord], kind: &str) -> Vec<&'a FitDataRecord> {
        recs.iter()
            .filter(|r| r.kind().to_string() == kind)
            .collect()
    }

    fn value<'a>(r: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
        r.fields()
            .iter()
            .find(|f| f.name() == name)
            .map(|f| f.value())
    }

    fn num(r: &FitDataRecord, name: &str) -> Option<f64> {
        value(r, name).and_then(|v| match v {
            Value::Timestamp(t) => Some(t.timestamp() as f64),
            Value::String(_) | Value::Array(_) => None,
            other => TryInto::<f64>::try_into(other.clone()).ok(),
        })
    }

    fn text(r: &FitDataRecord, name: &str) -> Option<String> {
        value(r, name).map(ToString::to_string)
    }

    fn time(r: &FitDataRecord, name: &str) -> Option<DateTime<Utc>> {
        match value(r, name) {
            Some(Value::Timestamp(t)) => Some(t.with_timezone(&Utc)),
            _ => None,
        }
    }

    #[test]
    fn crc_of_known_vectors() {
        // The CRC appended to data makes the CRC of the whole 0 (a CRC-16 property).
        let data = b"123456789";
        let c = crc16(data);
        let mut with = data.to_vec();
        with.extend_from_slice(&c.to_le_bytes());
        assert_eq!(crc16(&with), 0);
        // CRC-16/ARC (poly 0xA001 reflected, init 0) of "123456789" is 0xBB3D; the FIT
        // nibble table implements the same polynomial.
        assert_eq!(c, 0xBB3D);
    }

    #[test]
    fn crc_matches_real_fit_headers() {
        let Some(entries) = crate::corpus::dir().and_then(|d| std::fs::read_dir(d).ok()) else {
            return;
        };
        let mut checked = 0;
        for sub in entries.flatten() {
            let Ok(files) = std::fs::read_dir(sub.path()) else {
                continue;
            };
            for f in files.flatten() {
                let path = f.path();
                if path.extension().and_then(|e| e.to_str()) != Some("fit") {
                    continue;
                }
                let Ok(bytes) = std::fs::read(&path) else {
                    continue;
                };
                if bytes.len() < 14 || bytes[0] != 14 {
                    continue;
                }
                let stored = u16::from_le_bytes([bytes[12], bytes[13]]);
                if stored == 0 {
                    continue; // header CRC is optional
                }
                assert_eq!(crc16(&bytes[..12]), stored, "{}", path.display());
                checked += 1;
            }
        }
        eprintln!("checked {checked} corpus headers");
    }

    // Semicircles decoded from an i32 field: in range.
    #[allow(clippy::cast_possible_truncation)]
    #[test]
    fn every_run_decodes_with_all_records() {
        for run in runs() {
            let bytes = encode(&run, &FitOptions::default());
            assert_eq!(&bytes[8..12], b".FIT");
            let data_size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
            assert_eq!(data_size as usize, bytes.len() - 16);
            let recs = decode(&bytes);
            let records = of_kind(&recs, "record");
            assert_eq!(records.len(), run.points.len(), "{}", run.name);
            assert_eq!(of_kind(&recs, "lap").len(), run.laps.len());
            assert_eq!(of_kind(&recs, "session").len(), 1);
            assert_eq!(of_kind(&recs, "activity").len(), 1);
            let file_id = of_kind(&recs, "file_id")[0];
            assert_eq!(text(file_id, "type").as_deref(), Some("activity"));
            assert_eq!(
                text(file_id, "manufacturer").as_deref(),
                Some("development")
            );
            assert_eq!(
                text(file_id, "product_name").as_deref(),
                Some("stridewise synth")
            );
            for (r, p) in records.iter().zip(&run.points) {
                // Timestamps decode to the expected UTC instant.
                assert_eq!(time(r, "timestamp"), Some(run.time_at(p.t_s)));
                // Cadence + fraction reproduce the step rate within 1/64 spm.
                let c = num(r, "cadence").unwrap();
                let fr = num(r, "fractional_cadence").unwrap();
                assert!((2.0 * (c + fr) - p.cadence_spm).abs() <= 1.0 / 64.0);
                let d = num(r, "distance").unwrap();
                assert!((d - p.distance_m).abs() <= 0.005 + 1e-9);
                let v = num(r, "enhanced_speed").unwrap();
                assert!((v - p.speed_mps).abs() < 1e-9);
                assert_eq!(num(r, "heart_rate"), Some(f64::from(p.heart_rate_bpm)));
                match (p.lat_deg, p.lon_deg) {
                    (Some(la), Some(lo)) => {
                        let dla = degrees(num(r, "position_lat").unwrap() as i32);
                        let dlo = degrees(num(r, "position_long").unwrap() as i32);
                        assert!((dla - la).abs() < 1e-6 && (dlo - lo).abs() < 1e-6);
                    }
                    _ => assert!(value(r, "position_lat").is_none()),
                }
                match p.altitude_m {
                    Some(a) => {
                        assert!((num(r, "enhanced_altitude").unwrap() - a).abs() < 1e-9);
                    }
                    None => assert!(value(r, "enhanced_altitude").is_none()),
                }
                if let Some(st) = p.stance_time_ms {
                    assert!((num(r, "stance_time").unwrap() - st).abs() < 1e-9);
                    let vo = num(r, "vertical_oscillation").unwrap();
                    assert!((vo - p.vertical_oscillation_mm.unwrap()).abs() < 1e-9);
                    let sl = num(r, "step_length").unwrap();
                    assert!((sl - p.step_length_mm.unwrap()).abs() < 1e-9);
                    let vr = num(r, "vertical_ratio").unwrap();
                    assert!((vr - p.vertical_ratio_pct.unwrap()).abs() < 1e-9);
                    let b = num(r, "stance_time_balance").unwrap();
                    assert!((b - p.stance_time_balance_pct.unwrap()).abs() < 1e-9);
                }
            }
        }
    }

    #[test]
    fn semicircles_round_trip() {
        for deg in [
            0.0,
            47.372,
            -0.165_123_4,
            89.999_999,
            -179.999_999,
            8.538_000_1,
        ] {
            let s = semicircles(deg).unwrap();
            assert!((degrees(s) - deg).abs() < 1e-6, "{deg}");
            // One semicircle is 180 / 2^31 ≈ 8.4e-8 degrees: rounding is within half.
            assert!((degrees(s) - deg).abs() <= 0.5 * 180.0 / 2_147_483_648.0 + 1e-15);
        }
        assert_eq!(semicircles(180.0), None);
        assert_eq!(semicircles(f64::NAN), None);
        assert_eq!(semicircles(-180.0), Some(i32::MIN));
    }

    #[test]
    fn cadence_split() {
        assert_eq!(cadence_fields(171.0), Some((85, 64)));
        assert_eq!(cadence_fields(172.0), Some((86, 0)));
        assert_eq!(cadence_fields(170.0 + 1.0 / 64.0), Some((85, 1)));
        // Rounding up across a whole stride carries.
        assert_eq!(cadence_fields(171.999_999), Some((86, 0)));
        assert_eq!(cadence_fields(-1.0), None);
        assert_eq!(cadence_fields(600.0), None);
    }

    #[test]
    fn fit_epoch() {
        let t = Utc.with_ymd_and_hms(1989, 12, 31, 0, 0, 0).unwrap();
        assert_eq!(fit_timestamp(t), Some(0));
        let t = Utc.with_ymd_and_hms(2024, 5, 4, 7, 30, 0).unwrap();
        assert_eq!(
            i64::from(fit_timestamp(t).unwrap()),
            t.timestamp() - 631_065_600
        );
        assert_eq!(fit_timestamp(t - chrono::Duration::days(20_000)), None);
    }

    #[test]
    fn session_totals_equal_truth() {
        for run in runs() {
            let t = &run.truth;
            let recs = decode(&encode(&run, &FitOptions::default()));
            let s = of_kind(&recs, "session")[0];
            assert!((num(s, "total_distance").unwrap() - t.total_distance_m).abs() <= 0.005);
            assert_eq!(num(s, "total_timer_time"), Some(t.timer_time_s));
            assert_eq!(num(s, "total_elapsed_time"), Some(t.elapsed_time_s));
            assert_eq!(time(s, "start_time"), Some(run.start));
            assert_eq!(text(s, "sport").as_deref(), Some("running"));
            assert_eq!(text(s, "sub_sport").as_deref(), Some(run.sub_sport.name()));
            let cad = num(s, "avg_running_cadence")
                .or_else(|| num(s, "avg_cadence"))
                .unwrap();
            let frac = num(s, "avg_fractional_cadence").unwrap();
            let spm = 2.0 * (cad + frac);
            assert!((spm - t.avg_running_cadence_spm.unwrap()).abs() <= 1.0 / 64.0);
            let hr = num(s, "avg_heart_rate").unwrap();
            assert!((hr - t.stats.avg_heart_rate_bpm.unwrap()).abs() <= 0.5);
            let v = num(s, "enhanced_avg_speed").unwrap();
            assert!((v - t.avg_speed_mps).abs() <= 0.0005);
            match t.elevation_gain_m {
                Some(g) => {
                    assert_eq!(num(s, "total_ascent"), Some(g.round()));
                    assert_eq!(num(s, "total_descent"), t.elevation_loss_m.map(f64::round));
                }
                None => assert!(value(s, "total_ascent").is_none()),
            }
            let a = of_kind(&recs, "activity")[0];
            assert_eq!(num(a, "num_sessions"), Some(1.0));
            assert_eq!(num(a, "total_timer_time"), Some(t.timer_time_s));
        }
    }

    #[test]
    fn pause_is_written_as_timer_events() {
        let run = generate(&Scenario::hilly_10k()).unwrap();
        let recs = decode(&encode(&run, &FitOptions::default()));
        let events: Vec<(String, DateTime<Utc>)> = of_kind(&recs, "event")
            .iter()
            .map(|e| {
                assert_eq!(text(e, "event").as_deref(), Some("timer"));
                (
                    text(e, "event_type").unwrap(),
                    time(e, "timestamp").unwrap(),
                )
            })
            .collect();
        let p = run.pauses[0];
        let last = run.points.last().unwrap().t_s;
        assert_eq!(
            events,
            vec![
                ("start".to_string(), run.start),
                ("stop_all".to_string(), run.time_at(p.start_s)),
                ("start".to_string(), run.time_at(p.end_s)),
                ("stop_all".to_string(), run.time_at(last)),
            ]
        );
    }

    #[test]
    fn laps_match_truth() {
        let run = generate(&Scenario::hilly_10k()).unwrap();
        let recs = decode(&encode(&run, &FitOptions::default()));
        let laps = of_kind(&recs, "lap");
        for (r, l) in laps.iter().zip(&run.laps) {
            assert_eq!(num(r, "total_timer_time"), Some(l.timer_s));
            assert!((num(r, "total_distance").unwrap() - l.distance_m).abs() <= 0.005);
            assert_eq!(time(r, "start_time"), Some(run.time_at(l.start_s)));
        }
        let trig: Vec<String> = laps.iter().filter_map(|r| text(r, "lap_trigger")).collect();
        assert_eq!(trig.last().map(String::as_str), Some("session_end"));
        assert!(trig[..trig.len() - 1].iter().all(|t| t == "distance"));
    }

    #[test]
    fn options_leave_messages_out() {
        let run = generate(&Scenario::treadmill()).unwrap();
        let opts = FitOptions {
            events: false,
            laps: false,
            session: false,
            activity: false,
            product_name: None,
            ..FitOptions::default()
        };
        let recs = decode(&encode(&run, &opts));
        assert!(of_kind(&recs, "session").is_empty());
        assert!(of_kind(&recs, "lap").is_empty());
        assert!(of_kind(&recs, "event").is_empty());
        assert!(of_kind(&recs, "activity").is_empty());
        assert_eq!(of_kind(&recs, "record").len(), run.points.len());
    }

    #[test]
    fn damaged_variants_fail_or_decode_as_expected() {
        let run = generate(&Scenario::run_walk_5_1()).unwrap();
        let bytes = encode(&run, &FitOptions::default());
        // Truncated: the CRC and the tail are gone.
        assert!(fitparser::from_bytes(&truncate(&bytes, bytes.len() / 2)).is_err());
        assert!(fitparser::from_bytes(&truncate(&bytes, 10)).is_err());
        assert_eq!(truncate(&bytes, usize::MAX), bytes);
        // A flipped data byte breaks the file CRC.
        let flipped = flip_byte(&bytes, bytes.len() / 2);
        assert_ne!(flipped, bytes);
        assert!(fitparser::from_bytes(&flipped).is_err());
        assert_eq!(flip_byte(&bytes, usize::MAX), bytes);
        // An edited header (profile version) with CRCs recomputed still decodes.
        let mut edited = bytes.clone();
        edited[2] = 0x01;
        assert!(fitparser::from_bytes(&edited).is_err());
        recompute_crcs(&mut edited);
        assert_eq!(of_kind(&decode(&edited), "record").len(), run.points.len());
        // Recomputing the CRCs of an intact file changes nothing.
        let mut same = bytes.clone();
        recompute_crcs(&mut same);
        assert_eq!(same, bytes);
    }

    #[test]
    fn encoding_is_deterministic() {
        for run in runs() {
            let a = encode(&run, &FitOptions::default());
            let b = encode(&run, &FitOptions::default());
            assert_eq!(a, b);
        }
    }
}
