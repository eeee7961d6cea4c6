//! Grade-adjusted pace (GAP): the flat-ground speed that would cost the same effort as the
//! actual speed on a slope (docs/METHODS.md; the models
//! and their sources below).
//!
//! Both models are expressed as a **speed factor** `k(grade)`: GAP speed = speed × k, so
//! GAP pace = pace ÷ k. `k > 1` uphill (the runner works harder than the speed shows),
//! `k < 1` on gentle descents, and `k(0) = 1` in both models.
//!
//! * [`GapModel::Strava2017`]: Strava's 2017 model, fitted to heart rate ("An improved GAP
//!   model", Strava Engineering, 2017), in GoldenCheetah's polynomial encoding
//!   (`DanielsPoints.cpp`, `running_grade_adjusted`): for slope `s` in percent,
//!   clamped to −40..40,
//!   `f(s) = −3.40029e-9 s⁵ − 4.71345e-7 s⁴ + 7.77802e-7 s³ + 0.001906977 s² +
//!   0.0299822939 s + 0.9935756154`.
//!   GoldenCheetah multiplies speed by `f(s)` and forces the factor to exactly 1 at
//!   `s == 0`, which leaves a jump of 0.64 % between 0 % and ±0.001 %. **Our choice:** we
//!   divide by `f(0)` instead (`k(s) = f(s) / f(0)`), so the factor is continuous and GAP
//!   equals pace on flat ground, as Strava's own table has it (0 % → 1.000). The cost is a
//!   uniform +0.65 % against the raw polynomial; both stay within 2.2 % of every point of
//!   Strava's published curve (tested below).
//! * [`GapModel::Minetti2002`]: energy cost of running per metre on a slope `i` (rise/run)
//!   from Minetti et al. 2002 (J Appl Physiol 93:1039, eq. for Cr),
//!   `Cr(i) = 155.4 i⁵ − 30.4 i⁴ − 43.3 i³ + 46.3 i² + 19.5 i + 3.6` J/kg/m, turned into a
//!   time factor by Runalyze as `(3.6 / Cr(i))^0.83` on pace; as a speed factor
//!   `k(i) = (Cr(i) / 3.6)^0.83`. The slope is clamped to Minetti's measured range
//!   −0.45..+0.45.

/// Slope range, percent, of GoldenCheetah's Strava polynomial (its table ends at ±40 %).
pub(crate) const STRAVA_MAX_SLOPE_PCT: f64 = 40.0;

/// Slope range (rise/run) measured by Minetti et al. 2002 (−45 % .. +45 %).
pub(crate) const MINETTI_MAX_GRADE: f64 = 0.45;

/// Runalyze's exponent turning Minetti's energy ratio into a pace factor.
pub(crate) const MINETTI_EXPONENT: f64 = 0.83;

/// Which grade-adjustment model to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapModel {
    /// Strava 2017 (heart-rate based; credits steep descents less). Our default: it is the
    /// more conservative model on descents, which matter for a runner with hip pain.
    #[default]
    #[serde(alias = "strava", alias = "strava_2017")]
    Strava2017,
    /// Minetti et al. 2002 energy cost, with Runalyze's 0.83 exponent.
    #[serde(alias = "minetti", alias = "minetti_2002")]
    Minetti2002,
}

impl GapModel {
    /// Stable name used in output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strava2017 => "strava_2017",
            Self::Minetti2002 => "minetti_2002",
        }
    }
}

/// GoldenCheetah's polynomial encoding of Strava's 2017 curve, `f(s)` for slope `s` in
/// percent, clamped to ±[`STRAVA_MAX_SLOPE_PCT`]. Not normalized: `f(0) = 0.9935756154`.
#[must_use]
pub(crate) fn strava_2017_polynomial(slope_pct: f64) -> f64 {
    let s = slope_pct.clamp(-STRAVA_MAX_SLOPE_PCT, STRAVA_MAX_SLOPE_PCT);
    // Horner form of the GoldenCheetah coefficients (DanielsPoints.cpp).
    ((((-3.400_29e-9 * s - 4.713_45e-7) * s + 7.778_02e-7) * s + 0.001_906_977) * s
        + 0.029_982_293_9)
        * s
        + 0.993_575_615_4
}

/// Minetti et al. 2002 energy cost of running, J/kg/m, at slope `i` (rise/run), clamped
/// to ±[`MINETTI_MAX_GRADE`]. `Cr(0) = 3.6`.
#[must_use]
pub(crate) fn minetti_cost(grade: f64) -> f64 {
    let i = grade.clamp(-MINETTI_MAX_GRADE, MINETTI_MAX_GRADE);
    ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6
}

/// Speed factor `k` at a grade given as a fraction (0.06 = 6 %): GAP speed = speed × k.
/// A non-finite grade counts as flat (`k = 1`).
#[must_use]
pub fn speed_factor(model: GapModel, grade_fraction: f64) -> f64 {
    if !grade_fraction.is_finite() {
        return 1.0;
    }
    match model {
        // Our normalization, see the module docs.
        GapModel::Strava2017 => {
            strava_2017_polynomial(100.0 * grade_fraction) / strava_2017_polynomial(0.0)
        }
        // Runalyze: pace × (3.6 / Cr)^0.83, i.e. speed × (Cr / 3.6)^0.83.
        GapModel::Minetti2002 => (minetti_cost(grade_fraction) / 3.6).powf(MINETTI_EXPONENT),
    }
}

/// Grade-adjusted speed of every sample: its speed × the model's factor at its grade.
///
/// `speeds` are [`crate::analysis::cadence::sample_speeds`]'s (the recorded speed, else
/// from the neighbouring samples; a review hands its basis' speeds of the recording as
/// read), so the GAP line and the pace line are drawn from the same speeds. `grades` is the
/// per-sample grade (fraction) from [`crate::analysis::elevation::grades`]; a missing grade
/// (or a shorter slice) counts as flat, so a treadmill run's GAP is its speed. `None` where
/// no speed can be found.
#[must_use]
pub fn gap_speeds(
    speeds: &[Option<f64>],
    grades: &[Option<f64>],
    model: GapModel,
) -> Vec<Option<f64>> {
    speeds
        .iter()
        .enumerate()
        .map(|(i, speed)| {
            let g = grades.get(i).copied().flatten().unwrap_or(0.0);
            Some(speed.as_ref()? * speed_factor(model, g))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Format, Sample};
    use crate::units::MetersPerSecond;

    /// Strava's published curve as GoldenCheetah lists it beside its polynomial
    /// (`DanielsPoints.cpp`): slope %, speed factor.
    const STRAVA_TABLE: [(f64, f64); 47] = [
        (-40.0, 1.937),
        (-34.0, 1.665),
        (-32.0, 1.590),
        (-30.0, 1.490),
        (-28.0, 1.400),
        (-26.0, 1.315),
        (-24.0, 1.240),
        (-22.0, 1.160),
        (-20.0, 1.085),
        (-18.0, 1.020),
        (-16.0, 0.965),
        (-14.0, 0.920),
        (-12.0, 0.885),
        (-10.0, 0.875),
        (-9.0, 0.875),
        (-8.0, 0.875),
        (-7.0, 0.875),
        (-6.0, 0.885),
        (-5.0, 0.900),
        (-4.0, 0.910),
        (-3.0, 0.935),
        (-2.0, 0.950),
        (-1.0, 0.980),
        (0.0, 1.000),
        (1.0, 1.020),
        (2.0, 1.050),
        (3.0, 1.100),
        (4.0, 1.140),
        (5.0, 1.190),
        (6.0, 1.240),
        (7.0, 1.290),
        (8.0, 1.350),
        (9.0, 1.410),
        (10.0, 1.480),
        (12.0, 1.600),
        (14.0, 1.770),
        (16.0, 1.930),
        (18.0, 2.110),
        (20.0, 2.280),
        (22.0, 2.470),
        (24.0, 2.645),
        (26.0, 2.820),
        (28.0, 2.985),
        (30.0, 3.160),
        (32.0, 3.320),
        (34.0, 3.470),
        (40.0, 3.739),
    ];

    fn close(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
    }

    /// Strava 2017 as GoldenCheetah encodes it: −10 % → ~0.875, 0 → ~1.0, +5 % → ~1.19, +10 % → ~1.48.
    /// Tolerance 0.011: the normalized curve sits 0.65 % above the raw polynomial.
    #[test]
    fn strava_domain_vectors() {
        let k = |g| speed_factor(GapModel::Strava2017, g);
        close(k(-0.10), 0.875, 0.011);
        close(k(0.0), 1.0, 1e-12);
        close(k(0.05), 1.19, 0.011);
        close(k(0.10), 1.48, 0.011);
        // The raw polynomial (GoldenCheetah's exact numbers) is closer still.
        close(strava_2017_polynomial(0.0), 0.993_575_615_4, 1e-12);
        close(strava_2017_polynomial(-10.0), 0.875, 0.005);
        close(strava_2017_polynomial(5.0), 1.19, 0.002);
        close(strava_2017_polynomial(10.0), 1.48, 0.001);
        // Descents are easiest around −8 %, steep ones cost again.
        assert!(k(-0.08) < k(-0.02) && k(-0.08) < k(-0.20));
    }

    /// Every point of Strava's published curve within 2.2 % (normalized) and 1.6 % (raw).
    #[test]
    fn strava_whole_published_curve() {
        for (s, want) in STRAVA_TABLE {
            let norm = speed_factor(GapModel::Strava2017, s / 100.0);
            assert!((norm / want - 1.0).abs() < 0.022, "{s}%: {norm} vs {want}");
            let raw = strava_2017_polynomial(s);
            assert!((raw / want - 1.0).abs() < 0.016, "{s}%: {raw} vs {want}");
        }
        // Clamped beyond ±40 % to the table's end values.
        close(strava_2017_polynomial(55.0), 3.739, 0.001);
        close(strava_2017_polynomial(-55.0), 1.937, 0.001);
    }

    /// Runalyze's tests: Cr/3.6 at +5 % = 1.3014, −5 % = 0.7628,
    /// +10 % = 1.6578 (to the 4 decimals quoted), and 5:00/km at +5 % ≈ 4:01/km GAP.
    #[test]
    fn minetti_domain_vectors() {
        close(minetti_cost(0.0), 3.6, 1e-12);
        close(minetti_cost(0.05) / 3.6, 1.3014, 5e-5);
        close(minetti_cost(-0.05) / 3.6, 0.7628, 5e-5);
        close(minetti_cost(0.10) / 3.6, 1.6578, 5e-5);
        // 300 s/km ÷ k(+5 %) = 300 × (3.6/Cr)^0.83 = 241.1 s ≈ 4:01 (to the second).
        let gap_pace = 300.0 / speed_factor(GapModel::Minetti2002, 0.05);
        close(gap_pace, 241.0, 0.5);
        assert_eq!(crate::units::format_min_sec(gap_pace), "4:01");
        close(speed_factor(GapModel::Minetti2002, 0.0), 1.0, 1e-12);
        // Clamped beyond Minetti's measured ±45 %.
        close(minetti_cost(0.9), minetti_cost(0.45), 1e-12);
    }

    #[test]
    fn non_finite_grade_is_flat() {
        for m in [GapModel::Strava2017, GapModel::Minetti2002] {
            assert_eq!(speed_factor(m, f64::NAN), 1.0);
        }
    }

    #[test]
    fn gap_speeds_use_recorded_or_derived_speed() {
        let mut a = Activity::new(Format::Fit);
        a.samples = (0..5)
            .map(|i| Sample {
                t_s: Some(f64::from(i)),
                distance_m: Some(3.0 * f64::from(i)),
                speed: (i == 0).then_some(MetersPerSecond(2.0)),
                ..Sample::default()
            })
            .collect();
        let grades = vec![Some(0.0), Some(0.05), None, Some(0.0), Some(0.0)];
        let speeds = |a: &Activity| crate::analysis::cadence::sample_speeds(a);
        let v = gap_speeds(&speeds(&a), &grades, GapModel::Minetti2002);
        close(v[0].unwrap(), 2.0, 1e-12);
        close(
            v[1].unwrap(),
            3.0 * speed_factor(GapModel::Minetti2002, 0.05),
            1e-12,
        );
        close(v[2].unwrap(), 3.0, 1e-12);
        close(v[4].unwrap(), 3.0, 1e-12);
        // No distance, no time: nothing to say.
        let mut b = Activity::new(Format::Gpx);
        b.samples = vec![Sample::default(); 3];
        assert_eq!(
            gap_speeds(&speeds(&b), &[], GapModel::Strava2017),
            vec![None; 3]
        );
    }
}
