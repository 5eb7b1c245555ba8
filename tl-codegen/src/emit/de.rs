//! `BareDeserialize`: reads a combinator's fields in wire order, flags words first, groups zipped.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::structs::{bounded_generics, generics};
use super::{Ctx, ident};
use crate::ir::{Access, Combinator, FieldKind, Ty, WireParam};

pub fn bare_deserialize(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let rt = ctx.rt();
    let name = ident(&c.path.name);
    let impl_generics = bounded_generics(c, &quote!(#rt::Deserialize));
    let generics = generics(c);
    let reads = c.params.iter().filter_map(|p| read_param(ctx, c, p));
    let inits = c.fields.iter().map(|f| {
        let field = ident(&f.name);
        let local = ident(&local_name(&f.name));
        match &f.kind {
            FieldKind::Plain(_) | FieldKind::Optional(_) if f.name == local_name(&f.name) => {
                quote!(#field)
            }
            FieldKind::Plain(_) | FieldKind::Optional(_) => quote!(#field: #local),
            FieldKind::Flag { flags_local, bit } => {
                let test = bit_test(flags_local, *bit);
                quote!(#field: #test)
            }
            FieldKind::Group { group } => {
                let group_name = ident(&group.path.name);
                let locals: Vec<_> = group
                    .members
                    .iter()
                    .map(|m| ident(&local_name(&m.name)))
                    .collect();
                let inits = group.members.iter().map(|m| {
                    let member = ident(&m.name);
                    let local = ident(&local_name(&m.name));
                    if m.name == local_name(&m.name) {
                        quote!(#member)
                    } else {
                        quote!(#member: #local)
                    }
                });
                quote! {
                    #field: match (#(#locals),*) {
                        (#(Some(#locals)),*) => Some(#group_name { #(#inits),* }),
                        _ => None,
                    }
                }
            }
        }
    });
    let body = quote! {
        #(#reads)*
        Ok(Self { #(#inits),* })
    };
    let reader = if c.params.is_empty() {
        quote!(_r)
    } else {
        quote!(r)
    };
    let body = if c.guard_depth {
        quote!(r.nested(|r| { #body }))
    } else {
        body
    };
    quote! {
        impl #impl_generics #rt::BareDeserialize for #name #generics {
            fn deserialize_bare(#reader: &mut #rt::Reader<'_>) -> Result<Self, #rt::DecodeError> {
                #body
            }
        }
    }
}

/// The local a field is read into: its own name, unless that would shadow the reader `r`.
fn local_name(field: &str) -> String {
    if field == "r" {
        "r_".to_owned()
    } else {
        field.to_owned()
    }
}

/// `flags & (1 << 3) != 0`
fn bit_test(flags_local: &str, bit: u32) -> TokenStream {
    let word = ident(flags_local);
    if bit == 0 {
        quote!(#word & 1 != 0)
    } else {
        let bit = Literal::u32_unsuffixed(bit);
        quote!(#word & (1 << #bit) != 0)
    }
}

fn read_param(ctx: &Ctx<'_>, c: &Combinator, param: &WireParam) -> Option<TokenStream> {
    Some(match param {
        WireParam::Flags { local } if flags_word_used(c, local) => {
            let word = ident(local);
            quote!(let #word = r.read_u32()?;)
        }
        WireParam::Flags { .. } => quote!(r.read_u32()?;),
        WireParam::TrueFlag => return None,
        WireParam::Value { ty, access, .. } => {
            let read = read(ctx, ty);
            match access {
                Access::Plain { field } => {
                    let local = ident(&local_name(field));
                    quote!(let #local = #read;)
                }
                Access::Optional {
                    field: name,
                    flags_local,
                    bit,
                }
                | Access::GroupMember {
                    member: name,
                    flags_local,
                    bit,
                    ..
                } => {
                    let local = ident(&local_name(name));
                    let test = bit_test(flags_local, *bit);
                    quote!(let #local = if #test { Some(#read) } else { None };)
                }
            }
        }
    })
}

/// Whether any field depends on the flags word `local` (else it is read and dropped).
fn flags_word_used(c: &Combinator, local: &str) -> bool {
    c.fields.iter().any(|f| match &f.kind {
        FieldKind::Flag { flags_local, .. } => flags_local == local,
        FieldKind::Group { group } => group.flags_local == local,
        _ => false,
    }) || c.params.iter().any(|p| {
        matches!(p, WireParam::Value { access: Access::Optional { flags_local, .. }, .. } if flags_local == local)
    })
}

/// The expression reading one value of type `ty` from `r`, `?` applied.
fn read(ctx: &Ctx<'_>, ty: &Ty) -> TokenStream {
    let rt = ctx.rt();
    let read = match ty {
        Ty::Bare { path, .. } => {
            let path = ctx.path(path);
            quote!(#path::deserialize_bare(r)?)
        }
        Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => {
            quote!(#rt::vector::deserialize_bare_items(r, #boxed)?)
        }
        Ty::Vector { boxed: false, .. } => quote!(#rt::vector::deserialize_bare(r)?),
        _ => {
            let path = ctx.ty_path(ty);
            quote!(#path::deserialize(r)?)
        }
    };
    if ty.is_heap() {
        quote!(Box::new(#read))
    } else {
        read
    }
}
