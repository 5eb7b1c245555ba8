//! Items at the generated root: the layer constant.

use super::Code;
use crate::ir::Ir;

pub fn items(ir: &Ir, code: &mut Code) {
    let Some(layer) = ir.layer else {
        return;
    };
    code.item();
    code.doc([
        "The schema layer this code was generated from (`// LAYER N` in the schema); send it in",
        "`invokeWithLayer`.",
    ]);
    code.line(format_args!("pub const LAYER: i32 = {layer};"));
}
