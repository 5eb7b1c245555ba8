//! One enum per boxed type: variants, `Serialize`/`Deserialize` by constructor id, and `From`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::structs::hex;
use super::{Ctx, docs, ident};
use crate::ir::BoxedEnum;

pub fn boxed_enum(ctx: &Ctx<'_>, e: &BoxedEnum) -> Vec<TokenStream> {
    let rt = ctx.rt();
    let name = ident(&e.path.name);
    let doc = docs::boxed_enum(e);
    let attrs = &ctx.options.type_attributes;
    let variant: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let path: Vec<_> = e.variants.iter().map(|v| ctx.path(&v.path)).collect();
    let held: Vec<Held> = e
        .variants
        .iter()
        .zip(&path)
        .zip(&variant)
        .map(|((v, path), variant)| Held::new(v.boxed, path, variant))
        .collect();
    let held_ty = held.iter().map(|h| &h.ty);
    let struct_ref = held.iter().map(|h| &h.struct_ref);
    let wrap: Vec<_> = held.iter().map(|h| &h.wrap).collect();
    let into_variant: Vec<_> = held.iter().map(|h| &h.into_variant).collect();
    let id: Vec<_> = e.variants.iter().map(|v| hex(v.id)).collect();
    let variant_doc = e
        .variants
        .iter()
        .map(|v| docs::lines([format!("`{}#{:08x}`", v.tl_name, v.id).as_str()]));
    let tl_name = &e.tl_name;
    let tl_names = e.variants.iter().map(|v| &v.tl_name);
    let decode = if e.guard_depth {
        // Types that can contain themselves: the match picks a function and one call runs it,
        // so each variant decodes in a frame of its own and a level of nesting costs one
        // variant's stack, not the sum of all of them (which, in debug builds, is what a match
        // of inline arms costs).
        quote! {
            r.nested(|r| {
                let id = r.read_u32()?;
                let decode: fn(&mut #rt::Reader<'_>) -> Result<Self, #rt::DecodeError> = match id {
                    #(#id => |r| #path::deserialize_bare(r).map(#into_variant),)*
                    _ => return Err(r.unknown_constructor(id, #tl_name)),
                };
                decode(r)
            })
        }
    } else {
        // Everything else: a plain match, with no function (and call shim) per variant.
        quote! {
            let id = r.read_u32()?;
            match id {
                #(#id => #path::deserialize_bare(r).map(#into_variant),)*
                _ => Err(r.unknown_constructor(id, #tl_name)),
            }
        }
    };
    let definition = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #(#attrs)*
        pub enum #name { #(#variant_doc #variant(#held_ty)),* }

        // `#[inline]` here and on `Serialize`: compiled where used (see the struct encoders).
        impl #rt::Constructor for #name {
            #[inline]
            fn constructor_id(&self) -> u32 {
                match self { #(Self::#variant(_) => #id,)* }
            }
            #[inline]
            fn constructor_name(&self) -> &'static str {
                match self { #(Self::#variant(_) => #tl_names,)* }
            }
            #[inline]
            fn constructor_value(&self) -> &dyn ::std::any::Any {
                match self { #(Self::#variant(x) => #struct_ref,)* }
            }
        }

        // The id, then the variant's bare form: no per-constructor generic `Serialize` instance.
        impl #rt::Serialize for #name {
            #[inline]
            fn serialized_len(&self) -> usize {
                4 + match self { #(Self::#variant(x) => x.bare_len(),)* }
            }
            #[inline]
            fn write_to(&self, out: &mut #rt::Writer) {
                #rt::Constructor::constructor_id(self).write_to(out);
                match self { #(Self::#variant(x) => x.write_bare(out),)* }
            }
        }

        impl #rt::Deserialize for #name {
            fn deserialize(r: &mut #rt::Reader<'_>) -> Result<Self, #rt::DecodeError> { #decode }
        }
    };
    let conversions = variant
        .iter()
        .zip(&path)
        .zip(&wrap)
        .map(|((variant, path), wrap)| {
            quote! {
                impl From<#path> for #name {
                    fn from(x: #path) -> Self { Self::#variant(#wrap) }
                }
            }
        });
    std::iter::once(definition).chain(conversions).collect()
}

/// How a variant holds its constructor's struct: inline, or in a `Box` when the struct is large
/// (see `lower::size`), spelled for each place the enum's code needs it.
struct Held {
    /// The variant's field type.
    ty: TokenStream,
    /// The struct as a reference, from `x` bound to the field by reference.
    struct_ref: TokenStream,
    /// The field from a struct `x`.
    wrap: TokenStream,
    /// A function from the struct to the enum.
    into_variant: TokenStream,
}

impl Held {
    fn new(boxed: bool, path: &TokenStream, variant: &Ident) -> Self {
        if boxed {
            Self {
                ty: quote!(::std::boxed::Box<#path>),
                struct_ref: quote!(&**x),
                wrap: quote!(::std::boxed::Box::new(x)),
                into_variant: quote!(|x| Self::#variant(::std::boxed::Box::new(x))),
            }
        } else {
            Self {
                ty: quote!(#path),
                struct_ref: quote!(x),
                wrap: quote!(x),
                into_variant: quote!(Self::#variant),
            }
        }
    }
}
