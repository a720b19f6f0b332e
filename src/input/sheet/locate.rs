//! Finding the form's labels in a sheet, wherever they sit: label text is
//! compared with the run's vocabulary as every reader compares it (see
//! [`crate::form::vocab::norm`]). The `variants` the functions look for are
//! words already normalised (`Vocabulary::norms`, or [`norm`]ed by the caller).

use super::Sheet;

/// A cell position, zero-based: (row, column).
pub type Pos = (usize, usize);

pub use crate::form::vocab::{norm, spells as is_label, spells_normed, strip_bracket};
use crate::form::Vocabulary;

/// Whether a cell at a position is where a value or label starts (not covered by a merge).
fn is_anchor(sheet: &Sheet, pos: Pos) -> bool {
    sheet.anchor(pos.0, pos.1) == pos
}

/// The first cell, row by row from `from_row`, whose text spells one of `variants`.
pub fn find(sheet: &Sheet, variants: &[String], from_row: usize) -> Option<Pos> {
    (from_row..sheet.rows()).find_map(|r| find_in_row(sheet, r, variants, 0, usize::MAX))
}

/// The first cell of row `row` between columns `from` and `to` (exclusive) spelling one of `variants`.
pub fn find_in_row(
    sheet: &Sheet,
    row: usize,
    variants: &[String],
    from: usize,
    to: usize,
) -> Option<Pos> {
    let line = sheet.cells.get(row)?;
    (from..line.len().min(to))
        .filter(|&c| is_anchor(sheet, (row, c)))
        .find(|&c| spells_normed(&sheet.raw(row, c).text(), variants))
        .map(|c| (row, c))
}

/// The first cell in rows `rows` and columns before `to` spelling one of `variants`.
pub fn find_in_rows(
    sheet: &Sheet,
    rows: std::ops::Range<usize>,
    variants: &[String],
    to: usize,
) -> Option<Pos> {
    rows.into_iter()
        .find_map(|r| find_in_row(sheet, r, variants, 0, to))
}

/// A column label of a header row `row`: in the row itself, or in the row above
/// when its cell is merged down into this row (a two-row header whose second row
/// splits only some columns: 年度指标值 over 指标性质 | 指标值 | 度量单位).
pub fn find_in_header(sheet: &Sheet, row: usize, variants: &[String], from: usize) -> Option<Pos> {
    find_in_row(sheet, row, variants, from, usize::MAX).or_else(|| {
        let above = row.checked_sub(1)?;
        let found = find_in_row(sheet, above, variants, from, usize::MAX)?;
        let reaches = sheet
            .merge_at(found.0, found.1)
            .is_some_and(|(_, _, r1, _)| r1 >= row);
        reaches.then_some(found)
    })
}

/// Whether any cell of a row spells one of `variants`.
pub fn row_has(sheet: &Sheet, row: usize, variants: &[String]) -> Option<Pos> {
    find_in_row(sheet, row, variants, 0, usize::MAX)
}

/// The value written right of a label on its row: the first non-blank cell after
/// the label's region that is not itself one of the form's labels. Returns the
/// position where the value is, or where it should be when blank.
pub fn right_of(sheet: &Sheet, label: Pos, vocab: &Vocabulary) -> (Pos, bool) {
    let start = sheet.last_col(label.0, label.1) + 1;
    let width = sheet.cells.get(label.0).map_or(0, Vec::len);
    for c in start..width {
        if !is_anchor(sheet, (label.0, c)) {
            continue;
        }
        let v = sheet.raw(label.0, c);
        if v.is_blank() {
            continue;
        }
        if vocab.is_any(&v.text(), crate::form::vocab::section::LABELS) {
            break;
        }
        return ((label.0, c), true);
    }
    ((label.0, start), false)
}

/// The cell below a label (the first row after the label's region), at the label's column.
pub fn below(sheet: &Sheet, label: Pos) -> Pos {
    let last_row = sheet
        .merge_at(label.0, label.1)
        .map_or(label.0, |(_, _, r1, _)| r1);
    sheet.anchor(last_row + 1, label.1)
}
