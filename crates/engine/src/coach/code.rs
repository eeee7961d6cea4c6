//! Every finding's code, run and folder alike: the one enum the coach, the focus and the
//! renderers pass around. It becomes its snake_case string (`low_cadence`, ...) only where a
//! renderer writes it (JSON, `runs.csv`, the pages), so a misspelt code cannot compile and a
//! new finding cannot be left out of the focus ranking (the matches below are exhaustive).

/// The stable identifier of a finding, written as its snake_case string: the codes
/// scripts match on in JSON and `runs.csv` (docs/FINDINGS.md lists them all).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingCode {
    /// [`crate::coach::warning::Finding::LowCadence`].
    LowCadence,
    /// [`crate::coach::warning::Finding::CadenceFade`].
    CadenceFade,
    /// [`crate::coach::warning::Finding::Overstriding`].
    Overstriding,
    /// [`crate::coach::warning::Finding::HillExposure`].
    HillExposure,
    /// [`crate::coach::warning::Finding::SteepDescents`].
    SteepDescents,
    /// [`crate::coach::warning::Finding::PaceDrift`].
    PaceDrift,
    /// [`crate::coach::warning::Finding::Decoupling`].
    Decoupling,
    /// [`crate::coach::warning::Finding::RunWalk`].
    RunWalk,
    /// [`crate::coach::warning::Finding::GroundContactBalance`].
    GroundContactBalance,
    /// [`crate::coach::folder::VolumeFinding::RecentCut`].
    WeeklyCut,
    /// [`crate::coach::folder::VolumeFinding::VolumeJump`].
    WeeklyJump,
    /// [`crate::coach::folder::PainFinding::SoreDayVolume`].
    SoreDayVolume,
    /// [`crate::coach::folder::PainFinding::LingeringPain`].
    LingeringPain,
    /// [`crate::coach::folder::PainPatternFinding::TooFewDays`].
    PainPatternTooFewDays,
    /// [`crate::coach::folder::PainPatternFinding::Pattern`] naming what pain followed.
    PainFollows,
    /// [`crate::coach::folder::PainPatternFinding::Pattern`] where no kind of run stands out.
    PainFollowsNoKind,
}

impl FindingCode {
    /// Every code, run findings first.
    pub const ALL: [Self; 16] = [
        Self::LowCadence,
        Self::CadenceFade,
        Self::Overstriding,
        Self::HillExposure,
        Self::SteepDescents,
        Self::PaceDrift,
        Self::Decoupling,
        Self::RunWalk,
        Self::GroundContactBalance,
        Self::WeeklyCut,
        Self::WeeklyJump,
        Self::SoreDayVolume,
        Self::LingeringPain,
        Self::PainPatternTooFewDays,
        Self::PainFollows,
        Self::PainFollowsNoKind,
    ];

    /// The code as scripts see it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LowCadence => "low_cadence",
            Self::CadenceFade => "cadence_fade",
            Self::Overstriding => "overstriding",
            Self::HillExposure => "hill_exposure",
            Self::SteepDescents => "steep_descents",
            Self::PaceDrift => "pace_drift",
            Self::Decoupling => "decoupling",
            Self::RunWalk => "run_walk",
            Self::GroundContactBalance => "ground_contact_balance",
            Self::WeeklyCut => "weekly_cut",
            Self::WeeklyJump => "weekly_jump",
            Self::SoreDayVolume => "sore_day_volume",
            Self::LingeringPain => "lingering_pain",
            Self::PainPatternTooFewDays => "pain_pattern_too_few_days",
            Self::PainFollows => "pain_follows",
            Self::PainFollowsNoKind => "pain_follows_no_kind",
        }
    }

    /// What it is about, for the focus ranking: what matters most for a sore hip (the
    /// physio advice in [`crate::coach::rules`]) comes first.
    #[must_use]
    pub fn topic(self) -> Topic {
        match self {
            Self::LingeringPain => Topic::Safety,
            Self::LowCadence
            | Self::Overstriding
            | Self::CadenceFade
            | Self::GroundContactBalance => Topic::Form,
            Self::HillExposure | Self::SteepDescents => Topic::Hills,
            Self::WeeklyJump | Self::WeeklyCut | Self::SoreDayVolume | Self::PainFollows => {
                Topic::Volume
            }
            Self::RunWalk | Self::PainPatternTooFewDays | Self::PainFollowsNoKind => Topic::Other,
            Self::PaceDrift | Self::Decoupling => Topic::Effort,
        }
    }

    /// About the whole folder (volume, pain), not counted in runs.
    #[must_use]
    pub fn is_folder_wide(self) -> bool {
        matches!(self.topic(), Topic::Safety | Topic::Volume)
    }

    /// Safety: heads every focus list, before severity, and every output (the terminal,
    /// the index) before anything else.
    #[must_use]
    pub fn is_safety(self) -> bool {
        self.topic() == Topic::Safety
    }

    /// Context, never something to work on, whatever its severity.
    #[must_use]
    pub(crate) fn never_focus(self) -> bool {
        self == Self::Decoupling
    }

    /// Position inside its topic: cadence, then overstriding, then fade; hills before
    /// descents; the rest after.
    #[must_use]
    pub(crate) fn rank_within_topic(self) -> u8 {
        match self {
            Self::LowCadence | Self::HillExposure => 0,
            Self::Overstriding | Self::SteepDescents => 1,
            Self::CadenceFade => 2,
            _ => 3,
        }
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a finding is about, in the order the focus ranks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    /// Pain that lingers.
    Safety,
    /// Cadence, overstriding, balance: they load the hip on every step.
    Form,
    /// Hills: a route choice.
    Hills,
    /// Weekly volume and pain against it.
    Volume,
    /// Anything not ranked by topic.
    Other,
    /// How hard the run was (pace drift, decoupling).
    Effort,
}

/// A finding code explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explained {
    /// Short plain title ("Short, quick steps are missing").
    pub title: &'static str,
    /// What it means for a sore hip.
    pub hip: &'static str,
    /// What to do.
    pub advice: &'static str,
}

/// The words for a finding code, for the pages a runner reads: a title, what it means for a
/// sore hip, and what to do (every code has them: the match is exhaustive). The physio
/// advice behind every line is listed in `coach::rules` ("The runner we serve", "Cadence
/// target", "Overstriding", "Elevation"); the wording is ours.
#[must_use]
pub fn explain(code: FindingCode) -> Explained {
    let e = |title, hip, advice| Explained { title, hip, advice };
    match code {
        FindingCode::LowCadence => e(
            "Cadence below the target band",
            "Fewer, longer steps land further ahead of the body and load the hip harder on \
             every landing.",
            "Take shorter, quicker steps: aim 5–10% above your usual cadence at easy pace \
             (a metronome app helps).",
        ),
        FindingCode::CadenceFade => e(
            "Cadence fading late in the run",
            "Tired form late in a run lets the stride lengthen, which is when a sore hip \
             usually complains.",
            "Keep the step quick in the last third, or shorten the run until it holds.",
        ),
        FindingCode::Overstriding => e(
            "Steps longer than usual (overstriding signs)",
            "Reaching forward with the foot brakes each step and sends the load up the leg \
             to the hip.",
            "Land with the foot under the body: shorter steps at the same pace.",
        ),
        FindingCode::HillExposure => e(
            "A lot of steep running",
            "Hills load the hip more than flat ground, uphill and even more so downhill.",
            "While the hip hurts, favour flat routes.",
        ),
        FindingCode::SteepDescents => e(
            "Long or steep descents",
            "Running downhill loads the hip eccentrically (muscles braking while they \
             lengthen), the hardest kind of load on a sore hip.",
            "Avoid steep descents for now, or walk them with short steps.",
        ),
        FindingCode::PaceDrift => e(
            "Slowing down over the run",
            "A fading pace at the same effort is fatigue, and tired form loads the hip more.",
            "Start easier, or shorten the run.",
        ),
        FindingCode::Decoupling => e(
            "Heart rate drifting up against pace",
            "The run was longer or harder than your current aerobic fitness holds \
             comfortably.",
            "Keep easy runs easy, and build their length gradually.",
        ),
        FindingCode::RunWalk => e(
            "Run/walk intervals",
            "Walk breaks keep volume while sparing the hip; they are a legitimate way to train \
             through a sore spell.",
            "A 5:1 rhythm (run 5 min, walk 1) is a good place to start.",
        ),
        FindingCode::WeeklyJump => e(
            "A sudden jump in weekly distance",
            "Big jumps in volume are a common cause of overuse pain, the hip included.",
            "Build weekly distance gradually.",
        ),
        FindingCode::WeeklyCut => e(
            "Weekly distance cut",
            "Cutting weekly distance by 20–30% for a while is the advice while a hip hurts.",
            "Keep the cut at 20–30%, and make up the time with low-impact cross-training.",
        ),
        FindingCode::SoreDayVolume => e(
            "What happened after a sore day",
            "After a sore day the advice is a 20–30% cut in running, not carrying on as usual \
             nor stopping.",
            "Cut running by 20–30% for a while; swap a run for a ride or a swim.",
        ),
        FindingCode::LingeringPain => e(
            "Pain lasting more than 48 hours",
            "Pain that lingers more than two days is a reason to stop and get it looked at.",
            "Stop running and get assessed by a physio or doctor.",
        ),
        FindingCode::PainFollows => e(
            "What the pain follows",
            "Sore days came after one kind of run more often than after the others: a pattern \
             in your log, not a cause.",
            "Show it to your physio; while it hurts, favour the other kind of run (the plan does).",
        ),
        FindingCode::PainFollowsNoKind => e(
            "What the pain follows",
            "Sore days came after every kind of run alike: no hilly, fast, long or lopsided run \
             stands out.",
            "Keep logging pain each day; the volume advice (a 20–30% cut) still applies.",
        ),
        FindingCode::PainPatternTooFewDays => e(
            "What the pain follows",
            "Too few runs with pain logged in the two days after them, or too few sore days, \
             to compare kinds of run.",
            "Log pain every day (0 on good days): each logged day makes the comparison possible.",
        ),
        FindingCode::GroundContactBalance => e(
            "One foot stays down longer than the other",
            "Favouring one side is what a sore hip can look like: the body spares the leg \
             that hurts, or overloads the other to protect it.",
            "Mention it when you get assessed, and check it again on your next runs; do not \
             try to force it even.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_plain_words() {
        for code in FindingCode::ALL {
            let e = explain(code);
            for text in [e.title, e.hip, e.advice] {
                assert!(!text.is_empty() && !text.contains('_'), "{code}: {text}");
            }
        }
    }

    #[test]
    fn codes_are_distinct_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for c in FindingCode::ALL {
            let s = c.as_str();
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{s}"
            );
            assert!(seen.insert(s), "{s} twice");
        }
    }
}
