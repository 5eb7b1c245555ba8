//! `Display` on generated values prints TL text, the same as `tlgen decode` (the schema-driven
//! codec over the value's bytes), with only the fields that are present.

mod common;

use tlgen_codec::{Schema, Text, TypeRef, decode};
use tlgen_runtime::{DecodeOptions, Serialize as _};
use tlgen_telegram::{enums, functions, types};

fn telegram() -> Schema {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/");
    let api = std::fs::read_to_string(format!("{root}api.tl")).unwrap();
    let mtproto = std::fs::read_to_string(format!("{root}mtproto.tl")).unwrap();
    let parsed = tlgen_parser::parse_files(&[("api.tl", &api), ("mtproto.tl", &mtproto)]).unwrap();
    Schema::from_parsed(&parsed.schemas).expect("Telegram's schema")
}

#[test]
fn a_message_prints_only_its_present_fields() {
    let message = types::Message {
        silent: true,
        ..types::Message::new(
            7,
            types::PeerUser { user_id: 42 }.into(),
            1_700_000_000,
            "hi \"there\"".to_owned(),
        )
    };
    assert_eq!(
        message.to_string(),
        r#"(message silent:true id:7 peer_id:(peerUser user_id:42) date:1700000000 message:"hi \"there\"")"#
    );
    // The enum prints the constructor it holds.
    assert_eq!(
        enums::Message::from(message.clone()).to_string(),
        message.to_string()
    );
}

#[test]
fn functions_print_too_and_the_alternate_form_breaks_long_values() {
    let call = functions::messages::SendMessage {
        no_webpage: true,
        ..functions::messages::SendMessage::new(types::InputPeerSelf {}.into(), "x".repeat(120), 99)
    };
    let one_line = call.to_string();
    assert!(
        one_line
            .starts_with("(messages.sendMessage no_webpage:true peer:(inputPeerSelf) message:\""),
        "{one_line}"
    );
    assert!(!one_line.contains('\n'));
    let multi = format!("{call:#}");
    assert!(
        multi.starts_with("(messages.sendMessage\n  no_webpage:true\n"),
        "{multi}"
    );
}

#[test]
fn display_is_what_the_codec_prints_for_the_same_bytes() {
    let schema = telegram();
    let payload = common::payload::value();
    let bytes = payload.to_bytes();
    let decoded = decode(&schema, &bytes, &TypeRef::any(), DecodeOptions::default()).unwrap();
    assert_eq!(
        payload.to_string(),
        Text::new(&schema, &decoded).to_string()
    );
    assert_eq!(
        format!("{payload:#}"),
        format!("{:#}", Text::new(&schema, &decoded))
    );
}

/// Flag groups (the structs of fields sharing one flag bit) print their fields as they appear in
/// their constructor's text, by TL name (`srp_B`, not the Rust `srp_b`).
#[test]
fn flag_groups_print_their_fields_as_in_their_constructor() {
    let views = types::MessageViewsForwards {
        views: 10,
        forwards: 2,
    };
    assert_eq!(views.to_string(), "views:10 forwards:2");
    assert_eq!(format!("{views:#}"), "views:10\nforwards:2");
    let message = types::Message {
        views_forwards: Some(views.clone()),
        ..types::Message::new(7, types::PeerUser { user_id: 42 }.into(), 1, String::new())
    };
    assert_eq!(
        message.to_string(),
        r#"(message id:7 peer_id:(peerUser user_id:42) date:1 message:"" views:10 forwards:2)"#
    );

    let password = types::account::PasswordCurrentAlgoSrpBSrpId {
        current_algo: types::PasswordKdfAlgoUnknown {}.into(),
        srp_b: vec![1, 2, 255],
        srp_id: -5,
    };
    assert_eq!(
        password.to_string(),
        "current_algo:(passwordKdfAlgoUnknown) srp_B:0x0102ff srp_id:-5"
    );

    // A vector too long for a line breaks as it would inside `(stickerSet ...)`, one item a line.
    let long = "s".repeat(60);
    let thumbs = types::StickerSetThumbsThumbDcIdThumbVersion {
        thumbs: vec![
            types::PhotoSizeEmpty {
                r#type: long.clone(),
            }
            .into();
            2
        ],
        thumb_dc_id: 2,
        thumb_version: 3,
    };
    let item = format!(r#"(photoSizeEmpty type:"{long}")"#);
    assert_eq!(
        thumbs.to_string(),
        format!("thumbs:[{item} {item}] thumb_dc_id:2 thumb_version:3")
    );
    assert_eq!(
        format!("{thumbs:#}"),
        format!("thumbs:[\n  {item}\n  {item}\n]\nthumb_dc_id:2\nthumb_version:3")
    );
}
