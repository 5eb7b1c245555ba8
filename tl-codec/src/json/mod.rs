//! JSON in the shape the generated crate's serde support writes (see the crate docs).

pub(crate) mod parse;
pub(crate) mod print;
