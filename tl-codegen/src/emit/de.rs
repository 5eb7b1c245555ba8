//! `BareDeserialize`: reads a combinator's fields in wire order, flags words first, groups zipped.

use super::structs::{bounded_generics, generics};
use super::{Code, Ctx, Joined, MAX_RUN};
use crate::ir::{Access, Combinator, Field, FieldKind, Group, Ty, WireParam};

pub fn bare_deserialize(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    let rt = ctx.rt();
    let impl_generics = bounded_generics(c, &format!("{rt}::Deserialize"));
    let generics = generics(c);
    let reader = if c.params.is_empty() { "_r" } else { "r" };
    code.item();
    code.open_impl(
        &format!("impl{impl_generics} {rt}::BareDeserialize"),
        &format!("{}{generics}", c.path.name),
    );
    code.open_list(
        "fn deserialize_bare(",
        &[format!("{reader}: &mut {rt}::Reader<'_>")],
        &format!(") -> {rt}::Result<Self>"),
    );
    if c.guard_depth {
        code.open("r.nested(|r|");
        body(ctx, c, code);
        code.close_with(")");
    } else {
        body(ctx, c, code);
    }
    code.close();
    code.close();
}

/// The reads, then `Ok(Self { .. })`.
fn body(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    let mut run: Vec<RunMember<'_>> = Vec::new();
    for param in &c.params {
        match run_member(ctx, c, param) {
            Some(member) => run.push(member),
            None if matches!(param, WireParam::TrueFlag) => {}
            None => {
                read_run(ctx, c, &run, code);
                run.clear();
                read_param(ctx, c, param, code);
            }
        }
    }
    read_run(ctx, c, &run, code);
    if c.fields.is_empty() {
        code.line("Ok(Self {})");
        return;
    }
    let inits: Vec<Init<'_>> = c.fields.iter().map(init).collect();
    // One line is tried only without groups, whose initializers are blocks.
    let lines: Option<Vec<&str>> = inits
        .iter()
        .map(|i| match i {
            Init::Line(line) => Some(line.as_str()),
            Init::Group(_) => None,
        })
        .collect();
    if let Some(lines) = lines
        && code.line_if_fits(format_args!("Ok(Self {{ {} }})", Joined(&lines, ", ")))
    {
        return;
    }
    code.open("Ok(Self");
    for (f, init) in c.fields.iter().zip(&inits) {
        match init {
            Init::Line(line) => code.line(format_args!("{line},")),
            Init::Group(group) => group_init(code, &f.name, group),
        }
    }
    code.close_with(")");
}

/// `field: match (a, b) { (Some(a), Some(b)) => Some(Group { a, b }), _ => None },` as a block:
/// the members, read as `Option`s, make the group only when all are present.
fn group_init(code: &mut Code, field: &str, group: &Group) {
    let locals: Vec<String> = group.members.iter().map(|m| local_name(&m.name)).collect();
    let somes: Vec<String> = locals.iter().map(|l| format!("Some({l})")).collect();
    let inits: Vec<String> = group
        .members
        .iter()
        .zip(&locals)
        .map(|(m, local)| shorthand(&m.name, local))
        .collect();
    code.open_list(&format!("{field}: match ("), &locals, ")");
    group_arm(
        code,
        &format!("({})", Joined(&somes, ", ")),
        &group.path.name,
        &inits,
    );
    code.line("_ => None,");
    code.close_with(",");
}

/// `(Some(a), Some(b)) => Some(Group { a, b }),`, broken over lines as far as it has to be.
fn group_arm(code: &mut Code, pattern: &str, group: &str, inits: &[String]) {
    let value = format!("Some({group} {{ ");
    if code.fits(&format!("{pattern} => {value}")) {
        code.list(&format!("{pattern} => {value}"), inits, " }),");
    } else {
        code.open(format_args!("{pattern} =>"));
        code.list(&value, inits, " })");
        code.close();
    }
}

/// A field's initializer in `Self { .. }`.
enum Init<'c> {
    /// One line: `id`, `name: r_`, `out: flags & (1 << 1) != 0`.
    Line(String),
    /// A group's `match`, printed as a block by [`group_init`].
    Group(&'c Group),
}

fn init(f: &Field) -> Init<'_> {
    match &f.kind {
        FieldKind::Plain(_) | FieldKind::Optional(_) => {
            Init::Line(shorthand(&f.name, &local_name(&f.name)))
        }
        FieldKind::Flag { flags_local, bit } => {
            Init::Line(format!("{}: {}", f.name, bit_test(flags_local, *bit)))
        }
        FieldKind::Group { group } => Init::Group(group),
    }
}

/// `name`, or `name: local` when they differ.
fn shorthand(name: &str, local: &str) -> String {
    if name == local {
        name.to_owned()
    } else {
        format!("{name}: {local}")
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
fn bit_test(flags_local: &str, bit: u32) -> String {
    if bit == 0 {
        format!("{flags_local} & 1 != 0")
    } else {
        format!("{flags_local} & (1 << {bit}) != 0")
    }
}

/// A parameter that can be read in a run of fixed-size values (`Reader::read_fixed`, one bounds
/// check for the run), with the binding and the type it is read as.
struct RunMember<'c> {
    param: &'c WireParam,
    binding: String,
    ty: String,
}

/// The parameter as a member of a run, if it can be one: a flags word, or an `int`, `long`,
/// `double`, `int128` or `int256` field. Not a `Bool`, which can fail to decode (it must be one
/// of two ids).
fn run_member<'c>(ctx: &Ctx<'_>, c: &Combinator, param: &'c WireParam) -> Option<RunMember<'c>> {
    let (binding, ty) = match param {
        WireParam::Flags { local } if flags_word_used(c, local) => {
            (local.clone(), "u32".to_owned())
        }
        WireParam::Flags { .. } => ("_".to_owned(), "u32".to_owned()),
        WireParam::Value {
            ty: ty @ (Ty::Int | Ty::Long | Ty::Double | Ty::Int128 | Ty::Int256 | Ty::Int512),
            access: Access::Plain { field },
            ..
        } => (local_name(field), ctx.ty(ty)),
        _ => return None,
    };
    Some(RunMember { param, binding, ty })
}

/// Reads a run of fixed-size values: `let (flags, id): (u32, i32) = tri!(r.read_fixed());`, one
/// value alone as usual. A run longer than [`MAX_RUN`] or too wide for a line is read in two
/// halves.
fn read_run(ctx: &Ctx<'_>, c: &Combinator, run: &[RunMember<'_>], code: &mut Code) {
    match run {
        [] => {}
        [single] => read_param(ctx, c, single.param, code),
        run => {
            let bindings: Vec<&str> = run.iter().map(|m| m.binding.as_str()).collect();
            let types: Vec<&str> = run.iter().map(|m| m.ty.as_str()).collect();
            let head = format!(
                "let ({}): ({}) =",
                Joined(&bindings, ", "),
                Joined(&types, ", ")
            );
            if run.len() <= MAX_RUN
                && code.line_or_continued_if_fits(&head, "tri!(r.read_fixed());")
            {
                return;
            }
            let (first, second) = run.split_at(run.len() / 2);
            read_run(ctx, c, first, code);
            read_run(ctx, c, second, code);
        }
    }
}

fn read_param(ctx: &Ctx<'_>, c: &Combinator, param: &WireParam, code: &mut Code) {
    match param {
        WireParam::Flags { local } if flags_word_used(c, local) => {
            code.line(format_args!("let {local} = tri!(r.read_u32());"))
        }
        WireParam::Flags { .. } => code.line("tri!(r.read_u32());"),
        WireParam::TrueFlag => {}
        WireParam::Value { ty, access, .. } => {
            let read = read(ctx, ty);
            match access {
                Access::Plain { field } => {
                    let local = local_name(field);
                    if !code.line_if_fits(format_args!("let {local} = {read};")) {
                        code.line(format_args!("let {local} ="));
                        code.indented(|code| code.line(format_args!("{read};")));
                    }
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
                    let local = local_name(name);
                    let test = bit_test(flags_local, *bit);
                    // A boxed field's read is wrapped in `Box::new`: not one function's call.
                    if let Some(read) = read_fn(ctx, ty).filter(|_| !ty.is_heap()) {
                        // One line; else the call on the next; else one argument per line.
                        let call = format!("tri!(r.read_if({test}, {read}));");
                        if !code.line_or_continued_if_fits(&format!("let {local} ="), &call) {
                            let head = format!("let {local} = tri!(r.read_if(");
                            code.list(&head, &[test, read], "));");
                        }
                    } else if !code.line_if_fits(format_args!(
                        "let {local} = if {test} {{ Some({read}) }} else {{ None }};"
                    )) {
                        code.open(format_args!("let {local} = if {test}"));
                        code.line(format_args!("Some({read})"));
                        code.close_with(" else {");
                        code.indented(|code| code.line("None"));
                        code.line("};");
                    }
                }
            }
        }
    }
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

/// The function that reads one value of type `ty` from the reader alone: `Peer::deserialize`,
/// `Message::deserialize_bare`. None for bare vectors and vectors of bare items, whose readers
/// take more arguments.
fn read_fn(ctx: &Ctx<'_>, ty: &Ty) -> Option<String> {
    match ty {
        Ty::Bare { path, .. } => Some(format!("{}::deserialize_bare", ctx.path(path))),
        Ty::Vector { boxed, item } if !*boxed || matches!(**item, Ty::Bare { .. }) => None,
        _ => Some(format!("{}::deserialize", ctx.ty_path(ty))),
    }
}

/// The expression reading one value of type `ty` from `r`, in `tri!` (the runtime's `?`).
fn read(ctx: &Ctx<'_>, ty: &Ty) -> String {
    let rt = ctx.rt();
    let read = match read_fn(ctx, ty) {
        Some(read) => format!("tri!({read}(r))"),
        None => match ty {
            Ty::Vector { boxed, item } if matches!(**item, Ty::Bare { .. }) => {
                format!("tri!({rt}::vector::deserialize_bare_items(r, {boxed}))")
            }
            _ => format!("tri!({rt}::vector::deserialize_bare(r))"),
        },
    };
    if ty.is_heap() {
        format!("Box::new({read})")
    } else {
        read
    }
}
