//! What a generated crate needs for `Display` with next to no code per type: its schema as compact
//! TL text ([`compact_tl`], written by the generator), parsed once on first use
//! ([`EmbeddedSchema`]), and one call that prints a value from the bytes its own encoder writes
//! ([`EmbeddedSchema::fmt`], or [`EmbeddedSchema::fmt_boxed`] given the bytes).

use std::fmt::{self, Write as _};
use std::sync::OnceLock;

use tlgen_parser::{BUILTIN_BARE, Category, Definition, DefinitionKind, ParamKind, TypeExpr};
use tlgen_runtime::{DecodeError, DecodeOptions, Serialize, Writer};

use crate::decode::decode_params;
use crate::schema::{Schema, Ty, TypeRef};
use crate::text::print::FieldsText;
use crate::value::Object;
use crate::{Text, decode};

/// The regular definitions of `schemas` as compact TL: one `name#id params = Type;` line each,
/// functions after a `---functions---` line, no comments or docs. [`Schema::from_tl`] reads it
/// back to the same schema (ids are written, so nothing is recomputed). For Telegram's api.tl
/// and mtproto.tl it is about their size, 295 KB (they have few comments to drop): data in the
/// binary, not code, and parsed once (a few milliseconds) on the first `Display`.
///
/// Built-in lines are left out (the codec knows `int`, `vector`...), except those declaring a
/// fixed-size type the parser does not know itself as a counted repetition, TDLib's
/// `int512 16*[ int ] = Int512;` (e2e_api.tl), which are kept as they are: without its line the
/// compact text would use a type it never declares. `int128` and `int256` are TL's own, known to
/// the parser ([`tlgen_parser::BUILTIN_BARE`]): their lines (mtproto.tl has them) are left out.
pub fn compact_tl(schemas: &[tlgen_parser::Schema<'_>]) -> String {
    let defs = || {
        schemas
            .iter()
            .flat_map(|s| &s.definitions)
            .filter(|d| match d.kind {
                DefinitionKind::Regular => true,
                DefinitionKind::BuiltinRepeat => fixed_size(d),
                DefinitionKind::BuiltinPrimitive => false,
            })
    };
    let mut out = String::new();
    for (category, header) in [
        (Category::Type, ""),
        (Category::Function, "---functions---\n"),
    ] {
        out.push_str(header);
        for d in defs().filter(|d| d.category == category) {
            if d.kind == DefinitionKind::Regular {
                let _ = write!(out, "{}#{:08x}", d.name, d.id());
            } else {
                // A built-in has no id on the wire (its values are raw): its name alone.
                let _ = write!(out, "{}", d.name);
            }
            for g in &d.generics {
                let _ = write!(out, " {{{}:{}}}", g.name, g.ty);
            }
            for p in &d.params {
                out.push(' ');
                if let Some(name) = p.name {
                    let _ = write!(out, "{name}:");
                }
                match &p.kind {
                    ParamKind::Nat => out.push('#'),
                    ParamKind::Field { ty, flag } => {
                        if let Some(f) = flag {
                            let _ = write!(out, "{}.{}?", f.field, f.bit);
                        }
                        write_type(&mut out, ty);
                    }
                    // Only in the built-ins `fixed_size` keeps, always with a count.
                    ParamKind::Repeat { count, items } => {
                        if let Some(n) = count {
                            let _ = write!(out, "{n}*");
                        }
                        out.push_str("[ ");
                        for item in items {
                            write_type(&mut out, item);
                            out.push(' ');
                        }
                        out.push(']');
                    }
                }
            }
            out.push_str(" = ");
            write_type(&mut out, &d.result);
            out.push_str(";\n");
        }
    }
    out
}

/// Whether a built-in line declares a fixed-size type other than TL's own, every parameter a
/// repetition with a count (`int512 16*[ int ] = Int512;`, not `int128 4*[ int ] = Int128;` nor
/// `vector {t:Type} # [ t ] = Vector t;`).
fn fixed_size(d: &Definition<'_>) -> bool {
    let own = d.name.namespace.is_none() && BUILTIN_BARE.contains(&d.name.name);
    !own && d.generics.is_empty()
        && !d.params.is_empty()
        && d.params
            .iter()
            .all(|p| matches!(p.kind, ParamKind::Repeat { count: Some(_), .. }))
}

/// A type with its arguments in angle brackets (`Vector<long>`), which reads back unambiguously
/// inside a parameter list, where `Vector long` would not.
fn write_type(out: &mut String, ty: &TypeExpr<'_>) {
    if ty.bang {
        out.push('!');
    }
    if ty.percent {
        out.push('%');
    }
    let _ = write!(out, "{}", ty.name);
    if !ty.args.is_empty() {
        out.push('<');
        for (i, arg) in ty.args.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_type(out, arg);
        }
        out.push('>');
    }
}

/// A schema embedded as compact TL text, compiled on first use. A generated crate holds one in a
/// `static` and implements `Display` for each type by encoding the value and printing the bytes,
/// `SCHEMA.fmt(self, f)` (here with bytes written by hand, through [`EmbeddedSchema::fmt_boxed`]):
///
/// ```
/// use std::fmt;
/// use tlgen_codec::EmbeddedSchema;
///
/// // Written by the generator: the output of `tlgen_codec::compact_tl`.
/// static SCHEMA: EmbeddedSchema = EmbeddedSchema::new(
///     "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n\
///      ---functions---\nauth.sendCall#03c51564 phone_number:string phone_code_hash:string = Bool;\n",
/// );
///
/// // What each generated type's `Display` is (here over hand-written bytes).
/// struct SendCall(Vec<u8>);
/// impl fmt::Display for SendCall {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         SCHEMA.fmt_boxed(&self.0, f) // generated code: `&self.to_bytes()`
///     }
/// }
///
/// let bytes = [
///     &[0x64, 0x15, 0xc5, 0x03, 11][..], b"79991234567", &[18], b"2dc02d2cda9e615c84", &[0],
/// ]
/// .concat();
/// assert_eq!(
///     SendCall(bytes).to_string(),
///     r#"(auth.sendCall phone_number:"79991234567" phone_code_hash:"2dc02d2cda9e615c84")"#
/// );
/// ```
pub struct EmbeddedSchema {
    tl: &'static str,
    schema: OnceLock<Result<Schema, String>>,
}

impl EmbeddedSchema {
    /// A schema from compact TL text; nothing is parsed until it is first used.
    pub const fn new(tl: &'static str) -> Self {
        Self {
            tl,
            schema: OnceLock::new(),
        }
    }

    /// The compiled schema (compiled on the first call), or why the text is not one.
    pub fn get(&self) -> Result<&Schema, &str> {
        self.schema
            .get_or_init(|| Schema::from_tl(self.tl).map_err(|e| e.0))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Prints `value` as TL text through its own encoder: what a generated type's `Display` is,
    /// `SCHEMA.fmt(self, f)`. One function for every type (`&dyn`, not generic), so that each
    /// `Display` impl costs a call and no code of its own.
    pub fn fmt(&self, value: &dyn Serialize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_boxed(&value.to_bytes(), f)
    }

    /// Prints `bytes`, one boxed constructor or function as its type's encoder writes it, as TL
    /// text: one line, or with `{:#}` the multi-line form. For `Display` impls: it never returns
    /// an error of its own (which would make `to_string` panic); bytes the schema cannot read
    /// print as `<not TL: ...>` with the reason.
    pub fn fmt_boxed(&self, bytes: &[u8], f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schema = match self.get() {
            Ok(schema) => schema,
            Err(e) => return write!(f, "<embedded schema does not parse: {e}>"),
        };
        match decode(schema, bytes, &TypeRef::any(), own_bytes()) {
            Ok(value) => fmt::Display::fmt(&Text::new(schema, &value), f),
            Err(e) => write!(f, "<not TL: {e}>"),
        }
    }

    /// Prints parameters `params` (TL names, in schema order) of constructor `constructor` as
    /// they appear inside its TL text, `views:10 forwards:2` (with `{:#}` one per line), from
    /// their values as `write` writes them: each present, in order, as the constructor's encoder
    /// does. What the `Display` of a generated flag group (the struct of fields that share one
    /// flag bit) is: one call, the group's fields written by the code that writes them in the
    /// constructor. As [`EmbeddedSchema::fmt_boxed`], it prints what it cannot read as
    /// `<not TL: ...>` rather than failing.
    pub fn fmt_fields(
        &self,
        constructor: &str,
        params: &[&str],
        write: &dyn Fn(&mut Writer),
        f: &mut fmt::Formatter<'_>,
    ) -> fmt::Result {
        let group = match self.group(constructor, params) {
            Ok(group) => group,
            Err(message) => return write!(f, "<{message}>"),
        };
        match group.read(write) {
            Ok(object) => fmt::Display::fmt(
                &FieldsText {
                    schema: group.schema,
                    object: &object,
                },
                f,
            ),
            Err(e) => write!(f, "<not TL: {e}>"),
        }
    }

    /// Parameters `params` (TL names, in schema order) of constructor `constructor`: where a
    /// generated flag group's fields are in the schema. The error is a message for the user.
    pub(crate) fn group(&self, constructor: &str, params: &[&str]) -> Result<Group<'_>, String> {
        let schema = self
            .get()
            .map_err(|e| format!("embedded schema does not parse: {e}"))?;
        let def = schema
            .by_name(constructor)
            .ok_or_else(|| format!("not TL: no `{constructor}` in the embedded schema"))?;
        let all = &schema.def(def).params;
        let params = params
            .iter()
            .map(|name| {
                all.iter()
                    .position(|p| p.name == *name && p.ty != Ty::Flags)
                    .ok_or_else(|| format!("not TL: `{constructor}` has no field `{name}`"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Group {
            schema,
            def,
            params,
        })
    }
}

/// Some parameters of one constructor, which a generated flag group holds (see
/// [`EmbeddedSchema::fmt_fields`]).
pub(crate) struct Group<'s> {
    pub(crate) schema: &'s Schema,
    /// The constructor.
    pub(crate) def: u32,
    /// The parameters, by index in the constructor's, in schema order.
    pub(crate) params: Vec<usize>,
}

impl Group<'_> {
    /// The fields as `write` writes them (each present, in order, as the constructor's encoder
    /// does), read into an object of the constructor holding only them.
    pub(crate) fn read(&self, write: &dyn Fn(&mut Writer)) -> Result<Object, DecodeError> {
        let bytes = Written(write).to_bytes();
        decode_params(self.schema, &bytes, self.def, &self.params, own_bytes())
    }
}

/// How to read bytes that come from the crate's own encoder, not from a peer: a value a program
/// built may be nested deeper than untrusted input may, so the limits are off.
pub(crate) fn own_bytes() -> DecodeOptions {
    DecodeOptions {
        max_depth: u32::MAX,
        max_stack_bytes: usize::MAX,
        ..DecodeOptions::default()
    }
}

/// What a closure writes, as a [`Serialize`], for its `to_bytes` (which writes once, growing
/// the buffer as it goes, and never asks the length first).
struct Written<'a>(&'a dyn Fn(&mut Writer));

impl Serialize for Written<'_> {
    fn serialized_len(&self) -> usize {
        self.to_bytes().len()
    }

    fn write_to(&self, out: &mut Writer) {
        (self.0)(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_tl_reads_back_to_the_same_definitions() {
        let source = "
            // a comment
            vector#1cb5c415 {t:Type} # [ t ] = Vector t;
            int ? = Int;
            int128 4*[ int ] = Int128;
            int512 16*[ int ] = Int512;
            pair flags:# a:flags.0?Vector<Vector<int>> b:%Pair2 = Pair;
            pair2 x:(Vector long) s:int512 = Pair2;
            ---functions---
            invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;
            getUsers (Vector int) = Vector Pair;
        ";
        let parsed = tlgen_parser::parse("a.tl", source).unwrap();
        let compact = compact_tl(std::slice::from_ref(&parsed.schema));
        assert_eq!(
            compact,
            format!(
                "int512 16*[ int ] = Int512;\n\
                 pair#{:08x} flags:# a:flags.0?Vector<Vector<int>> b:%Pair2 = Pair;\n\
                 pair2#{:08x} x:Vector<long> s:int512 = Pair2;\n\
                 ---functions---\n\
                 invokeWithLayer#da9b0d0d {{X:Type}} layer:int query:!X = X;\n\
                 getUsers#{:08x} Vector<int> = Vector<Pair>;\n",
                parsed.schema.definitions[4].computed_id,
                parsed.schema.definitions[5].computed_id,
                parsed.schema.definitions[7].computed_id,
            )
        );
        let again = tlgen_parser::parse("b.tl", &compact).unwrap();
        assert!(again.warnings.is_empty(), "{}", again.warnings);
        let ids = |s: &tlgen_parser::Schema<'_>| -> Vec<(String, u32)> {
            s.definitions
                .iter()
                .filter(|d| d.kind == DefinitionKind::Regular)
                .map(|d| (d.name.to_string(), d.id()))
                .collect()
        };
        assert_eq!(ids(&again.schema), ids(&parsed.schema));
        // The kept `int512` line is what lets the codec read the compact text back.
        let s = Schema::from_tl(&compact).unwrap();
        let pair2 = s.def(s.by_name("pair2").unwrap());
        assert_eq!(s.type_name(&pair2.params[1].ty), "int512");
    }

    #[test]
    fn any_serializable_value_prints_through_its_bytes() {
        /// `ping#7abe77ec ping_id:long = Pong;`, encoded by hand as generated code would.
        struct Ping(i64);
        impl Serialize for Ping {
            fn serialized_len(&self) -> usize {
                12
            }
            fn write_to(&self, out: &mut tlgen_runtime::Writer) {
                out.put_fixed((0x7abe_77ecu32, self.0));
            }
        }
        impl fmt::Display for Ping {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                SCHEMA.fmt(self, f)
            }
        }
        static SCHEMA: EmbeddedSchema = EmbeddedSchema::new(
            "pong#347773c5 msg_id:long ping_id:long = Pong;\n\
             ---functions---\nping#7abe77ec ping_id:long = Pong;\n",
        );
        assert_eq!(Ping(-1).to_string(), "(ping ping_id:-1)");
        assert_eq!(format!("{:#}", Ping(5)), "(ping\n  ping_id:5\n)");
    }

    #[test]
    fn a_flag_groups_fields_print_as_inside_their_constructor() {
        struct Group<'a>(&'a str, &'a [&'a str], i32, &'a str);
        impl fmt::Display for Group<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                SCHEMA.fmt_fields(
                    self.0,
                    self.1,
                    &|out| {
                        self.2.write_to(out);
                        self.3.to_owned().write_to(out);
                    },
                    f,
                )
            }
        }
        static SCHEMA: EmbeddedSchema = EmbeddedSchema::new(
            "m#00000001 flags:# id:int views:flags.3?int note:flags.3?string = M;",
        );
        let group = Group("m", &["views", "note"], 10, "hi");
        assert_eq!(group.to_string(), r#"views:10 note:"hi""#);
        assert_eq!(format!("{group:#}"), "views:10\nnote:\"hi\"");
        // A scalar too long for the line stays whole, as inside the constructor's multi-line form.
        let long = "x".repeat(120);
        assert_eq!(
            format!("{:#}", Group("m", &["views", "note"], 1, &long)),
            format!("views:1\nnote:\"{long}\"")
        );
        // Wrong names and bytes that do not fit say so.
        assert_eq!(
            Group("n", &["views"], 1, "").to_string(),
            "<not TL: no `n` in the embedded schema>"
        );
        assert_eq!(
            Group("m", &["flags"], 1, "").to_string(),
            "<not TL: `m` has no field `flags`>"
        );
        assert!(
            Group("m", &["views"], 1, "")
                .to_string()
                .starts_with("<not TL: ")
        );
    }

    #[test]
    fn bad_bytes_and_bad_schemas_print_a_reason() {
        struct Show<'a>(&'a EmbeddedSchema, &'a [u8]);
        impl fmt::Display for Show<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt_boxed(self.1, f)
            }
        }
        static GOOD: EmbeddedSchema = EmbeddedSchema::new("a#00000001 x:int = A;");
        assert_eq!(
            Show(&GOOD, &[1, 0, 0, 0, 7, 0, 0, 0]).to_string(),
            "(a x:7)"
        );
        assert_eq!(
            Show(&GOOD, &[2, 0, 0, 0]).to_string(),
            "<not TL: unknown constructor 0x00000002 for type Object at byte 0>"
        );
        static BAD: EmbeddedSchema = EmbeddedSchema::new("a#1 x:Nope = A;");
        assert!(
            Show(&BAD, &[])
                .to_string()
                .starts_with("<embedded schema does not parse: ")
        );
    }
}
