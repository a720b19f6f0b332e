//! Deciding whether a pack may be written where it was asked to be: never over
//! its own inputs or the folder the command runs in, never over files it did
//! not write. (Writing it there is `swap`.)

use std::path::{Path, PathBuf};

use super::fsops::io_err;
use super::PackError;
use crate::diag::msg::pack as msg;

/// The folder a pack is written into: `outputs` itself, or, when it is a
/// symbolic link to a folder (pointing at a web server's folder, say), that
/// folder: the link is kept and the pack replaces its target's contents. A link
/// to nothing and a path that is a file, FIFO or device are refused: replacing
/// them would destroy what they are.
pub fn resolve_outputs(outputs: &Path) -> Result<PathBuf, PackError> {
    let meta = match std::fs::symlink_metadata(outputs) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(outputs.to_path_buf()),
        Err(e) => return Err(io_err(outputs, msg::CANNOT_READ_OUTPUTS_FOLDER, e)),
        Ok(m) => m,
    };
    let refuse = |message: String| PackError::Record {
        path: outputs.to_path_buf(),
        message,
    };
    match crate::safe_io::kind_of(&meta) {
        _ if meta.is_dir() => Ok(outputs.to_path_buf()),
        Some(crate::safe_io::Kind::Link) => {
            let target = std::fs::read_link(outputs)
                .map(|t| super::swap::parent_of(outputs).join(t))
                .unwrap_or_default();
            match std::fs::canonicalize(outputs) {
                Ok(real) if std::fs::symlink_metadata(&real).is_ok_and(|m| m.is_dir()) => Ok(real),
                _ => Err(refuse(msg::outputs_link_broken(&target))),
            }
        }
        kind => Err(refuse(msg::outputs_not_a_folder(
            kind.unwrap_or(crate::safe_io::Kind::Other),
        ))),
    }
}

/// Refuses an outputs folder that would replace the inputs (it is them, holds
/// them or lies inside them) or the folder the command runs in (or one above).
pub fn check_overlap(inputs: &Path, outputs: &Path) -> Result<(), PackError> {
    let absolute = |p: &Path| -> PathBuf {
        // The outputs may not exist yet: resolve the nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
            if existing.as_os_str().is_empty() {
                existing = PathBuf::from(".");
            }
        }
        let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
        out.extend(rest.iter().rev());
        out
    };
    let (inputs, outputs_abs) = (absolute(inputs), absolute(outputs));
    let here = std::env::current_dir().map(|d| absolute(&d)).ok();
    let why = if outputs_abs == inputs {
        Some(msg::OVERLAP_IS_INPUTS)
    } else if inputs.starts_with(&outputs_abs) {
        Some(msg::OVERLAP_CONTAINS_INPUTS)
    } else if outputs_abs.starts_with(&inputs) {
        Some(msg::OVERLAP_INSIDE_INPUTS)
    } else if here.is_some_and(|h| h.starts_with(&outputs_abs)) {
        Some(msg::OVERLAP_HOLDS_CURRENT)
    } else {
        None
    };
    match why {
        Some(why) => Err(PackError::Overlap {
            outputs: outputs.to_path_buf(),
            why,
        }),
        None => Ok(()),
    }
}

/// Refuses to replace an outputs folder that holds files its pack's record does
/// not list (or any file, when it has no record): replacing it would delete them.
/// `force` replaces it all the same. `record` is the folder's record when the
/// caller has read it already.
pub fn check_owned(
    outputs: &Path,
    force: bool,
    record: Option<&super::record::Manifest>,
) -> Result<(), PackError> {
    if force || !outputs.exists() {
        return Ok(());
    }
    let files = super::fsops::files_under(outputs)
        .map_err(|e| io_err(outputs, msg::CANNOT_READ_OUTPUTS_FOLDER, e))?;
    let owned: std::collections::BTreeSet<String> = match record {
        Some(m) => m
            .outputs
            .iter()
            .map(|e| e.path.clone())
            .chain([super::record::MANIFEST.to_string()])
            .collect(),
        None => super::record::Manifest::owned_paths(outputs)
            .unwrap_or_default()
            .into_iter()
            .collect(),
    };
    let foreign: Vec<&String> = files.iter().filter(|f| !owned.contains(*f)).collect();
    if foreign.is_empty() {
        return Ok(());
    }
    Err(PackError::Foreign {
        outputs: outputs.to_path_buf(),
        count: foreign.len(),
        examples: foreign.iter().take(3).map(|f| f.to_string()).collect(),
    })
}
