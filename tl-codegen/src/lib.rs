//! Turns a parsed TL schema into Rust source.
