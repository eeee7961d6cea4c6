//! Finding codes in plain words, for the pages a runner reads: a title, what it means for a
//! sore hip, and what to do. The physio advice behind every line is listed in `coach::rules` ("The runner
//! we serve", "Cadence target", "Overstriding", "Elevation"); the wording is ours.

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

/// The words for a finding code; `None` for a code this table does not know (a newer
/// finding): callers then show the code and the finding's own message.
#[must_use]
pub fn explain(code: &str) -> Option<Explained> {
    let e = |title, hip, advice| Some(Explained { title, hip, advice });
    match code {
        "low_cadence" => e(
            "Cadence below the target band",
            "Fewer, longer steps land further ahead of the body and load the hip harder on \
             every landing.",
            "Take shorter, quicker steps: aim 5–10% above your usual cadence at easy pace \
             (a metronome app helps).",
        ),
        "cadence_fade" => e(
            "Cadence fading late in the run",
            "Tired form late in a run lets the stride lengthen, which is when a sore hip \
             usually complains.",
            "Keep the step quick in the last third, or shorten the run until it holds.",
        ),
        "overstriding" => e(
            "Steps longer than usual (overstriding signs)",
            "Reaching forward with the foot brakes each step and sends the load up the leg \
             to the hip.",
            "Land with the foot under the body: shorter steps at the same pace.",
        ),
        "hill_exposure" => e(
            "A lot of steep running",
            "Hills load the hip more than flat ground, uphill and even more so downhill.",
            "While the hip hurts, favour flat routes.",
        ),
        "steep_descents" => e(
            "Long or steep descents",
            "Running downhill loads the hip eccentrically (muscles braking while they \
             lengthen), the hardest kind of load on a sore hip.",
            "Avoid steep descents for now, or walk them with short steps.",
        ),
        "pace_drift" => e(
            "Slowing down over the run",
            "A fading pace at the same effort is fatigue, and tired form loads the hip more.",
            "Start easier, or shorten the run.",
        ),
        "decoupling" => e(
            "Heart rate drifting up against pace",
            "The run was longer or harder than your current aerobic fitness holds \
             comfortably.",
            "Keep easy runs easy, and build their length gradually.",
        ),
        "run_walk" => e(
            "Run/walk intervals",
            "Walk breaks keep volume while sparing the hip; they are a legitimate way to train \
             through a sore spell.",
            "A 5:1 rhythm (run 5 min, walk 1) is a good place to start.",
        ),
        "weekly_jump" => e(
            "A sudden jump in weekly distance",
            "Big jumps in volume are a common cause of overuse pain, the hip included.",
            "Build weekly distance gradually.",
        ),
        "weekly_cut" => e(
            "Weekly distance cut",
            "Cutting weekly distance by 20–30% for a while is the advice while a hip hurts.",
            "Keep the cut at 20–30%, and make up the time with low-impact cross-training.",
        ),
        "sore_day_volume" => e(
            "What happened after a sore day",
            "After a sore day the advice is a 20–30% cut in running, not carrying on as usual \
             nor stopping.",
            "Cut running by 20–30% for a while; swap a run for a ride or a swim.",
        ),
        "lingering_pain" => e(
            "Pain lasting more than 48 hours",
            "Pain that lingers more than two days is a reason to stop and get it looked at.",
            "Stop running and get assessed by a physio or doctor.",
        ),
        "pain_follows" => e(
            "What the pain follows",
            "Sore days came after one kind of run more often than after the others: a pattern \
             in your log, not a cause.",
            "Show it to your physio; while it hurts, favour the other kind of run (the plan does).",
        ),
        "pain_follows_no_kind" => e(
            "What the pain follows",
            "Sore days came after every kind of run alike: no hilly, fast, long or lopsided run \
             stands out.",
            "Keep logging pain each day; the volume advice (a 20–30% cut) still applies.",
        ),
        "pain_pattern_too_few_days" => e(
            "What the pain follows",
            "Too few runs with pain logged in the two days after them, or too few sore days, \
             to compare kinds of run.",
            "Log pain every day (0 on good days): each logged day makes the comparison possible.",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_tool_emits_has_words() {
        for code in [
            "low_cadence",
            "cadence_fade",
            "overstriding",
            "hill_exposure",
            "steep_descents",
            "pace_drift",
            "decoupling",
            "run_walk",
            "weekly_jump",
            "weekly_cut",
            "sore_day_volume",
            "lingering_pain",
            "pain_follows",
            "pain_follows_no_kind",
            "pain_pattern_too_few_days",
        ] {
            let e = explain(code).unwrap_or_else(|| panic!("{code}"));
            assert!(!e.title.contains('_'), "{code}");
        }
        assert_eq!(explain("no_such_code"), None);
    }
}
