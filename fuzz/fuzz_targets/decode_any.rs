//! Arbitrary bytes decoded as every boxed type, by id: `tlgen_telegram::Object` (any constructor or
//! function), the registry entry the first two bytes select with its id put before the rest (so
//! every constructor and function is reached without the fuzzer having to guess a 32-bit id), a
//! few enums directly, and all of it again with the lenient options. Any panic, abort or stack overflow is
//! a bug; so is an allocation past `-malloc_limit_mb` (see README.md).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlgen_runtime::{DecodeOptions, Deserialize, Reader, Registry};
use tlgen_telegram::{Object, Schema, enums};

fn decode_all(data: &[u8], options: DecodeOptions) {
    let mut r = Reader::with_options(data, options);
    let _ = Object::deserialize(&mut r);
    if let [a, b, rest @ ..] = data {
        let entries = <Schema as Registry>::ENTRIES;
        let entry = &entries[usize::from(u16::from_le_bytes([*a, *b])) % entries.len()];
        let input = [&entry.id.to_le_bytes()[..], rest].concat();
        let _ = (entry.decode)(&mut Reader::with_options(&input, options));
    }
    let _ = enums::messages::Messages::deserialize(&mut Reader::with_options(data, options));
    let _ = enums::Updates::deserialize(&mut Reader::with_options(data, options));
    let _ = enums::User::deserialize(&mut Reader::with_options(data, options));
    let _ = enums::RichText::deserialize(&mut Reader::with_options(data, options));
    let _ = enums::JsonValue::deserialize(&mut Reader::with_options(data, options));
    let _ = Vec::<enums::Message>::deserialize(&mut Reader::with_options(data, options));
}

fuzz_target!(|data: &[u8]| {
    decode_all(data, DecodeOptions::default());
    decode_all(
        data,
        DecodeOptions {
            lossy_utf8: true,
            allow_nonzero_padding: true,
            ..DecodeOptions::default()
        },
    );
});
