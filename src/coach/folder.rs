//! Folder findings: what the cross-run history ([`crate::history`]) says, judged and
//! worded here beside the run findings ([`super::warning`]) so one [`super::warning::Advice`]
//! trait, one wire form and one page rendering serve them all.
//!
//! * [`PainFinding`]: the pain log set against weekly volume (rules in
//!   [`crate::history::pain`]).
//! * [`VolumeFinding`]: weekly-volume checks without a pain log (rules in
//!   [`crate::history::trends`]).
//! * [`judge_cut`]: a week's cut against the advised 20–30% (the physio advice in the
//!   README, "Reviewing a folder or an export").

use super::warning::Severity;
use crate::units::UnitSystem;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// How a week's distance compares with the advised cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CutVerdict {
    /// Cut by less than the advised minimum (or not cut at all).
    NotEnough,
    /// Cut within the advised range.
    WithinAdvice,
    /// Cut by more than the advised maximum, but still running.
    MoreThanAdvised,
    /// No distance at all.
    Stopped,
    /// Running cut by at least the advised minimum, and the time lost made up by
    /// cross-training (running plus cross-training time cut by no more than the advised
    /// maximum): the advice followed.
    ReplacedWithCrossTraining,
}

/// The advised cut of weekly distance while the hip hurts, percent (20–30%: the README, "Reviewing a folder or an export").
pub const ADVISED_CUT_PCT: (f64, f64) = (20.0, 30.0);

/// Slack on the advised edges, percent: round-off must not move a cut of exactly 20%
/// (25 → 20 km) out of the advice.
const CUT_EPS_PCT: f64 = 1e-9;

/// Cut from `before_m` to `after_m`, percent (negative for an increase), and its verdict
/// against the advised range. `None` unless `before_m` is positive.
#[must_use]
pub fn judge_cut(
    before_m: f64,
    after_m: f64,
    advised_pct: (f64, f64),
) -> Option<(f64, CutVerdict)> {
    if before_m <= 0.0 || !before_m.is_finite() || !after_m.is_finite() {
        return None;
    }
    let cut = 100.0 * (1.0 - after_m / before_m);
    let v = if after_m <= 0.0 {
        CutVerdict::Stopped
    } else if cut < advised_pct.0 - CUT_EPS_PCT {
        CutVerdict::NotEnough
    } else if cut <= advised_pct.1 + CUT_EPS_PCT {
        CutVerdict::WithinAdvice
    } else {
        CutVerdict::MoreThanAdvised
    };
    Some((cut, v))
}

/// Training time around a cut: running and cross-training, s.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct TimeSpent {
    /// Running moving time, s.
    pub running_s: f64,
    /// Cross-training time, s.
    pub cross_training_s: f64,
}

/// [`judge_cut`], then: a running cut of at least the advised minimum whose running plus
/// cross-training time fell by no more than the advised maximum is
/// [`CutVerdict::ReplacedWithCrossTraining`] (our reading of the advice: cut running,
/// swap in low-impact work). `None` as for [`judge_cut`].
#[must_use]
pub fn judge_cut_with_cross(
    before_m: f64,
    after_m: f64,
    before: TimeSpent,
    after: TimeSpent,
    advised_pct: (f64, f64),
) -> Option<(f64, CutVerdict)> {
    let (cut, v) = judge_cut(before_m, after_m, advised_pct)?;
    let total_before = before.running_s + before.cross_training_s;
    let total_after = after.running_s + after.cross_training_s;
    let made_up = after.cross_training_s > before.cross_training_s
        && total_before > 0.0
        && total_after >= total_before * (1.0 - advised_pct.1 / 100.0) - CUT_EPS_PCT;
    let v = match v {
        CutVerdict::MoreThanAdvised | CutVerdict::Stopped if made_up => {
            CutVerdict::ReplacedWithCrossTraining
        }
        CutVerdict::WithinAdvice if made_up => CutVerdict::ReplacedWithCrossTraining,
        other => other,
    };
    Some((cut, v))
}

/// A finding from the pain log.
#[derive(Clone, Debug, PartialEq)]
pub enum PainFinding {
    /// A sore day, and how the week after it compares with the week before.
    SoreDayVolume {
        /// The week's first sore day.
        sore_day: NaiveDate,
        /// The week's highest pain.
        pain: u8,
        /// Label of the last full week before the sore day's week.
        week_before: String,
        /// Its distance, m.
        before_m: f64,
        /// The seven days from the sore day, `YYYY-MM-DD to YYYY-MM-DD`.
        week_after: String,
        /// Its distance, m.
        after_m: f64,
        /// 100 × (1 − after ÷ before), percent (negative for an increase).
        cut_pct: f64,
        /// Against the advice.
        verdict: CutVerdict,
        /// The advised cut, percent.
        advised_pct: (f64, f64),
    },
    /// Pain on consecutive days for 48 h or more: stop and get assessed.
    LingeringPain {
        /// First day of the streak.
        first_day: NaiveDate,
        /// Last day of the streak.
        last_day: NaiveDate,
        /// Days in the streak.
        days: usize,
        /// Span, h ((days − 1) × 24).
        hours: f64,
        /// Highest pain in the streak.
        max_pain: u8,
    },
}

impl PainFinding {
    /// Stable identifier for scripts.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::SoreDayVolume { .. } => "sore_day_volume",
            Self::LingeringPain { .. } => "lingering_pain",
        }
    }

    /// The day the finding is about (for sorting and display).
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        match self {
            Self::SoreDayVolume { sore_day, .. } => *sore_day,
            Self::LingeringPain { first_day, .. } => *first_day,
        }
    }

    /// How much it matters.
    #[must_use]
    pub fn severity(&self) -> Severity {
        match self {
            Self::SoreDayVolume {
                verdict: CutVerdict::NotEnough,
                ..
            } => Severity::Caution,
            Self::SoreDayVolume { .. } => Severity::Info,
            Self::LingeringPain { .. } => Severity::Warning,
        }
    }

    /// The numbers behind it, by name (sorted), unrounded (the JSON rounds them), in
    /// metric units.
    #[must_use]
    pub fn evidence(&self) -> BTreeMap<String, f64> {
        self.evidence_in(UnitSystem::Metric)
    }

    /// The numbers behind it; week distances in the display unit (`_km` or `_mi`).
    #[must_use]
    pub fn evidence_in(&self, u: UnitSystem) -> BTreeMap<String, f64> {
        let mut e = BTreeMap::new();
        let mut put = |k: &str, v: f64| {
            e.insert(k.to_string(), v);
        };
        let dist = |k: &str, m: f64| (format!("{k}_{}", u.distance_label()), u.distance(m));
        match self {
            Self::SoreDayVolume {
                pain,
                before_m,
                after_m,
                cut_pct,
                advised_pct,
                ..
            } => {
                put("pain", f64::from(*pain));
                let (key, v) = dist("week_before", *before_m);
                put(&key, v);
                let (key, v) = dist("week_after", *after_m);
                put(&key, v);
                put("cut_pct", *cut_pct);
                put("advised_min_pct", advised_pct.0);
                put("advised_max_pct", advised_pct.1);
            }
            Self::LingeringPain {
                days,
                hours,
                max_pain,
                ..
            } => {
                #[allow(clippy::cast_precision_loss)]
                put("days", *days as f64);
                put("hours", *hours);
                put("max_pain", f64::from(*max_pain));
            }
        }
        e
    }

    /// What happened and what to do, in plain words (metric units).
    #[must_use]
    pub fn message(&self) -> String {
        self.message_in(UnitSystem::Metric)
    }

    /// What happened and what to do, in plain words, distances in the display unit.
    #[must_use]
    pub fn message_in(&self, u: UnitSystem) -> String {
        let (dist, dl) = (|m: f64| u.distance(m), u.distance_label());
        match self {
            Self::SoreDayVolume {
                sore_day,
                pain,
                week_before,
                before_m,
                week_after,
                after_m,
                cut_pct,
                verdict,
                advised_pct: (lo, hi),
            } => {
                let (b, a) = (dist(*before_m), dist(*after_m));
                let head = format!(
                    "Pain {pain}/10 on {sore_day}: {b:.1} {dl} the week before ({week_before}), \
                     {a:.1} {dl} the week after ({week_after})"
                );
                match verdict {
                    CutVerdict::NotEnough if *cut_pct < 0.0 => format!(
                        "{head}, {:.0}% more. While it hurts, cut weekly distance by \
                         {lo:.0}–{hi:.0}% for a while.",
                        -cut_pct
                    ),
                    CutVerdict::NotEnough => format!(
                        "{head}, a {cut_pct:.0}% cut: less than the {lo:.0}–{hi:.0}% advised \
                         while it hurts."
                    ),
                    CutVerdict::WithinAdvice => {
                        format!("{head}, a {cut_pct:.0}% cut: within the {lo:.0}–{hi:.0}% advised.")
                    }
                    CutVerdict::MoreThanAdvised => format!(
                        "{head}, a {cut_pct:.0}% cut: more than the {lo:.0}–{hi:.0}% advised. \
                         Easing back is fine; a {lo:.0}–{hi:.0}% cut usually keeps you running."
                    ),
                    CutVerdict::Stopped => format!(
                        "{head}: a full stop. The advice is a {lo:.0}–{hi:.0}% cut rather than \
                         stopping, unless pain is sharp or swelling appears."
                    ),
                    CutVerdict::ReplacedWithCrossTraining => format!(
                        "{head}, a {cut_pct:.0}% cut in running made up with cross-training: \
                         the advice followed."
                    ),
                }
            }
            Self::LingeringPain {
                first_day,
                last_day,
                days,
                hours,
                max_pain,
            } => format!(
                "Pain logged on {days} consecutive days ({first_day} to {last_day}, at least \
                 {hours:.0} h, up to {max_pain}/10). Pain that lingers more than 48 hours: stop \
                 running and get assessed by a physio or doctor."
            ),
        }
    }
}

/// A finding about weekly volume, without a pain log.
#[derive(Clone, Debug, PartialEq)]
pub enum VolumeFinding {
    /// The last week is shorter than the one before.
    RecentCut {
        /// The second-last week's label and distance, m.
        from_week: String,
        /// Its distance, m.
        from_m: f64,
        /// The last week's label.
        to_week: String,
        /// Its distance, m.
        to_m: f64,
        /// The cut, percent.
        cut_pct: f64,
        /// Against the advised range.
        verdict: CutVerdict,
        /// The advised range, percent.
        advised_pct: (f64, f64),
    },
    /// A week much longer than the previous one.
    VolumeJump {
        /// The previous week's label.
        from_week: String,
        /// Its distance, m.
        from_m: f64,
        /// The week's label.
        to_week: String,
        /// Its distance, m.
        to_m: f64,
        /// The increase, percent.
        increase_pct: f64,
        /// The limit, percent.
        limit_pct: f64,
    },
}

impl VolumeFinding {
    /// Stable identifier for scripts.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::RecentCut { .. } => "weekly_cut",
            Self::VolumeJump { .. } => "weekly_jump",
        }
    }

    /// How much it matters.
    #[must_use]
    pub fn severity(&self) -> Severity {
        match self {
            Self::RecentCut { .. } => Severity::Info,
            Self::VolumeJump { .. } => Severity::Caution,
        }
    }

    /// The numbers behind it, by name (sorted), unrounded (the JSON rounds them), in
    /// metric units.
    #[must_use]
    pub fn evidence(&self) -> BTreeMap<String, f64> {
        self.evidence_in(UnitSystem::Metric)
    }

    /// The numbers behind it; week distances in the display unit (`_km` or `_mi`).
    #[must_use]
    pub fn evidence_in(&self, u: UnitSystem) -> BTreeMap<String, f64> {
        let mut e = BTreeMap::new();
        let mut put = |k: &str, v: f64| {
            e.insert(k.to_string(), v);
        };
        let dist = |k: &str, m: f64| (format!("{k}_{}", u.distance_label()), u.distance(m));
        match self {
            Self::RecentCut {
                from_m,
                to_m,
                cut_pct,
                advised_pct,
                ..
            } => {
                let (key, v) = dist("from", *from_m);
                put(&key, v);
                let (key, v) = dist("to", *to_m);
                put(&key, v);
                put("cut_pct", *cut_pct);
                put("advised_min_pct", advised_pct.0);
                put("advised_max_pct", advised_pct.1);
            }
            Self::VolumeJump {
                from_m,
                to_m,
                increase_pct,
                limit_pct,
                ..
            } => {
                let (key, v) = dist("from", *from_m);
                put(&key, v);
                let (key, v) = dist("to", *to_m);
                put(&key, v);
                put("increase_pct", *increase_pct);
                put("limit_pct", *limit_pct);
            }
        }
        e
    }

    /// What happened and what to do, in plain words (metric units).
    #[must_use]
    pub fn message(&self) -> String {
        self.message_in(UnitSystem::Metric)
    }

    /// What happened and what to do, in plain words, distances in the display unit.
    #[must_use]
    pub fn message_in(&self, u: UnitSystem) -> String {
        let (dist, dl) = (|m: f64| u.distance(m), u.distance_label());
        match self {
            Self::RecentCut {
                from_week,
                from_m,
                to_week,
                to_m,
                cut_pct,
                verdict,
                advised_pct: (lo, hi),
            } => {
                let (f, t) = (dist(*from_m), dist(*to_m));
                let judged = match verdict {
                    CutVerdict::NotEnough => format!("less than the {lo:.0}–{hi:.0}% cut advised"),
                    CutVerdict::WithinAdvice => {
                        format!("within the {lo:.0}–{hi:.0}% cut advised")
                    }
                    CutVerdict::MoreThanAdvised => format!(
                        "more than the {lo:.0}–{hi:.0}% cut advised; easing back is fine, \
                         stopping is not needed unless pain is sharp"
                    ),
                    CutVerdict::Stopped => "a full stop; the advice is a 20–30% cut rather \
                                            than stopping, unless pain is sharp"
                        .to_string(),
                    CutVerdict::ReplacedWithCrossTraining => {
                        "the running time was made up with cross-training, as advised".to_string()
                    }
                };
                format!(
                    "Weekly distance went from {f:.1} {dl} ({from_week}) to {t:.1} {dl} ({to_week}), \
                     a {cut_pct:.0}% cut: {judged}. If the last week is still in progress, \
                     this is not yet a cut."
                )
            }
            Self::VolumeJump {
                from_week,
                from_m,
                to_week,
                to_m,
                increase_pct,
                limit_pct,
            } => format!(
                "Weekly distance jumped {increase_pct:.0}% from {:.1} {dl} ({from_week}) to \
                 {:.1} {dl} ({to_week}), more than {limit_pct:.0}%. Build volume gradually, \
                 especially while a hip is sore.",
                dist(*from_m),
                dist(*to_m)
            ),
        }
    }
}

super::warning::advice_by_inherent_methods!(PainFinding, VolumeFinding);
