//! Suunto and Polar logs: the first byte picks the raw reader (Suunto app JSON, `.sml`,
//! Moveslink XML, Polar Flow JSON, Polar `.hrm`), the rest is its input; then the
//! cleaning step. The readers' contract: a clean `Ok`/`Err`, never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use stridewise::ingest::{clean, hrm, polar, suunto};

fuzz_target!(|data: &[u8]| {
    common::install_panic_hook();
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let read = match which % 5 {
        0 => suunto::json::read(rest),
        1 => suunto::sml::read(rest),
        2 => suunto::moveslink::read(rest),
        3 => polar::read(rest),
        _ => hrm::read(rest),
    };
    if let Ok(activities) = read {
        for mut a in activities {
            clean::finish(&mut a);
        }
    }
});
