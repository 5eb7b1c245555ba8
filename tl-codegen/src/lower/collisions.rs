//! The collisions pass: no two TL names may map to one Rust item (`a.b_c` and `a.bC` both spell
//! `BC`), since the second would silently replace the first.

use std::collections::HashMap;

use super::Source;
use super::enums::Declared;
use crate::error::Unsupported;
use crate::ir::{Combinator, FieldKind, ItemPath};

/// A Rust item, the TL name that claims it, and where that name is defined.
type Claim<'c, 's, 'a> = (&'c ItemPath, String, Source<'s, 'a>);

/// One problem for every Rust item path claimed twice.
pub(crate) fn check(
    declared: &Declared<'_, '_>,
    constructors: &[(Source<'_, '_>, Combinator)],
    functions: &[(Source<'_, '_>, Combinator)],
) -> Vec<Unsupported> {
    let mut claims: Vec<Claim<'_, '_, '_>> = declared
        .enums
        .iter()
        .zip(&declared.first)
        .map(|(e, source)| (&e.path, e.tl_name.clone(), *source))
        .collect();
    for (source, c) in constructors.iter().chain(functions) {
        claims.push((&c.path, c.tl_name.clone(), *source));
        for field in &c.fields {
            if let FieldKind::Group { group } = &field.kind {
                let what = format!("{} (fields {})", c.tl_name, field.name);
                claims.push((&group.path, what, *source));
            }
        }
    }
    let mut first: HashMap<&ItemPath, &str> = HashMap::new();
    let mut problems = Vec::new();
    for (path, tl_name, source) in &claims {
        if let Some(other) = first.insert(path, tl_name) {
            problems.push(source.problem(
                source.def.name.span.start,
                format!(
                    "`{tl_name}` and `{other}` both map to the Rust name `{}`",
                    display_path(path)
                ),
            ));
        }
    }
    problems
}

fn display_path(path: &ItemPath) -> String {
    let mut out = path.kind.module_name().to_owned();
    if let Some(ns) = &path.namespace {
        out.push_str("::");
        out.push_str(ns);
    }
    out.push_str("::");
    out.push_str(&path.name);
    out
}
