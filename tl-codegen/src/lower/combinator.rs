//! The combinators pass: each constructor's and function's struct fields (plain, optional,
//! flag bits, groups of fields sharing a bit) and its parameters in wire order.

use std::collections::{BTreeMap, HashSet};

use tlgen_parser::{Definition, ParamKind};

use super::enums::Declared;
use super::flags::{self, Role};
use super::types::{Names, TypeIndex};
use super::{Source, Sources, names, pascal_case, snake_case};
use crate::error::Unsupported;
use crate::ir::*;

/// The lowered combinators, each with its source, and the problems of those that failed.
pub(crate) struct Lowered<'s, 'a> {
    pub constructors: Vec<(Source<'s, 'a>, Combinator)>,
    pub functions: Vec<(Source<'s, 'a>, Combinator)>,
    pub problems: Vec<Unsupported>,
}

/// Lowers every constructor and function; one that cannot be lowered adds its problems.
pub(crate) fn lower_all<'s, 'a>(
    sources: &Sources<'s, 'a>,
    declared: &Declared<'_, '_>,
    names: &Names,
) -> Lowered<'s, 'a> {
    let mut lowered = Lowered {
        constructors: Vec::with_capacity(sources.constructors.len()),
        functions: Vec::with_capacity(sources.functions.len()),
        problems: Vec::new(),
    };
    for (source, path) in sources.constructors.iter().zip(&declared.constructor_paths) {
        let boxed = declared
            .index
            .get(&source.def.result.name.to_string())
            .map(|&i| &declared.enums[i]);
        let enum_path = boxed.map(|e| e.path.clone());
        let result = ResultKind::Constructor { enum_path };
        match lower_combinator(source, path.clone(), result, names) {
            Ok(mut c) => {
                c.sole_of_type = boxed
                    .filter(|e| e.variants.len() == 1)
                    .map(|e| e.tl_name.clone());
                lowered.constructors.push((*source, c));
            }
            Err(p) => lowered.problems.extend(p),
        }
    }
    for source in &sources.functions {
        let def = source.def;
        let path = super::enums::item_path(Kind::Functions, def.name.namespace, def.name.name);
        let generics = generic_names(def);
        let scoped = TypeIndex {
            names,
            generics: &generics,
        };
        let returns = match scoped.resolve(&def.result) {
            Ok(ty) => ty,
            Err(message) => {
                lowered
                    .problems
                    .push(source.problem(def.result.span.start, message));
                continue;
            }
        };
        match lower_combinator(source, path, ResultKind::Function { returns }, names) {
            Ok(c) => lowered.functions.push((*source, c)),
            Err(p) => lowered.problems.extend(p),
        }
    }
    lowered
}

fn generic_names(def: &Definition<'_>) -> Vec<String> {
    def.generics.iter().map(|g| g.name.to_owned()).collect()
}

/// Builds one combinator's struct fields and wire order.
fn lower_combinator(
    source: &Source<'_, '_>,
    path: ItemPath,
    result: ResultKind,
    names: &Names,
) -> Result<Combinator, Vec<Unsupported>> {
    let def = source.def;
    let generics = generic_names(def);
    let scoped = TypeIndex {
        names,
        generics: &generics,
    };
    let bits = flags::bit_users(&def.params);
    let mut problems = Vec::new();
    let mut params = Vec::with_capacity(def.params.len());
    let mut fields: Vec<Field> = Vec::new();
    let mut implied_flags = Vec::new();
    let mut group_of_bit: BTreeMap<(&str, u32), usize> = BTreeMap::new();
    let mut seen_names = HashSet::new();
    // The fields' names, which the locals of flags words must not equal (see `names::flags_local`).
    let field_names: Vec<String> = def
        .params
        .iter()
        .filter(|p| !matches!(p.kind, ParamKind::Nat))
        .filter_map(|p| p.name.map(snake_case))
        .collect();
    let flags_local = |tl_name: &str| names::flags_local(tl_name, &field_names);

    for (i, param) in def.params.iter().enumerate() {
        let tl_name = param.name.unwrap_or("");
        let name = if tl_name.is_empty() {
            format!("arg{i}")
        } else {
            snake_case(tl_name)
        };
        let tl_param = source.schema.source[param.span.range()].to_owned();
        let doc = param.doc.as_ref().map(|d| d.text.to_string());
        match &param.kind {
            ParamKind::Nat => {
                let local = if tl_name.is_empty() {
                    flags_local(&name)
                } else {
                    flags_local(tl_name)
                };
                params.push(WireParam::Flags { local });
                continue;
            }
            ParamKind::Repeat { .. } => {
                problems.push(source.problem(
                    param.span.start,
                    "a repetition `[ ... ]` outside a built-in line is not supported".into(),
                ));
                continue;
            }
            ParamKind::Field { ty, flag } => {
                if !seen_names.insert(name.clone()) {
                    problems.push(source.problem(
                        param.span.start,
                        format!("two parameters map to the Rust field `{name}`"),
                    ));
                }
                let Some(flag) = flag else {
                    match scoped.resolve(ty) {
                        Ok(ty) => {
                            params.push(WireParam::Value {
                                tl_name: tl_name.to_owned(),
                                ty: ty.clone(),
                                access: Access::Plain {
                                    field: name.clone(),
                                },
                            });
                            fields.push(Field {
                                local: names::decode_local(&name),
                                name,
                                kind: FieldKind::Plain(ty),
                                doc,
                                tl_params: vec![tl_param],
                            });
                        }
                        Err(message) => problems.push(source.problem(ty.span.start, message)),
                    }
                    continue;
                };
                let flags_local = flags_local(flag.field);
                let users = &bits[&(flag.field, flag.bit)];
                let role = flags::role(users, i);
                if role == Role::FlagField || role == Role::Implied {
                    params.push(WireParam::TrueFlag);
                    if role == Role::FlagField {
                        fields.push(Field {
                            local: names::decode_local(&name),
                            name,
                            kind: FieldKind::Flag {
                                flags_local,
                                bit: flag.bit,
                            },
                            doc,
                            tl_params: vec![tl_param],
                        });
                    } else {
                        let owner = owner_field_name(def, users);
                        implied_flags.push(ImpliedFlag {
                            name,
                            implied_by: owner,
                            tl_param,
                        });
                    }
                    continue;
                }
                let resolved = match scoped.resolve(ty) {
                    Ok(t) => t,
                    Err(message) => {
                        problems.push(source.problem(ty.span.start, message));
                        continue;
                    }
                };
                if role == Role::Optional {
                    params.push(WireParam::Value {
                        tl_name: tl_name.to_owned(),
                        ty: resolved.clone(),
                        access: Access::Optional {
                            field: name.clone(),
                            flags_local,
                            bit: flag.bit,
                        },
                    });
                    fields.push(Field {
                        local: names::decode_local(&name),
                        name,
                        kind: FieldKind::Optional(resolved),
                        doc,
                        tl_params: vec![tl_param],
                    });
                    continue;
                }
                let group_field = owner_field_name(def, users);
                let slot = *group_of_bit
                    .entry((flag.field, flag.bit))
                    .or_insert_with(|| {
                        let group_path = ItemPath {
                            kind: path.kind,
                            namespace: path.namespace.clone(),
                            name: format!("{}{}", path.name, pascal_case(&group_field)),
                        };
                        fields.push(Field {
                            local: names::decode_local(&group_field),
                            name: group_field.clone(),
                            kind: FieldKind::Group {
                                group: Group {
                                    path: group_path,
                                    flags_local: flags_local.clone(),
                                    bit: flag.bit,
                                    members: Vec::new(),
                                },
                            },
                            doc: None,
                            tl_params: Vec::new(),
                        });
                        fields.len() - 1
                    });
                let field = &mut fields[slot];
                field.tl_params.push(tl_param.clone());
                if let FieldKind::Group { group } = &mut field.kind {
                    group.members.push(GroupMember {
                        local: names::decode_local(&name),
                        name: name.clone(),
                        ty: resolved.clone(),
                        tl_name: if tl_name.is_empty() {
                            format!("_{}", i + 1)
                        } else {
                            tl_name.to_owned()
                        },
                        tl_param,
                        doc,
                    });
                }
                params.push(WireParam::Value {
                    tl_name: tl_name.to_owned(),
                    ty: resolved,
                    access: Access::GroupMember {
                        group: group_field,
                        member: name,
                        flags_local,
                        bit: flag.bit,
                    },
                });
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Combinator {
        path,
        tl_name: def.name.to_string(),
        id: def.id(),
        tl_line: fold_whitespace(&source.schema.source[def.span.range()]),
        doc: def.doc.description.as_ref().map(|d| d.text.to_string()),
        generics,
        params,
        fields,
        implied_flags,
        result,
        guard_depth: false,
        // Planned once recursion and boxing are settled (`plan::plan`).
        flags_words: Vec::new(),
        encode: Vec::new(),
        decode: Vec::new(),
        // Decided once every struct is known (`api::plan`).
        derives_default: false,
        new_fn: false,
        sole_of_type: None,
    })
}

/// The name of the field that carries a bit: the sole data param, the group of several, or the
/// first `true` param where the bit carries no data.
fn owner_field_name(def: &Definition<'_>, users: &flags::BitUsers) -> String {
    let name_of = |i: usize| {
        def.params[i]
            .name
            .map_or_else(|| format!("arg{i}"), snake_case)
    };
    match users.values.as_slice() {
        [] => name_of(users.trues[0]),
        [only] => name_of(*only),
        several => several
            .iter()
            .map(|&i| name_of(i).trim_start_matches("r#").to_owned())
            .collect::<Vec<_>>()
            .join("_"),
    }
}

fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
