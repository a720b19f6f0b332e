//! 关注: the patterns a reviewer looks at across a region, each row saying why.
//! None of them is an error of the table; each is worth a question to the unit.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::Audited;
use crate::diag::msg::check as msg;
use crate::model::num::fixed;
use crate::model::num::PLACES;
use crate::model::{Actual, Target};
use crate::score::params::canonical;
use crate::score::params::SplitSeverity;
use crate::score::{favourable_max, Scored};

/// 执行率 (%) below which full marks everywhere are worth a look.
const LOW_RATE: i64 = 90;
/// Points a 一级's weight may stray from the form's guidance.
const SPLIT_SLACK: i64 = 10;
/// Points between the table's 总分 and the rules' above which it is listed.
const TOTAL_GAP: i64 = 5;
/// Projects sharing one indicator text before it counts as copied.
const COPIED: usize = 5;
/// Names listed in one row before the rest are counted.
const LISTED: usize = 3;

/// One pattern found, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attention {
    /// 实施单位 (several, for a pattern across units).
    pub unit: String,
    /// 项目名称 (several, for a pattern across projects).
    pub project: String,
    /// The input file (empty for a pattern across files).
    pub file: String,
    /// The pattern, in a reviewer's words.
    pub pattern: &'static str,
    /// Why this row is listed.
    pub why: String,
}

/// What the patterns need of one table.
#[derive(Debug)]
pub(crate) struct Facts {
    rate: Decimal,
    indicators: usize,
    all_full: bool,
    all_as_targeted: bool,
    /// 一级 far from the guidance: name, weight, guidance.
    off_split: Vec<(String, Decimal, Decimal)>,
    total: Decimal,
    rule_total: Decimal,
    /// 三级指标 with its 年度指标值, as written.
    texts: Vec<String>,
}

impl Facts {
    /// The facts of a scored table.
    pub(crate) fn of(s: &Scored) -> Facts {
        let p = &s.project;
        let scored: Vec<_> = p.indicators().zip(&s.indicators).collect();
        // Full marks need marks to be full of: a table without 分值 has none.
        let all_full = !scored.is_empty()
            && scored
                .iter()
                .all(|((_, _, i), sc)| i.weight.is_some() && sc.score >= i.weight_value());
        let weighted = scored.iter().any(|((_, _, i), _)| i.weight.is_some());
        let all_as_targeted =
            scored.len() >= 2 && scored.iter().all(|((_, _, i), _)| as_targeted(i));
        let mut off_split = Vec::new();
        let split_checked = weighted && s.rules.split.severity != SplitSeverity::Off;
        for l1 in p.indicators.iter().filter(|_| split_checked) {
            let Some(guide) = s.rules.level(&l1.name.value).and_then(|l| l.weight) else {
                continue;
            };
            let sum = l1
                .groups
                .iter()
                .flat_map(|g| &g.indicators)
                .map(|i| i.weight_value())
                .fold(Decimal::ZERO, |a, b| {
                    a.checked_add(b).unwrap_or(Decimal::MAX)
                });
            if (sum - guide).abs() > Decimal::from(SPLIT_SLACK) {
                off_split.push((canonical(&l1.name.value), sum, guide));
            }
        }
        Facts {
            rate: s.funds.total.rate,
            indicators: scored.len(),
            all_full,
            all_as_targeted,
            off_split,
            total: s.total,
            rule_total: rule_total(s),
            texts: p
                .indicators()
                .map(|(_, _, i)| format!("{}｜{}", i.name.value.trim(), i.written.target))
                .collect(),
        }
    }
}

/// Whether an actual value just repeats its target: the same text, or the
/// same number in the same unit.
fn as_targeted(i: &crate::model::Indicator) -> bool {
    let (t, a) = (i.written.target.trim(), i.written.actual.trim());
    if a.is_empty() {
        return false;
    }
    if t == a {
        return true;
    }
    match (&i.target.value, i.actual.as_ref().map(|a| &a.value)) {
        (Target::Quantitative { quantity, .. }, Some(Actual::Quantitative(q))) => {
            q.number == quantity.number && q.unit == quantity.unit
        }
        _ => false,
    }
}

/// The 总分 the actual values support by the form's rules: the budget score by
/// the rule, each judged indicator at the most its actual value allows (at the
/// precision written), the others (and groups scored whole) as given, as they
/// count on the form; capped as the form caps it.
pub(crate) fn rule_total(s: &Scored) -> Decimal {
    let add = |a: Decimal, b: Decimal| a.checked_add(b).unwrap_or(Decimal::MAX);
    let indicators = s
        .project
        .indicators()
        .zip(&s.indicators)
        .map(|((_, _, i), sc)| match sc.rule {
            Some(r) => favourable_max(i, &s.rules).unwrap_or(r.max),
            None => sc.score,
        })
        .chain(s.project.group_scores().map(|g| g.get()))
        .fold(Decimal::ZERO, add);
    let share = s.rules.indicator_share();
    let counted =
        crate::model::num::round(indicators.checked_mul(share).unwrap_or(indicators), PLACES);
    let sum = add(s.funds.rule_score, counted);
    s.rules
        .cap(s.funds.total.rate)
        .map_or(sum, |c| sum.min(c.max))
}

/// Every pattern over the audited tables.
pub(crate) fn patterns(tables: &[Audited]) -> Vec<Attention> {
    let n = |d: Decimal| fixed(d, PLACES);
    let mut out = Vec::new();
    for t in tables {
        let Some(f) = &t.facts else { continue };
        let row = |pattern, why: String| Attention {
            unit: t.row.unit.clone(),
            project: t.row.project.clone(),
            file: t.row.file.clone(),
            pattern,
            why,
        };
        if f.all_full && f.rate < Decimal::from(LOW_RATE) {
            out.push(row(
                msg::PATTERN_LOW_RATE_FULL_MARKS,
                msg::low_rate_full_marks(&n(f.rate), f.indicators),
            ));
        }
        if f.total > f.rule_total {
            out.push(row(
                msg::PATTERN_TOTAL_ABOVE_RULES,
                msg::total_above_rules(&n(f.total), &n(f.rule_total)),
            ));
        }
        if f.all_as_targeted {
            out.push(row(
                msg::PATTERN_ACTUALS_AS_TARGETED,
                msg::actuals_as_targeted(f.indicators),
            ));
        }
        for (name, sum, guide) in &f.off_split {
            out.push(row(
                msg::PATTERN_OFF_SPLIT,
                msg::off_split(name, &n(*sum), &guide.normalize().to_string()),
            ));
        }
        if (f.total - f.rule_total).abs() > Decimal::from(TOTAL_GAP) {
            out.push(row(
                msg::PATTERN_TOTAL_GAP,
                msg::total_gap(
                    &n(f.total),
                    &n(f.rule_total),
                    &n((f.total - f.rule_total).abs()),
                ),
            ));
        }
    }
    out.extend(copied_texts(tables));
    out.extend(names_in_two_units(tables));
    out
}

/// The same 三级指标 and 年度指标值 in many projects: one row per text.
fn copied_texts(tables: &[Audited]) -> Vec<Attention> {
    let mut by: BTreeMap<&str, Vec<&Audited>> = BTreeMap::new();
    for t in tables {
        let Some(f) = &t.facts else { continue };
        let mut seen: Vec<&str> = f.texts.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for text in seen {
            by.entry(text).or_default().push(t);
        }
    }
    by.into_iter()
        .filter(|(_, ts)| ts.len() >= COPIED)
        .map(|(text, ts)| {
            let (name, target) = text.split_once('｜').unwrap_or((text, ""));
            Attention {
                unit: listing(ts.iter().map(|t| t.row.unit.as_str())),
                project: listing(ts.iter().map(|t| t.row.project.as_str())),
                file: String::new(),
                pattern: msg::PATTERN_COPIED_INDICATOR,
                why: msg::copied_indicator(name, target, ts.len()),
            }
        })
        .collect()
}

/// The same 项目名称 in two or more units: one row per name.
fn names_in_two_units(tables: &[Audited]) -> Vec<Attention> {
    let mut by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in tables.iter().filter(|t| t.facts.is_some()) {
        by.entry(t.row.project.as_str())
            .or_default()
            .push(t.row.unit.as_str());
    }
    by.into_iter()
        .filter_map(|(name, mut units)| {
            units.sort_unstable();
            units.dedup();
            (units.len() >= 2).then(|| Attention {
                unit: listing(units.iter().copied()),
                project: name.to_string(),
                file: String::new(),
                pattern: msg::PATTERN_NAME_IN_UNITS,
                why: msg::name_in_units(name, units.len()),
            })
        })
        .collect()
}

/// Names joined, the first few of them, and how many more.
fn listing<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut all: Vec<&str> = names.collect();
    all.sort_unstable();
    all.dedup();
    let shown = all
        .iter()
        .take(LISTED)
        .copied()
        .collect::<Vec<_>>()
        .join("、");
    match all.len().saturating_sub(LISTED) {
        0 => shown,
        more => msg::more_names(&shown, more + LISTED),
    }
}
