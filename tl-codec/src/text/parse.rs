//! TL text -> [`Value`]: the syntax tree of [`super::syntax`], given types by the schema.

use tlgen_parser::Span;
use tlgen_runtime::DecodeOptions;

use crate::error::ParseError;
use crate::limits::Limits;
use crate::schema::{Def, Schema, Ty, TypeRef};
use crate::text::print::CANONICAL_NAN;
use crate::text::syntax::{self, Arg, Kind, Node};
use crate::value::{Object, Value};

/// Parses TL text as a value of type `ty` (`TypeRef::any()`: an object, by its name). A `: Type`
/// written after the value gives its type instead (it must agree with `ty` unless that is
/// `any`). Returns the value and the type it was read as, which is what it encodes as.
///
/// Nesting is limited as decoding is, by `options.max_depth` and `options.max_stack_bytes`
/// (every object and vector a level, and also every parenthesis); the other options do not apply.
pub fn parse_text(
    schema: &Schema,
    text: &str,
    ty: &TypeRef,
    options: &DecodeOptions,
) -> Result<(Value, TypeRef), ParseError> {
    let mut limits = Limits::new(options);
    let doc = syntax::document(text, &mut limits)?;
    let ty = match doc.annotation {
        None => ty.clone(),
        Some((name, span)) => {
            let annotated = schema
                .parse_type(name)
                .map_err(|e| ParseError::at(span, e.to_string(), "not a type of the schema"))?;
            if *ty != TypeRef::any() && annotated != *ty {
                return Err(ParseError::at(
                    span,
                    format!(
                        "the text says `{name}`, but {} was asked for",
                        schema.type_name(&ty.0)
                    ),
                    "conflicting type",
                ));
            }
            annotated
        }
    };
    let value = Typer { schema, limits }.value(&doc.value, &ty.0)?;
    Ok((value, ty))
}

struct Typer<'s> {
    schema: &'s Schema,
    /// The syntax tree is as deep as the text allows, but a level here takes more stack.
    limits: Limits,
}

fn expected(node: &Node<'_>, what: impl std::fmt::Display) -> ParseError {
    let found = match &node.kind {
        Kind::Word(w) => format!("`{w}`"),
        Kind::Str(_) => "a string".to_owned(),
        Kind::Vector(_) => "a vector".to_owned(),
        Kind::Object { name, .. } => format!("`({name} ...)`"),
    };
    ParseError::at(
        node.span,
        format!("expected {what}, found {found}"),
        format!("expected {what}"),
    )
}

impl Typer<'_> {
    /// Kept small: it is on the stack once per level of nesting, so scalars are read by
    /// [`scalar`], whose frame is large in unoptimized builds.
    fn value(&mut self, node: &Node<'_>, ty: &Ty) -> Result<Value, ParseError> {
        match (ty, &node.kind) {
            (Ty::Vector { item, .. }, Kind::Vector(items)) => self.nested(node, |t| {
                let items = items.iter().map(|n| t.value(n, item));
                Ok(Value::Vector(items.collect::<Result<_, _>>()?))
            }),
            (Ty::Vector { .. }, _) => Err(expected(node, "a vector: [a b c]")),
            (Ty::Boxed(_) | Ty::Bare(_) | Ty::Any, _) => self.nested(node, |t| t.object(node, ty)),
            _ => scalar(node, ty),
        }
    }

    fn nested(
        &mut self,
        node: &Node<'_>,
        f: impl FnOnce(&mut Self) -> Result<Value, ParseError>,
    ) -> Result<Value, ParseError> {
        if let Err(message) = self.limits.enter() {
            return Err(ParseError::at(node.span, message, "here"));
        }
        let result = f(self);
        self.limits.leave();
        result
    }

    fn object(&mut self, node: &Node<'_>, ty: &Ty) -> Result<Value, ParseError> {
        let (def, args) = constructor(self.schema, node, ty)?;
        let fields = self.fields(def, node.span, args)?;
        Ok(Value::Object(Box::new(Object { def, fields })))
    }

    /// Assigns the arguments to the parameters: a named one to its parameter, a positional one
    /// to the next parameter after the last one given (flags words skipped, as they hold no
    /// value). Absent optional fields stay `None`; an absent required one is an error.
    fn fields(
        &mut self,
        def: u32,
        span: Span,
        args: &[Arg<'_>],
    ) -> Result<Vec<Option<Value>>, ParseError> {
        let schema = self.schema;
        let d = schema.def(def);
        let mut fields: Vec<Option<Value>> = vec![None; d.params.len()];
        let mut next = 0;
        for arg in args {
            let index = param_for(d, arg, next, &fields)?;
            let p = &d.params[index];
            // `flag:false` is the same as leaving a `true` flag out.
            let absent = p.ty == Ty::True && matches!(arg.value.kind, Kind::Word("false"));
            if !absent {
                fields[index] = Some(self.value(&arg.value, &p.ty)?);
            }
            next = index + 1;
        }
        check_required(schema, d, span, &fields)?;
        Ok(fields)
    }
}

/// The definition `node` names, if it is one of type `ty`'s, and its arguments.
#[inline(never)]
fn constructor<'n, 't>(
    schema: &Schema,
    node: &'n Node<'t>,
    ty: &Ty,
) -> Result<(u32, &'n [Arg<'t>]), ParseError> {
    let (name, name_span, args): (&str, Span, &[Arg<'_>]) = match &node.kind {
        Kind::Word(w) => (w, node.span, &[]),
        Kind::Object {
            name,
            name_span,
            args,
        } => (name, *name_span, args),
        _ => {
            let what = format!("{}: (name field:value ...)", schema.type_name(ty));
            return Err(expected(node, what));
        }
    };
    let def = schema.by_name(name).ok_or_else(|| {
        ParseError::at(
            name_span,
            format!("`{name}` is not a constructor or function of the schema"),
            "unknown name",
        )
    })?;
    let fits = match ty {
        Ty::Boxed(t) => schema.has_constructor(*t, def),
        Ty::Bare(d) => *d == def,
        _ => true,
    };
    if !fits {
        return Err(ParseError::at(
            name_span,
            format!("`{name}` is not a {}", schema.type_name(ty)),
            format!("expected a {}", schema.type_name(ty)),
        ));
    }
    Ok((def, args))
}

/// The parameter `arg` is for (see [`Typer::fields`]); `next` is the one after the last given.
#[inline(never)]
fn param_for(
    d: &Def,
    arg: &Arg<'_>,
    next: usize,
    fields: &[Option<Value>],
) -> Result<usize, ParseError> {
    let index = match arg.name {
        Some((name, name_span)) => match d.params.iter().position(|p| p.name == name) {
            Some(i) if d.params[i].ty != Ty::Flags => i,
            Some(_) => {
                return Err(ParseError::at(
                    name_span,
                    format!("`{name}` is a flags word, computed from the fields"),
                    "leave it out",
                ));
            }
            None => {
                let names: Vec<&str> = d
                    .params
                    .iter()
                    .filter(|p| p.ty != Ty::Flags)
                    .map(|p| p.name.as_str())
                    .collect();
                return Err(ParseError::at(
                    name_span,
                    format!("`{}` has no field `{name}`", d.name),
                    format!("its fields: {}", names.join(" ")),
                ));
            }
        },
        None => (next..d.params.len())
            .find(|&i| d.params[i].ty != Ty::Flags)
            .ok_or_else(|| {
                ParseError::at(
                    arg.value.span,
                    format!("`{}` takes no more fields", d.name),
                    "one argument too many",
                )
            })?,
    };
    if fields[index].is_some() {
        return Err(ParseError::at(
            arg.value.span,
            format!("field `{}` is given twice", d.params[index].name),
            "given again here",
        ));
    }
    Ok(index)
}

/// An error for the first required field left out.
#[inline(never)]
fn check_required(
    schema: &Schema,
    d: &Def,
    span: Span,
    fields: &[Option<Value>],
) -> Result<(), ParseError> {
    for (p, field) in d.params.iter().zip(fields) {
        if field.is_none() && p.flag.is_none() && p.ty != Ty::Flags {
            return Err(ParseError::at(
                span,
                format!("`{}` is missing its field `{}`", d.name, p.name),
                format!("`{}:{}` is required", p.name, schema.type_name(&p.ty)),
            ));
        }
    }
    Ok(())
}

/// A value of a type that holds no other value.
#[inline(never)]
fn scalar(node: &Node<'_>, ty: &Ty) -> Result<Value, ParseError> {
    let word = match &node.kind {
        Kind::Word(w) => Some(*w),
        _ => None,
    };
    let number = |what: &str| expected(node, format_args!("{what}"));
    Ok(match ty {
        Ty::Flags | Ty::Nat => Value::Nat(
            word.and_then(|w| w.parse().ok())
                .ok_or_else(|| number("a # (0 to 4294967295)"))?,
        ),
        Ty::Int => Value::Int(
            word.and_then(|w| w.parse().ok())
                .ok_or_else(|| number("an int (-2147483648 to 2147483647)"))?,
        ),
        Ty::Long => Value::Long(
            word.and_then(|w| w.parse().ok())
                .ok_or_else(|| number("a long (a 64-bit integer)"))?,
        ),
        Ty::Double => Value::Double(
            word.and_then(parse_double)
                .ok_or_else(|| number("a double (1.5, -2e10, NaN, Infinity)"))?,
        ),
        Ty::Int128 => Value::Int128(fixed(node, "an int128: 0x and 32 hex digits")?),
        Ty::Int256 => Value::Int256(Box::new(fixed(node, "an int256: 0x and 64 hex digits")?)),
        Ty::Int512 => Value::Int512(Box::new(fixed(node, "an int512: 0x and 128 hex digits")?)),
        Ty::String => Value::String(bytes(node, "a string")?),
        Ty::Bytes => Value::Bytes(bytes(node, "bytes: \"text\" or 0x and hex digits")?),
        Ty::Bool => Value::Bool(
            bool_of(node).ok_or_else(|| expected(node, "a Bool: (boolTrue) or (boolFalse)"))?,
        ),
        Ty::True => match word {
            Some("true") => Value::True,
            _ => return Err(expected(node, "`true`")),
        },
        // Containers are read by `Typer::value`, which never passes them here.
        Ty::Vector { .. } | Ty::Boxed(_) | Ty::Bare(_) | Ty::Any => {
            return Err(expected(node, "a scalar"));
        }
    })
}

fn bytes(node: &Node<'_>, what: &str) -> Result<Vec<u8>, ParseError> {
    match &node.kind {
        Kind::Str(s) => Ok(s.clone()),
        Kind::Word(w) => hex(w).ok_or_else(|| expected(node, what)),
        _ => Err(expected(node, what)),
    }
}

fn fixed<const N: usize>(node: &Node<'_>, what: &str) -> Result<[u8; N], ParseError> {
    match &node.kind {
        Kind::Word(w) => hex(w).and_then(|b| b.try_into().ok()),
        _ => None,
    }
    .ok_or_else(|| expected(node, what))
}

/// `(boolTrue)`, `boolTrue` or `true`, and their false forms.
fn bool_of(node: &Node<'_>) -> Option<bool> {
    let name = match &node.kind {
        Kind::Word(w) => w,
        Kind::Object { name, args, .. } if args.is_empty() => name,
        _ => return None,
    };
    match *name {
        "boolTrue" | "true" => Some(true),
        "boolFalse" | "false" => Some(false),
        _ => None,
    }
}

/// `0x` and an even number of hex digits (either case).
pub(crate) fn hex(word: &str) -> Option<Vec<u8>> {
    let digits = word.strip_prefix("0x")?.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(s, 16)
                .ok()
                .filter(|_| pair.iter().all(u8::is_ascii_hexdigit))
        })
        .collect()
}

/// A double as [`crate::text::print`] writes them (and JSON's non-finite strings).
pub(crate) fn parse_double(word: &str) -> Option<f64> {
    match word {
        "NaN" => return Some(f64::from_bits(CANONICAL_NAN)),
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    if let Some(bits) = word.strip_prefix("NaN#") {
        let v = f64::from_bits(u64::from_str_radix(bits, 16).ok()?);
        return (bits.len() == 16 && v.is_nan()).then_some(v);
    }
    // Rust also reads `inf` and `nan` in any case; only the spellings above are TL text's.
    if word
        .bytes()
        .any(|b| b.is_ascii_alphabetic() && !matches!(b, b'e' | b'E'))
    {
        return None;
    }
    word.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_doubles() {
        assert_eq!(hex("0x"), Some(vec![]));
        assert_eq!(hex("0x0aFf"), Some(vec![0x0a, 0xff]));
        for bad in ["0xa", "ff", "0x+1", "0xgg", "0X00"] {
            assert_eq!(hex(bad), None, "{bad}");
        }
        assert_eq!(parse_double("1.5"), Some(1.5));
        assert_eq!(parse_double("-2e10"), Some(-2e10));
        assert_eq!(parse_double("3"), Some(3.0));
        assert_eq!(
            parse_double("-0.0").map(f64::to_bits),
            Some((-0.0f64).to_bits())
        );
        assert_eq!(parse_double("NaN").map(f64::to_bits), Some(CANONICAL_NAN));
        assert_eq!(
            parse_double("NaN#fff0000000000001").map(f64::to_bits),
            Some(0xfff0_0000_0000_0001)
        );
        for bad in [
            "NaN#3ff0000000000000",
            "NaN#1",
            "inf",
            "nan",
            "1.5f64",
            "",
            "0x10",
        ] {
            assert_eq!(parse_double(bad), None, "{bad}");
        }
    }
}
