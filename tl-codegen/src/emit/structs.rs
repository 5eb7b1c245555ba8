//! Struct definitions for constructors and functions, their flag groups, and `Identifiable`.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::{bounded_generics, bounds, doc, generics, hex, ident};
use super::{Ctx, decode, display, docs, encode};
use crate::ir::{Combinator, FieldKind, Group};

/// Every item of one combinator: its struct, group structs, accessors, and trait impls.
pub fn combinator(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let mut tokens = definition(ctx, c);
    for field in &c.fields {
        if let FieldKind::Group { group } = &field.kind {
            tokens.extend(group_struct(ctx, c, group));
            tokens.extend(display::group_display(ctx, c, group));
            tokens.extend(display::group_serde(ctx, c, group));
        }
    }
    tokens.extend(inherent(ctx, c));
    tokens.extend(identifiable(ctx, c));
    let rt = &ctx.rt;
    let name = ident(&c.path.name);
    let generics = generics(c);
    let ty = quote!(#name #generics);
    let serializable = bounded_generics(c, &quote!(#rt::Serialize));
    tokens.extend(display::display(ctx, ty.clone(), serializable.clone()));
    let decodable = ctx.options.function_decoders || !c.is_function();
    let deserializable = decodable.then(|| bounds(c, &quote!(#rt::Deserialize)));
    tokens.extend(display::serde(
        ctx,
        &ty,
        &c.tl_name,
        serializable,
        deserializable,
    ));
    tokens.extend(encode::bare_serialize(ctx, c));
    if decodable {
        tokens.extend(decode::bare_deserialize(ctx, c));
    }
    tokens
}

fn definition(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let docs = docs::combinator(ctx, c);
    let attributes = ctx.attributes(c.derives_default);
    let name = ident(&c.path.name);
    let generics = generics(c);
    let fields = c.fields.iter().map(|f| {
        let doc = docs::field(f);
        let name = ident(&f.name);
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
        quote!(#doc pub #name: #ty)
    });
    quote! {
        #docs
        #attributes
        pub struct #name #generics {
            #(#fields,)*
        }
    }
}

/// The struct of fields sharing a flag bit: all present or none.
fn group_struct(ctx: &Ctx<'_>, c: &Combinator, group: &Group) -> TokenStream {
    let params: Vec<String> = group
        .members
        .iter()
        .map(|m| format!("`{}`", m.tl_param))
        .collect();
    let docs = doc([
        format!(
            "The fields of `{}` that share `{}.{}`:",
            c.tl_name, group.flags_local, group.bit
        ),
        format!("{}; present together or not at all.", params.join(", ")),
    ]);
    let attributes = ctx.attributes(false);
    let name = ident(&group.path.name);
    let members = group.members.iter().map(|m| {
        let doc = doc(m
            .doc
            .as_deref()
            .into_iter()
            .chain([format!("TL: `{}`", m.tl_param).as_str()]));
        let name = ident(&m.name);
        let ty = ctx.ty(&m.ty);
        quote!(#doc pub #name: #ty)
    });
    quote! {
        #docs
        #attributes
        pub struct #name {
            #(#members,)*
        }
    }
}

/// The struct's own methods: `new`, and the accessors of implied flags.
fn inherent(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    if !c.new_fn && c.implied_flags.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&c.path.name);
    let generics = generics(c);
    let new_fn = c.new_fn.then(|| new_fn(ctx, c));
    let accessors = implied_accessors(c);
    quote! {
        impl #generics #name #generics {
            #new_fn
            #(#accessors)*
        }
    }
}

/// `new(required fields in TL order)`, every optional field empty: with struct update syntax
/// (`Type { silent: true, ..Type::new(id, peer) }`) a value keeps compiling when the schema adds
/// an optional field.
fn new_fn(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let required: Vec<_> = c
        .fields
        .iter()
        .filter_map(|f| match &f.kind {
            FieldKind::Plain(ty) => Some((ident(&f.name), ctx.ty(ty))),
            _ => None,
        })
        .collect();
    let params = required.iter().map(|(name, ty)| quote!(#name: #ty));
    let inits = c.fields.iter().map(|f| {
        let name = ident(&f.name);
        match &f.kind {
            FieldKind::Plain(_) => quote!(#name),
            FieldKind::Optional(_) | FieldKind::Group { .. } => quote!(#name: None),
            FieldKind::Flag { .. } => quote!(#name: false),
        }
    });
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let docs = doc([
        format!(
            "`{}` with its required fields, every optional field empty (`None`, `false`).",
            c.tl_name
        ),
        String::new(),
        "Set optional fields with struct update syntax, `Type { field: .., ..Type::new(..) }`,"
            .to_owned(),
        "which keeps compiling when the schema adds an optional field.".to_owned(),
    ]);
    quote! {
        #docs
        #allow
        #[inline]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// Accessors for `flags.N?true` params whose bit another field carries.
fn implied_accessors(c: &Combinator) -> impl Iterator<Item = TokenStream> + '_ {
    c.implied_flags.iter().map(move |flag| {
        let doc = doc([format!(
            "TL: `{}`, whose bit is set exactly when `{}` is.",
            flag.tl_param, flag.implied_by
        )]);
        let accessor = ident(&flag.name);
        let owner = ident(&flag.implied_by);
        let owner_is_flag = c
            .fields
            .iter()
            .any(|f| f.name == flag.implied_by && matches!(f.kind, FieldKind::Flag { .. }));
        let value = if owner_is_flag {
            quote!(self.#owner)
        } else {
            quote!(self.#owner.is_some())
        };
        quote! {
            #doc
            #[inline]
            pub fn #accessor(&self) -> bool {
                #value
            }
        }
    })
}

fn identifiable(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&c.path.name);
    let generics = generics(c);
    let id = hex(c.id);
    let tl_name = &c.tl_name;
    let expected = c
        .sole_of_type
        .as_ref()
        .map(|ty| quote!(const EXPECTED: &'static str = #ty;));
    quote! {
        impl #generics #rt::Identifiable for #name #generics {
            const CONSTRUCTOR_ID: u32 = #id;
            const NAME: &'static str = #tl_name;
            #expected
        }
    }
}
