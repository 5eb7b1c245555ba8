//! `RemoteCall` for function structs: what each call returns; generic calls return their inner call's.

use super::structs::{bounded_generics, generics};
use super::{Code, Ctx};
use crate::ir::{Combinator, ResultKind, Ty};

pub fn remote_call(ctx: &Ctx<'_>, c: &Combinator, code: &mut Code) {
    let ResultKind::Function { returns } = &c.result else {
        return;
    };
    let rt = ctx.rt();
    let impl_generics = bounded_generics(c, &format!("{rt}::RemoteCall"));
    let generics = generics(c);
    let returns = match returns {
        Ty::Generic(x) => format!("{x}::Return"),
        other => ctx.ty(other),
    };
    code.item();
    code.open_impl(
        &format!("impl{impl_generics} {rt}::RemoteCall"),
        &format!("{}{generics}", c.path.name),
    );
    code.line(format_args!("type Return = {returns};"));
    code.close();
}
