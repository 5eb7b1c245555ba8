//! Decode -> encode -> decode: whatever decodes must re-encode to exactly `serialized_len` bytes
//! that decode again to an equal value and re-encode to the same bytes. Inputs are read as an
//! `Object` by id, and through the registry entry the first two bytes select, with its id put
//! before the rest (so every constructor and function is reached without guessing ids).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlgen_runtime::{DecodeOptions, Deserialize, DynObject, Reader, Registry, Serialize};
use tlgen_telegram::{Object, Schema};

/// `a == b`, or, where a `double` is NaN (never equal to itself), the same Debug text.
fn same(a: &Object, b: &Object) -> bool {
    a == b || format!("{a:?}") == format!("{b:?}")
}

fn check(first: Object) {
    let bytes = first.to_bytes();
    assert_eq!(
        bytes.len(),
        first.serialized_len(),
        "serialized_len of {}",
        first.name()
    );
    let second = Object::from_bytes(&bytes)
        .unwrap_or_else(|e| panic!("{} re-encoded to bytes it cannot decode: {e}", first.name()));
    assert!(
        same(&first, &second),
        "{} changed in a round trip",
        first.name()
    );
    assert_eq!(
        second.to_bytes(),
        bytes,
        "{} re-encodes differently",
        first.name()
    );
}

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = Object::from_bytes(data) {
        check(value);
    }
    let lenient = DecodeOptions {
        lossy_utf8: true,
        allow_nonzero_padding: true,
        ..DecodeOptions::default()
    };
    if let Ok(value) = Object::deserialize(&mut Reader::with_options(data, lenient)) {
        check(value);
    }
    if let [a, b, rest @ ..] = data {
        let entries = <Schema as Registry>::ENTRIES;
        let entry = &entries[usize::from(u16::from_le_bytes([*a, *b])) % entries.len()];
        let input = [&entry.id.to_le_bytes()[..], rest].concat();
        let mut r = Reader::new(&input);
        if let Ok(value) = (entry.decode)(&mut r) {
            let value: Box<dyn DynObject> = value;
            check(Object::from_box(value));
        }
    }
});
