//! Every documented byte dump of `shared/dumps/dumps.json` matches, serializing and deserializing.
//!
//! Each dump is checked against a module generated (by `tests/build.rs`, through `tlgen_codegen::Config`)
//! from the schema lines that come with it, not against today's schema/: the dumps span layers 1 to
//! 109 and the 2013 auth-key pages, and their ids and field types differ from LAYER 230. The build
//! script normalizes the lines by fixed, documented rules (its header lists them); in short:
//! prose lines dropped and the page's made-up ids given (`int_tree#00000011`,
//! `empty_tree#000000ef`, `int_couple#00000194`); a `[NOT FOUND ...]` line replaced by the line it
//! reconstructs (auth.sendCode, said again below); a missing `;` added; the auth-key pages'
//! `string` for binary data read as `bytes`, as their official schema file has it (checked here);
//! methods put after `---functions---`.
//!
//! For each dump: the query (and the answer) decodes as its own type (the method struct for a
//! query, the boxed type for an answer or object, `Object` by id too), the decoded fields equal the
//! documented `decoded_*` values, re-encoding gives exactly the documented bytes, and
//! `serialized_len` is their length. The page's word lists are checked against the hex too.
//!
//! Two official examples are not fully explained by their schema, and this test says so rather
//! than hide it: `auth.sendCall` and the second-hand `auth.sendCode` each end with one word that no
//! field accounts for. Their `*_schema_exact` bytes (the documented bytes without that word) must
//! match exactly, and the full documented bytes must fail with `TrailingBytes` at the offset where
//! the unexplained word starts.
//!
//! Primitive dumps (`int`, `long`, `double`, `Bool`, `string`, `bytes`, vectors) need no schema: they
//! are checked, table-driven, against tlgen-runtime's own codecs.

#![cfg_attr(dumps_missing, allow(dead_code, unused_imports))]

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};

use tlgen_runtime::{
    AnyObject, BareDeserialize, BareSerialize, DecodeError, DecodeErrorKind, Deserialize, Reader,
    Registry, RemoteCall, Serialize,
};
use tlgen_tests::dumps::{self, Entry};
use tlgen_tests::hex;
use tlgen_tests::json::Json;
use tlgen_tests::panic_message;

/// Without `dumps.json` (see `build.rs`) nothing else in this file is compiled, and this fails.
#[cfg(dumps_missing)]
#[test]
fn every_documented_dump_matches() {
    panic!(
        "{} is missing: the documented byte dumps are required (shared/ beside the workspace)",
        dumps::path().display()
    );
}

// One module per distinct (normalized) dump schema; `DUMP_MODULES` says which dump uses which.
#[cfg(not(dumps_missing))]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/dump_index.rs"));

    macro_rules! dump_modules {
        ($($m:ident),* $(,)?) => {$(
            #[allow(dead_code, clippy::all)]
            pub mod $m {
                include!(concat!(env!("OUT_DIR"), "/", stringify!($m), ".rs"));
            }
        )*};
    }

    dump_modules!(
        dump_auth_send_call,
        dump_auth_send_code,
        dump_auth_send_code_documented,
        dump_get_users,
        dump_int_tree,
        dump_int_couple,
        dump_req_pq,
        dump_p_q_inner_data,
        dump_req_dh_params,
        dump_server_dh_inner_data,
        dump_client_dh_inner_data,
        dump_set_client_dh_params,
        dump_req_pq_multi,
        dump_p_q_inner_data_dc,
        dump_rpc_result,
    );
}

#[cfg(not(dumps_missing))]
use generated::*;

// ---------------------------------------------------------------------------------------------
// Shared checks.

/// Decodes `bytes` as `T` (all of them), and checks that the value re-encodes to exactly the same
/// bytes, that `serialized_len` is their length, and that decoding the re-encoding gives it back.
fn exact<T>(bytes: &[u8], what: &str) -> T
where
    T: Deserialize + Serialize + PartialEq + Debug,
{
    let value = T::from_bytes(bytes).unwrap_or_else(|e| {
        panic!(
            "{what}: does not decode: {e}\n  {}",
            hex::preview(bytes, 64)
        )
    });
    let again = value.to_bytes();
    assert_eq!(
        hex::encode(&again),
        hex::encode(bytes),
        "{what}: re-encoding differs"
    );
    assert_eq!(
        value.serialized_len(),
        bytes.len(),
        "{what}: serialized_len"
    );
    assert_eq!(
        T::from_bytes(&again).as_ref(),
        Ok(&value),
        "{what}: decoding the re-encoding"
    );
    value
}

/// The bytes decode as `Object` of the dump's schema too, as the documented constructor (`_`,
/// `_id`), and re-encode exactly.
fn object_is<R: Registry>(bytes: &[u8], decoded: &Json) {
    let value = exact::<AnyObject<R>>(bytes, "as Object");
    let name = decoded
        .get("_")
        .and_then(Json::as_str)
        .expect("decoded_* has `_`");
    let id = decoded
        .get("_id")
        .and_then(Json::as_str)
        .expect("decoded_* has `_id`");
    assert_eq!(value.name(), name);
    assert_eq!(format!("{:08x}", value.constructor_id()), id);
}

/// The constructor struct inside a boxed-type enum value, taken through its bytes (the same for
/// the enum and the struct), so that the test does not depend on the generator's variant names.
fn inner<S: Deserialize>(boxed: &impl Serialize) -> S {
    S::from_bytes(&boxed.to_bytes()).unwrap_or_else(|e| panic!("not the expected constructor: {e}"))
}

/// The error `T::from_bytes` gives.
fn decode_error<T: Deserialize + Debug>(bytes: &[u8]) -> DecodeError {
    match T::from_bytes(bytes) {
        Ok(v) => panic!("expected an error, decoded {v:?}"),
        Err(e) => e,
    }
}

/// The page's 32-bit words (`03c51564`, `0x2d84d5f5`, or decimal `17`), as little-endian bytes.
fn words_to_bytes(words: &[Json], radix: u32) -> Vec<u8> {
    words
        .iter()
        .flat_map(|w| {
            let text = w.as_str().expect("words are strings");
            let digits = text.trim_start_matches("0x");
            let word =
                u32::from_str_radix(digits, radix).unwrap_or_else(|_| panic!("word {text:?}"));
            word.to_le_bytes()
        })
        .collect()
}

/// Checks the documented word lists against the hex, where the page printed words.
fn words_match_hex(e: Entry) {
    let radix = if e.has("query_words_radix") {
        e.i64("query_words_radix") as u32
    } else {
        16
    };
    for (words, hex_key) in [("query_words", "query_hex"), ("answer_words", "answer_hex")] {
        if let Some(list) = e.0.get(words).and_then(Json::as_array) {
            assert_eq!(
                hex::encode(&words_to_bytes(list, radix)),
                e.str(hex_key),
                "{words} disagree with {hex_key}"
            );
        }
    }
    if e.has("query_bytes_as_documented") {
        assert_eq!(e.hex("query_bytes_as_documented"), e.hex("query_hex"));
    }
}

/// The unencrypted MTProto envelope (auth_key_id 0, message_id, length, body) holds the body.
/// Where the page's length field is wrong, the dump's notes must say so (a documented bug).
fn envelope_holds(e: Entry, envelope_key: &str, body_key: &str) {
    if !e.has(envelope_key) {
        return;
    }
    let envelope = e.hex(envelope_key);
    let body = e.hex(body_key);
    assert_eq!(&envelope[..8], [0; 8], "{envelope_key}: auth_key_id is 0");
    assert_eq!(
        &envelope[20..],
        body.as_slice(),
        "{envelope_key}: the body is {body_key}"
    );
    let length = u32::from_le_bytes(envelope[16..20].try_into().unwrap()) as usize;
    if length != body.len() {
        let notes = format!("{:?}", e.at("notes"));
        assert!(
            notes.contains("Documentation bug") && notes.contains(&length.to_string()),
            "{envelope_key}: length field {length} != body {} and no documented bug says so",
            body.len()
        );
    }
}

/// `decoded_*.<field>.bytes_hex`.
fn field_bytes(e: Entry, decoded: &str, field: &str) -> Vec<u8> {
    e.hex(&format!("{decoded}.{field}.bytes_hex"))
}

fn field_array<const N: usize>(e: Entry, decoded: &str, field: &str) -> [u8; N] {
    e.array(&format!("{decoded}.{field}.bytes_hex"))
}

fn field_i64(e: Entry, decoded: &str, field: &str) -> i64 {
    e.i64(&format!("{decoded}.{field}"))
}

fn field_utf8(e: Entry, decoded: &str, field: &str) -> String {
    e.str(&format!("{decoded}.{field}.utf8")).to_owned()
}

// ---------------------------------------------------------------------------------------------
// The dumps, one function each (or one macro for the families that repeat with other bytes).

/// auth.sendCall (core.telegram.org/method/auth.sendCall, the seed page
/// `shared/seeds/004_03e44e9672466f1e.txt`).
///
/// NOT FULLY EXPLAINED BY ITS SCHEMA: the page's query has ten words, but
/// `auth.sendCall#03c51564 phone_number:string phone_code_hash:string = Bool` accounts for nine
/// (36 bytes). The tenth, `64e1a61b`, is no field. So the serializer is checked against the first
/// 36 bytes (`query_hex_schema_exact`), and the full documented query against `TrailingBytes`
/// at byte 36.
#[cfg(not(dumps_missing))]
fn auth_send_call(e: Entry) {
    use dump_auth_send_call::functions::auth::SendCall;
    let full = e.hex("query_hex");
    let schema_exact = e.hex("query_hex_schema_exact");
    assert_eq!((full.len(), schema_exact.len()), (40, 36));
    assert_eq!(&full[..36], schema_exact.as_slice());
    assert_eq!(
        &full[36..],
        [0x1b, 0xa6, 0xe1, 0x64],
        "the unexplained tenth word"
    );

    let q: SendCall = exact(&schema_exact, "query (schema-exact part)");
    assert_eq!(
        q.phone_number,
        field_utf8(e, "decoded_query", "phone_number")
    );
    assert_eq!(
        q.phone_code_hash,
        field_utf8(e, "decoded_query", "phone_code_hash")
    );
    assert_eq!(
        q.phone_number.as_bytes(),
        field_bytes(e, "decoded_query", "phone_number")
    );
    // Built from the documented TL text, it serializes to the schema-exact bytes.
    let built = SendCall {
        phone_number: "79991234567".into(),
        phone_code_hash: "2dc02d2cda9e615c84".into(),
    };
    assert_eq!(built.to_bytes(), schema_exact);
    object_is::<dump_auth_send_call::Schema>(&schema_exact, e.at("decoded_query"));

    // The full documented bytes: the value decodes from the first 36, then 4 bytes are left over.
    let err = decode_error::<SendCall>(&full);
    assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 4 });
    assert_eq!(err.offset(), 36);
    let mut r = Reader::new(&full);
    assert_eq!(SendCall::deserialize(&mut r).as_ref(), Ok(&q));
    assert_eq!((r.position(), r.remaining()), (36, 4));

    // The answer is `Bool`, which the generated API maps to Rust's `bool`.
    let answer: <SendCall as RemoteCall>::Return = exact(&e.hex("answer_hex"), "answer");
    assert!(answer, "documented answer (boolTrue)");

    // The seed page holds the same ten words in its "Query example".
    let seed = tlgen_tests::workspace_root().join("../shared/seeds/004_03e44e9672466f1e.txt");
    let page =
        std::fs::read_to_string(&seed).unwrap_or_else(|err| panic!("{}: {err}", seed.display()));
    assert!(page.contains("<title>auth.sendCall</title>"));
    let words: Vec<String> = e
        .at("query_words")
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect();
    assert!(
        page.contains(&words.join(" ")),
        "the seed page has the dump's words"
    );
}

/// auth.sendCode, quoted second-hand (2017) from a page Telegram has since changed.
///
/// NOT EXPLAINED BY ANY PUBLISHED SCHEMA: its id `d16ff372` is not the layer-18
/// `auth.sendCode#768d5f4d` (which the documented lines give; checked below to reject it as an
/// unknown constructor at byte 0). The dump's `[NOT FOUND ...]` line reconstructs a pre-release
/// `auth.sendCode#d16ff372 phone_number:string sms_type:int api_id:int api_hash:string` (no
/// `lang_code`, although the TL text passes "en"), whose CRC32 is that id; the module
/// `dump_auth_send_code` uses this RECONSTRUCTED line. Under it, the query's first 36 bytes and
/// the answer's first 28 (`*_schema_exact`) match exactly; each then has one unexplained trailing
/// word (`e77e812d`, `01792be1`), so the full documented bytes fail with `TrailingBytes`.
#[cfg(not(dumps_missing))]
fn auth_send_code(e: Entry) {
    use dump_auth_send_code::enums::auth::SentCode;
    use dump_auth_send_code::functions::auth::SendCode;
    let full = e.hex("query_hex");
    let schema_exact = e.hex("query_hex_schema_exact");
    assert_eq!(&full[..schema_exact.len()], schema_exact.as_slice());

    // Under the documented (layer-18) lines the id is unknown.
    let err = decode_error::<dump_auth_send_code_documented::functions::auth::SendCode>(&full);
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: 0xd16ff372,
            expected: "auth.sendCode"
        }
    );
    assert_eq!(err.offset(), 0);
    let err = decode_error::<dump_auth_send_code_documented::Object>(&full);
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: 0xd16ff372,
            expected: "Object"
        }
    );

    // Under the reconstructed line.
    let q: SendCode = exact(&schema_exact, "query (schema-exact part)");
    assert_eq!(
        q,
        SendCode {
            phone_number: "79991234567".into(),
            sms_type: 1,
            api_id: 32,
            api_hash: "test-hash".into(),
        }
    );
    let err = decode_error::<SendCode>(&full);
    assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 4 });
    assert_eq!(err.offset(), schema_exact.len());

    let answer_full = e.hex("answer_hex");
    let answer_exact = e.hex("answer_hex_schema_exact");
    assert_eq!(&answer_full[..answer_exact.len()], answer_exact.as_slice());
    let a: <SendCode as RemoteCall>::Return = exact(&answer_exact, "answer (schema-exact part)");
    let a: dump_auth_send_code::types::auth::SentCode = inner(&a);
    assert!(
        !a.phone_registered,
        "documented phone_registered:(boolFalse)"
    );
    assert_eq!(a.phone_code_hash, "2dc02d2cda9e615c84");
    let err = decode_error::<SentCode>(&answer_full);
    assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: 4 });
    assert_eq!(err.offset(), answer_exact.len());
}

/// getUsers([2,3,4]) from core.telegram.org/mtproto/TL, with the page's own illustrative schema:
/// an anonymous parameter `(Vector int)`, and an answer `Vector User` mixing two constructors.
#[cfg(not(dumps_missing))]
fn get_users(e: Entry) {
    use dump_get_users::enums::User;
    use dump_get_users::functions::GetUsers;
    use dump_get_users::types;
    let q: GetUsers = exact(&e.hex("query_hex"), "query");
    assert_eq!(
        q,
        GetUsers {
            arg0: vec![2, 3, 4]
        }
    );
    let a: <GetUsers as RemoteCall>::Return = exact(&e.hex("answer_hex"), "answer");
    let user = |id, first: &str, last: &str| {
        User::from(types::User {
            id,
            first_name: first.into(),
            last_name: last.into(),
        })
    };
    // The page renders the middle element as `{}`; in the bytes it is no_user#c67599d1 id:3.
    assert_eq!(
        a,
        vec![
            user(2, "Peter", "Parker"),
            User::from(types::NoUser { id: 3 }),
            user(4, "John", "Doe")
        ]
    );
    assert_eq!(e.str("answer_type"), "Vector User");
}

/// (int_tree (int_tree (empty_tree) 1 (empty_tree)) 2 (empty_tree)) from mtproto/serialize, with the
/// page's made-up constructor numbers 17 and 239: a recursive type with anonymous parameters.
#[cfg(not(dumps_missing))]
fn int_tree(e: Entry) {
    use dump_int_tree::enums::IntTree;
    use dump_int_tree::types;
    let empty = || Box::new(IntTree::from(types::EmptyTree {}));
    let node = |left, n, right| {
        IntTree::from(types::IntTree {
            arg0: left,
            arg1: n,
            arg2: right,
        })
    };
    let expected = node(Box::new(node(empty(), 1, empty())), 2, empty());
    let v: IntTree = exact(&e.hex("query_hex"), "object");
    assert_eq!(v, expected);
    assert_eq!(expected.to_bytes(), e.hex("query_hex"));
    assert!(
        dump_int_tree::WARNINGS.contains("#00000011")
            && dump_int_tree::WARNINGS.contains("#000000ef"),
        "the parser notices that the page's ids are not CRC32s: {}",
        dump_int_tree::WARNINGS
    );
}

/// int_couple 3 4, boxed (with the page's hypothetical number 404) and bare (`%int_couple`).
#[cfg(not(dumps_missing))]
fn int_couple(e: Entry) {
    use dump_int_couple::enums::IntCouple;
    use dump_int_couple::types;
    let v: IntCouple = exact(&e.hex("query_hex"), "boxed");
    let inner = types::IntCouple { arg0: 3, arg1: 4 };
    assert_eq!(v, IntCouple::from(inner.clone()));
    let bare = e.hex("bare_hex");
    let mut r = Reader::new(&bare);
    assert_eq!(
        types::IntCouple::deserialize_bare(&mut r).as_ref(),
        Ok(&inner)
    );
    assert!(r.finish().is_ok());
    let mut out = Vec::new();
    inner.serialize_bare(&mut out);
    assert_eq!(out, bare);
    assert_eq!(inner.bare_len(), bare.len());
    assert!(dump_int_couple::WARNINGS.contains("#00000194"));
}

/// req_pq / req_pq_multi and the resPQ answer (nonce, server_nonce, pq, Vector<long> fingerprints).
macro_rules! req_pq_check {
    ($fn_name:ident, $m:ident, $query:ident) => {
        #[cfg(not(dumps_missing))]
        fn $fn_name(e: Entry) {
            use $m::functions::$query;
            let q: $query = exact(&e.hex("query_hex"), "query");
            assert_eq!(q.nonce, field_array::<16>(e, "decoded_query", "nonce"));
            object_is::<$m::Schema>(&e.hex("query_hex"), e.at("decoded_query"));
            let a: <$query as RemoteCall>::Return = exact(&e.hex("answer_hex"), "answer");
            let a: $m::types::ResPq = inner(&a);
            let d = "decoded_answer";
            assert_eq!(a.nonce, field_array::<16>(e, d, "nonce"));
            assert_eq!(a.server_nonce, field_array::<16>(e, d, "server_nonce"));
            assert_eq!(a.pq, field_bytes(e, d, "pq"));
            let fingerprints: Vec<i64> = e
                .at("decoded_answer.server_public_key_fingerprints")
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_i64().unwrap())
                .collect();
            assert_eq!(a.server_public_key_fingerprints, fingerprints);
            object_is::<$m::Schema>(&e.hex("answer_hex"), e.at(d));
            envelope_holds(e, "query_envelope_hex", "query_hex");
            envelope_holds(e, "answer_envelope_hex", "answer_hex");
        }
    };
}
req_pq_check!(req_pq, dump_req_pq, ReqPq);
req_pq_check!(req_pq_multi, dump_req_pq_multi, ReqPqMulti);

/// p_q_inner_data(_dc): bytes, int128 and int256 (new_nonce) fields.
macro_rules! p_q_inner_data_check {
    ($fn_name:ident, $m:ident, $ty:ident $(, $dc:ident)?) => {
        #[cfg(not(dumps_missing))]
        fn $fn_name(e: Entry) {
            let bytes = e.hex("query_hex");
            let v: $m::types::$ty = exact(&bytes, "object");
            let _: $m::enums::PQInnerData = exact(&bytes, "object, as its boxed type");
            let d = "decoded_query";
            assert_eq!(v.pq, field_bytes(e, d, "pq"));
            assert_eq!(v.p, field_bytes(e, d, "p"));
            assert_eq!(v.q, field_bytes(e, d, "q"));
            assert_eq!(v.nonce, field_array::<16>(e, d, "nonce"));
            assert_eq!(v.server_nonce, field_array::<16>(e, d, "server_nonce"));
            assert_eq!(v.new_nonce, field_array::<32>(e, d, "new_nonce"));
            $(assert_eq!(i64::from(v.$dc), field_i64(e, d, "dc"));)?
            object_is::<$m::Schema>(&bytes, e.at(d));
        }
    };
}
p_q_inner_data_check!(p_q_inner_data, dump_p_q_inner_data, PQInnerData);
p_q_inner_data_check!(p_q_inner_data_dc, dump_p_q_inner_data_dc, PQInnerDataDc, dc);

/// req_DH_params and its server_DH_params_ok answer.
#[cfg(not(dumps_missing))]
fn req_dh_params(e: Entry) {
    use dump_req_dh_params::functions::ReqDhParams;
    let q: ReqDhParams = exact(&e.hex("query_hex"), "query");
    let d = "decoded_query";
    assert_eq!(q.nonce, field_array::<16>(e, d, "nonce"));
    assert_eq!(q.server_nonce, field_array::<16>(e, d, "server_nonce"));
    assert_eq!(q.p, field_bytes(e, d, "p"));
    assert_eq!(q.q, field_bytes(e, d, "q"));
    assert_eq!(
        q.public_key_fingerprint,
        field_i64(e, d, "public_key_fingerprint")
    );
    assert_eq!(q.encrypted_data, field_bytes(e, d, "encrypted_data"));
    assert!(
        q.encrypted_data.len() > 253,
        "long bytes form (0xfe + 3-byte length)"
    );
    object_is::<dump_req_dh_params::Schema>(&e.hex("query_hex"), e.at(d));

    let a: <ReqDhParams as RemoteCall>::Return = exact(&e.hex("answer_hex"), "answer");
    let a: dump_req_dh_params::types::ServerDhParamsOk = inner(&a);
    let d = "decoded_answer";
    assert_eq!(a.nonce, field_array::<16>(e, d, "nonce"));
    assert_eq!(a.server_nonce, field_array::<16>(e, d, "server_nonce"));
    assert_eq!(a.encrypted_answer, field_bytes(e, d, "encrypted_answer"));
    object_is::<dump_req_dh_params::Schema>(&e.hex("answer_hex"), e.at(d));
    envelope_holds(e, "query_envelope_hex", "query_hex");
    envelope_holds(e, "answer_envelope_hex", "answer_hex");
}

/// server_DH_inner_data (decrypted from server_DH_params_ok).
#[cfg(not(dumps_missing))]
fn server_dh_inner_data(e: Entry) {
    use dump_server_dh_inner_data::{enums, types};
    let bytes = e.hex("query_hex");
    let v: types::ServerDhInnerData = exact(&bytes, "object");
    let _: enums::ServerDhInnerData = exact(&bytes, "object, as its boxed type");
    let d = "decoded_query";
    assert_eq!(v.nonce, field_array::<16>(e, d, "nonce"));
    assert_eq!(v.server_nonce, field_array::<16>(e, d, "server_nonce"));
    assert_eq!(i64::from(v.g), field_i64(e, d, "g"));
    assert_eq!(v.dh_prime, field_bytes(e, d, "dh_prime"));
    assert_eq!(v.g_a, field_bytes(e, d, "g_a"));
    assert_eq!(i64::from(v.server_time), field_i64(e, d, "server_time"));
    object_is::<dump_server_dh_inner_data::Schema>(&bytes, e.at(d));
}

/// client_DH_inner_data (encrypted into set_client_DH_params).
#[cfg(not(dumps_missing))]
fn client_dh_inner_data(e: Entry) {
    use dump_client_dh_inner_data::{enums, types};
    let bytes = e.hex("query_hex");
    let v: types::ClientDhInnerData = exact(&bytes, "object");
    let _: enums::ClientDhInnerData = exact(&bytes, "object, as its boxed type");
    let d = "decoded_query";
    assert_eq!(v.nonce, field_array::<16>(e, d, "nonce"));
    assert_eq!(v.server_nonce, field_array::<16>(e, d, "server_nonce"));
    assert_eq!(v.retry_id, field_i64(e, d, "retry_id"));
    assert_eq!(v.g_b, field_bytes(e, d, "g_b"));
    object_is::<dump_client_dh_inner_data::Schema>(&bytes, e.at(d));
}

/// set_client_DH_params and its dh_gen_ok answer.
#[cfg(not(dumps_missing))]
fn set_client_dh_params(e: Entry) {
    use dump_set_client_dh_params::functions::SetClientDhParams;
    let q: SetClientDhParams = exact(&e.hex("query_hex"), "query");
    let d = "decoded_query";
    assert_eq!(q.nonce, field_array::<16>(e, d, "nonce"));
    assert_eq!(q.server_nonce, field_array::<16>(e, d, "server_nonce"));
    assert_eq!(q.encrypted_data, field_bytes(e, d, "encrypted_data"));
    object_is::<dump_set_client_dh_params::Schema>(&e.hex("query_hex"), e.at(d));
    let a: <SetClientDhParams as RemoteCall>::Return = exact(&e.hex("answer_hex"), "answer");
    let a: dump_set_client_dh_params::types::DhGenOk = inner(&a);
    let d = "decoded_answer";
    assert_eq!(a.nonce, field_array::<16>(e, d, "nonce"));
    assert_eq!(a.server_nonce, field_array::<16>(e, d, "server_nonce"));
    assert_eq!(
        a.new_nonce_hash1,
        field_array::<16>(e, d, "new_nonce_hash1")
    );
    object_is::<dump_set_client_dh_params::Schema>(&e.hex("answer_hex"), e.at(d));
    envelope_holds(e, "query_envelope_hex", "query_hex");
    envelope_holds(e, "answer_envelope_hex", "answer_hex");
}

/// rpc_result holding a gzip_packed config (grammers' test): the outer structure re-encodes
/// exactly (the gzip stream is kept as bytes); the stream inflates to `inner_hex`, a layer-109
/// config#330b4067 with flags, conditional fields, one shared flag bit and 19 dcOptions, which
/// decodes to the documented values and re-encodes exactly.
#[cfg(not(dumps_missing))]
fn rpc_result(e: Entry) {
    use std::io::Read as _;

    use dump_rpc_result::{enums, types};
    let bytes = e.hex("query_hex");
    let outer: enums::RpcResult = exact(&bytes, "rpc_result");
    let outer: types::RpcResult = inner(&outer);
    assert_eq!(
        outer.req_msg_id,
        i64::from_le_bytes(bytes[4..12].try_into().unwrap())
    );
    let object = exact::<dump_rpc_result::Object>(&bytes[12..], "result:Object");
    assert_eq!(object, outer.result);
    assert_eq!(outer.result.name(), "gzip_packed");
    let packed = outer
        .result
        .downcast::<types::GzipPacked>()
        .expect("the result is gzip_packed")
        .packed_data;

    let mut inner = Vec::new();
    flate2::read::GzDecoder::new(packed.as_slice())
        .read_to_end(&mut inner)
        .expect("packed_data is a gzip stream");
    assert_eq!(hex::encode(&inner), e.str("inner_hex"));
    assert_eq!(inner.len(), 984);
    assert_eq!(e.str("inner_name"), "config");

    let c: types::Config = self::inner(&exact::<enums::Config>(&inner, "inner config"));
    object_is::<dump_rpc_result::Schema>(&inner, e.at("decoded_inner"));
    let d = "decoded_inner";
    assert_eq!(
        i64::from(u32::from_le_bytes(inner[4..8].try_into().unwrap())),
        field_i64(e, d, "flags")
    );
    let flag = |name: &str| {
        e.0.path(&format!("{d}.{name}"))
            .and_then(Json::as_bool)
            .unwrap_or(false)
    };
    for (name, value) in [
        ("phonecalls_enabled", c.phonecalls_enabled),
        ("default_p2p_contacts", c.default_p2p_contacts),
        ("preload_featured_stickers", c.preload_featured_stickers),
        ("ignore_phone_entities", c.ignore_phone_entities),
        ("revoke_pm_inbox", c.revoke_pm_inbox),
        ("blocked_mode", c.blocked_mode),
        ("pfs_enabled", c.pfs_enabled),
    ] {
        assert_eq!(value, flag(name), "{name}");
    }
    for (name, value) in [
        ("date", c.date),
        ("expires", c.expires),
        ("this_dc", c.this_dc),
        ("chat_size_max", c.chat_size_max),
        ("megagroup_size_max", c.megagroup_size_max),
        ("forwarded_count_max", c.forwarded_count_max),
        ("online_update_period_ms", c.online_update_period_ms),
        ("offline_blur_timeout_ms", c.offline_blur_timeout_ms),
        ("offline_idle_timeout_ms", c.offline_idle_timeout_ms),
        ("online_cloud_timeout_ms", c.online_cloud_timeout_ms),
        ("notify_cloud_delay_ms", c.notify_cloud_delay_ms),
        ("notify_default_delay_ms", c.notify_default_delay_ms),
        ("push_chat_period_ms", c.push_chat_period_ms),
        ("push_chat_limit", c.push_chat_limit),
        ("saved_gifs_limit", c.saved_gifs_limit),
        ("edit_time_limit", c.edit_time_limit),
        ("revoke_time_limit", c.revoke_time_limit),
        ("revoke_pm_time_limit", c.revoke_pm_time_limit),
        ("rating_e_decay", c.rating_e_decay),
        ("stickers_recent_limit", c.stickers_recent_limit),
        ("stickers_faved_limit", c.stickers_faved_limit),
        ("channels_read_media_period", c.channels_read_media_period),
        ("pinned_dialogs_count_max", c.pinned_dialogs_count_max),
        ("pinned_infolder_count_max", c.pinned_infolder_count_max),
        ("call_receive_timeout_ms", c.call_receive_timeout_ms),
        ("call_ring_timeout_ms", c.call_ring_timeout_ms),
        ("call_connect_timeout_ms", c.call_connect_timeout_ms),
        ("call_packet_timeout_ms", c.call_packet_timeout_ms),
        ("caption_length_max", c.caption_length_max),
        ("message_length_max", c.message_length_max),
        ("webfile_dc_id", c.webfile_dc_id),
    ] {
        assert_eq!(i64::from(value), field_i64(e, d, name), "{name}");
    }
    assert!(!c.test_mode, "test_mode:(boolFalse)");
    assert_eq!(e.str("decoded_inner.test_mode._"), "boolFalse");
    assert_eq!(c.dc_txt_domain_name, field_utf8(e, d, "dc_txt_domain_name"));
    assert_eq!(c.me_url_prefix, field_utf8(e, d, "me_url_prefix"));
    let optional = |name: &str| {
        e.0.path(&format!("{d}.{name}.utf8"))
            .and_then(Json::as_str)
            .map(str::to_owned)
    };
    for (name, value) in [
        ("autoupdate_url_prefix", &c.autoupdate_url_prefix),
        ("gif_search_username", &c.gif_search_username),
        ("venue_search_username", &c.venue_search_username),
        ("img_search_username", &c.img_search_username),
        ("static_maps_provider", &c.static_maps_provider),
    ] {
        assert_eq!(value, &optional(name), "{name}");
    }
    assert_eq!(c.tmp_sessions, None);
    // suggested_lang_code, lang_pack_version, base_lang_pack_version share flags.2: one group.
    assert!(
        c.suggested_lang_code_lang_pack_version_base_lang_pack_version
            .is_none()
    );
    assert!(!e.has("decoded_inner.suggested_lang_code"));

    let options = e.at("decoded_inner.dc_options").as_array().unwrap();
    assert_eq!(c.dc_options.len(), options.len());
    assert_eq!(options.len(), 19);
    for (i, (option, doc)) in c.dc_options.iter().zip(options).enumerate() {
        let o: types::DcOption = self::inner(option);
        let doc = Entry(doc);
        let set = |name: &str| doc.0.get(name).and_then(Json::as_bool).unwrap_or(false);
        assert_eq!(
            (o.ipv6, o.media_only, o.tcpo_only, o.cdn, o.r#static),
            (
                set("ipv6"),
                set("media_only"),
                set("tcpo_only"),
                set("cdn"),
                set("static")
            ),
            "dc_options.{i} flags"
        );
        assert_eq!(i64::from(o.id), doc.i64("id"), "dc_options.{i}.id");
        assert_eq!(
            o.ip_address,
            doc.str("ip_address.utf8"),
            "dc_options.{i}.ip_address"
        );
        assert_eq!(i64::from(o.port), doc.i64("port"), "dc_options.{i}.port");
        assert_eq!(o.secret, None);
    }
}

// ---------------------------------------------------------------------------------------------
// Primitives, table-driven, against tlgen-runtime's codecs.

#[derive(Debug, Clone, PartialEq)]
enum Prim {
    Bool(bool),
    Int(i32),
    U32(u32),
    Long(i64),
    Double(f64),
    /// Boxed `Vector<int>`.
    VectorInt(Vec<i32>),
    /// Bare `vector<int>`.
    BareVectorInt(Vec<i32>),
    Bytes(Vec<u8>),
    Str(String),
}

/// The value of each primitive dump, by its name (the dump's `tl_text` is the Rust expression).
fn primitive_table(long_string: &str) -> Vec<(&'static str, Prim)> {
    use Prim::*;
    vec![
        ("Bool: true", Bool(true)),
        ("Bool: false", Bool(false)),
        ("int: 0i32", Int(0)),
        ("int: 1i32", Int(1)),
        ("int: (-1i32)", Int(-1)),
        ("int: i32::max_value()", Int(i32::MAX)),
        ("int: i32::min_value()", Int(i32::MIN)),
        ("int (as u32): 0u32", U32(0)),
        ("int (as u32): 1u32", U32(1)),
        ("int (as u32): u32::max_value()", U32(u32::MAX)),
        ("int (as u32): u32::min_value()", U32(u32::MIN)),
        ("long: 0i64", Long(0)),
        ("long: 1i64", Long(1)),
        ("long: (-1i64)", Long(-1)),
        ("long: i64::max_value()", Long(i64::MAX)),
        ("long: i64::min_value()", Long(i64::MIN)),
        ("double: 0f64", Double(0.0)),
        ("double: 1.5f64", Double(1.5)),
        ("double: (-1.5f64)", Double(-1.5)),
        ("double: f64::INFINITY", Double(f64::INFINITY)),
        ("double: f64::NEG_INFINITY", Double(f64::NEG_INFINITY)),
        ("Vector<int>: Vec::<i32>::new()", VectorInt(vec![])),
        ("Vector<int>: vec![0x7f_i32]", VectorInt(vec![0x7f])),
        (
            "vector<int> (bare): RawVec(Vec::<i32>::new())",
            BareVectorInt(vec![]),
        ),
        (
            "vector<int> (bare): RawVec(vec![0x7f_i32])",
            BareVectorInt(vec![0x7f]),
        ),
        ("bytes: Vec::<u8>::new()", Bytes(vec![])),
        ("bytes: vec![0x7f_u8]", Bytes(vec![0x7f])),
        ("bytes: (&[0x7f_u8][..])", Bytes(vec![0x7f])),
        ("string: String('')", Str(String::new())),
        ("string: String('Hi')", Str("Hi".into())),
        ("string: String('Hi!')", Str("Hi!".into())),
        ("string: String('Hello')", Str("Hello".into())),
        (
            "string: String('Hello, world!')",
            Str("Hello, world!".into()),
        ),
        (
            "string: String('This is a very long string, an'...)",
            Str(long_string.into()),
        ),
    ]
}

/// Serialize -> the documented bytes, `serialized_len`, and deserialize -> the value.
fn check_primitive(bytes: &[u8], prim: &Prim) {
    fn both<T: Serialize + Deserialize + PartialEq + Debug>(bytes: &[u8], v: &T) {
        assert_eq!(
            hex::encode(&v.to_bytes()),
            hex::encode(bytes),
            "serialize {v:?}"
        );
        assert_eq!(v.serialized_len(), bytes.len());
        assert_eq!(T::from_bytes(bytes).as_ref(), Ok(v), "deserialize");
    }
    match prim {
        Prim::Bool(v) => both(bytes, v),
        Prim::Int(v) => both(bytes, v),
        Prim::U32(v) => both(bytes, v),
        Prim::Long(v) => both(bytes, v),
        // Compared by bits: the same encoding of 0.0, infinities and all.
        Prim::Double(v) => {
            assert_eq!(v.to_bytes(), bytes);
            assert_eq!(v.serialized_len(), 8);
            assert_eq!(f64::from_bytes(bytes).map(f64::to_bits), Ok(v.to_bits()));
        }
        Prim::VectorInt(v) => both(bytes, v),
        Prim::BareVectorInt(v) => {
            let mut out = Vec::new();
            tlgen_runtime::vector::serialize_bare(v, &mut out);
            assert_eq!(out, bytes);
            assert_eq!(tlgen_runtime::vector::bare_len(v), bytes.len());
            let mut r = Reader::new(bytes);
            assert_eq!(
                tlgen_runtime::vector::deserialize_bare::<i32>(&mut r).as_ref(),
                Ok(v)
            );
            assert!(r.finish().is_ok());
        }
        Prim::Bytes(v) => both(bytes, v),
        Prim::Str(v) => both(bytes, v),
    }
}

// ---------------------------------------------------------------------------------------------
// The driver: every entry, each under its own checker; all failures reported together.

type Check = fn(Entry);

/// Each non-primitive dump's id, name, module (as `build.rs` assigned it) and checker.
#[cfg(not(dumps_missing))]
fn checkers() -> Vec<(i64, &'static str, &'static str, Check)> {
    vec![
        (1, "auth.sendCall", "dump_auth_send_call", auth_send_call),
        (2, "auth.sendCode", "dump_auth_send_code", auth_send_code),
        (3, "getUsers", "dump_get_users", get_users),
        (4, "int_tree", "dump_int_tree", int_tree),
        (5, "int_couple", "dump_int_couple", int_couple),
        (6, "req_pq", "dump_req_pq", req_pq),
        (7, "p_q_inner_data", "dump_p_q_inner_data", p_q_inner_data),
        (8, "req_DH_params", "dump_req_dh_params", req_dh_params),
        (
            9,
            "server_DH_inner_data",
            "dump_server_dh_inner_data",
            server_dh_inner_data,
        ),
        (
            10,
            "client_DH_inner_data",
            "dump_client_dh_inner_data",
            client_dh_inner_data,
        ),
        (
            11,
            "set_client_DH_params",
            "dump_set_client_dh_params",
            set_client_dh_params,
        ),
        (12, "req_pq_multi", "dump_req_pq_multi", req_pq_multi),
        (
            13,
            "p_q_inner_data_dc",
            "dump_p_q_inner_data_dc",
            p_q_inner_data_dc,
        ),
        (14, "req_DH_params", "dump_req_dh_params", req_dh_params),
        (
            15,
            "server_DH_inner_data",
            "dump_server_dh_inner_data",
            server_dh_inner_data,
        ),
        (
            16,
            "client_DH_inner_data",
            "dump_client_dh_inner_data",
            client_dh_inner_data,
        ),
        (
            17,
            "set_client_DH_params",
            "dump_set_client_dh_params",
            set_client_dh_params,
        ),
        (18, "req_pq_multi", "dump_req_pq_multi", req_pq_multi),
        (19, "req_DH_params", "dump_req_dh_params", req_dh_params),
        (
            20,
            "set_client_DH_params",
            "dump_set_client_dh_params",
            set_client_dh_params,
        ),
        (
            21,
            "server_DH_inner_data",
            "dump_server_dh_inner_data",
            server_dh_inner_data,
        ),
        (
            22,
            "client_DH_inner_data",
            "dump_client_dh_inner_data",
            client_dh_inner_data,
        ),
        (23, "rpc_result", "dump_rpc_result", rpc_result),
    ]
}

#[cfg(not(dumps_missing))]
#[test]
fn every_documented_dump_matches() {
    let entries = dumps::load();
    assert_eq!(
        entries.len(),
        57,
        "dumps.json has 57 entries; update this test if it changed"
    );
    let checkers = checkers();
    let long_string = entries
        .iter()
        .map(Entry)
        .find(|e| e.name().starts_with("string: String('This is a very long"))
        .map(|e| e.str("tl_text").trim_matches('"').to_owned())
        .expect("the long string dump");
    assert!(long_string.len() > 253, "it exercises the 0xfe length form");
    let table = primitive_table(&long_string);

    let mut failures = Vec::new();
    let (mut checked, mut primitives) = (0, 0);
    let mut used_rows = vec![false; table.len()];
    for json in &entries {
        let e = Entry(json);
        let label = format!("dump {} ({})", e.id(), e.name());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            words_match_hex(e);
            if e.category().contains("primitive") {
                let row = table
                    .iter()
                    .position(|(name, _)| *name == e.name())
                    .unwrap_or_else(|| panic!("no row in primitive_table for this dump"));
                used_rows[row] = true;
                check_primitive(&e.hex("query_hex"), &table[row].1);
                primitives += 1;
            } else {
                let &(_, name, module, check) = checkers
                    .iter()
                    .find(|c| c.0 == e.id())
                    .unwrap_or_else(|| panic!("no checker for this dump"));
                assert_eq!(e.name(), name, "dumps.json was reordered");
                let built = DUMP_MODULES
                    .iter()
                    .find(|(id, _)| *id == e.id())
                    .map(|m| m.1);
                assert_eq!(
                    built,
                    Some(module),
                    "build.rs built another module for this dump"
                );
                check(e);
            }
        }));
        match outcome {
            Ok(()) => checked += 1,
            Err(panic) => failures.push(format!("{label}: {}", panic_message(&*panic))),
        }
    }
    assert!(
        failures.is_empty(),
        "{} dumps failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert_eq!(checked, 57);
    assert_eq!((primitives, checkers.len()), (34, 23));
    assert!(
        used_rows.iter().all(|&u| u),
        "every primitive_table row matched a dump"
    );
}

/// Rule 4 of `build.rs` reads the 2013 page's `string` as `bytes` for the auth-key dumps that
/// carry `schema_official_file`: the result must be exactly the official file's combinators
/// (same names, same ids, same parameters), so nothing but the Rust type of the field changed.
#[cfg(not(dumps_missing))]
#[test]
fn normalized_auth_key_lines_are_the_official_ones() {
    let entries = dumps::load();
    let mut compared = 0;
    for e in entries.iter().map(Entry) {
        let Some(official) = e.0.get("schema_official_file").and_then(Json::as_array) else {
            continue;
        };
        let module = DUMP_MODULES.iter().find(|(id, _)| *id == e.id()).unwrap().1;
        let normalized = normalized_tl(module);
        let official: String = official
            .iter()
            .map(|l| format!("{}\n", l.as_str().unwrap()))
            .collect();
        let ours =
            tlgen_parser::parse("normalized.tl", normalized).expect("normalized lines parse");
        let theirs = tlgen_parser::parse("official.tl", &official).expect("official lines parse");
        let key = |d: &tlgen_parser::Definition<'_>| {
            (
                d.name.to_string(),
                d.id(),
                tlgen_parser::normalized(d, true),
            )
        };
        let mut a: Vec<_> = ours.schema.definitions.iter().map(key).collect();
        let mut b: Vec<_> = theirs.schema.definitions.iter().map(key).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "dump {} ({})", e.id(), e.name());
        compared += 1;
    }
    assert_eq!(compared, 12, "the twelve 2013/2024 auth-key page dumps");
}

#[cfg(not(dumps_missing))]
fn normalized_tl(module: &str) -> &'static str {
    match module {
        "dump_req_pq" => dump_req_pq::NORMALIZED_TL,
        "dump_p_q_inner_data" => dump_p_q_inner_data::NORMALIZED_TL,
        "dump_req_dh_params" => dump_req_dh_params::NORMALIZED_TL,
        "dump_server_dh_inner_data" => dump_server_dh_inner_data::NORMALIZED_TL,
        "dump_client_dh_inner_data" => dump_client_dh_inner_data::NORMALIZED_TL,
        "dump_set_client_dh_params" => dump_set_client_dh_params::NORMALIZED_TL,
        "dump_req_pq_multi" => dump_req_pq_multi::NORMALIZED_TL,
        "dump_p_q_inner_data_dc" => dump_p_q_inner_data_dc::NORMALIZED_TL,
        other => panic!("no schema_official_file expected for {other}"),
    }
}

/// Only the page's made-up ids draw warnings: every other dump line's declared id is its CRC32
/// (as normalized by the parser), which also checks the reconstructed auth.sendCode#d16ff372.
#[cfg(not(dumps_missing))]
#[test]
fn dump_schemas_ids_are_their_crc32_but_the_pages_made_up_ones() {
    for (module, warnings) in [
        ("dump_auth_send_call", dump_auth_send_call::WARNINGS),
        ("dump_auth_send_code", dump_auth_send_code::WARNINGS),
        (
            "dump_auth_send_code_documented",
            dump_auth_send_code_documented::WARNINGS,
        ),
        ("dump_get_users", dump_get_users::WARNINGS),
        ("dump_req_pq", dump_req_pq::WARNINGS),
        ("dump_p_q_inner_data", dump_p_q_inner_data::WARNINGS),
        ("dump_req_dh_params", dump_req_dh_params::WARNINGS),
        (
            "dump_server_dh_inner_data",
            dump_server_dh_inner_data::WARNINGS,
        ),
        (
            "dump_client_dh_inner_data",
            dump_client_dh_inner_data::WARNINGS,
        ),
        (
            "dump_set_client_dh_params",
            dump_set_client_dh_params::WARNINGS,
        ),
        ("dump_req_pq_multi", dump_req_pq_multi::WARNINGS),
        ("dump_p_q_inner_data_dc", dump_p_q_inner_data_dc::WARNINGS),
        ("dump_rpc_result", dump_rpc_result::WARNINGS),
    ] {
        assert_eq!(warnings, "", "{module}");
    }
    for warnings in [dump_int_tree::WARNINGS, dump_int_couple::WARNINGS] {
        assert!(
            warnings.contains("differs from the computed id"),
            "{warnings}"
        );
    }
}

/// The auth-key exchange has kept its ids since 2013, so those dumps (and only those) also match
/// today's generated `tlgen-telegram` exactly: query and answer decode as `tlgen_telegram::Object` and
/// re-encode to the documented bytes.
#[cfg(not(dumps_missing))]
#[test]
fn auth_key_dumps_match_todays_tl_types_too() {
    let entries = dumps::load();
    let mut matched = Vec::new();
    for e in entries.iter().map(Entry) {
        if e.category().contains("primitive") {
            continue;
        }
        let query = e.hex("query_hex");
        if tlgen_telegram::Object::from_bytes(&query).is_err() {
            continue;
        }
        exact::<tlgen_telegram::Object>(&query, &format!("dump {} query, LAYER 230", e.id()));
        if e.has("answer_hex") {
            exact::<tlgen_telegram::Object>(
                &e.hex("answer_hex"),
                &format!("dump {} answer, LAYER 230", e.id()),
            );
        }
        matched.push(e.id());
    }
    assert_eq!(matched, (6..=22).collect::<Vec<i64>>());
}
