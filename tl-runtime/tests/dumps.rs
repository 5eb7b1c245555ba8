//! Every primitive entry of the documented byte dumps (`/work/shared/dumps/dumps.json`) against the
//! runtime's codecs, both ways. The JSON is read with a minimal parser below, so that the runtime
//! keeps no dev-dependency beyond proptest. A missing or unreadable file fails the test.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{check_codec, hex, unhex};
use tlgen_runtime::{Reader, vector};

/// A JSON value (numbers are kept as their text: the test only reads strings).
#[allow(
    dead_code,
    reason = "the payloads of scalars other than strings are only shown by Debug"
)]
#[derive(Debug)]
enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(map) => map.get(key),
            _ => None,
        }
    }

    fn str(&self, key: &str) -> &str {
        match self.get(key) {
            Some(Json::String(s)) => s,
            other => panic!("field {key:?} is not a string: {other:?}"),
        }
    }
}

/// A recursive-descent JSON parser, enough for dumps.json (panics on malformed input: it is test data).
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|b| b.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) {
        self.ws();
        assert_eq!(
            self.s.get(self.i),
            Some(&b),
            "expected {:?} at {}",
            b as char,
            self.i
        );
        self.i += 1;
    }

    fn value(&mut self) -> Json {
        self.ws();
        match self.s[self.i] {
            b'{' => {
                self.i += 1;
                let mut map = BTreeMap::new();
                self.ws();
                if self.s[self.i] == b'}' {
                    self.i += 1;
                    return Json::Object(map);
                }
                loop {
                    self.ws();
                    let key = self.string();
                    self.eat(b':');
                    map.insert(key, self.value());
                    self.ws();
                    self.i += 1;
                    match self.s[self.i - 1] {
                        b',' => continue,
                        b'}' => return Json::Object(map),
                        b => panic!("unexpected {:?} in object at {}", b as char, self.i),
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s[self.i] == b']' {
                    self.i += 1;
                    return Json::Array(items);
                }
                loop {
                    items.push(self.value());
                    self.ws();
                    self.i += 1;
                    match self.s[self.i - 1] {
                        b',' => continue,
                        b']' => return Json::Array(items),
                        b => panic!("unexpected {:?} in array at {}", b as char, self.i),
                    }
                }
            }
            b'"' => Json::String(self.string()),
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'n' => self.literal("null", Json::Null),
            _ => {
                let start = self.i;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|b| b"+-.eE0123456789".contains(b))
                {
                    self.i += 1;
                }
                assert!(self.i > start, "unexpected byte at {start}");
                Json::Number(String::from_utf8(self.s[start..self.i].to_vec()).unwrap())
            }
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Json {
        assert!(
            self.s[self.i..].starts_with(word.as_bytes()),
            "bad literal at {}",
            self.i
        );
        self.i += word.len();
        value
    }

    fn hex4(&mut self) -> u32 {
        let h = std::str::from_utf8(&self.s[self.i..self.i + 4]).unwrap();
        self.i += 4;
        u32::from_str_radix(h, 16).unwrap()
    }

    fn string(&mut self) -> String {
        self.eat(b'"');
        let mut out = Vec::new();
        loop {
            let b = self.s[self.i];
            self.i += 1;
            match b {
                b'"' => return String::from_utf8(out).expect("JSON string is UTF-8"),
                b'\\' => {
                    let e = self.s[self.i];
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4();
                            let code = if (0xd800..0xdc00).contains(&hi) {
                                self.i += 2; // `\u` of the low surrogate
                                let lo = self.hex4();
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(code).expect("valid escape")
                        }
                        _ => panic!("bad escape at {}", self.i),
                    };
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                _ => out.push(b),
            }
        }
    }
}

fn load_dumps() -> Vec<Json> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/dumps/dumps.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (the dumps must be there)",
            path.display()
        )
    });
    let mut parser = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    match parser.value() {
        Json::Array(entries) => entries,
        other => panic!("dumps.json is not an array: {other:?}"),
    }
}

/// `text` without one pair of enclosing parentheses, if it has them.
fn strip_parens(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(t)
}

/// An integer literal as the fixtures write it: `0i32`, `(-1i64)`, `0x7f_i32`, `i32::max_value()`.
fn int_literal(text: &str) -> i128 {
    let t = strip_parens(text);
    let limits: [(&str, i128, i128); 3] = [
        ("i32", i32::MIN.into(), i32::MAX.into()),
        ("u32", u32::MIN.into(), u32::MAX.into()),
        ("i64", i64::MIN.into(), i64::MAX.into()),
    ];
    for (ty, min, max) in limits {
        if t == format!("{ty}::max_value()") || t == format!("{ty}::MAX") {
            return max;
        }
        if t == format!("{ty}::min_value()") || t == format!("{ty}::MIN") {
            return min;
        }
    }
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let t = t
        .trim_end_matches("i32")
        .trim_end_matches("u32")
        .trim_end_matches("i64")
        .trim_end_matches("u8")
        .replace('_', "");
    let value = match t.strip_prefix("0x") {
        Some(h) => i128::from_str_radix(h, 16),
        None => t.parse(),
    }
    .unwrap_or_else(|e| panic!("unrecognized integer literal {text:?}: {e}"));
    if negative { -value } else { value }
}

fn double_literal(text: &str) -> f64 {
    let t = strip_parens(text);
    match t {
        "f64::INFINITY" => f64::INFINITY,
        "f64::NEG_INFINITY" => f64::NEG_INFINITY,
        _ => t
            .trim_end_matches("f64")
            .parse()
            .unwrap_or_else(|e| panic!("unrecognized double literal {text:?}: {e}")),
    }
}

/// The items of `Vec::<T>::new()`, `vec![a, b]` or `(&[a][..])`.
fn list_literal(text: &str) -> Vec<i128> {
    let t = text.trim();
    if t.starts_with("Vec::<") && t.ends_with(">::new()") {
        return Vec::new();
    }
    let inner = t
        .strip_prefix("vec![")
        .and_then(|s| s.strip_suffix(']'))
        .or_else(|| t.strip_prefix("(&[").and_then(|s| s.strip_suffix("][..])")))
        .unwrap_or_else(|| panic!("unrecognized list literal {text:?}"));
    inner
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(int_literal)
        .collect()
}

fn to_i32s(items: Vec<i128>) -> Vec<i32> {
    items
        .into_iter()
        .map(|v| i32::try_from(v).unwrap())
        .collect()
}

/// Checks one primitive entry; returns `Err` for a form this test does not know (which fails it).
fn check_entry(name: &str, tl_text: &str, query_hex: &str) -> Result<(), String> {
    let (kind, _) = name
        .split_once(": ")
        .ok_or(format!("no kind in {name:?}"))?;
    match kind {
        "Bool" => match tl_text {
            "true" => check_codec(&true, query_hex),
            "false" => check_codec(&false, query_hex),
            _ => return Err(format!("Bool {tl_text:?}")),
        },
        "int" => check_codec(&i32::try_from(int_literal(tl_text)).unwrap(), query_hex),
        "int (as u32)" => check_codec(&u32::try_from(int_literal(tl_text)).unwrap(), query_hex),
        "long" => check_codec(&i64::try_from(int_literal(tl_text)).unwrap(), query_hex),
        "double" => check_codec(&double_literal(tl_text), query_hex),
        "Vector<int>" => check_codec(&to_i32s(list_literal(tl_text)), query_hex),
        "vector<int> (bare)" => {
            let inner = tl_text
                .strip_prefix("RawVec(")
                .and_then(|s| s.strip_suffix(')'))
                .ok_or(format!("bare vector {tl_text:?}"))?;
            let items = to_i32s(list_literal(inner));
            let mut out = Vec::new();
            vector::serialize_bare(&items, &mut out);
            assert_eq!(hex(&out), query_hex, "bare vector {items:?}");
            assert_eq!(vector::bare_len(&items), out.len());
            let bytes = unhex(query_hex);
            let mut r = Reader::new(&bytes);
            assert_eq!(vector::deserialize_bare::<i32>(&mut r).unwrap(), items);
            r.finish().unwrap();
        }
        "bytes" => {
            let items: Vec<u8> = list_literal(tl_text)
                .into_iter()
                .map(|v| u8::try_from(v).unwrap())
                .collect();
            check_codec(&items, query_hex);
        }
        "string" => {
            let s = tl_text
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .filter(|s| !s.contains('\\'))
                .ok_or(format!("string {tl_text:?}"))?;
            check_codec(&s.to_owned(), query_hex);
        }
        _ => return Err(format!("unknown primitive kind {kind:?}")),
    }
    Ok(())
}

#[test]
fn every_primitive_dump_matches() {
    let mut checked = 0;
    for entry in load_dumps() {
        if !entry.str("category").contains("primitive") {
            continue;
        }
        let name = entry.str("name");
        check_entry(name, entry.str("tl_text"), entry.str("query_hex"))
            .unwrap_or_else(|e| panic!("entry {name:?}: {e}"));
        checked += 1;
    }
    // The file held 34 primitive entries when this test was written; fewer means it was mangled.
    assert!(checked >= 34, "only {checked} primitive entries found");
}

#[test]
fn literal_parsers() {
    assert_eq!(int_literal("(-1i32)"), -1);
    assert_eq!(int_literal("0x7f_i32"), 127);
    assert_eq!(int_literal("u32::max_value()"), u32::MAX.into());
    assert_eq!(double_literal("(-1.5f64)"), -1.5);
    assert_eq!(list_literal("(&[0x7f_u8][..])"), vec![127]);
    assert_eq!(list_literal("Vec::<i32>::new()"), Vec::<i128>::new());
}
