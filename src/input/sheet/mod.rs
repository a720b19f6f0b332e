//! Reading projects from a spreadsheet laid out like the published form
//! (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`, through calamine): one project per
//! sheet, found by its labels rather than by fixed coordinates.
//!
//! - [`mod@self`]: opening the workbook, cell values and merged regions ([`Sheet`]);
//! - [`locate`]: finding the form's labels in a sheet;
//! - [`project`]: building a [`Project`] from the located labels.

mod guard;
pub mod locate;
pub mod project;

use std::path::Path;

use calamine::{Data, Dimensions, Reader, Sheets};

use crate::diag::{Diagnostic, Place};
use crate::model::Project;

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
    /// A number cell.
    Number(f64),
}

impl Value {
    /// The cell as text: numbers in their shortest round-trip form (117.94, never
    /// 117.93999999999999), text trimmed.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.trim().to_string(),
            Value::Number(f) => number_text(*f),
        }
    }

    /// Whether the cell holds nothing but blanks.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.trim().is_empty(),
            Value::Number(_) => false,
        }
    }
}

/// The shortest text that reads back as the same `f64`, without exponent
/// (Rust's `Display` for floats), so that 117.94 stays `117.94`. Like a
/// spreadsheet, at most 15 significant digits are kept, so that the cached result
/// of a formula such as `=0.1+0.2` reads as `0.3`.
pub fn number_text(f: f64) -> String {
    if f == 0.0 || !f.is_finite() {
        // No "-0"; NaN and infinities do not occur in spreadsheet cells.
        return if f == 0.0 { "0".into() } else { format!("{f}") };
    }
    let shortest = format!("{f}");
    let significant = shortest
        .trim_start_matches(['-', '0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    if significant <= 15 {
        return shortest;
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

/// One worksheet: values by absolute zero-based position and merged regions.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name, as shown on its tab.
    pub name: String,
    /// Values by row, then column, from A1.
    pub cells: Vec<Vec<Value>>,
    /// Merged regions: (first row, first column, last row, last column), inclusive.
    pub merges: Vec<(u32, u32, u32, u32)>,
}

impl Sheet {
    /// A sheet from rows of values, with merged regions.
    pub fn new(name: &str, cells: Vec<Vec<Value>>, merges: Vec<(u32, u32, u32, u32)>) -> Self {
        Sheet {
            name: name.to_string(),
            cells,
            merges,
        }
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
        self.merges
            .iter()
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
        Place::Cell {
            sheet: self.name.clone(),
            cell: cell_name(row, col),
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

fn value_of(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Float(f) => Value::Number(*f),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Bool(b) => Value::Text(b.to_string()),
        Data::DateTime(d) => Value::Text(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(format!("#{e}")),
    }
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

/// Reads every sheet of a workbook file.
pub fn load_file(file: &Path) -> Workbook {
    match std::fs::read(file) {
        Ok(bytes) => load_bytes(file, &bytes),
        Err(e) => unreadable(file, format!("{e}")),
    }
}

/// Reads every sheet of a workbook held in memory; `file` names it in diagnostics.
pub fn load_bytes(file: &Path, bytes: &[u8]) -> Workbook {
    if let Err(why) = compound_file_is_sound(bytes) {
        return unreadable(file, format!("文件已损坏: {why}"));
    }
    read_workbook(file, || {
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
    })
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
    cfb::CompoundFile::open(std::io::Cursor::new(bytes))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A workbook that cannot be read at all.
fn unreadable(file: &Path, why: String) -> Workbook {
    Workbook {
        tables: Vec::new(),
        notes: vec![Diagnostic::new(
            "E0001",
            file,
            Place::File,
            format!("无法读取电子表格: {why}"),
        )
        .with_hint("确认文件是 .xlsx、.xls 或 .ods 格式且没有损坏、没有加密")],
    }
}

/// Opens and reads a workbook. calamine can panic on a corrupt file (e.g. a
/// truncated `.xls`): that panic is caught and reported as a diagnostic.
fn read_workbook<RS: std::io::Read + std::io::Seek>(
    file: &Path,
    open: impl FnOnce() -> Result<Sheets<RS>, calamine::Error>,
) -> Workbook {
    let read = guard::guarded(|| open().map(|w| read_sheets(file, w)));
    match read {
        Some(Ok(sheets)) => load_sheets(file, sheets),
        Some(Err(e)) => unreadable(file, e.to_string()),
        None => unreadable(file, "文件已损坏（读取程序无法解析其结构）".to_string()),
    }
}

/// The sheets of an open workbook with their merged regions; a sheet that cannot
/// be read is a diagnostic.
fn read_sheets<RS: std::io::Read + std::io::Seek>(
    file: &Path,
    mut workbook: Sheets<RS>,
) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    let names = workbook.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let range = workbook.worksheet_range(&name).map_err(|e| {
            Box::new(Diagnostic::new(
                "E0001",
                file,
                Place::File,
                format!("无法读取工作表“{name}”: {e}"),
            ))
        })?;
        let merges: Vec<Dimensions> = match &mut workbook {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            // Formats without a merge API fall back on the blank-below rule.
            _ => Vec::new(),
        };
        let mut cells: Vec<Vec<Value>> = Vec::new();
        if let Some((r0, c0)) = range.start() {
            for (r, c, data) in range.used_cells() {
                let (row, col) = (r0 as usize + r, c0 as usize + c);
                if cells.len() <= row {
                    cells.resize(row + 1, Vec::new());
                }
                let line = &mut cells[row];
                if line.len() <= col {
                    line.resize(col + 1, Value::Empty);
                }
                line[col] = value_of(data);
            }
        }
        let merges = merges
            .into_iter()
            .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
            .collect();
        out.push(Sheet::new(&name, cells, merges));
    }
    Ok(out)
}

fn load_sheets(file: &Path, sheets: Result<Vec<Sheet>, Box<Diagnostic>>) -> Workbook {
    let sheets = match sheets {
        Ok(s) => s,
        Err(d) => {
            return Workbook {
                tables: Vec::new(),
                notes: vec![*d],
            }
        }
    };
    let mut book = Workbook::default();
    for sheet in &sheets {
        match project::read_sheet(file, sheet) {
            Some(table) => book.tables.push(table),
            None => book.notes.push(
                Diagnostic::new(
                    "E0701",
                    file,
                    Place::Cell {
                        sheet: sheet.name.clone(),
                        cell: "A1".into(),
                    },
                    format!(
                        "工作表“{}”中没有自评表（找不到“项目名称”等栏目），已跳过",
                        sheet.name
                    ),
                )
                .with_hint("如果这张表是自评表，检查“项目名称”“三级指标”等栏目名是否写对"),
            ),
        }
    }
    if book.tables.is_empty() {
        book.notes.push(
            Diagnostic::new("E0704", file, Place::File, "工作簿中没有任何自评表")
                .with_hint("每张自评表放在一个工作表中，须有“项目名称”“项目资金”“三级指标”等栏目"),
        );
    }
    book
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

    #[test]
    fn numbers_without_noise() {
        assert_eq!(number_text(117.94), "117.94");
        assert_eq!(number_text(89.974), "89.974");
        assert_eq!(number_text(10.0), "10");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(33.09 / 33.09 * 100.0), "100");
        assert_eq!(number_text(1e21), "1000000000000000000000");
    }
}
