//! Helpers shared by the conformance tests: a JSON reader and the dump file, hex, a seeded RNG, and
//! a reference TL encoder driven by the parsed schema (independent of the generator).

pub mod dumps;
pub mod hex;
pub mod json;
pub mod reference;
pub mod rng;

use std::path::PathBuf;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}

/// The text of `schema/api.tl` and `schema/mtproto.tl`, the schema `tlgen-telegram` is generated from.
pub fn schema_files() -> Vec<(&'static str, String)> {
    ["schema/api.tl", "schema/mtproto.tl"]
        .into_iter()
        .map(|name| {
            let path = workspace_root().join(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (name, text)
        })
        .collect()
}
