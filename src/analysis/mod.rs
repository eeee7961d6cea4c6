//! Pure analysis over a normalized [`crate::model::Activity`]: no I/O, no clock, no
//! printing. Each formula cites its source beside it.

pub mod cadence;
pub mod elevation;
pub mod gap;
pub mod pace;
pub mod stride;
pub mod totals;
