//! Rewrites the zip package written by docx-rs into deterministic bytes.
//!
//! docx-rs stores entries uncompressed and leaves their timestamps to the zip
//! crate. Here every file entry is copied in the original order, deflated, with
//! a pinned timestamp and permissions; directory entries are dropped (a docx
//! package does not need them). The document title, which docx-rs cannot set,
//! is added to `docProps/core.xml`.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The core properties part, which receives the title.
const CORE_PART: &str = "docProps/core.xml";
/// Closing tag of the core properties root element.
const CORE_END: &str = "</cp:coreProperties>";

/// Re-packs `raw` deterministically and sets the document title.
pub(super) fn normalize(raw: &[u8], title: &str) -> Result<Vec<u8>, String> {
    let zip_err = |e: zip::result::ZipError| format!("zip: {e}");
    let mut archive = ZipArchive::new(Cursor::new(raw)).map_err(zip_err)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);

    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(zip_err)?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| format!("reading {name}: {e}"))?;
        if name == CORE_PART && !title.is_empty() {
            data = with_title(data, title);
        }
        out.start_file(name.as_str(), options).map_err(zip_err)?;
        out.write_all(&data)
            .map_err(|e| format!("writing {name}: {e}"))?;
    }
    Ok(out.finish().map_err(zip_err)?.into_inner())
}

/// Inserts `<dc:title>` before the end of the core properties, if not present.
fn with_title(core: Vec<u8>, title: &str) -> Vec<u8> {
    let text = match String::from_utf8(core) {
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
    if text.contains("<dc:title>") {
        return text.into_bytes();
    }
    match text.rfind(CORE_END) {
        Some(at) => {
            let mut s = String::with_capacity(text.len() + title.len() + 24);
            s.push_str(&text[..at]);
            s.push_str("<dc:title>");
            s.push_str(&escape(title));
            s.push_str("</dc:title>");
            s.push_str(&text[at..]);
            s.into_bytes()
        }
        None => text.into_bytes(),
    }
}

/// Escapes XML text content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if super::is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}
