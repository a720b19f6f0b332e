//! A YAML document as a tree of nodes that remember where they were written and,
//! for numbers, the exact text (so `89.974` never passes through a float).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, Spanned};

use crate::diag::msg::input as msg;
use crate::diag::Place;

/// A scalar or collection of the YAML document.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string scalar.
    Str(String),
    /// A number scalar, as written in the source (`1.50`, `89.974`).
    Num(String),
    /// `true`/`false`.
    Bool(bool),
    /// `~`, `null` or an empty value.
    Null,
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in document order, duplicates kept.
    Map(Vec<(Node, Node)>),
}

/// A value with its place in the source.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Line, column and length of the value in the source.
    pub place: Place,
}

impl Node {
    /// What kind of value this is, in the user's terms.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Str(_) => msg::KIND_TEXT,
            Value::Num(_) => msg::KIND_NUMBER,
            Value::Bool(_) => msg::KIND_BOOL,
            Value::Null => msg::KIND_NULL,
            Value::Seq(_) => msg::KIND_LIST,
            Value::Map(_) => msg::KIND_MAP,
        }
    }

    /// The text of a scalar (string, number or boolean), as written.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) | Value::Num(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// The shape serde-saphyr hands us before places are resolved.
enum Raw {
    Str(String),
    Num,
    Bool(bool),
    Null,
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::Str(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
                Ok(Raw::Str(v))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Raw, E> {
                Ok(Raw::Num)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Raw, E> {
                Ok(Raw::Num)
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Raw, E> {
                Ok(Raw::Num)
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Raw, E> {
                Ok(Raw::Num)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Raw, E> {
                Ok(Raw::Num)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
                Ok(Raw::Bool(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                Raw::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut items = Vec::new();
                while let Some(x) = a.next_element()? {
                    items.push(x);
                }
                Ok(Raw::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut entries = Vec::new();
                while let Some(x) = a.next_entry()? {
                    entries.push(x);
                }
                Ok(Raw::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// A YAML syntax error: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub place: Place,
    /// The parser's message.
    pub message: String,
}

/// Parses a YAML document into a [`Node`] tree.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    let options = serde_saphyr::options! { duplicate_keys: DuplicateKeyPolicy::PassThrough };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(src, options) {
        Ok(root) => Ok(resolve(src, root)),
        Err(e) => {
            let place = e
                .location()
                .map(|l| Place::Text {
                    line: clamp(l.line()),
                    col: clamp(l.column()),
                    len: 1,
                })
                .unwrap_or_default();
            let full = e.without_snippet().to_string();
            // Drop the " at line L, column C" suffix; the place is reported separately.
            let message = match full.rfind(" at line ") {
                Some(i) => full[..i].to_string(),
                None => full,
            };
            Err(SyntaxError { place, message })
        }
    }
}

fn clamp(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn resolve(src: &str, raw: Spanned<Raw>) -> Node {
    let loc = &raw.referenced;
    let span = loc.span();
    let text = match (span.byte_offset(), span.byte_len()) {
        (Some(off), Some(len)) => usize::try_from(off)
            .ok()
            .zip(usize::try_from(len).ok())
            .and_then(|(off, len)| src.get(off..off.checked_add(len)?)),
        _ => None,
    };
    let place = Place::Text {
        line: clamp(loc.line()),
        col: clamp(loc.column()),
        len: text.map_or(1, |t| clamp(t.chars().count() as u64)),
    };
    let value = match raw.value {
        Raw::Str(s) => Value::Str(s),
        Raw::Num => Value::Num(text.unwrap_or_default().trim().to_string()),
        Raw::Bool(b) => Value::Bool(b),
        Raw::Null => Value::Null,
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|i| resolve(src, i)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (resolve(src, k), resolve(src, v)))
                .collect(),
        ),
    };
    Node { value, place }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(n: &Node) -> &[(Node, Node)] {
        match &n.value {
            Value::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn numbers_keep_their_text_and_places() {
        let n = parse("a: 1.50\n项目: 89.974\nb: 高\na: 2\n").unwrap();
        let m = map(&n);
        assert_eq!(m.len(), 4, "duplicates are kept");
        assert_eq!(m[0].1.value, Value::Num("1.50".into()));
        assert_eq!(m[1].1.value, Value::Num("89.974".into()));
        assert_eq!(
            m[1].1.place,
            Place::Text {
                line: 2,
                col: 5,
                len: 6
            }
        );
        assert_eq!(m[2].1.value, Value::Str("高".into()));
        assert_eq!(
            m[1].0.place,
            Place::Text {
                line: 2,
                col: 1,
                len: 2
            }
        );
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let e = parse("a: 1\n b: [\n").unwrap_err();
        assert!(matches!(e.place, Place::Text { line: 2, .. }), "{e:?}");
        assert!(!e.message.contains("line"), "{}", e.message);
    }
}
