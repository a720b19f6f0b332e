//! Keeping the outputs folder safe: one writer at a time (a lock beside it),
//! never a pack written over its own inputs, and the leftovers of a killed run
//! recovered by the next one.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::fsops::io_err;
use super::PackError;
use crate::diag::msg::pack as msg;

/// The folder beside `outputs` that holds its lock, staging and old folders.
pub fn parent_of(outputs: &Path) -> &Path {
    match outputs.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The name the pack's helper files start with: `.2024`.
fn base(outputs: &Path) -> String {
    outputs.file_name().map_or_else(
        || ".outputs".to_string(),
        |n| format!(".{}", n.to_string_lossy()),
    )
}

/// The lock file of an outputs folder.
pub fn lock_path(outputs: &Path) -> PathBuf {
    parent_of(outputs).join(format!("{}.lock", base(outputs)))
}

/// Where a run moves the previous pack while it puts the new one in place.
pub fn old_path(outputs: &Path) -> PathBuf {
    parent_of(outputs).join(format!("{}.old", base(outputs)))
}

/// The prefix of every run's staging folder.
pub fn staging_prefix(outputs: &Path) -> String {
    format!("{}.partial-", base(outputs))
}

/// Held while a run writes `outputs`; released when dropped (or when the process
/// dies, so that a killed run never wedges the next one).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the lock of `outputs`, or says that another run holds it.
pub fn lock(outputs: &Path) -> Result<Lock, PackError> {
    let parent = parent_of(outputs);
    std::fs::create_dir_all(parent)
        .map_err(|e| io_err(parent, msg::CANNOT_CREATE_OUTPUTS_FOLDER, e))?;
    let path = lock_path(outputs);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_err(&path, msg::CANNOT_CREATE_LOCK, e))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(PackError::Busy {
            outputs: outputs.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(io_err(&path, msg::CANNOT_LOCK, e)),
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

/// Deletes a replaced pack; when it cannot be (a read-only folder in it), moves
/// it out of the way under a name of its own and returns where it is, so that no
/// later run is stopped by it.
pub fn retire(old: &Path) -> Option<PathBuf> {
    if super::fsops::remove_tree(old).is_ok() || !old.exists() {
        return None;
    }
    let aside = PathBuf::from(format!("{}-{}", old.display(), std::process::id()));
    Some(if std::fs::rename(old, &aside).is_ok() {
        aside
    } else {
        old.to_path_buf()
    })
}

/// Recovers what a killed run left (call with the lock held, so no other run is
/// using them): staging folders are removed; an old pack is put back when the new
/// one never arrived, or removed when it did. Returns the folders that could not
/// be deleted (set aside; the caller tells the user to delete them).
pub fn recover(outputs: &Path) -> Result<Vec<PathBuf>, PackError> {
    let parent = parent_of(outputs);
    let prefix = staging_prefix(outputs);
    let old = old_path(outputs);
    let old_aside = format!("{}-", base(outputs) + ".old");
    let old_exists = old.exists();
    if old_exists && !outputs.exists() {
        std::fs::rename(&old, outputs).map_err(|e| io_err(&old, msg::CANNOT_RESTORE_OUTPUTS, e))?;
    }
    let mut left = Vec::new();
    if let Ok(entries) = std::fs::read_dir(parent) {
        let mut stale: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(&prefix) || name.starts_with(&old_aside)
            })
            .map(|e| e.path())
            .collect();
        if old.exists() {
            stale.push(old);
        }
        stale.sort();
        for path in stale {
            let kept = super::fsops::remove_tree(&path).is_err() && path.exists();
            super::hooks::crash_point("recover");
            if kept {
                left.push(path);
            }
        }
    }
    Ok(left)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_paths_sit_beside_the_outputs() {
        let out = Path::new("packs/2024");
        assert_eq!(lock_path(out), Path::new("packs/.2024.lock"));
        assert_eq!(old_path(out), Path::new("packs/.2024.old"));
        assert_eq!(staging_prefix(out), ".2024.partial-");
        assert_eq!(lock_path(Path::new("2024")), Path::new("./.2024.lock"));
    }
}
