//! `Display` as TL text, and serde's traits in the JSON shape of TL values: every struct and enum
//! encodes itself and hands the bytes to tlgen-codec with the schema the crate embeds as compact
//! TL (or, deserializing, gets its bytes from the codec), so that each impl is one call and the
//! code exists once, in the codec.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{doc, ident};
use super::{Ctx, Serde, decode, encode};
use crate::ir::{Combinator, Group};

/// `TL_SCHEMA`, the embedded schema, at the generated root.
pub fn embedded_schema(ctx: &Ctx<'_>) -> TokenStream {
    let (Some(path), Some(codec)) = (&ctx.codec, &ctx.options.codec) else {
        return TokenStream::new();
    };
    let text = match &codec.schema_file {
        Some(file) => quote!(include_str!(#file)),
        None => {
            let text = &codec.schema_tl;
            quote!(#text)
        }
    };
    // Without `Display`, only serde needs it, which may be a feature.
    let cfg = (!ctx.options.display && ctx.options.serde == Serde::Feature)
        .then(|| quote!(#[cfg(feature = "serde")]));
    let docs = doc([
        "This crate's schema as compact TL, read on first use: what every type's `Display` prints",
        "through (TL text, as `tlgen decode` prints it; `{:#}` breaks long values over lines).",
    ]);
    quote! {
        #docs
        #cfg
        pub static TL_SCHEMA: #path::EmbeddedSchema = #path::EmbeddedSchema::new(#text);
    }
}

/// `impl Display for #name` (`impl_generics` bound by `Serialize` where it has any).
pub fn display(ctx: &Ctx<'_>, ty: TokenStream, impl_generics: TokenStream) -> TokenStream {
    if ctx.codec.is_none() || !ctx.options.display {
        return TokenStream::new();
    }
    let root = &ctx.root;
    // `#[inline]`, as on the encoders: the `&dyn Serialize` here needs the type's encoder, which
    // is then compiled only in crates that print the type, not in the generated crate.
    quote! {
        impl #impl_generics ::std::fmt::Display for #ty {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #root::TL_SCHEMA.fmt(self, f)
            }
        }
    }
}

/// `impl Display for` a flag group: its fields as they appear in the TL text of their
/// constructor, `views:10 forwards:2`, written by the constructor's encoder's code for them and
/// printed by the codec.
pub fn group_display(ctx: &Ctx<'_>, c: &Combinator, group: &Group) -> TokenStream {
    if ctx.codec.is_none() || !ctx.options.display {
        return TokenStream::new();
    }
    let root = &ctx.root;
    let name = ident(&group.path.name);
    let (tl_name, params, write) = group_in_schema(ctx, c, group);
    quote! {
        impl ::std::fmt::Display for #name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #root::TL_SCHEMA.fmt_fields(#tl_name, #params, #write, f)
            }
        }
    }
}

/// serde's traits for a flag group: the map of its fields as they appear in their constructor's
/// (`{"views": 10, "forwards": 2}`), through the codec as [`serde`]'s, the fields written and
/// read by the constructor's encoder's and decoder's code for them.
pub fn group_serde(ctx: &Ctx<'_>, c: &Combinator, group: &Group) -> TokenStream {
    let Some(cfg) = serde_cfg(ctx) else {
        return TokenStream::new();
    };
    let root = &ctx.root;
    let rt = &ctx.rt;
    let name = ident(&group.path.name);
    let (tl_name, params, write) = group_in_schema(ctx, c, group);
    let inits = group.members.iter().map(|m| {
        let field = ident(&m.name);
        let read = decode::read_by_trait(ctx, &m.ty);
        quote!(#field: #read)
    });
    quote! {
        #cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #root::TL_SCHEMA.serialize_fields(#tl_name, #params, #write, serializer)
            }
        }
        #cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #root::TL_SCHEMA.deserialize_fields(
                    deserializer,
                    #tl_name,
                    #params,
                    |r: &mut #rt::Reader<'_>| Ok(Self { #(#inits),* }),
                )
            }
        }
    }
}

/// A flag group's place in the embedded schema, as the codec's calls for it take it: its
/// constructor's TL name, its fields' TL names (`&["views", "forwards"]`), and a closure writing
/// them as the constructor's encoder does.
fn group_in_schema(
    ctx: &Ctx<'_>,
    c: &Combinator,
    group: &Group,
) -> (String, TokenStream, TokenStream) {
    let rt = &ctx.rt;
    let params = group.members.iter().map(|m| &m.tl_name);
    let writes = group
        .members
        .iter()
        .map(|m| encode::write_field(ctx, &m.ty, &m.name));
    (
        c.tl_name.clone(),
        quote!(&[#(#params),*]),
        quote!(&|out: &mut #rt::Writer| { #(#writes)* }),
    )
}

/// The attribute serde impls stand under (`#[cfg(feature = "serde")]` when serde is a feature,
/// none when always on), or `None` when the crate has no serde.
fn serde_cfg(ctx: &Ctx<'_>) -> Option<Option<TokenStream>> {
    if ctx.codec.is_none() || ctx.options.serde == Serde::Off {
        return None;
    }
    Some((ctx.options.serde == Serde::Feature).then(|| quote!(#[cfg(feature = "serde")])))
}

/// serde's `Serialize` and `Deserialize` for `ty`, whose TL name (constructor, function or boxed
/// type) is `tl_name`: the JSON shape of the codec (`{"_": "auth.sentCode", ...}`), by way of
/// the value's bytes. `deserialize_generics` is `None` where the type has no decoder.
pub fn serde(
    ctx: &Ctx<'_>,
    ty: &TokenStream,
    tl_name: &str,
    serialize_generics: TokenStream,
    deserialize_generics: Option<TokenStream>,
) -> TokenStream {
    let Some(cfg) = serde_cfg(ctx) else {
        return TokenStream::new();
    };
    let root = &ctx.root;
    let mut tokens = quote! {
        #cfg
        impl #serialize_generics ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #root::TL_SCHEMA.serialize(self, serializer)
            }
        }
    };
    if let Some(generics) = deserialize_generics {
        tokens.extend(quote! {
            #cfg
            impl<'de, #generics> ::serde::Deserialize<'de> for #ty {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #root::TL_SCHEMA.deserialize(deserializer, #tl_name)
                }
            }
        });
    }
    tokens
}
