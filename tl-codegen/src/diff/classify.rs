//! Compares two layers: the types, constructors and functions added, removed or changed, each
//! change classed by what it does to the generated Rust and to the bytes.

use std::collections::HashMap;

use super::layer::{DefFacts, Layer, ResultFacts, TypeFacts};
use super::members;
use super::model::{Change, ChangeKind, Class, Detail, Diff, Item};
use super::ty::{same_bytes, same_rust};

/// Compares `old` with `new`.
pub fn diff(old: &Layer, new: &Layer) -> Diff {
    let mut changes = Vec::new();
    types(old, new, &mut changes);
    definitions(
        Item::Constructor,
        old,
        &old.constructors,
        &new.constructors,
        &mut changes,
    );
    definitions(
        Item::Function,
        old,
        &old.functions,
        &new.functions,
        &mut changes,
    );
    changes.sort_by(|a, b| (a.item, &a.name).cmp(&(b.item, &b.name)));
    Diff {
        old: old.side.clone(),
        new: new.side.clone(),
        changes,
    }
}

/// Collects a change's details; its class is the worst of theirs.
struct Details(Vec<Detail>);

impl Details {
    fn push(&mut self, class: Class, text: impl Into<String>) {
        self.0.push(Detail {
            class,
            text: text.into(),
        });
    }

    /// The change, if there is anything to tell.
    fn change(
        self,
        item: Item,
        name: &str,
        kind: ChangeKind,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Option<Change> {
        let class = self.0.iter().map(|d| d.class).max()?;
        Some(Change {
            item,
            name: name.to_owned(),
            kind,
            class,
            details: self.0,
            old: old.map(str::to_owned),
            new: new.map(str::to_owned),
        })
    }
}

fn types<'a>(old: &'a Layer, new: &'a Layer, out: &mut Vec<Change>) {
    let index = |l: &'a Layer| -> HashMap<&'a str, usize> {
        l.types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.tl_name.as_str(), i))
            .collect()
    };
    let (old_at, new_at) = (index(old), index(new));
    for t in &old.types {
        if !new_at.contains_key(t.tl_name.as_str()) {
            let mut d = Details(Vec::new());
            d.push(
                Class::Breaking,
                format!("{} `{}` removed", t.kind(), t.rust()),
            );
            out.extend(d.change(Item::Type, &t.tl_name, ChangeKind::Removed, None, None));
        }
    }
    for t in &new.types {
        let mut d = Details(Vec::new());
        let kind = match old_at.get(t.tl_name.as_str()) {
            None => {
                let text = match t.alias_of() {
                    Some(only) => format!("new alias `{}` of `{}`", t.rust(), only.holds()),
                    None => {
                        let variants: Vec<&str> =
                            t.variants.iter().map(|v| v.name.as_str()).collect();
                        format!(
                            "new enum `{}`, variants `{}`",
                            t.rust(),
                            variants.join("`, `")
                        )
                    }
                };
                d.push(Class::Additive, text);
                ChangeKind::Added
            }
            Some(&i) => {
                variants(&old.types[i], t, &mut d);
                ChangeKind::Changed
            }
        };
        out.extend(d.change(Item::Type, &t.tl_name, kind, None, None));
    }
}

/// A type on both sides: its enum's variants, or the struct it is an alias of (a type of one
/// constructor), or which of the two it is.
fn variants(old: &TypeFacts, new: &TypeFacts, d: &mut Details) {
    if old.path != new.path {
        d.push(
            Class::Breaking,
            format!("{} `{}` is now `{}`", old.kind(), old.rust(), new.rust()),
        );
    }
    match (old.alias_of(), new.alias_of()) {
        (Some(was), Some(now)) => {
            if was.path != now.path {
                d.push(
                    Class::Breaking,
                    format!(
                        "alias `{}` is now of `{}` (`{}`), was of `{}` (`{}`)",
                        new.rust(),
                        now.holds(),
                        now.constructor,
                        was.holds(),
                        was.constructor
                    ),
                );
            }
            return;
        }
        (Some(was), None) => {
            let variants: Vec<&str> = new.variants.iter().map(|v| v.name.as_str()).collect();
            d.push(
                Class::Breaking,
                format!(
                    "`{}` is now an enum, variants `{}`: it was an alias of `{}`, and code using \
                     it as that struct no longer compiles",
                    new.rust(),
                    variants.join("`, `"),
                    was.holds()
                ),
            );
            return;
        }
        (None, Some(now)) => {
            d.push(
                Class::Breaking,
                format!(
                    "`{}` is now an alias of `{}` (`{}`, its one constructor): it was an enum, \
                     and code matching on it no longer compiles",
                    new.rust(),
                    now.holds(),
                    now.constructor
                ),
            );
            return;
        }
        (None, None) => {}
    }
    for v in &new.variants {
        let Some(was) = old.variants.iter().find(|w| w.constructor == v.constructor) else {
            d.push(
                Class::Breaking,
                format!(
                    "new variant `{}::{}` (`{}`)",
                    new.rust(),
                    v.name,
                    v.constructor
                ),
            );
            continue;
        };
        if was.name != v.name {
            d.push(
                Class::Breaking,
                format!(
                    "variant `{}::{}` (`{}`) is now `{}`",
                    old.rust(),
                    was.name,
                    v.constructor,
                    v.name
                ),
            );
        }
        if was.path != v.path || was.boxed != v.boxed {
            d.push(
                Class::Breaking,
                format!(
                    "variant `{}::{}` now holds `{}`, was `{}`",
                    new.rust(),
                    v.name,
                    v.holds(),
                    was.holds()
                ),
            );
        }
    }
    for was in &old.variants {
        if !new
            .variants
            .iter()
            .any(|v| v.constructor == was.constructor)
        {
            d.push(
                Class::Breaking,
                format!(
                    "variant `{}::{}` (`{}`) removed",
                    old.rust(),
                    was.name,
                    was.constructor
                ),
            );
        }
    }
}

fn definitions<'a>(
    item: Item,
    old_layer: &'a Layer,
    old: &'a [DefFacts],
    new: &'a [DefFacts],
    out: &mut Vec<Change>,
) {
    let index = |defs: &'a [DefFacts]| -> HashMap<&'a str, usize> {
        defs.iter()
            .enumerate()
            .map(|(i, d)| (d.tl_name.as_str(), i))
            .collect()
    };
    let old_types: HashMap<&str, &TypeFacts> = old_layer
        .types
        .iter()
        .map(|t| (t.tl_name.as_str(), t))
        .collect();
    let (old_at, new_at) = (index(old), index(new));
    for o in old {
        if !new_at.contains_key(o.tl_name.as_str()) {
            let mut d = Details(Vec::new());
            d.push(Class::Breaking, format!("struct `{}` removed", o.rust()));
            out.extend(d.change(item, &o.tl_name, ChangeKind::Removed, Some(&o.line), None));
        }
    }
    for n in new {
        let mut d = Details(Vec::new());
        let old_line = match old_at.get(n.tl_name.as_str()) {
            None => {
                added(item, &old_types, n, &mut d);
                None
            }
            // Equal facts: the same struct, wire shape and TL text; nothing to tell.
            Some(&i) if old[i] == *n => continue,
            Some(&i) => {
                changed(&old[i], n, &mut d);
                Some(old[i].line.as_str())
            }
        };
        let kind = if old_line.is_some() {
            ChangeKind::Changed
        } else {
            ChangeKind::Added
        };
        out.extend(d.change(item, &n.tl_name, kind, old_line, Some(&n.line)));
    }
}

/// `old_types`: the old side's types by TL name.
fn added(item: Item, old_types: &HashMap<&str, &TypeFacts>, n: &DefFacts, d: &mut Details) {
    let result = n.result.rust();
    if item == Item::Function {
        d.push(
            Class::Additive,
            format!("new struct `{}`, returning `{result}`", n.rust()),
        );
        return;
    }
    d.push(Class::Additive, format!("new struct `{}`", n.rust()));
    match old_types.get(n.result_normalized()).map(|t| t.alias_of()) {
        Some(Some(only)) => d.push(
            Class::Breaking,
            format!(
                "a second constructor of the existing type `{result}`, which turns from an alias of `{}` into an enum: code using it as that struct no longer compiles",
                only.holds()
            ),
        ),
        Some(None) => d.push(
            Class::Breaking,
            format!(
                "a new variant of the existing enum `{result}`: a `match` without a wildcard arm no longer compiles"
            ),
        ),
        None => {}
    }
}

fn changed(o: &DefFacts, n: &DefFacts, d: &mut Details) {
    if o.path != n.path {
        d.push(
            Class::Breaking,
            format!("struct `{}` is now `{}`", o.rust(), n.rust()),
        );
    }
    if o.id != n.id {
        d.push(Class::Wire, format!("id {:08x} -> {:08x}", o.id, n.id));
    }
    let same_tl = o.result_normalized() == n.result_normalized();
    match (&o.result, &n.result) {
        (ResultFacts::Function(a), ResultFacts::Function(b))
            if same_rust(a, b) && same_bytes(a, b) =>
        {
            if !same_tl {
                d.push(
                    Class::Additive,
                    format!(
                        "result type written `{}`, was `{}` (the same Rust type and bytes)",
                        n.result_tl, o.result_tl
                    ),
                );
            }
        }
        (ResultFacts::Function(a), ResultFacts::Function(b)) if same_rust(a, b) => {
            d.push(
                Class::Wire,
                format!(
                    "result type `{}` -> `{}`: the same Rust type, read from other bytes",
                    o.result_tl, n.result_tl
                ),
            );
        }
        (ResultFacts::Function(_), _) => d.push(
            Class::Breaking,
            format!(
                "result type `{}` -> `{}`: `RemoteCall::Return` is `{}`, was `{}`",
                o.result_tl,
                n.result_tl,
                n.result.rust(),
                o.result.rust()
            ),
        ),
        (ResultFacts::Constructor(a), ResultFacts::Constructor(b)) if a == b && same_tl => {}
        (ResultFacts::Constructor(_), _) => d.push(
            Class::Breaking,
            format!(
                "moved from type `{}` to `{}`: a variant of `{}`, no longer of `{}`",
                o.result_tl,
                n.result_tl,
                n.result.rust(),
                o.result.rust()
            ),
        ),
    }
    if o.generics != n.generics {
        d.push(
            Class::Breaking,
            format!(
                "generic parameters `<{}>` -> `<{}>`",
                o.generics.join(", "),
                n.generics.join(", ")
            ),
        );
    }
    members::compare(o, n, &mut d.0);
}
