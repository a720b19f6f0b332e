//! Finding the form's labels in a sheet, wherever they sit: label text is compared
//! after normalising blanks, full-width punctuation, a trailing colon, a leading
//! 其中: and a trailing bracket such as (%) or (万元).

use super::Sheet;

/// A cell position, zero-based: (row, column).
pub type Pos = (usize, usize);

/// Label variants of the form, each list's first entry the canonical word.
pub mod labels {
    /// 项目名称.
    pub const NAME: &[&str] = &["项目名称"];
    /// 主管部门.
    pub const DEPARTMENT: &[&str] = &["主管部门", "主管部门及代码"];
    /// 实施单位.
    pub const UNIT: &[&str] = &["实施单位"];
    /// 年初预算数.
    pub const INITIAL: &[&str] = &["年初预算数", "年初预算"];
    /// 全年预算数.
    pub const BUDGET: &[&str] = &["全年预算数", "调整后预算数"];
    /// 全年执行数.
    pub const SPENT: &[&str] = &["全年执行数", "预算执行数"];
    /// 分数 (budget weight).
    pub const FUNDS_WEIGHT: &[&str] = &["分数", "分值", "权重"];
    /// 执行率.
    pub const RATE: &[&str] = &["执行率", "预算执行率"];
    /// 得分.
    pub const SCORE: &[&str] = &["得分"];
    /// 年度资金总额.
    pub const TOTAL: &[&str] = &["年度资金总额", "资金总额", "总额"];
    /// 当年财政拨款.
    pub const APPROPRIATION: &[&str] = &["当年财政拨款", "本年财政拨款", "财政拨款"];
    /// 上年结转资金.
    pub const CARRYOVER: &[&str] = &["上年结转资金", "上年结转"];
    /// 其他资金.
    pub const OTHER: &[&str] = &["其他资金"];
    /// 预期目标.
    pub const EXPECTED: &[&str] = &["预期目标", "年初设定目标", "项目年度目标"];
    /// 实际完成情况.
    pub const ACTUAL_GOALS: &[&str] = &[
        "实际完成情况",
        "年度总体目标完成情况综述",
        "年度目标完成情况",
    ];
    /// 一级指标.
    pub const LEVEL1: &[&str] = &["一级指标", "一级"];
    /// 二级指标.
    pub const LEVEL2: &[&str] = &["二级指标", "二级"];
    /// 三级指标.
    pub const LEVEL3: &[&str] = &["三级指标", "三级"];
    /// 年度指标值.
    pub const TARGET: &[&str] = &["年度指标值", "指标值"];
    /// 指标性质: the operator of a target split in three columns (yunnan, sichuan).
    pub const TARGET_OP: &[&str] = &["指标性质"];
    /// 度量单位: the unit of a target split in three columns.
    pub const TARGET_UNIT: &[&str] = &["度量单位", "计量单位"];
    /// 实际完成值.
    pub const ACTUAL: &[&str] = &["实际完成值", "全年实际值", "完成值"];
    /// 分值 (indicator weight).
    pub const WEIGHT: &[&str] = &["分值", "分数", "权重"];
    /// 偏差原因分析及改进措施.
    pub const REASON: &[&str] = &[
        "偏差原因分析及改进措施",
        "偏差原因分析",
        "偏差原因",
        "未完成原因及拟采取的改进措施",
        "未完成原因分析",
    ];
    /// 总分.
    pub const TOTAL_SCORE: &[&str] = &["总分", "合计"];
    /// 评分等级.
    pub const GRADE: &[&str] = &["评分等级", "等级"];
}

/// A label as compared: no blanks, ASCII brackets and colons, no trailing colon,
/// no leading 其中.
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
    let s = s.strip_prefix("其中").unwrap_or(s);
    let s = s.trim_start_matches([':', ',', '，', '、']);
    // A numbered label: 2.项目实施内容及过程概述.
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

/// Whether cell text spells one of `variants`.
pub fn is_label(text: &str, variants: &[&str]) -> bool {
    let n = norm(text);
    if n.is_empty() {
        return false;
    }
    let bare = strip_bracket(&n).trim_end_matches(':');
    variants.iter().any(|v| *v == n || *v == bare)
}

/// Whether a cell at a position is where a value or label starts (not covered by a merge).
fn is_anchor(sheet: &Sheet, pos: Pos) -> bool {
    sheet.anchor(pos.0, pos.1) == pos
}

/// The first cell, row by row from `from_row`, whose text spells one of `variants`.
pub fn find(sheet: &Sheet, variants: &[&str], from_row: usize) -> Option<Pos> {
    (from_row..sheet.rows()).find_map(|r| find_in_row(sheet, r, variants, 0, usize::MAX))
}

/// The first cell of row `row` between columns `from` and `to` (exclusive) spelling one of `variants`.
pub fn find_in_row(
    sheet: &Sheet,
    row: usize,
    variants: &[&str],
    from: usize,
    to: usize,
) -> Option<Pos> {
    let line = sheet.cells.get(row)?;
    (from..line.len().min(to))
        .filter(|&c| is_anchor(sheet, (row, c)))
        .find(|&c| is_label(&sheet.raw(row, c).text(), variants))
        .map(|c| (row, c))
}

/// The first cell in rows `rows` and columns before `to` spelling one of `variants`.
pub fn find_in_rows(
    sheet: &Sheet,
    rows: std::ops::Range<usize>,
    variants: &[&str],
    to: usize,
) -> Option<Pos> {
    rows.into_iter()
        .find_map(|r| find_in_row(sheet, r, variants, 0, to))
}

/// A column label of a header row `row`: in the row itself, or in the row above
/// when its cell is merged down into this row (a two-row header whose second row
/// splits only some columns: 年度指标值 over 指标性质 | 指标值 | 度量单位).
pub fn find_in_header(sheet: &Sheet, row: usize, variants: &[&str], from: usize) -> Option<Pos> {
    find_in_row(sheet, row, variants, from, usize::MAX).or_else(|| {
        let above = row.checked_sub(1)?;
        let found = find_in_row(sheet, above, variants, from, usize::MAX)?;
        let reaches = sheet
            .merge_at(found.0, found.1)
            .is_some_and(|(_, _, r1, _)| r1 >= row);
        reaches.then_some(found)
    })
}

/// Whether any cell of a row spells one of `variants`.
pub fn row_has(sheet: &Sheet, row: usize, variants: &[&str]) -> Option<Pos> {
    find_in_row(sheet, row, variants, 0, usize::MAX)
}

/// The value written right of a label on its row: the first non-blank cell after
/// the label's region that is not itself one of the form's labels. Returns the
/// position where the value is, or where it should be when blank.
pub fn right_of(sheet: &Sheet, label: Pos) -> (Pos, bool) {
    let start = sheet.last_col(label.0, label.1) + 1;
    let width = sheet.cells.get(label.0).map_or(0, Vec::len);
    for c in start..width {
        if !is_anchor(sheet, (label.0, c)) {
            continue;
        }
        let v = sheet.raw(label.0, c);
        if v.is_blank() {
            continue;
        }
        if is_form_label(&v.text()) {
            break;
        }
        return ((label.0, c), true);
    }
    ((label.0, start), false)
}

/// The cell below a label (the first row after the label's region), at the label's column.
pub fn below(sheet: &Sheet, label: Pos) -> Pos {
    let last_row = sheet
        .merge_at(label.0, label.1)
        .map_or(label.0, |(_, _, r1, _)| r1);
    sheet.anchor(last_row + 1, label.1)
}

/// Whether text is one of the form's fixed labels (so it is not taken for a value).
pub fn is_form_label(text: &str) -> bool {
    use labels::*;
    [
        NAME,
        DEPARTMENT,
        UNIT,
        INITIAL,
        BUDGET,
        SPENT,
        TOTAL,
        APPROPRIATION,
        CARRYOVER,
        OTHER,
        EXPECTED,
        ACTUAL_GOALS,
        LEVEL1,
        LEVEL2,
        LEVEL3,
        TARGET,
        TARGET_OP,
        TARGET_UNIT,
        ACTUAL,
        REASON,
        GRADE,
    ]
    .iter()
    .any(|v| is_label(text, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_variants() {
        assert!(is_label("年度资金总额：", labels::TOTAL));
        assert!(is_label("年度资金总额:", labels::TOTAL));
        assert!(is_label("其中:当年财政拨款", labels::APPROPRIATION));
        assert!(is_label("其中：本年财政拨款", labels::APPROPRIATION));
        assert!(is_label("执行率(%)", labels::RATE));
        assert!(is_label("执行率（%）", labels::RATE));
        assert!(is_label("项 目 名 称", labels::NAME));
        assert!(is_label("项目\n名称", labels::NAME));
        assert!(is_label("分值", labels::FUNDS_WEIGHT));
        assert!(!is_label("项目名称很长的项目", labels::NAME));
        assert_eq!(strip_bracket("产出指标(50分)"), "产出指标");
    }
}
