//! Parses the table markup a form template renders (an XHTML subset) into the
//! pieces of a [`Grid`](super::Grid): headings, column widths, cells and slots.
//!
//! Elements: `form` (root), `p class=…` (a heading above the table), `table`,
//! `col width=MM`, `tr`, `td colspan rowspan class type="number" fill="yes"`,
//! and `p` inside a `td` for paragraphs. `fill` marks a cell the unit fills in
//! a fill-in workbook (`jixiao init --xlsx`).

use std::collections::BTreeMap;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::diag::msg::layout as msg;

use super::grid::{Cell, Content, Fill, Heading, Slot};
use crate::form::Style;

/// The table parsed from markup, before page and document properties are added.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Paragraphs above the table.
    pub headings: Vec<Heading>,
    /// Column widths in millimetres.
    pub columns: Vec<f64>,
    /// Cells in reading order.
    pub cells: Vec<Cell>,
    /// Which cell occupies each slot.
    pub slots: Vec<Vec<Slot>>,
    /// Rows marked `<tr repeat="header">`: printed again at the top of every
    /// page the table runs onto.
    pub repeat: Vec<usize>,
}

/// A cell being read: its attributes and the text collected so far.
struct Open {
    colspan: usize,
    rowspan: usize,
    class: String,
    number: bool,
    exact: Option<String>,
    fill: bool,
    paragraphs: Vec<String>,
}

/// Why a form's table markup could not be read; the messages name the markup
/// line and say what is wrong (in Chinese).
#[derive(Debug, thiserror::Error)]
pub enum MarkupError {
    /// The markup is not well-formed XML.
    #[error("{}", msg::markup_xml(.at, &.source.to_string()))]
    Xml {
        /// Where: `第 12 行`.
        at: String,
        /// The XML reader's error.
        source: quick_xml::Error,
    },
    /// Well-formed, but not a table a form can use (a `<td>` outside a row,
    /// overlapping spans, an unknown style class…).
    #[error("{0}")]
    Invalid(String),
}

impl From<String> for MarkupError {
    fn from(message: String) -> Self {
        MarkupError::Invalid(message)
    }
}

/// Parses markup; `styles` lists the classes a cell or heading may use.
pub fn parse(markup: &str, styles: &BTreeMap<String, Style>) -> Result<Table, MarkupError> {
    let mut reader = Reader::from_str(markup);
    let mut table = Table::default();
    let mut rows: Vec<Vec<Open>> = Vec::new();
    let mut cell: Option<Open> = None;
    let mut heading: Option<Heading> = None;
    let mut in_table = false;
    loop {
        let pos = reader.buffer_position();
        let at = || msg::markup_line(line_of(markup, pos));
        let event = reader
            .read_event()
            .map_err(|source| MarkupError::Xml { at: at(), source })?;
        match event {
            Event::Start(e) if e.name().as_ref() == "td" => {
                if rows.is_empty() {
                    return Err(msg::cell_outside_row(&at()).into());
                }
                cell = Some(open_cell(&e, styles, &at)?);
            }
            Event::Empty(e) if e.name().as_ref() == "td" => {
                let open = open_cell(&e, styles, &at)?;
                rows.last_mut()
                    .ok_or_else(|| msg::cell_outside_row(&at()))?
                    .push(open);
            }
            Event::End(e) if e.name().as_ref() == "td" => {
                let open = cell.take().ok_or_else(|| msg::stray_cell_end(&at()))?;
                if let Some(row) = rows.last_mut() {
                    row.push(open);
                }
            }
            Event::Start(e) if e.name().as_ref() == "tr" => {
                if str_attr(&e, "repeat")?.is_some() {
                    table.repeat.push(rows.len());
                }
                rows.push(Vec::new());
            }
            Event::Start(e) if e.name().as_ref() == "table" => in_table = true,
            Event::End(e) if e.name().as_ref() == "table" => in_table = false,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "col" => {
                let width = str_attr(&e, "width")?
                    .and_then(|w| w.trim().trim_end_matches("mm").parse::<f64>().ok())
                    .filter(|w| w.is_finite() && *w > 0.0)
                    .ok_or_else(|| msg::column_without_width(&at()))?;
                table.columns.push(width);
            }
            Event::Start(e) if e.name().as_ref() == "p" => match cell.as_mut() {
                Some(c) => c.paragraphs.push(String::new()),
                None if !in_table => {
                    heading = Some(Heading {
                        text: String::new(),
                        class: class_attr(&e, styles, &at)?,
                    })
                }
                None => return Err(msg::paragraph_outside_cell(&at()).into()),
            },
            Event::End(e) if e.name().as_ref() == "p" => {
                if let Some(h) = heading.take() {
                    table.headings.push(h);
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                push_text(&mut cell, &mut heading, &text);
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let ch = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => resolve_predefined_entity(&name)
                        .map(str::to_string)
                        .ok_or_else(|| msg::unknown_entity(&at(), &name))?,
                };
                push_text(&mut cell, &mut heading, &ch);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    place(&mut table, rows)?;
    Ok(table)
}

fn open_cell(
    e: &BytesStart,
    styles: &BTreeMap<String, Style>,
    at: &dyn Fn() -> String,
) -> Result<Open, String> {
    let mut open = Open {
        colspan: 1,
        rowspan: 1,
        class: String::new(),
        number: false,
        exact: None,
        fill: false,
        paragraphs: Vec::new(),
    };
    // One pass over the attributes: a table has hundreds of cells per project.
    for attr in e.attributes() {
        let attr = attr.map_err(|err| msg::attribute_unreadable(&err.to_string()))?;
        let name = attr.key.as_ref();
        if !matches!(
            name,
            "colspan" | "rowspan" | "class" | "type" | "value" | "fill"
        ) {
            continue;
        }
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| msg::named_attribute_unreadable(name, &err.to_string()))?;
        match name {
            "colspan" => open.colspan = parse_int("colspan", &value)?,
            "rowspan" => open.rowspan = parse_int("rowspan", &value)?,
            "class" => open.class = value.into_owned(),
            "value" => open.exact = Some(value.into_owned()).filter(|v| !v.trim().is_empty()),
            "fill" => open.fill = !matches!(value.trim(), "" | "no"),
            _ => open.number = value == "number",
        }
    }
    check_class(&open.class, styles, at)?;
    if open.colspan == 0 || open.rowspan == 0 {
        return Err(msg::zero_span(&at()));
    }
    Ok(open)
}

fn push_text(cell: &mut Option<Open>, heading: &mut Option<Heading>, text: &str) {
    if let Some(c) = cell.as_mut() {
        match c.paragraphs.last_mut() {
            Some(p) => p.push_str(text),
            None => c.paragraphs.push(text.to_string()),
        }
    } else if let Some(h) = heading.as_mut() {
        h.text.push_str(text);
    }
}

fn line_of(markup: &str, pos: u64) -> usize {
    let end = usize::try_from(pos)
        .unwrap_or(markup.len())
        .min(markup.len());
    markup.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn str_attr(e: &BytesStart, name: &str) -> Result<Option<String>, String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|err| msg::named_attribute_unreadable(name, &err.to_string())),
        Ok(None) => Ok(None),
        Err(err) => Err(msg::named_attribute_unreadable(name, &err.to_string())),
    }
}

fn parse_int(name: &str, value: &str) -> Result<usize, String> {
    value
        .trim()
        .parse::<usize>()
        .map_err(|_| msg::not_positive_integer(name, value))
}

fn class_attr(
    e: &BytesStart,
    styles: &BTreeMap<String, Style>,
    at: &dyn Fn() -> String,
) -> Result<String, String> {
    let class = str_attr(e, "class")?.unwrap_or_default();
    check_class(&class, styles, at)?;
    Ok(class)
}

/// Fails unless `class` is one of the form's style classes.
fn check_class(
    class: &str,
    styles: &BTreeMap<String, Style>,
    at: &dyn Fn() -> String,
) -> Result<(), String> {
    if styles.contains_key(class) {
        Ok(())
    } else {
        Err(msg::undefined_style_class(&at(), class))
    }
}

/// Places the cells of each row into slots, skipping slots already covered by a
/// row span from above (the HTML table algorithm), and rejects overlaps, ragged
/// rows and spans past the end of the table.
fn place(table: &mut Table, rows: Vec<Vec<Open>>) -> Result<(), String> {
    let width = table.columns.len();
    if width == 0 {
        return Err(msg::NO_COLUMNS.into());
    }
    let mut slots: Vec<Vec<Option<Slot>>> = vec![vec![None; width]; rows.len()];
    for (r, row) in rows.into_iter().enumerate() {
        let mut c = 0;
        for open in row {
            while c < width && slots[r][c].is_some() {
                c += 1;
            }
            if c + open.colspan > width {
                return Err(msg::cell_past_width(r + 1, width, c + 1, open.colspan));
            }
            if r + open.rowspan > slots.len() {
                return Err(msg::span_past_end(r + 1, c + 1, open.rowspan));
            }
            let index = table.cells.len();
            for (dr, slot_row) in slots[r..r + open.rowspan].iter_mut().enumerate() {
                for (dc, slot) in slot_row[c..c + open.colspan].iter_mut().enumerate() {
                    if slot.is_some() {
                        return Err(msg::cells_overlap(r + dr + 1, c + dc + 1));
                    }
                    *slot = Some(if dr == 0 && dc == 0 {
                        Slot::Anchor(index)
                    } else {
                        Slot::Covered(index)
                    });
                }
            }
            let paragraphs: Vec<&str> = open
                .paragraphs
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .collect();
            let text = paragraphs.join("\n");
            // A number cell that holds no number (a row the template left, a
            // not-applicable `—`) is a text cell.
            // Thousands separators as a form prints them (`215,457.60`).
            let plain = text.replace(',', "");
            let numeric = plain
                .strip_suffix('%')
                .unwrap_or(&plain)
                .parse::<rust_decimal::Decimal>()
                .is_ok();
            let content = if open.number && (open.exact.is_some() || numeric) {
                let number = text.strip_suffix('%');
                let places = number
                    .unwrap_or(&text)
                    .split_once('.')
                    .map_or(0, |(_, f)| u32::try_from(f.len()).unwrap_or(0));
                let exact = open.exact.clone();
                Content::Number {
                    percent: number.is_some(),
                    text,
                    places,
                    exact,
                }
            } else {
                Content::Text(text)
            };
            let fill = match (open.fill, open.number) {
                (false, _) => Fill::No,
                (true, false) => Fill::Text,
                (true, true) => Fill::Number,
            };
            table.cells.push(Cell {
                row: r,
                col: c,
                rowspan: open.rowspan,
                colspan: open.colspan,
                content,
                class: open.class,
                fill,
            });
            c += open.colspan;
        }
    }
    table.slots = Vec::with_capacity(slots.len());
    for (r, row) in slots.into_iter().enumerate() {
        let mut full = Vec::with_capacity(width);
        for (c, slot) in row.into_iter().enumerate() {
            full.push(slot.ok_or_else(|| msg::missing_cell(r + 1, c + 1))?);
        }
        table.slots.push(full);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles() -> BTreeMap<String, Style> {
        ["t", "c"]
            .iter()
            .map(|s| (s.to_string(), Style::default()))
            .collect()
    }

    #[test]
    fn spans_are_resolved() {
        let m = r#"<form><p class="t">标题 &amp; 年</p><table><col width="10"/><col width="20"/><col width="30"/>
<tr><td rowspan="2" class="c">A</td><td colspan="2" class="c"><p>x</p><p>y</p></td></tr>
<tr><td class="c" type="number">1.50</td><td class="c"/></tr></table></form>"#;
        let t = parse(m, &styles()).unwrap();
        assert_eq!(t.headings[0].text, "标题 & 年");
        assert_eq!(t.columns, vec![10.0, 20.0, 30.0]);
        assert_eq!(t.cells.len(), 4);
        assert_eq!((t.cells[0].rowspan, t.cells[1].colspan), (2, 2));
        assert_eq!(t.cells[1].content, Content::Text("x\ny".into()));
        assert_eq!(
            t.cells[2].content,
            Content::Number {
                text: "1.50".into(),
                places: 2,
                percent: false,
                exact: None,
            }
        );
        assert_eq!((t.cells[2].row, t.cells[2].col), (1, 1));
        assert_eq!(t.slots[1][0], Slot::Covered(0));
        assert_eq!(t.slots[1][2], Slot::Anchor(3));
    }

    #[test]
    fn cells_to_fill_are_marked() {
        let m = r#"<form><table><col width="10"/><col width="10"/><col width="10"/>
<tr><td class="c" type="number" value="" fill="yes"></td><td class="c" fill="yes">x</td><td class="c">y</td></tr></table></form>"#;
        let t = parse(m, &styles()).unwrap();
        let fills: Vec<Fill> = t.cells.iter().map(|c| c.fill).collect();
        assert_eq!(fills, [Fill::Number, Fill::Text, Fill::No]);
        assert_eq!(t.cells[0].content, Content::Text(String::new()));
    }

    #[test]
    fn overlaps_and_ragged_rows_are_rejected() {
        let overlap = r#"<form><table><col width="10"/><col width="10"/>
<tr><td rowspan="2" class="c"/><td class="c"/></tr><tr><td colspan="2" class="c"/></tr></table></form>"#;
        let e = parse(overlap, &styles()).unwrap_err().to_string();
        assert!(e.contains("超出") || e.contains("重叠"), "{e}");
        let short = r#"<form><table><col width="10"/><col width="10"/><tr><td class="c"/></tr></table></form>"#;
        assert!(parse(short, &styles())
            .unwrap_err()
            .to_string()
            .contains("缺少单元格"));
        let past =
            r#"<form><table><col width="10"/><tr><td rowspan="3" class="c"/></tr></table></form>"#;
        assert!(parse(past, &styles())
            .unwrap_err()
            .to_string()
            .contains("超出表格末尾"));
        let class = r#"<form><table><col width="10"/><tr><td class="zz"/></tr></table></form>"#;
        assert!(parse(class, &styles())
            .unwrap_err()
            .to_string()
            .contains("zz"));
        let span =
            r#"<form><table><col width="10"/><tr><td colspan="两" class="c"/></tr></table></form>"#;
        assert!(parse(span, &styles())
            .unwrap_err()
            .to_string()
            .contains(r#"colspan="两" 不是正整数"#));
        let zero =
            r#"<form><table><col width="10"/><tr><td rowspan="0" class="c"/></tr></table></form>"#;
        assert!(parse(zero, &styles())
            .unwrap_err()
            .to_string()
            .contains("不能为 0"));
        let broken = r#"<form><table><col width="10"/><tr><td class="c"></tr></table></form>"#;
        let e = parse(broken, &styles()).unwrap_err();
        assert!(matches!(e, MarkupError::Xml { .. }), "{e}");
        assert!(
            std::error::Error::source(&e).is_some(),
            "the XML error is kept"
        );
    }
}
