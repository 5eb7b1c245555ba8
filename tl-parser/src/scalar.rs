//! The scalar types a TL schema names without declaring their wire form, by every spelling the
//! published schemas use: one table for every reader of a schema (the generator, the codec).

/// A scalar type, as its bytes are on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// `int`: 4 bytes, little-endian.
    Int,
    /// `long`: 8 bytes, little-endian.
    Long,
    /// `double`: 8 bytes, IEEE 754, little-endian.
    Double,
    /// `int128`: 16 bytes as they are.
    Int128,
    /// `int256`: 32 bytes as they are.
    Int256,
    /// `int512`: 64 bytes as they are.
    Int512,
    /// `string`: TL's length-prefixed, padded bytes, holding UTF-8.
    String,
    /// `bytes`: the same form as `string`, any bytes.
    Bytes,
    /// `Bool`: the constructor `boolTrue` or `boolFalse`.
    Bool,
}

impl Scalar {
    /// The scalar `name` spells, bare and boxed alike (`int`, `Int`), with TDLib's `int32`,
    /// `int53` and `int64`, which its td_api.tl declares as constructors with no fields
    /// (`int64 = Int64;`) but which are `int` and `long` on the wire. `None` for any other name.
    pub fn from_name(name: &str) -> Option<Scalar> {
        Some(match name {
            "int" | "Int" | "int32" | "Int32" => Scalar::Int,
            "long" | "Long" | "int53" | "Int53" | "int64" | "Int64" => Scalar::Long,
            "double" | "Double" => Scalar::Double,
            "int128" | "Int128" => Scalar::Int128,
            "int256" | "Int256" => Scalar::Int256,
            "int512" | "Int512" => Scalar::Int512,
            "string" | "String" => Scalar::String,
            "bytes" | "Bytes" => Scalar::Bytes,
            "Bool" => Scalar::Bool,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Scalar;

    #[test]
    fn spellings() {
        assert_eq!(Scalar::from_name("Int"), Some(Scalar::Int));
        assert_eq!(Scalar::from_name("int53"), Some(Scalar::Long));
        assert_eq!(Scalar::from_name("int512"), Some(Scalar::Int512));
        assert_eq!(Scalar::from_name("bool"), None);
        assert_eq!(Scalar::from_name("Vector"), None);
    }
}
