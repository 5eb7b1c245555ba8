//! `tlgen diff` run as a user runs it: the built binary on schema pairs in a scratch directory, its
//! exit codes (`--fail-on`, usage, schema and I/O errors), its three formats and its sides of
//! several files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tlgen/ is in the repository")
        .to_owned()
}

fn tlgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tlgen"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("tlgen runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory with these files.
fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const OLD: &str = "// LAYER 100
user#00000001 flags:# id:long name:flags.0?string = User;
userEmpty#00000002 id:long = User;
chat#00000003 id:long = Chat;
---functions---
getUser#00000010 id:long = User;
";
const NEW: &str = "// LAYER 101
user#00000001 flags:# id:long name:flags.0?string about:flags.1?string = User;
userEmpty#00000022 id:long = User;
userDeleted#00000004 id:long = User;
channel#00000005 id:long title:string = Channel;
---functions---
getUser#00000010 id:long = User;
getChannel#00000011 id:long = Channel;
";

#[test]
fn old_and_new_files_print_a_text_report() {
    let dir = scratch(&[("old/api.tl", OLD), ("new/api.tl", NEW)]);
    let out = tlgen(dir.path(), &["diff", "old/api.tl", "new/api.tl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("old: layer 100 (old/api.tl)\nnew: layer 101 (new/api.tl)\n"),
        "{text}"
    );
    assert!(text.contains("4 breaking, 1 wire, 4 additive"), "{text}");
    assert!(
        text.contains("\nbreaking added constructor userDeleted\n"),
        "{text}"
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn fail_on_exits_1_at_its_class_or_worse() {
    let additive = ("a#00000001 = A;", "a#00000001 = A;\nb#00000002 = B;");
    let wire = ("a#00000001 = A;", "a#00000002 = A;");
    let breaking = ("a#00000001 = A;", "a#00000001 x:int = A;");
    let none = ("a#00000001 = A;", "a#00000001 = A;");
    for ((old, new), expected) in [
        (none, [0, 0, 0]),
        (additive, [0, 0, 1]),
        (wire, [0, 1, 1]),
        (breaking, [1, 1, 1]),
    ] {
        let dir = scratch(&[("old.tl", old), ("new.tl", new)]);
        for (fail_on, expected) in ["breaking", "wire", "any"].into_iter().zip(expected) {
            let out = tlgen(
                dir.path(),
                &["diff", "old.tl", "new.tl", "--fail-on", fail_on],
            );
            assert_eq!(
                out.status.code(),
                Some(expected),
                "{old:?} -> {new:?} --fail-on {fail_on}: {}",
                stderr(&out)
            );
            if expected == 1 {
                assert!(
                    stderr(&out).contains(&format!("--fail-on {fail_on}")),
                    "{}",
                    stderr(&out)
                );
            }
        }
        let out = tlgen(dir.path(), &["diff", "old.tl", "new.tl"]);
        assert_eq!(out.status.code(), Some(0), "no --fail-on: {}", stderr(&out));
    }
}

#[test]
fn json_has_the_documented_shape() {
    let dir = scratch(&[("old.tl", OLD), ("new.tl", NEW)]);
    let out = tlgen(
        dir.path(),
        &["diff", "old.tl", "new.tl", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(json["old"]["files"], serde_json::json!(["old.tl"]));
    assert_eq!(json["old"]["layer"], 100);
    assert_eq!(json["new"]["layer"], 101);
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 9);
    for c in changes {
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys.len(),
            7,
            "kind, name, change, class, details, old, new: {keys:?}"
        );
        assert!(["type", "constructor", "function"].contains(&c["kind"].as_str().unwrap()));
        assert!(["added", "removed", "changed"].contains(&c["change"].as_str().unwrap()));
        assert!(["breaking", "additive", "wire"].contains(&c["class"].as_str().unwrap()));
        assert!(!c["details"].as_array().unwrap().is_empty());
    }
    let user_empty = changes
        .iter()
        .find(|c| c["name"] == "userEmpty")
        .expect("userEmpty changed");
    assert_eq!(user_empty["class"], "wire");
    assert_eq!(user_empty["old"], "userEmpty#00000002 id:long = User;");
    assert_eq!(user_empty["new"], "userEmpty#00000022 id:long = User;");
    assert_eq!(
        user_empty["details"],
        serde_json::json!(["wire: id 00000002 -> 00000022"])
    );
    let chat = changes.iter().find(|c| c["name"] == "Chat").unwrap();
    assert_eq!(
        (&chat["kind"], &chat["change"]),
        (&"type".into(), &"removed".into())
    );
    assert!(chat["old"].is_null() && chat["new"].is_null());
}

#[test]
fn markdown_for_a_pull_request() {
    let dir = scratch(&[("old.tl", OLD), ("new.tl", NEW)]);
    let out = tlgen(
        dir.path(),
        &["diff", "old.tl", "new.tl", "--format", "markdown"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.starts_with("## TL schema: layer 100 -> layer 101\n"),
        "{md}"
    );
    assert!(md.contains("\n### Breaking (4)\n"), "{md}");
    assert!(md.contains("| constructors | 2 | 1 | 2 |"), "{md}");
}

#[test]
fn several_files_per_side_by_flag_or_by_directory() {
    let dir = scratch(&[
        ("old/api.tl", "// LAYER 1\nuser#00000001 id:long = User;"),
        ("old/mtproto.tl", "pong#00000002 ping_id:long = Pong;"),
        ("old/notes.txt", "not a schema"),
        ("new/api.tl", "// LAYER 2\nuser#00000001 id:long = User;"),
        ("new/mtproto.tl", "pong#00000003 ping_id:long = Pong;"),
    ]);
    let by_dir = tlgen(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(by_dir.status.code(), Some(0), "{}", stderr(&by_dir));
    let by_flag = tlgen(
        dir.path(),
        &[
            "diff",
            "--old",
            "old/api.tl",
            "--old",
            "old/mtproto.tl",
            "--new",
            "new/api.tl",
            "--new",
            "new/mtproto.tl",
            "--format",
            "json",
        ],
    );
    assert_eq!(by_flag.status.code(), Some(0), "{}", stderr(&by_flag));
    let mixed = tlgen(
        dir.path(),
        &[
            "diff",
            "old/api.tl",
            "new/api.tl",
            "--old",
            "old/mtproto.tl",
            "--new",
            "new/mtproto.tl",
            "--format",
            "json",
        ],
    );
    assert_eq!(mixed.status.code(), Some(0), "{}", stderr(&mixed));
    let json: serde_json::Value = serde_json::from_str(&stdout(&by_flag)).unwrap();
    assert_eq!(
        json["old"]["files"],
        serde_json::json!(["old/api.tl", "old/mtproto.tl"])
    );
    assert_eq!(json["changes"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(
        json["changes"][0]["details"][0],
        "wire: id 00000002 -> 00000003"
    );
    assert_eq!(stdout(&mixed), stdout(&by_flag));
    // A directory's files in name order: the same sides, spelled with the directory.
    let by_dir: serde_json::Value = serde_json::from_str(&stdout(&by_dir)).unwrap();
    assert_eq!(by_dir["changes"], json["changes"]);
    assert_eq!(by_dir["old"]["files"].as_array().unwrap().len(), 2);
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch(&[("old.tl", OLD), ("new.tl", NEW)]);
    for args in [
        &["diff"][..],
        &["diff", "old.tl"],
        &["diff", "--old", "old.tl"],
        &["diff", "old.tl", "new.tl", "--fail-on", "sometimes"],
        &["diff", "old.tl", "new.tl", "--format", "yaml"],
        &["diff", "old.tl", "new.tl", "extra.tl"],
    ] {
        let out = tlgen(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn a_schema_error_on_either_side_is_diagnosed_with_exit_3() {
    let broken = "user#00000001 id:long = User;\nchat#00000002 id:Nope = Chat;\n";
    for (old, new, side) in [(broken, NEW, "old"), (OLD, broken, "new")] {
        let dir = scratch(&[("old.tl", old), ("new.tl", new)]);
        let out = tlgen(
            dir.path(),
            &["diff", "old.tl", "new.tl", "--fail-on", "any"],
        );
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("error: unknown type `Nope`\n  --> {side}.tl:2:18")),
            "{err}"
        );
        assert!(
            err.contains("                 ^^^^"),
            "a caret under the type: {err}"
        );
        assert!(
            err.contains(&format!("error: the {side} schema has errors")),
            "{err}"
        );
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn a_missing_file_exits_4() {
    let dir = scratch(&[("old.tl", OLD)]);
    let out = tlgen(dir.path(), &["diff", "old.tl", "missing.tl"]);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("missing.tl"), "{}", stderr(&out));
}

#[test]
fn real_layers_through_the_command_line() {
    let out = tlgen(
        &repository(),
        &[
            "diff",
            "tl-parser/tests/fixtures/tdesktop_layer74_api.tl",
            "schema/api.tl",
            "--new",
            "schema/mtproto.tl",
            "--format",
            "json",
            "--fail-on",
            "breaking",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let count = |kind: &str, change: &str| {
        json["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == kind && c["change"] == change)
            .count()
    };
    // The independently verified counts (see tl-codegen/tests/diff_layers.rs).
    assert_eq!(count("constructor", "added"), 1161);
    assert_eq!(count("constructor", "removed"), 44);
    assert_eq!(count("function", "added"), 627);
    assert_eq!(count("function", "removed"), 18);
    assert_eq!(count("type", "added"), 460);
    assert_eq!(count("type", "removed"), 13);
    assert_eq!(json["old"]["layer"], 74);
    assert_eq!(json["new"]["layer"], 230);
}
