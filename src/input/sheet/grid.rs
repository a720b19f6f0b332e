//! Reading the cells of every sheet of an open workbook into [`Sheet`]s.
//!
//! `.xlsx` sheets are streamed cell by cell (calamine's cells reader), so a file
//! with one value in XFD1048576 costs what its cells cost, not its range; every
//! cell keeps its number format and a formula without a saved result is kept as
//! such. Other formats go through calamine's range reader.

use crate::diag::msg::input as msg;
use crate::diag::Code;
use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader, Sheets};

use super::cell::Format;
use super::extras::Extras;
use super::{Sheet, Value};
use crate::diag::{Diagnostic, Place};

/// The most cell slots (rows × the columns in use in each) one sheet may fill.
/// A few thousand tables of a hundred rows stay far below it; past it the sheet
/// is a diagnostic instead of gigabytes.
pub const MAX_SLOTS: usize = 4_000_000;

/// The sheets of an open workbook with their merged regions; a sheet that cannot
/// be read is a diagnostic.
pub(super) fn read_sheets<RS: std::io::Read + std::io::Seek>(
    file: &Path,
    mut workbook: Sheets<RS>,
    extras: &HashMap<String, Extras>,
) -> Result<(Vec<Sheet>, Vec<Diagnostic>), Box<Diagnostic>> {
    let names = workbook.sheet_names();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for name in names {
        let unreadable = |e: String| {
            Box::new(Diagnostic::new(
                Code::E0001,
                file,
                Place::File,
                msg::cannot_read_sheet(&name, &e),
            ))
        };
        let mut grid = Grid::default();
        match &mut workbook {
            Sheets::Xlsx(x) => stream_xlsx(x, &name, &mut grid).map_err(unreadable)?,
            other => {
                let range = other
                    .worksheet_range(&name)
                    .map_err(|e| unreadable(e.to_string()))?;
                if let Some((r0, c0)) = range.start() {
                    for (r, c, data) in range.used_cells() {
                        let at = (r0 as usize + r, c0 as usize + c);
                        grid.put(at, value_of(data)).map_err(unreadable)?;
                    }
                }
            }
        }
        let merges: Vec<Dimensions> = match &mut workbook {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            // Formats without a merge API fall back on the blank-below rule.
            _ => Vec::new(),
        };
        let merges = merges
            .into_iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        if let Some(h) = extras.get(&name) {
            for ((r, c), formula) in &h.unsaved {
                let at = (*r as usize, *c as usize);
                let saved = grid.cells.get(at.0).and_then(|line| line.get(at.1));
                if saved.is_none_or(|v| *v == Value::Empty) {
                    grid.put(at, Value::Formula(formula.clone()))
                        .map_err(unreadable)?;
                }
            }
            for (r, c) in &h.broken_text {
                let cell = crate::input::sheet::cell_name(*r as usize, *c as usize);
                notes.push(
                    Diagnostic::new(
                        Code::E0710,
                        file,
                        Place::Cell {
                            sheet: name.clone(),
                            cell: cell.clone(),
                        },
                        msg::broken_shared_text(&name, &cell),
                    )
                    .with_hint(msg::BROKEN_SHARED_TEXT_HINT),
                );
            }
            let skipped = grid.clear_hidden(h);
            if !skipped.is_empty() {
                notes.push(
                    Diagnostic::new(
                        Code::E0708,
                        file,
                        Place::Cell {
                            sheet: name.clone(),
                            cell: "A1".into(),
                        },
                        msg::hidden_skipped(&name, &skipped),
                    )
                    .with_hint(msg::HIDDEN_HINT),
                );
            }
        }
        out.push(Sheet::new(&name, grid.cells, merges));
    }
    Ok((out, notes))
}

/// Cells by row, then column, filled as they are read, within [`MAX_SLOTS`].
#[derive(Default)]
struct Grid {
    cells: Vec<Vec<Value>>,
    slots: usize,
}

impl Grid {
    /// Empties hidden rows and columns; returns those that held something
    /// (`第 14 行`, `F 列`).
    fn clear_hidden(&mut self, hidden: &Extras) -> Vec<String> {
        let mut skipped = Vec::new();
        for &r in &hidden.rows {
            let Some(line) = self.cells.get_mut(r as usize) else {
                continue;
            };
            if line.iter().any(|v| *v != Value::Empty) {
                line.iter_mut().for_each(|v| *v = Value::Empty);
                skipped.push(msg::hidden_row(r + 1));
            }
        }
        for &(c0, c1) in &hidden.cols {
            let mut held = false;
            for line in &mut self.cells {
                let end = (c1 as usize + 1).min(line.len());
                for v in line.get_mut(c0 as usize..end).unwrap_or_default() {
                    held |= *v != Value::Empty;
                    *v = Value::Empty;
                }
            }
            if held {
                let name = |c: u32| {
                    super::cell_name(0, c as usize)
                        .trim_end_matches('1')
                        .to_string()
                };
                skipped.push(if c0 == c1 {
                    msg::hidden_col(&name(c0))
                } else {
                    msg::hidden_cols(&name(c0), &name(c1))
                });
            }
        }
        skipped
    }

    fn put(&mut self, (row, col): (usize, usize), value: Value) -> Result<(), String> {
        if value == Value::Empty {
            return Ok(());
        }
        let grows = (row + 1).saturating_sub(self.cells.len())
            + (col + 1).saturating_sub(self.cells.get(row).map_or(0, Vec::len));
        if self.slots + grows > MAX_SLOTS {
            return Err(msg::sheet_too_large(&super::cell_name(row, col), MAX_SLOTS));
        }
        self.slots += grows;
        if self.cells.len() <= row {
            self.cells.resize(row + 1, Vec::new());
        }
        let line = &mut self.cells[row];
        if line.len() <= col {
            line.resize(col + 1, Value::Empty);
        }
        line[col] = value;
        Ok(())
    }
}

/// Streams one `.xlsx` sheet: values with their formats. (Formulas without a saved
/// result and hidden rows come from [`super::extras`], read beside it.)
fn stream_xlsx<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    grid: &mut Grid,
) -> Result<(), String> {
    let mut formats: Vec<Option<(Format, String)>> = Vec::new();
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| e.to_string())?
    {
        let (r, c) = cell.get_position();
        let data = cell.get_value();
        if matches!(data, DataRef::Empty) {
            continue;
        }
        if formats.len() <= style {
            formats.resize(style + 1, None);
        }
        let (format, code) = formats[style]
            .get_or_insert_with(|| {
                let number_format = reader
                    .styles()
                    .get(style)
                    .and_then(|s| s.number_format.as_ref());
                let code = number_format
                    .map(|f| f.format_code.clone())
                    .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("general"))
                    .or_else(|| {
                        number_format
                            .and_then(|f| f.format_id)
                            .and_then(super::cell::builtin_code)
                            .map(str::to_string)
                    })
                    .unwrap_or_default();
                (Format::parse(&code), code)
            })
            .clone();
        let value = match data {
            DataRef::Float(f) => Value::Number(*f, format),
            DataRef::Int(i) => Value::Number(*i as f64, format),
            DataRef::DateTime(d) => Value::Text(super::cell::date_text(d, &code)),
            other => value_of(&Data::from(other.clone())),
        };
        grid.put((r as usize, c as usize), value)?;
    }
    Ok(())
}

fn value_of(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f, Format::GENERAL),
        Data::Int(i) => Value::Number(*i as f64, Format::GENERAL),
        Data::Bool(b) => Value::Text(bool_text(*b)),
        Data::DateTime(d) => Value::Text(super::cell::date_text(d, "")),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

/// TRUE and FALSE as a spreadsheet shows them.
fn bool_text(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_string()
}
