//! Rendering a folder review: the index page, `runs.csv`, `summary.json`, the terminal
//! table, and the writer that puts them (and the per-run pages) into `--out`.

use crate::json::{Run, RunSummary, StoredRun};
use std::sync::atomic::{AtomicUsize, Ordering};
use stridewise_engine::coach::review::Review;
use stridewise_engine::model::Activity;
use stridewise_engine::units::UnitSystem;

pub use options::{BatchConfig, ChartsMode, AUTO_PAGES_NEWEST};

/// A folder review as the report layer keeps it: each run with its [`FolderRun`].
pub type Outcome = stridewise_engine::pipeline::Outcome<FolderRun>;
/// One run of it.
pub type Reviewed = stridewise_engine::pipeline::Reviewed<FolderRun>;

/// What the report keeps of one run of a folder review.
#[derive(Debug)]
pub struct FolderRun {
    /// Its JSON wire form as `analyze --json` gives it (a `summary.json` `runs[]` item
    /// without its `summary`), kept as compact bytes: a folder of thousands of runs keeps
    /// them all until the end, and the bytes take a fraction of the object's memory.
    pub json: StoredRun,
    /// The folder's figures of the run (`runs[].summary`): the row's figures, and the
    /// findings once [`write::finalise_wires`] puts the final ones in.
    pub summary: RunSummary,
    /// The activity and review its page is drawn from, kept from the review pass for a
    /// run that will likely get a page (see [`PageKeeper`]); `None` for the others, whose
    /// page (if the baseline makes them flagged after all) reads the file again.
    pub page: Option<Box<PageInput>>,
}

/// What a run's page is drawn from: the activity (the charts' samples) and its review.
#[derive(Debug)]
pub struct PageInput {
    /// The activity as read.
    pub activity: Activity,
    /// Its review; its findings become the folder's (baseline included) before drawing.
    pub review: Review,
}

/// Most samples, over all runs, whose activity and review a folder review keeps in memory
/// for their pages (our choice: 100,000 samples, 28 hours at one per second, about
/// 30 MB; README, "Benchmarks"). Past it, a page reads its file again, so memory stays
/// bounded however many pages `--charts all` asks for and however long the runs are.
pub const MAX_KEPT_SAMPLES: usize = 100_000;

/// Decides, while each run is in memory, whether to keep what its page needs: every run
/// under `--charts all` and `auto` (which of them are the newest is known only once all
/// are read), flagged runs under `flagged` (a run the folder's baseline flags later reads
/// its file again), none under `none`; at most
/// [`MAX_KEPT_SAMPLES`] samples in all. Which runs are kept may depend on thread timing;
/// the pages do not: a kept run's page and a re-read one are the same bytes.
#[derive(Debug)]
pub struct PageKeeper {
    mode: ChartsMode,
    samples: AtomicUsize,
}

impl PageKeeper {
    /// A keeper for a review writing pages by `mode` (`None`: no report folder).
    #[must_use]
    pub fn new(mode: Option<ChartsMode>) -> Self {
        Self {
            mode: mode.unwrap_or(ChartsMode::None),
            samples: AtomicUsize::new(0),
        }
    }

    fn keep(&self, a: &Activity, r: &Review) -> bool {
        let wanted = match self.mode {
            ChartsMode::All | ChartsMode::Auto => true,
            ChartsMode::Flagged => r
                .findings
                .iter()
                .any(|f| f.severity() == stridewise_engine::coach::warning::Severity::Warning),
            ChartsMode::None => false,
        };
        if !wanted {
            return false;
        }
        let n = a.samples.len();
        let before = self.samples.fetch_add(n, Ordering::Relaxed);
        if before.saturating_add(n) <= MAX_KEPT_SAMPLES {
            true
        } else {
            self.samples.fetch_sub(n, Ordering::Relaxed);
            false
        }
    }
}

/// What the folder keeps of each run (see [`stridewise_engine::pipeline::WireFn`]): its wire form —
/// the very object `analyze --json` gives for the run alone ([`Run::reviewed_in`], the
/// same function), plus the folder's `summary` (the row's figures; the findings once
/// [`write::finalise_wires`] puts the final ones in), lengths in the display unit — and,
/// when `pages` keeps it, what its page is drawn from.
#[must_use]
pub fn wire(
    display: &str,
    a: &Activity,
    r: &Review,
    row: &stridewise_engine::history::row::RunRow,
    units: UnitSystem,
    pages: &PageKeeper,
) -> FolderRun {
    let json = StoredRun::new(&Run::reviewed_in(display, a, r, units));
    // Its findings and baseline comparison are the folder's, final only once every run is
    // reviewed: [`write::finalise_wires`] puts them in.
    let summary = RunSummary::from_row(row, &r.findings);
    let page = pages.keep(a, r).then(|| {
        Box::new(PageInput {
            activity: a.clone(),
            review: r.clone(),
        })
    });
    FolderRun {
        json,
        summary,
        page,
    }
}

/// A finding about the folder as a whole (weekly volume, pain log): the same wire form
/// as a run's warnings.
pub(crate) type FolderFinding = crate::json::Warning;

/// Volume findings first, then pain-log ones, each in date order, then what the pain
/// follows (one finding with a pain log) as produced; lengths in
/// the display unit, as the runs' findings.
#[must_use]
pub(crate) fn folder_findings(
    o: &Outcome,
    units: stridewise_engine::units::UnitSystem,
) -> Vec<FolderFinding> {
    use crate::json::Warning;
    let volume = o.volume.iter().map(|f| Warning::from_advice_in(f, units));
    let pain = o.pain.iter().map(|f| Warning::from_advice_in(f, units));
    let pattern = o
        .pain_pattern
        .iter()
        .map(|f| Warning::from_advice_in(f, units));
    volume.chain(pain).chain(pattern).collect()
}

/// The folder's findings as advice to render in the display unit: volume findings first,
/// then pain-log ones, in the order of [`folder_findings`].
#[must_use]
pub(crate) fn folder_advice(o: &Outcome) -> Vec<&dyn stridewise_engine::coach::warning::Advice> {
    let volume = o
        .volume
        .iter()
        .map(|f| f as &dyn stridewise_engine::coach::warning::Advice);
    let pain = o
        .pain
        .iter()
        .map(|f| f as &dyn stridewise_engine::coach::warning::Advice);
    let pattern = o
        .pain_pattern
        .iter()
        .map(|f| f as &dyn stridewise_engine::coach::warning::Advice);
    volume.chain(pain).chain(pattern).collect()
}

/// Per-run pages written, and the ones that failed: (path, message).
pub struct PagesWritten {
    /// Page link per run (relative to the index), `None` without a page.
    pub links: Vec<Option<String>>,
    /// Runs whose page could not be drawn.
    pub failed: Vec<(String, String)>,
    /// Per run, why it has no page (`None` with a page): not chosen by `--charts`, or its
    /// page could not be drawn.
    pub missing: Vec<Option<String>>,
}

pub mod index;
pub mod options;
pub mod output;
pub mod physio;
pub(crate) mod plan_section;
pub mod render;
pub mod text;
pub mod write;
