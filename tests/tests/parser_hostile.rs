//! Parser robustness beyond tlgen-parser's own `robustness.rs` (arbitrary text, token soup, mutated
//! lines, 10 MB lines, deep nesting, 50,000 definitions, all timed): here, arbitrary *bytes*,
//! mutations of the whole real schema files parsed together, pathological shapes that test does
//! not try, everything also bounded in *memory* (a counting allocator, installed here, so this
//! file is its own test binary), and deep nesting on a 256 KiB stack.

mod common;

use std::time::{Duration, Instant};

use common::alloc::{Counting, peak_within};
use common::schema::{API, MTPROTO};
use common::{child_task, in_child, on_small_stack};
use tlgen_parser::{Report, parse, parse_files};
use tlgen_tests::rng::Rng;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Every diagnostic points inside its file, and the report renders, with and without colour.
fn check_report(report: &Report, files: &[(&str, &str)]) {
    for d in report.diagnostics() {
        let source = files
            .iter()
            .find(|(name, _)| *name == d.file)
            .map_or("", |(_, text)| *text);
        assert!(
            d.span.start <= d.span.end && d.span.end <= source.len(),
            "{d:?}"
        );
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
    }
    let _ = report.render(true);
    let _ = report.to_string();
}

/// Parses `files` together; whatever the outcome, the report is well-formed.
fn parse_and_check(files: &[(&str, &str)]) -> Result<(), Report> {
    match parse_files(files) {
        Ok(set) => {
            check_report(&set.warnings, files);
            Ok(())
        }
        Err(report) => {
            assert!(report.has_errors());
            check_report(&report, files);
            Err(report)
        }
    }
}

/// Runs `f`, failing if it takes longer than [`time_bound`] for `input_len` bytes or holds more
/// than [`linear`] of it at once. Past that, allocations are refused and the process aborts, so
/// that a runaway case cannot take the machine's memory with it: callers whose cases might run
/// away use a child process.
fn bounded<T>(what: &str, input_len: usize, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let (out, peak) = peak_within(linear(input_len), f);
    let took = start.elapsed();
    eprintln!("{what}: {took:.2?}, peak {} KiB", peak / 1024);
    assert!(took < time_bound(input_len), "{what} took {took:?}");
    out
}

/// Time a parse may take for `input_len` bytes: generous for a debug build on a busy 2-core
/// machine (about ten times what it takes there), but linear, so that a quadratic pass on a few
/// hundred KB already fails.
fn time_bound(input_len: usize) -> Duration {
    // Two seconds, and two more per MB (2 µs a byte).
    Duration::from_secs(2) + Duration::from_micros(2 * input_len as u64)
}

/// Memory a parse may hold for `input_len` bytes of text: linear, with a constant factor that a
/// syntax tree with spans of every token plausibly needs, plus a little fixed overhead. The
/// densest case, `a x:Nope = A; ` over and over, is a 312-byte definition and a 208-byte
/// parameter per 14 bytes (37x), and a `Vec` briefly holds its old and new buffer as it grows.
fn linear(input_len: usize) -> usize {
    128 * input_len + (1 << 20)
}

/// Arbitrary bytes, as a caller reading a file of unknown encoding would pass them: lossily
/// decoded. Half pure noise, half biased to TL's punctuation so the parser gets past the start.
#[test]
fn arbitrary_bytes() {
    const PUNCT: &[u8] = b"#:?.<>(){}[]=;%!_ \n\r\t/*-@";
    let mut rng = Rng::new(0x9a75e);
    for i in 0..20_000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = if i % 2 == 0 {
            rng.bytes(len)
        } else {
            (0..len)
                .map(|_| match rng.below(4) {
                    0 => *rng.pick(PUNCT),
                    1 => b'a' + rng.below(26) as u8,
                    2 => b'0' + rng.below(10) as u8,
                    _ => rng.next_u32() as u8,
                })
                .collect()
        };
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_and_check(&[("bytes.tl", &text)]);
    }
}

/// What a careless edit does to a schema file: a byte inserted, deleted or changed, a line lost,
/// doubled or moved, a `;` or a bracket gone.
fn mutate_file(text: &str, rng: &mut Rng, edits: usize) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..edits {
        let at = rng
            .below(bytes.len() + 1)
            .min(bytes.len().saturating_sub(1));
        match rng.below(7) {
            0 => bytes.insert(at, rng.next_u32() as u8),
            1 => {
                bytes.remove(at);
            }
            2 => bytes[at] = *rng.pick(b"#:?.<>(){}=;% \n"),
            3 | 4 => {
                // A whole line: deleted, or copied elsewhere.
                let start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| at + i + 1);
                let line: Vec<u8> = bytes.drain(start..end).collect();
                if rng.chance(1, 2) {
                    let to = rng.below(bytes.len() + 1);
                    bytes.splice(to..to, line.iter().copied().chain(line.iter().copied()));
                }
            }
            5 => {
                if let Some(i) = bytes[at..].iter().position(|&b| b == b';') {
                    bytes.remove(at + i);
                }
            }
            _ => {
                if let Some(i) = bytes[at..].iter().position(|&b| b"<>()".contains(&b)) {
                    bytes.remove(at + i);
                }
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The real api.tl and mtproto.tl, mutated in up to 40 places, parsed together (so validation
/// runs across files on a damaged type graph): diagnostics or success, well-formed, in bounded
/// time and memory.
#[test]
fn mutated_whole_schemas() {
    let mut rng = Rng::new(0xa91);
    let mut failed = 0;
    for round in 0..12 {
        let edits = 1 + rng.below(40);
        let api = mutate_file(API, &mut rng, edits);
        let mtproto = mutate_file(MTPROTO, &mut rng, 1 + edits / 8);
        let files = [("api.tl", api.as_str()), ("mtproto.tl", mtproto.as_str())];
        let result = bounded(
            &format!("mutated schemas, round {round}, {edits} edits"),
            api.len() + mtproto.len(),
            || parse_and_check(&files),
        );
        failed += usize::from(result.is_err());
    }
    // Some edits are harmless (inside a comment); most are not.
    assert!(failed >= 6, "{failed}");
}

/// The child side of [`deep_nesting_on_a_small_stack`].
fn deep_nesting() {
    for (open, close) in [
        ("(", ")"),
        ("Vector<", ">"),
        ("<", ">"),
        ("(Vector ", ")"),
        ("{", "}"),
        ("[", "]"),
        ("%(", ")"),
    ] {
        let src = format!(
            "foo x:{}int{} = Foo;\nbar = Bar;",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        let what = format!("100,000 x {open}");
        let report = on_small_stack(&what, move || {
            parse("deep.tl", &src).map(drop).expect_err("too deep")
        });
        assert!(report.has_errors(), "{what}");
    }
    // As a result type and inside generics, too.
    let src = format!(
        "foo = {}Foo{};",
        "Vector<".repeat(100_000),
        ">".repeat(100_000)
    );
    assert!(on_small_stack("deep result", move || parse(
        "deep.tl", &src
    )
    .is_err()));
    let src = format!(
        "---functions---\nf {{X:{}Type{}}} = X;",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert!(on_small_stack("deep generic", move || parse(
        "deep.tl", &src
    )
    .is_err()));
}

/// Deep nesting, of every bracket kind, gives a diagnostic on a 256 KiB stack too, the stack the
/// decoder is held to (robustness.rs checks it on the test harness's 2 MiB). In a child process,
/// since an overflow aborts.
#[test]
fn deep_nesting_on_a_small_stack() {
    in_child("deep").unwrap_or_else(|e| panic!("{e}"));
}

/// Not a test on its own: the body of the tests that run in a child process.
#[test]
fn child() {
    match child_task().as_deref() {
        None => {}
        Some("deep") => deep_nesting(),
        Some(task) => match task.strip_prefix("case:") {
            Some(index) => hostile_case(index.parse().expect("a case index")),
            None => panic!("unknown child task {task}"),
        },
    }
}

const MB: usize = 1 << 20;
const N: usize = 50_000;

/// Pathological inputs robustness.rs does not try, each with a name and a builder (some are 10 MB,
/// so they are built only when run): long lines of one token, huge numbers, and many definitions
/// in shapes that stress the passes after syntax (duplicates, a 50,000-long chain of types for
/// validation to follow, section markers, doc comments piling up).
/// A named input, built on demand.
type Case = (&'static str, fn() -> String);

fn hostile_cases() -> Vec<Case> {
    vec![
        ("10 MB of `(`", || "(".repeat(10 * MB)),
        ("10 MB of `;`", || ";".repeat(10 * MB)),
        ("2 MB of `<`", || {
            format!("foo x:Vector{}", "<".repeat(2 * MB))
        }),
        ("a 2 MB hex id", || {
            format!("foo#{} = Foo;", "f".repeat(2 * MB))
        }),
        ("a 2 MB flag bit", || {
            format!("foo f:# x:f.{}?int = Foo;", "9".repeat(2 * MB))
        }),
        ("a 2 MB layer", || {
            format!("// LAYER {}\nfoo = Foo;", "7".repeat(2 * MB))
        }),
        ("2 MB of CR", || "\r".repeat(2 * MB)),
        ("2 MB unterminated /*", || {
            format!("/*{}", "*".repeat(2 * MB))
        }),
        ("2 MB of `/*`", || "/*".repeat(MB)),
        ("a 2 MB doc tag line", || {
            format!("//@description {}\nfoo = Foo;", "@a b ".repeat(2 * MB / 5))
        }),
        ("2 MB of `a:`", || format!("foo {}", "a:".repeat(MB))),
        ("2 MB of flag refs", || {
            format!("foo f:# {}= Foo;", "x:f.31?int ".repeat(2 * MB / 11))
        }),
        ("2 MB of generics", || {
            format!("---functions---\nf {}= X;", "{X:Type} ".repeat(2 * MB / 9))
        }),
        ("2 MB of unknown types", || {
            "a x:Nope = A; ".repeat(2 * MB / 14)
        }),
        ("50,000 copies of one definition", || {
            "foo x:int = Foo;\n".repeat(N)
        }),
        ("50,000 copies of one id", || {
            (0..N).map(|i| format!("c{i}#1234abcd = Foo;\n")).collect()
        }),
        ("a 50,000-long chain of types", || {
            (0..N)
                .map(|i| format!("t{i} next:T{} = T{i};\n", i + 1))
                .collect::<String>()
                + "tEnd = T50000;\n"
        }),
        ("a 50,000-type cycle", || {
            (0..N)
                .map(|i| format!("t{i} next:T{} = T{i};\n", (i + 1) % N))
                .collect()
        }),
        ("50,000 section markers", || {
            (0..N)
                .map(|i| format!("---functions---\nf{i} = X;\n---types---\n"))
                .collect()
        }),
        ("20,000 doc lines on one definition", || {
            "//@description line\n".repeat(20_000) + "foo = Foo;\n"
        }),
        ("10,000 typos, each one edit from 10,000 type names", || {
            let types = (0..10_000).map(|i| format!("t{i} = Type{i:05};\n"));
            let typos = (0..10_000).map(|i| format!("u{i} x:Typo{i:05} = U;\n"));
            types.chain(typos).collect()
        }),
        ("50,000 section markers with spaces", || {
            (0..N)
                .map(|i| format!("--- functions ---\nf{i} = X;\n---  types  ---\n"))
                .collect()
        }),
        ("50,000 class docs", || {
            (0..N)
                .map(|i| format!("//@class C{i} @description d\n"))
                .collect()
        }),
    ]
}

/// The child side of [`pathological_inputs_in_bounded_time_and_memory`]: case `index`.
fn hostile_case(index: usize) {
    let (what, build) = hostile_cases()[index];
    let src = build();
    bounded(what, src.len(), || {
        let _ = parse_and_check(&[("hostile.tl", &src)]);
    });
}

/// Each pathological input parses to diagnostics or success in time and memory linear in its size
/// ([`time_bound`], [`linear`]): each in a child process whose allocations fail past that bound, so a
/// runaway case is reported without exhausting the machine.
#[test]
fn pathological_inputs_in_bounded_time_and_memory() {
    let failures: Vec<String> = hostile_cases()
        .iter()
        .enumerate()
        .filter_map(|(i, (what, build))| {
            in_child(&format!("case:{i}")).err().map(|e| {
                let bound = linear(build().len());
                format!("{what} (bound {} MiB): {e}", bound >> 20)
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The real schemas parse in linear memory too (a baseline for the bounds above).
#[test]
fn real_schemas_in_linear_memory() {
    let files = [("api.tl", API), ("mtproto.tl", MTPROTO)];
    bounded("api.tl + mtproto.tl", API.len() + MTPROTO.len(), || {
        parse_and_check(&files).expect("schema/ parses")
    });
}
