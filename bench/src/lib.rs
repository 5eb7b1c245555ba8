//! Shared pieces of the side-by-side benchmarks: the schema text and the payload builders.
pub mod payload;
