//! Diagnostics for the report, not rows of the table: hand-written variants of our generated
//! code, each changing one thing a generator or runtime patch could change, timed against the
//! generated code on the same payload. They show how much a proposed patch would buy before anyone
//! writes it. Run with `cargo bench -p tlgen-bench -- --what-if`.

use std::hint::black_box;
use std::time::Duration;

use tlgen_runtime::{DecodeError, Deserialize, Reader, Serialize};
use tlgen_telegram::{enums, types};

use super::{Budget, Target, fmt, row};

/// Runs every what-if and prints one line each.
pub fn run() {
    let value = tlgen_bench::payload::ours();
    let bytes = value.to_bytes();
    let budget = Budget {
        time: Duration::from_secs(6),
        min_samples: 10,
        max_samples: 2_000,
    };

    assert_eq!(presized(&bytes).expect("decodes"), value);
    let r = row(
        "from_bytes: presized vs now",
        budget,
        Some(bytes.len()),
        Target::Memcpy,
        || black_box(presized(black_box(&bytes)).is_ok()) as usize,
        || black_box(enums::messages::Messages::from_bytes(black_box(&bytes)).is_ok()) as usize,
    );
    report("from_bytes with the messages vector reserved in full", &r);

    // UTF-8 validation of the payload's strings: std (what the runtime uses) vs SIMD.
    let strings: Vec<&[u8]> = strings_of(&value);
    let r = row(
        "utf-8: simdutf8 vs std",
        budget,
        Some(strings.iter().map(|s| s.len()).sum()),
        Target::Memcpy,
        || {
            strings
                .iter()
                .filter(|s| simdutf8::basic::from_utf8(black_box(s)).is_ok())
                .count()
        },
        || {
            strings
                .iter()
                .filter(|s| std::str::from_utf8(black_box(s)).is_ok())
                .count()
        },
    );
    report(
        "validating the payload's 230 strings with simdutf8 instead of std",
        &r,
    );

    let mut buf = Vec::new();
    coalesced(&value, &mut buf);
    assert!(
        buf == bytes,
        "the coalesced serializer writes different bytes"
    );
    let mut buf_a = Vec::with_capacity(bytes.len());
    let mut buf_b = Vec::with_capacity(bytes.len());
    let r = row(
        "serialize: coalesced vs now",
        budget,
        Some(bytes.len()),
        Target::Memcpy,
        || {
            buf_a.clear();
            coalesced(black_box(&value), &mut buf_a);
            buf_a.len()
        },
        || {
            buf_b.clear();
            black_box(&value).serialize(&mut buf_b);
            buf_b.len()
        },
    );
    report("serialize with adjacent fixed-size writes coalesced", &r);
}

fn report(what: &str, r: &super::Row) {
    println!(
        "{what}: {} (now {}), {:.2}x",
        fmt(r.ours.best),
        fmt(r.theirs.best),
        r.theirs.best.as_secs_f64() / r.ours.best.as_secs_f64()
    );
}

/// `from_bytes` of `messages.messages` with the one change that the runtime reserves the whole
/// vector up front. Today `vector::deserialize_bare` caps the reservation at
/// `remaining / size_of::<T>()` (the budget that keeps lying counts from allocating), so a vector
/// of large items may grow a few times as they decode.
fn presized(bytes: &[u8]) -> Result<enums::messages::Messages, DecodeError> {
    let mut r = Reader::new(bytes);
    let _messages_messages_id = r.read_u32()?;
    let _vector_id = r.read_u32()?;
    let count = r.read_count()?;
    let mut messages = Vec::with_capacity(count);
    for _ in 0..count {
        messages.push(enums::Message::deserialize(&mut r)?);
    }
    let topics = Vec::<enums::ForumTopic>::deserialize(&mut r)?;
    let chats = Vec::<enums::Chat>::deserialize(&mut r)?;
    let users = Vec::<enums::User>::deserialize(&mut r)?;
    r.finish()?;
    Ok(types::messages::Messages {
        messages,
        topics,
        chats,
        users,
    }
    .into())
}

/// Every string of the payload, as the decoder sees them.
fn strings_of(value: &enums::messages::Messages) -> Vec<&[u8]> {
    let enums::messages::Messages::Messages(m) = value else {
        unreachable!("the payload is messages.messages")
    };
    let mut out = Vec::new();
    for x in &m.messages {
        if let enums::Message::Message(x) = x {
            out.push(x.message.as_bytes());
            for e in x.entities.iter().flatten() {
                if let enums::MessageEntity::TextUrl(t) = e {
                    out.push(t.url.as_bytes());
                }
            }
        }
    }
    for u in &m.users {
        if let enums::User::User(u) = u {
            out.extend(
                [&u.first_name, &u.last_name, &u.username]
                    .into_iter()
                    .flatten()
                    .map(|s| s.as_bytes()),
            );
        }
    }
    out
}

/// Appends `data` as TL `bytes` with one reservation.
#[inline]
fn put_bytes(out: &mut Vec<u8>, data: &[u8]) {
    let n = data.len();
    if n >= 254 {
        return tlgen_runtime::serialize_bytes(data, out);
    }
    let padded = (n + 4) & !3;
    out.reserve(padded);
    out.push(n as u8);
    out.extend_from_slice(data);
    out.extend_from_slice(&[0; 3][..padded - 1 - n]);
}

const VECTOR: u32 = tlgen_runtime::VECTOR_ID;

/// The generated serializer for the payload's types, with runs of fixed-size values written at
/// once: constructor id + flags + the fixed fields after them, vector id + count. Fields the payload
/// leaves empty go through the generated code, so this is complete for `messages.messages`.
fn coalesced(value: &enums::messages::Messages, out: &mut Vec<u8>) {
    let enums::messages::Messages::Messages(m) = value else {
        return value.serialize(out);
    };
    let mut h = [0u8; 12];
    h[..4].copy_from_slice(&0x1d73e7eau32.to_le_bytes());
    h[4..8].copy_from_slice(&VECTOR.to_le_bytes());
    h[8..].copy_from_slice(&(m.messages.len() as u32).to_le_bytes());
    out.extend_from_slice(&h);
    for message in &m.messages {
        match message {
            enums::Message::Message(x) => message_bare(x, out),
            other => other.serialize(out),
        }
    }
    m.topics.serialize(out);
    m.chats.serialize(out);
    let mut h = [0u8; 8];
    h[..4].copy_from_slice(&VECTOR.to_le_bytes());
    h[4..].copy_from_slice(&(m.users.len() as u32).to_le_bytes());
    out.extend_from_slice(&h);
    for user in &m.users {
        match user {
            enums::User::User(x) => user_bare(x, out),
            other => other.serialize(out),
        }
    }
}

#[inline]
fn peer(p: &enums::Peer, out: &mut Vec<u8>) {
    let (id, v) = match p {
        enums::Peer::User(x) => (0x59511722u32, x.user_id),
        enums::Peer::Chat(x) => (0x36c6019a, x.chat_id),
        enums::Peer::Channel(x) => (0xa2a5371e, x.channel_id),
    };
    let mut a = [0u8; 12];
    a[..4].copy_from_slice(&id.to_le_bytes());
    a[4..].copy_from_slice(&v.to_le_bytes());
    out.extend_from_slice(&a);
}

#[inline]
fn entity(e: &enums::MessageEntity, out: &mut Vec<u8>) {
    match e {
        enums::MessageEntity::Bold(x) => {
            let mut a = [0u8; 12];
            a[..4].copy_from_slice(&0xbd610bc9u32.to_le_bytes());
            a[4..8].copy_from_slice(&x.offset.to_le_bytes());
            a[8..].copy_from_slice(&x.length.to_le_bytes());
            out.extend_from_slice(&a);
        }
        enums::MessageEntity::TextUrl(x) => {
            let mut a = [0u8; 12];
            a[..4].copy_from_slice(&0x76a6d327u32.to_le_bytes());
            a[4..8].copy_from_slice(&x.offset.to_le_bytes());
            a[8..].copy_from_slice(&x.length.to_le_bytes());
            out.extend_from_slice(&a);
            put_bytes(out, x.url.as_bytes());
        }
        enums::MessageEntity::MentionName(x) => {
            let mut a = [0u8; 20];
            a[..4].copy_from_slice(&0xdc7b1140u32.to_le_bytes());
            a[4..8].copy_from_slice(&x.offset.to_le_bytes());
            a[8..12].copy_from_slice(&x.length.to_le_bytes());
            a[12..].copy_from_slice(&x.user_id.to_le_bytes());
            out.extend_from_slice(&a);
        }
        other => other.serialize(out),
    }
}

fn message_bare(x: &types::Message, out: &mut Vec<u8>) {
    let flags: u32 = (u32::from(x.out) << 1)
        | (u32::from(x.fwd_from.is_some()) << 2)
        | (u32::from(x.reply_to.is_some()) << 3)
        | (u32::from(x.mentioned) << 4)
        | (u32::from(x.media_unread) << 5)
        | (u32::from(x.reply_markup.is_some()) << 6)
        | (u32::from(x.entities.is_some()) << 7)
        | (u32::from(x.from_id.is_some()) << 8)
        | (u32::from(x.media.is_some()) << 9)
        | (u32::from(x.views_forwards.is_some()) << 10)
        | (u32::from(x.via_bot_id.is_some()) << 11)
        | (u32::from(x.silent) << 13)
        | (u32::from(x.post) << 14)
        | (u32::from(x.edit_date.is_some()) << 15)
        | (u32::from(x.post_author.is_some()) << 16)
        | (u32::from(x.grouped_id.is_some()) << 17)
        | (u32::from(x.from_scheduled) << 18)
        | (u32::from(x.legacy) << 19)
        | (u32::from(x.reactions.is_some()) << 20)
        | (u32::from(x.edit_hide) << 21)
        | (u32::from(x.restriction_reason.is_some()) << 22)
        | (u32::from(x.replies.is_some()) << 23)
        | (u32::from(x.pinned) << 24)
        | (u32::from(x.ttl_period.is_some()) << 25)
        | (u32::from(x.noforwards) << 26)
        | (u32::from(x.invert_media) << 27)
        | (u32::from(x.saved_peer_id.is_some()) << 28)
        | (u32::from(x.from_boosts_applied.is_some()) << 29)
        | (u32::from(x.quick_reply_shortcut_id.is_some()) << 30);
    let flags2: u32 = u32::from(x.via_business_bot_id.is_some())
        | (u32::from(x.offline) << 1)
        | (u32::from(x.effect.is_some()) << 2)
        | (u32::from(x.factcheck.is_some()) << 3)
        | (u32::from(x.video_processing_pending) << 4)
        | (u32::from(x.report_delivery_until_date.is_some()) << 5)
        | (u32::from(x.paid_message_stars.is_some()) << 6)
        | (u32::from(x.suggested_post.is_some()) << 7)
        | (u32::from(x.paid_suggested_post_stars) << 8)
        | (u32::from(x.paid_suggested_post_ton) << 9)
        | (u32::from(x.schedule_repeat_period.is_some()) << 10)
        | (u32::from(x.summary_from_language.is_some()) << 11)
        | (u32::from(x.from_rank.is_some()) << 12)
        | (u32::from(x.rich_message.is_some()) << 13)
        | (u32::from(x.guestchat_via_from.is_some()) << 19);
    let mut a = [0u8; 16];
    a[..4].copy_from_slice(&0x7600b9d3u32.to_le_bytes());
    a[4..8].copy_from_slice(&flags.to_le_bytes());
    a[8..12].copy_from_slice(&flags2.to_le_bytes());
    a[12..].copy_from_slice(&x.id.to_le_bytes());
    out.extend_from_slice(&a);
    if let Some(v) = &x.from_id {
        peer(v, out);
    }
    if let Some(v) = &x.from_boosts_applied {
        v.serialize(out);
    }
    if let Some(v) = &x.from_rank {
        v.serialize(out);
    }
    peer(&x.peer_id, out);
    if let Some(v) = &x.saved_peer_id {
        v.serialize(out);
    }
    if let Some(v) = &x.fwd_from {
        v.serialize(out);
    }
    if let Some(v) = &x.via_bot_id {
        v.serialize(out);
    }
    if let Some(v) = &x.via_business_bot_id {
        v.serialize(out);
    }
    if let Some(v) = &x.guestchat_via_from {
        v.serialize(out);
    }
    match &x.reply_to {
        Some(enums::MessageReplyHeader::MessageReplyHeader(h))
            if h.reply_to_peer_id.is_none()
                && h.reply_from.is_none()
                && h.reply_media.is_none()
                && h.reply_to_top_id.is_none()
                && h.quote_text.is_none()
                && h.quote_entities.is_none()
                && h.quote_offset.is_none()
                && h.todo_item_id.is_none()
                && h.poll_option.is_none() =>
        {
            // The common reply: id, flags and at most the message id, in one write.
            let flags = (u32::from(h.reply_to_scheduled) << 2)
                | (u32::from(h.forum_topic) << 3)
                | (u32::from(h.reply_to_msg_id.is_some()) << 4)
                | (u32::from(h.quote) << 9)
                | (u32::from(h.reply_to_ephemeral) << 13);
            let mut a = [0u8; 12];
            a[..4].copy_from_slice(&0x1b97dd66u32.to_le_bytes());
            a[4..8].copy_from_slice(&flags.to_le_bytes());
            match h.reply_to_msg_id {
                Some(id) => {
                    a[8..].copy_from_slice(&id.to_le_bytes());
                    out.extend_from_slice(&a);
                }
                None => out.extend_from_slice(&a[..8]),
            }
        }
        Some(other) => other.serialize(out),
        None => {}
    }
    out.extend_from_slice(&x.date.to_le_bytes());
    put_bytes(out, x.message.as_bytes());
    if let Some(v) = &x.media {
        v.serialize(out);
    }
    if let Some(v) = &x.reply_markup {
        v.serialize(out);
    }
    if let Some(v) = &x.entities {
        let mut a = [0u8; 8];
        a[..4].copy_from_slice(&VECTOR.to_le_bytes());
        a[4..].copy_from_slice(&(v.len() as u32).to_le_bytes());
        out.extend_from_slice(&a);
        for e in v {
            entity(e, out);
        }
    }
    if let Some(g) = &x.views_forwards {
        let mut a = [0u8; 8];
        a[..4].copy_from_slice(&g.views.to_le_bytes());
        a[4..].copy_from_slice(&g.forwards.to_le_bytes());
        out.extend_from_slice(&a);
    }
    if let Some(v) = &x.replies {
        v.serialize(out);
    }
    if let Some(v) = &x.edit_date {
        v.serialize(out);
    }
    if let Some(v) = &x.post_author {
        v.serialize(out);
    }
    if let Some(v) = &x.grouped_id {
        v.serialize(out);
    }
    if let Some(v) = &x.reactions {
        v.serialize(out);
    }
    if let Some(v) = &x.restriction_reason {
        v.serialize(out);
    }
    if let Some(v) = &x.ttl_period {
        v.serialize(out);
    }
    if let Some(v) = &x.quick_reply_shortcut_id {
        v.serialize(out);
    }
    if let Some(v) = &x.effect {
        v.serialize(out);
    }
    if let Some(v) = &x.factcheck {
        v.serialize(out);
    }
    if let Some(v) = &x.report_delivery_until_date {
        v.serialize(out);
    }
    if let Some(v) = &x.paid_message_stars {
        v.serialize(out);
    }
    if let Some(v) = &x.suggested_post {
        v.serialize(out);
    }
    if let Some(v) = &x.schedule_repeat_period {
        v.serialize(out);
    }
    if let Some(v) = &x.summary_from_language {
        v.serialize(out);
    }
    if let Some(v) = &x.rich_message {
        v.serialize(out);
    }
}

/// Users are 10 of the 110 objects: left to the generated code.
fn user_bare(x: &types::User, out: &mut Vec<u8>) {
    x.serialize(out);
}
