//! One enum per boxed type of several constructors: its variants, `Constructor`, and accessors
//! of the fields all its constructors share; an alias of its struct for a type of one. Its
//! encoder, decoder and conversions are the `encode`, `decode` and `conversions` emitters'.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, hex, ident};
use super::{Ctx, conversions, decode, display, docs, encode};
use crate::ir::{AccessorKind, BoxedEnum, Variant};

pub fn boxed_enum(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    if let [only] = e.variants.as_slice() {
        return alias(ctx, e, only);
    }
    let mut tokens = definition(ctx, e);
    tokens.extend(accessors(ctx, e));
    tokens.extend(constructor(ctx, e));
    tokens.extend(encode::enum_serialize(ctx, e));
    tokens.extend(decode::enum_deserialize(ctx, e));
    tokens.extend(conversions::conversions(ctx, e));
    let name = ident(&e.path.name);
    let ty = quote!(#name);
    tokens.extend(display::display(ctx, ty.clone(), TokenStream::new()));
    let no_generics = TokenStream::new;
    tokens.extend(display::serde(
        ctx,
        &ty,
        &e.tl_name,
        no_generics(),
        Some(no_generics()),
    ));
    tokens
}

/// A type of one constructor is that constructor's struct: the struct already writes and reads
/// the boxed form (with the constructor id), prints and serializes as such an enum would, so an
/// alias gives users the struct with nothing to unwrap, and spares the build the enum's impls
/// (about a tenth of Telegram's crate: 402 of its 676 types have one constructor).
fn alias(ctx: &Ctx<'_>, e: &BoxedEnum, only: &Variant) -> TokenStream {
    let docs = docs::type_alias(ctx, e, only);
    let name = ident(&e.path.name);
    let path = ctx.path(&only.path);
    quote! {
        #docs
        pub type #name = #path;
    }
}

fn definition(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    let docs = docs::boxed_enum(ctx, e);
    let attributes = ctx.attributes(false);
    let name = ident(&e.path.name);
    let variants = e.variants.iter().map(|v| {
        let doc = doc([format!("`{}#{:08x}`", v.tl_name, v.id)]);
        let name = ident(&v.name);
        let path = ctx.path(&v.path);
        let held = if v.boxed {
            quote!(::std::boxed::Box<#path>)
        } else {
            path
        };
        quote!(#doc #name(#held))
    });
    quote! {
        #docs
        #attributes
        pub enum #name {
            #(#variants,)*
        }
    }
}

/// `#[inline]`, as on the encoders: compiled where used.
fn constructor(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&e.path.name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let ids = e.variants.iter().map(|v| hex(v.id));
    let names = e.variants.iter().map(|v| &v.tl_name);
    let values = e
        .variants
        .iter()
        .map(|v| if v.boxed { quote!(&**x) } else { quote!(x) });
    quote! {
        impl #rt::Constructor for #name {
            #[inline]
            fn constructor_id(&self) -> u32 {
                match self {
                    #(Self::#variants(_) => #ids,)*
                }
            }
            #[inline]
            fn constructor_name(&self) -> &'static str {
                match self {
                    #(Self::#variants(_) => #names,)*
                }
            }
            #[inline]
            fn constructor_value(&self) -> &dyn ::std::any::Any {
                match self {
                    #(Self::#variants(x) => #values,)*
                }
            }
        }
    }
}

/// `enums::Chat::id(&self) -> i64`: a field every constructor has with one Rust type, by value
/// when `Copy`, else by reference.
fn accessors(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    if e.accessors.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&e.path.name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let methods = e.accessors.iter().map(|accessor| {
        let field = ident(&accessor.name);
        let (ty, value) = match &accessor.kind {
            AccessorKind::Flag => (quote!(bool), quote!(x.#field)),
            AccessorKind::Plain(ty) if ty.is_copy() => (ctx.ty(ty), quote!(x.#field)),
            // A boxed value as a reference to what the box holds (deref coercion).
            AccessorKind::Plain(ty) => {
                let ty = ctx.ty(&ty.unboxed());
                (quote!(&#ty), quote!(&x.#field))
            }
            AccessorKind::Optional(ty) if ty.is_copy() => {
                let ty = ctx.ty(ty);
                (quote!(Option<#ty>), quote!(x.#field))
            }
            AccessorKind::Optional(ty) if ty.is_heap() => {
                let ty = ctx.ty(&ty.unboxed());
                (quote!(Option<&#ty>), quote!(x.#field.as_deref()))
            }
            AccessorKind::Optional(ty) => {
                let ty = ctx.ty(ty);
                (quote!(Option<&#ty>), quote!(x.#field.as_ref()))
            }
        };
        let docs = doc([format!(
            "The `{}` field, which every constructor of `{}` has.",
            accessor.name.trim_start_matches("r#"),
            e.tl_name
        )]);
        quote! {
            #docs
            #[inline]
            pub fn #field(&self) -> #ty {
                match self {
                    #(Self::#variants(x) => #value,)*
                }
            }
        }
    });
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}
