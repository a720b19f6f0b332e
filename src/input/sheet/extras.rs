//! What calamine does not report of an `.xlsx` workbook's sheets, read in one pass
//! over each sheet's XML: hidden rows and columns (not part of the printed table)
//! and formulas whose result was never saved.

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::diag::msg::input as msg;

/// The most hidden rows, column ranges or unsaved formulas kept for one sheet; a
/// file with more is hostile or broken, and the rest are read as they are.
const MAX_HIDDEN: usize = 100_000;

/// Hidden rows (zero-based) and column ranges (zero-based, inclusive) of a sheet,
/// and its formulas without a saved result.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Extras {
    /// Hidden rows.
    pub rows: Vec<u32>,
    /// Hidden column ranges.
    pub cols: Vec<(u32, u32)>,
    /// Cells (row, column) holding a formula but no result, with the formula.
    pub unsaved: Vec<((u32, u32), String)>,
    /// Cells (row, column) of shared text whose index is no index (`-1`,
    /// `abc`): a damaged file, the cell read as blank.
    pub broken_text: Vec<(u32, u32)>,
}

/// The most one part of a workbook may unpack to, and all its parts together:
/// far above any real table, far below what would exhaust memory.
const MAX_PART: u64 = 256 << 20;
const MAX_UNPACKED: u64 = 1 << 30;

/// Reads an `.xlsx` package once: refuses a zip bomb (a few MB unpacking to
/// gigabytes) from the sizes it declares, then gives each sheet's extras by sheet
/// name. A package that cannot be opened gives none (calamine reports it).
pub fn of_workbook<R: Read + Seek>(reader: R) -> Result<HashMap<String, Extras>, String> {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return Ok(HashMap::new());
    };
    unpacked_size_is_bounded(&mut zip)?;
    let sheets = sheet_paths(&mut zip);
    let mut out = HashMap::new();
    for (name, path) in sheets {
        let Ok(part) = zip.by_name(&path) else {
            continue;
        };
        let extras = of_sheet(BufReader::new(part));
        if extras != Extras::default() {
            out.insert(name, extras);
        }
    }
    Ok(out)
}

/// Fails when a part, or all parts together, would unpack past the bounds.
pub(crate) fn unpacked_size_is_bounded<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<(), String> {
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let size = entry.size();
        total = total.saturating_add(size);
        if size > MAX_PART || total > MAX_UNPACKED {
            return Err(msg::unpacked_too_large(
                entry.name(),
                size >> 20,
                MAX_PART >> 20,
                MAX_UNPACKED >> 20,
            ));
        }
    }
    Ok(())
}

/// Sheet names and the paths of their parts, from the workbook and its relations.
fn sheet_paths<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let mut ids: Vec<(String, String)> = Vec::new();
    let mut targets: HashMap<String, String> = HashMap::new();
    if let Ok(part) = zip.by_name("xl/workbook.xml") {
        each_element(BufReader::new(part), |name, attr| {
            if name == "sheet" {
                if let (Some(n), Some(id)) = (attr("name"), attr("id")) {
                    ids.push((n, id));
                }
            }
        });
    }
    if let Ok(part) = zip.by_name("xl/_rels/workbook.xml.rels") {
        each_element(BufReader::new(part), |name, attr| {
            if name == "Relationship" {
                if let (Some(id), Some(t)) = (attr("Id"), attr("Target")) {
                    let path = match t.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("xl/{t}"),
                    };
                    targets.insert(id, path);
                }
            }
        });
    }
    ids.into_iter()
        .filter_map(|(name, id)| targets.get(&id).map(|p| (name, p.clone())))
        .collect()
}

/// Extras rows and columns, and formulas without a result, of one worksheet part.
fn of_sheet<R: std::io::BufRead>(part: R) -> Extras {
    let mut extras = Extras::default();
    let mut reader = Reader::from_reader(part);
    let mut buf = Vec::new();
    let mut next_row = 0u32;
    // The cell being read: its position, its formula (if any), whether it has a value.
    let mut cell: Option<((u32, u32), Option<String>, bool)> = None;
    // Whether it holds shared text, and the index it gives.
    let mut shared: Option<String> = None;
    let mut in_formula = false;
    let mut next_col = 0u32;
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let opens = matches!(event, Event::Start(_));
                let attr = |key: &str| attribute(e, key);
                let is_hidden = attr("hidden").is_some_and(|v| v == "1" || v == "true");
                match e.local_name().as_ref() {
                    "row" => {
                        let row = attr("r")
                            .and_then(|r| r.parse::<u32>().ok())
                            .map_or(next_row, |r| r.saturating_sub(1));
                        next_row = row.saturating_add(1);
                        next_col = 0;
                        if is_hidden && extras.rows.len() < MAX_HIDDEN {
                            extras.rows.push(row);
                        }
                    }
                    "col" if is_hidden && extras.cols.len() < MAX_HIDDEN => {
                        let at = |k: &str| attr(k).and_then(|v| v.parse::<u32>().ok());
                        if let (Some(min), Some(max)) = (at("min"), at("max")) {
                            extras
                                .cols
                                .push((min.saturating_sub(1), max.saturating_sub(1)));
                        }
                    }
                    "c" => {
                        let pos = attr("r")
                            .and_then(|r| position(&r))
                            .unwrap_or((next_row.saturating_sub(1), next_col));
                        next_col = pos.1.saturating_add(1);
                        cell = Some((pos, None, false));
                        shared = (attr("t").as_deref() == Some("s")).then(String::new);
                    }
                    "f" => {
                        if let Some((_, formula, _)) = cell.as_mut() {
                            *formula = Some(String::new());
                            // `<f t="shared" si="0"/>`: a shared formula without text.
                            in_formula = opens;
                        }
                    }
                    "is" => {
                        if let Some((_, _, has_value)) = cell.as_mut() {
                            *has_value = true;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let text = t.xml10_content();
                if let Some((_, formula, has_value)) = cell.as_mut() {
                    match formula.as_mut().filter(|_| in_formula) {
                        Some(f) => f.push_str(&text),
                        None => {
                            *has_value |= !text.trim().is_empty();
                            if let Some(index) = shared.as_mut().filter(|i| i.len() < 32) {
                                index.push_str(&text);
                            }
                        }
                    }
                }
            }
            Event::GeneralRef(r) => {
                // `&gt;` and the like inside a formula's text.
                if let Some((_, Some(f), _)) = cell.as_mut().filter(|_| in_formula) {
                    let c = match r.as_ref() {
                        "gt" => '>',
                        "lt" => '<',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => '?',
                    };
                    f.push(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "f" => in_formula = false,
                "c" => {
                    let index = shared.take();
                    if let (Some((pos, _, true)), Some(i)) = (&cell, index) {
                        let broken = i.trim().parse::<u32>().is_err();
                        if broken && extras.broken_text.len() < MAX_HIDDEN {
                            extras.broken_text.push(*pos);
                        }
                    }
                    if let Some((pos, Some(f), false)) = cell.take() {
                        if extras.unsaved.len() < MAX_HIDDEN {
                            let f = if f.is_empty() {
                                msg::SHARED_FORMULA.to_string()
                            } else {
                                f
                            };
                            extras.unsaved.push((pos, f));
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    extras
}

/// An attribute of an element by local name, unescaped.
fn attribute(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == key).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

/// Zero-based (row, column) of an A1 reference.
fn position(a1: &str) -> Option<(u32, u32)> {
    let letters = a1.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = a1.split_at(letters);
    let col = col.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A' + 1))
    })?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// Calls `f` with the local name and an attribute getter of every start or empty
/// element; stops quietly at the first XML error.
fn each_element<R: std::io::BufRead>(
    part: R,
    mut f: impl FnMut(&str, &dyn Fn(&str) -> Option<String>),
) {
    let mut reader = Reader::from_reader(part);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let local = e.local_name();
                let attr = |key: &str| {
                    e.attributes().flatten().find_map(|a| {
                        (a.key.local_name().as_ref() == key).then(|| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.into_owned())
                                .unwrap_or_default()
                        })
                    })
                };
                f(local.as_ref(), &attr);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}
