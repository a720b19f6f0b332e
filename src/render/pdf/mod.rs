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

use std::collections::BTreeMap;
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
    let drawn: Vec<Drawn> = grids
        .iter()
        .map(|g| draw(g, glyphs))
        .collect::<Result<_, _>>()?;
    let parts: Vec<&Drawn> = drawn.iter().collect();
    assemble(&parts, title, glyphs)
}

/// One table's pages as every PDF of its group draws them: deflated content
/// streams whose character codes are the group's glyph ids, so that the
/// table's own PDF and the group's combined one share them.
#[derive(Debug)]
pub struct Drawn {
    /// Each page's paper (mm) and content stream.
    pages: Vec<((f64, f64), Vec<u8>)>,
    /// The glyphs the pages use, each with the first character drawn with
    /// it and its advance.
    used: BTreeMap<u16, (char, f32)>,
    /// Lines of a cell taller than a page that did not fit.
    cut: usize,
    /// When the table was made (ISO 8601).
    created: String,
}

/// The pages of one table, set with the group's `glyphs`.
pub fn draw(grid: &Grid, glyphs: &Glyphs) -> Result<Drawn, RenderError> {
    let mut used: BTreeMap<u16, (char, f32)> = BTreeMap::new();
    used.insert(0, ('\0', glyphs.notdef().advance));
    let mut cid = |c: char| -> u16 {
        let g = glyphs.get(c);
        used.entry(g.gid).or_insert((c, g.advance));
        g.gid
    };
    let scale = paging::fit_scale(&grid.page, grid.width_mm());
    let [top, _, bottom, _] = grid.page.margins_mm;
    let height = (grid.page.paper_mm().1 - top - bottom) * PT_PER_MM / scale;
    let mut pages = Vec::new();
    let mut cut = 0;
    for page in layout::pages(grid, glyphs, height) {
        cut += page.cut;
        let stream = deflate(&content(grid, &page, scale, &mut cid))?;
        pages.push((grid.page.paper_mm(), stream));
    }
    Ok(Drawn {
        pages,
        used,
        cut,
        created: grid.meta.created.clone(),
    })
}

/// One PDF of drawn tables, each starting on a new page, titled `title`; the
/// creation date is the first table's. The embedded font holds the glyphs
/// they use, each under its group glyph id.
pub fn assemble(
    parts: &[&Drawn],
    title: &str,
    glyphs: &Glyphs,
) -> Result<(Vec<u8>, usize), RenderError> {
    let first = parts
        .first()
        .ok_or_else(|| pdf_error("no grid to render".to_string()))?;
    let mut used: BTreeMap<u16, (char, f32)> = BTreeMap::new();
    for part in parts {
        for (&gid, &v) in &part.used {
            used.entry(gid).or_insert(v);
        }
    }
    let gids: Vec<u16> = used.keys().copied().collect();
    let program = font_program(glyphs, &gids)?;
    let pages: Vec<&((f64, f64), Vec<u8>)> = parts.iter().flat_map(|p| &p.pages).collect();
    let streams: usize = pages.iter().map(|(_, s)| s.len() + 256).sum();
    let mut pdf = Pdf::with_capacity(program.len() + streams + 8192);
    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let (catalog, tree, info) = (alloc(), alloc(), alloc());
    let (type0, cid_font, descriptor, file, cmap) = (alloc(), alloc(), alloc(), alloc(), alloc());
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    pdf.catalog(catalog)
        .pages(tree)
        .lang(TextStr("zh-CN"))
        .viewer_preferences()
        .display_doc_title(true);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    for (((w, h), stream), &(page_id, content_id)) in pages.iter().zip(&page_ids) {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, pt(w * PT_PER_MM), pt(h * PT_PER_MM)))
            .parent(tree)
            .contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), type0);
        page.finish();
        pdf.stream(content_id, stream).filter(Filter::FlateDecode);
    }
    let chars: Vec<(u16, char)> = used.iter().map(|(&g, &(c, _))| (g, c)).collect();
    let widths: Vec<(u16, f32)> = used.iter().map(|(&g, &(_, w))| (g, w)).collect();
    let base = format!(
        "{}+{}",
        subset_tag(&widths, &chars),
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
        // The group's glyph ids are the font's: CID = GID.
        cidf.subtype(CidFontType::Type2);
        cidf.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    cidf.base_font(base)
        .system_info(system)
        .font_descriptor(descriptor)
        .default_width(1000.0);
    let mut w = cidf.widths();
    // Runs of consecutive glyph ids.
    for run in runs(&widths) {
        w.consecutive(run[0].0, run.iter().map(|&(_, a)| a));
    }
    w.finish();
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
    let mut stream = pdf.stream(file, &program);
    if glyphs.font().is_cff() {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.filter(Filter::FlateDecode);
    }
    stream.finish();
    let mut unicode = UnicodeCmap::new(Name(b"Jixiao-UCS"), system);
    for &(id, c) in chars.iter().filter(|(id, _)| *id != 0) {
        unicode.pair(id, c);
    }
    pdf.cmap(cmap, &unicode.finish());
    let mut doc_info = pdf.document_info(info);
    doc_info.title(TextStr(title)).producer(TextStr("jixiao"));
    if let Some(date) = pdf_date(&first.created) {
        doc_info.creation_date(date);
    }
    doc_info.finish();
    let mut hash = Sha256::new();
    pages.iter().for_each(|(_, s)| hash.update(s));
    hash.update(&program);
    hash.update(title.as_bytes());
    let id = hash.finalize()[..16].to_vec();
    pdf.set_file_id((id.clone(), id));
    let cut = parts.iter().map(|p| p.cut).sum();
    Ok((pdf.finish(), cut))
}

/// The runs of consecutive glyph ids of an increasing list.
fn runs(widths: &[(u16, f32)]) -> Vec<&[(u16, f32)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=widths.len() {
        let next = widths.get(i).map(|w| u32::from(w.0));
        if next != Some(u32::from(widths[i - 1].0) + 1) {
            out.push(&widths[start..i]);
            start = i;
        }
    }
    out
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

/// The embedded font of a document using the group glyphs `gids` (in
/// increasing order, 0 first), each under its group glyph id: a bare CFF
/// table (stored as it is: glyph programs hardly compress) or a deflated
/// TrueType font. A group font of another shape is embedded whole.
fn font_program(glyphs: &Glyphs, gids: &[u16]) -> Result<Vec<u8>, RenderError> {
    if let Some(cut) = glyphs.unit_cff().and_then(|unit| unit.cut(gids)) {
        return Ok(cut);
    }
    if let Some(cut) = glyphs.unit_truetype().and_then(|unit| unit.cut(gids)) {
        return Ok(cut);
    }
    if glyphs.font().is_cff() {
        cff_table(glyphs.program())
    } else {
        deflate(glyphs.program())
    }
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
fn subset_tag(widths: &[(u16, f32)], chars: &[(u16, char)]) -> String {
    let mut h = Sha256::new();
    for (g, w) in widths {
        h.update(g.to_le_bytes());
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
