//! [`Value`] -> JSON, in the shape of the crate docs ("JSON"), formatted exactly as `serde_json`
//! formats (compact, or with `{:#}` its pretty form), so that the generated types' serde output
//! and this one can be compared as strings.

use std::fmt::{self, Write};

use crate::base64;
use crate::schema::{Schema, Ty};
use crate::text::print::write_double;
use crate::value::{Object, Value};

/// A value with its schema, printed as JSON by `Display`: `{}` compact, `{:#}` pretty.
pub struct Json<'a> {
    pub(crate) schema: &'a Schema,
    pub(crate) value: &'a Value,
}

impl fmt::Display for Json<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pretty = f.alternate();
        Printer {
            schema: self.schema,
            pretty,
        }
        .value(f, self.value, 0)
    }
}

struct Printer<'s> {
    schema: &'s Schema,
    pretty: bool,
}

impl Printer<'_> {
    fn value(&self, f: &mut dyn Write, value: &Value, indent: usize) -> fmt::Result {
        match value {
            Value::Int(v) => write!(f, "{v}"),
            Value::Nat(v) => write!(f, "{v}"),
            Value::Long(v) => write!(f, "{v}"),
            Value::Double(v) if v.is_finite() => {
                // serde_json's own formatting (ryu), so that both sides print the same digits.
                f.write_str(&serde_json::to_string(v).map_err(|_| fmt::Error)?)
            }
            Value::Double(v) => {
                f.write_char('"')?;
                write_double(f, *v)?;
                f.write_char('"')
            }
            Value::Int128(b) => base64(f, b),
            Value::Int256(b) => base64(f, &b[..]),
            Value::Int512(b) => base64(f, &b[..]),
            Value::Bytes(b) => base64(f, b),
            // JSON strings are Unicode: bytes that are not UTF-8 (kept only by a lenient
            // decode) become U+FFFD here. TL text keeps them; see the crate docs.
            Value::String(b) => string(f, &String::from_utf8_lossy(b)),
            Value::Bool(b) => write!(f, "{b}"),
            Value::True => f.write_str("true"),
            Value::Vector(items) => {
                if items.is_empty() {
                    return f.write_str("[]");
                }
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    self.separator(f, i, indent + 1)?;
                    self.value(f, item, indent + 1)?;
                }
                self.close(f, indent, ']')
            }
            Value::Object(o) => self.object(f, o, indent),
        }
    }

    fn object(&self, f: &mut dyn Write, o: &Object, indent: usize) -> fmt::Result {
        let name = self.schema.name_of(o.def).unwrap_or("?");
        f.write_char('{')?;
        self.separator(f, 0, indent + 1)?;
        string(f, "_")?;
        f.write_str(if self.pretty { ": " } else { ":" })?;
        string(f, name)?;
        let params = self
            .schema
            .defs
            .get(o.def as usize)
            .map_or(&[][..], |d| &d.params[..]);
        let present = params
            .iter()
            .zip(&o.fields)
            .filter(|(p, _)| p.ty != Ty::Flags)
            .filter_map(|(p, v)| Some((p, v.as_ref()?)));
        for (p, v) in present {
            self.separator(f, 1, indent + 1)?;
            string(f, &p.name)?;
            f.write_str(if self.pretty { ": " } else { ":" })?;
            self.value(f, v, indent + 1)?;
        }
        self.close(f, indent, '}')
    }

    /// Before item `i` of an array or object: a comma after the first, and in pretty form a
    /// line break and the item's indentation.
    fn separator(&self, f: &mut dyn Write, i: usize, indent: usize) -> fmt::Result {
        if i > 0 {
            f.write_char(',')?;
        }
        if self.pretty {
            write!(f, "\n{:width$}", "", width = 2 * indent)?;
        }
        Ok(())
    }

    fn close(&self, f: &mut dyn Write, indent: usize, bracket: char) -> fmt::Result {
        if self.pretty {
            write!(f, "\n{:width$}", "", width = 2 * indent)?;
        }
        f.write_char(bracket)
    }
}

fn base64(f: &mut dyn Write, bytes: &[u8]) -> fmt::Result {
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4 + 2);
    s.push('"');
    base64::encode_into(bytes, &mut s);
    s.push('"');
    f.write_str(&s)
}

/// A JSON string as serde_json escapes it.
fn string(f: &mut dyn Write, s: &str) -> fmt::Result {
    f.write_str(&serde_json::to_string(s).map_err(|_| fmt::Error)?)
}
