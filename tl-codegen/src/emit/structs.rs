//! Struct definitions for constructors and functions, their flag groups, and `Identifiable`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, de, docs, ident, ser};
use crate::ir::{Combinator, FieldKind, ResultKind};

/// Every item of one combinator: its struct, group structs, accessors, and trait impls.
pub fn combinator(ctx: &Ctx<'_>, c: &Combinator) -> Vec<TokenStream> {
    let mut items = vec![definition(ctx, c)];
    items.extend(groups(ctx, c));
    items.extend(implied_accessors(c));
    items.push(identifiable(ctx, c));
    items.push(ser::bare_serialize(ctx, c));
    items.push(de::bare_deserialize(ctx, c));
    items
}

/// `<X, Y>` after the struct name, or nothing.
pub fn generics(c: &Combinator) -> TokenStream {
    if c.generics.is_empty() {
        return quote!();
    }
    let names = c.generics.iter().map(|g| ident(g));
    quote!(<#(#names),*>)
}

/// `<X: Bound, ...>` after `impl`, or nothing.
pub fn bounded_generics(c: &Combinator, bound: &TokenStream) -> TokenStream {
    if c.generics.is_empty() {
        return quote!();
    }
    let names = c.generics.iter().map(|g| ident(g));
    quote!(<#(#names: #bound),*>)
}

fn definition(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let name = ident(&c.path.name);
    let generics = generics(c);
    let what = match c.result {
        ResultKind::Constructor { .. } => "constructor",
        ResultKind::Function { .. } => "function",
    };
    let doc = docs::combinator(c, what);
    let attrs = &ctx.options.type_attributes;
    let fields = c.fields.iter().map(|f| {
        let doc = docs::field(f);
        let field = ident(&f.name);
        let ty = match &f.kind {
            FieldKind::Plain(ty) => ctx.ty(ty),
            FieldKind::Optional(ty) => {
                let ty = ctx.ty(ty);
                quote!(Option<#ty>)
            }
            FieldKind::Flag { .. } => quote!(bool),
            FieldKind::Group { group } => {
                let group = ident(&group.path.name);
                quote!(Option<#group>)
            }
        };
        quote!(#doc pub #field: #ty)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #(#attrs)*
        pub struct #name #generics { #(#fields),* }
    }
}

/// One struct per group of fields sharing a flag bit.
fn groups(ctx: &Ctx<'_>, c: &Combinator) -> Vec<TokenStream> {
    let attrs = &ctx.options.type_attributes;
    c.fields
        .iter()
        .filter_map(|f| match &f.kind {
            FieldKind::Group { group } => Some(group),
            _ => None,
        })
        .map(|group| {
            let name = ident(&group.path.name);
            let params: Vec<String> = group
                .members
                .iter()
                .map(|m| format!("`{}`", m.tl_param))
                .collect();
            let doc = docs::lines([
                format!(
                    "The fields of `{}` that share `{}.{}`: ",
                    c.tl_name, group.flags_local, group.bit
                )
                .as_str(),
                format!("{}; present together or not at all.", params.join(", ")).as_str(),
            ]);
            let members = group.members.iter().map(|m| {
                let member_doc = docs::lines(
                    m.doc
                        .as_deref()
                        .into_iter()
                        .chain([format!("TL: `{}`", m.tl_param).as_str()]),
                );
                let member = ident(&m.name);
                let ty = ctx.ty(&m.ty);
                quote!(#member_doc pub #member: #ty)
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #(#attrs)*
                pub struct #name { #(#members),* }
            }
        })
        .collect()
}

/// Accessors for `flags.N?true` params whose bit another field carries.
fn implied_accessors(c: &Combinator) -> Option<TokenStream> {
    if c.implied_flags.is_empty() {
        return None;
    }
    let name = ident(&c.path.name);
    let generics = generics(c);
    let methods = c.implied_flags.iter().map(|flag| {
        let method = ident(&flag.name);
        let owner = c.fields.iter().find(|f| f.name == flag.implied_by);
        let owner_ident = ident(&flag.implied_by);
        let value = match owner.map(|f| &f.kind) {
            Some(FieldKind::Flag { .. }) => quote!(self.#owner_ident),
            _ => quote!(self.#owner_ident.is_some()),
        };
        let doc = docs::lines([format!(
            "TL: `{}`, whose bit is set exactly when `{}` is.",
            flag.tl_param, flag.implied_by
        )
        .as_str()]);
        quote! {
            #doc
            pub fn #method(&self) -> bool { #value }
        }
    });
    Some(quote! {
        impl #generics #name #generics { #(#methods)* }
    })
}

fn identifiable(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let rt = ctx.rt();
    let name = ident(&c.path.name);
    let generics = generics(c);
    let id = hex(c.id);
    let tl_name = &c.tl_name;
    quote! {
        impl #generics #rt::Identifiable for #name #generics {
            const CONSTRUCTOR_ID: u32 = #id;
            const NAME: &'static str = #tl_name;
        }
    }
}

/// `0x1cb5c415` as a literal.
pub fn hex(id: u32) -> syn::LitInt {
    syn::LitInt::new(&format!("{id:#010x}"), proc_macro2::Span::call_site())
}
