//! The enums pass: one enum per boxed type, in order of first appearance, with a variant per
//! constructor, named as short as stays unambiguous.

use std::collections::HashMap;

use super::{Source, names, pascal_case, types};
use crate::ir::{BoxedEnum, ItemPath, Kind, Variant};

/// The enums, with where each constructor's struct lives.
pub(crate) struct Declared<'s, 'a> {
    pub enums: Vec<BoxedEnum>,
    /// Boxed type name -> index into `enums`.
    pub index: HashMap<String, usize>,
    /// The constructor whose definition first named each enum's type (for diagnostics).
    pub first: Vec<Source<'s, 'a>>,
    /// Each constructor's struct path, in the order of the constructors given.
    pub constructor_paths: Vec<ItemPath>,
}

/// Declares the enums of `constructors`' types and names their variants.
pub(crate) fn declare<'s, 'a>(constructors: &[Source<'s, 'a>]) -> Declared<'s, 'a> {
    let mut declared = Declared {
        enums: Vec::new(),
        index: HashMap::new(),
        first: Vec::new(),
        constructor_paths: Vec::with_capacity(constructors.len()),
    };
    for source in constructors {
        let def = source.def;
        let path = item_path(Kind::Types, def.name.namespace, def.name.name);
        declared.constructor_paths.push(path.clone());
        let type_name = def.result.name.to_string();
        if types::is_any_type(&type_name) {
            continue;
        }
        let slot = match declared.index.get(&type_name) {
            Some(&slot) => slot,
            None => {
                let doc = source
                    .schema
                    .type_docs
                    .iter()
                    .find(|d| d.name == type_name)
                    .map(|d| d.description.text.to_string());
                declared.enums.push(BoxedEnum {
                    path: item_path(Kind::Enums, def.result.name.namespace, def.result.name.name),
                    tl_name: type_name.clone(),
                    doc,
                    variants: Vec::new(),
                    guard_depth: false,
                    held_boxed: false,
                    accessors: Vec::new(),
                });
                declared.first.push(*source);
                declared.index.insert(type_name, declared.enums.len() - 1);
                declared.enums.len() - 1
            }
        };
        declared.enums[slot].variants.push(Variant {
            name: String::new(), // named below, once all of the enum's constructors are known
            path,
            id: def.id(),
            tl_name: def.name.to_string(),
            boxed: false, // decided once all structs are known (size::box_large)
        });
    }
    for e in &mut declared.enums {
        name_variants(e);
    }
    declared
}

/// `types::auth::SentCode` for `auth.sentCode` in [`Kind::Types`].
pub(crate) fn item_path(kind: Kind, namespace: Option<&str>, name: &str) -> ItemPath {
    ItemPath {
        kind,
        namespace: namespace.map(names::module_name),
        name: names::escape(pascal_case(name)),
    }
}

/// Variant names drop the enum's own name where it prefixes them (`InputPeer::Empty` for
/// `inputPeerEmpty`), unless that leaves nothing or a keyword (`inputPeerSelf` stays
/// `InputPeerSelf`). Where names still collide, the colliding variants spell out their struct
/// name, then their namespace too (`db.files.index.key` -> `DbFilesIndexKey`).
fn name_variants(e: &mut BoxedEnum) {
    let short = |v: &Variant| match v.path.name.strip_prefix(e.path.name.as_str()) {
        Some(rest)
            if rest.starts_with(|c: char| c.is_ascii_uppercase())
                && names::escape(rest.to_owned()) == rest =>
        {
            rest.to_owned()
        }
        _ => v.path.name.clone(),
    };
    let qualified = |v: &Variant| match &v.path.namespace {
        Some(ns) => format!(
            "{}{}",
            pascal_case(ns.trim_start_matches("r#")),
            v.path.name
        ),
        None => v.path.name.clone(),
    };
    let mut names: Vec<String> = e.variants.iter().map(short).collect();
    for fallback in [
        &(|v: &Variant| v.path.name.clone()) as &dyn Fn(&Variant) -> String,
        &qualified,
    ] {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for name in &names {
            *counts.entry(name.clone()).or_default() += 1;
        }
        for (name, variant) in names.iter_mut().zip(&e.variants) {
            if counts[name.as_str()] > 1 {
                *name = fallback(variant);
            }
        }
    }
    for (variant, name) in e.variants.iter_mut().zip(names) {
        variant.name = name;
    }
}
