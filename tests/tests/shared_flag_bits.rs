//! Fields that share one flag bit (`views:flags.10?int forwards:flags.10?int`): every value a user
//! can build must serialize to bytes that deserialize back to an equal value.
//!
//! Two halves make that argument, for every constructor and function of schema/ with a shared
//! bit, enumerated from the parsed schema (no per-type code):
//! - the types: in each generated struct, no flag bit is carried by two fields, and a bit with
//!   data is one `Option` (of a group struct when several parameters carry data on it), so each
//!   field's presence is its own bit and no field combination is inexpressible on the wire;
//! - the bytes: for every combination of the shared bits, valid bytes with random contents (from
//!   the schema-driven generator) decode by id, re-encode to the very same bytes, and decode again
//!   to an equal value. Since each field is exactly one bit, these values range over every
//!   presence combination a user can build.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use common::schema::{Gen, SCHEMA, Ty};
use proptest::prelude::*;
use tlgen_parser::{DefinitionKind, ParamKind};
use tlgen_runtime::{Deserialize, Serialize};
use tlgen_telegram::{Object, types};

/// The definitions with a shared bit, counted straight from `tlgen_parser`'s tree (not through the
/// test's own schema model), as `(name, is_function)`.
fn shared_bit_definitions_per_parser() -> Vec<(String, bool)> {
    let set = tlgen_parser::parse_files(&[
        ("schema/api.tl", common::schema::API),
        ("schema/mtproto.tl", common::schema::MTPROTO),
    ])
    .expect("schema/ parses");
    let mut out = Vec::new();
    for def in set.schemas.iter().flat_map(|s| &s.definitions) {
        if def.kind != DefinitionKind::Regular {
            continue;
        }
        let mut users: BTreeMap<(&str, u32), usize> = BTreeMap::new();
        for p in &def.params {
            if let ParamKind::Field { flag: Some(f), .. } = &p.kind {
                *users.entry((f.field, f.bit)).or_default() += 1;
            }
        }
        if users.values().any(|&n| n > 1) {
            out.push((
                def.name.to_string(),
                def.category == tlgen_parser::Category::Function,
            ));
        }
    }
    out
}

/// Indices (into [`SCHEMA`]) of the definitions with a shared bit.
static SHARED: LazyLock<Vec<usize>> = LazyLock::new(|| {
    (0..SCHEMA.defs.len())
        .filter(|&d| !SCHEMA.defs[d].shared_bits().is_empty())
        .collect()
});

/// The flag bits to force, as `(word, bit, set)`, for combination `mask` of `d`'s shared bits.
fn forced(d: usize, mask: u32) -> Vec<(&'static str, u32, bool)> {
    SCHEMA.defs[d]
        .shared_bits()
        .into_iter()
        .enumerate()
        .map(|(i, (word, bit))| {
            let word: &'static str = SCHEMA.defs[d]
                .params
                .iter()
                .find_map(|p| match p {
                    common::schema::Param::Flags { name } if *name == word => Some(name.as_str()),
                    _ => None,
                })
                .expect("the flags word is a parameter");
            (word, bit, mask & (1 << i) != 0)
        })
        .collect()
}

/// The byte-level property for one definition, one combination of its shared bits, one seed.
fn round_trips(d: usize, mask: u32, seed: u64) {
    let def = &SCHEMA.defs[d];
    let mut bytes = Vec::new();
    Gen::random(seed).boxed(d, &forced(d, mask), &mut bytes);
    let what = format!("{} bits {mask:#b} seed {seed}: {bytes:02x?}", def.name);
    let value = Object::from_bytes(&bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(value.name(), def.name, "{what}");
    assert_eq!(value.serialized_len(), bytes.len(), "{what}");
    assert_eq!(value.to_bytes(), bytes, "{what}: re-encodes differently");
    let again = Object::from_bytes(&value.to_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(again, value, "{what}");
}

/// The masks to try for `d`: all combinations up to 4 shared bits; beyond, all-clear, all-set,
/// each bit alone and each bit missing, which cover every pair of bits in both states.
fn masks(d: usize) -> Vec<u32> {
    let n = SCHEMA.defs[d].shared_bits().len() as u32;
    if n <= 4 {
        return (0..1 << n).collect();
    }
    let all = (1u32 << n) - 1;
    let mut out = vec![0, all];
    for i in 0..n {
        out.push(1 << i);
        out.push(all & !(1 << i));
    }
    out
}

#[test]
fn every_shared_bit_combination_round_trips() {
    let mut covered = Vec::new();
    let mut cases = 0;
    for &d in SHARED.iter() {
        for mask in masks(d) {
            for seed in 0..6 {
                round_trips(d, mask, seed ^ u64::from(mask) << 32 ^ (d as u64) << 40);
                cases += 1;
            }
        }
        covered.push(SCHEMA.defs[d].name.as_str());
    }
    let expected = shared_bit_definitions_per_parser();
    eprintln!(
        "shared flag bits: {} definitions ({} constructors, {} functions), {cases} cases:\n  {}",
        covered.len(),
        expected.iter().filter(|(_, f)| !f).count(),
        expected.iter().filter(|(_, f)| *f).count(),
        covered.join(" ")
    );
    let expected: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(covered, expected);
    // api.tl layer 230: 59 constructors and 14 functions; a different count means the schema
    // changed, and this line with it.
    assert_eq!(covered.len(), 59 + 14);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// The same property with the definition, the combination and the contents all random.
    #[test]
    fn random_shared_bit_values_round_trip(pick in any::<usize>(), mask in any::<u32>(), seed in any::<u64>()) {
        let d = SHARED[pick % SHARED.len()];
        let n = SCHEMA.defs[d].shared_bits().len() as u32;
        round_trips(d, mask & ((1u64 << n) - 1) as u32, seed);
    }
}

/// Every `.rs` file under `generated/src`, concatenated (the crate is checked fresh against the
/// generator by `generated_is_fresh`, so this is what the generator makes).
static GENERATED: LazyLock<String> = LazyLock::new(|| {
    fn walk(dir: &Path, out: &mut String) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("generated/src is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push_str(&std::fs::read_to_string(&path).expect("a readable file"));
            }
        }
    }
    let mut out = String::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src"),
        &mut out,
    );
    out
});

/// A struct field as generated: the TL parameters its `/// TL:` doc line names, and its type.
#[derive(Debug)]
struct Field {
    tl_params: Vec<String>,
    rust_type: String,
}

/// The fields of the struct generated for definition `name` with id `id`.
fn struct_fields(name: &str, id: u32, function: bool) -> Vec<Field> {
    let kind = if function { "function" } else { "constructor" };
    let marker = format!("The TL {kind} `{name}` (id `{id:#010x}`)");
    let text = &*GENERATED;
    let at = text
        .find(&marker)
        .unwrap_or_else(|| panic!("no struct documented as {marker}"));
    let start = at
        + text[at..]
            .find("pub struct ")
            .expect("a struct after its doc");
    let end = start + text[start..].find("\n}").expect("the struct's end");
    let body = &text[start..end];
    body.split("/// TL: ")
        .skip(1)
        .map(|chunk| {
            let (doc, decl) = chunk.split_once('\n').expect("a field after its doc");
            let tl_params = doc
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect();
            let decl: String = decl
                .split("///")
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            let rust_type = decl
                .split_once(':')
                .map(|(_, ty)| ty.trim_end_matches(',').to_owned())
                .unwrap_or_default();
            Field {
                tl_params,
                rust_type,
            }
        })
        .collect()
}

/// The type half of the argument: each shared bit is carried by exactly one field (an `Option`
/// when the bit carries data, a `bool` when it carries only `true`s), and no field shares a bit
/// with another. `flags.N?true` parameters on a bit with data are accessors, not fields.
#[test]
fn a_shared_bit_is_one_field() {
    let mut checked = 0;
    for &d in SHARED.iter() {
        let def = &SCHEMA.defs[d];
        let fields = struct_fields(&def.name, def.id, def.function);
        for (word, bit) in def.shared_bits() {
            let tag = format!(":{word}.{bit}?");
            let carriers: Vec<&Field> = fields
                .iter()
                .filter(|f| f.tl_params.iter().any(|p| p.contains(&tag)))
                .collect();
            let users = def.users_of(&word, bit);
            let data: Vec<&str> = users
                .iter()
                .filter(|(_, ty)| **ty != Ty::True)
                .map(|(name, _)| *name)
                .collect();
            let what = format!("{} {word}.{bit}: {carriers:?}", def.name);
            assert_eq!(carriers.len(), 1, "{what}");
            let field = carriers[0];
            if data.is_empty() {
                assert_eq!(field.rust_type, "bool", "{what}");
            } else {
                assert!(field.rust_type.starts_with("Option<"), "{what}");
                // It carries all the data params of the bit, and none of its `true`s.
                let carried: Vec<&str> = field
                    .tl_params
                    .iter()
                    .map(|p| p.split(':').next().unwrap_or(""))
                    .collect();
                assert_eq!(carried, data, "{what}");
            }
            checked += 1;
        }
    }
    eprintln!("{checked} shared bits each carried by one field");
    assert!(checked >= 73, "{checked}");
}

/// The type-level argument in one example: `views` and `forwards` can only be set together, and
/// `live_photo` is read from `video`, never set on its own.
#[test]
fn the_type_makes_the_bad_value_unwritable() {
    let bytes = Gen::random(3).boxed_bytes("message");
    let mut message = types::Message::from_bytes(&bytes).unwrap();
    let group: &mut Option<types::MessageViewsForwards> = &mut message.views_forwards;
    *group = Some(types::MessageViewsForwards {
        views: 1,
        forwards: 2,
    });
    assert_eq!(
        types::Message::from_bytes(&message.to_bytes()).unwrap(),
        message
    );
    message.views_forwards = None;
    assert_eq!(
        types::Message::from_bytes(&message.to_bytes()).unwrap(),
        message
    );

    let media = types::MessageMediaPhoto {
        video: None,
        ..common::payload::minimal()
    };
    assert!(!media.live_photo());
}
