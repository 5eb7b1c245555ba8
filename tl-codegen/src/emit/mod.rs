//! Emitters: IR -> token streams, one `quote!` template per generated shape.
//!
//! [`tree`] places every item of the IR in a module (one per TL namespace and kind, large ones
//! split in chunks); [`item`] builds an item's tokens from its IR alone. Each emitter module
//! covers one trait or shape: struct definitions (`structs`), enums (`enums`), encoders
//! (`encode`), decoders (`decode`), conversions (`conversions`), `RemoteCall` (`functions`), the
//! id registry (`registry`).
//! Printing (tokens -> `syn::File` -> prettyplease) is `crate::layout`'s.

mod common;
mod conversions;
mod decode;
mod display;
mod docs;
mod encode;
mod enums;
mod functions;
mod registry;
mod root;
mod structs;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

pub use common::{doc, ident, inner_doc};

use crate::ir::{BoxedEnum, Combinator, Ir, ItemPath, Kind, Ty};

/// How generated code refers to things outside the module it is in, and what it adds.
#[derive(Debug, Clone)]
pub struct Options {
    /// The runtime crate's path, e.g. `::tlgen_runtime` (checked to be a path).
    pub runtime: String,
    /// How to reach the generated root from anywhere: `Some("crate")` in a generated crate, `None`
    /// to use `super::super::...` so the code works wherever a build script's output is included.
    pub root: Option<String>,
    /// Attributes put on every generated struct and enum (`#[derive(Hash)]`, `#[non_exhaustive]`...),
    /// as the user wrote them (checked to be attributes).
    pub type_attributes: Vec<String>,
    /// Whether functions get decoders (`BareDeserialize`, and entries in the decoder table behind
    /// `Object`). A client only ever encodes functions; leaving their decoders out makes the
    /// generated code cheaper to build.
    pub function_decoders: bool,
    /// The schema embedded for tlgen-codec, which `Display` and serde support go through.
    pub codec: Option<Codec>,
    /// `Display` as TL text on every struct and enum (needs `codec`).
    pub display: bool,
    /// serde's `Serialize` and `Deserialize` on every struct and enum (needs `codec`).
    pub serde: Serde,
    /// The base of the documentation pages rustdoc links each item to
    /// (`https://core.telegram.org`: `/constructor/auth.sentCode`, `/method/..`, `/type/..`).
    pub doc_links: Option<String>,
}

/// The schema as the generated code embeds it for tlgen-codec (`TL_SCHEMA`): types implement
/// `Display` and serde's traits by encoding themselves and handing the bytes to the codec (next
/// to no code per type).
#[derive(Debug, Clone)]
pub struct Codec {
    /// The codec crate's path, e.g. `::tlgen_codec`.
    pub path: String,
    /// The compact schema text (`tlgen_codec::compact_tl`).
    pub schema_tl: String,
    /// The file beside the root module holding it (`include_str!`), or `None` to inline it.
    pub schema_file: Option<String>,
}

/// Whether and how generated types implement serde's traits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serde {
    Off,
    /// Always (a build script's output, whose crate depends on serde).
    On,
    /// Under `#[cfg(feature = "serde")]` (a generated crate, whose manifest has the feature).
    Feature,
}

/// A namespace or chunk module holding more than this many items is split by first letter, so that
/// no generated file grows past a few thousand lines.
const CHUNK_THRESHOLD: usize = 150;

/// One item of generated code, by what it is made from.
#[derive(Debug, Clone, Copy)]
pub enum Item<'i> {
    /// A constructor's struct and its impls.
    Constructor(&'i Combinator),
    /// A function's struct and its impls.
    Function(&'i Combinator),
    /// A boxed type's enum and its impls.
    Enum(&'i BoxedEnum),
    /// The root's items: `LAYER`, the registry, `Object`, `name_for_id`.
    Root(&'i Ir),
}

/// A module of generated code: its items, and its submodules.
#[derive(Debug, Default)]
pub struct Module<'i> {
    pub items: Vec<Item<'i>>,
    /// Public submodules (namespaces) by name.
    pub children: BTreeMap<String, Module<'i>>,
    /// Private chunks whose items are re-exported here (`mod a; pub use a::*;`).
    pub chunks: BTreeMap<String, Module<'i>>,
}

/// A kind module and, within it, a namespace (`None` for the kind module itself).
type ModuleKey<'i> = (Kind, Option<&'i str>);

/// Places every item of the IR in the module tree, rooted at the generated root.
pub fn tree(ir: &Ir) -> Module<'_> {
    let mut by_module: BTreeMap<ModuleKey<'_>, Vec<(&ItemPath, Item<'_>)>> = BTreeMap::new();
    let items = (ir.constructors.iter())
        .map(|c| (&c.path, Item::Constructor(c)))
        .chain(ir.functions.iter().map(|c| (&c.path, Item::Function(c))))
        .chain(ir.enums.iter().map(|e| (&e.path, Item::Enum(e))));
    for (path, item) in items {
        by_module
            .entry((path.kind, path.namespace.as_deref()))
            .or_default()
            .push((path, item));
    }
    let mut root = Module {
        items: vec![Item::Root(ir)],
        ..Module::default()
    };
    for ((kind, namespace), items) in by_module {
        let kind_module = root
            .children
            .entry(kind.module_name().to_owned())
            .or_default();
        let module = match namespace {
            Some(ns) => kind_module.children.entry(ns.to_owned()).or_default(),
            None => kind_module,
        };
        let chunked = items.len() > CHUNK_THRESHOLD;
        for (path, item) in items {
            let target = if chunked {
                module.chunks.entry(chunk_name(&path.name)).or_default()
            } else {
                &mut *module
            };
            target.items.push(item);
        }
    }
    root
}

/// The chunk a name falls in: its first letter, lowercased.
pub fn chunk_name(name: &str) -> String {
    match name.trim_start_matches("r#").chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_lowercase().to_string(),
        _ => "other".to_owned(),
    }
}

/// The tokens of one item and its impls.
pub fn item(ctx: &Ctx<'_>, item: Item<'_>) -> TokenStream {
    match item {
        Item::Constructor(c) => structs::combinator(ctx, c),
        Item::Function(c) => {
            let mut tokens = structs::combinator(ctx, c);
            tokens.extend(functions::remote_call(ctx, c));
            tokens
        }
        Item::Enum(e) => enums::boxed_enum(ctx, e),
        Item::Root(ir) => {
            let mut tokens = root::items(ir);
            tokens.extend(registry::registry(ctx, ir));
            tokens.extend(display::embedded_schema(ctx));
            tokens
        }
    }
}

/// The imports every module with items starts with: the runtime traits whose methods it calls,
/// and `tri!`, the decoders' `?`.
pub fn prelude(ctx: &Ctx<'_>) -> TokenStream {
    let rt = &ctx.rt;
    quote! {
        #[allow(unused_imports)]
        use #rt::{BareDeserialize as _, BareSerialize as _, Deserialize as _, Serialize as _, tri};
    }
}

/// What emitters need to spell paths and types from one module.
pub struct Ctx<'o> {
    pub options: &'o Options,
    /// The runtime crate's path.
    pub rt: TokenStream,
    /// The codec crate's path, where there is an embedded schema.
    pub codec: Option<TokenStream>,
    /// The generated root: `crate`, or as many `super`s as the module is deep.
    pub root: TokenStream,
    /// The user's attributes for every generated type.
    pub user_attributes: TokenStream,
}

impl<'o> Ctx<'o> {
    /// The context for a module `depth` modules below the generated root.
    pub fn new(options: &'o Options, depth: usize) -> Self {
        let root = match &options.root {
            Some(root) => parse(root),
            None if depth == 0 => quote!(self),
            None => {
                let supers = std::iter::repeat_n(quote!(super), depth);
                quote!(#(#supers)::*)
            }
        };
        let user_attributes = options
            .type_attributes
            .iter()
            .map(|attribute| parse(attribute))
            .collect();
        Self {
            options,
            rt: parse(&options.runtime),
            codec: options.codec.as_ref().map(|c| parse(&c.path)),
            root,
            user_attributes,
        }
    }

    /// The attributes of a generated type: the derives (`Default` where asked), then the user's.
    pub fn attributes(&self, default: bool) -> TokenStream {
        let default = default.then(|| quote!(, Default));
        let user = &self.user_attributes;
        quote! {
            #[derive(Debug, Clone, PartialEq #default)]
            #user
        }
    }

    /// The path of a generated item, e.g. `crate::types::auth::SentCode`.
    pub fn path(&self, path: &ItemPath) -> TokenStream {
        let root = &self.root;
        let kind = ident(path.kind.module_name());
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
            Ty::Int512 => quote!([u8; 64]),
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
            Ty::Generic(name) => ident(name).into_token_stream(),
            Ty::Object => {
                let root = &self.root;
                quote!(#root::Object)
            }
        }
    }
}

/// Tokens of text that `Config` already checked (a path, attributes).
fn parse(text: &str) -> TokenStream {
    text.parse()
        .expect("Config checks paths and attributes before generating")
}
