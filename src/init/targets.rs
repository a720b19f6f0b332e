//! The year's 自评表 inputs from the approved 目标表s (`init --targets`): what
//! was approved is written as approved (names, units, the budget as 年初预算数
//! and 全年预算数, the indicator tree with its targets and weights); what the
//! year must report is left blank, with last year's value as a comment when
//! last year's table is at hand (`--from`).

use std::fmt::Write as _;

use crate::diag::msg::input as msg;
use crate::diag::Place;
use crate::form::{Form, Key, Vocabulary};
use crate::format::actual;
use crate::input::emit::{
    comment_text, given, identity, paragraphs, quoted, scalar, target_scalar,
};
use crate::model::num::{fixed, PLACES};
use crate::model::{Indicator, Located, Marks, Num, Project};
use crate::score::Scored;
use crate::targets::match_key;

use super::carry::with_was;

/// Last year's table of a project, and its year.
pub type LastYear<'a> = Option<(&'a Scored, u16)>;

/// The YAML of `year`'s 自评表 for the approved `plan` (of the 目标表 form
/// `plan_form`), printed on `form`; its keys the words of `vocab`.
pub fn report_yaml(
    plan: &Project,
    year: u16,
    (plan_form, form): (&Form, &Form),
    last: LastYear,
    vocab: &Vocabulary,
) -> String {
    let w = |k: Key| vocab.word(k);
    let mut out = String::new();
    let name = comment_text(&plan.name.value);
    let from = last.map(|(_, y)| y);
    let _ = writeln!(
        out,
        "{}",
        msg::targets_header(year, &plan_form.title, &name, from)
    );
    let _ = writeln!(out, "{}: {year}", w(Key::Year));
    let _ = writeln!(out, "{}: {}", w(Key::Form), scalar(&form.name, false));
    identity(&mut out, plan, vocab);
    for field in form.fields.iter() {
        if let Some(v) = plan.fields.get(field) {
            let _ = writeln!(out, "{}: {}", scalar(field, false), quoted(&v.value));
        }
    }
    out.push('\n');
    let _ = writeln!(out, "{}:", w(Key::Funds));
    let _ = writeln!(out, "  {}: {}", w(Key::AmountUnit), crate::diag::text::WAN);
    let _ = writeln!(
        out,
        "  {}: {}",
        w(Key::FundsWeight),
        form.rules.budget_weight.normalize()
    );
    if let Some(total) = &plan.funds.total {
        let _ = writeln!(
            out,
            "  {}",
            msg::approved_total(&given(&total.budget.value))
        );
    }
    let was_funds = last.map(|(s, y)| (&s.project.funds, y));
    for row in &plan.funds.sources {
        let name = form_source(&row.name, plan_form, form);
        let _ = writeln!(out, "  {}:", scalar(&name, false));
        let budget = given(&row.budget.value);
        let _ = writeln!(out, "    {}: {budget}", w(Key::Initial));
        let _ = writeln!(out, "    {}: {budget}", w(Key::Budget));
        let line = format!("    {}:", w(Key::Spent));
        let was = was_funds.and_then(|(f, y)| Some((f.source(&name)?, y)));
        match was {
            Some((r, y)) => with_was(&mut out, &line, y, &fixed(r.spent.get(), PLACES)),
            None => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    let _ = writeln!(out, "\n{}:", w(Key::Goals));
    paragraphs(&mut out, w(Key::Expected), &plan.goals.expected.value);
    let line = format!("  {}:", w(Key::Achieved));
    match last {
        Some((s, y)) => with_was(&mut out, &line, y, &s.project.goals.actual.value.join(" ")),
        None => {
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(out, "\n{}:", w(Key::Indicators));
    let old: Vec<(&Indicator, rust_decimal::Decimal)> = match last {
        Some((s, _)) => s
            .project
            .indicators()
            .zip(&s.indicators)
            .map(|((_, _, i), sc)| (i, sc.score))
            .collect(),
        None => Vec::new(),
    };
    for l1 in &plan.indicators {
        let _ = writeln!(out, "  {}:", scalar(&l1.name.value, false));
        for l2 in &l1.groups {
            let _ = writeln!(out, "    {}:", scalar(&l2.name.value, false));
            for i in &l2.indicators {
                let _ = writeln!(out, "      - {}: {}", w(Key::Level3), quoted(&i.name.value));
                let _ = writeln!(
                    out,
                    "        {}: {}",
                    w(Key::Target),
                    target_scalar(&i.target)
                );
                if let Some(weight) = &i.weight {
                    let _ = writeln!(out, "        {}: {}", w(Key::Weight), given(&weight.value));
                }
                let key = match_key(&i.name.value);
                let was = old.iter().find(|(o, _)| match_key(&o.name.value) == key);
                let field = |k: Key| format!("        {}:", w(k));
                match (was, from) {
                    (Some((o, score)), Some(y)) => {
                        let a = o.actual.as_ref().map_or_else(
                            || msg::NOT_FILLED.to_string(),
                            |a| actual(&a.value, PLACES),
                        );
                        with_was(&mut out, &field(Key::Actual), y, &a);
                        with_was(&mut out, &field(Key::Score), y, &fixed(*score, PLACES));
                        if let Some(reason) = &o.reason {
                            with_was(&mut out, &field(Key::Reason), y, &reason.value);
                        }
                    }
                    _ => {
                        let _ = writeln!(out, "{}", field(Key::Actual));
                        let _ = writeln!(out, "{}", field(Key::Score));
                    }
                }
            }
        }
    }
    out
}

/// The 自评表 of `year` for the approved `plan` (of the 目标表 form
/// `plan_form`) as a model value, printed on `form`: what was approved as
/// approved (the budget as 年初预算数 and 全年预算数), what the year reports
/// blank. The same table [`report_yaml`] writes.
pub fn report_project(mut p: Project, year: u16, (plan_form, form): (&Form, &Form)) -> Project {
    p.year = Some(Located::new(year, Place::File));
    p.form = Some(Located::new(form.name.clone(), Place::File));
    p.funds.weight = None;
    p.funds.score = None;
    p.funds.total = None;
    for row in &mut p.funds.sources {
        row.name = form_source(&row.name, plan_form, form);
        row.initial = Some(row.budget.clone());
        row.spent.value = Num::written(rust_decimal::Decimal::ZERO);
        row.rate = None;
        row.marks = Marks {
            spent: Some(String::new()),
            ..Marks::default()
        };
    }
    p.fields.retain(|k, _| form.fields.contains(k));
    super::carry::leave_results_blank(&mut p);
    p
}

/// The source row of `form` a 目标表's source is written in: its own name
/// when the form has it, else the one the 目标表's form says
/// (`report_sources` in its form.yaml).
fn form_source(name: &str, plan_form: &Form, form: &Form) -> String {
    if form.sources.iter().any(|s| s == name) {
        return name.to_string();
    }
    plan_form
        .report_sources
        .get(name)
        .cloned()
        .unwrap_or_else(|| name.to_string())
}
