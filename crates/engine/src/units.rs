//! Typed quantities, so the classic unit bugs of run analysis cannot compile.
//!
//! * Cadence: FIT, Garmin GPX (`gpxtpx:cad`) and Garmin TCX (`RunCadence`) store running
//!   cadence in **strides** per minute (one foot); runners and the 170–180 target speak
//!   **steps** per minute (both feet). [`StridesPerMin`] and [`StepsPerMin`] are distinct
//!   types and the only conversion is [`StridesPerMin::to_steps`] (× 2). Past ingest every
//!   cadence is a [`StepsPerMin`] (docs/METHODS.md).
//! * Speed vs pace: pace is the inverse of speed. Speeds are averaged, never paces;
//!   [`MetersPerSecond::pace`] converts at the very end.
//! * Metric vs imperial is a display choice ([`UnitSystem`]); internal values are SI.

use std::fmt;

/// Metres in one kilometre.
pub(crate) const METERS_PER_KM: f64 = 1000.0;
/// Metres in one statute mile.
pub const METERS_PER_MILE: f64 = 1609.344;
/// Metres in one foot.
pub(crate) const METERS_PER_FOOT: f64 = 0.3048;

/// Running cadence counted on both feet, the unit of the 170–180 target.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct StepsPerMin(pub f64);

/// Running cadence counted on one foot, as FIT and Garmin XML extensions store it.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct StridesPerMin(pub f64);

impl StridesPerMin {
    /// Build from a FIT `cadence` and `fractional_cadence` (1/128 units) pair.
    ///
    /// Source: FIT SDK profile, record message: `cadence` (rpm, strides for running) plus
    /// `fractional_cadence` with scale 128. GoldenCheetah dropped the fraction for years.
    #[must_use]
    #[cfg(test)]
    pub(crate) fn from_fit(cadence: f64, fractional_128: f64) -> Self {
        Self(cadence + fractional_128 / 128.0)
    }

    /// Two steps per stride.
    #[must_use]
    pub fn to_steps(self) -> StepsPerMin {
        StepsPerMin(self.0 * 2.0)
    }
}

impl StepsPerMin {
    /// Steps per second.
    #[must_use]
    pub(crate) fn per_second(self) -> f64 {
        self.0 / 60.0
    }
}

impl fmt::Display for StepsPerMin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.0} spm", self.0)
    }
}

/// Speed in metres per second.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct MetersPerSecond(pub f64);

impl MetersPerSecond {
    /// Pace for this speed, `None` when standing still (pace is undefined at zero speed).
    #[must_use]
    pub fn pace(self) -> Option<Pace> {
        (self.0 > 1e-6 && self.0.is_finite()).then(|| Pace {
            sec_per_km: 1000.0 / self.0,
        })
    }

    /// Step length in metres for this speed at the given step rate:
    /// step length = speed ÷ (steps/min ÷ 60) (docs/METHODS.md). `None` at zero cadence.
    #[must_use]
    pub fn step_length(self, cadence: StepsPerMin) -> Option<f64> {
        (cadence.0 > 0.0).then(|| self.0 / cadence.per_second())
    }
}

/// Time per distance. Stored per kilometre; shown per km or per mile.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Pace {
    /// Seconds per kilometre.
    pub sec_per_km: f64,
}

impl Pace {
    /// Seconds per unit distance in the chosen system (km or mile).
    #[must_use]
    pub fn seconds_per(self, units: UnitSystem) -> f64 {
        match units {
            UnitSystem::Metric => self.sec_per_km,
            UnitSystem::Imperial => self.sec_per_km * METERS_PER_MILE / 1000.0,
        }
    }

    /// `m:ss` per km or per mile (without the unit suffix).
    #[must_use]
    pub fn format(self, units: UnitSystem) -> String {
        format_min_sec(self.seconds_per(units))
    }
}

/// `m:ss` rendering of a duration in seconds, rounding to the nearest second.
#[must_use]
pub fn format_min_sec(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "-".to_string();
    }
    // Rounded value is small and non-negative, so the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let total = seconds.round() as u64;
    format!("{}:{:02}", total / 60, total % 60)
}

/// `h:mm:ss` (or `m:ss` under an hour) rendering of a duration in seconds.
#[must_use]
pub fn format_duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "-".to_string();
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let total = seconds.round() as u64;
    if total >= 3600 {
        format!(
            "{}:{:02}:{:02}",
            total / 3600,
            (total / 60) % 60,
            total % 60
        )
    } else {
        format!("{}:{:02}", total / 60, total % 60)
    }
}

/// Display unit system. Internal values stay SI whatever is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UnitSystem {
    /// Kilometres, metres, pace per km.
    #[default]
    Metric,
    /// Miles, feet, pace per mile.
    Imperial,
}

impl UnitSystem {
    /// Long distance (km or mi) from metres.
    #[must_use]
    pub fn distance(self, meters: f64) -> f64 {
        match self {
            Self::Metric => meters / 1000.0,
            Self::Imperial => meters / METERS_PER_MILE,
        }
    }
    /// Label of the long distance unit.
    #[must_use]
    pub fn distance_label(self) -> &'static str {
        match self {
            Self::Metric => "km",
            Self::Imperial => "mi",
        }
    }
    /// Metres of one long distance unit (split length).
    #[must_use]
    pub fn split_meters(self) -> f64 {
        match self {
            Self::Metric => METERS_PER_KM,
            Self::Imperial => METERS_PER_MILE,
        }
    }
    /// Short length (m or ft) from metres: elevation, step length.
    #[must_use]
    pub fn elevation(self, meters: f64) -> f64 {
        match self {
            Self::Metric => meters,
            Self::Imperial => meters / METERS_PER_FOOT,
        }
    }
    /// Label of the short length unit.
    #[must_use]
    pub fn elevation_label(self) -> &'static str {
        match self {
            Self::Metric => "m",
            Self::Imperial => "ft",
        }
    }
    /// Label of pace (`/km` or `/mi`).
    #[must_use]
    pub fn pace_label(self) -> &'static str {
        match self {
            Self::Metric => "/km",
            Self::Imperial => "/mi",
        }
    }
}

/// Round to `digits` decimals for output (keeps JSON short and byte-stable); `-0` becomes `0`.
#[must_use]
pub fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    // Avoid "-0.0" in output.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A quantity a sentence states, kept in SI until a renderer words it in the runner's
/// units: the coach's messages hold these and never a unit system
/// ([`crate::coach::message::Message`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    /// A short length (a height, a climb), metres: `90 m`, `295 ft`.
    Height(f64),
    /// A length along the ground, metres: metres in metric; in imperial feet below 1,000 ft
    /// and miles above (`0.95 mi`), as a runner reads a route (25,565 ft of steep running
    /// is 4.84 mi).
    Along(f64),
    /// A long distance, metres, shown with this many decimals: `12.3 km`, `7.64 mi`.
    Distance {
        /// Metres.
        meters: f64,
        /// Decimals shown.
        decimals: usize,
    },
    /// A pace, from a speed in m/s: `5:00/km`, `8:03/mi` (`?/km` standing still).
    Pace(f64),
}

impl Quantity {
    /// The quantity in words, in the given units.
    #[must_use]
    pub fn words(self, u: UnitSystem) -> String {
        match self {
            Self::Height(m) => format!("{:.0} {}", u.elevation(m), u.elevation_label()),
            Self::Along(m) if u == UnitSystem::Imperial && u.elevation(m) >= 1000.0 => {
                format!("{:.2} {}", u.distance(m), u.distance_label())
            }
            Self::Along(m) => Self::Height(m).words(u),
            Self::Distance { meters, decimals } => {
                format!("{:.*} {}", decimals, u.distance(meters), u.distance_label())
            }
            Self::Pace(mps) => format!(
                "{}{}",
                MetersPerSecond(mps)
                    .pace()
                    .map_or_else(|| "?".into(), |p| p.format(u)),
                u.pace_label()
            ),
        }
    }
}

/// In SI (metres, kilometres, pace per km), as logs and tests read it.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(UnitSystem::Metric))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cadence_keeps_fraction_and_doubles() {
        // 85 strides/min + 64/128 = 85.5 strides/min = 171 steps/min.
        assert_eq!(
            StridesPerMin::from_fit(85.0, 64.0).to_steps(),
            StepsPerMin(171.0)
        );
    }

    #[test]
    fn pace_is_inverse_of_speed() {
        let p = MetersPerSecond(1000.0 / 300.0).pace().unwrap();
        assert_eq!(p.format(UnitSystem::Metric), "5:00");
        // 5:00/km = 8:03/mi (300 s × 1.609344 = 482.8 s).
        assert_eq!(p.format(UnitSystem::Imperial), "8:03");
        assert!(MetersPerSecond(0.0).pace().is_none());
    }

    #[test]
    fn step_length_from_speed_and_steps() {
        // 3 m/s at 180 steps/min = 3 steps per second -> 1 m per step.
        let l = MetersPerSecond(3.0)
            .step_length(StepsPerMin(180.0))
            .unwrap();
        assert!((l - 1.0).abs() < 1e-12);
        assert!(MetersPerSecond(3.0).step_length(StepsPerMin(0.0)).is_none());
    }

    #[test]
    fn durations_render() {
        assert_eq!(format_duration(3725.0), "1:02:05");
        assert_eq!(format_duration(59.6), "1:00");
        assert_eq!(format_min_sec(f64::NAN), "-");
    }
}

/// A signed number with `decimals` decimals, `+` or `-` in front, and no sign at all when
/// it rounds to zero: `+4.4`, `-0.1`, `0.0` (never `-0.0` or `+0.0`).
#[must_use]
pub fn signed(v: f64, decimals: usize) -> String {
    let s = format!("{v:+.decimals$}");
    if s.trim_start_matches(['+', '-'])
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches(['+', '-']).to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod signed_tests {
    #[test]
    fn zero_has_no_sign() {
        assert_eq!(super::signed(-0.04, 1), "0.0");
        assert_eq!(super::signed(0.04, 1), "0.0");
        assert_eq!(super::signed(-0.0, 0), "0");
        assert_eq!(super::signed(-0.06, 1), "-0.1");
        assert_eq!(super::signed(4.44, 1), "+4.4");
        assert_eq!(super::signed(-12.0, 0), "-12");
    }
}
