//! docx renderer: one Word table per [`Grid`], each starting on a new page.
//!
//! The document is built with `docx-rs`: the body of each grid, the other parts once
//! per run (the `frame` submodule). Its zip package is then written by the `package`
//! submodule so that the bytes depend only on the grids: entries have a pinned
//! timestamp and the core properties carry the grid's creation date and title.

mod combine;
mod frame;
mod package;

use docx_rs::{
    AlignmentType, Bold, BoldCs, BuildXML, Document, Justification, LineSpacing, LineSpacingType,
    PageMargin, PageOrientationType, PageSize, Paragraph, ParagraphChild, ParagraphProperty, Run,
    RunChild, RunFonts, RunProperty, Sz, SzCs, Table, TableAlignmentType, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellBorders, TableCellContent, TableCellMargins, TableLayoutType, TableRow, Text,
    VAlignType, VMergeType, WidthType,
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
///
/// docx-rs builds the body (`word/document.xml`); the other parts depend only on
/// the document defaults and the creation date, so they come from [`frame::parts`].
pub fn build_docx(grid: &Grid) -> Result<DocxDocument, RenderError> {
    let defaults = default_style(grid);
    let mut b = Builder {
        grid,
        defaults,
        ids: ParaIds::default(),
        table_borders: all_bordered(grid),
    };
    let mut document = page_setup(Document::new(), grid);
    for heading in &grid.headings {
        let style = grid.style(&heading.class);
        document = document.add_paragraph(b.text_paragraph(style, &heading.text));
    }
    document = document.add_table(b.table()?);
    let mut parts = frame::parts(defaults, &grid.meta.created)?.as_ref().clone();
    let body = parts
        .iter_mut()
        .find(|(name, _)| *name == package::DOCUMENT)
        .ok_or_else(|| write_error("docx-rs built no document part".to_string()))?;
    body.1 = document.build();
    Ok(DocxDocument {
        parts,
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
fn page_setup(document: Document, grid: &Grid) -> Document {
    let [top, right, bottom, left] = grid.page.margins_mm.map(twips);
    let (w, h, orient) = if grid.page.landscape {
        (A4_LONG, A4_SHORT, PageOrientationType::Landscape)
    } else {
        (A4_SHORT, A4_LONG, PageOrientationType::Portrait)
    };
    document
        .page_size(PageSize::new().size(w, h))
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
fn default_style(grid: &Grid) -> &Style {
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

/// Builds the paragraphs and the table of one grid. Runs state only what differs
/// from the document defaults (fonts, size, bold): the defaults carry the explicit
/// East Asian font, so every run still resolves to it, and the table is built
/// from fewer elements.
struct Builder<'a> {
    grid: &'a Grid,
    /// The style of the document defaults.
    defaults: &'a Style,
    ids: ParaIds,
    /// Whether the table carries the borders (then cells do not repeat them).
    table_borders: bool,
}

impl Builder<'_> {
    /// A paragraph with the style's alignment and, when they differ from the
    /// defaults, the style's font, size and weight on its mark; spacing comes from
    /// the document defaults.
    ///
    /// docx-rs's elements are large (a paragraph is over 2 KB) and its builder
    /// methods move them on every call, so the fields are set in place.
    fn paragraph(&mut self, style: &Style, mark: bool) -> Paragraph {
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
            id: self.ids.next(),
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
    fn empty_paragraph(&mut self, style: &Style) -> Paragraph {
        self.paragraph(style, true)
    }

    /// One paragraph holding `text` in a single run.
    fn text_paragraph(&mut self, style: &Style, text: &str) -> Paragraph {
        if text.is_empty() {
            return self.empty_paragraph(style);
        }
        let text: String = text
            .chars()
            .filter(|&c| c != '\n' && is_xml_char(c))
            .collect();
        let mut run = Run::new();
        self.set_run_look(&mut run.run_property, style);
        run.children.push(RunChild::Text(Text::new(text)));
        let mut p = self.paragraph(style, false);
        p.children.push(ParagraphChild::Run(Box::new(run)));
        p
    }

    /// Builds the fixed-layout table of the grid, resolving spans to gridSpan/vMerge.
    fn table(&mut self) -> Result<Table, RenderError> {
        let grid = self.grid;
        let widths = column_twips(grid);
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
                    Slot::Anchor(_) => cells.push(self.anchor_cell(cell, width)),
                    // The first column of a cell that started in an earlier row.
                    Slot::Covered(_) if cell.col == c && cell.row < r => {
                        cells.push(self.continue_cell(cell, width));
                    }
                    // Covered by a colspan to the left: the spanning cell already stands for it.
                    Slot::Covered(_) => {}
                }
            }
            rows.push(TableRow::new(cells).cant_split());
        }
        let table = if self.table_borders {
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

    /// The cell at its anchor slot: its text, one paragraph per line.
    fn anchor_cell(&mut self, cell: &Cell, width: usize) -> TableCell {
        let style = self.grid.style(&cell.class);
        let mut tc = cell_frame(style, cell, width, self.table_borders);
        if cell.rowspan > 1 {
            tc = tc.vertical_merge(VMergeType::Restart);
        }
        for line in cell.content.text().split('\n') {
            let p = self.text_paragraph(style, line);
            tc.children.push(TableCellContent::Paragraph(Box::new(p)));
        }
        tc
    }

    /// The continuation of a vertically merged cell in a later row.
    fn continue_cell(&mut self, cell: &Cell, width: usize) -> TableCell {
        let style = self.grid.style(&cell.class);
        let mut tc =
            cell_frame(style, cell, width, self.table_borders).vertical_merge(VMergeType::Continue);
        let p = self.empty_paragraph(style);
        tc.children.push(TableCellContent::Paragraph(Box::new(p)));
        tc
    }
}

/// Column widths in twips, rounded one by one so that spans add up exactly.
fn column_twips(grid: &Grid) -> Vec<usize> {
    grid.columns
        .iter()
        .map(|&mm| twips(mm).unsigned_abs() as usize)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Form, DEFAULT_FORM};
    use crate::pipeline::check_file;

    /// The body built alone, in the cached frame, gives exactly the parts docx-rs
    /// builds for the whole document.
    #[test]
    fn parts_match_a_whole_docx_rs_build() {
        let form = Form::load(DEFAULT_FORM).unwrap();
        let mut files: Vec<_> = std::fs::read_dir("inputs/2024")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert_eq!(files.len(), 3);
        for file in files {
            let scored = check_file(&file).scored.unwrap();
            let grid = form.lay_out(&scored, 2024).unwrap();

            let defaults = default_style(&grid);
            let mut b = Builder {
                grid: &grid,
                defaults,
                ids: ParaIds::default(),
                table_borders: all_bordered(&grid),
            };
            let mut whole = frame::empty_docx(defaults, &grid.meta.created);
            whole.document = page_setup(whole.document, &grid);
            for heading in &grid.headings {
                whole = whole
                    .add_paragraph(b.text_paragraph(grid.style(&heading.class), &heading.text));
            }
            whole = whole.add_table(b.table().unwrap());
            let expected = package::parts(whole.build()).unwrap();

            let built = build_docx(&grid).unwrap();
            assert_eq!(built.parts.len(), expected.len());
            for ((name, bytes), (want_name, want)) in built.parts.iter().zip(&expected) {
                assert_eq!(name, want_name);
                assert!(bytes == want, "{} differs for {}", name, file.display());
            }
        }
    }
}
