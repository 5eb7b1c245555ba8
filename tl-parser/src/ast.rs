//! The schema tree: what a `.tl` file says, borrowed from its text, with a byte span on every part.
//!
//! The tree knows nothing of Rust. Names and types are kept as the schema wrote them; deciding what
//! is bare or boxed, built-in or user-defined, is left to the helper methods here and to consumers.

use std::fmt;

/// A half-open byte range `start..end` into the source text of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The range as `start..end`, for slicing the source.
    pub const fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// One parsed schema file.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema<'a> {
    /// The name the file was parsed under (used in diagnostics), e.g. `schema/api.tl`.
    pub file_name: &'a str,
    /// The whole source text; every [`Span`] indexes into it.
    pub source: &'a str,
    /// The number from a `// LAYER N` comment, if the file has one.
    pub layer: Option<u32>,
    /// Every definition, in file order, built-in lines (`int ? = Int;`) included.
    pub definitions: Vec<Definition<'a>>,
    /// Documentation of boxed types (TDLib's `//@class Name @description ...`), in file order.
    pub type_docs: Vec<TypeDoc<'a>>,
}

/// Whether a definition constructs a value of a type or declares a remote function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// A constructor, from a `---types---` section (the default at the top of a file).
    Type,
    /// A function (method), from a `---functions---` section.
    Function,
}

/// A possibly namespaced identifier, e.g. `auth.sentCode` or `Vector`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Name<'a> {
    /// `auth` in `auth.sentCode`; `None` when there is no dot.
    pub namespace: Option<&'a str>,
    /// `sentCode` in `auth.sentCode`.
    pub name: &'a str,
    pub span: Span,
}

impl Name<'_> {
    /// Whether the part after the namespace starts with a lowercase letter (bare by TL's convention).
    pub fn starts_lowercase(&self) -> bool {
        self.name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
    }
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.namespace {
            Some(ns) => write!(f, "{ns}.{}", self.name),
            None => f.write_str(self.name),
        }
    }
}

/// One combinator: a constructor or a function, or a built-in line such as `int ? = Int;`.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition<'a> {
    pub category: Category,
    /// What kind of line this is; only [`DefinitionKind::Regular`] lines describe serializable data.
    pub kind: DefinitionKind,
    /// The combinator's name, e.g. `auth.sendCode`.
    pub name: Name<'a>,
    /// The id written after `#`, if any.
    pub declared_id: Option<Id>,
    /// The CRC32 of the normalized definition (see the `id` module).
    pub computed_id: u32,
    /// `{X:Type}` declarations, in order.
    pub generics: Vec<GenericParam<'a>>,
    /// The parameters, in order (the `flags:#` fields included).
    pub params: Vec<Param<'a>>,
    /// The type after `=`, e.g. `auth.SentCode` or `Vector t`.
    pub result: TypeExpr<'a>,
    /// Documentation attached to this definition by the comments just above it.
    pub doc: Doc<'a>,
    /// From the first character of the name to the `;` inclusive.
    pub span: Span,
}

impl Definition<'_> {
    /// The id the wire uses: the declared one where there is one, else the computed one.
    pub fn id(&self) -> u32 {
        self.declared_id.map_or(self.computed_id, |id| id.value)
    }
}

/// A declared constructor id (`#1cb5c415`) and where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Id {
    pub value: u32,
    pub span: Span,
}

/// What kind of line a definition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DefinitionKind {
    /// An ordinary constructor or function whose params are all `name:Type` fields.
    Regular,
    /// A built-in line whose right side is `?` (`int ? = Int;`): the type is primitive.
    BuiltinPrimitive,
    /// A built-in line with a repetition (`vector {t:Type} # [ t ] = Vector t;`,
    /// `int128 4*[ int ] = Int128;`): the type is defined by the runtime, not by the schema.
    BuiltinRepeat,
}

/// A `{X:Type}` declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct GenericParam<'a> {
    /// `X`
    pub name: &'a str,
    /// `Type` (or `#` for a natural-number generic)
    pub ty: &'a str,
    pub span: Span,
}

/// One parameter of a combinator.
#[derive(Debug, Clone, PartialEq)]
pub struct Param<'a> {
    /// The field name; `None` for an anonymous parameter (`getUsers (Vector int) = ...`,
    /// `int_tree IntTree int IntTree = IntTree`).
    pub name: Option<&'a str>,
    pub kind: ParamKind<'a>,
    /// The per-parameter doc text (TDLib's `@param_name text`), if any.
    pub doc: Option<DocText<'a>>,
    /// The whole parameter, `name:flags.0?Type` included.
    pub span: Span,
}

/// What a parameter holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamKind<'a> {
    /// `flags:#`: a 32-bit natural number whose bits other fields are conditional on.
    Nat,
    /// A field of a type, possibly conditional on a flag bit.
    Field {
        ty: TypeExpr<'a>,
        /// `flags.3?` in `name:flags.3?Type`.
        flag: Option<FlagRef<'a>>,
    },
    /// A repetition in a built-in line: `[ t ]` or `4*[ int ]` (never in a `Regular` definition).
    Repeat {
        /// `4` in `4*[ int ]`; `None` for `[ t ]`, whose count is the preceding `#` parameter.
        count: Option<u32>,
        items: Vec<TypeExpr<'a>>,
    },
}

/// `flags.3?` in `name:flags.3?Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlagRef<'a> {
    /// The `#` field holding the bit, e.g. `flags` or `flags2`.
    pub field: &'a str,
    /// The bit number as written (validation checks it is 0..=31).
    pub bit: u32,
    pub span: Span,
}

/// A type as written in a parameter or result: `Vector<InputUser>`, `%Message`, `!X`, `#`, `flags.0?true`'s `true`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr<'a> {
    /// The type's name; `#` is written as a name with `name == "#"`.
    pub name: Name<'a>,
    /// `%` was written before the name: the bare form of a boxed type.
    pub percent: bool,
    /// `!` was written before the name: a generic parameter taken as an already-serialized call (`!X`).
    pub bang: bool,
    /// Type arguments: `<A, B>`, or `Vector t` / `(Vector t)` juxtaposition.
    pub args: Vec<TypeExpr<'a>>,
    pub span: Span,
}

impl TypeExpr<'_> {
    /// Bare by TL's rules: a `%` prefix, or a name starting with a lowercase letter
    /// (`int`, `string`, `vector<...>`, `future_salt`).
    pub fn is_bare(&self) -> bool {
        self.percent || self.name.starts_lowercase()
    }

    /// Whether this is `#` (the natural-number type).
    pub fn is_nat(&self) -> bool {
        self.name.namespace.is_none() && self.name.name == "#"
    }
}

impl fmt::Display for TypeExpr<'_> {
    /// Writes the type in the normalized form the id computation uses: `Vector<long>` as `Vector long`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bang {
            f.write_str("!")?;
        }
        if self.percent {
            f.write_str("%")?;
        }
        write!(f, "{}", self.name)?;
        for arg in &self.args {
            write!(f, " {arg}")?;
        }
        Ok(())
    }
}

/// A doc text and where it was written. `text` borrows from the source when it is one line, and is
/// joined into an owned string when a comment continues over several lines.
#[derive(Debug, Clone, PartialEq)]
pub struct DocText<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub span: Span,
}

/// Documentation attached to a definition by the comments right above it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc<'a> {
    /// The description: TDLib's `//@description ...`, or the text of plain `//` comment lines
    /// directly above the definition (no blank line between).
    pub description: Option<DocText<'a>>,
    /// Other `@key value` pairs that are not parameter docs (`@class` excluded), e.g. TON's tags.
    pub tags: Vec<(&'a str, DocText<'a>)>,
}

/// Documentation of a boxed type, from TDLib's `//@class Name @description text`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDoc<'a> {
    pub name: &'a str,
    pub description: DocText<'a>,
    pub span: Span,
}
