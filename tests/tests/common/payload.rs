//! A realistic ~30 KB answer to decode, cut and corrupt: a `messages.messages` with 100 channel
//! messages (text, entities, views/forwards, replies, forwards, photos, reactions), 10 users and
//! one channel, in the shape Telegram sends for `messages.getHistory`.
//!
//! Built here rather than taken from the bench crate so the tests do not compile grammers. Each
//! struct starts from the smallest valid value of its constructor (decoded from the schema-driven
//! [`Gen::minimal`] bytes) and sets only the fields that matter, so the code stays short and does
//! not need to list the ~60 fields of `message`.

use tlgen_runtime::{Deserialize, Identifiable, Serialize};
use tlgen_telegram::{enums, types};

use super::schema::Gen;

/// How many messages and users the payload holds.
pub const MESSAGES: usize = 100;
pub const USERS: usize = 10;

const CHANNEL_ID: i64 = 1_234_567_890;
const FIRST_USER_ID: i64 = 777_000_000;
const FIRST_DATE: i32 = 1_700_000_000;

/// ASCII and Cyrillic (two bytes a letter) mixed, so strings are not all one-byte UTF-8.
const TEXT: &str = "Hello, мир! The quick brown fox прыгает через ленивую собаку, and then 42 \
                    раза returns home. Привет from Telegram: ничего нового, just байты. ";

/// The smallest valid value of constructor `T`: all flags clear, numbers zero, strings and
/// vectors empty, the smallest constructor for each boxed field.
pub fn minimal<T: Deserialize + Identifiable>() -> T {
    let bytes = Gen::minimal().boxed_bytes(T::NAME);
    T::from_bytes(&bytes).unwrap_or_else(|e| panic!("minimal {}: {e}", T::NAME))
}

/// `len` bytes of [`TEXT`] or one less (a two-byte letter never straddles the end), from `start`.
fn text(start: usize, len: usize) -> String {
    let mut s = String::new();
    for c in TEXT.chars().cycle().skip(start % TEXT.chars().count()) {
        if s.len() + c.len_utf8() > len {
            break;
        }
        s.push(c);
    }
    s
}

fn user_peer(user_id: i64) -> enums::Peer {
    enums::Peer::User(types::PeerUser { user_id })
}

fn photo(i: usize) -> enums::Photo {
    enums::Photo::from(types::Photo {
        id: 5_000_000_000 + i as i64,
        access_hash: 0x0123_4567_89ab_cdef ^ i as i64,
        file_reference: (0..24).map(|b| (b * 7 + i) as u8).collect(),
        date: FIRST_DATE + i as i32,
        sizes: vec![
            enums::PhotoSize::from(types::PhotoStrippedSize {
                r#type: "i".into(),
                bytes: (0..40).map(|b| (b ^ i) as u8).collect(),
            }),
            enums::PhotoSize::from(types::PhotoSize {
                r#type: "m".into(),
                w: 320,
                h: 240,
                size: 14_000 + i as i32,
            }),
            enums::PhotoSize::from(types::PhotoSize {
                r#type: "x".into(),
                w: 800,
                h: 600,
                size: 61_000 + i as i32,
            }),
        ],
        dc_id: 2,
        ..minimal()
    })
}

fn message(i: usize) -> enums::Message {
    let id = 10_000 + i as i32;
    let date = FIRST_DATE + 60 * i as i32;
    let from = FIRST_USER_ID + (i % USERS) as i64;
    let entities = vec![
        enums::MessageEntity::from(types::MessageEntityBold {
            offset: 0,
            length: 5,
        }),
        enums::MessageEntity::from(types::MessageEntityTextUrl {
            offset: 7,
            length: 12,
            url: format!("https://t.me/robust/{id}"),
        }),
        enums::MessageEntity::from(types::MessageEntityMentionName {
            offset: 24,
            length: 9,
            user_id: from,
        }),
    ];
    let reply_to = i.is_multiple_of(2).then(|| {
        enums::MessageReplyHeader::from(types::MessageReplyHeader {
            reply_to_msg_id: Some(id - 1),
            ..minimal()
        })
    });
    let fwd_from = (i % 9 == 4).then(|| types::MessageFwdHeader {
        from_id: Some(user_peer(from)),
        date: date - 86_400,
        saved_from_peer_saved_from_msg_id: Some(
            types::MessageFwdHeaderSavedFromPeerSavedFromMsgId {
                saved_from_peer: user_peer(from),
                saved_from_msg_id: id - 100,
            },
        ),
        ..minimal()
    });
    let media = (i % 10 == 3).then(|| {
        enums::MessageMedia::from(types::MessageMediaPhoto {
            photo: Some(photo(i)),
            ..minimal()
        })
    });
    let reactions = (i % 4 == 1).then(|| types::MessageReactions {
        results: ["👍", "❤", "🔥"]
            .iter()
            .enumerate()
            .map(|(k, emoticon)| types::ReactionCount {
                chosen_order: (k == 0).then_some(1),
                reaction: enums::Reaction::from(types::ReactionEmoji {
                    emoticon: (*emoticon).into(),
                }),
                count: 3 + (i * k) as i32 % 50,
            })
            .collect(),
        ..minimal()
    });
    enums::Message::from(types::Message {
        out: i % 2 == 1,
        silent: i.is_multiple_of(5),
        post: true,
        id,
        from_id: Some(user_peer(from)),
        peer_id: enums::Peer::from(types::PeerChannel {
            channel_id: CHANNEL_ID,
        }),
        fwd_from: fwd_from.map(Box::new),
        reply_to,
        date,
        message: text(i * 11, 100 + (i * 37) % 40),
        media,
        entities: Some(entities),
        views_forwards: Some(types::MessageViewsForwards {
            views: 1_000 + 137 * i as i32,
            forwards: i as i32 % 17,
        }),
        edit_date: i.is_multiple_of(3).then_some(date + 300),
        reactions: reactions.map(Box::new),
        ..minimal()
    })
}

fn user(j: usize) -> enums::User {
    enums::User::from(types::User {
        premium: j.is_multiple_of(3),
        id: FIRST_USER_ID + j as i64,
        access_hash: Some(0x1234_5678_9abc_def0_i64.wrapping_mul(j as i64 + 1)),
        first_name: Some(format!("Алексей {j}")),
        last_name: Some(format!("Smirnov-Смирнов {j}")),
        username: Some(format!("robust_user_{j}")),
        photo: Some(enums::UserProfilePhoto::UserProfilePhoto(
            types::UserProfilePhoto {
                photo_id: 9_000_000 + j as i64,
                stripped_thumb: Some(vec![1, 40, 40, j as u8]),
                dc_id: 2,
                ..minimal()
            },
        )),
        status: Some(enums::UserStatus::from(types::UserStatusOffline {
            was_online: FIRST_DATE - 100 * j as i32,
        })),
        ..minimal()
    })
}

fn channel() -> enums::Chat {
    enums::Chat::from(types::Channel {
        broadcast: true,
        id: CHANNEL_ID,
        access_hash: Some(-42),
        title: "Robustness — канал".into(),
        username: Some("robust".into()),
        photo: enums::ChatPhoto::from(types::ChatPhoto {
            photo_id: 31_337,
            dc_id: 4,
            ..minimal()
        }),
        date: FIRST_DATE - 1_000_000,
        participants_count: Some(12_345),
        ..minimal()
    })
}

/// The payload as a value.
pub fn value() -> enums::messages::Messages {
    enums::messages::Messages::from(types::messages::Messages {
        messages: (0..MESSAGES).map(message).collect(),
        topics: Vec::new(),
        chats: vec![channel()],
        users: (0..USERS).map(user).collect(),
    })
}

/// The payload as bytes.
pub fn bytes() -> Vec<u8> {
    value().to_bytes()
}
