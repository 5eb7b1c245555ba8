//! [`Value`] -> bytes. Values can be built by hand, so each is checked against its type as it is
//! written: a mismatch is an [`EncodeError`] naming where, never a panic or wrong bytes.

use std::fmt;

use tlgen_runtime::{BOOL_FALSE_ID, BOOL_TRUE_ID, MAX_BYTES_LEN, VECTOR_ID, serialize_bytes};

use crate::schema::{Schema, Ty, TypeRef};
use crate::value::{Object, Value};

/// A value that does not fit its type: `at` is the path to it (`.messages[3].media`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    pub message: String,
    /// Field names and vector indices from the outermost value in, e.g. `.messages[3].media`.
    pub at: String,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{} at {}", self.message, self.at)
        }
    }
}

impl std::error::Error for EncodeError {}

impl EncodeError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            at: String::new(),
        }
    }

    /// Adds an outer step to the path, on the way out of the recursion.
    fn inside(mut self, step: impl fmt::Display) -> Self {
        self.at = format!("{step}{}", self.at);
        self
    }
}

/// Encodes `value` as type `ty` (`TypeRef::any()` for an object with its id).
pub fn encode(schema: &Schema, value: &Value, ty: &TypeRef) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(256);
    Encoder { schema }.value(&mut out, value, &ty.0)?;
    Ok(out)
}

/// Encodes fields `params` (indices, in order) of object `o`, each as its parameter's type, one
/// after the other: as the constructor's encoder writes those fields (a flag group's).
#[cfg(feature = "serde")]
pub(crate) fn encode_params(
    schema: &Schema,
    o: &Object,
    params: &[usize],
) -> Result<Vec<u8>, EncodeError> {
    let def = schema
        .defs
        .get(o.def as usize)
        .filter(|d| d.params.len() == o.fields.len())
        .ok_or_else(|| EncodeError::new(format!("object #{} does not fit the schema", o.def)))?;
    let encoder = Encoder { schema };
    let mut out = Vec::new();
    for &i in params {
        let p = def
            .params
            .get(i)
            .ok_or_else(|| EncodeError::new(format!("`{}` has no parameter #{i}", def.name)))?;
        let at = |e: EncodeError| e.inside(format_args!(".{}", p.name));
        match &o.fields[i] {
            Some(v) => encoder.value(&mut out, v, &p.ty).map_err(at)?,
            None => return Err(at(EncodeError::new("missing"))),
        }
    }
    Ok(out)
}

struct Encoder<'s> {
    schema: &'s Schema,
}

/// What a value is, for "expected X, found Y".
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Int(_) => "an int",
        Value::Nat(_) => "a #",
        Value::Long(_) => "a long",
        Value::Double(_) => "a double",
        Value::Int128(_) => "an int128",
        Value::Int256(_) => "an int256",
        Value::Int512(_) => "an int512",
        Value::String(_) => "a string",
        Value::Bytes(_) => "bytes",
        Value::Bool(_) => "a Bool",
        Value::True => "true",
        Value::Vector(_) => "a vector",
        Value::Object(_) => "an object",
    }
}

impl Encoder<'_> {
    fn value(&self, out: &mut Vec<u8>, value: &Value, ty: &Ty) -> Result<(), EncodeError> {
        match (ty, value) {
            (Ty::Flags | Ty::Nat, Value::Nat(v)) => out.extend_from_slice(&v.to_le_bytes()),
            (Ty::Int, Value::Int(v)) => out.extend_from_slice(&v.to_le_bytes()),
            (Ty::Long, Value::Long(v)) => out.extend_from_slice(&v.to_le_bytes()),
            (Ty::Double, Value::Double(v)) => out.extend_from_slice(&v.to_le_bytes()),
            (Ty::Int128, Value::Int128(v)) => out.extend_from_slice(v),
            (Ty::Int256, Value::Int256(v)) => out.extend_from_slice(&v[..]),
            (Ty::Int512, Value::Int512(v)) => out.extend_from_slice(&v[..]),
            (Ty::String, Value::String(b)) | (Ty::Bytes, Value::Bytes(b)) => {
                // The runtime panics past this length (a bug of the caller, for typed values);
                // a dynamic value comes from input, so here it is an error.
                if b.len() > MAX_BYTES_LEN {
                    return Err(EncodeError::new(format!(
                        "{} bytes is longer than TL's maximum of {MAX_BYTES_LEN}",
                        b.len()
                    )));
                }
                serialize_bytes(b, out);
            }
            (Ty::Bool, Value::Bool(b)) => {
                let id = if *b { BOOL_TRUE_ID } else { BOOL_FALSE_ID };
                out.extend_from_slice(&id.to_le_bytes());
            }
            (Ty::True, Value::True) => {}
            (Ty::Vector { boxed, item }, Value::Vector(items)) => {
                let count = u32::try_from(items.len())
                    .map_err(|_| EncodeError::new("a vector of more than 2^32 - 1 items"))?;
                if *boxed {
                    out.extend_from_slice(&VECTOR_ID.to_le_bytes());
                }
                out.extend_from_slice(&count.to_le_bytes());
                for (i, v) in items.iter().enumerate() {
                    self.value(out, v, item)
                        .map_err(|e| e.inside(format_args!("[{i}]")))?;
                }
            }
            (Ty::Boxed(t), Value::Object(o)) if self.schema.has_constructor(*t, o.def) => {
                self.object(out, o, true)?;
            }
            (Ty::Bare(d), Value::Object(o)) if *d == o.def => self.object(out, o, false)?,
            (Ty::Any, Value::Object(o)) => self.object(out, o, true)?,
            (_, Value::Object(o)) => {
                let name = self.schema.name_of(o.def).unwrap_or("?");
                return Err(EncodeError::new(format!(
                    "expected {}, found `{name}`",
                    self.schema.type_name(ty)
                )));
            }
            _ => {
                return Err(EncodeError::new(format!(
                    "expected {}, found {}",
                    self.schema.type_name(ty),
                    kind(value)
                )));
            }
        }
        Ok(())
    }

    fn object(&self, out: &mut Vec<u8>, o: &Object, boxed: bool) -> Result<(), EncodeError> {
        let def =
            self.schema.defs.get(o.def as usize).ok_or_else(|| {
                EncodeError::new(format!("no definition #{} in the schema", o.def))
            })?;
        if o.fields.len() != def.params.len() {
            return Err(EncodeError::new(format!(
                "`{}` has {} parameters, the value {} fields",
                def.name,
                def.params.len(),
                o.fields.len()
            )));
        }
        // Each flags word is the bits of the fields present on it; every field on a set bit must
        // be present, since the decoder will read them all.
        let mut words = vec![0u32; def.params.len()];
        for (p, field) in def.params.iter().zip(&o.fields) {
            if let (Some((word, bit)), Some(_)) = (p.flag, field) {
                words[word] |= 1 << bit;
            }
        }
        if boxed {
            out.extend_from_slice(&def.id.to_le_bytes());
        }
        for (i, (p, field)) in def.params.iter().zip(&o.fields).enumerate() {
            let at = |e: EncodeError| e.inside(format_args!(".{}", p.name));
            match (&p.ty, p.flag, field) {
                (Ty::Flags, _, None) => out.extend_from_slice(&words[i].to_le_bytes()),
                (Ty::Flags, _, Some(_)) => {
                    return Err(at(EncodeError::new(
                        "a flags word is computed from the fields; it holds no value",
                    )));
                }
                (_, Some((word, bit)), None) if words[word] & (1 << bit) != 0 => {
                    return Err(at(EncodeError::new(format!(
                        "missing: `{}.{bit}` is set by another field present on the bit, and \
                         the fields on one bit are present together",
                        def.params[word].name
                    ))));
                }
                (_, Some(_), None) => {}
                (_, None, None) => {
                    return Err(at(EncodeError::new(format!(
                        "missing required field of `{}`",
                        def.name
                    ))));
                }
                (ty, _, Some(v)) => self.value(out, v, ty).map_err(at)?,
            }
        }
        Ok(())
    }
}
