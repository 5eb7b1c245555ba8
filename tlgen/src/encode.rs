//! `tlgen encode`: TL text or JSON -> bytes, for any schema (Telegram's, embedded, by default).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Args;
use tlgen_codec::{encode, parse_json, parse_text};
use tlgen_runtime::DecodeOptions;

use crate::codec_args::{EXIT_INPUT, Format, load_schema, read_input, type_arg};
use crate::generate::EXIT_IO;

/// Encode a value written as TL text or JSON, and print its bytes as hex.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  tlgen encode '(ping 1)'                          positional, as the docs write queries
  tlgen encode '(ping ping_id:1)'                  named; both print ec77be7a0100000000000000
  tlgen encode --format json '{\"_\": \"ping\", \"ping_id\": 1}'
  tlgen encode --type 'Vector<long>' '[1 -1]'
  tlgen encode --schema my.tl --raw - < value.tl > value.bin

Without --schema, Telegram's api.tl and mtproto.tl as this tlgen was built with them.
Exit codes: 0 success, 2 usage, 3 schema error, 4 I/O error, 5 bad input (a diagnostic with
line, column and a caret on stderr).")]
pub struct EncodeArgs {
    /// A schema file; repeat for several [default: Telegram's, embedded].
    #[arg(long = "schema", value_name = "FILE")]
    pub schemas: Vec<std::path::PathBuf>,

    /// The type to write: `messages.Messages`, `Vector<long>`, `%resPQ` (bare), `int`...
    /// [default: the object named in the text, with its id]
    #[arg(long = "type", value_name = "TYPE")]
    pub ty: Option<String>,

    /// How the value is written.
    #[arg(long, value_enum, default_value = "tl")]
    pub format: Format,

    /// Write the bytes themselves to stdout, not hex.
    #[arg(long)]
    pub raw: bool,

    /// The value, or `-` for stdin [default: stdin].
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
}

/// Runs `tlgen encode`.
pub fn run(args: &EncodeArgs) -> ExitCode {
    match encode_to_stdout(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn encode_to_stdout(args: &EncodeArgs) -> Result<(), ExitCode> {
    let schema = load_schema(&args.schemas)?;
    let ty = type_arg(&schema, args.ty.as_deref())?;
    let (name, text) = match args.text.as_deref() {
        Some(text) if text != "-" => ("<text>".to_owned(), text.to_owned()),
        _ => {
            let (name, bytes) = read_input(None)?;
            let text = String::from_utf8(bytes).map_err(|e| {
                eprintln!(
                    "error: {name}: not UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                );
                ExitCode::from(EXIT_INPUT)
            })?;
            (name, text)
        }
    };
    let limits = DecodeOptions::default();
    let parsed = match args.format {
        Format::Tl => parse_text(&schema, &text, &ty, &limits),
        Format::Json => parse_json(&schema, &text, &ty, &limits).map(|v| (v, ty)),
    };
    let (value, ty) = parsed.map_err(|e| {
        eprint!(
            "{}",
            e.render(&name, &text, std::io::stderr().is_terminal())
        );
        ExitCode::from(EXIT_INPUT)
    })?;
    let bytes = encode(&schema, &value, &ty).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(EXIT_INPUT)
    })?;
    let mut out = std::io::stdout().lock();
    let written = if args.raw {
        out.write_all(&bytes)
    } else {
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        writeln!(out, "{hex}")
    };
    written.and_then(|()| out.flush()).map_err(|e| {
        eprintln!("error: writing to stdout: {e}");
        ExitCode::from(EXIT_IO)
    })
}
