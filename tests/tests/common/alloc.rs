//! A counting global allocator: per thread, the peak bytes held while counting is on, and
//! optionally a budget past which allocations fail (the process then aborts, so run code under a
//! budget in a child process: `common::in_child`). A test binary that wants it installs it with
//! `#[global_allocator] static ALLOCATOR: common::alloc::Counting = common::alloc::Counting;`
//! (only one allocator per binary, hence not installed here).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts, per thread, the bytes allocated while that thread has counting on. Per thread because
/// the test harness runs tests on parallel threads.
pub struct Counting;

thread_local! {
    static ON: Cell<bool> = const { Cell::new(false) };
    static HELD: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static BUDGET: Cell<isize> = const { Cell::new(isize::MAX) };
}

/// Counts `delta` bytes, unless that would take this thread past its budget: then `false`, and
/// the allocation is refused.
fn track(delta: isize) -> bool {
    // `try_with`: the allocator also runs while thread-locals are being destroyed.
    ON.try_with(|on| {
        if !on.get() {
            return true;
        }
        let held = HELD.get() + delta;
        if delta > 0 && held > BUDGET.get() {
            return false;
        }
        HELD.set(held);
        PEAK.set(PEAK.get().max(held));
        true
    })
    .unwrap_or(true)
}

// SAFETY: every call goes to `System` unchanged; the counting happens on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !track(layout.size() as isize) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !track(layout.size() as isize) {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !track(new_size as isize - layout.size() as isize) {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f`, returning its result and the most bytes this thread held at once during it (beyond
/// what it held before). Only meaningful in a binary that installed [`Counting`].
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    HELD.set(0);
    PEAK.set(0);
    ON.set(true);
    let value = f();
    ON.set(false);
    (value, PEAK.get().max(0) as usize)
}

/// [`peak_during`], with allocations refused (so the process aborts: "memory allocation of N
/// bytes failed") once this thread would hold more than `budget` bytes.
pub fn peak_within<T>(budget: usize, f: impl FnOnce() -> T) -> (T, usize) {
    BUDGET.set(budget as isize);
    let out = peak_during(f);
    BUDGET.set(isize::MAX);
    out
}
