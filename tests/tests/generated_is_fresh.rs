//! `generated/` must be exactly what the generator makes from `schema/` today.
//!
//! The rust-analyzer `ensure_file_contents` pattern: regenerate in memory, compare the whole tree
//! (added, changed and deleted files), and fail with a diff and the command that fixes it. Set
//! `UPDATE_GENERATED=1` to have the test rewrite the tree instead.

use std::path::{Path, PathBuf};

use tlgen_codegen::write::{self, Change};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_owned()
}

#[test]
fn generated_crate_is_fresh() {
    let root = workspace_root();
    let generated = tlgen_repo_config(&root).expect("schema/ generates");
    let out = root.join("generated");
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        write::write_tree(&out, &generated.files).expect("generated/ is writable");
        return;
    }
    let stale = write::check_tree(&out, &generated.files).expect("generated/ is readable");
    if stale.is_empty() {
        return;
    }
    let mut report = String::new();
    for s in &stale {
        let what = match s.change {
            Change::Added => "missing",
            Change::Changed => "stale",
            Change::Deleted => "no longer generated",
        };
        report.push_str(&format!("generated/{} is {what}\n", s.path));
    }
    for s in stale.iter().take(3) {
        let diff: String = s.diff.lines().take(60).collect::<Vec<_>>().join("\n");
        report.push_str(&format!("\n{diff}\n"));
    }
    panic!(
        "generated/ is out of date with schema/:\n{report}\n\
         Run `cargo run -p tlgen -- generate` (or `UPDATE_GENERATED=1 cargo test -p tlgen-tests --test generated_is_fresh`)."
    );
}

/// The same configuration `tlgen generate` uses by default, from the workspace root.
fn tlgen_repo_config(root: &Path) -> Result<tlgen_codegen::Generated, tlgen_codegen::Error> {
    tlgen_codegen::Config::new()
        .schema(root.join("schema/api.tl"))
        .schema(root.join("schema/mtproto.tl"))
        .generate_crate(&tlgen_codegen::CrateManifest {
            name: "tlgen-telegram".to_owned(),
            version: "0.1.0".to_owned(),
            runtime: tlgen_codegen::RuntimeDependency::Path("../tl-runtime".to_owned()),
            codec: tlgen_codegen::RuntimeDependency::Path("../tl-codec".to_owned()),
            ..tlgen_codegen::CrateManifest::default()
        })
}
