//! Helpers shared by the integration tests (each test binary uses a different subset).
#![allow(dead_code)]

use tlgen_runtime::{Deserialize, Serialize};

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a hex string; panics on malformed hex (test data is trusted).
pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd-length hex {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("valid hex"))
        .collect()
}

/// Serializes `value`, checks the bytes against `expected_hex`, `serialized_len` against the bytes
/// written, and decodes the bytes back to `value` with `from_bytes`.
pub fn check_codec<T>(value: &T, expected_hex: &str)
where
    T: Serialize + Deserialize + PartialEq + std::fmt::Debug,
{
    let bytes = value.to_bytes();
    assert_eq!(hex(&bytes), expected_hex, "encoding of {value:?}");
    assert_eq!(
        value.serialized_len(),
        bytes.len(),
        "serialized_len of {value:?}"
    );
    let mut appended = vec![0xaa];
    value.serialize(&mut appended);
    assert_eq!(
        &appended[1..],
        &bytes[..],
        "serialize appends after existing bytes"
    );
    let decoded = T::from_bytes(&unhex(expected_hex)).expect("decodes");
    assert_eq!(&decoded, value, "decoding of {expected_hex}");
}
