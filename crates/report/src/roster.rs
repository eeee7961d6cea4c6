//! The roster of `--athletes`: one line per athlete, for a coach to scan in a minute —
//! pain that lingers first, then each athlete's runs, newest week's volume and its change,
//! cadence trend at easy pace, recently flagged runs, what to work on first and the pain
//! log's flags — as a terminal table, `roster.csv`, `roster.json` and the cohort's
//! `index.html` linking each athlete's own folder review.

use crate::folder::text::counted;
use crate::html::escape;
use crate::outdir::{safe_component, unique};
use crate::sanitize::terminal;
use std::fmt::Write as _;
use std::io;
use stridewise_engine::coach::code::FindingCode;
use stridewise_engine::coach::warning::NOT_MEDICAL_ADVICE;
use stridewise_engine::pipeline::athletes::{Athlete, RosterRow, RECENT_DAYS};
use stridewise_engine::units::{signed, UnitSystem};

/// `roster.json`'s format version: fields are only ever added; renaming or removing one
/// bumps it.
pub const SCHEMA_VERSION: u32 = 1;

/// The cohort's own files under `--out`, beside the athletes' folders.
pub const FILES: [&str; 3] = ["index.html", "roster.csv", "roster.json"];

/// Each athlete's report folder name under `--out`: their name made safe for a file name,
/// never one of the roster's own [`FILES`], and unique.
#[must_use]
pub fn folder_names(athletes: &[Athlete]) -> Vec<String> {
    unique(
        athletes
            .iter()
            .map(|a| {
                let n = safe_component(&a.name);
                if FILES.iter().any(|f| f.eq_ignore_ascii_case(&n)) {
                    format!("athlete-{n}")
                } else {
                    n
                }
            })
            .collect(),
    )
}

fn focus_codes(r: &RosterRow) -> String {
    r.focus
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn focus_titles(r: &RosterRow) -> String {
    r.focus
        .iter()
        .map(|c| crate::words::explain(*c).title)
        .collect::<Vec<_>>()
        .join("; ")
}

fn runs_words(r: &RosterRow) -> String {
    if r.failed > 0 {
        format!("{} ({} unreadable)", r.runs, r.failed)
    } else {
        r.runs.to_string()
    }
}

fn pain_words(r: &RosterRow) -> String {
    if r.lingering_pain {
        "LINGERING: stop, get assessed".into()
    } else if !r.pain_log {
        "no log".into()
    } else if r.sore_days == 0 {
        "no sore days".into()
    } else if r.sore_days_not_cut > 0 {
        format!(
            "{}, {} not cut as advised",
            counted(r.sore_days, "sore day", "sore days"),
            r.sore_days_not_cut
        )
    } else {
        counted(r.sore_days, "sore day", "sore days")
    }
}

fn week_words(r: &RosterRow, u: UnitSystem) -> String {
    match &r.latest_week {
        Some((label, m, change)) => format!(
            "{label} {:.1} {}{}",
            u.distance(*m),
            u.distance_label(),
            change
                .map(|c| format!(" ({}%)", signed(c, 0)))
                .unwrap_or_default()
        ),
        None => "-".into(),
    }
}

fn trend_words(r: &RosterRow) -> String {
    r.cadence_trend_spm_per_30d
        .map_or_else(|| "-".into(), |t| format!("{} spm/30 d", signed(t, 1)))
}

fn recent_words(r: &RosterRow) -> String {
    if r.recent_runs == 0 {
        "-".into()
    } else {
        format!("{} of {}", r.recent_flagged_runs, r.recent_runs)
    }
}

/// The roster as a terminal table.
///
/// # Errors
/// Write errors.
pub fn write_table(rows: &[RosterRow], u: UnitSystem, out: &mut impl io::Write) -> io::Result<()> {
    let header = [
        "athlete".to_string(),
        "runs".into(),
        "last run".into(),
        "newest week".into(),
        "cadence trend".into(),
        format!("flagged ({RECENT_DAYS} d)"),
        "pain".into(),
        "work on first".into(),
    ];
    let lines: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            [
                terminal(&r.athlete),
                runs_words(r),
                r.last_run.map_or_else(|| "-".into(), |d| d.to_string()),
                week_words(r, u),
                trend_words(r),
                recent_words(r),
                pain_words(r),
                focus_codes(r),
            ]
        })
        .collect();
    let mut width = header.clone().map(|h| h.chars().count());
    for l in &lines {
        for (w, c) in width.iter_mut().zip(l) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String; 8], out: &mut dyn io::Write| -> io::Result<()> {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(width).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                let _ = write!(s, "{c:<w$}  ");
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(&header, out)?;
    for l in &lines {
        line(l, out)?;
    }
    let lingering = rows.iter().filter(|r| r.lingering_pain).count();
    writeln!(
        out,
        "{} reviewed{}.",
        counted(rows.len(), "athlete", "athletes"),
        if lingering > 0 {
            format!(
                "; {} with pain that lingers (listed first): stop running and get assessed",
                counted(lingering, "athlete", "athletes")
            )
        } else {
            String::new()
        }
    )
}

/// One roster row on the wire (`roster.json`, and the columns of `roster.csv`): SI units.
#[derive(Debug, serde::Serialize)]
pub struct Wire<'a> {
    /// The athlete's name.
    pub athlete: &'a str,
    /// Their folder or archive.
    pub path: &'a str,
    /// Their report folder under `--out` (`None` without one).
    pub report: Option<String>,
    /// Runs reviewed.
    pub runs: usize,
    /// Files that could not be read.
    pub failed_files: usize,
    /// The newest run's local date.
    pub last_run: Option<String>,
    /// The newest week's label.
    pub latest_week: Option<&'a str>,
    /// Its distance, m.
    pub latest_week_distance_m: Option<f64>,
    /// Its change against the week before, percent.
    pub latest_week_change_pct: Option<f64>,
    /// Cadence at easy pace: its trend, steps/min per 30 days.
    pub cadence_trend_spm_per_30d: Option<f64>,
    /// Runs in the recent days up to the newest run.
    pub recent_runs: usize,
    /// Of those, runs with a finding of severity `warning`.
    pub recent_flagged_runs: usize,
    /// What to work on first (finding codes).
    pub focus: Vec<&'static str>,
    /// Pain logged on consecutive days for 48 h or more.
    pub lingering_pain: bool,
    /// Whether the athlete had a pain log.
    pub pain_log: bool,
    /// Sore days in it.
    pub sore_days: usize,
    /// Of those, sore days whose week after was not cut as advised.
    pub sore_days_not_cut: usize,
}

impl<'a> Wire<'a> {
    /// The row on the wire; `report` is the athlete's folder name under `--out`.
    #[must_use]
    pub fn of(r: &'a RosterRow, report: Option<&str>) -> Self {
        let round = |x: f64| stridewise_engine::units::round(x, 2);
        Self {
            athlete: &r.athlete,
            path: &r.path,
            report: report.map(|f| format!("{f}/index.html")),
            runs: r.runs,
            failed_files: r.failed,
            last_run: r.last_run.map(|d| d.to_string()),
            latest_week: r.latest_week.as_ref().map(|w| w.0.as_str()),
            latest_week_distance_m: r.latest_week.as_ref().map(|w| round(w.1)),
            latest_week_change_pct: r.latest_week.as_ref().and_then(|w| w.2).map(round),
            cadence_trend_spm_per_30d: r.cadence_trend_spm_per_30d.map(round),
            recent_runs: r.recent_runs,
            recent_flagged_runs: r.recent_flagged_runs,
            focus: r.focus.iter().map(|c| FindingCode::as_str(*c)).collect(),
            lingering_pain: r.lingering_pain,
            pain_log: r.pain_log,
            sore_days: r.sore_days,
            sore_days_not_cut: r.sore_days_not_cut,
        }
    }
}

/// `roster.json`.
#[derive(Debug, serde::Serialize)]
pub struct Document<'a> {
    /// Always `stridewise-roster`.
    pub kind: &'static str,
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Days counted as recent.
    pub recent_days: u64,
    /// One per athlete, pain that lingers first, then by name.
    pub athletes: Vec<Wire<'a>>,
    /// Cohort paths that could not be listed: (path, why).
    pub errors: Vec<(String, String)>,
}

/// The roster document.
#[must_use]
pub fn document<'a>(
    rows: &'a [RosterRow],
    folders: &[Option<String>],
    errors: &[(String, String)],
) -> Document<'a> {
    Document {
        kind: "stridewise-roster",
        schema_version: SCHEMA_VERSION,
        recent_days: RECENT_DAYS,
        athletes: rows
            .iter()
            .zip(folders)
            .map(|(r, f)| Wire::of(r, f.as_deref()))
            .collect(),
        errors: errors.to_vec(),
    }
}

/// `roster.csv`: the wire's columns, focus codes separated by spaces.
///
/// # Errors
/// CSV or write errors.
pub fn write_csv(doc: &Document<'_>, out: impl io::Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "athlete",
        "path",
        "report",
        "runs",
        "failed_files",
        "last_run",
        "latest_week",
        "latest_week_distance_m",
        "latest_week_change_pct",
        "cadence_trend_spm_per_30d",
        "recent_runs",
        "recent_flagged_runs",
        "focus",
        "lingering_pain",
        "pain_log",
        "sore_days",
        "sore_days_not_cut",
    ])?;
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for a in &doc.athletes {
        w.write_record([
            a.athlete.to_string(),
            a.path.to_string(),
            a.report.clone().unwrap_or_default(),
            a.runs.to_string(),
            a.failed_files.to_string(),
            a.last_run.clone().unwrap_or_default(),
            a.latest_week.unwrap_or_default().to_string(),
            num(a.latest_week_distance_m),
            num(a.latest_week_change_pct),
            num(a.cadence_trend_spm_per_30d),
            a.recent_runs.to_string(),
            a.recent_flagged_runs.to_string(),
            a.focus.join(" "),
            a.lingering_pain.to_string(),
            a.pain_log.to_string(),
            a.sore_days.to_string(),
            a.sore_days_not_cut.to_string(),
        ])?;
    }
    w.flush()
}

/// The cohort's `index.html`: the roster, each athlete linking their own folder review.
#[must_use]
pub fn page(rows: &[RosterRow], folders: &[Option<String>], u: UnitSystem) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>stridewise roster</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n\
         <h1>Roster</h1>\n<p class=\"sub\">{}; pain that lingers first, then by name. \
         “Flagged” counts the runs of the last {RECENT_DAYS} days up to each athlete's \
         newest run with a finding of severity warning.</p>\n",
        crate::folder::index::CSS,
        counted(rows.len(), "athlete", "athletes"),
    );
    h.push_str(
        "<div class=\"scroll\"><table class=\"runs\">\n<tr class=\"head\">\
         <th class=\"l\">athlete</th><th>runs</th><th class=\"l\">last run</th>\
         <th class=\"l\">newest week</th><th>cadence trend</th><th>flagged</th>\
         <th class=\"l\">pain</th><th class=\"l\">work on first</th></tr>\n",
    );
    for (r, f) in rows.iter().zip(folders) {
        let name = match f {
            Some(f) => format!(
                "<a href=\"{}/index.html\">{}</a>",
                escape(f),
                escape(&r.athlete)
            ),
            None => escape(&r.athlete),
        };
        let pain = if r.lingering_pain {
            format!("<b style=\"color:#c0392b\">{}</b>", escape(&pain_words(r)))
        } else {
            escape(&pain_words(r))
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"l\" data-l=\"athlete\">{name}</td><td data-l=\"runs\">{}</td>\
             <td class=\"l\" data-l=\"last run\">{}</td><td class=\"l\" data-l=\"newest week\">{}</td>\
             <td data-l=\"cadence trend\">{}</td><td data-l=\"flagged\">{}</td>\
             <td class=\"l\" data-l=\"pain\">{pain}</td><td class=\"l\" data-l=\"work on first\">{}</td></tr>",
            runs_words(r),
            r.last_run.map_or_else(|| "-".into(), |d| d.to_string()),
            escape(&week_words(r, u)),
            escape(&trend_words(r)),
            escape(&recent_words(r)),
            escape(&focus_titles(r)),
        );
    }
    h.push_str("</table></div>\n");
    let _ = write!(
        h,
        "<footer><p>{}</p><p>Also as <a href=\"roster.csv\">roster.csv</a> and \
         <a href=\"roster.json\">roster.json</a>.</p></footer>\n</main>\n</body>\n</html>\n",
        escape(NOT_MEDICAL_ADVICE)
    );
    h
}
