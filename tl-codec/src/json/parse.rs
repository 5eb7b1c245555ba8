//! JSON -> [`Value`]: `serde_json` reads the syntax (exact `i64`s, correctly rounded doubles,
//! a nesting limit of its own), then the schema gives it types, naming the path of any value
//! that does not fit.

use serde_json::Value as J;
use tlgen_parser::Span;
use tlgen_runtime::DecodeOptions;

use crate::base64;
use crate::error::ParseError;
use crate::limits::Limits;
use crate::schema::{Schema, Ty, TypeRef};
use crate::text::parse::parse_double;
use crate::value::{Object, Value};

/// Parses JSON as a value of type `ty` (`TypeRef::any()`: an object, by its `"_"`).
///
/// Nesting is limited as decoding is, by `options.max_depth` and `options.max_stack_bytes`, and
/// by `serde_json`'s own limit of 128 levels; the other options do not apply.
pub fn parse_json(
    schema: &Schema,
    text: &str,
    ty: &TypeRef,
    options: &DecodeOptions,
) -> Result<Value, ParseError> {
    let json: J = serde_json::from_str(text).map_err(|e| syntax_error(text, &e))?;
    let limits = Limits::new(options);
    Typer { schema, limits }.value(&json, &ty.0)
}

/// serde_json's error at its line and column, as a one-character span.
fn syntax_error(text: &str, e: &serde_json::Error) -> ParseError {
    let line_start = if e.line() <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(e.line() - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    // serde_json counts the column in bytes, 1-based, pointing at (or just after) the fault.
    let mut at = (line_start + e.column().saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let message = e.to_string();
    // Its message ends with " at line L column C", which the rendering shows anyway.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    ParseError::at(Span::new(at, at + 1), message, "here")
}

struct Typer<'s> {
    schema: &'s Schema,
    limits: Limits,
}

/// What a JSON value is, for messages.
fn kind(j: &J) -> &'static str {
    match j {
        J::Null => "null",
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "an array",
        J::Object(_) => "an object",
    }
}

fn expected(what: impl std::fmt::Display, j: &J) -> ParseError {
    ParseError::in_path(format!("expected {what}, found {}", kind(j)))
}

/// Adds an outer step to the error's path, on the way out.
fn inside(mut e: ParseError, step: impl std::fmt::Display) -> ParseError {
    e.path = format!("{step}{}", e.path);
    e
}

impl Typer<'_> {
    /// Kept small: it is on the stack once per level of nesting, so scalars are read by
    /// [`scalar`], whose frame is large in unoptimized builds.
    fn value(&mut self, j: &J, ty: &Ty) -> Result<Value, ParseError> {
        match ty {
            Ty::Vector { item, .. } => {
                let items = j.as_array().ok_or_else(|| expected("an array", j))?;
                self.nested(|t| {
                    let mut out = Vec::with_capacity(items.len());
                    for (i, v) in items.iter().enumerate() {
                        out.push(t.value(v, item).map_err(|e| inside(e, Index(i)))?);
                    }
                    Ok(Value::Vector(out))
                })
            }
            Ty::Boxed(_) | Ty::Bare(_) | Ty::Any => self.nested(|t| t.object(j, ty)),
            _ => scalar(j, ty),
        }
    }

    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, ParseError>,
    ) -> Result<T, ParseError> {
        self.limits.enter().map_err(ParseError::in_path)?;
        let result = f(self);
        self.limits.leave();
        result
    }

    fn object(&mut self, j: &J, ty: &Ty) -> Result<Value, ParseError> {
        let (def, map) = constructor(self.schema, j, ty)?;
        let schema = self.schema;
        let d = schema.def(def);
        let mut fields = Vec::with_capacity(d.params.len());
        for p in &d.params {
            let field = match map.get(&p.name) {
                _ if p.ty == Ty::Flags => None,
                // `"flag": false` is the same as leaving a `true` flag out.
                Some(J::Bool(false)) if p.ty == Ty::True => None,
                Some(v) => Some(
                    self.value(v, &p.ty)
                        .map_err(|e| inside(e, Field(&p.name)))?,
                ),
                None if p.flag.is_some() => None,
                None => return Err(missing(&d.name, &p.name)),
            };
            fields.push(field);
        }
        Ok(Value::Object(Box::new(Object { def, fields })))
    }
}

#[cold]
#[inline(never)]
fn missing(def: &str, field: &str) -> ParseError {
    ParseError::in_path(format!("`{def}` is missing its field `{field}`"))
}

/// The definition object `j` names in its `"_"`, if it is one of type `ty`'s and has no keys
/// but its fields; and its keys.
#[inline(never)]
fn constructor<'j>(
    schema: &Schema,
    j: &'j J,
    ty: &Ty,
) -> Result<(u32, &'j serde_json::Map<String, J>), ParseError> {
    let Some(map) = j.as_object() else {
        let what = format!("{}: an object with \"_\"", schema.type_name(ty));
        return Err(expected(what, j));
    };
    let def = match (map.get("_"), ty) {
        (Some(J::String(name)), _) => schema.by_name(name).ok_or_else(|| {
            let message = format!("`{name}` is not a constructor or function of the schema");
            inside(ParseError::in_path(message), "._")
        })?,
        // A bare value's constructor is known from its type; `"_"` may be left out.
        (None, Ty::Bare(d)) => *d,
        (Some(other), _) => return Err(inside(expected("a name", other), "._")),
        (None, _) => {
            return Err(ParseError::in_path(format!(
                "\"_\" is missing: which constructor of {}",
                schema.type_name(ty)
            )));
        }
    };
    let fits = match ty {
        Ty::Boxed(t) => schema.has_constructor(*t, def),
        Ty::Bare(d) => *d == def,
        _ => true,
    };
    let d = schema.def(def);
    if !fits {
        let message = format!("`{}` is not a {}", d.name, schema.type_name(ty));
        return Err(inside(ParseError::in_path(message), "._"));
    }
    let known = |k: &str| k == "_" || d.params.iter().any(|p| p.name == k && p.ty != Ty::Flags);
    if let Some(key) = map.keys().find(|k| !known(k)) {
        return Err(ParseError::in_path(format!(
            "`{}` has no field `{key}`",
            d.name
        )));
    }
    Ok((def, map))
}

/// `.name` in a path.
struct Field<'a>(&'a str);

impl std::fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, ".{}", self.0)
    }
}

/// A value of a type that holds no other value.
#[inline(never)]
fn scalar(j: &J, ty: &Ty) -> Result<Value, ParseError> {
    let int = |what: &str| expected(what, j);
    Ok(match ty {
        Ty::Flags | Ty::Nat => Value::Nat(
            j.as_u64()
                .and_then(|v| v.try_into().ok())
                .ok_or_else(|| int("a # (0 to 4294967295)"))?,
        ),
        Ty::Int => Value::Int(
            j.as_i64()
                .and_then(|v| v.try_into().ok())
                .ok_or_else(|| int("an int (-2147483648 to 2147483647)"))?,
        ),
        // A long is a JSON number; a string of digits is read too, since JavaScript
        // writers must quote longs to keep them exact.
        Ty::Long => Value::Long(
            match j {
                J::String(s) => s.parse().ok(),
                _ => j.as_i64(),
            }
            .ok_or_else(|| int("a long (a 64-bit integer)"))?,
        ),
        Ty::Double => Value::Double(
            match j {
                J::String(s) => parse_double(s).filter(|v| !v.is_finite()),
                _ => j.as_f64(),
            }
            .ok_or_else(|| int("a double (a number, \"NaN\", \"Infinity\", \"-Infinity\")"))?,
        ),
        Ty::Int128 => Value::Int128(fixed(j, "an int128: base64 of 16 bytes")?),
        Ty::Int256 => Value::Int256(Box::new(fixed(j, "an int256: base64 of 32 bytes")?)),
        Ty::Int512 => Value::Int512(Box::new(fixed(j, "an int512: base64 of 64 bytes")?)),
        Ty::Bytes => Value::Bytes(
            j.as_str()
                .and_then(base64::decode)
                .ok_or_else(|| expected("bytes: a base64 string", j))?,
        ),
        Ty::String => Value::String(
            j.as_str()
                .ok_or_else(|| expected("a string", j))?
                .as_bytes()
                .to_vec(),
        ),
        Ty::Bool => Value::Bool(j.as_bool().ok_or_else(|| expected("true or false", j))?),
        Ty::True => match j {
            J::Bool(true) => Value::True,
            _ => return Err(expected("true", j)),
        },
        // Containers are read by `Typer::value`, which never passes them here.
        Ty::Vector { .. } | Ty::Boxed(_) | Ty::Bare(_) | Ty::Any => {
            return Err(expected("a scalar", j));
        }
    })
}

/// `[i]` in a path.
struct Index(usize);

impl std::fmt::Display for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{}]", self.0)
    }
}

fn fixed<const N: usize>(j: &J, what: &str) -> Result<[u8; N], ParseError> {
    j.as_str()
        .and_then(base64::decode)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| expected(what, j))
}
