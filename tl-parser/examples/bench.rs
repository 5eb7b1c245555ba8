//! Times parse+validate of schema/api.tl and schema/mtproto.tl (run with `--release`).
use std::time::Instant;

fn main() {
    let api = include_str!("../../schema/api.tl");
    let mtproto = include_str!("../../schema/mtproto.tl");
    let runs: u32 = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let start = Instant::now();
    for _ in 0..runs {
        let set = tlgen_parser::parse_files(&[("api.tl", api), ("mtproto.tl", mtproto)]);
        assert!(set.is_ok());
    }
    let per = start.elapsed() / runs;
    let mb = (api.len() + mtproto.len()) as f64 / 1e6;
    println!(
        "{per:?} per parse+validate ({:.0} MB/s)",
        mb / per.as_secs_f64()
    );
}
