//! A schema-driven TL codec for any schema: bytes <-> a dynamic [`Value`] <-> TL text and JSON.
//!
//! ```
//! use tlgen_runtime::DecodeOptions;
//! use tlgen_codec::{Json, Schema, Text, TypeRef, decode, encode, parse_text};
//!
//! let schema = Schema::from_tl(
//!     "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n---functions---\n\
//!      auth.sendCall#03c51564 phone_number:string phone_code_hash:string = Bool;",
//! )?;
//! // The docs' positional form of a query...
//! let (value, ty) = parse_text(&schema, r#"(auth.sendCall "79991234567" "2dc02d2cda9e615c84")"#,
//!     &TypeRef::any(), &DecodeOptions::default())?;
//! let bytes = encode(&schema, &value, &ty)?;
//! assert_eq!(bytes.len(), 36);
//! // ...and back, printed with the field names.
//! let back = decode(&schema, &bytes, &TypeRef::any(), DecodeOptions::default())?;
//! assert_eq!(back, value);
//! assert_eq!(
//!     Text::new(&schema, &back).to_string(),
//!     r#"(auth.sendCall phone_number:"79991234567" phone_code_hash:"2dc02d2cda9e615c84")"#
//! );
//! assert_eq!(
//!     Json::new(&schema, &back).to_string(),
//!     r#"{"_":"auth.sendCall","phone_number":"79991234567","phone_code_hash":"2dc02d2cda9e615c84"}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Guarantees on untrusted input
//!
//! The same as generated decoders' (see tlgen-runtime): [`decode`] reads through the runtime's
//! [`Reader`](tlgen_runtime::Reader), so every fault is a [`DecodeError`](tlgen_runtime::DecodeError)
//! with its byte offset; every object and vector is one level of
//! [`Reader::nested`](tlgen_runtime::Reader::nested), so nesting is bounded by
//! [`DecodeOptions`](tlgen_runtime::DecodeOptions) (`max_depth`, `max_stack_bytes`); vectors reserve
//! capacity from one budget, the bytes left, so allocation is bounded by the input. The text and
//! JSON readers bound their nesting by the same options, and any text gives a
//! [`ParseError`] with the byte range at fault, never a panic. Fuzz targets: `decode_bytes`,
//! `decode_text` and `decode_json` in `fuzz/`.
//!
//! Values the codec does not read from input (built by a program) are checked as they are
//! encoded: a value that does not fit its type is an [`EncodeError`] with the path to it.
//!
//! # TL text
//!
//! One line, `(name field:value ...)`, fields named and in schema order; with `{:#}` the
//! outermost object, and anything inside that does not fit in 100 columns, is broken over
//! lines indented by two spaces, as the documentation's answers are:
//!
//! ```text
//! (auth.sentCode
//!   phone_registered:(boolFalse)
//!   phone_code_hash:"2dc02d2cda9e615c84"
//! )
//! ```
//!
//! | TL | text | notes |
//! |---|---|---|
//! | `int`, `long`, `#` | `-5` | decimal |
//! | `double` | `1.5`, `-0.0`, `1e300`, `NaN`, `Infinity`, `-Infinity` | shortest digits that read back to the same bits; a NaN other than the usual quiet one as `NaN#` and its 16 hex digits of bits |
//! | `string` | `"a\"b"` | escapes `\" \\ \n \r \t \0 \u{..}`; bytes that are not UTF-8 as `\xNN` |
//! | `bytes`, `int128`, `int256`, `int512` | `0x0aff` | hex in wire order: how the MTProto pages and dumps show them, and one can see the bytes |
//! | `Bool` | `(boolTrue)`, `(boolFalse)` | read also as `boolTrue`, `true`, `false` |
//! | `flags.N?true` | `name:true` when set | left out when not (`name:false` reads as left out) |
//! | `Vector<T>` | `[a b c]` | read also with commas, `[2,3,4]`, as the TL page writes it |
//! | objects | `(name f:v ...)` | flags words and absent optional fields left out |
//!
//! The reader takes both of the documentation's forms: named fields (in any order) and
//! positional ones (`(auth.sendCall "79991234567" "2dc02d2cda9e615c84")`: each fills the next
//! parameter after the last one given, flags words skipped), and mixes of the two. A
//! constructor without fields may be written without parentheses (`boolTrue`), and so may the
//! outermost value (`int_tree (empty_tree) 1 (empty_tree)`). A `: Type` after the value gives
//! its type (`int_couple 3 4 : %int_couple` is the bare form). Anonymous parameters
//! (`getUsers (Vector int)`) are named `_1`, `_2`... by position. A `bytes` field also takes a
//! quoted string (its UTF-8), and a `string` field `0x` hex.
//!
//! Strings hold bytes: strict decoding (the default) rejects invalid UTF-8 as generated
//! decoders do; with `lossy_utf8` the codec keeps the bytes as they are (where generated code
//! puts U+FFFD), prints them as `\xNN`, and encodes them back unchanged.
//!
//! # JSON
//!
//! The shape the generated crate's serde support writes, so that the two agree on every value,
//! formatted as `serde_json` formats (compact, or pretty with `{:#}`):
//!
//! - a constructor or function, boxed or bare: an object, `{"_": "<exact TL name>", ...}`, then
//!   its parameters by their TL names in schema order; flags words (`#`) never appear; absent
//!   optional fields are left out; a `flags.N?true` appears as `"name": true` only when set;
//! - `int`, `#`: a number; `long`: a number, exact to 64 bits (read also from a string of
//!   digits); `double`: a number, and non-finite ones the strings `"NaN"`, `"Infinity"`,
//!   `"-Infinity"` (and `"NaN#<16 hex digits>"` for other NaNs, as in TL text);
//! - `Bool`: `true`/`false`; `string`: a string (bytes that are not UTF-8, from a lenient
//!   decode, become U+FFFD: JSON strings are Unicode); `bytes`, `int128`, `int256`, `int512`:
//!   base64, standard alphabet with padding; vectors: arrays; `Object`, `!X`: the object they
//!   hold.
//!
//! # Display on generated types
//!
//! [`EmbeddedSchema`] and [`compact_tl`]: a generated crate embeds its schema as compact TL and
//! prints any of its values through this codec, with one line of code per type.
//!
//! # Serde (cargo feature `serde`)
//!
//! `SerdeValue` and `ValueSeed` put any value through any serde format in the JSON shape
//! above (with `serde_json`, the same text as [`Json`]); `EmbeddedSchema::serialize` and
//! `EmbeddedSchema::deserialize` are a generated type's `Serialize` and `Deserialize`, one
//! call each. (Not links: they exist only with the feature, and the docs build without it.)

mod base64;
mod decode;
mod embed;
mod encode;
mod error;
mod json;
mod limits;
mod schema;
#[cfg(feature = "serde")]
mod serde;
mod text;
mod value;

pub use decode::decode;
pub use embed::{EmbeddedSchema, compact_tl};
pub use encode::{EncodeError, encode};
pub use error::ParseError;
pub use json::parse::parse_json;
pub use json::print::Json;
pub use schema::{Description, ParamDescription, Schema, SchemaError, TypeRef};
#[cfg(feature = "serde")]
pub use serde::{SerdeValue, ValueSeed};
pub use text::parse::parse_text;
pub use text::print::Text;
pub use value::{Object, Value};

impl<'a> Text<'a> {
    /// `value` (made with `schema`) for printing as TL text: `{}` one line, `{:#}` multi-line.
    pub fn new(schema: &'a Schema, value: &'a Value) -> Self {
        Self { schema, value }
    }
}

impl<'a> Json<'a> {
    /// `value` (made with `schema`) for printing as JSON: `{}` compact, `{:#}` pretty.
    pub fn new(schema: &'a Schema, value: &'a Value) -> Self {
        Self { schema, value }
    }
}
