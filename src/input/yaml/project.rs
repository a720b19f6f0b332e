//! Building the project from the YAML tree: the form's blocks one by one.

use super::cx::Cx;
use super::cx::PROJECT;
use crate::diag::msg::input as msg;
use crate::diag::Code;
use crate::diag::Place;
use crate::form::vocab::{section, Key};
use crate::input::node::{Node, Value};
use crate::input::typed::Kind;
use rust_decimal::Decimal;

use crate::model::{
    is_placeholder, Absent, Acceptance, Actual, FundRow, Funds, Goals, Indicator, Level1, Level2,
    Located, Marks, Num, Project, Target, Written,
};

impl Cx {
    pub(super) fn project(&mut self, root: &Node) -> Option<Project> {
        let extra = std::mem::take(&mut self.words.fields);
        let f = self.fields_with(root, PROJECT, section::PROJECT, &extra)?;
        let fields = f
            .extra
            .iter()
            .filter_map(|(word, node)| Some((word.clone(), self.text(node, word, false)?)))
            .filter(|(_, text)| !text.value.is_empty())
            .collect();
        let year = f.get(Key::Year).and_then(|n| self.year(n));
        let form = f
            .get(Key::Form)
            .and_then(|n| self.text(n, &self.word(Key::Form), true));
        let order = self.opt_decimal(&f, Key::Order);
        // What is missing or unreadable is reported and filled in, so that every
        // other rule still runs (see `Gaps`); such a project is never published.
        let blank = || Located::new(String::new(), f.place.clone());
        let name = self
            .required_text(&f, Key::Name, PROJECT)
            .unwrap_or_else(blank);
        let department = self
            .required_text(&f, Key::Department, PROJECT)
            .unwrap_or_else(blank);
        let unit = self
            .required_text(&f, Key::Unit, PROJECT)
            .unwrap_or_else(blank);
        let funds = self
            .required(&f, Key::Funds, PROJECT)
            .and_then(|n| self.funds(n))
            .unwrap_or_else(|| {
                self.gaps.funds = true;
                Funds::zero()
            });
        let goals = self
            .optional(&f, Key::Goals, PROJECT)
            .and_then(|n| self.goals(n))
            .unwrap_or_else(|| Goals {
                expected: Located::new(Vec::new(), f.place.clone()),
                actual: Located::new(Vec::new(), f.place.clone()),
            });
        let indicators = self
            .required(&f, Key::Indicators, PROJECT)
            .and_then(|n| self.indicators(n))
            .unwrap_or_else(|| {
                self.gaps.weights = true;
                self.gaps.scores = true;
                Vec::new()
            });
        let before = self.errors();
        let total = self.opt_number(&f, Key::Total, Kind::Points);
        self.gaps.scores |= self.errors() > before;
        let grade = f
            .get(Key::Grade)
            .and_then(|n| self.text(n, &self.word(Key::Grade), true));
        let accepted = f
            .get(Key::Accepted)
            .map(|n| self.acceptances(n))
            .unwrap_or_default();
        Some(Project {
            source: self.file.clone(),
            year,
            form,
            order,
            name,
            department,
            unit,
            funds,
            goals,
            indicators,
            total,
            grade,
            fields,
            gaps: self.gaps,
            absent: std::mem::take(&mut self.absent),
            accepted,
        })
    }

    /// 已确认: `代码: 理由` lines (see [`crate::input::accepted::entries`]).
    fn acceptances(&mut self, node: &Node) -> Vec<Acceptance> {
        let word = self.word(Key::Accepted);
        let (found, mut diags) = crate::input::accepted::entries(node, &word, &self.file);
        self.diags.append(&mut diags);
        found
    }

    fn year(&mut self, node: &Node) -> Option<Located<u16>> {
        let year = node
            .scalar_text()
            .and_then(|s| {
                s.trim()
                    .trim_end_matches(msg::YEAR_SUFFIX)
                    .parse::<u16>()
                    .ok()
            })
            .filter(|y| (1990..=2200).contains(y));
        if year.is_none() {
            let (message, hint) = msg::bad_year(
                &node
                    .scalar_text()
                    .unwrap_or_else(|| node.kind().to_string()),
            );
            self.hint(Code::E0104, &node.place, message, hint);
        }
        let year = Located::new(year?, node.place.clone());
        Some(year)
    }

    /// The budget block; what cannot be read is reported, filled in with 0 and
    /// marked as a gap, so that the block's other rules are skipped but the rest
    /// of the table is checked.
    fn funds(&mut self, node: &Node) -> Option<Funds> {
        let before = self.errors();
        let sources = std::mem::take(&mut self.words.sources);
        let f = self.fields_with(node, &self.word(Key::Funds), section::FUNDS, &sources);
        self.words.sources = sources;
        let f = f?;
        let weight = self.opt_number(&f, Key::FundsWeight, Kind::Points);
        let score = self.opt_number(&f, Key::Score, Kind::Points);
        let zero = |name: &str| FundRow::zero(name, f.place.clone());
        // A total written blank is left to jixiao, which adds up the rows.
        let total = f.get(Key::FundsTotal).and_then(|n| {
            let word = self.word(Key::FundsTotal);
            let absent = self.absent.len();
            let mut row = self.fund_row(n, &word).unwrap_or_else(|| zero(&word));
            // A 目标表's total has no 全年执行数 at all.
            let no_spent = self.absent[absent..].iter().any(|a| a.key == Key::Spent);
            let blank = |m: &Option<String>| m.as_deref() == Some("");
            if blank(&row.marks.rate) {
                row.marks.rate = None;
            }
            (!blank(&row.marks.budget) && (no_spent || !blank(&row.marks.spent))).then_some(row)
        });
        // The sources in the order written: the national ones, and those forms add.
        let mut written: Vec<(String, &Node, Place)> = f
            .entries
            .iter()
            .filter(|(key, _)| matches!(key, Key::Appropriation | Key::Carryover | Key::Other))
            .map(|(key, n)| (self.word(*key), *n, n.place.clone()))
            .chain(
                f.extra
                    .iter()
                    .map(|(w, n)| (w.clone(), *n, n.place.clone())),
            )
            .collect();
        written.sort_by(|a, b| a.2.cmp(&b.2));
        if written.is_empty() {
            // No source row: an error on a form that has them.
            let (message, hint) = crate::diag::text::no_source(
                &self.word(Key::Funds),
                &self.word(Key::Appropriation),
            );
            self.absent.push(Absent {
                code: Code::E0101,
                key: Key::Sources,
                place: f.place.clone(),
                message,
                hint,
            });
        }
        let sources = written
            .into_iter()
            .map(|(name, n, _)| self.fund_row(n, &name).unwrap_or_else(|| zero(&name)))
            .collect();
        let mut funds = Funds {
            weight,
            score,
            total,
            sources,
            unit_stated: true,
        };
        match self.amounts_in_yuan(&f) {
            Some(true) => funds.from_yuan(),
            Some(false) => {}
            None => funds.unit_stated = false,
        }
        self.gaps.funds |= self.errors() > before;
        Some(funds)
    }

    /// `金额单位: 元` converts the amounts to 万元; 万元 (the default) keeps them.
    /// `金额单位`: `Some(true)` for 元 (the amounts are converted to 万元),
    /// `Some(false)` for 万元 (or a unit that cannot be read, reported), `None`
    /// when the table does not say (its form's unit applies).
    fn amounts_in_yuan(&mut self, f: &super::cx::Fields) -> Option<bool> {
        let node = f.get(Key::AmountUnit)?;
        let Some(unit) = self.text(node, &self.word(Key::AmountUnit), true) else {
            return Some(false);
        };
        Some(match unit.value.trim() {
            msg::UNIT_YUAN | msg::UNIT_RMB_YUAN => true,
            msg::UNIT_WAN_YUAN => false,
            other => {
                let (message, hint) = msg::bad_amount_unit(other);
                self.hint(Code::E0104, &unit.place, message, hint);
                false
            }
        })
    }

    fn fund_row(&mut self, node: &Node, what: &str) -> Option<FundRow> {
        // A source written without amounts (`上年结转资金:`, `{}`) is a blank row.
        let empty = match &node.value {
            Value::Null => true,
            Value::Map(entries) => entries.is_empty(),
            _ => false,
        };
        if empty {
            let mut row = FundRow::zero(what, node.place.clone());
            row.initial = None;
            row.marks = Marks::blank();
            return Some(row);
        }
        let f = self.fields(node, what, section::FUND_ROW)?;
        // A cell written with no number: blank (`全年预算数:`, `""`) or `—`.
        let mark = |key: Key| {
            let (_, node) = f.entries.iter().find(|(k, _)| *k == key)?;
            match &node.value {
                Value::Null => Some(String::new()),
                Value::Str(s) if crate::input::sheet::cell::not_applicable(s) => {
                    Some(s.trim().to_string())
                }
                _ => None,
            }
        };
        let marks = Marks {
            initial: mark(Key::Initial),
            budget: mark(Key::Budget),
            spent: mark(Key::Spent),
            rate: mark(Key::Rate),
        };
        let zero = || Located::new(Num::written(Decimal::ZERO), f.place.clone());
        let amount = |cx: &mut Cx, key: Key, marked: bool| {
            if marked {
                let at = f.entries.iter().find(|(k, _)| *k == key);
                return at.map_or_else(zero, |(_, n)| {
                    Located::new(Num::written(Decimal::ZERO), n.place.clone())
                });
            }
            cx.required(&f, key, what)
                .and_then(|n| cx.number(n, &cx.word(key), Kind::Amount))
                .unwrap_or_else(zero)
        };
        let initial = match marks.initial {
            Some(_) => None,
            None => self.opt_number(&f, Key::Initial, Kind::Amount),
        };
        let budget = amount(self, Key::Budget, marks.budget.is_some());
        // A 目标表 has no 全年执行数: left out, it is recorded as absent (an
        // error on every 自评表) and the cell prints blank.
        let mut marks = marks;
        if !f.entries.iter().any(|(k, _)| *k == Key::Spent) {
            self.optional(&f, Key::Spent, what);
            marks.spent = Some(String::new());
        }
        let spent = amount(self, Key::Spent, marks.spent.is_some());
        let rate = match marks.rate {
            Some(_) => None,
            None => self.opt_number(&f, Key::Rate, Kind::Rate),
        };
        Some(FundRow {
            marks,
            name: what.to_string(),
            place: f.place.clone(),
            initial,
            budget,
            spent,
            rate,
        })
    }

    fn goals(&mut self, node: &Node) -> Option<Goals> {
        let goals = self.word(Key::Goals);
        let f = self.fields(node, &goals, section::GOALS)?;
        let empty = || Located::new(Vec::new(), f.place.clone());
        // One that cannot be read is reported (and left empty).
        let expected = self
            .optional(&f, Key::Expected, &goals)
            .and_then(|n| self.paragraphs(n, Key::Expected));
        let actual = self
            .optional(&f, Key::Achieved, &goals)
            .and_then(|n| self.paragraphs(n, Key::Achieved));
        Some(Goals {
            expected: expected.unwrap_or_else(empty),
            actual: actual.unwrap_or_else(empty),
        })
    }

    /// Goal text: a string (each non-blank line a paragraph) or a list of paragraphs.
    /// Goal text (`key`: 预期目标 or 实际完成情况); written blank, it is empty
    /// and recorded as absent (E0105 on a form that requires it).
    fn paragraphs(&mut self, node: &Node, key: Key) -> Option<Located<Vec<String>>> {
        let label = &self.word(key);
        let mut out = Vec::new();
        match &node.value {
            Value::Seq(items) => {
                for item in items {
                    out.push(self.text(item, label, false)?.value);
                }
            }
            _ => {
                let text = self.text(node, label, false)?;
                out.extend(text.value.lines().map(str::trim).map(str::to_string));
            }
        }
        out.retain(|p| !p.is_empty());
        if out.is_empty() {
            self.absent.push(Absent {
                code: Code::E0105,
                key,
                place: node.place.clone(),
                message: msg::empty(label),
                hint: msg::write_goal_text(label),
            });
        }
        Some(Located::new(out, node.place.clone()))
    }

    fn indicators(&mut self, node: &Node) -> Option<Vec<Level1>> {
        let hierarchy = msg::INDICATOR_HIERARCHY.to_string();
        let Value::Map(level1) = &node.value else {
            self.hint(
                Code::E0104,
                &node.place,
                msg::indicators_not_a_map(node.kind()),
                hierarchy,
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (k1, v1) in level1 {
            let Some(name1) = self.text(k1, &self.word(Key::Level1), true) else {
                ok = false;
                continue;
            };
            if v1.value == Value::Null {
                self.hint(
                    Code::E0101,
                    &name1.place,
                    msg::level1_without_level2(&name1.value),
                    msg::LEVEL1_WITHOUT_LEVEL2_HINT.to_string(),
                );
                ok = false;
                continue;
            }
            let Value::Map(level2) = &v1.value else {
                self.hint(
                    Code::E0104,
                    &v1.place,
                    msg::level1_not_a_map(&name1.value, v1.kind()),
                    hierarchy.clone(),
                );
                ok = false;
                continue;
            };
            let mut groups = Vec::new();
            for (k2, v2) in level2 {
                let Some(name2) = self.text(k2, &self.word(Key::Level2), true) else {
                    ok = false;
                    continue;
                };
                match self.level2(name2, v2, &hierarchy) {
                    Some(group) => groups.push(group),
                    None => ok = false,
                }
            }
            if groups.is_empty() && ok {
                self.push(
                    Code::E0101,
                    &v1.place,
                    msg::level1_without_level2(&name1.value),
                );
                ok = false;
            }
            out.push(Level1 {
                name: name1,
                groups,
            });
        }
        if out.is_empty() && ok {
            self.push(Code::E0101, &node.place, msg::NO_INDICATORS.to_string());
            ok = false;
        }
        if !ok {
            // Groups or indicators left out: their weights and scores are unknown.
            self.gaps.weights = true;
            self.gaps.scores = true;
        }
        Some(out)
    }

    /// A 二级 group: its list of 三级指标, or (on a form that scores each
    /// group) `{ 得分: 20, 三级指标: [...] }`.
    fn level2(&mut self, name: Located<String>, node: &Node, hierarchy: &str) -> Option<Level2> {
        let mut score = None;
        let mut node = node;
        // A group map holds its 三级指标 as a list; a map with one 三级指标 name is
        // an indicator written without its `-` (reported below).
        let vocab = self.words.vocab.clone();
        let group_map = match &node.value {
            Value::Map(entries) => entries.iter().any(|(k, v)| {
                matches!(v.value, Value::Seq(_))
                    && vocab.lookup(section::GROUP, &k.scalar_text().unwrap_or_default())
                        == Some(Key::Level3)
            }),
            _ => false,
        };
        if group_map {
            let f = self.fields(node, &name.value, section::GROUP)?;
            score = self.opt_number(&f, Key::Score, Kind::Points);
            match f.get(Key::Level3) {
                Some(list) => node = list,
                None => {
                    let (message, hint) = msg::level2_without_level3(&name.value);
                    self.hint(Code::E0101, &name.place, message, hint);
                    return None;
                }
            }
        }
        let (indicators, blank_rows) = self.level3_rows(&name, node, hierarchy)?;
        Some(Level2 {
            name,
            indicators,
            blank_rows,
            score,
        })
    }

    /// The 三级指标 of a group, and the rows its template left.
    fn level3_rows(
        &mut self,
        name: &Located<String>,
        node: &Node,
        hierarchy: &str,
    ) -> Option<(Vec<Indicator>, Vec<Located<String>>)> {
        let empty = Vec::new();
        let items = match &node.value {
            Value::Seq(items) => items,
            Value::Null => &empty,
            _ => {
                self.hint(
                    Code::E0104,
                    &node.place,
                    msg::level2_not_a_list(&name.value, node.kind()),
                    hierarchy.to_string(),
                );
                return None;
            }
        };
        if items.is_empty() {
            let (message, hint) = msg::level2_without_level3(&name.value);
            self.hint(Code::E0101, &name.place, message, hint);
            return None;
        }
        let mut out = Vec::new();
        let mut blank_rows = Vec::new();
        let mut ok = true;
        for item in items {
            // A row the template left (`- 指标2`, `- ……`, `- ""`): kept, never scored.
            if let Some(text) = item.scalar_text().filter(|t| is_placeholder(t)) {
                blank_rows.push(Located::new(text.trim().to_string(), item.place.clone()));
                continue;
            }
            match self.indicator(item) {
                Some(i) => out.push(i),
                None => ok = false,
            }
        }
        if !ok {
            self.gaps.weights = true;
            self.gaps.scores = true;
        }
        Some((out, blank_rows))
    }

    fn indicator(&mut self, node: &Node) -> Option<Indicator> {
        let f = self.fields(node, &self.word(Key::Level3), section::INDICATOR)?;
        let name = self.required_text(&f, Key::Level3, &self.word(Key::Level3));
        let level3 = self.word(Key::Level3);
        let what = name
            .as_ref()
            .map_or(level3.clone(), |n| format!("{level3}“{}”", n.value));
        let start = self.errors();
        let mut written = Written::default();
        // A target split as some forms print it: 指标性质 | 指标值 | 度量单位.
        let part = |cx: &mut Cx, key: Key| {
            f.get(key)
                .and_then(|n| cx.text(n, &cx.word(key), false))
                .map(|t| t.value)
                .unwrap_or_default()
        };
        let split = (part(self, Key::TargetOp), part(self, Key::TargetUnit));
        let target = self
            .required(&f, Key::Target, &what)
            .and_then(|n| self.target(n, &what, &split, &mut written.target));
        let unit = target
            .as_ref()
            .and_then(|t| t.value.unit().map(str::to_string));
        let actual = f
            .get(Key::Actual)
            .and_then(|n| self.actual(n, &what, unit.as_deref(), &mut written.actual));
        let before_weight = self.errors();
        let weight_word = self.word(Key::Weight);
        // A detail row (`其中：…`) needs no 分值.
        let detail = name
            .as_ref()
            .is_some_and(|n| crate::model::is_detail(&n.value));
        let weight_node = if detail {
            f.get(Key::Weight)
        } else {
            self.optional(&f, Key::Weight, &what)
        };
        let weight = weight_node.and_then(|n| self.number(n, &weight_word, Kind::Points));
        if !detail && weight_node.is_some() && weight.is_none() && self.errors() == before_weight {
            // Written as `—`: a row without 分值, an error on a form that requires one.
            let mut a = self.absent(&f, Key::Weight, &what);
            a.place = f.place.clone();
            self.absent.push(a);
        }
        let before_score = self.errors();
        let score = self.opt_number(&f, Key::Score, Kind::Points);
        let score_unread = self.errors() > before_score;
        // A 分值 that cannot be read (not one left out: see `absent`).
        self.gaps.weights |= self.errors() > before_weight && weight.is_none();
        self.gaps.scores |= score_unread;
        let reason = f
            .get(Key::Reason)
            .and_then(|n| self.text(n, &self.word(Key::Reason), false))
            .filter(|r| !r.value.is_empty());
        // Missing values are filled in so that the table's other rules still run;
        // this indicator's own rules are skipped.
        let complete = target.is_some()
            && (weight.is_some() || detail)
            && before_weight == start
            && !score_unread;
        Some(Indicator {
            place: f.place.clone(),
            name: name.unwrap_or_else(|| Located::new(String::new(), f.place.clone())),
            target: target.unwrap_or_else(|| {
                Located::new(Target::Qualitative(String::new()), f.place.clone())
            }),
            actual,
            weight,
            score,
            reason,
            written,
            complete,
        })
    }

    /// 年度指标值; `(op, unit)` of a target written in three parts go around it.
    fn target(
        &mut self,
        node: &Node,
        what: &str,
        (op, unit): &(String, String),
        written: &mut String,
    ) -> Option<Located<Target>> {
        let mut text = self.text(node, &self.word(Key::Target), true)?;
        text.value = format!("{}{}{}", op.trim(), text.value, unit.trim());
        written.clone_from(&text.value);
        match Target::parse(&text.value) {
            Ok(t) => Some(Located::new(t, text.place)),
            Err(e) => {
                let (message, hint) = crate::input::bad_target(what, &e);
                self.hint(Code::E0301, &text.place, message, hint);
                // Kept as text so that the other rules still run; the error blocks publication.
                Some(Located::new(Target::Qualitative(text.value), text.place))
            }
        }
    }

    fn actual(
        &mut self,
        node: &Node,
        what: &str,
        unit: Option<&str>,
        written: &mut String,
    ) -> Option<Located<Actual>> {
        let text = self.text(node, &self.word(Key::Actual), false)?;
        written.clone_from(&text.value);
        match Actual::parse(&text.value, unit) {
            Ok(a) => Some(Located::new(a, text.place)),
            Err(e) => {
                let (message, hint) = crate::input::bad_actual(what, &e);
                self.hint(Code::E0302, &text.place, message, hint);
                // Kept as text: it was written (no E0504), and the error blocks publication.
                Some(Located::new(Actual::Qualitative(text.value), text.place))
            }
        }
    }
}
