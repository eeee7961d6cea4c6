//! The cadence plan rendered: `plan.json` (`json`, read back by `progress` to set a later
//! folder review against the plan), the text and the page (`text`, `html`), the watch
//! workouts (`workout`, FIT), the click tracks (`audio`: one looped track per distinct
//! target and pattern; `metronome`: their samples as WAV, streamed), and `write`, which
//! puts the folder in place at one commit point.
//!
//! The plan itself (what `make` decides) is the engine's, re-exported here so a renderer
//! names the plan and its renderings from one module.

pub use stridewise_engine::plan::*;

pub mod audio;
pub mod html;
pub mod json;
pub mod metronome;
pub mod progress;
pub mod text;
pub mod workout;
pub mod write;
