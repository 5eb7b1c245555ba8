//! The workloads of the parse and generate rows, one function per side, shared by both harnesses
//! (`benches/compare.rs`, `benches/criterion.rs`). Each returns a number derived from its result,
//! for `black_box`.

use std::hint::black_box;

/// Telegram's schema, as both sides parse and generate it.
pub const API: &str = include_str!("../../schema/api.tl");
/// MTProto's schema.
pub const MTPROTO: &str = include_str!("../../schema/mtproto.tl");
/// Telegram's api.tl of layer 214 (tdesktop, 2025), the old side of the diff row.
pub const API_214: &str = include_str!("../../tl-codegen/tests/fixtures/tdesktop_layer214_api.tl");

/// Parses and validates both schemas with tlgen-parser; the number of schemas.
pub fn parse_ours() -> usize {
    let set = tlgen_parser::parse_files(&[
        ("api.tl", black_box(API)),
        ("mtproto.tl", black_box(MTPROTO)),
    ])
    .expect("our parser accepts the schemas");
    set.schemas.len()
}

/// Parses both schemas with grammers-tl-parser (no validation); the number of definitions.
pub fn parse_grammers() -> usize {
    let defs: Vec<_> = grammers_tl_parser::parse_tl_file(black_box(API))
        .chain(grammers_tl_parser::parse_tl_file(black_box(MTPROTO)))
        .collect();
    defs.len()
}

/// Generates the whole crate from both schemas, formatted, in memory.
pub fn generate_ours() -> tlgen_codegen::Generated {
    tlgen_codegen::Config::new()
        .schema_text("api.tl", black_box(API))
        .schema_text("mtproto.tl", black_box(MTPROTO))
        .generate_crate(&tlgen_codegen::CrateManifest::default())
        .expect("our generator accepts the schemas")
}

/// [`generate_ours`]; the number of bytes generated.
pub fn generate_ours_count() -> usize {
    generate_ours().files.iter().map(|f| f.contents.len()).sum()
}

/// grammers-tl-types' own build script, minus the file I/O: parse both files, keep the good
/// definitions, find the layer, generate into in-memory writers with its default feature set.
pub fn generate_grammers() -> usize {
    let definitions: Vec<_> = grammers_tl_parser::parse_tl_file(black_box(API))
        .chain(grammers_tl_parser::parse_tl_file(black_box(MTPROTO)))
        .filter_map(Result::ok)
        .collect();
    let layer = API
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("//")
                .and_then(|s| s.split_once("LAYER"))
                .and_then(|(_, s)| s.trim().parse().ok())
        })
        .expect("api.tl has a LAYER line");
    let mut outputs = grammers_tl_gen::Outputs {
        common: Vec::new(),
        types: Vec::new(),
        functions: Vec::new(),
        enums: Vec::new(),
    };
    let config = grammers_tl_gen::Config {
        gen_name_for_id: true,
        deserializable_functions: false,
        impl_debug: true,
        impl_from_enum: true,
        impl_from_type: true,
        impl_serde: false,
    };
    grammers_tl_gen::generate_rust_code(&mut outputs, &definitions, layer, &config)
        .expect("writing to a Vec cannot fail");
    outputs.common.len() + outputs.types.len() + outputs.functions.len() + outputs.enums.len()
}

/// `tlgen diff` of two full layers of api.tl, as the command runs it: parse, validate and lower
/// layer 214 and layer 230 (each on a thread, as the command does), compare, render the text
/// report; its length.
pub fn diff_layers() -> usize {
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| diff_side(API_214));
        let new = diff_side(API);
        (old.join().expect("no panic"), new)
    });
    tlgen_codegen::diff::diff(&old, &new)
        .render(tlgen_codegen::diff::Format::Text)
        .len()
}

/// [`diff_layers`] on one thread: the two sides one after the other.
pub fn diff_layers_sequential() -> usize {
    let (old, new) = (diff_side(API_214), diff_side(API));
    tlgen_codegen::diff::diff(&old, &new)
        .render(tlgen_codegen::diff::Format::Text)
        .len()
}

fn diff_side(api: &str) -> tlgen_codegen::diff::Layer {
    tlgen_codegen::diff::Layer::from_texts(&[("api.tl", black_box(api))])
        .expect("the layer generates")
}
