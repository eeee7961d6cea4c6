//! Coaching findings: an enum with typed evidence, a stable `code`, a severity, and advice
//! in plain words (hyperfine's `warnings.rs` in spirit). Each finding carries the numbers
//! that fired it, and never claims more than a watch can see.

use serde::Serialize;
use std::collections::BTreeMap;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to change.
    Info,
    /// Worth a look.
    Caution,
    /// Worth changing.
    Warning,
}

/// Which overstride proxy: serialised (and named in evidence) as its snake_case string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProxyKind {
    /// Steps on descents longer than on the flat at the same speed, percent.
    DescentStepLengthVsFlatPct,
    /// Ground contact time, ms.
    GroundContactMs,
    /// Vertical ratio, percent.
    VerticalRatioPct,
    /// Step length above the runner's own baseline at the same speeds, percent.
    StepLengthVsBaselinePct,
    /// Cadence against the runner's own baseline at the same speeds, percent (negative:
    /// below).
    CadenceVsBaselinePct,
}

impl ProxyKind {
    /// The stable name, as in JSON evidence.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DescentStepLengthVsFlatPct => "descent_step_length_vs_flat_pct",
            Self::GroundContactMs => "ground_contact_ms",
            Self::VerticalRatioPct => "vertical_ratio_pct",
            Self::StepLengthVsBaselinePct => "step_length_vs_baseline_pct",
            Self::CadenceVsBaselinePct => "cadence_vs_baseline_pct",
        }
    }
}

/// One overstride proxy that fired.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Proxy {
    /// Which proxy.
    pub name: ProxyKind,
    /// Measured value.
    pub value: f64,
    /// The limit it crossed.
    pub limit: f64,
}

impl Proxy {
    /// The proxy in words, with its number and limit.
    #[must_use]
    pub fn describe(&self) -> String {
        let (v, l) = (self.value, self.limit);
        match self.name {
            ProxyKind::DescentStepLengthVsFlatPct => format!(
                "on descents your steps were {v:.0}% longer than on the flat at the same speed \
                 (limit {l:.0}%)"
            ),
            ProxyKind::GroundContactMs => {
                format!("ground contact time {v:.0} ms (limit {l:.0} ms)")
            }
            ProxyKind::StepLengthVsBaselinePct => format!(
                "your steps were {v:.0}% longer than your own baseline at the same speeds \
                 (limit {l:.0}%)"
            ),
            ProxyKind::CadenceVsBaselinePct => format!(
                "your cadence was {:.0}% below your own baseline at the same speeds (limit {:.0}%)",
                -v, -l
            ),
            ProxyKind::VerticalRatioPct => format!("vertical ratio {v:.1}% (limit {l:.1}%)"),
        }
    }
}

/// The stable identifier of a run finding, serialised (and shown) as its snake_case
/// string (`low_cadence`, ...): the codes scripts match on in JSON and `runs.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// [`Finding::LowCadence`].
    LowCadence,
    /// [`Finding::CadenceFade`].
    CadenceFade,
    /// [`Finding::Overstriding`].
    Overstriding,
    /// [`Finding::HillExposure`].
    HillExposure,
    /// [`Finding::SteepDescents`].
    SteepDescents,
    /// [`Finding::PaceDrift`].
    PaceDrift,
    /// [`Finding::Decoupling`].
    Decoupling,
    /// [`Finding::RunWalk`].
    RunWalk,
}

impl WarningCode {
    /// The code as scripts see it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LowCadence => "low_cadence",
            Self::CadenceFade => "cadence_fade",
            Self::Overstriding => "overstriding",
            Self::HillExposure => "hill_exposure",
            Self::SteepDescents => "steep_descents",
            Self::PaceDrift => "pace_drift",
            Self::Decoupling => "decoupling",
            Self::RunWalk => "run_walk",
        }
    }
}

impl std::fmt::Display for WarningCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A coaching finding.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// Most running time below the cadence band.
    LowCadence {
        /// Share of running time below the band, percent.
        share_below_pct: f64,
        /// Running cadence, steps/min.
        running_avg_spm: f64,
        /// Lower edge of the band.
        target_low_spm: f64,
    },
    /// Cadence falls late in the run.
    CadenceFade {
        /// First third, steps/min.
        first_third_spm: f64,
        /// Last third, steps/min.
        last_third_spm: f64,
        /// Drop, percent.
        drop_pct: f64,
    },
    /// Signs consistent with overstriding.
    Overstriding {
        /// The proxies that fired.
        proxies: Vec<Proxy>,
    },
    /// Much of the run on steep grades.
    HillExposure {
        /// Share of distance steeper than the steep grade (up or down), percent.
        steep_share_pct: f64,
        /// The steep grade, percent.
        steep_grade_pct: f64,
        /// The limit.
        limit_pct: f64,
        /// Gain, m.
        gain_m: f64,
        /// Loss, m.
        loss_m: f64,
    },
    /// Long or steep descents (eccentric load on the hip).
    SteepDescents {
        /// Number of descents over the limits.
        count: usize,
        /// Longest of them, m.
        longest_m: f64,
        /// Steepest mean grade among them, percent (negative).
        steepest_grade_pct: f64,
    },
    /// Grade-adjusted pace slowed in the second half.
    PaceDrift {
        /// Slowdown, percent.
        drift_pct: f64,
        /// The limit.
        limit_pct: f64,
    },
    /// Heart rate rose against pace.
    Decoupling {
        /// Decoupling, percent.
        decoupling_pct: f64,
        /// The moderate limit.
        moderate_pct: f64,
        /// The high limit.
        high_pct: f64,
    },
    /// Regular walk breaks.
    RunWalk {
        /// Walk breaks found.
        walk_breaks: usize,
        /// Median run time ÷ median walk time.
        ratio: f64,
        /// The advised ratio (5 for 5:1).
        advised_ratio: f64,
    },
}

impl Finding {
    /// Its stable code.
    #[must_use]
    pub fn kind(&self) -> WarningCode {
        match self {
            Self::LowCadence { .. } => WarningCode::LowCadence,
            Self::CadenceFade { .. } => WarningCode::CadenceFade,
            Self::Overstriding { .. } => WarningCode::Overstriding,
            Self::HillExposure { .. } => WarningCode::HillExposure,
            Self::SteepDescents { .. } => WarningCode::SteepDescents,
            Self::PaceDrift { .. } => WarningCode::PaceDrift,
            Self::Decoupling { .. } => WarningCode::Decoupling,
            Self::RunWalk { .. } => WarningCode::RunWalk,
        }
    }

    /// Stable identifier for scripts ([`WarningCode::as_str`]).
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// How much it matters.
    #[must_use]
    pub fn severity(&self) -> Severity {
        match self {
            Self::RunWalk { .. } => Severity::Info,
            Self::Decoupling {
                decoupling_pct,
                high_pct,
                ..
            } if decoupling_pct > high_pct => Severity::Warning,
            Self::Decoupling { .. } | Self::PaceDrift { .. } | Self::CadenceFade { .. } => {
                Severity::Caution
            }
            Self::LowCadence { .. }
            | Self::Overstriding { .. }
            | Self::HillExposure { .. }
            | Self::SteepDescents { .. } => Severity::Warning,
        }
    }

    /// The numbers that fired it, by name (sorted, so output is stable).
    #[must_use]
    pub fn evidence(&self) -> BTreeMap<String, f64> {
        let mut e = BTreeMap::new();
        let mut put = |k: &str, v: f64| {
            e.insert(k.to_string(), crate::units::round(v, 2));
        };
        match self {
            Self::LowCadence {
                share_below_pct,
                running_avg_spm,
                target_low_spm,
            } => {
                put("share_below_target_pct", *share_below_pct);
                put("running_avg_spm", *running_avg_spm);
                put("target_low_spm", *target_low_spm);
            }
            Self::CadenceFade {
                first_third_spm,
                last_third_spm,
                drop_pct,
            } => {
                put("first_third_spm", *first_third_spm);
                put("last_third_spm", *last_third_spm);
                put("drop_pct", *drop_pct);
            }
            Self::Overstriding { proxies } => {
                for p in proxies {
                    put(p.name.as_str(), p.value);
                    put(&format!("{}_limit", p.name.as_str()), p.limit);
                }
            }
            Self::HillExposure {
                steep_share_pct,
                steep_grade_pct,
                limit_pct,
                gain_m,
                loss_m,
            } => {
                put("steep_distance_share_pct", *steep_share_pct);
                put("steep_grade_pct", *steep_grade_pct);
                put("limit_pct", *limit_pct);
                put("gain_m", *gain_m);
                put("loss_m", *loss_m);
            }
            Self::SteepDescents {
                count,
                longest_m,
                steepest_grade_pct,
            } => {
                #[allow(clippy::cast_precision_loss)]
                put("descents", *count as f64);
                put("longest_m", *longest_m);
                put("steepest_mean_grade_pct", *steepest_grade_pct);
            }
            Self::PaceDrift {
                drift_pct,
                limit_pct,
            } => {
                put("gap_drift_pct", *drift_pct);
                put("limit_pct", *limit_pct);
            }
            Self::Decoupling {
                decoupling_pct,
                moderate_pct,
                high_pct,
            } => {
                put("decoupling_pct", *decoupling_pct);
                put("moderate_pct", *moderate_pct);
                put("high_pct", *high_pct);
            }
            Self::RunWalk {
                walk_breaks,
                ratio,
                advised_ratio,
            } => {
                #[allow(clippy::cast_precision_loss)]
                put("walk_breaks", *walk_breaks as f64);
                put("run_walk_ratio", *ratio);
                put("advised_ratio", *advised_ratio);
            }
        }
        e
    }

    /// What happened and what to do, in plain words.
    #[must_use]
    pub fn message(&self) -> String {
        match self {
            Self::LowCadence { share_below_pct, running_avg_spm, target_low_spm } => format!(
                "{share_below_pct:.0}% of your running time was below {target_low_spm:.0} steps/min \
                 (average {running_avg_spm:.0}). Try shorter, quicker steps: +5% over your usual \
                 rate at the same pace is a safe first step."
            ),
            Self::CadenceFade { first_third_spm, last_third_spm, drop_pct } => format!(
                "Cadence fell from {first_third_spm:.0} to {last_third_spm:.0} steps/min ({drop_pct:.1}% \
                 lower) in the last third. Tired legs tend to overstride: keep steps quick late in \
                 the run, or shorten it."
            ),
            Self::Overstriding { proxies } => {
                let names: Vec<String> = proxies
                    .iter()
                    .map(Proxy::describe)
                    .collect();
                format!(
                    "Signs consistent with overstriding: {}. A watch cannot see where your foot \
                     lands; these are proxies. Aim to land under your hips with quicker, shorter steps.",
                    names.join("; ")
                )
            }
            Self::HillExposure {
                steep_share_pct,
                steep_grade_pct,
                limit_pct,
                gain_m,
                loss_m,
            } => format!(
                "{steep_share_pct:.0}% of the distance was steeper than ±{steep_grade_pct:.0}% \
                 (more than {limit_pct:.0}% is a lot for a sore hip), with {gain_m:.0} m up and \
                 {loss_m:.0} m down. While the hip is sore, prefer flatter routes."
            ),
            Self::SteepDescents { count, longest_m, steepest_grade_pct } => format!(
                "{count} long or steep descent(s): the longest {longest_m:.0} m, the steepest \
                 averaging {steepest_grade_pct:.1}%. Downhills load the hip eccentrically: shorten \
                 your steps, or walk them while it hurts."
            ),
            Self::PaceDrift { drift_pct, .. } => format!(
                "Grade-adjusted pace slowed by {drift_pct:.1}% in the second half. Start easier, \
                 or shorten the run."
            ),
            Self::Decoupling { decoupling_pct, high_pct, .. } => {
                let level = if decoupling_pct > high_pct { "high" } else { "moderate" };
                format!(
                    "Heart rate drifted up against pace: {decoupling_pct:.1}% aerobic decoupling \
                     ({level}). This run was harder than an easy aerobic run."
                )
            }
            Self::RunWalk { walk_breaks, ratio, advised_ratio } => format!(
                "Run/walk pattern: {walk_breaks} walk breaks, about {ratio:.1}:1 run to walk \
                 (advised {advised_ratio:.0}:1). Walk breaks are a legitimate way to keep volume \
                 while a hip settles; they are left out of your running cadence."
            ),
        }
    }
}

/// Anything that advises the runner, per run or across a folder: a stable code, a
/// severity, the numbers that fired it, and plain words. One wire form
/// ([`crate::report::json::Warning`]) and one page rendering serve them all.
pub trait Advice {
    /// Stable identifier for scripts.
    fn code(&self) -> &'static str;
    /// How much it matters.
    fn severity(&self) -> Severity;
    /// The numbers that fired it, by name.
    fn evidence(&self) -> BTreeMap<String, f64>;
    /// What happened and what to do.
    fn message(&self) -> String;
}

/// Implement [`Advice`] by delegating to the type's inherent methods of the same names.
macro_rules! advice_by_inherent_methods {
    ($($t:ty),+) => {$(
        impl $crate::coach::warning::Advice for $t {
            fn code(&self) -> &'static str {
                <$t>::code(self)
            }
            fn severity(&self) -> $crate::coach::warning::Severity {
                <$t>::severity(self)
            }
            fn evidence(&self) -> std::collections::BTreeMap<String, f64> {
                <$t>::evidence(self)
            }
            fn message(&self) -> String {
                <$t>::message(self)
            }
        }
    )+};
}

advice_by_inherent_methods!(Finding);
pub(crate) use advice_by_inherent_methods;

/// The sentence every report carries once.
pub const NOT_MEDICAL_ADVICE: &str =
    "Training feedback from your watch data, not medical advice: stop and get assessed if pain \
     is sharp, swelling appears, or pain lingers more than 48 hours.";
