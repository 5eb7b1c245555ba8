//! `tlgen check`: parses and validates schemas, prints diagnostics and a summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use tlgen_parser::{Category, DefinitionKind};

/// Parse and validate TL schemas.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  tlgen check schema/api.tl schema/mtproto.tl
  tlgen check --ids schema/mtproto.tl      one line per definition: name, declared id or -, computed id

Diagnostics go to stderr, the summary (and --ids) to stdout. Exit codes: 0 no errors (warnings
allowed), 2 usage, 3 schema errors, 4 I/O error, as `tlgen generate` (whose 1 means stale files).")]
pub struct CheckArgs {
    /// The schema files, validated together.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Also print every definition: full name, declared id or `-`, computed id (8 hex digits).
    #[arg(long)]
    pub ids: bool,
}

/// Runs `tlgen check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let mut sources = Vec::with_capacity(args.files.len());
    for path in &args.files {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((path.display().to_string(), text)),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(crate::generate::EXIT_IO);
            }
        }
    }
    let borrowed: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let color = std::io::stderr().is_terminal();
    let parsed = match tlgen_parser::parse_files(&borrowed) {
        Ok(parsed) => parsed,
        Err(report) => {
            eprintln!("{}", report.render(color));
            let errors = report.errors().count();
            eprintln!(
                "error: {errors} {} found",
                plural(errors, "error", "errors")
            );
            return ExitCode::from(crate::generate::EXIT_SCHEMA);
        }
    };
    if !parsed.warnings.is_empty() {
        eprintln!("{}", parsed.warnings.render(color));
    }
    let definitions = || parsed.schemas.iter().flat_map(|s| &s.definitions);
    if args.ids {
        for d in definitions() {
            let declared = d
                .declared_id
                .map_or_else(|| "-".to_owned(), |id| format!("{:08x}", id.value));
            println!("{} {declared} {:08x}", d.name, d.computed_id);
        }
    }
    let regular = || definitions().filter(|d| d.kind == DefinitionKind::Regular);
    let constructors = regular().filter(|d| d.category == Category::Type).count();
    let functions = regular()
        .filter(|d| d.category == Category::Function)
        .count();
    let mut types: Vec<String> = regular()
        .filter(|d| d.category == Category::Type)
        .map(|d| d.result.name.to_string())
        .collect();
    types.sort_unstable();
    types.dedup();
    let layer = parsed
        .schemas
        .iter()
        .find_map(|s| s.layer)
        .map_or_else(|| "none".to_owned(), |l| l.to_string());
    let warnings = parsed.warnings.warnings().count();
    println!(
        "layer {layer}: {} types, {constructors} constructors, {functions} functions, {warnings} {}",
        types.len(),
        plural(warnings, "id warning", "id warnings")
    );
    ExitCode::SUCCESS
}

/// `one` for 1, else `many`.
fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
