//! The command line as typed: clap derive, raw flags only. Validation and typed
//! configuration live in [`crate::config`].

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A cadence and form coach for recorded runs (FIT, GPX, TCX; gzip too).
///
/// `stridewise RUN.fit` coaches one run (the same as `stridewise analyze RUN.fit`);
/// `stridewise inspect` shows what was read from each file.
#[derive(Debug, Parser)]
#[command(name = "stridewise", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
#[command(
    after_help = "Exit codes: 0 every file read and a run reviewed, 1 a file failed or nothing to review (no run among the files), 2 usage or fatal error, 130 interrupted."
)]
pub struct Cli {
    /// What to do (default: analyze).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `stridewise PATH...` is `stridewise analyze PATH...`.
    #[command(flatten)]
    pub analyze: AnalyzeArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Coach each run: cadence, pace drift, elevation exposure, stride, warnings.
    Analyze(AnalyzeArgs),
    /// Show what was read from each file: format, device, channels, cadence unit, totals,
    /// and the device's own summary beside ours.
    Inspect(InspectArgs),
    /// Print a shell completion script on stdout (see the README, "Install").
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout: `stridewise man > stridewise.1`.
    Man,
    /// Make a cadence retraining plan from your runs: weekly targets, watch workouts (FIT)
    /// and metronome click tracks (WAV).
    Plan(PlanArgs),
}

/// Arguments of `plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Your recorded runs: files, folders or zip archives, as for a folder review.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Weeks to plan.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u16).range(1..=26))]
    pub weeks: u16,
    /// A CSV of `date,pain,note` (pain 0–10): recent sore days cut volume and add run/walk.
    #[arg(long, value_name = "FILE")]
    pub pain_log: Option<PathBuf>,
    /// Folder for plan.html, plan.json, workouts/ and audio/.
    #[arg(long, value_name = "DIR", default_value = "stridewise-plan")]
    pub out: PathBuf,
    #[command(flatten)]
    pub display: DisplayArgs,
}

/// Arguments of `analyze` (also the default command).
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Activity files (FIT, GPX, TCX, optionally .gz), folders or zip archives (a Strava
    /// or Garmin export). A GPX or TCX course without timestamps gets the elevation and
    /// hill analysis alone.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the versioned JSON document on stdout instead of the summary; no files are
    /// written unless --out is given.
    #[arg(long)]
    pub json: bool,
    /// Cadence target band in steps/min, like 170-180 (an en dash works too).
    #[arg(long, value_name = "LO-HI", value_parser = stridewise::coach::rules::parse_cadence_target)]
    pub cadence_target: Option<(f64, f64)>,
    /// Grade-adjusted pace model.
    #[arg(long, value_enum)]
    pub gap_model: Option<GapModelArg>,
    /// TOML file overriding any coaching threshold (see the README, "Rules").
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Folder for the report: one sub-folder per run with report.html and its charts (PNG, SVG)
    /// [default: stridewise-report, or none with --json].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write no files at all, even with --out: no charts, no pages, no folder report
    /// (only the summary or --json on stdout).
    #[arg(long)]
    pub no_charts: bool,
    /// Folder review: which runs get a page with charts [default: auto = the newest 300
    /// runs and every flagged run].
    #[arg(long, value_enum, value_name = "WHICH")]
    pub charts: Option<ChartsArg>,
    /// Folder review: worker threads [default: one per core].
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Folder review: a CSV of `date,pain,note` (pain 0–10) joined with the weekly volume.
    #[arg(long, value_name = "FILE")]
    pub pain_log: Option<PathBuf>,
    /// Treat recordings without a sport as runs whatever their speed (by default an
    /// unknown-sport track averaging faster than 3:20/km is taken for a ride and skipped).
    #[arg(long, value_enum, value_name = "SPORT")]
    pub sport: Option<SportArg>,
    /// Folder review: a plan.json from `stridewise plan`; the index shows each plan week's
    /// cadence at easy pace against its target.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Many athletes: each PATH is a cohort folder and each sub-folder or zip archive in it
    /// one athlete, reviewed on their own (baseline, trends, focus, pages) into --out/NAME/,
    /// with a roster across them (index.html, roster.csv, roster.json). An athlete's pain
    /// log is the pain.csv at the top of their folder.
    #[arg(long, conflicts_with_all = ["pain_log", "plan"])]
    pub athletes: bool,
    /// Folder review: also write runs.parquet, findings.parquet and speed_bins.parquet into
    /// the report folder (docs/PARQUET.md); one file is reviewed as a folder of one run.
    #[arg(long)]
    pub parquet: bool,
    /// With --parquet: also samples.parquet (every sample of every run, with its gait and
    /// grade; large).
    #[arg(long, requires = "parquet")]
    pub parquet_samples: bool,
    /// With --parquet: the athlete column of the Parquet files [default: the name of the
    /// first input, a folder's or a file's without its extension; with --athletes, each
    /// athlete's folder name].
    #[arg(
        long,
        value_name = "NAME",
        requires = "parquet",
        conflicts_with = "athletes"
    )]
    pub athlete: Option<String>,
    /// Folder review: list skipped non-runs, files without an activity and duplicates on
    /// stderr.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    #[command(flatten)]
    pub display: DisplayArgs,
}

/// `--sport` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SportArg {
    /// coach recordings without a sport as runs
    Running,
}

/// `--charts` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ChartsArg {
    /// every run
    All,
    /// runs with a warning
    Flagged,
    /// none
    None,
}

/// `--gap-model` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GapModelArg {
    /// Strava 2017, fitted to heart rate (default)
    Strava,
    /// Minetti 2002, energy cost of running on grades
    Minetti,
}

/// Arguments of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Activity files (FIT, GPX, TCX, optionally .gz), folders or zip archives to search.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the versioned JSON document instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub display: DisplayArgs,
}

/// Display options shared by every command.
#[derive(Debug, Args)]
pub struct DisplayArgs {
    /// Unit system for distances, paces and heights.
    #[arg(long, value_enum, default_value_t = UnitsArg::Metric)]
    pub units: UnitsArg,
}

/// `--units` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UnitsArg {
    /// km, m, pace per km
    Metric,
    /// miles, feet, pace per mile
    Imperial,
}
