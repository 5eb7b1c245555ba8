//! The small library that tlgen-generated code calls: the traits, the primitive codecs, a safe [`Reader`].
//!
//! It knows nothing of any schema. Generated crates implement [`Identifiable`], [`BareSerialize`] and
//! [`BareDeserialize`] for each constructor struct (the boxed [`Serialize`]/[`Deserialize`] forms come
//! from blanket impls here), and [`Serialize`]/[`Deserialize`] directly for each boxed-type enum.
//!
//! | TL | Rust | codec |
//! |----|------|-------|
//! | `int`, `#`, `long`, `double` | `i32`, `u32`, `i64`, `f64` | little-endian |
//! | `int128`, `int256` | `[u8; 16]`, `[u8; 32]` | raw bytes |
//! | `bytes`, `string` | `Vec<u8>`, `String` | length prefix, data, zero padding to 4 ([`serialize_bytes`]) |
//! | `Bool` | `bool` | `boolTrue#997275b5` / `boolFalse#bc799737` |
//! | `Vector t` | `Vec<T>` | `vector#1cb5c415`, count, items; bare forms in [`vector`] |
//! | `Object` | [`AnyObject`] | any boxed object of a [`Registry`], by id |
//!
//! # Example
//!
//! What a generated constructor looks like, by hand:
//!
//! ```
//! use tlgen_runtime::{
//!     BareDeserialize, BareSerialize, DecodeError, Deserialize, Fixed, Identifiable, Reader, Serialize,
//!     Writer,
//! };
//!
//! /// `ping#7abe77ec ping_id:long = Pong;`
//! #[derive(Debug, PartialEq)]
//! struct Ping { ping_id: i64 }
//!
//! impl Identifiable for Ping {
//!     const CONSTRUCTOR_ID: u32 = 0x7abe77ec;
//!     const NAME: &'static str = "ping";
//! }
//! impl BareSerialize for Ping {
//!     fn bare_len(&self) -> usize { self.ping_id.serialized_len() }
//!     // The prefix is the constructor id (boxed) or nothing (bare), written with the fields.
//!     fn write_prefixed<P: Fixed>(&self, prefix: P, out: &mut Writer) {
//!         out.put_fixed((prefix, self.ping_id));
//!     }
//! }
//! impl BareDeserialize for Ping {
//!     fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
//!         Ok(Ping { ping_id: i64::deserialize(r)? })
//!     }
//! }
//!
//! let bytes = Ping { ping_id: 1 }.to_bytes();
//! assert_eq!(bytes, [0xec, 0x77, 0xbe, 0x7a, 1, 0, 0, 0, 0, 0, 0, 0]);
//! assert_eq!(Ping::from_bytes(&bytes)?, Ping { ping_id: 1 });
//! // A truncated message is an error that says where, never a panic.
//! let err = Ping::from_bytes(&bytes[..6]).unwrap_err();
//! assert_eq!(err.to_string(), "unexpected end of input: needed 8 bytes, 2 left at byte 4");
//! # Ok::<(), DecodeError>(())
//! ```
//!
//! # Decoding untrusted input
//!
//! Everything that decodes goes through a [`Reader`], which is built to take bytes straight from
//! the network. On any input whatsoever:
//!
//! - **No panic.** Every read is bounds-checked and returns a [`DecodeError`] with its
//!   [kind](DecodeErrorKind) and the byte offset of the fault. The caller's buffer is only
//!   borrowed, and a failed read leaves the reader where it was.
//! - **Allocation bounded by the input.** A declared `bytes` length is checked against the bytes
//!   left before the copy is made ([`DecodeErrorKind::LengthTooLarge`]); a vector count is checked
//!   against `remaining / 4` (every item takes at least 4 bytes) and the up-front reservation is
//!   capped at what the remaining bytes could hold, then the vector grows only as items actually
//!   decode. So no length or count, however large, reserves memory beyond the input's size. (The
//!   decoded value itself can be larger than its bytes by a constant factor: a 4-byte empty
//!   `string` is a 24-byte `String`, and a lossy-decoded invalid byte becomes the 3-byte U+FFFD.)
//! - **Bounded recursion.** Generated code decodes every value that may contain itself (and
//!   [`AnyObject`] decodes every object) inside [`Reader::nested`]; past
//!   [`DecodeOptions::max_depth`] (default 100) decoding stops with
//!   [`DecodeErrorKind::TooDeep`] instead of overflowing the stack. Change it per reader:
//!
//! ```
//! use tlgen_runtime::{DecodeOptions, Reader};
//! let bytes = [0u8; 4];
//! let r = Reader::with_options(&bytes, DecodeOptions { max_depth: 300, ..DecodeOptions::default() });
//! assert_eq!(r.options().max_depth, 300);
//! ```
//!
//! - **Whole input.** [`Deserialize::from_bytes`] rejects bytes left over
//!   ([`DecodeErrorKind::TrailingBytes`]).
//!
//! ## Strict by default: UTF-8 and padding
//!
//! A `string` must be valid UTF-8 ([`DecodeErrorKind::InvalidUtf8`]), and the padding after a
//! `bytes`/`string` must be zero ([`DecodeErrorKind::NonZeroPadding`]). Both are what every
//! correct encoder writes, so strictness costs nothing with a correct peer and buys two things:
//! decode -> encode is byte-exact (a value never silently re-encodes to different bytes), and
//! corruption or a misaligned read is caught at the first bad byte rather than fields later.
//! For lenient peers there are opt-outs in [`DecodeOptions`]: `lossy_utf8` replaces invalid
//! sequences with U+FFFD, `allow_nonzero_padding` ignores the padding bytes. (One non-canonical
//! form is accepted even in strict mode, as in other TL implementations: a long `0xfe` length
//! prefix holding a length below 254; it re-encodes in the short form.)
//!
//! ## What it cannot promise
//!
//! TL carries no checksum and no type tag for bare values. A flipped bit inside an integer, a
//! string, or a flags word that still selects valid fields decodes "successfully" to a different
//! value; only ids, lengths, `Bool`s, UTF-8 and padding are checked. Integrity is the transport's
//! job (MTProto's message key).
//!
//! ## Encoding limits
//!
//! A `bytes`/`string` longer than [`MAX_BYTES_LEN`] (16 MiB - 1) or a vector of more than
//! `u32::MAX` items cannot be represented in TL; serializing one panics with a clear message (it
//! is a bug of the code building the value, never caused by input), rather than writing a
//! truncated length the peer would misread.

#![doc(html_root_url = "https://docs.rs/tlgen-runtime/0.1.0")]

mod error;
mod fixed;
mod object;
mod primitives;
mod reader;
mod traits;
pub mod vector;
mod writer;

pub use error::{DecodeError, DecodeErrorKind, Result};
pub use fixed::{Fixed, FixedRead};
pub use object::{AnyObject, Constructor, DynObject, Registry, RegistryEntry, decode_entry};
pub use primitives::{MAX_BYTES_LEN, bytes_len, serialize_bytes};
pub use reader::{DecodeOptions, Reader};
pub use traits::{
    BareDeserialize, BareSerialize, Deserialize, Identifiable, RemoteCall, Serialize,
};
pub use writer::{Slot, Writer};

/// The constructor id of the boxed `Vector t` (`vector#1cb5c415`).
pub const VECTOR_ID: u32 = 0x1cb5_c415;
/// `boolTrue#997275b5 = Bool;`
pub const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// `boolFalse#bc799737 = Bool;`
pub const BOOL_FALSE_ID: u32 = 0xbc79_9737;
