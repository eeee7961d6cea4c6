//! The plan as words: the terminal summary, and the sentences the page shares.

use super::audio::{self, Pattern, Track};
use super::schedule::Feedback;
use super::target::CadenceSource;
use super::{Plan, PlanWeek};
use crate::sanitize;
use std::io::{self, Write};
use stridewise_engine::coach::warning::NOT_MEDICAL_ADVICE;
use stridewise_engine::units::{format_duration, MetersPerSecond, UnitSystem};

/// "166 steps/min at 5:39 /km, your personal baseline over 3 runs (±1.2)".
#[must_use]
pub(crate) fn start_line(p: &Plan, u: UnitSystem) -> String {
    let pace = MetersPerSecond(p.start.easy_speed_mps)
        .pace()
        .map_or_else(|| "-".into(), |x| x.format(u));
    let head = format!(
        "{:.0} steps/min at your easy pace, {pace}{}",
        p.start.cadence_spm,
        u.pace_label()
    );
    match &p.start.source {
        CadenceSource::Baseline { runs, sd_spm } => {
            format!("{head}: your personal baseline over {runs} runs (±{sd_spm:.1})")
        }
        CadenceSource::SingleRun { path, .. } => format!(
            "{head}: ESTIMATE from one run ({path}); too few runs for a personal baseline, so \
             check it against your next runs"
        ),
    }
}

/// Where the start and the final target sit against the 170–180 band.
#[must_use]
pub(crate) fn band_line(p: &Plan) -> String {
    let (lo, hi) = p.band_spm;
    let last = p.weeks.last().map_or(p.start.cadence_spm, |w| w.target_spm);
    if p.start.cadence_spm >= hi {
        format!(
            "You already run at or above {hi:.0} steps/min at easy pace: no increase is planned; \
             the weeks keep your cadence with less and less metronome."
        )
    } else {
        format!(
            "The {lo:.0}–{hi:.0} band is context, not a target: the plan moves you from \
             {:.0} to {last:.0} in steps of +5%, +7.5% and +10% of your own cadence \
             (Heiderscheit et al. 2011: +5% lowered knee load, +10% unloaded the hip), never \
             more.",
            p.start.cadence_spm
        )
    }
}

/// "3 × 40 min" or "3 × 30 min as 5 × (5 min run, 1 min walk)".
#[must_use]
pub(crate) fn runs_line(w: &PlanWeek) -> String {
    let Some(r) = w.runs.first() else {
        return "no runs".into();
    };
    let mins = |s: u32| format!("{} min", s / 60);
    let base = format!("{} × {}", w.runs.len(), mins(r.duration_s));
    match r.run_walk {
        Some(rw) => {
            let tail = if rw.tail_run_s > 0 {
                format!(" + {} s run", rw.tail_run_s)
            } else {
                String::new()
            };
            format!(
                "{base} as {} × ({} run, {} walk){tail}",
                rw.repeats,
                mins(rw.run_s),
                mins(rw.walk_s)
            )
        }
        None => base,
    }
}

/// The pain-log lines: sore days and lingering pain.
#[must_use]
pub(crate) fn pain_lines(p: &Plan) -> Vec<String> {
    let mut v = Vec::new();
    for (a, b) in &p.soreness.lingering {
        v.push(format!(
            "WARNING: pain logged every day from {a} to {b} (48 h or more). Stop running and get \
             assessed by a physio or doctor before starting this plan."
        ));
    }
    if let Some(last) = p.soreness.sore_days.last() {
        let sore_weeks = p.weeks.iter().filter(|w| w.cut_pct > 0.0).count();
        v.push(format!(
            "Sore recently (pain {}/10, last on {last}): week{} 1{} cut volume by {:.0}% and run \
             5 min / walk 1 min (5:1). Keep the cut while it hurts.",
            p.soreness.max_pain,
            if sore_weeks > 1 { "s" } else { "" },
            if sore_weeks > 1 {
                format!("–{sore_weeks}")
            } else {
                String::new()
            },
            p.weeks.first().map_or(0.0, |w| w.cut_pct)
        ));
    }
    v
}

/// "3 click tracks in audio/, 6.7 MB on disk: …": how many, their size, and how to play
/// them (each is one loop, repeated for the whole run).
#[must_use]
pub(crate) fn audio_line(tracks: &[Track]) -> String {
    let n = tracks.len();
    format!(
        "{n} click track{} in audio/, {} on disk, one per target and pattern: each is one \
         loop, so set your player to repeat the track (\"repeat one\") for the whole run; \
         it wraps on the beat.",
        if n == 1 { "" } else { "s" },
        audio::size_words(audio::total_bytes(tracks))
    )
}

/// "172 steps/min, continuous, a 4:00 loop, 1.9 MB".
#[must_use]
pub(crate) fn track_line(t: &Track) -> String {
    let pattern = match t.pattern {
        Pattern::Continuous => "continuous".to_string(),
        Pattern::RunWalk { run_s, walk_s } => format!(
            "{} run, {} walk in silence",
            format_duration(f64::from(run_s)),
            format_duration(f64::from(walk_s))
        ),
    };
    format!(
        "{:.0} steps/min, {pattern}, a {} loop, {}",
        t.spm,
        format_duration(f64::from(t.loop_s())),
        audio::size_words(t.bytes())
    )
}

/// The stop-and-get-assessed gate in one line.
#[must_use]
pub(crate) fn gate_line() -> String {
    format!(
        "{} {}.",
        super::programme::GATE_HEAD,
        super::programme::GATE.join("; ")
    )
}

/// One strength session in words: `Mon: glute bridge 2×15, …`.
#[must_use]
pub(crate) fn strength_line(s: &super::programme::StrengthSession) -> String {
    let ex: Vec<String> = s
        .exercises
        .iter()
        .map(|e| {
            let d = match e.dose {
                super::programme::Dose::Reps(n) => format!("{}×{n}", s.sets),
                super::programme::Dose::Seconds(t) => format!("{}×{t} s", s.sets),
            };
            format!(
                "{} {d}{}",
                e.name.to_lowercase(),
                if e.per_side { " each side" } else { "" }
            )
        })
        .collect();
    format!("{}: {}", s.day, ex.join(", "))
}

/// What else a week holds besides the runs and the strength sessions: the cross-training
/// swap and the flat-route reminder.
#[must_use]
pub(crate) fn week_extra_lines(w: &PlanWeek) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(c) = &w.cross_training {
        v.push(format!("Cross-training: {}.", c.words()));
    }
    if w.flat_routes {
        v.push(
            "Flat routes this week: your recent weeks were hilly, or pain followed hilly runs."
                .into(),
        );
    }
    v
}

/// A week's extras in one terminal line: `cross-training …; hip strength Mon Wed Fri Sun
/// (2 sets); flat routes`.
#[must_use]
pub(crate) fn week_summary_line(w: &PlanWeek) -> String {
    let mut v = Vec::new();
    if let Some(c) = &w.cross_training {
        v.push(c.words());
    }
    if let Some(s) = w.strength.first() {
        let days: Vec<String> = w.strength.iter().map(|s| s.day.to_string()).collect();
        v.push(format!("hip strength {} ({} sets)", days.join(" "), s.sets));
    }
    if w.flat_routes {
        v.push("flat routes".into());
    }
    v.join("; ")
}

/// The warm-up in one line.
#[must_use]
pub(crate) fn warm_up_line() -> String {
    let moves: Vec<String> = super::programme::WARM_UP
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e.name.to_lowercase(),
                super::programme::dose_words(e)
            )
        })
        .collect();
    format!(
        "Before every run (5–8 min): {} min brisk walk, then {}.",
        super::programme::WARM_UP_WALK_S / 60,
        moves.join(", ")
    )
}

/// The stretches in one line.
#[must_use]
pub(crate) fn stretch_line() -> String {
    let names: Vec<String> = super::programme::STRETCHES
        .iter()
        .map(|(n, _)| n.to_lowercase())
        .collect();
    format!(
        "After every run: static stretches, {} s each side: {}.",
        super::programme::STRETCH_HOLD_S,
        names.join(", ")
    )
}

/// What the logged pain followed, and what the plan does about it; `None` when nothing
/// stood out.
#[must_use]
pub(crate) fn pain_follows_line(p: &Plan) -> Option<String> {
    if p.pain_follows.is_empty() {
        return None;
    }
    let what: Vec<&str> = p
        .pain_follows
        .iter()
        .map(|c| match *c {
            "hilly" => "hilly runs (this plan keeps you on flat routes)",
            "fast" => "fast or structured runs (every planned run is easy)",
            "long" => "long runs (no run longer than planned)",
            _ => "runs with your left/right balance off (show your physio)",
        })
        .collect();
    Some(format!(
        "Your pain log: pain followed {} more often than other runs. A pattern, not a cause.",
        what.join(" and ")
    ))
}

/// The rules every week follows.
pub(crate) const RULES: [&str; 4] = [
    "Easy runs at your easy pace, on flat routes: cadence rises with speed and changes on hills, so the target only means something on the flat at easy pace.",
    "Move up a step only when you held the last one: a folder review with --plan plan.json shows each week's cadence against its target.",
    "Metronome: every run in the first week of a step, every other run after that, none in the last week (faded feedback, Crowell & Davis 2011), so the new cadence holds without it.",
    "Stop and get assessed if pain is sharp, swelling appears, or pain lingers more than 48 hours.",
];

/// Write the terminal summary.
///
/// # Errors
/// Write errors.
/// The plan on the terminal (stdout of `stridewise plan`).
pub struct Text {
    /// Display units.
    pub units: UnitSystem,
}

impl crate::render::Renderer<Plan> for Text {
    fn render(&self, p: &Plan, mut out: &mut dyn Write) -> io::Result<()> {
        write(p, self.units, &mut out)
    }
}

pub fn write(p: &Plan, u: UnitSystem, out: &mut impl Write) -> io::Result<()> {
    let first = p
        .weeks
        .first()
        .map(|w| w.monday.to_string())
        .unwrap_or_default();
    writeln!(
        out,
        "Cadence retraining plan: {} weeks from {first}",
        p.weeks.len()
    )?;
    writeln!(out, "{}", gate_line())?;
    writeln!(out, "Start: {}", sanitize::terminal(&start_line(p, u)))?;
    writeln!(out, "{}", band_line(p))?;
    writeln!(
        out,
        "History: {} runs a week, {} a week over the last {} weeks",
        p.history.runs_per_week,
        format_duration(p.history.weekly_moving_s),
        p.history.weeks
    )?;
    for l in pain_lines(p) {
        writeln!(out, "{l}")?;
    }
    if let Some(l) = pain_follows_line(p) {
        writeln!(out, "{l}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "week  monday      target          watch band  runs                                   metronome"
    )?;
    for w in &p.weeks {
        writeln!(
            out,
            "{:<5} {}  {:<15} {:>3.0}–{:<3.0}     {:<38} {}",
            w.number,
            w.monday,
            format!("{:.0} spm (+{}%)", w.target_spm, w.increase_pct),
            w.band_spm.0,
            w.band_spm.1,
            runs_line(w),
            match w.feedback {
                Feedback::EveryRun => "every run",
                Feedback::EveryOther => "every other run",
                Feedback::None => "none",
            }
        )?;
    }
    writeln!(out)?;
    for w in &p.weeks {
        writeln!(out, "week {}: {}", w.number, week_summary_line(w))?;
    }
    if let Some(w) = p.weeks.first() {
        writeln!(out, "Hip strength sessions (the same exercises every week; plan.html says what each is for):")?;
        for s in &w.strength {
            writeln!(out, "  {}", strength_line(s))?;
        }
    }
    writeln!(out, "{}", warm_up_line())?;
    writeln!(out, "{}", stretch_line())?;
    let tracks = audio::tracks(p);
    if !tracks.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", audio_line(&tracks))?;
        for t in &tracks {
            writeln!(
                out,
                "  {:<32} {}",
                t.file().trim_start_matches("audio/"),
                track_line(t)
            )?;
        }
    }
    writeln!(out)?;
    for r in RULES {
        writeln!(out, "- {r}")?;
    }
    writeln!(out, "{NOT_MEDICAL_ADVICE}")?;
    Ok(())
}
