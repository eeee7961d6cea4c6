//! The folder review: discover → review every file in parallel → dedupe → baseline and
//! trends → write `runs.csv`, `summary.json`, `index.html` with trend charts, and the
//! per-run pages chosen by `--charts`.
//!
//! Memory stays flat in the number of files: a worker reads one file, reviews it, keeps
//! its [`RunRow`] and what the caller's `wire` function keeps (the report layer: the
//! run's JSON object, and for at most a bounded number of runs the activity and review
//! their pages are drawn from), and drops the samples. A page whose run was not kept
//! reads its file again, one per worker.
//! Output never depends on thread scheduling: results are collected in discovery order
//! (sorted by path) and every later step is sequential.

pub mod progress;

pub mod athletes;
pub mod files;
use crate::coach::code::FindingCode;
use crate::coach::review::{review_with_mut, NotCoached, Review, ReviewOptions};
use crate::coach::rules::Rules;
use crate::coach::warning::Advice;
use crate::coach::warning::Severity;
use crate::history::row::RunRow;
use crate::history::{baseline, pain, trends};
use crate::ingest::IngestError;
use crate::model::{Activity, Format, Sport};
use crate::source::apple_export;
use crate::source::discover::{self, Candidate};
use rayon::prelude::*;
use std::path::PathBuf;

/// What the caller keeps of one reviewed run, built while its activity is in memory:
/// (display path, activity, review, row).
pub type WireFn<'a, W> = dyn Fn(&str, &Activity, &Review, &RunRow) -> W + Sync + 'a;

/// What the engine needs for a folder review, and nothing of the output: the inputs, the
/// rules, how each run is reviewed, the pain log, and how the work is run.
#[derive(Clone, Debug)]
pub struct ReviewConfig {
    /// Files, folders and archives.
    pub paths: Vec<PathBuf>,
    /// Coaching thresholds.
    pub rules: Rules,
    /// Length of the pace splits, m (the display unit's long length: the one place the
    /// display units reach a review).
    pub split_m: f64,
    /// `--sport running`: coach unknown-sport tracks whatever their speed.
    pub as_running: bool,
    /// Optional pain log.
    pub pain_log: Option<PathBuf>,
    /// Worker threads (`None`: one per core).
    pub jobs: Option<usize>,
    /// Show a progress bar (stderr is a terminal).
    pub progress: bool,
}

impl ReviewConfig {
    /// How each run is reviewed.
    #[must_use]
    pub fn review_options(&self) -> ReviewOptions<'_> {
        ReviewOptions {
            rules: &self.rules,
            split_m: self.split_m,
            as_running: self.as_running,
        }
    }
}

/// A planned route (positions without times): listed apart, never a run.
#[derive(Clone, Debug)]
pub struct Route {
    /// Path as shown.
    pub path: String,
    /// Name from the file.
    pub name: Option<String>,
    /// Length, m.
    pub distance_m: Option<f64>,
    /// Elevation gain, m.
    pub gain_m: Option<f64>,
    /// Elevation loss, m.
    pub loss_m: Option<f64>,
}

/// A recording that is not coached: too short, a walk, or a likely ride.
#[derive(Clone, Debug, PartialEq)]
pub struct NotCoachedRun {
    /// Path as shown (with its session).
    pub path: String,
    /// Its sport.
    pub sport: String,
    /// Why (its code and its words, in the display unit, are the renderers').
    pub why: NotCoached,
}

/// One running session reviewed. `W` is what the caller keeps of it for its output
/// (the report layer keeps the run's JSON wire form), built by the `wire` function given
/// to [`review_all`] while the activity is still in memory.
#[derive(Debug)]
pub struct Reviewed<W> {
    /// Index of its candidate.
    pub candidate: usize,
    /// Its row of numbers.
    pub row: RunRow,
    /// Its findings, in order (the comparison with the baseline's added by [`review_all`]).
    pub findings: Vec<crate::coach::warning::Finding>,
    /// What the caller keeps for its output.
    pub wire: W,
    /// Format of the file (for duplicate preference).
    pub format: Format,
    /// Has a finding of severity `warning` (the folder's findings, the baseline's
    /// included, once [`review_all`] returns).
    pub flagged: bool,
    /// The run against the runner's baseline at the same speeds (`None` without a
    /// baseline, or without speeds it covers).
    pub vs_baseline: Option<crate::analysis::stride::BaselineComparison>,
    /// A hash of the file's bytes as read: identical files are one run, dated or not.
    pub content: u64,
}

impl<W> Reviewed<W> {
    /// The codes of its findings, in order.
    pub fn warning_codes(&self) -> impl Iterator<Item = FindingCode> + '_ {
        self.findings
            .iter()
            .map(crate::coach::warning::Finding::kind)
    }

    /// The codes of its findings separated by spaces, as `runs.csv`, the table and the
    /// index show them.
    #[must_use]
    pub fn codes_text(&self) -> String {
        let codes: Vec<&str> = self.warning_codes().map(FindingCode::as_str).collect();
        codes.join(" ")
    }
}

/// What became of one discovered file.
#[derive(Debug)]
pub struct FileOutcome<W> {
    /// Running sessions.
    pub runs: Vec<Reviewed<W>>,
    /// Sessions that are not runs: (display, sport).
    pub skipped: Vec<(String, String)>,
    /// Runs not coached (too short, likely rides).
    pub not_coached: Vec<NotCoachedRun>,
    /// Planned routes.
    pub routes: Vec<Route>,
    /// The dated ones among them, counted as cross-training.
    pub cross: Vec<trends::CrossTraining>,
    /// The low-impact sport (cycling, swimming) and time, s, of each of `cross` that has
    /// one: what the plan swaps a run for.
    pub cross_sports: Vec<(Sport, f64)>,
    /// Why the file could not be read.
    pub error: Option<String>,
    /// Why a valid file holds no activity (a watch's monitoring or settings file, a GPX
    /// of waypoints only): skipped like a non-run, not a failure.
    pub not_activity: Option<String>,
}

impl<W> Default for FileOutcome<W> {
    fn default() -> Self {
        Self {
            runs: Vec::new(),
            skipped: Vec::new(),
            not_coached: Vec::new(),
            routes: Vec::new(),
            cross: Vec::new(),
            cross_sports: Vec::new(),
            error: None,
            not_activity: None,
        }
    }
}

/// A run found twice (e.g. the FIT and the GPX of one activity).
#[derive(Clone, Debug)]
pub struct Duplicate {
    /// The copy left out.
    pub path: String,
    /// The copy kept.
    pub duplicate_of: String,
}

/// Everything the outputs are written from.
pub struct Outcome<W> {
    /// Runs kept, sorted by start time then path.
    pub runs: Vec<Reviewed<W>>,
    /// Files that failed: (display, message).
    pub errors: Vec<(String, String)>,
    /// Non-runs skipped: (display, sport or Strava type).
    pub skipped: Vec<(String, String)>,
    /// Recordings not coached (too short, likely rides), sorted by path: kept out of
    /// runs, trends and the baseline.
    pub not_coached: Vec<NotCoachedRun>,
    /// Planned routes, sorted by path: never runs, never weekly volume.
    pub routes: Vec<Route>,
    /// What to work on first across the folder (see [`crate::coach::focus`]).
    pub focus: Vec<crate::coach::focus::FolderFocus>,
    /// Files that hold no activity: (display, why).
    pub not_activities: Vec<(String, String)>,
    /// Duplicates left out.
    pub duplicates: Vec<Duplicate>,
    /// The personal baseline, when the folder holds enough running.
    pub baseline: Option<baseline::PersonalBaseline>,
    /// Trends across runs.
    pub trends: trends::Trends,
    /// Pain-log findings.
    pub pain: Vec<crate::coach::folder::PainFinding>,
    /// What kind of run the logged pain follows; `None` without `--pain-log`.
    pub pain_pattern: Option<crate::coach::folder::PainPatternFinding>,
    /// The runner's own low-impact cross-training sport: of cycling and swimming, the one
    /// with more time in the folder (`None` with neither).
    pub cross_sport: Option<Sport>,
    /// The pain log as read (empty without `--pain-log`).
    pub pain_log: Vec<pain::PainEntry>,
    /// The pain log by day (highest pain of the date), empty without `--pain-log`.
    pub pain_days: std::collections::BTreeMap<chrono::NaiveDate, u8>,
    /// Weekly-volume findings.
    pub volume: Vec<crate::coach::folder::VolumeFinding>,
    /// Number of files discovered.
    pub files: usize,
    /// How many of `errors` are paths that could not be opened as inputs at all (missing,
    /// unreadable folders, broken archives, silent FIFOs): not among the `files`, so
    /// "N of M files could not be read" counts the others.
    pub unopened: usize,
}

impl<W> Outcome<W> {
    /// Files that were found but could not be read (never more than [`Outcome::files`]).
    #[must_use]
    pub fn failed_files(&self) -> usize {
        self.errors.len().saturating_sub(self.unopened)
    }

    /// The cadence retraining plan of `n_weeks` weeks from this review (`stridewise
    /// plan`): its runs, baseline, weeks, pain log and what the pain follows, handed to
    /// [`crate::plan::make`].
    ///
    /// # Errors
    /// Nothing to plan from ([`crate::plan::PlanError`]).
    pub fn plan(&self, n_weeks: usize) -> Result<crate::plan::Plan, crate::plan::PlanError> {
        let rows: Vec<_> = self.runs.iter().map(|r| r.row.clone()).collect();
        crate::plan::make(&crate::plan::Inputs {
            rows: &rows,
            baseline: self.baseline.as_ref(),
            weeks: &self.trends.weeks,
            pain: &self.pain_log,
            n_weeks,
            pattern: self.pain_pattern.as_ref(),
            cross_sport: self.cross_sport.map(|s| s.as_str()),
            easy_speed_mps: self.trends.easy_speed_mps,
        })
    }
}

/// The personal baseline quoted at easy pace, where most running happens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BaselineQuote {
    /// Runs it was fitted on.
    pub runs: usize,
    /// The speed it is quoted at: the folder's easy pace, within the fitted range, m/s.
    pub speed_mps: f64,
    /// Baseline cadence there, steps/min.
    pub cadence_spm: f64,
    /// Spread of the fit, steps/min.
    pub sd_spm: f64,
    /// +5% (Heiderscheit 2011: knee load lowered).
    pub plus5_spm: f64,
    /// +10% (the hip unloaded).
    pub plus10_spm: f64,
}

impl<W> Outcome<W> {
    /// The baseline at easy pace, when there is a baseline.
    #[must_use]
    pub fn baseline_quote(&self) -> Option<BaselineQuote> {
        let b = self.baseline.as_ref()?;
        let (lo, hi) = b.speed_range_mps;
        let speed_mps = self
            .trends
            .easy_speed_mps
            .unwrap_or((lo + hi) / 2.0)
            .clamp(lo, hi);
        let (plus5_spm, plus10_spm) = baseline::suggestion(&b.baseline, speed_mps);
        Some(BaselineQuote {
            runs: b.runs,
            speed_mps,
            cadence_spm: b.baseline.cadence_at_speed.at(speed_mps),
            sd_spm: b.cadence_sd_spm,
            plus5_spm,
            plus10_spm,
        })
    }
}

/// Which sessions are reviewed, for a file named alone and in a folder alike: runs;
/// sessions of unknown sport on foot; planned routes (no times) of a foot sport. Every
/// other session is skipped as "not a run".
#[must_use]
pub fn is_reviewable(a: &Activity) -> bool {
    a.sport == Sport::Running
        || (a.is_foot_sport() && a.is_route())
        || (a.sport == Sport::Unknown && a.is_foot_sport())
}

/// The first steps of every review, one file or a folder: read the candidate's bytes
/// (from disk, a `.gz` or an archive member), decode them into one activity per session,
/// and apply Strava's name and type from `activities.csv`.
///
/// # Errors
/// Why the file is not a readable activity ([`IngestError::NotAnActivity`] for a valid
/// file that holds none).
pub fn read(c: &Candidate) -> Result<Vec<Activity>, IngestError> {
    read_hashed(c).map(|(acts, _)| acts)
}

/// [`read`], with a hash of the bytes read (XXH3-64, seed 0: the same bytes give the same
/// hash, which is all de-duplication needs; several times faster than std's SipHash over
/// a whole file). An Apple Health
/// export on disk or inside a zip is streamed (whatever its size, routes joined), never
/// held whole: its hash is its path's (or its member's), and its runs are de-duplicated
/// by their start times.
fn read_hashed(c: &Candidate) -> Result<(Vec<Activity>, u64), IngestError> {
    use std::hash::{Hash, Hasher};
    let mut h = twox_hash::XxHash3_64::default();
    let mut acts = match &c.origin {
        discover::Origin::File(p) if crate::ingest::is_apple_health_file(p) => {
            p.hash(&mut h);
            crate::ingest::read_path(p)?
        }
        _ => match apple_export::read(c) {
            // An Apple Health export inside a zip: streamed, with its routes.
            Some(read) => {
                c.origin.hash(&mut h);
                read?
            }
            // The file's bytes in the worker's kept buffer (see `ingest::scratch`).
            None => crate::ingest::scratch::with_reused(&FILE_BYTES, |bytes| {
                discover::read_into(c, bytes)?;
                bytes.hash(&mut h);
                crate::ingest::read_bytes(bytes)
            })?,
        },
    };
    let content = h.finish();
    for a in &mut acts {
        c.apply_strava(a);
    }
    Ok((acts, content))
}

thread_local! {
    /// Each worker's buffer for the bytes of the file it reads.
    static FILE_BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A non-run as cross-training: its start and moving time (elapsed when there is none);
/// `None` without a start time or a duration (a planned route, a one-point file).
fn cross_training(a: &Activity) -> Option<trends::CrossTraining> {
    let start = a.start_time?;
    let t = crate::analysis::totals::totals(a);
    let duration_s = t
        .moving_s
        .filter(|m| *m > 0.0)
        .or(t.elapsed_s)
        .filter(|d| d.is_finite() && *d > 0.0)?;
    Some(trends::CrossTraining {
        start,
        duration_s,
        utc_offset_s: a.utc_offset.as_ref().map_or(0, |o| o.seconds),
    })
}

/// Review one candidate: read, ingest, review each running session.
#[must_use]
pub fn process<W>(
    c: &Candidate,
    index: usize,
    options: &ReviewOptions<'_>,
    wire: &WireFn<'_, W>,
) -> FileOutcome<W> {
    let mut out = FileOutcome::default();
    let (acts, content) = match read_hashed(c) {
        Ok(read) => read,
        Err(IngestError::NotAnActivity(why)) => {
            out.not_activity = Some(why);
            return out;
        }
        Err(e) => {
            out.error = Some(e.to_string());
            return out;
        }
    };
    for mut a in acts {
        let label = match a.session {
            Some(s) => format!("{} (session {s})", c.display),
            None => c.display.clone(),
        };
        if !is_reviewable(&a) {
            out.skipped.push((label, a.sport.to_string()));
            if let Some(c) = cross_training(&a) {
                if matches!(a.sport, Sport::Cycling | Sport::Swimming) {
                    out.cross_sports.push((a.sport, c.duration_s));
                }
                out.cross.push(c);
            }
            continue;
        }
        // The activity is this loop's: reviewed in place, as it was afterwards.
        let r = review_with_mut(&mut a, options);
        match r.not_coached {
            None => out
                .runs
                .push(reviewed(index, &c.display, &a, &r, wire, content)),
            Some(NotCoached::Route) => out.routes.push(Route {
                path: label,
                name: a.name.clone(),
                distance_m: r.totals.distance_m,
                gain_m: r.elevation.as_ref().map(|e| e.gain_m),
                loss_m: r.elevation.as_ref().map(|e| e.loss_m),
            }),
            Some(n) => {
                // A walk or a ride found by its motion is cross-training, as one the file
                // names is; never running volume.
                if matches!(n, NotCoached::Walk { .. } | NotCoached::NotARun(_)) {
                    if let Some(c) = cross_training(&a) {
                        out.cross.push(c);
                    }
                }
                out.not_coached.push(NotCoachedRun {
                    path: label,
                    sport: a.sport.to_string(),
                    why: n,
                });
            }
        }
        // Its samples' memory serves the worker's next file (`ingest::scratch`).
        crate::ingest::scratch::recycle(a.samples);
    }
    out
}

fn reviewed<W>(
    candidate: usize,
    display: &str,
    a: &Activity,
    r: &Review,
    wire: &WireFn<'_, W>,
    content: u64,
) -> Reviewed<W> {
    let row = r.row(display, a);
    Reviewed {
        candidate,
        wire: wire(display, a, r, &row),
        row,
        findings: r.findings.clone(),
        format: a.format,
        flagged: r.findings.iter().any(|f| f.severity() == Severity::Warning),
        vs_baseline: None,
        content,
    }
}

/// Review every file of the configured paths.
///
/// # Errors
/// An unreadable or invalid pain log, or a worker pool that cannot start.
pub fn review_all<W: Send>(
    cfg: &ReviewConfig,
    wire: &WireFn<'_, W>,
) -> anyhow::Result<(Vec<Candidate>, Outcome<W>)> {
    // The pain log first: a bad one stops the review before any work is done.
    let pain_entries = match &cfg.pain_log {
        Some(path) => {
            let text = crate::ingest::read_text_capped(path, crate::ingest::MAX_TEXT_BYTES)
                .map_err(|e| anyhow::anyhow!("cannot read pain log {}: {e}", path.display()))?;
            Some(
                pain::parse(&text)
                    .map_err(|e| anyhow::anyhow!("invalid pain log {}: {e}", path.display()))?,
            )
        }
        None => None,
    };
    let found = discover::discover(&cfg.paths);
    let candidates = found.candidates;
    let bar = progress::bar(cfg.progress, candidates.len() as u64, "reviewing");
    let pool = pool(cfg.jobs)?;
    let outcomes: Vec<FileOutcome<W>> = pool.install(|| {
        candidates
            .par_iter()
            .enumerate()
            .map(|(i, c)| {
                if crate::cancel::requested() {
                    return FileOutcome::default();
                }
                let o = process(c, i, &cfg.review_options(), wire);
                bar.inc(1);
                o
            })
            .collect()
    });
    bar.finish_and_clear();
    crate::cancel::check()?;
    let mut errors = found.errors;
    let unopened = errors.len();
    let mut skipped = found.skipped_by_type;
    let mut not_activities = Vec::new();
    let mut runs = Vec::new();
    let mut not_coached = Vec::new();
    let mut routes = Vec::new();
    let mut cross = Vec::new();
    let mut cross_time: Vec<(Sport, f64)> = Vec::new();
    for (c, o) in candidates.iter().zip(outcomes) {
        cross.extend(o.cross);
        for (sport, s) in o.cross_sports {
            match cross_time.iter_mut().find(|(x, _)| *x == sport) {
                Some((_, t)) => *t += s,
                None => cross_time.push((sport, s)),
            }
        }
        if let Some(e) = o.error {
            errors.push((c.display.clone(), e));
        }
        if let Some(why) = o.not_activity {
            not_activities.push((c.display.clone(), why));
        }
        skipped.extend(o.skipped);
        not_coached.extend(o.not_coached);
        routes.extend(o.routes);
        runs.extend(o.runs);
    }
    errors.sort();
    skipped.sort();
    not_coached
        .sort_by(|a, b| (&a.path, &a.sport, a.why.code()).cmp(&(&b.path, &b.sport, b.why.code())));
    let (runs, duplicates) = dedupe(runs);
    let rows: Vec<&RunRow> = runs.iter().map(|r| &r.row).collect();
    let baseline = baseline::fit(&rows.iter().map(|r| (*r).clone()).collect::<Vec<_>>());
    let all_rows: Vec<RunRow> = runs.iter().map(|r| r.row.clone()).collect();
    let trends = trends::build_with(&all_rows, &cross);
    let mut pain_days = std::collections::BTreeMap::new();
    for e in pain_entries.iter().flatten() {
        let d = pain_days.entry(e.date).or_insert(e.pain);
        *d = (*d).max(e.pain);
    }
    let pain = pain_entries
        .as_ref()
        .map_or_else(Vec::new, |e| crate::coach::pain::check(e, &trends));
    let pain_pattern =
        crate::coach::pain_pattern::pattern(&all_rows, &pain_days, trends.easy_speed_mps);
    let volume = crate::coach::volume::volume_checks(
        &trends.weeks,
        &crate::coach::volume::VolumeParams::default(),
    );
    let files = candidates.len();
    // Most time first; a tie goes to the sport named first (cycling before swimming).
    cross_time.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
    let cross_sport = cross_time.first().map(|(s, _)| *s);
    let mut outcome = Outcome {
        runs,
        errors,
        skipped,
        not_coached,
        routes,
        focus: Vec::new(),
        not_activities,
        duplicates,
        baseline,
        trends,
        pain,
        pain_pattern,
        cross_sport,
        pain_log: pain_entries.unwrap_or_default(),
        pain_days,
        volume,
        files,
        unopened,
    };
    judge(&mut outcome, &cfg.rules);
    Ok((candidates, outcome))
}

/// The folder's judgement, once every run is reviewed: each run against the runner's
/// baseline (cadence below it joins `low_cadence`; longer steps are an overstride proxy;
/// each beyond its limit by more than the folder's run-to-run spread:
/// [`crate::coach::review::apply_baseline`]), then what to work on first across the folder
/// ([`crate::coach::focus::rank_folder`]). After it every finding is final.
fn judge<W>(o: &mut Outcome<W>, rules: &crate::coach::rules::Rules) {
    use crate::coach::review::{apply_baseline, comparison_noise, BaselineJudgement};
    if let Some(b) = o.baseline.as_ref().map(|b| b.baseline) {
        let cmps: Vec<_> = o
            .runs
            .iter()
            .map(|r| baseline::compare(&r.row, &b))
            .collect();
        let present: Vec<_> = cmps.iter().flatten().cloned().collect();
        let (cadence_noise_pct, step_length_noise_pct) = comparison_noise(&present);
        for (r, cmp) in o.runs.iter_mut().zip(cmps) {
            let Some(cmp) = cmp else { continue };
            let j = BaselineJudgement {
                cmp,
                cadence_noise_pct,
                step_length_noise_pct,
            };
            apply_baseline(&mut r.findings, &j, rules, r.row.cadence_spm);
            r.flagged = r.findings.iter().any(|f| f.severity() == Severity::Warning);
            r.vs_baseline = Some(j.cmp);
        }
    }
    let folder: Vec<_> = o
        .volume
        .iter()
        .map(|f| (f.code(), f.severity()))
        .chain(o.pain.iter().map(|f| (f.code(), f.severity())))
        .collect();
    let per_run = o
        .runs
        .iter()
        .map(|r| {
            r.findings
                .iter()
                .map(|f| (f.kind(), f.severity()))
                .collect()
        })
        .chain(folder.into_iter().map(|x| vec![x]));
    o.focus = crate::coach::focus::rank_folder(per_run);
}

/// A worker pool of `jobs` threads (`None`: one per core). Every parallel stage of a
/// folder review runs in one, so `--jobs 1` really is one thread.
///
/// # Errors
/// Threads that cannot be started.
pub fn pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        b = b.num_threads(n);
    }
    b.build()
        .map_err(|e| anyhow::anyhow!("cannot start worker threads: {e}"))
}

/// Seconds two recordings of one run may differ in start (our choice).
pub(crate) const DUPLICATE_START_S: i64 = 120;
/// Relative distance difference two recordings of one run may have (our choice).
pub(crate) const DUPLICATE_DISTANCE: f64 = 0.05;

/// Which copy of a run recorded twice is kept: the one with the most channels. FIT first;
/// the vendors' own logs (Suunto, Polar) carry the watch's samples and summary as FIT
/// does; TCX and GPX are exports of exports.
fn format_rank(f: Format) -> u8 {
    match f {
        Format::Fit => 0,
        Format::SuuntoJson | Format::SuuntoSml | Format::PolarJson => 1,
        Format::Tcx => 2,
        Format::SuuntoMoveslink | Format::PolarHrm | Format::AppleHealth => 3,
        Format::Gpx => 4,
    }
}

/// Sort by start time (then path) and drop the second copy of a run recorded twice:
/// starts within [`DUPLICATE_START_S`] and distances within [`DUPLICATE_DISTANCE`]. The
/// FIT copy is preferred (it has the most channels), then TCX, then GPX. Identical files
/// (the same bytes, so the same session of each) are one run whether dated or not: a
/// file without a date copied twelve times is one run, not twelve.
#[must_use]
pub(crate) fn dedupe<W>(mut runs: Vec<Reviewed<W>>) -> (Vec<Reviewed<W>>, Vec<Duplicate>) {
    runs.sort_by(|a, b| {
        a.row
            .start_time
            .cmp(&b.row.start_time)
            .then_with(|| format_rank(a.format).cmp(&format_rank(b.format)))
            .then_with(|| a.row.path.cmp(&b.row.path))
            .then_with(|| a.row.session.cmp(&b.row.session))
    });
    let mut kept: Vec<Reviewed<W>> = Vec::with_capacity(runs.len());
    let mut dups = Vec::new();
    let mut by_content: std::collections::HashMap<(u64, Option<usize>), String> =
        std::collections::HashMap::new();
    for r in runs {
        let key = (r.content, r.row.session);
        if let Some(first) = by_content.get(&key) {
            dups.push(Duplicate {
                path: r.row.path.clone(),
                duplicate_of: first.clone(),
            });
            continue;
        }
        let twin = kept.iter().rev().take(8).find(|k| same_run(&k.row, &r.row));
        match twin {
            Some(k) => dups.push(Duplicate {
                path: r.row.path.clone(),
                duplicate_of: k.row.path.clone(),
            }),
            None => {
                by_content.insert(key, r.row.path.clone());
                kept.push(r);
            }
        }
    }
    (kept, dups)
}

fn same_run(a: &RunRow, b: &RunRow) -> bool {
    let (Some(ta), Some(tb)) = (a.start_time, b.start_time) else {
        return false;
    };
    if (ta - tb).num_seconds().abs() > DUPLICATE_START_S || a.path == b.path {
        return false;
    }
    match (a.distance_m, b.distance_m) {
        (Some(da), Some(db)) if da.max(db) > 0.0 => {
            (da - db).abs() / da.max(db) <= DUPLICATE_DISTANCE
        }
        _ => false,
    }
}
