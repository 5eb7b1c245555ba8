//! serde on the generated crate (its `serde` feature): values serialize to the codec's JSON shape
//! (the same text `tlgen decode --format json` prints for their bytes) and deserialize back to
//! the same value, through serde_json and through a binary format (CBOR). `serde_every_type.rs`
//! takes random values of every type through its impls; here hand-built values that hold most
//! kinds of field, and the exact JSON.

mod common;

use tlgen_codec::{Json, Schema, TypeRef, decode};
use tlgen_runtime::DecodeOptions;
use tlgen_telegram::{enums, functions, types};

fn telegram() -> Schema {
    let files = tlgen_tests::schema_files();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let parsed = tlgen_parser::parse_files(&borrowed).expect("schema/ parses");
    Schema::from_parsed(&parsed.schemas).unwrap()
}

/// `value` through serde_json (equal to the codec's JSON of its bytes, and back) and CBOR.
fn round_trips<T>(schema: &Schema, value: &T)
where
    T: serde::Serialize
        + serde::de::DeserializeOwned
        + tlgen_runtime::Serialize
        + PartialEq
        + std::fmt::Debug,
{
    let json = serde_json::to_string(value).expect("serializes");
    let decoded = decode(
        schema,
        &value.to_bytes(),
        &TypeRef::any(),
        DecodeOptions::default(),
    )
    .unwrap();
    assert_eq!(
        json,
        Json::new(schema, &decoded).to_string(),
        "serde and the codec agree"
    );
    let back: T = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(&back, value);
    let pretty = serde_json::to_string_pretty(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&pretty).unwrap(), value);
    let mut cbor = Vec::new();
    ciborium::into_writer(value, &mut cbor).expect("CBOR");
    let back: T = ciborium::from_reader(cbor.as_slice()).expect("from CBOR");
    assert_eq!(&back, value);
}

#[test]
fn values_round_trip_through_json_and_cbor_in_the_codecs_shape() {
    let schema = telegram();
    round_trips(&schema, &common::payload::value());
    let message = types::Message {
        silent: true,
        views_forwards: Some(types::MessageViewsForwards {
            views: 10,
            forwards: 2,
        }),
        ..types::Message::new(
            7,
            types::PeerUser { user_id: 42 }.into(),
            1_700_000_000,
            "hi".to_owned(),
        )
    };
    round_trips(&schema, &message);
    round_trips(&schema, &enums::Message::from(message));
    round_trips(
        &schema,
        &functions::messages::SendMessage::new(types::InputPeerSelf {}.into(), "x".to_owned(), 99),
    );
    round_trips(
        &schema,
        &types::ResPq {
            nonce: [7; 16],
            server_nonce: [9; 16],
            pq: vec![0, 1, 2, 255],
            server_public_key_fingerprints: vec![i64::MIN, i64::MAX],
        },
    );
}

#[test]
fn the_json_is_the_tl_value_with_exact_names() {
    let sent = types::auth::SentCode {
        r#type: types::auth::SentCodeTypeSms { length: 5 }.into(),
        phone_code_hash: "abc".to_owned(),
        next_type: None,
        timeout: None,
    };
    let json = serde_json::to_string(&enums::auth::SentCode::from(sent.clone())).unwrap();
    assert_eq!(
        json,
        r#"{"_":"auth.sentCode","type":{"_":"auth.sentCodeTypeSms","length":5},"phone_code_hash":"abc"}"#
    );
    // `"_"` anywhere, and the struct takes only its own constructor.
    let shuffled = r#"{"phone_code_hash":"abc","type":{"length":5,"_":"auth.sentCodeTypeSms"},"_":"auth.sentCode"}"#;
    assert_eq!(
        serde_json::from_str::<types::auth::SentCode>(shuffled).unwrap(),
        sent
    );
    let other =
        r#"{"_":"auth.sentCodeSuccess","authorization":{"_":"auth.authorizationSignUpRequired"}}"#;
    assert!(serde_json::from_str::<types::auth::SentCode>(other).is_err());
    assert!(serde_json::from_str::<enums::auth::SentCode>(other).is_ok());
}

/// Flag groups (the structs of fields sharing one flag bit) serialize as a map of their fields as
/// they appear in their constructor's (TL names: `srp_B`), read back, and refuse a map that is
/// not all of them; so a program's own derive over a struct holding one works.
#[test]
fn flag_groups_serialize_as_their_fields_in_their_constructor() {
    let views = types::MessageViewsForwards {
        views: 10,
        forwards: 2,
    };
    assert_eq!(
        serde_json::to_string(&views).unwrap(),
        r#"{"views":10,"forwards":2}"#
    );
    let back: types::MessageViewsForwards =
        serde_json::from_str(r#"{"forwards":2,"views":10}"#).unwrap();
    assert_eq!(back, views);
    let message = types::Message {
        views_forwards: Some(views.clone()),
        ..types::Message::new(7, types::PeerUser { user_id: 42 }.into(), 1, String::new())
    };
    let message_json = serde_json::to_string(&message).unwrap();
    assert!(
        message_json.contains(r#","views":10,"forwards":2"#),
        "{message_json}"
    );

    let password = types::account::PasswordCurrentAlgoSrpBSrpId {
        current_algo: types::PasswordKdfAlgoUnknown {}.into(),
        srp_b: vec![1, 2, 255],
        srp_id: -5,
    };
    let json = serde_json::to_string(&password).unwrap();
    assert_eq!(
        json,
        r#"{"current_algo":{"_":"passwordKdfAlgoUnknown"},"srp_B":"AQL/","srp_id":-5}"#
    );
    assert_eq!(
        serde_json::from_str::<types::account::PasswordCurrentAlgoSrpBSrpId>(&json).unwrap(),
        password
    );
    let mut cbor = Vec::new();
    ciborium::into_writer(&password, &mut cbor).unwrap();
    let back: types::account::PasswordCurrentAlgoSrpBSrpId =
        ciborium::from_reader(cbor.as_slice()).unwrap();
    assert_eq!(back, password);

    let refused = |json: &str| {
        serde_json::from_str::<types::MessageViewsForwards>(json)
            .unwrap_err()
            .to_string()
    };
    assert!(
        refused(r#"{"views":10}"#)
            .contains("`forwards` is missing from the group of `message`'s fields"),
        "{}",
        refused(r#"{"views":10}"#)
    );
    assert!(
        refused(r#"{"views":10,"forwards":2,"id":7}"#)
            .contains("`id` is a field of `message`, not of this group of its fields")
    );
    assert!(refused(r#"{"views":10,"nope":2}"#).contains("`message` has no field `nope`"));
    assert!(
        refused(r#"{"_":"message","views":10,"forwards":2}"#)
            .contains("a flag group's fields have no constructor name")
    );
    assert!(refused(r#"{"views":10,"views":10,"forwards":2}"#).contains("`views` given twice"));
    assert!(refused(r#"{"views":"ten","forwards":2}"#).contains("(at .views)"));

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Seen {
        counts: Option<types::MessageViewsForwards>,
        message: types::Message,
    }
    let seen = Seen {
        counts: Some(views),
        message,
    };
    let json = serde_json::to_string(&seen).unwrap();
    assert_eq!(serde_json::from_str::<Seen>(&json).unwrap(), seen);
}
