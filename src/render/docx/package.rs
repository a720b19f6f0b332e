//! Zips the parts docx-rs builds into deterministic bytes.
//!
//! docx-rs would store its parts uncompressed with the zip crate's default
//! timestamps. Here the parts of `XMLDocx` are written directly, in docx-rs's
//! order, deflated, with a pinned timestamp and permissions, and without
//! directory entries (a docx package does not need them). The document title,
//! which docx-rs cannot set, is added to `docProps/core.xml`.
//!
//! Only the document body and the core properties differ between the documents of
//! a run; the other parts are deflated once and then copied compressed. The core
//! properties are stored uncompressed.

use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex};

use docx_rs::XMLDocx;
use quick_xml::escape::escape;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Closing tag of the core properties root element.
const CORE_END: &str = "</cp:coreProperties>";

/// The path of the main document part.
pub(super) const DOCUMENT: &str = "word/document.xml";
/// The path of the core properties part (title and dates).
const CORE: &str = "docProps/core.xml";

/// Why a Word package could not be put together.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    /// The zip writer failed.
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// A part could not be written into the zip.
    #[error("writing {part}: {source}")]
    Write {
        /// The part's path in the package.
        part: &'static str,
        /// The writer's error.
        source: std::io::Error,
    },
    /// The document part is not UTF-8.
    #[error("document part: {0}")]
    Utf8(#[from] std::str::Utf8Error),
    /// A document does not have the shape jixiao builds (a bug, not an input problem).
    #[error("{0}")]
    Shape(&'static str),
}

/// The parts of a package in zip order: path and contents.
pub(super) type Parts = Vec<(&'static str, Vec<u8>)>;

/// The parts of a built document, in docx-rs's order.
pub(super) fn parts(xml: XMLDocx) -> Result<Parts, PackageError> {
    if !(xml.media.is_empty() && xml.headers.is_empty() && xml.footers.is_empty()) {
        return Err(PackageError::Shape(
            "images, headers and footers are not supported",
        ));
    }
    let mut parts = vec![
        ("[Content_Types].xml", xml.content_type),
        ("_rels/.rels", xml.rels),
        ("docProps/app.xml", xml.doc_props.app),
        (CORE, xml.doc_props.core),
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
    ];
    // docx-rs writes some children out of schema order (see `order`).
    for (name, bytes) in &mut parts {
        if matches!(
            *name,
            DOCUMENT | "word/styles.xml" | "word/numbering.xml" | "word/settings.xml"
        ) {
            let text = std::str::from_utf8(bytes)?;
            *bytes = super::order::schema_order(text).into_bytes();
        }
    }
    Ok(parts)
}

/// Zips the parts, adding `title` to the core properties.
pub(super) fn zip(parts: &Parts, title: &str) -> Result<Vec<u8>, PackageError> {
    write_zip(parts, title, Some(&CACHE))
}

/// The entry options of every part: deflated, pinned time and permissions.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(i64::from(crate::render::ZIP_LEVEL)))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
}

/// Zips the parts; parts other than the body and the core properties are copied
/// compressed from `cache` when it holds them.
fn write_zip(
    parts: &Parts,
    title: &str,
    cache: Option<&PartCache>,
) -> Result<Vec<u8>, PackageError> {
    let size: usize = parts.iter().map(|(_, b)| b.len()).sum();
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(size / 8)));
    for (name, bytes) in parts {
        if *name != DOCUMENT && *name != CORE {
            if let Some(mut archive) = cache.and_then(|c| c.get(name, bytes)) {
                let entry = archive.by_index_raw(0)?;
                out.raw_copy_file(entry)?;
                continue;
            }
        }
        // The core properties are under 1 KB: stored, they save a deflate
        // encoder (a few hundred KB of state) per document for 300 bytes.
        let entry = if *name == CORE {
            options()
                .compression_method(CompressionMethod::Stored)
                .compression_level(None)
        } else {
            options()
        };
        out.start_file(*name, entry)?;
        let titled;
        let bytes = if *name == CORE {
            titled = with_title(bytes, title);
            &titled
        } else {
            bytes
        };
        out.write_all(bytes)
            .map_err(|source| PackageError::Write { part: name, source })?;
    }
    Ok(out.finish()?.into_inner())
}

/// A one-entry zip holding a part compressed, ready to be copied.
type Compressed = ZipArchive<Cursor<Arc<[u8]>>>;

/// Parts already compressed in this process, found by name and exact contents.
/// Bounded: past the limit, parts are simply compressed each time.
struct PartCache(Mutex<Vec<(&'static str, Vec<u8>, Compressed)>>);

/// The process's cache of compressed parts.
static CACHE: PartCache = PartCache(Mutex::new(Vec::new()));

/// How many parts the cache keeps (a document has 12 that can repeat).
const CACHE_LIMIT: usize = 48;

impl PartCache {
    /// The compressed part, compressing and keeping it on first use; `None` when it
    /// cannot be kept.
    fn get(&self, name: &'static str, bytes: &[u8]) -> Option<Compressed> {
        let mut entries = self.0.lock().ok()?;
        if let Some((_, _, archive)) = entries
            .iter()
            .find(|(n, b, _)| *n == name && b.as_slice() == bytes)
        {
            return Some(archive.clone());
        }
        if entries.len() >= CACHE_LIMIT {
            return None;
        }
        let mut one = ZipWriter::new(Cursor::new(Vec::new()));
        one.start_file(name, options()).ok()?;
        one.write_all(bytes).ok()?;
        let zipped: Arc<[u8]> = one.finish().ok()?.into_inner().into();
        let archive = ZipArchive::new(Cursor::new(zipped)).ok()?;
        entries.push((name, bytes.to_vec(), archive.clone()));
        Some(archive)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_parts(body: &str) -> Parts {
        vec![
            ("[Content_Types].xml", b"<Types>types</Types>".to_vec()),
            (
                CORE,
                format!("<cp:coreProperties>{body}{CORE_END}").into_bytes(),
            ),
            (
                DOCUMENT,
                format!("<w:document>{body}</w:document>").into_bytes(),
            ),
            ("word/styles.xml", b"<w:styles>styles</w:styles>".to_vec()),
        ]
    }

    #[test]
    fn copied_parts_give_the_same_bytes_as_compressed_ones() {
        let cache = PartCache(Mutex::new(Vec::new()));
        for body in ["one", "two"] {
            let parts = sample_parts(body);
            let plain = write_zip(&parts, "标题", None).unwrap();
            let first = write_zip(&parts, "标题", Some(&cache)).unwrap();
            let again = write_zip(&parts, "标题", Some(&cache)).unwrap();
            assert_eq!(plain, first);
            assert_eq!(plain, again);
        }
        // Only the two parts that repeat are kept.
        assert_eq!(cache.0.lock().unwrap().len(), 2);
    }
}
