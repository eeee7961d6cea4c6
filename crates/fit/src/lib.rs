//! The FIT format for stridewise: a decoder for exactly the messages and fields a running
//! coach reads ([`decode`]), an encoder for the files it writes ([`encode`]: workouts for the
//! watch, and the generated activities of its tests), and the format's CRC-16 ([`crc16`]),
//! one implementation for both.
//!
//! Written against the FIT SDK's "FIT File Protocol" document and its profile
//! (`Profile.xlsx`). std only; no `unsafe`.

#![forbid(unsafe_code)]

mod crc;
pub mod decode;
pub mod encode;

pub use crc::crc16;
