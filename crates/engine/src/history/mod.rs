//! Across runs, numbers only: one row per reviewed run, the personal baseline fitted on
//! them, weekly trends, the pain log as read, and the physio's figures. The findings these
//! numbers fire (volume, pain, what the pain follows, the plan's standing) are the
//! coach's (`crate::coach`), which reads this module; nothing here names a finding.

pub mod baseline;
pub mod pain;
pub mod physio;
pub mod row;
pub mod trends;
