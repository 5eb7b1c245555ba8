//! The TL parser on arbitrary text: `parse` (one file) and `parse_files` (the input split in two
//! files at its first NUL, so cross-file validation runs too) must return, never panic; every
//! diagnostic must point inside its file, and the report must render, with colour and without.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlgen_parser::Report;

/// Every diagnostic's span lies in the file it names; the report renders both ways.
fn check(report: &Report, files: &[(&str, &str)]) {
    for d in report.diagnostics() {
        let len = files
            .iter()
            .find(|(name, _)| *name == d.file)
            .map_or(0, |(_, text)| text.len());
        assert!(d.span.start <= d.span.end && d.span.end <= len, "{d:?}");
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
    }
    let _ = report.render(true);
    let _ = report.to_string();
}

fuzz_target!(|data: &[u8]| {
    // Lossy: every input is useful text, and invalid UTF-8 in a real file becomes U+FFFD on read.
    let text = String::from_utf8_lossy(data);
    let one = [("fuzz.tl", &*text)];
    match tlgen_parser::parse(one[0].0, one[0].1) {
        Ok(parsed) => check(&parsed.warnings, &one),
        Err(report) => check(&report, &one),
    }
    let (first, second) = text.split_once('\0').unwrap_or((&text, ""));
    let two = [("a.tl", first), ("b.tl", second)];
    match tlgen_parser::parse_files(&two) {
        Ok(set) => check(&set.warnings, &two),
        Err(report) => check(&report, &two),
    }
});
