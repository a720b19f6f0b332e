//! The fill-in workbook of one 实施单位 (`jixiao init --xlsx`): a 说明 sheet,
//! then one sheet per project laid out as its form prints it, what is carried
//! filled in and locked, the cells the unit fills (the template's `fill`
//! cells) blank, unlocked and shaded, with last year's values in their notes.
//! Filled in and saved, the workbook reads back as the unit's inputs.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, Workbook,
    Worksheet, XlsxError,
};

use super::InitError;
use crate::diag::msg::fill as msg;
use crate::form::{Catalog, Form};
use crate::layout::{created_at, lay_out, lay_out_to_fill, Content, Fill, Grid, Meta, Slot};
use crate::model::Project;
use crate::pack::names::safe_sheet_name;
use crate::pack::unique::Unique;
use crate::render::xlsx::{add_fill_sheet, set_workbook_properties, FillIn};
use crate::score::{score_by, Scored};

/// The workbook a unit fills for `year`: one sheet per project, each next
/// year's project (blank where the unit fills, see
/// [`next_project`](super::carry::next_project)) with, when there is one, the
/// scored table of an earlier year whose printed values become the notes of
/// the cells to fill. The 说明 sheet names the unit of the first project.
pub fn unit_workbook(
    projects: &[(Project, Option<&Scored>)],
    year: u16,
    forms: &Catalog,
) -> Result<Vec<u8>, InitError> {
    let unit = projects
        .first()
        .map_or(String::new(), |(p, _)| p.unit.value.clone());
    let mut workbook = Workbook::new();
    let meta = Meta {
        title: unit.clone(),
        created: created_at(year),
    };
    set_workbook_properties(&mut workbook, &meta).map_err(failed)?;
    workbook.set_zip_compression_level(crate::render::ZIP_LEVEL);
    let mut names = Unique::with_max_utf16_units(31);
    names.reserve(msg::GUIDE_SHEET);
    let sheets: Vec<String> = (projects.iter())
        .map(|(p, _)| names.take(&safe_sheet_name(&p.name.value)))
        .collect();
    let from = (projects.iter()).find_map(|(_, last)| last.map(|s| last_year_of(s, year)));
    let font = &forms.headings().font;
    // The form all its sheets are laid out on, which the reader gives them back.
    let mut names_of = projects.iter().map(|(p, _)| forms.name_for(p));
    let first = names_of.next();
    let form = first.filter(|f| names_of.all(|n| n == *f));
    let guide = guide_sheet(&msg::guide(&unit, year, (from, form), &sheets), font);
    workbook.push_worksheet(guide.map_err(|e| failed(e.to_string()))?);
    let numbers = number_check().map_err(|e| failed(e.to_string()))?;
    for ((project, last), name) in projects.iter().zip(&sheets) {
        let form = forms
            .form_for(project)
            .ok_or_else(|| failed(msg::no_form(forms.name_for(project))))?;
        let scored = score_by(project.clone(), forms.rules_for(project));
        let grid = lay_out_to_fill(form, &scored, year).map_err(failed)?;
        let notes = match last {
            Some(last) => notes(
                &grid,
                &last_grid(form, last, year)?,
                last_year_of(last, year),
            ),
            None => BTreeMap::new(),
        };
        let fill = FillIn {
            notes: &notes,
            numbers: &numbers,
        };
        add_fill_sheet(&mut workbook, name, &grid, &fill).map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(failed)
}

fn failed(e: impl ToString) -> InitError {
    InitError::Workbook(e.to_string())
}

/// The year of an earlier table: its own, else the one before `year`.
fn last_year_of(s: &Scored, year: u16) -> u16 {
    s.project
        .year
        .as_ref()
        .map_or(year.saturating_sub(1), |y| y.value)
}

/// Last year's table on this year's form, as it was published.
fn last_grid(form: &Form, last: &Scored, year: u16) -> Result<Grid, InitError> {
    lay_out(form, last, last_year_of(last, year)).map_err(failed)
}

/// What identifies a table row: the text of its cells the unit does not fill.
fn row_keys(grid: &Grid) -> Vec<String> {
    let mut keys = vec![String::new(); grid.row_count()];
    for cell in grid.cells.iter().filter(|c| c.fill == Fill::No) {
        if let Some(key) = keys.get_mut(cell.row) {
            key.push_str(cell.content.text());
            key.push('\u{1f}');
        }
    }
    keys
}

/// The notes of this year's cells to fill: what the same cell of last year's
/// table printed, the cell found by its row (the same carried texts, the n-th
/// such row for the n-th) and column. Cells blank last year get none.
fn notes(grid: &Grid, last: &Grid, year: u16) -> BTreeMap<(usize, usize), String> {
    let mut old_rows: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let old_keys = row_keys(last);
    for (r, key) in old_keys.iter().enumerate() {
        old_rows.entry(key).or_default().push(r);
    }
    let new_keys = row_keys(grid);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let rows: Vec<Option<usize>> = (new_keys.iter())
        .map(|key| {
            let n = seen.entry(key).or_default();
            *n += 1;
            old_rows
                .get(key.as_str())
                .and_then(|rs| rs.get(*n - 1).copied())
        })
        .collect();
    let mut out = BTreeMap::new();
    for cell in grid.cells.iter().filter(|c| c.fill != Fill::No) {
        let Some(Some(r)) = rows.get(cell.row) else {
            continue;
        };
        let Some(Slot::Anchor(i)) = last.slots.get(*r).and_then(|s| s.get(cell.col)) else {
            continue;
        };
        let Some(was) = last.cells.get(*i).filter(|c| c.fill != Fill::No) else {
            continue;
        };
        let text = match &was.content {
            Content::Text(t) => t.as_str(),
            Content::Number { text, .. } => text.as_str(),
        };
        if !text.trim().is_empty() {
            out.insert((cell.row, cell.col), msg::last_year(year, text));
        }
    }
    out
}

/// The data validation of the number cells: a number not below 0, with a
/// warning (not a refusal), so that a row that does not apply may keep `—`.
fn number_check() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title(msg::NUMBER_TITLE)?
        .set_input_message(msg::NUMBER_PROMPT)?
        .set_error_title(msg::NUMBER_ERROR_TITLE)?
        .set_error_message(msg::NUMBER_ERROR)
        .map(|v| v.set_error_style(DataValidationErrorStyle::Warning))
}

/// The 说明 sheet: one line per row in one wide column, the title bold.
fn guide_sheet(lines: &[String], font: &str) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(msg::GUIDE_SHEET)?;
    let text = Format::new()
        .set_font_name(font)
        .set_font_size(11)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let title = text.clone().set_bold().set_font_size(14);
    sheet.set_column_width(0, 110)?;
    for (r, line) in lines.iter().enumerate() {
        let row = u32::try_from(r).unwrap_or(u32::MAX);
        let format = if r == 0 { &title } else { &text };
        sheet.write_string_with_format(row, 0, line, format)?;
        // About 105 half-width characters (52 Chinese) to a line at this width.
        let rows = crate::diag::human::str_width(line).div_ceil(105).max(1);
        sheet.set_row_height(row, 18.0 * rows as f64)?;
    }
    sheet.set_screen_gridlines(false);
    Ok(sheet)
}
