//! The project as the user wrote it: every field with its place in the input.

pub mod key;
pub mod num;
pub mod target;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::diag::Place;
pub use key::Key;
pub use num::{Num, Range};
pub use target::{Actual, Op, Quantity, Target};

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it sits in the input.
    pub place: Place,
}

impl<T> Located<T> {
    /// Wraps a value with its place.
    pub fn new(value: T, place: Place) -> Self {
        Located { value, place }
    }

    /// The same place with another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Located<U> {
        Located::new(f(self.value), self.place)
    }
}

impl Located<Num> {
    /// The exact value of a located number.
    pub fn get(&self) -> Decimal {
        self.value.value
    }
}

/// One project's self-evaluation, as loaded from one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The input file it came from.
    pub source: PathBuf,
    /// 年度, when the input states it.
    pub year: Option<Located<u16>>,
    /// 表式: the form to print it on, when the input chooses one.
    pub form: Option<Located<String>>,
    /// 序号: position within its unit's pack, when given.
    pub order: Option<Located<Decimal>>,
    /// 项目名称.
    pub name: Located<String>,
    /// 主管部门.
    pub department: Located<String>,
    /// 实施单位.
    pub unit: Located<String>,
    /// 项目资金 (万元).
    pub funds: Funds,
    /// 年度总体目标.
    pub goals: Goals,
    /// 绩效指标, grouped 一级 → 二级 → 三级.
    pub indicators: Vec<Level1>,
    /// 总分, when the input states it.
    pub total: Option<Located<Num>>,
    /// 评分等级, when the input states it.
    pub grade: Option<Located<String>>,
    /// Fields a form adds to the table (其他需要说明事项, 项目负责人及电话…),
    /// by the form's own word, as written.
    pub fields: BTreeMap<String, Located<String>>,
    /// What could not be read and was filled in so that the other rules still run.
    pub gaps: Gaps,
    /// Fields the table leaves out that a form may require (its 年度总体目标,
    /// a 分值, its source rows): an error only on a form that requires them.
    pub absent: Vec<Absent>,
    /// 已确认: findings the unit keeps its values against, each with its reason
    /// (from the table, or from the `.已确认.yaml` beside its file).
    pub accepted: Vec<Acceptance>,
}

/// One finding a unit accepts: the table is published as written, the finding
/// recorded with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    /// The finding's code.
    pub code: crate::diag::Code,
    /// Why the unit keeps its value (its finance bureau's decision…).
    pub reason: String,
    /// Where the acceptance is written.
    pub place: Place,
    /// The file it is written in (the table's own, or the `.已确认.yaml`
    /// beside a workbook).
    pub file: Option<PathBuf>,
}

/// A field a table leaves out, with what to say when its form requires it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Absent {
    /// The field.
    pub key: Key,
    /// E0101 when it is not written, E0105 when written blank.
    pub code: crate::diag::Code,
    /// Where it should be.
    pub place: Place,
    /// What is missing, in the table's words.
    pub message: String,
    /// How to add it.
    pub hint: String,
}

/// Parts of a project the loader could not read (each already reported) and
/// filled in, so that every rule that does not need them still runs: all
/// problems of a table are reported at once. A project with gaps has load errors
/// and is never published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Gaps {
    /// An amount, rate, 分数 or 得分 of the budget block, or the whole block.
    pub funds: bool,
    /// A 分值, or indicators that could not be read at all.
    pub weights: bool,
    /// A 得分 of an indicator.
    pub scores: bool,
}

impl Gaps {
    /// Whether anything was filled in.
    pub fn any(self) -> bool {
        self.funds || self.weights || self.scores
    }
}

/// The budget block (项目资金).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Funds {
    /// 分数/分值: the weight of budget execution; the form's when left out.
    pub weight: Option<Located<Num>>,
    /// 得分: the budget score, when the input states it.
    pub score: Option<Located<Num>>,
    /// 年度资金总额, when the input states it (else the sum of the sources).
    pub total: Option<FundRow>,
    /// The rows of the sources (其中:当年财政拨款, 上年结转资金, 其他资金, or the
    /// words of a form's own: 财政资金, 单位资金…), in the order written; a source
    /// not written has no row.
    pub sources: Vec<FundRow>,
    /// Whether the input says which unit its amounts are in (`金额单位: 元`,
    /// `项目资金（万元）`): when it does not, they are in the unit of the form the
    /// table is printed on.
    pub unit_stated: bool,
}

/// The source rows of the national form, which every input may use.
pub const NATIONAL_SOURCES: [&str; 3] = ["当年财政拨款", "上年结转资金", "其他资金"];

impl Funds {
    /// A budget block without rows, for one the input leaves out or that cannot be read.
    pub fn zero() -> Self {
        Funds {
            weight: None,
            score: None,
            total: None,
            sources: Vec::new(),
            unit_stated: false,
        }
    }

    /// The row of a source, by its word.
    pub fn source(&self, name: &str) -> Option<&FundRow> {
        self.sources.iter().find(|r| r.name == name)
    }

    /// Converts amounts given in 元 to the form's 万元, exactly.
    pub fn from_yuan(&mut self) {
        for row in self.total.iter_mut().chain(self.sources.iter_mut()) {
            let initial = row.initial.as_mut();
            for amount in initial.into_iter().chain([&mut row.budget, &mut row.spent]) {
                amount.value = amount.value.yuan_to_wan();
            }
        }
    }
}

/// One row of the budget block, amounts in 万元.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundRow {
    /// The row's word: 年度资金总额, or its source's (当年财政拨款).
    pub name: String,
    /// Where the row was written.
    pub place: Place,
    /// 年初预算数, when written (it may be blank, and some forms have no such column).
    pub initial: Option<Located<Num>>,
    /// 全年预算数.
    pub budget: Located<Num>,
    /// 全年执行数.
    pub spent: Located<Num>,
    /// 执行率 (%), when the input states it.
    pub rate: Option<Located<Num>>,
    /// Its cells written without a number: blank or a not-applicable mark.
    pub marks: Marks,
}

/// The cells of a budget row that hold no number, by column, as written: blank
/// (`""`) or a not-applicable mark (`—`, `/`). An amount so written counts as
/// 0 and prints as written; blank, `—` and `0` stay three different cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// 年初预算数.
    pub initial: Option<String>,
    /// 全年预算数.
    pub budget: Option<String>,
    /// 全年执行数.
    pub spent: Option<String>,
    /// 执行率.
    pub rate: Option<String>,
}

impl Marks {
    /// Every cell of a row left blank (a source row written without amounts).
    pub fn blank() -> Marks {
        let b = || Some(String::new());
        Marks {
            initial: b(),
            budget: b(),
            spent: b(),
            rate: b(),
        }
    }
}

impl FundRow {
    /// A row of zeros, for a row that cannot be read.
    pub fn zero(name: &str, place: Place) -> Self {
        let z = Located::new(Num::written(Decimal::ZERO), place.clone());
        FundRow {
            name: name.to_string(),
            place,
            initial: Some(z.clone()),
            budget: z.clone(),
            spent: z,
            rate: None,
            marks: Marks::default(),
        }
    }

    /// The glyph (`—`, `-`, `/`) the row's 全年预算数 and 全年执行数 were both
    /// written with when the row does not apply: printed in each of its cells.
    pub fn not_applicable(&self) -> Option<&str> {
        match (&self.marks.budget, &self.marks.spent) {
            // `无` in a cell says there is none, not that the row does not apply.
            (Some(b), Some(s))
                if b == s && !b.is_empty() && b != crate::diag::msg::input::NONE_MARK =>
            {
                Some(b)
            }
            _ => None,
        }
    }
}

/// 年度总体目标: what was planned and what was done, each as paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goals {
    /// 预期目标.
    pub expected: Located<Vec<String>>,
    /// 实际完成情况.
    pub actual: Located<Vec<String>>,
}

/// A 一级指标 with its 二级 groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level1 {
    /// The 一级指标 name, e.g. 产出指标.
    pub name: Located<String>,
    /// Its 二级指标 groups, in input order.
    pub groups: Vec<Level2>,
}

/// A 二级指标 with its 三级 indicators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level2 {
    /// The 二级指标 name, e.g. 数量指标.
    pub name: Located<String>,
    /// Its 三级指标, in input order.
    pub indicators: Vec<Indicator>,
    /// Rows the form's template left for more indicators and the unit kept
    /// (`指标2`, `……`, or blank under a 二级 with no indicator), after its
    /// indicators: printed as written, never scored.
    pub blank_rows: Vec<Located<String>>,
    /// 得分 of the whole group, on a form that scores each 二级 rather than
    /// each 三级 (湖北): one cell beside all its rows.
    pub score: Option<Located<Num>>,
}

/// Whether a 三级指标 text is a row the template left for more indicators:
/// `指标2`, `指标3：…`, `……`, or nothing.
pub fn is_placeholder(name: &str) -> bool {
    let t: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = t
        .strip_prefix(crate::diag::text::INDICATOR_SUFFIX)
        .unwrap_or(&t);
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let rest = rest.trim_start_matches([':', '：']);
    rest.chars()
        .all(|c| matches!(c, '…' | '.' | '。' | '-' | '—'))
}

/// Whether a 三级指标 is a detail row of the one above (`其中：…`), which a
/// table prints without 分值 and which no form requires one of.
pub fn is_detail(name: &str) -> bool {
    name.trim_start()
        .starts_with(crate::diag::text::DETAIL_PREFIX)
}

/// A 三级指标 row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// Where the indicator's entry starts.
    pub place: Place,
    /// 三级指标.
    pub name: Located<String>,
    /// 年度指标值.
    pub target: Located<Target>,
    /// 实际完成值, when given.
    pub actual: Option<Located<Actual>>,
    /// 分值 (weight), when the table gives one (a form may have no 分值 column).
    pub weight: Option<Located<Num>>,
    /// 得分, when the input states it.
    pub score: Option<Located<Num>>,
    /// 偏差原因分析及改进措施, when given.
    pub reason: Option<Located<String>>,
    /// 年度指标值 and 实际完成值 as the unit wrote them, for a form that prints
    /// them as written.
    pub written: Written,
    /// Whether its 年度指标值, 分值 and 得分 were read (an unreadable one is
    /// reported and the indicator's own rules are skipped).
    pub complete: bool,
}

/// Texts exactly as the unit wrote them (trimmed), beside their parsed values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// 年度指标值 (`>=90%`, `≧95`).
    pub target: String,
    /// 实际完成值 (`86%`, `735`), empty when not given.
    pub actual: String,
}

#[cfg(test)]
impl Indicator {
    /// An indicator typed as `target`, `actual` and `weight`, for unit tests.
    pub(crate) fn typed(target: &str, actual: &str, weight: &str) -> Indicator {
        fn at<T>(v: T) -> Located<T> {
            Located::new(v, Place::File)
        }
        let t = Target::parse(target).expect("a test's target");
        let unit = t.unit().map(str::to_string);
        let actual_value = Actual::parse(actual, unit.as_deref()).expect("a test's actual");
        let weight: Decimal = weight.parse().expect("a test's weight");
        Indicator {
            place: Place::File,
            name: at("x".to_string()),
            actual: Some(at(actual_value)),
            target: at(t),
            weight: Some(at(Num::written(weight))),
            score: None,
            reason: None,
            written: Written {
                target: target.into(),
                actual: actual.into(),
            },
            complete: true,
        }
    }
}

impl Indicator {
    /// Its 分值, 0 when the table gives none.
    pub fn weight_value(&self) -> Decimal {
        self.weight.as_ref().map_or(Decimal::ZERO, Located::get)
    }
}

impl Project {
    /// The 得分 of every 二级 group scored whole, in table order.
    pub fn group_scores(&self) -> impl Iterator<Item = &Located<Num>> {
        self.indicators
            .iter()
            .flat_map(|l1| &l1.groups)
            .filter_map(|g| g.score.as_ref())
    }

    /// Every 三级 indicator in table order, with its 一级 and 二级 group.
    pub fn indicators(&self) -> impl Iterator<Item = (&Level1, &Level2, &Indicator)> {
        self.indicators.iter().flat_map(|l1| {
            l1.groups
                .iter()
                .flat_map(move |l2| l2.indicators.iter().map(move |i| (l1, l2, i)))
        })
    }
}
