//! The fill-in view: a table as a unit receives it to fill (`jixiao init
//! --xlsx`). Every value jixiao would compute that the input leaves out
//! (得分, 总分, 评分等级, 执行率, a total's amounts) prints blank, so that the
//! cells the template marks `fill` hold only what the unit writes.

use super::view::{FundRowView, View};
use crate::model::{FundRow, Project};
use crate::score::Scored;

impl View {
    /// Blanks every computed value `s`'s input leaves out.
    pub fn leave_unwritten_blank(&mut self, s: &Scored) {
        let p = &s.project;
        let f = &p.funds;
        if f.score.is_none() {
            self.funds.score.clear();
            self.funds.score_exact.clear();
        }
        if p.total.is_none() {
            self.total.clear();
            self.total_exact.clear();
        }
        if p.grade.is_none() {
            self.grade.clear();
        }
        match &f.total {
            Some(total) => blank_rate(&mut self.funds.total, total),
            None => {
                // A sum of amounts the unit has still to write is no sum.
                let open =
                    |pick: fn(&FundRow) -> bool| f.sources.is_empty() || f.sources.iter().any(pick);
                let t = &mut self.funds.total;
                if open(|r| r.marks.budget.is_some()) {
                    t.budget.clear();
                    t.exact.budget.clear();
                }
                if open(|r| r.marks.spent.is_some()) {
                    t.spent.clear();
                    t.exact.spent.clear();
                }
                if open(|r| r.marks.initial.is_some()) {
                    t.initial.clear();
                    t.exact.initial.clear();
                }
                t.rate.clear();
                t.exact.rate.clear();
            }
        }
        for (name, view) in &mut self.funds.sources {
            match f.source(name) {
                Some(row) => blank_rate(view, row),
                None => {
                    view.rate.clear();
                    view.exact.rate.clear();
                }
            }
        }
        blank_scores(self, p);
    }
}

/// A row's 执行率 blank unless written (a not-applicable row keeps its glyph).
fn blank_rate(view: &mut FundRowView, row: &FundRow) {
    if row.rate.is_none() && row.not_applicable().is_none() {
        view.rate.clear();
        view.exact.rate.clear();
    }
}

/// Each indicator's 得分 blank unless written.
fn blank_scores(view: &mut View, p: &Project) {
    for (l1v, l1) in view.indicators.iter_mut().zip(&p.indicators) {
        for (l2v, l2) in l1v.groups.iter_mut().zip(&l1.groups) {
            // The template's own rows (`指标2`) follow the indicators and keep their blanks.
            for (item, i) in l2v.items.iter_mut().zip(&l2.indicators) {
                if i.score.is_none() {
                    item.score.clear();
                    item.score_exact.clear();
                }
            }
        }
    }
}
