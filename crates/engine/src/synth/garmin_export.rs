//! A Garmin Connect data export's summary file for generated runs:
//! `DI_CONNECT/DI-Connect-Fitness/<user>_0_summarizedActivities.json`, as
//! `[{"summarizedActivitiesExport": [..]}]` with, per activity, `activityId`, `name`,
//! `activityType`, `startTimeGmt` and `startTimeLocal` (ms since the epoch), `distance`
//! (cm), `duration` and `movingDuration` (ms), the fields and units of Garmin's export
//! (field names as Garmin writes them; no public real export was found to copy, so this
//! is the reference the reader is tested on). The FIT files of an export are written
//! with [`super::fit::encode`] into `DI_CONNECT/DI-Connect-Uploaded-Files/*.zip` by the
//! tests.

use super::SynthRun;
use serde_json::json;

/// Where the summary file lies in an export.
pub const SUMMARY_PATH: &str =
    "DI_CONNECT/DI-Connect-Fitness/runner@example.com_0_summarizedActivities.json";

/// The summary of `activities`: (name, Garmin `activityType`, the run).
#[must_use]
pub fn summarized_activities(activities: &[(&str, &str, &SynthRun)]) -> String {
    let list: Vec<serde_json::Value> = activities
        .iter()
        .enumerate()
        .map(|(i, (name, kind, run))| {
            let start_ms = run.start.timestamp_millis();
            json!({
                "activityId": 10_000_000 + i,
                "name": name,
                "activityType": kind,
                "startTimeGmt": start_ms as f64,
                "startTimeLocal": (start_ms + 2 * 3_600_000) as f64,
                "distance": run.truth.total_distance_m * 100.0,
                "duration": run.truth.elapsed_time_s * 1000.0,
                "movingDuration": run.truth.moving_time_s * 1000.0,
            })
        })
        .collect();
    json!([{ "summarizedActivitiesExport": list }]).to_string()
}
