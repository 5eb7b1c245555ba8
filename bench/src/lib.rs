//! Shared pieces of the side-by-side benchmarks: the workloads, the payload builders, the targets.
pub mod payload;
pub mod report;
pub mod workloads;
