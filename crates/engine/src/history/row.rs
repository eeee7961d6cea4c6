//! One reviewed run reduced to the numbers the folder review keeps: the row of `runs.csv`,
//! the entry of `summary.json`, and the inputs of the trends and the personal baseline
//! (its findings travel beside it, `crate::pipeline::Reviewed::findings`; the coach
//! builds the row from its review, `crate::coach::review::Review::row`). The
//! samples are dropped once this is built, so memory stays flat in the number of files.

use crate::analysis::basis::Basis;
use crate::analysis::cadence::Gait;
use crate::model::Activity;
use chrono::{DateTime, Utc};

/// Largest grade (fraction) binned for the baseline: the stride analysis's flat limit.
pub const FLAT_GRADE: f64 = 0.02;

/// Width of the speed bins of [`SpeedBins`], m/s.
pub const SPEED_BIN_MPS: f64 = 0.1;
/// Lowest running speed binned, m/s (slower running is rare and noisy).
pub(crate) const SPEED_BIN_MIN_MPS: f64 = 1.5;
/// Number of bins: 1.5 to 7.5 m/s (a 2:13/km pace).
pub const SPEED_BINS: usize = 60;

/// Running time, cadence and step length per 0.1 m/s speed bin: enough to fit and apply a
/// personal cadence-vs-speed baseline without keeping any samples.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeedBins {
    /// Running time per bin, s.
    pub time_s: Vec<f64>,
    /// Σ time × cadence per bin (steps/min · s).
    pub cadence_time: Vec<f64>,
    /// Σ time × speed per bin (m).
    pub distance_m: Vec<f64>,
    /// Σ time × cadence / 60 per bin (steps).
    pub steps: Vec<f64>,
}

impl SpeedBins {
    /// Empty bins.
    #[must_use]
    pub fn new() -> Self {
        Self {
            time_s: vec![0.0; SPEED_BINS],
            cadence_time: vec![0.0; SPEED_BINS],
            distance_m: vec![0.0; SPEED_BINS],
            steps: vec![0.0; SPEED_BINS],
        }
    }

    /// Centre speed of bin `i`, m/s.
    #[must_use]
    pub fn centre(i: usize) -> f64 {
        let i = i as f64;
        SPEED_BIN_MIN_MPS + (i + 0.5) * SPEED_BIN_MPS
    }

    /// Bin of a speed, if in range.
    #[must_use]
    pub fn index(speed_mps: f64) -> Option<usize> {
        if !speed_mps.is_finite() || speed_mps < SPEED_BIN_MIN_MPS {
            return None;
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = ((speed_mps - SPEED_BIN_MIN_MPS) / SPEED_BIN_MPS) as usize;
        (i < SPEED_BINS).then_some(i)
    }

    /// Bin the running samples of an activity (time-weighted, pauses excluded), flat
    /// running only where the grade is known (|grade| ≤ [`FLAT_GRADE`]): on hills cadence
    /// and step length follow the grade, not the runner's habit, so a hilly run compared
    /// with a baseline at the same speed would read as overstriding ([`crate::coach::rules`]: compare
    /// "at the same speed", which on a hill is not the same effort).
    #[must_use]
    pub fn of(a: &Activity, gaits: &[Gait], grades: &[Option<f64>]) -> Self {
        Self::of_with(a, &Basis::of(a), gaits, grades)
    }

    /// [`SpeedBins::of`] given the [`Basis`] of `a` (a review's, issue 24: the samples'
    /// weights and speeds are not derived again for the row).
    #[must_use]
    pub fn of_with(a: &Activity, basis: &Basis, gaits: &[Gait], grades: &[Option<f64>]) -> Self {
        let mut b = Self::new();
        let (w, speeds) = (&basis.weights, &basis.speeds);
        for (i, s) in a.samples.iter().enumerate() {
            if gaits.get(i) != Some(&Gait::Running) {
                continue;
            }
            if grades
                .get(i)
                .copied()
                .flatten()
                .is_some_and(|g| !g.is_finite() || g.abs() > FLAT_GRADE)
            {
                continue;
            }
            let (Some(c), Some(v)) = (s.cadence.map(|c| c.0), speeds.get(i).copied().flatten())
            else {
                continue;
            };
            let Some(k) = Self::index(v) else { continue };
            if c <= 0.0 || w[i] <= 0.0 {
                continue;
            }
            b.time_s[k] += w[i];
            b.cadence_time[k] += w[i] * c;
            b.distance_m[k] += w[i] * v;
            b.steps[k] += w[i] * c / 60.0;
        }
        b
    }

    /// Add another run's bins.
    pub fn add(&mut self, other: &Self) {
        for k in 0..SPEED_BINS {
            self.time_s[k] += other.time_s[k];
            self.cadence_time[k] += other.cadence_time[k];
            self.distance_m[k] += other.distance_m[k];
            self.steps[k] += other.steps[k];
        }
    }

    /// Total running time binned, s.
    #[must_use]
    pub fn total_s(&self) -> f64 {
        self.time_s.iter().sum()
    }
}

impl Default for SpeedBins {
    fn default() -> Self {
        Self::new()
    }
}

/// One run of a folder review.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRow {
    /// Path as shown to the user (archive members as `archive.zip/member.fit`).
    pub path: String,
    /// Session index for multisport files.
    pub session: Option<usize>,
    /// Name: from the Strava `activities.csv`, else from the file, else `None`.
    pub name: Option<String>,
    /// Start, UTC; `None` for a route without times.
    pub start_time: Option<DateTime<Utc>>,
    /// The local time's offset at the start (`None`: dated in UTC).
    pub utc_offset: Option<crate::model::UtcOffset>,
    /// Metres.
    pub distance_m: Option<f64>,
    /// Moving time, s.
    pub moving_s: Option<f64>,
    /// Average speed over moving time, m/s.
    pub avg_speed_mps: Option<f64>,
    /// Average grade-adjusted speed, m/s.
    pub avg_gap_speed_mps: Option<f64>,
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
    /// Share of distance steeper than the steep grade (up and down), percent.
    pub steep_share_pct: Option<f64>,
    /// GAP drift second half vs first, percent.
    pub drift_pct: Option<f64>,
    /// Aerobic decoupling, percent.
    pub decoupling_pct: Option<f64>,
    /// Walk breaks found.
    pub walk_breaks: usize,
    /// The session's kind (steady, structured, run/walk, …).
    pub session_kind: Option<crate::analysis::session::SessionKind>,
    /// Left share of ground-contact time on flat running, percent (running dynamics).
    pub flat_balance_left_pct: Option<f64>,
    /// Running time per speed bin (for the personal baseline); not written to outputs.
    pub bins: SpeedBins,
}

impl RunRow {
    /// The start in the run's local time (UTC when unknown).
    #[must_use]
    pub fn local_start(&self) -> Option<DateTime<chrono::FixedOffset>> {
        self.start_time
            .map(|t| crate::model::local_start(t, self.utc_offset.as_ref()))
    }

    /// The day of the start in the run's local time: what weeks, the pain log and the
    /// date column go by.
    #[must_use]
    pub fn local_date(&self) -> Option<chrono::NaiveDate> {
        self.local_start().map(|t| t.date_naive())
    }

    /// The date column of tables: the start date (local time), `route` for a planned route
    /// (no times at all), `no date` for a recording whose clock had no real date (FIT
    /// device-relative timestamps).
    #[must_use]
    pub fn date_label(&self) -> String {
        match (self.local_start(), self.moving_s) {
            (Some(t), _) => t.format("%Y-%m-%d").to_string(),
            (None, Some(_)) => "no date".into(),
            (None, None) => "route".into(),
        }
    }
}
