//! The fields of a map that come before its `"_"`: kept as [`Raw`] (whatever the format gave,
//! untyped) until the constructor is known, then typed by reading them again through
//! [`RawDeserializer`]. Building one is nested under the same limits as typed reading.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::de::{Ctx, cautious};

/// A value of a self-describing format, as it came.
pub(crate) enum Raw {
    Unit,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
    Bytes(Vec<u8>),
    Seq(Vec<Raw>),
    Map(Vec<(String, Raw)>),
}

/// Reads any value as [`Raw`] (`deserialize_any`: only self-describing formats can put a field
/// before `"_"`), one level of the limits per sequence or map.
pub(crate) struct RawSeed<'c, 'a> {
    pub(crate) ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for RawSeed<'_, '_> {
    type Value = Raw;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RawSeed<'_, '_> {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Unit)
    }

    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Unit)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        self.ctx.enter()?;
        let raw = RawSeed {
            ctx: &mut *self.ctx,
        }
        .deserialize(d);
        self.ctx.leave();
        raw
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        self.visit_some(d)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::U64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::F64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Bytes(v.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Raw, E> {
        Ok(Raw::Bytes(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        self.ctx.enter()?;
        let mut items = Vec::with_capacity(cautious(seq.size_hint()));
        while let Some(item) = seq.next_element_seed(RawSeed {
            ctx: &mut *self.ctx,
        })? {
            items.push(item);
        }
        self.ctx.leave();
        Ok(Raw::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        self.ctx.enter()?;
        let mut entries = Vec::with_capacity(cautious(map.size_hint()));
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(RawSeed {
                ctx: &mut *self.ctx,
            })?;
            entries.push((key, value));
        }
        self.ctx.leave();
        Ok(Raw::Map(entries))
    }
}

/// A [`Raw`] read again, as the format it came from would give it (`human` is that format's
/// [`Deserializer::is_human_readable`]).
pub(crate) struct RawDeserializer<E> {
    raw: Raw,
    human: bool,
    error: PhantomData<E>,
}

impl<E> RawDeserializer<E> {
    pub(crate) fn new(raw: Raw, human: bool) -> Self {
        Self {
            raw,
            human,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> Deserializer<'de> for RawDeserializer<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
        let human = self.human;
        match self.raw {
            Raw::Unit => v.visit_unit(),
            Raw::Bool(b) => v.visit_bool(b),
            Raw::I64(n) => v.visit_i64(n),
            Raw::U64(n) => v.visit_u64(n),
            Raw::F64(n) => v.visit_f64(n),
            Raw::Str(s) => v.visit_string(s),
            Raw::Bytes(b) => v.visit_byte_buf(b),
            Raw::Seq(items) => v.visit_seq(RawSeq {
                items: items.into_iter(),
                human,
                error: PhantomData,
            }),
            Raw::Map(entries) => v.visit_map(RawMap {
                entries: entries.into_iter(),
                value: None,
                human,
                error: PhantomData,
            }),
        }
    }

    fn is_human_readable(&self) -> bool {
        self.human
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct RawSeq<E> {
    items: std::vec::IntoIter<Raw>,
    human: bool,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> SeqAccess<'de> for RawSeq<E> {
    type Error = E;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, E> {
        self.items
            .next()
            .map(|raw| seed.deserialize(RawDeserializer::new(raw, self.human)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct RawMap<E> {
    entries: std::vec::IntoIter<(String, Raw)>,
    value: Option<Raw>,
    human: bool,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> MapAccess<'de> for RawMap<E> {
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, E> {
        let value = self
            .value
            .take()
            .ok_or_else(|| E::custom("a map value asked for before its key"))?;
        seed.deserialize(RawDeserializer::new(value, self.human))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
