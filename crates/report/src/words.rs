//! A finding's words in the runner's units: its message, its evidence, the session kind's
//! evidence. Each code's title, what it means for a sore hip and what to do are the coach's
//! (`stridewise_engine::coach::code::explain`), so a new finding is written in one crate.

use std::collections::BTreeMap;
use stridewise_engine::analysis::session::{NonRun, Session, SessionKind, StructureSource};
use stridewise_engine::coach::message::{Evidence, Figure, Message, Piece};
use stridewise_engine::units::{Quantity, UnitSystem};

pub(crate) use stridewise_engine::coach::code::explain;

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
