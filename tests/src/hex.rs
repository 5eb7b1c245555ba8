//! Hex text <-> bytes, for dumps and failure messages.

/// Decodes lowercase or uppercase hex; spaces are ignored (the documentation prints `F5 D5 84 2D`).
///
/// # Panics
///
/// On an odd number of digits or a non-hex character: test data is wrong, say where.
pub fn decode(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {text:?}"
    );
    digits
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).unwrap_or("??");
            u8::from_str_radix(s, 16).unwrap_or_else(|_| panic!("bad hex {s:?} in {text:?}"))
        })
        .collect()
}

/// Lowercase hex of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex of at most the first `max` bytes, with the total length, for messages about big payloads.
pub fn preview(bytes: &[u8], max: usize) -> String {
    if bytes.len() <= max {
        encode(bytes)
    } else {
        format!("{}... ({} bytes)", encode(&bytes[..max]), bytes.len())
    }
}

/// A fixed-size array from hex (an `int128`/`int256` in a dump).
///
/// # Panics
///
/// If the hex is not exactly `N` bytes.
pub fn array<const N: usize>(text: &str) -> [u8; N] {
    let bytes = decode(text);
    bytes
        .as_slice()
        .try_into()
        .unwrap_or_else(|_| panic!("{text:?} is {} bytes, not {N}", bytes.len()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips() {
        assert_eq!(super::decode("F5 D5 84 2d"), [0xf5, 0xd5, 0x84, 0x2d]);
        assert_eq!(super::encode(&[0, 0xab]), "00ab");
        assert_eq!(super::array::<2>("0102"), [1, 2]);
        assert_eq!(super::preview(&[1, 2, 3], 2), "0102... (3 bytes)");
    }
}
