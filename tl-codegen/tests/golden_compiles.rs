//! The golden fixtures' checked-in code (`tests/golden/*.rs`, see `golden.rs`), compiled: it must
//! build, and under `cargo clippy --all-targets` be lint-clean, as well as match. A few uses check
//! that the generated API does what its docs say.

#[allow(dead_code)]
mod compiled {
    pub mod flags {
        include!("golden/flags.rs");
    }
    pub mod shared_bit {
        include!("golden/shared_bit.rs");
    }
    pub mod generic {
        include!("golden/generic.rs");
    }
    pub mod recursion {
        include!("golden/recursion.rs");
    }
    pub mod bare_vectors {
        include!("golden/bare_vectors.rs");
    }
    pub mod namespace {
        include!("golden/namespace.rs");
    }
}

use compiled::{flags, generic, recursion, shared_bit};
use tlgen_runtime::{Deserialize as _, Serialize as _};

#[test]
fn struct_update_syntax_over_new_builds_a_value() {
    let message = flags::types::Message {
        out: true,
        caption: Some("hi".to_owned()),
        ..flags::types::Message::new(7, 1_700_000_000)
    };
    assert_eq!(
        (message.id, message.date, message.from),
        (7, 1_700_000_000, None)
    );
    let bytes = flags::enums::Message::from(message.clone()).to_bytes();
    let back = flags::enums::Message::from_bytes(&bytes).expect("decodes");
    assert_eq!(flags::types::Message::try_from(back), Ok(message));
}

#[test]
fn try_from_gives_the_enum_back_when_it_holds_another_constructor() {
    let plain = recursion::enums::RichText::from(recursion::types::TextPlain {
        text: "a".to_owned(),
    });
    let wrong = recursion::types::TextBold::try_from(plain.clone());
    assert_eq!(wrong, Err(plain.clone()));
    assert!(recursion::types::TextPlain::try_from(plain).is_ok());
}

#[test]
fn an_enum_of_one_constructor_converts_back_without_failing() {
    let photo = flags::types::Photo::default();
    let back: flags::types::Photo = flags::enums::Photo::from(photo.clone()).into();
    assert_eq!(back, photo);
    // `TryFrom` still works, from core's blanket impl, and its error cannot happen.
    let tried: Result<flags::types::Photo, std::convert::Infallible> =
        flags::types::Photo::try_from(flags::enums::Photo::from(photo.clone()));
    assert_eq!(tried, Ok(photo));
}

#[test]
fn into_fills_boxed_fields() {
    let plain = recursion::types::TextPlain {
        text: "x".to_owned(),
    };
    let bold = recursion::types::TextBold { text: plain.into() };
    assert!(matches!(&*bold.text, recursion::enums::RichText::TextPlain(p) if p.text == "x"));
}

#[test]
fn accessors_read_the_fields_every_constructor_has() {
    use compiled::namespace::{enums, types};
    let sent = enums::auth::SentCode::from(types::auth::SentCodeSuccess {
        timeout: Some(60),
        ..types::auth::SentCodeSuccess::new(5, "hash".to_owned())
    });
    assert_eq!(sent.phone_code_hash(), "hash");
    assert_eq!(sent.timeout(), Some(60));
}

#[test]
fn default_fills_structs_whose_fields_all_have_one() {
    let stats = shared_bit::types::Stats::default();
    assert_eq!((stats.views_forwards, stats.title), (None, None));
    assert_eq!(generic::functions::Ping::default().id, 0);
}
