//! TCX bytes → the raw TCX reader (`ingest::tcx::read`), then the cleaning step.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stridewise::ingest::{clean, tcx};

fuzz_target!(|data: &[u8]| {
    if let Ok(activities) = tcx::read(data) {
        for mut a in activities {
            clean::finish(&mut a);
        }
    }
});
