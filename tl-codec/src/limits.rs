//! Nesting limits for the text and JSON readers, as [`Reader::nested`](tlgen_runtime::Reader::nested)
//! has for bytes: a level count and a stack budget, from the same [`DecodeOptions`], so that no
//! input can overflow a small thread stack (unoptimized builds have frames several KiB large).

use tlgen_runtime::DecodeOptions;

pub(crate) struct Limits {
    depth: u32,
    max_depth: u32,
    /// Where the stack was at the outermost level (0: not entered yet).
    origin: usize,
    max_stack: usize,
}

impl Limits {
    pub(crate) fn new(options: &DecodeOptions) -> Self {
        Self {
            depth: 0,
            max_depth: options.max_depth,
            origin: 0,
            max_stack: options.max_stack_bytes,
        }
    }

    /// Enters one level, or says why not (the message of the error the caller raises).
    pub(crate) fn enter(&mut self) -> Result<(), String> {
        let here = stack_address();
        if self.depth == 0 {
            self.origin = here;
        }
        if self.depth >= self.max_depth || self.origin.abs_diff(here) > self.max_stack {
            return Err(format!("nested deeper than the limit of {}", self.depth));
        }
        self.depth += 1;
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }
}

/// The address of a local of this (never inlined) function's frame: where the stack is now.
/// Only compared, never dereferenced; works whichever way the stack grows.
#[inline(never)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_levels() {
        let mut l = Limits::new(&DecodeOptions {
            max_depth: 2,
            ..DecodeOptions::default()
        });
        assert!(l.enter().is_ok());
        assert!(l.enter().is_ok());
        assert_eq!(l.enter().unwrap_err(), "nested deeper than the limit of 2");
        l.leave();
        assert!(l.enter().is_ok());
    }

    #[test]
    fn measures_the_stack() {
        fn recurse(l: &mut Limits, n: u32) -> Result<u32, String> {
            let pad = std::hint::black_box([0u8; 512]);
            l.enter()?;
            let r = if n == 0 {
                Ok(0)
            } else {
                recurse(l, n - 1).map(|d| d + 1)
            };
            l.leave();
            r.map(|d| d + u32::from(pad[0]))
        }
        let mut l = Limits::new(&DecodeOptions {
            max_depth: u32::MAX,
            max_stack_bytes: 64 * 1024,
            ..DecodeOptions::default()
        });
        // At least 512 bytes a level: the budget is spent before 128 levels.
        assert!(recurse(&mut l, 1000).is_err());
        assert!(recurse(&mut l, 10).is_ok());
    }
}
