//! `RemoteCall` for function structs: what each call returns; generic calls return their inner call's.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::common::{bounded_generics, generics, ident};
use crate::ir::{Combinator, ResultKind, Ty};

pub fn remote_call(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let ResultKind::Function { returns } = &c.result else {
        return TokenStream::new();
    };
    let rt = &ctx.rt;
    let impl_generics = bounded_generics(c, &quote!(#rt::RemoteCall));
    let generics = generics(c);
    let name = ident(&c.path.name);
    let returns = match returns {
        Ty::Generic(x) => {
            let x = ident(x);
            quote!(#x::Return)
        }
        other => ctx.ty(other),
    };
    quote! {
        impl #impl_generics #rt::RemoteCall for #name #generics {
            type Return = #returns;
        }
    }
}
