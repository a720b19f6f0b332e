//! File-system steps of a pack: a staging folder beside the target, files written
//! with their size and SHA-256, and the final swap into place.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::PackError;

/// A file of the pack, as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileEntry {
    /// Path relative to the pack (outputs) or as given (inputs), with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the contents, lower-case hex.
    pub sha256: String,
}

impl FileEntry {
    /// The entry for `bytes` stored at `path`.
    pub fn new(path: &Path, bytes: &[u8]) -> FileEntry {
        FileEntry {
            path: path
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            size: bytes.len() as u64,
            sha256: Sha256::digest(bytes)
                .iter()
                .fold(String::with_capacity(64), |mut s, b| {
                    let _ = write!(s, "{b:02x}");
                    s
                }),
        }
    }
}

/// An I/O failure on `path`, described in Chinese.
pub fn io_err(path: &Path, what: &str, e: std::io::Error) -> PackError {
    PackError::Io {
        path: path.to_path_buf(),
        what: what.to_string(),
        source: e,
    }
}

/// Writes `bytes` to `root/rel` (creating folders) and returns its manifest entry.
pub fn write(root: &Path, rel: &Path, bytes: &[u8]) -> Result<FileEntry, PackError> {
    let path = root.join(rel);
    if let Err(e) = std::fs::write(&path, bytes) {
        // The folder is created on the first file written into it.
        let missing = path
            .parent()
            .filter(|_| e.kind() == std::io::ErrorKind::NotFound);
        let Some(dir) = missing else {
            return Err(io_err(&path, "无法写入文件", e));
        };
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, "无法创建文件夹", e))?;
        std::fs::write(&path, bytes).map_err(|e| io_err(&path, "无法写入文件", e))?;
    }
    Ok(FileEntry::new(rel, bytes))
}

/// A fresh temporary folder beside `outputs`, on the same file system so that the
/// final move is a rename. (Leftovers of killed runs are removed by
/// [`super::guard::recover`], under the lock.)
pub fn staging_dir(outputs: &Path) -> Result<PathBuf, PackError> {
    let parent = super::guard::parent_of(outputs);
    std::fs::create_dir_all(parent).map_err(|e| io_err(parent, "无法创建输出文件夹", e))?;
    let staging = parent.join(format!(
        "{}{}",
        super::guard::staging_prefix(outputs),
        std::process::id()
    ));
    std::fs::create_dir_all(&staging).map_err(|e| io_err(&staging, "无法创建临时文件夹", e))?;
    Ok(staging)
}

/// Replaces `outputs` with `staging`: the old pack is moved aside first and removed
/// only after the new one is in place; on failure the old pack is put back. A kill
/// at any step leaves either the old pack or the new one in place, or the old one
/// aside, which the next run puts back ([`super::guard::recover`]).
pub fn swap_into_place(staging: &Path, outputs: &Path) -> Result<(), PackError> {
    let old = super::guard::old_path(outputs);
    if outputs.exists() {
        std::fs::rename(outputs, &old).map_err(|e| io_err(outputs, "无法移开旧的输出", e))?;
    }
    if let Err(e) = std::fs::rename(staging, outputs) {
        if old.exists() {
            let _ = std::fs::rename(&old, outputs);
        }
        return Err(io_err(outputs, "无法放置新的输出", e));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| io_err(&old, "无法删除旧的输出", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_hash_and_use_forward_slashes() {
        let e = FileEntry::new(Path::new("单位").join("a.txt").as_path(), b"abc");
        assert_eq!(e.path, "单位/a.txt");
        assert_eq!(e.size, 3);
        assert_eq!(
            e.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
