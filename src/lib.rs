//! stridewise: a cadence and form coach for recorded runs (FIT, GPX, TCX).
//!
//! # The library face
//! Read a file (or bytes) into activities, review each with coaching rules, and read the
//! findings and their advice:
//!
//! * [`read_path`], [`read_bytes`]: sniff by content, decompress, decode, clean; one
//!   [`Activity`] per session (a multisport FIT holds several). Errors are an
//!   [`IngestError`] saying why a file is not a readable activity.
//! * [`review`]: every analysis of one activity under [`Rules`] (sourced defaults, or a
//!   rules file), giving a [`Review`] with its [`Finding`]s in a stable order.
//! * [`Advice`]: what every finding says: a stable `code`, a [`Severity`], the numbers
//!   that fired it, and plain words.
//!
//! The example of the README ("As a library") is compiled and run as a doctest.
//!
//! # Crates
//! This crate is the face of three: the engine ([`stridewise_engine`]: model, ingest,
//! sources, analysis, history, coach, plan, the review pipeline), the renderers
//! ([`report`], the crate `stridewise_report`) and the FIT format (`stridewise_fit`,
//! under the engine). The command line lives with the binary of this crate. Everything
//! the engine makes public is re-exported here, so `stridewise::ingest::read_path` and
//! `stridewise::read_path` name the same function. `docs/ARCHITECTURE.md` draws the
//! whole house.

pub use stridewise_engine::*;
pub use stridewise_report as report;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../docs/GUIDE.md")]
struct GuideDoctests;
