//! A tiny seeded RNG (xorshift64*), so that every generated value can be reproduced from its seed.
//!
//! Not `rand`: the round-trip tests only need reproducible variety, and a seed printed on failure
//! must mean the same bytes on every machine and every version of every dependency.

/// xorshift64* (Vigna 2014): fast, 64-bit state, good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value; zero is remapped, as xorshift must not start at 0).
    pub fn new(seed: u64) -> Self {
        // One round of splitmix64 so that nearby seeds start far apart.
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        Self(if z == 0 { 0x2545_f491_4f6c_dd1d } else { z })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in `0..n` (`n > 0`; the modulo bias is irrelevant here).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "Rng::below(0)");
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u32, den: u32) -> bool {
        self.next_u32() % den < num
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u32() as u8).collect()
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A seed for item `index` of test `name`, so each definition and case has its own stable stream.
pub fn seed_for(base: u64, name: &str, index: u64) -> u64 {
    // FNV-1a of the name: stable across Rust versions, unlike `DefaultHasher`.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ base.rotate_left(17) ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The base seed of a randomized test: `TLGEN_SEED` if set (to reproduce a failure or explore
/// other values), else the test's own `default`.
pub fn base_seed(default: u64) -> u64 {
    std::env::var("TLGEN_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn is_reproducible() {
        let a: Vec<u64> = (0..4)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .scan(Rng::new(7), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(Rng::new(0).next_u64(), 0);
        assert!((0..100).all(|_| Rng::new(3).below(5) < 5));
    }
}
