//! Putting a pack in place as one transaction: a lock beside the outputs
//! folder (one writer at a time), a staging folder beside it, a swap by renames
//! that a kill at any step leaves recoverable, and the recovery the next run
//! does. (Deciding whether the pack may go there is `guard`.)

use std::fs::File;
use std::path::{Path, PathBuf};

use super::fsops::{io_err, remove_tree};
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
    let mut options = File::options();
    options.create(true).truncate(false).write(true);
    // A link in the lock's place is refused, not followed (it could create a file elsewhere).
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let file = options
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

/// A fresh temporary folder beside `outputs`, on the same file system so that the
/// final move is a rename. (Leftovers of killed runs are removed by
/// [`recover`], under the lock.)
pub fn staging_dir(outputs: &Path) -> Result<PathBuf, PackError> {
    let parent = parent_of(outputs);
    std::fs::create_dir_all(parent)
        .map_err(|e| io_err(parent, msg::CANNOT_CREATE_OUTPUTS_FOLDER, e))?;
    let staging = parent.join(format!("{}{}", staging_prefix(outputs), std::process::id()));
    // A new folder, never one already there (a link planted in its place).
    std::fs::create_dir(&staging)
        .map_err(|e| io_err(&staging, msg::CANNOT_CREATE_TEMP_FOLDER, e))?;
    Ok(staging)
}

/// Replaces `outputs` with `staging`: on Linux the two folders exchange names in
/// one step, so `outputs` always holds a whole pack; elsewhere (or on a file
/// system that cannot) the old pack is moved aside first and removed only after
/// the new one is in place, and put back on failure. A kill at any step leaves
/// either the old pack or the new one in place, or the old one aside, which the
/// next run puts back ([`recover`]).
///
/// An old pack that cannot be deleted (a read-only folder in it) does not fail
/// the run: it is set aside and returned, for the caller to report.
pub fn swap_into_place(staging: &Path, outputs: &Path) -> Result<Option<PathBuf>, PackError> {
    // Where the system exchanges two names in one step, the new pack takes the
    // old one's place with no moment between; the old one, now under the
    // staging name, is then deleted (or by the next run, as any staging folder).
    let real_folder = std::fs::symlink_metadata(outputs).is_ok_and(|m| m.is_dir());
    if real_folder {
        super::hooks::crash_point("swap:aside");
        if exchange(staging, outputs).is_ok() {
            super::hooks::crash_point("swap:place");
            super::hooks::crash_point("swap:delete");
            return Ok(retire(staging));
        }
    }
    let old = old_path(outputs);
    super::hooks::crash_point("swap:aside");
    if outputs.exists() {
        std::fs::rename(outputs, &old)
            .map_err(|e| io_err(outputs, msg::CANNOT_MOVE_OLD_OUTPUTS, e))?;
    }
    super::hooks::crash_point("swap:place");
    if let Err(e) = std::fs::rename(staging, outputs) {
        if old.exists() {
            let _ = std::fs::rename(&old, outputs);
        }
        return Err(io_err(outputs, msg::CANNOT_PLACE_NEW_OUTPUTS, e));
    }
    super::hooks::crash_point("swap:delete");
    Ok(old.exists().then(|| retire(&old)).flatten())
}

/// Swaps the names of two folders in one step (`renameat2` with
/// `RENAME_EXCHANGE`); fails where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere the pack is swapped by two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Deletes a replaced pack; when it cannot be (a read-only folder in it), moves
/// it out of the way under a name of its own and returns where it is, so that no
/// later run is stopped by it.
pub fn retire(old: &Path) -> Option<PathBuf> {
    if remove_tree(old).is_ok() || !old.exists() {
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
    // Only a real folder is put back (a link planted there would become the pack).
    let old_is_folder = std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_dir());
    if old_is_folder && std::fs::symlink_metadata(outputs).is_err() {
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
        if std::fs::symlink_metadata(&old).is_ok() {
            stale.push(old);
        }
        stale.sort();
        for path in stale {
            let kept = remove_tree(&path).is_err() && path.exists();
            super::hooks::crash_point("recover");
            if kept {
                left.push(path);
            }
        }
    }
    Ok(left)
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
