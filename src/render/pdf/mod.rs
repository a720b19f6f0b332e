//! PDF renderer: the grids drawn on A4 pages with the page layout of the
//! `.docx` (margins, fonts, cell margins, page breaks, repeated header rows),
//! set in a CJK font found on the machine and embedded as a subset, with
//! selectable text in reading order. Written with `pdf-writer` and
//! `subsetter`; the bytes depend only on the grids and the font.

mod cff;
mod font;
mod glyphs;
mod layout;
#[cfg(test)]
mod test_pen;
mod truetype;

use std::io::Write as _;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap};
use pdf_writer::{Content, Date, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};

pub use font::{FontError, PdfFont, FONT_DIRS_ENV, INSTALL_HINT};
use glyphs::pdf_error;
pub use glyphs::Glyphs;
use layout::{PageDraw, PT_PER_MM};

use super::paging;
use super::RenderError;
use crate::layout::Grid;

/// Deflate level of the streams: the fastest, as for the Office packages.
const DEFLATE_LEVEL: u32 = 1;

/// Border width in points, as in the `.docx`.
const BORDER_PT: f64 = 0.5;

/// Stroke width of bold text as a share of the font size: 宋体 has no bold
/// face, and Word thickens its strokes as this does.
const BOLD_STROKE: f64 = 0.03;

/// The grids as one PDF, each starting on a new page, titled `title`; the
/// creation date is the first grid's. `glyphs` must cover every grid's text
/// (made from these grids or from a group holding them).
pub fn render_pdf(grids: &[&Grid], title: &str, glyphs: &Glyphs) -> Result<Vec<u8>, RenderError> {
    render_pdf_counted(grids, title, glyphs).map(|(bytes, _)| bytes)
}

/// [`render_pdf`], and how many lines of text did not fit: those of a cell
/// taller than a page, below the page's end (0 for every table of a usual size).
pub fn render_pdf_counted(
    grids: &[&Grid],
    title: &str,
    glyphs: &Glyphs,
) -> Result<(Vec<u8>, usize), RenderError> {
    let first = grids
        .first()
        .ok_or_else(|| pdf_error("no grid to render".to_string()))?;
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(0);
    let mut to_unicode: Vec<(u16, char)> = Vec::new();
    let mut widths: Vec<f32> = vec![glyphs.notdef().advance];
    // Glyphs numbered in the order the text first uses them.
    let mut cid = |c: char| -> u16 {
        let g = glyphs.get(c);
        let known = remapper.get(g.gid);
        let id = remapper.remap(g.gid);
        if known.is_none() {
            widths.push(g.advance);
            to_unicode.push((id, c));
        }
        id
    };
    let mut pages: Vec<(&Grid, PageDraw, f64)> = Vec::new();
    for grid in grids {
        let scale = paging::fit_scale(&grid.page, grid.width_mm());
        let [top, _, bottom, _] = grid.page.margins_mm;
        let height = (grid.page.paper_mm().1 - top - bottom) * PT_PER_MM / scale;
        for page in layout::pages(grid, glyphs, height) {
            pages.push((grid, page, scale));
        }
    }
    let mut streams = Vec::with_capacity(pages.len());
    for (grid, page, scale) in &pages {
        streams.push(deflate(&content(grid, page, *scale, &mut cid))?);
    }
    let program = font_program(glyphs, &remapper)?;

    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let (catalog, tree, info) = (alloc(), alloc(), alloc());
    let (type0, cid_font, descriptor, file, cmap) = (alloc(), alloc(), alloc(), alloc(), alloc());
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    let cid_map = program.cid_to_gid.as_ref().map(|map| (alloc(), map));
    pdf.catalog(catalog)
        .pages(tree)
        .lang(TextStr("zh-CN"))
        .viewer_preferences()
        .display_doc_title(true);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    for ((grid, _, _), (&(page_id, content_id), stream)) in
        pages.iter().zip(page_ids.iter().zip(&streams))
    {
        let (w, h) = grid.page.paper_mm();
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, pt(w * PT_PER_MM), pt(h * PT_PER_MM)))
            .parent(tree)
            .contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), type0);
        page.finish();
        pdf.stream(content_id, stream).filter(Filter::FlateDecode);
    }
    let base = format!(
        "{}+{}",
        subset_tag(&widths, &to_unicode),
        glyphs.font().postscript()
    );
    let base = Name(base.as_bytes());
    let system = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(cmap);
    let mut cidf = pdf.cid_font(cid_font);
    if glyphs.font().is_cff() {
        cidf.subtype(CidFontType::Type0);
    } else {
        cidf.subtype(CidFontType::Type2);
        match cid_map {
            Some((id, _)) => cidf.cid_to_gid_map_stream(id),
            None => cidf.cid_to_gid_map_predefined(Name(b"Identity")),
        };
    }
    cidf.base_font(base)
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(1000.0);
    cidf.widths().consecutive(0, widths.iter().copied());
    cidf.finish();
    let (bbox, ascent, descent) = glyphs.font().metrics();
    let mut d = pdf.font_descriptor(descriptor);
    d.name(base)
        .flags(FontFlags::SERIF | FontFlags::SYMBOLIC)
        .bbox(Rect::new(bbox[0], bbox[1], bbox[2], bbox[3]))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(ascent * 0.8)
        .stem_v(80.0);
    if glyphs.font().is_cff() {
        d.font_file3(file);
    } else {
        d.font_file2(file);
    }
    d.finish();
    let mut stream = pdf.stream(file, &program.data);
    if glyphs.font().is_cff() {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.filter(Filter::FlateDecode);
    }
    stream.finish();
    if let Some((id, map)) = cid_map {
        pdf.stream(id, map);
    }
    let mut unicode = UnicodeCmap::new(Name(b"Jixiao-UCS"), system);
    for &(id, c) in &to_unicode {
        unicode.pair(id, c);
    }
    pdf.cmap(cmap, &unicode.finish());
    let mut doc_info = pdf.document_info(info);
    doc_info.title(TextStr(title)).producer(TextStr("jixiao"));
    if let Some(date) = pdf_date(&first.meta.created) {
        doc_info.creation_date(date);
    }
    doc_info.finish();
    let mut hash = Sha256::new();
    streams.iter().for_each(|s| hash.update(s));
    hash.update(&program.data);
    hash.update(title.as_bytes());
    let id = hash.finalize()[..16].to_vec();
    pdf.set_file_id((id.clone(), id));
    let cut = pages.iter().map(|(_, page, _)| page.cut).sum();
    Ok((pdf.finish(), cut))
}

/// The content stream of one page: the table's boxes, then its text, scaled
/// to fit the page's width from the top left margin.
fn content(grid: &Grid, page: &PageDraw, scale: f64, cid: &mut impl FnMut(char) -> u16) -> Vec<u8> {
    let (_, paper_h) = grid.page.paper_mm();
    let [top, _, _, left] = grid.page.margins_mm;
    let mut c = Content::new();
    c.save_state();
    c.transform([
        pt(scale),
        0.0,
        0.0,
        pt(scale),
        pt(left * PT_PER_MM),
        pt((paper_h - top) * PT_PER_MM),
    ]);
    if !page.boxes.is_empty() {
        c.set_line_width(pt(BORDER_PT / scale).max(0.0));
        for &[x, y, w, h] in &page.boxes {
            c.rect(pt(x), pt(-(y + h)), pt(w), pt(h));
        }
        c.stroke();
    }
    if !page.lines.is_empty() {
        c.begin_text();
        let (mut size, mut bold) = (f64::NAN, false);
        let mut bytes = Vec::new();
        for line in &page.lines {
            let (new_size, new_bold) = (line.size != size, line.bold != bold);
            (size, bold) = (line.size, line.bold);
            if new_size {
                c.set_font(Name(b"F1"), pt(size));
            }
            if new_bold {
                c.set_text_rendering_mode(if bold {
                    TextRenderingMode::FillStroke
                } else {
                    TextRenderingMode::Fill
                });
            }
            // Bold strokes thicken with the size.
            if bold && (new_size || new_bold) {
                c.set_line_width(pt(size * BOLD_STROKE).max(0.0));
            }
            bytes.clear();
            for ch in line.text.chars() {
                bytes.extend_from_slice(&cid(ch).to_be_bytes());
            }
            c.set_text_matrix([1.0, 0.0, 0.0, 1.0, pt(line.x), pt(-line.baseline)]);
            c.show(Str(&bytes));
        }
        c.end_text();
    }
    c.restore_state();
    c.finish().to_vec()
}

/// A length as the PDF writes it: points, rounded to a hundredth so that the
/// bytes do not depend on floating-point noise.
fn pt(v: f64) -> f32 {
    ((v * 100.0).round() / 100.0) as f32
}

/// The embedded font program of a document.
struct Program {
    /// A CFF table (stored as it is: glyph programs hardly compress), or a
    /// deflated TrueType font.
    data: Vec<u8>,
    /// For a TrueType font that keeps the unit's glyph numbers: each CID's
    /// glyph, two bytes each (a CIDToGIDMap stream).
    cid_to_gid: Option<Vec<u8>>,
}

/// The embedded font of a document whose glyphs `remapper` numbered.
fn font_program(
    glyphs: &Glyphs,
    remapper: &subsetter::GlyphRemapper,
) -> Result<Program, RenderError> {
    let gids: Vec<u16> = remapper.remapped_gids().collect();
    if let Some(cut) = glyphs.unit_cff().and_then(|unit| unit.cut(&gids)) {
        return Ok(Program {
            data: cut,
            cid_to_gid: None,
        });
    }
    if let Some(cut) = glyphs.unit_truetype().and_then(|unit| unit.cut(&gids)) {
        return Ok(Program {
            data: cut,
            cid_to_gid: Some(gids.iter().flat_map(|g| g.to_be_bytes()).collect()),
        });
    }
    let font = subsetter::subset(glyphs.program(), 0, remapper)
        .map_err(|e| pdf_error(format!("无法从字体中取子集: {e:?}")))?;
    Ok(Program {
        data: if glyphs.font().is_cff() {
            cff_table(&font)?
        } else {
            deflate(&font)?
        },
        cid_to_gid: None,
    })
}

/// `data` compressed for a `FlateDecode` stream.
fn deflate(data: &[u8]) -> Result<Vec<u8>, RenderError> {
    let mut e = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::new(DEFLATE_LEVEL),
    );
    e.write_all(data)
        .and_then(|_| e.finish())
        .map_err(|e| pdf_error(format!("压缩失败: {e}")))
}

/// The bare CFF table of an OpenType font, as a PDF embeds CFF outlines.
fn cff_table(font: &[u8]) -> Result<Vec<u8>, RenderError> {
    use skrifa::raw::{FontRef, TableProvider};
    let face = FontRef::new(font).map_err(|e| pdf_error(format!("字体子集无法解析: {e}")))?;
    face.cff()
        .map(|t| t.offset_data().as_bytes().to_vec())
        .map_err(|e| pdf_error(format!("字体子集缺少 CFF 表: {e}")))
}

/// The six capital letters that name a font subset, from what it holds.
fn subset_tag(widths: &[f32], chars: &[(u16, char)]) -> String {
    let mut h = Sha256::new();
    for w in widths {
        h.update(w.to_le_bytes());
    }
    for (id, c) in chars {
        h.update(id.to_le_bytes());
        h.update(u32::from(*c).to_le_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// The PDF date of an ISO 8601 time `YYYY-MM-DDTHH:MM:SSZ`.
fn pdf_date(iso: &str) -> Option<Date> {
    let num = |r: std::ops::Range<usize>| iso.get(r)?.parse::<u16>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let u8_of = |v: u16| u8::try_from(v).ok();
    Some(
        Date::new(y)
            .month(u8_of(m)?)
            .day(u8_of(d)?)
            .hour(0)
            .minute(0)
            .second(0)
            .utc_offset_hour(0),
    )
}
