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
//! * [`PainPatternFinding`]: what kind of run the logged pain follows (numbers and
//!   statistics in [`crate::coach::pain_pattern`]; the method in
//!   `docs/pain-pattern.md`). Never a cause, never a diagnosis.

use super::code::FindingCode;
use super::message::{Evidence, Message};
use super::warning::{Advice, Severity};
use crate::units::Quantity;
use chrono::NaiveDate;

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
pub(crate) const ADVISED_CUT_PCT: (f64, f64) = (20.0, 30.0);

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
    /// The day the finding is about (for sorting and display).
    #[must_use]
    pub fn date(&self) -> NaiveDate {
        match self {
            Self::SoreDayVolume { sore_day, .. } => *sore_day,
            Self::LingeringPain { first_day, .. } => *first_day,
        }
    }
}

impl Advice for PainFinding {
    fn code(&self) -> FindingCode {
        match self {
            Self::SoreDayVolume { .. } => FindingCode::SoreDayVolume,
            Self::LingeringPain { .. } => FindingCode::LingeringPain,
        }
    }
    /// How much it matters.
    fn severity(&self) -> Severity {
        match self {
            Self::SoreDayVolume {
                verdict: CutVerdict::NotEnough,
                ..
            } => Severity::Caution,
            Self::SoreDayVolume { .. } => Severity::Info,
            Self::LingeringPain { .. } => Severity::Warning,
        }
    }
    /// The numbers behind it, by name (sorted), unrounded (the JSON rounds them); week
    /// distances in metres (a renderer names them `_km` or `_mi`).
    fn evidence(&self) -> Evidence {
        let mut e = Evidence::new();
        match self {
            Self::SoreDayVolume {
                pain,
                before_m,
                after_m,
                cut_pct,
                advised_pct,
                ..
            } => {
                e.number("pain", f64::from(*pain));
                e.distance("week_before", *before_m);
                e.distance("week_after", *after_m);
                e.number("cut_pct", *cut_pct);
                e.number("advised_min_pct", advised_pct.0);
                e.number("advised_max_pct", advised_pct.1);
            }
            Self::LingeringPain {
                days,
                hours,
                max_pain,
                ..
            } => {
                e.number("days", *days as f64);
                e.number("hours", *hours);
                e.number("max_pain", f64::from(*max_pain));
            }
        }
        e
    }
    /// What happened and what to do, in plain words; week distances left for the renderer.
    fn message(&self) -> Message {
        let km = |meters: f64| Quantity::Distance {
            meters,
            decimals: 1,
        };
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
                let head = Message::from(format!("Pain {pain}/10 on {sore_day}: "))
                    .quantity(km(*before_m))
                    .text(format!(" the week before ({week_before}), "))
                    .quantity(km(*after_m))
                    .text(format!(" the week after ({week_after})"));
                let tail = match verdict {
                    CutVerdict::NotEnough if *cut_pct < 0.0 => format!(
                        ", {:.0}% more. While it hurts, cut weekly distance by \
                         {lo:.0}–{hi:.0}% for a while.",
                        -cut_pct
                    ),
                    CutVerdict::NotEnough => format!(
                        ", a {cut_pct:.0}% cut: less than the {lo:.0}–{hi:.0}% advised \
                         while it hurts."
                    ),
                    CutVerdict::WithinAdvice => {
                        format!(", a {cut_pct:.0}% cut: within the {lo:.0}–{hi:.0}% advised.")
                    }
                    CutVerdict::MoreThanAdvised => format!(
                        ", a {cut_pct:.0}% cut: more than the {lo:.0}–{hi:.0}% advised. \
                         Easing back is fine; a {lo:.0}–{hi:.0}% cut usually keeps you running."
                    ),
                    CutVerdict::Stopped => format!(
                        ": a full stop. The advice is a {lo:.0}–{hi:.0}% cut rather than \
                         stopping, unless pain is sharp or swelling appears."
                    ),
                    CutVerdict::ReplacedWithCrossTraining => format!(
                        ", a {cut_pct:.0}% cut in running made up with cross-training: \
                         the advice followed."
                    ),
                };
                head.text(tail)
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
            )
            .into(),
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

impl Advice for VolumeFinding {
    fn code(&self) -> FindingCode {
        match self {
            Self::RecentCut { .. } => FindingCode::WeeklyCut,
            Self::VolumeJump { .. } => FindingCode::WeeklyJump,
        }
    }
    /// How much it matters.
    fn severity(&self) -> Severity {
        match self {
            Self::RecentCut { .. } => Severity::Info,
            Self::VolumeJump { .. } => Severity::Caution,
        }
    }
    /// The numbers behind it, by name (sorted), unrounded (the JSON rounds them); week
    /// distances in metres (a renderer names them `_km` or `_mi`).
    fn evidence(&self) -> Evidence {
        let mut e = Evidence::new();
        match self {
            Self::RecentCut {
                from_m,
                to_m,
                cut_pct,
                advised_pct,
                ..
            } => {
                e.distance("from", *from_m);
                e.distance("to", *to_m);
                e.number("cut_pct", *cut_pct);
                e.number("advised_min_pct", advised_pct.0);
                e.number("advised_max_pct", advised_pct.1);
            }
            Self::VolumeJump {
                from_m,
                to_m,
                increase_pct,
                limit_pct,
                ..
            } => {
                e.distance("from", *from_m);
                e.distance("to", *to_m);
                e.number("increase_pct", *increase_pct);
                e.number("limit_pct", *limit_pct);
            }
        }
        e
    }
    /// What happened and what to do, in plain words; week distances left for the renderer.
    fn message(&self) -> Message {
        let km = |meters: f64| Quantity::Distance {
            meters,
            decimals: 1,
        };
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
                Message::from("Weekly distance went from ")
                    .quantity(km(*from_m))
                    .text(format!(" ({from_week}) to "))
                    .quantity(km(*to_m))
                    .text(format!(
                        " ({to_week}), a {cut_pct:.0}% cut: {judged}. If the last week is still \
                         in progress, this is not yet a cut."
                    ))
            }
            Self::VolumeJump {
                from_week,
                from_m,
                to_week,
                to_m,
                increase_pct,
                limit_pct,
            } => Message::from(format!("Weekly distance jumped {increase_pct:.0}% from "))
                .quantity(km(*from_m))
                .text(format!(" ({from_week}) to "))
                .quantity(km(*to_m))
                .text(format!(
                    " ({to_week}), more than {limit_pct:.0}%. Build volume gradually, especially \
                 while a hip is sore."
                )),
        }
    }
}

/// A trait of a run that the pain log is set against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RunTrait {
    /// Hilly: steep share or gain per km over the limits.
    Hilly,
    /// Fast or structured: a structured session, or an average pace well above easy.
    FastOrStructured,
    /// Long against the runner's usual duration.
    Long,
    /// Left/right ground-contact balance away from the runner's own.
    OffBalance,
}

impl RunTrait {
    /// Every trait, in the order they are reported.
    pub const ALL: [Self; 4] = [
        Self::Hilly,
        Self::FastOrStructured,
        Self::Long,
        Self::OffBalance,
    ];

    /// Stable code (JSON, evidence keys).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hilly => "hilly",
            Self::FastOrStructured => "fast",
            Self::Long => "long",
            Self::OffBalance => "off_balance",
        }
    }

    /// Runs with the trait, in plain words (plural).
    #[must_use]
    pub fn with_label(self) -> &'static str {
        match self {
            Self::Hilly => "hilly runs",
            Self::FastOrStructured => "fast or structured runs",
            Self::Long => "long runs",
            Self::OffBalance => "runs with left/right balance off your own",
        }
    }

    /// Runs without it, in plain words (plural).
    #[must_use]
    pub fn without_label(self) -> &'static str {
        match self {
            Self::Hilly => "flat runs",
            Self::FastOrStructured => "easy runs",
            Self::Long => "shorter runs",
            Self::OffBalance => "runs with your usual balance",
        }
    }
}

/// Runs with a trait against the runs without it: how many of each pain followed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TraitComparison {
    /// The trait.
    pub run_trait: RunTrait,
    /// Runs with the trait that pain followed.
    pub with_pain: usize,
    /// Runs with the trait (outcome known).
    pub with_runs: usize,
    /// Runs without it that pain followed.
    pub without_pain: usize,
    /// Runs without it (outcome known).
    pub without_runs: usize,
    /// One-sided Fisher's exact test: P(this many or more of the pain-followed runs among
    /// the runs with the trait) under no association. `None` when a group is below the
    /// minimum and no test was made.
    pub p_value: Option<f64>,
    /// `p_value` after Holm's correction over the comparisons tested.
    pub p_holm: Option<f64>,
    /// Pain followed runs with the trait more often, with `p_holm` below the level.
    pub named: bool,
}

impl TraitComparison {
    /// "pain followed 6 of 7 hilly runs and 0 of 7 flat runs".
    #[must_use]
    pub(crate) fn counts_words(&self) -> String {
        format!(
            "pain followed {} of {} {} and {} of {} {}",
            self.with_pain,
            self.with_runs,
            self.run_trait.with_label(),
            self.without_pain,
            self.without_runs,
            self.run_trait.without_label()
        )
    }
}

/// A p-value in words: `p = 0.002`, `p < 0.001`.
#[must_use]
pub fn p_words(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else if p < 0.01 {
        format!("p = {p:.3}")
    } else {
        format!("p = {p:.2}")
    }
}

/// What kind of run the logged pain follows ([`crate::coach::pain_pattern`]).
#[derive(Clone, Debug, PartialEq)]
pub enum PainPatternFinding {
    /// Too few runs with a logged outcome, or too few sore days, to tell.
    TooFewDays {
        /// Runs with a pain-log entry in the days after them.
        runs: usize,
        /// Sore days logged over the runs' dates.
        sore_days: usize,
        /// The minimum of runs.
        min_runs: usize,
        /// The minimum of sore days.
        min_sore_days: usize,
    },
    /// Enough logged days: each trait compared.
    Pattern {
        /// Runs with a pain-log entry in the days after them.
        runs: usize,
        /// Of those, runs pain followed.
        followed: usize,
        /// Sore days logged over the runs' dates.
        sore_days: usize,
        /// One comparison per trait, in [`RunTrait::ALL`] order.
        comparisons: Vec<TraitComparison>,
        /// The significance level the Holm-corrected p-values are held to.
        alpha: f64,
    },
}

impl PainPatternFinding {
    /// The traits pain followed more often (empty when none stands out).
    #[must_use]
    pub fn named(&self) -> Vec<RunTrait> {
        match self {
            Self::TooFewDays { .. } => Vec::new(),
            Self::Pattern { comparisons, .. } => comparisons
                .iter()
                .filter(|c| c.named)
                .map(|c| c.run_trait)
                .collect(),
        }
    }
}

impl Advice for PainPatternFinding {
    fn code(&self) -> FindingCode {
        match self {
            Self::TooFewDays { .. } => FindingCode::PainPatternTooFewDays,
            Self::Pattern { comparisons, .. } if comparisons.iter().any(|c| c.named) => {
                FindingCode::PainFollows
            }
            Self::Pattern { .. } => FindingCode::PainFollowsNoKind,
        }
    }
    /// Caution when a kind of run stands out (the plan answers it), info otherwise.
    fn severity(&self) -> Severity {
        if self.named().is_empty() {
            Severity::Info
        } else {
            Severity::Caution
        }
    }
    /// The numbers behind it, by name (sorted): counts and p-values per trait tested.
    fn evidence(&self) -> Evidence {
        let n = |x: usize| x as f64;
        let mut e = Evidence::new();
        match self {
            Self::TooFewDays {
                runs,
                sore_days,
                min_runs,
                min_sore_days,
            } => {
                e.number("runs", n(*runs));
                e.number("sore_days", n(*sore_days));
                e.number("min_runs", n(*min_runs));
                e.number("min_sore_days", n(*min_sore_days));
            }
            Self::Pattern {
                runs,
                followed,
                sore_days,
                comparisons,
                ..
            } => {
                e.number("runs", n(*runs));
                e.number("runs_followed_by_pain", n(*followed));
                e.number("sore_days", n(*sore_days));
                for c in comparisons {
                    let k = c.run_trait.as_str();
                    e.number(format!("{k}_runs"), n(c.with_runs));
                    e.number(format!("{k}_with_pain"), n(c.with_pain));
                    e.number(format!("{k}_other_runs"), n(c.without_runs));
                    e.number(format!("{k}_other_with_pain"), n(c.without_pain));
                }
            }
        }
        e
    }
    /// In plain words: counts first, the test, never a cause.
    fn message(&self) -> Message {
        match self {
            Self::TooFewDays { .. } => {
                "Not enough logged days to tell what the pain follows.".into()
            }
            Self::Pattern {
                runs,
                followed,
                comparisons,
                alpha,
                ..
            } => {
                let tested: Vec<&TraitComparison> =
                    comparisons.iter().filter(|c| c.p_value.is_some()).collect();
                let m = tested.len();
                let named: Vec<&&TraitComparison> = tested.iter().filter(|c| c.named).collect();
                let mut parts = Vec::new();
                if named.is_empty() {
                    parts.push(format!(
                        "Pain followed {followed} of {runs} runs, and no kind of run stands out"
                    ));
                    let words: Vec<String> = tested.iter().map(|c| c.counts_words()).collect();
                    if !words.is_empty() {
                        parts.push(format!(": {}", words.join("; ")));
                    }
                    parts.push(".".into());
                } else {
                    let mut first = true;
                    for c in &named {
                        let w = c.counts_words();
                        let w = if first {
                            let mut ch = w.chars();
                            ch.next()
                                .map(|f| f.to_uppercase().collect::<String>() + ch.as_str())
                                .unwrap_or_default()
                        } else {
                            w
                        };
                        first = false;
                        parts.push(format!(
                            "{w} ({}, Fisher's exact test, Holm-corrected over {m} \
                             comparison{}). ",
                            p_words(c.p_holm.unwrap_or(1.0)),
                            if m == 1 { "" } else { "s" }
                        ));
                    }
                    let rest: Vec<String> = tested
                        .iter()
                        .filter(|c| !c.named)
                        .map(|c| c.counts_words())
                        .collect();
                    if !rest.is_empty() {
                        parts.push(format!(
                            "No clear difference otherwise: {}. ",
                            rest.join("; ")
                        ));
                    }
                    parts.push(format!(
                        "A pattern in your log (level {alpha}), not a cause or a diagnosis: \
                         show it to your physio."
                    ));
                }
                parts.concat().trim_end().into()
            }
        }
    }
}
