//! What to work on first: at most three findings. Safety first of all: pain that lingers
//! ("stop running and get assessed", DOMAIN.md) heads the list whatever else fired. Then
//! severity: a `warning` before any `caution`. Within a severity, by what matters most for a
//! sore hip (the physio advice in [`crate::coach::rules`]): cadence and overstriding (they
//! load the hip on every step), then hills (a route choice), then volume, then pace drift
//! (how hard the run was). `info` findings and aerobic decoupling (effort context, nothing
//! a sore hip works on) are never something to work on.

use super::warning::Severity;

/// Most findings in a focus list.
pub const MAX_FOCUS: usize = 3;

/// Rank group of a code: lower comes first.
#[must_use]
pub fn group(code: &str) -> u8 {
    match code {
        "lingering_pain" => 0,
        "low_cadence" | "overstriding" | "cadence_fade" | "ground_contact_balance" => 1,
        "hill_exposure" | "steep_descents" => 2,
        "weekly_jump" | "weekly_cut" | "sore_day_volume" | "pain_follows" => 3,
        "pace_drift" | "decoupling" => 5,
        _ => 4,
    }
}

/// A finding about the whole folder (volume, pain), not counted in runs.
#[must_use]
pub fn is_folder_wide(code: &str) -> bool {
    matches!(group(code), 0 | 3)
}

/// Safety: heads every focus list, before severity, and every output (the terminal, the
/// index) before anything else.
#[must_use]
pub fn is_safety(code: &str) -> bool {
    code == "lingering_pain"
}

/// Context, never something to work on, whatever its severity.
fn never_focus(code: &str) -> bool {
    code == "decoupling"
}

/// Position inside the first group: cadence, then overstriding, then the rest.
fn within(code: &str) -> u8 {
    match code {
        "low_cadence" => 0,
        "overstriding" => 1,
        "cadence_fade" => 2,
        "hill_exposure" => 0,
        "steep_descents" => 1,
        _ => 3,
    }
}

/// The focus list of one run: codes of its `caution` and `warning` findings, ranked, at
/// most [`MAX_FOCUS`], each code once.
#[must_use]
pub fn rank<'a>(findings: impl IntoIterator<Item = (&'a str, Severity)>) -> Vec<&'a str> {
    let mut v: Vec<(&str, Severity)> = findings
        .into_iter()
        .filter(|(c, s)| *s != Severity::Info && !never_focus(c))
        .collect();
    v.sort_by(|a, b| {
        is_safety(b.0)
            .cmp(&is_safety(a.0))
            .then(b.1.cmp(&a.1))
            .then(group(a.0).cmp(&group(b.0)))
            .then(within(a.0).cmp(&within(b.0)))
            .then(a.0.cmp(b.0))
    });
    let mut out: Vec<&str> = Vec::new();
    for (c, _) in v {
        if !out.contains(&c) {
            out.push(c);
        }
        if out.len() == MAX_FOCUS {
            break;
        }
    }
    out
}

/// A code enters a folder's focus when it is repeated: in at least this share of the
/// entries (runs and folder findings), percent (10, our choice) ...
pub const FOLDER_MIN_SHARE_PCT: f64 = 10.0;

/// The focus list of a folder: a code counts once per run that has it (as `caution` or
/// `warning`); it is a candidate when it is repeated (in at least
/// [`FOLDER_MIN_SHARE_PCT`] of the entries and at least twice) or a `warning` somewhere;
/// candidates are ranked by group, then by how many runs have it as a warning, then by how
/// many runs have it at all; at most [`MAX_FOCUS`]. Folder-wide findings (volume, pain)
/// count as one entry each.
#[must_use]
pub fn rank_folder<'a>(
    per_run: impl IntoIterator<Item = Vec<(&'a str, Severity)>>,
) -> Vec<FolderFocus> {
    let mut tally: Vec<FolderFocus> = Vec::new();
    let mut entries = 0usize;
    for run in per_run {
        entries += 1;
        let mut seen: Vec<(&str, Severity)> = Vec::new();
        for (c, s) in run {
            if s == Severity::Info || never_focus(c) {
                continue;
            }
            match seen.iter_mut().find(|x| x.0 == c) {
                Some(x) => x.1 = x.1.max(s),
                None => seen.push((c, s)),
            }
        }
        for (c, s) in seen {
            let t = match tally.iter_mut().position(|t| t.code == c) {
                Some(i) => &mut tally[i],
                None => {
                    tally.push(FolderFocus {
                        code: c.to_string(),
                        runs: 0,
                        warning_runs: 0,
                    });
                    let last = tally.len() - 1;
                    &mut tally[last]
                }
            };
            t.runs += 1;
            if s == Severity::Warning {
                t.warning_runs += 1;
            }
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let min_runs = (FOLDER_MIN_SHARE_PCT / 100.0 * entries as f64).max(2.0);
    #[allow(clippy::cast_precision_loss)]
    tally.retain(|t| is_safety(&t.code) || t.warning_runs > 0 || t.runs as f64 >= min_runs);
    tally.sort_by(|a, b| {
        is_safety(&b.code)
            .cmp(&is_safety(&a.code))
            .then((b.warning_runs > 0).cmp(&(a.warning_runs > 0)))
            .then(group(&a.code).cmp(&group(&b.code)))
            .then(b.warning_runs.cmp(&a.warning_runs))
            .then(b.runs.cmp(&a.runs))
            .then(within(&a.code).cmp(&within(&b.code)))
            .then(a.code.cmp(&b.code))
    });
    tally.truncate(MAX_FOCUS);
    tally
}

/// One code of a folder's focus list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderFocus {
    /// The finding's code.
    pub code: String,
    /// Runs (or folder-wide findings) that have it.
    pub runs: usize,
    /// Of which as a `warning`.
    pub warning_runs: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Severity::{Caution, Info, Warning};

    #[test]
    fn warnings_come_first_then_cadence_and_overstriding_and_info_is_left_out() {
        let f = [
            ("pace_drift", Caution),
            ("steep_descents", Warning),
            ("run_walk", Info),
            ("overstriding", Caution),
            ("low_cadence", Caution),
        ];
        assert_eq!(
            rank(f),
            vec!["steep_descents", "low_cadence", "overstriding"]
        );
        // Decoupling is effort context: never in the focus, even as a caution.
        assert_eq!(
            rank([("decoupling", Caution), ("pace_drift", Caution)]),
            vec!["pace_drift"]
        );
        // Safety heads the list, before any warning.
        assert_eq!(
            rank([("low_cadence", Warning), ("lingering_pain", Caution)]),
            vec!["lingering_pain", "low_cadence"]
        );
        assert_eq!(rank([("run_walk", Info)]), Vec::<&str>::new());
        // Severity orders inside a group.
        assert_eq!(
            rank([("hill_exposure", Caution), ("steep_descents", Warning)]),
            vec!["steep_descents", "hill_exposure"]
        );
    }

    #[test]
    fn folder_focus_counts_runs_once_and_ranks_warnings_first_within_a_group() {
        let runs = vec![
            vec![("hill_exposure", Caution), ("hill_exposure", Warning)],
            vec![("hill_exposure", Caution), ("pace_drift", Caution)],
            vec![("steep_descents", Warning), ("decoupling", Caution)],
            vec![("weekly_jump", Warning)],
            vec![("low_cadence", Caution)],
            vec![("low_cadence", Caution)],
        ];
        let f = rank_folder(runs.clone());
        let codes: Vec<&str> = f.iter().map(|x| x.code.as_str()).collect();
        // Codes with a warning before codes with none (low_cadence, cautions only, is out).
        assert_eq!(
            codes,
            vec!["hill_exposure", "steep_descents", "weekly_jump"]
        );
        assert_eq!((f[0].runs, f[0].warning_runs), (2, 1));
        // A lingering-pain finding heads the folder's focus.
        let mut with_pain = runs;
        with_pain.push(vec![("lingering_pain", Caution)]);
        let f = rank_folder(with_pain);
        assert_eq!(f[0].code, "lingering_pain");
    }
}
