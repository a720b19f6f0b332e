//! The CJK font the PDFs are set in: found on the machine (宋体/SimSun first,
//! then Noto Serif CJK, then AR PL UMing) or chosen with `--font`, loaded once
//! per run.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use skrifa::raw::{FileRef, TableProvider};
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

use crate::diag::msg::layout as msg;

/// Font file names jixiao looks for, best first, lowercase: 宋体 (Windows, and
/// macOS's 宋体-简), then the free serif CJK fonts of Linux distributions.
const WANTED: &[&str] = &[
    "simsun.ttc",
    "simsun.ttf",
    "songti.ttc",
    "notoserifcjk-regular.ttc",
    "notoserifcjksc-regular.otf",
    "notoserifsc-regular.otf",
    "notoserifcjk-regular.otf",
    "sourcehanserifsc-regular.otf",
    "uming.ttc",
];

/// Folders searched at most this deep, and at most this many entries in all:
/// a font folder is small, a mistaken one (a home directory) must not stall a run.
const MAX_DEPTH: usize = 6;
const MAX_ENTRIES: usize = 200_000;

/// The environment variable that replaces the folders searched for a font
/// (separated like `PATH`); empty means no folder.
pub const FONT_DIRS_ENV: &str = "JIXIAO_FONT_DIRS";

/// What to install when no font is found, for the warning.
pub const INSTALL_HINT: &str = msg::FONT_INSTALL_HINT;

/// A font could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct FontError {
    /// The font file.
    pub path: PathBuf,
    /// What is wrong with it, in Chinese.
    pub message: String,
}

/// One face of a font file, ready to set PDFs in.
#[derive(Debug, Clone)]
pub struct PdfFont {
    path: PathBuf,
    data: Arc<Vec<u8>>,
    index: u32,
    family: String,
    postscript: String,
    units_per_em: f32,
    /// The glyph programs are CFF (OpenType), not TrueType outlines.
    cff: bool,
    /// Font box, ascent and descent in thousandths of an em.
    bbox: [f32; 4],
    ascent: f32,
    descent: f32,
}

/// The largest font file read: the largest CJK collections are about 120 MB.
const MAX_FONT_BYTES: u64 = 256 << 20;

impl PdfFont {
    /// The best CJK serif font on this machine, if any (see [`FONT_DIRS_ENV`]).
    pub fn find() -> Option<PdfFont> {
        let mut found: Vec<(usize, PathBuf)> = Vec::new();
        let mut budget = MAX_ENTRIES;
        for dir in font_dirs() {
            collect(&dir, 0, &mut budget, &mut found);
        }
        found.sort();
        found
            .into_iter()
            .find_map(|(_, path)| PdfFont::load(&path).ok())
    }

    /// The font in `path` (a `.ttf`, `.otf` or `.ttc`): of a collection, the
    /// face for simplified Chinese when there is one.
    pub fn load(path: &Path) -> Result<PdfFont, FontError> {
        let err = |message: String| FontError {
            path: path.to_path_buf(),
            message,
        };
        // Only a regular file (a link to one is fine), within the cap: never a
        // FIFO (it would hang) or a device (it would never end).
        let data = crate::safe_io::read_capped(path, MAX_FONT_BYTES, crate::safe_io::Links::Follow)
            .map_err(|e| err(msg::font_unreadable(&e.to_string())))?;
        let file = FileRef::new(&data).map_err(|_| err(msg::NOT_A_FONT.into()))?;
        let faces: Vec<(u32, FontRef)> = file
            .fonts()
            .enumerate()
            .filter_map(|(i, f)| Some((u32::try_from(i).ok()?, f.ok()?)))
            .filter(|(_, f)| f.charmap().map(msg::CJK_PROBE).is_some())
            .collect();
        let family = |f: &FontRef| {
            f.localized_strings(StringId::FAMILY_NAME)
                .english_or_first()
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let simplified = |name: &str| {
            let n = name.to_ascii_uppercase();
            n.ends_with(" SC") || n.ends_with(" CN") || n == "SIMSUN" || n.contains(" SC ")
        };
        let (index, face) = faces
            .iter()
            .find(|(_, f)| simplified(&family(f)))
            .or(faces.first())
            .ok_or_else(|| err(msg::FONT_WITHOUT_HANZI.into()))?;
        let cff = face.cff().is_ok();
        if face.cff2().is_ok() && !cff {
            return Err(err(msg::VARIABLE_FONT.into()));
        }
        let head = face
            .head()
            .map_err(|_| err(msg::FONT_WITHOUT_HEAD.into()))?;
        let upem = f32::from(head.units_per_em().max(1));
        let k = 1000.0 / upem;
        let hhea = face
            .hhea()
            .map_err(|_| err(msg::FONT_WITHOUT_HHEA.into()))?;
        let postscript: String = face
            .localized_strings(StringId::POSTSCRIPT_NAME)
            .english_or_first()
            .map(|s| s.to_string())
            .unwrap_or_else(|| family(face))
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let bbox = [
            f32::from(head.x_min()) * k,
            f32::from(head.y_min()) * k,
            f32::from(head.x_max()) * k,
            f32::from(head.y_max()) * k,
        ];
        let (ascent, descent) = (
            f32::from(hhea.ascender().to_i16()) * k,
            f32::from(hhea.descender().to_i16()) * k,
        );
        let (index, family) = (*index, family(face));
        drop(faces);
        let font = PdfFont {
            path: path.to_path_buf(),
            data: Arc::new(data),
            index,
            family,
            postscript: if postscript.is_empty() {
                "CJKFont".into()
            } else {
                postscript
            },
            units_per_em: upem,
            cff,
            bbox,
            ascent,
            descent,
        };
        // A font that cannot be subset is found out now, not in every PDF.
        let mut probe = subsetter::GlyphRemapper::new();
        if let Some(g) = font.face().and_then(|f| f.charmap().map(msg::CJK_PROBE)) {
            probe.remap(u16::try_from(g.to_u32()).unwrap_or(0));
        }
        subsetter::subset(&font.data, font.index, &probe)
            .map_err(|e| err(msg::subset_failed(&format!("{e:?}"))))?;
        Ok(font)
    }

    /// The face, parsed again (parsing reads only the table directory).
    pub(super) fn face(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(&self.data, self.index).ok()
    }

    /// The font file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The family name, e.g. `Noto Serif CJK SC`.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// The PostScript name, for the PDF's font objects.
    pub(super) fn postscript(&self) -> &str {
        &self.postscript
    }

    /// The font file's bytes and the face's index in it.
    pub(super) fn program(&self) -> (&[u8], u32) {
        (&self.data, self.index)
    }

    /// Font units per em.
    pub(super) fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// Whether the outlines are CFF.
    pub(super) fn is_cff(&self) -> bool {
        self.cff
    }

    /// Font box, ascent and descent in thousandths of an em.
    pub(super) fn metrics(&self) -> ([f32; 4], f32, f32) {
        (self.bbox, self.ascent, self.descent)
    }
}

/// The folders fonts are looked for in.
fn font_dirs() -> Vec<PathBuf> {
    if let Some(dirs) = std::env::var_os(FONT_DIRS_ENV) {
        return std::env::split_paths(&dirs)
            .filter(|d| !d.as_os_str().is_empty())
            .collect();
    }
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        dirs.extend([
            home.join(".local/share/fonts"),
            home.join(".fonts"),
            home.join("Library/Fonts"),
        ]);
    }
    if let Some(windir) = std::env::var_os("WINDIR").map(PathBuf::from) {
        dirs.push(windir.join("Fonts"));
    }
    if let Some(local) = std::env::var_os("LOCALAPPDATA").map(PathBuf::from) {
        dirs.push(local.join("Microsoft/Windows/Fonts"));
    }
    dirs
}

/// The wanted font files under `dir`, with their rank in [`WANTED`].
fn collect(dir: &Path, depth: usize, budget: &mut usize, found: &mut Vec<(usize, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() || (kind.is_symlink() && path.is_dir()) {
            if depth < MAX_DEPTH {
                collect(&path, depth + 1, budget, found);
            }
        } else if let Some(rank) = entry
            .file_name()
            .to_str()
            .and_then(|n| WANTED.iter().position(|w| n.eq_ignore_ascii_case(w)))
        {
            found.push((rank, path));
        }
    }
}
