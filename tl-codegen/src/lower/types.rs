//! Resolves a TL type expression to a Rust [`Ty`]: primitives, vectors, enums, bare structs, generics.

use std::collections::HashMap;

use tlgen_parser::{Scalar, TypeExpr};

use super::Source;
use crate::ir::{BoxedEnum, ItemPath, Ty};

/// The schema's type names and where their Rust items are.
#[derive(Debug, Default)]
pub struct Names {
    /// Boxed type name (`auth.SentCode`) -> its enum, with the number of constructors.
    pub enums: HashMap<String, (ItemPath, usize)>,
    /// Boxed type name -> its only constructor's struct, where it has exactly one (for `%T`).
    pub sole_constructor: HashMap<String, ItemPath>,
    /// Constructor name (`future_salt`) -> its struct (for lowercase bare references).
    pub constructors: HashMap<String, ItemPath>,
}

impl Names {
    /// The names of the declared enums and of every constructor's struct (`paths`, in the
    /// order of `constructors`).
    pub(crate) fn new(
        enums: &[BoxedEnum],
        constructors: &[Source<'_, '_>],
        paths: &[ItemPath],
    ) -> Self {
        Self {
            enums: enums
                .iter()
                .map(|e| (e.tl_name.clone(), (e.path.clone(), e.variants.len())))
                .collect(),
            sole_constructor: enums
                .iter()
                .filter(|e| e.variants.len() == 1)
                .map(|e| (e.tl_name.clone(), e.variants[0].path.clone()))
                .collect(),
            constructors: constructors
                .iter()
                .zip(paths)
                .map(|(s, p)| (s.def.name.to_string(), p.clone()))
                .collect(),
        }
    }
}

/// What the resolver knows in one definition: the schema's names and the generics in scope.
pub struct TypeIndex<'s> {
    pub names: &'s Names,
    /// The generic parameters in scope (`X` of `{X:Type}`).
    pub generics: &'s [String],
}

impl TypeIndex<'_> {
    /// The Rust type for `expr`, or why there is none.
    pub fn resolve(&self, expr: &TypeExpr<'_>) -> Result<Ty, String> {
        let full = expr.name.to_string();
        if expr.bang || self.generics.contains(&full) {
            if self.generics.contains(&full) && expr.args.is_empty() {
                return Ok(Ty::Generic(full));
            }
            return Err(format!("`!{full}` needs a `{{{full}:Type}}` declaration"));
        }
        if let Some(ty) = primitive(&full) {
            return if expr.args.is_empty() {
                Ok(ty)
            } else {
                Err(format!("`{full}` takes no type arguments"))
            };
        }
        if full == "Vector" || full == "vector" {
            let [item] = expr.args.as_slice() else {
                return Err(format!("`{full}` takes exactly one type argument"));
            };
            // Any item, nested vectors of either form included (TDLib's
            // `rows:vector<vector<keyboardButton>>`): the emitters write each level in its form.
            let item = self.resolve(item)?;
            let boxed = full == "Vector" && !expr.percent;
            return Ok(Ty::Vector {
                boxed,
                item: Box::new(item),
            });
        }
        if !expr.args.is_empty() {
            return Err(format!(
                "type arguments are only supported on Vector, not on `{full}`"
            ));
        }
        // `Object` is any boxed value; TON's schemas also name `object`/`function` and `Function`
        // (built-in `object ? = Object;`, `function ? = Function;`): a boxed value or call, by id.
        if matches!(full.as_str(), "Object" | "object" | "Function" | "function") {
            return Ok(Ty::Object);
        }
        if expr.percent {
            return match (
                self.names.sole_constructor.get(&full),
                self.names.enums.get(&full),
            ) {
                (Some(path), _) => Ok(Ty::Bare {
                    path: path.clone(),
                    heap: false,
                }),
                (None, Some((_, count))) => Err(format!(
                    "`%{full}` is bare, but `{full}` has {count} constructors, so its bare form is ambiguous"
                )),
                (None, None) => Err(format!("unknown type `{full}`")),
            };
        }
        if expr.name.starts_lowercase() {
            return match self.names.constructors.get(&full) {
                Some(path) => Ok(Ty::Bare {
                    path: path.clone(),
                    heap: false,
                }),
                None => Err(format!(
                    "unknown bare type `{full}` (no constructor of that name)"
                )),
            };
        }
        match self.names.enums.get(&full) {
            Some((path, _)) => Ok(Ty::Enum {
                path: path.clone(),
                heap: false,
            }),
            None => Err(format!("unknown type `{full}`")),
        }
    }
}

/// The built-in scalar types, by every spelling tlgen-parser's [`Scalar`] knows.
fn primitive(name: &str) -> Option<Ty> {
    Some(match Scalar::from_name(name)? {
        Scalar::Int => Ty::Int,
        Scalar::Long => Ty::Long,
        Scalar::Double => Ty::Double,
        Scalar::Int128 => Ty::Int128,
        Scalar::Int256 => Ty::Int256,
        Scalar::Int512 => Ty::Int512,
        Scalar::String => Ty::String,
        Scalar::Bytes => Ty::Bytes,
        Scalar::Bool => Ty::Bool,
    })
}

/// Whether a boxed type name is one the runtime provides, so the schema's constructors of it
/// (`boolTrue = Bool;`, `int ? = Int;`) get no struct of their own.
pub fn is_runtime_type(name: &str) -> bool {
    primitive(name).is_some() || matches!(name, "Vector" | "vector")
}

/// Whether a constructor's result is "any value" (`gzip_packed#3072cfa1 packed_data:bytes = Object;`):
/// it gets a struct and a registry entry, but there is no enum of all values to be a variant of.
pub fn is_any_type(name: &str) -> bool {
    matches!(name, "Object" | "Function")
}
