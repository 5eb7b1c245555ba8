//! Lays a module tree out as files: a crate's `src/` tree, or one file for `include!`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{Module, ident};
use crate::format::format_file;
use crate::{Error, GeneratedFile};

/// Lints the generated code opts out of, with why.
fn allowed_lints() -> Vec<TokenStream> {
    vec![
        // Variant names come from the schema (`InputPeer::Empty`, `Updates::UpdatesTooLong`).
        quote!(clippy::enum_variant_names),
        // Docs quote TL lines and names as the schema writes them.
        quote!(clippy::doc_markdown),
    ]
}

/// The imports every module body starts with: the runtime traits whose methods it calls.
fn prelude(runtime: &TokenStream) -> TokenStream {
    quote! {
        #[allow(unused_imports)]
        use #runtime::{BareDeserialize as _, BareSerialize as _, Deserialize as _, Serialize as _};
    }
}

/// One file per module under `src/`: `src/lib.rs`, `src/types/mod.rs`, `src/types/auth.rs`...
pub fn crate_files(
    mut root: Module,
    runtime: &TokenStream,
    header: &str,
    crate_doc: &str,
) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    // One `allow` per lint: lines short enough that rustfmt keeps them as printed.
    let lints = allowed_lints();
    let inner = quote! {
        #![doc = #crate_doc]
        #(#![allow(#lints)])*
    };
    // `lib.rs` holds only declarations, which rustfmt leaves as prettyplease prints them; every
    // module file is `#[rustfmt::skip]`, so `cargo fmt` in a workspace holding the crate does not
    // fight the generator (and `tlgen generate --check` stays meaningful).
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
        inner,
        runtime,
        header,
    )?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn push_module_files(
    files: &mut Vec<GeneratedFile>,
    module: Module,
    path: String,
    inner: TokenStream,
    runtime: &TokenStream,
    header: &str,
) -> Result<(), Error> {
    let dir = match path
        .strip_suffix("/mod.rs")
        .or_else(|| path.strip_suffix("/lib.rs"))
    {
        Some(dir) => dir.to_owned(),
        None => path.trim_end_matches(".rs").to_owned(),
    };
    let prelude = if module.items.is_empty() {
        quote!()
    } else {
        prelude(runtime)
    };
    let mut declarations = Vec::new();
    for (name, child) in module.children {
        let has_files = !child.children.is_empty() || !child.chunks.is_empty();
        let child_path = if has_files {
            format!("{dir}/{name}/mod.rs")
        } else {
            format!("{dir}/{name}.rs")
        };
        let name = ident(&name);
        declarations.push(quote!(#[rustfmt::skip] pub mod #name;));
        push_module_files(files, child, child_path, quote!(), runtime, header)?;
    }
    for (name, chunk) in module.chunks {
        let chunk_path = format!("{dir}/{name}.rs");
        let name = ident(&name);
        declarations.push(quote!(#[rustfmt::skip] mod #name; pub use #name::*;));
        push_module_files(files, chunk, chunk_path, quote!(), runtime, header)?;
    }
    let items = module.items;
    let tokens = quote! {
        #inner
        #prelude
        #(#declarations)*
        #(#items)*
    };
    files.push(GeneratedFile {
        path,
        contents: format_file(tokens, header)?,
    });
    Ok(())
}

/// Everything in one file of nested inline modules, for a build script's `include!`.
pub fn single_file(root: Module, runtime: &TokenStream, header: &str) -> Result<String, Error> {
    let lints = allowed_lints();
    let body = inline_module(root, runtime, &quote!(#[allow(#(#lints),*)]));
    format_file(body, header)
}

fn inline_module(module: Module, runtime: &TokenStream, attrs: &TokenStream) -> TokenStream {
    let prelude = if module.items.is_empty() {
        quote!()
    } else {
        prelude(runtime)
    };
    let children = module.children.into_iter().map(|(name, child)| {
        let name = ident(&name);
        let body = inline_module(child, runtime, &quote!());
        quote!(#attrs pub mod #name { #body })
    });
    let chunks = module.chunks.into_iter().map(|(name, chunk)| {
        let name = ident(&name);
        let body = inline_module(chunk, runtime, &quote!());
        quote!(#attrs mod #name { #body } pub use #name::*;)
    });
    let items = module.items;
    quote! {
        #prelude
        #(#children)*
        #(#chunks)*
        #(#items)*
    }
}
