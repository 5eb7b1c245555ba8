//! A changed constructor's or function's parameters (TL) and fields (Rust), compared and merged:
//! each parameter change is told together with what it does to the struct.

use std::collections::HashMap;

use super::layer::{DefFacts, FieldFacts, ParamFacts};
use super::model::{Class, Detail};

/// A change to the generated struct: a field or accessor (its key: the field name, or `name()`)
/// added, removed or retyped.
struct RustEvent {
    key: String,
    class: Class,
    text: String,
    told: bool,
}

/// A change to the TL parameters, and the struct fields (keys) it concerns on either side.
struct TlEvent {
    homes: [Option<String>; 2],
    class: Class,
    text: String,
}

/// The details of the parameters and fields of a definition on both sides.
pub(crate) fn compare(old: &DefFacts, new: &DefFacts, out: &mut Vec<Detail>) {
    let mut rust = rust_events(old, new);
    for event in tl_events(old, new) {
        let mut class = event.class;
        let mut text = event.text;
        let mut separator = ": ";
        for r in rust.iter_mut().filter(|r| !r.told) {
            if event.homes.iter().flatten().any(|home| *home == r.key) {
                r.told = true;
                class = class.max(r.class);
                text.push_str(separator);
                text.push_str(&r.text);
                separator = "; ";
            }
        }
        out.push(Detail { class, text });
    }
    for r in rust.into_iter().filter(|r| !r.told) {
        out.push(Detail {
            class: r.class,
            text: r.text,
        });
    }
    if let Some(detail) = new_arguments(old, new) {
        out.push(detail);
    }
}

fn field_type(f: &FieldFacts) -> String {
    let members = f.members();
    if members.is_empty() {
        format!("`{}`", f.rust())
    } else {
        format!("`{}` (`{members}`)", f.rust())
    }
}

/// Fields and accessors added, removed or changed in type.
fn rust_events(old: &DefFacts, new: &DefFacts) -> Vec<RustEvent> {
    let mut events = Vec::new();
    let mut push = |key: &str, class, text: String| {
        events.push(RustEvent {
            key: key.to_owned(),
            class,
            text,
            told: false,
        });
    };
    for f in &new.fields {
        let Some(was) = old.field(&f.name) else {
            let (class, why) = if f.required() {
                (Class::Breaking, " (values built before must now give it)")
            } else if old.has_new() {
                (Class::Additive, "")
            } else {
                (
                    Class::Breaking,
                    " (the struct had no optional field: its values are literals, which must now name it)",
                )
            };
            let required = if f.required() { "required" } else { "optional" };
            push(
                &f.name,
                class,
                format!("new {required} field `{}`: {}{why}", f.name, field_type(f)),
            );
            continue;
        };
        if !was.ty.same_rust(&f.ty) {
            let what = match (was.required(), f.required()) {
                (true, false) => "is now optional",
                (false, true) => "is now required",
                _ => "changes type",
            };
            push(
                &f.name,
                Class::Breaking,
                format!(
                    "field `{}` {what}: {}, was {}",
                    f.name,
                    field_type(f),
                    field_type(was)
                ),
            );
        } else if was.required() != f.required() && old.has_new() {
            // `Bool` -> `flags.N?true`: `bool` either way, but `new` takes one argument less.
            let what = if f.required() { "now" } else { "no longer" };
            push(
                &f.name,
                Class::Breaking,
                format!(
                    "field `{}`: {} is {what} an argument of `{}::new`",
                    f.name,
                    field_type(f),
                    short(&new.rust())
                ),
            );
        }
    }
    for f in &old.fields {
        if new.field(&f.name).is_none() {
            let moved: Vec<String> = old
                .params
                .iter()
                .filter(|p| p.home.as_deref() == Some(&f.name))
                .filter_map(|p| {
                    let now = new.params.iter().find(|q| q.name() == p.name())?;
                    Some(format!("`{}` is in `{}`", p.name(), now.home.as_deref()?))
                })
                .collect();
            let whither = if moved.is_empty() {
                String::new()
            } else {
                format!(" ({})", moved.join(", "))
            };
            push(
                &f.name,
                Class::Breaking,
                format!("field `{}`: {} removed{whither}", f.name, field_type(f)),
            );
        }
    }
    for a in &new.accessors {
        if !old.accessors.contains(a) {
            push(a, Class::Additive, format!("new accessor `{a}`"));
        }
    }
    for a in &old.accessors {
        if !new.accessors.contains(a) {
            push(a, Class::Breaking, format!("accessor `{a}` removed"));
        }
    }
    events
}

/// `Name` of `types::ns::Name`.
fn short(path: &str) -> &str {
    path.rsplit("::").next().unwrap_or(path)
}

fn flag_text(flag: Option<(&str, u32)>) -> String {
    match flag {
        Some((word, bit)) => format!("`{word}.{bit}?`"),
        None => "no flag".to_owned(),
    }
}

/// Parameters added, removed, renamed, retyped, moved to another flag, reordered.
fn tl_events<'a>(old: &'a DefFacts, new: &'a DefFacts) -> Vec<TlEvent> {
    let index = |d: &'a DefFacts| -> HashMap<&'a str, usize> {
        d.params
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name(), i))
            .collect()
    };
    let (old_at, new_at) = (index(old), index(new));
    let removed: Vec<usize> = (0..old.params.len())
        .filter(|&i| !new_at.contains_key(old.params[i].name()))
        .collect();
    let added: Vec<usize> = (0..new.params.len())
        .filter(|&j| !old_at.contains_key(new.params[j].name()))
        .collect();
    let renamed = renames(old, new, &removed, &added);

    let mut events = Vec::new();
    // Old index of each new parameter, for the order check.
    let mut counterparts: Vec<(usize, usize)> = Vec::new();
    for (j, p) in new.params.iter().enumerate() {
        let (i, renamed_from) = match old_at.get(p.name()) {
            Some(&i) => (i, false),
            None => match renamed.iter().find(|&&(_, to)| to == j) {
                Some(&(i, _)) => (i, true),
                None => {
                    events.push(TlEvent {
                        homes: [None, p.home.clone()],
                        class: presence_class(p),
                        text: format!("parameter `{}` added", p.text),
                    });
                    continue;
                }
            },
        };
        counterparts.push((i, j));
        let was = &old.params[i];
        let mut parts = Vec::new();
        let mut class = Class::Additive;
        if renamed_from {
            let same = if was.home == p.home {
                match &p.home {
                    Some(home) => format!(" (the Rust name `{home}` is unchanged)"),
                    None => String::new(),
                }
            } else {
                String::new()
            };
            parts.push(format!(
                "parameter `{}` renamed to `{}`{same}",
                was.name(),
                p.name()
            ));
        }
        if was.normalized() != p.normalized() {
            let bytes = if was.wire.same_bytes(&p.wire) {
                " (same bytes)"
            } else {
                class = Class::Wire;
                ""
            };
            parts.push(format!(
                "parameter `{}` type `{}` -> `{}`{bytes}",
                p.name(),
                was.ty(),
                p.ty()
            ));
        }
        if was.flag() != p.flag() {
            class = Class::Wire;
            let what = match (was.flag(), p.flag()) {
                (Some(_), None) => "is now required".to_owned(),
                (None, Some(_)) => "is now optional".to_owned(),
                _ => "moves to another flag bit".to_owned(),
            };
            parts.push(format!(
                "parameter `{}` {what}: {} -> {}",
                p.name(),
                flag_text(was.flag()),
                flag_text(p.flag())
            ));
        }
        if was.home != p.home && !renamed_from {
            let home = |h: &Option<String>| match h {
                Some(h) => format!("`{h}`"),
                None => "no field".to_owned(),
            };
            parts.push(format!(
                "parameter `{}` is held in {}, was {}",
                p.name(),
                home(&p.home),
                home(&was.home)
            ));
        }
        if !parts.is_empty() {
            events.push(TlEvent {
                homes: [was.home.clone(), p.home.clone()],
                class,
                text: parts.join("; "),
            });
        }
    }
    for &i in &removed {
        if renamed.iter().any(|&(from, _)| from == i) {
            continue;
        }
        let p = &old.params[i];
        events.push(TlEvent {
            homes: [p.home.clone(), None],
            class: presence_class(p),
            text: format!("parameter `{}` removed", p.text),
        });
    }
    let mut in_old_order = counterparts.clone();
    in_old_order.sort_unstable();
    if in_old_order
        .iter()
        .map(|&(_, j)| j)
        .ne(counterparts.iter().map(|&(_, j)| j))
    {
        let names = |d: &DefFacts, at: &mut dyn Iterator<Item = usize>| {
            at.map(|k| d.params[k].name()).collect::<Vec<_>>().join(" ")
        };
        events.push(TlEvent {
            homes: [None, None],
            class: Class::Wire,
            text: format!(
                "parameters reordered: `{}` -> `{}`",
                names(old, &mut in_old_order.iter().map(|&(i, _)| i)),
                names(new, &mut counterparts.iter().map(|&(_, j)| j)),
            ),
        });
    }
    events
}

/// What adding or removing a parameter does to the bytes by itself: a flags word or a plain value
/// is always written; a conditional one only when set, which code of the other layer never does.
fn presence_class(p: &ParamFacts) -> Class {
    if p.flag().is_some() {
        Class::Additive
    } else {
        Class::Wire
    }
}

/// Pairs `(old index, new index)` of a removed and an added parameter that are one renamed: the
/// same type and flag, at the same position or the only such pair.
fn renames(
    old: &DefFacts,
    new: &DefFacts,
    removed: &[usize],
    added: &[usize],
) -> Vec<(usize, usize)> {
    let same_shape =
        |a: &ParamFacts, b: &ParamFacts| a.normalized() == b.normalized() && a.flag() == b.flag();
    let mut pairs = Vec::new();
    for &i in removed {
        let candidates: Vec<usize> = added
            .iter()
            .copied()
            .filter(|&j| same_shape(&new.params[j], &old.params[i]))
            .filter(|j| !pairs.iter().any(|(_, taken)| taken == j))
            .collect();
        let same_place = candidates.iter().copied().find(|&j| j == i);
        let unique_removed = removed
            .iter()
            .filter(|&&k| same_shape(&old.params[k], &old.params[i]))
            .count()
            == 1;
        match (same_place, candidates.as_slice()) {
            (Some(j), _) => pairs.push((i, j)),
            (None, [only]) if unique_removed => pairs.push((i, *only)),
            _ => {}
        }
    }
    pairs
}

/// `Type::new(required fields in TL order)`: its arguments in another order, if they are.
fn new_arguments(old: &DefFacts, new: &DefFacts) -> Option<Detail> {
    if !old.has_new() || !new.has_new() {
        return None;
    }
    let required = |d: &DefFacts, other: &DefFacts| -> Vec<String> {
        d.fields
            .iter()
            .filter(|f| f.required() && other.field(&f.name).is_some_and(|o| o.required()))
            .map(|f| f.name.clone())
            .collect()
    };
    let (before, after) = (required(old, new), required(new, old));
    (before != after).then(|| Detail {
        class: Class::Breaking,
        text: format!(
            "`{}::new` takes its arguments in another order: ({}) -> ({})",
            short(&new.rust()),
            before.join(", "),
            after.join(", ")
        ),
    })
}
