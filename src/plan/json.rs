//! `plan.json`: the plan's versioned wire form, separate from the internal model. Every
//! field is documented here; [`SCHEMA_VERSION`] changes when a field changes meaning or
//! goes away (new fields may be added without a change). A later folder review reads it
//! back (`--plan plan.json`) to set the runner's cadence against it.

use super::audio::{self, Pattern, Track};
use super::schedule::Feedback;
use super::target::CadenceSource;
use super::Plan;
use crate::units::round;
use serde::{Deserialize, Serialize};

/// Version of this document's layout.
pub const SCHEMA_VERSION: u32 = 1;

/// The document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanDoc {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `stridewise` version that wrote it.
    pub generator: String,
    /// The runner's easy speed: time-weighted median running speed of recent runs, m/s.
    pub easy_speed_mps: f64,
    /// Cadence at the easy speed, steps/min.
    pub start_cadence_spm: f64,
    /// `baseline` (the personal baseline over `baseline_runs` runs) or `single_run` (too
    /// few runs for a baseline: one run's cadence near the easy speed, `single_run_path`).
    pub start_source: String,
    /// Runs of the baseline, when `start_source` is `baseline`.
    pub baseline_runs: Option<usize>,
    /// The run of a single-run estimate.
    pub single_run_path: Option<String>,
    /// The 170–180 steps/min band (context only), `[low, high]`.
    pub band_spm: [f64; 2],
    /// Runs per week planned (from the last weeks of history).
    pub runs_per_week: usize,
    /// Mean weekly moving time of the history, s.
    pub history_weekly_moving_s: f64,
    /// Mean weekly distance of the history, m.
    pub history_weekly_distance_m: f64,
    /// Sore days (pain ≥ 4) in the two weeks before the plan, `YYYY-MM-DD`.
    pub sore_days: Vec<String>,
    /// Pain on consecutive days spanning 48 h or more before the plan: stop and get
    /// assessed. `[first, last]` days.
    pub lingering_pain: Vec<[String; 2]>,
    /// The weeks.
    pub weeks: Vec<WeekDoc>,
    /// The click tracks in `audio/` (absent in plans written before it was added: read as
    /// no tracks).
    #[serde(default)]
    pub audio: AudioDoc,
}

/// The click tracks: one per distinct target and pattern, each one loop.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AudioDoc {
    /// `loop`: each track is one loop; the runner sets the player to repeat it for the
    /// whole run (a continuous track wraps on the beat and on the bar, a run/walk track is
    /// one repeat).
    pub playback: String,
    /// Size of all the tracks on disk, bytes.
    pub total_bytes: u64,
    /// The tracks, in the order the weeks first play them.
    pub tracks: Vec<TrackDoc>,
}

/// One click track.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackDoc {
    /// The file, relative to the plan folder.
    pub file: String,
    /// Clicks per minute (the target, steps/min).
    pub target_spm: f64,
    /// `continuous` or `run_walk`.
    pub pattern: String,
    /// Running per repeat, s (run/walk only).
    pub run_s: Option<u32>,
    /// Walking (silence) per repeat, s (run/walk only).
    pub walk_s: Option<u32>,
    /// Length of the loop, s.
    pub loop_s: u32,
    /// Size of the file, bytes.
    pub bytes: u64,
}

impl AudioDoc {
    /// The wire form of the plan's tracks.
    #[must_use]
    pub fn new(tracks: &[Track]) -> Self {
        Self {
            playback: "loop".into(),
            total_bytes: audio::total_bytes(tracks),
            tracks: tracks
                .iter()
                .map(|t| {
                    let (pattern, run_s, walk_s) = match t.pattern {
                        Pattern::Continuous => ("continuous", None, None),
                        Pattern::RunWalk { run_s, walk_s } => {
                            ("run_walk", Some(run_s), Some(walk_s))
                        }
                    };
                    TrackDoc {
                        file: t.file(),
                        target_spm: t.spm,
                        pattern: pattern.into(),
                        run_s,
                        walk_s,
                        loop_s: t.loop_s(),
                        bytes: t.bytes(),
                    }
                })
                .collect(),
        }
    }
}

/// One week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekDoc {
    /// 1-based.
    pub week: usize,
    /// Its Monday, `YYYY-MM-DD` (the week runs Monday to Sunday, UTC, like the folder
    /// review's weeks).
    pub monday: String,
    /// Increase over `start_cadence_spm`, percent.
    pub increase_pct: f64,
    /// Target cadence at easy pace, steps/min.
    pub target_spm: f64,
    /// The band the watch workouts alert outside of, steps/min, `[low, high]`.
    pub watch_band_spm: [f64; 2],
    /// `every_run`, `every_other` or `none`.
    pub metronome: Feedback,
    /// Volume cut from the history, percent.
    pub cut_pct: f64,
    /// The runs.
    pub runs: Vec<RunDoc>,
}

/// One run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunDoc {
    /// 1-based within the week.
    pub run: usize,
    /// Planned duration, s.
    pub duration_s: u32,
    /// Run/walk repeats (5 min run, 1 min walk) while sore; `null` for a continuous run.
    pub run_walk: Option<RunWalkDoc>,
    /// The metronome plays on this run.
    pub metronome: bool,
    /// The FIT workout file, relative to the plan folder.
    pub workout_file: String,
    /// The click track, relative to the plan folder (one of `audio.tracks`, shared by
    /// every run with the same target and pattern); `null` without metronome.
    pub audio_file: Option<String>,
}

/// Run/walk repeats.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunWalkDoc {
    /// Running per repeat, s.
    pub run_s: u32,
    /// Walking per repeat, s.
    pub walk_s: u32,
    /// Repeats.
    pub repeats: u32,
    /// Running after the last repeat, s.
    pub tail_run_s: u32,
}

/// File name of a run's workout, relative to the plan folder.
#[must_use]
pub fn workout_file(week: usize, run: usize) -> String {
    format!("workouts/W{week}R{run}.fit")
}

impl PlanDoc {
    /// The wire form of a plan.
    #[must_use]
    pub fn new(p: &Plan) -> Self {
        let (start_source, baseline_runs, single_run_path) = match &p.start.source {
            CadenceSource::Baseline { runs, .. } => ("baseline", Some(*runs), None),
            CadenceSource::SingleRun { path, .. } => ("single_run", None, Some(path.clone())),
        };
        Self {
            schema_version: SCHEMA_VERSION,
            generator: format!("stridewise {}", env!("CARGO_PKG_VERSION")),
            easy_speed_mps: round(p.start.easy_speed_mps, 3),
            start_cadence_spm: round(p.start.cadence_spm, 1),
            start_source: start_source.into(),
            baseline_runs,
            single_run_path,
            band_spm: [p.band_spm.0, p.band_spm.1],
            runs_per_week: p.history.runs_per_week,
            history_weekly_moving_s: round(p.history.weekly_moving_s, 0),
            history_weekly_distance_m: round(p.history.weekly_distance_m, 0),
            sore_days: p
                .soreness
                .sore_days
                .iter()
                .map(ToString::to_string)
                .collect(),
            lingering_pain: p
                .soreness
                .lingering
                .iter()
                .map(|(a, b)| [a.to_string(), b.to_string()])
                .collect(),
            weeks: p
                .weeks
                .iter()
                .map(|w| WeekDoc {
                    week: w.number,
                    monday: w.monday.to_string(),
                    increase_pct: w.increase_pct,
                    target_spm: w.target_spm,
                    watch_band_spm: [w.band_spm.0, w.band_spm.1],
                    metronome: w.feedback,
                    cut_pct: w.cut_pct,
                    runs: w
                        .runs
                        .iter()
                        .map(|r| RunDoc {
                            run: r.number,
                            duration_s: r.duration_s,
                            run_walk: r.run_walk.map(|x| RunWalkDoc {
                                run_s: x.run_s,
                                walk_s: x.walk_s,
                                repeats: x.repeats,
                                tail_run_s: x.tail_run_s,
                            }),
                            metronome: r.metronome,
                            workout_file: workout_file(w.number, r.number),
                            audio_file: r.metronome.then(|| Track::of(w, r).file()),
                        })
                        .collect(),
                })
                .collect(),
            audio: AudioDoc::new(&audio::tracks(p)),
        }
    }
}
