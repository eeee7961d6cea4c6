//! `--parquet`: a folder review as Parquet files for DuckDB, Polars and pyarrow, the
//! columns documented in docs/PARQUET.md.
//!
//! ```text
//! OUT/runs.parquet        one row per run: the runs.csv columns, typed, plus the athlete
//! OUT/findings.parquet    one row per finding (the runs' and the folder's), evidence a map
//! OUT/speed_bins.parquet  one row per run and speed bin with running time: the personal
//!                         baseline's inputs, so a cohort's baseline is a group-by
//! OUT/samples.parquet     with --parquet-samples only: every sample of every run, with its
//!                         gait, standing/paused state and grade
//! ```
//!
//! Figures are SI and unrounded (runs.csv rounds for the eye; a query should not inherit
//! that), except the findings' evidence, which is the JSON's (rounded to 2 decimals where
//! it is made, [`crate::json::Warning::from_advice_in`]). Every file carries its
//! [`SCHEMA_VERSION`] as key-value metadata; columns are only ever added, and renaming or
//! removing one bumps it. Each file is written atomically through the report folder's
//! handle; the samples are streamed, one row group per run, so memory holds one run.

pub mod table;

use crate::json::Warning;
use crate::outdir;
use crate::report_dir::ReportDir;
use anyhow::Context;
use stridewise_engine::analysis::cadence::{self, Gait};
use stridewise_engine::coach::code::Topic;
use stridewise_engine::coach::warning::Advice;
use stridewise_engine::history::row::{RunRow, SpeedBins, SPEED_BINS, SPEED_BIN_MPS};
use stridewise_engine::pipeline::{Outcome, ReviewConfig};
use stridewise_engine::source::discover::Candidate;
use table::{Table, Values};

/// Version of the Parquet files' schema (the `schema_version` key-value entry of each
/// file). Separate from the JSON's: the two change apart.
pub const SCHEMA_VERSION: u32 = 1;

/// `runs.parquet`.
pub(crate) const RUNS: &str = "runs.parquet";
/// `findings.parquet`.
pub(crate) const FINDINGS: &str = "findings.parquet";
/// `speed_bins.parquet`.
pub(crate) const SPEED_BINS_FILE: &str = "speed_bins.parquet";
/// `samples.parquet`.
pub const SAMPLES: &str = "samples.parquet";

/// What `--parquet` writes and how it labels the rows.
#[derive(Debug, Clone, Default)]
pub struct ParquetOptions {
    /// The `athlete` column of every row (`--athlete`; null when unknown).
    pub athlete: Option<String>,
    /// Also `samples.parquet` (`--parquet-samples`).
    pub samples: bool,
}

/// The athlete a set of inputs is taken for by default: the file name of the first path
/// (a folder's name, or an archive's without its extension), made absolute first so `.`
/// names the current folder.
#[must_use]
pub fn default_athlete(paths: &[std::path::PathBuf]) -> Option<String> {
    let p = paths.first()?;
    let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    let path = if abs.is_dir() {
        abs.file_name()
    } else {
        abs.file_stem()
    };
    path.map(|n| n.to_string_lossy().into_owned())
}

/// The key-value metadata of file `name`: `schema_version`, `table`, `generator`.
#[must_use]
pub(crate) fn file_meta(name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("schema_version", SCHEMA_VERSION.to_string()),
        ("table", name.trim_end_matches(".parquet").to_string()),
        (
            "generator",
            format!("stridewise {}", env!("CARGO_PKG_VERSION")),
        ),
    ]
}

fn millis(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_millis()
}

fn days(d: chrono::NaiveDate) -> Option<i32> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

fn index(i: usize) -> Option<i64> {
    i64::try_from(i).ok()
}

/// The topic's name in the files (the focus ranks findings by it).
#[must_use]
pub(crate) fn topic_name(t: Topic) -> &'static str {
    match t {
        Topic::Safety => "safety",
        Topic::Form => "form",
        Topic::Hills => "hills",
        Topic::Volume => "volume",
        Topic::Other => "other",
        Topic::Effort => "effort",
    }
}

/// `runs.parquet`'s table: one row per run, in `runs.csv`'s order.
#[must_use]
pub(crate) fn runs_table<W>(o: &Outcome<W>, athlete: Option<&str>) -> Table {
    let rows: Vec<&RunRow> = o.runs.iter().map(|r| &r.row).collect();
    let f = |g: &dyn Fn(&RunRow) -> Option<f64>| Values::F64(rows.iter().map(|r| g(r)).collect());
    let pace = |v: Option<f64>| v.filter(|v| *v > 0.0).map(|v| 1000.0 / v);
    let mut t = Table::default();
    t.push(
        "athlete",
        Values::Text(vec![athlete.map(str::to_string); rows.len()]),
    );
    t.push(
        "run_index",
        Values::I64((0..rows.len()).map(index).collect()),
    );
    t.push(
        "date",
        Values::Date(rows.iter().map(|r| r.local_date().and_then(days)).collect()),
    );
    t.push(
        "start_time",
        Values::TimestampMs(rows.iter().map(|r| r.start_time.map(millis)).collect()),
    );
    t.push(
        "utc_offset_s",
        Values::I32(
            rows.iter()
                .map(|r| r.utc_offset.as_ref().map(|o| o.seconds))
                .collect(),
        ),
    );
    t.push(
        "name",
        Values::Text(rows.iter().map(|r| r.name.clone()).collect()),
    );
    t.push(
        "path",
        Values::Text(rows.iter().map(|r| Some(r.path.clone())).collect()),
    );
    t.push(
        "session",
        Values::I64(rows.iter().map(|r| r.session.and_then(index)).collect()),
    );
    t.push(
        "session_kind",
        Values::Text(
            rows.iter()
                .map(|r| r.session_kind.map(|k| k.as_str().to_string()))
                .collect(),
        ),
    );
    t.push("distance_km", f(&|r| r.distance_m.map(|d| d / 1000.0)));
    t.push("moving_time_s", f(&|r| r.moving_s));
    t.push("pace_s_per_km", f(&|r| pace(r.avg_speed_mps)));
    t.push("gap_s_per_km", f(&|r| pace(r.avg_gap_speed_mps)));
    t.push("cadence_spm", f(&|r| r.cadence_spm));
    t.push("cadence_in_band_pct", f(&|r| r.cadence_in_band_pct));
    t.push("step_length_m", f(&|r| r.step_length_m));
    t.push("gain_m", f(&|r| r.gain_m));
    t.push("loss_m", f(&|r| r.loss_m));
    t.push("hill_share_pct", f(&|r| r.steep_share_pct));
    t.push("drift_pct", f(&|r| r.drift_pct));
    t.push("decoupling_pct", f(&|r| r.decoupling_pct));
    t.push("flat_balance_left_pct", f(&|r| r.flat_balance_left_pct));
    t.push(
        "walk_breaks",
        Values::I64(rows.iter().map(|r| index(r.walk_breaks)).collect()),
    );
    t.push(
        "warning_codes",
        Values::TextList(
            o.runs
                .iter()
                .map(|r| r.warning_codes().map(|c| c.as_str().to_string()).collect())
                .collect(),
        ),
    );
    t
}

/// One finding's row before it becomes columns.
struct FindingRow {
    run: Option<(usize, String)>,
    topic: Topic,
    w: Warning,
}

/// `findings.parquet`'s table: each run's findings (the folder's final ones, the
/// baseline's included) in run order, then the folder's own (volume, pain log, what the
/// pain follows), as `summary.json` lists them; evidence metric.
#[must_use]
pub(crate) fn findings_table<W>(o: &Outcome<W>, athlete: Option<&str>) -> Table {
    let mut rows: Vec<FindingRow> = Vec::new();
    for (i, r) in o.runs.iter().enumerate() {
        for f in &r.findings {
            rows.push(FindingRow {
                run: Some((i, r.row.path.clone())),
                topic: f.code().topic(),
                w: Warning::from_advice(f),
            });
        }
    }
    let folder = |f: &dyn Advice, w: Warning| FindingRow {
        run: None,
        topic: f.code().topic(),
        w,
    };
    for f in &o.volume {
        rows.push(folder(f, Warning::from_advice(f)));
    }
    for f in &o.pain {
        rows.push(folder(f, Warning::from_advice(f)));
    }
    if let Some(f) = &o.pain_pattern {
        rows.push(folder(f, Warning::from_advice(f)));
    }
    let mut t = Table::default();
    let text =
        |g: &dyn Fn(&FindingRow) -> Option<String>| Values::Text(rows.iter().map(g).collect());
    t.push(
        "athlete",
        Values::Text(vec![athlete.map(str::to_string); rows.len()]),
    );
    t.push(
        "run_index",
        Values::I64(
            rows.iter()
                .map(|r| r.run.as_ref().and_then(|x| index(x.0)))
                .collect(),
        ),
    );
    t.push("path", text(&|r| r.run.as_ref().map(|x| x.1.clone())));
    t.push(
        "scope",
        text(&|r| Some(if r.run.is_some() { "run" } else { "folder" }.to_string())),
    );
    t.push("code", text(&|r| Some(r.w.code.to_string())));
    t.push(
        "severity",
        text(&|r| Some(r.w.severity.as_str().to_string())),
    );
    t.push("topic", text(&|r| Some(topic_name(r.topic).to_string())));
    t.push(
        "basis",
        text(&|r| {
            r.w.evidence
                .get("basis")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        }),
    );
    t.push("message", text(&|r| Some(r.w.message.clone())));
    t.push(
        "evidence",
        Values::NumberMap(
            rows.iter()
                .map(|r| {
                    r.w.evidence
                        .iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
                        .filter(|(_, v)| v.is_finite())
                        .collect()
                })
                .collect(),
        ),
    );
    t
}

/// `speed_bins.parquet`'s table: every bin with running time of every run (flat running
/// only, [`SpeedBins::of`]), the sums the personal baseline is fitted to.
#[must_use]
pub(crate) fn speed_bins_table<W>(o: &Outcome<W>, athlete: Option<&str>) -> Table {
    let mut keys: Vec<(usize, &RunRow, usize)> = Vec::new();
    for (i, r) in o.runs.iter().enumerate() {
        for k in 0..SPEED_BINS {
            if r.row.bins.time_s[k] > 0.0 {
                keys.push((i, &r.row, k));
            }
        }
    }
    let f = |g: &dyn Fn(&SpeedBins, usize) -> f64| {
        Values::F64(keys.iter().map(|(_, r, k)| Some(g(&r.bins, *k))).collect())
    };
    let mut t = Table::default();
    t.push(
        "athlete",
        Values::Text(vec![athlete.map(str::to_string); keys.len()]),
    );
    t.push(
        "run_index",
        Values::I64(keys.iter().map(|x| index(x.0)).collect()),
    );
    t.push(
        "path",
        Values::Text(keys.iter().map(|x| Some(x.1.path.clone())).collect()),
    );
    t.push(
        "start_time",
        Values::TimestampMs(keys.iter().map(|x| x.1.start_time.map(millis)).collect()),
    );
    t.push(
        "bin",
        Values::I32(keys.iter().map(|x| i32::try_from(x.2).ok()).collect()),
    );
    t.push(
        "speed_low_mps",
        f(&|_, k| SpeedBins::centre(k) - SPEED_BIN_MPS / 2.0),
    );
    t.push(
        "speed_high_mps",
        f(&|_, k| SpeedBins::centre(k) + SPEED_BIN_MPS / 2.0),
    );
    t.push("time_s", f(&|b, k| b.time_s[k]));
    t.push("cadence_time", f(&|b, k| b.cadence_time[k]));
    t.push("distance_m", f(&|b, k| b.distance_m[k]));
    t.push("steps", f(&|b, k| b.steps[k]));
    t.push("cadence_spm", f(&|b, k| b.cadence_time[k] / b.time_s[k]));
    t
}

/// The gait's name in `samples.parquet`.
fn gait_name(g: Gait) -> &'static str {
    match g {
        Gait::Running => "running",
        Gait::Walking => "walking",
        Gait::Stopped => "stopped",
        Gait::Unknown => "unknown",
    }
}

/// One run's samples as a table (a row group of `samples.parquet`).
fn samples_table(
    athlete: Option<&str>,
    run_index: usize,
    row: &RunRow,
    a: &stridewise_engine::model::Activity,
    r: &stridewise_engine::coach::review::Review,
) -> Table {
    let n = a.samples.len();
    let s = &a.samples;
    let gaits: &[Gait] = r.cadence.as_ref().map_or(&[], |c| c.gaits.as_slice());
    let speeds = cadence::sample_speeds(a);
    let within = |t: Option<f64>, spans: &[stridewise_engine::model::Pause]| {
        t.map(|t| spans.iter().any(|p| t >= p.start_s && t < p.end_s))
    };
    let f = |g: &dyn Fn(&stridewise_engine::model::Sample) -> Option<f64>| {
        Values::F64(s.iter().map(g).collect())
    };
    let mut t = Table::default();
    t.push(
        "athlete",
        Values::Text(vec![athlete.map(str::to_string); n]),
    );
    t.push("run_index", Values::I64(vec![index(run_index); n]));
    t.push("path", Values::Text(vec![Some(row.path.clone()); n]));
    t.push(
        "time",
        Values::TimestampMs(
            s.iter()
                .map(|x| {
                    let (start, t) = (a.start_time?, x.t_s?);
                    // Seconds since the start of a recording (finite, checked by the model's
                    // invariants) in milliseconds: far inside i64, and `as` saturates anyway.
                    #[allow(clippy::cast_possible_truncation)]
                    let ms = (t * 1000.0).round() as i64;
                    Some(millis(start) + ms)
                })
                .collect(),
        ),
    );
    t.push("t_s", f(&|x| x.t_s));
    t.push("distance_m", f(&|x| x.distance_m));
    t.push("speed_mps", Values::F64(speeds));
    t.push("altitude_m", f(&|x| x.altitude_m));
    t.push(
        "grade",
        Values::F64((0..n).map(|i| r.grades.get(i).copied().flatten()).collect()),
    );
    t.push("heart_rate_bpm", f(&|x| x.heart_rate_bpm));
    t.push("cadence_spm", f(&|x| x.cadence.map(|c| c.0)));
    t.push(
        "gait",
        Values::Text(
            (0..n)
                .map(|i| gaits.get(i).map(|g| gait_name(*g).to_string()))
                .collect(),
        ),
    );
    t.push(
        "standing",
        Values::Bool(
            s.iter()
                .map(|x| within(x.t_s, &r.motion.standing))
                .collect(),
        ),
    );
    t.push(
        "paused",
        Values::Bool(s.iter().map(|x| within(x.t_s, &a.pauses)).collect()),
    );
    t
}

/// The samples' columns, empty: the file's schema (each run's table is checked against it).
fn samples_schema() -> Table {
    let mut t = Table::default();
    t.push("athlete", Values::Text(vec![]));
    t.push("run_index", Values::I64(vec![]));
    t.push("path", Values::Text(vec![]));
    t.push("time", Values::TimestampMs(vec![]));
    for name in ["t_s", "distance_m", "speed_mps", "altitude_m", "grade"] {
        t.push(name, Values::F64(vec![]));
    }
    t.push("heart_rate_bpm", Values::F64(vec![]));
    t.push("cadence_spm", Values::F64(vec![]));
    t.push("gait", Values::Text(vec![]));
    t.push("standing", Values::Bool(vec![]));
    t.push("paused", Values::Bool(vec![]));
    t
}

/// Stream `samples.parquet` into `out`: each run's file read and reviewed again (as its
/// page is, [`stridewise_engine::pipeline::read`]: the same read and review give the same samples),
/// one row group per run, so memory holds one file's runs at a time.
///
/// # Errors
/// The writer's errors; a file that can no longer be read is one.
pub(crate) fn write_samples<W, O: std::io::Write + Send>(
    out: O,
    o: &Outcome<W>,
    candidates: &[Candidate],
    cfg: &ReviewConfig,
    athlete: Option<&str>,
) -> anyhow::Result<O> {
    let mut w = table::FileWriter::new(out, &samples_schema(), &file_meta(SAMPLES))?;
    let mut read: Option<(usize, Vec<stridewise_engine::model::Activity>)> = None;
    for (i, r) in o.runs.iter().enumerate() {
        stridewise_engine::cancel::check()?;
        if read.as_ref().is_none_or(|(c, _)| *c != r.candidate) {
            let c = candidates
                .get(r.candidate)
                .context("a run without its file")?;
            let acts = stridewise_engine::pipeline::read(c).with_context(|| {
                format!("{}: cannot read it again for samples.parquet", c.display)
            })?;
            read = Some((r.candidate, acts));
        }
        let acts = read.as_ref().map_or(&[][..], |(_, a)| a.as_slice());
        let a = acts
            .iter()
            .find(|a| a.session == r.row.session)
            .with_context(|| format!("{}: the session is gone from the file", r.row.path))?;
        let rev = stridewise_engine::coach::review::review_with(a, &cfg.review_options());
        w.write(&samples_table(athlete, i, &r.row, a, &rev))?;
    }
    Ok(w.finish()?)
}

/// The files `opts` asks for, in the order they are written.
#[must_use]
pub fn names(opts: &ParquetOptions) -> Vec<&'static str> {
    let mut names = vec![RUNS, FINDINGS, SPEED_BINS_FILE];
    if opts.samples {
        names.push(SAMPLES);
    }
    names
}

/// Write the Parquet files of a folder review into the report folder (after the rest of
/// the report): claimed in its manifest first, then each written atomically.
///
/// # Errors
/// A file stridewise did not write in the way, or the writer's and I/O errors.
pub fn write<W>(
    dir: &mut ReportDir,
    o: &Outcome<W>,
    candidates: &[Candidate],
    cfg: &ReviewConfig,
    opts: &ParquetOptions,
) -> anyhow::Result<()> {
    let athlete = opts.athlete.as_deref();
    dir.claim(names(opts))?;
    let shown = dir.path().display().to_string();
    let put = |name: &str, t: Table| -> anyhow::Result<()> {
        let bytes = table::to_bytes(&t, &file_meta(name))
            .with_context(|| format!("cannot encode {name}"))?;
        outdir::write_atomic(dir.handle(), name, &bytes)
            .with_context(|| format!("cannot write {name} into {shown}"))
    };
    put(RUNS, runs_table(o, athlete))?;
    put(FINDINGS, findings_table(o, athlete))?;
    put(SPEED_BINS_FILE, speed_bins_table(o, athlete))?;
    if opts.samples {
        let mut failed = None;
        outdir::write_atomic_with(dir.handle(), SAMPLES, |f| {
            write_samples(&mut *f, o, candidates, cfg, athlete)
                .map(|_| ())
                .map_err(|e| {
                    let msg = format!("{e:#}");
                    failed = Some(e);
                    std::io::Error::other(msg)
                })
        })
        .map_err(|e| failed.take().unwrap_or_else(|| e.into()))
        .with_context(|| format!("cannot write {SAMPLES} into {shown}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_and_code_has_a_name() {
        use stridewise_engine::coach::code::FindingCode;
        let names: std::collections::BTreeSet<&str> = FindingCode::ALL
            .iter()
            .map(|c| topic_name(c.topic()))
            .collect();
        assert!(names.iter().all(|n| !n.is_empty()));
    }
}
