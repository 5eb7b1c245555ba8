//! A whole file: comments, `---types---`/`---functions---` sections, `// LAYER N`, and the
//! definitions between them, recovering after each syntax error so that every error is reported.
//!
//! ```text
//! file           = ( blank | line_comment | block_comment | section_marker | definition )*
//! line_comment   = "//" (any but "\n")*          (docs: `//@tag text`, `//-more`, plain text)
//! block_comment  = "/*" (any)* "*/"
//! section_marker = "---" " "* ( "types" | "functions" ) " "* "---" ";"?
//! ```

use crate::MAX_ERRORS;
use crate::ast::{Category, Schema, Span};
use nom::Parser;
use nom::bytes::complete::{tag, take_till, take_until, take_while};
use nom::character::complete::{char, space0};
use nom::combinator::opt;
use nom::sequence::{delimited, preceded, terminated};

use crate::definition::definition;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::docs::PendingDoc;
use crate::id::provisional_id;
use crate::lex::{dotted_ident, ident};
use crate::syntax_error::{Expected, PResult, SyntaxError};
use crate::types::span_at;

/// What parsing one file gives: the schema, its syntax errors, and the names that definitions which
/// failed to parse would have defined (so validation does not cascade into "unknown type" errors).
pub(crate) struct FileParse<'a> {
    pub schema: Schema<'a>,
    pub diagnostics: Vec<Diagnostic>,
    pub recovered_names: Vec<&'a str>,
    /// Whether parsing stopped at [`MAX_ERRORS`] before the end of the file, so that
    /// definitions after that point were never seen (validation would report them as missing).
    pub stopped_early: bool,
}

pub(crate) fn parse_file<'a>(file: &SourceFile<'a>) -> FileParse<'a> {
    let base = file.text;
    let mut out = FileParse {
        schema: Schema {
            file_name: file.name,
            source: base,
            layer: None,
            // One definition per `;`, give or take comments: sized once instead of regrown. A
            // real definition is longer than 16 bytes (api.tl averages 130), and a definition
            // takes about 300 bytes of memory, so 10 MB of `;` must not reserve one for each.
            definitions: Vec::with_capacity(
                memchr::memchr_iter(b';', base.as_bytes())
                    .count()
                    .min(base.len() / 16),
            ),
            type_docs: Vec::new(),
        },
        diagnostics: Vec::new(),
        recovered_names: Vec::new(),
        stopped_early: false,
    };
    let mut docs = PendingDoc::default();
    let mut id_buf = String::with_capacity(256);
    let mut category = Category::Type;
    let mut s = base.strip_prefix('\u{feff}').unwrap_or(base);
    let mut line_start = true;

    loop {
        // Whitespace between items; a blank line ends any pending doc block.
        let (rest, blank) = blank(s);
        s = rest;
        let newlines = memchr::memchr_iter(b'\n', blank.as_bytes()).count();
        if newlines > 0 {
            line_start = true;
        }
        if newlines >= 2 {
            docs.flush(&mut out.schema.type_docs);
        }
        if s.is_empty() {
            break;
        }

        if let Ok((rest, body)) = line_comment(s) {
            // A comment after a definition on the same line documents nothing.
            if line_start {
                comment_line(base, body, &mut docs, &mut out.schema);
            }
            s = rest;
            line_start = false;
            continue;
        }
        if s.starts_with("/*") {
            match block_comment(s) {
                Ok((rest, _)) => s = rest,
                Err(_) => {
                    let e = SyntaxError {
                        at: s,
                        len: Some(2),
                        expected: Expected::UnterminatedComment,
                    };
                    out.diagnostics.push(syntax_diagnostic(file, &e));
                    break;
                }
            }
            line_start = false;
            continue;
        }
        if s.starts_with("---") {
            let (rest, marker) = match section_marker(s) {
                Ok(ok) => ok,
                // Not a marker at all (`----`, `---x`): the rest of the line is what is wrong.
                Err(_) => {
                    let (rest, line) = take_till::<_, _, SyntaxError<'_>>(|c| c == '\n')
                        .parse(s)
                        .unwrap_or(("", s));
                    (rest, line.trim_end())
                }
            };
            match section_category(marker) {
                Some(c) => category = c,
                None => {
                    let e = SyntaxError {
                        at: s,
                        len: Some(s.len() - rest.len()),
                        expected: Expected::UnknownSection,
                    };
                    out.diagnostics.push(syntax_diagnostic(file, &e));
                }
            }
            docs.flush(&mut out.schema.type_docs);
            s = rest;
            line_start = false;
            continue;
        }

        if docs.is_class_block() {
            docs.flush(&mut out.schema.type_docs);
        }
        line_start = false;
        match definition(base, category, s) {
            Ok((rest, mut def)) => {
                docs.attach(&mut def);
                def.computed_id = provisional_id(&def, &mut id_buf);
                out.schema.definitions.push(def);
                s = rest;
            }
            Err(e) => {
                docs.clear();
                out.diagnostics.push(syntax_diagnostic(file, &e));
                let rest = recover(&e);
                record_names(&s[..s.len() - rest.len()], &mut out.recovered_names);
                s = rest;
                if out.diagnostics.len() >= MAX_ERRORS && !s.trim().is_empty() {
                    let stop = SyntaxError {
                        at: s,
                        len: Some(1),
                        expected: Expected::TooManyErrors,
                    };
                    out.diagnostics.push(syntax_diagnostic(file, &stop));
                    out.stopped_early = true;
                    break;
                }
            }
        }
    }
    out
}

/// Whitespace between items (line breaks included): the rest, and what was skipped.
fn blank(s: &str) -> (&str, &str) {
    take_while::<_, _, SyntaxError<'_>>(|c: char| c.is_ascii_whitespace())
        .parse(s)
        .unwrap_or((s, ""))
}

/// `// text` up to the line end: the text after `//`.
fn line_comment(s: &str) -> PResult<'_, &str> {
    preceded(tag("//"), take_till(|c| c == '\n')).parse(s)
}

/// `/* text */`: the text between.
fn block_comment(s: &str) -> PResult<'_, &str> {
    delimited(tag("/*"), take_until("*/"), tag("*/")).parse(s)
}

/// `---functions---` or `---types---`, spaces allowed inside (TDLib's e2e_api.tl writes
/// `--- functions ---`), and an optional `;`: the rest, and the whole marker.
fn section_marker(s: &str) -> PResult<'_, &str> {
    let (rest, _) = terminated(
        delimited((tag("---"), space0), ident, (space0, tag("---"))),
        opt(char(';')),
    )
    .parse(s)?;
    Ok((rest, &s[..s.len() - rest.len()]))
}

/// The category a section marker (as [`section_marker`] gives it) starts, if it names one.
fn section_category(marker: &str) -> Option<Category> {
    let name = marker.trim_end_matches(';').trim_matches(['-', ' ', '\t']);
    match name {
        "types" => Some(Category::Type),
        "functions" => Some(Category::Function),
        _ => None,
    }
}

/// A comment line at the start of a line; `body` follows `//`.
fn comment_line<'a>(
    base: &'a str,
    body: &'a str,
    docs: &mut PendingDoc<'a>,
    schema: &mut Schema<'a>,
) {
    if body.starts_with('@') {
        // A new `@class` block, or a description right after one, starts a new block.
        if docs.is_class_block() {
            docs.flush(&mut schema.type_docs);
        }
        docs.push_tags(base, body);
    } else if let Some(text) = body.strip_prefix('-') {
        docs.push_continuation(base, text);
    } else if let Some(layer) = layer_number(body) {
        schema.layer = Some(layer);
    } else {
        docs.push_plain(base, body);
    }
}

/// `N` from a `// LAYER N` comment body.
fn layer_number(body: &str) -> Option<u32> {
    let rest = body.trim().strip_prefix("LAYER")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    rest.trim().parse().ok()
}

/// Where to go on after a syntax error: after the next `;` outside comments, or, for a `;` missing
/// at a line end, right where the next line's definition starts.
fn recover<'a>(e: &SyntaxError<'a>) -> &'a str {
    if e.expected == Expected::SemicolonAtLineEnd {
        return e.at.get(e.len()..).unwrap_or("");
    }
    if e.expected == Expected::UnterminatedComment {
        return "";
    }
    skip_past_semicolon(e.at)
}

fn skip_past_semicolon(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b';' => return &s[i + 1..],
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = s[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = s[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
            }
            _ => i += 1,
        }
    }
    ""
}

/// Notes the constructor name and the result type of a definition that failed to parse.
fn record_names<'a>(text: &'a str, names: &mut Vec<&'a str>) {
    if let Ok((_, name)) = dotted_ident(text) {
        names.push(name);
    }
    if let Some(i) = text.rfind('=') {
        let after = text[i + 1..].trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '%');
        if let Ok((_, ty)) = dotted_ident(after) {
            names.push(ty);
        }
    }
}

pub(crate) fn syntax_diagnostic(file: &SourceFile<'_>, e: &SyntaxError<'_>) -> Diagnostic {
    let span: Span = span_at(file.text, e.at, e.len());
    let d = file.error(span, e.expected.message(), e.expected.label());
    match e.expected {
        Expected::SemicolonAtLineEnd => {
            d.with_note("every definition ends with `;`, e.g. `boolTrue = Bool;`")
        }
        Expected::TooDeep => d.with_note(format!(
            "types may nest at most {} levels",
            crate::types::MAX_DEPTH
        )),
        _ => d,
    }
}

/// Definitions of `schema`, for tests.
#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> FileParse<'_> {
        parse_file(&SourceFile::new("t.tl", src))
    }

    fn defs(schema: &Schema<'_>) -> Vec<String> {
        schema
            .definitions
            .iter()
            .map(|d| d.name.to_string())
            .collect()
    }

    #[test]
    fn sections_layer_and_comments() {
        let src = "// LAYER 42\nfoo = Foo; // trailing\n/* block ; */\n---functions---\nbar = Foo;\n---types---\nbaz = Foo;\n--- functions ---\nqux = Foo;\n---\ttypes\t---;\nquux = Foo;";
        let p = run(src);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.schema.layer, Some(42));
        assert_eq!(defs(&p.schema), ["foo", "bar", "baz", "qux", "quux"]);
        let cats: Vec<_> = p.schema.definitions.iter().map(|d| d.category).collect();
        use Category::{Function, Type};
        assert_eq!(cats, [Type, Function, Type, Function, Type]);
    }

    #[test]
    fn section_markers() {
        assert_eq!(
            section_marker("--- functions ---\n"),
            Ok(("\n", "--- functions ---"))
        );
        assert_eq!(section_marker("---types---;x"), Ok(("x", "---types---;")));
        assert!(section_marker("----").is_err());
        assert_eq!(section_category("---types---;"), Some(Category::Type));
        assert_eq!(
            section_category("--- functions ---"),
            Some(Category::Function)
        );
        assert_eq!(section_category("---nope---"), None);
        assert_eq!(section_category("---- x"), None);
        // An unknown marker, and a broken one, are errors spanning the marker.
        let p = run("---nope---\n---- x y\n--- functions---\nf = F;");
        assert_eq!(p.diagnostics.len(), 2, "{:?}", p.diagnostics);
        assert_eq!(p.diagnostics[0].span, Span::new(0, 10));
        assert_eq!(p.diagnostics[1].span, Span::new(11, 19));
        assert_eq!(p.schema.definitions[0].category, Category::Function);
    }

    #[test]
    fn docs_attach_only_without_blank_line() {
        let src =
            "// Doc of foo\nfoo = Foo;\n// Lost\n\nbar = Foo;\nbaz = Foo; // trailing\nqux = Foo;";
        let p = run(src);
        let d = &p.schema.definitions;
        assert_eq!(d[0].doc.description.as_ref().unwrap().text, "Doc of foo");
        assert!(d[1].doc.description.is_none());
        assert!(d[3].doc.description.is_none());
    }

    #[test]
    fn tdlib_docs() {
        let src = "//@class Foo @description A foo\n\n//@description The one\n//@a An a\nfoo a:int = Foo;\n";
        let p = run(src);
        assert_eq!(p.schema.type_docs.len(), 1);
        assert_eq!(p.schema.type_docs[0].name, "Foo");
        let d = &p.schema.definitions[0];
        assert_eq!(d.doc.description.as_ref().unwrap().text, "The one");
        assert_eq!(d.params[0].doc.as_ref().unwrap().text, "An a");
    }

    #[test]
    fn recovers_after_each_error() {
        let src = "foo a:= Foo;\nbar#zz = Bar;\nok = Ok;\nmissing = Semi\nnext = Next;\n---nope---\nlast = Last;";
        let p = run(src);
        assert_eq!(p.diagnostics.len(), 4, "{:?}", p.diagnostics);
        assert_eq!(defs(&p.schema), ["ok", "next", "last"]);
        assert!(p.recovered_names.contains(&"Bar"));
        assert!(p.recovered_names.contains(&"missing"));
    }

    #[test]
    fn stops_after_too_many_errors() {
        let src = ";".repeat(10 * MAX_ERRORS) + "\nlate = Late;";
        let p = run(src.as_str());
        assert!(p.stopped_early);
        assert_eq!(p.diagnostics.len(), MAX_ERRORS + 1);
        let last = p.diagnostics.last().unwrap().render(false);
        assert!(last.contains("too many syntax errors"), "{last}");
        // Exactly at the cap with nothing left to parse is a complete parse.
        let src = "x;".repeat(MAX_ERRORS);
        let p = run(src.as_str());
        assert!(!p.stopped_early);
        assert_eq!(p.diagnostics.len(), MAX_ERRORS);
    }

    #[test]
    fn unterminated_block_comment() {
        let p = run("a = A;\n/* open");
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(defs(&p.schema), ["a"]);
    }

    #[test]
    fn bom_and_crlf() {
        let p = run("\u{feff}a = A;\r\n// d\r\nb x:int = B;\r\n");
        assert!(p.diagnostics.is_empty());
        assert_eq!(
            p.schema.definitions[1]
                .doc
                .description
                .as_ref()
                .unwrap()
                .text,
            "d"
        );
    }
}
