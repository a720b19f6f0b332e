//! Where `audit --out` writes its workbook: only over a regular file (never a
//! link, FIFO, device or folder), never over one of the audit's own inputs
//! (a workbook an earlier audit wrote there is not an input, and is replaced).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::msg::files as msg;
use crate::safe_io::{self, Links};

/// The largest `docProps/core.xml` read to recognise an earlier audit's workbook.
const MAX_CORE: u64 = 64 << 10;

/// Checks that `out` may be written, before anything is audited: what is there
/// must be nothing or a regular file, and not one of `files` (the inputs) unless
/// it is an earlier audit's workbook (titled `title`), which is then taken out
/// of `files`. The error is the message to show.
pub fn prepare(out: &Path, files: &mut Vec<PathBuf>, title: &str) -> Result<(), String> {
    if let Some(kind) = safe_io::refusal(out) {
        return Err(msg::will_not_replace(out, kind));
    }
    let Ok(written) = std::fs::canonicalize(out) else {
        return Ok(());
    };
    let is_out = |f: &PathBuf| std::fs::canonicalize(f).ok().as_ref() == Some(&written);
    if !files.iter().any(is_out) {
        return Ok(());
    }
    if !is_audit_workbook(out, title) {
        return Err(msg::out_is_input(out));
    }
    files.retain(|f| !is_out(f));
    Ok(())
}

/// Writes the workbook whole over what [`prepare`] accepted.
pub fn write(out: &Path, bytes: &[u8]) -> Result<(), String> {
    safe_io::replace_whole(out, bytes).map_err(|e| match e {
        safe_io::SafeError::NotRegular(kind) => msg::will_not_replace(out, kind),
        e => crate::diag::msg::input::cannot_write(out, &e.to_string()),
    })
}

/// Whether `path` is a workbook an audit wrote: its document title is `title`.
fn is_audit_workbook(path: &Path, title: &str) -> bool {
    let Ok(file) = safe_io::open_regular(path, Links::Follow) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(core) = zip.by_name("docProps/core.xml") else {
        return false;
    };
    let mut xml = String::new();
    if core.take(MAX_CORE).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains(&format!("<dc:title>{}</dc:title>", escape(title)))
}

/// `text` as XML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
