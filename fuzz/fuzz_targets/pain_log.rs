//! Pain-log text → `history::pain::parse` (the `--pain-log FILE` reader): never a panic;
//! an accepted log holds pains 0–10 on lines in file order, and an error names a line of
//! the file (issue 22, item 3: nothing is dropped silently).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stridewise::history::pain;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split(['\n', '\r']).count() as u64 + 1;
    match pain::parse(text) {
        Ok(entries) => {
            assert!(entries.iter().all(|e| e.pain <= 10));
            assert!(entries.windows(2).all(|w| w[0].line < w[1].line));
            assert!(entries.iter().all(|e| e.line >= 2 && e.line <= lines));
        }
        Err(e) => assert!(e.line() >= 1 && e.line() <= lines, "{e}"),
    }
});
