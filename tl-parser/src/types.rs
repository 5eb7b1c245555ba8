//! Type expressions: `int`, `ns.Type`, `%Type`, `!X`, `#`, `Vector<T>`, `vector<%T>` and `(Vector T)`.
//!
//! The parser is recursive, so it counts its depth and gives up with an error past [`MAX_DEPTH`]
//! levels instead of overflowing the stack on input such as 100,000 `(`.

use crate::ast::{Name, Span, TypeExpr};
use crate::lex::{dotted_name, ws};
use crate::syntax_error::{Expected, PResult, SyntaxError};

/// How deeply types may nest (`Vector<Vector<...>>`, `((...))`). Real schemas use 3 at most. A
/// level takes about 5 KiB of stack in a debug build, so 16 levels stay far below the 256 KiB
/// the parser is tested on (tests/tests/parser_hostile.rs; 48 levels overflowed it).
pub const MAX_DEPTH: usize = 16;

/// How many parameters a definition, or arguments a type, may have. Real schemas stay under 100;
/// the limit keeps memory bounded on hostile input.
pub const MAX_ITEMS: usize = 1024;

/// The span from the start of `from` to the start of `to`, both suffixes of `base`.
pub(crate) fn span_between(base: &str, from: &str, to: &str) -> Span {
    Span::new(base.len() - from.len(), base.len() - to.len())
}

/// The span of the first `len` bytes of `at`, a suffix of `base`.
pub(crate) fn span_at(base: &str, at: &str, len: usize) -> Span {
    let start = base.len() - at.len();
    Span::new(start, start + len.min(at.len()))
}

/// Whether `s` starts with something [`type_term`] can parse (used to decide whether a type ends).
pub(crate) fn starts_type(s: &str) -> bool {
    s.as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'%' | b'!' | b'(' | b'#'))
}

/// Turns a recoverable "no type here" into a hard failure expecting `what` at that place.
fn cut<'a, T>(r: PResult<'a, T>, what: Expected) -> PResult<'a, T> {
    match r {
        Err(nom::Err::Error(e)) => Err(nom::Err::Failure(SyntaxError::at_token(e.at, what))),
        other => other,
    }
}

/// One type term. Returns a recoverable `Error` when `s` does not start a type at all, and a
/// `Failure` once something type-like has been consumed and turns out wrong.
pub(crate) fn type_term<'a>(base: &'a str, s: &'a str, depth: usize) -> PResult<'a, TypeExpr<'a>> {
    if depth >= MAX_DEPTH {
        return SyntaxError::fail(s, Expected::TooDeep);
    }
    let start = s;
    let mut s = s;
    let bang = match s.strip_prefix('!') {
        Some(r) => {
            s = r;
            true
        }
        None => false,
    };
    let percent = match s.strip_prefix('%') {
        Some(r) => {
            s = r;
            true
        }
        None => false,
    };
    let prefixed = bang || percent;

    if let Some(r) = s.strip_prefix('(') {
        // `(Head arg arg ...)`: the head's arguments by juxtaposition.
        let r = ws(r)?;
        let (mut r, mut inner) = cut(type_term(base, r, depth + 1), Expected::Type)?;
        loop {
            r = ws(r)?;
            if let Some(after) = r.strip_prefix(')') {
                r = after;
                break;
            }
            if inner.args.len() >= MAX_ITEMS {
                return SyntaxError::fail(r, Expected::TooMany);
            }
            let (after, arg) = cut(type_term(base, r, depth + 1), Expected::Close(')'))?;
            inner.args.push(arg);
            r = after;
        }
        inner.bang |= bang;
        inner.percent |= percent;
        inner.span = span_between(base, start, r);
        return Ok((r, inner));
    }

    let (rest, name) = if let Some(r) = s.strip_prefix('#') {
        let name = Name {
            namespace: None,
            name: "#",
            span: span_between(base, s, r),
        };
        (r, name)
    } else {
        match dotted_name(s) {
            Ok((r, n)) => {
                let name = Name {
                    namespace: n.namespace,
                    name: n.name,
                    span: span_between(base, s, r),
                };
                (r, name)
            }
            Err(_) if prefixed => return SyntaxError::fail(s, Expected::Type),
            Err(_) => return Err(nom::Err::Error(SyntaxError::at_token(s, Expected::Type))),
        }
    };

    let mut ty = TypeExpr {
        name,
        percent,
        bang,
        args: Vec::new(),
        span: span_between(base, start, rest),
    };

    // `<A, B>` arguments, right after the name as every schema writes them.
    let Some(mut r) = rest.strip_prefix('<') else {
        return Ok((rest, ty));
    };
    loop {
        r = ws(r)?;
        if ty.args.len() >= MAX_ITEMS {
            return SyntaxError::fail(r, Expected::TooMany);
        }
        let (after, mut arg) = cut(type_term(base, r, depth + 1), Expected::Type)?;
        r = after;
        // Juxtaposed arguments inside the brackets: `Vector<Vector int>`.
        loop {
            r = ws(r)?;
            match r.as_bytes().first() {
                Some(b',') => {
                    r = &r[1..];
                    break;
                }
                Some(b'>') => break,
                _ => {}
            }
            if arg.args.len() >= MAX_ITEMS {
                return SyntaxError::fail(r, Expected::TooMany);
            }
            let (after, sub) = cut(type_term(base, r, depth + 1), Expected::CommaOrAngle)?;
            arg.args.push(sub);
            arg.span.end = base.len() - after.len();
            r = after;
        }
        ty.args.push(arg);
        if let Some(after) = r.strip_prefix('>') {
            r = after;
            break;
        }
    }
    ty.span = span_between(base, start, r);
    Ok((r, ty))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> TypeExpr<'_> {
        let (rest, t) = type_term(s, s, 0).unwrap();
        assert_eq!(rest, "", "unparsed rest of {s:?}");
        t
    }

    #[test]
    fn simple_and_namespaced() {
        let t = parse("auth.SentCode");
        assert_eq!(t.name.namespace, Some("auth"));
        assert_eq!(t.name.name, "SentCode");
        assert_eq!(t.span, Span::new(0, 13));
        assert!(!t.is_bare());
        assert!(parse("int").is_bare());
        assert!(parse("%Message").is_bare());
        assert!(parse("#").is_nat());
        assert!(parse("!X").bang);
    }

    #[test]
    fn angle_and_paren_arguments_normalize_alike() {
        for s in [
            "Vector<long>",
            "(Vector long)",
            "Vector< long >",
            "( Vector  long )",
        ] {
            assert_eq!(parse(s).to_string(), "Vector long", "{s}");
        }
        let t = parse("Vector<Vector<%Message>>");
        assert_eq!(t.to_string(), "Vector Vector %Message");
        assert_eq!(t.args[0].args[0].span, Span::new(14, 22));
        assert_eq!(parse("(vector bytes)").args[0].name.name, "bytes");
        assert_eq!(parse("Map<K, V>").args.len(), 2);
        assert_eq!(parse("Vector<Vector int>").args[0].args.len(), 1);
    }

    #[test]
    fn rest_is_left_for_the_caller() {
        let s = "Vector<int> x:y";
        let (rest, t) = type_term(s, s, 0).unwrap();
        assert_eq!(rest, " x:y");
        assert_eq!(t.span, Span::new(0, 11));
    }

    #[test]
    fn errors() {
        assert!(matches!(type_term("=", "=", 0), Err(nom::Err::Error(_))));
        assert!(matches!(
            type_term("%=", "%=", 0),
            Err(nom::Err::Failure(_))
        ));
        assert!(matches!(
            type_term("Vector<int", "Vector<int", 0),
            Err(nom::Err::Failure(_))
        ));
        assert!(matches!(
            type_term("(int", "(int", 0),
            Err(nom::Err::Failure(_))
        ));
    }

    #[test]
    fn depth_is_limited() {
        let deep = format!("{}int{}", "(".repeat(100_000), ")".repeat(100_000));
        let Err(nom::Err::Failure(e)) = type_term(&deep, &deep, 0) else {
            panic!("expected failure");
        };
        assert_eq!(e.expected, Expected::TooDeep);
        // The outermost type is level 0.
        let ok = format!(
            "{}int{}",
            "Vector<".repeat(MAX_DEPTH - 1),
            ">".repeat(MAX_DEPTH - 1)
        );
        assert!(type_term(&ok, &ok, 0).is_ok());
        let deep = format!(
            "{}int{}",
            "Vector<".repeat(MAX_DEPTH),
            ">".repeat(MAX_DEPTH)
        );
        assert!(type_term(&deep, &deep, 0).is_err());
        let deep = format!("{}int{}", "Vector<".repeat(100_000), ">".repeat(100_000));
        assert!(type_term(&deep, &deep, 0).is_err());
    }
}
