//! The TL parser on arbitrary text: `parse` (one file) and `parse_files` (the input split in two
//! files at its first NUL, so cross-file validation runs too) must return, never panic, and their
//! diagnostics must render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Lossy: every input is useful text, and invalid UTF-8 in a real file becomes U+FFFD on read.
    let text = String::from_utf8_lossy(data);
    match tl_parser::parse("fuzz.tl", &text) {
        Ok(parsed) => {
            let _ = parsed.warnings.to_string();
        }
        Err(report) => {
            let _ = report.to_string();
        }
    }
    let (first, second) = text.split_once('\0').unwrap_or((&text, ""));
    if let Err(report) = tl_parser::parse_files(&[("a.tl", first), ("b.tl", second)]) {
        let _ = report.to_string();
    }
});
