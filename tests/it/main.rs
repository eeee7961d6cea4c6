//! The one integration-test binary. Corpus tests read `../shared/corpus` (real files from
//! real devices, never copied into this repository).

mod corpus;
mod corpus_fit;
