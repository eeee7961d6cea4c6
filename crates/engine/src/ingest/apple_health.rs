//! Apple Health exports (`export.xml`, as the Health app writes it, a few GB for a
//! long-time user): one [`Activity`] per `Workout` of a running, walking or hiking
//! activity type. Streamed with quick-xml in two passes over the file (never held whole:
//! memory is flat in the file size); the first collects the workouts, the second the
//! `Record`s that fall inside one (the export lists records before workouts).
//!
//! * **Workout**: `workoutActivityType` (`HKWorkoutActivityTypeRunning` → running,
//!   `…Walking` → walking, `…Hiking` → hiking: walks and hikes are never running volume;
//!   other types are left out), `startDate`/`endDate` (`2025-09-16 16:14:50 +0100`: the
//!   offset is in the text, converted to UTC here), `duration` (`durationUnit` min or s),
//!   `totalDistance` (`totalDistanceUnit` km, mi or m), `MetadataEntry HKIndoorWorkout=1`
//!   (a treadmill run: `sub_sport` treadmill).
//! * **Pauses**: `WorkoutEvent` `HKWorkoutEventTypePause` … `Resume` (and the
//!   `MotionPaused` … `MotionResumed` auto-pause).
//! * **Device summary**: the `WorkoutStatistics` spanning the most of the workout per type:
//!   `DistanceWalkingRunning` sum, `HeartRate`, `RunningSpeed`, `RunningGroundContactTime`,
//!   `RunningVerticalOscillation` (cm → mm), `RunningStrideLength` (m → mm) averages, and
//!   the `StepCount` sum over the workout's duration (steps/min).
//! * **Route**: every `WorkoutRoute/FileReference path` (`/workout-routes/route_….gpx`; an
//!   interval workout has one per step), read relative to the export's folder (on disk, or
//!   the folder of `export.xml` inside `export.zip`) with the GPX reader, for positions,
//!   altitude and speed. Older exports (iOS 10 and 11, before the route files) hold the
//!   route inline instead: `WorkoutRoute` with `<Location date latitude longitude altitude
//!   horizontalAccuracy verticalAccuracy course speed/>` elements, read as the GPX reader
//!   reads a track (the same ranges, the same timing rules): degrees, metres, speed in
//!   m/s (Core Location's `CLLocation` units; a negative `horizontalAccuracy` marks the
//!   position invalid, a negative `verticalAccuracy` the altitude, a negative `speed` the
//!   speed: Apple's `CLLocation` documentation). A workout without a route (a treadmill,
//!   a run without the phone) is a run without positions; a route the reader cannot open
//!   is said in a note.
//! * **Samples** from the `Record`s inside the workout's span, one per second: `HeartRate`
//!   (count/min), `RunningSpeed` (km/hr, m/s), `RunningStrideLength` (m, Apple's "stride"
//!   is one step: step length), `RunningGroundContactTime` (ms), `RunningVerticalOscillation`
//!   (cm), `RunningPower` (W), `DistanceWalkingRunning` (increments summed to a distance), and
//!   `StepCount`: a count over the record's interval, so the cadence is count ÷ interval
//!   in minutes, in steps/min as counted, placed at the interval's end (intervals under
//!   2 s are too short to time and are left out).
//! * **Local time**: the workout's `startDate` offset is the recording's own UTC offset.
//!
//! An I/O failure while streaming (a disk error, a zip member that fails its size or
//! CRC-32 check) refuses the export; XML broken part-way keeps the workouts before the
//! break, with a note.

use super::xml::{self, RawPoint, Values};
use super::{gpx, IngestError};
use crate::model::{
    Activity, CadenceSource, Device, DeviceSummary, Format, OffsetSource, Pause, Sample, Sport,
    UtcOffset,
};
use crate::units::{MetersPerSecond, StepsPerMin};
use chrono::{DateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::io::BufRead;

/// Shortest `StepCount` interval turned into a cadence, s (our choice: a count over less
/// than two seconds is a step or two, too few to time).
pub(crate) const MIN_STEP_INTERVAL_S: f64 = 2.0;

/// Most workouts kept from one export (our choice: twenty a week for 80 years).
pub(crate) const MAX_WORKOUTS: usize = 100_000;

/// Most records kept inside an export's workouts, 32 bytes each (our choice: about
/// 6,000 hour-long workouts with every running metric, 640 MB); past it the export is
/// refused as too large rather than filling memory.
pub(crate) const MAX_WORKOUT_RECORDS: usize = 20_000_000;

/// Most inline route points (`<Location>`) kept from one export, at most 72 bytes each
/// (our choice: about 1,400 hour-long workouts at one point a second, 360 MB; only the
/// exports of iOS 10 and 11 write routes inline, so they hold a few years of workouts);
/// past it the export is refused as too large rather than filling memory.
pub(crate) const MAX_WORKOUT_LOCATIONS: usize = 5_000_000;

/// Most routes (route files and inline `WorkoutRoute`s) read for one workout (our choice:
/// an interval workout has one per step; a thousand steps is more than any plan).
pub(crate) const MAX_ROUTES_PER_WORKOUT: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    HeartRate,
    Speed,
    Stride,
    Contact,
    Oscillation,
    Power,
    Distance,
    Steps,
}

fn kind(t: &str) -> Option<Kind> {
    Some(match t.strip_prefix("HKQuantityTypeIdentifier")? {
        "HeartRate" => Kind::HeartRate,
        "RunningSpeed" => Kind::Speed,
        "RunningStrideLength" => Kind::Stride,
        "RunningGroundContactTime" => Kind::Contact,
        "RunningVerticalOscillation" => Kind::Oscillation,
        "RunningPower" => Kind::Power,
        "DistanceWalkingRunning" => Kind::Distance,
        "StepCount" => Kind::Steps,
        _ => return None,
    })
}

/// A value in the model's units (speed m/s, lengths mm for stride and oscillation, m
/// for distance), from the export's unit.
fn si(k: Kind, value: f64, unit: &str) -> Option<f64> {
    let v = match (k, unit) {
        (Kind::Speed, "km/hr") => value / 3.6,
        (Kind::Speed, "mi/hr") => value * 0.447_04,
        (Kind::Speed, "m/s") => value,
        (Kind::Stride, "m") => value * 1000.0,
        (Kind::Stride, "cm") => value * 10.0,
        (Kind::Oscillation, "cm") => value * 10.0,
        (Kind::Oscillation, "mm") => value,
        (Kind::Distance, "km") => value * 1000.0,
        (Kind::Distance, "mi") => value * 1609.344,
        (Kind::Distance, "m") => value,
        (Kind::HeartRate | Kind::Contact | Kind::Power | Kind::Steps, _) => value,
        _ => return None,
    };
    v.is_finite().then_some(v)
}

fn time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S %z")
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The offset from UTC a date is written with (`+0100` → 3600 s), within the ±14 h any
/// zone uses.
fn offset(s: &str) -> Option<i32> {
    DateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S %z")
        .ok()
        .map(|t| t.offset().local_minus_utc())
        .filter(|o| o.abs() <= super::local_time::MAX_OFFSET_S)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    super::xml::attribute(e, name)
}

#[derive(Default)]
struct Stat {
    span_s: f64,
    average: Option<f64>,
    sum: Option<f64>,
}

/// One inline route point (`<Location>`), its values in the model's units, checked as
/// the GPX reader checks a track point's.
struct Loc {
    time: Option<DateTime<Utc>>,
    position: Option<(f64, f64)>,
    altitude_m: Option<f64>,
    speed_mps: Option<f64>,
}

/// A `<Location>` element: Core Location's fields (degrees, metres, m/s), each left out
/// when its accuracy (or the speed itself) is negative, Apple's mark of an invalid value.
fn location(e: &BytesStart<'_>, values: &mut Values) -> Loc {
    let valid = |accuracy: &str| {
        attr(e, accuracy)
            .and_then(|a| xml::parse_number(&a))
            .is_none_or(|a| a >= 0.0)
    };
    let position = if valid("horizontalAccuracy") {
        values.position(
            attr(e, "latitude").as_deref(),
            attr(e, "longitude").as_deref(),
        )
    } else {
        None
    };
    let altitude_m = attr(e, "altitude")
        .filter(|_| valid("verticalAccuracy"))
        .and_then(|a| values.number("elevation", &a, &xml::ALTITUDE_RANGE));
    let speed_mps = attr(e, "speed")
        .filter(|v| xml::parse_number(v).is_none_or(|v| v >= 0.0))
        .and_then(|v| values.number("speed", &v, &xml::SPEED_RANGE));
    Loc {
        time: attr(e, "date").and_then(|d| time(&d)),
        position,
        altitude_m,
        speed_mps,
    }
}

struct Workout {
    sport: Sport,
    start: DateTime<Utc>,
    /// The offset `startDate` is written with, s.
    offset_s: Option<i32>,
    end: DateTime<Utc>,
    duration_s: Option<f64>,
    distance_m: Option<f64>,
    indoor: bool,
    device: Option<String>,
    events: Vec<(String, DateTime<Utc>)>,
    stats: Vec<(Kind, String, Stat)>,
    /// Route files, in file order (an interval workout has one per step).
    routes: Vec<String>,
    /// Inline routes (older exports): the `<Location>`s of each `WorkoutRoute`.
    inline: Vec<Vec<Loc>>,
    /// The inline points' values dropped as unreadable or out of range.
    values: Values,
    /// (start offset s, end offset s, kind, value in SI).
    records: Vec<(f64, f64, Kind, f64)>,
}

fn secs(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    let ms = (b - a).num_milliseconds() as f64;
    ms / 1000.0
}

fn xml_error<R>(r: &Reader<R>, e: &quick_xml::Error) -> IngestError {
    IngestError::Xml(format!("byte {}: {e}", r.error_position()))
}

/// A failure to read the bytes (not the XML in them): damage for corrupt data (a zip
/// member that fails its checks), else an I/O error. `None` for an XML error.
fn read_failure(e: &quick_xml::Error) -> Option<IngestError> {
    use std::io::ErrorKind;
    let quick_xml::Error::Io(io) = e else {
        return None;
    };
    let text = io.to_string().replace(['\n', '\r'], " ");
    Some(match io.kind() {
        ErrorKind::InvalidData | ErrorKind::InvalidInput | ErrorKind::UnexpectedEof => {
            IngestError::Damaged(text)
        }
        _ => IngestError::Io(text),
    })
}

/// First pass: the workouts.
fn workouts(src: impl BufRead) -> Result<(Vec<Workout>, Option<String>), IngestError> {
    let mut r = Reader::from_reader(src);
    let mut buf = Vec::new();
    let mut out: Vec<Workout> = Vec::new();
    let mut cur: Option<Workout> = None;
    let mut depth_in_workout = 0usize;
    // The depth of the inline `WorkoutRoute` being read, inside the workout.
    let mut route_depth: Option<usize> = None;
    let mut locations = 0usize;
    let mut broken = None;
    loop {
        let ev = match r.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => {
                if let Some(failure) = read_failure(&e) {
                    return Err(failure);
                }
                if out.is_empty() && cur.is_none() {
                    return Err(xml_error(&r, &e));
                }
                broken = Some(format!(
                    "the XML breaks at byte {} ({e}): the workouts before it were kept",
                    r.error_position()
                ));
                break;
            }
        };
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.local_name();
                let name = name.as_ref();
                if let Some(w) = cur.as_mut() {
                    if !empty {
                        depth_in_workout += 1;
                    }
                    match name {
                        b"MetadataEntry"
                            if attr(e, "key").as_deref() == Some("HKIndoorWorkout") =>
                        {
                            w.indoor = attr(e, "value").as_deref() == Some("1");
                        }
                        b"WorkoutEvent" if w.events.len() < super::MAX_TIMER_EVENTS => {
                            if let (Some(t), Some(d)) =
                                (attr(e, "type"), attr(e, "date").and_then(|d| time(&d)))
                            {
                                w.events.push((t, d));
                            }
                        }
                        b"WorkoutStatistics" => {
                            let k = attr(e, "type").and_then(|t| kind(&t));
                            let span = attr(e, "startDate")
                                .and_then(|s| time(&s))
                                .zip(attr(e, "endDate").and_then(|s| time(&s)))
                                .map_or(0.0, |(a, b)| secs(a, b));
                            if let Some(k) = k {
                                let unit = attr(e, "unit").unwrap_or_default();
                                let num =
                                    |n: &str| attr(e, n).and_then(|v| super::xml::parse_number(&v));
                                let stat = Stat {
                                    span_s: span,
                                    average: num("average"),
                                    sum: num("sum"),
                                };
                                match w.stats.iter().position(|(kk, _, _)| *kk == k) {
                                    Some(i) => {
                                        if let Some(slot) = w.stats.get_mut(i) {
                                            if slot.2.span_s < stat.span_s {
                                                *slot = (k, unit, stat);
                                            }
                                        }
                                    }
                                    None => w.stats.push((k, unit, stat)),
                                }
                            }
                        }
                        b"FileReference" if w.routes.len() < MAX_ROUTES_PER_WORKOUT => {
                            w.routes.extend(attr(e, "path"));
                        }
                        b"WorkoutRoute" if !empty => {
                            route_depth = Some(depth_in_workout);
                            if w.inline.len() < MAX_ROUTES_PER_WORKOUT {
                                w.inline.push(Vec::new());
                            }
                        }
                        b"Location" if route_depth.is_some() => {
                            locations += 1;
                            if locations > MAX_WORKOUT_LOCATIONS {
                                return Err(super::over_cap(
                                    "route points inside workouts",
                                    MAX_WORKOUT_LOCATIONS,
                                ));
                            }
                            let loc = location(e, &mut w.values);
                            if let Some(route) = w.inline.last_mut() {
                                route.push(loc);
                            }
                        }
                        _ => {}
                    }
                    if empty && depth_in_workout == 0 && name == b"Workout" {
                        out.extend(cur.take());
                    }
                } else if name == b"Workout" {
                    if out.len() >= MAX_WORKOUTS {
                        return Err(super::over_cap("workouts", MAX_WORKOUTS));
                    }
                    let sport = match attr(e, "workoutActivityType").as_deref() {
                        Some("HKWorkoutActivityTypeRunning") => Some(Sport::Running),
                        Some("HKWorkoutActivityTypeWalking") => Some(Sport::Walking),
                        Some("HKWorkoutActivityTypeHiking") => Some(Sport::Hiking),
                        _ => None,
                    };
                    let start_text = attr(e, "startDate");
                    let start = start_text.as_deref().and_then(time);
                    let end = attr(e, "endDate").and_then(|s| time(&s));
                    if let (Some(sport), Some(start), Some(end)) = (sport, start, end) {
                        let num = |n: &str| attr(e, n).and_then(|v| super::xml::parse_number(&v));
                        let duration_s =
                            num("duration").map(|d| match attr(e, "durationUnit").as_deref() {
                                Some("min") => d * 60.0,
                                Some("hr") => d * 3600.0,
                                _ => d,
                            });
                        let distance_m = num("totalDistance").and_then(|d| {
                            si(
                                Kind::Distance,
                                d,
                                attr(e, "totalDistanceUnit").as_deref().unwrap_or("km"),
                            )
                        });
                        let w = Workout {
                            sport,
                            start,
                            offset_s: start_text.as_deref().and_then(offset),
                            end: end.max(start),
                            duration_s: duration_s.filter(|d| d.is_finite() && *d >= 0.0),
                            distance_m: distance_m.filter(|d| *d >= 0.0),
                            indoor: false,
                            device: attr(e, "sourceName"),
                            events: Vec::new(),
                            stats: Vec::new(),
                            routes: Vec::new(),
                            inline: Vec::new(),
                            values: Values::default(),
                            records: Vec::new(),
                        };
                        if empty {
                            out.push(w);
                        } else {
                            cur = Some(w);
                            depth_in_workout = 0;
                            route_depth = None;
                        }
                    }
                }
            }
            Event::End(ref e) if cur.is_some() => {
                if depth_in_workout == 0 && e.local_name().as_ref() == b"Workout" {
                    out.extend(cur.take());
                } else {
                    if route_depth == Some(depth_in_workout) {
                        route_depth = None;
                    }
                    depth_in_workout = depth_in_workout.saturating_sub(1);
                }
            }
            _ => {}
        }
        buf.clear();
    }
    out.extend(cur.take());
    out.sort_by_key(|w| w.start);
    Ok((out, broken))
}

/// Second pass: the records inside a workout's span.
fn records(src: impl BufRead, ws: &mut [Workout]) -> Result<(), IngestError> {
    let mut r = Reader::from_reader(src);
    let mut buf = Vec::new();
    let starts: Vec<DateTime<Utc>> = ws.iter().map(|w| w.start).collect();
    let mut kept = 0usize;
    // A break in the XML ends the pass: the records before it are kept (the first pass
    // said where it broke). A failure to read the bytes refuses the export.
    loop {
        let ev = match r.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => match read_failure(&e) {
                Some(failure) => return Err(failure),
                None => break,
            },
        };
        match ev {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) if e.local_name().as_ref() == b"Record" => {
                let Some(k) = attr(e, "type").and_then(|t| kind(&t)) else {
                    buf.clear();
                    continue;
                };
                let (Some(a), Some(b)) = (
                    attr(e, "startDate").and_then(|s| time(&s)),
                    attr(e, "endDate").and_then(|s| time(&s)),
                ) else {
                    buf.clear();
                    continue;
                };
                // The workout starting last at or before the record's end.
                let i = starts.partition_point(|s| *s <= b);
                if let Some(w) = i.checked_sub(1).and_then(|i| ws.get_mut(i)) {
                    if a >= w.start && b <= w.end && w.records.len() < super::MAX_SAMPLES {
                        let unit = attr(e, "unit").unwrap_or_default();
                        if let Some(v) = attr(e, "value")
                            .and_then(|v| super::xml::parse_number(&v))
                            .and_then(|v| si(k, v, &unit))
                        {
                            kept += 1;
                            if kept > MAX_WORKOUT_RECORDS {
                                return Err(super::over_cap(
                                    "records inside workouts",
                                    MAX_WORKOUT_RECORDS,
                                ));
                            }
                            w.records.push((secs(w.start, a), secs(w.start, b), k, v));
                        }
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// How a reader opens a route file: the `FileReference` path as written → its bytes.
pub(crate) type RouteFn<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// Read an export whose bytes `open` gives (called twice: one pass each), with route
/// files from `route` (the `FileReference` path as written).
///
/// # Errors
/// [`IngestError::Xml`] for XML broken before any workout; [`IngestError::NotAnActivity`]
/// for an export without a running, walking or hiking workout.
pub fn read_with<R: BufRead>(
    open: impl Fn() -> std::io::Result<R>,
    route: Option<RouteFn<'_>>,
) -> Result<Vec<Activity>, IngestError> {
    let io = |e: std::io::Error| IngestError::Io(e.to_string());
    let (mut ws, broken) = workouts(open().map_err(io)?)?;
    if ws.is_empty() {
        return Err(IngestError::NotAnActivity(
            "Apple Health export with no running, walking or hiking workout".into(),
        ));
    }
    records(open().map_err(io)?, &mut ws)?;
    let several = ws.len() > 1;
    Ok(ws
        .into_iter()
        .enumerate()
        .map(|(k, w)| {
            let mut a = build(w, route);
            a.session = several.then_some(k);
            a.notes.extend(broken.clone());
            a
        })
        .collect())
}

/// The components of a route's `FileReference` path, relative to the export's folder
/// (`/workout-routes/route_1.gpx` → `workout-routes`, `route_1.gpx`; `/` and `\` both
/// separate, empty and `.` components are dropped); `None` for a path with a `..`
/// component, which could leave the export's folder.
#[must_use]
pub fn route_parts(path: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = path
        .split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    (!parts.contains(&"..") && !parts.is_empty()).then_some(parts)
}

/// Read an in-memory export (routes not joined: their files are beside the export, not
/// in it; a note says so).
///
/// # Errors
/// See [`read_with`].
pub fn read(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    read_with(|| Ok(bytes), None)
}

/// Read `export.xml` from disk, streamed, with its route files from the same folder.
///
/// # Errors
/// See [`read_with`].
pub fn read_file(path: &std::path::Path) -> Result<Vec<Activity>, IngestError> {
    let dir = path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let route = |p: &str| -> Option<Vec<u8>> {
        let file = route_parts(p)?
            .into_iter()
            .fold(dir.clone(), |path, part| path.join(part));
        let len = std::fs::metadata(&file).ok()?.len();
        (len <= super::MAX_FILE_BYTES)
            .then(|| std::fs::read(&file).ok())
            .flatten()
    };
    read_with(
        || std::fs::File::open(path).map(std::io::BufReader::new),
        Some(&route),
    )
}

/// The second of the workout a time in seconds from its start falls in.
fn at(t: f64) -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    {
        t.round().clamp(-1e12, 1e12) as i64
    }
}

/// Join a route, read as the GPX reader reads a track, to the workout's seconds: each
/// point's position, altitude and speed at the second it falls in.
fn join_route(by_s: &mut BTreeMap<i64, Sample>, r: &Activity, start: DateTime<Utc>) {
    let offset = r.start_time.map_or(0.0, |s| secs(start, s));
    for s in &r.samples {
        let Some(t) = s.t_s else { continue };
        let e = by_s.entry(at(t + offset)).or_default();
        e.lat_deg = s.lat_deg;
        e.lon_deg = s.lon_deg;
        e.altitude_m = s.altitude_m;
        e.speed = s.speed;
    }
}

/// An inline route's points as the track the GPX reader would make of the same points
/// (start at the first timed point, times relative to it, the same timing rules).
fn inline_route(locations: Vec<Loc>) -> Activity {
    let mut r = Activity::new(Format::Gpx);
    let points = locations
        .into_iter()
        .map(|l| RawPoint {
            sample: Sample {
                lat_deg: l.position.map(|p| p.0),
                lon_deg: l.position.map(|p| p.1),
                altitude_m: l.altitude_m,
                speed: l.speed_mps.map(MetersPerSecond),
                ..Sample::default()
            },
            time: l.time,
            cadence: None,
            new_segment: false,
        })
        .collect();
    xml::assemble(&mut r, points);
    r
}

fn build(w: Workout, route: Option<RouteFn<'_>>) -> Activity {
    let mut a = Activity::new(Format::AppleHealth);
    a.sport = w.sport;
    a.start_time = Some(w.start);
    a.device = Device {
        manufacturer: Some("Apple".into()),
        product: w.device.clone(),
        creator: None,
    };
    if w.indoor {
        a.sub_sport = Some(
            if w.sport == Sport::Running {
                "treadmill"
            } else {
                "indoor"
            }
            .into(),
        );
    }
    a.utc_offset = w.offset_s.map(|seconds| UtcOffset {
        seconds,
        source: OffsetSource::Recording,
        zone: None,
    });
    a.notes.extend(w.values.note());
    let mut by_s: BTreeMap<i64, Sample> = BTreeMap::new();
    // The routes (an interval workout writes one file per step; older exports hold
    // the points inline).
    if route.is_none() && !w.routes.is_empty() {
        a.notes.push(format!(
            "{} route file(s) not joined: the export was read without its folder (from a pipe or a .gz file): a run without positions",
            w.routes.len()
        ));
    }
    for path in w.routes.iter().filter(|_| route.is_some()) {
        match route.and_then(|f| f(path)).map(|b| gpx::read(&b)) {
            Some(Ok(r)) => join_route(&mut by_s, &r, w.start),
            Some(Err(e)) => a.notes.push(format!("route {path:?} unreadable: {e}")),
            None => a.notes.push(format!(
                "route {path:?} not found beside the export: a run without positions"
            )),
        }
    }
    for locations in w.inline {
        join_route(&mut by_s, &inline_route(locations), w.start);
    }
    // The records.
    let mut covered = 0.0;
    let mut recs = w.records;
    recs.sort_by(|x, y| x.1.total_cmp(&y.1));
    let mut cadence = false;
    for (t0, t1, k, v) in recs {
        let e = by_s.entry(at(t1)).or_default();
        match k {
            Kind::HeartRate => e.heart_rate_bpm = Some(v),
            Kind::Speed => e.speed = Some(MetersPerSecond(v)),
            Kind::Stride => e.step_length_mm = Some(v),
            Kind::Contact => e.stance_time_ms = Some(v),
            Kind::Oscillation => e.vertical_oscillation_mm = Some(v),
            Kind::Power => e.power_w = Some(v),
            Kind::Distance => {
                covered += v.max(0.0);
                e.distance_m = Some(covered);
            }
            Kind::Steps => {
                let span = t1 - t0;
                if span >= MIN_STEP_INTERVAL_S {
                    e.cadence = Some(StepsPerMin(v / (span / 60.0)));
                    cadence = true;
                }
            }
        }
    }
    if cadence {
        a.cadence_source = CadenceSource::StepsOverInterval;
        a.cadence_reason =
            "Apple Health step counts: steps ÷ each record's interval in minutes".into();
    } else {
        a.cadence_reason = "no step counts in the workout".into();
    }
    // Distance only where the records gave it; positions fill in otherwise.
    let has_pos = by_s.values().any(|s| s.lat_deg.is_some());
    for (t, mut s) in by_s {
        {
            s.t_s = Some(t as f64);
        }
        if has_pos {
            s.distance_m = None;
        }
        a.samples.push(s);
    }
    // Pauses.
    let mut open: Option<f64> = None;
    for (t, d) in &w.events {
        let x = secs(w.start, *d);
        match t.as_str() {
            "HKWorkoutEventTypePause" | "HKWorkoutEventTypeMotionPaused" => {
                open = open.or(Some(x));
            }
            "HKWorkoutEventTypeResume" | "HKWorkoutEventTypeMotionResumed" => {
                if let Some(p) = open.take() {
                    a.pauses.push(Pause {
                        start_s: p,
                        end_s: x,
                    });
                }
            }
            _ => {}
        }
    }
    // Summary.
    let stat = |k: Kind| w.stats.iter().find(|(kk, _, _)| *kk == k);
    let avg = |k: Kind| stat(k).and_then(|(k, u, s)| s.average.and_then(|v| si(*k, v, u)));
    let dur = w.duration_s;
    let summary = DeviceSummary {
        distance_m: w.distance_m.or_else(|| {
            stat(Kind::Distance).and_then(|(k, u, s)| s.sum.and_then(|v| si(*k, v, u)))
        }),
        timer_s: dur,
        elapsed_s: Some(secs(w.start, w.end)),
        avg_heart_rate_bpm: avg(Kind::HeartRate),
        avg_speed_mps: avg(Kind::Speed),
        avg_stance_time_ms: avg(Kind::Contact),
        avg_vertical_oscillation_mm: avg(Kind::Oscillation),
        avg_step_length_mm: avg(Kind::Stride),
        avg_cadence_spm: stat(Kind::Steps)
            .and_then(|(_, _, s)| s.sum.zip(Some(s.span_s)))
            .filter(|(_, span)| *span > 0.0)
            .map(|(n, span)| n / (span / 60.0)),
        ..DeviceSummary::default()
    };
    a.summary = Some(summary);
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workout_with_records_gives_samples_in_model_units() {
        let xml = br#"<HealthData>
 <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2024-05-01 07:00:10 +0200" endDate="2024-05-01 07:00:10 +0200" value="150"/>
 <Record type="HKQuantityTypeIdentifierStepCount" unit="count" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 07:00:20 +0200" value="56"/>
 <Record type="HKQuantityTypeIdentifierRunningVerticalOscillation" unit="cm" startDate="2024-05-01 07:00:20 +0200" endDate="2024-05-01 07:00:20 +0200" value="8.5"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" unit="count/min" startDate="2024-05-01 06:00:10 +0200" endDate="2024-05-01 06:00:10 +0200" value="60"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="1" durationUnit="min" startDate="2024-05-01 07:00:00 +0200" endDate="2024-05-01 07:01:00 +0200">
  <WorkoutEvent type="HKWorkoutEventTypePause" date="2024-05-01 07:00:30 +0200"/>
  <WorkoutEvent type="HKWorkoutEventTypeResume" date="2024-05-01 07:00:40 +0200"/>
 </Workout>
 <Workout workoutActivityType="HKWorkoutActivityTypeCycling" startDate="2024-05-01 09:00:00 +0200" endDate="2024-05-01 10:00:00 +0200"/>
</HealthData>"#;
        let acts = read(xml).expect("reads");
        assert_eq!(acts.len(), 1, "the ride is left out");
        let a = &acts[0];
        assert_eq!(
            a.start_time.map(|t| t.to_rfc3339()),
            Some("2024-05-01T05:00:00+00:00".into())
        );
        assert_eq!(a.sport, Sport::Running);
        let s10 = a
            .samples
            .iter()
            .find(|s| s.t_s == Some(10.0))
            .expect("10 s");
        assert_eq!(s10.heart_rate_bpm, Some(150.0));
        let s20 = a
            .samples
            .iter()
            .find(|s| s.t_s == Some(20.0))
            .expect("20 s");
        assert_eq!(s20.cadence, Some(StepsPerMin(168.0)));
        assert_eq!(s20.vertical_oscillation_mm, Some(85.0));
        assert_eq!(
            a.pauses,
            [Pause {
                start_s: 30.0,
                end_s: 40.0
            }]
        );
        assert_eq!(a.summary.as_ref().and_then(|s| s.timer_s), Some(60.0));
        // The workout's offset is the run's local time.
        assert_eq!(a.utc_offset.as_ref().map(|o| o.seconds), Some(7200));
    }

    #[test]
    fn an_inline_route_point_costs_what_the_cap_says() {
        assert!(
            std::mem::size_of::<Loc>() <= 72,
            "{}",
            std::mem::size_of::<Loc>()
        );
    }

    #[test]
    fn inline_locations_keep_what_core_location_marks_valid() {
        let loc = |t: u32, rest: &str| {
            format!(
                "<Location date=\"2016-11-14 07:25:{t:02} -0700\" latitude=\"37.7777\" longitude=\"-122.426\" altitude=\"21.2\" horizontalAccuracy=\"2.4\" verticalAccuracy=\"1.6\" course=\"-1\" speed=\"2.5\" {rest}/>"
            )
        };
        let xml = format!(
            r#"<HealthData><Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="2016-11-14 07:25:40 -0700" endDate="2016-11-14 07:30:52 -0700">
 <WorkoutRoute sourceName="iPhone">{}{}{}{}{}</WorkoutRoute>
 <Location date="2016-11-14 07:25:50 -0700" latitude="1" longitude="1"/>
</Workout></HealthData>"#,
            loc(44, ""),
            loc(45, "").replace("speed=\"2.5\"", "speed=\"-1\""),
            loc(46, "").replace("horizontalAccuracy=\"2.4\"", "horizontalAccuracy=\"-1\""),
            loc(47, "").replace("verticalAccuracy=\"1.6\"", "verticalAccuracy=\"-1\""),
            loc(48, "").replace("latitude=\"37.7777\"", "latitude=\"97.7\""),
        );
        let acts = read(xml.as_bytes()).expect("reads");
        let a = &acts[0];
        let at = |t: f64| a.samples.iter().find(|s| s.t_s == Some(t)).expect("sample");
        // Seconds from the workout's start: the route starts 4 s in.
        let s = at(4.0);
        assert_eq!((s.lat_deg, s.lon_deg), (Some(37.7777), Some(-122.426)));
        assert_eq!(
            (s.altitude_m, s.speed),
            (Some(21.2), Some(MetersPerSecond(2.5)))
        );
        // A negative speed is Core Location's "invalid", not a value dropped.
        assert_eq!((at(5.0).speed, at(5.0).altitude_m), (None, Some(21.2)));
        assert_eq!(
            (at(6.0).lat_deg, at(6.0).speed),
            (None, Some(MetersPerSecond(2.5)))
        );
        assert_eq!((at(7.0).altitude_m, at(7.0).lat_deg), (None, Some(37.7777)));
        // Out of range: dropped as the GPX reader drops it, and said.
        assert_eq!(at(8.0).lat_deg, None);
        assert!(
            a.notes
                .iter()
                .any(|n| n.contains("position \"97.7 -122.426\"")),
            "{:?}",
            a.notes
        );
        // A Location outside a WorkoutRoute is no route point.
        assert!(a.samples.iter().all(|s| s.lat_deg != Some(1.0)));
    }
}
