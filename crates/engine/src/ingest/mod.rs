//! Reading watch exports: sniff the format from content, unwrap gzip, decode, normalize.
//!
//! Every reader turns vendor units into the [`crate::model`] units here and nowhere else.

pub mod altimeter;
pub mod apple_health;
pub mod cadence_unit;
pub mod clean;
mod decimal;
pub mod elapsed;
pub mod encoding;
pub mod fit;
pub mod gpx;
pub mod hrm;
pub(crate) mod local_time;
pub(crate) mod plausible;
pub mod polar;
pub mod scratch;
pub mod sniff;
pub mod suunto;
pub mod tcx;
mod xml;
pub mod xml_fast;

use thiserror::Error;

/// Why a file could not be read. Each message is one line that says what is wrong.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum IngestError {
    /// Zero bytes.
    #[error("empty file")]
    Empty,
    /// Content is none of FIT, GPX, TCX (gzip-wrapped or not).
    #[error("unsupported content: {0}")]
    Unsupported(String),
    /// A well-formed file that holds no activity (a course with no points, settings,
    /// monitoring data, a workout definition, ...).
    #[error("not an activity: {0}")]
    NotAnActivity(String),
    /// The file ends or breaks before any usable data.
    #[error("damaged beyond repair: {0}")]
    Damaged(String),
    /// Malformed XML.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// The file could not be read from disk.
    #[error("cannot read: {0}")]
    Io(String),
    /// Decompressed content exceeds the safety cap.
    #[error("too large: {0}")]
    TooLarge(String),
}

use crate::model::{Activity, Compression, Format};
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// Largest decompressed size accepted from a `.gz` file or a zip member (a guard against
/// gzip and zip bombs). A 24 h run at 1 s sampling is about 5 MB as FIT and 40 MB as TCX,
/// so 128 MiB leaves room while keeping memory bounded.
pub const MAX_DECOMPRESSED_BYTES: u64 = 128 * 1024 * 1024;

/// Largest plain file accepted (same reasoning as [`MAX_DECOMPRESSED_BYTES`]).
pub(crate) const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// Most samples one activity may hold: 23 days at one per second. Past it a file is
/// refused as too large rather than filling memory.
pub(crate) const MAX_SAMPLES: usize = 2_000_000;

/// Most activities one file may hold, in every format: FIT `session` messages, TCX
/// `<Activity>`/`<Course>` elements, GPX `<trk>` elements. A multisport file has a few
/// (swim, T1, bike, T2, run); every session becomes an activity that copies the records
/// and laps of its window, so the count bounds that work (our choice). Past it the file
/// is refused as too large (a 1.1 MB TCX of 200,000 `<Activity>` elements peaked at
/// 0.7 GB before the cap applied to TCX, issue 22).
pub const MAX_SESSIONS: usize = 256;

/// Most laps one file may hold, in every format (FIT `lap` messages, TCX `<Lap>`
/// elements): a lap every 100 m for 1,000 km (our choice).
pub const MAX_LAPS: usize = 10_000;

/// Most timer events one file may hold: a stop and a start every 10 s for 24 days (our
/// choice; auto-pause in city running stops the timer often, not that often). In GPX and
/// TCX a new `<trkseg>`/`<trk>` or `<Track>` (a restart of the recording) counts as a
/// stop and a start.
pub(crate) const MAX_TIMER_EVENTS: usize = 400_000;

/// The error for a streamed XML file with more than `cap` elements of one kind.
pub(crate) fn over_cap(what: &str, cap: usize) -> IngestError {
    IngestError::TooLarge(format!("more than {cap} {what}, the most supported"))
}

/// Read a file from disk: sniff, decompress, decode, clean. Never modifies the file.
///
/// # Errors
/// An [`IngestError`] saying why the file is not a readable activity; I/O errors are
/// folded into [`IngestError::Unsupported`] with the OS message.
pub fn read_path(path: &Path) -> Result<Vec<Activity>, IngestError> {
    let meta = std::fs::metadata(path).map_err(|e| IngestError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(IngestError::Unsupported("is a directory".into()));
    }
    // An Apple Health export is streamed from disk whatever its size, its routes read
    // from its folder.
    if meta.is_file() && is_apple_health_file(path) {
        return finish_streamed(|| apple_health::read_file(path));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge(format!(
            "{} bytes, more than the {} MiB limit",
            meta.len(),
            MAX_FILE_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| IngestError::Io(e.to_string()))?;
    read_bytes(&bytes)
}

/// The activities of an export read by streaming (an Apple Health export from disk or
/// from a zip member, never held whole), finished as [`read_bytes`] finishes its own:
/// cleaned, dated only when plausible, given their local time. Panics inside the reader
/// are reported as damage.
///
/// # Errors
/// The reader's, or [`IngestError::Damaged`] for a reader that gave up.
pub(crate) fn finish_streamed(
    read: impl FnOnce() -> Result<Vec<Activity>, IngestError>,
) -> Result<Vec<Activity>, IngestError> {
    let mut acts = contain_panics(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(IngestError::Damaged(format!(
            "the {} decoder gave up on malformed data",
            Format::AppleHealth
        )))
    })?;
    for a in &mut acts {
        clean::finish(a);
        undate_implausible(a, chrono::Utc::now());
        local_time::fill(a);
    }
    Ok(acts)
}

/// True when the plain file at `path` starts like an Apple Health export (its first
/// 64 KiB sniffed).
#[must_use]
pub(crate) fn is_apple_health_file(path: &Path) -> bool {
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if f.take(64 * 1024).read_to_end(&mut head).is_err() {
        return false;
    }
    sniff::format(&head) == Some(Format::AppleHealth)
}

/// Decode an in-memory file (plain or gzip) into one activity per session, cleaned.
///
/// Panics inside the third-party decoders are caught and reported as damage, so no
/// input can bring the process down.
///
/// # Errors
/// See [`IngestError`].
pub fn read_bytes(bytes: &[u8]) -> Result<Vec<Activity>, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if sniff::is_gzip(bytes) {
        // Inflated into the thread's kept buffer (see [`scratch`]).
        return scratch::with_reused(&INFLATED, |plain| {
            gunzip_into(bytes, plain)?;
            decode(plain, Compression::Gzip)
        });
    }
    decode(bytes, Compression::None)
}

thread_local! {
    /// The worker's buffer for inflated `.gz` files.
    static INFLATED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`read_bytes`] of plain bytes.
fn decode(plain: &[u8], compression: Compression) -> Result<Vec<Activity>, IngestError> {
    let plain = Cow::Borrowed(plain);
    // UTF-16 and declared 8-bit encodings (Latin-1) become UTF-8 before sniffing.
    let plain = if sniff::is_fit(&plain) {
        plain
    } else {
        match encoding::xml_to_utf8(&plain) {
            Cow::Owned(utf8) => Cow::Owned(utf8),
            Cow::Borrowed(_) => plain,
        }
    };
    let Some(format) = sniff::format(&plain) else {
        // A JSON file that is no log we read (a Garmin export's settings, an app's
        // metadata) is a valid file without an activity, not a failure.
        if sniff::is_json(&plain) {
            return Err(IngestError::NotAnActivity(sniff::describe_unknown(&plain)));
        }
        return Err(IngestError::Unsupported(sniff::describe_unknown(&plain)));
    };
    let decoded = contain_panics(|| match format {
        Format::Fit => fit::read(&plain),
        Format::Gpx => gpx::read(&plain).map(|a| vec![a]),
        Format::Tcx => tcx::read(&plain),
        Format::SuuntoJson => suunto::json::read(&plain),
        Format::SuuntoSml => suunto::sml::read(&plain),
        Format::SuuntoMoveslink => suunto::moveslink::read(&plain),
        Format::PolarJson => polar::read(&plain),
        Format::PolarHrm => hrm::read(&plain),
        Format::AppleHealth => apple_health::read(&plain),
    })
    .unwrap_or_else(|_| {
        Err(IngestError::Damaged(format!(
            "the {format} decoder gave up on malformed data"
        )))
    })?;
    check_sample_cap(&decoded, MAX_SAMPLES)?;
    let mut out = Vec::with_capacity(decoded.len());
    for mut a in decoded {
        a.compression = compression;
        clean::finish(&mut a);
        undate_implausible(&mut a, chrono::Utc::now());
        local_time::fill(&mut a);
        out.push(a);
    }
    if out
        .iter()
        .all(|a| a.samples.is_empty() && a.summary.is_none())
    {
        return Err(IngestError::NotAnActivity(format!(
            "{format} file holds no samples"
        )));
    }
    Ok(out)
}

/// The earliest start accepted as a real date: 1990-01-01 UTC (the FIT epoch is
/// 1989-12-31, and no consumer GPS watch recorded runs before then). Our choice.
pub(crate) const EARLIEST_PLAUSIBLE_START: &str = "1990-01-01T00:00:00Z";

/// A start outside 1990-01-01 .. `now` + 1 day is a broken clock, not a date: the run
/// becomes undated (its samples stay; their times are relative), so one file dated 9999 or
/// 1900 cannot pull a folder's trends into a week of its own. The upper bound is the
/// clock's, because a run cannot be recorded in the future; the day of slack covers
/// time zones and a watch a little ahead.
pub(crate) fn undate_implausible(a: &mut Activity, now: chrono::DateTime<chrono::Utc>) {
    let earliest = chrono::DateTime::parse_from_rfc3339(EARLIEST_PLAUSIBLE_START)
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok();
    let latest = now.checked_add_signed(chrono::TimeDelta::days(1));
    if let Some(t) = a.start_time {
        let too_early = earliest.is_some_and(|e| t < e);
        let too_late = latest.is_some_and(|l| t > l);
        if too_early || too_late {
            a.start_time = None;
        }
    }
}

/// Refuse activities holding more than `cap` samples in all.
fn check_sample_cap(acts: &[Activity], cap: usize) -> Result<(), IngestError> {
    let samples: usize = acts.iter().map(|a| a.samples.len()).sum();
    if samples > cap {
        return Err(IngestError::TooLarge(format!(
            "{samples} samples, more than the {cap} supported"
        )));
    }
    Ok(())
}

thread_local! {
    static IN_DECODER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while this thread runs a third-party decoder whose panics are contained. The
/// binary's panic hook stays silent then, so a malformed file costs one clean line.
#[must_use]
pub fn in_decoder() -> bool {
    IN_DECODER.with(std::cell::Cell::get)
}

fn contain_panics<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> std::thread::Result<T> {
    IN_DECODER.with(|c| c.set(true));
    let r = std::panic::catch_unwind(f);
    IN_DECODER.with(|c| c.set(false));
    r
}

/// Read `r` into `out` until it ends (`Ok(false)`) or would pass `cap` bytes (`Ok(true)`,
/// `out` then holds at most `cap`). The buffer grows by doubling but never past `cap`, so
/// a bomb costs at most `cap` bytes of memory, not the next power of two above it.
///
/// # Errors
/// Read errors; `out` keeps what was read before.
pub(crate) fn read_capped_into(
    mut r: impl Read,
    cap: u64,
    out: &mut Vec<u8>,
) -> std::io::Result<bool> {
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    loop {
        if out.len() >= cap {
            // At the cap: one more byte means over it.
            let mut probe = [0u8; 1];
            return match r.read(&mut probe) {
                Ok(0) => Ok(false),
                Ok(_) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => Err(e),
            };
        }
        if out.len() == out.capacity() {
            let want = out.capacity().max(64 * 1024).saturating_mul(2).min(cap);
            out.reserve_exact(want - out.len());
        }
        // Straight into the spare capacity (no bounce buffer), never past it: `take` stops
        // the read where the buffer ends, so it never grows behind our back.
        let room = out.capacity().min(cap) - out.len();
        let n = r.by_ref().take(room as u64).read_to_end(out)?;
        if n < room {
            return Ok(false);
        }
    }
}

/// Largest settings text accepted (`--rules`, `--pain-log`): a pain log of one line a day
/// for a century is about 1.5 MB, so 16 MiB is generous and still bounded.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Read a small text file (`--rules`, `--pain-log`, `--plan`) as inputs are read
/// ([`read_file_or_stream`]: the size cap, and a FIFO or device that stays silent for
/// [`STREAM_SILENCE`] is refused), so `/dev/zero`, a huge file or a FIFO nobody writes to
/// fails at once with one line instead of filling memory or blocking for ever.
///
/// # Errors
/// The OS error, "larger than 16 MiB", "nothing to read within 5 s", or "not UTF-8 text".
pub fn read_text_capped(path: &Path, cap: u64) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind};
    let Some(bytes) = read_file_or_stream(path, cap, STREAM_SILENCE)? else {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("larger than {}", size_text(cap)),
        ));
    };
    String::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidData, "not UTF-8 text"))
}

/// "16 MiB" for a whole number of MiB, else "N bytes".
#[must_use]
pub(crate) fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// How long a FIFO, a device or `/dev/stdin` named on the command line may stay silent
/// (to open, to give its first bytes, or between two reads) before it is refused (our
/// choice: a process substitution writes at once; a FIFO nobody writes to must not block
/// the review for ever).
pub const STREAM_SILENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// Read `path` whole, at most `cap` bytes (`Ok(None)` when it holds more). A regular file
/// is read in place; anything else (a FIFO, a character device such as `/dev/zero`,
/// `/dev/stdin`, a process substitution) as a stream ([`read_stream`]).
///
/// # Errors
/// The OS error; "is a directory"; a stream silent for `silence` ([`read_stream`]).
pub fn read_file_or_stream(
    path: &Path,
    cap: u64,
    silence: std::time::Duration,
) -> std::io::Result<Option<Vec<u8>>> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "is a directory",
        ));
    }
    if !meta.is_file() {
        return read_stream(path, cap, silence);
    }
    if meta.len() > cap {
        return Ok(None);
    }
    let file = std::fs::File::open(path)?;
    let mut out = Vec::new();
    Ok((!read_capped_into(file, cap, &mut out)?).then_some(out))
}

/// Read a non-regular file as a stream: no seeking, no second open, at most `cap` bytes
/// (`Ok(None)` past it). Opening and every read happen on a helper thread that hands over
/// blocks through a channel of four; when nothing arrives for `silence` (the open, the
/// first bytes, or the next bytes), the stream is refused. A refused helper stays blocked
/// on the FIFO until the process ends; one past the cap stops at its next block.
///
/// # Errors
/// [`std::io::ErrorKind::TimedOut`] for a stream silent for `silence`; the OS error.
pub fn read_stream(
    path: &Path,
    cap: u64,
    silence: std::time::Duration,
) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::{Error, ErrorKind};
    use std::sync::mpsc;
    enum Msg {
        Block(Vec<u8>),
        End,
        Failed(Error),
    }
    let (tx, rx) = mpsc::sync_channel(4);
    let p = path.to_path_buf();
    std::thread::Builder::new()
        .name("stream-reader".into())
        .spawn(move || {
            let mut f = match std::fs::File::open(&p) {
                Ok(f) => f,
                Err(e) => {
                    let _ = tx.send(Msg::Failed(e));
                    return;
                }
            };
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let msg = match f.read(&mut buf) {
                    Ok(0) => Msg::End,
                    Ok(n) => Msg::Block(buf.get(..n).unwrap_or_default().to_vec()),
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => Msg::Failed(e),
                };
                let last = !matches!(msg, Msg::Block(_));
                if tx.send(msg).is_err() || last {
                    return;
                }
            }
        })?;
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let mut out: Vec<u8> = Vec::new();
    loop {
        match rx.recv_timeout(silence) {
            Ok(Msg::Block(b)) => {
                if out.len() + b.len() > cap {
                    return Ok(None);
                }
                out.extend_from_slice(&b);
            }
            Ok(Msg::End) => return Ok(Some(out)),
            Ok(Msg::Failed(e)) => return Err(e),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let secs = silence.as_secs_f64();
                let what = if out.is_empty() {
                    format!("nothing to read within {secs} s (a FIFO nobody writes to?)")
                } else {
                    format!(
                        "nothing more to read for {secs} s after {} (a stream that stopped?)",
                        size_text(out.len() as u64)
                    )
                };
                return Err(Error::new(ErrorKind::TimedOut, what));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Error::other("the stream reader stopped"))
            }
        }
    }
}

/// Inflate a gzip file into `out` (empty on entry).
fn gunzip_into(bytes: &[u8], out: &mut Vec<u8>) -> Result<(), IngestError> {
    // The gzip trailer's ISIZE (RFC 1952: the input size modulo 2^32) reserves the
    // output once, when it is believable (at most 32 times the compressed size, the cap
    // aside); a chained or lying trailer only costs the doubling it would have anyway.
    let hint = bytes
        .len()
        .checked_sub(4)
        .and_then(|k| bytes.get(k..))
        .and_then(|t| <[u8; 4]>::try_from(t).ok())
        .map_or(0, |t| u32::from_le_bytes(t) as usize);
    let believable = hint <= bytes.len().saturating_mul(32)
        && u64::try_from(hint).is_ok_and(|h| h < MAX_DECOMPRESSED_BYTES);
    // A kept buffer too small is replaced, not grown (growing would copy it for nothing).
    let want = if believable { hint + 1 } else { 0 };
    if out.capacity() < want {
        *out = Vec::with_capacity(want);
    }
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    match read_capped_into(decoder, MAX_DECOMPRESSED_BYTES, out) {
        Ok(true) => Err(IngestError::TooLarge(format!(
            "gzip expands past {} MiB",
            MAX_DECOMPRESSED_BYTES >> 20
        ))),
        Ok(false) if out.is_empty() => Err(IngestError::Empty),
        Ok(false) => Ok(()),
        // A truncated gzip still yields what was inflated before the break.
        Err(_) if !out.is_empty() => Ok(()),
        Err(e) => Err(IngestError::Damaged(format!("gzip stream: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_read_stops_at_the_cap_and_keeps_what_came_before_an_error() {
        // Exactly the cap is not over it; one byte more is, and nothing past the cap is
        // kept in memory beyond that probe.
        for (len, cap, over) in [
            (0, 0, false),
            (10, 10, false),
            (11, 10, true),
            (300_000, 1 << 20, false),
        ] {
            let data = vec![7u8; len];
            let mut out = Vec::new();
            assert_eq!(
                read_capped_into(&data[..], cap, &mut out).unwrap(),
                over,
                "{len} {cap}"
            );
            assert!(out.len() as u64 <= cap, "{len} {cap}");
            if !over {
                assert_eq!(out, data);
            }
            assert!(out.capacity() as u64 <= cap.max(64 * 1024) * 2);
        }
        // A reader that fails after some bytes (a truncated gzip): the bytes stay.
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("broken"));
                }
                let n = self.0.min(buf.len()).min(1000);
                buf[..n].fill(1);
                self.0 -= n;
                Ok(n)
            }
        }
        let mut out = Vec::new();
        assert!(read_capped_into(Failing(5000), 1 << 20, &mut out).is_err());
        assert_eq!(out.len(), 5000);
    }

    #[test]
    fn starts_outside_the_plausible_window_are_undated() {
        use chrono::TimeZone;
        let now = chrono::Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).single();
        let now = now.expect("date");
        let at = |y, m, d, h| chrono::Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single();
        for (start, kept) in [
            (at(9999, 12, 31, 0), false),
            (at(1900, 1, 1, 0), false),
            (at(1989, 12, 31, 23), false),
            (at(1990, 1, 1, 0), true),
            (at(2024, 3, 1, 7), true),
            (at(2026, 6, 2, 11), true),
            (at(2026, 6, 2, 13), false),
        ] {
            let mut a = Activity::new(Format::Gpx);
            a.start_time = start;
            undate_implausible(&mut a, now);
            assert_eq!(a.start_time.is_some(), kept, "{start:?}");
        }
    }

    #[test]
    fn too_many_samples_is_a_clear_error() {
        let mut a = Activity::new(Format::Gpx);
        a.samples = vec![crate::model::Sample::default(); 11];
        assert_eq!(check_sample_cap(std::slice::from_ref(&a), 11), Ok(()));
        let e = check_sample_cap(&[a], 10).expect_err("over the cap");
        assert_eq!(
            e.to_string(),
            "too large: 11 samples, more than the 10 supported"
        );
    }
}
