//! Reads an xlsx workbook back for tests: cell values (via calamine), merged
//! ranges, raw sheet XML and row heights.
//!
//! Include from a test crate with
//! `#[path = "common/xlsx_read.rs"] mod xlsx_read;`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use anyhow::{anyhow, Context, Result};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

/// A merged range, zero-based and inclusive: (first_row, first_col, last_row, last_col).
pub type Merge = (u32, u32, u32, u32);

/// One worksheet as read back.
#[derive(Debug, Clone)]
pub struct SheetData {
    /// Sheet name.
    pub name: String,
    /// Cell values by absolute (zero-based) row and column, from A1 to the
    /// last used cell; slots without a value are `Data::Empty`.
    pub cells: Vec<Vec<Data>>,
    /// Merged ranges, sorted.
    pub merged: Vec<Merge>,
}

impl SheetData {
    /// The value at an absolute position (`Data::Empty` outside the used area).
    pub fn cell(&self, row: usize, col: usize) -> &Data {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Data::Empty)
    }

    /// The sheet as rows of strings: numbers with 2 decimals, empty slots as "".
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.cells
            .iter()
            .map(|row| row.iter().map(data_text).collect())
            .collect()
    }
}

/// Text of a value as the golden files show it: floats with 2 decimals.
pub fn data_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f:.2}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// Names of the worksheets, in order.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>> {
    let workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec()))?;
    Ok(workbook.sheet_names())
}

/// Reads every worksheet, in order.
pub fn read_all(bytes: &[u8]) -> Result<Vec<SheetData>> {
    sheet_names(bytes)?
        .iter()
        .map(|name| read_sheet(bytes, name))
        .collect()
}

/// Reads one worksheet's values and merged ranges.
pub fn read_sheet(bytes: &[u8], name: &str) -> Result<SheetData> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec()))?;
    let range = workbook
        .worksheet_range(name)
        .with_context(|| format!("reading sheet {name}"))?;
    let mut cells: Vec<Vec<Data>> = Vec::new();
    if let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) {
        let (r0, c0) = (r0 as usize, c0 as usize);
        cells = vec![vec![Data::Empty; c1 as usize + 1]; r1 as usize + 1];
        for (r, c, value) in range.used_cells() {
            cells[r0 + r][c0 + c] = value.clone();
        }
    }
    let mut merged: Vec<Merge> = workbook
        .merge_cells_by_sheet_name(name)?
        .into_iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
    merged.sort_unstable();
    Ok(SheetData {
        name: name.to_string(),
        cells,
        merged,
    })
}

/// The text of one zip entry, e.g. `xl/styles.xml`.
pub fn zip_entry(bytes: &[u8], path: &str) -> Result<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut file = archive.by_name(path).map_err(|e| anyhow!("{path}: {e}"))?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    Ok(text)
}

/// The raw XML of the `index`-th (zero-based) worksheet, as rust_xlsxwriter
/// names them (`xl/worksheets/sheet1.xml`, …).
pub fn sheet_xml(bytes: &[u8], index: usize) -> Result<String> {
    zip_entry(bytes, &format!("xl/worksheets/sheet{}.xml", index + 1))
}

/// Explicit row heights in points, by zero-based row, from a sheet's XML.
pub fn row_heights(sheet_xml: &str) -> BTreeMap<u32, f64> {
    let mut heights = BTreeMap::new();
    for tag in sheet_xml.split("<row ").skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        if let (Some(r), Some(ht)) = (attr(tag, "r"), attr(tag, "ht")) {
            if let (Ok(r), Ok(ht)) = (r.parse::<u32>(), ht.parse::<f64>()) {
                heights.insert(r - 1, ht);
            }
        }
    }
    heights
}

/// The value of attribute `name` in the inside of an XML start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let padded_start = tag.find(&key).map(|i| i + key.len()).or_else(|| {
        let key = format!("{name}=\"");
        tag.starts_with(&key).then_some(key.len())
    })?;
    let rest = &tag[padded_start..];
    rest.find('"').map(|end| &rest[..end])
}
