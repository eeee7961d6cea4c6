//! `plan.html`: the plan on a phone. Self-contained (inline CSS, no script, no network),
//! one column, large type; every string from a file (a run's path) is escaped.

use super::audio::{self, Track};
use super::json::strength_file;
use super::json::workout_file;
use super::programme;
use super::text::{
    audio_line, band_line, pain_follows_line, pain_lines, runs_line, start_line, strength_line,
    track_line, week_extra_lines, RULES,
};
use super::Plan;
use crate::html::escape;
use std::fmt::Write as _;
use stridewise_engine::coach::warning::NOT_MEDICAL_ADVICE;
use stridewise_engine::units::UnitSystem;

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;\
background:#f6f7f9;color:#1d2430;font-size:17px;line-height:1.45}main{max-width:640px;\
margin:0 auto;padding:16px}h1{font-size:1.4rem;margin:0 0 6px}h2{font-size:1.1rem;\
margin:22px 0 8px}.sub{color:#5b6575;margin:0 0 12px}.card{background:#fff;\
border:1px solid #dde1e7;border-radius:10px;padding:12px 14px;margin:10px 0}\
.big{font-size:2rem;font-weight:700}.big small{font-size:1rem;font-weight:400;color:#5b6575}\
.warn{border-left:6px solid #c0392b}.sore{border-left:6px solid #d68910}\
.est{border-left:6px solid #d68910}ul{padding-left:20px}li{margin:4px 0}\
a{color:#1f5fa8}footer{color:#5b6575;font-size:.85rem;margin-top:24px}\
.tag{display:inline-block;background:#eef0f3;border-radius:6px;padding:1px 8px;\
font-size:.85rem;margin-right:4px}.gate{border:2px solid #c0392b;background:#fff5f4}.ex b{display:block}.ex small{color:#5b6575}table{border-collapse:collapse}";

/// First letter upper case.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// `plan.html`: the plan's page.
pub struct Page {
    /// Display units.
    pub units: UnitSystem,
}

impl crate::render::Renderer<Plan> for Page {
    fn render(&self, p: &Plan, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(page(p, self.units).as_bytes())
    }
}

/// Render the page.
#[must_use]
pub fn page(p: &Plan, u: UnitSystem) -> String {
    let mut h = String::new();
    let first = p
        .weeks
        .first()
        .map(|w| w.monday.to_string())
        .unwrap_or_default();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Cadence retraining plan</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>Cadence retraining plan</h1>\n<p class=\"sub\">{} weeks from {first} · {} runs a \
         week</p>\n",
        p.weeks.len(),
        p.history.runs_per_week
    );
    // The gate first of all (issue 26).
    let _ = writeln!(
        h,
        "<div class=\"card gate\"><b>{}</b>\n<ul>",
        escape(programme::GATE_HEAD)
    );
    for c in programme::GATE {
        let _ = writeln!(h, "<li>{}</li>", escape(c));
    }
    h.push_str("</ul></div>\n");
    let estimate = matches!(
        p.start.source,
        super::target::CadenceSource::SingleRun { .. }
    );
    let _ = writeln!(
        h,
        "<div class=\"card{}\"><b>Where you start</b><br>{}</div>\n<p>{}</p>",
        if estimate { " est" } else { "" },
        escape(&start_line(p, u)),
        escape(&band_line(p))
    );
    for l in pain_lines(p) {
        let class = if l.starts_with("WARNING") {
            "warn"
        } else {
            "sore"
        };
        let _ = writeln!(h, "<div class=\"card {class}\">{}</div>", escape(&l));
    }
    if let Some(l) = pain_follows_line(p) {
        let _ = writeln!(h, "<div class=\"card sore\">{}</div>", escape(&l));
    }
    h.push_str(
        "<h2>Every run</h2>\n<div class=\"card\"><b>Before: dynamic warm-up, 5–8 min</b>\n<ul>\n",
    );
    let _ = writeln!(
        h,
        "<li>{} min brisk walk</li>",
        programme::WARM_UP_WALK_S / 60
    );
    for e in &programme::WARM_UP {
        let _ = writeln!(
            h,
            "<li class=\"ex\">{}: {} <small>{}. {}.</small></li>",
            escape(e.name),
            escape(&programme::dose_words(e)),
            escape(&capitalised(e.purpose)),
            escape(&capitalised(e.how))
        );
    }
    let _ = writeln!(
        h,
        "</ul><b>After: static stretches, {} s each side</b>\n<ul>",
        programme::STRETCH_HOLD_S
    );
    for (n, how) in &programme::STRETCHES {
        let _ = writeln!(
            h,
            "<li>{}: <small>{}.</small></li>",
            escape(n),
            escape(&capitalised(how))
        );
    }
    h.push_str("</ul></div>\n");
    h.push_str("<h2>Hip strength and mobility</h2>\n<div class=\"card\"><ul>\n");
    let mut seen: Vec<&str> = Vec::new();
    for e in programme::SESSIONS.iter().flatten() {
        if seen.contains(&e.code) {
            continue;
        }
        seen.push(e.code);
        let _ = writeln!(
            h,
            "<li class=\"ex\"><b>{}</b> {}, {} s rest between sets. {} <small>{}.</small></li>",
            escape(e.name),
            escape(&programme::dose_words(e)),
            programme::REST_S,
            escape(&capitalised(e.purpose)),
            escape(&capitalised(e.how))
        );
    }
    h.push_str("</ul></div>\n");
    h.push_str("<h2>Week by week</h2>\n");
    for w in &p.weeks {
        let _ = write!(
            h,
            "<div class=\"card\"><b>Week {} · from {}</b><div class=\"big\">{:.0} \
             <small>steps/min (+{}%)</small></div>\n<span class=\"tag\">{}</span>\
             <span class=\"tag\">watch alerts outside {:.0}–{:.0}</span>{}\n<ul>\n",
            w.number,
            w.monday,
            w.target_spm,
            w.increase_pct,
            escape(w.feedback.label()),
            w.band_spm.0,
            w.band_spm.1,
            if w.cut_pct > 0.0 {
                format!("<span class=\"tag\">volume −{:.0}%</span>", w.cut_pct)
            } else {
                String::new()
            }
        );
        let _ = writeln!(h, "<li>{}</li>", escape(&runs_line(w)));
        for r in &w.runs {
            let audio = if r.metronome {
                let f = Track::of(w, r).file();
                format!(
                    " · metronome: <a href=\"{}\">{}</a>",
                    escape(&f),
                    escape(f.trim_start_matches("audio/"))
                )
            } else {
                String::new()
            };
            let f = workout_file(w.number, r.number);
            let _ = writeln!(
                h,
                "<li>Run {}: watch workout <a href=\"{}\">{}</a>{audio}</li>",
                r.number,
                escape(&f),
                escape(f.trim_start_matches("workouts/"))
            );
        }
        for l in week_extra_lines(w) {
            let _ = writeln!(h, "<li>{}</li>", escape(&l));
        }
        for s in &w.strength {
            let f = strength_file(w.number, s.number);
            let _ = writeln!(
                h,
                "<li>Hip strength {}, {} s rest between sets: watch workout <a href=\"{}\">{}</a></li>",
                escape(&strength_line(s)),
                programme::REST_S,
                escape(&f),
                escape(f.trim_start_matches("workouts/"))
            );
        }
        h.push_str("</ul></div>\n");
    }
    let tracks = audio::tracks(p);
    if !tracks.is_empty() {
        let _ = writeln!(
            h,
            "<h2>Click tracks</h2>\n<div class=\"card\">{}\n<ul>",
            escape(&audio_line(&tracks))
        );
        for t in &tracks {
            let f = t.file();
            let _ = writeln!(
                h,
                "<li><a href=\"{}\">{}</a>: {}</li>",
                escape(&f),
                escape(f.trim_start_matches("audio/")),
                escape(&track_line(t))
            );
        }
        h.push_str("</ul></div>\n");
    }
    h.push_str("<h2>Rules</h2>\n<ul>\n");
    for r in RULES {
        let _ = writeln!(h, "<li>{}</li>", escape(r));
    }
    h.push_str(
        "<li>On a Garmin watch: copy the files of <code>workouts/</code> into \
         <code>GARMIN/NewFiles</code> on the watch (USB); they appear under Workouts.</li>\n</ul>\n",
    );
    let _ = write!(
        h,
        "<footer>{} Generated by stridewise {}.</footer>\n</main>\n</body>\n</html>\n",
        escape(NOT_MEDICAL_ADVICE),
        env!("CARGO_PKG_VERSION")
    );
    h
}
