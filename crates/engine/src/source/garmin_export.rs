//! Garmin Connect's data export ("Export your data": a zip holding `DI_CONNECT/`): the
//! runner's own names and types of their activities, from
//! `DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json`, joined to the FIT files of
//! the same export (in `DI-Connect-Uploaded-Files/*.zip`) by start time.
//!
//! The JSON is `[{"summarizedActivitiesExport": [{..}, ..]}]` (a bare list of activities
//! is read too); of each activity: `name`, `activityType` (`running`, `trail_running`,
//! `treadmill_running`, `walking`, `hiking`, `cycling`, ...), `startTimeGmt` (ms since
//! the Unix epoch, UTC), `distance` (cm) and `duration` (ms): converted here.
//!
//! A FIT file carries the activity when its start lies within [`MATCH_S`] of the
//! activity's `startTimeGmt` (the nearest wins): it then takes the name and the type the
//! runner chose, so a run saved as a walk is a walk (cross-training, never running
//! volume). No public real export was found; the tests build one
//! (`stridewise::synth::garmin_export`).

use crate::model::{Activity, Sport};
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Most seconds between a FIT file's start and an activity's `startTimeGmt` for the two
/// to be one activity (our choice: both are the watch's own start; Connect rounds to the
/// second, and a minute leaves room without reaching the next run).
pub const MATCH_S: i64 = 60;

/// Names of the summary files: `<user>_<n>_summarizedActivities.json`, any case.
#[must_use]
pub(crate) fn is_summary_name(name: &str) -> bool {
    let leaf = name.rsplit(['/', '\\']).next().unwrap_or(name);
    leaf.to_ascii_lowercase()
        .ends_with("summarizedactivities.json")
}

/// One activity as the export summarises it, in the model's units.
#[derive(Clone, Debug, PartialEq)]
pub struct GarminActivity {
    /// The name the runner gave it (user text: escape before printing).
    pub name: String,
    /// `activityType` as written (`running`, `walking`, ...).
    pub activity_type: String,
    /// `startTimeGmt`.
    pub start: DateTime<Utc>,
    /// `distance`, m.
    pub distance_m: Option<f64>,
    /// `duration`, s.
    pub duration_s: Option<f64>,
}

/// Every activity of an export's summary files, sorted by start.
#[derive(Clone, Debug, Default)]
pub struct GarminIndex {
    activities: Vec<GarminActivity>,
}

impl PartialEq for GarminIndex {
    fn eq(&self, other: &Self) -> bool {
        self.activities == other.activities
    }
}
impl Eq for GarminIndex {}

impl GarminIndex {
    /// Add the activities of one summary file.
    ///
    /// # Errors
    /// One line saying why the file is not a summary (malformed JSON, no list).
    pub(crate) fn add_file(&mut self, bytes: &[u8]) -> Result<usize, String> {
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("not a Garmin summarizedActivities file: {e}"))?;
        let mut list: Vec<&Value> = Vec::new();
        match &v {
            Value::Array(items) => {
                for item in items {
                    match item
                        .get("summarizedActivitiesExport")
                        .and_then(Value::as_array)
                    {
                        Some(inner) => list.extend(inner),
                        None => list.push(item),
                    }
                }
            }
            Value::Object(_) => {
                if let Some(inner) = v
                    .get("summarizedActivitiesExport")
                    .and_then(Value::as_array)
                {
                    list.extend(inner);
                }
            }
            _ => {}
        }
        let before = self.activities.len();
        for a in list {
            if let Some(g) = parse_one(a) {
                self.activities.push(g);
            }
        }
        self.activities
            .sort_by(|x, y| x.start.cmp(&y.start).then(x.name.cmp(&y.name)));
        Ok(self.activities.len() - before)
    }

    /// Number of activities.
    #[must_use]
    pub fn len(&self) -> usize {
        self.activities.len()
    }

    /// True without activities.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
    }

    /// The activity starting nearest `start`, within [`MATCH_S`].
    #[must_use]
    pub fn find(&self, start: DateTime<Utc>) -> Option<&GarminActivity> {
        let k = self.activities.partition_point(|a| a.start < start);
        [k.checked_sub(1), Some(k)]
            .into_iter()
            .flatten()
            .filter_map(|i| self.activities.get(i))
            .map(|a| ((a.start - start).num_seconds().abs(), a))
            .filter(|(d, _)| *d <= MATCH_S)
            .min_by_key(|(d, _)| *d)
            .map(|(_, a)| a)
    }

    /// Give `a` the name and type of the export's activity that starts with it.
    pub fn apply(&self, a: &mut Activity) {
        let Some(g) = a.start_time.and_then(|s| self.find(s)) else {
            return;
        };
        if !g.name.trim().is_empty() {
            a.name = Some(g.name.clone());
        }
        let sport = Sport::from_name(&g.activity_type);
        if sport != Sport::Unknown {
            if sport != a.sport && a.sport != Sport::Unknown {
                a.notes.push(format!(
                    "Garmin Connect lists it as {:?} ({}): the runner's type is taken over the file's {}",
                    g.activity_type,
                    sport.as_str(),
                    a.sport.as_str()
                ));
            }
            a.sport = sport;
            a.sub_sport = Some(g.activity_type.replace('_', " "));
        }
    }
}

fn parse_one(v: &Value) -> Option<GarminActivity> {
    let ms = v.get("startTimeGmt").and_then(Value::as_f64)?;
    if !ms.is_finite() || ms.abs() > 1e15 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let start = DateTime::from_timestamp_millis(ms.round() as i64)?;
    let num = |k: &str| {
        v.get(k)
            .and_then(Value::as_f64)
            .filter(|x| x.is_finite() && *x >= 0.0)
    };
    Some(GarminActivity {
        name: v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        activity_type: v
            .get("activityType")
            .and_then(|t| {
                t.as_str()
                    .or_else(|| t.get("typeKey").and_then(Value::as_str))
            })
            .unwrap_or_default()
            .to_string(),
        start,
        distance_m: num("distance").map(|cm| cm / 100.0),
        duration_s: num("duration").map(|ms| ms / 1000.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_read_in_metres_and_seconds_and_matched_by_start() {
        let mut idx = GarminIndex::default();
        let n = idx
            .add_file(
                br#"[{"summarizedActivitiesExport": [
                {"name": "Tempo", "activityType": "running", "startTimeGmt": 1714546800000.0,
                 "distance": 1000000.0, "duration": 3000000.0},
                {"name": "Dog walk", "activityType": "walking", "startTimeGmt": 1714550400000}]}]"#,
            )
            .expect("parses");
        assert_eq!(n, 2);
        let t = DateTime::from_timestamp(1_714_546_830, 0).expect("time");
        let g = idx.find(t).expect("within a minute");
        assert_eq!(
            (g.name.as_str(), g.distance_m, g.duration_s),
            ("Tempo", Some(10_000.0), Some(3000.0))
        );
        assert!(idx
            .find(DateTime::from_timestamp(1_714_546_900, 0).expect("t"))
            .is_none());
        let mut a = Activity::new(crate::model::Format::Fit);
        a.sport = Sport::Running;
        a.start_time = DateTime::from_timestamp(1_714_550_410, 0);
        idx.apply(&mut a);
        assert_eq!(
            (a.sport, a.name.as_deref()),
            (Sport::Walking, Some("Dog walk"))
        );
        assert!(idx.add_file(b"{nope").is_err());
        assert!(is_summary_name(
            "DI_CONNECT/DI-Connect-Fitness/me@x.com_0_summarizedActivities.json"
        ));
    }
}
