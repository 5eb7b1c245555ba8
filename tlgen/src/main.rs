//! `tlgen`: check TL schemas, and generate Rust crates from them.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tlgen::check::{self, CheckArgs};
use tlgen::decode::{self, DecodeArgs};
use tlgen::encode::{self, EncodeArgs};
use tlgen::generate::{self, GenerateArgs};

/// Check TL schemas, generate Rust code from them, and decode and encode values of any schema.
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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check(args) => check::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Decode(args) => decode::run(&args),
        Command::Encode(args) => encode::run(&args),
    }
}
