//! Builds small workbooks for spreadsheet tests with rust_xlsxwriter: rows of
//! cells, merged regions, several sheets.

#![allow(dead_code)]

use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

/// One cell of a fixture.
#[derive(Debug, Clone, PartialEq)]
pub enum C {
    /// Nothing.
    E,
    /// Text.
    S(String),
    /// A number.
    N(f64),
    /// A number with a number format code (`0.00%`, `0`).
    P(f64, &'static str),
    /// A formula (without `=`) and its saved result; `None` writes none, as a
    /// program that does not calculate would.
    F(&'static str, Option<f64>),
    /// A formula with its saved result, shown through a number format code.
    FN(&'static str, f64, &'static str),
}

/// Text cell.
pub fn s(t: &str) -> C {
    C::S(t.to_string())
}

/// Number cell.
pub fn n(v: f64) -> C {
    C::N(v)
}

/// One sheet of a fixture: rows and merged regions (first row, first col, last row, last col).
#[derive(Debug, Clone, Default)]
pub struct SheetSpec {
    pub name: String,
    pub rows: Vec<Vec<C>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
    /// Rows hidden in the workbook.
    pub hidden_rows: Vec<u32>,
}

impl SheetSpec {
    pub fn new(name: &str) -> Self {
        SheetSpec {
            name: name.to_string(),
            ..Default::default()
        }
    }

    /// Appends a row; returns its zero-based index.
    pub fn row(&mut self, cells: Vec<C>) -> u32 {
        self.rows.push(cells);
        (self.rows.len() - 1) as u32
    }
}

/// The workbook's bytes.
pub fn build(sheets: &[SheetSpec]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let plain = Format::new();
    for spec in sheets {
        let mut ws = Worksheet::new();
        ws.set_name(&spec.name).expect("sheet name");
        let covered = |r: u32, c: u16| {
            spec.merges.iter().any(|&(r0, c0, r1, c1)| {
                (r0..=r1).contains(&r) && (c0..=c1).contains(&c) && (r, c) != (r0, c0)
            })
        };
        for &(r0, c0, r1, c1) in &spec.merges {
            let text = match spec
                .rows
                .get(r0 as usize)
                .and_then(|row| row.get(c0 as usize))
            {
                Some(C::S(t)) => t.clone(),
                Some(C::N(v)) => v.to_string(),
                _ => String::new(),
            };
            ws.merge_range(r0, c0, r1, c1, &text, &plain)
                .expect("merge");
        }
        for (r, row) in spec.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                let anchor = spec.merges.iter().any(|&(r0, c0, _, _)| (r0, c0) == (r, c));
                if covered(r, c) || anchor {
                    continue;
                }
                match cell {
                    C::E => {}
                    C::S(t) => {
                        ws.write_string(r, c, t).expect("write");
                    }
                    C::N(v) => {
                        ws.write_number(r, c, *v).expect("write");
                    }
                    C::P(v, code) => {
                        let format = Format::new().set_num_format(*code);
                        ws.write_number_with_format(r, c, *v, &format)
                            .expect("write");
                    }
                    C::FN(formula, result, code) => {
                        let format = Format::new().set_num_format(*code);
                        let f = Formula::new(*formula).set_result(result.to_string());
                        ws.write_formula_with_format(r, c, f, &format)
                            .expect("write");
                    }
                    C::F(formula, result) => {
                        let f = Formula::new(*formula)
                            .set_result(result.map_or(NO_RESULT.to_string(), |v| v.to_string()));
                        ws.write_formula(r, c, f).expect("write");
                    }
                }
            }
        }
        for &r in &spec.hidden_rows {
            ws.set_row_hidden(r).expect("hide");
        }
        wb.push_worksheet(ws);
    }
    strip_missing_results(&wb.save_to_buffer().expect("save"))
}

/// Marks a formula written without a result; rust_xlsxwriter always writes one.
const NO_RESULT: &str = "JIXIAO-NO-RESULT";

/// Removes the marked results from the package, leaving `<f>` without `<v>`.
fn strip_missing_results(bytes: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        let text = String::from_utf8_lossy(&data);
        if text.contains(NO_RESULT) {
            data = text
                .replace(&format!("<v>{NO_RESULT}</v>"), "")
                .replace(" t=\"str\"", "")
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}
