//! Serde support (cargo feature `serde`): any [`Value`] as a `serde::Serialize` ([`SerdeValue`]),
//! any serde input as a [`Value`] of a given type ([`ValueSeed`]), and the two calls a generated
//! crate's `Serialize`/`Deserialize` impls are made of ([`EmbeddedSchema::serialize`] and
//! [`EmbeddedSchema::deserialize`]; for its flag groups, [`EmbeddedSchema::serialize_fields`] and
//! [`EmbeddedSchema::deserialize_fields`]).
//!
//! The data model is the JSON of the crate docs, so that with `serde_json` the output is exactly
//! what [`Json`](crate::Json) prints, compact or pretty:
//!
//! - an object is a map: `"_"` first, the exact TL name, then the parameters present, by TL name,
//!   in schema order (no flags words; a `flags.N?true` only when set, as `true`);
//! - `int` `i32`, `#` `u32`, `long` `i64`, `double` `f64`, `Bool` `bool`, `string` `str` (bytes
//!   that are not UTF-8 as U+FFFD), vectors sequences, `Object` and `!X` the object held;
//! - `bytes`, `int128`, `int256`, `int512`: with a human-readable serializer a base64 string (standard,
//!   padded), with a binary one `serialize_bytes`;
//! - a non-finite `double`: with a human-readable serializer the strings `"NaN"`, `"Infinity"`,
//!   `"-Infinity"` (`"NaN#<16 hex digits>"` for other NaNs); a binary one takes the `f64` as it
//!   is, every bit kept.
//!
//! Reading needs a self-describing format (JSON, CBOR, MessagePack...: bytes may come in several
//! forms, and a map's fields before its `"_"`). It takes every form either kind of format writes
//! (bytes as a base64 string, bytes or a sequence of `u8`; a `long` also as a string of digits;
//! an integer as a `double`; `"flag": false` as a left-out flag), and `"_"` anywhere in a map:
//! fields before it are buffered, nested as deep as the limits allow, and typed once it is read.
//! It refuses, with the path to the value: a `"_"` that is not of the expected type, a missing
//! required field, a field the constructor does not have (flags words included), a field given
//! twice, and nesting past [`DecodeOptions`]' `max_depth` and `max_stack_bytes`, so that no
//! input can overflow the stack.

mod de;
mod raw;
mod ser;

use ::serde::de::{DeserializeSeed, Deserializer, Error as _};
use ::serde::ser::{Error as _, Serialize as _, Serializer};
use tlgen_runtime::{DecodeError, DecodeOptions, Reader, Writer};

pub use de::ValueSeed;
use ser::SerdeFields;
pub use ser::SerdeValue;

use crate::embed::own_bytes;
use crate::encode::encode_params;
use crate::schema::{Schema, Ty, TypeRef};
use crate::{EmbeddedSchema, decode, encode};

impl EmbeddedSchema {
    /// Serializes `value` (boxed, as its [`tlgen_runtime::Serialize`] writes it) through the codec:
    /// what a generated type's `serde::Serialize` is, `SCHEMA.serialize(self, s)`. One function
    /// for every type (`&dyn`), so that each impl costs a call and no code of its own.
    ///
    /// Errors (an embedded schema that does not parse, bytes it cannot read) are `S::Error`s,
    /// never panics.
    pub fn serialize<S: Serializer>(
        &self,
        value: &dyn tlgen_runtime::Serialize,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let schema = self.get().map_err(|e| {
            S::Error::custom(format_args!("the embedded schema does not parse: {e}"))
        })?;
        let value = decode(schema, &value.to_bytes(), &TypeRef::any(), own_bytes())
            .map_err(|e| S::Error::custom(format_args!("not TL of the embedded schema: {e}")))?;
        SerdeValue::new(schema, &value).serialize(s)
    }

    /// Deserializes a value of `tl_name` and reads it into `T` from its boxed bytes: what a
    /// generated type's `serde::Deserialize` is, `SCHEMA.deserialize(d, "auth.sentCode")`.
    ///
    /// `tl_name` is the exact TL name of a boxed type (`auth.SentCode`: any of its constructors,
    /// named by `"_"`), of a constructor or of a function (`auth.sentCode`: `"_"` must name it),
    /// or `Object` (anything). Input is untrusted: nesting is bounded by the default
    /// [`DecodeOptions`], as `T::from_bytes` is. Every fault is a `D::Error` with the path to the
    /// value at fault, never a panic.
    pub fn deserialize<'de, T, D>(&self, d: D, tl_name: &str) -> Result<T, D::Error>
    where
        T: tlgen_runtime::Deserialize,
        D: Deserializer<'de>,
    {
        let schema = self.get().map_err(|e| {
            D::Error::custom(format_args!("the embedded schema does not parse: {e}"))
        })?;
        let (ty, exact) = resolve(schema, tl_name).ok_or_else(|| {
            D::Error::custom(format_args!(
                "`{tl_name}` is not a boxed type, constructor or function of the embedded schema"
            ))
        })?;
        let options = DecodeOptions::default();
        let value = de::Root {
            schema,
            ty: &ty,
            exact,
            options: &options,
        }
        .deserialize(d)?;
        // Boxed bytes (the id first) whichever name was given: what `T::from_bytes` reads.
        let bytes = encode(schema, &value, &TypeRef(ty)).map_err(D::Error::custom)?;
        T::from_bytes(&bytes).map_err(|e| {
            D::Error::custom(format_args!(
                "the value of `{tl_name}` does not read back as its Rust type: {e}"
            ))
        })
    }
}

impl EmbeddedSchema {
    /// Serializes the fields of a flag group (the struct of a constructor's fields that share
    /// one flag bit) as they appear in their constructor's map, `{"views": 10, "forwards": 2}`:
    /// what a generated group's `serde::Serialize` is. `params` are their TL names in schema
    /// order, `write` writes them as the constructor's encoder does (see
    /// [`EmbeddedSchema::fmt_fields`]).
    pub fn serialize_fields<S: Serializer>(
        &self,
        constructor: &str,
        params: &[&str],
        write: &dyn Fn(&mut Writer),
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let group = self.group(constructor, params).map_err(S::Error::custom)?;
        let object = group
            .read(write)
            .map_err(|e| S::Error::custom(format_args!("not TL of the embedded schema: {e}")))?;
        SerdeFields::new(group.schema, &object).serialize(s)
    }

    /// Deserializes the map [`EmbeddedSchema::serialize_fields`] writes, every field of the
    /// group present, and reads it into `T` through `read`, which reads the fields as the
    /// constructor's decoder does: what a generated group's `serde::Deserialize` is.
    pub fn deserialize_fields<'de, T, D>(
        &self,
        d: D,
        constructor: &str,
        params: &[&str],
        read: impl FnOnce(&mut Reader<'_>) -> Result<T, DecodeError>,
    ) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
    {
        let group = self.group(constructor, params).map_err(D::Error::custom)?;
        let options = DecodeOptions::default();
        let object = de::GroupRoot {
            group: &group,
            options: &options,
        }
        .deserialize(d)?;
        let bytes =
            encode_params(group.schema, &object, &group.params).map_err(D::Error::custom)?;
        let mut r = Reader::new(&bytes);
        read(&mut r)
            .and_then(|value| r.finish().map(|()| value))
            .map_err(|e| {
                D::Error::custom(format_args!(
                    "the fields of `{constructor}` do not read back as their Rust type: {e}"
                ))
            })
    }
}

/// What `tl_name` expects: a boxed type (any of its constructors) or `Object`, or exactly one
/// constructor or function (boxed, so written with its id).
fn resolve(schema: &Schema, tl_name: &str) -> Option<(Ty, Option<u32>)> {
    match schema.parse_type(tl_name) {
        Ok(TypeRef(ty @ Ty::Boxed(_))) => Some((ty, None)),
        Ok(TypeRef(Ty::Any)) => Some((Ty::Any, None)),
        Ok(TypeRef(Ty::Bare(d))) if !tl_name.trim_start().starts_with('%') => {
            Some((Ty::Any, Some(d)))
        }
        // A function's name is no type; and a constructor may be named like a built-in type
        // (`true#3fedd339 = True;`, which as a type name is the flag's `true`): by name, both.
        _ => schema.by_name(tl_name).map(|d| (Ty::Any, Some(d))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_what_they_expect() {
        let s = Schema::from_tl(
            "pair#00000001 x:int = Pair;\npair2#00000002 = Pair;\n\
             ---functions---\nget#00000003 = Pair;\n",
        )
        .unwrap();
        let pair = s.by_name("pair").unwrap();
        assert!(matches!(resolve(&s, "Pair"), Some((Ty::Boxed(_), None))));
        assert_eq!(resolve(&s, "pair"), Some((Ty::Any, Some(pair))));
        let get = s.by_name("get").unwrap();
        assert_eq!(resolve(&s, "get"), Some((Ty::Any, Some(get))));
        assert_eq!(resolve(&s, "Object"), Some((Ty::Any, None)));
        let t = Schema::from_tl("true#3fedd339 = True;").unwrap();
        let true_ = t.by_name("true").unwrap();
        assert_eq!(resolve(&t, "true"), Some((Ty::Any, Some(true_))));
        assert!(matches!(resolve(&t, "True"), Some((Ty::Boxed(_), None))));
        for bad in ["%Pair", "%pair", "Vector<int>", "int", "true", "nope", ""] {
            assert_eq!(resolve(&s, bad), None, "{bad}");
        }
    }
}
