//! Movescount's `.sml` (Moveslink2): `<sml><DeviceLog>` with the same `Header`, `Device`,
//! `Samples`, `Windows` and `R-R` as the Suunto app's JSON, as XML (see [`super`]).
//! Sample times: `Time` is seconds since the start and `UTC` the sample's UTC time; the
//! log's start is the first `UTC` minus its `Time` (the `Header`'s `DateTime` is local
//! time without a zone, and is not used). `R-R/Data` is a space-separated list of ms.

use super::{finite_in, Event, Header, Log, LogSample, Window};
use crate::ingest::plausible;
use crate::ingest::xml::{self, Node, Pull};
use crate::ingest::IngestError;
use crate::model::{Activity, Format};

/// Deepest element path followed (our choice: the format nests six deep; deeper
/// elements are skipped, so a hostile file cannot grow the path).
const MAX_DEPTH: usize = 16;

#[derive(Default)]
struct RawSample {
    time: Option<f64>,
    utc: Option<String>,
    s: LogSample,
    pause: Option<bool>,
    activity: Option<f64>,
}

#[derive(Default)]
struct RawWindow {
    w: Window,
    utc: Option<String>,
    time: Option<f64>,
}

const ALTITUDE_M: std::ops::RangeInclusive<f64> = -1000.0..=10_000.0;
const RATE_HZ: std::ops::RangeInclusive<f64> = 0.0..=10.0;
const BIG: std::ops::RangeInclusive<f64> = 0.0..=1e8;

/// Read a Movescount `.sml` log.
///
/// # Errors
/// [`IngestError::Xml`] for XML broken before any sample; [`IngestError::NotAnActivity`]
/// for a log without timed samples.
pub fn read(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    let mut pull = Pull::new(bytes);
    let mut path: Vec<String> = Vec::new();
    let mut skipped_depth = 0usize;
    let mut raw: Vec<RawSample> = Vec::new();
    let mut windows: Vec<RawWindow> = Vec::new();
    let mut cur: Option<RawSample> = None;
    let mut win: Option<RawWindow> = None;
    let mut header = Header::default();
    let mut rr_text = String::new();
    let (mut device_name, mut software) = (None, None);
    let mut notes = Vec::new();
    while let Some(node) = pull.next_or_salvage(raw.len(), &mut notes)? {
        match node {
            Node::Open(start) => {
                if skipped_depth > 0 || path.len() >= MAX_DEPTH {
                    skipped_depth += 1;
                    continue;
                }
                let name = String::from_utf8_lossy(xml::local_name(&start)).into_owned();
                match name.as_str() {
                    "Sample" if path.last().is_some_and(|p| p == "Samples") => {
                        if raw.len() >= crate::ingest::MAX_SAMPLES {
                            return Err(IngestError::TooLarge(format!(
                                "more than {} samples, the most supported",
                                crate::ingest::MAX_SAMPLES
                            )));
                        }
                        cur = Some(RawSample::default());
                    }
                    "Window" => {
                        if windows.len() >= crate::ingest::MAX_LAPS {
                            return Err(crate::ingest::over_cap(
                                "windows (laps)",
                                crate::ingest::MAX_LAPS,
                            ));
                        }
                        win = Some(RawWindow::default());
                    }
                    _ => {}
                }
                path.push(name);
            }
            Node::Close => {
                if skipped_depth > 0 {
                    skipped_depth -= 1;
                    continue;
                }
                match path.pop().as_deref() {
                    Some("Sample") => raw.extend(cur.take()),
                    Some("Window") => windows.extend(win.take()),
                    _ => {}
                }
            }
            Node::Text(text) => {
                if skipped_depth > 0 {
                    continue;
                }
                let n = || xml::parse_number(&text);
                let leaf = path.last().map(String::as_str).unwrap_or_default();
                let parent = path
                    .len()
                    .checked_sub(2)
                    .and_then(|i| path.get(i))
                    .map(String::as_str)
                    .unwrap_or_default();
                if let Some(s) = cur.as_mut() {
                    let v = &mut s.s;
                    match (parent, leaf) {
                        ("Sample", "Time") => s.time = n(),
                        ("Sample", "UTC") => s.utc = Some(text.trim().to_string()),
                        ("Sample", "Latitude") => v.lat_deg = n(),
                        ("Sample", "Longitude") => v.lon_deg = n(),
                        ("Sample", "GPSAltitude") => v.gps_altitude_m = finite_in(n(), &ALTITUDE_M),
                        ("Sample", "Altitude") => v.altitude_m = finite_in(n(), &ALTITUDE_M),
                        ("Sample", "AbsPressure") => v.pressure = n().is_some(),
                        ("Sample", "HR") => {
                            v.heart_rate_bpm = finite_in(n(), &RATE_HZ).map(|h| h * 60.0);
                        }
                        ("Sample", "Cadence") => {
                            v.cadence_per_min = finite_in(n(), &RATE_HZ).map(|c| c * 60.0);
                        }
                        ("Sample", "Distance") => v.distance_m = finite_in(n(), &BIG),
                        ("Sample", "Speed") => v.speed_mps = finite_in(n(), &(0.0..=100.0)),
                        ("Sample", "Power") => v.power_w = finite_in(n(), &plausible::POWER_W),
                        ("Pause", "State") => {
                            s.pause = Some(text.trim().eq_ignore_ascii_case("true"));
                        }
                        ("Activity", "ActivityType") => s.activity = n(),
                        _ => {}
                    }
                } else if let Some(w) = win.as_mut() {
                    match (parent, leaf) {
                        ("Window", "Type") => w.w.kind = text.trim().to_string(),
                        ("Window", "UTC" | "TimeISO8601") => w.utc = Some(text.trim().into()),
                        ("Window", "Time") => w.time = n(),
                        ("Window", "Duration") => w.w.duration_s = finite_in(n(), &BIG),
                        ("Window", "Distance") => w.w.distance_m = finite_in(n(), &BIG),
                        ("Window", "ActivityId") => w.w.activity = type_number(n()),
                        ("HR", "Avg") => {
                            w.w.avg_heart_rate_bpm = finite_in(n(), &RATE_HZ).map(|h| h * 60.0);
                        }
                        ("Cadence", "Avg") => {
                            w.w.avg_cadence_per_min = finite_in(n(), &RATE_HZ).map(|c| c * 60.0);
                        }
                        ("Speed", "Avg") => w.w.avg_speed_mps = finite_in(n(), &(0.0..=100.0)),
                        _ => {}
                    }
                } else {
                    match (parent, leaf) {
                        ("Header", "ActivityType") => header.activity_type = type_number(n()),
                        ("Header", "Distance") => header.distance_m = finite_in(n(), &BIG),
                        ("Header", "Duration") => header.duration_s = finite_in(n(), &BIG),
                        ("Header", "PauseDuration") => header.pause_s = finite_in(n(), &BIG),
                        ("Header", "Ascent") => header.ascent_m = finite_in(n(), &BIG),
                        ("Header", "Descent") => header.descent_m = finite_in(n(), &BIG),
                        ("Device", "Name") => device_name = Some(text.trim().to_string()),
                        ("Info", "SW") => software = Some(text.trim().to_string()),
                        ("R-R", "Data") if rr_text.len() < 64 * 1024 * 1024 => {
                            rr_text.push_str(&text);
                            rr_text.push(' ');
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    // The start: the first sample with both a UTC time and a Time since the start.
    let start = raw.iter().find_map(|r| {
        let utc = xml::parse_time(r.utc.as_deref()?)?;
        let t = r.time.filter(|t| t.is_finite() && t.abs() < 1e8)?;
        utc.checked_sub_signed(chrono::TimeDelta::milliseconds(
            #[allow(clippy::cast_possible_truncation)]
            {
                (t * 1000.0).round() as i64
            },
        ))
    });
    let Some(start) = start else {
        return Err(IngestError::NotAnActivity(
            "Suunto .sml log with no timed samples".into(),
        ));
    };
    let since = |r_time: Option<f64>, utc: Option<&str>| -> Option<f64> {
        r_time
            .filter(|t| t.is_finite() && t.abs() < 1e8)
            .or_else(|| {
                let t = xml::parse_time(utc?)?;
                Some((t - start).num_milliseconds() as f64 / 1000.0)
            })
    };
    let mut samples = Vec::with_capacity(raw.len());
    let mut untimed = 0usize;
    for r in raw {
        let Some(at) = since(r.time, r.utc.as_deref()) else {
            untimed += 1;
            continue;
        };
        if let Some(p) = r.pause {
            let event = if p { Event::PauseOn } else { Event::PauseOff };
            samples.push(LogSample {
                at,
                event: Some(event),
                ..LogSample::default()
            });
        }
        if let Some(n) = type_number(r.activity) {
            samples.push(LogSample {
                at,
                event: Some(Event::Activity(n)),
                ..LogSample::default()
            });
        }
        let mut s = r.s;
        s.at = at;
        let lat = finite_in(
            s.lat_deg,
            &(-std::f64::consts::FRAC_PI_2..=std::f64::consts::FRAC_PI_2),
        );
        let lon = finite_in(s.lon_deg, &(-std::f64::consts::PI..=std::f64::consts::PI));
        (s.lat_deg, s.lon_deg) = match (lat, lon) {
            (Some(la), Some(lo)) => (Some(la.to_degrees()), Some(lo.to_degrees())),
            _ => (None, None),
        };
        if s != (LogSample {
            at,
            ..LogSample::default()
        }) {
            samples.push(s);
        }
    }
    if untimed > 0 {
        notes.push(format!(
            "{untimed} samples without a readable time were dropped"
        ));
    }
    let windows = windows
        .into_iter()
        .map(|mut w| {
            w.w.end_at = since(w.time, w.utc.as_deref());
            w.w
        })
        .collect();
    let rr_ms = rr_text
        .split_ascii_whitespace()
        .take(crate::ingest::MAX_SAMPLES * 4)
        .map(|v| v.parse::<f64>().unwrap_or(f64::NAN))
        .collect();
    let log = Log {
        start: Some(start),
        header,
        samples,
        windows,
        rr_ms,
        device_name,
        software,
        notes,
    };
    super::build(log, Format::SuuntoSml)
}

#[allow(clippy::cast_possible_truncation)]
fn type_number(v: Option<f64>) -> Option<i64> {
    v.filter(|x| x.is_finite() && x.fract() == 0.0 && x.abs() < 1e9)
        .map(|x| x as i64)
}
