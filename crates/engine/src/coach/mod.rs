//! Turning analysis and history numbers into findings a runner can act on: every finding,
//! run and folder, is fired here.

pub mod code;
pub mod focus;
pub mod folder;
pub mod message;
pub mod pain;
pub mod pain_pattern;
pub mod plan_progress;
pub mod review;
pub mod rules;
pub mod volume;
pub mod warning;
