//! Lying lengths and counts fail before the decoder allocates more than the input's size, through
//! the generated types. A counting global allocator (installed here, so this file is its own test
//! binary) measures the peak bytes the current thread holds while each decode runs.

mod common;

use common::alloc::{Counting, peak_during};
use common::schema::VECTOR_ID;
use tlgen_runtime::{DecodeError, DecodeErrorKind, Deserialize, Identifiable, Serialize};
use tlgen_telegram::{Object, enums, types};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Decodes `input` as a `T`, asserting it fails with `kind` at `offset` while holding at most
/// `input.len()` bytes at any time. Returns the peak.
fn fails_within_input_size<T: Deserialize>(
    what: &str,
    input: &[u8],
    kind: &DecodeErrorKind,
    offset: usize,
) -> usize {
    let (result, peak) = peak_during(|| T::from_bytes(input).map(drop));
    let err: DecodeError = result.expect_err(what);
    assert_eq!((err.kind(), err.offset()), (kind, offset), "{what}");
    assert!(
        peak <= input.len(),
        "{what}: peak {peak} bytes allocated for {} bytes of input",
        input.len()
    );
    eprintln!(
        "{what}: {err}; peak {peak} bytes for {} bytes of input",
        input.len()
    );
    peak
}

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn the_counter_counts() {
    // Without this, a broken counter would pass every test below.
    let (v, peak) = peak_during(|| vec![0u8; 10_000]);
    assert!(peak >= 10_000, "{peak}");
    drop(v);
}

#[test]
fn vector_of_long_counting_0x7fffffff() {
    let tail = [0xaa; 8];
    let input = concat(&[
        &types::MsgsAck::CONSTRUCTOR_ID.to_le_bytes(),
        &VECTOR_ID.to_le_bytes(),
        &0x7fff_ffff_u32.to_le_bytes(),
        &tail,
    ]);
    let kind = DecodeErrorKind::LengthTooLarge {
        length: 0x7fff_ffff,
        available: tail.len(),
    };
    fails_within_input_size::<types::MsgsAck>("msgs_ack", &input, &kind, 8);
    fails_within_input_size::<enums::MsgsAck>("MsgsAck", &input, &kind, 8);
    fails_within_input_size::<Object>("msgs_ack as Object", &input, &kind, 8);
}

#[test]
fn vector_of_message_counting_0xffffffff() {
    let tail = [0x55; 12];
    let input = concat(&[
        &types::messages::Messages::CONSTRUCTOR_ID.to_le_bytes(),
        &VECTOR_ID.to_le_bytes(),
        &u32::MAX.to_le_bytes(),
        &tail,
    ]);
    let kind = DecodeErrorKind::LengthTooLarge {
        length: u32::MAX as usize,
        available: tail.len(),
    };
    fails_within_input_size::<enums::messages::Messages>("messages.messages", &input, &kind, 8);
    fails_within_input_size::<Object>("messages.messages as Object", &input, &kind, 8);
}

#[test]
fn bytes_and_string_of_16_mib() {
    // 0xfe then a 3-byte length: 0xffffff is the largest TL can declare (16 MiB - 1).
    let tail = [0x11; 8];
    let input = concat(&[
        &types::MsgsStateInfo::CONSTRUCTOR_ID.to_le_bytes(),
        &7i64.to_le_bytes(),
        &[0xfe, 0xff, 0xff, 0xff],
        &tail,
    ]);
    let kind = DecodeErrorKind::LengthTooLarge {
        length: 0xff_ffff,
        available: tail.len(),
    };
    fails_within_input_size::<types::MsgsStateInfo>("msgs_state_info.info", &input, &kind, 12);
    fails_within_input_size::<Object>("msgs_state_info as Object", &input, &kind, 12);

    let input = concat(&[
        &types::RpcError::CONSTRUCTOR_ID.to_le_bytes(),
        &400i32.to_le_bytes(),
        &[0xfe, 0xff, 0xff, 0xff],
        &tail,
    ]);
    fails_within_input_size::<types::RpcError>("rpc_error.error_message", &input, &kind, 8);
}

/// A count the input *could* hold (4 bytes an item) of items that are far bigger in memory than
/// 4 bytes: reserving `count` items up front would take `count * size_of::<Message>()` bytes,
/// many times the input. The decoder must cap what it reserves by what the bytes left could hold.
#[test]
fn honest_count_of_large_items_reserves_at_most_the_input() {
    let garbage = vec![0u8; 4096];
    let count = (garbage.len() / 4) as u32;
    let input = concat(&[
        &types::messages::Messages::CONSTRUCTOR_ID.to_le_bytes(),
        &VECTOR_ID.to_le_bytes(),
        &count.to_le_bytes(),
        &garbage,
    ]);
    let naive = count as usize * size_of::<enums::Message>();
    assert!(
        naive > 4 * input.len(),
        "the test needs items bigger than their bytes"
    );
    let kind = DecodeErrorKind::UnknownConstructor {
        id: 0,
        expected: "Message",
    };
    fails_within_input_size::<enums::messages::Messages>("1024 x Message", &input, &kind, 12);
}

/// The same, nested: `jsonArray` inside `jsonArray`, each declaring as many items as the bytes
/// left could hold. Each level's reservation is capped by the input size, but all levels are
/// live at once, so without a shared budget the peak is (depth x input), up to 100 x with the
/// default depth limit: a 1 MiB message could hold ~100 MiB while it is being rejected.
#[test]
fn nested_honest_counts_reserve_at_most_the_input() {
    const LEVELS: usize = 90;
    let padding = 64 * 1024;
    let mut input = Vec::new();
    for level in 0..LEVELS {
        // Bytes left after this level's count: the deeper levels' headers and the padding.
        let left = (LEVELS - level - 1) * 12 + padding;
        input.extend_from_slice(&types::JsonArray::CONSTRUCTOR_ID.to_le_bytes());
        input.extend_from_slice(&VECTOR_ID.to_le_bytes());
        input.extend_from_slice(&((left / 4) as u32).to_le_bytes());
    }
    input.extend(vec![0u8; padding]);
    let offset = LEVELS * 12;
    let kind = DecodeErrorKind::UnknownConstructor {
        id: 0,
        expected: "JSONValue",
    };
    fails_within_input_size::<enums::JsonValue>("90 nested jsonArray", &input, &kind, offset);
}

/// Honest input, every count true: the decoded value itself must stay within a constant factor of
/// the input, here 32 bytes of memory per input byte (a 4-byte `jsonNull` in a `Vec` is 8x; an
/// empty `string` is 6x). Enums as large as their largest variant break that: a 4-byte
/// `updateConfig` takes `size_of::<enums::Update>()` bytes, and a 12-byte `messageEmpty` takes
/// `size_of::<enums::Message>()`, so a 16 MiB answer of them would need gigabytes.
#[test]
fn honest_input_decodes_within_32_bytes_per_input_byte() {
    fn factor<T: Deserialize + Serialize>(what: &str, value: &T) -> String {
        let input = value.to_bytes();
        let (decoded, peak) = peak_during(|| T::from_bytes(&input).map(drop));
        decoded.unwrap_or_else(|e| panic!("{what}: {e}"));
        let factor = peak as f64 / input.len() as f64;
        eprintln!(
            "{what}: {} bytes decode into {peak} bytes, {factor:.1}x",
            input.len()
        );
        if factor > 32.0 {
            format!("{what}: {factor:.0}x ({} bytes -> {peak})", input.len())
        } else {
            String::new()
        }
    }
    let nulls = enums::JsonValue::from(types::JsonArray {
        value: vec![enums::JsonValue::JsonNull(types::JsonNull {}); 8_000],
    });
    let empty_messages = enums::messages::Messages::from(types::messages::Messages {
        messages: (0..2_500)
            .map(|id| enums::Message::Empty(types::MessageEmpty { id, peer_id: None }))
            .collect(),
        topics: vec![],
        chats: vec![],
        users: vec![],
    });
    let config_updates = enums::Updates::from(types::Updates {
        updates: vec![enums::Update::Config(types::UpdateConfig {}); 8_000],
        users: vec![],
        chats: vec![],
        date: 0,
        seq: 0,
    });
    let failures: Vec<String> = [
        factor("8,000 jsonNull", &nulls),
        factor("2,500 messageEmpty", &empty_messages),
        factor("8,000 updateConfig", &config_updates),
    ]
    .into_iter()
    .filter(|f| !f.is_empty())
    .collect();
    assert!(
        failures.is_empty(),
        "decoded values far larger than their input (size_of Message {}, Update {}):\n{}",
        size_of::<enums::Message>(),
        size_of::<enums::Update>(),
        failures.join("\n")
    );
}
