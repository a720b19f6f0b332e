//! Inputs typed the way finance staff type them read as what they mean: amounts
//! with thousands separators or a unit, amounts in 元, targets with word operators.

mod common;
use std::path::Path;

use common::score;
use jixiao::input::yaml::load_str;
use jixiao::model::{Op, Target};
use jixiao::validate::validate;
use rust_decimal::Decimal;

fn project(funds: &str, target: &str) -> String {
    format!(
        "年度: 2024
项目名称: 录入测试
主管部门: 区教育局
实施单位: 托育中心
项目资金:
{funds}
年度总体目标:
  预期目标: 完成
  实际完成情况: 完成
绩效指标:
  产出指标:
    数量指标:
      - {{ 三级指标: 覆盖率, 年度指标值: \"{target}\", 实际完成值: \"95%\", 分值: 90分, 得分: 90 }}
"
    )
}

fn load(src: &str) -> jixiao::score::Scored {
    let (p, diags) = load_str(Path::new("t.yaml"), src, &Default::default());
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{src}");
    let s = score(p.expect("project"));
    let found: Vec<_> = validate(&s).into_iter().filter(|d| d.is_error()).collect();
    assert!(found.is_empty(), "{found:#?}\n{src}");
    s
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn amounts_with_separators_and_units() {
    let s = load(&project(
        "  当年财政拨款: { 年初预算数: \"1,020.00\", 全年预算数: \"1,020.00万元\", 全年执行数: \"1,020万\" }",
        "90%以上",
    ));
    assert_eq!(s.funds.total.budget, d("1020"));
    assert_eq!(s.funds.total.spent, d("1020"));
}

#[test]
fn amounts_in_yuan_become_wan() {
    let s = load(&project(
        "  金额单位: 元\n  当年财政拨款: { 年初预算数: 1180000, 全年预算数: 1180000, 全年执行数: 1023456.78 }",
        "不低于90%",
    ));
    assert_eq!(s.funds.total.budget, d("118"));
    assert_eq!(s.funds.total.spent, d("102.345678"));
    assert_eq!(s.funds.rows[0].rate, d("86.73"));
    let s = load(&project(
        "  当年财政拨款: { 年初预算数: 200000元, 全年预算数: 200000元, 全年执行数: 200000元 }",
        "≧90%",
    ));
    assert_eq!(s.funds.total.budget, d("20"));
}

#[test]
fn word_operators_are_operators() {
    for t in ["90%以上", "不低于90%", "大于等于90%", "＞＝90%", "=>90%"] {
        let s = load(&project(
            "  当年财政拨款: { 年初预算数: 10, 全年预算数: 10, 全年执行数: 10 }",
            t,
        ));
        let (_, _, i) = s.project.indicators().next().unwrap();
        match &i.target.value {
            Target::Quantitative { op, quantity } => {
                assert_eq!(
                    (*op, quantity.number, quantity.unit.as_str()),
                    (Some(Op::Ge), d("90"), "%"),
                    "{t}"
                );
            }
            other => panic!("{t}: {other:?}"),
        }
    }
}

#[test]
fn dashes_mean_not_applicable() {
    let s = load(&project(
        "  当年财政拨款: { 年初预算数: 10, 全年预算数: 10, 全年执行数: 10, 执行率: — }\n  上年结转资金: { 年初预算数: —, 全年预算数: ——, 全年执行数: / }",
        "≥90%",
    ));
    assert_eq!(s.funds.rows[1].budget, Decimal::ZERO);
    assert_eq!(s.funds.rows[0].rate, d("100"));
    // A 分值 is never not applicable.
    let src = project(
        "  当年财政拨款: { 年初预算数: 10, 全年预算数: 10, 全年执行数: 10 }",
        "≥90%",
    )
    .replace("分值: 90分", "分值: —");
    // The reader records it as left out; the form (shanghai: 分值 required) makes it E0101.
    let (p, mut diags) = load_str(Path::new("t.yaml"), &src, &Default::default());
    diags.extend(jixiao::validate::validate(&score(p.expect("read"))));
    assert!(diags.iter().any(|d| d.code == "E0101"), "{diags:#?}");
}
