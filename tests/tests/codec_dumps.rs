//! The documented dumps through tlgen-codec: every `tl_text` and `answer_text` of
//! `shared/dumps/dumps.json` and `tl_text_only.json` parses, encodes to exactly the documented
//! bytes where there are some, and decoding those bytes prints text that parses back to the same
//! value (one-line and multi-line TL text, compact and pretty JSON).
//!
//! Each dump is read with its own schema lines, normalized by the rules of `tests/build.rs`.
//! Not every documented `tl_text` is TL text, and this test says which and how it reads them
//! rather than skip them:
//!
//! - The third-party primitive fixtures (grammers' doc tests) give a Rust expression (`0i32`,
//!   `vec![0x7f_i32]`, `f64::INFINITY`); [`PRIMITIVES`] gives the TL text and type of each,
//!   and every primitive dump must be in it.
//! - `getUsers([2,3,4])` is the TL page's call notation; it is read as `(getUsers [2,3,4])`.
//!   Its `answer_text` is the page's JSON sketch, not TL text (its `{}` stands for
//!   `no_user id:3`, which the bytes hold); the answer bytes' text is checked instead.
//! - `int_couple 3 4 : IntCouple  (bare %int_couple value: 3 4)` ends with a prose remark in
//!   parentheses, which is cut; the bare form it describes is checked against `bare_hex`.
//! - The two dumps with an unexplained trailing word (`auth.sendCall`, `auth.sendCode`) encode to
//!   their `*_schema_exact` bytes, and the full bytes fail with `TrailingBytes` where the word
//!   starts. `auth.sendCode`'s text has five arguments, for the documented `auth.sendCode#768d5f4d`;
//!   the dump's bytes use a reconstructed four-argument id, under which the text has one
//!   argument too many (checked).

#![cfg(not(dumps_missing))]

use tlgen_codec::{Json, Schema, Text, TypeRef, Value, decode, encode, parse_json, parse_text};
use tlgen_runtime::{DecodeErrorKind, DecodeOptions};
use tlgen_tests::dumps::{self, Entry};
use tlgen_tests::json::Json as DumpJson;

mod index {
    include!(concat!(env!("OUT_DIR"), "/dump_schemas.rs"));
}

/// The grammers doc-test expressions, as TL text and the type to read it as.
const PRIMITIVES: &[(&str, &str, &str)] = &[
    ("true", "true", "Bool"),
    ("false", "false", "Bool"),
    ("0i32", "0", "int"),
    ("1i32", "1", "int"),
    ("(-1i32)", "-1", "int"),
    ("i32::max_value()", "2147483647", "int"),
    ("i32::min_value()", "-2147483648", "int"),
    ("0u32", "0", "#"),
    ("1u32", "1", "#"),
    ("u32::max_value()", "4294967295", "#"),
    ("u32::min_value()", "0", "#"),
    ("0i64", "0", "long"),
    ("1i64", "1", "long"),
    ("(-1i64)", "-1", "long"),
    ("i64::max_value()", "9223372036854775807", "long"),
    ("i64::min_value()", "-9223372036854775808", "long"),
    ("0f64", "0.0", "double"),
    ("1.5f64", "1.5", "double"),
    ("(-1.5f64)", "-1.5", "double"),
    ("f64::INFINITY", "Infinity", "double"),
    ("f64::NEG_INFINITY", "-Infinity", "double"),
    ("Vec::<i32>::new()", "[]", "Vector<int>"),
    ("vec![0x7f_i32]", "[127]", "Vector<int>"),
    ("RawVec(Vec::<i32>::new())", "[]", "vector<int>"),
    ("RawVec(vec![0x7f_i32])", "[127]", "vector<int>"),
    ("Vec::<u8>::new()", "0x", "bytes"),
    ("vec![0x7f_u8]", "0x7f", "bytes"),
    ("(&[0x7f_u8][..])", "0x7f", "bytes"),
];

fn schema_of(id: i64) -> (Schema, Option<Schema>) {
    let (_, main, documented) = index::DUMP_SCHEMAS
        .iter()
        .find(|(i, ..)| *i == id)
        .unwrap_or_else(|| panic!("dump {id} has no schema"));
    let compile = |text: &str| {
        Schema::from_tl(text).unwrap_or_else(|e| panic!("dump {id}: schema: {e}\n{text}"))
    };
    (compile(main), documented.map(compile))
}

fn parse(schema: &Schema, text: &str, ty: &TypeRef) -> (Value, TypeRef) {
    parse_text(schema, text, ty, &DecodeOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.render("<tl_text>", text, false)))
}

/// Bytes -> value -> every printed form -> the same value -> the same bytes.
fn check_bytes(schema: &Schema, bytes: &[u8], ty: &TypeRef, what: &str) -> Value {
    let value = decode(schema, bytes, ty, DecodeOptions::default())
        .unwrap_or_else(|e| panic!("{what}: decode: {e}"));
    let forms = [
        Text::new(schema, &value).to_string(),
        format!("{:#}", Text::new(schema, &value)),
    ];
    for text in &forms {
        let (back, back_ty) = parse(schema, text, ty);
        assert_eq!(back, value, "{what}: {text}");
        assert_eq!(
            encode(schema, &back, &back_ty).unwrap(),
            bytes,
            "{what}: {text}"
        );
    }
    for json in [
        Json::new(schema, &value).to_string(),
        format!("{:#}", Json::new(schema, &value)),
    ] {
        let back = parse_json(schema, &json, ty, &DecodeOptions::default())
            .unwrap_or_else(|e| panic!("{what}: {}", e.render("<json>", &json, false)));
        assert_eq!(back, value, "{what}: {json}");
        assert_eq!(encode(schema, &back, ty).unwrap(), bytes, "{what}: {json}");
    }
    value
}

/// The documented text as TL text (see the module docs for each rule).
fn tl_text(e: Entry<'_>) -> String {
    let text = e.str("tl_text");
    match e.name() {
        "getUsers" => {
            assert_eq!(text, "getUsers([2,3,4])");
            "(getUsers [2,3,4])".to_owned()
        }
        "int_couple" => {
            let (tl, prose) = text.split_once("  (").unwrap();
            assert!(prose.starts_with("bare %int_couple"), "{text}");
            tl.to_owned()
        }
        _ => text.to_owned(),
    }
}

#[test]
fn documented_dumps_match() {
    let entries = dumps::load();
    let mut checked = 0;
    for json in &entries {
        let e = Entry(json);
        if e.category().contains("primitive") {
            continue;
        }
        let (schema, documented) = schema_of(e.id());
        let what = format!("dump {} ({})", e.id(), e.name());
        let ty = TypeRef::any();
        let exact = if e.has("query_hex_schema_exact") {
            "query_hex_schema_exact"
        } else {
            "query_hex"
        };
        let query = e.hex(exact);
        let query_value = check_bytes(&schema, &query, &ty, &what);
        // An answer is read as the queried function's result type; an object as any object.
        let answer_ty = query_value
            .as_object()
            .and_then(|o| schema.name_of(o.def))
            .and_then(|name| schema.return_type(name))
            .unwrap_or_else(TypeRef::any);
        if exact != "query_hex" {
            let full = e.hex("query_hex");
            let err = decode(&schema, &full, &ty, DecodeOptions::default()).unwrap_err();
            assert_eq!(
                *err.kind(),
                DecodeErrorKind::TrailingBytes { count: 4 },
                "{what}"
            );
            assert_eq!(err.offset(), query.len(), "{what}");
        }
        if e.0.get("tl_text").and_then(DumpJson::as_str).is_some() {
            let text = tl_text(e);
            if e.name() == "auth.sendCode" {
                // The documented text is for the documented method; the bytes are not.
                let documented = documented
                    .as_ref()
                    .expect("rule 2 kept the documented lines");
                parse(documented, &text, &ty);
                let err = parse_text(&schema, &text, &ty, &DecodeOptions::default())
                    .map(|_| ())
                    .unwrap_err();
                assert_eq!(
                    err.message, "`auth.sendCode` takes no more fields",
                    "{what}"
                );
                assert_eq!(&text[err.span.unwrap().range()], "\"en\"");
            } else {
                let (value, vty) = parse(&schema, &text, &ty);
                assert_eq!(
                    encode(&schema, &value, &vty).unwrap(),
                    query,
                    "{what}: {text}"
                );
            }
        }
        for key in ["answer_hex", "inner_hex", "bare_hex"] {
            let key_exact = format!("{key}_schema_exact");
            let key = if e.has(&key_exact) {
                key_exact.as_str()
            } else {
                key
            };
            if !e.has(key) {
                continue;
            }
            let ty = match key {
                "bare_hex" => schema.parse_type("%int_couple").unwrap(),
                "inner_hex" => TypeRef::any(),
                _ => answer_ty.clone(),
            };
            let bytes = e.hex(key);
            let value = check_bytes(&schema, &bytes, &ty, &format!("{what} {key}"));
            if key == "bare_hex" {
                let (bare, bare_ty) =
                    parse(&schema, "int_couple 3 4 : %int_couple", &TypeRef::any());
                assert_eq!(bare, value);
                assert_eq!(encode(&schema, &bare, &bare_ty).unwrap(), bytes);
            }
            if key.starts_with("answer") {
                check_answer_text(e, &schema, &value, &bytes, &ty);
            }
        }
        checked += 1;
    }
    assert_eq!(checked, 23, "every dump with a schema");
}

fn check_answer_text(e: Entry<'_>, schema: &Schema, value: &Value, bytes: &[u8], ty: &TypeRef) {
    let Some(text) = e.0.get("answer_text").and_then(DumpJson::as_str) else {
        return;
    };
    if e.name() == "getUsers" {
        // Not TL text: the page's JSON sketch. What the bytes say instead:
        assert!(text.contains("{}"), "{text}");
        assert_eq!(
            Text::new(schema, value).to_string(),
            r#"[(user id:2 first_name:"Peter" last_name:"Parker") (no_user id:3) (user id:4 first_name:"John" last_name:"Doe")]"#
        );
        return;
    }
    let (parsed, ty) = parse(schema, text, ty);
    assert_eq!(&parsed, value, "{text}");
    assert_eq!(encode(schema, &parsed, &ty).unwrap(), bytes, "{text}");
    if text.contains('\n') {
        // The docs' multi-line form is ours, to the byte.
        assert_eq!(format!("{:#}", Text::new(schema, value)), text);
    } else {
        assert_eq!(Text::new(schema, value).to_string(), text);
    }
}

#[test]
fn auth_send_call_prints_as_the_issue_says() {
    let entries = dumps::load();
    let e = entries
        .iter()
        .map(Entry)
        .find(|e| e.name() == "auth.sendCall")
        .unwrap();
    let (schema, _) = schema_of(e.id());
    let bytes = e.hex("query_hex_schema_exact");
    let value = decode(&schema, &bytes, &TypeRef::any(), DecodeOptions::default()).unwrap();
    assert_eq!(
        Text::new(&schema, &value).to_string(),
        r#"(auth.sendCall phone_number:"79991234567" phone_code_hash:"2dc02d2cda9e615c84")"#
    );
}

#[test]
fn primitive_dumps_match() {
    let schema = Schema::from_tl("").unwrap();
    let entries = dumps::load();
    let mut seen = 0;
    for e in entries.iter().map(Entry) {
        if !e.category().contains("primitive") {
            continue;
        }
        seen += 1;
        let documented = e.str("tl_text");
        let bytes = e.hex("query_hex");
        // The string fixtures are TL text already; the rest are Rust expressions.
        let (text, ty) = if documented.starts_with('"') {
            (documented, "string")
        } else {
            let (_, text, ty) = PRIMITIVES
                .iter()
                .find(|(rust, ..)| *rust == documented)
                .unwrap_or_else(|| panic!("dump {}: `{documented}` is not in PRIMITIVES", e.id()));
            (*text, *ty)
        };
        let ty = schema.parse_type(ty).unwrap();
        let (value, _) = parse(&schema, text, &ty);
        assert_eq!(
            encode(&schema, &value, &ty).unwrap(),
            bytes,
            "dump {}",
            e.id()
        );
        let decoded = check_bytes(&schema, &bytes, &ty, &format!("dump {}", e.id()));
        let printed = Text::new(&schema, &decoded).to_string();
        if ty == schema.parse_type("Bool").unwrap() {
            assert_eq!(
                printed,
                format!("(bool{}{})", &text[..1].to_uppercase(), &text[1..])
            );
        } else {
            assert_eq!(printed, text, "dump {}", e.id());
        }
    }
    assert_eq!(
        seen,
        PRIMITIVES.len() + 6,
        "every primitive dump is checked"
    );
}

/// `tl_text_only.json`: no bytes, so each text parses, encodes, decodes and prints back; the
/// multi-line answer prints exactly as documented. Two of its examples come without schema lines:
/// the ones below are read off their own text (field names and types as the text shows them;
/// ids computed).
#[test]
fn text_only_examples_parse_and_print_back() {
    let path = dumps::path().with_file_name("tl_text_only.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let DumpJson::Array(entries) = DumpJson::parse(&text).unwrap() else {
        panic!("not a list")
    };
    const AUTH_LINES: &str = "
        boolFalse#bc799737 = Bool;
        boolTrue#997275b5 = Bool;
        userProfilePhotoEmpty = UserProfilePhoto;
        userStatusEmpty = UserStatus;
        userSelf id:int first_name:string last_name:string phone:string photo:UserProfilePhoto status:UserStatus inactive:Bool = User;
        auth.authorization expires:int user:User = auth.Authorization;
        ---functions---
        auth.signIn phone_number:string phone_code_hash:string phone_code:string = auth.Authorization;
        auth.signUp phone_number:string phone_code_hash:string phone_code:string first_name:string last_name:string = auth.Authorization;
    ";
    assert_eq!(entries.len(), 3);
    for e in &entries {
        let name = e.get("name").and_then(DumpJson::as_str).unwrap();
        let schema = match e.get("schema").and_then(DumpJson::as_array) {
            Some(lines) => {
                // The queried method's line goes after `---functions---`, as in tests/build.rs.
                let lines: Vec<&str> = lines.iter().filter_map(DumpJson::as_str).collect();
                let (functions, types): (Vec<&str>, Vec<&str>) = lines
                    .iter()
                    .partition(|l| l.starts_with(&format!("{name}#")));
                let text = format!(
                    "{}\n---functions---\n{}",
                    types.join("\n"),
                    functions.join("\n")
                );
                Schema::from_tl(&text).unwrap()
            }
            None => Schema::from_tl(AUTH_LINES).unwrap(),
        };
        for key in ["tl_text", "answer_text"] {
            let text = e.get(key).and_then(DumpJson::as_str).unwrap();
            let (value, ty) = parse(&schema, text, &TypeRef::any());
            let bytes = encode(&schema, &value, &ty).unwrap();
            let decoded = check_bytes(&schema, &bytes, &ty, &format!("{name} {key}"));
            assert_eq!(decoded, value);
            if text.contains('\n') {
                assert_eq!(format!("{:#}", Text::new(&schema, &value)), text);
            }
        }
    }
}
