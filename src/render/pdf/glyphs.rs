//! The glyphs of a group of tables (a unit's): every character they print,
//! mapped to the font's glyph and advance, with the font cut down to those
//! glyphs once. Each PDF of the group is then subset from this small font:
//! cutting a 20 MB CJK font down for every document would cost milliseconds a
//! table (measured: Noto Serif CJK 2.3 ms, from a unit's subset well under 1 ms).

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;

use super::cff::UnitCff;
use super::font::PdfFont;
use super::truetype::UnitTrueType;
use crate::diag::msg::layout as msg;
use crate::layout::Grid;
use crate::render::RenderError;

/// One character as the font sets it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Glyph {
    /// The glyph in the group's font.
    pub gid: u16,
    /// Advance in thousandths of an em.
    pub advance: f32,
}

/// The characters of a group of tables, ready to be set in PDFs.
#[derive(Debug)]
pub struct Glyphs<'f> {
    font: &'f PdfFont,
    /// The font cut down to the group's glyphs (an OpenType font).
    program: Vec<u8>,
    /// Its CFF table ready to be cut per document, for a CFF font of the
    /// usual shape.
    cff: Option<UnitCff>,
    /// Or its TrueType glyphs ready to be joined per document.
    truetype: Option<UnitTrueType>,
    chars: HashMap<char, Glyph, BuildHasherDefault<CharHash>>,
    notdef: Glyph,
    missing: BTreeSet<char>,
}

/// A hash for characters, the keys of the glyph table: every line is measured
/// character by character, and SipHash (made for keys an attacker chooses, which
/// a font's characters are not) cost more than the measuring.
#[derive(Default)]
pub(super) struct CharHash(u64);

impl Hasher for CharHash {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u32(&mut self, n: u32) {
        // Fibonacci hashing: spreads neighbouring code points over the table.
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Every text a grid prints, headings first, then the cells in reading order.
pub(super) fn texts(grid: &Grid) -> impl Iterator<Item = &str> {
    grid.headings
        .iter()
        .map(|h| h.text.as_str())
        .chain(grid.cells.iter().map(|c| c.content.text()))
}

impl PdfFont {
    /// The glyphs of `grids`: what every PDF of them is set with.
    pub fn glyphs(&self, grids: &[&Grid]) -> Result<Glyphs<'_>, RenderError> {
        let face = self
            .face()
            .ok_or_else(|| pdf_error(msg::FONT_UNPARSABLE.to_string()))?;
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(Size::unscaled(), LocationRef::default());
        let scale = 1000.0 / self.units_per_em();
        let used: BTreeSet<char> = grids
            .iter()
            .flat_map(|g| texts(g))
            .flat_map(str::chars)
            .filter(|c| !c.is_control())
            .collect();
        let mut remapper = subsetter::GlyphRemapper::new();
        let advance = |gid| metrics.advance_width(gid).unwrap_or(0.0) * scale;
        let notdef = Glyph {
            gid: remapper.remap(0),
            advance: advance(skrifa::GlyphId::new(0)),
        };
        let mut chars = HashMap::with_capacity_and_hasher(used.len(), Default::default());
        let mut missing = BTreeSet::new();
        for c in used {
            match charmap
                .map(c)
                .and_then(|g| Some((g, u16::try_from(g.to_u32()).ok()?)))
            {
                Some((g, id)) if id != 0 => {
                    let glyph = Glyph {
                        gid: remapper.remap(id),
                        advance: advance(g),
                    };
                    chars.insert(c, glyph);
                }
                _ => {
                    missing.insert(c);
                }
            }
        }
        let (data, index) = self.program();
        let program = subsetter::subset(data, index, &remapper)
            .map_err(|e| pdf_error(msg::subset_failed(&format!("{e:?}"))))?;
        let (cff, truetype) = if self.is_cff() {
            (UnitCff::parse(super::cff_table(&program)?), None)
        } else {
            (None, UnitTrueType::parse(&program))
        };
        Ok(Glyphs {
            font: self,
            program,
            cff,
            truetype,
            chars,
            notdef,
            missing,
        })
    }
}

impl Glyphs<'_> {
    /// The font the glyphs come from.
    pub fn font(&self) -> &PdfFont {
        self.font
    }

    /// The group's font program.
    pub(super) fn program(&self) -> &[u8] {
        &self.program
    }

    /// The group's CFF table, to cut without `subsetter`.
    pub(super) fn unit_cff(&self) -> Option<&UnitCff> {
        self.cff.as_ref()
    }

    /// The group's TrueType glyphs, to join without `subsetter`.
    pub(super) fn unit_truetype(&self) -> Option<&UnitTrueType> {
        self.truetype.as_ref()
    }

    /// How `c` is set: its glyph, or the font's empty box when it has none.
    pub(super) fn get(&self, c: char) -> Glyph {
        self.chars.get(&c).copied().unwrap_or(self.notdef)
    }

    /// The font's empty box, glyph 0.
    pub(super) fn notdef(&self) -> Glyph {
        self.notdef
    }

    /// Width of `c` in points at `size_pt`.
    pub(super) fn width(&self, c: char, size_pt: f64) -> f64 {
        f64::from(self.get(c).advance) * size_pt / 1000.0
    }

    /// The characters the font has no glyph for (printed as empty boxes).
    pub fn missing(&self) -> &BTreeSet<char> {
        &self.missing
    }
}

/// Wraps a message as the PDF flavour of [`RenderError::Write`].
pub(super) fn pdf_error(message: String) -> RenderError {
    RenderError::Write {
        format: "pdf",
        message,
        source: None,
    }
}
