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
        (
            "cadence_target_high_spm = inf",
            "cadence_target_high_spm = inf",
        ),
        ("low_cadence_share_pct = nan", "low_cadence_share_pct = nan"),
        ("cadence_fade_pct = -inf", "cadence_fade_pct = -inf"),
        ("steep_grade_pct = -5", "steep_grade_pct = -5"),
        (
            "[floors]\ncoach_moving_s = nan",
            "floors.coach_moving_s = nan",
        ),
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

/// A pain log of `days` consecutive days of pain 3 from 2024-03-04, with `broken` put in
/// as its second entry.
fn pain_log(broken: &str, days: u64) -> String {
    let mut text = String::from("date,pain,note\n2024-03-04,3,ok\n");
    text.push_str(broken);
    let first = chrono::NaiveDate::from_ymd_opt(2024, 3, 5).expect("date");
    for k in 0..days {
        let d = first + chrono::Days::new(k);
        text.push_str(&format!("{d},3,sore\n"));
    }
    text
}

#[test]
fn a_pain_log_with_an_unclosed_quote_is_exit_2_naming_the_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report");
    // Three days of pain after the broken line: silently dropped, they would hide the
    // lingering-pain warning. The quote is still open at the next entry, or at the end.
    let texts = [
        pain_log("2024-03-04,2,\"sore, after hills\n", 3),
        pain_log("2024-03-04,2,\"a \"\"b\"\"\"\n", 3) + "2024-03-09,4,\"worse",
    ];
    for (i, text) in texts.iter().enumerate() {
        let log = dir.path().join(format!("pain{i}.csv"));
        std::fs::write(&log, text).expect("write");
        let log = log.to_string_lossy().into_owned();
        for cmd in [&[][..], &["plan"][..]] {
            let out = out.to_string_lossy().into_owned();
            let mut args: Vec<&str> = cmd.to_vec();
            args.extend(["--pain-log", &log, "--out", &out, "sample_data"]);
            let (code, stderr) = run(&args);
            assert_eq!(code, 2, "{args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(
                stderr.contains(&format!(
                    "invalid pain log {log}: line {}: the note's quote",
                    [3, 7][i]
                )),
                "{stderr}"
            );
        }
    }
    assert!(!out.exists(), "a report was written");
}

/// A FIFO nobody writes to as each option file: exit 2 after the silence limit, one line,
/// never a hang; `/dev/zero` as `--plan` stops at the cap.
#[test]
fn option_files_never_block_on_a_fifo_nor_grow_on_dev_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("silent");
    crate::data_safety::mkfifo(&fifo);
    let fifo = fifo.to_string_lossy().into_owned();
    let out = dir.path().join("r").to_string_lossy().into_owned();
    for flag in ["--plan", "--rules", "--pain-log"] {
        let started = std::time::Instant::now();
        let o = stridewise()
            .args([flag, &fifo, "--out", &out, "sample_data"])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{flag}: {err}");
        assert_eq!(err.lines().count(), 1, "{flag}: {err}");
        assert!(
            err.contains(&format!("{fifo}: nothing to read within 5 s")),
            "{flag}: {err}"
        );
        assert!(
            started.elapsed().as_secs() < 30,
            "{flag}: {:?}",
            started.elapsed()
        );
    }
    let (code, err) = run(&["--plan", "/dev/zero", "--out", &out, "sample_data"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot read plan /dev/zero: larger than 16 MiB"),
        "{err}"
    );
}
