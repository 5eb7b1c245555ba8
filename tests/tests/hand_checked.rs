//! Bytes written out by hand from the TL rules, for the constructs most easily got wrong.
//!
//! Each expected byte string is derived field by field in the comments (ids and numbers are
//! little-endian; `bytes`/`string` are a length byte, or `fe` and 3 length bytes from 254 on, then
//! the data and zero padding to a multiple of 4). Each value must serialize to exactly those bytes,
//! report their length as `serialized_len`, and deserialize back to an equal value, both as its own
//! type and through `tlgen_telegram::Object`. `RemoteCall::Return` types are checked at compile time.

use std::fmt::Debug;

use tlgen_runtime::{
    BareSerialize, DecodeErrorKind, Deserialize, Identifiable, RemoteCall, Serialize,
};
use tlgen_telegram::{Object, enums, functions, types};
use tlgen_tests::hex;

/// The value serializes to `expected` (given as hex), with the right length, and decodes back,
/// typed and as `Object`.
fn check<T>(value: &T, expected: &str)
where
    T: Serialize + Deserialize + PartialEq + Debug,
{
    let expected = hex::decode(expected);
    assert_eq!(
        hex::encode(&value.to_bytes()),
        hex::encode(&expected),
        "serialize {value:?}"
    );
    assert_eq!(value.serialized_len(), expected.len(), "serialized_len");
    assert_eq!(T::from_bytes(&expected).as_ref(), Ok(value), "deserialize");
    let any = Object::from_bytes(&expected).expect("decodes as Object");
    assert_eq!(any.to_bytes(), expected, "Object re-encodes the same bytes");
}

/// The bare form of a constructor is its boxed form without the id: the same generated code
/// writes both, with the id or nothing as the prefix of its leading fixed-size fields.
fn check_bare<T: BareSerialize + Serialize + Identifiable>(value: &T) {
    let boxed = value.to_bytes();
    assert_eq!(
        boxed[..4],
        T::CONSTRUCTOR_ID.to_le_bytes(),
        "the boxed form starts with the id"
    );
    let mut bare = Vec::new();
    value.serialize_bare(&mut bare);
    assert_eq!(
        hex::encode(&bare),
        hex::encode(&boxed[4..]),
        "bare form of {}",
        T::NAME
    );
    assert_eq!(value.bare_len(), bare.len(), "bare_len of {}", T::NAME);
}

/// Compile-time: `F`'s answer type is `R`.
fn returns<F: RemoteCall<Return = R>, R>() {}

/// A `message` with `flags` and `flags2`, `true` flags in both, and the two fields that share
/// `flags.10` (`views`, `forwards`), which the API holds as one `Option` so they cannot be set apart.
#[test]
fn message_with_flags_flags2_and_shared_bit() {
    let message = types::Message {
        out: true,
        mentioned: false,
        media_unread: false,
        silent: false,
        post: false,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: true,
        noforwards: false,
        invert_media: false,
        offline: true,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id: 42,
        from_id: None,
        from_boosts_applied: None,
        from_rank: None,
        peer_id: types::PeerUser { user_id: 777000 }.into(),
        saved_peer_id: None,
        fwd_from: None,
        via_bot_id: None,
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: None,
        date: 1_700_000_000,
        message: "Hi!".into(),
        media: None,
        reply_markup: None,
        entities: None,
        views_forwards: Some(types::MessageViewsForwards {
            views: 100,
            forwards: 7,
        }),
        replies: None,
        edit_date: Some(1_700_000_100),
        post_author: None,
        grouped_id: None,
        reactions: None,
        restriction_reason: None,
        ttl_period: None,
        quick_reply_shortcut_id: None,
        effect: Some(5),
        factcheck: None,
        report_delivery_until_date: None,
        paid_message_stars: None,
        suggested_post: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        rich_message: None,
    };
    let expected = concat!(
        "d3b90076", // message#7600b9d3
        // flags = out (1<<1) | views+forwards (1<<10) | edit_date (1<<15) | pinned (1<<24)
        //       = 0x00000002 | 0x00000400 | 0x00008000 | 0x01000000 = 0x01008402
        "02840001",
        // flags2 = offline (1<<1) | effect (1<<2) = 0x00000006
        "06000000",
        "2a000000", // id:int = 42
        // (from_id flags.8, from_boosts_applied flags.29, from_rank flags2.12: absent)
        "22175159",         // peer_id:Peer = peerUser#59511722
        "28db0b0000000000", //   user_id:long = 777000 = 0x000bdb28
        // (saved_peer_id, fwd_from, via_bot_id, via_business_bot_id, guestchat_via_from, reply_to: absent)
        "00f15365", // date:int = 1700000000 = 0x6553f100
        "03486921", // message:string "Hi!": length 3, 'H' 'i' '!', no padding (1 + 3 = 4)
        // (media, reply_markup, entities: absent)
        "64000000", // views:flags.10?int = 100
        "07000000", // forwards:flags.10?int = 7
        // (replies: absent)
        "64f15365", // edit_date:flags.15?int = 1700000100 = 0x6553f164
        // (post_author ... quick_reply_shortcut_id: absent)
        "0500000000000000", // effect:flags2.2?long = 5; the fields after it: absent
    );
    check(&message, expected);
    check_bare(&message);
    check(&enums::Message::from(message.clone()), expected);

    // Both shared fields absent: bit 10 clear, and neither int written.
    let without = types::Message {
        views_forwards: None,
        ..message
    };
    let bytes = without.to_bytes();
    assert_eq!(&bytes[4..8], hex::decode("02800001"), "flags without 1<<10");
    assert_eq!(bytes.len(), hex::decode(expected).len() - 8);
}

/// A `user` whose `flags.14` holds both `bot:flags.14?true` and `bot_info_version:flags.14?int`:
/// the generated struct has `bot_info_version: Option<i32>` and no separate `bot` (it would be
/// the same bit), so a bot always has its info version on the wire and a non-bot never does.
#[test]
fn user_with_true_flag_sharing_a_bit_with_a_value() {
    let user = types::User {
        self_: false,
        contact: false,
        mutual_contact: false,
        deleted: false,
        bot_chat_history: false,
        bot_nochats: false,
        verified: false,
        min: false,
        bot_inline_geo: false,
        support: false,
        scam: false,
        apply_min_photo: false,
        fake: false,
        bot_attach_menu: false,
        premium: false,
        attach_menu_enabled: false,
        bot_can_edit: false,
        close_friend: true,
        stories_hidden: false,
        stories_unavailable: false,
        contact_require_premium: false,
        bot_business: false,
        bot_has_main_app: false,
        bot_forum_view: false,
        bot_forum_can_manage_topics: false,
        bot_can_manage_bots: false,
        bot_guestchat: false,
        bot_guard: false,
        id: 1,
        access_hash: Some(2),
        first_name: Some("A".into()),
        last_name: None,
        username: None,
        phone: None,
        photo: None,
        status: None,
        bot_info_version: Some(3),
        restriction_reason: None,
        bot_inline_placeholder: None,
        lang_code: None,
        emoji_status: None,
        usernames: None,
        stories_max_id: None,
        color: None,
        profile_color: None,
        bot_active_users: None,
        bot_verification_icon: None,
        send_paid_messages_stars: None,
        linked_community_id: None,
    };
    let expected = concat!(
        "83ccb8b1", // user#b1b8cc83
        // flags = access_hash (1<<0) | first_name (1<<1) | bot + bot_info_version (1<<14) = 0x4003
        "03400000",
        "04000000",         // flags2 = close_friend (1<<2)
        "0100000000000000", // id:long = 1
        "0200000000000000", // access_hash:flags.0?long = 2
        "01410000",         // first_name:flags.1?string "A": length 1, 'A', 2 bytes of padding
        "03000000",         // bot_info_version:flags.14?int = 3
    );
    check(&user, expected);
    check_bare(&user);
}

/// `future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt>`: a bare vector (no
/// `vector` id) of bare items (no `future_salt` id).
#[test]
fn future_salts_bare_vector_of_bare_items() {
    let salt = |valid_since, valid_until, salt| types::FutureSalt {
        valid_since,
        valid_until,
        salt,
    };
    let value = types::FutureSalts {
        req_msg_id: 0x0102_0304_0506_0708,
        now: 1_700_000_000,
        salts: vec![salt(1, 2, -1), salt(3, 4, 5)],
    };
    let expected = concat!(
        "950850ae",         // future_salts#ae500895
        "0807060504030201", // req_msg_id:long = 0x0102030405060708
        "00f15365",         // now:int = 1700000000
        "02000000",         // the bare vector's count, 2 (no 15c4b51c before it)
        // future_salt (bare: no dcd94909 id) valid_since 1, valid_until 2, salt -1
        "01000000",
        "02000000",
        "ffffffffffffffff",
        // future_salt valid_since 3, valid_until 4, salt 5
        "03000000",
        "04000000",
        "0500000000000000",
    );
    check(&value, expected);
    check_bare(&value);
    assert_eq!(types::FutureSalt::CONSTRUCTOR_ID, 0x0949_d9dc);
}

/// `invokeWithLayer(230, help.getConfig)`, and the usual first call of a session,
/// `invokeWithLayer(230, initConnection(..., help.getConfig))`: `!X` is the inner call's boxed
/// bytes, and the answer type is the inner call's.
#[test]
fn invoke_with_layer_wrapping_calls() {
    returns::<functions::help::GetConfig, enums::Config>();
    returns::<functions::InvokeWithLayer<functions::help::GetConfig>, enums::Config>();
    returns::<
        functions::InvokeWithLayer<functions::InitConnection<functions::help::GetConfig>>,
        enums::Config,
    >();

    let call = functions::InvokeWithLayer {
        layer: tlgen_telegram::LAYER,
        query: functions::help::GetConfig {},
    };
    let expected = concat!(
        "0d0d9bda", // invokeWithLayer#da9b0d0d
        "e6000000", // layer:int = 230 (tlgen_telegram::LAYER)
        "6b18f9c4", // query:!X = help.getConfig#c4f9186b, no fields
    );
    assert_eq!(tlgen_telegram::LAYER, 230);
    check(&call, expected);
    check_bare(&call);
    check_bare(&call.query);
    // Through Object, the inner call decodes as Object too, and is help.getConfig.
    let any = Object::from_bytes(&hex::decode(expected)).unwrap();
    let outer = any
        .downcast::<functions::InvokeWithLayer<Object>>()
        .expect("invokeWithLayer");
    assert_eq!(outer.layer, 230);
    assert_eq!(outer.query.name(), "help.getConfig");

    let init = functions::InvokeWithLayer {
        layer: 230,
        query: functions::InitConnection {
            api_id: 4,
            device_model: "PC".into(),
            system_version: "Linux".into(),
            app_version: "1.0".into(),
            system_lang_code: "en".into(),
            lang_pack: String::new(),
            lang_code: "en".into(),
            proxy: None,
            params: None,
            query: functions::help::GetConfig {},
        },
    };
    let expected = concat!(
        "0d0d9bda",         // invokeWithLayer#da9b0d0d
        "e6000000",         // layer = 230
        "a95ecdc1",         // initConnection#c1cd5ea9
        "00000000",         // flags = 0 (proxy flags.0, params flags.1: absent)
        "04000000",         // api_id = 4
        "02504300",         // device_model "PC": 1 + 2 bytes, 1 of padding
        "054c696e75780000", // system_version "Linux": 1 + 5 bytes, 2 of padding
        "03312e30",         // app_version "1.0": 1 + 3 bytes
        "02656e00",         // system_lang_code "en"
        "00000000",         // lang_pack "": length 0, 3 of padding
        "02656e00",         // lang_code "en"
        "6b18f9c4",         // query = help.getConfig#c4f9186b
    );
    check(&init, expected);
}

/// `upload.saveFilePart#b304a621 file_id:long file_part:int bytes:bytes = Bool` around the 254-byte
/// switch to the long length form.
#[test]
fn long_bytes_length_forms() {
    returns::<functions::upload::SaveFilePart, bool>();
    // (length, its prefix, padding after the data)
    for (len, prefix, padding) in [
        (253, "fd", "0000"),         // 1 + 253 = 254: short form, 2 bytes of padding
        (254, "fefe0000", "0000"),   // 254 and up: fe + 3-byte length; 4 + 254 = 258: 2 of padding
        (300, "fe2c0100", ""),       // 300 = 0x00012c; 4 + 300 = 304: no padding
        (301, "fe2d0100", "000000"), // 4 + 301 = 305: 3 of padding
    ] {
        let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        let part = functions::upload::SaveFilePart {
            file_id: -2,
            file_part: 0,
            bytes: data.clone(),
        };
        let expected = format!(
            "{}{}{}{}{}{}",
            "21a604b3",         // upload.saveFilePart#b304a621
            "feffffffffffffff", // file_id:long = -2
            "00000000",         // file_part:int = 0
            prefix,
            hex::encode(&data),
            padding,
        );
        check(&part, &expected);
    }
}

/// int128 and int256 fields are raw bytes in order: `p_q_inner_data` (16 + 16 + 32) and
/// `server_DH_params_fail` (three int128).
#[test]
fn int128_and_int256() {
    let seq = |from: u8, n: u8| (from..from + n).collect::<Vec<u8>>();
    let value = types::PQInnerData {
        pq: hex::decode("17ed48941a08f981"),
        p: hex::decode("494c553b"),
        q: hex::decode("53911073"),
        nonce: seq(0x00, 16).try_into().unwrap(),
        server_nonce: seq(0x10, 16).try_into().unwrap(),
        new_nonce: seq(0x20, 32).try_into().unwrap(),
    };
    let expected = concat!(
        "ec5ac983",                         // p_q_inner_data#83c95aec
        "0817ed48941a08f981000000",         // pq:bytes: length 8, 8 bytes, 3 of padding
        "04494c553b000000",                 // p:bytes: length 4, 4 bytes, 3 of padding
        "0453911073000000",                 // q:bytes
        "000102030405060708090a0b0c0d0e0f", // nonce:int128
        "101112131415161718191a1b1c1d1e1f", // server_nonce:int128
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f", // new_nonce:int256
    );
    check(&value, expected);

    let fail = types::ServerDhParamsFail {
        nonce: [0x11; 16],
        server_nonce: [0x22; 16],
        new_nonce_hash: [0x33; 16],
    };
    let expected = format!(
        "5d04cb79{}{}{}", // server_DH_params_fail#79cb045d, then three int128
        "11".repeat(16),
        "22".repeat(16),
        "33".repeat(16)
    );
    check(&fail, &expected);
    check(&enums::ServerDhParams::from(fail), &expected);
}

/// `Bool` as a field, and as an answer.
#[test]
fn bool_field_and_answer() {
    returns::<functions::messages::GetMessagesViews, enums::messages::MessageViews>();
    let call = functions::messages::GetMessagesViews {
        peer: types::InputPeerSelf {}.into(),
        id: vec![1, 2],
        increment: true,
    };
    let expected = concat!(
        "e1d38457", // messages.getMessagesViews#5784d3e1
        "c97ea07d", // peer:InputPeer = inputPeerSelf#7da07ec9
        "15c4b51c", // id:Vector<int>: vector#1cb5c415
        "02000000", //   count 2
        "01000000", //   1
        "02000000", //   2
        "b5757299", // increment:Bool = boolTrue#997275b5
    );
    check(&call, expected);
    let mut bytes = hex::decode(expected);
    bytes.splice(24.., hex::decode("379779bc")); // boolFalse#bc799737
    let not_incrementing = functions::messages::GetMessagesViews::from_bytes(&bytes).unwrap();
    assert!(!not_incrementing.increment);

    // upload.saveFilePart answers Bool, which is Rust's bool.
    type Answer = <functions::upload::SaveFilePart as RemoteCall>::Return;
    assert_eq!(Answer::from_bytes(&hex::decode("b5757299")), Ok(true));
    assert_eq!(Answer::from_bytes(&hex::decode("379779bc")), Ok(false));
    let err = Answer::from_bytes(&hex::decode("00000000")).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::InvalidBool { id: 0 });
}

/// `Vector<long>` as a field (`msgs_ack`), and `Vector<int>` / `Vector<User>` as answers.
#[test]
fn vector_of_long() {
    returns::<functions::contacts::GetContactIDs, Vec<i32>>();
    returns::<functions::users::GetUsers, Vec<enums::User>>();
    let ack = types::MsgsAck {
        msg_ids: vec![0x5e0b_800e_1234_5678, -1],
    };
    let expected = concat!(
        "59b4d662",         // msgs_ack#62d6b459
        "15c4b51c",         // msg_ids:Vector<long>: vector#1cb5c415
        "02000000",         //   count 2
        "785634120e800b5e", //   0x5e0b800e12345678
        "ffffffffffffffff", //   -1
    );
    check(&ack, expected);
    check(
        &types::MsgsAck { msg_ids: vec![] },
        "59b4d66215c4b51c00000000",
    );
}
