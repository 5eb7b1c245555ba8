//! Hostile and damaged input through the generated decoders: every prefix of a real ~30 KB answer,
//! 100,000 random inputs and 20,000 bit flips (never a panic; whatever decodes round-trips),
//! unknown ids (id, expected type, offset), errors that leave the caller's data alone, and the
//! strict-by-default UTF-8 and padding policy with its opt-outs.

mod common;

use std::fmt::Debug;

use common::payload;
use common::schema::{Gen, SCHEMA, VECTOR_ID};
use tlgen_runtime::{
    DecodeError, DecodeErrorKind, DecodeOptions, Deserialize, Identifiable, Reader, Registry,
    Serialize,
};
use tlgen_telegram::{Object, Schema, enums, types};
use tlgen_tests::rng::Rng;

/// Decodes `bytes` as a whole `T` with `options` (what `from_bytes` does with the defaults).
fn decode_with<T: Deserialize>(bytes: &[u8], options: DecodeOptions) -> Result<T, DecodeError> {
    let mut r = Reader::with_options(bytes, options);
    let value = T::deserialize(&mut r)?;
    r.finish()?;
    Ok(value)
}

/// What decoded must re-encode to exactly `serialized_len` bytes, which decode to an equal value
/// (by `==`, or by Debug text where a `double` is NaN and so unequal to itself) and re-encode to
/// the same bytes. When the re-encoding is the input itself, decoding it again is decoding the
/// input again, so only a non-canonical input (unknown flag bits, a long length prefix for a short
/// string, lossy UTF-8...) needs the second decode; that keeps 20,000 flips affordable.
fn assert_round_trips<T: Deserialize + Serialize + PartialEq + Debug>(value: &T, input: &[u8]) {
    let bytes = value.to_bytes();
    assert_eq!(bytes.len(), value.serialized_len(), "input {input:02x?}");
    if bytes == input {
        return;
    }
    let again = T::from_bytes(&bytes)
        .unwrap_or_else(|e| panic!("re-encoded value does not decode: {e}; input {input:02x?}"));
    assert!(
        again == *value || format!("{again:?}") == format!("{value:?}"),
        "round trip changed the value; input {input:02x?}"
    );
    assert_eq!(again.to_bytes(), bytes, "input {input:02x?}");
}

/// How a decode of `input` as `T` went: `Ok` (after checking the round trip), or how far into the
/// input the error was found.
fn decode_one<T: Deserialize + Serialize + PartialEq + Debug>(input: &[u8]) -> Result<(), usize> {
    match T::from_bytes(input) {
        Ok(value) => {
            assert_round_trips(&value, input);
            Ok(())
        }
        Err(e) => Err(e.offset()),
    }
}

/// Decodes `input` as the boxed types the issue names (`Object` only if `object`), round-tripping
/// whatever decodes. Returns (decodes that succeeded, decodes that got past the first id).
fn decode_as_several(input: &[u8], object: bool) -> (usize, usize) {
    let mut outcomes = vec![
        decode_one::<enums::messages::Messages>(input),
        decode_one::<enums::Updates>(input),
        decode_one::<enums::User>(input),
    ];
    if object {
        outcomes.push(decode_one::<Object>(input));
    }
    let ok = outcomes.iter().filter(|o| o.is_ok()).count();
    let deep = outcomes
        .iter()
        .filter(|o| matches!(o, Ok(()) | Err(4..)))
        .count();
    (ok, deep)
}

/// Runs `f(i)` for `i` in `0..n` on two threads (the machine has two cores), each `i` once.
fn on_two_threads(n: usize, f: impl Fn(usize) + Sync) {
    std::thread::scope(|scope| {
        let f = &f;
        scope.spawn(move || (0..n).step_by(2).for_each(f));
        (1..n).step_by(2).for_each(f);
    });
}

#[test]
fn payload_is_realistic() {
    let bytes = payload::bytes();
    eprintln!("payload: {} bytes", bytes.len());
    assert!(
        (28_000..34_000).contains(&bytes.len()),
        "{} bytes",
        bytes.len()
    );
    assert_eq!(
        enums::messages::Messages::from_bytes(&bytes).unwrap(),
        payload::value()
    );
    let object = Object::from_bytes(&bytes).unwrap();
    assert_eq!(object.name(), "messages.messages");
    assert_eq!(object.to_bytes(), bytes);
}

/// A cut-off answer must never pass for a whole one; and the only complaints possible about a
/// prefix of valid bytes are "the input ended" and "a length or count runs past the end".
#[test]
fn every_proper_prefix_of_the_payload_is_an_error() {
    let bytes = payload::bytes();
    on_two_threads(bytes.len(), |n| {
        let prefix = &bytes[..n];
        let err = enums::messages::Messages::from_bytes(prefix)
            .expect_err("a proper prefix decoded as a whole answer");
        assert!(
            matches!(
                err.kind(),
                DecodeErrorKind::UnexpectedEnd { .. } | DecodeErrorKind::LengthTooLarge { .. }
            ),
            "prefix of {n} bytes: {err}"
        );
        assert!(err.offset() <= n, "prefix of {n} bytes: {err}");
        // Through the by-id path too, on a sample: it dispatches to the same decoder, and a
        // full second pass would double the time in debug builds.
        if n % 16 == 0 {
            assert_eq!(Object::from_bytes(prefix).unwrap_err(), err, "{n}");
        }
    });
}

/// Bytes after a whole value are an error that says how many and where, never silently ignored.
#[test]
fn trailing_bytes_are_counted() {
    let mut bytes = payload::bytes();
    let len = bytes.len();
    for extra in 1..=5 {
        bytes.push(0);
        let err = enums::messages::Messages::from_bytes(&bytes).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (&DecodeErrorKind::TrailingBytes { count: extra }, len)
        );
        assert_eq!(Object::from_bytes(&bytes).unwrap_err(), err);
    }
}

/// Random words that look like TL: ids of real constructors, the vector id, `Bool`s, small counts
/// and lengths, so that decoders get past the first id and deep into the structure.
fn tl_soup(rng: &mut Rng, words: usize) -> Vec<u8> {
    let entries = <Schema as Registry>::ENTRIES;
    let mut out = Vec::with_capacity(words * 4);
    for _ in 0..words {
        let word = match rng.below(8) {
            0 | 1 => rng.pick(entries).id,
            2 => VECTOR_ID,
            3 => *rng.pick(&[tlgen_runtime::BOOL_TRUE_ID, tlgen_runtime::BOOL_FALSE_ID]),
            4 => rng.below(4) as u32,
            5 => u32::from_le_bytes([rng.below(8) as u8, b'a', b'b', b'c']),
            6 => 0,
            _ => rng.next_u32(),
        };
        out.extend_from_slice(&word.to_le_bytes());
    }
    out
}

/// 100,000 inputs: a third pure noise, a third a real id then noise, a third TL-like words. The
/// decoders may say `Ok` or `Err` but never panic; every `Ok` round-trips.
#[test]
fn random_inputs_never_panic() {
    let entries = <Schema as Registry>::ENTRIES;
    let mut rng = Rng::new(0x5eed_0001);
    let (mut ok, mut deep) = (0, 0);
    for i in 0..100_000 {
        let input = match i % 3 {
            0 => {
                let len = rng.below(64);
                rng.bytes(len)
            }
            1 => {
                let mut input = rng.pick(entries).id.to_le_bytes().to_vec();
                let len = rng.below(96);
                input.extend(rng.bytes(len));
                input
            }
            _ => {
                let words = 1 + rng.below(24);
                tl_soup(&mut rng, words)
            }
        };
        let (o, d) = decode_as_several(&input, true);
        ok += o;
        deep += d;
    }
    // Not assertions about the decoder: checks that the inputs reach past the first id at all.
    eprintln!("random inputs: of 400,000 decodes, {ok} succeeded and {deep} got past the first id");
    assert!(ok > 100 && deep > 30_000, "{ok} {deep}");
}

/// 20,000 corruptions of the payload, one to three flipped bits each, decoded as the boxed types
/// of the issue (as `Object` too for one in four: that reaches the same `messages.messages`
/// decoder through the registry, and every decode of the 30 KB costs most of a millisecond in a
/// debug build).
#[test]
fn bit_flips_of_the_payload_never_panic() {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let original = payload::bytes();
    let (ok, deep) = (AtomicUsize::new(0), AtomicUsize::new(0));
    on_two_threads(20_000, |i| {
        let mut rng = Rng::new(0x5eed_0002 ^ (i as u64) << 20);
        let mut input = original.clone();
        for _ in 0..1 + rng.below(3) {
            let bit = rng.below(original.len() * 8);
            input[bit / 8] ^= 1 << (bit % 8);
        }
        let (o, d) = decode_as_several(&input, i % 4 == 0);
        ok.fetch_add(o, Relaxed);
        deep.fetch_add(d, Relaxed);
    });
    // TL has no checksum: a flip inside a number or a string's letters still decodes.
    let (ok, deep) = (ok.into_inner(), deep.into_inner());
    eprintln!("bit flips: {ok} decodes succeeded, {deep} got past the first id");
    assert!(ok > 5_000 && deep > 20_000, "{ok} {deep}");
}

/// Valid random values of the payload's own types, via the schema-driven generator, decode too
/// (so the flip test is not just testing error paths).
#[test]
fn generated_answers_decode_as_the_boxed_types() {
    let mut count = 0;
    for name in [
        "messages.messages",
        "messages.channelMessages",
        "updates",
        "user",
    ] {
        for seed in 0..200 {
            let bytes = Gen::random(seed).boxed_bytes(name);
            assert!(decode_as_several(&bytes, true).0 >= 2, "{name} seed {seed}");
            count += 1;
        }
    }
    assert_eq!(count, 800);
}

/// Byte offset of message `index` inside the payload: the `messages.messages` id, the vector id
/// and count, then the messages before it.
fn message_offset(value: &enums::messages::Messages, index: usize) -> usize {
    let enums::messages::Messages::Messages(m) = value else {
        unreachable!("the payload is a messages.messages")
    };
    4 + 8
        + m.messages[..index]
            .iter()
            .map(Serialize::serialized_len)
            .sum::<usize>()
}

#[test]
fn unknown_constructor_reports_id_type_and_offset() {
    let value = payload::value();
    let mut bytes = value.to_bytes();
    let at = message_offset(&value, 37);
    assert_eq!(
        &bytes[at..at + 4],
        &types::Message::CONSTRUCTOR_ID.to_le_bytes()
    );
    bytes[at..at + 4].copy_from_slice(&0xdead_beef_u32.to_le_bytes());

    let err = enums::messages::Messages::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: 0xdead_beef,
            expected: "Message"
        }
    );
    assert_eq!(err.offset(), at);
    assert_eq!(
        err.to_string(),
        format!("unknown constructor 0xdeadbeef for type Message at byte {at}")
    );
    // The same through Object: the inner error is the same, not re-wrapped.
    assert_eq!(Object::from_bytes(&bytes).unwrap_err(), err);

    // An id the schema does not know, at the top: expected `Object`, offset 0.
    let err = Object::from_bytes(&0x0bad_f00d_u32.to_le_bytes()).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (
            &DecodeErrorKind::UnknownConstructor {
                id: 0x0bad_f00d,
                expected: "Object"
            },
            0
        )
    );
    // A real id of the wrong type: a `user` where a `messages.Messages` is expected.
    let user = payload::value();
    let enums::messages::Messages::Messages(m) = &user else {
        unreachable!()
    };
    let err = enums::messages::Messages::from_bytes(&m.users[0].to_bytes()).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: types::User::CONSTRUCTOR_ID,
            expected: "messages.Messages"
        }
    );
    // A bare constructor type read boxed names its constructor.
    let err = types::messages::Messages::from_bytes(&m.users[0].to_bytes()).unwrap_err();
    assert_eq!(
        err.kind(),
        &DecodeErrorKind::UnknownConstructor {
            id: types::User::CONSTRUCTOR_ID,
            expected: "messages.messages"
        }
    );
    // The vector id itself: 4 bytes after the messages.messages id.
    let mut bytes = value.to_bytes();
    bytes[4] ^= 1;
    let err = enums::messages::Messages::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (
            &DecodeErrorKind::UnknownConstructor {
                id: VECTOR_ID ^ 1,
                expected: "Vector"
            },
            4
        )
    );
}

/// A wrong id in a boxed field is reported with that field's type and offset, for every
/// definition whose first unconditional boxed field is reachable from minimal bytes (a mechanical
/// sweep over the schema, not a hand-picked case).
#[test]
fn unknown_ids_inside_every_constructor_name_the_field_type() {
    use common::schema::{Param, Ty};
    let schema = &*SCHEMA;
    let mut checked = 0;
    for def in &schema.defs {
        // The first unconditional boxed field, with only fixed-size fields before it, so that its
        // offset is known from the minimal bytes.
        let mut g = Gen::minimal();
        let mut bytes = def.id.to_le_bytes().to_vec();
        let mut target = None;
        for p in &def.params {
            match p {
                Param::Flags { .. } => bytes.extend_from_slice(&[0; 4]),
                Param::Field { flag: Some(_), .. } => {}
                Param::Field {
                    ty: Ty::Boxed(t), ..
                } if t != "Bool" => {
                    target = Some(t.clone());
                    break;
                }
                Param::Field { ty, .. } => g.value(ty, 0, &mut bytes),
            }
        }
        let Some(expected) = target else { continue };
        let at = bytes.len();
        bytes.extend_from_slice(&0x0bad_f00d_u32.to_le_bytes());
        let err = Object::from_bytes(&bytes).expect_err(&format!(
            "{} with a bad id in its {expected} field",
            def.name
        ));
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::UnknownConstructor {
                id: 0x0bad_f00d,
                expected: leak(expected.clone()),
            },
            "{}",
            def.name
        );
        assert_eq!(err.offset(), at, "{}", def.name);
        checked += 1;
    }
    eprintln!("unknown-id sweep: {checked} definitions checked");
    assert!(checked > 1_000, "{checked}");
}

/// `&'static str` for comparing with `DecodeErrorKind::UnknownConstructor::expected`. Leaks a
/// few KB once per test run, which is harmless in a test.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// After an error, nothing the caller holds is touched: the buffer (only borrowed), values
/// decoded before from the same reader, and the reader's later use on the remaining input.
#[test]
fn errors_leave_buffer_and_earlier_results_alone() {
    let value = payload::value();
    let enums::messages::Messages::Messages(m) = &value else {
        unreachable!()
    };
    let users = &m.users;
    let mut buffer = Vec::new();
    for (i, user) in users.iter().enumerate().take(4) {
        let mut bytes = user.to_bytes();
        if i == 2 {
            bytes[0] ^= 0x80;
        }
        buffer.extend(bytes);
    }
    let copy = buffer.clone();
    let mut r = Reader::new(&buffer);
    let first = enums::User::deserialize(&mut r).unwrap();
    let second = enums::User::deserialize(&mut r).unwrap();
    let third_at = r.position();
    let err = enums::User::deserialize(&mut r).unwrap_err();
    assert_eq!(err.offset(), third_at);
    assert_eq!(buffer, copy, "the input buffer changed");
    assert_eq!((&first, &second), (&users[0], &users[1]));
    // The error is deterministic and the rest of the buffer is still readable.
    assert_eq!(
        enums::User::deserialize(&mut Reader::new(&buffer[third_at..]))
            .unwrap_err()
            .offset(),
        0
    );
    let fourth_at = third_at + users[2].serialized_len();
    assert_eq!(
        enums::User::from_bytes(&buffer[fourth_at..]).unwrap(),
        users[3]
    );
    // A failed primitive read leaves the reader where it was, so a caller may try another type.
    let mut r = Reader::new(&buffer[third_at..]);
    assert!(r.read_bool().is_err());
    assert_eq!(r.position(), 0);
}

/// `user` bytes whose `first_name` holds `raw` (spliced in as a TL `bytes`, so any contents and
/// length), and the offset of that string's length prefix.
fn user_with_first_name(raw: &[u8]) -> (Vec<u8>, usize) {
    let user = enums::User::from(types::User {
        id: 42,
        first_name: Some("\u{1}MARK\u{1}".into()),
        last_name: Some("Smith".into()),
        ..payload::minimal()
    });
    let bytes = user.to_bytes();
    let mark = bytes
        .windows(6)
        .position(|w| w == b"\x01MARK\x01")
        .expect("the marker is in the bytes");
    let at = mark - 1;
    let mut out = bytes[..at].to_vec();
    common::schema::write_bytes(raw, &mut out);
    out.extend_from_slice(&bytes[at + 8..]);
    (out, at)
}

#[test]
fn invalid_utf8_is_an_error_by_default_and_lossy_on_request() {
    let (bytes, at) = user_with_first_name(b"caf\xe9 \xff");
    let err = enums::User::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (&DecodeErrorKind::InvalidUtf8, at)
    );
    let lossy = DecodeOptions {
        lossy_utf8: true,
        ..DecodeOptions::default()
    };
    let user: enums::User = decode_with(&bytes, lossy).unwrap();
    let enums::User::User(u) = &user else {
        panic!("{user:?}")
    };
    assert_eq!(u.first_name.as_deref(), Some("caf\u{fffd} \u{fffd}"));
    assert_eq!(
        u.last_name.as_deref(),
        Some("Smith"),
        "fields after it still line up"
    );
    // Lossy is lossy: the value re-encodes as valid UTF-8, not as the bytes it came from.
    assert_ne!(user.to_bytes(), bytes);
    assert_round_trips(&user, &bytes);
    // Valid UTF-8, multi-byte and long-prefixed alike, decodes the same either way.
    let long = "ж".repeat(200);
    let (bytes, _) = user_with_first_name(long.as_bytes());
    let strict: enums::User = enums::User::from_bytes(&bytes).unwrap();
    assert_eq!(decode_with::<enums::User>(&bytes, lossy).unwrap(), strict);
    assert_eq!(strict.to_bytes(), bytes);
}

/// `rpc_error` bytes with a 5-byte message (so 2 padding bytes), the padding set to `padding`.
fn rpc_error_with_padding(padding: [u8; 2]) -> Vec<u8> {
    let value = types::RpcError {
        error_code: 420,
        error_message: "FLOOD".into(),
    };
    let mut bytes = tlgen_runtime::Serialize::to_bytes(&value);
    let n = bytes.len();
    assert_eq!(&bytes[n - 2..], [0, 0]);
    bytes[n - 2..].copy_from_slice(&padding);
    bytes
}

#[test]
fn non_zero_padding_is_an_error_by_default_and_ignored_on_request() {
    let clean = rpc_error_with_padding([0, 0]);
    let dirty = rpc_error_with_padding([0, 7]);
    let err = types::RpcError::from_bytes(&dirty).unwrap_err();
    // The offset is the first non-zero padding byte: id 4 + code 4 + prefix 1 + "FLOOD" 5 + 1.
    assert_eq!(
        (err.kind(), err.offset()),
        (&DecodeErrorKind::NonZeroPadding, 15)
    );
    let allow = DecodeOptions {
        allow_nonzero_padding: true,
        ..DecodeOptions::default()
    };
    let value: types::RpcError = decode_with(&dirty, allow).unwrap();
    assert_eq!(value, types::RpcError::from_bytes(&clean).unwrap());
    assert_eq!(
        tlgen_runtime::Serialize::to_bytes(&value),
        clean,
        "re-encodes with zero padding"
    );

    // The same for `bytes`, inside a nested generated type: a user photo's stripped thumbnail.
    let user = enums::User::from(types::User {
        id: 1,
        photo: Some(enums::UserProfilePhoto::UserProfilePhoto(
            types::UserProfilePhoto {
                photo_id: 2,
                stripped_thumb: Some(vec![0xab; 5]),
                dc_id: 3,
                ..payload::minimal()
            },
        )),
        ..payload::minimal()
    });
    let clean = user.to_bytes();
    let at = clean
        .windows(6)
        .position(|w| w == [5, 0xab, 0xab, 0xab, 0xab, 0xab])
        .unwrap();
    let mut dirty = clean.clone();
    dirty[at + 7] = 1;
    let err = enums::User::from_bytes(&dirty).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (&DecodeErrorKind::NonZeroPadding, at + 7)
    );
    let value: enums::User = decode_with(&dirty, allow).unwrap();
    assert_eq!(value, user);
    // Both opt-outs together, and neither changes anything for clean input.
    let both = DecodeOptions {
        lossy_utf8: true,
        allow_nonzero_padding: true,
        ..DecodeOptions::default()
    };
    assert_eq!(decode_with::<enums::User>(&clean, both).unwrap(), user);
    assert_eq!(decode_with::<enums::User>(&dirty, both).unwrap(), user);
}

#[test]
fn length_prefix_edge_cases_through_generated_types() {
    // 0xff is no TL length prefix.
    let (mut bytes, at) = user_with_first_name(b"abc");
    bytes[at] = 0xff;
    let err = enums::User::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (&DecodeErrorKind::InvalidLengthPrefix, at)
    );
    // The long form for a short string is accepted (as other TL readers do) and re-encodes short.
    let (short, at) = user_with_first_name(b"abcdefg");
    let mut long = short[..at].to_vec();
    long.extend_from_slice(&[0xfe, 7, 0, 0]);
    long.extend_from_slice(b"abcdefg\0");
    long.extend_from_slice(&short[at + 8..]);
    let value = enums::User::from_bytes(&long).unwrap();
    assert_eq!(value, enums::User::from_bytes(&short).unwrap());
    assert_eq!(value.to_bytes(), short);
    // A length past the end is refused where it is declared, whatever follows.
    let (mut bytes, at) = user_with_first_name(b"abc");
    bytes[at] = 200;
    let err = enums::User::from_bytes(&bytes).unwrap_err();
    assert_eq!(err.offset(), at);
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::LengthTooLarge { length: 200, .. }
        ),
        "{err}"
    );
}
