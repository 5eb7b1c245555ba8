//! What the three tlgen-codec targets share: Telegram's schema compiled once, the types inputs are
//! read as, and the check that a decoded or parsed value survives every form.

use std::sync::OnceLock;

use tlgen_codec::{Json, Schema, Text, TypeRef, Value, decode, encode, parse_json, parse_text};
use tlgen_runtime::DecodeOptions;

pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let files = [
            ("api.tl", include_str!("../../schema/api.tl")),
            ("mtproto.tl", include_str!("../../schema/mtproto.tl")),
        ];
        let parsed = tlgen_parser::parse_files(&files).expect("schema/ parses");
        Schema::from_parsed(&parsed.schemas).expect("schema/ compiles")
    })
}

/// The type an input is read as, chosen by its first byte: any object by id most often, else a
/// few types that nest deeply or hold every kind of field.
pub fn type_for(selector: u8) -> TypeRef {
    const TYPES: &[&str] = &[
        "messages.Messages",
        "Updates",
        "Vector<Message>",
        "RichText",
        "JSONValue",
        "PageBlock",
        "%message",
        "Vector<long>",
    ];
    match TYPES.get(usize::from(selector) % 16) {
        Some(name) => schema().parse_type(name).expect("a type of the schema"),
        None => TypeRef::any(),
    }
}

/// Strict, and lenient about UTF-8 and padding (which keeps invalid bytes in strings).
pub fn options(lenient: bool) -> DecodeOptions {
    DecodeOptions {
        lossy_utf8: lenient,
        allow_nonzero_padding: lenient,
        ..DecodeOptions::default()
    }
}

/// `value` (of type `ty`) encodes, and the bytes decode to it again; it prints as TL text, one
/// line and multi-line, and as JSON (when its strings are UTF-8: JSON cannot hold other bytes),
/// and each reads back to it.
pub fn survives_every_form(value: &Value, ty: &TypeRef) {
    let s = schema();
    let lenient = options(true);
    let bytes = encode(s, value, ty).expect("a decoded or parsed value encodes");
    let again = decode(s, &bytes, ty, lenient).expect("encoded bytes decode");
    assert_eq!(&again, value, "bytes changed the value");
    for text in [
        Text::new(s, value).to_string(),
        format!("{:#}", Text::new(s, value)),
    ] {
        let (back, _) = parse_text(s, &text, ty, &lenient)
            .unwrap_or_else(|e| panic!("printed text does not parse: {e}\n{text}"));
        assert_eq!(&back, value, "text changed the value: {text}");
    }
    if strings_are_utf8(value) {
        let json = Json::new(s, value).to_string();
        let back = parse_json(s, &json, ty, &lenient)
            .unwrap_or_else(|e| panic!("printed JSON does not parse: {e}\n{json}"));
        assert_eq!(&back, value, "JSON changed the value: {json}");
    }
}

fn strings_are_utf8(value: &Value) -> bool {
    match value {
        Value::String(b) => std::str::from_utf8(b).is_ok(),
        Value::Vector(items) => items.iter().all(strings_are_utf8),
        Value::Object(o) => o.fields.iter().flatten().all(strings_are_utf8),
        _ => true,
    }
}
