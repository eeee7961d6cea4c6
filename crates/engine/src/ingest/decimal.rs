//! Plain decimals (`[+-]?digits[.digits]`, surrounding whitespace allowed) read without
//! the standard library's general float parser, to the very same `f64`.
//!
//! Nearly every number in a GPX or TCX file is such a decimal (`51.5012345`, `142.6`,
//! `87`, and, from devices that store `f32` and print it as an `f64`,
//! `5.5879998207092285`). Its digits, read as one integer `m` (at most 19 of them, so `m`
//! fits a `u64`), and its `f` fractional digits give the value `v = m / 10^f`:
//!
//! * `m ≤ 2^53`: `m` and `10^f` (`f ≤ 22`) are exact `f64`s and one IEEE-754 division is
//!   the correctly rounded `v`: Clinger, "How to read floating point numbers accurately"
//!   (PLDI 1990), the exact case; the same fast path opens Rust's `core::num::dec2flt` and
//!   fast_float (Lemire, "Number parsing at a gigabyte per second", 2021).
//! * larger `m` (17 significant digits): the division gives an approximation `x` within
//!   an ulp or two, and exact integer arithmetic decides whether `v` lies strictly inside
//!   the interval of reals that round to `x` (`(2M ± 1)·2^(e-1)` for `x = M·2^e`), moving
//!   `x` one ulp at a time when it does not: Clinger's Algorithm R, the correction step;
//!   with `m < 2^64`, `10^f < 2^64` and `M < 2^53` both sides fit a `u128`. A tie or any
//!   case outside these bounds goes to the general parser.
//!
//! `str::parse::<f64>` is correctly rounded too, so the two agree bit for bit (signs and
//! `-0` included: rounding to nearest is symmetric). Everything else (an exponent, more
//! digits, `inf`, garbage, Unicode whitespace) goes to `str::parse` as before. Issue 24:
//! the general parser cost 4% of a folder review.

/// `10^k` for `k` in `0..=19`: each an exact `f64` (`10^k` is exact up to `k = 22`).
const POW10: [f64; 20] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19,
];

/// The same powers as integers (`10^19 < 2^64`).
const POW10_INT: [u64; 20] = {
    let mut p = [1_u64; 20];
    let mut k = 1;
    while k < 20 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// The largest integer below which every integer is an exact `f64`.
const MAX_EXACT: u64 = 1 << 53;

/// At most this many digits are read directly: `10^19 - 1 < 2^64`, no overflow.
const MAX_DIGITS: usize = 19;

/// `text.trim().parse::<f64>()`, finite values only (`NaN`, `inf`, garbage: `None`).
pub(crate) fn parse_finite(text: &str) -> Option<f64> {
    match plain(text.as_bytes()) {
        Some(v) => Some(v),
        None => text.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
    }
}

/// What `str::trim` strips among ASCII bytes (`char::is_whitespace`: U+0009 to U+000D
/// and the space; note `u8::is_ascii_whitespace` leaves out U+000B).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Eight ASCII digits, as read little-endian into a `u64`.
fn eight_digits(chunk: u64) -> bool {
    let above = chunk.wrapping_add(0x4646_4646_4646_4646);
    let below = chunk.wrapping_sub(0x3030_3030_3030_3030);
    (above | below) & 0x8080_8080_8080_8080 == 0
}

/// The value of eight ASCII digits read little-endian (fast_float's
/// `parse_eight_digits_unrolled`, also in Rust's `dec2flt`).
fn eight_digit_value(chunk: u64) -> u64 {
    const MASK: u64 = 0x0000_00FF_0000_00FF;
    const MUL1: u64 = 100 + (1_000_000 << 32);
    const MUL2: u64 = 1 + (10_000 << 32);
    let v = chunk.wrapping_sub(0x3030_3030_3030_3030);
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    (v & MASK)
        .wrapping_mul(MUL1)
        .wrapping_add(((v >> 16) & MASK).wrapping_mul(MUL2))
        >> 32
}

/// Read digits from `bytes` into `m` (wrapping: the caller refuses more than
/// [`MAX_DIGITS`]); the number read.
#[inline]
fn digits(bytes: &[u8], m: &mut u64) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let mut word = [0_u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if !eight_digits(word) {
            break;
        }
        *m = m
            .wrapping_mul(100_000_000)
            .wrapping_add(eight_digit_value(word));
        n += 8;
    }
    while let Some(&c) = bytes.get(n) {
        let d = c.wrapping_sub(b'0');
        if d >= 10 {
            break;
        }
        *m = m.wrapping_mul(10).wrapping_add(u64::from(d));
        n += 1;
    }
    n
}

/// The value of a plain decimal within ASCII whitespace, when it is read exactly (see the
/// module docs); `None` for any other text, which the caller hands to `str::parse`.
#[inline]
pub(crate) fn plain(bytes: &[u8]) -> Option<f64> {
    let mut body = bytes;
    if body.first().is_some_and(|&b| is_space(b)) || body.last().is_some_and(|&b| is_space(b)) {
        let start = body.iter().position(|&b| !is_space(b))?;
        let end = body.iter().rposition(|&b| !is_space(b))?;
        body = body.get(start..=end)?;
    }
    let (negative, body) = match body.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, body),
    };
    let mut m = 0_u64;
    let whole = digits(body, &mut m);
    let (fraction, rest) = match body.get(whole..) {
        Some([b'.', after @ ..]) => {
            let n = digits(after, &mut m);
            (n, after.get(n..)?)
        }
        Some(rest) => (0, rest),
        None => return None,
    };
    let count = whole + fraction;
    if !rest.is_empty() || count == 0 {
        return None;
    }
    let value = if count > MAX_DIGITS {
        // More digits than a u64 holds (the exact expansion of an `f32` or `f64`, as some
        // exporters write it): the first 19 give `t`, and the value lies in
        // `[t, t + 1) / 10^k`.
        if whole > MAX_DIGITS {
            return None;
        }
        let kept = MAX_DIGITS - whole;
        let mut t = 0;
        digits(body.get(..whole)?, &mut t);
        digits(body.get(whole + 1..whole + 1 + kept)?, &mut t);
        corrected(t, kept, true)?
    } else if m <= MAX_EXACT {
        // `m` is at most 2^53: exact as an f64.
        m as f64 / POW10.get(fraction)?
    } else {
        corrected(m, fraction, false)?
    };
    Some(if negative { -value } else { value })
}

/// `m / 10^f` correctly rounded, for `m < 2^64` and `f ≤ 19`, when the value is below
/// 2^53 and not a tie (see the module docs); `None` otherwise. With `truncated`, the
/// value is only known to lie in `[m, m + 1) / 10^f` (more digits followed), and is read
/// when that whole range rounds to one `f64`.
fn corrected(m: u64, f: usize, truncated: bool) -> Option<f64> {
    let p = u128::from(*POW10_INT.get(f)?);
    let top = if truncated { m.checked_add(1)? } else { m };
    // Rounded twice (the cast, the division): within two ulps of the value.
    let mut x = m as f64 / POW10.get(f)?;
    for _ in 0..4 {
        let bits = x.to_bits();
        let exponent = (bits >> 52) & 0x7ff;
        let fraction = bits & ((1 << 52) - 1);
        // x = big · 2^(exponent - 1075); the interval that rounds to it is
        // ((2·big - 1) · 2^(e-1), (2·big + 1) · 2^(e-1)): compare m · 2^(1-e) with
        // (2·big ± 1) · 10^f. A power of two (fraction 0) has a narrower interval below:
        // left to the general parser, as are values of 2^53 and more (shift ≤ 0).
        if fraction == 0 || !(950..1076).contains(&exponent) {
            return None;
        }
        let big = u128::from(fraction | 1 << 52);
        let shift = u32::try_from(1076 - exponent).ok()?;
        // The products must fit 128 bits (the right sides are below 2^118).
        if shift + (64 - top.leading_zeros()) > 127 {
            return None;
        }
        let low = u128::from(m) << shift;
        let high = u128::from(top) << shift;
        let above = (2 * big + 1) * p;
        let below = (2 * big - 1) * p;
        if truncated {
            // The value is in [low, high) (scaled): inside when low > below, high ≤ above.
            if low > below && high <= above {
                return Some(x);
            } else if low >= above {
                x = f64::from_bits(bits + 1);
            } else if high <= below {
                x = f64::from_bits(bits - 1);
            } else {
                // The range holds a rounding boundary: the general parser decides.
                return None;
            }
        } else if low > above {
            x = f64::from_bits(bits + 1);
        } else if low < below {
            x = f64::from_bits(bits - 1);
        } else if low == above || low == below {
            return None;
        } else {
            return Some(x);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the readers did before: the general parser.
    fn general(text: &str) -> Option<f64> {
        text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
    }

    fn same(text: &str) {
        let want = general(text).map(f64::to_bits);
        assert_eq!(parse_finite(text).map(f64::to_bits), want, "{text:?}");
        if let Some(fast) = plain(text.as_bytes()) {
            assert_eq!(Some(fast.to_bits()), want, "{text:?} (direct)");
        }
    }

    #[test]
    fn edge_cases_match_the_general_parser() {
        for text in [
            "9007199254740992",
            "9007199254740993",
            "9007199254740991",
            "-9007199254740992",
            "900719925474099.3",
            "0.9007199254740993",
            "10000000000000000000000",
            "1e22",
            "0.1",
            "0.3",
            "-0",
            "-0.0",
            "+0",
            "0",
            "00000.000",
            ".",
            "-",
            "+",
            "-.",
            "",
            "   ",
            "1e5",
            "1E5",
            "inf",
            "-inf",
            "infinity",
            "NaN",
            "nan",
            " 1.5 ",
            "\t\n\x0b\x0c\r1.5\r\n",
            "\u{a0}1.5",
            "1.5\u{2003}",
            "\u{85}2",
            "\u{1c}2",
            ".5",
            "5.",
            "-.5",
            "+.5",
            "+5.",
            "--5",
            "+-5",
            "5-",
            "1.2.3",
            "1,5",
            "0x10",
            "007",
            "-007.50",
            "1234567890123456789",
            "12345678901234567890",
            "0.1234567890123456789",
            "0.12345678901234567890",
            "1.7976931348623157e308",
            "1e400",
            "51.5012345",
            "-0.1285612",
            "142.6",
            "4.94065645841246544e-324",
            "0.0000000000000000001",
            "99999999999999999",
            "9999999999999999.9",
            "1 5",
            "١٢",
        ] {
            same(text);
        }
        // The direct path reads what it is for.
        assert_eq!(plain(b"51.5012345"), Some(51.501_234_5));
        assert_eq!(plain(b"-0").map(f64::to_bits), Some((-0.0_f64).to_bits()));
        assert_eq!(plain(b"9007199254740993"), None);
        assert_eq!(plain(b"5.5879998207092285"), Some(5.587_999_820_709_228_5));
        assert_eq!(plain(b"-57.94064311310649"), Some(-57.940_643_113_106_49));
        assert_eq!(plain(b"12345678.12345678"), Some(12_345_678.123_456_78));
        assert_eq!(
            plain(b"60.29198664240539073944091796875"),
            Some(60.291_986_642_405_39)
        );
        assert_eq!(plain(b"1e5"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 100_000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(24),
            ..ProptestConfig::default()
        })]

        /// Random decimals of 1 to 25 digits, any sign, any place for the dot, leading
        /// zeros, some whitespace: the same bits as the general parser.
        #[test]
        fn random_decimals_match(
            lead in "[ \t\n]{0,2}",
            sign in "[-+]?",
            zeros in "0{0,4}",
            digits in "[0-9]{1,25}",
            dot in proptest::option::of(0_usize..=26),
            trail in "[ \r\n]{0,2}",
        ) {
            let mut body = format!("{zeros}{digits}");
            if let Some(at) = dot {
                body.insert(at.min(body.len()), '.');
            }
            let text = format!("{lead}{sign}{body}{trail}");
            let want = general(&text).map(f64::to_bits);
            prop_assert_eq!(parse_finite(&text).map(f64::to_bits), want, "{:?}", text);
            if let Some(fast) = plain(text.as_bytes()) {
                prop_assert_eq!(Some(fast.to_bits()), want, "{:?}", text);
            }
        }

        /// Numbers as files write them: an f64 printed with 0 to 17 decimals (17+
        /// significant digits must fall back, and do).
        #[test]
        fn printed_values_match(v in -1.0e7_f64..1.0e7, decimals in 0_usize..=17) {
            let text = format!("{v:.decimals$}");
            same(&text);
        }

        /// Any short string of the characters a decimal is made of, and some others.
        #[test]
        fn random_text_matches(text in "[-+.0-9eE \t\u{a0}xn]{0,12}") {
            let want = general(&text).map(f64::to_bits);
            prop_assert_eq!(parse_finite(&text).map(f64::to_bits), want, "{:?}", text);
        }

        /// The shortest text of any `f64` of a GPS-like range (often 17 significant
        /// digits), and of an `f32` printed as an `f64` (as some devices write values).
        #[test]
        fn shortest_texts_match(
            v in -1.0e6_f64..1.0e6,
            small in 0.0_f64..1.0,
            v32 in -1.0e6_f32..1.0e6,
            small32 in 0.0_f32..1.0,
        ) {
            same(&v.to_string());
            same(&small.to_string());
            same(&f64::from(v32).to_string());
            same(&f64::from(small32).to_string());
        }

        /// Any 17 to 19 digit integer with the dot anywhere: the corrected path.
        #[test]
        fn long_mantissas_match(m in (1_u64 << 53)..10_000_000_000_000_000_000, f in 0_usize..=19, sign in "[-+]?") {
            let mut text = m.to_string();
            if f < text.len() {
                text.insert(text.len() - f, '.');
            } else {
                text.insert_str(0, &format!(".{}", "0".repeat(f - text.len())));
            }
            same(&format!("{sign}{text}"));
        }

        /// Exact binary expansions printed in full (20 to 40 digits, as some exporters
        /// write coordinates): the first 19 digits bound the value.
        #[test]
        fn long_expansions_match(
            v in -180.0_f64..180.0,
            v32 in -180.0_f32..180.0,
            decimals in 10_usize..=32,
        ) {
            for v in [v, f64::from(v32)] {
                same(&format!("{v:.decimals$}"));
                same(&format!("{:.decimals$}", v / 1000.0));
            }
        }

        /// Integers near 2^53 and the 19-digit limit.
        #[test]
        fn large_integers_match(m in (1_u64 << 52)..(1_u64 << 54), f in 0_usize..=19) {
            let mut text = m.to_string();
            if f < text.len() {
                text.insert(text.len() - f, '.');
            }
            same(&text);
        }
    }
}
