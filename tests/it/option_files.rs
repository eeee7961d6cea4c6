//! Option files (`--rules`, `--pain-log`, `--plan`) from a hostile or unlucky user:
//! non-finite thresholds, an unclosed quote, a FIFO nobody writes to, `/dev/zero`. Each is
//! exit 2 with one line naming the file and what is wrong (issue 22, items 3, 9 and 15).

use crate::util::{sample, stridewise};

/// Exit code and stderr of `stridewise ARGS`.
fn run(args: &[&str]) -> (i32, String) {
    let out = stridewise().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_rules_file_with_non_finite_or_negative_thresholds_is_exit_2_naming_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("cadence_target_high_spm = inf", "cadence_target_high_spm = inf"),
        ("low_cadence_share_pct = nan", "low_cadence_share_pct = nan"),
        ("cadence_fade_pct = -inf", "cadence_fade_pct = -inf"),
        ("steep_grade_pct = -5", "steep_grade_pct = -5"),
        ("[floors]\ncoach_moving_s = nan", "floors.coach_moving_s = nan"),
        (
            "cadence_target_low_spm = 178\ncadence_target_high_spm = 172",
            "cadence_target_low_spm = 178 must be below cadence_target_high_spm = 172",
        ),
    ];
    for (i, (text, named)) in cases.iter().enumerate() {
        let rules = dir.path().join(format!("rules{i}.toml"));
        std::fs::write(&rules, text).expect("write");
        let rules = rules.to_string_lossy().into_owned();
        let (code, stderr) = run(&["--no-charts", "--rules", &rules, &sample("hilly-10k.gpx")]);
        assert_eq!(code, 2, "{text}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{text}: {stderr}");
        assert!(
            stderr.contains(&format!("invalid rules file {rules}")) && stderr.contains(named),
            "{text}: {stderr}"
        );
    }
}
