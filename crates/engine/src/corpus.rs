//! Where the tests find the real-file corpus (files from real devices, kept outside this
//! repository): one rule for the unit tests in `src/` and the integration tests.
//!
//! * `STRIDEWISE_CORPUS`, when set: that folder (relative to the workspace root, the
//!   clone's top folder, when relative). Set and missing is a failure, so a run that asked for the corpus tests
//!   (`.ci/run` sets it) never passes without them.
//! * Unset: `../shared/corpus` relative to the workspace root, when it exists; when it does
//!   not (a fresh clone with nothing beside it), the tests that need it pass without
//!   running, and one line on stderr says what was skipped and how to run them.
//!
//! Compiled for the crate's own tests and with the `synth` feature (as `crates/engine/src/synth` is).

use std::path::PathBuf;

/// The variable naming the corpus folder.
pub(crate) const VAR: &str = "STRIDEWISE_CORPUS";

/// The corpus folder when the variable is unset, relative to the workspace root.
pub(crate) const DEFAULT: &str = "../shared/corpus";

/// The clone's top folder (this crate lives in `crates/engine`), where `sample_data/` is
/// and beside which `../shared` is.
#[must_use]
pub(crate) fn workspace_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The corpus folder as configured, whether or not it exists.
#[must_use]
pub fn path() -> PathBuf {
    let root = workspace_root();
    match std::env::var_os(VAR) {
        Some(v) if !v.is_empty() => root.join(v),
        _ => root.join(DEFAULT),
    }
}

/// The corpus folder, or `None` when the variable is unset and `../shared/corpus` is
/// missing: the caller then skips its test (one line on stderr, once per test binary).
///
/// # Panics
/// When `STRIDEWISE_CORPUS` is set and names no folder.
#[must_use]
pub fn dir() -> Option<PathBuf> {
    let p = path();
    if p.is_dir() {
        return Some(p);
    }
    let set = std::env::var_os(VAR).is_some_and(|v| !v.is_empty());
    assert!(
        !set,
        "{VAR}={} is not a folder: point it at the real-file corpus, or unset it to skip \
         the corpus tests",
        p.display()
    );
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        use std::io::Write;
        // Written to the stderr handle, not through eprintln!, so the test harness does not
        // capture it: the line shows in a passing run.
        let _ = writeln!(
            std::io::stderr().lock(),
            "stridewise: corpus tests skipped: no real-file corpus at {DEFAULT}; run them \
             with {VAR}=/path/to/corpus cargo test"
        );
    });
    None
}
