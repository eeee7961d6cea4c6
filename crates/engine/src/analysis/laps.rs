//! The device's laps with the figures a runner looks for over each (issue 25, item 5):
//! distance and timer time as the device recorded them (else from the samples), pace
//! over them, and the time-weighted mean cadence and heart rate over the lap's samples,
//! weighted as the whole run's averages are ([`super::totals::sample_weights`]: timer
//! time, nothing inside pauses; the FIT SDK profile's `lap.avg_cadence`,
//! `lap.avg_heart_rate` are averages over the lap's timer time too). A lap runs from its
//! start to the next lap's start (the last one to the end of the recording).

use super::totals::sample_weights;
use crate::model::{Activity, LapIntensity};

/// One lap's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct LapFigures {
    /// Start, seconds since the activity's start.
    pub start_s: f64,
    /// Distance, m: the device's, else the samples' cumulative distance over the lap.
    pub distance_m: Option<f64>,
    /// Timer time, s: the device's, else the samples' timer time over the lap.
    pub timer_s: Option<f64>,
    /// Pace over timer time, s/km.
    pub pace_s_per_km: Option<f64>,
    /// Mean cadence, steps/min (zero readings left out).
    pub cadence_spm: Option<f64>,
    /// Mean heart rate, bpm.
    pub avg_heart_rate_bpm: Option<f64>,
    /// Highest heart rate, bpm.
    pub max_heart_rate_bpm: Option<f64>,
    /// What the lap was for, when the file says.
    pub intensity: Option<LapIntensity>,
}

/// The figures of each of the activity's laps, in order.
#[must_use]
pub fn lap_figures(a: &Activity) -> Vec<LapFigures> {
    let w = sample_weights(a);
    let end_of_run = a.samples.iter().rev().find_map(|s| s.t_s).unwrap_or(0.0) + 1.0;
    a.laps
        .iter()
        .enumerate()
        .map(|(k, lap)| {
            let end = a
                .laps
                .get(k + 1)
                .map_or(end_of_run, |next| next.start_s.max(lap.start_s));
            let inside: Vec<usize> = a
                .samples
                .iter()
                .enumerate()
                .filter(|(_, s)| s.t_s.is_some_and(|t| t >= lap.start_s && t < end))
                .map(|(i, _)| i)
                .collect();
            let mean = |get: &dyn Fn(&crate::model::Sample) -> Option<f64>| {
                let (sum, weight) = inside
                    .iter()
                    .filter_map(|&i| {
                        let v = get(a.samples.get(i)?).filter(|v| *v > 0.0)?;
                        Some((v, *w.get(i)?))
                    })
                    .fold((0.0, 0.0), |(s, ww), (v, wi)| (s + v * wi, ww + wi));
                (weight > 0.0).then(|| sum / weight)
            };
            let first_d = inside
                .iter()
                .find_map(|&i| a.samples.get(i).and_then(|s| s.distance_m));
            let last_d = inside
                .iter()
                .rev()
                .find_map(|&i| a.samples.get(i).and_then(|s| s.distance_m));
            let distance_m = lap
                .distance_m
                .filter(|d| d.is_finite() && *d > 0.0)
                .or_else(|| first_d.zip(last_d).map(|(f, l)| l - f).filter(|d| *d > 0.0));
            let timer_s = lap
                .timer_s
                .filter(|t| t.is_finite() && *t > 0.0)
                .or_else(|| {
                    let t: f64 = inside.iter().filter_map(|&i| w.get(i)).sum();
                    (t > 0.0).then_some(t)
                });
            LapFigures {
                start_s: lap.start_s,
                distance_m,
                timer_s,
                pace_s_per_km: distance_m
                    .zip(timer_s)
                    .filter(|(d, _)| *d > 0.0)
                    .map(|(d, t)| t / (d / 1000.0)),
                cadence_spm: mean(&|s| s.cadence.map(|c| c.0)),
                avg_heart_rate_bpm: mean(&|s| s.heart_rate_bpm),
                max_heart_rate_bpm: inside
                    .iter()
                    .filter_map(|&i| a.samples.get(i).and_then(|s| s.heart_rate_bpm))
                    .reduce(f64::max),
                intensity: lap.intensity,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Lap, Sample};
    use crate::units::StepsPerMin;

    #[test]
    fn each_lap_gets_its_own_samples_figures() {
        let mut a = Activity::new(Format::Fit);
        for i in 0..600_u32 {
            let t = f64::from(i);
            let fast = i < 300;
            a.samples.push(Sample {
                t_s: Some(t),
                distance_m: Some(if fast {
                    t * 4.0
                } else {
                    1200.0 + (t - 300.0) * 2.0
                }),
                cadence: Some(StepsPerMin(if fast { 180.0 } else { 160.0 })),
                heart_rate_bpm: Some(if fast {
                    170.0
                } else {
                    130.0 + (t - 300.0) / 100.0
                }),
                ..Sample::default()
            });
        }
        a.laps = vec![
            Lap {
                start_s: 0.0,
                timer_s: Some(300.0),
                distance_m: Some(1200.0),
                intensity: Some(LapIntensity::Interval),
            },
            Lap {
                start_s: 300.0,
                timer_s: None,
                distance_m: None,
                intensity: Some(LapIntensity::Recovery),
            },
        ];
        let l = lap_figures(&a);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].pace_s_per_km, Some(250.0));
        assert!((l[0].cadence_spm.unwrap() - 180.0).abs() < 1e-9);
        assert!((l[0].avg_heart_rate_bpm.unwrap() - 170.0).abs() < 1e-9);
        assert!((l[1].cadence_spm.unwrap() - 160.0).abs() < 1e-9);
        // From the samples: 299 m over 300 s of timer time.
        assert!(
            (l[1].distance_m.unwrap() - 598.0).abs() < 1e-9,
            "{:?}",
            l[1]
        );
        assert!((l[1].timer_s.unwrap() - 300.0).abs() < 1e-9, "{:?}", l[1]);
        assert!((l[1].max_heart_rate_bpm.unwrap() - 132.99).abs() < 1e-9);
        assert_eq!(l[1].intensity, Some(LapIntensity::Recovery));
    }
}
