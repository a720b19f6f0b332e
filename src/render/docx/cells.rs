//! The table cells of a body, each distinct cell built by docx-rs once and reused.
//!
//! A cell's XML depends only on its text, its look (style, document defaults,
//! table borders), width, span and merge role, and a pack repeats the same cells
//! many times: labels, category names, weights, scores, "-". docx-rs builds the
//! body with the table rows left empty and every distinct cell on its own; the
//! cells are then written into their rows and the paragraph ids numbered, which
//! gives the bytes docx-rs writes for the whole body (a unit test compares them).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use docx_rs::BuildXML;

use super::builder::{Builder, Role, RowCell};
use super::para_ids::ParaIds;
use super::write_error;
use crate::layout::Style;
use crate::render::RenderError;

/// The end of a table row as docx-rs writes it.
const ROW_END: &str = "</w:tr>";

/// Cell XML kept per thread before the cache starts again (bytes of XML).
const CACHE_BYTES: usize = 8 << 20;

/// Looks kept per thread before the cache starts again.
const CACHE_LOOKS: usize = 256;

/// Everything besides text, width and span that a cell's XML depends on: its
/// style, the document defaults (runs state what differs from them) and whether
/// the table carries the borders.
#[derive(PartialEq)]
struct Look {
    style: Style,
    defaults: Style,
    table_borders: bool,
}

/// What one cell's XML is a function of.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    /// Index of the cell's [`Look`] in the cache.
    look: usize,
    role: Role,
    /// The start of a vertical merge.
    merged: bool,
    /// Kept with the next row.
    keep: bool,
    width: usize,
    colspan: usize,
    /// The text at the anchor; empty for a continuation.
    text: Box<str>,
}

/// One thread's cells, by key.
#[derive(Default)]
struct Cache {
    looks: Vec<Look>,
    cells: HashMap<Key, Rc<str>>,
    bytes: usize,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

impl Cache {
    /// Starts again when the cache has grown past its bounds; only between bodies,
    /// since the look indices of a body must stay valid while it is written.
    fn trim(&mut self) {
        if self.looks.len() > CACHE_LOOKS {
            *self = Cache::default();
        } else if self.bytes > CACHE_BYTES {
            self.cells.clear();
            self.bytes = 0;
        }
    }

    /// The index of a look, added when new.
    fn look(&mut self, look: Look) -> usize {
        match self.looks.iter().position(|l| *l == look) {
            Some(i) => i,
            None => {
                self.looks.push(look);
                self.looks.len() - 1
            }
        }
    }

    /// The XML of a cell, built by docx-rs and kept when new.
    fn cell(&mut self, b: &Builder, c: &RowCell, look: usize) -> Result<Rc<str>, RenderError> {
        let key = Key {
            look,
            role: c.role,
            merged: c.cell.rowspan > 1,
            keep: c.keep,
            width: c.width,
            colspan: c.cell.colspan,
            text: match c.role {
                Role::Anchor => c.cell.content.text().into(),
                Role::Continue => "".into(),
            },
        };
        if let Some(xml) = self.cells.get(&key) {
            return Ok(Rc::clone(xml));
        }
        let built = String::from_utf8(b.table_cell(c).build())
            .map_err(|e| write_error(format!("docx-rs wrote a cell that is not UTF-8: {e}")))?;
        // Once per distinct cell: the cache keeps the ordered XML.
        let xml: Rc<str> = super::order::schema_order(&built).into();
        self.bytes += xml.len() + key.text.len();
        self.cells.insert(key, Rc::clone(&xml));
        Ok(xml)
    }
}

/// The body of a document: `skeleton` is docx-rs's document part with every table
/// row empty; each row of `rows` is written into its `</w:tr>` in order, and every
/// paragraph id numbered from 1.
pub(super) fn fill(
    skeleton: &[u8],
    b: &Builder,
    rows: &[Vec<RowCell>],
) -> Result<Vec<u8>, RenderError> {
    let ordered = super::order::schema_order(
        std::str::from_utf8(skeleton)
            .map_err(|e| write_error(format!("docx-rs wrote a body that is not UTF-8: {e}")))?,
    );
    let xml = ordered.as_str();
    CACHE.with_borrow_mut(|cache| {
        cache.trim();
        // The cells first (building the missing ones), then the body at its exact size.
        let mut looks: Vec<(&str, usize)> = Vec::new();
        let mut cells = Vec::with_capacity(rows.iter().map(Vec::len).sum());
        for c in rows.iter().flatten() {
            let class = c.cell.class.as_str();
            let look = match looks.iter().find(|(k, _)| *k == class) {
                Some(&(_, i)) => i,
                None => {
                    let i = cache.look(Look {
                        style: b.style(class).clone(),
                        defaults: b.defaults().clone(),
                        table_borders: b.table_borders(),
                    });
                    looks.push((class, i));
                    i
                }
            };
            cells.push(cache.cell(b, c, look)?);
        }
        let size = xml.len() + cells.iter().map(|x| x.len()).sum::<usize>();
        let mut out = String::with_capacity(size);
        let mut ids = ParaIds::default();
        let mut cells = cells.iter();
        let mut rest = xml;
        for row in rows {
            let end = rest.find(ROW_END).ok_or_else(|| {
                write_error("docx-rs wrote fewer table rows than the grid has".to_string())
            })?;
            ids.push(&mut out, &rest[..end]);
            rest = &rest[end + ROW_END.len()..];
            for xml in cells.by_ref().take(row.len()) {
                ids.push(&mut out, xml);
            }
            out.push_str(ROW_END);
        }
        ids.push(&mut out, rest);
        Ok(out.into_bytes())
    })
}
