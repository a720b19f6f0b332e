//! What a form template sees: a scored project with every value already printed
//! the way the form prints it. Row counts are derived here, never typed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::form::print::{Print, TargetParts};
use crate::model::{FundRow, Num};
use crate::score::{FundFigures, Scored};

/// The template context for one project.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The year of the table, e.g. `2024`.
    pub year: u16,
    /// 项目名称.
    pub name: String,
    /// 主管部门.
    pub department: String,
    /// 实施单位.
    pub unit: String,
    /// 项目资金.
    pub funds: FundsView,
    /// 年度总体目标.
    pub goals: GoalsView,
    /// 绩效指标 groups with their row counts.
    pub indicators: Vec<Level1View>,
    /// Number of 三级指标 rows.
    pub indicator_rows: usize,
    /// Sum of all weights (budget and indicators).
    pub weight_total: String,
    /// Sum of the indicators' weights (`绩效指标(90分)` on some forms).
    pub indicator_weight: String,
    /// 总分.
    pub total: String,
    /// 总分 exactly.
    pub total_exact: String,
    /// 评分等级.
    pub grade: String,
    /// The fields the form adds, by its word: as written, or empty.
    pub fields: BTreeMap<String, String>,
}

/// The budget block, printed.
#[derive(Debug, Clone, Serialize)]
pub struct FundsView {
    /// 分数/分值 of budget execution.
    pub weight: String,
    /// 得分 of budget execution.
    pub score: String,
    /// 分数 exactly.
    pub weight_exact: String,
    /// 得分 exactly.
    pub score_exact: String,
    /// 年度资金总额.
    pub total: FundRowView,
    /// Each source of the form (当年财政拨款, 上年结转资金, 其他资金, or the form's
    /// own) by its word, and any other the table writes; a source not written
    /// is a row of zeros.
    pub sources: BTreeMap<String, FundRowView>,
}

/// One budget row, printed.
#[derive(Debug, Clone, Serialize)]
pub struct FundRowView {
    /// 年初预算数.
    pub initial: String,
    /// 全年预算数.
    pub budget: String,
    /// 全年执行数.
    pub spent: String,
    /// 执行率.
    pub rate: String,
    /// The same four figures exactly, for a spreadsheet to store (`value=` in the markup).
    pub exact: ExactRow,
}

/// One budget row's figures exactly, unrounded.
#[derive(Debug, Clone, Serialize)]
pub struct ExactRow {
    /// 年初预算数.
    pub initial: String,
    /// 全年预算数.
    pub budget: String,
    /// 全年执行数.
    pub spent: String,
    /// 执行率.
    pub rate: String,
}

/// 年度总体目标 as paragraphs.
#[derive(Debug, Clone, Serialize)]
pub struct GoalsView {
    /// 预期目标.
    pub expected: Vec<String>,
    /// 实际完成情况.
    pub actual: Vec<String>,
}

/// A 一级指标 and the rows it spans.
#[derive(Debug, Clone, Serialize)]
pub struct Level1View {
    /// Name.
    pub name: String,
    /// The sum of its indicators' 分值, printed (`产出指标(50分)` on some forms).
    pub weight: String,
    /// Rows spanned: all 三级指标 under it.
    pub rows: usize,
    /// Its 二级 groups.
    pub groups: Vec<Level2View>,
}

/// A 二级指标 and the rows it spans.
#[derive(Debug, Clone, Serialize)]
pub struct Level2View {
    /// Name.
    pub name: String,
    /// Rows spanned: its 三级指标.
    pub rows: usize,
    /// 得分 of the whole group, on a form that scores each 二级 (湖北); empty
    /// when the table gives none.
    pub score: String,
    /// That 得分 exactly.
    pub score_exact: String,
    /// Its 三级指标.
    pub items: Vec<ItemView>,
}

/// One 三级指标 row, printed.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// 三级指标.
    pub name: String,
    /// 年度指标值.
    pub target: String,
    /// 年度指标值 split as forms with 指标性质 | 指标值 | 度量单位 print it:
    /// operator, number and unit; a qualitative target is all `value`.
    pub target_parts: TargetParts,
    /// 实际完成值.
    pub actual: String,
    /// 分值.
    pub weight: String,
    /// 得分.
    pub score: String,
    /// 分值 exactly.
    pub weight_exact: String,
    /// 得分 exactly.
    pub score_exact: String,
    /// 偏差原因分析及改进措施.
    pub reason: String,
}

impl ItemView {
    /// A row the template left (`指标2`, `……`): its text, nothing else.
    fn blank(text: &str) -> ItemView {
        ItemView {
            name: text.to_string(),
            target: String::new(),
            target_parts: TargetParts::default(),
            actual: String::new(),
            weight: String::new(),
            score: String::new(),
            weight_exact: String::new(),
            score_exact: String::new(),
            reason: String::new(),
        }
    }
}

/// A budget row as printed: `given` is the row as the input wrote it, `parts`
/// the rows a computed total adds up.
fn row(p: &Print, f: &FundFigures, given: Option<&FundRow>, parts: &[&FundRow]) -> FundRowView {
    // A row written as not applicable prints its glyph where its figures go.
    if let Some(glyph) = given.and_then(FundRow::not_applicable) {
        let g = || glyph.to_string();
        let none = ExactRow {
            initial: String::new(),
            budget: String::new(),
            spent: String::new(),
            rate: String::new(),
        };
        return FundRowView {
            initial: given
                .and_then(|r| {
                    r.initial
                        .as_ref()
                        .map(|i| p.amount(Some(&i.value), f.initial))
                })
                .unwrap_or_else(g),
            budget: g(),
            spent: g(),
            rate: g(),
            exact: none,
        };
    }
    let mut marks = given.map(|r| r.marks.clone()).unwrap_or_default();
    // No rate is invented from amounts left blank.
    let blank = |m: &Option<String>| m.as_deref() == Some("");
    if marks.rate.is_none()
        && (blank(&marks.budget) || blank(&marks.spent))
        && given.is_some_and(|r| r.rate.is_none())
    {
        marks.rate = Some(String::new());
    }
    let amount = |pick: fn(&FundRow) -> &Num, value| match given {
        Some(r) => p.amount(Some(pick(r)), value),
        None => p.amount_sum(parts.iter().map(|r| pick(r)), value),
    };
    // 年初预算数 blank where it was not written (in every part of a computed total).
    let initial = match given {
        Some(r) => r
            .initial
            .as_ref()
            .map(|i| p.amount(Some(&i.value), f.initial)),
        None => {
            let written: Vec<&Num> = parts
                .iter()
                .filter_map(|r| r.initial.as_ref())
                .map(|i| &i.value)
                .collect();
            (!written.is_empty()).then(|| p.amount_sum(written.into_iter(), f.initial))
        }
    };
    let exact_amount = |wan| exact(p.amounts.of(wan).unwrap_or(wan));
    // A cell written blank or `—` prints as written; it holds no number.
    let or_mark = |mark: Option<String>, printed: String| mark.unwrap_or(printed);
    let exact_or_mark = |mark: &Option<String>, printed: String| match mark {
        Some(_) => String::new(),
        None => printed,
    };
    FundRowView {
        initial: or_mark(marks.initial.clone(), initial.unwrap_or_default()),
        budget: or_mark(marks.budget.clone(), amount(|r| &r.budget.value, f.budget)),
        spent: or_mark(marks.spent.clone(), amount(|r| &r.spent.value, f.spent)),
        rate: or_mark(
            marks.rate.clone(),
            p.rate(
                given.and_then(|r| r.rate.as_ref()).map(|r| &r.value),
                f.rate,
            ),
        ),
        exact: ExactRow {
            initial: exact_or_mark(&marks.initial, exact_amount(f.initial)),
            budget: exact_or_mark(&marks.budget, exact_amount(f.budget)),
            spent: exact_or_mark(&marks.spent, exact_amount(f.spent)),
            rate: exact_or_mark(&marks.rate, exact(f.rate)),
        },
    }
}

/// A decimal exactly, without trailing zeros.
fn exact(d: rust_decimal::Decimal) -> String {
    d.normalize().to_string()
}

/// The 分值 of every indicator under a 一级.
fn weights(l1: &crate::model::Level1) -> impl Iterator<Item = &Num> {
    l1.groups
        .iter()
        .flat_map(|g| &g.indicators)
        .filter_map(|i| i.weight.as_ref().map(|w| &w.value))
}

/// The sum of numbers, saturating (inputs are bounded, see `input::MAX_FIGURE`).
fn sum<'a>(nums: impl Iterator<Item = &'a Num>) -> rust_decimal::Decimal {
    nums.fold(rust_decimal::Decimal::ZERO, |a, n| {
        a.checked_add(n.value).unwrap_or(rust_decimal::Decimal::MAX)
    })
}

impl View {
    /// Prints a scored project for the template as the form prints (`print`);
    /// `year` is used when the input has none.
    /// `fields` and `sources` are the form's words (`form.yaml`).
    pub fn new(
        s: &Scored,
        year: u16,
        print: &Print,
        (fields, sources): (&[String], &[String]),
    ) -> View {
        let p = &s.project;
        let mut scores = s.indicators.iter();
        let indicators: Vec<Level1View> = p
            .indicators
            .iter()
            .map(|l1| {
                let groups: Vec<Level2View> = l1
                    .groups
                    .iter()
                    .map(|l2| Level2View {
                        name: l2.name.value.clone(),
                        rows: l2.indicators.len() + l2.blank_rows.len(),
                        score: l2
                            .score
                            .as_ref()
                            .map_or(String::new(), |g| print.number(Some(&g.value), g.get())),
                        score_exact: l2.score.as_ref().map_or(String::new(), |g| exact(g.get())),
                        items: l2
                            .indicators
                            .iter()
                            .map(|i| {
                                let score = scores.next().map(|x| x.score).unwrap_or_default();
                                let given = i.score.as_ref().map(|s| &s.value);
                                ItemView {
                                    name: i.name.value.clone(),
                                    target: print.target(i),
                                    target_parts: print.target_parts(i),
                                    actual: print.actual(i),
                                    weight: i.weight.as_ref().map_or(String::new(), |w| {
                                        print.number(Some(&w.value), w.get())
                                    }),
                                    // A row without 分值 or 得分 (a detail row)
                                    // prints no score.
                                    score: if i.weight.is_none() && given.is_none() {
                                        String::new()
                                    } else {
                                        print.number(given, score)
                                    },
                                    weight_exact: i
                                        .weight
                                        .as_ref()
                                        .map_or(String::new(), |w| exact(w.get())),
                                    score_exact: exact(score),
                                    reason: i
                                        .reason
                                        .as_ref()
                                        .map(|r| r.value.clone())
                                        .unwrap_or_default(),
                                }
                            })
                            .chain(l2.blank_rows.iter().map(|b| ItemView::blank(&b.value)))
                            .collect(),
                    })
                    .collect();
                Level1View {
                    name: l1.name.value.clone(),
                    weight: print.sum(weights(l1), sum(weights(l1))),
                    rows: groups.iter().map(|g| g.rows).sum(),
                    groups,
                }
            })
            .collect();
        let f = &p.funds;
        let rows: Vec<&FundRow> = f.sources.iter().collect();
        let mut source_views: BTreeMap<String, FundRowView> = f
            .sources
            .iter()
            .zip(&s.funds.rows)
            .map(|(r, fig)| (r.name.clone(), row(print, fig, Some(r), &[])))
            .collect();
        // A source of the form the table does not write is a blank row.
        for name in sources {
            if !source_views.contains_key(name) {
                let mut blank = FundRow::zero(name, crate::diag::Place::File);
                blank.marks = crate::model::Marks::blank();
                let figures = FundFigures::default();
                source_views.insert(name.clone(), row(print, &figures, Some(&blank), &[]));
            }
        }
        let weights = f.weight.iter().map(|w| &w.value).chain(
            p.indicators()
                .filter_map(|(_, _, i)| i.weight.as_ref().map(|w| &w.value)),
        );
        View {
            year: p.year.as_ref().map_or(year, |y| y.value),
            name: p.name.value.clone(),
            department: p.department.value.clone(),
            unit: p.unit.value.clone(),
            funds: FundsView {
                weight: match &f.weight {
                    Some(w) => print.number(Some(&w.value), s.funds.weight),
                    // The form's default weight, a whole number.
                    None => print.sum(std::iter::empty(), s.funds.weight),
                },
                score: print.number(f.score.as_ref().map(|w| &w.value), s.funds.score),
                weight_exact: exact(s.funds.weight),
                score_exact: exact(s.funds.score),
                total: row(print, &s.funds.total, f.total.as_ref(), &rows),
                sources: source_views,
            },
            goals: GoalsView {
                expected: p.goals.expected.value.clone(),
                actual: p.goals.actual.value.clone(),
            },
            indicator_rows: indicators.iter().map(|l| l.rows).sum(),
            indicators,
            weight_total: print.sum(weights, s.weight_total),
            indicator_weight: print.sum(
                p.indicators()
                    .filter_map(|(_, _, i)| i.weight.as_ref().map(|w| &w.value)),
                sum(p
                    .indicators()
                    .filter_map(|(_, _, i)| i.weight.as_ref().map(|w| &w.value))),
            ),
            total: print.number(p.total.as_ref().map(|t| &t.value), s.total),
            total_exact: exact(s.total),
            grade: s.grade.clone(),
            fields: fields
                .iter()
                .map(|w| {
                    let given = p.fields.get(w).map(|t| t.value.clone());
                    (w.clone(), given.unwrap_or_default())
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_view(print: &str) -> View {
        let file = std::path::Path::new("tests/seed/2024/托育中心经费.yaml");
        let forms = crate::form::Catalog::builtin().unwrap();
        let checked = crate::pipeline::check_file(file, &forms);
        let print: Print = serde_saphyr::from_str(print).unwrap();
        View::new(&checked.scored.unwrap(), 2024, &print, (&[], &[]))
    }

    #[test]
    fn level_1_groups_carry_their_weights() {
        let v = seed_view("{}");
        let w: Vec<&str> = v.indicators.iter().map(|l| l.weight.as_str()).collect();
        assert_eq!(w, ["50.00", "25.00", "15.00"]);
        let v = seed_view("places: as_written\n");
        let w: Vec<&str> = v.indicators.iter().map(|l| l.weight.as_str()).collect();
        assert_eq!(w, ["50", "25", "15"]);
        let first = &v.indicators[0].groups[0].items[0];
        assert_eq!(first.target_parts.op, "=");
        assert_eq!(first.target_parts.value, "5.00");
        assert_eq!(first.target_parts.unit, "家");
    }
}
