//! Garmin Training Center XML (TCX) reader: one [`Activity`] per `<Activity>` element.
//!
//! * Trackpoints: `Time`, `Position` (degrees), `AltitudeMeters`, cumulative
//!   `DistanceMeters`, `HeartRateBpm/Value`, and under `<Extensions><TPX>` (any prefix)
//!   `Speed` (m/s) and `RunCadence`. Cadence prefers `RunCadence` (runs) over the
//!   trackpoint's own `<Cadence>` (bikes, and Polar runs).
//! * Cadence unit: inferred from the values ([`super::cadence_unit`]; docs/METHODS.md:
//!   Garmin `RunCadence` is strides/min, some TCX files are already doubled).
//! * `Activity Sport="Running|Biking|Other"` gives the sport; `<Creator><Name>` the
//!   device product.
//! * Laps (`<Lap StartTime>`, `TotalTimeSeconds`, `DistanceMeters`) become
//!   [`Activity::laps`] (start relative to the first trackpoint time, negative when a lap
//!   began before it) and a [`DeviceSummary`]: summed distance and timer time,
//!   time-weighted lap `AverageHeartRateBpm`, and time-weighted lap cadence (`<LX>
//!   AvgRunCadence`, else the lap's `<Cadence>`) converted with the same unit decision as
//!   the trackpoints.
//! * `<Course>` elements (planned courses) are read like activities, without laps.
//! * An activity with neither trackpoints nor laps is skipped; a file without any usable
//!   activity is not an activity. When a file holds several, `session` numbers them.
//!   XML that breaks part-way keeps what was read.
//! * The XML is read through the fast path (`ingest::xml_fast`: the common well-formed
//!   subset, exactly as quick-xml reads it) and, when that declines, again from the start
//!   through quick-xml (`xml::Pull`), which reads, salvages and reports everything else.

use super::cadence_unit::{self, Decision};
use super::xml::{self, known_names, Node, RawPoint, Source, Stop, Values};
use super::xml_fast;
use super::IngestError;
use crate::model::{Activity, CadenceSource, DeviceSummary, Format, Lap, LapIntensity, Sport};
use crate::units::MetersPerSecond;
use chrono::{DateTime, Utc};
use quick_xml::events::BytesStart;
use std::ops::RangeInclusive;

/// Plausible lap timer time in seconds (up to about four months).
const LAP_TIME_RANGE: RangeInclusive<f64> = 0.0..=1e7;

/// The TCX elements the reader cares about, by local name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Activity,
    Course,
    Lap,
    Track,
    Trackpoint,
    Time,
    Position,
    Latitude,
    Longitude,
    Altitude,
    Distance,
    HeartRate,
    AverageHeartRate,
    Value,
    Cadence,
    RunCadence,
    AvgRunCadence,
    Speed,
    Creator,
    Name,
    TotalTime,
    Intensity,
    Other,
}

known_names! {
    b"Lap" => Lap,
    b"Name" => Name,
    b"Time" => Time,
    b"Speed" => Speed,
    b"Track" => Track,
    b"Value" => Value,
    b"Course" => Course,
    b"Cadence" => Cadence,
    b"Creator" => Creator,
    b"Activity" => Activity,
    b"Position" => Position,
    b"Intensity" => Intensity,
    b"RunCadence" => RunCadence,
    b"Trackpoint" => Trackpoint,
    b"HeartRateBpm" => HeartRate,
    b"AvgRunCadence" => AvgRunCadence,
    b"AltitudeMeters" => Altitude,
    b"DistanceMeters" => Distance,
    b"LatitudeDegrees" => Latitude,
    b"LongitudeDegrees" => Longitude,
    b"TotalTimeSeconds" => TotalTime,
    b"AverageHeartRateBpm" => AverageHeartRate,
}

/// A trackpoint being read.
#[derive(Default)]
struct OpenPoint {
    point: RawPoint,
    /// Latitude and longitude texts (when `has_lat`, `has_lon`), for [`Values::position`]
    /// and its note; the buffers pass from point to point (no allocation per point).
    lat: String,
    lon: String,
    has_lat: bool,
    has_lon: bool,
    run_cadence: Option<f64>,
    cadence: Option<f64>,
    /// Path length outside the `<Trackpoint>` element.
    depth: usize,
}

/// A lap as read, in the file's units.
#[derive(Clone, Debug, Default)]
struct RawLap {
    start: Option<DateTime<Utc>>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    avg_heart_rate: Option<f64>,
    avg_run_cadence: Option<f64>,
    cadence: Option<f64>,
    /// `<Intensity>`: `Active` or `Resting` (TCX v2 schema, `Intensity_t`).
    intensity: Option<LapIntensity>,
    /// Path length outside the `<Lap>` element.
    depth: usize,
}

impl RawLap {
    /// Recorded lap cadence: `AvgRunCadence`, else the lap's `<Cadence>`.
    fn recorded_cadence(&self) -> Option<f64> {
        self.avg_run_cadence.or(self.cadence)
    }
}

/// One `<Activity>` or `<Course>` being read.
struct Session {
    activity: Activity,
    points: Vec<RawPoint>,
    laps: Vec<RawLap>,
    values: Values,
    /// A `<Course>` (planned route): its laps are not device records.
    course: bool,
    /// Path length outside the session element.
    depth: usize,
    /// The next trackpoint starts a new `<Track>` of the same lap: a timer restart.
    segment_pending: bool,
}

/// Everything gathered while streaming the document.
#[derive(Default)]
struct Doc {
    done: Vec<Activity>,
    session: Option<Session>,
    /// `<Activity>`/`<Course>`, `<Lap>` and `<Track>` elements opened so far, against the
    /// caps every format shares ([`super::MAX_SESSIONS`], ...).
    counts: [usize; 3],
    /// Set when a count passes its cap: the file is refused as it is read.
    too_large: Option<IngestError>,
    lap: Option<RawLap>,
    point: Option<OpenPoint>,
    /// The last point's latitude and longitude buffers, for the next point.
    spare: (String, String),
}

/// Read a TCX document into one activity per `<Activity>` (or `<Course>`) element.
///
/// # Errors
/// [`IngestError::Xml`] for malformed XML before any trackpoint was read;
/// [`IngestError::NotAnActivity`] when no activity has trackpoints or laps.
pub fn read(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    // The fast path first (issue 24), quick-xml for what it declines.
    xml_fast::read_either(bytes, read_from, read_from)
}

/// [`read`] through quick-xml alone (tests: the fast path gives the same results).
#[cfg(test)]
pub(crate) fn read_through_pull(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    match read_from(xml::Pull::new(bytes)) {
        Ok(result) => result,
        Err(never) => match never {},
    }
}

/// [`read`] from one node source; `Err` when the source declines the document.
fn read_from<'a, S: Source<'a>>(
    mut source: S,
) -> Result<Result<Vec<Activity>, IngestError>, S::Declined> {
    let mut doc = Doc::default();
    let mut path: Vec<Tag> = Vec::new();
    let mut text = xml::Text::default();
    loop {
        match source.next_node() {
            Ok(Some(Node::Open(start))) => {
                let tag = Tag::of(xml::local_name(&start));
                doc.open(tag, path.len(), &start);
                if let Some(e) = doc.too_large.take() {
                    return Ok(Err(e));
                }
                path.push(tag);
                text.clear();
            }
            Ok(Some(Node::Text(t))) => text.push(t),
            Ok(Some(Node::Close)) => {
                if let Some(tag) = path.pop() {
                    doc.close(tag, &path, text.as_str());
                }
                text.clear();
            }
            Ok(None) => break,
            Err(Stop::Declined(d)) => return Err(d),
            Err(Stop::Break(brk)) => {
                let kept = doc.points_read();
                if kept == 0 {
                    return Ok(Err(brk.into_error()));
                }
                doc.salvage(&brk.salvage_note(kept));
                break;
            }
        }
    }
    if doc.done.is_empty() {
        return Ok(Err(IngestError::NotAnActivity(
            "TCX has no activity with trackpoints or laps".to_string(),
        )));
    }
    if doc.done.len() > 1 {
        for (index, activity) in doc.done.iter_mut().enumerate() {
            activity.session = Some(index);
        }
    }
    Ok(Ok(doc.done))
}

impl Doc {
    fn open(&mut self, tag: Tag, depth: usize, start: &BytesStart<'_>) {
        // The caps every format shares: activities, laps, and recording restarts (a
        // `<Track>` is a stop and a start of the timer).
        let (k, cap, what) = match tag {
            Tag::Activity | Tag::Course => (0, super::MAX_SESSIONS, "TCX activities"),
            Tag::Lap => (1, super::MAX_LAPS, "TCX laps"),
            Tag::Track => (2, super::MAX_TIMER_EVENTS / 2, "TCX tracks"),
            _ => (3, 0, ""),
        };
        if let Some(n) = self.counts.get_mut(k) {
            *n += 1;
            if *n > cap {
                self.too_large = Some(super::over_cap(what, cap));
                return;
            }
        }
        match tag {
            Tag::Activity | Tag::Course if self.session.is_none() => {
                self.session = Some(Session::start(tag, depth, start));
            }
            Tag::Lap if self.session.is_some() && self.lap.is_none() && self.point.is_none() => {
                let start_time = xml::attribute(start, "StartTime");
                let values = self.session.as_mut().map(|s| &mut s.values);
                self.lap = Some(RawLap {
                    start: values.and_then(|v| v.time(start_time.as_deref().unwrap_or_default())),
                    depth,
                    ..RawLap::default()
                });
            }
            // Garmin starts a new <Track> at each timer restart, and at each lap: a lap
            // recorded without a stop leaves no gap, so its boundary pauses nothing
            // (see `xml::assemble`).
            Tag::Track if self.point.is_none() => {
                if let Some(session) = &mut self.session {
                    if !session.points.is_empty() {
                        session.segment_pending = true;
                    }
                }
            }
            Tag::Trackpoint if self.session.is_some() && self.point.is_none() => {
                let (lat, lon) = std::mem::take(&mut self.spare);
                self.point = Some(OpenPoint {
                    depth,
                    lat,
                    lon,
                    ..OpenPoint::default()
                });
            }
            _ => {}
        }
    }

    /// `path` is the path of the closing element's parent.
    fn close(&mut self, tag: Tag, path: &[Tag], text: &str) {
        let Some(session) = &mut self.session else {
            return;
        };
        let parent = path.last().copied();
        if let Some(point) = &mut self.point {
            if path.len() > point.depth {
                point.read_value(&mut session.values, tag, parent, text);
            } else if let Some(point) = self.point.take() {
                self.spare = session.push_point(point);
            }
        } else if let Some(lap) = &mut self.lap {
            if path.len() > lap.depth {
                lap.read_value(&mut session.values, tag, parent, text);
            } else if let Some(lap) = self.lap.take() {
                session.laps.push(lap);
            }
        } else if path.len() > session.depth {
            session.read_value(tag, parent, text);
        } else if let Some(session) = self.session.take() {
            self.done.extend(session.finish());
        }
    }

    /// Trackpoints read so far, finished activities included.
    fn points_read(&self) -> usize {
        let done: usize = self.done.iter().map(|a| a.samples.len()).sum();
        done + self.session.as_ref().map_or(0, |s| s.points.len())
    }

    /// Close what was open when the XML broke and attach `note` to the last activity.
    fn salvage(&mut self, note: &str) {
        if let Some(mut session) = self.session.take() {
            session.laps.extend(self.lap.take());
            self.done.extend(session.finish());
        }
        if let Some(last) = self.done.last_mut() {
            last.notes.push(note.to_string());
        }
    }
}

impl OpenPoint {
    fn read_value(&mut self, values: &mut Values, tag: Tag, parent: Option<Tag>, text: &str) {
        let direct = parent == Some(Tag::Trackpoint);
        let sample = &mut self.point.sample;
        match (tag, parent) {
            (Tag::Time, _) if direct => self.point.time = values.time(text),
            (Tag::Latitude, Some(Tag::Position)) => {
                self.lat.clear();
                self.lat.push_str(text);
                self.has_lat = true;
            }
            (Tag::Longitude, Some(Tag::Position)) => {
                self.lon.clear();
                self.lon.push_str(text);
                self.has_lon = true;
            }
            (Tag::Altitude, _) if direct => {
                sample.altitude_m = values.number("altitude", text, &xml::ALTITUDE_RANGE);
            }
            (Tag::Distance, _) if direct => {
                sample.distance_m = values.number("distance", text, &xml::DISTANCE_RANGE);
            }
            (Tag::Value, Some(Tag::HeartRate)) => sample.heart_rate_bpm = values.heart_rate(text),
            (Tag::Cadence, _) if direct => {
                self.cadence = values.number("cadence", text, &xml::CADENCE_RANGE);
            }
            (Tag::RunCadence, _) => {
                self.run_cadence = values.number("cadence", text, &xml::CADENCE_RANGE);
            }
            (Tag::Speed, _) => {
                sample.speed = values
                    .number("speed", text, &xml::SPEED_RANGE)
                    .map(MetersPerSecond);
            }
            _ => {}
        }
    }
}

impl RawLap {
    fn read_value(&mut self, values: &mut Values, tag: Tag, parent: Option<Tag>, text: &str) {
        match (tag, parent) {
            (Tag::Intensity, Some(Tag::Lap)) => {
                self.intensity = match text.trim() {
                    t if t.eq_ignore_ascii_case("active") => Some(LapIntensity::Active),
                    t if t.eq_ignore_ascii_case("resting") => Some(LapIntensity::Rest),
                    _ => None,
                };
            }
            (Tag::TotalTime, Some(Tag::Lap)) => {
                self.timer_s = values.number("lap time", text, &LAP_TIME_RANGE);
            }
            (Tag::Distance, Some(Tag::Lap)) => {
                self.distance_m = values.number("lap distance", text, &xml::DISTANCE_RANGE);
            }
            (Tag::Value, Some(Tag::AverageHeartRate)) => {
                self.avg_heart_rate = values.heart_rate(text);
            }
            (Tag::Cadence, Some(Tag::Lap)) => {
                self.cadence = values.number("lap cadence", text, &xml::CADENCE_RANGE);
            }
            (Tag::AvgRunCadence, _) => {
                self.avg_run_cadence = values.number("lap cadence", text, &xml::CADENCE_RANGE);
            }
            _ => {}
        }
    }
}

impl Session {
    fn start(tag: Tag, depth: usize, start: &BytesStart<'_>) -> Self {
        let mut activity = Activity::new(Format::Tcx);
        if tag == Tag::Activity {
            if let Some(sport) = xml::attribute(start, "Sport") {
                activity.sport = Sport::from_name(&sport);
                if sport.to_ascii_lowercase().contains("treadmill") {
                    activity.sub_sport = Some(sport);
                }
            }
        } else {
            activity
                .notes
                .push("TCX course: a planned route, not a recording".to_string());
        }
        Self {
            activity,
            points: xml::point_buffer(),
            laps: Vec::new(),
            values: Values::default(),
            course: tag == Tag::Course,
            depth,
            segment_pending: false,
        }
    }

    /// Values that belong to the session itself: the device name, a course name.
    fn read_value(&mut self, tag: Tag, parent: Option<Tag>, text: &str) {
        let slot = match (tag, parent) {
            (Tag::Name, Some(Tag::Creator)) => &mut self.activity.device.product,
            (Tag::Name, Some(Tag::Course)) => &mut self.activity.name,
            _ => return,
        };
        let text = text.trim();
        if slot.is_none() && !text.is_empty() {
            *slot = Some(text.to_string());
        }
    }

    /// Keep a finished trackpoint; gives back its latitude and longitude buffers.
    fn push_point(&mut self, open: OpenPoint) -> (String, String) {
        let mut point = open.point;
        let lat = open.has_lat.then_some(open.lat.as_str());
        let lon = open.has_lon.then_some(open.lon.as_str());
        if let Some((lat, lon)) = self.values.position(lat, lon) {
            point.sample.lat_deg = Some(lat);
            point.sample.lon_deg = Some(lon);
        }
        point.cadence = open.run_cadence.or(open.cadence);
        point.new_segment = std::mem::take(&mut self.segment_pending);
        self.points.push(point);
        (open.lat, open.lon)
    }

    /// The finished activity, `None` when it has neither trackpoints nor laps.
    fn finish(self) -> Option<Activity> {
        let Self {
            mut activity,
            points,
            laps,
            values,
            course,
            ..
        } = self;
        if points.is_empty() && (laps.is_empty() || course) {
            return None;
        }
        let had_points = !points.is_empty();
        let mut decision = xml::assemble(&mut activity, points);
        if !had_points {
            activity
                .notes
                .push("no trackpoints: lap totals only".to_string());
        }
        if !course && !laps.is_empty() {
            if decision.source == CadenceSource::None {
                decision = decide_from_laps(&mut activity, &laps);
            }
            activity.laps = relative_laps(&laps, activity.start_time);
            // Compared with the trackpoints once they are cleaned (`clean::finish`).
            activity.summary = Some(summarize(&laps, &decision));
        }
        activity.notes.extend(values.note());
        activity.utc_offset = values.utc_offset();
        Some(activity)
    }
}

/// Unit decision from lap cadences when the trackpoints carry none.
fn decide_from_laps(activity: &mut Activity, laps: &[RawLap]) -> Decision {
    let raw: Vec<f64> = laps.iter().filter_map(RawLap::recorded_cadence).collect();
    let mut decision = cadence_unit::decide_for(activity, &raw);
    if decision.source != CadenceSource::None {
        decision.reason.push_str(" (from lap averages)");
        activity.cadence_source = decision.source;
        activity.cadence_reason.clone_from(&decision.reason);
    }
    decision
}

/// Laps with start times relative to `start` (or to the first lap when the trackpoints
/// have no time). A lap without a start time begins where the previous one ended.
fn relative_laps(laps: &[RawLap], start: Option<DateTime<Utc>>) -> Vec<Lap> {
    let origin = start.or_else(|| laps.iter().find_map(|l| l.start));
    let mut next_start = 0.0;
    laps.iter()
        .map(|raw| {
            let start_s = origin
                .zip(raw.start)
                .map_or(next_start, |(o, t)| (t - o).as_seconds_f64());
            next_start = start_s + raw.timer_s.unwrap_or(0.0);
            Lap {
                start_s,
                timer_s: raw.timer_s,
                distance_m: raw.distance_m,
                intensity: raw.intensity,
            }
        })
        .collect()
}

/// The device's own totals from the laps.
fn summarize(laps: &[RawLap], decision: &Decision) -> DeviceSummary {
    let distance_m = sum(laps.iter().filter_map(|l| l.distance_m));
    let timer_s = sum(laps.iter().filter_map(|l| l.timer_s));
    let avg_heart_rate_bpm = weighted_mean(
        laps.iter()
            .filter_map(|l| Some((l.avg_heart_rate?, l.timer_s?))),
    );
    let avg_cadence_spm = weighted_mean(laps.iter().filter_map(|l| {
        let raw = l.recorded_cadence().filter(|c| *c > 0.0)?;
        Some((decision.convert(raw)?.0, l.timer_s?))
    }));
    let avg_speed_mps = distance_m
        .zip(timer_s)
        .filter(|&(_, t)| t > 0.0)
        .map(|(d, t)| d / t);
    DeviceSummary {
        distance_m,
        timer_s,
        avg_cadence_spm,
        avg_heart_rate_bpm,
        avg_speed_mps,
        ..DeviceSummary::default()
    }
}

/// Sum of the values, `None` when there are none.
fn sum(values: impl Iterator<Item = f64>) -> Option<f64> {
    values.fold(None, |acc, v| Some(acc.unwrap_or(0.0) + v))
}

/// Mean of `(value, weight)` pairs weighted by time; `None` without positive weight.
fn weighted_mean(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (total, weight) = pairs
        .filter(|&(_, w)| w > 0.0)
        .fold((0.0, 0.0), |(t, w), (v, wi)| (t + v * wi, w + wi));
    (weight > 0.0).then(|| total / weight)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::StepsPerMin;

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>"#;
    const TAIL: &str =
        "</Activities><Author><Name>Connect Api</Name></Author></TrainingCenterDatabase>";

    /// A Garmin-style trackpoint at second `sec` with `RunCadence` and `Speed`.
    fn tp(sec: u32, cad: u32) -> String {
        format!(
            "<Trackpoint><Time>2019-06-15T09:42:{sec:02}.000Z</Time>\
             <Position><LatitudeDegrees>41.16</LatitudeDegrees><LongitudeDegrees>-74.17</LongitudeDegrees></Position>\
             <AltitudeMeters>147.2</AltitudeMeters><DistanceMeters>{}</DistanceMeters>\
             <HeartRateBpm><Value>71</Value></HeartRateBpm>\
             <Extensions><ns3:TPX><ns3:Speed>1.5</ns3:Speed><ns3:RunCadence>{cad}</ns3:RunCadence></ns3:TPX></Extensions>\
             </Trackpoint>",
            f64::from(sec) * 1.5
        )
    }

    fn lap(start_sec: u32, time: f64, dist: f64, hr: u32, cad: u32, points: &str) -> String {
        format!(
            "<Lap StartTime=\"2019-06-15T09:42:{start_sec:02}.000Z\"><TotalTimeSeconds>{time}</TotalTimeSeconds>\
             <DistanceMeters>{dist}</DistanceMeters><AverageHeartRateBpm><Value>{hr}</Value></AverageHeartRateBpm>\
             <Track>{points}</Track><Extensions><ns3:LX><ns3:AvgRunCadence>{cad}</ns3:AvgRunCadence></ns3:LX></Extensions></Lap>"
        )
    }

    fn activity(sport: &str, laps: &str) -> String {
        format!(
            "<Activity Sport=\"{sport}\"><Id>2019-06-15T09:42:00.000Z</Id>{laps}\
             <Creator><Name>Forerunner 945</Name></Creator></Activity>"
        )
    }

    fn read_one(xml: &str) -> Activity {
        let mut all = read(xml.as_bytes()).expect("reads");
        assert_eq!(all.len(), 1);
        all.remove(0)
    }

    #[test]
    fn every_name_is_its_tag_in_any_case() {
        assert!(NAMES.windows(2).all(|w| w[0].0.len() <= w[1].0.len()));
        for (name, tag) in NAMES {
            let name = std::str::from_utf8(name).expect("ASCII");
            assert_eq!(exact(name.as_bytes()), Some(tag), "{name}");
            assert_eq!(Tag::of(name.as_bytes()), tag, "{name}");
            assert_eq!(Tag::of(name.to_ascii_lowercase().as_bytes()), tag, "{name}");
            assert_eq!(Tag::of(name.to_ascii_uppercase().as_bytes()), tag, "{name}");
            assert_eq!(Tag::of(&name.as_bytes()[1..]), Tag::Other, "{name}");
            assert_eq!(Tag::of(format!("{name}s").as_bytes()), Tag::Other, "{name}");
        }
        assert_eq!(Tag::of(b""), Tag::Other);
        assert_eq!(Tag::of(b"Extensions"), Tag::Other);
    }

    #[test]
    fn run_cadence_speed_and_lap_summary() {
        let laps = lap(0, 100.0, 300.0, 130, 80, &(tp(0, 84) + &tp(1, 86)))
            + &lap(2, 300.0, 1000.0, 150, 90, &tp(2, 88));
        let a = read_one(&format!("{HEAD}{}{TAIL}", activity("Running", &laps)));
        assert_eq!(a.format, Format::Tcx);
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.device.product.as_deref(), Some("Forerunner 945"));
        assert_eq!(a.samples.len(), 3);
        let s = &a.samples[1];
        assert_eq!(s.t_s, Some(1.0));
        assert_eq!(s.cadence, Some(StepsPerMin(172.0)));
        assert_eq!(s.speed, Some(MetersPerSecond(1.5)));
        assert_eq!(s.distance_m, Some(1.5));
        assert_eq!(s.heart_rate_bpm, Some(71.0));
        assert_eq!((s.lat_deg, s.lon_deg), (Some(41.16), Some(-74.17)));
        assert_eq!(a.cadence_source, CadenceSource::XmlStridesDoubled);
        assert_eq!(
            a.laps,
            [
                Lap {
                    start_s: 0.0,
                    timer_s: Some(100.0),
                    distance_m: Some(300.0),
                    intensity: None,
                },
                Lap {
                    start_s: 2.0,
                    timer_s: Some(300.0),
                    distance_m: Some(1000.0),
                    intensity: None,
                },
            ]
        );
        let sum = a.summary.expect("summary");
        assert_eq!(sum.distance_m, Some(1300.0));
        assert_eq!(sum.timer_s, Some(400.0));
        // (130 × 100 + 150 × 300) / 400 = 145; cadence (80 × 100 + 90 × 300) / 400 × 2 = 175.
        assert_eq!(sum.avg_heart_rate_bpm, Some(145.0));
        assert_eq!(sum.avg_cadence_spm, Some(175.0));
        assert_eq!(sum.avg_speed_mps, Some(3.25));
        assert_eq!(sum.ascent_m, None);
        assert!(a.notes.is_empty(), "{:?}", a.notes);
    }

    #[test]
    fn already_doubled_tcx_is_kept() {
        let laps = lap(0, 60.0, 200.0, 140, 172, &(tp(0, 170) + &tp(1, 174)));
        let a = read_one(&format!("{HEAD}{}{TAIL}", activity("Running", &laps)));
        assert_eq!(a.cadence_source, CadenceSource::XmlStepsAsRecorded);
        assert_eq!(a.samples[0].cadence, Some(StepsPerMin(170.0)));
        assert_eq!(a.summary.and_then(|s| s.avg_cadence_spm), Some(172.0));
    }

    #[test]
    fn several_activities_each_read() {
        let run = activity("Running", &lap(0, 10.0, 30.0, 120, 85, &tp(0, 85)));
        let ride = "<Activity Sport=\"Biking\"><Lap StartTime=\"2019-06-15T10:00:00Z\"><Track>\
                    <Trackpoint><Time>2019-06-15T10:00:00Z</Time><Cadence>90</Cadence></Trackpoint>\
                    </Track></Lap></Activity>";
        let all = read(format!("{HEAD}{run}{ride}{TAIL}").as_bytes()).expect("reads");
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].session, all[1].session), (Some(0), Some(1)));
        assert_eq!(all[0].sport, Sport::Running);
        assert_eq!(all[0].samples[0].cadence, Some(StepsPerMin(170.0)));
        assert_eq!(all[1].sport, Sport::Cycling);
        assert_eq!(all[1].cadence_source, CadenceSource::NotFootSport);
        assert_eq!(all[1].samples[0].cadence, Some(StepsPerMin(90.0)));
        assert_eq!(all[1].device.product, None, "Author/Name is not the device");
        assert!(all[1].notes.contains(&"no elevation data".to_string()));
    }

    #[test]
    fn plain_cadence_is_used_when_run_cadence_is_missing() {
        let pt = "<Trackpoint><Time>2018-01-21T10:10:59Z</Time><Cadence>61</Cadence></Trackpoint>";
        let xml = format!(
            "{HEAD}<Activity Sport=\"Running\"><Lap><Track>{pt}</Track></Lap></Activity>{TAIL}"
        );
        let a = read_one(&xml);
        assert_eq!(a.samples[0].cadence, Some(StepsPerMin(122.0)));
    }

    #[test]
    fn unprefixed_tpx_and_whitespace_before_declaration() {
        let pt = "<Trackpoint><Time>2018-02-23T16:55:43Z</Time><Extensions>\
                  <TPX xmlns=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\
                  <Speed>2.5</Speed><RunCadence>91</RunCadence></TPX></Extensions></Trackpoint>";
        let xml = format!("   \n {HEAD}<Activity Sport=\"Running\"><Lap><Track>{pt}</Track></Lap></Activity>{TAIL}");
        let a = read_one(&xml);
        assert_eq!(a.samples[0].speed, Some(MetersPerSecond(2.5)));
        assert_eq!(a.samples[0].cadence, Some(StepsPerMin(182.0)));
    }

    #[test]
    fn laps_without_trackpoints_keep_their_totals() {
        let laps = lap(0, 60.0, 200.0, 140, 80, "");
        let a = read_one(&format!("{HEAD}{}{TAIL}", activity("Running", &laps)));
        assert!(a.samples.is_empty());
        assert_eq!(
            a.summary.as_ref().and_then(|s| s.avg_cadence_spm),
            Some(160.0)
        );
        assert_eq!(a.cadence_source, CadenceSource::XmlStridesDoubled);
        assert!(
            a.cadence_reason.ends_with("(from lap averages)"),
            "{}",
            a.cadence_reason
        );
        assert!(a
            .notes
            .contains(&"no trackpoints: lap totals only".to_string()));
    }

    #[test]
    fn no_activity_is_not_an_activity() {
        let err = read(format!("{HEAD}{TAIL}").as_bytes()).unwrap_err();
        assert!(matches!(err, IngestError::NotAnActivity(_)), "{err:?}");
        let empty = format!("{HEAD}<Activity Sport=\"Running\"><Id>x</Id></Activity>{TAIL}");
        assert!(matches!(
            read(empty.as_bytes()),
            Err(IngestError::NotAnActivity(_))
        ));
    }

    #[test]
    fn truncated_file_keeps_points_read() {
        let laps = lap(
            0,
            60.0,
            200.0,
            140,
            80,
            &(tp(0, 84) + &tp(1, 86) + &tp(2, 88)),
        );
        let full = format!("{HEAD}{}{TAIL}", activity("Running", &laps));
        let cut = full.find("<Time>2019-06-15T09:42:02").expect("third point");
        let all = read(&full.as_bytes()[..cut]).expect("salvaged");
        let a = &all[0];
        assert_eq!(a.samples.len(), 2);
        assert_eq!(a.laps.len(), 1, "the open lap is kept");
        let note = a.notes.last().expect("note");
        assert!(
            note.starts_with(&format!("XML ends early at byte {cut}")),
            "{note}"
        );
        assert!(
            note.ends_with("kept the 2 points before the damage"),
            "{note}"
        );
        assert!(matches!(
            read(&full.as_bytes()[..400]),
            Err(IngestError::Xml(_))
        ));
    }

    #[test]
    fn garbage_values_are_dropped() {
        let pt = "<Trackpoint><Time>2019-01-01T00:00:00Z</Time><Position><LatitudeDegrees>91</LatitudeDegrees>\
                  <LongitudeDegrees>2</LongitudeDegrees></Position><AltitudeMeters>NaN</AltitudeMeters>\
                  <HeartRateBpm><Value>fast</Value></HeartRateBpm><DistanceMeters>-3</DistanceMeters></Trackpoint>";
        let xml = format!(
            "{HEAD}<Activity Sport=\"Running\"><Lap><Track>{pt}</Track></Lap></Activity>{TAIL}"
        );
        let a = read_one(&xml);
        let s = &a.samples[0];
        assert_eq!(
            (s.lat_deg, s.altitude_m, s.heart_rate_bpm, s.distance_m),
            (None, None, None, None)
        );
        assert_eq!(s.t_s, Some(0.0));
        assert!(
            a.notes.iter().any(|n| n.starts_with("dropped 4 ")),
            "{:?}",
            a.notes
        );
    }

    #[test]
    fn courses_read_as_planned_routes() {
        let xml = "<TrainingCenterDatabase><Courses><Course><Name>Loop</Name>\
             <Lap><TotalTimeSeconds>5</TotalTimeSeconds></Lap><Track><Trackpoint><Position>\
             <LatitudeDegrees>1</LatitudeDegrees><LongitudeDegrees>2</LongitudeDegrees></Position>\
             </Trackpoint></Track></Course></Courses></TrainingCenterDatabase>";
        let a = read_one(xml);
        assert_eq!(a.name.as_deref(), Some("Loop"));
        assert!(a.is_route());
        assert!(a.laps.is_empty());
        assert!(a.notes.iter().any(|n| n.starts_with("TCX course")));
    }
}
