//! Doc comments: TDLib's `//@key value` tags with `//-` continuation lines, and plain `//` comment
//! lines, collected while scanning and attached to the definition that follows them.
//!
//! A blank line ends a doc block. A block holding `@class Name` documents a boxed type rather than
//! the next definition and becomes a [`TypeDoc`].

use std::borrow::Cow;
use std::collections::HashMap;

use crate::ast::{Definition, DocText, Span, TypeDoc};

/// One piece of doc text as written on one line.
#[derive(Debug, Clone, Copy)]
struct Piece<'a> {
    text: &'a str,
    span: Span,
}

#[derive(Debug)]
struct Tag<'a> {
    key: &'a str,
    /// Where `@key` was written.
    key_span: Span,
    first: Piece<'a>,
    /// `//-` continuation lines (rare, so the `Vec` rarely allocates).
    more: Vec<Piece<'a>>,
}

impl<'a> Tag<'a> {
    fn text(&self) -> DocText<'a> {
        join(self.first, &self.more, " ")
    }
}

fn join<'a>(first: Piece<'a>, more: &[Piece<'a>], sep: &str) -> DocText<'a> {
    let Some(last) = more.last() else {
        return DocText {
            text: Cow::Borrowed(first.text),
            span: first.span,
        };
    };
    let mut text = String::from(first.text);
    for p in more {
        if !text.is_empty() && !p.text.is_empty() {
            text.push_str(sep);
        }
        text.push_str(p.text);
    }
    DocText {
        text: Cow::Owned(text),
        span: Span::new(first.span.start, last.span.end),
    }
}

/// Doc comments seen since the last definition or blank line.
#[derive(Debug, Default)]
pub(crate) struct PendingDoc<'a> {
    plain: Vec<Piece<'a>>,
    tags: Vec<Tag<'a>>,
    /// Index in `tags` of the first `@class` tag, kept as tags arrive: the file parser asks
    /// [`PendingDoc::is_class_block`] on every doc line, and a scan there would be quadratic.
    class: Option<usize>,
}

/// The byte offset of `sub`, a slice of `base`, within `base`.
fn offset_in(base: &str, sub: &str) -> usize {
    (sub.as_ptr() as usize).saturating_sub(base.as_ptr() as usize)
}

/// The piece of `text` (a slice of `base`), trimmed, with its span.
fn piece<'a>(base: &str, text: &'a str) -> Piece<'a> {
    let t = text.trim();
    let start = offset_in(base, t);
    Piece {
        text: t,
        span: Span::new(start, start + t.len()),
    }
}

impl<'a> PendingDoc<'a> {
    pub(crate) fn clear(&mut self) {
        self.plain.clear();
        self.tags.clear();
        self.class = None;
    }

    /// A plain comment line; `body` is what follows `//` (a suffix of `base` up to the line end).
    pub(crate) fn push_plain(&mut self, base: &'a str, body: &'a str) {
        // Decorations such as `/////` or `/// Title` carry no text of their own in the slashes.
        let p = piece(base, body.trim_start_matches('/'));
        if !p.text.is_empty() {
            self.plain.push(p);
        }
    }

    /// A `//@key value @key2 value2` line; `body` is what follows `//` and starts with `@`.
    pub(crate) fn push_tags(&mut self, base: &'a str, body: &'a str) {
        self.push_text(base, body);
    }

    /// A `//-text` continuation line; `text` is what follows `//-`. Its text up to the first tag
    /// continues the last tag; tags on it start new ones, as on a `//@` line (TDLib writes
    /// `//-...confirmation @password Password of the current user`).
    pub(crate) fn push_continuation(&mut self, base: &'a str, text: &'a str) {
        self.push_text(base, text);
    }

    /// Splits `text` into tags. A tag starts at an `@` that begins the text or follows whitespace
    /// and precedes a letter, so that `a@b` inside a description is kept as text. Text before the
    /// first tag continues the last tag (or, with none, is a plain comment line).
    fn push_text(&mut self, base: &'a str, text: &'a str) {
        let bytes = text.as_bytes();
        let is_tag_at = |i: usize| {
            bytes[i] == b'@'
                && (i == 0 || bytes[i - 1].is_ascii_whitespace())
                && bytes
                    .get(i + 1)
                    .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        };
        let mut starts = (0..bytes.len()).filter(|&i| is_tag_at(i)).peekable();
        let first = starts.peek().copied().unwrap_or(bytes.len());
        let lead = piece(base, &text[..first]);
        if !lead.text.is_empty() {
            match self.tags.last_mut() {
                Some(tag) => tag.more.push(lead),
                None => self.plain.push(lead),
            }
        }
        while let Some(at) = starts.next() {
            let end = starts.peek().copied().unwrap_or(bytes.len());
            let seg = &text[at + 1..end];
            let key_len = seg
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            let key_start = offset_in(base, text) + at;
            if self.class.is_none() && &seg[..key_len] == "class" {
                self.class = Some(self.tags.len());
            }
            self.tags.push(Tag {
                key: &seg[..key_len],
                key_span: Span::new(key_start, key_start + 1 + key_len),
                first: piece(base, &seg[key_len..]),
                more: Vec::new(),
            });
        }
    }

    /// Whether the pending block documents a type (`@class`) rather than a definition.
    pub(crate) fn is_class_block(&self) -> bool {
        self.class.is_some()
    }

    /// Ends the block: a `@class` block becomes a [`TypeDoc`] in `out`; anything else is dropped
    /// (it was not directly above a definition).
    pub(crate) fn flush(&mut self, out: &mut Vec<TypeDoc<'a>>) {
        if let Some(class) = self.class.map(|i| &self.tags[i]) {
            let name = class.first.text.split_whitespace().next().unwrap_or("");
            let description = self
                .tags
                .iter()
                .find(|t| t.key == "description")
                .map_or_else(
                    || DocText {
                        text: Cow::Borrowed(""),
                        span: Span::new(class.first.span.end, class.first.span.end),
                    },
                    Tag::text,
                );
            let end = self
                .tags
                .iter()
                .map(|t| t.more.last().unwrap_or(&t.first).span.end)
                .max()
                .unwrap_or(class.first.span.end);
            out.push(TypeDoc {
                name,
                description,
                span: Span::new(class.key_span.start, end),
            });
        }
        self.clear();
    }

    /// Moves the pending docs onto `def`: `@description` (or the plain comment lines) becomes its
    /// description, `@name`/`@param_name` tags its parameters' docs, other tags `doc.tags`.
    pub(crate) fn attach(&mut self, def: &mut Definition<'a>) {
        if self.tags.is_empty() {
            if let Some((first, more)) = self.plain.split_first() {
                def.doc.description = Some(join(*first, more, "\n"));
            }
            self.plain.clear();
            return;
        }
        // Tags find their parameter by name: a scan for the usual handful, a map when a hostile
        // input pairs many tags with many parameters (which a scan would make quadratic).
        let by_name: Option<HashMap<&str, usize>> = (def.params.len() > 32).then(|| {
            let mut map = HashMap::new();
            for (i, p) in def.params.iter().enumerate() {
                if let Some(name) = p.name {
                    map.entry(name).or_insert(i);
                }
            }
            map
        });
        for tag in self.tags.drain(..) {
            if tag.key == "description" && def.doc.description.is_none() {
                def.doc.description = Some(tag.text());
                continue;
            }
            let position = |key: &str| match &by_name {
                Some(map) => map.get(key).copied(),
                None => def.params.iter().position(|p| p.name == Some(key)),
            };
            // TDLib writes `@param_description` for a parameter named `description`.
            let index =
                position(tag.key).or_else(|| tag.key.strip_prefix("param_").and_then(position));
            let param = index.and_then(|i| def.params.get_mut(i));
            match param {
                Some(p) if p.doc.is_none() => p.doc = Some(tag.text()),
                _ => def.doc.tags.push((tag.key, tag.text())),
            }
        }
        self.plain.clear();
        self.class = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Category;

    fn def_of(s: &str) -> Definition<'_> {
        crate::definition::definition(s, Category::Type, s)
            .unwrap()
            .1
    }

    #[test]
    fn tags_split_on_at_after_space_only() {
        let base = "//@description Mail a@b.c now @param_description The text";
        let mut p = PendingDoc::default();
        p.push_tags(base, &base[2..]);
        assert_eq!(p.tags.len(), 2);
        assert_eq!(p.tags[0].key, "description");
        assert_eq!(p.tags[0].first.text, "Mail a@b.c now");
        assert_eq!(&base[p.tags[0].first.span.range()], "Mail a@b.c now");
        assert_eq!(p.tags[1].key, "param_description");
    }

    #[test]
    fn continuation_joins_with_a_space() {
        let base = "//@description First\n//-second line";
        let mut p = PendingDoc::default();
        p.push_tags(base, &base[2..20]);
        p.push_continuation(base, &base[24..]);
        let mut d = def_of("x = X;");
        p.attach(&mut d);
        let desc = d.doc.description.unwrap();
        assert_eq!(desc.text, "First second line");
        assert_eq!(desc.span, Span::new(15, base.len()));
    }

    #[test]
    fn continuation_lines_may_start_tags() {
        let base = "//@description Changes it\n//-for good @password The password";
        let mut p = PendingDoc::default();
        p.push_tags(base, &base[2..25]);
        p.push_continuation(base, &base[29..]);
        let mut d = def_of("x password:string = X;");
        p.attach(&mut d);
        assert_eq!(d.doc.description.unwrap().text, "Changes it for good");
        assert_eq!(d.params[0].doc.as_ref().unwrap().text, "The password");
    }

    #[test]
    fn param_docs_and_other_tags() {
        let base = "//@description D @a The a @param_description The desc @since 5";
        let mut p = PendingDoc::default();
        p.push_tags(base, &base[2..]);
        let src = "x a:int description:string = X;";
        let mut d = def_of(src);
        p.attach(&mut d);
        assert_eq!(d.doc.description.unwrap().text, "D");
        assert_eq!(d.params[0].doc.as_ref().unwrap().text, "The a");
        assert_eq!(d.params[1].doc.as_ref().unwrap().text, "The desc");
        assert_eq!(d.doc.tags.len(), 1);
        assert_eq!(d.doc.tags[0].0, "since");
    }

    #[test]
    fn class_blocks_become_type_docs() {
        let base = "//@class AuthCode @description How codes are sent";
        let mut p = PendingDoc::default();
        p.push_tags(base, &base[2..]);
        assert!(p.is_class_block());
        let mut out = Vec::new();
        p.flush(&mut out);
        assert_eq!(out[0].name, "AuthCode");
        assert_eq!(out[0].description.text, "How codes are sent");
        assert_eq!(out[0].span, Span::new(2, base.len()));
    }

    #[test]
    fn plain_lines_join_with_newlines() {
        let base = "// One\n/// Two";
        let mut p = PendingDoc::default();
        p.push_plain(base, &base[2..6]);
        p.push_plain(base, &base[9..]);
        let mut d = def_of("x = X;");
        p.attach(&mut d);
        assert_eq!(d.doc.description.unwrap().text, "One\nTwo");
    }
}
