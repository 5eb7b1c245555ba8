//! `tlgen`: check TL schemas, generate Rust crates from them, and compare two layers.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tlgen::check::{self, CheckArgs};
use tlgen::decode::{self, DecodeArgs};
use tlgen::diff::{self, DiffArgs};
use tlgen::encode::{self, EncodeArgs};
use tlgen::generate::{self, GenerateArgs};

/// Check TL schemas, generate Rust code from them, decode and encode values of any
/// schema, and compare two layers.
#[derive(Debug, Parser)]
#[command(name = "tlgen", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(CheckArgs),
    Generate(GenerateArgs),
    Decode(DecodeArgs),
    Encode(EncodeArgs),
    Diff(DiffArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check(args) => check::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Decode(args) => decode::run(&args),
        Command::Encode(args) => encode::run(&args),
        Command::Diff(args) => diff::run(&args),
    }
}
