//! serde on every type of the generated crate (its `serde` feature), through each type's own
//! impls: random values (from the reference encoder, as in `round_trip.rs`) of every constructor
//! and function of schema/, read as their struct and, for constructors, as their boxed type's
//! enum too. Each value's `serde_json::to_string` must be the codec's JSON of its bytes
//! (`tlgen_codec::Json`), and `serde_json::from_str` of it, and a CBOR round trip (ciborium),
//! must give back an equal value with the same bytes.
//!
//! A type whose `Deserialize` names the wrong TL name (`TL_SCHEMA.deserialize(d, "...")`) fails
//! here: its JSON's `"_"` is then not what the name expects. The table of types comes from the
//! generator's IR (`tests/build.rs`), and the test counts that it covers every definition of the
//! schema and every boxed type.
//!
//! Reproduce a failure with `TLGEN_SEED=<base seed> cargo test -p tlgen-tests --test serde_every_type`.

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};

use tlgen_codec::{Json, Schema, TypeRef, decode};
use tlgen_runtime::DecodeOptions;
use tlgen_tests::hex;
use tlgen_tests::reference::Reference;
use tlgen_tests::rng::{Rng, base_seed, seed_for};

/// Values per definition and flag plan: every flag plan is covered, and the run stays short
/// (serde through the codec costs more per value than the binary round trip).
const VALUES_PER_PLAN: u64 = 4;
/// The base seed of this test's values, unless `TLGEN_SEED` sets another.
const DEFAULT_SEED: u64 = 0x5e2d_e5ee;

/// What one value's trips through a type's serde impls gave, for the non-generic checks.
struct Trip {
    /// `serde_json::to_string` of the value.
    json: String,
    /// Whether `serde_json::from_str` of that gave an equal value, and that value's bytes.
    json_equal: bool,
    json_bytes: Vec<u8>,
    /// The same through CBOR.
    cbor_equal: bool,
    cbor_bytes: Vec<u8>,
}

/// One type's trips: `bytes` read as `T`, then through serde_json and CBOR and back. The only
/// code instantiated per type (about 3,300 of them), so it does the least it can.
type Via = fn(&[u8]) -> Result<Trip, String>;

fn via<T>(bytes: &[u8]) -> Result<Trip, String>
where
    T: tlgen_runtime::Deserialize
        + tlgen_runtime::Serialize
        + serde::Serialize
        + serde::de::DeserializeOwned
        + PartialEq,
{
    let value = T::from_bytes(bytes).map_err(from_bytes_error)?;
    let json = serde_json::to_string(&value).map_err(to_json_error)?;
    let from_json: T = serde_json::from_str(&json).map_err(from_json_error)?;
    let mut cbor = Vec::new();
    ciborium::into_writer(&value, &mut cbor).map_err(to_cbor_error)?;
    let from_cbor: T = ciborium::from_reader(cbor.as_slice()).map_err(from_cbor_error)?;
    Ok(Trip {
        json,
        json_equal: from_json == value,
        json_bytes: from_json.to_bytes(),
        cbor_equal: from_cbor == value,
        cbor_bytes: from_cbor.to_bytes(),
    })
}

fn from_bytes_error(e: tlgen_runtime::DecodeError) -> String {
    format!("from_bytes: {e}")
}
fn to_json_error(e: serde_json::Error) -> String {
    format!("serde_json::to_string: {e}")
}
fn from_json_error(e: serde_json::Error) -> String {
    format!("serde_json::from_str: {e}")
}
fn to_cbor_error(e: ciborium::ser::Error<std::io::Error>) -> String {
    format!("ciborium::into_writer: {e}")
}
fn from_cbor_error(e: ciborium::de::Error<std::io::Error>) -> String {
    format!("ciborium::from_reader: {e}")
}

/// One generated struct: its TL name, its Rust path (for messages), its trips, and for a
/// constructor its boxed type's TL name and enum's trips.
struct Entry {
    tl_name: &'static str,
    rust: &'static str,
    check: Via,
    boxed: Option<(&'static str, Via)>,
}

// `LISTING` and `ENUMS`, written by tests/build.rs from the generator's IR.
include!(concat!(env!("OUT_DIR"), "/serde_listing.rs"));

/// Whether `trip` is right for `bytes`: the codec's JSON, and both formats back to the value.
fn check_trip(schema: &Schema, bytes: &[u8], trip: &Trip) -> Result<(), String> {
    let decoded = decode(schema, bytes, &TypeRef::any(), DecodeOptions::default())
        .map_err(|e| format!("the codec does not read the bytes: {e}"))?;
    let expected = Json::new(schema, &decoded).to_string();
    if trip.json != expected {
        return Err(format!(
            "serde_json gives\n    {}\n  the codec's JSON is\n    {}",
            trip.json, expected
        ));
    }
    for (format, equal, again) in [
        ("JSON", trip.json_equal, &trip.json_bytes),
        ("CBOR", trip.cbor_equal, &trip.cbor_bytes),
    ] {
        if !equal {
            return Err(format!("read back from {format}, the value differs"));
        }
        if again != bytes {
            return Err(format!(
                "read back from {format}, the value encodes to other bytes: {}",
                hex::preview(again, 64)
            ));
        }
    }
    Ok(())
}

/// Runs `via` on `bytes` and checks the result; a panic is a failure, not the end of the test.
fn run(schema: &Schema, via: Via, bytes: &[u8]) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| {
        via(bytes).and_then(|trip| check_trip(schema, bytes, &trip))
    })) {
        Ok(outcome) => outcome,
        Err(panic) => Err(format!("panicked: {}", tlgen_tests::panic_message(&*panic))),
    }
}

#[test]
fn every_type_round_trips_through_its_own_serde_impls() {
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    let schema = Schema::from_parsed(&parsed.schemas).expect("the codec reads schema/");
    let reference = Reference::new(&parsed.schemas);

    let mut listing: HashMap<&str, &Entry> = HashMap::new();
    for entry in LISTING {
        assert!(
            listing.insert(entry.tl_name, entry).is_none(),
            "{} is listed twice",
            entry.tl_name
        );
    }

    let base = base_seed(DEFAULT_SEED);
    let (mut failures, mut cases) = (Vec::new(), 0usize);
    let mut checked: BTreeSet<&str> = BTreeSet::new();
    let mut enums: BTreeSet<&str> = BTreeSet::new();
    let mut bools = 0;
    for (index, def) in reference.definitions().iter().enumerate() {
        let name = def.name.to_string();
        if name == "boolTrue" || name == "boolFalse" {
            // No struct: Rust's `bool` stands for `Bool`, and its serde is serde's own.
            bools += 1;
            continue;
        }
        let Some(entry) = listing.get(name.as_str()) else {
            failures.push(format!("{name}: no generated type is listed for it"));
            continue;
        };
        checked.insert(entry.tl_name);
        let mut vias = vec![(entry.rust, entry.check)];
        if let Some((tl_type, check)) = entry.boxed {
            enums.insert(tl_type);
            vias.push((tl_type, check));
        }
        for (p, plan) in reference.plans(index).iter().enumerate() {
            for i in 0..VALUES_PER_PLAN {
                let seed = seed_for(base, &name, p as u64 * VALUES_PER_PLAN + i);
                let bytes = reference.encode(index, plan, &mut Rng::new(seed));
                for &(as_type, via) in &vias {
                    cases += 1;
                    if let Err(e) = run(&schema, via, &bytes) {
                        failures.push(format!(
                            "{name} as {as_type} ({plan}, seed {seed:#x}): {e}\n  bytes {}",
                            hex::preview(&bytes, 64)
                        ));
                    }
                }
            }
        }
    }
    if !failures.is_empty() {
        let shown: Vec<&str> = failures.iter().take(20).map(String::as_str).collect();
        panic!(
            "{} of {cases} serde round trips failed (base seed {base:#x}); the first {}:\n\n{}",
            failures.len(),
            shown.len(),
            shown.join("\n\n")
        );
    }

    // Every definition of the schema, and nothing listed that the schema lacks.
    let definitions = reference.definitions().len();
    assert_eq!(bools, 2, "api.tl declares boolFalse and boolTrue");
    assert_eq!(checked.len(), definitions - bools);
    assert_eq!(
        LISTING.len(),
        checked.len(),
        "the listing has extra entries"
    );
    // Every boxed type with constructors (but `Bool`) went through its enum.
    let boxed_types: BTreeSet<String> = reference
        .definitions()
        .iter()
        .filter(|d| d.category == tlgen_parser::Category::Type)
        .map(|d| d.result.name.to_string())
        .filter(|t| t != "Bool")
        .collect();
    assert_eq!(enums.len(), boxed_types.len());
    assert_eq!(enums.len(), ENUMS);
    eprintln!(
        "{} definitions and {} boxed types, {cases} values",
        checked.len(),
        enums.len()
    );
}
