//! A run's local time: the offset of its local clock from UTC at the start.
//!
//! In order of trust (issue 25, item 3):
//! 1. the recording's own: FIT `activity.local_timestamp` (FIT SDK profile, message
//!    `activity`, field 5: "timestamp epoch expressed in local time, used to convert
//!    activity timestamps to local time"), read in `fit.rs`; a GPX or TCX time written
//!    with an offset (`2024-05-04T18:40:00-06:00`, RFC 3339), read in `xml.rs`; an Apple
//!    Health workout's `startDate` (`2025-09-16 16:14:50 +0100`), read in
//!    `apple_health.rs`;
//! 2. else the time zone of the start position: its IANA name from the
//!    timezone-boundary-builder polygons `tzf-rs` embeds, and that zone's offset at the
//!    start instant from the IANA database `chrono-tz` compiles in (so daylight saving is
//!    the one in force that day);
//! 3. else none: the run is dated in UTC and every output says "UTC".
//!
//! Nothing here reads the machine's clock or `TZ`: the same file gets the same local time
//! on any computer.

use crate::model::{Activity, OffsetSource, UtcOffset};
use chrono::{Offset, TimeZone};
use std::sync::OnceLock;

/// Largest offset of any time zone, seconds (Kiribati, UTC+14; IANA tz database).
pub(crate) const MAX_OFFSET_S: i32 = 14 * 3600;

/// Offsets are whole quarter hours (the finest any zone uses: Nepal +05:45, Chatham
/// +12:45; IANA tz database).
pub(crate) const OFFSET_STEP_S: i64 = 900;

/// The offset from the FIT `activity` message's `timestamp` (UTC) and
/// `local_timestamp` (the same instant on the device's local clock), both FIT seconds:
/// their difference, rounded to the quarter hour (the two are written a few seconds apart
/// by some devices); `None` beyond ±14 h (a clock that was never set).
#[must_use]
pub(crate) fn offset_from_local(utc: i64, local: i64) -> Option<i32> {
    let diff = local.checked_sub(utc)?;
    // To the nearest quarter hour, halves away from zero, in integers (no overflow: a
    // difference too large to round is no time zone either).
    let half = OFFSET_STEP_S / 2 * diff.signum();
    let rounded = diff.checked_add(half)? / OFFSET_STEP_S * OFFSET_STEP_S;
    i32::try_from(rounded)
        .ok()
        .filter(|s| s.abs() <= MAX_OFFSET_S)
}

/// The finder over the embedded polygons, opened once (it checks the 4 MB of data).
fn finder() -> &'static tzf_rs::EmbeddedFinder {
    static FINDER: OnceLock<tzf_rs::EmbeddedFinder> = OnceLock::new();
    FINDER.get_or_init(tzf_rs::EmbeddedFinder::new)
}

/// The IANA zone at a position (`None` where no zone covers it), and its offset at
/// `instant`.
#[must_use]
pub(crate) fn zone_at(
    lat_deg: f64,
    lon_deg: f64,
    instant: chrono::DateTime<chrono::Utc>,
) -> Option<(String, i32)> {
    if !(lat_deg.is_finite() && lon_deg.is_finite()) {
        return None;
    }
    let name = finder().get_tz_name(lon_deg, lat_deg);
    let tz: chrono_tz::Tz = name.parse().ok()?;
    let offset = tz
        .offset_from_utc_datetime(&instant.naive_utc())
        .fix()
        .local_minus_utc();
    Some((name.to_string(), offset))
}

/// Fill `a.utc_offset` from its start position when the recording gave none.
pub fn fill(a: &mut Activity) {
    if a.utc_offset.is_some() {
        return;
    }
    let Some(start) = a.start_time else { return };
    let Some((lat, lon)) = a.samples.iter().find_map(|s| s.lat_deg.zip(s.lon_deg)) else {
        return;
    };
    if let Some((zone, seconds)) = zone_at(lat, lon, start) {
        a.utc_offset = Some(UtcOffset {
            seconds,
            source: OffsetSource::StartPosition,
            zone: Some(zone),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&chrono::Utc)
    }

    #[test]
    fn zones_come_from_the_position_and_daylight_saving_from_the_date() {
        // Denver: MDT (-6 h) in July, MST (-7 h) in January.
        let (z, s) = zone_at(39.74, -104.99, at("2024-07-01T00:40:00Z")).expect("denver");
        assert_eq!((z.as_str(), s), ("America/Denver", -6 * 3600));
        let (_, s) = zone_at(39.74, -104.99, at("2024-01-10T01:40:00Z")).expect("denver");
        assert_eq!(s, -7 * 3600);
        // Kathmandu: +05:45, a quarter-hour zone.
        let (z, s) = zone_at(27.70, 85.32, at("2024-03-01T01:00:00Z")).expect("nepal");
        assert_eq!((z.as_str(), s), ("Asia/Kathmandu", 5 * 3600 + 45 * 60));
        assert!(zone_at(f64::NAN, 0.0, at("2024-03-01T01:00:00Z")).is_none());
    }

    #[test]
    fn the_fit_local_timestamp_gives_a_quarter_hour_offset_or_none() {
        assert_eq!(
            offset_from_local(1_000_000, 1_000_000 - 21_600),
            Some(-21_600)
        );
        // A few seconds apart: still the whole offset.
        assert_eq!(offset_from_local(1_000_000, 1_000_000 + 7_203), Some(7_200));
        assert_eq!(
            offset_from_local(1_000_000, 1_000_000 + 20_700),
            Some(20_700)
        );
        // A clock never set: no offset.
        assert_eq!(offset_from_local(1_000_000_000, 1_000), None);
    }
}
