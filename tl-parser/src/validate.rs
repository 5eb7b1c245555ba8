//! Validation of parsed schemas, all files together: unknown types, bad flags, duplicate names and
//! ids, `!X` without `{X:Type}`, bare types of types that do not have exactly one constructor, and
//! wrong numbers of type arguments.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

use crate::MAX_ERRORS;
use crate::ast::{Category, Definition, DefinitionKind, Param, ParamKind, Schema, Span, TypeExpr};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::id::owns_shared_id;

/// A small, fast hasher for short string keys (FxHash's mixing). Validation looks up every type use
/// of every parameter, so SipHash's cost would show in the benchmark; HashDoS is not a concern for
/// a schema file one chose to compile.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        // The last 1 to 7 bytes as one word, read as two overlapping halves (or three single
        // bytes): a loop over them, of a length the branch predictor cannot guess, showed in
        // profiles. With the length mixed in, equal words of different lengths differ.
        let r = chunks.remainder();
        let n = r.len();
        if n == 0 {
            return;
        }
        let tail = if n >= 4 {
            le_u32(&r[..4]) | le_u32(&r[n - 4..]) << 32
        } else {
            u64::from(r[0]) | u64::from(r[n / 2]) << 8 | u64::from(r[n - 1]) << 16
        };
        self.add(tail ^ (n as u64) << 61);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The product's high bits are its best mixed, and hashbrown picks buckets by the low bits.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// The first 4 bytes of `b` (which has at least 4), little-endian.
fn le_u32(b: &[u8]) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[..4]);
    u64::from(u32::from_le_bytes(w))
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Sized up front: growing a map rehashes everything it holds.
fn map_with_capacity<K, V>(n: usize) -> FxMap<K, V> {
    FxMap::with_capacity_and_hasher(n, BuildHasherDefault::default())
}

/// Types every schema may use without defining them (bare; `Type`, `Object` and `Vector` are
/// the boxed ones).
pub const BUILTIN_BARE: &[&str] = &[
    "int", "long", "double", "string", "bytes", "int128", "int256", "true", "vector",
];
const BUILTIN_BOXED: &[&str] = &["Type", "Object", "Vector"];

const BANG_NOTE: &str = "`!X` takes a call of any type X declared as `{X:Type}` before the \
    parameters, e.g. `invokeWithLayer {X:Type} layer:int query:!X = X`";

/// Where a definition is: file index and definition index.
#[derive(Clone, Copy)]
struct Loc {
    file: usize,
    def: usize,
}

/// The first definition of a name.
struct Named {
    loc: Loc,
    /// The number of type arguments of its result (`vector ... = Vector t` has 1).
    arity: usize,
}

struct TypeInfo {
    /// How many constructors build it (`%T` needs exactly one).
    constructors: u32,
    /// Its number of type arguments (`Vector t` has 1).
    arity: usize,
}

struct Validator<'s, 'a> {
    schemas: &'s [Schema<'a>],
    sources: &'s [SourceFile<'a>],
    /// Boxed types: result types of constructors.
    boxed: FxMap<&'a str, TypeInfo>,
    /// Every definition by category (`true` for functions) and full name: the first one of the
    /// name. Constructors are usable as bare types; this one map serves both the duplicate check
    /// and those lookups, which saves hashing every constructor name into a second map.
    names: FxMap<(bool, &'a str), Named>,
    /// Names from definitions that failed to parse: known, so that one syntax error gives one error.
    recovered: FxMap<&'a str, ()>,
    /// Every known type name, sorted, for "did you mean" notes: built on the first unknown type.
    candidates: Option<Vec<&'a str>>,
    /// "Did you mean" answers by unknown name.
    suggestions: FxMap<&'a str, Option<&'a str>>,
    /// What is left of [`SUGGESTION_BUDGET`].
    suggestion_budget: usize,
    /// Cached `file:line:col` of definitions named in notes.
    locations: FxMap<(usize, usize), String>,
    /// Whether the definition being checked has a `!X` parameter, once asked (only an unknown
    /// type asks): finding out is a pass over its parameters, which valid definitions skip.
    has_bang: Option<bool>,
    out: &'s mut Vec<Diagnostic>,
    /// Errors reported so far, up to [`MAX_ERRORS`].
    reported: usize,
    /// Past [`MAX_ERRORS`]: the first error not reported (shown at the end with the count of the
    /// rest), and scratch space for the notes of later ones.
    first_unreported: Option<Diagnostic>,
    scratch: Option<Diagnostic>,
    unreported: usize,
    /// Shared-id warnings reported (up to [`MAX_ERRORS`]), the index in `out` of the last one,
    /// and how many more there were.
    shared_reported: usize,
    last_shared: Option<usize>,
    shared_unreported: usize,
}

/// The full name (`ns.name`) as written; names are contiguous in the source.
fn full_name<'a>(schema: &Schema<'a>, span: Span) -> &'a str {
    schema.source.get(span.range()).unwrap_or("")
}

pub(crate) fn validate<'a>(
    schemas: &[Schema<'a>],
    sources: &[SourceFile<'a>],
    recovered: &[&'a str],
    out: &mut Vec<Diagnostic>,
) {
    let total: usize = schemas.iter().map(|s| s.definitions.len()).sum();
    let mut v = Validator {
        schemas,
        sources,
        boxed: map_with_capacity(total / 2),
        names: map_with_capacity(total),
        recovered: recovered.iter().map(|&n| (n, ())).collect(),
        candidates: None,
        suggestions: FxMap::default(),
        suggestion_budget: SUGGESTION_BUDGET,
        locations: FxMap::default(),
        has_bang: None,
        out,
        reported: 0,
        first_unreported: None,
        scratch: None,
        unreported: 0,
        shared_reported: 0,
        last_shared: None,
        shared_unreported: 0,
    };
    let skip = v.index_and_check_duplicates();
    for (fi, schema) in schemas.iter().enumerate() {
        for (di, def) in schema.definitions.iter().enumerate() {
            // `skip` was filled in file order, so it is sorted.
            if skip.binary_search(&(fi, di)).is_err() {
                v.check_definition(fi, def);
            }
        }
    }
    v.finish();
}

impl<'a> Validator<'_, 'a> {
    /// `file:line:col` of a definition's name, computed once per definition: many duplicates of
    /// one early definition would otherwise recount the same long stretch of text each time.
    fn location(&mut self, loc: Loc) -> String {
        if let Some(s) = self.locations.get(&(loc.file, loc.def)) {
            return s.clone();
        }
        let offset = self.def(loc).name.span.start;
        let s = self.sources[loc.file].location(offset);
        self.locations.insert((loc.file, loc.def), s.clone());
        s
    }

    fn def(&self, loc: Loc) -> &Definition<'a> {
        &self.schemas[loc.file].definitions[loc.def]
    }

    fn error(&mut self, file: usize, span: Span, message: String, label: &str) -> &mut Diagnostic {
        let d = self.sources[file].error(span, message, label);
        if self.reported < MAX_ERRORS {
            self.reported += 1;
            self.out.push(d);
            let last = self.out.len() - 1;
            return &mut self.out[last];
        }
        self.unreported += 1;
        // The first unreported error keeps its notes; later ones write theirs into scratch.
        if self.first_unreported.is_none() {
            self.first_unreported.insert(d)
        } else {
            self.scratch.insert(d)
        }
    }

    /// Ends validation: reports the first error past [`MAX_ERRORS`], with how many were left out.
    fn finish(&mut self) {
        if self.shared_unreported > 0
            && let Some(i) = self.last_shared
        {
            self.out[i].notes.push(format!(
                "{} more definitions share an id with another (the first {MAX_ERRORS} are reported)",
                self.shared_unreported
            ));
        }
        if let Some(mut d) = self.first_unreported.take() {
            d.notes.push(format!(
                "{} more errors are not reported (the first {MAX_ERRORS} and this one are)",
                self.unreported - 1
            ));
            self.out.push(d);
        }
    }

    /// Builds the type index and reports duplicate names and ids. Returns the definitions that are
    /// allowed repeats (identical built-in lines in another file), which need no further checks.
    fn index_and_check_duplicates(&mut self) -> Vec<(usize, usize)> {
        let total = self.names.capacity();
        let mut ids: FxMap<u32, Loc> = map_with_capacity(total);
        // Built-in lines repeated from another file, by file and name.
        let mut repeats: FxMap<(usize, &'a str), Loc> = FxMap::default();
        let mut skip = Vec::new();
        for (fi, schema) in self.schemas.iter().enumerate() {
            for (di, def) in schema.definitions.iter().enumerate() {
                let loc = Loc { file: fi, def: di };
                let name = full_name(schema, def.name.span);
                let key = (def.category == Category::Function, name);
                // One hash lookup per map and definition: `entry` both finds and inserts.
                let first = match self.names.entry(key) {
                    Entry::Occupied(e) => Some(e.get().loc),
                    Entry::Vacant(e) => {
                        e.insert(Named {
                            loc,
                            arity: def.result.args.len(),
                        });
                        None
                    }
                };
                if let Some(mut first) = first {
                    let prev = self.def(first);
                    if first.file != fi && identical_builtin(prev, def) {
                        // Allowed once per file: a second copy in this file is a duplicate.
                        match repeats.entry((fi, name)) {
                            Entry::Vacant(e) => {
                                e.insert(loc);
                                skip.push((fi, di));
                                continue;
                            }
                            Entry::Occupied(e) => first = *e.get(),
                        }
                    }
                    let at = self.location(first);
                    self.error(
                        fi,
                        def.name.span,
                        format!("duplicate definition `{name}`"),
                        "defined again here",
                    )
                    .notes
                    .push(format!("first defined at {at}"));
                    continue;
                }

                // Built-in primitives have no wire id of their own.
                if def.kind != DefinitionKind::BuiltinPrimitive {
                    let id = def.id();
                    let first = match ids.entry(id) {
                        Entry::Occupied(e) => Some(*e.get()),
                        Entry::Vacant(e) => {
                            e.insert(loc);
                            None
                        }
                    };
                    if let Some(first) = first {
                        self.shared_id(id, first, loc, &mut ids);
                    }
                }

                if def.category == Category::Type {
                    let ty = full_name(schema, def.result.name.span);
                    let arity = def.result.args.len();
                    self.boxed
                        .entry(ty)
                        .and_modify(|t| t.constructors += 1)
                        .or_insert(TypeInfo {
                            constructors: 1,
                            arity,
                        });
                }
            }
        }
        skip
    }

    /// `loc`'s id is already `first`'s, under another name (TDLib declares such functions on
    /// purpose: `invokeWithBusinessConnectionPrefix#dd289f8e` writes the prefix of
    /// `invokeWithBusinessConnection#dd289f8e`). A warning naming both and the one that owns the
    /// id (see [`owns_shared_id`]), which `ids` then holds.
    fn shared_id(&mut self, id: u32, first: Loc, loc: Loc, ids: &mut FxMap<u32, Loc>) {
        // Capped as errors are (see `assign_ids`), but the owner is still decided.
        let capped = self.shared_reported == MAX_ERRORS;
        if capped {
            self.shared_unreported += 1;
        }
        let schemas = self.schemas;
        let prev = &schemas[first.file].definitions[first.def];
        let def = &schemas[loc.file].definitions[loc.def];
        let name = def.name.to_string();
        let prev_name = prev.name.to_string();
        let (owner, why) = if owns_shared_id(prev, def) {
            let why = if prev.computed_id == id && def.computed_id != id {
                "its own line hashes to it"
            } else {
                "it comes first"
            };
            (prev_name.clone(), why)
        } else {
            ids.insert(id, loc);
            (name.clone(), "its own line hashes to it")
        };
        if capped {
            return;
        }
        self.shared_reported += 1;
        self.last_shared = Some(self.out.len());
        let at = self.location(first);
        let span = def.declared_id.map_or(def.name.span, |i| i.span);
        let warning = self.sources[loc.file]
            .warning(
                span,
                format!("`{name}` has the id #{id:08x} of `{prev_name}`"),
                format!("also the id of `{prev_name}`"),
            )
            .with_note(format!("`{prev_name}` at {at} has the same id"))
            .with_note(format!(
                "decoding #{id:08x} gives `{owner}`: {why}; both can be sent"
            ));
        self.out.push(warning);
    }

    fn check_definition(&mut self, fi: usize, def: &Definition<'a>) {
        for g in &def.generics {
            if g.ty != "Type" && g.ty != "#" {
                self.error(
                    fi,
                    g.span,
                    format!("generic parameter `{}` has kind `{}`", g.name, g.ty),
                    "expected `Type` or `#`",
                );
            }
        }
        let index = ParamIndex::new(&def.params);
        self.has_bang = None;
        // One bit per name seen so far (see `name_bit`): a parameter whose bit is new cannot
        // repeat an earlier name, which spares nearly every parameter the scan of those before it.
        let mut seen = 0u64;
        for (i, p) in def.params.iter().enumerate() {
            if let Some(name) = p.name {
                let bit = name_bit(name);
                let maybe_repeated = seen & bit != 0;
                seen |= bit;
                if maybe_repeated && index.first(name) != Some(i) {
                    self.error(
                        fi,
                        p.span,
                        format!("duplicate parameter `{name}`"),
                        "a parameter of this name comes earlier",
                    );
                }
            }
            match &p.kind {
                ParamKind::Nat => {}
                ParamKind::Field { ty, flag } => {
                    if let Some(f) = flag {
                        self.check_flag(fi, def, &index, i, f);
                    }
                    self.check_type(fi, def, ty);
                }
                ParamKind::Repeat { items, .. } => {
                    for t in items {
                        self.check_type(fi, def, t);
                    }
                }
            }
        }
        match def.category {
            Category::Function => self.check_type(fi, def, &def.result),
            // A constructor's result names the type it defines; only its arguments are uses.
            Category::Type => {
                for a in &def.result.args {
                    self.check_type(fi, def, a);
                }
            }
        }
    }

    fn check_flag(
        &mut self,
        fi: usize,
        def: &Definition<'a>,
        index: &ParamIndex<'_, 'a>,
        i: usize,
        f: &crate::ast::FlagRef<'a>,
    ) {
        if f.bit > 31 {
            self.error(
                fi,
                f.span,
                format!("flag bit {} is outside 0..31", f.bit),
                "a `#` field has 32 bits, 0 to 31",
            );
        }
        match index.first(f.field) {
            None => {
                self.error(
                    fi,
                    f.span,
                    format!("flag field `{}` does not exist", f.field),
                    "no parameter of this name",
                )
                .notes
                .push(format!(
                    "declare it before this parameter, e.g. `{}:#`",
                    f.field
                ));
            }
            Some(j) if j > i => {
                self.error(
                    fi,
                    f.span,
                    format!(
                        "flag field `{}` is declared after the parameter that uses it",
                        f.field
                    ),
                    "used here before it is declared",
                );
            }
            Some(j) if def.params[j].kind != ParamKind::Nat => {
                self.error(
                    fi,
                    f.span,
                    format!("flag field `{}` is not of type `#`", f.field),
                    "flags must name a `#` parameter",
                );
            }
            Some(_) => {}
        }
    }

    fn check_type(&mut self, fi: usize, def: &Definition<'a>, ty: &TypeExpr<'a>) {
        let schema = &self.schemas[fi];
        let name = full_name(schema, ty.name.span);
        let generic = ty
            .name
            .namespace
            .is_none()
            .then(|| def.generics.iter().find(|g| g.name == name))
            .flatten();
        // The number of type arguments the name takes, where the name is known.
        let arity = if ty.bang {
            if generic.is_none_or(|g| g.ty != "Type") {
                self.error(
                    fi,
                    ty.span,
                    format!("`!{name}` needs a generic declaration `{{{name}:Type}}`"),
                    "not declared as a generic type",
                )
                .notes
                .push(BANG_NOTE.to_owned());
            }
            Some(0)
        } else if generic.is_some() || ty.is_nat() {
            Some(0)
        } else if ty.percent {
            self.check_bare(fi, ty, name)
        } else {
            let arity = self.lookup(name);
            // A name used as `!X` already got its error; `= X` is not reported again.
            if arity.is_none()
                && !self.recovered.contains_key(name)
                && !(self.has_bang(def) && uses_bang(def, name))
            {
                self.unknown(fi, ty, name);
            }
            arity
        };

        if let Some(arity) = arity
            && arity != ty.args.len()
        {
            self.error(
                fi,
                ty.span,
                format!(
                    "type `{name}` takes {arity} type argument{}, {} given",
                    plural(arity),
                    ty.args.len()
                ),
                "wrong number of type arguments",
            );
        }
        for a in &ty.args {
            self.check_type(fi, def, a);
        }
    }

    /// `%T`: T must be a boxed type with exactly one constructor. Returns T's arity if known.
    fn check_bare(&mut self, fi: usize, ty: &TypeExpr<'a>, name: &'a str) -> Option<usize> {
        match self.boxed.get(name).map(|t| (t.constructors, t.arity)) {
            Some((1, arity)) => Some(arity),
            Some((n, arity)) => {
                self.error(
                    fi,
                    ty.span,
                    format!("bare type `%{name}` of a type with {n} constructors"),
                    "`%` needs a type with exactly one constructor",
                )
                .notes
                .push(format!(
                    "use the boxed `{name}`, or name one constructor directly"
                ));
                Some(arity)
            }
            None if name == "Vector" => Some(1),
            None if BUILTIN_BOXED.contains(&name) => {
                self.error(
                    fi,
                    ty.span,
                    format!("bare type `%{name}` of a type with no constructors"),
                    "`%` needs a type with exactly one constructor",
                );
                Some(0)
            }
            None => {
                if !self.recovered.contains_key(name) {
                    self.unknown(fi, ty, name);
                }
                None
            }
        }
    }

    /// Whether `def`, the definition being checked, has a `!X` parameter (see `has_bang`).
    fn has_bang(&mut self, def: &Definition<'a>) -> bool {
        *self.has_bang.get_or_insert_with(|| {
            def.params.iter().any(|p| match &p.kind {
                ParamKind::Field { ty, .. } => ty.bang,
                _ => false,
            })
        })
    }

    /// The arity of a known type name (built-in, boxed type or constructor); `None` if unknown.
    /// Built-ins are matched first: they are most of the uses and a `match` beats a hash.
    fn lookup(&self, name: &str) -> Option<usize> {
        match name {
            "Vector" | "vector" => return Some(1),
            "int" | "long" | "double" | "string" | "bytes" | "int128" | "int256" | "true"
            | "Type" | "Object" => return Some(0),
            _ => {}
        }
        if let Some(t) = self.boxed.get(name) {
            return Some(t.arity);
        }
        self.names.get(&(false, name)).map(|n| n.arity)
    }

    fn unknown(&mut self, fi: usize, ty: &TypeExpr<'a>, name: &'a str) {
        // Past the cap, only the first unreported error is shown: the others need no note.
        let shown = self.reported < MAX_ERRORS || self.first_unreported.is_none();
        let suggestion = if shown { self.suggest(name) } else { None };
        let d = self.error(
            fi,
            ty.name.span,
            format!("unknown type `{name}`"),
            "not defined in any file parsed",
        );
        match suggestion {
            Some(s) => d.notes.push(format!("did you mean `{s}`?")),
            None => d.notes.push(format!(
                "a type is defined by a constructor `name ... = {name};` in one of the files parsed together"
            )),
        }
    }

    /// The known type name nearest to `name`, if one is near enough to be a likely typo: one that
    /// differs only in letter case (`bool` for `Bool`), or has the same last segment in another
    /// namespace or none (`Peer` for `contacts.Peer`), or is within a small edit distance (`chat.Peeer`
    /// for `chat.Peer`: a third of the name's length, at least 1). Ties go to the name first in
    /// sorted order, so that the note is the same on every run.
    ///
    /// The candidates (every boxed type, constructor and built-in) are sorted on the first unknown
    /// type, so valid schemas never pay for them; answers are cached per name; and the edit
    /// distances computed in all are bounded by [`SUGGESTION_BUDGET`], so that a hostile schema of
    /// thousands of unknown types among thousands of names stays fast (past it, no suggestions).
    fn suggest(&mut self, name: &'a str) -> Option<&'a str> {
        if let Some(known) = self.suggestions.get(name) {
            return *known;
        }
        let candidates = self.candidates.get_or_insert_with(|| {
            let builtin = BUILTIN_BARE.iter().chain(BUILTIN_BOXED).copied();
            let constructors = self.names.keys().filter(|(function, _)| !function);
            let mut all: Vec<&'a str> = builtin
                .chain(self.boxed.keys().copied())
                .chain(constructors.map(|&(_, n)| n))
                .collect();
            all.sort_unstable();
            all.dedup();
            all
        });
        let last = |n: &'a str| n.rsplit('.').next().unwrap_or(n);
        let limit = (name.chars().count() / 3).max(1);
        let mut best: Option<(usize, &'a str)> = None;
        for &candidate in candidates.iter() {
            let score = if candidate.eq_ignore_ascii_case(name) {
                0
            } else if last(candidate) == last(name) {
                1
            } else if candidate.len().abs_diff(name.len()) > limit {
                continue;
            } else {
                let cost = candidate.len().saturating_mul(name.len());
                if cost > self.suggestion_budget {
                    break;
                }
                self.suggestion_budget -= cost;
                strsim::levenshtein(candidate, name)
            };
            if score <= limit && best.is_none_or(|(b, _)| score < b) {
                best = Some((score, candidate));
            }
        }
        let found = best.map(|(_, c)| c).filter(|c| *c != name);
        self.suggestions.insert(name, found);
        found
    }
}

/// How many character pairs the edit distances of "did you mean" notes may compare, in all
/// (about a second of work at worst; Telegram's schema with a hundred typos needs a tenth of it).
const SUGGESTION_BUDGET: usize = 100_000_000;

/// Finds parameters by name: a scan for the usual handful, a map for hostile counts (so that a
/// definition with a thousand parameters is not checked in quadratic time).
struct ParamIndex<'d, 'a> {
    params: &'d [Param<'a>],
    map: Option<FxMap<&'a str, usize>>,
}

impl<'d, 'a> ParamIndex<'d, 'a> {
    fn new(params: &'d [Param<'a>]) -> Self {
        let map = (params.len() > 32).then(|| {
            let mut map = FxMap::default();
            for (i, p) in params.iter().enumerate() {
                if let Some(name) = p.name {
                    map.entry(name).or_insert(i);
                }
            }
            map
        });
        Self { params, map }
    }

    /// The index of the first parameter called `name`.
    fn first(&self, name: &str) -> Option<usize> {
        match &self.map {
            Some(map) => map.get(name).copied(),
            None => self.params.iter().position(|p| p.name == Some(name)),
        }
    }
}

/// A bit of a 64-bit set standing for `name`: equal names get equal bits, and the names of one
/// definition's parameters mostly get different ones (from their length and last byte).
fn name_bit(name: &str) -> u64 {
    let last = name.as_bytes().last().copied().unwrap_or(0);
    1 << ((name.len() * 7 + usize::from(last)) % 64)
}

/// Whether some parameter of `def` is `!name`.
fn uses_bang(def: &Definition<'_>, name: &str) -> bool {
    def.params.iter().any(|p| match &p.kind {
        ParamKind::Field { ty, .. } => {
            ty.bang && ty.name.namespace.is_none() && ty.name.name == name
        }
        _ => false,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Two definitions of one built-in line (`vector {t:Type} # [ t ] = Vector t;` in api.tl and
/// mtproto.tl): not regular, same normalized text, and no conflicting declared ids.
fn identical_builtin(a: &Definition<'_>, b: &Definition<'_>) -> bool {
    a.kind != DefinitionKind::Regular
        && a.kind == b.kind
        && a.computed_id == b.computed_id
        && a.id() == b.id()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<String> {
        match crate::parse("t.tl", src) {
            Ok(_) => Vec::new(),
            Err(r) => r.errors().map(|d| d.message.clone()).collect(),
        }
    }

    #[test]
    fn errors_past_the_cap_are_counted_not_kept() {
        let src: String = (0..3 * MAX_ERRORS)
            .map(|i| format!("c{i} x:Nope{i} = C;\n"))
            .collect();
        let report = crate::parse("t.tl", &src).unwrap_err();
        let errors: Vec<_> = report.errors().collect();
        assert_eq!(errors.len(), MAX_ERRORS + 1);
        let last = errors[MAX_ERRORS];
        // The first unreported error is shown, with its own notes and the count of the rest.
        assert!(
            last.message.contains(&format!("Nope{MAX_ERRORS}")),
            "{last:?}"
        );
        let count = format!("{} more errors are not reported", 2 * MAX_ERRORS - 1);
        assert!(last.notes.iter().any(|n| n.contains(&count)), "{last:?}");
    }

    #[test]
    fn every_builtin_is_known_to_lookup() {
        let schemas = [];
        let mut out = Vec::new();
        let v = Validator {
            schemas: &schemas,
            sources: &[],
            boxed: FxMap::default(),
            names: FxMap::default(),
            recovered: FxMap::default(),
            candidates: None,
            suggestions: FxMap::default(),
            suggestion_budget: SUGGESTION_BUDGET,
            locations: FxMap::default(),
            has_bang: None,
            out: &mut out,
            reported: 0,
            first_unreported: None,
            scratch: None,
            unreported: 0,
            shared_reported: 0,
            last_shared: None,
            shared_unreported: 0,
        };
        for name in BUILTIN_BARE.iter().chain(BUILTIN_BOXED) {
            assert!(v.lookup(name).is_some(), "{name}");
        }
        assert_eq!(v.lookup("Bool"), None);
    }

    #[test]
    fn valid_schema_has_no_errors() {
        let src = "boolFalse = Bool;\nboolTrue = Bool;\nvector {t:Type} # [ t ] = Vector t;\nfoo flags:# a:flags.0?true b:flags.31?Vector<Bool> c:vector<%Foo2> = Foo;\nfoo2 = Foo2;\n---functions---\ninvoke {X:Type} q:!X = X;\nget = Vector<Foo>;";
        assert_eq!(errors(src), Vec::<String>::new());
    }

    #[test]
    fn unknown_types() {
        assert_eq!(errors("a x:Foo = A;"), ["unknown type `Foo`"]);
        assert_eq!(
            errors("a x:int = A;\n---functions---\nf = B;"),
            ["unknown type `B`"]
        );
        assert_eq!(errors("a x:Vector<Foo> = A;"), ["unknown type `Foo`"]);
        assert_eq!(errors("b = Bool;\na x:bool = A;"), ["unknown type `bool`"]);
    }

    fn notes(src: &str) -> Vec<String> {
        let report = crate::parse("t.tl", src).unwrap_err();
        report.errors().flat_map(|d| d.notes.clone()).collect()
    }

    #[test]
    fn did_you_mean_by_edit_distance_over_every_name() {
        let prelude = "chat.peer = chat.Peer;\nuser = User;\nboolTrue = Bool;\n";
        let note = |body: &str| notes(&format!("{prelude}{body}"));
        assert_eq!(note("a x:chat.Peeer = A;"), ["did you mean `chat.Peer`?"]);
        assert_eq!(note("a x:Peer = A;"), ["did you mean `chat.Peer`?"]);
        assert_eq!(note("a x:bool = A;"), ["did you mean `Bool`?"]);
        assert_eq!(note("a x:Usr = A;"), ["did you mean `User`?"]);
        assert_eq!(note("a x:%chat.Per = A;"), ["did you mean `chat.Peer`?"]);
        // Bare constructors and built-ins are candidates too.
        assert_eq!(note("a x:usr = A;"), ["did you mean `user`?"]);
        assert_eq!(note("a x:strng = A;"), ["did you mean `string`?"]);
        // Too far from everything: the generic note.
        let far = note("a x:Completely = A;");
        assert!(
            far[0].starts_with("a type is defined by a constructor"),
            "{far:?}"
        );
        // The nearest wins; among equals, the first in sorted order.
        assert_eq!(
            notes("ab = Ab;\nac = Ac;\nx y:Ad = X;"),
            ["did you mean `Ab`?"]
        );
    }

    #[test]
    fn flags() {
        assert_eq!(
            errors("a x:f.0?int = A;"),
            ["flag field `f` does not exist"]
        );
        assert_eq!(
            errors("a x:f.0?int f:# = A;"),
            ["flag field `f` is declared after the parameter that uses it"]
        );
        assert_eq!(
            errors("a f:int x:f.0?int = A;"),
            ["flag field `f` is not of type `#`"]
        );
        assert_eq!(
            errors("a f:# x:f.32?int = A;"),
            ["flag bit 32 is outside 0..31"]
        );
    }

    #[test]
    fn duplicates() {
        assert_eq!(errors("a = A;\na x:int = A;"), ["duplicate definition `a`"]);
        // A shared id is a warning.
        assert!(errors("a#1 = A;\nb#1 = A;").is_empty());
        assert_eq!(errors("a x:int x:int = A;"), ["duplicate parameter `x`"]);
        // A constructor and a function may share a name.
        assert!(errors("a = A;\n---functions---\na x:int = A;").is_empty());
    }

    fn warnings(src: &str) -> Vec<String> {
        let parsed = crate::parse("t.tl", src).unwrap_or_else(|r| panic!("{r}"));
        parsed.warnings.warnings().map(|d| d.to_string()).collect()
    }

    #[test]
    fn shared_ids_are_warnings_naming_both_and_the_owner() {
        // TDLib's telegram_api.tl: the prefix function borrows the id of the generic one.
        let src = "error code:int text:string = Error;\n---functions---\n\
            invokeWithBusinessConnectionPrefix#dd289f8e connection_id:string = Error;\n\
            invokeWithBusinessConnection#dd289f8e {X:Type} connection_id:string query:!X = X;\n";
        let w = warnings(src);
        let shared: Vec<&String> = w.iter().filter(|w| w.contains("has the id")).collect();
        assert_eq!(shared.len(), 1, "{w:?}");
        assert!(
            shared[0].contains(
                "`invokeWithBusinessConnection` has the id #dd289f8e of `invokeWithBusinessConnectionPrefix`"
            ),
            "{}",
            shared[0]
        );
        assert!(
            shared[0].contains(
                "decoding #dd289f8e gives `invokeWithBusinessConnection`: its own line hashes to it"
            ),
            "{}",
            shared[0]
        );
        // Neither line hashes to the id: the first one owns it.
        let w = warnings("a#1 = A;\nb#1 = A;\nc#1 = A;\n");
        let shared: Vec<&String> = w.iter().filter(|w| w.contains("has the id")).collect();
        assert_eq!(shared.len(), 2, "{w:?}");
        assert!(shared[0].contains("`b` has the id #00000001 of `a`"));
        assert!(shared[1].contains("`c` has the id #00000001 of `a`"));
        assert!(shared[1].contains("decoding #00000001 gives `a`: it comes first"));
    }

    #[test]
    fn warnings_past_the_cap_are_counted_not_kept() {
        let src: String = (0..3 * MAX_ERRORS)
            .map(|i| format!("c{i}#1234abcd = C;\n"))
            .collect();
        let parsed = crate::parse("t.tl", &src).unwrap_or_else(|r| panic!("{r}"));
        let w: Vec<_> = parsed.warnings.warnings().collect();
        let mismatch = w
            .iter()
            .filter(|d| d.message.starts_with("declared id"))
            .count();
        let shared = w
            .iter()
            .filter(|d| d.message.contains("has the id"))
            .count();
        assert_eq!((mismatch, shared), (MAX_ERRORS, MAX_ERRORS));
        let notes: Vec<&String> = w.iter().flat_map(|d| &d.notes).collect();
        let more = format!("{} more declared ids of t.tl differ", 2 * MAX_ERRORS);
        assert!(notes.iter().any(|n| n.starts_with(&more)), "{notes:?}");
        let more = format!("{} more definitions share an id", 2 * MAX_ERRORS - 1);
        assert!(notes.iter().any(|n| n.starts_with(&more)), "{notes:?}");
    }

    #[test]
    fn shared_id_owners_follow_the_same_rule() {
        let src =
            "a#1 = A;\nb x:int = B;\nc#1 = A;\nd#1 = A;\n---functions---\nf#d2414f4d x:int = B;";
        let parsed = crate::parse("t.tl", src).unwrap_or_else(|r| panic!("{r}"));
        let schemas = [parsed.schema];
        let owners: Vec<(u32, &str)> = crate::shared_id_owners(&schemas)
            .into_iter()
            .map(|(id, d)| (id, d.name.name))
            .collect();
        let b = schemas[0].definitions[1].id();
        // `f` declares `b`'s computed id: `b` comes first and hashes to it.
        assert_eq!(b, 0xd2414f4d);
        assert_eq!(owners, [(1, "a"), (b, "b")]);
        // Repeats of one built-in line in two files share nothing.
        let v = "vector {t:Type} # [ t ] = Vector t;\n";
        let set = crate::parse_files(&[("a.tl", v), ("b.tl", v)]).unwrap();
        assert!(crate::shared_id_owners(&set.schemas).is_empty());
    }

    #[test]
    fn bang_and_bare() {
        assert_eq!(
            errors("a x:!X = A;"),
            ["`!X` needs a generic declaration `{X:Type}`"]
        );
        assert_eq!(
            errors("b = B;\nc = B;\na x:%B = A;"),
            ["bare type `%B` of a type with 2 constructors"]
        );
        assert_eq!(
            errors("a x:%Object = A;"),
            ["bare type `%Object` of a type with no constructors"]
        );
    }

    #[test]
    fn arity() {
        assert_eq!(
            errors("a x:Vector = A;"),
            ["type `Vector` takes 1 type argument, 0 given"]
        );
        assert_eq!(
            errors("a x:int<int> = A;"),
            ["type `int` takes 0 type arguments, 1 given"]
        );
    }
}
