//! Many athletes at once (`--athletes`): which entries of a cohort folder are athletes, and
//! the roster row each athlete's folder review leaves behind (numbers and codes only; the
//! report words them, `stridewise_report::roster`).
//!
//! Each athlete is reviewed as a folder review of their own (their own baseline, trends,
//! focus and pages), one athlete after another, and only the roster row is kept: memory
//! holds one athlete's runs at a time, however many athletes there are.

use super::Outcome;
use crate::coach::code::FindingCode;
use crate::coach::folder::PainFinding;
use crate::coach::warning::Severity;
use chrono::{Days, NaiveDate};
use std::path::PathBuf;

/// The pain log an athlete's folder may hold at its top: read as `--pain-log` is for a
/// folder review.
pub(crate) const PAIN_LOG: &str = "pain.csv";

/// Days before the athlete's newest run counted as "recent" on the roster (four weeks: the
/// trends' own window for the easy-pace cadence, [`crate::history::trends`]).
pub const RECENT_DAYS: u64 = 28;

/// One athlete of a cohort folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Athlete {
    /// The entry's name (the folder's, or the archive's without `.zip`).
    pub name: String,
    /// The folder or archive.
    pub path: PathBuf,
    /// `pain.csv` at the top of the athlete's folder, when there is one.
    pub pain_log: Option<PathBuf>,
}

/// The athletes of the cohort folders: every sub-folder and zip archive directly inside
/// each, sorted by name (hidden entries, starting with `.`, left out). A path that is not a
/// folder is an error naming it.
///
/// # Errors
/// A path that cannot be listed as a folder: `(path, why)`.
pub fn athletes(cohorts: &[PathBuf]) -> (Vec<Athlete>, Vec<(String, String)>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for cohort in cohorts {
        let entries = match std::fs::read_dir(cohort) {
            Ok(e) => e,
            Err(e) => {
                let why = if cohort.is_file() {
                    "--athletes takes a folder holding one sub-folder or zip archive per \
                     athlete"
                        .to_string()
                } else {
                    format!("cannot list the athletes: {e}")
                };
                errors.push((cohort.display().to_string(), why));
                continue;
            }
        };
        let mut here: Vec<Athlete> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                if name.starts_with('.') {
                    return None;
                }
                let path = e.path();
                if path.is_dir() {
                    let log = path.join(PAIN_LOG);
                    Some(Athlete {
                        pain_log: log.is_file().then_some(log),
                        name,
                        path,
                    })
                } else if crate::source::is_zip_file(&path) {
                    let name = strip_zip(&name).to_string();
                    Some(Athlete {
                        name,
                        path,
                        pain_log: None,
                    })
                } else {
                    None
                }
            })
            .collect();
        here.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
        found.extend(here);
    }
    (found, errors)
}

fn strip_zip(name: &str) -> &str {
    let n = name.len();
    if n > 4 && name.is_char_boundary(n - 4) && name[n - 4..].eq_ignore_ascii_case(".zip") {
        &name[..n - 4]
    } else {
        name
    }
}

/// What the roster says of one athlete: their folder review in a line.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterRow {
    /// The athlete's name (their folder's).
    pub athlete: String,
    /// The folder or archive, as given.
    pub path: String,
    /// Runs reviewed.
    pub runs: usize,
    /// Files that could not be read.
    pub failed: usize,
    /// The newest run's local date.
    pub last_run: Option<NaiveDate>,
    /// The newest week's label (ISO week of local dates, as the trends'), its distance
    /// (m) and its change against the week before, percent (`None` without one).
    pub latest_week: Option<(String, f64, Option<f64>)>,
    /// Cadence at easy pace, its trend in steps/min per 30 days
    /// ([`crate::history::trends::Trends::cadence_trend_spm_per_30d`]).
    pub cadence_trend_spm_per_30d: Option<f64>,
    /// Runs in the [`RECENT_DAYS`] up to the newest run with a finding of severity
    /// `warning`.
    pub recent_flagged_runs: usize,
    /// Runs in those days.
    pub recent_runs: usize,
    /// What to work on first across the athlete's folder ([`crate::coach::focus`]).
    pub focus: Vec<FindingCode>,
    /// Pain logged on consecutive days for 48 h or more (stop and get assessed).
    pub lingering_pain: bool,
    /// Sore days in the pain log whose week after was not cut as advised.
    pub sore_days_not_cut: usize,
    /// Sore days in the pain log.
    pub sore_days: usize,
    /// Whether the athlete had a pain log.
    pub pain_log: bool,
}

impl RosterRow {
    /// The athlete's row from their folder review.
    #[must_use]
    pub fn of<W>(athlete: &Athlete, o: &Outcome<W>) -> Self {
        let dates: Vec<NaiveDate> = o
            .runs
            .iter()
            .filter_map(|r| r.row.local_start().map(|t| t.date_naive()))
            .collect();
        let last_run = dates.iter().max().copied();
        let from = last_run.and_then(|d| d.checked_sub_days(Days::new(RECENT_DAYS - 1)));
        let recent = |r: &super::Reviewed<W>| {
            let d = r.row.local_start().map(|t| t.date_naive());
            matches!((d, from), (Some(d), Some(f)) if d >= f)
        };
        let recent_runs = o.runs.iter().filter(|r| recent(r)).count();
        let recent_flagged_runs = o.runs.iter().filter(|r| recent(r) && r.flagged).count();
        let latest_week = o
            .trends
            .weeks
            .last()
            .map(|w| (w.label.clone(), w.distance_m, w.change_pct));
        let sore: Vec<&PainFinding> = o
            .pain
            .iter()
            .filter(|p| matches!(p, PainFinding::SoreDayVolume { .. }))
            .collect();
        let not_cut = sore
            .iter()
            .filter(|p| crate::coach::warning::Advice::severity(**p) > Severity::Info)
            .count();
        Self {
            athlete: athlete.name.clone(),
            path: athlete.path.display().to_string(),
            runs: o.runs.len(),
            failed: o.failed_files() + o.unopened,
            last_run,
            latest_week,
            cadence_trend_spm_per_30d: o.trends.cadence_trend_spm_per_30d,
            recent_flagged_runs,
            recent_runs,
            focus: o.focus.iter().map(|f| f.code).collect(),
            lingering_pain: o
                .pain
                .iter()
                .any(|p| matches!(p, PainFinding::LingeringPain { .. })),
            sore_days_not_cut: not_cut,
            sore_days: sore.len(),
            pain_log: athlete.pain_log.is_some(),
        }
    }

    /// An athlete with no run to review: their row says so.
    #[must_use]
    pub fn empty(athlete: &Athlete, failed: usize) -> Self {
        Self {
            athlete: athlete.name.clone(),
            path: athlete.path.display().to_string(),
            runs: 0,
            failed,
            last_run: None,
            latest_week: None,
            cadence_trend_spm_per_30d: None,
            recent_flagged_runs: 0,
            recent_runs: 0,
            focus: Vec::new(),
            lingering_pain: false,
            sore_days_not_cut: 0,
            sore_days: 0,
            pain_log: athlete.pain_log.is_some(),
        }
    }
}

/// The roster in the order a coach reads it: pain that lingers first (safety first,
/// [`crate::coach::focus`]), then the athletes by name.
#[must_use]
pub fn roster_order(a: &RosterRow, b: &RosterRow) -> std::cmp::Ordering {
    b.lingering_pain
        .cmp(&a.lingering_pain)
        .then_with(|| a.athlete.cmp(&b.athlete))
        .then_with(|| a.path.cmp(&b.path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn athletes_are_the_folders_and_zips_inside_sorted() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("bea")).unwrap();
        std::fs::create_dir(d.path().join("al")).unwrap();
        std::fs::write(d.path().join("al").join(PAIN_LOG), "date,pain\n").unwrap();
        std::fs::create_dir(d.path().join(".hidden")).unwrap();
        std::fs::write(d.path().join("notes.txt"), "x").unwrap();
        // A zip is recognised by its first bytes.
        std::fs::write(d.path().join("cy.ZIP"), b"PK\x03\x04rest").unwrap();
        let (a, errors) = athletes(&[d.path().to_path_buf()]);
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<&str> = a.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["al", "bea", "cy"]);
        assert!(a[0].pain_log.is_some());
        assert!(a[1].pain_log.is_none());
        let (_, errors) = athletes(&[d.path().join("notes.txt")]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .1
            .contains("one sub-folder or zip archive per athlete"));
    }
}
