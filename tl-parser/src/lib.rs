//! A parser of TL (Type Language) schemas into a [`Schema`] tree with spans, docs, layer and ids.

pub mod ast;

pub use ast::*;
