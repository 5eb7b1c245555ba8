//! Serde support: every constructor and function of Telegram's schema through `serde_json`
//! (the same text as the codec's JSON printer, and back) and CBOR (back to the same bytes), and
//! by hand each rule of the data model, each refusal, and hostile nesting.

use std::sync::OnceLock;

use serde::de::DeserializeSeed;
use tlgen_codec::{
    EmbeddedSchema, Json, Schema, SerdeValue, Text, TypeRef, Value, ValueSeed, compact_tl, decode,
    encode, parse_json, parse_text,
};
use tlgen_runtime::{DecodeOptions, Reader, Writer};
use tlgen_tests::reference::Reference;
use tlgen_tests::rng::Rng;

/// A generated type as far as the runtime's traits go: its boxed bytes, written and read as they
/// are. Its serde impls are the generated ones: one call into the embedded schema each.
macro_rules! generated {
    ($ty:ident, $schema:expr, $name:literal) => {
        #[derive(Debug, Clone, PartialEq)]
        struct $ty(Vec<u8>);

        impl tlgen_runtime::Serialize for $ty {
            fn serialized_len(&self) -> usize {
                self.0.len()
            }
            fn write_to(&self, out: &mut Writer) {
                // The codec writes whole words, as TL does.
                for word in self.0.chunks_exact(4) {
                    out.put_u32(u32::from_le_bytes(word.try_into().unwrap()));
                }
            }
        }

        impl tlgen_runtime::Deserialize for $ty {
            fn deserialize(r: &mut Reader<'_>) -> Result<Self, tlgen_runtime::DecodeError> {
                Ok(Self(r.read_raw(r.remaining())?.to_vec()))
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $schema.serialize(self, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $schema.deserialize(d, $name)
            }
        }
    };
}

fn telegram() -> &'static (Schema, EmbeddedSchema) {
    static SCHEMA: OnceLock<(Schema, EmbeddedSchema)> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let files = tlgen_tests::schema_files();
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let parsed = tlgen_parser::parse_files(&files).unwrap();
        let schema = Schema::from_parsed(&parsed.schemas).unwrap();
        let compact: &'static str = Box::leak(compact_tl(&parsed.schemas).into_boxed_str());
        (schema, EmbeddedSchema::new(compact))
    })
}

generated!(AnyObject, telegram().1, "Object");
generated!(SentCode, telegram().1, "auth.SentCode");
generated!(SendCode, telegram().1, "auth.sendCode");

fn cbor<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).unwrap();
    out
}

fn from_cbor<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    ciborium::from_reader(bytes).map_err(|e| e.to_string())
}

fn seed_json(s: &Schema, ty: &TypeRef, json: &str) -> Result<Value, String> {
    let seed = ValueSeed::new(s, ty, &DecodeOptions::default());
    let mut d = serde_json::Deserializer::from_str(json);
    let value = seed.deserialize(&mut d).map_err(|e| e.to_string())?;
    d.end().map_err(|e| e.to_string())?;
    Ok(value)
}

#[test]
fn every_definition_of_telegrams_schema_round_trips() {
    let (schema, _) = telegram();
    let files = tlgen_tests::schema_files();
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&files).unwrap();
    let reference = Reference::new(&parsed.schemas);
    let any = TypeRef::any();
    let options = DecodeOptions::default();
    let mut rng = Rng::new(0x5e7d_e000);
    let mut count = 0;
    for def in 0..reference.definitions().len() {
        for plan in reference.plans(def) {
            let bytes = reference.encode(def, &plan, &mut rng);
            let value = decode(schema, &bytes, &any, options).unwrap();
            let name = reference.definitions()[def].name.to_string();
            let context = || format!("{name} ({plan}): {}", Text::new(schema, &value));

            // serde_json writes exactly the codec's JSON, compact and pretty...
            let shown = SerdeValue::new(schema, &value);
            let json = serde_json::to_string(&shown).unwrap();
            assert_eq!(json, Json::new(schema, &value).to_string(), "{}", context());
            let pretty = serde_json::to_string_pretty(&shown).unwrap();
            assert_eq!(pretty, format!("{:#}", Json::new(schema, &value)));
            // ...and reads it back to the same value, as the codec's JSON reader does.
            assert_eq!(
                seed_json(schema, &any, &json).as_ref(),
                Ok(&value),
                "{}",
                context()
            );
            assert_eq!(
                parse_json(schema, &json, &any, &options).as_ref(),
                Ok(&value)
            );

            // A generated type: its `Serialize` is the same JSON, its `Deserialize` the bytes.
            let typed = AnyObject(bytes.clone());
            assert_eq!(serde_json::to_string(&typed).unwrap(), json);
            assert_eq!(serde_json::from_str::<AnyObject>(&json).unwrap(), typed);
            // CBOR, a binary format, back to the same bytes.
            let binary = cbor(&typed);
            assert_eq!(
                from_cbor::<AnyObject>(&binary).as_ref(),
                Ok(&typed),
                "{}",
                context()
            );
            count += 1;
        }
    }
    eprintln!("{count} values through serde_json and CBOR");
    assert!(count > 2000, "{count}");
}

const TL: &str = "
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
int512 16*[ int ] = Int512;
all#00000010 flags:# pinned:flags.0?true views:flags.1?int
    i:int l:long d:double n:int128 k:int256 z:int512 s:string b:bytes ok:Bool
    ints:Vector<int> bare:vector<%Pair> inner:Object = All;
pair#00000011 x:int y:long = Pair;
node#00000001 next:Node = Node;
leaf#00000002 = Node;
---functions---
invoke#00000020 {X:Type} query:!X = X;
";

fn small() -> &'static (Schema, EmbeddedSchema) {
    static SCHEMA: OnceLock<(Schema, EmbeddedSchema)> = OnceLock::new();
    SCHEMA.get_or_init(|| (Schema::from_tl(TL).unwrap(), EmbeddedSchema::new(TL)))
}

generated!(SmallAny, small().1, "Object");
generated!(SmallPair, small().1, "pair");
generated!(SmallNode, small().1, "Node");

fn text(t: &str) -> Value {
    let s = &small().0;
    parse_text(s, t, &TypeRef::any(), &DecodeOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.render("<t>", t, false)))
        .0
}

const ALL: &str = "(all pinned:true i:-4 l:-9223372036854775808 d:1.5 \
    n:0x000102030405060708090a0b0c0d0e0f \
    k:0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
    z:0x404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f \
    s:\"é\" b:0xff00 ok:(boolTrue) ints:[1 2] bare:[(pair x:1 y:2)] inner:(pair x:3 y:4))";

fn all_bytes() -> Vec<u8> {
    encode(&small().0, &text(ALL), &TypeRef::any()).unwrap()
}

#[test]
fn underscore_may_come_anywhere() {
    let s = &small().0;
    let any = TypeRef::any();
    let expected = text(ALL);
    // `"_"` last at every level, and left out of the bare vector's items.
    let json = r#"{"pinned":true,"i":-4,"l":-9223372036854775808,"d":1.5,
        "n":"AAECAwQFBgcICQoLDA0ODw==","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "z":"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+fw==",
        "s":"é","b":"/wA=","ok":true,"ints":[1,2],"bare":[{"y":2,"x":1}],
        "inner":{"y":4,"x":3,"_":"pair"},"_":"all"}"#;
    assert_eq!(seed_json(s, &any, json), Ok(expected.clone()));
    assert_eq!(
        serde_json::from_str::<SmallAny>(json).unwrap().0,
        all_bytes()
    );
    // In the middle, with a long as a string of digits, as JavaScript writes them.
    let pair = seed_json(s, &any, r#"{"x":3,"_":"pair","y":"4"}"#).unwrap();
    assert_eq!(Text::new(s, &pair).to_string(), "(pair x:3 y:4)");
    // In CBOR too (a map written by hand, `"_"` last).
    use ciborium::Value as C;
    let map = C::Map(vec![
        (C::from("y"), C::from(4)),
        (C::from("x"), C::from(3)),
        (C::from("_"), C::from("pair")),
    ]);
    let bytes = from_cbor::<SmallPair>(&cbor(&map)).unwrap();
    assert_eq!(bytes.0, encode(s, &pair, &any).unwrap());
}

#[test]
fn bytes_are_base64_in_json_and_raw_in_cbor() {
    let value = SmallAny(all_bytes());
    let json = serde_json::to_string(&value).unwrap();
    assert!(json.contains(r#""b":"/wA=""#), "{json}");
    assert!(json.contains(r#""n":"AAECAwQFBgcICQoLDA0ODw==""#), "{json}");
    assert!(json.contains(r#""z":"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+fw==""#), "{json}");
    let binary = cbor(&value);
    let parsed: ciborium::Value = from_cbor(&binary).unwrap();
    let field = |name: &str| {
        parsed
            .as_map()
            .unwrap()
            .iter()
            .find(|(k, _)| k.as_text() == Some(name))
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(field("_"), ciborium::Value::from("all"));
    assert_eq!(field("b"), ciborium::Value::Bytes(vec![0xff, 0]));
    assert_eq!(field("n"), ciborium::Value::Bytes((0..16).collect()));
    assert_eq!(field("k"), ciborium::Value::Bytes((0..32).collect()));
    assert_eq!(field("z"), ciborium::Value::Bytes((64..128).collect()));
    assert_eq!(from_cbor::<SmallAny>(&binary).unwrap(), value);

    // Read in every form: a base64 string, bytes, or a sequence of u8, in either format.
    use ciborium::Value as C;
    let with_b = |b: C| {
        let mut map = parsed.as_map().unwrap().clone();
        for (k, v) in &mut map {
            if k.as_text() == Some("b") {
                *v = b.clone();
            }
        }
        cbor(&C::Map(map))
    };
    for form in [
        C::from("/wA="),
        C::Bytes(vec![0xff, 0]),
        C::Array(vec![C::from(0xff), C::from(0)]),
    ] {
        assert_eq!(from_cbor::<SmallAny>(&with_b(form)).unwrap(), value);
    }
    let as_array = json.replace(r#""b":"/wA=""#, r#""b":[255,0]"#);
    assert_eq!(serde_json::from_str::<SmallAny>(&as_array).unwrap(), value);
    // Not base64, or the wrong length for an int128 or an int512: refused, with the path.
    let e = serde_json::from_str::<SmallAny>(&json.replace("/wA=", "/wA")).unwrap_err();
    assert!(e.to_string().contains("(at .b)"), "{e}");
    let e = from_cbor::<SmallAny>(&with_b(C::Array(vec![C::from(256)]))).unwrap_err();
    assert!(e.contains("256"), "{e}");
    let short = json.replace("AAECAwQFBgcICQoLDA0ODw==", "AAECAwQFBgcICQoLDA0O");
    let e = serde_json::from_str::<SmallAny>(&short).unwrap_err();
    assert!(e.to_string().contains("invalid length 15"), "{e}");
    let short = json.replace(
        "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+fw==",
        "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+",
    );
    let e = serde_json::from_str::<SmallAny>(&short).unwrap_err();
    assert!(
        e.to_string().contains(
            "invalid length 63, expected an int512: 64 bytes (base64 in text formats) (at .z)"
        ),
        "{e}"
    );
}

#[test]
fn non_finite_doubles() {
    let s = &small().0;
    for (double, name) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        (
            f64::from_bits(0x7ff0_0000_0000_0001),
            "NaN#7ff0000000000001",
        ),
        (-0.0, "-0.0"),
    ] {
        let mut value = text(ALL);
        let Value::Object(o) = &mut value else {
            unreachable!()
        };
        o.fields[5] = Some(Value::Double(double));
        let bytes = encode(s, &value, &TypeRef::any()).unwrap();
        let typed = SmallAny(bytes);
        let json = serde_json::to_string(&typed).unwrap();
        assert_eq!(json, Json::new(s, &value).to_string());
        let shown = if double.is_finite() {
            name.to_owned()
        } else {
            format!("\"{name}\"")
        };
        assert!(json.contains(&format!(r#""d":{shown},"#)), "{json}");
        assert_eq!(serde_json::from_str::<SmallAny>(&json).unwrap(), typed);
        // CBOR has floats of its own: the double as it is, every bit kept.
        let binary = cbor(&typed);
        let parsed: ciborium::Value = from_cbor(&binary).unwrap();
        let d = parsed
            .as_map()
            .unwrap()
            .iter()
            .find(|(k, _)| k.as_text() == Some("d"));
        assert!(matches!(d, Some((_, ciborium::Value::Float(_)))), "{d:?}");
        assert_eq!(from_cbor::<SmallAny>(&binary).unwrap(), typed);
    }
    // Finite doubles are numbers, never strings; an integer is taken as a double.
    let any = TypeRef::any();
    let json = Json::new(s, &text(ALL)).to_string();
    for bad in [
        r#""d":"1.5""#,
        r#""d":"nan""#,
        r#""d":"NaN#7ff8""#,
        r#""d":null"#,
    ] {
        let e = seed_json(s, &any, &json.replace(r#""d":1.5"#, bad)).unwrap_err();
        assert!(e.contains("expected a double"), "{bad}: {e}");
    }
    let whole = seed_json(s, &any, &json.replace(r#""d":1.5"#, r#""d":2"#)).unwrap();
    assert_eq!(
        whole.as_object().unwrap().fields[5],
        Some(Value::Double(2.0))
    );
}

#[test]
fn refusals_name_the_fault_and_where() {
    let s = &small().0;
    let any = TypeRef::any();
    let pair_ty = s.parse_type("Pair").unwrap();
    let json = Json::new(s, &text(ALL)).to_string();
    let refused = |ty: &TypeRef, json: &str, expected: &str| {
        let e = seed_json(s, ty, json).unwrap_err();
        assert!(e.contains(expected), "{json}\n  {e}\n  wanted: {expected}");
    };
    // A wrong `"_"`: of another type, not in the schema, not a string, missing, twice.
    refused(&pair_ty, r#"{"_":"leaf"}"#, "`_`: `leaf` is not Pair");
    refused(
        &any,
        r#"{"_":"nope"}"#,
        "`_`: `nope` is not a constructor or function",
    );
    refused(
        &any,
        r#"{"_":5}"#,
        "expected `_`: the name of a constructor or function",
    );
    refused(
        &any,
        r#"{"x":1,"y":2}"#,
        "\"_\" is missing: which constructor of Object",
    );
    refused(&any, r#"{"_":"pair","_":"pair"}"#, "`_` given twice");
    refused(
        &any,
        &json.replace(r#""_":"pair","x":3"#, r#""_":"leaf","x":3"#),
        "`leaf` has no field `x` (at .inner)",
    );
    // Fields: missing, unknown (a flags word too), twice, of the wrong type.
    refused(
        &any,
        r#"{"_":"pair","x":1}"#,
        "`pair` is missing its field `y`",
    );
    refused(
        &any,
        r#"{"y":1,"_":"pair"}"#,
        "`pair` is missing its field `x`",
    );
    refused(
        &any,
        r#"{"_":"pair","x":1,"y":2,"z":3}"#,
        "`pair` has no field `z`",
    );
    refused(
        &any,
        r#"{"z":3,"_":"pair","x":1,"y":2}"#,
        "`pair` has no field `z`",
    );
    refused(
        &any,
        &json.replace(r#""pinned""#, r#""flags":1,"pinned""#),
        "`all` has no field `flags`",
    );
    refused(&any, r#"{"_":"pair","x":1,"x":1,"y":2}"#, "`x` given twice");
    refused(
        &any,
        &json.replace("[1,2]", r#"[1,"2"]"#),
        "expected an int (-2147483648 to 2147483647) (at .ints[1])",
    );
    refused(
        &any,
        &json.replace(r#""x":1"#, r#""x":2147483648"#),
        "(at .bare[0].x)",
    );
    refused(
        &any,
        &json.replace(r#""ok":true"#, r#""ok":1"#),
        "expected a Bool",
    );
    refused(
        &any,
        &json.replace(r#""pinned":true"#, r#""pinned":"yes""#),
        "(at .pinned)",
    );
    // `"flag": false` is the flag left out.
    let unpinned = seed_json(
        s,
        &any,
        &json.replace(r#""pinned":true"#, r#""pinned":false"#),
    );
    assert_eq!(unpinned.unwrap().as_object().unwrap().fields[1], None);

    // A generated type's name: the constructor must be that one, the boxed type's.
    let e = serde_json::from_str::<SmallPair>(r#"{"_":"leaf"}"#).unwrap_err();
    assert!(e.to_string().contains("`_`: `leaf` is not `pair`"), "{e}");
    let e = serde_json::from_str::<SmallNode>(r#"{"_":"pair","x":1,"y":2}"#).unwrap_err();
    assert!(e.to_string().contains("`pair` is not Node"), "{e}");
    let leaf = serde_json::from_str::<SmallNode>(r#"{"_":"leaf"}"#).unwrap();
    assert_eq!(leaf.0, 2u32.to_le_bytes());
    let e = serde_json::from_str::<SmallPair>("[1,2]").unwrap_err();
    assert!(
        e.to_string().contains("expected Object: a map with \"_\""),
        "{e}"
    );
    // A name the embedded schema does not have: an error, not a panic.
    generated!(Missing, small().1, "nope");
    let e = serde_json::from_str::<Missing>(r#"{"_":"leaf"}"#).unwrap_err();
    assert!(e.to_string().contains("`nope` is not a boxed type"), "{e}");
}

#[test]
fn functions_and_generic_queries() {
    let (schema, _) = telegram();
    let t = "(auth.sendCode phone_number:\"+1\" api_id:5 api_hash:\"h\" settings:(codeSettings allow_flashcall:true))";
    let (value, _) = parse_text(schema, t, &TypeRef::any(), &DecodeOptions::default()).unwrap();
    let bytes = encode(schema, &value, &TypeRef::any()).unwrap();
    let json = serde_json::to_string(&SendCode(bytes.clone())).unwrap();
    assert_eq!(
        json,
        r#"{"_":"auth.sendCode","phone_number":"+1","api_id":5,"api_hash":"h","settings":{"_":"codeSettings","allow_flashcall":true}}"#
    );
    assert_eq!(serde_json::from_str::<SendCode>(&json).unwrap().0, bytes);
    let e = serde_json::from_str::<SentCode>(&json).unwrap_err();
    assert!(
        e.to_string()
            .contains("`auth.sendCode` is not auth.SentCode"),
        "{e}"
    );
    // A query inside `invokeWithLayer` (`!X`): the object it holds.
    let t = format!("(invokeWithLayer layer:1 query:{t})");
    let (value, _) = parse_text(schema, &t, &TypeRef::any(), &DecodeOptions::default()).unwrap();
    let bytes = encode(schema, &value, &TypeRef::any()).unwrap();
    let json = serde_json::to_string(&AnyObject(bytes.clone())).unwrap();
    assert!(json.starts_with(r#"{"_":"invokeWithLayer","layer":1,"query":{"_":"auth.sendCode","#));
    assert_eq!(serde_json::from_str::<AnyObject>(&json).unwrap().0, bytes);
}

#[test]
fn bytes_the_schema_cannot_read_are_an_error() {
    let e = serde_json::to_string(&SmallAny(vec![9, 9, 9, 9])).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("not TL of the embedded schema: unknown constructor"),
        "{e}"
    );
    static BAD: EmbeddedSchema = EmbeddedSchema::new("a#1 x:Nope = A;");
    generated!(Bad, BAD, "A");
    let e = serde_json::to_string(&Bad(vec![1, 0, 0, 0])).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the embedded schema does not parse"),
        "{e}"
    );
    let e = serde_json::from_str::<Bad>("{}").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the embedded schema does not parse"),
        "{e}"
    );
}

/// Runs `f` on a 256 KiB stack, as the codec's hostile-input tests do.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow or panic");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    on_small_stack(|| {
        let depth = 100_000;
        let leaf = r#"{"_":"leaf"}"#;
        // `"_"` first: read as typed objects.
        let first = format!(
            r#"{}{leaf}{}"#,
            r#"{"_":"node","next":"#.repeat(depth),
            "}".repeat(depth)
        );
        // `"_"` last: every level buffered before its constructor is known.
        let last = format!(
            r#"{}{leaf}{}"#,
            r#"{"next":"#.repeat(depth),
            r#","_":"node"}"#.repeat(depth)
        );
        for json in [&first, &last] {
            // The codec's limit (100 levels), before serde_json's own (128).
            let e = serde_json::from_str::<SmallNode>(json)
                .unwrap_err()
                .to_string();
            assert!(e.contains("nested deeper than the limit of"), "{e}");
        }
        // Deep vectors where bytes go (`[[[...]]]`): refused at the first level.
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let json = Json::new(&small().0, &text(ALL))
            .to_string()
            .replace("\"/wA=\"", &deep);
        let e = serde_json::from_str::<SmallAny>(&json)
            .unwrap_err()
            .to_string();
        assert!(e.contains("(at .b)"), "{e}");
        // Within the limit, deep values are read.
        let depth = 40;
        let ok = format!(
            r#"{}{leaf}{}"#,
            r#"{"next":"#.repeat(depth),
            r#","_":"node"}"#.repeat(depth)
        );
        let node = serde_json::from_str::<SmallNode>(&ok).unwrap();
        assert_eq!(node.0.len(), 4 * (depth + 1));
    });
}

#[test]
fn strings_that_are_not_utf8_are_written_as_the_json_printer_writes_them() {
    let s = &small().0;
    // A string decoded leniently from bytes with `\xff`: U+FFFD, as JSON strings are Unicode.
    let schema = Schema::from_tl("text#00000001 s:string = Text;").unwrap();
    let bytes = [1, 0, 0, 0, 3, b'a', 0xff, b'b'];
    let options = DecodeOptions {
        lossy_utf8: true,
        ..DecodeOptions::default()
    };
    let value = decode(&schema, &bytes, &TypeRef::any(), options).unwrap();
    let json = serde_json::to_string(&SerdeValue::new(&schema, &value)).unwrap();
    assert_eq!(json, Json::new(&schema, &value).to_string());
    assert_eq!(json, "{\"_\":\"text\",\"s\":\"a\u{fffd}b\"}");
    // Values of any type, not only objects, through `ValueSeed`.
    let ty = s.parse_type("Vector<long>").unwrap();
    let v = seed_json(s, &ty, r#"[1,"-2"]"#).unwrap();
    assert_eq!(v, Value::Vector(vec![Value::Long(1), Value::Long(-2)]));
}
