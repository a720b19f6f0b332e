//! Finding every table on a sheet: tables stacked one below another, side by
//! side, or both, each starting at its 项目名称 label.

use std::ops::Range;

use super::locate::{self, Pos};
use super::Sheet;
use crate::form::{Key, Vocabulary};

/// How many rows apart two 项目名称 labels may be and still count as tables side
/// by side (one table's title may take a row more than the other's).
const SAME_STRIP: usize = 3;

/// Where one table lies on its sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Its rows.
    pub rows: Range<usize>,
    /// Its columns.
    pub cols: Range<usize>,
    /// Its 项目名称 label.
    pub anchor: Pos,
}

/// The table regions of a sheet, in reading order (top to bottom, then left to
/// right); the whole sheet when it has at most one 项目名称.
pub fn regions(sheet: &Sheet, vocab: &Vocabulary) -> Vec<Region> {
    let anchors = name_labels(sheet, vocab);
    let whole = |anchor| Region {
        rows: 0..sheet.rows(),
        cols: 0..sheet.cols(),
        anchor,
    };
    if anchors.len() <= 1 {
        return vec![whole(anchors.first().copied().unwrap_or((0, 0)))];
    }
    // Strips: anchors on (nearly) the same rows.
    let mut strips: Vec<Vec<Pos>> = Vec::new();
    for a in anchors {
        match strips.last_mut() {
            Some(strip) if a.0 <= strip[0].0 + SAME_STRIP => strip.push(a),
            _ => strips.push(vec![a]),
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (k, strip) in strips.iter().enumerate() {
        let first_row = strip.iter().map(|a| a.0).min().unwrap_or(0);
        let next = strips
            .get(k + 1)
            .and_then(|s| s.iter().map(|a| a.0).min())
            .unwrap_or(sheet.rows());
        // The strip ends after its last 评分等级 or 总分 row, so that the next
        // table's title lines belong to the next table.
        let end = last_closing_row(sheet, first_row..next, vocab).map_or(next, |r| r + 1);
        let mut cols: Vec<usize> = strip.iter().map(|a| a.1).collect();
        cols.sort_unstable();
        for (i, a) in {
            let mut s = strip.clone();
            s.sort_by_key(|a| a.1);
            s
        }
        .into_iter()
        .enumerate()
        {
            let from = if i == 0 { 0 } else { a.1 };
            let to = cols.get(i + 1).copied().unwrap_or(sheet.cols());
            out.push(Region {
                rows: start..end,
                cols: from..to,
                anchor: a,
            });
        }
        start = end;
    }
    out
}

/// Every 项目名称 label, row by row.
fn name_labels(sheet: &Sheet, vocab: &Vocabulary) -> Vec<Pos> {
    let mut out = Vec::new();
    for (r, line) in sheet.cells.iter().enumerate() {
        for c in 0..line.len() {
            if sheet.anchor(r, c) == (r, c) && vocab.is(&sheet.raw(r, c).text(), Key::Name) {
                out.push((r, c));
            }
        }
    }
    out
}

/// The last row in `rows` with a 评分等级 or 总分 label (the end of its merge).
fn last_closing_row(sheet: &Sheet, rows: Range<usize>, vocab: &Vocabulary) -> Option<usize> {
    rows.rev().find_map(|r| {
        let at = locate::row_has(sheet, r, vocab.norms(Key::Grade))
            .or_else(|| locate::row_has(sheet, r, vocab.norms(Key::Total)))?;
        Some(sheet.merge_at(at.0, at.1).map_or(r, |(_, _, r1, _)| r1))
    })
}
