//! Files jixiao reads or replaces without controlling them (fonts, forms,
//! records of earlier packs, files named on the command line): opened only when
//! they are regular files, never a FIFO (which would hang), a device (which
//! never ends) or a folder, and, where asked, never through a symbolic link;
//! read within a size cap; replaced only when what is there is a regular file.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

pub use crate::diag::refusal::{Kind, SafeError};

/// Whether a path may be a symbolic link to a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// A link is followed; what it points at must be a regular file.
    Follow,
    /// A link is refused (the files of a pack are never links).
    Refuse,
}

/// What `meta` describes when it is not a regular file; `None` for a regular file.
pub fn kind_of(meta: &Metadata) -> Option<Kind> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    Some(if t.is_symlink() {
        Kind::Link
    } else if t.is_dir() {
        Kind::Folder
    } else {
        special_kind(&t)
    })
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> Kind {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        Kind::Fifo
    } else if t.is_char_device() || t.is_block_device() {
        Kind::Device
    } else if t.is_socket() {
        Kind::Socket
    } else {
        Kind::Other
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> Kind {
    Kind::Other
}

fn regular(meta: &Metadata) -> Result<(), SafeError> {
    kind_of(meta).map_or(Ok(()), |k| Err(SafeError::NotRegular(k)))
}

/// Opens `path` for reading when it is a regular file: checked before opening
/// (a FIFO is never opened, so never waited on) and again on the open handle
/// (a path swapped in between is caught). With [`Links::Refuse`], a link is
/// refused, not followed.
pub fn open_regular(path: &Path, links: Links) -> Result<File, SafeError> {
    let meta = match links {
        Links::Follow => std::fs::metadata(path)?,
        Links::Refuse => std::fs::symlink_metadata(path)?,
    };
    regular(&meta)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Not blocking: a path that became a FIFO since the check does not hang.
        let mut flags = libc::O_NONBLOCK;
        if links == Links::Refuse {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    let file = options.open(path)?;
    regular(&file.metadata()?)?;
    Ok(file)
}

/// The whole of a regular file of at most `cap` bytes.
pub fn read_capped(path: &Path, cap: u64, links: Links) -> Result<Vec<u8>, SafeError> {
    let file = open_regular(path, links)?;
    let size = file.metadata()?.len();
    if size > cap {
        return Err(SafeError::TooLarge(cap));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(SafeError::TooLarge(cap));
    }
    Ok(bytes)
}

/// The whole of a regular UTF-8 text file of at most `cap` bytes.
pub fn read_text_capped(path: &Path, cap: u64, links: Links) -> Result<String, SafeError> {
    let bytes = read_capped(path, cap, links)?;
    String::from_utf8(bytes).map_err(|e| {
        SafeError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.utf8_error(),
        ))
    })
}

/// Whether jixiao may replace what is at `path`: nothing, or a regular file
/// (not a link, FIFO, device or folder). The error says what is there.
pub fn may_replace(path: &Path) -> Result<(), SafeError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => regular(&meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(SafeError::Io(e)),
    }
}

/// Writes `bytes` to `path` whole, replacing a regular file there (never
/// writing through a link or into a FIFO or device): written beside it first,
/// then renamed over it, so that a failed write leaves the earlier file.
pub fn replace_whole(path: &Path, bytes: &[u8]) -> Result<(), SafeError> {
    may_replace(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let part = path.with_file_name(format!(".{name}.{}.part", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&part)
        .and_then(|mut f| std::io::Write::write_all(&mut f, bytes));
    if let Err(e) = written.and_then(|()| std::fs::rename(&part, path)) {
        let _ = std::fs::remove_file(&part);
        return Err(SafeError::Io(e));
    }
    Ok(())
}

/// The kind of what is at `path` when jixiao may not replace it, for a message
/// that names it; `None` when it may.
pub fn refusal(path: &Path) -> Option<Kind> {
    match may_replace(path) {
        Err(SafeError::NotRegular(kind)) => Some(kind),
        _ => None,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("jixiao-safe-io-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn only_regular_files_within_the_cap_are_read() {
        let d = dir("read");
        let file = d.join("a.txt");
        std::fs::write(&file, b"12345").unwrap();
        assert_eq!(read_capped(&file, 5, Links::Refuse).unwrap(), b"12345");
        assert!(matches!(
            read_capped(&file, 4, Links::Refuse),
            Err(SafeError::TooLarge(4))
        ));
        let link = d.join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(matches!(
            read_capped(&link, 9, Links::Refuse),
            Err(SafeError::NotRegular(Kind::Link))
        ));
        assert_eq!(read_capped(&link, 9, Links::Follow).unwrap(), b"12345");
        let zero = d.join("zero");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert!(matches!(
            read_capped(&zero, 9, Links::Follow),
            Err(SafeError::NotRegular(Kind::Device))
        ));
        assert!(matches!(
            read_capped(&d, 9, Links::Follow),
            Err(SafeError::NotRegular(Kind::Folder))
        ));
    }
}
