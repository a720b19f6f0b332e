//! The indicator block of a sheet: 一级/二级 groups (merged, written once, or
//! repeated) and one 三级指标 per row.

use super::{Bad, Cx};
use crate::diag::msg::input as msg;
use crate::diag::Code;
use crate::form::Key;
use crate::input::sheet::locate;
use crate::input::typed::Kind;

use crate::model::{is_placeholder, Actual, Indicator, Level1, Level2, Located, Target, Written};

impl Cx<'_> {
    /// The indicator rows, the row of 总分 and the 得分 column.
    #[allow(clippy::type_complexity)]
    pub(super) fn indicators(
        &mut self,
        top: usize,
    ) -> Option<(Vec<Level1>, Option<usize>, Option<usize>)> {
        let h = self.find(Key::Level3, top, (top + 10, 2))?;
        let row = h.0;
        let col = |cx: &mut Cx, key: Key, required: bool, near: usize| {
            let found = locate::find_in_header(cx.sheet, row, cx.labels(key), 0);
            if found.is_none() && required {
                cx.missing(cx.word(key), (row, near));
            }
            found.map(|p| p.1)
        };
        let c1 = col(self, Key::Level1, true, h.1.saturating_sub(2));
        let c2 = col(self, Key::Level2, true, h.1.saturating_sub(1));
        let ct = col(self, Key::Target, true, h.1 + 1);
        let ca = col(self, Key::Actual, false, h.1 + 2);
        let cw =
            locate::find_in_header(self.sheet, row, self.labels(Key::Weight), h.1).map(|p| p.1);
        // A target split in three columns: 指标性质 | 指标值 | 度量单位.
        let op = locate::find_in_row(self.sheet, row, self.labels(Key::TargetOp), 0, usize::MAX);
        let unit =
            locate::find_in_row(self.sheet, row, self.labels(Key::TargetUnit), 0, usize::MAX);
        let split = [op.map(|p| p.1), unit.map(|p| p.1)];
        if cw.is_none() {
            // A table without a 分值 column: an error on a form that has one.
            let at = (row, h.1 + 3);
            let (message, hint) = crate::diag::text::no_label(
                self.word(Key::Weight),
                &self.sheet.cell_name(at.0, at.1),
            );
            self.absent(Key::Weight, at, message, hint);
        }
        let cs = col(self, Key::Score, false, h.1 + 4);
        let cr = col(self, Key::Reason, false, h.1 + 5);
        let (c1, c2, ct) = (c1?, c2?, ct?);
        let header_end = self
            .sheet
            .merge_at(h.0, h.1)
            .map_or(h.0, |(_, _, r1, _)| r1);
        let mut out: Vec<Level1> = Vec::new();
        let mut ok = true;
        let mut total_row = None;
        let mut last1: Option<Located<String>> = None;
        let mut last2: Option<Located<String>> = None;
        for r in header_end + 1..self.sheet.rows() {
            if locate::row_has(self.sheet, r, self.labels(Key::Total)).is_some()
                || locate::row_has(self.sheet, r, self.labels(Key::Grade)).is_some()
            {
                total_row = locate::row_has(self.sheet, r, self.labels(Key::Total)).map(|p| p.0);
                break;
            }
            // A field a form adds between the indicators and 总分 (其他需要说明事项).
            let fields = &self.words.fields;
            let field_row = self.sheet.value(r, c1).text();
            if fields
                .iter()
                .any(|w| locate::is_label(&field_row, std::slice::from_ref(w)))
            {
                continue;
            }
            let blank = |c: Option<usize>| c.is_none_or(|c| self.sheet.value(r, c).is_blank());
            let values_blank = blank(Some(ct)) && blank(cw) && blank(ca) && blank(cs);
            // A row the template left for more indicators (`指标2`, `……`) or a
            // 二级 with no indicator, nothing filled in: kept as a blank row, never
            // scored. A row blank throughout is skipped.
            let name = self.sheet.value(r, h.1).text();
            if values_blank && (name.is_empty() || is_placeholder(&name)) {
                let starts = |c: usize| {
                    self.sheet.anchor(r, c) == (r, c)
                        && !self.sheet.raw(r, c).text().trim().is_empty()
                };
                let kept = !name.is_empty() || starts(c1) || starts(c2);
                let grouped = last1.is_some() || starts(c1);
                if !(kept && grouped) {
                    continue;
                }
                let l1 = self.group_name(r, c1, &mut last1, msg::LEVEL1, true);
                let l2 = self.group_name(r, c2, &mut last2, msg::LEVEL2, false);
                if let (Some(l1), Some(l2)) = (l1, l2) {
                    let row = Located::new(name, self.place((r, h.1)));
                    if let Some(g) = group(&mut out, l1, l2) {
                        g.blank_rows.push(row);
                    }
                }
                continue;
            }
            let l1 = self.group_name(r, c1, &mut last1, msg::LEVEL1, true);
            let l2 = self.group_name(r, c2, &mut last2, msg::LEVEL2, false);
            // On a table without 分值, a 得分 merged down several rows scores
            // their 二级 group whole (湖北).
            let group_score = cs.filter(|_| cw.is_none()).and_then(|c| {
                self.sheet
                    .merge_at(r, c)
                    .filter(|&(r0, _, r1, _)| r1 > r0)
                    .map(|(r0, c0, _, _)| (r0 == r, (r0, c0)))
            });
            let own_score = if group_score.is_some() { None } else { cs };
            let item = self.indicator(r, (h.1, ct, split), ca, cw, own_score, cr);
            let (Some(l1), Some(l2), Some(item)) = (l1, l2, item) else {
                ok = false;
                continue;
            };
            let score = match group_score {
                Some((true, at)) => match self.number(at, msg::SCORE, Kind::Points) {
                    Ok(score) => score,
                    Err(Bad) => {
                        self.gaps.scores = true;
                        None
                    }
                },
                _ => None,
            };
            // (An indicator after its group's blank rows is printed before them.)
            if let Some(g) = group(&mut out, l1, l2) {
                g.indicators.push(item);
                if score.is_some() {
                    g.score = score;
                }
            }
        }
        if cw.is_none() {
            whole_groups(&mut out);
        }
        if out.is_empty() && ok {
            let (message, hint) = msg::no_indicator_rows();
            self.report(Code::E0101, (header_end + 1, h.1), message, hint);
            ok = false;
        }
        if !ok {
            // Rows left out: their weights and scores are unknown.
            self.gaps.weights = true;
            self.gaps.scores = true;
        }
        Some((out, total_row, cs))
    }

    /// The 一级 or 二级 name of a row: written, merged from above, or blank below
    /// the last one written (carried down).
    fn group_name(
        &mut self,
        r: usize,
        c: usize,
        last: &mut Option<Located<String>>,
        what: &str,
        strip_weight: bool,
    ) -> Option<Located<String>> {
        let anchor = self.sheet.anchor(r, c);
        let raw = self.sheet.raw(anchor.0, anchor.1).text();
        let mut name: String = raw.chars().filter(|ch| !ch.is_whitespace()).collect();
        name = name.replace('（', "(").replace('）', ")");
        if strip_weight || name.ends_with(msg::POINTS_CLOSED) {
            name = locate::strip_bracket(&name).to_string();
        }
        if name.is_empty() {
            if last.is_none() {
                let (message, hint) = msg::group_missing(what);
                self.report(Code::E0101, (r, c), message, hint);
            }
            return last.clone();
        }
        let located = Located::new(name, self.place(anchor));
        // A name repeated on every row keeps the place where it was first written.
        match last {
            Some(l) if l.value == located.value && anchor.0 == r => Some(l.clone()),
            _ => {
                *last = Some(located.clone());
                Some(located)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    /// One indicator row: `cn` the 三级指标 column, `ct` the 年度指标值 (or
    /// 指标值) column with the 指标性质 and 度量单位 columns of a split target.
    fn indicator(
        &mut self,
        r: usize,
        (cn, ct, split): (usize, usize, [Option<usize>; 2]),
        ca: Option<usize>,
        cw: Option<usize>,
        cs: Option<usize>,
        cr: Option<usize>,
    ) -> Option<Indicator> {
        let name = self.text((r, cn));
        if name.value.is_empty() {
            let (message, hint) = msg::level3_missing();
            self.report(Code::E0101, (r, cn), message, hint);
        }
        let what = msg::level3_named(&name.value);
        let mut target_text = self.text((r, ct));
        // 指标性质 | 指标值 | 度量单位 read as one target: ≧ 95 人次 → ≧95人次.
        let [op, unit] = split.map(|c| c.map_or_else(String::new, |c| self.text((r, c)).value));
        if !target_text.value.is_empty() {
            target_text.value = format!("{op}{}{unit}", target_text.value);
        }
        let mut written = Written {
            target: target_text.value.clone(),
            actual: String::new(),
        };
        let mut target_unread = false;
        let target = if target_text.value.is_empty() {
            let (message, hint) = msg::target_missing(&what);
            self.report(Code::E0101, (r, ct), message, hint);
            None
        } else {
            Some(match Target::parse(&target_text.value) {
                Ok(t) => Located::new(t, target_text.place),
                Err(e) => {
                    target_unread = true;
                    let (message, hint) = crate::input::bad_target(&what, &e);
                    self.report(Code::E0301, (r, ct), message, hint);
                    Located::new(Target::Qualitative(target_text.value), target_text.place)
                }
            })
        };
        let unit = target
            .as_ref()
            .and_then(|t| t.value.unit().map(str::to_string));
        let actual = ca.and_then(|c| {
            let text = self.text((r, c));
            if text.value.is_empty() {
                return None;
            }
            written.actual.clone_from(&text.value);
            Some(match Actual::parse(&text.value, unit.as_deref()) {
                Ok(a) => Located::new(a, text.place),
                Err(e) => {
                    let (message, hint) = crate::input::bad_actual(&what, &e);
                    self.report(Code::E0302, (r, c), message, hint);
                    Located::new(Actual::Qualitative(text.value), text.place)
                }
            })
        });
        let weight_word = self.word(Key::Weight);
        let detail = crate::model::is_detail(&name.value);
        let (weight, weight_unread) =
            match cw.map(|cw| (cw, self.number((r, cw), weight_word, Kind::Points))) {
                Some((_, Ok(Some(w)))) => (Some(w), false),
                // A detail row (`其中：…`) needs no 分值.
                Some((_, Ok(None))) if detail => (None, false),
                Some((cw, Ok(None))) => {
                    // Blank or `—`: a row without 分值, an error on a form that requires one.
                    self.absent(
                        Key::Weight,
                        (r, cw),
                        msg::weight_missing(&what, weight_word),
                        crate::diag::text::WEIGHT_HINT.to_string(),
                    );
                    (None, false)
                }
                Some((_, Err(Bad))) => (None, true),
                None => (None, false),
            };
        let (score, score_unread) = match cs.map(|c| self.number((r, c), msg::SCORE, Kind::Points))
        {
            Some(Err(Bad)) => (None, true),
            Some(Ok(s)) => (s, false),
            None => (None, false),
        };
        self.gaps.weights |= weight_unread;
        self.gaps.scores |= score_unread;
        let reason = cr
            .map(|c| self.text((r, c)))
            .filter(|t| !t.value.is_empty());
        // Missing values are filled in so that the table's other rules still run;
        // this indicator's own rules are skipped.
        let place = self.place((r, cn));
        let complete =
            target.is_some() && (weight.is_some() || detail) && !score_unread && !target_unread;
        Some(Indicator {
            place: place.clone(),
            name,
            target: target
                .unwrap_or_else(|| Located::new(Target::Qualitative(String::new()), place.clone())),
            actual,
            weight,
            score,
            reason,
            written,
            complete,
        })
    }
}

/// On a table without 分值 whose 得分 scores 二级 groups whole, a group of one
/// row scores whole too: its one 三级's 得分 is the group's.
fn whole_groups(out: &mut [Level1]) {
    let groups = || out.iter().flat_map(|l| &l.groups);
    if !groups().any(|g| g.score.is_some()) {
        return;
    }
    for g in out.iter_mut().flat_map(|l| &mut l.groups) {
        if let (None, [only]) = (&g.score, g.indicators.as_mut_slice()) {
            g.score = only.score.take();
        }
    }
}

/// A 三级指标 name that a blank template puts in its rows: `指标1`, `指标2：`,
/// `指标3：…`, `……`, `...`.
/// The group of `l1` / `l2`: the last one when the row continues it, else a new one.
fn group(out: &mut Vec<Level1>, l1: Located<String>, l2: Located<String>) -> Option<&mut Level2> {
    if out.last().is_none_or(|g| g.name.value != l1.value) {
        out.push(Level1 {
            name: l1,
            groups: Vec::new(),
        });
    }
    let level1 = out.last_mut()?;
    if level1
        .groups
        .last()
        .is_none_or(|g| g.name.value != l2.value)
    {
        level1.groups.push(Level2 {
            name: l2,
            indicators: Vec::new(),
            blank_rows: Vec::new(),
            score: None,
        });
    }
    level1.groups.last_mut()
}

#[cfg(test)]
mod tests {
    use crate::model::is_placeholder;

    #[test]
    fn template_rows() {
        for t in ["指标1", "指标2：", "指标3：…", "……", "...", "指标 1"] {
            assert!(is_placeholder(t), "{t}");
        }
        for t in ["指标完成率", "覆盖率", "培训人次"] {
            assert!(!is_placeholder(t), "{t}");
        }
    }
}
