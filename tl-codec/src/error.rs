//! [`ParseError`]: what is wrong with TL text or JSON input, and where, rendered as the schema
//! parser renders its diagnostics (`file:line:col`, the line, a caret).

use std::fmt;

use tlgen_parser::{Diagnostic, Severity, Span};

/// A fault in TL text or JSON: the message, and where (a byte range of the input, and for JSON
/// values that parse but do not fit their type, the path to the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Shown under the caret.
    pub label: String,
    /// The bytes of the input at fault; `None` when only a path is known.
    pub span: Option<Span>,
    /// For JSON: the path to the value at fault, e.g. `.messages[3].media`.
    pub path: String,
}

impl ParseError {
    pub(crate) fn at(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            label: label.into(),
            span: Some(span),
            path: String::new(),
        }
    }

    pub(crate) fn in_path(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            label: String::new(),
            span: None,
            path: String::new(),
        }
    }

    /// Renders the error against the input it was found in: `file:line:col`, the line and a
    /// caret when there is a span (the schema diagnostics' format), else the message and path.
    pub fn render(&self, file: &str, input: &str, color: bool) -> String {
        let Some(span) = self.span else {
            return format!("{file}: error: {self}\n");
        };
        let mut message = self.message.clone();
        if !self.path.is_empty() {
            message = format!("{message} (at {})", self.path);
        }
        diagnostic(file, input, span, message, self.label.clone()).render(color)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        if let Some(span) = self.span {
            write!(f, " (byte {})", span.start)?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

/// How much of a long line a diagnostic shows: the one-line TL text of a large value is one line.
const WINDOW: usize = 160;

/// A diagnostic of the schema parser's kind at `span` of `input`: line, column (in characters),
/// and the line's text, cut to a window around the span when the line is long.
fn diagnostic(file: &str, input: &str, span: Span, message: String, label: String) -> Diagnostic {
    let start = floor_boundary(input, span.start);
    let line_start = input[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = input[start..].find('\n').map_or(input.len(), |i| start + i);
    let line = input[..start].matches('\n').count() + 1;
    let column = input[line_start..start].chars().count() + 1;
    let (line_text, snippet_column) = if line_end - line_start <= WINDOW {
        let text = input[line_start..line_end].trim_end_matches('\r');
        (text.to_owned(), column)
    } else {
        let from = floor_boundary(input, start.saturating_sub(WINDOW / 2).max(line_start));
        let to = floor_boundary(input, (from + WINDOW).min(line_end));
        let before = if from > line_start { "..." } else { "" };
        let after = if to < line_end { "..." } else { "" };
        let text = format!("{before}{}{after}", &input[from..to]);
        (text, before.len() + input[from..start].chars().count() + 1)
    };
    Diagnostic {
        severity: Severity::Error,
        message,
        file: file.to_owned(),
        span: Span::new(start, span.end.max(start)),
        label,
        notes: Vec::new(),
        line,
        column,
        line_text,
        snippet_column,
    }
}

/// The largest char boundary of `s` at or before `i` (clamped to its length).
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_a_caret_under_the_span() {
        let input = "(a\n  x:\"é\" y:zz)";
        let e = ParseError::at(Span::new(13, 15), "not an int", "expected an int");
        let text = e.render("<text>", input, false);
        assert_eq!(
            text,
            "error: not an int\n  --> <text>:2:10\n  |\n2 |   x:\"é\" y:zz)\n  |          ^^ expected an int\n"
        );
        let e = ParseError::in_path("expected a string");
        assert_eq!(
            e.render("f.json", "{}", false),
            "f.json: error: expected a string\n"
        );
    }

    #[test]
    fn long_lines_are_cut_to_a_window() {
        let input = format!("({} bad)", "x ".repeat(10_000));
        let at = input.find("bad").unwrap();
        let text = ParseError::at(Span::new(at, at + 3), "m", "l").render("t", &input, false);
        assert!(text.contains("| ... x x"), "{text}");
        assert!(text.lines().all(|l| l.len() < 200), "{text}");
        let caret = text.lines().nth(4).unwrap();
        let snippet = text.lines().nth(3).unwrap();
        assert_eq!(&snippet[caret.find('^').unwrap()..][..3], "bad");
    }
}
