//! FIT bytes → the FIT reader (`ingest::fit::read`, on our own decoder
//! `stridewise_fit::decode`), then the cleaning step. Nothing here may panic: no
//! `catch_unwind`, every panic is a crash.
//!
//! Until the reader moved off fitparser, this target caught panics raised in fitparser's
//! source and checked that `ingest::read_bytes` turned them into `IngestError::Damaged`;
//! the inputs it found are in `tests/it/fuzz_regressions.rs`. The `fit_differential`
//! target compares our decoder with fitparser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stridewise::ingest::{clean, fit};

fuzz_target!(|data: &[u8]| {
    if let Ok(activities) = fit::read(data) {
        for mut a in activities {
            clean::finish(&mut a);
        }
    }
});
