//! `BareSerialize`: the exact length and the bytes of a combinator's fields, flags words computed
//! (the bits of optional fields set as each present one is written, the word filled in after).

use super::structs::{bounded_generics, generics};
use super::{Code, Ctx, Joined, MAX_RUN};
use crate::ir::{Access, Combinator, FieldKind, Ty, WireParam};

pub fn bare_serialize(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    let rt = ctx.rt();
    let impl_generics = bounded_generics(c, &format!("{rt}::Serialize"));
    let generics = generics(c);
    // `#[inline]` makes the encoders compile in the crate that calls them, and only those it
    // calls (as if they were generic): a client sends a few hundred kinds of requests but decodes
    // everything, so the generated crate itself compiles decoders only. It halves its build.
    code.item();
    code.open_impl(
        &format!("impl{impl_generics} {rt}::BareSerialize"),
        &format!("{}{generics}", c.path.name),
    );
    code.line("#[inline]");
    code.open("fn bare_len(&self) -> usize");
    sum_of(code, &bare_len(ctx, c));
    code.close();
    code.line("#[inline]");
    code.open_list(
        &format!("fn write_prefixed<P: {rt}::Fixed>("),
        &["&self", "prefix: P", &format!("out: &mut {rt}::Writer")],
        ")",
    );
    statements(ctx, c, code);
    code.close();
    code.close();
}

/// A value to write: a place such as `self.id`, or a reference such as `v` bound by `if let`.
#[derive(Clone, Copy)]
enum Value<'t> {
    Place(&'t str),
    Ref(&'t str),
}

impl<'t> Value<'t> {
    /// The value as a reference, for functions taking `&[T]`.
    fn by_ref(self) -> String {
        match self {
            Value::Place(place) => format!("&{place}"),
            Value::Ref(reference) => reference.to_owned(),
        }
    }

    /// The value as a method receiver (auto-ref and auto-deref do the rest).
    fn receiver(self) -> &'t str {
        match self {
            Value::Place(v) | Value::Ref(v) => v,
        }
    }
}

/// The statement writing one value of type `ty`.
fn write(ctx: &Ctx<'_>, ty: &Ty, value: Value<'_>) -> String {
    let rt = ctx.rt();
    match ty {
        Ty::Bare { .. } => format!("{}.write_bare(out);", value.receiver()),
        Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => format!(
            "{rt}::vector::write_bare_items({}, out, {boxed});",
            value.by_ref()
        ),
        Ty::Vector { boxed: false, .. } => {
            format!("{rt}::vector::write_bare({}, out);", value.by_ref())
        }
        _ => format!("{}.write_to(out);", value.receiver()),
    }
}

/// The expression for the serialized length of one value whose length is not fixed.
fn length(ctx: &Ctx<'_>, ty: &Ty, value: Value<'_>) -> String {
    let rt = ctx.rt();
    match ty {
        Ty::Bare { .. } => format!("{}.bare_len()", value.receiver()),
        Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => format!(
            "{rt}::vector::len_of_bare_items({}, {boxed})",
            value.by_ref()
        ),
        Ty::Vector { boxed: false, .. } => format!("{rt}::vector::bare_len({})", value.by_ref()),
        _ => format!("{}.serialized_len()", value.receiver()),
    }
}

/// One term of a length sum.
enum Term {
    /// An expression: `12`, `self.a.serialized_len()`.
    Expr(String),
    /// The length of an optional value, bound to `binding` when present:
    /// `match &self.field { Some(binding) => <sum>, None => 0 }`. A `match` rather than `map_or`
    /// with a closure: no generic instance per field.
    Present {
        field: String,
        binding: &'static str,
        sum: Vec<String>,
    },
}

impl Term {
    /// The term on one line.
    fn one_line(&self) -> String {
        match self {
            Term::Expr(expr) => expr.clone(),
            Term::Present {
                field,
                binding,
                sum,
            } => format!(
                "match &self.{field} {{ Some({binding}) => {}, None => 0 }}",
                Joined(sum, " + ")
            ),
        }
    }

    /// The term after `prefix` (`+ ` or nothing), on one line if it fits, else as a block.
    fn write(&self, code: &mut Code, prefix: &str) {
        let one_line = self.one_line();
        if code.line_if_fits(format_args!("{prefix}{one_line}")) {
            return;
        }
        match self {
            Term::Expr(expr) => code.line(format_args!("{prefix}{expr}")),
            Term::Present {
                field,
                binding,
                sum,
            } => {
                code.open(format_args!("{prefix}match &self.{field}"));
                code.chain(&format!("Some({binding}) => "), sum, " + ", ",");
                code.line("None => 0,");
                code.close();
            }
        }
    }
}

/// The sum of `terms` as a function's value: on one line if it fits, else one term per line.
fn sum_of(code: &mut Code, terms: &[Term]) {
    let one_line: Vec<String> = terms.iter().map(Term::one_line).collect();
    if code.line_if_fits(Joined(&one_line, " + ")) {
        return;
    }
    let (first, rest) = terms.split_first().expect("a sum has a term");
    first.write(code, "");
    code.indented(|code| rest.iter().for_each(|term| term.write(code, "+ ")));
}

/// A sum of a constant and terms, the constant folded: `12 + self.a.serialized_len() + ...`.
#[derive(Default)]
struct Sum {
    constant: usize,
    terms: Vec<Term>,
}

impl Sum {
    fn add(&mut self, ctx: &Ctx<'_>, ty: &Ty, value: Value<'_>) {
        match ty.fixed_len() {
            Some(n) => self.constant += n,
            None => self.terms.push(Term::Expr(length(ctx, ty, value))),
        }
    }

    /// The length of an optional value: a constant when present, or a sum over `binding`.
    fn add_optional(&mut self, field: &str, binding: &'static str, len: Sum) {
        let field = field.to_owned();
        self.terms.push(if len.terms.is_empty() {
            let n = len.constant;
            Term::Expr(format!("if self.{field}.is_some() {{ {n} }} else {{ 0 }}"))
        } else {
            let sum = len.into_terms().iter().map(Term::one_line).collect();
            Term::Present {
                field,
                binding,
                sum,
            }
        });
    }

    /// The terms to add up, the constant first unless it is a zero that other terms make moot.
    fn into_terms(self) -> Vec<Term> {
        let mut terms = self.terms;
        if self.constant != 0 || terms.is_empty() {
            terms.insert(0, Term::Expr(self.constant.to_string()));
        }
        terms
    }
}

/// The terms of `bare_len`, in wire order, groups at their field.
fn bare_len(ctx: &Ctx<'_>, c: &Combinator) -> Vec<Term> {
    let mut sum = Sum::default();
    for param in &c.params {
        match param {
            WireParam::Flags { .. } => sum.constant += 4,
            WireParam::TrueFlag => {}
            WireParam::Value {
                ty,
                access: Access::Plain { field },
                ..
            } => sum.add(ctx, ty, Value::Place(&format!("self.{field}"))),
            WireParam::Value {
                ty,
                access: Access::Optional { field, .. },
                ..
            } => {
                let mut len = Sum::default();
                len.add(ctx, ty, Value::Ref("v"));
                sum.add_optional(field, "v", len);
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
                members.add(ctx, &m.ty, Value::Place(&format!("g.{}", m.name)));
            }
            sum.add_optional(&field.name, "g", members);
        }
    }
    sum.into_terms()
}

fn statements(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    // The flags words written as placeholders, filled in at the end.
    let mut slots = Vec::new();
    // The prefix (the constructor id, or nothing when bare) is written with the leading run.
    let mut run = Run {
        prefix: true,
        ..Run::default()
    };
    let mut params = c.params.iter().peekable();
    while let Some(param) = params.next() {
        match param {
            WireParam::Flags { local } => match flags_word(c, local) {
                FlagsWord::Placeholder(bits) => {
                    run.placeholder(local, bits, code);
                    slots.push(local);
                }
                FlagsWord::Known(bits) if bits.is_empty() => run.push("0u32".to_owned(), 4, code),
                FlagsWord::Known(bits) => {
                    code.chain(&format!("let {local}: u32 = "), &bits, " | ", ";");
                    run.push(local.clone(), 4, code);
                }
            },
            WireParam::TrueFlag => {}
            WireParam::Value {
                ty,
                access: Access::Plain { field },
                ..
            } => run.field(ctx, ty, &format!("self.{field}"), code),
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
                run.flush(code);
                code.open(format_args!("if let Some(v) = &self.{field}"));
                code.line(set_bit(flags_local, *bit));
                code.line(write(ctx, ty, Value::Ref("v")));
                code.close();
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
                run.flush(code);
                code.open(format_args!("if let Some(g) = &self.{group}"));
                code.line(set_bit(flags_local, *bit));
                let mut members = Run::default();
                members.field(ctx, ty, &format!("g.{member}"), code);
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
                    members.field(ctx, ty, &format!("g.{member}"), code);
                    params.next();
                }
                members.flush(code);
                code.close();
            }
        }
    }
    run.flush(code);
    for local in slots {
        code.line(format_args!("out.fill_u32({local}_at, {local});"));
    }
}

/// Consecutive fixed-size values (`int`, `long`, `Bool`, ... and flags words), written together
/// with one bounds check (`Writer::put_fixed`) instead of one each. With the constructor id as
/// the leading run's prefix, the issue-5 payload (100 messages) encodes in 16% fewer
/// instructions than with a check per value.
#[derive(Default)]
struct Run {
    /// Whether the run starts with `prefix`, the `write_prefixed` argument (of `P::LEN` bytes).
    prefix: bool,
    /// The values after the prefix, as copyable places (`self.id`, `g.views`), locals (`flags`)
    /// or `0u32` for a flags word to fill in later.
    values: Vec<String>,
    /// The flags words to fill in later. Always first after the prefix (a placeholder ends a run
    /// that has other values), so the first one's slot is where the prefix ends.
    placeholders: Vec<Placeholder>,
    /// The length of the values so far, in bytes.
    len: usize,
}

/// A flags word in a [`Run`], written as `0u32` and filled in once its fields are written.
struct Placeholder {
    /// The local holding the word (its slot is `{local}_at`).
    local: String,
    /// Its offset from the run's first placeholder, in bytes.
    offset: usize,
    /// The bits of `true` flags, known up front, that it is declared with.
    bits: Vec<String>,
}

impl Run {
    /// Writes the field `value` of type `ty`: joins the run if fixed-size, else ends it first.
    fn field(&mut self, ctx: &Ctx<'_>, ty: &Ty, value: &str, code: &mut Code) {
        match ty.fixed_len() {
            Some(n) => self.push(value.to_owned(), n, code),
            None => {
                self.flush(code);
                code.line(write(ctx, ty, Value::Place(value)));
            }
        }
    }

    /// Adds a value of `len` bytes; a run at [`MAX_RUN`] values is written out.
    fn push(&mut self, value: String, len: usize, code: &mut Code) {
        self.values.push(value);
        self.len += len;
        if self.values.len() + usize::from(self.prefix) == MAX_RUN {
            self.flush(code);
        }
    }

    /// Writes the flags word `local` as a placeholder (`0u32`), its slot bound to `{local}_at`,
    /// the local declared with its `bits` known up front.
    fn placeholder(&mut self, local: &str, bits: Vec<String>, code: &mut Code) {
        if self.values.len() > self.placeholders.len() {
            self.flush(code);
        }
        self.placeholders.push(Placeholder {
            local: local.to_owned(),
            offset: self.len,
            bits,
        });
        self.push("0u32".to_owned(), 4, code);
    }

    /// Writes the values gathered so far: one alone as usual, more as a tuple.
    fn flush(&mut self, code: &mut Code) {
        let mut values = Vec::with_capacity(self.values.len() + 1);
        if self.prefix {
            values.push("prefix".to_owned());
        }
        values.append(&mut self.values);
        for Placeholder { local, bits, .. } in &self.placeholders {
            code.chain(&format!("let mut {local}: u32 = "), bits, " | ", ";");
        }
        match (&values[..], &self.placeholders[..]) {
            ([], _) => {}
            ([_], [Placeholder { local, .. }]) => {
                code.line(format_args!("let {local}_at = out.reserve_u32();"))
            }
            ([value], _) if self.prefix => code.line(format_args!("out.put_fixed({value});")),
            ([value], _) => code.line(format_args!("{value}.write_to(out);")),
            (values, []) => code.list("out.put_fixed((", values, "));"),
            (values, [Placeholder { local: first, .. }, rest @ ..]) => {
                let head = format!("let {first}_at = out");
                let put = format!(".put_fixed(({}))", Joined(values, ", "));
                if !self.prefix {
                    code.list(&format!("{head}.put_fixed(("), values, "));");
                } else if !code.line_if_fits(format_args!("{head}{put}.after(P::LEN);")) {
                    // The first placeholder's slot is where the prefix ends. Too wide for a line:
                    // as a method chain, as rustfmt breaks one, else one value per line.
                    if code.fits_indented(&put) {
                        code.line(&head);
                        code.indented(|code| {
                            code.line(&put);
                            code.line(".after(P::LEN);");
                        });
                    } else {
                        code.list(&format!("{head}.put_fixed(("), values, "))");
                        code.indented(|code| code.line(".after(P::LEN);"));
                    }
                }
                for Placeholder { local, offset, .. } in rest {
                    code.line(format_args!("let {local}_at = {first}_at.after({offset});"));
                }
            }
        }
        self.prefix = false;
        self.placeholders.clear();
        self.len = 0;
    }
}

/// `flags |= 1 << 3;`: a present optional field sets its bit as it is written.
fn set_bit(flags_local: &str, bit: u32) -> String {
    match bit {
        0 => format!("{flags_local} |= 1;"),
        n => format!("{flags_local} |= 1 << {n};"),
    }
}

/// How a flags word is written, with the bits of its `true` flags (`u32::from(self.out) << 1`),
/// which are known up front.
enum FlagsWord {
    /// As a placeholder (`let {local}_at = out.reserve_u32();`), filled in once the fields are;
    /// declared with these bits (`0` if none) with the run it is in.
    Placeholder(Vec<String>),
    /// As these bits, known before the fields are written (none: the constant `0u32`).
    Known(Vec<String>),
}

/// Says how to write the flags word `local`.
///
/// The bits of `true` flags (`bool` fields) are known up front. The bits of optional fields and
/// groups are set by the `if let` that writes each present one ([`set_bit`]), so a word that has
/// any is written as a placeholder (`Writer::reserve_u32`) and filled in once the fields are
/// written (`fill_u32`): each `Option` is tested once, not once for the word and again to write
/// it (a fifth of encoding's time when it was tested twice).
fn flags_word(c: &Combinator, local: &str) -> FlagsWord {
    let mut bits: Vec<(u32, String)> = Vec::new();
    let mut presence_bits = false;
    for field in &c.fields {
        match &field.kind {
            FieldKind::Flag { flags_local, bit } if flags_local == local => {
                bits.push((*bit, format!("self.{}", field.name)))
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
    let parenthesize = bits.len() > 1;
    let mut terms: Vec<String> = bits
        .iter()
        .map(|(bit, flag)| match bit {
            0 => format!("u32::from({flag})"),
            n if parenthesize => format!("(u32::from({flag}) << {n})"),
            n => format!("u32::from({flag}) << {n}"),
        })
        .collect();
    if presence_bits {
        if terms.is_empty() {
            terms.push("0".to_owned());
        }
        FlagsWord::Placeholder(terms)
    } else {
        FlagsWord::Known(terms)
    }
}
