//! [`Value`] -> any serde serializer: [`SerdeValue`], in the data model of the module docs.

use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::base64;
use crate::schema::{Schema, Ty};
use crate::text::print::write_double;
use crate::value::{Object, Value};

/// A value with its schema, as a `serde::Serialize`: with `serde_json`, the same text as
/// [`Json`](crate::Json) prints (`to_string` as `{}`, `to_string_pretty` as `{:#}`).
///
/// ```
/// use tlgen_runtime::DecodeOptions;
/// use tlgen_codec::{Schema, SerdeValue, TypeRef, parse_text};
///
/// let schema = Schema::from_tl("pair#00000001 x:int data:bytes = Pair;")?;
/// let (value, _) = parse_text(&schema, "(pair x:7 data:0xff00)", &TypeRef::any(),
///     &DecodeOptions::default())?;
/// assert_eq!(
///     serde_json::to_string(&SerdeValue::new(&schema, &value))?,
///     r#"{"_":"pair","x":7,"data":"/wA="}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SerdeValue<'a> {
    schema: &'a Schema,
    value: &'a Value,
}

impl<'a> SerdeValue<'a> {
    /// `value` (made with `schema`) for serializing.
    pub fn new(schema: &'a Schema, value: &'a Value) -> Self {
        Self { schema, value }
    }

    fn inner(&self, value: &'a Value) -> Self {
        Self {
            schema: self.schema,
            value,
        }
    }
}

impl Serialize for SerdeValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Value::Int(v) => s.serialize_i32(*v),
            Value::Nat(v) => s.serialize_u32(*v),
            Value::Long(v) => s.serialize_i64(*v),
            Value::Double(v) if v.is_finite() || !s.is_human_readable() => s.serialize_f64(*v),
            Value::Double(v) => {
                let mut text = String::new();
                write_double(&mut text, *v).map_err(S::Error::custom)?;
                s.serialize_str(&text)
            }
            Value::Int128(b) => bytes(s, b),
            Value::Int256(b) => bytes(s, &b[..]),
            Value::Int512(b) => bytes(s, &b[..]),
            Value::Bytes(b) => bytes(s, b),
            // As the JSON printer: bytes that are not UTF-8 (only a lenient decode keeps them)
            // become U+FFFD, since a serde string is Unicode.
            Value::String(b) => s.serialize_str(&String::from_utf8_lossy(b)),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::True => s.serialize_bool(true),
            Value::Vector(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&self.inner(item))?;
                }
                seq.end()
            }
            Value::Object(o) => self.object(o, s),
        }
    }
}

impl SerdeValue<'_> {
    fn object<S: Serializer>(&self, o: &Object, s: S) -> Result<S::Ok, S::Error> {
        fields(self.schema, o, true, s)
    }
}

/// The fields of an object that holds only some of its constructor's (a flag group's), as a
/// map without `"_"`: what [`crate::EmbeddedSchema::serialize_fields`] writes.
pub(crate) struct SerdeFields<'a> {
    schema: &'a Schema,
    object: &'a Object,
}

impl<'a> SerdeFields<'a> {
    pub(crate) fn new(schema: &'a Schema, object: &'a Object) -> Self {
        Self { schema, object }
    }
}

impl Serialize for SerdeFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fields(self.schema, self.object, false, s)
    }
}

/// An object as a map of its fields present, by TL name in schema order (no flags words),
/// after `"_"` with its constructor's name if `named`.
fn fields<S: Serializer>(
    schema: &Schema,
    o: &Object,
    named: bool,
    s: S,
) -> Result<S::Ok, S::Error> {
    let def = schema
        .defs
        .get(o.def as usize)
        .filter(|d| d.params.len() == o.fields.len())
        .ok_or_else(|| {
            S::Error::custom(format_args!(
                "object #{} does not fit the schema's definitions",
                o.def
            ))
        })?;
    let present = || {
        def.params
            .iter()
            .zip(&o.fields)
            .filter(|(p, _)| p.ty != Ty::Flags)
            .filter_map(|(p, v)| Some((p, v.as_ref()?)))
    };
    let mut map = s.serialize_map(Some(usize::from(named) + present().count()))?;
    if named {
        map.serialize_entry("_", &def.name)?;
    }
    for (p, v) in present() {
        map.serialize_entry(&p.name, &SerdeValue::new(schema, v))?;
    }
    map.end()
}

/// `bytes`, `int128`, `int256`, `int512`: base64 for people, raw for binary formats.
fn bytes<S: Serializer>(s: S, data: &[u8]) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        let mut text = String::new();
        base64::encode_into(data, &mut text);
        s.serialize_str(&text)
    } else {
        s.serialize_bytes(data)
    }
}
