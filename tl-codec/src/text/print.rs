//! [`Value`] -> TL text: one line, or with `{:#}` the indented multi-line form of the docs' answers.

use std::fmt::{self, Write};

use crate::schema::{Schema, Ty};
use crate::value::{Object, Value};

/// Lines of the multi-line form stay within this many columns where a value allows it.
const WIDTH: usize = 100;
/// Indentation per level of the multi-line form, as in Telegram's documented answers.
const INDENT: usize = 2;

/// A value with its schema, printed as TL text by `Display`: `{}` one line, `{:#}` multi-line.
pub struct Text<'a> {
    pub(crate) schema: &'a Schema,
    pub(crate) value: &'a Value,
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = Printer {
            schema: self.schema,
        };
        if f.alternate() {
            // The outermost object breaks even when short, as the docs' answers do; anything
            // inside breaks only where it does not fit.
            p.multi_line(f, self.value, 0, true)
        } else {
            p.one_line(f, self.value)
        }
    }
}

/// Some fields of an object, without its name and parentheses, as they appear inside it: a flag
/// group's, `views:10 forwards:2`; with `{:#}` one per line, each value broken where it does
/// not fit as the object's multi-line form breaks its fields' values (here with no indentation).
pub(crate) struct FieldsText<'a> {
    pub(crate) schema: &'a Schema,
    pub(crate) object: &'a Object,
}

impl fmt::Display for FieldsText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = Printer {
            schema: self.schema,
        };
        let multi_line = f.alternate();
        for (i, (name, v)) in p.fields(self.object).enumerate() {
            if i > 0 {
                f.write_char(if multi_line { '\n' } else { ' ' })?;
            }
            if multi_line {
                p.multi_line_field(f, name, v, 0)?;
            } else {
                write!(f, "{name}:")?;
                p.one_line(f, v)?;
            }
        }
        Ok(())
    }
}

struct Printer<'s> {
    schema: &'s Schema,
}

impl Printer<'_> {
    fn one_line(&self, f: &mut dyn Write, value: &Value) -> fmt::Result {
        match value {
            Value::Vector(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    self.one_line(f, item)?;
                }
                f.write_char(']')
            }
            Value::Object(o) => {
                f.write_char('(')?;
                f.write_str(self.name(o))?;
                for (name, v) in self.fields(o) {
                    write!(f, " {name}:")?;
                    self.one_line(f, v)?;
                }
                f.write_char(')')
            }
            scalar => write_scalar(f, scalar),
        }
    }

    /// `value` starting at the current column, its lines after the first indented by `indent`.
    fn multi_line(
        &self,
        f: &mut dyn Write,
        value: &Value,
        indent: usize,
        force: bool,
    ) -> fmt::Result {
        let breaks = match value {
            Value::Object(o) => self.fields(o).next().is_some(),
            Value::Vector(items) => !items.is_empty(),
            _ => false,
        };
        if !breaks || (!force && self.fits(value, WIDTH.saturating_sub(indent))) {
            return self.one_line(f, value);
        }
        let inner = indent + INDENT;
        match value {
            Value::Object(o) => {
                write!(f, "({}", self.name(o))?;
                for (name, v) in self.fields(o) {
                    write!(f, "\n{:inner$}", "")?;
                    self.multi_line_field(f, name, v, inner)?;
                }
                write!(f, "\n{:indent$})", "")
            }
            Value::Vector(items) => {
                f.write_char('[')?;
                for item in items {
                    write!(f, "\n{:inner$}", "")?;
                    self.multi_line(f, item, inner, false)?;
                }
                write!(f, "\n{:indent$}]", "")
            }
            _ => self.one_line(f, value),
        }
    }

    /// `name:value` of an object's multi-line form, starting at column `indent`: the value on
    /// the line if it fits there, else broken over lines indented from `indent`.
    fn multi_line_field(
        &self,
        f: &mut dyn Write,
        name: &str,
        v: &Value,
        indent: usize,
    ) -> fmt::Result {
        write!(f, "{name}:")?;
        if self.fits(v, WIDTH.saturating_sub(indent + name.len() + 1)) {
            self.one_line(f, v)
        } else {
            // Known not to fit: no second measure.
            self.multi_line(f, v, indent, true)
        }
    }

    /// Whether the one-line form of `value` takes at most `width` columns. Stops printing as
    /// soon as it does not, so that deciding costs at most `width` characters per value.
    fn fits(&self, value: &Value, width: usize) -> bool {
        let mut limited = Limited { left: width };
        self.one_line(&mut limited, value).is_ok()
    }

    fn name<'o>(&'o self, o: &Object) -> &'o str {
        self.schema.name_of(o.def).unwrap_or("?")
    }

    /// The fields shown: present ones, flags words never (they hold no value).
    fn fields<'o>(&'o self, o: &'o Object) -> impl Iterator<Item = (&'o str, &'o Value)> + 'o {
        let params = self
            .schema
            .defs
            .get(o.def as usize)
            .map_or(&[][..], |d| &d.params[..]);
        params
            .iter()
            .zip(&o.fields)
            .filter(|(p, _)| p.ty != Ty::Flags)
            .filter_map(|(p, v)| Some((p.name.as_str(), v.as_ref()?)))
    }
}

/// A writer that fails once more than `left` bytes are written (ASCII-heavy text, so bytes are
/// a fair measure of columns; multi-byte text only breaks a little early).
struct Limited {
    left: usize,
}

impl Write for Limited {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.left = self.left.checked_sub(s.len()).ok_or(fmt::Error)?;
        Ok(())
    }
}

fn write_scalar(f: &mut dyn Write, value: &Value) -> fmt::Result {
    match value {
        Value::Int(v) => write!(f, "{v}"),
        Value::Nat(v) => write!(f, "{v}"),
        Value::Long(v) => write!(f, "{v}"),
        Value::Double(v) => write_double(f, *v),
        Value::Int128(b) => write_hex(f, b),
        Value::Int256(b) => write_hex(f, &b[..]),
        Value::Int512(b) => write_hex(f, &b[..]),
        Value::Bytes(b) => write_hex(f, b),
        Value::String(b) => write_string(f, b),
        Value::Bool(true) => f.write_str("(boolTrue)"),
        Value::Bool(false) => f.write_str("(boolFalse)"),
        Value::True => f.write_str("true"),
        Value::Vector(_) | Value::Object(_) => unreachable_scalar(f),
    }
}

/// Containers are printed by [`Printer`]; this keeps `write_scalar` total without a panic.
fn unreachable_scalar(f: &mut dyn Write) -> fmt::Result {
    f.write_str("?")
}

/// The quiet NaN Rust's `f64::NAN` and every common platform produce.
pub(crate) const CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

/// Shortest digits that read back to the same bits (Rust's `{:?}`: `1.5`, `0.0`, `-0.0`,
/// `1e300`); `Infinity`, `-Infinity` and `NaN` as in JSON; any other NaN as `NaN#` and its 16 hex
/// digits of bits, so that no double loses bits through text.
pub(crate) fn write_double(f: &mut dyn Write, v: f64) -> fmt::Result {
    if v.is_nan() {
        match v.to_bits() {
            CANONICAL_NAN => f.write_str("NaN"),
            bits => write!(f, "NaN#{bits:016x}"),
        }
    } else if v.is_infinite() {
        f.write_str(if v > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        write!(f, "{v:?}")
    }
}

/// `0x` and lowercase hex digits, in wire order; `0x` alone for empty `bytes`.
fn write_hex(f: &mut dyn Write, bytes: &[u8]) -> fmt::Result {
    f.write_str("0x")?;
    bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
}

/// A quoted string: `"` and `\` escaped, control characters as `\n`, `\r`, `\t`, `\0` or
/// `\u{..}`, and bytes that are not UTF-8 (only a lenient decode keeps them) as `\xNN`.
fn write_string(f: &mut dyn Write, bytes: &[u8]) -> fmt::Result {
    f.write_char('"')?;
    for chunk in bytes.utf8_chunks() {
        // Runs of characters that need no escape are written at once: one call per run rather
        // than per character (message texts are most of a payload's text).
        let valid = chunk.valid();
        let mut run = 0;
        for (i, c) in valid.char_indices() {
            let escape = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                c if c.is_control() => "",
                _ => continue,
            };
            f.write_str(&valid[run..i])?;
            run = i + c.len_utf8();
            if escape.is_empty() {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_str(escape)?;
            }
        }
        f.write_str(&valid[run..])?;
        for b in chunk.invalid() {
            write!(f, "\\x{b:02x}")?;
        }
    }
    f.write_char('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(v: Value) -> String {
        let mut s = String::new();
        write_scalar(&mut s, &v).unwrap();
        s
    }

    #[test]
    fn scalars() {
        assert_eq!(scalar(Value::Int(-5)), "-5");
        assert_eq!(scalar(Value::Nat(u32::MAX)), "4294967295");
        assert_eq!(scalar(Value::Long(i64::MIN)), "-9223372036854775808");
        assert_eq!(scalar(Value::Double(1.5)), "1.5");
        assert_eq!(scalar(Value::Double(-0.0)), "-0.0");
        assert_eq!(scalar(Value::Double(1e300)), "1e300");
        assert_eq!(scalar(Value::Double(f64::NEG_INFINITY)), "-Infinity");
        assert_eq!(scalar(Value::Double(f64::NAN)), "NaN");
        assert_eq!(
            scalar(Value::Double(f64::from_bits(0xfff0_0000_0000_0001))),
            "NaN#fff0000000000001"
        );
        assert_eq!(scalar(Value::Bytes(vec![])), "0x");
        assert_eq!(
            scalar(Value::Int128([0xab; 16])),
            format!("0x{}", "ab".repeat(16))
        );
        assert_eq!(
            scalar(Value::Int256(Box::new([1; 32]))),
            format!("0x{}", "01".repeat(32))
        );
        assert_eq!(
            scalar(Value::Int512(Box::new([0xfe; 64]))),
            format!("0x{}", "fe".repeat(64))
        );
        assert_eq!(scalar(Value::Bool(false)), "(boolFalse)");
        assert_eq!(scalar(Value::True), "true");
    }

    #[test]
    fn strings_escape_what_would_not_read_back() {
        let s = |b: &[u8]| scalar(Value::String(b.to_vec()));
        assert_eq!(s(b"a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(s(b"\n\r\t\0\x01\x7f"), r#""\n\r\t\0\u{1}\u{7f}""#);
        assert_eq!(s("мир".as_bytes()), "\"мир\"");
        assert_eq!(s(b"\xff\xc3("), r#""\xff\xc3(""#);
    }

    #[test]
    fn limited_stops_at_the_width() {
        let mut l = Limited { left: 3 };
        assert!(l.write_str("abc").is_ok());
        assert!(l.write_str("d").is_err());
    }
}
