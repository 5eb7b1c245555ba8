//! Emitters: IR -> formatted Rust text, one module of Rust per TL namespace and kind.
//!
//! Each submodule prints one concern (struct definitions, enums, serializers, deserializers, docs,
//! the id registry) through the [`code::Code`] writer. This module owns what they share: the
//! [`Ctx`] that spells paths and types, and the module tree they fill.

mod code;
mod de;
mod docs;
mod enums;
mod functions;
mod registry;
mod root;
mod ser;
mod structs;

use std::collections::BTreeMap;

pub use code::{Code, Joined};

use crate::ir::{Ir, ItemPath, Kind, Ty};

/// How generated code refers to things outside the module it is in.
#[derive(Debug, Clone)]
pub struct Options {
    /// The runtime crate's path, e.g. `::tl_runtime`.
    pub runtime: String,
    /// How to reach the generated root from anywhere: `Some("crate")` in a generated crate, `None`
    /// to use `super::super::...` so the code works wherever a build script's output is included
    /// (and then modules nest in one file, so code is indented by its module depth).
    pub root: Option<String>,
    /// Attributes put on every generated struct and enum (`#[derive(Hash)]`, `#[non_exhaustive]`...),
    /// as the user wrote them.
    pub type_attributes: Vec<String>,
    /// Whether functions get decoders (`BareDeserialize`, and entries in the decoder table behind
    /// `Object`). A client only ever encodes functions; leaving their decoders out makes the
    /// generated code cheaper to build.
    pub function_decoders: bool,
}

/// A namespace or chunk module holding more than this many items is split by first letter, so that
/// no generated file grows past a few thousand lines.
const CHUNK_THRESHOLD: usize = 150;

/// The most fixed-size values encoders and decoders read or write as one run
/// (`Writer::put_fixed`, `Reader::read_fixed`): the largest tuple the runtime's `Fixed` and
/// `FixedRead` are implemented for.
const MAX_RUN: usize = 8;

/// A module of generated code: its items and its submodules.
#[derive(Debug, Default)]
pub struct Module {
    /// Items of this module, in order, as text already indented for where the module is printed;
    /// an entry may hold several items (a struct and its impls).
    pub items: Vec<String>,
    /// Public submodules (namespaces) by name.
    pub children: BTreeMap<String, Module>,
    /// Private chunks whose items are re-exported here (`mod a; pub use a::*;`).
    pub chunks: BTreeMap<String, Module>,
}

/// What emitters need to print paths and types from one module.
pub struct Ctx<'o> {
    pub options: &'o Options,
    /// How many modules deep the code being emitted is, below the generated root.
    pub depth: usize,
}

impl Ctx<'_> {
    /// The runtime crate's path.
    pub fn rt(&self) -> &str {
        &self.options.runtime
    }

    /// A writer for one entry of this module, at the module's indentation: nested modules of a
    /// single file indent by depth; files of a crate start at the left margin.
    pub fn code(&self) -> Code {
        Code::new(if self.options.root.is_none() {
            self.depth
        } else {
            0
        })
    }

    /// The generated root: `crate`, or as many `super`s as the depth.
    pub fn root(&self) -> String {
        match &self.options.root {
            Some(root) => root.clone(),
            None if self.depth == 0 => "self".to_owned(),
            None => vec!["super"; self.depth].join("::"),
        }
    }

    /// The path of a generated item, e.g. `crate::types::auth::SentCode`.
    pub fn path(&self, path: &ItemPath) -> String {
        let root = self.root();
        let kind = path.kind.module_name();
        let name = &path.name;
        match &path.namespace {
            Some(ns) => format!("{root}::{kind}::{ns}::{name}"),
            None => format!("{root}::{kind}::{name}"),
        }
    }

    /// The Rust type of a TL type.
    pub fn ty(&self, ty: &Ty) -> String {
        match ty {
            Ty::Int => "i32".to_owned(),
            Ty::Long => "i64".to_owned(),
            Ty::Double => "f64".to_owned(),
            Ty::Int128 => "[u8; 16]".to_owned(),
            Ty::Int256 => "[u8; 32]".to_owned(),
            Ty::Int512 => "[u8; 64]".to_owned(),
            Ty::String => "String".to_owned(),
            Ty::Bytes => "Vec<u8>".to_owned(),
            Ty::Bool => "bool".to_owned(),
            Ty::Vector { item, .. } => format!("Vec<{}>", self.ty(item)),
            Ty::Enum { path, heap } | Ty::Bare { path, heap } => {
                let path = self.path(path);
                if *heap { format!("Box<{path}>") } else { path }
            }
            Ty::Generic(name) => name.clone(),
            Ty::Object => format!("{}::Object", self.root()),
        }
    }

    /// The type spelled so that `::deserialize` can follow it (`<[u8; 16]>`, `Vec::<i64>`).
    pub fn ty_path(&self, ty: &Ty) -> String {
        match ty {
            Ty::Int128 | Ty::Int256 | Ty::Int512 => format!("<{}>", self.ty(ty)),
            Ty::Vector { item, .. } => format!("Vec::<{}>", self.ty(item)),
            Ty::Bytes => "Vec::<u8>".to_owned(),
            Ty::Enum { path, .. } | Ty::Bare { path, .. } => self.path(path),
            _ => self.ty(ty),
        }
    }
}

/// One item to emit, by what it is.
enum Entry<'i> {
    Constructor(&'i crate::ir::Combinator),
    Function(&'i crate::ir::Combinator),
    Enum(&'i crate::ir::BoxedEnum),
}

/// A kind module and, within it, a namespace (`None` for the kind module itself).
type ModuleKey<'i> = (Kind, Option<&'i str>);

/// Emits the whole IR as a module tree rooted at the generated root.
pub fn emit(ir: &Ir, options: &Options) -> Module {
    let mut by_module: BTreeMap<ModuleKey<'_>, Vec<(&ItemPath, Entry<'_>)>> = BTreeMap::new();
    let entries = (ir
        .constructors
        .iter()
        .map(|c| (&c.path, Entry::Constructor(c))))
    .chain(ir.functions.iter().map(|c| (&c.path, Entry::Function(c))))
    .chain(ir.enums.iter().map(|e| (&e.path, Entry::Enum(e))));
    for (path, entry) in entries {
        by_module
            .entry((path.kind, path.namespace.as_deref()))
            .or_default()
            .push((path, entry));
    }

    let mut root = Module::default();
    for ((kind, namespace), entries) in by_module {
        let chunked = entries.len() > CHUNK_THRESHOLD;
        let depth = 1 + usize::from(namespace.is_some()) + usize::from(chunked);
        let ctx = Ctx { options, depth };
        let kind_module = root
            .children
            .entry(kind.module_name().to_owned())
            .or_default();
        let module = match namespace {
            Some(ns) => kind_module.children.entry(ns.to_owned()).or_default(),
            None => kind_module,
        };
        for (path, entry) in entries {
            let mut code = ctx.code();
            match entry {
                Entry::Constructor(c) => structs::combinator(&ctx, c, &mut code),
                Entry::Function(c) => {
                    structs::combinator(&ctx, c, &mut code);
                    functions::remote_call(&ctx, c, &mut code);
                }
                Entry::Enum(e) => enums::boxed_enum(&ctx, e, &mut code),
            }
            let target = if chunked {
                module.chunks.entry(chunk_name(&path.name)).or_default()
            } else {
                &mut *module
            };
            target.items.push(code.into_string());
        }
    }
    let ctx = Ctx { options, depth: 0 };
    let mut code = ctx.code();
    root::items(ir, &mut code);
    registry::registry(&ctx, ir, &mut code);
    root.items.push(code.into_string());
    root
}

/// The chunk a name falls in: its first letter, lowercased.
pub fn chunk_name(name: &str) -> String {
    match name.trim_start_matches("r#").chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
        _ => "other".to_owned(),
    }
}
