//! The `tlgen` command line, as a library so that tests can run its commands in process.

pub mod check;
pub mod codec_args;
pub mod decode;
pub mod diff;
pub mod encode;
pub mod generate;
