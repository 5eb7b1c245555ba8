//! Lays a module tree out as files: a crate's `src/` tree, or one file for `include!`.

use crate::GeneratedFile;
use crate::emit::{Code, Module};

/// Lints the generated code opts out of, with why.
const ALLOWED_LINTS: [&str; 2] = [
    // Variant names come from the schema (`InputPeer::Empty`, `Updates::UpdatesTooLong`).
    "clippy::enum_variant_names",
    // Docs quote TL lines and names as the schema writes them.
    "clippy::doc_markdown",
];

/// The imports every module body starts with: the runtime traits whose methods it calls, and
/// `tri!`, the decoders' `?`.
fn prelude(code: &mut Code, runtime: &str) {
    code.line("#[allow(unused_imports)]");
    let imports = [
        "BareDeserialize as _",
        "BareSerialize as _",
        "Deserialize as _",
        "Serialize as _",
        "tri",
    ];
    code.list(&format!("use {runtime}::{{"), &imports, "};");
}

/// One file per module under `src/`: `src/lib.rs`, `src/types/mod.rs`, `src/types/auth.rs`...
pub fn crate_files(
    mut root: Module,
    runtime: &str,
    header: &str,
    crate_doc: &str,
) -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    let mut inner = Code::new(0);
    inner.inner_doc(crate_doc.lines());
    // One `allow` per lint: lines short enough that rustfmt keeps them as printed.
    for lint in ALLOWED_LINTS {
        inner.line(format_args!("#![allow({lint})]"));
    }
    // `lib.rs` holds only declarations, which rustfmt leaves as printed here; every module file is
    // `#[rustfmt::skip]`, so `cargo fmt` in a workspace holding the crate does not fight the
    // generator (and `tlgen generate --check` stays meaningful).
    let items = std::mem::take(&mut root.items);
    root.chunks.insert(
        "schema".to_owned(),
        Module {
            items,
            ..Module::default()
        },
    );
    push_module_files(
        &mut files,
        root,
        "src/lib.rs".to_owned(),
        &inner.into_string(),
        runtime,
        header,
    );
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn push_module_files(
    files: &mut Vec<GeneratedFile>,
    module: Module,
    path: String,
    inner: &str,
    runtime: &str,
    header: &str,
) {
    let dir = match path
        .strip_suffix("/mod.rs")
        .or_else(|| path.strip_suffix("/lib.rs"))
    {
        Some(dir) => dir.to_owned(),
        None => path.trim_end_matches(".rs").to_owned(),
    };
    let mut code = Code::new(0);
    code.line(header);
    code.push_str(inner);
    if !module.items.is_empty() {
        prelude(&mut code, runtime);
    }
    for (name, child) in module.children {
        let has_files = !child.children.is_empty() || !child.chunks.is_empty();
        let child_path = if has_files {
            format!("{dir}/{name}/mod.rs")
        } else {
            format!("{dir}/{name}.rs")
        };
        code.line("#[rustfmt::skip]");
        code.line(format_args!("pub mod {name};"));
        push_module_files(files, child, child_path, "", runtime, header);
    }
    for (name, chunk) in module.chunks {
        let chunk_path = format!("{dir}/{name}.rs");
        code.line("#[rustfmt::skip]");
        code.line(format_args!("mod {name};"));
        code.line(format_args!("pub use {name}::*;"));
        push_module_files(files, chunk, chunk_path, "", runtime, header);
    }
    push_items(&mut code, module.items);
    files.push(GeneratedFile {
        path,
        contents: code.into_string(),
    });
}

/// The module's items, a blank line between each and what comes before it.
fn push_items(code: &mut Code, items: Vec<String>) {
    for item in items {
        code.item();
        code.push_str(&item);
    }
}

/// Everything in one file of nested inline modules, for a build script's `include!`.
pub fn single_file(root: Module, runtime: &str, header: &str) -> String {
    let mut code = Code::new(0);
    code.line(header);
    let allow = format!("#[allow({})]", ALLOWED_LINTS.join(", "));
    inline_module(&mut code, root, runtime, &allow);
    code.into_string()
}

/// A module's body at the writer's indentation; `attribute` goes on each of its submodules.
fn inline_module(code: &mut Code, module: Module, runtime: &str, attribute: &str) {
    if !module.items.is_empty() {
        prelude(code, runtime);
    }
    for (name, child) in module.children {
        code.item();
        code.lines(attribute);
        code.open(format_args!("pub mod {name}"));
        inline_module(code, child, runtime, "");
        code.close();
    }
    for (name, chunk) in module.chunks {
        code.item();
        code.lines(attribute);
        code.open(format_args!("mod {name}"));
        inline_module(code, chunk, runtime, "");
        code.close();
        code.line(format_args!("pub use {name}::*;"));
    }
    push_items(code, module.items);
}
