//! Items at the generated root: the layer constant.

use proc_macro2::TokenStream;
use quote::quote;

use super::common::doc;
use crate::ir::Ir;

pub fn items(ir: &Ir) -> TokenStream {
    let Some(layer) = ir.layer else {
        return TokenStream::new();
    };
    let docs = doc([
        "The schema layer this code was generated from (`// LAYER N` in the schema); send it in",
        "`invokeWithLayer`.",
    ]);
    let layer = proc_macro2::Literal::u32_unsuffixed(layer);
    quote! {
        #docs
        pub const LAYER: i32 = #layer;
    }
}
