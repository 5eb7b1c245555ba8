//! Diagnostics: errors and warnings with a file position, rendered as `file:line:col`, the source line
//! and a caret under the span.
//!
//! A [`Diagnostic`] copies its source line when it is created, so it renders without the source text
//! and outlives it. Rendering is done by hand (no terminal probing, no wrapping) so that output is
//! byte-for-byte deterministic, which the snapshot tests rely on.

use std::cell::{Cell, OnceCell};
use std::fmt::{self, Write as _};

use crate::ast::Span;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The schema is wrong; [`crate::parse`] returns `Err`.
    Error,
    /// The schema is usable but something is suspicious (e.g. a declared id that differs from the computed one).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One error or warning about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What is wrong, e.g. "unknown type `Foo`".
    pub message: String,
    /// The file name the source was parsed under.
    pub file: String,
    /// The byte range the diagnostic is about (may be empty, e.g. at the end of the file).
    pub span: Span,
    /// Shown under the caret: what was expected or found there.
    pub label: String,
    /// Extra lines shown after the snippet (`= note: ...`).
    pub notes: Vec<String>,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column of `span.start`, counted in characters.
    pub column: usize,
    /// The text of line `line` (without its line break), so that the diagnostic renders on its own.
    /// A very long line is cut to a window around the span, marked with `...`.
    pub line_text: String,
    /// 1-based column of `span.start` within `line_text` (differs from `column` only when the line
    /// was cut to a window).
    pub snippet_column: usize,
}

impl Diagnostic {
    /// Adds a note (builder style).
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Renders the diagnostic; `color` adds ANSI colours for a terminal.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        self.render_into(&mut out, color);
        out
    }

    fn render_into(&self, out: &mut String, color: bool) {
        let (sev_on, bold, blue, reset) = if color {
            let sev = match self.severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
            };
            (sev, "\x1b[1m", "\x1b[1;34m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let _ = writeln!(
            out,
            "{bold}{}:{}:{}:{reset} {sev_on}{}{reset}{bold}: {}{reset}",
            self.file, self.line, self.column, self.severity, self.message
        );
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        let _ = writeln!(out, "{blue}{gutter} |{reset}");
        let _ = writeln!(out, "{blue}{number} |{reset} {}", self.line_text);
        // The caret line repeats the tabs of the source line so that the carets line up under the span.
        let col0 = self.snippet_column.saturating_sub(1);
        let mut pad = String::new();
        for c in self.line_text.chars().take(col0) {
            pad.push(if c == '\t' { '\t' } else { ' ' });
        }
        let rest_chars = self.line_text.chars().count().saturating_sub(col0);
        let span_chars = self.span_chars();
        // An empty span (end of input, a missing token) still gets one caret; a span that runs past the
        // end of the line is cut there (at least one caret).
        let width = span_chars.min(rest_chars.max(1)).max(1);
        let carets = "^".repeat(width);
        let _ = write!(out, "{blue}{gutter} |{reset} {pad}{sev_on}{carets}");
        if !self.label.is_empty() {
            let _ = write!(out, " {}", self.label);
        }
        let _ = writeln!(out, "{reset}");
        for note in &self.notes {
            let _ = writeln!(out, "{blue}{gutter} ={reset} {bold}note{reset}: {note}");
        }
    }

    /// The number of characters of the span that lie on its first line.
    fn span_chars(&self) -> usize {
        let len = self.span.end.saturating_sub(self.span.start);
        // `line_text` is the only text kept; count the characters of the span within it.
        let start_byte = self
            .line_text
            .char_indices()
            .nth(self.snippet_column.saturating_sub(1))
            .map_or(self.line_text.len(), |(i, _)| i);
        let end_byte = floor_char_boundary(&self.line_text, start_byte.saturating_add(len));
        self.line_text
            .get(start_byte..end_byte)
            .map_or(0, |s| s.chars().count())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The largest char boundary of `s` that is `<= i`.
pub(crate) fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All diagnostics of a parse, errors and warnings, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every diagnostic, in file order (files in the order given, then by position).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Consumes the report, giving its diagnostics.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, other: Report) {
        self.diagnostics.extend(other.diagnostics);
    }

    /// Renders every diagnostic, separated by blank lines, then a one-line count.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            d.render_into(&mut out, color);
        }
        out
    }

    /// Sorts each file's diagnostics by position, keeping the files in their given order and the
    /// relative order of diagnostics at one position (stable sort).
    pub(crate) fn sort_by_file_order(&mut self, files: &[&str]) {
        let rank = |d: &Diagnostic| {
            files
                .iter()
                .position(|f| *f == d.file)
                .unwrap_or(usize::MAX)
        };
        self.diagnostics
            .sort_by_key(|d| (rank(d), d.span.start, d.span.end));
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for Report {}

impl From<Vec<Diagnostic>> for Report {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Self { diagnostics }
    }
}

/// Lines longer than this many bytes are shown as a window around the span.
const MAX_SNIPPET: usize = 240;
/// How many bytes of context a window keeps before the span.
const SNIPPET_BEFORE: usize = 80;

/// A source file with a lazily built index of line starts, for turning spans into lines and columns.
pub(crate) struct SourceFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
    line_starts: OnceCell<Vec<usize>>,
    /// The last `(byte offset, column)` computed. Diagnostics mostly come in file order, so
    /// counting characters on from here keeps many errors on one huge line linear, not quadratic.
    last_column: Cell<(usize, usize)>,
}

impl<'a> SourceFile<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Self {
            name,
            text,
            line_starts: OnceCell::new(),
            last_column: Cell::new((usize::MAX, 0)),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.text
                        .bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect()
        })
    }

    /// The 1-based column (in characters) of byte `offset`, on the line starting at `line_start`.
    fn column(&self, line_start: usize, offset: usize) -> usize {
        let (last_offset, last_column) = self.last_column.get();
        let (from, base) = if last_offset >= line_start && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (line_start, 1)
        };
        let column = base + self.text.get(from..offset).map_or(0, |s| s.chars().count());
        self.last_column.set((offset, column));
        column
    }

    /// Builds a diagnostic at `span`, computing its line, column and line text.
    pub fn diagnostic(
        &self,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        let start = floor_char_boundary(self.text, span.start);
        let starts = self.line_starts();
        let line0 = starts.partition_point(|&s| s <= start).saturating_sub(1);
        let line_start = starts.get(line0).copied().unwrap_or(0);
        let line_end = starts
            .get(line0 + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = self.text.get(line_start..line_end).unwrap_or("");
        let line_end = line_start + line.strip_suffix('\r').unwrap_or(line).len();
        let column = self.column(line_start, start);
        let (line_text, snippet_column) = if line_end - line_start <= MAX_SNIPPET {
            (
                self.text.get(line_start..line_end).unwrap_or("").to_owned(),
                column,
            )
        } else {
            // A window of the long line: some context before the span, the rest after it.
            let from = floor_char_boundary(
                self.text,
                start.saturating_sub(SNIPPET_BEFORE).max(line_start),
            );
            let to = floor_char_boundary(self.text, (from + MAX_SNIPPET).min(line_end));
            let cut_before = from > line_start;
            let mut text = String::from(if cut_before { "..." } else { "" });
            text.push_str(self.text.get(from..to).unwrap_or(""));
            let snippet_column = if cut_before { 3 } else { 0 }
                + self.text.get(from..start).map_or(0, |s| s.chars().count())
                + 1;
            if to < line_end {
                text.push_str("...");
            }
            (text, snippet_column)
        };
        Diagnostic {
            severity,
            message: message.into(),
            file: self.name.to_owned(),
            span: Span::new(start, span.end.max(start)),
            label: label.into(),
            notes: Vec::new(),
            line: line0 + 1,
            column,
            line_text,
            snippet_column,
        }
    }

    pub fn error(
        &self,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        self.diagnostic(Severity::Error, span, message, label)
    }

    pub fn warning(
        &self,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        self.diagnostic(Severity::Warning, span, message, label)
    }

    /// `file:line:col` of a byte offset, for notes that point elsewhere.
    pub fn location(&self, offset: usize) -> String {
        let d = self.diagnostic(Severity::Error, Span::new(offset, offset), "", "");
        format!("{}:{}:{}", d.file, d.line, d.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_chars() {
        let src = "ab\n  \u{e9}\u{e9}x y\r\nlast";
        let f = SourceFile::new("t.tl", src);
        let x = src.find('x').unwrap();
        let d = f.error(Span::new(x, x + 1), "bad", "here");
        assert_eq!((d.line, d.column), (2, 5));
        assert_eq!(d.line_text, "  \u{e9}\u{e9}x y");
        let d = f.error(Span::new(src.len(), src.len()), "eof", "");
        assert_eq!((d.line, d.column), (3, 5));
    }

    #[test]
    fn renders_caret_under_span() {
        let src = "foo x:Bar = Foo;";
        let f = SourceFile::new("a.tl", src);
        let d = f.error(Span::new(6, 9), "unknown type `Bar`", "not defined");
        assert_eq!(
            d.to_string(),
            "a.tl:1:7: error: unknown type `Bar`\n  |\n1 | foo x:Bar = Foo;\n  |       ^^^ not defined\n"
        );
    }

    #[test]
    fn tabs_are_kept_in_the_caret_line_and_long_spans_cut() {
        let src = "\tfoo\tbar\nnext";
        let f = SourceFile::new("a.tl", src);
        let d = f.error(Span::new(5, src.len()), "m", "l");
        assert!(d.render(false).contains("\n  | \t   \t^^^ l\n"), "{}", d);
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let f = SourceFile::new("a.tl", "\u{e9}");
        let d = f.error(Span::new(1, 99), "m", "l");
        let _ = d.render(true);
        let mut d = d;
        d.span = Span::new(usize::MAX - 1, 3);
        d.column = usize::MAX;
        d.snippet_column = usize::MAX;
        let _ = d.render(false);
    }

    #[test]
    fn long_lines_are_cut_to_a_window_and_columns_stay_exact() {
        let src = format!("{}BAD{}", "\u{e9}".repeat(100_000), "x".repeat(100_000));
        let f = SourceFile::new("a.tl", &src);
        let at = src.find("BAD").unwrap();
        let d = f.error(Span::new(at, at + 3), "m", "l");
        assert_eq!(d.column, 100_001);
        assert!(d.line_text.len() < 400);
        assert!(d.line_text.starts_with("...") && d.line_text.ends_with("..."));
        let rendered = d.render(false);
        let caret_line = rendered.lines().nth(3).unwrap();
        let snippet_line = rendered.lines().nth(2).unwrap();
        let caret_col = caret_line.chars().position(|c| c == '^').unwrap();
        assert_eq!(
            snippet_line
                .chars()
                .skip(caret_col)
                .take(3)
                .collect::<String>(),
            "BAD"
        );
        // Many diagnostics along one huge line: counting goes on from the last one.
        let src = "a ".repeat(2_000_000);
        let f = SourceFile::new("b.tl", &src);
        for i in (0..src.len()).step_by(4_000) {
            assert_eq!(f.error(Span::new(i, i + 1), "m", "").column, i + 1);
        }
    }

    #[test]
    fn report_counts_errors_and_warnings() {
        let f = SourceFile::new("a.tl", "x");
        let mut r = Report::new();
        assert!(r.is_empty() && !r.has_errors());
        r.push(f.warning(Span::new(0, 1), "w", ""));
        assert!(!r.has_errors());
        r.push(f.error(Span::new(0, 1), "e", ""));
        assert!(r.has_errors());
        assert_eq!((r.errors().count(), r.warnings().count()), (1, 1));
        assert!(r.to_string().contains("a.tl:1:1: warning: w"));
    }
}
