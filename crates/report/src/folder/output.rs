//! The folder review's files and terminal table: `runs.csv`, `summary.json`, and the
//! one-line-per-run summary on stdout.

use super::{folder_findings, Outcome};
use crate::json::folder::{self as wire, NotActivity, Skipped, Summary};
use crate::json::{self, FileError};
use crate::sanitize::{csv_text, terminal};
use std::io::{self, Write};
use stridewise_engine::coach::warning::Advice;
use stridewise_engine::units::{format_duration, MetersPerSecond, UnitSystem};

/// Build the summary document.
#[must_use]
pub fn summary(o: &Outcome, units: UnitSystem) -> Summary<'_> {
    Summary {
        schema_version: json::SCHEMA_VERSION,
        generator: format!("stridewise {}", env!("CARGO_PKG_VERSION")),
        runs: o
            .runs
            .iter()
            .map(|r| json::RunEntry {
                run: &r.wire.json,
                summary: &r.wire.summary,
            })
            .collect(),
        errors: FileError::list(&o.errors),
        duplicates: o.duplicates.iter().map(wire::Duplicate::from).collect(),
        skipped: {
            let mut v: Vec<Skipped> = o
                .skipped
                .iter()
                .map(|(p, s)| Skipped {
                    path: p.clone(),
                    sport: s.clone(),
                    code: None,
                    reason: None,
                })
                .chain(o.not_coached.iter().map(|n| Skipped {
                    path: n.path.clone(),
                    sport: n.sport.clone(),
                    code: Some(n.why.code()),
                    reason: Some(crate::words::message(&n.why.message(), units)),
                }))
                .collect();
            v.sort_by(|a, b| a.path.cmp(&b.path));
            v
        },
        routes: o.routes.iter().map(wire::Route::from).collect(),
        focus: o.focus.iter().map(wire::Focus::from).collect(),
        not_activities: o
            .not_activities
            .iter()
            .map(|(p, r)| NotActivity {
                path: p.clone(),
                reason: r.clone(),
            })
            .collect(),
        files: o.files,
        trends: wire::Trends::from(&o.trends),
        baseline: o.baseline.as_ref().map(wire::Baseline::from),
        findings: folder_findings(o, units),
        pain_pattern: o.pain_pattern.as_ref().map(wire::PainPattern::from),
    }
}

/// The columns of `runs.csv`, in order (documented in the README).
pub(crate) const CSV_COLUMNS: [&str; 19] = [
    "date",
    "start_time",
    "name",
    "path",
    "session",
    "distance_km",
    "moving_time_s",
    "pace_s_per_km",
    "gap_s_per_km",
    "cadence_spm",
    "cadence_in_band_pct",
    "step_length_m",
    "gain_m",
    "loss_m",
    "hill_share_pct",
    "drift_pct",
    "decoupling_pct",
    "walk_breaks",
    "warning_codes",
];

fn num(v: Option<f64>, digits: usize) -> String {
    v.filter(|x| x.is_finite())
        .map_or_else(String::new, |x| format!("{x:.digits$}"))
}

/// Write `runs.csv` (SI units, metric paces; one row per run). Text from files (names,
/// paths) goes through [`csv_text`]: no control characters, no formula a spreadsheet would
/// run; the numbers are ours and stay numbers.
///
/// # Errors
/// I/O errors of the writer.
pub fn write_csv(o: &Outcome, out: impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for r in &o.runs {
        let row = &r.row;
        let pace = |v: Option<f64>| v.filter(|v| *v > 0.0).map(|v| 1000.0 / v);
        w.write_record([
            row.local_date()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            row.start_time
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
            csv_text(row.name.as_deref().unwrap_or_default()),
            csv_text(&row.path),
            row.session.map(|s| s.to_string()).unwrap_or_default(),
            num(row.distance_m.map(|d| d / 1000.0), 3),
            num(row.moving_s, 0),
            num(pace(row.avg_speed_mps), 1),
            num(pace(row.avg_gap_speed_mps), 1),
            num(row.cadence_spm, 1),
            num(row.cadence_in_band_pct, 1),
            num(row.step_length_m, 3),
            num(row.gain_m, 1),
            num(row.loss_m, 1),
            num(row.steep_share_pct, 1),
            num(row.drift_pct, 2),
            num(row.decoupling_pct, 2),
            row.walk_breaks.to_string(),
            r.codes_text(),
        ])?;
    }
    w.flush()
}

/// The terminal table: one line per run, then the folder's figures.
///
/// # Errors
/// I/O errors of the writer.
pub fn write_table(o: &Outcome, units: UnitSystem, out: &mut impl Write) -> io::Result<()> {
    let dist = |m: f64| format!("{:.2} {}", units.distance(m), units.distance_label());
    let pace = |v: Option<f64>| {
        v.and_then(|v| MetersPerSecond(v).pace())
            .map_or_else(|| "-".into(), |p| p.format(units))
    };
    // Safety first: pain that lingers is said in full before anything else.
    for p in o.pain.iter().filter(|p| p.code().is_safety()) {
        writeln!(
            out,
            "{}",
            terminal(&crate::words::message(&p.message(), units))
        )?;
        writeln!(out)?;
    }
    if !o.focus.is_empty() {
        let list: Vec<String> = o
            .focus
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let of = if f.code.is_folder_wide() {
                    "across the folder".to_string()
                } else {
                    super::text::counted(f.runs, "run", "runs")
                };
                format!("{}. {} ({of})", i + 1, f.code.as_str().replace('_', " "))
            })
            .collect();
        writeln!(out, "Work on first: {}", list.join(", "))?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "{:<10}  {:<28} {:>9} {:>8} {:>6} {:>6} {:>4} {:>5} {:>7}  findings",
        "date", "run", "distance", "moving", "pace", "GAP", "spm", "band", "gain"
    )?;
    let paths: Vec<&str> = o.runs.iter().map(|r| r.row.path.as_str()).collect();
    let shown = super::index::short_paths(&paths);
    // Newest first; a run without a name is told apart by the end of its path.
    for (r, path) in o.runs.iter().zip(&shown).rev() {
        let row = &r.row;
        let label = match &row.name {
            Some(n) if !n.trim().is_empty() => terminal(n).chars().take(28).collect(),
            _ => {
                let p: Vec<char> = terminal(path).chars().collect();
                p.get(p.len().saturating_sub(28)..)
                    .unwrap_or_default()
                    .iter()
                    .collect::<String>()
            }
        };
        let pain = row
            .local_date()
            .and_then(|d| o.pain_days.get(&d))
            .map_or_else(String::new, |p| format!("  pain {p}/10"));
        writeln!(
            out,
            "{:<10}  {:<28} {:>9} {:>8} {:>6} {:>6} {:>4} {:>5} {:>7}  {}",
            row.date_label(),
            label,
            row.distance_m.map_or_else(|| "-".into(), dist),
            row.moving_s.map_or_else(|| "-".into(), format_duration),
            pace(row.avg_speed_mps),
            pace(row.avg_gap_speed_mps),
            row.cadence_spm
                .map_or_else(|| "-".into(), |c| format!("{c:.0}")),
            row.cadence_in_band_pct
                .map_or_else(|| "-".into(), |c| format!("{c:.0}%")),
            row.gain_m.map_or_else(
                || "-".into(),
                |g| format!("{:.0} {}", units.elevation(g), units.elevation_label())
            ),
            r.codes_text() + &pain
        )?;
    }
    if !o.routes.is_empty() {
        writeln!(out)?;
        writeln!(out, "Planned routes (not runs):")?;
        for r in &o.routes {
            writeln!(
                out,
                "  {}  {}  +{} / -{}",
                terminal(r.name.as_deref().unwrap_or(&r.path)),
                r.distance_m.map_or_else(|| "-".into(), dist),
                r.gain_m.map_or_else(
                    || "-".into(),
                    |g| format!("{:.0} {}", units.elevation(g), units.elevation_label())
                ),
                r.loss_m.map_or_else(
                    || "-".into(),
                    |g| format!("{:.0} {}", units.elevation(g), units.elevation_label())
                ),
            )?;
        }
    }
    if !o.not_coached.is_empty() {
        writeln!(out)?;
        writeln!(out, "Not coached:")?;
        for n in &o.not_coached {
            writeln!(
                out,
                "  {}: {}",
                terminal(&n.path),
                crate::words::message(&n.why.message(), units)
            )?;
        }
    }
    writeln!(out)?;
    super::text::write_folder_figures(o, units, out)
}
