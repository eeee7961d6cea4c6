//! Reviewing a whole folder or export: discovery, parallel review, trends, baseline.

pub mod baseline;
pub mod discover;
pub mod index;
pub mod output;
pub mod pain;
pub mod pipeline;
pub mod progress;
pub mod report_text;
pub mod row;
pub mod trend_charts;
pub mod trends;
pub mod write;
