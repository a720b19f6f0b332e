//! Builds small workbooks for spreadsheet tests with rust_xlsxwriter: rows of
//! cells, merged regions, several sheets.

#![allow(dead_code)]

use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// One cell of a fixture.
#[derive(Debug, Clone, PartialEq)]
pub enum C {
    /// Nothing.
    E,
    /// Text.
    S(String),
    /// A number.
    N(f64),
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
                }
            }
        }
        wb.push_worksheet(ws);
    }
    wb.save_to_buffer().expect("save")
}
