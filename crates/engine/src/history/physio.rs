//! The physio's one-page summary in numbers, one row per ISO week (the last weeks of the
//! folder): distance and its change (set against the advised 20–30% cut on the page),
//! cadence at easy pace (the mean of the week's easy-cadence points,
//! [`crate::history::trends::Trends::cadence_points`]), left/right ground-contact balance
//! on flat running (the mean of the week's runs that have it), downhill exposure (Σ loss
//! ÷ Σ km of the runs with both, and the week's steep share from the trends) and the pain
//! log (highest pain, sore days). Weeks are the trends' UTC ISO weeks.

use crate::history::row::RunRow;
use crate::history::trends::{monday_of, Trends};
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// One week of the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct PhysioWeek {
    /// `YYYY-Www`.
    pub label: String,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Runs.
    pub runs: usize,
    /// Running distance, m.
    pub distance_m: f64,
    /// Change from the previous week, percent.
    pub change_pct: Option<f64>,
    /// Cross-training, s.
    pub cross_training_s: f64,
    /// Mean running cadence at easy pace, steps/min.
    pub easy_cadence_spm: Option<f64>,
    /// Mean flat left share of ground contact, percent.
    pub balance_left_pct: Option<f64>,
    /// Elevation loss per km, m/km.
    pub loss_m_per_km: Option<f64>,
    /// Steep share (up and down), percent.
    pub steep_share_pct: Option<f64>,
    /// Highest pain logged in the week.
    pub max_pain: Option<u8>,
    /// Days with pain at least `sore_pain`.
    pub sore_days: usize,
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The last `n` weeks of the folder (oldest first).
#[must_use]
pub fn weeks(
    rows: &[RunRow],
    trends: &Trends,
    pain_days: &BTreeMap<NaiveDate, u8>,
    sore_pain: u8,
    n: usize,
) -> Vec<PhysioWeek> {
    let skip = trends.weeks.len().saturating_sub(n);
    trends.weeks[skip..]
        .iter()
        .map(|w| {
            let end = w.monday.checked_add_days(Days::new(6)).unwrap_or(w.monday);
            let in_week = |d: NaiveDate| monday_of(d) == w.monday;
            let cad: Vec<f64> = trends
                .cadence_points
                .iter()
                .filter(|(t, _)| in_week(t.date_naive()))
                .map(|(_, c)| *c)
                .collect();
            let week_rows: Vec<&RunRow> = rows
                .iter()
                .filter(|r| r.local_date().is_some_and(in_week))
                .collect();
            let bal: Vec<f64> = week_rows
                .iter()
                .filter_map(|r| r.flat_balance_left_pct)
                .collect();
            let (mut loss, mut km) = (0.0, 0.0);
            for r in &week_rows {
                if let (Some(l), Some(d)) = (r.loss_m, r.distance_m) {
                    if l.is_finite() && d > 0.0 {
                        loss += l;
                        km += d / 1000.0;
                    }
                }
            }
            let pains: Vec<u8> = pain_days.range(w.monday..=end).map(|(_, &p)| p).collect();
            PhysioWeek {
                label: w.label.clone(),
                monday: w.monday,
                runs: w.runs,
                distance_m: w.distance_m,
                change_pct: w.change_pct,
                cross_training_s: w.cross_training_s,
                easy_cadence_spm: mean(&cad),
                balance_left_pct: mean(&bal),
                loss_m_per_km: (km > 0.0).then(|| loss / km),
                steep_share_pct: w.steep_share_pct,
                max_pain: pains.iter().copied().max(),
                sore_days: pains.iter().filter(|&&p| p >= sore_pain).count(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::trends::build;
    use crate::history::trends::tests::{at, run};

    #[test]
    fn a_week_sums_its_runs_and_pain() {
        let mut a = run(at(2024, 4, 1, 7), 10.0, 60.0);
        a.loss_m = Some(50.0);
        a.flat_balance_left_pct = Some(50.4);
        let mut b = run(at(2024, 4, 3, 7), 10.0, 60.0);
        b.loss_m = Some(150.0);
        b.flat_balance_left_pct = Some(51.0);
        let c = run(at(2024, 4, 9, 7), 5.0, 30.0);
        let rows = vec![a, b, c];
        let t = build(&rows);
        let mut pain = BTreeMap::new();
        pain.insert(NaiveDate::from_ymd_opt(2024, 4, 2).unwrap(), 5);
        pain.insert(NaiveDate::from_ymd_opt(2024, 4, 4).unwrap(), 2);
        let w = weeks(&rows, &t, &pain, 4, 8);
        assert_eq!(w.len(), 2);
        assert!((w[0].loss_m_per_km.unwrap() - 10.0).abs() < 1e-9);
        assert!((w[0].balance_left_pct.unwrap() - 50.7).abs() < 1e-9);
        assert_eq!((w[0].max_pain, w[0].sore_days), (Some(5), 1));
        assert_eq!((w[1].max_pain, w[1].sore_days), (None, 0));
        assert_eq!(w[1].loss_m_per_km, None);
        assert_eq!(weeks(&rows, &t, &pain, 4, 1).len(), 1);
    }
}
