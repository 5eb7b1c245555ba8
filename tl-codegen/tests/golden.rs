//! Golden fixtures, as prost-build keeps them: small schemas in `tests/golden/`, each exercising
//! one shape through every emitter (flags words, a shared flag bit, generics, recursion, bare
//! vectors, nested vectors, namespaces), with the code generated from each checked in beside it
//! and compiled by `golden_compiles.rs` (apart, so that fixtures that no longer compile can still
//! be rewritten). A change to an emitter shows as a short diff of these files rather than somewhere
//! in `generated/`. `UPDATE_GOLDEN=1 cargo test -p tlgen-codegen --test golden` rewrites them.

use std::path::{Path, PathBuf};

/// The fixtures, by file stem.
const FIXTURES: [&str; 7] = [
    "flags",
    "shared_bit",
    "generic",
    "recursion",
    "bare_vectors",
    "nested_vectors",
    "namespace",
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn generate(stem: &str) -> String {
    let mut generated = tlgen_codegen::Config::new()
        .schema(golden_dir().join(format!("{stem}.tl")))
        .generate_single_file()
        .unwrap_or_else(|e| panic!("{stem}.tl: {e}"));
    generated.files.remove(0).contents
}

#[test]
fn generated_code_matches_the_checked_in_fixtures() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = String::new();
    for stem in FIXTURES {
        let path = golden_dir().join(format!("{stem}.rs"));
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        let actual = generate(stem);
        if actual == expected {
            continue;
        }
        if update {
            std::fs::write(&path, &actual).expect("write the fixture");
        } else {
            let diff =
                tlgen_codegen::write::unified_diff(&format!("{stem}.rs"), &expected, &actual);
            stale.push_str(&diff);
        }
    }
    assert!(
        stale.is_empty(),
        "generated code differs from tests/golden (UPDATE_GOLDEN=1 to accept):\n{stale}"
    );
}

#[test]
fn every_fixture_is_listed_and_compiled() {
    let mut on_disk: Vec<String> = std::fs::read_dir(golden_dir())
        .expect("tests/golden")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".tl").map(str::to_owned)
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<&str> = FIXTURES.to_vec();
    listed.sort_unstable();
    assert_eq!(
        on_disk, listed,
        "every tests/golden/*.tl is in FIXTURES and in `compiled`"
    );
    let source = include_str!("golden_compiles.rs");
    for stem in FIXTURES {
        assert!(
            source.contains(&format!("include!(\"golden/{stem}.rs\")")),
            "{stem}.rs is not compiled by golden_compiles.rs"
        );
    }
}
