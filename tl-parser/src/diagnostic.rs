//! Diagnostics: errors and warnings with a file position, rendered by `codespan-reporting` as the
//! message, `--> file:line:col`, the source line, a caret under the span with a label, and notes.
//!
//! A [`Diagnostic`] copies its source line when it is created, so it renders without the source text
//! and outlives it: codespan reads that one line through `OneLine`, which reports the line and
//! column the diagnostic was created with. Output is deterministic (ASCII drawing characters, no
//! terminal probing); colour is asked for by the caller, who knows whether it writes to a terminal.

use std::cell::{Cell, OnceCell};
use std::fmt;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Chars, Config};

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
        let file = OneLine(self);
        let severity = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let label = Label::primary((), self.snippet_range()).with_message(&self.label);
        let rendered = Rendered::new(severity)
            .with_message(&self.message)
            .with_label(label)
            .with_notes(self.notes.iter().map(|n| format!("note: {n}")).collect());
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        // `OneLine` answers every question codespan asks, so rendering cannot fail; if it ever
        // did, the message alone still reaches the user.
        let result = if color {
            let mut ansi = term::termcolor::Ansi::new(Vec::new());
            let result = term::emit_to_write_style(&mut ansi, &config, &file, &rendered);
            out.push_str(&String::from_utf8_lossy(&ansi.into_inner()));
            result
        } else {
            term::emit_to_string(out, &config, &file, &rendered)
        };
        if result.is_err() {
            out.push_str(&format!(
                "{}:{}:{}: {}: {}\n",
                self.file, self.line, self.column, self.severity, self.message
            ));
        }
        // codespan ends a diagnostic with a blank line; a report puts one between diagnostics.
        while out.ends_with("\n\n") {
            out.pop();
        }
    }

    /// The byte range of the span within [`Diagnostic::line_text`], cut at the line end.
    fn snippet_range(&self) -> Range<usize> {
        let start = self
            .line_text
            .char_indices()
            .nth(self.snippet_column.saturating_sub(1))
            .map_or(self.line_text.len(), |(i, _)| i);
        let len = self.span.end.saturating_sub(self.span.start);
        let end = floor_char_boundary(&self.line_text, start.saturating_add(len));
        start..end
    }
}

/// A diagnostic's one line of source, as codespan reads files: the line is the whole file, and its
/// number and the span's column are the ones the diagnostic was created with.
struct OneLine<'d>(&'d Diagnostic);

impl<'d> Files<'d> for OneLine<'d> {
    type FileId = ();
    type Name = &'d str;
    type Source = &'d str;

    fn name(&'d self, (): ()) -> Result<&'d str, FilesError> {
        Ok(&self.0.file)
    }

    fn source(&'d self, (): ()) -> Result<&'d str, FilesError> {
        Ok(&self.0.line_text)
    }

    fn line_index(&'d self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'d self, (): (), _line_index: usize) -> Result<usize, FilesError> {
        Ok(self.0.line)
    }

    fn column_number(
        &'d self,
        (): (),
        _line_index: usize,
        _byte_index: usize,
    ) -> Result<usize, FilesError> {
        Ok(self.0.column)
    }

    fn line_range(&'d self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        match line_index {
            0 => Ok(0..self.0.line_text.len()),
            given => Err(FilesError::LineTooLarge { given, max: 0 }),
        }
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
            "error: unknown type `Bar`\n  --> a.tl:1:7\n  |\n1 | foo x:Bar = Foo;\n  |       ^^^ not defined\n"
        );
    }

    #[test]
    fn tabs_line_up_and_long_spans_are_cut() {
        let src = "\tfoo\tbar\nnext";
        let f = SourceFile::new("a.tl", src);
        let d = f.error(Span::new(5, src.len()), "m", "l");
        // Tabs are shown as four spaces, in the line and under it.
        assert!(
            d.render(false)
                .contains("\n1 |     foo bar\n  |         ^^^ l\n"),
            "{}",
            d
        );
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
        let caret_line = rendered.lines().nth(4).unwrap();
        let snippet_line = rendered.lines().nth(3).unwrap();
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
        let text = r.to_string();
        assert!(text.starts_with("warning: w\n  --> a.tl:1:1\n"), "{text}");
        assert!(text.contains("\n\nerror: e\n  --> a.tl:1:1\n"), "{text}");
        assert!(r.render(true).contains("\x1b["), "colour when asked for");
        assert!(!text.contains('\x1b'));
    }
}
