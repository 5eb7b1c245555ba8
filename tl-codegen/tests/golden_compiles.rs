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
    pub mod nested_vectors {
        include!("golden/nested_vectors.rs");
    }
    pub mod namespace {
        include!("golden/namespace.rs");
    }
}

use compiled::{flags, generic, recursion, shared_bit};
use tlgen_runtime::{Deserialize as _, Identifiable as _, Serialize as _};

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
    let bytes = message.to_bytes();
    assert_eq!(flags::enums::Message::from_bytes(&bytes), Ok(message));
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
fn a_type_of_one_constructor_is_its_struct() {
    // `Photo` has one constructor: `enums::Photo` is `types::Photo`, read and written boxed.
    let photo: flags::enums::Photo = flags::types::Photo::default();
    let bytes = photo.to_bytes();
    assert_eq!(
        bytes[..4],
        flags::types::Photo::CONSTRUCTOR_ID.to_le_bytes()
    );
    assert_eq!(flags::enums::Photo::from_bytes(&bytes), Ok(photo.clone()));
    // As a field that must be boxed, `.into()` fills it through core's `From<T> for Box<T>`.
    let held: Box<flags::enums::Photo> = photo.into();
    assert_eq!(*held, flags::types::Photo::default());
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

/// Little-endian bytes of each value in turn, as TL writes `int`s, `long`s and ids.
macro_rules! le {
    ($($value:expr),* $(,)?) => {{
        let mut bytes: Vec<u8> = Vec::new();
        $(bytes.extend_from_slice(&$value.to_le_bytes());)*
        bytes
    }};
}

/// A `grid` with every level of every nested vector non-empty (and one empty inner vector), and
/// its bytes worked out by hand from the TL line: `vector` levels are a count alone, `Vector`
/// levels the id 0x1cb5c415 then the count, `point`/`%Point` items no id, `Point` items theirs.
fn grid_and_bytes() -> (compiled::nested_vectors::types::Grid, Vec<u8>) {
    use compiled::nested_vectors::types;
    let point = |x, y| types::Point { x, y };
    let grid = types::Grid {
        rows: vec![vec![point(1, 2)], vec![]],
        boxed_rows: vec![vec![point(3, 4)]],
        ids: vec![vec![5]],
        cube: vec![vec![vec![6, -1]]],
        all_boxed: vec![vec![point(7, 8)]], // `enums::Point`: one constructor, its struct
        names: Some(vec![vec!["a".to_owned()]]),
    };
    const VECTOR: u32 = 0x1cb5c415;
    let bytes = [
        le!(0x7f4a4663u32, 1u32),            // grid, flags (names present)
        le!(2u32, 1u32, 1i32, 2i32, 0u32),   // rows: vector<vector<point>>
        le!(VECTOR, 1u32, 1u32, 3i32, 4i32), // boxed_rows: Vector<vector<%Point>>
        le!(1u32, VECTOR, 1u32, 5i64),       // ids: vector<Vector<long>>
        le!(1u32, 1u32, 2u32, 6i32, -1i32),  // cube: vector<vector<vector<int>>>
        le!(VECTOR, 1u32, VECTOR, 1u32, 0xe3fe70f4u32, 7i32, 8i32), // all_boxed
        le!(1u32, 1u32),                     // names: vector<vector<string>>
        vec![1, b'a', 0, 0],                 // "a", padded to 4 bytes
    ]
    .concat();
    (grid, bytes)
}

#[test]
fn nested_vectors_write_each_level_in_its_form() {
    use compiled::nested_vectors::types::Grid;
    use tlgen_runtime::{BareSerialize as _, DecodeErrorKind};
    let (grid, bytes) = grid_and_bytes();
    assert_eq!(grid.to_bytes(), bytes);
    assert_eq!(grid.serialized_len(), bytes.len());
    assert_eq!(grid.bare_len(), bytes.len() - 4);
    assert_eq!(Grid::from_bytes(&bytes), Ok(grid.clone()));
    // Without the optional field: the flag clear and its bytes gone.
    let plain = Grid {
        names: None,
        ..grid.clone()
    };
    let mut expected = bytes[..bytes.len() - 12].to_vec();
    expected[4] = 0;
    assert_eq!(plain.to_bytes(), expected);
    assert_eq!(plain.serialized_len(), expected.len());
    assert_eq!(Grid::from_bytes(&expected), Ok(plain));
    // Every truncation is an error, not a panic.
    for len in 0..bytes.len() {
        let err = Grid::from_bytes(&bytes[..len]).expect_err("truncated");
        assert!(
            matches!(
                err.kind(),
                DecodeErrorKind::UnexpectedEnd { .. } | DecodeErrorKind::LengthTooLarge { .. }
            ),
            "{len} bytes: {err}"
        );
    }
}

/// `Display` prints through the embedded schema and tlgen-codec, which reads the nested vectors
/// in the same forms.
#[test]
fn nested_vectors_display_through_the_codec() {
    let (grid, _) = grid_and_bytes();
    let text = grid.to_string();
    assert_eq!(
        text,
        "(grid rows:[[(point x:1 y:2)] []] boxed_rows:[[(point x:3 y:4)]] ids:[[5]] \
         cube:[[[6 -1]]] all_boxed:[[(point x:7 y:8)]] names:[[\"a\"]])"
    );
}

/// An inner vector's count that the input cannot hold is rejected where it is read (the bound on
/// what nested counts reserve is tlgen-runtime's `tests/alloc_guard.rs`).
#[test]
fn nested_vectors_reject_lying_counts() {
    use compiled::nested_vectors::types::Grid;
    use tlgen_runtime::DecodeErrorKind;
    let (_, bytes) = grid_and_bytes();
    // rows' first inner count (offset 12) claims 0x4000_0000 points.
    let mut lying = bytes.clone();
    lying[12..16].copy_from_slice(&0x4000_0000u32.to_le_bytes());
    let err = Grid::from_bytes(&lying).expect_err("lying inner count");
    assert_eq!(err.offset(), 12, "{err}");
    assert!(
        matches!(
            err.kind(),
            DecodeErrorKind::LengthTooLarge {
                length: 0x4000_0000,
                ..
            }
        ),
        "{err}"
    );
}
