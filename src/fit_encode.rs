//! A small FIT *encoder*: header, definition and data messages, CRC-16. Production code
//! (the workout files of `stridewise plan`); the decoders are `ingest::fit_decode` and,
//! in tests, fitparser.
//!
//! Layout, per the FIT SDK document "FIT File Protocol" (Garmin/ANT):
//! * a 14-byte header: header size (14), protocol version (0x20 = 2.0), profile version
//!   (u16, little-endian), size of the data records (u32), the ASCII signature `.FIT`, and
//!   the CRC of header bytes 0–11 (u16);
//! * data records: a *definition message* (record header `0x40 | local type`, a reserved
//!   byte, architecture 0 = little-endian, the global message number (u16), the field
//!   count, then per field its number, size in bytes and base type) precedes the *data
//!   messages* of that local type (record header = the local type, then the field values in
//!   the defined order). A message whose field layout differs from the last definition of
//!   its local type gets a new definition first;
//! * a 2-byte file CRC, little-endian, of every byte before it (header included).
//!
//! The CRC is the FIT SDK's CRC-16 (`fit_crc.c`), the one the decoder checks with
//! ([`crate::ingest::fit_decode::crc16`]).
//!
//! Values are written as given: callers apply the profile's scale and offset. A field's
//! "invalid" value (FIT SDK base types: 0xFF for enum/uint8, 0xFFFF for uint16,
//! 0xFFFF_FFFF for uint32, 0 for uint32z and strings) means "not set".

/// Size of the header written here.
pub const HEADER_SIZE: u8 = 14;
/// Protocol version 2.0 (major in the high nibble).
pub const PROTOCOL_VERSION: u8 = 0x20;
/// Profile version written in the header: 21.32 as 2132 (the fields written here are all
/// older than that profile).
pub const PROFILE_VERSION: u16 = 2132;

/// The FIT CRC-16: the decoder's (one implementation for reading and writing).
pub use crate::ingest::fit_decode::crc16;

/// One field value, typed by its FIT base type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `enum` (base type 0x00).
    Enum(u8),
    /// `uint8` (0x02).
    U8(u8),
    /// `uint16` (0x84).
    U16(u16),
    /// `uint32` (0x86).
    U32(u32),
    /// `uint32z` (0x8C).
    U32z(u32),
    /// `string` (0x07): UTF-8, NUL-terminated, padded to `size` bytes (cut at a character
    /// boundary so that the NUL fits).
    String {
        /// The text.
        text: String,
        /// Bytes the field takes, NUL included.
        size: u8,
    },
}

impl Value {
    fn base_type(&self) -> u8 {
        match self {
            Self::Enum(_) => 0x00,
            Self::U8(_) => 0x02,
            Self::U16(_) => 0x84,
            Self::U32(_) => 0x86,
            Self::U32z(_) => 0x8C,
            Self::String { .. } => 0x07,
        }
    }

    fn size(&self) -> u8 {
        match self {
            Self::Enum(_) | Self::U8(_) => 1,
            Self::U16(_) => 2,
            Self::U32(_) | Self::U32z(_) => 4,
            Self::String { size, .. } => (*size).max(1),
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Self::Enum(v) | Self::U8(v) => out.push(*v),
            Self::U16(v) => out.extend_from_slice(&v.to_le_bytes()),
            Self::U32(v) | Self::U32z(v) => out.extend_from_slice(&v.to_le_bytes()),
            Self::String { text, .. } => {
                let size = usize::from(self.size());
                let mut end = text.len().min(size - 1);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                out.extend_from_slice(&text.as_bytes()[..end]);
                out.resize(out.len() + (size - end), 0);
            }
        }
    }
}

/// A field: its number in the message (FIT SDK profile) and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Field definition number.
    pub num: u8,
    /// Value.
    pub value: Value,
}

impl Field {
    /// A field.
    #[must_use]
    pub fn new(num: u8, value: Value) -> Self {
        Self { num, value }
    }
}

/// A message's fields as defined: (number, size in bytes, base type).
type Layout = Vec<(u8, u8, u8)>;

/// Builds a FIT file message by message; [`Encoder::finish`] adds the header and the CRC.
#[derive(Debug, Default)]
pub struct Encoder {
    records: Vec<u8>,
    /// Current definition of each local type: (global, layout).
    defs: Vec<(u16, Layout)>,
}

impl Encoder {
    /// An empty file.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Append one data message of global number `global`, defining it first when its
    /// layout is new. Up to 16 layouts get a local type each; the 17th reuses type 15.
    pub fn message(&mut self, global: u16, fields: &[Field]) {
        let layout: Vec<(u8, u8, u8)> = fields
            .iter()
            .map(|f| (f.num, f.value.size(), f.value.base_type()))
            .collect();
        let local = match self
            .defs
            .iter()
            .position(|(g, l)| *g == global && *l == layout)
        {
            Some(i) => i,
            None => {
                let i = self.defs.len().min(15);
                self.define(i, global, &layout);
                if i < self.defs.len() {
                    self.defs[i] = (global, layout);
                } else {
                    self.defs.push((global, layout));
                }
                i
            }
        };
        // `local` < 16 by construction.
        #[allow(clippy::cast_possible_truncation)]
        self.records.push(local as u8);
        for f in fields {
            f.value.write(&mut self.records);
        }
    }

    fn define(&mut self, local: usize, global: u16, layout: &[(u8, u8, u8)]) {
        #[allow(clippy::cast_possible_truncation)]
        self.records.push(0x40 | (local as u8 & 0x0F));
        self.records.push(0); // reserved
        self.records.push(0); // little-endian
        self.records.extend_from_slice(&global.to_le_bytes());
        #[allow(clippy::cast_possible_truncation)]
        self.records.push(layout.len().min(255) as u8);
        for &(num, size, base) in layout.iter().take(255) {
            self.records.extend_from_slice(&[num, size, base]);
        }
    }

    /// The whole file: header, records, CRC. `None` when the records exceed 4 GiB.
    #[must_use]
    pub fn finish(self) -> Option<Vec<u8>> {
        let size = u32::try_from(self.records.len()).ok()?;
        let mut out = Vec::with_capacity(self.records.len() + 16);
        out.push(HEADER_SIZE);
        out.push(PROTOCOL_VERSION);
        out.extend_from_slice(&PROFILE_VERSION.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(b".FIT");
        let hcrc = crc16(&out);
        out.extend_from_slice(&hcrc.to_le_bytes());
        out.extend_from_slice(&self.records);
        let crc = crc16(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_vectors() {
        // CRC-16/ARC ("123456789" → 0xBB3D) is the FIT CRC: same polynomial 0xA001,
        // reflected, initial value 0.
        assert_eq!(crc16(b"123456789"), 0xBB3D);
        assert_eq!(crc16(b""), 0);
    }

    #[test]
    fn header_and_crc_are_consistent() {
        let mut e = Encoder::new();
        e.message(0, &[Field::new(0, Value::Enum(5))]);
        let bytes = e.finish().unwrap();
        assert_eq!(bytes[0], 14);
        assert_eq!(&bytes[8..12], b".FIT");
        // The CRC of the header (with its CRC) is 0, and so is the CRC of the whole file.
        assert_eq!(crc16(&bytes[..14]), 0);
        assert_eq!(crc16(&bytes), 0);
        let size = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
        assert_eq!(size, bytes.len() - 16);
    }

    #[test]
    fn strings_are_cut_at_a_character_and_terminated() {
        let mut out = Vec::new();
        Value::String {
            text: "añb".into(),
            size: 3,
        }
        .write(&mut out);
        // "a" + "ñ" (2 bytes) does not fit with the NUL: only "a".
        assert_eq!(out, b"a\0\0");
    }

    #[test]
    fn a_layout_is_defined_once() {
        let mut e = Encoder::new();
        for v in 0..3u8 {
            e.message(27, &[Field::new(7, Value::Enum(v))]);
        }
        e.message(
            27,
            &[Field::new(7, Value::Enum(1)), Field::new(1, Value::Enum(0))],
        );
        let b = e.finish().unwrap();
        let defs = b[14..b.len() - 2]
            .iter()
            .filter(|&&x| x & 0x40 != 0 && x & 0xF0 == 0x40)
            .count();
        assert_eq!(defs, 2);
    }
}
