//! Shared pieces of the side-by-side benchmarks: the workloads and the payload builders.
pub mod payload;
pub mod workloads;
