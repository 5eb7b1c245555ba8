//! Struct definitions for constructors and functions, their flag groups, and `Identifiable`.

use super::{Code, Ctx, de, docs, ser};
use crate::ir::{Combinator, FieldKind, ResultKind};

/// Every item of one combinator: its struct, group structs, accessors, and trait impls.
pub fn combinator(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    definition(ctx, c, code);
    groups(ctx, c, code);
    implied_accessors(c, code);
    identifiable(ctx, c, code);
    ser::bare_serialize(ctx, c, code);
    if ctx.options.function_decoders || !c.is_function() {
        de::bare_deserialize(ctx, c, code);
    }
}

/// `<X, Y>` after the struct name, or nothing.
pub fn generics(c: &Combinator) -> String {
    if c.generics.is_empty() {
        return String::new();
    }
    format!("<{}>", c.generics.join(", "))
}

/// `<X: Bound, ...>` after `impl`, or nothing.
pub fn bounded_generics(c: &Combinator, bound: &str) -> String {
    if c.generics.is_empty() {
        return String::new();
    }
    let bounded: Vec<String> = c.generics.iter().map(|g| format!("{g}: {bound}")).collect();
    format!("<{}>", bounded.join(", "))
}

/// The derives every generated type has, then the user's attributes.
pub fn attributes(ctx: &Ctx<'_>, code: &mut Code) {
    code.line("#[derive(Debug, Clone, PartialEq)]");
    for attribute in &ctx.options.type_attributes {
        code.lines(attribute);
    }
}

fn definition(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    let what = match c.result {
        ResultKind::Constructor { .. } => "constructor",
        ResultKind::Function { .. } => "function",
    };
    code.item();
    docs::combinator(code, c, what);
    attributes(ctx, code);
    let head = format!("pub struct {}{}", c.path.name, generics(c));
    code.open(&head);
    for f in &c.fields {
        docs::field(code, f);
        let ty = match &f.kind {
            FieldKind::Plain(ty) => ctx.ty(ty),
            FieldKind::Optional(ty) => format!("Option<{}>", ctx.ty(ty)),
            FieldKind::Flag { .. } => "bool".to_owned(),
            FieldKind::Group { group } => format!("Option<{}>", group.path.name),
        };
        code.line(format_args!("pub {}: {ty},", f.name));
    }
    code.close();
}

/// One struct per group of fields sharing a flag bit.
fn groups(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    let groups = c.fields.iter().filter_map(|f| match &f.kind {
        FieldKind::Group { group } => Some(group),
        _ => None,
    });
    for group in groups {
        let params: Vec<String> = group
            .members
            .iter()
            .map(|m| format!("`{}`", m.tl_param))
            .collect();
        code.item();
        code.doc([
            format!(
                "The fields of `{}` that share `{}.{}`:",
                c.tl_name, group.flags_local, group.bit
            ),
            format!("{}; present together or not at all.", params.join(", ")),
        ]);
        attributes(ctx, code);
        code.open(format_args!("pub struct {}", group.path.name));
        for m in &group.members {
            code.doc(
                m.doc
                    .as_deref()
                    .into_iter()
                    .chain([format!("TL: `{}`", m.tl_param).as_str()]),
            );
            code.line(format_args!("pub {}: {},", m.name, ctx.ty(&m.ty)));
        }
        code.close();
    }
}

/// Accessors for `flags.N?true` params whose bit another field carries.
fn implied_accessors(c: &Combinator, code: &mut Code) {
    if c.implied_flags.is_empty() {
        return;
    }
    let generics = generics(c);
    code.item();
    code.open(format_args!("impl{generics} {}{generics}", c.path.name));
    for flag in &c.implied_flags {
        let owner = c.fields.iter().find(|f| f.name == flag.implied_by);
        let value = match owner.map(|f| &f.kind) {
            Some(FieldKind::Flag { .. }) => format!("self.{}", flag.implied_by),
            _ => format!("self.{}.is_some()", flag.implied_by),
        };
        code.doc([format!(
            "TL: `{}`, whose bit is set exactly when `{}` is.",
            flag.tl_param, flag.implied_by
        )]);
        code.open(format_args!("pub fn {}(&self) -> bool", flag.name));
        code.line(value);
        code.close();
    }
    code.close();
}

fn identifiable(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    let generics = generics(c);
    code.item();
    code.open_impl(
        &format!("impl{generics} {}::Identifiable", ctx.rt()),
        &format!("{}{generics}", c.path.name),
    );
    code.line(format_args!("const CONSTRUCTOR_ID: u32 = {};", hex(c.id)));
    code.line(format_args!("const NAME: &'static str = {:?};", c.tl_name));
    code.close();
}

/// `0x1cb5c415`, as ids are written.
pub fn hex(id: u32) -> String {
    format!("{id:#010x}")
}
