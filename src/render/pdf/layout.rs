//! The pages of one grid as the PDF draws them: headings, then the table's
//! rows, broken onto pages where [`paging`] allows, the form's header rows
//! repeated at the top of every later page. Lengths are points at the table's
//! own size, from the top left of the printable area; the writer scales them
//! to fit the page's width.

use super::glyphs::Glyphs;
use crate::layout::{Cell, Grid, HAlign, Style, VAlign};
use crate::render::{fit, paging};

/// Points per millimetre.
pub(super) const PT_PER_MM: f64 = 72.0 / 25.4;

/// Line height as a multiple of the font size (Word's single spacing of 宋体).
const LINE: f64 = 1.3;

/// Where the baseline sits below the middle of a line, as a share of the
/// font size: the middle of the ideographic em box (0.88 above, 0.12 below).
const BASELINE_BELOW_MIDDLE: f64 = 0.38;

/// One line of text to draw.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct TextLine {
    /// Left end of the line.
    pub x: f64,
    /// Baseline, downwards from the top.
    pub baseline: f64,
    /// Font size in points.
    pub size: f64,
    /// Bold (drawn filled and stroked).
    pub bold: bool,
    /// The text.
    pub text: String,
}

/// What one page shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct PageDraw {
    /// Bordered rectangles: left, top, width, height.
    pub boxes: Vec<[f64; 4]>,
    /// Text lines, in reading order.
    pub lines: Vec<TextLine>,
    /// Lines of a cell taller than a page that fall below the page's end:
    /// not drawn (the other formats print them whole).
    pub cut: usize,
}

/// A cell's text broken into the lines it prints.
fn cell_lines(grid: &Grid, cell: &Cell, glyphs: &Glyphs) -> Vec<String> {
    let style = grid.style(&cell.class);
    let [_, right, _, left] = grid.page.cell_margins_mm;
    let inner = (grid.cell_width_mm(cell) - left - right).max(1.0) * PT_PER_MM;
    let size = style.size_pt;
    let width = |c: char| glyphs.width(c, size);
    cell.content
        .text()
        .split('\n')
        .flat_map(|line| {
            if style.wrap {
                fit::wrap(line, inner, width)
            } else {
                vec![line.to_string()]
            }
        })
        .collect()
}

/// Lines of text in `style` placed in a box from `top`, `height` high, between
/// `left` and `left + width`, aligned vertically by `valign`.
fn place(
    lines: &[String],
    glyphs: &Glyphs,
    (left, top, width, height): (f64, f64, f64, f64),
    (style, valign): (&Style, VAlign),
    out: &mut Vec<TextLine>,
) {
    let size = style.size_pt;
    let line_h = size * LINE;
    let block = line_h * lines.len() as f64;
    let mut y = match valign {
        VAlign::Top => top,
        VAlign::Center => top + (height - block) / 2.0,
        VAlign::Bottom => top + height - block,
    };
    for text in lines {
        if !text.is_empty() {
            let w: f64 = text.chars().map(|c| glyphs.width(c, size)).sum();
            let x = match style.align {
                HAlign::Left => left,
                HAlign::Center => left + (width - w) / 2.0,
                HAlign::Right => left + width - w,
            };
            out.push(TextLine {
                x,
                baseline: y + line_h / 2.0 + BASELINE_BELOW_MIDDLE * size,
                size,
                bold: style.bold,
                text: text.clone(),
            });
        }
        y += line_h;
    }
}

/// The pages of `grid`, each as tall as `page_height` (points at the table's size).
pub(super) fn pages(grid: &Grid, glyphs: &Glyphs, page_height: f64) -> Vec<PageDraw> {
    let table_w = grid.width_mm() * PT_PER_MM;
    let [m_top, m_right, m_bottom, m_left] = grid.page.cell_margins_mm.map(|m| m * PT_PER_MM);
    let mut first = PageDraw::default();
    // Headings, across the table's width.
    let mut above = 0.0;
    for h in &grid.headings {
        let style = grid.style(&h.class);
        let size = style.size_pt;
        let lines: Vec<String> = h
            .text
            .split('\n')
            .flat_map(|l| fit::wrap(l, table_w, |c| glyphs.width(c, size)))
            .collect();
        let height = size * LINE * lines.len() as f64;
        let b = (0.0, above, table_w, height);
        place(&lines, glyphs, b, (style, VAlign::Top), &mut first.lines);
        above += height;
    }
    // The table.
    let lines: Vec<Vec<String>> = grid
        .cells
        .iter()
        .map(|c| cell_lines(grid, c, glyphs))
        .collect();
    let heights = paging::row_heights(grid, 0.0, |i, cell| {
        let n = lines.get(i).map_or(1, Vec::len).max(1);
        n as f64 * grid.style(&cell.class).size_pt * LINE + m_top + m_bottom
    });
    let starts = paging::page_starts(
        &heights,
        above,
        page_height,
        &paging::breakable(grid),
        &grid.repeat,
    );
    let mut x = vec![0.0];
    for w in &grid.columns {
        x.push(x.last().copied().unwrap_or(0.0) + w * PT_PER_MM);
    }
    let col_x = |c: usize| x.get(c).copied().unwrap_or(table_w);
    let mut bounds = vec![0];
    bounds.extend(&starts);
    bounds.push(grid.row_count());
    let mut pages = Vec::with_capacity(bounds.len() - 1);
    let mut draw = first;
    for (p, seg) in bounds.windows(2).enumerate() {
        let (start, end) = (seg[0], seg[1]);
        // The rows this page shows and where each starts.
        let mut rows: Vec<(usize, f64)> = Vec::new();
        let mut y = if p == 0 { above } else { 0.0 };
        let repeat = grid.repeat.iter().filter(|&&r| p > 0 && r < start);
        for r in repeat.copied().chain(start..end) {
            rows.push((r, y));
            y += heights.get(r).copied().unwrap_or(0.0);
        }
        for (i, cell) in grid.cells.iter().enumerate() {
            let span = cell.row..cell.row + cell.rowspan.max(1);
            let here: Vec<&(usize, f64)> = rows.iter().filter(|(r, _)| span.contains(r)).collect();
            let (Some(&&(top_row, top)), Some(&&(last_row, last))) = (here.first(), here.last())
            else {
                continue;
            };
            let bottom = last + heights.get(last_row).copied().unwrap_or(0.0);
            let (left, right) = (col_x(cell.col), col_x(cell.col + cell.colspan.max(1)));
            let style = grid.style(&cell.class);
            if style.border {
                draw.boxes.push([left, top, right - left, bottom - top]);
            }
            if top_row == cell.row {
                let b = (
                    left + m_left,
                    top + m_top,
                    right - left - m_left - m_right,
                    bottom - top - m_top - m_bottom,
                );
                let text = lines.get(i).map(Vec::as_slice).unwrap_or(&[]);
                place(text, glyphs, b, (style, style.valign), &mut draw.lines);
            }
        }
        // A row taller than a page cannot move to the next one: what falls
        // below the page's end is not drawn, and counted.
        let before = draw.lines.len();
        draw.lines
            .retain(|l| l.baseline <= page_height + l.size * BASELINE_BELOW_MIDDLE);
        draw.cut = before - draw.lines.len();
        pages.push(std::mem::take(&mut draw));
    }
    pages
}
