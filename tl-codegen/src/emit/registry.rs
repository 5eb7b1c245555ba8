//! The id registry: every constructor and function by id, for `Object`, `name_for_id` and decoding
//! any boxed value whose type is not known in advance.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use crate::ir::Ir;

pub fn registry(ctx: &Ctx<'_>, ir: &Ir) -> TokenStream {
    let rt = ctx.rt();
    let mut entries: Vec<_> = ir.constructors.iter().chain(&ir.functions).collect();
    entries.sort_by_key(|c| c.id);
    let entry = entries.iter().map(|c| {
        let path = ctx.path(&c.path);
        let ty = if c.generics.is_empty() {
            path
        } else {
            let objects = c.generics.iter().map(|_| quote!(Object));
            quote!(#path<#(#objects),*>)
        };
        quote!(#rt::RegistryEntry::of::<#ty>())
    });
    quote! {
        /// This crate's schema: every constructor and function by id (see [`name_for_id`] and [`Object`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct Schema;

        /// Sorted by constructor id (the generator sorts them), as lookups binary-search it.
        impl #rt::Registry for Schema {
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
