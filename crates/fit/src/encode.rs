//! A small FIT *encoder*: header, definition and data messages (developer fields
//! included), CRC-16. One encoder for the workout files of `stridewise plan` and the
//! generated activity files of stridewise's test kit; the decoder is [`crate::decode`]
//! and, in tests, fitparser.
//!
//! Layout, per the FIT SDK document "FIT File Protocol" (Garmin/ANT):
//! * a 14-byte header: header size (14), protocol version (0x20 = 2.0), profile version
//!   (u16, little-endian), size of the data records (u32), the ASCII signature `.FIT`, and
//!   the CRC of header bytes 0–11 (u16);
//! * data records: a *definition message* (record header `0x40 | local type`, a reserved
//!   byte, architecture 0 = little-endian, the global message number (u16), the field
//!   count, then per field its number, size in bytes and base type) precedes the *data
//!   messages* of that local type (record header = the local type, then the field values in
//!   the defined order). A message whose field layout has no local type yet gets a new
//!   definition first: local types 0–14 in turn, then the oldest of them again; local type
//!   15 is kept for messages with developer fields (FIT SDK "Developer Data": bit 5 of the
//!   definition's header, then a count and 3 bytes per field: number, size, developer data
//!   index);
//! * a 2-byte file CRC, little-endian, of every byte before it (header included).
//!
//! The CRC is the FIT SDK's CRC-16 (`fit_crc.c`), the one the decoder checks with
//! ([`crate::crc16`]).
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

use crate::crc16;

/// One field value, typed by its FIT base type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `enum` (base type 0x00).
    Enum(u8),
    /// `uint8` (0x02).
    U8(u8),
    /// `uint16` (0x84).
    U16(u16),
    /// `sint32` (0x85).
    I32(i32),
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
    /// The FIT base type code (FIT SDK profile, type `fit_base_type`).
    #[must_use]
    pub fn base_type(&self) -> u8 {
        match self {
            Self::Enum(_) => 0x00,
            Self::U8(_) => 0x02,
            Self::U16(_) => 0x84,
            Self::I32(_) => 0x85,
            Self::U32(_) => 0x86,
            Self::U32z(_) => 0x8C,
            Self::String { .. } => 0x07,
        }
    }

    /// Bytes the value takes.
    #[must_use]
    pub fn size(&self) -> u8 {
        match self {
            Self::Enum(_) | Self::U8(_) => 1,
            Self::U16(_) => 2,
            Self::I32(_) | Self::U32(_) | Self::U32z(_) => 4,
            Self::String { size, .. } => (*size).max(1),
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Self::Enum(v) | Self::U8(v) => out.push(*v),
            Self::U16(v) => out.extend_from_slice(&v.to_le_bytes()),
            Self::I32(v) => out.extend_from_slice(&v.to_le_bytes()),
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

/// A message's fields as defined: (number, size in bytes, base type or, for developer
/// fields, developer data index).
type Layout = Vec<(u8, u8, u8)>;

/// Local message types for messages without developer fields (0–14); 15 is theirs.
const PLAIN_LOCAL_TYPES: usize = 15;
/// The local type of messages with developer fields.
const DEVELOPER_LOCAL_TYPE: u8 = 15;

/// A developer field's value in a data message: its field number, its developer data index
/// (both as the `field_description` message declared them) and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevField {
    /// `field_definition_number`.
    pub num: u8,
    /// `developer_data_index`.
    pub developer_index: u8,
    /// Value, of the base type the description declared.
    pub value: Value,
}

/// Builds a FIT file message by message; [`Encoder::finish`] adds the header and the CRC.
#[derive(Debug, Default)]
pub struct Encoder {
    records: Vec<u8>,
    /// Current definition of each plain local type: (global, layout).
    defs: Vec<(u16, Layout)>,
    /// The plain local type redefined next once all are taken (the oldest definition).
    next_reused: usize,
    /// Current definition of the developer local type: (global, fields, developer fields).
    dev_def: Option<(u16, Layout, Layout)>,
}

fn layout(fields: &[Field]) -> Layout {
    fields
        .iter()
        .map(|f| (f.num, f.value.size(), f.value.base_type()))
        .collect()
}

impl Encoder {
    /// An empty file.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Append one data message of global number `global`, defining it first when its
    /// layout has no local type yet.
    pub fn message(&mut self, global: u16, fields: &[Field]) {
        let layout = layout(fields);
        let local = match self
            .defs
            .iter()
            .position(|(g, l)| *g == global && *l == layout)
        {
            Some(i) => i,
            None => {
                let i = if self.defs.len() < PLAIN_LOCAL_TYPES {
                    self.defs.push((global, Vec::new()));
                    self.defs.len() - 1
                } else {
                    let i = self.next_reused;
                    self.next_reused = (i + 1) % PLAIN_LOCAL_TYPES;
                    i
                };
                let local = u8::try_from(i).unwrap_or(0);
                self.define(local, 0, global, &layout, &[]);
                self.defs[i] = (global, layout);
                i
            }
        };
        self.records.push(u8::try_from(local).unwrap_or(0));
        for f in fields {
            f.value.write(&mut self.records);
        }
    }

    /// Append one data message with developer fields `dev` after its fields, on the
    /// developer local type (defined again whenever its layout changes).
    pub fn message_with_developer_fields(
        &mut self,
        global: u16,
        fields: &[Field],
        dev: &[DevField],
    ) {
        let layout = layout(fields);
        let dev_layout: Layout = dev
            .iter()
            .map(|d| (d.num, d.value.size(), d.developer_index))
            .collect();
        let def = (global, layout, dev_layout);
        if self.dev_def.as_ref() != Some(&def) {
            self.define(DEVELOPER_LOCAL_TYPE, 0x20, global, &def.1, &def.2);
            self.dev_def = Some(def);
        }
        self.records.push(DEVELOPER_LOCAL_TYPE);
        for f in fields {
            f.value.write(&mut self.records);
        }
        for d in dev {
            d.value.write(&mut self.records);
        }
    }

    /// A definition message: header `0x40 | flags | local`, then the layout (and, with the
    /// developer flag 0x20, the developer fields' count and layout). At most 255 fields.
    fn define(
        &mut self,
        local: u8,
        flags: u8,
        global: u16,
        layout: &[(u8, u8, u8)],
        dev: &[(u8, u8, u8)],
    ) {
        self.records.push(0x40 | flags | (local & 0x0F));
        self.records.push(0); // reserved
        self.records.push(0); // little-endian
        self.records.extend_from_slice(&global.to_le_bytes());
        self.records
            .push(u8::try_from(layout.len()).unwrap_or(u8::MAX));
        for &(num, size, base) in layout.iter().take(255) {
            self.records.extend_from_slice(&[num, size, base]);
        }
        if flags & 0x20 != 0 {
            self.records
                .push(u8::try_from(dev.len()).unwrap_or(u8::MAX));
            for &(num, size, index) in dev.iter().take(255) {
                self.records.extend_from_slice(&[num, size, index]);
            }
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

    #[test]
    fn past_fifteen_layouts_the_oldest_local_type_is_redefined() {
        let mut e = Encoder::new();
        for num in 0..17u8 {
            e.message(20, &[Field::new(num, Value::U8(num))]);
        }
        let b = e.finish().unwrap();
        // Walk the records: a definition of one field is 6 + 3 bytes, a data message 2.
        let mut at = 14;
        let mut locals = Vec::new();
        while at < b.len() - 2 {
            let h = b[at];
            if h & 0x40 != 0 {
                locals.push(h & 0x0F);
                at += 6 + 3 * usize::from(b[at + 5]);
            } else {
                at += 2;
            }
        }
        let mut want: Vec<u8> = (0..15).collect();
        want.extend([0, 1]);
        assert_eq!(locals, want);
    }

    #[test]
    fn developer_fields_get_their_own_flagged_definition() {
        let mut e = Encoder::new();
        let dev = [DevField {
            num: 3,
            developer_index: 0,
            value: Value::U16(0x1234),
        }];
        e.message_with_developer_fields(20, &[Field::new(253, Value::U32(7))], &dev);
        e.message_with_developer_fields(20, &[Field::new(253, Value::U32(8))], &dev);
        let b = e.finish().unwrap();
        let r = &b[14..b.len() - 2];
        // Definition: header, reserved, arch, global (2), 1 field (3), 1 dev field (1 + 3).
        assert_eq!(r[0], 0x40 | 0x20 | 15);
        assert_eq!(&r[5..9], &[1, 253, 4, 0x86]);
        assert_eq!(&r[9..13], &[1, 3, 2, 0]);
        // Two data messages on local type 15, no second definition.
        assert_eq!(&r[13..20], &[15, 7, 0, 0, 0, 0x34, 0x12]);
        assert_eq!(&r[20..27], &[15, 8, 0, 0, 0, 0x34, 0x12]);
        assert_eq!(r.len(), 27);
    }
}
