//! A parser of TL (Type Language) schemas into a [`Schema`] tree with spans, docs, layer and ids,
//! with validation and `file:line:col` diagnostics.
//!
//! ```
//! let parsed = tlgen_parser::parse("a.tl", "boolTrue#997275b5 = Bool;").unwrap();
//! let def = &parsed.schema.definitions[0];
//! assert_eq!(def.computed_id, 0x997275b5);
//! assert!(parsed.warnings.is_empty());
//! ```
//!
//! Parsing happens in three passes per call: syntax (each file, recovering at the next `;` after an
//! error), ids (per file, since the `bytes` rule depends on the file), validation (all files
//! together, since a type may be defined in one file and used in another).

pub mod ast;
mod definition;
pub mod diagnostic;
mod docs;
mod file;
pub mod id;
mod lex;
mod scalar;
mod syntax_error;
mod types;
mod validate;

pub use ast::*;
pub use diagnostic::{Diagnostic, Report, Severity};
pub use id::{
    KNOWN_ID_EXCEPTIONS, compute_id, declares_bytes, normalized, owns_shared_id, shared_id_owners,
};
pub use scalar::Scalar;
pub use types::{MAX_DEPTH, MAX_ITEMS};
pub use validate::BUILTIN_BARE;

use diagnostic::SourceFile;

/// How many errors are reported: syntax errors per file (parsing gives up on the rest of the
/// file), and validation errors in all (the next one is reported with a count of those left
/// out). Errors past the first few are mostly echoes, and without a cap 10 MB of `;` would make
/// ten million diagnostics (gigabytes). A capped parse still fails: nothing is accepted silently.
pub const MAX_ERRORS: usize = 100;

/// One parsed file and the warnings about it.
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    pub schema: Schema<'a>,
    /// Warnings only (e.g. declared ids that differ from the computed ones); errors give `Err`.
    pub warnings: Report,
}

/// Several files parsed and validated together.
#[derive(Debug, Clone)]
pub struct ParsedSet<'a> {
    /// One schema per file, in the order given.
    pub schemas: Vec<Schema<'a>>,
    pub warnings: Report,
}

/// Parses one file. `Ok` holds the schema and its warnings (e.g. id mismatches); `Err` holds every
/// error found, and the warnings too.
pub fn parse<'a>(file_name: &'a str, source: &'a str) -> Result<Parsed<'a>, Report> {
    let set = parse_files(&[(file_name, source)])?;
    let ParsedSet {
        mut schemas,
        warnings,
    } = set;
    match schemas.pop() {
        Some(schema) => Ok(Parsed { schema, warnings }),
        // parse_files gives one schema per file; this only keeps the function total.
        None => Err(warnings),
    }
}

/// Parses several files and validates them together: a type may be defined in one file and used in
/// another, and a definition name may repeat across files only for identical built-in lines (such as
/// `vector` in both api.tl and mtproto.tl).
pub fn parse_files<'a>(files: &[(&'a str, &'a str)]) -> Result<ParsedSet<'a>, Report> {
    let sources: Vec<SourceFile<'a>> = files
        .iter()
        .map(|&(name, text)| SourceFile::new(name, text))
        .collect();
    let mut diagnostics = Vec::new();
    let mut schemas = Vec::with_capacity(files.len());
    let mut recovered = Vec::new();
    let mut complete = true;
    for source in &sources {
        let mut parsed = file::parse_file(source);
        diagnostics.append(&mut parsed.diagnostics);
        recovered.append(&mut parsed.recovered_names);
        complete &= !parsed.stopped_early;
        id::assign_ids(&mut parsed.schema, source, &mut diagnostics);
        schemas.push(parsed.schema);
    }
    // A file cut short leaves types undefined that its unread part may define; validating
    // anyway would bury the syntax errors under "unknown type" echoes.
    if complete {
        validate::validate(&schemas, &sources, &recovered, &mut diagnostics);
    }

    let mut report = Report::from(diagnostics);
    let names: Vec<&str> = files.iter().map(|f| f.0).collect();
    report.sort_by_file_order(&names);
    if report.has_errors() {
        Err(report)
    } else {
        Ok(ParsedSet {
            schemas,
            warnings: report,
        })
    }
}
