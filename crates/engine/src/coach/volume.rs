//! Weekly-volume checks ([`volume_checks`]) over the weeks of `crate::history::trends`,
//! our choices, kept simple: a cut from the
//! second-last week to the last is reported with its size and set against the 20–30%
//! advice ([`crate::coach::rules`]: cut weekly mileage by 20–30% while the hip hurts); a week more than
//! [`VolumeParams::jump_limit_pct`] (30%) above the previous non-zero week is noted. The
//! last week is taken as it stands: if it is still in progress it looks like a cut, and
//! only the caller (who knows today's date) can drop it. The **first week of history is
//! never compared from**: the record usually starts mid-week, so a jump from it is the
//! start of the record, not of the training (issue 14: "jumped 373%"). Only the last
//! [`VolumeParams::recent_weeks`] weeks (8) are checked: a jump three years ago is no
//! advice for this week. A cut whose lost running time is made up by cross-training (the
//! week's running plus cross-training time within the advised cut of the week before) is
//! [`crate::coach::folder::CutVerdict::ReplacedWithCrossTraining`]: the advice followed.

use crate::coach::folder::{judge_cut_with_cross, TimeSpent, VolumeFinding, ADVISED_CUT_PCT};
use crate::history::trends::Week;

/// Thresholds of the weekly-volume checks (our choices).
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeParams {
    /// A week more than this above the previous one is noted, percent (default 30: only
    /// big jumps; the popular "10% rule" is stricter than the evidence behind it).
    pub jump_limit_pct: f64,
    /// The advised cut, percent (default 20–30, physio advice, see
    /// [`crate::coach::rules`]).
    pub advised_cut_pct: (f64, f64),
    /// Only the last this many weeks are checked (default 8, our choice: about two
    /// months, the span a runner adjusts training over).
    pub recent_weeks: usize,
}

impl Default for VolumeParams {
    fn default() -> Self {
        Self {
            jump_limit_pct: 30.0,
            advised_cut_pct: ADVISED_CUT_PCT,
            recent_weeks: 8,
        }
    }
}

/// Weekly-volume checks without a pain log (see the module docs), in week order.
#[must_use]
pub fn volume_checks(weeks: &[Week], p: &VolumeParams) -> Vec<VolumeFinding> {
    let mut out = Vec::new();
    // The first week of history is partial: never compare from it (the first week
    // checked is the third, index 2). Only the last `recent_weeks` weeks are checked.
    let first_checked = 2.max(weeks.len().saturating_sub(p.recent_weeks));
    for pair in weeks
        .get(first_checked - 1..)
        .unwrap_or_default()
        .windows(2)
    {
        let [prev, w] = pair else { continue };
        if let Some(ch) = w.change_pct {
            if ch > p.jump_limit_pct {
                out.push(VolumeFinding::VolumeJump {
                    from_week: prev.label.clone(),
                    from_m: prev.distance_m,
                    to_week: w.label.clone(),
                    to_m: w.distance_m,
                    increase_pct: ch,
                    limit_pct: p.jump_limit_pct,
                });
            }
        }
    }
    if let [_, .., prev, last] = weeks {
        if last.distance_m < prev.distance_m {
            let spent = |w: &Week| TimeSpent {
                running_s: w.moving_s,
                cross_training_s: w.cross_training_s,
            };
            if let Some((cut_pct, verdict)) = judge_cut_with_cross(
                prev.distance_m,
                last.distance_m,
                spent(prev),
                spent(last),
                p.advised_cut_pct,
            ) {
                out.push(VolumeFinding::RecentCut {
                    from_week: prev.label.clone(),
                    from_m: prev.distance_m,
                    to_week: last.label.clone(),
                    to_m: last.distance_m,
                    cut_pct,
                    verdict,
                    advised_pct: p.advised_cut_pct,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coach::folder::{judge_cut, CutVerdict};
    use crate::coach::warning::{Advice, Severity};
    use crate::history::trends::build;
    use crate::history::trends::tests::{at, run};

    #[test]
    fn cut_verdicts() {
        let judge = |b: f64, a: f64| {
            let (cut, v) = judge_cut(b, a, ADVISED_CUT_PCT).unwrap();
            ((cut * 1e6).round() / 1e6, v)
        };
        assert_eq!(judge(40.0, 30.0), (25.0, CutVerdict::WithinAdvice));
        assert_eq!(judge(40.0, 36.0), (10.0, CutVerdict::NotEnough));
        assert_eq!(judge(40.0, 20.0), (50.0, CutVerdict::MoreThanAdvised));
        assert_eq!(judge(40.0, 0.0), (100.0, CutVerdict::Stopped));
        assert_eq!(judge(40.0, 50.0), (-25.0, CutVerdict::NotEnough));
        // The edges belong to the advice, whatever the round-off.
        assert_eq!(judge(25.0, 20.0).1, CutVerdict::WithinAdvice);
        assert_eq!(judge(10.0, 7.0).1, CutVerdict::WithinAdvice);
        assert_eq!(judge(0.7, 0.56).1, CutVerdict::WithinAdvice);
        assert_eq!(judge_cut(0.0, 10.0, ADVISED_CUT_PCT), None);
    }

    #[test]
    fn volume_checks_note_jumps_and_a_recent_cut() {
        let rows = vec![
            run(at(2024, 3, 31, 7), 4.0, 24.0),
            run(at(2024, 4, 1, 7), 20.0, 120.0),
            run(at(2024, 4, 8, 7), 30.0, 180.0),
            run(at(2024, 4, 15, 7), 32.0, 190.0),
            run(at(2024, 4, 22, 7), 24.0, 150.0),
        ];
        let t = build(&rows);
        let f = volume_checks(&t.weeks, &VolumeParams::default());
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].code().as_str(), "weekly_jump");
        assert_eq!(f[0].severity(), Severity::Caution);
        assert_eq!(f[0].evidence()["increase_pct"], 50.0);
        assert!(
            f[0].message().to_string().contains("2024-W14"),
            "{}",
            f[0].message().to_string()
        );
        assert_eq!(f[1].code().as_str(), "weekly_cut");
        match &f[1] {
            VolumeFinding::RecentCut {
                cut_pct, verdict, ..
            } => {
                assert!((cut_pct - 25.0).abs() < 1e-9);
                assert_eq!(*verdict, CutVerdict::WithinAdvice);
            }
            other => panic!("{other:?}"),
        }
        assert!(
            f[1].message().to_string().contains("within the 20–30% cut"),
            "{}",
            f[1].message().to_string()
        );
        // Growing gently: nothing to say.
        let rows = vec![
            run(at(2024, 4, 1, 7), 20.0, 120.0),
            run(at(2024, 4, 8, 7), 22.0, 130.0),
        ];
        assert!(volume_checks(&build(&rows).weeks, &VolumeParams::default()).is_empty());
        assert!(volume_checks(&[], &VolumeParams::default()).is_empty());
        // A jump from the partial first week (Sunday 4 km, then 20 km) is not one.
        let rows = vec![
            run(at(2024, 3, 31, 7), 4.0, 24.0),
            run(at(2024, 4, 1, 7), 20.0, 120.0),
            run(at(2024, 4, 8, 7), 21.0, 126.0),
        ];
        assert!(volume_checks(&build(&rows).weeks, &VolumeParams::default()).is_empty());
        // A jump nine weeks before the last week is history.
        let mut rows = vec![
            run(at(2024, 1, 1, 7), 10.0, 60.0),
            run(at(2024, 1, 8, 7), 10.0, 60.0),
            run(at(2024, 1, 15, 7), 30.0, 180.0),
        ];
        for w in 1..=9_i64 {
            rows.push(run(
                at(2024, 1, 15, 7) + chrono::Duration::days(7 * w),
                30.0,
                180.0,
            ));
        }
        let t = build(&rows);
        assert_eq!(t.weeks.len(), 12);
        assert!(volume_checks(&t.weeks, &VolumeParams::default()).is_empty());
        let p = VolumeParams {
            recent_weeks: 10,
            ..VolumeParams::default()
        };
        assert_eq!(volume_checks(&t.weeks, &p).len(), 1);
    }

    #[test]
    fn a_cut_made_up_with_cross_training_follows_the_advice() {
        let spent = |run_min: f64, cross_min: f64| TimeSpent {
            running_s: run_min * 60.0,
            cross_training_s: cross_min * 60.0,
        };
        let judge = |before: TimeSpent, after_m: f64, after: TimeSpent| {
            judge_cut_with_cross(40.0, after_m, before, after, ADVISED_CUT_PCT).map(|x| x.1)
        };
        // Running halved (200 → 100 min), 60 min of riding added: 160 of 200 min, 20% less.
        assert_eq!(
            judge(spent(200.0, 0.0), 20.0, spent(100.0, 60.0)),
            Some(CutVerdict::ReplacedWithCrossTraining)
        );
        // Only 30 min added: 130 of 200 min is 35% less, more than the advised cut.
        assert_eq!(
            judge(spent(200.0, 0.0), 20.0, spent(100.0, 30.0)),
            Some(CutVerdict::MoreThanAdvised)
        );
        // No running at all, all of it replaced by riding.
        assert_eq!(
            judge(spent(200.0, 0.0), 0.0, spent(0.0, 200.0)),
            Some(CutVerdict::ReplacedWithCrossTraining)
        );
        // Not cut enough stays so, whatever the riding.
        assert_eq!(
            judge(spent(200.0, 0.0), 36.0, spent(180.0, 60.0)),
            Some(CutVerdict::NotEnough)
        );
        // The same riding as before makes nothing up.
        assert_eq!(
            judge(spent(200.0, 60.0), 20.0, spent(100.0, 60.0)),
            Some(CutVerdict::MoreThanAdvised)
        );
    }
}
