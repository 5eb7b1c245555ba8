//! The error type of the nom parsers: where parsing stopped and what was expected there.
//!
//! It is deliberately cheap (a slice and a small enum, no allocation) because nom creates errors on
//! every failed alternative; the message text is only built when an error reaches the user.

use nom::Parser;
use nom::error::{ErrorKind, ParseError};
use nom::multi::fold;
use nom::sequence::terminated;

use crate::types::MAX_ITEMS;

/// What a parser expected, or what went wrong, at [`SyntaxError::at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expected {
    /// A definition name such as `auth.sendCode`.
    DefinitionName,
    /// A type such as `int`, `Vector<long>`, `%Message` or `(vector bytes)`.
    Type,
    /// A parameter, `=`, or a generic declaration.
    ParamOrEquals,
    /// The `;` ending a definition.
    Semicolon,
    /// `;` is missing at the end of a line (the next definition starts on the next line).
    SemicolonAtLineEnd,
    /// A closing bracket of the given kind.
    Close(char),
    /// `,` or `>` inside `<...>`.
    CommaOrAngle,
    /// Hex digits after `#`.
    HexId,
    /// More than 8 hex digits after `#`.
    IdTooLong,
    /// A bit number after `flags.`.
    FlagBit,
    /// `?` after `flags.N`.
    FlagQuestion,
    /// A number that does not fit in 32 bits.
    NumberTooLarge,
    /// `X:Type` inside `{...}`.
    GenericDecl,
    /// `{X:Type}` after a parameter.
    GenericAfterParams,
    /// `[` of a repetition after `N*`.
    RepeatOpen,
    /// A type nested more than [`crate::types::MAX_DEPTH`] levels.
    TooDeep,
    /// More than [`crate::types::MAX_ITEMS`] parameters, type arguments or repeated items.
    TooMany,
    /// An unterminated `/* ...` comment.
    UnterminatedComment,
    /// The file has more than [`crate::MAX_ERRORS`] syntax errors; parsing stops here.
    TooManyErrors,
    /// `?` (a built-in primitive) mixed with other parameters.
    PrimitiveMarker,
    /// A `---name---` line other than `---types---` or `---functions---` (spaces allowed inside).
    UnknownSection,
    /// Any other nom failure (should not reach users; kept so no error is ever dropped).
    Nom(ErrorKind),
}

impl Expected {
    /// The headline of the diagnostic.
    pub(crate) fn message(self) -> String {
        match self {
            Expected::DefinitionName => "expected a definition name".into(),
            Expected::Type => "expected a type".into(),
            Expected::ParamOrEquals => "expected a parameter or `=`".into(),
            Expected::Semicolon => "expected `;` at the end of the definition".into(),
            Expected::SemicolonAtLineEnd => "missing `;` at the end of the definition".into(),
            Expected::Close(c) => format!("expected `{c}`"),
            Expected::CommaOrAngle => "expected `,` or `>` in the type arguments".into(),
            Expected::HexId => "expected a hexadecimal constructor id after `#`".into(),
            Expected::IdTooLong => "constructor id is longer than 8 hex digits".into(),
            Expected::FlagBit => "expected a bit number after the flag field's `.`".into(),
            Expected::FlagQuestion => "expected `?` after the flag bit".into(),
            Expected::NumberTooLarge => "number does not fit in 32 bits".into(),
            Expected::GenericDecl => "expected a generic declaration `X:Type`".into(),
            Expected::GenericAfterParams => {
                "generic declarations `{X:Type}` must come before the parameters".into()
            }
            Expected::RepeatOpen => "expected `[` after the repetition count".into(),
            Expected::TooDeep => format!(
                "type nested too deeply (more than {} levels)",
                crate::types::MAX_DEPTH
            ),
            Expected::TooMany => format!(
                "too many parameters or type arguments (more than {})",
                crate::types::MAX_ITEMS
            ),
            Expected::UnterminatedComment => "unterminated `/*` comment".into(),
            Expected::TooManyErrors => format!(
                "too many syntax errors (more than {}); the rest of the file is not checked",
                crate::MAX_ERRORS
            ),
            Expected::PrimitiveMarker => {
                "`?` marks a built-in primitive and must be the only parameter".into()
            }
            Expected::UnknownSection => "unknown section marker".into(),
            Expected::Nom(kind) => format!("syntax error ({kind:?})"),
        }
    }

    /// The label under the caret.
    pub(crate) fn label(self) -> String {
        match self {
            Expected::DefinitionName => {
                "expected a name like `user` or `auth.sentCode` here".into()
            }
            Expected::Type => "expected a type name, `#`, `%T`, `!X` or `(...)` here".into(),
            Expected::ParamOrEquals => "expected `name:Type`, a type, or `=` here".into(),
            Expected::Semicolon => "expected `;` here".into(),
            Expected::SemicolonAtLineEnd => "add `;` after this".into(),
            Expected::Close(c) => format!("expected `{c}` here"),
            Expected::CommaOrAngle => "expected `,` or `>` here".into(),
            Expected::HexId => "expected 1 to 8 hex digits, e.g. `#1cb5c415`".into(),
            Expected::IdTooLong => "at most 8 hex digits".into(),
            Expected::FlagBit => "expected a number, as in `flags.3?Type`".into(),
            Expected::FlagQuestion => "expected `?`, as in `flags.3?Type`".into(),
            Expected::NumberTooLarge => "at most 4294967295".into(),
            Expected::GenericDecl => "expected `X:Type` or `X:#` here".into(),
            Expected::GenericAfterParams => "move this before the first parameter".into(),
            Expected::RepeatOpen => "expected `[` here, as in `4*[ int ]`".into(),
            Expected::TooDeep => "nesting gives up here".into(),
            Expected::TooMany => "the limit is reached here".into(),
            Expected::UnterminatedComment => "this comment has no closing `*/`".into(),
            Expected::TooManyErrors => "parsing stopped here".into(),
            Expected::PrimitiveMarker => "expected `= Type;` after `?`".into(),
            Expected::UnknownSection => "expected `---types---` or `---functions---`".into(),
            Expected::Nom(_) => "here".into(),
        }
    }
}

/// A syntax error: the remaining input where it happened, how long the offending token is, and what
/// was expected.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError<'a> {
    /// The input from the error position on.
    pub at: &'a str,
    /// Byte length of the span to underline (0 for "missing something here"); `None` for the
    /// token at `at`, measured only if the error reaches the user ([`SyntaxError::len`]): nom
    /// makes an error for every alternative that does not match, and measuring each showed as a
    /// tenth of the parse row's time.
    pub len: Option<usize>,
    pub expected: Expected,
}

impl<'a> SyntaxError<'a> {
    /// An error underlining the token at the start of `at`.
    pub(crate) fn at_token(at: &'a str, expected: Expected) -> Self {
        Self {
            at,
            len: None,
            expected,
        }
    }

    /// The byte length of the span to underline.
    pub(crate) fn len(&self) -> usize {
        self.len.unwrap_or_else(|| token_len(self.at))
    }

    /// A nom `Failure` (no backtracking: the definition is known to be wrong).
    pub(crate) fn fail<T>(at: &'a str, expected: Expected) -> Result<T, nom::Err<Self>> {
        Err(nom::Err::Failure(Self::at_token(at, expected)))
    }
}

/// The length of the token at the start of `s`: an identifier-like run, or one character.
pub(crate) fn token_len(s: &str) -> usize {
    let word = s
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
        .count();
    if word > 0 {
        word
    } else {
        s.chars().next().map_or(0, char::len_utf8)
    }
}

impl<'a> ParseError<&'a str> for SyntaxError<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        Self::at_token(input, Expected::Nom(kind))
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        // The innermost error says most about what was expected.
        other
    }
}

/// The result type of every parser in this crate.
pub(crate) type PResult<'a, T> = nom::IResult<&'a str, T, SyntaxError<'a>>;

/// `p`, committed: where `p` does not match at all, the definition is wrong, and the error says
/// that `what` was expected at that place (nom's `cut`, with our own message).
pub(crate) fn expect<'a, P>(
    what: Expected,
    mut p: P,
) -> impl Parser<&'a str, Output = P::Output, Error = SyntaxError<'a>>
where
    P: Parser<&'a str, Error = SyntaxError<'a>>,
{
    move |s: &'a str| match p.parse(s) {
        Err(nom::Err::Error(_)) => SyntaxError::fail(s, what),
        other => other,
    }
}

/// A parser that never matches and fails hard: `what` was expected at the input.
pub(crate) fn failure<'a, O>(
    what: Expected,
) -> impl Parser<&'a str, Output = O, Error = SyntaxError<'a>> {
    move |s: &'a str| SyntaxError::fail(s, what)
}

/// `many0(p)` with at most [`MAX_ITEMS`] items: one more is a hard `TooMany` error, so that hostile
/// input cannot make a list grow without bound.
pub(crate) fn items<'a, P>(
    p: P,
) -> impl Parser<&'a str, Output = Vec<P::Output>, Error = SyntaxError<'a>>
where
    P: Parser<&'a str, Error = SyntaxError<'a>> + Clone,
{
    sized_items(0, p)
}

/// [`items`] into a vector allocated once for `capacity` items (a guess; it grows past it).
pub(crate) fn sized_items<'a, P>(
    capacity: usize,
    p: P,
) -> impl Parser<&'a str, Output = Vec<P::Output>, Error = SyntaxError<'a>>
where
    P: Parser<&'a str, Error = SyntaxError<'a>> + Clone,
{
    let collect = fold(
        0..=MAX_ITEMS,
        p.clone(),
        move || Vec::with_capacity(capacity.min(MAX_ITEMS)),
        |mut all, item| {
            all.push(item);
            all
        },
    );
    terminated(collect, expect(Expected::TooMany, nom::combinator::not(p)))
}
