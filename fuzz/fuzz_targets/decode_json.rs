//! Arbitrary text through tlgen-codec's JSON reader over Telegram's schema, as any object or as
//! the type the first byte selects. Any panic, abort, stack overflow or allocation past
//! `-malloc_limit_mb` is a bug; so is a parsed value that encodes but does not decode back to
//! itself, or does not survive printing and reading back.
#![no_main]

#[path = "codec_common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tlgen_codec::{encode, parse_json};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let ty = common::type_for(selector);
    let Ok(value) = parse_json(common::schema(), &text, &ty, &common::options(false)) else {
        return;
    };
    if encode(common::schema(), &value, &ty).is_ok() {
        common::survives_every_form(&value, &ty);
    }
});
