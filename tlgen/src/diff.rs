//! `tlgen diff`: what changed between two schemas, and what it breaks in the generated Rust.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use tlgen_codegen::Error;
use tlgen_codegen::diff::{Class, Format, Layer};

use crate::generate::{EXIT_IO, EXIT_SCHEMA};

/// Exit code when `--fail-on` finds a change of its class or worse.
pub const EXIT_CHANGED: u8 = 1;
/// Exit code for a usage error (clap uses it too).
pub const EXIT_USAGE: u8 = 2;

/// Compare two schemas: the types, constructors and functions added, removed or changed, each
/// classed `breaking`, `wire` or `additive` by what it does to code using the generated crate.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  tlgen diff old/api.tl schema/api.tl
  tlgen diff old/ schema/                          every *.tl file of each directory
  tlgen diff --old old/api.tl --old old/mtproto.tl --new schema/api.tl --new schema/mtproto.tl
  tlgen diff old/api.tl schema/api.tl --format markdown --fail-on breaking

A side is OLD (or NEW) and every --old (--new) file, parsed and generated together; a directory
stands for its *.tl files in name order. Classes: breaking (code written against the old crate
stops compiling or decodes differently), wire (same Rust API, other bytes), additive (compiles
and behaves as before).

Exit codes: 0 done (no change at or above --fail-on), 1 a change at or above --fail-on, 2 usage,
3 schema error, 4 I/O error.")]
pub struct DiffArgs {
    /// The old schema: a file, or a directory of *.tl files.
    #[arg(value_name = "OLD")]
    pub old: Option<PathBuf>,

    /// The new schema: a file, or a directory of *.tl files.
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,

    /// Another file of the old side; repeatable.
    #[arg(long = "old", value_name = "FILE")]
    pub old_files: Vec<PathBuf>,

    /// Another file of the new side; repeatable.
    #[arg(long = "new", value_name = "FILE")]
    pub new_files: Vec<PathBuf>,

    /// How to print the diff.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Exit 1 if a change of this class or worse is found (any: any change at all).
    #[arg(long, value_enum, value_name = "CLASS")]
    pub fail_on: Option<FailOn>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Markdown,
    Json,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Breaking,
    Wire,
    Any,
}

impl FailOn {
    /// The mildest class that fails.
    fn threshold(self) -> Class {
        match self {
            FailOn::Breaking => Class::Breaking,
            FailOn::Wire => Class::Wire,
            FailOn::Any => Class::Additive,
        }
    }
}

/// Runs `tlgen diff`.
pub fn run(args: &DiffArgs) -> ExitCode {
    let (old, new) = match sides(args) {
        Ok(sides) => sides,
        Err(code) => return ExitCode::from(code),
    };
    let color = std::io::stderr().is_terminal();
    // The sides are independent: lowered at once, each on a thread.
    let (old, new) = std::thread::scope(|s| {
        let old = s.spawn(|| Layer::from_files(&old));
        let new = Layer::from_files(&new);
        (old.join().expect("loading a schema does not panic"), new)
    });
    let old = match old {
        Ok(layer) => layer,
        Err(error) => return report("old", &error, color),
    };
    let new = match new {
        Ok(layer) => layer,
        Err(error) => return report("new", &error, color),
    };
    let diff = tlgen_codegen::diff::diff(&old, &new);
    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Markdown => Format::Markdown,
        OutputFormat::Json => Format::Json,
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(diff.render(format).as_bytes())
        .and_then(|()| stdout.flush())
    {
        eprintln!("error: writing to stdout: {e}");
        return ExitCode::from(EXIT_IO);
    }
    match (args.fail_on, diff.worst()) {
        (Some(fail_on), Some(worst)) if worst >= fail_on.threshold() => {
            eprintln!(
                "error: {} change(s) of class {} or worse (--fail-on {})",
                diff.changes
                    .iter()
                    .filter(|c| c.class >= fail_on.threshold())
                    .count(),
                fail_on.threshold(),
                fail_on
                    .to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_owned())
            );
            ExitCode::from(EXIT_CHANGED)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The files of each side, or the exit code of a usage or I/O error (already reported).
fn sides(args: &DiffArgs) -> Result<(Vec<PathBuf>, Vec<PathBuf>), u8> {
    if args.old.is_some() != args.new.is_some() {
        eprintln!(
            "error: give both OLD and NEW, or neither and --old/--new\n\nUsage: tlgen diff OLD NEW, or tlgen diff --old FILE.. --new FILE.."
        );
        return Err(EXIT_USAGE);
    }
    let side = |first: &Option<PathBuf>, more: &[PathBuf], flag: &str| {
        let mut files = Vec::new();
        if let Some(path) = first {
            files.extend(expand(path)?);
        }
        files.extend(more.iter().cloned());
        if files.is_empty() {
            eprintln!("error: no {flag} schema: give OLD and NEW, or --old and --new files");
            return Err(EXIT_USAGE);
        }
        Ok(files)
    };
    Ok((
        side(&args.old, &args.old_files, "old")?,
        side(&args.new, &args.new_files, "new")?,
    ))
}

/// A file as itself; a directory as its `*.tl` files in name order.
fn expand(path: &Path) -> Result<Vec<PathBuf>, u8> {
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        eprintln!("error: {}: {e}", path.display());
        EXIT_IO
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            eprintln!("error: {}: {e}", path.display());
            EXIT_IO
        })?;
        let file = entry.path();
        if file.extension().is_some_and(|e| e == "tl") && file.is_file() {
            files.push(file);
        }
    }
    if files.is_empty() {
        eprintln!("error: {}: no .tl files in this directory", path.display());
        return Err(EXIT_USAGE);
    }
    files.sort();
    Ok(files)
}

fn report(side: &str, error: &Error, color: bool) -> ExitCode {
    match error {
        Error::Schema(report) => {
            eprint!("{}", report.render(color));
            eprintln!("error: the {side} schema has errors");
            ExitCode::from(EXIT_SCHEMA)
        }
        Error::Io { .. } => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_IO)
        }
        _ => {
            eprintln!("{error}");
            eprintln!("error: the {side} schema cannot be generated");
            ExitCode::from(EXIT_SCHEMA)
        }
    }
}
