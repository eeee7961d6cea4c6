//! The application edge: runs a validated [`Config`], prints, and decides the exit code.

use crate::config::{AnalyzeConfig, Config, InspectConfig, PlanConfig};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;
use stridewise::analysis::totals::totals;
use stridewise::coach::review::ReviewOptions;
use stridewise::pipeline;
use stridewise::report::folder::text::counted;
use stridewise::report::folder::BatchConfig;
use stridewise::report::folder::{render, write};
use stridewise::report::render::{Analyzed, Renderer};
use stridewise::report::report_dir::ReportDir;
use stridewise::report::{html, inspect, json, outdir, page, sanitize, text};

/// Process exit codes (documented in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Every file was read and analysed.
    Ok = 0,
    /// Finished, but some files could not be read.
    SomeFailed = 1,
    /// Usage error or fatal error (nothing useful done), a report folder that cannot be
    /// used or written.
    Fatal = 2,
    /// Interrupted by Ctrl-C (128 + SIGINT, as a shell reports it).
    Interrupted = 130,
}

/// Run a command.
///
/// # Errors
/// Fatal errors only (stdout closed, ...); per-file errors are reported and counted.
pub fn run(config: Config) -> anyhow::Result<Exit> {
    match config {
        Config::Inspect(c) => run_inspect(&c),
        Config::Analyze(c) => run_analyze(&c),
        Config::Plan(c) => run_plan(&c),
        Config::Completions(shell) => {
            let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
            let mut out = std::io::stdout().lock();
            clap_complete::generate(shell, &mut command, "stridewise", &mut out);
            out.flush()?;
            Ok(Exit::Ok)
        }
        Config::Man => {
            let mut out = std::io::stdout().lock();
            out.write_all(&man_page()?)?;
            out.flush()?;
            Ok(Exit::Ok)
        }
    }
}

/// `stridewise man`: one page, stridewise(1), with every subcommand's options in it
/// (clap_mangen would name a page per subcommand, `stridewise-plan(1)`, that no one
/// writes): the main sections, then a COMMANDS list, then a section per subcommand with
/// its synopsis and options, then the version.
fn man_page() -> std::io::Result<Vec<u8>> {
    let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let subs: Vec<&clap::Command> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    out.extend_from_slice(b".SH COMMANDS\n");
    for s in &subs {
        let about = s.get_about().map(ToString::to_string).unwrap_or_default();
        out.extend_from_slice(
            format!(
                ".TP\n\\fBstridewise {}\\fR\n{}\n",
                s.get_name(),
                roff_text(&about)
            )
            .as_bytes(),
        );
    }
    // `analyze` has the options above (`stridewise PATH` is `stridewise analyze PATH`).
    for s in subs.into_iter().filter(|s| s.get_name() != "analyze") {
        let name = format!("stridewise {}", s.get_name());
        let sub_man = clap_mangen::Man::new(s.clone().bin_name(name.clone()));
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let mut part = Vec::new();
        sub_man.render_synopsis_section(&mut part)?;
        sub_man.render_options_section(&mut part)?;
        // The subcommand's sections become sub-sections of its own.
        let text = String::from_utf8_lossy(&part)
            .replace(".SH SYNOPSIS", ".SS Synopsis")
            .replace(".SH OPTIONS", ".SS Options");
        out.extend_from_slice(text.as_bytes());
    }
    man.render_extra_section(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// Plain text for a roff paragraph: a leading `.` or `'` would be a request.
fn roff_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .lines()
        .map(|l| {
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The inputs as one phrase for a message: "PATH" or "PATH and 2 more".
fn inputs(paths: &[PathBuf]) -> String {
    let first = paths
        .first()
        .map(|p| sanitize::terminal(&p.display().to_string()))
        .unwrap_or_default();
    match paths.len() {
        0 | 1 => first,
        n => format!("{first} and {} more", n - 1),
    }
}

/// `stridewise plan`: review the runs as a folder review does, make the plan from the
/// review ([`pipeline::Outcome::plan`]), write its folder and print it.
fn run_plan(c: &PlanConfig) -> anyhow::Result<Exit> {
    // Claimed before the review, as for a report.
    let mut dir = ReportDir::open(&c.out, &c.review.paths)?;
    let outcome = match pipeline::review_all(&c.review, &|_, _, _, _| ()) {
        Ok((_, o)) => o,
        Err(e) => {
            dir.abandon();
            return Err(e);
        }
    };
    for (path, e) in &outcome.errors {
        report_error(path, e);
    }
    let plan = outcome.plan(c.weeks);
    let plan = match plan {
        Ok(p) => p,
        Err(e) => {
            dir.abandon();
            return Err(e).context("cannot make a plan");
        }
    };
    stridewise::report::plan::write::write(&mut dir, &plan, c.units)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    stridewise::report::plan::text::Text { units: c.units }.render(&plan, &mut out)?;
    out.flush()?;
    eprintln!("stridewise: plan: {}", c.out.join("plan.html").display());
    Ok(if outcome.errors.is_empty() {
        Exit::Ok
    } else {
        Exit::SomeFailed
    })
}

fn report_error(path: &str, error: &str) {
    eprintln!(
        "stridewise: {}: {}",
        sanitize::terminal(path),
        sanitize::terminal(error)
    );
}
/// Report errors on stderr, one line each, and choose the exit code.
fn finish(found: usize, doc: &json::Document) -> Exit {
    for e in &doc.errors {
        report_error(&e.path, &e.error);
    }
    if found == 0 && doc.errors.is_empty() {
        eprintln!("stridewise: no activity files (.fit, .gpx, .tcx, optionally .gz) found");
        return Exit::SomeFailed;
    }
    if doc.errors.is_empty() {
        Exit::Ok
    } else {
        Exit::SomeFailed
    }
}

/// True when stdout is a terminal and `NO_COLOR` is unset or empty (no-color.org).
fn use_color() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// "1 duplicate, 3 non-runs and 2 files without an activity": the non-zero counts of what
/// a folder review skipped, `None` when it skipped nothing.
fn skipped_counts(o: &stridewise::report::folder::Outcome) -> Option<String> {
    let count = |n: usize, one: &str, many: &str| (n > 0).then(|| counted(n, one, many));
    let parts: Vec<String> = [
        count(o.duplicates.len(), "duplicate", "duplicates"),
        count(o.skipped.len(), "non-run", "non-runs"),
        count(
            o.not_activities.len(),
            "file without an activity",
            "files without an activity",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    match parts.as_slice() {
        [] => None,
        [only] => Some(only.clone()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

fn run_batch(
    cfg: &BatchConfig,
    parquet: Option<&stridewise::report::parquet::ParquetOptions>,
) -> anyhow::Result<Exit> {
    if cfg.athletes {
        return run_athletes(cfg, parquet);
    }
    let plan_doc = cfg.plan.as_deref().map(read_plan).transpose()?;
    // The report folder is checked, opened and claimed before the review: a second run on
    // the same --out stops here at once, not after its whole review.
    let dir = if cfg.write {
        Some(ReportDir::open(&cfg.out, &cfg.review.paths)?)
    } else {
        None
    };
    let Ok((outcome, pages)) = review_and_write(cfg, dir, plan_doc.as_ref(), parquet)? else {
        return Ok(Exit::SomeFailed);
    };
    print_batch(cfg, &outcome, &pages)
}

/// A folder review's outcome and the pages written.
type Written = (stridewise::report::folder::Outcome, write::PagesWritten);

/// A folder review, reviewed and written into `dir` (when given): the outcome and the
/// pages written; `Err(failed files)` when there was nothing to review (said on stderr,
/// nothing written, the folder left as it was).
fn review_and_write(
    cfg: &BatchConfig,
    mut dir: Option<ReportDir>,
    plan_doc: Option<&stridewise::report::plan::json::PlanDoc>,
    parquet: Option<&stridewise::report::parquet::ParquetOptions>,
) -> anyhow::Result<Result<Written, usize>> {
    let units = cfg.units;
    let pages = stridewise::report::folder::PageKeeper::new(cfg.write.then_some(cfg.charts));
    let reviewed = pipeline::review_all(&cfg.review, &|d, a, r, row| {
        stridewise::report::folder::wire(d, a, r, row, units, &pages)
    });
    // A bad pain log or an interrupt: a folder this run created is not left behind.
    let (candidates, mut outcome) = match reviewed {
        Ok(r) => r,
        Err(e) => {
            if let Some(d) = dir {
                d.abandon();
            }
            return Err(e);
        }
    };
    // Nothing to review (no files, or none of them a readable run): each bad path on its
    // own line, then one line saying so; nothing is written, so a mistyped path never
    // replaces a good report with an empty one; exit 1 (README, "Exit codes").
    if outcome.runs.is_empty() {
        for (path, e) in &outcome.errors {
            report_error(path, e);
        }
        let why = if outcome.files == 0 && outcome.errors.is_empty() {
            "no activity files (.fit, .gpx, .tcx, optionally .gz, or zips of them)".to_string()
        } else {
            let failed = outcome.failed_files();
            let mut parts: Vec<String> = skipped_counts(&outcome).into_iter().collect();
            if failed > 0 {
                parts.push(format!(
                    "{failed} of {} could not be read",
                    counted(outcome.files, "file", "files")
                ));
            }
            if outcome.unopened > 0 {
                parts.push(format!(
                    "{} could not be opened",
                    counted(outcome.unopened, "path", "paths")
                ));
            }
            if parts.is_empty() {
                parts.push("nothing readable".into());
            }
            format!("no runs to review ({})", parts.join("; "))
        };
        let kept = if dir.as_ref().is_some_and(|d| !d.created()) {
            format!(
                "; the report in {} is left as it was",
                sanitize::terminal(&cfg.out.display().to_string())
            )
        } else {
            String::new()
        };
        if let Some(d) = dir {
            d.abandon();
        }
        eprintln!("stridewise: {}: {why}{kept}", inputs(&cfg.review.paths));
        return Ok(Err(outcome.failed_files() + outcome.unopened));
    }
    write::finalise_wires(&mut outcome, cfg.units);
    let pages = if let Some(dir) = dir.as_mut() {
        let plan = plan_doc.map(|d| plan_progress(d, &outcome));
        // A Parquet file in the way stops the run before any of the report is replaced.
        if let Some(p) = parquet {
            dir.check(stridewise::report::parquet::names(p))?;
        }
        let pages = write::write_all(cfg, dir, &candidates, &outcome, plan.as_ref())?;
        if let Some(p) = parquet {
            stridewise::report::parquet::write(dir, &outcome, &candidates, &cfg.review, p)?;
        }
        pages
    } else {
        // No folder asked for (`--no-charts`, or `--json` without `--out`): no files.
        write::PagesWritten {
            links: vec![None; outcome.runs.len()],
            failed: Vec::new(),
            missing: vec![None; outcome.runs.len()],
        }
    };
    Ok(Ok((outcome, pages)))
}

/// A folder review's stdout (the table or `summary.json`) and stderr (skipped files,
/// errors, where the report is), and its exit code.
fn print_batch(
    cfg: &BatchConfig,
    outcome: &stridewise::report::folder::Outcome,
    pages: &write::PagesWritten,
) -> anyhow::Result<Exit> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let stdout_renderer: &render::FileRenderer = if cfg.json {
        &render::SummaryJson
    } else {
        &render::Table
    };
    stdout_renderer.render(
        &render::Finished {
            outcome,
            units: cfg.units,
            pages,
            charts: &[],
            plan: None,
        },
        &mut out,
    )?;
    out.flush()?;
    if cfg.verbose {
        for (path, sport) in &outcome.skipped {
            eprintln!(
                "stridewise: {}: skipped: {sport}, not a run",
                sanitize::terminal(path)
            );
        }
        for (path, why) in &outcome.not_activities {
            eprintln!(
                "stridewise: {}: skipped: not an activity: {}",
                sanitize::terminal(path),
                sanitize::terminal(why)
            );
        }
        for d in &outcome.duplicates {
            eprintln!(
                "stridewise: {}: skipped: the same run as {}",
                sanitize::terminal(&d.path),
                sanitize::terminal(&d.duplicate_of)
            );
        }
    } else if let Some(list) = skipped_counts(outcome) {
        eprintln!("stridewise: skipped {list} (--verbose lists them)");
    }
    for (path, e) in &outcome.errors {
        report_error(path, e);
    }
    for (path, e) in &pages.failed {
        report_error(path, &format!("no report page: {e}"));
    }
    if cfg.write {
        eprintln!(
            "stridewise: report: {}",
            cfg.out.join("index.html").display()
        );
    }
    let failed = outcome.failed_files();
    if failed > 0 {
        eprintln!(
            "stridewise: {failed} of {} could not be read",
            counted(outcome.files, "file", "files")
        );
    }
    if outcome.unopened > 0 {
        eprintln!(
            "stridewise: {} could not be opened",
            counted(outcome.unopened, "path", "paths")
        );
    }
    Ok(if outcome.errors.is_empty() && pages.failed.is_empty() {
        Exit::Ok
    } else {
        Exit::SomeFailed
    })
}

/// `--athletes`: each athlete of the cohort folders reviewed as a folder of their own,
/// one after another (memory holds one athlete's runs), into `--out/NAME/`; then the
/// roster across them (`index.html`, `roster.csv`, `roster.json`) and the roster table
/// (or `roster.json` with `--json`) on stdout. An athlete that fails (no runs, a bad pain
/// log, a folder that cannot be written) gets one line on stderr and an empty row; the
/// others go on.
fn run_athletes(
    cfg: &BatchConfig,
    parquet: Option<&stridewise::report::parquet::ParquetOptions>,
) -> anyhow::Result<Exit> {
    use stridewise::pipeline::athletes::{athletes, roster_order, RosterRow};
    use stridewise::report::roster;
    let (found, list_errors) = athletes(&cfg.review.paths);
    for (path, e) in &list_errors {
        report_error(path, e);
    }
    if found.is_empty() {
        eprintln!(
            "stridewise: {}: no athletes to review (no sub-folders or zip archives in it)",
            inputs(&cfg.review.paths)
        );
        return Ok(Exit::SomeFailed);
    }
    let folders = roster::folder_names(&found);
    // The cohort's folder is claimed first, with every name it will hold, as a report
    // folder is: a second run on it stops here.
    let mut root = if cfg.write {
        let mut d = ReportDir::open(&cfg.out, &cfg.review.paths)?;
        d.claim(
            folders
                .iter()
                .map(String::as_str)
                .chain(roster::FILES.iter().copied()),
        )?;
        Some(d)
    } else {
        None
    };
    let mut failed = !list_errors.is_empty();
    let mut rows: Vec<(RosterRow, Option<String>)> = Vec::new();
    for (athlete, folder) in found.iter().zip(&folders) {
        stridewise::cancel::check()?;
        let mut one = cfg.clone();
        one.review.paths = vec![athlete.path.clone()];
        one.review.pain_log.clone_from(&athlete.pain_log);
        one.out = cfg.out.join(folder);
        one.athletes = false;
        // `--parquet`: each athlete's files say whose runs they hold.
        let one_parquet = parquet.map(|p| stridewise::report::parquet::ParquetOptions {
            athlete: Some(athlete.name.clone()),
            ..p.clone()
        });
        let reviewed = (|| {
            let dir = if one.write {
                Some(ReportDir::open(&one.out, &one.review.paths)?)
            } else {
                None
            };
            review_and_write(&one, dir, None, one_parquet.as_ref())
        })();
        match reviewed {
            Ok(Ok((outcome, pages))) => {
                for (path, e) in &outcome.errors {
                    report_error(path, e);
                }
                for (path, e) in &pages.failed {
                    report_error(path, &format!("no report page: {e}"));
                }
                failed |= !outcome.errors.is_empty() || !pages.failed.is_empty();
                rows.push((
                    RosterRow::of(athlete, &outcome),
                    one.write.then(|| folder.clone()),
                ));
            }
            Ok(Err(failed_files)) => {
                failed = true;
                rows.push((RosterRow::empty(athlete, failed_files), None));
            }
            Err(e) => {
                if stridewise::cancel::requested() {
                    return Err(e);
                }
                report_error(&athlete.path.display().to_string(), &format!("{e:#}"));
                failed = true;
                rows.push((RosterRow::empty(athlete, 0), None));
            }
        }
    }
    rows.sort_by(|a, b| roster_order(&a.0, &b.0));
    let (rows, links): (Vec<RosterRow>, Vec<Option<String>>) = rows.into_iter().unzip();
    let doc = roster::document(&rows, &links, &list_errors);
    if let Some(dir) = root.as_mut() {
        let mut csv = Vec::new();
        roster::write_csv(&doc, &mut csv)?;
        let json = serde_json::to_vec_pretty(&doc)?;
        let page = roster::page(&rows, &links, cfg.units);
        for (name, bytes) in [
            ("roster.json", json),
            ("roster.csv", csv),
            ("index.html", page.into_bytes()),
        ] {
            outdir::write_atomic(dir.handle(), name, &bytes)
                .with_context(|| format!("cannot write {name} into {}", cfg.out.display()))?;
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if cfg.json {
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        roster::write_table(&rows, cfg.units, &mut out)?;
    }
    out.flush()?;
    if cfg.write {
        eprintln!(
            "stridewise: roster: {}",
            cfg.out.join("index.html").display()
        );
    }
    Ok(if failed { Exit::SomeFailed } else { Exit::Ok })
}

fn run_analyze(c: &AnalyzeConfig) -> anyhow::Result<Exit> {
    if let Some(b) = &c.batch {
        return run_batch(b, c.parquet.as_ref());
    }
    let files = pipeline::files::review_files(
        &c.paths,
        &ReviewOptions {
            rules: &c.rules,
            split_m: c.units.split_meters(),
            as_running: c.as_running,
        },
    );
    for (path, a) in &files.skipped {
        let session = a
            .session
            .map(|s| format!(" (session {s})"))
            .unwrap_or_default();
        eprintln!(
            "stridewise: {}{session}: skipped: {}, not a run",
            sanitize::terminal(path),
            a.sport
        );
    }
    let items: Vec<text::Reviewed<'_>> = files
        .runs
        .iter()
        .map(|r| text::Reviewed {
            path: &r.path,
            activity: &r.activity,
            review: &r.review,
        })
        .collect();
    // No run read: nothing written, so a mistyped path leaves no empty report folder.
    if let Some(out_dir) = c.out.as_ref().filter(|_| !items.is_empty()) {
        let mut dir = ReportDir::open(out_dir, &c.paths)?;
        let names = outdir::unique(
            items
                .iter()
                .map(|r| outdir::run_name(r.path, r.activity))
                .collect(),
        );
        dir.claim(names.iter().map(String::as_str))?;
        for (item, name) in items.iter().zip(&names) {
            stridewise::cancel::check()?;
            let files =
                page::run_files(item, c.units, None, &c.rules, &html::PageContext::default())?;
            outdir::replace_dir(dir.handle(), name, &files)
                .with_context(|| format!("cannot write the report into {}", out_dir.display()))?;
            eprintln!(
                "stridewise: report: {}",
                out_dir.join(name).join("report.html").display()
            );
        }
    }
    let mut doc = json::Document::new();
    doc.errors = json::FileError::list(&files.errors);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let stdout_renderer: &dyn Renderer<Analyzed<'_>> = if c.json {
        &json::Runs
    } else {
        &text::Text { color: use_color() }
    };
    stdout_renderer.render(
        &Analyzed {
            runs: &files.runs,
            errors: &files.errors,
            units: c.units,
        },
        &mut out,
    )?;
    out.flush()?;
    let exit = finish(files.found, &doc);
    // One rule for a file named alone and a folder (README, "Exit codes"): nothing to
    // review is exit 1. Every file was read, but none holds a run to coach (rides, walks,
    // other sports, too short): say so in one line, as the folder review does. A planned
    // route's hills are a review.
    if exit == Exit::Ok && !files.any_reviewed() && files.found > 0 {
        let mut parts = Vec::new();
        if !files.skipped.is_empty() {
            parts.push(counted(files.skipped.len(), "non-run", "non-runs"));
        }
        let not_coached = files.not_coached();
        if not_coached > 0 {
            parts.push(format!("{not_coached} not coached"));
        }
        if parts.is_empty() {
            parts.push("nothing readable".into());
        }
        eprintln!(
            "stridewise: {}: no runs to review ({})",
            inputs(&c.paths),
            parts.join("; ")
        );
        return Ok(Exit::SomeFailed);
    }
    Ok(exit)
}

/// `inspect`: each activity is written (text) or turned into its few-KB JSON object as
/// soon as it is read, and dropped: memory holds one run at a time, not every run of the
/// folder until the end (300 runs peaked at 273 MB, issue 22).
fn run_inspect(c: &InspectConfig) -> anyhow::Result<Exit> {
    let mut doc = json::Document::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut runs = Vec::new();
    let mut first = true;
    let mut errors = Vec::new();
    let found = pipeline::files::for_each_read(&c.paths, &mut errors, |path, a| {
        let t = totals(&a);
        if c.json {
            // Compact bytes, not the object: a folder of thousands of sessions stays
            // small until the document is written.
            runs.push(json::StoredRun::new(&json::Run::new(path, &a, &t)));
            return Ok(());
        }
        if !first {
            writeln!(out)?;
        }
        first = false;
        inspect::write_one(
            &inspect::Inspected {
                path,
                activity: &a,
                totals: &t,
            },
            c.units,
            &mut out,
        )
    })?;
    doc.errors = json::FileError::list(&errors);
    if c.json {
        doc.runs = runs;
        json::write(&doc, &mut out)?;
    }
    out.flush()?;
    Ok(finish(found, &doc))
}

/// `--plan plan.json`, read and parsed before the review (a bad plan costs nothing):
/// read as every option file is ([`stridewise::ingest::read_text_capped`]).
fn read_plan(plan: &std::path::Path) -> anyhow::Result<stridewise::report::plan::json::PlanDoc> {
    use anyhow::Context as _;
    let text = stridewise::ingest::read_text_capped(plan, stridewise::ingest::MAX_TEXT_BYTES)
        .with_context(|| format!("cannot read plan {}", plan.display()))?;
    stridewise::report::plan::progress::parse(&text)
        .with_context(|| format!("invalid plan {}", plan.display()))
}

/// The plan's weeks against the reviewed runs, as the index's section and its chart.
fn plan_progress(
    doc: &stridewise::report::plan::json::PlanDoc,
    o: &stridewise::report::folder::Outcome,
) -> write::PlanProgress {
    use stridewise::report::plan::progress;
    let rows: Vec<_> = o.runs.iter().map(|r| r.row.clone()).collect();
    let weeks = progress::weeks(doc, &rows);
    write::PlanProgress {
        standing: progress::standing(&weeks, progress::TOLERANCE_SPM),
        changes: progress::changes(doc, &rows, &o.pain_days, o.trends.easy_speed_mps),
        chart: progress::chart(&weeks),
        targets: doc
            .weeks
            .iter()
            .filter_map(|w| {
                chrono::NaiveDate::parse_from_str(&w.monday, "%Y-%m-%d")
                    .ok()
                    .map(|m| (m, w.target_spm))
            })
            .collect(),
    }
}
