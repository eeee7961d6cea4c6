//! The engine of stridewise: read recorded runs, review them, coach them.
//!
//! Everything a review decides lives here, final and free of display units, before
//! anything is rendered; the report crate (`stridewise-report`) only draws it and the
//! binary (`stridewise`) only picks what to draw. Layers, bottom up:
//!
//! * [`model`], [`units`]: samples, sessions, SI quantities.
//! * [`ingest`]: sniff by content, decompress, decode (FIT through `stridewise-fit`,
//!   GPX, TCX, Apple Health, Suunto, Polar), clean; [`source`]: folders, zips and the
//!   exports of Strava, Garmin and Apple Health.
//! * [`analysis`]: one run's numbers (cadence, pace and GAP, elevation, stride, session
//!   kind), each pure and cited.
//! * [`history`]: the numbers across runs (baseline, weeks, trends, pain log).
//! * [`coach`]: every finding (run and folder), its evidence, and the focus.
//! * [`plan`]: the cadence retraining plan as data.
//! * [`pipeline`]: the one review of one file or ten thousand, in parallel, in order.
//!
//! `docs/ARCHITECTURE.md` draws the whole house.

pub mod analysis;
pub mod cancel;
pub mod coach;
pub mod history;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod plan;
pub mod source;
pub mod units;

/// Generated runs with known truth, for tests, examples and benches (feature `synth`).
///
/// A module of the engine, not a crate of its own: the engine's unit tests draw on it, and
/// a crate that depends on the engine cannot serve them (cargo would build a second copy
/// of the engine for its tests, and none of its types would match).
#[cfg(any(test, feature = "synth"))]
pub mod synth;

/// Where the tests find the real-file corpus (`STRIDEWISE_CORPUS`).
#[cfg(any(test, feature = "synth"))]
pub mod corpus;

pub use coach::code::FindingCode;
pub use coach::review::{review, review_with, Review, ReviewOptions};
pub use coach::rules::Rules;
pub use coach::warning::{Advice, Finding, Severity};
pub use ingest::{read_bytes, read_path, IngestError};
pub use model::Activity;
pub use units::UnitSystem;
