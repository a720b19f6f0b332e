//! The budget block (项目资金) of a sheet: the amounts row by row, 分数 and 得分.

use crate::diag::msg::input as msg;
use crate::diag::Code;
use rust_decimal::Decimal;

use super::{Bad, Cx};
use crate::form::Key;
use crate::input::sheet::locate::{self, Pos};
use crate::input::typed::Kind;
use crate::model::{FundRow, Funds, Located, Marks, Num, NATIONAL_SOURCES};

impl Cx<'_> {
    pub(super) fn funds(&mut self, top: usize) -> Option<Funds> {
        // The header row: at 年初预算数, or at 全年预算数 on a form without it.
        let initial_at = locate::find(self.sheet, self.labels(Key::Initial), top);
        let budget_at =
            initial_at.or_else(|| locate::find(self.sheet, self.labels(Key::Budget), top));
        // A 目标表 may print each amount right of its row's label, under no
        // header: its one column is the 全年预算数.
        let (header, beside) = match budget_at {
            Some(at) => (at, None),
            None => match self.beside_labels(top) {
                Some((first, col)) => ((first.saturating_sub(1), col), Some(col)),
                None => {
                    self.missing(self.word(Key::Budget), (top + 2, 2));
                    return None;
                }
            },
        };
        let row = header.0;
        let initial_col = initial_at.map(|p| p.1);
        let col = |cx: &mut Cx, key: Key, required: bool, after: usize| {
            // In the header row, or merged down into it from a row above.
            let found = locate::find_in_header(cx.sheet, row, cx.labels(key), 0);
            if found.is_none() && required {
                cx.missing(cx.word(key), (row, after + 1));
            }
            found.map(|p| p.1)
        };
        let budget = match beside {
            Some(c) => Some(c),
            None => col(self, Key::Budget, true, header.1),
        };
        // A 目标表 has no 全年执行数 column: recorded as absent (an error on
        // every 自评表), its cells blank.
        let spent = beside.map_or_else(|| col(self, Key::Spent, false, 0), |_| None);
        if spent.is_none() {
            let at = (row, budget.unwrap_or(header.1) + 1);
            let (message, hint) = crate::diag::text::no_label(
                self.word(Key::Spent),
                &self.sheet.cell_name(at.0, at.1),
            );
            self.absent.push(crate::model::Absent {
                code: Code::E0702,
                key: Key::Spent,
                place: self.place(at),
                message,
                hint,
            });
        }
        let mut other = |key: Key| beside.map_or_else(|| col(self, key, false, 0), |_| None);
        let (weight_col, rate_col, score_col) =
            (other(Key::FundsWeight), other(Key::Rate), other(Key::Score));
        let budget = budget?;
        let header_end = match beside {
            Some(_) => row,
            None => (self.sheet.merge_at(row, header.1)).map_or(row, |(_, _, r1, _)| r1),
        };
        let rows = header_end + 1..header_end + 10;
        let label = |cx: &Cx, variants: &[String]| {
            locate::find_in_rows(cx.sheet, rows.clone(), variants, header.1)
        };
        let total_at = label(self, self.labels(Key::FundsTotal));
        // The source rows, national and the forms' own, in the order of the sheet.
        let national = [
            (NATIONAL_SOURCES[0], self.labels(Key::Appropriation)),
            (NATIONAL_SOURCES[1], self.labels(Key::Carryover)),
            (NATIONAL_SOURCES[2], self.labels(Key::Other)),
        ];
        let words = self.words;
        let mut sources: Vec<(Pos, &str)> = national
            .iter()
            .filter_map(|(name, variants)| Some((label(self, variants)?, *name)))
            .chain(
                words
                    .sources
                    .iter()
                    .filter_map(|w| Some((label(self, &[locate::norm(w)])?, w.as_str()))),
            )
            .collect();
        sources.sort();
        sources.dedup_by_key(|(at, _)| *at);
        if sources.is_empty() {
            let expected = (
                total_at.map_or(header_end + 1, |p| p.0 + 1),
                header.1.saturating_sub(1),
            );
            // No source row: an error on a form that has them.
            let (message, hint) =
                crate::diag::text::no_source(self.word(Key::Funds), self.word(Key::Appropriation));
            self.absent(Key::Sources, expected, message, hint);
        }
        let cols = [Some(budget), spent];
        let mut ok = true;
        let mut fund_row = |cx: &mut Cx, at: Option<Pos>, what: &str| -> Option<FundRow> {
            let at = at?;
            let is_total = what == msg::FUNDS_TOTAL;
            let mut amounts = Vec::new();
            let mut derived = false;
            // A source's 年初预算数 may be blank: then it is not written (blank,
            // not 0). A blank total is left to jixiao, as its other amounts.
            let initial = match initial_col.map(|c| {
                let label = msg::field_of(what, msg::INITIAL);
                if is_total {
                    cx.derived_number((at.0, c), &label, Kind::Amount)
                } else {
                    cx.number((at.0, c), &label, Kind::Amount)
                }
            }) {
                Some(Ok(None)) if is_total => {
                    derived = true;
                    None
                }
                Some(Ok(v)) => v,
                Some(Err(Bad)) => {
                    ok = false;
                    None
                }
                None => None,
            };
            for (c, key) in cols.iter().zip([msg::BUDGET, msg::SPENT]) {
                let Some(c) = c else {
                    amounts.push(Located::new(Num::written(Decimal::ZERO), cx.place(at)));
                    continue;
                };
                let label = msg::field_of(what, key);
                let read = if is_total {
                    cx.derived_number((at.0, *c), &label, Kind::Amount)
                } else {
                    cx.number((at.0, *c), &label, Kind::Amount)
                };
                match read {
                    // A blank sub-row amount is 0; a blank (or uncalculated) total
                    // is left to jixiao, which adds up the rows.
                    Ok(None) if is_total => derived = true,
                    Ok(v) => amounts.push(v.unwrap_or_else(|| {
                        Located::new(Num::written(Decimal::ZERO), cx.place((at.0, *c)))
                    })),
                    Err(Bad) => ok = false,
                }
            }
            let rate = match rate_col
                .map(|c| cx.derived_number((at.0, c), &msg::field_of(what, msg::RATE), Kind::Rate))
            {
                Some(Ok(v)) => v,
                Some(Err(Bad)) => {
                    ok = false;
                    None
                }
                None => None,
            };
            if derived {
                return None;
            }
            let mut amounts = amounts.into_iter();
            let (budget, spent) = (amounts.next()?, amounts.next()?);
            let rate = rate.map(|r| percent_cell(r, budget.get(), spent.get()));
            // Cells with no number, as written: blank, `—`, `/`.
            let mark = |c: Option<usize>| {
                let shown = cx.sheet.value(at.0, c?).text();
                crate::input::sheet::cell::not_applicable(&shown).then(|| shown.trim().to_string())
            };
            let marks = Marks {
                initial: mark(initial_col),
                budget: mark(cols[0]),
                spent: if cols[1].is_some() {
                    mark(cols[1])
                } else {
                    Some(String::new())
                },
                // A total's blank 执行率 is left to jixiao, as its other figures.
                rate: mark(rate_col).filter(|m| !(is_total && m.is_empty())),
            };
            Some(FundRow {
                marks,
                name: what.to_string(),
                place: cx.place(at),
                initial,
                budget,
                spent,
                rate,
            })
        };
        let total = fund_row(self, total_at, msg::FUNDS_TOTAL);
        let mut unread = sources.is_empty();
        let rows: Vec<FundRow> = sources
            .iter()
            .map(|&(at, name)| {
                fund_row(self, Some(at), name).unwrap_or_else(|| {
                    unread = true;
                    FundRow::zero(name, self.place(at))
                })
            })
            .collect();
        // 分数 and 得分 sit on the 年度资金总额 row (or the first row when it is absent).
        let first = sources.first().map(|(at, _)| *at);
        let score_row = total_at.or(first).map_or(header_end + 1, |p| p.0);
        let mut one = |cx: &mut Cx, c: Option<usize>, what: &str, derived: bool| match c {
            Some(c) => {
                let read = if derived {
                    cx.derived_number((score_row, c), what, Kind::Points)
                } else {
                    cx.number((score_row, c), what, Kind::Points)
                };
                read.unwrap_or_else(|Bad| {
                    ok = false;
                    None
                })
            }
            None => None,
        };
        let weight = one(self, weight_col, msg::FUNDS_WEIGHT, false);
        let score = one(self, score_col, msg::SCORE, true);
        // An unreadable row is reported and filled in with 0; the block's rules are
        // then skipped (a gap), the rest of the table is still checked.
        self.gaps.funds |= !ok || unread;
        let mut funds = Funds {
            weight,
            score,
            total,
            sources: rows,
            unit_stated: true,
        };
        match self.amounts_in_yuan(top, header, header_end) {
            Some((true, at)) => {
                funds.from_yuan();
                let (message, hint) = msg::amounts_in_yuan();
                self.report(Code::E0709, at, message, hint);
            }
            Some((false, _)) => {}
            None => funds.unit_stated = false,
        }
        Some(funds)
    }

    /// The first row of a budget block without a header (a 目标表's: each
    /// amount right of its row's label) and the column of its amounts.
    fn beside_labels(&self, top: usize) -> Option<(usize, usize)> {
        let mut rows: Vec<String> = [
            Key::FundsTotal,
            Key::Appropriation,
            Key::Carryover,
            Key::Other,
        ]
        .iter()
        .flat_map(|k| self.labels(*k).iter().cloned())
        .collect();
        rows.extend(self.words.sources.iter().map(|w| locate::norm(w)));
        // Below the table's first row (项目名称), so that a row is above it.
        let first = locate::find(self.sheet, &rows, top + 1)?;
        // The first of its rows (up to the block's usual size) with an amount.
        (first.0..first.0 + 6).find_map(|r| {
            let label = locate::find_in_row(self.sheet, r, &rows, 0, usize::MAX)?;
            let (at, found) = locate::right_of(self.sheet, label, &self.words.vocab);
            found.then_some((first.0, at.1))
        })
    }

    /// Whether (and where) the sheet says its amounts are in 元, or in 万元: the
    /// block's label (`项目资金（元）`) or a unit line above the table
    /// (`金额单位：元`); `None` when it does not say.
    fn amounts_in_yuan(&self, top: usize, header: Pos, header_end: usize) -> Option<(bool, Pos)> {
        let sheet = self.sheet;
        let in_yuan = |text: &str| {
            let t = locate::norm(text);
            let unit = t
                .strip_prefix(msg::FUNDS)
                .map(|rest| rest.trim_start_matches('(').trim_end_matches(')'))
                .or_else(|| t.split_once(msg::UNIT_LINE).map(|(_, u)| u))?;
            match unit.trim() {
                msg::UNIT_YUAN | msg::UNIT_RMB_YUAN | msg::UNIT_YUAN_CLOSED => Some(true),
                msg::UNIT_WAN_YUAN => Some(false),
                _ => None,
            }
        };
        let block = (header.0..=header_end + 5)
            .flat_map(|r| (0..header.1).map(move |c| (r, c)))
            .filter(|&(r, c)| sheet.anchor(r, c) == (r, c))
            .find_map(|(r, c)| in_yuan(&sheet.raw(r, c).text()).map(|y| (y, (r, c))));
        block.or_else(|| {
            (0..top.min(sheet.rows()))
                .flat_map(|r| (0..sheet.cells[r].len()).map(move |c| (r, c)))
                .find_map(|(r, c)| in_yuan(&sheet.raw(r, c).text()).map(|y| (y, (r, c))))
        })
    }
}

/// A 执行率 written as a fraction without a percent format (0.7629 for 76.29%):
/// when the fraction × 100 is the rate the amounts give, read it as percent.
/// (A cell formatted as a percentage is read in percent already.)
fn percent_cell(rate: Located<Num>, budget: Decimal, spent: Decimal) -> Located<Num> {
    let computed = crate::model::num::rate(budget, spent);
    let Some(scaled) = rate.get().checked_mul(Decimal::ONE_HUNDRED) else {
        return rate;
    };
    let close = (scaled - computed).abs() <= Decimal::new(1, 2);
    if rate.get() <= Decimal::ONE && computed > Decimal::ONE && close {
        let places = rate.value.places.saturating_sub(2);
        Located::new(Num::shown(scaled, places), rate.place)
    } else {
        rate
    }
}
