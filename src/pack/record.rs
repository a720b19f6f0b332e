//! `manifest.json`: the pack's own record of what made it and what it holds —
//! every input and output with its size and SHA-256, every unit's projects with
//! their figures, and the tables left out. `index.html` is drawn from it, a
//! `--unit` run carries the other units over by it, `merge` joins packs by it,
//! and a run replaces only the files it lists.

use std::path::Path;

use crate::diag::msg::pack as msg;

use serde::{Deserialize, Serialize};

use super::fsops::{io_err, FileEntry};
use super::summary::ProjectSummary;
use super::PackError;
use crate::safe_io::{Links, SafeError};

/// The name of the record inside the pack.
pub const MANIFEST: &str = "manifest.json";

/// The largest record read: a pack of 10,000 projects records about 10 MB.
const MAX_MANIFEST: u64 = 128 << 20;

/// The bytes of a record: a regular file inside the pack (never a link), within
/// [`MAX_MANIFEST`].
fn read_record(path: &Path) -> Result<Vec<u8>, SafeError> {
    crate::safe_io::read_capped(path, MAX_MANIFEST, Links::Refuse)
}

/// The record of a year's pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// jixiao's version.
    pub jixiao: String,
    /// The pack's year.
    pub year: u16,
    /// The forms the pack's projects are printed on, sorted.
    pub forms: Vec<String>,
    /// Every input read, by path relative to the inputs folder, sorted.
    pub inputs: Vec<FileEntry>,
    /// Every unit of the pack, in pack order, with its projects.
    pub units: Vec<UnitRecord>,
    /// The tables left out because of errors, in input order.
    pub left_out: Vec<LeftOut>,
    /// The tables published as written with findings their units accepted
    /// (已确认), in input order.
    #[serde(default)]
    pub accepted: Vec<Accepted>,
    /// Every output (except the manifest), sorted by path.
    pub outputs: Vec<FileEntry>,
}

/// One 实施单位 of the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRecord {
    /// 实施单位.
    pub unit: String,
    /// Its folder inside the pack.
    pub dir: String,
    /// Its projects, in pack order.
    pub projects: Vec<ProjectSummary>,
    /// Whether its folder holds PDFs (none when no CJK font was at hand, or with `--no-pdf`).
    #[serde(default)]
    pub pdf: bool,
    /// The unit its summaries (汇总 sheet, index) print amounts in: its
    /// projects' forms' (万元 when they differ).
    #[serde(default)]
    pub amounts: crate::form::AmountUnit,
    /// What its tables are: a unit's 目标表s are a part of their own.
    #[serde(default)]
    pub kind: crate::form::TableKind,
}

/// A table published with findings its unit accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    /// The input file, relative to the inputs folder.
    pub file: String,
    /// The table's position in its file.
    pub table: usize,
    /// The accepted findings with their reasons, as `jixiao check` prints them.
    pub findings: String,
}

/// A table left out of the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// The input file, relative to the inputs folder.
    pub file: String,
    /// The table's position in its file.
    pub table: usize,
    /// Its errors, as `jixiao check` prints them.
    pub errors: String,
}

impl Manifest {
    /// The record of the pack in `dir`: None when it has none; an error when it
    /// cannot be read or was not written by this version of jixiao.
    pub fn read(dir: &Path) -> Result<Option<Manifest>, PackError> {
        let path = dir.join(MANIFEST);
        let bytes = match read_record(&path) {
            Ok(b) => b,
            Err(SafeError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(SafeError::Io(e)) => return Err(io_err(&path, msg::CANNOT_READ_MANIFEST, e)),
            Err(e) => {
                return Err(PackError::Record {
                    path,
                    message: msg::manifest_unreadable(e),
                })
            }
        };
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| PackError::Record {
            path: path.clone(),
            message: msg::foreign_manifest(e),
        })?;
        super::trust::check_record(&manifest, &path)?;
        Ok(Some(manifest))
    }

    /// The files a pack's record says it owns (its outputs and the record
    /// itself), read leniently so that a record of an older version still counts.
    pub fn owned_paths(dir: &Path) -> Option<Vec<String>> {
        let bytes = read_record(&dir.join(MANIFEST)).ok()?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        let mut paths: Vec<String> = value["outputs"]
            .as_array()?
            .iter()
            .filter_map(|e| e["path"].as_str().map(str::to_string))
            .collect();
        paths.push(MANIFEST.to_string());
        Some(paths)
    }
}
