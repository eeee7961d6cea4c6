//! The harness shared by the integration tests: one command builder, one sample path.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

/// The `stridewise` binary, run from the crate root (so `sample_data/...` paths resolve
/// and appear in outputs as given), with `NO_COLOR` set (output never depends on how the
/// test runner's terminal is set up).
pub fn stridewise() -> Command {
    let mut c = Command::cargo_bin("stridewise").expect("binary built");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env("NO_COLOR", "1");
    c
}

/// The crate's own `sample_data/` folder, absolute.
pub fn sample_data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data")
}

/// `sample_data/NAME`, relative to the crate root (the working directory of both the
/// tests and [`stridewise`]).
pub fn sample(name: &str) -> String {
    format!("sample_data/{name}")
}

/// Every file below `dir` with its bytes, by path relative to `dir` ('/'-separated).
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("inside").display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// A folder review of `paths` written into `out` with a page for every run, each page
/// drawn from the run kept from the review pass (`keep` = `All`) or from its file read
/// again (`keep` = `None`). Returns how many runs were kept and how many pages were
/// written.
pub fn folder_pages(
    paths: Vec<std::path::PathBuf>,
    keep: stridewise::report::folder::ChartsMode,
    out: &Path,
    jobs: usize,
) -> (usize, usize) {
    use stridewise::pipeline::{review_all, ReviewConfig};
    use stridewise::report::folder::{wire, write, PageKeeper};
    use stridewise::report::folder::{BatchConfig, ChartsMode};
    let cfg = BatchConfig {
        review: ReviewConfig {
            paths,
            rules: stridewise::Rules::default(),
            split_m: 1000.0,
            as_running: false,
            pain_log: None,
            jobs: Some(jobs),
            progress: false,
        },
        out: out.to_path_buf(),
        write: true,
        charts: ChartsMode::All,
        units: stridewise::UnitSystem::Metric,
        plan: None,
        verbose: false,
        json: false,
        athletes: false,
    };
    let keeper = PageKeeper::new(Some(keep));
    let (candidates, mut o) = review_all(&cfg.review, &|d, a, r, row| {
        wire(d, a, r, row, cfg.units, &keeper)
    })
    .expect("reviews");
    let kept = o.runs.iter().filter(|r| r.wire.page.is_some()).count();
    write::finalise_wires(&mut o, cfg.units);
    let mut report = stridewise::report::report_dir::ReportDir::open(&cfg.out, &cfg.review.paths)
        .expect("report folder");
    let written = write::write_all(&cfg, &mut report, &candidates, &o, None).expect("writes");
    assert!(written.failed.is_empty(), "{:?}", written.failed);
    (kept, written.links.iter().flatten().count())
}
