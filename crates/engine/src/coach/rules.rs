//! Every coaching threshold in one place, with its source, its default, and a way to
//! override it: flags for the common ones, a TOML rules file (`--rules FILE`) for all.
//!
//! Sources. The physio advice this tool serves (README, introduction: runners training
//! around a sore hip): cadence around 170–180 steps/min; favour flat routes while the hip
//! hurts; cut weekly distance by 20–30% for a while rather than stopping or carrying on;
//! run/walk intervals such as 5:1 (run 5 min, walk 1) keep volume; stop and get assessed
//! if pain is sharp, swelling appears, or pain lingers more than 48 h. Lieberman 2015
//! (J Exp Biol 218:3406) found ~170 steps/min optimal at 3 m/s; Heiderscheit 2011 (Med Sci
//! Sports Exerc 43:296) lowered joint load with +5–10% over the runner's own rate at the
//! same speed, so cadence is also judged against the runner's baseline. Adults walk below
//! ~140 steps/min. A watch cannot see where the foot lands; the overstride proxies it can
//! support, strongest first: (1) step length longer than the runner's own baseline at the
//! same speed; (2) cadence below that baseline is the same signal as low cadence, so it
//! joins the cadence finding, not a second proxy; (3) long ground contact or a high
//! vertical ratio (running dynamics); (4) descents where step length grows and cadence
//! falls; (5) left/right ground-contact balance: Garmin's zones are green 50.0–50.7%,
//! orange 50.8–52.2%, red beyond 52.2% to either side; hills skew it, so it is judged on
//! flat running (Joubert et al. 2020, Int J Exerc Sci: ~3.7% more metabolic cost per 1% of
//! imbalance). Climbs ≥ 100 m at ≥ 2% (Runalyze).
//!
//! Findings a runner can trust: a finding needs enough evidence (floors of distance,
//! running time and samples; trustworthy altitude for hills; a dynamics channel on most of
//! the run); a value no runner produces is a data note, never form advice; near a limit
//! the excess is compared with the measurement's own spread, since a bare threshold fires
//! on noise; `warning` means worth changing now (large or repeated), `caution` worth a
//! look, `info` context; too-short recordings, planned routes and rides are listed with
//! the reason, not coached.
//! Decoupling bands 5% / 10% (Friel / TrainingPeaks convention). Ground contact time and
//! vertical ratio limits follow Garmin's running-dynamics colour zones (GCT over 305 ms and
//! vertical ratio over 10.1% are their lowest zone). Values marked "our choice" are ours.

pub use crate::analysis::gap::GapModel;
use serde::{Deserialize, Serialize};

/// Coaching thresholds. Every field has a documented default; a TOML rules file may set
/// any subset of them (unknown keys are an error, so a typo is caught).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Lower edge of the cadence target band, steps/min (170).
    pub cadence_target_low_spm: f64,
    /// Upper edge of the cadence target band, steps/min (180).
    pub cadence_target_high_spm: f64,
    /// Below this a sample is walking, steps/min (140: adults walk below about 140, see the module docs).
    pub walk_max_spm: f64,
    /// Low-cadence warning when more than this share of running time is below the band,
    /// percent (50, our choice).
    pub low_cadence_share_pct: f64,
    /// Cadence-fade warning when the last third's running cadence is this much below the
    /// first third's, percent (3, our choice: about 5 steps/min at 170).
    pub cadence_fade_pct: f64,
    /// A grade steeper than this (up or down) counts as steep, percent (5).
    pub steep_grade_pct: f64,
    /// Hill warning when more than this share of distance is steep, percent (10, our choice).
    pub steep_share_warn_pct: f64,
    /// Descent warning for a descent at least this long, metres (400, our choice) ...
    pub long_descent_m: f64,
    /// ... when it averages at least this steep, percent (4, our choice) ...
    pub long_descent_min_grade_pct: f64,
    /// ... or for any descent (≥ 100 m) averaging at least this steep, percent (8, our choice).
    pub steep_descent_grade_pct: f64,
    /// Pace-drift warning above this slowdown of grade-adjusted pace, percent (5, our choice).
    pub pace_drift_warn_pct: f64,
    /// Decoupling: moderate above this, percent (5, Friel).
    pub decoupling_moderate_pct: f64,
    /// Decoupling: high above this, percent (10, Friel).
    pub decoupling_high_pct: f64,
    /// Overstride proxy: on descents, step length this much longer than flat running at the
    /// same speed, percent (5, our choice).
    pub descent_step_length_pct: f64,
    /// Overstride proxy: ground contact time above this, ms (305, Garmin's lowest zone).
    pub gct_high_ms: f64,
    /// Overstride proxy: vertical ratio above this, percent (10.1, Garmin's lowest zone).
    pub vertical_ratio_high_pct: f64,
    /// Folder review: overstride proxy when a run's steps are this much longer than the
    /// runner's own baseline at the same speeds, percent (5, our choice).
    pub baseline_step_length_pct: f64,
    /// Folder review: the cadence finding also fires (and quotes it) when a run's cadence
    /// is this much below the runner's own baseline at the same speeds, percent (3, our
    /// choice).
    pub baseline_cadence_drop_pct: f64,
    /// Run/walk advice compares the found ratio with this run:walk ratio (5, for 5:1).
    pub run_walk_ratio: f64,
    /// Grade-adjusted pace model.
    pub gap_model: GapModel,
    /// Evidence floors: what a recording and each finding need before it speaks.
    pub floors: Floors,
    /// Severity: where a finding turns from `caution` into `warning`.
    pub severity: SeverityRules,
    /// Left/right ground-contact balance outside this band is a finding, percent left
    /// (47.8–52.2: Garmin's red zone starts above 52.2% to either side; module docs).
    pub balance_band_left_pct: (f64, f64),
    /// Near a limit, a value fires only when beyond it by more than this many standard
    /// deviations of its own noise (1.0, our choice: the run's variability, or the
    /// run-to-run spread of the baseline comparison).
    pub noise_sd: f64,
}

/// Evidence floors ("Findings a runner can trust" in the module docs). Every default is our
/// choice unless it says otherwise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Floors {
    /// A recording shorter than this is not coached (a test press, a 2 m track), m (1,000).
    pub coach_distance_m: f64,
    /// ... or with less moving time than this, s (300 = 5 min).
    pub coach_moving_s: f64,
    /// A recording without running cadence whose median *moving* speed is above this is a
    /// likely ride, m/s (5.0 = 3:20/km, 18 km/h: a 2:20 marathon's pace held for the whole
    /// session, an ordinary cycling speed; the median, because stops pull a ride's average
    /// down; `--sport running` overrides; `analysis::session`).
    pub ride_min_speed_mps: f64,
    /// Cadence findings need this much running time with cadence, s (300).
    pub cadence_running_s: f64,
    /// Findings comparing parts of a run (cadence fade, pace drift, decoupling) need
    /// this much moving time, s (1,200 = 20 min: a third is then ~7 min).
    pub within_run_moving_s: f64,
    /// Hill exposure needs at least this much steep distance, m (500).
    pub hill_steep_distance_m: f64,
    /// A descent counts for `steep_descents` only when it is at least this long, m (200) ...
    pub descent_length_m: f64,
    /// ... and drops at least this much, m (15: several times smoothed GPS altitude noise).
    pub descent_drop_m: f64,
    /// A steep share is implausible (a data note, not a finding) when the climbing and
    /// descending it implies (steep distance × steep grade) is more than this many times
    /// the measured gain + loss (3).
    pub steep_without_climb_ratio: f64,
    /// The descent step proxy needs this much descent running matched to flat running, s
    /// (120).
    pub descent_matched_s: f64,
    /// Descent steps longer than flat ones by more than this are a data problem, not a
    /// stride, percent (30: braking runners lengthen steps by a few percent).
    pub descent_step_implausible_pct: f64,
    /// Running-dynamics findings need the channel on at least this share of running
    /// samples, percent (50: "most of the run", module docs).
    pub dynamics_coverage_pct: f64,
    /// The balance finding needs this much flat running with a balance reading, s (300).
    pub balance_flat_s: f64,
    /// Ground contact time and vertical ratio are judged only on runs whose running
    /// averages at least this speed, m/s (2.5 = 6:40/km, our choice): contact time falls
    /// as speed rises (Weyand et al. 2000, J Appl Physiol 89:1991) and the vertical ratio
    /// rises as steps shorten, so Garmin's zones, which describe runners at their usual
    /// training paces, would call a slow jog's long contact a stride fault.
    pub dynamics_min_speed_mps: f64,
}

impl Default for Floors {
    fn default() -> Self {
        Self {
            coach_distance_m: 1_000.0,
            coach_moving_s: 300.0,
            ride_min_speed_mps: crate::analysis::session::RIDE_MEDIAN_MPS,
            cadence_running_s: 300.0,
            within_run_moving_s: 1_200.0,
            hill_steep_distance_m: 500.0,
            descent_length_m: 200.0,
            descent_drop_m: 15.0,
            steep_without_climb_ratio: 3.0,
            descent_matched_s: 120.0,
            descent_step_implausible_pct: 30.0,
            dynamics_coverage_pct: 50.0,
            balance_flat_s: 300.0,
            dynamics_min_speed_mps: 2.5,
        }
    }
}

/// Where `caution` becomes `warning` (= worth changing now: a large or repeated signal,
/// module docs). Every default is our choice, argued in docs/FINDINGS.md's severity table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SeverityRules {
    /// Low cadence is a warning when the running average is this far below the band's
    /// lower edge, percent (5: the +5% of Heiderscheit 2011 would not reach the band).
    pub low_cadence_below_band_pct: f64,
    /// Overstriding is a warning when at least this many independent proxies fired (2).
    pub overstride_proxies: usize,
    /// Hill exposure is a warning above this steep share, percent (30) ...
    pub hill_share_pct: f64,
    /// ... with at least this much steep distance, m (3,000: a sustained load, not one hill).
    pub hill_steep_distance_m: f64,
    /// Steep descents are a warning when they add up to this length, m (2,000).
    pub descent_total_m: f64,
    /// Balance is a warning this far outside the band, percentage points (1.5).
    pub balance_beyond_pct: f64,
    /// Low cadence is a warning only on at least this much level running, s (1,200 =
    /// 20 min, as `floors.within_run_moving_s`: a 13-minute jog is a sample of a habit,
    /// not the habit).
    pub low_cadence_min_s: f64,
    /// ... and only when the running averages at least this speed, m/s (2.5 = 6:40/km, as
    /// `floors.dynamics_min_speed_mps`): cadence falls with speed, and a fixed 170 at a
    /// slow jog is rightly called absurd (DOMAIN.md "Cadence target").
    pub low_cadence_min_speed_mps: f64,
}

impl Default for SeverityRules {
    fn default() -> Self {
        Self {
            low_cadence_below_band_pct: 5.0,
            overstride_proxies: 2,
            hill_share_pct: 30.0,
            hill_steep_distance_m: 3_000.0,
            descent_total_m: 2_000.0,
            balance_beyond_pct: 1.5,
            low_cadence_min_s: 1_200.0,
            low_cadence_min_speed_mps: 2.5,
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            cadence_target_low_spm: 170.0,
            cadence_target_high_spm: 180.0,
            walk_max_spm: 140.0,
            low_cadence_share_pct: 50.0,
            cadence_fade_pct: 3.0,
            steep_grade_pct: 5.0,
            steep_share_warn_pct: 10.0,
            long_descent_m: 400.0,
            long_descent_min_grade_pct: 4.0,
            steep_descent_grade_pct: 8.0,
            pace_drift_warn_pct: 5.0,
            decoupling_moderate_pct: 5.0,
            decoupling_high_pct: 10.0,
            descent_step_length_pct: 5.0,
            gct_high_ms: 305.0,
            vertical_ratio_high_pct: 10.1,
            baseline_step_length_pct: 5.0,
            baseline_cadence_drop_pct: 3.0,
            run_walk_ratio: 5.0,
            gap_model: GapModel::Strava2017,
            floors: Floors::default(),
            severity: SeverityRules::default(),
            balance_band_left_pct: (47.8, 52.2),
            noise_sd: 1.0,
        }
    }
}

/// Why a rules file or flag was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RulesError {
    /// TOML syntax or an unknown key.
    #[error("{0}")]
    Parse(String),
    /// A value out of its sensible range.
    #[error("{0}")]
    Invalid(String),
}

impl Rules {
    /// Parse a TOML rules file; unset keys keep their defaults.
    ///
    /// # Errors
    /// [`RulesError`] on syntax errors, unknown keys or invalid values.
    pub fn from_toml(text: &str) -> Result<Self, RulesError> {
        let rules: Self =
            toml::from_str(text).map_err(|e| RulesError::Parse(describe(&e, text)))?;
        rules.validate()?;
        Ok(rules)
    }

    /// Check every threshold: finite, within its range, and the pairs in order (a low
    /// edge below its high edge), as the flags are checked. A rules file can write `inf`,
    /// `nan` or `-inf` (TOML allows them), which would silently disable a finding or fire
    /// it on every run; each is refused naming its key.
    ///
    /// # Errors
    /// [`RulesError::Invalid`] naming the first offending key.
    pub fn validate(&self) -> Result<(), RulesError> {
        if let Some(hint) = strides_hint(self.cadence_target_low_spm, self.cadence_target_high_spm)
        {
            return Err(RulesError::Invalid(hint));
        }
        for (key, v, range) in self.ranges() {
            if !range.holds(v) {
                return Err(RulesError::Invalid(format!(
                    "{key} = {}: must be {}",
                    shown(v),
                    range.describe()
                )));
            }
        }
        if self.cadence_target_low_spm >= self.cadence_target_high_spm {
            return Err(RulesError::Invalid(format!(
                "cadence_target_low_spm = {} must be below cadence_target_high_spm = {}",
                self.cadence_target_low_spm, self.cadence_target_high_spm
            )));
        }
        if self.decoupling_moderate_pct >= self.decoupling_high_pct {
            return Err(RulesError::Invalid(format!(
                "decoupling_moderate_pct = {} must be below decoupling_high_pct = {}",
                self.decoupling_moderate_pct, self.decoupling_high_pct
            )));
        }
        let (lo, hi) = self.balance_band_left_pct;
        if !(lo < 50.0 && hi > 50.0) {
            return Err(RulesError::Invalid(format!(
                "balance_band_left_pct = [{}, {}]: must straddle 50 (low edge below 50, high \
                 edge above)",
                shown(lo),
                shown(hi)
            )));
        }
        if self.severity.overstride_proxies == 0 || self.severity.overstride_proxies > 5 {
            return Err(RulesError::Invalid(format!(
                "severity.overstride_proxies = {}: must be a whole number from 1 to 5 (the \
                 overstride proxies, module docs)",
                self.severity.overstride_proxies
            )));
        }
        Ok(())
    }

    /// Every numeric threshold with its key (as written in the rules file) and the range it
    /// must lie in. The ranges only keep out what cannot be meant (a negative length, a
    /// share above 100%, a cadence no human runs at), never a runner's own choice.
    fn ranges(&self) -> Vec<(&'static str, f64, Range)> {
        use Range::{AtLeast, Between, Positive, Share};
        let f = &self.floors;
        let s = &self.severity;
        let (blo, bhi) = self.balance_band_left_pct;
        vec![
            // The flag's own limits (`parse_cadence_target`): above 0, below 300 steps/min.
            (
                "cadence_target_low_spm",
                self.cadence_target_low_spm,
                Between(0.0, MAX_TARGET_SPM),
            ),
            (
                "cadence_target_high_spm",
                self.cadence_target_high_spm,
                Between(0.0, MAX_TARGET_SPM),
            ),
            (
                "walk_max_spm",
                self.walk_max_spm,
                Between(0.0, MAX_TARGET_SPM),
            ),
            ("low_cadence_share_pct", self.low_cadence_share_pct, Share),
            ("cadence_fade_pct", self.cadence_fade_pct, Share),
            (
                "steep_grade_pct",
                self.steep_grade_pct,
                Between(0.0, MAX_GRADE_PCT),
            ),
            ("steep_share_warn_pct", self.steep_share_warn_pct, Share),
            ("long_descent_m", self.long_descent_m, Positive),
            (
                "long_descent_min_grade_pct",
                self.long_descent_min_grade_pct,
                Between(0.0, MAX_GRADE_PCT),
            ),
            (
                "steep_descent_grade_pct",
                self.steep_descent_grade_pct,
                Between(0.0, MAX_GRADE_PCT),
            ),
            ("pace_drift_warn_pct", self.pace_drift_warn_pct, Share),
            (
                "decoupling_moderate_pct",
                self.decoupling_moderate_pct,
                Share,
            ),
            ("decoupling_high_pct", self.decoupling_high_pct, Share),
            (
                "descent_step_length_pct",
                self.descent_step_length_pct,
                Share,
            ),
            ("gct_high_ms", self.gct_high_ms, Between(0.0, MAX_GCT_MS)),
            (
                "vertical_ratio_high_pct",
                self.vertical_ratio_high_pct,
                Between(0.0, 100.0),
            ),
            (
                "baseline_step_length_pct",
                self.baseline_step_length_pct,
                Share,
            ),
            (
                "baseline_cadence_drop_pct",
                self.baseline_cadence_drop_pct,
                Share,
            ),
            ("run_walk_ratio", self.run_walk_ratio, Positive),
            ("balance_band_left_pct (low edge)", blo, Between(0.0, 100.0)),
            (
                "balance_band_left_pct (high edge)",
                bhi,
                Between(0.0, 100.0),
            ),
            ("noise_sd", self.noise_sd, AtLeast(0.0)),
            ("floors.coach_distance_m", f.coach_distance_m, AtLeast(0.0)),
            ("floors.coach_moving_s", f.coach_moving_s, AtLeast(0.0)),
            ("floors.ride_min_speed_mps", f.ride_min_speed_mps, Positive),
            (
                "floors.cadence_running_s",
                f.cadence_running_s,
                AtLeast(0.0),
            ),
            (
                "floors.within_run_moving_s",
                f.within_run_moving_s,
                AtLeast(0.0),
            ),
            (
                "floors.hill_steep_distance_m",
                f.hill_steep_distance_m,
                AtLeast(0.0),
            ),
            ("floors.descent_length_m", f.descent_length_m, AtLeast(0.0)),
            ("floors.descent_drop_m", f.descent_drop_m, AtLeast(0.0)),
            (
                "floors.steep_without_climb_ratio",
                f.steep_without_climb_ratio,
                Positive,
            ),
            (
                "floors.descent_matched_s",
                f.descent_matched_s,
                AtLeast(0.0),
            ),
            (
                "floors.descent_step_implausible_pct",
                f.descent_step_implausible_pct,
                Positive,
            ),
            (
                "floors.dynamics_coverage_pct",
                f.dynamics_coverage_pct,
                Share,
            ),
            ("floors.balance_flat_s", f.balance_flat_s, AtLeast(0.0)),
            (
                "floors.dynamics_min_speed_mps",
                f.dynamics_min_speed_mps,
                AtLeast(0.0),
            ),
            (
                "severity.low_cadence_below_band_pct",
                s.low_cadence_below_band_pct,
                Share,
            ),
            ("severity.hill_share_pct", s.hill_share_pct, Share),
            (
                "severity.hill_steep_distance_m",
                s.hill_steep_distance_m,
                AtLeast(0.0),
            ),
            ("severity.descent_total_m", s.descent_total_m, AtLeast(0.0)),
            (
                "severity.balance_beyond_pct",
                s.balance_beyond_pct,
                Between(0.0, 50.0),
            ),
        ]
    }
}

/// The range a threshold must lie in ([`Rules::validate`]); every one excludes NaN and
/// the infinities.
#[derive(Clone, Copy, Debug)]
enum Range {
    /// Finite and above 0.
    Positive,
    /// Finite and at least this.
    AtLeast(f64),
    /// Above the first, at most the second.
    Between(f64, f64),
    /// A percentage of a whole: 0 to 100.
    Share,
}

impl Range {
    fn holds(self, v: f64) -> bool {
        v.is_finite()
            && match self {
                Self::Positive => v > 0.0,
                Self::AtLeast(lo) => v >= lo,
                Self::Between(lo, hi) => v > lo && v <= hi,
                Self::Share => (0.0..=100.0).contains(&v),
            }
    }

    fn describe(self) -> String {
        match self {
            Self::Positive => "a finite number above 0".into(),
            Self::AtLeast(lo) => format!("a finite number of at least {lo}"),
            Self::Between(lo, hi) => format!("a number above {lo} and at most {hi}"),
            Self::Share => "a percentage from 0 to 100".into(),
        }
    }
}

/// A value as TOML spells it (`inf`, `-inf`, `nan`), so the message quotes what the file
/// says.
fn shown(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        v.to_string()
    }
}

/// The highest cadence-target edge accepted, steps/min: the `--cadence-target` flag's
/// limit (our bound: 5 steps a second, above even a sprinter's step rate).
pub(crate) const MAX_TARGET_SPM: f64 = 300.0;

/// The steepest grade a threshold may name, percent (100% is 45°: no running route is
/// steeper; our bound, to keep out typing slips such as 500).
pub(crate) const MAX_GRADE_PCT: f64 = 100.0;

/// The longest ground contact a threshold may name, ms (our bound: a full second on the
/// ground is no running step; Garmin's zones, module docs, end at 305 ms).
pub(crate) const MAX_GCT_MS: f64 = 1_000.0;

/// The rules-file keys, in declaration order (the fields of [`Rules`]).
#[must_use]
pub fn keys() -> Vec<String> {
    match toml::Table::try_from(Rules::default()) {
        Ok(t) => t.keys().cloned().collect(),
        Err(_) => Vec::new(),
    }
}

/// The closest rules key to a mistyped one, if any is close (Jaro–Winkler ≥ 0.8, the
/// measure and threshold clap uses for its own "did you mean").
fn closest_key(typed: &str) -> Option<String> {
    keys()
        .into_iter()
        .map(|k| (strsim::jaro_winkler(typed, &k), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// A TOML error as one line: "line N: `the line`: what is wrong", plus "did you mean"
/// for an unknown key.
fn describe(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim();
    let mut out = match e.span() {
        Some(span) => {
            let start = span.start.min(text.len());
            let line_no = text
                .get(..start)
                .map_or(1, |before| before.matches('\n').count() + 1);
            let line = text.lines().nth(line_no - 1).unwrap_or("").trim();
            format!("line {line_no}: `{line}`: {}", first_clause(message))
        }
        None => first_clause(message).to_string(),
    };
    if let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        match closest_key(key) {
            Some(k) => out.push_str(&format!("; did you mean `{k}`?")),
            None => out.push_str("; the keys are listed in the README, \"Rules\""),
        }
    }
    out
}

/// The message up to its list of expected values (toml lists every key; the suggestion
/// says more in fewer words).
fn first_clause(message: &str) -> &str {
    message.split(", expected").next().unwrap_or(message).trim()
}

/// A band whose low edge is below 120 steps/min is no running cadence: it looks like
/// strides per minute (one foot), which Garmin files record (docs/METHODS.md).
/// `None` when the band is plausible as steps/min.
#[must_use]
pub(crate) fn strides_hint(lo: f64, hi: f64) -> Option<String> {
    (lo > 0.0 && lo < MIN_TARGET_SPM).then(|| {
        format!(
            "a cadence target of {lo}-{hi} looks like strides/min (one foot); the target is \
             in steps/min (both feet), twice that: {}-{}",
            lo * 2.0,
            hi * 2.0
        )
    })
}

/// The lowest cadence-target edge accepted, steps/min (our choice: walking is below
/// ~140, docs/METHODS.md; a target below 120 can only be strides/min).
pub(crate) const MIN_TARGET_SPM: f64 = 120.0;

/// Parse `LO-HI` (e.g. `165-175`, or `170–180` with the en dash the tool itself prints)
/// for `--cadence-target`.
///
/// # Errors
/// A message saying what was expected.
pub fn parse_cadence_target(s: &str) -> Result<(f64, f64), String> {
    let (lo, hi) = s
        .split_once(['-', '\u{2013}', '\u{2014}'])
        .ok_or_else(|| format!("expected LO-HI in steps/min, like 170-180, not '{s}'"))?;
    let lo: f64 = lo
        .trim()
        .parse()
        .map_err(|_| format!("'{lo}' is not a number"))?;
    let hi: f64 = hi
        .trim()
        .parse()
        .map_err(|_| format!("'{hi}' is not a number"))?;
    if let Some(hint) = strides_hint(lo, hi) {
        return Err(hint);
    }
    if !(lo > 0.0 && lo < hi && hi < MAX_TARGET_SPM) {
        return Err(format!("{lo}-{hi} is not an increasing range of steps/min"));
    }
    Ok((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_a_file_overrides_a_subset() {
        assert_eq!(Rules::default().validate(), Ok(()));
        let r = Rules::from_toml("cadence_target_low_spm = 165\ngap_model = \"minetti2002\"\n")
            .expect("valid");
        assert_eq!(r.cadence_target_low_spm, 165.0);
        assert_eq!(r.cadence_target_high_spm, 180.0);
        assert_eq!(r.gap_model, GapModel::Minetti2002);
    }

    #[test]
    fn typos_and_bad_values_are_refused() {
        assert!(matches!(
            Rules::from_toml("cadence_target = 1"),
            Err(RulesError::Parse(_))
        ));
        assert!(matches!(
            Rules::from_toml("cadence_target_low_spm = 190"),
            Err(RulesError::Invalid(_))
        ));
    }

    #[test]
    fn the_file_takes_the_flag_values_and_errors_name_the_line() {
        let r = Rules::from_toml("gap_model = \"minetti\"").expect("flag spelling");
        assert_eq!(r.gap_model, GapModel::Minetti2002);
        let r = Rules::from_toml("gap_model = \"strava\"").expect("flag spelling");
        assert_eq!(r.gap_model, GapModel::Strava2017);
        let e =
            Rules::from_toml("walk_max_spm = 140\ncadence_target_low = 165\n").expect_err("typo");
        assert_eq!(
            e.to_string(),
            "line 2: `cadence_target_low = 165`: unknown field `cadence_target_low`; \
             did you mean `cadence_target_low_spm`?"
        );
        let e = Rules::from_toml("steep_grade_pct = \"five\"").expect_err("type");
        assert!(
            e.to_string()
                .starts_with("line 1: `steep_grade_pct = \"five\"`:"),
            "{e}"
        );
        let e = Rules::from_toml("cadence_target_low_spm = 85\ncadence_target_high_spm = 90")
            .expect_err("strides");
        assert!(e.to_string().contains("looks like strides/min"), "{e}");
        assert_eq!(keys().len(), 24);
    }

    #[test]
    fn non_finite_negative_and_inverted_thresholds_name_their_key() {
        let refused = |toml: &str| match Rules::from_toml(toml) {
            Err(RulesError::Invalid(m)) => m,
            other => panic!("{toml}: {other:?}"),
        };
        assert_eq!(
            refused("cadence_target_high_spm = inf"),
            "cadence_target_high_spm = inf: must be a number above 0 and at most 300"
        );
        assert_eq!(
            refused("cadence_target_low_spm = nan"),
            "cadence_target_low_spm = nan: must be a number above 0 and at most 300"
        );
        assert_eq!(
            refused("cadence_fade_pct = -inf"),
            "cadence_fade_pct = -inf: must be a percentage from 0 to 100"
        );
        assert_eq!(
            refused("low_cadence_share_pct = nan"),
            "low_cadence_share_pct = nan: must be a percentage from 0 to 100"
        );
        assert_eq!(
            refused("[floors]\ncoach_distance_m = -1"),
            "floors.coach_distance_m = -1: must be a finite number of at least 0"
        );
        assert_eq!(
            refused("[severity]\nhill_share_pct = 101"),
            "severity.hill_share_pct = 101: must be a percentage from 0 to 100"
        );
        assert_eq!(
            refused("[severity]\noverstride_proxies = 0"),
            "severity.overstride_proxies = 0: must be a whole number from 1 to 5 (the \
             overstride proxies, module docs)"
        );
        assert_eq!(
            refused("balance_band_left_pct = [nan, 52]"),
            "balance_band_left_pct (low edge) = nan: must be a number above 0 and at most 100"
        );
        assert_eq!(
            refused("cadence_target_low_spm = 175\ncadence_target_high_spm = 172"),
            "cadence_target_low_spm = 175 must be below cadence_target_high_spm = 172"
        );
        assert_eq!(
            refused("decoupling_moderate_pct = 12"),
            "decoupling_moderate_pct = 12 must be below decoupling_high_pct = 10"
        );
        // Every numeric key: NaN, both infinities and -1 are refused, naming that key.
        let keys: Vec<&str> = Rules::default().ranges().iter().map(|r| r.0).collect();
        assert_eq!(keys.len(), 41, "a threshold without a range");
        for key in keys {
            let (table, name) = key.split_once('.').map_or(("", key), |(t, n)| (t, n));
            if name.starts_with("balance_band_left_pct") {
                continue;
            }
            for bad in ["nan", "inf", "-inf", "-1"] {
                let text = if table.is_empty() {
                    format!("{name} = {bad}")
                } else {
                    format!("[{table}]\n{name} = {bad}")
                };
                let m = refused(&text);
                assert!(m.starts_with(&format!("{key} = ")), "{text}: {m}");
            }
        }
    }

    #[test]
    fn cadence_target_flag() {
        assert_eq!(parse_cadence_target("165-175"), Ok((165.0, 175.0)));
        assert_eq!(parse_cadence_target("170\u{2013}180"), Ok((170.0, 180.0)));
        assert_eq!(parse_cadence_target(" 160 - 170 "), Ok((160.0, 170.0)));
        let e = parse_cadence_target("85-90").expect_err("strides");
        assert!(
            e.contains("looks like strides/min") && e.contains("170-180"),
            "{e}"
        );
        assert!(parse_cadence_target("175").is_err());
        assert!(parse_cadence_target("180-170").is_err());
    }
}
