//! The text writer emitters print through: indentation, doc comments, blocks, and the one layout
//! rule, that a construct goes on one line when it fits in [`MAX_WIDTH`] columns and is laid out
//! one part per line when it does not.
//!
//! Emitters write formatted Rust directly rather than building token trees for a formatter to
//! parse and print back: that round trip was 97% of generation's time (issue 5), and the code
//! generated here has a handful of shapes whose layout is easy to state.

use std::fmt::{self, Display, Write as _};

/// The widest a line may be, counting its indentation, as in rustfmt and prettyplease.
pub const MAX_WIDTH: usize = 100;

const INDENT: &str = "    ";

/// Formatted Rust source being written, at some indentation.
#[derive(Debug, Default)]
pub struct Code {
    text: String,
    indent: usize,
    /// Where the text ended after each block still open was opened, to tell an empty block.
    opened: Vec<usize>,
}

impl Code {
    /// An empty text whose lines start `indent` levels deep.
    pub fn new(indent: usize) -> Self {
        Self {
            text: String::new(),
            indent,
            opened: Vec::new(),
        }
    }

    pub fn into_string(self) -> String {
        self.text
    }

    /// Appends text written elsewhere (already indented), as is.
    pub fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// One line at the current indentation.
    pub fn line(&mut self, line: impl Display) {
        self.start_line();
        write!(self.text, "{line}").expect("writing to a String cannot fail");
        self.text.push('\n');
    }

    /// Whether `line` fits in [`MAX_WIDTH`] at the current indentation.
    pub fn fits(&self, line: &str) -> bool {
        self.indent * INDENT.len() + line.chars().count() <= MAX_WIDTH
    }

    /// Whether `line` fits in [`MAX_WIDTH`] one level deeper than the current indentation.
    pub fn fits_indented(&self, line: &str) -> bool {
        (self.indent + 1) * INDENT.len() + line.chars().count() <= MAX_WIDTH
    }

    /// `head rest` on one line if it fits, else `head` and, one level deeper, `rest` if both fit
    /// (a `let x =` with its value below); otherwise nothing is written.
    #[must_use]
    pub fn line_or_continued_if_fits(&mut self, head: &str, rest: &str) -> bool {
        if self.line_if_fits(format_args!("{head} {rest}")) {
            return true;
        }
        if !(self.fits(head) && self.fits_indented(rest)) {
            return false;
        }
        self.line(head);
        self.indented(|code| code.line(rest));
        true
    }

    /// Each line of `text` at the current indentation (nothing for empty text).
    pub fn lines(&mut self, text: &str) {
        for line in text.lines() {
            self.line(line);
        }
    }

    /// One line if it fits in [`MAX_WIDTH`]; otherwise nothing is written and the caller lays the
    /// construct out over several lines.
    #[must_use]
    pub fn line_if_fits(&mut self, line: impl Display) -> bool {
        let start = self.text.len();
        self.line(line);
        let width = self.text[start..].trim_end_matches('\n').chars().count();
        if width <= MAX_WIDTH {
            return true;
        }
        self.text.truncate(start);
        false
    }

    /// Starts an item: a blank line after what came before it, unless it is the first thing
    /// written or the first thing in a block.
    pub fn item(&mut self) {
        let block_start = self.opened.last() == Some(&self.text.len());
        if !self.text.is_empty() && !block_start {
            self.text.push('\n');
        }
    }

    /// `head {`, then what follows is one level deeper until [`Code::close`].
    pub fn open(&mut self, head: impl Display) {
        self.begin(format_args!("{head} {{"));
    }

    /// A line that opens a bracket (`&[`, `(`), then what follows is one level deeper until
    /// [`Code::end`].
    pub fn begin(&mut self, line: impl Display) {
        self.line(line);
        self.enter();
    }

    /// What follows the line just written is one level deeper, in a block that ends with
    /// [`Code::close`] or [`Code::end`].
    fn enter(&mut self) {
        self.indent += 1;
        self.opened.push(self.text.len());
    }

    /// The line closing what [`Code::begin`] opened, one level up.
    pub fn end(&mut self, line: impl Display) {
        self.indent -= 1;
        self.opened.pop().expect("end() matches a begin()");
        self.line(line);
    }

    /// `}` one level up.
    pub fn close(&mut self) {
        self.close_with("");
    }

    /// `}` and what follows it on the line (`};`, `})`, `},`), one level up. A block left empty
    /// closes on its opening line: `pub struct Empty {}`.
    pub fn close_with(&mut self, tail: &str) {
        self.indent -= 1;
        let opened = self.opened.pop().expect("close() matches an open()");
        if opened == self.text.len() {
            self.text.truncate(self.text.len() - 1);
            self.text.push('}');
            self.text.push_str(tail);
            self.text.push('\n');
        } else {
            self.line(format_args!("}}{tail}"));
        }
    }

    /// Lines one level deeper than the current ones, written by `body`.
    pub fn indented(&mut self, body: impl FnOnce(&mut Self)) {
        self.indent += 1;
        body(self);
        self.indent -= 1;
    }

    /// `///` comments, one per line of each of `lines`.
    pub fn doc<S: AsRef<str>>(&mut self, lines: impl IntoIterator<Item = S>) {
        self.doc_lines("///", "#", lines);
    }

    /// `//!` comments: documentation of the enclosing module or crate.
    pub fn inner_doc<S: AsRef<str>>(&mut self, lines: impl IntoIterator<Item = S>) {
        self.doc_lines("//!", "#!", lines);
    }

    /// Doc comment lines (`comment` is `///` or `//!`); as `#[doc = "..."]` (`pound` is `#` or
    /// `#!`) a line holding a character a comment cannot (a carriage return is an error in one).
    fn doc_lines<S: AsRef<str>>(
        &mut self,
        comment: &str,
        pound: &str,
        lines: impl IntoIterator<Item = S>,
    ) {
        for line in lines {
            for text in line.as_ref().split('\n') {
                if text.contains('\r') {
                    self.line(format_args!("{pound}[doc = {:?}]", format!(" {text}")));
                } else if text.is_empty() {
                    self.line(comment);
                } else {
                    self.line(format_args!("{comment} {text}"));
                }
            }
        }
    }

    /// `head` followed by `parts` joined by `separator` and then `tail`, on one line if it fits;
    /// else `head` and the first part on the first line and every further part on a line of its
    /// own, one level deeper and starting with the separator, as binary operators are broken:
    ///
    /// ```text
    /// let flags: u32 = u32::from(self.out) << 1
    ///     | u32::from(self.silent) << 13;
    /// ```
    pub fn chain(&mut self, head: &str, parts: &[String], separator: &str, tail: &str) {
        if self.line_if_fits(format_args!("{head}{}{tail}", Joined(parts, separator))) {
            return;
        }
        let (first, rest) = parts.split_first().expect("a chain has a part");
        if rest.is_empty() {
            self.line(format_args!("{head}{first}{tail}"));
            return;
        }
        self.line(format_args!("{head}{first}"));
        self.indented(|code| {
            let separator = separator.trim_start();
            for (i, part) in rest.iter().enumerate() {
                let tail = if i + 1 == rest.len() { tail } else { "" };
                code.line(format_args!("{separator}{part}{tail}"));
            }
        });
    }

    /// `open` + `items` joined by `, ` + `close` on one line if it fits; else `open` ending the
    /// first line, one item per line with a trailing comma, and `close` on the last:
    ///
    /// ```text
    /// Ok(Self {
    ///     id,
    ///     out: flags & (1 << 1) != 0,
    /// })
    /// ```
    pub fn list(&mut self, open: &str, items: &[impl Display], close: &str) {
        if self.line_if_fits(format_args!("{open}{}{close}", Joined(items, ", "))) {
            return;
        }
        self.line(open.trim_end());
        self.indented(|code| {
            for item in items {
                code.line(format_args!("{item},"));
            }
        });
        self.line(close.trim_start());
    }

    /// A block whose head is `open` + `items` + `close` (`fn f(a: A) -> T`), on one line if it
    /// fits, else with one item per line as in [`Code::list`]; then ` {` and a block to
    /// [`Code::close`].
    pub fn open_list(&mut self, open: &str, items: &[impl Display], close: &str) {
        self.list(open, items, &format!("{close} {{"));
        self.enter();
    }

    /// `impl ... for Type {`, or when that is too wide, `for Type` on a line of its own and the
    /// brace on the next, as rustfmt breaks impl headers.
    pub fn open_impl(&mut self, head: &str, self_type: &str) {
        if !self.line_if_fits(format_args!("{head} for {self_type} {{")) {
            self.line(head);
            self.indented(|code| code.line(format_args!("for {self_type}")));
            self.line("{");
        }
        self.enter();
    }

    /// A match arm: `pattern => expr,` on one line if it fits, else the expression in a block.
    pub fn arm(&mut self, pattern: &str, expr: &str) {
        if !self.line_if_fits(format_args!("{pattern} => {expr},")) {
            self.open(format_args!("{pattern} =>"));
            self.line(expr);
            self.close();
        }
    }

    fn start_line(&mut self) {
        for _ in 0..self.indent {
            self.text.push_str(INDENT);
        }
    }
}

/// Items joined by a separator, written without an intermediate `String`.
pub struct Joined<'a, T>(pub &'a [T], pub &'a str);

impl<T: Display> Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(self.1)?;
            }
            write!(f, "{item}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_that_fits_stays_on_one_line() {
        let mut code = Code::new(1);
        code.chain("x = ", &["a".into(), "b".into()], " + ", ";");
        assert_eq!(code.into_string(), "    x = a + b;\n");
    }

    #[test]
    fn a_long_chain_puts_each_further_part_on_its_own_line() {
        let mut code = Code::new(0);
        let parts = vec!["a".repeat(60), "b".repeat(60)];
        code.chain("x = ", &parts, " + ", ";");
        let text = code.into_string();
        assert_eq!(text, format!("x = {}\n    + {};\n", parts[0], parts[1]));
    }

    #[test]
    fn a_long_list_puts_each_item_on_its_own_line_with_a_trailing_comma() {
        let mut code = Code::new(0);
        let items = vec!["a".repeat(60), "b".repeat(60)];
        code.list("f(", &items, ")");
        let text = code.into_string();
        assert_eq!(
            text,
            format!("f(\n    {},\n    {},\n)\n", items[0], items[1])
        );
    }

    #[test]
    fn line_if_fits_counts_indentation_and_writes_nothing_when_too_wide() {
        let mut code = Code::new(1);
        assert!(code.line_if_fits("a".repeat(96)));
        assert!(!code.line_if_fits("a".repeat(97)));
        assert_eq!(code.into_string(), format!("    {}\n", "a".repeat(96)));
    }

    #[test]
    fn doc_lines_become_comments_or_attributes_when_a_comment_cannot_hold_them() {
        let mut code = Code::new(0);
        code.doc(["one", "", "two\nthree", "cr\rhere"]);
        assert_eq!(
            code.into_string(),
            "/// one\n///\n/// two\n/// three\n#[doc = \" cr\\rhere\"]\n"
        );
    }
}
