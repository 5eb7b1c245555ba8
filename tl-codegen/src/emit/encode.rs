//! Encoders: `BareSerialize` for structs (the exact length, then the bytes, as the IR's plan
//! says) and `Serialize` for enums (the variant's constructor id, then its struct).

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens as _, format_ident, quote};

use super::Ctx;
use super::common::{bounded_generics, generics, ident, number};
use crate::ir::{
    Access, BoxedEnum, Combinator, EncodeStep, FieldKind, FlagsWord, Place, Run, RunItem, Ty,
    WireParam,
};

/// `#[inline]` makes the encoders compile in the crate that calls them, and only those it calls
/// (as if they were generic): a client sends a few hundred kinds of requests but decodes
/// everything, so the generated crate itself compiles decoders only. It halves its build.
pub fn bare_serialize(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let rt = &ctx.rt;
    let impl_generics = bounded_generics(c, &quote!(#rt::Serialize));
    let generics = generics(c);
    let name = ident(&c.path.name);
    let len = bare_len(ctx, c);
    let declarations = c.flags_words.iter().map(declare_flags_word);
    let steps = c.encode.iter().map(|step| write_step(ctx, c, step));
    let fills = c.flags_words.iter().filter(|w| w.presence_bits).map(|w| {
        let local = ident(&w.local);
        let slot = slot(&w.local);
        quote!(out.fill_u32(#slot, #local);)
    });
    quote! {
        impl #impl_generics #rt::BareSerialize for #name #generics {
            #[inline]
            fn bare_len(&self) -> usize {
                #len
            }
            #[inline]
            fn write_prefixed<P: #rt::Fixed>(&self, prefix: P, out: &mut #rt::Writer) {
                #(#declarations)*
                #(#steps)*
                #(#fills)*
            }
        }
    }
}

/// Each variant writes itself boxed (`write_prefixed` with its id, through the runtime's blanket
/// `Serialize`), so the id goes with its leading fixed-size fields: one bounds check for both.
pub fn enum_serialize(ctx: &Ctx<'_>, e: &BoxedEnum) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&e.path.name);
    let variants: Vec<Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    quote! {
        impl #rt::Serialize for #name {
            #[inline]
            fn serialized_len(&self) -> usize {
                4 + match self {
                    #(Self::#variants(x) => x.bare_len(),)*
                }
            }
            #[inline]
            fn write_to(&self, out: &mut #rt::Writer) {
                match self {
                    #(Self::#variants(x) => x.write_to(out),)*
                }
            }
        }
    }
}

/// `let mut flags: u32 = <bits known up front>;`, mutable when present fields set more bits;
/// nothing for a word with no bits at all (it is written as `0u32`).
fn declare_flags_word(word: &FlagsWord) -> TokenStream {
    let local = ident(&word.local);
    let parenthesize = word.true_flags.len() > 1;
    let bits = word.true_flags.iter().map(|(bit, field)| {
        let field = ident(field);
        match bit {
            0 => quote!(u32::from(self.#field)),
            n if parenthesize => {
                let n = number(*n);
                quote!((u32::from(self.#field) << #n))
            }
            n => {
                let n = number(*n);
                quote!(u32::from(self.#field) << #n)
            }
        }
    });
    match (word.presence_bits, word.true_flags.is_empty()) {
        (true, true) => quote!(let mut #local: u32 = 0;),
        (true, false) => quote!(let mut #local: u32 = #(#bits)|*;),
        (false, true) => TokenStream::new(),
        (false, false) => quote!(let #local: u32 = #(#bits)|*;),
    }
}

/// `{local}_at`: where a placeholder flags word is filled in.
fn slot(local: &str) -> Ident {
    format_ident!("{}_at", local)
}

/// A value to write: a place such as `self.id`, or a reference such as `v` bound by `if let`.
enum Value {
    Place(TokenStream),
    Ref(TokenStream),
}

impl Value {
    fn of(place: &Place) -> Self {
        Value::Place(match place {
            Place::Field(field) => {
                let field = ident(field);
                quote!(self.#field)
            }
            Place::Member(member) => {
                let member = ident(member);
                quote!(g.#member)
            }
        })
    }

    /// The value as a reference, for functions taking `&[T]`.
    fn by_ref(&self) -> TokenStream {
        match self {
            Value::Place(place) => quote!(&#place),
            Value::Ref(reference) => reference.clone(),
        }
    }

    /// The value as a method receiver (auto-ref and auto-deref do the rest).
    fn receiver(&self) -> &TokenStream {
        match self {
            Value::Place(v) | Value::Ref(v) => v,
        }
    }
}

fn write_step(ctx: &Ctx<'_>, c: &Combinator, step: &EncodeStep) -> TokenStream {
    match step {
        EncodeStep::Run(run) => write_run(c, run),
        EncodeStep::Value { place, ty } => write(ctx, ty, &Value::of(place)),
        EncodeStep::Optional {
            field,
            ty,
            flags_local,
            bit,
        } => {
            let field = ident(field);
            let set = set_bit(flags_local, *bit);
            let write = write(ctx, ty, &Value::Ref(quote!(v)));
            quote! {
                if let Some(v) = &self.#field {
                    #set
                    #write
                }
            }
        }
        EncodeStep::Group {
            field,
            flags_local,
            bit,
            steps,
        } => {
            let field = ident(field);
            let set = set_bit(flags_local, *bit);
            let steps = steps.iter().map(|step| write_step(ctx, c, step));
            quote! {
                if let Some(g) = &self.#field {
                    #set
                    #(#steps)*
                }
            }
        }
    }
}

/// A run of fixed-size values: one alone as usual, several as a tuple with one bounds check.
/// Placeholders lead the run (after the prefix), so the first one's slot is where the prefix
/// ends and the others follow it.
fn write_run(c: &Combinator, run: &Run) -> TokenStream {
    let mut values: Vec<TokenStream> = Vec::with_capacity(run.items.len() + 1);
    if run.prefix {
        values.push(quote!(prefix));
    }
    let mut placeholders = Vec::new();
    for item in &run.items {
        values.push(match item {
            RunItem::Value(place) => Value::of(place).receiver().clone(),
            RunItem::KnownFlags(local) => {
                let word = c.flags_words.iter().find(|w| &w.local == local);
                if word.is_some_and(|w| !w.true_flags.is_empty()) {
                    ident(local).into_token_stream()
                } else {
                    quote!(0u32)
                }
            }
            RunItem::Placeholder { local, offset } => {
                placeholders.push((local.as_str(), *offset));
                quote!(0u32)
            }
        });
    }
    match (values.as_slice(), placeholders.as_slice()) {
        ([], _) => TokenStream::new(),
        ([_], [(local, _)]) => {
            let slot = slot(local);
            quote!(let #slot = out.reserve_u32();)
        }
        ([value], _) if run.prefix => quote!(out.put_fixed(#value);),
        ([value], _) => quote!(#value.write_to(out);),
        (values, []) => quote!(out.put_fixed((#(#values),*));),
        (values, [(first, _), rest @ ..]) => {
            let first = slot(first);
            let after_prefix = run.prefix.then(|| quote!(.after(P::LEN)));
            let rest = rest.iter().map(|(local, offset)| {
                let slot = slot(local);
                let offset = number(*offset as u64);
                quote!(let #slot = #first.after(#offset);)
            });
            quote! {
                let #first = out.put_fixed((#(#values),*))#after_prefix;
                #(#rest)*
            }
        }
    }
}

/// `flags |= 1 << 3;`: a present optional field sets its bit as it is written.
fn set_bit(flags_local: &str, bit: u32) -> TokenStream {
    let local = ident(flags_local);
    match bit {
        0 => quote!(#local |= 1;),
        n => {
            let n = number(n);
            quote!(#local |= 1 << #n;)
        }
    }
}

/// The statement writing `self.#field`, of type `ty`, through `out`, as the encoder of the
/// struct it is in writes it (for a flag group's `Display`, which writes its fields alone).
pub fn write_field(ctx: &Ctx<'_>, ty: &Ty, field: &str) -> TokenStream {
    let field = ident(field);
    write(ctx, ty, &Value::Place(quote!(self.#field)))
}

/// The statement writing one value of type `ty`.
fn write(ctx: &Ctx<'_>, ty: &Ty, value: &Value) -> TokenStream {
    let write = write_expr(ctx, ty, value);
    quote!(#write;)
}

/// The expression writing one value of type `ty` (of type `()`).
fn write_expr(ctx: &Ctx<'_>, ty: &Ty, value: &Value) -> TokenStream {
    let rt = &ctx.rt;
    match ty {
        Ty::Bare { .. } => {
            let receiver = value.receiver();
            quote!(#receiver.write_bare(out))
        }
        Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => {
            let items = value.by_ref();
            quote!(#rt::vector::write_bare_items(#items, out, #boxed))
        }
        Ty::Vector { boxed: false, item } if item.is_self_coded() => {
            let items = value.by_ref();
            quote!(#rt::vector::write_bare(#items, out))
        }
        Ty::Vector { boxed, item } if !item.is_self_coded() => {
            let items = value.by_ref();
            let write_item = write_item_fn(ctx, item);
            quote!(#rt::vector::write_with(#items, out, #boxed, #write_item))
        }
        _ => {
            let receiver = value.receiver();
            quote!(#receiver.write_to(out))
        }
    }
}

/// A function writing one item of a vector of vectors (`fn(&T, &mut Writer)`): the trait's
/// method where the item's impls fit, else a closure writing the inner vector in its form. The
/// closure captures nothing, so it is a function pointer and the runtime's `write_with` has one
/// copy per item type.
fn write_item_fn(ctx: &Ctx<'_>, item: &Ty) -> TokenStream {
    let rt = &ctx.rt;
    match item {
        Ty::Bare { .. } => quote!(#rt::BareSerialize::write_bare),
        _ if item.is_self_coded() => quote!(#rt::Serialize::write_to),
        _ => {
            let write = write_expr(ctx, item, &Value::Ref(quote!(v)));
            quote!(|v, out| #write)
        }
    }
}

/// The expression for the serialized length of one value whose length is not fixed.
fn length(ctx: &Ctx<'_>, ty: &Ty, value: &Value) -> TokenStream {
    let rt = &ctx.rt;
    match ty {
        Ty::Bare { .. } => {
            let receiver = value.receiver();
            quote!(#receiver.bare_len())
        }
        Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => {
            let items = value.by_ref();
            quote!(#rt::vector::len_of_bare_items(#items, #boxed))
        }
        Ty::Vector { boxed: false, item } if item.is_self_coded() => {
            let items = value.by_ref();
            quote!(#rt::vector::bare_len(#items))
        }
        Ty::Vector { boxed, item } if !item.is_self_coded() => {
            let items = value.by_ref();
            let item_len = item_len_fn(ctx, item);
            quote!(#rt::vector::len_with(#items, #boxed, #item_len))
        }
        _ => {
            let receiver = value.receiver();
            quote!(#receiver.serialized_len())
        }
    }
}

/// A function measuring one item of a vector of vectors (`fn(&T) -> usize`), as
/// [`write_item_fn`] writes it.
fn item_len_fn(ctx: &Ctx<'_>, item: &Ty) -> TokenStream {
    let rt = &ctx.rt;
    match item {
        Ty::Bare { .. } => quote!(#rt::BareSerialize::bare_len),
        _ if item.is_self_coded() => quote!(#rt::Serialize::serialized_len),
        _ => {
            let len = length(ctx, item, &Value::Ref(quote!(v)));
            quote!(|v| #len)
        }
    }
}

/// A length being summed: a constant, the lengths of values always present, and statements
/// adding those of optional fields when present.
#[derive(Default)]
struct Sum {
    constant: usize,
    terms: Vec<TokenStream>,
    optional: Vec<TokenStream>,
}

impl Sum {
    fn add(&mut self, ctx: &Ctx<'_>, ty: &Ty, value: &Value) {
        match ty.fixed_len() {
            Some(n) => self.constant += n,
            None => self.terms.push(length(ctx, ty, value)),
        }
    }

    /// The length of an optional field, added to `len` when present: a constant, or a sum over
    /// the value bound to `binding`. An `if let` rather than `map_or` with a closure: no generic
    /// instance per field.
    fn add_optional(&mut self, field: &str, binding: TokenStream, len: Sum) {
        let field = ident(field);
        let constant = len.is_constant();
        let len = len.into_tokens();
        self.optional.push(if constant {
            quote!(if self.#field.is_some() { len += #len; })
        } else {
            quote!(if let Some(#binding) = &self.#field { len += #len; })
        });
    }

    /// The sum as an expression (`12 + self.a.serialized_len()`, the constant folded and left
    /// out when zero beside other terms), or as statements when optional fields add to it.
    fn into_tokens(self) -> TokenStream {
        let mut terms = self.terms;
        if self.constant != 0 || terms.is_empty() {
            terms.insert(0, number(self.constant as u64).into_token_stream());
        }
        if self.optional.is_empty() {
            return quote!(#(#terms)+*);
        }
        let optional = self.optional;
        quote! {
            let mut len = #(#terms)+*;
            #(#optional)*
            len
        }
    }

    /// Whether the sum is a constant alone.
    fn is_constant(&self) -> bool {
        self.terms.is_empty() && self.optional.is_empty()
    }
}

/// `bare_len`'s body: the params' lengths in wire order, each group once at its field.
fn bare_len(ctx: &Ctx<'_>, c: &Combinator) -> TokenStream {
    let mut sum = Sum::default();
    for param in &c.params {
        match param {
            WireParam::Flags { .. } => sum.constant += 4,
            WireParam::TrueFlag => {}
            WireParam::Value {
                ty,
                access: Access::Plain { field },
                ..
            } => sum.add(ctx, ty, &Value::of(&Place::Field(field.clone()))),
            WireParam::Value {
                ty,
                access: Access::Optional { field, .. },
                ..
            } => {
                let mut len = Sum::default();
                len.add(ctx, ty, &Value::Ref(quote!(v)));
                sum.add_optional(field, quote!(v), len);
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
            let mut members = Sum::default();
            for m in &group.members {
                members.add(ctx, &m.ty, &Value::of(&Place::Member(m.name.clone())));
            }
            sum.add_optional(&field.name, quote!(g), members);
        }
    }
    sum.into_tokens()
}
