//! A crate `tlgen generate` writes builds against this workspace's runtime and codec in both of
//! the forms it can depend on them: by path (`--runtime-path`, a local checkout) and by name and
//! version (the default, as from crates.io; here resolved to this checkout with `[patch]`), with
//! and without its `serde` feature. So neither form can rot.

use std::path::{Path, PathBuf};
use std::process::Command;

const SCHEMA: &str = "\
point x:int y:int name:string = Point;
shape.circle flags:# center:Point radius:double label:flags.0?string = Shape;
---functions---
shape.area shape:Shape = Point;
";

fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .canonicalize()
        .unwrap()
}

/// Generates the crate into `dir/shapes` with `extra` arguments.
fn generate(dir: &Path, extra: &[&str]) -> PathBuf {
    std::fs::write(dir.join("schema.tl"), SCHEMA).unwrap();
    let args = [
        "generate",
        "--schema",
        "schema.tl",
        "--out",
        "shapes",
        "--crate-name",
        "shapes",
    ];
    let out = Command::new(env!("CARGO_BIN_EXE_tlgen"))
        .args(args)
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("shapes")
}

/// `cargo build` of the crate at `krate` (its own workspace), with `features`.
fn build(krate: &Path, features: &str) {
    // One target directory for every build of this test: the dependencies compile once.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crate-builds");
    let out = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--features", features])
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}:\n{}",
        std::fs::read_to_string(krate.join("Cargo.toml")).unwrap(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The generated manifest, made the root of a workspace of its own (not the enclosing one's).
fn own_workspace(krate: &Path, extra: &str) {
    let manifest = krate.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("\n[workspace]\n");
    text.push_str(extra);
    std::fs::write(&manifest, text).unwrap();
}

#[test]
fn a_crate_depending_on_a_checkout_by_path_builds() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = checkout().join("tl-runtime");
    let krate = generate(dir.path(), &["--runtime-path", runtime.to_str().unwrap()]);
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    let codec = checkout().join("tl-codec");
    assert!(manifest.contains(&format!(
        "tlgen-runtime = {{ path = {:?}",
        runtime.to_str().unwrap()
    )));
    assert!(manifest.contains(&format!(
        "tlgen-codec = {{ path = {:?}",
        codec.to_str().unwrap()
    )));
    own_workspace(&krate, "");
    build(&krate, "");
    build(&krate, "serde");
}

#[test]
fn a_crate_depending_on_published_versions_builds() {
    let dir = tempfile::tempdir().unwrap();
    let krate = generate(dir.path(), &[]);
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        manifest.contains(&format!("tlgen-runtime = \"{version}\"")),
        "{manifest}"
    );
    assert!(
        manifest.contains(&format!("tlgen-codec = \"{version}\"")),
        "{manifest}"
    );
    // As crates.io would serve them: this checkout's crates, by name and version.
    let patch = format!(
        "[patch.crates-io]\ntlgen-runtime = {{ path = {:?} }}\ntlgen-codec = {{ path = {:?} }}\n",
        checkout().join("tl-runtime"),
        checkout().join("tl-codec")
    );
    own_workspace(&krate, &patch);
    build(&krate, "");
    build(&krate, "serde");
}
