//! `physio.html`: the folder review on one printed A4 page for the runner's physio
//! (issues 25 and 26). What the pain follows first ([`stridewise_engine::coach::pain_pattern`]),
//! then one row per week of the last [`WEEKS`] (`history::physio`): distance against the
//! advised 20–30% cut, cadence at easy pace against the plan's target (with `--plan`),
//! left/right balance, downhill exposure, the pain log; then the cuts after sore days and
//! the days logged. Self-contained, with a print stylesheet (`@page { size: A4 }`, small
//! type, no colour needed); checked with Chromium's print-to-PDF (`docs/pain-pattern.md`).

use super::Outcome;
use crate::html::escape;
use chrono::NaiveDate;
use std::fmt::Write as _;
use stridewise_engine::coach::code::FindingCode;
use stridewise_engine::coach::folder::{p_words, PainFinding, PainPatternFinding};
use stridewise_engine::coach::warning::Advice;
use stridewise_engine::history::physio::{self, PhysioWeek};
use stridewise_engine::units::UnitSystem;

/// Weeks shown: eight fit one A4 page with the rest.
pub const WEEKS: usize = 8;

/// Most pain-log days listed (the newest): more would not fit the page.
pub(crate) const MAX_PAIN_DAYS: usize = 42;

/// Most lingering-pain warnings printed (the newest); the page says how many more.
pub(crate) const MAX_LINGERING: usize = 2;

/// True for the codes of the pain-pattern finding (shown in its own section).
#[must_use]
pub(crate) fn is_pattern_code(code: FindingCode) -> bool {
    matches!(
        code,
        FindingCode::PainFollows
            | FindingCode::PainFollowsNoKind
            | FindingCode::PainPatternTooFewDays
    )
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;\
color:#111;font-size:10pt;line-height:1.3}main{max-width:190mm;margin:0 auto;padding:8px}\
h1{font-size:15pt;margin:0 0 2px}h2{font-size:11pt;margin:10px 0 3px;border-bottom:1px solid #999}\
p{margin:3px 0}.sub{color:#444;font-size:9pt}.stop{border:2px solid #111;padding:4px 6px;\
font-weight:600}table{border-collapse:collapse;width:100%;font-size:8.5pt}\
th,td{border-bottom:1px solid #ccc;padding:2px 3px;text-align:right;white-space:nowrap}\
th.l,td.l{text-align:left;white-space:normal}.scroll{overflow-x:auto}.log{font-size:8.5pt}\
.named{font-weight:700}\
@page{size:A4;margin:12mm}\
@media print{body{font-size:9pt}main{max-width:none;padding:0}h2{break-after:avoid}\
table,.stop{break-inside:avoid}a{color:#111;text-decoration:none}.noprint{display:none}}";

/// A change in whole percent with its sign; never "-0%".
fn signed_pct(c: f64) -> String {
    let r = c.round();
    if r == 0.0 {
        "0%".into()
    } else {
        format!("{r:+.0}%")
    }
}

fn fmt_opt(v: Option<f64>, digits: usize) -> String {
    v.filter(|x| x.is_finite())
        .map_or_else(|| "–".into(), |x| format!("{x:.digits$}"))
}

/// The plan's cadence target of the week starting `monday`, if the plan has that week.
fn target_of(targets: &[(NaiveDate, f64)], monday: NaiveDate) -> Option<f64> {
    targets.iter().find(|(m, _)| *m == monday).map(|(_, t)| *t)
}

fn pattern_section(h: &mut String, f: Option<&PainPatternFinding>) {
    h.push_str("<h2>What the pain follows</h2>\n");
    let Some(f) = f else {
        h.push_str(
            "<p>No pain log was given (<code>--pain-log</code>): nothing to set the runs \
             against.</p>\n",
        );
        return;
    };
    // Counts and p-values only: no quantity for the units to word.
    let _ = writeln!(h, "<p><b>{}</b></p>", escape(&f.message().to_string()));
    if let PainPatternFinding::Pattern { comparisons, .. } = f {
        h.push_str(
            "<table><tr><th class=\"l\">kind of run</th><th>pain after</th><th>the others</th>\
             <th>p (Holm)</th></tr>\n",
        );
        for c in comparisons {
            let _ = writeln!(
                h,
                "<tr{}><td class=\"l\">{} / {}</td><td>{} of {}</td><td>{} of {}</td><td>{}</td></tr>",
                if c.named { " class=\"named\"" } else { "" },
                escape(c.run_trait.with_label()),
                escape(c.run_trait.without_label()),
                c.with_pain,
                c.with_runs,
                c.without_pain,
                c.without_runs,
                c.p_holm
                    .map_or_else(|| "too few to test".into(), p_words)
            );
        }
        h.push_str("</table>\n");
        h.push_str(
            "<p class=\"sub\">Pain after = a day with pain ≥ 4/10 logged 1–2 days after the run. \
             One-sided Fisher's exact test per kind, Holm-corrected; a pattern in the log, never \
             a cause or a diagnosis.</p>\n",
        );
    }
}

fn weeks_table(h: &mut String, w: &[PhysioWeek], u: UnitSystem, targets: &[(NaiveDate, f64)]) {
    let dl = u.distance_label();
    let _ = writeln!(
        h,
        "<h2>The weeks</h2>\n<div class=\"scroll\"><table><tr><th class=\"l\">week</th>\
         <th>runs</th><th>{dl}</th><th>change</th><th>cross-train</th>\
         <th>easy spm</th><th>plan spm</th><th>balance</th><th>down {el}/{dl}</th>\
         <th>steep</th><th>max pain</th><th>sore days</th></tr>",
        el = u.elevation_label()
    );
    // Loss per display distance unit, in the display elevation unit.
    let per_unit = |per_km: f64| u.elevation(per_km / u.distance(1000.0));
    for x in w {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&x.label),
            x.runs,
            u.distance(x.distance_m),
            x.change_pct.map_or_else(|| "–".into(), signed_pct),
            if x.cross_training_s > 0.0 {
                format!("{:.0} min", x.cross_training_s / 60.0)
            } else {
                "–".into()
            },
            fmt_opt(x.easy_cadence_spm, 0),
            fmt_opt(target_of(targets, x.monday), 0),
            x.balance_left_pct
                .map_or_else(|| "–".into(), |b| format!("{b:.1}% L")),
            fmt_opt(x.loss_m_per_km.map(per_unit), 1),
            x.steep_share_pct
                .map_or_else(|| "–".into(), |s| format!("{s:.0}%")),
            x.max_pain.map_or_else(|| "–".into(), |p| format!("{p}/10")),
            x.sore_days
        );
    }
    h.push_str("</table></div>\n");
    let _ = writeln!(
        h,
        "<p class=\"sub\">Advice while it hurts: weekly distance cut by 20–30% for a while, flat \
         routes, cadence +5–10% over the runner's own at easy pace. Easy cadence in steps/min \
         (the slower half of the folder's running); balance is the left share of ground \
         contact on flat running (Garmin: 50.0–50.7% green); down {el}/{dl} is the elevation \
         lost per {dl}; steep is the share of distance steeper than 5% up or down.</p>",
        el = u.elevation_label()
    );
}

/// Render `physio.html`. `targets`: the plan's weekly cadence targets (Monday, steps/min),
/// empty without `--plan`.
#[must_use]
pub fn page(o: &Outcome, u: UnitSystem, targets: &[(NaiveDate, f64)]) -> String {
    let rows: Vec<_> = o.runs.iter().map(|r| r.row.clone()).collect();
    let sore_pain = stridewise_engine::coach::pain::PainParams::default().sore_pain;
    let weeks = physio::weeks(&rows, &o.trends, &o.pain_days, sore_pain, WEEKS);
    let mut h = String::new();
    let span = match (weeks.first(), weeks.last()) {
        (Some(a), Some(b)) => format!("{} to {}", a.label, b.label),
        _ => "no dated runs".into(),
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>stridewise: summary for the physio</title>\n<style>{CSS}</style>\n</head>\n\
         <body>\n<main>\n<h1>Running summary for the physio</h1>\n<p class=\"sub\">{} · {} \
         runs in the folder · from a running watch, not a clinical record \
         <a class=\"noprint\" href=\"index.html\">back to the review</a></p>\n",
        escape(&span),
        o.runs.len()
    );
    // Lingering pain above everything: the newest MAX_LINGERING streaks, the count of the
    // others (one page).
    let lingering: Vec<&PainFinding> = o
        .pain
        .iter()
        .filter(|f| matches!(f, PainFinding::LingeringPain { .. }))
        .collect();
    let skip = lingering.len().saturating_sub(MAX_LINGERING);
    for f in &lingering[skip..] {
        let _ = writeln!(
            h,
            "<p class=\"stop\">{}</p>",
            escape(&crate::words::message(&f.message(), u))
        );
    }
    if skip > 0 {
        let _ = writeln!(
            h,
            "<p class=\"sub\">And {skip} earlier streak{} of pain on consecutive days (index.html \
             lists them).</p>",
            if skip == 1 { "" } else { "s" }
        );
    }
    pattern_section(&mut h, o.pain_pattern.as_ref());
    weeks_table(&mut h, &weeks, u, targets);
    let cuts: Vec<&PainFinding> = o
        .pain
        .iter()
        .filter(|f| matches!(f, PainFinding::SoreDayVolume { .. }))
        .collect();
    if !cuts.is_empty() {
        h.push_str("<h2>After sore days</h2>\n<ul class=\"log\">\n");
        for f in cuts.iter().rev().take(4).rev() {
            let _ = writeln!(
                h,
                "<li>{}</li>",
                escape(&crate::words::message(&f.message(), u))
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h2>Pain log</h2>\n");
    if o.pain_days.is_empty() {
        h.push_str("<p class=\"log\">No pain log given.</p>\n");
    } else {
        let days: Vec<String> = o
            .pain_days
            .iter()
            .rev()
            .take(MAX_PAIN_DAYS)
            .rev()
            .map(|(d, p)| format!("{} {p}", d.format("%m-%d")))
            .collect();
        let more = o.pain_days.len().saturating_sub(MAX_PAIN_DAYS);
        let _ = writeln!(
            h,
            "<p class=\"log\">Highest pain per day, 0–10 ({}{}): {}</p>",
            o.pain_days.keys().last().map_or(0, chrono::Datelike::year),
            if more > 0 {
                format!("; the newest {MAX_PAIN_DAYS} of {} days", o.pain_days.len())
            } else {
                String::new()
            },
            escape(&days.join(" · "))
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"sub\">{}</p>\n</main>\n</body>\n</html>",
        escape(stridewise_engine::coach::warning::NOT_MEDICAL_ADVICE)
    );
    h
}
