//! `BareSerialize`: the exact length and the bytes of a combinator's fields, flags words computed.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::structs::{bounded_generics, generics};
use super::{Ctx, ident};
use crate::ir::{Access, Combinator, FieldKind, Ty, WireParam};

pub fn bare_serialize(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let rt = ctx.rt();
    let name = ident(&c.path.name);
    let impl_generics = bounded_generics(c, &quote!(#rt::Serialize));
    let generics = generics(c);
    let len = bare_len(ctx, c);
    let body = statements(ctx, c);
    let out = if body.is_empty() {
        quote!(_out)
    } else {
        quote!(out)
    };
    // `#[inline]` makes the encoders compile in the crate that calls them, and only those it
    // calls (as if they were generic): a client sends a few hundred kinds of requests but decodes
    // everything, so the generated crate itself compiles decoders only. It halves its build.
    quote! {
        impl #impl_generics #rt::BareSerialize for #name #generics {
            #[inline]
            fn bare_len(&self) -> usize { #len }
            #[inline]
            fn write_bare(&self, #out: &mut #rt::Writer) { #(#body)* }
        }
    }
}

/// A value to write: a place such as `self.id`, or a reference such as `v` bound by `if let`.
#[derive(Clone, Copy)]
enum Value<'t> {
    Place(&'t TokenStream),
    Ref(&'t TokenStream),
}

impl Value<'_> {
    /// The value as a reference, for functions taking `&[T]`.
    fn by_ref(self) -> TokenStream {
        match self {
            Value::Place(place) => quote!(&#place),
            Value::Ref(reference) => reference.clone(),
        }
    }

    /// The value as a method receiver (auto-ref and auto-deref do the rest).
    fn receiver(self) -> TokenStream {
        match self {
            Value::Place(t) | Value::Ref(t) => t.clone(),
        }
    }
}

/// The statement writing one value of type `ty`.
fn write(ctx: &Ctx<'_>, ty: &Ty, value: Value<'_>) -> TokenStream {
    let rt = ctx.rt();
    match ty {
        Ty::Bare { .. } => {
            let v = value.receiver();
            quote!(#v.write_bare(out);)
        }
        Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => {
            let v = value.by_ref();
            quote!(#rt::vector::write_bare_items(#v, out, #boxed);)
        }
        Ty::Vector { boxed: false, .. } => {
            let v = value.by_ref();
            quote!(#rt::vector::write_bare(#v, out);)
        }
        _ => {
            let v = value.receiver();
            quote!(#v.write_to(out);)
        }
    }
}

/// The expression for the serialized length of one value whose length is not fixed.
fn length(ctx: &Ctx<'_>, ty: &Ty, value: Value<'_>) -> TokenStream {
    let rt = ctx.rt();
    match ty {
        Ty::Bare { .. } => {
            let v = value.receiver();
            quote!(#v.bare_len())
        }
        Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => {
            let v = value.by_ref();
            quote!(#rt::vector::len_of_bare_items(#v, #boxed))
        }
        Ty::Vector { boxed: false, .. } => {
            let v = value.by_ref();
            quote!(#rt::vector::bare_len(#v))
        }
        _ => {
            let v = value.receiver();
            quote!(#v.serialized_len())
        }
    }
}

/// A sum of a constant and terms, the constant folded: `12 + self.a.serialized_len() + ...`.
struct Sum {
    constant: usize,
    terms: Vec<TokenStream>,
}

impl Sum {
    fn new() -> Self {
        Self {
            constant: 0,
            terms: Vec::new(),
        }
    }

    fn add(&mut self, ctx: &Ctx<'_>, ty: &Ty, value: Value<'_>) {
        match ty.fixed_len() {
            Some(n) => self.constant += n,
            None => self.terms.push(length(ctx, ty, value)),
        }
    }

    fn into_tokens(self) -> TokenStream {
        let terms = self.terms;
        let n = Literal::usize_unsuffixed(self.constant);
        match (self.constant, terms.is_empty()) {
            (_, true) => quote!(#n),
            (0, false) => quote!(#(#terms)+*),
            (_, false) => quote!(#n #(+ #terms)*),
        }
    }
}

fn bare_len(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let mut sum = Sum::new();
    for param in &c.params {
        match param {
            WireParam::Flags { .. } => sum.constant += 4,
            WireParam::TrueFlag => {}
            WireParam::Value {
                ty,
                access: Access::Plain { field },
                ..
            } => {
                let field = ident(field);
                sum.add(ctx, ty, Value::Place(&quote!(self.#field)));
            }
            WireParam::Value {
                ty,
                access: Access::Optional { field, .. },
                ..
            } => {
                let field = ident(field);
                sum.terms.push(match ty.fixed_len() {
                    Some(n) => {
                        let n = Literal::usize_unsuffixed(n);
                        quote!(if self.#field.is_some() { #n } else { 0 })
                    }
                    // A `match` rather than `map_or` with a closure: no generic instance per field.
                    None => {
                        let len = length(ctx, ty, Value::Ref(&quote!(v)));
                        quote!(match &self.#field { Some(v) => #len, None => 0 })
                    }
                });
            }
            // Groups are summed once, below, at their field.
            WireParam::Value {
                access: Access::GroupMember { .. },
                ..
            } => {}
        }
    }
    for field in &c.fields {
        if let FieldKind::Group { group } = &field.kind {
            let mut members = Sum::new();
            for m in &group.members {
                let member = ident(&m.name);
                members.add(ctx, &m.ty, Value::Place(&quote!(g.#member)));
            }
            let field = ident(&field.name);
            sum.terms.push(if members.terms.is_empty() {
                let n = Literal::usize_unsuffixed(members.constant);
                quote!(if self.#field.is_some() { #n } else { 0 })
            } else {
                let members = members.into_tokens();
                quote!(match &self.#field { Some(g) => #members, None => 0 })
            });
        }
    }
    sum.into_tokens()
}

fn statements(ctx: &Ctx<'_>, c: &Combinator) -> Vec<TokenStream> {
    let mut out = Vec::new();
    // `out.fill_u32(flags_at, flags);` for each flags word written through a slot, at the end.
    let mut fills = Vec::new();
    let mut params = c.params.iter().peekable();
    while let Some(param) = params.next() {
        match param {
            WireParam::Flags { local } => {
                let (statement, fill) = flags_word(c, local);
                out.push(statement);
                fills.extend(fill);
            }
            WireParam::TrueFlag => {}
            WireParam::Value {
                ty,
                access: Access::Plain { field },
                ..
            } => {
                let field = ident(field);
                out.push(write(ctx, ty, Value::Place(&quote!(self.#field))));
            }
            WireParam::Value {
                ty,
                access:
                    Access::Optional {
                        field,
                        flags_local,
                        bit,
                    },
                ..
            } => {
                let field = ident(field);
                let set = set_bit(flags_local, *bit);
                let write = write(ctx, ty, Value::Ref(&quote!(v)));
                out.push(quote!(if let Some(v) = &self.#field { #set #write }));
            }
            WireParam::Value {
                ty,
                access:
                    Access::GroupMember {
                        group,
                        member,
                        flags_local,
                        bit,
                    },
                ..
            } => {
                // Consecutive members of one group share one `if let`.
                let mut writes = vec![group_member_write(ctx, ty, member)];
                while let Some(WireParam::Value {
                    ty,
                    access:
                        Access::GroupMember {
                            group: next,
                            member,
                            ..
                        },
                    ..
                }) = params.peek()
                {
                    if next != group {
                        break;
                    }
                    writes.push(group_member_write(ctx, ty, member));
                    params.next();
                }
                let group = ident(group);
                let set = set_bit(flags_local, *bit);
                out.push(quote!(if let Some(g) = &self.#group { #set #(#writes)* }));
            }
        }
    }
    out.extend(fills);
    out
}

/// `flags |= 1 << 3;`: a present field sets its bit as it is written.
fn set_bit(flags_local: &str, bit: u32) -> TokenStream {
    let word = ident(flags_local);
    if bit == 0 {
        quote!(#word |= 1;)
    } else {
        let bit = Literal::u32_unsuffixed(bit);
        quote!(#word |= 1 << #bit;)
    }
}

fn group_member_write(ctx: &Ctx<'_>, ty: &Ty, member: &str) -> TokenStream {
    let member = ident(member);
    write(ctx, ty, Value::Place(&quote!(g.#member)))
}

/// The statement writing the flags word `local`, and the one filling it in at the end if needed.
///
/// Bits of `true` flags (`bool` fields) are known up front. Bits of optional fields and groups
/// are set by the `if let` that writes each present one ([`set_bit`]), so the word is written
/// as a placeholder (`Writer::reserve_u32` in `tl-runtime`) and filled in
/// once the fields are written: each field is tested once, not once for the word and again to
/// write it.
///
/// `let flags: u32 = ...; flags.write_to(out);` when every bit is a `true` flag, else
/// `let flags_at = out.reserve_u32(); let mut flags: u32 = ...;` and
/// `out.fill_u32(flags_at, flags);`.
fn flags_word(c: &Combinator, local: &str) -> (TokenStream, Option<TokenStream>) {
    let mut bits: Vec<(u32, TokenStream)> = Vec::new();
    let mut presence_bits = false;
    for field in &c.fields {
        let name = ident(&field.name);
        match &field.kind {
            FieldKind::Flag { flags_local, bit } if flags_local == local => {
                bits.push((*bit, quote!(self.#name)))
            }
            FieldKind::Group { group } if group.flags_local == local => presence_bits = true,
            _ => {}
        }
    }
    presence_bits |= c.params.iter().any(|param| {
        matches!(param, WireParam::Value {
            access: Access::Optional { flags_local, .. },
            ..
        } if flags_local == local)
    });
    bits.sort_by_key(|(bit, _)| *bit);
    let word = ident(local);
    let parenthesize = bits.len() > 1;
    let terms = bits.iter().map(|(bit, present)| match bit {
        0 => quote!(u32::from(#present)),
        n => {
            let n = Literal::u32_unsuffixed(*n);
            if parenthesize {
                quote!((u32::from(#present) << #n))
            } else {
                quote!(u32::from(#present) << #n)
            }
        }
    });
    let value = if bits.is_empty() {
        quote!(0)
    } else {
        quote!(#(#terms)|*)
    };
    if !presence_bits {
        if bits.is_empty() {
            return (quote!(0u32.write_to(out);), None);
        }
        return (
            quote! {
                let #word: u32 = #value;
                #word.write_to(out);
            },
            None,
        );
    }
    let slot = ident(&format!("{local}_at"));
    (
        quote! {
            let #slot = out.reserve_u32();
            let mut #word: u32 = #value;
        },
        Some(quote!(out.fill_u32(#slot, #word);)),
    )
}
