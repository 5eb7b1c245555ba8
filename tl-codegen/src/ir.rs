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
    /// with the TL name of the one that owns it (`tlgen_parser::shared_id_owners`): the registry lists
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
    /// The flags words (`name:#` params), in wire order, with what coding them needs.
    pub flags_words: Vec<FlagsWord>,
    /// How the encoder writes the params, in wire order (computed by `lower::plan`).
    pub encode: Vec<EncodeStep>,
    /// How the decoder reads them, in wire order (computed by `lower::plan`).
    pub decode: Vec<DecodeStep>,
    /// Whether the struct derives `Default`: every field has a default (`lower::api`).
    pub derives_default: bool,
    /// Whether the struct gets `new(required fields)`, every optional field empty: it has
    /// optional fields, so that values built with `..Type::new(..)` survive new ones.
    pub new_fn: bool,
    /// For the only constructor of a boxed type (whose struct the type's alias names): the
    /// type's TL name, what an unknown id read in the struct's place is reported against.
    pub sole_of_type: Option<String>,
}

impl Combinator {
    /// Whether this is a function (a method), not a constructor.
    pub fn is_function(&self) -> bool {
        matches!(self.result, ResultKind::Function { .. })
    }
}

/// A flags word (`flags:#`) of a combinator, with what encoders and decoders need to know of it.
#[derive(Debug, Clone)]
pub struct FlagsWord {
    /// The local holding the word in generated code.
    pub local: String,
    /// The `bool` fields of `flags.N?true` params on this word, `(bit, field)` in bit order: their
    /// bits are known before anything is written.
    pub true_flags: Vec<(u32, String)>,
    /// Whether optional fields or groups set bits of this word as each present one is written;
    /// then the word is written as a placeholder and filled in once they are.
    pub presence_bits: bool,
}

impl FlagsWord {
    /// Whether any field depends on the word (else a decoder reads it and drops it).
    pub fn is_used(&self) -> bool {
        self.presence_bits || !self.true_flags.is_empty()
    }
}

/// Where an encoder finds a value: a field of the struct, or a member of a group bound to `g`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// `self.field`
    Field(String),
    /// `g.member`, inside the group's `if let Some(g)`.
    Member(String),
}

/// One step of a combinator's encoder.
#[derive(Debug, Clone)]
pub enum EncodeStep {
    /// Fixed-size values written with one bounds check (`Writer::put_fixed`).
    Run(Run),
    /// One value whose length varies.
    Value { place: Place, ty: Ty },
    /// `self.field: Option<T>`: written, and its bit set, when present.
    Optional {
        field: String,
        ty: Ty,
        flags_local: String,
        bit: u32,
    },
    /// A group of fields on one bit: written, and the bit set, when present. The members' steps
    /// hold [`Place::Member`]s.
    Group {
        field: String,
        flags_local: String,
        bit: u32,
        steps: Vec<EncodeStep>,
    },
}

/// Consecutive fixed-size values (`int`, `long`, `Bool`, ... and flags words) written together,
/// with one bounds check instead of one each (at most `lower::plan::MAX_RUN` values, the
/// constructor id included).
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Whether the run starts with the prefix (the constructor id, or nothing when bare) that
    /// `write_prefixed` takes: the encoder's first run does.
    pub prefix: bool,
    pub items: Vec<RunItem>,
}

/// One value of a [`Run`].
#[derive(Debug, Clone)]
pub enum RunItem {
    /// A fixed-size value.
    Value(Place),
    /// A flags word whose bits are all known up front (its `true` flags, or none).
    KnownFlags(String),
    /// A flags word written as `0` and filled in once its fields are written; its slot is
    /// `offset` bytes after the run's first placeholder (placeholders come first in a run, after
    /// the prefix).
    Placeholder { local: String, offset: usize },
}

/// One step of a combinator's decoder.
#[derive(Debug, Clone)]
pub enum DecodeStep {
    /// Fixed-size values read with one bounds check (`Reader::read_fixed`), 2 to `MAX_RUN`.
    Run(Vec<FixedRead>),
    /// One fixed-size value or flags word read alone.
    Fixed(FixedRead),
    /// A value read into `local`.
    Value { local: String, ty: Ty },
    /// An optional value (or group member) read into `local: Option<T>` when its bit is set.
    Optional {
        local: String,
        ty: Ty,
        flags_local: String,
        bit: u32,
    },
}

/// A fixed-size value a decoder reads: a flags word, or an `int`, `long`, `double`, `int128` or
/// `int256` field (not a `Bool`, which can fail to decode).
#[derive(Debug, Clone)]
pub enum FixedRead {
    /// A flags word, bound to `local`; `None` where no field depends on it (read and dropped).
    Flags { local: Option<String> },
    /// A field's value, bound to `local`.
    Value { local: String, ty: Ty },
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
    /// The local a decoder reads the field into (its name, unless that is a local the decoder
    /// binds itself).
    pub local: String,
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
    /// The local a decoder reads the member into.
    pub local: String,
    pub ty: Ty,
    /// The TL parameter's name, or `_<position>` (from 1) for an anonymous one, as tlgen-codec
    /// names it in TL text and JSON.
    pub tl_name: String,
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
    /// Whether the Rust type is `Copy` (then accessors return it by value).
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            Ty::Int | Ty::Long | Ty::Double | Ty::Int128 | Ty::Int256 | Ty::Int512 | Ty::Bool
        )
    }

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

    /// The same type held inline (what a reference to a boxed value derefs to).
    pub fn unboxed(&self) -> Ty {
        match self {
            Ty::Enum { path, .. } => Ty::Enum {
                path: path.clone(),
                heap: false,
            },
            Ty::Bare { path, .. } => Ty::Bare {
                path: path.clone(),
                heap: false,
            },
            other => other.clone(),
        }
    }

    /// Whether the Rust type's own `Serialize` and `Deserialize` impls write and read this TL
    /// type: everything but bare constructors (whose impls are the boxed form), bare vectors
    /// (whose `Vec` impls are the boxed form) and boxed vectors of either. Those go through the
    /// runtime's `vector` functions, which are told the form of each level.
    pub fn is_self_coded(&self) -> bool {
        match self {
            Ty::Bare { .. } => false,
            Ty::Vector { boxed, item } => *boxed && item.is_self_coded(),
            _ => true,
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

/// One enum per boxed type (emitted as an alias of its struct when it has one constructor).
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
    /// Whether some field holds it as `Box<Self>` (to break a recursion): then its constructors
    /// also convert into that box, so that `.into()` fills the field.
    pub held_boxed: bool,
    /// Methods for the fields every constructor has with one Rust type (`lower::api`).
    pub accessors: Vec<Accessor>,
}

/// A method of a [`BoxedEnum`] reading a field that every constructor's struct has.
#[derive(Debug, Clone)]
pub struct Accessor {
    /// The field's (and the method's) name.
    pub name: String,
    pub kind: AccessorKind,
}

/// The Rust type an [`Accessor`] reads.
#[derive(Debug, Clone, PartialEq)]
pub enum AccessorKind {
    /// A field of this type.
    Plain(Ty),
    /// An `Option` of this type.
    Optional(Ty),
    /// A `bool` flag.
    Flag,
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
