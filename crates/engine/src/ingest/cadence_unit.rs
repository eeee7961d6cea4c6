//! Which unit a GPX/TCX cadence is in: strides/min or steps/min.
//!
//! docs/METHODS.md: Garmin GPX (`gpxtpx:cad`, any prefix) and Garmin TCX (`RunCadence`)
//! store running cadence in strides/min (one foot); Strava's GPX export sometimes already
//! writes steps/min although the schema says rpm; some TCX files are already doubled. The
//! unit is therefore inferred from the values, never from the creator:
//!
//! * the **running median** is the median of the finite values above zero. A zero means the
//!   athlete stood still (or no sensor), so the non-zero values are the moving ones; this
//!   needs no speed or position and works on routes and treadmill files alike;
//! * median below [`STEPS_THRESHOLD`] (120) → strides/min, doubled
//!   ([`CadenceSource::XmlStridesDoubled`]); nobody runs or walks at under 120 steps/min
//!   while real stride rates sit at 50–100;
//! * median of 120 or more → already steps/min ([`CadenceSource::XmlStepsAsRecorded`]);
//! * not a foot sport (cycling, swimming, other) → pedal or stroke rate kept as recorded
//!   ([`CadenceSource::NotFootSport`]); cycling cadence must never be doubled;
//! * no value above zero → no cadence ([`CadenceSource::None`]); the samples get none.
//!
//! An unknown sport is treated as a foot sport (as [`Activity::is_foot_sport`] does): this
//! tool reads runs, and a GPX without `<type>` (typical of Strava) is most often one. The
//! reason text says so, because a ride in rpm would then be doubled.

use crate::model::{Activity, CadenceSource, Sport};
use crate::units::StepsPerMin;

/// Running median (recorded units) below which the values are strides/min.
pub const STEPS_THRESHOLD: f64 = 120.0;

/// The unit decision for one file, applied to every cadence of that file.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// The rule applied.
    pub source: CadenceSource,
    /// Multiplier from the recorded value to steps/min (2 or 1).
    pub factor: f64,
    /// Running median of the recorded values, when there is one.
    pub median: Option<f64>,
    /// Why, in one short sentence.
    pub reason: String,
}

impl Decision {
    /// Convert one recorded value. `None` when the file has no usable cadence or the value
    /// is not a finite, non-negative number.
    #[must_use]
    pub(crate) fn convert(&self, raw: f64) -> Option<StepsPerMin> {
        let usable = raw.is_finite() && raw >= 0.0;
        (usable && self.source != CadenceSource::None).then_some(StepsPerMin(raw * self.factor))
    }
}

/// Median of the finite values above zero, `None` when there are none.
#[must_use]
pub fn running_median(raw: &[f64]) -> Option<f64> {
    let mut moving: Vec<f64> = raw
        .iter()
        .copied()
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    if moving.is_empty() {
        return None;
    }
    moving.sort_by(f64::total_cmp);
    let mid = moving.len() / 2;
    let upper = *moving.get(mid)?;
    if moving.len() % 2 == 1 {
        Some(upper)
    } else {
        Some(f64::midpoint(*moving.get(mid - 1)?, upper))
    }
}

/// Decide the unit of a file's recorded cadence values (see the module documentation).
#[must_use]
pub fn decide(raw: &[f64], foot_sport: bool) -> Decision {
    let Some(median) = running_median(raw) else {
        let reason = if raw.iter().any(|v| v.is_finite()) {
            "cadence is zero throughout: no cadence"
        } else {
            "no cadence values"
        };
        return Decision {
            source: CadenceSource::None,
            factor: 1.0,
            median: None,
            reason: reason.to_string(),
        };
    };
    if !foot_sport {
        return Decision {
            source: CadenceSource::NotFootSport,
            factor: 1.0,
            median: Some(median),
            reason: format!(
                "not a foot sport: median recorded cadence {median:.0} kept as recorded (rpm)"
            ),
        };
    }
    if median < STEPS_THRESHOLD {
        Decision {
            source: CadenceSource::XmlStridesDoubled,
            factor: 2.0,
            median: Some(median),
            reason: format!("median recorded cadence {median:.0} < 120: strides/min, doubled"),
        }
    } else {
        Decision {
            source: CadenceSource::XmlStepsAsRecorded,
            factor: 1.0,
            median: Some(median),
            reason: format!(
                "median recorded cadence {median:.0} >= 120: already steps/min, kept as recorded"
            ),
        }
    }
}

/// Decide for `activity` (its sport must already be set) from one recorded value per
/// sample (`raw` runs parallel to `activity.samples`), convert every sample's cadence,
/// and record `cadence_source` and `cadence_reason`. The reason names the sport when it
/// is unknown and the creator when known. Returns the decision so the caller can convert
/// other values of the file (e.g. TCX lap averages) the same way.
pub fn apply(activity: &mut Activity, raw: &[Option<f64>]) -> Decision {
    let values: Vec<f64> = raw.iter().flatten().copied().collect();
    let decision = decide_for(activity, &values);
    for (sample, value) in activity.samples.iter_mut().zip(raw) {
        sample.cadence = value.and_then(|v| decision.convert(v));
    }
    activity.cadence_source = decision.source;
    activity.cadence_reason.clone_from(&decision.reason);
    decision
}

/// [`decide`] with the activity's sport, plus context for the reason text.
#[must_use]
pub(crate) fn decide_for(activity: &Activity, raw: &[f64]) -> Decision {
    let mut decision = decide(raw, activity.is_foot_sport());
    if decision.source == CadenceSource::None {
        return decision;
    }
    if activity.sport == Sport::Unknown {
        decision
            .reason
            .push_str("; sport unknown, treated as a foot sport");
    } else if decision.source == CadenceSource::NotFootSport {
        decision.reason = decision.reason.replacen(
            "not a foot sport",
            &format!("{} is not a foot sport", activity.sport),
            1,
        );
    }
    if let Some(who) = activity.device.describe() {
        let who: String = who.chars().take(40).collect();
        decision.reason = format!("{} (creator {who})", decision.reason);
    }
    decision
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Sample};

    /// `n` values spread by ±2 around `center`.
    fn around(center: f64, n: usize) -> Vec<f64> {
        [-2.0, -1.0, 0.0, 1.0, 2.0]
            .iter()
            .cycle()
            .take(n)
            .map(|d| center + d)
            .collect()
    }

    #[test]
    fn garmin_strides_are_doubled() {
        let mut raw = around(85.0, 101);
        raw.extend([0.0; 30]); // standing at lights: ignored
        let d = decide(&raw, true);
        assert_eq!(d.source, CadenceSource::XmlStridesDoubled);
        assert!((d.factor - 2.0).abs() < f64::EPSILON);
        assert_eq!(d.median, Some(85.0));
        assert_eq!(
            d.reason,
            "median recorded cadence 85 < 120: strides/min, doubled"
        );
        assert_eq!(d.convert(85.5), Some(StepsPerMin(171.0)));
    }

    #[test]
    fn strava_steps_are_kept() {
        let d = decide(&around(170.0, 50), true);
        assert_eq!(d.source, CadenceSource::XmlStepsAsRecorded);
        assert_eq!(d.convert(170.0), Some(StepsPerMin(170.0)));
        assert!(d.reason.starts_with("median recorded cadence 170 >= 120"));
    }

    #[test]
    fn already_doubled_tcx_is_kept() {
        let d = decide(&around(172.0, 20), true);
        assert_eq!(d.source, CadenceSource::XmlStepsAsRecorded);
        assert!((d.factor - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn bike_rpm_is_never_doubled() {
        let d = decide(&around(90.0, 40), false);
        assert_eq!(d.source, CadenceSource::NotFootSport);
        assert_eq!(d.convert(90.0), Some(StepsPerMin(90.0)));
    }

    #[test]
    fn empty_and_all_zero_mean_no_cadence() {
        let d = decide(&[], true);
        assert_eq!(d.source, CadenceSource::None);
        assert_eq!(d.reason, "no cadence values");
        let d = decide(&[0.0; 10], true);
        assert_eq!(d.source, CadenceSource::None);
        assert_eq!(d.reason, "cadence is zero throughout: no cadence");
        assert_eq!(d.convert(0.0), None);
    }

    #[test]
    fn nan_and_infinity_are_ignored() {
        let d = decide(&[f64::NAN, 80.0, f64::INFINITY, 82.0, 84.0], true);
        assert_eq!(d.median, Some(82.0));
        assert_eq!(d.source, CadenceSource::XmlStridesDoubled);
        assert_eq!(d.convert(f64::NAN), None);
        assert_eq!(d.convert(-1.0), None);
        assert_eq!(decide(&[f64::NAN], true).source, CadenceSource::None);
    }

    #[test]
    fn even_count_median_is_the_mean_of_the_middle_pair() {
        assert_eq!(running_median(&[118.0, 0.0, 122.0]), Some(120.0));
        assert_eq!(
            decide(&[118.0, 122.0], true).source,
            CadenceSource::XmlStepsAsRecorded
        );
    }

    #[test]
    fn apply_converts_samples_and_explains() {
        let mut a = Activity::new(Format::Gpx);
        a.device.creator = Some("StravaGPX".into());
        a.samples = vec![Sample::default(); 3];
        let d = apply(&mut a, &[Some(84.0), None, Some(0.0)]);
        assert_eq!(d.source, CadenceSource::XmlStridesDoubled);
        let got: Vec<_> = a.samples.iter().map(|s| s.cadence).collect();
        assert_eq!(
            got,
            [Some(StepsPerMin(168.0)), None, Some(StepsPerMin(0.0))]
        );
        assert_eq!(a.cadence_source, CadenceSource::XmlStridesDoubled);
        assert_eq!(
            a.cadence_reason,
            "median recorded cadence 84 < 120: strides/min, doubled; \
             sport unknown, treated as a foot sport (creator StravaGPX)"
        );
    }

    #[test]
    fn apply_names_the_non_foot_sport() {
        let mut a = Activity::new(Format::Tcx);
        a.sport = Sport::Cycling;
        a.samples = vec![Sample::default()];
        apply(&mut a, &[Some(90.0)]);
        assert_eq!(a.cadence_source, CadenceSource::NotFootSport);
        assert!(a.cadence_reason.starts_with("cycling is not a foot sport"));
        assert_eq!(
            a.samples.first().and_then(|s| s.cadence),
            Some(StepsPerMin(90.0))
        );
    }
}
