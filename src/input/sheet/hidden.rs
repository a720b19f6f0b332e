//! Hidden rows and columns of an `.xlsx` workbook's sheets, which calamine does
//! not report: they are not part of the printed table.

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};

use quick_xml::events::Event;
use quick_xml::Reader;

/// The most hidden rows or column ranges kept for one sheet; a file hiding more
/// is hostile or broken, and the rest are read as shown.
const MAX_HIDDEN: usize = 100_000;

/// Hidden rows (zero-based) and column ranges (zero-based, inclusive) of a sheet.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Hidden {
    /// Hidden rows.
    pub rows: Vec<u32>,
    /// Hidden column ranges.
    pub cols: Vec<(u32, u32)>,
}

/// Hidden rows and columns by sheet name; empty when the file is not an `.xlsx`
/// or its parts cannot be read (calamine then reports the file).
pub fn of_workbook<R: Read + Seek>(reader: R) -> HashMap<String, Hidden> {
    let Ok(mut zip) = zip::ZipArchive::new(reader) else {
        return HashMap::new();
    };
    let sheets = sheet_paths(&mut zip);
    let mut out = HashMap::new();
    for (name, path) in sheets {
        let Ok(part) = zip.by_name(&path) else {
            continue;
        };
        let hidden = of_sheet(BufReader::new(part));
        if !hidden.rows.is_empty() || !hidden.cols.is_empty() {
            out.insert(name, hidden);
        }
    }
    out
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

/// Hidden rows and columns of one worksheet part.
fn of_sheet<R: std::io::BufRead>(part: R) -> Hidden {
    let mut hidden = Hidden::default();
    let mut next_row = 0u32;
    each_element(part, |name, attr| {
        let is_hidden = attr("hidden").is_some_and(|v| v == "1" || v == "true");
        match name {
            "row" => {
                let row = attr("r")
                    .and_then(|r| r.parse::<u32>().ok())
                    .map_or(next_row, |r| r.saturating_sub(1));
                next_row = row.saturating_add(1);
                if is_hidden && hidden.rows.len() < MAX_HIDDEN {
                    hidden.rows.push(row);
                }
            }
            "col" if is_hidden && hidden.cols.len() < MAX_HIDDEN => {
                let at = |k: &str| attr(k).and_then(|v| v.parse::<u32>().ok());
                if let (Some(min), Some(max)) = (at("min"), at("max")) {
                    hidden
                        .cols
                        .push((min.saturating_sub(1), max.saturating_sub(1)));
                }
            }
            _ => {}
        }
    });
    hidden
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
