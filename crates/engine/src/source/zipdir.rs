//! A small zip reader: the central directory as a list (every entry kept, two members
//! under one name included), and one member's bytes, stored or deflated.
//!
//! Layout from PKWARE's APPNOTE.TXT 6.3.10: end of central directory record (4.3.16),
//! ZIP64 end of central directory locator and record (4.3.14, 4.3.15), central directory
//! file header (4.3.12), ZIP64 extended information extra field (4.5.3), local file header
//! (4.3.7); general purpose flag bits 0 (encrypted) and 11 (UTF-8 names) (4.4.4);
//! compression methods 0 (stored) and 8 (deflate) (4.4.5). Names without the UTF-8 flag
//! that are not valid UTF-8 are read as IBM code page 437 (APPNOTE appendix D).
//!
//! Why not the `zip` crate: it keys entries by name, so a later member replaces an earlier
//! one of the same name (issue 15 item 4). Why not `rc-zip-sync`: it guesses name
//! encodings with a charset detector (labels could change spelling between versions),
//! pulls in eight more crates (chardetng, oem_cp, winnow 0.5, tracing, ...) and would still
//! need a cursor type of ours for nested archives read in place. This reader is linear in
//! the central directory's size, keeps at most `max_entries` entries of at most
//! [`MAX_NAME_BYTES`] of name each, and never trusts a size for an allocation: member data
//! is read through `ingest::read_capped_into` and must inflate to exactly the size and
//! CRC-32 the directory declares.

use crate::ingest::IngestError;
use std::io::{BufReader, Read, Seek, SeekFrom};

/// Longest member name kept (bytes). Longer names are counted in
/// [`Directory::long_names`], not listed: a directory of 65,535-byte names would
/// otherwise hold gigabytes of labels.
pub const MAX_NAME_BYTES: usize = 1024;

/// One central-directory entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The name as stored, decoded (UTF-8, or code page 437).
    pub name: String,
    /// Compression method (0 stored, 8 deflate; others are refused when read).
    pub method: u16,
    /// General purpose bit flag.
    pub flags: u16,
    /// CRC-32 of the uncompressed data.
    pub crc32: u32,
    /// Bytes of data in the archive.
    pub compressed_size: u64,
    /// Bytes once inflated.
    pub size: u64,
    /// Where the local header starts, from the start of this archive's bytes.
    pub header_offset: u64,
}

impl Entry {
    /// Bit 0: the data is encrypted.
    #[must_use]
    pub(crate) fn encrypted(&self) -> bool {
        self.flags & 1 != 0
    }

    /// A directory entry (name ending in `/` or `\`).
    #[must_use]
    pub fn is_dir(&self) -> bool {
        self.name.ends_with('/') || self.name.ends_with('\\')
    }

    /// Stored (no compression) and not encrypted: its bytes can be read in place.
    #[must_use]
    pub(crate) fn stored_plain(&self) -> bool {
        self.method == 0 && !self.encrypted()
    }
}

/// An archive's central directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Directory {
    /// Entries in central-directory order, at most the `max_entries` asked for.
    pub entries: Vec<Entry>,
    /// True when the directory holds more entries than were kept.
    pub truncated: bool,
    /// Entries skipped for a name longer than [`MAX_NAME_BYTES`].
    pub long_names: usize,
}

const EOCD_SIG: &[u8; 4] = b"PK\x05\x06";
const EOCD_LEN: usize = 22;
const LOCATOR_SIG: &[u8; 4] = b"PK\x06\x07";
const LOCATOR_BYTES: usize = 20;
const LOCATOR_LEN: u64 = LOCATOR_BYTES as u64;
const EOCD64_SIG: &[u8; 4] = b"PK\x06\x06";
const CENTRAL_SIG: &[u8; 4] = b"PK\x01\x02";
const CENTRAL_LEN: usize = 46;
const LOCAL_SIG: &[u8; 4] = b"PK\x03\x04";
/// Fixed part of a local file header (APPNOTE 4.3.7).
pub(crate) const LOCAL_LEN: u64 = LOCAL_BYTES as u64;
const LOCAL_BYTES: usize = 30;

fn damaged(what: &str) -> IngestError {
    IngestError::Damaged(format!("not a readable zip archive: {what}"))
}

fn io(e: &std::io::Error) -> IngestError {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::UnexpectedEof => damaged("truncated"),
        ErrorKind::InvalidData | ErrorKind::InvalidInput => IngestError::Damaged(format!(
            "zip data: {}",
            e.to_string().replace(['\n', '\r'], " ")
        )),
        _ => IngestError::Io(e.to_string().replace(['\n', '\r'], " ")),
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    let mut x = [0u8; 2];
    if let Some(s) = b.get(at..at + 2) {
        x.copy_from_slice(s);
    }
    u16::from_le_bytes(x)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        x.copy_from_slice(s);
    }
    u32::from_le_bytes(x)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        x.copy_from_slice(s);
    }
    u64::from_le_bytes(x)
}

/// Read the central directory of the archive `r` holds (its bytes from position 0 to its
/// end), keeping at most `max_entries` entries.
///
/// # Errors
/// [`IngestError::Damaged`] when no end record is found or the directory is broken,
/// [`IngestError::Unsupported`] for archives split over several files,
/// [`IngestError::Io`] for read failures.
pub fn read_directory<R: Read + Seek>(
    r: &mut R,
    max_entries: usize,
) -> Result<Directory, IngestError> {
    let len = r.seek(SeekFrom::End(0)).map_err(|e| io(&e))?;
    // The end record is 22 bytes followed by a comment of at most 65,535.
    let tail_len = len.min(EOCD_LEN as u64 + 0xFFFF);
    let tail_start = len - tail_len;
    r.seek(SeekFrom::Start(tail_start)).map_err(|e| io(&e))?;
    let mut tail = Vec::new();
    r.by_ref()
        .take(tail_len)
        .read_to_end(&mut tail)
        .map_err(|e| io(&e))?;
    let at = (0..=tail.len().saturating_sub(EOCD_LEN))
        .rev()
        .find(|&i| {
            tail.get(i..i + 4) == Some(EOCD_SIG.as_slice())
                && i + EOCD_LEN + usize::from(u16_at(&tail, i + 20)) <= tail.len()
        })
        .ok_or_else(|| damaged("no end of central directory record"))?;
    let eocd = tail.get(at..at + EOCD_LEN).unwrap_or_default();
    let eocd_pos = tail_start + at as u64;
    if u16_at(eocd, 4) != 0 || u16_at(eocd, 6) != 0 {
        return Err(IngestError::Unsupported(
            "zip: archive split over several files".into(),
        ));
    }
    let mut cd_size = u64::from(u32_at(eocd, 12));
    let mut cd_offset = u64::from(u32_at(eocd, 16));
    let mut dir_end = eocd_pos;

    // ZIP64: a locator just before the end record points at the ZIP64 end record.
    let locator_at = at.checked_sub(LOCATOR_BYTES);
    if let Some(loc) = locator_at.and_then(|l| tail.get(l..l + LOCATOR_BYTES)) {
        if loc.get(..4) == Some(LOCATOR_SIG.as_slice()) {
            let record_pos = u64_at(loc, 8);
            let locator_pos = eocd_pos - LOCATOR_LEN;
            // The record ends at the locator; a prefix before the archive shifts it.
            let mut rec = [0u8; 56];
            let read_at = |r: &mut R, pos: u64, rec: &mut [u8; 56]| -> bool {
                pos.checked_add(56).is_some_and(|end| end <= locator_pos)
                    && r.seek(SeekFrom::Start(pos)).is_ok()
                    && r.read_exact(rec).is_ok()
                    && rec.get(..4) == Some(EOCD64_SIG.as_slice())
            };
            let found = if read_at(r, record_pos, &mut rec) {
                Some(record_pos)
            } else {
                let guess = locator_pos.checked_sub(56);
                guess.filter(|&g| read_at(r, g, &mut rec))
            };
            let pos = found.ok_or_else(|| damaged("ZIP64 end record missing"))?;
            if u32_at(&rec, 16) != 0 || u32_at(&rec, 20) != 0 {
                return Err(IngestError::Unsupported(
                    "zip: archive split over several files".into(),
                ));
            }
            cd_size = u64_at(&rec, 40);
            cd_offset = u64_at(&rec, 48);
            dir_end = pos;
        }
    }
    // Bytes before the archive proper (a self-extractor stub) shift every offset.
    let shift = cd_offset
        .checked_add(cd_size)
        .and_then(|end| dir_end.checked_sub(end))
        .ok_or_else(|| damaged("central directory outside the file"))?;
    let cd_start = cd_offset + shift;
    r.seek(SeekFrom::Start(cd_start)).map_err(|e| io(&e))?;
    let mut cd = BufReader::new(r.by_ref().take(cd_size));

    let mut dir = Directory::default();
    let mut left = cd_size;
    let mut fixed = [0u8; CENTRAL_LEN];
    let mut scratch = Vec::new();
    while left > 0 {
        if dir.entries.len() >= max_entries {
            dir.truncated = true;
            break;
        }
        cd.read_exact(&mut fixed).map_err(|e| io(&e))?;
        if fixed.get(..4) != Some(CENTRAL_SIG.as_slice()) {
            return Err(damaged(&format!(
                "central directory entry {} is damaged",
                dir.entries.len() + dir.long_names + 1
            )));
        }
        let name_len = usize::from(u16_at(&fixed, 28));
        let extra_len = usize::from(u16_at(&fixed, 30));
        let comment_len = usize::from(u16_at(&fixed, 32));
        let total = (CENTRAL_LEN + name_len + extra_len + comment_len) as u64;
        left = left
            .checked_sub(total)
            .ok_or_else(|| damaged("central directory entry runs past the directory"))?;
        scratch.resize(name_len + extra_len + comment_len, 0);
        cd.read_exact(&mut scratch).map_err(|e| io(&e))?;
        if name_len > MAX_NAME_BYTES {
            dir.long_names += 1;
            continue;
        }
        let flags = u16_at(&fixed, 8);
        let (name_bytes, rest) = scratch.split_at(name_len);
        let extra = rest.get(..extra_len).unwrap_or_default();
        let mut size = u64::from(u32_at(&fixed, 24));
        let mut compressed_size = u64::from(u32_at(&fixed, 20));
        let mut header_offset = u64::from(u32_at(&fixed, 42));
        apply_zip64(extra, &mut size, &mut compressed_size, &mut header_offset);
        dir.entries.push(Entry {
            name: decode_name(name_bytes, flags & (1 << 11) != 0),
            method: u16_at(&fixed, 10),
            flags,
            crc32: u32_at(&fixed, 16),
            compressed_size,
            size,
            header_offset: header_offset.saturating_add(shift),
        });
    }
    Ok(dir)
}

/// Replace the 32-bit fields set to 0xFFFFFFFF by the ZIP64 extra field's values, in
/// APPNOTE 4.5.3's order (uncompressed, compressed, offset). A field still 0xFFFFFFFF
/// after one ZIP64 block takes the next block's value: the `zip` crate (7.3) writes its
/// local header's placeholder block (all 0xFFFFFFFF) before the real one.
fn apply_zip64(mut extra: &[u8], size: &mut u64, compressed: &mut u64, offset: &mut u64) {
    const SENTINEL: u64 = u32::MAX as u64;
    let present = [*size, *compressed, *offset].map(|v| v == SENTINEL);
    while extra.len() >= 4 {
        let id = u16_at(extra, 0);
        let len = usize::from(u16_at(extra, 2));
        let Some(data) = extra.get(4..4 + len) else {
            return;
        };
        if id == 1 {
            let mut at = 0;
            for (field, here) in [&mut *size, &mut *compressed, &mut *offset]
                .into_iter()
                .zip(present)
            {
                if !here {
                    continue;
                }
                if data.len() < at + 8 {
                    break;
                }
                if *field == SENTINEL {
                    *field = u64_at(data, at);
                }
                at += 8;
            }
        }
        extra = extra.get(4 + len..).unwrap_or_default();
    }
}

/// IBM code page 437, bytes 0x80 to 0xFF.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐\
└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";

fn decode_name(bytes: &[u8], utf8_flag: bool) -> String {
    if utf8_flag {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                CP437_HIGH
                    .chars()
                    .nth(usize::from(b - 0x80))
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            }
        })
        .collect()
}

/// How many entries overlap another: entries whose local header starts inside the fixed
/// header or data of the entry before them, in file order. A real archive has none; a zip
/// bomb that points many entries at one deflate stream (so each inflates it again) has
/// them all. O(n log n). The name and extra field after the fixed 30 bytes only make the
/// real span longer, so this never over-reports.
#[must_use]
pub fn overlapping(entries: &[Entry]) -> usize {
    let mut spans: Vec<(u64, u64)> = entries
        .iter()
        .map(|e| {
            let start = e.header_offset;
            (
                start,
                start
                    .saturating_add(LOCAL_LEN)
                    .saturating_add(e.compressed_size),
            )
        })
        .collect();
    spans.sort_unstable();
    spans.windows(2).filter(|w| w[1].0 < w[0].1).count()
}

/// Where `e`'s data starts, from its local header.
///
/// # Errors
/// [`IngestError::Damaged`] when the local header is missing or the data would run past
/// the end of `r`.
pub(crate) fn data_start<R: Read + Seek>(r: &mut R, e: &Entry) -> Result<u64, IngestError> {
    r.seek(SeekFrom::Start(e.header_offset))
        .map_err(|e| io(&e))?;
    let mut local = [0u8; LOCAL_BYTES];
    r.read_exact(&mut local).map_err(|e| io(&e))?;
    if local.get(..4) != Some(LOCAL_SIG.as_slice()) {
        return Err(damaged("local header missing"));
    }
    let start =
        e.header_offset + LOCAL_LEN + u64::from(u16_at(&local, 26)) + u64::from(u16_at(&local, 28));
    Ok(start)
}

/// The inflated bytes of `e`, refused past `cap` before reading when its size says so;
/// the data must inflate to exactly the declared size and CRC-32.
///
/// # Errors
/// [`IngestError::TooLarge`] when the declared size is over `cap`,
/// [`IngestError::Unsupported`] for encryption or a method other than stored and deflate,
/// [`IngestError::Damaged`] for data that is truncated, inflates to another size or fails
/// its CRC, [`IngestError::Io`] for read failures.
pub fn read_entry<R: Read + Seek>(r: &mut R, e: &Entry, cap: u64) -> Result<Vec<u8>, IngestError> {
    readable(e)?;
    if e.size > cap {
        return Err(IngestError::TooLarge(format!(
            "zip member declares {} bytes, more than the {} limit",
            e.size,
            size_text(cap)
        )));
    }
    let start = data_start(r, e)?;
    r.seek(SeekFrom::Start(start)).map_err(|e| io(&e))?;
    let raw = BufReader::new(r.by_ref().take(e.compressed_size));
    let mut out = Vec::new();
    let over = if e.method == 0 {
        crate::ingest::read_capped_into(raw, e.size, &mut out)
    } else {
        crate::ingest::read_capped_into(flate2::bufread::DeflateDecoder::new(raw), e.size, &mut out)
    }
    .map_err(|e| io(&e))?;
    if over {
        return Err(IngestError::Damaged(format!(
            "zip data: member inflates past the {} bytes its header declares",
            e.size
        )));
    }
    if out.len() as u64 != e.size {
        return Err(IngestError::Damaged(format!(
            "zip data: member holds {} bytes, its header declares {}",
            out.len(),
            e.size
        )));
    }
    let mut crc = flate2::Crc::new();
    crc.update(&out);
    if crc.sum() != e.crc32 {
        return Err(IngestError::Damaged(
            "zip data: member fails its CRC-32 check".into(),
        ));
    }
    Ok(out)
}

/// The inflated bytes of a member as a stream (stored bytes passed through, deflated
/// ones inflated by flate2 as they are read), for a member too large to hold: memory is
/// the buffers', whatever the member's size. The same checks as [`read_entry`], made as
/// the bytes pass: more bytes than the declared size is an error at once; at the end,
/// fewer bytes or another CRC-32 is an error instead of the end ([`std::io::ErrorKind::InvalidData`],
/// with [`read_entry`]'s words).
pub struct MemberStream<R: Read> {
    inner: MemberData<R>,
    size: u64,
    crc32: u32,
    read: u64,
    crc: flate2::Crc,
}

enum MemberData<R: Read> {
    Stored(std::io::Take<BufReader<R>>),
    Deflated(Box<flate2::bufread::DeflateDecoder<BufReader<std::io::Take<R>>>>),
}

/// Open `e` of the archive `r` as a [`MemberStream`] (`r` is moved to the member's data
/// and read from there on).
///
/// # Errors
/// As [`read_entry`] for encryption, methods, a missing local header and read failures.
pub fn open_member<R: Read + Seek>(mut r: R, e: &Entry) -> Result<MemberStream<R>, IngestError> {
    readable(e)?;
    let start = data_start(&mut r, e)?;
    r.seek(SeekFrom::Start(start)).map_err(|e| io(&e))?;
    let inner = if e.method == 0 {
        MemberData::Stored(BufReader::new(r).take(e.compressed_size))
    } else {
        MemberData::Deflated(Box::new(flate2::bufread::DeflateDecoder::new(
            BufReader::new(r.take(e.compressed_size)),
        )))
    };
    Ok(MemberStream {
        inner,
        size: e.size,
        crc32: e.crc32,
        read: 0,
        crc: flate2::Crc::new(),
    })
}

impl<R: Read> Read for MemberStream<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let bad = |text: String| std::io::Error::new(std::io::ErrorKind::InvalidData, text);
        let n = match &mut self.inner {
            MemberData::Stored(r) => r.read(buf),
            MemberData::Deflated(r) => r.read(buf),
        }
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData
            | std::io::ErrorKind::InvalidInput
            | std::io::ErrorKind::UnexpectedEof => bad(format!(
                "zip data: {}",
                e.to_string().replace(['\n', '\r'], " ")
            )),
            _ => e,
        })?;
        if n == 0 {
            if self.read != self.size {
                return Err(bad(format!(
                    "zip data: member holds {} bytes, its header declares {}",
                    self.read, self.size
                )));
            }
            if self.crc.sum() != self.crc32 {
                return Err(bad("zip data: member fails its CRC-32 check".into()));
            }
            return Ok(0);
        }
        self.read = self.read.saturating_add(n as u64);
        if self.read > self.size {
            return Err(bad(format!(
                "zip data: member inflates past the {} bytes its header declares",
                self.size
            )));
        }
        self.crc.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// A member this reader can inflate: not encrypted, stored or deflated.
fn readable(e: &Entry) -> Result<(), IngestError> {
    if e.encrypted() {
        return Err(IngestError::Unsupported("zip: encrypted member".into()));
    }
    if e.method != 0 && e.method != 8 {
        return Err(IngestError::Unsupported(format!(
            "zip: compression method {} (only stored and deflate are read)",
            e.method
        )));
    }
    Ok(())
}

/// At most the first `n` inflated bytes of `e` (no size or CRC check: a look at the
/// start of a member, to sniff its format without inflating it whole).
///
/// # Errors
/// As [`read_entry`] for encryption, methods and read failures; damaged deflate data
/// before any byte.
pub(crate) fn read_head<R: Read + Seek>(
    r: &mut R,
    e: &Entry,
    n: u64,
) -> Result<Vec<u8>, IngestError> {
    readable(e)?;
    let start = data_start(r, e)?;
    r.seek(SeekFrom::Start(start)).map_err(|e| io(&e))?;
    let raw = BufReader::new(r.by_ref().take(e.compressed_size));
    let mut out = Vec::new();
    let read = if e.method == 0 {
        raw.take(n).read_to_end(&mut out)
    } else {
        flate2::bufread::DeflateDecoder::new(raw)
            .take(n)
            .read_to_end(&mut out)
    };
    match read {
        Err(e) if out.is_empty() => Err(io(&e)),
        _ => Ok(out),
    }
}

/// `bytes` in MiB when whole, else in bytes.
pub(crate) use crate::ingest::size_text;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    /// A zip holding `entries` (name, bytes, stored?) in that order, written by the `zip`
    /// crate (the independent writer our reader is tested against).
    pub(crate) fn zip_of(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes, stored) in entries {
            let method = if *stored {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            w.start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .expect("start member");
            w.write_all(bytes).expect("write member");
        }
        w.finish().expect("finish zip").into_inner()
    }

    #[test]
    fn reads_what_the_zip_crate_wrote_stored_deflated_and_zip64() {
        let big = (0..100_000u32)
            .flat_map(u32::to_le_bytes)
            .collect::<Vec<_>>();
        let mut bytes = zip_of(&[("a.fit", &big, false), ("dir/b.fit", b"xyz", true)]);
        // A 64-byte stub before the archive (a self-extractor) shifts every offset.
        let mut shifted = vec![0u8; 64];
        shifted.append(&mut bytes);
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("z.fit", SimpleFileOptions::default().large_file(true))
            .expect("zip64 member");
        w.write_all(b"zip64").expect("write");
        let zip64 = w.finish().expect("finish").into_inner();
        for (archive, want) in [
            (
                shifted,
                vec![("a.fit", big.clone()), ("dir/b.fit", b"xyz".to_vec())],
            ),
            (zip64, vec![("z.fit", b"zip64".to_vec())]),
        ] {
            let mut r = Cursor::new(archive);
            let dir = read_directory(&mut r, 10).expect("directory");
            assert!(!dir.truncated);
            let got: Vec<(&str, Vec<u8>)> = dir
                .entries
                .iter()
                .map(|e| {
                    (
                        e.name.as_str(),
                        read_entry(&mut r, e, 1 << 20).expect("member"),
                    )
                })
                .collect();
            assert_eq!(got, want);
            assert_eq!(overlapping(&dir.entries), 0);
        }
    }

    #[test]
    fn a_member_streamed_reads_as_read_whole_and_is_checked_as_it_ends() {
        let big = (0..100_000u32)
            .flat_map(u32::to_le_bytes)
            .collect::<Vec<_>>();
        for stored in [false, true] {
            let z = zip_of(&[("export.xml", &big, stored)]);
            let mut r = Cursor::new(&z);
            let dir = read_directory(&mut r, 10).expect("directory");
            let e = &dir.entries[0];
            let mut got = Vec::new();
            open_member(&mut r, e)
                .expect("open")
                .read_to_end(&mut got)
                .expect("stream");
            assert_eq!(got, big, "stored {stored}");
            let mut bad_crc = e.clone();
            bad_crc.crc32 ^= 1;
            let mut short = e.clone();
            short.size -= 1;
            let mut long = e.clone();
            long.size += 1;
            for (entry, text) in [
                (&bad_crc, "zip data: member fails its CRC-32 check"),
                (&short, "zip data: member inflates past the 399999 bytes"),
                (
                    &long,
                    "zip data: member holds 400000 bytes, its header declares 400001",
                ),
            ] {
                let mut sink = Vec::new();
                let err = open_member(&mut r, entry)
                    .expect("open")
                    .read_to_end(&mut sink)
                    .expect_err("damaged");
                assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
                assert!(err.to_string().contains(text), "{err}");
            }
        }
        // Damaged deflate data is damage too, in the same words.
        let z = zip_of(&[("export.xml", &big, false)]);
        let mut r = Cursor::new(z.clone());
        let dir = read_directory(&mut r, 10).expect("directory");
        let start =
            usize::try_from(data_start(&mut r, &dir.entries[0]).expect("start")).expect("usize");
        let mut broken = z;
        for b in broken.iter_mut().skip(start).take(64) {
            *b = 0xFF;
        }
        let mut r = Cursor::new(broken);
        let mut sink = Vec::new();
        let err = open_member(&mut r, &dir.entries[0])
            .expect("open")
            .read_to_end(&mut sink)
            .expect_err("damaged");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(err.to_string().starts_with("zip data: "), "{err}");
    }

    #[test]
    fn cp437_names_and_limits() {
        assert_eq!(decode_name(b"caf\x82.fit", false), "café.fit");
        assert_eq!(decode_name(b"\xff\xe1", false), "\u{a0}ß");
        assert_eq!(CP437_HIGH.chars().count(), 128);
        let z = zip_of(&[("a.fit", b"1", false), ("b.fit", b"2", false)]);
        let dir = read_directory(&mut Cursor::new(&z), 1).expect("directory");
        assert_eq!(dir.entries.len(), 1);
        assert!(dir.truncated);
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        let z = zip_of(&[(&long, b"1", false), ("b.fit", b"2", false)]);
        let dir = read_directory(&mut Cursor::new(&z), 10).expect("directory");
        assert_eq!(dir.long_names, 1);
        assert_eq!(dir.entries.len(), 1);
    }

    #[test]
    fn bad_crc_and_lying_sizes_are_damage() {
        let z = zip_of(&[("a.fit", &[5u8; 1000], false)]);
        let mut r = Cursor::new(&z);
        let dir = read_directory(&mut r, 10).expect("directory");
        let e = &dir.entries[0];
        let mut bad_crc = e.clone();
        bad_crc.crc32 ^= 1;
        let mut short = e.clone();
        short.size = 999;
        let mut long = e.clone();
        long.size = 1001;
        for (entry, text) in [
            (&bad_crc, "CRC-32"),
            (&short, "inflates past the 999 bytes"),
            (&long, "holds 1000 bytes, its header declares 1001"),
        ] {
            let err = read_entry(&mut r, entry, 1 << 20).expect_err("damaged");
            assert!(matches!(err, IngestError::Damaged(_)), "{err}");
            assert!(err.to_string().contains(text), "{err}");
        }
        let err = read_entry(&mut r, e, 999).expect_err("over the cap");
        assert!(matches!(err, IngestError::TooLarge(_)), "{err}");
    }
}
