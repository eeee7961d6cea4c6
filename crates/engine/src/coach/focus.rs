//! What to work on first: at most three findings. Safety first of all: pain that lingers
//! ("stop running and get assessed", DOMAIN.md) heads the list whatever else fired. Then
//! severity: a `warning` before any `caution`. Within a severity, by what matters most for a
//! sore hip (the physio advice in [`crate::coach::rules`]): cadence and overstriding (they
//! load the hip on every step), then hills (a route choice), then volume, then pace drift
//! (how hard the run was). `info` findings and aerobic decoupling (effort context, nothing
//! a sore hip works on) are never something to work on.

use super::code::FindingCode;
use super::warning::Severity;

/// Most findings in a focus list.
pub const MAX_FOCUS: usize = 3;

/// The focus list of one run: codes of its `caution` and `warning` findings, ranked, at
/// most [`MAX_FOCUS`], each code once.
#[must_use]
pub fn rank(findings: impl IntoIterator<Item = (FindingCode, Severity)>) -> Vec<FindingCode> {
    let mut v: Vec<(FindingCode, Severity)> = findings
        .into_iter()
        .filter(|(c, s)| *s != Severity::Info && !c.never_focus())
        .collect();
    v.sort_by(|a, b| {
        b.0.is_safety()
            .cmp(&a.0.is_safety())
            .then(b.1.cmp(&a.1))
            .then(a.0.topic().cmp(&b.0.topic()))
            .then(a.0.rank_within_topic().cmp(&b.0.rank_within_topic()))
            .then(a.0.as_str().cmp(b.0.as_str()))
    });
    let mut out: Vec<FindingCode> = Vec::new();
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
pub fn rank_folder(
    per_run: impl IntoIterator<Item = Vec<(FindingCode, Severity)>>,
) -> Vec<FolderFocus> {
    let mut tally: Vec<FolderFocus> = Vec::new();
    let mut entries = 0usize;
    for run in per_run {
        entries += 1;
        let mut seen: Vec<(FindingCode, Severity)> = Vec::new();
        for (c, s) in run {
            if s == Severity::Info || c.never_focus() {
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
                        code: c,
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
    let min_runs = (FOLDER_MIN_SHARE_PCT / 100.0 * entries as f64).max(2.0);
    tally.retain(|t| t.code.is_safety() || t.warning_runs > 0 || t.runs as f64 >= min_runs);
    tally.sort_by(|a, b| {
        b.code
            .is_safety()
            .cmp(&a.code.is_safety())
            .then((b.warning_runs > 0).cmp(&(a.warning_runs > 0)))
            .then(a.code.topic().cmp(&b.code.topic()))
            .then(b.warning_runs.cmp(&a.warning_runs))
            .then(b.runs.cmp(&a.runs))
            .then(a.code.rank_within_topic().cmp(&b.code.rank_within_topic()))
            .then(a.code.as_str().cmp(b.code.as_str()))
    });
    tally.truncate(MAX_FOCUS);
    tally
}

/// One code of a folder's focus list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderFocus {
    /// The finding's code.
    pub code: FindingCode,
    /// Runs (or folder-wide findings) that have it.
    pub runs: usize,
    /// Of which as a `warning`.
    pub warning_runs: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Severity::{Caution, Info, Warning};

    fn code(s: &str) -> FindingCode {
        FindingCode::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .unwrap()
    }

    /// `rank` over codes given as their strings, the result as strings.
    fn rank_strs<const N: usize>(f: [(&str, Severity); N]) -> Vec<&'static str> {
        rank(f.map(|(c, s)| (code(c), s)))
            .into_iter()
            .map(FindingCode::as_str)
            .collect()
    }

    fn runs_of(v: Vec<Vec<(&str, Severity)>>) -> Vec<Vec<(FindingCode, Severity)>> {
        v.into_iter()
            .map(|r| r.into_iter().map(|(c, s)| (code(c), s)).collect())
            .collect()
    }

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
            rank_strs(f),
            vec!["steep_descents", "low_cadence", "overstriding"]
        );
        // Decoupling is effort context: never in the focus, even as a caution.
        assert_eq!(
            rank_strs([("decoupling", Caution), ("pace_drift", Caution)]),
            vec!["pace_drift"]
        );
        // Safety heads the list, before any warning.
        assert_eq!(
            rank_strs([("low_cadence", Warning), ("lingering_pain", Caution)]),
            vec!["lingering_pain", "low_cadence"]
        );
        assert_eq!(rank_strs([("run_walk", Info)]), Vec::<&str>::new());
        // Severity orders inside a group.
        assert_eq!(
            rank_strs([("hill_exposure", Caution), ("steep_descents", Warning)]),
            vec!["steep_descents", "hill_exposure"]
        );
    }

    #[test]
    fn folder_focus_counts_runs_once_and_ranks_warnings_first_within_a_group() {
        let runs = runs_of(vec![
            vec![("hill_exposure", Caution), ("hill_exposure", Warning)],
            vec![("hill_exposure", Caution), ("pace_drift", Caution)],
            vec![("steep_descents", Warning), ("decoupling", Caution)],
            vec![("weekly_jump", Warning)],
            vec![("low_cadence", Caution)],
            vec![("low_cadence", Caution)],
        ]);
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
        with_pain.push(vec![(FindingCode::LingeringPain, Caution)]);
        let f = rank_folder(with_pain);
        assert_eq!(f[0].code, FindingCode::LingeringPain);
    }
}
