//! The intermediate representation: a schema resolved into Rust terms, ready for the emitters.
//!
//! Lowering (`crate::lower`) decides everything here: Rust names, which TL types are primitives,
//! which fields are boxed to break recursion, and how fields sharing a flag bit are grouped. The
//! emitters then only print; they make no decisions about the schema.

/// The whole schema in Rust terms.
#[derive(Debug, Clone)]
pub struct Ir {
    /// `// LAYER N` of the first schema that declares one.
    pub layer: Option<u32>,
    /// The schema files the IR was built from, as named to the parser (for the `@generated` header).
    pub sources: Vec<String>,
    /// Constructor structs, in schema order.
    pub constructors: Vec<Combinator>,
    /// Function structs, in schema order.
    pub functions: Vec<Combinator>,
    /// One enum per boxed type that has constructors, in order of first appearance.
    pub enums: Vec<BoxedEnum>,
    /// Constructors of `Bool` (`boolTrue`, `boolFalse`): no struct (Rust's `bool` stands for the
    /// type), but the registry names and decodes them. `(id, TL name)`.
    pub bool_constructors: Vec<(u32, String)>,
    /// Ids that definitions of different names share (TDLib's `...Prefix` functions), sorted, each
    /// with the TL name of the one that owns it (`tl_parser::shared_id_owners`): the registry lists
    /// only the owner under such an id. `(id, TL name)`.
    pub shared_ids: Vec<(u32, String)>,
}

/// A Rust module path below the crate root, e.g. `["types", "auth"]`.
pub type ModulePath = Vec<String>;

/// Which of the three top-level modules an item lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Types,
    Enums,
    Functions,
}

impl Kind {
    pub fn module_name(self) -> &'static str {
        match self {
            Kind::Types => "types",
            Kind::Enums => "enums",
            Kind::Functions => "functions",
        }
    }
}

/// Where a generated item lives: its kind, its TL namespace (if any) and its Rust name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ItemPath {
    pub kind: Kind,
    /// The TL namespace turned into a module name, e.g. `auth`.
    pub namespace: Option<String>,
    /// The Rust type name, e.g. `SentCode`.
    pub name: String,
}

/// A constructor or a function: one struct with a bare serializer and deserializer.
#[derive(Debug, Clone)]
pub struct Combinator {
    pub path: ItemPath,
    /// The full TL name, e.g. `auth.sentCode`.
    pub tl_name: String,
    pub id: u32,
    /// The definition as written in the schema, whitespace folded, for the rustdoc.
    pub tl_line: String,
    /// The schema's own documentation of the definition, if any.
    pub doc: Option<String>,
    /// Generic type parameters (`X` of `{X:Type}`), in order.
    pub generics: Vec<String>,
    /// Parameters in wire order.
    pub params: Vec<WireParam>,
    /// Struct fields in declaration order (TL order of each field's first parameter).
    pub fields: Vec<Field>,
    /// Accessors for `flags.N?true` parameters implied by another field's presence.
    pub implied_flags: Vec<ImpliedFlag>,
    /// For a constructor: the enum it belongs to. For a function: what it returns.
    pub result: ResultKind,
    /// Whether decoding this struct's bare form must count toward the nesting limit (it can
    /// recurse into itself without passing through an enum that counts).
    pub guard_depth: bool,
}

impl Combinator {
    /// Whether this is a function (a method), not a constructor.
    pub fn is_function(&self) -> bool {
        matches!(self.result, ResultKind::Function { .. })
    }
}

/// What a combinator's result is.
#[derive(Debug, Clone)]
pub enum ResultKind {
    /// A constructor of the boxed type at this enum path (`None` for a constructor of `Object`).
    Constructor { enum_path: Option<ItemPath> },
    /// A function returning this type.
    Function { returns: Ty },
}

/// One parameter on the wire, in TL order.
#[derive(Debug, Clone)]
pub enum WireParam {
    /// A `name:#` flags word: computed from the fields on serialize, read into a local on deserialize.
    Flags { local: String },
    /// A value: read or written at this position.
    Value {
        /// The TL parameter name (for diagnostics and docs).
        tl_name: String,
        ty: Ty,
        /// Where the value lives in the struct.
        access: Access,
    },
    /// A `flags.N?true` parameter: no bytes on the wire, only its bit.
    TrueFlag,
}

/// Where a wire value lives in the struct.
#[derive(Debug, Clone)]
pub enum Access {
    /// `self.field`, always present.
    Plain { field: String },
    /// `self.field: Option<T>`, present when `flags_local` has `bit` set.
    Optional {
        field: String,
        flags_local: String,
        bit: u32,
    },
    /// `self.group: Option<Group>`, member `member` of the group, present when the bit is set.
    GroupMember {
        group: String,
        member: String,
        flags_local: String,
        bit: u32,
    },
}

/// A struct field.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub kind: FieldKind,
    /// The schema's doc text for the parameter(s), if any.
    pub doc: Option<String>,
    /// The TL parameters this field carries, as written (`views:flags.10?int`), for the rustdoc.
    pub tl_params: Vec<String>,
}

/// What a struct field holds.
#[derive(Debug, Clone)]
pub enum FieldKind {
    /// `T`, always present.
    Plain(Ty),
    /// `Option<T>` for `flags.N?T`.
    Optional(Ty),
    /// `bool` for `flags.N?true` (the bit itself), or for several `true` params on one bit.
    Flag { flags_local: String, bit: u32 },
    /// `Option<Group>` for several non-`true` params on one bit: all present or all absent.
    Group { group: Group },
}

/// Fields that share one flag bit, as one struct so that a user can only set all or none of them.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group struct's path (it lives next to the combinator's struct).
    pub path: ItemPath,
    pub flags_local: String,
    pub bit: u32,
    pub members: Vec<GroupMember>,
}

/// One member of a [`Group`].
#[derive(Debug, Clone)]
pub struct GroupMember {
    pub name: String,
    pub ty: Ty,
    pub tl_param: String,
    pub doc: Option<String>,
}

/// A `flags.N?true` parameter whose bit is set exactly when another field is present.
#[derive(Debug, Clone)]
pub struct ImpliedFlag {
    /// The accessor method's name.
    pub name: String,
    /// The field whose presence sets the bit.
    pub implied_by: String,
    pub tl_param: String,
}

/// A Rust type for a TL type, with how it is read and written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `int` -> `i32`
    Int,
    /// `long` -> `i64`
    Long,
    /// `double` -> `f64`
    Double,
    /// `int128` -> `[u8; 16]`
    Int128,
    /// `int256` -> `[u8; 32]`
    Int256,
    /// `int512` (TDLib's e2e_api.tl: `int512 16*[ int ] = Int512;`) -> `[u8; 64]`
    Int512,
    /// `string` -> `String`
    String,
    /// `bytes` -> `Vec<u8>`
    Bytes,
    /// `Bool` -> `bool` (boolTrue / boolFalse)
    Bool,
    /// `Vector<T>` (boxed: with the vector id) or `vector<T>` (bare) -> `Vec<T>`.
    Vector { boxed: bool, item: Box<Ty> },
    /// A boxed TL type -> its enum; `heap` boxes it (`Box<T>`) to break a recursion.
    Enum { path: ItemPath, heap: bool },
    /// A bare constructor (`%T` or a lowercase constructor name) -> its struct, written without id.
    Bare { path: ItemPath, heap: bool },
    /// A generic parameter `X` of `{X:Type}` (`!X` in the params).
    Generic(String),
    /// TL's `Object`: any boxed value of the schema, decoded by id.
    Object,
}

impl Ty {
    /// The number of bytes a value of this type always takes, if fixed.
    pub fn fixed_len(&self) -> Option<usize> {
        match self {
            Ty::Int | Ty::Bool => Some(4),
            Ty::Long | Ty::Double => Some(8),
            Ty::Int128 => Some(16),
            Ty::Int256 => Some(32),
            Ty::Int512 => Some(64),
            _ => None,
        }
    }

    /// Whether the value is held behind a `Box`.
    pub fn is_heap(&self) -> bool {
        matches!(
            self,
            Ty::Enum { heap: true, .. } | Ty::Bare { heap: true, .. }
        )
    }
}

/// One enum per boxed type.
#[derive(Debug, Clone)]
pub struct BoxedEnum {
    pub path: ItemPath,
    /// The TL type name, e.g. `auth.SentCode`.
    pub tl_name: String,
    /// Documentation from TDLib's `//@class`, if any.
    pub doc: Option<String>,
    pub variants: Vec<Variant>,
    /// Whether decoding counts toward the nesting limit (the type can contain itself).
    pub guard_depth: bool,
}

/// A variant of a [`BoxedEnum`]: one constructor.
#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    /// The constructor struct.
    pub path: ItemPath,
    pub id: u32,
    pub tl_name: String,
    /// Held as `Box<struct>`: the struct is large (see `lower::size`).
    pub boxed: bool,
}
