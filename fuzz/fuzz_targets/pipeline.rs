//! Bytes → `ingest::read_bytes` (any format, gzip or not) → for each activity: `review`,
//! chart data, one chart rendered as a small PNG, the HTML page (which includes the
//! terminal summary) and the JSON wire form. Nothing past ingest may panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use stridewise::coach::review::{review_with, ReviewOptions};
use stridewise::coach::rules::Rules;
use stridewise::report::text::{Reviewed, Style};
use stridewise::report::{chart, html, json, png};
use stridewise::units::UnitSystem;

fuzz_target!(|data: &[u8]| {
    common::install_panic_hook();
    let Ok(activities) = stridewise::ingest::read_bytes(data) else {
        return;
    };
    // Both unit systems get exercised, chosen by the input so runs stay reproducible.
    let units = if data.len().is_multiple_of(2) {
        UnitSystem::Metric
    } else {
        UnitSystem::Imperial
    };
    let rules = Rules::default();
    for a in &activities {
        let r = review_with(
            a,
            &ReviewOptions {
                split_m: units.split_meters(),
                ..ReviewOptions::new(&rules)
            },
        );
        let charts = chart::build(a, &r, units);
        // Rendering is the slow part: one chart per activity, picked by the input.
        if let Some(spec) = charts.get(data.len() % charts.len().max(1)) {
            let png = png::render(spec, 400, 250);
            assert!(png.is_ok(), "chart `{}`: {:?}", spec.id, png.err());
        }
        let item = Reviewed {
            path: "fuzz.input",
            activity: a,
            review: &r,
        };
        let _page = html::page(
            &item,
            Style {
                units,
                color: false,
            },
            &[],
        );
        // What reaches the terminal: no escape, control or bidi-override character from
        // the file (issue 15: a right-to-left override in a name reached the terminal).
        let mut shown = Vec::new();
        stridewise::report::text::write(
            &[item],
            Style {
                units,
                color: false,
            },
            &mut shown,
        )
        .expect("writing into memory");
        let shown = String::from_utf8_lossy(&shown);
        assert!(
            !shown.chars().any(|c| (c.is_control() && c != '\n' && c != '\t')
                || stridewise::report::sanitize::is_bidi_control(c)),
            "control or bidi character on the terminal: {shown:?}"
        );
        let run = json::Run::reviewed("fuzz.input", a, &r);
        serde_json::to_vec(&run).expect("the JSON wire form always serialises");
    }
});
