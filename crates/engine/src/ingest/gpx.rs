//! GPX 1.0 / 1.1 reader (tracks, and routes when a file has no track).
//!
//! * All `<trk>`/`<trkseg>` points are concatenated in file order; empty segments are fine.
//!   `<rte>`/`<rtept>` points are read as a course only when the file has no track point;
//!   waypoints are ignored, so a waypoint- or metadata-only file is not an activity.
//! * Extensions are matched by local name under any prefix (`gpxtpx:`, `ns3:`, `tpx1:`,
//!   unbound, none): heart rate from `hr`/`heartrate`, cadence from `cad`/`cadence`,
//!   speed (m/s) from `speed` (also GPX 1.0's `<speed>`). The first readable value of a
//!   point wins. `distance_m` is left to the cleaning step, which computes it from positions.
//! * Cadence unit: inferred from the values ([`super::cadence_unit`]; docs/METHODS.md:
//!   Garmin GPX writes strides/min, Strava often steps/min).
//! * Name from `<metadata><name>` (or GPX 1.0 `<gpx><name>`), else the first `<trk><name>`,
//!   else `<rte><name>`; sport from the first `<trk><type>` (Strava writes numeric codes,
//!   which [`Sport::from_name`] maps where it can; no type means [`Sport::Unknown`]).
//! * Unreadable values are dropped from their point with one note; XML that breaks after
//!   some points were read keeps those points with a note (`ingest::xml`).
//! * The XML is read through the fast path (`ingest::xml_fast`: the common well-formed
//!   subset, exactly as quick-xml reads it) and, when that declines, again from the start
//!   through quick-xml (`xml::Pull`), which reads, salvages and reports everything else.

use super::xml::{self, known_names, Node, RawPoint, Source, Stop, Values};
use super::xml_fast;
use super::IngestError;
use crate::model::{Activity, Format, Sport};
use crate::units::MetersPerSecond;
use quick_xml::events::BytesStart;

/// The GPX elements the reader cares about, by local name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Gpx,
    Metadata,
    Name,
    Type,
    Trk,
    Trkseg,
    Trkpt,
    Rte,
    Rtept,
    Ele,
    Time,
    HeartRate,
    Cadence,
    Speed,
    HeartRateTrack,
    CadenceTrack,
    Other,
}

known_names! {
    b"hr" => HeartRate,
    b"cad" => Cadence,
    b"ele" => Ele,
    b"gpx" => Gpx,
    b"rte" => Rte,
    b"trk" => Trk,
    b"name" => Name,
    b"time" => Time,
    b"type" => Type,
    b"rtept" => Rtept,
    b"speed" => Speed,
    b"trkpt" => Trkpt,
    b"trkseg" => Trkseg,
    b"cadence" => Cadence,
    b"metadata" => Metadata,
    b"heartrate" => HeartRate,
    b"heart_rate" => HeartRate,
    b"runcadence" => Cadence,
    b"cadencetrack" => CadenceTrack,
    b"heartratetrack" => HeartRateTrack,
}

/// The point being read and where it sits in the element path.
struct OpenPoint {
    point: RawPoint,
    /// Path length outside the point element (its parent's depth).
    depth: usize,
    route: bool,
}

/// Everything gathered while streaming the document.
#[derive(Default)]
struct Doc {
    creator: Option<String>,
    metadata_name: Option<String>,
    track_name: Option<String>,
    route_name: Option<String>,
    kind: Option<String>,
    track: Vec<RawPoint>,
    route: Vec<RawPoint>,
    open: Option<OpenPoint>,
    values: Values,
    /// The next track point starts a new `<trkseg>` or `<trk>`.
    segment_pending: bool,
    /// `<trk>` and `<trkseg>` elements opened so far, against the caps every format shares
    /// ([`super::MAX_SESSIONS`] tracks; a segment is a stop and a start of the timer).
    tracks: usize,
    segments: usize,
    /// Set when a count passes its cap: the file is refused as it is read.
    too_large: Option<IngestError>,
    /// SportTracks series beside the track: (time or offset text, value).
    hr_series: Vec<(String, f64)>,
    cadence_series: Vec<(String, f64)>,
}

/// Read a GPX document into one activity.
///
/// # Errors
/// [`IngestError::Xml`] for malformed XML before any point was read;
/// [`IngestError::NotAnActivity`] when the file has no track or route point.
pub fn read(bytes: &[u8]) -> Result<Activity, IngestError> {
    // The fast path first (issue 24), quick-xml for what it declines.
    xml_fast::read_either(bytes, read_from, read_from)
}

/// [`read`] through quick-xml alone (tests: the fast path gives the same results).
#[cfg(test)]
pub(crate) fn read_through_pull(bytes: &[u8]) -> Result<Activity, IngestError> {
    match read_from(xml::Pull::new(bytes)) {
        Ok(result) => result,
        Err(never) => match never {},
    }
}

/// [`read`] from one node source; `Err` when the source declines the document.
fn read_from<'a, S: Source<'a>>(
    mut source: S,
) -> Result<Result<Activity, IngestError>, S::Declined> {
    let mut doc = Doc {
        track: xml::point_buffer(),
        ..Doc::default()
    };
    let mut path: Vec<Tag> = Vec::new();
    let mut text = xml::Text::default();
    let mut salvage = None;
    loop {
        match source.next_node() {
            Ok(Some(Node::Open(start))) => {
                let tag = Tag::of(xml::local_name(&start));
                doc.open(tag, &path, &start);
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
                let kept = doc.track.len() + doc.route.len();
                if kept == 0 {
                    return Ok(Err(brk.into_error()));
                }
                salvage = Some(brk.salvage_note(kept));
                break;
            }
        }
    }
    Ok(doc.finish(salvage))
}

impl Doc {
    fn open(&mut self, tag: Tag, path: &[Tag], start: &BytesStart<'_>) {
        let over = match tag {
            Tag::Trk => {
                self.tracks += 1;
                (self.tracks > super::MAX_SESSIONS).then_some(("GPX tracks", super::MAX_SESSIONS))
            }
            Tag::Trkseg => {
                self.segments += 1;
                let cap = super::MAX_TIMER_EVENTS / 2;
                (self.segments > cap).then_some(("GPX track segments", cap))
            }
            _ => None,
        };
        if let Some((what, cap)) = over {
            self.too_large = Some(super::over_cap(what, cap));
            return;
        }
        match tag {
            Tag::Gpx if path.is_empty() => {
                self.creator = non_empty(xml::attribute(start, "creator"));
            }
            Tag::Trk | Tag::Trkseg if !self.track.is_empty() => self.segment_pending = true,
            // SportTracks writes heart rate and cadence as series beside the track:
            // `<st:heartRateTrack><st:heartRate time="..." bpm="140"/>` and
            // `<st:cadenceTrack><st:cadence time="..." rpm="85"/>`.
            Tag::HeartRate | Tag::Cadence
                if self.open.is_none()
                    && matches!(
                        (tag, path.last()),
                        (Tag::HeartRate, Some(Tag::HeartRateTrack))
                            | (Tag::Cadence, Some(Tag::CadenceTrack))
                    ) =>
            {
                let (attr, series) = if tag == Tag::HeartRate {
                    ("bpm", &mut self.hr_series)
                } else {
                    ("rpm", &mut self.cadence_series)
                };
                let value = xml::attribute(start, attr)
                    .or_else(|| xml::attribute(start, "value"))
                    .and_then(|v| xml::parse_number(&v));
                if let (Some(t), Some(v)) = (xml::attribute(start, "time"), value) {
                    series.push((t, v));
                }
            }
            Tag::Trkpt | Tag::Rtept if self.open.is_none() => {
                let mut point = RawPoint::default();
                let (lat, lon) = xml::attribute_pair(start, "lat", "lon");
                if let Some((la, lo)) = self.values.position(lat.as_deref(), lon.as_deref()) {
                    point.sample.lat_deg = Some(la);
                    point.sample.lon_deg = Some(lo);
                }
                self.open = Some(OpenPoint {
                    point,
                    depth: path.len(),
                    route: tag == Tag::Rtept,
                });
            }
            _ => {}
        }
    }

    /// `path` is the path of the closing element's parent.
    fn close(&mut self, tag: Tag, path: &[Tag], text: &str) {
        let parent = path.last().copied();
        if let Some(open) = &mut self.open {
            if path.len() > open.depth {
                let direct = path.len() == open.depth + 1;
                read_point_value(&mut open.point, &mut self.values, tag, direct, text);
            } else {
                self.end_point();
            }
            return;
        }
        let slot = match (tag, parent) {
            (Tag::Name, Some(Tag::Metadata | Tag::Gpx)) => &mut self.metadata_name,
            (Tag::Name, Some(Tag::Trk)) => &mut self.track_name,
            (Tag::Name, Some(Tag::Rte)) => &mut self.route_name,
            (Tag::Type, Some(Tag::Trk | Tag::Rte)) => &mut self.kind,
            _ => return,
        };
        if slot.is_none() {
            *slot = non_empty(Some(text.to_string()));
        }
    }

    fn end_point(&mut self) {
        if let Some(mut open) = self.open.take() {
            if open.route {
                self.route.push(open.point);
            } else {
                open.point.new_segment = std::mem::take(&mut self.segment_pending);
                self.track.push(open.point);
            }
        }
    }

    fn finish(mut self, salvage: Option<String>) -> Result<Activity, IngestError> {
        let hr = std::mem::take(&mut self.hr_series);
        let cad = std::mem::take(&mut self.cadence_series);
        let filled = fill_from_series(&mut self.track, &hr, &mut self.values, |p, v| {
            let fill = p.sample.heart_rate_bpm.is_none() && xml::HEART_RATE_RANGE.contains(&v);
            if fill {
                p.sample.heart_rate_bpm = Some(v);
            }
            fill
        }) + fill_from_series(&mut self.track, &cad, &mut self.values, |p, v| {
            let fill = p.cadence.is_none() && xml::CADENCE_RANGE.contains(&v);
            if fill {
                p.cadence = Some(v);
            }
            fill
        });
        let mut activity = Activity::new(Format::Gpx);
        activity.device.creator = self.creator;
        activity.name = self.metadata_name.or(self.track_name).or(self.route_name);
        if let Some(kind) = self.kind {
            activity.sport = Sport::from_name(&kind);
            if kind.to_ascii_lowercase().contains("treadmill") {
                activity.sub_sport = Some(kind);
            }
        }
        let points = if !self.track.is_empty() {
            if !self.route.is_empty() {
                activity.notes.push(format!(
                    "ignored {} route point(s) beside the track",
                    self.route.len()
                ));
            }
            self.track
        } else if !self.route.is_empty() {
            activity
                .notes
                .push("no track: the route (<rte>) is read as a course".to_string());
            self.route
        } else {
            return Err(IngestError::NotAnActivity(
                "GPX has no track or route points".to_string(),
            ));
        };
        xml::assemble(&mut activity, points);
        if filled > 0 {
            activity.notes.push(format!(
                "heart rate or cadence of {filled} points taken from SportTracks series beside the track"
            ));
        }
        activity.notes.extend(self.values.note());
        activity.utc_offset = self.values.utc_offset();
        activity.notes.extend(salvage);
        Ok(activity)
    }
}

/// Store the value of a closing element found inside a point. `direct` is true for a
/// child of the point itself (`<ele>`, `<time>`); extension values may sit deeper.
fn read_point_value(point: &mut RawPoint, values: &mut Values, tag: Tag, direct: bool, text: &str) {
    let sample = &mut point.sample;
    match tag {
        Tag::Ele if direct && sample.altitude_m.is_none() => {
            sample.altitude_m = values.number("elevation", text, &xml::ALTITUDE_RANGE);
        }
        Tag::Time if direct && point.time.is_none() => point.time = values.time(text),
        Tag::HeartRate if sample.heart_rate_bpm.is_none() => {
            sample.heart_rate_bpm = values.heart_rate(text);
        }
        Tag::Cadence if point.cadence.is_none() => {
            point.cadence = values.number("cadence", text, &xml::CADENCE_RANGE);
        }
        Tag::Speed if sample.speed.is_none() => {
            sample.speed = values
                .number("speed", text, &xml::SPEED_RANGE)
                .map(MetersPerSecond);
        }
        _ => {}
    }
}

/// Longest time a SportTracks series value stands for after its own time, in seconds (our
/// choice: the series are written at 1–5 s; a longer silence is a dropout).
const SERIES_HOLD_S: f64 = 10.0;

/// Give each track point the last series value at or before its time (within
/// [`SERIES_HOLD_S`]) through `set`; returns how many points received one. A series time is
/// an RFC 3339 instant or a number of seconds from the track's first timed point (both
/// occur); unreadable times are dropped and counted.
fn fill_from_series(
    track: &mut [RawPoint],
    series: &[(String, f64)],
    values: &mut Values,
    set: impl Fn(&mut RawPoint, f64) -> bool,
) -> usize {
    if series.is_empty() {
        return 0;
    }
    let Some(origin) = track.iter().find_map(|p| p.time) else {
        return 0;
    };
    let mut timed: Vec<(f64, f64)> = series
        .iter()
        .filter_map(|(t, v)| {
            let offset = xml::parse_time(t)
                .map(|t| (t - origin).as_seconds_f64())
                .or_else(|| xml::parse_number(t));
            if offset.is_none() {
                values.number("series time", t, &(0.0..=0.0));
            }
            Some((offset?, *v))
        })
        .collect();
    timed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut filled = 0;
    for p in track.iter_mut() {
        let Some(t) = p.time.map(|t| (t - origin).as_seconds_f64()) else {
            continue;
        };
        let k = timed.partition_point(|(s, _)| *s <= t);
        if let Some((s, v)) = k.checked_sub(1).and_then(|i| timed.get(i)) {
            if t - s <= SERIES_HOLD_S && set(p, *v) {
                filled += 1;
            }
        }
    }
    filled
}

/// Trimmed text, `None` when empty.
fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CadenceSource;
    use crate::units::StepsPerMin;

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="Garmin Connect" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
     xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
     xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">"#;

    /// A one-track GPX 1.1 document around the given `<trkseg>` content.
    fn doc(points: &str) -> String {
        format!("{HEAD}<trk><name>Lunch Run</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>")
    }

    fn pt(lat: f64, sec: u32, ext: &str) -> String {
        format!(
            r#"<trkpt lat="{lat}" lon="-74.1"><ele>100.5</ele><time>2019-06-15T09:42:{sec:02}.500Z</time><extensions>{ext}</extensions></trkpt>"#
        )
    }

    #[test]
    fn every_name_is_its_tag_in_any_case() {
        assert!(NAMES.windows(2).all(|w| w[0].0.len() <= w[1].0.len()));
        for (name, tag) in NAMES {
            let name = std::str::from_utf8(name).expect("ASCII");
            assert_eq!(exact(name.as_bytes()), Some(tag), "{name}");
            assert_eq!(Tag::of(name.as_bytes()), tag, "{name}");
            assert_eq!(Tag::of(name.to_ascii_uppercase().as_bytes()), tag, "{name}");
            assert_eq!(Tag::of(&name.as_bytes()[1..]), Tag::Other, "{name}");
            assert_eq!(Tag::of(format!("{name}x").as_bytes()), Tag::Other, "{name}");
        }
        assert_eq!(Tag::of(b"TrkPt"), Tag::Trkpt);
        assert_eq!(Tag::of(b""), Tag::Other);
        assert_eq!(Tag::of(b"extensions"), Tag::Other);
    }

    fn read_str(xml: &str) -> Activity {
        read(xml.as_bytes()).expect("reads")
    }

    #[test]
    fn garmin_extension_with_any_prefix() {
        for prefix in ["gpxtpx:", "ns3:", "tpx1:", ""] {
            let ext = format!(
                "<{prefix}TrackPointExtension><{prefix}hr>140</{prefix}hr>\
                 <{prefix}cad>85</{prefix}cad></{prefix}TrackPointExtension>"
            );
            let a = read_str(&doc(&(pt(41.0, 0, &ext) + &pt(41.001, 1, &ext))));
            let s = &a.samples[1];
            assert_eq!(s.heart_rate_bpm, Some(140.0), "prefix {prefix:?}");
            assert_eq!(s.cadence, Some(StepsPerMin(170.0)), "prefix {prefix:?}");
        }
    }

    #[test]
    fn reads_metadata_positions_times_and_units() {
        let ext = "<gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr>\
                   <gpxtpx:cad>84</gpxtpx:cad><gpxtpx:speed>3.2</gpxtpx:speed>\
                   </gpxtpx:TrackPointExtension>";
        let a = read_str(&doc(&(pt(41.0, 0, ext) + &pt(41.001, 3, ext))));
        assert_eq!(a.format, Format::Gpx);
        assert_eq!(a.name.as_deref(), Some("Lunch Run"));
        assert_eq!(a.sport, Sport::Running);
        assert_eq!(a.device.creator.as_deref(), Some("Garmin Connect"));
        assert_eq!(
            a.start_time.map(|t| t.to_rfc3339()).as_deref(),
            Some("2019-06-15T09:42:00.500+00:00")
        );
        let s = &a.samples[1];
        assert_eq!(s.t_s, Some(3.0));
        assert_eq!((s.lat_deg, s.lon_deg), (Some(41.001), Some(-74.1)));
        assert_eq!(s.altitude_m, Some(100.5));
        assert_eq!(s.speed, Some(MetersPerSecond(3.2)));
        assert_eq!(s.distance_m, None);
        assert_eq!(a.cadence_source, CadenceSource::XmlStridesDoubled);
        assert!(
            a.cadence_reason.contains("84 < 120"),
            "{}",
            a.cadence_reason
        );
        assert!(a.notes.is_empty(), "{:?}", a.notes);
    }

    #[test]
    fn unbound_prefix_and_plain_extension_elements() {
        // Strava writes <gpxdata:cadence> without binding gpxdata (line 17 of 6037744996).
        let xml = r#"<gpx creator="StravaGPX" version="1.1"><trk><trkseg>
            <trkpt lat="45.0" lon="5.4"><name>TP00001</name><time>2020-12-25T20:40:26Z</time>
            <extensions><gpxdata:cadence>172</gpxdata:cadence><cadence>1</cadence>
            <heartrate>150</heartrate></extensions></trkpt></trkseg></trk></gpx>"#;
        let a = read_str(xml);
        let s = &a.samples[0];
        assert_eq!(s.cadence, Some(StepsPerMin(172.0)));
        assert_eq!(s.heart_rate_bpm, Some(150.0));
        assert_eq!(a.name, None, "a point's <name> is not the activity name");
        assert_eq!(a.cadence_source, CadenceSource::XmlStepsAsRecorded);
        assert!(a.cadence_reason.contains("creator StravaGPX"));
    }

    #[test]
    fn gpx_1_0_with_speed_child() {
        let xml = r#"<?xml version="1.0"?><gpx version="1.0" creator="GPSBabel"
            xmlns="http://www.topografix.com/GPX/1/0"><name>Old</name><trk><trkseg>
            <trkpt lat="46.1" lon="14.2"><ele>500</ele><time>2010-01-01T10:00:00Z</time><speed>2.5</speed></trkpt>
            </trkseg></trk></gpx>"#;
        let a = read_str(xml);
        assert_eq!(a.name.as_deref(), Some("Old"));
        assert_eq!(a.samples[0].speed, Some(MetersPerSecond(2.5)));
        assert_eq!(a.cadence_source, CadenceSource::None);
    }

    #[test]
    fn tracks_and_segments_concatenate_in_order() {
        let xml = format!(
            "{HEAD}<trk><trkseg>{}</trkseg><trkseg></trkseg><trkseg/><trkseg>{}</trkseg></trk>\
             <trk><name>Second</name><trkseg>{}</trkseg></trk></gpx>",
            pt(41.0, 0, ""),
            pt(41.1, 1, ""),
            pt(41.2, 2, "")
        );
        let a = read_str(&xml);
        let lats: Vec<_> = a.samples.iter().map(|s| s.lat_deg).collect();
        assert_eq!(lats, [Some(41.0), Some(41.1), Some(41.2)]);
        assert_eq!(a.name.as_deref(), Some("Second"));
        assert_eq!(a.sport, Sport::Unknown);
    }

    #[test]
    fn no_times_is_a_planned_route() {
        let xml = format!(
            "{HEAD}<trk><type>Run</type><trkseg><trkpt lat=\"1\" lon=\"2\"><ele>5</ele></trkpt>\
             <trkpt lat=\"1.1\" lon=\"2\"/></trkseg></trk></gpx>"
        );
        let a = read_str(&xml);
        assert!(a.is_route());
        assert_eq!(a.start_time, None);
        assert!(a
            .notes
            .contains(&"no timestamps: treated as a planned route".to_string()));
    }

    fn track_with_times(times: &[Option<&str>]) -> Activity {
        let points: String = times
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let time = t.map(|t| format!("<time>{t}</time>")).unwrap_or_default();
                format!("<trkpt lat=\"1.{i:03}\" lon=\"2\"><ele>5</ele>{time}</trkpt>")
            })
            .collect();
        read_str(&format!(
            "{HEAD}<trk><type>Run</type><trkseg>{points}</trkseg></trk></gpx>"
        ))
    }

    #[test]
    fn a_placeholder_time_on_every_point_is_a_planned_route() {
        // The most negative 32-bit Unix time, fractions differing (as a route editor wrote).
        let a = track_with_times(&[
            Some("1901-12-13T20:45:52.2073437Z"),
            Some("1901-12-13T20:45:52.2073437Z"),
            Some("1901-12-13T20:45:52.207Z"),
        ]);
        assert!(a.is_route());
        assert_eq!(a.start_time, None);
        assert!(
            a.notes.iter().any(|n| n.contains("within one second")),
            "{:?}",
            a.notes
        );
    }

    #[test]
    fn a_few_stray_times_make_a_planned_route_and_most_keep_their_times() {
        let t = |s: u32| format!("2020-01-01T10:00:{s:02}Z");
        let (t0, t1) = (t(0), t(10));
        let few = track_with_times(&[Some(&t0), Some(&t1), None, None, None]);
        assert!(few.is_route());
        assert!(few.notes.contains(
            &"only 2 of 5 points have a timestamp: times ignored, treated as a planned route"
                .to_string()
        ));
        let (t2, t3) = (t(20), t(30));
        let most = track_with_times(&[Some(&t0), Some(&t1), None, Some(&t2), Some(&t3)]);
        assert!(!most.is_route());
        assert!(most.start_time.is_some());
        assert!(most
            .notes
            .contains(&"1 of 5 points have no timestamp".to_string()));
    }

    #[test]
    fn points_hours_apart_are_waypoints_not_a_recording() {
        let sparse = track_with_times(&[
            Some("2020-01-01T06:00:00Z"),
            Some("2020-01-01T09:00:00Z"),
            Some("2020-01-01T12:00:00Z"),
        ]);
        assert!(sparse.is_route());
        assert!(
            sparse
                .notes
                .iter()
                .any(|n| n.contains("a median 180 min apart")),
            "{:?}",
            sparse.notes
        );
        // A recording with one long gap (a stop) keeps its times.
        let stop = track_with_times(&[
            Some("2020-01-01T06:00:00Z"),
            Some("2020-01-01T06:00:05Z"),
            Some("2020-01-01T07:00:00Z"),
            Some("2020-01-01T07:00:05Z"),
        ]);
        assert!(!stop.is_route());
    }

    #[test]
    fn routes_are_read_only_without_a_track() {
        let rte =
            r#"<rte><name>Plan</name><rtept lat="1" lon="2"/><rtept lat="1.1" lon="2"/></rte>"#;
        let a = read_str(&format!("{HEAD}{rte}</gpx>"));
        assert_eq!(a.samples.len(), 2);
        assert_eq!(a.name.as_deref(), Some("Plan"));
        assert!(a.is_route());
        let a = read_str(&format!(
            "{HEAD}<trk><trkseg>{}</trkseg></trk>{rte}</gpx>",
            pt(3.0, 0, "")
        ));
        assert_eq!(a.samples.len(), 1);
        assert!(a.notes.iter().any(|n| n.contains("ignored 2 route point")));
    }

    #[test]
    fn missing_elevation_is_noted() {
        let xml = format!(
            "{HEAD}<trk><trkseg><trkpt lat=\"1\" lon=\"2\"><ele/><time>2020-01-01T00:00:00Z</time></trkpt>\
             </trkseg></trk></gpx>"
        );
        let a = read_str(&xml);
        assert_eq!(a.samples[0].altitude_m, None);
        assert_eq!(a.notes, ["no elevation data"]);
    }

    #[test]
    fn bom_and_whitespace_before_declaration() {
        let body = doc(&pt(41.0, 0, ""));
        for prefix in ["\u{feff}", "  \n", "\u{feff}\n\t "] {
            let a = read_str(&format!("{prefix}{body}"));
            assert_eq!(a.samples.len(), 1, "prefix {prefix:?}");
        }
    }

    #[test]
    fn waypoints_or_metadata_only_are_not_activities() {
        for body in [
            "<metadata><time>2023-07-07T16:10:57Z</time></metadata>",
            r#"<wpt lat="43.3" lon="3.5"><ele>1</ele><time>2020-01-01T00:00:00Z</time></wpt>"#,
            "<trk><name/><trkseg/></trk>",
        ] {
            let err = read(format!("{HEAD}{body}</gpx>").as_bytes()).unwrap_err();
            assert_eq!(
                err,
                IngestError::NotAnActivity("GPX has no track or route points".into())
            );
        }
    }

    #[test]
    fn garbage_values_are_dropped_not_fatal() {
        let xml = format!(
            "{HEAD}<trk><trkseg>\
             <trkpt lat=\"0\" lon=\"0\"><ele>abc</ele><time>soon</time>\
             <extensions><hr>NaN</hr><cad>-5</cad><speed>inf</speed></extensions></trkpt>\
             <trkpt lat=\"95\" lon=\"2\"><ele>12</ele></trkpt>\
             <trkpt lat=\"x\" lon=\"2\"><ele>1e400</ele></trkpt>\
             <trkpt lat=\"10\" lon=\"20\"><extensions><hr>0</hr></extensions></trkpt>\
             </trkseg></trk></gpx>"
        );
        let a = read_str(&xml);
        assert_eq!(a.samples.len(), 4);
        let first = &a.samples[0];
        assert_eq!(
            (first.lat_deg, first.altitude_m, first.heart_rate_bpm),
            (None, None, None)
        );
        assert_eq!((first.cadence, first.speed), (None, None));
        assert_eq!(a.samples[1].lat_deg, None);
        assert_eq!(a.samples[1].altitude_m, Some(12.0));
        assert_eq!(a.samples[3].lat_deg, Some(10.0));
        assert_eq!(a.samples[3].heart_rate_bpm, None);
        let note = a
            .notes
            .iter()
            .find(|n| n.starts_with("dropped"))
            .expect("note");
        assert_eq!(
            note,
            "dropped 9 unreadable or out-of-range value(s), first: position \"0 0\""
        );
    }

    #[test]
    fn truncated_file_keeps_points_read() {
        let full = doc(&(pt(41.0, 0, "") + &pt(41.1, 1, "") + &pt(41.2, 2, "")));
        let cut = full.find("<trkpt lat=\"41.2\"").expect("third point") + 30;
        let a = read(&full.as_bytes()[..cut]).expect("salvaged");
        assert_eq!(a.samples.len(), 2);
        let note = a.notes.last().expect("note");
        assert!(
            note.starts_with(&format!("XML ends early at byte {cut}")),
            "{note}"
        );
        assert!(
            note.ends_with("kept the 2 points before the damage"),
            "{note}"
        );
    }

    #[test]
    fn malformed_before_any_point_is_an_xml_error() {
        let err = read(b"<gpx><trk>\n<trkseg></trk></gpx>").unwrap_err();
        let IngestError::Xml(msg) = err else {
            panic!("expected an XML error, got {err:?}");
        };
        assert!(msg.starts_with("line 2, column "), "{msg}");
        assert!(matches!(read(b"<gpx><trk>"), Err(IngestError::Xml(_))));
        assert!(matches!(
            read(b"not xml at all"),
            Err(IngestError::NotAnActivity(_))
        ));
    }

    #[test]
    fn treadmill_type_is_kept_as_sub_sport() {
        let xml = format!(
            "{HEAD}<trk><type>treadmill_running</type><trkseg>{}</trkseg></trk></gpx>",
            pt(41.0, 0, "")
        );
        let a = read_str(&xml);
        assert_eq!(a.sport, Sport::Running);
        assert!(a.is_treadmill());
    }

    #[test]
    fn cycling_cadence_is_not_doubled() {
        let ext =
            "<gpxtpx:TrackPointExtension><gpxtpx:cad>88</gpxtpx:cad></gpxtpx:TrackPointExtension>";
        let xml = format!(
            "{HEAD}<trk><type>road_biking</type><trkseg>{}</trkseg></trk></gpx>",
            pt(41.0, 0, ext)
        );
        let a = read_str(&xml);
        assert_eq!(a.sport, Sport::Cycling);
        assert_eq!(a.cadence_source, CadenceSource::NotFootSport);
        assert_eq!(a.samples[0].cadence, Some(StepsPerMin(88.0)));
    }
}
