//! Every decoding error: its kind, its offset, and that the reader survives it.

mod common;

use common::unhex;
use tlgen_runtime::{
    DecodeError, DecodeErrorKind, DecodeOptions, Deserialize, Reader, Serialize, VECTOR_ID, vector,
};

fn err(kind: DecodeErrorKind, offset: usize) -> DecodeError {
    DecodeError::new(kind, offset)
}

fn end(needed: usize, available: usize, offset: usize) -> DecodeError {
    err(DecodeErrorKind::UnexpectedEnd { needed, available }, offset)
}

fn too_large(length: usize, available: usize, offset: usize) -> DecodeError {
    err(
        DecodeErrorKind::LengthTooLarge { length, available },
        offset,
    )
}

/// Every proper prefix of `bytes` decoded as `T` fails with `expected(prefix_len)`.
fn check_prefixes<T: Deserialize + std::fmt::Debug>(
    bytes: &[u8],
    expected: impl Fn(usize) -> DecodeError,
) {
    assert!(T::from_bytes(bytes).is_ok(), "the whole value decodes");
    for k in 0..bytes.len() {
        let got = T::from_bytes(&bytes[..k]).expect_err("a proper prefix must fail");
        assert_eq!(got, expected(k), "prefix of {k} of {} bytes", bytes.len());
    }
}

#[test]
fn prefixes_of_fixed_size_values() {
    fn fixed<T: Serialize + Deserialize + std::fmt::Debug>(value: T) {
        let bytes = value.to_bytes();
        let n = bytes.len();
        check_prefixes::<T>(&bytes, |k| end(n, k, 0));
    }
    fixed(-5i32);
    fixed(7u32);
    fixed(i64::MIN);
    fixed(2.5f64);
    fixed([9u8; 16]);
    fixed([9u8; 32]);
    fixed(true);
    fixed(false);
}

/// The expected error for a `bytes`/`string` of `len` data bytes cut to `k` bytes, at `offset`.
fn bytes_prefix_error(len: usize, k: usize, offset: usize) -> DecodeError {
    let header = if len < 254 { 1 } else { 4 };
    let total = tlgen_runtime::bytes_len(len);
    if k == 0 {
        end(1, 0, offset)
    } else if k < header {
        end(4, k, offset)
    } else if k < header + len {
        too_large(len, k - header, offset)
    } else {
        assert!(k < total);
        end(total, k, offset)
    }
}

#[test]
fn prefixes_of_bytes_and_strings() {
    for len in [0, 1, 2, 3, 4, 5, 13, 253, 254, 273, 1000] {
        let s = "a".repeat(len);
        check_prefixes::<String>(&s.to_bytes(), |k| bytes_prefix_error(len, k, 0));
        let b = vec![0xffu8; len];
        check_prefixes::<Vec<u8>>(&b.to_bytes(), |k| bytes_prefix_error(len, k, 0));
    }
}

#[test]
fn prefixes_of_vectors() {
    // Vector<long> [1, 2]: id (0..4), count (4..8), items at 8 and 16.
    let bytes = vec![1i64, 2].to_bytes();
    check_prefixes::<Vec<i64>>(&bytes, |k| match k {
        0..4 => end(4, k, 0),
        4..8 => end(4, k - 4, 4),
        // A count of 2 needs at least 8 bytes after it.
        8..16 => too_large(2, k - 8, 4),
        _ => end(8, k - 16, 16),
    });

    // Vector<string> ["Hello", "x"]: id, count at 4, "Hello" at 8..16, "x" at 16..20.
    let bytes = vec!["Hello".to_owned(), "x".to_owned()].to_bytes();
    check_prefixes::<Vec<String>>(&bytes, |k| match k {
        0..4 => end(4, k, 0),
        4..8 => end(4, k - 4, 4),
        8..16 => too_large(2, k - 8, 4),
        _ => bytes_prefix_error(1, k - 16, 16),
    });

    // Vector<string> ["Hello"]: the count check passes from 12 bytes on, then the string is cut.
    let bytes = vec!["Hello".to_owned()].to_bytes();
    check_prefixes::<Vec<String>>(&bytes, |k| match k {
        0..4 => end(4, k, 0),
        4..8 => end(4, k - 4, 4),
        8..12 => too_large(1, k - 8, 4),
        _ => bytes_prefix_error(5, k - 8, 8),
    });
}

#[test]
fn prefixes_of_a_bare_vector() {
    let mut bytes = Vec::new();
    vector::serialize_bare(&[10i32, 20, 30], &mut bytes);
    for k in 0..bytes.len() {
        let mut r = Reader::new(&bytes[..k]);
        let got = vector::deserialize_bare::<i32>(&mut r).unwrap_err();
        let expected = match k {
            0..4 => end(4, k, 0),
            4..16 => too_large(3, k - 4, 0),
            _ => unreachable!(),
        };
        assert_eq!(got, expected, "prefix {k}");
    }
}

#[test]
fn bytes_length_is_checked_first() {
    // Claims 16 MiB - 1 with 4 bytes after the prefix.
    let bytes = unhex("feffffff0102030400000000");
    let e = Vec::<u8>::from_bytes(&bytes).unwrap_err();
    assert_eq!(e, too_large(0xff_ffff, 8, 0));
    // A short length past the end, inside a larger buffer at an offset.
    let bytes = unhex("00000000" /* an int */)
        .into_iter()
        .chain(unhex("0a010203"))
        .collect::<Vec<_>>();
    let mut r = Reader::new(&bytes);
    r.read_i32().unwrap();
    assert_eq!(r.read_bytes().unwrap_err(), too_large(10, 3, 4));
    assert_eq!(r.position(), 4, "a failed read does not advance");
}

#[test]
fn length_prefix_0xff_is_invalid() {
    let bytes = unhex("ff000000");
    assert_eq!(
        Vec::<u8>::from_bytes(&bytes).unwrap_err(),
        err(DecodeErrorKind::InvalidLengthPrefix, 0)
    );
}

#[test]
fn vector_count_larger_than_input() {
    let mut bytes = VECTOR_ID.to_le_bytes().to_vec();
    bytes.extend_from_slice(&0x7fff_ffffu32.to_le_bytes());
    bytes.extend_from_slice(&[0; 8]);
    assert_eq!(
        Vec::<i64>::from_bytes(&bytes).unwrap_err(),
        too_large(0x7fff_ffff, 8, 4)
    );
    // The count check is per 4 bytes: 3 items of `long` in 12 bytes passes the count check and
    // fails at the second item.
    let mut bytes = VECTOR_ID.to_le_bytes().to_vec();
    bytes.extend_from_slice(&3u32.to_le_bytes());
    bytes.extend_from_slice(&[0; 12]);
    assert_eq!(Vec::<i64>::from_bytes(&bytes).unwrap_err(), end(8, 4, 16));
}

#[test]
fn wrong_vector_id() {
    let bytes = unhex("1234567800000000");
    let e = Vec::<i32>::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        e,
        err(
            DecodeErrorKind::UnknownConstructor {
                id: 0x7856_3412,
                expected: "Vector"
            },
            0
        )
    );
    let mut r = Reader::new(&bytes);
    assert!(vector::deserialize_bare_items::<Never>(&mut r, true).is_err());
}

/// A bare type that never decodes, to check the vector id is read first.
struct Never;

impl tlgen_runtime::BareDeserialize for Never {
    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Err(err(DecodeErrorKind::InvalidUtf8, r.position()))
    }
}

#[test]
fn nesting_limit() {
    fn descend(r: &mut Reader<'_>, levels: u32) -> Result<u32, DecodeError> {
        if levels == 0 {
            return Ok(r.depth());
        }
        r.nested(|r| descend(r, levels - 1))
    }
    let bytes = [0u8; 8];
    let mut r = Reader::new(&bytes);
    assert_eq!(r.options().max_depth, 100);
    assert_eq!(descend(&mut r, 100), Ok(100));
    assert_eq!(r.depth(), 0, "depth restored after success");
    assert_eq!(
        descend(&mut r, 101),
        Err(err(DecodeErrorKind::TooDeep { limit: 100 }, 0))
    );
    assert_eq!(r.depth(), 0, "depth restored after failure");

    // The offset is where the too-deep level begins.
    r.read_u32().unwrap();
    assert_eq!(
        descend(&mut r, 101),
        Err(err(DecodeErrorKind::TooDeep { limit: 100 }, 4))
    );

    let options = DecodeOptions {
        max_depth: 3,
        ..DecodeOptions::default()
    };
    let mut r = Reader::with_options(&bytes, options);
    assert_eq!(descend(&mut r, 3), Ok(3));
    assert_eq!(
        descend(&mut r, 4),
        Err(err(DecodeErrorKind::TooDeep { limit: 3 }, 0))
    );
    let mut r = Reader::with_options(
        &bytes,
        DecodeOptions {
            max_depth: 0,
            ..options
        },
    );
    assert!(descend(&mut r, 1).is_err());
    assert_eq!(descend(&mut r, 0), Ok(0));
}

#[test]
fn trailing_bytes() {
    let bytes = unhex("0100000002");
    assert_eq!(
        i32::from_bytes(&bytes).unwrap_err(),
        err(DecodeErrorKind::TrailingBytes { count: 1 }, 4)
    );
    let bytes = unhex("b575729900000000");
    assert_eq!(
        bool::from_bytes(&bytes).unwrap_err(),
        err(DecodeErrorKind::TrailingBytes { count: 4 }, 4)
    );
    assert_eq!(Reader::new(&[]).finish(), Ok(()));
}

#[test]
fn invalid_utf8_strict_and_lossy() {
    // An int, then the string [0x48, 0xff, 0x69] ("H", invalid, "i").
    let bytes = unhex("0700000003" /* int 7, then len 3 */)
        .into_iter()
        .chain([0x48, 0xff, 0x69])
        .collect::<Vec<_>>();
    let mut r = Reader::new(&bytes);
    assert_eq!(r.read_i32().unwrap(), 7);
    assert_eq!(
        r.read_string().unwrap_err(),
        err(DecodeErrorKind::InvalidUtf8, 4)
    );
    assert_eq!(r.position(), 4, "a failed string read does not advance");
    // The same bytes are still fine as `bytes`.
    assert_eq!(r.read_bytes().unwrap(), &[0x48, 0xff, 0x69]);

    let lossy = DecodeOptions {
        lossy_utf8: true,
        ..DecodeOptions::default()
    };
    let mut r = Reader::with_options(&bytes[4..], lossy);
    assert_eq!(r.read_string().unwrap(), "H\u{fffd}i");
    r.finish().unwrap();
}

#[test]
fn nonzero_padding_strict_and_allowed() {
    // "Hello" with padding 00 07: the fault is the second padding byte, at 7.
    let bytes = unhex("0548656c6c6f0007");
    assert_eq!(
        String::from_bytes(&bytes).unwrap_err(),
        err(DecodeErrorKind::NonZeroPadding, 7)
    );
    assert_eq!(
        Vec::<u8>::from_bytes(&bytes).unwrap_err(),
        err(DecodeErrorKind::NonZeroPadding, 7)
    );
    let allow = DecodeOptions {
        allow_nonzero_padding: true,
        ..DecodeOptions::default()
    };
    let mut r = Reader::with_options(&bytes, allow);
    assert_eq!(r.read_string().unwrap(), "Hello");
    r.finish().unwrap();
    // Long form: 254 bytes, prefix 4, padding 2 at 258..260.
    let mut bytes = vec![0u8; 254].to_bytes();
    bytes[258] = 1;
    assert_eq!(
        Vec::<u8>::from_bytes(&bytes).unwrap_err(),
        err(DecodeErrorKind::NonZeroPadding, 258)
    );
}

#[test]
fn invalid_bool() {
    let bytes = unhex("00000000deadbeef");
    let mut r = Reader::new(&bytes);
    r.read_u32().unwrap();
    let e = bool::deserialize(&mut r).unwrap_err();
    assert_eq!(e, err(DecodeErrorKind::InvalidBool { id: 0xefbe_adde }, 4));
    assert_eq!(r.position(), 4);
    // The id of `true` (the bare type), `vector` or a near miss are not Bools either.
    for id in [0x3fed_d339u32, VECTOR_ID, tlgen_runtime::BOOL_TRUE_ID ^ 1] {
        assert!(matches!(
            bool::from_bytes(&id.to_le_bytes()).unwrap_err().kind(),
            DecodeErrorKind::InvalidBool { .. }
        ));
    }
}

#[test]
fn unknown_constructor_offset_saturates() {
    let r = Reader::new(&[]);
    assert_eq!(r.unknown_constructor(1, "X").offset(), 0);
    let bytes = [0u8; 12];
    let mut r = Reader::new(&bytes);
    r.read_raw(12).unwrap();
    let e = r.unknown_constructor(0x1234_5678, "Message");
    assert_eq!(e.offset(), 8);
}

#[test]
fn display() {
    let e = err(
        DecodeErrorKind::UnknownConstructor {
            id: 0x1234_5678,
            expected: "Message",
        },
        40,
    );
    assert_eq!(
        e.to_string(),
        "unknown constructor 0x12345678 for type Message at byte 40"
    );
    assert_eq!(
        end(4, 1, 3).to_string(),
        "unexpected end of input: needed 4 bytes, 1 left at byte 3"
    );
    assert_eq!(
        too_large(9, 2, 0).to_string(),
        "declared length 9 is larger than the 2 bytes left at byte 0"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().contains("Message"));
}

#[test]
fn failed_reads_leave_the_input_and_earlier_results_alone() {
    let bytes = unhex("0100000002000000ff");
    let copy = bytes.clone();
    let mut r = Reader::new(&bytes);
    let a = r.read_i32().unwrap();
    let b = r.read_i32().unwrap();
    assert!(r.read_i32().is_err());
    assert!(r.read_i64().is_err());
    assert!(r.read_array::<2>().is_err());
    assert!(r.read_raw(2).is_err());
    assert!(r.read_count().is_err());
    assert_eq!(r.position(), 8);
    assert_eq!(r.read_raw(1).unwrap(), &[0xff]);
    assert_eq!((a, b), (1, 2));
    assert_eq!(bytes, copy);
}
