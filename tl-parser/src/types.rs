//! Type expressions: `int`, `ns.Type`, `%Type`, `!X`, `#`, `Vector<T>`, `vector<%T>`, `Map<K, V>`
//! and `(Vector T)`.
//!
//! ```text
//! type_expr    = "!"? "%"? ( "(" type_expr type_expr* ")" | "#" | dotted_name type_args? )
//! type_args    = "<" type_arg ( "," type_arg )* ">"        (no space before "<")
//! type_arg     = type_expr type_expr*                       (`Vector<Vector int>`)
//! ```
//!
//! The parser is recursive, so it counts its depth and gives up with an error past [`MAX_DEPTH`]
//! levels instead of overflowing the stack on input such as 100,000 `(`.

use nom::Parser;
use nom::branch::alt;
use nom::character::complete::char;
use nom::combinator::{map, opt};
use nom::sequence::{delimited, pair, preceded};

use crate::ast::{Name, Span, TypeExpr};
use crate::lex::{dotted_name, spaced, ws};
use crate::syntax_error::{Expected, PResult, SyntaxError, expect, items};

/// How deeply types may nest (`Vector<Vector<...>>`, `((...))`). Real schemas use 3 at most
/// (TDLib's `vector<vector<keyboardButton>>`). A level is about a dozen combinator frames, over
/// 10 KiB of stack in a debug build, so 8 levels stay well below the 256 KiB the parser is tested
/// on (tests/tests/parser_hostile.rs; 16 overflowed it).
pub const MAX_DEPTH: usize = 8;

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

/// One type expression (see the module docs), at nesting level `depth`. Gives a recoverable
/// `Error` when `s` does not start a type at all, and a `Failure` once something type-like has
/// been read and turns out wrong.
pub(crate) fn type_expr<'a>(base: &'a str, depth: usize, s: &'a str) -> PResult<'a, TypeExpr<'a>> {
    if depth >= MAX_DEPTH {
        return SyntaxError::fail(s, Expected::TooDeep);
    }
    let (rest, (bang, percent)) = (flag(char('!')), flag(char('%'))).parse(s)?;
    let mut term = alt((
        |r| parenthesized(base, depth, r),
        |r| applied(base, depth, r),
    ));
    // After `!` or `%` a type must follow.
    let (rest, mut ty) = if bang || percent {
        expect(Expected::Type, term).parse(rest)?
    } else {
        term.parse(rest)?
    };
    ty.bang |= bang;
    ty.percent |= percent;
    ty.span = span_between(base, s, rest);
    Ok((rest, ty))
}

/// Whether `p` (a one-character prefix) is there, consuming it if so.
fn flag<'a>(
    p: impl Parser<&'a str, Error = SyntaxError<'a>>,
) -> impl Parser<&'a str, Output = bool, Error = SyntaxError<'a>> {
    map(opt(p), |o| o.is_some())
}

/// `(Head arg arg ...)`: the head's arguments by juxtaposition.
fn parenthesized<'a>(base: &'a str, depth: usize, s: &'a str) -> PResult<'a, TypeExpr<'a>> {
    let inner = |r| type_expr(base, depth + 1, r);
    let (rest, (mut head, args)) = delimited(
        char('('),
        pair(
            preceded(ws, expect(Expected::Type, inner)),
            items(spaced(inner)),
        ),
        preceded(ws, expect(Expected::Close(')'), char(')'))),
    )
    .parse(s)?;
    head.args.extend(args);
    Ok((rest, head))
}

/// `#`, or a name with optional `<...>` arguments right after it.
fn applied<'a>(base: &'a str, depth: usize, s: &'a str) -> PResult<'a, TypeExpr<'a>> {
    let nat = map(char('#'), |_| (None, "#"));
    let named = map(dotted_name, |n| (n.namespace, n.name));
    let (rest, (namespace, name)) = alt((nat, named)).parse(s)?;
    let name = Name {
        namespace,
        name,
        span: span_between(base, s, rest),
    };
    let (rest, args) = opt(|r| type_args(base, depth, r)).parse(rest)?;
    let ty = TypeExpr {
        name,
        percent: false,
        bang: false,
        args: args.unwrap_or_default(),
        span: span_between(base, s, rest),
    };
    Ok((rest, ty))
}

/// `<A, B>`; each argument may have juxtaposed arguments of its own (`Vector<Vector int>`).
fn type_args<'a>(base: &'a str, depth: usize, s: &'a str) -> PResult<'a, Vec<TypeExpr<'a>>> {
    let arg = move |r| type_arg(base, depth + 1, r);
    let comma_arg = move |r| preceded(char(','), spaced(arg)).parse(r);
    let (rest, (first, mut more)) = delimited(
        char('<'),
        pair(spaced(arg), items(spaced(comma_arg))),
        preceded(ws, expect(Expected::CommaOrAngle, char('>'))),
    )
    .parse(s)?;
    more.insert(0, first);
    Ok((rest, more))
}

/// One argument inside `<...>`: a type, and the types juxtaposed after it.
fn type_arg<'a>(base: &'a str, depth: usize, s: &'a str) -> PResult<'a, TypeExpr<'a>> {
    let inner = |r| type_expr(base, depth, r);
    let (rest, (mut arg, more)) =
        pair(expect(Expected::Type, inner), items(spaced(inner))).parse(s)?;
    if !more.is_empty() {
        arg.args.extend(more);
        arg.span.end = base.len() - rest.len();
    }
    Ok((rest, arg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> TypeExpr<'_> {
        let (rest, t) = type_expr(s, 0, s).unwrap();
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
        let (rest, t) = type_expr(s, 0, s).unwrap();
        assert_eq!(rest, " x:y");
        assert_eq!(t.span, Span::new(0, 11));
    }

    #[test]
    fn errors() {
        assert!(matches!(type_expr("=", 0, "="), Err(nom::Err::Error(_))));
        assert!(matches!(
            type_expr("%=", 0, "%="),
            Err(nom::Err::Failure(_))
        ));
        assert!(matches!(
            type_expr("Vector<int", 0, "Vector<int"),
            Err(nom::Err::Failure(_))
        ));
        assert!(matches!(
            type_expr("(int", 0, "(int"),
            Err(nom::Err::Failure(_))
        ));
    }

    #[test]
    fn depth_is_limited() {
        let deep = format!("{}int{}", "(".repeat(100_000), ")".repeat(100_000));
        let Err(nom::Err::Failure(e)) = type_expr(&deep, 0, &deep) else {
            panic!("expected failure");
        };
        assert_eq!(e.expected, Expected::TooDeep);
        // The outermost type is level 0.
        let ok = format!(
            "{}int{}",
            "Vector<".repeat(MAX_DEPTH - 1),
            ">".repeat(MAX_DEPTH - 1)
        );
        assert!(type_expr(&ok, 0, &ok).is_ok());
        let deep = format!(
            "{}int{}",
            "Vector<".repeat(MAX_DEPTH),
            ">".repeat(MAX_DEPTH)
        );
        assert!(type_expr(&deep, 0, &deep).is_err());
        let deep = format!("{}int{}", "Vector<".repeat(100_000), ">".repeat(100_000));
        assert!(type_expr(&deep, 0, &deep).is_err());
    }
}
