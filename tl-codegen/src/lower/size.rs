//! Which values are boxed for their size: enum variants whose struct is large (in an enum of
//! several), and constructors' fields holding a type of one constructor whose struct is large (an
//! alias of that struct, which no enum wraps).
//!
//! A Rust enum is as large as its largest variant, so without this a 4-byte `updateConfig`
//! would take as much memory as the largest `Update` (over 1 KB), and a vector of small
//! constructors would decode to hundreds of times its input size. A variant whose struct is
//! estimated above [`MAX_INLINE_VARIANT`] bytes is held in a `Box`: one allocation for a value
//! that owns several already, and moves of the enum stay cheap. A field of a large type of one
//! constructor is boxed for the same reason (`message.fwd_from`, mostly absent, would otherwise
//! make every `message` larger, and slower to build and move); not in functions, which are built
//! once and sent, nor as a vector's items, which a `Box` would only make larger.
//!
//! Sizes are estimated from the field types with the x86-64 layout rules that matter here
//! (pointer-sized `String`/`Vec`, niches in `Option` of those and of boxes); the estimate only
//! has to rank structs, not match `size_of` to the byte.

use std::collections::{HashMap, HashSet};

use super::recursion::for_each_field_type_mut;
use crate::ir::{BoxedEnum, Combinator, FieldKind, ItemPath, Ty};

/// The largest struct, in bytes, that an enum (or a field, for a type of one constructor) holds
/// inline.
pub const MAX_INLINE_VARIANT: usize = 64;

/// A pointer, and the size of the thing most fields cost: `String`, `Vec` (three words).
const WORD: usize = 8;
const VEC: usize = 3 * WORD;

/// Sets [`crate::ir::Variant::boxed`] on every variant of an enum of several whose struct is
/// larger than [`MAX_INLINE_VARIANT`], and boxes the constructors' fields that hold a type of one
/// constructor whose struct is. Runs after recursion is resolved, so that cycles are already
/// broken by boxed fields and every size is finite.
pub fn box_large(enums: &mut [BoxedEnum], constructors: &mut [Combinator]) {
    let mut sizes = Sizes {
        structs: constructors.iter().map(|c| (&c.path, c)).collect(),
        enums: enums.iter().map(|e| (&e.path, e)).collect(),
        known: HashMap::new(),
    };
    let large: Vec<Vec<bool>> = enums
        .iter()
        .map(|e| {
            e.variants
                .iter()
                .map(|v| sizes.of_struct(&v.path) > MAX_INLINE_VARIANT)
                .collect()
        })
        .collect();
    let mut large_aliases = HashSet::new();
    for (e, large) in enums.iter_mut().zip(large) {
        if let ([_], [true]) = (e.variants.as_slice(), large.as_slice()) {
            large_aliases.insert(e.path.clone());
            continue;
        }
        for (v, large) in e.variants.iter_mut().zip(large) {
            v.boxed = large;
        }
    }
    for c in constructors {
        for_each_field_type_mut(c, |ty| {
            if let Ty::Enum { heap, path } = ty
                && large_aliases.contains(path)
            {
                *heap = true;
            }
        });
    }
}

struct Sizes<'a> {
    structs: HashMap<&'a ItemPath, &'a Combinator>,
    enums: HashMap<&'a ItemPath, &'a BoxedEnum>,
    /// Sizes computed so far, of structs and enums.
    known: HashMap<&'a ItemPath, usize>,
}

impl<'a> Sizes<'a> {
    fn of_struct(&mut self, path: &'a ItemPath) -> usize {
        if let Some(&size) = self.known.get(path) {
            return size;
        }
        // A cycle of inline containment cannot happen after recursion is resolved; should one
        // slip through, counting it as a pointer keeps this finite.
        self.known.insert(path, WORD);
        let Some(c) = self.structs.get(path).copied() else {
            return WORD;
        };
        let fields: usize = c
            .fields
            .iter()
            .map(|f| match &f.kind {
                FieldKind::Plain(ty) => self.of(ty),
                FieldKind::Optional(ty) => self.of_option(ty),
                FieldKind::Flag { .. } => 1,
                FieldKind::Group { group } => {
                    let members: usize = group.members.iter().map(|m| self.of(&m.ty)).sum();
                    round_up(members) + WORD
                }
            })
            .sum();
        let size = round_up(fields);
        self.known.insert(path, size);
        size
    }

    /// An enum: its largest variant as it would be laid out (boxed if large), and a tag; for a
    /// type of one constructor, its struct, or a pointer to it if large (as a field holds it).
    fn of_enum(&mut self, path: &'a ItemPath) -> usize {
        if let Some(&size) = self.known.get(path) {
            return size;
        }
        self.known.insert(path, WORD);
        let Some(e) = self.enums.get(path).copied() else {
            return WORD;
        };
        if let [only] = e.variants.as_slice() {
            let size = match self.of_struct(&only.path) {
                large if large > MAX_INLINE_VARIANT => WORD,
                size => size,
            };
            self.known.insert(path, size);
            return size;
        }
        let largest = e
            .variants
            .iter()
            .map(|v| {
                let size = self.of_struct(&v.path);
                if size > MAX_INLINE_VARIANT {
                    WORD
                } else {
                    size
                }
            })
            .max()
            .unwrap_or(0);
        let size = round_up(largest) + WORD;
        self.known.insert(path, size);
        size
    }

    fn of(&mut self, ty: &'a Ty) -> usize {
        match ty {
            Ty::Bool => 1,
            Ty::Int => 4,
            Ty::Long | Ty::Double => 8,
            Ty::Int128 => 16,
            Ty::Int256 => 32,
            Ty::Int512 => 64,
            Ty::String | Ty::Bytes | Ty::Vector { .. } => VEC,
            Ty::Enum { heap: true, .. } | Ty::Bare { heap: true, .. } | Ty::Generic(_) => WORD,
            Ty::Object => 2 * WORD,
            Ty::Enum { path, .. } => self.of_enum(path),
            Ty::Bare { path, .. } => self.of_struct(path),
        }
    }

    /// `Option<T>`: free where `T` has a niche (pointers, `String`, `Vec`, `bool`, enums' tags),
    /// a tag word otherwise.
    fn of_option(&mut self, ty: &'a Ty) -> usize {
        let inner = self.of(ty);
        match ty {
            Ty::Bool
            | Ty::String
            | Ty::Bytes
            | Ty::Vector { .. }
            | Ty::Enum { .. }
            | Ty::Object
            | Ty::Bare { heap: true, .. } => inner,
            Ty::Int => 8,
            _ => inner + WORD,
        }
    }
}

fn round_up(size: usize) -> usize {
    size.div_ceil(WORD) * WORD
}

#[cfg(test)]
mod tests {
    use crate::ir::{FieldKind, Ty};

    fn ir(src: &str) -> crate::ir::Ir {
        let parsed = tlgen_parser::parse("t.tl", src).unwrap();
        crate::lower::lower(&[parsed.schema]).unwrap()
    }

    fn boxed(ir: &crate::ir::Ir) -> Vec<(&str, bool)> {
        ir.enums
            .iter()
            .flat_map(|e| &e.variants)
            .map(|v| (v.tl_name.as_str(), v.boxed))
            .collect()
    }

    #[test]
    fn large_variants_are_boxed_small_ones_not() {
        let ir = ir("small a:int b:long = T;\n\
             large a:string b:string c:string = T;\n\
             edge a:long b:long c:long d:long e:long f:long g:long h:long = T;\n\
             over a:long b:long c:long d:long e:long f:long g:long h:long i:int = T;\n\
             empty = T;");
        assert_eq!(
            boxed(&ir),
            [
                ("small", false),
                ("large", true),
                ("edge", false),
                ("over", true),
                ("empty", false)
            ]
        );
    }

    #[test]
    fn nested_enums_count_with_their_own_boxing() {
        // `holder` holds a `T` inline; `T`'s large variant is boxed, so `T` is small and so is
        // `holder`. A bare struct field counts in full.
        let ir = ir("small a:int = T;\n\
             large a:string b:string c:string = T;\n\
             holder a:T b:T = H;\n\
             holderNone = H;\n\
             bare x:%Inner y:%Inner = B;\n\
             bareNone = B;\n\
             inner a:string b:string = Inner;");
        let holder = boxed(&ir);
        assert!(holder.contains(&("holder", false)), "{holder:?}");
        assert!(holder.contains(&("bare", true)), "{holder:?}");
    }

    #[test]
    fn a_large_type_of_one_constructor_is_boxed_in_constructors_fields_only() {
        // `One` is an alias of `one`'s struct (72 bytes): boxed where `holder` holds it, plain or
        // optional, but not in a vector, nor in a function's arguments; `Small` (8 bytes) never.
        let ir = ir("one a:string b:string c:string = One;\n\
             small a:int = Small;\n\
             holder flags:# x:One y:flags.0?One v:Vector<One> s:Small = H;\n\
             holderNone = H;\n\
             ---functions---\n\
             send x:One = H;");
        assert!(boxed(&ir).contains(&("one", false)), "{:?}", boxed(&ir));
        let heap = |c: &crate::ir::Combinator| -> Vec<(String, bool)> {
            c.fields
                .iter()
                .map(|f| {
                    let heap = match &f.kind {
                        FieldKind::Plain(Ty::Enum { heap, .. })
                        | FieldKind::Optional(Ty::Enum { heap, .. }) => *heap,
                        _ => false,
                    };
                    (f.name.clone(), heap)
                })
                .collect()
        };
        let holder = ir
            .constructors
            .iter()
            .find(|c| c.tl_name == "holder")
            .unwrap();
        let expected = [("x", true), ("y", true), ("v", false), ("s", false)];
        let expected: Vec<_> = expected.iter().map(|&(f, h)| (f.to_owned(), h)).collect();
        assert_eq!(heap(holder), expected);
        let send = ir.functions.iter().find(|c| c.tl_name == "send").unwrap();
        assert_eq!(heap(send), [("x".to_owned(), false)]);
    }
}
