//! stridewise: a cadence and form coach for recorded runs.
//!
//! Data flow: command line → [`config`] → [`batch::discover`] → [`ingest`] (the only place
//! vendor units and time zones are converted) → [`model::Activity`] → [`analysis`] →
//! [`report`].

pub mod analysis;
pub mod app;
pub mod batch;
pub mod cancel;
pub mod cli;
pub mod coach;
pub mod config;
pub mod fit_encode;
pub mod ingest;
pub mod model;
pub mod plan;
pub mod report;
pub mod synth;
pub mod units;
