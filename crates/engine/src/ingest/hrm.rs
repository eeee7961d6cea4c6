//! Polar Precision Performance `.hrm` text files (S-series, RS-series watches): one
//! [`Activity`] per file. Sections are `[Name]` lines followed by rows.
//!
//! * `[Params]`: `Version`, `Date` (`yyyymmdd`) and `StartTime` (`hh:mm:ss.f`), local time
//!   without a zone (kept as UTC, with a note), `Length` (the recording's duration),
//!   `Interval` (seconds between rows; 238 means the rows are R-R intervals), and `SMode`,
//!   one digit per optional column of `[HRData]`: speed, cadence, altitude, power, power
//!   balance/pedalling index (one column), HR/CC, US units (Version 1.06+; Version 1.05
//!   has the first five).
//! * `[HRData]`: heart rate (bpm, or R-R ms when `Interval=238`), then the columns `SMode`
//!   turns on. Units: speed 0.1 km/h (0.1 mph with US units), altitude m (ft), power W;
//!   cadence per minute in the watch's count, unit decided from the values
//!   ([`super::cadence_unit`]). Row *i* is *i* × `Interval` s after the start. With R-R
//!   rows the heart rate is derived as for Suunto's R-R lists ([`super::suunto::hr_from_rr`]).
//! * `[IntTimes]`: laps, five rows each (three before Version 1.06): the first holds the
//!   lap's end time since the start and its heart rate average; the fourth (1.06+) the
//!   lap distance in m (yards).
//! * `[Trip]`: distance (0.1 km, or 0.1 mi), ascent (m, ft), total time (s): with
//!   `Length` and the laps' heart rate, the device summary.

use super::cadence_unit;
use super::IngestError;
use crate::model::{Activity, Device, DeviceSummary, Format, Lap, Sample};
use crate::units::MetersPerSecond;
use chrono::{NaiveDate, NaiveTime};

const MPH_IN_MPS: f64 = 0.447_04;
const FT_IN_M: f64 = 0.3048;
const YD_IN_M: f64 = 0.9144;
const MI_IN_M: f64 = 1609.344;

/// `h:mm:ss.f` (or `mm:ss.f`, or seconds) as seconds.
fn clock(text: &str) -> Option<f64> {
    let mut total = 0.0;
    for part in text.trim().split(':') {
        let v: f64 = part.trim().parse().ok()?;
        if !v.is_finite() || v < 0.0 {
            return None;
        }
        total = total * 60.0 + v;
    }
    (total < 1e8).then_some(total)
}

/// Read a Polar `.hrm` file.
///
/// # Errors
/// [`IngestError::Damaged`] when `[Params]` lacks a usable `Interval`, or a row count past
/// the sample cap; [`IngestError::NotAnActivity`] without `[HRData]` rows.
pub fn read(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    let text = String::from_utf8_lossy(bytes);
    let mut section = String::new();
    let mut params: Vec<(String, String)> = Vec::new();
    let mut rows: Vec<Vec<f64>> = Vec::new();
    let mut int_times: Vec<Vec<String>> = Vec::new();
    let mut trip: Vec<f64> = Vec::new();
    let mut bad_rows = 0usize;
    for line in text.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_ascii_lowercase();
            continue;
        }
        if line.is_empty() {
            continue;
        }
        match section.as_str() {
            "params" => {
                if let Some((k, v)) = line.split_once('=') {
                    if params.len() < 256 {
                        params.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
            }
            "hrdata" => {
                if rows.len() >= super::MAX_SAMPLES {
                    return Err(IngestError::TooLarge(format!(
                        "more than {} rows, the most supported",
                        super::MAX_SAMPLES
                    )));
                }
                let row: Option<Vec<f64>> = line
                    .split_ascii_whitespace()
                    .take(16)
                    .map(|v| {
                        v.parse::<f64>()
                            .ok()
                            .filter(|x| x.is_finite() && x.abs() < 1e7)
                    })
                    .collect();
                match row {
                    Some(r) if !r.is_empty() => rows.push(r),
                    _ => bad_rows += 1,
                }
            }
            "inttimes" if int_times.len() < super::MAX_LAPS * 5 => {
                int_times.push(
                    line.split_ascii_whitespace()
                        .take(16)
                        .map(String::from)
                        .collect(),
                );
            }
            "trip" if trip.len() < 16 => {
                trip.push(
                    line.parse()
                        .ok()
                        .filter(|x: &f64| x.is_finite())
                        .unwrap_or(0.0),
                );
            }
            _ => {}
        }
    }
    let param = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let version: u32 = param("version").and_then(|v| v.parse().ok()).unwrap_or(106);
    let interval: f64 = param("interval")
        .and_then(|v| v.parse().ok())
        .filter(|i: &f64| i.is_finite() && *i > 0.0 && *i <= 3600.0)
        .ok_or_else(|| IngestError::Damaged("Polar .hrm: no usable Interval in [Params]".into()))?;
    if rows.is_empty() {
        return Err(IngestError::NotAnActivity(
            "Polar .hrm without [HRData] rows".into(),
        ));
    }
    let smode: Vec<bool> = param("smode")
        .unwrap_or_default()
        .chars()
        .map(|c| c == '1')
        .collect();
    let on = |i: usize| smode.get(i).copied().unwrap_or(false);
    let us = version >= 106 && on(7);
    let rr_rows = (interval - 238.0).abs() < f64::EPSILON;

    let mut a = Activity::new(Format::PolarHrm);
    a.device = Device {
        manufacturer: Some("Polar".into()),
        product: param("monitor").map(|m| format!("monitor {m} (.hrm)")),
        creator: None,
    };
    let date = param("date").and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
    let time = param("starttime").and_then(|t| {
        NaiveTime::parse_from_str(t, "%H:%M:%S%.f")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
            .ok()
    });
    if let (Some(d), Some(t)) = (date, time) {
        a.start_time = Some(d.and_time(t).and_utc());
        a.notes
            .push("the file has no time zone: the start is the watch's local time".into());
    }
    // Column of each optional channel, in SMode order after the heart rate.
    let mut col = 1usize;
    let mut next = |present: bool| {
        present.then(|| {
            col += 1;
            col - 1
        })
    };
    let (c_speed, c_cad, c_alt, c_power) = (next(on(0)), next(on(1)), next(on(2)), next(on(3)));
    let speed_unit = if us { MPH_IN_MPS / 10.0 } else { 1.0 / 36.0 };
    let alt_unit = if us { FT_IN_M } else { 1.0 };
    let get = |r: &Vec<f64>, c: Option<usize>| c.and_then(|c| r.get(c).copied());
    let mut t = 0.0;
    let mut raw_cad = Vec::with_capacity(rows.len());
    let mut beats = Vec::new();
    for r in &rows {
        let first = r.first().copied();
        if rr_rows {
            let rr = first.unwrap_or(0.0);
            beats.push(rr);
            t += rr / 1000.0;
        }
        raw_cad.push(get(r, c_cad));
        a.samples.push(Sample {
            t_s: Some(t),
            heart_rate_bpm: if rr_rows {
                None
            } else {
                first.filter(|h| *h > 0.0)
            },
            speed: get(r, c_speed).map(|v| MetersPerSecond(v * speed_unit)),
            altitude_m: get(r, c_alt).map(|v| v * alt_unit),
            power_w: get(r, c_power),
            ..Sample::default()
        });
        if !rr_rows {
            t += interval;
        }
    }
    if rr_rows {
        let at: Vec<f64> = a.samples.iter().filter_map(|s| s.t_s).collect();
        for (s, hr) in a
            .samples
            .iter_mut()
            .zip(super::suunto::hr_from_rr(&beats, &at))
        {
            s.heart_rate_bpm = hr;
        }
        a.notes.push(
            "rows are R-R intervals (Interval=238): heart rate derived from the beats".into(),
        );
    }
    if bad_rows > 0 {
        a.notes.push(format!(
            "{bad_rows} [HRData] rows that are not numbers were dropped"
        ));
    }
    cadence_unit::apply(&mut a, &raw_cad);

    // Laps: five rows each from Version 1.06, three before.
    let per_lap = if version >= 106 { 5 } else { 3 };
    let mut lap_start = 0.0;
    let mut weighted_hr = (0.0, 0.0);
    for lap in int_times.chunks(per_lap) {
        let end = lap.first().and_then(|r| r.first()).and_then(|v| clock(v));
        let avg_hr = lap
            .first()
            .and_then(|r| r.get(3))
            .and_then(|v| v.parse::<f64>().ok());
        let distance = lap
            .get(3)
            .and_then(|r| r.get(1))
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(|d| if us { d * YD_IN_M } else { d });
        let timer = end.map(|e| (e - lap_start).max(0.0));
        if let (Some(h), Some(d)) = (avg_hr.filter(|h| *h > 0.0 && h.is_finite()), timer) {
            weighted_hr.0 += h * d;
            weighted_hr.1 += d;
        }
        a.laps.push(Lap {
            start_s: lap_start,
            timer_s: timer,
            distance_m: distance,
            intensity: None,
        });
        lap_start = end.unwrap_or(lap_start);
    }
    let trip_distance = trip
        .first()
        .copied()
        .filter(|d| *d > 0.0)
        .map(|d| d * if us { MI_IN_M / 10.0 } else { 100.0 });
    let summary = DeviceSummary {
        distance_m: trip_distance,
        timer_s: param("length").and_then(clock),
        ascent_m: trip
            .get(1)
            .copied()
            .filter(|v| *v > 0.0)
            .map(|v| v * alt_unit),
        avg_heart_rate_bpm: (weighted_hr.1 > 0.0).then(|| weighted_hr.0 / weighted_hr.1),
        ..DeviceSummary::default()
    };
    a.summary = (summary != DeviceSummary::default()).then_some(summary);
    Ok(vec![a])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_smode_and_units_are_converted() {
        let text = "[Params]\nVersion=106\nSMode=11100000\nDate=20240501\nStartTime=07:00:00.0\n\
                    Length=0:00:10.0\nInterval=5\n\n[HRData]\n140\t108\t85\t120\n150\t126\t86\t121\n";
        let a = read(text.as_bytes()).expect("reads").remove(0);
        assert_eq!(a.samples.len(), 2);
        assert_eq!(a.samples[1].t_s, Some(5.0));
        assert_eq!(a.samples[0].heart_rate_bpm, Some(140.0));
        assert!((a.samples[0].speed.expect("speed").0 - 3.0).abs() < 1e-9);
        assert_eq!(a.samples[1].altitude_m, Some(121.0));
        assert_eq!(a.summary.as_ref().and_then(|s| s.timer_s), Some(10.0));
    }

    #[test]
    fn a_missing_interval_is_one_clear_error() {
        let e = read(b"[Params]\nVersion=106\n[HRData]\n100\n").expect_err("no interval");
        assert!(e.to_string().contains("Interval"), "{e}");
    }
}
