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
//! # Layers
//! `model`/`units` at the bottom, then [`ingest`], [`analysis`], [`coach`], the cross-run
//! `history`, and the renderers (`report`) at the top; the command line lives with the
//! binary. `docs/ARCHITECTURE.md` draws the whole house. The modules the binary needs
//! beyond this face (`source`, `pipeline`, `history`, `report`) are public but hidden
//! from the documentation: they are not a stable API.

pub mod analysis;
#[doc(hidden)]
pub mod cancel;
pub mod coach;
pub mod ingest;
pub mod model;
pub mod units;

/// The FIT encoder (workout files of the cadence plan).
#[doc(hidden)]
/// The cadence retraining plan (`stridewise plan`).
#[doc(hidden)]
pub mod plan;

#[doc(hidden)]
pub mod history;
#[doc(hidden)]
pub mod pipeline;
#[doc(hidden)]
pub mod report;
#[doc(hidden)]
pub mod source;

/// Generated runs with known truth, for tests, examples and benches (feature `synth`).
#[cfg(any(test, feature = "synth"))]
pub mod synth;

/// Where the tests find the real-file corpus (`STRIDEWISE_CORPUS`).
#[cfg(any(test, feature = "synth"))]
#[doc(hidden)]
pub mod corpus;

pub use coach::code::FindingCode;
pub use coach::review::{review, review_with, Review, ReviewOptions};
pub use coach::rules::Rules;
pub use coach::warning::{Advice, Finding, Severity};
pub use ingest::{read_bytes, read_path, IngestError};
pub use model::Activity;
pub use units::UnitSystem;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

#[cfg(doctest)]
#[doc = include_str!("../docs/GUIDE.md")]
struct GuideDoctests;
