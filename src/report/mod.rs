//! Rendering: every output format writes into an `io::Write`, so tests render into a
//! `Vec<u8>` and only `app` touches stdout.

pub mod api;
pub mod chart;
pub mod device;
pub mod folder;
pub mod html;
pub mod inspect;
pub mod json;
pub mod outdir;
pub mod page;
pub mod parquet;
pub mod png;
pub mod report_dir;
pub mod roster;
pub mod route;
pub mod sanitize;
pub mod svg;
pub mod text;
pub mod words;

pub use crate::units::round;
