//! Rendering: every output format writes into an `io::Write`, so tests render into a
//! `Vec<u8>` and only `app` touches stdout.

pub mod chart;
pub mod html;
pub mod inspect;
pub mod json;
pub mod outdir;
pub mod png;
pub mod report_dir;
pub mod route;
pub mod sanitize;
pub mod text;
pub mod words;

/// Round to `digits` decimals for output (keeps JSON short and byte-stable).
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
