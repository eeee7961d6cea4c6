//! Writers of the watch makers' own logs for synthetic runs, so the Suunto and Polar
//! readers are tested on runs whose truth is known (no corpus file is copied):
//!
//! * [`suunto_json`]: the Suunto app's `DeviceLog` JSON: one periodic sample per second
//!   (`Distance`, `Speed`, `Altitude`, `AbsPressure`, `Cadence` in Hz of strides) and one
//!   GPS sample per second (`Latitude`/`Longitude` in radians, `GPSAltitude`), `TimeISO8601`
//!   with the given UTC offset; pauses as `Pause` events; heart rate either as `HR`
//!   samples (Hz) or only as an `R-R` list (one beat interval per beat, at the run's heart
//!   rate); `Autolap` windows from the run's laps and a `Move` window; the `Header`'s totals.
//! * [`suunto_sml`]: the same log as Movescount `.sml` XML (`Time` since the start, `UTC`).
//! * [`moveslink`]: a Moveslink `MovesCount` XML of one move: `HR`, `Cadence` (strides/min)
//!   and per-interval `Distance` vectors at a 10 s sample rate; `TimeZone` in minutes.
//! * [`polar_json`]: a Polar Flow training session of one exercise with interval series
//!   (`HEART_RATE`, `SPEED` km/h, `CADENCE` strides/min, `DISTANCE`), the route as
//!   `RECORDED_ROUTE` timed points, local times plus `timezoneOffset`, and a bare `NaN` every `nan_every` values.
//! * [`hrm`]: a Polar `.hrm` (Version 106, speed, cadence and altitude columns, 1 s rows;
//!   a paused second has speed and cadence 0).

use super::SynthRun;
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// How a Suunto log carries heart rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuuntoHeart {
    /// `HR` on every periodic sample (Hz).
    Samples,
    /// Only the beat-to-beat `R-R` list (a strap's), as the corpus' Spartan log.
    RrOnly,
}

fn local(t: DateTime<Utc>, offset_min: i32) -> String {
    let tz = FixedOffset::east_opt(offset_min * 60).unwrap_or(FixedOffset::east_opt(0).expect("0"));
    t.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Millis, false)
}

/// Beat-to-beat intervals (ms) of the run's heart rate, from its start to its end.
fn rr_list(run: &SynthRun) -> Vec<f64> {
    let mut out = Vec::new();
    let end = run.points.last().map_or(0.0, |p| f64::from(p.t_s));
    let mut t = 0.0;
    let mut k = 0usize;
    while t < end + 1.0 {
        // The point in force at t (samples are 1 Hz with gaps in pauses).
        while run.points.get(k + 1).is_some_and(|p| f64::from(p.t_s) <= t) {
            k += 1;
        }
        let hr = run
            .points
            .get(k)
            .map_or(120.0, |p| f64::from(p.heart_rate_bpm));
        let rr = (60_000.0 / hr.max(30.0)).round();
        out.push(rr);
        t += rr / 1000.0;
    }
    out
}

/// The Suunto app JSON of `run` (see the module docs).
#[must_use]
pub fn suunto_json(run: &SynthRun, heart: SuuntoHeart, offset_min: i32) -> String {
    let at = |t: u32| local(run.time_at(t), offset_min);
    let mut samples: Vec<Value> = vec![
        json!({"Events": [{"Lap": {"Type": "Start"}}], "TimeISO8601": at(0)}),
        json!({"Events": [{"Activity": {"ActivityType": 3}}], "TimeISO8601": at(0)}),
    ];
    for p in &run.points {
        for pause in run.pauses.iter().filter(|x| x.start_s == p.t_s) {
            samples.push(
                json!({"Events": [{"Pause": {"State": true}}], "TimeISO8601": at(pause.start_s)}),
            );
        }
        for pause in run.pauses.iter().filter(|x| x.end_s == p.t_s) {
            samples.push(
                json!({"Events": [{"Pause": {"State": false}}], "TimeISO8601": at(pause.end_s)}),
            );
        }
        if let (Some(la), Some(lo)) = (p.lat_deg, p.lon_deg) {
            samples.push(json!({
                "Latitude": la.to_radians(), "Longitude": lo.to_radians(),
                "GPSAltitude": p.altitude_m.map(f64::round), "TimeISO8601": at(p.t_s)
            }));
        }
        let mut s = json!({
            "Distance": p.distance_m, "Speed": p.speed_mps,
            "Cadence": p.cadence_spm / 2.0 / 60.0,
            "Altitude": p.altitude_m, "AbsPressure": p.altitude_m.map(|_| 95000),
            "Power": null, "TimeISO8601": at(p.t_s)
        });
        if heart == SuuntoHeart::Samples {
            s["HR"] = json!(f64::from(p.heart_rate_bpm) / 60.0);
        }
        samples.push(s);
    }
    let end = run.points.last().map_or(0, |p| p.t_s);
    samples.push(json!({"Events": [{"Lap": {"Type": "Stop"}}], "TimeISO8601": at(end)}));
    let mut windows: Vec<Value> = run
        .laps
        .iter()
        .map(|l| {
            json!({"Window": {"Type": "Autolap", "ActivityId": 3, "Duration": l.timer_s,
                "Distance": l.distance_m, "TimeISO8601": at(l.end_s)}})
        })
        .collect();
    let t = &run.truth;
    let hr_avg = run
        .points
        .iter()
        .map(|p| f64::from(p.heart_rate_bpm))
        .sum::<f64>()
        / run.points.len().max(1) as f64;
    windows.push(json!({"Window": {"Type": "Move", "ActivityId": 3,
        "Duration": t.timer_time_s, "Distance": t.total_distance_m,
        "HR": [{"Avg": hr_avg / 60.0}],
        "Cadence": [{"Avg": t.avg_running_cadence_spm.map(|c| c / 2.0 / 60.0)}],
        "Speed": [{"Avg": t.avg_speed_mps}], "TimeISO8601": at(end)}}));
    let mut log = json!({"DeviceLog": {
        "Header": {"DateTime": at(0), "Activity": "Running", "ActivityType": 3,
            "Distance": t.total_distance_m, "Duration": t.elapsed_time_s,
            "PauseDuration": t.total_pause_s, "Ascent": t.elevation_gain_m,
            "Descent": t.elevation_loss_m,
            "Device": {"Name": "Suunto 9 Baro", "Info": {"SW": "2.0.0"}}},
        "Device": {"Name": "Suunto 9 Baro", "Info": {"SW": "2.0.0"}},
        "Samples": samples, "Windows": windows}});
    if heart == SuuntoHeart::RrOnly {
        log["DeviceLog"]["R-R"] = json!({"Data": rr_list(run)});
    }
    log.to_string()
}

/// The Movescount `.sml` of `run`, heart rate as `HR` samples (Hz).
#[must_use]
pub fn suunto_sml(run: &SynthRun) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sml xmlns=\"http://www.suunto.com/schemas/sml\">\n<DeviceLog>\n",
    );
    let t = &run.truth;
    let _ = write!(
        x,
        "<Header><Duration>{}</Duration><ActivityType>3</ActivityType><Distance>{}</Distance><PauseDuration>{}</PauseDuration><DateTime>{}</DateTime></Header>\n<Device><Name>Suunto Ambit3 Peak</Name><Info><SW>2.4.1</SW></Info></Device>\n<Samples>\n",
        t.elapsed_time_s,
        t.total_distance_m,
        t.total_pause_s,
        run.time_at(0).format("%Y-%m-%dT%H:%M:%S")
    );
    let utc = |s: u32| super::rfc3339(run.time_at(s));
    for p in &run.points {
        for pause in run.pauses.iter().filter(|q| q.start_s == p.t_s) {
            let _ = writeln!(x, "<Sample><Time>{}</Time><UTC>{}</UTC><Events><Pause><State>True</State></Pause></Events></Sample>", pause.start_s, utc(pause.start_s));
        }
        for pause in run.pauses.iter().filter(|q| q.end_s == p.t_s) {
            let _ = writeln!(x, "<Sample><Time>{}</Time><UTC>{}</UTC><Events><Pause><State>False</State></Pause></Events></Sample>", pause.end_s, utc(pause.end_s));
        }
        if let (Some(la), Some(lo)) = (p.lat_deg, p.lon_deg) {
            let _ = writeln!(x, "<Sample><Latitude>{}</Latitude><Longitude>{}</Longitude><Time>{}</Time><UTC>{}</UTC></Sample>", la.to_radians(), lo.to_radians(), p.t_s, utc(p.t_s));
        }
        let _ = write!(
            x,
            "<Sample><HR>{}</HR><Cadence>{}</Cadence><Distance>{}</Distance><Speed>{}</Speed>",
            f64::from(p.heart_rate_bpm) / 60.0,
            p.cadence_spm / 120.0,
            p.distance_m,
            p.speed_mps
        );
        if let Some(h) = p.altitude_m {
            let _ = write!(
                x,
                "<Altitude>{h}</Altitude><AbsPressure>95000</AbsPressure>"
            );
        }
        let _ = writeln!(
            x,
            "<Time>{}.6</Time><SampleType>periodic</SampleType><UTC>{}</UTC></Sample>",
            p.t_s,
            utc(p.t_s)
        );
    }
    x.push_str("</Samples>\n</DeviceLog>\n</sml>\n");
    x
}

/// Sample rate of the Moveslink writer, s.
pub(crate) const MOVESLINK_RATE_S: u32 = 10;

/// The Moveslink XML of `run` (pauses not marked: the Quest logs on).
#[must_use]
pub fn moveslink(run: &SynthRun, tz_min: i32) -> String {
    let (mut hr, mut cad, mut dist) = (String::new(), String::new(), String::new());
    let end = run.points.last().map_or(0, |p| p.t_s);
    let at = |t: u32| {
        run.points
            .iter()
            .rev()
            .find(|p| p.t_s <= t)
            .or(run.points.first())
    };
    let mut last_d = 0.0;
    let mut n = 0u32;
    let mut t = MOVESLINK_RATE_S;
    // The last interval closes after the end, as the watch's last one does.
    while t < end + MOVESLINK_RATE_S {
        if let Some(p) = at(t) {
            let _ = write!(hr, " {}", p.heart_rate_bpm);
            let _ = write!(cad, " {}", (p.cadence_spm / 2.0).round());
            let _ = write!(dist, " {}", (p.distance_m - last_d).round());
            last_d += (p.distance_m - last_d).round();
        }
        n += 1;
        t += MOVESLINK_RATE_S;
    }
    let tz = FixedOffset::east_opt(tz_min * 60).unwrap_or(FixedOffset::east_opt(0).expect("0"));
    let local = run
        .time_at(0)
        .with_timezone(&tz)
        .format("%Y-%m-%d %H:%M:%S");
    let hr_avg = run
        .points
        .iter()
        .map(|p| f64::from(p.heart_rate_bpm))
        .sum::<f64>()
        / run.points.len().max(1) as f64;
    let secs = n * MOVESLINK_RATE_S;
    format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<MovesCount MoveslinkVersion=\"1.2.41.0\" TimeZone=\"{tz_min}\" >\n\
         <Device sn=\"1\"><Name>Quest</Name><FullName>Suunto Quest</FullName><Version>1.0.7</Version></Device>\n\
         <Moves><Move Index=\"1\"><Samples>\n<Cadence><![CDATA[{cad}]]></Cadence>\n<Distance><![CDATA[{dist}]]></Distance>\n<HR><![CDATA[{hr}]]></HR>\n</Samples>\n\
         <Marks LapCount=\"1\"><Mark Index=\"0\"><Distance>{last_d}</Distance><Time>{:02}:{:02}:{:02}.000</Time></Mark></Marks>\n\
         <Header><Activity>3</Activity><Distance>{last_d}</Distance><Duration>{:02}:{:02}:{:02}.000</Duration><HRAvg>{}</HRAvg><SampleRate>{MOVESLINK_RATE_S}</SampleRate><Time>{local}</Time></Header>\n\
         </Move></Moves>\n</MovesCount>\n",
        secs / 3600, secs / 60 % 60, secs % 60,
        secs / 3600, secs / 60 % 60, secs % 60,
        hr_avg.round()
    )
}

/// The Polar Flow session JSON of `run` (1 s series from the start; a paused second has
/// `NaN` in every series), with a bare `NaN` also every `nan_every` heart-rate values.
#[must_use]
pub fn polar_json(run: &SynthRun, offset_min: i32, nan_every: Option<usize>) -> String {
    let end = run.points.last().map_or(0, |p| p.t_s);
    let mut by_t: Vec<Option<&super::SynthPoint>> = vec![None; end as usize + 1];
    for p in &run.points {
        if let Some(slot) = by_t.get_mut(p.t_s as usize) {
            *slot = Some(p);
        }
    }
    let series = |f: &dyn Fn(&super::SynthPoint) -> f64, nan: bool| -> String {
        let vals: Vec<String> = by_t
            .iter()
            .enumerate()
            .map(|(i, p)| match p {
                Some(p) if !(nan && nan_every.is_some_and(|k| k > 0 && i % k == k - 1)) => {
                    format!("{}", f(p))
                }
                _ => "NaN".to_string(),
            })
            .collect();
        vals.join(",")
    };
    let tz = FixedOffset::east_opt(offset_min * 60).unwrap_or(FixedOffset::east_opt(0).expect("0"));
    let local = |t: u32| {
        run.time_at(t)
            .with_timezone(&tz)
            .naive_local()
            .format("%Y-%m-%dT%H:%M:%S%.3f")
            .to_string()
    };
    let route: Vec<String> = run
        .points
        .iter()
        .filter_map(|p| {
            Some(format!(
                "{{\"dateTime\":\"{}\",\"latitude\":{},\"longitude\":{},\"altitude\":{}}}",
                local(p.t_s),
                p.lat_deg?,
                p.lon_deg?,
                p.altitude_m.unwrap_or(0.0)
            ))
        })
        .collect();
    let t = &run.truth;
    format!(
        "{{\"exportVersion\":\"1.6\",\"name\":\"{}\",\"startTime\":\"{}\",\"timeZoneOffset\":{offset_min},\
         \"exercises\":[{{\"startTime\":\"{}\",\"timezoneOffset\":{offset_min},\"duration\":\"PT{}S\",\
         \"distance\":{},\"sport\":\"RUNNING\",\"heartRate\":{{\"avg\":{}}},\"speed\":{{\"avg\":{}}},\
         \"samples\":[\
         {{\"type\":\"HEART_RATE\",\"intervalMillis\":1000,\"values\":[{}]}},\
         {{\"type\":\"SPEED\",\"intervalMillis\":1000,\"values\":[{}]}},\
         {{\"type\":\"CADENCE\",\"intervalMillis\":1000,\"values\":[{}]}},\
         {{\"type\":\"DISTANCE\",\"intervalMillis\":1000,\"values\":[{}]}},\
         {{\"type\":\"RECORDED_ROUTE\",\"values\":[{}]}}]}}]}}",
        run.name,
        local(0),
        local(0),
        t.timer_time_s,
        t.total_distance_m,
        (run.points.iter().map(|p| f64::from(p.heart_rate_bpm)).sum::<f64>()
            / run.points.len().max(1) as f64)
            .round(),
        t.avg_speed_mps * 3.6,
        series(&|p| f64::from(p.heart_rate_bpm), true),
        series(&|p| (p.speed_mps * 3.6 * 1000.0).round() / 1000.0, false),
        series(&|p| (p.cadence_spm / 2.0).round(), false),
        series(&|p| p.distance_m, false),
        route.join(",")
    )
}

/// The Polar `.hrm` of `run` (1 s rows; a paused second repeats the last heart rate and
/// altitude, with speed and cadence 0).
#[must_use]
pub fn hrm(run: &SynthRun) -> String {
    let end = run.points.last().map_or(0, |p| p.t_s);
    let start = run.start;
    let mut x = format!(
        "[Params]\r\nVersion=106\r\nMonitor=22\r\nSMode=11100000\r\nDate={}\r\nStartTime={}.0\r\nLength={}:{:02}:{:02}.0\r\nInterval=1\r\n\r\n[Trip]\r\n{}\r\n0\r\n{}\r\n0\r\n0\r\n0\r\n0\r\n0\r\n\r\n[HRData]\r\n",
        start.format("%Y%m%d"),
        start.format("%H:%M:%S"),
        (end + 1) / 3600,
        (end + 1) / 60 % 60,
        (end + 1) % 60,
        (run.truth.total_distance_m / 100.0).round(),
        end + 1
    );
    let mut k = 0usize;
    for t in 0..=end {
        while run.points.get(k + 1).is_some_and(|p| p.t_s <= t) {
            k += 1;
        }
        if let Some(p) = run.points.get(k) {
            // A paused second: the runner stands (speed and cadence 0).
            let moving = p.t_s == t;
            let _ = write!(
                x,
                "{}\t{}\t{}\t{}\r\n",
                p.heart_rate_bpm,
                if moving {
                    (p.speed_mps * 36.0).round()
                } else {
                    0.0
                },
                if moving {
                    (p.cadence_spm / 2.0).round()
                } else {
                    0.0
                },
                p.altitude_m.unwrap_or(0.0).round()
            );
        }
    }
    x
}
