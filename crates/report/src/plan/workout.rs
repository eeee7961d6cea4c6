//! Each planned run as a FIT workout file, for a Garmin watch (copied into
//! `GARMIN/NewFiles`, the watch imports it as a workout).
//!
//! Messages and fields from the FIT SDK profile (`Profile.xlsx`, as generated into
//! fitparser 0.11's `profile/decode.rs` and `field_types.rs`):
//! * `file_id` (0): `type` (0) = `workout` (5), `manufacturer` (1) = `development` (255),
//!   `product` (2) = 1, `serial_number` (3), `time_created` (4, seconds since the FIT epoch:
//!   the week's Monday at 00:00 UTC plus the run's number, so every file is distinct and the
//!   output never depends on the clock);
//! * `workout` (26): `sport` (4) = `running` (1), `sub_sport` (11) = `generic` (0),
//!   `num_valid_steps` (6), `wkt_name` (8);
//! * `workout_step` (27): `message_index` (254), `wkt_step_name` (0), `duration_type` (1):
//!   `time` (0) with `duration_value` (2) read as `duration_time`, scale 1000, unit s;
//!   `repeat_until_steps_cmplt` (6) with `duration_value` read as `duration_step` (the
//!   message index to loop back to) and `target_value` (4) read as `repeat_steps` ("# of
//!   repetitions"); `target_type` (3): `cadence` (3) or `open` (2); `target_value` 0 =
//!   custom range (`target_cadence_zone`: "Custom = 0"); `custom_target_value_low/high`
//!   (5, 6) read as `custom_target_cadence_low/high`; `intensity` (7): `active` (0) for
//!   running, `recovery` (4) for walking; `notes` (8).
//!
//! **The unit of a running cadence target.** The profile gives
//! `custom_target_cadence_low/high` the unit `rpm` (uint32, scale 1), the same unit as
//! `record.cadence`, which for running is strides (cycles of both feet) per minute: one
//! stride per step pair (FIT SDK profile, see [`stridewise_engine::ingest::fit`]; Garmin's own record cadence for running is ~85 for a
//! runner its watch shows at ~170 steps/min). So a band in steps/min is written as
//! strides/min: the low edge halved and rounded down, the high edge halved and rounded up,
//! so the written band always contains the planned one ([`cadence_range_strides`]). The
//! step name carries the target in steps/min as the runner knows it.

use super::programme::{self, Dose, StrengthSession};
use super::{PlanWeek, PlannedRun};
use chrono::NaiveDate;
use stridewise_fit::encode::{Encoder, Field, Value};

/// Unix time of the FIT epoch, 1989-12-31T00:00:00Z (FIT SDK profile, type `date_time`).
const FIT_EPOCH_UNIX_S: i64 = 631_065_600;

/// Global message numbers (FIT SDK profile, type `mesg_num`).
pub(crate) mod mesg {
    /// `file_id`.
    pub(crate) const FILE_ID: u16 = 0;
    /// `workout`.
    pub(crate) const WORKOUT: u16 = 26;
    /// `workout_step`.
    pub(crate) const WORKOUT_STEP: u16 = 27;
}

/// `file` enum: `workout`.
pub(crate) const FILE_WORKOUT: u8 = 5;
/// `manufacturer`: `development` (the value the profile reserves for development).
pub(crate) const MANUFACTURER_DEVELOPMENT: u16 = 255;
/// `sport`: `running`.
pub(crate) const SPORT_RUNNING: u8 = 1;
/// `sport`: `training`.
pub(crate) const SPORT_TRAINING: u8 = 10;
/// `sub_sport`: `strength_training`.
pub(crate) const SUB_SPORT_STRENGTH: u8 = 20;
/// `wkt_step_duration`: `reps` (`duration_value` read as `duration_reps`).
pub(crate) const DURATION_REPS: u8 = 29;
/// `intensity`: `rest`.
pub(crate) const INTENSITY_REST: u8 = 1;
/// `wkt_step_duration`: `time`.
pub(crate) const DURATION_TIME: u8 = 0;
/// `wkt_step_duration`: `repeat_until_steps_cmplt`.
pub(crate) const DURATION_REPEAT: u8 = 6;
/// `wkt_step_target`: `open`.
pub(crate) const TARGET_OPEN: u8 = 2;
/// `wkt_step_target`: `cadence`.
pub(crate) const TARGET_CADENCE: u8 = 3;
/// `intensity`: `active`.
pub(crate) const INTENSITY_ACTIVE: u8 = 0;
/// `intensity`: `recovery`.
pub(crate) const INTENSITY_RECOVERY: u8 = 4;
/// Serial number written in `file_id` (fixed, so output is deterministic).
pub(crate) const SERIAL_NUMBER: u32 = 0x5EED_5EED;

/// A band in steps/min as the profile's running cadence unit, strides/min (see the
/// module docs): `(⌊lo ÷ 2⌋, ⌈hi ÷ 2⌉)`, clamped to 0–255.
#[must_use]
pub fn cadence_range_strides(band_spm: (f64, f64)) -> (u32, u32) {
    // Clamped to 0–255 first, so the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let conv = |x: f64| {
        if x.is_finite() {
            x.clamp(0.0, 255.0) as u32
        } else {
            0
        }
    };
    (
        conv((band_spm.0 / 2.0).floor()),
        conv((band_spm.1 / 2.0).ceil()),
    )
}

/// One step of a workout, before encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Run for `s` seconds at a cadence range in strides/min.
    Run {
        /// Seconds.
        s: u32,
        /// Strides/min.
        strides: (u32, u32),
        /// Name shown on the watch.
        name: String,
    },
    /// Walk for `s` seconds, no target.
    Walk {
        /// Seconds.
        s: u32,
    },
    /// Repeat from step `from` until `times` repetitions are done.
    Repeat {
        /// Message index to loop back to.
        from: u16,
        /// Repetitions.
        times: u32,
    },
}

/// The steps of one planned run: a single cadence step, or 5:1 repeats (run, walk,
/// repeat) and a running tail.
#[must_use]
pub fn steps(week: &PlanWeek, run: &PlannedRun) -> Vec<Step> {
    let strides = cadence_range_strides(week.band_spm);
    let name = format!("Run {:.0} spm", week.target_spm);
    match run.run_walk {
        Some(rw) => {
            let mut v = vec![
                Step::Run {
                    s: rw.run_s,
                    strides,
                    name: name.clone(),
                },
                Step::Walk { s: rw.walk_s },
                Step::Repeat {
                    from: 0,
                    times: rw.repeats,
                },
            ];
            if rw.tail_run_s > 0 {
                v.push(Step::Run {
                    s: rw.tail_run_s,
                    strides,
                    name,
                });
            }
            v
        }
        None => vec![Step::Run {
            s: run.duration_s,
            strides,
            name,
        }],
    }
}

fn string(num: u8, text: &str, size: u8) -> Field {
    Field::new(
        num,
        Value::String {
            text: text.to_string(),
            size,
        },
    )
}

/// Seconds since the FIT epoch of `monday` 00:00 UTC plus `plus` seconds; 0 before the
/// epoch.
fn fit_time(monday: NaiveDate, plus: u32) -> u32 {
    let unix = monday
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    u32::try_from(unix - FIT_EPOCH_UNIX_S).map_or(0, |s| s.saturating_add(plus))
}

/// The workout's name: `W<week> R<run> <spm>` (short: watches show about 15 characters).
#[must_use]
pub fn name(week: &PlanWeek, run: &PlannedRun) -> String {
    format!("W{} R{} {:.0}spm", week.number, run.number, week.target_spm)
}

/// A planned run's watch workout, as a FIT file.
pub struct Workout;

impl<'a> crate::render::Renderer<(&'a PlanWeek, &'a PlannedRun)> for Workout {
    fn render(
        &self,
        (week, run): &(&'a PlanWeek, &'a PlannedRun),
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        out.write_all(&encode(week, run).ok_or_else(too_big)?)
    }
}

/// A strength session's watch workout, as a FIT file.
pub struct StrengthWorkout;

impl<'a> crate::render::Renderer<(&'a PlanWeek, &'a StrengthSession)> for StrengthWorkout {
    fn render(
        &self,
        (week, s): &(&'a PlanWeek, &'a StrengthSession),
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        out.write_all(&encode_strength(week, s).ok_or_else(too_big)?)
    }
}

fn too_big() -> std::io::Error {
    std::io::Error::other("the steps exceed what a FIT file can hold")
}

/// The FIT file of one planned run. `None` only if the steps exceed what a FIT file can
/// hold (never for a plan).
#[must_use]
pub fn encode(week: &PlanWeek, run: &PlannedRun) -> Option<Vec<u8>> {
    let steps = steps(week, run);
    let mut e = Encoder::new();
    file_id(&mut e, week, u32::try_from(run.number).unwrap_or(0));
    e.message(
        mesg::WORKOUT,
        &[
            Field::new(4, Value::Enum(SPORT_RUNNING)),
            Field::new(11, Value::Enum(0)),
            Field::new(6, Value::U16(u16::try_from(steps.len()).ok()?)),
            string(8, &name(week, run), 16),
        ],
    );
    for (i, s) in steps.iter().enumerate() {
        let index = Field::new(254, Value::U16(u16::try_from(i).ok()?));
        let fields = match s {
            Step::Run { s, strides, name } => vec![
                index,
                string(0, name, 16),
                Field::new(1, Value::Enum(DURATION_TIME)),
                Field::new(2, Value::U32(s.saturating_mul(1000))),
                Field::new(3, Value::Enum(TARGET_CADENCE)),
                Field::new(4, Value::U32(0)),
                Field::new(5, Value::U32(strides.0)),
                Field::new(6, Value::U32(strides.1)),
                Field::new(7, Value::Enum(INTENSITY_ACTIVE)),
                string(8, "Easy pace, flat route", 24),
            ],
            Step::Walk { s } => timed_step(index, "Walk", *s, INTENSITY_RECOVERY),
            Step::Repeat { from, times } => repeat_step(index, *from, *times),
        };
        e.message(mesg::WORKOUT_STEP, &fields);
    }
    e.finish()
}

/// A `workout_step` of `s` seconds with no target (a walk break, a rest): fields
/// `wkt_step_name`, `duration_type` time, `duration_value` ms, `target_type` open,
/// `intensity` (FIT SDK profile, `workout_step`).
fn timed_step(index: Field, name: &str, s: u32, intensity: u8) -> Vec<Field> {
    vec![
        index,
        string(0, name, 16),
        Field::new(1, Value::Enum(DURATION_TIME)),
        Field::new(2, Value::U32(s.saturating_mul(1000))),
        Field::new(3, Value::Enum(TARGET_OPEN)),
        Field::new(7, Value::Enum(intensity)),
    ]
}

/// A `workout_step` that repeats the steps from `from` `times` times (`duration_type`
/// repeat until steps complete, `duration_value` the first step, `target_value` the count).
fn repeat_step(index: Field, from: u16, times: u32) -> Vec<Field> {
    vec![
        index,
        Field::new(1, Value::Enum(DURATION_REPEAT)),
        Field::new(2, Value::U32(u32::from(from))),
        Field::new(4, Value::U32(times)),
    ]
}

/// The `file_id` of a workout file: type workout, our development manufacturer and
/// serial, created at `fit_time(week.monday, slot)` (a distinct time per file of the week).
fn file_id(e: &mut Encoder, week: &PlanWeek, slot: u32) {
    e.message(
        mesg::FILE_ID,
        &[
            Field::new(0, Value::Enum(FILE_WORKOUT)),
            Field::new(1, Value::U16(MANUFACTURER_DEVELOPMENT)),
            Field::new(2, Value::U16(1)),
            Field::new(3, Value::U32z(SERIAL_NUMBER)),
            Field::new(4, Value::U32(fit_time(week.monday, slot))),
        ],
    );
}

/// One step of a strength workout, before encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum StrengthStep {
    /// An exercise: repetitions (both sides counted) or seconds.
    Exercise {
        /// Name shown on the watch.
        name: String,
        /// Dose in words (`15 reps each side`).
        notes: String,
        /// Repetitions (`Some`) or seconds (`None` reps, `Some` seconds).
        reps: Option<u32>,
        /// Seconds, for a timed move.
        seconds: Option<u32>,
        /// FIT `exercise_category`, `exercise_name`.
        fit: (u16, Option<u16>),
    },
    /// Rest between sets, s.
    Rest {
        /// Seconds.
        s: u32,
    },
    /// Repeat from step `from` until `times` sets are done.
    Repeat {
        /// Message index to loop back to.
        from: u16,
        /// Sets.
        times: u32,
    },
}

/// The steps of a strength session: per exercise, the exercise, a rest, and a repeat back
/// to the exercise for the session's sets. A move done on each side counts both sides'
/// repetitions (a 10-each-side bridge is 20 reps; the notes say each side); a timed move
/// on each side doubles its time.
#[must_use]
pub(crate) fn strength_steps(s: &StrengthSession) -> Vec<StrengthStep> {
    let mut v = Vec::new();
    for e in &s.exercises {
        let from = u16::try_from(v.len()).unwrap_or(u16::MAX);
        let sides = if e.per_side { 2 } else { 1 };
        let (reps, seconds) = match e.dose {
            Dose::Reps(n) => (Some(n * sides), None),
            Dose::Seconds(t) => (None, Some(t * sides)),
        };
        v.push(StrengthStep::Exercise {
            name: e.name.to_string(),
            notes: programme::dose_words(e),
            reps,
            seconds,
            fit: e.fit,
        });
        v.push(StrengthStep::Rest {
            s: programme::REST_S,
        });
        v.push(StrengthStep::Repeat {
            from,
            times: s.sets,
        });
    }
    v
}

/// A strength workout's name: `W<week> S<session> hip`.
#[must_use]
pub(crate) fn strength_name(week: &PlanWeek, s: &StrengthSession) -> String {
    format!("W{} S{} hip", week.number, s.number)
}

/// The FIT workout of one strength and mobility session: `workout.sport` = `training`
/// (10), `sub_sport` = `strength_training` (20); each exercise step has `duration_type`
/// `reps` (29, `duration_value` read as `duration_reps`) or `time`, `target_type` `open`,
/// `intensity` `active`, and the profile's `exercise_category` (field 10, uint16) and
/// `exercise_name` (field 11, uint16) where one fits ([`programme::Exercise::fit`]); rests
/// are `time` steps of `intensity` `rest` (1); sets are `repeat_until_steps_cmplt` steps.
/// `time_created` is the week's Monday plus 100 + the session's number seconds (distinct
/// from the runs' files). `None` only if the steps exceed what a FIT file can hold.
#[must_use]
pub(crate) fn encode_strength(week: &PlanWeek, s: &StrengthSession) -> Option<Vec<u8>> {
    let steps = strength_steps(s);
    let mut e = Encoder::new();
    file_id(&mut e, week, 100 + u32::try_from(s.number).unwrap_or(0));
    e.message(
        mesg::WORKOUT,
        &[
            Field::new(4, Value::Enum(SPORT_TRAINING)),
            Field::new(11, Value::Enum(SUB_SPORT_STRENGTH)),
            Field::new(6, Value::U16(u16::try_from(steps.len()).ok()?)),
            string(8, &strength_name(week, s), 16),
        ],
    );
    for (i, st) in steps.iter().enumerate() {
        let index = Field::new(254, Value::U16(u16::try_from(i).ok()?));
        let fields = match st {
            StrengthStep::Exercise {
                name,
                notes,
                reps,
                seconds,
                fit,
            } => {
                let (dt, dv) = match (reps, seconds) {
                    (Some(r), _) => (DURATION_REPS, *r),
                    (None, Some(t)) => (DURATION_TIME, t.saturating_mul(1000)),
                    (None, None) => (DURATION_REPS, 0),
                };
                let mut f = vec![
                    index,
                    string(0, name, 32),
                    Field::new(1, Value::Enum(dt)),
                    Field::new(2, Value::U32(dv)),
                    Field::new(3, Value::Enum(TARGET_OPEN)),
                    Field::new(7, Value::Enum(INTENSITY_ACTIVE)),
                    string(8, notes, 32),
                    Field::new(10, Value::U16(fit.0)),
                ];
                if let Some(n) = fit.1 {
                    f.push(Field::new(11, Value::U16(n)));
                }
                f
            }
            StrengthStep::Rest { s } => timed_step(index, "Rest", *s, INTENSITY_REST),
            StrengthStep::Repeat { from, times } => repeat_step(index, *from, *times),
        };
        e.message(mesg::WORKOUT_STEP, &fields);
    }
    e.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_halved_outwards() {
        assert_eq!(cadence_range_strides((165.0, 171.0)), (82, 86));
        assert_eq!(cadence_range_strides((166.0, 172.0)), (83, 86));
        assert_eq!(cadence_range_strides((f64::NAN, 1e9)), (0, 255));
    }

    #[test]
    fn fit_time_counts_from_the_fit_epoch() {
        // 1989-12-31 is second 0; 1990-01-01 is second 86,400.
        assert_eq!(
            fit_time(NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(), 0),
            86_400
        );
        assert_eq!(fit_time(NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(), 5), 0);
    }
}
