//! Any input gives `Ok` or diagnostics, never a panic, a stack overflow or unbounded time:
//! property tests on arbitrary text, TL-like token soup and byte-level mutations of real schema
//! lines (non-ASCII included), then pathological inputs of a realistic worst-case size.

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use tlgen_parser::{MAX_DEPTH, MAX_ERRORS, Report, Span, parse, parse_files};

const API: &str = include_str!("../../schema/api.tl");
const MTPROTO: &str = include_str!("../../schema/mtproto.tl");
const TON: &str = include_str!("fixtures/ton_api.tl");
const TONLIB: &str = include_str!("fixtures/tonlib_api.tl");

/// Parses `src` and checks what holds for every outcome: spans lie inside the source on char
/// boundaries, positions are 1-based, and the report renders.
fn check(src: &str) {
    let in_bounds = |span: Span| {
        span.start <= span.end
            && span.end <= src.len()
            && src.is_char_boundary(span.start)
            && src.is_char_boundary(span.end)
    };
    let report: Report = match parse("fuzz.tl", src) {
        Ok(parsed) => {
            for def in &parsed.schema.definitions {
                assert!(in_bounds(def.span), "{:?} in {src:?}", def.span);
                assert!(in_bounds(def.name.span));
                assert_eq!(&src[def.name.span.range()], def.name.to_string());
                for p in &def.params {
                    assert!(in_bounds(p.span));
                }
            }
            assert!(parsed.warnings.errors().next().is_none());
            parsed.warnings
        }
        Err(report) => {
            assert!(report.has_errors());
            report
        }
    };
    for d in report.diagnostics() {
        assert!(in_bounds(d.span), "{d:?} for {src:?}");
        assert!(d.line >= 1 && d.column >= 1);
    }
    let _ = report.render(true);
    let _ = report.to_string();
}

/// Lines of real schemas, to mutate (split once, not once per case).
fn real_lines() -> &'static [&'static str] {
    static LINES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        [API, MTPROTO, TON, TONLIB]
            .iter()
            .flat_map(|s| s.lines())
            .filter(|l| !l.trim().is_empty())
            .collect()
    });
    &LINES
}

/// TL tokens and troublemakers, to build token soup from.
const TOKENS: &[&str] = &[
    "foo",
    "Bar",
    "ns.name",
    "a.b.c",
    "#",
    "#1cb5c415",
    "#123456789",
    ":",
    "?",
    ".",
    "flags",
    "flags.0?",
    "flags.31?",
    "flags.99?",
    "<",
    ">",
    ",",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "=",
    ";",
    "%",
    "!",
    "X",
    "{X:Type}",
    "Type",
    "Vector",
    "vector",
    "int",
    "bytes",
    "true",
    "4*",
    "*",
    " ",
    " ",
    " ",
    "\n",
    "\r\n",
    "\t",
    "//",
    "//@description x",
    "//@class C",
    "//-",
    "/*",
    "*/",
    "---functions---",
    "---types---",
    "---x---",
    "// LAYER 12",
    "0",
    "99999999999",
    "é",
    "Привет",
    "🦀",
    "\u{feff}",
    "\u{a0}",
    "\0",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|t| t.concat())
}

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, u8),
    Delete(usize),
    Replace(usize, u8),
    InsertText(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        (any::<usize>(), prop::sample::select(TOKENS))
            .prop_map(|(i, t)| Mutation::InsertText(i, t)),
    ]
}

/// Applies byte-level mutations; the result is made UTF-8 again as a caller would have to
/// (input is `&str`), which turns broken sequences into U+FFFD, non-ASCII that the parser meets.
fn mutate(line: &str, mutations: &[Mutation]) -> String {
    let mut bytes = line.as_bytes().to_vec();
    for m in mutations {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match *m {
            Mutation::Insert(i, b) => {
                let i = at(i, bytes.len());
                bytes.insert(i, b);
            }
            Mutation::Delete(i) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes.remove(i);
            }
            Mutation::Replace(i, b) if !bytes.is_empty() => {
                let i = i % bytes.len();
                bytes[i] = b;
            }
            Mutation::InsertText(i, t) => {
                let i = at(i, bytes.len());
                bytes.splice(i..i, t.bytes());
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(src in any::<String>()) {
        check(&src);
    }

    #[test]
    fn token_soup_never_panics(src in token_soup()) {
        check(&src);
    }

    #[test]
    fn mutated_real_lines_never_panic(
        index in any::<prop::sample::Index>(),
        count in 1usize..4,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let lines = real_lines();
        let start = index.index(lines.len());
        let text = lines[start..(start + count).min(lines.len())].join("\n");
        check(&mutate(&text, &mutations));
    }

    #[test]
    fn mutated_line_among_valid_ones_never_panics(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        // A broken line among valid ones: the rest still parses (recovery at `;`).
        static LINES: LazyLock<Vec<&'static str>> = LazyLock::new(|| MTPROTO.lines().collect());
        let i = index.index(LINES.len());
        let from = i.saturating_sub(10);
        let mut text = LINES[from..(i + 10).min(LINES.len())].to_vec();
        let broken = mutate(LINES[i], &mutations);
        text[i - from] = &broken;
        let src = text.join("\n");
        check(&src);
    }
}

/// Generous bound for a debug build on a shared 2-core machine; the point is "not quadratic".
const BOUND: Duration = Duration::from_secs(20);

/// Every error found: those reported (at most [`MAX_ERRORS`] + 1) and the count the last one's
/// note gives for the rest.
fn errors_found(r: &Report) -> usize {
    let reported = r.errors().count();
    let left_out = r
        .errors()
        .last()
        .and_then(|d| {
            d.notes
                .iter()
                .find_map(|n| n.split_once(" more errors are not reported"))
                .map(|(count, _)| count)
        })
        .map_or(0, |n| n.parse::<usize>().expect("a count"));
    assert!(reported <= MAX_ERRORS + 1, "{reported} errors reported");
    reported + left_out
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < BOUND, "{what} took {took:?}");
    out
}

#[test]
fn ten_megabyte_lines() {
    const MB10: usize = 10 * 1024 * 1024;
    // One huge identifier.
    let src = format!("{} = A;", "a".repeat(MB10));
    let parsed = timed("huge name", || parse("big.tl", &src)).unwrap();
    assert_eq!(parsed.schema.definitions[0].name.name.len(), MB10);
    // One huge comment.
    let src = format!("// {}\nfoo = Foo;", "é".repeat(MB10 / 2));
    assert!(timed("huge comment", || parse("big.tl", &src)).is_ok());
    // A definition with far too many parameters: one error, and the file goes on.
    let src = format!("foo {}= Foo;\nbar = Bar;", "x:int ".repeat(MB10 / 6));
    let r = timed("many params", || parse("big.tl", &src)).unwrap_err();
    assert_eq!(r.errors().count(), 1, "{r}");
    assert!(r.errors().next().unwrap().message.contains("too many"));
    // Ten megabytes of junk tokens on one line, no `;` at all.
    let src = "a:b<c,(d) e ".repeat(MB10 / 12);
    let r = timed("junk line", || parse("big.tl", &src)).unwrap_err();
    assert!(r.has_errors());
    // Many errors along one huge line (half a megabyte: 75,000 errors, which would take hours if
    // each recounted the line from its start): each renders a short window of it.
    let src = "a x:Nope = A; ".repeat(MB10 / 20 / 14);
    let r = timed("many errors on one line", || parse("big.tl", &src)).unwrap_err();
    assert_eq!(
        errors_found(&r),
        2 * (MB10 / 20 / 14) - 1,
        "each `a` but the first is a duplicate"
    );
    assert!(r.diagnostics().iter().all(|d| d.line_text.len() < 400));
}

#[test]
fn huge_doc_blocks_and_repeated_builtins() {
    // A 1.5 MB doc line of 150,000 tags above a definition with 1,000 parameters.
    let params: String = (0..1_000).map(|i| format!("p{i}:int ")).collect();
    let tags: String = (0..150_000)
        .map(|i| format!("@p{} x ", i % 2_000))
        .collect();
    let src = format!("//{tags}\nfoo {params}= Foo;");
    let parsed = timed("tags", || parse("docs.tl", &src)).unwrap();
    assert!(
        parsed.schema.definitions[0]
            .params
            .iter()
            .all(|p| p.doc.is_some())
    );
    // The same built-in line over and over in two files: duplicates within a file are errors,
    // across files allowed, and neither is quadratic.
    let line = "vector {t:Type} # [ t ] = Vector t;\n".repeat(20_000);
    let r = timed("builtins", || {
        parse_files(&[("a.tl", &line), ("b.tl", &line)])
    })
    .unwrap_err();
    assert_eq!(errors_found(&r), 2 * 19_999);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for (open, close) in [("(", ")"), ("Vector<", ">"), ("(Vector ", ")")] {
        let src = format!(
            "foo x:{}int{} = Foo;\nbar = Bar;",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        let r = timed("nesting", || parse("deep.tl", &src)).unwrap_err();
        let errors: Vec<_> = r.errors().collect();
        assert_eq!(errors.len(), 1, "{r}");
        assert!(errors[0].message.contains("nested too deeply"));
    }
    // Unclosed nesting until the end of the file.
    let src = format!("foo x:{}", "(".repeat(100_000));
    assert!(timed("unclosed", || parse("deep.tl", &src)).is_err());
    // Up to the limit is fine (the field's type is level 0).
    let levels = MAX_DEPTH - 1;
    let src = format!(
        "foo x:{}int{} = Foo;",
        "Vector<".repeat(levels),
        ">".repeat(levels)
    );
    assert!(parse("ok.tl", &src).is_ok());
}

#[test]
fn fifty_thousand_definitions() {
    let mut src = String::from("boolFalse = Bool;\nboolTrue = Bool;\n");
    for i in 0..50_000 {
        src.push_str(&format!(
            "t{i} flags:# a:flags.0?true b:Vector<T{}> c:Bool = T{i};\n",
            i / 2
        ));
    }
    let parsed = timed("50k definitions", || parse("many.tl", &src))
        .unwrap_or_else(|r| panic!("{}", r.render(false).lines().next().unwrap_or("")));
    assert_eq!(parsed.schema.definitions.len(), 50_002);
    // And 20,000 broken ones: every error is found (and the first 101 reported).
    let bad: String = (0..20_000)
        .map(|i| format!("t{i} x:Nope{i} = T;\n"))
        .collect();
    let r = timed("20k errors", || parse("bad.tl", &bad)).unwrap_err();
    assert_eq!(errors_found(&r), 20_000);
    // Split over several files, checked together.
    let files: Vec<String> = (0..10)
        .map(|f| {
            (0..2_000)
                .map(|i| format!("c{f}_{i} x:T{} = T{f}_{i};\n", (f + 1) % 10 * 2_000 + i))
                .collect()
        })
        .collect();
    let names: Vec<String> = (0..10).map(|f| format!("f{f}.tl")).collect();
    let refs: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(files.iter().map(String::as_str))
        .collect();
    let r = timed("10 files", || parse_files(&refs));
    // `T{f}_{i}` types exist, `T{n}` do not: every use is unknown, each reported once.
    let r = r.unwrap_err();
    assert_eq!(errors_found(&r), 20_000);
}
