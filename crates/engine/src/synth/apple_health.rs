//! An Apple Health export for generated runs: `export.xml` (`<HealthData>` with the
//! `Record`s a watch writes during a workout, then the `Workout` elements) and its
//! `workout-routes/*.gpx` files, in the layout and units of the Health app's export:
//! heart rate (count/min) every 5 s, `StepCount` over 10 s intervals, running speed
//! (km/hr), stride length (m), ground contact time (ms), vertical oscillation (cm) and
//! power (W) every 10 s, `DistanceWalkingRunning` (km) per 10 s; dates as
//! `yyyy-mm-dd hh:mm:ss ±hhmm` in the given offset; pauses as `WorkoutEvent`s.
//!
//! A route ([`RouteStyle`]) is one point a second, as the Health app writes it: a GPX
//! file (`<trkpt lon lat>` with `<ele>`, `<time>` in UTC and `<extensions>` holding
//! `speed` (m/s), `course`, `hAcc` and `vAcc`, the layout of the route files of real
//! exports), or, as older exports did, `<Location>` elements inside the `WorkoutRoute`
//! (`date latitude longitude altitude horizontalAccuracy verticalAccuracy course speed`,
//! speed in m/s). The two carry the same values written alike, so a reader must give the
//! same track from either.

use super::{rfc3339, SynthRun};
use chrono::{DateTime, FixedOffset, Utc};
use std::fmt::Write as _;

fn date(t: DateTime<Utc>, offset_min: i32) -> String {
    let tz = FixedOffset::east_opt(offset_min * 60).unwrap_or(FixedOffset::east_opt(0).expect("0"));
    t.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M:%S %z")
        .to_string()
}

/// Where a workout's route is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteStyle {
    /// No route (a treadmill run, a run without the phone).
    None,
    /// A `workout-routes/route_….gpx` file named by a `FileReference` (iOS 12 and later).
    File,
    /// `<Location>` elements inside the `WorkoutRoute` (older exports, iOS 10 and 11).
    Inline,
}

/// One workout of an export: its Apple activity type (`HKWorkoutActivityTypeRunning`, …),
/// the run, where its route is, and how many days after the run's own start.
pub struct AppleWorkout<'a> {
    /// `workoutActivityType`.
    pub activity_type: &'a str,
    /// The run.
    pub run: &'a SynthRun,
    /// Its route (a run without positions has none, whatever this says).
    pub route: RouteStyle,
    /// Days added to the run's start (many workouts from one run, for the benchmark).
    pub shift_days: i64,
}

/// Append the records of one workout to `records`, its element to `workouts`, and its
/// route file (path relative to the export folder, GPX text) to `routes`.
pub fn write_workout(
    w: &AppleWorkout<'_>,
    offset_min: i32,
    records: &mut String,
    workouts: &mut String,
    routes: &mut Vec<(String, String)>,
) {
    let run = w.run;
    let shift = chrono::TimeDelta::days(w.shift_days);
    let at = |t: u32| date(run.time_at(t) + shift, offset_min);
    let src = "sourceName=\"Apple Watch\" unit=";
    let rec = |out: &mut String, kind: &str, unit: &str, a: u32, b: u32, v: f64| {
        let _ = writeln!(
            out,
            " <Record type=\"HKQuantityTypeIdentifier{kind}\" {src}\"{unit}\" startDate=\"{}\" endDate=\"{}\" value=\"{v}\"/>",
            at(a),
            at(b)
        );
    };
    let mut last_d = 0.0;
    let mut prev_t: Option<u32> = None;
    for p in &run.points {
        if p.t_s % 5 == 0 {
            rec(
                records,
                "HeartRate",
                "count/min",
                p.t_s,
                p.t_s,
                f64::from(p.heart_rate_bpm),
            );
        }
        if p.t_s % 10 == 0 && p.t_s > 0 {
            let from = prev_t.unwrap_or(0);
            let minutes = f64::from(p.t_s - from) / 60.0;
            rec(
                records,
                "StepCount",
                "count",
                from,
                p.t_s,
                (p.cadence_spm * minutes).round(),
            );
            rec(
                records,
                "RunningSpeed",
                "km/hr",
                p.t_s,
                p.t_s,
                (p.speed_mps * 3.6 * 1000.0).round() / 1000.0,
            );
            if let Some(s) = p.step_length_mm {
                rec(
                    records,
                    "RunningStrideLength",
                    "m",
                    p.t_s,
                    p.t_s,
                    s / 1000.0,
                );
            }
            if let Some(g) = p.stance_time_ms {
                rec(
                    records,
                    "RunningGroundContactTime",
                    "ms",
                    p.t_s,
                    p.t_s,
                    g.round(),
                );
            }
            if let Some(v) = p.vertical_oscillation_mm {
                rec(
                    records,
                    "RunningVerticalOscillation",
                    "cm",
                    p.t_s,
                    p.t_s,
                    v / 10.0,
                );
            }
            rec(
                records,
                "DistanceWalkingRunning",
                "km",
                from,
                p.t_s,
                (p.distance_m - last_d) / 1000.0,
            );
            last_d = p.distance_m;
            prev_t = Some(p.t_s);
        }
    }
    let end = run.points.last().map_or(0, |p| p.t_s);
    let t = &run.truth;
    let _ = writeln!(
        workouts,
        " <Workout workoutActivityType=\"{}\" duration=\"{}\" durationUnit=\"min\" totalDistance=\"{}\" totalDistanceUnit=\"km\" sourceName=\"Apple Watch\" startDate=\"{}\" endDate=\"{}\">",
        w.activity_type,
        t.timer_time_s / 60.0,
        t.total_distance_m / 1000.0,
        at(0),
        at(end)
    );
    let _ = writeln!(
        workouts,
        "  <MetadataEntry key=\"HKIndoorWorkout\" value=\"0\"/>"
    );
    for p in &run.pauses {
        let _ = writeln!(
            workouts,
            "  <WorkoutEvent type=\"HKWorkoutEventTypePause\" date=\"{}\"/>",
            at(p.start_s)
        );
        let _ = writeln!(
            workouts,
            "  <WorkoutEvent type=\"HKWorkoutEventTypeResume\" date=\"{}\"/>",
            at(p.end_s)
        );
    }
    let hr = run
        .points
        .iter()
        .map(|p| f64::from(p.heart_rate_bpm))
        .sum::<f64>()
        / run.points.len().max(1) as f64;
    let _ = writeln!(
        workouts,
        "  <WorkoutStatistics type=\"HKQuantityTypeIdentifierHeartRate\" startDate=\"{}\" endDate=\"{}\" average=\"{hr}\" unit=\"count/min\"/>",
        at(0),
        at(end)
    );
    let has_positions = run
        .points
        .iter()
        .all(|p| p.lat_deg.is_some() && p.lon_deg.is_some());
    let point = |p: &super::SynthPoint| {
        (
            format!("{:.7}", p.lat_deg.unwrap_or_default()),
            format!("{:.7}", p.lon_deg.unwrap_or_default()),
            p.altitude_m.map(|a| format!("{a:.1}")),
            format!("{:.3}", p.speed_mps),
        )
    };
    match w.route {
        RouteStyle::File if has_positions => {
            let name = format!("workout-routes/route_{}_{}.gpx", run.name, w.shift_days);
            let mut text = String::with_capacity(run.points.len() * 200 + 512);
            let _ = write!(
                text,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"Apple Health Export\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n  <metadata>\n    <time>{}</time>\n  </metadata>\n  <trk>\n    <name>Route {}</name>\n    <trkseg>\n",
                rfc3339(run.start + shift),
                super::gpx::escape(&run.name)
            );
            for p in &run.points {
                let (lat, lon, ele, speed) = point(p);
                let _ = write!(text, "      <trkpt lon=\"{lon}\" lat=\"{lat}\">");
                if let Some(ele) = ele {
                    let _ = write!(text, "<ele>{ele}</ele>");
                }
                let _ = writeln!(
                    text,
                    "<time>{}</time><extensions><speed>{speed}</speed><course>-1</course><hAcc>3</hAcc><vAcc>2</vAcc></extensions></trkpt>",
                    rfc3339(run.time_at(p.t_s) + shift)
                );
            }
            text.push_str("    </trkseg>\n  </trk>\n</gpx>\n");
            let _ = writeln!(
                workouts,
                "  <WorkoutRoute sourceName=\"Apple Watch\"><FileReference path=\"/{name}\"/></WorkoutRoute>"
            );
            routes.push((name, text));
        }
        RouteStyle::Inline if has_positions => {
            let _ = writeln!(
                workouts,
                "  <WorkoutRoute sourceName=\"iPhone\" startDate=\"{}\" endDate=\"{}\">",
                at(0),
                at(end)
            );
            for p in &run.points {
                let (lat, lon, ele, speed) = point(p);
                let _ = write!(
                    workouts,
                    "   <Location date=\"{}\" latitude=\"{lat}\" longitude=\"{lon}\"",
                    at(p.t_s)
                );
                if let Some(ele) = ele {
                    let _ = write!(workouts, " altitude=\"{ele}\"");
                }
                let _ = writeln!(
                    workouts,
                    " horizontalAccuracy=\"3\" verticalAccuracy=\"2\" course=\"-1\" speed=\"{speed}\"/>"
                );
            }
            workouts.push_str("  </WorkoutRoute>\n");
        }
        _ => {}
    }
    workouts.push_str(" </Workout>\n");
}

/// A whole export: `export.xml` text and the route files.
#[must_use]
pub fn export(workouts: &[AppleWorkout<'_>], offset_min: i32) -> (String, Vec<(String, String)>) {
    let (mut records, mut ws, mut routes) = (String::new(), String::new(), Vec::new());
    for w in workouts {
        write_workout(w, offset_min, &mut records, &mut ws, &mut routes);
    }
    (
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE HealthData [\n<!ELEMENT HealthData (Record*)>\n]>\n<HealthData locale=\"en_US\">\n <ExportDate value=\"2026-01-01 00:00:00 +0000\"/>\n{records}{ws}</HealthData>\n"
        ),
        routes,
    )
}
