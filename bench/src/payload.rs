//! The benchmark payload of issue 5: a `messages.messages` with 100 `message`s and 10 `user`s,
//! built once from a neutral description ([`MessageSpec`], [`UserSpec`]) by one builder per side,
//! so that the two sides cannot drift apart (a unit test checks they encode to the same bytes).
//!
//! The fuzz and robustness tests reuse [`ours`] as a realistic, deeply nested value.

/// How many `message`s the payload holds.
pub const MESSAGES: usize = 100;
/// How many `user`s the payload holds.
pub const USERS: usize = 10;

/// The channel every message is posted in.
const CHANNEL_ID: i64 = 1_234_567_890;
/// The first user id; users are `FIRST_USER_ID..FIRST_USER_ID + USERS`.
const FIRST_USER_ID: i64 = 777_000_000;
/// The date of message 0 (November 2023); later messages are a minute apart.
const FIRST_DATE: i32 = 1_700_000_000;

/// Text the message bodies are cut from: ASCII words and Cyrillic words (two bytes per letter in
/// UTF-8) mixed, so string encoding sees both one- and multi-byte characters.
const TEXT: &str = "Hello, мир! The quick brown fox прыгает через ленивую собаку, \
                    and then 42 раза returns home. Привет from Telegram: ничего нового, \
                    just benchmarks and байты. ";

/// One message of the payload, independent of either crate's types.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageSpec {
    pub id: i32,
    pub out: bool,
    pub silent: bool,
    pub from_user_id: i64,
    pub channel_id: i64,
    pub reply_to_msg_id: Option<i32>,
    pub date: i32,
    pub text: String,
    /// `(offset, length)` of the bold entity.
    pub bold: (i32, i32),
    /// `(offset, length, url)` of the text URL entity.
    pub text_url: (i32, i32, String),
    /// `(offset, length, user_id)` of the mention-name entity.
    pub mention: (i32, i32, i64),
    pub views: i32,
    pub forwards: i32,
    pub edit_date: Option<i32>,
}

/// One user of the payload, independent of either crate's types.
#[derive(Debug, Clone, PartialEq)]
pub struct UserSpec {
    pub id: i64,
    pub access_hash: i64,
    pub first_name: String,
    pub last_name: String,
    pub username: String,
    pub was_online: i32,
}

/// Message `i` (0-based) as issue 5 describes it.
pub fn message_spec(i: usize) -> MessageSpec {
    let n = i as i32;
    let id = 10_000 + n;
    let date = FIRST_DATE + 60 * n;
    // 161..=200 bytes, spread over the messages; the text may end one byte short (160..=200).
    let target = 161 + (i * 37) % 40;
    let text = text_of_len(i * 11, target);
    let from_user_id = FIRST_USER_ID + (i % USERS) as i64;
    MessageSpec {
        id,
        out: i % 2 == 1,
        silent: i.is_multiple_of(5),
        from_user_id,
        channel_id: CHANNEL_ID,
        reply_to_msg_id: i.is_multiple_of(2).then_some(id - 1),
        date,
        text,
        bold: (0, 5),
        text_url: (7, 12, format!("https://t.me/bench/{id}")),
        mention: (24, 9, from_user_id),
        views: 1_000 + 137 * n,
        forwards: n % 17,
        edit_date: i.is_multiple_of(3).then_some(date + 300),
    }
}

/// User `j` (0-based) as issue 5 describes it.
pub fn user_spec(j: usize) -> UserSpec {
    let k = j as i64;
    UserSpec {
        id: FIRST_USER_ID + k,
        access_hash: 0x1234_5678_9abc_def0_i64.wrapping_mul(k + 1),
        first_name: format!("Алексей {j}"),
        last_name: format!("Smirnov-Смирнов {j}"),
        username: format!("bench_user_{j}"),
        was_online: FIRST_DATE - 100 * j as i32,
    }
}

/// `len` bytes (or one less, when a two-byte letter would straddle the end) of [`TEXT`] repeated,
/// starting at character `start`.
fn text_of_len(start: usize, len: usize) -> String {
    let mut s = String::with_capacity(len);
    for c in TEXT.chars().cycle().skip(start % TEXT.chars().count()) {
        if s.len() + c.len_utf8() > len {
            break;
        }
        s.push(c);
    }
    s
}

/// Our side: the payload as a `tlgen_telegram` value.
pub fn ours() -> tlgen_telegram::enums::messages::Messages {
    use tlgen_telegram::{enums, types};
    let messages = (0..MESSAGES)
        .map(|i| {
            let m = message_spec(i);
            enums::Message::from(types::Message {
                out: m.out,
                mentioned: false,
                media_unread: false,
                silent: m.silent,
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
                id: m.id,
                from_id: Some(enums::Peer::User(types::PeerUser {
                    user_id: m.from_user_id,
                })),
                from_boosts_applied: None,
                from_rank: None,
                peer_id: enums::Peer::Channel(types::PeerChannel {
                    channel_id: m.channel_id,
                }),
                saved_peer_id: None,
                fwd_from: None,
                via_bot_id: None,
                via_business_bot_id: None,
                guestchat_via_from: None,
                reply_to: m.reply_to_msg_id.map(|reply_to_msg_id| {
                    enums::MessageReplyHeader::from(types::MessageReplyHeader {
                        reply_to_scheduled: false,
                        forum_topic: false,
                        quote: false,
                        reply_to_ephemeral: false,
                        reply_to_msg_id: Some(reply_to_msg_id),
                        reply_to_peer_id: None,
                        reply_from: None,
                        reply_media: None,
                        reply_to_top_id: None,
                        quote_text: None,
                        quote_entities: None,
                        quote_offset: None,
                        todo_item_id: None,
                        poll_option: None,
                    })
                }),
                date: m.date,
                message: m.text,
                media: None,
                reply_markup: None,
                entities: Some(vec![
                    enums::MessageEntity::Bold(types::MessageEntityBold {
                        offset: m.bold.0,
                        length: m.bold.1,
                    }),
                    enums::MessageEntity::TextUrl(types::MessageEntityTextUrl {
                        offset: m.text_url.0,
                        length: m.text_url.1,
                        url: m.text_url.2,
                    }),
                    enums::MessageEntity::MentionName(types::MessageEntityMentionName {
                        offset: m.mention.0,
                        length: m.mention.1,
                        user_id: m.mention.2,
                    }),
                ]),
                views_forwards: Some(types::MessageViewsForwards {
                    views: m.views,
                    forwards: m.forwards,
                }),
                replies: None,
                edit_date: m.edit_date,
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
            })
        })
        .collect();
    let users = (0..USERS)
        .map(|j| {
            let u = user_spec(j);
            enums::User::from(types::User {
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
                premium: true,
                attach_menu_enabled: false,
                bot_can_edit: false,
                close_friend: false,
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
                id: u.id,
                access_hash: Some(u.access_hash),
                first_name: Some(u.first_name),
                last_name: Some(u.last_name),
                username: Some(u.username),
                phone: None,
                photo: None,
                status: Some(enums::UserStatus::Offline(types::UserStatusOffline {
                    was_online: u.was_online,
                })),
                bot_info_version: None,
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
            })
        })
        .collect();
    enums::messages::Messages::from(types::messages::Messages {
        messages,
        topics: Vec::new(),
        chats: Vec::new(),
        users,
    })
}

/// grammers' side: the same payload as a `grammers_tl_types` value.
pub fn grammers() -> grammers_tl_types::enums::messages::Messages {
    use grammers_tl_types::{enums, types};
    let messages = (0..MESSAGES)
        .map(|i| {
            let m = message_spec(i);
            enums::Message::from(types::Message {
                out: m.out,
                mentioned: false,
                media_unread: false,
                silent: m.silent,
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
                id: m.id,
                from_id: Some(enums::Peer::User(types::PeerUser {
                    user_id: m.from_user_id,
                })),
                from_boosts_applied: None,
                from_rank: None,
                peer_id: enums::Peer::Channel(types::PeerChannel {
                    channel_id: m.channel_id,
                }),
                saved_peer_id: None,
                fwd_from: None,
                via_bot_id: None,
                via_business_bot_id: None,
                guestchat_via_from: None,
                reply_to: m.reply_to_msg_id.map(|reply_to_msg_id| {
                    enums::MessageReplyHeader::Header(types::MessageReplyHeader {
                        reply_to_scheduled: false,
                        forum_topic: false,
                        quote: false,
                        reply_to_ephemeral: false,
                        reply_to_msg_id: Some(reply_to_msg_id),
                        reply_to_peer_id: None,
                        reply_from: None,
                        reply_media: None,
                        reply_to_top_id: None,
                        quote_text: None,
                        quote_entities: None,
                        quote_offset: None,
                        todo_item_id: None,
                        poll_option: None,
                    })
                }),
                date: m.date,
                message: m.text,
                media: None,
                reply_markup: None,
                entities: Some(vec![
                    enums::MessageEntity::Bold(types::MessageEntityBold {
                        offset: m.bold.0,
                        length: m.bold.1,
                    }),
                    enums::MessageEntity::TextUrl(types::MessageEntityTextUrl {
                        offset: m.text_url.0,
                        length: m.text_url.1,
                        url: m.text_url.2,
                    }),
                    enums::MessageEntity::MentionName(types::MessageEntityMentionName {
                        offset: m.mention.0,
                        length: m.mention.1,
                        user_id: m.mention.2,
                    }),
                ]),
                views: Some(m.views),
                forwards: Some(m.forwards),
                replies: None,
                edit_date: m.edit_date,
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
            })
        })
        .collect();
    let users = (0..USERS)
        .map(|j| {
            let u = user_spec(j);
            enums::User::from(types::User {
                is_self: false,
                contact: false,
                mutual_contact: false,
                deleted: false,
                bot: false,
                bot_chat_history: false,
                bot_nochats: false,
                verified: false,
                restricted: false,
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
                stories_unavailable: false,
                contact_require_premium: false,
                bot_business: false,
                bot_has_main_app: false,
                bot_forum_view: false,
                bot_forum_can_manage_topics: false,
                bot_can_manage_bots: false,
                bot_guestchat: false,
                bot_guard: false,
                id: u.id,
                access_hash: Some(u.access_hash),
                first_name: Some(u.first_name),
                last_name: Some(u.last_name),
                username: Some(u.username),
                phone: None,
                photo: None,
                status: Some(enums::UserStatus::Offline(types::UserStatusOffline {
                    was_online: u.was_online,
                })),
                bot_info_version: None,
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
            })
        })
        .collect();
    enums::messages::Messages::from(types::messages::Messages {
        messages,
        topics: Vec::new(),
        chats: Vec::new(),
        users,
    })
}

#[cfg(test)]
mod tests {
    //! Correctness of the payload, not timings: the benchmark compares like with like.
    use super::*;

    #[test]
    fn specs_match_issue_5() {
        for i in 0..MESSAGES {
            let m = message_spec(i);
            assert!(
                (160..=200).contains(&m.text.len()),
                "message {i}: {} bytes",
                m.text.len()
            );
            assert!(!m.text.is_ascii() && m.text.chars().any(|c| c.is_ascii_alphabetic()));
        }
    }

    #[test]
    fn both_sides_encode_to_the_same_bytes() {
        use grammers_tl_types::Serializable as _;
        use tlgen_runtime::Serialize as _;
        let ours = ours().to_bytes();
        let theirs = grammers().to_bytes();
        assert_eq!(ours.len(), theirs.len());
        if let Some(at) = ours.iter().zip(&theirs).position(|(a, b)| a != b) {
            panic!(
                "the payloads differ first at byte {at}: {:02x?} vs {:02x?}",
                &ours[at..at + 16],
                &theirs[at..at + 16]
            );
        }
        assert!(
            (28_000..=36_000).contains(&ours.len()),
            "{} bytes",
            ours.len()
        );
    }

    #[test]
    fn ours_round_trips() {
        use tlgen_runtime::{Deserialize as _, Serialize as _};
        let value = ours();
        let bytes = value.to_bytes();
        assert_eq!(bytes.len(), value.serialized_len());
        let back = tlgen_telegram::enums::messages::Messages::from_bytes(&bytes).expect("decodes");
        assert_eq!(back, value);
    }

    #[test]
    fn grammers_round_trips() {
        use grammers_tl_types::{Deserializable as _, Serializable as _};
        let value = grammers();
        let back = grammers_tl_types::enums::messages::Messages::from_bytes(&value.to_bytes())
            .expect("decodes");
        assert_eq!(back, value);
    }
}
