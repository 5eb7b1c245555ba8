//! TL text, as Telegram's documentation writes values: `(name field:value ...)`.

pub(crate) mod parse;
pub(crate) mod print;
pub(crate) mod syntax;
