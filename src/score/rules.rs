//! The scoring rules of 财预〔2020〕10号 as practised: proportional scores for
//! quantitative indicators, three tiers for qualitative ones, with the
//! parameters of the form (see [`Rules`]).

use rust_decimal::Decimal;

use super::params::{Qualitative, Reverse, Rules};
use crate::model::num::{round, PLACES};
use crate::model::{Actual, Indicator, Op, Target};

/// How far a qualitative indicator was achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Achievement {
    /// 达成: 80–100 % of the weight (national tiers).
    Achieved,
    /// 部分达成: 60–80 % of the weight.
    Partly,
    /// 未达成: 0–60 % of the weight.
    NotAchieved,
}

/// Text compared as a phrase: blanks and end punctuation removed.
fn phrase(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_end_matches(['。', '.', '！', '!', '；', ';'])
        .to_string()
}

impl Achievement {
    /// Classifies an actual value's text by whole phrases (or the target's own
    /// words, which mean it was met); `None` when the rule cannot judge it.
    pub fn of(actual: &str, target: &str, words: &Qualitative) -> Option<Achievement> {
        let a = phrase(actual);
        if a.is_empty() {
            return None;
        }
        let said = |list: &[String]| list.contains(&a);
        if said(&words.not_achieved) {
            Some(Achievement::NotAchieved)
        } else if said(&words.partly) {
            Some(Achievement::Partly)
        } else if said(&words.achieved) || a == phrase(target) {
            Some(Achievement::Achieved)
        } else {
            None
        }
    }

    /// The shares of the weight this tier allows under the form's `tiers`, in
    /// percent: (lowest, highest).
    pub fn tier_percent(self, tiers: [Decimal; 2]) -> (Decimal, Decimal) {
        let [achieved, partly] = tiers;
        match self {
            Achievement::Achieved => (achieved, Decimal::ONE_HUNDRED),
            Achievement::Partly => (partly, achieved),
            Achievement::NotAchieved => (Decimal::ZERO, partly),
        }
    }

    /// The tier's name, as the form says it.
    pub fn label(self) -> &'static str {
        match self {
            Achievement::Achieved => crate::diag::text::TIERS[0],
            Achievement::Partly => crate::diag::text::TIERS[1],
            Achievement::NotAchieved => crate::diag::text::TIERS[2],
        }
    }
}

/// What the rules say of one indicator's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judgement {
    /// The lowest score its tier allows (0 for a quantitative indicator).
    pub min: Decimal,
    /// The highest score the actual value supports.
    pub max: Decimal,
    /// The score jixiao prints when the unit gives none: a quantitative score or a
    /// met qualitative one. A partly or not achieved indicator needs the unit's own.
    pub computed: Option<Decimal>,
    /// The qualitative tier, when the indicator was judged by one.
    pub tier: Option<Achievement>,
}

/// What the rules say of an indicator, when its actual value can be judged:
/// met → full weight, missed → proportional; qualitative → the range of its tier.
pub fn indicator_rule(i: &Indicator, rules: &Rules) -> Option<Judgement> {
    let weight = i.weight_value();
    let actual = &i.actual.as_ref()?.value;
    let of_weight = |share: Decimal| share_of(share, weight);
    let tier = match (&i.target.value, actual) {
        (Target::Quantitative { op, quantity }, Actual::Quantitative(a)) => {
            let op = op.unwrap_or(Op::Eq);
            let share = quantitative_share(op, quantity.number, a.number, rules.reverse);
            let score = of_weight(share);
            return Some(Judgement {
                min: Decimal::ZERO,
                max: score,
                computed: Some(score),
                tier: None,
            });
        }
        (Target::Qualitative(t), Actual::Qualitative(a)) => {
            Achievement::of(a, t, &rules.qualitative)?
        }
        (Target::Quantitative { .. }, Actual::Qualitative(a)) => {
            Achievement::of(a, "", &rules.qualitative)?
        }
        (Target::Qualitative(_), Actual::Quantitative(_)) => return None,
    };
    let (lo, hi) = tier.tier_percent(rules.tiers);
    Some(Judgement {
        min: of_weight(lo / Decimal::ONE_HUNDRED),
        max: of_weight(hi / Decimal::ONE_HUNDRED),
        computed: (tier == Achievement::Achieved).then_some(weight),
        tier: Some(tier),
    })
}

/// The highest score an indicator's actual value supports at the precision it
/// was written with: a quantitative actual is taken at the end of its rounding
/// that favours the unit (89.995 may be shown as 90.00 and meet ≥90).
pub fn favourable_max(i: &Indicator, rules: &Rules) -> Option<Decimal> {
    let judged = indicator_rule(i, rules)?;
    let (Target::Quantitative { op, quantity }, Some(Actual::Quantitative(a))) =
        (&i.target.value, i.actual.as_ref().map(|a| &a.value))
    else {
        return Some(judged.max);
    };
    let op = op.unwrap_or(Op::Eq);
    let range = a.num().range();
    let best = if op.is_upper_bound() {
        range.lo
    } else {
        range.hi
    };
    let share = quantitative_share(op, quantity.number, best.max(Decimal::ZERO), rules.reverse);
    Some(share_of(share, i.weight_value()))
}

/// A share of the weight (clamped to [0, 1]) as a score at the form's places.
fn share_of(share: Decimal, weight: Decimal) -> Decimal {
    round(share.clamp(Decimal::ZERO, Decimal::ONE) * weight, PLACES)
}

/// Share of the weight earned by a quantitative indicator, in [0, 1]; a missed
/// reverse indicator (`≤`) by the form's `reverse` rule.
fn quantitative_share(op: Op, target: Decimal, actual: Decimal, reverse: Reverse) -> Decimal {
    let met = match op {
        Op::Ge | Op::Eq => actual >= target,
        Op::Gt => actual > target,
        Op::Le => actual <= target,
        Op::Lt => actual < target,
    };
    if met {
        return Decimal::ONE;
    }
    let ratio = if op.is_upper_bound() {
        match reverse {
            Reverse::Ratio => super::quotient(target, actual),
            // 1 − (实际值 − 指标值) ÷ 指标值 = 2 − 实际值 ÷ 指标值.
            Reverse::Deviation => super::quotient(actual, target)
                .map(|q| Decimal::TWO.checked_sub(q).unwrap_or(Decimal::ZERO)),
        }
    } else {
        super::quotient(actual, target)
    };
    ratio.unwrap_or_default().clamp(Decimal::ZERO, Decimal::ONE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ind(target: &str, actual: &str, weight: &str) -> Indicator {
        Indicator::typed(target, actual, weight)
    }

    fn max(i: &Indicator) -> Option<Decimal> {
        indicator_rule(i, &Rules::national().unwrap()).map(|j| j.max)
    }

    #[test]
    fn quantitative_rules() {
        assert_eq!(max(&ind("≥90%", "90%", "10")), Some(d("10.00")));
        assert_eq!(max(&ind("≥90%", "80%", "10")), Some(d("8.89")));
        assert_eq!(max(&ind("=100%", "95%", "10")), Some(d("9.50")));
        assert_eq!(max(&ind("=5家", "0家", "5")), Some(d("0.00")));
        assert_eq!(max(&ind("≤30万元", "40万元", "10")), Some(d("7.50")));
        assert_eq!(max(&ind("≤30万元", "20万元", "10")), Some(d("10")));
        assert_eq!(max(&ind("=100%", "120%", "5")), Some(d("5")));
    }

    #[test]
    fn qualitative_tiers() {
        assert_eq!(max(&ind("高", "达成指标", "10")), Some(d("10")));
        assert_eq!(max(&ind("高", "部分达成", "10")), Some(d("8")));
        assert_eq!(max(&ind("及时", "未达成", "10")), Some(d("6")));
        assert_eq!(max(&ind("高", "说不清", "10")), None);
        let national = Rules::national().unwrap();
        let partly = indicator_rule(&ind("高", "部分达成", "10"), &national).unwrap();
        assert_eq!((partly.min, partly.computed), (d("6"), None));
        let met = indicator_rule(&ind("高", "已完成。", "10"), &national).unwrap();
        assert_eq!(met.computed, Some(d("10")));
    }

    #[test]
    fn tiers_are_the_forms() {
        let rules = Rules {
            tiers: [d("80"), d("50")],
            ..Rules::national().unwrap()
        };
        let partly = indicator_rule(&ind("高", "部分达成", "10"), &rules).unwrap();
        assert_eq!((partly.min, partly.max), (d("5"), d("8")));
        let missed = indicator_rule(&ind("高", "未达成", "10"), &rules).unwrap();
        assert_eq!((missed.min, missed.max), (d("0"), d("5")));
    }

    #[test]
    fn reverse_indicators_by_ratio_or_by_deviation() {
        let deviation = Rules {
            reverse: Reverse::Deviation,
            ..Rules::national().unwrap()
        };
        let by = |t, a, r: &Rules| indicator_rule(&ind(t, a, "10"), r).map(|j| j.max);
        // 40 against ≤30: 30 ÷ 40 = 75 %, or 1 − 10 ÷ 30 = 66.67 %.
        assert_eq!(
            by("≤30万元", "40万元", &Rules::national().unwrap()),
            Some(d("7.50"))
        );
        assert_eq!(by("≤30万元", "40万元", &deviation), Some(d("6.67")));
        // Twice the target and more: nothing.
        assert_eq!(by("≤30万元", "60万元", &deviation), Some(d("0.00")));
        assert_eq!(by("≤30万元", "90万元", &deviation), Some(d("0.00")));
        // Met: full weight under both; ≥ indicators are unchanged.
        assert_eq!(by("≤30万元", "20万元", &deviation), Some(d("10")));
        assert_eq!(by("≥90%", "80%", &deviation), Some(d("8.89")));
    }

    #[test]
    fn text_is_judged_by_whole_phrases_only() {
        // 没有 inside a sentence that says the target was met.
        assert_eq!(
            Achievement::of(
                "没有发生泄密事件",
                "安全保密",
                &Rules::national().unwrap().qualitative
            ),
            None
        );
        assert_eq!(
            Achievement::of(
                "没有发生泄密事件",
                "没有发生泄密事件",
                &Rules::national().unwrap().qualitative
            ),
            Some(Achievement::Achieved)
        );
        assert_eq!(
            Achievement::of("基本完成", "", &Rules::national().unwrap().qualitative),
            Some(Achievement::Partly)
        );
        assert_eq!(
            Achievement::of("未完成", "", &Rules::national().unwrap().qualitative),
            Some(Achievement::NotAchieved)
        );
        assert_eq!(
            Achievement::of("完成率较低", "", &Rules::national().unwrap().qualitative),
            None
        );
        assert_eq!(
            Achievement::of(
                "部分完成，下年继续",
                "",
                &Rules::national().unwrap().qualitative
            ),
            None
        );
    }
}
