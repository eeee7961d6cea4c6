//! Writing a folder review into `--out`:
//!
//! ```text
//! OUT/index.html          findings, trend charts, a table linking each run's page
//! OUT/runs.csv            one row per run
//! OUT/summary.json        the JSON contract plus trends, baseline, findings
//! OUT/trend-*.png         weekly distance, easy-pace cadence, hills, drift
//! OUT/runs/NAME/...       per-run pages (report.html + charts) chosen by --charts
//! ```
//!
//! Every file is written atomically; `OUT/runs/` is built beside the old one and swapped
//! in whole, so pages of an earlier review never mix with this one.

use super::{index, output};
use super::{Outcome, Reviewed};
use crate::coach::review::{apply_baseline, review};
use crate::history::baseline;
use crate::pipeline::{BatchConfig, ChartsMode, AUTO_CHARTS_MAX_RUNS};
use crate::report::chart::trends as trend_charts;
use crate::report::{outdir, page, png, text};
use crate::source::discover::Candidate;
use anyhow::Context;
use rayon::prelude::*;
use std::path::Path;

/// Fill each run's comparison with the personal baseline, and add the baseline
/// overstride proxies to its warning codes.
pub fn apply_baseline_to_rows(o: &mut Outcome, rules: &crate::coach::rules::Rules) {
    let Some(b) = o.baseline.as_ref().map(|b| b.baseline) else {
        return;
    };
    for r in &mut o.runs {
        let Some(cmp) = baseline::compare(&r.row, &b) else {
            continue;
        };
        if !crate::coach::review::baseline_proxies(&cmp, rules).is_empty()
            && !r
                .row
                .warning_codes
                .contains(&crate::coach::warning::WarningCode::Overstriding)
        {
            r.row
                .warning_codes
                .push(crate::coach::warning::WarningCode::Overstriding);
            r.flagged = true;
        }
        if let Some(s) = r.wire.summary.as_mut() {
            s.warning_codes.clone_from(&r.row.warning_codes);
            s.vs_baseline = Some(cmp);
        }
    }
}

/// Which runs get a page.
#[must_use]
pub fn wants_page(mode: ChartsMode, runs: usize, r: &Reviewed) -> bool {
    match mode {
        ChartsMode::All => true,
        ChartsMode::Flagged => r.flagged,
        ChartsMode::Auto => runs <= AUTO_CHARTS_MAX_RUNS && r.flagged,
        ChartsMode::None => false,
    }
}

/// Draw one run's page again from its file (the samples were dropped after review): the
/// same read as the review's ([`crate::pipeline::read`]), the same review, the baseline
/// comparison of the folder applied.
fn run_page(
    cfg: &BatchConfig,
    c: &Candidate,
    r: &Reviewed,
    b: Option<&crate::analysis::stride::Baseline>,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let a = crate::pipeline::read(c)?
        .into_iter()
        .find(|a| a.session == r.row.session)
        .context("the session is gone from the file")?;
    let mut rev = review(&a, &cfg.rules, cfg.units);
    if let Some(cmp) = r.wire.summary.as_ref().and_then(|s| s.vs_baseline.as_ref()) {
        apply_baseline(&mut rev, cmp, &cfg.rules);
    }
    let item = text::Reviewed {
        path: &r.row.path,
        activity: &a,
        review: &rev,
    };
    page::run_files(&item, cfg.units, b)
}

/// Per-run pages written, and the ones that failed: (path, message).
pub struct PagesWritten {
    /// Page link per run (relative to the index), `None` without a page.
    pub links: Vec<Option<String>>,
    /// Runs whose page could not be drawn.
    pub failed: Vec<(String, String)>,
}

/// Write every output of the review.
///
/// # Errors
/// A report folder that cannot be written.
pub fn write_all(
    cfg: &BatchConfig,
    candidates: &[Candidate],
    o: &Outcome,
) -> anyhow::Result<PagesWritten> {
    let out = &cfg.out;
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot write the report into {}", out.display()))?;
    let pages = write_pages(cfg, candidates, o)?;
    let specs = trend_charts::build(&o.trends, cfg.units);
    let mut charts = Vec::new();
    for spec in &specs {
        let png = png::render(spec, png::DEFAULT_WIDTH, png::DEFAULT_HEIGHT)
            .with_context(|| format!("cannot draw the {} chart", spec.id))?;
        let file = format!("{}.png", spec.id);
        write(out, &file, &png)?;
        charts.push((file, spec.title.clone()));
    }
    let mut csv = Vec::new();
    output::write_csv(o, &mut csv).context("cannot format runs.csv")?;
    write(out, "runs.csv", &csv)?;
    let mut json =
        serde_json::to_vec_pretty(&output::summary(o)).context("cannot format summary.json")?;
    json.push(b'\n');
    write(out, "summary.json", &json)?;
    let page = index::page(o, cfg.units, &charts, &pages.links);
    write(out, "index.html", page.as_bytes())?;
    Ok(pages)
}

fn write(dir: &Path, file: &str, bytes: &[u8]) -> anyhow::Result<()> {
    outdir::write_atomic(&dir.join(file), bytes)
        .with_context(|| format!("cannot write the report into {}", dir.display()))
}

fn write_pages(
    cfg: &BatchConfig,
    candidates: &[Candidate],
    o: &Outcome,
) -> anyhow::Result<PagesWritten> {
    let chosen: Vec<&Reviewed> = o
        .runs
        .iter()
        .filter(|r| wants_page(cfg.charts, o.runs.len(), r))
        .collect();
    let names = outdir::unique(
        chosen
            .iter()
            .map(|r| {
                let base = outdir::safe_component(
                    std::path::Path::new(&r.row.path)
                        .file_name()
                        .map_or_else(|| r.row.path.clone(), |n| n.to_string_lossy().into_owned())
                        .trim_end_matches(".gz"),
                );
                r.row
                    .session
                    .map_or(base.clone(), |s| format!("{base}-session{s}"))
            })
            .collect(),
    );
    let runs_dir = cfg.out.join("runs");
    let building = cfg.out.join(format!(".runs.new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&building);
    outdir::track(&building);
    std::fs::create_dir_all(&building)
        .with_context(|| format!("cannot write the report into {}", cfg.out.display()))?;
    let b = o.baseline.as_ref().map(|b| &b.baseline);
    let bar = crate::pipeline::progress::bar(
        cfg.progress && !chosen.is_empty(),
        chosen.len() as u64,
        "charts",
    );
    let pool = crate::pipeline::pool(cfg.jobs)?;
    let results: Vec<anyhow::Result<()>> = pool.install(|| {
        chosen
            .par_iter()
            .zip(&names)
            .map(|(r, name)| {
                let files = run_page(cfg, &candidates[r.candidate], r, b)?;
                outdir::replace_dir(&building, name, &files).with_context(|| {
                    format!("cannot write the report into {}", cfg.out.display())
                })?;
                bar.inc(1);
                Ok(())
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut failed = Vec::new();
    let mut ok_names = std::collections::BTreeMap::new();
    for ((r, name), res) in chosen.iter().zip(&names).zip(results) {
        match res {
            Ok(()) => {
                ok_names.insert(
                    (r.row.path.clone(), r.row.session),
                    format!("runs/{name}/report.html"),
                );
            }
            Err(e) => failed.push((r.row.path.clone(), format!("{e:#}"))),
        }
    }
    // Swap the new runs/ in whole.
    let old = cfg.out.join(format!(".runs.old-{}", std::process::id()));
    if runs_dir.exists() {
        std::fs::rename(&runs_dir, &old)
            .with_context(|| format!("cannot replace {}", runs_dir.display()))?;
    }
    let swapped = std::fs::rename(&building, &runs_dir);
    outdir::untrack(&building);
    swapped.with_context(|| format!("cannot write {}", runs_dir.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    let links = o
        .runs
        .iter()
        .map(|r| ok_names.get(&(r.row.path.clone(), r.row.session)).cloned())
        .collect();
    Ok(PagesWritten { links, failed })
}
