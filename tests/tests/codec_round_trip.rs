//! Every constructor and function of schema/api.tl and schema/mtproto.tl through tlgen-codec:
//! random valid bytes from the reference encoder (`tlgen_tests::reference`, independent of the
//! codec) decode, print as TL text (one line and multi-line) and as JSON (compact and pretty),
//! parse back to the same value, and encode to the same bytes. And where the bytes hold a
//! constructor id, an id no schema has there fails as generated decoders fail: the same
//! `DecodeError` kind, expected type and offset.
//!
//! Reproduce a failure with `TLGEN_SEED=<base seed> cargo test -p tlgen-tests --test codec_round_trip`.

use tlgen_codec::{Json, Schema, Text, TypeRef, Value, decode, encode, parse_json, parse_text};
use tlgen_runtime::{DecodeErrorKind, DecodeOptions};
use tlgen_tests::hex;
use tlgen_tests::reference::{Expect, Reference};
use tlgen_tests::rng::{Rng, base_seed, seed_for};

/// Values per definition and flag plan (each goes through four printed forms).
const VALUES_PER_PLAN: u64 = 2;
/// The base seed of this test's values, unless `TLGEN_SEED` sets another.
const DEFAULT_SEED: u64 = 0xc0de_c5ee;
/// An id that neither api.tl nor mtproto.tl has (checked).
const UNKNOWN_ID: u32 = 0xdead_beef;

/// bytes -> value -> text and JSON -> value -> bytes; `Err` says which step failed.
fn round_trip(schema: &Schema, bytes: &[u8]) -> Result<(), String> {
    let any = TypeRef::any();
    let value = decode(schema, bytes, &any, DecodeOptions::default())
        .map_err(|e| format!("decode: {e}"))?;
    let check = |form: &str, back: Value| -> Result<(), String> {
        if back != value {
            return Err(format!("{form} parses to a different value"));
        }
        let again = encode(schema, &back, &any).map_err(|e| format!("{form}: encode: {e}"))?;
        if again != bytes {
            return Err(format!(
                "{form} encodes to other bytes: {}",
                hex::preview(&again, 64)
            ));
        }
        Ok(())
    };
    for text in [
        Text::new(schema, &value).to_string(),
        format!("{:#}", Text::new(schema, &value)),
    ] {
        let (back, _) = parse_text(schema, &text, &any, &DecodeOptions::default())
            .map_err(|e| format!("{}\n{text}", e.render("<text>", &text, false)))?;
        check(&text, back)?;
    }
    for json in [
        Json::new(schema, &value).to_string(),
        format!("{:#}", Json::new(schema, &value)),
    ] {
        let back = parse_json(schema, &json, &any, &DecodeOptions::default())
            .map_err(|e| format!("{}\n{json}", e.render("<json>", &json, false)))?;
        check(&json, back)?;
    }
    Ok(())
}

#[test]
fn every_definition_round_trips_through_text_and_json() {
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    let schema = Schema::from_parsed(&parsed.schemas).unwrap();
    let reference = Reference::new(&parsed.schemas);
    let unknown = decode(
        &schema,
        &UNKNOWN_ID.to_le_bytes(),
        &TypeRef::any(),
        DecodeOptions::default(),
    );
    assert!(
        matches!(
            unknown.unwrap_err().kind(),
            DecodeErrorKind::UnknownConstructor { .. }
        ),
        "{UNKNOWN_ID:#x} must be unknown"
    );
    let base = base_seed(DEFAULT_SEED);
    let (mut cases, mut sites) = (0, 0);
    let mut failures = Vec::new();
    for (index, def) in reference.definitions().iter().enumerate() {
        let name = def.name.to_string();
        for (p, plan) in reference.plans(index).iter().enumerate() {
            for i in 0..VALUES_PER_PLAN {
                cases += 1;
                let seed = seed_for(base, &name, p as u64 * VALUES_PER_PLAN + i);
                let (bytes, ids) = reference.encode_traced(index, plan, &mut Rng::new(seed));
                let context = || format!("{name} ({plan}, seed {seed:#x})");
                if let Err(e) = round_trip(&schema, &bytes) {
                    failures.push(format!(
                        "{}: {e}\n  bytes {}",
                        context(),
                        hex::preview(&bytes, 64)
                    ));
                    continue;
                }
                // One id site per value, chosen by the seed, replaced by an unknown id.
                let site = &ids[(seed % ids.len() as u64) as usize];
                sites += 1;
                let mut broken = bytes.clone();
                broken[site.offset..site.offset + 4].copy_from_slice(&UNKNOWN_ID.to_le_bytes());
                let err = decode(&schema, &broken, &TypeRef::any(), DecodeOptions::default())
                    .expect_err("an unknown id");
                let matches = match (&site.expect, err.kind()) {
                    (
                        Expect::UnknownConstructor(ty),
                        DecodeErrorKind::UnknownConstructor { id, expected },
                    ) => *id == UNKNOWN_ID && expected == ty,
                    (Expect::InvalidBool, DecodeErrorKind::InvalidBool { id }) => *id == UNKNOWN_ID,
                    _ => false,
                };
                if !matches || err.offset() != site.offset {
                    failures.push(format!(
                        "{}: unknown id at byte {}: got `{err}`, expected {:?} there",
                        context(),
                        site.offset,
                        site.expect
                    ));
                }
            }
        }
    }
    eprintln!("{cases} values, {sites} unknown ids");
    assert!(
        failures.is_empty(),
        "{} of {cases} failed (base seed {base:#x}); the first:\n\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
