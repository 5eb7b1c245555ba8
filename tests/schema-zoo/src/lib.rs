//! Generated code for real schemas other than today's api.tl; see `build.rs`.
//!
//! Each module is what `tlgen_codegen::Config` makes of one schema: TDLib's current td_api
//! (vectors of bare vectors, whose bytes the tests below check), telegram_api, mtproto_api,
//! secret_api and e2e_api (ids shared on purpose, `--- functions ---` with spaces), TON's current
//! ton_api, lite_api and tonlib_api (TDLib-style docs, nested namespaces such as
//! `lite_server.nonfinal`, `object`/`function` parameters, built-in lines, constructors without
//! ids), and an api.tl from 2018; and `runs`, a small schema of long runs of fixed-size fields,
//! whose bytes the tests below check; and `secret_api_client`, the secret-chat schema generated
//! without functions' decoders.

macro_rules! generated {
    ($($name:ident),*) => {$(
        #[doc = concat!("Generated from `", stringify!($name), ".tl`.")]
        pub mod $name {
            include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
        }
    )*};
}

generated!(
    td_api,
    telegram_api,
    mtproto_api,
    secret_api,
    e2e_api,
    ton_api,
    lite_api,
    tonlib_api,
    tdesktop_layer74_api,
    secret_api_client,
    runs
);

#[cfg(test)]
mod tests {
    use tlgen_runtime::{BareSerialize, DecodeErrorKind, Deserialize, Identifiable, Serialize};

    /// Little-endian bytes of each value in turn, as TL writes fixed-size fields.
    macro_rules! le {
        ($($value:expr),* $(,)?) => {{
            let mut bytes: Vec<u8> = Vec::new();
            $(bytes.extend_from_slice(&$value.to_le_bytes());)*
            bytes
        }};
    }

    /// `value` encodes to `expected` boxed and to the same without the id bare, reports the
    /// lengths, decodes back, and every truncation of it is an error saying the input ended (or a
    /// string's declared length runs past it), not a panic.
    fn check_bytes<T>(value: &T, expected: &[u8])
    where
        T: Serialize + BareSerialize + Deserialize + Identifiable + PartialEq + std::fmt::Debug,
    {
        assert_eq!(value.to_bytes(), expected, "boxed");
        assert_eq!(value.serialized_len(), expected.len());
        let mut bare = Vec::new();
        value.serialize_bare(&mut bare);
        assert_eq!(bare, &expected[4..], "bare");
        assert_eq!(value.bare_len(), bare.len());
        assert_eq!(T::from_bytes(expected).as_ref(), Ok(value));
        for len in 0..expected.len() {
            let err = T::from_bytes(&expected[..len]).unwrap_err();
            assert!(
                matches!(
                    err.kind(),
                    DecodeErrorKind::UnexpectedEnd { .. } | DecodeErrorKind::LengthTooLarge { .. }
                ),
                "{len} bytes: {err}"
            );
        }
    }

    /// 11 fixed-size fields after the id: written as runs of 8 and 4 values, read in halves.
    #[test]
    fn a_long_run_of_fixed_size_fields() {
        use super::runs::types::LongRun;
        let value = LongRun {
            a: 1,
            b: -2,
            c: 3,
            d: 4,
            e: 5,
            f: 6,
            g: 7.5,
            h: 8,
            i: 9,
            j: i64::MIN,
            k: i32::MAX,
        };
        let expected = le!(
            LongRun::CONSTRUCTOR_ID,
            1i32,
            -2i32,
            3i64,
            4i32,
            5i32,
            6i32,
            7.5f64,
            8i32,
            9i32,
            i64::MIN,
            i32::MAX
        );
        check_bytes(&value, &expected);
    }

    /// Two flags words filled in after the fields (in the id's run), optional fields between two
    /// runs, a `true` flag: every combination of the optional fields.
    #[test]
    fn flags_words_in_a_run_after_the_id() {
        use super::runs::types::FlaggedRun;
        for (opt, tail, done) in [
            (None, None, false),
            (Some(-1), None, true),
            (None, Some(i64::MAX), false),
            (Some(7), Some(8), true),
        ] {
            let value = FlaggedRun {
                first: 10,
                second: 11,
                opt,
                tail,
                last_a: 12,
                last_b: [0xab; 16],
                done,
            };
            let flags = u32::from(opt.is_some()) | (u32::from(done) << 1);
            let flags2 = u32::from(tail.is_some()) << 3;
            let mut expected = le!(FlaggedRun::CONSTRUCTOR_ID, flags, flags2, 10i32, 11i64);
            if let Some(opt) = opt {
                expected.extend_from_slice(&opt.to_le_bytes());
            }
            if let Some(tail) = tail {
                expected.extend_from_slice(&tail.to_le_bytes());
            }
            expected.extend_from_slice(&le!(12i32));
            expected.extend_from_slice(&[0xab; 16]);
            check_bytes(&value, &expected);
        }
    }

    /// Flags words named `prefix`, `out`, `v`, `type`, `r`: each in its place, none mistaken for
    /// what generated code calls by those names (the id, the writer, the reader, bindings).
    #[test]
    fn flags_words_named_like_generated_locals() {
        use super::runs::types::OddFlags;
        for present in [false, true] {
            let value = OddFlags {
                a: present.then_some(1),
                b: present,
                c: present.then_some(2),
                d: present.then(|| "d".to_owned()),
                e: present.then_some(3),
                n: 4,
            };
            let bit = |n: u32| u32::from(present) << n;
            let mut expected = le!(
                OddFlags::CONSTRUCTOR_ID,
                bit(0),
                bit(1),
                bit(2),
                bit(3),
                bit(4)
            );
            if present {
                expected.extend_from_slice(&le!(1i32, 2i64));
                expected.extend_from_slice(&[1, b'd', 0, 0]);
                expected.extend_from_slice(&le!(3i32));
            }
            expected.extend_from_slice(&le!(4i32));
            check_bytes(&value, &expected);
        }
    }

    #[test]
    fn secret_chat_messages_round_trip() {
        use super::secret_api::{enums, types};
        let message: enums::DecryptedMessage = types::DecryptedMessage {
            silent: false,
            random_id: 1,
            ttl: 0,
            message: "hi".into(),
            media: Some(types::DecryptedMessageMediaEmpty {}.into()),
            entities: None,
            via_bot_name: Some("bot".into()),
            reply_to_random_id: None,
            grouped_id: Some(9),
        }
        .into();
        let bytes = message.to_bytes();
        assert_eq!(
            &bytes[..4],
            &types::DecryptedMessage::CONSTRUCTOR_ID.to_le_bytes()
        );
        assert_eq!(
            enums::DecryptedMessage::from_bytes(&bytes).unwrap(),
            message
        );
    }

    /// TDLib's e2e_api.tl writes its section marker `--- functions ---` and has a 64-byte
    /// built-in, `int512 16*[ int ] = Int512;`: read and written as `[u8; 64]`, in wire order,
    /// and printed, read and written by the codec.
    #[test]
    fn e2e_int512_is_64_raw_bytes() {
        use super::e2e_api::{enums, functions, types};
        let signature: [u8; 64] = std::array::from_fn(|i| i as u8);
        let value = types::e2e::PersonalOnServer {
            signature,
            signed_at: 7,
            personal: types::e2e::PersonalUserId { user_id: -1 }.into(),
        };
        let mut expected = types::e2e::PersonalOnServer::CONSTRUCTOR_ID
            .to_le_bytes()
            .to_vec();
        expected.extend_from_slice(&signature);
        expected.extend_from_slice(&7i32.to_le_bytes());
        expected.extend_from_slice(&types::e2e::PersonalUserId::CONSTRUCTOR_ID.to_le_bytes());
        expected.extend_from_slice(&(-1i64).to_le_bytes());
        assert_eq!(value.to_bytes(), expected);
        assert_eq!(value.serialized_len(), expected.len());
        assert_eq!(
            types::e2e::PersonalOnServer::from_bytes(&expected).as_ref(),
            Ok(&value)
        );
        let err = types::e2e::PersonalOnServer::from_bytes(&expected[..4 + 63]).unwrap_err();
        assert!(
            matches!(err.kind(), DecodeErrorKind::UnexpectedEnd { .. }),
            "{err}"
        );
        // `Display` prints through the codec, from the compact schema the crate embeds (which
        // keeps the `int512` line, or it would not parse): the signature as 128 hex digits.
        let text = "(e2e.personalOnServer \
            signature:0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\
            202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f \
            signed_at:7 personal:(e2e.personalUserId user_id:-1))";
        assert_eq!(value.to_string(), text);
        // And the text reads back, through the same schema, to the same bytes; the JSON has the
        // signature in base64.
        let schema = super::e2e_api::TL_SCHEMA.get().unwrap();
        let any = tlgen_codec::TypeRef::any();
        let (parsed, _) =
            tlgen_codec::parse_text(schema, text, &any, &tlgen_runtime::DecodeOptions::default())
                .unwrap();
        assert_eq!(
            tlgen_codec::encode(schema, &parsed, &any).unwrap(),
            expected
        );
        assert_eq!(
            tlgen_codec::Json::new(schema, &parsed).to_string(),
            "{\"_\":\"e2e.personalOnServer\",\"signature\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGx\
             wdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==\",\"signed_at\":7,\"personal\":\
             {\"_\":\"e2e.personalUserId\",\"user_id\":-1}}"
        );
        // Functions came after `--- functions ---`.
        let _: functions::e2e::Nop = functions::e2e::Nop {};
        let _: Option<enums::e2e::Personal> = None;
    }

    /// TDLib's td_api.tl nests bare vectors of bare constructors:
    /// `replyMarkupShowKeyboard rows:vector<vector<keyboardButton>> ...`. Each level is a count
    /// alone (no `vector` id), each button its fields alone (no `keyboardButton` id), while the
    /// button's boxed fields keep their ids. The ids are the CRC32s of the lines, worked out apart.
    #[test]
    fn td_api_keyboard_rows_are_bare_vectors_of_bare_vectors() {
        use super::td_api::{enums, types};
        let button = |text: &str, kind: enums::KeyboardButtonType| types::KeyboardButton {
            text: text.to_owned(),
            icon_custom_emoji_id: 5,
            style: types::ButtonStyleDefault {}.into(),
            r#type: kind,
        };
        let value = types::ReplyMarkupShowKeyboard {
            rows: vec![
                vec![
                    button("ab", types::KeyboardButtonTypeText {}.into()),
                    button("c", types::KeyboardButtonTypeRequestPhoneNumber {}.into()),
                ],
                vec![],
            ],
            is_persistent: true,
            resize_keyboard: false,
            one_time: true,
            is_personal: false,
            input_field_placeholder: String::new(),
        };
        const BOOL_TRUE: u32 = 0x997275b5;
        const BOOL_FALSE: u32 = 0xbc799737;
        const STYLE_DEFAULT: u32 = 0x2318e60b;
        let mut expected = le!(0xd0d2bad0u32, 2u32, 2u32); // id, 2 rows, 2 buttons in the first
        expected.extend_from_slice(&[2, b'a', b'b', 0]);
        expected.extend_from_slice(&le!(5i64, STYLE_DEFAULT, 0x96519938u32)); // ...TypeText
        expected.extend_from_slice(&[1, b'c', 0, 0]);
        expected.extend_from_slice(&le!(5i64, STYLE_DEFAULT, 0xa4d9b7b9u32)); // ...PhoneNumber
        expected.extend_from_slice(&le!(0u32)); // the second row, empty
        expected.extend_from_slice(&le!(BOOL_TRUE, BOOL_FALSE, BOOL_TRUE, BOOL_FALSE));
        expected.extend_from_slice(&[0, 0, 0, 0]); // "" padded to 4 bytes
        check_bytes(&value, &expected);
        // The same bytes through the enum, and printed through the codec, which reads the same
        // bare levels.
        let markup = enums::ReplyMarkup::from(value);
        assert_eq!(markup.to_bytes(), expected);
        assert_eq!(
            enums::ReplyMarkup::from_bytes(&expected),
            Ok(markup.clone())
        );
        assert_eq!(
            markup.to_string(),
            "(replyMarkupShowKeyboard rows:[[(keyboardButton text:\"ab\" icon_custom_emoji_id:5 \
             style:(buttonStyleDefault) type:(keyboardButtonTypeText)) (keyboardButton text:\"c\" \
             icon_custom_emoji_id:5 style:(buttonStyleDefault) \
             type:(keyboardButtonTypeRequestPhoneNumber))] []] is_persistent:(boolTrue) \
             resize_keyboard:(boolFalse) one_time:(boolTrue) is_personal:(boolFalse) \
             input_field_placeholder:\"\")"
        );
    }

    /// Every generated registry lists each id once, in order, as `tlgen_runtime::Registry` promises
    /// (lookups binary-search it), TDLib's shared ids (below) included.
    #[test]
    fn every_registry_lists_each_id_once_in_order() {
        use tlgen_runtime::Registry;
        macro_rules! check {
            ($($schema:ident),*) => {$(
                let names = <super::$schema::Schema as Registry>::NAMES;
                assert!(names.windows(2).all(|w| w[0].0 < w[1].0), stringify!($schema));
                let entries = <super::$schema::Schema as Registry>::ENTRIES;
                assert!(entries.windows(2).all(|w| w[0].id < w[1].id), stringify!($schema));
            )*};
        }
        check!(
            td_api,
            telegram_api,
            mtproto_api,
            secret_api,
            e2e_api,
            ton_api,
            lite_api,
            tonlib_api,
            tdesktop_layer74_api,
            secret_api_client,
            runs
        );
    }

    /// TDLib's telegram_api.tl declares `invokeWithBusinessConnectionPrefix#dd289f8e` (and three
    /// more such `...Prefix` functions) with the id of the generic `invokeWithBusinessConnection`,
    /// to write a call's prefix alone. Both structs exist and encode with that id; the registry,
    /// `name_for_id` and `Object` give the one whose own line hashes to the id: the generic one.
    #[test]
    fn a_shared_id_names_and_decodes_as_its_owner() {
        use super::telegram_api::{Object, functions, name_for_id};
        let pairs = [
            (0xdd28_9f8e, "invokeWithBusinessConnection"),
            (0x1df9_2984, "invokeWithGooglePlayIntegrity"),
            (0x0dae_54f8, "invokeWithApnsSecret"),
            (0xadbb_0f94, "invokeWithReCaptcha"),
        ];
        for (id, owner) in pairs {
            assert_eq!(name_for_id(id), Some(owner), "{id:08x}");
        }
        let prefix = functions::InvokeWithBusinessConnectionPrefix {
            connection_id: "c".into(),
        };
        let full = functions::InvokeWithBusinessConnection {
            connection_id: "c".into(),
            query: functions::help::GetConfig {},
        };
        assert_eq!(
            functions::InvokeWithBusinessConnectionPrefix::CONSTRUCTOR_ID,
            functions::InvokeWithBusinessConnection::<functions::help::GetConfig>::CONSTRUCTOR_ID
        );
        // The prefix is the full call's bytes up to the inner query.
        let (prefix_bytes, full_bytes) = (prefix.to_bytes(), full.to_bytes());
        assert_eq!(&full_bytes[..prefix_bytes.len()], prefix_bytes.as_slice());
        let decoded = Object::from_bytes(&full_bytes).unwrap();
        assert_eq!(decoded.name(), "invokeWithBusinessConnection");
    }

    /// Generated without functions' decoders, a schema still encodes and names its functions, and
    /// decodes its constructors, but its `Object` reports a function's id as unknown, where the
    /// same schema generated as usual decodes it.
    #[test]
    fn without_function_decoders_functions_encode_but_do_not_decode() {
        use super::{secret_api as full, secret_api_client as client};
        let call = client::functions::test::DummyFunction {};
        let bytes = call.to_bytes();
        assert_eq!(bytes, full::functions::test::DummyFunction {}.to_bytes());
        let id = client::functions::test::DummyFunction::CONSTRUCTOR_ID;
        assert_eq!(client::name_for_id(id), Some("test.dummyFunction"));

        let decoded = full::Object::from_bytes(&bytes).unwrap();
        assert_eq!(decoded.name(), "test.dummyFunction");
        let err = client::Object::from_bytes(&bytes).unwrap_err();
        assert_eq!(
            err.kind(),
            &DecodeErrorKind::UnknownConstructor {
                id,
                expected: "Object"
            }
        );

        let empty = client::types::DecryptedMessageMediaEmpty {};
        let object = client::Object::from_bytes(&empty.to_bytes()).unwrap();
        assert_eq!(object.name(), "decryptedMessageMediaEmpty");
    }
}
