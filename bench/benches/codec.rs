//! The schema-driven codec (tlgen-codec) next to the generated decoder, on issue 5's payload
//! (`messages.messages`, 100 messages, 10 users): how many times slower it is to decode and print
//! a value given only the schema, and where that time goes.
//!
//! `cargo bench -p tlgen-bench --bench codec` (`--quick` samples less; `--loop <name> <seconds>`
//! runs the variant named `<name>` in a loop, for a profiler). As in `compare.rs`, every
//! variant is sampled in turn (one batch each, round after round), so load from other work on the
//! machine hits all alike; the table shows the fastest batch mean of each and the median. A
//! counting allocator gives the allocations per iteration, the usual suspect in a dynamic
//! decoder. Without `--bench` (as `cargo test --all-targets` runs it) it only checks that the
//! variants agree.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tlgen_bench::workloads::{API, MTPROTO};
use tlgen_codec::{Json, Schema, Text, TypeRef, Value, decode};
use tlgen_runtime::{DecodeOptions, Deserialize as _, Serialize as _};

/// Counts allocations, to report them per iteration.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to `System` unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

struct Variant<'a> {
    name: &'static str,
    run: Box<dyn FnMut() -> usize + 'a>,
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let quick = std::env::args().any(|a| a == "--quick");
    let parsed = tlgen_parser::parse_files(&[("api.tl", API), ("mtproto.tl", MTPROTO)]).unwrap();
    let schema = Schema::from_parsed(&parsed.schemas).unwrap();
    let bytes = tlgen_bench::payload::ours().to_bytes();
    let any = TypeRef::any();
    let options = DecodeOptions::default();
    let decoded: Value = decode(&schema, &bytes, &any, options).unwrap();
    let generated = tlgen_telegram::enums::messages::Messages::from_bytes(&bytes).unwrap();
    // The codec reads the payload as the generated decoder does: same bytes back.
    assert_eq!(tlgen_codec::encode(&schema, &decoded, &any).unwrap(), bytes);
    assert_eq!(generated.to_bytes(), bytes);
    if !bench_mode {
        eprintln!("codec: smoke check passed; run `cargo bench -p tlgen-bench --bench codec`");
        return;
    }

    let mut out = String::with_capacity(1 << 20);
    let variants: Vec<Variant<'_>> = vec![
        Variant {
            name: "generated: from_bytes",
            run: Box::new(|| {
                let v = tlgen_telegram::enums::messages::Messages::from_bytes(&bytes).unwrap();
                std::mem::size_of_val(&v)
            }),
        },
        Variant {
            name: "codec: decode",
            run: Box::new(|| match decode(&schema, &bytes, &any, options).unwrap() {
                Value::Object(o) => o.fields.len(),
                _ => 0,
            }),
        },
        Variant {
            name: "codec: print TL text (decoded)",
            run: Box::new(|| {
                out.clear();
                write!(out, "{}", Text::new(&schema, &decoded)).unwrap();
                out.len()
            }),
        },
        Variant {
            name: "codec: decode + print TL text",
            run: Box::new(|| {
                let mut s = String::new();
                let v = decode(&schema, &bytes, &any, options).unwrap();
                write!(s, "{}", Text::new(&schema, &v)).unwrap();
                s.len()
            }),
        },
        Variant {
            name: "codec: decode + print {:#}",
            run: Box::new(|| {
                let v = decode(&schema, &bytes, &any, options).unwrap();
                format!("{:#}", Text::new(&schema, &v)).len()
            }),
        },
        Variant {
            name: "codec: decode + print JSON",
            run: Box::new(|| {
                let v = decode(&schema, &bytes, &any, options).unwrap();
                Json::new(&schema, &v).to_string().len()
            }),
        },
        Variant {
            name: "generated: from_bytes + {:?}",
            run: Box::new(|| {
                let v = tlgen_telegram::enums::messages::Messages::from_bytes(&bytes).unwrap();
                format!("{v:?}").len()
            }),
        },
    ];
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--loop") {
        let name = args.get(at + 1).map_or("", String::as_str);
        let seconds: f64 = args.get(at + 2).and_then(|s| s.parse().ok()).unwrap_or(5.0);
        let start = Instant::now();
        let mut chosen: Vec<Variant<'_>> =
            variants.into_iter().filter(|v| v.name == name).collect();
        while start.elapsed().as_secs_f64() < seconds {
            for v in &mut chosen {
                black_box((v.run)());
            }
        }
        return;
    }
    run(variants, bytes.len(), if quick { 5.0 } else { 30.0 });
}

fn run(mut variants: Vec<Variant<'_>>, payload: usize, seconds: f64) {
    let batches: Vec<usize> = variants
        .iter_mut()
        .map(|v| batch_size(&mut v.run))
        .collect();
    let allocations: Vec<usize> = variants
        .iter_mut()
        .map(|v| {
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            black_box((v.run)());
            ALLOCATIONS.load(Ordering::Relaxed) - before
        })
        .collect();
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); variants.len()];
    let start = Instant::now();
    while samples[0].len() < 10 || start.elapsed().as_secs_f64() < seconds {
        for ((v, batch), s) in variants.iter_mut().zip(&batches).zip(&mut samples) {
            s.push(sample(&mut v.run, *batch));
        }
    }
    let rounds = samples[0].len();
    let stats: Vec<(Duration, Duration)> = samples
        .into_iter()
        .map(|mut s| {
            s.sort();
            (s[0], s[s.len() / 2])
        })
        .collect();
    let base = stats[0].0.as_secs_f64();
    println!("\nissue 5's payload, {payload} bytes; {rounds} rounds");
    println!(
        "{:<34} {:>10} {:>10} {:>9} {:>12}",
        "variant", "best", "median", "x decode", "allocations"
    );
    for ((v, (best, median)), allocs) in variants.iter().zip(&stats).zip(&allocations) {
        println!(
            "{:<34} {:>10} {:>10} {:>8.1}x {:>12}",
            v.name,
            format!("{:.1} µs", best.as_secs_f64() * 1e6),
            format!("{:.1} µs", median.as_secs_f64() * 1e6),
            best.as_secs_f64() / base,
            allocs
        );
    }
    println!("(x decode: the fastest batch mean, over the generated decoder's)");
}

/// The number of iterations that takes at least 2 ms.
fn batch_size(f: &mut dyn FnMut() -> usize) -> usize {
    let mut batch = 1;
    loop {
        let t = sample(f, batch) * batch as u32;
        if t >= Duration::from_millis(2) || batch >= 1 << 20 {
            return batch;
        }
        batch *= 2;
    }
}

/// Time per iteration over one batch.
fn sample(f: &mut dyn FnMut() -> usize, batch: usize) -> Duration {
    let start = Instant::now();
    for _ in 0..batch {
        black_box(f());
    }
    start.elapsed() / batch as u32
}
