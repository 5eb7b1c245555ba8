//! Valid TL bytes for any constructor or function of schema/ (api.tl + mtproto.tl), generated from
//! the schema as `tlgen_parser` reads it rather than from the generated types. So a test can cover
//! every definition without per-type code, and does not take the generator's word for the layout.
//!
//! `tlgen_tests::reference` (the round-trip tests' encoder) is the same idea; this one adds what
//! those tests do not need: exact combinations of flag bits, a deterministic smallest-value mode,
//! the value of any single field type, and resolved parameter types to walk the type graph with.
//!
//! Random mode draws flags, vector lengths, strings and constructor choices from an [`Rng`]; past a
//! depth or size budget it switches to the smallest choices (all flags clear, empty vectors, the
//! constructor with the fewest required levels below it), so every value is finite and bounded.

use std::collections::HashMap;
use std::sync::LazyLock;

use tlgen_parser::{Category, DefinitionKind, ParamKind, TypeExpr};

pub use tlgen_tests::reference::{VECTOR_ID, write_bytes};
use tlgen_tests::rng::Rng;

pub const API: &str = include_str!("../../../schema/api.tl");
pub const MTPROTO: &str = include_str!("../../../schema/mtproto.tl");

/// The two schema files, parsed once per test binary.
pub static SCHEMA: LazyLock<Schema> = LazyLock::new(Schema::load);

const BOOL_TRUE: u32 = 0x9972_75b5;
const BOOL_FALSE: u32 = 0xbc79_9737;

/// A parameter's type, resolved the way TL (and tlgen-codegen) reads it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    Int,
    Long,
    Double,
    Int128,
    Int256,
    String,
    Bytes,
    Bool,
    /// `flags.N?true`: the bit alone.
    True,
    Vector {
        boxed: bool,
        item: Box<Ty>,
    },
    /// A boxed type by name: a constructor id, then that constructor's fields.
    Boxed(String),
    /// The bare form of one constructor (index into [`Schema::defs`]): its fields, no id.
    Bare(usize),
    /// `Object` or `!X`: any constructor or function of the schema, by id.
    Object,
}

#[derive(Debug, Clone)]
pub enum Param {
    /// `name:#`
    Flags { name: String },
    /// `name:Type` or `name:flags.N?Type`.
    Field {
        name: String,
        ty: Ty,
        flag: Option<(String, u32)>,
    },
}

/// A constructor or function.
#[derive(Debug, Clone)]
pub struct Def {
    /// The TL name, e.g. `messages.messages`.
    pub name: String,
    pub id: u32,
    pub function: bool,
    /// The result type as written, e.g. `messages.Messages`.
    pub result: String,
    pub params: Vec<Param>,
}

impl Def {
    /// The bits of flags word `word` that some parameter hangs on.
    pub fn used_bits(&self, word: &str) -> u32 {
        self.params
            .iter()
            .filter_map(|p| match p {
                Param::Field {
                    flag: Some((w, bit)),
                    ..
                } if w == word => Some(1u32 << bit),
                _ => None,
            })
            .fold(0, |a, b| a | b)
    }

    /// The `(flags word, bit)` pairs that two or more parameters hang on, in parameter order.
    pub fn shared_bits(&self) -> Vec<(String, u32)> {
        let mut count: Vec<((String, u32), usize)> = Vec::new();
        for p in &self.params {
            if let Param::Field { flag: Some(f), .. } = p {
                match count.iter_mut().find(|(k, _)| k == f) {
                    Some((_, n)) => *n += 1,
                    None => count.push((f.clone(), 1)),
                }
            }
        }
        count
            .into_iter()
            .filter(|&(_, n)| n > 1)
            .map(|(k, _)| k)
            .collect()
    }

    /// The parameters (names and types) hanging on `(word, bit)`.
    pub fn users_of(&self, word: &str, bit: u32) -> Vec<(&str, &Ty)> {
        self.params
            .iter()
            .filter_map(|p| match p {
                Param::Field {
                    name,
                    ty,
                    flag: Some((w, b)),
                } if w == word && *b == bit => Some((name.as_str(), ty)),
                _ => None,
            })
            .collect()
    }
}

/// The regular definitions of schema/, with what generation needs to know about them.
pub struct Schema {
    pub defs: Vec<Def>,
    /// Boxed type name -> its constructors.
    by_type: HashMap<String, Vec<usize>>,
    /// Per definition: how many levels of required (unconditional) fields lie below it at least.
    height: Vec<u32>,
    /// Constructors (not functions), for the smallest choices of `Object`.
    constructors: Vec<usize>,
}

/// Types the runtime provides: their constructors in the schema (`boolTrue = Bool;`) get no struct
/// and are not in the registry, the same rule as tlgen-codegen's.
fn primitive(name: &str) -> Option<Ty> {
    Some(match name {
        "int" | "Int" => Ty::Int,
        "long" | "Long" => Ty::Long,
        "double" | "Double" => Ty::Double,
        "int128" | "Int128" => Ty::Int128,
        "int256" | "Int256" => Ty::Int256,
        "string" | "String" => Ty::String,
        "bytes" | "Bytes" => Ty::Bytes,
        "Bool" => Ty::Bool,
        _ => return None,
    })
}

const UNREACHED: u32 = u32::MAX / 4;

impl Schema {
    fn load() -> Self {
        let set =
            tlgen_parser::parse_files(&[("schema/api.tl", API), ("schema/mtproto.tl", MTPROTO)])
                .unwrap_or_else(|report| panic!("schema/ parses: {report}"));
        let regular: Vec<_> = set
            .schemas
            .iter()
            .flat_map(|s| &s.definitions)
            .filter(|d| d.kind == DefinitionKind::Regular)
            .filter(|d| {
                let result = d.result.name.to_string();
                d.category == Category::Function
                    || (primitive(&result).is_none() && result != "Vector")
            })
            .collect();
        // Names first, so that parameter types can refer to any constructor.
        let mut by_name = HashMap::new();
        let mut by_type: HashMap<String, Vec<usize>> = HashMap::new();
        let mut constructors = Vec::new();
        for (i, d) in regular.iter().enumerate() {
            if d.category == Category::Type {
                by_name.insert(d.name.to_string(), i);
                by_type
                    .entry(d.result.name.to_string())
                    .or_default()
                    .push(i);
                constructors.push(i);
            }
        }
        let resolve_all = |d: &tlgen_parser::Definition<'_>| -> Vec<Param> {
            let generics: Vec<&str> = d.generics.iter().map(|g| g.name).collect();
            d.params
                .iter()
                .map(|p| {
                    let name = p.name.unwrap_or("_").to_owned();
                    match &p.kind {
                        ParamKind::Nat => Param::Flags { name },
                        ParamKind::Field { ty, flag } => Param::Field {
                            name,
                            ty: resolve(ty, &generics, &by_name, &by_type, flag.is_some()),
                            flag: flag.map(|f| (f.field.to_owned(), f.bit)),
                        },
                        ParamKind::Repeat { .. } => panic!("repeat in a regular definition"),
                    }
                })
                .collect()
        };
        let defs: Vec<Def> = regular
            .iter()
            .map(|d| Def {
                name: d.name.to_string(),
                id: d.id(),
                function: d.category == Category::Function,
                result: d.result.name.to_string(),
                params: resolve_all(d),
            })
            .collect();
        let mut schema = Schema {
            height: vec![UNREACHED; defs.len()],
            defs,
            by_type,
            constructors,
        };
        schema.compute_heights();
        schema
    }

    /// Fixpoint: a definition's height is one more than its tallest required field's.
    fn compute_heights(&mut self) {
        loop {
            let mut changed = false;
            for d in 0..self.defs.len() {
                let h = 1 + self.defs[d]
                    .params
                    .iter()
                    .filter_map(|p| match p {
                        Param::Field { ty, flag: None, .. } => Some(self.ty_height(ty)),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0);
                let h = h.min(UNREACHED);
                if h < self.height[d] {
                    self.height[d] = h;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let stuck: Vec<_> = (0..self.defs.len())
            .filter(|&d| self.height[d] >= UNREACHED)
            .map(|d| &self.defs[d].name)
            .collect();
        assert!(stuck.is_empty(), "no finite value of {stuck:?}");
    }

    fn ty_height(&self, ty: &Ty) -> u32 {
        match ty {
            Ty::Boxed(t) => self
                .constructors_of(t)
                .iter()
                .map(|&c| self.height[c])
                .min()
                .unwrap_or(UNREACHED),
            Ty::Bare(d) => self.height[*d],
            Ty::Object => self
                .constructors
                .iter()
                .map(|&c| self.height[c])
                .min()
                .unwrap_or(UNREACHED),
            _ => 0,
        }
    }

    /// The constructors of boxed type `t`.
    pub fn constructors_of(&self, t: &str) -> &[usize] {
        self.by_type.get(t).map_or(&[], Vec::as_slice)
    }

    /// Every boxed type name.
    pub fn boxed_types(&self) -> impl Iterator<Item = &str> {
        self.by_type.keys().map(String::as_str)
    }

    /// The definition named `name` (constructor or function).
    pub fn def(&self, name: &str) -> usize {
        self.defs
            .iter()
            .position(|d| d.name == name)
            .unwrap_or_else(|| panic!("no definition `{name}` in schema/"))
    }

    /// The constructors of `choices` with the fewest required levels below them.
    fn smallest(&self, choices: &[usize]) -> usize {
        *choices
            .iter()
            .min_by_key(|&&c| self.height[c])
            .expect("a type with constructors")
    }
}

/// `expr` resolved; `flagged` says it sits behind `flags.N?` (where `true` is allowed).
fn resolve(
    expr: &TypeExpr<'_>,
    generics: &[&str],
    by_name: &HashMap<String, usize>,
    by_type: &HashMap<String, Vec<usize>>,
    flagged: bool,
) -> Ty {
    let full = expr.name.to_string();
    if expr.bang || generics.contains(&full.as_str()) {
        return Ty::Object;
    }
    if let Some(ty) = primitive(&full) {
        return ty;
    }
    match full.as_str() {
        "Vector" | "vector" => Ty::Vector {
            boxed: full == "Vector" && !expr.percent,
            item: Box::new(resolve(&expr.args[0], generics, by_name, by_type, false)),
        },
        "Object" => Ty::Object,
        "true" if flagged => Ty::True,
        _ if expr.percent => match by_type.get(&full).map(Vec::as_slice) {
            Some(&[sole]) => Ty::Bare(sole),
            _ => panic!("`%{full}` is not a type with one constructor"),
        },
        _ if expr.name.starts_lowercase() => Ty::Bare(by_name[&full]),
        _ => Ty::Boxed(full),
    }
}

/// Writes valid bytes of schema definitions.
pub struct Gen<'s> {
    pub schema: &'s Schema,
    pub rng: Rng,
    /// Below this many levels, choices are random; from it on, the smallest.
    pub depth_budget: u32,
    /// Past this many bytes written, choices are the smallest.
    pub size_budget: usize,
    /// Always the smallest choices, with zero numbers and empty strings.
    minimal: bool,
}

impl Gen<'static> {
    /// Random values from `seed`, a few levels deep, a few KB at most.
    pub fn random(seed: u64) -> Self {
        Self {
            schema: &SCHEMA,
            rng: Rng::new(seed),
            depth_budget: 5,
            size_budget: 4096,
            minimal: false,
        }
    }

    /// The smallest value of everything, deterministically.
    pub fn minimal() -> Self {
        Self {
            minimal: true,
            ..Self::random(0)
        }
    }
}

impl Gen<'_> {
    /// Whether choices at `depth` may still be random (else the smallest).
    fn free(&self, depth: u32, out: &[u8]) -> bool {
        !self.minimal && depth < self.depth_budget && out.len() < self.size_budget
    }

    /// The boxed form of definition `d` (its id, then its fields), with the flag bits in `forced`
    /// (`(word, bit, set)`) set or cleared whatever the RNG says.
    pub fn boxed(&mut self, d: usize, forced: &[(&str, u32, bool)], out: &mut Vec<u8>) {
        out.extend_from_slice(&self.schema.defs[d].id.to_le_bytes());
        self.bare(d, 0, forced, out);
    }

    /// The boxed bytes of definition `name`.
    pub fn boxed_bytes(&mut self, name: &str) -> Vec<u8> {
        let mut out = Vec::new();
        self.boxed(self.schema.def(name), &[], &mut out);
        out
    }

    /// The fields of definition `d`, no id. `forced` as in [`Gen::boxed`].
    pub fn bare(&mut self, d: usize, depth: u32, forced: &[(&str, u32, bool)], out: &mut Vec<u8>) {
        let schema = self.schema;
        let def = &schema.defs[d];
        let mut words: Vec<(&str, u32)> = Vec::new();
        for p in &def.params {
            match p {
                Param::Flags { name } => {
                    let mut value = if self.free(depth, out) {
                        self.rng.next_u32() & def.used_bits(name)
                    } else {
                        0
                    };
                    for &(word, bit, set) in forced {
                        if word == name {
                            value = if set {
                                value | 1 << bit
                            } else {
                                value & !(1 << bit)
                            };
                        }
                    }
                    words.push((name, value));
                    out.extend_from_slice(&value.to_le_bytes());
                }
                Param::Field { ty, flag, .. } => {
                    if let Some((word, bit)) = flag {
                        let value = words.iter().find(|(w, _)| w == word).map_or(0, |&(_, v)| v);
                        if value & (1 << bit) == 0 {
                            continue;
                        }
                    }
                    self.value(ty, depth + 1, out);
                }
            }
        }
    }

    /// One value of `ty`.
    pub fn value(&mut self, ty: &Ty, depth: u32, out: &mut Vec<u8>) {
        let free = self.free(depth, out);
        match ty {
            Ty::Int => self.number(4, out),
            Ty::Long | Ty::Int128 | Ty::Int256 => {
                let n = match ty {
                    Ty::Long => 8,
                    Ty::Int128 => 16,
                    _ => 32,
                };
                self.number(n, out);
            }
            Ty::Double => {
                // Finite, so that values compare equal to themselves (NaN != NaN).
                let x = if self.minimal {
                    0.0
                } else {
                    f64::from(self.rng.next_u32() as i32) / 7.0
                };
                out.extend_from_slice(&x.to_le_bytes());
            }
            Ty::String => {
                let s = if free { self.string() } else { String::new() };
                write_bytes(s.as_bytes(), out);
            }
            Ty::Bytes => {
                let len = if free { self.length() } else { 0 };
                let data = self.rng.bytes(len);
                write_bytes(&data, out);
            }
            Ty::Bool => {
                let id = if !self.minimal && self.rng.chance(1, 2) {
                    BOOL_TRUE
                } else {
                    BOOL_FALSE
                };
                out.extend_from_slice(&id.to_le_bytes());
            }
            Ty::True => {}
            Ty::Vector { boxed, item } => {
                if *boxed {
                    out.extend_from_slice(&VECTOR_ID.to_le_bytes());
                }
                let count = if free { self.rng.below(4) } else { 0 };
                out.extend_from_slice(&(count as u32).to_le_bytes());
                for _ in 0..count {
                    self.value(item, depth + 1, out);
                }
            }
            Ty::Boxed(t) => {
                let choices = self.schema.constructors_of(t);
                let c = if free {
                    *self.rng.pick(choices)
                } else {
                    self.schema.smallest(choices)
                };
                out.extend_from_slice(&self.schema.defs[c].id.to_le_bytes());
                self.bare(c, depth, &[], out);
            }
            Ty::Bare(d) => self.bare(*d, depth, &[], out),
            Ty::Object => {
                let schema = self.schema;
                let d = if free {
                    self.rng.below(schema.defs.len())
                } else {
                    schema.smallest(&schema.constructors)
                };
                out.extend_from_slice(&schema.defs[d].id.to_le_bytes());
                self.bare(d, depth, &[], out);
            }
        }
    }

    fn number(&mut self, n: usize, out: &mut Vec<u8>) {
        if self.minimal {
            out.extend(std::iter::repeat_n(0, n));
        } else {
            out.extend(self.rng.bytes(n));
        }
    }

    /// A length for `bytes`/`string`: mostly short, sometimes past 253 (the long length prefix).
    fn length(&mut self) -> usize {
        if self.rng.chance(1, 16) {
            254 + self.rng.below(80)
        } else {
            self.rng.below(24)
        }
    }

    /// Valid UTF-8 of about [`Gen::length`] bytes, mixing one- to four-byte characters.
    fn string(&mut self) -> String {
        const PALETTE: [&str; 8] = ["a", "Z", "0", " ", "é", "мир", "€", "😀"];
        let target = self.length();
        let mut s = String::new();
        while s.len() < target {
            let c: &&str = self.rng.pick(&PALETTE);
            s.push_str(c);
        }
        s
    }
}
