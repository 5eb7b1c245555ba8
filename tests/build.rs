//! Generates one Rust module per distinct schema of the documented byte dumps (`shared/dumps/dumps.json`).
//!
//! Each dump comes with the TL lines of its own era (ids and field types differ from today's
//! schema/), so `tests/tests/dumps.rs` checks each dump against a crate generated from those lines,
//! through the same `tlgen_codegen::Config` a user's build script calls. It is also this workspace's
//! example of `tlgen-codegen` used from a `build.rs`.
//!
//! The lines are copied from the documentation and need a few mechanical fixes before they are a
//! schema. The rules, applied in this order (and restated in `tests/tests/dumps.rs`):
//!
//! 1. Prose lines in parentheses (`(page assigns the index numbers: ...)`) are dropped. The ids the
//!    page makes up for its examples are given to their lines instead (`PAGE_IDS` below, each checked
//!    against the prose it came from): `int_tree#00000011`, `empty_tree#000000ef`,
//!    `int_couple#00000194`.
//! 2. A line marked `[NOT FOUND in any published schema; reconstructed: ...] LINE` is replaced by
//!    its reconstructed LINE, which then replaces the documented line of the same name; the
//!    documented lines get a module of their own (`<module>_documented`), so the test can show the
//!    dump's id is unknown to them.
//! 3. A missing final `;` is added.
//! 4. For the auth-key examples that come with `schema_official_file` (the same constructors in the
//!    official mtproto.tl): a `string` parameter is read as `bytes`, and the page's `Vector<strlong>`
//!    typo as `Vector<long>`. TL's `string` and `bytes` share one wire format and (in Telegram's
//!    schemas) one id; the page's 2013 lines say `string` for binary data (pq, p, q, encrypted
//!    payloads, DH numbers) that is not UTF-8, which Rust's `String` and tlgen-runtime's strict
//!    decoding reject. The result is the official file's lines; the test checks that.
//! 5. In a query/answer example, the lines of the queried method (those named like the dump) go
//!    after a `---functions---` line, unless the schema has that line already.
//!
//! Schemas that come out identical share a module, named `dump_<snake name of the first dump>` (with
//! `_<id>` added if a later dump of the same name has different lines). `dump_index.rs` maps each
//! dump's id to its module, so the test can check it uses the module built for that dump.
//! `dump_schemas.rs` holds each dump's normalized lines as text, for `tests/tests/codec_dumps.rs`,
//! which reads the dumps through tlgen-codec with a schema parsed at run time.
//!
//! Primitive dumps (`int ? = Int;` and the like) need no generated code and get no module.
//!
//! If `dumps.json` is missing, nothing is generated and the cfg `dumps_missing` is set: the dump
//! test then fails saying so, while the crate's other tests still build and run.
//!
//! It also writes `serde_listing.rs`, the table `tests/tests/serde_every_type.rs` goes through:
//! every struct of the generated crate (tlgen-telegram) with its TL name, and for a constructor
//! its boxed type's enum, as the generator's own IR names them (`Config::ir`), so that the test
//! reaches each type's serde impls statically without a hand-written list to keep up.

#[allow(dead_code)]
#[path = "src/json.rs"]
mod json;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use json::Json;

/// Constructor numbers made up by core.telegram.org/mtproto/serialize for its examples, with the
/// text that must appear in the dump's prose line for the id to be taken from it.
const PAGE_IDS: &[(&str, u32, &str)] = &[
    ("int_tree", 0x11, "int_tree = 17 = 0x11"),
    ("empty_tree", 0xef, "empty_tree = 239 = 0xef"),
    ("int_couple", 0x194, "404 = 0x194"),
];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let dumps_path = manifest.join("../../shared/dumps/dumps.json");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/json.rs");
    println!("cargo::rerun-if-changed={}", dumps_path.display());
    println!("cargo::rustc-check-cfg=cfg(dumps_missing)");
    serde_listing(&manifest, &out_dir);

    let Ok(text) = std::fs::read_to_string(&dumps_path) else {
        println!("cargo::rustc-cfg=dumps_missing");
        return;
    };
    let dumps = Json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", dumps_path.display()));
    let entries = dumps.as_array().expect("dumps.json is a list");

    // Normalized schema text -> module name, and each dump's module.
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    let mut index: Vec<(i64, String)> = Vec::new();
    // Each dump's normalized lines, and the documented ones where rule 2 replaced a line, for
    // the tests that read the dumps through a schema at run time (tlgen-codec's).
    let mut schemas = String::from(
        "/// Each dump's id, its normalized schema lines, and its documented lines when a\n\
         /// reconstructed line replaced one of them (rule 2).\n\
         pub const DUMP_SCHEMAS: &[(i64, &str, Option<&str>)] = &[\n",
    );
    for entry in entries {
        let category = entry.get("category").and_then(Json::as_str).unwrap_or("");
        if category.contains("primitive") {
            continue;
        }
        let id = entry
            .get("id")
            .and_then(Json::as_i64)
            .expect("every dump has an id");
        let name = entry
            .get("name")
            .and_then(Json::as_str)
            .expect("every dump has a name");
        let (main, documented) = normalize(entry);
        let _ = writeln!(schemas, "    ({id}, {main:?}, {documented:?}),");
        let module = module_for(&mut modules, &snake(name), &main, id);
        if let Some(documented) = documented {
            module_for(
                &mut modules,
                &format!("{}_documented", snake(name)),
                &documented,
                id,
            );
        }
        index.push((id, module));
    }

    for (schema, module) in &modules {
        generate(&out_dir, module, schema);
    }
    let mut idx = String::from(
        "/// Each dump's id and the module generated for its (normalized) schema lines.\n\
         pub const DUMP_MODULES: &[(i64, &str)] = &[\n",
    );
    for (id, module) in &index {
        let _ = writeln!(idx, "    ({id}, {module:?}),");
    }
    idx.push_str("];\n");
    write_if_changed(&out_dir.join("dump_index.rs"), &idx);
    schemas.push_str("];\n");
    write_if_changed(&out_dir.join("dump_schemas.rs"), &schemas);
}

/// The module for `schema`: the existing one if an earlier dump had the same lines, else a new one
/// named `dump_<base>` (or `dump_<base>_<id>` if that name is taken by different lines).
fn module_for(modules: &mut BTreeMap<String, String>, base: &str, schema: &str, id: i64) -> String {
    if let Some(existing) = modules.get(schema) {
        return existing.clone();
    }
    let mut name = format!("dump_{base}");
    if modules.values().any(|m| *m == name) {
        name = format!("dump_{base}_{id}");
    }
    modules.insert(schema.to_owned(), name.clone());
    name
}

/// The schema text of a dump after the documented rules; the second text is the documented lines
/// (rule 2) when a reconstructed line replaced one of them.
fn normalize(entry: &Json) -> (String, Option<String>) {
    let name = entry.get("name").and_then(Json::as_str).unwrap_or("");
    let role = entry.get("role").and_then(Json::as_str).unwrap_or("");
    let official = entry.get("schema_official_file").is_some();
    let lines: Vec<&str> = entry
        .get("schema")
        .and_then(Json::as_array)
        .expect("every dump has schema lines")
        .iter()
        .map(|l| l.as_str().expect("schema lines are strings").trim())
        .collect();

    let mut prose = String::new();
    let mut kept: Vec<String> = Vec::new();
    let mut reconstructed: Vec<String> = Vec::new();
    for line in lines {
        if line.starts_with('(') {
            // Rule 1.
            prose.push_str(line);
            continue;
        }
        if let Some(rest) = line.strip_prefix("[NOT FOUND") {
            // Rule 2.
            let (_, line) = rest.split_once(']').expect("a closing ] after NOT FOUND");
            reconstructed.push(fix_line(line.trim(), official));
            continue;
        }
        kept.push(fix_line(line, official));
    }
    for &(combinator, id, text) in PAGE_IDS {
        let Some(line) = kept.iter_mut().find(|l| combinator_name(l) == combinator) else {
            continue;
        };
        assert!(
            prose.contains(text),
            "dump {name}: the page's id for {combinator} ({text}) is not in its prose {prose:?}"
        );
        *line = line.replacen(combinator, &format!("{combinator}#{id:08x}"), 1);
    }

    let is_call = role.starts_with("rpc call");
    let documented = if reconstructed.is_empty() {
        None
    } else {
        Some(assemble(&kept, name, is_call))
    };
    let replaced: Vec<&str> = reconstructed.iter().map(|l| combinator_name(l)).collect();
    let mut main: Vec<String> = kept
        .into_iter()
        .filter(|l| !replaced.contains(&combinator_name(l)))
        .collect();
    main.extend(reconstructed);
    (assemble(&main, name, is_call), documented)
}

/// Rules 3 and 4 on one line.
fn fix_line(line: &str, official: bool) -> String {
    let mut line = line.to_owned();
    if official {
        line = line
            .replace(":string ", ":bytes ")
            .replace("<strlong>", "<long>");
    }
    if !line.ends_with(';') && !line.starts_with("---") {
        line.push(';');
    }
    line
}

/// Rule 5, and the text of the schema.
fn assemble(lines: &[String], dump_name: &str, is_call: bool) -> String {
    let has_sections = lines.iter().any(|l| l.starts_with("---"));
    let (methods, types): (Vec<&String>, Vec<&String>) = lines
        .iter()
        .partition(|l| is_call && !has_sections && combinator_name(l) == dump_name);
    let mut text = String::new();
    for line in types {
        text.push_str(line);
        text.push('\n');
    }
    if !methods.is_empty() {
        text.push_str("---functions---\n");
        for line in methods {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// `auth.sendCall` in `auth.sendCall#03c51564 phone_number:string ...`.
fn combinator_name(line: &str) -> &str {
    line.split([' ', '#']).next().unwrap_or("")
}

/// `auth.sendCall` -> `auth_send_call`, `req_DH_params` -> `req_dh_params`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out
}

/// Runs the generator on `schema` and writes `<module>.rs` (plus the schema text and warnings as
/// constants, which the test checks).
fn generate(out_dir: &Path, module: &str, schema: &str) {
    let file = format!("{module}.rs");
    let generated = tlgen_codegen::Config::new()
        .schema_text(format!("{module}.tl"), schema)
        .file_name(&file)
        .generate_single_file()
        .unwrap_or_else(|e| panic!("generating {module} from\n{schema}\nfailed:\n{e}"));
    // `generate_single_file` rather than `generate`: the same code, but the schema warnings (the
    // page's made-up ids do not match their CRC32, on purpose) become a constant the test checks
    // instead of `cargo:warning` lines on every build of the workspace.
    let mut contents = generated.files[0].contents.clone();
    let _ = write!(
        contents,
        "\n/// The normalized dump schema this module was generated from.\n\
         pub const NORMALIZED_TL: &str = {schema:?};\n\
         /// The generator's warnings about it.\n\
         pub const WARNINGS: &str = {:?};\n",
        generated.warnings
    );
    write_if_changed(&out_dir.join(file), &contents);
}

/// Keeps the file's mtime when nothing changed, so the tests are not rebuilt for nothing.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// Writes `serde_listing.rs`: `LISTING`, one `Entry` per struct of tlgen-telegram (every
/// constructor and function of schema/ but `boolTrue`/`boolFalse`, which are Rust's `bool`), in
/// schema order, each naming `via::<the type>` (a function of the test) for the struct and for
/// its boxed type's enum. Generic functions take `tlgen_telegram::Object` for their parameters.
fn serde_listing(manifest: &Path, out_dir: &Path) {
    let schema_dir = manifest.join("../schema");
    let mut config = tlgen_codegen::Config::new();
    for file in ["api.tl", "mtproto.tl"] {
        let path = schema_dir.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        config.schema(path);
    }
    let ir = config
        .ir()
        .unwrap_or_else(|e| panic!("lowering schema/ failed:\n{e}"));
    let rust_path = |path: &tlgen_codegen::ir::ItemPath| {
        let mut out = format!("tlgen_telegram::{}", path.kind.module_name());
        for segment in path.namespace.iter().chain([&path.name]) {
            out.push_str("::");
            out.push_str(segment);
        }
        out
    };
    let mut listing = String::from(
        "/// Every struct of tlgen-telegram with its TL name, and a constructor's boxed type's enum.\n\
         static LISTING: &[Entry] = &[\n",
    );
    for c in ir.constructors.iter().chain(&ir.functions) {
        let mut ty = rust_path(&c.path);
        if !c.generics.is_empty() {
            let objects = vec!["tlgen_telegram::Object"; c.generics.len()];
            let _ = write!(ty, "<{}>", objects.join(", "));
        }
        let boxed = match &c.result {
            tlgen_codegen::ir::ResultKind::Constructor {
                enum_path: Some(path),
            } => {
                let e = ir
                    .enums
                    .iter()
                    .find(|e| &e.path == path)
                    .unwrap_or_else(|| panic!("{}: no enum at {path:?}", c.tl_name));
                format!("Some(({:?}, via::<{}>))", e.tl_name, rust_path(&e.path))
            }
            _ => "None".to_owned(),
        };
        let _ = writeln!(
            listing,
            "    Entry {{ tl_name: {:?}, rust: {ty:?}, check: via::<{ty}>, boxed: {boxed} }},",
            c.tl_name
        );
    }
    listing.push_str("];\n");
    let _ = writeln!(
        listing,
        "/// The enums the generator made, one per boxed type.\nconst ENUMS: usize = {};",
        ir.enums.len()
    );
    write_if_changed(&out_dir.join("serde_listing.rs"), &listing);
}
