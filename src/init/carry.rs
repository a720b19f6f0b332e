//! Next year's input from this year's table (上年数据带入): what the budget
//! approved and carries over is kept (names, units, the indicator tree, weights,
//! targets, 预期目标); what the year must report anew is left blank (amounts,
//! actual values, scores, reasons, 实际完成情况), with last year's value as a
//! comment beside each field.

use std::fmt::Write as _;

use crate::diag::human::str_width;
use crate::diag::msg::input as msg;
use crate::diag::Place;
use crate::form::{Key, Vocabulary};
use crate::format::actual;
use crate::input::emit::{
    comment_text, given, identity, paragraphs, quoted, scalar, section_with_comment, target_scalar,
};
use crate::model::num::fixed;
use crate::model::num::PLACES;
use crate::model::{Located, Marks, Num, Project};
use crate::score::Scored;
use rust_decimal::Decimal;

/// The column at which the comments with last year's values start.
const COMMENT_AT: usize = 34;

/// The column at which the comment beside the funds key starts.
const FUNDS_COMMENT_AT: usize = 31;

/// `line` padded to [`COMMENT_AT`] and followed by `# {year}: {was}`.
pub(crate) fn with_was(out: &mut String, line: &str, year: u16, was: &str) {
    let pad = COMMENT_AT.saturating_sub(str_width(line)).max(1);
    let was = comment_text(was);
    let _ = writeln!(out, "{line}{}# {year}: {was}", " ".repeat(pad));
}

/// The YAML of `year`'s table for a project scored in `from`, its keys the
/// field words of `vocab`.
pub fn next_year(s: &Scored, year: u16, from: u16, vocab: &Vocabulary) -> String {
    let w = |k: Key| vocab.word(k);
    let p = &s.project;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        msg::carry_header(year, from, &comment_text(&p.name.value))
    );
    let _ = writeln!(out, "{}: {year}", w(Key::Year));
    identity(&mut out, p, vocab);
    out.push('\n');
    section_with_comment(
        &mut out,
        w(Key::Funds),
        FUNDS_COMMENT_AT,
        msg::AMOUNTS_COMMENT,
    );
    // Said in so many words, as the comments give last year's amounts in 万元:
    // a table on a 元 form reads unstated amounts as 元.
    let _ = writeln!(out, "  {}: {}", w(Key::AmountUnit), crate::diag::text::WAN);
    let weight = p
        .funds
        .weight
        .as_ref()
        .map_or_else(|| "10".to_string(), |wt| given(&wt.value));
    let _ = writeln!(out, "  {}: {weight}", w(Key::FundsWeight));
    for (source, row) in p.funds.sources.iter().zip(&s.funds.rows) {
        let name = &source.name;
        let _ = writeln!(out, "  {name}:");
        for (key, value) in [
            (Key::Initial, row.initial),
            (Key::Budget, row.budget),
            (Key::Spent, row.spent),
        ] {
            with_was(
                &mut out,
                &format!("    {}:", w(key)),
                from,
                &fixed(value, PLACES),
            );
        }
    }
    let _ = writeln!(
        out,
        "  {}",
        msg::carry_funds_note(
            from,
            &fixed(s.funds.total.rate, PLACES),
            &fixed(s.funds.score, PLACES)
        )
    );
    let _ = writeln!(out, "\n{}:", w(Key::Goals));
    paragraphs(&mut out, w(Key::Expected), &p.goals.expected.value);
    with_was(
        &mut out,
        &format!("  {}:", w(Key::Achieved)),
        from,
        &p.goals.actual.value.join(" "),
    );
    let _ = writeln!(out, "\n{}:", w(Key::Indicators));
    let mut scores = s.indicators.iter();
    for l1 in &p.indicators {
        let _ = writeln!(out, "  {}:", scalar(&l1.name.value, false));
        for l2 in &l1.groups {
            let _ = writeln!(out, "    {}:", scalar(&l2.name.value, false));
            for i in &l2.indicators {
                let score = scores.next().map(|x| x.score).unwrap_or_default();
                let target = target_scalar(&i.target);
                let _ = writeln!(out, "      - {}: {}", w(Key::Level3), quoted(&i.name.value));
                let _ = writeln!(out, "        {}: {target}", w(Key::Target));
                if let Some(weight) = &i.weight {
                    let _ = writeln!(out, "        {}: {}", w(Key::Weight), given(&weight.value));
                }
                let was = i
                    .actual
                    .as_ref()
                    .map_or_else(|| msg::NOT_FILLED.to_string(), |a| actual(&a.value, PLACES));
                let field = |k: Key| format!("        {}:", w(k));
                with_was(&mut out, &field(Key::Actual), from, &was);
                with_was(&mut out, &field(Key::Score), from, &fixed(score, PLACES));
                if let Some(reason) = &i.reason {
                    with_was(&mut out, &field(Key::Reason), from, &reason.value);
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        msg::carry_total_note(from, &fixed(s.total, PLACES), &comment_text(&s.grade))
    );
    out
}

/// `year`'s project for a project scored in an earlier year, as a model value:
/// what [`next_year`] writes as YAML. Kept: names, units, the form, the
/// indicator tree, weights, targets, 预期目标 and the form's own fields (a
/// fill-in workbook prints none in its cells to fill); left
/// blank: amounts (written blank, as a unit leaves a cell), 执行率, 得分,
/// 实际完成情况, 实际完成值, 偏差原因, 总分 and 评分等级.
pub fn next_project(s: &Scored, year: u16) -> Project {
    let mut p = s.project.clone();
    p.year = Some(Located::new(year, Place::File));
    p.order = None;
    p.funds.score = None;
    p.funds.total = None;
    for row in &mut p.funds.sources {
        row.initial = None;
        row.budget.value = Num::written(Decimal::ZERO);
        row.spent.value = Num::written(Decimal::ZERO);
        row.rate = None;
        row.marks = Marks::blank();
    }
    leave_results_blank(&mut p);
    p
}

/// Clears what a year reports of a project carried into the next year (or
/// made from its 目标表): 实际完成情况, every 实际完成值, 得分 and 偏差原因,
/// 总分, 评分等级, and what reading its table found.
pub fn leave_results_blank(p: &mut Project) {
    p.goals.actual.value.clear();
    for l2 in p.indicators.iter_mut().flat_map(|l1| &mut l1.groups) {
        l2.score = None;
        for i in &mut l2.indicators {
            i.actual = None;
            i.score = None;
            i.reason = None;
            i.written.actual.clear();
        }
    }
    p.total = None;
    p.grade = None;
    p.gaps = Default::default();
    p.absent.clear();
    p.accepted.clear();
}
