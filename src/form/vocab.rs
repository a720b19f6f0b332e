//! The input vocabulary: for each field jixiao reads, the words tables print
//! for it, from `templates/vocabulary.yaml` and the `words:` of every form of
//! the run. YAML keys, spreadsheet labels and Word table labels are all
//! matched against this one list, in the same way.

use std::collections::BTreeMap;

use serde::Deserialize;

pub use crate::model::Key;

/// The keys of each mapping of a YAML input.
pub mod section {
    use super::Key::{self, *};

    /// A project file's top level.
    pub const PROJECT: &[Key] = &[
        Year, Form, Order, Name, Department, Unit, Funds, Goals, Indicators, Total, Grade, Accepted,
    ];
    /// The budget block (项目资金).
    pub const FUNDS: &[Key] = &[
        AmountUnit,
        FundsWeight,
        Score,
        FundsTotal,
        Appropriation,
        Carryover,
        Other,
    ];
    /// One row of the budget block.
    pub const FUND_ROW: &[Key] = &[Initial, Budget, Spent, Rate];
    /// 年度总体目标.
    pub const GOALS: &[Key] = &[Expected, Achieved];
    /// A 二级 group written with its own 得分 (湖北): `{ 得分: 20, 三级指标: […] }`.
    pub const GROUP: &[Key] = &[Score, Level3];
    /// One 三级指标 entry.
    pub const INDICATOR: &[Key] = &[
        Level3, Target, TargetOp, TargetUnit, Actual, Weight, Score, Reason,
    ];
    /// The labels that are never a value: a cell spelling one of them ends the
    /// search for the value beside a label.
    pub const LABELS: &[Key] = &[
        Name,
        Department,
        Unit,
        Initial,
        Budget,
        Spent,
        FundsTotal,
        Appropriation,
        Carryover,
        Other,
        Expected,
        Achieved,
        Level1,
        Level2,
        Level3,
        Target,
        TargetOp,
        TargetUnit,
        Actual,
        Reason,
        Grade,
    ];
}

/// The words of each field: the ones tables print (the first is the field's
/// own word), and English keys a YAML file may use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Words printed on tables, by field; the first is the one jixiao writes.
    #[serde(default)]
    words: BTreeMap<Key, Vec<String>>,
    /// English keys for YAML inputs.
    #[serde(default)]
    english: BTreeMap<Key, Vec<String>>,
    /// `words` as compared ([`norm`]ed once, not at every comparison).
    #[serde(skip)]
    norms: BTreeMap<Key, Vec<String>>,
}

/// The vocabulary every form shares.
const BUILTIN: &str = include_str!("../../templates/vocabulary.yaml");

impl Vocabulary {
    /// The vocabulary every form shares (`templates/vocabulary.yaml`).
    pub fn builtin() -> Result<Vocabulary, String> {
        let mut v: Vocabulary = serde_saphyr::from_str(BUILTIN)
            .map_err(|e| format!("vocabulary.yaml: {}", e.without_snippet()))?;
        v.index();
        Ok(v)
    }

    /// Adds a form's own words (`words:` in its `form.yaml`) after the ones
    /// already known for each field.
    pub fn add(&mut self, more: &BTreeMap<Key, Vec<String>>) {
        for (key, words) in more {
            let list = self.words.entry(*key).or_default();
            for w in words {
                if !list.contains(w) {
                    list.push(w.clone());
                }
            }
        }
        self.index();
    }

    /// Normalises every word once, for comparing.
    fn index(&mut self) {
        self.norms = (self.words.iter())
            .map(|(k, words)| (*k, words.iter().map(|w| norm(w)).collect()))
            .collect();
    }

    /// The field's words as compared ([`norm`]ed): what the sheet reader
    /// looks for.
    pub fn norms(&self, key: Key) -> &[String] {
        self.norms.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The field's own word (`偏差原因分析及改进措施`).
    pub fn word(&self, key: Key) -> &str {
        self.words
            .get(&key)
            .and_then(|w| w.first())
            .map_or("", String::as_str)
    }

    /// Every word tables print for the field.
    pub fn words(&self, key: Key) -> &[String] {
        self.words.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Whether cell or key text spells the field (see [`norm`]).
    pub fn is(&self, text: &str, key: Key) -> bool {
        spells_normed(text, self.norms(key))
    }

    /// Whether text spells any of the fields `keys`.
    pub fn is_any(&self, text: &str, keys: &[Key]) -> bool {
        let n = norm(text);
        let bare = strip_bracket(&n).trim_end_matches(':');
        !n.is_empty() && (keys.iter()).any(|k| self.norms(*k).iter().any(|w| *w == n || w == bare))
    }

    /// The field of `section` a YAML key spells: one of its words, or an
    /// English key (any case).
    pub fn lookup(&self, section: &[Key], typed: &str) -> Option<Key> {
        let english = typed.trim();
        let n = norm(typed);
        let bare = strip_bracket(&n).trim_end_matches(':');
        section.iter().copied().find(|k| {
            (!n.is_empty() && self.norms(*k).iter().any(|w| *w == n || w == bare))
                || (self.english.get(k))
                    .is_some_and(|e| e.iter().any(|w| w.eq_ignore_ascii_case(english)))
        })
    }

    /// The field word closest to a misspelt key, when close enough to be a typo.
    pub fn suggest(&self, section: &[Key], typed: &str) -> Option<&str> {
        let t: Vec<char> = norm(typed).to_lowercase().chars().collect();
        section
            .iter()
            .flat_map(|k| {
                let english = self.english.get(k).map_or(&[][..], Vec::as_slice);
                self.words(*k)
                    .iter()
                    .chain(english)
                    .map(move |s| (self.word(*k), s))
            })
            .map(|(word, spelling)| {
                let s: Vec<char> = spelling.to_lowercase().chars().collect();
                (edit_distance(&t, &s), s.len(), word)
            })
            .filter(|&(d, len, _)| d <= (len.max(t.len()) / 2).max(1))
            .min_by_key(|&(d, _, _)| d)
            .map(|(_, _, word)| word)
    }

    /// The fields of a section by their own words, for a hint listing what is allowed.
    pub fn listing(&self, section: &[Key]) -> String {
        section
            .iter()
            .map(|k| self.word(*k))
            .collect::<Vec<_>>()
            .join("、")
    }

    /// Fields the vocabulary has no word for (a broken vocabulary file).
    pub fn missing(&self) -> Vec<Key> {
        let all = [
            section::PROJECT,
            section::FUNDS,
            section::FUND_ROW,
            section::GOALS,
            section::INDICATOR,
            section::LABELS,
        ];
        let mut out: Vec<Key> = all
            .iter()
            .flat_map(|s| s.iter().copied())
            .filter(|k| self.word(*k).is_empty())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// Whether text spells one of `norms` (words already [`norm`]ed), with or
/// without a trailing bracket.
pub fn spells_normed(text: &str, norms: &[String]) -> bool {
    let n = norm(text);
    if n.is_empty() {
        return false;
    }
    let bare = strip_bracket(&n).trim_end_matches(':');
    norms.iter().any(|w| *w == n || w == bare)
}

/// Whether text spells one of `words`, compared as [`norm`]ed, with or without
/// a trailing bracket.
pub fn spells(text: &str, words: &[String]) -> bool {
    let n = norm(text);
    if n.is_empty() {
        return false;
    }
    let bare = strip_bracket(&n).trim_end_matches(':');
    words.iter().any(|w| {
        let w = norm(w);
        w == n || w == bare
    })
}

/// A label as compared: no blanks, ASCII brackets and colons, no trailing colon,
/// no leading 其中, no leading number (`2.项目实施内容及过程概述`).
pub fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            other => other,
        })
        .collect();
    let s = s.trim_end_matches(':');
    let s = s.strip_prefix(crate::diag::text::AMONG).unwrap_or(s);
    let s = s.trim_start_matches([':', ',', '，', '、']);
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match s[digits..].strip_prefix(['.', '、', '．']) {
        Some(rest) if digits > 0 && !rest.is_empty() => rest.to_string(),
        _ => s.to_string(),
    }
}

/// The label without a trailing bracket: 执行率(%) → 执行率, 产出指标(50分) → 产出指标.
pub fn strip_bracket(s: &str) -> &str {
    if s.ends_with(')') {
        if let Some(i) = s.rfind('(') {
            if i > 0 {
                return &s[..i];
            }
        }
    }
    s
}

/// Levenshtein distance over characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use Key::*;

    fn v() -> Vocabulary {
        Vocabulary::builtin().unwrap()
    }

    #[test]
    fn the_builtin_vocabulary_has_a_word_for_every_field() {
        assert_eq!(v().missing(), Vec::<Key>::new());
    }

    #[test]
    fn keys_and_aliases_are_found() {
        let v = v();
        assert_eq!(v.lookup(section::PROJECT, "项目名称"), Some(Name));
        assert_eq!(v.lookup(section::PROJECT, " Name "), Some(Name));
        assert_eq!(v.lookup(section::FUNDS, "年度资金总额："), Some(FundsTotal));
        assert_eq!(
            v.lookup(section::FUNDS, "本年财政拨款"),
            Some(Appropriation)
        );
        assert_eq!(
            v.lookup(section::FUNDS, "其中:当年财政拨款"),
            Some(Appropriation)
        );
        assert_eq!(v.lookup(section::FUND_ROW, "执行率（%）"), Some(Rate));
        assert_eq!(v.lookup(section::FUND_ROW, "全年预算数(A)"), Some(Budget));
        assert_eq!(v.lookup(section::PROJECT, "项目明称"), None);
        assert_eq!(v.lookup(section::INDICATOR, "name"), Some(Level3));
    }

    #[test]
    fn typos_get_a_suggestion() {
        let v = v();
        assert_eq!(v.suggest(section::PROJECT, "项目明称"), Some("项目名称"));
        assert_eq!(
            v.suggest(section::INDICATOR, "年度指标"),
            Some("年度指标值")
        );
        assert_eq!(
            v.suggest(section::INDICATOR, "偏差原因分析及改进"),
            Some("偏差原因分析及改进措施")
        );
        assert_eq!(v.suggest(section::FUNDS, "carryovr"), Some("上年结转资金"));
        assert_eq!(v.suggest(section::PROJECT, "完全无关的东西"), None);
    }

    #[test]
    fn label_variants() {
        let v = v();
        assert!(v.is("年度资金总额：", FundsTotal));
        assert!(v.is("其中：本年财政拨款", Appropriation));
        assert!(v.is("执行率（%）", Rate));
        assert!(v.is("项 目 名 称", Name));
        assert!(v.is("项目\n名称", Name));
        assert!(!v.is("项目名称很长的项目", Name));
        assert_eq!(strip_bracket("产出指标(50分)"), "产出指标");
    }

    #[test]
    fn a_form_adds_words() {
        let mut v = v();
        assert!(!v.is("未完成情况说明", Reason));
        v.add(&BTreeMap::from([(
            Reason,
            vec!["未完成情况说明".to_string()],
        )]));
        assert!(v.is("未完成情况说明", Reason));
        assert_eq!(v.word(Reason), "偏差原因分析及改进措施");
    }
}
