//! Polar Flow training sessions (the account data export's JSON): one [`Activity`] per
//! element of `exercises`.
//!
//! * **Time**: `startTime` and the samples' `dateTime` are local times without a zone;
//!   the exercise's `timezoneOffset` (or the session's `timeZoneOffset`,
//!   `timezoneOffsetMinutes`), in minutes east of UTC, turns them into UTC here. Without
//!   one the local time is kept as UTC, with a note.
//! * **Samples** come in two shapes, both read: per type a list of points
//!   (`"heartRate": [{"dateTime", "value"}]`, `"recordedRoute": [{"dateTime", "latitude",
//!   "longitude", "altitude"}]`), or per type a series at a fixed interval
//!   (`{"type"|key, "intervalMillis", "values": [..]}`, value *i* at *i* × interval after
//!   the exercise start); a route is a list of timed points either way. Points of one
//!   second are merged into one sample.
//! * **Units**: heart rate bpm, `speed` km/h (→ m/s), `distance` m, `altitude` m,
//!   `power` W; `cadence` per minute in Polar's count, unit decided from the values
//!   ([`super::cadence_unit`]).
//! * **`NaN`**: Flow writes a bare `NaN` (and `Infinity`) inside sample arrays, which is
//!   not JSON. The bytes are read through [`NanToNull`], a streaming filter that turns
//!   those tokens (outside strings) into `null` as the parser pulls them: no copy of the
//!   file is made.
//! * **Route times**: in some exports the route's clock runs a constant apart from the
//!   exercise's (the corpus session's route starts 4,828 s after its heart rate). When
//!   the route lies wholly outside the exercise but spans the same time (within 5%), it
//!   is moved onto the exercise's start, with a note; a route that does not fit is
//!   dropped, with a note.
//! * **Laps**: `laps` (else `autoLaps`): `duration` (ISO 8601, `PT123.4S`), `distance` m.
//! * **Device summary**: the exercise's `distance`, `duration` (timer), `heartRate.avg`,
//!   `speed.avg` (km/h → m/s), `cadence.avg`, `ascent`, `descent`.

use super::cadence_unit;
use super::IngestError;
use crate::model::{Activity, DeviceSummary, Format, Lap, Sample, Sport};
use crate::units::MetersPerSecond;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;

/// A reader over JSON bytes that turns the bare tokens `NaN`, `Infinity` and `-Infinity`
/// outside strings into `null` as they are read (no copy of the input).
pub struct NanToNull<'a> {
    input: &'a [u8],
    pos: usize,
    in_string: bool,
    escaped: bool,
    pending: &'static [u8],
}

impl<'a> NanToNull<'a> {
    /// Filter `input`.
    #[must_use]
    pub fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            pos: 0,
            in_string: false,
            escaped: false,
            pending: &[],
        }
    }
}

impl Read for NanToNull<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            if let Some((&b, rest)) = self.pending.split_first() {
                if let Some(slot) = buf.get_mut(n) {
                    *slot = b;
                }
                self.pending = rest;
                n += 1;
                continue;
            }
            let Some(&b) = self.input.get(self.pos) else {
                break;
            };
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                }
            } else if b == b'"' {
                self.in_string = true;
            } else {
                let rest = self.input.get(self.pos..).unwrap_or_default();
                let token: Option<usize> = [&b"NaN"[..], b"Infinity", b"-Infinity"]
                    .iter()
                    .find(|t| rest.starts_with(t))
                    .map(|t| t.len());
                if let Some(len) = token {
                    self.pos += len;
                    self.pending = b"null";
                    continue;
                }
            }
            if let Some(slot) = buf.get_mut(n) {
                *slot = b;
            }
            self.pos += 1;
            n += 1;
        }
        Ok(n)
    }
}

/// A local time without a zone (`2017-01-23T18:20:18.000`); an offset, if written, is
/// honoured (the time is then returned as UTC and `true`).
fn local_time(s: &str) -> Option<(NaiveDateTime, bool)> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some((t.with_timezone(&Utc).naive_utc(), true));
    }
    let s = s.strip_suffix(['Z', 'z']).unwrap_or(s);
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|t| (t, false))
}

/// ISO 8601 duration as Flow writes it (`PT2753.875S`, `PT1H2M3S`), in seconds.
fn iso_duration(s: &str) -> Option<f64> {
    let rest = s.trim().strip_prefix("PT")?;
    let mut total = 0.0;
    let mut num = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => num.push(c),
            'H' | 'M' | 'S' => {
                let v: f64 = num.parse().ok()?;
                total += v * match c {
                    'H' => 3600.0,
                    'M' => 60.0,
                    _ => 1.0,
                };
                num.clear();
            }
            _ => return None,
        }
    }
    (num.is_empty() && total.is_finite() && total < 1e8).then_some(total)
}

fn num(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64).filter(|x| x.is_finite())
}

/// The channel a sample type names (key or `type`, any case and separators).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    HeartRate,
    Speed,
    Cadence,
    Altitude,
    Distance,
    Power,
    Route,
}

fn channel(name: &str) -> Option<Channel> {
    let n: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match n.as_str() {
        "heartrate" | "hr" => Channel::HeartRate,
        "speed" => Channel::Speed,
        "cadence" | "runcadence" => Channel::Cadence,
        "altitude" => Channel::Altitude,
        "distance" => Channel::Distance,
        "power" | "runningpower" => Channel::Power,
        "recordedroute" | "route" => Channel::Route,
        _ => return None,
    })
}

/// Plausible raw values (file units; [`super::clean`] applies the physical limits after).
const RAW_MAX: f64 = 1e8;

#[derive(Default)]
struct Point {
    hr: Option<f64>,
    speed_kmh: Option<f64>,
    cadence: Option<f64>,
    altitude: Option<f64>,
    distance: Option<f64>,
    power: Option<f64>,
    lat: Option<f64>,
    lon: Option<f64>,
    route_altitude: Option<f64>,
}

fn set(p: &mut Point, ch: Channel, v: f64) {
    let slot = match ch {
        Channel::HeartRate => &mut p.hr,
        Channel::Speed => &mut p.speed_kmh,
        Channel::Cadence => &mut p.cadence,
        Channel::Altitude => &mut p.altitude,
        Channel::Distance => &mut p.distance,
        Channel::Power => &mut p.power,
        Channel::Route => return,
    };
    if slot.is_none() && v.is_finite() && v.abs() <= RAW_MAX {
        *slot = Some(v);
    }
}

/// Read a Polar Flow training session.
///
/// # Errors
/// [`IngestError::Damaged`] for malformed JSON; [`IngestError::NotAnActivity`] when it
/// holds no exercise.
pub fn read(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    let root: Value = serde_json::from_reader(std::io::BufReader::new(NanToNull::new(bytes)))
        .map_err(|e| IngestError::Damaged(format!("Polar JSON: {e}")))?;
    let Some(exercises) = root.get("exercises").and_then(Value::as_array) else {
        return Err(IngestError::NotAnActivity(
            "Polar JSON without an \"exercises\" list".into(),
        ));
    };
    if exercises.len() > super::MAX_SESSIONS {
        return Err(super::over_cap("exercises", super::MAX_SESSIONS));
    }
    let several = exercises.len() > 1;
    let mut out = Vec::with_capacity(exercises.len());
    for (k, ex) in exercises.iter().enumerate() {
        let mut a = exercise(&root, ex)?;
        a.session = several.then_some(k);
        out.push(a);
    }
    if out.is_empty() {
        return Err(IngestError::NotAnActivity(
            "Polar JSON with no exercise".into(),
        ));
    }
    Ok(out)
}

fn exercise(root: &Value, ex: &Value) -> Result<Activity, IngestError> {
    let mut a = Activity::new(Format::PolarJson);
    a.device.manufacturer = Some("Polar".into());
    a.device.creator = root
        .get("exportVersion")
        .and_then(Value::as_str)
        .map(|v| format!("Polar Flow export {v}"));
    a.name = root
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .map(str::to_string);
    if let Some(sport) = ex.get("sport").and_then(Value::as_str) {
        let lower = sport.to_ascii_lowercase();
        a.sport = if lower == "jogging" {
            Sport::Running
        } else {
            Sport::from_name(sport)
        };
        a.sub_sport = Some(lower.replace('_', " "));
    }
    let offset_min = ["timezoneOffset", "timezoneOffsetMinutes", "timeZoneOffset"]
        .iter()
        .find_map(|k| num(ex, k).or_else(|| num(root, k)))
        .filter(|m| m.abs() <= 18.0 * 60.0);
    #[allow(clippy::cast_possible_truncation)]
    let offset = offset_min.map(|m| chrono::TimeDelta::minutes(m.round() as i64));
    let to_utc = |s: &str| -> Option<DateTime<Utc>> {
        let (t, has_zone) = local_time(s)?;
        let t = t.and_utc();
        if has_zone {
            return Some(t);
        }
        match offset {
            Some(o) => t.checked_sub_signed(o),
            None => Some(t),
        }
    };
    if offset.is_none() {
        a.notes
            .push("no time zone offset in the file: local times were kept as UTC".into());
    }
    let start = ex
        .get("startTime")
        .or_else(|| root.get("startTime"))
        .and_then(Value::as_str)
        .and_then(to_utc);
    a.start_time = start;
    let duration = ex
        .get("duration")
        .and_then(Value::as_str)
        .and_then(iso_duration);

    // Samples, by whole second since the start.
    let mut points: BTreeMap<i64, Point> = BTreeMap::new();
    let mut route: Vec<(f64, f64, f64, Option<f64>)> = Vec::new();
    let mut bad_times = 0usize;
    let mut count = 0usize;
    let secs = |t: DateTime<Utc>| -> Option<f64> {
        start.map(|s| (t - s).num_milliseconds() as f64 / 1000.0)
    };
    let mut channels: Vec<(Option<Channel>, &Value)> = Vec::new();
    match ex.get("samples") {
        Some(Value::Object(map)) => {
            for (k, v) in map {
                channels.push((channel(k), v));
            }
        }
        Some(Value::Array(list)) => {
            for v in list {
                let name = ["type", "sampleType", "dataType"]
                    .iter()
                    .find_map(|k| v.get(k).and_then(Value::as_str))
                    .unwrap_or_default();
                channels.push((channel(name), v));
            }
        }
        _ => {}
    }
    for (ch, v) in channels {
        let Some(ch) = ch else { continue };
        // Timed points: the list itself, or a series whose values are objects.
        let timed = v.as_array().or_else(|| {
            v.get("values")
                .and_then(Value::as_array)
                .filter(|l| l.first().is_some_and(Value::is_object))
        });
        if let Some(list) = timed {
            for p in list {
                count += 1;
                if count > super::MAX_SAMPLES * 2 {
                    return Err(IngestError::TooLarge(format!(
                        "more than {} samples, the most supported",
                        super::MAX_SAMPLES
                    )));
                }
                let Some(t) = p.get("dateTime").and_then(Value::as_str).and_then(to_utc) else {
                    bad_times += 1;
                    continue;
                };
                let Some(at) = secs(t) else { continue };
                if ch == Channel::Route {
                    if let (Some(la), Some(lo)) = (num(p, "latitude"), num(p, "longitude")) {
                        route.push((at, la, lo, num(p, "altitude")));
                    }
                    continue;
                }
                if let Some(x) = num(p, "value") {
                    #[allow(clippy::cast_possible_truncation)]
                    let key = at.round().clamp(-1e12, 1e12) as i64;
                    set(points.entry(key).or_default(), ch, x);
                }
            }
        } else if let Some(values) = v.get("values").and_then(Value::as_array) {
            let interval = ["intervalMillis", "recordingIntervalMs", "interval"]
                .iter()
                .find_map(|k| num(v, k))
                .filter(|i| *i > 0.0 && *i <= 3.6e6)
                .unwrap_or(1000.0)
                / 1000.0;
            if values.len() > super::MAX_SAMPLES {
                return Err(IngestError::TooLarge(format!(
                    "more than {} samples, the most supported",
                    super::MAX_SAMPLES
                )));
            }
            for (i, x) in values.iter().enumerate() {
                let Some(x) = x.as_f64() else { continue };
                #[allow(clippy::cast_possible_truncation)]
                let key = (i as f64 * interval).round() as i64;
                set(points.entry(key).or_default(), ch, x);
            }
        }
    }
    if bad_times > 0 {
        a.notes.push(format!(
            "{bad_times} samples without a readable time were dropped"
        ));
    }
    place_route(&mut a, &mut points, route, duration);

    let mut raw_cad = Vec::with_capacity(points.len());
    for (key, p) in &points {
        raw_cad.push(p.cadence);
        a.samples.push(Sample {
            t_s: Some(*key as f64),
            lat_deg: p.lat,
            lon_deg: p.lon,
            distance_m: p.distance.filter(|d| *d >= 0.0),
            speed: p
                .speed_kmh
                .filter(|v| *v >= 0.0)
                .map(|v| MetersPerSecond(v / 3.6)),
            altitude_m: p.altitude.or(p.route_altitude),
            heart_rate_bpm: p.hr.filter(|h| *h > 0.0),
            power_w: p.power,
            ..Sample::default()
        });
    }
    let decision = cadence_unit::apply(&mut a, &raw_cad);
    if a.samples.is_empty() {
        a.start_time = start;
    }

    // Laps.
    let laps = ex
        .get("laps")
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
        .or_else(|| ex.get("autoLaps").and_then(Value::as_array));
    let mut lap_start = 0.0;
    for lap in laps.into_iter().flatten() {
        if a.laps.len() >= super::MAX_LAPS {
            return Err(super::over_cap("laps", super::MAX_LAPS));
        }
        let d = lap
            .get("duration")
            .and_then(Value::as_str)
            .and_then(iso_duration);
        a.laps.push(Lap {
            start_s: lap_start,
            timer_s: d,
            distance_m: num(lap, "distance").filter(|x| *x >= 0.0),
            intensity: None,
        });
        lap_start += d.unwrap_or(0.0);
    }

    let avg = |k: &str| ex.get(k).and_then(|v| num(v, "avg"));
    let summary = DeviceSummary {
        distance_m: num(ex, "distance").filter(|d| *d >= 0.0),
        timer_s: duration,
        avg_heart_rate_bpm: avg("heartRate").filter(|h| *h > 0.0),
        avg_speed_mps: avg("speed").map(|v| v / 3.6),
        avg_cadence_spm: avg("cadence")
            .filter(|_| decision.source != crate::model::CadenceSource::None)
            .map(|c| c * decision.factor),
        ascent_m: num(ex, "ascent"),
        descent_m: num(ex, "descent"),
        ..DeviceSummary::default()
    };
    a.summary = (summary != DeviceSummary::default()).then_some(summary);
    Ok(a)
}

/// Share by which a route's time span may differ from the exercise's and still be moved
/// onto it (our choice: the same recording, a clock apart).
pub(crate) const ROUTE_SPAN_TOLERANCE: f64 = 0.05;

/// Put the route's positions on the samples (see the module docs for routes whose clock
/// runs apart).
fn place_route(
    a: &mut Activity,
    points: &mut BTreeMap<i64, Point>,
    mut route: Vec<(f64, f64, f64, Option<f64>)>,
    duration: Option<f64>,
) {
    if route.is_empty() {
        return;
    }
    route.sort_by(|x, y| x.0.total_cmp(&y.0));
    let (first, last) = (
        route.first().map_or(0.0, |r| r.0),
        route.last().map_or(0.0, |r| r.0),
    );
    let exercise_end = duration
        .or_else(|| points.keys().next_back().map(|k| *k as f64))
        .unwrap_or(0.0);
    let outside = first > exercise_end + 60.0 || last < -60.0;
    let mut shift = 0.0;
    if outside {
        let span = last - first;
        let fits = exercise_end > 0.0
            && (span - exercise_end).abs() <= ROUTE_SPAN_TOLERANCE * exercise_end;
        if !fits {
            a.notes.push(format!(
                "the route's {} points lie outside the exercise's time and do not span it: positions dropped",
                route.len()
            ));
            return;
        }
        shift = -first;
        a.notes.push(format!(
            "the route's clock runs {first:.0} s from the exercise's (same span, {span:.0} s): its points were moved onto the exercise start"
        ));
    }
    for (t, la, lo, alt) in route {
        #[allow(clippy::cast_possible_truncation)]
        let key = (t + shift).round().clamp(-1e12, 1e12) as i64;
        let p = points.entry(key).or_default();
        if p.lat.is_none() {
            p.lat = Some(la);
            p.lon = Some(lo);
            p.route_altitude = alt;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtered(s: &str) -> String {
        let mut out = String::new();
        NanToNull::new(s.as_bytes())
            .read_to_string(&mut out)
            .expect("reads");
        out
    }

    #[test]
    fn nan_tokens_become_null_outside_strings_only() {
        assert_eq!(
            filtered(r#"{"v": [1, NaN, -Infinity, Infinity], "n": "NaN \"NaN\""}"#),
            r#"{"v": [1, null, null, null], "n": "NaN \"NaN\""}"#
        );
        let v: Value = serde_json::from_reader(NanToNull::new(b"[NaN,2]")).expect("json");
        assert_eq!(v, serde_json::json!([null, 2]));
    }

    #[test]
    fn iso_durations_read_as_flow_writes_them() {
        assert_eq!(iso_duration("PT2753.875S"), Some(2753.875));
        assert_eq!(iso_duration("PT1H2M3S"), Some(3723.0));
        assert_eq!(iso_duration("P1D"), None);
        assert_eq!(iso_duration("PT1X"), None);
    }

    #[test]
    fn interval_series_with_nan_and_the_offset_give_utc_samples() {
        let json = br#"{"exercises": [{"startTime": "2024-05-01T07:00:00.000",
            "timezoneOffset": 120, "sport": "RUNNING", "duration": "PT4S",
            "samples": [{"type": "HEART_RATE", "intervalMillis": 1000, "values": [120, NaN, 124, 126]},
                        {"type": "SPEED", "intervalMillis": 2000, "values": [10.8, 10.8]}]}]}"#;
        let a = read(json).expect("reads").remove(0);
        assert_eq!(
            a.start_time.map(|t| t.to_rfc3339()),
            Some("2024-05-01T05:00:00+00:00".into())
        );
        // The NaN second holds nothing: no sample there.
        let hr: Vec<_> = a
            .samples
            .iter()
            .map(|s| (s.t_s, s.heart_rate_bpm))
            .collect();
        assert_eq!(
            hr,
            [
                (Some(0.0), Some(120.0)),
                (Some(2.0), Some(124.0)),
                (Some(3.0), Some(126.0))
            ]
        );
        assert!((a.samples[1].speed.expect("speed").0 - 3.0).abs() < 1e-9);
        assert_eq!(a.sport, Sport::Running);
    }
}
