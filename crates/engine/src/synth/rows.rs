//! Run rows with chosen speed bins, for the tests of what reads rows (the baseline, the
//! weeks, the plan and its progress): everything but the start and the bins is empty.

use crate::history::row::{RunRow, SpeedBins};
use chrono::{DateTime, Utc};

/// Bins holding `time_s` of running at each `(speed, cadence, time_s)`.
pub fn bins(parts: &[(f64, f64, f64)]) -> SpeedBins {
    let mut b = SpeedBins::new();
    for &(v, c, t) in parts {
        let k = SpeedBins::index(v).expect("speed in range");
        b.time_s[k] += t;
        b.cadence_time[k] += t * c;
        b.distance_m[k] += t * v;
        b.steps[k] += t * c / 60.0;
    }
    b
}

/// A run row with the given start and bins; everything else empty.
pub fn row(start: Option<DateTime<Utc>>, bins: SpeedBins) -> RunRow {
    RunRow {
        path: "run.fit".to_string(),
        session: None,
        name: None,
        start_time: start,
        utc_offset: None,
        distance_m: None,
        moving_s: None,
        avg_speed_mps: None,
        avg_gap_speed_mps: None,
        cadence_spm: None,
        cadence_in_band_pct: None,
        step_length_m: None,
        gain_m: None,
        loss_m: None,
        steep_share_pct: None,
        drift_pct: None,
        decoupling_pct: None,
        walk_breaks: 0,
        session_kind: None,
        flat_balance_left_pct: None,
        bins,
    }
}
