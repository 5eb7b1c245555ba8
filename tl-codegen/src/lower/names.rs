//! Rust names for TL names: `PascalCase` types, `snake_case` fields and modules, keywords escaped.

/// Words Rust reserves. Most can be written raw (`r#type`); [`NOT_RAW`] ones cannot.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// `auth.sentCode` -> `SentCode`, `p_q_inner_data` -> `PQInnerData`, `server_DH_params_ok` -> `ServerDhParamsOk`.
pub fn pascal_case(tl_name: &str) -> String {
    let mut out = String::with_capacity(tl_name.len());
    for word in words(tl_name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// A TL namespace as one module name: `lite_server.nonfinal` -> `lite_server_nonfinal`.
pub fn module_name(namespace: &str) -> String {
    escape(
        namespace
            .split('.')
            .map(|part| snake_case(part).trim_start_matches("r#").to_owned())
            .collect::<Vec<_>>()
            .join("_"),
    )
}

/// `srp_B` -> `srp_b`, `firstName` -> `first_name`; keywords escaped (`r#type`, `self_`).
pub fn snake_case(tl_name: &str) -> String {
    let joined = words(tl_name)
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    escape(joined)
}

/// The local a flags word (`flags:#`) is held in by generated encoders and decoders: its
/// snake_case name, unless that is a keyword (`type`) or one of the names generated code binds
/// itself (`prefix`, `out`, `r`, `v`, `g`), which it would shadow (a flags word named `prefix`
/// would be written where the constructor id goes): then `_word` is added (`type_word`), so that
/// `{local}_at`, its slot, is a plain snake_case name too. `taken` are the other parameters'
/// names, which it must not equal either.
pub fn flags_local(tl_name: &str, taken: &[String]) -> String {
    let snake = snake_case(tl_name);
    let mut local = snake
        .trim_start_matches("r#")
        .trim_end_matches('_')
        .to_owned();
    if KEYWORDS.contains(&local.as_str()) || GENERATED_LOCALS.contains(&local.as_str()) {
        local.push_str("_word");
    }
    while taken.contains(&local) {
        local.push_str("_word");
    }
    local
}

/// The local a decoder reads a field into: its own name, unless that would shadow the reader `r`.
pub fn decode_local(field: &str) -> String {
    if field == "r" {
        "r_".to_owned()
    } else {
        field.to_owned()
    }
}

/// The names generated encoders and decoders bind besides fields and flags words.
const GENERATED_LOCALS: &[&str] = &["prefix", "out", "r", "v", "g"];

/// Makes `name` a valid Rust identifier: characters outside `[A-Za-z0-9_]` become `_`, a leading
/// digit or a lone `_` gets a `_` prefix / suffix, and keywords are escaped (`r#type`, `self_`).
pub fn escape(name: String) -> String {
    let mut name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.chars().all(|c| c == '_') {
        name.push_str("_unnamed");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Splits a TL identifier into words at underscores, lowercase-to-uppercase steps, and the last
/// capital of an acronym run (`DHParams` -> `DH`, `Params`), so that `DH` and `Dh` spell the same.
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split('_')
        .flat_map(split_camel)
        .filter(|w| !w.is_empty())
}

fn split_camel(part: &str) -> Vec<&str> {
    let bytes = part.as_bytes();
    let mut words = Vec::new();
    let mut start = 0;
    for i in 1..bytes.len() {
        let (prev, cur) = (bytes[i - 1], bytes[i]);
        let next_is_lower = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        let lower_to_upper =
            (prev.is_ascii_lowercase() || prev.is_ascii_digit()) && cur.is_ascii_uppercase();
        let acronym_end = prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && next_is_lower;
        if lower_to_upper || acronym_end {
            words.push(&part[start..i]);
            start = i;
        }
    }
    words.push(&part[start..]);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_of_tl_names() {
        assert_eq!(pascal_case("sentCode"), "SentCode");
        assert_eq!(pascal_case("p_q_inner_data"), "PQInnerData");
        assert_eq!(pascal_case("server_DH_params_ok"), "ServerDhParamsOk");
        assert_eq!(pascal_case("inputPeerEmpty"), "InputPeerEmpty");
        assert_eq!(pascal_case("JSONValue"), "JsonValue");
        assert_eq!(
            pascal_case("messageActionGeoProximityReached"),
            "MessageActionGeoProximityReached"
        );
        assert_eq!(pascal_case("int128"), "Int128");
        assert_eq!(
            pascal_case("inputMediaUploadedDocument"),
            "InputMediaUploadedDocument"
        );
    }

    #[test]
    fn flags_locals_shadow_nothing() {
        let fields = ["prefix_word".to_owned(), "id".to_owned()];
        assert_eq!(flags_local("flags", &fields), "flags");
        assert_eq!(flags_local("flags2", &fields), "flags2");
        assert_eq!(flags_local("type", &fields), "type_word");
        assert_eq!(flags_local("self", &fields), "self_word");
        assert_eq!(flags_local("out", &fields), "out_word");
        assert_eq!(flags_local("prefix", &fields), "prefix_word_word");
        assert_eq!(flags_local("id", &fields), "id_word");
    }

    #[test]
    fn snake_case_of_tl_names() {
        assert_eq!(snake_case("srp_B"), "srp_b");
        assert_eq!(snake_case("g_a"), "g_a");
        assert_eq!(snake_case("firstName"), "first_name");
        assert_eq!(snake_case("type"), "r#type");
        assert_eq!(snake_case("self"), "self_");
        assert_eq!(snake_case("final"), "r#final");
        assert_eq!(snake_case("bytes"), "bytes");
        assert_eq!(snake_case("server_DH_inner_data"), "server_dh_inner_data");
        assert_eq!(module_name("lite_server.nonfinal"), "lite_server_nonfinal");
        assert_eq!(module_name("type"), "r#type");
    }

    #[test]
    fn every_name_becomes_a_valid_identifier() {
        assert_eq!(escape("2fa".to_owned()), "_2fa");
        assert_eq!(escape("_".to_owned()), "__unnamed");
        assert_eq!(escape("a-b".to_owned()), "a_b");
        assert_eq!(pascal_case("2fa"), "2fa");
    }
}
