//! Rules of the budget block (项目资金).

use rust_decimal::Decimal;

use super::{n, Findings};
use crate::model::{FundRow, Located};
use crate::score::DEFAULT_BUDGET_WEIGHT;

const ROW_NAMES: [&str; 3] = ["当年财政拨款", "上年结转资金", "其他资金"];

pub(super) fn check(f: &mut Findings) {
    let s = f.scored;
    let funds = &s.project.funds;
    let rows: [&FundRow; 3] = [&funds.appropriation, &funds.carryover, &funds.other];
    let all = rows
        .iter()
        .zip(ROW_NAMES)
        .map(|(r, name)| (*r, name))
        .chain(funds.total.as_ref().map(|t| (t, "年度资金总额")));
    for (row, name) in all {
        for (label, amount) in amounts(row) {
            if amount.value < Decimal::ZERO {
                f.push(
                    "E0201",
                    &amount.place,
                    format!("{name}的{label}为负数 {}", amount.value),
                    Some("金额不能为负；核减请直接填减后的数".into()),
                );
            }
        }
        // A negative budget is already an error (E0201); comparing with it says nothing.
        if row.budget.value >= Decimal::ZERO && row.spent.value > row.budget.value {
            f.push(
                "E0203",
                &row.spent.place,
                format!(
                    "{name}的全年执行数 {} 大于全年预算数 {}",
                    n(row.spent.value),
                    n(row.budget.value)
                ),
                Some("执行数一般不超过预算数；请核对决算数据".into()),
            );
        }
        if let Some(rate) = &row.rate {
            let computed = crate::score::rate(row.budget.value, row.spent.value);
            if rate.value != computed {
                f.push(
                    "E0204",
                    &rate.place,
                    format!(
                        "{name}的执行率写的是 {}，按执行数 ÷ 预算数应为 {}",
                        n(rate.value),
                        n(computed)
                    ),
                    Some(format!("改为 {}，或删去执行率由 jixiao 计算", n(computed))),
                );
            }
        }
    }
    if let Some(total) = &funds.total {
        for ((label, given), col) in amounts(total).into_iter().zip(0..) {
            let sum: Decimal = rows.iter().map(|r| amounts(r)[col].1.value).sum();
            if given.value != sum {
                f.push(
                    "E0202",
                    &given.place,
                    format!(
                        "年度资金总额的{label}写的是 {}，但三行之和是 {}",
                        given.value,
                        sum
                    ),
                    Some(format!(
                        "当年财政拨款 + 上年结转资金 + 其他资金 = {sum}；改正其中一处，或删去年度资金总额由 jixiao 计算"
                    )),
                );
            }
        }
    }
    if let Some(score) = &funds.score {
        if score.value != s.funds.rule_score {
            f.push(
                "E0205",
                &score.place,
                format!(
                    "项目资金得分写的是 {}，按执行率应为 {}",
                    n(score.value),
                    n(s.funds.rule_score)
                ),
                Some(format!(
                    "得分 = min(执行率, 100%) × 分数 {} = {}",
                    n(s.funds.weight),
                    n(s.funds.rule_score)
                )),
            );
        }
    }
    if let Some(weight) = &funds.weight {
        if weight.value != DEFAULT_BUDGET_WEIGHT {
            f.push(
                "E0206",
                &weight.place,
                format!("项目资金的分数是 {}，通用表式为 10", n(weight.value)),
                Some("全国和上海的自评表都规定预算执行率 10 分；如确有依据可忽略".into()),
            );
        }
    }
}

fn amounts(row: &FundRow) -> [(&'static str, &Located<Decimal>); 3] {
    [
        ("年初预算数", &row.initial),
        ("全年预算数", &row.budget),
        ("全年执行数", &row.spent),
    ]
}
