//! A FIT decoder for exactly the messages and fields stridewise reads.
//!
//! Written against the FIT SDK's "FIT File Protocol" document and its profile
//! (`Profile.xlsx`; scales, offsets, components and enum values as generated into
//! fitparser 0.11 from profile 21.202). It replaces fitparser in production because that
//! decoder allocates a `String` per field name and hashes every field (about 9 MB/s), and
//! prints `ERROR: field size ...` lines to stderr for some COROS files. fitparser stays as a
//! dev-dependency: `tests/it/fit_differential.rs` and the `fit_differential` fuzz target
//! compare the two decoders on every field we use.
//!
//! Design:
//! * zero-copy over `&[u8]`: a [`Decoder`] is an iterator of [`Message`]s borrowing the
//!   input; strings are slices of it;
//! * no panics by construction: every read of the input goes through `get` and returns
//!   `Option`; no `unwrap`, no arithmetic that can overflow on file values, and the only
//!   indexing is of 256-entry CRC tables by a `u8`;
//! * no allocation: fields are matched by number, definitions live in a fixed
//!   `[Option<Definition>; 16]` (one per local message type), and each definition keeps only
//!   the byte offsets of the fields we read;
//! * linear: each step consumes at least one byte or ends the iteration, and a data
//!   message costs O(fields we read) whatever its size.
//!
//! Messages we read (global message numbers, FIT SDK profile "Messages"): `file_id` (0),
//! `sport` (12), `session` (18), `lap` (19), `record` (20), `event` (21); the `timestamp`
//! (field 253) of every other message is still read, because compressed timestamp headers
//! count from the last full timestamp of any message.
//!
//! Damage ends the iteration with one [`Message::Damage`] saying where and what; every
//! message before it has been handed out (a bad file CRC is reported after the data it
//! covers, which is kept).

mod profile;

use std::fmt;

use crate::crc::crc16;

/// Seconds from the Unix epoch to the FIT epoch, 1989-12-31T00:00:00Z (FIT SDK profile,
/// type `date_time`: "seconds since UTC 00:00 Dec 31 1989").
pub const FIT_EPOCH_UNIX_S: i64 = 631_065_600;

/// FIT `date_time` values below this are device-relative seconds, not UTC (FIT SDK profile,
/// type `date_time`: "if date_time is < 0x10000000 then it is system time").
pub const FIT_MIN_ABSOLUTE_TIME: i64 = 0x1000_0000;

// ---------------------------------------------------------------------------------------
// Messages handed out
// ---------------------------------------------------------------------------------------

/// One decoded message of interest, or the damage that ended decoding.
///
/// Numbers are in the profile's units after its scale and offset (FIT SDK: value =
/// stored / scale − offset), as `f64`; timestamps are FIT seconds (see [`unix_seconds`]);
/// enum values are the stored numbers (see [`EnumType`] for names). `None` means absent
/// or the base type's invalid value.
#[derive(Debug, Clone, Copy, PartialEq)]
// Records are most of the messages; boxing them would allocate once per record.
#[allow(clippy::large_enum_variant)]
pub enum Message<'a> {
    /// `file_id` (0): what the file is and which device wrote it.
    FileId(FileId<'a>),
    /// `record` (20): one sample.
    Record(Record),
    /// `event` (21): timer starts and stops, among others.
    Event(Event),
    /// `session` (18): the device's own summary of one sport.
    Session(Session),
    /// `lap` (19).
    Lap(Lap),
    /// `activity` (34): the file's closing summary over all its sessions.
    Activity(ActivityMsg),
    /// `sport` (12): the sport of a file written before its session.
    Sport(Sport),
    /// `field_description` (206): names a developer field of the records that follow.
    FieldDescription(FieldDescription<'a>),
    /// Decoding stopped here; always the last item.
    Damage(Damage),
}

/// `file_id` message (FIT SDK profile, message `file_id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileId<'a> {
    /// Field 0 `type` ([`EnumType::File`]).
    pub file_type: Option<i64>,
    /// Field 1 `manufacturer` ([`EnumType::Manufacturer`]).
    pub manufacturer: Option<i64>,
    /// Field 2 `product` (see [`FileId::product_label`] for its subfields).
    pub product: Option<i64>,
    /// Field 8 `product_name` (string): bytes up to the first NUL, never empty.
    pub product_name: Option<&'a [u8]>,
}

impl FileId<'_> {
    /// `product` as its profile subfields name it: `garmin_product` when the manufacturer
    /// is Garmin (1), Dynastream OEM (13), Dynastream (15) or Tacx (89), the number
    /// otherwise (FIT SDK profile, `file_id.product` subfields; `favero_product` has no
    /// names we keep, so it shows as its number).
    #[must_use]
    pub fn product_label(&self) -> Option<Label> {
        let p = self.product?;
        Some(match self.manufacturer {
            Some(1 | 13 | 15 | 89) => EnumType::GarminProduct.label(p),
            _ => Label::Number(p),
        })
    }

    /// `product_name` as text (lossy UTF-8).
    #[must_use]
    pub fn product_name_text(&self) -> Option<String> {
        self.product_name
            .map(|b| String::from_utf8_lossy(b).into_owned())
    }
}

/// `record` message (FIT SDK profile, message `record`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Record {
    /// Field 253, or the compressed timestamp header's time (FIT seconds).
    pub timestamp: Option<i64>,
    /// Field 0 `position_lat`, semicircles (exact integers).
    pub position_lat: Option<f64>,
    /// Field 1 `position_long`, semicircles.
    pub position_long: Option<f64>,
    /// Field 5 `distance` (m, scale 100), or the distance accumulated from
    /// `compressed_speed_distance` (field 8).
    pub distance_m: Option<f64>,
    /// Field 73 `enhanced_speed` (m/s, scale 1000), else its component source `speed`
    /// (field 6, scale 1000), else `compressed_speed_distance`'s speed (scale 100).
    pub speed_mps: Option<f64>,
    /// Field 78 `enhanced_altitude` (m, scale 5, offset 500), else its component source
    /// `altitude` (field 2, same scale and offset).
    pub altitude_m: Option<f64>,
    /// Field 3 `heart_rate` (bpm).
    pub heart_rate_bpm: Option<f64>,
    /// Field 4 `cadence` (rpm; strides/min when running).
    pub cadence: Option<f64>,
    /// Field 53 `fractional_cadence` (scale 128: already divided).
    pub fractional_cadence: Option<f64>,
    /// Field 41 `stance_time` (ms, scale 10).
    pub stance_time_ms: Option<f64>,
    /// Field 84 `stance_time_balance` (% left, scale 100).
    pub stance_time_balance_pct: Option<f64>,
    /// Field 39 `vertical_oscillation` (mm, scale 10).
    pub vertical_oscillation_mm: Option<f64>,
    /// Field 83 `vertical_ratio` (%, scale 100).
    pub vertical_ratio_pct: Option<f64>,
    /// Field 85 `step_length` (mm, scale 10).
    pub step_length_mm: Option<f64>,
    /// Field 7 `power` (watts).
    pub power_w: Option<f64>,
}

/// Most developer fields read per data message; more are skipped by size (and counted in
/// [`Summary::nonstandard`]). A Stryd pod writes about ten. A record's values are kept by
/// the decoder, not in the [`Record`] (see [`Decoder::developer_values`]).
pub const MAX_DEV_SLOTS: usize = 24;

/// Most developer field descriptions kept per (chained) file; a description past this
/// with a new key is ignored (counted in [`Summary::nonstandard`]).
pub const MAX_DEV_DESCRIPTIONS: usize = 64;

/// One developer field's value in a data message (FIT SDK "Developer Data": a data
/// message's developer field is described by the `field_description` with the same
/// `developer_data_index` and `field_definition_number`).
///
/// The value follows the FIT SDK: the description's own base type, `scale` and `offset`
/// apply (value = stored / scale − offset), as in the SDK's `DeveloperField`, whose scale
/// and offset come from its `FieldDescriptionMesg` (FIT SDK C++ `fit_developer_field.cpp`;
/// fitparser 0.11 `decode_developer_fields` does the same). A description with a
/// `native_field_num` says the field stands for that native field, in its units (the SDK
/// exposes it as `DeveloperField::GetNativeOverride`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DevValue {
    /// `developer_data_index` of the description.
    pub developer_data_index: u8,
    /// `field_definition_number` of the description.
    pub field_number: u8,
    /// `native_field_num` when the description's `native_mesg_num` is this message's
    /// global number.
    pub native_field: Option<u8>,
    /// The value after the description's scale and offset.
    pub value: f64,
}

impl DevValue {
    /// An unused slot of the decoder's buffer.
    const NONE: Self = Self {
        developer_data_index: 0,
        field_number: 0,
        native_field: None,
        value: 0.0,
    };
}

/// `field_description` message (FIT SDK profile, message `field_description`, 206).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldDescription<'a> {
    /// Field 0 `developer_data_index`.
    pub developer_data_index: u8,
    /// Field 1 `field_definition_number`.
    pub field_number: u8,
    /// Field 3 `field_name` (string): bytes up to the first NUL.
    pub name: Option<&'a [u8]>,
    /// Field 8 `units` (string).
    pub units: Option<&'a [u8]>,
    /// Field 14 `native_mesg_num` (`mesg_num`; record = 20).
    pub native_mesg_num: Option<u16>,
    /// Field 15 `native_field_num`.
    pub native_field_num: Option<u8>,
}

impl FieldDescription<'_> {
    /// `field_name` as text (lossy UTF-8), empty when absent.
    #[must_use]
    pub fn name_text(&self) -> String {
        self.name
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }

    /// `units` as text (lossy UTF-8), empty when absent.
    #[must_use]
    pub fn units_text(&self) -> String {
        self.units
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default()
    }
}

/// A description as the decoder keeps it to decode values.
#[derive(Debug, Clone, Copy)]
struct DevDesc {
    index: u8,
    number: u8,
    ty: Ty,
    scale: f64,
    offset: f64,
    native_mesg: Option<u16>,
    native_field: Option<u8>,
}

/// Where one developer field sits in a data message.
#[derive(Debug, Clone, Copy)]
struct DevSlot {
    off: u16,
    size: u8,
    index: u8,
    number: u8,
    /// Where the description with this slot's key is in the decoder's table (`None`:
    /// none yet). Set when the definition is read and whenever a description with its
    /// key is stored, so a data message never searches the table.
    desc: Option<u8>,
}

/// `event` message (FIT SDK profile, message `event`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Event {
    /// Field 253 or the compressed timestamp header's time (FIT seconds).
    pub timestamp: Option<i64>,
    /// Field 0 `event` ([`EnumType::Event`]; timer = 0).
    pub event: Option<i64>,
    /// Field 1 `event_type` ([`EnumType::EventType`]; start = 0, stop = 1, stop_all = 4,
    /// stop_disable = 8, stop_disable_all = 9).
    pub event_type: Option<i64>,
}

/// `session` message (FIT SDK profile, message `session`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Session {
    /// Field 253 or the compressed timestamp header's time (FIT seconds).
    pub timestamp: Option<i64>,
    /// Field 2 `start_time` (FIT seconds).
    pub start_time: Option<i64>,
    /// Field 5 `sport` ([`EnumType::Sport`]).
    pub sport: Option<i64>,
    /// Field 6 `sub_sport` ([`EnumType::SubSport`]).
    pub sub_sport: Option<i64>,
    /// Field 7 `total_elapsed_time` (s, scale 1000).
    pub total_elapsed_time_s: Option<f64>,
    /// Field 8 `total_timer_time` (s, scale 1000).
    pub total_timer_time_s: Option<f64>,
    /// Field 9 `total_distance` (m, scale 100).
    pub total_distance_m: Option<f64>,
    /// Field 22 `total_ascent` (m).
    pub total_ascent_m: Option<f64>,
    /// Field 23 `total_descent` (m).
    pub total_descent_m: Option<f64>,
    /// Field 16 `avg_heart_rate` (bpm).
    pub avg_heart_rate_bpm: Option<f64>,
    /// Field 124 `enhanced_avg_speed` (m/s, scale 1000), else its component source
    /// `avg_speed` (field 14, scale 1000).
    pub avg_speed_mps: Option<f64>,
    /// Field 18 `avg_cadence`; its subfield `avg_running_cadence` (strides/min) applies when
    /// the sport is running, with the same number.
    pub avg_cadence: Option<f64>,
    /// Field 92 `avg_fractional_cadence` (scale 128: already divided).
    pub avg_fractional_cadence: Option<f64>,
    /// Field 91 `avg_stance_time` (ms, scale 10).
    pub avg_stance_time_ms: Option<f64>,
    /// Field 89 `avg_vertical_oscillation` (mm, scale 10).
    pub avg_vertical_oscillation_mm: Option<f64>,
    /// Field 134 `avg_step_length` (mm, scale 10).
    pub avg_step_length_mm: Option<f64>,
    /// Field 132 `avg_vertical_ratio` (%, scale 100).
    pub avg_vertical_ratio_pct: Option<f64>,
}

/// `lap` message (FIT SDK profile, message `lap`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Lap {
    /// Field 253 or the compressed timestamp header's time (FIT seconds).
    pub timestamp: Option<i64>,
    /// Field 2 `start_time` (FIT seconds).
    pub start_time: Option<i64>,
    /// Field 8 `total_timer_time` (s, scale 1000).
    pub total_timer_time_s: Option<f64>,
    /// Field 9 `total_distance` (m, scale 100).
    pub total_distance_m: Option<f64>,
    /// Field 23 `intensity` (FIT SDK profile type `intensity`: 0 active, 1 rest, 2 warmup,
    /// 3 cooldown, 4 recovery, 5 interval, 6 other).
    pub intensity: Option<i64>,
}

/// `activity` message (FIT SDK profile, message `activity`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ActivityMsg {
    /// Field 253 or the compressed timestamp header's time (FIT seconds).
    pub timestamp: Option<i64>,
    /// Field 0 `total_timer_time` (s, scale 1000): timer time over every session.
    pub total_timer_time_s: Option<f64>,
    /// Field 1 `num_sessions`.
    pub num_sessions: Option<i64>,
    /// Field 5 `local_timestamp` (FIT seconds in the device's local time).
    pub local_timestamp: Option<i64>,
}

/// `sport` message (FIT SDK profile, message `sport`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sport {
    /// Field 0 `sport` ([`EnumType::Sport`]).
    pub sport: Option<i64>,
    /// Field 1 `sub_sport` ([`EnumType::SubSport`]).
    pub sub_sport: Option<i64>,
}

/// Where decoding stopped and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damage {
    /// Byte offset of the header, message or CRC that could not be read.
    pub at: usize,
    /// What was wrong there.
    pub what: DamageKind,
}

/// Why decoding stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DamageKind {
    /// No FIT file header here: shorter than 12 bytes (or than its own size byte), a
    /// header size below 12, or no `.FIT` signature (FIT SDK "File Header").
    NotFit,
    /// The header's own CRC (bytes 12–13 of a 14-byte header; 0 means "not computed")
    /// does not match bytes 0–11.
    HeaderCrc {
        /// CRC stored in the header.
        stored: u16,
        /// CRC computed over the header.
        computed: u16,
    },
    /// The input ends inside a message.
    Truncated,
    /// The input ends one byte into the file CRC (the data is complete).
    CrcCut,
    /// The input ends on a message boundary but before the data size the header declares.
    EndsEarly {
        /// Bytes of data missing.
        missing: usize,
    },
    /// A data message names a local message type with no definition yet (FIT SDK "Data
    /// Message": a definition must come first).
    MissingDefinition {
        /// The local message type (0–15).
        local: u8,
    },
    /// A message runs past the end of the data the header declares.
    PastDataEnd,
    /// The file CRC after the data does not match the bytes it covers.
    FileCrc {
        /// CRC stored after the data.
        stored: u16,
        /// CRC computed over header and data.
        computed: u16,
    },
}

impl fmt::Display for DamageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFit => f.write_str("no FIT file header (12 or 14 bytes with \".FIT\")"),
            Self::HeaderCrc { stored, computed } => write!(
                f,
                "header CRC mismatch (stored {stored:#06x}, computed {computed:#06x})"
            ),
            Self::Truncated => f.write_str("the file ends inside a message"),
            Self::CrcCut => f.write_str("the file ends inside its CRC"),
            Self::EndsEarly { missing } => write!(
                f,
                "the file ends {missing} bytes before the end of its data"
            ),
            Self::MissingDefinition { local } => {
                write!(f, "data message of local type {local} has no definition")
            }
            Self::PastDataEnd => f.write_str("a message runs past the data size in the header"),
            Self::FileCrc { stored, computed } => write!(
                f,
                "file CRC mismatch (stored {stored:#06x}, computed {computed:#06x})"
            ),
        }
    }
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

/// Unix seconds of a FIT `date_time` (FIT SDK profile, type `date_time`), `None` on
/// overflow.
#[must_use]
pub fn unix_seconds(fit_seconds: i64) -> Option<i64> {
    fit_seconds.checked_add(FIT_EPOCH_UNIX_S)
}

// ---------------------------------------------------------------------------------------
// Enum names
// ---------------------------------------------------------------------------------------

/// The profile enums whose names we show (FIT SDK profile, sheet "Types").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumType {
    /// `file`: activity = 4, course = 6, ...
    File,
    /// `sport`: generic = 0, running = 1, cycling = 2, transition = 3, swimming = 5,
    /// training = 10, walking = 11, hiking = 17, ...
    Sport,
    /// `sub_sport`: generic = 0, treadmill = 1, street = 2, trail = 3, track = 4, ...
    SubSport,
    /// `event`: timer = 0, ...
    Event,
    /// `event_type`: start = 0, stop = 1, stop_all = 4, stop_disable = 8,
    /// stop_disable_all = 9, ...
    EventType,
    /// `manufacturer`: garmin = 1, ...
    Manufacturer,
    /// `garmin_product`: fr945 = 3113, ...
    GarminProduct,
}

impl EnumType {
    fn table(self) -> &'static [(u16, &'static str)] {
        match self {
            Self::File => profile::FILE,
            Self::Sport => profile::SPORT,
            Self::SubSport => profile::SUB_SPORT,
            Self::Event => profile::EVENT,
            Self::EventType => profile::EVENT_TYPE,
            Self::Manufacturer => profile::MANUFACTURER,
            Self::GarminProduct => profile::GARMIN_PRODUCT,
        }
    }

    /// The profile's name for `value`, if it has one.
    #[must_use]
    pub fn name(self, value: i64) -> Option<&'static str> {
        let v = u16::try_from(value).ok()?;
        let table = self.table();
        let i = table.binary_search_by_key(&v, |(k, _)| *k).ok()?;
        table.get(i).map(|(_, name)| *name)
    }

    /// The name, or the number for values the profile does not name.
    #[must_use]
    pub fn label(self, value: i64) -> Label {
        self.name(value).map_or(Label::Number(value), Label::Name)
    }
}

/// An enum value as shown: its profile name, or its number when unnamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Named by the profile.
    Name(&'static str),
    /// Not named: shown as the number.
    Number(i64),
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Name(n) => f.write_str(n),
            Self::Number(v) => write!(f, "{v}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Base types (FIT SDK "FIT File Protocol", table "FIT Base Types and Invalid Values")
// ---------------------------------------------------------------------------------------

/// A base type, numbered as bits 0–4 of the base type byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Enum,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    Str,
    F32,
    F64,
    U8z,
    U16z,
    U32z,
    Byte,
    I64,
    U64,
    U64z,
}

impl Ty {
    /// Type and canonical base type byte, by base type number (bits 0–4). Bit 7 is the
    /// "endian ability" flag, set for multi-byte types; bits 5–6 are reserved.
    fn from_number(n: u8) -> Option<(Self, u8)> {
        Some(match n {
            0 => (Self::Enum, 0x00),
            1 => (Self::I8, 0x01),
            2 => (Self::U8, 0x02),
            3 => (Self::I16, 0x83),
            4 => (Self::U16, 0x84),
            5 => (Self::I32, 0x85),
            6 => (Self::U32, 0x86),
            7 => (Self::Str, 0x07),
            8 => (Self::F32, 0x88),
            9 => (Self::F64, 0x89),
            10 => (Self::U8z, 0x0A),
            11 => (Self::U16z, 0x8B),
            12 => (Self::U32z, 0x8C),
            13 => (Self::Byte, 0x0D),
            14 => (Self::I64, 0x8E),
            15 => (Self::U64, 0x8F),
            16 => (Self::U64z, 0x90),
            _ => return None,
        })
    }

    fn size(self) -> usize {
        match self {
            Self::Enum | Self::I8 | Self::U8 | Self::Str | Self::U8z | Self::Byte => 1,
            Self::I16 | Self::U16 | Self::U16z => 2,
            Self::I32 | Self::U32 | Self::F32 | Self::U32z => 4,
            Self::F64 | Self::I64 | Self::U64 | Self::U64z => 8,
        }
    }

    fn is_float(self) -> bool {
        matches!(self, Self::F32 | Self::F64)
    }
}

/// A field value as stored, after the invalid-value check.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Raw {
    /// Signed integer types.
    I(i64),
    /// Unsigned integer types (and enum, byte, z-types).
    U(u64),
    /// Float types (finite only).
    F(f64),
}

impl Raw {
    fn f64(self) -> f64 {
        match self {
            Self::I(v) => v as f64,
            Self::U(v) => v as f64,
            Self::F(v) => v,
        }
    }

    /// Integer value, for timestamps and enums (u64 above i64::MAX wraps).
    #[allow(clippy::cast_possible_wrap)]
    fn int(self) -> Option<i64> {
        match self {
            Self::I(v) => Some(v),
            Self::U(v) => Some(v as i64),
            Self::F(_) => None,
        }
    }
}

/// Unsigned integer of `b` in the definition's byte order: the base types' sizes (1, 2, 4
/// and 8 bytes) read whole, any other length byte by byte (the same number).
fn uint(b: &[u8], big: bool) -> u64 {
    match *b {
        [x] => u64::from(x),
        [x0, x1] => u64::from(if big {
            u16::from_be_bytes([x0, x1])
        } else {
            u16::from_le_bytes([x0, x1])
        }),
        [x0, x1, x2, x3] => u64::from(if big {
            u32::from_be_bytes([x0, x1, x2, x3])
        } else {
            u32::from_le_bytes([x0, x1, x2, x3])
        }),
        [x0, x1, x2, x3, x4, x5, x6, x7] => {
            let x = [x0, x1, x2, x3, x4, x5, x6, x7];
            if big {
                u64::from_be_bytes(x)
            } else {
                u64::from_le_bytes(x)
            }
        }
        _ => {
            let fold = |acc: u64, x: &u8| (acc << 8) | u64::from(*x);
            if big {
                b.iter().fold(0, fold)
            } else {
                b.iter().rev().fold(0, fold)
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------

/// How a field we read is used, which decides which base types make sense for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A number with scale and offset: any numeric base type.
    Num,
    /// A number that is also the source of a component (FIT SDK "Components": its bits
    /// are expanded into another field): integer base types only.
    Comp,
    /// `date_time` or an enum: integer base types only.
    Int,
    /// A string.
    Text,
    /// `record.compressed_speed_distance`: `byte[3]`.
    Packed,
}

/// Message kinds we read, by global message number (FIT SDK profile, type `mesg_num`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    FileId,
    Sport,
    Session,
    Lap,
    Record,
    Event,
    /// `activity` (34).
    Activity,
    /// `field_description` (206).
    FieldDescription,
    /// Any other message: only its timestamp is read.
    Other,
}

impl Kind {
    fn of(global: u16) -> Self {
        match global {
            0 => Self::FileId,
            12 => Self::Sport,
            18 => Self::Session,
            19 => Self::Lap,
            20 => Self::Record,
            21 => Self::Event,
            34 => Self::Activity,
            206 => Self::FieldDescription,
            _ => Self::Other,
        }
    }

    /// Fields read, by field number; the slot of a field is its index here. Slot 0 is
    /// always `timestamp` (253), common to all messages (FIT SDK profile).
    fn fields(self) -> &'static [(u8, Class)] {
        use Class::{Comp, Int, Num, Packed, Text};
        match self {
            Self::FileId => &[(253, Int), (0, Int), (1, Int), (2, Int), (8, Text)],
            Self::Sport => &[(253, Int), (0, Int), (1, Int)],
            Self::Session => &[
                (253, Int),
                (2, Int),
                (5, Int),
                (6, Int),
                (7, Num),
                (8, Num),
                (9, Num),
                (14, Comp),
                (16, Num),
                (18, Num),
                (22, Num),
                (23, Num),
                (89, Num),
                (91, Num),
                (92, Num),
                (124, Num),
                (132, Num),
                (134, Num),
            ],
            Self::Lap => &[(253, Int), (2, Int), (8, Num), (9, Num), (23, Int)],
            Self::Record => &[
                (253, Int),
                (0, Num),
                (1, Num),
                (2, Comp),
                (3, Num),
                (4, Num),
                (5, Num),
                (6, Comp),
                (8, Packed),
                (39, Num),
                (41, Num),
                (53, Num),
                (73, Num),
                (78, Num),
                (83, Num),
                (84, Num),
                (85, Num),
                (7, Num),
            ],
            Self::Event => &[(253, Int), (0, Int), (1, Int)],
            Self::Activity => &[(253, Int), (0, Num), (1, Int), (5, Int)],
            Self::FieldDescription => &[
                (253, Int),
                (0, Int),
                (1, Int),
                (2, Int),
                (3, Text),
                (6, Int),
                (7, Int),
                (8, Text),
                (14, Int),
                (15, Int),
            ],
            Self::Other => &[(253, Int)],
        }
    }
}

/// Slot numbers: the index of each field in [`Kind::fields`].
mod slot {
    pub const TIMESTAMP: usize = 0;
    pub mod file_id {
        pub const TYPE: usize = 1;
        pub const MANUFACTURER: usize = 2;
        pub const PRODUCT: usize = 3;
        pub const PRODUCT_NAME: usize = 4;
    }
    pub mod sport {
        pub const SPORT: usize = 1;
        pub const SUB_SPORT: usize = 2;
    }
    pub mod session {
        pub const START_TIME: usize = 1;
        pub const SPORT: usize = 2;
        pub const SUB_SPORT: usize = 3;
        pub const ELAPSED: usize = 4;
        pub const TIMER: usize = 5;
        pub const DISTANCE: usize = 6;
        pub const AVG_SPEED: usize = 7;
        pub const AVG_HEART_RATE: usize = 8;
        pub const AVG_CADENCE: usize = 9;
        pub const ASCENT: usize = 10;
        pub const DESCENT: usize = 11;
        pub const AVG_VERTICAL_OSCILLATION: usize = 12;
        pub const AVG_STANCE_TIME: usize = 13;
        pub const AVG_FRACTIONAL_CADENCE: usize = 14;
        pub const ENHANCED_AVG_SPEED: usize = 15;
        pub const AVG_VERTICAL_RATIO: usize = 16;
        pub const AVG_STEP_LENGTH: usize = 17;
    }
    pub mod lap {
        pub const START_TIME: usize = 1;
        pub const TIMER: usize = 2;
        pub const DISTANCE: usize = 3;
        pub const INTENSITY: usize = 4;
    }
    pub mod record {
        pub const LAT: usize = 1;
        pub const LONG: usize = 2;
        pub const ALTITUDE: usize = 3;
        pub const HEART_RATE: usize = 4;
        pub const CADENCE: usize = 5;
        pub const DISTANCE: usize = 6;
        pub const SPEED: usize = 7;
        pub const COMPRESSED_SPEED_DISTANCE: usize = 8;
        pub const VERTICAL_OSCILLATION: usize = 9;
        pub const STANCE_TIME: usize = 10;
        pub const FRACTIONAL_CADENCE: usize = 11;
        pub const ENHANCED_SPEED: usize = 12;
        pub const ENHANCED_ALTITUDE: usize = 13;
        pub const VERTICAL_RATIO: usize = 14;
        pub const STANCE_TIME_BALANCE: usize = 15;
        pub const STEP_LENGTH: usize = 16;
        pub const POWER: usize = 17;
    }
    pub mod field_description {
        pub const DEVELOPER_DATA_INDEX: usize = 1;
        pub const FIELD_NUMBER: usize = 2;
        pub const BASE_TYPE: usize = 3;
        pub const NAME: usize = 4;
        pub const SCALE: usize = 5;
        pub const OFFSET: usize = 6;
        pub const UNITS: usize = 7;
        pub const NATIVE_MESG_NUM: usize = 8;
        pub const NATIVE_FIELD_NUM: usize = 9;
    }
    pub mod event {
        pub const EVENT: usize = 1;
        pub const EVENT_TYPE: usize = 2;
    }
    pub mod activity {
        pub const TIMER: usize = 1;
        pub const NUM_SESSIONS: usize = 2;
        pub const LOCAL_TIMESTAMP: usize = 3;
    }
}

/// Most fields read from one message kind (`session`).
const MAX_SLOTS: usize = 18;

/// Where one field we read sits in its data message.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Offset in the message body (after the record header byte).
    off: u16,
    size: u8,
    /// `None`: present but unreadable for its use (array, wrong type); reads as absent.
    ty: Option<Ty>,
}

/// A definition message, reduced to what decoding its data messages needs (FIT SDK
/// "Definition Message": reserved byte, architecture, global message number, field count,
/// then 3 bytes per field: number, size, base type; developer fields likewise when the
/// header's developer-data flag is set).
#[derive(Debug, Clone, Copy)]
struct Definition {
    kind: Kind,
    /// Architecture byte 1: multi-byte values are big-endian; 0 (and anything else, as
    /// fitparser reads it): little-endian.
    big: bool,
    /// Bytes of a data message after its header byte: all field sizes, developer fields
    /// included (their bytes are skipped by size).
    len: usize,
    slots: [Option<Slot>; MAX_SLOTS],
    /// Developer fields, in definition order (FIT SDK "Developer Field Definition":
    /// field number, size, developer data index); the first `ndev` are set.
    dev: [Option<DevSlot>; MAX_DEV_SLOTS],
    /// How many of `dev` are set (0 for most definitions: nothing to decode).
    ndev: u8,
}

// ---------------------------------------------------------------------------------------
// Decoder
// ---------------------------------------------------------------------------------------

/// What the decoder expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A file header at `pos` (the first, or a chained one after a file CRC).
    Header,
    /// Messages up to `data_end`, then the file CRC.
    Data,
    /// Finished or damaged.
    Done,
}

/// Counts over a whole decode, for notes and for the differential checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// File headers read (more than one for chained files).
    pub files: usize,
    /// Data messages decoded, of every kind (not only the ones handed out).
    pub data_messages: usize,
    /// Field definitions (of fields we read) or headers whose layout the protocol allows
    /// but that a reader has to interpret: arrays or strings where the profile has a
    /// single number, floats for timestamps and enums, base type bytes with unknown
    /// numbers or wrong flag bits, a field defined twice in one message, header sizes
    /// other than 12 and 14. Such fields read as absent (a field defined twice: its last
    /// definition). Decoders disagree on these, so the differential checks do not compare
    /// what follows them.
    pub nonstandard: usize,
    /// Messages handed out before the first nonstandard layout was read (`None`: there
    /// was none); everything before it was decoded without interpretation.
    pub messages_before_nonstandard: Option<usize>,
    /// Bytes skipped between chained files to find the next valid file header (garbage
    /// after a file's CRC).
    pub skipped_bytes: usize,
}

/// The FIT decoder: an iterator of [`Message`]s over a whole (possibly chained) file.
///
/// ```
/// use stridewise_fit::decode::{Decoder, Message};
/// let mut records = 0;
/// let mut d = Decoder::new(b"not a FIT file");
/// for m in d.by_ref() {
///     match m {
///         Message::Record(_) => records += 1,
///         Message::Damage(damage) => assert_eq!(damage.at, 0),
///         _ => {}
///     }
/// }
/// assert_eq!((records, d.summary().files), (0, 0));
/// ```
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    state: State,
    /// Where the current file's header starts (its CRC covers from here).
    file_start: usize,
    /// Where the current file's data ends and its CRC starts (may lie past the input).
    data_end: usize,
    defs: [Option<Definition>; 16],
    /// Last full timestamp, for compressed timestamp headers (FIT SDK "Compressed
    /// Timestamp Header"); 0 until one is seen, as in the SDK.
    last_timestamp: i64,
    /// `compressed_speed_distance` distance accumulator.
    distance: Accumulator,
    /// Messages handed out so far (damage excluded).
    handed_out: usize,
    summary: Summary,
    /// Developer field descriptions of the current file (FIT SDK "Developer Data").
    descs: [Option<DevDesc>; MAX_DEV_DESCRIPTIONS],
    /// The developer values of the record handed out last: the first `dev_len`.
    dev_values: [DevValue; MAX_DEV_SLOTS],
    dev_len: u8,
}

/// An accumulated component (FIT SDK "Components", accumulate): the stored bits are the
/// low bits of a running total; add the difference from the last stored value modulo
/// 2^bits, so a wrap past the top keeps counting up. Starts from 0 in each file.
#[derive(Debug, Clone, Copy, Default)]
struct Accumulator {
    last: u64,
    total: u64,
}

impl Accumulator {
    fn add(&mut self, raw: u64, bits: u32) -> u64 {
        let mask = (1u64 << bits) - 1;
        self.total = self.total.wrapping_add(raw.wrapping_sub(self.last) & mask);
        self.last = raw & mask;
        self.total
    }
}

impl<'a> Decoder<'a> {
    /// A decoder over a whole file; nothing is read until iteration.
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            state: State::Header,
            file_start: 0,
            data_end: 0,
            defs: [None; 16],
            last_timestamp: 0,
            distance: Accumulator::default(),
            handed_out: 0,
            summary: Summary::default(),
            descs: [None; MAX_DEV_DESCRIPTIONS],
            dev_values: [DevValue::NONE; MAX_DEV_SLOTS],
            dev_len: 0,
        }
    }

    /// The developer values (see [`DevValue`]) of the [`Message::Record`] handed out last,
    /// in definition order, at most [`MAX_DEV_SLOTS`]; empty once any other message has
    /// been handed out. They are kept here rather than in the [`Record`], which most
    /// records would carry empty and which is moved by value. Native fields of the record
    /// are never filled from them here: that is the reader's choice (`ingest::fit`).
    ///
    /// ```
    /// use stridewise_fit::decode::{Decoder, Message};
    /// let mut d = Decoder::new(b"not a FIT file");
    /// while let Some(m) = d.next() {
    ///     if let Message::Record(r) = m {
    ///         for v in d.developer_values() {
    ///             println!("{:?}: {}/{} = {}", r.timestamp, v.developer_data_index, v.field_number, v.value);
    ///         }
    ///     }
    /// }
    /// assert!(d.developer_values().is_empty());
    /// ```
    #[must_use]
    pub fn developer_values(&self) -> &[DevValue] {
        self.dev_values
            .get(..usize::from(self.dev_len))
            .unwrap_or_default()
    }

    /// Counts so far (final once the iterator returned `None`).
    #[must_use]
    pub fn summary(&self) -> Summary {
        self.summary
    }

    fn nonstandard(&mut self) {
        self.summary.nonstandard += 1;
        if self.summary.messages_before_nonstandard.is_none() {
            self.summary.messages_before_nonstandard = Some(self.handed_out);
        }
    }

    fn damage(&mut self, at: usize, what: DamageKind) -> Option<Message<'a>> {
        self.state = State::Done;
        Some(Message::Damage(Damage { at, what }))
    }

    /// The file header (FIT SDK "File Header"): size (12 or 14), protocol version, profile
    /// version (u16 LE), data size (u32 LE), ".FIT", and in a 14-byte header a CRC of bytes
    /// 0–11 (u16 LE), where 0 means "not computed". Data follows after `size` bytes.
    fn header(&mut self) -> Result<(), DamageKind> {
        let start = self.pos;
        let h = self.bytes.get(start..).unwrap_or_default();
        let size = usize::from(*h.first().ok_or(DamageKind::NotFit)?);
        if size < 12 || h.get(8..12) != Some(b".FIT".as_slice()) {
            return Err(DamageKind::NotFit);
        }
        let data_size = h
            .get(4..8)
            .map(|b| uint(b, false))
            .ok_or(DamageKind::NotFit)?;
        if size != 12 && size != 14 {
            self.nonstandard();
        }
        if size >= 14 {
            let stored = h
                .get(12..14)
                .map(|b| uint(b, false))
                .ok_or(DamageKind::NotFit)?;
            let stored = u16::try_from(stored).unwrap_or_default();
            let computed = crc16(h.get(..12).unwrap_or_default());
            if stored != 0 && stored != computed {
                return Err(DamageKind::HeaderCrc { stored, computed });
            }
        }
        if h.len() < size {
            return Err(DamageKind::NotFit);
        }
        let data_start = start.saturating_add(size);
        self.file_start = start;
        self.pos = data_start;
        self.data_end = data_start.saturating_add(usize::try_from(data_size).unwrap_or(usize::MAX));
        self.defs = [None; 16];
        self.last_timestamp = 0;
        self.distance = Accumulator::default();
        self.descs = [None; MAX_DEV_DESCRIPTIONS];
        self.summary.files += 1;
        self.state = State::Data;
        Ok(())
    }

    /// At the end of a file's data: the file CRC (u16 LE) over every byte from the start
    /// of the header to the end of the data (FIT SDK "CRC"), then maybe another file
    /// (FIT SDK "Chained FIT Files": files are concatenated, each with header and CRC).
    fn file_end(&mut self) -> Option<Message<'a>> {
        let at = self.data_end;
        let len = self.bytes.len();
        if at >= len {
            // Ends right after the data, without its CRC: nothing is lost (fitparser
            // accepts this too).
            self.state = State::Done;
            return None;
        }
        let Some(stored) = self
            .bytes
            .get(at..at.saturating_add(2))
            .filter(|b| b.len() == 2)
        else {
            return self.damage(at, DamageKind::CrcCut);
        };
        let stored = u16::try_from(uint(stored, false)).unwrap_or_default();
        let computed = crc16(self.bytes.get(self.file_start..at).unwrap_or_default());
        if stored != computed {
            return self.damage(at, DamageKind::FileCrc { stored, computed });
        }
        self.pos = at.saturating_add(2);
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        if rest.is_empty()
            || (rest.len() < 12 && rest.iter().all(|b| *b == 0) && self.summary.data_messages > 0)
        {
            // Some devices pad a complete file with a few zero bytes.
            self.state = State::Done;
            return None;
        }
        self.state = State::Header;
        None
    }

    /// A definition message at `pos` (header byte included). Returns its length.
    fn definition(&mut self, header: u8) -> Result<usize, DamageKind> {
        let at = self.pos;
        let b = self.bytes.get(at..).unwrap_or_default();
        let fixed = b.get(..6).ok_or(DamageKind::Truncated)?;
        let big = fixed.get(2) == Some(&1);
        let global =
            u16::try_from(uint(fixed.get(3..5).unwrap_or_default(), big)).unwrap_or(u16::MAX);
        let nfields = usize::from(fixed.get(5).copied().unwrap_or(0));
        let fields_end = 6 + 3 * nfields;
        let fields = b.get(6..fields_end).ok_or(DamageKind::Truncated)?;
        let mut total = fields_end;
        let mut dev: &[u8] = &[];
        if header & 0x20 != 0 {
            // Developer fields (FIT SDK "Developer Data"): count, then number, size and
            // developer data index per field.
            let ndev = usize::from(*b.get(fields_end).ok_or(DamageKind::Truncated)?);
            let dev_end = fields_end + 1 + 3 * ndev;
            dev = b
                .get(fields_end + 1..dev_end)
                .ok_or(DamageKind::Truncated)?;
            total = dev_end;
        }
        if at.saturating_add(total) > self.data_end {
            return Err(DamageKind::PastDataEnd);
        }
        let kind = Kind::of(global);
        let wanted = kind.fields();
        let mut def = Definition {
            kind,
            big,
            len: 0,
            slots: [None; MAX_SLOTS],
            dev: [None; MAX_DEV_SLOTS],
            ndev: 0,
        };
        let mut seen = 0u32;
        for f in fields.chunks_exact(3) {
            let (num, size, base) = match *f {
                [num, size, base] => (num, size, base),
                _ => continue,
            };
            let off = def.len;
            def.len += usize::from(size);
            if let Some(i) = wanted.iter().position(|(n, _)| *n == num) {
                // A field defined twice in one message: the later one is read (fitparser
                // keeps the last *valid* one), and it counts as nonstandard.
                if seen & (1 << i) != 0 {
                    self.nonstandard();
                }
                seen |= 1 << i;
                let class = wanted.get(i).map_or(Class::Num, |(_, c)| *c);
                let ty = self.field_type(class, size, base);
                if let (Some(s), Ok(off)) = (def.slots.get_mut(i), u16::try_from(off)) {
                    *s = Some(Slot { off, size, ty });
                }
            }
        }
        // Developer fields follow the normal fields in each data message.
        let mut n = 0;
        for f in dev.chunks_exact(3) {
            let (number, size, index) = match *f {
                [number, size, index] => (number, size, index),
                _ => continue,
            };
            let off = def.len;
            def.len += usize::from(size);
            match (def.dev.get_mut(n), u16::try_from(off)) {
                (Some(s), Ok(off)) => {
                    *s = Some(DevSlot {
                        off,
                        size,
                        index,
                        number,
                        desc: find_description(&self.descs, index, number),
                    });
                    n += 1;
                }
                _ => self.nonstandard(),
            }
        }
        def.ndev = u8::try_from(n).unwrap_or(u8::MAX);
        let local = usize::from(header & 0x0F);
        if let Some(d) = self.defs.get_mut(local) {
            *d = Some(def);
        }
        Ok(total)
    }

    /// The type a field is read as, or `None` if it cannot be read for its use (counted
    /// in [`Summary::nonstandard`]).
    ///
    /// Base type byte: bits 0–4 number the type, bit 7 flags multi-byte types, bits 5–6
    /// are reserved (FIT SDK "Field Definition Contents", "Base Type"); the type is read
    /// by its number, as the SDK does, and a wrong flag bit only counts as nonstandard. A
    /// size that is not a multiple of the type's size is read as bytes (as fitparser and
    /// python-fitparse do); a size of several values is an array, which none of our
    /// fields are.
    fn field_type(&mut self, class: Class, size: u8, base: u8) -> Option<Ty> {
        let Some((mut ty, canonical)) = Ty::from_number(base & 0x1F) else {
            self.nonstandard();
            return None;
        };
        if base & 0x9F != canonical {
            self.nonstandard();
        }
        let size = usize::from(size);
        if size % ty.size() != 0 {
            ty = Ty::Byte;
        }
        let ok = match class {
            Class::Text => ty == Ty::Str,
            Class::Packed => ty == Ty::Byte && size == 3,
            Class::Num => ty != Ty::Str && (size == ty.size() || size == 0),
            Class::Comp | Class::Int => {
                ty != Ty::Str && !ty.is_float() && (size == ty.size() || size == 0)
            }
        };
        if !ok {
            self.nonstandard();
            return None;
        }
        Some(ty)
    }

    /// One step over the data section: a definition, a data message handed out, a data
    /// message skipped, or damage.
    fn step(&mut self) -> Option<Message<'a>> {
        let at = self.pos;
        let len = self.bytes.len();
        if at >= len {
            // Ends on a message boundary before the declared data size.
            let missing = self.data_end.saturating_sub(at);
            return self.damage(at, DamageKind::EndsEarly { missing });
        }
        let header = self.bytes.get(at).copied().unwrap_or(0);
        // Record header (FIT SDK "Record Header"): bit 7 set: compressed timestamp header
        // (local type in bits 5–6, time offset in bits 0–4); else bit 6: definition,
        // bit 5: developer data, bits 0–3: local type.
        let (local, time_offset) = if header & 0x80 != 0 {
            ((header >> 5) & 0x03, Some(header & 0x1F))
        } else if header & 0x40 != 0 {
            return match self.definition(header) {
                Ok(n) => {
                    self.pos = at.saturating_add(n);
                    None
                }
                Err(e) => self.damage(at, e),
            };
        } else {
            (header & 0x0F, None)
        };
        let Some(def) = self.defs.get(usize::from(local)).and_then(Option::as_ref) else {
            return self.damage(at, DamageKind::MissingDefinition { local });
        };
        let end = at.saturating_add(1).saturating_add(def.len);
        if end > self.data_end {
            let kind = if end > len && self.data_end > len {
                DamageKind::Truncated
            } else {
                DamageKind::PastDataEnd
            };
            return self.damage(at, kind);
        }
        let Some(body) = self.bytes.get(at.saturating_add(1)..end) else {
            return self.damage(at, DamageKind::Truncated);
        };
        self.pos = end;
        self.summary.data_messages += 1;
        let m = Msg { body, def };
        // Timestamps (FIT SDK "Compressed Timestamp Header"): a full timestamp (field 253)
        // becomes the reference; a compressed header adds its 5-bit offset to the
        // reference, with a rollover when the offset is below the reference's low 5 bits.
        // Such a message's time is the header's, even if it also holds field 253.
        let full = m.int(slot::TIMESTAMP);
        if let Some(t) = full {
            self.last_timestamp = t;
        }
        let timestamp = match time_offset {
            Some(offset) => {
                let offset = i64::from(offset);
                let last = self.last_timestamp;
                let mut t = (last & !0x1F).wrapping_add(offset);
                if offset < (last & 0x1F) {
                    t = t.wrapping_add(0x20);
                }
                self.last_timestamp = t;
                Some(t)
            }
            None => full,
        };
        match def.kind {
            Kind::Other => None,
            Kind::FileId => Some(Message::FileId(FileId {
                file_type: m.int(slot::file_id::TYPE),
                manufacturer: m.int(slot::file_id::MANUFACTURER),
                product: m.int(slot::file_id::PRODUCT),
                product_name: m.text(slot::file_id::PRODUCT_NAME),
            })),
            Kind::Sport => Some(Message::Sport(Sport {
                sport: m.int(slot::sport::SPORT),
                sub_sport: m.int(slot::sport::SUB_SPORT),
            })),
            Kind::Event => Some(Message::Event(Event {
                timestamp,
                event: m.int(slot::event::EVENT),
                event_type: m.int(slot::event::EVENT_TYPE),
            })),
            Kind::Lap => Some(Message::Lap(Lap {
                timestamp,
                start_time: m.int(slot::lap::START_TIME),
                total_timer_time_s: m.num(slot::lap::TIMER, 1000.0, 0.0),
                total_distance_m: m.num(slot::lap::DISTANCE, 100.0, 0.0),
                intensity: m.int(slot::lap::INTENSITY),
            })),
            Kind::Session => Some(Message::Session(session(&m, timestamp))),
            Kind::Activity => Some(Message::Activity(ActivityMsg {
                timestamp,
                total_timer_time_s: m.num(slot::activity::TIMER, 1000.0, 0.0),
                num_sessions: m.int(slot::activity::NUM_SESSIONS),
                local_timestamp: m.int(slot::activity::LOCAL_TIMESTAMP),
            })),
            Kind::Record => {
                if def.ndev > 0 {
                    self.dev_len = m.developer(&self.descs, 20, &mut self.dev_values);
                }
                Some(Message::Record(record(&m, &mut self.distance, timestamp)))
            }
            Kind::FieldDescription => {
                let (d, desc) = field_description(&m)?;
                match store_description(&mut self.descs, desc) {
                    Some(at) => {
                        // The definitions read before it refer to it from now on.
                        for def in self.defs.iter_mut().flatten() {
                            let set = def.dev.get_mut(..usize::from(def.ndev));
                            for s in set.unwrap_or_default().iter_mut().flatten() {
                                if s.index == desc.index && s.number == desc.number {
                                    s.desc = Some(at);
                                }
                            }
                        }
                    }
                    None => self.nonstandard(),
                }
                Some(Message::FieldDescription(d))
            }
        }
    }
}

/// A `field_description` (FIT SDK profile, message 206), `None` without its two keys or
/// with a base type number the protocol does not define. `scale` and `offset` default to
/// 1 and 0 when absent (as fitparser's `DeveloperFieldDescription` does); a scale of 0
/// reads as 1 (it would divide by zero).
fn field_description<'a>(m: &Msg<'a, '_>) -> Option<(FieldDescription<'a>, DevDesc)> {
    use slot::field_description as f;
    let index = u8::try_from(m.int(f::DEVELOPER_DATA_INDEX)?).ok()?;
    let number = u8::try_from(m.int(f::FIELD_NUMBER)?).ok()?;
    let base = u8::try_from(m.int(f::BASE_TYPE)?).ok()?;
    let (ty, _) = Ty::from_number(base & 0x1F)?;
    let native_mesg = m
        .int(f::NATIVE_MESG_NUM)
        .and_then(|v| u16::try_from(v).ok());
    let native_field = m
        .int(f::NATIVE_FIELD_NUM)
        .and_then(|v| u8::try_from(v).ok());
    let scale = m
        .int(f::SCALE)
        .filter(|v| *v != 0)
        .map_or(1.0, |v| v as f64);
    let offset = m.int(f::OFFSET).map_or(0.0, |v| v as f64);
    let d = FieldDescription {
        developer_data_index: index,
        field_number: number,
        name: m.text(f::NAME),
        units: m.text(f::UNITS),
        native_mesg_num: native_mesg,
        native_field_num: native_field,
    };
    let desc = DevDesc {
        index,
        number,
        ty,
        scale,
        offset,
        native_mesg,
        native_field,
    };
    Some((d, desc))
}

/// Keep `desc`, replacing one with the same key (so keys are unique in the table); where
/// it is, `None` when the table is full.
fn store_description(descs: &mut [Option<DevDesc>], desc: DevDesc) -> Option<u8> {
    let at = find_description(descs, desc.index, desc.number).or_else(|| {
        let free = descs.iter().position(Option::is_none)?;
        u8::try_from(free).ok()
    })?;
    *descs.get_mut(usize::from(at))? = Some(desc);
    Some(at)
}

/// Where the description with this key is in the table.
fn find_description(descs: &[Option<DevDesc>], index: u8, number: u8) -> Option<u8> {
    let at = descs.iter().position(|d| {
        d.as_ref()
            .is_some_and(|d| d.index == index && d.number == number)
    })?;
    u8::try_from(at).ok()
}

/// A `record` (FIT SDK profile, message `record`), with its components expanded:
/// `speed` (6) → `enhanced_speed` (73), 16 bits, scale 1000; `altitude` (2) →
/// `enhanced_altitude` (78), 16 bits, scale 5, offset 500; `compressed_speed_distance`
/// (8, 3 bytes) → `speed` (bits 0–11, scale 100) and `distance` (bits 12–23, scale
/// 16, accumulated). An enhanced field in the message wins over its expansion, a
/// `distance` field over the compressed one.
fn record(m: &Msg<'_, '_>, distance: &mut Accumulator, timestamp: Option<i64>) -> Record {
    use slot::record as r;
    let (mut packed_speed, mut packed_distance) = (None, None);
    if let Some(bits) = m.packed(r::COMPRESSED_SPEED_DISTANCE) {
        // The 12-bit distance wraps every 4096/16 = 256 m.
        let total = distance.add((bits >> 12) & 0xFFF, 12);
        packed_speed = Some(scaled(bits & 0xFFF, 100.0, 0.0));
        packed_distance = Some(scaled(total, 16.0, 0.0));
    }
    Record {
        timestamp,
        position_lat: m.num(r::LAT, 1.0, 0.0),
        position_long: m.num(r::LONG, 1.0, 0.0),
        distance_m: m.num(r::DISTANCE, 100.0, 0.0).or(packed_distance),
        speed_mps: m
            .num(r::ENHANCED_SPEED, 1000.0, 0.0)
            .or_else(|| m.component(r::SPEED, 16, 1000.0, 0.0))
            .or(packed_speed),
        altitude_m: m
            .num(r::ENHANCED_ALTITUDE, 5.0, 500.0)
            .or_else(|| m.component(r::ALTITUDE, 16, 5.0, 500.0)),
        heart_rate_bpm: m.num(r::HEART_RATE, 1.0, 0.0),
        cadence: m.num(r::CADENCE, 1.0, 0.0),
        fractional_cadence: m.num(r::FRACTIONAL_CADENCE, 128.0, 0.0),
        stance_time_ms: m.num(r::STANCE_TIME, 10.0, 0.0),
        stance_time_balance_pct: m.num(r::STANCE_TIME_BALANCE, 100.0, 0.0),
        vertical_oscillation_mm: m.num(r::VERTICAL_OSCILLATION, 10.0, 0.0),
        vertical_ratio_pct: m.num(r::VERTICAL_RATIO, 100.0, 0.0),
        step_length_mm: m.num(r::STEP_LENGTH, 10.0, 0.0),
        power_w: m.num(r::POWER, 1.0, 0.0),
    }
}

/// A `session`: `avg_speed` (14) expands into `enhanced_avg_speed` (124), 16 bits,
/// scale 1000 (FIT SDK profile components); the enhanced field wins when both are present.
fn session(m: &Msg<'_, '_>, timestamp: Option<i64>) -> Session {
    use slot::session as s;
    Session {
        timestamp,
        start_time: m.int(s::START_TIME),
        sport: m.int(s::SPORT),
        sub_sport: m.int(s::SUB_SPORT),
        total_elapsed_time_s: m.num(s::ELAPSED, 1000.0, 0.0),
        total_timer_time_s: m.num(s::TIMER, 1000.0, 0.0),
        total_distance_m: m.num(s::DISTANCE, 100.0, 0.0),
        total_ascent_m: m.num(s::ASCENT, 1.0, 0.0),
        total_descent_m: m.num(s::DESCENT, 1.0, 0.0),
        avg_heart_rate_bpm: m.num(s::AVG_HEART_RATE, 1.0, 0.0),
        avg_speed_mps: m
            .num(s::ENHANCED_AVG_SPEED, 1000.0, 0.0)
            .or_else(|| m.component(s::AVG_SPEED, 16, 1000.0, 0.0)),
        avg_cadence: m.num(s::AVG_CADENCE, 1.0, 0.0),
        avg_fractional_cadence: m.num(s::AVG_FRACTIONAL_CADENCE, 128.0, 0.0),
        avg_stance_time_ms: m.num(s::AVG_STANCE_TIME, 10.0, 0.0),
        avg_vertical_oscillation_mm: m.num(s::AVG_VERTICAL_OSCILLATION, 10.0, 0.0),
        avg_step_length_mm: m.num(s::AVG_STEP_LENGTH, 10.0, 0.0),
        avg_vertical_ratio_pct: m.num(s::AVG_VERTICAL_RATIO, 100.0, 0.0),
    }
}

/// The profile's conversion (FIT SDK "Scale/Offset"): value = stored / scale − offset,
/// left untouched when scale is 1 and offset 0.
fn scaled(v: u64, scale: f64, offset: f64) -> f64 {
    apply(v as f64, scale, offset)
}

fn apply(v: f64, scale: f64, offset: f64) -> f64 {
    if scale == 1.0 && offset == 0.0 {
        v
    } else {
        v / scale - offset
    }
}

/// A stored value of base type `ty` (`b` has its size), `None` when it is the type's
/// invalid value (FIT SDK table "FIT Base Types and Invalid Values": all bits set for
/// unsigned types and byte, 0x7F… for signed types, 0 for z-types; floats: not finite).
/// The decoder reads through [`value_at`]; this is its definition, kept for the tests.
#[cfg(test)]
fn raw_value(b: &[u8], ty: Ty, big: bool) -> Option<Raw> {
    raw_of(uint(b, big), ty)
}

/// [`raw_value`] of the unsigned number `u` the bytes hold.
fn raw_of(u: u64, ty: Ty) -> Option<Raw> {
    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    match ty {
        Ty::Enum | Ty::U8 | Ty::Byte => (u != 0xFF).then_some(Raw::U(u)),
        Ty::U16 => (u != 0xFFFF).then_some(Raw::U(u)),
        Ty::U32 => (u != 0xFFFF_FFFF).then_some(Raw::U(u)),
        Ty::U64 => (u != u64::MAX).then_some(Raw::U(u)),
        Ty::U8z | Ty::U16z | Ty::U32z | Ty::U64z => (u != 0).then_some(Raw::U(u)),
        Ty::I8 => (u != 0x7F).then_some(Raw::I(i64::from(u as u8 as i8))),
        Ty::I16 => (u != 0x7FFF).then_some(Raw::I(i64::from(u as u16 as i16))),
        Ty::I32 => (u != 0x7FFF_FFFF).then_some(Raw::I(i64::from(u as u32 as i32))),
        Ty::I64 => (u != 0x7FFF_FFFF_FFFF_FFFF).then_some(Raw::I(u as i64)),
        Ty::F32 => {
            let f = f64::from(f32::from_bits(u as u32));
            f.is_finite().then_some(Raw::F(f))
        }
        Ty::F64 => {
            let f = f64::from_bits(u);
            f.is_finite().then_some(Raw::F(f))
        }
        Ty::Str => None,
    }
}

/// [`raw_value`] of the `ty.size()` bytes at `off` in `body` (`None` when they run past
/// its end): each base type read at its own width in one match on the type, rather than
/// a slice of the field's size, a match on its length and a second one on the type: this
/// runs for every field of every record (issue 24). `uint_and_value_at_read_the_same`
/// checks it against [`raw_value`] for every type, byte order and pattern tried.
#[inline(always)]
fn value_at(body: &[u8], off: usize, ty: Ty, big: bool) -> Option<Raw> {
    macro_rules! read {
        ($t:ty) => {{
            let a = *body.get(off..)?.first_chunk()?;
            if big {
                <$t>::from_be_bytes(a)
            } else {
                <$t>::from_le_bytes(a)
            }
        }};
    }
    match ty {
        Ty::Enum | Ty::U8 | Ty::Byte => {
            let u = *body.get(off)?;
            (u != u8::MAX).then_some(Raw::U(u64::from(u)))
        }
        Ty::U8z => {
            let u = *body.get(off)?;
            (u != 0).then_some(Raw::U(u64::from(u)))
        }
        Ty::I8 => {
            let v = i8::from_le_bytes([*body.get(off)?]);
            (v != i8::MAX).then_some(Raw::I(i64::from(v)))
        }
        Ty::U16 => {
            let u = read!(u16);
            (u != u16::MAX).then_some(Raw::U(u64::from(u)))
        }
        Ty::U16z => {
            let u = read!(u16);
            (u != 0).then_some(Raw::U(u64::from(u)))
        }
        Ty::I16 => {
            let v = read!(i16);
            (v != i16::MAX).then_some(Raw::I(i64::from(v)))
        }
        Ty::U32 => {
            let u = read!(u32);
            (u != u32::MAX).then_some(Raw::U(u64::from(u)))
        }
        Ty::U32z => {
            let u = read!(u32);
            (u != 0).then_some(Raw::U(u64::from(u)))
        }
        Ty::I32 => {
            let v = read!(i32);
            (v != i32::MAX).then_some(Raw::I(i64::from(v)))
        }
        Ty::U64 => {
            let u = read!(u64);
            (u != u64::MAX).then_some(Raw::U(u))
        }
        Ty::U64z => {
            let u = read!(u64);
            (u != 0).then_some(Raw::U(u))
        }
        Ty::I64 => {
            let v = read!(i64);
            (v != i64::MAX).then_some(Raw::I(v))
        }
        Ty::F32 => {
            let f = f64::from(f32::from_bits(read!(u32)));
            f.is_finite().then_some(Raw::F(f))
        }
        Ty::F64 => {
            let f = f64::from_bits(read!(u64));
            f.is_finite().then_some(Raw::F(f))
        }
        Ty::Str => None,
    }
}

/// The first offset at or after `from` where a plausible FIT file header starts (FIT SDK
/// "File Header"): size 12 or 14, protocol major version 1 or 2 (byte 1, high nibble;
/// 0 is accepted as some writers store it), ".FIT" at bytes 8–11, a data size that fits
/// in the input after the header, and in a 14-byte header a CRC of bytes 0–11 that
/// matches (or 0, "not computed"). Linear in the bytes searched.
fn find_header(bytes: &[u8], from: usize) -> Option<usize> {
    let mut p = from.checked_add(8)?;
    loop {
        let rest = bytes.get(p..)?;
        let sig = rest.windows(4).position(|w| w == b".FIT")?;
        let start = p + sig - 8;
        p = p + sig + 1;
        let Some(h) = bytes.get(start..start + 12) else {
            continue;
        };
        let size = usize::from(h.first().copied().unwrap_or(0));
        let version = h.get(1).copied().unwrap_or(0xFF) >> 4;
        if !(size == 12 || size == 14) || version > 2 {
            continue;
        }
        let data = usize::try_from(uint(h.get(4..8).unwrap_or_default(), false)).ok();
        let fits = data.is_some_and(|d| {
            start
                .checked_add(size)
                .and_then(|x| x.checked_add(d))
                .is_some_and(|end| end <= bytes.len())
        });
        if !fits {
            continue;
        }
        if size == 14 {
            let stored = bytes
                .get(start + 12..start + 14)
                .map_or(1, |b| uint(b, false));
            if stored != 0 && stored != u64::from(crc16(h)) {
                continue;
            }
        }
        return Some(start);
    }
}

/// One data message's body with its definition.
struct Msg<'m, 'd> {
    body: &'m [u8],
    def: &'d Definition,
}

impl<'m> Msg<'m, '_> {
    fn bytes(&self, i: usize) -> Option<(&'m [u8], Ty)> {
        let s = self.def.slots.get(i).copied().flatten()?;
        let ty = s.ty?;
        let off = usize::from(s.off);
        let b = self.body.get(off..off + usize::from(s.size))?;
        Some((b, ty))
    }

    /// The stored value, `None` when absent or invalid for its base type (FIT SDK table
    /// "FIT Base Types and Invalid Values": all bits set for unsigned types and byte,
    /// 0x7F… for signed types, 0 for z-types; floats: not finite).
    #[inline(always)]
    fn raw(&self, i: usize) -> Option<Raw> {
        let s = self.def.slots.get(i).copied().flatten()?;
        let ty = s.ty?;
        if usize::from(s.size) != ty.size() {
            return None;
        }
        value_at(self.body, usize::from(s.off), ty, self.def.big)
    }

    fn int(&self, i: usize) -> Option<i64> {
        self.raw(i)?.int()
    }

    /// The developer fields of this message whose description is known, decoded with
    /// the description's base type, scale and offset (see [`DevValue`]), written to the
    /// start of `out`; returns how many. A field whose size is not its base type's size
    /// (an array, a string) is skipped.
    fn developer(
        &self,
        descs: &[Option<DevDesc>],
        global: u16,
        out: &mut [DevValue; MAX_DEV_SLOTS],
    ) -> u8 {
        let mut n = 0u8;
        let set = self
            .def
            .dev
            .get(..usize::from(self.def.ndev))
            .unwrap_or_default();
        for s in set.iter().flatten() {
            let Some(d) = s
                .desc
                .and_then(|at| descs.get(usize::from(at)))
                .and_then(Option::as_ref)
            else {
                continue;
            };
            if usize::from(s.size) != d.ty.size() {
                continue;
            }
            let Some(v) = value_at(self.body, usize::from(s.off), d.ty, self.def.big) else {
                continue;
            };
            if let Some(o) = out.get_mut(usize::from(n)) {
                *o = DevValue {
                    developer_data_index: d.index,
                    field_number: d.number,
                    native_field: d.native_field.filter(|_| d.native_mesg == Some(global)),
                    value: apply(v.f64(), d.scale, d.offset),
                };
                n += 1;
            }
        }
        n
    }

    #[inline(always)]
    fn num(&self, i: usize, scale: f64, offset: f64) -> Option<f64> {
        self.raw(i).map(|r| apply(r.f64(), scale, offset))
    }

    /// A component taken from the low `bits` bits of an integer field's stored value
    /// (FIT SDK "Components"), then scaled.
    fn component(&self, i: usize, bits: u32, scale: f64, offset: f64) -> Option<f64> {
        let (b, ty) = self.bytes(i)?;
        if b.len() != ty.size() {
            return None;
        }
        // Validity is the source field's; the bits are its unsigned pattern.
        let u = uint(b, self.def.big);
        raw_of(u, ty)?;
        let mask = (1u64 << bits) - 1;
        Some(scaled(u & mask, scale, offset))
    }

    /// `byte[3]` as a little 24-bit number in file order (byte arrays have no byte order);
    /// invalid when every byte is 0xFF.
    fn packed(&self, i: usize) -> Option<u64> {
        let (b, _) = self.bytes(i)?;
        if b.iter().all(|x| *x == 0xFF) {
            return None;
        }
        Some(uint(b, false))
    }

    /// A string: bytes up to the first NUL or the field's end; `None` when empty (FIT SDK:
    /// strings are NUL-terminated UTF-8; an empty string is the invalid value).
    fn text(&self, i: usize) -> Option<&'m [u8]> {
        let (b, _) = self.bytes(i)?;
        let end = b.iter().position(|x| *x == 0).unwrap_or(b.len());
        b.get(..end).filter(|s| !s.is_empty())
    }
}

impl<'a> Iterator for Decoder<'a> {
    type Item = Message<'a>;

    fn next(&mut self) -> Option<Message<'a>> {
        // The developer values are the last message's: a record sets them again below.
        self.dev_len = 0;
        loop {
            match self.state {
                State::Done => return None,
                State::Header => {
                    let at = self.pos;
                    if let Err(e) = self.header() {
                        // Garbage after a complete file (FIT SDK "Chained FIT Files"):
                        // resynchronise on the next valid header, keeping both files.
                        if self.summary.files > 0 {
                            if let Some(next) = find_header(self.bytes, at.saturating_add(1)) {
                                self.summary.skipped_bytes += next - at;
                                self.pos = next;
                                continue;
                            }
                        }
                        return self.damage(at, e);
                    }
                }
                State::Data => {
                    let out = if self.pos >= self.data_end {
                        self.file_end()
                    } else {
                        self.step()
                    };
                    // Handed out as it is, not moved out of its `Some` and wrapped again:
                    // a record message is 256 bytes (issue 24).
                    if let Some(m) = &out {
                        if !matches!(m, Message::Damage(_)) {
                            self.handed_out += 1;
                        }
                        return out;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_numbers_name_the_profile_fields() {
        use slot::{activity, event, file_id, lap, record as r, session as s, sport};
        let field = |k: Kind, i: usize| k.fields().get(i).map(|(n, _)| *n);
        for k in [
            Kind::FileId,
            Kind::Sport,
            Kind::Session,
            Kind::Lap,
            Kind::Record,
            Kind::Event,
            Kind::Activity,
            Kind::Other,
        ] {
            assert_eq!(field(k, slot::TIMESTAMP), Some(253));
            assert!(k.fields().len() <= MAX_SLOTS);
        }
        let cases = [
            (Kind::FileId, file_id::TYPE, 0),
            (Kind::FileId, file_id::MANUFACTURER, 1),
            (Kind::FileId, file_id::PRODUCT, 2),
            (Kind::FileId, file_id::PRODUCT_NAME, 8),
            (Kind::Sport, sport::SPORT, 0),
            (Kind::Sport, sport::SUB_SPORT, 1),
            (Kind::Session, s::START_TIME, 2),
            (Kind::Session, s::SPORT, 5),
            (Kind::Session, s::SUB_SPORT, 6),
            (Kind::Session, s::ELAPSED, 7),
            (Kind::Session, s::TIMER, 8),
            (Kind::Session, s::DISTANCE, 9),
            (Kind::Session, s::AVG_SPEED, 14),
            (Kind::Session, s::AVG_HEART_RATE, 16),
            (Kind::Session, s::AVG_CADENCE, 18),
            (Kind::Session, s::ASCENT, 22),
            (Kind::Session, s::DESCENT, 23),
            (Kind::Session, s::AVG_VERTICAL_OSCILLATION, 89),
            (Kind::Session, s::AVG_STANCE_TIME, 91),
            (Kind::Session, s::AVG_FRACTIONAL_CADENCE, 92),
            (Kind::Session, s::ENHANCED_AVG_SPEED, 124),
            (Kind::Session, s::AVG_VERTICAL_RATIO, 132),
            (Kind::Session, s::AVG_STEP_LENGTH, 134),
            (Kind::Lap, lap::START_TIME, 2),
            (Kind::Lap, lap::TIMER, 8),
            (Kind::Lap, lap::DISTANCE, 9),
            (Kind::Record, r::LAT, 0),
            (Kind::Record, r::LONG, 1),
            (Kind::Record, r::ALTITUDE, 2),
            (Kind::Record, r::HEART_RATE, 3),
            (Kind::Record, r::CADENCE, 4),
            (Kind::Record, r::DISTANCE, 5),
            (Kind::Record, r::SPEED, 6),
            (Kind::Record, r::COMPRESSED_SPEED_DISTANCE, 8),
            (Kind::Record, r::VERTICAL_OSCILLATION, 39),
            (Kind::Record, r::STANCE_TIME, 41),
            (Kind::Record, r::FRACTIONAL_CADENCE, 53),
            (Kind::Record, r::ENHANCED_SPEED, 73),
            (Kind::Record, r::ENHANCED_ALTITUDE, 78),
            (Kind::Record, r::VERTICAL_RATIO, 83),
            (Kind::Record, r::STANCE_TIME_BALANCE, 84),
            (Kind::Record, r::STEP_LENGTH, 85),
            (Kind::Record, r::POWER, 7),
            (Kind::Event, event::EVENT, 0),
            (Kind::Event, event::EVENT_TYPE, 1),
            (Kind::Activity, activity::TIMER, 0),
            (Kind::Activity, activity::NUM_SESSIONS, 1),
            (Kind::Activity, activity::LOCAL_TIMESTAMP, 5),
        ];
        for (k, i, n) in cases {
            assert_eq!(field(k, i), Some(n), "{k:?} slot {i}");
        }
    }

    #[test]
    fn uint_reads_every_length_as_the_bytes_in_order() {
        // The whole-word reads of 1, 2, 4 and 8 bytes against byte-by-byte folding, in
        // both byte orders, for every length up to 9 (3 is `compressed_speed_distance`).
        let bytes = [0x81u8, 0x02, 0xF3, 0x04, 0x65, 0xA6, 0x07, 0xD8, 0x19];
        for len in 0..=bytes.len() {
            let b = &bytes[..len];
            let fold = |acc: u64, x: &u8| (acc << 8) | u64::from(*x);
            assert_eq!(uint(b, true), b.iter().fold(0, fold), "{len} bytes");
            assert_eq!(uint(b, false), b.iter().rev().fold(0, fold), "{len} bytes");
        }
        assert_eq!(uint(&[0x34, 0x12], false), 0x1234);
        assert_eq!(uint(&[0x12, 0x34], true), 0x1234);
        assert_eq!(uint(&[1, 2, 3, 4], false), 0x0403_0201);
    }

    #[test]
    fn uint_and_value_at_read_the_same() {
        // Every base type, both byte orders, at several offsets, over the invalid
        // values, their neighbours, zero, the extremes and a spread of other patterns.
        let mut patterns: Vec<[u8; 8]> = vec![[0; 8], [0xFF; 8], [0x80; 8], [1; 8]];
        for special in [0x7Fu8, 0xFF, 0x00, 0x80, 0x7E, 0xFE, 0x01] {
            let mut le = [0xFF; 8];
            le[7] = special;
            let mut be = [0xFF; 8];
            be[0] = special;
            for n in [1, 2, 4, 8] {
                let mut lo = [0u8; 8];
                lo[..n].copy_from_slice(&le[8 - n..]);
                lo[n - 1] = special;
                patterns.push(lo);
                let mut hi = [0u8; 8];
                hi[..n].copy_from_slice(&be[..n]);
                patterns.push(hi);
            }
            patterns.push(le);
            patterns.push(be);
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            patterns.push(x.to_le_bytes());
        }
        // Float patterns: infinities, NaNs and ordinary values in both widths.
        for f in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1.5, -0.0] {
            patterns.push(f.to_le_bytes());
            patterns.push(f.to_be_bytes());
            #[allow(clippy::cast_possible_truncation)]
            let g = (f as f32).to_bits().to_le_bytes();
            patterns.push([g[0], g[1], g[2], g[3], 0, 0, 0, 0]);
            #[allow(clippy::cast_possible_truncation)]
            let g = (f as f32).to_bits().to_be_bytes();
            patterns.push([g[0], g[1], g[2], g[3], 0, 0, 0, 0]);
        }
        for n in 0..=16u8 {
            let (ty, _) = Ty::from_number(n).expect("defined base type");
            let size = ty.size();
            for p in &patterns {
                for big in [false, true] {
                    for off in [0usize, 1, 3] {
                        let mut body = vec![0xA5u8; off];
                        body.extend_from_slice(&p[..size]);
                        let want = raw_value(&body[off..off + size], ty, big);
                        assert_eq!(value_at(&body, off, ty, big), want, "{ty:?} {p:?} {big}");
                        // Cut short: nothing is read.
                        body.pop();
                        assert_eq!(value_at(&body, off, ty, big), None, "{ty:?} short");
                    }
                }
            }
        }
    }

    #[test]
    fn an_accumulator_counts_across_the_wrap() {
        let mut a = Accumulator::default();
        let got: Vec<u64> = [4000, 4090, 10, 100, 100]
            .iter()
            .map(|r| a.add(*r, 12))
            .collect();
        assert_eq!(got, [4000, 4090, 4106, 4196, 4196]);
    }

    #[test]
    fn enum_names_and_numbers() {
        assert_eq!(EnumType::Sport.label(1).to_string(), "running");
        assert_eq!(EnumType::SubSport.label(1).to_string(), "treadmill");
        assert_eq!(EnumType::EventType.label(9).to_string(), "stop_disable_all");
        assert_eq!(EnumType::GarminProduct.label(3113).to_string(), "fr945");
        assert_eq!(EnumType::Manufacturer.label(1).to_string(), "garmin");
        assert_eq!(EnumType::Manufacturer.label(65_000).to_string(), "65000");
        assert_eq!(EnumType::Sport.label(-1).to_string(), "-1");
        assert_eq!(EnumType::File.label(4).to_string(), "activity");
    }

    #[test]
    fn garbage_is_damage_at_byte_zero() {
        let mut d = Decoder::new(b"0123456789abcdef");
        assert_eq!(
            d.next(),
            Some(Message::Damage(Damage {
                at: 0,
                what: DamageKind::NotFit
            }))
        );
        assert_eq!(d.next(), None);
        assert_eq!(d.summary(), Summary::default());
    }
}
