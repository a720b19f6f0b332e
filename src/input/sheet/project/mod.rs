//! Building a [`Project`] from one sheet: each field is read next to (or below)
//! its label; a missing label is reported at the cell where it was expected.

mod funds;
mod indicators;

use super::locate::{self, Pos};
use super::{cell, Sheet, SheetProject, Value};
use crate::diag::msg::input as msg;
use crate::diag::Code;
use crate::diag::{Diagnostic, Place};
use crate::form::Key;
use crate::input::typed::{self, Kind, Unreadable};
use crate::input::Words;
use crate::model::{Absent, Funds, Gaps, Goals, Located, Num, Project};
use std::path::{Path, PathBuf};

/// Labels of which at least [`MIN_LABELS`] must be found for a sheet to hold a table.
const SECTIONS: &[Key] = &[
    Key::Name,
    Key::Department,
    Key::Unit,
    Key::Initial,
    Key::Appropriation,
    Key::Expected,
    Key::Level3,
    Key::Target,
];

/// How many of [`SECTIONS`] make a sheet a table (a summary sheet has 项目名称 only).
const MIN_LABELS: usize = 3;

/// Reads the table of one sheet with the run's words (the vocabulary; fields,
/// each a label with its text to the right; sources, rows of the budget
/// block); `None` when the sheet holds no table at all.
pub fn read_sheet(file: &Path, sheet: &Sheet, words: &Words) -> Option<SheetProject> {
    let found = SECTIONS
        .iter()
        .filter(|k| locate::find(sheet, words.vocab.norms(**k), 0).is_some())
        .count();
    if found < MIN_LABELS {
        return None;
    }
    let mut cx = Cx {
        file: file.to_path_buf(),
        sheet,
        words,
        diags: Vec::new(),
        gaps: Gaps::default(),
        absent: Vec::new(),
    };
    let project = cx.project().map(|mut p| {
        p.fields = cx.fields();
        p
    });
    Some(SheetProject {
        sheet: sheet.name.clone(),
        project,
        diagnostics: cx.diags,
    })
}

/// Reading context: the workbook, the sheet and the diagnostics found so far.
struct Cx<'s> {
    file: PathBuf,
    sheet: &'s Sheet,
    /// The words the forms add (其他需要说明事项, 财政资金…).
    words: &'s Words,
    diags: Vec<Diagnostic>,
    /// What could not be read so far (see [`Gaps`]).
    gaps: Gaps,
    /// Fields left out that a form may require.
    absent: Vec<Absent>,
}

/// A number cell that could not be read (already reported).
struct Bad;

impl<'s> Cx<'s> {
    fn place(&self, pos: Pos) -> Place {
        self.sheet.place(pos.0, pos.1)
    }

    fn report(&mut self, code: Code, pos: Pos, message: String, hint: String) {
        let place = self.place(pos);
        self.diags
            .push(Diagnostic::new(code, self.file.clone(), place, message).with_hint(hint));
    }

    /// A label that should be at `pos` but is nowhere in the sheet.
    fn missing(&mut self, label: &str, pos: Pos) {
        let (message, hint) =
            crate::diag::text::no_label(label, &self.sheet.cell_name(pos.0, pos.1));
        self.report(Code::E0702, pos, message, hint);
    }

    /// The words of a field, for as long as the sheet is read.
    fn labels(&self, key: Key) -> &'s [String] {
        self.words.vocab.norms(key)
    }

    /// A field's own word, as a message names it when its label is missing.
    fn word(&self, key: Key) -> &'s str {
        self.words.vocab.word(key)
    }

    /// A label as the sheet prints it, for messages: `专项资金名称`.
    fn label_at(&self, pos: Pos) -> String {
        let n = locate::norm(&self.sheet.raw(pos.0, pos.1).text());
        locate::strip_bracket(&n).to_string()
    }

    /// A field some forms require, left out: what a form that requires it reports.
    fn absent(&mut self, key: Key, pos: Pos, message: String, hint: String) {
        self.absent.push(Absent {
            code: Code::E0101,
            key,
            place: self.place(pos),
            message,
            hint,
        });
    }

    /// A label some forms print, not found: recorded as [`Absent`].
    fn find_optional(&mut self, key: Key, from_row: usize, expected_at: Pos) -> Option<Pos> {
        let found = locate::find(self.sheet, self.labels(key), from_row);
        if found.is_none() {
            let (message, hint) = crate::diag::text::no_label(
                self.word(key),
                &self.sheet.cell_name(expected_at.0, expected_at.1),
            );
            self.absent(key, expected_at, message, hint);
        }
        found
    }

    fn find(&mut self, key: Key, from_row: usize, expected_at: Pos) -> Option<Pos> {
        let found = locate::find(self.sheet, self.labels(key), from_row);
        if found.is_none() {
            self.missing(self.word(key), expected_at);
        }
        found
    }

    fn text(&self, pos: Pos) -> Located<String> {
        Located::new(self.sheet.value(pos.0, pos.1).text(), self.place(pos))
    }

    /// The text right of a label, required: blank is E0101.
    fn value_right(&mut self, label: Pos) -> Option<Located<String>> {
        let what = self.label_at(label);
        let (pos, found) = locate::right_of(self.sheet, label, &self.words.vocab);
        if !found {
            let (message, hint) = msg::value_missing(&what);
            self.report(Code::E0101, pos, message, hint);
            return None;
        }
        Some(self.text(pos))
    }

    /// A number jixiao derives anyway (年度资金总额, 执行率, 得分, 总分): a formula
    /// without a saved result or an error value such as `#DIV/0!` (a rate over a
    /// zero budget) is left to jixiao, with a note.
    fn derived_number(
        &mut self,
        pos: Pos,
        label: &str,
        kind: Kind,
    ) -> Result<Option<Located<Num>>, Bad> {
        let why = match self.sheet.value(pos.0, pos.1) {
            Value::Formula(f) => msg::formula_unsaved(f),
            Value::Error(e) => msg::shows_error(e),
            _ => return self.number(pos, label, kind),
        };
        let (message, hint) = msg::derived(label, &why);
        self.report(Code::E0705, pos, message, hint);
        Ok(None)
    }

    /// A number in a cell with the decimals it shows; blank or “-” is `None`.
    /// Text such as "117.94", "100.00%", "10分" and "1,234.5" is accepted.
    fn number(&mut self, pos: Pos, label: &str, kind: Kind) -> Result<Option<Located<Num>>, Bad> {
        let value = self.sheet.value(pos.0, pos.1);
        if let Value::Formula(f) = value {
            let (message, hint) = msg::unsaved_formula(label, f);
            self.report(Code::E0706, pos, message, hint);
            return Err(Bad);
        }
        let shown = value.text();
        if cell::not_applicable(&shown) {
            return Ok(None);
        }
        let parsed = match value {
            Value::Number(f, format) => cell::decimal(*f, format).ok_or(Unreadable::NotANumber),
            _ => typed::parse(&shown, kind),
        };
        match parsed {
            Ok(n) if n.value.abs() < crate::model::num::max_figure() => {
                Ok(Some(Located::new(n, self.place(pos))))
            }
            Ok(_) => {
                let (message, hint) = crate::input::out_of_range(label, &shown);
                self.report(Code::E0109, pos, message, hint);
                Err(Bad)
            }
            Err(why) => {
                let message = match why {
                    Unreadable::Unit(unit) => crate::input::wrong_unit(label, &shown, &unit),
                    Unreadable::NotANumber => msg::cell_not_a_number(label, &shown),
                };
                let hint = msg::cell_number_hint(kind.example());
                self.report(Code::E0703, pos, message, hint);
                Err(Bad)
            }
        }
    }

    /// The table; what is missing or unreadable is reported and filled in (see
    /// [`Gaps`]), so that every other rule still runs.
    fn project(&mut self) -> Option<Project> {
        let name_at = self.find(Key::Name, 0, (0, 0));
        let top = name_at.map_or(0, |p| p.0);
        let year = self.year(top);
        let name = name_at.and_then(|p| self.value_right(p));
        let dept_at = self.find(Key::Department, top, (top + 1, name_at.map_or(0, |p| p.1)));
        let department = dept_at.and_then(|p| self.value_right(p));
        let unit_at = self.find(Key::Unit, top, (top + 1, 4));
        let unit = unit_at.and_then(|p| self.value_right(p));
        let here = self.place((top, 0));
        let funds = self.funds(top).unwrap_or_else(|| {
            self.gaps.funds = true;
            Funds::zero()
        });
        let goals = self.goals(top);
        let (indicators, total_row, score_col) = match self.indicators(top) {
            Some((i, t, s)) => (i, t, s),
            None => {
                self.gaps.weights = true;
                self.gaps.scores = true;
                (Vec::new(), None, None)
            }
        };
        let before = self.errors();
        let total = match (total_row, score_col) {
            (Some(r), Some(c)) => self
                .derived_number((r, c), msg::TOTAL, Kind::Points)
                .ok()
                .flatten(),
            _ => None,
        };
        self.gaps.scores |= self.errors() > before;
        let grade = match (
            locate::find(self.sheet, self.labels(Key::Grade), top),
            total_row,
            score_col,
        ) {
            (Some(p), _, _) => {
                let (pos, found) = locate::right_of(self.sheet, p, &self.words.vocab);
                found.then_some(pos)
            }
            // No 评分等级 label: a grade at the end of the 总分 row (yunnan).
            (None, Some(r), Some(c)) => {
                let (pos, found) = locate::right_of(self.sheet, (r, c), &self.words.vocab);
                found.then_some(pos)
            }
            _ => None,
        }
        // A formula whose result was never saved is derived, like every computed
        // cell: not a grade written empty.
        .filter(|&(r, c)| !matches!(self.sheet.value(r, c), Value::Formula(_)))
        .map(|pos| self.text(pos));
        let blank = || Located::new(String::new(), here.clone());
        Some(Project {
            source: self.file.clone(),
            year,
            form: None,
            order: None,
            name: name.unwrap_or_else(blank),
            department: department.unwrap_or_else(blank),
            unit: unit.unwrap_or_else(blank),
            funds,
            goals: goals.unwrap_or_else(|| Goals {
                expected: blank().map(|_| Vec::new()),
                actual: blank().map(|_| Vec::new()),
            }),
            indicators,
            total,
            grade,
            fields: Default::default(),
            gaps: self.gaps,
            absent: std::mem::take(&mut self.absent),
            accepted: Vec::new(),
        })
    }

    /// The fields a form adds that the sheet writes: each word as a label, its
    /// text to the right (a label with nothing beside it is not written).
    fn fields(&mut self) -> std::collections::BTreeMap<String, Located<String>> {
        let mut out = std::collections::BTreeMap::new();
        for word in &self.words.fields {
            let Some(at) = locate::find(self.sheet, &[locate::norm(word)], 0) else {
                continue;
            };
            let (pos, found) = locate::right_of(self.sheet, at, &self.words.vocab);
            if found {
                out.insert(word.clone(), self.text(pos));
            }
        }
        out
    }

    /// How many errors have been reported so far.
    fn errors(&self) -> usize {
        crate::diag::error_count(&self.diags)
    }

    /// 年度 from a title line such as “(2024年度)” above the table.
    fn year(&mut self, top: usize) -> Option<Located<u16>> {
        let sheet = self.sheet;
        let found = (0..top.max(1).min(sheet.rows())).find_map(|r| {
            (0..sheet.cells[r].len()).find_map(|c| {
                let t = sheet.raw(r, c).text();
                if !t.contains(msg::YEAR_SUFFIX)
                    || self
                        .words
                        .vocab
                        .is_any(&t, crate::form::vocab::section::LABELS)
                {
                    return None;
                }
                let digits: Vec<char> = t.chars().collect();
                digits.windows(4).find_map(|w| {
                    let s: String = w.iter().collect();
                    s.parse::<u16>()
                        .ok()
                        .filter(|y| (1990..=2200).contains(y) && w.iter().all(char::is_ascii_digit))
                        .map(|y| Located::new(y, self.place((r, c))))
                })
            })
        })?;
        Some(found)
    }

    fn goals(&mut self, top: usize) -> Option<Goals> {
        // A 目标表 writes its 年度总体目标 right of the label, with no 预期目标.
        let beside = match locate::find(self.sheet, self.labels(Key::Expected), top) {
            Some(_) => None,
            None => locate::find(self.sheet, self.labels(Key::Goals), top)
                .map(|g| locate::right_of(self.sheet, g, &self.words.vocab))
                .and_then(|(at, found)| found.then_some(at)),
        };
        let expected_at = match beside {
            Some(_) => None,
            None => self.find_optional(Key::Expected, top, (top + 8, 1)),
        };
        let actual_at = self.find_optional(Key::Achieved, top, (top + 8, 4));
        let here = self.place((top, 0));
        let blank = || Located::new(Vec::new(), here.clone());
        let expected = match beside {
            Some(at) => self.paragraphs_at(at, Key::Expected, self.word(Key::Goals)),
            None => expected_at.and_then(|p| self.paragraphs(p, Key::Expected)),
        };
        let actual = actual_at.and_then(|p| self.paragraphs(p, Key::Achieved));
        Some(Goals {
            expected: expected.unwrap_or_else(blank),
            actual: actual.unwrap_or_else(blank),
        })
    }

    /// Goal text below its label (or right of it), one paragraph per line.
    fn paragraphs(&mut self, label: Pos, key: Key) -> Option<Located<Vec<String>>> {
        let what = self.label_at(label);
        let what = what.as_str();
        let below = locate::below(self.sheet, label);
        let pos = if self.sheet.value(below.0, below.1).is_blank() {
            let (right, found) = locate::right_of(self.sheet, label, &self.words.vocab);
            if found {
                right
            } else {
                below
            }
        } else {
            below
        };
        self.paragraphs_at(pos, key, what)
    }

    /// Goal text in the cell at `pos`, one paragraph per line (`what` names it).
    fn paragraphs_at(&mut self, pos: Pos, key: Key, what: &str) -> Option<Located<Vec<String>>> {
        let text = self.text(pos);
        let paragraphs: Vec<String> = text
            .value
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if paragraphs.is_empty() {
            // Blank: empty, and an error on a form that requires it.
            self.absent.push(Absent {
                code: Code::E0105,
                key,
                place: self.place(pos),
                message: msg::empty(what),
                hint: msg::write_below(what),
            });
        }
        Some(Located::new(paragraphs, text.place))
    }
}
