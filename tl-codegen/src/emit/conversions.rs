//! Conversions between an enum and its constructors' structs: `From<C>` for the enum, and for a
//! `Box` of it where a field holds it boxed (so that `.into()` fills that field too), and back:
//! `TryFrom<enum>` for each struct, which gives the enum back when it holds another constructor.
//! (A type of one constructor is no enum but its struct's alias: core's reflexive impls serve.)

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::common::ident;
use crate::ir::BoxedEnum;

/// Every function here is `#[inline]`, as the encoders are: compiled in the crates that call
/// it, not in the generated crate (thousands of conversions, of which a program uses a few).
pub fn conversions(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&e.path.name);
    let impls = e.variants.iter().map(|v| {
        let path = ctx.path(&v.path);
        let variant = ident(&v.name);
        let (wrap, unwrap) = if v.boxed {
            (quote!(::std::boxed::Box::new(x)), quote!(*x))
        } else {
            (quote!(x), quote!(x))
        };
        quote! {
            impl From<#path> for #name {
                #[inline]
                fn from(x: #path) -> Self {
                    Self::#variant(#wrap)
                }
            }
            impl TryFrom<#name> for #path {
                type Error = #name;
                #[inline]
                fn try_from(value: #name) -> Result<Self, #name> {
                    match value {
                        #name::#variant(x) => Ok(#unwrap),
                        other => Err(other),
                    }
                }
            }
        }
    });
    // Only for an enum some field holds boxed, the one place a `Box<enum>` is written for the
    // user: every impl costs the crate's clean build, used or not. One generic impl serves every
    // constructor; `Identifiable` (which no enum has) keeps it apart from core's
    // `From<T> for Box<T>`.
    let boxed = e.held_boxed.then(|| {
        quote! {
            impl<C: #rt::Identifiable> From<C> for ::std::boxed::Box<#name>
            where
                #name: From<C>,
            {
                #[inline]
                fn from(x: C) -> Self {
                    ::std::boxed::Box::new(<#name as From<C>>::from(x))
                }
            }
        }
    });
    quote!(#(#impls)* #boxed)
}
