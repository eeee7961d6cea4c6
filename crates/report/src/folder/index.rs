//! `index.html` of a folder review: the folder's findings, the trend charts, and a table
//! of every run linking its page when it has one. Self-contained (inline CSS, no
//! script, no network); every string from files is escaped.

use super::text::counted;
use super::{folder_advice, Outcome};
use crate::html::{escape, FIGURE_CSS};
use std::fmt::Write as _;
use stridewise_engine::coach::warning::Advice;
use stridewise_engine::coach::warning::NOT_MEDICAL_ADVICE;
use stridewise_engine::units::{format_duration, MetersPerSecond, UnitSystem};

pub(crate) const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;\
background:#f6f7f9;color:#1d2430}main{max-width:1240px;margin:0 auto;padding:24px}\
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:28px 0 8px}\
.sub{color:#5b6575;margin:0 0 16px}table{border-collapse:collapse;width:100%;background:#fff;\
font-size:.85rem}th,td{padding:5px 8px;border-bottom:1px solid #e3e6eb;text-align:right;\
white-space:nowrap}th{background:#eef0f3;position:sticky;top:0}td.l,th.l{text-align:left}\
td.w{text-align:left;white-space:normal;color:#8a3324}\
.w{background:#fff;border-left:5px solid #999;border-radius:4px;padding:10px 14px;margin:8px 0}\
.w.warning{border-color:#c0392b}.w.caution{border-color:#d68910}.w.info{border-color:#2e86c1}\
.w b{text-transform:uppercase;font-size:.75rem;letter-spacing:.05em}\
.w h3{margin:0 0 4px;font-size:1rem}.w p{margin:4px 0}\
.ev{color:#5b6575;font-size:.85rem;margin-top:4px}small{color:#5b6575}\
.focus li{margin:6px 0}.scroll{overflow-x:auto}@media(max-width:600px){main{padding:12px}\
table.runs,table.runs tbody,table.runs tr,table.runs td{display:block;width:auto}\
table.runs tr.head{display:none}table.runs tr{border-bottom:1px solid #dde1e7;padding:6px 0}\
table.runs td{border:0;text-align:left;white-space:normal;padding:1px 10px}\
table.runs td[data-l]::before{content:attr(data-l) \": \";color:#5b6575}}\
table.runs td.l{white-space:normal;min-width:9em}footer{color:#5b6575;font-size:.85rem;margin-top:32px}";

/// Paths as a runner tells them apart: relative to the folder they all share (never
/// absolute), and when every file name starts the same way (a Garmin export's
/// `someone@example.com_1234567N.fit`), that shared start shown as `…` when it is at
/// least 8 characters long. Order is kept.
#[must_use]
pub(crate) fn short_paths(paths: &[&str]) -> Vec<String> {
    let split: Vec<Vec<&str>> = paths
        .iter()
        .map(|p| p.split(['/', '\\']).filter(|c| !c.is_empty()).collect())
        .collect();
    // Shared leading folders (never the file name itself).
    let mut common = split
        .iter()
        .map(|c| c.len().saturating_sub(1))
        .min()
        .unwrap_or(0);
    if let Some(first) = split.first() {
        for c in &split {
            common = common.min(first.iter().zip(c).take_while(|(a, b)| a == b).count());
        }
    }
    let rel: Vec<Vec<&str>> = split
        .iter()
        .map(|c| c.get(common..).unwrap_or_default().to_vec())
        .collect();
    let names: Vec<&str> = rel.iter().filter_map(|c| c.last().copied()).collect();
    let shared = names.split_first().map_or(0, |(first, rest)| {
        rest.iter().fold(first.len(), |n, other| {
            first
                .char_indices()
                .zip(other.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| (i + a.len_utf8()).min(n))
        })
    });
    let shared = if names.len() > 1 && shared >= 8 {
        shared
    } else {
        0
    };
    rel.iter()
        .map(|c| {
            let (name, dirs) = c.split_last().map_or(("", &[][..]), |(n, d)| (*n, d));
            let name = match name.get(shared..) {
                Some(rest) if shared > 0 => format!("…{rest}"),
                _ => name.to_string(),
            };
            dirs.iter()
                .map(|d| (*d).to_string())
                .chain(std::iter::once(name))
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

/// The distinct reasons runs have no page, each with its count:
/// "--charts none asks for no pages (3)".
fn pages_missing_summary(missing: &[Option<String>]) -> String {
    let mut tally: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for why in missing.iter().flatten() {
        *tally.entry(why).or_default() += 1;
    }
    tally
        .iter()
        .map(|(why, n)| format!("{why} ({n})"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Render the index page.
#[must_use]
pub fn page(
    o: &Outcome,
    u: UnitSystem,
    charts: &[crate::html::ChartLink<'_>],
    pages: &super::PagesWritten,
    plan_section: &str,
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>stridewise folder review</title>\n<style>{CSS}{FIGURE_CSS}</style>\n</head>\n<body>\n<main>\n\
         <h1>Folder review</h1>\n<p class=\"sub\">{} from {} · {} failed{} · {} · {} \
         skipped{}</p>\n",
        counted(o.runs.len(), "run", "runs"),
        counted(o.files, "file", "files"),
        o.failed_files(),
        if o.unopened > 0 {
            format!(
                " · {} could not be opened",
                counted(o.unopened, "path", "paths")
            )
        } else {
            String::new()
        },
        counted(o.duplicates.len(), "duplicate", "duplicates"),
        counted(o.skipped.len(), "non-run", "non-runs"),
        super::text::not_activities(o).replacen(',', " ·", 1)
    );
    // Safety first (coach::focus): pain that lingers heads the page, before the focus and
    // anything about cadence or hills, in full, as it heads the terminal's output.
    let findings = folder_advice(o);
    let (safety, findings): (Vec<_>, Vec<_>) =
        findings.into_iter().partition(|f| f.code().is_safety());
    if !safety.is_empty() {
        h.push_str("<section id=\"safety\">\n<h2>Stop and get assessed</h2>\n");
        for f in safety {
            crate::html::advice_block(
                &mut h,
                f.code(),
                f.severity(),
                &crate::words::message(&f.message(), u),
            );
        }
        h.push_str("</section>\n");
    }
    // The folder's focus, as the terminal's "Work on first" (coach::focus::rank_folder).
    if !o.focus.is_empty() {
        h.push_str("<h2>What to work on</h2>\n<ol class=\"focus\">\n");
        for f in &o.focus {
            // Volume and pain findings are about the folder, not counted in runs.
            let of = if f.code.is_folder_wide() {
                "across the folder".to_string()
            } else {
                format!("{} of {}", f.runs, counted(o.runs.len(), "run", "runs"))
            };
            let e = crate::words::explain(f.code);
            let _ = writeln!(
                h,
                "<li><b>{}</b> ({of}). {} <i>{}</i></li>",
                escape(e.title),
                escape(e.hip),
                escape(e.advice)
            );
        }
        h.push_str("</ol>\n");
    } else if o.runs.iter().any(|r| !r.findings.is_empty()) {
        h.push_str(
            "<h2>What to work on</h2>\n<p>Nothing repeats across these runs: each run's page \
             says what stood out in it.</p>\n",
        );
    }
    // What the pain follows (issue 26), with the physio's one-page summary beside it.
    if let Some(f) = &o.pain_pattern {
        h.push_str("<h2>What the pain follows</h2>\n");
        crate::html::advice_block(
            &mut h,
            f.code(),
            f.severity(),
            &crate::words::message(&f.message(), u),
        );
    }
    h.push_str(
        "<p><a href=\"physio.html\">One-page summary for your physio</a> (prints on one A4 \
         page).</p>\n",
    );
    let findings: Vec<_> = findings
        .into_iter()
        .filter(|f| !super::physio::is_pattern_code(f.code()))
        .collect();
    if !findings.is_empty() {
        h.push_str("<h2>Training load</h2>\n");
    }
    for f in findings {
        crate::html::advice_block(
            &mut h,
            f.code(),
            f.severity(),
            &crate::words::message(&f.message(), u),
        );
    }
    if let Some(q) = o.baseline_quote() {
        let pace = MetersPerSecond(q.speed_mps)
            .pace()
            .map_or_else(|| "-".into(), |p| p.format(u));
        let _ = writeln!(
            h,
            "<h2>Your baseline</h2>\n<p>Over {} runs: {:.0} steps/min at {pace}{} \
             (±{:.1}). Suggested: {:.0}–{:.0} steps/min at that pace (+5–10%, Heiderscheit 2011).</p>",
            q.runs,
            q.cadence_spm,
            u.pace_label(),
            q.sd_spm,
            q.plus5_spm,
            q.plus10_spm
        );
    }
    // `--plan`: already-escaped HTML made by the caller (`PlanProgress`).
    h.push_str(plan_section);
    if !charts.is_empty() {
        h.push_str("<h2>Trends</h2>\n");
    }
    for c in charts {
        crate::html::chart_figure(&mut h, c, false);
    }
    h.push_str("<h2>Runs</h2>\n");
    // Every run links its page; the ones without say which and why (issue 25, item 2).
    let without = pages.missing.iter().flatten().count();
    if without > 0 {
        let _ = writeln!(
            h,
            "<p class=\"sub\">{} no page (said under its name): {}.</p>",
            if without == 1 {
                "1 run has".to_string()
            } else {
                format!("{without} runs have")
            },
            escape(&pages_missing_summary(&pages.missing))
        );
    }
    // On a phone (max-width 600px) each row reflows into a card, each figure with its
    // label (`data-l`), so nothing is cut; on a wide screen the run's name wraps.
    h.push_str(
        "<div class=\"scroll\"><table class=\"runs\">\n<tr class=\"head\"><th class=\"l\">date</th><th class=\"l\">run</th>",
    );
    let _ = writeln!(
        h,
        "<th>distance ({})</th><th>moving</th><th>pace</th><th>GAP</th><th>cadence</th>\
         <th>in band</th><th>step ({})</th><th>gain ({})</th><th>hills</th><th>drift</th>\
         <th>decoupling</th><th>pain</th><th class=\"l\">findings</th></tr>",
        u.distance_label(),
        if u == UnitSystem::Metric { "m" } else { "ft" },
        u.elevation_label()
    );
    let pace = |v: Option<f64>| {
        v.and_then(|v| MetersPerSecond(v).pace())
            .map_or_else(|| "-".into(), |p| p.format(u))
    };
    let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or_else(|| "-".to_string(), f);
    let paths: Vec<&str> = o.runs.iter().map(|r| r.row.path.as_str()).collect();
    let shown = short_paths(&paths);
    // Newest first.
    for (((r, link), missing), path) in o
        .runs
        .iter()
        .zip(&pages.links)
        .zip(&pages.missing)
        .zip(&shown)
        .rev()
    {
        let row = &r.row;
        let title = match (&row.name, row.local_start()) {
            (Some(n), _) if !n.trim().is_empty() => escape(n),
            (_, Some(t)) => format!(
                "Run at {} {}",
                t.format("%H:%M"),
                stridewise_engine::model::local_label(row.utc_offset.as_ref())
            ),
            _ => escape(path),
        };
        let title = match link {
            Some(href) => format!("<a href=\"{}\">{title}</a>", escape(href)),
            None => title,
        };
        let name = match missing {
            Some(why) => format!(
                "{title}<br><small>{}</small><br><small>no page: {}</small>",
                escape(path),
                escape(why)
            ),
            None => format!("{title}<br><small>{}</small>", escape(path)),
        };
        let pain = row
            .local_date()
            .and_then(|d| o.pain_days.get(&d))
            .map_or_else(|| "-".to_string(), |p| format!("{p}/10"));
        let _ = writeln!(
            h,
            "<tr><td class=\"l\">{}</td><td class=\"l\">{name}</td><td data-l=\"distance\">{}</td>\
             <td data-l=\"moving\">{}</td><td data-l=\"pace\">{}</td><td data-l=\"GAP\">{}</td>\
             <td data-l=\"cadence\">{}</td><td data-l=\"in band\">{}</td><td data-l=\"step\">{}</td>\
             <td data-l=\"gain\">{}</td><td data-l=\"hills\">{}</td><td data-l=\"drift\">{}</td>\
             <td data-l=\"decoupling\">{}</td><td data-l=\"pain\">{pain}</td>\
             <td class=\"w\" data-l=\"findings\">{}</td></tr>",
            row.date_label(),
            opt(row.distance_m, &|d| format!("{:.2}", u.distance(d))),
            opt(row.moving_s, &format_duration),
            pace(row.avg_speed_mps),
            pace(row.avg_gap_speed_mps),
            opt(row.cadence_spm, &|c| format!("{c:.0}")),
            opt(row.cadence_in_band_pct, &|c| format!("{c:.0}%")),
            opt(row.step_length_m, &|l| format!("{:.2}", u.elevation(l))),
            opt(row.gain_m, &|g| format!("{:.0}", u.elevation(g))),
            opt(row.steep_share_pct, &|s| format!("{s:.0}%")),
            opt(row.drift_pct, &|d| format!(
                "{}%",
                stridewise_engine::units::signed(d, 1)
            )),
            opt(row.decoupling_pct, &|d| format!("{d:.1}%")),
            escape(&r.codes_text())
        );
    }
    h.push_str("</table></div>\n");
    if !o.routes.is_empty() {
        let _ = writeln!(
            h,
            "<h2>Planned routes</h2>\n<p class=\"sub\">Courses without times: not runs, \
             not in the weekly volume.</p>\n<table>\n<tr><th class=\"l\">route</th>\
             <th>distance ({})</th><th>gain ({})</th><th>loss ({})</th></tr>",
            u.distance_label(),
            u.elevation_label(),
            u.elevation_label()
        );
        for r in &o.routes {
            let _ = writeln!(
                h,
                "<tr><td class=\"l\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(r.name.as_deref().unwrap_or(&r.path)),
                opt(r.distance_m, &|d| format!("{:.2}", u.distance(d))),
                opt(r.gain_m, &|g| format!("{:.0}", u.elevation(g))),
                opt(r.loss_m, &|g| format!("{:.0}", u.elevation(g))),
            );
        }
        h.push_str("</table>\n");
    }
    if !o.not_coached.is_empty() {
        h.push_str("<h2>Not coached</h2>\n<ul>\n");
        for n in &o.not_coached {
            let _ = writeln!(
                h,
                "<li><code>{}</code>: {}</li>",
                escape(&n.path),
                escape(&crate::words::message(&n.why.message(), u))
            );
        }
        h.push_str("</ul>\n");
    }
    if !o.errors.is_empty() {
        h.push_str("<h2>Files that could not be read</h2>\n<ul>\n");
        for (p, e) in &o.errors {
            let _ = writeln!(h, "<li><code>{}</code>: {}</li>", escape(p), escape(e));
        }
        h.push_str("</ul>\n");
    }
    let _ = write!(
        h,
        "<footer>{} Generated by stridewise {}.</footer>\n</main>\n</body>\n</html>\n",
        escape(NOT_MEDICAL_ADVICE),
        env!("CARGO_PKG_VERSION")
    );
    h
}

#[cfg(test)]
mod tests {
    use super::short_paths;

    #[test]
    fn garmin_names_show_their_distinguishing_part_relative() {
        let p = [
            "/home/me/export/DI_CONNECT/someone@example.com_12345671.fit",
            "/home/me/export/DI_CONNECT/someone@example.com_12345672.fit",
            "/home/me/export/old/someone@example.com_9.fit",
        ];
        assert_eq!(
            short_paths(&p),
            [
                "DI_CONNECT/…12345671.fit",
                "DI_CONNECT/…12345672.fit",
                "old/…9.fit"
            ]
        );
        assert_eq!(short_paths(&["/a/b/run.fit"]), ["run.fit"]);
        assert_eq!(short_paths(&["a.fit", "b.fit"]), ["a.fit", "b.fit"]);
        assert!(short_paths(&[]).is_empty());
    }
}
