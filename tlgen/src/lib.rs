//! The `tlgen` command line, as a library so that tests can run its commands in process.

pub mod check;
pub mod diff;
pub mod generate;
