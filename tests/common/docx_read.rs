//! Reads the tables of a `.docx` back into anchored cells, independently of docx-rs.
//!
//! `read_docx_tables` parses `word/document.xml` with quick-xml and resolves
//! `w:gridSpan` and `w:vMerge` into the same (row, col, rowspan, colspan, text)
//! shape as the layout grid, so tests can compare a rendered document with the
//! grid it came from.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// A table cell resolved from gridSpan / vMerge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadCell {
    /// Zero-based row of the top-left slot.
    pub row: usize,
    /// Zero-based grid column of the top-left slot.
    pub col: usize,
    /// Rows covered (1 + number of `vMerge` continuations).
    pub rowspan: usize,
    /// Grid columns covered (`w:gridSpan`, default 1).
    pub colspan: usize,
    /// Paragraph texts joined by `\n`.
    pub text: String,
}

/// Vertical merge state of a raw `w:tc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    /// `<w:vMerge w:val="restart"/>`: starts a vertically merged cell.
    Restart,
    /// `<w:vMerge/>` or `w:val="continue"`: continues the cell above.
    Continue,
}

/// One `w:tc` as written, before merges are resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawCell {
    /// `w:gridSpan`, default 1.
    pub span: usize,
    /// `w:vMerge`, if present.
    pub vmerge: Option<VMerge>,
    /// `w:tcW/@w:w` when its type is dxa.
    pub width_dxa: Option<u32>,
    /// Paragraph texts joined by `\n`.
    pub text: String,
}

/// One `w:tr` as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    /// `w:trPr/w:cantSplit` is present (and not false).
    pub cant_split: bool,
    /// The cells in document order.
    pub cells: Vec<RawCell>,
}

/// One top-level `w:tbl` as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTable {
    /// `w:tblGrid/w:gridCol/@w:w`, in twips.
    pub grid: Vec<u32>,
    /// `w:tblLayout/@w:type`, if present.
    pub layout: Option<String>,
    /// The rows.
    pub rows: Vec<RawRow>,
}

impl RawTable {
    /// Resolves spans and merges into anchored cells in reading order.
    pub fn resolve(&self) -> Result<Vec<ReadCell>, String> {
        let mut cells: Vec<ReadCell> = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let mut col = 0;
            for raw in &row.cells {
                let span = raw.span.max(1);
                if raw.vmerge == Some(VMerge::Continue) {
                    let above = cells
                        .iter_mut()
                        .find(|c| c.col == col && c.row + c.rowspan == r)
                        .ok_or_else(|| {
                            format!("row {r} col {col}: vMerge continue with nothing above")
                        })?;
                    if above.colspan != span {
                        return Err(format!(
                            "row {r} col {col}: continue span {span} != restart span {}",
                            above.colspan
                        ));
                    }
                    if !raw.text.is_empty() {
                        return Err(format!(
                            "row {r} col {col}: continue cell has text {:?}",
                            raw.text
                        ));
                    }
                    above.rowspan += 1;
                } else {
                    cells.push(ReadCell {
                        row: r,
                        col,
                        rowspan: 1,
                        colspan: span,
                        text: raw.text.clone(),
                    });
                }
                col += span;
            }
            if !self.grid.is_empty() && col != self.grid.len() {
                return Err(format!(
                    "row {r} covers {col} of {} grid columns",
                    self.grid.len()
                ));
            }
        }
        cells.sort_by_key(|c| (c.row, c.col));
        Ok(cells)
    }
}

/// The text of one part (e.g. `word/document.xml`) of a zip package.
pub fn zip_part(bytes: &[u8], name: &str) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut file = archive.by_name(name).map_err(|e| format!("{name}: {e}"))?;
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(text)
}

/// Every top-level table of the document, resolved into anchored cells.
pub fn read_docx_tables(bytes: &[u8]) -> Result<Vec<Vec<ReadCell>>, String> {
    read_raw_tables(bytes)?
        .iter()
        .map(RawTable::resolve)
        .collect()
}

/// Every top-level table of the document, as written.
pub fn read_raw_tables(bytes: &[u8]) -> Result<Vec<RawTable>, String> {
    parse_tables(&zip_part(bytes, "word/document.xml")?)
}

/// The value of attribute `w:{local}` (any prefix) on an element.
fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// Parses the tables out of `word/document.xml`; nested tables are not expected.
pub fn parse_tables(xml: &str) -> Result<Vec<RawTable>, String> {
    let mut reader = Reader::from_str(xml);
    let mut tables = Vec::new();
    let mut table: Option<RawTable> = None;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut in_text = false;
    let mut raw_text = String::new();
    let mut depth_tbl = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name();
            match name.as_ref() {
                "tbl" if !empty => {
                    depth_tbl += 1;
                    if depth_tbl > 1 {
                        return Err("nested table".into());
                    }
                    table = Some(RawTable::default());
                }
                "gridCol" => {
                    let w = attr(&e, "w")
                        .and_then(|v| v.parse().ok())
                        .ok_or("gridCol without w")?;
                    table.as_mut().ok_or("gridCol outside table")?.grid.push(w);
                }
                "tblLayout" => {
                    if let Some(t) = table.as_mut() {
                        t.layout = attr(&e, "type");
                    }
                }
                "tr" => table
                    .as_mut()
                    .ok_or("tr outside table")?
                    .rows
                    .push(RawRow::default()),
                "cantSplit" => {
                    let row = table
                        .as_mut()
                        .and_then(|t| t.rows.last_mut())
                        .ok_or("cantSplit outside row")?;
                    row.cant_split = !matches!(attr(&e, "val").as_deref(), Some("false" | "0"));
                }
                "tc" => {
                    let row = table
                        .as_mut()
                        .and_then(|t| t.rows.last_mut())
                        .ok_or("tc outside row")?;
                    row.cells.push(RawCell {
                        span: 1,
                        ..RawCell::default()
                    });
                    paragraphs.clear();
                }
                "gridSpan" | "vMerge" | "tcW" => {
                    let cell = table
                        .as_mut()
                        .and_then(|t| t.rows.last_mut())
                        .and_then(|r| r.cells.last_mut())
                        .ok_or("cell property outside cell")?;
                    match name.as_ref() {
                        "gridSpan" => {
                            cell.span = attr(&e, "val")
                                .and_then(|v| v.parse().ok())
                                .ok_or("bad gridSpan")?;
                        }
                        "vMerge" => {
                            cell.vmerge = Some(match attr(&e, "val").as_deref() {
                                Some("restart") => VMerge::Restart,
                                _ => VMerge::Continue,
                            });
                        }
                        _ => {
                            if attr(&e, "type").as_deref() == Some("dxa") {
                                cell.width_dxa = attr(&e, "w").and_then(|v| v.parse().ok());
                            }
                        }
                    }
                }
                "p" if table.is_some() => paragraphs.push(String::new()),
                "t" if !empty && table.is_some() => {
                    in_text = true;
                    raw_text.clear();
                }
                "ta" if table.is_some() => {
                    if let Some(p) = paragraphs.last_mut() {
                        p.push('\t');
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Text(t) if in_text => raw_text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                raw_text.push('&');
                raw_text.push_str(&r.xml10_content());
                raw_text.push(';');
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" if in_text => {
                    in_text = false;
                    let text = quick_xml::escape::unescape(&raw_text).map_err(|e| e.to_string())?;
                    paragraphs
                        .last_mut()
                        .ok_or("w:t outside paragraph")?
                        .push_str(&text);
                }
                "tc" => {
                    let cell = table
                        .as_mut()
                        .and_then(|t| t.rows.last_mut())
                        .and_then(|r| r.cells.last_mut())
                        .ok_or("tc end outside cell")?;
                    cell.text = paragraphs.join("\n");
                    paragraphs.clear();
                }
                "tbl" => {
                    depth_tbl -= 1;
                    tables.push(table.take().ok_or("unbalanced tbl")?);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

/// For every `w:r` in the XML, the `w:eastAsia` font of its `w:rPr/w:rFonts` (None if absent).
pub fn run_east_asia_fonts(xml: &str) -> Result<Vec<Option<String>>, String> {
    let mut reader = Reader::from_str(xml);
    let mut fonts = Vec::new();
    let mut in_run = false;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) if e.local_name().as_ref() == "r" => {
                in_run = true;
                fonts.push(None);
            }
            Event::Empty(e) if e.local_name().as_ref() == "r" => fonts.push(None),
            Event::End(e) if e.local_name().as_ref() == "r" => in_run = false,
            Event::Start(e) | Event::Empty(e) if in_run && e.local_name().as_ref() == "rFonts" => {
                if let Some(last) = fonts.last_mut() {
                    *last = attr(&e, "eastAsia");
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(fonts)
}
