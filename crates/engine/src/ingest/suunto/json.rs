//! The Suunto app's JSON: `{"DeviceLog": {"Header", "Samples", "Windows", "R-R", "Device"}}`
//! (see [`super`] for what is read and in which units). Decoded into typed structures
//! that keep only the fields read, so a large log costs little more than its samples.

use super::{finite_in, Event, Header, Log, LogSample, Window};
use crate::ingest::plausible;
use crate::ingest::IngestError;
use crate::model::Activity;
use chrono::{DateTime, Utc};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    #[serde(rename = "DeviceLog")]
    log: JLog,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JLog {
    #[serde(rename = "Header")]
    header: Option<JHeader>,
    #[serde(rename = "Samples")]
    samples: Vec<JSample>,
    #[serde(rename = "Windows")]
    windows: Vec<JWindowWrap>,
    #[serde(rename = "R-R")]
    rr: Option<JRr>,
    #[serde(rename = "Device")]
    device: Option<JDevice>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JHeader {
    #[serde(rename = "DateTime")]
    date_time: Option<String>,
    #[serde(rename = "ActivityType")]
    activity_type: Option<f64>,
    #[serde(rename = "Distance")]
    distance: Option<f64>,
    #[serde(rename = "Duration")]
    duration: Option<f64>,
    #[serde(rename = "PauseDuration")]
    pause_duration: Option<f64>,
    #[serde(rename = "Ascent")]
    ascent: Option<f64>,
    #[serde(rename = "Descent")]
    descent: Option<f64>,
    #[serde(rename = "Device")]
    device: Option<JDevice>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JDevice {
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Info")]
    info: Option<JInfo>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JInfo {
    #[serde(rename = "SW")]
    sw: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JSample {
    #[serde(rename = "TimeISO8601")]
    time: Option<String>,
    #[serde(rename = "Latitude")]
    latitude: Option<f64>,
    #[serde(rename = "Longitude")]
    longitude: Option<f64>,
    #[serde(rename = "GPSAltitude")]
    gps_altitude: Option<f64>,
    #[serde(rename = "Altitude")]
    altitude: Option<f64>,
    #[serde(rename = "AbsPressure")]
    abs_pressure: Option<f64>,
    #[serde(rename = "HR")]
    hr: Option<f64>,
    #[serde(rename = "Cadence")]
    cadence: Option<f64>,
    #[serde(rename = "Distance")]
    distance: Option<f64>,
    #[serde(rename = "Speed")]
    speed: Option<f64>,
    #[serde(rename = "Power")]
    power: Option<f64>,
    #[serde(rename = "Events")]
    events: Option<Vec<JEvent>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JEvent {
    #[serde(rename = "Pause")]
    pause: Option<JPause>,
    #[serde(rename = "Activity")]
    activity: Option<JActivity>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JPause {
    #[serde(rename = "State")]
    state: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JActivity {
    #[serde(rename = "ActivityType")]
    activity_type: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JWindowWrap {
    #[serde(rename = "Window")]
    window: JWindow,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JWindow {
    #[serde(rename = "Type")]
    kind: Option<String>,
    #[serde(rename = "TimeISO8601")]
    time: Option<String>,
    #[serde(rename = "Duration")]
    duration: Option<f64>,
    #[serde(rename = "Distance")]
    distance: Option<f64>,
    #[serde(rename = "ActivityId")]
    activity: Option<f64>,
    #[serde(rename = "HR")]
    hr: Option<Vec<JStat>>,
    #[serde(rename = "Cadence")]
    cadence: Option<Vec<JStat>>,
    #[serde(rename = "Speed")]
    speed: Option<Vec<JStat>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JStat {
    #[serde(rename = "Avg")]
    avg: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JRr {
    #[serde(rename = "Data")]
    data: Vec<Option<f64>>,
}

/// Plausible ranges of the raw values, in the file's units (our choice: wider than any
/// run, so only garbage is dropped here; [`crate::ingest::clean`] applies the physical
/// limits to the converted values).
const DISTANCE_M: std::ops::RangeInclusive<f64> = 0.0..=1e8;
const SPEED_MPS: std::ops::RangeInclusive<f64> = 0.0..=100.0;
const ALTITUDE_M: std::ops::RangeInclusive<f64> = -1000.0..=10_000.0;
const RATE_HZ: std::ops::RangeInclusive<f64> = 0.0..=10.0;
const DURATION_S: std::ops::RangeInclusive<f64> = 0.0..=1e8;

/// An activity type number (the file writes integers; anything else is dropped).
#[allow(clippy::cast_possible_truncation)]
fn type_number(v: Option<f64>) -> Option<i64> {
    v.filter(|x| x.is_finite() && x.fract() == 0.0 && x.abs() < 1e9)
        .map(|x| x as i64)
}

fn parse_time(s: Option<&str>) -> Option<DateTime<Utc>> {
    crate::ingest::xml::parse_time(s?)
}

fn since(start: DateTime<Utc>, t: DateTime<Utc>) -> f64 {
    let ms = (t - start).num_milliseconds() as f64;
    ms / 1000.0
}

/// Read a Suunto app JSON log.
///
/// # Errors
/// [`IngestError::Damaged`] when the JSON is malformed or its fields have the wrong
/// types; [`IngestError::NotAnActivity`] for a log without samples or a start.
pub fn read(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    let file: File = serde_json::from_slice(bytes)
        .map_err(|e| IngestError::Damaged(format!("Suunto JSON: {e}")))?;
    let j = file.log;
    let header = j.header.unwrap_or_default();
    let mut notes = Vec::new();
    let start = parse_time(header.date_time.as_deref())
        .or_else(|| j.samples.iter().find_map(|s| parse_time(s.time.as_deref())));
    let Some(start) = start else {
        return Err(IngestError::NotAnActivity(
            "Suunto JSON log with no time in its header or samples".into(),
        ));
    };
    if j.samples.len() > crate::ingest::MAX_SAMPLES {
        return Err(IngestError::TooLarge(format!(
            "{} samples, more than the {} supported",
            j.samples.len(),
            crate::ingest::MAX_SAMPLES
        )));
    }
    let mut untimed = 0usize;
    let mut samples = Vec::with_capacity(j.samples.len());
    for s in &j.samples {
        let Some(t) = parse_time(s.time.as_deref()) else {
            untimed += 1;
            continue;
        };
        let at = since(start, t);
        for e in s.events.iter().flatten() {
            let event = match (&e.pause, &e.activity) {
                (Some(p), _) => match p.state {
                    Some(true) => Some(Event::PauseOn),
                    Some(false) => Some(Event::PauseOff),
                    None => None,
                },
                (None, Some(act)) => type_number(act.activity_type).map(Event::Activity),
                (None, None) => None,
            };
            if let Some(event) = event {
                samples.push(LogSample {
                    at,
                    event: Some(event),
                    ..LogSample::default()
                });
            }
        }
        let lat = finite_in(
            s.latitude,
            &(-std::f64::consts::FRAC_PI_2..=std::f64::consts::FRAC_PI_2),
        );
        let lon = finite_in(s.longitude, &(-std::f64::consts::PI..=std::f64::consts::PI));
        let (lat, lon) = match (lat, lon) {
            (Some(la), Some(lo)) => (Some(la.to_degrees()), Some(lo.to_degrees())),
            _ => (None, None),
        };
        let sample = LogSample {
            at,
            lat_deg: lat,
            lon_deg: lon,
            gps_altitude_m: finite_in(s.gps_altitude, &ALTITUDE_M),
            altitude_m: finite_in(s.altitude, &ALTITUDE_M),
            pressure: s.abs_pressure.is_some_and(f64::is_finite),
            heart_rate_bpm: finite_in(s.hr, &RATE_HZ)
                .map(|h| h * 60.0)
                .filter(|h| plausible::HEART_RATE_BPM.contains(h)),
            cadence_per_min: finite_in(s.cadence, &RATE_HZ).map(|c| c * 60.0),
            distance_m: finite_in(s.distance, &DISTANCE_M),
            speed_mps: finite_in(s.speed, &SPEED_MPS),
            power_w: finite_in(s.power, &plausible::POWER_W),
            event: None,
        };
        let has_value = sample
            != LogSample {
                at,
                ..LogSample::default()
            };
        if has_value {
            samples.push(sample);
        }
    }
    if untimed > 0 {
        notes.push(format!(
            "{untimed} samples without a readable time were dropped"
        ));
    }
    let windows = j
        .windows
        .iter()
        .map(|w| {
            let w = &w.window;
            let avg = |v: &Option<Vec<JStat>>| {
                v.as_ref()
                    .and_then(|v| v.first())
                    .and_then(|s| s.avg)
                    .filter(|x| x.is_finite())
            };
            Window {
                kind: w.kind.clone().unwrap_or_default(),
                end_at: parse_time(w.time.as_deref()).map(|t| since(start, t)),
                duration_s: finite_in(w.duration, &DURATION_S),
                distance_m: finite_in(w.distance, &DISTANCE_M),
                activity: type_number(w.activity),
                avg_heart_rate_bpm: finite_in(avg(&w.hr), &RATE_HZ).map(|h| h * 60.0),
                avg_cadence_per_min: finite_in(avg(&w.cadence), &RATE_HZ).map(|c| c * 60.0),
                avg_speed_mps: finite_in(avg(&w.speed), &SPEED_MPS),
            }
        })
        .collect();
    let device = j.device.or(header.device);
    let log = Log {
        start: Some(start),
        header: Header {
            activity_type: type_number(header.activity_type),
            distance_m: finite_in(header.distance, &DISTANCE_M),
            duration_s: finite_in(header.duration, &DURATION_S),
            pause_s: finite_in(header.pause_duration, &DURATION_S),
            ascent_m: finite_in(header.ascent, &DISTANCE_M),
            descent_m: finite_in(header.descent, &DISTANCE_M),
        },
        samples,
        windows,
        rr_ms: j
            .rr
            .map(|r| r.data.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
            .unwrap_or_default(),
        device_name: device.as_ref().and_then(|d| d.name.clone()),
        software: device.and_then(|d| d.info).and_then(|i| i.sw),
        notes,
    };
    super::build(log, crate::model::Format::SuuntoJson)
}
