//! The loading context: primitives that read one mapping, text or number and
//! report what is wrong with it.

use crate::diag::msg::input as msg;
use crate::diag::Code;
use std::path::PathBuf;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Place};
use crate::form::vocab::Key;
use crate::input::node::{Node, Value};
use crate::input::typed::{self, Kind, Unreadable};
use crate::model::num::max_figure;
use crate::model::{Absent, Gaps, Located, Num};

/// Loading context: the file and the diagnostics found so far.
pub(super) struct Cx {
    pub(super) file: PathBuf,
    pub(super) diags: Vec<Diagnostic>,
    /// What could not be read so far (see [`Gaps`]).
    pub(super) gaps: Gaps,
    /// The words forms add: fields at the top level, sources in 项目资金.
    pub(super) words: crate::input::Words,
    /// Fields left out that a form may require.
    pub(super) absent: Vec<Absent>,
}

/// The entries of one mapping, resolved to the fields they spell.
pub(super) struct Fields<'a> {
    pub(super) place: Place,
    pub(super) entries: Vec<(Key, &'a Node)>,
    /// Entries whose key is one of the `extra` words it was read with.
    pub(super) extra: Vec<(String, &'a Node)>,
    /// Where each key was written.
    pub(super) keys: Vec<(Key, Place)>,
}

impl<'a> Fields<'a> {
    pub(super) fn get(&self, key: Key) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, v)| *k == key && v.value != Value::Null)
            .map(|(_, v)| *v)
    }
}

/// The top level of a project file, as messages name it.
pub(super) const PROJECT: &str = crate::diag::text::PROJECT;

impl Cx {
    /// The word of a field (its own, as the vocabulary gives it first).
    pub(super) fn word(&self, key: Key) -> String {
        self.words.vocab.word(key).to_string()
    }

    /// How many errors have been reported so far: a block that adds some was not
    /// read whole.
    pub(super) fn errors(&self) -> usize {
        crate::diag::error_count(&self.diags)
    }

    pub(super) fn push(&mut self, code: Code, place: &Place, message: String) -> &mut Diagnostic {
        self.diags.push(Diagnostic::new(
            code,
            self.file.clone(),
            place.clone(),
            message,
        ));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    pub(super) fn hint(&mut self, code: Code, place: &Place, message: String, hint: String) {
        self.push(code, place, message).hint = Some(hint);
    }

    /// Reads a mapping against its key set: unknown and duplicate keys are reported.
    pub(super) fn fields<'a>(
        &mut self,
        node: &'a Node,
        what: &str,
        keys: &[Key],
    ) -> Option<Fields<'a>> {
        self.fields_with(node, what, keys, &[])
    }

    /// [`Cx::fields`], also accepting the keys `extra` (the fields forms add).
    pub(super) fn fields_with<'a>(
        &mut self,
        node: &'a Node,
        what: &str,
        keys: &[Key],
        extra: &[String],
    ) -> Option<Fields<'a>> {
        let Value::Map(entries) = &node.value else {
            let (message, hint) =
                msg::not_a_map(what, node.kind(), &self.words.vocab.listing(keys));
            self.hint(Code::E0104, &node.place, message, hint);
            return None;
        };
        let vocab = self.words.vocab.clone();
        let mut out: Vec<(Key, &'a Node)> = Vec::new();
        let mut first: Vec<(Key, Place)> = Vec::new();
        let mut extras: Vec<(String, &'a Node)> = Vec::new();
        for (k, v) in entries {
            let typed = k.scalar_text().unwrap_or_default();
            // A form's field never takes the place of a key every table has.
            let added = vocab
                .lookup(keys, &typed)
                .is_none()
                .then(|| extra.iter().find(|w| w.as_str() == typed.trim()))
                .flatten();
            if let Some(word) = added {
                if extras.iter().any(|(w, _)| w == word) {
                    let (message, hint) = msg::duplicate_word(what, word);
                    self.hint(Code::E0103, &k.place, message, hint);
                } else {
                    extras.push((word.clone(), v));
                }
                continue;
            }
            match vocab.lookup(keys, &typed) {
                Some(key) => {
                    let name = vocab.word(key);
                    if let Some((_, at)) = first.iter().find(|(k, _)| *k == key) {
                        let line = match at {
                            Place::Text { line, .. } => msg::at_line(*line),
                            _ => msg::EARLIER.to_string(),
                        };
                        let (message, hint) = msg::duplicate_key(what, name, &line);
                        self.hint(Code::E0103, &k.place, message, hint);
                    } else {
                        first.push((key, k.place.clone()));
                        out.push((key, v));
                    }
                }
                None => {
                    let hint = match vocab.suggest(keys, &typed) {
                        Some(s) => msg::did_you_mean(s),
                        // `{ 三级指标: 合法, 合规 }`: the text after an unquoted comma
                        // becomes a key without a value.
                        None if v.value == Value::Null => {
                            msg::key_without_value(&typed, what, &vocab.listing(keys))
                        }
                        None => msg::keys_allowed(what, &vocab.listing(keys)),
                    };
                    self.hint(Code::E0102, &k.place, msg::unknown_key(what, &typed), hint);
                }
            }
        }
        Some(Fields {
            place: node.place.clone(),
            entries: out,
            extra: extras,
            keys: first,
        })
    }

    /// A field every table has: missing or left empty is E0101.
    pub(super) fn required<'a>(
        &mut self,
        f: &Fields<'a>,
        field: Key,
        what: &str,
    ) -> Option<&'a Node> {
        let found = f.get(field);
        if found.is_none() {
            let a = self.absent(f, field, what);
            self.hint(Code::E0101, &a.place, a.message, a.hint);
        }
        found
    }

    /// A field some forms require: missing or left empty is recorded as
    /// [`Absent`], an error only on a form that requires it.
    pub(super) fn optional<'a>(
        &mut self,
        f: &Fields<'a>,
        field: Key,
        what: &str,
    ) -> Option<&'a Node> {
        let found = f.get(field);
        if found.is_none() {
            let a = self.absent(f, field, what);
            self.absent.push(a);
        }
        found
    }

    /// What to say of a field `f` leaves out: where, what, how to add it.
    pub(super) fn absent(&self, f: &Fields, field: Key, what: &str) -> Absent {
        let key = self.word(field);
        // `三级指标“X”` already carries its quotes.
        let what = if what.contains('“') {
            what.to_string()
        } else {
            format!("“{what}”")
        };
        // Written, but left empty (`项目名称:`): point at the key.
        match f.keys.iter().find(|(k, _)| *k == field) {
            Some((_, at)) => {
                let (message, hint) = msg::key_left_blank(&what, &key);
                Absent {
                    code: Code::E0101,
                    key: field,
                    place: at.clone(),
                    message,
                    hint,
                }
            }
            None => {
                let (message, hint) = msg::key_left_out(&what, &key);
                Absent {
                    code: Code::E0101,
                    key: field,
                    place: f.place.clone(),
                    message,
                    hint,
                }
            }
        }
    }

    /// A text value; numbers are accepted as text. Empty text is reported when `name` is true.
    pub(super) fn text(&mut self, node: &Node, label: &str, name: bool) -> Option<Located<String>> {
        match node.scalar_text() {
            Some(s) => {
                let s = s.trim().to_string();
                if name && s.is_empty() {
                    self.hint(
                        Code::E0105,
                        &node.place,
                        msg::empty(label),
                        msg::fill_in_name(label),
                    );
                    return None;
                }
                Some(Located::new(s, node.place.clone()))
            }
            None => {
                self.push(Code::E0104, &node.place, msg::not_text(label, node.kind()));
                None
            }
        }
    }

    pub(super) fn required_text(
        &mut self,
        f: &Fields,
        key: Key,
        what: &str,
    ) -> Option<Located<String>> {
        let node = self.required(f, key, what)?;
        self.text(node, &self.word(key), true)
    }

    /// An exact decimal number, from a YAML number or a quoted one.
    pub(super) fn decimal(&mut self, node: &Node, label: &str) -> Option<Located<Decimal>> {
        let parsed = match &node.value {
            Value::Num(s) | Value::Str(s) => Decimal::from_str(s.trim())
                .or_else(|_| Decimal::from_scientific(s.trim()))
                .ok(),
            _ => None,
        };
        match parsed {
            Some(d) if d.abs() < max_figure() => Some(Located::new(d, node.place.clone())),
            Some(_) => {
                let (message, hint) =
                    crate::input::out_of_range(label, &node.scalar_text().unwrap_or_default());
                self.hint(Code::E0109, &node.place, message, hint);
                None
            }
            None => {
                let shown = node
                    .scalar_text()
                    .unwrap_or_else(|| node.kind().to_string());
                self.hint(
                    Code::E0104,
                    &node.place,
                    msg::not_a_number(label, &shown),
                    number_hint(&shown),
                );
                None
            }
        }
    }

    pub(super) fn opt_decimal(&mut self, f: &Fields, key: Key) -> Option<Located<Decimal>> {
        let node = f.get(key)?;
        self.decimal(node, &self.word(key))
    }

    /// A number of the form (amount, rate, weight, score) with the decimals it was
    /// written with; text such as `1,020.00`, `20.00万元` or `10分` is read as the
    /// field's `kind` allows.
    pub(super) fn number(&mut self, node: &Node, label: &str, kind: Kind) -> Option<Located<Num>> {
        let parsed = match &node.value {
            // `—`, `-`, `/`: not applicable, as on the printed form (an amount is 0,
            // a rate or score is left to jixiao).
            Value::Str(s)
                if crate::input::sheet::cell::not_applicable(s) && !s.trim().is_empty() =>
            {
                return None;
            }
            Value::Num(s) | Value::Str(s) => Some(typed::parse(s, kind)),
            _ => None,
        };
        let shown = || {
            node.scalar_text()
                .unwrap_or_else(|| node.kind().to_string())
                .trim()
                .to_string()
        };
        match parsed {
            Some(Ok(n)) if n.value.abs() < max_figure() => {
                Some(Located::new(n, node.place.clone()))
            }
            Some(Ok(_)) => {
                let (message, hint) = crate::input::out_of_range(label, &shown());
                self.hint(Code::E0109, &node.place, message, hint);
                None
            }
            Some(Err(Unreadable::Unit(unit))) => {
                let message = crate::input::wrong_unit(label, &shown(), &unit);
                self.hint(
                    Code::E0104,
                    &node.place,
                    message,
                    kind.example().to_string(),
                );
                None
            }
            _ => {
                let shown = shown();
                self.hint(
                    Code::E0104,
                    &node.place,
                    msg::not_a_number(label, &shown),
                    kind.example().to_string(),
                );
                None
            }
        }
    }

    /// An optional number of the form.
    pub(super) fn opt_number(&mut self, f: &Fields, key: Key, kind: Kind) -> Option<Located<Num>> {
        let node = f.get(key)?;
        self.number(node, &self.word(key), kind)
    }
}

/// How to write a number the user wrote as text.
pub(super) fn number_hint(shown: &str) -> String {
    let t = shown.trim();
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ','))
        .collect();
    if t.contains(',') && Decimal::from_str(&t.replace(',', "")).is_ok() {
        return msg::no_thousands_separator(&t.replace(',', ""));
    }
    let number = digits.replace(',', "");
    if !number.is_empty() && Decimal::from_str(&number).is_ok() {
        let unit = t[digits.len()..].trim();
        return msg::number_without_unit(unit, &number);
    }
    msg::NUMBER_HINT.to_string()
}
