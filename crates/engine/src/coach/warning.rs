//! Coaching findings: an enum with typed evidence, a stable `code`, a severity, and advice
//! in plain words (hyperfine's `warnings.rs` in spirit). Each finding carries the numbers
//! that fired it, and never claims more than a watch can see.

pub use super::code::FindingCode;
pub use super::message::{Evidence, Message};
use crate::units::Quantity;

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; nothing to change.
    Info,
    /// Worth a look.
    Caution,
    /// Worth changing.
    Warning,
}

impl Severity {
    /// The name used in output: `info`, `caution`, `warning`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Caution => "caution",
            Self::Warning => "warning",
        }
    }
}

/// Which overstride proxy: serialised (and named in evidence) as its snake_case string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyKind {
    /// Steps on descents longer than on the flat at the same speed, percent.
    DescentStepLengthVsFlatPct,
    /// Ground contact time, ms.
    GroundContactMs,
    /// Vertical ratio, percent.
    VerticalRatioPct,
    /// Step length above the runner's own baseline at the same speeds, percent.
    StepLengthVsBaselinePct,
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
        }
    }
}

/// One overstride proxy that fired.
#[derive(Clone, Debug, PartialEq)]
pub struct Proxy {
    /// Which proxy.
    pub name: ProxyKind,
    /// Measured value.
    pub value: f64,
    /// The limit it crossed.
    pub limit: f64,
    /// Its noise (one standard deviation) it had to exceed the limit by; 0 for a
    /// device-measured average.
    pub noise: f64,
}

/// Proxies that need the runner's baseline from a folder of runs.
const BASELINE_PROXIES: [ProxyKind; 1] = [ProxyKind::StepLengthVsBaselinePct];

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
            ProxyKind::VerticalRatioPct => format!("vertical ratio {v:.1}% (limit {l:.1}%)"),
        }
    }

    /// True when the proxy compares the run with the runner's own baseline.
    #[must_use]
    pub(crate) fn needs_baseline(&self) -> bool {
        BASELINE_PROXIES.contains(&self.name)
    }
}

/// Cadence against the runner's own baseline at the same speeds (a folder review).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VsBaseline {
    /// Run minus baseline, percent (negative: below).
    pub diff_pct: f64,
    /// The limit (negative).
    pub limit_pct: f64,
    /// Run-to-run spread of the comparison over the folder, percent.
    pub noise_pct: f64,
}

/// Where a finding's evidence comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The run alone: the same finding whether the run is reviewed alone or in a folder.
    Run,
    /// The runner's baseline over a folder of runs: only a folder review can find it.
    Baseline,
}

/// A coaching finding.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// Running cadence low: most running time below the band, or below the runner's own
    /// baseline at the same speeds (both are one signal, [`crate::coach::rules`], proxy 2).
    LowCadence {
        /// Share of running time below the band, percent.
        share_below_pct: f64,
        /// True when the share is over its limit (the band part fired).
        band_fired: bool,
        /// Running cadence, steps/min.
        running_avg_spm: f64,
        /// Lower edge of the band.
        target_low_spm: f64,
        /// Warning when the average is below this, steps/min.
        warning_below_spm: f64,
        /// Against the runner's baseline, in a folder review with a baseline.
        vs_baseline: Option<VsBaseline>,
        /// Running time on grades steeper than `level_grade_pct`, left out of the band, s.
        steep_left_out_s: f64,
        /// Steepest grade counted as level, percent.
        level_grade_pct: f64,
        /// Median level-running cadence, steps/min.
        median_spm: f64,
        /// The run's own spread of level cadence, steps/min: the median must be below the
        /// band by more than this ([`crate::analysis::cadence::LevelCadence::spread_spm`]).
        spread_spm: f64,
        /// Level running time, s.
        level_time_s: f64,
        /// Whether the run is strong enough evidence for a `warning`: long enough and at a
        /// running speed (see [`crate::coach::rules::SeverityRules`]).
        strong_evidence: bool,
    },
    /// Cadence falls late in the run.
    CadenceFade {
        /// First third, steps/min.
        first_third_spm: f64,
        /// Last third, steps/min.
        last_third_spm: f64,
        /// Drop, percent.
        drop_pct: f64,
        /// The limit, percent.
        limit_pct: f64,
        /// Noise of the difference of two thirds' means, percent.
        noise_pct: f64,
    },
    /// Signs consistent with overstriding.
    Overstriding {
        /// The proxies that fired.
        proxies: Vec<Proxy>,
        /// Independent proxies for a warning.
        warning_proxies: usize,
    },
    /// Much of the run on steep grades.
    HillExposure {
        /// Share of distance steeper than the steep grade (up or down), percent.
        steep_share_pct: f64,
        /// Steep distance, m.
        steep_distance_m: f64,
        /// The steep grade, percent.
        steep_grade_pct: f64,
        /// The limit.
        limit_pct: f64,
        /// Gain, m.
        gain_m: f64,
        /// Loss, m.
        loss_m: f64,
        /// Warning from this share ...
        warning_share_pct: f64,
        /// ... and this steep distance, m.
        warning_distance_m: f64,
        /// GPS-only altitude: never more than a caution.
        rough_altitude: bool,
    },
    /// Long or steep descents (eccentric load on the hip).
    SteepDescents {
        /// Number of descents over the limits.
        count: usize,
        /// Longest of them, m.
        longest_m: f64,
        /// Their total length, m.
        total_m: f64,
        /// Steepest mean grade among them, percent (negative).
        steepest_grade_pct: f64,
        /// Warning from this total length, m.
        warning_total_m: f64,
        /// GPS-only altitude: never more than a caution.
        rough_altitude: bool,
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
    /// Left/right ground-contact balance outside the band on flat running.
    GroundContactBalance {
        /// Left share of ground contact on flat running, percent.
        left_pct: f64,
        /// Flat running time with a balance reading, s.
        flat_time_s: f64,
        /// The band, percent left.
        band_left_pct: (f64, f64),
        /// Warning this far outside the band, percentage points.
        warning_beyond_pct: f64,
    },
}

impl Finding {
    /// Its stable code.
    #[must_use]
    pub fn kind(&self) -> FindingCode {
        match self {
            Self::LowCadence { .. } => FindingCode::LowCadence,
            Self::CadenceFade { .. } => FindingCode::CadenceFade,
            Self::Overstriding { .. } => FindingCode::Overstriding,
            Self::HillExposure { .. } => FindingCode::HillExposure,
            Self::SteepDescents { .. } => FindingCode::SteepDescents,
            Self::PaceDrift { .. } => FindingCode::PaceDrift,
            Self::Decoupling { .. } => FindingCode::Decoupling,
            Self::RunWalk { .. } => FindingCode::RunWalk,
            Self::GroundContactBalance { .. } => FindingCode::GroundContactBalance,
        }
    }

    /// Whether the finding means something for a session of this kind. Form and hills on
    /// any run; the whole-run comparisons (cadence fade, pace drift, decoupling) only where
    /// the effort was meant to be even: the recoveries of intervals and the walk breaks of
    /// a run/walk are not fatigue ([`crate::analysis::session`]).
    #[must_use]
    pub(crate) fn applies_to(&self, kind: crate::analysis::session::SessionKind) -> bool {
        match self {
            Self::CadenceFade { .. } | Self::PaceDrift { .. } | Self::Decoupling { .. } => {
                kind.is_even_effort()
            }
            Self::LowCadence { .. }
            | Self::Overstriding { .. }
            | Self::HillExposure { .. }
            | Self::SteepDescents { .. }
            | Self::RunWalk { .. }
            | Self::GroundContactBalance { .. } => kind.is_run(),
        }
    }

    /// How much it matters: `warning` only for a large or repeated signal (docs/FINDINGS.md's
    /// severity table gives the rule and the reason for every code).
    #[must_use]
    pub fn severity(&self) -> Severity {
        match self {
            Self::RunWalk { .. } => Severity::Info,
            Self::Decoupling {
                decoupling_pct,
                high_pct,
                ..
            } => {
                if decoupling_pct > high_pct {
                    Severity::Caution
                } else {
                    Severity::Info
                }
            }
            Self::PaceDrift { .. } | Self::CadenceFade { .. } => Severity::Caution,
            Self::LowCadence {
                running_avg_spm,
                warning_below_spm,
                band_fired,
                vs_baseline,
                strong_evidence,
                ..
            } => {
                // Large: well below the band; repeated: below the band and below the
                // runner's own rate too; and only on a run long and fast enough to say so
                // (a 13-minute jog is weaker evidence than a two-hour run).
                if *band_fired
                    && *strong_evidence
                    && (running_avg_spm < warning_below_spm || vs_baseline.is_some())
                {
                    Severity::Warning
                } else {
                    Severity::Caution
                }
            }
            Self::Overstriding {
                proxies,
                warning_proxies,
            } => {
                if proxies.len() >= *warning_proxies {
                    Severity::Warning
                } else {
                    Severity::Caution
                }
            }
            Self::HillExposure {
                steep_share_pct,
                steep_distance_m,
                warning_share_pct,
                warning_distance_m,
                rough_altitude,
                ..
            } => {
                if !rough_altitude
                    && steep_share_pct >= warning_share_pct
                    && steep_distance_m >= warning_distance_m
                {
                    Severity::Warning
                } else {
                    Severity::Caution
                }
            }
            Self::SteepDescents {
                total_m,
                warning_total_m,
                rough_altitude,
                ..
            } => {
                if !rough_altitude && total_m >= warning_total_m {
                    Severity::Warning
                } else {
                    Severity::Caution
                }
            }
            Self::GroundContactBalance {
                left_pct,
                band_left_pct: (lo, hi),
                warning_beyond_pct,
                ..
            } => {
                if *left_pct < lo - warning_beyond_pct || *left_pct > hi + warning_beyond_pct {
                    Severity::Warning
                } else {
                    Severity::Caution
                }
            }
        }
    }

    /// Where the evidence comes from: [`Basis::Baseline`] when only a folder review (with
    /// a personal baseline) fires it.
    #[must_use]
    pub fn basis(&self) -> Basis {
        match self {
            Self::LowCadence {
                band_fired: false,
                vs_baseline: Some(_),
                ..
            } => Basis::Baseline,
            Self::Overstriding { proxies, .. } if proxies.iter().all(Proxy::needs_baseline) => {
                Basis::Baseline
            }
            _ => Basis::Run,
        }
    }

    /// The numbers that fired it, by name (sorted, so output is stable), lengths in
    /// metres; unrounded (the JSON wire form rounds them to 2 decimals).
    #[must_use]
    pub fn evidence(&self) -> Evidence {
        let mut e = Evidence::new();
        match self {
            Self::LowCadence {
                share_below_pct,
                running_avg_spm,
                target_low_spm,
                vs_baseline,
                steep_left_out_s,
                level_grade_pct,
                band_fired,
                median_spm,
                spread_spm,
                level_time_s,
                ..
            } => {
                e.number("share_below_target_pct", *share_below_pct);
                e.number("running_avg_spm", *running_avg_spm);
                e.number("target_low_spm", *target_low_spm);
                if *band_fired {
                    e.number("level_median_spm", *median_spm);
                    e.number("level_spread_spm", *spread_spm);
                    e.number("level_running_s", *level_time_s);
                }
                if *steep_left_out_s > 0.0 {
                    e.number("steep_running_left_out_s", *steep_left_out_s);
                    e.number("level_grade_limit_pct", *level_grade_pct);
                }
                if let Some(b) = vs_baseline {
                    e.number("cadence_vs_baseline_pct", b.diff_pct);
                    e.number("cadence_vs_baseline_limit_pct", b.limit_pct);
                    e.number("cadence_vs_baseline_noise_pct", b.noise_pct);
                }
            }
            Self::CadenceFade {
                first_third_spm,
                last_third_spm,
                drop_pct,
                limit_pct,
                noise_pct,
            } => {
                e.number("first_third_spm", *first_third_spm);
                e.number("last_third_spm", *last_third_spm);
                e.number("drop_pct", *drop_pct);
                e.number("limit_pct", *limit_pct);
                e.number("noise_pct", *noise_pct);
            }
            Self::Overstriding { proxies, .. } => {
                for p in proxies {
                    e.number(p.name.as_str(), p.value);
                    e.number(format!("{}_limit", p.name.as_str()), p.limit);
                    if p.noise > 0.0 {
                        e.number(format!("{}_noise", p.name.as_str()), p.noise);
                    }
                }
            }
            Self::HillExposure {
                steep_share_pct,
                steep_distance_m,
                steep_grade_pct,
                limit_pct,
                gain_m,
                loss_m,
                rough_altitude,
                ..
            } => {
                e.number("steep_distance_share_pct", *steep_share_pct);
                e.height("steep_distance", *steep_distance_m);
                e.number("steep_grade_pct", *steep_grade_pct);
                e.number("limit_pct", *limit_pct);
                e.height("gain", *gain_m);
                e.height("loss", *loss_m);
                e.number("rough_gps_altitude", f64::from(u8::from(*rough_altitude)));
            }
            Self::SteepDescents {
                count,
                longest_m,
                total_m,
                steepest_grade_pct,
                rough_altitude,
                ..
            } => {
                e.number("descents", *count as f64);
                e.height("longest", *longest_m);
                e.height("total", *total_m);
                e.number("steepest_mean_grade_pct", *steepest_grade_pct);
                e.number("rough_gps_altitude", f64::from(u8::from(*rough_altitude)));
            }
            Self::PaceDrift {
                drift_pct,
                limit_pct,
            } => {
                e.number("gap_drift_pct", *drift_pct);
                e.number("limit_pct", *limit_pct);
            }
            Self::Decoupling {
                decoupling_pct,
                moderate_pct,
                high_pct,
            } => {
                e.number("decoupling_pct", *decoupling_pct);
                e.number("moderate_pct", *moderate_pct);
                e.number("high_pct", *high_pct);
            }
            Self::RunWalk {
                walk_breaks,
                ratio,
                advised_ratio,
            } => {
                e.number("walk_breaks", *walk_breaks as f64);
                e.number("run_walk_ratio", *ratio);
                e.number("advised_ratio", *advised_ratio);
            }
            Self::GroundContactBalance {
                left_pct,
                flat_time_s,
                band_left_pct: (lo, hi),
                ..
            } => {
                e.number("left_pct", *left_pct);
                e.number("right_pct", 100.0 - left_pct);
                e.number("flat_time_s", *flat_time_s);
                e.number("band_low_left_pct", *lo);
                e.number("band_high_left_pct", *hi);
            }
        }
        e
    }

    /// What happened and what to do, in plain words, its lengths left in metres for the
    /// renderer to word.
    #[must_use]
    pub fn message(&self) -> Message {
        match self {
            Self::LowCadence {
                share_below_pct,
                band_fired,
                target_low_spm,
                vs_baseline,
                steep_left_out_s,
                level_grade_pct,
                median_spm,
                spread_spm,
                ..
            } => {
                let mut what = Vec::new();
                if *band_fired {
                    // Steep running is left out; say so when it is a minute or more.
                    let running = if *steep_left_out_s >= 60.0 {
                        format!(
                            "running on level ground (grades within ±{level_grade_pct:.0}%; \
                             {:.0} min of steeper running left out)",
                            steep_left_out_s / 60.0
                        )
                    } else {
                        "running time".to_string()
                    };
                    what.push(format!(
                        "{share_below_pct:.0}% of your {running} was below \
                         {target_low_spm:.0} steps/min (median {median_spm:.0}: {:.0} below the \
                         band, more than your own spread of ±{spread_spm:.0} in this run)",
                        target_low_spm - median_spm
                    ));
                }
                if let Some(b) = vs_baseline {
                    what.push(format!(
                        "your cadence was {:.1}% below your own baseline at the same speeds \
                         (limit {:.0}%, run-to-run spread {:.1}%)",
                        -b.diff_pct, -b.limit_pct, b.noise_pct
                    ));
                }
                format!(
                    "Low cadence: {}. Try shorter, quicker steps: +5% over your usual rate at \
                     the same pace is a safe first step.",
                    what.join("; ")
                )
                .into()
            }
            Self::CadenceFade {
                first_third_spm,
                last_third_spm,
                drop_pct,
                ..
            } => format!(
                "Cadence fell from {first_third_spm:.0} to {last_third_spm:.0} steps/min \
                 ({drop_pct:.1}% lower) in the last third. Tired legs tend to overstride: keep \
                 steps quick late in the run, or shorten it."
            )
            .into(),
            Self::Overstriding { proxies, .. } => {
                let names: Vec<String> = proxies.iter().map(Proxy::describe).collect();
                format!(
                    "Signs consistent with overstriding: {}. A watch cannot see where your foot \
                     lands; these are proxies. Aim to land under your hips with quicker, shorter \
                     steps.",
                    names.join("; ")
                )
                .into()
            }
            Self::HillExposure {
                steep_share_pct,
                steep_distance_m,
                steep_grade_pct,
                limit_pct,
                gain_m,
                loss_m,
                ..
            } => Message::from(format!("{steep_share_pct:.0}% of the distance ("))
                .quantity(Quantity::Along(*steep_distance_m))
                .text(format!(
                    ") was steeper than ±{steep_grade_pct:.0}% (more than {limit_pct:.0}% is a \
                     lot for a sore hip), with "
                ))
                .quantity(Quantity::Height(*gain_m))
                .text(" up and ")
                .quantity(Quantity::Height(*loss_m))
                .text(" down. While the hip is sore, prefer flatter routes."),
            Self::SteepDescents {
                count,
                longest_m,
                total_m,
                steepest_grade_pct,
                ..
            } => {
                let what = if *count == 1 {
                    Message::from("1 long or steep descent of ")
                        .quantity(Quantity::Along(*longest_m))
                } else {
                    Message::from(format!("{count} long or steep descents, "))
                        .quantity(Quantity::Along(*total_m))
                        .text(" in all, the longest ")
                        .quantity(Quantity::Along(*longest_m))
                };
                what.text(format!(
                    ", the steepest averaging {steepest_grade_pct:.1}%. Downhills load the hip \
                     eccentrically: shorten your steps, or walk them while it hurts."
                ))
            }
            Self::PaceDrift { drift_pct, .. } => format!(
                "Grade-adjusted pace slowed by {drift_pct:.1}% in the second half. Start easier, \
                 or shorten the run."
            )
            .into(),
            Self::Decoupling {
                decoupling_pct,
                high_pct,
                ..
            } => {
                let level = if decoupling_pct > high_pct {
                    "high"
                } else {
                    "moderate"
                };
                format!(
                    "Heart rate drifted up against pace: {decoupling_pct:.1}% aerobic decoupling \
                     ({level}). This run was harder than an easy aerobic run."
                )
                .into()
            }
            Self::RunWalk {
                walk_breaks,
                ratio,
                advised_ratio,
            } => format!(
                "Run/walk pattern: {walk_breaks} walk breaks, about {ratio:.1}:1 run to walk \
                 (advised {advised_ratio:.0}:1). Walk breaks are a legitimate way to keep volume \
                 while a hip settles; they are left out of your running cadence."
            )
            .into(),
            Self::GroundContactBalance {
                left_pct,
                band_left_pct: (lo, hi),
                ..
            } => {
                let (side, share) = if *left_pct > 50.0 {
                    ("left", *left_pct)
                } else {
                    ("right", 100.0 - left_pct)
                };
                format!(
                    "On flat running your {side} foot spent {share:.1}% of ground contact time \
                     (left {left_pct:.1}% / right {:.1}%; {lo:.1}–{hi:.1}% left is the usual \
                     range). Favouring one side is what a sore hip can look like: mention it \
                     when you get assessed, and check it again on your next runs.",
                    100.0 - left_pct
                )
                .into()
            }
        }
    }
}

/// Something in the data that looks like a finding but is not one: a value no runner
/// produces ([`crate::coach::rules`], "Findings a runner can trust"). Shown as a note, never as advice.
#[derive(Clone, Debug, PartialEq)]
pub enum DataNote {
    /// Descent steps much longer than flat ones at the same speed.
    ImplausibleDescentStep {
        /// Longer by, percent.
        step_length_change_pct: f64,
        /// Plausible up to, percent.
        limit_pct: f64,
    },
    /// A steep share the measured climbing cannot explain.
    SteepWithoutClimb {
        /// Steep share, percent.
        steep_share_pct: f64,
        /// Steep distance, m.
        steep_distance_m: f64,
        /// Gain + loss measured, m.
        gain_loss_m: f64,
    },
    /// Altitude that rises or falls faster than any runner climbs: a grade past the range
    /// measured on runners (±45 %, Minetti et al. 2002, DOMAIN.md) over the base grade
    /// window. An altitude error (a GPS cold start, a glitch); left out of the hill
    /// findings, and its grade is never shown as a number.
    ImplausibleGrade {
        /// How many separate stretches.
        stretches: usize,
        /// Their total length, m.
        length_m: f64,
    },
}

impl DataNote {
    /// Stable identifier.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::ImplausibleDescentStep { .. } => "implausible_descent_step",
            Self::SteepWithoutClimb { .. } => "steep_without_climb",
            Self::ImplausibleGrade { .. } => "implausible_grade",
        }
    }

    /// The note in words, its lengths left in metres for the renderer to word.
    #[must_use]
    pub fn message(&self) -> Message {
        match self {
            Self::ImplausibleDescentStep {
                step_length_change_pct,
                limit_pct,
            } => format!(
                "descent steps came out {step_length_change_pct:.0}% longer than flat ones at \
                 the same speed; no runner does that (more than {limit_pct:.0}% is a data \
                 problem, likely altitude or distance glitches), so no overstriding is inferred \
                 from it"
            )
            .into(),
            Self::SteepWithoutClimb {
                steep_share_pct,
                steep_distance_m,
                gain_loss_m,
            } => Message::from(format!("{steep_share_pct:.0}% of the distance ("))
                .quantity(Quantity::Along(*steep_distance_m))
                .text(") came out steep with only ")
                .quantity(Quantity::Height(*gain_loss_m))
                .text(
                    " of climbing and descending in all; the altitude or distance is \
                     unreliable, so no hill finding is made",
                ),
            Self::ImplausibleGrade {
                stretches,
                length_m,
            } => Message::from("the altitude rises or falls faster than any runner climbs over ")
                .quantity(Quantity::Along(*length_m))
                .text(format!(
                    " ({}): an altitude error, not a hill, so it is left out of the hill findings",
                    if *stretches == 1 {
                        "one stretch".to_string()
                    } else {
                        format!("{stretches} stretches")
                    }
                )),
        }
    }
}

/// Anything that advises the runner, per run or across a folder: a stable code, a
/// severity, the numbers that fired it, and plain words. One wire form
/// (the report's JSON `Warning`) and one page rendering serve them all.
pub trait Advice {
    /// Stable identifier for scripts.
    fn code(&self) -> FindingCode;
    /// How much it matters.
    fn severity(&self) -> Severity;
    /// The numbers that fired it, by name, lengths in metres (a renderer names their
    /// unit).
    fn evidence(&self) -> Evidence;
    /// What happened and what to do, its quantities left for the renderer to word.
    fn message(&self) -> Message;
    /// Where the evidence comes from (`None`: the folder's own numbers, not a run's).
    fn basis(&self) -> Option<Basis> {
        None
    }
}

impl Advice for Finding {
    fn code(&self) -> FindingCode {
        self.kind()
    }
    fn severity(&self) -> Severity {
        Finding::severity(self)
    }
    fn evidence(&self) -> Evidence {
        Finding::evidence(self)
    }
    fn message(&self) -> Message {
        Finding::message(self)
    }
    fn basis(&self) -> Option<Basis> {
        Some(Finding::basis(self))
    }
}

/// The sentence every report carries once.
pub const NOT_MEDICAL_ADVICE: &str =
    "Training feedback from your watch data, not medical advice: stop and get assessed if pain \
     is sharp, swelling appears, or pain lingers more than 48 hours.";
