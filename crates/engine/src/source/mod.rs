//! What to read: the folder walk, archives (zips in zips, `.gz`), Strava's `activities.csv`,
//! Garmin Connect's summarized activities, an Apple Health export inside a zip.
//! No decoding here: candidates are handed to [`crate::ingest`] (an Apple Health
//! `export.xml` member as a stream, [`apple_export`]).

pub mod apple_export;
pub mod discover;
pub mod garmin_export;
pub mod zipdir;

/// True when `path` is a zip archive, by its first bytes (not its name). A file that
/// cannot be read is not one. Only a regular file is opened: opening a FIFO would block,
/// and reading it would eat the bytes the review needs.
#[must_use]
pub fn is_zip_file(path: &std::path::Path) -> bool {
    path.is_file()
        && std::fs::File::open(path)
            .and_then(|mut f| {
                let mut magic = [0u8; 4];
                std::io::Read::read_exact(&mut f, &mut magic).map(|()| magic)
            })
            .is_ok_and(|m| crate::ingest::sniff::is_zip(&m))
}
