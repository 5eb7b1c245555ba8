//! Rustdoc for generated items: the TL line each came from, its id, and the schema's own text.

use proc_macro2::TokenStream;

use super::Ctx;
use super::common::doc;
use crate::ir::{BoxedEnum, Combinator, Field, Variant};

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

/// An alias of a type of one constructor: what it is, and a link to the struct.
pub fn type_alias(ctx: &Ctx<'_>, e: &BoxedEnum, only: &Variant) -> TokenStream {
    let path = ctx.path(&only.path).to_string().replace(' ', "");
    let mut tokens = schema_text(e.doc.as_deref());
    tokens.extend(doc([
        format!(
            "The TL boxed type `{}`, of one constructor, `{}`: its struct, [`{}`]({path}),",
            e.tl_name, only.tl_name, only.path.name
        ),
        "which writes and reads the boxed form (with the constructor id).".to_owned(),
    ]));
    tokens.extend(link(ctx, "type", &e.tl_name));
    tokens
}

/// The schema's own doc text, with a blank line after it to separate what follows; nothing when
/// the schema has none.
pub fn schema_text(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) if text.lines().next().is_some() => {
            doc(text.lines().map(plain_text).chain([String::new()]))
        }
        _ => TokenStream::new(),
    }
}

/// A line of a schema's doc text, which is plain text, as Markdown that rustdoc shows as written:
/// the characters Markdown would read as links, HTML, emphasis or code are escaped (TDLib's
/// td_api.tl has `([in ] X seconds ... [ago])` and `*"_by_<bot username>"*`), and web addresses
/// become links (`<https://...>`), which rustdoc also asks for.
fn plain_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    loop {
        if let Some(len) = url_len(rest) {
            out.push('<');
            out.push_str(&rest[..len]);
            out.push('>');
            rest = &rest[len..];
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else {
            return out;
        };
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
        rest = chars.as_str();
        // The rest of a word cannot start a web address: `xhttps://` is not one.
        if c.is_alphanumeric() {
            let word = rest
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len());
            out.push_str(&rest[..word]);
            rest = &rest[word..];
        }
    }
}

/// The length of the web address `text` starts with, if it does: `http://` or `https://` and
/// what follows up to white space, less trailing punctuation that ends the sentence around it.
fn url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("https://") || text.starts_with("http://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'']);
    (url.len() > "https://".len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(
            plain_text("relative ([in ] X seconds [ago])"),
            r"relative (\[in \] X seconds \[ago\])"
        );
        assert_eq!(
            plain_text(r#"end with *"_by_<bot username>"*"#),
            r#"end with \*"\_by\_\<bot username\>"\*"#
        );
        assert_eq!(plain_text("a `b` & c"), r"a \`b\` \& c");
        assert_eq!(plain_text("plain words stay"), "plain words stay");
    }

    #[test]
    fn web_addresses_become_links() {
        assert_eq!(
            plain_text("bought at https://fragment.com."),
            "bought at <https://fragment.com>."
        );
        assert_eq!(
            plain_text("see (https://my.telegram.org/apps), then"),
            "see (<https://my.telegram.org/apps>), then"
        );
        assert_eq!(plain_text("xhttps://a.b"), "xhttps://a.b");
        assert_eq!(plain_text("https:// alone"), "https:// alone");
    }
}
