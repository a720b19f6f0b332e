//! The parts of a Word document other than its body (styles, settings, properties…).
//!
//! They depend only on the document defaults and the creation date, so docx-rs
//! builds them once per run from an empty document; each grid's document then
//! adds its own body (see [`super::build_docx`]).

use std::sync::{Arc, Mutex};

use docx_rs::Docx;

use super::package::{self, Parts};
use super::{compact_spacing, fonts, half_points, write_error};
use crate::layout::Style;
use crate::render::RenderError;

/// An empty document with the defaults of `style` and the creation date `created`.
pub(super) fn empty_docx(style: &Style, created: &str) -> Docx {
    let docx = Docx::new()
        .default_fonts(fonts(style))
        .default_size(half_points(style.size_pt))
        .default_line_spacing(compact_spacing());
    if created.is_empty() {
        // docx-rs then writes its fixed 1970-01-01 default, which is still stable.
        docx
    } else {
        docx.created_at(created).updated_at(created)
    }
}

/// What the parts other than the body depend on: East Asian font, Latin font,
/// size in half-points, creation date.
type FrameKey = (String, String, usize, String);

/// The parts of documents built in this process, by [`FrameKey`] (a run has one
/// or two).
static FRAMES: Mutex<Vec<(FrameKey, Arc<Parts>)>> = Mutex::new(Vec::new());

/// How many frames [`FRAMES`] keeps; past it, frames are built each time.
const FRAMES_LIMIT: usize = 16;

/// The parts of an empty document with these defaults, built by docx-rs once per
/// process; the body part is replaced by each document's own.
pub(super) fn parts(style: &Style, created: &str) -> Result<Arc<Parts>, RenderError> {
    let key: FrameKey = (
        style.font.clone(),
        style.latin_font.clone(),
        half_points(style.size_pt),
        created.to_string(),
    );
    let mut frames = FRAMES
        .lock()
        .map_err(|_| write_error("docx frame cache poisoned".to_string()))?;
    if let Some((_, parts)) = frames.iter().find(|(k, _)| *k == key) {
        return Ok(Arc::clone(parts));
    }
    let parts =
        Arc::new(package::parts(empty_docx(style, created).build()).map_err(RenderError::from)?);
    if frames.len() < FRAMES_LIMIT {
        frames.push((key, Arc::clone(&parts)));
    }
    Ok(parts)
}
