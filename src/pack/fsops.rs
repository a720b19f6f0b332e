//! File-system steps of a pack: a staging folder beside the target, files written
//! with their size and SHA-256, and the final swap into place.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::PackError;
use crate::diag::msg::pack as msg;

/// A file of the pack, as recorded in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
            path: slashed(path),
            size: bytes.len() as u64,
            sha256: hex(&Sha256::digest(bytes)),
        }
    }
}

/// The manifest entry of the regular file at `path`, recorded as `rel`: hashed
/// as it is read, a block at a time, never held whole (an input of any size
/// costs no memory; `check` has already refused one that is too large).
pub fn hash_file(path: &Path, rel: &Path) -> Result<FileEntry, crate::safe_io::SafeError> {
    use std::io::Read as _;
    let mut file = crate::safe_io::open_regular(path, crate::safe_io::Links::Follow)?;
    let mut hash = Sha256::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
        size += n as u64;
    }
    Ok(FileEntry {
        path: slashed(rel),
        size,
        sha256: hex(&hash.finalize()),
    })
}

/// A relative path written with `/` separators, as the manifest records it.
pub fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `dir` (links included, not followed), relative and
/// `/`-separated, sorted.
pub fn files_under(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        for entry in std::fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let path = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                out.push(slashed(&path));
            }
        }
    }
    out.sort();
    Ok(out)
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
            return Err(io_err(&path, msg::CANNOT_WRITE_FILE, e));
        };
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, msg::CANNOT_CREATE_FOLDER, e))?;
        std::fs::write(&path, bytes).map_err(|e| io_err(&path, msg::CANNOT_WRITE_FILE, e))?;
    }
    Ok(FileEntry::new(rel, bytes))
}

/// Writes the file `root/rel` (its folder exists) through `fill`, and returns its
/// manifest entry: for large files made piece by piece, never held whole.
pub fn write_with(
    root: &Path,
    rel: &Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<FileEntry, PackError> {
    use std::io::Write as _;
    /// Hashes and counts what passes through to the file.
    struct Tee<W> {
        inner: W,
        hash: Sha256,
        size: u64,
    }
    impl<W: std::io::Write> std::io::Write for Tee<W> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = self.inner.write(buf)?;
            self.hash.update(&buf[..n]);
            self.size += n as u64;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.inner.flush()
        }
    }
    let path = root.join(rel);
    let file =
        std::fs::File::create(&path).map_err(|e| io_err(&path, msg::CANNOT_WRITE_FILE, e))?;
    let mut tee = Tee {
        inner: std::io::BufWriter::with_capacity(1 << 16, file),
        hash: Sha256::new(),
        size: 0,
    };
    fill(&mut tee)
        .and_then(|()| tee.flush())
        .map_err(|e| io_err(&path, msg::CANNOT_WRITE_FILE, e))?;
    Ok(FileEntry {
        path: slashed(rel),
        size: tee.size,
        sha256: hex(&tee.hash.finalize()),
    })
}

/// Lower-case hex of a digest.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Removes a folder and everything in it, a top-level entry at a time (a test can
/// stop the run halfway, see `hooks`). A link is removed itself, never what it
/// points at.
pub fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if !std::fs::symlink_metadata(dir)?.is_dir() {
        return std::fs::remove_file(dir);
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    let remove = |path: &PathBuf| {
        if std::fs::symlink_metadata(path)?.is_dir() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    };
    if let Some((first, rest)) = entries.split_first() {
        remove(first)?;
        super::hooks::crash_point("swap:deleting");
        // The units' folders on every core: deleting a large pack is I/O the
        // kernel does per file.
        use rayon::prelude::*;
        rest.par_iter().try_for_each(remove)?;
    }
    std::fs::remove_dir(dir)
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
