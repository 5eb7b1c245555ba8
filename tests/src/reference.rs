//! A reference TL encoder: random, valid bytes for any definition of a parsed schema.
//!
//! It reads `tlgen_parser`'s syntax tree directly and writes bytes by the TL rules, without any of the
//! generator's IR, names or code, so a round trip `bytes -> generated decoder -> generated encoder
//! -> same bytes` checks the generated code against an independent reading of the schema: a wrong
//! flag bit, a swapped field, a missing field, a bare/boxed mix-up all change the bytes.
//!
//! The rules it follows:
//! - A boxed value is its constructor id (little-endian) then its fields; a bare one is the fields.
//! - `flags:#` (any `#` parameter) is the OR of the bits chosen for the fields that refer to it;
//!   fields that name the same bit are present together (so are `flags.N?true` fields on it).
//! - `int` 4 bytes, `long`/`double` 8, `int128` 16, `int256` 32, little-endian.
//! - `string`/`bytes`: length (1 byte below 254, else `0xfe` + 3 bytes), data, zero padding to 4.
//! - `Bool`: `boolTrue#997275b5` / `boolFalse#bc799737`.
//! - `Vector<T>` / `Vector T`: `vector#1cb5c415`, count, items; bare `vector<T>`: count, items.
//!   Items are boxed or bare as `T` is written (`Vector<long>`, `vector<future_salt>`, `Vector<%T>`).
//! - A boxed type: one of its constructors, chosen at random; `%T` or a lowercase constructor
//!   name: that constructor, bare.
//! - `Object`: any constructor of the schema, boxed; `!X`: any function, boxed (a generic one
//!   too, so calls nest as `invokeWithLayer(initConnection(...))` do).
//!
//! Values are random but bounded: below [`RANDOM_DEPTH`] nesting levels constructors, flags and
//! vector lengths are random; past it (or once a value has grown past [`SIZE_BUDGET`] bytes) every
//! choice is the smallest one (no optional fields, empty vectors, the constructor with the fewest
//! required nested objects), so generation always ends.

use std::collections::HashMap;

use tlgen_parser::{Category, Definition, DefinitionKind, ParamKind, Schema, TypeExpr};

use crate::rng::Rng;

/// `vector#1cb5c415`, written here rather than taken from tlgen-runtime, to stay independent.
pub const VECTOR_ID: u32 = 0x1cb5_c415;
/// `boolTrue#997275b5`.
pub const BOOL_TRUE_ID: u32 = 0x9972_75b5;
/// `boolFalse#bc799737`.
pub const BOOL_FALSE_ID: u32 = 0xbc79_9737;

/// Nesting levels with random choices; deeper values are minimal.
pub const RANDOM_DEPTH: u32 = 3;
/// Past this many bytes in one value, every further choice is minimal.
pub const SIZE_BUDGET: usize = 16 * 1024;

const INFINITE: u32 = u32::MAX / 4;

/// Which flag bits the top-level value sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagPlan {
    /// No optional field.
    NoneSet,
    /// Every optional field.
    AllSet,
    /// Only the fields on bit `bit` of the `#` field `field`.
    Only { field: String, bit: u32 },
    /// Each bit at random (what nested values use).
    Random,
}

impl std::fmt::Display for FlagPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoneSet => f.write_str("no flags"),
            Self::AllSet => f.write_str("all flags"),
            Self::Only { field, bit } => write!(f, "only {field}.{bit}"),
            Self::Random => f.write_str("random flags"),
        }
    }
}

/// The schema, indexed for generation.
pub struct Reference<'s, 'a> {
    defs: Vec<&'s Definition<'a>>,
    /// Constructors by the full name of their result type (`messages.Messages`).
    by_result: HashMap<String, Vec<usize>>,
    /// Constructors by their own full name (`future_salt`), for bare uses.
    by_name: HashMap<String, usize>,
    constructors: Vec<usize>,
    /// Every function, for `!X` (generic ones too: clients send `invokeWithLayer(initConnection(...))`).
    functions: Vec<usize>,
    /// The functions with `{X:Type}`, picked more often for `!X` than their share, so that nesting
    /// is exercised.
    generic_functions: Vec<usize>,
    /// How many nested objects a value of each definition needs at least (0 = none).
    def_cost: Vec<u32>,
    type_cost: HashMap<String, u32>,
}

/// `auth.sentCode` from a name with a namespace.
pub fn full_name(name: &tlgen_parser::Name<'_>) -> String {
    name.to_string()
}

impl<'s, 'a> Reference<'s, 'a> {
    /// Indexes every regular definition (built-in lines such as `int ? = Int;` are not data).
    pub fn new(schemas: &'s [Schema<'a>]) -> Self {
        let defs: Vec<&Definition<'a>> = schemas
            .iter()
            .flat_map(|s| &s.definitions)
            .filter(|d| d.kind == DefinitionKind::Regular)
            .collect();
        let mut by_result: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name = HashMap::new();
        let mut constructors = Vec::new();
        let mut functions = Vec::new();
        let mut generic_functions = Vec::new();
        for (i, d) in defs.iter().enumerate() {
            match d.category {
                Category::Type => {
                    by_result
                        .entry(full_name(&d.result.name))
                        .or_default()
                        .push(i);
                    by_name.insert(full_name(&d.name), i);
                    constructors.push(i);
                }
                Category::Function => {
                    functions.push(i);
                    if !d.generics.is_empty() {
                        generic_functions.push(i);
                    }
                }
            }
        }
        let mut r = Reference {
            defs,
            by_result,
            by_name,
            constructors,
            functions,
            generic_functions,
            def_cost: Vec::new(),
            type_cost: HashMap::new(),
        };
        r.compute_costs();
        r
    }

    /// Every regular definition, constructors and functions, in schema order.
    pub fn definitions(&self) -> &[&'s Definition<'a>] {
        &self.defs
    }

    /// The constructors of boxed type `ty` (full name), if the schema has it.
    pub fn constructors_of(&self, ty: &str) -> &[usize] {
        self.by_result.get(ty).map_or(&[], Vec::as_slice)
    }

    /// The distinct `(flag field, bit)` pairs the definition's fields use, in order of appearance.
    pub fn flag_bits(&self, def: usize) -> Vec<(String, u32)> {
        let mut bits: Vec<(String, u32)> = Vec::new();
        for p in &self.defs[def].params {
            if let ParamKind::Field { flag: Some(f), .. } = &p.kind {
                let key = (f.field.to_owned(), f.bit);
                if !bits.contains(&key) {
                    bits.push(key);
                }
            }
        }
        bits
    }

    /// The flag combinations that matter: none, all, and each bit alone (just one plan when the
    /// definition has no optional field).
    pub fn plans(&self, def: usize) -> Vec<FlagPlan> {
        let bits = self.flag_bits(def);
        if bits.is_empty() {
            return vec![FlagPlan::NoneSet];
        }
        let mut plans = vec![FlagPlan::NoneSet, FlagPlan::AllSet];
        if bits.len() > 1 {
            plans.extend(
                bits.into_iter()
                    .map(|(field, bit)| FlagPlan::Only { field, bit }),
            );
        }
        plans
    }

    /// Random valid bytes of definition `def`, boxed (its id first), with the top-level flags of `plan`.
    pub fn encode(&self, def: usize, plan: &FlagPlan, rng: &mut Rng) -> Vec<u8> {
        self.encode_traced(def, plan, rng).0
    }

    /// [`Reference::encode`], and where each constructor id (or `Bool`) was written, with what a
    /// decoder reading the bytes as `Object` must say if that id were unknown.
    pub fn encode_traced(
        &self,
        def: usize,
        plan: &FlagPlan,
        rng: &mut Rng,
    ) -> (Vec<u8>, Vec<IdSite>) {
        let mut g = Gen {
            r: self,
            rng,
            out: Vec::new(),
            sites: Vec::new(),
        };
        g.mark(Expect::UnknownConstructor("Object".to_owned()));
        g.def(def, plan, 0, true);
        (g.out, g.sites)
    }

    /// Random valid bytes of a value of boxed type `ty` (e.g. `Message`), any constructor.
    pub fn encode_type(&self, ty: &str, rng: &mut Rng) -> Vec<u8> {
        let options = self.constructors_of(ty);
        assert!(!options.is_empty(), "no constructor of {ty}");
        let def = *rng.pick(options);
        self.encode(def, &FlagPlan::Random, rng)
    }

    /// Least fixpoint of "how many nested objects must a value contain at least": a definition needs
    /// the most that any of its required fields needs; a type the least of its constructors, plus one.
    fn compute_costs(&mut self) {
        self.def_cost = vec![INFINITE; self.defs.len()];
        loop {
            let mut changed = false;
            for i in 0..self.defs.len() {
                let cost = self.defs[i]
                    .params
                    .iter()
                    .map(|p| match &p.kind {
                        ParamKind::Field { ty, flag: None } => self.cost_of(ty),
                        _ => 0,
                    })
                    .max()
                    .unwrap_or(0);
                if cost < self.def_cost[i] {
                    self.def_cost[i] = cost;
                    changed = true;
                }
            }
            let mut type_cost = HashMap::new();
            for (ty, cs) in &self.by_result {
                let min = cs
                    .iter()
                    .map(|&c| self.def_cost[c])
                    .min()
                    .unwrap_or(INFINITE);
                type_cost.insert(ty.clone(), min.saturating_add(1).min(INFINITE));
            }
            let min_of = |list: &[usize], costs: &[u32]| {
                list.iter().map(|&c| costs[c]).min().unwrap_or(INFINITE)
            };
            let object = min_of(&self.constructors, &self.def_cost).saturating_add(1);
            type_cost.insert("Object".to_owned(), object.min(INFINITE));
            let bang = min_of(&self.functions, &self.def_cost).saturating_add(1);
            type_cost.insert("!".to_owned(), bang.min(INFINITE));
            if type_cost != self.type_cost {
                changed = true;
            }
            self.type_cost = type_cost;
            if !changed {
                break;
            }
        }
        if let Some(i) = (0..self.defs.len()).find(|&i| self.def_cost[i] >= INFINITE) {
            panic!("no finite value of `{}` exists", self.defs[i].name);
        }
    }

    fn cost_of(&self, ty: &TypeExpr<'_>) -> u32 {
        if ty.bang {
            return self.type_cost.get("!").copied().unwrap_or(INFINITE);
        }
        let name = full_name(&ty.name);
        match name.as_str() {
            "#" | "int" | "long" | "double" | "int128" | "int256" | "string" | "bytes" | "Bool"
            | "true" | "Vector" | "vector" => 0,
            _ if ty.percent || ty.name.starts_lowercase() => self
                .bare_constructor(ty)
                .map_or(INFINITE, |c| self.def_cost[c].saturating_add(1)),
            _ => self.type_cost.get(&name).copied().unwrap_or(INFINITE),
        }
    }

    /// The constructor a bare type names: `future_salt` itself, or the only constructor of `%T`.
    fn bare_constructor(&self, ty: &TypeExpr<'_>) -> Option<usize> {
        let name = full_name(&ty.name);
        if ty.percent {
            match self.constructors_of(&name) {
                [only] => Some(*only),
                _ => None,
            }
        } else {
            self.by_name.get(&name).copied()
        }
    }
}

/// What decoding must report when the id at an [`IdSite`] is replaced by one no schema has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// `UnknownConstructor` naming this type: the TL type of the field (`Peer`,
    /// `messages.Messages`), `Vector` for a boxed vector, `Object` for `Object`, `!X` and the
    /// top-level value read as `Object`.
    UnknownConstructor(String),
    /// `InvalidBool`: the id of a `Bool`.
    InvalidBool,
}

/// A constructor id written at byte `offset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdSite {
    pub offset: usize,
    pub expect: Expect,
}

struct Gen<'g, 's, 'a> {
    r: &'g Reference<'s, 'a>,
    rng: &'g mut Rng,
    out: Vec<u8>,
    sites: Vec<IdSite>,
}

impl Gen<'_, '_, '_> {
    /// Records that the next 4 bytes written are an id.
    fn mark(&mut self, expect: Expect) {
        self.sites.push(IdSite {
            offset: self.out.len(),
            expect,
        });
    }

    fn minimal(&self, depth: u32) -> bool {
        depth >= RANDOM_DEPTH || self.out.len() > SIZE_BUDGET
    }

    fn u32(&mut self, v: u32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn def(&mut self, def: usize, plan: &FlagPlan, depth: u32, boxed: bool) {
        let d = self.r.defs[def];
        if boxed {
            self.u32(d.id());
        }
        let minimal = self.minimal(depth);
        let chosen: Vec<(String, u32)> = self
            .r
            .flag_bits(def)
            .into_iter()
            .filter(|(field, bit)| match plan {
                FlagPlan::NoneSet => false,
                FlagPlan::AllSet => true,
                FlagPlan::Only { field: f, bit: b } => f == field && b == bit,
                FlagPlan::Random => !minimal && self.rng.chance(1, 2),
            })
            .collect();
        for p in &d.params {
            match &p.kind {
                ParamKind::Nat => {
                    let name = p.name.unwrap_or_default();
                    let word = chosen
                        .iter()
                        .filter(|(field, _)| field == name)
                        .fold(0u32, |w, (_, bit)| w | (1 << bit));
                    self.u32(word);
                }
                ParamKind::Field { ty, flag } => {
                    if let Some(f) = flag
                        && !chosen
                            .iter()
                            .any(|(field, bit)| field == f.field && *bit == f.bit)
                    {
                        continue;
                    }
                    self.ty(ty, depth);
                }
                ParamKind::Repeat { .. } => {
                    panic!("`{}`: a repetition in a regular definition", d.name)
                }
            }
        }
    }

    fn ty(&mut self, ty: &TypeExpr<'_>, depth: u32) {
        let minimal = self.minimal(depth);
        if ty.bang {
            let fs = if !minimal && self.rng.chance(1, 4) && !self.r.generic_functions.is_empty() {
                &self.r.generic_functions
            } else {
                &self.r.functions
            };
            let f = self.pick_cheapest_or_any(fs, minimal);
            self.mark(Expect::UnknownConstructor("Object".to_owned()));
            self.def(f, &FlagPlan::Random, depth + 1, true);
            return;
        }
        let name = full_name(&ty.name);
        match name.as_str() {
            "#" => {
                let v = self.rng.next_u32();
                self.u32(v);
            }
            "int" => {
                let v = self.int();
                self.u32(v);
            }
            "long" => {
                let lo = self.int();
                let hi = self.int();
                self.u32(lo);
                self.u32(hi);
            }
            "double" => {
                let mut bits = self.rng.next_u64();
                // NaN != NaN would fail the equality check for reasons that are not the codec's.
                if f64::from_bits(bits).is_nan() {
                    bits = (-1.5f64).to_bits();
                }
                self.out.extend_from_slice(&bits.to_le_bytes());
            }
            "int128" => {
                let b = self.rng.bytes(16);
                self.out.extend_from_slice(&b);
            }
            "int256" => {
                let b = self.rng.bytes(32);
                self.out.extend_from_slice(&b);
            }
            "string" => {
                let s = self.string(minimal);
                write_bytes(s.as_bytes(), &mut self.out);
            }
            "bytes" => {
                let n = self.length(minimal);
                let b = self.rng.bytes(n);
                write_bytes(&b, &mut self.out);
            }
            "Bool" => {
                self.mark(Expect::InvalidBool);
                let id = if self.rng.chance(1, 2) {
                    BOOL_TRUE_ID
                } else {
                    BOOL_FALSE_ID
                };
                self.u32(id);
            }
            "true" => {}
            "Vector" | "vector" => {
                if name == "Vector" {
                    self.mark(Expect::UnknownConstructor("Vector".to_owned()));
                    self.u32(VECTOR_ID);
                }
                let item = ty.args.first().expect("a vector has an item type");
                let count = if minimal { 0 } else { self.rng.below(3) };
                self.u32(count as u32);
                for _ in 0..count {
                    self.ty(item, depth);
                }
            }
            "Object" => {
                let cs = &self.r.constructors;
                let c = self.pick_cheapest_or_any(cs, minimal);
                self.mark(Expect::UnknownConstructor("Object".to_owned()));
                self.def(c, &FlagPlan::Random, depth + 1, true);
            }
            _ if ty.percent || ty.name.starts_lowercase() => {
                let c = self
                    .r
                    .bare_constructor(ty)
                    .unwrap_or_else(|| panic!("bare type `{ty}` names no single constructor"));
                self.def(c, &FlagPlan::Random, depth + 1, false);
            }
            _ => {
                let cs = self.r.constructors_of(&name);
                assert!(!cs.is_empty(), "type `{name}` has no constructor");
                let c = self.pick_cheapest_or_any(cs, minimal);
                self.mark(Expect::UnknownConstructor(name.clone()));
                self.def(c, &FlagPlan::Random, depth + 1, true);
            }
        }
    }

    /// Any of `options`, or when `minimal`, one of those needing the fewest nested objects.
    fn pick_cheapest_or_any(&mut self, options: &[usize], minimal: bool) -> usize {
        if !minimal {
            return *self.rng.pick(options);
        }
        let best = options
            .iter()
            .map(|&i| self.r.def_cost[i])
            .min()
            .unwrap_or(0);
        let cheapest: Vec<usize> = options
            .iter()
            .copied()
            .filter(|&i| self.r.def_cost[i] == best)
            .collect();
        *self.rng.pick(&cheapest)
    }

    /// An `int` with the edge values over-represented.
    fn int(&mut self) -> u32 {
        match self.rng.below(8) {
            0 => 0,
            1 => u32::MAX,
            2 => 0x8000_0000,
            3 => 0x7fff_ffff,
            _ => self.rng.next_u32(),
        }
    }

    /// A `bytes`/`string` length, around the 1-byte/4-byte prefix boundary now and then.
    fn length(&mut self, minimal: bool) -> usize {
        if minimal {
            return self.rng.below(5);
        }
        match self.rng.below(24) {
            0 => 253,
            1 => 254,
            2 => 255 + self.rng.below(300),
            3..=7 => 12 + self.rng.below(50),
            _ => self.rng.below(12),
        }
    }

    /// Valid UTF-8 of about `length` bytes, with 1- to 4-byte characters and NUL.
    fn string(&mut self, minimal: bool) -> String {
        const CHARS: &[char] = &['a', 'Z', '0', ' ', '\0', 'é', 'Ж', '€', '中', '😀'];
        let target = self.length(minimal);
        let mut s = String::new();
        while s.len() < target {
            // Mostly ASCII, so the byte lengths land on the boundaries `length` aims at.
            let c = if self.rng.chance(3, 4) {
                char::from(b'a' + self.rng.below(26) as u8)
            } else {
                *self.rng.pick(CHARS)
            };
            s.push(c);
        }
        s
    }
}

/// TL `bytes`/`string`: length prefix, data, zero padding to a multiple of 4.
pub fn write_bytes(data: &[u8], out: &mut Vec<u8>) {
    let n = data.len();
    let header = if n < 254 {
        out.push(n as u8);
        1
    } else {
        assert!(n < 1 << 24, "a TL bytes is at most 2^24 - 1 bytes");
        out.push(0xfe);
        out.extend_from_slice(&(n as u32).to_le_bytes()[..3]);
        4
    };
    out.extend_from_slice(data);
    let padding = (4 - (header + n) % 4) % 4;
    out.extend(std::iter::repeat_n(0, padding));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_padding() {
        let mut out = Vec::new();
        write_bytes(b"Hi!", &mut out);
        assert_eq!(out, [3, b'H', b'i', b'!']);
        out.clear();
        write_bytes(&[7; 254], &mut out);
        assert_eq!(&out[..4], [0xfe, 254, 0, 0]);
        assert_eq!(out.len(), 4 + 254 + 2);
    }

    #[test]
    fn encodes_a_small_schema_by_the_rules() {
        let text = "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n\
                    a#00000001 flags:# x:flags.0?int y:flags.0?int t:flags.1?true v:vector<b> = A;\n\
                    b#00000002 n:int = B;\n";
        let parsed = tlgen_parser::parse("t.tl", text).unwrap();
        let schemas = [parsed.schema];
        let r = Reference::new(&schemas);
        let a = r
            .definitions()
            .iter()
            .position(|d| d.name.name == "a")
            .unwrap();
        assert_eq!(r.plans(a).len(), 4);
        let mut rng = Rng::new(1);
        let only_x = FlagPlan::Only {
            field: "flags".into(),
            bit: 0,
        };
        let bytes = r.encode(a, &only_x, &mut rng);
        // id, flags = 1, x, y, then the bare vector's count.
        assert_eq!(&bytes[..8], [1, 0, 0, 0, 1, 0, 0, 0]);
        let count = u32::from_le_bytes(bytes[16..20].try_into().unwrap()) as usize;
        assert_eq!(bytes.len(), 20 + count * 4, "bare items have no id");
        let none = r.encode(a, &FlagPlan::NoneSet, &mut rng);
        assert_eq!(&none[4..8], [0; 4]);
    }
}
