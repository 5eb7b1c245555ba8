//! Helpers shared by the robustness tests (nesting, alloc_bounds, hostile_input, shared_flag_bits,
//! parser_hostile): a schema-driven generator of valid TL bytes, the ~30 KB payload, a counting
//! allocator, small stacks. (The seeded RNG is the crate's own, `tlgen_tests::rng`.)
//!
//! Each test binary compiles this module and uses only part of it, hence the `dead_code` allow.
#![allow(dead_code)]

pub mod alloc;
pub mod payload;
pub mod schema;

use std::process::Command;
use std::thread;

/// The stack size the issue asks decoders to survive on: far below the 2 MiB (or 8 MiB) default,
/// like the worker threads of many async runtimes and embedded targets.
pub const SMALL_STACK: usize = 256 * 1024;

/// Runs `f` on a fresh thread with a [`SMALL_STACK`] stack and returns its result. The thread is
/// named after `what`, so that a stack overflow (which aborts the process) names its culprit.
pub fn on_small_stack<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    on_stack(what, SMALL_STACK, f)
}

/// Runs `f` on a fresh thread with a `stack`-byte stack, propagating a panic.
pub fn on_stack<T: Send + 'static>(
    what: &str,
    stack: usize,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let handle = thread::Builder::new()
        .name(what.to_owned())
        .stack_size(stack)
        .spawn(f)
        .expect("spawn a test thread");
    match handle.join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Set in the environment of a child process: what the binary's `child` test is to do.
pub const CHILD_TASK: &str = "TLGEN_CHILD_TASK";

/// The task this process was started for by [`in_child`], if it is such a child.
pub fn child_task() -> Option<String> {
    std::env::var(CHILD_TASK).ok()
}

/// Runs `task` in a child process: this test binary, running only its test named `child`, which
/// reads the task with [`child_task`]. A stack overflow aborts the whole process, so checks that
/// may overflow run this way: the overflow then fails one test, with the child's stderr (the
/// runtime's "has overflowed its stack" and the thread's name) in `Err`, instead of killing every
/// test of the binary.
pub fn in_child(task: &str) -> Result<(), String> {
    let exe = std::env::current_exe().expect("the test binary's path");
    let out = Command::new(exe)
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env(CHILD_TASK, task)
        .output()
        .expect("run the child test");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "child `{task}` {}:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
