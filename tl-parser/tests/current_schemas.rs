//! Every public TL schema of TDLib and TON as published today (`tests/fixtures/tdlib/`, from
//! tdlib/td's `td/generate/scheme/`, and `tests/fixtures/ton/`, from ton-blockchain/ton's
//! `tl/generate/scheme/`) parses without errors; what each is known to need is pinned here.
//! (tests/schema-zoo generates and compiles the code of all of them.)

use tlgen_parser::{Category, DefinitionKind, Parsed, Schema, parse, shared_id_owners};

fn parse_ok(name: &'static str, text: &'static str) -> Parsed<'static> {
    parse(name, text).unwrap_or_else(|report| panic!("{report}"))
}

/// (regular constructors, functions, warnings).
fn counts(p: &Parsed<'_>) -> (usize, usize, usize) {
    let regular = |c: Category| {
        p.schema
            .definitions
            .iter()
            .filter(|d| d.category == c && d.kind == DefinitionKind::Regular)
            .count()
    };
    (
        regular(Category::Type),
        regular(Category::Function),
        p.warnings.len(),
    )
}

fn find<'s, 'a>(schema: &'s Schema<'a>, name: &str) -> &'s tlgen_parser::Definition<'a> {
    schema
        .definitions
        .iter()
        .find(|d| d.name.to_string() == name)
        .unwrap_or_else(|| panic!("{name} not found"))
}

#[test]
fn tdlib_telegram_api_shares_four_ids_on_purpose() {
    let p = parse_ok(
        "telegram_api.tl",
        include_str!("fixtures/tdlib/telegram_api.tl"),
    );
    let schemas = [p.schema.clone()];
    let owners: Vec<(u32, String)> = shared_id_owners(&schemas)
        .into_iter()
        .map(|(id, d)| (id, d.name.to_string()))
        .collect();
    assert_eq!(
        owners,
        [
            (0x0dae_54f8, "invokeWithApnsSecret".to_owned()),
            (0x1df9_2984, "invokeWithGooglePlayIntegrity".to_owned()),
            (0xadbb_0f94, "invokeWithReCaptcha".to_owned()),
            (0xdd28_9f8e, "invokeWithBusinessConnection".to_owned()),
        ]
    );
    let shared: Vec<String> = p
        .warnings
        .warnings()
        .filter(|w| w.message.contains("has the id"))
        .map(|w| w.message.clone())
        .collect();
    assert_eq!(shared.len(), 4, "{shared:?}");
    assert!(shared.contains(
        &"`invokeWithBusinessConnection` has the id #dd289f8e of `invokeWithBusinessConnectionPrefix`"
            .to_owned()
    ));
    let prefix = find(&p.schema, "invokeWithBusinessConnectionPrefix");
    assert_eq!(prefix.category, Category::Function);
    assert_ne!(prefix.computed_id, prefix.id());
    let (constructors, functions, _) = counts(&p);
    assert!(
        constructors > 1500 && functions > 700,
        "{constructors} {functions}"
    );
}

#[test]
fn tdlib_e2e_api_writes_section_markers_with_spaces() {
    let text = include_str!("fixtures/tdlib/e2e_api.tl");
    assert!(text.contains("\n--- functions ---\n"));
    let p = parse_ok("e2e_api.tl", text);
    let nop = find(&p.schema, "e2e.nop");
    assert_eq!(nop.category, Category::Function);
    let block = find(&p.schema, "e2e.chain.block");
    assert_eq!(block.category, Category::Type);
    let (_, functions, _) = counts(&p);
    assert!(functions >= 1);
}

#[test]
fn tdlib_td_api_mtproto_api_and_secret_api() {
    let td = parse_ok("td_api.tl", include_str!("fixtures/tdlib/td_api.tl"));
    assert_eq!(counts(&td), (2165, 1010, 0));
    assert!(td.schema.type_docs.len() > 100);
    let rows = find(&td.schema, "replyMarkupShowKeyboard");
    assert!(rows.doc.description.is_some());

    let mt = parse_ok(
        "mtproto_api.tl",
        include_str!("fixtures/tdlib/mtproto_api.tl"),
    );
    // TDLib's gzip_packed is `= GzipPacked` (not `= Object`), so its line does not hash to the
    // id it keeps: a warning, and the declared id is used.
    assert_eq!(counts(&mt), (33, 8, 1));
    assert_eq!(find(&mt.schema, "gzip_packed").id(), 0x3072_cfa1);

    let secret = parse_ok(
        "secret_api.tl",
        include_str!("fixtures/tdlib/secret_api.tl"),
    );
    assert_eq!(counts(&secret).0, 89);
}

#[test]
fn ton_schemas() {
    let ton = parse_ok("ton_api.tl", include_str!("fixtures/ton/ton_api.tl"));
    assert_eq!(counts(&ton), (501, 159, 3));
    let lite = parse_ok("lite_api.tl", include_str!("fixtures/ton/lite_api.tl"));
    assert_eq!(counts(&lite), (58, 34, 3));
    let tonlib = parse_ok("tonlib_api.tl", include_str!("fixtures/ton/tonlib_api.tl"));
    assert_eq!(counts(&tonlib), (143, 85, 0));
}
