//! docx renderer: one Word table per [`Grid`], each starting on a new page.
//!
//! The document is built with `docx-rs`, then its zip package is rewritten
//! (see the `package` submodule) so that the bytes depend only on the grids: every entry
//! is deflated with a pinned timestamp and the core properties carry the
//! grid's creation date and title.

mod combine;
mod package;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, PageOrientationType, Paragraph,
    Run, RunFonts, Table, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::RenderError;
use crate::layout::{Cell, Grid, HAlign, Slot, Style, VAlign};

/// Twips (twentieths of a point) per millimetre.
const TWIPS_PER_MM: f64 = 56.6929;
/// A4 short side in twips (210 mm).
const A4_SHORT: u32 = 11906;
/// A4 long side in twips (297 mm).
const A4_LONG: u32 = 16838;
/// Border width in eighths of a point: 4 = 0.5 pt.
const BORDER_SIZE: usize = 4;

/// Renders the grids as one Word document, one table per grid, each starting on a new page.
///
/// Page size, orientation, margins and document properties come from the first
/// grid. The output is byte-identical for identical input.
pub fn render_docx(grids: &[&Grid]) -> Result<Vec<u8>, RenderError> {
    let first = grids
        .first()
        .ok_or_else(|| write_error("no grid to render".to_string()))?;
    let docs = grids
        .iter()
        .map(|g| build_docx(g))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&DocxDocument> = docs.iter().collect();
    combine_docx(&refs, &first.meta.title)
}

/// One grid built as a Word document, kept as package parts so that several
/// documents can be combined without building their tables again.
#[derive(Debug, Clone)]
pub struct DocxDocument {
    parts: package::Parts,
    title: String,
}

impl DocxDocument {
    /// The document as `.docx` bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, RenderError> {
        package::zip(&self.parts, &self.title).map_err(write_error)
    }
}

/// Builds the Word document of one grid: headings, then the table.
pub fn build_docx(grid: &Grid) -> Result<DocxDocument, RenderError> {
    let mut ids = ParaIds::default();
    let body_style = default_style(grid);
    let mut docx = page_setup(Docx::new(), grid)
        .default_fonts(fonts(&body_style))
        .default_size(half_points(body_style.size_pt))
        .default_line_spacing(compact_spacing());
    if !grid.meta.created.is_empty() {
        // Otherwise docx-rs writes its fixed 1970-01-01 default, which is still stable.
        docx = docx
            .created_at(&grid.meta.created)
            .updated_at(&grid.meta.created);
    }
    for heading in &grid.headings {
        let style = grid.style(&heading.class);
        docx = docx.add_paragraph(text_paragraph(&mut ids, &style, &heading.text));
    }
    docx = docx.add_table(table(grid, &mut ids)?);
    Ok(DocxDocument {
        parts: package::parts(docx.build()).map_err(write_error)?,
        title: grid.meta.title.clone(),
    })
}

/// Combines built documents into one, each starting on a new page; page setup,
/// styles and properties come from the first, the title is `title`.
pub fn combine_docx(docs: &[&DocxDocument], title: &str) -> Result<Vec<u8>, RenderError> {
    let first = docs
        .first()
        .ok_or_else(|| write_error("no document to combine".to_string()))?;
    if docs.len() == 1 && first.title == title {
        return first.to_bytes();
    }
    let parts = combine::combine(&docs.iter().map(|d| &d.parts).collect::<Vec<_>>())
        .map_err(write_error)?;
    package::zip(&parts, title).map_err(write_error)
}

/// Wraps a message as the docx flavour of [`RenderError::Write`].
fn write_error(message: String) -> RenderError {
    RenderError::Write {
        format: "docx",
        message,
    }
}

/// Whether XML 1.0 allows the character; others (most control characters) are dropped.
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Millimetres to twips, rounded; negative or non-finite values become 0.
fn twips(mm: f64) -> i32 {
    let t = (mm * TWIPS_PER_MM).round();
    if t.is_finite() && t > 0.0 {
        t.min(f64::from(i32::MAX)) as i32
    } else {
        0
    }
}

/// Font size in points to half-points (10.5 pt → 21).
fn half_points(pt: f64) -> usize {
    let h = (pt * 2.0).round();
    if h.is_finite() && h >= 1.0 {
        h.min(3276.0) as usize
    } else {
        21
    }
}

/// Left and right padding inside every table cell, in twips (1 mm): narrower than
/// Word's 1.9 mm default so that `100.00` fits the form's narrow score columns.
const CELL_PADDING: usize = 57;

/// Sets A4 paper, orientation and margins from the grid's page.
fn page_setup(docx: Docx, grid: &Grid) -> Docx {
    let [top, right, bottom, left] = grid.page.margins_mm.map(twips);
    let (w, h, orient) = if grid.page.landscape {
        (A4_LONG, A4_SHORT, PageOrientationType::Landscape)
    } else {
        (A4_SHORT, A4_LONG, PageOrientationType::Portrait)
    };
    docx.page_size(w, h)
        .page_orient(orient)
        .page_margin(PageMargin {
            top,
            left,
            bottom,
            right,
            header: 851,
            footer: 992,
            gutter: 0,
        })
}

/// The style used for document defaults: the first cell's, else the first heading's.
fn default_style(grid: &Grid) -> Style {
    let class = grid
        .cells
        .first()
        .map(|c| c.class.as_str())
        .or_else(|| grid.headings.first().map(|h| h.class.as_str()))
        .unwrap_or("");
    grid.style(class)
}

/// Explicit East Asian and Latin fonts of a style.
fn fonts(style: &Style) -> RunFonts {
    RunFonts::new()
        .east_asia(&style.font)
        .ascii(&style.latin_font)
        .hi_ansi(&style.latin_font)
        .hint("eastAsia")
}

/// Zero space before and after, single line spacing.
fn compact_spacing() -> LineSpacing {
    LineSpacing::new()
        .before(0)
        .after(0)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

/// Deterministic paragraph ids (`w14:paraId`), counting from 1 in each document.
///
/// docx-rs draws ids from a thread-local counter that is not reset between
/// documents, so a second render in the same thread would differ.
#[derive(Default)]
struct ParaIds(u32);

impl ParaIds {
    /// The next id, as eight hex digits.
    fn next(&mut self) -> String {
        self.0 = self.0 % 0x7fff_fffe + 1;
        format!("{:08X}", self.0)
    }
}

/// A paragraph with the style's alignment; spacing comes from the document defaults.
fn aligned_paragraph(ids: &mut ParaIds, style: &Style) -> Paragraph {
    Paragraph::new().id(ids.next()).align(match style.align {
        HAlign::Left => AlignmentType::Left,
        HAlign::Center => AlignmentType::Center,
        HAlign::Right => AlignmentType::Right,
    })
}

/// An empty paragraph whose mark carries the style's font and size, so that an
/// empty cell or line is as tall as a written one.
fn empty_paragraph(ids: &mut ParaIds, style: &Style) -> Paragraph {
    let mut p = aligned_paragraph(ids, style)
        .fonts(fonts(style))
        .size(half_points(style.size_pt));
    if style.bold {
        p = p.bold();
    }
    p
}

/// One paragraph holding `text` in a single run with explicit fonts and size.
fn text_paragraph(ids: &mut ParaIds, style: &Style, text: &str) -> Paragraph {
    if text.is_empty() {
        return empty_paragraph(ids, style);
    }
    let text: String = text.chars().filter(|&c| is_xml_char(c)).collect();
    let mut run = Run::new()
        .add_text(text)
        .fonts(fonts(style))
        .size(half_points(style.size_pt));
    if style.bold {
        run = run.bold();
    }
    aligned_paragraph(ids, style).add_run(run)
}

/// Column widths in twips, rounded one by one so that spans add up exactly.
fn column_twips(grid: &Grid) -> Vec<usize> {
    grid.columns
        .iter()
        .map(|&mm| twips(mm).unsigned_abs() as usize)
        .collect()
}

/// Builds the fixed-layout table of a grid, resolving spans to gridSpan/vMerge.
fn table(grid: &Grid, ids: &mut ParaIds) -> Result<Table, RenderError> {
    let widths = column_twips(grid);
    let bordered = all_bordered(grid);
    let mut rows = Vec::with_capacity(grid.row_count());
    for (r, slots) in grid.slots.iter().enumerate() {
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
            let width: usize = widths
                .get(cell.col..cell.col.saturating_add(cell.colspan))
                .ok_or_else(|| write_error(format!("cell {i} spans past the last column")))?
                .iter()
                .sum();
            match *slot {
                Slot::Anchor(_) => cells.push(anchor_cell(grid, cell, width, bordered, ids)),
                // The first column of a cell that started in an earlier row.
                Slot::Covered(_) if cell.col == c && cell.row < r => {
                    cells.push(continue_cell(grid, cell, width, bordered, ids));
                }
                // Covered by a colspan to the left: the spanning cell already stands for it.
                Slot::Covered(_) => {}
            }
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    let table = if all_bordered(grid) {
        Table::without_borders(rows).set_borders(table_borders())
    } else {
        Table::without_borders(rows)
    };
    Ok(table
        .set_grid(widths.clone())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, CELL_PADDING, 0, CELL_PADDING))
        .align(TableAlignmentType::Center))
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

/// The cell at its anchor slot: its text, one paragraph per line.
fn anchor_cell(
    grid: &Grid,
    cell: &Cell,
    width: usize,
    table_borders: bool,
    ids: &mut ParaIds,
) -> TableCell {
    let style = grid.style(&cell.class);
    let mut tc = cell_frame(&style, cell, width, table_borders);
    if cell.rowspan > 1 {
        tc = tc.vertical_merge(VMergeType::Restart);
    }
    for line in cell.content.text().split('\n') {
        tc = tc.add_paragraph(text_paragraph(ids, &style, line));
    }
    tc
}

/// The continuation of a vertically merged cell in a later row.
fn continue_cell(
    grid: &Grid,
    cell: &Cell,
    width: usize,
    table_borders: bool,
    ids: &mut ParaIds,
) -> TableCell {
    let style = grid.style(&cell.class);
    cell_frame(&style, cell, width, table_borders)
        .vertical_merge(VMergeType::Continue)
        .add_paragraph(empty_paragraph(ids, &style))
}
