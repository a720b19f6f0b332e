//! Validation: every rule of the form, checked against a scored project. Every
//! finding is returned at once, each with its place and a hint.

mod funds;
mod indicators;

use crate::diag::msg::check as msg;
use crate::diag::Code;
use rust_decimal::Decimal;

use crate::diag::{Diagnostic, Place};
use crate::model::num::contrast;
use crate::model::num::fixed;
use crate::model::num::PLACES;
use crate::model::Range;
use crate::score::Scored;

/// Collects diagnostics for one project.
pub(crate) struct Findings<'a> {
    scored: &'a Scored,
    out: Vec<Diagnostic>,
}

impl<'a> Findings<'a> {
    fn push(&mut self, code: Code, place: &Place, message: String, hint: Option<String>) {
        let mut d = Diagnostic::new(
            code,
            self.scored.project.source.clone(),
            place.clone(),
            message,
        );
        d.hint = hint;
        self.out.push(d);
    }

    /// Pushes a finding with its message and hint.
    fn report(&mut self, code: Code, place: &Place, (message, hint): (String, String)) {
        self.push(code, place, message, Some(hint));
    }
}

/// A number as the form prints it, for messages.
pub(crate) fn n(d: Decimal) -> String {
    fixed(d, PLACES)
}

/// Checks every rule; returns all findings (errors, warnings, notes).
pub fn validate(scored: &Scored) -> Vec<Diagnostic> {
    let mut f = Findings {
        scored,
        out: Vec::new(),
    };
    year_matches_folder(&mut f);
    required(&mut f);
    texts_fit_a_cell(&mut f);
    one_line_fields(&mut f);
    funds::check(&mut f);
    // A 目标表 states targets and weights: nothing was done yet to check.
    if scored.rules.is_plan() {
        indicators::check_plan(&mut f);
    } else {
        indicators::check(&mut f);
    }
    totals(&mut f);
    f.out
}

/// The fields the table leaves out that its form requires (E0101).
fn required(f: &mut Findings) {
    let s = f.scored;
    for a in &s.project.absent {
        if s.rules.requires(a.key) {
            f.push(a.code, &a.place, a.message.clone(), Some(a.hint.clone()));
        }
    }
}

/// Whether the weights add up to anything to check: every 三级指标 has its 分值,
/// or some have and the form does not require one on every row (detail rows).
fn weights_known(s: &crate::score::Scored) -> bool {
    let p = &s.project;
    let mut weights = p.indicators().map(|(_, _, i)| i.weight.is_some());
    if s.rules.requires(crate::model::Key::Weight) {
        weights.all(|w| w)
    } else {
        weights.any(|w| w)
    }
}

/// Longest text an Excel cell holds, in characters.
const MAX_CELL_CHARS: usize = 32_767;

/// Every text of the table fits one spreadsheet cell (Excel's limit).
fn texts_fit_a_cell(f: &mut Findings) {
    let p = &f.scored.project;
    let goals = [
        (msg::FIELD_EXPECTED, &p.goals.expected),
        (msg::FIELD_ACHIEVED, &p.goals.actual),
    ];
    let mut texts: Vec<(&str, usize, &Place)> = goals
        .iter()
        .map(|(label, g)| {
            let chars = g.value.iter().map(|t| t.chars().count() + 1).sum();
            (*label, chars, &g.place)
        })
        .collect();
    for (label, t) in [
        (msg::FIELD_PROJECT, &p.name),
        (msg::FIELD_DEPARTMENT, &p.department),
        (msg::FIELD_UNIT, &p.unit),
    ] {
        texts.push((label, t.value.chars().count(), &t.place));
    }
    for (_, _, i) in p.indicators() {
        texts.push((
            msg::FIELD_INDICATOR,
            i.name.value.chars().count(),
            &i.name.place,
        ));
        if let Some(r) = &i.reason {
            texts.push((msg::FIELD_REASON, r.value.chars().count(), &r.place));
        }
        texts.push((
            msg::FIELD_TARGET,
            i.written.target.chars().count(),
            &i.target.place,
        ));
        if let Some(a) = &i.actual {
            texts.push((
                msg::FIELD_ACTUAL,
                i.written.actual.chars().count(),
                &a.place,
            ));
        }
    }
    let long: Vec<(String, usize, Place)> = texts
        .into_iter()
        .filter(|(_, n, _)| *n > MAX_CELL_CHARS)
        .map(|(l, n, p)| (l.to_string(), n, p.clone()))
        .collect();
    for (label, chars, place) in long {
        f.report(
            Code::E0110,
            &place,
            msg::text_too_long(&label, chars, MAX_CELL_CHARS),
        );
    }
}

/// The fields the table prints on one line hold no line break (E0114).
fn one_line_fields(f: &mut Findings) {
    let p = &f.scored.project;
    let breaks = |t: &str| t.contains(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']);
    let mut found: Vec<(&str, Place)> = [
        (msg::FIELD_PROJECT, &p.name),
        (msg::FIELD_DEPARTMENT, &p.department),
        (msg::FIELD_UNIT, &p.unit),
    ]
    .into_iter()
    .filter(|(_, t)| breaks(&t.value))
    .map(|(l, t)| (l, t.place.clone()))
    .collect();
    for (_, _, i) in p.indicators() {
        if breaks(&i.name.value) {
            found.push((msg::FIELD_INDICATOR, i.name.place.clone()));
        }
        if breaks(&i.written.target) {
            found.push((msg::FIELD_TARGET, i.target.place.clone()));
        }
        if let Some(a) = i.actual.as_ref().filter(|_| breaks(&i.written.actual)) {
            found.push((msg::FIELD_ACTUAL, a.place.clone()));
        }
    }
    for (label, place) in found {
        f.report(Code::E0114, &place, msg::line_break_in(label));
    }
}

/// The 年度 of the table and the year folder it sits in (`inputs/2024/`) agree.
fn year_matches_folder(f: &mut Findings) {
    let p = &f.scored.project;
    let Some(year) = &p.year else { return };
    let folder = p
        .source
        .parent()
        .and_then(|d| d.file_name())
        .and_then(|n| n.to_str())
        .and_then(|n| n.parse::<u16>().ok());
    if let Some(folder) = folder.filter(|d| *d != year.value) {
        f.report(
            Code::E0106,
            &year.place,
            msg::year_not_folder(year.value, folder),
        );
    }
}

/// Weights adding up to 100, 总分 and 评分等级.
fn totals(f: &mut Findings) {
    let s = f.scored;
    let p = &s.project;
    let hundred = s.rules.total_weight;
    let gaps = p.gaps;
    if s.weight_total != hundred && !gaps.weights && !gaps.funds && weights_known(s) {
        let diff = s.weight_total - hundred;
        let place = p
            .indicators
            .first()
            .map_or(Place::File, |l| l.name.place.clone());
        f.report(
            Code::E0401,
            &place,
            msg::weights_not_hundred(
                &n(s.weight_total),
                &n(s.funds.weight),
                &n(s.weight_total - s.funds.weight),
                diff > Decimal::ZERO,
                &n(diff.abs()),
                &n(hundred),
            ),
        );
    }
    if let Some(total) = p.total.as_ref().filter(|_| !gaps.scores && !gaps.funds) {
        // Each score at the precision it was given with; computed ones are exact.
        let rules = &s.rules;
        let given = |g: Option<&crate::model::Located<crate::model::Num>>, printed| {
            g.map_or(Range::point(printed), |n| rules.score_range(n.value))
        };
        let budget = given(p.funds.score.as_ref(), s.funds.score);
        let parts = p
            .indicators()
            .zip(&s.indicators)
            .map(|((_, _, i), sc)| given(i.score.as_ref(), sc.score))
            .chain(p.group_scores().map(|g| rules.score_range(g.value)));
        // The indicators' points as they count in the 总分 (an indicator block).
        let share = rules.indicator_share();
        let indicators = Range::sum(parts).and_then(|r| {
            Some(Range {
                lo: r.lo.checked_mul(share)?,
                hi: r.hi.checked_mul(share)?,
            })
        });
        let cap = s.rules.cap(s.funds.total.rate);
        let sum = indicators.and_then(|r| budget.checked_add(r));
        let derived = sum.map(|d| match cap {
            // A capped total is the sum or the cap, whichever is lower.
            Some(c) => Range {
                lo: d.lo.min(c.max),
                hi: d.hi.min(c.max),
            },
            None => d,
        });
        if derived.is_some_and(|d| !rules.score_range(total.value).meets(d)) {
            let (g, c) = contrast(total.value, s.rule_total, PLACES);
            match cap.filter(|c| rules.score_range(total.value).lo > c.max) {
                Some(cap) => f.report(
                    Code::E0608,
                    &total.place,
                    msg::total_above_cap(
                        &g,
                        &n(s.funds.total.rate),
                        &cap.below.normalize().to_string(),
                        &cap.max.normalize().to_string(),
                        &c,
                    ),
                ),
                None => f.report(
                    Code::E0604,
                    &total.place,
                    if s.score_sum == s.rule_total {
                        msg::total_not_sum(&g, &c)
                    } else {
                        msg::total_not_capped_sum(&g, &n(s.score_sum), &n(s.funds.total.rate), &c)
                    },
                ),
            }
        }
    }
    let total_known = p.total.is_some() || !(gaps.scores || gaps.funds);
    if let Some(grade) = p.grade.as_ref().filter(|_| total_known) {
        // Any grade the total may have at the precision it was written with.
        let range = p
            .total
            .as_ref()
            .map_or(Range::point(s.total), |t| t.value.range());
        let rules = &s.rules;
        let (Some(low), Some(high)) = (rules.grade(range.lo), rules.grade(range.hi)) else {
            return;
        };
        if grade.value != low && grade.value != high {
            f.report(
                Code::E0605,
                &grade.place,
                msg::grade_disagrees(
                    &grade.value,
                    &p.total.as_ref().map_or_else(
                        || n(s.total),
                        |t| crate::model::num::fixed(t.value.seen(), t.value.places),
                    ),
                    high,
                    &rules.grade_bands(),
                ),
            );
        }
    }
}
