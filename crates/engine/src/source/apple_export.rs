//! An Apple Health export inside a zip (`export.zip` as the Health app writes it:
//! `apple_health_export/export.xml` beside `apple_health_export/workout-routes/*.gpx`),
//! read as the unzipped folder is read: `export.xml` streamed from its member, inflated as
//! it is read, once per pass of [`apple_health::read_with`] (memory is the buffers',
//! whatever the member's size, so a multi-GB export works), and each workout's route files
//! read from the members its `FileReference` paths name, relative to the folder that holds
//! `export.xml` (as on disk, [`apple_health::route_parts`]).

use super::discover::{self, Candidate, Level, Origin, Source};
use super::zipdir;
use crate::ingest::{self, apple_health, sniff, IngestError};
use crate::model::{Activity, Format};
use std::cell::{RefCell, RefMut};
use std::collections::HashMap;
use std::io::{BufReader, Read, Seek, SeekFrom};

/// Largest `export.xml` member streamed, by the size its directory entry declares (and
/// the member must inflate to exactly that). Our choice: a long-time user's export is a
/// few GB (issue 27); 16 GiB leaves room for that several times over while bounding what
/// a small hostile archive (deflate inflates at most about 1,000 to 1) can make the
/// reader inflate: two passes over 16 GiB take about two and a half minutes at the
/// 225 MB/s a pass measured in docs/BENCHMARKS.md.
pub(crate) const MAX_STREAMED_BYTES: u64 = 16 << 30;

/// Bytes of a member sniffed to tell an Apple Health export from another XML file.
const HEAD: u64 = 64 * 1024;

/// Read the candidate when it is an Apple Health `export.xml` inside a zip (a member whose
/// name ends in `.xml` and whose first 64 KiB sniff as one), streamed, with its routes;
/// `None` for every other candidate, which is read whole as before.
#[must_use]
pub fn read(c: &Candidate) -> Option<Result<Vec<Activity>, IngestError>> {
    let Origin::Member { chain, .. } = &c.origin else {
        return None;
    };
    if !chain.last()?.to_ascii_lowercase().ends_with(".xml") {
        return None;
    }
    match discover::with_member(c, read_member)? {
        Ok(None) => None,
        Ok(Some(acts)) => Some(Ok(acts)),
        Err(e) => Some(Err(e)),
    }
}

/// The archive's bytes, borrowed for one pass or one route file.
struct Borrowed<'a, 'b>(RefMut<'a, &'b mut Box<dyn Source + 'static>>);

impl Read for Borrowed<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl Seek for Borrowed<'_, '_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.0.seek(to)
    }
}

/// `Ok(None)` when the member is not an Apple Health export (or its start cannot be
/// inflated: reading it whole then says why).
fn read_member(
    level: &mut Level<'static>,
    entry: &zipdir::Entry,
) -> Result<Option<Vec<Activity>>, IngestError> {
    let Ok(head) = zipdir::read_head(&mut level.src, entry, HEAD) else {
        return Ok(None);
    };
    if sniff::format(&head) != Some(Format::AppleHealth) {
        return Ok(None);
    }
    if entry.size > MAX_STREAMED_BYTES {
        return Err(IngestError::TooLarge(format!(
            "zip member declares {} bytes, more than the {} streamed from an archive",
            entry.size,
            zipdir::size_text(MAX_STREAMED_BYTES)
        )));
    }
    // The member's own problems (encryption, method, local header) in their own words,
    // before the passes.
    drop(zipdir::open_member(&mut level.src, entry)?);

    let Level { src, dir } = level;
    // The export's folder inside the archive, and the members below it by label.
    let label = discover::member_label(&entry.name);
    let folder = label.rsplit_once('/').map_or("", |(f, _)| f);
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let mut members: HashMap<String, usize> = HashMap::new();
    for (i, e) in dir.entries.iter().enumerate() {
        let l = discover::member_label(&e.name);
        if !e.is_dir() && l.starts_with(&prefix) {
            // The first of two members under one name, as a folder would hold one.
            members.entry(l).or_insert(i);
        }
    }
    let src = RefCell::new(src);
    let busy = || std::io::Error::other("the archive is being read");
    let open = || {
        let guard = src.try_borrow_mut().map_err(|_| busy())?;
        zipdir::open_member(Borrowed(guard), entry)
            .map(|m| BufReader::with_capacity(1 << 16, m))
            .map_err(|e| std::io::Error::other(e.to_string()))
    };
    let route = |path: &str| -> Option<Vec<u8>> {
        let key = format!("{prefix}{}", apple_health::route_parts(path)?.join("/"));
        let e = dir.entries.get(*members.get(&key)?)?;
        let mut guard = src.try_borrow_mut().ok()?;
        zipdir::read_entry(&mut **guard, e, ingest::MAX_FILE_BYTES).ok()
    };
    ingest::finish_streamed(|| apple_health::read_with(open, Some(&route))).map(Some)
}
