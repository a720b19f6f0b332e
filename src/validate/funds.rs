//! Rules of the budget block (项目资金). Derived figures (年度资金总额, 执行率, 得分)
//! are checked at the precision they were given with (see [`crate::model::num`]).

use crate::diag::Code;
use rust_decimal::Decimal;

use super::{n, Findings};
use crate::model::num::{consistent, consistent_ratio, contrast};
use crate::model::{FundRow, Located, Num, Range};
use crate::score::{budget_score_range, rate_range, PLACES};

pub(super) fn check(f: &mut Findings) {
    let s = f.scored;
    let funds = &s.project.funds;
    let rows: Vec<&FundRow> = funds.sources.iter().collect();
    for row in rows.iter().copied().chain(funds.total.as_ref()) {
        let name = row.name.as_str();
        for (label, amount) in amounts(row) {
            let Some(amount) = amount else { continue };
            if amount.get() < Decimal::ZERO {
                f.push(
                    Code::E0201,
                    &amount.place,
                    format!("{name}的{label}为负数 {}", amount.get()),
                    Some("金额不能为负；核减请直接填减后的数".into()),
                );
            }
        }
        // An amount that could not be read was filled in with 0: comparing with
        // it says nothing.
        if s.project.gaps.funds {
            continue;
        }
        // A negative budget is already an error (E0201); comparing with it says nothing.
        // Spent above budget only when it is so at the precision shown.
        let (budget, spent) = (row.budget.value.range(), row.spent.value.range());
        if row.budget.get() >= Decimal::ZERO && spent.lo > budget.hi {
            f.push(
                Code::E0203,
                &row.spent.place,
                format!(
                    "{name}的全年执行数 {} 大于全年预算数 {}",
                    n(row.spent.get()),
                    n(row.budget.get())
                ),
                Some("执行数一般不超过预算数；请核对决算数据".into()),
            );
        }
        if let Some(rate) = &row.rate {
            rate_agrees(f, name, rate, budget, spent, row);
        }
    }
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    // A table without source rows (on a form that has none) has no sum to check.
    let with_rows = !rows.is_empty();
    if let Some(total) = funds
        .total
        .as_ref()
        .filter(|_| !s.project.gaps.funds && with_rows)
    {
        for ((label, given), col) in amounts(total).into_iter().zip(0..) {
            let Some(given) = given else { continue };
            // A part not written (a blank 年初预算数) adds nothing.
            let part = |r: &FundRow| amounts(r)[col].1.map(|a| (a.value.range(), a.get()));
            let zero = (Range::point(Decimal::ZERO), Decimal::ZERO);
            let parts = rows.iter().map(|r| part(r).unwrap_or(zero).0);
            let Some(sum) = Range::sum(parts) else {
                continue;
            };
            if !consistent(given.value, sum) {
                let exact: Decimal = rows
                    .iter()
                    .map(|r| part(r).unwrap_or(zero).1)
                    .try_fold(Decimal::ZERO, Decimal::checked_add)
                    .unwrap_or(sum.mid());
                let (g, c) = contrast(given.value, exact, PLACES);
                f.push(
                    Code::E0202,
                    &given.place,
                    format!("年度资金总额的{label}写的是 {g}，但各资金来源之和是 {c}"),
                    Some(format!(
                        "{} = {c}；改正其中一处，或删去年度资金总额由 jixiao 计算",
                        names.join(" + ")
                    )),
                );
            }
        }
    }
    if let Some(score) = funds.score.as_ref().filter(|_| !s.project.gaps.funds) {
        budget_score_agrees(f, score);
    }
    if let Some(weight) = &funds.weight {
        let expected = s.rules.budget_weight;
        if weight.get() != expected {
            f.push(
                Code::E0206,
                &weight.place,
                format!(
                    "项目资金的分数是 {}，本表式规定为 {}",
                    n(weight.get()),
                    expected.normalize()
                ),
                Some(format!(
                    "本表式的预算执行率为 {} 分；如确有依据可忽略",
                    expected.normalize()
                )),
            );
        }
    }
}

/// 执行率 = 全年执行数 ÷ 全年预算数, within the rounding of all three.
fn rate_agrees(
    f: &mut Findings,
    name: &str,
    rate: &Located<Num>,
    budget: Range,
    spent: Range,
    row: &FundRow,
) {
    let Some(derived) = rate_range(budget, spent) else {
        return;
    };
    if consistent_ratio(rate.value, derived) {
        return;
    }
    let exact = crate::score::quotient(row.spent.get(), row.budget.get())
        .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
        .unwrap_or_default();
    let (g, c) = contrast(rate.value, exact, PLACES);
    f.push(
        Code::E0204,
        &rate.place,
        format!("{name}的执行率写的是 {g}，按执行数 ÷ 预算数应为 {c}"),
        Some(format!("改为 {}，或删去执行率由 jixiao 计算", n(exact))),
    );
}

/// 得分 = min(执行率, 100%) × 分数, from the total row's amounts at their precision.
fn budget_score_agrees(f: &mut Findings, score: &Located<Num>) {
    let s = f.scored;
    let funds = &s.project.funds;
    let rows = &funds.sources;
    let amount_range = |pick: fn(&FundRow) -> &Located<Num>| match &funds.total {
        Some(t) => Some(pick(t).value.range()),
        None => Range::sum(rows.iter().map(|r| pick(r).value.range())),
    };
    let (Some(budget), Some(spent)) = (amount_range(|r| &r.budget), amount_range(|r| &r.spent))
    else {
        return;
    };
    // The weight as given, or the default: exact either way.
    let weight = Range::point(s.funds.weight);
    let Some(derived) = rate_range(budget, spent).and_then(|r| budget_score_range(r, weight))
    else {
        return;
    };
    if consistent(score.value, derived) {
        return;
    }
    let (g, c) = contrast(score.value, s.funds.rule_score, PLACES);
    f.push(
        Code::E0205,
        &score.place,
        format!("项目资金得分写的是 {g}，按执行率应为 {c}"),
        Some(format!(
            "得分 = min(执行率, 100%) × 分数 {} = {c}",
            n(s.funds.weight),
        )),
    );
}

/// The amounts of a row by their column; 年初预算数 may not be written.
fn amounts(row: &FundRow) -> [(&'static str, Option<&Located<Num>>); 3] {
    [
        ("年初预算数", row.initial.as_ref()),
        ("全年预算数", Some(&row.budget)),
        ("全年执行数", Some(&row.spent)),
    ]
}
