//! IR types as a diff compares them: as the Rust type a user writes, and as the bytes' shape.

use crate::ir::{ItemPath, Ty};

/// `types::auth::SentCode`: where an item lives below the generated crate's root.
pub(crate) fn path(p: &ItemPath) -> String {
    let mut out = p.kind.module_name().to_owned();
    if let Some(ns) = &p.namespace {
        out.push_str("::");
        out.push_str(ns);
    }
    out.push_str("::");
    out.push_str(&p.name);
    out
}

/// The Rust type of a value, as generated code spells it (boxes included: a `Box<T>` a recursion
/// needs is part of the type a user writes).
pub(crate) fn rust(ty: &Ty) -> String {
    match ty {
        Ty::Int => "i32".into(),
        Ty::Long => "i64".into(),
        Ty::Double => "f64".into(),
        Ty::Int128 => "[u8; 16]".into(),
        Ty::Int256 => "[u8; 32]".into(),
        Ty::Int512 => "[u8; 64]".into(),
        Ty::String => "String".into(),
        Ty::Bytes => "Vec<u8>".into(),
        Ty::Bool => "bool".into(),
        Ty::Vector { item, .. } => format!("Vec<{}>", rust(item)),
        Ty::Enum { path: p, heap } | Ty::Bare { path: p, heap } => {
            if *heap {
                format!("Box<{}>", path(p))
            } else {
                path(p)
            }
        }
        Ty::Generic(name) => name.clone(),
        Ty::Object => "Object".into(),
    }
}

/// Whether values of the two types are written as the same bytes: boxes are no bytes, `string`
/// and `bytes` are one encoding, a boxed vector has an id that a bare one lacks.
pub(crate) fn same_bytes(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::String | Ty::Bytes, Ty::String | Ty::Bytes) => true,
        (Ty::Vector { boxed: x, item: a }, Ty::Vector { boxed: y, item: b }) => {
            x == y && same_bytes(a, b)
        }
        (Ty::Enum { path: a, .. }, Ty::Enum { path: b, .. })
        | (Ty::Bare { path: a, .. }, Ty::Bare { path: b, .. }) => a == b,
        (a, b) => a == b,
    }
}

/// Whether the two are one Rust type (a boxed and a bare vector are both `Vec`; a `Box` counts).
pub(crate) fn same_rust(a: &Ty, b: &Ty) -> bool {
    match (a, b) {
        (Ty::Vector { item: a, .. }, Ty::Vector { item: b, .. }) => same_rust(a, b),
        (a, b) => a == b,
    }
}
