//! `plan.json`: the plan's versioned wire form, separate from the internal model. Every
//! field is documented here; [`SCHEMA_VERSION`] changes when a field changes meaning or
//! goes away (new fields may be added without a change). A later folder review reads it
//! back (`--plan plan.json`) to set the runner's cadence against it.

use super::audio::{self, Pattern, Track};
use super::schedule::Feedback;
use super::target::CadenceSource;
use super::{programme, Plan};
use serde::{Deserialize, Serialize};
use stridewise_engine::units::round;

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
    /// Stop and get assessed: `{head, criteria}` (absent in older plans).
    #[serde(default)]
    pub gate: GateDoc,
    /// The dynamic warm-up before every run.
    #[serde(default)]
    pub warm_up: WarmUpDoc,
    /// The static stretches after every run.
    #[serde(default)]
    pub stretches: StretchesDoc,
    /// What the logged pain followed when the plan was made: `hilly`, `fast`, `long`,
    /// `off_balance` (empty: nothing stood out, or no pain log).
    #[serde(default)]
    pub pain_follows: Vec<String>,
    /// Hilly, long and fast shares of the recent runs the plan was made from; the plan
    /// asks for fewer (flat routes, runs no longer than planned, easy pace).
    #[serde(default)]
    pub shares_before: SharesDoc,
}

/// The stop-and-get-assessed gate, printed at the top of the plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GateDoc {
    /// The sentence that opens it.
    pub head: String,
    /// The criteria: sharp or worsening pain, swelling or heat, weight-bearing pain, pain
    /// lingering more than 48 h after runs, lost range of motion.
    pub criteria: Vec<String>,
}

/// The warm-up: a brisk walk, then the moves.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WarmUpDoc {
    /// Brisk walking first, s.
    pub walk_s: u32,
    /// The moves, in order.
    pub exercises: Vec<ExerciseDoc>,
}

/// The stretches after a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StretchesDoc {
    /// Each held this long, each side, s.
    pub hold_s: u32,
    /// `{name, how}`.
    pub stretches: Vec<StretchDoc>,
}

/// One stretch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StretchDoc {
    /// Name.
    pub name: String,
    /// How, in one line.
    pub how: String,
}

/// Shares of runs, percent (`null`: no run could tell).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SharesDoc {
    /// Hilly runs.
    pub hilly_pct: Option<f64>,
    /// Long runs.
    pub long_pct: Option<f64>,
    /// Fast or structured runs.
    pub fast_pct: Option<f64>,
}

/// A strength, mobility or warm-up exercise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExerciseDoc {
    /// Stable code (`glute_bridge`, `clamshell_band`, …).
    pub code: String,
    /// Name.
    pub name: String,
    /// Repetitions per set (each side when `per_side`); `null` for a timed move.
    pub reps: Option<u32>,
    /// Seconds per set (each side when `per_side`); `null` for repetitions.
    pub seconds: Option<u32>,
    /// Each side separately.
    pub per_side: bool,
    /// What it is for.
    pub purpose: String,
    /// How to do it.
    pub how: String,
    /// FIT profile `exercise_category` written in the workout file.
    pub fit_exercise_category: u16,
    /// FIT profile `exercise_name` within the category; `null` where none fits.
    pub fit_exercise_name: Option<u16>,
}

impl ExerciseDoc {
    fn of(e: &super::programme::Exercise) -> Self {
        use super::programme::Dose;
        let (reps, seconds) = match e.dose {
            Dose::Reps(n) => (Some(n), None),
            Dose::Seconds(s) => (None, Some(s)),
        };
        Self {
            code: e.code.into(),
            name: e.name.into(),
            reps,
            seconds,
            per_side: e.per_side,
            purpose: e.purpose.into(),
            how: e.how.into(),
            fit_exercise_category: e.fit.0,
            fit_exercise_name: e.fit.1,
        }
    }
}

/// One strength and mobility session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StrengthDoc {
    /// 1-based within the week.
    pub session: usize,
    /// Day of the week, `Mon` … `Sun`.
    pub day: String,
    /// Sets of each exercise.
    pub sets: u32,
    /// Rest between sets, s.
    pub rest_s: u32,
    /// The FIT workout file, relative to the plan folder.
    pub workout_file: String,
    /// The exercises.
    pub exercises: Vec<ExerciseDoc>,
}

/// A run swapped for low-impact cross-training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrossDoc {
    /// Same time as the run it replaces, s.
    pub duration_s: u32,
    /// The runner's own sport (`cycling`, `swimming`); `null`: ride, swim or elliptical.
    pub sport: Option<String>,
    /// In words.
    pub text: String,
}

/// File name of a strength session's workout, relative to the plan folder.
#[must_use]
pub(crate) fn strength_file(week: usize, session: usize) -> String {
    format!("workouts/W{week}S{session}.fit")
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
    /// One run swapped for low-impact cross-training while sore; `null` otherwise.
    #[serde(default)]
    pub cross_training: Option<CrossDoc>,
    /// Hip strength and mobility sessions (3, or 4 while sore).
    #[serde(default)]
    pub strength: Vec<StrengthDoc>,
    /// Pick flat routes this week (a hilly history, or pain after hilly runs).
    #[serde(default)]
    pub flat_routes: bool,
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

/// `plan.json`: the plan as data ([`PlanDoc`], `schema_version` 1).
pub struct Json;

impl crate::render::Renderer<Plan> for Json {
    fn render(&self, p: &Plan, mut out: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, &PlanDoc::new(p))?;
        out.write_all(b"\n")
    }
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
                    cross_training: w.cross_training.as_ref().map(|c| CrossDoc {
                        duration_s: c.duration_s,
                        sport: c.sport.clone(),
                        text: c.words(),
                    }),
                    strength: w
                        .strength
                        .iter()
                        .map(|s| StrengthDoc {
                            session: s.number,
                            day: s.day.to_string(),
                            sets: s.sets,
                            rest_s: programme::REST_S,
                            workout_file: strength_file(w.number, s.number),
                            exercises: s.exercises.iter().map(ExerciseDoc::of).collect(),
                        })
                        .collect(),
                    flat_routes: w.flat_routes,
                })
                .collect(),
            audio: AudioDoc::new(&audio::tracks(p)),
            gate: GateDoc {
                head: programme::GATE_HEAD.into(),
                criteria: programme::GATE.iter().map(|c| (*c).to_string()).collect(),
            },
            warm_up: WarmUpDoc {
                walk_s: programme::WARM_UP_WALK_S,
                exercises: programme::WARM_UP.iter().map(ExerciseDoc::of).collect(),
            },
            stretches: StretchesDoc {
                hold_s: programme::STRETCH_HOLD_S,
                stretches: programme::STRETCHES
                    .iter()
                    .map(|(n, h)| StretchDoc {
                        name: (*n).into(),
                        how: (*h).into(),
                    })
                    .collect(),
            },
            pain_follows: p.pain_follows.iter().map(|s| (*s).to_string()).collect(),
            shares_before: SharesDoc {
                hilly_pct: p.shares_before.hilly_pct.map(|x| round(x, 1)),
                long_pct: p.shares_before.long_pct.map(|x| round(x, 1)),
                fast_pct: p.shares_before.fast_pct.map(|x| round(x, 1)),
            },
        }
    }
}
