//! Generated code for real schemas other than today's api.tl; see `build.rs`.
//!
//! Each module is what `tl_codegen::Config` makes of one schema: TDLib-style docs (TON), nested
//! namespaces (`lite_server.nonfinal`), `object`/`function` parameters, built-in lines, constructors
//! without ids (ids computed), and an api.tl from 2018.

macro_rules! generated {
    ($($name:ident),*) => {$(
        #[doc = concat!("Generated from `", stringify!($name), ".tl`.")]
        pub mod $name {
            include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
        }
    )*};
}

generated!(
    secret_api,
    ton_api,
    lite_api,
    tonlib_api,
    tdesktop_layer74_api
);

#[cfg(test)]
mod tests {
    use tl_runtime::{Deserialize, Identifiable, Serialize};

    #[test]
    fn secret_chat_messages_round_trip() {
        use super::secret_api::{enums, types};
        let message: enums::DecryptedMessage = types::DecryptedMessage {
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
}
