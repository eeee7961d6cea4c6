//! Reading watch exports: sniff the format from content, unwrap gzip, decode, normalize.
//!
//! Every reader turns vendor units into the [`crate::model`] units here and nowhere else.

pub mod cadence_unit;
pub mod gpx;
pub mod tcx;
mod xml;

use thiserror::Error;

/// Why a file could not be read. Each message is one line that says what is wrong.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum IngestError {
    /// Zero bytes.
    #[error("empty file")]
    Empty,
    /// Content is none of FIT, GPX, TCX (gzip-wrapped or not).
    #[error("unsupported content: {0}")]
    Unsupported(String),
    /// A well-formed file that holds no activity (a course with no points, settings,
    /// monitoring data, a workout definition, ...).
    #[error("not an activity: {0}")]
    NotAnActivity(String),
    /// The file ends or breaks before any usable data.
    #[error("damaged beyond repair: {0}")]
    Damaged(String),
    /// Malformed XML.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// Decompressed content exceeds the safety cap.
    #[error("too large: {0}")]
    TooLarge(String),
}
