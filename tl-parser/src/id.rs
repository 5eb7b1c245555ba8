//! Constructor ids: the CRC32 of the normalized definition, and the check of declared ids against it.
//!
//! Normalization (as Telegram and TDLib compute ids): drop the `#id`, the `flags.N?true` parameters,
//! `{`/`}` (keeping `X:Type`), `<`/`>` (arguments become space-separated) and parentheses; single
//! spaces; no `;`. So `vector#1cb5c415 {t:Type} # [ t ] = Vector t;` hashes
//! `vector t:Type # [ t ] = Vector t`.
//!
//! The `bytes` rule differs between schema families. Telegram's ids count a `bytes` parameter as
//! `string` (they share a wire format, and `bytes` was introduced after the ids were fixed). A schema
//! that declares `bytes` as a type of its own (TON's `bytes data:string = Bytes;`, TDLib's
//! `bytes = Bytes;`) keeps `bytes`. A declared id matching either form is accepted.

use crate::ast::{Definition, DefinitionKind, ParamKind, Schema, TypeExpr};
use crate::diagnostic::{Diagnostic, SourceFile};

/// Declared ids that are known not to be the CRC32 of their line under either `bytes` form, and are
/// right nonetheless (Telegram's servers and clients use them). Matched by full name and declared id,
/// so an entry stops applying as soon as the line's id changes.
///
/// Found by `tlgen check --ids schema/api.tl schema/mtproto.tl` and pinned by the test
/// `declared_ids_match_save_the_allow_list` in `tests/schema_files.rs`. Both are mtproto.tl's
/// "simple config" types (the fallback config a client fetches when it cannot reach Telegram):
/// their ids match no normalization of their line (`vector`/`Vector`, `bytes`/`string` tried); they
/// were computed by Telegram from an earlier text, as the commented-out older
/// `help.configSimple#d997c3c5` line in mtproto.tl shows the type was reworked.
///
/// Not listed although often named as exceptions: `ipPortSecret#37982646`, which is the CRC32 of its
/// line with `bytes` kept (`secret:bytes`), and so is verified by the either-form rule.
pub const KNOWN_ID_EXCEPTIONS: &[(&str, u32, &str)] = &[
    (
        "accessPointRule",
        0x4679_b65f,
        "mtproto.tl simple-config type; id from an earlier text of the line",
    ),
    (
        "help.configSimple",
        0x5a59_2a6c,
        "mtproto.tl simple-config type; id from an earlier text of the line",
    ),
];

/// Which of two definitions that share a wire id owns it (decodes by it, is named by it): the one
/// whose own line hashes to the id (TDLib's `invokeWithBusinessConnection#dd289f8e`, and not
/// `invokeWithBusinessConnectionPrefix#dd289f8e`, which borrows the id to write a call's prefix);
/// where both or neither do, the first in file order. `first` comes before `later`.
pub fn owns_shared_id(first: &Definition<'_>, later: &Definition<'_>) -> bool {
    let id = first.id();
    !(later.computed_id == id && first.computed_id != id)
}

/// Every wire id that definitions of different names share, with the one that owns it (see
/// [`owns_shared_id`]), sorted by id. Validation warns about each; a generated registry, which
/// maps an id to one definition, lists the owner. Built-in primitives (`int ? = Int;`) have no
/// wire id and are left out, and so are repeats of one name (an identical built-in line in two
/// files, such as `vector`).
pub fn shared_id_owners<'s, 'a>(schemas: &'s [Schema<'a>]) -> Vec<(u32, &'s Definition<'a>)> {
    let mut owners: std::collections::HashMap<u32, (&'s Definition<'a>, bool)> =
        std::collections::HashMap::new();
    let wired = schemas
        .iter()
        .flat_map(|s| &s.definitions)
        .filter(|d| d.kind != DefinitionKind::BuiltinPrimitive);
    for def in wired {
        owners
            .entry(def.id())
            .and_modify(|(owner, shared)| {
                if !same_name(owner, def) {
                    *shared = true;
                    if !owns_shared_id(owner, def) {
                        *owner = def;
                    }
                }
            })
            .or_insert((def, false));
    }
    let mut shared: Vec<(u32, &Definition<'a>)> = owners
        .into_iter()
        .filter(|(_, (_, shared))| *shared)
        .map(|(id, (owner, _))| (id, owner))
        .collect();
    shared.sort_unstable_by_key(|(id, _)| *id);
    shared
}

/// Whether two definitions have one full name and category (a repeated built-in line).
fn same_name(a: &Definition<'_>, b: &Definition<'_>) -> bool {
    a.category == b.category && a.name.namespace == b.name.namespace && a.name.name == b.name.name
}

/// Whether `(name, declared id)` is on [`KNOWN_ID_EXCEPTIONS`].
pub fn is_known_exception(full_name: &str, declared: u32) -> bool {
    KNOWN_ID_EXCEPTIONS
        .iter()
        .any(|&(n, id, _)| n == full_name && id == declared)
}

/// The normalized text of `def` whose CRC32 is its id. `keep_bytes` keeps `bytes` parameter types
/// as they are; otherwise they count as `string` (Telegram's rule).
pub fn normalized(def: &Definition<'_>, keep_bytes: bool) -> String {
    let mut out = String::new();
    write_normalized(def, keep_bytes, &mut out);
    out
}

/// The CRC32 of [`normalized`]`(def, keep_bytes)`.
pub fn compute_id(def: &Definition<'_>, keep_bytes: bool) -> u32 {
    let mut buf = String::new();
    compute_id_with(def, keep_bytes, &mut buf)
}

/// [`compute_id`] reusing `buf` as scratch space (no allocation once it is large enough).
pub(crate) fn compute_id_with(def: &Definition<'_>, keep_bytes: bool, buf: &mut String) -> u32 {
    buf.clear();
    write_normalized(def, keep_bytes, buf);
    crc32fast::hash(buf.as_bytes())
}

/// Whether the schema declares `bytes` as a type of its own (a definition whose result is `Bytes`),
/// in which case its ids keep `bytes` parameters as written.
pub fn declares_bytes(definitions: &[Definition<'_>]) -> bool {
    definitions
        .iter()
        .any(|d| d.result.name.namespace.is_none() && d.result.name.name == "Bytes")
}

fn write_normalized(def: &Definition<'_>, keep_bytes: bool, out: &mut String) {
    write_name(def.name.namespace, def.name.name, out);
    for g in &def.generics {
        out.push(' ');
        out.push_str(g.name);
        out.push(':');
        out.push_str(g.ty);
    }
    if def.kind == DefinitionKind::BuiltinPrimitive {
        out.push_str(" ?");
    }
    for p in &def.params {
        if let ParamKind::Field { ty, flag: Some(_) } = &p.kind
            && is_true(ty)
        {
            continue;
        }
        out.push(' ');
        if let Some(name) = p.name {
            out.push_str(name);
            out.push(':');
        }
        match &p.kind {
            ParamKind::Nat => out.push('#'),
            ParamKind::Field { ty, flag } => {
                if let Some(f) = flag {
                    out.push_str(f.field);
                    out.push('.');
                    push_number(f.bit, out);
                    out.push('?');
                }
                write_type(ty, !keep_bytes, out);
            }
            ParamKind::Repeat { count, items } => {
                if let Some(n) = count {
                    push_number(*n, out);
                    out.push('*');
                }
                out.push('[');
                for t in items {
                    out.push(' ');
                    write_type(t, !keep_bytes, out);
                }
                out.push_str(" ]");
            }
        }
    }
    out.push_str(" = ");
    write_type(&def.result, false, out);
}

fn write_name(namespace: Option<&str>, name: &str, out: &mut String) {
    if let Some(ns) = namespace {
        out.push_str(ns);
        out.push('.');
    }
    out.push_str(name);
}

/// Appends a decimal number without going through `fmt` (this runs for every flag of every line).
fn push_number(n: u32, out: &mut String) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

fn is_true(ty: &TypeExpr<'_>) -> bool {
    ty.name.namespace.is_none() && ty.name.name == "true" && !ty.percent && ty.args.is_empty()
}

fn write_type(ty: &TypeExpr<'_>, bytes_as_string: bool, out: &mut String) {
    if ty.bang {
        out.push('!');
    }
    if ty.percent {
        out.push('%');
    }
    if bytes_as_string && ty.name.namespace.is_none() && ty.name.name == "bytes" {
        out.push_str("string");
    } else {
        write_name(ty.name.namespace, ty.name.name, out);
    }
    // Telegram's rule reaches only the parameter's own type: `parts:Vector<bytes>` keeps `bytes`
    // (api.tl's wallet.enableBackup#4500c525 proves it).
    for a in &ty.args {
        out.push(' ');
        write_type(a, false, out);
    }
}

fn mentions_bytes(def: &Definition<'_>) -> bool {
    fn ty_has(t: &TypeExpr<'_>) -> bool {
        t.name.namespace.is_none() && t.name.name == "bytes"
    }
    def.params.iter().any(|p| match &p.kind {
        ParamKind::Nat => false,
        ParamKind::Field { ty, .. } => ty_has(ty),
        ParamKind::Repeat { items, .. } => items.iter().any(ty_has),
    })
}

/// The id of a definition just parsed, under Telegram's rule (`bytes` counts as `string`), for
/// [`assign_ids`] to settle once the whole file is known. The file parser computes it right after
/// each definition, while its parameters are still in cache: a separate pass over the finished
/// tree (megabytes for api.tl) missed the cache on nearly every parameter.
pub(crate) fn provisional_id(def: &Definition<'_>, buf: &mut String) -> u32 {
    compute_id_with(def, false, buf)
}

/// Settles every definition's id from its [`provisional_id`] and warns about declared ids that
/// match neither form. Where the declared id matches the other `bytes` form, that form is stored
/// as `computed_id`.
pub(crate) fn assign_ids(
    schema: &mut Schema<'_>,
    file: &SourceFile<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let keep_bytes = declares_bytes(&schema.definitions);
    let mut buf = String::with_capacity(256);
    let (mut warned, mut unreported) = (0, 0);
    for def in &mut schema.definitions {
        // Both forms agree unless the definition mentions `bytes`.
        let mut id = def.computed_id;
        if keep_bytes && mentions_bytes(def) {
            id = compute_id_with(def, keep_bytes, &mut buf);
        }
        let Some(declared) = def.declared_id else {
            def.computed_id = id;
            continue;
        };
        if declared.value != id && mentions_bytes(def) {
            let other = compute_id_with(def, !keep_bytes, &mut buf);
            if other == declared.value {
                id = other;
            }
        }
        def.computed_id = id;
        if declared.value != id && !is_known_exception(&def.name.to_string(), declared.value) {
            // Capped as errors are: a warning per line of a hostile file would cost far more
            // memory and time than the line itself.
            if warned == crate::MAX_ERRORS {
                unreported += 1;
                continue;
            }
            warned += 1;
            buf.clear();
            write_normalized(def, keep_bytes, &mut buf);
            out.push(
                file.warning(
                    declared.span,
                    format!(
                        "declared id #{:08x} of `{}` differs from the computed id #{id:08x}",
                        declared.value, def.name
                    ),
                    format!("the declared id #{:08x} is used", declared.value),
                )
                .with_note(format!("computed as the CRC32 of `{buf}`")),
            );
        }
    }
    if unreported > 0
        && let Some(last) = out.last_mut()
    {
        last.notes.push(format!(
            "{unreported} more declared ids of {} differ from the computed ones (the first {} are reported)",
            file.name,
            crate::MAX_ERRORS
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Category;

    fn def(s: &str) -> Definition<'_> {
        crate::definition::definition(s, Category::Type, s)
            .unwrap()
            .1
    }

    fn id(s: &str) -> u32 {
        compute_id(&def(s), false)
    }

    #[test]
    fn pinned_ids() {
        assert_eq!(id("boolTrue = Bool;"), 0x997275b5);
        assert_eq!(id("boolTrue#997275b5 = Bool;"), 0x997275b5);
        assert_eq!(id("vector {t:Type} # [ t ] = Vector t;"), 0x1cb5c415);
        assert_eq!(id("error code:int32 message:string = Error;"), 0x9bdd8f1a);
        assert_eq!(
            id(
                "inputMediaUploadedPhoto#7d8375da flags:# spoiler:flags.2?true live_photo:flags.3?true file:InputFile stickers:flags.0?Vector<InputDocument> ttl_seconds:flags.1?int video:flags.3?InputDocument = InputMedia;"
            ),
            0x7d8375da
        );
        assert_eq!(
            id("invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;"),
            0xda9b0d0d
        );
    }

    #[test]
    fn bytes_counts_as_string_in_telegram_schemas() {
        // mtproto.tl's resPQ declares `pq:bytes`; its id was computed over `pq:string`.
        let d = def(
            "resPQ#05162463 nonce:int128 server_nonce:int128 pq:bytes server_public_key_fingerprints:Vector<long> = ResPQ;",
        );
        assert_eq!(compute_id(&d, false), 0x05162463);
        assert_ne!(compute_id(&d, true), 0x05162463);
        assert_eq!(
            normalized(&d, false),
            "resPQ nonce:int128 server_nonce:int128 pq:string server_public_key_fingerprints:Vector long = ResPQ"
        );
    }

    #[test]
    fn bytes_is_kept_where_the_schema_declares_it() {
        let d = def("minithumbnail width:int32 height:int32 data:bytes = Minithumbnail;");
        assert_eq!(compute_id(&d, true), 0xec6addaa);
        let d = def("adnl.message.query query_id:int256 query:bytes = adnl.Message;");
        assert_eq!(compute_id(&d, true), 0xb48bf97a);
        let defs = [def("bytes = Bytes;"), def("x = X;")];
        assert!(declares_bytes(&defs));
        assert!(!declares_bytes(&defs[1..]));
    }

    #[test]
    fn normalization() {
        assert_eq!(
            normalized(&def("getUsers#2d84d5f5 (Vector int) = Vector User;"), false),
            "getUsers Vector int = Vector User"
        );
        assert_eq!(normalized(&def("int ? = Int;"), false), "int ? = Int");
        assert_eq!(
            normalized(&def("int128 4*[ int ] = Int128;"), false),
            "int128 4*[ int ] = Int128"
        );
        assert_eq!(
            normalized(
                &def("x flags:# a:flags.0?true b:flags.1?Vector<%Y> = X;"),
                false
            ),
            "x flags:# b:flags.1?Vector %Y = X"
        );
    }

    #[test]
    fn old_schema_lines_from_the_dumps() {
        for (line, want) in [
            (
                "resPQ#05162463 nonce:int128 server_nonce:int128 pq:string server_public_key_fingerprints:Vector long = ResPQ;",
                0x05162463,
            ),
            ("getUsers#2d84d5f5 (Vector int) = Vector User;", 0x2d84d5f5),
            (
                "user#d23c81a3 id:int first_name:string last_name:string = User;",
                0xd23c81a3,
            ),
            ("no_user#c67599d1 id:int = User;", 0xc67599d1),
            (
                "auth.sendCall#03c51564 phone_number:string phone_code_hash:string = Bool;",
                0x03c51564,
            ),
            (
                "gzip_packed#3072cfa1 packed_data:bytes = Object;",
                0x3072cfa1,
            ),
            (
                "rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;",
                0xf35c6d01,
            ),
        ] {
            assert_eq!(id(line), want, "{line}");
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 31, 1000, u32::MAX] {
            let mut s = String::new();
            push_number(n, &mut s);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn exceptions_match_name_and_id() {
        assert!(is_known_exception("accessPointRule", 0x4679b65f));
        assert!(!is_known_exception("accessPointRule", 0x4679b65e));
        assert!(!is_known_exception("ipPortSecret", 0x37982646));
    }
}
