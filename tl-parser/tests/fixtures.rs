//! Whole-file tests on real schemas of the TL family, committed under `tests/fixtures/` exactly as
//! published (byte for byte, trailing spaces included). Where each came from:
//!
//! - `tdesktop_layer74_api.tl`: Telegram Desktop's `Telegram/Resources/scheme.tl` at commit
//!   05e36a064ff038d1a20b4d1ae5a7fc350e4b70ca (LAYER 74, early 2018): api.tl and the MTProto
//!   types in one file, with `ipPort` (no id) and `vector<future_salt>`.
//! - `secret_api.tl`: TDLib's `td/generate/scheme/secret_api.tl` at commit
//!   2bf5e2da845afba0b35cb0bc679b3366dd37d9c9: the end-to-end (secret chat) schema, with
//!   layer-suffixed constructor names that keep their legacy ids.
//! - `ton_api.tl`, `lite_api.tl`, `tonlib_api.tl`: TON's `tl/generate/scheme/` at commits
//!   007f1fb1d71e221dc2a5a680bf997f0031a6bc94 (ton_api, tonlib_api) and
//!   05238923bd90f3e0291b978cfa99fb34361bcd69 (lite_api): no ids, `bytes data:string = Bytes;`,
//!   `(vector bytes)`, definitions over several lines with comments inside, several dots in names.
//! - `td_api.tl`: TDLib's `td/generate/scheme/td_api.tl` of TDLib 1.2 (see `td_api` below).

use tlgen_parser::{
    Category, Definition, DefinitionKind, ParamKind, Parsed, compute_id, normalized, parse,
};

fn parse_fixture(name: &str, text: &'static str) -> Parsed<'static> {
    let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
    parse(name, text).unwrap_or_else(|report| panic!("{report}"))
}

fn count(p: &Parsed<'_>, category: Category) -> usize {
    p.schema
        .definitions
        .iter()
        .filter(|d| d.category == category)
        .count()
}

fn find<'p>(p: &'p Parsed<'_>, name: &str) -> &'p Definition<'p> {
    p.schema
        .definitions
        .iter()
        .find(|d| d.name.to_string() == name)
        .unwrap_or_else(|| panic!("no definition {name}"))
}

fn warned(p: &Parsed<'_>) -> Vec<String> {
    p.warnings
        .warnings()
        .map(|w| {
            let text = &p.schema.source[w.span.range()];
            let def = p
                .schema
                .definitions
                .iter()
                .find(|d| d.declared_id.is_some_and(|i| i.span == w.span))
                .unwrap_or_else(|| panic!("warning not at a declared id: {text}"));
            def.name.to_string()
        })
        .collect()
}

#[test]
fn tdesktop_layer_74() {
    let p = parse_fixture(
        "tdesktop_layer74_api.tl",
        include_str!("fixtures/tdesktop_layer74_api.tl"),
    );
    assert_eq!(
        p.schema.layer,
        Some(74),
        "the `// LAYER 74` line is the file's last"
    );
    assert_eq!(
        (count(&p, Category::Type), count(&p, Category::Function)),
        (636, 251)
    );
    // Every one of its 886 declared ids is verified: an old layer of Telegram's own schema.
    assert!(p.warnings.is_empty(), "{}", p.warnings);
    let declared = p
        .schema
        .definitions
        .iter()
        .filter(|d| d.declared_id.is_some());
    assert_eq!(declared.count(), 886);
    let ip_port = find(&p, "ipPort");
    assert_eq!(ip_port.declared_id, None);
    assert_eq!(
        ip_port.computed_id, 0xd433ad73,
        "mtproto.tl declares ipPort#d433ad73"
    );
    let salts = find(&p, "future_salts");
    let ParamKind::Field { ty, .. } = &salts.params[2].kind else {
        panic!("salts is a field")
    };
    assert_eq!(ty.to_string(), "vector future_salt");
    assert!(ty.is_bare() && ty.args[0].is_bare());
    assert_eq!(find(&p, "invokeWithLayer").generics[0].name, "X");
}

#[test]
fn secret_api_legacy_ids() {
    let p = parse_fixture("secret_api.tl", include_str!("fixtures/secret_api.tl"));
    assert_eq!(
        (count(&p, Category::Type), count(&p, Category::Function)),
        (87, 1)
    );
    // The schema declares `bytes = Bytes;`, so its ids keep `bytes`...
    let d = find(&p, "decryptedMessageLayer");
    assert_eq!(d.declared_id.map(|i| i.value), Some(d.computed_id));
    // ...and its layer-suffixed constructors keep the ids of the unsuffixed line of their time,
    // which counted `bytes` as `string`. These, and only these, are warned about.
    let warned = warned(&p);
    assert_eq!(warned.len(), 13, "{warned:?}");
    for name in &warned {
        let def = find(&p, name);
        let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
        assert_ne!(base, name.as_str(), "{name} has a layer suffix");
        let line = normalized(def, false).replacen(name.as_str(), base, 1);
        assert_eq!(
            Some(crc32fast::hash(line.as_bytes())),
            def.declared_id.map(|i| i.value),
            "{line}"
        );
    }
    let vector = find(&p, "vector");
    assert_eq!(vector.kind, DefinitionKind::BuiltinRepeat);
}

#[test]
fn ton_api() {
    let p = parse_fixture("ton_api.tl", include_str!("fixtures/ton_api.tl"));
    assert_eq!(
        (count(&p, Category::Type), count(&p, Category::Function)),
        (423, 136)
    );
    // Two constructors were extended after their ids were fixed; the declared ids win.
    assert_eq!(warned(&p), ["tonNode.capabilities", "db.block.info"]);
    let d = find(&p, "db.block.info");
    assert_eq!(d.id(), 0x4ac6e727);
    // Pinned in the brief: TON keeps `bytes` in ids because it declares `bytes data:string = Bytes;`.
    assert_eq!(find(&p, "adnl.message.query").computed_id, 0xb48bf97a);
    let t = find(&p, "testVectorBytes");
    let ParamKind::Field { ty, .. } = &t.params[0].kind else {
        panic!()
    };
    assert_eq!(ty.to_string(), "vector bytes");
    // A definition over 17 lines, and one with comments between its parameters.
    let packet = find(&p, "adnl.packetContents");
    assert_eq!(packet.params.len(), 16);
    assert_eq!(p.schema.source[packet.span.range()].lines().count(), 18);
    let torrent = find(&p, "storage.daemon.torrent");
    assert_eq!(torrent.params.len(), 16);
    assert_eq!(torrent.name.namespace, Some("storage.daemon"));
    for builtin in ["int", "object", "function", "vector", "int128"] {
        assert_ne!(find(&p, builtin).kind, DefinitionKind::Regular, "{builtin}");
    }
}

#[test]
fn lite_api() {
    let p = parse_fixture("lite_api.tl", include_str!("fixtures/lite_api.tl"));
    assert_eq!(
        (count(&p, Category::Type), count(&p, Category::Function)),
        (61, 33)
    );
    assert_eq!(
        warned(&p),
        ["liteServer.transactionId", "liteServer.getValidatorStats"]
    );
    // liteServer.transactionId#b12f65af is its line before `metadata` was added.
    let d = find(&p, "liteServer.transactionId");
    let before: String =
        normalized(d, true).replace(" metadata:mode.8?liteServer.transactionMetadata", "");
    assert_eq!(crc32fast::hash(before.as_bytes()), 0xb12f65af);
    assert_eq!(compute_id(find(&p, "adnl.message.query"), true), 0xb48bf97a);
}

#[test]
fn tonlib_api_docs() {
    let p = parse_fixture("tonlib_api.tl", include_str!("fixtures/tonlib_api.tl"));
    assert_eq!(
        (count(&p, Category::Type), count(&p, Category::Function)),
        (144, 82)
    );
    assert!(p.warnings.is_empty());
    assert_eq!(p.schema.type_docs.len(), 1);
    assert_eq!(p.schema.type_docs[0].name, "LogStream");
    let file = find(&p, "logStreamFile");
    assert_eq!(
        file.doc.description.as_ref().map(|d| &*d.text),
        Some("The log is written to a file")
    );
    assert_eq!(
        file.params[1].doc.as_ref().map(|d| &*d.text),
        Some(
            "Maximum size of the file to where the internal tonlib log is written before the file will be auto-rotated"
        )
    );
    // A description continued on a second `//@` line with a parameter tag.
    let level = find(&p, "setLogVerbosityLevel");
    assert!(
        level.params[0]
            .doc
            .as_ref()
            .is_some_and(|d| d.text.starts_with("New value"))
    );
    // Plain comments right above a definition become its description.
    let addr = find(&p, "getAccountAddress");
    let desc = addr.doc.description.as_ref().map(|d| d.text.to_string());
    assert!(desc.is_some_and(|d| d.starts_with("revision = 0") && d.lines().count() == 5));
    assert_eq!(find(&p, "int256").kind, DefinitionKind::BuiltinRepeat);
}

/// TDLib's td_api.tl, as of TDLib 1.2 (2018): `td/generate/scheme/td_api.tl` from a fork of
/// tdlib/td (leoMehlig/td, commit d1df9cb5ca06cd8bdadbeb5ae63ddf859d4c3bc9), chosen for its size;
/// the syntax is the one TDLib still uses.
#[test]
fn td_api() {
    let p = parse_fixture("td_api.tl", include_str!("fixtures/td_api.tl"));
    assert_eq!(
        (count(&p, Category::Type), count(&p, Category::Function)),
        (500, 248)
    );
    assert!(p.warnings.is_empty(), "{}", p.warnings);
    assert_eq!(p.schema.type_docs.len(), 45);
    assert!(
        p.schema
            .type_docs
            .iter()
            .any(|t| t.name == "AuthorizationState")
    );
    // Pinned in the brief, and the first definition of td_api.tl.
    assert_eq!(find(&p, "error").computed_id, 0x9bdd8f1a);
    // td_api declares `bytes = Bytes;`, so `bytes` parameters keep their name in ids.
    let voice = find(&p, "voiceNote");
    assert_eq!(voice.computed_id, compute_id(voice, true));
    assert_ne!(voice.computed_id, compute_id(voice, false));
    // TDLib documents every definition and every parameter: all of it must be attached.
    for d in p
        .schema
        .definitions
        .iter()
        .filter(|d| d.kind == DefinitionKind::Regular)
    {
        if matches!(
            d.name.name,
            "int32" | "int53" | "int64" | "bytes" | "boolFalse" | "boolTrue"
        ) {
            continue;
        }
        assert!(d.doc.description.is_some(), "{} has no description", d.name);
        for param in &d.params {
            assert!(
                param.doc.is_some(),
                "{}.{:?} has no doc",
                d.name,
                param.name
            );
        }
        assert!(
            d.doc.tags.is_empty(),
            "{}: stray tags {:?}",
            d.name,
            d.doc.tags
        );
    }
    // `@param_description` documents a parameter named `description`.
    let game = find(&p, "game");
    let description = game
        .params
        .iter()
        .find(|q| q.name == Some("description"))
        .unwrap();
    assert_eq!(
        description.doc.as_ref().map(|d| &*d.text),
        Some("Game description")
    );
    // A `//-` continuation line joins its tag with a space.
    let closed = find(&p, "authorizationStateClosed");
    let text = &closed.doc.description.as_ref().unwrap().text;
    assert!(text.ends_with("will be responded to with error code 500. To continue working, one should create a new instance of the TDLib client"), "{text}");
    // Nested bare vectors.
    let rows = &find(&p, "replyMarkupShowKeyboard").params[0];
    let ParamKind::Field { ty, .. } = &rows.kind else {
        panic!()
    };
    assert_eq!(ty.to_string(), "vector vector keyboardButton");
}
