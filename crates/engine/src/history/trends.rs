//! Trends over a folder of runs: pure numbers over [`RunRow`]s, no clock and no time zone.
//!
//! * **Order.** Only runs with a start time count (a route without times has no place on a
//!   time axis; [`Trends::undated_runs`] counts the others). They are sorted by start time,
//!   then path, whatever order the caller passes.
//! * **Weeks** ([`Week`]): ISO 8601 weeks (Monday to Sunday, week 1 holds the year's first
//!   Thursday, so 2020-W53 exists) of the start time **in UTC**: the output does not depend
//!   on the machine's time zone, at the price of a late-evening run west of Greenwich on a
//!   Sunday landing in the next week. Every week from the first run's to the last run's is
//!   listed; weeks without runs are zero weeks. A run without a distance or moving time
//!   counts as a run and adds nothing to those sums.
//! * **Week-over-week change**: `100 × (distance ÷ previous week's distance − 1)`; `None`
//!   for the first week and after a zero week (no finite change from zero).
//! * **Hill exposure per week**: gain per km = Σ gain ÷ Σ km over the week's runs with both;
//!   steep share = the distance-weighted mean of the runs' steep-distance shares (up and
//!   down), percent.
//! * **Cadence at easy pace** ([`Trends::cadence_points`]): the folder's median running
//!   speed is the time-weighted median over all dated runs' summed [`SpeedBins`] (the bin
//!   where the cumulative running time reaches half). "Easy" is our choice of reference:
//!   the bins at or below that bin, i.e. the slower half of the folder's running, where
//!   most easy running sits and cadence is least confounded by speed. Each run gives one
//!   point, Σ time·cadence ÷ Σ time over its easy bins, when it has at least
//!   [`EASY_MIN_RUNNING_S`] of running there. The **trend** is the ordinary least-squares
//!   slope of those points against time in days, times 30: steps/min per 30 days; `None`
//!   with fewer than two points or all at one instant.
//! * **Drift and decoupling**: one point per run that has the figure.
//! * **Cross-training** ([`Week::cross_training_s`]): rides, swims and every other
//!   non-running session (walks and hikes included) are not coached, but the physio's
//!   advice is to replace running with them while cutting mileage (physio advice, see `coach::rules`). Their moving
//!   time (elapsed time when there is none) is summed per ISO week; their weeks extend the
//!   week range like runs do.
//! * The **weekly-volume checks** over these weeks are the coach's
//!   (`crate::coach::volume`).

use crate::history::baseline::wls;
use crate::history::row::{RunRow, SpeedBins, SPEED_BIN_MIN_MPS, SPEED_BIN_MPS};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use std::collections::BTreeMap;

/// Least running time in the easy bins for a run's easy-cadence point, s (our choice: a
/// minute, so a few slow strides at a start do not make a point).
pub const EASY_MIN_RUNNING_S: f64 = 60.0;

/// One ISO week of running.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// ISO week-numbering year (may differ from the calendar year around New Year).
    pub iso_year: i32,
    /// ISO week number, 1–53.
    pub iso_week: u32,
    /// `YYYY-Www`, e.g. `2020-W53`.
    pub label: String,
    /// The week's Monday (UTC date).
    pub monday: NaiveDate,
    /// Runs started in the week.
    pub runs: usize,
    /// Distance, m.
    pub distance_m: f64,
    /// Moving time, s.
    pub moving_s: f64,
    /// Time of cross-training (rides, swims, other non-running sessions), s.
    pub cross_training_s: f64,
    /// Change of distance from the previous week, percent; `None` for the first week and
    /// after a zero week.
    pub change_pct: Option<f64>,
    /// Elevation gain per km over the runs with gain and distance, m/km.
    pub gain_per_km: Option<f64>,
    /// Distance-weighted share of steep distance (up and down), percent.
    pub steep_share_pct: Option<f64>,
}

/// Trends over a folder (see the module docs for every definition).
#[derive(Debug, Clone, PartialEq)]
pub struct Trends {
    /// Every ISO week from the first run's to the last run's, zero weeks included.
    pub weeks: Vec<Week>,
    /// Upper edge of the folder's median running-speed bin: the easy-pace ceiling, m/s.
    pub easy_speed_mps: Option<f64>,
    /// Running cadence at easy pace, one point per run, steps/min.
    pub cadence_points: Vec<(DateTime<Utc>, f64)>,
    /// Least-squares slope of the easy-cadence points, steps/min per 30 days.
    pub cadence_trend_spm_per_30d: Option<f64>,
    /// Grade-adjusted pace drift per run, percent.
    pub drift_points: Vec<(DateTime<Utc>, f64)>,
    /// Aerobic decoupling per run, percent.
    pub decoupling_points: Vec<(DateTime<Utc>, f64)>,
    /// Runs left out of every trend: no start time, dated before 2000, or older than the
    /// trend window before the newest run.
    pub undated_runs: usize,
    /// Every UTC day with running or cross-training, in date order (for the pain log's
    /// week-after-a-sore-day comparison; not part of the JSON).
    pub days: Vec<Day>,
}

/// One UTC day of training.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Day {
    /// The date (UTC).
    pub date: NaiveDate,
    /// Running distance, m.
    pub distance_m: f64,
    /// Running moving time, s.
    pub moving_s: f64,
    /// Cross-training time, s.
    pub cross_training_s: f64,
}

/// One cross-training session: when it started and how long it took, s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrossTraining {
    /// Start (UTC).
    pub start: DateTime<Utc>,
    /// The local time's offset from UTC at the start, s (0: unknown, dated in UTC).
    pub utc_offset_s: i32,
    /// Moving time (elapsed when there is none), s.
    pub duration_s: f64,
}

impl CrossTraining {
    /// The day it started, in its local time.
    #[must_use]
    pub fn local_date(&self) -> NaiveDate {
        local_day(self.start, self.utc_offset_s)
    }
}

/// The local day of `t` at `offset_s` seconds east of UTC.
fn local_day(t: DateTime<Utc>, offset_s: i32) -> NaiveDate {
    (t + chrono::Duration::seconds(i64::from(offset_s))).date_naive()
}

/// The local day of a dated run (its own offset; UTC when unknown).
fn run_day(t: DateTime<Utc>, r: &RunRow) -> NaiveDate {
    local_day(t, r.utc_offset.as_ref().map_or(0, |o| o.seconds))
}

/// The Monday of the ISO week holding `d`.
#[must_use]
pub(crate) fn monday_of(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
        .unwrap_or(d)
}

#[derive(Default)]
struct WeekAcc {
    runs: usize,
    cross_training_s: f64,
    distance_m: f64,
    moving_s: f64,
    gain_m: f64,
    gain_dist_m: f64,
    steep_w: f64,
    steep_dist_m: f64,
}

fn week_of(monday: NaiveDate, acc: Option<&WeekAcc>) -> Week {
    let iso = monday.iso_week();
    let z = WeekAcc::default();
    let a = acc.unwrap_or(&z);
    Week {
        iso_year: iso.year(),
        iso_week: iso.week(),
        label: format!("{}-W{:02}", iso.year(), iso.week()),
        monday,
        runs: a.runs,
        distance_m: a.distance_m,
        moving_s: a.moving_s,
        cross_training_s: a.cross_training_s,
        change_pct: None,
        gain_per_km: (a.gain_dist_m > 0.0).then(|| a.gain_m / (a.gain_dist_m / 1000.0)),
        steep_share_pct: (a.steep_dist_m > 0.0).then(|| a.steep_w / a.steep_dist_m),
    }
}

fn weekly(dated: &[(DateTime<Utc>, &RunRow)], cross: &[CrossTraining]) -> Vec<Week> {
    let mut accs: BTreeMap<NaiveDate, WeekAcc> = BTreeMap::new();
    for c in cross {
        accs.entry(monday_of(c.local_date()))
            .or_default()
            .cross_training_s += c.duration_s;
    }
    for (t, r) in dated {
        let a = accs.entry(monday_of(run_day(*t, r))).or_default();
        a.runs += 1;
        let d = r.distance_m.filter(|d| d.is_finite() && *d > 0.0);
        a.distance_m += d.unwrap_or(0.0);
        a.moving_s += r
            .moving_s
            .filter(|m| m.is_finite() && *m > 0.0)
            .unwrap_or(0.0);
        if let (Some(d), Some(g)) = (d, r.gain_m.filter(|g| g.is_finite())) {
            a.gain_m += g;
            a.gain_dist_m += d;
        }
        if let (Some(d), Some(s)) = (d, r.steep_share_pct.filter(|s| s.is_finite())) {
            a.steep_w += s * d;
            a.steep_dist_m += d;
        }
    }
    let (Some(&first), Some(&last)) = (accs.keys().next(), accs.keys().next_back()) else {
        return Vec::new();
    };
    let mut weeks: Vec<Week> = Vec::new();
    let mut m = first;
    while m <= last {
        let mut w = week_of(m, accs.get(&m));
        if let Some(prev) = weeks.last() {
            if prev.distance_m > 0.0 {
                w.change_pct = Some(100.0 * (w.distance_m / prev.distance_m - 1.0));
            }
        }
        weeks.push(w);
        match m.checked_add_days(Days::new(7)) {
            Some(n) => m = n,
            None => break,
        }
    }
    weeks
}

/// Index of the bin where the cumulative running time of `bins` reaches half.
fn median_bin(bins: &SpeedBins) -> Option<usize> {
    let total = bins.total_s();
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    let mut cum = 0.0;
    for (k, t) in bins.time_s.iter().enumerate() {
        cum += t;
        if cum >= total / 2.0 {
            return Some(k);
        }
    }
    None
}

/// Time-weighted cadence over bins `0..=last`, when they hold at least `min_s`.
fn easy_cadence(bins: &SpeedBins, last: usize, min_s: f64) -> Option<f64> {
    let n = last + 1;
    let t: f64 = bins.time_s.iter().take(n).sum();
    let ct: f64 = bins.cadence_time.iter().take(n).sum();
    (t >= min_s && t > 0.0)
        .then(|| ct / t)
        .filter(|c| c.is_finite())
}

/// Runs dated before this are treated as undated: a device whose clock was never set
/// writes 1990 (FIT) or 1901 (some GPX tools) dates (our choice: 2000-01-01).
#[must_use]
pub(crate) fn earliest_plausible() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(946_684_800, 0).unwrap_or_default()
}

/// How far back from the newest run the trends look, days (our choice: three years, so
/// the weekly series stays readable and bounded).
pub(crate) const TREND_WINDOW_DAYS: i64 = 3 * 365;

/// Fewest points, and shortest span in days, for a cadence trend: a slope from a few
/// runs in a week says nothing about a month (our choice).
pub(crate) const TREND_MIN_POINTS: usize = 4;
/// See [`TREND_MIN_POINTS`].
pub(crate) const TREND_MIN_SPAN_DAYS: i64 = 28;

/// Ordinary least-squares slope of `points` against time, per 30 days; `None` with fewer
/// than [`TREND_MIN_POINTS`] points or a span under [`TREND_MIN_SPAN_DAYS`].
fn slope_per_30d(points: &[(DateTime<Utc>, f64)]) -> Option<f64> {
    let t0 = points.first()?.0;
    let t1 = points.last()?.0;
    if points.len() < TREND_MIN_POINTS || (t1 - t0).num_days() < TREND_MIN_SPAN_DAYS {
        return None;
    }
    let pts: Vec<(f64, f64, f64)> = points
        .iter()
        .map(|(t, y)| {
            let days = (*t - t0).num_milliseconds() as f64 / 86_400_000.0;
            (days, *y, 1.0)
        })
        .collect();
    wls(&pts).map(|l| l.slope * 30.0)
}

/// Build the trends of a folder (rows in any order; see the module docs).
#[must_use]
pub fn build(rows: &[RunRow]) -> Trends {
    build_with(rows, &[])
}

/// The training days of the dated runs and cross-training sessions.
fn daily(dated: &[(DateTime<Utc>, &RunRow)], cross: &[CrossTraining]) -> Vec<Day> {
    fn at(days: &mut BTreeMap<NaiveDate, Day>, date: NaiveDate) -> &mut Day {
        days.entry(date).or_insert(Day {
            date,
            ..Day::default()
        })
    }
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for (t, r) in dated {
        let e = at(&mut days, run_day(*t, r));
        e.distance_m += r
            .distance_m
            .filter(|d| d.is_finite() && *d > 0.0)
            .unwrap_or(0.0);
        e.moving_s += r
            .moving_s
            .filter(|m| m.is_finite() && *m > 0.0)
            .unwrap_or(0.0);
    }
    for c in cross {
        at(&mut days, c.local_date()).cross_training_s += c.duration_s;
    }
    days.into_values().collect()
}

/// [`build`] with the folder's cross-training sessions (any order).
#[must_use]
pub fn build_with(rows: &[RunRow], cross: &[CrossTraining]) -> Trends {
    let mut dated: Vec<(DateTime<Utc>, &RunRow)> = rows
        .iter()
        .filter_map(|r| {
            r.start_time
                .filter(|t| *t >= earliest_plausible())
                .map(|t| (t, r))
        })
        .collect();
    dated.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.path.cmp(&b.1.path)));
    // Trends look back at most TREND_WINDOW_DAYS from the newest run.
    let mut cross: Vec<CrossTraining> = cross
        .iter()
        .filter(|c| {
            c.start >= earliest_plausible() && c.duration_s.is_finite() && c.duration_s > 0.0
        })
        .copied()
        .collect();
    // The window is anchored on the newest run, never on a newer ride or walk: the
    // weeks end with the newest run's week, so a bike ride a year later cannot add empty
    // weeks after the runs (issue 25, item 7).
    if let Some((last, last_row)) = dated.last().map(|d| (d.0, d.1)) {
        let from = last - chrono::Duration::days(TREND_WINDOW_DAYS);
        let last_week = monday_of(run_day(last, last_row));
        dated.retain(|d| d.0 >= from);
        cross.retain(|c| c.start >= from && monday_of(c.local_date()) <= last_week);
    }
    let mut all = SpeedBins::new();
    for (_, r) in &dated {
        all.add(&r.bins);
    }
    let easy_bin = median_bin(&all);
    let cadence_points: Vec<(DateTime<Utc>, f64)> = easy_bin
        .map(|k| {
            dated
                .iter()
                .filter_map(|(t, r)| easy_cadence(&r.bins, k, EASY_MIN_RUNNING_S).map(|c| (*t, c)))
                .collect()
        })
        .unwrap_or_default();
    let points = |f: fn(&RunRow) -> Option<f64>| -> Vec<(DateTime<Utc>, f64)> {
        dated
            .iter()
            .filter_map(|(t, r)| f(r).filter(|x| x.is_finite()).map(|x| (*t, x)))
            .collect()
    };
    Trends {
        weeks: weekly(&dated, &cross),
        days: daily(&dated, &cross),
        easy_speed_mps: easy_bin.map(|k| {
            let upper = (k + 1) as f64;
            SPEED_BIN_MIN_MPS + upper * SPEED_BIN_MPS
        }),
        cadence_trend_spm_per_30d: slope_per_30d(&cadence_points),
        cadence_points,
        drift_points: points(|r| r.drift_pct),
        decoupling_points: points(|r| r.decoupling_pct),
        undated_runs: rows.len() - dated.len(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::history::baseline::tests::{bins, row};
    use chrono::TimeZone;

    pub(crate) fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    /// A dated run of `km` kilometres and `min` minutes, no bins.
    pub(crate) fn run(t: DateTime<Utc>, km: f64, min: f64) -> RunRow {
        let mut r = row(Some(t), SpeedBins::new());
        r.path = format!("{}.fit", t.format("%Y%m%dT%H"));
        r.distance_m = Some(km * 1000.0);
        r.moving_s = Some(min * 60.0);
        r
    }

    #[test]
    fn weeks_cross_the_year_boundary_and_fill_gaps() {
        // 2020-12-22 is in 2020-W52; 2021-01-02 (a Saturday) in 2020-W53; 2021-01-20 in
        // 2021-W03. Passed out of order on purpose.
        let rows = vec![
            run(at(2021, 1, 20, 7), 8.0, 48.0),
            run(at(2020, 12, 22, 7), 10.0, 60.0),
            run(at(2021, 1, 2, 7), 6.0, 36.0),
            run(at(2021, 1, 3, 23), 6.0, 36.0),
        ];
        let t = build(&rows);
        let labels: Vec<&str> = t.weeks.iter().map(|w| w.label.as_str()).collect();
        assert_eq!(
            labels,
            ["2020-W52", "2020-W53", "2021-W01", "2021-W02", "2021-W03"]
        );
        let w53 = &t.weeks[1];
        assert_eq!((w53.iso_year, w53.iso_week), (2020, 53));
        assert_eq!(w53.monday, NaiveDate::from_ymd_opt(2020, 12, 28).unwrap());
        assert_eq!(w53.runs, 2);
        assert!((w53.distance_m - 12_000.0).abs() < 1e-9);
        assert!((w53.moving_s - 72.0 * 60.0).abs() < 1e-9);
        assert!((w53.change_pct.unwrap() - 20.0).abs() < 1e-9);
        assert_eq!(t.weeks[0].change_pct, None);
        // Zero weeks, and no change after a zero week.
        assert_eq!((t.weeks[2].runs, t.weeks[2].distance_m), (0, 0.0));
        assert!((t.weeks[2].change_pct.unwrap() + 100.0).abs() < 1e-9);
        assert_eq!(t.weeks[3].change_pct, None);
        assert_eq!(t.weeks[4].change_pct, None);
        assert_eq!(t.undated_runs, 0);
    }

    #[test]
    fn week_is_taken_in_utc() {
        // Sunday 23:30 UTC stays in its week, Monday 00:00 UTC starts the next.
        let sun = Utc.with_ymd_and_hms(2024, 3, 10, 23, 30, 0).unwrap();
        let mon = Utc.with_ymd_and_hms(2024, 3, 11, 0, 0, 0).unwrap();
        let t = build(&[run(sun, 5.0, 30.0), run(mon, 5.0, 30.0)]);
        assert_eq!(t.weeks.len(), 2);
        assert_eq!(t.weeks[0].label, "2024-W10");
        assert_eq!(t.weeks[1].label, "2024-W11");
    }

    #[test]
    fn hill_exposure_is_distance_weighted() {
        let mut a = run(at(2024, 3, 4, 7), 10.0, 60.0);
        a.gain_m = Some(100.0);
        a.steep_share_pct = Some(10.0);
        let mut b = run(at(2024, 3, 6, 7), 5.0, 30.0);
        b.gain_m = Some(50.0);
        b.steep_share_pct = Some(40.0);
        let c = run(at(2024, 3, 7, 7), 5.0, 30.0);
        let t = build(&[a, b, c]);
        let w = &t.weeks[0];
        assert!((w.gain_per_km.unwrap() - 10.0).abs() < 1e-9);
        assert!((w.steep_share_pct.unwrap() - 20.0).abs() < 1e-9);
        assert!((w.distance_m - 20_000.0).abs() < 1e-9);
        let t = build(&[run(at(2024, 3, 4, 7), 10.0, 60.0)]);
        assert_eq!(t.weeks[0].gain_per_km, None);
        assert_eq!(t.weeks[0].steep_share_pct, None);
    }

    #[test]
    fn easy_cadence_points_and_trend() {
        // Each run: 600 s at 2.55 m/s and 600 s at 3.55 m/s; the folder's median bin is the
        // 2.5–2.6 one, so only the slow half counts. Easy cadence rises 3 spm per 10 days.
        let rows: Vec<RunRow> = (0..4)
            .map(|i| {
                let c = 160.0 + 3.0 * f64::from(i);
                let mut r = row(
                    Some(at(2024, 5, 1 + 10 * i, 7)),
                    bins(&[(2.55, c, 600.0), (3.55, 180.0, 600.0)]),
                );
                r.drift_pct = (i != 1).then_some(f64::from(i));
                r.decoupling_pct = Some(4.0);
                r
            })
            .collect();
        let t = build(&rows);
        assert!((t.easy_speed_mps.unwrap() - 2.6).abs() < 1e-9);
        let ys: Vec<f64> = t.cadence_points.iter().map(|p| p.1).collect();
        assert_eq!(ys, [160.0, 163.0, 166.0, 169.0]);
        assert!((t.cadence_trend_spm_per_30d.unwrap() - 9.0).abs() < 1e-9);
        assert_eq!(t.drift_points.len(), 3);
        assert_eq!(t.decoupling_points.len(), 4);
        // A run with under a minute at easy pace gives no point.
        let mut rows = rows;
        rows[3].bins = bins(&[(2.55, 150.0, 30.0), (3.55, 180.0, 30.0)]);
        let t = build(&rows);
        assert_eq!(t.cadence_points.len(), 3);
    }

    #[test]
    fn corner_cases() {
        let t = build(&[]);
        assert!(t.weeks.is_empty() && t.cadence_points.is_empty());
        assert_eq!(t.easy_speed_mps, None);
        assert_eq!(t.cadence_trend_spm_per_30d, None);
        let t = build(&[row(None, bins(&[(3.0, 170.0, 600.0)]))]);
        assert_eq!(t.undated_runs, 1);
        assert!(t.weeks.is_empty());
        // One point: no trend.
        let t = build(&[row(Some(at(2024, 1, 1, 7)), bins(&[(3.0, 170.0, 600.0)]))]);
        assert_eq!(t.cadence_points.len(), 1);
        assert_eq!(t.cadence_trend_spm_per_30d, None);
        assert!(!format!("{t:?}").contains("NaN"));
    }

    #[test]
    fn cross_training_is_counted_per_week_up_to_the_newest_runs_week() {
        let rows = vec![
            run(at(2024, 4, 1, 7), 10.0, 60.0),
            run(at(2024, 4, 8, 7), 5.0, 30.0),
        ];
        let cross = [
            CrossTraining {
                start: at(2024, 4, 3, 17),
                duration_s: 1800.0,
                utc_offset_s: 0,
            },
            CrossTraining {
                start: at(2024, 4, 9, 17),
                duration_s: 2400.0,
                utc_offset_s: 0,
            },
            CrossTraining {
                start: at(2024, 4, 10, 17),
                duration_s: f64::NAN,
                utc_offset_s: 0,
            },
            // A ride months after the newest run: not a week of the runs' window.
            CrossTraining {
                start: at(2025, 2, 10, 17),
                duration_s: 3600.0,
                utc_offset_s: 0,
            },
        ];
        let t = build_with(&rows, &cross);
        let got: Vec<(String, f64, f64)> = t
            .weeks
            .iter()
            .map(|w| (w.label.clone(), w.distance_m, w.cross_training_s))
            .collect();
        assert_eq!(
            got,
            [
                ("2024-W14".to_string(), 10_000.0, 1800.0),
                ("2024-W15".to_string(), 5_000.0, 2400.0)
            ]
        );
        assert_eq!(t.days.len(), 4);
    }
}
