//! The id registry: every constructor and function by id, for `Object`, `name_for_id` and decoding
//! any boxed value whose type is not known in advance.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::common::{doc, hex};
use crate::ir::{Ir, ResultKind};

/// One id of the registry.
struct Entry<'i> {
    id: u32,
    tl_name: &'i str,
    /// The type that decodes it.
    ty: TokenStream,
    is_function: bool,
}

pub fn registry(ctx: &Ctx<'_>, ir: &Ir) -> TokenStream {
    let rt = &ctx.rt;
    let entries = entries(ctx, ir);
    let names = entries.iter().map(|e| {
        let id = hex(e.id);
        let name = e.tl_name;
        quote!((#id, #name))
    });
    let decoded = entries
        .iter()
        .filter(|e| ctx.options.function_decoders || !e.is_function)
        .map(|e| {
            let id = hex(e.id);
            let name = e.tl_name;
            let ty = &e.ty;
            quote!(#rt::RegistryEntry::of::<#ty>(#id, #name))
        });
    let schema_doc = doc([
        "This crate's schema: every constructor and function by id (see [`name_for_id`] and [`Object`]).",
    ]);
    let tables_doc = doc([
        "Both tables sorted by constructor id (the generator sorts them), as lookups",
        "binary-search them. Names apart from decoders, so that `name_for_id` compiles none.",
    ]);
    let object_doc = if ctx.options.function_decoders {
        doc(["Any boxed value of this schema, decoded by its constructor id (TL's `Object`)."])
    } else {
        doc([
            "Any boxed value of this schema, decoded by its constructor id (TL's `Object`), but for",
            "functions: generated without their decoders, it reports a function's id as unknown.",
        ])
    };
    let name_doc = doc([
        "The TL name of a constructor or function id of this schema, e.g. `auth.sentCode`",
        "(`vector` for the built-in `vector#1cb5c415`).",
    ]);
    quote! {
        #schema_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct Schema;

        #tables_doc
        impl #rt::Registry for Schema {
            const NAMES: &'static [(u32, &'static str)] = &[#(#names),*];
            const ENTRIES: &'static [#rt::RegistryEntry] = &[#(#decoded),*];
        }

        #object_doc
        pub type Object = #rt::AnyObject<Schema>;

        #name_doc
        pub fn name_for_id(id: u32) -> Option<&'static str> {
            <Schema as #rt::Registry>::name_for_id(id)
        }
    }
}

/// Every id, sorted. Constructors decode through their boxed type's enum (one decoder per type,
/// not per constructor); constructors of `Object` itself and functions decode as their own
/// struct, generic functions over `Object`.
fn entries<'i>(ctx: &Ctx<'_>, ir: &'i Ir) -> Vec<Entry<'i>> {
    let mut entries = Vec::new();
    for e in &ir.enums {
        entries.extend(e.variants.iter().map(|v| Entry {
            id: v.id,
            tl_name: &v.tl_name,
            ty: ctx.path(&e.path),
            is_function: false,
        }));
    }
    let enum_less = ir
        .constructors
        .iter()
        .filter(|c| matches!(c.result, ResultKind::Constructor { enum_path: None }));
    for c in enum_less.chain(&ir.functions) {
        let path = ctx.path(&c.path);
        let objects = c.generics.iter().map(|_| {
            let root = &ctx.root;
            quote!(#root::Object)
        });
        let ty = if c.generics.is_empty() {
            path
        } else {
            quote!(#path<#(#objects),*>)
        };
        entries.push(Entry {
            id: c.id,
            tl_name: &c.tl_name,
            ty,
            is_function: c.is_function(),
        });
    }
    entries.extend(ir.bool_constructors.iter().map(|(id, name)| Entry {
        id: *id,
        tl_name: name,
        ty: quote!(bool),
        is_function: false,
    }));
    entries.sort_by_key(|e| e.id);
    // One entry per id: where definitions share one, the one that owns it.
    entries.retain(
        |e| match ir.shared_ids.binary_search_by_key(&e.id, |(id, _)| *id) {
            Ok(i) => ir.shared_ids[i].1 == e.tl_name,
            Err(_) => true,
        },
    );
    entries
}
