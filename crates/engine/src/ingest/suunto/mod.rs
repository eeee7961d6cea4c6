//! Suunto logs: the Suunto app's JSON ([`json`]), Movescount's `.sml` ([`sml`]) and
//! Moveslink's `.xml` ([`moveslink`]).
//!
//! The JSON and the `.sml` are two encodings of one structure, Suunto's `DeviceLog`
//! (`Header`, `Samples`, `Windows`, `R-R`, `Device`); both readers fill a `Log` in the
//! model's units and `build` turns it into activities. What is read:
//!
//! * **Time**: JSON `TimeISO8601` carries its UTC offset; `.sml` samples carry `Time`
//!   (seconds since the start) and `UTC`. Every time becomes seconds since the log's
//!   UTC start here, and nowhere else.
//! * **Units** (Suunto's own: SI base units): `Latitude`/`Longitude` in radians (→ degrees),
//!   `HR` and `Cadence` in Hz (→ per minute), `Speed` m/s, `Distance` m (cumulative),
//!   `Altitude` m (barometric: the log records `AbsPressure` beside it), `GPSAltitude` m,
//!   `Power` W, `Temperature` K (not read).
//! * **Samples**: a periodic sample (altitude, distance, speed, cadence) and a GPS sample
//!   (position) are separate entries in the log, often a fraction of a second apart;
//!   entries that round to the same second since the start are merged into one sample.
//! * **Heart rate**: the `HR` samples when they cover at least half of the samples; else,
//!   when the log holds an `R-R` list (beat-to-beat intervals in ms, as a chest strap
//!   sends them), from the beats ([`hr_from_rr`]).
//! * **Cadence**: `Cadence` × 60 is a count per minute in the watch's own unit; which unit
//!   (Suunto writes strides, one foot) is decided from the values, as for GPX/TCX
//!   ([`super::cadence_unit`]).
//! * **Pauses**: `Pause` events (`State` true, then false); a pause still open at the end
//!   is the stop, not a pause.
//! * **Laps**: the `Windows` of type `Lap` (laps the runner marked) when there are two or
//!   more, else those of type `Autolap`; a lap starts where the one before ended.
//! * **Sport**: `ActivityType` ([`sport_of`]); a log with several `Activity` events (a
//!   multisport move) gives one activity per sport, numbered as sessions.
//! * **Device summary**: `Header` distance, duration (elapsed), duration minus
//!   `PauseDuration` (timer), ascent and descent; the `Move` window's averages of heart
//!   rate, cadence and speed. For one sport of a multisport move: its `Activity` window.
//! * **Altitude source**: barometric when the samples carry the pressure sensor's
//!   `AbsPressure` reading (the altitude is then the barometer's), else the device table.

pub mod json;
pub mod moveslink;
pub mod sml;

use super::cadence_unit;
use super::IngestError;
use crate::model::{
    Activity, AltitudeSource, Device, DeviceSummary, Format, Lap, Pause, Sample, Sport,
};
use crate::units::MetersPerSecond;
use chrono::{DateTime, Utc};

/// One entry of a log's samples, in the model's units (converted by the reader).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LogSample {
    /// Seconds since the log's start.
    pub at: f64,
    pub lat_deg: Option<f64>,
    pub lon_deg: Option<f64>,
    pub gps_altitude_m: Option<f64>,
    /// Barometric altitude (`Altitude`).
    pub altitude_m: Option<f64>,
    /// The entry carries a pressure sensor reading (`AbsPressure`).
    pub pressure: bool,
    pub heart_rate_bpm: Option<f64>,
    /// Cadence per minute in the watch's unit (decided later from the values).
    pub cadence_per_min: Option<f64>,
    pub distance_m: Option<f64>,
    pub speed_mps: Option<f64>,
    pub power_w: Option<f64>,
    /// An event at this time instead of values.
    pub event: Option<Event>,
}

/// The events of a log that shape an activity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Event {
    /// The runner paused the recording.
    PauseOn,
    /// The recording went on.
    PauseOff,
    /// The sport changes (multisport); its Suunto activity type.
    Activity(i64),
}

/// A `Window`: the watch's summary of a lap, an autolap, one sport or the whole move.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Window {
    /// `Lap`, `Autolap`, `Activity`, `Move`, ...
    pub kind: String,
    /// When the window closed, seconds since the log's start.
    pub end_at: Option<f64>,
    /// Timer time, s.
    pub duration_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub activity: Option<i64>,
    pub avg_heart_rate_bpm: Option<f64>,
    pub avg_cadence_per_min: Option<f64>,
    pub avg_speed_mps: Option<f64>,
}

/// The `Header`'s totals.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Header {
    pub activity_type: Option<i64>,
    pub distance_m: Option<f64>,
    /// Elapsed, s.
    pub duration_s: Option<f64>,
    pub pause_s: Option<f64>,
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
}

/// A decoded `DeviceLog`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Log {
    pub start: Option<DateTime<Utc>>,
    pub header: Header,
    pub samples: Vec<LogSample>,
    pub windows: Vec<Window>,
    /// Beat-to-beat intervals, ms, from the start.
    pub rr_ms: Vec<f64>,
    /// `Device/Name` (a product name, or a code name in the Suunto app's JSON).
    pub device_name: Option<String>,
    pub software: Option<String>,
    /// What the reader dropped or repaired.
    pub notes: Vec<String>,
}

/// Suunto's `ActivityType` numbers that this coach tells apart (the activity list of
/// Movescount and the Suunto app: 3 running, 82 trail running, 4 cycling, 5 mountain
/// biking, 2 multisport; the GPS Track POD writes 1, "not specified"). Another number is
/// an unknown sport, judged by its motion like a GPX without a type.
#[must_use]
pub fn sport_of(activity_type: Option<i64>) -> (Sport, Option<String>) {
    match activity_type {
        Some(3) => (Sport::Running, None),
        Some(82) => (Sport::Running, Some("trail".into())),
        Some(4 | 5) => (Sport::Cycling, None),
        Some(2) => (Sport::Other, Some("multisport".into())),
        Some(n) => (Sport::Unknown, Some(format!("suunto activity {n}"))),
        None => (Sport::Unknown, None),
    }
}

/// Product names of the code names the Suunto app writes as `Device/Name` (the corpus
/// README, sports-lib's Suunto samples: "Amsterdam" is the Spartan Ultra).
const CODE_NAMES: [(&str, &str); 1] = [("amsterdam", "Spartan Ultra")];

fn device_of(log: &Log) -> Device {
    let product = log.device_name.as_deref().map(|n| {
        let t = n.trim();
        CODE_NAMES
            .iter()
            .find(|(code, _)| t.eq_ignore_ascii_case(code))
            .map_or_else(
                || t.strip_prefix("Suunto ").unwrap_or(t).to_string(),
                |(_, p)| (*p).to_string(),
            )
    });
    Device {
        manufacturer: Some("Suunto".into()),
        product,
        creator: log.software.as_ref().map(|s| format!("sw {s}")),
    }
}

/// Window over which beats are pooled into one heart rate, s (our choice: about the
/// averaging a watch shows; the median of the pooled intervals is robust to the single
/// missed or extra beats of a strap).
pub(crate) const RR_WINDOW_S: f64 = 5.0;

/// Beat-to-beat intervals accepted, ms: 300–2000 ms is 200–30 bpm, the range of
/// [`super::plausible::HEART_RATE_BPM`] a runner's heart can beat at; anything else is an
/// artefact (a missed or doubled beat) and is left out.
pub(crate) const RR_RANGE_MS: std::ops::RangeInclusive<f64> = 300.0..=2000.0;

/// Heart rate at each time of `at` (seconds since the start of the beats), from
/// beat-to-beat intervals `rr_ms` that start at 0: the beats are laid end to end, and the
/// heart rate at `t` is 60,000 ÷ the median interval of the beats that ended in
/// `(t − RR_WINDOW_S, t]`. `None` where no accepted beat ended in the window (a strap
/// that lost contact). `at` must be sorted.
#[must_use]
pub fn hr_from_rr(rr_ms: &[f64], at: &[f64]) -> Vec<Option<f64>> {
    let mut beats: Vec<(f64, f64)> = Vec::with_capacity(rr_ms.len());
    let mut t = 0.0_f64;
    for &rr in rr_ms {
        if !rr.is_finite() || rr <= 0.0 {
            continue;
        }
        t += rr / 1000.0;
        if RR_RANGE_MS.contains(&rr) {
            beats.push((t, rr));
        }
    }
    let mut out = Vec::with_capacity(at.len());
    let (mut lo, mut hi) = (0usize, 0usize);
    let mut window: Vec<f64> = Vec::new();
    for &x in at {
        while hi < beats.len() && beats.get(hi).is_some_and(|b| b.0 <= x) {
            hi += 1;
        }
        while lo < hi && beats.get(lo).is_some_and(|b| b.0 <= x - RR_WINDOW_S) {
            lo += 1;
        }
        window.clear();
        window.extend(beats.get(lo..hi).unwrap_or_default().iter().map(|b| b.1));
        out.push(median(&mut window).map(|m| 60_000.0 / m));
    }
    out
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v.get(mid).copied()
    } else {
        Some(f64::midpoint(*v.get(mid - 1)?, *v.get(mid)?))
    }
}

/// Seconds as a signed duration (sub-millisecond parts dropped).
fn seconds(s: f64) -> chrono::TimeDelta {
    #[allow(clippy::cast_possible_truncation)]
    chrono::TimeDelta::milliseconds((s * 1000.0).round().clamp(-1e15, 1e15) as i64)
}

/// One sport's stretch of the log: `[lo, hi)` seconds since the start.
struct Segment {
    lo: f64,
    hi: f64,
    activity_type: Option<i64>,
}

fn segments(log: &Log) -> Vec<Segment> {
    let changes: Vec<(f64, i64)> = log
        .samples
        .iter()
        .filter_map(|s| match s.event {
            Some(Event::Activity(n)) => Some((s.at, n)),
            _ => None,
        })
        .collect();
    if changes.len() <= 1 {
        return vec![Segment {
            lo: f64::NEG_INFINITY,
            hi: f64::INFINITY,
            activity_type: changes.first().map(|c| c.1).or(log.header.activity_type),
        }];
    }
    changes
        .iter()
        .enumerate()
        .map(|(i, &(at, n))| Segment {
            lo: if i == 0 { f64::NEG_INFINITY } else { at },
            hi: changes.get(i + 1).map_or(f64::INFINITY, |c| c.0),
            activity_type: Some(n),
        })
        .collect()
}

/// Turn a decoded log into one activity per sport.
///
/// # Errors
/// [`IngestError::TooLarge`] past the session or lap caps.
pub(crate) fn build(log: Log, format: Format) -> Result<Vec<Activity>, IngestError> {
    let segs = segments(&log);
    if segs.len() > super::MAX_SESSIONS {
        return Err(super::over_cap("sports in one move", super::MAX_SESSIONS));
    }
    if log.windows.len() > super::MAX_LAPS {
        return Err(super::over_cap("windows (laps)", super::MAX_LAPS));
    }
    let multi = segs.len() > 1;
    let mut out = Vec::with_capacity(segs.len());
    for (k, seg) in segs.iter().enumerate() {
        out.push(build_one(&log, seg, format, multi.then_some(k)));
    }
    Ok(out)
}

fn build_one(log: &Log, seg: &Segment, format: Format, session: Option<usize>) -> Activity {
    let mut a = Activity::new(format);
    a.session = session;
    a.device = device_of(log);
    let (sport, sub) = sport_of(seg.activity_type);
    a.sport = sport;
    a.sub_sport = sub;
    a.notes.clone_from(&log.notes);
    let t0 = if seg.lo.is_finite() { seg.lo } else { 0.0 };
    a.start_time = log.start.and_then(|s| s.checked_add_signed(seconds(t0)));
    let inside = |at: f64| at >= seg.lo && at < seg.hi;

    // Samples: entries rounding to one second since the start are merged.
    let mut merged: Vec<(i64, LogSample)> = Vec::new();
    let mut entries: Vec<&LogSample> = log
        .samples
        .iter()
        .filter(|s| s.event.is_none() && s.at.is_finite() && inside(s.at))
        .collect();
    entries.sort_by(|x, y| x.at.total_cmp(&y.at));
    for e in entries {
        #[allow(clippy::cast_possible_truncation)]
        let key = e.at.round().clamp(-1e15, 1e15) as i64;
        match merged.last_mut() {
            Some((k, m)) if *k == key => merge_into(m, e),
            _ => merged.push((key, e.clone())),
        }
    }
    let uses_baro = merged.iter().any(|(_, m)| m.altitude_m.is_some());
    let with_hr = merged
        .iter()
        .filter(|(_, m)| m.heart_rate_bpm.is_some())
        .count();
    let from_rr = with_hr * 2 < merged.len() && !log.rr_ms.is_empty();
    let rr_hr = if from_rr {
        let at: Vec<f64> = merged.iter().map(|(_, m)| m.at).collect();
        hr_from_rr(&log.rr_ms, &at)
    } else {
        Vec::new()
    };
    let mut raw_cadence = Vec::with_capacity(merged.len());
    for (i, (_, m)) in merged.iter().enumerate() {
        raw_cadence.push(m.cadence_per_min);
        a.samples.push(Sample {
            t_s: Some(m.at - t0),
            lat_deg: m.lat_deg,
            lon_deg: m.lon_deg,
            distance_m: m.distance_m,
            speed: m.speed_mps.map(MetersPerSecond),
            altitude_m: if uses_baro {
                m.altitude_m
            } else {
                m.gps_altitude_m
            },
            heart_rate_bpm: if from_rr {
                rr_hr.get(i).copied().flatten()
            } else {
                m.heart_rate_bpm
            },
            power_w: m.power_w,
            ..Sample::default()
        });
    }
    if from_rr && a.samples.iter().any(|s| s.heart_rate_bpm.is_some()) {
        a.notes.push(format!(
            "heart rate from the {} R-R intervals: 60,000 / median interval of the beats in the {RR_WINDOW_S} s before each sample",
            log.rr_ms.len()
        ));
    }
    if uses_baro && merged.iter().any(|(_, m)| m.pressure) {
        // The reader saw the pressure sensor; clean::finish keeps this.
        a.altitude_source = AltitudeSource::Barometric;
    }
    let decision = cadence_unit::apply(&mut a, &raw_cadence);

    // Pauses.
    let mut open: Option<f64> = None;
    for s in log.samples.iter().filter(|s| inside(s.at)) {
        match s.event {
            Some(Event::PauseOn) if open.is_none() => open = Some(s.at),
            Some(Event::PauseOff) => {
                if let Some(p) = open.take() {
                    a.pauses.push(Pause {
                        start_s: p - t0,
                        end_s: s.at - t0,
                    });
                }
            }
            _ => {}
        }
    }

    // Laps and the summary.
    let windows: Vec<&Window> = log
        .windows
        .iter()
        .filter(|w| w.end_at.is_some_and(|e| e > seg.lo && e <= seg.hi + 1.0))
        .filter(|w| session.is_none() || w.activity.is_none() || w.activity == seg.activity_type)
        .collect();
    let of_kind = |k: &str| -> Vec<&Window> {
        let mut v: Vec<&Window> = windows
            .iter()
            .copied()
            .filter(|w| w.kind.eq_ignore_ascii_case(k))
            .collect();
        v.sort_by(|x, y| x.end_at.unwrap_or(0.0).total_cmp(&y.end_at.unwrap_or(0.0)));
        v
    };
    let manual = of_kind("Lap");
    let laps = if manual.len() >= 2 {
        manual
    } else {
        of_kind("Autolap")
    };
    let mut start = 0.0;
    for w in laps {
        a.laps.push(Lap {
            start_s: start,
            timer_s: w.duration_s,
            distance_m: w.distance_m,
            intensity: None,
        });
        start = w.end_at.map_or(start, |e| e - t0);
    }
    let whole = if session.is_some() {
        of_kind("Activity").into_iter().next_back()
    } else {
        of_kind("Move").into_iter().next_back()
    };
    let factor = decision.factor;
    let avg_cadence = whole
        .and_then(|w| w.avg_cadence_per_min)
        .filter(|_| a.cadence_source != crate::model::CadenceSource::None)
        .map(|c| c * factor);
    let summary = if session.is_some() {
        whole.map(|w| DeviceSummary {
            distance_m: w.distance_m,
            timer_s: w.duration_s,
            avg_heart_rate_bpm: w.avg_heart_rate_bpm,
            avg_speed_mps: w.avg_speed_mps,
            avg_cadence_spm: avg_cadence,
            ..DeviceSummary::default()
        })
    } else {
        let h = &log.header;
        let timer = h
            .duration_s
            .map(|d| d - h.pause_s.unwrap_or(0.0))
            .or_else(|| whole.and_then(|w| w.duration_s));
        Some(DeviceSummary {
            distance_m: h.distance_m.or_else(|| whole.and_then(|w| w.distance_m)),
            elapsed_s: h.duration_s,
            timer_s: timer,
            ascent_m: h.ascent_m,
            descent_m: h.descent_m,
            avg_heart_rate_bpm: whole.and_then(|w| w.avg_heart_rate_bpm),
            avg_speed_mps: whole.and_then(|w| w.avg_speed_mps),
            avg_cadence_spm: avg_cadence,
            ..DeviceSummary::default()
        })
        .filter(|s| *s != DeviceSummary::default())
    };
    a.summary = summary;
    a
}

/// Fill `m`'s empty fields from `e` (a periodic and a GPS entry of one second).
fn merge_into(m: &mut LogSample, e: &LogSample) {
    fn take(x: &mut Option<f64>, y: Option<f64>) {
        if x.is_none() {
            *x = y;
        }
    }
    take(&mut m.lat_deg, e.lat_deg);
    take(&mut m.lon_deg, e.lon_deg);
    take(&mut m.gps_altitude_m, e.gps_altitude_m);
    take(&mut m.altitude_m, e.altitude_m);
    take(&mut m.heart_rate_bpm, e.heart_rate_bpm);
    take(&mut m.cadence_per_min, e.cadence_per_min);
    take(&mut m.distance_m, e.distance_m);
    take(&mut m.speed_mps, e.speed_mps);
    take(&mut m.power_w, e.power_w);
    m.pressure |= e.pressure;
}

/// A finite number in `range`, else `None` (a `null`, a garbage or an impossible value).
pub(crate) fn finite_in(v: Option<f64>, range: &std::ops::RangeInclusive<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite() && range.contains(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heart_rate_from_rr_is_the_median_of_the_last_beats() {
        // 150 bpm = 400 ms per beat, with one artefact (a missed beat, 800 ms, and a
        // doubled one, 150 ms) that the median and the range leave out.
        let mut rr = vec![400.0; 30];
        rr[10] = 800.0;
        rr[11] = 150.0;
        let hr = hr_from_rr(&rr, &[0.1, 3.0, 6.0, 11.0, 20.0]);
        assert_eq!(hr[0], None, "no beat yet");
        for h in &hr[1..4] {
            assert!((h.expect("beats") - 150.0).abs() < 1e-9, "{hr:?}");
        }
        assert_eq!(hr[4], None, "the strap stopped 8 s before");
    }

    #[test]
    fn suunto_activity_types_fold_into_families() {
        assert_eq!(sport_of(Some(3)).0, Sport::Running);
        assert_eq!(sport_of(Some(82)), (Sport::Running, Some("trail".into())));
        assert_eq!(sport_of(Some(4)).0, Sport::Cycling);
        assert_eq!(sport_of(Some(1)).0, Sport::Unknown);
        assert_eq!(sport_of(None), (Sport::Unknown, None));
    }
}
