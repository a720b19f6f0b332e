//! Cutting a unit's CFF font down to one document's glyphs without
//! recompiling them. The unit's font was made by `subsetter`: CID-keyed,
//! desubroutinised, its charset the identity, its Top DICT offsets written
//! in five bytes. A document's font is then the unit's with its own FDSelect,
//! CharStrings and charset: the glyph programs are copied as they are, which
//! takes microseconds where `subsetter` takes milliseconds a document, and
//! each glyph keeps its unit glyph id as its CID, so that every document of
//! the unit draws its text with the same codes. A font of
//! another shape is not cut here ([`UnitCff::parse`] gives `None`) and the
//! caller falls back to `subsetter`.

use std::ops::Range;

/// The parts of a unit's bare CFF table a document's font is built from.
#[derive(Debug)]
pub(super) struct UnitCff {
    data: Vec<u8>,
    /// Everything before the FDSelect: header, names, Top DICT, strings,
    /// global subroutines, charset and private dicts.
    head: Range<usize>,
    /// Where in `head` the five-byte operand of the charset sits.
    charset_at: usize,
    /// Where in `head` the five-byte operands of FDSelect, FDArray and
    /// CharStrings sit.
    fd_select_at: usize,
    fd_array_at: usize,
    char_strings_at: usize,
    /// The FDArray INDEX, copied unchanged.
    fd_array: Range<usize>,
    /// Font dict of each glyph.
    fd_of: Vec<u8>,
    /// Program of each glyph.
    glyphs: Vec<Range<usize>>,
}

/// Top DICT operators whose offsets a document's font changes.
const CHARSET: u16 = 15;
const CHAR_STRINGS: u16 = 17;
const FD_ARRAY: u16 = 0x0c24;
const FD_SELECT: u16 = 0x0c25;

impl UnitCff {
    /// The unit's CFF table, when it has the shape described above.
    pub(super) fn parse(data: Vec<u8>) -> Option<UnitCff> {
        let d = data.as_slice();
        let header = usize::from(*d.get(2)?);
        let names = index(d, header)?;
        let top = index(d, names.end)?;
        if top.items.len() != 1 {
            return None;
        }
        let ops = dict(d, top.items[0].clone())?;
        let operand = |op| ops.iter().find(|o| o.op == op).map(|o| o.at);
        let value = |at: usize| -> Option<usize> {
            let b = d.get(at + 1..at + 5)?;
            usize::try_from(i32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
        };
        let (charset_at, cs_at) = (operand(CHARSET)?, operand(CHAR_STRINGS)?);
        let (fda_at, fds_at) = (operand(FD_ARRAY)?, operand(FD_SELECT)?);
        let (charset, cs) = (value(charset_at)?, value(cs_at)?);
        let (fd_array, fd_select) = (value(fda_at)?, value(fds_at)?);
        let char_strings = index(d, cs)?;
        let fd_array_index = index(d, fd_array)?;
        let count = char_strings.items.len();
        let (fd_of, fd_select_end) = fd_select_table(d, fd_select, count)?;
        // The order subsetter writes: charset and private dicts, FDSelect,
        // FDArray, CharStrings last.
        let in_order = charset < fd_select
            && fd_select_end == fd_array
            && fd_array_index.end == cs
            && char_strings.end == d.len();
        let identity = d.get(charset..charset + 3)? == [2, 0, 1]
            && usize::from(u16::from_be_bytes([
                *d.get(charset + 3)?,
                *d.get(charset + 4)?,
            ])) == count.checked_sub(2)?;
        let max_fd = fd_of.iter().copied().max()?;
        if !in_order || !identity || usize::from(max_fd) >= fd_array_index.items.len() {
            return None;
        }
        Some(UnitCff {
            head: 0..fd_select,
            charset_at,
            fd_select_at: fds_at,
            fd_array_at: fda_at,
            char_strings_at: cs_at,
            fd_array: fd_array..fd_array_index.end,
            fd_of,
            glyphs: char_strings.items,
            data,
        })
    }

    /// The CFF table of the glyphs `gids` (unit glyph ids in increasing
    /// order, the first being 0), each with its unit glyph id as its CID;
    /// `None` if one is not in the font.
    pub(super) fn cut(&self, gids: &[u16]) -> Option<Vec<u8>> {
        let n = gids.len();
        if n < 2 || gids[0] != 0 || gids.windows(2).any(|w| w[0] >= w[1]) {
            return None;
        }
        let mut fd_select = Vec::with_capacity(n + 1);
        fd_select.push(0u8);
        let mut programs = Vec::with_capacity(n);
        for &gid in gids {
            let gid = usize::from(gid);
            fd_select.push(*self.fd_of.get(gid)?);
            programs.push(self.glyphs.get(gid)?.clone());
        }
        let data_len: usize = programs.iter().map(|r| r.len()).sum();
        let d = &self.data;
        let mut out = Vec::with_capacity(self.head.len() + n * 5 + self.fd_array.len() + data_len);
        out.extend_from_slice(d.get(self.head.clone())?);
        let fd_select_at = out.len();
        out.extend_from_slice(&fd_select);
        let fd_array_at = out.len();
        out.extend_from_slice(d.get(self.fd_array.clone())?);
        let char_strings_at = out.len();
        // CharStrings INDEX with four-byte offsets.
        out.extend_from_slice(&u16::try_from(n).ok()?.to_be_bytes());
        out.push(4);
        let mut offset = 1u32;
        out.extend_from_slice(&offset.to_be_bytes());
        for r in &programs {
            offset = offset.checked_add(u32::try_from(r.len()).ok()?)?;
            out.extend_from_slice(&offset.to_be_bytes());
        }
        for r in programs {
            out.extend_from_slice(d.get(r)?);
        }
        // Charset format 0: each glyph's CID after .notdef (the unit's own
        // charset in `head` is left unused).
        let charset_at = out.len();
        out.push(0);
        for g in &gids[1..] {
            out.extend_from_slice(&g.to_be_bytes());
        }
        for (at, value) in [
            (self.charset_at, charset_at),
            (self.fd_select_at, fd_select_at),
            (self.fd_array_at, fd_array_at),
            (self.char_strings_at, char_strings_at),
        ] {
            let v = i32::try_from(value).ok()?.to_be_bytes();
            out.get_mut(at + 1..at + 5)?.copy_from_slice(&v);
        }
        Some(out)
    }
}

/// A parsed INDEX: where each item is and where the INDEX ends.
struct Index {
    items: Vec<Range<usize>>,
    end: usize,
}

/// The INDEX at `at`.
fn index(d: &[u8], at: usize) -> Option<Index> {
    let count = usize::from(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]));
    if count == 0 {
        return Some(Index {
            items: Vec::new(),
            end: at + 2,
        });
    }
    let size = usize::from(*d.get(at + 2)?);
    if !(1..=4).contains(&size) {
        return None;
    }
    let offsets = at + 3;
    let base = offsets + (count + 1) * size - 1;
    let offset = |i: usize| -> Option<usize> {
        let b = d.get(offsets + i * size..offsets + (i + 1) * size)?;
        Some(b.iter().fold(0usize, |v, &x| (v << 8) | usize::from(x)))
    };
    let mut items = Vec::with_capacity(count);
    let mut start = offset(0)?;
    for i in 1..=count {
        let end = offset(i)?;
        if end < start || base + end > d.len() {
            return None;
        }
        items.push(base + start..base + end);
        start = end;
    }
    Some(Index {
        items,
        end: base + start,
    })
}

/// An operator of a DICT and, when its one operand is a five-byte integer,
/// where that operand starts.
struct Op {
    op: u16,
    at: usize,
}

/// The operators of the DICT in `range` whose last operand is a five-byte
/// integer (the offsets a font's Top DICT points with).
fn dict(d: &[u8], range: Range<usize>) -> Option<Vec<Op>> {
    let mut ops = Vec::new();
    let mut i = range.start;
    let mut last_int5 = None;
    while i < range.end {
        let b = *d.get(i)?;
        match b {
            0..=21 => {
                let op = if b == 12 {
                    i += 1;
                    0x0c00 | u16::from(*d.get(i)?)
                } else {
                    u16::from(b)
                };
                if let Some(at) = last_int5.take() {
                    ops.push(Op { op, at });
                }
                i += 1;
                continue;
            }
            28 => i += 3,
            29 => {
                last_int5 = Some(i);
                i += 5;
                continue;
            }
            30 => {
                i += 1;
                while d.get(i)? & 0x0f != 0x0f && d.get(i)? & 0xf0 != 0xf0 {
                    i += 1;
                }
                i += 1;
            }
            32..=246 => i += 1,
            247..=254 => i += 2,
            _ => return None,
        }
        last_int5 = None;
    }
    Some(ops)
}

/// The FDSelect at `at` for `count` glyphs: the font dict of each glyph and
/// where the table ends.
fn fd_select_table(d: &[u8], at: usize, count: usize) -> Option<(Vec<u8>, usize)> {
    match *d.get(at)? {
        0 => Some((d.get(at + 1..at + 1 + count)?.to_vec(), at + 1 + count)),
        3 => {
            let u16_at = |i: usize| {
                Some(usize::from(u16::from_be_bytes([
                    *d.get(i)?,
                    *d.get(i + 1)?,
                ])))
            };
            let ranges = u16_at(at + 1)?;
            let mut fd_of = vec![0u8; count];
            for r in 0..ranges {
                let rec = at + 3 + r * 3;
                let (first, fd) = (u16_at(rec)?, *d.get(rec + 2)?);
                let next = u16_at(rec + 3)?;
                fd_of.get_mut(first..next.min(count))?.fill(fd);
            }
            Some((fd_of, at + 3 + ranges * 3 + 2))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_pen::Recorder;
    use super::*;
    use skrifa::raw::ps::cff::CffFontRef;
    use skrifa::raw::types::GlyphId;

    /// A CFF font of the machine cut down to `gids` by subsetter (an
    /// OpenType font), or `None` on a machine without one.
    fn subset(data: &[u8], index: u32, gids: &[u16]) -> Vec<u8> {
        let mapper = subsetter::GlyphRemapper::new_from_glyphs(gids);
        subsetter::subset(data, index, &mapper).unwrap()
    }

    /// Every glyph of a bare CFF table: its CID, its private dict as read,
    /// its width and its outline.
    fn glyphs(cff: &[u8]) -> Vec<(u16, String, Option<f32>, Vec<String>)> {
        let font = CffFontRef::new_cff(cff, 0, None).unwrap();
        let charset = font.charset().unwrap();
        (0..font.num_glyphs())
            .map(|g| {
                let gid = GlyphId::new(g);
                let cid = charset.string_id(gid).unwrap().to_u16();
                let sub = font.subfont(font.subfont_index(gid).unwrap(), &[]).unwrap();
                let mut path = Recorder::default();
                let width = font.draw(&sub, gid, &[], None, &mut path).unwrap();
                (cid, format!("{sub:?}"), width, path.0)
            })
            .collect()
    }

    #[test]
    fn a_cut_draws_the_same_glyphs_as_subsetter() {
        let Some(font) = super::super::PdfFont::find().filter(|f| f.is_cff()) else {
            eprintln!("skipped: no CFF font on this machine");
            return;
        };
        let (data, index) = font.program();
        let face = font.face().unwrap();
        let count = skrifa::MetadataProvider::glyph_metrics(
            &face,
            skrifa::instance::Size::unscaled(),
            skrifa::instance::LocationRef::default(),
        )
        .glyph_count();
        let count = u16::try_from(count).unwrap();
        // A unit's glyphs, spread over the font (and so over its font dicts).
        let unit_gids: Vec<u16> = (0..1500u32)
            .map(|i| (i * 7919 % u32::from(count)) as u16)
            .collect();
        let unit = subset(data, index, &unit_gids);
        let unit_cff = super::super::cff_table(&unit).unwrap();
        let cut = UnitCff::parse(unit_cff.clone()).expect("subsetter's CFF has the expected shape");
        for (n, step) in [(2usize, 1usize), (40, 37), (300, 11), (1400, 1)] {
            // A document's glyphs, in increasing order.
            let mut gids = vec![0u16];
            gids.extend((1..).map(|i| (i * step % 1499 + 1) as u16).take(n - 1));
            gids.sort_unstable();
            gids.dedup();
            let fast = cut.cut(&gids).unwrap();
            let slow = super::super::cff_table(&subset(&unit, 0, &gids)).unwrap();
            let (fast_glyphs, slow_glyphs) = (glyphs(&fast), glyphs(&slow));
            assert_eq!(fast_glyphs.len(), gids.len());
            // Each glyph keeps its unit glyph id as its CID.
            let cids: Vec<u16> = fast_glyphs.iter().map(|g| g.0).collect();
            assert_eq!(cids, gids, "CID = unit GID");
            let drawn = |g: &[(u16, String, Option<f32>, Vec<String>)]| -> Vec<_> {
                g.iter()
                    .map(|(_, d, w, p)| (d.clone(), *w, p.clone()))
                    .collect()
            };
            assert_eq!(drawn(&fast_glyphs), drawn(&slow_glyphs), "{n} glyphs");
            assert!(
                fast_glyphs.iter().skip(1).any(|g| !g.3.is_empty()),
                "outlines drawn"
            );
        }
    }

    #[test]
    fn a_font_of_another_shape_is_left_to_subsetter() {
        assert!(UnitCff::parse(Vec::new()).is_none());
        assert!(UnitCff::parse(vec![1, 0, 4, 4, 0, 0, 0, 0]).is_none());
        // Every prefix of a real table fails cleanly.
        let Some(font) = super::super::PdfFont::find().filter(|f| f.is_cff()) else {
            return;
        };
        let (data, index) = font.program();
        let unit = super::super::cff_table(&subset(data, index, &[0, 10, 20, 30])).unwrap();
        assert!(UnitCff::parse(unit.clone()).is_some());
        for len in (0..unit.len()).step_by(7) {
            assert!(
                UnitCff::parse(unit[..len].to_vec()).is_none(),
                "prefix of {len} bytes"
            );
        }
        let cut = UnitCff::parse(unit).unwrap();
        assert!(cut.cut(&[0, 9]).is_none(), "a glyph the unit lacks");
        assert!(cut.cut(&[0]).is_none(), "only .notdef");
        assert!(cut.cut(&[0, 2, 1]).is_none(), "out of order");
    }
}
