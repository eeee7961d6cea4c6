//! FIT reader on top of `fitparser`'s streaming decoder.
//!
//! This is the only module that sees fitparser's string field names and vendor units:
//! * running cadence: steps/min = 2 × (`cadence` + `fractional_cadence` / 128)
//!   (FIT SDK profile, `record.cadence` is strides/min for running; DOMAIN.md "Units").
//!   fitparser applies the profile's scale of 128 to `fractional_cadence` itself, so the
//!   decoded fraction is added as is;
//! * `enhanced_speed`/`enhanced_altitude` first, plain fields as fallback (fitparser
//!   moves the values there; DOMAIN.md "Units");
//! * positions in semicircles: degrees = semicircles × 180 / 2³¹ (FIT SDK);
//! * timestamps: fitparser hands out `DateTime<Local>`; converted to UTC at once so the
//!   output never depends on the machine's time zone.
//!
//! Damage: the decoder is driven message by message, so a file that breaks part-way (bad
//! CRC, truncated, garbage after a point) keeps every message decoded before the damage,
//! with a note saying what was lost. fitparser can panic on malformed input; the caller
//! ([`super::read_bytes`]) contains that per file.

use super::IngestError;
use crate::model::{
    Activity, CadenceSource, Device, DeviceSummary, Format, Lap, Pause, Sample, Sport,
};
use crate::units::{MetersPerSecond, StepsPerMin, StridesPerMin};
use chrono::{DateTime, Utc};
use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{FitDataField, FitDataRecord, Value};

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
    messages: usize,
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
    time: DateTime<Utc>,
    sample: Sample,
    /// `cadence` + `fractional_cadence` / 128 (already scaled): strides/min when running, rpm on a bike.
    cadence_raw: Option<f64>,
}

struct LapMsg {
    start: Option<DateTime<Utc>>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
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

fn decode_stream(bytes: &[u8]) -> Result<Stream, IngestError> {
    let mut processor = FitStreamProcessor::new();
    let mut stream = Stream::default();
    let mut rest = bytes;
    let mut files = 0usize;
    while !rest.is_empty() {
        let consumed_before = bytes.len() - rest.len();
        match processor.deserialize_next(rest) {
            Ok((next, obj)) => {
                if next.len() >= rest.len() {
                    // No progress: stop rather than spin on malformed input.
                    stream.damage(consumed_before, "decoder made no progress");
                    break;
                }
                match obj {
                    FitObject::Crc(_) => processor.reset(),
                    FitObject::Header(_) => files += 1,
                    FitObject::DataMessage(msg) => match processor.decode_message(msg) {
                        Ok(rec) => {
                            stream.messages += 1;
                            stream.take(&rec);
                        }
                        Err(e) => {
                            stream.damage(consumed_before, &e.to_string());
                            break;
                        }
                    },
                    FitObject::DefinitionMessage(_) => {}
                }
                rest = next;
            }
            Err(e) => {
                // Trailing bytes after a complete file that are too short to be another
                // header (some devices pad): ignore quietly.
                if files > 0
                    && stream.messages > 0
                    && rest.len() < 12
                    && rest.iter().all(|b| *b == 0)
                {
                    break;
                }
                if files == 0 {
                    return Err(IngestError::Damaged(format!(
                        "not a readable FIT header ({})",
                        short(&e.to_string())
                    )));
                }
                stream.damage(consumed_before, &e.to_string());
                break;
            }
        }
    }
    Ok(stream)
}

fn short(msg: &str) -> String {
    let line = msg.lines().next().unwrap_or(msg);
    line.chars().take(120).collect()
}

impl Stream {
    fn damage(&mut self, at: usize, what: &str) {
        let what = short(what);
        if self.messages == 0 {
            self.notes.push(format!("damaged at byte {at}: {what}"));
        } else {
            self.notes.push(format!(
                "damaged at byte {at} ({what}): kept the {} messages before the damage",
                self.messages
            ));
        }
    }

    fn take(&mut self, rec: &FitDataRecord) {
        match rec.kind() {
            MesgNum::FileId => self.take_file_id(rec.fields()),
            // Past the cap the caller refuses the file; stop growing memory here.
            MesgNum::Record if self.records.len() <= super::MAX_SAMPLES => {
                if let Some(r) = record(rec.fields()) {
                    self.records.push(r);
                }
            }
            MesgNum::Event => self.take_event(rec.fields()),
            MesgNum::Session => self.sessions.push(session(rec.fields())),
            MesgNum::Lap => self.laps.push(lap(rec.fields())),
            MesgNum::Sport => {
                let sport = field_str(rec.fields(), "sport");
                if let Some(s) = sport {
                    self.sport_msg = Some((s, field_str(rec.fields(), "sub_sport")));
                }
            }
            _ => {}
        }
    }

    fn take_file_id(&mut self, fields: &[FitDataField]) {
        // A chained file repeats file_id; the first one describes the recording device.
        if self.file_type.is_some() {
            return;
        }
        self.file_type = field_str(fields, "type");
        self.device.manufacturer = field_str(fields, "manufacturer");
        self.device.product = field_str(fields, "product_name")
            .or_else(|| field_str(fields, "garmin_product"))
            .or_else(|| field_str(fields, "product"));
    }

    fn take_event(&mut self, fields: &[FitDataField]) {
        let event = field_str(fields, "event");
        if event.as_deref() != Some("timer") {
            return;
        }
        let Some(ts) = field_time(fields, "timestamp") else {
            return;
        };
        match field_str(fields, "event_type").as_deref() {
            Some("start") => self.timer_events.push((ts, true)),
            Some("stop" | "stop_all" | "stop_disable" | "stop_disable_all") => {
                self.timer_events.push((ts, false));
            }
            _ => {}
        }
    }
}

fn record(fields: &[FitDataField]) -> Option<RawRecord> {
    let mut s = Sample::default();
    let mut ts = None;
    let (mut lat, mut lon) = (None, None);
    let (mut speed, mut enh_speed, mut alt, mut enh_alt) = (None, None, None, None);
    let (mut cad, mut frac) = (None, None);
    for f in fields {
        let v = f.value();
        match f.name() {
            "timestamp" => ts = time(v),
            "position_lat" => lat = num(v),
            "position_long" => lon = num(v),
            "distance" => s.distance_m = num(v),
            "speed" => speed = num(v),
            "enhanced_speed" => enh_speed = num(v),
            "altitude" => alt = num(v),
            "enhanced_altitude" => enh_alt = num(v),
            "heart_rate" => s.heart_rate_bpm = num(v).filter(|h| *h > 0.0 && *h < 255.0),
            "cadence" => cad = num(v),
            "fractional_cadence" => frac = num(v),
            "stance_time" => s.stance_time_ms = num(v).filter(|x| *x > 0.0),
            "stance_time_balance" => s.stance_balance_left_pct = num(v).filter(|x| *x > 0.0),
            "vertical_oscillation" => s.vertical_oscillation_mm = num(v).filter(|x| *x > 0.0),
            "vertical_ratio" => s.vertical_ratio_pct = num(v).filter(|x| *x > 0.0),
            "step_length" => s.step_length_mm = num(v).filter(|x| *x > 0.0),
            _ => {}
        }
    }
    let ts = ts?;
    if let (Some(la), Some(lo)) = (lat, lon) {
        let (la, lo) = (la * DEG_PER_SEMICIRCLE, lo * DEG_PER_SEMICIRCLE);
        // (0, 0) is what some devices write before a fix.
        if la.abs() <= 90.0 && lo.abs() <= 180.0 && (la != 0.0 || lo != 0.0) {
            s.lat_deg = Some(la);
            s.lon_deg = Some(lo);
        }
    }
    s.speed = enh_speed
        .or(speed)
        .filter(|v| v.is_finite() && *v >= 0.0 && *v < 100.0)
        .map(MetersPerSecond);
    s.altitude_m = enh_alt
        .or(alt)
        .filter(|a| a.is_finite() && (-500.0..9000.0).contains(a));
    s.distance_m = s.distance_m.filter(|d| d.is_finite() && *d >= 0.0);
    Some(RawRecord {
        time: ts,
        sample: s,
        // fitparser has already divided the fraction by its profile scale (128).
        cadence_raw: cad.map(|c| c + frac.unwrap_or(0.0)),
    })
}

fn session(fields: &[FitDataField]) -> SessionMsg {
    let mut m = SessionMsg {
        sport: field_str(fields, "sport"),
        sub_sport: field_str(fields, "sub_sport"),
        start: field_time(fields, "start_time"),
        ..SessionMsg::default()
    };
    let mut end = field_time(fields, "timestamp");
    let s = &mut m.summary;
    let (mut speed, mut enh_speed) = (None, None);
    for f in fields {
        let v = f.value();
        match f.name() {
            "total_distance" => s.distance_m = num(v),
            "total_timer_time" => s.timer_s = num(v),
            "total_elapsed_time" => s.elapsed_s = num(v),
            "total_ascent" => s.ascent_m = num(v),
            "total_descent" => s.descent_m = num(v),
            "avg_heart_rate" => s.avg_heart_rate_bpm = num(v).filter(|h| *h > 0.0),
            "avg_speed" => speed = num(v),
            "enhanced_avg_speed" => enh_speed = num(v),
            "avg_stance_time" => s.avg_stance_time_ms = num(v).filter(|x| *x > 0.0),
            "avg_vertical_oscillation" => {
                s.avg_vertical_oscillation_mm = num(v).filter(|x| *x > 0.0)
            }
            "avg_step_length" => s.avg_step_length_mm = num(v).filter(|x| *x > 0.0),
            "avg_vertical_ratio" => s.avg_vertical_ratio_pct = num(v).filter(|x| *x > 0.0),
            "avg_running_cadence" | "avg_cadence" if m.avg_cadence_strides.is_none() => {
                m.avg_cadence_strides = num(v);
            }
            "avg_fractional_cadence" => m.avg_fractional = num(v),
            _ => {}
        }
    }
    s.avg_speed_mps = enh_speed.or(speed);
    if let (Some(start), Some(el)) = (m.start, s.elapsed_s) {
        let by_elapsed = start + chrono::Duration::milliseconds((el * 1000.0) as i64);
        end = Some(end.map_or(by_elapsed, |e| e.max(by_elapsed)));
    }
    m.end = end;
    m
}

fn lap(fields: &[FitDataField]) -> LapMsg {
    LapMsg {
        start: field_time(fields, "start_time"),
        timer_s: field_num(fields, "total_timer_time"),
        distance_m: field_num(fields, "total_distance"),
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
    cut_at_time_jump(&mut st);
    st.records.sort_by_key(|r| r.time);
    st.timer_events.sort_by_key(|(t, _)| *t);
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
    for (i, sess) in sessions.iter().enumerate() {
        let mut a = activity_for(&st, sess, multi);
        if multi {
            a.session = Some(i);
        }
        out.push(a);
    }
    Ok(out)
}

fn activity_for(st: &Stream, sess: &SessionMsg, multi: bool) -> Activity {
    let mut a = Activity::new(Format::Fit);
    a.device = st.device.clone();
    a.notes = st.notes.clone();
    a.sport = sess
        .sport
        .as_deref()
        .map_or(Sport::Unknown, Sport::from_name);
    a.sub_sport = sess.sub_sport.clone().filter(|s| s != "generic");
    let in_window = |t: &DateTime<Utc>| {
        !multi || (sess.start.is_none_or(|s| *t >= s) && sess.end.is_none_or(|e| *t <= e))
    };
    let recs: Vec<&RawRecord> = st.records.iter().filter(|r| in_window(&r.time)).collect();
    let start = sess
        .start
        .into_iter()
        .chain(recs.first().map(|r| r.time))
        .min();
    a.start_time = start;
    let secs = |t: DateTime<Utc>| start.map_or(0.0, |s| (t - s).num_milliseconds() as f64 / 1000.0);
    let foot = a.is_foot_sport();
    a.samples = recs
        .iter()
        .map(|r| {
            let mut s = r.sample.clone();
            s.t_s = Some(secs(r.time));
            s.cadence = r.cadence_raw.map(|c| {
                if foot {
                    StridesPerMin(c).to_steps()
                } else {
                    // Pedal or stroke rate (rpm): never doubled, kept as recorded.
                    StepsPerMin(c)
                }
            });
            s
        })
        .collect();
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
        .filter(|l| l.start.as_ref().is_none_or(&in_window))
        .map(|l| Lap {
            start_s: l.start.map_or(0.0, secs),
            timer_s: l.timer_s,
            distance_m: l.distance_m,
        })
        .collect();
    if sess.start.is_some() || sess.summary.distance_m.is_some() {
        let mut summary = sess.summary.clone();
        summary.avg_cadence_spm = sess.avg_cadence_strides.filter(|c| *c > 0.0).map(|c| {
            // Fraction already scaled by fitparser (profile scale 128).
            let strides = StridesPerMin(c + sess.avg_fractional.unwrap_or(0.0));
            if foot {
                strides.to_steps().0
            } else {
                strides.0
            }
        });
        a.summary = Some(summary);
    }
    a
}

/// FIT `date_time` values below 0x10000000 are seconds of device-relative system time,
/// not UTC (FIT SDK profile, type `date_time`). When a file mixes both, the relative ones
/// cannot be placed on the timeline and are dropped; when all are relative, they are kept
/// (their order and spacing are right) and the start date is flagged as unknown.
fn drop_relative_times(st: &mut Stream) {
    let fit_epoch = DateTime::<Utc>::from_timestamp(631_065_600, 0).unwrap_or_default();
    let cutoff = fit_epoch + chrono::Duration::seconds(0x1000_0000);
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

/// Largest forward jump between consecutive records (in file order) that is still taken as
/// real time; past it the bytes are garbage decoded as records (our choice: a day).
const MAX_RECORD_JUMP_S: i64 = 24 * 3600;

/// Damage often shows as records dated decades away; keep the records before the jump.
fn cut_at_time_jump(st: &mut Stream) {
    let jump = st
        .records
        .windows(2)
        .position(|w| (w[1].time - w[0].time).num_seconds() > MAX_RECORD_JUMP_S);
    if let Some(i) = jump {
        let dropped = st.records.len() - (i + 1);
        st.records.truncate(i + 1);
        st.notes.push(format!(
            "time jumps by more than a day after record {}: the {dropped} records after it were dropped",
            i + 1
        ));
    }
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

fn field<'a>(fields: &'a [FitDataField], name: &str) -> Option<&'a Value> {
    fields
        .iter()
        .find(|f| f.name() == name)
        .map(FitDataField::value)
}

fn field_str(fields: &[FitDataField], name: &str) -> Option<String> {
    match field(fields, name)? {
        Value::String(s) => Some(s.clone()),
        Value::Invalid => None,
        other => Some(other.to_string()),
    }
}

fn field_num(fields: &[FitDataField], name: &str) -> Option<f64> {
    field(fields, name).and_then(num)
}

fn field_time(fields: &[FitDataField], name: &str) -> Option<DateTime<Utc>> {
    field(fields, name).and_then(time)
}

fn time(v: &Value) -> Option<DateTime<Utc>> {
    match v {
        Value::Timestamp(t) => Some(t.with_timezone(&Utc)),
        _ => None,
    }
}

fn num(v: &Value) -> Option<f64> {
    let x = match v {
        Value::Byte(x) | Value::UInt8(x) | Value::UInt8z(x) | Value::Enum(x) => f64::from(*x),
        Value::SInt8(x) => f64::from(*x),
        Value::SInt16(x) => f64::from(*x),
        Value::UInt16(x) | Value::UInt16z(x) => f64::from(*x),
        Value::SInt32(x) => f64::from(*x),
        Value::UInt32(x) | Value::UInt32z(x) => f64::from(*x),
        #[allow(clippy::cast_precision_loss)]
        Value::SInt64(x) => *x as f64,
        #[allow(clippy::cast_precision_loss)]
        Value::UInt64(x) | Value::UInt64z(x) => *x as f64,
        Value::Float32(x) => f64::from(*x),
        Value::Float64(x) => *x,
        _ => return None,
    };
    x.is_finite().then_some(x)
}
