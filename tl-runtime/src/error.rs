//! What went wrong while decoding, and at which byte.

use std::fmt;

/// What decoding returns: the value, or where and why it failed (as `std::io::Result` is for I/O).
pub type Result<T> = std::result::Result<T, DecodeError>;

/// `tri!(expr)` is `expr?` for a result passed on as it is (no `From` conversion of the error):
/// the same control flow, without the `Try` trait. Generated decoders use it because a crate of
/// thousands of decoders pays for every `?`: a `Try::branch` and a `FromResidual::from_residual`
/// call to resolve, check and compile at each one. (serde_json has the same macro for the same
/// reason.) With [`Reader::read_if`](crate::Reader::read_if), it took 9% off rustc's time on the
/// Telegram schema's crate (README, "Performance").
///
/// ```
/// use tlgen_runtime::{Deserialize, Reader, tri};
///
/// fn two_ints(r: &mut Reader<'_>) -> tlgen_runtime::Result<(i32, i32)> {
///     let a = tri!(i32::deserialize(r));
///     let b = tri!(i32::deserialize(r));
///     Ok((a, b))
/// }
/// let mut r = Reader::new(&[1, 0, 0, 0, 2, 0]);
/// assert_eq!(two_ints(&mut r).unwrap_err().offset(), 4);
/// ```
#[macro_export]
macro_rules! tri {
    ($result:expr) => {
        match $result {
            ::core::result::Result::Ok(value) => value,
            ::core::result::Result::Err(error) => return ::core::result::Result::Err(error),
        }
    };
}

/// A decoding failure: what went wrong ([`DecodeError::kind`]) and where ([`DecodeError::offset`]).
///
/// The offset is a byte index into the buffer the [`Reader`](crate::Reader) was created over. Each
/// [`DecodeErrorKind`] documents which byte it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    offset: usize,
}

/// The kinds of [`DecodeError`].
///
/// `#[non_exhaustive]` so that new checks can be added without breaking callers that match on it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input ended inside a fixed-size field (or a length prefix, or padding).
    ///
    /// The offset is where the field starts; `needed` bytes were required from there and only
    /// `available` were left.
    UnexpectedEnd { needed: usize, available: usize },
    /// A constructor id that the expected type does not have.
    ///
    /// `expected` is the TL name of the type or constructor that was being read (`"Object"` for
    /// [`AnyObject`](crate::AnyObject), `"Vector"` for the boxed vector). The offset is where the
    /// id starts.
    UnknownConstructor { id: u32, expected: &'static str },
    /// A `Bool` whose id is neither `boolTrue` nor `boolFalse`. The offset is where the id starts.
    InvalidBool { id: u32 },
    /// A declared length (of `bytes`/`string`, in bytes) or count (of a vector, in items) that
    /// the input left cannot hold; `available` is the number of bytes left after the length field.
    ///
    /// Raised before anything is allocated for it. The offset is where the length field starts.
    LengthTooLarge { length: usize, available: usize },
    /// More nested objects than [`DecodeOptions::max_depth`](crate::DecodeOptions::max_depth)
    /// allows, or nesting that would use more stack than
    /// [`DecodeOptions::max_stack_bytes`](crate::DecodeOptions::max_stack_bytes); `limit` is the
    /// level reached. The offset is where the object that went one level too deep starts.
    TooDeep { limit: u32 },
    /// A value was decoded but `count` bytes were left after it. The offset is the first such byte.
    TrailingBytes { count: usize },
    /// A `string` that is not valid UTF-8 (and lossy decoding was not asked for). The offset is
    /// where the string's length prefix starts.
    InvalidUtf8,
    /// A `bytes`/`string` whose padding is not all zero (and that was not allowed). The offset is
    /// the first non-zero padding byte.
    NonZeroPadding,
    /// A `bytes`/`string` length prefix of `0xff`, which TL does not define (`< 0xfe` is a short
    /// length, `0xfe` introduces a 3-byte length). The offset is where the prefix starts.
    InvalidLengthPrefix,
}

impl DecodeError {
    /// An error of `kind` at byte `offset`. Generated code and hand-written codecs may build their own.
    #[inline]
    pub fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// What went wrong.
    #[inline]
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }

    /// The byte offset, in the decoded buffer, that the fault points at (see [`DecodeErrorKind`]).
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::UnexpectedEnd { needed, available } => write!(
                f,
                "unexpected end of input: needed {needed} bytes, {available} left"
            ),
            Self::UnknownConstructor { id, expected } => {
                write!(f, "unknown constructor {id:#010x} for type {expected}")
            }
            Self::InvalidBool { id } => {
                write!(
                    f,
                    "invalid Bool: {id:#010x} is neither boolTrue nor boolFalse"
                )
            }
            Self::LengthTooLarge { length, available } => write!(
                f,
                "declared length {length} is larger than the {available} bytes left"
            ),
            Self::TooDeep { limit } => write!(f, "nesting deeper than the limit of {limit}"),
            Self::TrailingBytes { count } => write!(f, "{count} trailing bytes after the value"),
            Self::InvalidUtf8 => f.write_str("string is not valid UTF-8"),
            Self::NonZeroPadding => f.write_str("non-zero padding after bytes"),
            Self::InvalidLengthPrefix => f.write_str("invalid length prefix 0xff"),
        }
    }
}

impl fmt::Display for DecodeError {
    /// E.g. `unknown constructor 0x12345678 for type Message at byte 40`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl std::error::Error for DecodeError {}
