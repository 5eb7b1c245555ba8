//! Every `tlgen` command the README shows runs and succeeds, so the README cannot rot.
//!
//! The commands run in order in a scratch copy of `schema/`, as a newcomer would type them in the
//! repository root, with `old/api.tl` for the `tlgen diff` examples to compare with. The CI
//! snippet's `--check` line runs after the same command without `--check`, as it would in a
//! repository whose generated crate is committed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// The `tlgen ...` command lines of the README's `sh` and `yaml` code blocks, in order.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let mut commands = Vec::new();
    let mut in_block = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_block = line.starts_with("```sh") || line.starts_with("```yaml");
            continue;
        }
        let line = line.trim().trim_start_matches("- run: ");
        if in_block && line.starts_with("tlgen ") {
            commands.push(line.to_owned());
        }
    }
    commands
}

fn run(dir: &Path, command: &str) -> std::process::Output {
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    Command::new(env!("CARGO_BIN_EXE_tlgen"))
        .args(&args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn every_tlgen_command_in_the_readme_succeeds() {
    let commands = readme_commands();
    assert!(
        commands.len() >= 6,
        "the README shows the CLI: {commands:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schema")).unwrap();
    for file in ["api.tl", "mtproto.tl"] {
        std::fs::copy(
            repository().join("schema").join(file),
            dir.path().join("schema").join(file),
        )
        .unwrap();
    }
    // The previous layer the README's `tlgen diff` examples compare with (`old/`): the same
    // schema here, so that the CI step's `--fail-on breaking` passes as it does on a pull request
    // that breaks nothing.
    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::copy(
        repository().join("schema/api.tl"),
        dir.path().join("old/api.tl"),
    )
    .unwrap();
    for command in &commands {
        if command.ends_with(" --check") && command != "tlgen generate --check" {
            let write = command.trim_end_matches(" --check");
            assert!(run(dir.path(), write).status.success(), "`{write}` fails");
        }
        let output = run(dir.path(), command);
        assert!(
            output.status.success(),
            "`{command}` exits {:?}:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_build_rs_example_in_the_readme_is_the_tested_one() {
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let build_rs =
        std::fs::read_to_string(repository().join("tests/build-example/build.rs")).unwrap();
    assert!(
        readme.contains(&build_rs),
        "README's build.rs must be tests/build-example/build.rs verbatim"
    );
}

#[test]
fn the_readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let head: String = readme.lines().take(8).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("cargo run -p tlgen -- generate\ncargo test --workspace"),
        "{head}"
    );
    let ci = std::fs::read_to_string(repository().join(".ci/run")).unwrap();
    assert!(
        ci.contains("\ncargo test --workspace\n"),
        ".ci/run runs the README's test command"
    );
    assert!(
        ci.contains("\ncargo run -p tlgen -- generate\n"),
        ".ci/run runs the README's main command"
    );
}
