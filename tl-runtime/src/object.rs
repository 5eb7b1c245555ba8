//! Dynamically typed TL objects: TL's `Object` type, the `!X` argument of generic calls, and
//! decoding any boxed object of a schema by its constructor id through a [`Registry`].

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;

use crate::{DecodeError, Deserialize, Identifiable, Reader, Serialize, Writer};

/// Which constructor a value is: implemented for every constructor and function struct through
/// [`Identifiable`], and by generated code for every boxed-type enum (by its variant).
pub trait Constructor {
    /// The constructor id written before the bare form.
    fn constructor_id(&self) -> u32;
    /// The TL name of the constructor, e.g. `auth.sentCode`.
    fn constructor_name(&self) -> &'static str;
    /// The constructor's own struct, for downcasting: `self` for a struct, the variant's struct
    /// for an enum.
    fn constructor_value(&self) -> &dyn Any;
}

impl<T: Identifiable + 'static> Constructor for T {
    #[inline]
    fn constructor_value(&self) -> &dyn Any {
        self
    }

    #[inline]
    fn constructor_id(&self) -> u32 {
        T::CONSTRUCTOR_ID
    }

    #[inline]
    fn constructor_name(&self) -> &'static str {
        T::NAME
    }
}

/// `Bool` is a boxed type of two constructors, `boolTrue` and `boolFalse`, that Rust spells `bool`;
/// this lets a schema's registry decode and name them like any other constructor.
impl Constructor for bool {
    #[inline]
    fn constructor_id(&self) -> u32 {
        if *self {
            crate::BOOL_TRUE_ID
        } else {
            crate::BOOL_FALSE_ID
        }
    }

    #[inline]
    fn constructor_name(&self) -> &'static str {
        if *self { "boolTrue" } else { "boolFalse" }
    }

    #[inline]
    fn constructor_value(&self) -> &dyn Any {
        self
    }
}

/// A boxed TL object whose concrete type is known only at run time.
///
/// Implemented by the blanket impl below for every generated boxed-type enum and function struct
/// (and constructor struct); there is no need to implement it by hand.
pub trait DynObject: fmt::Debug + Send + Sync + 'static {
    /// The constructor id written before the bare form.
    fn constructor_id(&self) -> u32;
    /// The TL name, e.g. `auth.sentCode`.
    fn name(&self) -> &'static str;
    /// [`Serialize::serialized_len`] of the boxed form (id included).
    fn dyn_serialized_len(&self) -> usize;
    /// [`Serialize::serialize`] of the boxed form (id included).
    fn dyn_serialize(&self, out: &mut Vec<u8>);
    /// [`Serialize::write_to`] of the boxed form (id included).
    fn dyn_write_to(&self, out: &mut Writer);
    /// For downcasting to the concrete type.
    fn as_any(&self) -> &dyn Any;
    /// For downcasting an enum to the struct of its variant ([`Constructor::constructor_value`]).
    fn variant_any(&self) -> &dyn Any;
    /// For downcasting to the concrete type by value.
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
    /// A boxed clone.
    fn clone_box(&self) -> Box<dyn DynObject>;
    /// Whether `other` is of the same concrete type and equal.
    fn dyn_eq(&self, other: &dyn DynObject) -> bool;
}

impl<T> DynObject for T
where
    T: Constructor + Serialize + fmt::Debug + Clone + PartialEq + Send + Sync + 'static,
{
    #[inline]
    fn constructor_id(&self) -> u32 {
        Constructor::constructor_id(self)
    }

    #[inline]
    fn name(&self) -> &'static str {
        self.constructor_name()
    }

    #[inline]
    fn dyn_serialized_len(&self) -> usize {
        self.serialized_len()
    }

    #[inline]
    fn dyn_serialize(&self, out: &mut Vec<u8>) {
        self.serialize(out);
    }

    #[inline]
    fn dyn_write_to(&self, out: &mut Writer) {
        self.write_to(out);
    }

    #[inline]
    fn as_any(&self) -> &dyn Any {
        self
    }

    #[inline]
    fn variant_any(&self) -> &dyn Any {
        self.constructor_value()
    }

    #[inline]
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }

    fn clone_box(&self) -> Box<dyn DynObject> {
        Box::new(self.clone())
    }

    fn dyn_eq(&self, other: &dyn DynObject) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}

/// So that a `Box<dyn DynObject>` field can sit in a struct that derives `Clone`.
impl Clone for Box<dyn DynObject> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// So that `Box<dyn DynObject>` (through std's `impl PartialEq for Box<T>`) and `Option`/`Vec` of it
/// are `PartialEq`, as a struct deriving `PartialEq` needs.
impl PartialEq for dyn DynObject {
    fn eq(&self, other: &Self) -> bool {
        self.dyn_eq(other)
    }
}

/// A workaround for rust-lang/rust#31740: without a second `PartialEq` impl on the box, `a == b`
/// between two `Box<dyn DynObject>` (which is what `#[derive(PartialEq)]` writes) coerces and so
/// moves its right operand, and fails to compile. With two impls, no coercion is attempted.
impl PartialEq<&Self> for Box<dyn DynObject> {
    fn eq(&self, other: &&Self) -> bool {
        self.dyn_eq(&***other)
    }
}

/// Lets generated code serialize a `Box<dyn DynObject>` like any other value (by deref).
impl Serialize for dyn DynObject {
    #[inline]
    fn serialized_len(&self) -> usize {
        self.dyn_serialized_len()
    }

    #[inline]
    fn write_to(&self, out: &mut Writer) {
        self.dyn_write_to(out);
    }
}

/// One constructor of a schema, as a [`Registry`] lists it.
#[derive(Clone, Copy, Debug)]
pub struct RegistryEntry {
    /// The constructor id.
    pub id: u32,
    /// The TL name.
    pub name: &'static str,
    /// Reads the boxed value, id included (the reader is positioned at the id), e.g.
    /// [`decode_entry::<T>`](decode_entry).
    pub decode: fn(&mut Reader<'_>) -> Result<Box<dyn DynObject>, DecodeError>,
}

impl RegistryEntry {
    /// The entry of constructor `id` named `name`, decoded as `T`: the enum of its boxed type (so
    /// one decoder serves all constructors of a type), or the struct of a function.
    pub const fn of<T: Deserialize + DynObject>(id: u32, name: &'static str) -> Self {
        Self {
            id,
            name,
            decode: decode_entry::<T>,
        }
    }
}

/// The constructors of a schema, for naming ids and decoding any boxed object by its id.
///
/// A generated crate implements it on a unit type with two `const` tables. They are separate so
/// that naming an id compiles no decoder: [`Registry::ENTRIES`] holds a function per type, and a
/// crate that uses it compiles every decoder and, through [`DynObject`], every type's `Debug`,
/// `Clone`, `PartialEq` and encoder. Only [`AnyObject`]'s decoding touches it, and that code is
/// generic, so the cost lands in the crate that decodes an `Object`, not in the generated one.
pub trait Registry: 'static {
    /// Every constructor and function as `(id, TL name)`, sorted by id, ids unique.
    const NAMES: &'static [(u32, &'static str)];

    /// Every constructor with its decoder, sorted by id, ids unique (the same ids as
    /// [`Registry::NAMES`]).
    const ENTRIES: &'static [RegistryEntry];

    /// The entry of constructor `id`, if the schema has one.
    #[inline]
    fn lookup(id: u32) -> Option<&'static RegistryEntry> {
        Self::ENTRIES
            .binary_search_by_key(&id, |entry| entry.id)
            .ok()
            .map(|i| &Self::ENTRIES[i])
    }

    /// The TL name of constructor `id`, if the schema has one, or `vector` for the built-in
    /// `vector#1cb5c415` ([`VECTOR_ID`](crate::VECTOR_ID)), which every schema has and no registry
    /// lists (it is not an object: its items cannot be decoded without knowing their type).
    #[inline]
    fn name_for_id(id: u32) -> Option<&'static str> {
        if id == crate::VECTOR_ID {
            return Some("vector");
        }
        Self::NAMES
            .binary_search_by_key(&id, |&(id, _)| id)
            .ok()
            .map(|i| Self::NAMES[i].1)
    }
}

/// Reads a boxed `T` (id included) into a box: the [`RegistryEntry::decode`] of `T`.
pub fn decode_entry<T: Deserialize + DynObject>(
    r: &mut Reader<'_>,
) -> Result<Box<dyn DynObject>, DecodeError> {
    Ok(Box::new(T::deserialize(r)?))
}

/// Any boxed object of the schema whose constructors `R` lists (TL's `Object`).
///
/// Decoding reads the id and dispatches through `R`; an id `R` does not know is
/// [`UnknownConstructor`](crate::DecodeErrorKind::UnknownConstructor) of `"Object"`. The object's
/// own decoding runs inside [`Reader::nested`], so objects inside objects count toward the depth limit.
pub struct AnyObject<R: Registry> {
    inner: Box<dyn DynObject>,
    // `fn() -> R`: the registry is only a type-level tag, so it must not affect Send/Sync or drop check.
    _registry: PhantomData<fn() -> R>,
}

impl<R: Registry> AnyObject<R> {
    /// Wraps a concrete object.
    pub fn new<T: DynObject>(value: T) -> Self {
        Self::from_box(Box::new(value))
    }

    /// Wraps an already boxed object.
    pub fn from_box(inner: Box<dyn DynObject>) -> Self {
        Self {
            inner,
            _registry: PhantomData,
        }
    }

    /// The constructor id of the object.
    #[inline]
    pub fn constructor_id(&self) -> u32 {
        self.inner.constructor_id()
    }

    /// The TL name of the object's constructor.
    #[inline]
    pub fn name(&self) -> &'static str {
        self.inner.name()
    }

    /// The object, if it is a `T`.
    #[inline]
    /// `T` may be the object's own type (a boxed type's enum, a function) or, for a constructor
    /// of a boxed type, the constructor's struct.
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        (self.inner.as_any().downcast_ref()).or_else(|| self.inner.variant_any().downcast_ref())
    }

    /// The object by value if it is a `T`, else `self` back unchanged. `T` may be the object's
    /// own type, or the struct of its constructor, which is then cloned out of the enum (to move
    /// it out instead, downcast to the enum and `match`).
    pub fn downcast<T: Any + Clone>(self) -> Result<T, Self> {
        if self.inner.as_any().is::<T>() {
            return match self.inner.into_any().downcast::<T>() {
                Ok(value) => Ok(*value),
                // Unreachable after the `is` check, but there is nothing to give back: the
                // box was consumed. Keep the function total without a panic path anyway.
                Err(_) => unreachable!("type checked by `is` just above"),
            };
        }
        match self.inner.variant_any().downcast_ref::<T>() {
            Some(variant) => Ok(variant.clone()),
            None => Err(self),
        }
    }

    /// The object as a trait object.
    #[inline]
    pub fn as_dyn(&self) -> &dyn DynObject {
        &*self.inner
    }

    /// The boxed trait object.
    #[inline]
    pub fn into_inner(self) -> Box<dyn DynObject> {
        self.inner
    }
}

impl<R: Registry> fmt::Debug for AnyObject<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl<R: Registry> Clone for AnyObject<R> {
    fn clone(&self) -> Self {
        Self::from_box(self.inner.clone_box())
    }
}

impl<R: Registry> PartialEq for AnyObject<R> {
    fn eq(&self, other: &Self) -> bool {
        self.inner.dyn_eq(&*other.inner)
    }
}

impl<R: Registry> Serialize for AnyObject<R> {
    #[inline]
    fn serialized_len(&self) -> usize {
        self.inner.dyn_serialized_len()
    }

    #[inline]
    fn write_to(&self, out: &mut Writer) {
        self.inner.dyn_write_to(out);
    }
}

impl<R: Registry> Deserialize for AnyObject<R> {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let id = r.peek_u32()?;
        let Some(entry) = R::lookup(id) else {
            r.read_u32()?;
            return Err(r.unknown_constructor(id, "Object"));
        };
        let inner = r.nested(|r| (entry.decode)(r))?;
        Ok(Self::from_box(inner))
    }
}
