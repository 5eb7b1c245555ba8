//! Round trips over the whole schema: every constructor and function of schema/api.tl and
//! schema/mtproto.tl, with every flag combination that matters and random field contents.
//!
//! The bytes come from the reference encoder in `tlgen_tests::reference`, which writes TL by the
//! rules straight from the parsed schema tree, independently of the generator. For each value:
//! `tlgen_telegram::Object` decodes it (dispatching on the id to the generated struct), re-encodes it to
//! the same bytes, reports `serialized_len` equal to their length, and decodes its own output back
//! to an equal value. A flag bit, field order, bare/boxed or length mistake in the generated code
//! changes the bytes and fails here with the definition, the flag plan and the seed.
//!
//! Reproduce a failure with `TLGEN_SEED=<base seed> cargo test -p tlgen-tests --test round_trip`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use tlgen_runtime::{Deserialize, Registry, Serialize};
use tlgen_telegram::Object;
use tlgen_tests::hex;
use tlgen_tests::reference::{FlagPlan, Reference};
use tlgen_tests::rng::{Rng, base_seed, seed_for};

/// Values per definition and flag plan: enough variety, and the whole run stays a few seconds.
const VALUES_PER_PLAN: u64 = 8;
/// The base seed of this test's values, unless `TLGEN_SEED` sets another.
const DEFAULT_SEED: u64 = 0x7e57_5eed;

/// Index of the first differing byte, for messages.
fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

/// The round trip through `Object`; `Err` says which step failed.
fn object_round_trip(bytes: &[u8]) -> Result<Object, String> {
    let value = Object::from_bytes(bytes).map_err(|e| format!("decode failed: {e}"))?;
    let again = value.to_bytes();
    if again != bytes {
        let at = first_difference(&again, bytes);
        return Err(format!(
            "re-encoded bytes differ from byte {at}: got {} bytes, expected {}\n  got      {}\n  expected {}",
            again.len(),
            bytes.len(),
            hex::preview(&again[at.min(again.len())..], 48),
            hex::preview(&bytes[at.min(bytes.len())..], 48),
        ));
    }
    if value.serialized_len() != bytes.len() {
        return Err(format!(
            "serialized_len {} != {} bytes written",
            value.serialized_len(),
            bytes.len()
        ));
    }
    let back =
        Object::from_bytes(&again).map_err(|e| format!("decoding the re-encoded bytes: {e}"))?;
    if back != value {
        return Err("decoding the re-encoded bytes gives a different value".to_owned());
    }
    Ok(value)
}

/// One generated case, its description for failure messages, and the check; panics are caught so
/// that one bad definition does not hide the others.
fn run_case(
    name: &str,
    plan: &FlagPlan,
    seed: u64,
    make: impl FnOnce(&mut Rng) -> Vec<u8>,
    check: impl FnOnce(&[u8]) -> Result<(), String>,
) -> Result<(), String> {
    let mut rng = Rng::new(seed);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let bytes = make(&mut rng);
        check(&bytes).map_err(|e| format!("{e}\n  bytes {}", hex::preview(&bytes, 64)))
    }));
    match outcome {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("{name} ({plan}, seed {seed:#x}): {e}")),
        Err(panic) => Err(format!(
            "{name} ({plan}, seed {seed:#x}): panicked: {}",
            tlgen_tests::panic_message(&*panic)
        )),
    }
}

fn report(failures: &[String], cases: usize) {
    if failures.is_empty() {
        return;
    }
    let shown: Vec<&str> = failures.iter().take(25).map(String::as_str).collect();
    panic!(
        "{} of {cases} round trips failed (base seed {:#x}); the first {}:\n\n{}",
        failures.len(),
        base_seed(DEFAULT_SEED),
        shown.len(),
        shown.join("\n\n")
    );
}

/// Whether the definition is one of the two `Bool` constructors, which the generated API maps to
/// Rust's `bool` rather than to structs (see `bool_constructors_round_trip_as_bool`).
fn is_bool_constructor(name: &str) -> bool {
    name == "boolTrue" || name == "boolFalse"
}

fn for_each_definition(filter: impl Fn(&tlgen_parser::Definition<'_>) -> bool) -> (usize, usize) {
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    let reference = Reference::new(&parsed.schemas);
    let base = base_seed(DEFAULT_SEED);
    let mut failures = Vec::new();
    let (mut definitions, mut cases) = (0, 0);
    for (index, def) in reference.definitions().iter().enumerate() {
        if !filter(def) {
            continue;
        }
        definitions += 1;
        let name = def.name.to_string();
        if is_bool_constructor(&name) {
            continue;
        }
        for (p, plan) in reference.plans(index).iter().enumerate() {
            for i in 0..VALUES_PER_PLAN {
                cases += 1;
                let seed = seed_for(base, &name, p as u64 * VALUES_PER_PLAN + i);
                let outcome = run_case(
                    &name,
                    plan,
                    seed,
                    |rng| reference.encode(index, plan, rng),
                    |bytes| {
                        let value = object_round_trip(bytes)?;
                        if value.name() != name {
                            return Err(format!("decoded as `{}`", value.name()));
                        }
                        Ok(())
                    },
                );
                if let Err(e) = outcome {
                    failures.push(e);
                }
            }
        }
    }
    report(&failures, cases);
    (definitions, cases)
}

/// Every constructor (the two `Bool` ones are checked as `bool` below).
#[test]
fn every_constructor_round_trips() {
    let (definitions, cases) = for_each_definition(|d| d.category == tlgen_parser::Category::Type);
    eprintln!("{definitions} constructors, {cases} values");
}

/// Every function, generic ones (`invokeWithLayer {X:Type} query:!X`) with a random inner call.
#[test]
fn every_function_round_trips() {
    let (definitions, cases) =
        for_each_definition(|d| d.category == tlgen_parser::Category::Function);
    eprintln!("{definitions} functions, {cases} values");
}

/// The count of checked definitions is the schema's: the generated crate has every constructor and
/// function the two files declare (none dropped, none extra), each under its own id and name.
#[test]
fn every_definition_is_in_the_generated_crate() {
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    let reference = Reference::new(&parsed.schemas);
    let defs = reference.definitions();

    let mut missing = Vec::new();
    for def in defs {
        let name = def.name.to_string();
        if is_bool_constructor(&name) {
            continue;
        }
        match tlgen_telegram::name_for_id(def.id()) {
            Some(n) if n == name => {}
            other => missing.push(format!(
                "{name}#{:08x}: name_for_id gives {other:?}",
                def.id()
            )),
        }
    }
    assert!(
        missing.is_empty(),
        "not in the generated registry:\n{}",
        missing.join("\n")
    );

    let registry = <tlgen_telegram::Schema as Registry>::ENTRIES.len();
    let bools = defs
        .iter()
        .filter(|d| is_bool_constructor(&d.name.to_string()))
        .count();
    assert_eq!(bools, 2, "api.tl declares boolFalse and boolTrue");
    // The Bool constructors have no struct (Rust's `bool` stands for them) but are registered.
    assert_eq!(
        registry,
        defs.len(),
        "the registry has {registry} entries; the schema has {} definitions, {bools} of them Bool's",
        defs.len()
    );
    assert_eq!(tlgen_telegram::name_for_id(0x9972_75b5), Some("boolTrue"));
    // The built-in vector is named too (an `rpc_result` may hold one), though not decodable alone.
    assert_eq!(
        tlgen_telegram::name_for_id(tlgen_runtime::VECTOR_ID),
        Some("vector")
    );
    assert!(Object::from_bytes(&tlgen_runtime::VECTOR_ID.to_le_bytes()).is_err());
    assert_eq!(
        Object::from_bytes(&0xbc79_9737_u32.to_le_bytes())
            .unwrap()
            .downcast::<bool>(),
        Ok(false)
    );
    // The numbers the generated crate's documentation states (1750 constructors, 860 functions):
    // a change in schema/ must be deliberate and show up here.
    let constructors = defs
        .iter()
        .filter(|d| d.category == tlgen_parser::Category::Type)
        .count();
    assert_eq!(
        (constructors - bools, defs.len() - constructors),
        (1750, 860)
    );
}

/// `boolTrue`/`boolFalse` are Rust's `bool` in the generated API (no struct, no registry entry).
#[test]
fn bool_constructors_round_trip_as_bool() {
    for (bytes, value) in [
        ([0xb5, 0x75, 0x72, 0x99], true),
        ([0x37, 0x97, 0x79, 0xbc], false),
    ] {
        assert_eq!(bool::from_bytes(&bytes), Ok(value));
        assert_eq!(value.to_bytes(), bytes);
        assert_eq!(value.serialized_len(), 4);
    }
}

/// The typed round trip: `T::from_bytes`, re-encode, `serialized_len`, decode again.
fn typed_round_trip<T>(bytes: &[u8]) -> Result<T, String>
where
    T: Deserialize + Serialize + PartialEq + std::fmt::Debug,
{
    let value = T::from_bytes(bytes).map_err(|e| format!("typed decode failed: {e}"))?;
    let again = value.to_bytes();
    if again != bytes {
        let at = first_difference(&again, bytes);
        return Err(format!("typed re-encoding differs from byte {at}"));
    }
    if value.serialized_len() != bytes.len() {
        return Err(format!(
            "typed serialized_len {} != {}",
            value.serialized_len(),
            bytes.len()
        ));
    }
    match T::from_bytes(&again) {
        Ok(back) if back == value => Ok(value),
        _ => Err("typed decode of the re-encoding differs".to_owned()),
    }
}

/// Also the typed API for a sample of types: each constructor of these boxed types decodes as the
/// generated enum, and as the same value through `Object` + `downcast` where a struct is named.
/// Chosen for what they exercise: `flags2` and shared bits (Message, User, Channel via Chat),
/// recursion (PageBlock, RichText, JsonValue, TlsBlock), bare vectors of bare and boxed items
/// (FutureSalts, help.ConfigSimple, AccessPointRule), int128/int256 (ResPQ, Server_DH_Params),
/// many constructors (Update, MessageMedia, ChannelAdminLogEventAction), `Vector<long>` (MsgsAck).
#[test]
fn sample_types_round_trip_typed() {
    use tlgen_telegram::enums;
    type Check = fn(&[u8]) -> Result<(), String>;
    fn check<T: Deserialize + Serialize + PartialEq + std::fmt::Debug>(
        b: &[u8],
    ) -> Result<(), String> {
        typed_round_trip::<T>(b).map(drop)
    }
    let sample: &[(&str, Check)] = &[
        ("Message", check::<enums::Message>),
        ("User", check::<enums::User>),
        ("Chat", check::<enums::Chat>),
        ("Update", check::<enums::Update>),
        ("Updates", check::<enums::Updates>),
        ("MessageMedia", check::<enums::MessageMedia>),
        ("messages.Messages", check::<enums::messages::Messages>),
        ("Config", check::<enums::Config>),
        ("PageBlock", check::<enums::PageBlock>),
        ("RichText", check::<enums::RichText>),
        ("JSONValue", check::<enums::JsonValue>),
        ("FutureSalts", check::<enums::FutureSalts>),
        ("help.ConfigSimple", check::<enums::help::ConfigSimple>),
        ("AccessPointRule", check::<enums::AccessPointRule>),
        ("IpPort", check::<enums::IpPort>),
        ("TlsBlock", check::<enums::TlsBlock>),
        ("ResPQ", check::<enums::ResPq>),
        ("Server_DH_Params", check::<enums::ServerDhParams>),
        ("MessageEntity", check::<enums::MessageEntity>),
        ("KeyboardButton", check::<enums::KeyboardButton>),
        ("ReplyMarkup", check::<enums::ReplyMarkup>),
        ("InputMedia", check::<enums::InputMedia>),
        ("StarGift", check::<enums::StarGift>),
        ("Peer", check::<enums::Peer>),
        ("InputPeer", check::<enums::InputPeer>),
        (
            "ChannelAdminLogEventAction",
            check::<enums::ChannelAdminLogEventAction>,
        ),
        ("MsgsAck", check::<enums::MsgsAck>),
        ("Error", check::<enums::Error>),
        ("True", check::<enums::True>),
    ];
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    let reference = Reference::new(&parsed.schemas);
    let base = base_seed(DEFAULT_SEED);
    let (mut failures, mut cases) = (Vec::new(), 0);
    for &(ty, check) in sample {
        let constructors = reference.constructors_of(ty);
        assert!(!constructors.is_empty(), "no constructor of {ty}");
        for &c in constructors {
            let name = reference.definitions()[c].name.to_string();
            for (p, plan) in reference.plans(c).iter().enumerate() {
                for i in 0..VALUES_PER_PLAN {
                    cases += 1;
                    let seed = seed_for(base ^ 0x7e, &name, p as u64 * VALUES_PER_PLAN + i);
                    let outcome = run_case(
                        &name,
                        plan,
                        seed,
                        |rng| reference.encode(c, plan, rng),
                        check,
                    );
                    failures.extend(outcome.err());
                }
            }
        }
    }
    report(&failures, cases);
}

/// Structs through `Object::downcast` equal the same bytes decoded as the struct itself, and
/// generic functions decode with `Object` as their inner call.
#[test]
fn sample_structs_round_trip_typed_and_by_downcast() {
    use tlgen_telegram::{functions, types};
    type Check = fn(&[u8]) -> Result<(), String>;
    fn check<T>(b: &[u8]) -> Result<(), String>
    where
        T: Deserialize + Serialize + PartialEq + Clone + std::fmt::Debug + tlgen_runtime::DynObject,
    {
        let typed = typed_round_trip::<T>(b)?;
        let any = object_round_trip(b)?;
        match any.downcast::<T>() {
            Ok(v) if v == typed => Ok(()),
            Ok(_) => Err("Object::downcast gives a different value".to_owned()),
            Err(o) => Err(format!("Object decoded as `{}`", o.name())),
        }
    }
    let sample: &[(&str, Check)] = &[
        ("message", check::<types::Message>),
        ("user", check::<types::User>),
        ("channel", check::<types::Channel>),
        ("future_salts", check::<types::FutureSalts>),
        ("help.configSimple", check::<types::help::ConfigSimple>),
        ("p_q_inner_data", check::<types::PQInnerData>),
        (
            "messages.sendMessage",
            check::<functions::messages::SendMessage>,
        ),
        (
            "invokeWithLayer",
            check::<functions::InvokeWithLayer<Object>>,
        ),
        ("initConnection", check::<functions::InitConnection<Object>>),
        (
            "invokeAfterMsgs",
            check::<functions::InvokeAfterMsgs<Object>>,
        ),
        ("help.getConfig", check::<functions::help::GetConfig>),
        ("req_DH_params", check::<functions::ReqDhParams>),
        (
            "set_client_DH_params",
            check::<functions::SetClientDhParams>,
        ),
        ("get_future_salts", check::<functions::GetFutureSalts>),
    ];
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    let reference = Reference::new(&parsed.schemas);
    let base = base_seed(DEFAULT_SEED);
    let (mut failures, mut cases) = (Vec::new(), 0);
    for &(name, check) in sample {
        let index = reference
            .definitions()
            .iter()
            .position(|d| d.name.to_string() == name)
            .unwrap_or_else(|| panic!("{name} is not in schema/"));
        for (p, plan) in reference.plans(index).iter().enumerate() {
            for i in 0..VALUES_PER_PLAN {
                cases += 1;
                let seed = seed_for(base ^ 0xd0, name, p as u64 * VALUES_PER_PLAN + i);
                let outcome = run_case(
                    name,
                    plan,
                    seed,
                    |rng| reference.encode(index, plan, rng),
                    check,
                );
                failures.extend(outcome.err());
            }
        }
    }
    report(&failures, cases);
}
