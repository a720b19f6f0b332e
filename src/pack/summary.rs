//! One line per project for the unit's 汇总 sheet and the pack's index.

use rust_decimal::Decimal;

use crate::score::Scored;

/// The figures of one project that the summaries list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProjectSummary {
    /// 项目名称.
    pub name: String,
    /// File name stem of the project's files inside its unit folder.
    pub stem: String,
    /// Worksheet name of the project in the unit's combined workbook.
    pub sheet: String,
    /// 全年预算数 of 年度资金总额 (万元).
    pub budget: Decimal,
    /// 全年执行数 of 年度资金总额 (万元).
    pub spent: Decimal,
    /// 执行率 (%).
    pub rate: Decimal,
    /// 总分.
    pub total: Decimal,
    /// 评分等级.
    pub grade: String,
    /// The form it is printed on.
    pub form: String,
}

impl ProjectSummary {
    /// The summary line of a scored project stored under `stem` and `sheet`.
    pub fn new(s: &Scored, stem: String, sheet: String, form: &str) -> ProjectSummary {
        ProjectSummary {
            name: s.project.name.value.clone(),
            stem,
            sheet,
            budget: s.funds.total.budget,
            spent: s.funds.total.spent,
            rate: s.funds.total.rate,
            total: s.total,
            grade: s.grade.clone(),
            form: form.to_string(),
        }
    }
}

/// The order of projects within a unit: by 序号 when given (those come first), then by name.
pub fn order_key(s: &Scored) -> (bool, Decimal, String) {
    let order = s.project.order.as_ref().map(|o| o.value);
    (
        order.is_none(),
        order.unwrap_or_default(),
        s.project.name.value.clone(),
    )
}
