//! The rest of the physio's week around the runs (issue 26): the stop-and-get-assessed
//! gate, hip strength and mobility sessions, the dynamic warm-up before every run, the
//! static stretches after, and one run swapped for low-impact cross-training while sore.
//!
//! Sources:
//! * The exercises, the warm-up, the gate and the swap are the physio advice this tool
//!   serves ([`crate::coach::rules`], README "Reviewing a folder or an export"): hip
//!   strength and mobility 3–4 times a week (glute bridges standard and single-leg,
//!   clamshells with a band, lateral band walks, standing hip circles, step-ups forward
//!   and lateral; 2–3 per session, even on run days), a 5–8 minute dynamic warm-up (leg
//!   swings, walking lunges with a twist, hip openers, glute kicks, high knees), static
//!   stretching after, one run a week swapped for swimming, cycling or the elliptical, and
//!   stop and get assessed when pain is sharp or worsening, with swelling or heat, when
//!   weight-bearing hurts, when pain lingers more than 48 h after runs, or range of motion
//!   is lost.
//! * Sets, repetitions and rests: ACSM position stand "Progression models in resistance
//!   training for healthy adults" (Med Sci Sports Exerc 2009, 41:687): for novices and
//!   for local muscular endurance, light loads for 10–15 (up to 25) repetitions, 1–3 sets,
//!   rests under a minute for such sets. We write 2 sets in the first two weeks and 3
//!   after, 45 s rests (our choice within those ranges).
//! * Static stretches: held 30 s (ACSM's Guidelines for Exercise Testing and Prescription,
//!   10th ed.: hold a static stretch 10–30 s; 30 s, the top of it, is our choice).
//! * Exercise categories and names on the watch: the FIT SDK profile's
//!   `exercise_category` and its per-category name enums (as generated into fitparser
//!   0.11's `profile/field_types.rs`), see [`Exercise::fit`].

use chrono::Weekday;

/// The stop-and-get-assessed criteria, in the order the plan prints them.
pub const GATE: [&str; 5] = [
    "pain that is sharp, or getting worse from run to run",
    "swelling or heat around the hip",
    "standing or walking on the leg hurts (weight-bearing pain)",
    "pain that lingers more than 48 hours after a run",
    "the hip has lost range of motion (it will not move as far as it did)",
];

/// The gate in one sentence.
pub const GATE_HEAD: &str =
    "Stop running and get assessed by a physio or doctor if any of these appear:";

/// How an exercise is dosed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dose {
    /// Repetitions per set (each side when `per_side`).
    Reps(u32),
    /// Seconds per set (each side when `per_side`).
    Seconds(u32),
}

/// A strength or mobility exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exercise {
    /// Stable code (JSON).
    pub code: &'static str,
    /// Name as shown.
    pub name: &'static str,
    /// Dose per set.
    pub dose: Dose,
    /// Each side separately.
    pub per_side: bool,
    /// What it is for, in plain words.
    pub purpose: &'static str,
    /// How to do it, in one line.
    pub how: &'static str,
    /// FIT `exercise_category` (uint16) and, where the profile has one that fits, the
    /// category's `exercise_name` (uint16).
    pub fit: (u16, Option<u16>),
}

/// FIT profile `exercise_category` values used here.
pub mod category {
    /// `hip_raise`.
    pub(crate) const HIP_RAISE: u16 = 10;
    /// `hip_stability`.
    pub(crate) const HIP_STABILITY: u16 = 11;
    /// `lunge`.
    pub(crate) const LUNGE: u16 = 17;
    /// `squat`.
    pub(crate) const SQUAT: u16 = 28;
    /// `warm_up`.
    pub const WARM_UP: u16 = 31;
    /// `banded_exercises`.
    pub(crate) const BANDED: u16 = 37;
}

/// The strength and mobility exercises of the advice.
pub(crate) const GLUTE_BRIDGE: Exercise = Exercise {
    code: "glute_bridge",
    name: "Glute bridge",
    dose: Dose::Reps(15),
    per_side: false,
    purpose: "strengthens the glutes, which steady the hip and pelvis on every landing",
    how: "on your back, knees bent, lift the hips until knees, hips and shoulders line up; \
          lower slowly",
    // hip_raise / hip_raise (11).
    fit: (category::HIP_RAISE, Some(11)),
};

/// Single-leg glute bridge.
pub(crate) const SINGLE_LEG_BRIDGE: Exercise = Exercise {
    code: "single_leg_glute_bridge",
    name: "Single-leg glute bridge",
    dose: Dose::Reps(10),
    per_side: true,
    purpose: "one hip at a time, as in running's single-leg stance; evens out a weaker side",
    how: "as the bridge, one foot down and the other knee lifted; keep the pelvis level",
    // hip_raise / single_leg_hip_raise (30).
    fit: (category::HIP_RAISE, Some(30)),
};

/// Clamshell with a band.
pub(crate) const CLAMSHELL: Exercise = Exercise {
    code: "clamshell_band",
    name: "Clamshell with band",
    dose: Dose::Reps(15),
    per_side: true,
    purpose: "strengthens the outer hip (gluteus medius), which keeps the knee and pelvis from \
              dropping in",
    how: "on your side, band above the knees, heels together; open the top knee without \
          rolling back",
    // banded_exercises / clam_shells (6).
    fit: (category::BANDED, Some(6)),
};

/// Lateral band walk.
pub(crate) const BAND_WALK: Exercise = Exercise {
    code: "lateral_band_walk",
    name: "Lateral band walk",
    dose: Dose::Reps(12),
    per_side: true,
    purpose: "works the hip abductors that hold the pelvis level when one foot is down",
    how: "band around the ankles or above the knees, half squat; 12 side steps one way, then \
          back",
    // banded_exercises / lateral_band_walks (24).
    fit: (category::BANDED, Some(24)),
};

/// Standing hip circles.
pub(crate) const HIP_CIRCLES: Exercise = Exercise {
    code: "standing_hip_circles",
    name: "Standing hip circles",
    dose: Dose::Reps(10),
    per_side: true,
    purpose: "moves the hip through its whole range, keeping the mobility a sore hip loses",
    how: "hold a wall, lift one knee and draw slow, wide circles; 10 each way",
    // hip_stability / hip_circles (7).
    fit: (category::HIP_STABILITY, Some(7)),
};

/// Forward step-up.
pub(crate) const STEP_UP: Exercise = Exercise {
    code: "step_up_forward",
    name: "Step-up, forward",
    dose: Dose::Reps(10),
    per_side: true,
    purpose: "single-leg strength through the hip and knee, in the line of running",
    how: "step onto a knee-high step, drive through the heel, stand tall; step down slowly",
    // squat / step_up (66).
    fit: (category::SQUAT, Some(66)),
};

/// Lateral step-up.
pub(crate) const LATERAL_STEP_UP: Exercise = Exercise {
    code: "step_up_lateral",
    name: "Step-up, lateral",
    dose: Dose::Reps(10),
    per_side: true,
    purpose: "strength sideways (the frontal plane), where a weak hip lets the pelvis drop",
    how: "stand beside the step, step up sideways, keep the knee over the toes",
    // squat: the profile names only barbell and dumbbell lateral step-ups, so the category
    // alone.
    fit: (category::SQUAT, None),
};

/// The dynamic warm-up before every run (about 6 minutes).
pub const WARM_UP: [Exercise; 5] = [
    Exercise {
        code: "leg_swings",
        name: "Leg swings",
        dose: Dose::Reps(10),
        per_side: true,
        purpose: "loosens the hip front to back and side to side",
        how: "hold a wall; 10 swings forward and back, then 10 across the body",
        // warm_up / forward_and_backward_leg_swings (9).
        fit: (category::WARM_UP, Some(9)),
    },
    Exercise {
        code: "walking_lunge_twist",
        name: "Walking lunges with a twist",
        dose: Dose::Reps(8),
        per_side: true,
        purpose: "opens the hip flexors and wakes up the glutes and trunk",
        how: "lunge forward, turn the chest over the front knee, step through",
        // lunge: the profile's twist lunges are reverse or weighted, so walking_lunge (78).
        fit: (category::LUNGE, Some(78)),
    },
    Exercise {
        code: "hip_openers",
        name: "Hip openers",
        dose: Dose::Reps(8),
        per_side: true,
        purpose: "takes the hip through rotation before it has to carry you",
        how: "walking, lift the knee and circle it out to the side before stepping down",
        // warm_up / hip_circles (86).
        fit: (category::WARM_UP, Some(86)),
    },
    Exercise {
        code: "glute_kicks",
        name: "Glute kicks",
        dose: Dose::Seconds(30),
        per_side: false,
        purpose: "quick, light steps that warm the hamstrings and set a short stride",
        how: "jog on the spot or forward, heels flicking up towards the glutes",
        // warm_up: no glute-kick name in the profile.
        fit: (category::WARM_UP, None),
    },
    Exercise {
        code: "high_knees",
        name: "High knees",
        dose: Dose::Seconds(30),
        per_side: false,
        purpose: "lifts the knees and the step rate before the run",
        how: "quick steps, knees to hip height, tall posture",
        // warm_up / walking_high_knees (26).
        fit: (category::WARM_UP, Some(26)),
    },
];

/// Brisk walking before the warm-up moves, s: with them (about 4 minutes) the warm-up
/// takes the advised 5–8 minutes.
pub const WARM_UP_WALK_S: u32 = 120;

/// Static stretches after every run, held [`STRETCH_HOLD_S`] each side.
pub const STRETCHES: [(&str, &str); 5] = [
    (
        "Hip flexor",
        "half-kneeling, tuck the pelvis and shift forward",
    ),
    (
        "Glute (figure four)",
        "on your back, ankle on the opposite knee, pull the thigh in",
    ),
    (
        "Hamstring",
        "heel on a low step, hinge forward with a straight back",
    ),
    (
        "Quadriceps",
        "standing, hold the ankle behind you, knees together",
    ),
    ("Calf", "hands on a wall, back leg straight, heel down"),
];

/// How long each static stretch is held, s (ACSM: 10–30 s).
pub const STRETCH_HOLD_S: u32 = 30;

/// Rest between sets, s (ACSM 2009: under a minute for light sets).
pub const REST_S: u32 = 45;

/// The four strength and mobility sessions a week rotates through, 3 exercises each
/// (the advice: 2–3 per session), every exercise at least once a week.
pub const SESSIONS: [[Exercise; 3]; 4] = [
    [GLUTE_BRIDGE, CLAMSHELL, HIP_CIRCLES],
    [SINGLE_LEG_BRIDGE, BAND_WALK, STEP_UP],
    [GLUTE_BRIDGE, LATERAL_STEP_UP, HIP_CIRCLES],
    [SINGLE_LEG_BRIDGE, CLAMSHELL, BAND_WALK],
];

/// One strength and mobility session.
#[derive(Clone, Debug, PartialEq)]
pub struct StrengthSession {
    /// 1-based, within the week.
    pub number: usize,
    /// Its day.
    pub day: Weekday,
    /// Sets of each exercise.
    pub sets: u32,
    /// The exercises.
    pub exercises: Vec<Exercise>,
}

/// Sessions a week: 4 while sore, else 3 (the advice: 3–4).
#[must_use]
pub(crate) fn sessions_per_week(sore: bool) -> usize {
    if sore {
        4
    } else {
        3
    }
}

/// Sets per exercise in plan week `week` (1-based): 2 in the first two weeks, then 3.
#[must_use]
pub(crate) fn sets_in_week(week: usize) -> u32 {
    if week <= 2 {
        2
    } else {
        3
    }
}

/// The week's strength sessions: Monday, Wednesday, Friday (and Sunday when there are four).
#[must_use]
pub(crate) fn strength_week(week: usize, sore: bool) -> Vec<StrengthSession> {
    let days = [Weekday::Mon, Weekday::Wed, Weekday::Fri, Weekday::Sun];
    (0..sessions_per_week(sore))
        .map(|k| StrengthSession {
            number: k + 1,
            day: days[k],
            sets: sets_in_week(week),
            exercises: SESSIONS[k].to_vec(),
        })
        .collect()
}

/// The dose in words: `15 reps`, `10 reps each side`, `30 s`.
#[must_use]
pub fn dose_words(e: &Exercise) -> String {
    let d = match e.dose {
        Dose::Reps(n) => format!("{n} reps"),
        Dose::Seconds(s) => format!("{s} s"),
    };
    if e.per_side {
        format!("{d} each side")
    } else {
        d
    }
}

/// The low-impact session that replaces one run while sore.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossSwap {
    /// Same time as the run it replaces, s.
    pub duration_s: u32,
    /// The runner's own cross-training sport (`cycling`, `swimming`), when the history
    /// has one.
    pub sport: Option<String>,
}

impl CrossSwap {
    /// What to do, in words.
    #[must_use]
    pub fn words(&self) -> String {
        let what = match self.sport.as_deref() {
            Some("cycling") => "an easy ride (your own cross-training)".to_string(),
            Some("swimming") => "an easy swim (your own cross-training)".to_string(),
            Some(other) => format!("easy {other}"),
            None => "an easy ride, swim or elliptical session".to_string(),
        };
        format!(
            "{} min of {what} instead of one run",
            self.duration_s.div_ceil(60)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exercise_of_the_advice_is_in_the_week() {
        let mut codes: Vec<&str> = SESSIONS.iter().flatten().map(|e| e.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(
            codes,
            [
                "clamshell_band",
                "glute_bridge",
                "lateral_band_walk",
                "single_leg_glute_bridge",
                "standing_hip_circles",
                "step_up_forward",
                "step_up_lateral"
            ]
        );
        assert_eq!(strength_week(1, true).len(), 4);
        assert_eq!(strength_week(3, false).len(), 3);
        assert_eq!(strength_week(3, false)[0].sets, 3);
        assert!(SESSIONS.iter().all(|s| (2..=3).contains(&s.len())));
    }

    #[test]
    fn the_warm_up_takes_five_to_eight_minutes() {
        // Reps at about 3 s each (each side when per side), timed moves as written, and a
        // 10 s change between moves.
        let s: u32 = WARM_UP
            .iter()
            .map(|e| {
                let one = match e.dose {
                    Dose::Reps(n) => n * 3,
                    Dose::Seconds(s) => s,
                };
                (if e.per_side { 2 * one } else { one }) + 10
            })
            .sum();
        let total = WARM_UP_WALK_S + s;
        assert!((300..=480).contains(&total), "{total}");
    }

    #[test]
    fn a_swap_names_the_runners_sport() {
        let s = CrossSwap {
            duration_s: 1_800,
            sport: Some("swimming".into()),
        };
        assert_eq!(
            s.words(),
            "30 min of an easy swim (your own cross-training) instead of one run"
        );
        let s = CrossSwap {
            duration_s: 1_790,
            sport: None,
        };
        assert!(s
            .words()
            .starts_with("30 min of an easy ride, swim or elliptical"));
    }
}
