//! What both harnesses print: each row's target (issue 5's, or the issue that restated it), its verdict on a measured ratio, and
//! durations in the unit that suits them.

use std::time::Duration;

/// What a row's target asks of the ratio.
#[derive(Clone, Copy)]
pub enum Target {
    /// Ours must be at least this many times faster (grammers' time / ours >= x).
    FasterBy(f64),
    /// Ours may take at most this many times grammers' time.
    AtMostTimes(f64),
    /// No target of its own: the second column is a memcpy of the same bytes.
    Memcpy,
}

/// Issue 5's targets, one per row, but for two restated since: parse by issue 15 (the grammar as
/// nom combinators: at least as fast as grammers, 1.5x the goal), generate by issue 14 (tokens
/// through quote, syn and prettyplease: at most 30x grammers' time, 15x the goal).
pub const PARSE: Target = Target::FasterBy(1.0);
pub const GENERATE: Target = Target::AtMostTimes(30.0);
pub const SERIALIZE: Target = Target::FasterBy(1.5);
pub const DESERIALIZE: Target = Target::FasterBy(2.0);
/// Issue 18's: the diff of two full layers takes less time than generating one (the row's second
/// column is our own generate, not grammers).
pub const DIFF: Target = Target::AtMostTimes(1.0);

impl Target {
    /// The verdict on `speedup` (grammers' time / ours): `MET >= 2x faster`,
    /// `MISSED <= 5x time (6.10x)`, or for a memcpy row how many times a copy's time it took.
    pub fn verdict(self, speedup: f64) -> String {
        let met = |ok: bool| if ok { "MET" } else { "MISSED" };
        match self {
            Target::FasterBy(x) => format!("{} >= {x}x faster", met(speedup >= x)),
            Target::AtMostTimes(x) => {
                let times = 1.0 / speedup;
                format!("{} <= {x}x time ({times:.2}x)", met(times <= x))
            }
            Target::Memcpy => format!("{:.1}x memcpy's time", 1.0 / speedup),
        }
    }
}

/// A duration in the unit that suits it: `712 ns`, `3.54 µs`, `53.32 ms`, `1.250 s`.
pub fn fmt(d: Duration) -> String {
    let ns = d.as_secs_f64() * 1e9;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.3} s", ns / 1e9)
    }
}
