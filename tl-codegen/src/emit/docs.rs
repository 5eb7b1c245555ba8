//! Rustdoc for generated items: the TL line each came from, its id, and the schema's own text.

use super::Code;
use crate::ir::{BoxedEnum, Combinator, Field};

/// The schema's doc text (if any) above the TL line and its id.
pub fn combinator(code: &mut Code, c: &Combinator, what: &str) {
    schema_text(code, c.doc.as_deref());
    code.doc([
        format!("The TL {what} `{}` (id `{:#010x}`):", c.tl_name, c.id).as_str(),
        "",
        "```tl",
        &c.tl_line,
        "```",
    ]);
}

/// The schema's text for a field, else the TL parameters it carries.
pub fn field(code: &mut Code, field: &Field) {
    schema_text(code, field.doc.as_deref());
    let params: Vec<String> = field.tl_params.iter().map(|p| format!("`{p}`")).collect();
    code.doc([format!("TL: {}", params.join(", "))]);
}

/// The boxed type's name and its constructors.
pub fn boxed_enum(code: &mut Code, e: &BoxedEnum) {
    schema_text(code, e.doc.as_deref());
    code.doc([format!(
        "The TL boxed type `{}`: one variant per constructor.",
        e.tl_name
    )]);
}

/// The schema's own doc text, with a blank line after it to separate what follows; nothing when
/// the schema has none.
pub fn schema_text(code: &mut Code, doc: Option<&str>) {
    let Some(doc) = doc else { return };
    let mut lines = doc.lines().peekable();
    if lines.peek().is_none() {
        return;
    }
    code.doc(lines);
    code.doc([""]);
}
