//! Decoding errors on real payloads: truncation at every offset, unknown constructor ids (with the
//! id, the expected type's name and the offset), and trailing bytes. Never a panic.
//!
//! The payload is a realistic `messages.messages` built by hand (messages with flags, flags2, a
//! shared flag bit, a forward header with a shared-bit group, entities, media; a forbidden and a
//! basic group; users with optional fields), plus every documented dump that today's schema reads.

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};

use tlgen_runtime::{DecodeError, DecodeErrorKind, Deserialize, Identifiable, Serialize};
use tlgen_telegram::{Object, enums, types};
use tlgen_tests::dumps::{self, Entry};

fn message(id: i32, text: &str) -> types::Message {
    types::Message {
        out: false,
        mentioned: false,
        media_unread: false,
        silent: false,
        post: false,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: false,
        noforwards: false,
        invert_media: false,
        offline: false,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id,
        from_id: None,
        from_boosts_applied: None,
        from_rank: None,
        peer_id: types::PeerChat { chat_id: 99 }.into(),
        saved_peer_id: None,
        fwd_from: None,
        via_bot_id: None,
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: None,
        date: 1_700_000_000 + id,
        message: text.into(),
        media: None,
        reply_markup: None,
        entities: None,
        views_forwards: None,
        replies: None,
        edit_date: None,
        post_author: None,
        grouped_id: None,
        reactions: None,
        restriction_reason: None,
        ttl_period: None,
        quick_reply_shortcut_id: None,
        effect: None,
        factcheck: None,
        report_delivery_until_date: None,
        paid_message_stars: None,
        suggested_post: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        rich_message: None,
    }
}

fn user(id: i64, first_name: &str, username: Option<&str>) -> types::User {
    types::User {
        self_: false,
        contact: true,
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
        premium: true,
        attach_menu_enabled: false,
        bot_can_edit: false,
        close_friend: false,
        stories_hidden: false,
        stories_unavailable: true,
        contact_require_premium: false,
        bot_business: false,
        bot_has_main_app: false,
        bot_forum_view: false,
        bot_forum_can_manage_topics: false,
        bot_can_manage_bots: false,
        bot_guestchat: false,
        bot_guard: false,
        id,
        access_hash: Some(id.wrapping_mul(0x9e37_79b9)),
        first_name: Some(first_name.into()),
        last_name: None,
        username: username.map(Into::into),
        phone: None,
        photo: Some(types::UserProfilePhotoEmpty {}.into()),
        status: Some(
            types::UserStatusOnline {
                expires: 1_700_000_500,
            }
            .into(),
        ),
        bot_info_version: None,
        restriction_reason: None,
        bot_inline_placeholder: None,
        lang_code: Some("en".into()),
        emoji_status: None,
        usernames: None,
        stories_max_id: None,
        color: None,
        profile_color: None,
        bot_active_users: None,
        bot_verification_icon: None,
        send_paid_messages_stars: None,
        linked_community_id: None,
    }
}

/// A `messages.messages` as a server might send it, and its bytes.
fn payload() -> (enums::messages::Messages, Vec<u8>) {
    let first = types::Message {
        out: true,
        from_id: Some(types::PeerUser { user_id: 1001 }.into()),
        entities: Some(vec![
            types::MessageEntityBold {
                offset: 0,
                length: 5,
            }
            .into(),
            types::MessageEntityBold {
                offset: 6,
                length: 5,
            }
            .into(),
        ]),
        views_forwards: Some(types::MessageViewsForwards {
            views: 10,
            forwards: 2,
        }),
        ..message(1, "Hello world, this is the first message.")
    };
    let second = types::Message {
        from_id: Some(types::PeerUser { user_id: 1002 }.into()),
        fwd_from: Some(
            types::MessageFwdHeader {
                imported: false,
                saved_out: true,
                from_id: Some(types::PeerUser { user_id: 1001 }.into()),
                from_name: None,
                date: 1_600_000_000,
                channel_post: None,
                post_author: Some("Ж author".into()),
                saved_from_peer_saved_from_msg_id: Some(
                    types::MessageFwdHeaderSavedFromPeerSavedFromMsgId {
                        saved_from_peer: types::PeerChat { chat_id: 5 }.into(),
                        saved_from_msg_id: 77,
                    },
                ),
                saved_from_id: None,
                saved_from_name: None,
                saved_date: None,
                psa_type: None,
            }
            .into(),
        ),
        media: Some(types::MessageMediaEmpty {}.into()),
        edit_date: Some(1_700_000_900),
        offline: true,
        effect: Some(-3),
        ..message(2, "Forwarded: 😀 ünïcödé")
    };
    let third = message(3, &"long ".repeat(60));
    let value: enums::messages::Messages = types::messages::Messages {
        messages: vec![first.into(), second.into(), third.into()],
        topics: vec![],
        chats: vec![
            types::ChatForbidden {
                id: 5,
                title: "gone".into(),
            }
            .into(),
            types::Chat {
                creator: true,
                left: false,
                deactivated: false,
                call_active: false,
                call_not_empty: false,
                noforwards: true,
                id: 99,
                title: "The group".into(),
                photo: types::ChatPhotoEmpty {}.into(),
                participants_count: 3,
                date: 1_500_000_000,
                version: 7,
                migrated_to: None,
                admin_rights: None,
                default_banned_rights: None,
            }
            .into(),
        ],
        users: vec![
            user(1001, "Alice", Some("alice")).into(),
            user(1002, "Bob", None).into(),
            types::UserEmpty { id: 1003 }.into(),
        ],
    }
    .into();
    let bytes = value.to_bytes();
    (value, bytes)
}

/// Runs `f` and turns a panic into a test failure that says where.
fn no_panic<R>(what: &str, f: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => panic!("{what}: the decoder panicked (it must return an error)"),
    }
}

/// An error for input cut at `n` bytes is an end-of-input kind whose offset is where the field that
/// did not fit starts, and the bytes it says were left run exactly to the cut (after the 1- or
/// 4-byte length field, for a length).
fn is_consistent_truncation(err: &DecodeError, n: usize) -> bool {
    let at = err.offset();
    match *err.kind() {
        DecodeErrorKind::UnexpectedEnd { needed, available } => {
            needed > available && at + available == n
        }
        DecodeErrorKind::LengthTooLarge { available, .. } => {
            at + 1 + available == n || at + 4 + available == n
        }
        _ => false,
    }
}

/// Every strict prefix of `bytes` fails to decode as `T`, with an end-of-input kind at an offset
/// inside the prefix; never a panic.
fn every_truncation_fails<T: Deserialize + Debug>(bytes: &[u8], what: &str) {
    for n in 0..bytes.len() {
        let result = no_panic(&format!("{what} truncated to {n} bytes"), || {
            T::from_bytes(&bytes[..n])
        });
        let err = match result {
            Ok(v) => panic!(
                "{what} truncated to {n} of {} bytes decoded: {v:?}",
                bytes.len()
            ),
            Err(e) => e,
        };
        assert!(
            is_consistent_truncation(&err, n),
            "{what} truncated to {n} bytes: {err}"
        );
    }
}

#[test]
fn the_payload_is_realistic_and_round_trips() {
    let (value, bytes) = payload();
    assert!(bytes.len() > 512, "{} bytes", bytes.len());
    assert_eq!(
        enums::messages::Messages::from_bytes(&bytes).as_ref(),
        Ok(&value)
    );
    assert_eq!(value.serialized_len(), bytes.len());
    assert_eq!(Object::from_bytes(&bytes).unwrap().to_bytes(), bytes);
}

#[test]
fn truncated_payload_fails_at_every_offset() {
    let (_, bytes) = payload();
    every_truncation_fails::<enums::messages::Messages>(&bytes, "messages.messages");
    every_truncation_fails::<Object>(&bytes, "messages.messages as Object");
}

/// The documented dumps that today's schema/ reads (the auth-key exchange: same ids in mtproto.tl),
/// truncated at every offset.
#[test]
fn truncated_dumps_fail_at_every_offset() {
    let entries = dumps::load();
    let mut truncated = 0;
    for e in entries.iter().map(Entry) {
        for key in ["query_hex", "answer_hex"] {
            if !e.has(key) || e.category().contains("primitive") {
                continue;
            }
            let bytes = e.hex(key);
            if Object::from_bytes(&bytes).is_err() {
                continue; // an older layer's constructor, or the pages' own examples
            }
            every_truncation_fails::<Object>(&bytes, &format!("dump {} {key}", e.id()));
            truncated += 1;
        }
    }
    // req_pq, req_pq_multi (x2), req_DH_params (x3), set_client_DH_params (x3): query and answer;
    // p_q_inner_data (+ _dc), server_DH_inner_data (x3), client_DH_inner_data (x3): one object;
    // auth.sendCall's answer, boolTrue (the registry decodes Bool's constructors too).
    assert_eq!(truncated, 27);
}

/// Overwrites the 4 bytes at `at` with `id`.
fn with_id_at(bytes: &[u8], at: usize, id: u32) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at..at + 4].copy_from_slice(&id.to_le_bytes());
    b
}

fn unknown(err: &DecodeError) -> (u32, &'static str, usize) {
    match *err.kind() {
        DecodeErrorKind::UnknownConstructor { id, expected } => (id, expected, err.offset()),
        ref other => panic!(
            "expected UnknownConstructor, got {other:?} at {}",
            err.offset()
        ),
    }
}

#[test]
fn unknown_ids_name_the_id_the_type_and_the_offset() {
    const BAD: u32 = 0xdead_beef;
    assert_eq!(tlgen_telegram::name_for_id(BAD), None);
    let (_, bytes) = payload();
    let types::messages::Messages {
        messages, users, ..
    } = match Object::from_bytes(&bytes)
        .unwrap()
        .downcast::<types::messages::Messages>()
    {
        Ok(m) => m,
        Err(o) => panic!("decoded as {}", o.name()),
    };

    // The outer id.
    let err = enums::messages::Messages::from_bytes(&with_id_at(&bytes, 0, BAD)).unwrap_err();
    assert_eq!(unknown(&err), (BAD, "messages.Messages", 0));
    let err = Object::from_bytes(&with_id_at(&bytes, 0, BAD)).unwrap_err();
    assert_eq!(unknown(&err), (BAD, "Object", 0));
    // A constructor struct decoded on its own names itself.
    let err = types::messages::Messages::from_bytes(&with_id_at(&bytes, 0, BAD)).unwrap_err();
    assert_eq!(unknown(&err), (BAD, "messages.messages", 0));

    // The `vector` id of `messages:Vector<Message>` at byte 4.
    let err = enums::messages::Messages::from_bytes(&with_id_at(&bytes, 4, BAD)).unwrap_err();
    assert_eq!(unknown(&err), (BAD, "Vector", 4));

    // The second message's id: after the outer id, the vector id, the count and the first message.
    let second = 12 + messages[0].serialized_len();
    let err = enums::messages::Messages::from_bytes(&with_id_at(&bytes, second, BAD)).unwrap_err();
    assert_eq!(unknown(&err), (BAD, "Message", second));

    // Inside the first message: its peer_id (after id, flags, flags2, id:int, from_id).
    let from_id_len = types::PeerUser { user_id: 1001 }.serialized_len();
    let peer_at = 12 + 4 + 4 + 4 + 4 + from_id_len;
    assert_eq!(
        &bytes[peer_at..peer_at + 4],
        types::PeerChat::CONSTRUCTOR_ID.to_le_bytes(),
        "the first message's peer_id is peerChat"
    );
    let err = enums::messages::Messages::from_bytes(&with_id_at(&bytes, peer_at, BAD)).unwrap_err();
    assert_eq!(unknown(&err), (BAD, "Peer", peer_at));

    // The last user, at the very end.
    let last_user = bytes.len() - users.last().unwrap().serialized_len();
    let err =
        enums::messages::Messages::from_bytes(&with_id_at(&bytes, last_user, BAD)).unwrap_err();
    assert_eq!(unknown(&err), (BAD, "User", last_user));

    // `!X` of a generic call is read as Object.
    let call = tlgen_telegram::functions::InvokeWithLayer {
        layer: 230,
        query: tlgen_telegram::functions::help::GetConfig {},
    }
    .to_bytes();
    let err = Object::from_bytes(&with_id_at(&call, 8, BAD)).unwrap_err();
    assert_eq!(unknown(&err), (BAD, "Object", 8));
}

#[test]
fn trailing_bytes_are_rejected_where_they_start() {
    let (value, bytes) = payload();
    for extra in [1usize, 4, 100] {
        let mut longer = bytes.clone();
        longer.extend(std::iter::repeat_n(0, extra));
        for err in [
            enums::messages::Messages::from_bytes(&longer).unwrap_err(),
            Object::from_bytes(&longer).unwrap_err(),
        ] {
            assert_eq!(err.kind(), &DecodeErrorKind::TrailingBytes { count: extra });
            assert_eq!(err.offset(), bytes.len());
        }
        // A reader that is not asked to finish reads the value and leaves the rest.
        let mut r = tlgen_runtime::Reader::new(&longer);
        assert_eq!(
            enums::messages::Messages::deserialize(&mut r).as_ref(),
            Ok(&value)
        );
        assert_eq!(r.remaining(), extra);
    }
}

/// Across the whole schema: in a random value of every constructor and function (all flags set,
/// so every field is there), each constructor id in turn is replaced by one no schema has, and
/// decoding as `Object` must fail with `UnknownConstructor` of exactly that id, at exactly that
/// offset, naming the type the reference encoder wrote there (a `Bool` gives `InvalidBool`).
/// The bytes before the id are untouched, so a decoder that reads them as the encoder wrote them
/// reaches the id at that offset; a different offset means a field was read differently.
#[test]
fn unknown_ids_anywhere_in_any_definition() {
    use tlgen_tests::reference::{Expect, FlagPlan, Reference};
    use tlgen_tests::rng::{Rng, seed_for};
    const BAD: u32 = 0xdead_beef;
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    let reference = Reference::new(&parsed.schemas);
    let (mut failures, mut sites_checked) = (Vec::new(), 0);
    for (index, def) in reference.definitions().iter().enumerate() {
        let name = def.name.to_string();
        if name == "boolTrue" || name == "boolFalse" {
            continue; // Rust's bool, not in the registry (see round_trip.rs)
        }
        let seed = seed_for(0x1d5, &name, 0);
        let (bytes, sites) = reference.encode_traced(index, &FlagPlan::AllSet, &mut Rng::new(seed));
        for site in sites.iter().take(64) {
            sites_checked += 1;
            let mutated = with_id_at(&bytes, site.offset, BAD);
            let got = no_panic(&name, || Object::from_bytes(&mutated));
            let ok = match (&site.expect, &got) {
                (Expect::UnknownConstructor(ty), Err(e)) => {
                    e.offset() == site.offset
                        && matches!(*e.kind(), DecodeErrorKind::UnknownConstructor { id: BAD, expected } if expected == ty)
                }
                (Expect::InvalidBool, Err(e)) => {
                    e.offset() == site.offset
                        && *e.kind() == DecodeErrorKind::InvalidBool { id: BAD }
                }
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{name} (seed {seed:#x}), id at byte {} ({:?}): got {:?}",
                    site.offset,
                    site.expect,
                    got.err()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {sites_checked} id sites:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // About 9,000 with the default seed: every boxed field, vector and Bool of every definition.
    assert!(sites_checked > 8_000, "only {sites_checked} id sites");
}

/// Across the whole schema: a random value of every constructor and function (all flags set),
/// truncated at every offset of its first 256 bytes and at every 7th after that, fails with a
/// consistent end-of-input error (see `every_truncation_fails`), never a panic.
#[test]
fn truncation_of_any_definition_fails() {
    use tlgen_tests::reference::{FlagPlan, Reference};
    use tlgen_tests::rng::{Rng, seed_for};
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    let reference = Reference::new(&parsed.schemas);
    let mut cuts = 0;
    for (index, def) in reference.definitions().iter().enumerate() {
        let name = def.name.to_string();
        if name == "boolTrue" || name == "boolFalse" {
            continue;
        }
        let seed = seed_for(0x7c, &name, 0);
        let bytes = reference.encode(index, &FlagPlan::AllSet, &mut Rng::new(seed));
        for n in (0..bytes.len()).filter(|&n| n < 256 || n % 7 == 0) {
            cuts += 1;
            let what = format!(
                "{name} (seed {seed:#x}) truncated to {n} of {} bytes",
                bytes.len()
            );
            let err = match no_panic(&what, || Object::from_bytes(&bytes[..n])) {
                Ok(v) => panic!("{what}: decoded {v:?}"),
                Err(e) => e,
            };
            assert!(is_consistent_truncation(&err, n), "{what}: {err}");
        }
    }
    assert!(cuts > 100_000, "only {cuts} truncations");
}
