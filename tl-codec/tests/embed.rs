//! `compact_tl` of Telegram's whole schema reads back to the same schema: what a generated crate
//! embeds for `Display` describes exactly the types it was generated from.

use tlgen_codec::{Schema, Text, TypeRef, compact_tl};

fn sources() -> (String, String) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |name: &str| std::fs::read_to_string(root.join("schema").join(name)).unwrap();
    (read("api.tl"), read("mtproto.tl"))
}

#[test]
fn telegrams_schema_survives_compaction() {
    let (api, mtproto) = sources();
    let parsed = tlgen_parser::parse_files(&[("api.tl", &api), ("mtproto.tl", &mtproto)]).unwrap();
    let full = Schema::from_parsed(&parsed.schemas).unwrap();
    let compact = compact_tl(&parsed.schemas);
    // Ids are written out, so the compact text parses without a single id warning.
    let reparsed = tlgen_parser::parse("compact.tl", &compact).unwrap();
    assert!(reparsed.warnings.is_empty(), "{}", reparsed.warnings);
    let back = Schema::from_tl(&compact).unwrap();
    assert_eq!(back.len(), full.len());
    // Same names, ids, parameters and types (in another order: the compact text has all
    // constructors before all functions, where each file has its own sections).
    let describe = |s: &Schema| -> Vec<String> {
        let mut all: Vec<String> = (0..s.len() as u32)
            .map(|d| format!("{:?}", s.describe(d).unwrap()))
            .collect();
        all.sort();
        all
    };
    let (a, b) = (describe(&full), describe(&back));
    if let Some((x, y)) = a.iter().zip(&b).find(|(x, y)| x != y) {
        panic!("the compact schema differs:\n  {x}\n  {y}");
    }
    let text =
        "(messages.sendMessage no_webpage:true peer:(inputPeerSelf) message:\"hi\" random_id:1)";
    let opts = tlgen_runtime::DecodeOptions::default();
    let (a, ty) = tlgen_codec::parse_text(&full, text, &TypeRef::any(), &opts).unwrap();
    let (b, _) = tlgen_codec::parse_text(&back, text, &TypeRef::any(), &opts).unwrap();
    assert_eq!(
        tlgen_codec::encode(&full, &a, &ty).unwrap(),
        tlgen_codec::encode(&back, &b, &ty).unwrap()
    );
    assert_eq!(Text::new(&back, &b).to_string(), text);
    eprintln!(
        "api.tl + mtproto.tl: {} bytes; compact: {} bytes",
        api.len() + mtproto.len(),
        compact.len()
    );
}
