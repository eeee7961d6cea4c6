//! Finding codes in plain words, for the pages a runner reads: a title, what it means for a
//! sore hip, and what to do. The physio advice behind every line is listed in `coach::rules` ("The runner
//! we serve", "Cadence target", "Overstriding", "Elevation"); the wording is ours.

use crate::coach::code::FindingCode;

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

/// The words for a finding code (every code has them: the match is exhaustive).
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
}
