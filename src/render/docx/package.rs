//! Zips the parts docx-rs builds into deterministic bytes.
//!
//! docx-rs would store its parts uncompressed with the zip crate's default
//! timestamps. Here the parts of `XMLDocx` are written directly, in docx-rs's
//! order, deflated, with a pinned timestamp and permissions, and without
//! directory entries (a docx package does not need them). The document title,
//! which docx-rs cannot set, is added to `docProps/core.xml`.

use std::io::{Cursor, Write};

use docx_rs::XMLDocx;
use quick_xml::escape::escape;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Closing tag of the core properties root element.
const CORE_END: &str = "</cp:coreProperties>";

/// The path of the main document part.
pub(super) const DOCUMENT: &str = "word/document.xml";

/// The parts of a package in zip order: path and contents.
pub(super) type Parts = Vec<(&'static str, Vec<u8>)>;

/// The parts of a built document, in docx-rs's order.
pub(super) fn parts(xml: XMLDocx) -> Result<Parts, String> {
    if !(xml.media.is_empty() && xml.headers.is_empty() && xml.footers.is_empty()) {
        return Err("images, headers and footers are not supported".to_string());
    }
    Ok(vec![
        ("[Content_Types].xml", xml.content_type),
        ("_rels/.rels", xml.rels),
        ("docProps/app.xml", xml.doc_props.app),
        ("docProps/core.xml", xml.doc_props.core),
        ("docProps/custom.xml", xml.doc_props.custom),
        ("word/_rels/document.xml.rels", xml.document_rels),
        (DOCUMENT, xml.document),
        ("word/styles.xml", xml.styles),
        ("word/settings.xml", xml.settings),
        ("word/fontTable.xml", xml.font_table),
        ("word/comments.xml", xml.comments),
        ("word/numbering.xml", xml.numberings),
        ("word/commentsExtended.xml", xml.comments_extended),
        ("word/footnotes.xml", xml.footnotes),
    ])
}

/// Zips the parts, adding `title` to the core properties.
pub(super) fn zip(parts: &Parts, title: &str) -> Result<Vec<u8>, String> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(i64::from(crate::render::ZIP_LEVEL)))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let zip_err = |e: zip::result::ZipError| format!("zip: {e}");
    let size: usize = parts.iter().map(|(_, b)| b.len()).sum();
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(size / 8)));
    for (name, bytes) in parts {
        out.start_file(*name, options).map_err(zip_err)?;
        let titled;
        let bytes = if *name == "docProps/core.xml" {
            titled = with_title(bytes, title);
            &titled
        } else {
            bytes
        };
        out.write_all(bytes)
            .map_err(|e| format!("writing {name}: {e}"))?;
    }
    Ok(out.finish().map_err(zip_err)?.into_inner())
}

/// Inserts `<dc:title>` before the end of the core properties, if not present.
fn with_title(core: &[u8], title: &str) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(core) else {
        return core.to_vec();
    };
    if title.is_empty() || text.contains("<dc:title>") {
        return core.to_vec();
    }
    match text.rfind(CORE_END) {
        Some(at) => {
            let clean: String = title.chars().filter(|&c| super::is_xml_char(c)).collect();
            let mut s = String::with_capacity(text.len() + title.len() + 24);
            s.push_str(&text[..at]);
            s.push_str("<dc:title>");
            s.push_str(&escape(clean.as_str()));
            s.push_str("</dc:title>");
            s.push_str(&text[at..]);
            s.into_bytes()
        }
        None => core.to_vec(),
    }
}
