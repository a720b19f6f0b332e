//! Rules of the budget block (项目资金). Derived figures (年度资金总额, 执行率, 得分)
//! are checked at the precision they were given with (see [`crate::model::num`]).

use crate::diag::msg::check as msg;
use crate::diag::Code;
use rust_decimal::Decimal;

use super::{n, Findings};
use crate::model::num::PLACES;
use crate::model::num::{consistent, consistent_ratio, contrast};
use crate::model::{FundRow, Located, Num, Range};
use crate::score::{budget_score_range, rate_range};

pub(super) fn check(f: &mut Findings) {
    plausible(f);
    let s = f.scored;
    let funds = &s.project.funds;
    let rows: Vec<&FundRow> = funds.sources.iter().collect();
    for row in rows.iter().copied().chain(funds.total.as_ref()) {
        let name = row.name.as_str();
        for (label, amount) in amounts(row) {
            let Some(amount) = amount else { continue };
            if amount.get() < Decimal::ZERO {
                f.report(
                    Code::E0201,
                    &amount.place,
                    msg::negative_amount(name, label, &amount.get().to_string()),
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
            f.report(
                Code::E0203,
                &row.spent.place,
                msg::spent_above_budget(name, &n(row.spent.get()), &n(row.budget.get())),
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
                f.report(
                    Code::E0202,
                    &given.place,
                    msg::fund_total_not_sum(label, &g, &c, &names.join(" + ")),
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
            f.report(
                Code::E0206,
                &weight.place,
                msg::budget_weight_differs(&n(weight.get()), &expected.normalize().to_string()),
            );
        }
    }
}

/// The largest 全年预算数 of one project that is not suspicious: 100 亿元 (in 万元).
const LARGEST_BUDGET: i64 = 1_000_000;

/// How many times its budget a project's spending may be before it looks like
/// a unit mix-up (元 typed as 万元).
const SPENT_TIMES_BUDGET: i64 = 10_000;

/// Amounts that look like a unit mix-up (W0207): a budget over 100 亿元, or
/// spending ten thousand times the budget.
fn plausible(f: &mut Findings) {
    let s = f.scored;
    let funds = &s.project.funds;
    let Some(row) = funds.total.as_ref().or(funds.sources.first()) else {
        return;
    };
    let (budget, spent) = (s.funds.total.budget, s.funds.total.spent);
    let too_large = budget > Decimal::from(LARGEST_BUDGET);
    let too_much = budget > Decimal::ZERO
        && budget
            .checked_mul(Decimal::from(SPENT_TIMES_BUDGET))
            .is_some_and(|limit| spent >= limit);
    if too_large || too_much {
        let (message, hint) = msg::implausible_amounts(&n(budget), &n(spent), too_large);
        let place = if too_large {
            &row.budget.place
        } else {
            &row.spent.place
        };
        f.report(Code::E0207, place, (message, hint));
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
    let exact = crate::model::num::quotient(row.spent.get(), row.budget.get())
        .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
        .unwrap_or_default();
    let (g, c) = contrast(rate.value, exact, PLACES);
    f.report(
        Code::E0204,
        &rate.place,
        msg::rate_disagrees(name, &g, &c, &n(exact)),
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
    if s.rules.score_range(score.value).meets(derived) {
        return;
    }
    let (g, c) = contrast(score.value, s.funds.rule_score, PLACES);
    f.report(
        Code::E0205,
        &score.place,
        msg::budget_score_disagrees(&g, &c, &n(s.funds.weight)),
    );
}

/// The amounts of a row by their column; 年初预算数 may not be written.
fn amounts(row: &FundRow) -> [(&'static str, Option<&Located<Num>>); 3] {
    [
        (msg::FIELD_INITIAL_BUDGET, row.initial.as_ref()),
        (msg::FIELD_BUDGET, Some(&row.budget)),
        (msg::FIELD_SPENT, Some(&row.spent)),
    ]
}
