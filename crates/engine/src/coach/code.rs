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

#[cfg(test)]
mod tests {
    use super::*;

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
