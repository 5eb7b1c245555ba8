//! Placeholder until the generator writes this crate.
