//! Formats generated tokens as Rust source: `syn` parses them, `prettyplease` prints them.

use proc_macro2::TokenStream;

use crate::Error;

/// Parses and pretty-prints a file's tokens, then puts the `@generated` header above it.
pub fn format_file(tokens: TokenStream, header: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::Internal(format!("generated code does not parse: {e}")))?;
    let body = prettyplease::unparse(&file);
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}
