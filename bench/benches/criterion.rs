//! The rows of `compare.rs` measured by criterion: `cargo bench -p tlgen-bench --bench criterion`.
//!
//! Each row is a criterion group with two functions, `ours` and `grammers`, so each side gets
//! criterion's statistics and its comparison with the previous run (`change: -12.3%`), which is
//! what to watch when optimizing one side. After the groups, a table of ratios is printed from
//! criterion's own estimates (the median time per iteration, read back from
//! `target/criterion/<row>/<side>/new/estimates.json`).
//!
//! Criterion measures one side after the other, so load from other work during one of them skews
//! that row's ratio; `compare.rs` alternates the sides sample by sample for that reason, and its
//! table is the one the README quotes. On a quiet machine the two tables agree.
//!
//! Arguments are criterion's: a filter (`serialize`), `--quick`, `--save-baseline <name>`, ...

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput};
use grammers_tl_types::{Deserializable as _, Serializable as _};
use tlgen_bench::report::{DESERIALIZE, GENERATE, PARSE, SERIALIZE, Target, fmt};
use tlgen_bench::workloads::{
    API, MTPROTO, generate_grammers, generate_ours_count, parse_grammers, parse_ours,
};
use tlgen_runtime::{Deserialize as _, Serialize as _};

/// One row: its criterion group, and issue 5's target for it.
struct Row {
    group: &'static str,
    target: Target,
}

const ROWS: [Row; 5] = [
    Row {
        group: "parse",
        target: PARSE,
    },
    Row {
        group: "generate",
        target: GENERATE,
    },
    Row {
        group: "serialize_reused",
        target: SERIALIZE,
    },
    Row {
        group: "serialize_to_bytes",
        target: SERIALIZE,
    },
    Row {
        group: "deserialize",
        target: DESERIALIZE,
    },
];

fn main() {
    let started = SystemTime::now();
    let out = output_directory();
    let mut c = Criterion::default()
        .output_directory(&out)
        .configure_from_args();
    let [parse, generate, reused, to_bytes, deserialize] = ROWS.map(|row| row.group);

    let mut group = c.benchmark_group(parse);
    group.throughput(Throughput::Bytes((API.len() + MTPROTO.len()) as u64));
    group.bench_function("ours", |b| b.iter(parse_ours));
    group.bench_function("grammers", |b| b.iter(parse_grammers));
    group.finish();

    // 25-55 ms per iteration: criterion's least sample count keeps the row to seconds.
    let mut group = c.benchmark_group(generate);
    group.sample_size(10);
    group.bench_function("ours", |b| b.iter(generate_ours_count));
    group.bench_function("grammers", |b| b.iter(generate_grammers));
    group.finish();

    let ours = tlgen_bench::payload::ours();
    let theirs = tlgen_bench::payload::grammers();
    let bytes = ours.to_bytes();
    // Same work on both sides, or the ratio means nothing.
    assert!(
        bytes == theirs.to_bytes(),
        "the two payloads serialize differently"
    );
    let n = bytes.len();

    let mut group = c.benchmark_group(reused);
    group.throughput(Throughput::Bytes(n as u64));
    let mut buf = Vec::with_capacity(n);
    group.bench_function("ours", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&ours).serialize(&mut buf);
            buf.len()
        })
    });
    group.bench_function("grammers", |b| {
        b.iter(|| {
            buf.clear();
            black_box(&theirs).serialize(&mut buf);
            buf.len()
        })
    });
    group.finish();

    let mut group = c.benchmark_group(to_bytes);
    group.throughput(Throughput::Bytes(n as u64));
    group.bench_function("ours", |b| b.iter(|| black_box(&ours).to_bytes()));
    group.bench_function("grammers", |b| b.iter(|| black_box(&theirs).to_bytes()));
    group.finish();

    let mut group = c.benchmark_group(deserialize);
    group.throughput(Throughput::Bytes(n as u64));
    group.bench_function("ours", |b| {
        b.iter(|| tlgen_telegram::enums::messages::Messages::from_bytes(black_box(&bytes)))
    });
    group.bench_function("grammers", |b| {
        b.iter(|| grammers_tl_types::enums::messages::Messages::from_bytes(black_box(&bytes)))
    });
    group.finish();

    c.final_summary();
    print_ratios(&out, started);
}

/// Where criterion keeps its results: `target/criterion`, found from this executable's path
/// (`target/<profile>/deps/criterion-<hash>`), so that the table below reads what criterion
/// wrote wherever the target directory is.
fn output_directory() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .nth(3)
                .map(|target| target.join("criterion"))
        })
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// The median time per iteration criterion estimated for `side` of `group` in this run (results
/// older than `since`, from an earlier run, do not count).
fn median_ns(out: &Path, group: &str, side: &str, since: SystemTime) -> Option<f64> {
    let path = out.join(group).join(side).join("new/estimates.json");
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    if modified < since {
        return None;
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
    json["median"]["point_estimate"].as_f64()
}

/// The table of ratios, for the rows measured in this run.
fn print_ratios(out: &Path, since: SystemTime) {
    let measured: Vec<(&Row, f64, f64)> = ROWS
        .iter()
        .filter_map(|row| {
            let ours = median_ns(out, row.group, "ours", since)?;
            let theirs = median_ns(out, row.group, "grammers", since)?;
            Some((row, ours, theirs))
        })
        .collect();
    if measured.is_empty() {
        // `cargo test` runs each function once without measuring: nothing to compare.
        return;
    }
    println!();
    println!("tlgen vs grammers, criterion's median time per iteration (this run):");
    println!();
    println!(
        "| row                | ours         | grammers     | speedup | target                      |"
    );
    println!(
        "|--------------------|--------------|--------------|---------|-----------------------------|"
    );
    for (row, ours, theirs) in measured {
        let speedup = theirs / ours;
        println!(
            "| {:<18} | {:>12} | {:>12} | {speedup:>6.2}x | {:<27} |",
            row.group,
            fmt(Duration::from_secs_f64(ours / 1e9)),
            fmt(Duration::from_secs_f64(theirs / 1e9)),
            row.target.verdict(speedup),
        );
    }
    println!();
    println!("speedup = grammers' time / ours (> 1: ours is faster)");
}
