//! Lowering: parsed schemas -> [`Ir`]. Every decision about names, types, boxing and flag groups
//! is made here, and every definition that cannot be mapped is reported (none is dropped).

mod flags;
mod names;
mod recursion;
mod size;
mod types;

use std::collections::{BTreeMap, HashMap, HashSet};

use tl_parser::{Category, Definition, DefinitionKind, ParamKind, Schema};

use crate::error::{Error, Unsupported};
use crate::ir::*;
use flags::Role;
use recursion::Graph;
use types::{Names, TypeIndex};

pub use names::{pascal_case, snake_case};

/// One definition to generate, with the schema it came from.
#[derive(Clone, Copy)]
struct Source<'s, 'a> {
    schema: &'s Schema<'a>,
    def: &'s Definition<'a>,
}

impl Source<'_, '_> {
    fn problem(&self, offset: usize, message: String) -> Unsupported {
        Unsupported::at(self.schema.file_name, self.schema.source, offset, message)
    }
}

/// Turns the schemas (already parsed and validated together) into the IR.
pub fn lower(schemas: &[Schema<'_>]) -> Result<Ir, Error> {
    let mut problems = Vec::new();
    let all: Vec<Source<'_, '_>> = schemas
        .iter()
        .flat_map(|schema| {
            schema
                .definitions
                .iter()
                .filter(|d| d.kind == DefinitionKind::Regular)
                .map(move |def| Source { schema, def })
        })
        .collect();
    let constructors: Vec<_> = all
        .iter()
        .copied()
        .filter(|s| {
            s.def.category == Category::Type
                && !types::is_runtime_type(&s.def.result.name.to_string())
        })
        .collect();
    let functions: Vec<_> = all
        .iter()
        .copied()
        .filter(|s| s.def.category == Category::Function)
        .collect();

    // Enums first, in order of first appearance, so constructors can name theirs.
    let mut enum_index: HashMap<String, usize> = HashMap::new();
    let mut enums: Vec<BoxedEnum> = Vec::new();
    let mut claims: Vec<(ItemPath, String, Source<'_, '_>)> = Vec::new();
    let mut constructor_paths = Vec::with_capacity(constructors.len());
    for source in &constructors {
        let path = item_path(Kind::Types, source.def.name.namespace, source.def.name.name);
        constructor_paths.push(path.clone());
        let type_name = source.def.result.name.to_string();
        if types::is_any_type(&type_name) {
            continue;
        }
        let enum_slot = *enum_index.entry(type_name.clone()).or_insert_with(|| {
            let path = item_path(
                Kind::Enums,
                source.def.result.name.namespace,
                source.def.result.name.name,
            );
            claims.push((path.clone(), type_name.clone(), *source));
            let doc = source
                .schema
                .type_docs
                .iter()
                .find(|d| d.name == type_name)
                .map(|d| d.description.text.to_string());
            enums.push(BoxedEnum {
                path,
                tl_name: type_name.clone(),
                doc,
                variants: Vec::new(),
                guard_depth: false,
            });
            enums.len() - 1
        });
        enums[enum_slot].variants.push(Variant {
            name: String::new(), // named below, once all of the enum's constructors are known
            path,
            id: source.def.id(),
            tl_name: source.def.name.to_string(),
            boxed: false, // decided once all structs are known (size::box_large_variants)
        });
    }
    for e in &mut enums {
        name_variants(e);
    }

    let names = Names {
        enums: enums
            .iter()
            .map(|e| (e.tl_name.clone(), (e.path.clone(), e.variants.len())))
            .collect(),
        sole_constructor: enums
            .iter()
            .filter(|e| e.variants.len() == 1)
            .map(|e| (e.tl_name.clone(), e.variants[0].path.clone()))
            .collect(),
        constructors: constructors
            .iter()
            .zip(&constructor_paths)
            .map(|(s, p)| (s.def.name.to_string(), p.clone()))
            .collect(),
    };

    let mut lowered_constructors = Vec::with_capacity(constructors.len());
    for (source, path) in constructors.iter().zip(&constructor_paths) {
        let enum_path = enum_index
            .get(&source.def.result.name.to_string())
            .map(|&i| enums[i].path.clone());
        let result = ResultKind::Constructor { enum_path };
        match lower_combinator(source, path.clone(), result, &names) {
            Ok(c) => {
                claim_items(&c, source, &mut claims);
                lowered_constructors.push(c);
            }
            Err(p) => problems.extend(p),
        }
    }
    let mut lowered_functions = Vec::with_capacity(functions.len());
    for source in &functions {
        let path = item_path(
            Kind::Functions,
            source.def.name.namespace,
            source.def.name.name,
        );
        let generics = generic_names(source.def);
        let scoped = TypeIndex {
            names: &names,
            generics: &generics,
        };
        let returns = match scoped.resolve(&source.def.result) {
            Ok(ty) => ty,
            Err(message) => {
                problems.push(source.problem(source.def.result.span.start, message));
                continue;
            }
        };
        match lower_combinator(source, path, ResultKind::Function { returns }, &names) {
            Ok(c) => {
                claim_items(&c, source, &mut claims);
                lowered_functions.push(c);
            }
            Err(p) => problems.extend(p),
        }
    }
    problems.extend(collisions(&claims));
    if !problems.is_empty() {
        return Err(Error::Unsupported(problems));
    }

    let bool_constructors = all
        .iter()
        .filter(|s| s.def.category == Category::Type && s.def.result.name.to_string() == "Bool")
        .map(|s| (s.def.id(), s.def.name.to_string()))
        .collect();
    resolve_recursion(&mut enums, &mut lowered_constructors);
    size::box_large_variants(&mut enums, &lowered_constructors);
    Ok(Ir {
        layer: schemas.iter().find_map(|s| s.layer),
        sources: schemas.iter().map(|s| s.file_name.to_owned()).collect(),
        constructors: lowered_constructors,
        functions: lowered_functions,
        enums,
        bool_constructors,
        shared_ids: tl_parser::shared_id_owners(schemas)
            .into_iter()
            .map(|(id, def)| (id, def.name.to_string()))
            .collect(),
    })
}

fn generic_names(def: &Definition<'_>) -> Vec<String> {
    def.generics.iter().map(|g| g.name.to_owned()).collect()
}

/// `types::auth::SentCode` for `auth.sentCode` in [`Kind::Types`].
fn item_path(kind: Kind, namespace: Option<&str>, name: &str) -> ItemPath {
    ItemPath {
        kind,
        namespace: namespace.map(names::module_name),
        name: names::escape(pascal_case(name)),
    }
}

/// Records the Rust items a combinator defines: its struct and its group structs.
fn claim_items<'s, 'a>(
    c: &Combinator,
    source: &Source<'s, 'a>,
    claims: &mut Vec<(ItemPath, String, Source<'s, 'a>)>,
) {
    claims.push((c.path.clone(), c.tl_name.clone(), *source));
    for field in &c.fields {
        if let FieldKind::Group { group } = &field.kind {
            claims.push((
                group.path.clone(),
                format!("{} (fields {})", c.tl_name, field.name),
                *source,
            ));
        }
    }
}

/// One problem for every Rust item path claimed twice (two TL names that spell the same in Rust).
fn collisions(claims: &[(ItemPath, String, Source<'_, '_>)]) -> Vec<Unsupported> {
    let mut first: HashMap<&ItemPath, &str> = HashMap::new();
    let mut problems = Vec::new();
    for (path, tl_name, source) in claims {
        if let Some(other) = first.insert(path, tl_name) {
            problems.push(source.problem(
                source.def.name.span.start,
                format!(
                    "`{tl_name}` and `{other}` both map to the Rust name `{}`",
                    display_path(path)
                ),
            ));
        }
    }
    problems
}

fn display_path(path: &ItemPath) -> String {
    let mut out = path.kind.module_name().to_owned();
    if let Some(ns) = &path.namespace {
        out.push_str("::");
        out.push_str(ns);
    }
    out.push_str("::");
    out.push_str(&path.name);
    out
}

/// Variant names drop the enum's own name where it prefixes them (`InputPeer::Empty` for
/// `inputPeerEmpty`), unless that leaves nothing or a keyword (`inputPeerSelf` stays
/// `InputPeerSelf`). Where names still collide, the colliding variants spell out their struct
/// name, then their namespace too (`db.files.index.key` -> `DbFilesIndexKey`).
fn name_variants(e: &mut BoxedEnum) {
    let short = |v: &Variant| match v.path.name.strip_prefix(e.path.name.as_str()) {
        Some(rest)
            if rest.starts_with(|c: char| c.is_ascii_uppercase())
                && names::escape(rest.to_owned()) == rest =>
        {
            rest.to_owned()
        }
        _ => v.path.name.clone(),
    };
    let qualified = |v: &Variant| match &v.path.namespace {
        Some(ns) => format!(
            "{}{}",
            pascal_case(ns.trim_start_matches("r#")),
            v.path.name
        ),
        None => v.path.name.clone(),
    };
    let mut names: Vec<String> = e.variants.iter().map(short).collect();
    for fallback in [
        &(|v: &Variant| v.path.name.clone()) as &dyn Fn(&Variant) -> String,
        &qualified,
    ] {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for name in &names {
            *counts.entry(name.clone()).or_default() += 1;
        }
        for (name, variant) in names.iter_mut().zip(&e.variants) {
            if counts[name.as_str()] > 1 {
                *name = fallback(variant);
            }
        }
    }
    for (variant, name) in e.variants.iter_mut().zip(names) {
        variant.name = name;
    }
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
                        name: name.clone(),
                        ty: resolved.clone(),
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

/// Boxes the fields that close a cycle of inline containment, and marks the decoders that can
/// recurse into themselves so they count toward the nesting limit.
fn resolve_recursion(enums: &mut [BoxedEnum], constructors: &mut [Combinator]) {
    let enum_node: HashMap<ItemPath, usize> = enums
        .iter()
        .enumerate()
        .map(|(i, e)| (e.path.clone(), i))
        .collect();
    let struct_node: HashMap<ItemPath, usize> = constructors
        .iter()
        .enumerate()
        .map(|(i, c)| (c.path.clone(), enums.len() + i))
        .collect();
    let node_of = |ty: &Ty| match ty {
        Ty::Enum { path, .. } => enum_node.get(path).copied(),
        Ty::Bare { path, .. } => struct_node.get(path).copied(),
        _ => None,
    };
    let total = enums.len() + constructors.len();
    let mut inline = Graph::new(total);
    let mut any = Graph::new(total);
    let mut bare_targets = HashSet::new();
    for (e, en) in enums.iter().enumerate() {
        for v in &en.variants {
            inline.add_edge(e, struct_node[&v.path]);
            any.add_edge(e, struct_node[&v.path]);
        }
    }
    for (i, c) in constructors.iter().enumerate() {
        let from = enums.len() + i;
        for ty in field_types(c) {
            if let Some(to) = node_of(ty) {
                inline.add_edge(from, to);
            }
            let mut innermost = ty;
            while let Ty::Vector { item, .. } = innermost {
                innermost = item;
            }
            if let Some(to) = node_of(innermost) {
                any.add_edge(from, to);
            }
            if let Ty::Bare { path, .. } = innermost {
                bare_targets.insert(path.clone());
            }
        }
    }
    let inline = inline.components();
    let any = any.components();
    for (e, en) in enums.iter_mut().enumerate() {
        en.guard_depth = any.is_cyclic(e);
    }
    for (i, c) in constructors.iter_mut().enumerate() {
        let from = enums.len() + i;
        c.guard_depth = any.is_cyclic(from) && bare_targets.contains(&c.path);
        for_each_field_type_mut(c, |ty| {
            if let Some(to) = node_of(ty)
                && inline.same_cycle(from, to)
            {
                match ty {
                    Ty::Enum { heap, .. } | Ty::Bare { heap, .. } => *heap = true,
                    _ => {}
                }
            }
        });
    }
}

/// Every type a struct holds inline or in a vector (group members included).
fn field_types(c: &Combinator) -> Vec<&Ty> {
    c.params
        .iter()
        .filter_map(|p| match p {
            WireParam::Value { ty, .. } => Some(ty),
            _ => None,
        })
        .collect()
}

/// Applies `f` to the type of every value, in both the wire params and the struct fields, which
/// hold copies of the same types and must agree.
fn for_each_field_type_mut(c: &mut Combinator, mut f: impl FnMut(&mut Ty)) {
    for p in &mut c.params {
        if let WireParam::Value { ty, .. } = p {
            f(ty);
        }
    }
    for field in &mut c.fields {
        match &mut field.kind {
            FieldKind::Plain(ty) | FieldKind::Optional(ty) => f(ty),
            FieldKind::Group { group } => group.members.iter_mut().for_each(|m| f(&mut m.ty)),
            FieldKind::Flag { .. } => {}
        }
    }
}
