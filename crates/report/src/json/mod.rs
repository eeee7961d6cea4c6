//! The JSON contract: its own versioned wire types, separate from the internal model.
//! Documented field by field in the README ("JSON output"). Later versions add fields;
//! they never rename or remove one.

pub mod analysis;
pub mod folder;

use serde::Serialize;
use std::collections::BTreeMap;
use stridewise_engine::analysis::totals::{Averages, Totals};
use stridewise_engine::coach::code::FindingCode;
use stridewise_engine::coach::review::Review;
use stridewise_engine::coach::warning::{self, Advice};
use stridewise_engine::model::{Activity, DeviceSummary};
use stridewise_engine::units::round;
use stridewise_engine::units::UnitSystem;

/// Version of the JSON document layout.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Document {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program that wrote it.
    pub generator: String,
    /// One entry per session read (inspect) or per running session (analyze), each a
    /// [`Run`] kept as compact bytes.
    pub runs: Vec<StoredRun>,
    /// One entry per file that could not be read.
    pub errors: Vec<FileError>,
}

/// `--json` of files named one by one: the document with each run reviewed and each file
/// that could not be read.
pub struct Runs;

impl crate::render::Renderer<crate::render::Analyzed<'_>> for Runs {
    fn render(
        &self,
        a: &crate::render::Analyzed<'_>,
        mut out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut doc = Document::new();
        doc.runs = a
            .runs
            .iter()
            .map(|r| StoredRun::new(&Run::reviewed_in(&r.path, &r.activity, &r.review, a.units)))
            .collect();
        doc.errors = FileError::list(a.errors);
        write(&doc, &mut out)
    }
}

impl Document {
    /// An empty document of the current version.
    #[must_use]
    pub fn new() -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            generator: format!("stridewise {}", env!("CARGO_PKG_VERSION")),
            runs: Vec::new(),
            errors: Vec::new(),
        }
    }
}

impl Default for Document {
    fn default() -> Self {
        Self::new()
    }
}

/// A file that failed.
#[derive(Debug, Serialize)]
pub struct FileError {
    /// Path as given.
    pub path: String,
    /// One-line cause.
    pub error: String,
}

impl FileError {
    /// The engine's `(path, one-line cause)` pairs as the document lists them.
    #[must_use]
    pub fn list(errors: &[(String, String)]) -> Vec<Self> {
        errors
            .iter()
            .map(|(path, error)| Self {
                path: path.clone(),
                error: error.clone(),
            })
            .collect()
    }
}

/// Where a run came from.
#[derive(Debug, Serialize)]
pub struct Source {
    /// Path as given on the command line (or below a given folder).
    pub path: String,
    /// `fit`, `gpx` or `tcx`, detected from content.
    pub format: String,
    /// `none` or `gzip`.
    pub compression: String,
    /// Index of the session among the file's sessions (multisport FIT), else null.
    pub session: Option<usize>,
}

/// One session of one file.
#[derive(Debug, Serialize)]
pub struct Run {
    /// Where it came from.
    pub source: Source,
    /// Recording device or program.
    pub device: Device,
    /// Activity name from the file, if any.
    pub name: Option<String>,
    /// Sport family: running, walking, hiking, cycling, swimming, transition, other, unknown.
    pub sport: String,
    /// The file's sub-sport word (e.g. treadmill, trail), if any.
    pub sub_sport: Option<String>,
    /// Start time, RFC 3339 in UTC; null for a route without times.
    pub start_time: Option<String>,
    /// The run's local time at the start minus UTC, seconds (Denver in summer: -21600);
    /// null when unknown (dates then follow UTC).
    pub utc_offset_s: Option<i32>,
    /// Where that offset comes from: `recording` (FIT `local_timestamp`, a GPX/TCX time
    /// with an offset) or `start_position` (the time zone at the first position); null
    /// when unknown.
    pub utc_offset_source: Option<&'static str>,
    /// The IANA time zone of the start position (`America/Denver`), when the offset
    /// comes from it.
    pub time_zone: Option<String>,
    /// Distance in metres.
    pub distance_m: Option<f64>,
    /// First to last sample, seconds.
    pub elapsed_s: Option<f64>,
    /// Elapsed minus pauses, seconds.
    pub moving_s: Option<f64>,
    /// Number of samples.
    pub samples: usize,
    /// Share of samples (0–1) carrying each channel.
    pub channels: Channels,
    /// Pauses found.
    pub pauses: Pauses,
    /// Cadence figures.
    pub cadence: Cadence,
    /// Power (FIT `power`, or a foot pod's developer field "Power"); absent without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub power: Option<Power>,
    /// Elevation figures.
    pub elevation: Elevation,
    /// Whole-run heart rate, averaged over timer time as devices do.
    pub heart_rate: HeartRate,
    /// Whole-run running dynamics (ground contact, vertical oscillation, vertical ratio),
    /// averaged over timer time as devices do; null fields when the file has none.
    pub dynamics: Dynamics,
    /// The device's own session summary, null when the file has none.
    pub device_summary: Option<Summary>,
    /// What the reader dropped, repaired or guessed.
    pub notes: Vec<String>,
    /// The coaching blocks (`analyze` only; absent from `inspect`).
    #[serde(flatten)]
    pub coaching: Option<Coaching>,
}

/// A run's wire form kept as compact JSON bytes ([`Run`] serialised once, in the worker
/// that reviewed it) and written out again through the document's own serializer
/// (`serde_transcode`), so `summary.json` has the same bytes as from the object, whatever
/// its formatting. Parsing gives back each number exactly (`float_roundtrip`).
#[derive(Debug)]
pub struct StoredRun(Box<[u8]>);

impl StoredRun {
    /// Store a run.
    ///
    /// # Panics
    /// Never: a `Run` is plain data (strings, numbers, maps with string keys), which
    /// `serde_json` always serialises.
    #[must_use]
    pub fn new(run: &Run) -> Self {
        Self(
            serde_json::to_vec(run)
                .expect("a Run is plain data")
                .into_boxed_slice(),
        )
    }
}

impl Serialize for StoredRun {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut de = serde_json::Deserializer::from_slice(&self.0);
        serde_transcode::transcode(&mut de, s)
    }
}

/// One entry of `summary.json`'s `runs`: the run as `analyze --json` gives it, then its
/// folder figures under `summary`.
#[derive(Serialize)]
pub struct RunEntry<'a> {
    /// The run.
    #[serde(flatten)]
    pub run: &'a StoredRun,
    /// The run's figures in a folder review.
    pub summary: &'a RunSummary,
}

/// A run's figures in a folder review: the columns of `runs.csv`.
#[derive(Clone, Debug, Serialize)]
pub struct RunSummary {
    /// Average pace over moving time, s/km.
    pub pace_s_per_km: Option<f64>,
    /// Average grade-adjusted pace, s/km.
    pub gap_s_per_km: Option<f64>,
    /// Running-only mean cadence, steps/min.
    pub cadence_spm: Option<f64>,
    /// Share of running time in the target band, percent.
    pub cadence_in_band_pct: Option<f64>,
    /// Mean step length while running, m.
    pub step_length_m: Option<f64>,
    /// Elevation gain, m.
    pub gain_m: Option<f64>,
    /// Elevation loss, m.
    pub loss_m: Option<f64>,
    /// Share of distance steeper than the steep grade, percent.
    pub hill_share_pct: Option<f64>,
    /// GAP drift, percent.
    pub drift_pct: Option<f64>,
    /// Aerobic decoupling, percent.
    pub decoupling_pct: Option<f64>,
    /// Walk breaks.
    pub walk_breaks: usize,
    /// Warning codes.
    pub warning_codes: Vec<&'static str>,
    /// The findings in full, as `analyze --json` gives them alone, plus what the folder's
    /// baseline adds (marked `"basis": "baseline"` in their evidence).
    pub warnings: Vec<Warning>,
    /// What to work on first: at most three codes, ranked.
    pub focus: Vec<&'static str>,
    /// Cadence and step length against the runner's own baseline at the same speeds,
    /// percent (null without a baseline).
    pub vs_baseline: Option<analysis::VsBaseline>,
}

impl RunSummary {
    /// Fill codes, warnings and focus from a run's findings.
    pub(crate) fn set_findings(&mut self, findings: &[warning::Finding], units: UnitSystem) {
        self.warning_codes = findings.iter().map(|f| f.kind().as_str()).collect();
        self.warnings = findings
            .iter()
            .map(|f| Warning::from_advice_in(f, units))
            .collect();
        self.focus = stridewise_engine::coach::focus::rank(
            findings.iter().map(|f| (f.kind(), f.severity())),
        )
        .into_iter()
        .map(stridewise_engine::coach::code::FindingCode::as_str)
        .collect();
    }

    /// The summary of a folder-review row.
    #[must_use]
    pub(crate) fn from_row(
        row: &stridewise_engine::history::row::RunRow,
        findings: &[warning::Finding],
    ) -> Self {
        let pace = |v: Option<f64>| v.filter(|v| *v > 0.0).map(|v| round(1000.0 / v, 1));
        Self {
            pace_s_per_km: pace(row.avg_speed_mps),
            gap_s_per_km: pace(row.avg_gap_speed_mps),
            cadence_spm: r(row.cadence_spm, 1),
            cadence_in_band_pct: r(row.cadence_in_band_pct, 1),
            step_length_m: r(row.step_length_m, 3),
            gain_m: r(row.gain_m, 1),
            loss_m: r(row.loss_m, 1),
            hill_share_pct: r(row.steep_share_pct, 1),
            drift_pct: r(row.drift_pct, 2),
            decoupling_pct: r(row.decoupling_pct, 2),
            walk_breaks: row.walk_breaks,
            warning_codes: findings.iter().map(|f| f.kind().as_str()).collect(),
            warnings: Vec::new(),
            focus: Vec::new(),
            vs_baseline: None,
        }
    }
}

/// Blocks added by `analyze`.
#[derive(Debug, Serialize)]
pub struct Coaching {
    /// What kind of session it was and the three times (elapsed, timer, moving), decided
    /// before any coaching.
    pub session: analysis::Session,
    /// Splits, grade-adjusted pace, drift, decoupling; null for a route without times.
    pub pace: Option<analysis::Pace>,
    /// Step length and running dynamics; null without speed and cadence.
    pub stride: Option<analysis::Stride>,
    /// Findings, each with a stable code, severity, message and evidence.
    pub warnings: Vec<Warning>,
    /// What to work on first: at most three codes of `warnings`, ranked (cadence and
    /// overstriding, then hills, then volume, then drift; `info` never).
    pub focus: Vec<&'static str>,
    /// Values no runner produces (a data problem, not form): noted, never coached.
    pub data_notes: Vec<DataNote>,
    /// Why the recording is not coached (`route`, `too_short`, `likely_ride`,
    /// `faster_than_record`, `walk`), with the reason in words; null for a run that is
    /// coached.
    pub not_coached: Option<DataNote>,
    /// The one-line reminder that this is training feedback, not medical advice.
    pub disclaimer: &'static str,
}

/// A finding on the wire (per run, or about a whole folder).
#[derive(Clone, Debug, Serialize)]
pub struct Warning {
    /// Stable identifier (`low_cadence`, `cadence_fade`, `overstriding`, `hill_exposure`,
    /// `steep_descents`, `pace_drift`, `decoupling`, `run_walk`).
    pub code: &'static str,
    /// `info`, `caution` or `warning`.
    #[serde(serialize_with = "severity_name")]
    pub severity: stridewise_engine::coach::warning::Severity,
    /// Plain-language advice.
    pub message: String,
    /// The numbers that fired it, lengths in the display unit (`_m` or `_ft` keys);
    /// a run's finding also says where its evidence comes from: `"basis": "run"` (the
    /// same alone and in a folder) or `"basis": "baseline"` (only a folder review with a
    /// personal baseline can find it).
    pub evidence: BTreeMap<String, serde_json::Value>,
}

impl Warning {
    /// The wire form of any advice, metric.
    #[must_use]
    pub(crate) fn from_advice(f: &impl Advice) -> Self {
        Self::from_advice_in(f, UnitSystem::Metric)
    }

    /// The wire form of any advice, in the display unit.
    #[must_use]
    pub fn from_advice_in(f: &impl Advice, units: UnitSystem) -> Self {
        let mut evidence: BTreeMap<String, serde_json::Value> =
            crate::words::evidence(&f.evidence(), units)
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::from(round(v, 2))))
                .collect();
        if let Some(b) = f.basis() {
            let b = match b {
                warning::Basis::Run => "run",
                warning::Basis::Baseline => "baseline",
            };
            evidence.insert("basis".into(), serde_json::Value::from(b));
        }
        Self {
            code: f.code().as_str(),
            severity: f.severity(),
            message: crate::words::message(&f.message(), units),
            evidence,
        }
    }
}

/// A severity on the wire: `info`, `caution`, `warning`.
fn severity_name<S: serde::Serializer>(
    s: &stridewise_engine::coach::warning::Severity,
    ser: S,
) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.as_str())
}

/// A note about the data (or why a recording is not coached): a stable code and words.
#[derive(Debug, Serialize)]
pub struct DataNote {
    /// Stable identifier.
    pub code: &'static str,
    /// In words, in the display unit.
    pub message: String,
}

/// Device strings.
#[derive(Debug, Serialize)]
pub struct Device {
    /// FIT manufacturer.
    pub manufacturer: Option<String>,
    /// FIT product / TCX creator name.
    pub product: Option<String>,
    /// GPX creator attribute.
    pub creator: Option<String>,
}

/// Channel coverage, each a share of samples from 0 to 1.
#[derive(Debug, Serialize)]
pub struct Channels {
    /// Timestamps.
    pub time: f64,
    /// Latitude and longitude.
    pub position: f64,
    /// Altitude.
    pub altitude: f64,
    /// Heart rate.
    pub heart_rate: f64,
    /// Cadence.
    pub cadence: f64,
    /// Recorded speed.
    pub speed: f64,
    /// Ground contact time (running dynamics).
    pub stance_time: f64,
    /// Vertical oscillation (running dynamics).
    pub vertical_oscillation: f64,
}

/// Power block.
#[derive(Debug, Serialize)]
pub struct Power {
    /// Time-weighted mean power while moving, zeros included, watts.
    pub avg_w: f64,
}

/// Pause summary.
#[derive(Debug, Serialize)]
pub struct Pauses {
    /// Number of pauses.
    pub count: usize,
    /// Their total length, seconds.
    pub total_s: f64,
}

/// Cadence block.
#[derive(Debug, Serialize)]
pub struct Cadence {
    /// Running-only analysis (`analyze` only): walk breaks, target band, bands, thirds.
    #[serde(flatten)]
    pub analysis: Option<analysis::Cadence>,
    /// Time-weighted mean cadence while moving, zero samples ignored, steps/min; null
    /// without cadence.
    pub avg_spm: Option<f64>,
    /// The mean computed the way the recording device does (see README), steps/min.
    pub device_method_avg_spm: Option<f64>,
    /// How the file's values became steps/min: `fit_strides_doubled`,
    /// `xml_strides_doubled`, `xml_steps_as_recorded`, `not_foot_sport`, `none`.
    pub source: String,
    /// Why, in words.
    pub source_reason: String,
}

/// Elevation block.
#[derive(Debug, Serialize)]
pub struct Elevation {
    /// `barometric`, `gps` or `none` (inside the analysis when there is one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Gain, loss, grade bands, climbs and descents (`analyze` only).
    #[serde(flatten)]
    pub analysis: Option<analysis::Elevation>,
    /// Why there is no elevation analysis (`analyze` only), e.g. a treadmill run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<&'static str>,
}

/// Whole-run heart rate (docs/METHODS.md: time-weighted over timer
/// time, missing readings left out).
#[derive(Debug, Serialize)]
pub struct HeartRate {
    /// Beats/min.
    pub avg_bpm: Option<f64>,
    /// Beats/min.
    pub max_bpm: Option<f64>,
}

/// Whole-run running dynamics, averaged like heart rate.
#[derive(Debug, Serialize)]
pub struct Dynamics {
    /// Ground contact time, milliseconds.
    pub avg_ground_contact_ms: Option<f64>,
    /// Vertical oscillation, millimetres.
    pub avg_vertical_oscillation_mm: Option<f64>,
    /// Vertical ratio, percent.
    pub avg_vertical_ratio_pct: Option<f64>,
}

/// The device's own figures (SI units, cadence in steps/min).
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Metres.
    pub distance_m: Option<f64>,
    /// Timer time, seconds.
    pub timer_s: Option<f64>,
    /// Elapsed time, seconds.
    pub elapsed_s: Option<f64>,
    /// Steps/min.
    pub avg_cadence_spm: Option<f64>,
    /// Metres.
    pub ascent_m: Option<f64>,
    /// Metres.
    pub descent_m: Option<f64>,
    /// Beats/min.
    pub avg_heart_rate_bpm: Option<f64>,
    /// m/s.
    pub avg_speed_mps: Option<f64>,
    /// Milliseconds.
    pub avg_stance_time_ms: Option<f64>,
    /// Millimetres.
    pub avg_vertical_oscillation_mm: Option<f64>,
    /// Millimetres.
    pub avg_step_length_mm: Option<f64>,
    /// Percent.
    pub avg_vertical_ratio_pct: Option<f64>,
    /// Why the summary falls short of the records, when it does (a session that sums only
    /// the laps the watch wrote).
    pub note: Option<String>,
}

fn r(x: Option<f64>, digits: i32) -> Option<f64> {
    x.filter(|v| v.is_finite()).map(|v| round(v, digits))
}

impl Summary {
    fn from_model(s: &DeviceSummary) -> Self {
        Self {
            distance_m: r(s.distance_m, 2),
            timer_s: r(s.timer_s, 3),
            elapsed_s: r(s.elapsed_s, 3),
            avg_cadence_spm: r(s.avg_cadence_spm, 2),
            ascent_m: r(s.ascent_m, 1),
            descent_m: r(s.descent_m, 1),
            avg_heart_rate_bpm: r(s.avg_heart_rate_bpm, 1),
            avg_speed_mps: r(s.avg_speed_mps, 3),
            avg_stance_time_ms: r(s.avg_stance_time_ms, 1),
            avg_vertical_oscillation_mm: r(s.avg_vertical_oscillation_mm, 1),
            avg_step_length_mm: r(s.avg_step_length_mm, 1),
            avg_vertical_ratio_pct: r(s.avg_vertical_ratio_pct, 2),
            note: s.note.clone(),
        }
    }
}

/// Share of samples for which `has` holds, rounded to 3 decimals.
fn coverage(a: &Activity, has: impl Fn(&stridewise_engine::model::Sample) -> bool) -> f64 {
    if a.samples.is_empty() {
        return 0.0;
    }
    let share = a.samples.iter().filter(|s| has(s)).count() as f64 / a.samples.len() as f64;
    round(share, 3)
}

impl Run {
    /// Build the wire form of one activity and its totals.
    #[must_use]
    pub fn new(path: &str, a: &Activity, t: &Totals) -> Self {
        Self::with_averages(path, a, t, stridewise_engine::analysis::totals::averages(a))
    }

    /// [`Run::new`] given the activity's whole-run averages.
    fn with_averages(path: &str, a: &Activity, t: &Totals, avg: Averages) -> Self {
        Self {
            source: Source {
                path: path.to_string(),
                format: a.format.to_string(),
                compression: a.compression.to_string(),
                session: a.session,
            },
            device: Device {
                manufacturer: a.device.manufacturer.clone(),
                product: a.device.product.clone(),
                creator: a.device.creator.clone(),
            },
            name: a.name.clone(),
            sport: a.sport.to_string(),
            sub_sport: a.sub_sport.clone(),
            start_time: a
                .start_time
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            utc_offset_s: a.utc_offset.as_ref().map(|o| o.seconds),
            utc_offset_source: a.utc_offset.as_ref().map(|o| o.source.as_str()),
            time_zone: a.utc_offset.as_ref().and_then(|o| o.zone.clone()),
            distance_m: r(t.distance_m, 1),
            elapsed_s: r(t.elapsed_s, 1),
            moving_s: r(t.moving_s, 1),
            samples: a.samples.len(),
            channels: Channels {
                time: coverage(a, |s| s.t_s.is_some()),
                position: coverage(a, |s| s.lat_deg.is_some()),
                altitude: coverage(a, |s| s.altitude_m.is_some()),
                heart_rate: coverage(a, |s| s.heart_rate_bpm.is_some()),
                cadence: coverage(a, |s| s.cadence.is_some()),
                speed: coverage(a, |s| s.speed.is_some()),
                stance_time: coverage(a, |s| s.stance_time_ms.is_some()),
                vertical_oscillation: coverage(a, |s| s.vertical_oscillation_mm.is_some()),
            },
            pauses: Pauses {
                count: a.pauses.len(),
                total_s: round(
                    a.pauses
                        .iter()
                        .map(stridewise_engine::model::Pause::duration_s)
                        .sum(),
                    1,
                ),
            },
            cadence: Cadence {
                analysis: None,
                avg_spm: r(t.avg_cadence.map(|c| c.0), 1),
                device_method_avg_spm: r(t.device_method_cadence.map(|c| c.0), 1),
                source: a.cadence_source.as_str().to_string(),
                source_reason: a.cadence_reason.clone(),
            },
            power: r(t.avg_power_w, 1).map(|avg_w| Power { avg_w }),
            elevation: Elevation {
                source: Some(a.altitude_source.as_str().to_string()),
                analysis: None,
                skipped: None,
            },
            heart_rate: HeartRate {
                avg_bpm: r(avg.avg_heart_rate_bpm, 1),
                max_bpm: r(avg.max_heart_rate_bpm, 0),
            },
            dynamics: Dynamics {
                avg_ground_contact_ms: r(avg.avg_ground_contact_ms, 1),
                avg_vertical_oscillation_mm: r(avg.avg_vertical_oscillation_mm, 1),
                avg_vertical_ratio_pct: r(avg.avg_vertical_ratio_pct, 2),
            },
            device_summary: a.summary.as_ref().map(Summary::from_model),
            notes: a.notes.clone(),
            coaching: None,
        }
    }

    /// The wire form of a reviewed run (`analyze`), metric.
    #[must_use]
    pub fn reviewed(path: &str, a: &Activity, r: &Review) -> Self {
        Self::reviewed_in(path, a, r, UnitSystem::Metric)
    }

    /// The wire form of a reviewed run (`analyze`), messages in the display unit.
    #[must_use]
    pub fn reviewed_in(path: &str, a: &Activity, r: &Review, units: UnitSystem) -> Self {
        // The review's weights of the samples as read: the averages' (issue 24).
        let avg = stridewise_engine::analysis::totals::averages_with(a, &r.basis_of(a).weights);
        let mut run = Self::with_averages(path, a, &r.totals, avg);
        run.cadence.analysis = r.cadence.as_ref().map(analysis::Cadence::from);
        if let Some(e) = &r.elevation {
            run.elevation.source = None;
            run.elevation.analysis = Some(analysis::Elevation::from(e));
        }
        run.elevation.skipped = r.elevation_skipped;
        run.coaching = Some(Coaching {
            session: analysis::Session::from_review(r, units),
            pace: r.pace.as_ref().map(analysis::Pace::from),
            stride: r.stride.as_ref().map(analysis::Stride::from),
            warnings: r
                .findings
                .iter()
                .map(|f| Warning::from_advice_in(f, units))
                .collect(),
            focus: r.focus().into_iter().map(FindingCode::as_str).collect(),
            data_notes: r
                .notes
                .iter()
                .map(|n| DataNote {
                    code: n.code(),
                    message: crate::words::message(&n.message(), units),
                })
                .collect(),
            not_coached: r.not_coached.map(|n| DataNote {
                code: n.code(),
                message: crate::words::message(&n.message(), units),
            }),
            disclaimer: warning::NOT_MEDICAL_ADVICE,
        });
        run
    }
}

/// Write the document as pretty JSON followed by a newline.
///
/// # Errors
/// I/O errors of the writer.
pub fn write(doc: &Document, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stridewise_engine::synth::{fit::encode, fit::FitOptions, generate, Scenario};

    fn hilly() -> (Activity, Review) {
        let run = generate(&Scenario::hilly_10k()).expect("scenario");
        let bytes = encode(&run, &FitOptions::default());
        let a = stridewise_engine::ingest::read_bytes(&bytes)
            .expect("decodes")
            .remove(0);
        let r = stridewise_engine::coach::review::review(
            &a,
            &stridewise_engine::coach::rules::Rules::default(),
        );
        (a, r)
    }

    /// The enums reach the wire as the strings of version 1, whatever the analysis types
    /// are called inside, and evidence is rounded here, once, to 2 decimals.
    #[test]
    fn codes_reach_the_wire_as_their_names_and_evidence_is_rounded_once() {
        let (a, r) = hilly();
        let v = serde_json::to_value(Run::reviewed("x.fit", &a, &r)).expect("serialises");
        let labels: Vec<&str> = v["elevation"]["bands"]
            .as_array()
            .expect("bands")
            .iter()
            .filter_map(|b| b["label"].as_str())
            .collect();
        assert_eq!(labels, ["steep_down", "down", "flat", "up", "steep_up"]);
        // A generated run's device ("stridewise synth") is in no altimeter table: its
        // smooth altitude is `smoothed`, never assumed barometric.
        assert_eq!(v["elevation"]["source"], "smoothed");
        assert_eq!(v["pace"]["gap_model"], "strava2017");
        assert_eq!(v["pace"]["decoupling"]["class"], "good");
        let warnings = v["warnings"].as_array().expect("warnings");
        assert!(!warnings.is_empty(), "the hilly 10k has findings");
        let unrounded = r
            .findings
            .iter()
            .flat_map(|f| f.evidence().values().collect::<Vec<_>>())
            .any(|x| (x * 100.0).fract().abs() > 1e-9);
        assert!(unrounded, "the coach hands over full precision");
        for w in warnings {
            assert!(
                ["info", "caution", "warning"].contains(&w["severity"].as_str().unwrap_or("")),
                "{w}"
            );
            for (k, x) in w["evidence"].as_object().expect("evidence") {
                let Some(x) = x.as_f64() else { continue };
                let cents = x * 100.0;
                assert!((cents - cents.round()).abs() < 1e-6, "{k} = {x}");
            }
        }
    }
}
