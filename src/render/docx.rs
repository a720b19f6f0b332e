//! docx renderer: one Word table per [`Grid`], each starting on a new page.
//!
//! The document is built with `docx-rs`: the body of each grid (its elements come
//! from the `builder` submodule, its distinct table cells are built once and reused
//! by `cells`), the other parts once per run (`frame`); `order` puts what docx-rs
//! writes out of schema order back in order. Its zip package is then
//! written by `package` so that the bytes depend only on the grids: entries have a
//! pinned timestamp and the core properties carry the grid's creation date and title.

mod builder;
mod cells;
mod combine;
mod frame;
mod order;
mod package;
mod para_ids;

use docx_rs::{
    BuildXML, Document, LineSpacing, LineSpacingType, PageMargin, PageOrientationType, PageSize,
    RunFonts,
};

use super::RenderError;
use crate::layout::{Grid, Style};
use builder::Builder;

/// Twips (twentieths of a point) per millimetre.
const TWIPS_PER_MM: f64 = 56.6929;
/// A4 short side in twips (210 mm).
const A4_SHORT: u32 = 11906;
/// A4 long side in twips (297 mm).
const A4_LONG: u32 = 16838;

/// Renders the grids as one Word document, one table per grid, each starting on a new page.
///
/// Page size, orientation, margins and document properties come from the first
/// grid. The output is byte-identical for identical input.
pub fn render_docx(grids: &[&Grid]) -> Result<Vec<u8>, RenderError> {
    let first = grids
        .first()
        .ok_or_else(|| write_error("no grid to render".to_string()))?;
    let docs = grids
        .iter()
        .map(|g| build_docx(g))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&DocxDocument> = docs.iter().collect();
    combine_docx(&refs, &first.meta.title)
}

/// One grid built as a Word document, kept as package parts so that several
/// documents can be combined without building their tables again.
#[derive(Debug, Clone)]
pub struct DocxDocument {
    parts: package::Parts,
    title: String,
}

impl DocxDocument {
    /// The document as `.docx` bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, RenderError> {
        package::zip(&self.parts, &self.title).map_err(RenderError::from)
    }
}

/// Builds the Word document of one grid: headings, then the table.
///
/// docx-rs builds the body (`word/document.xml`) with the table rows empty, and the
/// cells are written into them by `cells::fill`; the other parts depend only on
/// the document defaults and the creation date, so they come from `frame::parts`.
pub fn build_docx(grid: &Grid) -> Result<DocxDocument, RenderError> {
    let b = Builder::new(grid);
    let widths = builder::column_twips(grid);
    let rows = builder::rows(grid, &widths)?;
    let mut document = page_setup(Document::new(), grid);
    for heading in &grid.headings {
        let style = grid.style(&heading.class);
        document = document.add_paragraph(b.text_paragraph(style, &heading.text));
    }
    let empty_rows = rows.iter().map(|_| Builder::row(Vec::new())).collect();
    document = document.add_table(b.table(empty_rows, widths));
    let body = cells::fill(&document.build(), &b, &rows)?;
    let mut parts = frame::parts(b.defaults(), &grid.meta.created)?
        .as_ref()
        .clone();
    let slot = parts
        .iter_mut()
        .find(|(name, _)| *name == package::DOCUMENT)
        .ok_or_else(|| write_error("docx-rs built no document part".to_string()))?;
    slot.1 = body;
    Ok(DocxDocument {
        parts,
        title: grid.meta.title.clone(),
    })
}

/// Combines built documents into one, each starting on a new page; page setup,
/// styles and properties come from the first, the title is `title`.
pub fn combine_docx(docs: &[&DocxDocument], title: &str) -> Result<Vec<u8>, RenderError> {
    let first = docs
        .first()
        .ok_or_else(|| write_error("no document to combine".to_string()))?;
    if docs.len() == 1 && first.title == title {
        return first.to_bytes();
    }
    let parts = combine::combine(&docs.iter().map(|d| &d.parts).collect::<Vec<_>>())
        .map_err(RenderError::from)?;
    package::zip(&parts, title).map_err(RenderError::from)
}

/// Wraps a message as the docx flavour of [`RenderError::Write`].
fn write_error(message: String) -> RenderError {
    RenderError::Write {
        format: "docx",
        message,
        source: None,
    }
}

impl From<package::PackageError> for RenderError {
    fn from(e: package::PackageError) -> Self {
        RenderError::Write {
            format: "docx",
            message: e.to_string(),
            source: Some(Box::new(e)),
        }
    }
}

use crate::format::is_xml_char;

/// Millimetres to twips, rounded; negative or non-finite values become 0.
fn twips(mm: f64) -> i32 {
    let t = (mm * TWIPS_PER_MM).round();
    if t.is_finite() && t > 0.0 {
        t.min(f64::from(i32::MAX)) as i32
    } else {
        0
    }
}

/// Font size in points to half-points (10.5 pt → 21).
fn half_points(pt: f64) -> usize {
    let h = (pt * 2.0).round();
    if h.is_finite() && h >= 1.0 {
        h.min(3276.0) as usize
    } else {
        21
    }
}

/// Sets A4 paper, orientation and margins from the grid's page.
fn page_setup(document: Document, grid: &Grid) -> Document {
    let [top, right, bottom, left] = grid.page.margins_mm.map(twips);
    let (w, h, orient) = if grid.page.landscape {
        (A4_LONG, A4_SHORT, PageOrientationType::Landscape)
    } else {
        (A4_SHORT, A4_LONG, PageOrientationType::Portrait)
    };
    document
        .page_size(PageSize::new().size(w, h))
        .page_orient(orient)
        .page_margin(PageMargin {
            top,
            left,
            bottom,
            right,
            header: 851,
            footer: 992,
            gutter: 0,
        })
}

/// The style used for document defaults: the first cell's, else the first heading's.
fn default_style(grid: &Grid) -> &Style {
    let class = grid
        .cells
        .first()
        .map(|c| c.class.as_str())
        .or_else(|| grid.headings.first().map(|h| h.class.as_str()))
        .unwrap_or("");
    grid.style(class)
}

/// Explicit East Asian and Latin fonts of a style.
fn fonts(style: &Style) -> RunFonts {
    RunFonts::new()
        .east_asia(&style.font)
        .ascii(&style.latin_font)
        .hi_ansi(&style.latin_font)
        .hint("eastAsia")
}

/// Zero space before and after, single line spacing.
fn compact_spacing() -> LineSpacing {
    LineSpacing::new()
        .before(0)
        .after(0)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{Form, DEFAULT_FORM};
    use crate::pipeline::check_file;

    /// The seed tables laid out on the default form, then on the national one
    /// (other looks for some cells of the same text).
    fn seed_grids() -> Vec<Grid> {
        let forms = [
            Form::load(DEFAULT_FORM).unwrap(),
            Form::load("national").unwrap(),
        ];
        let catalog = crate::form::Catalog::builtin().unwrap();
        let mut files: Vec<_> = std::fs::read_dir("tests/seed/2024")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert_eq!(files.len(), 3);
        let scored: Vec<_> = files
            .iter()
            .map(|f| check_file(f, &catalog).scored.unwrap())
            .collect();
        forms
            .iter()
            .flat_map(|form| {
                scored
                    .iter()
                    .map(|s| crate::layout::lay_out(form, s, 2024).unwrap())
            })
            .collect()
    }

    /// The parts docx-rs builds for the whole document in one go, every cell in its
    /// table, with the paragraph ids numbered.
    fn whole_document_parts(grid: &Grid) -> package::Parts {
        let b = Builder::new(grid);
        let widths = builder::column_twips(grid);
        let rows = builder::rows(grid, &widths).unwrap();
        let mut whole = frame::empty_docx(b.defaults(), &grid.meta.created);
        whole.document = page_setup(whole.document, grid);
        for heading in &grid.headings {
            whole =
                whole.add_paragraph(b.text_paragraph(grid.style(&heading.class), &heading.text));
        }
        let full_rows = rows
            .iter()
            .map(|r| Builder::row(r.iter().map(|c| b.table_cell(c)).collect()))
            .collect();
        whole = whole.add_table(b.table(full_rows, widths));
        let mut parts = package::parts(whole.build()).unwrap();
        for (name, bytes) in &mut parts {
            if *name == package::DOCUMENT {
                let mut numbered = String::new();
                para_ids::ParaIds::default()
                    .push(&mut numbered, std::str::from_utf8(bytes).unwrap());
                *bytes = numbered.into_bytes();
            }
        }
        parts
    }

    /// The body written from reused cells, in the frame built once, gives exactly
    /// the parts docx-rs builds for the whole document; so does a second build, which
    /// takes every cell from the cache.
    #[test]
    fn parts_match_a_whole_docx_rs_build() {
        for grid in seed_grids() {
            let expected = whole_document_parts(&grid);
            for round in ["first", "cached"] {
                let built = build_docx(&grid).unwrap();
                assert_eq!(built.parts.len(), expected.len());
                for ((name, bytes), (want_name, want)) in built.parts.iter().zip(&expected) {
                    assert_eq!(name, want_name);
                    assert!(
                        bytes == want,
                        "{name} differs ({round} build) for {}",
                        grid.meta.title
                    );
                }
            }
        }
    }

    /// A cell of the same text in another look is built again, not reused.
    #[test]
    fn cells_of_another_look_are_not_reused() {
        let grid = seed_grids().remove(2);
        let mut other = grid.clone();
        for style in other.styles.values_mut() {
            style.bold = !style.bold;
            style.align = crate::layout::HAlign::Right;
            style.size_pt += 1.0;
        }
        for g in [&grid, &other, &grid] {
            assert_eq!(build_docx(g).unwrap().parts, whole_document_parts(g));
        }
        assert_ne!(
            build_docx(&grid).unwrap().parts,
            build_docx(&other).unwrap().parts
        );
    }

    /// Paragraph ids run from 1 in document order, with no placeholder left.
    #[test]
    fn paragraph_ids_are_numbered_in_order() {
        let grid = &seed_grids()[0];
        let built = build_docx(grid).unwrap();
        let (_, body) = built
            .parts
            .iter()
            .find(|(n, _)| *n == package::DOCUMENT)
            .unwrap();
        let body = std::str::from_utf8(body).unwrap();
        let ids: Vec<u32> = body
            .split(" w14:paraId=\"")
            .skip(1)
            .map(|s| u32::from_str_radix(&s[..8], 16).unwrap())
            .collect();
        assert!(ids.len() > 50, "{} paragraphs", ids.len());
        assert_eq!(ids, (1..=ids.len() as u32).collect::<Vec<_>>());
    }
}
