//! A diff as JSON: `{"old": {"files", "layer"}, "new": {...}, "changes": [...]}`, one change a line.

use std::fmt::Write as _;

use super::model::{Change, Diff, Side};

/// A JSON string literal.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn optional(s: Option<&str>) -> String {
    s.map_or_else(|| "null".to_owned(), string)
}

fn side(s: &Side) -> String {
    let files: Vec<String> = s.files.iter().map(|f| string(f)).collect();
    let layer = s.layer.map_or_else(|| "null".to_owned(), |l| l.to_string());
    format!("{{\"files\": [{}], \"layer\": {layer}}}", files.join(", "))
}

fn change(c: &Change) -> String {
    let details: Vec<String> = c.details.iter().map(|d| string(&d.to_string())).collect();
    format!(
        "{{\"kind\": \"{}\", \"name\": {}, \"change\": \"{}\", \"class\": \"{}\", \"details\": [{}], \"old\": {}, \"new\": {}}}",
        c.item,
        string(&c.name),
        c.kind,
        c.class,
        details.join(", "),
        optional(c.old.as_deref()),
        optional(c.new.as_deref())
    )
}

/// The diff as one JSON object, each change on a line of its own.
pub fn json(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{{");
    let _ = writeln!(out, "  \"old\": {},", side(&diff.old));
    let _ = writeln!(out, "  \"new\": {},", side(&diff.new));
    if diff.changes.is_empty() {
        let _ = writeln!(out, "  \"changes\": []");
    } else {
        let _ = writeln!(out, "  \"changes\": [");
        for (i, c) in diff.changes.iter().enumerate() {
            let comma = if i + 1 < diff.changes.len() { "," } else { "" };
            let _ = writeln!(out, "    {}{comma}", change(c));
        }
        let _ = writeln!(out, "  ]");
    }
    let _ = writeln!(out, "}}");
    out
}
