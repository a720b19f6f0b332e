//! The tables of `word/document.xml` as grids: rows of cells on the table's
//! grid (`gridBefore`, `gridSpan`), vertical merges (`vMerge`) as merged
//! regions, cell text over several paragraphs (its lines) and runs, soft line
//! breaks joined, and the paragraphs right above each table.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::diag::msg::input as msg;
use crate::input::sheet::Value;

/// The most cell slots of all a document's tables together (as a workbook's sheet).
const MAX_SLOTS: usize = crate::input::sheet::grid::MAX_SLOTS;

/// The most of one paragraph's text kept, in bytes: more than the longest
/// text a cell holds (32,767 characters of up to 4 bytes), so that a longer
/// one is still reported as too long.
const MAX_PARAGRAPH_BYTES: usize = 32_767 * 4 + 4;

/// Paragraphs above a table that are kept (its title, year and unit lines).
const ABOVE: usize = 6;

/// A merged region: (first row, first column, last row, last column).
type Merge = (u32, u32, u32, u32);

/// One table of the document.
#[derive(Debug, Default)]
pub(super) struct Table {
    /// The non-empty paragraphs right above it (after the previous table).
    pub above: Vec<String>,
    /// Its cells by row and grid column; a cell covered by a merge is empty.
    pub cells: Vec<Vec<Value>>,
    /// Its merged regions.
    pub merges: Vec<Merge>,
}

/// A cell as read: its paragraphs, how many grid columns it spans, its vertical merge.
#[derive(Default)]
struct CellBuf {
    paragraphs: Vec<String>,
    span: usize,
    merge: Option<VMerge>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum VMerge {
    Restart,
    Continue,
}

#[derive(Default)]
struct RowBuf {
    before: usize,
    cells: Vec<CellBuf>,
}

/// Every top-level table of the document, in order. Tables inside a cell are
/// read as that cell's text.
pub(super) fn tables(xml: &str) -> Result<Vec<Table>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut above: Vec<String> = Vec::new();
    let mut rows: Vec<RowBuf> = Vec::new();
    let mut row: Option<RowBuf> = None;
    let mut cell: Option<CellBuf> = None;
    let mut para = String::new();
    let (mut depth, mut in_text, mut slots) = (0usize, false, 0usize);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| msg::xml_error_at(reader.buffer_position(), &e.to_string()))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                "w:t" => in_text = true,
                "w:tbl" => {
                    depth += 1;
                    if depth == 1 {
                        rows.clear();
                    }
                }
                "w:tr" if depth == 1 => row = Some(RowBuf::default()),
                "w:tc" if depth == 1 => {
                    cell = Some(CellBuf {
                        span: 1,
                        ..CellBuf::default()
                    })
                }
                "w:vMerge" if depth == 1 => set_merge(&mut cell, &e),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                // A soft line break (Shift+Enter, or where jixiao's own documents
                // wrap a long name) continues the paragraph: Chinese text wraps
                // without spaces. Paragraphs are the cell's lines.
                "w:br" | "w:cr" => {}
                "w:tab" => para.push(' '),
                "w:gridSpan" if depth == 1 => {
                    if let Some(c) = cell.as_mut() {
                        c.span = number(&e).clamp(1, 1000);
                    }
                }
                "w:gridBefore" if depth == 1 => {
                    if let Some(r) = row.as_mut() {
                        r.before = number(&e).min(1000);
                    }
                }
                "w:vMerge" if depth == 1 => set_merge(&mut cell, &e),
                _ => {}
            },
            // A paragraph past any cell's length is kept to that length (the
            // check reports it too long): a huge text node costs no more.
            Event::Text(t) if in_text && para.len() < MAX_PARAGRAPH_BYTES => {
                para.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => para.push(c),
                    _ => para.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name).unwrap_or_default(),
                    ),
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => {
                    let text = std::mem::take(&mut para);
                    match cell.as_mut() {
                        Some(c) if depth >= 1 => c.paragraphs.push(text),
                        _ if depth == 0 => {
                            let text = text.trim();
                            if !text.is_empty() {
                                above.push(text.to_string());
                                if above.len() > ABOVE {
                                    above.remove(0);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                "w:tc" if depth == 1 => {
                    if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                        slots += c.span;
                        r.cells.push(c);
                    }
                }
                "w:tr" if depth == 1 => {
                    if let Some(r) = row.take() {
                        slots += r.before;
                        rows.push(r);
                    }
                }
                "w:tbl" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        if slots > MAX_SLOTS {
                            return Err(msg::word_table_too_large(MAX_SLOTS));
                        }
                        let (cells, merges) = grid(std::mem::take(&mut rows));
                        out.push(Table {
                            above: std::mem::take(&mut above),
                            cells,
                            merges,
                        });
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// `w:val` as a number (`gridSpan`, `gridBefore`); 0 when absent or unreadable.
fn number(e: &BytesStart) -> usize {
    attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

fn set_merge(cell: &mut Option<CellBuf>, e: &BytesStart) {
    if let Some(c) = cell.as_mut() {
        c.merge = Some(match attr(e, "w:val").as_deref() {
            Some("restart") => VMerge::Restart,
            _ => VMerge::Continue,
        });
    }
}

/// The rows on the table's grid, with the regions that `gridSpan` and `vMerge` merge.
fn grid(rows: Vec<RowBuf>) -> (Vec<Vec<Value>>, Vec<Merge>) {
    let to32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let mut cells = Vec::with_capacity(rows.len());
    let mut merges = Vec::new();
    // Vertical merges still open, by grid column: (first row, span, last row).
    let mut open: BTreeMap<usize, (usize, usize, usize)> = BTreeMap::new();
    let close = |merges: &mut Vec<_>, col: usize, (r0, span, r1): (usize, usize, usize)| {
        if r1 > r0 || span > 1 {
            merges.push((to32(r0), to32(col), to32(r1), to32(col + span - 1)));
        }
    };
    for (r, row) in rows.into_iter().enumerate() {
        let mut line: Vec<Value> = vec![Value::Empty; row.before];
        for c in row.cells {
            let col = line.len();
            let continues = c.merge == Some(VMerge::Continue) && open.contains_key(&col);
            if continues {
                if let Some(o) = open.get_mut(&col) {
                    o.2 = r;
                }
                line.extend(std::iter::repeat_n(Value::Empty, c.span));
                continue;
            }
            if let Some(o) = open.remove(&col) {
                close(&mut merges, col, o);
            }
            if c.merge == Some(VMerge::Restart) {
                open.insert(col, (r, c.span, r));
            } else if c.span > 1 {
                close(&mut merges, col, (r, c.span, r));
            }
            let text = c.paragraphs.join("\n").trim().to_string();
            line.push(if text.is_empty() {
                Value::Empty
            } else {
                Value::Text(text)
            });
            line.extend(std::iter::repeat_n(Value::Empty, c.span - 1));
        }
        // A vertical merge this row does not continue ends above it.
        let ended: Vec<usize> = open
            .iter()
            .filter(|(_, o)| o.2 < r)
            .map(|(col, _)| *col)
            .collect();
        for col in ended {
            if let Some(o) = open.remove(&col) {
                close(&mut merges, col, o);
            }
        }
        cells.push(line);
    }
    for (col, o) in std::mem::take(&mut open) {
        close(&mut merges, col, o);
    }
    (cells, merges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn texts(t: &Table) -> Vec<Vec<String>> {
        t.cells
            .iter()
            .map(|r| r.iter().map(Value::text).collect())
            .collect()
    }

    #[test]
    fn spans_vertical_merges_runs_and_breaks() {
        let xml = doc(&format!(
            "{}{}<w:tbl>\
             <w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>年初</w:t></w:r><w:r><w:t xml:space=\"preserve\">预算数</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:p><w:p><w:r><w:t>c &amp; d</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>\
             </w:tbl>{}",
            p("项目支出绩效自评表"),
            p("（2024年度）"),
            p("项目资金"),
            p("标题"),
            p("x"),
            p("y"),
            p("after")
        ));
        let t = tables(&xml).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].above, ["项目支出绩效自评表", "（2024年度）"]);
        assert_eq!(
            texts(&t[0]),
            [
                vec!["项目资金", "标题", ""],
                vec!["", "年初预算数", "ab\nc & d"],
                vec!["", "x", "y"]
            ]
        );
        let mut m = t[0].merges.clone();
        m.sort();
        assert_eq!(m, [(0, 0, 1, 0), (0, 1, 0, 2)]);
    }

    #[test]
    fn a_table_inside_a_cell_is_that_cells_text() {
        let inner = format!("<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>", p("inner"));
        let xml = doc(&format!(
            "<w:tbl><w:tr><w:tc>{}{inner}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl><w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
            p("outer"),
            p("b"),
            p("second")
        ));
        let t = tables(&xml).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(texts(&t[0]), [vec!["outer\ninner", "b"]]);
        assert_eq!(texts(&t[1]), [vec!["second"]]);
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(tables("<w:document><w:body><w:tbl><w:tr></w:tc>").is_err());
        assert!(tables("").unwrap().is_empty());
    }
}
