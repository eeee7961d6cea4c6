//! Turning analysis numbers into findings a runner can act on.

pub mod code;
pub mod focus;
pub mod folder;
pub mod message;
pub mod review;
pub mod rules;
pub mod warning;
