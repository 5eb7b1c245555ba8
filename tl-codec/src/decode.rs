//! Bytes -> [`Value`], through tlgen-runtime's [`Reader`], with the generated decoders' guarantees:
//! every error a [`DecodeError`] with its offset, nesting bounded by [`Reader::nested`], and no
//! allocation the input does not pay for.

use std::collections::HashSet;
use std::sync::Mutex;

use tlgen_runtime::{DecodeError, DecodeErrorKind, DecodeOptions, Reader, VECTOR_ID};

use crate::schema::{Schema, Ty, TypeRef};
use crate::value::{Object, Value};

/// Decodes all of `bytes` as a value of type `ty` (`TypeRef::any()`: any constructor or function
/// by its id). Bytes left over are [`DecodeErrorKind::TrailingBytes`].
pub fn decode(
    schema: &Schema,
    bytes: &[u8],
    ty: &TypeRef,
    options: DecodeOptions,
) -> Result<Value, DecodeError> {
    let mut r = Reader::with_options(bytes, options);
    let mut d = Decoder {
        schema,
        reserved: 0,
    };
    let value = d.value(&mut r, &ty.0)?;
    r.finish()?;
    Ok(value)
}

/// Parameters `params` (indices into the parameters of constructor or function `def`), read in
/// that order from all of `bytes`, each present: a flag group's fields as the definition's
/// encoder writes them. The object holds those fields and no others.
pub(crate) fn decode_params(
    schema: &Schema,
    bytes: &[u8],
    def: u32,
    params: &[usize],
    options: DecodeOptions,
) -> Result<Object, DecodeError> {
    let mut r = Reader::with_options(bytes, options);
    let mut d = Decoder {
        schema,
        reserved: 0,
    };
    let all = &schema.def(def).params;
    let mut fields = vec![None; all.len()];
    for &i in params {
        fields[i] = Some(d.value(&mut r, &all[i].ty)?);
    }
    r.finish()?;
    Ok(Object { def, fields })
}

struct Decoder<'s> {
    schema: &'s Schema,
    /// Bytes of `Vec<Value>` capacity that vectors being decoded have reserved up front. Nested
    /// vectors share this one budget, the bytes left, as the runtime's own vectors do: a lying
    /// count at every level cannot make the decoder hold more than the input pays for.
    reserved: usize,
}

impl Decoder<'_> {
    /// Kept small: it is on the stack once per level of nesting, so the scalars, whose reads
    /// would add to its frame in unoptimized builds, are read by [`scalar`].
    fn value(&mut self, r: &mut Reader<'_>, ty: &Ty) -> Result<Value, DecodeError> {
        match ty {
            Ty::Vector { boxed, item } => r.nested(|r| self.vector(r, *boxed, item)),
            Ty::Boxed(t) => {
                let id = r.read_u32()?;
                match self.schema.by_id(id) {
                    Some(def) if self.schema.has_constructor(*t, def) => self.object(r, def),
                    _ => Err(self.unknown(r, id, ty)),
                }
            }
            Ty::Bare(def) => self.object(r, *def),
            Ty::Any => {
                let id = r.read_u32()?;
                match self.schema.by_id(id) {
                    Some(def) => self.object(r, def),
                    None => Err(r.unknown_constructor(id, "Object")),
                }
            }
            _ => scalar(r, ty),
        }
    }

    #[cold]
    #[inline(never)]
    fn unknown(&self, r: &Reader<'_>, id: u32, ty: &Ty) -> DecodeError {
        r.unknown_constructor(id, intern(&self.schema.type_name(ty)))
    }

    fn vector(&mut self, r: &mut Reader<'_>, boxed: bool, item: &Ty) -> Result<Value, DecodeError> {
        if boxed {
            let id = r.read_u32()?;
            if id != VECTOR_ID {
                return Err(r.unknown_constructor(id, "Vector"));
            }
        }
        let count = r.read_count()?;
        let budget = r.remaining().saturating_sub(self.reserved);
        let capacity = count.min(budget / size_of::<Value>());
        let reserved = capacity * size_of::<Value>();
        self.reserved += reserved;
        let mut items = Vec::with_capacity(capacity);
        let result = (0..count).try_for_each(|_| {
            items.push(self.value(r, item)?);
            Ok(())
        });
        self.reserved -= reserved;
        result.map(|()| Value::Vector(items))
    }

    /// Constructor or function `def`, its id (if any) already read: its fields, one level deeper.
    fn object(&mut self, r: &mut Reader<'_>, def: u32) -> Result<Value, DecodeError> {
        r.nested(|r| self.fields(r, def))
    }

    fn fields(&mut self, r: &mut Reader<'_>, def: u32) -> Result<Value, DecodeError> {
        let schema = self.schema;
        let params = &schema.def(def).params;
        let mut fields: Vec<Option<Value>> = Vec::with_capacity(params.len());
        for p in params {
            let present = match p.flag {
                // A flags word sits in its field as a `Nat` while the object is read, and is
                // taken out once it is: it is never part of the value.
                Some((word, bit)) => {
                    matches!(fields[word], Some(Value::Nat(w)) if w & (1 << bit) != 0)
                }
                None => true,
            };
            fields.push(if present {
                Some(self.value(r, &p.ty)?)
            } else {
                None
            });
        }
        for (field, p) in fields.iter_mut().zip(params) {
            if p.ty == Ty::Flags {
                *field = None;
            }
        }
        Ok(Value::Object(Box::new(Object { def, fields })))
    }
}

/// A value of a type that holds no other value.
#[inline(never)]
fn scalar(r: &mut Reader<'_>, ty: &Ty) -> Result<Value, DecodeError> {
    Ok(match ty {
        Ty::Flags | Ty::Nat => Value::Nat(r.read_u32()?),
        Ty::Int => Value::Int(r.read_i32()?),
        Ty::Long => Value::Long(r.read_i64()?),
        Ty::Double => Value::Double(r.read_f64()?),
        Ty::Int128 => Value::Int128(r.read_array()?),
        Ty::Int256 => Value::Int256(Box::new(r.read_array()?)),
        Ty::Int512 => Value::Int512(Box::new(r.read_array()?)),
        Ty::Bytes => Value::Bytes(r.read_bytes()?.to_vec()),
        Ty::String => {
            let start = r.position();
            let data = r.read_bytes()?;
            // Invalid UTF-8 is an error unless asked for leniency, as in generated decoders;
            // when lenient, the bytes are kept as they are (not replaced by U+FFFD), since
            // the text and JSON printers can show them and the encoder write them back.
            if !r.options().lossy_utf8 && std::str::from_utf8(data).is_err() {
                return Err(DecodeError::new(DecodeErrorKind::InvalidUtf8, start));
            }
            Value::String(data.to_vec())
        }
        Ty::Bool => Value::Bool(r.read_bool()?),
        Ty::True => Value::True,
        // Containers are read by `Decoder::value`, which never passes them here.
        Ty::Vector { .. } | Ty::Boxed(_) | Ty::Bare(_) | Ty::Any => Value::True,
    })
}

/// The `&'static str` that [`DecodeErrorKind::UnknownConstructor`] names the expected type with.
/// Types of a runtime schema have no static names, so each distinct name is leaked once, on the
/// error path only: memory bounded by the number of distinct type names ever reported.
fn intern(name: &str) -> &'static str {
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut names = NAMES.lock().unwrap_or_else(|poison| poison.into_inner());
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(&known) = names.get(name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}
