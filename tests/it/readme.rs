//! The README's commands run, and the output it shows is the output of today's build.
//!
//! Every `stridewise …` command in the README (its code blocks and the backticked commands
//! of its tables) is run in a scratch folder where the README's placeholder names are real
//! files made from `sample_data/` (`run.fit`, `~/export`, `pain.csv`, …), and must succeed.
//! The terminal review the README shows for `sample_data/hilly-10k.fit` must be exactly
//! what the binary prints.

use crate::util::{sample, sample_data, stridewise};
use std::io::Write as _;
use std::path::Path;

fn readme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    std::fs::read_to_string(path).expect("README.md")
}

/// The command lines of the README: lines of its `sh` blocks that start with
/// `stridewise`, and backticked `stridewise …` commands that take a file or folder
/// argument (placeholders like `PATH...` are skipped).
fn commands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_sh = line.trim() == "```sh";
            continue;
        }
        if in_sh {
            let l = line.split(" #").next().unwrap_or("").trim();
            if l.starts_with("stridewise ") {
                out.push(l.to_string());
            }
            continue;
        }
        for (k, part) in line.split('`').enumerate() {
            if k % 2 == 1 && part.starts_with("stridewise ") {
                out.push(part.to_string());
            }
        }
    }
    // Placeholders and a typo shown on purpose are not commands; nor is a subcommand
    // named alone in prose (`stridewise plan`).
    out.retain(|c| {
        !["PATH", "RUN", "FILE|FOLDER", "inspct"]
            .iter()
            .any(|p| c.contains(p))
            && !matches!(c.as_str(), "stridewise plan" | "stridewise inspect")
    });
    out.dedup();
    out
}

/// The placeholders' files in `dir`, made from the sample runs.
fn fixtures(dir: &Path) {
    let copy = |from: &str, to: &str| {
        std::fs::copy(sample_data().join(from), dir.join(to)).expect("copy sample");
    };
    copy("hilly-10k.fit", "run.fit");
    copy("hilly-10k.gpx", "run.gpx");
    let fit = std::fs::read(sample_data().join("hilly-10k.fit")).expect("sample");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&fit).expect("gzip");
    std::fs::write(dir.join("run.fit.gz"), gz.finish().expect("gzip")).expect("write");
    // A planned route: the GPX track without its times.
    let gpx = std::fs::read_to_string(sample_data().join("hilly-10k.gpx")).expect("sample");
    let mut route = String::new();
    for line in gpx.lines() {
        let line = match (line.find("<time>"), line.find("</time>")) {
            (Some(a), Some(b)) => format!("{}{}", &line[..a], &line[b + "</time>".len()..]),
            _ => line.to_string(),
        };
        route.push_str(&line);
        route.push('\n');
    }
    std::fs::write(dir.join("planned-route.gpx"), route).expect("write");
    std::fs::write(dir.join("my-rules.toml"), "cadence_target_low_spm = 168\n").expect("write");
    std::fs::write(
        dir.join("pain.csv"),
        "date,pain,note\n2024-05-05,5,\"sore hip, left side\"\n2024-05-06,3,\n",
    )
    .expect("write");
    for folder in ["export", "strava-export", "my-runs"] {
        let d = dir.join(folder);
        std::fs::create_dir_all(&d).expect("mkdir");
        for f in ["hilly-10k.fit", "run-walk-5-1.fit", "treadmill.fit"] {
            std::fs::copy(sample_data().join(f), d.join(f)).expect("copy");
        }
    }
    // `--athletes ~/clients`: two athletes, each a folder of runs.
    for athlete in ["ann", "ben"] {
        let d = dir.join("clients").join(athlete);
        std::fs::create_dir_all(&d).expect("mkdir");
        for f in ["hilly-10k.fit", "run-walk-5-1.fit"] {
            std::fs::copy(sample_data().join(f), d.join(f)).expect("copy");
        }
    }
    // The README's own `sample_data/` paths.
    let d = dir.join("sample_data");
    std::fs::create_dir_all(&d).expect("mkdir");
    for e in std::fs::read_dir(sample_data()).expect("sample_data") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), d.join(e.file_name())).expect("copy");
    }
    let file = std::fs::File::create(dir.join("export.zip")).expect("zip");
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for f in ["hilly-10k.fit", "run-walk-5-1.fit"] {
        zip.start_file(format!("activities/{f}"), opts)
            .expect("zip");
        zip.write_all(&std::fs::read(sample_data().join(f)).expect("sample"))
            .expect("zip");
    }
    zip.finish().expect("zip");
}

#[test]
fn every_command_the_readme_shows_runs() {
    let text = readme();
    let cmds = commands(&text);
    assert!(cmds.len() >= 20, "too few commands found: {cmds:?}");
    let dir = tempfile::tempdir().expect("tempdir");
    fixtures(dir.path());
    // `plan … --out my-plan` comes before `--plan my-plan/plan.json` in the README.
    for cmd in &cmds {
        // Shell redirections and `~/` are the shell's: drop the one, resolve the other.
        let cmd = cmd.split(" > ").next().unwrap_or(cmd);
        let args: Vec<String> = cmd
            .split_whitespace()
            .skip(1)
            .map(|a| a.replace("~/", "").replace("/tmp/r", "tmp-r"))
            .map(|a| a.trim_end_matches('/').to_string())
            .collect();
        let out = stridewise()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "README command `{cmd}` failed ({:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_review_the_readme_shows_is_todays_output() {
    let text = readme();
    let start = text
        .find("```text\nsample_data/hilly-10k.fit:")
        .expect("the README shows the review of sample_data/hilly-10k.fit");
    let body = &text[start + "```text\n".len()..];
    let shown = &body[..body.find("```").expect("closed block")];
    let out = stridewise()
        .args(["--no-charts", &sample("hilly-10k.fit")])
        .output()
        .expect("run");
    assert!(out.status.success());
    let actual = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(
        shown.trim_end(),
        actual.trim_end(),
        "the README's review of sample_data/hilly-10k.fit is stale: paste the output of \
         `cargo run --release -- --no-charts sample_data/hilly-10k.fit`"
    );
}
