//! The one integration-test binary. Corpus tests read the real-file corpus named by
//! `STRIDEWISE_CORPUS`, else `../shared/corpus` (`corpus.rs`; skipped without it: real files from
//! real devices, never copied into this repository).

// The tests send signals, set resource limits and take locks through libc to attack the
// binary; the library and the binary themselves have no `unsafe` (denied workspace-wide).
#![allow(unsafe_code)]

mod analyze;
mod apple_export;
mod athletes;
mod batch;
mod cli;
mod coaching;
mod corpus;
mod corpus_all;
mod corpus_elevation;
mod corpus_fit;
mod corpus_gpx_ext;
mod corpus_tcx;
mod corpus_vendor;
mod data_safety;
mod fit_developer;
mod fit_differential;
mod fuzz_regressions;
mod gpx_cross_check;
mod habits;
mod hostile;
mod hostile_cli;
mod option_files;
mod output_safety;
mod page_compared;
mod pain_pattern;
mod parquet;
mod plan;
mod properties;
mod props_altitude;
mod props_session;
mod readme;
mod real_patterns;
mod report;
mod sample_truth;
mod scale;
mod util;
mod vendor_formats;
