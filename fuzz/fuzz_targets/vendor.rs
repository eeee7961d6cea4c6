//! Suunto, Polar and Apple Health: the first byte picks the raw reader (Suunto app JSON,
//! `.sml`, Moveslink XML, Polar Flow JSON, Polar `.hrm`, Apple Health XML), the rest is its input; then the
//! cleaning step. The readers' contract: a clean `Ok`/`Err`, never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use stridewise::ingest::{apple_health, clean, hrm, polar, suunto};

fuzz_target!(|data: &[u8]| {
    common::install_panic_hook();
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let read = match which % 6 {
        0 => suunto::json::read(rest),
        1 => suunto::sml::read(rest),
        2 => suunto::moveslink::read(rest),
        3 => polar::read(rest),
        4 => hrm::read(rest),
        _ => apple_health::read(rest),
    };
    if let Ok(activities) = read {
        for mut a in activities {
            clean::finish(&mut a);
        }
    }
});
