//! The docx-rs elements of one grid: heading paragraphs, the table and its cells.
//!
//! Runs state only what differs from the document defaults (fonts, size, bold):
//! the defaults carry the explicit East Asian font, so every run still resolves to
//! it, and the table is built from fewer elements. Every paragraph gets the same
//! placeholder id; the ids are numbered in document order once the body is written
//! (see [`super::para_ids`]).

use docx_rs::{
    AlignmentType, Bold, BoldCs, Justification, Paragraph, ParagraphChild, ParagraphProperty, Run,
    RunChild, RunProperty, Sz, SzCs, Table, TableAlignmentType, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders,
    TableCellContent, TableCellMargins, TableLayoutType, TableRow, Text, VAlignType, VMergeType,
    WidthType,
};

use super::{default_style, fonts, half_points, is_xml_char, twips, write_error};
use crate::layout::{Cell, Grid, HAlign, Slot, Style, VAlign};
use crate::render::RenderError;

/// Border width in eighths of a point: 4 = 0.5 pt.
const BORDER_SIZE: usize = 4;

/// The paragraph id every paragraph is built with, numbered later.
pub(super) const PLACEHOLDER_ID: &str = "00000000";

/// What a `<w:tc>` stands for in its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Role {
    /// The cell's top-left slot: its text (and the start of a vertical merge).
    Anchor,
    /// The first column of a cell that started in an earlier row.
    Continue,
}

/// One `<w:tc>` of a table row.
#[derive(Debug, Clone, Copy)]
pub(super) struct RowCell<'g> {
    /// The grid cell.
    pub cell: &'g Cell,
    /// Width in twips (the sum of the columns it spans).
    pub width: usize,
    /// Anchor or continuation.
    pub role: Role,
    /// Kept on the page of the next row (inside a group, or the header row):
    /// its paragraphs keep with the next, which Word and LibreOffice honour.
    pub keep: bool,
}

/// The `<w:tc>` elements of every table row, with spans resolved to
/// gridSpan/vMerge: a colspan is one element, a rowspan one per row.
pub(super) fn rows<'g>(
    grid: &'g Grid,
    widths: &[usize],
) -> Result<Vec<Vec<RowCell<'g>>>, RenderError> {
    let mut rows = Vec::with_capacity(grid.row_count());
    let breakable = crate::render::paging::breakable(grid);
    for (r, slots) in grid.slots.iter().enumerate() {
        let keep = breakable.get(r + 1) == Some(&false);
        if slots.len() != grid.col_count() {
            return Err(write_error(format!(
                "row {r} has {} slots but the grid has {} columns",
                slots.len(),
                grid.col_count()
            )));
        }
        let mut cells = Vec::new();
        for (c, slot) in slots.iter().enumerate() {
            let (Slot::Anchor(i) | Slot::Covered(i)) = *slot;
            let cell = grid.cells.get(i).ok_or_else(|| {
                write_error(format!("slot ({r}, {c}) refers to missing cell {i}"))
            })?;
            let role = match *slot {
                Slot::Anchor(_) => Role::Anchor,
                Slot::Covered(_) if cell.col == c && cell.row < r => Role::Continue,
                // Covered by a colspan to the left: the spanning cell already stands for it.
                Slot::Covered(_) => continue,
            };
            let width: usize = widths
                .get(cell.col..cell.col.saturating_add(cell.colspan))
                .ok_or_else(|| write_error(format!("cell {i} spans past the last column")))?
                .iter()
                .sum();
            cells.push(RowCell {
                cell,
                width,
                role,
                keep,
            });
        }
        rows.push(cells);
    }
    Ok(rows)
}

/// Column widths in twips, rounded one by one so that spans add up exactly.
pub(super) fn column_twips(grid: &Grid) -> Vec<usize> {
    grid.columns
        .iter()
        .map(|&mm| twips(mm).unsigned_abs() as usize)
        .collect()
}

/// Builds the docx-rs elements of one grid.
pub(super) struct Builder<'a> {
    grid: &'a Grid,
    /// The style of the document defaults.
    defaults: &'a Style,
    /// Whether the table carries the borders (then cells do not repeat them).
    table_borders: bool,
}

impl<'a> Builder<'a> {
    /// A builder for `grid`, whose document defaults come from [`default_style`].
    pub(super) fn new(grid: &'a Grid) -> Self {
        Builder {
            grid,
            defaults: default_style(grid),
            table_borders: all_bordered(grid),
        }
    }

    /// The style of a class of the grid.
    pub(super) fn style(&self, class: &str) -> &'a Style {
        self.grid.style(class)
    }

    /// The style of the document defaults.
    pub(super) fn defaults(&self) -> &'a Style {
        self.defaults
    }

    /// Whether the table carries the borders.
    pub(super) fn table_borders(&self) -> bool {
        self.table_borders
    }

    /// A paragraph with the style's alignment and, when they differ from the
    /// defaults, the style's font, size and weight on its mark; spacing comes from
    /// the document defaults.
    ///
    /// docx-rs's elements are large (a paragraph is over 2 KB) and its builder
    /// methods move them on every call, so the fields are set in place.
    fn paragraph(&self, style: &Style, mark: bool) -> Paragraph {
        let mut property = ParagraphProperty::new();
        property.alignment = Some(Justification::new(
            match style.align {
                HAlign::Left => AlignmentType::Left,
                HAlign::Center => AlignmentType::Center,
                HAlign::Right => AlignmentType::Right,
            }
            .to_string(),
        ));
        if mark {
            self.set_run_look(&mut property.run_property, style);
        }
        Paragraph {
            id: PLACEHOLDER_ID.to_string(),
            children: Vec::new(),
            property,
            has_numbering: false,
        }
    }

    /// Sets on `rp` what the style states beyond the document defaults.
    fn set_run_look(&self, rp: &mut RunProperty, style: &Style) {
        if style.font != self.defaults.font || style.latin_font != self.defaults.latin_font {
            rp.fonts = Some(fonts(style));
        }
        let size = half_points(style.size_pt);
        if size != half_points(self.defaults.size_pt) {
            rp.sz = Some(Sz::new(size));
            rp.sz_cs = Some(SzCs::new(size));
        }
        if style.bold {
            rp.bold = Some(Bold::new());
            rp.bold_cs = Some(BoldCs::new());
        }
    }

    /// An empty paragraph whose mark carries the style's look, so that an empty
    /// cell or line is as tall as a written one.
    fn empty_paragraph(&self, style: &Style) -> Paragraph {
        self.paragraph(style, true)
    }

    /// One paragraph holding `text` in a single run, as written: Word wraps it
    /// by its column's width (no line break of jixiao's own).
    pub(super) fn text_paragraph(&self, style: &Style, text: &str) -> Paragraph {
        if text.is_empty() {
            return self.empty_paragraph(style);
        }
        let mut run = Run::new();
        self.set_run_look(&mut run.run_property, style);
        let text: String = text
            .chars()
            .filter(|&c| c != '\n' && is_xml_char(c))
            .collect();
        run.children.push(RunChild::Text(Text::new(text)));
        let mut p = self.paragraph(style, false);
        p.children.push(ParagraphChild::Run(Box::new(run)));
        p
    }

    /// The fixed-layout table of the grid holding `rows`.
    pub(super) fn table(&self, rows: Vec<TableRow>, widths: Vec<usize>) -> Table {
        let table = if self.table_borders {
            Table::without_borders(rows).set_borders(table_borders())
        } else {
            Table::without_borders(rows)
        };
        let width = widths.iter().sum();
        table
            .set_grid(widths)
            .width(width, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(self.cell_margins())
            .align(TableAlignmentType::Center)
    }

    /// The space between every cell's border and its text, from the form.
    fn cell_margins(&self) -> TableCellMargins {
        let [top, right, bottom, left] = self.margin_twips();
        TableCellMargins::new().margin(top, right, bottom, left)
    }

    /// The form's cell margins in twips: top, right, bottom, left.
    fn margin_twips(&self) -> [usize; 4] {
        self.grid
            .page
            .cell_margins_mm
            .map(|mm| twips(mm).unsigned_abs() as usize)
    }

    /// A table row holding `cells`; rows never break across pages.
    pub(super) fn row(cells: Vec<TableCell>) -> TableRow {
        TableRow::new(cells).cant_split()
    }

    /// One `<w:tc>`: at its anchor the cell's text, one paragraph per line; in a
    /// later row of a vertical merge an empty continuation.
    pub(super) fn table_cell(&self, c: &RowCell) -> TableCell {
        let style = self.grid.style(&c.cell.class);
        let mut tc = cell_frame(style, c.cell, c.width, self.table_borders);
        match c.role {
            Role::Anchor => {
                if c.cell.rowspan > 1 {
                    tc = tc.vertical_merge(VMergeType::Restart);
                }
                for line in c.cell.content.text().split('\n') {
                    let p = keep(self.text_paragraph(style, line), c.keep);
                    tc.children.push(TableCellContent::Paragraph(Box::new(p)));
                }
            }
            Role::Continue => {
                tc = tc.vertical_merge(VMergeType::Continue);
                let p = keep(self.empty_paragraph(style), c.keep);
                tc.children.push(TableCellContent::Paragraph(Box::new(p)));
            }
        }
        tc
    }
}

/// The paragraph, kept with the next when `keep`.
fn keep(p: Paragraph, keep: bool) -> Paragraph {
    if keep {
        p.keep_next(true)
    } else {
        p
    }
}

/// Whether every cell of the grid has a border: then the table carries the borders
/// once (outer and inside lines) instead of every cell repeating them.
fn all_bordered(grid: &Grid) -> bool {
    grid.cells
        .iter()
        .all(|c| grid.styles.get(&c.class).is_none_or(|s| s.border))
}

/// Thin black single lines on the outside and between all cells.
fn table_borders() -> TableBorders {
    [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::with_empty(), |b, pos| {
        b.set(TableBorder::new(pos).size(BORDER_SIZE).color("000000"))
    })
}

/// A table cell with the width, span, borders and vertical alignment of `cell`.
/// Borders are set on the cell only when the table does not carry them.
fn cell_frame(style: &Style, cell: &Cell, width: usize, table_borders: bool) -> TableCell {
    let mut tc = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(match style.valign {
            VAlign::Top => VAlignType::Top,
            VAlign::Center => VAlignType::Center,
            VAlign::Bottom => VAlignType::Bottom,
        });
    if cell.colspan > 1 {
        tc = tc.grid_span(cell.colspan);
    }
    if style.border && !table_borders {
        let borders = [
            TableCellBorderPosition::Top,
            TableCellBorderPosition::Left,
            TableCellBorderPosition::Bottom,
            TableCellBorderPosition::Right,
        ]
        .into_iter()
        .fold(TableCellBorders::with_empty(), |b, pos| {
            b.set(TableCellBorder::new(pos).size(BORDER_SIZE).color("000000"))
        });
        tc = tc.set_borders(borders);
    }
    tc
}
