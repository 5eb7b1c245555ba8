//! The dynamic value tree every format converts to and from.

/// A TL value of any type. It is tied to the [`Schema`](crate::Schema) that made it:
/// [`Object::def`] indexes that schema's constructors and functions.
#[derive(Debug, Clone)]
pub enum Value {
    /// `int`.
    Int(i32),
    /// A `#` that is a plain number (a flags word is never a value: it is computed from fields).
    Nat(u32),
    /// `long`.
    Long(i64),
    /// `double`; equality is by bits, so that NaN equals itself and `-0.0` differs from `0.0`.
    Double(f64),
    /// `int128`, in wire order.
    Int128([u8; 16]),
    /// `int256`, in wire order; boxed, as it is rare and would make every value 8 bytes larger
    /// (a `Value` is 32 bytes; decoding is mostly writing them).
    Int256(Box<[u8; 32]>),
    /// `int512` (TDLib's e2e_api.tl, for signatures), in wire order; boxed, as `int256` is.
    Int512(Box<[u8; 64]>),
    /// `string`: its bytes, UTF-8 unless decoded with `lossy_utf8` (which keeps invalid bytes
    /// as they are, rather than replacing them, so that they print and encode back unchanged).
    String(Vec<u8>),
    /// `bytes`.
    Bytes(Vec<u8>),
    /// `Bool`.
    Bool(bool),
    /// A present `flags.N?true` field.
    True,
    /// `Vector<T>` or `vector<T>`.
    Vector(Vec<Value>),
    /// A constructor or function, boxed or bare as its field's type says.
    Object(Box<Object>),
}

/// A constructor or function and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// Which definition, by index in the schema ([`Schema::name_of`](crate::Schema::name_of)).
    pub def: u32,
    /// One entry per parameter, in schema order: `None` for flags words (computed when
    /// encoding) and for absent optional fields.
    pub fields: Vec<Option<Value>>,
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        use Value::*;
        match (self, other) {
            (Int(a), Int(b)) => a == b,
            (Nat(a), Nat(b)) => a == b,
            (Long(a), Long(b)) => a == b,
            (Double(a), Double(b)) => a.to_bits() == b.to_bits(),
            (Int128(a), Int128(b)) => a == b,
            (Int256(a), Int256(b)) => a == b,
            (Int512(a), Int512(b)) => a == b,
            (String(a), String(b)) | (Bytes(a), Bytes(b)) => a == b,
            (Bool(a), Bool(b)) => a == b,
            (True, True) => true,
            (Vector(a), Vector(b)) => a == b,
            (Object(a), Object(b)) => a == b,
            _ => false,
        }
    }
}

impl Value {
    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_four_words() {
        // Decoding is mostly writing values into fields: their size is its speed.
        assert_eq!(size_of::<Value>(), 32);
        assert_eq!(size_of::<Option<Value>>(), 32);
    }

    #[test]
    fn doubles_compare_by_bits() {
        assert_eq!(Value::Double(f64::NAN), Value::Double(f64::NAN));
        assert_ne!(Value::Double(0.0), Value::Double(-0.0));
        assert_ne!(Value::Int(1), Value::Nat(1));
        assert_ne!(Value::String(b"a".to_vec()), Value::Bytes(b"a".to_vec()));
    }
}
