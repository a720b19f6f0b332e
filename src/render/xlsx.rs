//! xlsx renderer: one worksheet per [`Grid`].
//!
//! Sheet layout: every heading takes one row at the top, merged across all
//! table columns; the table starts on the row right after the last heading
//! (no blank row in between). Table row `r` is therefore worksheet row
//! `grid.headings.len() + r`, and table column `c` is worksheet column `c`.
//!
//! Numbers ([`Content::Number`]) are stored as numbers with a fixed-decimals
//! number format so they show exactly as printed; all text is stored as
//! strings (never formulas, even when it starts with `=`). Row heights are
//! estimated from the text so that wrapped Chinese text stays visible.
//!
//! Output is byte-for-byte deterministic: the creation time comes from
//! [`Meta::created`] and rust_xlsxwriter pins the zip entry times.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Note,
    Workbook, Worksheet, XlsxError,
};

use super::paging;
use super::RenderError;
use crate::diag::human::char_width;
use crate::layout::{Cell, Content, Fill, Grid, HAlign, Meta, Slot, Style, VAlign};

/// Millimetres per point.
const MM_PER_PT: f64 = 25.4 / 72.0;
/// Horizontal padding inside a cell, in millimetres, not available for text.
const CELL_PADDING_MM: f64 = 1.5;
/// Line height as a multiple of the font size.
const LINE_FACTOR: f64 = 1.35;
/// Extra height per row in points (cell padding above and below).
const ROW_EXTRA_PT: f64 = 4.0;
/// Minimum height of a table row in points.
const MIN_ROW_PT: f64 = 20.0;
/// Maximum row height Excel accepts, in points.
const MAX_ROW_PT: f64 = 409.0;
/// Windows character set code of GB2312, declared for CJK font names.
const GB2312_CHARSET: u8 = 134;

/// Renders each (sheet name, grid) pair as one worksheet of a workbook.
///
/// The document properties (title, creation time) come from the first grid's
/// [`Meta`]. Fails with [`RenderError::Write`] when there are no sheets, when a
/// sheet name is rejected, or when a grid holds data the writer cannot store.
pub fn render_xlsx(sheets: &[(&str, &Grid)]) -> Result<Vec<u8>, RenderError> {
    let Some((_, first)) = sheets.first() else {
        return Err(write_error("no sheets to write"));
    };
    let mut workbook = Workbook::new();
    set_workbook_properties(&mut workbook, &first.meta)?;
    workbook.set_zip_compression_level(crate::render::ZIP_LEVEL);
    for (name, grid) in sheets {
        add_grid_sheet(&mut workbook, name, grid)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// Sets the workbook's document properties (title and creation time) from
/// `meta`, so that the output does not depend on the clock.
///
/// [`render_xlsx`] calls this itself; callers that assemble their own
/// workbook with [`add_grid_sheet`] must call it before saving.
pub fn set_workbook_properties(workbook: &mut Workbook, meta: &Meta) -> Result<(), RenderError> {
    let created = ExcelDateTime::parse_from_str(&meta.created).map_err(|e| {
        write_error(format!(
            "invalid creation time {:?} (expected 2025-01-01T00:00:00Z): {e}",
            meta.created
        ))
    })?;
    let properties = DocProperties::new()
        .set_title(meta.title.as_str())
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);
    Ok(())
}

/// Appends one worksheet named `name` showing `grid` to `workbook`.
///
/// Headings occupy the top rows (one row each, merged across the table
/// width); the table follows directly below, without a blank row. Page setup
/// is A4 in the grid's orientation and margins, fitted to one page wide.
pub fn add_grid_sheet(workbook: &mut Workbook, name: &str, grid: &Grid) -> Result<(), RenderError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name).map_err(xlsx_error)?;
    SheetWriter::new(grid).write(&mut sheet)?;
    workbook.push_worksheet(sheet);
    Ok(())
}

/// What turns a grid's sheet into one a unit fills: its cells marked
/// [`Fill`] unlocked and shaded, every other cell locked under sheet
/// protection (no password), number cells checked by `numbers`, and notes.
pub struct FillIn<'a> {
    /// The note of a cell, by the table row and column of its top-left slot.
    pub notes: &'a BTreeMap<(usize, usize), String>,
    /// The data validation of every cell marked [`Fill::Number`].
    pub numbers: &'a DataValidation,
}

/// The shade of the cells a unit fills: a light yellow.
const FILL_SHADE: u32 = 0xFFF2CC;

/// Appends one worksheet named `name` showing `grid` as a unit fills it (see
/// [`FillIn`]); otherwise as [`add_grid_sheet`] lays it out.
pub fn add_fill_sheet(
    workbook: &mut Workbook,
    name: &str,
    grid: &Grid,
    fill: &FillIn,
) -> Result<(), RenderError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name).map_err(xlsx_error)?;
    let mut writer = SheetWriter::new(grid);
    writer.fill = true;
    writer.write(&mut sheet)?;
    let top = grid.headings.len();
    for cell in grid.cells.iter().filter(|c| c.fill != Fill::No) {
        let (row, col) = (row_num(top + cell.row)?, col_num(cell.col)?);
        if let Some(text) = fill.notes.get(&(cell.row, cell.col)) {
            let note = Note::new(crate::format::xml_text(text))
                .add_author_prefix(false)
                .set_width(240);
            sheet.insert_note(row, col, &note).map_err(xlsx_error)?;
        }
        if cell.fill == Fill::Number {
            let last_row = row_num(top + cell.row + cell.rowspan.max(1) - 1)?;
            let last_col = col_num(cell.col + cell.colspan.max(1) - 1)?;
            sheet
                .add_data_validation(row, col, last_row, last_col, fill.numbers)
                .map_err(xlsx_error)?;
        }
    }
    sheet.protect();
    workbook.push_worksheet(sheet);
    Ok(())
}

/// Cache key of a cell format: style class, number decimals (`None` for
/// text), whether text wrapping is forced on, whether the text carries the
/// quote prefix and whether the cell is one a unit fills (unlocked, shaded).
type FormatKey<'g> = (&'g str, Option<NumberShape>, bool, bool, bool);

/// How a number cell shows its value: decimals, as a percentage, with thousands
/// separators.
type NumberShape = (u32, bool, bool);

/// Writes one grid into one worksheet.
struct SheetWriter<'g> {
    grid: &'g Grid,
    formats: BTreeMap<FormatKey<'g>, Format>,
    /// Whether the cells marked [`Fill`] are written as a unit fills them.
    fill: bool,
    /// Whether the cell being written is one of them.
    filling: bool,
}

impl<'g> SheetWriter<'g> {
    fn new(grid: &'g Grid) -> Self {
        SheetWriter {
            grid,
            formats: BTreeMap::new(),
            fill: false,
            filling: false,
        }
    }

    fn write(mut self, sheet: &mut Worksheet) -> Result<(), RenderError> {
        let grid = self.grid;
        let ncols = grid.col_count();
        check_slots(grid)?;

        for (col, &mm) in grid.columns.iter().enumerate() {
            sheet
                .set_column_width_pixels(col_num(col)?, mm_to_pixels(mm))
                .map_err(xlsx_error)?;
        }

        let last_col = col_num(ncols.saturating_sub(1))?;
        // Height of the headings above the table, for the page breaks.
        let mut above = 0.0;
        for (i, heading) in grid.headings.iter().enumerate() {
            let row = row_num(i)?;
            let style = grid.style(&heading.class);
            // Headings always wrap: a long title must not be clipped.
            let format = self.format(&heading.class, None, true, false);
            let text = crate::format::xml_text(&heading.text);
            let text = &*excel_text(&text);
            if last_col > 0 {
                sheet
                    .merge_range(row, 0, row, last_col, text, format)
                    .map_err(xlsx_error)?;
            } else {
                sheet
                    .write_string_with_format(row, 0, text, format)
                    .map_err(xlsx_error)?;
            }
            let lines = text_lines(&heading.text, grid.width_mm(), style.size_pt, true);
            let height = lines_height(lines, style.size_pt);
            above += height;
            sheet.set_row_height(row, height).map_err(xlsx_error)?;
        }

        let top = grid.headings.len();
        for cell in &grid.cells {
            self.write_cell(sheet, top, cell)?;
        }

        let heights = self.row_heights();
        for (r, &height) in heights.iter().enumerate() {
            sheet
                .set_row_height(row_num(top + r)?, height)
                .map_err(xlsx_error)?;
        }

        let page = &grid.page;
        sheet.set_paper_size(9);
        if page.landscape {
            sheet.set_landscape();
        } else {
            sheet.set_portrait();
        }
        let [top_mm, right_mm, bottom_mm, left_mm] = page.margins_mm;
        sheet.set_margins(
            left_mm / 25.4,
            right_mm / 25.4,
            top_mm / 25.4,
            bottom_mm / 25.4,
            -1.0,
            -1.0,
        );
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_print_center_horizontally(true);
        sheet.set_screen_gridlines(false);
        let total_rows = top + grid.row_count();
        if ncols > 0 && total_rows > 0 {
            sheet
                .set_print_area(0, 0, row_num(total_rows - 1)?, last_col)
                .map_err(xlsx_error)?;
        }
        self.paginate(sheet, above, &heights)
    }

    /// Page breaks only between groups (never through a merged cell), and the
    /// form's header rows repeated at the top of every later page; `above` is
    /// the height of the headings, `heights` those of the table rows.
    fn paginate(
        &self,
        sheet: &mut Worksheet,
        above: f64,
        heights: &[f64],
    ) -> Result<(), RenderError> {
        let grid = self.grid;
        let top = grid.headings.len();
        if let (Some(&first), Some(&last)) = (grid.repeat.first(), grid.repeat.last()) {
            sheet
                .set_repeat_rows(row_num(top + first)?, row_num(top + last)?)
                .map_err(xlsx_error)?;
        }
        let page = paging::page_height_pt(&grid.page, grid.width_mm());
        let starts =
            paging::page_starts(heights, above, page, &paging::breakable(grid), &grid.repeat);
        if !starts.is_empty() {
            let rows: Vec<u32> = starts
                .iter()
                .map(|&r| row_num(top + r))
                .collect::<Result<_, _>>()?;
            sheet.set_page_breaks(&rows).map_err(xlsx_error)?;
        }
        Ok(())
    }

    /// Writes one table cell whose table rows start at worksheet row `top`.
    fn write_cell(
        &mut self,
        sheet: &mut Worksheet,
        top: usize,
        cell: &'g Cell,
    ) -> Result<(), RenderError> {
        let first_row = row_num(top + cell.row)?;
        let first_col = col_num(cell.col)?;
        let last_row = row_num(top + cell.row + cell.rowspan.max(1) - 1)?;
        let last_col = col_num(cell.col + cell.colspan.max(1) - 1)?;
        let merged = last_row > first_row || last_col > first_col;
        self.filling = self.fill && cell.fill != Fill::No;

        match &cell.content {
            // A blank cell to fill: no text, so that a number typed in stays a number.
            Content::Text(text) if self.filling && text.is_empty() => {
                let format = self.format(&cell.class, None, false, false);
                if merged {
                    sheet
                        .merge_range(first_row, first_col, last_row, last_col, "", format)
                        .map_err(xlsx_error)?;
                } else {
                    sheet
                        .write_blank(first_row, first_col, format)
                        .map_err(xlsx_error)?;
                }
            }
            Content::Text(text) => {
                // Characters XML refuses (U+FFFF…) would make the workbook unreadable.
                let text = crate::format::xml_text(text);
                let text = &*excel_text(&text);
                let format = self.format(
                    &cell.class,
                    None,
                    text.contains('\n'),
                    looks_like_formula(text),
                );
                if merged {
                    sheet
                        .merge_range(first_row, first_col, last_row, last_col, text, format)
                        .map_err(xlsx_error)?;
                } else {
                    sheet
                        .write_string_with_format(first_row, first_col, text, format)
                        .map_err(xlsx_error)?;
                }
            }
            Content::Number {
                text,
                places,
                percent,
                exact,
            } => {
                let grouped = text.contains(',');
                let plain = text.replace(',', "");
                let number = exact.as_deref().unwrap_or(&plain);
                let value = parse_number(number.strip_suffix('%').unwrap_or(number))
                    .map(|v| if *percent { v / 100.0 } else { v })
                    .ok_or_else(|| {
                        write_error(format!(
                            "cell at table row {}, column {} holds {text:?}, which is not a number",
                            cell.row + 1,
                            cell.col + 1
                        ))
                    })?;
                let format = self.format(
                    &cell.class,
                    Some((*places, *percent, grouped)),
                    false,
                    false,
                );
                if merged {
                    sheet
                        .merge_range(first_row, first_col, last_row, last_col, "", format)
                        .map_err(xlsx_error)?;
                }
                sheet
                    .write_number_with_format(first_row, first_col, value, format)
                    .map_err(xlsx_error)?;
            }
        }
        Ok(())
    }

    /// The cached format of a style class, for numbers with `places`
    /// decimals, as a percentage or not, or for text (`None`), with wrapping
    /// forced on when `wrap` and the quote prefix when `quote`.
    fn format(
        &mut self,
        class: &'g str,
        places: Option<NumberShape>,
        wrap: bool,
        quote: bool,
    ) -> &Format {
        let grid = self.grid;
        let filling = self.filling;
        self.formats
            .entry((class, places, wrap, quote, filling))
            .or_insert_with(|| {
                let mut format = make_format(grid.style(class), places, wrap);
                if quote {
                    format = format.set_quote_prefix();
                }
                if filling {
                    format = format.set_unlocked().set_background_color(FILL_SHADE);
                }
                format
            })
    }

    /// Height in points of every table row.
    fn row_heights(&self) -> Vec<f64> {
        paging::row_heights(self.grid, MIN_ROW_PT, |_, cell| self.cell_height(cell))
            .into_iter()
            .map(|h| h.min(MAX_ROW_PT))
            .collect()
    }

    /// Points of height a cell needs to show its text.
    fn cell_height(&self, cell: &Cell) -> f64 {
        let grid = self.grid;
        let style = grid.style(&cell.class);
        let end = (cell.col + cell.colspan.max(1)).min(grid.columns.len());
        let width_mm: f64 = grid.columns.get(cell.col..end).unwrap_or(&[]).iter().sum();
        let lines = match &cell.content {
            Content::Number { .. } => 1,
            Content::Text(text) => text_lines(text, width_mm, style.size_pt, style.wrap),
        };
        lines_height(lines, style.size_pt)
    }
}

/// Checks that every slot names an existing cell, so the grid is coherent
/// enough to render.
fn check_slots(grid: &Grid) -> Result<(), RenderError> {
    for cell in &grid.cells {
        if cell.col + cell.colspan.max(1) > grid.col_count() {
            return Err(write_error(format!(
                "cell at table row {}, column {} spans past the last column",
                cell.row + 1,
                cell.col + 1
            )));
        }
    }
    let dangling = grid.slots.iter().flatten().any(|slot| match slot {
        Slot::Anchor(i) | Slot::Covered(i) => *i >= grid.cells.len(),
    });
    if dangling {
        return Err(write_error("a table slot refers to a missing cell"));
    }
    Ok(())
}

/// Builds the worksheet format of a style.
/// Whether Excel or WPS would read `text`, typed again into its cell, as a
/// formula or a number (`=24.00(小时)`, `+5`, `-3`, `@x`): such text carries the
/// quote prefix, so that editing the cell keeps it text.
pub(crate) fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@']) && text.chars().count() > 1
}

fn make_format(style: &Style, places: Option<NumberShape>, force_wrap: bool) -> Format {
    let mut format = Format::new()
        .set_font_name(style.font.as_str())
        .set_font_size(style.size_pt)
        .set_align(match style.align {
            HAlign::Left => FormatAlign::Left,
            HAlign::Center => FormatAlign::Center,
            HAlign::Right => FormatAlign::Right,
        })
        .set_align(match style.valign {
            VAlign::Top => FormatAlign::Top,
            VAlign::Center => FormatAlign::VerticalCenter,
            VAlign::Bottom => FormatAlign::Bottom,
        });
    if !style.font.is_ascii() {
        format = format.set_font_charset(GB2312_CHARSET);
    }
    if style.bold {
        format = format.set_bold();
    }
    if style.border {
        format = format.set_border(FormatBorder::Thin);
    }
    if style.wrap || force_wrap {
        format = format.set_text_wrap();
    }
    if let Some((places, percent, grouped)) = places {
        let code = number_format(places, grouped);
        format = format.set_num_format(if percent { code + "%" } else { code });
    }
    format
}

/// Excel number format showing exactly `places` decimals: `0`, `0.0`, `0.00`…,
/// with thousands separators (`#,##0.00`) when `grouped`.
fn number_format(places: u32, grouped: bool) -> String {
    let whole = if grouped { "#,##0" } else { "0" };
    if places == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", "0".repeat(places as usize))
    }
}

/// The most text an Excel cell holds, in UTF-16 units.
const EXCEL_CELL_UNITS: usize = 32_767;

/// `text` as an Excel cell can hold it: whole, or cut before the cell's limit
/// with a note of how long it was (the other formats keep it whole).
pub(crate) fn excel_text(text: &str) -> std::borrow::Cow<'_, str> {
    excel_text_noted(text, crate::diag::text::cut_for_excel)
}

/// [`excel_text`] with the note `note` gives for the text's length in characters.
pub(crate) fn excel_text_noted(
    text: &str,
    note: impl Fn(usize) -> String,
) -> std::borrow::Cow<'_, str> {
    if text.encode_utf16().count() <= EXCEL_CELL_UNITS {
        return std::borrow::Cow::Borrowed(text);
    }
    let note = note(text.chars().count());
    let room = EXCEL_CELL_UNITS.saturating_sub(note.encode_utf16().count());
    let mut used = 0;
    let mut out: String = text
        .chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= room
        })
        .collect();
    out.push_str(&note);
    std::borrow::Cow::Owned(out)
}

/// Parses the printed form of a number; `None` when it is not a finite number.
fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Lines a text needs in a cell `width_mm` wide at `size_pt`: each paragraph
/// takes at least one line and, when wrapping, as many as its display width
/// requires (CJK and full-width characters count twice, and are not split).
fn text_lines(text: &str, width_mm: f64, size_pt: f64, wrap: bool) -> usize {
    // Width of one half-width (ASCII) character in millimetres.
    let half_mm = (size_pt * MM_PER_PT / 2.0).max(0.1);
    let per_line = ((width_mm - CELL_PADDING_MM) / half_mm).floor().max(2.0) as usize;
    text.split('\n')
        .map(|para| {
            if wrap {
                wrapped_lines(para, per_line)
            } else {
                1
            }
        })
        .sum::<usize>()
        .max(1)
}

/// Lines a paragraph fills when broken greedily at `per_line` half-width
/// units, a wide character never being split across lines.
fn wrapped_lines(para: &str, per_line: usize) -> usize {
    let mut lines = 1;
    let mut used = 0;
    for c in para.chars() {
        let w = char_width(c);
        if used + w > per_line && used > 0 {
            lines += 1;
            used = 0;
        }
        used += w;
    }
    lines
}

/// Row height in points for `lines` lines of text at `size_pt`.
fn lines_height(lines: usize, size_pt: f64) -> f64 {
    (lines.max(1) as f64 * size_pt * LINE_FACTOR + ROW_EXTRA_PT).clamp(MIN_ROW_PT, MAX_ROW_PT)
}

/// Column width in pixels (96 dpi) of a width in millimetres.
fn mm_to_pixels(mm: f64) -> u32 {
    (mm.max(0.0) * 96.0 / 25.4).round() as u32
}

/// Worksheet row number of a zero-based row index.
fn row_num(row: usize) -> Result<u32, RenderError> {
    u32::try_from(row).map_err(|_| write_error(format!("row {row} is out of range")))
}

/// Worksheet column number of a zero-based column index.
fn col_num(col: usize) -> Result<u16, RenderError> {
    u16::try_from(col).map_err(|_| write_error(format!("column {col} is out of range")))
}

fn xlsx_error(err: XlsxError) -> RenderError {
    write_error(err.to_string())
}

fn write_error(message: impl Into<String>) -> RenderError {
    RenderError::Write {
        format: "xlsx",
        message: message.into(),
        source: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(number_format(0, false), "0");
        assert_eq!(number_format(2, false), "0.00");
        let long = "长".repeat(40_000);
        let cut = excel_text(&long);
        assert!(cut.encode_utf16().count() <= EXCEL_CELL_UNITS);
        assert!(cut.ends_with(&crate::diag::text::cut_for_excel(40_000)));
        assert_eq!(excel_text("短"), "短");
        let ext_b = "𠮷".repeat(20_000);
        assert!(excel_text(&ext_b).encode_utf16().count() <= EXCEL_CELL_UNITS);
        assert_eq!(number_format(2, true), "#,##0.00");
        assert_eq!(number_format(0, true), "#,##0");
        assert_eq!(number_format(3, false), "0.000");
    }

    #[test]
    fn widths_and_lines() {
        assert_eq!(crate::diag::human::str_width("abc"), 3);
        assert_eq!(crate::diag::human::str_width("绩效（%）"), 9);
        // 20 mm at 10.5 pt: (20 - 1.5) / 1.852 = 9 half-width units per
        // line, so four CJK characters per line.
        assert_eq!(text_lines("一二三四五六七八九十", 20.0, 10.5, true), 3);
        assert_eq!(text_lines("一二三四abcdefghi", 20.0, 10.5, true), 2);
        assert_eq!(text_lines("一二\n三四", 20.0, 10.5, true), 2);
        assert_eq!(text_lines("一二三四五六七八九十", 20.0, 10.5, false), 1);
        assert_eq!(text_lines("", 20.0, 10.5, true), 1);
    }

    #[test]
    fn bad_numbers_are_rejected() {
        assert_eq!(parse_number("117.94"), Some(117.94));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("inf"), None);
    }
}
