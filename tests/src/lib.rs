//! Helpers shared by the conformance tests: a JSON reader and the dump file, hex, a seeded RNG, and
//! a reference TL encoder driven by the parsed schema (independent of the generator).

pub mod dumps;
pub mod hex;
pub mod json;
pub mod reference;
pub mod rng;

use std::path::PathBuf;

/// The message of a caught panic's payload (`catch_unwind`'s `Err`), for a failure report.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".to_owned())
}

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
