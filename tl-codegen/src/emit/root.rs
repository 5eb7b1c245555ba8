//! Items at the generated root: the layer constant.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::Ir;

pub fn items(ir: &Ir) -> Vec<TokenStream> {
    let Some(layer) = ir.layer else {
        return Vec::new();
    };
    let layer = Literal::u32_unsuffixed(layer);
    vec![quote! {
        /// The schema layer this code was generated from (`// LAYER N` in the schema); send it in
        /// `invokeWithLayer`.
        pub const LAYER: i32 = #layer;
    }]
}
