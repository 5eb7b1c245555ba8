//! The codecs of TL's built-in types: `int`, `#`, `long`, `double`, `int128`, `int256`, `string`, `bytes`, `Bool`.

use crate::{BOOL_FALSE_ID, BOOL_TRUE_ID, DecodeError, Deserialize, Reader, Serialize, Writer};

/// The longest `bytes`/`string` TL can represent: the long form has a 3-byte length.
pub const MAX_BYTES_LEN: usize = 0xFF_FFFF;

/// The serialized length of a `bytes` or `string` of `n` bytes: the length prefix (1 byte if
/// `n < 254`, else 4), the data, and the padding to a multiple of 4.
///
/// Does not check `n` against [`MAX_BYTES_LEN`]; [`serialize_bytes`] does.
#[inline]
pub fn bytes_len(n: usize) -> usize {
    let header = if n < 254 { 1 } else { 4 };
    (header + n + 3) & !3
}

/// Appends `data` as a TL `bytes`: length prefix, data, zero padding to a multiple of 4.
///
/// # Panics
///
/// If `data` is longer than [`MAX_BYTES_LEN`] (16 MiB - 1), which TL cannot represent. That is a
/// bug of the caller building the value, not something input can cause; panicking beats writing
/// a truncated length that the peer would misread as a different message.
pub fn serialize_bytes(data: &[u8], out: &mut Vec<u8>) {
    Writer::append(out, |w| w.put_bytes(data));
}

/// Fixed-size little-endian codecs: the wire form is `to_le_bytes`.
macro_rules! fixed_le {
    ($($ty:ty => $read:ident),* $(,)?) => {$(
        impl Serialize for $ty {
            #[inline]
            fn serialized_len(&self) -> usize {
                size_of::<$ty>()
            }

            #[inline]
            fn write_to(&self, out: &mut Writer) {
                out.put(self.to_le_bytes());
            }
        }

        impl Deserialize for $ty {
            #[inline]
            fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                r.$read()
            }
        }
    )*};
}

fixed_le! {
    i32 => read_i32,
    u32 => read_u32,
    i64 => read_i64,
    f64 => read_f64,
}

/// `int128`, `int256` and `int512` (TDLib's e2e_api.tl): raw bytes, in wire order.
macro_rules! fixed_array {
    ($($n:literal),*) => {$(
        impl Serialize for [u8; $n] {
            #[inline]
            fn serialized_len(&self) -> usize {
                $n
            }

            #[inline]
            fn write_to(&self, out: &mut Writer) {
                out.put(*self);
            }
        }

        impl Deserialize for [u8; $n] {
            #[inline]
            fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                r.read_array()
            }
        }
    )*};
}

fixed_array!(16, 32, 64);

/// TL `bytes`. See [`serialize_bytes`] for the length limit.
impl Serialize for Vec<u8> {
    #[inline]
    fn serialized_len(&self) -> usize {
        bytes_len(self.len())
    }

    #[inline]
    fn write_to(&self, out: &mut Writer) {
        out.put_bytes(self);
    }
}

/// TL `bytes`: the length is checked against the input before the copy is allocated.
impl Deserialize for Vec<u8> {
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.read_bytes().map(<[u8]>::to_vec)
    }
}

/// TL `string`: UTF-8 in a `bytes`. See [`serialize_bytes`] for the length limit.
impl Serialize for String {
    #[inline]
    fn serialized_len(&self) -> usize {
        bytes_len(self.len())
    }

    #[inline]
    fn write_to(&self, out: &mut Writer) {
        out.put_bytes(self.as_bytes());
    }
}

/// TL `string`; see [`Reader::read_string`] for the UTF-8 policy.
impl Deserialize for String {
    #[inline]
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.read_string()
    }
}

/// TL `Bool`: `boolTrue#997275b5` / `boolFalse#bc799737`.
impl Serialize for bool {
    #[inline]
    fn serialized_len(&self) -> usize {
        4
    }

    #[inline]
    fn write_to(&self, out: &mut Writer) {
        out.put_u32(if *self { BOOL_TRUE_ID } else { BOOL_FALSE_ID });
    }
}

/// TL `Bool`; any other id is [`DecodeErrorKind::InvalidBool`](crate::DecodeErrorKind::InvalidBool).
impl Deserialize for bool {
    #[inline]
    fn deserialize(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.read_bool()
    }
}
