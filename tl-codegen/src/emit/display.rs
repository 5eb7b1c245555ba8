//! `Display` as TL text: every struct and enum prints itself by encoding its value and handing
//! the bytes to tlgen-codec with the schema the crate embeds as compact TL, so that each impl is
//! one call and the printing code exists once, in the codec.

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::common::doc;

/// `TL_SCHEMA`, the embedded schema, at the generated root.
pub fn embedded_schema(ctx: &Ctx<'_>) -> TokenStream {
    let (Some(codec), Some(display)) = (&ctx.codec, &ctx.options.display) else {
        return TokenStream::new();
    };
    let text = match &display.schema_file {
        Some(file) => quote!(include_str!(#file)),
        None => {
            let text = &display.schema_tl;
            quote!(#text)
        }
    };
    let docs = doc([
        "This crate's schema as compact TL, read on first use: what every type's `Display` prints",
        "through (TL text, as `tlgen decode` prints it; `{:#}` breaks long values over lines).",
    ]);
    quote! {
        #docs
        pub static TL_SCHEMA: #codec::EmbeddedSchema = #codec::EmbeddedSchema::new(#text);
    }
}

/// `impl Display for #name` (`impl_generics` bound by `Serialize` where it has any).
pub fn display(ctx: &Ctx<'_>, ty: TokenStream, impl_generics: TokenStream) -> TokenStream {
    if ctx.codec.is_none() {
        return TokenStream::new();
    }
    let root = &ctx.root;
    quote! {
        impl #impl_generics ::std::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #root::TL_SCHEMA.fmt(self, f)
            }
        }
    }
}
