//! Writing a [`Project`] as YAML in the style of `inputs/<year>/*.yaml`: the
//! form's words as keys, every value quoted, one flow map per simple indicator.
//! The text loads back (with [`super::yaml::load_str`]) to the same model, and
//! is data: no text of a table (a line break in a name, a carriage return in a
//! value) ends a value or a comment and starts a key.

use std::fmt::Write as _;

use crate::diag::human::str_width;
use crate::diag::msg::input as msg;
use crate::form::{Key, Vocabulary};
use crate::model::{Actual, FundRow, Indicator, Located, Num, Project, Quantity, Target};

/// The column at which the comments beside a section's key start.
const COMMENT_AT: usize = 21;

/// `key:` of a section, padded to `at` and followed by `comment`.
pub(crate) fn section_with_comment(out: &mut String, key: &str, at: usize, comment: &str) {
    let line = format!("{key}:");
    let pad = at.saturating_sub(str_width(&line)).max(1);
    let _ = writeln!(out, "{line}{}{comment}", " ".repeat(pad));
}

/// The lines naming a project: 项目名称, 主管部门, 实施单位.
pub(crate) fn identity(out: &mut String, p: &Project, vocab: &Vocabulary) {
    for (key, value) in [
        (Key::Name, &p.name.value),
        (Key::Department, &p.department.value),
        (Key::Unit, &p.unit.value),
    ] {
        let _ = writeln!(out, "{}: {}", vocab.word(key), quoted(value));
    }
}

/// The project as YAML text, its keys the field words of `vocab`.
pub fn project_yaml(p: &Project, vocab: &Vocabulary) -> String {
    let w = |k: Key| vocab.word(k);
    let mut out = String::from(msg::EMIT_HEADER);
    out.push('\n');
    let source = p
        .source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if !source.is_empty() {
        let _ = writeln!(out, "{}", msg::imported_from(&comment_text(&source)));
    }
    if let Some(y) = &p.year {
        let _ = writeln!(out, "{}: {}", w(Key::Year), y.value);
    }
    if let Some(f) = &p.form {
        let _ = writeln!(out, "{}: {}", w(Key::Form), quoted(&f.value));
    }
    if let Some(o) = &p.order {
        let _ = writeln!(out, "{}: {}", w(Key::Order), o.value);
    }
    identity(&mut out, p, vocab);
    out.push('\n');
    section_with_comment(&mut out, w(Key::Funds), COMMENT_AT, msg::AMOUNTS_COMMENT);
    // Said in so many words: a table on a 元 form reads unstated amounts as 元.
    let _ = writeln!(out, "  {}: {}", w(Key::AmountUnit), crate::diag::text::WAN);
    let f = &p.funds;
    if let Some(weight) = &f.weight {
        let _ = writeln!(out, "  {}: {}", w(Key::FundsWeight), given(&weight.value));
    }
    if let Some(s) = &f.score {
        let _ = writeln!(out, "  {}: {}", w(Key::Score), derived(&s.value));
    }
    if let Some(t) = &f.total {
        let _ = writeln!(out, "  {}: {}", w(Key::FundsTotal), fund_row(t, vocab));
    }
    for row in &f.sources {
        // Rows aligned as typed by hand: a CJK character is two columns wide.
        let pad = 1 + 2 * 6usize.saturating_sub(row.name.chars().count());
        let _ = writeln!(
            out,
            "  {}:{}{}",
            scalar(&row.name, false),
            " ".repeat(pad),
            fund_row(row, vocab)
        );
    }
    out.push('\n');
    section_with_comment(&mut out, w(Key::Goals), COMMENT_AT, msg::PARAGRAPHS_COMMENT);
    paragraphs(&mut out, w(Key::Expected), &p.goals.expected.value);
    paragraphs(&mut out, w(Key::Achieved), &p.goals.actual.value);
    let _ = writeln!(out, "\n{}:", w(Key::Indicators));
    for l1 in &p.indicators {
        let _ = writeln!(out, "  {}:", scalar(&l1.name.value, false));
        for l2 in &l1.groups {
            let _ = writeln!(out, "    {}:", scalar(&l2.name.value, false));
            // A group scored whole: its 得分, then its 三级指标 (the list may sit
            // at the key's indent).
            if let Some(score) = &l2.score {
                let _ = writeln!(out, "      {}: {}", w(Key::Score), given(&score.value));
                let _ = writeln!(out, "      {}:", w(Key::Level3));
            }
            for i in &l2.indicators {
                indicator(&mut out, i, vocab);
            }
            // Rows the template left (`指标2`, `……`), kept as the unit wrote them.
            for b in &l2.blank_rows {
                let _ = writeln!(out, "      - {}", quoted(&b.value));
            }
        }
    }
    if p.total.is_some() || p.grade.is_some() {
        out.push('\n');
    }
    if let Some(t) = &p.total {
        let _ = writeln!(out, "{}: {}", w(Key::Total), derived(&t.value));
    }
    if let Some(g) = &p.grade {
        let _ = writeln!(out, "{}: {}", w(Key::Grade), quoted(&g.value));
    }
    if !p.accepted.is_empty() {
        let _ = writeln!(out, "{}:", w(Key::Accepted));
        for a in &p.accepted {
            let code = crate::diag::shown_code(a.code);
            let _ = writeln!(out, "  {code}: {}", quoted(&a.reason));
        }
    }
    // The fields a form adds, by its words.
    for (word, text) in &p.fields {
        let _ = writeln!(out, "{}: {}", scalar(word, false), quoted(&text.value));
    }
    out
}

fn fund_row(r: &FundRow, vocab: &Vocabulary) -> String {
    let (budget, spent) = (vocab.word(Key::Budget), vocab.word(Key::Spent));
    if let Some(glyph) = r.not_applicable() {
        let g = quoted(glyph);
        return format!("{{ {budget}: {g}, {spent}: {g} }}");
    }
    if r.marks == crate::model::Marks::blank() {
        return "{}".to_string();
    }
    // A cell with no number as written: blank (`""`) or its mark (`"—"`).
    let cell = |mark: &Option<String>, number: String| match mark {
        Some(m) => quoted(m),
        None => number,
    };
    let mut cells = Vec::new();
    if let Some(initial) = &r.initial {
        cells.push((Key::Initial, given(&initial.value)));
    } else if let Some(m) = &r.marks.initial {
        cells.push((Key::Initial, quoted(m)));
    }
    cells.push((Key::Budget, cell(&r.marks.budget, given(&r.budget.value))));
    cells.push((Key::Spent, cell(&r.marks.spent, given(&r.spent.value))));
    if let Some(rate) = &r.rate {
        cells.push((Key::Rate, derived(&rate.value)));
    } else if let Some(m) = &r.marks.rate {
        cells.push((Key::Rate, quoted(m)));
    }
    let cells: Vec<String> = cells
        .into_iter()
        .map(|(key, value)| format!("{}: {value}", vocab.word(key)))
        .collect();
    format!("{{ {} }}", cells.join(", "))
}

/// `key` (indented under its section) with one paragraph a line: a literal
/// block, or, when a paragraph holds a character a block cannot (a carriage
/// return, a line or paragraph separator, a control character), a list of
/// quoted paragraphs, so that no text ends the block and starts a key.
pub(crate) fn paragraphs(out: &mut String, key: &str, paras: &[String]) {
    if paras.iter().all(|p| !p.chars().any(breaks_plain)) {
        let _ = writeln!(out, "  {key}: |");
        for p in paras {
            // Lines inside a literal block are taken as written; only the indent matters.
            let _ = writeln!(out, "    {}", p.trim());
        }
        return;
    }
    let _ = writeln!(out, "  {key}:");
    for p in paras {
        let _ = writeln!(out, "    - {}", quoted(p.trim()));
    }
}

/// A character that YAML may read as a line break, or may not hold outside
/// quotes: no plain scalar, block line or comment carries one.
fn breaks_plain(c: char) -> bool {
    c.is_control() && c != '\t' || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `text` made safe to stand in a `#` comment: every line break (LF, CR, NEL,
/// U+2028, U+2029) becomes ` / ` and every other control character a space, so
/// that the comment ends where jixiao ends it and no text becomes a key.
pub(crate) fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str(" / "),
            c if breaks_plain(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn quantity(q: &Quantity) -> String {
    format!("{}{}", q.text, q.unit)
}

/// A target as a YAML scalar: always quoted (`"≥90%"`), as every value is, so
/// that no text of a table can end its line and start a key.
pub(crate) fn target_scalar(t: &Located<Target>) -> String {
    quoted(&match &t.value {
        Target::Quantitative { op, quantity: q } => {
            format!("{}{}", op.map_or("", |o| o.symbol()), quantity(q))
        }
        Target::Qualitative(s) => s.clone(),
    })
}

/// An actual value as a YAML scalar: always quoted.
fn actual_scalar(a: &Located<Actual>) -> String {
    quoted(
        match &a.value {
            Actual::Quantitative(q) => quantity(q),
            Actual::Qualitative(s) => s.clone(),
        }
        .as_str(),
    )
}

/// A number the unit gave, exactly, with at least the places it was shown with
/// (so that it reads back with the same precision).
pub(crate) fn given(n: &Num) -> String {
    crate::model::num::fixed(n.value, n.places.max(n.value.scale()))
}

/// A number jixiao could derive (执行率, 得分, 总分): as it was seen, without the
/// binary noise of a spreadsheet formula's result.
fn derived(n: &Num) -> String {
    crate::model::num::fixed(n.seen(), n.places)
}

fn indicator(out: &mut String, i: &Indicator, vocab: &Vocabulary) {
    let w = |k: Key| vocab.word(k);
    let target = target_scalar(&i.target);
    let actual = i.actual.as_ref().map(actual_scalar);
    match &i.reason {
        None => {
            let mut s = format!(
                "      - {{ {}: {}, {}: {target}",
                w(Key::Level3),
                quoted(&i.name.value),
                w(Key::Target)
            );
            if let Some(a) = &actual {
                let _ = write!(s, ", {}: {a}", w(Key::Actual));
            }
            if let Some(weight) = &i.weight {
                let _ = write!(s, ", {}: {}", w(Key::Weight), given(&weight.value));
            }
            if let Some(sc) = &i.score {
                let _ = write!(s, ", {}: {}", w(Key::Score), given(&sc.value));
            }
            s.push_str(" }\n");
            out.push_str(&s);
        }
        Some(reason) => {
            let _ = writeln!(out, "      - {}: {}", w(Key::Level3), quoted(&i.name.value));
            let _ = writeln!(out, "        {}: {target}", w(Key::Target));
            if let Some(a) = &actual {
                let _ = writeln!(out, "        {}: {a}", w(Key::Actual));
            }
            if let Some(weight) = &i.weight {
                let _ = writeln!(out, "        {}: {}", w(Key::Weight), given(&weight.value));
            }
            if let Some(sc) = &i.score {
                let _ = writeln!(out, "        {}: {}", w(Key::Score), given(&sc.value));
            }
            let _ = writeln!(out, "        {}: {}", w(Key::Reason), quoted(&reason.value));
        }
    }
}

/// A string scalar, for a key (values are always [`quoted`]): plain when YAML
/// reads it back as the same string, else double-quoted. `flow` is true inside
/// `{ … }`, where commas and brackets end a plain value.
pub fn scalar(s: &str, flow: bool) -> String {
    if plain_ok(s, flow) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str, flow: bool) -> bool {
    if s.is_empty() || s.trim() != s || s.contains('\n') {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`=<≥≤~".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains('\t') {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}', ':']) {
        return false;
    }
    if s.chars().any(breaks_plain) {
        return false;
    }
    // Words YAML reads as something other than a string.
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    ) {
        return false;
    }
    // Anything that starts like a number is quoted (`2024`, `1e3`, `.5`, `0x1`).
    !(first.is_ascii_digit() || first == '.' || first == '+')
}

/// A double-quoted YAML string.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Line and paragraph separators, and a byte-order mark, escaped: a
            // reader of YAML 1.1 takes the separators as line breaks.
            '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
