//! The diff of real layers of Telegram's schema against today's `schema/` (layer 230):
//!
//! - tdesktop's api.tl of layer 74 (2018, `tl-parser/tests/fixtures`, one file with the MTProto
//!   definitions in it) against `schema/api.tl` and `schema/mtproto.tl` (two files);
//! - tdesktop's api.tl of layer 214 (`tests/fixtures/tdesktop_layer214_api.tl`, verbatim from
//!   telegramdesktop/tdesktop `Telegram/SourceFiles/mtproto/scheme/api.tl` at d51944e6a5,
//!   2025-08-28) against `schema/api.tl`: two full layers of api.tl, 16 layers apart.
//!
//! The counts were verified independently of tlgen, by a Python script that splits both sides
//! into definitions at `;` and `---functions---` and compares names, ids and parameter lists as
//! text. 74 -> 230: constructors 1161 added, 44 removed, 223 differ in text; functions 627 added,
//! 18 removed, 118 differ; types (result types of constructors) 460 added, 13 removed, 60 with
//! another set of constructors. Of the 223 constructors that differ in text, `ipPort` only gains
//! a declared id equal to the one computed from its line (the same struct and bytes), and
//! `updateNotifySettings`, the same in text, holds its `PeerNotifySettings` (a type of one
//! constructor, grown past the size held inline) in a `Box` now: so 223 are changed. The 9 types
//! beyond the 60 keep their constructors but box or unbox a variant, because constructors grew
//! past or shrank below the size an enum holds inline: a change only the IR shows.
//! 214 -> 230: constructors 244 added, 19 removed, 85 changed in text, and `botInfo`, whose
//! `BotVerifierSettings` grew into a `Box`: 86; functions 131 added, 8 removed, 32 changed;
//! types 92 added, none removed, 29 with another set of constructors and 3 more that only box a
//! variant.

use std::path::Path;

use tlgen_codegen::diff::{self, ChangeKind, Class, Diff, Item, Layer};

fn layers() -> Diff {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let old = Layer::from_files(&[root.join("tl-parser/tests/fixtures/tdesktop_layer74_api.tl")])
        .expect("layer 74 generates");
    let new = Layer::from_files(&[root.join("schema/api.tl"), root.join("schema/mtproto.tl")])
        .expect("layer 230 generates");
    diff::diff(&old, &new)
}

#[test]
fn counts_match_the_independent_count() {
    let d = layers();
    let counts = |item| {
        [ChangeKind::Added, ChangeKind::Removed, ChangeKind::Changed]
            .map(|kind| d.count(item, kind))
    };
    assert_eq!(counts(Item::Constructor), [1161, 44, 223]);
    assert_eq!(counts(Item::Function), [627, 18, 118]);
    assert_eq!(counts(Item::Type), [460, 13, 69]);
    assert_eq!((d.old.layer, d.new.layer), (Some(74), Some(230)));
    assert!(d.find(Item::Constructor, "ipPort").is_none());
}

fn layer_214() -> Diff {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let old = Layer::from_files(&[root.join("tests/fixtures/tdesktop_layer214_api.tl")])
        .expect("layer 214 generates");
    let new = Layer::from_files(&[root.join("../schema/api.tl")]).expect("layer 230 generates");
    diff::diff(&old, &new)
}

#[test]
fn counts_of_two_full_layers_match_the_independent_count() {
    let d = layer_214();
    let counts = |item| {
        [ChangeKind::Added, ChangeKind::Removed, ChangeKind::Changed]
            .map(|kind| d.count(item, kind))
    };
    assert_eq!(counts(Item::Constructor), [244, 19, 86]);
    assert_eq!(counts(Item::Function), [131, 8, 32]);
    assert_eq!(counts(Item::Type), [92, 0, 32]);
    assert_eq!((d.old.layer, d.new.layer), (Some(214), Some(230)));
    let boxing_only = d
        .changes
        .iter()
        .filter(|c| c.item == Item::Type && c.kind == ChangeKind::Changed)
        .filter(|c| c.details.iter().all(|x| x.text.contains(" now holds ")))
        .count();
    assert_eq!(boxing_only, 32 - 29);
}

#[test]
fn types_changed_beyond_their_constructors_only_box_or_unbox_variants() {
    let d = layers();
    let boxing_only: Vec<&str> = d
        .changes
        .iter()
        .filter(|c| c.item == Item::Type && c.kind == ChangeKind::Changed)
        .filter(|c| c.details.iter().all(|x| x.text.contains(" now holds ")))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(boxing_only.len(), 9, "{boxing_only:?}");
    assert!(boxing_only.contains(&"Photo"), "{boxing_only:?}");
}

#[test]
fn known_changes_of_the_real_layers_are_classed_as_expected() {
    let d = layers();
    let change = |item, name| {
        d.find(item, name)
            .unwrap_or_else(|| panic!("{name} changed"))
    };
    // user.id went from int to long: i32 -> i64.
    let user = change(Item::Constructor, "user");
    assert_eq!(user.class, Class::Breaking);
    assert!(
        user.details
            .iter()
            .any(|x| x.text.starts_with("parameter `id` type `int` -> `long`")),
        "{user:?}"
    );
    // message.to_id became peer_id (renamed, same type): a Rust field renamed.
    let message = change(Item::Constructor, "message");
    assert!(
        message.details.iter().any(|x| x.class == Class::Breaking
            && x.text.starts_with("parameter `to_id` renamed to `peer_id`")),
        "{message:?}"
    );
    // mtproto's string -> bytes: the same bytes, another Rust type.
    let res_pq = change(Item::Constructor, "resPQ");
    assert_eq!(res_pq.class, Class::Breaking);
    assert!(
        res_pq.details[0].text.contains("(same bytes)"),
        "{res_pq:?}"
    );
    assert_eq!(
        change(Item::Function, "messages.sendMessage").class,
        Class::Breaking
    );
    assert_eq!(d.worst(), Some(Class::Breaking));
}

#[test]
fn a_layer_compared_with_itself_has_no_changes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let files = [root.join("schema/api.tl"), root.join("schema/mtproto.tl")];
    let a = Layer::from_files(&files).unwrap();
    let b = Layer::from_files(&files).unwrap();
    let d = diff::diff(&a, &b);
    assert!(d.changes.is_empty(), "{:?}", d.changes.first());
    assert_eq!(d.worst(), None);
}
