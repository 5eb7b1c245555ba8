//! Groups a combinator's conditional parameters by the flag bit they share.
//!
//! TL lets several parameters hang on one bit (`views:flags.10?int forwards:flags.10?int`); on the
//! wire they are all present or all absent. Separate `Option`s would let a user set one and not the
//! other, which serializes to bytes the decoder reads differently, so such parameters become one
//! `Option` of a small struct. A `flags.N?true` parameter on a bit that also carries data is not a
//! field of its own: its value is whether that data is present, offered as an accessor method.

use std::collections::BTreeMap;

use tlgen_parser::{Param, ParamKind};

/// The parameters that hang on one `(flags word, bit)`.
#[derive(Debug, Default)]
pub struct BitUsers {
    /// Indices (into the definition's params) of `flags.N?T` parameters with `T` not `true`.
    pub values: Vec<usize>,
    /// Indices of `flags.N?true` parameters.
    pub trues: Vec<usize>,
}

/// How a conditional parameter is represented in the struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Owns an `Option<T>` field (the only data on its bit).
    Optional,
    /// A member of the group field of its bit (several data params on one bit).
    GroupMember,
    /// Owns the `bool` field of its bit (no data on the bit; the first `true` param of it).
    FlagField,
    /// Has no field; an accessor reports whether the bit's owner is present.
    Implied,
}

/// Who uses each bit of each flags word, keyed by `(flags param name, bit)`.
pub fn bit_users<'a>(params: &[Param<'a>]) -> BTreeMap<(&'a str, u32), BitUsers> {
    let mut users: BTreeMap<(&'a str, u32), BitUsers> = BTreeMap::new();
    for (index, param) in params.iter().enumerate() {
        let ParamKind::Field {
            ty,
            flag: Some(flag),
        } = &param.kind
        else {
            continue;
        };
        let entry = users.entry((flag.field, flag.bit)).or_default();
        if is_true(ty) {
            entry.trues.push(index);
        } else {
            entry.values.push(index);
        }
    }
    users
}

/// The role of parameter `index` on a bit with these users.
pub fn role(users: &BitUsers, index: usize) -> Role {
    if users.values.contains(&index) {
        if users.values.len() == 1 {
            Role::Optional
        } else {
            Role::GroupMember
        }
    } else if users.values.is_empty() && users.trues.first() == Some(&index) {
        Role::FlagField
    } else {
        Role::Implied
    }
}

/// Whether a conditional type is `true` (the bit alone is the value).
pub fn is_true(ty: &tlgen_parser::TypeExpr<'_>) -> bool {
    ty.name.namespace.is_none() && ty.name.name == "true" && ty.args.is_empty()
}
