//! Real schemas of the TL family other than today's api.tl generate without losing a definition.

use std::path::Path;

fn generate(file: &str) -> Result<tlgen_codegen::Generated, tlgen_codegen::Error> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tl-parser/tests/fixtures")
        .join(file);
    tlgen_codegen::Config::new()
        .schema(path)
        .generate_single_file()
}

#[test]
fn every_fixture_generates() {
    let mut failures = String::new();
    for file in [
        "tdesktop_layer74_api.tl",
        "secret_api.tl",
        "ton_api.tl",
        "lite_api.tl",
        "tonlib_api.tl",
    ] {
        if let Err(e) = generate(file) {
            failures.push_str(&format!("--- {file}\n{e}\n"));
        }
    }
    assert!(failures.is_empty(), "{failures}");
}
