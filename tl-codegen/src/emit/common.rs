//! What every emitter spells the same way: identifiers, ids, generics, doc attributes.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::Combinator;

/// The identifier for a name lowering made, raw (`r#type`) where lowering escaped a keyword.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// An id as a literal, written as ids are: `0x1cb5c415`.
pub fn hex(id: u32) -> Literal {
    format!("{id:#010x}")
        .parse()
        .expect("a hex number is an integer literal")
}

/// A length or bit number as a literal without a suffix.
pub fn number(n: impl Into<u64>) -> Literal {
    Literal::u64_unsuffixed(n.into())
}

/// `<X, Y>` after a struct's name, or nothing.
pub fn generics(c: &Combinator) -> TokenStream {
    if c.generics.is_empty() {
        return TokenStream::new();
    }
    let names = c.generics.iter().map(|g| ident(g));
    quote!(<#(#names),*>)
}

/// `<X: Bound, ...>` after `impl`, or nothing.
pub fn bounded_generics(c: &Combinator, bound: &TokenStream) -> TokenStream {
    if c.generics.is_empty() {
        return TokenStream::new();
    }
    let bounds = bounds(c, bound);
    quote!(<#bounds>)
}

/// `X: Bound, ...` for each generic parameter, to follow other parameters of an `impl` (nothing
/// when there are none).
pub fn bounds(c: &Combinator, bound: &TokenStream) -> TokenStream {
    let names = c.generics.iter().map(|g| ident(g));
    quote!(#(#names: #bound),*)
}

/// One `#[doc]` attribute per line, which prettyplease prints as `///` comments.
pub fn doc<I>(lines: I) -> TokenStream
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    lines
        .into_iter()
        .map(|line| {
            let text = doc_text(line.as_ref());
            quote!(#[doc = #text])
        })
        .collect()
}

/// One `#![doc]` attribute per line (`//!`), for the item the lines are in.
pub fn inner_doc<I>(lines: I) -> TokenStream
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    lines
        .into_iter()
        .map(|line| {
            let text = doc_text(line.as_ref());
            quote!(#![doc = #text])
        })
        .collect()
}

/// A doc line as the attribute holds it: `/// text` is `" text"`.
fn doc_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}
