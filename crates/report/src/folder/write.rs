//! Writing a folder review into `--out`:
//!
//! ```text
//! OUT/index.html          findings, trend charts, a table linking each run's page
//! OUT/runs.csv            one row per run
//! OUT/summary.json        the JSON contract plus trends, baseline, findings
//! OUT/physio.html         one printable A4 page for the runner's physio
//! OUT/trend-*.png, .svg   weekly distance, easy-pace cadence, hills, drift (full-size
//!                         PNG; desktop and phone SVG for the index)
//! OUT/runs/NAME/...       per-run pages (report.html + charts) chosen by --charts
//! ```
//!
//! Every file is written atomically; `OUT/runs/` is built beside the old one and swapped
//! in whole, so pages of an earlier review never mix with this one.

use super::render;
use super::{BatchConfig, ChartsMode, AUTO_PAGES_NEWEST};
use super::{Outcome, Reviewed};
use crate::chart::trends as trend_charts;
use crate::report_dir::ReportDir;
use crate::{chart, html, outdir, page, png, svg, text};
use anyhow::Context;
use cap_std::fs::Dir;
use rayon::prelude::*;
use std::path::Path;
use stridewise_engine::source::discover::Candidate;

/// Make each run's wire form final from the engine's judgement (see
/// [`stridewise_engine::pipeline::review_all`]): the page input and the `summary` carry the folder's
/// findings (the baseline's included) and the comparison with the baseline. The one step
/// between the engine's result and the renderers; nothing else changes a run's findings.
pub fn finalise_wires(o: &mut Outcome, units: stridewise_engine::units::UnitSystem) {
    for r in &mut o.runs {
        if let Some(p) = r.wire.page.as_mut() {
            p.review.findings.clone_from(&r.findings);
        }
        let s = &mut r.wire.summary;
        s.set_findings(&r.findings, units);
        s.vs_baseline = r
            .vs_baseline
            .as_ref()
            .map(crate::json::analysis::VsBaseline::from);
    }
}

/// Which runs get a page: `newer` is how many runs of the folder started after this one
/// (0 for the newest).
#[must_use]
pub(crate) fn wants_page(mode: ChartsMode, newer: usize, r: &Reviewed) -> bool {
    match mode {
        ChartsMode::All => true,
        ChartsMode::Flagged => r.flagged,
        ChartsMode::Auto => newer < AUTO_PAGES_NEWEST || r.flagged,
        ChartsMode::None => false,
    }
}

/// Why a run has no page, in the index's words after "no page: " (`None` when it has one or should).
#[must_use]
pub(crate) fn no_page_reason(mode: ChartsMode, newer: usize, r: &Reviewed) -> Option<String> {
    if wants_page(mode, newer, r) {
        return None;
    }
    Some(match mode {
        ChartsMode::None => "--charts none asks for no pages".to_string(),
        ChartsMode::Flagged => {
            "not flagged, and --charts flagged draws only flagged runs".to_string()
        }
        ChartsMode::Auto | ChartsMode::All => format!(
            "older than the newest {AUTO_PAGES_NEWEST} runs and not flagged \
             (--charts all draws it)"
        ),
    })
}

/// A run page's files: (name, bytes).
type PageFiles = Vec<(String, Vec<u8>)>;

/// Draw the pages of the runs of one file (`runs`, in order): each from the activity and
/// review kept from the review pass (their findings already the folder's), else from the
/// file read again — once for all its runs, so an export holding hundreds of runs is not
/// read once per page — with the same read as the review's ([`stridewise_engine::pipeline::read`]),
/// the same review and the folder's findings (the baseline's included), which draws the
/// same bytes. One result per run: its files, or why it has no page.
fn file_pages(
    cfg: &BatchConfig,
    c: &Candidate,
    runs: &[&Reviewed],
    b: Option<&stridewise_engine::analysis::stride::Baseline>,
    o: &Outcome,
) -> Vec<Result<PageFiles, String>> {
    let mut read: Option<Result<Vec<stridewise_engine::model::Activity>, String>> = None;
    runs.iter()
        .map(|r| {
            let ctx = page_context(o, r);
            let draw = |a: &stridewise_engine::model::Activity,
                        rev: &stridewise_engine::coach::review::Review| {
                let item = text::Reviewed {
                    path: &r.row.path,
                    activity: a,
                    review: rev,
                };
                page::run_files(&item, cfg.units, b, &cfg.review.rules, &ctx)
                    .map_err(|e| format!("{e:#}"))
            };
            if let Some(p) = &r.wire.page {
                return draw(&p.activity, &p.review);
            }
            let acts = read
                .get_or_insert_with(|| {
                    stridewise_engine::pipeline::read(c).map_err(|e| e.to_string())
                })
                .as_ref()
                .map_err(Clone::clone)?;
            let a = acts
                .iter()
                .find(|a| a.session == r.row.session)
                .ok_or_else(|| "the session is gone from the file".to_string())?;
            let mut rev =
                stridewise_engine::coach::review::review_with(a, &cfg.review.review_options());
            rev.findings.clone_from(&r.findings);
            draw(a, &rev)
        })
        .collect()
}

/// Runs the "compared with your recent runs" means are taken over (our choice: about
/// two weeks of running for most runners).
pub(crate) const RECENT_RUNS: usize = 5;

/// What the folder knows about one run for its page: the link back to the index, the
/// run against the mean of the [`RECENT_RUNS`] runs started before it (each mean over the
/// runs that have the figure) and against the baseline, and the day's pain.
#[must_use]
pub(crate) fn page_context(o: &Outcome, r: &Reviewed) -> html::PageContext {
    let row = &r.row;
    let gain_per_km = |x: &stridewise_engine::history::row::RunRow| match (x.gain_m, x.distance_m) {
        (Some(g), Some(d)) if d > 0.0 => Some(g / (d / 1000.0)),
        _ => None,
    };
    let before: Vec<&stridewise_engine::history::row::RunRow> = match row.start_time {
        Some(t) => o
            .runs
            .iter()
            .map(|x| &x.row)
            .filter(|x| x.start_time.is_some_and(|s| s < t))
            .collect(),
        None => Vec::new(),
    };
    let recent = &before[before.len().saturating_sub(RECENT_RUNS)..];
    let mean = |f: &dyn Fn(&stridewise_engine::history::row::RunRow) -> Option<f64>| {
        let v: Vec<f64> = recent.iter().filter_map(|x| f(x)).collect();
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    let vs = r.wire.summary.vs_baseline.as_ref();
    html::PageContext {
        index_href: Some("../../index.html".into()),
        compared: (!recent.is_empty()).then(|| html::Compared {
            recent_runs: recent.len(),
            cadence_spm: (row.cadence_spm, mean(&|x| x.cadence_spm)),
            step_length_m: (row.step_length_m, mean(&|x| x.step_length_m)),
            gain_per_km: (gain_per_km(row), mean(&gain_per_km)),
            baseline_cadence_pct: vs.map(|v| v.cadence_diff_pct),
            baseline_step_pct: vs.map(|v| v.step_length_diff_pct),
        }),
        pain: row.local_date().and_then(|d| o.pain_days.get(&d).copied()),
    }
}

pub use super::PagesWritten;

/// Write every output of the review into `dir` (opened, checked and locked by the caller
/// before the review: [`ReportDir::open`]).
///
/// The whole report is built in a staging folder inside `--out` (`.stridewise-new-PID`),
/// through the folder's handle; only when it is complete, and Ctrl-C has not been pressed,
/// is it committed: `runs/` is swapped in whole, then each file is renamed over its old
/// copy, `index.html` last. A write that fails (disk full) or a Ctrl-C before the commit
/// removes the staging folder and leaves the previous report as it was. After the commit,
/// trend charts of the previous report this one no longer draws are removed: they are
/// listed in the folder's manifest, so they are stridewise's own (one-run report folders
/// in the same `--out` are kept).
///
/// # Errors
/// A report folder that cannot be used ([`crate::report_dir::OutError`]) or
/// written, or [`stridewise_engine::cancel::Cancelled`].
pub fn write_all(
    cfg: &BatchConfig,
    dir: &mut ReportDir,
    candidates: &[Candidate],
    o: &Outcome,
    plan: Option<&PlanProgress>,
) -> anyhow::Result<PagesWritten> {
    let specs = trend_charts::build_with_pain(&o.trends, cfg.units, &o.pain_days);
    let mut planned: Vec<String> = Vec::new();
    for id in specs.iter().map(|s| s.id).chain(plan.map(|p| p.chart.id)) {
        let (png, svg, phone) = svg::file_names(id);
        planned.extend([png, svg, phone]);
    }
    planned.extend(
        [RUNS_DIR, "runs.csv", "summary.json", PHYSIO, "index.html"]
            .iter()
            .map(|s| (*s).to_string()),
    );
    dir.check(planned.iter().map(String::as_str))?;
    let staging = outdir::Staging::create(
        dir.handle(),
        &format!(".stridewise-new-{}", std::process::id()),
    )
    .with_context(|| cannot_write(&cfg.out))?;
    // Dropped on an error, the staging folder is removed.
    let pages = build(cfg, candidates, o, &specs, plan, staging.dir())?;
    stridewise_engine::cancel::check()?;
    // The manifest names the new entries before they are put in place; written only now,
    // so a failed or cancelled build leaves the previous report byte for byte.
    dir.record(planned.iter().map(String::as_str))?;
    // The commit point: past here Ctrl-C no longer stops anything (a few renames), and
    // `index.html` comes last, so a reader never finds an index linking pages that are
    // not there yet.
    let files: Vec<&str> = planned
        .iter()
        .map(String::as_str)
        .filter(|n| *n != RUNS_DIR && *n != "index.html")
        .chain(["index.html"])
        .collect();
    staging
        .commit(&[RUNS_DIR], &files)
        .with_context(|| cannot_write(&cfg.out))?;
    let stale: Vec<String> = dir
        .owned()
        .iter()
        .filter(|n| (n.starts_with("trend-") || n.starts_with(PLAN_CHART)) && !planned.contains(n))
        .cloned()
        .collect();
    for name in &stale {
        outdir::remove_entry(dir.handle(), name);
    }
    if !stale.is_empty() {
        dir.forget(&stale)?;
    }
    Ok(pages)
}

/// The folder of per-run pages inside `--out`.
const RUNS_DIR: &str = "runs";

fn cannot_write(out: &Path) -> String {
    format!("cannot write the report into {}", out.display())
}

/// Write the whole report into `staging`.
fn build(
    cfg: &BatchConfig,
    candidates: &[Candidate],
    o: &Outcome,
    specs: &[chart::ChartSpec],
    plan: Option<&PlanProgress>,
    staging: &Dir,
) -> anyhow::Result<PagesWritten> {
    staging
        .create_dir(RUNS_DIR)
        .with_context(|| cannot_write(&cfg.out))?;
    let runs_dir = staging
        .open_dir(RUNS_DIR)
        .with_context(|| cannot_write(&cfg.out))?;
    let pages = write_pages(cfg, candidates, o, &runs_dir)?;
    stridewise_engine::cancel::check()?;
    for spec in specs {
        write_chart(cfg, staging, spec)?;
    }
    let charts: Vec<html::ChartLink<'_>> = specs
        .iter()
        .map(|spec| html::ChartLink {
            id: spec.id,
            title: &spec.title,
            square: false,
        })
        .collect();
    if let Some(p) = plan {
        write_chart(cfg, staging, &p.chart)?;
    }
    let finished = render::Finished {
        outcome: o,
        units: cfg.units,
        pages: &pages,
        charts: &charts,
        plan,
    };
    for (name, r) in render::FILES {
        let mut bytes = Vec::new();
        r.render(&finished, &mut bytes)
            .with_context(|| format!("cannot format {name}"))?;
        write(cfg, staging, name, &bytes)?;
    }
    Ok(pages)
}

pub use super::render::{PlanProgress, PHYSIO, PLAN_CHART};

/// Write a folder chart: the full-size PNG and the index's two SVG renderings.
fn write_chart(cfg: &BatchConfig, dir: &Dir, spec: &chart::ChartSpec) -> anyhow::Result<()> {
    let files = svg::chart_files(
        spec,
        (png::DEFAULT_WIDTH, png::DEFAULT_HEIGHT),
        svg::Shape::Wide,
    )
    .with_context(|| format!("cannot draw the {} chart", spec.id))?;
    for (name, bytes) in files {
        write(cfg, dir, &name, &bytes)?;
    }
    Ok(())
}

fn write(cfg: &BatchConfig, dir: &Dir, file: &str, bytes: &[u8]) -> anyhow::Result<()> {
    outdir::write_atomic(dir, file, bytes).with_context(|| cannot_write(&cfg.out))
}

/// What became of one page: drawn and written, not drawn (a per-run failure, exit 1), or
/// a fatal error (a write that failed, Ctrl-C).
type PageResult = anyhow::Result<Result<(), String>>;

/// Draw the chosen runs' pages into `runs_dir`, in parallel.
fn write_pages(
    cfg: &BatchConfig,
    candidates: &[Candidate],
    o: &Outcome,
    runs_dir: &Dir,
) -> anyhow::Result<PagesWritten> {
    let n = o.runs.len();
    let chosen: Vec<&Reviewed> = o
        .runs
        .iter()
        .enumerate()
        .filter(|(i, r)| wants_page(cfg.charts, n - 1 - i, r))
        .map(|(_, r)| r)
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
    let b = o.baseline.as_ref().map(|b| &b.baseline);
    let bar = stridewise_engine::pipeline::progress::bar(
        cfg.review.progress && !chosen.is_empty(),
        chosen.len() as u64,
        "charts",
    );
    // The chosen runs of each file together (a file read again is read once), files in
    // parallel; results back in the chosen order.
    let mut by_file: std::collections::BTreeMap<usize, Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, r) in chosen.iter().enumerate() {
        by_file.entry(r.candidate).or_default().push(i);
    }
    let by_file: Vec<(usize, Vec<usize>)> = by_file.into_iter().collect();
    let pool = stridewise_engine::pipeline::pool(cfg.review.jobs)?;
    let per_file: Vec<Vec<(usize, PageResult)>> = pool.install(|| {
        by_file
            .par_iter()
            .map(|(candidate, idx)| {
                if let Err(e) = stridewise_engine::cancel::check() {
                    return idx.iter().map(|&i| (i, Err(e.into()))).collect();
                }
                let Some(c) = candidates.get(*candidate) else {
                    return idx
                        .iter()
                        .map(|&i| (i, Ok(Err("the file is gone from the list".into()))))
                        .collect();
                };
                let runs: Vec<&Reviewed> = idx.iter().map(|&i| chosen[i]).collect();
                let pages = file_pages(cfg, c, &runs, b, o);
                idx.iter()
                    .zip(pages)
                    .map(|(&i, files)| {
                        if let Err(e) = stridewise_engine::cancel::check() {
                            return (i, Err(e.into()));
                        }
                        let res: PageResult = match files {
                            Err(e) => Ok(Err(e)),
                            Ok(files) => outdir::replace_dir(runs_dir, &names[i], &files)
                                .with_context(|| cannot_write(&cfg.out))
                                .map(Ok),
                        };
                        bar.inc(1);
                        (i, res)
                    })
                    .collect()
            })
            .collect()
    });
    let mut results: Vec<(usize, PageResult)> = per_file.into_iter().flatten().collect();
    results.sort_by_key(|(i, _)| *i);
    let results: Vec<PageResult> = results.into_iter().map(|(_, r)| r).collect();
    bar.finish_and_clear();
    let mut failed = Vec::new();
    let mut ok_names = std::collections::BTreeMap::new();
    for ((r, name), res) in chosen.iter().zip(&names).zip(results) {
        match res? {
            Ok(()) => {
                ok_names.insert(
                    (r.row.path.clone(), r.row.session),
                    format!("{RUNS_DIR}/{name}/report.html"),
                );
            }
            Err(e) => failed.push((r.row.path.clone(), e)),
        }
    }
    let links: Vec<Option<String>> = o
        .runs
        .iter()
        .map(|r| ok_names.get(&(r.row.path.clone(), r.row.session)).cloned())
        .collect();
    let missing = o
        .runs
        .iter()
        .enumerate()
        .zip(&links)
        .map(|((i, r), link)| {
            if link.is_some() {
                return None;
            }
            no_page_reason(cfg.charts, n - 1 - i, r).or_else(|| {
                Some(match failed.iter().find(|(p, _)| *p == r.row.path) {
                    Some((_, e)) => format!("it could not be drawn ({e})"),
                    None => "it could not be drawn".to_string(),
                })
            })
        })
        .collect();
    Ok(PagesWritten {
        links,
        failed,
        missing,
    })
}
