//! Rules of the 绩效指标: names, targets and actual values, weights and scores.

use crate::diag::msg::check as msg;
use crate::diag::{Code, Place};
use rust_decimal::Decimal;

use super::{n, Findings};
use crate::model::{Actual, Indicator, Target};
use crate::score::params::{canonical, SplitSeverity};
use crate::score::Judgement;

/// Units compared in one spelling: 百分比 and ％ are %.
fn unit(u: &str) -> String {
    match u.trim() {
        percent if msg::PERCENT_UNITS.contains(&percent) => "%".to_string(),
        other => other.to_string(),
    }
}

/// The rules of a 目标表's indicators: the 一级 and 二级 the form allows, each
/// 一级's weight, and every 分值 above 0.
pub(super) fn check_plan(f: &mut Findings) {
    levels(f);
    let p = &f.scored.project;
    for (_, _, i) in p.indicators() {
        let Some(weight) = i.weight.as_ref().filter(|w| w.get() <= Decimal::ZERO) else {
            continue;
        };
        let what = msg::indicator(&i.name.value);
        f.report(
            Code::E0402,
            &weight.place,
            msg::weight_not_positive(&what, &n(weight.get())),
        );
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
        let what = msg::indicator(&i.name.value);
        // `complete`: its 分值 was read.
        let Some(weight_at) = i.weight.as_ref() else {
            continue;
        };
        let weight = weight_at.get();
        if weight <= Decimal::ZERO {
            f.report(
                Code::E0402,
                &weight_at.place,
                msg::weight_not_positive(&what, &n(weight)),
            );
        }
        // Actual and target in different units cannot be compared, so no E0603 either.
        let mut comparable = true;
        match (&i.target.value, &i.actual) {
            (Target::Quantitative { quantity, .. }, None) => f.report(
                Code::E0504,
                &i.place,
                msg::no_actual(
                    &what,
                    &crate::format::target(&i.target.value),
                    &quantity.unit,
                    // A sheet's or a Word table's row, not a YAML entry.
                    !matches!(i.place, Place::Text { .. } | Place::File),
                ),
            ),
            (Target::Quantitative { quantity, .. }, Some(a)) => {
                if let Actual::Quantitative(q) = &a.value {
                    if unit(&q.unit) != unit(&quantity.unit) {
                        comparable = false;
                        f.report(
                            Code::E0503,
                            &a.place,
                            msg::units_differ(&what, &q.unit, &quantity.unit),
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
            f.report(
                Code::E0602,
                printed_place,
                msg::below_weight_without_reason(&what, &n(sc.score), &n(weight)),
            );
        }
        if i.reason.is_none() {
            over_achieved(f, &what, i);
        }
        let Some(given) = &i.score else { continue };
        let given_value = given.get();
        if given_value < Decimal::ZERO || given_value > weight {
            f.report(
                Code::E0601,
                &given.place,
                msg::score_out_of_range(&what, &n(given_value), &n(weight)),
            );
            continue;
        }
        let Some(rule) = sc.rule.filter(|_| comparable) else {
            continue;
        };
        let max = crate::score::favourable_max(i, rules).unwrap_or(rule.max);
        // A whole point written on a form that rounds to it may stand for less.
        let lowest = match rules.score_places {
            0 => rules.score_range(given.value).lo,
            _ => given_value,
        };
        if lowest > max {
            f.report(
                Code::E0603,
                &given.place,
                msg::score_above_actual(&what, &n(given_value), &n(max)),
            );
        } else if let Some(tier) = rule.tier.filter(|_| given_value < rule.min) {
            let (lo, hi) = tier.tier_percent(rules.tiers);
            f.report(
                Code::E0606,
                &given.place,
                msg::score_below_tier(
                    &what,
                    tier.label(),
                    &n(given_value),
                    (&n(rule.min), &n(rule.max)),
                    (&lo.to_string(), &hi.to_string()),
                ),
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
            f.report(
                Code::E0501,
                &l1.name.place,
                msg::unknown_level1(&l1.name.value, &names.join("、")),
            );
            continue;
        };
        let name1 = &level.name;
        let allowed: Vec<String> = level.groups.iter().map(|g| canonical(g)).collect();
        for l2 in l1.groups.iter().filter(|_| !allowed.is_empty()) {
            if !allowed.contains(&canonical(&l2.name.value)) {
                f.report(
                    Code::E0502,
                    &l2.name.place,
                    msg::unusual_level2(&l2.name.value, name1, &level.groups.join("、")),
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
        // A table without 分值 (a 目标表 may have none) has no split to compare.
        let weighted = p.indicators().any(|(_, _, i)| i.weight.is_some());
        let Some(expected) = level.weight.filter(|_| !p.gaps.weights && weighted) else {
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
            SplitSeverity::Note => (Code::E0403, msg::SPLIT_NOTE_HINT),
            SplitSeverity::Warning => (Code::E0404, msg::SPLIT_WARNING_HINT),
            SplitSeverity::Error => (Code::E0405, msg::SPLIT_ERROR_HINT),
        };
        f.push(
            code,
            &l1.name.place,
            msg::level_split(
                name1,
                &n(sum),
                &expected.normalize().to_string(),
                &split.join(" / "),
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
    let Some(percent) = crate::model::num::quotient(a.number, quantity.number)
        .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
    else {
        return;
    };
    if percent >= threshold {
        f.report(
            Code::E0607,
            &actual.place,
            msg::over_achieved(what, &n(percent), &threshold.normalize().to_string()),
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
            f.report(
                Code::E0506,
                place,
                msg::tier_needs_score(
                    what,
                    tier.label(),
                    (&lo.to_string(), &hi.to_string()),
                    (&n(min), &n(max)),
                ),
            );
        }
        _ => {
            let place = i.actual.as_ref().map_or(&i.place, |a| &a.place);
            f.report(Code::E0505, place, msg::no_score(what, i.actual.is_some()));
        }
    }
}
