//! stridewise: a cadence and form coach for recorded runs.
//!
//! Data flow: bytes → [`ingest`] (the only place vendor units and time zones are converted)
//! → [`model::Activity`] → analysis → report.

pub mod analysis;
pub mod ingest;
pub mod model;
pub mod units;
