//! The normalized activity every reader produces and every analysis consumes.
//!
//! Invariants after ingest (`ingest::clean` enforces them):
//! * `samples` are in time order; `t_s` is seconds since `start_time`, never decreasing.
//!   A route without timestamps has `t_s == None` on every sample.
//! * `distance_m` is cumulative and never decreasing when present on every sample.
//! * every cadence is in steps/min ([`StepsPerMin`]); `cadence_source` records how the
//!   file's raw value was converted.
//! * `pauses` are disjoint, sorted intervals of `t_s` in which the runner was not recording
//!   or not moving (FIT timer stop/start; GPX/TCX time gaps).

use crate::units::{MetersPerSecond, StepsPerMin};
use chrono::{DateTime, Utc};
use std::fmt;

/// File format, detected from the content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Garmin/ANT Flexible and Interoperable Data Transfer.
    Fit,
    /// GPS Exchange Format 1.0 / 1.1.
    Gpx,
    /// Garmin Training Center XML.
    Tcx,
    /// The Suunto app's JSON (`DeviceLog` with `Samples`, `Windows`, `R-R`).
    SuuntoJson,
    /// Movescount's `.sml` (the same `DeviceLog` as XML, Moveslink2).
    SuuntoSml,
    /// Moveslink's `.xml` (`MovesCount` with per-move sample vectors: Quest, t-series).
    SuuntoMoveslink,
    /// A Polar Flow training-session JSON (account data export).
    PolarJson,
    /// Polar Precision Performance `.hrm` text.
    PolarHrm,
    /// An Apple Health export (`export.xml`): one activity per workout.
    AppleHealth,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Fit => "fit",
            Self::Gpx => "gpx",
            Self::Tcx => "tcx",
            Self::SuuntoJson => "suunto-json",
            Self::SuuntoSml => "suunto-sml",
            Self::SuuntoMoveslink => "suunto-moveslink-xml",
            Self::PolarJson => "polar-flow-json",
            Self::PolarHrm => "polar-hrm",
            Self::AppleHealth => "apple-health-xml",
        })
    }
}

/// Outer compression of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Plain file.
    None,
    /// gzip (`.gz`, as in a Strava bulk export).
    Gzip,
}

impl fmt::Display for Compression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Gzip => "gzip",
        })
    }
}

/// Sport as recorded by the file, folded into the families the coach cares about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sport {
    /// Running, trail running, treadmill running (see `sub_sport`).
    Running,
    /// Walking.
    Walking,
    /// Hiking.
    Hiking,
    /// Cycling of any kind.
    Cycling,
    /// Swimming of any kind.
    Swimming,
    /// Multisport transition.
    Transition,
    /// Recorded but neither of the above.
    Other,
    /// The file does not say.
    Unknown,
}

impl Sport {
    /// Map a free-text sport name (FIT enum name, GPX `<type>`, TCX `Sport` attribute,
    /// Strava's activity type) onto a family. Case and separators are ignored. Strava's
    /// GPX export writes numeric types: 1 ride, 4 hike, 9 run, 10 walk, 16 swim,
    /// 17 virtual ride.
    #[must_use]
    pub fn from_name(name: &str) -> Self {
        let n: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match n.as_str() {
            "" => Self::Unknown,
            "running" | "run" | "trailrun" | "trailrunning" | "treadmill" | "virtualrun"
            | "treadmillrunning" | "9" => Self::Running,
            "walking" | "walk" | "10" => Self::Walking,
            "hiking" | "hike" | "4" => Self::Hiking,
            "cycling" | "biking" | "ride" | "bike" | "virtualride" | "ebikeride" | "1" | "17" => {
                Self::Cycling
            }
            "swimming" | "swim" | "16" => Self::Swimming,
            "transition" => Self::Transition,
            _ if n.contains("run") => Self::Running,
            _ if n.contains("cycl") || n.contains("bik") || n.contains("ride") => Self::Cycling,
            _ if n.contains("swim") => Self::Swimming,
            _ if n.contains("walk") => Self::Walking,
            _ if n.contains("hik") => Self::Hiking,
            _ => Self::Other,
        }
    }

    /// Lower-case name used in output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Walking => "walking",
            Self::Hiking => "hiking",
            Self::Cycling => "cycling",
            Self::Swimming => "swimming",
            Self::Transition => "transition",
            Self::Other => "other",
            Self::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Sport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the altitude channel came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AltitudeSource {
    /// From a device whose maker lists a barometric altimeter
    /// ([`crate::ingest::altimeter`]): the only altitude hill warnings are made on.
    Barometric,
    /// GPS altitude: a device without a barometer, or an unknown device whose trace jitters
    /// like GPS. Smoothed before any gain/loss is computed.
    Gps,
    /// Smooth altitude from a device not known to have a barometer: a barometer the table
    /// does not list, or GPS altitude smoothed by the device or an app, or a terrain model
    /// (Strava's, Garmin Connect's elevation corrections). Judged like GPS altitude: its
    /// drift is not in its jitter.
    Smoothed,
    /// No altitude in the file.
    None,
}

impl AltitudeSource {
    /// Lower-case name used in output.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Barometric => "barometric",
            Self::Gps => "gps",
            Self::Smoothed => "smoothed",
            Self::None => "none",
        }
    }
}

/// How the file's cadence values were turned into steps/min (recorded per file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CadenceSource {
    /// FIT running cadence: steps/min = 2 × (cadence + fractional_cadence / 128).
    FitStridesDoubled,
    /// GPX/TCX values read as strides/min (running median under 120) and doubled.
    XmlStridesDoubled,
    /// GPX/TCX values already in steps/min (running median 120 or more, or a Strava export).
    XmlStepsAsRecorded,
    /// Not a foot sport: the value is pedal or stroke rate and is kept as recorded.
    NotFootSport,
    /// Apple Health step counts: steps ÷ each record's interval in minutes.
    StepsOverInterval,
    /// No cadence in the file.
    None,
}

impl CadenceSource {
    /// Stable code used in JSON and tables.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FitStridesDoubled => "fit_strides_doubled",
            Self::XmlStridesDoubled => "xml_strides_doubled",
            Self::XmlStepsAsRecorded => "xml_steps_as_recorded",
            Self::NotFootSport => "not_foot_sport",
            Self::StepsOverInterval => "steps_over_interval",
            Self::None => "none",
        }
    }
}

/// One point in time of the recording. Every field is optional: files carry different
/// channels, and a channel may drop out part-way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sample {
    /// Seconds since the activity's `start_time`; `None` for a route without timestamps.
    pub t_s: Option<f64>,
    /// Latitude in degrees (WGS84).
    pub lat_deg: Option<f64>,
    /// Longitude in degrees (WGS84).
    pub lon_deg: Option<f64>,
    /// Cumulative distance in metres, as recorded or computed from positions.
    pub distance_m: Option<f64>,
    /// Instantaneous speed as recorded by the device.
    pub speed: Option<MetersPerSecond>,
    /// Altitude in metres above sea level.
    pub altitude_m: Option<f64>,
    /// Heart rate in beats per minute.
    pub heart_rate_bpm: Option<f64>,
    /// Cadence in steps/min for foot sports (for other sports: the raw rate, see
    /// `Activity::cadence_source`).
    pub cadence: Option<StepsPerMin>,
    /// Ground contact time in milliseconds (FIT `stance_time`).
    pub stance_time_ms: Option<f64>,
    /// Left-foot share of ground contact time in percent (FIT `stance_time_balance`).
    pub stance_balance_left_pct: Option<f64>,
    /// Vertical oscillation in millimetres.
    pub vertical_oscillation_mm: Option<f64>,
    /// Vertical ratio in percent (100 × oscillation ÷ step length).
    pub vertical_ratio_pct: Option<f64>,
    /// Step length in millimetres as recorded by the device (FIT `step_length`).
    pub step_length_mm: Option<f64>,
    /// Power in watts (FIT `power`, or a developer field named "Power" in watts).
    pub power_w: Option<f64>,
    /// Developer field values that stand for no field we read (Stryd's Form Power, Leg
    /// Spring Stiffness, ...): (index into [`Activity::developer_fields`], value in that
    /// field's units). Empty (no allocation) for most files.
    pub developer: Box<[(u16, f32)]>,
}

/// A developer field of a FIT file (FIT SDK "Developer Data", `field_description`), named
/// once per activity; samples refer to it by index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeveloperField {
    /// `field_name` as the file writes it (untrusted text, e.g. "Form Power").
    pub name: String,
    /// `units` as the file writes it (e.g. "Watts").
    pub units: String,
}

/// A stretch of time, in seconds since start, when the recording was paused or the
/// runner was not moving.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pause {
    /// Start, seconds since activity start.
    pub start_s: f64,
    /// End, seconds since activity start.
    pub end_s: f64,
}

impl Pause {
    /// Length of the pause in seconds.
    #[must_use]
    pub fn duration_s(&self) -> f64 {
        (self.end_s - self.start_s).max(0.0)
    }
}

/// What the device says a lap was for (FIT `lap.intensity`, FIT SDK profile type
/// `intensity`; TCX `<Intensity>Active|Resting`). A structured workout writes its steps as
/// laps of these kinds, which says "intervals" without guessing from the speed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LapIntensity {
    /// `active` (0): the ordinary kind of a lap of a free run.
    Active,
    /// `rest` (1), TCX `Resting`.
    Rest,
    /// `warmup` (2).
    Warmup,
    /// `cooldown` (3).
    Cooldown,
    /// `recovery` (4).
    Recovery,
    /// `interval` (5).
    Interval,
    /// `other` (6) or a value the profile does not name.
    Other,
}

impl LapIntensity {
    /// From the FIT enum value.
    #[must_use]
    pub(crate) fn from_fit(v: i64) -> Self {
        match v {
            0 => Self::Active,
            1 => Self::Rest,
            2 => Self::Warmup,
            3 => Self::Cooldown,
            4 => Self::Recovery,
            5 => Self::Interval,
            _ => Self::Other,
        }
    }

    /// Lower-case name used in output (the FIT profile's).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Rest => "rest",
            Self::Warmup => "warmup",
            Self::Cooldown => "cooldown",
            Self::Recovery => "recovery",
            Self::Interval => "interval",
            Self::Other => "other",
        }
    }
}

/// A lap as recorded by the device.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lap {
    /// Start, seconds since activity start.
    pub start_s: f64,
    /// Timer time of the lap in seconds.
    pub timer_s: Option<f64>,
    /// Distance of the lap in metres.
    pub distance_m: Option<f64>,
    /// What the lap was for, when the file says.
    pub intensity: Option<LapIntensity>,
}

/// The device's own summary of a session (FIT `session` message, TCX lap totals), in SI
/// units and steps/min. Used as an oracle beside our own figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeviceSummary {
    /// Total distance in metres.
    pub distance_m: Option<f64>,
    /// Timer (moving) time in seconds.
    pub timer_s: Option<f64>,
    /// Elapsed time in seconds.
    pub elapsed_s: Option<f64>,
    /// Average running cadence in steps/min.
    pub avg_cadence_spm: Option<f64>,
    /// Total ascent in metres.
    pub ascent_m: Option<f64>,
    /// Total descent in metres.
    pub descent_m: Option<f64>,
    /// Average heart rate in bpm.
    pub avg_heart_rate_bpm: Option<f64>,
    /// Average speed in m/s.
    pub avg_speed_mps: Option<f64>,
    /// Average ground contact time in ms.
    pub avg_stance_time_ms: Option<f64>,
    /// Average vertical oscillation in mm.
    pub avg_vertical_oscillation_mm: Option<f64>,
    /// Average step length in mm.
    pub avg_step_length_mm: Option<f64>,
    /// Average vertical ratio in percent.
    pub avg_vertical_ratio_pct: Option<f64>,
    /// Why the summary falls short of the records (a session that sums only the laps the
    /// watch wrote), when it does.
    pub note: Option<String>,
}

/// Who recorded the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Device {
    /// Manufacturer (FIT `file_id.manufacturer`).
    pub manufacturer: Option<String>,
    /// Product name or number (FIT `file_id.product`/`garmin_product`, TCX `Creator/Name`).
    pub product: Option<String>,
    /// Free-text creator (GPX `creator` attribute).
    pub creator: Option<String>,
}

impl Device {
    /// One-line description for display, `None` when nothing is known.
    #[must_use]
    pub fn describe(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.manufacturer, &self.product, &self.creator]
            .iter()
            .filter_map(|p| p.as_deref())
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Where a run's local time comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetSource {
    /// The recording's own: FIT `activity.local_timestamp`, a GPX or TCX time written
    /// with an offset, an Apple Health workout's `startDate`.
    Recording,
    /// The time zone of the start position (its IANA name in [`UtcOffset::zone`]).
    StartPosition,
}

impl OffsetSource {
    /// The output string (JSON `utc_offset_source`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recording => "recording",
            Self::StartPosition => "start_position",
        }
    }
}

/// The offset of a run's local time from UTC at its start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UtcOffset {
    /// Seconds east of UTC (Denver in summer: -21600).
    pub seconds: i32,
    /// Where it came from.
    pub source: OffsetSource,
    /// The IANA zone, when found from the start position (`America/Denver`).
    pub zone: Option<String>,
}

impl UtcOffset {
    /// The offset as chrono's.
    #[must_use]
    pub fn fixed(&self) -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(self.seconds)
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"))
    }
}

/// A run's start in its local time: the offset when known, else UTC (said as such by
/// [`local_label`]).
#[must_use]
pub fn local_start(
    start: DateTime<Utc>,
    offset: Option<&UtcOffset>,
) -> DateTime<chrono::FixedOffset> {
    let fixed = offset.map_or_else(
        || chrono::FixedOffset::east_opt(0).expect("zero offset"),
        UtcOffset::fixed,
    );
    start.with_timezone(&fixed)
}

/// The zone words after a local time: `UTC` when the offset is unknown, else
/// `UTC+02:00` (a whole hour as `UTC-06`).
#[must_use]
pub fn local_label(offset: Option<&UtcOffset>) -> String {
    match offset {
        None => "UTC".to_string(),
        Some(o) => {
            let sign = if o.seconds < 0 { '-' } else { '+' };
            let a = o.seconds.unsigned_abs();
            let (h, m) = (a / 3600, a % 3600 / 60);
            if m == 0 {
                format!("UTC{sign}{h:02}")
            } else {
                format!("UTC{sign}{h:02}:{m:02}")
            }
        }
    }
}

/// A normalized recording of one session of one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    /// File format detected from content.
    pub format: Format,
    /// Outer compression.
    pub compression: Compression,
    /// Index of this session among the file's sessions (FIT multisport files), else `None`.
    pub session: Option<usize>,
    /// Device or program that wrote the file.
    pub device: Device,
    /// Activity name from the file (GPX `<name>`), untrusted text.
    pub name: Option<String>,
    /// Sport family.
    pub sport: Sport,
    /// The file's own sport/sub-sport words (e.g. `treadmill`, `trail`), if any.
    pub sub_sport: Option<String>,
    /// Start of the activity in UTC.
    pub start_time: Option<DateTime<Utc>>,
    /// The local time's offset from UTC at the start, and where it came from; `None`:
    /// unknown, the run is dated in UTC (and says so).
    pub utc_offset: Option<UtcOffset>,
    /// The samples, in time order.
    pub samples: Vec<Sample>,
    /// Paused stretches in seconds since start.
    pub pauses: Vec<Pause>,
    /// Device laps.
    pub laps: Vec<Lap>,
    /// How cadence was converted.
    pub cadence_source: CadenceSource,
    /// Why that conversion was chosen, in words (e.g. "running median 84 < 120").
    pub cadence_reason: String,
    /// Where altitude came from.
    pub altitude_source: AltitudeSource,
    /// The device's own session summary, when the file has one.
    pub summary: Option<DeviceSummary>,
    /// Things the reader had to drop, repair or guess, in plain words.
    pub notes: Vec<String>,
    /// FIT developer fields the samples' `developer` values refer to, by index.
    pub developer_fields: Vec<DeveloperField>,
}

impl Activity {
    /// An empty activity of the given format, for readers to fill in.
    #[must_use]
    pub fn new(format: Format) -> Self {
        Self {
            format,
            compression: Compression::None,
            session: None,
            device: Device::default(),
            name: None,
            sport: Sport::Unknown,
            sub_sport: None,
            start_time: None,
            utc_offset: None,
            samples: Vec::new(),
            pauses: Vec::new(),
            laps: Vec::new(),
            cadence_source: CadenceSource::None,
            cadence_reason: String::new(),
            altitude_source: AltitudeSource::None,
            summary: None,
            notes: Vec::new(),
            developer_fields: Vec::new(),
        }
    }

    /// True for a foot sport whose cadence is counted in steps (running, walking, hiking).
    #[must_use]
    pub fn is_foot_sport(&self) -> bool {
        matches!(
            self.sport,
            Sport::Running | Sport::Walking | Sport::Hiking | Sport::Unknown
        )
    }

    /// The first finite cumulative distance of the samples, m: where distances along the
    /// run count from when they are shown (a session inside a longer recording, or a file
    /// whose device counter did not start at zero, starts past 0). The charts' distance axis
    /// and the text's climbs and descents both start here.
    #[must_use]
    pub fn first_distance_m(&self) -> Option<f64> {
        self.samples
            .iter()
            .find_map(|s| s.distance_m.filter(|d| d.is_finite()))
    }

    /// True when the file says it was recorded on a treadmill (or indoors without positions).
    #[must_use]
    pub fn is_treadmill(&self) -> bool {
        self.sub_sport
            .as_deref()
            .is_some_and(|s| s.to_ascii_lowercase().contains("treadmill"))
    }

    /// True when the samples carry no timestamps (a planned route / course).
    #[must_use]
    pub fn is_route(&self) -> bool {
        !self.samples.is_empty() && self.samples.iter().all(|s| s.t_s.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::Sport;

    #[test]
    fn sport_names_from_every_format_fold_into_families() {
        for (name, sport) in [
            ("running", Sport::Running),
            ("Trail Running", Sport::Running),
            ("9", Sport::Running),
            ("Biking", Sport::Cycling),
            ("virtual_ride", Sport::Cycling),
            ("16", Sport::Swimming),
            ("10", Sport::Walking),
            ("transition", Sport::Transition),
            ("jkljkl", Sport::Other),
            ("", Sport::Unknown),
        ] {
            assert_eq!(Sport::from_name(name), sport, "{name}");
        }
    }
}
