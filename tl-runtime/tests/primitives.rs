//! The primitive codecs against documented byte vectors, round trips and `serialized_len` over random
//! values, and the `bytes` length-prefix boundaries.

mod common;

use common::{check_codec, hex, unhex};
use proptest::prelude::*;
use tlgen_runtime::{
    BareDeserialize, BareSerialize, DecodeErrorKind, Deserialize, Fixed, Identifiable,
    MAX_BYTES_LEN, Reader, Serialize, Writer, bytes_len, serialize_bytes, vector,
};

/// The long string of the grammers fixture (273 bytes).
const LONG: &str = "This is a very long string, and it has to be longer than 253 characters, which are quite a few but we can make it! Although, it is quite challenging. The quick brown fox jumps over the lazy fox. There is still some more text we need to type. Oh, this sentence made it past!";

#[test]
fn documented_vectors() {
    check_codec(&0i32, "00000000");
    check_codec(&1i32, "01000000");
    check_codec(&-1i32, "ffffffff");
    check_codec(&i32::MAX, "ffffff7f");
    check_codec(&i32::MIN, "00000080");
    check_codec(&u32::MAX, "ffffffff");
    check_codec(&1i64, "0100000000000000");
    check_codec(&-1i64, "ffffffffffffffff");
    check_codec(&1.5f64, "000000000000f83f");
    check_codec(&f64::NEG_INFINITY, "000000000000f0ff");
    check_codec(&true, "b5757299");
    check_codec(&false, "379779bc");
    check_codec(&Vec::<i32>::new(), "15c4b51c00000000");
    check_codec(&vec![0x7fi32], "15c4b51c010000007f000000");
    check_codec(&Vec::<u8>::new(), "00000000");
    check_codec(&vec![0x7fu8], "017f0000");
    check_codec(&"Hi".to_owned(), "02486900");
    check_codec(&"Hi!".to_owned(), "03486921");
    check_codec(&"Hello".to_owned(), "0548656c6c6f0000");
    check_codec(
        &"Hello, world!".to_owned(),
        "0d48656c6c6f2c20776f726c64210000",
    );
}

#[test]
fn bare_vector_vector() {
    let mut out = Vec::new();
    vector::serialize_bare(&[0x7fi32], &mut out);
    assert_eq!(hex(&out), "010000007f000000");
    let bytes = unhex("010000007f000000");
    let mut r = Reader::new(&bytes);
    assert_eq!(vector::deserialize_bare::<i32>(&mut r).unwrap(), vec![0x7f]);
    assert!(r.is_empty());
}

#[test]
fn long_string() {
    assert_eq!(LONG.len(), 273);
    let bytes = LONG.to_owned().to_bytes();
    assert_eq!(hex(&bytes[..4]), "fe110100");
    assert_eq!(bytes.len(), 280);
    assert_eq!(&bytes[4..277], LONG.as_bytes());
    assert_eq!(&bytes[277..], &[0, 0, 0]);
    assert_eq!(String::from_bytes(&bytes).unwrap(), LONG);
}

#[test]
fn int128_int256_are_raw_bytes() {
    let a: [u8; 16] = std::array::from_fn(|i| i as u8);
    let b: [u8; 32] = std::array::from_fn(|i| 0xff - i as u8);
    check_codec(&a, &hex(&a));
    check_codec(&b, &hex(&b));
}

/// The lengths where the prefix form or the padding changes, up to the largest representable.
#[test]
fn bytes_length_boundaries() {
    let expected = [
        (0, 4),
        (1, 4),
        (2, 4),
        (3, 4),
        (4, 8),
        (252, 256),
        (253, 256),
        (254, 260),
        (255, 260),
        (256, 260),
        (257, 264),
        (MAX_BYTES_LEN - 4, MAX_BYTES_LEN + 1),
        (MAX_BYTES_LEN - 3, MAX_BYTES_LEN + 1),
        (MAX_BYTES_LEN - 2, MAX_BYTES_LEN + 5),
        (MAX_BYTES_LEN - 1, MAX_BYTES_LEN + 5),
        (MAX_BYTES_LEN, MAX_BYTES_LEN + 5),
    ];
    for (n, total) in expected {
        assert_eq!(bytes_len(n), total, "bytes_len({n})");
        let data: Vec<u8> = (0..n).map(|i| (i % 251) as u8 + 1).collect();
        let bytes = data.to_bytes();
        assert_eq!(bytes.len(), total, "encoded length of {n} bytes");
        if n < 254 {
            assert_eq!(bytes[0] as usize, n);
            assert_eq!(&bytes[1..1 + n], &data[..]);
        } else {
            assert_eq!(bytes[0], 0xfe);
            assert_eq!(
                u32::from_le_bytes([bytes[1], bytes[2], bytes[3], 0]) as usize,
                n
            );
            assert_eq!(&bytes[4..4 + n], &data[..]);
        }
        let header = if n < 254 { 1 } else { 4 };
        assert!(bytes[header + n..].iter().all(|&b| b == 0), "zero padding");
        assert_eq!(
            Vec::<u8>::from_bytes(&bytes).unwrap(),
            data,
            "round trip of {n}"
        );
    }
}

#[test]
#[should_panic(expected = "longer than the maximum")]
fn bytes_over_the_maximum_panic_on_serialize() {
    let mut out = Vec::new();
    serialize_bytes(&vec![0; MAX_BYTES_LEN + 1], &mut out);
}

/// A long prefix holding a short length is read (as other TL implementations do).
#[test]
fn non_canonical_long_prefix_is_read() {
    let bytes = unhex("fe0200004869" /* "Hi" */);
    let padded = [&bytes[..], &[0, 0]].concat();
    assert_eq!(String::from_bytes(&padded).unwrap(), "Hi");
}

#[test]
fn reader_primitives_advance() {
    let bytes = unhex("0100000002000000000000000000f83f");
    let mut r = Reader::new(&bytes);
    assert_eq!(r.read_u32().unwrap(), 1);
    assert_eq!(r.position(), 4);
    assert_eq!(r.read_i32().unwrap(), 2);
    assert_eq!(r.remaining(), 8);
    assert_eq!(r.read_raw(2).unwrap(), &[0, 0]);
    assert_eq!(r.read_array::<2>().unwrap(), [0, 0]);
    assert_eq!(r.read_raw(0).unwrap(), &[] as &[u8]);
    assert_eq!(r.read_raw(4).unwrap(), &[0, 0, 0xf8, 0x3f]);
    assert!(r.is_empty());
    r.finish().unwrap();
}

/// A hand-written bare type, as generated code would write one.
#[derive(Clone, Debug, PartialEq)]
struct Pair {
    a: i32,
    b: String,
}

impl Identifiable for Pair {
    const CONSTRUCTOR_ID: u32 = 0x0102_0304;
    const NAME: &'static str = "pair";
}

impl BareSerialize for Pair {
    fn bare_len(&self) -> usize {
        self.a.serialized_len() + self.b.serialized_len()
    }

    fn write_prefixed<P: Fixed>(&self, prefix: P, out: &mut Writer) {
        out.put_fixed((prefix, self.a));
        self.b.write_to(out);
    }
}

impl BareDeserialize for Pair {
    fn deserialize_bare(r: &mut Reader<'_>) -> Result<Self, tlgen_runtime::DecodeError> {
        Ok(Self {
            a: i32::deserialize(r)?,
            b: String::deserialize(r)?,
        })
    }
}

#[test]
fn vectors_of_bare_items() {
    let items = vec![
        Pair {
            a: 1,
            b: "x".into(),
        },
        Pair {
            a: -1,
            b: String::new(),
        },
    ];
    for boxed in [false, true] {
        let mut out = Vec::new();
        vector::serialize_bare_items(&items, &mut out, boxed);
        assert_eq!(out.len(), vector::len_of_bare_items(&items, boxed));
        let prefix = if boxed { "15c4b51c" } else { "" };
        assert_eq!(
            hex(&out),
            format!("{prefix}020000000100000001780000ffffffff00000000")
        );
        let mut r = Reader::new(&out);
        assert_eq!(
            vector::deserialize_bare_items::<Pair>(&mut r, boxed).unwrap(),
            items
        );
        r.finish().unwrap();
    }
    // Boxed items in a boxed vector carry their ids.
    assert_eq!(
        hex(&items.to_bytes()),
        "15c4b51c0200000004030201010000000178000004030201ffffffff00000000"
    );
    assert_eq!(Vec::<Pair>::from_bytes(&items.to_bytes()).unwrap(), items);
}

/// Encodes `value`, checks `serialized_len` and the round trip; `eq` compares (for NaN-safe f64).
fn round_trip<T: Serialize + Deserialize + std::fmt::Debug>(
    value: &T,
    eq: impl Fn(&T, &T) -> bool,
) {
    let bytes = value.to_bytes();
    assert_eq!(
        value.serialized_len(),
        bytes.len(),
        "serialized_len of {value:?}"
    );
    assert_eq!(bytes.len() % 4, 0, "TL values are whole words");
    let back = T::from_bytes(&bytes).unwrap();
    assert!(eq(value, &back), "{value:?} came back as {back:?}");
}

fn same<T: PartialEq>(a: &T, b: &T) -> bool {
    a == b
}

proptest! {
    #[test]
    fn round_trip_int(v: i32) { round_trip(&v, same); }

    #[test]
    fn round_trip_nat(v: u32) { round_trip(&v, same); }

    #[test]
    fn round_trip_long(v: i64) { round_trip(&v, same); }

    #[test]
    fn round_trip_double(v: f64) { round_trip(&v, |a: &f64, b: &f64| a.to_bits() == b.to_bits()); }

    #[test]
    fn round_trip_int128(v: [u8; 16]) { round_trip(&v, same); }

    #[test]
    fn round_trip_int256(v: [u8; 32]) { round_trip(&v, same); }

    #[test]
    fn round_trip_bool(v: bool) { round_trip(&v, same); }

    #[test]
    fn round_trip_string(v in ".{0,300}") { round_trip(&v, same); }

    #[test]
    fn round_trip_bytes(v in proptest::collection::vec(any::<u8>(), 0..600)) {
        round_trip(&v, same);
        prop_assert_eq!(bytes_len(v.len()), v.to_bytes().len());
    }

    #[test]
    fn round_trip_vector_long(v: Vec<i64>) { round_trip(&v, same); }

    #[test]
    fn round_trip_vector_string(v in proptest::collection::vec(".{0,40}", 0..20)) { round_trip(&v, same); }

    #[test]
    fn round_trip_vector_bytes(v in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..8)) {
        round_trip(&v, same);
    }

    #[test]
    fn round_trip_vector_vector_bool(v: Vec<Vec<bool>>) { round_trip(&v, same); }

    #[test]
    fn round_trip_bare_vector(v: Vec<i32>) {
        let mut out = Vec::new();
        vector::serialize_bare(&v, &mut out);
        prop_assert_eq!(out.len(), vector::bare_len(&v));
        let mut r = Reader::new(&out);
        prop_assert_eq!(vector::deserialize_bare::<i32>(&mut r).unwrap(), v);
        prop_assert!(r.is_empty());
    }

    #[test]
    fn round_trip_bare_items(v in proptest::collection::vec((any::<i32>(), ".{0,20}"), 0..10), boxed: bool) {
        let items: Vec<Pair> = v.into_iter().map(|(a, b)| Pair { a, b }).collect();
        let mut out = Vec::new();
        vector::serialize_bare_items(&items, &mut out, boxed);
        prop_assert_eq!(out.len(), vector::len_of_bare_items(&items, boxed));
        let mut r = Reader::new(&out);
        prop_assert_eq!(vector::deserialize_bare_items::<Pair>(&mut r, boxed).unwrap(), items);
        prop_assert!(r.is_empty());
    }

    /// Random bytes decoded as every primitive: `Ok` or `Err`, never a panic, and an `Ok` re-encodes
    /// to exactly the bytes it consumed (strict mode makes decode -> encode byte-exact), except for a
    /// non-canonical long length prefix, which re-encodes shorter.
    #[test]
    fn random_input_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        fn check<T: Serialize + Deserialize>(bytes: &[u8]) {
            let mut r = Reader::new(bytes);
            if let Ok(value) = T::deserialize(&mut r) {
                let consumed = &bytes[..r.position()];
                let long_prefix_of_short = consumed.first() == Some(&0xfe)
                    && consumed.len() >= 4
                    && u32::from_le_bytes([consumed[1], consumed[2], consumed[3], 0]) < 254;
                if !long_prefix_of_short {
                    assert_eq!(value.to_bytes(), consumed);
                }
            }
        }
        check::<i32>(&bytes);
        check::<i64>(&bytes);
        check::<[u8; 16]>(&bytes);
        check::<bool>(&bytes);
        check::<String>(&bytes);
        check::<Vec<u8>>(&bytes);
        check::<Vec<i32>>(&bytes);
        check::<Vec<String>>(&bytes);
        let _ = Pair::from_bytes(&bytes);
        let mut r = Reader::new(&bytes);
        let _ = vector::deserialize_bare_items::<Pair>(&mut r, false);
    }
}

#[test]
fn decode_error_kinds_are_matchable() {
    let err = bool::from_bytes(&unhex("00000000")).unwrap_err();
    assert!(matches!(err.kind(), DecodeErrorKind::InvalidBool { id: 0 }));
}
