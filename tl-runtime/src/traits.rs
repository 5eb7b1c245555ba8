//! The traits generated code implements and users call.

use crate::{DecodeError, Fixed, Reader, Writer};

/// A value that can be written in TL's binary form.
pub trait Serialize {
    /// The exact number of bytes [`Serialize::serialize`] appends.
    fn serialized_len(&self) -> usize;

    /// Writes the serialized bytes through `out`: what implementations provide, and what
    /// encoders of containing values call.
    fn write_to(&self, out: &mut Writer);

    /// Appends the serialized bytes to `out`, growing it as needed. (If encoding panics, which
    /// only a value TL cannot represent causes, `out` is left empty.)
    #[inline]
    fn serialize(&self, out: &mut Vec<u8>) {
        Writer::append(out, |w| self.write_to(w));
    }

    /// The serialized bytes, in a new `Vec`.
    ///
    /// Without measuring first with [`Serialize::serialized_len`] (a traversal of the whole
    /// value, about a third of the cost of encoding it): the buffer grows as vectors' items are
    /// written (see [`Writer`]), so the capacity may exceed the length.
    fn to_bytes(&self) -> Vec<u8> {
        // Small values fit; large ones grow from here, at least doubling.
        Writer::encode(Vec::with_capacity(256), |w| self.write_to(w))
    }
}

/// A value that can be read from TL's binary form.
pub trait Deserialize: Sized {
    /// Reads one value from `r`, advancing it.
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError>;

    /// Reads one value that must span all of `bytes` (trailing bytes are an error).
    fn from_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let value = Self::deserialize(&mut r)?;
        r.finish()?;
        Ok(value)
    }
}

/// A constructor or function of a schema.
pub trait Identifiable {
    /// The 32-bit constructor id written before the bare form when boxed.
    const CONSTRUCTOR_ID: u32;
    /// The TL name, e.g. `auth.sentCode`.
    const NAME: &'static str;
    /// The TL name an id other than [`Identifiable::CONSTRUCTOR_ID`], read where this is
    /// expected, is reported against ([`UnknownConstructor`]'s `expected`): the boxed type's
    /// (`auth.SentCode`) when this is its only constructor, as its struct then stands for the
    /// type; else [`Identifiable::NAME`].
    ///
    /// [`UnknownConstructor`]: crate::DecodeErrorKind::UnknownConstructor
    const EXPECTED: &'static str = Self::NAME;
}

/// A function (method) of a schema: what it returns.
pub trait RemoteCall: Serialize {
    /// The type of the answer.
    type Return: Deserialize;
}

/// A constructor's fields: written bare (without the leading constructor id), or after a prefix
/// (the id, for the boxed form that [`Serialize`] gives every [`Identifiable`] constructor).
pub trait BareSerialize {
    /// The exact number of bytes [`BareSerialize::serialize_bare`] appends.
    fn bare_len(&self) -> usize;

    /// Writes `prefix`, then the fields, through `out`: with the constructor id as the prefix,
    /// the boxed form ([`Serialize::write_to`]); with `()`, the bare form
    /// ([`BareSerialize::write_bare`]). What implementations provide.
    ///
    /// Why a prefix: it is written together with the fixed-size fields that come first
    /// ([`Writer::put_fixed`]`((prefix, self.a, self.b))`), so that the id costs no bounds check
    /// of its own.
    fn write_prefixed<P: Fixed>(&self, prefix: P, out: &mut Writer);

    /// Writes the fields through `out` (see [`Serialize::write_to`]).
    #[inline]
    fn write_bare(&self, out: &mut Writer) {
        self.write_prefixed((), out);
    }

    /// Appends the fields to `out` (see [`Serialize::serialize`]).
    #[inline]
    fn serialize_bare(&self, out: &mut Vec<u8>) {
        Writer::append(out, |w| self.write_bare(w));
    }
}

/// Reads the bare form of a constructor (its fields, with no constructor id before them).
pub trait BareDeserialize: Sized {
    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
}

impl<T: Identifiable + BareSerialize> Serialize for T {
    #[inline]
    fn serialized_len(&self) -> usize {
        4 + self.bare_len()
    }

    #[inline]
    fn write_to(&self, out: &mut Writer) {
        self.write_prefixed(T::CONSTRUCTOR_ID, out);
    }
}

impl<T: Identifiable + BareDeserialize> Deserialize for T {
    #[inline]
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let id = r.read_u32()?;
        if id != T::CONSTRUCTOR_ID {
            return Err(r.unknown_constructor(id, T::EXPECTED));
        }
        T::deserialize_bare(r)
    }
}
