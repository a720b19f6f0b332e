//! Rules of the 绩效指标: names, targets and actual values, weights and scores.

use crate::diag::Code;
use rust_decimal::Decimal;

use super::{n, Findings};
use crate::model::{Actual, Indicator, Target};
use crate::score::params::{canonical, SplitSeverity};
use crate::score::Judgement;

/// Units compared in one spelling: 百分比 and ％ are %.
fn unit(u: &str) -> String {
    match u.trim() {
        "百分比" | "％" | "百分率" => "%".to_string(),
        other => other.to_string(),
    }
}

pub(super) fn check(f: &mut Findings) {
    levels(f);
    let s = f.scored;
    let p = &s.project;
    let rules = &*s.rules;
    for ((_, _, i), sc) in p.indicators().zip(&s.indicators) {
        // A value it needs could not be read (already reported): its rules would
        // only repeat that.
        if !i.complete {
            continue;
        }
        let what = format!("三级指标“{}”", i.name.value);
        // `complete`: its 分值 was read.
        let Some(weight_at) = i.weight.as_ref() else {
            continue;
        };
        let weight = weight_at.get();
        if weight <= Decimal::ZERO {
            f.push(
                Code::E0402,
                &weight_at.place,
                format!("{what}的分值为 {}，应大于 0", n(weight)),
                Some("不计分的指标请从表中删去".into()),
            );
        }
        // Actual and target in different units cannot be compared, so no E0603 either.
        let mut comparable = true;
        match (&i.target.value, &i.actual) {
            (Target::Quantitative { quantity, .. }, None) => f.push(
                Code::E0504,
                &i.place,
                format!(
                    "{what}是定量指标（{}），但没有填实际完成值",
                    crate::format::target(&i.target.value)
                ),
                Some(format!("加一行 `实际完成值: …{}`", quantity.unit)),
            ),
            (Target::Quantitative { quantity, .. }, Some(a)) => {
                if let Actual::Quantitative(q) = &a.value {
                    if unit(&q.unit) != unit(&quantity.unit) {
                        comparable = false;
                        f.push(
                            Code::E0503,
                            &a.place,
                            format!(
                                "{what}的实际完成值单位“{}”与年度指标值单位“{}”不同",
                                q.unit, quantity.unit
                            ),
                            Some(format!("实际完成值应以“{}”为单位", quantity.unit)),
                        );
                    }
                }
            }
            _ => {}
        }
        let quantitative_without_actual =
            matches!(i.target.value, Target::Quantitative { .. }) && i.actual.is_none();
        if i.score.is_none() && !quantitative_without_actual {
            needs_a_score(f, &what, i, sc.rule);
        }
        let printed_place = i.score.as_ref().map_or(&i.place, |s| &s.place);
        let printed = i.score.is_some() || sc.rule.is_some_and(|r| r.computed.is_some());
        if printed && sc.score < weight && i.reason.is_none() && sc.score >= Decimal::ZERO {
            f.push(
                Code::E0602,
                printed_place,
                format!(
                    "{what}得分 {} 低于分值 {}，但没有填写偏差原因分析及改进措施",
                    n(sc.score),
                    n(weight)
                ),
                Some("扣分的指标必须说明原因: 加一行 `偏差原因分析及改进措施: …`".into()),
            );
        }
        if i.reason.is_none() {
            over_achieved(f, &what, i);
        }
        let Some(given) = &i.score else { continue };
        let given_value = given.get();
        if given_value < Decimal::ZERO || given_value > weight {
            f.push(
                Code::E0601,
                &given.place,
                format!(
                    "{what}的得分 {} 超出 0 到分值 {} 的范围",
                    n(given_value),
                    n(weight)
                ),
                Some(format!("得分应在 0.00 到 {} 之间", n(weight))),
            );
            continue;
        }
        let Some(rule) = sc.rule.filter(|_| comparable) else {
            continue;
        };
        let max = crate::score::favourable_max(i, rules).unwrap_or(rule.max);
        if given_value > max {
            f.push(
                Code::E0603,
                &given.place,
                format!(
                    "{what}自评得分 {}，但按实际完成值最多应得 {}",
                    n(given_value),
                    n(max)
                ),
                Some(format!(
                    "定量指标未达成按比例计分，定性指标按达成程度分档；建议得分不高于 {}",
                    n(max)
                )),
            );
        } else if let Some(tier) = rule.tier.filter(|_| given_value < rule.min) {
            let (lo, hi) = tier.tier_percent(rules.tiers);
            f.push(
                Code::E0606,
                &given.place,
                format!(
                    "{what}的实际完成值为“{}”档，得分 {} 低于该档下限 {}",
                    tier.label(),
                    n(given_value),
                    n(rule.min)
                ),
                Some(format!(
                    "“{}”档的得分为分值的 {lo}%–{hi}%，即 {}–{}；实际完成值若为更低一档，请如实填写",
                    tier.label(),
                    n(rule.min),
                    n(rule.max)
                )),
            );
        }
    }
}

/// The 一级 and 二级 names the form allows, and each 一级's weight against the
/// form's expected split.
fn levels(f: &mut Findings) {
    let s = f.scored;
    let p = &s.project;
    let rules = &*s.rules;
    let names: Vec<&str> = rules.levels.iter().map(|l| l.name.as_str()).collect();
    for l1 in &p.indicators {
        let Some(level) = rules.level(&l1.name.value) else {
            f.push(
                Code::E0501,
                &l1.name.place,
                format!("一级指标“{}”不是表式规定的名称", l1.name.value),
                Some(format!("一级指标只能是 {}", names.join("、"))),
            );
            continue;
        };
        let name1 = &level.name;
        let allowed: Vec<String> = level.groups.iter().map(|g| canonical(g)).collect();
        for l2 in l1.groups.iter().filter(|_| !allowed.is_empty()) {
            if !allowed.contains(&canonical(&l2.name.value)) {
                f.push(
                    Code::E0502,
                    &l2.name.place,
                    format!("二级指标“{}”通常不在“{name1}”之下", l2.name.value),
                    Some(format!(
                        "{name1}下的二级指标通常为: {}",
                        level.groups.join("、")
                    )),
                );
            }
        }
        let sum: Decimal = l1
            .groups
            .iter()
            .flat_map(|g| &g.indicators)
            .map(|i| i.weight_value())
            .try_fold(Decimal::ZERO, Decimal::checked_add)
            .unwrap_or(Decimal::MAX);
        let Some(expected) = level.weight.filter(|_| !p.gaps.weights) else {
            continue;
        };
        if (sum - expected).abs() <= rules.split.tolerance {
            continue;
        }
        let split: Vec<String> = rules
            .levels
            .iter()
            .filter_map(|l| Some(format!("{} {}", l.name, l.weight?.normalize())))
            .collect();
        let (code, hint) = match rules.split.severity {
            SplitSeverity::Off => continue,
            SplitSeverity::Note => (
                Code::E0403,
                "各地表式分配不同，合计为 100 即可；此条仅供参考",
            ),
            SplitSeverity::Warning => (Code::E0404, "本表式要求按此分配；如确有依据可忽略"),
            SplitSeverity::Error => (Code::E0405, "本表式规定按此分配；请调整各三级指标的分值"),
        };
        f.push(
            code,
            &l1.name.place,
            format!(
                "{name1}合计 {} 分，本表式的分配为 {} 分（{}）",
                n(sum),
                expected.normalize(),
                split.join(" / ")
            ),
            Some(hint.into()),
        );
    }
}

/// A quantitative actual far above its target (the form's `over_achievement`,
/// in % of the 年度指标值) needs a reason: the target may have been set too low.
fn over_achieved(f: &mut Findings, what: &str, i: &Indicator) {
    let Some(threshold) = f.scored.rules.over_achievement else {
        return;
    };
    let (Target::Quantitative { op, quantity }, Some(actual)) = (&i.target.value, &i.actual) else {
        return;
    };
    let Actual::Quantitative(a) = &actual.value else {
        return;
    };
    if op.is_some_and(|o| o.is_upper_bound()) || quantity.number <= Decimal::ZERO {
        return;
    }
    let Some(percent) = crate::score::quotient(a.number, quantity.number)
        .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
    else {
        return;
    };
    if percent >= threshold {
        f.push(
            Code::E0607,
            &actual.place,
            format!(
                "{what}实际完成值是年度指标值的 {}%，达到本表式要求说明的 {}%",
                n(percent),
                threshold.normalize()
            ),
            Some("超额完成较多的指标须说明原因（指标值是否定得过低）: 加一行 `偏差原因分析及改进措施: …`".into()),
        );
    }
}

/// An indicator without 得分: jixiao computes it only when the rule can (a
/// quantitative one, a met qualitative one); otherwise the unit must give it.
fn needs_a_score(f: &mut Findings, what: &str, i: &Indicator, rule: Option<Judgement>) {
    match rule {
        Some(Judgement {
            computed: Some(_), ..
        }) => {}
        Some(Judgement {
            tier: Some(tier),
            min,
            max,
            ..
        }) => {
            let (lo, hi) = tier.tier_percent(f.scored.rules.tiers);
            let place = i.actual.as_ref().map_or(&i.place, |a| &a.place);
            f.push(
                Code::E0506,
                place,
                format!("{what}的实际完成值为“{}”档，须由单位填写得分", tier.label()),
                Some(format!(
                    "“{}”档的得分为分值的 {lo}%–{hi}%，即 {}–{}；填写得分并说明偏差原因",
                    tier.label(),
                    n(min),
                    n(max)
                )),
            );
        }
        _ => {
            let (place, why) = match &i.actual {
                Some(a) => (a.place.clone(), "实际完成值无法判断是否达成".to_string()),
                None => (i.place.clone(), "没有填实际完成值".to_string()),
            };
            f.push(
                Code::E0505,
                &place,
                format!("{what}没有填得分，且{why}，无法计算得分"),
                Some(
                    "填写得分；或把实际完成值写成 达成指标、部分达成、未达成，或写 数字+单位"
                        .into(),
                ),
            );
        }
    }
}
