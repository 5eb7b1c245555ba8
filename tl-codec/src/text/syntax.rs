//! TL text -> a syntax tree with spans, knowing nothing of the schema: `(name args...)`, `[items]`,
//! `"strings"` and words (numbers, hex, names). [`super::parse`] gives it types.
//!
//! Recursive descent with a depth limit, so that 100,000 `(` are an error and not a stack
//! overflow; every node takes at least one byte of input, so the tree is linear in its size.

use tlgen_parser::Span;

use crate::error::ParseError;
use crate::limits::Limits;

/// One value as written.
#[derive(Debug)]
pub(crate) struct Node<'t> {
    pub(crate) kind: Kind<'t>,
    pub(crate) span: Span,
}

#[derive(Debug)]
pub(crate) enum Kind<'t> {
    /// A number, `0x..` hex, `true`, `NaN`, or a constructor name without arguments.
    Word(&'t str),
    /// A quoted string, escapes resolved (`\xNN` may make it invalid UTF-8, on purpose).
    Str(Vec<u8>),
    Vector(Vec<Node<'t>>),
    /// `(name args...)`, or at the top level `name args...` without parentheses.
    Object {
        name: &'t str,
        name_span: Span,
        args: Vec<Arg<'t>>,
    },
}

/// `name:value` or a positional `value`.
#[derive(Debug)]
pub(crate) struct Arg<'t> {
    pub(crate) name: Option<(&'t str, Span)>,
    pub(crate) value: Node<'t>,
}

/// The whole input: a value and the `: Type` written after it, if any (the docs' `int_couple 3 4
/// : IntCouple`).
pub(crate) struct Document<'t> {
    pub(crate) value: Node<'t>,
    pub(crate) annotation: Option<(&'t str, Span)>,
}

pub(crate) fn document<'t>(text: &'t str, limits: &mut Limits) -> Result<Document<'t>, ParseError> {
    let mut p = Parser {
        text,
        pos: 0,
        limits,
    };
    p.skip_ws();
    let start = p.pos;
    let value = match p.peek() {
        // `name args...` without parentheses, as the serialization page writes its examples.
        Some(b) if is_word_byte(b) && b.is_ascii_alphabetic() => {
            let name = p.word();
            let name_span = Span::new(start, p.pos);
            let args = p.args(None)?;
            if args.is_empty() {
                Node {
                    kind: Kind::Word(name),
                    span: name_span,
                }
            } else {
                Node {
                    kind: Kind::Object {
                        name,
                        name_span,
                        args,
                    },
                    span: Span::new(start, p.pos),
                }
            }
        }
        _ => p.node()?,
    };
    p.skip_ws();
    let annotation = if p.peek() == Some(b':') {
        p.pos += 1;
        p.skip_ws();
        let from = p.pos;
        let ty = p.text[from..].trim_end();
        if ty.is_empty() {
            return Err(p.error_here("expected a type after `:`", "a type, e.g. `IntTree`"));
        }
        p.pos = p.text.len();
        Some((ty, Span::new(from, from + ty.len())))
    } else {
        None
    };
    p.skip_ws();
    if p.pos < p.text.len() {
        return Err(p.error_here("unexpected text after the value", "expected the end"));
    }
    Ok(Document { value, annotation })
}

/// Bytes a word is made of: names (`auth.sendCode`), numbers (`-1.5e-3`), hex (`0xff`), `NaN#..`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'+' | b'#')
}

struct Parser<'t, 'l> {
    text: &'t str,
    pos: usize,
    limits: &'l mut Limits,
}

impl<'t> Parser<'t, '_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn word(&mut self) -> &'t str {
        let start = self.pos;
        while self.peek().is_some_and(is_word_byte) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// An error at the current position, one character wide (or at the end).
    fn error_here(&self, message: &str, label: &str) -> ParseError {
        let len = self.text[self.pos..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        ParseError::at(Span::new(self.pos, self.pos + len), message, label)
    }

    fn node(&mut self) -> Result<Node<'t>, ParseError> {
        self.skip_ws();
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'(') => {
                self.pos += 1;
                self.skip_ws();
                let name_start = self.pos;
                let name = self.word();
                if name.is_empty() {
                    let label = "a name, e.g. `boolTrue`";
                    return Err(self.error_here("expected a constructor name", label));
                }
                let name_span = Span::new(name_start, self.pos);
                self.skip_ws();
                // A constructor without arguments, `(boolTrue)`, is a leaf: no level, so that
                // a `Bool` (no level when decoded) prints at the deepest level and reads back.
                let args = if self.peek() == Some(b')') {
                    Vec::new()
                } else {
                    self.nested(|p| p.args(Some(b')')))?
                };
                self.pos += 1;
                Kind::Object {
                    name,
                    name_span,
                    args,
                }
            }
            Some(b'[') => self.nested(|p| {
                p.pos += 1;
                let mut items = Vec::new();
                loop {
                    p.skip_ws();
                    match p.peek() {
                        Some(b']') => break,
                        // Commas between items are allowed, as the TL page writes `[2,3,4]`.
                        Some(b',') if !items.is_empty() => p.pos += 1,
                        None => return Err(p.error_here("unclosed `[`", "expected `]`")),
                        _ => items.push(p.node()?),
                    }
                }
                p.pos += 1;
                Ok(Kind::Vector(items))
            })?,
            Some(b'"') => Kind::Str(self.string()?),
            Some(b) if is_word_byte(b) => Kind::Word(self.word()),
            None => return Err(self.error_here("expected a value, found the end", "a value")),
            Some(_) => return Err(self.error_here("expected a value", "not a value")),
        };
        Ok(Node {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    /// Runs `f` one level deeper, failing past the depth limit.
    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ParseError>,
    ) -> Result<T, ParseError> {
        if let Err(message) = self.limits.enter() {
            return Err(self.error_here(&message, "here"));
        }
        let result = f(self);
        self.limits.leave();
        result
    }

    /// Arguments up to `close` (not consumed), or at the top level (`None`) up to the end or a
    /// `:` that starts a type annotation.
    fn args(&mut self, close: Option<u8>) -> Result<Vec<Arg<'t>>, ParseError> {
        let mut args = Vec::new();
        loop {
            self.skip_ws();
            match (self.peek(), close) {
                (Some(b), Some(c)) if b == c => break,
                (None, Some(_)) => return Err(self.error_here("unclosed `(`", "expected `)`")),
                (None | Some(b':'), None) => break,
                _ => {}
            }
            let start = self.pos;
            let name = self.word();
            if !name.is_empty() && self.peek() == Some(b':') && is_identifier(name) {
                self.pos += 1;
                let value = self.node()?;
                args.push(Arg {
                    name: Some((name, Span::new(start, start + name.len()))),
                    value,
                });
            } else {
                self.pos = start;
                let value = self.node()?;
                args.push(Arg { name: None, value });
            }
        }
        Ok(args)
    }

    /// A quoted string, at its opening `"`.
    fn string(&mut self) -> Result<Vec<u8>, ParseError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(end) = rest.find(['"', '\\']) else {
                return Err(ParseError::at(
                    Span::new(open, open + 1),
                    "unterminated string",
                    "this `\"` is never closed",
                ));
            };
            out.extend_from_slice(&rest.as_bytes()[..end]);
            self.pos += end;
            if rest.as_bytes()[end] == b'"' {
                self.pos += 1;
                return Ok(out);
            }
            self.escape(&mut out)?;
        }
    }

    /// One escape, at its `\`.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<(), ParseError> {
        let start = self.pos;
        let rest = &self.text[start + 1..];
        let bad = |len: usize, label: &str| {
            let end = start + 1 + rest.chars().next().map_or(0, char::len_utf8).max(len);
            ParseError::at(
                Span::new(start, end.min(self.text.len())),
                "bad escape",
                label,
            )
        };
        let (byte_len, bytes): (usize, Vec<u8>) = match rest.as_bytes().first() {
            Some(b'"') => (1, vec![b'"']),
            Some(b'\\') => (1, vec![b'\\']),
            Some(b'n') => (1, vec![b'\n']),
            Some(b'r') => (1, vec![b'\r']),
            Some(b't') => (1, vec![b'\t']),
            Some(b'0') => (1, vec![0]),
            Some(b'x') => {
                let hex = rest
                    .get(1..3)
                    .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => (3, vec![b]),
                    None => return Err(bad(3, "`\\x` takes two hex digits")),
                }
            }
            Some(b'u') => {
                let close = rest.find('}');
                let c = rest
                    .strip_prefix("u{")
                    .zip(close)
                    .and_then(|(_, close)| u32::from_str_radix(&rest[2..close], 16).ok())
                    .and_then(char::from_u32);
                match (c, close) {
                    (Some(c), Some(close)) if close <= 8 => (close + 1, c.to_string().into_bytes()),
                    _ => return Err(bad(2, "`\\u{..}` takes 1 to 6 hex digits of a character")),
                }
            }
            _ => {
                return Err(bad(
                    1,
                    "known escapes: \\\" \\\\ \\n \\r \\t \\0 \\xNN \\u{N}",
                ));
            }
        };
        out.extend_from_slice(&bytes);
        self.pos = start + 1 + byte_len;
        Ok(())
    }
}

/// A field name: a letter or `_`, then letters, digits and `_`.
fn is_identifier(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, max_depth: u32) -> Result<(), ParseError> {
        let options = tlgen_runtime::DecodeOptions {
            max_depth,
            ..Default::default()
        };
        document(text, &mut Limits::new(&options)).map(|_| ())
    }

    fn doc(text: &str) -> Document<'_> {
        let mut limits = Limits::new(&Default::default());
        document(text, &mut limits).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn objects_named_and_positional() {
        let d = doc(r#" (auth.sendCall "799" phone_code_hash:"2dc" x:[1, 2 (a)]) "#);
        let Kind::Object { name, args, .. } = &d.value.kind else {
            panic!("{:?}", d.value)
        };
        assert_eq!(*name, "auth.sendCall");
        assert!(args[0].name.is_none());
        assert!(matches!(&args[0].value.kind, Kind::Str(s) if s == b"799"));
        assert_eq!(args[1].name.unwrap().0, "phone_code_hash");
        assert!(matches!(&args[2].value.kind, Kind::Vector(v) if v.len() == 3));
        assert!(d.annotation.is_none());
    }

    #[test]
    fn top_level_without_parentheses_and_annotation() {
        let d = doc("int_tree (int_tree (empty_tree) 1 (empty_tree)) 2 (empty_tree): IntTree");
        assert!(
            matches!(&d.value.kind, Kind::Object { name: "int_tree", args, .. } if args.len() == 3)
        );
        assert_eq!(d.annotation.unwrap().0, "IntTree");
        let d = doc("int_couple 3 4 : %int_couple");
        assert_eq!(d.annotation.unwrap().0, "%int_couple");
        assert!(matches!(doc("boolTrue").value.kind, Kind::Word("boolTrue")));
        assert!(matches!(doc("-1.5e3").value.kind, Kind::Word("-1.5e3")));
    }

    #[test]
    fn escapes() {
        let d = doc(r#""a\"\\\n\r\t\0\xff\u{41}\u{1F600}""#);
        let Kind::Str(s) = d.value.kind else { panic!() };
        assert_eq!(s, b"a\"\\\n\r\t\0\xffA\xf0\x9f\x98\x80");
    }

    #[test]
    fn errors_point_at_the_fault() {
        let cases: &[(&str, usize, &str)] = &[
            ("(a x:", 5, "expected a value, found the end"),
            ("(a", 2, "unclosed `(`"),
            ("[1 2", 4, "unclosed `[`"),
            ("(a \"xy", 3, "unterminated string"),
            (r#"(a "\q")"#, 4, "bad escape"),
            (r#""\x4""#, 1, "bad escape"),
            (r#""\u{110000}""#, 1, "bad escape"),
            ("()", 1, "expected a constructor name"),
            ("(a) (b)", 4, "unexpected text after the value"),
            ("(a) :", 5, "expected a type after `:`"),
            (")", 0, "expected a value"),
            ("", 0, "expected a value, found the end"),
            ("(a [,])", 4, "expected a value"),
        ];
        for &(text, at, message) in cases {
            let e = parse(text, 100).unwrap_err();
            assert_eq!(
                (e.span.unwrap().start, e.message.as_str()),
                (at, message),
                "{text}"
            );
        }
    }

    #[test]
    fn depth_is_limited() {
        let deep = "(a ".repeat(100_000);
        let leaf = format!("{}(a){}", "[".repeat(20), "]".repeat(20));
        assert!(
            parse(&leaf, 20).is_ok(),
            "a constructor without arguments is no level"
        );
        let e = parse(&deep, 100).unwrap_err();
        assert!(
            e.message.starts_with("nested deeper than the limit of "),
            "{e}"
        );
        let deep = "[".repeat(100_000);
        assert!(parse(&deep, 100).is_err());
        // The level count; the stack budget (192 KiB) stops unoptimized builds, whose frames
        // are several KiB, a few dozen levels earlier.
        let levels = if cfg!(debug_assertions) { 20 } else { 100 };
        let ok = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        assert!(parse(&ok, levels as u32).is_ok());
        let over = format!("{}{}", "[".repeat(levels + 1), "]".repeat(levels + 1));
        let message = format!("nested deeper than the limit of {levels}");
        assert_eq!(parse(&over, levels as u32).unwrap_err().message, message);
    }
}
