//! One definition, from its name to its `;`: `ns.name#id {X:Type} params... = Result args;`.
//!
//! ```text
//! definition   = name_and_id generics ( "?" | param* ) "=" result ";"
//! name_and_id  = dotted_name ( "#" hex_id )?
//! generics     = ( "{" generic_param* "}" )*
//! generic_param = ident ":" ( "#" | ident )
//! param        = ( ident ":" )? ( "#" | repeat | flag_cond? type_expr )
//!              | ident ":" flag_cond? "Vector" type_expr       (old schemas: `Vector long`)
//! flag_cond    = ident "." decimal "?"
//! repeat       = ( decimal "*" )? "[" type_expr* "]"
//! result       = type_expr type_expr*          (arguments on the same line as `=`)
//! ```
//!
//! with trivia between tokens. Ids are not computed here (the `bytes` rule depends on the whole
//! file), nor docs attached (they come from the comments before the definition); see `id` and `docs`.

use nom::Parser;
use nom::branch::alt;
use nom::character::complete::char;
use nom::combinator::{map, not, opt, peek, success};
use nom::sequence::{delimited, pair, preceded, separated_pair, terminated};

use crate::ast::{
    Category, Definition, DefinitionKind, Doc, FlagRef, GenericParam, Id, Name, Param, ParamKind,
    TypeExpr,
};
use crate::lex::{decimal_u32, dotted_name, hex_id, ident, inline_ws, spaced, trivia, ws};
use crate::syntax_error::{Expected, PResult, SyntaxError, expect, failure, items, sized_items};
use crate::types::{MAX_ITEMS, span_between, type_expr};

/// Parses one definition starting at `s` (a suffix of `base`, at the first character of the name).
/// Returns the input after the `;`.
pub(crate) fn definition<'a>(
    base: &'a str,
    category: Category,
    s: &'a str,
) -> Result<(&'a str, Definition<'a>), SyntaxError<'a>> {
    match definition_inner(base, category, s) {
        Ok(ok) => Ok(ok),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
        // Only streaming parsers return Incomplete; ours are all complete. Report it rather than drop it.
        Err(nom::Err::Incomplete(_)) => Err(SyntaxError::at_token(s, Expected::Semicolon)),
    }
}

fn definition_inner<'a>(
    base: &'a str,
    category: Category,
    s: &'a str,
) -> PResult<'a, Definition<'a>> {
    let (rest, ((name, declared_id), generics, body)) = (
        expect(Expected::DefinitionName, |r| name_and_id(base, r)),
        |r| generics(base, r),
        alt((
            map(primitive_marker, |()| None),
            map(
                sized_items(param_count_hint(s), spaced(|r| param(base, r))),
                Some,
            ),
        )),
    )
        .parse(s)?;
    let (rest, result) = preceded(equals, |r| result(base, r)).parse(rest)?;
    let (rest, ()) = semicolon(base, &result, rest)?;
    let (kind, params) = match body {
        None => (DefinitionKind::BuiltinPrimitive, Vec::new()),
        Some(params)
            if params
                .iter()
                .any(|p| matches!(p.kind, ParamKind::Repeat { .. })) =>
        {
            (DefinitionKind::BuiltinRepeat, params)
        }
        Some(params) => (DefinitionKind::Regular, params),
    };
    let def = Definition {
        category,
        kind,
        name,
        declared_id,
        computed_id: 0,
        generics,
        params,
        result,
        doc: Doc::default(),
        span: span_between(base, s, rest),
    };
    Ok((rest, def))
}

/// About how many parameters the definition at `s` has: the `:` before the next `;` (looking at
/// most 4 KiB ahead), so that the parameters' vector is allocated once: growing it one doubling
/// at a time showed in profiles. A `memchr`, then a count the compiler vectorizes (in `u8`
/// chunks that cannot overflow, which takes half the instructions of a `usize` count).
fn param_count_hint(s: &str) -> usize {
    let head = &s.as_bytes()[..s.len().min(4096)];
    let end = memchr::memchr(b';', head).unwrap_or(head.len());
    head[..end]
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b':'))))
        .sum()
}

/// `ns.name#1cb5c415`: the name and the declared id, if any.
fn name_and_id<'a>(base: &'a str, s: &'a str) -> PResult<'a, (Name<'a>, Option<Id>)> {
    let (rest, dotted) = dotted_name(s)?;
    let name = Name {
        namespace: dotted.namespace,
        name: dotted.name,
        span: span_between(base, s, rest),
    };
    let (after, value) = opt(preceded(char('#'), hex_id)).parse(rest)?;
    let id = value.map(|value| Id {
        value,
        // The id's span starts at `#`.
        span: span_between(base, rest, after),
    });
    Ok((after, (name, id)))
}

/// `{X:Type}` declarations, several per brace allowed (`{X:Type Y:#}`), several braces too.
fn generics<'a>(base: &'a str, s: &'a str) -> PResult<'a, Vec<GenericParam<'a>>> {
    let brace = move |r| {
        delimited(
            char('{'),
            items(spaced(move |r| generic_param(base, r))),
            preceded(ws, expect(Expected::GenericDecl, char('}'))),
        )
        .parse(r)
    };
    let (rest, braces) = items(spaced(brace)).parse(s)?;
    let all = braces.concat();
    if all.len() > MAX_ITEMS {
        return SyntaxError::fail(rest, Expected::TooMany);
    }
    Ok((rest, all))
}

/// `X:Type` or `X:#`.
fn generic_param<'a>(base: &'a str, s: &'a str) -> PResult<'a, GenericParam<'a>> {
    let kind = alt((map(char('#'), |_| "#"), ident));
    let (rest, (name, ty)) = separated_pair(
        ident,
        preceded(ws, expect(Expected::GenericDecl, char(':'))),
        preceded(ws, expect(Expected::GenericDecl, kind)),
    )
    .parse(s)?;
    let span = span_between(base, s, rest);
    Ok((rest, GenericParam { name, ty, span }))
}

/// `?` in a built-in line such as `int ? = Int;`: the type is primitive. It must be the only
/// thing between the name and `=`.
fn primitive_marker(s: &str) -> PResult<'_, ()> {
    let (rest, _) = preceded(ws, char('?')).parse(s)?;
    let (rest, _) = peek(preceded(ws, expect(Expected::PrimitiveMarker, char('=')))).parse(rest)?;
    Ok((rest, ()))
}

/// The `=` after the parameters; what else may stand there gets its own error.
fn equals(s: &str) -> PResult<'_, ()> {
    preceded(
        ws,
        alt((
            map(char('='), |_| ()),
            preceded(peek(char('?')), failure(Expected::PrimitiveMarker)),
            preceded(peek(char('{')), failure(Expected::GenericAfterParams)),
            failure(Expected::ParamOrEquals),
        )),
    )
    .parse(s)
}

/// One parameter: `name:Type`, `name:flags.N?Type`, `name:#`, an anonymous `Type` or `#`, or a
/// repetition `[ t ]` / `N*[ t ]` (optionally named).
fn param<'a>(base: &'a str, s: &'a str) -> PResult<'a, Param<'a>> {
    let (rest, (name, kind)) = alt((
        pair(
            map(param_name, Some),
            preceded(ws, expect(Expected::Type, |r| param_kind(base, true, r))),
        ),
        pair(success(None), |r| param_kind(base, false, r)),
    ))
    .parse(s)?;
    let param = Param {
        name,
        kind,
        doc: None,
        span: span_between(base, s, rest),
    };
    Ok((rest, param))
}

/// `name:` starting a named parameter.
fn param_name(s: &str) -> PResult<'_, &str> {
    terminated(ident, preceded(ws, char(':'))).parse(s)
}

/// What a parameter holds: `#`, a repetition, or a type with an optional flag condition.
fn param_kind<'a>(base: &'a str, named: bool, s: &'a str) -> PResult<'a, ParamKind<'a>> {
    // `#` first: it is a type too. A field is far more common than a repetition, which starts
    // with `[` or a digit, where no type does.
    alt((
        map(char('#'), |_| ParamKind::Nat),
        |r| field(base, named, r),
        |r| repeat(base, r),
    ))
    .parse(s)
}

/// A field's type, after an optional `flags.N?` condition (named parameters only).
fn field<'a>(base: &'a str, named: bool, s: &'a str) -> PResult<'a, ParamKind<'a>> {
    let (rest, flag) = if named {
        opt(|r| flag_cond(base, r)).parse(s)?
    } else {
        (s, None)
    };
    let (rest, mut ty) = if flag.is_some() {
        expect(Expected::Type, |r| type_expr(base, 0, r)).parse(rest)?
    } else {
        type_expr(base, 0, rest)?
    };
    // Old schemas write `fingerprints:Vector long`: a vector without brackets takes the next
    // term as its argument, unless that term is the next named parameter (or a `#`).
    let (rest, arg) = if named && is_plain_vector(&ty) {
        opt(preceded((ws, not(param_name), not(char('#'))), |r| {
            type_expr(base, 1, r)
        }))
        .parse(rest)?
    } else {
        (rest, None)
    };
    if let Some(arg) = arg {
        ty.args.push(arg);
        ty.span.end = base.len() - rest.len();
    }
    Ok((rest, ParamKind::Field { ty, flag }))
}

fn is_plain_vector(ty: &TypeExpr<'_>) -> bool {
    ty.args.is_empty() && ty.name.namespace.is_none() && matches!(ty.name.name, "Vector" | "vector")
}

/// `flags.3?`: the `#` field and the bit a field is conditional on. Once `name.digit` is read, the
/// `?` is required.
fn flag_cond<'a>(base: &'a str, s: &'a str) -> PResult<'a, FlagRef<'a>> {
    let (rest, (field, bit)) = terminated(
        separated_pair(ident, char('.'), decimal_u32),
        expect(Expected::FlagQuestion, char('?')),
    )
    .parse(s)?;
    let span = span_between(base, s, rest);
    Ok((rest, FlagRef { field, bit, span }))
}

/// `[ t ]` or `N*[ t1 t2 ]`.
fn repeat<'a>(base: &'a str, s: &'a str) -> PResult<'a, ParamKind<'a>> {
    let counted = terminated(
        decimal_u32,
        (
            preceded(ws, expect(Expected::RepeatOpen, char('*'))),
            preceded(ws, expect(Expected::RepeatOpen, char('['))),
        ),
    );
    let open = alt((map(counted, Some), map(char('['), |_| None)));
    let item = move |r| type_expr(base, 0, r);
    let (rest, (count, items)) = pair(
        open,
        terminated(
            items(spaced(item)),
            preceded(ws, expect(Expected::Close(']'), char(']'))),
        ),
    )
    .parse(s)?;
    Ok((rest, ParamKind::Repeat { count, items }))
}

/// The result type after `=`: a type and its arguments by juxtaposition (`= Vector t`), on the
/// same line only: a line break here almost always means a missing `;`, and stopping lets the
/// next definition parse.
fn result<'a>(base: &'a str, s: &'a str) -> PResult<'a, TypeExpr<'a>> {
    let same_line_arg =
        move |r| preceded((inline_ws, not(char('#'))), |r| type_expr(base, 1, r)).parse(r);
    let (rest, (mut ty, args)) = pair(
        preceded(ws, expect(Expected::Type, |r| type_expr(base, 0, r))),
        items(same_line_arg),
    )
    .parse(s)?;
    if !args.is_empty() {
        ty.args.extend(args);
        ty.span.end = base.len() - rest.len();
    }
    Ok((rest, ty))
}

/// The `;` ending a definition whose result is `result`. Missing at a line end (or at the end of
/// the file), the error underlines the result, after which `;` belongs.
fn semicolon<'a>(base: &'a str, result: &TypeExpr<'a>, s: &'a str) -> PResult<'a, ()> {
    let (after, newline) = trivia(s)?;
    if let Some(rest) = after.strip_prefix(';') {
        return Ok((rest, ()));
    }
    if newline || after.is_empty() {
        return Err(nom::Err::Failure(SyntaxError {
            at: &base[result.span.start..],
            len: Some(result.span.end - result.span.start),
            expected: Expected::SemicolonAtLineEnd,
        }));
    }
    SyntaxError::fail(after, Expected::Semicolon)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Span;

    fn def(s: &str) -> Definition<'_> {
        let (rest, d) = definition(s, Category::Type, s).unwrap();
        assert_eq!(rest, "");
        d
    }

    fn err(s: &str) -> Expected {
        definition(s, Category::Type, s).unwrap_err().expected
    }

    #[test]
    fn full_constructor() {
        let d = def(
            "inputMediaUploadedPhoto#7d8375da flags:# spoiler:flags.2?true file:InputFile stickers:flags.0?Vector<InputDocument> = InputMedia;",
        );
        assert_eq!(d.name.name, "inputMediaUploadedPhoto");
        assert_eq!(d.declared_id.map(|i| i.value), Some(0x7d8375da));
        assert_eq!(d.params.len(), 4);
        assert_eq!(d.params[0].kind, ParamKind::Nat);
        let ParamKind::Field {
            ty,
            flag: Some(flag),
        } = &d.params[1].kind
        else {
            panic!()
        };
        assert_eq!((flag.field, flag.bit, ty.name.name), ("flags", 2, "true"));
        assert_eq!(d.result.name.name, "InputMedia");
        assert_eq!(d.kind, DefinitionKind::Regular);
        assert_eq!(d.span.start, 0);
    }

    #[test]
    fn generics_bang_and_namespaces() {
        let d = def("invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;");
        assert_eq!(d.generics[0].name, "X");
        assert_eq!(d.generics[0].ty, "Type");
        let ParamKind::Field { ty, .. } = &d.params[1].kind else {
            panic!()
        };
        assert!(ty.bang);
        let d = def("adnl.message.query query_id:int256 query:bytes = adnl.Message;");
        assert_eq!(d.name.namespace, Some("adnl.message"));
        assert_eq!(d.result.name.namespace, Some("adnl"));
    }

    #[test]
    fn builtins() {
        let d = def("int ? = Int;");
        assert_eq!(d.kind, DefinitionKind::BuiltinPrimitive);
        assert!(d.params.is_empty());
        let d = def("vector {t:Type} # [ t ] = Vector t;");
        assert_eq!(d.kind, DefinitionKind::BuiltinRepeat);
        assert_eq!(d.params[0].kind, ParamKind::Nat);
        assert_eq!(d.result.args.len(), 1);
        let d = def("int128 4*[ int ] = Int128;");
        let ParamKind::Repeat { count, items } = &d.params[0].kind else {
            panic!()
        };
        assert_eq!((*count, items.len()), (Some(4), 1));
    }

    #[test]
    fn anonymous_and_juxtaposed() {
        let d = def("getUsers#2d84d5f5 (Vector int) = Vector User;");
        assert_eq!(d.params.len(), 1);
        assert_eq!(d.params[0].name, None);
        assert_eq!(d.result.to_string(), "Vector User");
        let d = def("int_tree IntTree int IntTree = IntTree;");
        assert_eq!(d.params.len(), 3);
        let d = def("resPQ#05162463 nonce:int128 pq:string fps:Vector long = ResPQ;");
        assert_eq!(d.params.len(), 3);
        let ParamKind::Field { ty, .. } = &d.params[2].kind else {
            panic!()
        };
        assert_eq!(ty.to_string(), "Vector long");
        let d = def("x a:Vector b:int = X;");
        assert_eq!(d.params.len(), 2);
    }

    #[test]
    fn multi_line_with_comments() {
        let s = "foo#1d\n  a:int // first\n  /* b */ b:(vector bytes)\n  = Foo;";
        let d = def(s);
        assert_eq!(d.declared_id.map(|i| i.value), Some(0x1d));
        assert_eq!(d.params[1].name, Some("b"));
        assert_eq!(d.span, Span::new(0, s.len()));
    }

    #[test]
    fn syntax_errors() {
        assert_eq!(err("= Foo;"), Expected::DefinitionName);
        assert_eq!(err("foo#xyz = Foo;"), Expected::HexId);
        assert_eq!(err("foo#123456789 = Foo;"), Expected::IdTooLong);
        assert_eq!(err("foo a:flags.1 = Foo;"), Expected::FlagQuestion);
        assert_eq!(err("foo a: = Foo;"), Expected::Type);
        assert_eq!(err("foo a:int = Foo"), Expected::SemicolonAtLineEnd);
        assert_eq!(
            err("foo a:int = Foo\nbar = Bar;"),
            Expected::SemicolonAtLineEnd
        );
        assert_eq!(err("foo a:int = Foo }"), Expected::Semicolon);
        assert_eq!(
            err("foo a:int {X:Type} = Foo;"),
            Expected::GenericAfterParams
        );
        assert_eq!(err("foo a:int ? = Foo;"), Expected::PrimitiveMarker);
        assert_eq!(err("foo a:int;"), Expected::ParamOrEquals);
        assert_eq!(err("foo {X:} = Foo;"), Expected::GenericDecl);
        assert_eq!(err("foo 4[int] = Foo;"), Expected::RepeatOpen);
        assert_eq!(err("foo [ int = Foo;"), Expected::Close(']'));
        assert_eq!(err("foo a:(int = Foo;"), Expected::Close(')'));
        assert_eq!(err("foo a:int"), Expected::ParamOrEquals);
        assert_eq!(
            err("foo a:flags.99999999999?int = Foo;"),
            Expected::NumberTooLarge
        );
    }
}
