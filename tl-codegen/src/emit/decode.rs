//! Decoders: `BareDeserialize` for structs (the params in wire order as the IR's plan says, then
//! the struct) and `Deserialize` for enums (the constructor id, then its struct).

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};

use super::Ctx;
use super::common::{bounded_generics, generics, hex, ident, number};
use crate::ir::{BoxedEnum, Combinator, DecodeStep, Field, FieldKind, FixedRead, Group, Ty};

pub fn bare_deserialize(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let rt = &ctx.rt;
    let impl_generics = bounded_generics(c, &quote!(#rt::Deserialize));
    let generics = generics(c);
    let name = ident(&c.path.name);
    let reader = if c.params.is_empty() {
        quote!(_r)
    } else {
        quote!(r)
    };
    let steps = c.decode.iter().map(|step| read_step(ctx, step));
    let inits = c.fields.iter().map(init);
    let mut body = quote! {
        #(#steps)*
        Ok(Self { #(#inits),* })
    };
    if c.guard_depth {
        body = quote!(r.nested(|r| { #body }));
    }
    quote! {
        impl #impl_generics #rt::BareDeserialize for #name #generics {
            fn deserialize_bare(#reader: &mut #rt::Reader<'_>) -> #rt::Result<Self> {
                #body
            }
        }
    }
}

/// Reads the constructor id, then that constructor's struct.
pub fn enum_deserialize(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&e.path.name);
    let tl_name = &e.tl_name;
    let unknown = quote!(r.unknown_constructor(id, #tl_name));
    let body = if e.guard_depth {
        // Types that can contain themselves: the match picks a function and one call runs it,
        // so each variant decodes in a frame of its own and a level of nesting costs one
        // variant's stack, not the sum of all of them (which, in debug builds, is what a match
        // of inline arms costs).
        let arms = decode_arms(ctx, e, &quote!(|r|));
        quote! {
            r.nested(|r| {
                let id = tri!(r.read_u32());
                let decode: fn(&mut #rt::Reader<'_>) -> #rt::Result<Self> = match id {
                    #arms
                    _ => return Err(#unknown),
                };
                decode(r)
            })
        }
    } else {
        // Everything else: a plain match, with no function (and call shim) per variant.
        let arms = decode_arms(ctx, e, &TokenStream::new());
        quote! {
            let id = tri!(r.read_u32());
            match id {
                #arms
                _ => Err(#unknown),
            }
        }
    };
    quote! {
        impl #rt::Deserialize for #name {
            fn deserialize(r: &mut #rt::Reader<'_>) -> #rt::Result<Self> {
                #body
            }
        }
    }
}

/// `0x... => <prefix> match path::deserialize_bare(r) { Ok(x) => Ok(Self::V(x)), .. },` per
/// variant.
///
/// A `match` rather than `.map(Self::V)`: `Result::map` would be a generic instance per variant
/// (1,750 for Telegram's schema, with as many `FnOnce::call_once` shims), about a tenth of the
/// crate's LLVM IR in a debug build, for the same machine code once optimized.
fn decode_arms(ctx: &Ctx<'_>, e: &BoxedEnum, prefix: &TokenStream) -> TokenStream {
    let arms = e.variants.iter().map(|v| {
        let id = hex(v.id);
        let path = ctx.path(&v.path);
        let variant = ident(&v.name);
        let value = if v.boxed {
            quote!(Self::#variant(::std::boxed::Box::new(x)))
        } else {
            quote!(Self::#variant(x))
        };
        quote! {
            #id => #prefix match #path::deserialize_bare(r) {
                Ok(x) => Ok(#value),
                Err(e) => Err(e),
            },
        }
    });
    quote!(#(#arms)*)
}

fn read_step(ctx: &Ctx<'_>, step: &DecodeStep) -> TokenStream {
    match step {
        DecodeStep::Run(reads) => {
            let bindings = reads.iter().map(|read| match read {
                FixedRead::Flags { local: None } => quote!(_),
                FixedRead::Flags { local: Some(local) } | FixedRead::Value { local, .. } => {
                    ident(local).into_token_stream()
                }
            });
            let types = reads.iter().map(|read| match read {
                FixedRead::Flags { .. } => quote!(u32),
                FixedRead::Value { ty, .. } => ctx.ty(ty),
            });
            quote!(let (#(#bindings),*): (#(#types),*) = tri!(r.read_fixed());)
        }
        DecodeStep::Fixed(FixedRead::Flags { local: Some(local) }) => {
            let local = ident(local);
            quote!(let #local = tri!(r.read_u32());)
        }
        DecodeStep::Fixed(FixedRead::Flags { local: None }) => quote!(tri!(r.read_u32());),
        DecodeStep::Fixed(FixedRead::Value { local, ty }) | DecodeStep::Value { local, ty } => {
            let local = ident(local);
            let read = read(ctx, ty);
            quote!(let #local = #read;)
        }
        DecodeStep::Optional {
            local,
            ty,
            flags_local,
            bit,
        } => {
            let local = ident(local);
            let test = bit_test(flags_local, *bit);
            // A boxed field's read is wrapped in `Box::new`: not one function's call.
            match read_fn(ctx, ty).filter(|_| !ty.is_heap()) {
                Some(read) => quote!(let #local = tri!(r.read_if(#test, #read));),
                None => {
                    let read = read(ctx, ty);
                    quote!(let #local = if #test { Some(#read) } else { None };)
                }
            }
        }
    }
}

/// A field's initializer in `Self { .. }`.
fn init(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    match &f.kind {
        FieldKind::Plain(_) | FieldKind::Optional(_) => shorthand(&f.name, &f.local),
        FieldKind::Flag { flags_local, bit } => {
            let test = bit_test(flags_local, *bit);
            quote!(#name: #test)
        }
        FieldKind::Group { group } => {
            let value = group_value(group);
            quote!(#name: #value)
        }
    }
}

/// `match (a, b) { (Some(a), Some(b)) => Some(Group { a, b }), _ => None }`: the members, read
/// as `Option`s, make the group only when all are present.
fn group_value(group: &Group) -> TokenStream {
    let locals: Vec<_> = group.members.iter().map(|m| ident(&m.local)).collect();
    let inits = group.members.iter().map(|m| shorthand(&m.name, &m.local));
    let name = ident(&group.path.name);
    quote! {
        match (#(#locals),*) {
            (#(Some(#locals)),*) => Some(#name { #(#inits),* }),
            _ => None,
        }
    }
}

/// `name`, or `name: local` when they differ.
fn shorthand(name: &str, local: &str) -> TokenStream {
    let name_ident = ident(name);
    if name == local {
        quote!(#name_ident)
    } else {
        let local = ident(local);
        quote!(#name_ident: #local)
    }
}

/// `flags & (1 << 3) != 0`
fn bit_test(flags_local: &str, bit: u32) -> TokenStream {
    let local = ident(flags_local);
    match bit {
        0 => quote!(#local & 1 != 0),
        n => {
            let n = number(n);
            quote!(#local & (1 << #n) != 0)
        }
    }
}

/// The function that reads one value of type `ty` from the reader alone: `i32::deserialize`,
/// `::tlgen_runtime::Deserialize::deserialize`. None for bare vectors and vectors of bare items or
/// of such vectors, whose readers take more arguments.
///
/// Reads stand inside `tri!`, whose tokens prettyplease prints one by one (it cannot know the
/// macro takes an expression): a path with generic arguments or starting at `crate` would print
/// as `Vec:: < i32 >` or `crate ::enums`. So only a type that is one identifier is named; any
/// other is inferred from the field the value goes to, through the trait's path.
fn read_fn(ctx: &Ctx<'_>, ty: &Ty) -> Option<TokenStream> {
    let rt = &ctx.rt;
    match ty {
        Ty::Int | Ty::Long | Ty::Double | Ty::String | Ty::Bool => {
            let ty = ctx.ty(ty);
            Some(quote!(#ty::deserialize))
        }
        Ty::Bare { .. } => Some(quote!(#rt::BareDeserialize::deserialize_bare)),
        Ty::Vector { .. } if !ty.is_self_coded() => None,
        _ => Some(quote!(#rt::Deserialize::deserialize)),
    }
}

/// As [`read`], but naming no type where `read` names one (`i32::deserialize`): the trait's
/// function, its type inferred from the field. For code inside an impl of serde's
/// `Deserialize`, where a type's `deserialize` is serde's too.
pub fn read_by_trait(ctx: &Ctx<'_>, ty: &Ty) -> TokenStream {
    let rt = &ctx.rt;
    match ty {
        Ty::Int | Ty::Long | Ty::Double | Ty::String | Ty::Bool => {
            quote!(tri!(#rt::Deserialize::deserialize(r)))
        }
        _ => read(ctx, ty),
    }
}

/// The expression reading one value of type `ty` from `r`, in `tri!` (the runtime's `?`).
fn read(ctx: &Ctx<'_>, ty: &Ty) -> TokenStream {
    let read = match read_fn(ctx, ty) {
        Some(read) => quote!(tri!(#read(r))),
        None => {
            let (read, closure) = read_vector(ctx, ty);
            if closure {
                // prettyplease would print a closure inside `tri!` token by token (`| r |`), and
                // clippy takes `tri!`'s `match` spelled out for a `?`: so `?` (the error is the
                // same type, its `From` the identity), in the rare vectors of vectors only.
                quote!(#read?)
            } else {
                quote!(tri!(#read))
            }
        }
    };
    if ty.is_heap() {
        quote!(Box::new(#read))
    } else {
        read
    }
}

/// The call reading a vector that [`read_fn`] has no function for (a `Result`), and whether it
/// passes a closure.
fn read_vector(ctx: &Ctx<'_>, ty: &Ty) -> (TokenStream, bool) {
    let rt = &ctx.rt;
    match ty {
        Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => (
            quote!(#rt::vector::deserialize_bare_items(r, #boxed)),
            false,
        ),
        Ty::Vector { boxed, item } if !item.is_self_coded() => {
            let (read_item, closure) = read_item_fn(ctx, item);
            (
                quote!(#rt::vector::deserialize_with(r, #boxed, #read_item)),
                closure,
            )
        }
        _ => (quote!(#rt::vector::deserialize_bare(r)), false),
    }
}

/// A function reading one item of a vector of vectors (`fn(&mut Reader<'_>) -> Result<T>`), and
/// whether it is a closure: the trait's or the runtime's function where one reads the item alone,
/// else a closure reading the inner vector in its form (it captures nothing: a function pointer,
/// so there is one copy of `deserialize_with` per item type).
fn read_item_fn(ctx: &Ctx<'_>, item: &Ty) -> (TokenStream, bool) {
    let rt = &ctx.rt;
    match item {
        Ty::Bare { .. } => (quote!(#rt::BareDeserialize::deserialize_bare), false),
        _ if item.is_self_coded() => (quote!(#rt::Deserialize::deserialize), false),
        Ty::Vector {
            boxed: false,
            item: inner,
        } if inner.is_self_coded() => (quote!(#rt::vector::deserialize_bare), false),
        _ => {
            let (read, _) = read_vector(ctx, item);
            (quote!(|r| #read), true)
        }
    }
}
