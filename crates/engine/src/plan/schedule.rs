//! The weeks of a retraining plan: how many runs, how long, run/walk while sore, and how
//! much metronome. Pure functions.
//!
//! * **Volume from history** ([`history`]): the last [`ScheduleParams::history_weeks`]
//!   ISO weeks of the folder (zero weeks included, from `history::trends`): runs per week =
//!   their mean number of runs, rounded, 1 to [`ScheduleParams::max_runs_per_week`];
//!   minutes per run = their mean weekly moving time ÷ runs per week. A retraining block
//!   keeps volume where it was: changing cadence and volume at once is two changes.
//! * **Sore** ([`soreness`]): a day of the pain log with pain ≥ 4 (the folder review's
//!   sore day, `history::pain`) within [`ScheduleParams::sore_window_days`] before the plan
//!   starts. Then the first [`ScheduleParams::sore_weeks`] weeks cut volume by
//!   [`ScheduleParams::cut_pct`] (25%, inside the 20–30% advice in [`crate::coach::rules`]) and are run
//!   as 5 min run / 1 min walk (the same advice: run/walk 5:1 keeps volume). Pain on consecutive
//!   days spanning 48 h or more raises the "stop and get assessed" warning instead of
//!   being planned around.
//! * **Faded feedback** ([`feedback`]): Crowell & Davis 2011 (Clin Biomech 26:78) faded
//!   the real-time feedback of gait retraining over the sessions so the new pattern is
//!   kept without it. Here, each new cadence step starts with the metronome on every run
//!   for its first week, every other run after that, and the plan's last week has none (the
//!   runner holds the target unaided).
//! * **Start** ([`start_monday`]): the Monday after the later of the newest run and the
//!   newest pain-log entry; no clock is read.

use crate::coach::folder::PainFinding;
use crate::coach::pain::{self, PainParams};
use crate::history::pain::PainEntry;
use crate::history::trends::{monday_of, Week};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// Thresholds of the schedule. Every default is documented on its field.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleParams {
    /// Weeks of history the volume is taken from (default 4, our choice: a month).
    pub history_weeks: usize,
    /// Most runs planned in a week (default 6, our choice: one rest day).
    pub max_runs_per_week: usize,
    /// Shortest planned run, s (default 1,200 = 20 min, our choice: a shorter run gives the
    /// cadence change too little time to settle).
    pub min_run_s: u32,
    /// A sore day within this many days before the start makes the runner sore (default
    /// 14, our choice).
    pub sore_window_days: u64,
    /// Weeks planned as sore (default 2, our choice).
    pub sore_weeks: usize,
    /// Volume cut while sore, percent (default 25, inside the 20–30% advice).
    pub cut_pct: f64,
    /// Run and walk of a run/walk repeat, s (default 300 and 60: 5:1).
    pub run_walk_s: (u32, u32),
}

impl Default for ScheduleParams {
    fn default() -> Self {
        Self {
            history_weeks: 4,
            max_runs_per_week: 6,
            min_run_s: 1_200,
            sore_window_days: 14,
            sore_weeks: 2,
            cut_pct: 25.0,
            run_walk_s: (300, 60),
        }
    }
}

/// Recent volume.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct History {
    /// Weeks averaged.
    pub weeks: usize,
    /// Runs per week, rounded.
    pub runs_per_week: usize,
    /// Mean weekly moving time, s.
    pub weekly_moving_s: f64,
    /// Mean weekly distance, m.
    pub weekly_distance_m: f64,
}

/// Volume over the last `params.history_weeks` weeks; `None` without weeks.
#[must_use]
pub fn history(weeks: &[Week], p: &ScheduleParams) -> Option<History> {
    let n = p.history_weeks.max(1).min(weeks.len());
    let last = weeks.get(weeks.len().checked_sub(n)?..)?;
    if last.is_empty() {
        return None;
    }
    let nf = last.len() as f64;
    let runs = last.iter().map(|w| w.runs as f64).sum::<f64>() / nf;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let runs_per_week = (runs.round() as usize).clamp(1, p.max_runs_per_week.max(1));
    Some(History {
        weeks: last.len(),
        runs_per_week,
        weekly_moving_s: last.iter().map(|w| w.moving_s).sum::<f64>() / nf,
        weekly_distance_m: last.iter().map(|w| w.distance_m).sum::<f64>() / nf,
    })
}

/// What the pain log says at the start of the plan.
#[derive(Clone, Debug, PartialEq, Default, Serialize)]
pub struct Soreness {
    /// Sore days within the window before the start.
    pub sore_days: Vec<NaiveDate>,
    /// Highest pain on them.
    pub max_pain: u8,
    /// Streaks of pain spanning 48 h or more within the window: (first, last day).
    pub lingering: Vec<(NaiveDate, NaiveDate)>,
}

impl Soreness {
    /// Sore at the start.
    #[must_use]
    pub(crate) fn is_sore(&self) -> bool {
        !self.sore_days.is_empty()
    }
}

/// The pain log within `params.sore_window_days` before `start` (see the module docs).
#[must_use]
pub fn soreness(entries: &[PainEntry], start: NaiveDate, p: &ScheduleParams) -> Soreness {
    let pp = PainParams::default();
    let from = start
        .checked_sub_days(Days::new(p.sore_window_days))
        .unwrap_or(NaiveDate::MIN);
    let mut s = Soreness::default();
    for e in entries {
        if e.date >= from && e.date < start && e.pain >= pp.sore_pain {
            s.sore_days.push(e.date);
            s.max_pain = s.max_pain.max(e.pain);
        }
    }
    s.sore_days.sort_unstable();
    s.sore_days.dedup();
    for f in pain::check_with(entries, &crate::history::trends::build(&[]), &pp) {
        if let PainFinding::LingeringPain {
            first_day,
            last_day,
            ..
        } = f
        {
            if last_day >= from && first_day < start {
                s.lingering.push((first_day, last_day));
            }
        }
    }
    s
}

/// The Monday after the later of `last_run` and the newest pain-log entry.
#[must_use]
pub fn start_monday(last_run: NaiveDate, entries: &[PainEntry]) -> NaiveDate {
    let last = entries
        .iter()
        .map(|e| e.date)
        .fold(last_run, NaiveDate::max);
    monday_of(last)
        .checked_add_days(Days::new(7))
        .unwrap_or(last)
}

/// How often the metronome plays in a week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feedback {
    /// On every run.
    EveryRun,
    /// On every other run (the 1st, 3rd, …).
    EveryOther,
    /// Not at all.
    None,
}

impl Feedback {
    /// Plays on run `i` (0-based) of the week.
    #[must_use]
    pub fn plays_on(self, i: usize) -> bool {
        match self {
            Self::EveryRun => true,
            Self::EveryOther => i.is_multiple_of(2),
            Self::None => false,
        }
    }

    /// Words for the page.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::EveryRun => "metronome on every run",
            Self::EveryOther => "metronome on every other run",
            Self::None => "no metronome",
        }
    }
}

/// The metronome of each week, given each week's increase (see the module docs).
#[must_use]
pub fn feedback(increase_pct: &[f64]) -> Vec<Feedback> {
    let n = increase_pct.len();
    (0..n)
        .map(|i| {
            let new_step = i == 0 || increase_pct.get(i) != increase_pct.get(i - 1);
            if n > 1 && i == n - 1 {
                Feedback::None
            } else if new_step {
                Feedback::EveryRun
            } else {
                Feedback::EveryOther
            }
        })
        .collect()
}

/// One planned run's structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RunWalk {
    /// Running per repeat, s.
    pub run_s: u32,
    /// Walking per repeat, s.
    pub walk_s: u32,
    /// Repeats.
    pub repeats: u32,
    /// Running after the last repeat, s (0 for none).
    pub tail_run_s: u32,
}

/// Split `total_s` into run/walk repeats of `run_s` + `walk_s` and a running tail; `None`
/// when not even one repeat fits.
#[must_use]
pub fn run_walk(total_s: u32, run_s: u32, walk_s: u32) -> Option<RunWalk> {
    let block = run_s.checked_add(walk_s).filter(|b| *b > 0)?;
    let repeats = total_s / block;
    (repeats > 0).then(|| RunWalk {
        run_s,
        walk_s,
        repeats,
        tail_run_s: total_s - repeats * block,
    })
}

/// Minutes per run: weekly moving time × (1 − cut) ÷ runs, rounded to a whole minute,
/// at least `params.min_run_s`.
#[must_use]
pub(crate) fn run_seconds(h: &History, cut_pct: f64, p: &ScheduleParams) -> u32 {
    let per = h.weekly_moving_s * (1.0 - cut_pct / 100.0) / h.runs_per_week.max(1) as f64;
    let minutes = (per / 60.0).round();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let s = if minutes.is_finite() && minutes > 0.0 {
        (minutes.min(600.0) as u32) * 60
    } else {
        0
    };
    s.max(p.min_run_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(monday: NaiveDate, runs: usize, moving_min: f64, km: f64) -> Week {
        Week {
            iso_year: 2024,
            iso_week: 1,
            label: String::new(),
            monday,
            runs,
            distance_m: km * 1000.0,
            moving_s: moving_min * 60.0,
            cross_training_s: 0.0,
            change_pct: None,
            gain_per_km: None,
            steep_share_pct: None,
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap()
    }

    fn entry(date: NaiveDate, pain: u8) -> PainEntry {
        PainEntry {
            date,
            pain,
            note: String::new(),
            line: 0,
        }
    }

    #[test]
    fn history_averages_the_last_four_weeks() {
        let weeks: Vec<Week> = [(5, 300.0), (3, 120.0), (4, 160.0), (0, 0.0), (4, 200.0)]
            .iter()
            .enumerate()
            .map(|(i, &(r, m))| week(d(1, 1 + 7 * u32::try_from(i).unwrap()), r, m, m / 6.0))
            .collect();
        let p = ScheduleParams::default();
        let h = history(&weeks, &p).unwrap();
        // Last four: 3, 4, 0, 4 runs → 2.75 → 3; 120 + 160 + 0 + 200 = 480 min / 4 = 120.
        assert_eq!(h.weeks, 4);
        assert_eq!(h.runs_per_week, 3);
        assert!((h.weekly_moving_s - 7_200.0).abs() < 1e-9);
        // 120 min ÷ 3 runs = 40 min; cut 25% → 30 min.
        assert_eq!(run_seconds(&h, 0.0, &p), 2_400);
        assert_eq!(run_seconds(&h, 25.0, &p), 1_800);
        // Never shorter than 20 min.
        let tiny = History {
            weekly_moving_s: 600.0,
            ..h.clone()
        };
        assert_eq!(run_seconds(&tiny, 0.0, &p), 1_200);
        assert!(history(&[], &p).is_none());
        // Fewer weeks than asked for: all of them.
        assert_eq!(history(&weeks[..2], &p).unwrap().runs_per_week, 4);
    }

    #[test]
    fn feedback_fades_within_each_step_and_ends_without() {
        use Feedback::{EveryOther as O, EveryRun as E, None as N};
        assert_eq!(
            feedback(&[5.0, 5.0, 7.5, 7.5, 10.0, 10.0]),
            vec![E, O, E, O, E, N]
        );
        assert_eq!(feedback(&[5.0]), vec![E]);
        assert_eq!(feedback(&[5.0, 7.5]), vec![E, N]);
        assert_eq!(feedback(&[5.0, 5.0, 5.0, 7.5]), vec![E, O, O, N]);
        assert!(O.plays_on(0) && !O.plays_on(1) && O.plays_on(2));
        assert!(!N.plays_on(0) && E.plays_on(5));
    }

    #[test]
    fn run_walk_splits_into_repeats_and_a_tail() {
        assert_eq!(
            run_walk(1_800, 300, 60),
            Some(RunWalk {
                run_s: 300,
                walk_s: 60,
                repeats: 5,
                tail_run_s: 0
            })
        );
        assert_eq!(run_walk(2_000, 300, 60).unwrap().tail_run_s, 200);
        assert!(run_walk(300, 300, 60).is_none());
        assert!(run_walk(300, 0, 0).is_none());
    }

    #[test]
    fn soreness_looks_back_two_weeks() {
        let start = d(5, 13);
        let p = ScheduleParams::default();
        let s = soreness(
            &[entry(d(5, 10), 5), entry(d(5, 11), 2), entry(d(4, 20), 7)],
            start,
            &p,
        );
        assert_eq!(s.sore_days, vec![d(5, 10)]);
        assert_eq!(s.max_pain, 5);
        assert!(s.is_sore());
        assert!(s.lingering.is_empty());
        // Pain 3 is not a sore day.
        assert!(!soreness(&[entry(d(5, 10), 3)], start, &p).is_sore());
        // Three days in a row: 48 h.
        let s = soreness(
            &[entry(d(5, 8), 2), entry(d(5, 9), 2), entry(d(5, 10), 1)],
            start,
            &p,
        );
        assert_eq!(s.lingering, vec![(d(5, 8), d(5, 10))]);
        assert_eq!(start_monday(d(5, 8), &[]), d(5, 13));
        assert_eq!(start_monday(d(5, 8), &[entry(d(5, 14), 1)]), d(5, 20));
    }
}
