//! Folders of generated runs and a pain log whose truth is known, for the pain-pattern
//! tests (issue 26): 14 FIT runs three days apart from 2024-03-04, steady at 3.0 m/s and
//! 170 steps/min with running dynamics, and a pain log with one entry the day after each
//! run (pain 5 when the truth says pain followed it, 1 otherwise).
//!
//! * [`Truth::HillyOnly`]: odd runs climb and descend 90 m at 6% (as [`Scenario::hilly_10k`]),
//!   even runs are flat; all 8 km. Pain follows the hilly ones.
//! * [`Truth::LongOnly`]: all flat; runs 2, 5, 8, 11 and 13 are 12 km, the others 5 km.
//!   Pain follows the long ones.
//! * [`Truth::EveryRun`]: as `HillyOnly`, pain after every run.
//! * [`Truth::TooFewDays`]: as `HillyOnly`, but only the first 6 runs have a log entry.

use super::fit::{encode, FitOptions};
use super::{AltitudeProfile, Scenario, Segment, Until};
use chrono::Duration;

/// What the pain follows in the generated folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Truth {
    /// Pain after hilly runs only.
    HillyOnly,
    /// Pain after long runs only.
    LongOnly,
    /// Pain after every run.
    EveryRun,
    /// Too few logged days to tell.
    TooFewDays,
}

/// Number of runs in a folder.
pub const RUNS: usize = 14;

/// Is run `k` (0-based) hilly in this truth?
#[must_use]
pub(crate) fn is_hilly(t: Truth, k: usize) -> bool {
    t != Truth::LongOnly && k % 2 == 1
}

/// Is run `k` long in this truth?
#[must_use]
pub(crate) fn is_long(t: Truth, k: usize) -> bool {
    t == Truth::LongOnly && [2, 5, 8, 11, 13].contains(&k)
}

/// The folder: (file name, FIT bytes) per run, and the pain log's text.
#[must_use]
pub fn folder(t: Truth) -> (Vec<(String, Vec<u8>)>, String) {
    let base = Scenario::hilly_10k();
    let mut files = Vec::new();
    let mut log = String::from("date,pain,note\n");
    for k in 0..RUNS {
        let hilly = is_hilly(t, k);
        let long = is_long(t, k);
        let km: f64 = if t == Truth::LongOnly {
            if long {
                12.0
            } else {
                5.0
            }
        } else {
            8.0
        };
        let mut s = base.clone();
        s.name = format!("run-{k:02}");
        s.start =
            base.start - Duration::days(61) + Duration::days(3 * i64::try_from(k).unwrap_or(0));
        s.pauses.clear();
        let end = km * 1000.0;
        s.altitude = Some(AltitudeProfile {
            points: if hilly {
                vec![
                    (0.0, 100.0),
                    (1_500.0, 100.0),
                    (3_000.0, 190.0),
                    (4_500.0, 190.0),
                    (6_000.0, 100.0),
                    (end, 100.0),
                ]
            } else {
                vec![(0.0, 100.0), (end, 100.0)]
            },
        });
        s.segments = vec![Segment::run("steady", Until::DistanceM(end), 3.0, 170.0)];
        s.seed = 0x26_0000 + k as u64;
        if let Ok(run) = super::generate(&s) {
            files.push((
                format!("{}.fit", s.name),
                encode(&run, &FitOptions::default()),
            ));
        }
        let logged = t != Truth::TooFewDays || k < 6;
        if logged {
            let followed = match t {
                Truth::HillyOnly | Truth::TooFewDays => hilly,
                Truth::LongOnly => long,
                Truth::EveryRun => true,
            };
            let day = (s.start + Duration::days(1)).date_naive();
            log.push_str(&format!("{day},{},\n", if followed { 5 } else { 1 }));
        }
    }
    (files, log)
}
