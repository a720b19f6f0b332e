//! Scoring: every derived number of the form, in exact decimals, half-up.
//!
//! A value the input gives is kept and printed as given; a value it leaves out is
//! computed. The rule-based figure is recorded beside the printed one so that
//! validation can compare them.

pub mod rules;

use std::sync::Arc;

use rust_decimal::Decimal;

pub use crate::form::rules::{self as params, Rules};
use crate::model::num::round;
use crate::model::num::{quotient, rate, PLACES};
use crate::model::{FundRow, Project, Range};
pub use rules::{favourable_max, indicator_rule, Achievement, Judgement};

/// The four figures of one budget row, as they will be printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FundFigures {
    /// 年初预算数 (0 when not written).
    pub initial: Decimal,
    /// 全年预算数.
    pub budget: Decimal,
    /// 全年执行数.
    pub spent: Decimal,
    /// 执行率 (%): given, or computed.
    pub rate: Decimal,
    /// 执行率 (%) computed from the amounts.
    pub rule_rate: Decimal,
}

/// The scored budget block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoredFunds {
    /// 年度资金总额: given, or the sum of the sources.
    pub total: FundFigures,
    /// The sources, as in [`crate::model::Funds::sources`].
    pub rows: Vec<FundFigures>,
    /// 分数: the weight of budget execution (the form's when not given).
    pub weight: Decimal,
    /// 得分: given, or computed.
    pub score: Decimal,
    /// The budget score by the rule: min(执行率, 100%) × weight.
    pub rule_score: Decimal,
}

/// The score of one indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorScore {
    /// The score printed: as given, or the rule's when not given.
    pub score: Decimal,
    /// What the rules say of the actual value, when it can be judged.
    pub rule: Option<Judgement>,
}

/// A project with every derived number filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    /// The project as loaded.
    pub project: Project,
    /// The budget block.
    pub funds: ScoredFunds,
    /// One score per 三级指标, in table order (see [`Project::indicators`]).
    pub indicators: Vec<IndicatorScore>,
    /// Sum of all weights (budget and indicators): 100 on a correct form.
    pub weight_total: Decimal,
    /// 总分: given, or [`Scored::rule_total`].
    pub total: Decimal,
    /// The sum of the printed scores, at most the cap of the form's
    /// `rate_caps` for the 执行率.
    pub rule_total: Decimal,
    /// The sum of the printed scores.
    pub score_sum: Decimal,
    /// 评分等级: given, or from the total by the form's bands; empty when the
    /// form gives no grade.
    pub grade: String,
    /// The rules it was scored by: its form's.
    pub rules: Arc<Rules>,
}

/// Every 执行率 (%) that amounts in these ranges may give; 0 when the budget is 0.
/// `None` past the range of a decimal.
pub fn rate_range(budget: Range, spent: Range) -> Option<Range> {
    let (budget, spent) = (
        budget.at_least(Decimal::ZERO),
        spent.at_least(Decimal::ZERO),
    );
    if budget.hi.is_zero() {
        return Some(Range::point(Decimal::ZERO));
    }
    let hundred = Decimal::ONE_HUNDRED;
    let lo = spent.lo.checked_div(budget.hi)?.checked_mul(hundred)?;
    let hi = if budget.lo.is_zero() {
        // A budget that may be 0 (shown as 0.00 but stored larger) bounds nothing.
        Decimal::MAX
    } else {
        spent.hi.checked_div(budget.lo)?.checked_mul(hundred)?
    };
    Some(Range { lo, hi })
}

/// Every budget score that a 执行率 (%) and a weight in these ranges may give:
/// min(执行率, 100%) × weight.
pub fn budget_score_range(rate: Range, weight: Range) -> Option<Range> {
    let share = |r: Decimal| (r / Decimal::ONE_HUNDRED).clamp(Decimal::ZERO, Decimal::ONE);
    Some(Range {
        lo: share(rate.lo).checked_mul(weight.lo.max(Decimal::ZERO))?,
        hi: share(rate.hi).checked_mul(weight.hi.max(Decimal::ZERO))?,
    })
}

fn figures(row: &FundRow) -> FundFigures {
    let rule_rate = rate(row.budget.get(), row.spent.get());
    FundFigures {
        initial: row.initial.as_ref().map_or(Decimal::ZERO, |i| i.get()),
        budget: row.budget.get(),
        spent: row.spent.get(),
        rate: row.rate.as_ref().map_or(rule_rate, |r| r.get()),
        rule_rate,
    }
}

/// Scores a project by its form's rules: fills in what is left out, records
/// the rule beside what is given.
pub fn score_by(project: Project, rules: Arc<Rules>) -> Scored {
    let f = &project.funds;
    let rows: Vec<FundFigures> = f.sources.iter().map(figures).collect();
    let total = match &f.total {
        Some(row) => figures(row),
        None => {
            let sum = |pick: fn(&FundFigures) -> Decimal| {
                rows.iter()
                    .map(pick)
                    .try_fold(Decimal::ZERO, Decimal::checked_add)
                    .unwrap_or(Decimal::MAX)
            };
            let (budget, spent) = (sum(|r| r.budget), sum(|r| r.spent));
            let rule_rate = rate(budget, spent);
            FundFigures {
                initial: sum(|r| r.initial),
                budget,
                spent,
                rate: rule_rate,
                rule_rate,
            }
        }
    };
    let weight = f.weight.as_ref().map_or(rules.budget_weight, |w| w.get());
    let ratio = quotient(total.spent, total.budget)
        .unwrap_or_default()
        .clamp(Decimal::ZERO, Decimal::ONE);
    let rule_score = round(ratio.checked_mul(weight).unwrap_or_default(), PLACES);
    let funds = ScoredFunds {
        score: f.score.as_ref().map_or(rule_score, |s| s.get()),
        rule_score,
        total,
        rows,
        weight,
    };
    let indicators: Vec<IndicatorScore> = project
        .indicators()
        .map(|(_, _, i)| {
            let rule = indicator_rule(i, &rules);
            IndicatorScore {
                score: i
                    .score
                    .as_ref()
                    .map(|s| s.get())
                    .or(rule.and_then(|r| r.computed))
                    .unwrap_or_default(),
                rule,
            }
        })
        .collect();
    // Input numbers are bounded (see `input::MAX_FIGURE`), so these sums of at most
    // a few thousand of them cannot overflow; saturate all the same.
    let add = |a: Decimal, b: Decimal| a.checked_add(b).unwrap_or(Decimal::MAX);
    // On a form with an indicator block, the indicators' points count × block ÷ 100.
    let share = rules.indicator_share();
    let scaled = |d: Decimal| round(d.checked_mul(share).unwrap_or(d), PLACES);
    let indicator_weights = project
        .indicators()
        .map(|(_, _, i)| i.weight_value())
        .fold(Decimal::ZERO, add);
    let weight_total = add(weight, scaled(indicator_weights));
    // The scores of the 三级指标, and of the 二级 groups a form scores whole.
    let indicator_scores = indicators
        .iter()
        .map(|s| s.score)
        .chain(project.group_scores().map(|g| g.get()))
        .fold(Decimal::ZERO, add);
    let score_sum = add(funds.score, scaled(indicator_scores));
    let rule_total = rules
        .cap(funds.total.rate)
        .map_or(score_sum, |c| score_sum.min(c.max));
    let total = project.total.as_ref().map_or(rule_total, |t| t.get());
    let grade = project.grade.as_ref().map_or_else(
        || rules.grade(total).unwrap_or_default().to_string(),
        |g| g.value.clone(),
    );
    Scored {
        project,
        funds,
        indicators,
        weight_total,
        total,
        rule_total,
        score_sum,
        grade,
        rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rates() {
        assert_eq!(rate(d("33.09"), d("33.09")), d("100"));
        assert_eq!(rate(d("3"), d("1")), d("33.33"));
        assert_eq!(rate(d("3"), d("2")), d("66.67"));
        assert_eq!(rate(Decimal::ZERO, d("5")), Decimal::ZERO);
    }

    #[test]
    fn rates_out_of_range_saturate_instead_of_panicking() {
        // 10⁹ ÷ 10⁻¹⁸ fits a decimal, × 100 does not.
        assert_eq!(
            rate(d("0.000000000000000001"), d("1000000000")),
            Decimal::MAX
        );
        // The quotient itself is out of range.
        assert_eq!(
            rate(d("0.0000000000000000000000000001"), d("-100")),
            Decimal::MIN
        );
        assert_eq!(quotient(d("1"), Decimal::ZERO), None);
        assert_eq!(quotient(Decimal::MAX, d("0.1")), Some(Decimal::MAX));
    }
}
