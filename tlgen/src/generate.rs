//! `tlgen generate`: writes a whole crate (or one file to stdout), or checks that one is fresh.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use tlgen_codegen::write::{self, Change};
use tlgen_codegen::{Config, CrateManifest, Error, RuntimeDependency};

/// Where `tlgen generate` writes with no `--out`: this repository's generated crate.
pub const DEFAULT_OUT: &str = "generated";

/// Exit code when `--check` finds the output stale.
pub const EXIT_STALE: u8 = 1;
/// Exit code for a usage error: bad arguments (clap's own code for the ones it rejects), or a
/// configuration the generator rejects, such as an invalid `--type-attribute`.
pub const EXIT_USAGE: u8 = 2;
/// Exit code when the schema has errors or cannot be generated.
pub const EXIT_SCHEMA: u8 = 3;
/// Exit code when a file cannot be read or written.
pub const EXIT_IO: u8 = 4;

/// Generate a Rust crate from TL schemas.
///
/// With no arguments, regenerates this repository's `generated/` from `schema/api.tl` and
/// `schema/mtproto.tl` (run it from the repository root).
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  tlgen generate                                   regenerate generated/ from schema/ (this repository)
  tlgen generate --check                           fail with a diff if generated/ is stale (for CI)
  tlgen generate --schema api.tl --out tl-api --crate-name my-tl --runtime-version 0.1
  tlgen generate --schema api.tl --out -           one file of nested modules on stdout

Exit codes: 0 success (or fresh), 1 stale (--check), 2 usage, 3 schema error, 4 I/O error.")]
pub struct GenerateArgs {
    /// A schema file; repeat for several (validated and generated together).
    #[arg(long = "schema", value_name = "FILE", default_values = ["schema/api.tl", "schema/mtproto.tl"])]
    pub schemas: Vec<PathBuf>,

    /// The crate directory to write, or `-` for a single file on stdout.
    #[arg(long, short = 'o', value_name = "DIR", default_value = DEFAULT_OUT)]
    pub out: PathBuf,

    /// The generated package's name.
    #[arg(long, value_name = "NAME", default_value = "tlgen-telegram")]
    pub crate_name: String,

    /// The generated package's version.
    #[arg(long, value_name = "VERSION", default_value = env!("CARGO_PKG_VERSION"))]
    pub crate_version: String,

    /// Depend on tlgen-runtime (and tlgen-codec beside it, `PATH/../tl-codec`) in a local checkout
    /// of tlgen, by path relative to the crate directory [default: from crates.io by version;
    /// with no --out, this repository's ../tl-runtime].
    #[arg(long, value_name = "PATH", conflicts_with = "runtime_version")]
    pub runtime_path: Option<String>,

    /// Depend on tlgen-runtime and tlgen-codec from crates.io with this version requirement
    /// [default: this tlgen's version].
    #[arg(long, value_name = "VER")]
    pub runtime_version: Option<String>,

    /// An attribute for every generated type, e.g. `#[derive(Hash)]`; repeatable.
    #[arg(long = "type-attribute", value_name = "ATTR")]
    pub type_attributes: Vec<String>,

    /// Leave out the functions' decoders (a client never reads a function; it builds faster).
    #[arg(long)]
    pub no_function_decoders: bool,

    /// Link each item's rustdoc to its page under this URL (`BASE/constructor/NAME`,
    /// `/method/`, `/type/`) [default: `https://core.telegram.org` for Telegram's schemas, none
    /// for others].
    #[arg(long, value_name = "BASE", conflicts_with = "no_doc_links")]
    pub doc_links: Option<String>,

    /// No links to documentation pages, even for Telegram's schemas.
    #[arg(long)]
    pub no_doc_links: bool,

    /// No `Display` (TL text through tlgen-codec) on generated types; then only the crate's
    /// `serde` feature depends on tlgen-codec.
    #[arg(long)]
    pub no_display: bool,

    /// The generated package's license (an SPDX expression).
    #[arg(long, value_name = "SPDX", default_value = "MIT OR Apache-2.0")]
    pub license: String,

    /// Write nothing; exit 1 with a diff if the crate on disk differs from what would be generated.
    #[arg(long)]
    pub check: bool,
}

impl Default for GenerateArgs {
    /// The defaults the command line uses: this repository's `generated/` from `schema/`.
    fn default() -> Self {
        Self {
            schemas: vec!["schema/api.tl".into(), "schema/mtproto.tl".into()],
            out: DEFAULT_OUT.into(),
            crate_name: "tlgen-telegram".into(),
            crate_version: env!("CARGO_PKG_VERSION").into(),
            runtime_path: None,
            runtime_version: None,
            type_attributes: Vec::new(),
            no_function_decoders: false,
            doc_links: None,
            no_doc_links: false,
            no_display: false,
            license: "MIT OR Apache-2.0".into(),
            check: false,
        }
    }
}

impl GenerateArgs {
    /// These arguments with every relative path taken from `root`.
    pub fn rooted_at(mut self, root: &Path) -> Self {
        self.schemas = self.schemas.iter().map(|s| root.join(s)).collect();
        self.out = root.join(&self.out);
        self
    }

    /// The generator configuration these arguments describe.
    pub fn config(&self) -> Config {
        let mut config = Config::new();
        for schema in &self.schemas {
            config.schema(schema);
        }
        for attribute in &self.type_attributes {
            config.type_attribute(attribute);
        }
        config.function_decoders(!self.no_function_decoders);
        if let Some(base) = &self.doc_links {
            config.doc_links(base);
        }
        if self.no_doc_links {
            config.no_doc_links();
        }
        config.display(!self.no_display);
        config
    }

    /// The manifest of the generated crate. It depends on the runtime and the codec by their
    /// published names and versions, unless given a checkout's path; the crate this repository
    /// regenerates with no `--out` (its `generated/`) depends on the checkout it is part of.
    pub fn manifest(&self) -> CrateManifest {
        let defaults = Self::default();
        let this_repository = self.out.ends_with(&defaults.out)
            && self.schemas.len() == defaults.schemas.len()
            && self
                .schemas
                .iter()
                .zip(&defaults.schemas)
                .all(|(a, b)| a.ends_with(b));
        let path = match &self.runtime_path {
            None if this_repository && self.runtime_version.is_none() => {
                Some("../tl-runtime".to_owned())
            }
            path => path.clone(),
        };
        let (runtime, codec) = match (&self.runtime_version, path) {
            (Some(version), _) => (
                RuntimeDependency::Version(version.clone()),
                RuntimeDependency::Version(version.clone()),
            ),
            (None, None) => {
                let version = env!("CARGO_PKG_VERSION").to_owned();
                (
                    RuntimeDependency::Version(version.clone()),
                    RuntimeDependency::Version(version),
                )
            }
            // The codec from the same checkout as the runtime.
            (None, Some(runtime)) => {
                let codec = match runtime.rsplit_once(['/', '\\']) {
                    Some((checkout, _)) => format!("{checkout}/tl-codec"),
                    None => "tl-codec".to_owned(),
                };
                (
                    RuntimeDependency::Path(runtime),
                    RuntimeDependency::Path(codec),
                )
            }
        };
        CrateManifest {
            name: self.crate_name.clone(),
            version: self.crate_version.clone(),
            runtime,
            codec,
            display: !self.no_display,
            license: self.license.clone(),
        }
    }

    /// Generates the crate's files in memory.
    pub fn generate(&self) -> Result<tlgen_codegen::Generated, Error> {
        self.config().generate_crate(&self.manifest())
    }
}

/// Runs `tlgen generate`.
pub fn run(args: &GenerateArgs) -> ExitCode {
    let started = Instant::now();
    let color = std::io::stderr().is_terminal();
    let to_stdout = args.out.as_os_str() == "-";
    let generated = if to_stdout {
        args.config().generate_single_file()
    } else {
        args.generate()
    };
    let generated = match generated {
        Ok(generated) => generated,
        Err(error) => return report_error(&error, color),
    };
    if !generated.warnings.is_empty() {
        eprintln!("{}", generated.warnings.trim_end());
    }
    if to_stdout {
        let mut stdout = std::io::stdout().lock();
        return match stdout
            .write_all(generated.files[0].contents.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: writing to stdout: {e}");
                ExitCode::from(EXIT_IO)
            }
        };
    }
    if args.check {
        return check(args, &generated.files);
    }
    match write::write_tree(&args.out, &generated.files) {
        Ok(summary) => {
            eprintln!(
                "generated {} files in {} ({} written, {} unchanged, {} removed) in {:.2?}",
                generated.files.len(),
                args.out.display(),
                summary.written.len(),
                summary.unchanged,
                summary.removed.len(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(error) => report_error(&error, color),
    }
}

fn check(args: &GenerateArgs, files: &[tlgen_codegen::GeneratedFile]) -> ExitCode {
    let stale = match write::check_tree(&args.out, files) {
        Ok(stale) => stale,
        Err(error) => return report_error(&error, std::io::stderr().is_terminal()),
    };
    if stale.is_empty() {
        eprintln!(
            "{} is up to date ({} files)",
            args.out.display(),
            files.len()
        );
        return ExitCode::SUCCESS;
    }
    let mut err = std::io::stderr().lock();
    for s in &stale {
        let _ = write!(err, "{}", s.diff);
    }
    let _ = writeln!(err);
    for s in &stale {
        let what = match s.change {
            Change::Added => "missing",
            Change::Changed => "stale",
            Change::Deleted => "no longer generated",
        };
        let _ = writeln!(err, "{}: {what}", args.out.join(&s.path).display());
    }
    let fix: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--check")
        .collect();
    let _ = writeln!(
        err,
        "error: {} of {} generated files are out of date; run `tlgen {}` to update them",
        stale.len(),
        files.len(),
        fix.join(" ")
    );
    ExitCode::from(EXIT_STALE)
}

fn report_error(error: &Error, color: bool) -> ExitCode {
    match error {
        Error::Schema(report) => {
            eprint!("{}", report.render(color));
            eprintln!("error: the schema has errors; nothing was generated");
            ExitCode::from(EXIT_SCHEMA)
        }
        Error::Io { .. } => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_IO)
        }
        // No schema, an invalid `--type-attribute` or runtime path: the arguments are wrong,
        // not the schema.
        Error::Config(_) => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_SCHEMA)
        }
    }
}
