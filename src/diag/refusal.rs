//! Why jixiao refused a file it does not control (not a regular file, past
//! its size cap), as the file readers give them, here so that every
//! message about a file can name them.

use crate::diag::msg::files as msg;

/// What a path is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A symbolic link (where links are refused).
    Link,
    /// A folder.
    Folder,
    /// A named pipe.
    Fifo,
    /// A character or block device.
    Device,
    /// A socket.
    Socket,
    /// Anything else that is not a regular file.
    Other,
}

/// Why a file was not read or not replaced.
#[derive(Debug, thiserror::Error)]
pub enum SafeError {
    /// It is not a regular file.
    #[error("{}", msg::not_regular(*.0))]
    NotRegular(Kind),
    /// It is larger than the cap.
    #[error("{}", msg::over_cap(*.0))]
    TooLarge(u64),
    /// The file system failed.
    #[error("{}", crate::diag::io_reason(.0))]
    Io(#[from] std::io::Error),
}

impl SafeError {
    /// The error as an I/O error, for callers that report one.
    pub fn into_io(self) -> std::io::Error {
        match self {
            SafeError::Io(e) => e,
            other => std::io::Error::other(other),
        }
    }
}
