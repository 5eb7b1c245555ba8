//! The schema as the codec needs it: every constructor and function with its id and resolved
//! parameter types, looked up by id, by name and by boxed type.
//!
//! Built once from `tlgen_parser`'s tree and owned, so a [`Schema`] outlives the source text and can
//! sit in a `static` (see [`Schema::from_tl`]).

use std::collections::HashMap;
use std::fmt;

use tlgen_parser::{Category, Definition, DefinitionKind, ParamKind, Scalar, TypeExpr};

/// A TL schema compiled for the codec: what [`crate::decode`], [`crate::encode`], the TL text
/// and JSON readers and printers are driven by.
#[derive(Debug, Clone)]
pub struct Schema {
    pub(crate) defs: Vec<Def>,
    pub(crate) types: Vec<BoxedType>,
    by_id: HashMap<u32, u32>,
    by_name: HashMap<String, u32>,
    type_by_name: HashMap<String, u32>,
}

/// One constructor or function.
#[derive(Debug, Clone)]
pub(crate) struct Def {
    /// The exact TL name, `auth.sentCode`.
    pub(crate) name: String,
    pub(crate) id: u32,
    pub(crate) function: bool,
    pub(crate) params: Vec<Param>,
    /// A function's result type, what its answer is read as (`None` for constructors).
    pub(crate) returns: Option<Ty>,
    /// A constructor's boxed type, by index (`None` for functions).
    pub(crate) boxed: Option<u32>,
}

/// One parameter of a [`Def`].
#[derive(Debug, Clone)]
pub(crate) struct Param {
    /// The TL name; anonymous parameters (`getUsers (Vector int)`) are named `_<position>`, the
    /// same key in TL text and JSON.
    pub(crate) name: String,
    pub(crate) ty: Ty,
    /// `flags.N?`: the index of the flags parameter and the bit.
    pub(crate) flag: Option<(usize, u32)>,
}

/// A boxed type and its constructors.
#[derive(Debug, Clone)]
pub(crate) struct BoxedType {
    pub(crate) name: String,
    pub(crate) constructors: Vec<u32>,
}

/// A resolved parameter type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    /// A `#` that other fields take flag bits from: computed on encode, never shown.
    Flags,
    /// A `#` that no field takes bits from: a plain `u32`.
    Nat,
    Int,
    Long,
    Double,
    Int128,
    Int256,
    /// `int512`, 64 bytes (TDLib's e2e_api.tl: `int512 16*[ int ] = Int512;`).
    Int512,
    String,
    Bytes,
    Bool,
    /// `flags.N?true`: no bytes, the bit is the value.
    True,
    Vector {
        boxed: bool,
        item: Box<Ty>,
    },
    /// Any constructor of a boxed type, with its id.
    Boxed(u32),
    /// One constructor, without its id (`%T`, or a lowercase constructor name).
    Bare(u32),
    /// `Object`, `!X` or a generic `X`: any constructor or function of the schema, with its id.
    Any,
}

impl From<Scalar> for Ty {
    fn from(scalar: Scalar) -> Self {
        match scalar {
            Scalar::Int => Ty::Int,
            Scalar::Long => Ty::Long,
            Scalar::Double => Ty::Double,
            Scalar::Int128 => Ty::Int128,
            Scalar::Int256 => Ty::Int256,
            Scalar::Int512 => Ty::Int512,
            Scalar::String => Ty::String,
            Scalar::Bytes => Ty::Bytes,
            Scalar::Bool => Ty::Bool,
        }
    }
}

/// The type of a whole value to read or write: any constructor or function by id (the default
/// of `tlgen decode`), or one named type (`Vector<long>`, `messages.Messages`, `%resPQ`, `int`).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeRef(pub(crate) Ty);

impl TypeRef {
    /// Any constructor or function of the schema, read by its id (TL's `Object`).
    pub fn any() -> Self {
        Self(Ty::Any)
    }
}

/// What [`Schema::describe`] says of a constructor or function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// The exact TL name.
    pub name: String,
    pub id: u32,
    pub function: bool,
    /// Every parameter, flags words included, in schema order.
    pub params: Vec<ParamDescription>,
    /// A function's result type.
    pub returns: Option<String>,
}

/// One parameter in a [`Description`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamDescription {
    pub name: String,
    /// The type as the codec resolved it: `int`, `Vector<Message>`, `%pair`, `Object`, `#`.
    pub ty: String,
    /// `flags.N?`: the flags word's name and the bit.
    pub flag: Option<(String, u32)>,
}

/// A schema the codec cannot work with (a type no constructor defines, a malformed vector...),
/// or a `--type` it cannot resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SchemaError {}

/// `auth.sentCode` from a parsed name.
fn full_name(name: &tlgen_parser::Name<'_>) -> String {
    name.to_string()
}

impl Schema {
    /// Compiles parsed (and validated) schema files, e.g. `tlgen_parser::parse_files(..)?.schemas`.
    /// Built-in lines (`int ? = Int;`, `vector ...`) are skipped: the codec knows them.
    pub fn from_parsed(schemas: &[tlgen_parser::Schema<'_>]) -> Result<Self, SchemaError> {
        let regular: Vec<&Definition<'_>> = schemas
            .iter()
            .flat_map(|s| &s.definitions)
            .filter(|d| d.kind == DefinitionKind::Regular)
            .collect();
        let mut schema = Schema {
            defs: Vec::with_capacity(regular.len()),
            types: Vec::new(),
            by_id: HashMap::with_capacity(regular.len()),
            by_name: HashMap::with_capacity(regular.len()),
            type_by_name: HashMap::new(),
        };
        // Names and boxed types first, so that parameters can refer to any of them.
        for (index, d) in regular.iter().enumerate() {
            let index = index as u32;
            let name = full_name(&d.name);
            let function = d.category == Category::Function;
            // A constructor wins an id or a name it shares with a function: values are read
            // by id mostly as objects.
            if !function || !schema.by_id.contains_key(&d.id()) {
                schema.by_id.insert(d.id(), index);
            }
            if !function || !schema.by_name.contains_key(&name) {
                schema.by_name.insert(name.clone(), index);
            }
            let mut boxed = None;
            if !function {
                let ty = full_name(&d.result.name);
                let next = schema.types.len() as u32;
                let t = *schema.type_by_name.entry(ty.clone()).or_insert(next);
                if t == next {
                    schema.types.push(BoxedType {
                        name: ty,
                        constructors: Vec::new(),
                    });
                }
                schema.types[t as usize].constructors.push(index);
                boxed = Some(t);
            }
            schema.defs.push(Def {
                name,
                id: d.id(),
                function,
                params: Vec::new(),
                returns: None,
                boxed,
            });
        }
        for (index, d) in regular.iter().enumerate() {
            let params = schema.params(d)?;
            schema.defs[index].params = params;
            if d.category == Category::Function {
                let generics: Vec<&str> = d.generics.iter().map(|g| g.name).collect();
                let returns = schema
                    .resolve(&d.result, &generics)
                    .map_err(|e| SchemaError(format!("`{}`, result: {e}", d.name)))?;
                schema.defs[index].returns = Some(returns);
            }
        }
        Ok(schema)
    }

    /// Parses and compiles TL source (one or more files' worth of lines). This is the compact
    /// description a generated crate embeds for `Display`: see [`crate::compact_tl`].
    pub fn from_tl(source: &str) -> Result<Self, SchemaError> {
        let parsed = tlgen_parser::parse_files(&[("schema.tl", source)])
            .map_err(|report| SchemaError(report.render(false)))?;
        Self::from_parsed(&parsed.schemas)
    }

    fn params(&self, d: &Definition<'_>) -> Result<Vec<Param>, SchemaError> {
        let generics: Vec<&str> = d.generics.iter().map(|g| g.name).collect();
        let names: Vec<Option<&str>> = d.params.iter().map(|p| p.name).collect();
        let mut params = Vec::with_capacity(d.params.len());
        for (position, p) in d.params.iter().enumerate() {
            let name = p
                .name
                .map_or_else(|| format!("_{}", position + 1), str::to_owned);
            let (ty, flag) = match &p.kind {
                ParamKind::Nat => {
                    let referenced = d.params.iter().any(|q| {
                        matches!(&q.kind, ParamKind::Field { flag: Some(f), .. } if Some(f.field) == p.name)
                    });
                    (if referenced { Ty::Flags } else { Ty::Nat }, None)
                }
                ParamKind::Field { ty, flag } => {
                    let flag = match flag {
                        None => None,
                        Some(f) if f.bit > 31 => {
                            return Err(SchemaError(format!(
                                "`{}`: flag bit {} of `{name}` is past 31",
                                d.name, f.bit
                            )));
                        }
                        Some(f) => {
                            let word = names
                                .iter()
                                .position(|n| *n == Some(f.field))
                                .filter(|&w| w < position)
                                .ok_or_else(|| {
                                    SchemaError(format!(
                                        "`{}`: flags field `{}` is not a parameter before `{name}`",
                                        d.name, f.field
                                    ))
                                })?;
                            Some((word, f.bit))
                        }
                    };
                    let ty = self.resolve(ty, &generics).map_err(|e| {
                        SchemaError(format!("`{}`, parameter `{name}`: {e}", d.name))
                    })?;
                    if ty == Ty::True && flag.is_none() {
                        return Err(SchemaError(format!(
                            "`{}`: `{name}:true` has no flag bit",
                            d.name
                        )));
                    }
                    (ty, flag)
                }
                ParamKind::Repeat { .. } => {
                    return Err(SchemaError(format!(
                        "`{}`: a repetition outside a built-in line",
                        d.name
                    )));
                }
            };
            params.push(Param { name, ty, flag });
        }
        Ok(params)
    }

    /// The codec type of a parameter's type expression.
    fn resolve(&self, ty: &TypeExpr<'_>, generics: &[&str]) -> Result<Ty, String> {
        let name = full_name(&ty.name);
        if ty.bang || generics.contains(&name.as_str()) {
            return Ok(Ty::Any);
        }
        let item = || match ty.args.as_slice() {
            [item] => self.resolve(item, generics),
            _ => Err(format!("`{name}` takes one type argument")),
        };
        if ty.percent {
            return self.bare_of_type(&name);
        }
        self.named(&name, item)
    }

    /// A type by name, `item` giving a vector's item type.
    fn named(&self, name: &str, item: impl FnOnce() -> Result<Ty, String>) -> Result<Ty, String> {
        // The same spellings as tlgen-codegen's (one table, `Scalar`), so that `Display` reads
        // whatever it generated.
        if let Some(scalar) = Scalar::from_name(name) {
            return Ok(Ty::from(scalar));
        }
        Ok(match name {
            "#" => Ty::Nat,
            "true" => Ty::True,
            "Object" => Ty::Any,
            "Vector" | "vector" => Ty::Vector {
                boxed: name == "Vector",
                item: Box::new(item()?),
            },
            _ => {
                if let Some(&t) = self.type_by_name.get(name) {
                    Ty::Boxed(t)
                } else if let Some(&d) = self.by_name.get(name)
                    && !self.defs[d as usize].function
                {
                    Ty::Bare(d)
                } else {
                    return Err(format!("unknown type `{name}`"));
                }
            }
        })
    }

    /// `%T`: the one constructor of boxed type `T` (or the constructor named `T`).
    fn bare_of_type(&self, name: &str) -> Result<Ty, String> {
        if let Some(&t) = self.type_by_name.get(name) {
            return match self.types[t as usize].constructors.as_slice() {
                [only] => Ok(Ty::Bare(*only)),
                _ => Err(format!("`%{name}`: the type has more than one constructor")),
            };
        }
        match self.by_name.get(name) {
            Some(&d) if !self.defs[d as usize].function => Ok(Ty::Bare(d)),
            _ => Err(format!("unknown type `%{name}`")),
        }
    }

    /// Resolves a type as `tlgen decode --type` takes it: `messages.Messages`, `Vector<Message>`,
    /// `vector<long>`, `%resPQ` or `resPQ` (bare), `int`, `Bool`, or `Object` (any by id).
    pub fn parse_type(&self, text: &str) -> Result<TypeRef, SchemaError> {
        let text = text.trim();
        let err = |e: String| SchemaError(format!("type `{text}`: {e}"));
        self.type_term(text, 0).map(TypeRef).map_err(err)
    }

    fn type_term(&self, text: &str, depth: u32) -> Result<Ty, String> {
        const MAX_DEPTH: u32 = 16;
        if depth > MAX_DEPTH {
            return Err("nested too deeply".into());
        }
        let text = text.trim();
        if let Some(rest) = text.strip_prefix('%') {
            return self.bare_of_type(rest.trim());
        }
        let (name, arg) = match text.split_once('<') {
            Some((name, rest)) => match rest.strip_suffix('>') {
                Some(arg) => (name.trim(), Some(arg)),
                None => return Err("expected `>` at the end".into()),
            },
            None => (text, None),
        };
        let is_vector = matches!(name, "Vector" | "vector");
        if arg.is_some() != is_vector {
            return Err(format!("`{name}` takes no type argument"));
        }
        let item = || match arg {
            Some(arg) => self.type_term(arg, depth + 1),
            None => Err("a vector needs an item type, as in `Vector<long>`".into()),
        };
        self.named(name, item)
    }

    /// What an answer to function `name` is read as: its result type (`Object` for a generic
    /// one, `invokeWithLayer {X:Type} ... = X`). `None` if the schema has no such function.
    pub fn return_type(&self, name: &str) -> Option<TypeRef> {
        let def = self.defs.iter().find(|d| d.function && d.name == name)?;
        def.returns.clone().map(TypeRef)
    }

    /// The constructor or function with this id.
    pub(crate) fn by_id(&self, id: u32) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    /// The constructor (or, failing one, the function) with this exact TL name.
    pub(crate) fn by_name(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    pub(crate) fn def(&self, index: u32) -> &Def {
        &self.defs[index as usize]
    }

    /// The exact TL name of a constructor or function, as [`crate::Object::def`] holds it.
    pub fn name_of(&self, def: u32) -> Option<&str> {
        self.defs.get(def as usize).map(|d| d.name.as_str())
    }

    /// Constructor or function `def` as the codec reads it: for tools, and for checking that two
    /// schemas (say a file and its [`compact_tl`](crate::compact_tl) form) agree.
    pub fn describe(&self, def: u32) -> Option<Description> {
        let d = self.defs.get(def as usize)?;
        let params = d.params.iter().map(|p| ParamDescription {
            name: p.name.clone(),
            ty: self.type_name(&p.ty),
            flag: p.flag.map(|(word, bit)| (d.params[word].name.clone(), bit)),
        });
        Some(Description {
            name: d.name.clone(),
            id: d.id,
            function: d.function,
            params: params.collect(),
            returns: d.returns.as_ref().map(|t| self.type_name(t)),
        })
    }

    /// The number of constructors and functions.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// Whether the schema defines nothing.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// The name of a type, for error messages: `messages.Messages`, `Vector<long>`.
    pub(crate) fn type_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Flags | Ty::Nat => "#".into(),
            Ty::Int => "int".into(),
            Ty::Long => "long".into(),
            Ty::Double => "double".into(),
            Ty::Int128 => "int128".into(),
            Ty::Int256 => "int256".into(),
            Ty::Int512 => "int512".into(),
            Ty::String => "string".into(),
            Ty::Bytes => "bytes".into(),
            Ty::Bool => "Bool".into(),
            Ty::True => "true".into(),
            Ty::Vector { boxed, item } => {
                let v = if *boxed { "Vector" } else { "vector" };
                format!("{v}<{}>", self.type_name(item))
            }
            Ty::Boxed(t) => self.types[*t as usize].name.clone(),
            Ty::Bare(d) => format!("%{}", self.def(*d).name),
            Ty::Any => "Object".into(),
        }
    }

    /// Whether constructor `def` is one of boxed type `t`'s.
    pub(crate) fn has_constructor(&self, t: u32, def: u32) -> bool {
        self.defs
            .get(def as usize)
            .is_some_and(|d| d.boxed == Some(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TL: &str = "
        boolFalse#bc799737 = Bool;
        boolTrue#997275b5 = Bool;
        vector#1cb5c415 {t:Type} # [ t ] = Vector t;
        pair#01020304 flags:# a:flags.0?int b:flags.0?true n:# = Pair;
        one#0a0b0c0d x:%Pair = One;
        ---functions---
        getUsers#2d84d5f5 (Vector int) = Vector Pair;
    ";

    #[test]
    fn params_are_resolved() {
        let s = Schema::from_tl(TL).unwrap();
        let pair = s.def(s.by_name("pair").unwrap());
        let tys: Vec<&Ty> = pair.params.iter().map(|p| &p.ty).collect();
        assert_eq!(tys, [&Ty::Flags, &Ty::Int, &Ty::True, &Ty::Nat]);
        assert_eq!(pair.params[1].flag, Some((0, 0)));
        let one = s.def(s.by_name("one").unwrap());
        assert_eq!(one.params[0].ty, Ty::Bare(s.by_name("pair").unwrap()));
        let get = s.def(s.by_id(0x2d84d5f5).unwrap());
        assert!(get.function);
        assert_eq!(get.params[0].name, "_1");
        assert_eq!(s.type_name(&get.params[0].ty), "Vector<int>");
        assert_eq!(
            s.type_name(&s.return_type("getUsers").unwrap().0),
            "Vector<Pair>"
        );
        assert_eq!(s.return_type("pair"), None);
    }

    #[test]
    fn types_parse_as_the_cli_takes_them() {
        let s = Schema::from_tl(TL).unwrap();
        assert_eq!(s.parse_type("Object").unwrap(), TypeRef::any());
        let t = s.parse_type(" Vector< vector<Pair> > ").unwrap();
        assert_eq!(s.type_name(&t.0), "Vector<vector<Pair>>");
        assert_eq!(s.type_name(&s.parse_type("%Pair").unwrap().0), "%pair");
        assert_eq!(s.type_name(&s.parse_type("pair").unwrap().0), "%pair");
        for bad in [
            "Vector",
            "int<long>",
            "Nope",
            "Vector<int",
            "%Bool",
            "getUsers",
            "",
        ] {
            assert!(s.parse_type(bad).is_err(), "{bad}");
        }
        let deep = format!("{}int{}", "Vector<".repeat(1000), ">".repeat(1000));
        assert!(s.parse_type(&deep).is_err());
    }

    /// TDLib's td_api.tl declares its integers as constructors with no fields; they are `int` and
    /// `long` on the wire all the same (as tlgen-codegen generates them), not empty bare values.
    #[test]
    fn tdlib_integer_names_are_int_and_long() {
        let s = Schema::from_tl(
            "int32 = Int32;\nint53 = Int53;\nint64 = Int64;\n\
             k a:int32 b:int53 c:int64 d:vector<vector<int64>> = K;",
        )
        .unwrap();
        let k = s.def(s.by_name("k").unwrap());
        let tys: Vec<String> = k.params.iter().map(|p| s.type_name(&p.ty)).collect();
        assert_eq!(tys, ["int", "long", "long", "vector<vector<long>>"]);
    }

    #[test]
    fn unknown_types_are_errors() {
        // The parser validates types across files; a schema missing one is still refused here.
        assert!(Schema::from_tl("a#01 x:Nope = A;").is_err());
    }
}
