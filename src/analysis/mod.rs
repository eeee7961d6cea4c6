//! Pure analysis over a normalized [`crate::model::Activity`]: no I/O, no clock, no
//! printing. Each formula cites its source beside it.

pub mod totals;
