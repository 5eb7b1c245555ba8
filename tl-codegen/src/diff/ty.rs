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

/// The shape of a value's bytes: two types with equal strings read and write the same bytes.
/// `string` and `bytes` are one encoding; a boxed vector has an id that a bare one lacks.
pub(crate) fn wire(ty: &Ty) -> String {
    match ty {
        Ty::Int => "int".into(),
        Ty::Long => "long".into(),
        Ty::Double => "double".into(),
        Ty::Int128 => "int128".into(),
        Ty::Int256 => "int256".into(),
        Ty::String | Ty::Bytes => "bytes".into(),
        Ty::Bool => "Bool".into(),
        Ty::Vector { boxed: true, item } => format!("Vector<{}>", wire(item)),
        Ty::Vector { boxed: false, item } => format!("vector<{}>", wire(item)),
        Ty::Enum { path: p, .. } => path(p),
        Ty::Bare { path: p, .. } => format!("%{}", path(p)),
        Ty::Generic(name) => format!("!{name}"),
        Ty::Object => "Object".into(),
    }
}
