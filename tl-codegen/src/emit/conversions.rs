//! Conversions between an enum and its constructors' structs: `From<C>` for the enum and for a
//! `Box` of it (so that `.into()` fills boxed fields too), and `TryFrom<enum>` for each struct,
//! which gives the enum back when it holds another constructor.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::common::ident;
use crate::ir::BoxedEnum;

/// Every function here is `#[inline]`, as the encoders are: compiled in the crates that call
/// it, not in the generated crate (thousands of conversions, of which a program uses a few).
pub fn conversions(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    let name = ident(&e.path.name);
    let single = e.variants.len() == 1;
    let impls = e.variants.iter().map(|v| {
        let path = ctx.path(&v.path);
        let variant = ident(&v.name);
        let (wrap, unwrap) = if v.boxed {
            (quote!(::std::boxed::Box::new(x)), quote!(*x))
        } else {
            (quote!(x), quote!(x))
        };
        // With one variant the match is exhaustive: no arm is left to give the enum back.
        let other = (!single).then(|| quote!(other => Err(other),));
        quote! {
            impl From<#path> for #name {
                #[inline]
                fn from(x: #path) -> Self {
                    Self::#variant(#wrap)
                }
            }
            // Through `From` by name: an accessor would take `E::from` if a TL field is `from`.
            impl From<#path> for ::std::boxed::Box<#name> {
                #[inline]
                fn from(x: #path) -> Self {
                    ::std::boxed::Box::new(<#name as From<#path>>::from(x))
                }
            }
            impl TryFrom<#name> for #path {
                type Error = #name;
                #[inline]
                fn try_from(value: #name) -> Result<Self, #name> {
                    match value {
                        #name::#variant(x) => Ok(#unwrap),
                        #other
                    }
                }
            }
        }
    });
    quote!(#(#impls)*)
}
