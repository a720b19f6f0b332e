//! What a run accepts of a pack it did not just write (the previous pack of a
//! `--unit` run, the packs `merge` joins): a record whose paths are relative and
//! normalised and whose units' folders are the ones jixiao names them; files
//! that are regular files inside the pack, reached through real folders, never
//! links, with the hash the record gives. Anything else refuses the run.

use std::collections::BTreeSet;
use std::path::{Component, Path};

use super::names::safe_file_name;
use super::record::{Manifest, MANIFEST};
use super::PackError;
use crate::diag::msg::pack as msg;
use crate::safe_io::{self, Links, SafeError};

/// Whether `path` (as a record writes it, `/`-separated) names a place inside
/// the pack: relative, no empty, `.` or `..` part, no root or drive, no `\`.
pub fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|part| {
            let mut parts = Path::new(part).components();
            // A `\` or a drive (`C:`) would leave the pack on Windows.
            let foreign = part.contains(['\\', '\0']) || part.as_bytes().get(1) == Some(&b':');
            !foreign && matches!(parts.next(), Some(Component::Normal(_))) && parts.next().is_none()
        })
}

/// Whether `dir` is a folder jixiao would give `unit`: its safe name, or that
/// name with the ` (n)` of a clash.
fn is_unit_dir(unit: &str, dir: &str) -> bool {
    let base = safe_file_name(unit);
    let Some(rest) = dir.strip_prefix(&base) else {
        return false;
    };
    rest.is_empty()
        || rest
            .strip_prefix(" (")
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Refuses a record (`at` its file) with a path outside the pack, a path
/// listed twice, or a unit whose folder is not its own.
pub fn check_record(m: &Manifest, at: &Path) -> Result<(), PackError> {
    let refuse = |message: String| PackError::Record {
        path: at.to_path_buf(),
        message,
    };
    for e in m.inputs.iter().chain(&m.outputs) {
        if !is_inside(&e.path) {
            return Err(refuse(msg::path_outside_pack(&e.path)));
        }
    }
    let mut seen = BTreeSet::new();
    for e in &m.outputs {
        if e.path == MANIFEST || !seen.insert(e.path.as_str()) {
            return Err(refuse(msg::path_listed_twice(&e.path)));
        }
    }
    // A unit's 目标表s are in the folder `plans.folder` of its own.
    let plans = crate::form::Headings::builtin()
        .map(|h| h.plans.folder)
        .map_err(refuse)?;
    let unit_dir =
        |unit: &str, dir: &str| is_inside(dir) && !dir.contains('/') && is_unit_dir(unit, dir);
    let mut dirs = BTreeSet::new();
    for u in &m.units {
        let own = match u.kind {
            crate::form::TableKind::Report => unit_dir(&u.unit, &u.dir),
            crate::form::TableKind::Plan => (u.dir.rsplit_once('/'))
                .is_some_and(|(base, folder)| folder == plans && unit_dir(&u.unit, base)),
        };
        if !own || !dirs.insert(u.dir.to_lowercase()) {
            return Err(refuse(msg::not_the_units_folder(&u.unit, &u.dir)));
        }
    }
    Ok(())
}

/// The bytes of the pack's file `rel` (a path [`check_record`] accepted), when
/// every folder on the way is a real folder, the file a regular file (no link
/// anywhere), of `size` bytes at most, with the SHA-256 `sha256`.
pub fn read_file(root: &Path, rel: &str, size: u64, sha256: &str) -> Result<Vec<u8>, PackError> {
    let refuse = |path: &Path, message: String| PackError::Record {
        path: path.to_path_buf(),
        message,
    };
    let mut path = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        if i + 1 == parts.len() {
            break;
        }
        let meta = std::fs::symlink_metadata(&path)
            .map_err(|e| super::fsops::io_err(&path, msg::CANNOT_READ_EXISTING_OUTPUT, e))?;
        if !meta.is_dir() {
            let kind = safe_io::kind_of(&meta).unwrap_or(safe_io::Kind::Other);
            return Err(refuse(&path, msg::not_a_real_folder(kind)));
        }
    }
    let bytes = safe_io::read_capped(&path, size, Links::Refuse).map_err(|e| match e {
        SafeError::NotRegular(kind) => refuse(&path, msg::not_a_pack_file(kind)),
        SafeError::TooLarge(_) => refuse(&path, msg::CHANGED_SINCE_MANIFEST.into()),
        SafeError::Io(e) => super::fsops::io_err(&path, msg::CANNOT_READ_EXISTING_OUTPUT, e),
    })?;
    if super::fsops::FileEntry::new(Path::new(rel), &bytes).sha256 != sha256 {
        return Err(refuse(&path, msg::CHANGED_SINCE_MANIFEST.into()));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_normal_paths_are_inside() {
        for good in ["index.html", "单位/a.docx", "a b/c (2).xlsx"] {
            assert!(is_inside(good), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "./a",
            "a/.",
            "C:/x",
            "c:x",
            "a\\b",
            "a/",
        ] {
            assert!(!is_inside(bad), "{bad}");
        }
    }

    #[test]
    fn a_units_folder_is_its_safe_name() {
        assert!(is_unit_dir("某单位", "某单位"));
        assert!(is_unit_dir("某单位", "某单位 (2)"));
        assert!(is_unit_dir("a/b", "a_b"));
        assert!(!is_unit_dir("某单位", "另一单位"));
        assert!(!is_unit_dir("某单位", "某单位 (x)"));
        assert!(!is_unit_dir("某单位", "某单位/.."));
    }
}
