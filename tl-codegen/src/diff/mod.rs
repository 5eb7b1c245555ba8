//! The layer diff: what changed between two schemas, and what each change does to code written
//! against the generated crate and to the bytes on the wire.
//!
//! Both sides are lowered to the IR the generator emits from, and the diff compares what the
//! generator makes of them (Rust paths, field types, boxing, flag groups, variant names, wire
//! shapes), not their text: a renamed parameter whose Rust name stays the same breaks nothing,
//! and a parameter that joins another on its flag bit turns two fields into one group.
//!
//! ```
//! use tlgen_codegen::diff::{Class, Format, Item, Layer};
//!
//! let old = Layer::from_texts(&[("old.tl", "user#1 id:long = User;")])?;
//! let new = Layer::from_texts(&[("new.tl", "user#2 flags:# id:long name:flags.0?string = User;")])?;
//! let diff = tlgen_codegen::diff::diff(&old, &new);
//! let user = diff.find(Item::Constructor, "user").unwrap();
//! assert_eq!(user.class, Class::Breaking); // `User` had no optional field: literals must name `name`
//! assert!(diff.render(Format::Json).contains("\"class\": \"breaking\""));
//! # Ok::<(), tlgen_codegen::Error>(())
//! ```
//!
//! # Classes
//!
//! - **breaking**: code written against the old crate stops compiling, or decodes differently. A
//!   removed type, constructor, function, field or accessor; a field whose Rust type changes
//!   (boxing and flag groups included); a new required field; a new variant of an existing enum,
//!   or a second constructor of a type of one (the alias of its struct becomes an enum); a variant
//!   renamed or boxed; a constructor moved to another type; a function's result type
//!   changed; the arguments of `Type::new` reordered.
//! - **wire**: the Rust API is the same, the bytes are not. A new id, parameters reordered, a
//!   parameter moved to another flag bit or word, a flags word added, a type spelled with the
//!   same Rust type but other bytes (`Vector<int>` and `vector<int>`).
//! - **additive**: code compiles and behaves as before: new types, constructors of new types,
//!   functions, accessors, new optional fields of structs that already had one, renames that keep
//!   the Rust name, spellings that change neither the Rust type nor the bytes (`int32`, `int`).
//!
//! A change is as bad as its worst detail. These classes assume code written against the crate
//! the way the generated API invites:
//!
//! - a struct with an optional field (`Option`, or a flag `bool`) is built with
//!   `Type::new(required fields)` and struct update syntax (`..`), so a new optional field does
//!   not break it; a struct without one is built with a literal that names every field, so its
//!   first optional field breaks it;
//! - patterns on structs end with `..`;
//! - enums are matched exhaustively (generated enums are not `#[non_exhaustive]`), so a new
//!   variant breaks; a new constructor of an existing type is breaking for that reason alone;
//! - what a peer of the other layer sends is not considered: a new optional field is additive
//!   although code of the old layer cannot read it when it is set (the id usually changes with
//!   it, and that is reported as a wire change).

mod classify;
mod json;
mod layer;
mod members;
mod model;
mod render;
mod ty;

pub use classify::diff;
pub use layer::Layer;
pub use model::{Change, ChangeKind, Class, Detail, Diff, Item, Side};

/// How to render a [`Diff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal: a summary table, then every change, the worst class first.
    Text,
    /// For a pull request or a changelog: a table of counts and a section per class.
    Markdown,
    /// For tools: `{"old": {"files": [..], "layer": N}, "new": {..}, "changes": [..]}`.
    Json,
}

impl Diff {
    /// The diff in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Text => render::text(self),
            Format::Markdown => render::markdown(self),
            Format::Json => json::json(self),
        }
    }
}
