//! The renderers of stridewise: every output format draws what the engine
//! (`stridewise-engine`) computed and writes it into an `io::Write` or the output folder,
//! so tests render into a `Vec<u8>` and only the binary touches stdout. Nothing here
//! decides what a runner is told; display units (`--units`) reach this crate and go no
//! further down.

pub mod api;
pub mod chart;
pub mod device;
pub mod folder;
pub mod html;
pub mod inspect;
pub mod json;
pub mod outdir;
pub mod page;
pub mod parquet;
pub mod plan;
pub mod png;
pub mod render;
pub mod report_dir;
pub mod roster;
pub mod route;
pub mod sanitize;
pub mod svg;
pub mod text;
pub mod words;

pub use stridewise_engine::units::round;
