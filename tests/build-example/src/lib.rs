//! Types for `schema/shop.tl`, generated at build time by `build.rs` with `tlgen_codegen::Config`.

/// The generated code: `types`, `enums`, `functions`, `Object`, `name_for_id`, `LAYER`.
pub mod shop {
    include!(concat!(env!("OUT_DIR"), "/tl.rs"));
}
