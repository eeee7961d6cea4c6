//! An Apple Health export for generated runs: `export.xml` (`<HealthData>` with the
//! `Record`s a watch writes during a workout, then the `Workout` elements) and its
//! `workout-routes/*.gpx` files, in the layout and units of the Health app's export:
//! heart rate (count/min) every 5 s, `StepCount` over 10 s intervals, running speed
//! (km/hr), stride length (m), ground contact time (ms), vertical oscillation (cm) and
//! power (W) every 10 s, `DistanceWalkingRunning` (km) per 10 s; dates as
//! `yyyy-mm-dd hh:mm:ss ±hhmm` in the given offset; pauses as `WorkoutEvent`s.

use super::{gpx, SynthRun};
use chrono::{DateTime, FixedOffset, Utc};
use std::fmt::Write as _;

fn date(t: DateTime<Utc>, offset_min: i32) -> String {
    let tz = FixedOffset::east_opt(offset_min * 60).unwrap_or(FixedOffset::east_opt(0).expect("0"));
    t.with_timezone(&tz)
        .format("%Y-%m-%d %H:%M:%S %z")
        .to_string()
}

/// One workout of an export: its Apple activity type (`HKWorkoutActivityTypeRunning`, …),
/// the run, whether it has a route file, and how many days after the run's own start.
pub struct AppleWorkout<'a> {
    /// `workoutActivityType`.
    pub activity_type: &'a str,
    /// The run.
    pub run: &'a SynthRun,
    /// Write a route file and its `FileReference`.
    pub route: bool,
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
    if w.route {
        let name = format!("workout-routes/route_{}_{}.gpx", run.name, w.shift_days);
        let mut shifted = run.clone();
        shifted.start += shift;
        let opts = gpx::GpxOptions {
            cadence: None,
            heart_rate: false,
            ..gpx::GpxOptions::default()
        };
        if let Ok(text) = gpx::write(&shifted, &opts) {
            let _ = writeln!(
                workouts,
                "  <WorkoutRoute sourceName=\"Apple Watch\"><FileReference path=\"/{name}\"/></WorkoutRoute>"
            );
            routes.push((name, text));
        }
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
