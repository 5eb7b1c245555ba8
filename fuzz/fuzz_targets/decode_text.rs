//! Arbitrary text through tlgen-codec's TL text reader over Telegram's schema, as any object or
//! as the type the first byte selects. Any panic, abort, stack overflow or allocation past
//! `-malloc_limit_mb` is a bug; so is a parsed value that encodes but does not decode back to
//! itself, or does not survive printing and reading back.
#![no_main]

#[path = "codec_common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tlgen_codec::{encode, parse_text};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let ty = common::type_for(selector);
    let Ok((value, ty)) = parse_text(common::schema(), &text, &ty, &common::options(false)) else {
        return;
    };
    // Text can say what bytes cannot hold (fields on one flag bit half given): an error, fine.
    if encode(common::schema(), &value, &ty).is_ok() {
        common::survives_every_form(&value, &ty);
    }
});
