//! `stridewise plan`: a cadence retraining plan from the runs of a folder review.
//!
//! `make` takes what the folder review already computed (its rows, the personal
//! baseline, the weeks) and the pain log, and returns a `Plan`: the start cadence at easy
//! speed and its source (`target`), then N weeks of runs with a cadence target, a volume
//! and run/walk from recent history and soreness, and faded metronome feedback
//! (`schedule`), and the physio's programme around the runs (`programme`). The plan is
//! data; the report crate renders it (`stridewise_report::plan`: JSON, text, page, watch
//! workouts, click tracks) and sets a later folder review against it.

pub mod programme;
pub mod schedule;
pub mod target;

use crate::history::baseline::PersonalBaseline;
use crate::history::pain::PainEntry;
use crate::history::row::RunRow;
use crate::history::trends::Week;
use chrono::{Days, NaiveDate};
use schedule::{Feedback, History, RunWalk, ScheduleParams, Soreness};
use target::{Start, TargetParams};

/// Half-width of the cadence band a watch alerts on, steps/min (our choice: ±3 steps/min
/// is about the spread of a steady run's cadence, so the alert fires on a real drop, not on
/// noise).
pub const WATCH_BAND_SPM: f64 = 3.0;

/// Everything `make` reads.
#[derive(Clone, Copy, Debug)]
pub struct Inputs<'a> {
    /// The reviewed runs (deduplicated).
    pub rows: &'a [RunRow],
    /// The personal baseline, when the folder has enough running.
    pub baseline: Option<&'a PersonalBaseline>,
    /// The folder's ISO weeks (`history::trends`).
    pub weeks: &'a [Week],
    /// The pain log (may be empty).
    pub pain: &'a [PainEntry],
    /// Weeks to plan.
    pub n_weeks: usize,
    /// What the logged pain follows (`None` without a pain log).
    pub pattern: Option<&'a crate::coach::folder::PainPatternFinding>,
    /// The runner's own low-impact cross-training sport (`cycling`, `swimming`).
    pub cross_sport: Option<&'a str>,
    /// The folder's easy-pace ceiling, m/s (for the fast share).
    pub easy_speed_mps: Option<f64>,
}

pub use crate::coach::plan_progress::Shares;

/// One planned run.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedRun {
    /// 1-based, within the week.
    pub number: usize,
    /// Planned duration, s.
    pub duration_s: u32,
    /// 5:1 run/walk while sore.
    pub run_walk: Option<RunWalk>,
    /// The metronome plays on this run.
    pub metronome: bool,
}

/// One planned week.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanWeek {
    /// 1-based.
    pub number: usize,
    /// Its Monday.
    pub monday: NaiveDate,
    /// Increase over the start cadence, percent.
    pub increase_pct: f64,
    /// Target cadence at easy pace, steps/min (whole).
    pub target_spm: f64,
    /// The band a watch alerts outside of, steps/min.
    pub band_spm: (f64, f64),
    /// Metronome.
    pub feedback: Feedback,
    /// Volume cut from recent history, percent (0 when not sore).
    pub cut_pct: f64,
    /// The runs.
    pub runs: Vec<PlannedRun>,
    /// One run swapped for low-impact cross-training (while sore, with two runs or more).
    pub cross_training: Option<programme::CrossSwap>,
    /// Hip strength and mobility sessions.
    pub strength: Vec<programme::StrengthSession>,
    /// Remind the runner to pick flat routes (a hilly history, or pain after hilly runs).
    pub flat_routes: bool,
}

/// Why no plan can be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// No dated run with running time.
    #[error("no dated run with running cadence and speed; a plan needs at least one recorded run")]
    NoRuns,
    /// No run had enough running near the easy speed.
    #[error(
        "no run has a minute of running with cadence near the easy speed; record a run with \
         cadence (a watch or a foot pod) and try again"
    )]
    NoCadence,
    /// Zero weeks asked for.
    #[error("--weeks must be at least 1")]
    NoWeeks,
}

/// A retraining plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The runner's cadence at easy speed.
    pub start: Start,
    /// The 170–180 band, for context.
    pub band_spm: (f64, f64),
    /// Recent volume.
    pub history: History,
    /// The pain log at the start.
    pub soreness: Soreness,
    /// Runs the plan was made from.
    pub runs_used: usize,
    /// The weeks.
    pub weeks: Vec<PlanWeek>,
    /// What the logged pain followed when the plan was made (codes of
    /// [`crate::coach::folder::RunTrait`]); empty when nothing stood out or no pain log.
    pub pain_follows: Vec<&'static str>,
    /// Hilly, long and fast shares of the recent runs the plan was made from.
    pub shares_before: Shares,
}

/// Make the plan with default parameters (see `target` and `schedule` for every rule).
///
/// # Errors
/// Too little data (see [`PlanError`]).
pub fn make(i: &Inputs<'_>) -> Result<Plan, PlanError> {
    make_with(i, &TargetParams::default(), &ScheduleParams::default())
}

/// Make the plan.
///
/// # Errors
/// Too little data (see [`PlanError`]).
pub(crate) fn make_with(
    i: &Inputs<'_>,
    tp: &TargetParams,
    sp: &ScheduleParams,
) -> Result<Plan, PlanError> {
    if i.n_weeks == 0 {
        return Err(PlanError::NoWeeks);
    }
    let recent = target::recent(i.rows, tp.recent_days);
    let last_run = recent
        .iter()
        .filter_map(|r| r.local_date())
        .max()
        .ok_or(PlanError::NoRuns)?;
    target::easy_speed(&recent).ok_or(PlanError::NoRuns)?;
    let start = target::start_cadence(&recent, i.baseline, tp).ok_or(PlanError::NoCadence)?;
    let history = schedule::history(i.weeks, sp).ok_or(PlanError::NoRuns)?;
    let first = schedule::start_monday(last_run, i.pain);
    let soreness = schedule::soreness(i.pain, first, sp);
    let increases = target::weekly_increase_pct(i.n_weeks, start.cadence_spm, tp);
    let feedback = schedule::feedback(&increases);
    let named = i
        .pattern
        .map(crate::coach::folder::PainPatternFinding::named)
        .unwrap_or_default();
    let recent_rows: Vec<RunRow> = recent.iter().map(|r| (*r).clone()).collect();
    let shares_before = Shares::of(&recent_rows, i.easy_speed_mps);
    // Hilly weeks: the recent weeks climbed like a hilly run, or pain followed hills.
    let pp = crate::coach::pain_pattern::PatternParams::default();
    let hilly_weeks = i.weeks.iter().rev().take(4).any(|w| {
        w.steep_share_pct
            .is_some_and(|s| s >= pp.hilly_steep_share_pct)
            || w.gain_per_km.is_some_and(|g| g >= pp.hilly_gain_m_per_km)
    });
    let flat_routes = hilly_weeks || named.contains(&crate::coach::folder::RunTrait::Hilly);
    let weeks = increases
        .iter()
        .zip(&feedback)
        .enumerate()
        .map(|(k, (&pct, &fb))| {
            let sore = soreness.is_sore() && k < sp.sore_weeks;
            let cut_pct = if sore { sp.cut_pct } else { 0.0 };
            let duration_s = schedule::run_seconds(&history, cut_pct, sp);
            let rw = if sore {
                schedule::run_walk(duration_s, sp.run_walk_s.0, sp.run_walk_s.1)
            } else {
                None
            };
            let target_spm = target::target_spm(start.cadence_spm, pct);
            // While sore, one run of two or more becomes low-impact cross-training.
            let swap = sore && history.runs_per_week >= 2;
            let runs_this_week = history.runs_per_week - usize::from(swap);
            PlanWeek {
                number: k + 1,
                monday: first
                    .checked_add_days(Days::new(7 * k as u64))
                    .unwrap_or(first),
                increase_pct: pct,
                target_spm,
                band_spm: (target_spm - WATCH_BAND_SPM, target_spm + WATCH_BAND_SPM),
                feedback: fb,
                cut_pct,
                runs: (0..runs_this_week)
                    .map(|r| PlannedRun {
                        number: r + 1,
                        duration_s,
                        run_walk: rw,
                        metronome: fb.plays_on(r),
                    })
                    .collect(),
                cross_training: swap.then(|| programme::CrossSwap {
                    duration_s,
                    sport: i.cross_sport.map(str::to_string),
                }),
                strength: programme::strength_week(k + 1, sore),
                flat_routes,
            }
        })
        .collect();
    Ok(Plan {
        start,
        band_spm: tp.band_spm,
        history,
        soreness,
        runs_used: recent.len(),
        weeks,
        pain_follows: named.iter().map(|t| t.as_str()).collect(),
        shares_before,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::baseline::tests::{bins, row};
    use crate::history::trends;
    use chrono::{TimeZone, Utc};

    /// Four weeks of three 40-min runs at 3.0 m/s and 160 steps/min, from 2024-04-01.
    pub(crate) fn history_rows() -> Vec<RunRow> {
        let mut rows = Vec::new();
        for w in 0..4 {
            for d in [0, 2, 4] {
                let t = Utc
                    .with_ymd_and_hms(2024, 4, 1, 7, 0, 0)
                    .single()
                    .map(|t| t + chrono::Duration::days(7 * w + d));
                let mut r = row(t, bins(&[(3.05, 160.0, 2_400.0)]));
                r.distance_m = Some(2_400.0 * 3.05);
                r.moving_s = Some(2_400.0);
                r.path = format!("w{w}d{d}.fit");
                rows.push(r);
            }
        }
        rows
    }

    fn plan(pain: &[PainEntry], baseline: Option<&PersonalBaseline>) -> Plan {
        let rows = history_rows();
        let t = trends::build(&rows);
        make(&Inputs {
            rows: &rows,
            baseline,
            weeks: &t.weeks,
            pain,
            n_weeks: 6,
            pattern: None,
            cross_sport: None,
            easy_speed_mps: t.easy_speed_mps,
        })
        .unwrap()
    }

    #[test]
    fn six_weeks_from_a_known_history() {
        let p = plan(&[], None);
        // No baseline passed: the newest run near easy speed, 160 steps/min.
        assert!((p.start.cadence_spm - 160.0).abs() < 1e-9);
        assert!(matches!(
            p.start.source,
            target::CadenceSource::SingleRun { .. }
        ));
        let targets: Vec<f64> = p.weeks.iter().map(|w| w.target_spm).collect();
        // 160 × 1.05 = 168, × 1.075 = 172, × 1.10 = 176.
        assert_eq!(targets, vec![168.0, 168.0, 172.0, 172.0, 176.0, 176.0]);
        assert_eq!(p.weeks[0].band_spm, (165.0, 171.0));
        // Newest run Friday 2024-04-26: the plan starts Monday 2024-04-29.
        assert_eq!(
            p.weeks[0].monday,
            NaiveDate::from_ymd_opt(2024, 4, 29).unwrap()
        );
        assert_eq!(
            p.weeks[5].monday,
            NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()
        );
        for w in &p.weeks {
            assert_eq!(w.runs.len(), 3);
            assert!(w
                .runs
                .iter()
                .all(|r| r.duration_s == 2_400 && r.run_walk.is_none()));
            assert_eq!(w.cut_pct, 0.0);
        }
        let plays: Vec<usize> = p
            .weeks
            .iter()
            .map(|w| w.runs.iter().filter(|r| r.metronome).count())
            .collect();
        assert_eq!(plays, vec![3, 2, 3, 2, 3, 0]);
    }

    #[test]
    fn a_sore_day_cuts_volume_and_adds_run_walk() {
        let sore = [PainEntry {
            date: NaiveDate::from_ymd_opt(2024, 4, 25).unwrap(),
            pain: 5,
            note: String::new(),
            line: 2,
        }];
        let p = plan(&sore, None);
        // 40 min × 0.75 = 30 min = five 5:1 repeats.
        for w in &p.weeks[..2] {
            assert_eq!(w.cut_pct, 25.0);
            let r = &w.runs[0];
            assert_eq!(r.duration_s, 1_800);
            assert_eq!(r.run_walk.map(|x| (x.repeats, x.tail_run_s)), Some((5, 0)));
        }
        assert!(p.weeks[2].runs[0].run_walk.is_none());
        assert_eq!(p.weeks[2].runs[0].duration_s, 2_400);
    }

    #[test]
    fn no_runs_no_plan() {
        let e = make(&Inputs {
            rows: &[],
            baseline: None,
            weeks: &[],
            pain: &[],
            n_weeks: 6,
            pattern: None,
            cross_sport: None,
            easy_speed_mps: None,
        });
        assert_eq!(e, Err(PlanError::NoRuns));
        let rows = history_rows();
        let t = trends::build(&rows);
        let e = make(&Inputs {
            rows: &rows,
            baseline: None,
            weeks: &t.weeks,
            pain: &[],
            n_weeks: 0,
            pattern: None,
            cross_sport: None,
            easy_speed_mps: None,
        });
        assert_eq!(e, Err(PlanError::NoWeeks));
    }
}
