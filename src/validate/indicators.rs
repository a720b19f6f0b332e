//! Rules of the 绩效指标: names, targets and actual values, weights and scores.

use rust_decimal::Decimal;

use super::{n, Findings};
use crate::model::{Actual, Indicator, Target};
use crate::score::Judgement;

/// The 一级指标 of the form and the 二级指标 that belong under each.
const LEVELS: &[(&str, &[&str])] = &[
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
];

/// The national default weight of each 一级指标.
const DEFAULT_SPLIT: &[(&str, i64)] = &[("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)];

/// How far a 一级 weight may stray from the default before a note is given.
const SPLIT_TOLERANCE: i64 = 10;

/// Names compared without blanks and with a missing "指标" suffix added.
fn canonical(name: &str) -> String {
    let s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if s.ends_with("指标") {
        s
    } else {
        format!("{s}指标")
    }
}

/// Units compared in one spelling: 百分比 and ％ are %.
fn unit(u: &str) -> String {
    match u.trim() {
        "百分比" | "％" | "百分率" => "%".to_string(),
        other => other.to_string(),
    }
}

pub(super) fn check(f: &mut Findings) {
    let s = f.scored;
    let p = &s.project;
    for l1 in &p.indicators {
        let name1 = canonical(&l1.name.value);
        let Some((_, allowed)) = LEVELS.iter().find(|(n, _)| *n == name1) else {
            f.push(
                "E0501",
                &l1.name.place,
                format!("一级指标“{}”不是表式规定的名称", l1.name.value),
                Some("一级指标只能是 产出指标、效益指标、满意度指标".into()),
            );
            continue;
        };
        for l2 in &l1.groups {
            if !allowed.contains(&canonical(&l2.name.value).as_str()) {
                f.push(
                    "E0502",
                    &l2.name.place,
                    format!("二级指标“{}”通常不在“{name1}”之下", l2.name.value),
                    Some(format!("{name1}下的二级指标通常为: {}", allowed.join("、"))),
                );
            }
        }
        let sum: Decimal = l1
            .groups
            .iter()
            .flat_map(|g| &g.indicators)
            .map(|i| i.weight.get())
            .try_fold(Decimal::ZERO, Decimal::checked_add)
            .unwrap_or(Decimal::MAX);
        let default = DEFAULT_SPLIT.iter().find(|(n, _)| *n == name1);
        if let Some((_, default)) = default.filter(|_| !p.gaps.weights) {
            if (sum - Decimal::from(*default)).abs() > Decimal::from(SPLIT_TOLERANCE) {
                f.push(
                    "E0403",
                    &l1.name.place,
                    format!(
                        "{name1}合计 {} 分，通用分配为 {default} 分（产出 50 / 效益 30 / 满意度 10）",
                        n(sum)
                    ),
                    Some("各地表式分配不同，合计为 100 即可；此条仅供参考".into()),
                );
            }
        }
    }
    for ((_, _, i), sc) in p.indicators().zip(&s.indicators) {
        // A value it needs could not be read (already reported): its rules would
        // only repeat that.
        if !i.complete {
            continue;
        }
        let what = format!("三级指标“{}”", i.name.value);
        let weight = i.weight.get();
        if weight <= Decimal::ZERO {
            f.push(
                "E0402",
                &i.weight.place,
                format!("{what}的分值为 {}，应大于 0", n(weight)),
                Some("不计分的指标请从表中删去".into()),
            );
        }
        // Actual and target in different units cannot be compared, so no E0603 either.
        let mut comparable = true;
        match (&i.target.value, &i.actual) {
            (Target::Quantitative { quantity, .. }, None) => f.push(
                "E0504",
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
                            "E0503",
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
                "E0602",
                printed_place,
                format!(
                    "{what}得分 {} 低于分值 {}，但没有填写偏差原因分析及改进措施",
                    n(sc.score),
                    n(weight)
                ),
                Some("扣分的指标必须说明原因: 加一行 `偏差原因分析及改进措施: …`".into()),
            );
        }
        let Some(given) = &i.score else { continue };
        let given_value = given.get();
        if given_value < Decimal::ZERO || given_value > weight {
            f.push(
                "E0601",
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
        let max = crate::score::favourable_max(i).unwrap_or(rule.max);
        if given_value > max {
            f.push(
                "E0603",
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
            let (lo, hi) = tier.tier_percent();
            f.push(
                "E0606",
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
            let (lo, hi) = tier.tier_percent();
            let place = i.actual.as_ref().map_or(&i.place, |a| &a.place);
            f.push(
                "E0506",
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
                "E0505",
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
