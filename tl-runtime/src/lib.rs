//! The small library that tlgen-generated code calls: the traits, the primitive codecs, a safe [`Reader`].
//!
//! It knows nothing of any schema. Generated crates implement [`Identifiable`], [`BareSerialize`] and
//! [`BareDeserialize`] for each constructor struct (the boxed [`Serialize`]/[`Deserialize`] forms come
//! from blanket impls here), and [`Serialize`]/[`Deserialize`] directly for each boxed-type enum.

mod error;
mod object;
mod primitives;
mod reader;
mod traits;
pub mod vector;

pub use error::{DecodeError, DecodeErrorKind};
pub use object::{AnyObject, DynObject, Registry, RegistryEntry, decode_entry};
pub use primitives::{MAX_BYTES_LEN, bytes_len, serialize_bytes};
pub use reader::{DecodeOptions, Reader};
pub use traits::{
    BareDeserialize, BareSerialize, Deserialize, Identifiable, RemoteCall, Serialize,
};

/// The constructor id of the boxed `Vector t` (`vector#1cb5c415`).
pub const VECTOR_ID: u32 = 0x1cb5_c415;
/// `boolTrue#997275b5 = Bool;`
pub const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// `boolFalse#bc799737 = Bool;`
pub const BOOL_FALSE_ID: u32 = 0xbc79_9737;
