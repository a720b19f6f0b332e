//! Reading projects from a spreadsheet laid out like the published form
//! (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, through calamine): one project per
//! sheet, found by its labels rather than by fixed coordinates.
//!
//! - [`mod@self`]: opening the workbook, cell values and merged regions ([`Sheet`]);
//! - [`locate`]: finding the form's labels in a sheet;
//! - [`project`]: building a [`Project`] from the located labels.

pub mod cell;
pub(crate) mod extras;
pub(crate) mod grid;
pub(crate) mod guard;
pub mod locate;
pub mod project;
mod tables;

use crate::diag::msg::fill::{FORM_LINE, GUIDE_SHEET, GUIDE_TITLE_END};
use crate::diag::msg::input as msg;
use crate::diag::Code;
use crate::input::Words;
use std::path::Path;

use calamine::Sheets;

use crate::diag::{Diagnostic, Place};
use crate::model::{Located, Project};

/// Whether a path names a spreadsheet jixiao can read.
pub fn is_spreadsheet(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
    )
}

/// One cell value, as the reader sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing in the cell (or covered by a merged region).
    Empty,
    /// Text, including dates and booleans shown as text.
    Text(String),
    /// A number cell and how its format shows it.
    Number(f64, cell::Format),
    /// An error value such as `#DIV/0!`, as the spreadsheet shows it.
    Error(String),
    /// A formula whose result was never saved (the file was written by a program
    /// that does not calculate): the formula text, without `=`.
    Formula(String),
}

impl Value {
    /// The cell as the user sees it: numbers through their format (78.76, 90%),
    /// in General in their shortest round-trip form (117.94, never
    /// 117.93999999999999), text trimmed; a formula without a result is blank.
    pub fn text(&self) -> String {
        match self {
            Value::Empty | Value::Formula(_) => String::new(),
            Value::Text(s) | Value::Error(s) => s.trim().to_string(),
            Value::Number(f, format) => cell::shown_text(*f, format),
        }
    }

    /// Whether the cell holds nothing but blanks.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            Value::Number(..) | Value::Error(_) | Value::Formula(_) => false,
        }
    }
}

/// Merged regions taller than this many rows are not indexed row by row.
const TALL_MERGE: u32 = 200;

/// One worksheet: values by absolute zero-based position and merged regions.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name, as shown on its tab.
    pub name: String,
    /// Values by row, then column, from A1.
    pub cells: Vec<Vec<Value>>,
    /// Merged regions: (first row, first column, last row, last column), inclusive.
    pub merges: Vec<(u32, u32, u32, u32)>,
    /// The merged regions touching each row, by index into `merges`.
    merge_rows: std::collections::HashMap<u32, Vec<u32>>,
    /// Merged regions too tall to index by row, looked at for every row.
    tall: Vec<u32>,
    /// Where `cells[0][0]` sits in the worksheet: (0, 0) for a whole sheet, the
    /// corner of the table for one of several tables on a sheet.
    pub origin: (usize, usize),
    /// For a Word document's table: its number and how many rows of text from
    /// above it (title, year) come first; places then name the table's cells.
    pub word: Option<(u32, usize)>,
}

impl Sheet {
    /// A sheet from rows of values, with merged regions.
    pub fn new(name: &str, cells: Vec<Vec<Value>>, merges: Vec<(u32, u32, u32, u32)>) -> Self {
        let mut merge_rows: std::collections::HashMap<u32, Vec<u32>> = Default::default();
        let mut tall = Vec::new();
        for (i, &(r0, _, r1, _)) in merges.iter().enumerate() {
            let i = i as u32;
            if r1.saturating_sub(r0) > TALL_MERGE {
                tall.push(i);
            } else {
                for r in r0..=r1 {
                    merge_rows.entry(r).or_default().push(i);
                }
            }
        }
        Sheet {
            name: name.to_string(),
            cells,
            merges,
            merge_rows,
            tall,
            origin: (0, 0),
            word: None,
        }
    }

    /// The part of the sheet in `rows` × `cols`, as a sheet of its own whose
    /// places still name the worksheet's cells.
    pub fn region(&self, rows: std::ops::Range<usize>, cols: std::ops::Range<usize>) -> Sheet {
        let cells = self
            .cells
            .get(rows.start..rows.end.min(self.cells.len()))
            .unwrap_or_default()
            .iter()
            .map(|line| {
                line.get(cols.start.min(line.len())..cols.end.min(line.len()))
                    .unwrap_or_default()
                    .to_vec()
            })
            .collect();
        let (r0, c0) = (rows.start as u32, cols.start as u32);
        let merges = self
            .merges
            .iter()
            .filter(|&&(a, b, c, d)| {
                rows.contains(&(a as usize))
                    && rows.contains(&(c as usize))
                    && cols.contains(&(b as usize))
                    && cols.contains(&(d as usize))
            })
            .map(|&(a, b, c, d)| (a - r0, b - c0, c - r0, d - c0))
            .collect();
        let mut part = Sheet::new(&self.name, cells, merges);
        part.origin = (self.origin.0 + rows.start, self.origin.1 + cols.start);
        part.word = self.word;
        part
    }

    /// Number of rows in use.
    pub fn rows(&self) -> usize {
        self.cells.len()
    }

    /// Number of columns in use.
    pub fn cols(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The merged region holding a position, if any.
    pub fn merge_at(&self, row: usize, col: usize) -> Option<(usize, usize, usize, usize)> {
        let by_row = u32::try_from(row)
            .ok()
            .and_then(|r| self.merge_rows.get(&r))
            .map_or(&[][..], Vec::as_slice);
        by_row
            .iter()
            .chain(&self.tall)
            .filter_map(|&i| self.merges.get(i as usize))
            .map(|&(r0, c0, r1, c1)| (r0 as usize, c0 as usize, r1 as usize, c1 as usize))
            .find(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }

    /// The top-left cell of the region covering a position (the position itself
    /// when it is not merged).
    pub fn anchor(&self, row: usize, col: usize) -> (usize, usize) {
        self.merge_at(row, col)
            .map_or((row, col), |(r0, c0, _, _)| (r0, c0))
    }

    /// The last column of the region starting at a position.
    pub fn last_col(&self, row: usize, col: usize) -> usize {
        self.merge_at(row, col).map_or(col, |(_, _, _, c1)| c1)
    }

    /// The raw value at a position (`Empty` outside the used area).
    pub fn raw(&self, row: usize, col: usize) -> &Value {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Value::Empty)
    }

    /// The value shown at a position: a covered cell of a merged region shows its anchor's value.
    pub fn value(&self, row: usize, col: usize) -> &Value {
        let (r, c) = self.anchor(row, col);
        self.raw(r, c)
    }

    /// The place of a cell, for diagnostics.
    pub fn place(&self, row: usize, col: usize) -> Place {
        let (row, col) = (row + self.origin.0, col + self.origin.1);
        match self.word {
            Some((table, above)) => Place::Table {
                table,
                row: u32::try_from((row + 1).saturating_sub(above)).unwrap_or(u32::MAX),
                col: u32::try_from(col + 1).unwrap_or(u32::MAX),
            },
            None => Place::Cell {
                sheet: self.name.clone(),
                cell: cell_name(row, col),
            },
        }
    }

    /// The name of a cell of this sheet (or region) as messages give it: `C14`,
    /// or `第14行第3列` in a Word table.
    pub fn cell_name(&self, row: usize, col: usize) -> String {
        match self.place(row, col) {
            Place::Table { row: 0, .. } => msg::ABOVE_TABLE.to_string(),
            Place::Table { row, col, .. } => msg::table_cell(row, col),
            _ => cell_name(row + self.origin.0, col + self.origin.1),
        }
    }
}

/// A1-style name of a zero-based position: `cell_name(13, 2)` is `C14`.
pub fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// The result of reading one sheet that holds a table.
#[derive(Debug)]
pub struct SheetProject {
    /// The sheet's name.
    pub sheet: String,
    /// The project, when it could be built.
    pub project: Option<Project>,
    /// Everything found while reading the sheet.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a workbook holds: one entry per sheet with a table, and notes about the
/// workbook as a whole (sheets skipped, the file unreadable).
#[derive(Debug, Default)]
pub struct Workbook {
    /// One entry per sheet that holds a table, in sheet order.
    pub tables: Vec<SheetProject>,
    /// Diagnostics about the workbook rather than one table.
    pub notes: Vec<Diagnostic>,
}

/// Reads every sheet of a workbook file with the words the run's forms add
/// (fields such as 其他需要说明事项 beside their labels, sources such as 财政资金).
pub fn load_file(file: &Path, words: &Words) -> Workbook {
    if let Some(why) = crate::input::too_large(file, crate::input::MAX_WORKBOOK_BYTES) {
        return unreadable(file, why);
    }
    match crate::input::read_regular(file, crate::input::MAX_WORKBOOK_BYTES) {
        Ok(bytes) => load_bytes(file, &bytes, words),
        Err(e) => unreadable(file, crate::diag::io_reason(&e)),
    }
}

/// Reads every sheet of a workbook held in memory (`file` names it in
/// diagnostics) with the words the run's forms add (see [`load_file`]).
pub fn load_bytes(file: &Path, bytes: &[u8], words: &Words) -> Workbook {
    match compound_file_is_sound(bytes) {
        Err(why) if why == msg::ENCRYPTED_WORKBOOK => return unreadable(file, why),
        Err(why) => return unreadable(file, msg::corrupt(&why)),
        Ok(()) => {}
    }
    let extras = if bytes.starts_with(b"PK") {
        match extras::of_workbook(std::io::Cursor::new(bytes)) {
            Ok(extras) => extras,
            Err(why) => return unreadable(file, why),
        }
    } else {
        Default::default()
    };
    read_workbook(
        file,
        || calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)),
        &extras,
        words,
    )
}

/// The signature of an OLE compound file (`.xls`).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// calamine follows the sector chains of an `.xls` without guarding against loops,
/// so a corrupt file can make it allocate without end. The `cfb` crate checks the
/// file's allocation table (no sector in two chains, no loop) first.
fn compound_file_is_sound(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(&CFB_MAGIC) {
        return Ok(());
    }
    let file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    // A workbook with an opening password is an encrypted package in a compound file.
    if file.exists("/EncryptedPackage") {
        return Err(msg::ENCRYPTED_WORKBOOK.to_string());
    }
    Ok(())
}

/// A workbook that cannot be read at all.
fn unreadable(file: &Path, why: String) -> Workbook {
    Workbook::unreadable(file, msg::cannot_read_workbook(&why), msg::WORKBOOK_HINT)
}

impl Workbook {
    /// A file of tables that cannot be read at all: one E0001 saying why and what to do.
    pub fn unreadable(file: &Path, message: String, hint: &str) -> Workbook {
        Workbook {
            tables: Vec::new(),
            notes: vec![Diagnostic::new(Code::E0001, file, Place::File, message).with_hint(hint)],
        }
    }
}

/// Opens and reads a workbook. calamine can panic on a corrupt file (e.g. a
/// truncated `.xls`): that panic is caught and reported as a diagnostic.
fn read_workbook<RS: std::io::Read + std::io::Seek>(
    file: &Path,
    open: impl FnOnce() -> Result<Sheets<RS>, calamine::Error>,
    extras: &std::collections::HashMap<String, extras::Extras>,
    words: &Words,
) -> Workbook {
    let read = guard::guarded(|| open().map(|w| grid::read_sheets(file, w, extras)));
    match read {
        Some(Ok(sheets)) => load_sheets(file, sheets, words),
        Some(Err(e)) => unreadable(file, e.to_string()),
        None => unreadable(file, msg::CORRUPT_STRUCTURE.to_string()),
    }
}

fn load_sheets(
    file: &Path,
    sheets: Result<(Vec<Sheet>, Vec<Diagnostic>), Box<Diagnostic>>,
    words: &Words,
) -> Workbook {
    let (sheets, notes) = match sheets {
        Ok(s) => s,
        Err(d) => {
            return Workbook {
                tables: Vec::new(),
                notes: vec![*d],
            }
        }
    };
    let mut book = Workbook {
        tables: Vec::new(),
        notes,
    };
    let mut skipped: Vec<&str> = Vec::new();
    let mut form: Option<Located<String>> = None;
    for sheet in &sheets {
        let regions = tables::regions(sheet, &words.vocab);
        let several = regions.len() > 1;
        let mut found = 0;
        for region in &regions {
            let part;
            let table_sheet = if several {
                part = sheet.region(region.rows.clone(), region.cols.clone());
                &part
            } else {
                sheet
            };
            match project::read_sheet(file, table_sheet, words) {
                Some(table) => {
                    found += 1;
                    book.tables.push(table);
                }
                None if several => {
                    let (message, hint) = msg::table_incomplete(
                        &sheet.name,
                        &table_sheet.cell_name(
                            region.anchor.0 - region.rows.start,
                            region.anchor.1 - region.cols.start,
                        ),
                    );
                    book.notes.push(
                        Diagnostic::new(Code::E0707, file, table_sheet.place(0, 0), message)
                            .with_hint(hint),
                    )
                }
                None => {}
            }
        }
        // The 说明 sheet of a fill-in workbook (`jixiao init --xlsx`) is no table.
        let guide = sheet.name == GUIDE_SHEET && sheet.raw(0, 0).text().ends_with(GUIDE_TITLE_END);
        if found == 0 && !several && !guide {
            skipped.push(&sheet.name);
        }
        // It names the form its tables are laid out on.
        if guide {
            form = form.or_else(|| guide_form(sheet));
        }
    }
    for table in &mut book.tables {
        if let Some(p) = table.project.as_mut().filter(|p| p.form.is_none()) {
            p.form = form.clone();
        }
    }
    book.notes.extend(skipped_notes(file, &skipped));
    if book.tables.is_empty() {
        book.notes.push(
            Diagnostic::new(Code::E0704, file, Place::File, msg::NO_TABLE_IN_WORKBOOK)
                .with_hint(msg::NO_TABLE_IN_WORKBOOK_HINT),
        );
    }
    book
}

/// The form a fill-in workbook's 说明 sheet names (`表式: national（…）`).
fn guide_form(sheet: &Sheet) -> Option<Located<String>> {
    (0..sheet.rows().min(20)).find_map(|r| {
        let text = sheet.raw(r, 0).text();
        let rest = text.trim().strip_prefix(FORM_LINE)?;
        let name = rest.split(['（', '(', ' ']).next()?.trim();
        (!name.is_empty()).then(|| Located::new(name.to_string(), sheet.place(r, 0)))
    })
}

/// Sheets without a table named one by one before the rest are counted in one note.
const SKIPPED_NAMED: usize = 10;

/// The notes on sheets that hold no table (E0701): one per sheet for the first
/// few, then one for all the others, so that a workbook of 5,000 sheets does not
/// bury the rest of the report.
fn skipped_notes(file: &Path, sheets: &[&str]) -> Vec<Diagnostic> {
    let at = |sheet: &str| Place::Cell {
        sheet: sheet.to_string(),
        cell: "A1".into(),
    };
    let hint = msg::SKIPPED_SHEET_HINT;
    let mut notes: Vec<Diagnostic> = sheets
        .iter()
        .take(SKIPPED_NAMED)
        .map(|name| {
            Diagnostic::new(Code::E0701, file, at(name), msg::sheet_skipped(name)).with_hint(hint)
        })
        .collect();
    if let Some(first) = sheets.get(SKIPPED_NAMED) {
        notes.push(
            Diagnostic::new(
                Code::E0701,
                file,
                at(first),
                msg::sheets_skipped(sheets.len() - SKIPPED_NAMED, first),
            )
            .with_hint(hint),
        );
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(13, 2), "C14");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 27), "AB10");
    }
}
