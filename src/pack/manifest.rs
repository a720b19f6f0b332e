//! `manifest.json`: what made the pack and what is in it, with SHA-256 of every file.

use serde::Serialize;

use super::fsops::FileEntry;

/// The manifest of a year's pack.
#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    /// jixiao's version.
    pub jixiao: &'static str,
    /// The pack's year.
    pub year: u16,
    /// The forms used, sorted.
    pub forms: Vec<&'a str>,
    /// The units built (all when empty).
    pub units: &'a [String],
    /// Every input read, sorted by path.
    pub inputs: Vec<FileEntry>,
    /// Every output written (except the manifest), sorted by path.
    pub outputs: Vec<FileEntry>,
}

impl Manifest<'_> {
    /// The manifest as pretty JSON with a trailing newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}
