//! Pure analysis over a normalized [`crate::model::Activity`]: no I/O, no clock, no
//! printing. Each formula cites its source beside it.

pub mod basis;
pub mod cadence;
pub mod elevation;
pub mod gap;
pub mod laps;
pub mod motion;
pub mod pace;
pub mod session;
pub mod stride;
pub mod totals;
