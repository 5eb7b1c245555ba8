//! Any serde deserializer -> [`Value`] of an expected type: [`ValueSeed`]. A value of one form
//! is asked for with its type's hint, one of several (bytes; a long or a double in a text format)
//! with `deserialize_any`, so the format must be self-describing (JSON, CBOR, MessagePack...).
//! Objects are read field by field as their map goes; only the fields before a late `"_"` are
//! buffered (see [`super::raw`]). Nesting is one level of [`Limits`] per object and vector, as
//! in `decode`.

use std::fmt::{self, Display};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use tlgen_runtime::DecodeOptions;

use super::raw::{Raw, RawDeserializer, RawSeed};
use crate::base64;
use crate::embed::Group;
use crate::limits::Limits;
use crate::schema::{Def, Schema, Ty, TypeRef};
use crate::text::parse::parse_double;
use crate::value::{Object, Value};

/// Reads a [`Value`] of type `ty` from any serde deserializer, in the data model of the module
/// docs: the dynamic counterpart of a generated type's `Deserialize`.
///
/// ```
/// use serde::de::DeserializeSeed;
/// use tlgen_runtime::DecodeOptions;
/// use tlgen_codec::{Schema, Text, ValueSeed};
///
/// let schema = Schema::from_tl("pair#00000001 x:int data:bytes = Pair;")?;
/// let ty = schema.parse_type("Pair")?;
/// let json = r#"{"data":"/wA=","x":7,"_":"pair"}"#;
/// let seed = ValueSeed::new(&schema, &ty, &DecodeOptions::default());
/// let value = seed.deserialize(&mut serde_json::Deserializer::from_str(json))?;
/// assert_eq!(Text::new(&schema, &value).to_string(), "(pair x:7 data:0xff00)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Nesting is bounded by `options.max_depth` and `options.max_stack_bytes`; the other options do
/// not apply.
pub struct ValueSeed<'a> {
    schema: &'a Schema,
    ty: &'a TypeRef,
    options: DecodeOptions,
}

impl<'a> ValueSeed<'a> {
    /// A seed for one value of type `ty` (`TypeRef::any()`: any object, by its `"_"`).
    pub fn new(schema: &'a Schema, ty: &'a TypeRef, options: &DecodeOptions) -> Self {
        Self {
            schema,
            ty,
            options: *options,
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Root {
            schema: self.schema,
            ty: &self.ty.0,
            exact: None,
            options: &self.options,
        }
        .deserialize(d)
    }
}

/// The outermost value: of type `ty`, and if `exact`, that constructor or function.
pub(crate) struct Root<'a> {
    pub(crate) schema: &'a Schema,
    pub(crate) ty: &'a Ty,
    pub(crate) exact: Option<u32>,
    pub(crate) options: &'a DecodeOptions,
}

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        let mut ctx = Ctx {
            schema: self.schema,
            limits: Limits::new(self.options),
            path: Vec::new(),
            human: d.is_human_readable(),
        };
        let seed = Typed {
            ctx: &mut ctx,
            ty: self.ty,
            exact: self.exact,
        };
        seed.deserialize(d)?
            .ok_or_else(|| de::Error::custom("`false` is not a value of type `true`"))
    }
}

/// The fields of a flag group ([`crate::EmbeddedSchema::deserialize_fields`]): a map of them all,
/// by TL name, without `"_"`; read into an object of their constructor holding only them.
pub(crate) struct GroupRoot<'a> {
    pub(crate) group: &'a Group<'a>,
    pub(crate) options: &'a DecodeOptions,
}

impl<'de> DeserializeSeed<'de> for GroupRoot<'_> {
    type Value = Object;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Object, D::Error> {
        let mut ctx = Ctx {
            schema: self.group.schema,
            limits: Limits::new(self.options),
            path: Vec::new(),
            human: d.is_human_readable(),
        };
        ctx.enter()?;
        let object = d.deserialize_map(GroupFields {
            ctx: &mut ctx,
            group: self.group,
        });
        ctx.leave();
        object
    }
}

struct GroupFields<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    group: &'a Group<'a>,
}

impl<'de, 'a> Visitor<'de> for GroupFields<'_, 'a> {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.ctx.schema.def(self.group.def);
        let names: Vec<&str> = self
            .group
            .params
            .iter()
            .map(|&i| d.params[i].name.as_str())
            .collect();
        let what = format!("the fields {} of `{}`: a map", names.join(", "), d.name);
        self.ctx.expecting(f, what)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let GroupFields { ctx, group } = self;
        let mut p = Partial::new(group.schema, group.def);
        while let Some(key) = map.next_key_seed(KeySeed { ctx, d: Some(p.d) })? {
            match key {
                Key::Param(i) if group.params.contains(&i) => {
                    p.read_next(ctx, i, &mut map)?;
                }
                Key::Param(i) => {
                    let message = format!(
                        "`{}` is a field of `{}`, not of this group of its fields",
                        p.d.params[i].name, p.d.name
                    );
                    return Err(ctx.error(message));
                }
                Key::Name | Key::Pending(_) => {
                    return Err(ctx.error("`_`: a flag group's fields have no constructor name"));
                }
            }
        }
        // All or none: the group is one `Option`, its fields share one flag bit.
        if let Some(&missing) = group.params.iter().find(|&&i| p.fields[i].is_none()) {
            let message = format!(
                "`{}` is missing from the group of `{}`'s fields (present together or not at all)",
                p.d.params[missing].name, p.d.name
            );
            return Err(ctx.error(message));
        }
        Ok(Object {
            def: group.def,
            fields: p.fields,
        })
    }
}

/// What one reading shares: the schema, the nesting limits, and the path to the value being read
/// (for error messages).
pub(crate) struct Ctx<'a> {
    schema: &'a Schema,
    limits: Limits,
    path: Vec<Step>,
    /// Whether the format is human-readable, for the fields replayed from a buffer.
    human: bool,
}

/// One step of a path: a field (definition and parameter index) or a vector item.
#[derive(Clone, Copy)]
enum Step {
    Field(u32, usize),
    Index(usize),
}

impl Ctx<'_> {
    /// Enters one level of nesting, or fails past the limits.
    pub(crate) fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        match self.limits.enter() {
            Ok(()) => Ok(()),
            Err(message) => Err(self.error(message)),
        }
    }

    pub(crate) fn leave(&mut self) {
        self.limits.leave();
    }

    /// An error of ours, with the path to the value at fault.
    fn error<E: de::Error>(&self, message: impl Display) -> E {
        if self.path.is_empty() {
            E::custom(message)
        } else {
            E::custom(format_args!("{message} (at {})", Path(self)))
        }
    }

    /// Writes `what` is expected, with the path: the end of serde's own type errors.
    fn expecting(&self, f: &mut fmt::Formatter<'_>, what: impl Display) -> fmt::Result {
        write!(f, "{what}")?;
        if !self.path.is_empty() {
            write!(f, " (at {})", Path(self))?;
        }
        Ok(())
    }
}

/// A path as the codec's errors write them: `.messages[3].media`.
struct Path<'c, 'a>(&'c Ctx<'a>);

impl Display for Path<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for step in &self.0.path {
            match *step {
                Step::Field(def, i) => write!(f, ".{}", self.0.schema.def(def).params[i].name)?,
                Step::Index(i) => write!(f, "[{i}]")?,
            }
        }
        Ok(())
    }
}

/// The capacity to reserve for a sequence or map whose format announced `hint` items: no more
/// than a small number, since the announcement is input and may lie.
pub(crate) fn cautious(hint: Option<usize>) -> usize {
    hint.unwrap_or(0).min(256)
}

/// One value of type `ty` (if `exact`, that constructor or function). `None` only for a `true`
/// read as `false`, which the containing object takes as the flag left out.
struct Typed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    ty: &'a Ty,
    exact: Option<u32>,
}

impl<'de> DeserializeSeed<'de> for Typed<'_, '_> {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        let Typed { ctx, ty, exact } = self;
        let human = d.is_human_readable();
        match ty {
            Ty::Vector { item, .. } => {
                ctx.enter()?;
                let items = d.deserialize_seq(Items {
                    ctx: &mut *ctx,
                    item,
                });
                ctx.leave();
                items.map(Some)
            }
            Ty::Boxed(_) | Ty::Bare(_) | Ty::Any => {
                ctx.enter()?;
                let object = d.deserialize_map(Fields {
                    ctx: &mut *ctx,
                    ty,
                    exact,
                });
                ctx.leave();
                object.map(Some)
            }
            _ => {
                let v = Scalar { ctx, ty };
                match ty {
                    Ty::Int => d.deserialize_i32(v),
                    Ty::Flags | Ty::Nat => d.deserialize_u32(v),
                    // Bytes come as bytes, a base64 string or a sequence of u8, and in a text
                    // format a long may be a string of digits and a double a name: let the
                    // format say which it has.
                    Ty::Int128 | Ty::Int256 | Ty::Int512 | Ty::Bytes => d.deserialize_any(v),
                    Ty::Long | Ty::Double if human => d.deserialize_any(v),
                    Ty::Long => d.deserialize_i64(v),
                    Ty::Double => d.deserialize_f64(v),
                    Ty::String => d.deserialize_string(v),
                    _ => d.deserialize_bool(v),
                }
            }
        }
    }
}

/// A value of a type that holds no other value.
struct Scalar<'c, 'a> {
    ctx: &'c Ctx<'a>,
    ty: &'a Ty,
}

impl Scalar<'_, '_> {
    /// The value of a byte type (or a string) from its bytes.
    fn of_bytes<E: de::Error>(&self, b: Vec<u8>) -> Result<Option<Value>, E> {
        let wrong = |b: &[u8]| E::invalid_length(b.len(), self);
        Ok(Some(match self.ty {
            Ty::Bytes => Value::Bytes(b),
            Ty::String => Value::String(b),
            Ty::Int128 => Value::Int128(b.as_slice().try_into().map_err(|_| wrong(&b))?),
            Ty::Int256 => Value::Int256(Box::new(b.as_slice().try_into().map_err(|_| wrong(&b))?)),
            Ty::Int512 => Value::Int512(Box::new(b.as_slice().try_into().map_err(|_| wrong(&b))?)),
            _ => return Err(E::invalid_type(Unexpected::Bytes(&b), self)),
        }))
    }
}

impl<'de> Visitor<'de> for Scalar<'_, '_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.ty {
            Ty::Int => "an int (-2147483648 to 2147483647)",
            Ty::Flags | Ty::Nat => "a # (0 to 4294967295)",
            Ty::Long => "a long (a 64-bit integer)",
            Ty::Double => "a double (a number, \"NaN\", \"Infinity\", \"-Infinity\")",
            Ty::Int128 => "an int128: 16 bytes (base64 in text formats)",
            Ty::Int256 => "an int256: 32 bytes (base64 in text formats)",
            Ty::Int512 => "an int512: 64 bytes (base64 in text formats)",
            Ty::Bytes => "bytes (base64 in text formats)",
            Ty::String => "a string",
            Ty::Bool => "a Bool: true or false",
            Ty::True => "true (or false, the same as leaving the flag out)",
            _ => "a scalar",
        };
        self.ctx.expecting(f, what)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<Value>, E> {
        match self.ty {
            Ty::Bool => Ok(Some(Value::Bool(v))),
            Ty::True => Ok(v.then_some(Value::True)),
            _ => Err(E::invalid_type(Unexpected::Bool(v), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<Value>, E> {
        let out_of_range = || E::invalid_value(Unexpected::Signed(v), &self);
        Ok(Some(match self.ty {
            Ty::Int => Value::Int(v.try_into().map_err(|_| out_of_range())?),
            Ty::Flags | Ty::Nat => Value::Nat(v.try_into().map_err(|_| out_of_range())?),
            Ty::Long => Value::Long(v),
            // A whole number where a double goes, as JSON writers of integral doubles do.
            Ty::Double => Value::Double(v as f64),
            _ => return Err(E::invalid_type(Unexpected::Signed(v), &self)),
        }))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<Value>, E> {
        let out_of_range = || E::invalid_value(Unexpected::Unsigned(v), &self);
        Ok(Some(match self.ty {
            Ty::Int => Value::Int(v.try_into().map_err(|_| out_of_range())?),
            Ty::Flags | Ty::Nat => Value::Nat(v.try_into().map_err(|_| out_of_range())?),
            Ty::Long => Value::Long(v.try_into().map_err(|_| out_of_range())?),
            Ty::Double => Value::Double(v as f64),
            _ => return Err(E::invalid_type(Unexpected::Unsigned(v), &self)),
        }))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<Value>, E> {
        match self.ty {
            Ty::Double => Ok(Some(Value::Double(v))),
            _ => Err(E::invalid_type(Unexpected::Float(v), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Value>, E> {
        let invalid = || E::invalid_value(Unexpected::Str(v), &self);
        match self.ty {
            // JavaScript writers quote longs to keep them exact.
            Ty::Long => v
                .parse()
                .map(|n| Some(Value::Long(n)))
                .map_err(|_| invalid()),
            // Only the names of non-finite doubles: a finite one is a number.
            Ty::Double => parse_double(v)
                .filter(|d| !d.is_finite())
                .map(|d| Some(Value::Double(d)))
                .ok_or_else(invalid),
            Ty::Int128 | Ty::Int256 | Ty::Int512 | Ty::Bytes => {
                self.of_bytes(base64::decode(v).ok_or_else(invalid)?)
            }
            Ty::String => Ok(Some(Value::String(v.as_bytes().to_vec()))),
            _ => Err(E::invalid_type(Unexpected::Str(v), &self)),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<Value>, E> {
        match self.ty {
            Ty::String => Ok(Some(Value::String(v.into_bytes()))),
            _ => self.visit_str(&v),
        }
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<Value>, E> {
        self.visit_byte_buf(v.to_vec())
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Option<Value>, E> {
        self.of_bytes(v)
    }

    /// Bytes as a sequence of `u8`, as formats without a bytes type write them.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Value>, A::Error> {
        if !matches!(self.ty, Ty::Int128 | Ty::Int256 | Ty::Int512 | Ty::Bytes) {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        let mut b = Vec::with_capacity(cautious(seq.size_hint()));
        while let Some(byte) = seq.next_element_seed(Byte(self.ctx))? {
            b.push(byte);
        }
        self.of_bytes(b)
    }
}

/// One byte of bytes written as a sequence.
struct Byte<'c, 'a>(&'c Ctx<'a>);

impl<'de> DeserializeSeed<'de> for Byte<'_, '_> {
    type Value = u8;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u8, D::Error> {
        d.deserialize_u8(self)
    }
}

impl<'de> Visitor<'de> for Byte<'_, '_> {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f, "a byte (0 to 255)")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u8, E> {
        v.try_into()
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u8, E> {
        v.try_into()
            .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }
}

/// The items of a vector.
struct Items<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    item: &'a Ty,
}

impl<'de> Visitor<'de> for Items<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = format!(
            "a sequence: a vector of {}",
            self.ctx.schema.type_name(self.item)
        );
        self.ctx.expecting(f, what)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let ctx = self.ctx;
        let mut items = Vec::with_capacity(cautious(seq.size_hint()));
        ctx.path.push(Step::Index(0));
        loop {
            if let Some(last) = ctx.path.last_mut() {
                *last = Step::Index(items.len());
            }
            let seed = Typed {
                ctx: &mut *ctx,
                ty: self.item,
                exact: None,
            };
            match seq.next_element_seed(seed)? {
                Some(Some(item)) => items.push(item),
                Some(None) => return Err(ctx.error("`false` is not a value of type `true`")),
                None => break,
            }
        }
        ctx.path.pop();
        Ok(Value::Vector(items))
    }
}

/// The fields of an object of type `ty` (if `exact`, that constructor or function).
struct Fields<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    ty: &'a Ty,
    exact: Option<u32>,
}

/// An object's fields as they are read.
struct Partial<'a> {
    def: u32,
    d: &'a Def,
    fields: Vec<Option<Value>>,
    /// Which parameters were given (a `true` given as `false` too), to refuse one given twice.
    given: Vec<bool>,
}

impl<'a> Partial<'a> {
    fn new(schema: &'a Schema, def: u32) -> Self {
        let d = schema.def(def);
        Self {
            def,
            d,
            fields: vec![None; d.params.len()],
            given: vec![false; d.params.len()],
        }
    }

    /// Reads field `i` through `read`, with the path to it.
    fn read<E: de::Error>(
        &mut self,
        ctx: &mut Ctx<'a>,
        i: usize,
        read: impl FnOnce(&mut Ctx<'a>, &'a Ty) -> Result<Option<Value>, E>,
    ) -> Result<(), E> {
        if std::mem::replace(&mut self.given[i], true) {
            let message = format!("`{}` given twice", self.d.params[i].name);
            return Err(ctx.error(message));
        }
        ctx.path.push(Step::Field(self.def, i));
        self.fields[i] = read(ctx, &self.d.params[i].ty)?;
        ctx.path.pop();
        Ok(())
    }

    /// Reads field `i` from the map's next value.
    fn read_next<'de, A: MapAccess<'de>>(
        &mut self,
        ctx: &mut Ctx<'a>,
        i: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        self.read(ctx, i, |ctx, ty| {
            map.next_value_seed(Typed {
                ctx,
                ty,
                exact: None,
            })
        })
    }
}

/// The parameter named `key` (flags words have no key: they are computed).
fn param(d: &Def, key: &str) -> Option<usize> {
    d.params
        .iter()
        .position(|p| p.name == key && p.ty != Ty::Flags)
}

fn no_field<E: de::Error>(ctx: &Ctx<'_>, d: &Def, key: &str) -> E {
    ctx.error(format_args!("`{}` has no field `{key}`", d.name))
}

impl<'de, 'a> Visitor<'de> for Fields<'_, 'a> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = format!("{}: a map with \"_\"", self.ctx.schema.type_name(self.ty));
        self.ctx.expecting(f, what)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let Fields { ctx, ty, exact } = self;
        let schema: &'a Schema = ctx.schema;
        // A bare object's constructor is known from its type; `"_"` may be left out.
        let mut partial = match *ty {
            Ty::Bare(def) => Some(Partial::new(schema, def)),
            _ => None,
        };
        let mut named = false;
        let mut pending: Vec<(String, Raw)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed {
            ctx,
            d: partial.as_ref().map(|p| p.d),
        })? {
            match key {
                Key::Name => {
                    if std::mem::replace(&mut named, true) {
                        return Err(ctx.error("`_` given twice"));
                    }
                    let def = map.next_value_seed(NameSeed { ctx })?;
                    check(ctx, ty, exact, def)?;
                    if let Some(p) = &partial {
                        if p.def != def {
                            let message = format!("`_` is not `{}`", p.d.name);
                            return Err(ctx.error(message));
                        }
                        continue;
                    }
                    let p = partial.insert(Partial::new(schema, def));
                    for (key, raw) in pending.drain(..) {
                        let i = param(p.d, &key).ok_or_else(|| no_field(ctx, p.d, &key))?;
                        let human = ctx.human;
                        p.read(ctx, i, |ctx, ty| {
                            let seed = Typed {
                                ctx,
                                ty,
                                exact: None,
                            };
                            seed.deserialize(RawDeserializer::new(raw, human))
                        })?;
                    }
                }
                Key::Param(i) => {
                    // `Param` is only read once the constructor is known.
                    let Some(p) = partial.as_mut() else {
                        return Err(ctx.error("a field before the constructor is known"));
                    };
                    p.read_next(ctx, i, &mut map)?;
                }
                Key::Pending(key) => {
                    let raw = map.next_value_seed(RawSeed { ctx: &mut *ctx })?;
                    pending.push((key, raw));
                }
            }
        }
        let Some(p) = partial else {
            return Err(ctx.error(format_args!(
                "\"_\" is missing: which constructor of {}",
                schema.type_name(ty)
            )));
        };
        if let Some(missing) =
            p.d.params
                .iter()
                .zip(&p.fields)
                .find(|(q, v)| q.flag.is_none() && q.ty != Ty::Flags && v.is_none())
        {
            let message = format!("`{}` is missing its field `{}`", p.d.name, missing.0.name);
            return Err(ctx.error(message));
        }
        Ok(Value::Object(Box::new(Object {
            def: p.def,
            fields: p.fields,
        })))
    }
}

/// Whether constructor or function `def` is what is expected.
fn check<E: de::Error>(ctx: &Ctx<'_>, ty: &Ty, exact: Option<u32>, def: u32) -> Result<(), E> {
    let schema = ctx.schema;
    let fits = match *ty {
        Ty::Boxed(t) => schema.has_constructor(t, def),
        Ty::Bare(d) => d == def,
        _ => true,
    };
    let expected = match exact {
        Some(e) if e != def => format!("`{}`", schema.def(e).name),
        _ if !fits => schema.type_name(ty),
        _ => return Ok(()),
    };
    let message = format!("`_`: `{}` is not {expected}", schema.def(def).name);
    Err(ctx.error(message))
}

/// A key of an object's map.
enum Key {
    /// `"_"`.
    Name,
    /// A parameter of the known constructor.
    Param(usize),
    /// A key before `"_"`, the constructor not yet known.
    Pending(String),
}

struct KeySeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
    /// The constructor, once known.
    d: Option<&'a Def>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.ctx.expecting(f, "a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        if key == "_" {
            return Ok(Key::Name);
        }
        match self.d {
            Some(d) => param(d, key)
                .map(Key::Param)
                .ok_or_else(|| no_field(self.ctx, d, key)),
            None => Ok(Key::Pending(key.to_owned())),
        }
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Err(E::invalid_type(Unexpected::Bytes(key), &self)),
        }
    }
}

/// The value of `"_"`: a constructor or function of the schema, by its exact name.
struct NameSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for NameSeed<'_, '_> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed<'_, '_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.ctx
            .expecting(f, "`_`: the name of a constructor or function")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<u32, E> {
        self.ctx.schema.by_name(name).ok_or_else(|| {
            self.ctx.error(format_args!(
                "`_`: `{name}` is not a constructor or function of the schema"
            ))
        })
    }
}
