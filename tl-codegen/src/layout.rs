//! Prints the module tree as files: tokens -> `syn::File` -> `prettyplease::unparse`, one file per
//! module in parallel (a crate's `src/` tree), or the modules nested in one file for `include!`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{self, Ctx, Item, Module, Options, doc, ident, inner_doc};
use crate::{Error, GeneratedFile};

/// Lints the generated code opts out of, with why.
const ALLOWED_LINTS: [&str; 2] = [
    // Variant names come from the schema (`InputPeer::Empty`, `Updates::UpdatesTooLong`).
    "clippy::enum_variant_names",
    // Docs quote TL lines and names as the schema writes them.
    "clippy::doc_markdown",
];

/// `clippy::a, clippy::b`: the lints as an attribute's arguments.
fn allowed_lints() -> TokenStream {
    ALLOWED_LINTS
        .join(", ")
        .parse()
        .expect("lint paths are tokens")
}

/// One file (or, for `include!`, one module's own items) to print, and what it declares.
struct Job<'m, 'i> {
    /// The file's path in a crate; the module's path (`types/auth`) in a single file.
    path: String,
    /// How many modules deep below the generated root.
    depth: usize,
    items: &'m [Item<'i>],
    /// What comes before the items.
    head: Head<'m, 'i>,
}

/// What a file starts with (described, not tokens: tokens cannot cross threads).
enum Head<'m, 'i> {
    Nothing,
    /// `lib.rs`: the crate's docs and lint levels, its modules, and the root's items' module.
    Lib {
        root: &'m Module<'i>,
        crate_doc: &'m str,
    },
    /// The declarations of a module's submodules in files of their own.
    Declarations(&'m Module<'i>),
    /// `prelude.rs`: the runtime's traits without their names.
    Prelude,
}

impl Head<'_, '_> {
    fn tokens(&self, ctx: &Ctx<'_>) -> TokenStream {
        match self {
            Head::Nothing => TokenStream::new(),
            Head::Lib { root, crate_doc } => {
                let crate_doc = inner_doc(crate_doc.lines());
                let prelude_doc = doc([
                    "The runtime's traits in scope: `use <this crate>::prelude::*;` makes `to_bytes`,",
                    "`from_bytes`, `CONSTRUCTOR_ID` and the rest callable, names `RemoteCall` (for",
                    "`<F as RemoteCall>::Return`), and leaves the names `Serialize` and `Deserialize`",
                    "to serde's derive macros.",
                ]);
                let lints = allowed_lints();
                let declarations = declarations(root);
                let rt = &ctx.rt;
                quote! {
                    #crate_doc
                    #![allow(#lints)]
                    #declarations
                    #[rustfmt::skip]
                    mod schema;
                    pub use schema::*;
                    #prelude_doc
                    #[rustfmt::skip]
                    pub mod prelude;
                    /// The runtime this crate's code calls: its traits, `Reader`, `Writer` and
                    /// `DecodeError`, so that depending on this crate alone is enough.
                    pub use #rt as runtime;
                }
            }
            Head::Declarations(module) => declarations(module),
            Head::Prelude => {
                let rt = &ctx.rt;
                quote! {
                    pub use #rt::{
                        BareDeserialize as _, BareSerialize as _, Constructor as _,
                        Deserialize as _, Identifiable as _, RemoteCall, Serialize as _,
                    };
                }
            }
        }
    }
}

/// One file per module under `src/`: `src/lib.rs`, `src/types/mod.rs`, `src/types/auth.rs`...
/// `lib.rs` holds only declarations; the root's items go to `src/schema.rs`.
pub fn crate_files(
    root: &Module<'_>,
    options: &Options,
    header: &str,
    crate_doc: &str,
) -> Result<Vec<GeneratedFile>, Error> {
    let mut jobs = vec![
        Job {
            path: "src/lib.rs".to_owned(),
            depth: 0,
            items: &[],
            head: Head::Lib { root, crate_doc },
        },
        Job {
            path: "src/schema.rs".to_owned(),
            depth: 1,
            items: &root.items,
            head: Head::Nothing,
        },
        Job {
            path: "src/prelude.rs".to_owned(),
            depth: 1,
            items: &[],
            head: Head::Prelude,
        },
    ];
    crate_jobs(root, "src", 0, &mut jobs);
    let texts = print_parallel(&jobs, |job| {
        let ctx = Ctx::new(options, job.depth);
        print(&job.head.tokens(&ctx), job.items, &ctx).map(|text| format!("{header}\n{text}"))
    })?;
    let mut files: Vec<GeneratedFile> = jobs
        .into_iter()
        .zip(texts)
        .map(|(job, contents)| GeneratedFile {
            path: job.path,
            contents,
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// `pub mod child;` and `mod chunk; pub use chunk::*;` for a module's submodules in files of
/// their own, each `#[rustfmt::skip]`: generated files are printed by prettyplease, whose layout
/// is close to rustfmt's but not the same, so that `cargo fmt` in a workspace holding the crate
/// leaves them as generated (and `tlgen generate --check` stays meaningful).
fn declarations(module: &Module<'_>) -> TokenStream {
    let children = module.children.keys().map(|name| ident(name));
    let chunks: Vec<_> = module.chunks.keys().map(|name| ident(name)).collect();
    quote! {
        #(#[rustfmt::skip] pub mod #children;)*
        #(#[rustfmt::skip] mod #chunks; pub use #chunks::*;)*
    }
}

/// A job for every submodule of `module` (at `dir`, `depth` deep), recursively.
fn crate_jobs<'m, 'i>(
    module: &'m Module<'i>,
    dir: &str,
    depth: usize,
    jobs: &mut Vec<Job<'m, 'i>>,
) {
    let submodules = module.children.iter().chain(&module.chunks);
    for (name, child) in submodules {
        let has_files = !child.children.is_empty() || !child.chunks.is_empty();
        let path = if has_files {
            format!("{dir}/{name}/mod.rs")
        } else {
            format!("{dir}/{name}.rs")
        };
        jobs.push(Job {
            path,
            depth: depth + 1,
            items: &child.items,
            head: Head::Declarations(child),
        });
        crate_jobs(child, &format!("{dir}/{name}"), depth + 1, jobs);
    }
}

/// Everything in one file of nested inline modules, for a build script's `include!`. Each
/// module's own items are printed in parallel, then nested in their modules' blocks.
pub fn single_file(root: &Module<'_>, options: &Options, header: &str) -> Result<String, Error> {
    let mut jobs = Vec::new();
    single_file_jobs(root, String::new(), 0, &mut jobs);
    let texts = print_parallel(&jobs, |job| {
        let ctx = Ctx::new(options, job.depth);
        print(&job.head.tokens(&ctx), job.items, &ctx)
    })?;
    let mut bodies: BTreeMap<String, String> =
        jobs.into_iter().map(|j| j.path).zip(texts).collect();
    let allow = format!("#[allow({})]", ALLOWED_LINTS.join(", "));
    let mut out = format!("{header}\n");
    nest(root, "", &allow, &mut bodies, &mut out);
    Ok(out)
}

fn single_file_jobs<'m, 'i>(
    module: &'m Module<'i>,
    path: String,
    depth: usize,
    jobs: &mut Vec<Job<'m, 'i>>,
) {
    for (name, child) in module.children.iter().chain(&module.chunks) {
        single_file_jobs(child, format!("{path}/{name}"), depth + 1, jobs);
    }
    jobs.push(Job {
        path,
        depth,
        items: &module.items,
        head: Head::Nothing,
    });
}

/// Appends the module at `path`: its own items, then each submodule's block, indented as
/// prettyplease indents a block (four spaces); top-level modules carry `attribute`.
fn nest(
    module: &Module<'_>,
    path: &str,
    attribute: &str,
    bodies: &mut BTreeMap<String, String>,
    out: &mut String,
) {
    let mut parts: Vec<String> = Vec::new();
    if let Some(body) = bodies.remove(path).filter(|b| !b.is_empty()) {
        parts.push(body);
    }
    let submodules = (module.children.iter().map(|(n, m)| (n, m, true)))
        .chain(module.chunks.iter().map(|(n, m)| (n, m, false)));
    for (name, child, public) in submodules {
        let mut block = String::new();
        if !attribute.is_empty() {
            block.push_str(attribute);
            block.push('\n');
        }
        block.push_str(if public { "pub mod " } else { "mod " });
        block.push_str(name);
        block.push_str(" {\n");
        let mut inner = String::new();
        nest(child, &format!("{path}/{name}"), "", bodies, &mut inner);
        for line in inner.lines() {
            if !line.is_empty() {
                block.push_str("    ");
                block.push_str(line);
            }
            block.push('\n');
        }
        block.push_str("}\n");
        if !public {
            block.push_str(&format!("pub use {name}::*;\n"));
        }
        parts.push(block);
    }
    out.push_str(&parts.join("\n"));
}

/// Prints `head`, then (if any) the runtime prelude and the items, as one file.
fn print(head: &TokenStream, items: &[Item<'_>], ctx: &Ctx<'_>) -> Result<String, Error> {
    let mut tokens = head.clone();
    if !items.is_empty() {
        tokens.extend(emit::prelude(ctx));
        for &item in items {
            tokens.extend(emit::item(ctx, item));
        }
    }
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::Config(format!("tlgen generated code that does not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}

/// `print` of every job, on as many threads as the machine has cores, in the jobs' order.
/// Tokens (`proc_macro2`) cannot cross threads, so each thread emits the files it prints.
fn print_parallel<J: Sync>(
    jobs: &[J],
    print: impl Fn(&J) -> Result<String, Error> + Sync,
) -> Result<Vec<String>, Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let mut texts: Vec<Option<Result<String, Error>>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        done.push((i, print(job)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            let done = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (i, text) in done {
                texts[i] = Some(text);
            }
        }
    });
    texts
        .into_iter()
        .map(|text| text.expect("every job is printed"))
        .collect()
}
