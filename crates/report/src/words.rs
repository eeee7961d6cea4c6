//! Finding codes in plain words, for the pages a runner reads: a title, what it means for a
//! sore hip, and what to do. The physio advice behind every line is listed in `coach::rules` ("The runner
//! we serve", "Cadence target", "Overstriding", "Elevation"); the wording is ours.

use std::collections::BTreeMap;
use stridewise_engine::analysis::session::{NonRun, Session, SessionKind, StructureSource};
use stridewise_engine::coach::code::FindingCode;
use stridewise_engine::coach::message::{Evidence, Figure, Message, Piece};
use stridewise_engine::units::{Quantity, UnitSystem};

/// A finding code explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Explained {
    /// Short plain title ("Short, quick steps are missing").
    pub title: &'static str,
    /// What it means for a sore hip.
    pub hip: &'static str,
    /// What to do.
    pub advice: &'static str,
}

/// The words for a finding code (every code has them: the match is exhaustive).
#[must_use]
pub(crate) fn explain(code: FindingCode) -> Explained {
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

/// A finding's (or a note's) message in the runner's units: the coach leaves every length,
/// distance and pace in SI ([`stridewise_engine::units::Quantity`]) and this words them.
#[must_use]
pub fn message(m: &Message, u: UnitSystem) -> String {
    let mut s = String::new();
    for p in m.pieces() {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Quantity(q) => s.push_str(&q.words(u)),
        }
    }
    s
}

/// A finding's evidence in the runner's units, by final name: a height is named `_m` or
/// `_ft`, a distance `_km` or `_mi`; unrounded (the JSON wire form rounds it).
#[must_use]
pub fn evidence(e: &Evidence, u: UnitSystem) -> BTreeMap<String, f64> {
    e.iter()
        .map(|(name, f)| match f {
            Figure::Number(v) => (name.to_string(), v),
            Figure::Height(m) => (format!("{name}_{}", u.elevation_label()), u.elevation(m)),
            Figure::Distance(m) => (format!("{name}_{}", u.distance_label()), u.distance(m)),
        })
        .collect()
}

/// The evidence for a session's kind, in plain words, speeds as paces in the runner's units.
#[must_use]
pub fn session_evidence(session: &Session, u: UnitSystem) -> String {
    let share = session.walking_share_pct();
    let pace = |mps: f64| Quantity::Pace(mps).words(u);
    match (session.kind, &session.non_run, &session.structure) {
        (
            SessionKind::NotARun,
            Some(NonRun::RideSpeed {
                median_mps,
                share_above_pct,
                limit_mps,
            }),
            _,
        ) => format!(
            "moving at {}, {share_above_pct:.0}% of the moving time faster than {}, \
             and no running cadence",
            pace(*median_mps),
            pace(*limit_mps)
        ),
        (
            SessionKind::NotARun,
            Some(NonRun::FasterThanRecord {
                speed_mps,
                record_mps,
                distance_m,
            }),
            _,
        ) => format!(
            "{} over {}, faster than the world record ({})",
            pace(*speed_mps),
            Quantity::Distance {
                meters: *distance_m,
                decimals: 2
            }
            .words(u),
            pace(*record_mps)
        ),
        (
            _,
            _,
            Some(StructureSource::Laps {
                work_rest_laps,
                warmup_cooldown_laps,
            }),
        ) => {
            format!(
                "the watch's laps: {work_rest_laps} marked interval, rest or recovery, \
                 {warmup_cooldown_laps} warm-up or cool-down"
            )
        }
        (
            _,
            _,
            Some(StructureSource::Speed {
                fast_blocks,
                fast_mps,
                slow_mps,
            }),
        ) => format!(
            "{fast_blocks} fast blocks at {} between slower ones at {} (grade-adjusted)",
            pace(*fast_mps),
            pace(*slow_mps)
        ),
        (SessionKind::Walk | SessionKind::RunWalk, _, _) => format!(
            "walking {share:.0}% of the moving time, {} walk break{}",
            session.walk_breaks,
            if session.walk_breaks == 1 { "" } else { "s" }
        ),
        (SessionKind::Treadmill, _, _) => "the file says treadmill".into(),
        (SessionKind::Route, _, _) => "positions without times".into(),
        _ => format!("running {:.0}% of the moving time", 100.0 - share),
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
