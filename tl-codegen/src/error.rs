//! The generator's errors: a schema that does not parse, a construct it cannot map, or I/O.

use std::fmt;
use std::path::PathBuf;

/// Why generation stopped. Nothing is written when any error occurs.
///
/// `Debug` prints the same readable report as `Display`, so that a build script's
/// `fn main() -> Result<(), Box<dyn Error>>` shows `file:line:col` and a caret, not a struct dump.
pub enum Error {
    /// The schema has syntax or validation errors; the report renders each as `file:line:col`.
    Schema(tlgen_parser::Report),
    /// A definition the generator cannot turn into Rust; generation stops rather than drop it.
    Unsupported(Vec<Unsupported>),
    /// A schema file could not be read, or an output file could not be written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A configuration mistake (no schema given, an invalid path or attribute).
    Config(String),
}

/// One definition the generator cannot map, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The source line the problem is on.
    pub source_line: String,
    pub message: String,
}

impl Unsupported {
    /// Locates `offset` in `source` for the report.
    pub fn at(file: &str, source: &str, offset: usize, message: String) -> Self {
        let offset = offset.min(source.len());
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        Self {
            file: file.to_owned(),
            line: source[..offset].matches('\n').count() + 1,
            column: source[line_start..offset].chars().count() + 1,
            source_line: source[line_start..line_end].to_owned(),
            message,
        }
    }
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.line, self.column, self.message
        )?;
        writeln!(f, "  | {}", self.source_line)?;
        let pad: String = self
            .source_line
            .chars()
            .take(self.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "  | {pad}^")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Schema(report) => write!(f, "{report}"),
            Error::Unsupported(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    writeln!(f, "{item}")?;
                }
                write!(
                    f,
                    "{} definition(s) cannot be generated; nothing was written",
                    items.len()
                )
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Config(message) => write!(f, "invalid configuration: {message}"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Schema(report) => Some(report),
            _ => None,
        }
    }
}
