//! GPX bytes → the raw GPX reader (`ingest::gpx::read`), then the cleaning step.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stridewise::ingest::{clean, gpx};

fuzz_target!(|data: &[u8]| {
    if let Ok(mut a) = gpx::read(data) {
        clean::finish(&mut a);
    }
});
