//! Shared by the fuzz targets: a panic hook that knows which panics are contained.
//!
//! libfuzzer-sys installs a hook that aborts on *every* panic, before unwinding, so a
//! panic that [`stridewise::ingest::read_bytes`] would catch (a third-party decoder
//! giving up) would still count as a crash. The CLI's own hook stays silent while
//! [`stridewise::ingest::in_decoder`] is true; this one does the same and hands every
//! other panic to libfuzzer's hook, which aborts and records the input.
//!
//! With `STRIDEWISE_FUZZ_SHOW_CONTAINED=1` in the environment, every contained panic
//! prints one `contained panic at FILE:LINE: MESSAGE` line on stderr, so replaying a
//! corpus (`-runs=0`) lists the distinct decoder panics it holds.

use std::sync::Once;

/// Install the hook once, after libfuzzer-sys installed its own.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let libfuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !stridewise::ingest::in_decoder() {
                libfuzzer_hook(info);
            } else if std::env::var_os("STRIDEWISE_FUZZ_SHOW_CONTAINED").is_some() {
                let at = info
                    .location()
                    .map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
                let what = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(ToString::to_string)
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                eprintln!("contained panic at {at}: {what}");
            }
        }));
    });
}
