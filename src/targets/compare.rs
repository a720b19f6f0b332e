//! A 自评表 against its approved 目标表: the indicators dropped, added or
//! renamed, the targets and weights changed, the budget. Each difference is
//! one finding at the 自评表's cell, with both values.

use rust_decimal::Decimal;

use crate::diag::msg::targets as msg;
use crate::diag::{Code, Compared, Diagnostic, Place};
use crate::form::rules::canonical;
use crate::model::num::{fixed, PLACES};
use crate::model::{Indicator, Level1, Level2, Op, Project, Target};

use super::{match_key, Plan, PlanIndicator};

/// The largest difference of two budgets that is a rounding (尾差), in 万元.
const ROUNDING: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// One 三级指标 of the 自评表 with its groups, as the tables are matched by.
struct Row<'a> {
    l1: &'a Level1,
    l2: &'a Level2,
    item: &'a Indicator,
    key: String,
}

fn rows(p: &Project) -> Vec<Row<'_>> {
    p.indicators()
        .map(|(l1, l2, item)| Row {
            l1,
            l2,
            item,
            key: match_key(&item.name.value),
        })
        .collect()
}

/// The approved indicators of a 目标表, as it is kept for comparing.
pub(super) fn plan_indicators(p: &Project) -> Vec<PlanIndicator> {
    p.indicators()
        .map(|(l1, l2, i)| PlanIndicator {
            l1: l1.name.value.clone(),
            l2: l2.name.value.clone(),
            name: i.name.value.clone(),
            target: i.target.value.clone(),
            weight: i.weight.as_ref().map(|w| w.get()),
        })
        .collect()
}

/// Every difference of `report` from the approved `plan`.
pub fn differences(plan: &Plan, report: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let finding = |code: Code, place: &Place, (message, hint): (String, String)| {
        Diagnostic::new(code, &report.source, place.clone(), message).with_hint(hint)
    };
    let approved = &plan.indicators;
    let keys: Vec<String> = approved.iter().map(|a| match_key(&a.name)).collect();
    let written = rows(report);
    // Pair the indicators by name, in table order when a name repeats.
    let mut taken = vec![false; written.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut dropped: Vec<usize> = Vec::new();
    for (a, key) in keys.iter().enumerate() {
        match (0..written.len()).find(|&w| !taken[w] && &written[w].key == key) {
            Some(w) => {
                taken[w] = true;
                pairs.push((a, w));
            }
            None => dropped.push(a),
        }
    }
    let mut added: Vec<usize> = (0..written.len()).filter(|&w| !taken[w]).collect();
    // A dropped and an added one of the same 二级 with the same target: renamed.
    dropped.retain(|&a| {
        let row = &approved[a];
        let same = added.iter().position(|&w| {
            let other = &written[w];
            same_group(row, other) && same_target(&row.target, &other.item.target.value)
        });
        let Some(i) = same else { return true };
        let w = added.remove(i);
        let other = &written[w];
        let what = msg::indicator(
            &other.item.name.value,
            &other.l1.name.value,
            &other.l2.name.value,
        );
        let mut d = finding(
            Code::E0803,
            &other.item.name.place,
            msg::renamed(&what, &row.name),
        );
        d.compared = Some(Compared {
            approved: row.name.clone(),
            reported: other.item.name.value.clone(),
        });
        out.push(d);
        pairs.push((a, w));
        false
    });
    for &a in &dropped {
        let row = &approved[a];
        let what = msg::indicator(&row.name, &row.l1, &row.l2);
        let target = crate::format::target(&row.target);
        // Where it would be: its 二级 in the 自评表, or the 绩效指标 block.
        let place = (written.iter())
            .find(|w| same_group(row, w))
            .map(|w| w.l2.name.place.clone())
            .or_else(|| report.indicators.first().map(|l| l.name.place.clone()))
            .unwrap_or_default();
        let mut d = finding(Code::E0801, &place, msg::dropped(&what, &target));
        d.compared = Some(Compared {
            approved: format!("{}: {target}", row.name),
            reported: String::new(),
        });
        out.push(d);
    }
    for &w in &added {
        let row = &written[w];
        let what = msg::indicator(&row.item.name.value, &row.l1.name.value, &row.l2.name.value);
        let mut d = finding(Code::E0802, &row.item.name.place, msg::added(&what));
        d.compared = Some(Compared {
            approved: String::new(),
            reported: format!(
                "{}: {}",
                row.item.name.value,
                crate::format::target(&row.item.target.value)
            ),
        });
        out.push(d);
    }
    pairs.sort_by_key(|&(_, w)| w);
    let mut weights: Vec<String> = Vec::new();
    let mut first_weight: Option<Place> = None;
    let (mut weights_approved, mut weights_reported) = (Vec::new(), Vec::new());
    for &(a, w) in &pairs {
        let (was, now) = (&approved[a], &written[w]);
        let what = msg::indicator(&now.item.name.value, &now.l1.name.value, &now.l2.name.value);
        let (t0, t1) = (&was.target, &now.item.target.value);
        if !same_target(t0, t1) {
            let looser = looser(t0, t1);
            let code = if looser.is_some() {
                Code::E0804
            } else {
                Code::E0805
            };
            let shown = |t: &Target| crate::format::target(t);
            let mut d = finding(
                code,
                &now.item.target.place,
                msg::target_changed(&what, &shown(t0), &shown(t1), looser),
            );
            d.compared = Some(Compared {
                approved: shown(t0),
                reported: shown(t1),
            });
            out.push(d);
        }
        // A weight only when both tables give one (a 目标表 may have none).
        if let (Some(w0), Some(w1)) = (was.weight, &now.item.weight) {
            if w0 != w1.get() {
                let (s0, s1) = (w0.normalize().to_string(), w1.get().normalize().to_string());
                weights.push(msg::weight_pair(&now.item.name.value, &s0, &s1));
                weights_approved.push(format!("{} {s0}", now.item.name.value));
                weights_reported.push(format!("{} {s1}", now.item.name.value));
                first_weight.get_or_insert_with(|| w1.place.clone());
            }
        }
    }
    if let Some(place) = first_weight {
        let mut d = finding(Code::E0806, &place, msg::weights_changed(&weights));
        d.compared = Some(Compared {
            approved: weights_approved.join("、"),
            reported: weights_reported.join("、"),
        });
        out.push(d);
    }
    if let Some(d) = plan.budget.and_then(|b| budget(b, report)) {
        out.push(d);
    }
    out
}

/// Whether an approved indicator and a row sit under the same 一级 and 二级.
fn same_group(a: &PlanIndicator, b: &Row) -> bool {
    canonical(&a.l1) == canonical(&b.l1.name.value)
        && canonical(&a.l2) == canonical(&b.l2.name.value)
}

/// Whether two targets say the same: the same operator (a bare number is
/// `=`), number and unit, or the same words.
fn same_target(a: &Target, b: &Target) -> bool {
    match (a, b) {
        (
            Target::Quantitative {
                op: o0,
                quantity: q0,
            },
            Target::Quantitative {
                op: o1,
                quantity: q1,
            },
        ) => {
            o0.unwrap_or(Op::Eq) == o1.unwrap_or(Op::Eq)
                && q0.number == q1.number
                && match_key(&q0.unit) == match_key(&q1.unit)
        }
        (Target::Qualitative(x), Target::Qualitative(y)) => match_key(x) == match_key(y),
        _ => false,
    }
}

/// How a changed target is looser than the approved one: `Some(true)` a
/// positive indicator's number lowered, `Some(false)` a reverse one's raised;
/// `None` for any other change.
fn looser(approved: &Target, written: &Target) -> Option<bool> {
    let (
        Target::Quantitative {
            op: o0,
            quantity: q0,
        },
        Target::Quantitative {
            op: o1,
            quantity: q1,
        },
    ) = (approved, written)
    else {
        return None;
    };
    let upper = |o: &Option<Op>| o.is_some_and(Op::is_upper_bound);
    if upper(o0) != upper(o1) || match_key(&q0.unit) != match_key(&q1.unit) {
        return None;
    }
    match upper(o0) {
        false => (q1.number < q0.number).then_some(true),
        true => (q1.number > q0.number).then_some(false),
    }
}

/// The approved 年度资金总额 of a 目标表: its total row, else the sum of its sources.
pub(super) fn approved_budget(p: &Project) -> Option<Decimal> {
    total(p, false).map(|(v, _)| v)
}

/// A table's 年初预算数 (`initial`) or 全年预算数 in all: its total row's, else
/// the sum of its sources', with where it is written.
fn total(p: &Project, initial: bool) -> Option<(Decimal, Place)> {
    let pick = |r: &crate::model::FundRow| {
        if initial {
            r.initial.as_ref().map(|i| (i.get(), i.place.clone()))
        } else {
            Some((r.budget.get(), r.budget.place.clone()))
        }
    };
    if let Some(t) = p.funds.total.as_ref().and_then(pick) {
        return Some(t);
    }
    let rows: Vec<(Decimal, Place)> = p.funds.sources.iter().filter_map(pick).collect();
    let place = rows.first()?.1.clone();
    let sum = rows
        .iter()
        .try_fold(Decimal::ZERO, |s, (v, _)| s.checked_add(*v))?;
    Some((sum, place))
}

/// E0807: the 自评表's 年初预算数 (else 全年预算数) against the approved 年度资金总额.
fn budget(approved: Decimal, report: &Project) -> Option<Diagnostic> {
    let (label, (reported, place)) = match total(report, true) {
        Some(t) => (msg::INITIAL, t),
        None => (msg::BUDGET, total(report, false)?),
    };
    if (approved - reported).abs() <= ROUNDING {
        return None;
    }
    let (a, r) = (fixed(approved, PLACES), fixed(reported, PLACES));
    let (message, hint) = msg::budget_differs(label, &r, &a);
    let mut d = Diagnostic::new(Code::E0807, &report.source, place, message).with_hint(hint);
    d.compared = Some(Compared {
        approved: a,
        reported: r,
    });
    Some(d)
}
