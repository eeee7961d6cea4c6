//! `report.html`: one self-contained page per run that opens from disk with no network:
//! inline CSS, no scripts, charts by relative link. Every string that comes from a file
//! (activity name, device, notes) is HTML-escaped.

use super::text::{Reviewed, Style};
use std::fmt::Write as _;
use stridewise_engine::coach::code::FindingCode;
use stridewise_engine::coach::review::Review;
use stridewise_engine::coach::warning::{Severity, NOT_MEDICAL_ADVICE};
use stridewise_engine::model::Activity;

/// Escape text for HTML element content and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;\
background:#f6f7f9;color:#1d2430}main{max-width:1240px;margin:0 auto;padding:24px}\
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 8px}\
.sub{color:#5b6575;margin:0 0 16px}pre{background:#fff;border:1px solid #dde1e7;\
border-radius:6px;padding:12px;white-space:pre-wrap;font-size:.85rem;line-height:1.45}\
.w{background:#fff;border-left:5px solid #999;border-radius:4px;padding:10px 14px;margin:8px 0}\
.w.warning{border-color:#c0392b}.w.caution{border-color:#d68910}.w.info{border-color:#2e86c1}\
.w b{text-transform:uppercase;font-size:.75rem;letter-spacing:.05em}\
.ev{color:#5b6575;font-size:.85rem;margin-top:4px}\
footer{color:#5b6575;font-size:.85rem;margin-top:32px}\
nav a{color:#2e6fb5;text-decoration:none}.path{color:#7a8494;font-size:.8rem;margin:0 0 16px;\
word-break:break-all}.figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));\
gap:10px}.fig{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:10px 12px}\
.fig span{display:block;color:#5b6575;font-size:.8rem}.fig b{display:block;font-size:1.25rem}\
.fig small{color:#5b6575;font-size:.75rem}.w h3{margin:0 0 4px;font-size:1rem}.w p{margin:4px 0}\
figcaption{color:#5b6575;font-size:.8rem;padding:4px}table{border-collapse:collapse;\
background:#fff}td,th{padding:5px 10px;border-bottom:1px solid #e3e6eb;text-align:right}\
td:first-child{text-align:left}.scroll{overflow-x:auto}details{margin-top:24px}\
td.l,th.l{text-align:left}td.why{color:#5b6575;font-size:.85rem}tr.work{background:#fff4e0}\
@media(max-width:600px){main{padding:12px}.figs{grid-template-columns:1fr 1fr}\
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:auto}\
table.cards tr.head{display:none}table.cards tr{border-bottom:1px solid #dde1e7;padding:6px 0}\
table.cards td{border:0;text-align:left;padding:1px 10px}\
table.cards td[data-l]::before{content:attr(data-l) \": \";color:#5b6575}\
.fig b{font-size:1.05rem}table.laps{font-size:.8rem}table.laps td,table.laps th{padding:3px 4px}}";

/// One piece of advice as a block a runner reads, coloured by severity: the plain title,
/// what it means for a sore hip, the numbers behind it in words (`message`, already in the
/// display unit) and what to do.
pub(crate) fn advice_block(h: &mut String, code: FindingCode, severity: Severity, message: &str) {
    let class = match severity {
        Severity::Warning => "warning",
        Severity::Caution => "caution",
        Severity::Info => "info",
    };
    let e = super::words::explain(code);
    let _ = writeln!(
        h,
        "<div class=\"w {class}\"><h3>{}</h3><p>{}</p><p class=\"ev\">{}</p>\
         <p><b>What to do:</b> {}</p></div>",
        escape(e.title),
        escape(e.hip),
        escape(message),
        escape(e.advice)
    );
}

/// A chart shown on a page: its files are `ID.png` (full size, linked), `ID.svg` (shown on
/// a desktop) and `ID.phone.svg` (shown on a phone), beside the page.
pub struct ChartLink<'a> {
    /// The chart's id, the stem of its files.
    pub id: &'a str,
    /// Caption.
    pub title: &'a str,
    /// Drawn at equal scales (the route): shown at most 720 CSS px wide, not stretched
    /// across a desktop.
    pub square: bool,
}

/// The CSS of a chart figure (both pages): the picture as wide as the page, the phone's
/// rendering at most 560 px wide on a tablet, a square chart at most 720 px wide.
pub(crate) const FIGURE_CSS: &str = "figure{background:#fff;border:1px solid #dde1e7;\
border-radius:6px;margin:12px 0;padding:8px}figure a{display:block}figure picture{display:block}\
figure img{width:100%;height:auto;display:block}figure.square picture{max-width:720px;margin:0 auto}\
@media(max-width:900px){figure picture{max-width:560px;margin:0 auto}}\
@media(max-width:600px){figure{padding:4px;margin:10px 0}}";

/// A chart as a figure: the phone's SVG below [`super::svg::PHONE_MEDIA`], else the
/// desktop's, linking the full-size PNG; with the title as caption when `caption`.
pub(crate) fn chart_figure(h: &mut String, c: &ChartLink<'_>, caption: bool) {
    let (png, svg, phone) = super::svg::file_names(c.id);
    let (png, svg, phone, title) = (escape(&png), escape(&svg), escape(&phone), escape(c.title));
    let _ = write!(
        h,
        "<figure{}><a href=\"{png}\" title=\"open the full-size PNG\"><picture>\
         <source media=\"{}\" srcset=\"{phone}\"><img src=\"{svg}\" alt=\"{title}\">\
         </picture></a>",
        if c.square { " class=\"square\"" } else { "" },
        super::svg::PHONE_MEDIA,
    );
    if caption {
        let _ = write!(
            h,
            "<figcaption>{title} <a href=\"{png}\">(full size)</a></figcaption>"
        );
    }
    h.push_str("</figure>\n");
}

/// What a folder review knows about a run beyond the run itself.
#[derive(Clone, Debug, Default)]
pub struct PageContext {
    /// Link back to the folder's index, relative to the page.
    pub index_href: Option<String>,
    /// The runner's recent runs and baseline, set against this run.
    pub compared: Option<Compared>,
    /// Pain logged on the run's day (0–10).
    pub pain: Option<u8>,
}

/// "Compared with your recent runs": this run's figures beside the mean of the runner's
/// last few runs before it, and the baseline comparison at the same speeds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Compared {
    /// Runs the recent means are taken over.
    pub recent_runs: usize,
    /// (this run, recent mean) running cadence, steps/min.
    pub cadence_spm: (Option<f64>, Option<f64>),
    /// (this run, recent mean) step length, m.
    pub step_length_m: (Option<f64>, Option<f64>),
    /// (this run, recent mean) climbing, m per km.
    pub gain_per_km: (Option<f64>, Option<f64>),
    /// Cadence against the baseline at the same speeds, percent.
    pub baseline_cadence_pct: Option<f64>,
    /// Step length against the baseline at the same speeds, percent.
    pub baseline_step_pct: Option<f64>,
}

/// The run's title: its name (from the file or Strava's CSV), else "Run on DATE at
/// HH:MM UTC", else "Planned route".
#[must_use]
pub(crate) fn run_title(a: &stridewise_engine::model::Activity) -> String {
    let kind = if a.is_route() {
        "Planned route".to_string()
    } else if a.sport == stridewise_engine::model::Sport::Running {
        "Run".to_string()
    } else {
        let s = a.sport.as_str();
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
            .replace('_', " ")
    };
    // Local time: the run's own day and hour (UTC, said so, when unknown).
    let local = a
        .start_time
        .map(|t| stridewise_engine::model::local_start(t, a.utc_offset.as_ref()));
    let zone = stridewise_engine::model::local_label(a.utc_offset.as_ref());
    match (a.name.as_deref().map(str::trim), local) {
        (Some(n), Some(t)) if !n.is_empty() => format!("{n} · {}", t.format("%a %Y-%m-%d")),
        (Some(n), None) if !n.is_empty() => n.to_string(),
        (_, Some(t)) => format!("{kind} on {} {zone}", t.format("%a %Y-%m-%d at %H:%M")),
        (_, None) => kind,
    }
}

/// Render the page for one reviewed run, alone.
#[must_use]
pub fn page(item: &Reviewed<'_>, style: Style, charts: &[ChartLink<'_>]) -> String {
    page_with(item, style, charts, &PageContext::default())
}

fn figure(h: &mut String, label: &str, value: &str, note: &str) {
    let _ = write!(
        h,
        "<div class=\"fig\"><span>{}</span><b>{}</b><small>{}</small></div>",
        escape(label),
        escape(value),
        escape(note)
    );
}

/// Render the page for one reviewed run: title, headline figures, what to work on, the
/// charts, and in a folder review the comparison with recent runs and a link back.
#[must_use]
pub(crate) fn page_with(
    item: &Reviewed<'_>,
    style: Style,
    charts: &[ChartLink<'_>],
    ctx: &PageContext,
) -> String {
    let a = item.activity;
    let r = item.review;
    let u = style.units;
    let title = run_title(a);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · stridewise</title>\n<style>{CSS}{FIGURE_CSS}</style>\n</head>\n<body>\n<main>\n",
        escape(&title),
    );
    if let Some(href) = &ctx.index_href {
        let _ = writeln!(h, "<nav><a href=\"{}\">← All runs</a></nav>", escape(href));
    }
    let _ = write!(
        h,
        "<h1>{}</h1>\n<p class=\"path\">{}</p>\n",
        escape(&title),
        escape(item.path),
    );
    // Headline figures.
    h.push_str("<div class=\"figs\">");
    if let Some(d) = r.totals.distance_m {
        figure(
            &mut h,
            "Distance",
            &format!("{:.2} {}", u.distance(d), u.distance_label()),
            "",
        );
    }
    if let Some(p) = &r.pace {
        let m = &r.motion;
        let mut times = vec![
            format!(
                "{} elapsed",
                stridewise_engine::units::format_duration(m.elapsed_s)
            ),
            format!(
                "{} on the timer",
                stridewise_engine::units::format_duration(m.timer_s)
            ),
        ];
        if m.standing_s >= 1.0 {
            times.push(format!(
                "{} standing",
                stridewise_engine::units::format_duration(m.standing_s)
            ));
        }
        figure(
            &mut h,
            "Moving time",
            &stridewise_engine::units::format_duration(p.moving_time_s),
            &times.join(", "),
        );
        figure(
            &mut h,
            "Session",
            r.session.kind.label(),
            &crate::words::session_evidence(&r.session, u),
        );
        let pace = |s: f64| stridewise_engine::units::Pace { sec_per_km: s }.format(u);
        figure(
            &mut h,
            "Pace",
            &format!("{}{}", pace(p.avg_pace_s_per_km), u.pace_label()),
            "",
        );
        let rough = r
            .elevation
            .as_ref()
            .filter(|e| e.low_confidence)
            .map(|e| format!("rough: {}", e.altitude_words()));
        figure(
            &mut h,
            "Grade-adjusted pace",
            &format!("{}{}", pace(p.avg_gap_pace_s_per_km), u.pace_label()),
            rough.as_deref().unwrap_or("the same effort on the flat"),
        );
    }
    if let Some(c) = &r.cadence {
        if let (Some(run), Some(t)) = (&c.running, &c.target) {
            figure(
                &mut h,
                "Running cadence",
                &format!("{:.0} steps/min", run.mean_spm),
                &format!(
                    "{:.0}% of running in {:.0}–{:.0}",
                    t.in_pct, t.low_spm, t.high_spm
                ),
            );
        }
    }
    if let Some(e) = &r.elevation {
        let lab = u.elevation_label();
        figure(
            &mut h,
            "Climbing",
            &format!(
                "+{:.0} {lab} / −{:.0} {lab}",
                u.elevation(e.gain_m),
                u.elevation(e.loss_m)
            ),
            &format!(
                "{:.0}% of distance steeper than ±{:.0}%",
                e.steep_up_distance_share_pct + e.steep_down_distance_share_pct,
                e.bands.last().and_then(|b| b.min_grade_pct).unwrap_or(5.0)
            ),
        );
    }
    if let Some(left) = r
        .stride
        .as_ref()
        .and_then(|s| s.dynamics.as_ref())
        .and_then(|d| d.stance_balance_left_pct)
    {
        figure(
            &mut h,
            "Left/right balance",
            &format!("{left:.1}% / {:.1}%", 100.0 - left),
            "ground contact; 50.0–50.7% is Garmin's green zone",
        );
    }
    let avg = stridewise_engine::analysis::totals::averages(a);
    if let Some(hr) = avg.avg_heart_rate_bpm {
        figure(
            &mut h,
            "Heart rate",
            &format!("{hr:.0} bpm"),
            &avg.max_heart_rate_bpm
                .map_or_else(String::new, |m| format!("average; max {m:.0} bpm")),
        );
    }
    if let Some(p) = ctx.pain {
        figure(
            &mut h,
            "Pain that day",
            &format!("{p}/10"),
            "from your pain log",
        );
    }
    h.push_str("</div>\n");
    // What to work on.
    h.push_str("<h2>What to work on</h2>\n");
    // The focus first, in its order (the terminal's "Work on first"), then the rest by
    // severity; the sort is stable, so ties keep the review's order.
    let focus = r.focus();
    let mut ranked: Vec<&stridewise_engine::coach::warning::Finding> = r.findings.iter().collect();
    ranked.sort_by_key(|f| {
        let at = focus
            .iter()
            .position(|c| *c == f.kind())
            .unwrap_or(focus.len());
        let sev = match f.severity() {
            Severity::Warning => 0,
            Severity::Caution => 1,
            Severity::Info => 2,
        };
        (at, sev)
    });
    if ranked.is_empty() {
        h.push_str("<p>Nothing stood out in this run: keep doing what you do.</p>\n");
    }
    for f in ranked {
        advice_block(
            &mut h,
            f.kind(),
            f.severity(),
            &crate::words::message(&f.message(), u),
        );
    }
    if let Some(c) = &ctx.compared {
        compared(&mut h, c, u);
    }
    laps_table(&mut h, a, r, u);
    device_table(&mut h, a, r, u);
    if !charts.is_empty() {
        h.push_str("<h2>Charts</h2>\n");
    }
    for c in charts {
        chart_figure(&mut h, c, true);
    }
    // Every number of the terminal summary, for the curious.
    let mut summary = Vec::new();
    let plain = Style {
        color: false,
        ..style
    };
    if super::text::write(std::slice::from_ref(item), plain, &mut summary).is_ok() {
        let summary = String::from_utf8_lossy(&summary);
        let summary: Vec<&str> = summary
            .lines()
            .filter(|l| *l != NOT_MEDICAL_ADVICE)
            .collect();
        let _ = writeln!(
            h,
            "<details><summary>All the numbers</summary><pre>{}</pre></details>",
            escape(summary.join("\n").trim_end())
        );
    }
    let _ = write!(
        h,
        "<footer>{} Generated by stridewise {}.</footer>\n</main>\n</body>\n</html>\n",
        escape(NOT_MEDICAL_ADVICE),
        env!("CARGO_PKG_VERSION")
    );
    h
}

/// The device's laps (two or more), each with its distance, time, pace, cadence and
/// heart rate ([`stridewise_engine::analysis::laps`]); in a structured session (intervals from the
/// laps' intensities, [`stridewise_engine::analysis::session`]) the work laps are marked.
fn laps_table(h: &mut String, a: &Activity, r: &Review, u: stridewise_engine::units::UnitSystem) {
    use stridewise_engine::model::LapIntensity;
    if a.laps.len() < 2 || a.is_route() {
        return;
    }
    let laps = stridewise_engine::analysis::laps::lap_figures(a);
    let structured =
        r.session.kind == stridewise_engine::analysis::session::SessionKind::Structured;
    let _ = writeln!(
        h,
        "<h2>Laps</h2>\n<div class=\"scroll\"><table class=\"laps\">\
         <tr class=\"head\"><th>lap</th><th>distance ({})</th><th>time</th><th>pace</th>\
         <th>cadence</th><th>heart rate</th><th class=\"l\">kind</th></tr>",
        u.distance_label()
    );
    let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or_else(|| "-".into(), f);
    for (k, l) in laps.iter().enumerate() {
        let work = structured
            && matches!(
                l.intensity,
                Some(LapIntensity::Interval | LapIntensity::Active)
            );
        let kind = match l.intensity {
            Some(i) if work => format!("<b>interval</b> ({})", escape(i.as_str())),
            Some(i) => escape(i.as_str()),
            None => "-".into(),
        };
        let hr = match (l.avg_heart_rate_bpm, l.max_heart_rate_bpm) {
            (Some(a), Some(m)) => format!("{a:.0} (max {m:.0})"),
            (Some(a), None) => format!("{a:.0}"),
            _ => "-".into(),
        };
        let _ = writeln!(
            h,
            "<tr{}><td data-l=\"lap\">{}</td><td data-l=\"distance\">{}</td>\
             <td data-l=\"time\">{}</td><td data-l=\"pace\">{}</td><td data-l=\"cadence\">{}</td>\
             <td data-l=\"heart rate\">{hr}</td><td class=\"l\" data-l=\"kind\">{kind}</td></tr>",
            if work { " class=\"work\"" } else { "" },
            k + 1,
            opt(l.distance_m, &|d| format!("{:.2}", u.distance(d))),
            opt(l.timer_s, &stridewise_engine::units::format_duration),
            opt(l.pace_s_per_km, &|p| format!(
                "{}{}",
                stridewise_engine::units::Pace { sec_per_km: p }.format(u),
                u.pace_label()
            )),
            opt(l.cadence_spm, &|c| format!("{c:.0}")),
        );
    }
    h.push_str("</table></div>\n");
}

/// The watch's own figures beside ours, with why where they differ
/// ([`crate::device`]).
fn device_table(h: &mut String, a: &Activity, r: &Review, u: stridewise_engine::units::UnitSystem) {
    let rows = crate::device::rows(a, r, u);
    if rows.is_empty() {
        return;
    }
    h.push_str(
        "<h2>Your watch's own figures</h2>\n<div class=\"scroll\"><table class=\"cards\">\
         <tr class=\"head\"><th class=\"l\"></th><th>ours</th><th>the watch</th><th class=\"l\">why they differ</th></tr>\n",
    );
    for d in rows {
        let _ = writeln!(
            h,
            "<tr><td class=\"l\"><b>{}</b></td><td data-l=\"ours\">{}</td>\
             <td data-l=\"the watch\">{}</td><td class=\"l why\">{}</td></tr>",
            escape(d.what),
            escape(&d.ours),
            escape(&d.device),
            escape(d.why.unwrap_or("the same"))
        );
    }
    h.push_str("</table></div>\n");
}

fn compared(h: &mut String, c: &Compared, u: stridewise_engine::units::UnitSystem) {
    let recent = if c.recent_runs == 1 {
        "the run before".to_string()
    } else {
        format!("last {} runs", c.recent_runs)
    };
    let _ = writeln!(
        h,
        "<h2>Compared with your recent runs</h2>\n<div class=\"scroll\"><table>\
         <tr><th></th><th>this run</th><th>{recent}</th></tr>"
    );
    let num = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or_else(|| "-".into(), f);
    let row = |h: &mut String,
               label: &str,
               pair: (Option<f64>, Option<f64>),
               f: &dyn Fn(f64) -> String| {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(label),
            num(pair.0, f),
            num(pair.1, f)
        );
    };
    row(h, "Running cadence", c.cadence_spm, &|v| {
        format!("{v:.0} steps/min")
    });
    let step_unit = if u == stridewise_engine::units::UnitSystem::Metric {
        "m"
    } else {
        "ft"
    };
    row(h, "Step length", c.step_length_m, &|v| {
        format!("{:.2} {step_unit}", u.elevation(v))
    });
    row(h, "Climbing", c.gain_per_km, &|v| {
        format!(
            "{:.0} {} per {}",
            u.elevation(v * u.split_meters() / 1000.0),
            u.elevation_label(),
            u.distance_label()
        )
    });
    h.push_str("</table></div>\n");
    if let (Some(cad), Some(step)) = (c.baseline_cadence_pct, c.baseline_step_pct) {
        let _ = writeln!(
            h,
            "<p>Against your baseline at the same speeds: cadence {}, steps {}.</p>",
            escape(&more_less(cad, "higher", "lower")),
            escape(&more_less(step, "longer", "shorter"))
        );
    }
}

fn more_less(pct: f64, up: &str, down: &str) -> String {
    if pct.abs() < 0.5 {
        "about the same".into()
    } else if pct > 0.0 {
        format!("{pct:.1}% {up}")
    } else {
        format!("{:.1}% {down}", -pct)
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_from_files_is_escaped() {
        assert_eq!(
            escape("<script>alert(1)</script> & \"x\" 'y'"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
    }
}
