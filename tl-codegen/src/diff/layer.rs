//! One side of a diff: a schema lowered to the IR, kept as the facts a diff compares (Rust paths,
//! field types, boxing, flag groups, wire shapes) next to the TL text they came from.

use std::path::Path;

use tl_parser::{Category, Definition, DefinitionKind, ParamKind, Schema};

use super::model::Side;
use super::ty::{path, rust, wire};
use crate::Error;
use crate::ir::{Combinator, FieldKind, Ir, ResultKind, WireParam};

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
    /// `enums::auth::SentCode`
    pub rust: String,
    pub variants: Vec<VariantFacts>,
}

/// A variant of a type's enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VariantFacts {
    /// The constructor's TL name.
    pub constructor: String,
    /// The variant's Rust name.
    pub name: String,
    /// What the variant holds: `types::Message` or `Box<types::Message>`.
    pub holds: String,
}

/// A constructor or a function: its struct, and its TL definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DefFacts {
    pub tl_name: String,
    /// The TL line, whitespace folded.
    pub line: String,
    pub id: u32,
    /// `types::auth::SentCode`
    pub rust: String,
    pub generics: Vec<String>,
    /// The result type as written in TL (`auth.SentCode`, `Vector<User>`).
    pub result_tl: String,
    /// The result type normalized (`Vector User`), to compare.
    pub result_normalized: String,
    /// A constructor: its type's enum (`None` for a constructor of `Object`). A function: its
    /// `RemoteCall::Return` type.
    pub result_rust: Option<String>,
    /// A function's result as the decoder reads it (`Vector<...>` and `vector<...>` differ).
    pub result_wire: String,
    /// Parameters in TL (wire) order, the flags words included.
    pub params: Vec<ParamFacts>,
    /// Struct fields in declaration order.
    pub fields: Vec<FieldFacts>,
    /// Accessor methods for `flags.N?true` parameters implied by another field (`bot()`).
    pub accessors: Vec<String>,
}

/// One TL parameter, with where the generated struct keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParamFacts {
    /// The TL name (`argN` for an anonymous one).
    pub name: String,
    /// The parameter as written, whitespace folded: `views:flags.10?int`.
    pub text: String,
    /// The type as written: `Vector<long>`, `#`, `true`.
    pub ty: String,
    /// The type normalized as the id computation reads it (`Vector long`), to compare.
    pub ty_normalized: String,
    /// `(flags word, bit)` of a conditional parameter.
    pub flag: Option<(String, u32)>,
    /// How its bytes are written: equal strings, equal bytes (`#`, `true`, `Vector<...>`, ...).
    pub wire: String,
    /// The struct field that holds it (a group field for a group member), or `name()` for an
    /// implied accessor; `None` for a flags word.
    pub home: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldFacts {
    pub name: String,
    /// The field's Rust type: `i32`, `Option<Vec<enums::User>>`, `bool`, `Option<types::MessageViewsForwards>`.
    pub rust: String,
    /// A flag group's members, `views: i32, forwards: i32`; empty for other fields.
    pub members: String,
    /// Whether `Type::new(..)` takes it (a field that is not `Option` or a flag `bool`).
    pub required: bool,
}

impl DefFacts {
    /// Whether the struct has an optional field, and so a `Type::new(required fields)`.
    pub fn has_new(&self) -> bool {
        self.fields.iter().any(|f| !f.required)
    }

    pub fn field(&self, name: &str) -> Option<&FieldFacts> {
        self.fields.iter().find(|f| f.name == name)
    }
}

impl Layer {
    /// Reads, parses, validates and lowers schema files, as `tlgen generate` would.
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
        let parsed = tl_parser::parse_files(&borrowed).map_err(Error::Schema)?;
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
            .iter()
            .map(|e| TypeFacts {
                tl_name: e.tl_name.clone(),
                rust: path(&e.path),
                variants: e
                    .variants
                    .iter()
                    .map(|v| VariantFacts {
                        constructor: v.tl_name.clone(),
                        name: v.name.clone(),
                        holds: if v.boxed {
                            format!("Box<{}>", path(&v.path))
                        } else {
                            path(&v.path)
                        },
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
    let folded = text.trim() == text
        && !text.contains("  ")
        && !text.contains(|c: char| c.is_whitespace() && c != ' ');
    if folded {
        return text.to_owned();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn def_facts(schema: &Schema<'_>, def: &Definition<'_>, c: Combinator) -> DefFacts {
    let (result_rust, result_wire) = match &c.result {
        ResultKind::Constructor { enum_path } => (enum_path.as_ref().map(path), String::new()),
        ResultKind::Function { returns } => (Some(rust(returns)), wire(returns)),
    };
    // Lowering turns each parameter into exactly one wire param, in order.
    let params = def
        .params
        .iter()
        .zip(&c.params)
        .enumerate()
        .map(|(i, (param, lowered))| {
            let raw = &schema.source[param.span.range()];
            let (ty, ty_normalized, flag) = match &param.kind {
                ParamKind::Field { ty, flag } => (
                    fold(&schema.source[ty.span.range()]),
                    ty.to_string(),
                    flag.map(|f| (f.field.to_owned(), f.bit)),
                ),
                _ => ("#".to_owned(), "#".to_owned(), None),
            };
            let (wire, home) = match lowered {
                WireParam::Flags { .. } => ("#".to_owned(), None),
                WireParam::Value { ty, access, .. } => {
                    let home = match access {
                        crate::ir::Access::Plain { field }
                        | crate::ir::Access::Optional { field, .. } => field,
                        crate::ir::Access::GroupMember { group, .. } => group,
                    };
                    (wire(ty), Some(home.clone()))
                }
                WireParam::TrueFlag => ("true".to_owned(), true_flag_home(&c, raw)),
            };
            ParamFacts {
                name: param.name.map_or_else(|| format!("arg{i}"), str::to_owned),
                text: fold(raw),
                ty,
                ty_normalized,
                flag,
                wire,
                home,
            }
        })
        .collect();
    DefFacts {
        rust: path(&c.path),
        fields: c.fields.iter().map(field_facts).collect(),
        accessors: c
            .implied_flags
            .iter()
            .map(|f| format!("{}()", f.name))
            .collect(),
        tl_name: c.tl_name,
        line: c.tl_line,
        id: c.id,
        generics: c.generics,
        result_tl: fold(&schema.source[def.result.span.range()]),
        result_normalized: def.result.to_string(),
        result_rust,
        result_wire,
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

fn field_facts(f: &crate::ir::Field) -> FieldFacts {
    let (rust, members) = match &f.kind {
        FieldKind::Plain(ty) => (rust(ty), String::new()),
        FieldKind::Optional(ty) => (format!("Option<{}>", rust(ty)), String::new()),
        FieldKind::Flag { .. } => ("bool".to_owned(), String::new()),
        FieldKind::Group { group } => (
            format!("Option<{}>", path(&group.path)),
            group
                .members
                .iter()
                .map(|m| format!("{}: {}", m.name, rust(&m.ty)))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    };
    FieldFacts {
        name: f.name.clone(),
        rust,
        members,
        required: matches!(f.kind, FieldKind::Plain(_)),
    }
}
