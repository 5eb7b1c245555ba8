//! One side of a diff: a schema lowered to the IR, kept as the facts a diff compares (Rust paths,
//! field types, boxing, flag groups, wire shapes) next to the TL text they came from.

use std::fmt::Write as _;
use std::path::Path;

use tlgen_parser::{Category, Definition, DefinitionKind, ParamKind, Schema};

use super::model::Side;
use super::ty::{path, rust, same_bytes, same_rust};
use crate::Error;
use crate::ir::{Access, Combinator, FieldKind, Ir, ItemPath, ResultKind, Ty, WireParam};

/// A schema, loaded for a diff: what the generator makes of it, as facts to compare.
#[derive(Debug, Clone)]
pub struct Layer {
    pub(crate) side: Side,
    /// The schema's warnings (such as declared ids that differ from computed ones), rendered.
    pub(crate) warnings: String,
    pub(crate) types: Vec<TypeFacts>,
    pub(crate) constructors: Vec<DefFacts>,
    pub(crate) functions: Vec<DefFacts>,
}

/// A boxed type: its enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeFacts {
    pub tl_name: String,
    pub path: ItemPath,
    pub variants: Vec<VariantFacts>,
}

/// A variant of a type's enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VariantFacts {
    /// The constructor's TL name.
    pub constructor: String,
    /// The variant's Rust name.
    pub name: String,
    /// The constructor's struct.
    pub path: ItemPath,
    /// Held as `Box<struct>`.
    pub boxed: bool,
}

impl TypeFacts {
    /// `enums::auth::SentCode`
    pub fn rust(&self) -> String {
        path(&self.path)
    }

    /// The constructor of a type of one constructor, whose Rust type is an alias of its struct.
    pub fn alias_of(&self) -> Option<&VariantFacts> {
        match self.variants.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// What the type is in Rust: `enum`, or `alias` of a struct.
    pub fn kind(&self) -> &'static str {
        if self.alias_of().is_some() {
            "alias"
        } else {
            "enum"
        }
    }
}

impl VariantFacts {
    /// What the variant holds: `types::Message` or `Box<types::Message>`.
    pub fn holds(&self) -> String {
        if self.boxed {
            format!("Box<{}>", path(&self.path))
        } else {
            path(&self.path)
        }
    }
}

/// A constructor or a function: its struct, and its TL definition. The IR's values are moved in,
/// and rendered as text only for a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DefFacts {
    pub tl_name: String,
    /// The TL line, whitespace folded.
    pub line: String,
    pub id: u32,
    /// The struct.
    pub path: ItemPath,
    pub generics: Vec<String>,
    /// The result type as written in TL (`auth.SentCode`, `Vector<User>`).
    pub result_tl: String,
    /// The result type normalized (`Vector User`), where it is written otherwise, to compare.
    pub result_normalized: Option<String>,
    pub result: ResultFacts,
    /// Parameters in TL (wire) order, the flags words included.
    pub params: Vec<ParamFacts>,
    /// Struct fields in declaration order.
    pub fields: Vec<FieldFacts>,
    /// Accessor methods for `flags.N?true` parameters implied by another field (`bot()`).
    pub accessors: Vec<String>,
}

/// What a definition results in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ResultFacts {
    /// A constructor of the type with this enum (`None`: a constructor of `Object`).
    Constructor(Option<ItemPath>),
    /// A function with this `RemoteCall::Return`.
    Function(Ty),
}

impl ResultFacts {
    /// The Rust type: the enum, or the return type.
    pub fn rust(&self) -> String {
        match self {
            ResultFacts::Constructor(Some(p)) => path(p),
            ResultFacts::Constructor(None) => "Object".to_owned(),
            ResultFacts::Function(ty) => rust(ty),
        }
    }
}

/// One TL parameter, with where the generated struct keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParamFacts {
    /// The parameter as TL writes it: `views:flags.10?int` (its type whitespace folded).
    pub text: String,
    /// `argN` for an anonymous parameter, whose text has no name.
    anonymous: Option<String>,
    /// `text[..name_len]` is the name (when not anonymous).
    name_len: usize,
    /// `text[word]` is the flags word of a conditional parameter, with its bit.
    flag: Option<(std::ops::Range<usize>, u32)>,
    /// `text[ty_start..]` is the type as written: `Vector<long>`, `#`, `true`.
    ty_start: usize,
    /// The type normalized as the id computation reads it (`Vector long`), where that is not
    /// how it is written.
    ty_normalized: Option<String>,
    /// What is written on the wire.
    pub wire: Wire,
    /// The struct field that holds it (a group field for a group member), or `name()` for an
    /// implied accessor; `None` for a flags word.
    pub home: Option<String>,
}

impl ParamFacts {
    /// The TL name (`argN` for an anonymous one).
    pub fn name(&self) -> &str {
        match &self.anonymous {
            Some(name) => name,
            None => &self.text[..self.name_len],
        }
    }

    /// The type as written.
    pub fn ty(&self) -> &str {
        &self.text[self.ty_start..]
    }

    /// The type as the id computation reads it.
    pub fn normalized(&self) -> &str {
        self.ty_normalized.as_deref().unwrap_or(self.ty())
    }

    /// `(flags word, bit)` of a conditional parameter.
    pub fn flag(&self) -> Option<(&str, u32)> {
        self.flag
            .as_ref()
            .map(|(word, bit)| (&self.text[word.clone()], *bit))
    }
}

/// What a parameter writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Wire {
    /// A flags word.
    Flags,
    /// A `flags.N?true`: only its bit.
    True,
    /// A value of this type.
    Value(Ty),
}

impl Wire {
    /// Whether the two write the same bytes for the same value.
    pub fn same_bytes(&self, other: &Wire) -> bool {
        match (self, other) {
            (Wire::Value(a), Wire::Value(b)) => same_bytes(a, b),
            (a, b) => a == b,
        }
    }
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldFacts {
    pub name: String,
    pub ty: FieldTy,
}

/// A field's type, as the IR has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldTy {
    /// `T`
    Plain(Ty),
    /// `Option<T>`
    Optional(Ty),
    /// `bool`
    Flag,
    /// `Option<Group>`: the group struct and its members.
    Group {
        path: ItemPath,
        members: Vec<(String, Ty)>,
    },
}

impl FieldTy {
    /// Whether the two are one Rust type (see [`same_rust`]).
    pub fn same_rust(&self, other: &FieldTy) -> bool {
        match (self, other) {
            (FieldTy::Plain(a), FieldTy::Plain(b))
            | (FieldTy::Optional(a), FieldTy::Optional(b)) => same_rust(a, b),
            // `Bool` and a `flags.N?true` are both `bool`.
            (
                FieldTy::Flag | FieldTy::Plain(Ty::Bool),
                FieldTy::Flag | FieldTy::Plain(Ty::Bool),
            ) => true,
            (
                FieldTy::Group {
                    path: a,
                    members: x,
                },
                FieldTy::Group {
                    path: b,
                    members: y,
                },
            ) => {
                a == b
                    && x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|((m, s), (n, t))| m == n && same_rust(s, t))
            }
            _ => false,
        }
    }
}

impl FieldFacts {
    /// Whether `Type::new(..)` takes it (a field that is not `Option` or a flag `bool`).
    pub fn required(&self) -> bool {
        matches!(self.ty, FieldTy::Plain(_))
    }

    /// The field's Rust type: `i32`, `Option<Vec<enums::User>>`, `bool`,
    /// `Option<types::MessageViewsForwards>`.
    pub fn rust(&self) -> String {
        match &self.ty {
            FieldTy::Plain(ty) => rust(ty),
            FieldTy::Optional(ty) => format!("Option<{}>", rust(ty)),
            FieldTy::Flag => "bool".to_owned(),
            FieldTy::Group { path: p, .. } => format!("Option<{}>", path(p)),
        }
    }

    /// A flag group's members, `views: i32, forwards: i32`; empty for other fields.
    pub fn members(&self) -> String {
        match &self.ty {
            FieldTy::Group { members, .. } => members
                .iter()
                .map(|(name, ty)| format!("{name}: {}", rust(ty)))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }
}

impl DefFacts {
    /// `types::auth::SentCode`
    pub fn rust(&self) -> String {
        path(&self.path)
    }

    /// The result type as the id computation reads it.
    pub fn result_normalized(&self) -> &str {
        self.result_normalized.as_deref().unwrap_or(&self.result_tl)
    }
    /// Whether the struct has an optional field, and so a `Type::new(required fields)`.
    pub fn has_new(&self) -> bool {
        self.fields.iter().any(|f| !f.required())
    }

    pub fn field(&self, name: &str) -> Option<&FieldFacts> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl Layer {
    /// Reads, parses, validates and lowers schema files, as `tlgen generate` would.
    ///
    /// ```no_run
    /// use tlgen_codegen::diff::{Format, Layer};
    ///
    /// let old = Layer::from_files(&["old/api.tl"])?;
    /// let new = Layer::from_files(&["schema/api.tl", "schema/mtproto.tl"])?;
    /// print!("{}", tlgen_codegen::diff::diff(&old, &new).render(Format::Markdown));
    /// # Ok::<(), tlgen_codegen::Error>(())
    /// ```
    pub fn from_files<P: AsRef<Path>>(paths: &[P]) -> Result<Self, Error> {
        let mut texts = Vec::with_capacity(paths.len());
        for path in paths {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })?;
            texts.push((path.display().to_string().replace('\\', "/"), text));
        }
        Self::from_texts(&texts)
    }

    /// Parses, validates and lowers schema texts held in memory: `(name, text)`, the name for
    /// diagnostics and the report.
    pub fn from_texts<N: AsRef<str>, T: AsRef<str>>(texts: &[(N, T)]) -> Result<Self, Error> {
        if texts.is_empty() {
            return Err(Error::Config("no schema given".into()));
        }
        let borrowed: Vec<(&str, &str)> = texts
            .iter()
            .map(|(n, t)| (n.as_ref(), t.as_ref()))
            .collect();
        let parsed = tlgen_parser::parse_files(&borrowed).map_err(Error::Schema)?;
        let mut layer = Self::from_schemas(&parsed.schemas)?;
        layer.warnings = parsed.warnings.to_string();
        Ok(layer)
    }

    /// Lowers schemas already parsed and validated together.
    pub fn from_schemas(schemas: &[Schema<'_>]) -> Result<Self, Error> {
        let ir = crate::lower::lower(schemas)?;
        Ok(Self::from_ir(schemas, ir))
    }

    /// The files and layer of this side.
    pub fn side(&self) -> &Side {
        &self.side
    }

    /// The schema's warnings, rendered (empty when there are none).
    pub fn warnings(&self) -> &str {
        &self.warnings
    }

    fn from_ir(schemas: &[Schema<'_>], ir: Ir) -> Self {
        let Ir {
            layer,
            sources,
            constructors,
            functions,
            enums,
            ..
        } = ir;
        let mut definitions = Definitions::new(schemas);
        let types = enums
            .into_iter()
            .map(|e| TypeFacts {
                tl_name: e.tl_name,
                path: e.path,
                variants: e
                    .variants
                    .into_iter()
                    .map(|v| VariantFacts {
                        constructor: v.tl_name,
                        name: v.name,
                        path: v.path,
                        boxed: v.boxed,
                    })
                    .collect(),
            })
            .collect();
        let mut facts = |c: Combinator| {
            let (schema, def) = definitions.of(&c);
            def_facts(schema, def, c)
        };
        Self {
            side: Side {
                files: sources,
                layer,
            },
            warnings: String::new(),
            types,
            constructors: constructors.into_iter().map(&mut facts).collect(),
            functions: functions.into_iter().map(&mut facts).collect(),
        }
    }
}

/// Finds the parsed definition of each lowered combinator. Lowering keeps schema order, so the
/// next definition of the same category is nearly always the one; a lookup by name covers any
/// other order.
struct Definitions<'s, 'a> {
    /// Regular definitions in schema order, per category (constructors, functions).
    ordered: [Vec<(&'s Schema<'a>, &'s Definition<'a>)>; 2],
    next: [usize; 2],
}

impl<'s, 'a> Definitions<'s, 'a> {
    fn new(schemas: &'s [Schema<'a>]) -> Self {
        let mut ordered = [Vec::new(), Vec::new()];
        for schema in schemas {
            for def in &schema.definitions {
                if def.kind == DefinitionKind::Regular {
                    ordered[usize::from(def.category == Category::Function)].push((schema, def));
                }
            }
        }
        Self {
            ordered,
            next: [0, 0],
        }
    }

    fn of(&mut self, c: &Combinator) -> (&'s Schema<'a>, &'s Definition<'a>) {
        let category = usize::from(c.is_function());
        let defs = &self.ordered[category];
        let same = |&(_, def): &(&Schema<'a>, &Definition<'a>)| is_named(def, &c.tl_name);
        let at = (self.next[category]..defs.len())
            .find(|&i| same(&defs[i]))
            .or_else(|| defs.iter().position(same))
            .expect("every lowered combinator comes from a regular definition");
        self.next[category] = at + 1;
        defs[at]
    }
}

/// Whether `def` is named `full` (`ns.name`, or `name` without a namespace).
fn is_named(def: &Definition<'_>, full: &str) -> bool {
    match def.name.namespace {
        None => def.name.name == full,
        Some(ns) => full
            .strip_prefix(ns)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|name| name == def.name.name),
    }
}

/// `text` with each run of whitespace made one space, and none at either end.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends [`fold`]`(text)` to `out`.
fn fold_into(text: &str, out: &mut String) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

fn def_facts(schema: &Schema<'_>, def: &Definition<'_>, mut c: Combinator) -> DefFacts {
    // Lowering turns each parameter into exactly one wire param, in order.
    let lowered = std::mem::take(&mut c.params);
    let params = def
        .params
        .iter()
        .zip(lowered)
        .enumerate()
        .map(|(i, (param, lowered))| {
            let raw = &schema.source[param.span.range()];
            let mut text = String::with_capacity(raw.len());
            if let Some(name) = param.name {
                text.push_str(name);
                text.push(':');
            }
            let name_len = param.name.map_or(0, str::len);
            let (flag, ty_start, ty_normalized) = match &param.kind {
                ParamKind::Field { ty, flag } => {
                    let flag = flag.map(|f| {
                        let start = text.len();
                        text.push_str(f.field);
                        let word = start..text.len();
                        let _ = write!(text, ".{}?", f.bit);
                        (word, f.bit)
                    });
                    let start = text.len();
                    fold_into(&schema.source[ty.span.range()], &mut text);
                    let normalized = ty.to_string();
                    let differs = normalized != text[start..];
                    (flag, start, differs.then_some(normalized))
                }
                _ => {
                    text.push('#');
                    (None, text.len() - 1, None)
                }
            };
            let (wire, home) = match lowered {
                WireParam::Flags { .. } => (Wire::Flags, None),
                WireParam::Value { ty, access, .. } => {
                    let home = match access {
                        Access::Plain { field } | Access::Optional { field, .. } => field,
                        Access::GroupMember { group, .. } => group,
                    };
                    (Wire::Value(ty), Some(home))
                }
                WireParam::TrueFlag => (Wire::True, true_flag_home(&c, raw)),
            };
            ParamFacts {
                anonymous: param.name.is_none().then(|| format!("arg{i}")),
                name_len,
                flag,
                ty_start,
                ty_normalized,
                text,
                wire,
                home,
            }
        })
        .collect();
    let result_tl = fold(&schema.source[def.result.span.range()]);
    let result_normalized = def.result.to_string();
    DefFacts {
        path: c.path,
        fields: c.fields.into_iter().map(field_facts).collect(),
        accessors: c
            .implied_flags
            .iter()
            .map(|f| format!("{}()", f.name))
            .collect(),
        tl_name: c.tl_name,
        line: c.tl_line,
        id: c.id,
        generics: c.generics,
        result_normalized: (result_normalized != result_tl).then_some(result_normalized),
        result_tl,
        result: match c.result {
            ResultKind::Constructor { enum_path } => ResultFacts::Constructor(enum_path),
            ResultKind::Function { returns } => ResultFacts::Function(returns),
        },
        params,
    }
}

/// The `bool` field or the accessor that a `flags.N?true` parameter (written `raw`) became.
fn true_flag_home(c: &Combinator, raw: &str) -> Option<String> {
    let field = c
        .fields
        .iter()
        .find(|f| matches!(f.kind, FieldKind::Flag { .. }) && f.tl_params.iter().any(|p| p == raw));
    if let Some(field) = field {
        return Some(field.name.clone());
    }
    c.implied_flags
        .iter()
        .find(|f| f.tl_param == raw)
        .map(|f| format!("{}()", f.name))
}

fn field_facts(f: crate::ir::Field) -> FieldFacts {
    let ty = match f.kind {
        FieldKind::Plain(ty) => FieldTy::Plain(ty),
        FieldKind::Optional(ty) => FieldTy::Optional(ty),
        FieldKind::Flag { .. } => FieldTy::Flag,
        FieldKind::Group { group } => FieldTy::Group {
            path: group.path,
            members: group.members.into_iter().map(|m| (m.name, m.ty)).collect(),
        },
    };
    FieldFacts { name: f.name, ty }
}
