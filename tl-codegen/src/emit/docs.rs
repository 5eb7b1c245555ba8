//! Rustdoc for generated items: the TL line each came from, its id, and the schema's own text.

use proc_macro2::TokenStream;

use super::Ctx;
use super::common::doc;
use crate::ir::{BoxedEnum, Combinator, Field};

/// The schema's doc text (if any) above the TL line and its id, then the link to the item's
/// page where the schema has pages.
pub fn combinator(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let (what, page) = if c.is_function() {
        ("function", "method")
    } else {
        ("constructor", "constructor")
    };
    let mut tokens = schema_text(c.doc.as_deref());
    tokens.extend(doc([
        format!("The TL {what} `{}` (id `{:#010x}`):", c.tl_name, c.id).as_str(),
        "",
        "```tl",
        &c.tl_line,
        "```",
    ]));
    tokens.extend(link(ctx, page, &c.tl_name));
    tokens
}

/// `See [auth.sentCode](https://core.telegram.org/constructor/auth.sentCode).`, after a blank
/// line, where links are on.
fn link(ctx: &Ctx<'_>, page: &str, tl_name: &str) -> TokenStream {
    match &ctx.options.doc_links {
        Some(base) => doc([
            String::new(),
            format!(
                "See [`{tl_name}`]({}/{page}/{tl_name}).",
                base.trim_end_matches('/')
            ),
        ]),
        None => TokenStream::new(),
    }
}

/// The schema's text for a field, else the TL parameters it carries.
pub fn field(field: &Field) -> TokenStream {
    let mut tokens = schema_text(field.doc.as_deref());
    let params: Vec<String> = field.tl_params.iter().map(|p| format!("`{p}`")).collect();
    tokens.extend(doc([format!("TL: {}", params.join(", "))]));
    tokens
}

/// The boxed type's name and its constructors.
pub fn boxed_enum(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    let mut tokens = schema_text(e.doc.as_deref());
    tokens.extend(doc([format!(
        "The TL boxed type `{}`: one variant per constructor.",
        e.tl_name
    )]));
    tokens.extend(link(ctx, "type", &e.tl_name));
    tokens
}

/// The schema's own doc text, with a blank line after it to separate what follows; nothing when
/// the schema has none.
pub fn schema_text(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) if text.lines().next().is_some() => doc(text.lines().chain([""])),
        _ => TokenStream::new(),
    }
}
