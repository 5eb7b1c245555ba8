//! What `tlgen decode` and `tlgen encode` share: the schema (given, or Telegram's, embedded), the
//! input (an argument, a file or stdin), the output format, and the exit code for bad input.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use tlgen_codec::{Schema, TypeRef};

use crate::generate::{EXIT_IO, EXIT_SCHEMA};

/// Exit code when the bytes or text to decode or encode are not valid for the schema.
pub const EXIT_INPUT: u8 = 5;

/// Telegram's schema, as this binary was built with it: what `--schema` defaults to. (`tlgen/schema/`
/// links to the repository's `schema/`, so that the published package holds the files.)
const EMBEDDED: [(&str, &str); 2] = [
    ("schema/api.tl", include_str!("../schema/api.tl")),
    ("schema/mtproto.tl", include_str!("../schema/mtproto.tl")),
];

/// How values are written and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// TL text, as Telegram's documentation writes values: `(name field:value ...)`.
    Tl,
    /// JSON: `{"_": "name", "field": value, ...}`.
    Json,
}

/// The schema files given, or the embedded ones; schema errors are reported and exit 3.
pub fn load_schema(paths: &[PathBuf]) -> Result<Schema, ExitCode> {
    let mut sources = Vec::with_capacity(paths.len());
    for path in paths {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((path.display().to_string(), text)),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return Err(ExitCode::from(EXIT_IO));
            }
        }
    }
    let files: Vec<(&str, &str)> = if paths.is_empty() {
        EMBEDDED.to_vec()
    } else {
        sources
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect()
    };
    let parsed = tlgen_parser::parse_files(&files).map_err(|report| {
        eprintln!("{}", report.render(std::io::stderr().is_terminal()));
        eprintln!("error: the schema has errors");
        ExitCode::from(EXIT_SCHEMA)
    })?;
    Schema::from_parsed(&parsed.schemas).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(EXIT_SCHEMA)
    })
}

/// `--type`, resolved against the schema (a usage error if it names no type: exit 2).
pub fn type_arg(schema: &Schema, ty: Option<&str>) -> Result<TypeRef, ExitCode> {
    match ty {
        None => Ok(TypeRef::any()),
        Some(ty) => schema.parse_type(ty).map_err(|e| {
            eprintln!("error: --type: {e}");
            ExitCode::from(2)
        }),
    }
}

/// The bytes of `FILE`, or of stdin for `-` or no file.
pub fn read_input(file: Option<&str>) -> Result<(String, Vec<u8>), ExitCode> {
    let mut bytes = Vec::new();
    let (name, result) = match file {
        None | Some("-") => (
            "<stdin>".to_owned(),
            std::io::stdin().read_to_end(&mut bytes),
        ),
        Some(path) => (
            path.to_owned(),
            std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)),
        ),
    };
    match result {
        Ok(_) => Ok((name, bytes)),
        Err(e) => {
            eprintln!("error: {name}: {e}");
            Err(ExitCode::from(EXIT_IO))
        }
    }
}
