//! The scoring rules of 财预〔2020〕10号 as practised: proportional scores for
//! quantitative indicators, three tiers for qualitative ones, grade bands.

use rust_decimal::Decimal;

use super::PLACES;
use crate::format::round;
use crate::model::{Actual, Indicator, Op, Target};

/// How far a qualitative indicator was achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Achievement {
    /// 达成: 80–100 % of the weight.
    Achieved,
    /// 部分达成: 60–80 % of the weight.
    Partly,
    /// 未达成: 0–60 % of the weight.
    NotAchieved,
}

impl Achievement {
    /// Classifies an actual value's text; `None` when it says nothing recognisable.
    pub fn of(actual: &str, target: &str) -> Option<Achievement> {
        let a = actual.trim();
        const NOT: &[&str] = &[
            "未达成",
            "未完成",
            "未达到",
            "未实现",
            "没有",
            "否",
            "不及时",
            "差",
        ];
        const PART: &[&str] = &["部分", "基本"];
        const YES: &[&str] = &[
            "达成",
            "完成",
            "达到",
            "实现",
            "是",
            "及时",
            "高",
            "满意",
            "可持续",
            "提高",
        ];
        if NOT.iter().any(|w| a.contains(w)) {
            Some(Achievement::NotAchieved)
        } else if PART.iter().any(|w| a.contains(w)) {
            Some(Achievement::Partly)
        } else if a == target.trim() || YES.iter().any(|w| a.contains(w)) {
            Some(Achievement::Achieved)
        } else {
            None
        }
    }

    /// The highest share of the weight this tier allows, in percent.
    pub fn ceiling_percent(self) -> Decimal {
        match self {
            Achievement::Achieved => Decimal::ONE_HUNDRED,
            Achievement::Partly => Decimal::from(80),
            Achievement::NotAchieved => Decimal::from(60),
        }
    }
}

/// The highest score the actual value supports, when it can be judged:
/// met → full weight, missed → proportional; qualitative → the tier's ceiling.
pub fn indicator_rule(i: &Indicator) -> Option<Decimal> {
    let weight = i.weight.value;
    let actual = &i.actual.as_ref()?.value;
    let share = match (&i.target.value, actual) {
        (Target::Quantitative { op, quantity }, Actual::Quantitative(a)) => {
            quantitative_share(op.unwrap_or(Op::Eq), quantity.number, a.number)
        }
        (Target::Qualitative(t), Actual::Qualitative(a)) => {
            Achievement::of(a, t)?.ceiling_percent() / Decimal::ONE_HUNDRED
        }
        (Target::Quantitative { .. }, Actual::Qualitative(a)) => {
            Achievement::of(a, "")?.ceiling_percent() / Decimal::ONE_HUNDRED
        }
        (Target::Qualitative(_), Actual::Quantitative(_)) => return None,
    };
    Some(round(
        share.clamp(Decimal::ZERO, Decimal::ONE) * weight,
        PLACES,
    ))
}

/// Share of the weight earned by a quantitative indicator, in [0, 1].
fn quantitative_share(op: Op, target: Decimal, actual: Decimal) -> Decimal {
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
        super::quotient(target, actual)
    } else {
        super::quotient(actual, target)
    };
    ratio.unwrap_or_default().clamp(Decimal::ZERO, Decimal::ONE)
}

/// 评分等级 from the total: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差.
pub fn grade(total: Decimal) -> &'static str {
    if total >= Decimal::from(90) {
        "优"
    } else if total >= Decimal::from(80) {
        "良"
    } else if total >= Decimal::from(60) {
        "中"
    } else {
        "差"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Place;
    use crate::model::Located;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ind(target: &str, actual: &str, weight: &str) -> Indicator {
        let t = Target::parse(target).unwrap();
        let unit = t.unit().map(str::to_string);
        Indicator {
            place: Place::File,
            name: Located::new("x".into(), Place::File),
            actual: Some(Located::new(
                Actual::parse(actual, unit.as_deref()).unwrap(),
                Place::File,
            )),
            target: Located::new(t, Place::File),
            weight: Located::new(d(weight), Place::File),
            score: None,
            reason: None,
        }
    }

    #[test]
    fn quantitative_rules() {
        assert_eq!(indicator_rule(&ind("≥90%", "90%", "10")), Some(d("10.00")));
        assert_eq!(indicator_rule(&ind("≥90%", "80%", "10")), Some(d("8.89")));
        assert_eq!(indicator_rule(&ind("=100%", "95%", "10")), Some(d("9.50")));
        assert_eq!(indicator_rule(&ind("=5家", "0家", "5")), Some(d("0.00")));
        assert_eq!(
            indicator_rule(&ind("≤30万元", "40万元", "10")),
            Some(d("7.50"))
        );
        assert_eq!(
            indicator_rule(&ind("≤30万元", "20万元", "10")),
            Some(d("10"))
        );
        assert_eq!(indicator_rule(&ind("=100%", "120%", "5")), Some(d("5")));
    }

    #[test]
    fn qualitative_tiers() {
        assert_eq!(indicator_rule(&ind("高", "达成指标", "10")), Some(d("10")));
        assert_eq!(indicator_rule(&ind("高", "部分达成", "10")), Some(d("8")));
        assert_eq!(indicator_rule(&ind("及时", "未达成", "10")), Some(d("6")));
        assert_eq!(indicator_rule(&ind("高", "说不清", "10")), None);
    }

    #[test]
    fn grade_bands() {
        assert_eq!(grade(d("95")), "优");
        assert_eq!(grade(d("90")), "优");
        assert_eq!(grade(d("89.99")), "良");
        assert_eq!(grade(d("80")), "良");
        assert_eq!(grade(d("60")), "中");
        assert_eq!(grade(d("59.99")), "差");
    }
}
