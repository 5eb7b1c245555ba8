//! A diff as text for a terminal, and as markdown for a pull request or a changelog.

use std::fmt::Write as _;

use super::model::{Change, ChangeKind, Class, Diff, Item, Side};

const CLASSES: [Class; 3] = [Class::Breaking, Class::Wire, Class::Additive];
const ITEMS: [(Item, &str); 3] = [
    (Item::Type, "types"),
    (Item::Constructor, "constructors"),
    (Item::Function, "functions"),
];

fn side(s: &Side) -> String {
    let layer = s
        .layer
        .map_or_else(|| "no layer".to_owned(), |l| format!("layer {l}"));
    format!("{layer} ({})", s.files.join(", "))
}

fn layer(s: &Side) -> String {
    s.layer
        .map_or_else(|| "no layer".to_owned(), |l| format!("layer {l}"))
}

/// `3 breaking, 1 wire, 12 additive`, or `no changes`.
fn classes(diff: &Diff) -> String {
    if diff.changes.is_empty() {
        return "no changes".to_owned();
    }
    CLASSES
        .iter()
        .map(|&c| format!("{} {c}", diff.count_class(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The changes of one class, in the diff's order (types, constructors, functions; by name).
fn of_class(diff: &Diff, class: Class) -> impl Iterator<Item = &Change> {
    diff.changes.iter().filter(move |c| c.class == class)
}

/// The lines of a change's definition: `- old` and `+ new`.
fn lines(change: &Change) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(old) = &change.old
        && change.kind != ChangeKind::Added
    {
        out.push(format!("- {old}"));
    }
    if let Some(new) = &change.new {
        out.push(format!("+ {new}"));
    }
    out
}

/// Plain text: a summary, then every change, the worst class first.
pub fn text(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "old: {}", side(&diff.old));
    let _ = writeln!(out, "new: {}", side(&diff.new));
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<14}{:>7}{:>9}{:>9}",
        "", "added", "removed", "changed"
    );
    for (item, label) in ITEMS {
        let _ = writeln!(
            out,
            "{label:<14}{:>7}{:>9}{:>9}",
            diff.count(item, ChangeKind::Added),
            diff.count(item, ChangeKind::Removed),
            diff.count(item, ChangeKind::Changed)
        );
    }
    let _ = writeln!(out, "{}", classes(diff));
    for class in CLASSES {
        for change in of_class(diff, class) {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{class} {} {} {}",
                change.kind, change.item, change.name
            );
            for detail in &change.details {
                let _ = writeln!(out, "    {detail}");
            }
            for line in lines(change) {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}

/// Markdown: a heading, a table of counts, then a section per class with every change.
pub fn markdown(diff: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## TL schema: {} -> {}",
        layer(&diff.old),
        layer(&diff.new)
    );
    let _ = writeln!(out);
    let files = |s: &Side| {
        s.files
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "Old: {} ({}). New: {} ({}).",
        files(&diff.old),
        layer(&diff.old),
        files(&diff.new),
        layer(&diff.new)
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "| | added | removed | changed |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for (item, label) in ITEMS {
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} |",
            diff.count(item, ChangeKind::Added),
            diff.count(item, ChangeKind::Removed),
            diff.count(item, ChangeKind::Changed)
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Changes by class: {}.", classes(diff));
    for class in CLASSES {
        let count = diff.count_class(class);
        if count == 0 {
            continue;
        }
        let title = match class {
            Class::Breaking => "Breaking",
            Class::Wire => "Wire",
            Class::Additive => "Additive",
        };
        let _ = writeln!(out);
        let _ = writeln!(out, "### {title} ({count})");
        let _ = writeln!(out);
        for change in of_class(diff, class) {
            let _ = writeln!(out, "- {} `{}` ({})", change.item, change.name, change.kind);
            for detail in &change.details {
                let _ = writeln!(out, "  - {}: {}", detail.class, detail.text);
            }
            let lines = lines(change);
            if !lines.is_empty() {
                let _ = writeln!(out, "  ```diff");
                for line in lines {
                    let _ = writeln!(out, "  {line}");
                }
                let _ = writeln!(out, "  ```");
            }
        }
    }
    out
}
