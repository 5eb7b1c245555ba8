//! The tokens of TL, as nom parsers: trivia (whitespace and comments inside a definition),
//! identifiers, dotted names, decimal numbers and hex ids.
//!
//! Three of them are hand-tuned (with nom's parser signature, so that the combinators call them
//! like any other): [`trivia`], which runs a dozen times per definition and almost always finds
//! nothing or one space, and the identifiers, [`ident`] and [`dotted_name`], the hottest loops of
//! the parser. The benchmark's parse row showed all three (see their docs); everything else here
//! is built from nom's combinators.
//!
//! They work on bytes of `&str` and only ever split at ASCII bytes, so every slice they return is
//! on a char boundary whatever non-ASCII text the input holds.

use nom::Parser;
use nom::bytes::complete::take_while1;
use nom::combinator::verify;
use nom::error::{ErrorKind, ParseError};
use nom::sequence::preceded;

use crate::syntax_error::{Expected, PResult, SyntaxError};

/// Whether `b` may start trivia (whitespace or a comment's `/`).
fn starts_trivia(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r' | b'\x0b' | b'\x0c' | b'/')
}

/// Trivia: whitespace and `//` or `/* */` comments inside a definition, possibly none. Gives
/// whether a line break was crossed (which the definition parser uses to spot a missing `;`).
///
/// Hand-tuned: between tokens there is almost always nothing or a single space, answered here
/// inlined, without the call and the full loop; as `many0(alt((multispace1, comment)))` this was
/// the largest item of the parse row's profile.
#[inline]
pub(crate) fn trivia(s: &str) -> PResult<'_, bool> {
    match s.as_bytes() {
        [b, ..] if !starts_trivia(*b) => Ok((s, false)),
        [b' ', b, ..] if !starts_trivia(*b) => Ok((&s[1..], false)),
        _ => trivia_slow(s),
    }
}

fn trivia_slow(mut s: &str) -> PResult<'_, bool> {
    let mut newline = false;
    loop {
        let b = s.as_bytes();
        match b.first() {
            Some(b'\n') => {
                newline = true;
                s = &s[1..];
            }
            Some(b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c') => s = &s[1..],
            Some(b'/') if b.get(1) == Some(&b'/') => {
                s = s.find('\n').map_or("", |i| &s[i..]);
            }
            Some(b'/') if b.get(1) == Some(&b'*') => match s[2..].find("*/") {
                Some(i) => {
                    newline |= s[2..2 + i].contains('\n');
                    s = &s[2 + i + 2..];
                }
                None => {
                    return Err(nom::Err::Failure(SyntaxError {
                        at: s,
                        len: Some(2),
                        expected: Expected::UnterminatedComment,
                    }));
                }
            },
            _ => return Ok((s, newline)),
        }
    }
}

/// [`trivia`], without the line-break flag.
#[inline]
pub(crate) fn ws(s: &str) -> PResult<'_, ()> {
    trivia(s).map(|(s, _)| (s, ()))
}

/// `p` after [`ws`]: `preceded(ws, p)` as a `Copy` parser, for the lists that
/// [`items`](crate::syntax_error::items) bounds (it needs the item parser twice).
pub(crate) fn spaced<'a, O>(
    p: impl Fn(&'a str) -> PResult<'a, O> + Copy,
) -> impl Fn(&'a str) -> PResult<'a, O> + Copy {
    move |s| preceded(ws, p).parse(s)
}

/// [`trivia`] that stays on the line: fails (as a recoverable error) where it would cross a line
/// break, so that what follows is on the same line.
pub(crate) fn inline_ws(s: &str) -> PResult<'_, ()> {
    match trivia(s)? {
        (_, true) => Err(nom::Err::Error(SyntaxError::from_error_kind(
            s,
            ErrorKind::Space,
        ))),
        (rest, false) => Ok((rest, ())),
    }
}

/// Which bytes may continue an identifier (`[A-Za-z0-9_]`): a table lookup is the cheapest test
/// on the hottest loop of the parser.
const IDENT_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// One identifier segment: `[A-Za-z_][A-Za-z0-9_]*`.
///
/// Hand-tuned: it scans eight bytes at a time (see [`ident_bytes`]), where `take_while1` with a
/// `char` predicate took several times as long on the hot path of every name and type.
pub(crate) fn ident(s: &str) -> PResult<'_, &str> {
    let b = s.as_bytes();
    if !b.first().copied().is_some_and(is_ident_start) {
        return Err(nom::Err::Error(SyntaxError::from_error_kind(
            s,
            ErrorKind::AlphaNumeric,
        )));
    }
    let len = 1 + ident_bytes(&b[1..]);
    Ok((&s[len..], &s[..len]))
}

/// How many bytes at the start of `b` may continue an identifier. Eight at a time (see
/// [`non_ident_mask`]): a loop per byte mispredicted its exit on nearly every identifier, since
/// their lengths follow no pattern; most identifiers now take one or two words, and the exit is
/// found by counting zero bits.
fn ident_bytes(b: &[u8]) -> usize {
    let mut i = 0;
    while let Some(word) = b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let stop = non_ident_mask(u64::from_le_bytes(word));
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    // The last few bytes of the input.
    i + b[i..]
        .iter()
        .position(|&c| !IDENT_BYTE[usize::from(c)])
        .unwrap_or(b.len() - i)
}

/// The high bit of each byte of `word` (eight bytes, little-endian) that cannot continue an
/// identifier, i.e. is not `[A-Za-z0-9_]`; the other bits are zero. Byte-wise comparisons
/// without carries between bytes: `ge(n)` sets a byte's high bit when its low seven bits are at
/// least `n` (the byte's own high bit, set first, absorbs the borrow).
fn non_ident_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let ge = |x: u64, n: u64| ((x | HIGH) - n * ONES) & HIGH;
    let in_range = |x: u64, lo: u64, hi: u64| ge(x, lo) & !ge(x, hi + 1);
    // Setting bit 5 of each byte folds upper case onto lower case, and nothing else onto letters.
    const CASE_BIT: u64 = ONES * 0x20;
    let low7 = word & !HIGH;
    let letter = in_range(low7 | CASE_BIT, u64::from(b'a'), u64::from(b'z'));
    let digit = in_range(low7, u64::from(b'0'), u64::from(b'9'));
    let underscore = in_range(low7, u64::from(b'_'), u64::from(b'_'));
    let ascii = !word & HIGH;
    !(ascii & (letter | digit | underscore)) & HIGH
}

/// A possibly namespaced identifier: `name`, `ns.name`, `ns.sub.name` (TON uses several dots).
/// Stops before a `.` that is not followed by an identifier (so `flags.3?` is not eaten).
pub(crate) fn dotted_ident(s: &str) -> PResult<'_, &str> {
    dotted_name.map(|n| n.full).parse(s)
}

/// A [`dotted_ident`] and its parts, split at the last dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DottedName<'a> {
    pub full: &'a str,
    /// Everything before the last dot (`adnl.message` in `adnl.message.query`).
    pub namespace: Option<&'a str>,
    /// The last segment.
    pub name: &'a str,
}

/// A [`dotted_ident`] and its parts: `recognize(pair(ident, many0_count(preceded(char('.'),
/// ident))))`, hand-tuned as [`ident`] is (every name and type of a schema is one), noting the
/// last dot as it scans. As that combinator it was a tenth of the parse row's instructions.
pub(crate) fn dotted_name(s: &str) -> PResult<'_, DottedName<'_>> {
    let (mut rest, _) = ident(s)?;
    let mut last_dot = None;
    while let [b'.', next, ..] = rest.as_bytes()
        && is_ident_start(*next)
    {
        last_dot = Some(s.len() - rest.len());
        rest = ident(&rest[1..])?.0;
    }
    let full = &s[..s.len() - rest.len()];
    let (namespace, name) = match last_dot {
        Some(i) => (Some(&full[..i]), &full[i + 1..]),
        None => (None, full),
    };
    Ok((
        rest,
        DottedName {
            full,
            namespace,
            name,
        },
    ))
}

/// A decimal number that fits in a `u32` (a flag bit, a repetition count).
pub(crate) fn decimal_u32(s: &str) -> PResult<'_, u32> {
    let (rest, digits) = take_while1(|c: char| c.is_ascii_digit()).parse(s).map_err(
        |_: nom::Err<SyntaxError<'_>>| nom::Err::Error(SyntaxError::at_token(s, Expected::FlagBit)),
    )?;
    match digits.parse::<u32>() {
        Ok(value) => Ok((rest, value)),
        Err(_) => Err(nom::Err::Failure(SyntaxError {
            at: s,
            len: Some(digits.len()),
            expected: Expected::NumberTooLarge,
        })),
    }
}

/// The hex digits of a constructor id (after the `#`): 1 to 8 of them.
pub(crate) fn hex_id(s: &str) -> PResult<'_, u32> {
    let digits = take_while1(|c: char| c.is_ascii_hexdigit());
    let (rest, digits) = verify(digits, |d: &str| d.len() <= 8).parse(s).map_err(
        |_: nom::Err<SyntaxError<'_>>| {
            let len = s.bytes().take_while(u8::is_ascii_hexdigit).count();
            match len {
                0 => nom::Err::Failure(SyntaxError::at_token(s, Expected::HexId)),
                _ => nom::Err::Failure(SyntaxError {
                    at: s,
                    len: Some(len),
                    expected: Expected::IdTooLong,
                }),
            }
        },
    )?;
    // At most 8 hex digits always fit.
    let value = digits
        .bytes()
        .fold(0u32, |v, b| v << 4 | (b as char).to_digit(16).unwrap_or(0));
    Ok((rest, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivia_skips_comments_and_reports_newlines() {
        assert_eq!(trivia("  x").unwrap(), ("x", false));
        assert_eq!(trivia("x").unwrap(), ("x", false));
        assert!(inline_ws(" \n x").is_err());
        assert_eq!(inline_ws(" /* a */ x").unwrap(), ("x", ()));
        assert_eq!(trivia(" // c ; \n x").unwrap(), ("x", true));
        assert_eq!(trivia("/* a\n b */x").unwrap(), ("x", true));
        assert_eq!(trivia("/* a */ x").unwrap(), ("x", false));
        assert_eq!(trivia("// only").unwrap(), ("", false));
        assert!(trivia(" /* open").is_err());
    }

    #[test]
    fn identifiers_and_namespaces() {
        assert_eq!(
            dotted_ident("auth.sentCode#1").unwrap(),
            ("#1", "auth.sentCode")
        );
        assert_eq!(
            dotted_ident("adnl.message.query x").unwrap(),
            (" x", "adnl.message.query")
        );
        assert_eq!(dotted_ident("flags.3?true").unwrap(), (".3?true", "flags"));
        assert_eq!(dotted_ident("_x1").unwrap(), ("", "_x1"));
        assert!(dotted_ident("1x").is_err());
        assert!(dotted_ident("\u{e9}").is_err());
        let (_, n) = dotted_name("a.b.c d").unwrap();
        assert_eq!((n.full, n.namespace, n.name), ("a.b.c", Some("a.b"), "c"));
        let (_, n) = dotted_name("c.3").unwrap();
        assert_eq!((n.full, n.namespace, n.name), ("c", None, "c"));
    }

    #[test]
    fn identifier_bytes_match_the_table() {
        // Every byte value at every position of a word, and lengths around the word size.
        for b in 0..=255u8 {
            for at in 0..10 {
                let mut bytes = vec![b'a'; 12];
                bytes[at] = b;
                let want = bytes
                    .iter()
                    .position(|&c| !IDENT_BYTE[usize::from(c)])
                    .unwrap_or(bytes.len());
                assert_eq!(ident_bytes(&bytes), want, "byte {b:#x} at {at}");
            }
        }
        for len in 0..20 {
            assert_eq!(ident_bytes(&vec![b'Z'; len]), len);
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(decimal_u32("31?").unwrap(), ("?", 31));
        assert!(decimal_u32("99999999999?").is_err());
        assert_eq!(hex_id("1d ").unwrap(), (" ", 0x1d));
        assert_eq!(hex_id("FFFFFFFF").unwrap(), ("", u32::MAX));
        assert_eq!(hex_id("7d8375da;").unwrap(), (";", 0x7d8375da));
        assert_eq!(hex_id("0aBc").unwrap(), ("", 0xabc));
        assert!(hex_id("123456789").is_err());
        assert!(hex_id(" 1").is_err());
    }
}
