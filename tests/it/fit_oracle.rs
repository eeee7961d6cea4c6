//! fitparser as an oracle for our FIT decoder (`stridewise_fit::decode`).
//!
//! Shared by `tests/it/fit_differential.rs` and the `fit_differential` fuzz target
//! (`fuzz/fuzz_targets/fit_differential.rs` includes this file by path), so both compare
//! the same way.
//!
//! The oracle side drives fitparser's streaming API as `crates/engine/src/ingest/fit.rs` did before our
//! decoder replaced it (decode message by message, reset at each file CRC, default
//! options); the raw `compressed_speed_distance` bytes are taken from fitparser's parsed
//! message before its profile decoding drops them. The comparison covers every field `fit.rs` uses, message by message, and encodes where
//! fitparser is known to differ:
//!
//! 1. **`compressed_speed_distance` distance** (record field 8): the profile marks the
//!    12-bit distance component as accumulated, i.e. the stored bits are the low 12 bits of
//!    a running total in 1/16 m, and a reader adds the difference from the previous value
//!    modulo 4096 (FIT SDK "Components"). fitparser adds the raw values themselves, so its
//!    distance grows by the whole 0–255 m window every record. Those records are checked
//!    against an independent expectation computed here from the raw bytes fitparser
//!    exposes; fitparser's own figure is asserted to be wrong once the total passes 256 m.
//! 2. **A field and its component expansion in one message** (`speed` and `enhanced_speed`,
//!    `altitude` and `enhanced_altitude`, `avg_speed` and `enhanced_avg_speed`, `distance`
//!    and `compressed_speed_distance`): fitparser emits the destination field twice, in an
//!    order that depends on `HashMap` iteration, so `fit.rs` picked one at random. Ours
//!    takes the message's own field; the check accepts any value fitparser emitted.
//! 3. **A compressed-timestamp message that also holds field 253**: fitparser emits two
//!    `timestamp`s; the old `fit.rs` took the last one for records and the first one for
//!    events and sessions. Ours uses the header's time for every message (the last one).
//! 4. **Strings**: fitparser turns invalid UTF-8 into no value and an empty string into
//!    `""`; ours reads lossy UTF-8 and treats an empty string as absent (the FIT invalid
//!    string). Both are accepted as equal.
//! 5. **`favero_product`**: the old `fit.rs` ignored this `product` subfield; ours shows
//!    the number like any unnamed product.
//! 6. **Developer fields without a `field_description`**: fitparser stops (it needs the
//!    description to read them); ours skips their bytes by size, as the protocol allows.
//!    When fitparser stops early, only the messages it decoded are compared.
//! 7. **A message that runs past the data size in the header**: fitparser does not check
//!    the boundary and decodes it when the input goes on; ours stops with damage there
//!    (the bytes past the data are the file CRC or another file). The oracle run treats
//!    such a message as where fitparser stops.
//! 8. **A header size byte below 12**: fitparser reads a 12-byte header anyway and goes
//!    on; ours rejects it (a header holds at least 12 bytes). Treated as where fitparser
//!    stops.
//! 9. **Developer fields named like profile fields**: fitparser names a developer field
//!    by its `field_description`, so a Connect IQ field called `position_lat` or
//!    `heart_rate` appears under that name, and the old `fit.rs` read it as the profile
//!    field (the last one won in records). A message that differs is compared again
//!    without developer fields.
//!
//! Inputs whose layout a reader must interpret ([`Summary::nonstandard`]: arrays where a
//! number is expected, floats for timestamps, a field defined twice, odd header sizes,
//! ...) are compared by the corpus test like any other; the fuzz target compares only the
//! messages before the first such layout ([`compare_first`]), since fitparser's reading
//! of them is accidental.
//!
//! [`Summary::nonstandard`]: stridewise_fit::decode::Summary::nonstandard

#![allow(dead_code)] // each includer uses a part

use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{FitDataField, FitDataRecord, Value};
use stridewise_fit::decode::{self as fit_decode, Decoder, EnumType, Message, Summary};

/// What fitparser decoded, message by message.
pub struct OracleRun {
    /// Messages of the kinds we read, with the index of the (chained) file they are in.
    pub messages: Vec<(usize, FitDataRecord)>,
    /// Per message above, the raw `compressed_speed_distance` bits if it had that field,
    /// as fitparser's parser read them (before its profile decoding drops the field).
    pub packed: Vec<Option<u64>>,
    /// Data messages of every kind.
    pub data_messages: usize,
    /// Why fitparser stopped before the end of the input, if it did.
    pub error: Option<String>,
}

/// Decode with fitparser's streaming API, as the old `fit.rs` did.
///
/// # Panics
/// When fitparser panics; callers that feed arbitrary bytes wrap this in `catch_unwind`.
pub fn oracle(bytes: &[u8]) -> OracleRun {
    let mut processor = FitStreamProcessor::new();
    let mut run = OracleRun {
        messages: Vec::new(),
        packed: Vec::new(),
        data_messages: 0,
        error: None,
    };
    let mut rest = bytes;
    let mut file = 0usize;
    let mut data_end = 0usize;
    while !rest.is_empty() {
        let at = bytes.len() - rest.len();
        match processor.deserialize_next(rest) {
            Ok((next, obj)) => {
                if next.len() >= rest.len() {
                    run.error = Some("no progress".into());
                    break;
                }
                // Item 7: fitparser reads a message across the end of the data the header
                // declares (into where the file CRC belongs) when the input goes on.
                let past = bytes.len() - next.len();
                if matches!(
                    obj,
                    FitObject::DataMessage(_) | FitObject::DefinitionMessage(_)
                ) && past > data_end
                {
                    run.error = Some(format!("message at byte {at} runs past the data size"));
                    break;
                }
                match obj {
                    FitObject::Crc(_) => processor.reset(),
                    FitObject::Header(h) if h.header_size() < 12 => {
                        // Item 8: fitparser reads 12 bytes whatever the size byte says.
                        run.error = Some(format!("header size {} below 12", h.header_size()));
                        break;
                    }
                    FitObject::Header(h) => {
                        file += 1;
                        data_end = at
                            + usize::from(h.header_size())
                            + usize::try_from(h.data_size()).unwrap_or(usize::MAX);
                    }
                    FitObject::DataMessage(msg) => {
                        // Item 1: the raw bytes of record field 8, from fitparser's parser.
                        let packed = (msg.global_message_number() == 20)
                            .then(|| msg.fields().get(&8).and_then(packed_bits))
                            .flatten();
                        match processor.decode_message(msg) {
                            Ok(rec) => {
                                run.data_messages += 1;
                                if is_ours(rec.kind()) {
                                    run.messages.push((file, rec));
                                    run.packed.push(packed);
                                }
                            }
                            Err(e) => {
                                run.error = Some(e.to_string());
                                break;
                            }
                        }
                    }
                    FitObject::DefinitionMessage(_) => {}
                }
                rest = next;
            }
            Err(e) => {
                run.error = Some(e.to_string());
                break;
            }
        }
    }
    run
}

fn is_ours(kind: MesgNum) -> bool {
    matches!(
        kind,
        MesgNum::FileId
            | MesgNum::Record
            | MesgNum::Event
            | MesgNum::Session
            | MesgNum::Lap
            | MesgNum::Activity
            | MesgNum::Sport
            | MesgNum::FieldDescription
    )
}

/// What our decoder decoded.
pub struct OursRun<'a> {
    /// Messages, without the final damage.
    pub messages: Vec<Message<'a>>,
    /// Each message's developer values ([`Decoder::developer_values`]; empty but for
    /// records), by the same index.
    pub developer: Vec<Vec<fit_decode::DevValue>>,
    /// Why it stopped early, if it did.
    pub damage: Option<fit_decode::Damage>,
    /// Its counts.
    pub summary: Summary,
}

/// Decode with our decoder.
pub fn ours(bytes: &[u8]) -> OursRun<'_> {
    let mut d = Decoder::new(bytes);
    let mut run = OursRun {
        messages: Vec::new(),
        developer: Vec::new(),
        damage: None,
        summary: Summary::default(),
    };
    while let Some(m) = d.next() {
        match m {
            Message::Damage(x) => run.damage = Some(x),
            other => {
                run.messages.push(other);
                run.developer.push(d.developer_values().to_vec());
            }
        }
    }
    run.summary = d.summary();
    run
}

/// What a comparison covered.
#[derive(Debug, Default, Clone, Copy)]
pub struct Coverage {
    /// Messages compared.
    pub messages: usize,
    /// Field values compared (present on either side).
    pub fields: usize,
    /// Records whose distance was checked against the accumulation expectation.
    pub compressed_records: usize,
    /// Of those, records where fitparser's accumulated distance was wrong.
    pub fitparser_distance_wrong: usize,
    /// Developer field values compared (present on either side).
    pub developer_values: usize,
}

impl std::ops::AddAssign for Coverage {
    fn add_assign(&mut self, o: Self) {
        self.messages += o.messages;
        self.fields += o.fields;
        self.compressed_records += o.compressed_records;
        self.fitparser_distance_wrong += o.fitparser_distance_wrong;
        self.developer_values += o.developer_values;
    }
}

/// All values of a field by name (fitparser may emit a name twice, see item 2 above).
fn values<'r>(rec: &'r FitDataRecord, name: &str) -> Vec<&'r Value> {
    rec.fields()
        .iter()
        .filter(|f| f.name() == name)
        .map(FitDataField::value)
        .collect()
}

/// As the old `fit.rs` read numbers.
fn num(v: &Value) -> Option<f64> {
    let x = match v {
        Value::Byte(x) | Value::UInt8(x) | Value::UInt8z(x) | Value::Enum(x) => f64::from(*x),
        Value::SInt8(x) => f64::from(*x),
        Value::SInt16(x) => f64::from(*x),
        Value::UInt16(x) | Value::UInt16z(x) => f64::from(*x),
        Value::SInt32(x) => f64::from(*x),
        Value::UInt32(x) | Value::UInt32z(x) => f64::from(*x),
        Value::SInt64(x) => *x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => *x as f64,
        Value::Float32(x) => f64::from(*x),
        Value::Float64(x) => *x,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

/// As the old `fit.rs` read enum names and strings.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Invalid => None,
        other => Some(other.to_string()),
    }
}

fn same_num(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

struct Cmp<'r> {
    at: usize,
    kind: &'static str,
    rec: &'r FitDataRecord,
    fields: usize,
}

impl Cmp<'_> {
    fn fail(
        &self,
        field: &str,
        ours: &dyn std::fmt::Debug,
        theirs: &dyn std::fmt::Debug,
    ) -> String {
        format!(
            "message {} ({}), field {field}: ours {ours:?}, fitparser {theirs:?}",
            self.at, self.kind
        )
    }

    /// A number: ours must equal one of fitparser's values for any of `names`, or both
    /// are absent.
    fn num(&mut self, names: &[&str], ours: Option<f64>) -> Result<(), String> {
        let theirs: Vec<f64> = names
            .iter()
            .flat_map(|n| values(self.rec, n))
            .filter_map(num)
            .collect();
        if ours.is_some() || !theirs.is_empty() {
            self.fields += 1;
        }
        let ok = match ours {
            None => theirs.is_empty(),
            Some(o) => theirs.iter().any(|t| same_num(o, *t)),
        };
        if ok {
            Ok(())
        } else {
            Err(self.fail(names.first().copied().unwrap_or_default(), &ours, &theirs))
        }
    }

    /// A timestamp, to the second: fitparser's last `timestamp` (item 3 above).
    fn time(&mut self, name: &str, ours: Option<i64>) -> Result<(), String> {
        let all = values(self.rec, name);
        let theirs = all.last().and_then(|v| match v {
            Value::Timestamp(t) => Some(t.timestamp()),
            _ => None,
        });
        let ours = ours.and_then(fit_decode::unix_seconds);
        if ours.is_some() || theirs.is_some() {
            self.fields += 1;
        }
        if ours == theirs {
            Ok(())
        } else {
            Err(self.fail(name, &ours, &theirs))
        }
    }

    /// An enum shown as a name (or its number).
    fn label(&mut self, name: &str, ty: EnumType, ours: Option<i64>) -> Result<(), String> {
        let theirs = values(self.rec, name).first().and_then(|v| text(v));
        let ours = ours.map(|v| ty.label(v).to_string());
        if ours.is_some() || theirs.is_some() {
            self.fields += 1;
        }
        if ours == theirs {
            Ok(())
        } else {
            Err(self.fail(name, &ours, &theirs))
        }
    }

    fn string(
        &mut self,
        name: &str,
        ours: Option<String>,
        theirs: Option<String>,
    ) -> Result<(), String> {
        if ours.is_some() || theirs.is_some() {
            self.fields += 1;
        }
        let theirs_norm = theirs.clone().filter(|s| !s.is_empty());
        let ok = ours == theirs_norm
            // Item 4: invalid UTF-8 is no value for fitparser, lossy text for us.
            || (theirs.is_none() && ours.as_deref().is_some_and(|s| s.contains('\u{FFFD}')));
        if ok {
            Ok(())
        } else {
            Err(self.fail(name, &ours, &theirs))
        }
    }
}

/// The 24 bits of a `compressed_speed_distance` value as fitparser exposes them (a byte
/// array in file order).
fn packed_bits(v: &Value) -> Option<u64> {
    let Value::Array(bytes) = v else {
        return None;
    };
    let mut bits = 0u64;
    for (i, b) in bytes.iter().enumerate() {
        let Value::Byte(b) = b else { return None };
        bits |= u64::from(*b) << (8 * i);
    }
    (bytes.len() == 3).then_some(bits)
}

/// The FIT SDK accumulation of a 12-bit component, computed independently of our decoder.
#[derive(Default, Clone)]
struct Accumulator {
    file: usize,
    last: u64,
    total: u64,
}

impl Accumulator {
    fn add(&mut self, file: usize, raw: u64) -> u64 {
        if file != self.file {
            *self = Self {
                file,
                ..Self::default()
            };
        }
        self.total += (raw + 4096 - self.last) % 4096;
        self.last = raw;
        self.total
    }
}

/// Compare our messages with fitparser's, message by message, on every field `fit.rs`
/// uses. When fitparser stopped early, only the messages it decoded are compared, and
/// ours must have decoded at least as many.
///
/// # Errors
/// The first difference, naming the message and field.
pub fn compare(ours: &OursRun<'_>, theirs: &OracleRun) -> Result<Coverage, String> {
    compare_first(ours, theirs, usize::MAX)
}

/// [`compare`] over the first `limit` messages only.
///
/// # Errors
/// The first difference, naming the message and field.
pub fn compare_first(
    ours: &OursRun<'_>,
    theirs: &OracleRun,
    limit: usize,
) -> Result<Coverage, String> {
    let mut cov = Coverage::default();
    let n = theirs.messages.len().min(limit);
    if theirs.error.is_none() && limit == usize::MAX && ours.messages.len() != n {
        return Err(format!(
            "{} messages of our kinds, fitparser {n}",
            ours.messages.len()
        ));
    }
    if ours.messages.len() < n {
        return Err(format!(
            "ours stopped after {} messages ({:?}), fitparser decoded {n}",
            ours.messages.len(),
            ours.damage
        ));
    }
    let mut acc = Accumulator::default();
    for (at, ((m, values), (file, rec))) in ours
        .messages
        .iter()
        .zip(&ours.developer)
        .zip(&theirs.messages)
        .take(n)
        .enumerate()
    {
        let packed = theirs.packed.get(at).copied().flatten();
        let before = acc.clone();
        let one = match message(at, m, *file, rec, packed, &mut acc) {
            Ok(one) => one,
            Err(e) => {
                // Item 9: retry without developer fields named like profile fields.
                acc = before;
                let Some(regular) = without_developer_fields(rec) else {
                    return Err(e);
                };
                message(at, m, *file, &regular, packed, &mut acc).map_err(|_| e)?
            }
        };
        cov += one;
        if let Message::Record(_) = m {
            cov.developer_values += developer(at, values, rec)?;
        }
    }
    if theirs.error.is_none()
        && limit == usize::MAX
        && ours.summary.data_messages != theirs.data_messages
    {
        return Err(format!(
            "{} data messages in all, fitparser {}",
            ours.summary.data_messages, theirs.data_messages
        ));
    }
    Ok(cov)
}

/// Compare one message pair; its coverage.
fn message(
    at: usize,
    m: &Message<'_>,
    file: usize,
    rec: &FitDataRecord,
    packed: Option<u64>,
    acc: &mut Accumulator,
) -> Result<Coverage, String> {
    let mut cov = Coverage::default();
    let mut c = Cmp {
        at,
        kind: "",
        rec,
        fields: 0,
    };
    match (m, rec.kind()) {
        (Message::FileId(f), MesgNum::FileId) => {
            c.kind = "file_id";
            c.label("type", EnumType::File, f.file_type)?;
            c.label("manufacturer", EnumType::Manufacturer, f.manufacturer)?;
            let theirs_product = ["garmin_product", "product", "favero_product"]
                .iter()
                .find_map(|n| values(rec, n).first().and_then(|v| text(v)));
            c.string(
                "product",
                f.product_label().map(|l| l.to_string()),
                theirs_product,
            )?;
            let theirs_name = values(rec, "product_name").first().and_then(|v| text(v));
            c.string("product_name", f.product_name_text(), theirs_name)?;
        }
        (Message::Record(r), MesgNum::Record) => {
            c.kind = "record";
            c.time("timestamp", r.timestamp)?;
            c.num(&["position_lat"], r.position_lat)?;
            c.num(&["position_long"], r.position_long)?;
            c.num(&["heart_rate"], r.heart_rate_bpm)?;
            c.num(&["cadence"], r.cadence)?;
            c.num(&["fractional_cadence"], r.fractional_cadence)?;
            c.num(&["stance_time"], r.stance_time_ms)?;
            c.num(&["stance_time_balance"], r.stance_time_balance_pct)?;
            c.num(&["vertical_oscillation"], r.vertical_oscillation_mm)?;
            c.num(&["vertical_ratio"], r.vertical_ratio_pct)?;
            c.num(&["step_length"], r.step_length_mm)?;
            c.num(&["power"], r.power_w)?;
            c.num(&["enhanced_altitude"], r.altitude_m)?;
            c.num(&["enhanced_speed"], r.speed_mps)?;
            match packed {
                None => c.num(&["distance"], r.distance_m)?,
                Some(bits) => {
                    // Item 1: the independent expectation.
                    let total = acc.add(file, (bits >> 12) & 0xFFF);
                    let expected = total as f64 / 16.0;
                    let theirs: Vec<f64> = values(rec, "distance")
                        .into_iter()
                        .filter_map(num)
                        .collect();
                    c.fields += 1;
                    cov.compressed_records += 1;
                    let ours_ok = r.distance_m.is_some_and(|d| {
                        same_num(d, expected)
                            || (theirs.len() > 1 && theirs.iter().any(|t| same_num(d, *t)))
                    });
                    if !ours_ok {
                        return Err(c.fail("distance (accumulated)", &r.distance_m, &expected));
                    }
                    if !theirs.iter().any(|t| same_num(*t, expected)) {
                        cov.fitparser_distance_wrong += 1;
                    }
                }
            }
        }
        (Message::Event(e), MesgNum::Event) => {
            c.kind = "event";
            c.time("timestamp", e.timestamp)?;
            c.label("event", EnumType::Event, e.event)?;
            c.label("event_type", EnumType::EventType, e.event_type)?;
        }
        (Message::Session(s), MesgNum::Session) => {
            c.kind = "session";
            c.time("timestamp", s.timestamp)?;
            c.time("start_time", s.start_time)?;
            c.label("sport", EnumType::Sport, s.sport)?;
            c.label("sub_sport", EnumType::SubSport, s.sub_sport)?;
            c.num(&["total_elapsed_time"], s.total_elapsed_time_s)?;
            c.num(&["total_timer_time"], s.total_timer_time_s)?;
            c.num(&["total_distance"], s.total_distance_m)?;
            c.num(&["total_ascent"], s.total_ascent_m)?;
            c.num(&["total_descent"], s.total_descent_m)?;
            c.num(&["avg_heart_rate"], s.avg_heart_rate_bpm)?;
            c.num(&["enhanced_avg_speed"], s.avg_speed_mps)?;
            c.num(&["avg_running_cadence", "avg_cadence"], s.avg_cadence)?;
            c.num(&["avg_fractional_cadence"], s.avg_fractional_cadence)?;
            c.num(&["avg_stance_time"], s.avg_stance_time_ms)?;
            c.num(&["avg_vertical_oscillation"], s.avg_vertical_oscillation_mm)?;
            c.num(&["avg_step_length"], s.avg_step_length_mm)?;
            c.num(&["avg_vertical_ratio"], s.avg_vertical_ratio_pct)?;
        }
        (Message::Activity(a), MesgNum::Activity) => {
            c.kind = "activity";
            c.time("timestamp", a.timestamp)?;
            c.num(&["total_timer_time"], a.total_timer_time_s)?;
            c.num(&["num_sessions"], a.num_sessions.map(|n| n as f64))?;
        }
        (Message::Lap(l), MesgNum::Lap) => {
            c.kind = "lap";
            c.time("timestamp", l.timestamp)?;
            c.time("start_time", l.start_time)?;
            c.num(&["total_timer_time"], l.total_timer_time_s)?;
            c.num(&["total_distance"], l.total_distance_m)?;
        }
        (Message::FieldDescription(d), MesgNum::FieldDescription) => {
            c.kind = "field_description";
            c.num(
                &["developer_data_index"],
                Some(f64::from(d.developer_data_index)),
            )?;
            c.num(
                &["field_definition_number"],
                Some(f64::from(d.field_number)),
            )?;
            c.num(&["native_field_num"], d.native_field_num.map(f64::from))?;
            let theirs_name = values(rec, "field_name").first().and_then(|v| text(v));
            c.string("field_name", d.name.map(|_| d.name_text()), theirs_name)?;
            let theirs_units = values(rec, "units").first().and_then(|v| text(v));
            c.string("units", d.units.map(|_| d.units_text()), theirs_units)?;
        }
        (Message::Sport(s), MesgNum::Sport) => {
            c.kind = "sport";
            c.label("sport", EnumType::Sport, s.sport)?;
            c.label("sub_sport", EnumType::SubSport, s.sub_sport)?;
        }
        (m, k) => {
            return Err(format!("message {at}: ours {m:?}, fitparser {k}"));
        }
    }
    cov.messages += 1;
    cov.fields += c.fields;
    Ok(cov)
}

/// A record's developer values against fitparser's (fields with a developer data index):
/// each of ours is one of theirs with the same index, number and value, and each numeric
/// one of theirs is one of ours. fitparser never fills a native field from a developer
/// field; neither does our decoder (the reader does, see `ingest::fit`), so the native
/// fields are compared as they are. Returns the values compared.
fn developer(
    at: usize,
    values: &[fit_decode::DevValue],
    rec: &FitDataRecord,
) -> Result<usize, String> {
    let theirs: Vec<(u8, u8, Option<f64>)> = rec
        .fields()
        .iter()
        .filter_map(|f| {
            let idx = serde_json::to_value(f)
                .ok()?
                .get("developer_data_index")?
                .as_u64()?;
            Some((u8::try_from(idx).ok()?, f.number(), num(f.value())))
        })
        .collect();
    let mut n = 0;
    for d in values {
        n += 1;
        let found = theirs.iter().any(|(i, f, v)| {
            *i == d.developer_data_index
                && *f == d.field_number
                && v.is_some_and(|v| same_num(v, d.value))
        });
        if !found {
            return Err(format!(
                "message {at} (record), developer field {}/{}: ours {}, fitparser {theirs:?}",
                d.developer_data_index, d.field_number, d.value
            ));
        }
    }
    for (i, f, v) in &theirs {
        let Some(v) = v else { continue };
        let found = values
            .iter()
            .any(|d| d.developer_data_index == *i && d.field_number == *f && same_num(d.value, *v));
        if !found {
            return Err(format!(
                "message {at} (record), developer field {i}/{f}: ours absent, fitparser {v}"
            ));
        }
    }
    Ok(n)
}

/// The record without its developer fields (fitparser names them by their
/// `field_description`, so they can carry a profile field's name), or `None` when it has
/// none. fitparser has no accessor for a field's developer data index; its serde form has.
fn without_developer_fields(rec: &FitDataRecord) -> Option<FitDataRecord> {
    let is_dev = |f: &FitDataField| {
        serde_json::to_value(f)
            .ok()
            .and_then(|v| v.get("developer_data_index").map(|x| !x.is_null()))
            .unwrap_or(false)
    };
    if !rec.fields().iter().any(is_dev) {
        return None;
    }
    let mut out = FitDataRecord::new(rec.kind());
    for f in rec.fields().iter().filter(|f| !is_dev(f)) {
        out.push(f.clone());
    }
    Some(out)
}
