//! The pain log set against the folder's weeks: the physio advice listed in
//! [`crate::coach::rules`] turned into findings. The log itself (format, parsing, days) is
//! `crate::history::pain`.
//!
//! * **Sore day and the cut** ([`PainFinding::SoreDayVolume`]): a sore day has pain ≥
//!   [`PainParams::sore_pain`] (default 4, our choice: moderate pain on the 0–10 scale,
//!   above the niggles a runner may train through). The advice is to cut weekly distance by
//!   20–30% for a while rather than stopping or carrying on (physio advice, see
//!   [`crate::coach::rules`]). For each ISO week
//!   with a sore day (its first sore day, its highest pain), the week after the sore day
//!   (the seven UTC days from the sore day on, the sore day included) is compared with the
//!   full week before it (the ISO week before the sore day's week):
//!   `cut = 100 × (1 − after ÷ before)`. Issue 14's case: pain on Monday 2024-05-06 and
//!   that week cut by 54% is a 54% cut, not a comparison of two other weeks. Under 20% is
//!   not cut enough (an increase is a negative cut), 20–30% is within advice, more than 30%
//!   says so, and no running at all is a full stop; a cut made up with cross-training is
//!   the advice followed ([`crate::coach::folder::judge_cut_with_cross`]). Weeks are UTC
//!   ISO weeks from [`crate::history::trends`]. No finding when the week before had no
//!   distance, or when either lies outside the folder's weeks (before the first week or
//!   after the last: the folder cannot say what happened then).
//! * **Lingering pain** ([`PainFinding::LingeringPain`]): pain ≥
//!   [`PainParams::linger_pain`] (default 1) on consecutive calendar days. A day-level log
//!   cannot resolve hours, so `n` consecutive days are taken to span `(n − 1) × 24` h: pain
//!   on day d, d+1 and d+2 has lingered 48 h, and that ([`PainParams::linger_hours`],
//!   default 48) raises "stop and get assessed" (physio advice: stop and get assessed if pain
//!   lingers more than 48 h), severity warning. Two days (24 h) do not. A day missing from
//!   the log or with pain 0 ends the streak. One finding per streak.
//!
//! Findings come out sorted by date, then code.

use crate::coach::folder::{judge_cut_with_cross, PainFinding, TimeSpent, ADVISED_CUT_PCT};
use crate::coach::warning::Advice;
use crate::history::pain::PainEntry;
use crate::history::trends::{monday_of, Trends};
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// Thresholds of the pain checks. Every default is documented on its field.
#[derive(Clone, Debug, PartialEq)]
pub struct PainParams {
    /// A sore day has pain at least this, 0–10 (default 4, our choice).
    pub sore_pain: u8,
    /// Pain at least this counts towards lingering pain (default 1: any pain).
    pub linger_pain: u8,
    /// Consecutive days spanning at least this raise the assess warning, h (default 48,
    /// physio advice, see [`crate::coach::rules`]).
    pub linger_hours: f64,
    /// The advised cut of weekly distance, percent (default 20–30, physio advice, see
    /// [`crate::coach::rules`]).
    pub advised_cut_pct: (f64, f64),
}

impl Default for PainParams {
    fn default() -> Self {
        Self {
            sore_pain: 4,
            linger_pain: 1,
            linger_hours: 48.0,
            advised_cut_pct: ADVISED_CUT_PCT,
        }
    }
}

/// [`check_with`] with the default [`PainParams`].
#[must_use]
pub fn check(entries: &[PainEntry], trends: &Trends) -> Vec<PainFinding> {
    check_with(entries, trends, &PainParams::default())
}

/// Set the pain log against the folder's weeks (see the module docs).
#[must_use]
pub fn check_with(entries: &[PainEntry], trends: &Trends, p: &PainParams) -> Vec<PainFinding> {
    let mut days: BTreeMap<NaiveDate, u8> = BTreeMap::new();
    for e in entries {
        let d = days.entry(e.date).or_insert(e.pain);
        *d = (*d).max(e.pain);
    }
    let mut out = sore_weeks(&days, trends, p);
    out.extend(lingering(&days, p));
    out.sort_by(|a, b| {
        a.date()
            .cmp(&b.date())
            .then(a.code().as_str().cmp(b.code().as_str()))
    });
    out
}

fn sore_weeks(days: &BTreeMap<NaiveDate, u8>, trends: &Trends, p: &PainParams) -> Vec<PainFinding> {
    let weeks = &trends.weeks;
    // Monday → (first sore day, highest pain).
    let mut sore: BTreeMap<NaiveDate, (NaiveDate, u8)> = BTreeMap::new();
    for (&d, &pain) in days.iter().filter(|(_, &pain)| pain >= p.sore_pain) {
        let s = sore.entry(monday_of(d)).or_insert((d, pain));
        s.1 = s.1.max(pain);
    }
    let find = |m: Option<NaiveDate>| m.and_then(|m| weeks.iter().find(|w| w.monday == m));
    let last_day = weeks
        .last()
        .and_then(|w| w.monday.checked_add_days(Days::new(6)));
    sore.iter()
        .filter_map(|(&monday, &(sore_day, pain))| {
            let before = find(monday.checked_sub_days(Days::new(7)))?;
            let end = sore_day.checked_add_days(Days::new(6))?;
            if last_day.is_none_or(|l| end > l) {
                return None;
            }
            let mut after_m = 0.0;
            let mut after = TimeSpent::default();
            for d in trends
                .days
                .iter()
                .filter(|d| d.date >= sore_day && d.date <= end)
            {
                after_m += d.distance_m;
                after.running_s += d.moving_s;
                after.cross_training_s += d.cross_training_s;
            }
            let spent_before = TimeSpent {
                running_s: before.moving_s,
                cross_training_s: before.cross_training_s,
            };
            let (cut_pct, verdict) = judge_cut_with_cross(
                before.distance_m,
                after_m,
                spent_before,
                after,
                p.advised_cut_pct,
            )?;
            Some(PainFinding::SoreDayVolume {
                sore_day,
                pain,
                week_before: before.label.clone(),
                before_m: before.distance_m,
                week_after: format!("{sore_day} to {end}"),
                after_m,
                cut_pct,
                verdict,
                advised_pct: p.advised_cut_pct,
            })
        })
        .collect()
}

fn lingering(days: &BTreeMap<NaiveDate, u8>, p: &PainParams) -> Vec<PainFinding> {
    let mut out = Vec::new();
    // (first day, last day, days, highest pain) of the current streak.
    let mut streak: Option<(NaiveDate, NaiveDate, usize, u8)> = None;
    let mut close = |s: Option<(NaiveDate, NaiveDate, usize, u8)>| {
        if let Some((first_day, last_day, n, max_pain)) = s {
            let hours = (n - 1) as f64 * 24.0;
            if hours >= p.linger_hours {
                out.push(PainFinding::LingeringPain {
                    first_day,
                    last_day,
                    days: n,
                    hours,
                    max_pain,
                });
            }
        }
    };
    for (&d, &pain) in days.iter().filter(|(_, &pain)| pain >= p.linger_pain) {
        streak = match streak {
            Some((first, last, n, mx)) if last.checked_add_days(Days::new(1)) == Some(d) => {
                Some((first, d, n + 1, mx.max(pain)))
            }
            s => {
                close(s);
                Some((d, d, 1, pain))
            }
        };
    }
    close(streak);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::code::FindingCode;
    use crate::coach::folder::CutVerdict;
    use crate::coach::warning::Severity;
    use crate::history::pain::tests::{day, entry};
    use crate::history::trends::build;
    use crate::history::trends::tests::{at, run};

    /// Weekly distances (km) on consecutive ISO weeks from Monday 2024-04-01; a zero
    /// distance makes a zero week (the first and last must be non-zero).
    fn weeks(km: &[f64]) -> Trends {
        let rows: Vec<_> = km
            .iter()
            .enumerate()
            .filter(|(_, &k)| k > 0.0)
            .map(|(i, &k)| {
                let d = u32::try_from(i).unwrap() * 7;
                let t = at(2024, 4, 1, 7) + chrono::Duration::days(i64::from(d));
                run(t, k, k * 6.0)
            })
            .collect();
        build(&rows)
    }

    fn sore_on_wed_of_second_week(km: &[f64]) -> Vec<PainFinding> {
        check(&[entry(day(2024, 4, 10), 5)], &weeks(km))
    }

    /// The cut (rounded to 1e-6) and verdict of the only finding.
    fn verdict(f: &[PainFinding]) -> (f64, CutVerdict) {
        match f {
            [PainFinding::SoreDayVolume {
                cut_pct, verdict, ..
            }] => ((cut_pct * 1e6).round() / 1e6, *verdict),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn cut_after_a_sore_day_is_judged_against_advice() {
        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 30.0, 30.0]);
        let (cut, v) = verdict(&f);
        assert!((cut - 25.0).abs() < 1e-9);
        assert_eq!(v, CutVerdict::WithinAdvice);
        assert_eq!(f[0].severity(), Severity::Info);
        assert_eq!(f[0].code().as_str(), "sore_day_volume");
        assert_eq!(f[0].evidence()["cut_pct"], 25.0);
        assert_eq!(
            f[0].message().to_string(),
            "Pain 5/10 on 2024-04-10: 40.0 km the week before (2024-W14), 30.0 km the week \
             after (2024-04-10 to 2024-04-16), a 25% cut: within the 20–30% advised."
        );

        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 36.0, 30.0]);
        assert_eq!(verdict(&f), (10.0, CutVerdict::NotEnough));
        assert_eq!(f[0].severity(), Severity::Caution);

        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 0.0, 30.0]);
        assert_eq!(verdict(&f), (100.0, CutVerdict::Stopped));
        assert!(
            f[0].message().to_string().contains("a full stop"),
            "{}",
            f[0].message().to_string()
        );

        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 20.0, 30.0]);
        assert_eq!(verdict(&f), (50.0, CutVerdict::MoreThanAdvised));

        let f = sore_on_wed_of_second_week(&[40.0, 38.0, 44.0]);
        assert_eq!(verdict(&f).1, CutVerdict::NotEnough);
        assert!(
            f[0].message().to_string().contains("10% more"),
            "{}",
            f[0].message().to_string()
        );

        // Pain 3 is not a sore day by default, but is with sore_pain = 3.
        let w = weeks(&[40.0, 38.0, 30.0]);
        let e = [entry(day(2024, 4, 10), 3)];
        assert!(check(&e, &w).is_empty());
        let p = PainParams {
            sore_pain: 3,
            ..PainParams::default()
        };
        assert_eq!(check_with(&e, &w, &p).len(), 1);
    }

    #[test]
    fn sore_day_without_both_weeks_gives_nothing() {
        // The week after is beyond the folder's last week.
        assert!(sore_on_wed_of_second_week(&[40.0, 38.0]).is_empty());
        // The week before is before the folder's first week.
        let w = weeks(&[40.0, 38.0, 30.0]);
        assert!(check(&[entry(day(2024, 4, 2), 6)], &w).is_empty());
        assert!(check(&[entry(day(2024, 4, 10), 6)], &build(&[])).is_empty());
        // Two sore days in one week: one finding, the first day and the highest pain.
        let f = check(&[entry(day(2024, 4, 11), 7), entry(day(2024, 4, 9), 4)], &w);
        match f.as_slice() {
            [PainFinding::SoreDayVolume { sore_day, pain, .. }] => {
                assert_eq!((*sore_day, *pain), (day(2024, 4, 9), 7));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn three_consecutive_pain_days_raise_assess_warning() {
        let e: Vec<_> = (1..=3).map(|d| entry(day(2024, 6, d), 2)).collect();
        let f = check(&e, &build(&[]));
        match f.as_slice() {
            [PainFinding::LingeringPain {
                first_day,
                last_day,
                days,
                hours,
                max_pain,
            }] => {
                assert_eq!((*first_day, *last_day), (day(2024, 6, 1), day(2024, 6, 3)));
                assert_eq!((*days, *max_pain), (3, 2));
                assert!((hours - 48.0).abs() < 1e-9);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(f[0].severity(), Severity::Warning);
        assert_eq!(f[0].code().as_str(), "lingering_pain");
        assert!(
            f[0].message().to_string().contains("get assessed"),
            "{}",
            f[0].message().to_string()
        );
        // Across a month end, in any order, with duplicates.
        let e = [
            entry(day(2024, 7, 1), 1),
            entry(day(2024, 6, 30), 3),
            entry(day(2024, 6, 29), 1),
            entry(day(2024, 6, 30), 0),
        ];
        assert_eq!(check(&e, &build(&[])).len(), 1);
    }

    #[test]
    fn two_days_or_a_break_do_not() {
        let e = [entry(day(2024, 6, 1), 6), entry(day(2024, 6, 2), 6)];
        assert!(check(&e, &build(&[])).is_empty());
        // Pain 0 in the middle ends the streak.
        let e = [
            entry(day(2024, 6, 1), 2),
            entry(day(2024, 6, 2), 0),
            entry(day(2024, 6, 3), 2),
            entry(day(2024, 6, 4), 2),
        ];
        assert!(check(&e, &build(&[])).is_empty());
        // A day missing from the log ends it too.
        let e = [
            entry(day(2024, 6, 1), 2),
            entry(day(2024, 6, 2), 2),
            entry(day(2024, 6, 4), 2),
        ];
        assert!(check(&e, &build(&[])).is_empty());
        assert!(check(&[], &build(&[])).is_empty());
    }

    #[test]
    fn findings_are_sorted_by_date() {
        let w = weeks(&[40.0, 38.0, 30.0]);
        let mut e: Vec<_> = (1..=3).map(|d| entry(day(2024, 4, d), 1)).collect();
        e.push(entry(day(2024, 4, 10), 5));
        e.reverse();
        let codes: Vec<_> = check(&e, &w).iter().map(PainFinding::code).collect();
        assert_eq!(
            codes,
            [FindingCode::LingeringPain, FindingCode::SoreDayVolume]
        );
    }
}
