//! Where a printed table breaks onto a new page: only between rows that no
//! merged cell crosses (so a 一级 group that fits on a page stays on it), as late
//! as the estimated row heights allow, with the form's repeated header rows
//! counted at the top of every later page.

use crate::layout::{Cell, Grid, Page};

/// Points per millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// Share of the page the estimate may fill: row heights are estimated from
/// character widths, and printed fonts differ a little from machine to machine.
const FILL: f64 = 0.95;

/// Whether the page may break before each table row (index 0 is never a break):
/// false where a cell spanning rows would be cut, and right after the repeated
/// header rows (they would end one page and start the next). A cell that starts
/// in a header row and spans the block below it (the national form's 绩效指标)
/// labels the whole block and may be cut, as the published tables are.
pub fn breakable(grid: &Grid) -> Vec<bool> {
    let mut ok = vec![true; grid.row_count()];
    if let Some(b) = grid.repeat.last().and_then(|&r| ok.get_mut(r + 1)) {
        *b = false;
    }
    let spans = grid
        .cells
        .iter()
        .filter(|c| c.rowspan > 1 && !grid.repeat.contains(&c.row));
    for cell in spans {
        let end = (cell.row + cell.rowspan).min(ok.len());
        for b in ok.iter_mut().take(end).skip(cell.row + 1) {
            *b = false;
        }
    }
    if let Some(first) = ok.first_mut() {
        *first = false;
    }
    ok
}

/// The scale that fits a table `table_width_mm` wide between the page's side
/// margins (as "fit to one page wide" prints it): at most 1.
pub fn fit_scale(page: &Page, table_width_mm: f64) -> f64 {
    (page.usable_width_mm() / table_width_mm.max(1.0)).min(1.0)
}

/// The printable height of a page in points, at the scale that fits the
/// table's width on the page, less a margin for estimated row heights.
pub fn page_height_pt(page: &Page, table_width_mm: f64) -> f64 {
    let [top, _, bottom, _] = page.margins_mm;
    (page.paper_mm().1 - top - bottom).max(1.0) * PT_PER_MM * FILL / fit_scale(page, table_width_mm)
}

/// The height of every table row, from the height each cell needs (`need`,
/// given the cell's index in `grid.cells` and the cell) and a row's least height `min`: a row is as high as the tallest single-row cell
/// starting in it; cells spanning several rows then spread whatever height
/// they still lack evenly over their rows.
pub fn row_heights(grid: &Grid, min: f64, need: impl Fn(usize, &Cell) -> f64) -> Vec<f64> {
    let mut heights = vec![min; grid.row_count()];
    let cells = || grid.cells.iter().enumerate();
    for (i, cell) in cells().filter(|(_, c)| c.rowspan <= 1) {
        if let Some(h) = heights.get_mut(cell.row) {
            *h = h.max(need(i, cell));
        }
    }
    for (i, cell) in cells().filter(|(_, c)| c.rowspan > 1) {
        let end = (cell.row + cell.rowspan).min(heights.len());
        let Some(rows) = heights.get_mut(cell.row..end).filter(|r| !r.is_empty()) else {
            continue;
        };
        let have: f64 = rows.iter().sum();
        let need = need(i, cell);
        if need > have {
            let extra = (need - have) / rows.len() as f64;
            rows.iter_mut().for_each(|h| *h += extra);
        }
    }
    heights
}

/// The table rows each new page starts with, in order. `heights` are the
/// table rows' heights in points, `above` the height of what precedes the
/// table on the first page, `page` the printable height, `breakable` as from
/// [`breakable`] and `repeat` the rows printed again on every later page.
pub fn page_starts(
    heights: &[f64],
    above: f64,
    page: f64,
    breakable: &[bool],
    repeat: &[usize],
) -> Vec<usize> {
    let repeated: f64 = repeat.iter().filter_map(|&r| heights.get(r)).sum();
    let first_repeat = repeat.iter().copied().min();
    let mut starts = Vec::new();
    let (mut start, mut used) = (0, above);
    let mut r = 0;
    while r < heights.len() {
        if used + heights[r] <= page || r == start {
            used += heights[r];
            r += 1;
            continue;
        }
        // The latest row after this page's start where a break cuts nothing;
        // the row itself when a merged cell is taller than a page.
        let at = (start + 1..=r)
            .rev()
            .find(|&b| breakable.get(b).copied().unwrap_or(true))
            .unwrap_or(r);
        starts.push(at);
        start = at;
        let header = if first_repeat.is_some_and(|f| f < at) {
            repeated
        } else {
            0.0
        };
        used = header;
        r = at;
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_break_only_where_no_merged_cell_is_cut() {
        // Rows 2–4 are one group (a cell spans them): a break may not fall at 3 or 4.
        let ok = [false, true, true, false, false, true, true];
        let heights = [10.0; 7];
        // 35 pt a page: rows 0–2 fit, row 3 does not; the group starting at 2 moves.
        assert_eq!(page_starts(&heights, 0.0, 35.0, &ok, &[]), vec![2, 5]);
        // A repeated header (row 1) takes its 10 pt on every later page: with
        // it the group no longer fits a page of 35 pt and is cut, in one of 45 pt
        // it is not.
        assert_eq!(page_starts(&heights, 0.0, 35.0, &ok, &[1]), vec![2, 4, 6]);
        assert_eq!(page_starts(&heights, 0.0, 45.0, &ok, &[1]), vec![2, 5]);
        // Everything fits: no break.
        assert!(page_starts(&heights, 0.0, 100.0, &ok, &[]).is_empty());
        // A group taller than a page is cut where it must be.
        let tall = [false, false, false, false, false, false, false];
        assert_eq!(page_starts(&heights, 0.0, 25.0, &tall, &[]), vec![2, 4, 6]);
    }
}
