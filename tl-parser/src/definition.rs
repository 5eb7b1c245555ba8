//! One definition, from its name to its `;`: `ns.name#id {X:Type} params... = Result args;`.
//!
//! Ids are not computed here (the `bytes` rule depends on the whole file), nor docs attached (they
//! come from the comments before the definition); see `id` and `docs`.

use crate::ast::{
    Category, Definition, DefinitionKind, Doc, FlagRef, GenericParam, Id, Name, Param, ParamKind,
    TypeExpr,
};
use crate::lex::{decimal_u32, dotted_name, hex_id, ident, trivia, ws};
use crate::syntax_error::{Expected, PResult, SyntaxError};
use crate::types::{MAX_ITEMS, span_between, starts_type, type_term};

/// Parses one definition starting at `s` (a suffix of `base`, at the first character of the name)
/// and pushes it onto `out` (nothing is pushed on an error). Returns the input after the `;`.
///
/// Pushed rather than returned for the reason [`param`] gives: a `Definition` is over 300 bytes,
/// and handing it back through the nested results copied it three times.
pub(crate) fn definition_into<'a>(
    base: &'a str,
    s: &'a str,
    category: Category,
    out: &mut Vec<Definition<'a>>,
) -> Result<&'a str, SyntaxError<'a>> {
    match definition_inner(base, s, category, out) {
        Ok(rest) => Ok(rest),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(e),
        // Only streaming parsers return Incomplete; ours are all complete. Report it rather than drop it.
        Err(nom::Err::Incomplete(_)) => Err(SyntaxError::at_token(s, Expected::Semicolon)),
    }
}

/// [`definition_into`] alone, for tests.
#[cfg(test)]
pub(crate) fn definition<'a>(
    base: &'a str,
    s: &'a str,
    category: Category,
) -> Result<(&'a str, Definition<'a>), SyntaxError<'a>> {
    let mut out = Vec::with_capacity(1);
    let rest = definition_into(base, s, category, &mut out)?;
    let def = out.pop().expect("definition_into pushes on success");
    Ok((rest, def))
}

fn definition_inner<'a>(
    base: &'a str,
    start: &'a str,
    category: Category,
    out: &mut Vec<Definition<'a>>,
) -> Result<&'a str, nom::Err<SyntaxError<'a>>> {
    let (mut s, dotted) = match dotted_name(start) {
        Ok(ok) => ok,
        Err(_) => return SyntaxError::fail(start, Expected::DefinitionName),
    };
    let name = Name {
        namespace: dotted.namespace,
        name: dotted.name,
        span: span_between(base, start, s),
    };

    let mut declared_id = None;
    if let Some(r) = s.strip_prefix('#') {
        let (r, value) = hex_id(r)?;
        declared_id = Some(Id {
            value,
            span: span_between(base, s, r),
        });
        s = r;
    }

    let (mut s, generics) = generics(base, s)?;
    let mut params: Vec<Param<'a>> = Vec::with_capacity(param_count_hint(s));
    let mut primitive = false;
    loop {
        s = ws(s)?;
        let Some(&b) = s.as_bytes().first() else {
            return SyntaxError::fail(s, Expected::ParamOrEquals);
        };
        if b == b'=' {
            break;
        }
        if primitive {
            return SyntaxError::fail(s, Expected::PrimitiveMarker);
        }
        if b == b'?' {
            if !params.is_empty() {
                return SyntaxError::fail(s, Expected::PrimitiveMarker);
            }
            primitive = true;
            s = &s[1..];
            continue;
        }
        if b == b'{' {
            return SyntaxError::fail(s, Expected::GenericAfterParams);
        }
        if params.len() >= MAX_ITEMS {
            return SyntaxError::fail(s, Expected::TooMany);
        }
        s = param(base, s, &mut params)?;
    }

    // `s` is at `=`.
    let r = ws(&s[1..])?;
    let (mut r, mut result) = match type_term(base, r, 0) {
        Ok(ok) => ok,
        Err(nom::Err::Error(e)) => return SyntaxError::fail(e.at, Expected::Type),
        Err(e) => return Err(e),
    };
    // Result arguments by juxtaposition (`= Vector t`), on the same line only: a line break here
    // almost always means a missing `;`, and stopping lets the next definition parse.
    loop {
        let (after, newline) = trivia(r)?;
        if newline || !starts_type(after) || after.starts_with('#') {
            break;
        }
        if result.args.len() >= MAX_ITEMS {
            return SyntaxError::fail(after, Expected::TooMany);
        }
        let (after, arg) = type_term(base, after, 1)?;
        result.args.push(arg);
        result.span.end = base.len() - after.len();
        r = after;
    }
    let (after, newline) = trivia(r)?;
    let Some(end) = after.strip_prefix(';') else {
        if newline || after.is_empty() {
            let at = &base[result.span.start..];
            return Err(nom::Err::Failure(SyntaxError {
                at,
                len: result.span.end - result.span.start,
                expected: Expected::SemicolonAtLineEnd,
            }));
        }
        return SyntaxError::fail(after, Expected::Semicolon);
    };

    let kind = if primitive {
        DefinitionKind::BuiltinPrimitive
    } else if params
        .iter()
        .any(|p| matches!(p.kind, ParamKind::Repeat { .. }))
    {
        DefinitionKind::BuiltinRepeat
    } else {
        DefinitionKind::Regular
    };
    out.push(Definition {
        category,
        kind,
        name,
        declared_id,
        computed_id: 0,
        generics,
        params,
        result,
        doc: Doc::default(),
        span: span_between(base, start, end),
    });
    Ok(end)
}

/// About how many parameters follow: the `:` before the next `;` (looking at most 4 KiB ahead).
/// Growing the vector one doubling at a time showed in profiles; this costs a short byte scan
/// (`memchr`, then a count the compiler vectorizes). The count adds up `u8`s in chunks that
/// cannot overflow them: a `usize` count (`filter().count()`) took two instructions per byte,
/// as many as the rest of the definition parser's work on that byte.
fn param_count_hint(s: &str) -> usize {
    let head = &s.as_bytes()[..s.len().min(4096)];
    let end = memchr::memchr(b';', head).unwrap_or(head.len());
    head[..end]
        .chunks(255)
        .map(|chunk| {
            let colons = chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b':'));
            usize::from(colons)
        })
        .sum()
}

/// `{X:Type}` declarations (several per brace allowed: `{X:Type Y:#}`).
fn generics<'a>(base: &'a str, mut s: &'a str) -> PResult<'a, Vec<GenericParam<'a>>> {
    let mut out = Vec::new();
    loop {
        let r = ws(s)?;
        let Some(mut r) = r.strip_prefix('{') else {
            return Ok((s, out));
        };
        loop {
            r = ws(r)?;
            if let Some(after) = r.strip_prefix('}') {
                s = after;
                break;
            }
            if out.len() >= MAX_ITEMS {
                return SyntaxError::fail(r, Expected::TooMany);
            }
            let decl_start = r;
            let Ok((after, name)) = ident(r) else {
                return SyntaxError::fail(r, Expected::GenericDecl);
            };
            let after = ws(after)?;
            let Some(after) = after.strip_prefix(':') else {
                return SyntaxError::fail(after, Expected::GenericDecl);
            };
            let after = ws(after)?;
            let (after, ty) = match after.strip_prefix('#') {
                Some(a) => (a, "#"),
                None => match ident(after) {
                    Ok(ok) => ok,
                    Err(_) => return SyntaxError::fail(after, Expected::GenericDecl),
                },
            };
            out.push(GenericParam {
                name,
                ty,
                span: span_between(base, decl_start, after),
            });
            r = after;
        }
    }
}

/// Whether `s` starts `name:` (a named parameter), as opposed to an anonymous type.
fn named_param_start(s: &str) -> Option<(&str, &str)> {
    let (r, name) = ident(s).ok()?;
    let r = ws(r).ok()?;
    r.strip_prefix(':').map(|r| (r, name))
}

/// One parameter: `name:Type`, `name:flags.N?Type`, `name:#`, an anonymous `Type` or `#`, or a
/// repetition `[ t ]` / `N*[ t ]` (optionally named). It is pushed onto `out` rather than returned:
/// a `Param` is 200 bytes, and passing it back through nested results copied it several times.
fn param<'a>(
    base: &'a str,
    start: &'a str,
    out: &mut Vec<Param<'a>>,
) -> Result<&'a str, nom::Err<SyntaxError<'a>>> {
    let (s, name) = match named_param_start(start) {
        Some((r, name)) => (ws(r)?, Some(name)),
        None => (start, None),
    };
    let b = s.as_bytes().first().copied();
    let (rest, kind) = if b == Some(b'#') {
        (&s[1..], ParamKind::Nat)
    } else if b == Some(b'[') || b.is_some_and(|b| b.is_ascii_digit()) {
        repeat(base, s)?
    } else if name.is_some() {
        return field_param(base, start, name, s, out);
    } else {
        match type_term(base, s, 0) {
            Ok((r, ty)) => (r, ParamKind::Field { ty, flag: None }),
            Err(nom::Err::Error(e)) => return SyntaxError::fail(e.at, Expected::ParamOrEquals),
            Err(e) => return Err(e),
        }
    };
    out.push(Param {
        name,
        kind,
        doc: None,
        span: span_between(base, start, rest),
    });
    Ok(rest)
}

/// A named parameter's type, with an optional `flags.N?` condition, at `s`; pushes the parameter
/// (called `name`, from `start`) onto `out`. Pushed here for the reason [`param`] gives: the
/// field's kind returned through a result to be moved into the parameter showed in profiles as a
/// store and a reload of 136 bytes on every parameter.
fn field_param<'a>(
    base: &'a str,
    start: &'a str,
    name: Option<&'a str>,
    s: &'a str,
    out: &mut Vec<Param<'a>>,
) -> Result<&'a str, nom::Err<SyntaxError<'a>>> {
    let mut flag = None;
    let mut s = s;
    let mut head = ident(s).ok();
    if let Some((r, field)) = head
        && r.starts_with('.')
        && r.as_bytes().get(1).is_some_and(u8::is_ascii_digit)
    {
        let (r, bit) = decimal_u32(&r[1..])?;
        let Some(r) = r.strip_prefix('?') else {
            return SyntaxError::fail(r, Expected::FlagQuestion);
        };
        flag = Some(FlagRef {
            field,
            bit,
            span: span_between(base, s, r),
        });
        s = r;
        head = ident(s).ok();
    }
    // Most field types are a plain name (`int`, `Bool`, `InputPeer`): built from the identifier
    // already scanned instead of parsing it again as a general type term.
    let plain = head.filter(|(r, _)| !r.starts_with(['.', '<']));
    let (mut r, mut ty) = match plain {
        Some((r, name)) => {
            let span = span_between(base, s, r);
            let ty = TypeExpr {
                name: Name {
                    namespace: None,
                    name,
                    span,
                },
                percent: false,
                bang: false,
                args: Vec::new(),
                span,
            };
            (r, ty)
        }
        None => match type_term(base, s, 0) {
            Ok(ok) => ok,
            Err(nom::Err::Error(e)) => return SyntaxError::fail(e.at, Expected::Type),
            Err(e) => return Err(e),
        },
    };
    // Old schemas write `fingerprints:Vector long`: a vector without brackets takes the next
    // term as its argument, unless that term is the next named parameter.
    if is_plain_vector(&ty) {
        let after = ws(r)?;
        if starts_type(after) && !after.starts_with('#') && named_param_start(after).is_none() {
            let (after, arg) = type_term(base, after, 1)?;
            ty.args.push(arg);
            ty.span.end = base.len() - after.len();
            r = after;
        }
    }
    out.push(Param {
        name,
        kind: ParamKind::Field { ty, flag },
        doc: None,
        span: span_between(base, start, r),
    });
    Ok(r)
}

fn is_plain_vector(ty: &TypeExpr<'_>) -> bool {
    ty.args.is_empty() && ty.name.namespace.is_none() && matches!(ty.name.name, "Vector" | "vector")
}

/// `[ t ]` or `N*[ t1 t2 ]`.
fn repeat<'a>(base: &'a str, s: &'a str) -> PResult<'a, ParamKind<'a>> {
    let mut count = None;
    let mut s = s;
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let (r, n) = decimal_u32(s)?;
        let r = ws(r)?;
        let Some(r) = r.strip_prefix('*') else {
            return SyntaxError::fail(r, Expected::RepeatOpen);
        };
        count = Some(n);
        s = ws(r)?;
    }
    let Some(mut r) = s.strip_prefix('[') else {
        return SyntaxError::fail(s, Expected::RepeatOpen);
    };
    let mut items = Vec::new();
    loop {
        r = ws(r)?;
        if let Some(after) = r.strip_prefix(']') {
            return Ok((after, ParamKind::Repeat { count, items }));
        }
        if items.len() >= MAX_ITEMS {
            return SyntaxError::fail(r, Expected::TooMany);
        }
        let (after, ty) = match type_term(base, r, 0) {
            Ok(ok) => ok,
            Err(nom::Err::Error(_)) => return SyntaxError::fail(r, Expected::Close(']')),
            Err(e) => return Err(e),
        };
        items.push(ty);
        r = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Span;

    fn def(s: &str) -> Definition<'_> {
        let (rest, d) = definition(s, s, Category::Type).unwrap();
        assert_eq!(rest, "");
        d
    }

    fn err(s: &str) -> Expected {
        definition(s, s, Category::Type).unwrap_err().expected
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
