//! The README's quick start, verbatim: the lines between the markers below are the README's
//! `rust` block under "Quick start" (checked by the test at the end), so the README's example
//! compiles and does what its comments say.

use std::path::Path;

#[test]
fn quick_start() {
    // quick start
    use tlgen_telegram::prelude::*; // the runtime's traits: to_bytes, from_bytes...
    use tlgen_telegram::{enums, functions, types};

    // Build a request: required fields in `new`, optional ones by name.
    let request = functions::messages::SendMessage {
        silent: true,
        ..functions::messages::SendMessage::new(
            types::InputPeerSelf {}.into(),
            "Hello".to_owned(),
            0x1234,
        )
    };
    // Encode it (boxed: its constructor id first), as it goes into an MTProto message.
    let bytes = request.to_bytes();
    assert_eq!(&bytes[..4], &0xfef4_8f62_u32.to_le_bytes());
    // Print it as TL text, the notation of Telegram's documentation.
    assert_eq!(
        request.to_string(),
        r#"(messages.sendMessage silent:true peer:(inputPeerSelf) message:"Hello" random_id:4660)"#
    );

    // Decode the answer as the type the request returns (here, bytes an answer could hold).
    let answer = enums::Updates::from(types::UpdateShort {
        update: types::UpdateUserTyping {
            user_id: 42,
            top_msg_id: None,
            action: types::SendMessageTypingAction {}.into(),
        }
        .into(),
        date: 1_700_000_000,
    })
    .to_bytes();
    let updates = <functions::messages::SendMessage as RemoteCall>::Return::from_bytes(&answer)
        .expect("valid bytes");
    // Match on the enum, or take the constructor you expect out of it.
    let short = types::UpdateShort::try_from(updates).expect("an updateShort");
    assert_eq!(short.date, 1_700_000_000);
    println!("{short:#}"); // the multi-line form
    // quick start
}

#[test]
fn the_readme_shows_this_quick_start() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let source = include_str!("readme_quick_start.rs");
    let body: Vec<&str> = source.split("    // quick start\n").collect();
    let lines: String = body[1]
        .lines()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect();
    assert!(
        readme.contains(&format!("```rust\n{lines}```")),
        "README's quick start must be tests/tests/readme_quick_start.rs's, verbatim:\n{lines}"
    );
}
