//! Discovery for the folder review: turning command-line paths, folders, zip archives
//! (nested, as in Garmin's data export) and Strava bulk exports into a sorted list of
//! [`Candidate`]s, each of which [`read`] turns into raw bytes for [`crate::ingest`].
//!
//! Rules:
//! - A file named on the command line is always a candidate (its format is sniffed from
//!   content later), unless its content starts with the zip signature `PK\x03\x04`: then it
//!   is opened as an archive.
//! - Folders are walked recursively without following symlinked folders (a link loop cannot
//!   trap the walk); symlinked files are followed. Inside folders, files named `.fit`, `.gpx`,
//!   `.tcx`, `.sml` or `.hrm` (any case, optionally followed by `.gz`) are candidates, so are
//!   `.json` and `.xml` files whose first 64 KiB are a format we read (a Suunto or Polar
//!   log, not an app's settings), and files named `.zip` (any case) are opened as archives.
//! - Inside an archive, members whose names look like activities (same rule; a `.json` or
//!   `.xml` member by its first 64 KiB, inflated) are candidates, and members named `.zip` are opened in turn, up to [`MAX_ZIP_DEPTH`]
//!   archives deep. Member names are labels and lookup keys only, never filesystem paths:
//!   nothing is ever extracted to disk, and the label drops empty, `.` and `..` components.
//! - Archives are read by [`super::zipdir`]: every central-directory entry is a member,
//!   two under one name included (the second is labelled `name#2`).
//! - Guards against hostile archives: a member must inflate to exactly the size its
//!   central-directory entry declares (and its CRC-32), read through
//!   `ingest::read_capped_into` (never a larger buffer), and a declared size over
//!   [`crate::ingest::MAX_DECOMPRESSED_BYTES`] is "too large" before inflating; entries
//!   whose data overlap are refused; one archive on disk may list at most
//!   [`MAX_ARCHIVE_MEMBERS`] members (nested ones included), and the sizes of everything
//!   reading it inflates may add up to at most [`MAX_ARCHIVE_INFLATED_BYTES`], else the
//!   whole archive is refused with one line. Nested archives that are stored
//!   uncompressed (no deflate) are read in place, without a copy in memory.
//! - Strava bulk export: a folder (or a directory inside an archive, the root included)
//!   holding `activities.csv` next to an `activities/` folder has its CSV parsed; a
//!   candidate whose path relative to that folder equals the CSV's `Filename` (for example
//!   `activities/1234567890.fit.gz`) carries a [`StravaMeta`]. Listed activities whose type
//!   is not a foot sport (see [`is_foot_sport`]) go to [`Discovery::skipped_by_type`]
//!   instead; files the CSV does not list stay candidates.
//! - Garmin Connect export: every `*_summarizedActivities.json` met in a folder walk or an
//!   archive (nested ones included) is parsed ([`super::garmin_export`]) and every
//!   candidate of that walk or archive carries it; the file is then given the runner's
//!   name and type of the activity that starts with it.
//! - Output is sorted by display string (byte order), then origin; duplicates (the same
//!   file reached twice) are dropped. Problems are `(display, one-line message)` in
//!   [`Discovery::errors`] and never stop discovery.

use super::zipdir::{self, size_text};
use crate::ingest::{sniff, IngestError, MAX_DECOMPRESSED_BYTES, MAX_FILE_BYTES};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

/// Most archives opened one inside another, the outermost included.
pub const MAX_ZIP_DEPTH: usize = 4;

/// Most members listed from one archive on disk, members of nested archives included.
pub const MAX_ARCHIVE_MEMBERS: usize = 100_000;

/// Most bytes reading one archive on disk may inflate, by the sizes its central
/// directories declare: its activity members, its `activities.csv` and its compressed
/// nested archives, at every level. Past it the archive is refused with one line (a guard
/// against zip bombs whose every member stays under [`MAX_DECOMPRESSED_BYTES`]). Our
/// choice: a Garmin export of several thousand runs (FIT files of 100-300 KB, in deflated
/// zips inside the export) inflates to one or two GiB, and inflating 4 GiB costs about
/// 10-15 s of one core.
pub const MAX_ARCHIVE_INFLATED_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// Strava activity types this coach reviews (compared without regard to case).
const FOOT_SPORTS: [&str; 5] = ["run", "trail run", "virtual run", "walk", "hike"];

/// Where an input's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A plain file on disk (path as given, or joined below a given folder).
    File(PathBuf),
    /// A FIFO, a character device or another non-regular file named on the command line
    /// (`<(zcat run.fit.gz)`), read once during discovery: its bytes.
    Stream(std::sync::Arc<Vec<u8>>),
    /// A member of a zip archive on disk, possibly inside nested zips.
    Member {
        /// The archive on disk.
        archive: PathBuf,
        /// Member names exactly as stored, from the outer archive inward; the last one is
        /// the activity file, the ones before it are nested zips.
        chain: Vec<String>,
        /// Each member's position in its archive's central directory, parallel to `chain`:
        /// two members under one name are two inputs.
        indices: Vec<usize>,
    },
}

/// One input found by [`discover`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// User-facing path: the file path as given or joined below a folder, or for archive
    /// members the archive path followed by the member labels joined with `/`
    /// (`export.zip/inner.zip/run.fit`); a second member with the same label in one
    /// archive gets `#2` after it (`export.zip/run.fit#2`), a third `#3`. Comes partly from file data: escape it before
    /// printing to a terminal.
    pub display: String,
    /// Where to read the bytes from.
    pub origin: Origin,
    /// The Strava export's description of this file, when `activities.csv` lists it.
    pub strava: Option<StravaMeta>,
    /// The Garmin Connect export this file came with (its summarized activities), when it
    /// came with one ([`super::garmin_export`]).
    pub garmin: Option<std::sync::Arc<super::garmin_export::GarminIndex>>,
}

impl Candidate {
    /// Give an activity read from this candidate what its export says of it: the Garmin
    /// Connect export's name and type of the activity starting with it (the runner's type
    /// wins over the file's), then the Strava export's name, and its sport when the file
    /// has none.
    pub(crate) fn apply_strava(&self, a: &mut crate::model::Activity) {
        if let Some(g) = &self.garmin {
            g.apply(a);
        }
        if let Some(meta) = &self.strava {
            if !meta.name.is_empty() {
                a.name = Some(meta.name.clone());
            }
            if a.sport == crate::model::Sport::Unknown {
                a.sport = crate::model::Sport::from_name(&meta.activity_type);
            }
        }
    }
}

/// What a Strava bulk export's `activities.csv` says about one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StravaMeta {
    /// The "Activity ID" column.
    pub activity_id: String,
    /// The "Activity Name" column (user text: escape before printing).
    pub name: String,
    /// The "Activity Type" column ("Run", "Trail Run", "Ride", ...).
    pub activity_type: String,
}

/// Everything [`discover`] found, each list sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Inputs to read, sorted by `display` (byte order).
    pub candidates: Vec<Candidate>,
    /// `(display, one-line message)`: missing paths, unreadable folders, broken archives,
    /// archives nested too deep or too large, unreadable `activities.csv`.
    pub errors: Vec<(String, String)>,
    /// `(display, Strava activity type)` for files `activities.csv` lists as something
    /// other than a foot sport; they are not read.
    pub skipped_by_type: Vec<(String, String)>,
    /// Keep every listed activity whatever its Strava type (`inspect` lists every sport).
    every_sport: bool,
}

/// True for the Strava activity types this coach reviews: runs ("Run", "Trail Run",
/// "Virtual Run"), walks ("Walk") and hikes ("Hike"), in any case.
#[must_use]
pub fn is_foot_sport(activity_type: &str) -> bool {
    let t = activity_type.trim();
    FOOT_SPORTS.iter().any(|s| s.eq_ignore_ascii_case(t))
}

/// Find every input below `paths`, sorted; see the module documentation for the rules.
/// Never fails: problems are collected in [`Discovery::errors`].
#[must_use]
pub fn discover(paths: &[PathBuf]) -> Discovery {
    discover_with(paths, &Limits::DEFAULT)
}

/// [`discover`], keeping the files `activities.csv` lists as other sports as candidates
/// (with their [`StravaMeta`]): what `inspect`, which lists every sport, reads.
#[must_use]
pub fn discover_every_sport(paths: &[PathBuf]) -> Discovery {
    let out = Discovery {
        every_sport: true,
        ..Discovery::default()
    };
    discover_into(paths, &Limits::DEFAULT, out)
}

/// The raw bytes of a candidate (possibly still gzipped: [`crate::ingest::read_bytes`]
/// handles that). For an archive member, the archive is reopened from disk and nested
/// archives are descended in memory.
///
/// # Errors
/// [`IngestError::Io`] when the file or member cannot be read, [`IngestError::Damaged`]
/// for broken archives or compressed data, [`IngestError::TooLarge`] past the size caps,
/// [`IngestError::Unsupported`] for encrypted members or compression other than deflate.
pub fn read(c: &Candidate) -> Result<Vec<u8>, IngestError> {
    read_with(c, &Limits::DEFAULT)
}

/// [`read`] into `buf` (cleared first): a file on disk is read into the buffer's own
/// memory when it has room, so a worker that keeps one buffer for every file it reads
/// does not allocate and free a file-sized block per file (big blocks churned per file
/// fragment the allocator's heap: issue 24). Members and streams replace its contents.
///
/// # Errors
/// As [`read`]; `buf` then holds no valid contents.
pub(crate) fn read_into(c: &Candidate, buf: &mut Vec<u8>) -> Result<(), IngestError> {
    buf.clear();
    match &c.origin {
        Origin::File(path) => read_file_capped_into(path, MAX_FILE_BYTES, buf),
        _ => {
            *buf = read_with(c, &Limits::DEFAULT)?;
            Ok(())
        }
    }
}

/// Size and depth limits; tests lower them.
#[derive(Clone, Copy, Debug)]
struct Limits {
    depth: usize,
    members: usize,
    member_bytes: u64,
    archive_bytes: u64,
}

impl Limits {
    const DEFAULT: Limits = Limits {
        depth: MAX_ZIP_DEPTH,
        members: MAX_ARCHIVE_MEMBERS,
        member_bytes: MAX_DECOMPRESSED_BYTES,
        archive_bytes: MAX_ARCHIVE_INFLATED_BYTES,
    };
}

/// A seekable byte source: a file on disk, a stored member read in place, or inflated
/// bytes in memory. One type for every nesting level keeps the recursion monomorphic.
pub(super) trait Source: Read + Seek {}
impl<T: Read + Seek> Source for T {}

fn discover_with(paths: &[PathBuf], limits: &Limits) -> Discovery {
    discover_into(paths, limits, Discovery::default())
}

fn discover_into(paths: &[PathBuf], limits: &Limits, mut out: Discovery) -> Discovery {
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk_dir(p, limits, &mut out),
            Ok(m) if !m.is_file() => match read_stream(p, STREAM_FIRST_BYTE_TIMEOUT) {
                Ok(bytes) => out.candidates.push(Candidate {
                    display: p.display().to_string(),
                    origin: Origin::Stream(std::sync::Arc::new(bytes)),
                    strava: None,
                    garmin: None,
                }),
                Err(e) => out.errors.push((p.display().to_string(), e.to_string())),
            },
            Ok(_) if starts_like_zip(p) => walk_archive(p, limits, &mut out),
            Ok(_) => out.candidates.push(Candidate {
                display: p.display().to_string(),
                origin: Origin::File(p.clone()),
                strava: None,
                garmin: None,
            }),
            Err(e) => out.errors.push((p.display().to_string(), one_line(&e))),
        }
    }
    out.candidates
        .sort_by(|a, b| (&a.display, &a.origin).cmp(&(&b.display, &b.origin)));
    out.candidates
        .dedup_by(|a, b| a.display == b.display && a.origin == b.origin);
    out.errors.sort();
    out.errors.dedup();
    out.skipped_by_type.sort();
    out.skipped_by_type.dedup();
    out
}

/// True when the file's first bytes are the zip signature. Unreadable files are not
/// zips here: they become candidates and [`read`] reports the problem.
fn starts_like_zip(path: &Path) -> bool {
    let mut head = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && sniff::is_zip(&head)
}

/// True for names ending in `.zip`, any case.
fn is_zip_name(name: &str) -> bool {
    name.len() > 4
        && name
            .get(name.len() - 4..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".zip"))
}

/// Extensions (lower case) taken from folders and archives, before an optional `.gz`:
/// FIT, GPX, TCX, Suunto's `.sml` and Polar's `.hrm`.
const ACTIVITY_EXTENSIONS: [&str; 5] = ["fit", "gpx", "tcx", "sml", "hrm"];

/// Extensions shared by activities and other files (a Suunto or Polar JSON and an app's
/// settings; a Moveslink XML and any XML): such a file or archive member is a candidate
/// only when its first 64 KiB (inflated) sniff as a format we read ([`head_sniffs`],
/// [`zipdir::read_head`]), so a Garmin export's hundreds of JSON files cost no inflating.
const SNIFFED_EXTENSIONS: [&str; 2] = ["json", "xml"];

/// True when `name`'s extension (before an optional `.gz`) is one of `exts`, with a name
/// before it.
fn has_extension(name: &str, exts: &[&str]) -> bool {
    let name = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    exts.iter()
        .any(|ext| name.len() > ext.len() + 1 && name.ends_with(&format!(".{ext}")))
}

/// True when a file name looks like an activity export: `.fit`, `.gpx`, `.tcx`, `.sml` or
/// `.hrm` in any case, optionally followed by `.gz`, with a name before the extension.
fn looks_like_activity(name: &str) -> bool {
    has_extension(name, &ACTIVITY_EXTENSIONS)
}

/// True for `.json` and `.xml` names (optionally `.gz`), which may hold an activity.
fn may_be_activity(name: &str) -> bool {
    has_extension(name, &SNIFFED_EXTENSIONS)
}

/// Bytes looked at to tell a `.json` or `.xml` activity from another file.
const HEAD: u64 = 64 * 1024;

/// True when the first 64 KiB of the file (inflated when gzipped) are a format
/// [`crate::ingest::sniff::format`] recognises. A file that cannot be read is not one.
fn head_sniffs(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(HEAD).read_to_end(&mut head).is_err() {
        return false;
    }
    head_is_activity(head)
}

/// True when `head` (the start of a file, gzipped or not) sniffs as a format we read.
fn head_is_activity(mut head: Vec<u8>) -> bool {
    if sniff::is_gzip(&head) {
        let mut plain = Vec::new();
        let inflated = flate2::read::MultiGzDecoder::new(head.as_slice())
            .take(HEAD)
            .read_to_end(&mut plain);
        if inflated.is_err() && plain.is_empty() {
            return false;
        }
        head = plain;
    }
    sniff::format(&head).is_some()
}

/// A member name as a harmless label: `/` and `\` separate components; empty, `.` and
/// `..` components are dropped. Empty for directory-like names.
pub(super) fn member_label(name: &str) -> String {
    name.split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        .collect::<Vec<_>>()
        .join("/")
}

/// A path relative to a folder, components joined with `/` (the CSV's spelling).
fn relative_key(path: &Path, dir: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn one_line(e: &dyn std::fmt::Display) -> String {
    e.to_string().replace(['\n', '\r'], " ")
}

/// Put a candidate where it belongs once its Strava description (if any) is known.
fn route(out: &mut Discovery, mut c: Candidate, meta: Option<StravaMeta>) {
    if let Some(m) = &meta {
        if !out.every_sport
            && !m.activity_type.trim().is_empty()
            && !is_foot_sport(&m.activity_type)
        {
            out.skipped_by_type
                .push((c.display, m.activity_type.clone()));
            return;
        }
    }
    c.strava = meta;
    out.candidates.push(c);
}

// ---------------------------------------------------------------------------------------
// Folders

fn walk_dir(root: &Path, limits: &Limits, out: &mut Discovery) {
    let first = out.candidates.len();
    let mut garmin = super::garmin_export::GarminIndex::default();
    let mut files = Vec::new();
    let mut stravas: Vec<(PathBuf, HashMap<String, StravaMeta>)> = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                out.errors.push((dir.display().to_string(), one_line(&e)));
                continue;
            }
        };
        let mut csv = None;
        let mut has_activities_dir = false;
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.errors.push((dir.display().to_string(), one_line(&e)));
                    continue;
                }
            };
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            // file_type does not follow symlinks: a link loop cannot trap the walk.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let is_file = if kind.is_symlink() {
                std::fs::metadata(&path).is_ok_and(|m| m.is_file())
            } else {
                kind.is_file()
            };
            if kind.is_dir() {
                has_activities_dir |= name.eq_ignore_ascii_case("activities");
                stack.push(path);
            } else if is_file {
                if name.eq_ignore_ascii_case("activities.csv") {
                    csv = Some(path);
                } else if super::garmin_export::is_summary_name(&name) {
                    let display = path.display().to_string();
                    match read_file_capped(&path, limits.member_bytes) {
                        Ok(bytes) => {
                            if let Err(e) = garmin.add_file(&bytes) {
                                out.errors.push((display, e));
                            }
                        }
                        Err(e) => out.errors.push((display, e.to_string())),
                    }
                } else if looks_like_activity(&name)
                    || (may_be_activity(&name) && head_sniffs(&path))
                {
                    files.push(path);
                } else if is_zip_name(&name) {
                    walk_archive(&path, limits, out);
                }
            }
        }
        if let (Some(csv), true) = (csv, has_activities_dir) {
            let display = csv.display().to_string();
            match read_file_capped(&csv, limits.member_bytes) {
                Ok(bytes) => {
                    let (map, problem) = parse_strava_csv(&bytes);
                    if let Some(p) = problem {
                        out.errors.push((display, p));
                    }
                    stravas.push((dir, map));
                }
                Err(e) => out.errors.push((display, e.to_string())),
            }
        }
    }
    // The deepest export folder that lists the file wins if exports are nested: a file's
    // folders are looked up from its own outwards (a hash lookup per folder of its path,
    // not a scan of every export per file: 30,000 files in 9,000 export folders took 23 s,
    // issue 22).
    let by_dir: HashMap<&Path, &HashMap<String, StravaMeta>> =
        stravas.iter().map(|(d, m)| (d.as_path(), m)).collect();
    for path in files {
        let meta = path.ancestors().skip(1).find_map(|dir| {
            let map = by_dir.get(dir)?;
            relative_key(&path, dir).and_then(|k| map.get(&k).cloned())
        });
        let c = Candidate {
            display: path.display().to_string(),
            origin: Origin::File(path),
            strava: None,
            garmin: None,
        };
        route(out, c, meta);
    }
    attach_garmin(out.candidates.get_mut(first..).unwrap_or_default(), garmin);
}

/// Give every candidate found with a Garmin Connect export its summarized activities.
fn attach_garmin(found: &mut [Candidate], index: super::garmin_export::GarminIndex) {
    if index.is_empty() {
        return;
    }
    let index = std::sync::Arc::new(index);
    for c in found {
        c.garmin = Some(std::sync::Arc::clone(&index));
    }
}

// ---------------------------------------------------------------------------------------
// Archives

/// State shared while listing one archive on disk and everything nested in it.
struct ArchiveWalk<'l> {
    archive: PathBuf,
    limits: &'l Limits,
    /// Central-directory entries listed so far, nested archives included.
    members: usize,
    over_members: bool,
    /// Bytes that reading this archive inflates, by the sizes the central directories
    /// declare (a member must inflate to exactly its declared size, see
    /// [`zipdir::read_entry`], so this bounds the real work): activity members, the
    /// `activities.csv` read, and nested archives that are compressed.
    inflated: u64,
    over_bytes: bool,
    /// The summarized activities of a Garmin Connect export met in the archive.
    garmin: super::garmin_export::GarminIndex,
}

impl ArchiveWalk<'_> {
    /// Count `bytes` to inflate; false (and the archive refused) past the total cap.
    fn spend(&mut self, bytes: u64) -> bool {
        self.inflated = self.inflated.saturating_add(bytes);
        if self.inflated > self.limits.archive_bytes {
            self.over_bytes = true;
        }
        !self.over_bytes
    }
}

/// What reading an export's index member (Strava's `activities.csv`, a Garmin export's
/// summaries) gave.
enum IndexRead {
    /// The entry is no longer listed.
    Gone,
    /// The archive's inflation budget is spent: the archive is refused.
    OverBudget,
    /// Its bytes, or why they could not be read.
    Read(Result<Vec<u8>, IngestError>),
}

/// Read member `i` whole for an export's index, counted against the archive's budget (a
/// member over the per-member cap is refused by the read itself, without inflating).
fn read_index_member(level: &mut Level<'_>, walk: &mut ArchiveWalk<'_>, i: usize) -> IndexRead {
    let Some(entry) = level.dir.entries.get(i).cloned() else {
        return IndexRead::Gone;
    };
    if entry.size <= walk.limits.member_bytes && !walk.spend(entry.size) {
        return IndexRead::OverBudget;
    }
    IndexRead::Read(zipdir::read_entry(
        &mut level.src,
        &entry,
        walk.limits.member_bytes,
    ))
}

/// One archive level open for reading: its bytes and its central directory.
pub(super) struct Level<'a> {
    /// The archive's bytes.
    pub(super) src: Box<dyn Source + 'a>,
    /// Its central directory.
    pub(super) dir: zipdir::Directory,
}

impl Level<'_> {
    /// Entry `index`, which must still be named `name` (the archive may have changed since
    /// discovery).
    fn entry(&self, index: usize, name: &str) -> Result<zipdir::Entry, IngestError> {
        self.dir
            .entries
            .get(index)
            .filter(|e| e.name == name)
            .cloned()
            .ok_or_else(|| IngestError::Io(format!("the archive no longer holds {name:?}")))
    }
}

fn open_level<'a>(
    mut src: Box<dyn Source + 'a>,
    max_entries: usize,
) -> Result<Level<'a>, IngestError> {
    let dir = zipdir::read_directory(&mut src, max_entries)?;
    Ok(Level { src, dir })
}

/// Open an archive on disk (its central directory read, at most `max_entries` entries).
fn open_archive(path: &Path, max_entries: usize) -> Result<Level<'static>, IngestError> {
    #[cfg(test)]
    tests::OPENS.with(|n| n.set(n.get() + 1));
    let file = File::open(path).map_err(|e| IngestError::Io(one_line(&e)))?;
    open_level(Box::new(BufReader::new(file)), max_entries)
}

/// List an archive on disk. Everything it yields is kept aside until the whole archive has
/// been listed: past [`MAX_ARCHIVE_INFLATED_BYTES`] the archive is refused with one line.
fn walk_archive(path: &Path, limits: &Limits, out: &mut Discovery) {
    let display = path.display().to_string();
    let mut level = match open_archive(path, limits.members) {
        Ok(z) => z,
        Err(e) => {
            out.errors.push((display, e.to_string()));
            return;
        }
    };
    let mut walk = ArchiveWalk {
        archive: path.to_path_buf(),
        limits,
        members: 0,
        over_members: false,
        inflated: 0,
        over_bytes: false,
        garmin: super::garmin_export::GarminIndex::default(),
    };
    let mut found = Discovery {
        every_sport: out.every_sport,
        ..Discovery::default()
    };
    walk_zip(&mut level, &[], &[], &display, 1, &mut walk, &mut found);
    if walk.over_bytes {
        out.errors.push((
            display,
            format!(
                "too large: the archive's members inflate to more than {} in total; \
                 archive not read",
                size_text(limits.archive_bytes)
            ),
        ));
        return;
    }
    attach_garmin(&mut found.candidates, std::mem::take(&mut walk.garmin));
    out.candidates.append(&mut found.candidates);
    out.errors.append(&mut found.errors);
    out.skipped_by_type.append(&mut found.skipped_by_type);
}

/// List one archive level: candidates, nested archives (recursively) and Strava CSVs.
/// `chain` and `indices` lead from the archive on disk to this level.
fn walk_zip(
    level: &mut Level<'_>,
    chain: &[String],
    indices: &[usize],
    display: &str,
    depth: usize,
    walk: &mut ArchiveWalk<'_>,
    out: &mut Discovery,
) {
    let overlaps = zipdir::overlapping(&level.dir.entries);
    if overlaps > 0 {
        out.errors.push((
            display.to_string(),
            format!(
                "damaged beyond repair: {overlaps} zip entries share their data with another \
                 (overlapping entries, a zip bomb); archive not read"
            ),
        ));
        return;
    }
    walk.members = walk.members.saturating_add(level.dir.entries.len());
    if level.dir.truncated && !walk.over_members {
        walk.over_members = true;
        out.errors.push((
            walk.archive.display().to_string(),
            format!(
                "more than {} archive members; the rest is not listed",
                walk.limits.members
            ),
        ));
    }
    if level.dir.long_names > 0 {
        out.errors.push((
            display.to_string(),
            format!(
                "{} members with names longer than {} bytes; not listed",
                level.dir.long_names,
                zipdir::MAX_NAME_BYTES
            ),
        ));
    }

    let mut local: Vec<(Candidate, String, u64)> = Vec::new();
    let mut csvs: Vec<(String, usize)> = Vec::new();
    let mut labels = Vec::with_capacity(level.dir.entries.len());
    // Labels seen at this level: a second member with the same label is `label#2`.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in 0..level.dir.entries.len() {
        let Some(entry) = level.dir.entries.get(i) else {
            break;
        };
        if entry.is_dir() {
            continue;
        }
        let (name, size, compressed) = (entry.name.clone(), entry.size, !entry.stored_plain());
        let label = member_label(&name);
        let leaf = label.rsplit('/').next().unwrap_or_default().to_string();
        if leaf.is_empty() {
            continue;
        }
        let nth = seen.entry(label.clone()).or_insert(0);
        *nth += 1;
        let member_display = if *nth == 1 {
            format!("{display}/{label}")
        } else {
            format!("{display}/{label}#{nth}")
        };
        if leaf.eq_ignore_ascii_case("activities.csv") {
            let prefix = label
                .strip_suffix(leaf.as_str())
                .unwrap_or_default()
                .to_string();
            csvs.push((prefix, i));
        } else if super::garmin_export::is_summary_name(&leaf) {
            match read_index_member(level, walk, i) {
                IndexRead::Gone => continue,
                IndexRead::OverBudget => return,
                IndexRead::Read(Ok(bytes)) => {
                    if let Err(e) = walk.garmin.add_file(&bytes) {
                        out.errors.push((member_display, e));
                    }
                }
                IndexRead::Read(Err(e)) => out.errors.push((member_display, e.to_string())),
            }
        } else if looks_like_activity(&leaf)
            || (may_be_activity(&leaf)
                && level.dir.entries.get(i).cloned().is_some_and(|e| {
                    // The member's start only (64 KiB), never counted against the
                    // archive's budget; one that cannot be inflated is a candidate, so
                    // its reading says why.
                    zipdir::read_head(&mut level.src, &e, HEAD).map_or(true, head_is_activity)
                }))
        {
            let mut member_chain = chain.to_vec();
            member_chain.push(name);
            let mut member_indices = indices.to_vec();
            member_indices.push(i);
            let c = Candidate {
                display: member_display,
                origin: Origin::Member {
                    archive: walk.archive.clone(),
                    chain: member_chain,
                    indices: member_indices,
                },
                strava: None,
                garmin: None,
            };
            local.push((c, label.clone(), size));
        } else if is_zip_name(&leaf) && !walk.over_members {
            if depth >= walk.limits.depth {
                out.errors.push((
                    member_display,
                    format!(
                        "zip archives nested more than {} deep; not opened",
                        walk.limits.depth
                    ),
                ));
            } else if compressed && size > walk.limits.member_bytes {
                out.errors.push((
                    member_display,
                    format!(
                        "too large: zip member declares {size} bytes, more than the {} limit",
                        size_text(walk.limits.member_bytes)
                    ),
                ));
            } else if compressed && !walk.spend(size) {
                return;
            } else {
                let left = walk.limits.members.saturating_sub(walk.members);
                match open_nested(level, i, walk.limits.member_bytes, left) {
                    Ok(mut inner) => {
                        let mut inner_chain = chain.to_vec();
                        inner_chain.push(name);
                        let mut inner_indices = indices.to_vec();
                        inner_indices.push(i);
                        walk_zip(
                            &mut inner,
                            &inner_chain,
                            &inner_indices,
                            &member_display,
                            depth + 1,
                            walk,
                            out,
                        );
                        if walk.over_bytes {
                            return;
                        }
                    }
                    Err(e) => out.errors.push((member_display, e.to_string())),
                }
            }
        }
        labels.push(label);
    }

    // Every folder the members lie in, lower-cased: one hash lookup per `activities.csv`
    // instead of a scan of every label.
    let folders: std::collections::HashSet<String> = labels
        .iter()
        .flat_map(|l: &String| l.match_indices('/').map(|(k, _)| l[..=k].to_lowercase()))
        .collect();
    let mut stravas: Vec<(String, HashMap<String, StravaMeta>)> = Vec::new();
    for (prefix, i) in csvs {
        let dir = format!("{prefix}activities/");
        if !folders.contains(&dir.to_lowercase()) {
            continue;
        }
        let csv_display = format!("{display}/{prefix}activities.csv");
        match read_index_member(level, walk, i) {
            IndexRead::Gone => continue,
            IndexRead::OverBudget => return,
            IndexRead::Read(Ok(bytes)) => {
                let (map, problem) = parse_strava_csv(&bytes);
                if let Some(p) = problem {
                    out.errors.push((csv_display, p));
                }
                stravas.push((prefix, map));
            }
            IndexRead::Read(Err(e)) => out.errors.push((csv_display, e.to_string())),
        }
    }
    // The exports by folder (a folder's exports in the order read); a member's folders are
    // looked up from its own outwards, the deepest export that lists it winning.
    let mut by_prefix: HashMap<&str, Vec<&HashMap<String, StravaMeta>>> = HashMap::new();
    for (prefix, map) in &stravas {
        by_prefix.entry(prefix.as_str()).or_default().push(map);
    }
    for (c, label, size) in local {
        // A member over the per-member cap is refused when read, without inflating.
        if size <= walk.limits.member_bytes && !walk.spend(size) {
            return;
        }
        let cuts = label.rmatch_indices('/').map(|(k, _)| k + 1).chain([0]);
        let meta = cuts.into_iter().find_map(|k| {
            let (prefix, rel) = label.split_at_checked(k)?;
            by_prefix
                .get(prefix)?
                .iter()
                .find_map(|map| map.get(rel).cloned())
        });
        route(out, c, meta);
    }
}

/// Open the archive stored as entry `index` of `level`. A stored (uncompressed) member is
/// read in place; a compressed one is inflated into memory under `cap`.
fn open_nested<'a>(
    level: &'a mut Level<'_>,
    index: usize,
    cap: u64,
    max_entries: usize,
) -> Result<Level<'a>, IngestError> {
    let entry = level
        .dir
        .entries
        .get(index)
        .cloned()
        .ok_or_else(|| IngestError::Io("member not found in the archive".into()))?;
    let src: Box<dyn Source + 'a> = if entry.stored_plain() {
        let start = zipdir::data_start(&mut level.src, &entry)?;
        Box::new(
            Window::new(&mut level.src, start, entry.compressed_size).map_err(|e| io_error(&e))?,
        )
    } else {
        Box::new(Cursor::new(zipdir::read_entry(
            &mut level.src,
            &entry,
            cap,
        )?))
    };
    open_level(src, max_entries)
}

/// Read a file on disk under `cap`.
fn read_file_capped(path: &Path, cap: u64) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::new();
    read_file_capped_into(path, cap, &mut out)?;
    Ok(out)
}

/// Read a file on disk under `cap` into `out` (empty on entry).
fn read_file_capped_into(path: &Path, cap: u64, out: &mut Vec<u8>) -> Result<(), IngestError> {
    let io = |e: std::io::Error| IngestError::Io(one_line(&e));
    let file = File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let too_large = || IngestError::TooLarge(format!("file larger than {}", size_text(cap)));
    if len > cap {
        return Err(too_large());
    }
    // Room for the whole file and the byte that shows it ended: read in one go, never
    // moved (a file that grew meanwhile still stops at the cap). A buffer too small is
    // replaced, not grown: growing would copy its old capacity for nothing.
    let want = usize::try_from(len.saturating_add(1)).unwrap_or(0);
    if out.capacity() < want {
        *out = Vec::with_capacity(want);
    }
    let over = crate::ingest::read_capped_into(file, cap, out).map_err(io)?;
    if over {
        return Err(too_large());
    }
    Ok(())
}
/// How long a FIFO named on the command line may stay silent before it is refused
/// ([`crate::ingest::STREAM_SILENCE`]).
pub(crate) const STREAM_FIRST_BYTE_TIMEOUT: std::time::Duration = crate::ingest::STREAM_SILENCE;

/// Read a non-regular file (a FIFO, `/dev/stdin`, a process substitution) as a stream, at
/// most [`MAX_FILE_BYTES`], refused when silent for `silence`
/// ([`crate::ingest::read_stream`], the reader of the option files too).
///
/// # Errors
/// [`IngestError::Io`] for a stream that gives nothing in time or fails,
/// [`IngestError::TooLarge`] past the cap.
fn read_stream(path: &Path, silence: std::time::Duration) -> Result<Vec<u8>, IngestError> {
    match crate::ingest::read_stream(path, MAX_FILE_BYTES, silence) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(IngestError::TooLarge(format!(
            "stream longer than {}",
            size_text(MAX_FILE_BYTES)
        ))),
        Err(e) => Err(IngestError::Io(one_line(&e))),
    }
}

/// Corrupt data surfaces as I/O errors of these kinds; the rest are real I/O failures.
fn io_error(e: &std::io::Error) -> IngestError {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::InvalidData | ErrorKind::InvalidInput | ErrorKind::UnexpectedEof => {
            IngestError::Damaged(format!("zip data: {}", one_line(e)))
        }
        _ => IngestError::Io(one_line(e)),
    }
}

fn read_with(c: &Candidate, limits: &Limits) -> Result<Vec<u8>, IngestError> {
    match &c.origin {
        Origin::File(path) => read_file_capped(path, MAX_FILE_BYTES),
        Origin::Stream(bytes) => Ok(bytes.to_vec()),
        Origin::Member { .. } => with_member_in(c, limits, |level, entry| {
            zipdir::read_entry(&mut level.src, entry, limits.member_bytes)
        })
        .unwrap_or_else(|| Err(IngestError::Io("no member named".into()))),
    }
}

/// Run `f` on the archive level holding the member `c` names (nested archives opened on
/// the way) and the member's entry; `None` when `c` is not an archive member.
pub(super) fn with_member<T>(
    c: &Candidate,
    f: impl FnOnce(&mut Level<'static>, &zipdir::Entry) -> Result<T, IngestError>,
) -> Option<Result<T, IngestError>> {
    with_member_in(c, &Limits::DEFAULT, f)
}

fn with_member_in<T>(
    c: &Candidate,
    limits: &Limits,
    f: impl FnOnce(&mut Level<'static>, &zipdir::Entry) -> Result<T, IngestError>,
) -> Option<Result<T, IngestError>> {
    let Origin::Member {
        archive,
        chain,
        indices,
    } = &c.origin
    else {
        return None;
    };
    if chain.len() > limits.depth {
        return Some(Err(IngestError::Unsupported(format!(
            "zip archives nested more than {} deep",
            limits.depth
        ))));
    }
    let (Some((last, nested)), Some((&last_index, nested_indices))) =
        (chain.split_last(), indices.split_last())
    else {
        return Some(Err(IngestError::Io("no member named".into())));
    };
    if chain.len() != indices.len() {
        return Some(Err(IngestError::Io(
            "member path and indices disagree".into(),
        )));
    }
    Some(with_archive(
        archive,
        nested,
        nested_indices,
        limits,
        |level| {
            let entry = level.entry(last_index, last)?;
            f(level, &entry)
        },
    ))
}

/// An archive level opened for reading, kept per thread: reading the members of one
/// archive one after another opens the file and parses its central directory once, and
/// inflates a nested archive once, instead of once per member (10,000 members cost over
/// two minutes that way). Candidates are sorted by path, so a worker's next member is
/// nearly always in the archive it has open.
struct OpenLevel {
    archive: PathBuf,
    nested: Vec<usize>,
    level: Level<'static>,
}

thread_local! {
    static OPEN: std::cell::RefCell<Option<OpenLevel>> = const { std::cell::RefCell::new(None) };
}

/// Run `f` on the archive reached from `archive` through the nested archives `nested`
/// (names) at `indices`, reusing this thread's open one when it is the same.
fn with_archive<T>(
    archive: &Path,
    nested: &[String],
    indices: &[usize],
    limits: &Limits,
    f: impl FnOnce(&mut Level<'static>) -> Result<T, IngestError>,
) -> Result<T, IngestError> {
    OPEN.with(|cell| {
        let mut slot = cell.borrow_mut();
        let cached = slot
            .as_ref()
            .is_some_and(|o| o.archive == archive && o.nested == indices);
        if !cached {
            *slot = None;
            let level = open_chain(archive, nested, indices, limits)?;
            *slot = Some(OpenLevel {
                archive: archive.to_path_buf(),
                nested: indices.to_vec(),
                level,
            });
        }
        match slot.as_mut() {
            Some(open) => f(&mut open.level),
            None => Err(IngestError::Io("archive not open".into())),
        }
    })
}

/// Open `archive` and descend through the nested archives `nested` at `indices`, owning
/// every level: a stored nested archive whose parents are all stored is read in place
/// through a window on the file; a compressed one (or one inside a compressed one) is
/// inflated once into memory, under the member cap.
fn open_chain(
    archive: &Path,
    nested: &[String],
    indices: &[usize],
    limits: &Limits,
) -> Result<Level<'static>, IngestError> {
    let mut level = open_archive(archive, limits.members)?;
    // Where the current level starts in the file, while every level so far is stored.
    let mut in_file: Option<u64> = Some(0);
    for (name, &index) in nested.iter().zip(indices) {
        let entry = level.entry(index, name)?;
        let src: Box<dyn Source> = match (entry.stored_plain(), in_file) {
            (true, Some(base)) => {
                let at = base.saturating_add(zipdir::data_start(&mut level.src, &entry)?);
                let file = File::open(archive).map_err(|e| IngestError::Io(one_line(&e)))?;
                in_file = Some(at);
                Box::new(
                    Window::new(BufReader::new(file), at, entry.compressed_size)
                        .map_err(|e| io_error(&e))?,
                )
            }
            _ => {
                in_file = None;
                Box::new(Cursor::new(zipdir::read_entry(
                    &mut level.src,
                    &entry,
                    limits.member_bytes,
                )?))
            }
        };
        level = open_level(src, limits.members)?;
    }
    Ok(level)
}

/// `len` bytes of `inner` from `start`, seen as a stream of their own.
struct Window<R> {
    inner: R,
    start: u64,
    len: u64,
    pos: u64,
}

impl<R: Read + Seek> Window<R> {
    fn new(mut inner: R, start: u64, len: u64) -> std::io::Result<Self> {
        inner.seek(std::io::SeekFrom::Start(start))?;
        Ok(Self {
            inner,
            start,
            len,
            pos: 0,
        })
    }
}

impl<R: Read + Seek> Read for Window<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = usize::try_from(self.len.saturating_sub(self.pos)).unwrap_or(usize::MAX);
        let want = buf.len().min(left);
        let Some(buf) = buf.get_mut(..want) else {
            return Ok(0);
        };
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for Window<R> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        use std::io::SeekFrom;
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        }
        .ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before start")
        })?;
        self.inner
            .seek(SeekFrom::Start(self.start.saturating_add(target)))?;
        self.pos = target;
        Ok(target)
    }
}

// ---------------------------------------------------------------------------------------
// Strava's activities.csv

/// Parse `activities.csv`: `Filename` (normalised like member labels) → description.
/// Columns are found by header text, ignoring case and surrounding space, first
/// occurrence winning (newer exports repeat some names). Returns what could be parsed and
/// a one-line problem, if any.
fn parse_strava_csv(bytes: &[u8]) -> (HashMap<String, StravaMeta>, Option<String>) {
    let mut map = HashMap::new();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return (map, Some(format!("activities.csv: {}", one_line(&e)))),
    };
    let column = |want: &str| {
        headers.iter().position(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case(want)
        })
    };
    let Some(file_col) = column("Filename") else {
        return (
            map,
            Some("activities.csv has no Filename column; Strava names and types not used".into()),
        );
    };
    let (id_col, name_col, type_col) = (
        column("Activity ID"),
        column("Activity Name"),
        column("Activity Type"),
    );
    for record in reader.byte_records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => return (map, Some(format!("activities.csv: {}", one_line(&e)))),
        };
        let field = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .unwrap_or_default()
        };
        let key = member_label(&field(Some(file_col)));
        if key.is_empty() {
            continue;
        }
        map.entry(key).or_insert_with(|| StravaMeta {
            activity_id: field(id_col),
            name: field(name_col),
            activity_type: field(type_col),
        });
    }
    (map, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::zipdir::tests::zip_of;
    use std::io::Write;

    #[test]
    fn activity_names_in_any_case_and_gzipped() {
        for n in [
            "a.fit", "B.FIT", "c.gpx.gz", "d.TCX.GZ", "x/y.Gpx", "m.sml", "s.HRM",
        ] {
            assert!(looks_like_activity(n), "{n}");
        }
        for n in ["suunto.json", "log.json.gz", "quest.XML"] {
            assert!(!looks_like_activity(n) && may_be_activity(n), "{n}");
        }
        for n in ["a.fit.zip", "notes.md", ".fit", "activities.csv", "a.gz"] {
            assert!(!looks_like_activity(n), "{n}");
        }
    }

    fn fit_bytes() -> Vec<u8> {
        let run = crate::synth::generate(&crate::synth::Scenario::treadmill()).expect("synth run");
        crate::synth::fit::encode(&run, &Default::default())
    }

    fn gpx_bytes() -> Vec<u8> {
        let run =
            crate::synth::generate(&crate::synth::Scenario::run_walk_5_1()).expect("synth run");
        crate::synth::gpx::write(&run, &Default::default())
            .expect("synth gpx")
            .into_bytes()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).expect("gzip");
        e.finish().expect("gzip")
    }

    thread_local! {
        /// Archives opened from disk by this thread.
        pub(super) static OPENS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn members_are_read_with_one_open_of_the_archive_and_of_a_nested_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let names: Vec<String> = (0..300).map(|i| format!("{i:03}.fit")).collect();
        let bodies: Vec<Vec<u8>> = (0..300u32).map(|i| i.to_le_bytes().repeat(50)).collect();
        let entries: Vec<(&str, &[u8], bool)> = names
            .iter()
            .zip(&bodies)
            .map(|(n, b)| (n.as_str(), b.as_slice(), false))
            .collect();
        let inner = zip_of(&entries);
        for stored in [true, false] {
            let p = dir.path().join(format!("outer-{stored}.zip"));
            std::fs::write(&p, zip_of(&[("inner.zip", &inner, stored)])).expect("write");
            let d = discover(std::slice::from_ref(&p));
            assert_eq!(d.candidates.len(), 300, "{:?}", d.errors);
            let before = OPENS.with(std::cell::Cell::get);
            for (c, body) in d.candidates.iter().zip(&bodies) {
                assert_eq!(&read(c).expect("member"), body, "{}", c.display);
            }
            assert_eq!(
                OPENS.with(std::cell::Cell::get) - before,
                1,
                "stored {stored}"
            );
        }
    }

    /// Point every central-directory entry of `zip` at the first local header.
    fn overlap_all(zip: &mut [u8]) {
        let mut i = 0;
        while i + 46 <= zip.len() {
            if &zip[i..i + 4] == b"PK\x01\x02" {
                zip[i + 42..i + 46].copy_from_slice(&0u32.to_le_bytes());
            }
            i += 1;
        }
    }

    #[test]
    fn overlapping_entries_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = vec![7u8; 200_000];
        let mut z = zip_of(&[
            ("a.fit", &big, false),
            ("b.fit", &big, false),
            ("c.fit", b"x", false),
        ]);
        let p = dir.path().join("good.zip");
        std::fs::write(&p, &z).expect("write");
        let d = discover(std::slice::from_ref(&p));
        assert_eq!(d.candidates.len(), 3);
        assert!(d.errors.is_empty());
        overlap_all(&mut z);
        let p = dir.path().join("bomb.zip");
        std::fs::write(&p, &z).expect("write");
        let d = discover(std::slice::from_ref(&p));
        assert!(d.candidates.is_empty(), "{:?}", displays(&d));
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        assert!(
            d.errors[0].1.contains("2 zip entries share their data"),
            "{:?}",
            d.errors
        );
        // Nested: the outer archive is fine, the inner one is refused.
        let outer = zip_of(&[("inner.zip", &z, false), ("ok.fit", b"y", false)]);
        let p = dir.path().join("outer.zip");
        std::fs::write(&p, &outer).expect("write");
        let d = discover(std::slice::from_ref(&p));
        assert_eq!(displays(&d), vec![format!("{}/ok.fit", p.display())]);
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
    }

    fn displays(d: &Discovery) -> Vec<&str> {
        d.candidates.iter().map(|c| c.display.as_str()).collect()
    }

    /// A file of the real-file corpus (`crate::corpus`); `None` without the corpus.
    fn corpus(name: &str) -> Option<Vec<u8>> {
        let p = crate::corpus::dir()?
            .join("GoldenCheetah__GoldenCheetah")
            .join(name);
        std::fs::read(p).ok()
    }

    #[test]
    fn nested_zips_are_listed_and_members_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fit = fit_bytes();
        let gpx_gz = gzip(&gpx_bytes());
        let garmin = corpus("test__runs__GarminFR955v18.zip");
        let mut deepest: Vec<(&str, &[u8], bool)> =
            vec![("run.fit", &fit, false), ("track.gpx.gz", &gpx_gz, false)];
        if let Some(g) = &garmin {
            // A real Garmin zip, stored: read in place rather than inflated.
            deepest.push(("garmin.zip", g, true));
        }
        let deep = zip_of(&deepest);
        let inner = zip_of(&[
            ("deep.zip", &deep, false),
            ("DI_CONNECT/Run.FIT", &fit, false),
            ("notes.txt", b"hello", false),
        ]);
        let outer = zip_of(&[
            ("inner.zip", &inner, true),
            ("run.fit", &fit, false),
            ("folder/", b"", false),
        ]);
        std::fs::write(dir.path().join("outer.zip"), &outer).expect("write");

        let d = discover(&[dir.path().to_path_buf()]);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let root = dir.path().display().to_string();
        let mut want = vec![
            format!("{root}/outer.zip/inner.zip/DI_CONNECT/Run.FIT"),
            format!("{root}/outer.zip/inner.zip/deep.zip/run.fit"),
            format!("{root}/outer.zip/inner.zip/deep.zip/track.gpx.gz"),
            format!("{root}/outer.zip/run.fit"),
        ];
        if garmin.is_some() {
            want.push(format!(
                "{root}/outer.zip/inner.zip/deep.zip/garmin.zip/14211916346_ACTIVITY.fit"
            ));
        }
        want.sort();
        assert_eq!(displays(&d), want);

        for c in &d.candidates {
            let bytes = read(c).expect("member bytes");
            let Origin::Member { archive, chain, .. } = &c.origin else {
                panic!("not a member: {c:?}");
            };
            assert_eq!(archive, &dir.path().join("outer.zip"));
            match chain.last().map(String::as_str) {
                Some("track.gpx.gz") => assert_eq!(bytes, gpx_gz),
                Some("14211916346_ACTIVITY.fit") => {
                    assert_eq!(
                        Some(bytes.clone()),
                        corpus(
                            "test__runs__GarminFR955v18.zip__ZIPMEMBER__14211916346_ACTIVITY.fit"
                        )
                    );
                    assert!(crate::ingest::read_bytes(&bytes).is_ok());
                }
                _ => assert_eq!(bytes, fit),
            }
        }
        let gz = d
            .candidates
            .iter()
            .find(|c| c.display.ends_with("track.gpx.gz"))
            .expect("gpx member");
        let Origin::Member { chain, .. } = &gz.origin else {
            panic!("not a member");
        };
        assert_eq!(chain, &["inner.zip", "deep.zip", "track.gpx.gz"]);
        assert!(crate::ingest::read_bytes(&read(gz).expect("bytes")).is_ok());
    }

    #[test]
    fn explicit_zip_is_sniffed_by_content_and_other_files_are_taken_as_given() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fit = fit_bytes();
        let export = dir.path().join("export.dat");
        std::fs::write(&export, zip_of(&[("a/run.fit", &fit, false)])).expect("write");
        let odd = dir.path().join("odd.bin");
        std::fs::write(&odd, b"not a zip").expect("write");
        let missing = dir.path().join("missing.fit");
        let d = discover(&[odd.clone(), export.clone(), missing.clone()]);
        assert_eq!(
            displays(&d),
            vec![
                format!("{}/a/run.fit", export.display()),
                odd.display().to_string()
            ]
        );
        assert_eq!(d.errors.len(), 1);
        assert_eq!(d.errors[0].0, missing.display().to_string());
        assert_eq!(read(&d.candidates[1]).expect("bytes"), b"not a zip");
    }

    #[test]
    fn parent_directory_member_names_are_only_labels() {
        let base = tempfile::tempdir().expect("tempdir");
        let dir = base.path().join("export");
        std::fs::create_dir(&dir).expect("mkdir");
        let fit = fit_bytes();
        let archive = dir.join("evil.zip");
        std::fs::write(&archive, zip_of(&[("../../x.fit", &fit, false)])).expect("write");
        let d = discover(std::slice::from_ref(&dir));
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(displays(&d), vec![format!("{}/x.fit", archive.display())]);
        assert!(!d.candidates[0].display.contains(".."));
        let Origin::Member { chain, .. } = &d.candidates[0].origin else {
            panic!("not a member");
        };
        assert_eq!(chain, &["../../x.fit"]);
        assert_eq!(read(&d.candidates[0]).expect("bytes"), fit);
        for p in [base.path(), &dir, base.path().parent().expect("parent")] {
            assert!(!p.join("x.fit").exists(), "{}", p.display());
        }
        assert_eq!(
            std::fs::read_dir(&dir).expect("list").count(),
            1,
            "nothing extracted"
        );
    }

    /// Set the uncompressed size of every header (local and central) to `claim`.
    fn lie_about_size(zip: &mut [u8], claim: u32) {
        let mut i = 0;
        while i + 30 <= zip.len() {
            let at = match &zip[i..i + 4] {
                b"PK\x03\x04" => Some(i + 22),
                b"PK\x01\x02" => Some(i + 24),
                _ => None,
            };
            if let Some(at) = at {
                zip[at..at + 4].copy_from_slice(&claim.to_le_bytes());
            }
            i += 1;
        }
    }

    #[test]
    fn member_inflating_past_the_cap_is_too_large_whatever_its_header_says() {
        let dir = tempfile::tempdir().expect("tempdir");
        let limits = Limits {
            member_bytes: 1000,
            ..Limits::DEFAULT
        };
        let big = vec![0u8; 50_000];

        // An honest header is refused before inflating.
        let honest = dir.path().join("honest.zip");
        std::fs::write(&honest, zip_of(&[("big.fit", &big, false)])).expect("write");
        let d = discover_with(std::slice::from_ref(&honest), &limits);
        let err = read_with(&d.candidates[0], &limits).expect_err("over the cap");
        assert!(matches!(err, IngestError::TooLarge(_)), "{err}");
        assert!(err.to_string().starts_with("too large: "), "{err}");

        // A lying header: inflation stops at the declared size, and the lie is damage.
        let mut bytes = zip_of(&[("big.fit", &big, false)]);
        lie_about_size(&mut bytes, 100);
        let liar = dir.path().join("liar.zip");
        std::fs::write(&liar, &bytes).expect("write");
        let d = discover_with(std::slice::from_ref(&liar), &limits);
        assert_eq!(d.candidates.len(), 1);
        let err = read_with(&d.candidates[0], &limits).expect_err("over the cap");
        assert_eq!(
            err,
            IngestError::Damaged(
                "zip data: member inflates past the 100 bytes its header declares".into()
            )
        );

        // A nested zip past the cap is one clean error during discovery.
        let inner = zip_of(&[("big.fit", &big, true)]);
        let nested = zip_of(&[("inner.zip", &inner, false), ("ok.fit", b"x", false)]);
        let outer = dir.path().join("outer.zip");
        std::fs::write(&outer, &nested).expect("write");
        let d = discover_with(std::slice::from_ref(&outer), &limits);
        assert_eq!(displays(&d), vec![format!("{}/ok.fit", outer.display())]);
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        assert_eq!(d.errors[0].0, format!("{}/inner.zip", outer.display()));
        assert!(d.errors[0].1.starts_with("too large: "), "{:?}", d.errors);
    }

    /// `zip_of(entries)` with every member then renamed `name` (all names must have its
    /// length): the zip crate refuses to write two members under one name.
    fn zip_with_one_name(entries: &[(&str, &[u8], bool)], name: &str) -> Vec<u8> {
        let mut z = zip_of(entries);
        for (other, _, _) in entries {
            assert_eq!(other.len(), name.len());
            let mut i = 0;
            while i + other.len() <= z.len() {
                if &z[i..i + other.len()] == other.as_bytes() {
                    z[i..i + other.len()].copy_from_slice(name.as_bytes());
                }
                i += 1;
            }
        }
        z
    }

    #[test]
    fn two_members_under_one_name_are_two_inputs() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b, c) = (fit_bytes(), gpx_bytes(), b"third".to_vec());
        let z = zip_with_one_name(
            &[
                ("run.fit", &a, false),
                ("rux.fit", &b, true),
                ("ruy.fit", &c, false),
            ],
            "run.fit",
        );
        // Nested too: the outer archive holds the same inner archive twice under one name.
        let outer = zip_with_one_name(&[("in1.zip", &z, false), ("in2.zip", &z, true)], "in1.zip");
        let p = dir.path().join("dup.zip");
        std::fs::write(&p, &z).expect("write");
        let q = dir.path().join("outer.zip");
        std::fs::write(&q, &outer).expect("write");
        let d = discover(&[p.clone(), q.clone()]);
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let (p, q) = (p.display().to_string(), q.display().to_string());
        assert_eq!(
            displays(&d),
            vec![
                format!("{p}/run.fit"),
                format!("{p}/run.fit#2"),
                format!("{p}/run.fit#3"),
                format!("{q}/in1.zip#2/run.fit"),
                format!("{q}/in1.zip#2/run.fit#2"),
                format!("{q}/in1.zip#2/run.fit#3"),
                format!("{q}/in1.zip/run.fit"),
                format!("{q}/in1.zip/run.fit#2"),
                format!("{q}/in1.zip/run.fit#3"),
            ]
        );
        let got: Vec<Vec<u8>> = d
            .candidates
            .iter()
            .map(|c| read(c).expect("member"))
            .collect();
        for chunk in got.chunks(3) {
            assert_eq!(chunk, [a.clone(), b.clone(), c.clone()]);
        }
    }

    #[test]
    fn total_inflated_bytes_per_archive_are_capped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let limits = Limits {
            archive_bytes: 10_000,
            ..Limits::DEFAULT
        };
        let (k4, k6) = (vec![1u8; 4_000], vec![2u8; 6_000]);
        // 8,000 bytes: listed. 12,000 bytes: refused whole, with one line naming it.
        let fits = dir.path().join("fits.zip");
        std::fs::write(
            &fits,
            zip_of(&[("a.fit", &k4, false), ("b.fit", &k4, false)]),
        )
        .expect("write");
        let over = dir.path().join("over.zip");
        std::fs::write(
            &over,
            zip_of(&[("a.fit", &k6, false), ("b.fit", &k6, true)]),
        )
        .expect("write");
        // A compressed nested archive counts too: 4,000 + (its own size + 6,000).
        let inner = zip_of(&[("b.fit", &k6, false)]);
        let nested = dir.path().join("nested.zip");
        std::fs::write(
            &nested,
            zip_of(&[("a.fit", &k4, false), ("in.zip", &inner, false)]),
        )
        .expect("write");
        // Stored nested archives are read in place: only their members count.
        let in_place = dir.path().join("in_place.zip");
        let small = zip_of(&[("b.fit", &k4, false)]);
        std::fs::write(
            &in_place,
            zip_of(&[("a.fit", &k4, false), ("in.zip", &small, true)]),
        )
        .expect("write");
        let d = discover_with(
            &[fits.clone(), over.clone(), nested.clone(), in_place.clone()],
            &limits,
        );
        let (f, i) = (fits.display().to_string(), in_place.display().to_string());
        assert_eq!(
            displays(&d),
            vec![
                format!("{f}/a.fit"),
                format!("{f}/b.fit"),
                format!("{i}/a.fit"),
                format!("{i}/in.zip/b.fit"),
            ]
        );
        let refused = "too large: the archive's members inflate to more than 10000 bytes in \
                       total; archive not read";
        assert_eq!(
            d.errors,
            vec![
                (nested.display().to_string(), refused.to_string()),
                (over.display().to_string(), refused.to_string()),
            ]
        );
        for c in &d.candidates {
            assert_eq!(read_with(c, &limits).expect("member").len(), 4_000);
        }
    }

    #[test]
    fn archives_nested_past_the_depth_limit_are_not_opened() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut z = zip_of(&[("run.fit", b"x", false)]);
        for _ in 0..MAX_ZIP_DEPTH {
            z = zip_of(&[("n.zip", &z, false)]);
        }
        let p = dir.path().join("deep.zip");
        std::fs::write(&p, z).expect("write");
        let d = discover(&[p]);
        assert!(d.candidates.is_empty());
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].0.ends_with("deep.zip/n.zip/n.zip/n.zip/n.zip"));
        assert!(d.errors[0].1.contains("nested more than 4 deep"));
    }

    #[test]
    fn member_count_is_limited_per_archive() {
        let dir = tempfile::tempdir().expect("tempdir");
        let names: Vec<String> = (0..10).map(|i| format!("{i}.fit")).collect();
        let entries: Vec<(&str, &[u8], bool)> = names
            .iter()
            .map(|n| (n.as_str(), &b"x"[..], false))
            .collect();
        let p = dir.path().join("many.zip");
        std::fs::write(&p, zip_of(&entries)).expect("write");
        let limits = Limits {
            members: 4,
            ..Limits::DEFAULT
        };
        let d = discover_with(&[p], &limits);
        assert_eq!(d.candidates.len(), 4);
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].1.contains("more than 4 archive members"));
    }

    const STRAVA_CSV: &str = "\u{feff}Activity ID,Activity Date,Activity Name,activity type,\
Elapsed Time,Distance,FILENAME,Activity Name,Distance\n\
1,\"Jan 1, 2024, 7:00:00 AM\",\"Easy run, with strides\",Run,3600,10.0,activities/1.fit.gz,dup,10000\n\
2,\"Jan 2, 2024, 7:00:00 AM\",\"Hills, \"\"steep\"\" ones\",Trail Run,3600,8.0,activities/2.gpx,dup,8000\n\
3,\"Jan 3, 2024, 7:00:00 AM\",\"Commute, wet\",Ride,1800,12.0,activities/3.fit,dup,12000\n\
4,\"Jan 4, 2024, 7:00:00 AM\",Manual entry,Run,1800,5.0,,dup,5000\n";

    fn strava_files(fit: &[u8], gpx: &[u8]) -> Vec<(String, Vec<u8>)> {
        vec![
            ("activities.csv".into(), STRAVA_CSV.as_bytes().to_vec()),
            ("activities/1.fit.gz".into(), gzip(fit)),
            ("activities/2.gpx".into(), gpx.to_vec()),
            ("activities/3.fit".into(), fit.to_vec()),
            ("activities/9.tcx".into(), b"unlisted".to_vec()),
        ]
    }

    fn check_strava(d: &Discovery, prefix: &str) {
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(
            displays(d),
            vec![
                format!("{prefix}/activities/1.fit.gz"),
                format!("{prefix}/activities/2.gpx"),
                format!("{prefix}/activities/9.tcx"),
            ]
        );
        assert_eq!(
            d.candidates[0].strava,
            Some(StravaMeta {
                activity_id: "1".into(),
                name: "Easy run, with strides".into(),
                activity_type: "Run".into(),
            })
        );
        assert_eq!(
            d.candidates[1].strava,
            Some(StravaMeta {
                activity_id: "2".into(),
                name: "Hills, \"steep\" ones".into(),
                activity_type: "Trail Run".into(),
            })
        );
        assert_eq!(d.candidates[2].strava, None);
        assert_eq!(
            d.skipped_by_type,
            vec![(format!("{prefix}/activities/3.fit"), "Ride".to_string())]
        );
    }

    #[test]
    fn strava_export_folder_names_runs_and_skips_rides() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("export_123");
        std::fs::create_dir_all(root.join("activities")).expect("mkdir");
        for (name, bytes) in strava_files(&fit_bytes(), &gpx_bytes()) {
            std::fs::write(root.join(name), bytes).expect("write");
        }
        let d = discover(&[dir.path().to_path_buf()]);
        check_strava(&d, &root.display().to_string());
    }

    #[test]
    fn strava_export_zip_names_runs_and_skips_rides() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = strava_files(&fit_bytes(), &gpx_bytes());
        let entries: Vec<(&str, &[u8], bool)> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice(), false))
            .collect();
        let p = dir.path().join("export_123.zip");
        std::fs::write(&p, zip_of(&entries)).expect("write");
        let d = discover(std::slice::from_ref(&p));
        check_strava(&d, &p.display().to_string());
    }

    /// Many export folders (issue 22 item 12: the match was a scan of every export per
    /// file): each file takes its own export's description, a nested export's file the
    /// nested one's, and a file only the outer export lists the outer one's. As folders
    /// and as one zip.
    #[test]
    fn many_strava_exports_each_file_matches_its_own() {
        const EXPORTS: usize = 300;
        let csv = |rows: &[(String, &str)]| {
            let mut t = String::from("Activity ID,Activity Name,Activity Type,Filename\n");
            for (id, file) in rows {
                t.push_str(&format!("{id},Run {id},Run,{file}\n"));
            }
            t.into_bytes()
        };
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for k in 0..EXPORTS {
            let mut rows = vec![(format!("{k}"), "activities/r.fit")];
            if k == 7 {
                rows.push(("outer".into(), "inner/activities/only-outer.fit"));
                rows.push(("shadowed".into(), "inner/activities/r.fit"));
            }
            files.push((format!("e{k}/activities.csv"), csv(&rows)));
            files.push((format!("e{k}/activities/r.fit"), b"x".to_vec()));
        }
        files.push((
            "e7/inner/activities.csv".into(),
            csv(&[("inner".into(), "activities/r.fit")]),
        ));
        files.push(("e7/inner/activities/r.fit".into(), b"x".to_vec()));
        files.push(("e7/inner/activities/only-outer.fit".into(), b"x".to_vec()));
        let check = |d: &Discovery, prefix: &str| {
            assert!(d.errors.is_empty(), "{:?}", d.errors);
            assert_eq!(d.candidates.len(), EXPORTS + 2);
            for c in &d.candidates {
                let rel = c.display.strip_prefix(prefix).expect("prefix");
                let want = match rel {
                    "/e7/inner/activities/r.fit" => "inner".to_string(),
                    "/e7/inner/activities/only-outer.fit" => "outer".to_string(),
                    _ => rel
                        .strip_prefix("/e")
                        .and_then(|r| r.strip_suffix("/activities/r.fit"))
                        .expect("an export's run")
                        .to_string(),
                };
                let got = c.strava.as_ref().map(|m| m.activity_id.as_str());
                assert_eq!(got, Some(want.as_str()), "{}", c.display);
            }
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("exports");
        for (name, bytes) in &files {
            let p = root.join(name);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, bytes).expect("write");
        }
        check(
            &discover(std::slice::from_ref(&root)),
            &root.display().to_string(),
        );
        let entries: Vec<(&str, &[u8], bool)> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice(), false))
            .collect();
        let z = dir.path().join("exports.zip");
        std::fs::write(&z, zip_of(&entries)).expect("write");
        check(
            &discover(std::slice::from_ref(&z)),
            &z.display().to_string(),
        );
    }

    #[test]
    fn csv_without_a_filename_column_is_one_error_and_files_stay() {
        let (map, problem) = parse_strava_csv(b"Activity ID,Activity Type\n1,Ride\n");
        assert!(map.is_empty());
        assert!(problem.is_some_and(|p| p.contains("no Filename column")));
        assert!(is_foot_sport(" trail run "));
        assert!(is_foot_sport("HIKE"));
        assert!(!is_foot_sport("Virtual Ride"));
    }

    #[test]
    fn folder_walk_any_case_sorted_broken_zip_and_symlink_loop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deeper")).expect("mkdir");
        for name in [
            "b.FIT",
            "a.Gpx.GZ",
            "c.tcx",
            "notes.txt",
            "sub/A.fit",
            "sub/deeper/z.gpx",
            "x.fit.zipped",
        ] {
            std::fs::write(root.join(name), b"data").expect("write");
        }
        std::fs::write(root.join("sub/bad.ZIP"), b"PK\x03\x04 not really").expect("write");
        std::fs::write(root.join("good.Zip"), zip_of(&[("in.tcx", b"x", false)])).expect("write");
        std::os::unix::fs::symlink(root, root.join("sub/deeper/loop")).expect("symlink");
        std::os::unix::fs::symlink(root.join("c.tcx"), root.join("sub/link.tcx")).expect("symlink");

        let d = discover(&[root.to_path_buf()]);
        let r = root.display().to_string();
        assert_eq!(
            displays(&d),
            vec![
                format!("{r}/a.Gpx.GZ"),
                format!("{r}/b.FIT"),
                format!("{r}/c.tcx"),
                format!("{r}/good.Zip/in.tcx"),
                format!("{r}/sub/A.fit"),
                format!("{r}/sub/deeper/z.gpx"),
                format!("{r}/sub/link.tcx"),
            ]
        );
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        assert_eq!(d.errors[0].0, format!("{r}/sub/bad.ZIP"));
        assert!(!d.errors[0].1.contains('\n'));

        // Given twice (folder and file): listed once.
        let again = discover(&[root.to_path_buf(), root.join("b.FIT")]);
        assert_eq!(again.candidates, d.candidates);
    }

    #[test]
    fn hostile_bytes_never_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = zip_of(&[
            ("a.zip", &zip_of(&[("r.fit", b"x", false)]), false),
            ("b.fit", b"y", true),
        ]);
        let p = dir.path().join("t.zip");
        // Every truncation and a sweep of single-byte corruptions.
        for cut in (4..good.len()).step_by(7) {
            std::fs::write(&p, &good[..cut]).expect("write");
            let d = discover(std::slice::from_ref(&p));
            for c in &d.candidates {
                let _ = read(c);
            }
        }
        for at in (0..good.len()).step_by(3) {
            let mut bad = good.clone();
            bad[at] ^= 0x5a;
            std::fs::write(&p, &bad).expect("write");
            let d = discover(std::slice::from_ref(&p));
            for c in &d.candidates {
                let _ = read(c);
            }
        }
    }
}
