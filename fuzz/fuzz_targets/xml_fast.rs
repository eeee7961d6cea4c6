//! Bytes → the fast XML path of the GPX and TCX readers against quick-xml
//! (`ingest::xml_fast::compare_with_pull`): the fast path must give exactly the nodes
//! quick-xml gives and end where it ends, or decline after giving only the first of them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stridewise::ingest::xml_fast;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = xml_fast::compare_with_pull(data) {
        panic!("fast XML path disagrees with quick-xml: {e}");
    }
});
