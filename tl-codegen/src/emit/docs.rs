//! Rustdoc for generated items: the TL line each came from, its id, and the schema's own text.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{BoxedEnum, Combinator, Field};

/// `#[doc = ...]` attributes, one per line, so prettyplease prints them as `///` comments.
pub fn lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let attrs = lines.into_iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// The schema's doc text (if any) above the TL line and its id.
pub fn combinator(c: &Combinator, what: &str) -> TokenStream {
    let mut text = schema_text(c.doc.as_deref());
    text.push(format!(
        "The TL {what} `{}` (id `{:#010x}`):",
        c.tl_name, c.id
    ));
    text.push(String::new());
    text.push("```tl".to_owned());
    text.push(c.tl_line.clone());
    text.push("```".to_owned());
    lines(text.iter().map(String::as_str))
}

/// The schema's text for a field, else the TL parameters it carries.
pub fn field(field: &Field) -> TokenStream {
    let mut text = schema_text(field.doc.as_deref());
    let params: Vec<String> = field.tl_params.iter().map(|p| format!("`{p}`")).collect();
    text.push(format!("TL: {}", params.join(", ")));
    lines(text.iter().map(String::as_str))
}

/// The boxed type's name and its constructors.
pub fn boxed_enum(e: &BoxedEnum) -> TokenStream {
    let mut text = schema_text(e.doc.as_deref());
    text.push(format!(
        "The TL boxed type `{}`: one variant per constructor.",
        e.tl_name
    ));
    lines(text.iter().map(String::as_str))
}

/// The schema's own doc text as lines, with a blank line after it to separate what follows;
/// nothing when the schema has none.
fn schema_text(doc: Option<&str>) -> Vec<String> {
    let mut text: Vec<String> = doc
        .into_iter()
        .flat_map(|d| d.lines().map(str::to_owned))
        .collect();
    if !text.is_empty() {
        text.push(String::new());
    }
    text
}
