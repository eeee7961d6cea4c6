//! Ctrl-C (and SIGTERM, SIGHUP: the binary's handler takes all three) as a request, not
//! an exit.
//!
//! The signal handler only sets a flag ([`request`]). Workers check it before each file and
//! each page ([`check`]), the report writer checks it once more just before its commit
//! point, and a run that saw the flag ends with exit code 130 after the main thread has
//! removed the temporary files of writes in progress. So no thread deletes a folder that
//! another is still filling, and a cancelled review never reaches the commit: the previous
//! report stays whole. Once the commit has started it runs to its end (a few renames), and
//! the exit code is still 130.
//!
//! A second Ctrl-C exits at once (the user insists; temporary files may then be left).

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// The error of work stopped by Ctrl-C; `main` turns it into exit code 130.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("interrupted")]
pub struct Cancelled;

/// Ask every worker to stop (called from the Ctrl-C handler). Returns true when a stop
/// had already been requested.
pub fn request() -> bool {
    REQUESTED.swap(true, Ordering::SeqCst)
}

/// True once Ctrl-C has been pressed.
#[must_use]
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// `Err(Cancelled)` once Ctrl-C has been pressed.
///
/// # Errors
/// [`Cancelled`] after a [`request`].
pub fn check() -> Result<(), Cancelled> {
    if requested() {
        Err(Cancelled)
    } else {
        Ok(())
    }
}
