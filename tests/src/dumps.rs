//! Access to `shared/dumps/dumps.json`, the documented byte dumps.

use std::path::PathBuf;

use crate::hex;
use crate::json::Json;

/// Where the dumps are: `shared/` beside the workspace, as the CI checkout has it.
pub fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/dumps/dumps.json")
}

/// Every entry of `dumps.json`.
///
/// # Panics
///
/// If the file is missing or not JSON: the documented dumps are part of the conformance suite, and
/// a missing file must fail the test rather than skip it.
pub fn load() -> Vec<Json> {
    let path = path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. The byte dumps (shared/dumps/dumps.json beside the workspace) are required.",
            path.display()
        )
    });
    match Json::parse(&text) {
        Ok(Json::Array(entries)) => entries,
        Ok(_) => panic!("{}: not a list", path.display()),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Typed access to one entry, with messages that name the entry and the key.
#[derive(Clone, Copy)]
pub struct Entry<'a>(pub &'a Json);

impl<'a> Entry<'a> {
    pub fn id(&self) -> i64 {
        self.0
            .get("id")
            .and_then(Json::as_i64)
            .expect("every dump has an id")
    }

    pub fn name(&self) -> &'a str {
        self.0
            .get("name")
            .and_then(Json::as_str)
            .expect("every dump has a name")
    }

    pub fn category(&self) -> &'a str {
        self.0.get("category").and_then(Json::as_str).unwrap_or("")
    }

    /// The value at a dotted path, e.g. `decoded_query.nonce.bytes_hex`.
    pub fn at(&self, path: &str) -> &'a Json {
        self.0
            .path(path)
            .unwrap_or_else(|| panic!("dump {} ({}) has no `{path}`", self.id(), self.name()))
    }

    pub fn str(&self, path: &str) -> &'a str {
        self.at(path)
            .as_str()
            .unwrap_or_else(|| panic!("dump {}: `{path}` is not a string", self.id()))
    }

    /// The bytes of a hex string at `path`.
    pub fn hex(&self, path: &str) -> Vec<u8> {
        hex::decode(self.str(path))
    }

    /// An `int128`/`int256` from the hex at `path`.
    pub fn array<const N: usize>(&self, path: &str) -> [u8; N] {
        hex::array(self.str(path))
    }

    pub fn i64(&self, path: &str) -> i64 {
        self.at(path)
            .as_i64()
            .unwrap_or_else(|| panic!("dump {}: `{path}` is not an integer", self.id()))
    }

    pub fn has(&self, path: &str) -> bool {
        self.0.path(path).is_some()
    }
}
