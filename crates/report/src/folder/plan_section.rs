//! The index's section of a plan's progress (`--plan plan.json`): where the newest
//! measured plan week stands, the progress chart, and the pain and the kind of runs since
//! the plan ([`stridewise_engine::coach::plan_progress`]: computed by `plan::progress`, worded here).

use crate::html::escape;
use std::fmt::Write as _;
use stridewise_engine::coach::plan_progress::{
    PainTrend, PlanChanges, PlanStanding, Standing, PAIN_BEFORE_DAYS,
};

/// Where the newest measured plan week stands, in words.
#[must_use]
pub(crate) fn standing_words(s: &PlanStanding) -> String {
    let (c, t, tol) = (s.cadence_spm, s.target_spm, s.tolerance_spm);
    let head = format!(
        "Plan week {} (from {}): {c:.0} steps/min at easy pace against the plan's {t:.0}",
        s.week, s.monday
    );
    match s.standing {
        Standing::Behind => format!(
            "{head}, {:.0} behind. Stay on this step with the metronome on every run until \
             you hold it; move up only then.",
            t - c
        ),
        Standing::Ahead => format!(
            "{head}, {:.0} ahead. You may move to the next step; the plan never goes \
             above +10% of your start, the largest increase studied.",
            c - t
        ),
        Standing::OnTrack => format!("{head}: on track (within ±{tol:.0})."),
    }
}

/// The index page's section: the finding and the chart (its files named by
/// `chart_id`, [`crate::svg::file_names`]).
#[must_use]
pub fn section(standing: Option<&PlanStanding>, chart_id: Option<&str>) -> String {
    let mut h = String::from("<h2>Your cadence plan</h2>\n");
    match standing {
        Some(s) => {
            let sev = s.standing.severity().as_str();
            let _ = writeln!(
                h,
                "<div class=\"w {sev}\"><b>{sev}</b> {}<div class=\"ev\">{}</div></div>",
                escape(&standing_words(s)),
                escape(s.standing.code())
            );
        }
        None => h.push_str(
            "<p>No run of the folder falls in a plan week with a minute of running near your \
             easy pace yet.</p>\n",
        ),
    }
    if let Some(id) = chart_id {
        // The chart's PNG, linked, and its SVGs for a desktop and a phone.
        crate::html::chart_figure(
            &mut h,
            &crate::html::ChartLink {
                id,
                title: "cadence against the plan",
                square: false,
            },
            false,
        );
    }
    h
}

/// The index's words for [`PlanChanges`]: pain, then the run mix the plan asked to cut.
#[must_use]
pub(crate) fn changes_section(c: &PlanChanges) -> String {
    let mut h = String::from("<h3>Pain and the kind of runs since the plan</h3>\n<ul>\n");
    let f1 = |x: Option<f64>| x.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"));
    let weeks: Vec<String> = c
        .pain_weeks
        .iter()
        .map(|(k, p)| format!("week {k}: {}", f1(*p)))
        .collect();
    let trend = match c.pain_trend {
        Some(PainTrend::Falling) => "falling (at least 30% lower than before the plan)",
        Some(PainTrend::Level) => "about the same as before the plan (within 30%)",
        Some(PainTrend::Rising) => {
            "rising (at least 30% higher than before the plan): if it keeps rising, stop and \
             get assessed"
        }
        None => "not enough logged days before and during the plan to tell",
    };
    let _ = writeln!(
        h,
        "<li>Logged pain: {trend}. Mean pain (0–10) in the {PAIN_BEFORE_DAYS} days before: {}; {}.</li>",
        f1(c.pain_before),
        escape(&weeks.join(", "))
    );
    let pct = |x: Option<f64>| x.map_or_else(|| "–".to_string(), |v| format!("{v:.0}%"));
    for (name, b, d) in [
        (
            "hilly",
            c.shares_before.hilly_pct,
            c.shares_during.hilly_pct,
        ),
        ("long", c.shares_before.long_pct, c.shares_during.long_pct),
        (
            "fast or structured",
            c.shares_before.fast_pct,
            c.shares_during.fast_pct,
        ),
    ] {
        let verdict = match (b, d) {
            (Some(b), Some(d)) if d < b => "fewer, as the plan asked",
            (Some(b), Some(d)) if d > b => "more: the plan asked for fewer",
            (Some(_), Some(_)) => "unchanged",
            _ => "cannot tell yet",
        };
        let _ = writeln!(
            h,
            "<li>{name} runs: {} before the plan, {} of {} runs since: {verdict}.</li>",
            pct(b),
            pct(d),
            c.runs_during
        );
    }
    h.push_str("</ul>\n");
    h
}
