//! Moveslink's `.xml` (Suunto Quest, t-series): `<MovesCount TimeZone="..">` with the
//! device and one `<Move>` per recording. A move's `<Samples>` are space-separated
//! vectors, one value every `SampleRate` seconds: `HR` (bpm), `Cadence` (per minute,
//! unit decided from the values as for GPX/TCX), `Distance` (metres covered in each
//! interval, from a foot or speed pod: summed here), `Altitude` (m) and `Speed` (m/s)
//! when present. Value *i* closes the interval ending `(i + 1) × SampleRate` s after the
//! start. `<Marks>` are laps (`Time`: the split since the start, `hh:mm:ss.f`; `Distance`
//! m). The `<Header>` gives the sport (`Activity`, Suunto's activity type), the start
//! (`Time`, local `yyyy-mm-dd hh:mm:ss`), and the device summary (`Distance`, `Duration`,
//! `HRAvg`).
//!
//! Time zone: the root's `TimeZone` is the offset of the computer Moveslink ran on, in
//! minutes east of UTC; the start is the local time minus it. The offset is the zone's
//! standard one, so a move recorded in summer time may start an hour off; a note says so.

use super::sport_of;
use crate::ingest::xml::{self, Node, Pull};
use crate::ingest::{cadence_unit, IngestError};
use crate::model::{Activity, Device, DeviceSummary, Format, Lap, Sample};
use chrono::NaiveDateTime;

/// Deepest element path followed (our choice; deeper elements are skipped).
const MAX_DEPTH: usize = 16;

#[derive(Default)]
struct Move {
    vectors: Vec<(String, String)>,
    marks: Vec<(Option<f64>, Option<f64>)>,
    mark_time: Option<f64>,
    mark_distance: Option<f64>,
    activity: Option<f64>,
    distance: Option<f64>,
    duration: Option<f64>,
    hr_avg: Option<f64>,
    sample_rate: Option<f64>,
    time: Option<String>,
}

/// `hh:mm:ss.f` (or plain seconds) as seconds.
fn timespan(text: &str) -> Option<f64> {
    let t = text.trim();
    let mut total = 0.0;
    for part in t.split(':') {
        let v: f64 = part.trim().parse().ok()?;
        if !v.is_finite() || v < 0.0 {
            return None;
        }
        total = total * 60.0 + v;
    }
    (total.is_finite() && total < 1e8).then_some(total)
}

/// Read a Moveslink XML file.
///
/// # Errors
/// [`IngestError::Xml`] for XML broken before any move; [`IngestError::NotAnActivity`]
/// for a file without moves (Moveslink also writes settings-only files).
pub fn read(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    let mut pull = Pull::new(bytes);
    let mut path: Vec<String> = Vec::new();
    let mut skipped = 0usize;
    let mut moves: Vec<Move> = Vec::new();
    let mut cur: Option<Move> = None;
    let mut tz_min: Option<f64> = None;
    let (mut name, mut version) = (None, None);
    let mut notes = Vec::new();
    while let Some(node) = pull.next_or_salvage(moves.len(), &mut notes)? {
        match node {
            Node::Open(start) => {
                if skipped > 0 || path.len() >= MAX_DEPTH {
                    skipped += 1;
                    continue;
                }
                let local = String::from_utf8_lossy(xml::local_name(&start)).into_owned();
                match local.as_str() {
                    "MovesCount" if path.is_empty() => {
                        tz_min = xml::attribute(&start, "TimeZone")
                            .and_then(|v| xml::parse_number(&v))
                            .filter(|v| v.abs() <= 18.0 * 60.0);
                    }
                    "Move" => {
                        if moves.len() >= crate::ingest::MAX_SESSIONS {
                            return Err(crate::ingest::over_cap(
                                "moves",
                                crate::ingest::MAX_SESSIONS,
                            ));
                        }
                        cur = Some(Move::default());
                    }
                    "Mark" => {
                        if let Some(m) = cur.as_mut() {
                            m.mark_time = None;
                            m.mark_distance = None;
                        }
                    }
                    _ => {}
                }
                path.push(local);
            }
            Node::Close => {
                if skipped > 0 {
                    skipped -= 1;
                    continue;
                }
                match path.pop().as_deref() {
                    Some("Move") => moves.extend(cur.take()),
                    Some("Mark") => {
                        if let Some(m) = cur.as_mut() {
                            if m.marks.len() >= crate::ingest::MAX_LAPS {
                                return Err(crate::ingest::over_cap(
                                    "laps",
                                    crate::ingest::MAX_LAPS,
                                ));
                            }
                            m.marks.push((m.mark_time, m.mark_distance));
                        }
                    }
                    _ => {}
                }
            }
            Node::Text(text) => {
                if skipped > 0 {
                    continue;
                }
                let leaf = path.last().map(String::as_str).unwrap_or_default();
                let parent = path
                    .len()
                    .checked_sub(2)
                    .and_then(|i| path.get(i))
                    .map(String::as_str)
                    .unwrap_or_default();
                let n = || xml::parse_number(&text);
                if let Some(m) = cur.as_mut() {
                    match (parent, leaf) {
                        ("Samples", v) => {
                            if let Some(last) = m.vectors.iter_mut().find(|(k, _)| k == v) {
                                last.1.push_str(&text);
                            } else if m.vectors.len() < 32 {
                                m.vectors.push((v.to_string(), text.to_string()));
                            }
                        }
                        ("Mark", "Time") => m.mark_time = timespan(&text),
                        ("Mark", "Distance") => m.mark_distance = n(),
                        ("Header", "Activity") => m.activity = n(),
                        ("Header", "Distance") => m.distance = n(),
                        ("Header", "Duration") => m.duration = timespan(&text),
                        ("Header", "HRAvg") => m.hr_avg = n(),
                        ("Header", "SampleRate") => m.sample_rate = n(),
                        ("Header", "Time") => m.time = Some(text.trim().to_string()),
                        _ => {}
                    }
                } else {
                    match (parent, leaf) {
                        ("Device", "FullName") => name = Some(text.trim().to_string()),
                        ("Device", "Name") if name.is_none() => {
                            name = Some(text.trim().to_string());
                        }
                        ("Device", "Version") => version = Some(text.trim().to_string()),
                        _ => {}
                    }
                }
            }
        }
    }
    if moves.is_empty() {
        return Err(IngestError::NotAnActivity(
            "Moveslink file with no moves (device settings only)".into(),
        ));
    }
    let device = Device {
        manufacturer: Some("Suunto".into()),
        product: name.map(|n| n.strip_prefix("Suunto ").unwrap_or(&n).to_string()),
        creator: version.map(|v| format!("sw {v}")),
    };
    let several = moves.len() > 1;
    let mut out = Vec::with_capacity(moves.len());
    for (k, m) in moves.into_iter().enumerate() {
        let mut a = build_move(m, tz_min)?;
        a.device = device.clone();
        a.session = several.then_some(k);
        a.notes.extend(notes.iter().cloned());
        out.push(a);
    }
    Ok(out)
}

fn build_move(m: Move, tz_min: Option<f64>) -> Result<Activity, IngestError> {
    let mut a = Activity::new(Format::SuuntoMoveslink);
    #[allow(clippy::cast_possible_truncation)]
    let (sport, sub) = sport_of(
        m.activity
            .filter(|x| x.is_finite() && x.abs() < 1e9)
            .map(|x| x as i64),
    );
    a.sport = sport;
    a.sub_sport = sub;
    if let Some(local) = m.time.as_deref().and_then(|t| {
        NaiveDateTime::parse_from_str(t.trim(), "%Y-%m-%d %H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(t.trim(), "%Y-%m-%dT%H:%M:%S"))
            .ok()
    }) {
        match tz_min {
            Some(tz) => {
                #[allow(clippy::cast_possible_truncation)]
                let offset = chrono::TimeDelta::minutes(tz.round() as i64);
                a.start_time = local.and_utc().checked_sub_signed(offset);
                a.notes.push(format!(
                    "start converted from local time with the file's TimeZone of {tz:+.0} min (the computer's standard offset: in summer time the start may be an hour off)"
                ));
            }
            None => {
                a.start_time = Some(local.and_utc());
                a.notes
                    .push("no time zone in the file: the start is the watch's local time".into());
            }
        }
    }
    let rate = m
        .sample_rate
        .filter(|r| r.is_finite() && *r > 0.0 && *r <= 3600.0)
        .unwrap_or(10.0);
    let vector = |key: &str| -> Vec<Option<f64>> {
        m.vectors
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| {
                v.split_ascii_whitespace()
                    .take(crate::ingest::MAX_SAMPLES + 1)
                    .map(xml::parse_number)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (hr, cad, dist, alt, speed) = (
        vector("HR"),
        vector("Cadence"),
        vector("Distance"),
        vector("Altitude"),
        vector("Speed"),
    );
    let n = [hr.len(), cad.len(), dist.len(), alt.len(), speed.len()]
        .into_iter()
        .max()
        .unwrap_or(0);
    if n > crate::ingest::MAX_SAMPLES {
        return Err(IngestError::TooLarge(format!(
            "more than {} samples, the most supported",
            crate::ingest::MAX_SAMPLES
        )));
    }
    let at = |v: &Vec<Option<f64>>, i: usize| v.get(i).copied().flatten();
    let mut covered = 0.0;
    let mut raw_cad = Vec::with_capacity(n);
    for i in 0..n {
        if let Some(d) = at(&dist, i).filter(|d| (0.0..=1e5).contains(d)) {
            covered += d;
        }
        raw_cad.push(at(&cad, i));
        let t = (i as f64 + 1.0) * rate;
        a.samples.push(Sample {
            t_s: Some(t),
            heart_rate_bpm: at(&hr, i).filter(|h| *h > 0.0),
            distance_m: (!dist.is_empty()).then_some(covered),
            altitude_m: at(&alt, i),
            speed: at(&speed, i).map(crate::units::MetersPerSecond),
            ..Sample::default()
        });
    }
    cadence_unit::apply(&mut a, &raw_cad);
    let mut start = 0.0;
    for (time, distance) in m.marks {
        a.laps.push(Lap {
            start_s: start,
            timer_s: time.map(|t| (t - start).max(0.0)),
            distance_m: distance,
            intensity: None,
        });
        start = time.unwrap_or(start);
    }
    let summary = DeviceSummary {
        distance_m: m.distance.filter(|d| d.is_finite() && *d >= 0.0),
        timer_s: m.duration,
        avg_heart_rate_bpm: m.hr_avg.filter(|h| *h > 0.0),
        ..DeviceSummary::default()
    };
    a.summary = (summary != DeviceSummary::default()).then_some(summary);
    Ok(a)
}
