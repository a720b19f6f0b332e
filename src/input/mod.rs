//! Loading projects from their input files.

pub mod accepted;
pub mod docx;
pub mod emit;
pub(crate) mod node;
pub mod sheet;
pub mod typed;
pub mod yaml;

pub use crate::form::Words;

use crate::diag::msg::input as msg;
use crate::model::target::ParseError;

/// The largest YAML input read: one project's file is a few KB; a larger one is
/// not a table (and reading it whole would cost its size in memory many times).
pub const MAX_YAML_BYTES: u64 = 16 << 20;

/// The largest workbook read: a thousand tables take a few MB.
pub const MAX_WORKBOOK_BYTES: u64 = 256 << 20;

/// A file larger than `limit` bytes, as a message; `None` when it fits (or its
/// size cannot be known, which reading then reports).
pub fn too_large(file: &std::path::Path, limit: u64) -> Option<String> {
    let size = std::fs::metadata(file).ok()?.len();
    (size > limit).then(|| msg::file_too_large(size as f64 / 1048576.0, limit >> 20))
}

/// The bytes of an input file of at most `limit` bytes, opened only when it is a
/// regular file (a FIFO is never waited on, a device never read without end).
pub fn read_regular(file: &std::path::Path, limit: u64) -> std::io::Result<Vec<u8>> {
    crate::safe_io::read_capped(file, limit, crate::safe_io::Links::Follow)
        .map_err(crate::safe_io::SafeError::into_io)
}

/// E0109 for a number beyond [`max_figure`]: message and hint, the same for every
/// input format.
pub fn out_of_range(label: &str, shown: &str) -> (String, String) {
    msg::out_of_range(label, shown.trim())
}

/// The message for a number followed by a unit its field does not take
/// (`20美元` as an amount), the same for every input format.
pub fn wrong_unit(label: &str, shown: &str, unit: &str) -> String {
    msg::wrong_unit(label, shown, unit)
}

/// E0301 for a 年度指标值 that cannot be read: message and hint, the same for every input format.
pub fn bad_target(what: &str, e: &ParseError) -> (String, String) {
    msg::bad_target(what, &e.0)
}

/// E0302 for a 实际完成值 that cannot be read: message and hint, the same for every input format.
pub fn bad_actual(what: &str, e: &ParseError) -> (String, String) {
    msg::bad_actual(what, &e.0)
}
