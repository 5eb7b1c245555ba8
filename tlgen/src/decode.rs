//! `tlgen decode`: bytes -> TL text or JSON, for any schema (Telegram's, embedded, by default).

use std::process::ExitCode;

use clap::Args;
use tlgen_codec::{Json, Text, TypeRef, decode};
use tlgen_runtime::{DecodeError, DecodeOptions};

use crate::codec_args::{EXIT_INPUT, Format, load_schema, read_input, type_arg};

/// Decode TL bytes and print them as TL text or JSON.
///
/// Reads one value: by default any constructor or function of the schema, by its id.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  tlgen decode --hex ec77be7a0100000000000000        prints (ping ping_id:1)
  tlgen decode --format json --pretty answer.bin
  tlgen decode --answer-to messages.getHistory answer.bin
  tlgen decode --type 'Vector<long>' --hex 15c4b51c010000000700000000000000
  tlgen decode --schema my.tl --type MyType - < value.bin

Without --schema, Telegram's api.tl and mtproto.tl as this tlgen was built with them.
Exit codes: 0 success, 2 usage, 3 schema error, 4 I/O error, 5 bad input (the error and its
byte offset on stderr).")]
pub struct DecodeArgs {
    /// A schema file; repeat for several [default: Telegram's, embedded].
    #[arg(long = "schema", value_name = "FILE")]
    pub schemas: Vec<std::path::PathBuf>,

    /// The type to read: `messages.Messages`, `Vector<long>`, `%resPQ` (bare), `int`...
    /// [default: any constructor or function, by its id]
    #[arg(long = "type", value_name = "TYPE", conflicts_with = "answer_to")]
    pub ty: Option<String>,

    /// Read an answer to this function: its result type (`Vector<User>` for users.getUsers).
    #[arg(long, value_name = "FUNCTION")]
    pub answer_to: Option<String>,

    /// How to print the value.
    #[arg(long, value_enum, default_value = "tl")]
    pub format: Format,

    /// Multi-line TL text (indented as the docs' answers are), or pretty JSON.
    #[arg(long)]
    pub pretty: bool,

    /// Accept invalid UTF-8 in strings (kept as \xNN) and non-zero padding.
    #[arg(long)]
    pub lenient: bool,

    /// The bytes as hex (spaces allowed), instead of a file.
    #[arg(long, value_name = "HEX", conflicts_with = "file")]
    pub hex: Option<String>,

    /// The file holding the bytes, or `-` for stdin [default: stdin].
    #[arg(value_name = "FILE")]
    pub file: Option<String>,
}

/// Runs `tlgen decode`.
pub fn run(args: &DecodeArgs) -> ExitCode {
    match decode_to_stdout(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

fn decode_to_stdout(args: &DecodeArgs) -> Result<(), ExitCode> {
    let schema = load_schema(&args.schemas)?;
    let ty = match &args.answer_to {
        Some(function) => schema.return_type(function).ok_or_else(|| {
            eprintln!("error: --answer-to: `{function}` is not a function of the schema");
            ExitCode::from(2)
        })?,
        None => type_arg(&schema, args.ty.as_deref())?,
    };
    let bytes = match &args.hex {
        Some(hex) => parse_hex(hex).map_err(|e| {
            eprintln!("error: --hex: {e}");
            ExitCode::from(EXIT_INPUT)
        })?,
        None => read_input(args.file.as_deref())?.1,
    };
    let options = DecodeOptions {
        lossy_utf8: args.lenient,
        allow_nonzero_padding: args.lenient,
        ..DecodeOptions::default()
    };
    let value = decode(&schema, &bytes, &ty, options).map_err(|e| {
        report(&e, &bytes, &ty);
        ExitCode::from(EXIT_INPUT)
    })?;
    match (args.format, args.pretty) {
        (Format::Tl, false) => println!("{}", Text::new(&schema, &value)),
        (Format::Tl, true) => println!("{:#}", Text::new(&schema, &value)),
        (Format::Json, false) => println!("{}", Json::new(&schema, &value)),
        (Format::Json, true) => println!("{:#}", Json::new(&schema, &value)),
    }
    Ok(())
}

/// The error, and the bytes where it points, so that one can see what was there.
fn report(e: &DecodeError, bytes: &[u8], ty: &TypeRef) {
    eprintln!("error: {e}");
    let at = e.offset().min(bytes.len());
    let shown: Vec<String> = bytes[at..]
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    let more = if bytes.len() - at > 16 { " ..." } else { "" };
    if shown.is_empty() {
        eprintln!("  at byte {at} of {}: the end", bytes.len());
    } else {
        eprintln!(
            "  at byte {at} of {}: {}{more}",
            bytes.len(),
            shown.join(" ")
        );
    }
    if *ty == TypeRef::any() && e.offset() == 0 {
        eprintln!(
            "  (read as any constructor or function by id; --type or --answer-to reads another type)"
        );
    }
}

/// Hex digits, in pairs, with any whitespace between them.
fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("an odd number of hex digits ({})", digits.len()));
    }
    digits
        .chunks_exact(2)
        .enumerate()
        .map(|(i, pair)| {
            let text = std::str::from_utf8(pair).unwrap_or("??");
            u8::from_str_radix(text, 16)
                .ok()
                .filter(|_| pair.iter().all(u8::is_ascii_hexdigit))
                .ok_or_else(|| {
                    format!(
                        "`{}` at digit {} is not a hex byte",
                        text.escape_default(),
                        2 * i
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_with_spaces() {
        assert_eq!(parse_hex("0a ff\n10").unwrap(), [0x0a, 0xff, 0x10]);
        assert_eq!(parse_hex("").unwrap(), [] as [u8; 0]);
        assert!(parse_hex("abc").unwrap_err().contains("odd"));
        assert!(parse_hex("zz").unwrap_err().contains("`zz` at digit 0"));
        assert!(parse_hex("+1").is_err());
    }
}
