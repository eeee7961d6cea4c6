//! Time between two instants, the same numbers chrono's `DateTime - DateTime` gives, from
//! the instants' Unix seconds and nanoseconds instead of its general date arithmetic
//! (issue 24: the subtraction, once per sample of every file, cost 1.2% of a folder
//! review). An instant inside a leap second is left to chrono.

use chrono::{DateTime, Utc};

/// Nanoseconds in a second.
const NANOS: i64 = 1_000_000_000;

/// `t - s` as chrono's `TimeDelta` holds it: whole seconds and nanoseconds in
/// `0..1_000_000_000`; `None` for an instant in a leap second.
fn parts(t: DateTime<Utc>, s: DateTime<Utc>) -> Option<(i64, i64)> {
    let (nt, ns) = (
        i64::from(t.timestamp_subsec_nanos()),
        i64::from(s.timestamp_subsec_nanos()),
    );
    if nt >= NANOS || ns >= NANOS {
        return None;
    }
    let secs = t.timestamp().checked_sub(s.timestamp())?;
    let nanos = nt - ns;
    if nanos < 0 {
        Some((secs.checked_sub(1)?, nanos + NANOS))
    } else {
        Some((secs, nanos))
    }
}

/// `(t - s).as_seconds_f64()`.
#[must_use]
pub fn seconds_f64(t: DateTime<Utc>, s: DateTime<Utc>) -> f64 {
    match parts(t, s) {
        // chrono's `TimeDelta::as_seconds_f64`, term for term.
        #[allow(clippy::cast_precision_loss)]
        Some((secs, nanos)) => secs as f64 + nanos as f64 / NANOS as f64,
        None => (t - s).as_seconds_f64(),
    }
}

/// `(t - s).num_milliseconds()` (truncated toward zero).
#[must_use]
pub fn milliseconds(t: DateTime<Utc>, s: DateTime<Utc>) -> i64 {
    match parts(t, s) {
        // chrono's `TimeDelta::num_milliseconds`: a negative span counts its whole
        // seconds and its fraction toward zero.
        Some((secs, nanos)) if secs < 0 && nanos > 0 => {
            (secs + 1) * 1000 + (nanos - NANOS) / 1_000_000
        }
        Some((secs, nanos)) => secs * 1000 + nanos / 1_000_000,
        None => (t - s).num_milliseconds(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn at(secs: i64, nanos: u32) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, nanos).expect("in range")
    }

    #[test]
    fn known_spans() {
        let s = at(1_700_000_000, 250_000_000);
        assert_eq!(seconds_f64(at(1_700_000_010, 0), s), 9.75);
        assert_eq!(milliseconds(at(1_700_000_010, 0), s), 9750);
        assert_eq!(seconds_f64(s, at(1_700_000_010, 0)), -9.75);
        assert_eq!(milliseconds(s, at(1_700_000_010, 0)), -9750);
        assert_eq!(milliseconds(at(0, 0), at(0, 999_999)), 0);
        // A leap second goes through chrono.
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 59, 1_500_000_000))
            .expect("leap second")
            .and_utc();
        assert_eq!(seconds_f64(leap, s), (leap - s).as_seconds_f64());
        assert_eq!(milliseconds(s, leap), (s - leap).num_milliseconds());
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(24),
            ..ProptestConfig::default()
        })]

        /// Random pairs of instants from year 0 to 9999, either order, any nanoseconds,
        /// and pairs a few seconds apart (a recording's samples): chrono's numbers.
        #[test]
        fn same_as_chrono(
            a in -62_167_219_200_i64..253_402_300_799,
            b in -62_167_219_200_i64..253_402_300_799,
            near in -5_i64..5,
            na in 0_u32..1_000_000_000,
            nb in 0_u32..1_000_000_000,
        ) {
            let t = at(a, na);
            for s in [at(b, nb), at((a + near).clamp(-62_167_219_200, 253_402_300_799), nb)] {
                prop_assert_eq!(seconds_f64(t, s).to_bits(), (t - s).as_seconds_f64().to_bits());
                prop_assert_eq!(milliseconds(t, s), (t - s).num_milliseconds());
                prop_assert_eq!(milliseconds(s, t), (s - t).num_milliseconds());
            }
        }
    }
}
