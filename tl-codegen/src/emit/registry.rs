//! The id registry: every constructor and function by id, for `Object`, `name_for_id` and decoding
//! any boxed value whose type is not known in advance.

use super::structs::hex;
use super::{Code, Ctx};
use crate::ir::{Ir, ResultKind};

pub fn registry(ctx: &Ctx<'_>, ir: &Ir, code: &mut Code) {
    let rt = ctx.rt();
    // Constructors decode through their boxed type's enum (one decoder per type, not per
    // constructor); constructors of `Object` itself and functions decode as their own struct.
    // (id, TL name, the type that decodes it, whether it is a function's).
    let mut entries: Vec<(u32, &str, String, bool)> = Vec::new();
    for e in &ir.enums {
        let path = ctx.path(&e.path);
        entries.extend(
            e.variants
                .iter()
                .map(|v| (v.id, v.tl_name.as_str(), path.clone(), false)),
        );
    }
    let enum_less = ir
        .constructors
        .iter()
        .filter(|c| matches!(c.result, ResultKind::Constructor { enum_path: None }));
    for c in enum_less.chain(&ir.functions) {
        let path = ctx.path(&c.path);
        let ty = if c.generics.is_empty() {
            path
        } else {
            let objects = vec!["Object"; c.generics.len()];
            format!("{path}<{}>", objects.join(", "))
        };
        entries.push((c.id, c.tl_name.as_str(), ty, c.is_function()));
    }
    entries.extend(
        ir.bool_constructors
            .iter()
            .map(|(id, name)| (*id, name.as_str(), "bool".to_owned(), false)),
    );
    entries.sort_by_key(|(id, ..)| *id);
    // One entry per id: where definitions share one, the one that owns it.
    entries.retain(
        |(id, name, ..)| match ir.shared_ids.binary_search_by_key(id, |(id, _)| *id) {
            Ok(i) => ir.shared_ids[i].1 == *name,
            Err(_) => true,
        },
    );

    code.item();
    code.doc([
        "This crate's schema: every constructor and function by id (see [`name_for_id`] and [`Object`]).",
    ]);
    code.line("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]");
    code.line("pub struct Schema;");

    code.item();
    code.doc([
        "Both tables sorted by constructor id (the generator sorts them), as lookups",
        "binary-search them. Names apart from decoders, so that `name_for_id` compiles none.",
    ]);
    code.open(format_args!("impl {rt}::Registry for Schema"));
    code.begin("const NAMES: &'static [(u32, &'static str)] = &[");
    for (id, name, ..) in &entries {
        code.line(format_args!("({}, {name:?}),", hex(*id)));
    }
    code.end("];");
    code.begin(format_args!(
        "const ENTRIES: &'static [{rt}::RegistryEntry] = &["
    ));
    let decoded = entries
        .iter()
        .filter(|(.., is_function)| ctx.options.function_decoders || !is_function);
    for (id, name, ty, _) in decoded {
        let head = format!("{rt}::RegistryEntry::of::<{ty}>(");
        code.list(&head, &[hex(*id), format!("{name:?}")], "),");
    }
    code.end("];");
    code.close();

    code.item();
    if ctx.options.function_decoders {
        code.doc([
            "Any boxed value of this schema, decoded by its constructor id (TL's `Object`).",
        ]);
    } else {
        code.doc([
            "Any boxed value of this schema, decoded by its constructor id (TL's `Object`), but for",
            "functions: generated without their decoders, it reports a function's id as unknown.",
        ]);
    }
    code.line(format_args!("pub type Object = {rt}::AnyObject<Schema>;"));

    code.item();
    code.doc([
        "The TL name of a constructor or function id of this schema, e.g. `auth.sentCode`",
        "(`vector` for the built-in `vector#1cb5c415`).",
    ]);
    code.open("pub fn name_for_id(id: u32) -> Option<&'static str>");
    code.line(format_args!("<Schema as {rt}::Registry>::name_for_id(id)"));
    code.close();
}
