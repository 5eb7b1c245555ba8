//! The API pass: what generated types offer their users beyond coding. Which structs derive
//! `Default` (every field has a default), which get `new(required fields)`, and the accessors of
//! boxed types for the fields all their constructors share.

use std::collections::HashMap;

use crate::ir::{Accessor, AccessorKind, BoxedEnum, Combinator, FieldKind, ItemPath, Ty};

/// Sets `derives_default` and `new_fn` of every combinator, and `accessors` of every enum.
pub fn plan(
    enums: &mut [BoxedEnum],
    constructors: &mut [Combinator],
    functions: &mut [Combinator],
) {
    defaults(constructors, functions);
    for c in constructors.iter_mut().chain(functions.iter_mut()) {
        c.new_fn = has_new_fn(c);
    }
    let by_path: HashMap<&ItemPath, &Combinator> =
        constructors.iter().map(|c| (&c.path, c)).collect();
    for e in enums.iter_mut() {
        e.accessors = accessors(e, &by_path);
    }
}

/// A struct derives `Default` when every field has one: optional fields, flags, groups,
/// primitives, strings and vectors always do; a bare struct does when it derives it (settled
/// by iterating to a fixed point, since bare structs can refer to each other); an enum, a
/// generic parameter and `Object` do not.
fn defaults(constructors: &mut [Combinator], functions: &mut [Combinator]) {
    for c in constructors.iter_mut().chain(functions.iter_mut()) {
        c.derives_default = true;
    }
    loop {
        let defaulted: HashMap<ItemPath, bool> = constructors
            .iter()
            .map(|c| (c.path.clone(), c.derives_default))
            .collect();
        let mut changed = false;
        for c in constructors.iter_mut().chain(functions.iter_mut()) {
            if c.derives_default
                && !c
                    .fields
                    .iter()
                    .all(|f| field_has_default(&f.kind, &defaulted))
            {
                c.derives_default = false;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

fn field_has_default(kind: &FieldKind, defaulted: &HashMap<ItemPath, bool>) -> bool {
    match kind {
        FieldKind::Plain(ty) => has_default(ty, defaulted),
        FieldKind::Optional(_) | FieldKind::Flag { .. } | FieldKind::Group { .. } => true,
    }
}

fn has_default(ty: &Ty, defaulted: &HashMap<ItemPath, bool>) -> bool {
    match ty {
        Ty::Int
        | Ty::Long
        | Ty::Double
        | Ty::Int128
        | Ty::Int256
        | Ty::String
        | Ty::Bytes
        | Ty::Bool
        | Ty::Vector { .. } => true,
        Ty::Bare { path, .. } => defaulted.get(path).copied().unwrap_or(false),
        // Arrays implement `Default` up to 32 elements only.
        Ty::Int512 | Ty::Enum { .. } | Ty::Generic(_) | Ty::Object => false,
    }
}

/// `new(required fields)` is for structs with optional fields (the struct update syntax
/// `Type { x, ..Type::new(a, b) }` keeps compiling when the schema adds one), unless an accessor
/// of an implied flag is already named `new`.
fn has_new_fn(c: &Combinator) -> bool {
    let optional = c
        .fields
        .iter()
        .any(|f| !matches!(f.kind, FieldKind::Plain(_)));
    optional && !c.implied_flags.iter().any(|flag| flag.name == "new")
}

/// Names an accessor does not take: an inherent method would hide the trait method of that name
/// (`Message::from(x)` would call the accessor of a field `from`).
const TRAIT_METHODS: &[&str] = &[
    "clone",
    "constructor_id",
    "constructor_name",
    "constructor_value",
    "default",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "from_bytes",
    "into",
    "serialize",
    "serialized_len",
    "to_bytes",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "write_to",
];

/// The fields every constructor of `e` has, by name, with one Rust type, in the first
/// constructor's field order (but for names of trait methods, see [`TRAIT_METHODS`]).
///
/// Only for enums of two constructors or more, as grammers has them: an enum of one converts
/// into its struct with `From`, which gives every field at once; accessors on those would be
/// nine in ten of all accessors and cost their share of the crate's build for nothing.
fn accessors(e: &BoxedEnum, by_path: &HashMap<&ItemPath, &Combinator>) -> Vec<Accessor> {
    if e.variants.len() < 2 {
        return Vec::new();
    }
    let structs: Vec<&Combinator> = e
        .variants
        .iter()
        .filter_map(|v| by_path.get(&v.path).copied())
        .collect();
    let Some((first, rest)) = structs.split_first() else {
        return Vec::new();
    };
    if structs.len() != e.variants.len() {
        return Vec::new();
    }
    first
        .fields
        .iter()
        .filter(|field| !TRAIT_METHODS.contains(&field.name.as_str()))
        .filter_map(|field| {
            let kind = match &field.kind {
                FieldKind::Plain(ty) => AccessorKind::Plain(ty.clone()),
                FieldKind::Optional(ty) => AccessorKind::Optional(ty.clone()),
                FieldKind::Flag { .. } => AccessorKind::Flag,
                FieldKind::Group { .. } => return None,
            };
            let shared = rest.iter().all(|c| {
                c.fields
                    .iter()
                    .any(|f| f.name == field.name && same_type(&f.kind, &field.kind))
            });
            shared.then(|| Accessor {
                name: field.name.clone(),
                kind,
            })
        })
        .collect()
}

/// Whether two fields have the same Rust type.
fn same_type(a: &FieldKind, b: &FieldKind) -> bool {
    match (a, b) {
        (FieldKind::Plain(a), FieldKind::Plain(b))
        | (FieldKind::Optional(a), FieldKind::Optional(b)) => a == b,
        (FieldKind::Flag { .. }, FieldKind::Flag { .. }) => true,
        _ => false,
    }
}
