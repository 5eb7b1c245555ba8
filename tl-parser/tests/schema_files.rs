//! Whole-file tests on the project's schema/: Telegram's api.tl (LAYER 230) and mtproto.tl.

use std::collections::BTreeSet;

use tlgen_parser::{
    Category, DefinitionKind, KNOWN_ID_EXCEPTIONS, ParamKind, Schema, Severity, parse, parse_files,
};

const API: &str = include_str!("../../schema/api.tl");
const MTPROTO: &str = include_str!("../../schema/mtproto.tl");

fn regular(schema: &Schema<'_>, category: Category) -> usize {
    schema
        .definitions
        .iter()
        .filter(|d| d.category == category && d.kind == DefinitionKind::Regular)
        .count()
}

fn both() -> tlgen_parser::ParsedSet<'static> {
    parse_files(&[("schema/api.tl", API), ("schema/mtproto.tl", MTPROTO)])
        .unwrap_or_else(|report| panic!("{report}"))
}

#[test]
fn api_counts_and_layer() {
    let set = both();
    let api = &set.schemas[0];
    assert_eq!(api.layer, Some(230));
    assert_eq!(api.definitions.len(), 1704 + 850);
    assert_eq!(regular(api, Category::Type), 1703);
    assert_eq!(regular(api, Category::Function), 850);
    let boxed: BTreeSet<_> = api
        .definitions
        .iter()
        .filter(|d| d.category == Category::Type && d.kind == DefinitionKind::Regular)
        .map(|d| d.result.name.to_string())
        .collect();
    assert!(boxed.len() > 600, "{}", boxed.len());
    let vector = &api
        .definitions
        .iter()
        .find(|d| d.name.name == "vector")
        .unwrap();
    assert_eq!(vector.kind, DefinitionKind::BuiltinRepeat);
    assert_eq!(vector.id(), 0x1cb5c415);
}

#[test]
fn mtproto_counts_and_builtins() {
    let set = both();
    let mt = &set.schemas[1];
    assert_eq!(mt.layer, None);
    assert_eq!(regular(mt, Category::Type), 49);
    assert_eq!(regular(mt, Category::Function), 10);
    let kinds: Vec<_> = mt
        .definitions
        .iter()
        .filter(|d| d.kind != DefinitionKind::Regular)
        .map(|d| (d.name.name, d.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("int", DefinitionKind::BuiltinPrimitive),
            ("long", DefinitionKind::BuiltinPrimitive),
            ("double", DefinitionKind::BuiltinPrimitive),
            ("string", DefinitionKind::BuiltinPrimitive),
            ("vector", DefinitionKind::BuiltinRepeat),
            ("int128", DefinitionKind::BuiltinRepeat),
            ("int256", DefinitionKind::BuiltinRepeat),
        ]
    );
    let int128 = mt
        .definitions
        .iter()
        .find(|d| d.name.name == "int128")
        .unwrap();
    assert!(matches!(
        int128.params[0].kind,
        ParamKind::Repeat { count: Some(4), .. }
    ));
}

/// Every declared id in schema/ equals its computed id, save the documented allow-list; and every
/// allow-list entry is used (so that it does not outlive the lines it excuses).
#[test]
fn declared_ids_match_save_the_allow_list() {
    let set = both();
    let mut verified = 0;
    let mut mismatched = Vec::new();
    for d in set.schemas.iter().flat_map(|s| &s.definitions) {
        if let Some(id) = d.declared_id {
            if id.value == d.computed_id {
                verified += 1;
            } else {
                mismatched.push((d.name.to_string(), id.value));
            }
        }
    }
    let allowed: Vec<_> = KNOWN_ID_EXCEPTIONS
        .iter()
        .map(|&(n, id, _)| (n.to_owned(), id))
        .collect();
    assert_eq!(mismatched, allowed);
    // api.tl declares an id on all its 2554 lines; mtproto.tl on 51 of its 66 (not on its built-in
    // lines nor on the tls* constructors), 2 of which are allow-listed.
    assert_eq!(verified, 2554 + 51 - 2);
    assert_eq!(set.warnings.warnings().count(), 0, "{}", set.warnings);
}

#[test]
fn ids_do_not_depend_on_parsing_files_together() {
    let api = parse("schema/api.tl", API).unwrap_or_else(|r| panic!("{r}"));
    let set = both();
    assert_eq!(api.schema, set.schemas[0]);
}

#[test]
fn api_alone_reports_types_only_mtproto_defines() {
    // api.tl uses no type from mtproto.tl, and mtproto.tl alone is self-contained too.
    assert!(parse("schema/mtproto.tl", MTPROTO).is_ok());
    assert!(
        parse("schema/api.tl", API)
            .map(|p| p
                .warnings
                .diagnostics()
                .iter()
                .all(|d| d.severity == Severity::Warning))
            .unwrap_or(false)
    );
}
