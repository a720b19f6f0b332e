//! Next year's input from this year's table (上年数据带入): what the budget
//! approved and carries over is kept (names, units, the indicator tree, weights,
//! targets, 预期目标); what the year must report anew is left blank (amounts,
//! actual values, scores, reasons, 实际完成情况), with last year's value as a
//! comment beside each field.

use std::fmt::Write as _;

use crate::diag::human::str_width;
use crate::format::{actual, fixed};
use crate::input::emit::{given, scalar, target_scalar};
use crate::score::{Scored, PLACES};

/// The column at which the comments with last year's values start.
const COMMENT_AT: usize = 34;

/// `line` padded to [`COMMENT_AT`] and followed by `# {year}: {was}`.
fn with_was(out: &mut String, line: &str, year: u16, was: &str) {
    let pad = COMMENT_AT.saturating_sub(str_width(line)).max(1);
    let was = was.replace('\n', " / ");
    let _ = writeln!(out, "{line}{}# {year}: {was}", " ".repeat(pad));
}

/// The YAML of `year`'s table for a project scored in `from`.
pub fn next_year(s: &Scored, year: u16, from: u16) -> String {
    let p = &s.project;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {year} 年度自评表，由 {from} 年度的“{}”带入（jixiao init --year {year} --from {from}）。",
        p.name.value
    );
    out.push_str(
        "# 名称、单位、指标、分值和年度指标值沿用上年；金额、实际完成情况、实际完成值、\n",
    );
    out.push_str("# 得分和偏差原因请按本年填写。每项后面的注释是上年的数值，供参考。\n");
    let _ = writeln!(out, "年度: {year}");
    let _ = writeln!(out, "项目名称: {}", scalar(&p.name.value, false));
    let _ = writeln!(out, "主管部门: {}", scalar(&p.department.value, false));
    let _ = writeln!(out, "实施单位: {}", scalar(&p.unit.value, false));
    out.push_str("\n项目资金:                      # 单位: 万元\n");
    let weight = p
        .funds
        .weight
        .as_ref()
        .map_or_else(|| "10".to_string(), |w| given(&w.value));
    let _ = writeln!(out, "  分数: {weight}");
    for (source, row) in p.funds.sources.iter().zip(&s.funds.rows) {
        let name = &source.name;
        let _ = writeln!(out, "  {name}:");
        for (key, value) in [
            ("年初预算数", row.initial),
            ("全年预算数", row.budget),
            ("全年执行数", row.spent),
        ] {
            with_was(
                &mut out,
                &format!("    {key}:"),
                from,
                &fixed(value, PLACES),
            );
        }
    }
    let _ = writeln!(
        out,
        "  # 年度资金总额、执行率、得分由 jixiao 计算（{from}: 执行率 {}%，得分 {}）",
        fixed(s.funds.total.rate, PLACES),
        fixed(s.funds.score, PLACES)
    );
    out.push_str("\n年度总体目标:\n  预期目标: |\n");
    for para in &p.goals.expected.value {
        let _ = writeln!(out, "    {}", para.trim());
    }
    with_was(
        &mut out,
        "  实际完成情况:",
        from,
        &p.goals.actual.value.join(" "),
    );
    out.push_str("\n绩效指标:\n");
    let mut scores = s.indicators.iter();
    for l1 in &p.indicators {
        let _ = writeln!(out, "  {}:", scalar(&l1.name.value, false));
        for l2 in &l1.groups {
            let _ = writeln!(out, "    {}:", scalar(&l2.name.value, false));
            for i in &l2.indicators {
                let score = scores.next().map(|x| x.score).unwrap_or_default();
                let target = target_scalar(&i.target, false);
                let _ = writeln!(out, "      - 三级指标: {}", scalar(&i.name.value, false));
                let _ = writeln!(out, "        年度指标值: {target}");
                if let Some(w) = &i.weight {
                    let _ = writeln!(out, "        分值: {}", given(&w.value));
                }
                let was = i
                    .actual
                    .as_ref()
                    .map_or_else(|| "未填".to_string(), |a| actual(&a.value, PLACES));
                with_was(&mut out, "        实际完成值:", from, &was);
                with_was(&mut out, "        得分:", from, &fixed(score, PLACES));
                if let Some(reason) = &i.reason {
                    with_was(
                        &mut out,
                        "        偏差原因分析及改进措施:",
                        from,
                        &reason.value,
                    );
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\n# 总分、评分等级由 jixiao 计算（{from}: 总分 {}，{}）",
        fixed(s.total, PLACES),
        s.grade
    );
    out
}
