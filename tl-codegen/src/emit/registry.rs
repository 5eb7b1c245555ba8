//! The id registry: every constructor and function by id, for `Object`, `name_for_id` and decoding
//! any boxed value whose type is not known in advance.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::structs::hex;
use crate::ir::{Ir, ResultKind};

pub fn registry(ctx: &Ctx<'_>, ir: &Ir) -> TokenStream {
    let rt = ctx.rt();
    // Constructors decode through their boxed type's enum (one decoder per type, not per
    // constructor); constructors of `Object` itself and functions decode as their own struct.
    let mut entries: Vec<(u32, &str, TokenStream)> = Vec::new();
    for e in &ir.enums {
        let path = ctx.path(&e.path);
        entries.extend(
            e.variants
                .iter()
                .map(|v| (v.id, v.tl_name.as_str(), path.clone())),
        );
    }
    let enum_less = ir
        .constructors
        .iter()
        .filter(|c| matches!(c.result, ResultKind::Constructor { enum_path: None }));
    for c in enum_less.chain(&ir.functions) {
        let path = ctx.path(&c.path);
        let ty = if c.generics.is_empty() {
            path
        } else {
            let objects = c.generics.iter().map(|_| quote!(Object));
            quote!(#path<#(#objects),*>)
        };
        entries.push((c.id, c.tl_name.as_str(), ty));
    }
    entries.extend(
        ir.bool_constructors
            .iter()
            .map(|(id, name)| (*id, name.as_str(), quote!(bool))),
    );
    entries.sort_by_key(|(id, ..)| *id);
    let entry = entries.iter().map(|(id, name, ty)| {
        let id = hex(*id);
        quote!(#rt::RegistryEntry::of::<#ty>(#id, #name))
    });
    let names = entries.iter().map(|(id, name, _)| {
        let id = hex(*id);
        quote!((#id, #name))
    });
    quote! {
        /// This crate's schema: every constructor and function by id (see [`name_for_id`] and [`Object`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct Schema;

        /// Both tables sorted by constructor id (the generator sorts them), as lookups
        /// binary-search them. Names apart from decoders, so that `name_for_id` compiles none.
        impl #rt::Registry for Schema {
            const NAMES: &'static [(u32, &'static str)] = &[#(#names),*];
            const ENTRIES: &'static [#rt::RegistryEntry] = &[#(#entry),*];
        }

        /// Any boxed value of this schema, decoded by its constructor id (TL's `Object`).
        pub type Object = #rt::AnyObject<Schema>;

        /// The TL name of a constructor or function id of this schema, e.g. `auth.sentCode`.
        pub fn name_for_id(id: u32) -> Option<&'static str> {
            <Schema as #rt::Registry>::name_for_id(id)
        }
    }
}
