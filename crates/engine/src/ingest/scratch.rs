//! Buffers a thread keeps from one file to the next (issue 24).
//!
//! A folder review reads thousands of files on a few worker threads. Allocating the big
//! blocks of one file (its bytes, its inflated bytes, its points) and freeing them again
//! for every file leaves the allocator's heap fragmented by the small results kept
//! between them, and costs a copy each time a growing block is moved. A worker that
//! keeps its big buffers allocates each once, at the size of the biggest file it has
//! read so far.

use crate::model::Sample;
use std::cell::RefCell;
use std::thread::LocalKey;

/// A kept buffer bigger than this is freed instead (our choice: 32 MiB is a few times
/// the biggest real recording we have, so an odd huge file does not pin its memory for
/// the rest of the review).
pub const KEEP_MAX_BYTES: usize = 32 << 20;

/// Run `f` on the thread's buffer in `key`, emptied, and keep the buffer (emptied, its
/// memory kept) for the next call when it is at most [`KEEP_MAX_BYTES`]. A nested call
/// on the same key gets a new, empty buffer.
pub(crate) fn with_reused<E: 'static, T>(
    key: &'static LocalKey<RefCell<Vec<E>>>,
    f: impl FnOnce(&mut Vec<E>) -> T,
) -> T {
    let mut buf = take(key);
    let out = f(&mut buf);
    give(key, buf);
    out
}

/// The thread's buffer in `key`, emptied (a new one when it is out).
pub fn take<E: 'static>(key: &'static LocalKey<RefCell<Vec<E>>>) -> Vec<E> {
    let mut buf = key.with(RefCell::take);
    buf.clear();
    buf
}

/// Give a buffer back to `key` for the next [`take`], emptied (its contents dropped now),
/// unless it is bigger than [`KEEP_MAX_BYTES`] or smaller than the one kept there.
pub fn give<E: 'static>(key: &'static LocalKey<RefCell<Vec<E>>>, mut buf: Vec<E>) {
    buf.clear();
    if buf.capacity().saturating_mul(std::mem::size_of::<E>()) > KEEP_MAX_BYTES {
        return;
    }
    key.with(|k| {
        let mut kept = k.borrow_mut();
        if buf.capacity() > kept.capacity() {
            *kept = buf;
        }
    });
}

thread_local! {
    /// The worker's buffer for an activity's samples.
    static SAMPLES: RefCell<Vec<Sample>> = const { RefCell::new(Vec::new()) };
}

/// An empty samples vector, with the memory of the last one given back on this thread
/// ([`recycle`]).
#[must_use]
pub fn samples() -> Vec<Sample> {
    take(&SAMPLES)
}

/// Give an activity's samples back once it is reviewed, for the next file's
/// ([`samples`]).
pub fn recycle(samples: Vec<Sample>) {
    give(&SAMPLES, samples);
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static BUF: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    }

    #[test]
    fn a_buffer_is_kept_empty_with_its_memory_and_a_huge_one_is_freed() {
        let cap = with_reused(&BUF, |b| {
            assert!(b.is_empty());
            b.extend(0..1000);
            b.capacity()
        });
        with_reused(&BUF, |b| {
            assert!(b.is_empty(), "handed out empty");
            assert_eq!(b.capacity(), cap, "its memory kept");
            // Nested: a fresh buffer, the outer one untouched.
            with_reused(&BUF, |inner| assert_eq!(inner.capacity(), 0));
        });
        // A smaller buffer given back does not replace a bigger one.
        give(&BUF, Vec::with_capacity(1));
        assert_eq!(take(&BUF).capacity(), cap);
        give(&BUF, Vec::with_capacity(KEEP_MAX_BYTES / 8 + 1));
        assert_eq!(take(&BUF).capacity(), 0, "a huge buffer is freed");
    }
}
