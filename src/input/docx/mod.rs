//! Word documents (`.docx`) as input: every table of the document becomes a grid
//! of cells with its merged regions (`gridSpan`, `vMerge`), the text above it
//! (title, year) first, and is read by the spreadsheet reader, which finds a
//! self-evaluation table by its labels. Diagnostics name `表3 第12行第5列`.

mod xml;

use crate::diag::msg::input as msg;
use crate::diag::Code;
use std::io::{Cursor, Read};
use std::path::Path;

use super::sheet::{self, Sheet, Value, Workbook};
use super::Words;
use crate::diag::{Diagnostic, Place};

/// The most the document's text part may unpack to: a unit's combined
/// document of 1,000 tables is about 30 MB.
const MAX_DOCUMENT: u64 = 64 << 20;

/// Whether a path names a Word document jixiao reads (`.docx`).
pub fn is_word(path: &Path) -> bool {
    has_extension(path, "docx")
}

/// Whether a path names an old binary Word document (`.doc`), which jixiao
/// does not read but names with what to do.
pub fn is_old_word(path: &Path) -> bool {
    has_extension(path, "doc")
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Reads every table of a Word document file, with the words the run's forms add.
pub fn load_file(file: &Path, words: &Words) -> Workbook {
    if is_old_word(file) {
        return unreadable(file, msg::OLD_WORD.to_string(), msg::OLD_WORD_HINT);
    }
    if let Some(why) = crate::input::too_large(file, crate::input::MAX_WORKBOOK_BYTES) {
        return unreadable(file, why, msg::CONFIRM_TABLE_HINT);
    }
    match crate::input::read_regular(file, crate::input::MAX_WORKBOOK_BYTES) {
        Ok(bytes) => load_bytes(file, &bytes, words),
        Err(e) => unreadable(file, crate::diag::io_reason(&e), msg::CONFIRM_READABLE_HINT),
    }
}

/// Reads every table of a Word document held in memory; `file` names it.
pub fn load_bytes(file: &Path, bytes: &[u8], words: &Words) -> Workbook {
    let document = match document_xml(bytes) {
        Ok(xml) => xml,
        Err(why) => return unreadable(file, why, msg::DOCX_HINT),
    };
    let tables = match sheet::guard::guarded(|| xml::tables(&document)) {
        Some(Ok(tables)) => tables,
        Some(Err(why)) => {
            return unreadable(file, msg::document_unparsable(&why), msg::RESAVE_HINT)
        }
        None => return unreadable(file, msg::DOCUMENT_UNPARSABLE.into(), msg::RESAVE_HINT),
    };
    let mut book = Workbook::default();
    for (i, table) in tables.into_iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let above = table.above.len();
        let mut cells: Vec<Vec<Value>> = table
            .above
            .into_iter()
            .map(|text| vec![Value::Text(text)])
            .collect();
        cells.extend(table.cells);
        let offset = u32::try_from(above).unwrap_or(u32::MAX);
        let merges = table
            .merges
            .into_iter()
            .map(|(r0, c0, r1, c1)| (r0 + offset, c0, r1 + offset, c1))
            .collect();
        let mut grid = Sheet::new(&msg::word_table(number), cells, merges);
        grid.word = Some((number, above));
        if let Some(found) = sheet::project::read_sheet(file, &grid, words) {
            book.tables.push(found);
        }
    }
    if book.tables.is_empty() {
        book.notes.push(
            Diagnostic::new(Code::E0704, file, Place::File, msg::NO_TABLE_IN_DOCUMENT)
                .with_hint(msg::NO_TABLE_IN_DOCUMENT_HINT),
        );
    }
    book
}

/// The text of `word/document.xml`, within the bounds a real document keeps.
fn document_xml(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(msg::OLD_OR_ENCRYPTED.into());
    }
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| msg::NOT_DOCX.to_string())?;
    sheet::extras::unpacked_size_is_bounded(&mut zip)?;
    let part = zip
        .by_name("word/document.xml")
        .map_err(|_| msg::NO_BODY.to_string())?;
    // The bytes it really inflates to are counted, whatever the zip declares.
    let mut text = String::new();
    let read = part
        .take(MAX_DOCUMENT + 1)
        .read_to_string(&mut text)
        .map_err(|e| msg::body_unreadable(&e.to_string()))?;
    if read as u64 > MAX_DOCUMENT {
        return Err(msg::body_too_large(MAX_DOCUMENT >> 20));
    }
    Ok(text)
}

fn unreadable(file: &Path, why: String, hint: &str) -> Workbook {
    Workbook::unreadable(file, msg::cannot_read_document(&why), hint)
}
