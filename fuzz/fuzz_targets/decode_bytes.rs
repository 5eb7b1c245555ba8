//! Arbitrary bytes through tlgen-codec's decoder over Telegram's schema, as any object by id or as
//! the type the first byte selects, strict and lenient. Any panic, abort, stack overflow or
//! allocation past `-malloc_limit_mb` is a bug; so is a decoded value that does not survive
//! encoding, TL text and JSON unchanged.
#![no_main]

#[path = "codec_common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tlgen_codec::decode;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let ty = common::type_for(selector);
    for lenient in [false, true] {
        if let Ok(value) = decode(common::schema(), rest, &ty, common::options(lenient)) {
            common::survives_every_form(&value, &ty);
        }
    }
});
