//! Cutting a unit's TrueType font down to one document's glyphs without
//! compressing them again. Deflating ~150 KB of outlines for every PDF was
//! most of a TrueType document's time (SimSun, UMing); here each glyph is
//! deflated once per unit, as a piece that ends on a byte boundary, and a
//! document's font stream is the concatenation of its glyphs' pieces with a
//! new table directory and `loca` (RFC 1950/1951 allow joining such pieces).
//! The document's font keeps the unit's glyph numbers, unused glyphs empty;
//! the PDF maps its CIDs to them with a CIDToGIDMap. A font of another shape
//! gives `None` and the caller falls back to `subsetter`.

use std::ops::Range;

use flate2::{Compress, Compression, FlushCompress};

/// Deflate level of the unit's pieces (glyphs, copied tables): high, as
/// each is compressed once per unit, not once per document (level 9 cost 10 %
/// more CPU over 10,000 projects for no size du could see).
const UNIT_LEVEL: u32 = 6;

/// Deflate level of a document's own pieces (directory, `loca`): the fastest.
const DOCUMENT_LEVEL: u32 = 1;

/// One piece of the zlib stream: deflated bytes, and the length and
/// Adler-32 of what they hold.
#[derive(Debug, Default)]
struct Piece {
    deflated: Vec<u8>,
    len: usize,
    adler: u32,
}

/// One glyph of the unit's font.
#[derive(Debug, Default)]
struct GlyphPiece {
    piece: Piece,
    /// Checksum of the glyph's (padded) bytes, for the `glyf` table's.
    checksum: u32,
    /// Glyphs a composite glyph is drawn from.
    components: Vec<u16>,
}

/// A table of the document's font.
#[derive(Debug, Clone, Copy)]
struct Table {
    tag: [u8; 4],
    checksum: u32,
    offset: u32,
    len: u32,
}

/// The unit's TrueType font, ready to be cut per document.
#[derive(Debug)]
pub(super) struct UnitTrueType {
    /// Tables copied into every document (all but `loca` and `glyf`), with
    /// their offsets in the document's font.
    tables: Vec<Table>,
    /// Those tables' bytes, deflated once.
    fixed: Piece,
    glyphs: Vec<GlyphPiece>,
    /// Offsets of `loca` and `glyf` in every document's font.
    loca_at: u32,
    glyf_at: u32,
}

impl UnitTrueType {
    /// The unit's font (an OpenType font with TrueType outlines, as
    /// `subsetter` writes it), when it has the expected shape.
    pub(super) fn parse(font: &[u8]) -> Option<UnitTrueType> {
        let u16_at = |i: usize| Some(u16::from_be_bytes([*font.get(i)?, *font.get(i + 1)?]));
        let u32_at = |i: usize| Some(u32::from_be_bytes(font.get(i..i + 4)?.try_into().ok()?));
        if u32_at(0)? != 0x0001_0000 {
            return None;
        }
        let count = usize::from(u16_at(4)?);
        let mut found: Vec<([u8; 4], Range<usize>)> = Vec::with_capacity(count);
        for i in 0..count {
            let rec = 12 + i * 16;
            let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
            let offset = usize::try_from(u32_at(rec + 8)?).ok()?;
            let len = usize::try_from(u32_at(rec + 12)?).ok()?;
            font.get(offset..offset + len)?;
            found.push((tag, offset..offset + len));
        }
        let table = |tag: &[u8; 4]| found.iter().find(|(t, _)| t == tag).map(|(_, r)| r.clone());
        let (head, loca, glyf, maxp) = (
            table(b"head")?,
            table(b"loca")?,
            table(b"glyf")?,
            table(b"maxp")?,
        );
        let long = match u16_at(head.start + 50)? {
            0 => false,
            1 => true,
            _ => return None,
        };
        let n = usize::from(u16_at(maxp.start + 4)?);
        let offset = |g: usize| -> Option<usize> {
            if long {
                usize::try_from(u32_at(loca.start + g * 4)?).ok()
            } else {
                Some(usize::from(u16_at(loca.start + g * 2)?) * 2)
            }
        };
        let mut glyphs = Vec::with_capacity(n);
        for g in 0..n {
            let (a, b) = (offset(g)?, offset(g + 1)?);
            let bytes = font.get(glyf.start + a..glyf.start + b)?;
            let mut padded = bytes.to_vec();
            padded.resize(bytes.len().div_ceil(4) * 4, 0);
            glyphs.push(GlyphPiece {
                components: components(bytes)?,
                checksum: checksum(&padded),
                piece: deflate_piece(&padded, UNIT_LEVEL)?,
            });
        }
        // The document's font: directory, the copied tables, loca, glyf.
        let keep: Vec<&([u8; 4], Range<usize>)> = found
            .iter()
            .filter(|(t, _)| t != b"loca" && t != b"glyf")
            .collect();
        let directory = 12 + 16 * (keep.len() + 2);
        let mut fixed = Vec::new();
        let mut tables = Vec::with_capacity(keep.len() + 2);
        for (tag, range) in keep {
            let mut bytes = font.get(range.clone())?.to_vec();
            if tag == b"head" {
                // Long loca offsets; the whole-font checksum is not kept.
                bytes.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
                bytes.get_mut(8..12)?.fill(0);
            }
            let len = u32::try_from(bytes.len()).ok()?;
            bytes.resize(bytes.len().div_ceil(4) * 4, 0);
            tables.push(Table {
                tag: *tag,
                checksum: checksum(&bytes),
                offset: u32::try_from(directory + fixed.len()).ok()?,
                len,
            });
            fixed.extend_from_slice(&bytes);
        }
        let loca_at = u32::try_from(directory + fixed.len()).ok()?;
        let glyf_at = loca_at.checked_add(u32::try_from((n + 1) * 4).ok()?)?;
        Some(UnitTrueType {
            tables,
            fixed: deflate_piece(&fixed, UNIT_LEVEL)?,
            glyphs,
            loca_at,
            glyf_at,
        })
    }

    /// The zlib-compressed font of the unit glyphs `gids` (and the glyphs
    /// they are composed of), in the unit's numbering; `None` if one is not
    /// in the font.
    pub(super) fn cut(&self, gids: &[u16]) -> Option<Vec<u8>> {
        let n = self.glyphs.len();
        let mut used = vec![false; n];
        let mut todo: Vec<u16> = gids.to_vec();
        todo.push(0);
        while let Some(g) = todo.pop() {
            let slot = used.get_mut(usize::from(g))?;
            if !*slot {
                *slot = true;
                todo.extend_from_slice(&self.glyphs[usize::from(g)].components);
            }
        }
        let mut loca = Vec::with_capacity((n + 1) * 4);
        let (mut offset, mut glyf_sum) = (0u32, 0u32);
        for (g, on) in self.glyphs.iter().zip(&used) {
            loca.extend_from_slice(&offset.to_be_bytes());
            if *on {
                offset = offset.checked_add(u32::try_from(g.piece.len).ok()?)?;
                glyf_sum = glyf_sum.wrapping_add(g.checksum);
            }
        }
        loca.extend_from_slice(&offset.to_be_bytes());
        let mut tables: Vec<Table> = self
            .tables
            .iter()
            .copied()
            .chain([
                Table {
                    tag: *b"loca",
                    checksum: checksum(&loca),
                    offset: self.loca_at,
                    len: u32::try_from(loca.len()).ok()?,
                },
                Table {
                    tag: *b"glyf",
                    checksum: glyf_sum,
                    offset: self.glyf_at,
                    len: offset,
                },
            ])
            .collect();
        tables.sort_by_key(|t| t.tag);
        let directory = directory(&tables)?;
        let head = deflate_piece(&directory, DOCUMENT_LEVEL)?;
        let loca = deflate_piece(&loca, DOCUMENT_LEVEL)?;
        let glyphs = self
            .glyphs
            .iter()
            .zip(&used)
            .filter(|(_, on)| **on)
            .map(|(g, _)| &g.piece);
        let pieces: Vec<&Piece> = [&head, &self.fixed, &loca]
            .into_iter()
            .chain(glyphs)
            .collect();
        let size: usize = pieces.iter().map(|p| p.deflated.len()).sum();
        let mut out = Vec::with_capacity(size + 8);
        // zlib header: deflate, 32 KB window, fastest level, no dictionary.
        out.extend_from_slice(&[0x78, 0x01]);
        let mut adler = 1u32;
        for p in pieces {
            out.extend_from_slice(&p.deflated);
            adler = adler32_combine(adler, p.adler, p.len);
        }
        // An empty final block with fixed codes, then the checksum.
        out.extend_from_slice(&[0x03, 0x00]);
        out.extend_from_slice(&adler.to_be_bytes());
        Some(out)
    }
}

impl Table {
    fn record(&self) -> [u8; 16] {
        let mut r = [0u8; 16];
        r[..4].copy_from_slice(&self.tag);
        r[4..8].copy_from_slice(&self.checksum.to_be_bytes());
        r[8..12].copy_from_slice(&self.offset.to_be_bytes());
        r[12..].copy_from_slice(&self.len.to_be_bytes());
        r
    }
}

/// The offset table and table directory of a font holding `tables`.
fn directory(tables: &[Table]) -> Option<Vec<u8>> {
    let count = u16::try_from(tables.len()).ok()?;
    let power = 1u16 << (15 - count.max(1).leading_zeros());
    let mut d = Vec::with_capacity(12 + 16 * tables.len());
    d.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    d.extend_from_slice(&count.to_be_bytes());
    d.extend_from_slice(&(power * 16).to_be_bytes());
    d.extend_from_slice(&(power.trailing_zeros() as u16).to_be_bytes());
    d.extend_from_slice(&((count - power) * 16).to_be_bytes());
    for t in tables {
        d.extend_from_slice(&t.record());
    }
    Some(d)
}

/// The glyphs a composite glyph refers to (none for a simple or empty one);
/// `None` for a composite record cut short.
fn components(glyph: &[u8]) -> Option<Vec<u16>> {
    let Some(contours) = glyph.get(0..2) else {
        return Some(Vec::new());
    };
    if i16::from_be_bytes([contours[0], contours[1]]) >= 0 {
        return Some(Vec::new());
    }
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    let mut i = 10;
    loop {
        let flags = u16::from_be_bytes([*glyph.get(i)?, *glyph.get(i + 1)?]);
        out.push(u16::from_be_bytes([*glyph.get(i + 2)?, *glyph.get(i + 3)?]));
        i += 4 + if flags & WORDS != 0 { 4 } else { 2 };
        i += match () {
            _ if flags & SCALE != 0 => 2,
            _ if flags & XY_SCALE != 0 => 4,
            _ if flags & TWO_BY_TWO != 0 => 8,
            _ => 0,
        };
        if flags & MORE == 0 {
            return Some(out);
        }
    }
}

/// The TrueType checksum of 4-byte-padded bytes.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// `bytes` as raw deflate blocks (at `level`) that end on a byte boundary and are not
/// final, so that pieces can be joined into one stream.
fn deflate_piece(bytes: &[u8], level: u32) -> Option<Piece> {
    let mut c = Compress::new(Compression::new(level), false);
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8 + 64);
    loop {
        let consumed = usize::try_from(c.total_in()).ok()?;
        c.compress_vec(&bytes[consumed..], &mut out, FlushCompress::Sync)
            .ok()?;
        if usize::try_from(c.total_in()).ok()? == bytes.len() && out.len() < out.capacity() {
            break;
        }
        out.reserve(out.capacity().max(64));
    }
    Some(Piece {
        deflated: out,
        len: bytes.len(),
        adler: adler32(bytes),
    })
}

const ADLER_BASE: u32 = 65_521;

/// Adler-32 of `bytes` (RFC 1950).
fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    // 5,552 bytes is the most that cannot overflow before the modulo.
    for chunk in bytes.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= ADLER_BASE;
        b %= ADLER_BASE;
    }
    (b << 16) | a
}

/// The Adler-32 of two byte strings joined, from theirs and the second's
/// length (as zlib's `adler32_combine`).
fn adler32_combine(first: u32, second: u32, second_len: usize) -> u32 {
    let base = u64::from(ADLER_BASE);
    let rem = (second_len as u64) % base;
    let (a1, b1) = (u64::from(first & 0xffff), u64::from(first >> 16));
    let (a2, b2) = (u64::from(second & 0xffff), u64::from(second >> 16));
    let a = (a1 + a2 + base - 1) % base;
    let b = (rem * a1 + b1 + b2 + base - rem) % base;
    ((b as u32) << 16) | a as u32
}

#[cfg(test)]
mod tests {
    use super::super::test_pen::Recorder;
    use super::*;
    use skrifa::instance::{LocationRef, Size};
    use skrifa::outline::DrawSettings;
    use skrifa::raw::TableProvider;
    use skrifa::{FontRef, GlyphId, MetadataProvider};
    use std::io::Read;

    /// The outline of every glyph of `font`.
    fn outlines(font: &[u8]) -> Vec<Vec<String>> {
        let font = FontRef::new(font).unwrap();
        let glyphs = font.outline_glyphs();
        let n = font.maxp().unwrap().num_glyphs();
        (0..n)
            .map(|g| {
                let mut path = Recorder::default();
                if let Some(glyph) = glyphs.get(GlyphId::new(u32::from(g))) {
                    let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
                    glyph.draw(settings, &mut path).unwrap();
                }
                path.0
            })
            .collect()
    }

    #[test]
    fn a_cut_draws_the_units_glyphs_and_only_those() {
        let Some(font) = std::env::var_os("JIXIAO_TEST_TRUETYPE")
            .map(std::path::PathBuf::from)
            .or_else(|| Some("/usr/share/fonts/truetype/arphic/uming.ttc".into()))
            .filter(|p| p.is_file())
            .and_then(|p| super::super::PdfFont::load(&p).ok())
            .filter(|f| !f.is_cff())
        else {
            eprintln!("skipped: no TrueType CJK font");
            return;
        };
        let (data, index) = font.program();
        // A unit's glyphs, spread over the font: among them composites
        // (UMing draws a sixth of its glyphs from others).
        let unit_gids: Vec<u16> = (0..600u16).map(|i| i * 23).collect();
        let mapper = subsetter::GlyphRemapper::new_from_glyphs(&unit_gids);
        let unit = subsetter::subset(data, index, &mapper).unwrap();
        let cut = UnitTrueType::parse(&unit).expect("subsetter's font has the expected shape");
        let unit_outlines = outlines(&unit);
        let composites = cut
            .glyphs
            .iter()
            .filter(|g| !g.components.is_empty())
            .count();
        for take in [1usize, 5, 20, unit_outlines.len()] {
            let gids: Vec<u16> = (0..take as u16).rev().collect();
            let z = cut.cut(&gids).unwrap();
            let mut font = Vec::new();
            flate2::read::ZlibDecoder::new(z.as_slice())
                .read_to_end(&mut font)
                .unwrap();
            let got = outlines(&font);
            assert_eq!(got.len(), unit_outlines.len(), "the unit's numbering kept");
            for (g, (a, b)) in got.iter().zip(&unit_outlines).enumerate() {
                let wanted = g < take
                    || cut.glyphs[..take]
                        .iter()
                        .any(|x| x.components.contains(&(g as u16)));
                if wanted {
                    assert_eq!(a, b, "glyph {g} of {take}");
                } else {
                    assert!(a.is_empty(), "glyph {g} left out of {take}");
                }
            }
        }
        assert!(composites > 0, "composites tried");
    }

    #[test]
    fn adler_of_joined_strings() {
        let (x, y) = (
            b"jixiao ".repeat(3000),
            b"\xff\x00 self-evaluation".repeat(999),
        );
        let joined = [x.as_slice(), y.as_slice()].concat();
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(
            adler32_combine(adler32(&x), adler32(&y), y.len()),
            adler32(&joined)
        );
        assert_eq!(adler32_combine(1, adler32(&y), y.len()), adler32(&y));
    }

    #[test]
    fn pieces_join_into_one_zlib_stream() {
        let parts: Vec<Vec<u8>> = (0..50u8).map(|i| vec![i; usize::from(i) * 37]).collect();
        let mut z = vec![0x78, 0x01];
        let mut adler = 1;
        for p in &parts {
            let piece = deflate_piece(p, u32::from(p.len() as u8 % 10)).unwrap();
            z.extend_from_slice(&piece.deflated);
            adler = adler32_combine(adler, piece.adler, piece.len);
        }
        z.extend_from_slice(&[0x03, 0x00]);
        z.extend_from_slice(&adler.to_be_bytes());
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(z.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, parts.concat());
    }

    #[test]
    fn composite_records_name_their_glyphs() {
        // Two components: word arguments and a scale, then byte arguments.
        let glyph = [
            0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, // header, -1 contours
            0x00, 0x29, 0x00, 0x07, 0, 1, 0, 2, 0x40, 0x00, // WORDS|MORE|SCALE, glyph 7
            0x00, 0x00, 0x01, 0x02, 5, 6, // byte args, glyph 258
        ];
        assert_eq!(components(&glyph), Some(vec![7, 258]));
        assert_eq!(components(&glyph[..20]), None, "cut short");
        assert_eq!(components(&[0, 1, 0, 0]), Some(Vec::new()), "simple");
        assert_eq!(components(&[]), Some(Vec::new()), "empty");
    }
}
