//! `tlgen check` run as a user runs it: the built binary on real and broken schemas, its exit code,
//! its summary on stdout and its diagnostics on stderr.

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

#[test]
fn schema_dir_checks_clean() {
    let out = tlgen(
        &repository(),
        &["check", "schema/api.tl", "schema/mtproto.tl"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let summary = stdout(&out);
    assert!(summary.starts_with("layer 230:"), "{summary}");
    assert!(
        summary.contains(" constructors, ") && summary.contains(" functions, "),
        "{summary}"
    );
    assert!(summary.contains("0 id warnings"), "{summary}");
    // Piped stderr: no colour escapes.
    assert!(!stderr(&out).contains('\x1b'));
}

#[test]
fn ids_lists_every_definition_in_file_order() {
    let out = tlgen(&repository(), &["check", "--ids", "schema/mtproto.tl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    // One line per definition, then the summary.
    let defs = &lines[..lines.len() - 1];
    assert_eq!(defs[0], "int - a8509bda");
    assert!(defs.contains(&"resPQ 05162463 05162463"), "{text}");
    assert!(
        defs.iter().any(|l| l.starts_with("tlsBlockString - ")),
        "no declared id"
    );
    // Allow-listed exception: declared and computed ids differ, no warning.
    assert!(
        defs.iter()
            .any(|l| l.starts_with("help.configSimple 5a592a6c "))
    );
    for line in defs {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert!(fields[1] == "-" || fields[1].len() == 8, "{line}");
        assert_eq!(fields[2].len(), 8, "{line}");
        assert!(
            fields[2]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
    }
    assert!(lines[lines.len() - 1].starts_with("layer none:"));
}

#[test]
fn errors_go_to_stderr_and_exit_3_as_in_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("bad.tl"),
        "boolTrue = Bool;\nfoo#zz a:int = Foo;\nbar x:Nope = Bar;\nbaz = Baz\n",
    )
    .expect("write");
    let out = tlgen(dir.path(), &["check", "bad.tl"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).ends_with("error: 3 errors found\n"),
        "{}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("error: expected a hexadecimal constructor id after `#`\n  --> bad.tl:2:5\n"),
        "{err}"
    );
    assert!(
        err.contains("error: unknown type `Nope`\n  --> bad.tl:3:7\n"),
        "{err}"
    );
    assert!(
        err.contains("error: missing `;` at the end of the definition\n  --> bad.tl:4:7\n"),
        "{err}"
    );
    assert!(
        err.contains("  |       ^^^^ not defined in any file parsed"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn warnings_do_not_fail_the_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("w.tl"), "boolTrue#deadbeef = Bool;\n").expect("write");
    let out = tlgen(dir.path(), &["check", "w.tl"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains(
        "warning: declared id #deadbeef of `boolTrue` differs from the computed id #997275b5"
    ));
    assert!(
        stdout(&out).ends_with(" 1 id warning\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn files_are_checked_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.tl"), "user id:int = User;\n").expect("write");
    std::fs::write(
        dir.path().join("b.tl"),
        "---functions---\ngetUser id:int = User;\n",
    )
    .expect("write");
    assert_eq!(
        tlgen(dir.path(), &["check", "a.tl", "b.tl"]).status.code(),
        Some(0)
    );
    let alone = tlgen(dir.path(), &["check", "b.tl"]);
    assert_eq!(alone.status.code(), Some(3));
    assert!(
        stderr(&alone).ends_with("error: 1 error found\n"),
        "{}",
        stderr(&alone)
    );
}

#[test]
fn help_shows_examples_and_missing_files_fail() {
    let out = tlgen(&repository(), &["check", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("tlgen check --ids"));
    let out = tlgen(&repository(), &["check", "no/such/file.tl"]);
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr(&out).contains("no/such/file.tl"));
}
