//! One enum per boxed type: variants, `Serialize`/`Deserialize` by constructor id, and `From`.

use super::structs::{attributes, hex};
use super::{Code, Ctx, docs};
use crate::ir::BoxedEnum;

pub fn boxed_enum(ctx: &Ctx<'_>, e: &BoxedEnum, code: &mut Code) {
    let rt = ctx.rt();
    let name = &e.path.name;
    let variants: Vec<Variant<'_>> = e
        .variants
        .iter()
        .map(|v| Variant::new(&v.name, ctx.path(&v.path), v.boxed, v.id, &v.tl_name))
        .collect();

    code.item();
    docs::boxed_enum(code, e);
    attributes(ctx, code);
    code.open(format_args!("pub enum {name}"));
    for v in &variants {
        code.doc([format!("`{}#{:08x}`", v.tl_name, v.id_value)]);
        code.list(
            &format!("{}(", v.name),
            std::slice::from_ref(&v.held.ty),
            "),",
        );
    }
    code.close();

    // `#[inline]` here and on `Serialize`: compiled where used (see the struct encoders).
    code.item();
    code.open_impl(&format!("impl {rt}::Constructor"), name);
    let arms =
        |code: &mut Code, signature: &str, arm: &dyn Fn(&Variant<'_>) -> (String, String)| {
            code.line("#[inline]");
            code.open(signature);
            code.open("match self");
            for v in &variants {
                let (pattern, value) = arm(v);
                code.arm(&pattern, &value);
            }
            code.close();
            code.close();
        };
    arms(code, "fn constructor_id(&self) -> u32", &|v| {
        (format!("Self::{}(_)", v.name), v.id.clone())
    });
    arms(code, "fn constructor_name(&self) -> &'static str", &|v| {
        (format!("Self::{}(_)", v.name), format!("{:?}", v.tl_name))
    });
    arms(
        code,
        "fn constructor_value(&self) -> &dyn ::std::any::Any",
        &|v| (format!("Self::{}(x)", v.name), v.held.struct_ref.to_owned()),
    );
    code.close();

    // Each variant writes itself boxed (`write_prefixed` with its id, through the runtime's
    // blanket `Serialize`), so the id goes with its leading fixed-size fields: one bounds check
    // for both, and one `match` where looking up the id first took a second one.
    code.item();
    code.open_impl(&format!("impl {rt}::Serialize"), name);
    code.line("#[inline]");
    code.open("fn serialized_len(&self) -> usize");
    code.open("4 + match self");
    for v in &variants {
        code.arm(&format!("Self::{}(x)", v.name), "x.bare_len()");
    }
    code.close();
    code.close();
    code.line("#[inline]");
    code.open(format_args!("fn write_to(&self, out: &mut {rt}::Writer)"));
    code.open("match self");
    for v in &variants {
        code.arm(&format!("Self::{}(x)", v.name), "x.write_to(out)");
    }
    code.close();
    code.close();
    code.close();

    code.item();
    code.open_impl(&format!("impl {rt}::Deserialize"), name);
    code.open_list(
        "fn deserialize(",
        &[format!("r: &mut {rt}::Reader<'_>")],
        &format!(") -> {rt}::Result<Self>"),
    );
    let unknown = format!("r.unknown_constructor(id, {:?})", e.tl_name);
    if e.guard_depth {
        // Types that can contain themselves: the match picks a function and one call runs it,
        // so each variant decodes in a frame of its own and a level of nesting costs one
        // variant's stack, not the sum of all of them (which, in debug builds, is what a match
        // of inline arms costs).
        code.open("r.nested(|r|");
        code.line("let id = tri!(r.read_u32());");
        let decoder = format!("fn(&mut {rt}::Reader<'_>) -> {rt}::Result<Self>");
        let head = format!("let decode: {decoder} = match id");
        let unknown = format!("return Err({unknown})");
        if code.fits(&format!("{head} {{")) {
            code.open(head);
            decode_arms(code, &variants, "|r| ", &unknown);
            code.close_with(";");
        } else {
            code.line(format_args!("let decode: {decoder} ="));
            code.indented(|code| {
                code.open("match id");
                decode_arms(code, &variants, "|r| ", &unknown);
                code.close_with(";");
            });
        }
        code.line("decode(r)");
        code.close_with(")");
    } else {
        // Everything else: a plain match, with no function (and call shim) per variant.
        code.line("let id = tri!(r.read_u32());");
        code.open("match id");
        decode_arms(code, &variants, "", &format!("Err({unknown})"));
        code.close();
    }
    code.close();
    code.close();

    for v in &variants {
        code.item();
        code.open_impl(&format!("impl From<{}>", v.path), name);
        code.open_list("fn from(", &[format!("x: {}", v.path)], ") -> Self");
        code.line(&v.held.from_x);
        code.close();
        code.close();
    }
}

/// `0x... => <prefix>match path::deserialize_bare(r) { Ok(x) => Ok(Self::V(x)), .. },` per
/// variant, then the fallback arm.
///
/// A `match` rather than `.map(Self::V)`: `Result::map` would be a generic instance per variant
/// (1,750 for Telegram's schema, with as many `FnOnce::call_once` shims), about a tenth of the
/// crate's LLVM IR in a debug build, for the same machine code once optimized.
fn decode_arms(code: &mut Code, variants: &[Variant<'_>], prefix: &str, unknown: &str) {
    for v in variants {
        let head = format!("{} => {prefix}match {}::deserialize_bare(r)", v.id, v.path);
        let ok = format!("Ok(x) => Ok({})", v.held.from_x);
        if code.line_if_fits(format_args!("{head} {{ {ok}, Err(e) => Err(e) }},")) {
            continue;
        }
        let arms = |code: &mut Code| {
            code.line(format_args!("{ok},"));
            code.line("Err(e) => Err(e),");
        };
        if code.fits(&format!("{head} {{")) {
            code.open(head);
            arms(code);
            code.close_with(",");
        } else {
            // A long path: the match in a block of its own, a level deeper and without the id.
            code.open(format_args!("{} => {}", v.id, prefix.trim_end()));
            code.open(format_args!("match {}::deserialize_bare(r)", v.path));
            arms(code);
            code.close();
            code.close_with(",");
        }
    }
    code.line(format_args!("_ => {unknown},"));
}

/// What the enum's code needs of one variant.
struct Variant<'e> {
    name: &'e str,
    /// The constructor struct's path.
    path: String,
    held: Held,
    /// The id as a literal.
    id: String,
    id_value: u32,
    tl_name: &'e str,
}

impl<'e> Variant<'e> {
    fn new(name: &'e str, path: String, boxed: bool, id: u32, tl_name: &'e str) -> Self {
        Self {
            held: Held::new(boxed, &path, name),
            name,
            path,
            id: hex(id),
            id_value: id,
            tl_name,
        }
    }
}

/// How a variant holds its constructor's struct: inline, or in a `Box` when the struct is large
/// (see `lower::size`), spelled for each place the enum's code needs it.
struct Held {
    /// The variant's field type.
    ty: String,
    /// The struct as a reference, from `x` bound to the field by reference.
    struct_ref: &'static str,
    /// The enum from a struct `x`.
    from_x: String,
}

impl Held {
    fn new(boxed: bool, path: &str, variant: &str) -> Self {
        if boxed {
            Self {
                ty: format!("::std::boxed::Box<{path}>"),
                struct_ref: "&**x",
                from_x: format!("Self::{variant}(::std::boxed::Box::new(x))"),
            }
        } else {
            Self {
                ty: path.to_owned(),
                struct_ref: "x",
                from_x: format!("Self::{variant}(x)"),
            }
        }
    }
}
