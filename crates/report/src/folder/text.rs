//! The folder's figures under the run table: weekly volume, easy-pace cadence trend,
//! personal baseline, volume and pain-log findings.

use super::{folder_advice, Outcome};
use crate::sanitize::terminal;
use std::io::{self, Write};
use stridewise_engine::units::{MetersPerSecond, UnitSystem};

/// Weeks shown in the terminal (the rest are in `summary.json` and the charts).
pub(crate) const WEEKS_SHOWN: usize = 8;

/// The highest pain logged in the ISO week starting `monday`, if any.
#[must_use]
pub(crate) fn week_pain(o: &Outcome, monday: chrono::NaiveDate) -> Option<u8> {
    let end = monday.checked_add_days(chrono::Days::new(7))?;
    o.pain_days.range(monday..end).map(|(_, p)| *p).max()
}

/// Write the folder figures.
///
/// # Errors
/// I/O errors of the writer.
pub(crate) fn write_folder_figures(
    o: &Outcome,
    u: UnitSystem,
    out: &mut impl Write,
) -> io::Result<()> {
    let weeks = &o.trends.weeks;
    if !weeks.is_empty() {
        writeln!(
            out,
            "Weekly volume (ISO weeks, local time), last {}:",
            WEEKS_SHOWN.min(weeks.len())
        )?;
        for w in weeks.iter().skip(weeks.len().saturating_sub(WEEKS_SHOWN)) {
            let change = w.change_pct.map_or_else(String::new, |c| {
                format!(
                    "  {}% on the week before",
                    stridewise_engine::units::signed(c, 0)
                )
            });
            let cross = if w.cross_training_s > 0.0 {
                format!("  + {:.0} min cross-training", w.cross_training_s / 60.0)
            } else {
                String::new()
            };
            let pain =
                week_pain(o, w.monday).map_or_else(String::new, |p| format!("  pain up to {p}/10"));
            let line = format!(
                "  {}  {:>7.1} {}  {:<6}{change}{cross}{pain}",
                w.label,
                u.distance(w.distance_m),
                u.distance_label(),
                counted(w.runs, "run", "runs")
            );
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    if let Some(slope) = o.trends.cadence_trend_spm_per_30d {
        let easy = o
            .trends
            .easy_speed_mps
            .and_then(|v| MetersPerSecond(v).pace())
            .map_or_else(String::new, |p| {
                format!(" (slower than {}{})", p.format(u), u.pace_label())
            });
        writeln!(
            out,
            "Cadence at easy pace{easy}: {slope:+.1} steps/min per 30 days over {} runs",
            o.trends.cadence_points.len()
        )?;
    }
    if let Some(q) = o.baseline_quote() {
        let pace = MetersPerSecond(q.speed_mps)
            .pace()
            .map_or_else(|| "-".into(), |p| p.format(u));
        writeln!(
            out,
            "Your baseline ({} runs): {:.0} steps/min at {pace}{}; to unload knee and hip, aim for {:.0}–{:.0} (+5–10%, Heiderscheit 2011)",
            q.runs,
            q.cadence_spm,
            u.pace_label(),
            q.plus5_spm,
            q.plus10_spm
        )?;
    }
    // Lingering pain was said in full at the top (`write_table`: safety first).
    for f in folder_advice(o)
        .into_iter()
        .filter(|f| !f.code().is_safety())
    {
        let level = match f.severity() {
            stridewise_engine::coach::warning::Severity::Warning => "warning",
            stridewise_engine::coach::warning::Severity::Caution => "caution",
            stridewise_engine::coach::warning::Severity::Info => "info",
        };
        writeln!(
            out,
            "{level} [{}] {}",
            f.code(),
            terminal(&crate::words::message(&f.message(), u))
        )?;
    }
    let failed = o.failed_files();
    let unopened = if o.unopened > 0 {
        format!(
            " ({} could not be opened)",
            counted(o.unopened, "path", "paths")
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} from {}; {failed} failed{unopened}, {}, {} skipped{}{}.",
        counted(o.runs.len(), "run", "runs"),
        counted(o.files, "file", "files"),
        counted(o.duplicates.len(), "duplicate", "duplicates"),
        counted(o.skipped.len(), "non-run", "non-runs"),
        not_coached(o),
        not_activities(o)
    )?;
    Ok(())
}

/// `, N not coached, N planned routes` when there are any.
pub(crate) fn not_coached(o: &Outcome) -> String {
    let mut s = String::new();
    if !o.not_coached.is_empty() {
        s.push_str(&format!(", {} not coached", o.not_coached.len()));
    }
    if !o.routes.is_empty() {
        s.push_str(&format!(
            ", {}",
            counted(o.routes.len(), "planned route", "planned routes")
        ));
    }
    s
}

/// `, N files without an activity` when there are any (monitoring, settings, waypoints).
pub(crate) fn not_activities(o: &Outcome) -> String {
    match o.not_activities.len() {
        0 => String::new(),
        n => format!(
            ", {}",
            counted(n, "file without an activity", "files without an activity")
        ),
    }
}

/// `n` with the noun in the right number: "1 run", "0 runs", "2 runs".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
