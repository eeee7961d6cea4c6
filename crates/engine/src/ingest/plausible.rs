//! The physically possible range of every per-sample channel, in one place with its source.
//! [`super::clean`] drops a value outside its range (the sample keeps its other channels)
//! and says how many in a note, so that no impossible number is shown or coached: a ground
//! contact time of 6000 ms fired overstriding, 1e308 printed "inf ms", a balance of
//! "400.0% L / -300.0% R" was shown as such (issue 22).
//!
//! A value of exactly 0 is a device's "no reading" (strap off, standing still, no running
//! dynamics while walking); the readers and the analyses treat it so, and it is left alone
//! here. The ranges are generous: they catch bytes that cannot be a measurement, not a
//! runner who is unusual. The readers' own parse guards (`xml::HEART_RATE_RANGE`, ...) stay
//! as the first filter of text that is not a number at all. GPS positions have their own
//! checks ([`super::clean::MAX_FOOT_SPEED_MPS`]).

use std::ops::RangeInclusive;

/// Heart rate, bpm. Below the lowest resting heart rates reported in endurance athletes
/// (high 20s), above any measured maximum: the age-predicted maximum is 208 − 0.7 × age
/// (Tanaka, Monahan & Seals 2001, J Am Coll Cardiol 37(1):153–156), and the highest
/// measured values in young athletes stay under 230.
pub(crate) const HEART_RATE_BPM: RangeInclusive<f64> = 25.0..=250.0;

/// Cadence of a foot sport, steps/min. Elite sprinters at top speed take 4.5–5 steps/s
/// (Weyand et al. 2000, J Appl Physiol 89(5):1991–1999), i.e. up to about 300 steps/min;
/// nobody on foot steps faster. (Other sports' cadence is a pedal or stroke rate, which
/// is not checked here.)
pub(crate) const FOOT_CADENCE_SPM: RangeInclusive<f64> = 0.0..=300.0;

/// Ground contact (stance) time, ms. Elite sprinters touch the ground for about 80 ms at
/// top speed (Weyand et al. 2000, above); walking, a foot stands for about 60% of a gait
/// cycle (Perry & Burnfield, "Gait Analysis", 2nd ed. 2010), and watches record up to 1.7 s
/// on slow uphill hiking at 76 steps/min (a Forerunner 945 trail run of the corpus,
/// sports-lib `6782987395.fit`). Half the shortest to 2500 ms.
pub(crate) const GROUND_CONTACT_MS: RangeInclusive<f64> = 40.0..=2500.0;

/// Left foot's share of ground contact time, percent. 0–100 by definition; beyond 10/90
/// the pod has misread the steps rather than measured a limp (our choice: Garmin's own
/// colour scale for this metric ends its worst band at 52.2% / 47.8%, "Running Dynamics"
/// in the Forerunner owner's manuals; the most lopsided samples of the corpus read 22%).
pub(crate) const STANCE_BALANCE_LEFT_PCT: RangeInclusive<f64> = 10.0..=90.0;

/// Vertical oscillation, mm. Garmin's colour scale puts its best band below 6.4 cm and its
/// worst above 11.5 cm (Forerunner owner's manuals, "Running Dynamics"); walking bounces
/// less. Up to 300 mm, more than twice the start of the worst band.
pub(crate) const VERTICAL_OSCILLATION_MM: RangeInclusive<f64> = 0.0..=300.0;

/// Vertical ratio (oscillation ÷ step length), percent. Garmin's scale puts its best band
/// below 6.1% and its worst above 10.1% (same manuals); a ratio of 50% would be a bounce of
/// half a step. Up to 50%.
pub(crate) const VERTICAL_RATIO_PCT: RangeInclusive<f64> = 0.0..=50.0;

/// Step length, mm. Usain Bolt's steps averaged 2.44 m over his 9.58 s 100 m and reached
/// about 2.7 m (Graubner & Nixdorf 2011, New Studies in Athletics 26(1/2):19–53); a
/// shuffle is a few decimetres. Up to 3000 mm.
pub(crate) const STEP_LENGTH_MM: RangeInclusive<f64> = 0.0..=3000.0;

/// Power, W. Usain Bolt's peak mechanical power in that race was about 2.6 kW (Gómez,
/// Marquina & Gómez 2013, "On the performance of Usain Bolt in the 100 m sprint", Eur J
/// Phys 34:1227–1233); a runner's pod reads 150–500 W. Up to 3000 W, for every sport
/// (a track cyclist's sprint peaks near 2.5 kW).
pub(crate) const POWER_W: RangeInclusive<f64> = 0.0..=3000.0;
