//! Building a [`Project`] from one sheet: each field is read next to (or below)
//! its label; a missing label is reported at the cell where it was expected.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;

use super::locate::{self, labels, Pos};
use super::{Sheet, SheetProject};
use crate::diag::{Diagnostic, Place};
use crate::model::{
    Actual, FundRow, Funds, Goals, Indicator, Level1, Level2, Located, Project, Target,
};

/// Labels of which at least [`MIN_LABELS`] must be found for a sheet to hold a table.
const SECTIONS: &[&[&str]] = &[
    labels::NAME,
    labels::DEPARTMENT,
    labels::UNIT,
    labels::INITIAL,
    labels::APPROPRIATION,
    labels::EXPECTED,
    labels::LEVEL3,
    labels::TARGET,
];

/// How many of [`SECTIONS`] make a sheet a table (a summary sheet has 项目名称 only).
const MIN_LABELS: usize = 3;

/// Reads the table of one sheet; `None` when the sheet holds no table at all.
pub fn read_sheet(file: &Path, sheet: &Sheet) -> Option<SheetProject> {
    let found = SECTIONS
        .iter()
        .filter(|l| locate::find(sheet, l, 0).is_some())
        .count();
    if found < MIN_LABELS {
        return None;
    }
    let mut cx = Cx {
        file: file.to_path_buf(),
        sheet,
        diags: Vec::new(),
    };
    let project = cx.project();
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
    diags: Vec<Diagnostic>,
}

/// A number cell that could not be read (already reported).
struct Bad;

impl Cx<'_> {
    fn place(&self, pos: Pos) -> Place {
        self.sheet.place(pos.0, pos.1)
    }

    fn report(&mut self, code: &'static str, pos: Pos, message: String, hint: String) {
        let place = self.place(pos);
        self.diags
            .push(Diagnostic::new(code, self.file.clone(), place, message).with_hint(hint));
    }

    /// A label that should be at `pos` but is nowhere in the sheet.
    fn missing(&mut self, label: &str, pos: Pos) {
        self.report(
            "E0702",
            pos,
            format!(
                "找不到栏目“{label}”（预期在 {} 附近）",
                super::cell_name(pos.0, pos.1)
            ),
            format!("在表中写出“{label}”这一栏目名，或检查它的拼写"),
        );
    }

    fn find(&mut self, variants: &[&str], from_row: usize, expected_at: Pos) -> Option<Pos> {
        let found = locate::find(self.sheet, variants, from_row);
        if found.is_none() {
            self.missing(variants[0], expected_at);
        }
        found
    }

    fn text(&self, pos: Pos) -> Located<String> {
        Located::new(self.sheet.value(pos.0, pos.1).text(), self.place(pos))
    }

    /// The text right of a label, required: blank is E0101.
    fn value_right(&mut self, label: Pos, what: &str) -> Option<Located<String>> {
        let (pos, found) = locate::right_of(self.sheet, label);
        if !found {
            self.report(
                "E0101",
                pos,
                format!("“{what}”没有填写"),
                format!("在“{what}”右边的单元格中填上内容"),
            );
            return None;
        }
        Some(self.text(pos))
    }

    /// A number in a cell; blank or “-” is `None`. Text such as "117.94",
    /// "100.00%", "10分" and "1,234.5" is accepted.
    fn number(&mut self, pos: Pos, label: &str) -> Result<Option<Located<Decimal>>, Bad> {
        let value = self.sheet.value(pos.0, pos.1);
        let shown = value.text();
        if matches!(shown.as_str(), "" | "-" | "—" | "－" | "/") {
            return Ok(None);
        }
        let cleaned = shown.replace([',', '，', ' '], "");
        let cleaned = ["%", "％", "万元", "元", "分"]
            .iter()
            .fold(cleaned.as_str(), |s, u| s.strip_suffix(u).unwrap_or(s))
            .trim();
        match Decimal::from_str(cleaned).or_else(|_| Decimal::from_scientific(cleaned)) {
            Ok(d) => Ok(Some(Located::new(d, self.place(pos)))),
            Err(_) => {
                self.report(
                    "E0703",
                    pos,
                    format!("“{label}”应为数字，单元格中是“{shown}”"),
                    "只写阿拉伯数字（可带 % 或单位），如 117.94、100.00%；不计的格子留空或写 -"
                        .to_string(),
                );
                Err(Bad)
            }
        }
    }

    fn project(&mut self) -> Option<Project> {
        let name_at = self.find(labels::NAME, 0, (0, 0));
        let top = name_at.map_or(0, |p| p.0);
        let year = self.year(top);
        let name = name_at.and_then(|p| self.value_right(p, "项目名称"));
        let dept_at = self.find(
            labels::DEPARTMENT,
            top,
            (top + 1, name_at.map_or(0, |p| p.1)),
        );
        let department = dept_at.and_then(|p| self.value_right(p, "主管部门"));
        let unit_at = self.find(labels::UNIT, top, (top + 1, 4));
        let unit = unit_at.and_then(|p| self.value_right(p, "实施单位"));
        let funds = self.funds(top);
        let goals = self.goals(top);
        let (indicators, total_row, score_col) = match self.indicators(top) {
            Some((i, t, s)) => (Some(i), t, s),
            None => (None, None, None),
        };
        let total = match (total_row, score_col) {
            (Some(r), Some(c)) => self.number((r, c), "总分").ok().flatten(),
            _ => None,
        };
        let grade = locate::find(self.sheet, labels::GRADE, top).and_then(|p| {
            let (pos, found) = locate::right_of(self.sheet, p);
            found.then(|| self.text(pos))
        });
        Some(Project {
            source: self.file.clone(),
            year,
            form: None,
            order: None,
            name: name?,
            department: department?,
            unit: unit?,
            funds: funds?,
            goals: goals?,
            indicators: indicators?,
            total,
            grade,
        })
    }

    /// 年度 from a title line such as “(2024年度)” above the table.
    fn year(&mut self, top: usize) -> Option<Located<u16>> {
        let sheet = self.sheet;
        let found = (0..top.max(1).min(sheet.rows())).find_map(|r| {
            (0..sheet.cells[r].len()).find_map(|c| {
                let t = sheet.raw(r, c).text();
                if !t.contains('年') || locate::is_form_label(&t) {
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

    fn funds(&mut self, top: usize) -> Option<Funds> {
        let header = self.find(labels::INITIAL, top, (top + 2, 2))?;
        let row = header.0;
        let col = |cx: &mut Cx, variants: &[&str], required: bool, after: usize| {
            let found = locate::find_in_row(cx.sheet, row, variants, 0, usize::MAX);
            if found.is_none() && required {
                cx.missing(variants[0], (row, after + 1));
            }
            found.map(|p| p.1)
        };
        let budget = col(self, labels::BUDGET, true, header.1);
        let spent = col(self, labels::SPENT, true, budget.unwrap_or(header.1 + 1));
        let weight_col = col(self, labels::FUNDS_WEIGHT, false, 0);
        let rate_col = col(self, labels::RATE, false, 0);
        let score_col = col(self, labels::SCORE, false, 0);
        let (budget, spent) = (budget?, spent?);
        let header_end = self
            .sheet
            .merge_at(row, header.1)
            .map_or(row, |(_, _, r1, _)| r1);
        let rows = header_end + 1..header_end + 10;
        let label = |cx: &Cx, variants: &[&str]| {
            locate::find_in_rows(cx.sheet, rows.clone(), variants, header.1)
        };
        let total_at = label(self, labels::TOTAL);
        let appr_at = label(self, labels::APPROPRIATION);
        let carry_at = label(self, labels::CARRYOVER);
        let other_at = label(self, labels::OTHER);
        if appr_at.is_none() {
            let expected = (
                total_at.map_or(header_end + 1, |p| p.0 + 1),
                header.1.saturating_sub(1),
            );
            self.missing("当年财政拨款", expected);
        }
        let cols = [header.1, budget, spent];
        let mut ok = true;
        let mut fund_row = |cx: &mut Cx, at: Option<Pos>, what: &str| -> Option<FundRow> {
            let at = at?;
            let mut amounts = Vec::new();
            for (c, key) in cols.iter().zip(["年初预算数", "全年预算数", "全年执行数"])
            {
                match cx.number((at.0, *c), &format!("{what}的{key}")) {
                    Ok(v) => amounts.push(
                        v.unwrap_or_else(|| Located::new(Decimal::ZERO, cx.place((at.0, *c)))),
                    ),
                    Err(Bad) => ok = false,
                }
            }
            let rate = match rate_col.map(|c| cx.number((at.0, c), &format!("{what}的执行率")))
            {
                Some(Ok(v)) => v,
                Some(Err(Bad)) => {
                    ok = false;
                    None
                }
                None => None,
            };
            let mut amounts = amounts.into_iter();
            let (initial, budget, spent) = (amounts.next()?, amounts.next()?, amounts.next()?);
            let rate = rate.map(|r| percent_cell(r, budget.value, spent.value));
            Some(FundRow {
                place: cx.place(at),
                initial,
                budget,
                spent,
                rate,
            })
        };
        let total = fund_row(self, total_at, "年度资金总额");
        let appropriation = fund_row(self, appr_at, "当年财政拨款");
        let header_place = self.place(header);
        let zero = || FundRow::zero(header_place.clone());
        let carryover =
            fund_row(self, carry_at, "上年结转资金").or_else(|| carry_at.is_none().then(zero));
        let other = fund_row(self, other_at, "其他资金").or_else(|| other_at.is_none().then(zero));
        // 分数 and 得分 sit on the 年度资金总额 row (or the first row when it is absent).
        let score_row = total_at.or(appr_at).map_or(header_end + 1, |p| p.0);
        let mut one = |cx: &mut Cx, c: Option<usize>, what: &str| match c {
            Some(c) => cx.number((score_row, c), what).unwrap_or_else(|Bad| {
                ok = false;
                None
            }),
            None => None,
        };
        let weight = one(self, weight_col, "分数");
        let score = one(self, score_col, "得分");
        if !ok {
            return None;
        }
        Some(Funds {
            weight,
            score,
            total,
            appropriation: appropriation?,
            carryover: carryover?,
            other: other?,
        })
    }

    fn goals(&mut self, top: usize) -> Option<Goals> {
        let expected_at = self.find(labels::EXPECTED, top, (top + 8, 1));
        let actual_at = self.find(labels::ACTUAL_GOALS, top, (top + 8, 4));
        let expected = expected_at.and_then(|p| self.paragraphs(p, "预期目标"));
        let actual = actual_at.and_then(|p| self.paragraphs(p, "实际完成情况"));
        Some(Goals {
            expected: expected?,
            actual: actual?,
        })
    }

    /// Goal text below its label (or right of it), one paragraph per line.
    fn paragraphs(&mut self, label: Pos, what: &str) -> Option<Located<Vec<String>>> {
        let below = locate::below(self.sheet, label);
        let pos = if self.sheet.value(below.0, below.1).is_blank() {
            let (right, found) = locate::right_of(self.sheet, label);
            if found {
                right
            } else {
                below
            }
        } else {
            below
        };
        let text = self.text(pos);
        let paragraphs: Vec<String> = text
            .value
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if paragraphs.is_empty() {
            self.report(
                "E0105",
                pos,
                format!("“{what}”为空"),
                format!("在“{what}”下面的单元格中写出{what}"),
            );
            return None;
        }
        Some(Located::new(paragraphs, text.place))
    }

    /// The indicator rows, the row of 总分 and the 得分 column.
    #[allow(clippy::type_complexity)]
    fn indicators(&mut self, top: usize) -> Option<(Vec<Level1>, Option<usize>, Option<usize>)> {
        let h = self.find(labels::LEVEL3, top, (top + 10, 2))?;
        let row = h.0;
        let col = |cx: &mut Cx, variants: &[&str], required: bool, near: usize| {
            let found = locate::find_in_row(cx.sheet, row, variants, 0, usize::MAX);
            if found.is_none() && required {
                cx.missing(variants[0], (row, near));
            }
            found.map(|p| p.1)
        };
        let c1 = col(self, labels::LEVEL1, true, h.1.saturating_sub(2));
        let c2 = col(self, labels::LEVEL2, true, h.1.saturating_sub(1));
        let ct = col(self, labels::TARGET, true, h.1 + 1);
        let ca = col(self, labels::ACTUAL, false, h.1 + 2);
        let cw = locate::find_in_row(self.sheet, row, labels::WEIGHT, h.1, usize::MAX).map(|p| p.1);
        if cw.is_none() {
            self.missing("分值", (row, h.1 + 3));
        }
        let cs = col(self, labels::SCORE, false, h.1 + 4);
        let cr = col(self, labels::REASON, false, h.1 + 5);
        let (c1, c2, ct, cw) = (c1?, c2?, ct?, cw?);
        let header_end = self
            .sheet
            .merge_at(h.0, h.1)
            .map_or(h.0, |(_, _, r1, _)| r1);
        let mut out: Vec<Level1> = Vec::new();
        let mut ok = true;
        let mut total_row = None;
        let mut last1: Option<Located<String>> = None;
        let mut last2: Option<Located<String>> = None;
        for r in header_end + 1..self.sheet.rows() {
            if locate::row_has(self.sheet, r, labels::TOTAL_SCORE).is_some()
                || locate::row_has(self.sheet, r, labels::GRADE).is_some()
            {
                total_row = locate::row_has(self.sheet, r, labels::TOTAL_SCORE).map(|p| p.0);
                break;
            }
            let blank = |c: Option<usize>| c.is_none_or(|c| self.sheet.value(r, c).is_blank());
            if blank(Some(h.1)) && blank(Some(ct)) && blank(Some(cw)) && blank(ca) && blank(cs) {
                continue;
            }
            let l1 = self.group_name(r, c1, &mut last1, "一级指标", true);
            let l2 = self.group_name(r, c2, &mut last2, "二级指标", false);
            let item = self.indicator(r, h.1, ct, ca, cw, cs, cr);
            let (Some(l1), Some(l2), Some(item)) = (l1, l2, item) else {
                ok = false;
                continue;
            };
            let new1 = out.last().is_none_or(|g| g.name.value != l1.value);
            if new1 {
                out.push(Level1 {
                    name: l1,
                    groups: Vec::new(),
                });
            }
            let Some(level1) = out.last_mut() else {
                continue;
            };
            let new2 = new1
                || level1
                    .groups
                    .last()
                    .is_none_or(|g| g.name.value != l2.value);
            if new2 {
                level1.groups.push(Level2 {
                    name: l2,
                    indicators: Vec::new(),
                });
            }
            if let Some(group) = level1.groups.last_mut() {
                group.indicators.push(item);
            }
        }
        if out.is_empty() && ok {
            self.report(
                "E0101",
                (header_end + 1, h.1),
                "“三级指标”下面没有任何指标".to_string(),
                "在表头“三级指标”下面逐行写出指标".to_string(),
            );
            ok = false;
        }
        ok.then_some((out, total_row, cs))
    }

    /// The 一级 or 二级 name of a row: written, merged from above, or blank below
    /// the last one written (carried down).
    fn group_name(
        &mut self,
        r: usize,
        c: usize,
        last: &mut Option<Located<String>>,
        what: &str,
        strip_weight: bool,
    ) -> Option<Located<String>> {
        let anchor = self.sheet.anchor(r, c);
        let raw = self.sheet.raw(anchor.0, anchor.1).text();
        let mut name: String = raw.chars().filter(|ch| !ch.is_whitespace()).collect();
        name = name.replace('（', "(").replace('）', ")");
        if strip_weight || name.ends_with("分)") {
            name = locate::strip_bracket(&name).to_string();
        }
        if name.is_empty() {
            if last.is_none() {
                self.report(
                    "E0101",
                    (r, c),
                    format!("{what}没有填写"),
                    format!("在第一行指标的“{what}”栏写出名称（合并单元格或只写一次均可）"),
                );
            }
            return last.clone();
        }
        let located = Located::new(name, self.place(anchor));
        // A name repeated on every row keeps the place where it was first written.
        match last {
            Some(l) if l.value == located.value && anchor.0 == r => Some(l.clone()),
            _ => {
                *last = Some(located.clone());
                Some(located)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn indicator(
        &mut self,
        r: usize,
        cn: usize,
        ct: usize,
        ca: Option<usize>,
        cw: usize,
        cs: Option<usize>,
        cr: Option<usize>,
    ) -> Option<Indicator> {
        let name = self.text((r, cn));
        if name.value.is_empty() {
            self.report(
                "E0101",
                (r, cn),
                "三级指标没有填写".to_string(),
                "在“三级指标”栏写出指标名称".to_string(),
            );
        }
        let what = format!("三级指标“{}”", name.value);
        let target_text = self.text((r, ct));
        let target = if target_text.value.is_empty() {
            self.report(
                "E0101",
                (r, ct),
                format!("{what}的“年度指标值”没有填写"),
                "定量指标写作 运算符+数字+单位（如 ≥90%），定性指标写文字（如 高）".to_string(),
            );
            None
        } else {
            Some(match Target::parse(&target_text.value) {
                Ok(t) => Located::new(t, target_text.place),
                Err(e) => {
                    self.report(
                        "E0301",
                        (r, ct),
                        format!("{what}的年度指标值无法识别: {}", e.0),
                        "定量指标写作 运算符+数字+单位（如 ≥90%、=5家、≤30万元），定性指标直接写文字（如 高、及时）".to_string(),
                    );
                    Located::new(Target::Qualitative(target_text.value), target_text.place)
                }
            })
        };
        let unit = target
            .as_ref()
            .and_then(|t| t.value.unit().map(str::to_string));
        let actual = ca.and_then(|c| {
            let text = self.text((r, c));
            if text.value.is_empty() {
                return None;
            }
            Some(match Actual::parse(&text.value, unit.as_deref()) {
                Ok(a) => Located::new(a, text.place),
                Err(e) => {
                    self.report(
                        "E0302",
                        (r, c),
                        format!("{what}的实际完成值无法识别: {}", e.0),
                        "写作 数字+单位（如 80%、25家），或定性文字（如 达成指标）".to_string(),
                    );
                    Located::new(Actual::Qualitative(text.value), text.place)
                }
            })
        });
        let weight = match self.number((r, cw), "分值") {
            Ok(Some(w)) => Some(w),
            Ok(None) => {
                self.report(
                    "E0101",
                    (r, cw),
                    format!("{what}的“分值”没有填写"),
                    "写出这个指标的分值，如 5".to_string(),
                );
                None
            }
            Err(Bad) => None,
        };
        let score = match cs.map(|c| self.number((r, c), "得分")) {
            Some(Err(Bad)) => return None,
            Some(Ok(s)) => s,
            None => None,
        };
        let reason = cr
            .map(|c| self.text((r, c)))
            .filter(|t| !t.value.is_empty());
        if name.value.is_empty() {
            return None;
        }
        Some(Indicator {
            place: self.place((r, cn)),
            name,
            target: target?,
            actual,
            weight: weight?,
            score,
            reason,
        })
    }
}

/// A 执行率 cell formatted as a percentage holds a fraction (100.00% is stored as 1):
/// when the fraction × 100 is the rate the amounts give, read it as percent.
fn percent_cell(rate: Located<Decimal>, budget: Decimal, spent: Decimal) -> Located<Decimal> {
    let computed = crate::score::rate(budget, spent);
    let scaled = rate.value * Decimal::ONE_HUNDRED;
    let close = (scaled - computed).abs() <= Decimal::new(1, 2);
    if rate.value <= Decimal::ONE && computed > Decimal::ONE && close {
        Located::new(
            crate::format::round(scaled, crate::score::PLACES),
            rate.place,
        )
    } else {
        rate
    }
}
