//! Bytes → our FIT decoder (`stridewise_fit::decode`) and fitparser (the oracle), then
//! `ingest::fit::read` on top of ours.
//!
//! * Ours must never panic, on any input (no `catch_unwind` around it or `fit::read`).
//! * fitparser may panic (overflow checks, chrono range panics, ...): it runs under
//!   `catch_unwind`, with this target's panic hook kept quiet for it.
//! * Every value `fit.rs` uses must agree, message by message, with the documented
//!   exceptions in `tests/it/fit_oracle.rs` (shared with the corpus differential test):
//!   over the whole input when fitparser decodes it without error, and over the messages
//!   fitparser decoded before it stopped otherwise (ours must have decoded at least
//!   those; most mutations break the file CRC, which fitparser checks only after the
//!   data). Messages after a layout a reader must interpret
//!   (`Summary::messages_before_nonstandard`) are not compared.
#![no_main]

#[path = "../../tests/it/fit_oracle.rs"]
mod fit_oracle;

use libfuzzer_sys::fuzz_target;
use std::cell::Cell;
use std::sync::Once;

thread_local! {
    /// True while fitparser runs: its panics are expected and contained.
    static IN_ORACLE: Cell<bool> = const { Cell::new(false) };
}

/// libfuzzer-sys aborts on every panic from its hook, before unwinding; keep it for every
/// panic except fitparser's (wherever they are raised: in fitparser, nom or chrono).
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let libfuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_ORACLE.with(Cell::get) {
                libfuzzer_hook(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    install_panic_hook();
    let ours = fit_oracle::ours(data);
    let _ = stridewise::ingest::fit::read(data);
    IN_ORACLE.with(|c| c.set(true));
    let theirs = std::panic::catch_unwind(|| fit_oracle::oracle(data));
    IN_ORACLE.with(|c| c.set(false));
    let Ok(theirs) = theirs else {
        return;
    };
    let limit = ours
        .summary
        .messages_before_nonstandard
        .unwrap_or(usize::MAX);
    if let Err(e) = fit_oracle::compare_first(&ours, &theirs, limit) {
        panic!("the FIT decoders disagree: {e}");
    }
});
