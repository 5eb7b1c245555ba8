//! Each kind of value through every form (bytes, TL text, JSON) on a small schema, and the
//! values that do not fit their type: encode errors with their path, text errors with their
//! place.

use tlgen_codec::{
    Json, Object, Schema, Text, TypeRef, Value, decode, encode, parse_json, parse_text,
};
use tlgen_runtime::DecodeOptions;

const TL: &str = "
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
true#3fedd339 = True;
int512 16*[ int ] = Int512;
all flags:# pinned:flags.0?true views:flags.1?int forwards:flags.1?int
    bot:flags.2?true bot_version:flags.2?int
    i:int l:long d:double n:int128 k:int256 z:int512 s:string b:bytes ok:Bool
    ints:Vector<int> bare:vector<%Pair> inner:Object = All;
pair x:int y:long = Pair;
---functions---
invoke {X:Type} query:!X = X;
";

fn schema() -> Schema {
    Schema::from_tl(TL).unwrap()
}

fn text(s: &Schema, t: &str) -> Value {
    let any = TypeRef::any();
    parse_text(s, t, &any, &DecodeOptions::default())
        .unwrap_or_else(|e| panic!("{}", e.render("<t>", t, false)))
        .0
}

const FULL: &str = r#"(all pinned:true views:1 forwards:2 bot:true bot_version:3 i:-4 l:-9223372036854775808 d:-0.0 n:0x000102030405060708090a0b0c0d0e0f k:0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f z:0x404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f s:"é\"\n\x00" b:0xff00 ok:(boolTrue) ints:[1 2] bare:[(pair x:1 y:2)] inner:(pair x:3 y:4))"#;

#[test]
fn every_kind_through_every_form() {
    let s = schema();
    let any = TypeRef::any();
    let value = text(&s, FULL);
    let bytes = encode(&s, &value, &any).unwrap();
    let back = decode(&s, &bytes, &any, DecodeOptions::default()).unwrap();
    assert_eq!(back, value);
    // The int256 and the int512 after it are their bytes as they are, in wire order.
    let k: Vec<u8> = (0..32).collect();
    let at = bytes.windows(32).position(|w| w == k).unwrap() + 32;
    assert_eq!(bytes[at..at + 64], (64..128).collect::<Vec<u8>>());
    // Cut one byte short of the int512: an error where it starts, not a panic.
    let err = decode(&s, &bytes[..at + 63], &any, DecodeOptions::default()).unwrap_err();
    assert_eq!(err.offset(), at, "{err}");
    // The string had `\x00`, which prints as `\0`.
    assert_eq!(
        Text::new(&s, &back).to_string(),
        FULL.replace(r"\x00", r"\0")
    );
    let json = Json::new(&s, &back).to_string();
    assert_eq!(
        json,
        r#"{"_":"all","pinned":true,"views":1,"forwards":2,"bot":true,"bot_version":3,"i":-4,"l":-9223372036854775808,"d":-0.0,"n":"AAECAwQFBgcICQoLDA0ODw==","k":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","z":"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+fw==","s":"é\"\n\u0000","b":"/wA=","ok":true,"ints":[1,2],"bare":[{"_":"pair","x":1,"y":2}],"inner":{"_":"pair","x":3,"y":4}}"#
    );
    assert_eq!(
        parse_json(&s, &json, &any, &DecodeOptions::default()).unwrap(),
        value
    );
    let pretty = format!("{:#}", Json::new(&s, &back));
    assert!(
        pretty.starts_with("{\n  \"_\": \"all\",\n  \"pinned\": true,\n"),
        "{pretty}"
    );
    assert!(
        pretty.contains("  \"ints\": [\n    1,\n    2\n  ],\n"),
        "{pretty}"
    );
    assert_eq!(
        parse_json(&s, &pretty, &any, &DecodeOptions::default()).unwrap(),
        value
    );
    // The JSON is what serde_json itself reads and writes back.
    let reparsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string(&reparsed).unwrap().len(), json.len());
    assert_eq!(
        serde_json::to_string_pretty(&reparsed).unwrap().len(),
        pretty.len()
    );
}

#[test]
fn multi_line_breaks_what_does_not_fit() {
    let s = schema();
    let value = text(&s, FULL);
    let pretty = format!("{:#}", Text::new(&s, &value));
    let lines: Vec<&str> = pretty.lines().collect();
    assert_eq!(lines[0], "(all");
    assert_eq!(lines[1], "  pinned:true");
    assert!(lines.contains(&"  ints:[1 2]"), "{pretty}");
    assert!(lines.contains(&"  inner:(pair x:3 y:4)"), "{pretty}");
    assert_eq!(*lines.last().unwrap(), ")");
    // A scalar wider than the line, the int512's 128 hex digits, stays whole on a line of its
    // own; everything else fits.
    let z = lines.iter().position(|l| l.starts_with("  z:0x")).unwrap();
    assert_eq!(lines[z].len(), 2 + 2 + 2 + 128, "{pretty}");
    assert!(
        lines
            .iter()
            .enumerate()
            .all(|(i, l)| i == z || l.len() <= 100),
        "{pretty}"
    );
    // A vector too long for a line puts an item on each.
    let long: Vec<String> = (0..40).map(|i| format!("(pair x:{i} y:{i})")).collect();
    let t = FULL.replace(
        "bare:[(pair x:1 y:2)]",
        &format!("bare:[{}]", long.join(" ")),
    );
    let pretty = format!("{:#}", Text::new(&s, &text(&s, &t)));
    assert!(
        pretty.contains("\n  bare:[\n    (pair x:0 y:0)\n    (pair x:1 y:1)\n"),
        "{pretty}"
    );
    assert!(pretty.contains("\n    (pair x:39 y:39)\n  ]\n"), "{pretty}");
    assert_eq!(text(&s, &pretty), text(&s, &t));
}

#[test]
fn doubles_keep_their_bits() {
    let s = schema();
    let any = TypeRef::any();
    let base = text(&s, FULL);
    for bits in [
        0x7ff8_0000_0000_0000u64,
        0xfff8_0000_0000_0000,
        0x7ff0_0000_0000_0001,
        0x7ff0_0000_0000_0000,
        0xfff0_0000_0000_0000,
        0x8000_0000_0000_0000,
        1,
        0x7fef_ffff_ffff_ffff,
        0.1f64.to_bits(),
    ] {
        let mut v = base.clone();
        let Value::Object(o) = &mut v else { panic!() };
        let d = 8; // flags pinned views forwards bot bot_version i l [d]
        o.fields[d] = Some(Value::Double(f64::from_bits(bits)));
        let bytes = encode(&s, &v, &any).unwrap();
        let t = Text::new(&s, &v).to_string();
        let j = Json::new(&s, &v).to_string();
        let from_text = text(&s, &t);
        let from_json = parse_json(&s, &j, &any, &DecodeOptions::default()).unwrap();
        assert_eq!(
            encode(&s, &from_text, &any).unwrap(),
            bytes,
            "{bits:#x}: {t}"
        );
        assert_eq!(
            encode(&s, &from_json, &any).unwrap(),
            bytes,
            "{bits:#x}: {j}"
        );
    }
}

#[test]
fn generic_calls_nest() {
    let s = schema();
    let v = text(&s, "(invoke query:(invoke (pair x:1 y:2)))");
    let bytes = encode(&s, &v, &TypeRef::any()).unwrap();
    assert_eq!(bytes.len(), 4 + 4 + 4 + 4 + 8);
    let back = decode(&s, &bytes, &TypeRef::any(), DecodeOptions::default()).unwrap();
    assert_eq!(
        Text::new(&s, &back).to_string(),
        "(invoke query:(invoke query:(pair x:1 y:2)))"
    );
}

#[test]
fn values_that_do_not_fit_are_encode_errors_with_a_path() {
    let s = schema();
    let any = TypeRef::any();
    let value = text(&s, FULL);
    let with = |field: usize, v: Option<Value>| {
        let mut value = value.clone();
        let Value::Object(o) = &mut value else {
            panic!()
        };
        o.fields[field] = v;
        encode(&s, &value, &any)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        with(7, Some(Value::Int(1))),
        "expected long, found an int at .l"
    );
    assert_eq!(
        with(3, None),
        "missing: `flags.1` is set by another field present on the bit, and the fields on one \
         bit are present together at .forwards"
    );
    assert_eq!(
        with(5, None),
        "missing: `flags.2` is set by another field present on the bit, and the fields on one \
         bit are present together at .bot_version"
    );
    assert_eq!(
        with(0, Some(Value::Nat(1))),
        "a flags word is computed from the fields; it holds no value at .flags"
    );
    assert_eq!(with(6, None), "missing required field of `all` at .i");
    assert_eq!(
        with(11, Some(Value::Int256(Box::new([0; 32])))),
        "expected int512, found an int256 at .z"
    );
    assert_eq!(
        with(15, Some(Value::Vector(vec![Value::Int(1), Value::Long(2)]))),
        "expected int, found a long at .ints[1]"
    );
    let pair = s.parse_type("%pair").unwrap();
    let all = text(&s, FULL);
    assert_eq!(
        with(16, Some(Value::Vector(vec![all]))).as_str(),
        "expected %pair, found `all` at .bare[0]"
    );
    let huge = Value::Bytes(vec![0; tlgen_runtime::MAX_BYTES_LEN + 1]);
    assert!(with(13, Some(huge)).starts_with("16777216 bytes is longer than TL's maximum"));
    let wrong_len = Value::Object(Box::new(Object {
        def: 0,
        fields: vec![],
    }));
    assert!(encode(&s, &wrong_len, &pair).is_err());
    let no_def = Value::Object(Box::new(Object {
        def: 999,
        fields: vec![],
    }));
    assert_eq!(
        encode(&s, &no_def, &any).unwrap_err().to_string(),
        "no definition #999 in the schema"
    );
}

#[test]
fn text_errors_point_at_the_fault() {
    let s = schema();
    let any = TypeRef::any();
    let err = |t: &str| {
        let e = parse_text(&s, t, &any, &DecodeOptions::default())
            .map(|_| ())
            .unwrap_err();
        (t[e.span.unwrap().range()].to_owned(), e.message)
    };
    let pair = |t: &str, at: &str, message: &str| {
        assert_eq!(err(t), (at.to_owned(), message.to_owned()), "{t}");
    };
    pair("(pair x:1 y:2 z:3)", "z", "`pair` has no field `z`");
    pair(
        "(pair x:1)",
        "(pair x:1)",
        "`pair` is missing its field `y`",
    );
    pair("(pair 1 2 3)", "3", "`pair` takes no more fields");
    pair("(pair x:1 x:2 y:1)", "2", "field `x` is given twice");
    pair(
        "(pair x:1.5 y:1)",
        "1.5",
        "expected an int (-2147483648 to 2147483647), found `1.5`",
    );
    pair(
        "(pair x:1 y:\"a\")",
        "\"a\"",
        "expected a long (a 64-bit integer), found a string",
    );
    pair(
        "(nope)",
        "nope",
        "`nope` is not a constructor or function of the schema",
    );
    pair(
        "(all flags:1)",
        "flags",
        "`flags` is a flags word, computed from the fields",
    );
    pair(
        "[1]",
        "[1]",
        "expected Object: (name field:value ...), found a vector",
    );
    let with = |field: &str, v: &str| FULL.replace(field, v);
    pair(
        &with("ok:(boolTrue)", "ok:(boolMaybe)"),
        "(boolMaybe)",
        "expected a Bool: (boolTrue) or (boolFalse), found `(boolMaybe ...)`",
    );
    pair(
        &with("n:0x000102030405060708090a0b0c0d0e0f", "n:0x01"),
        "0x01",
        "expected an int128: 0x and 32 hex digits, found `0x01`",
    );
    // An int512 one byte short, and one byte long: the length is the type's.
    let short = format!("0x{}", "ab".repeat(63));
    pair(
        &with(
            "z:0x404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f",
            &format!("z:{short}"),
        ),
        &short,
        &format!("expected an int512: 0x and 128 hex digits, found `{short}`"),
    );
    let long = format!("0x{}", "ab".repeat(65));
    assert_eq!(
        err(&with("z:0x404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f", &format!("z:{long}"))).1,
        format!("expected an int512: 0x and 128 hex digits, found `{long}`")
    );
    pair(
        &with("bare:[(pair", "bare:[(all"),
        "all",
        "`all` is not a %pair",
    );
    pair(
        &with("pinned:true", "pinned:yes"),
        "yes",
        "expected `true`, found `yes`",
    );
    // `pinned:false` is leaving it out; Bool takes its short forms.
    let v = text(
        &s,
        &with("pinned:true", "pinned:false").replace("ok:(boolTrue)", "ok:false"),
    );
    let t = Text::new(&s, &v).to_string();
    assert!(!t.contains("pinned") && t.contains("ok:(boolFalse)"), "{t}");
    // Positional and named mix; bytes take a string, strings take hex.
    let v = text(&s, r#"(pair 1 y:2)"#);
    assert_eq!(Text::new(&s, &v).to_string(), "(pair x:1 y:2)");
    let v = text(
        &s,
        &with(r#"s:"é\"\n\x00""#, "s:0x41").replace("b:0xff00", "b:\"A\""),
    );
    assert!(Text::new(&s, &v).to_string().contains(r#"s:"A" b:0x41"#));
}

#[test]
fn json_errors_name_the_path() {
    let s = schema();
    let any = TypeRef::any();
    let err = |j: &str| {
        parse_json(&s, j, &any, &DecodeOptions::default())
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(r#"{"_":"pair","x":1}"#),
        "`pair` is missing its field `y`"
    );
    assert_eq!(
        err(r#"{"_":"pair","x":1,"y":2,"z":3}"#),
        "`pair` has no field `z`"
    );
    assert_eq!(
        err(r#"{"x":1}"#),
        "\"_\" is missing: which constructor of Object"
    );
    assert_eq!(
        err(r#"{"_":"nope"}"#),
        "`nope` is not a constructor or function of the schema at ._"
    );
    assert_eq!(
        err(r#"{"_":"invoke","query":{"_":"pair","x":1,"y":2.5}}"#),
        "expected a long (a 64-bit integer), found a number at .query.y"
    );
    assert_eq!(
        err(r#"{"_":"pair","x":4294967296,"y":1}"#),
        "expected an int (-2147483648 to 2147483647), found a number at .x"
    );
    assert_eq!(err("[1,"), "EOF while parsing a value (byte 2)");
    // An int512 of 32 bytes (an int256's worth) is refused with its path.
    let full = Json::new(&s, &text(&s, FULL)).to_string();
    assert_eq!(
        err(&full.replace("QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+fw==", "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=")),
        "expected an int512: base64 of 64 bytes, found a string at .z"
    );
    // Longs as strings, as JavaScript writes them; bare values without "_".
    let v = parse_json(
        &s,
        r#"{"_":"pair","x":1,"y":"-9223372036854775808"}"#,
        &any,
        &DecodeOptions::default(),
    )
    .unwrap();
    assert_eq!(
        Text::new(&s, &v).to_string(),
        "(pair x:1 y:-9223372036854775808)"
    );
    let bare = s.parse_type("pair").unwrap();
    let v = parse_json(&s, r#"{"x":1,"y":2}"#, &bare, &DecodeOptions::default()).unwrap();
    assert_eq!(encode(&s, &v, &bare).unwrap().len(), 12);
}

/// Vectors of vectors, each level bare (a count) or boxed (`vector` id, count) as the schema
/// says, TDLib's integer names among the items: the bytes worked out by hand, then back through
/// text and JSON.
#[test]
fn nested_vectors_read_and_write_each_level_in_its_form() {
    let s = Schema::from_tl(
        "int32 = Int32;\nint64 = Int64;\n\
         point#0a000001 x:int32 y:int32 = Point;\n\
         grid#0a000002 rows:vector<vector<point>> boxed:Vector<vector<%Point>> \
         deep:vector<Vector<int64>> = Grid;",
    )
    .unwrap();
    let any = TypeRef::any();
    let t = r#"(grid rows:[[(point x:1 y:2)] []] boxed:[[(point x:3 y:4)]] deep:[[5]])"#;
    let value = text(&s, t);
    let words: [u32; 16] = [
        0x0a00_0002, // grid
        2,
        1,
        1,
        2,
        0, // rows: 2 rows, one point (bare), then none
        0x1cb5_c415,
        1,
        1,
        3,
        4, // boxed: id, 1 row, one point (bare)
        1,
        0x1cb5_c415,
        1,
        5,
        0, // deep: 1 item, id, 1 long (5, then its high word)
    ];
    let expected: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    assert_eq!(encode(&s, &value, &any).unwrap(), expected);
    let back = decode(&s, &expected, &any, DecodeOptions::default()).unwrap();
    assert_eq!(back, value);
    assert_eq!(Text::new(&s, &back).to_string(), t);
    let json = Json::new(&s, &back).to_string();
    assert_eq!(
        parse_json(&s, &json, &any, &DecodeOptions::default()).unwrap(),
        value
    );
    // An inner count the input cannot hold is an error where it stands, not an allocation.
    let mut lying = expected.clone();
    lying[8..12].copy_from_slice(&0x4000_0000u32.to_le_bytes());
    let err = decode(&s, &lying, &any, DecodeOptions::default()).unwrap_err();
    assert_eq!(err.offset(), 8, "{err}");
}
