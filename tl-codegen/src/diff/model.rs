//! What a diff reports: the two sides, and each change with its class and details.

use std::fmt;

/// The effect of a change on code written against the generated crate and on the wire, from the
/// mildest to the worst (`Ord` follows: `Additive < Wire < Breaking`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code written against the old crate compiles and behaves as before (new items, new optional
    /// fields, spellings that change nothing). See the module docs for what this assumes.
    Additive,
    /// The Rust API is the same, but the bytes differ: a new id, a parameter reordered or moved to
    /// another flag bit. Code compiles, but talks to a peer of the other layer wrongly.
    Wire,
    /// Code written against the old crate stops compiling, or compiles and decodes differently.
    Breaking,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Additive => "additive",
            Class::Wire => "wire",
            Class::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of definition changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A boxed type: an enum of the generated crate.
    Type,
    /// A constructor: a struct in `types`, and a variant of its type's enum.
    Constructor,
    /// A function: a struct in `functions`.
    Function,
}

impl Item {
    pub fn as_str(self) -> &'static str {
        match self {
            Item::Type => "type",
            Item::Constructor => "constructor",
            Item::Function => "function",
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a definition appeared, disappeared or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One fact about a change, with its own class (the change's class is the worst of its details').
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub class: Class,
    pub text: String,
}

impl fmt::Display for Detail {
    /// `breaking: new required field ...`, as the JSON `details` strings spell it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class, self.text)
    }
}

/// One added, removed or changed type, constructor or function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub item: Item,
    /// The TL name: `auth.sentCode`, `messages.getHistory`, `InputPeer`.
    pub name: String,
    pub kind: ChangeKind,
    /// The worst class among the details.
    pub class: Class,
    pub details: Vec<Detail>,
    /// The definition's TL line on the old side (none for types, which have no line of their own).
    pub old: Option<String>,
    /// The definition's TL line on the new side.
    pub new: Option<String>,
}

/// One side of a diff: the schema files it was read from, and their layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The schema files as named when loaded.
    pub files: Vec<String>,
    /// `// LAYER N` of the first file that declares one.
    pub layer: Option<u32>,
}

/// The changes from one schema to another: types, then constructors, then functions, each in order
/// of TL name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub old: Side,
    pub new: Side,
    pub changes: Vec<Change>,
}

impl Diff {
    /// The worst class of any change; `None` when the schemas generate the same API and bytes.
    pub fn worst(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).max()
    }

    /// How many changes of `item` are of `kind`.
    pub fn count(&self, item: Item, kind: ChangeKind) -> usize {
        self.changes
            .iter()
            .filter(|c| c.item == item && c.kind == kind)
            .count()
    }

    /// How many changes are of `class`.
    pub fn count_class(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// The change to `item` named `name`, if any (`Constructor` and `Function` may share a name
    /// when a definition moves between the two).
    pub fn find(&self, item: Item, name: &str) -> Option<&Change> {
        self.changes
            .iter()
            .find(|c| c.item == item && c.name == name)
    }
}
