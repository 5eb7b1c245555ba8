//! Emitters: IR -> token streams, one module of Rust per TL namespace and kind.
//!
//! Each submodule prints one concern (struct definitions, enums, serializers, deserializers, docs,
//! the id registry). This module owns what they share: the [`Ctx`] that spells paths and types,
//! and the module tree they fill.

mod de;
mod docs;
mod enums;
mod functions;
mod registry;
mod root;
mod ser;
mod structs;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Ir, ItemPath, Kind, Ty};

/// How generated code refers to things outside the module it is in.
#[derive(Debug, Clone)]
pub struct Options {
    /// The runtime crate's path, e.g. `::tl_runtime`.
    pub runtime: TokenStream,
    /// How to reach the generated root from anywhere: `Some(crate)` in a generated crate, `None`
    /// to use `super::super::...` so the code works wherever a build script's output is included.
    pub root: Option<TokenStream>,
    /// Attributes put on every generated struct and enum (`#[derive(Hash)]`, `#[non_exhaustive]`...).
    pub type_attributes: Vec<TokenStream>,
}

/// A namespace or chunk module holding more than this many items is split by first letter, so that
/// no generated file grows past a few thousand lines.
const CHUNK_THRESHOLD: usize = 150;

/// A module of generated code: its items and its submodules.
#[derive(Debug, Default)]
pub struct Module {
    /// Items of this module, in order.
    pub items: Vec<TokenStream>,
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
    pub fn rt(&self) -> &TokenStream {
        &self.options.runtime
    }

    /// The generated root: `crate`, or as many `super`s as the depth.
    pub fn root(&self) -> TokenStream {
        match &self.options.root {
            Some(root) => root.clone(),
            None if self.depth == 0 => quote!(self),
            None => {
                let supers = std::iter::repeat_n(quote!(super), self.depth);
                quote!(#(#supers)::*)
            }
        }
    }

    /// The path of a generated item, e.g. `crate::types::auth::SentCode`.
    pub fn path(&self, path: &ItemPath) -> TokenStream {
        let root = self.root();
        let kind = format_ident!("{}", path.kind.module_name());
        let name = ident(&path.name);
        match &path.namespace {
            Some(ns) => {
                let ns = ident(ns);
                quote!(#root::#kind::#ns::#name)
            }
            None => quote!(#root::#kind::#name),
        }
    }

    /// The Rust type of a TL type.
    pub fn ty(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Int => quote!(i32),
            Ty::Long => quote!(i64),
            Ty::Double => quote!(f64),
            Ty::Int128 => quote!([u8; 16]),
            Ty::Int256 => quote!([u8; 32]),
            Ty::String => quote!(String),
            Ty::Bytes => quote!(Vec<u8>),
            Ty::Bool => quote!(bool),
            Ty::Vector { item, .. } => {
                let item = self.ty(item);
                quote!(Vec<#item>)
            }
            Ty::Enum { path, heap } | Ty::Bare { path, heap } => {
                let path = self.path(path);
                if *heap { quote!(Box<#path>) } else { path }
            }
            Ty::Generic(name) => {
                let name = ident(name);
                quote!(#name)
            }
            Ty::Object => {
                let root = self.root();
                quote!(#root::Object)
            }
        }
    }

    /// The type spelled so that `::deserialize` can follow it (`<[u8; 16]>`, `Vec::<i64>`).
    pub fn ty_path(&self, ty: &Ty) -> TokenStream {
        match ty {
            Ty::Int128 | Ty::Int256 => {
                let ty = self.ty(ty);
                quote!(<#ty>)
            }
            Ty::Vector { item, .. } => {
                let item = self.ty(item);
                quote!(Vec::<#item>)
            }
            Ty::Bytes => quote!(Vec::<u8>),
            Ty::Enum { path, .. } | Ty::Bare { path, .. } => self.path(path),
            _ => self.ty(ty),
        }
    }
}

/// An identifier from a name that may be a raw identifier (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
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
            let items = match entry {
                Entry::Constructor(c) => structs::combinator(&ctx, c),
                Entry::Function(c) => {
                    let mut items = structs::combinator(&ctx, c);
                    items.push(functions::remote_call(&ctx, c));
                    items
                }
                Entry::Enum(e) => enums::boxed_enum(&ctx, e),
            };
            let target = if chunked {
                module.chunks.entry(chunk_name(&path.name)).or_default()
            } else {
                &mut *module
            };
            target.items.extend(items);
        }
    }
    let ctx = Ctx { options, depth: 0 };
    root.items.extend(root::items(ir));
    root.items.push(registry::registry(&ctx, ir));
    root
}

/// The chunk a name falls in: its first letter, lowercased.
pub fn chunk_name(name: &str) -> String {
    match name.trim_start_matches("r#").chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
        _ => "other".to_owned(),
    }
}
