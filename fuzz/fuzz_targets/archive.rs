//! Bytes as a zip archive on disk → `batch::discover::discover` over its folder (a `.zip`
//! in a folder is always opened as an archive), `discover::read` of every candidate, and
//! `ingest::read_bytes` of every member read (decoder panics contained, as in the CLI), an
//! Apple Health `export.xml` member streamed with its route members
//! (`source::apple_export`); then the same bytes straight through `source::zipdir`
//! (central directory, every entry read under a 1 MiB cap and streamed, overlap count),
//! without the discovery guards in front.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use stridewise::source::{discover, zipdir};

/// One folder per fuzzing process, holding only `in.zip`: in `/dev/shm` when there is one
/// (ext4 flushes a truncated-and-rewritten file to disk on close, which made this target
/// 30 times slower), else in the temporary folder.
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let shm = PathBuf::from("/dev/shm");
        let base = if shm.is_dir() {
            shm
        } else {
            std::env::temp_dir()
        };
        remove_stale(&base);
        let dir = base.join(format!("{PREFIX}{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp folder for the archive target");
        dir
    })
}

const PREFIX: &str = "stridewise-fuzz-";

/// libFuzzer exits without running destructors, so each process leaves its folder behind:
/// remove the ones whose process is gone (Linux: no `/proc/PID`).
fn remove_stale(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(PREFIX) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    common::install_panic_hook();
    let dir = folder();
    std::fs::write(dir.join("in.zip"), data).expect("write the archive");
    let found = discover::discover(std::slice::from_ref(dir));
    for c in &found.candidates {
        // An Apple Health export.xml member: streamed, its route members joined.
        if stridewise::source::apple_export::read(c).is_some() {
            continue;
        }
        if let Ok(bytes) = discover::read(c) {
            let _ = stridewise::ingest::read_bytes(&bytes);
        }
    }
    let mut cursor = std::io::Cursor::new(data);
    if let Ok(dir) = zipdir::read_directory(&mut cursor, 10_000) {
        let _ = zipdir::overlapping(&dir.entries);
        for entry in &dir.entries {
            let _ = zipdir::read_entry(&mut cursor, entry, 1 << 20);
            if let Ok(stream) = zipdir::open_member(&mut cursor, entry) {
                let mut sink = Vec::new();
                let _ = std::io::Read::read_to_end(
                    &mut std::io::Read::take(stream, 1 << 20),
                    &mut sink,
                );
            }
        }
    }
});
