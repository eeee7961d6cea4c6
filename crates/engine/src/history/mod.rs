//! Across runs: one row per reviewed run, the personal baseline fitted on them, weekly
//! trends, and the pain log checked against the weeks.

pub mod baseline;
pub mod pain;
pub mod pain_pattern;
pub mod physio;
pub mod plan_progress;
pub mod row;
pub mod trends;
