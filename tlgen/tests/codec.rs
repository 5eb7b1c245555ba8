//! `tlgen decode` and `tlgen encode` run as a user runs them: the built binary, its stdout, its
//! diagnostics on stderr and its exit code, on good and bad input, with a schema file and with
//! the embedded Telegram schema.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// auth.sendCall as Telegram's documentation gives it (the method is gone from today's api.tl).
const SEND_CALL_TL: &str = "
boolFalse#bc799737 = Bool;
boolTrue#997275b5 = Bool;
stringHolder#01020304 s:string = StringHolder;
---functions---
auth.sendCall#03c51564 phone_number:string phone_code_hash:string = Bool;
";
/// The documented query bytes without their unexplained tenth word.
const SEND_CALL_HEX: &str =
    "6415c5030b37393939313233343536371232646330326432636461396536313563383400";
const SEND_CALL_TEXT: &str =
    r#"(auth.sendCall phone_number:"79991234567" phone_code_hash:"2dc02d2cda9e615c84")"#;

fn tlgen_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tlgen"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tlgen runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// A scratch directory holding `send_call.tl`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("send_call.tl"), SEND_CALL_TL).unwrap();
    dir
}

fn tlgen(args: &[&str]) -> Output {
    let dir = scratch();
    tlgen_in(dir.path(), args, b"")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    stdout(o)
}

#[test]
fn the_documented_query_prints_as_documented() {
    let out = tlgen(&["decode", "--schema", "send_call.tl", "--hex", SEND_CALL_HEX]);
    assert_eq!(ok(&out), format!("{SEND_CALL_TEXT}\n"));
    let pretty = tlgen(&[
        "decode",
        "--schema",
        "send_call.tl",
        "--pretty",
        "--hex",
        SEND_CALL_HEX,
    ]);
    assert_eq!(
        ok(&pretty),
        "(auth.sendCall\n  phone_number:\"79991234567\"\n  phone_code_hash:\"2dc02d2cda9e615c84\"\n)\n"
    );
    let json = tlgen(&[
        "decode",
        "--schema",
        "send_call.tl",
        "--format",
        "json",
        "--hex",
        SEND_CALL_HEX,
    ]);
    assert_eq!(
        ok(&json),
        "{\"_\":\"auth.sendCall\",\"phone_number\":\"79991234567\",\"phone_code_hash\":\"2dc02d2cda9e615c84\"}\n"
    );
    let answer = tlgen(&[
        "decode",
        "--schema",
        "send_call.tl",
        "--answer-to",
        "auth.sendCall",
        "--hex",
        "b5757299",
    ]);
    assert_eq!(ok(&answer), "(boolTrue)\n");
}

#[test]
fn both_documented_forms_encode_to_the_documented_bytes() {
    let positional = r#"(auth.sendCall "79991234567" "2dc02d2cda9e615c84")"#;
    for text in [positional, SEND_CALL_TEXT] {
        let out = tlgen(&["encode", "--schema", "send_call.tl", text]);
        assert_eq!(ok(&out), format!("{SEND_CALL_HEX}\n"), "{text}");
    }
    let raw = tlgen(&[
        "encode",
        "--schema",
        "send_call.tl",
        "--raw",
        SEND_CALL_TEXT,
    ]);
    assert_eq!(raw.status.code(), Some(0));
    assert_eq!(
        raw.stdout
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
        SEND_CALL_HEX
    );
    // From stdin, as JSON.
    let dir = scratch();
    let json = br#"{"_":"auth.sendCall","phone_code_hash":"2dc02d2cda9e615c84","phone_number":"79991234567"}"#;
    let out = tlgen_in(
        dir.path(),
        &["encode", "--schema", "send_call.tl", "--format", "json"],
        json,
    );
    assert_eq!(ok(&out), format!("{SEND_CALL_HEX}\n"));
}

#[test]
fn bad_bytes_exit_5_with_the_error_and_its_offset() {
    // The documented bytes with their unexplained tenth word.
    let full = format!("{SEND_CALL_HEX}1ba6e164");
    let out = tlgen(&["decode", "--schema", "send_call.tl", "--hex", &full]);
    assert_eq!(out.status.code(), Some(5));
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out),
        "error: 4 trailing bytes after the value at byte 36\n  at byte 36 of 40: 1b a6 e1 64\n"
    );
    let out = tlgen(&["decode", "--schema", "send_call.tl", "--hex", "efbeadde"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr(&out)
            .starts_with("error: unknown constructor 0xdeadbeef for type Object at byte 0\n")
    );
    let out = tlgen(&["decode", "--schema", "send_call.tl", "--hex", "6415c503fe"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr(&out).contains("at byte 4"), "{}", stderr(&out));
    let out = tlgen(&["decode", "--schema", "send_call.tl", "--hex", "6415c5"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr(&out).contains("unexpected end of input"),
        "{}",
        stderr(&out)
    );
    let out = tlgen(&["decode", "--hex", "zz"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr(&out).contains("--hex: `zz` at digit 0 is not a hex byte"));
}

#[test]
fn strings_that_are_not_utf8_fail_unless_lenient() {
    // stringHolder s:"\xff"
    let hex = "0403020101ff0000";
    let strict = tlgen(&["decode", "--schema", "send_call.tl", "--hex", hex]);
    assert_eq!(strict.status.code(), Some(5));
    assert!(stderr(&strict).contains("string is not valid UTF-8 at byte 4"));
    let lenient = tlgen(&[
        "decode",
        "--schema",
        "send_call.tl",
        "--lenient",
        "--hex",
        hex,
    ]);
    assert_eq!(ok(&lenient), "(stringHolder s:\"\\xff\")\n");
    let back = tlgen(&[
        "encode",
        "--schema",
        "send_call.tl",
        r#"(stringHolder s:"\xff")"#,
    ]);
    assert_eq!(ok(&back), format!("{hex}\n"));
}

#[test]
fn bad_text_exits_5_with_a_caret_diagnostic() {
    let out = tlgen(&[
        "encode",
        "--schema",
        "send_call.tl",
        r#"(auth.sendCall "1" phone_cod_hash:"2")"#,
    ]);
    assert_eq!(out.status.code(), Some(5));
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out),
        "error: `auth.sendCall` has no field `phone_cod_hash`\n  --> <text>:1:20\n  \
         |\n1 | (auth.sendCall \"1\" phone_cod_hash:\"2\")\n  \
         |                    ^^^^^^^^^^^^^^ its fields: phone_number phone_code_hash\n"
    );
    let out = tlgen(&[
        "encode",
        "--schema",
        "send_call.tl",
        r#"(auth.sendCall "1")"#,
    ]);
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr(&out).contains("`auth.sendCall` is missing its field `phone_code_hash`"));
    let out = tlgen(&[
        "encode",
        "--schema",
        "send_call.tl",
        "--format",
        "json",
        "{\"_\": 1",
    ]);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr(&out).starts_with("error: EOF while parsing an object")
            && stderr(&out).contains("--> <text>:1:7"),
        "{}",
        stderr(&out)
    );
    let out = tlgen(&["encode", "--type", "int", "2147483648"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr(&out).contains("expected an int (-2147483648 to 2147483647)"));
}

#[test]
fn the_embedded_schema_is_telegrams() {
    let out = tlgen(&["encode", "(ping ping_id:1)"]);
    assert_eq!(ok(&out), "ec77be7a0100000000000000\n");
    let out = tlgen(&["decode", "--hex", "ec77be7a 01000000 00000000"]);
    assert_eq!(ok(&out), "(ping ping_id:1)\n");
    let out = tlgen(&["encode", "--type", "Vector<long>", "[1 -1]"]);
    assert_eq!(
        ok(&out),
        "15c4b51c020000000100000000000000ffffffffffffffff\n"
    );
    let out = tlgen(&[
        "decode",
        "--type",
        "Vector<long>",
        "--format",
        "json",
        "--hex",
        "15c4b51c020000000100000000000000ffffffffffffffff",
    ]);
    assert_eq!(ok(&out), "[1,-1]\n");
}

#[test]
fn files_and_stdin_hold_raw_bytes() {
    let dir = scratch();
    let bytes: Vec<u8> = (0..SEND_CALL_HEX.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&SEND_CALL_HEX[i..i + 2], 16).unwrap())
        .collect();
    std::fs::write(dir.path().join("q.bin"), &bytes).unwrap();
    let out = tlgen_in(
        dir.path(),
        &["decode", "--schema", "send_call.tl", "q.bin"],
        b"",
    );
    assert_eq!(ok(&out), format!("{SEND_CALL_TEXT}\n"));
    let out = tlgen_in(
        dir.path(),
        &["decode", "--schema", "send_call.tl", "-"],
        &bytes,
    );
    assert_eq!(ok(&out), format!("{SEND_CALL_TEXT}\n"));
    let out = tlgen_in(dir.path(), &["decode", "--schema", "send_call.tl"], &bytes);
    assert_eq!(ok(&out), format!("{SEND_CALL_TEXT}\n"));
}

#[test]
fn usage_schema_and_io_errors_have_their_codes() {
    let usage: &[&[&str]] = &[
        &["decode", "--type", "Vector<long"],
        &["decode", "--type", "NoSuchType"],
        &[
            "decode",
            "--answer-to",
            "boolTrue",
            "--schema",
            "send_call.tl",
        ],
        &["decode", "--hex", "00", "file.bin"],
        &["decode", "--type", "int", "--answer-to", "ping"],
        &["decode", "--format", "xml"],
        &["encode", "--bogus"],
    ];
    for args in usage {
        let out = tlgen(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let dir = scratch();
    std::fs::write(dir.path().join("bad.tl"), "a#1 x:Nope = A;\n").unwrap();
    let out = tlgen_in(
        dir.path(),
        &["decode", "--schema", "bad.tl", "--hex", "00"],
        b"",
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("bad.tl:1:"), "{}", stderr(&out));
    let out = tlgen(&["encode", "--schema", "missing.tl", "(a)"]);
    assert_eq!(out.status.code(), Some(4));
    let out = tlgen(&["decode", "missing.bin"]);
    assert_eq!(out.status.code(), Some(4));
}

#[test]
fn help_documents_the_exit_codes() {
    for verb in ["decode", "encode"] {
        let out = tlgen(&[verb, "--help"]);
        assert!(ok(&out).contains("5 bad input"), "{verb}");
    }
}

/// `'...'`-quoted words and bare words, as a shell splits the help's examples.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        let (word, after) = match rest.strip_prefix('\'') {
            Some(quoted) => quoted.split_once('\'').expect("closed quote"),
            None => rest.split_once(' ').unwrap_or((rest, "")),
        };
        words.push(word.to_owned());
        rest = after.trim_start();
    }
    words
}

#[test]
fn the_help_examples_that_need_no_file_run() {
    let mut ran = 0;
    for verb in ["decode", "encode"] {
        let help = ok(&tlgen(&[verb, "--help"]));
        let examples = help.lines().filter_map(|l| l.strip_prefix("  tlgen "));
        for example in examples {
            // The command, without the comment after it.
            let command = example.split("   ").next().unwrap();
            if command.contains(".bin") || command.contains(".tl") {
                continue;
            }
            let args = shell_words(command);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = tlgen(&args);
            assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
            ran += 1;
        }
    }
    assert_eq!(ran, 6);
}
