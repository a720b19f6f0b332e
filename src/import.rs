//! `jixiao import`: spreadsheet tables to YAML files, one per table, named by 项目名称.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::msg::files as msg_files;
use crate::diag::msg::input as msg;
use crate::diag::Diagnostic;
use crate::form::Catalog;
use crate::input::emit::project_yaml;
use crate::pack::names::safe_file_name;
use crate::pack::unique::Unique;
use crate::pipeline::{check_path, holds_tables};
use crate::safe_io::{Kind, SafeError};

/// What an import did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Tables found in the workbooks.
    pub tables: usize,
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that already existed and were left alone (no `--force`).
    pub kept: Vec<PathBuf>,
    /// Tables that could not be read into a project (see the diagnostics).
    pub failed: usize,
    /// Everything found while reading and checking the tables.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why an import could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A file is neither a spreadsheet nor a Word document.
    #[error("{}", msg::not_a_spreadsheet(.0))]
    NotSpreadsheet(PathBuf),
    /// A file or folder could not be written.
    #[error("{}", msg::cannot_write(.0, &.1.to_string()))]
    Io(PathBuf, std::io::Error),
    /// A file to import cannot be read (missing, a folder, a FIFO).
    #[error("{}", msg_files::cannot_read(.0, .1))]
    Unreadable(PathBuf, String),
    /// What is at a file's path is not a regular file (a link, a FIFO, a
    /// device): `--force` replaces only regular files.
    #[error("{}", crate::diag::msg::files::will_not_replace(.0, *.1))]
    NotReplaced(PathBuf, Kind),
}

/// Reads every table of `files` and writes `<out>/<项目名称>.yaml` for each one
/// that could be read. Existing files are kept unless `force`. Two tables with
/// the same 项目名称 in one run get ` (2)`, ` (3)`… after the name, as in the pack.
pub fn import(
    files: &[PathBuf],
    out: &Path,
    force: bool,
    forms: &Catalog,
) -> Result<Outcome, ImportError> {
    if let Some(bad) = files.iter().find(|f| !holds_tables(f)) {
        return Err(ImportError::NotSpreadsheet(bad.clone()));
    }
    // A path that is no file is a usage problem (exit 2), not a table's error.
    for f in files {
        match std::fs::metadata(f) {
            Ok(meta) if meta.is_file() => {}
            Ok(meta) => {
                let kind = crate::safe_io::kind_of(&meta).unwrap_or(Kind::Other);
                return Err(ImportError::Unreadable(
                    f.clone(),
                    msg_files::not_regular(kind),
                ));
            }
            Err(e) => {
                return Err(ImportError::Unreadable(
                    f.clone(),
                    crate::diag::io_reason(&e),
                ))
            }
        }
    }
    std::fs::create_dir_all(out).map_err(|e| ImportError::Io(out.to_path_buf(), e))?;
    let mut outcome = Outcome::default();
    let mut names = Unique::new();
    let mut pending = Vec::new();
    for file in files {
        for checked in check_path(file, forms) {
            outcome.diagnostics.extend(checked.diagnostics);
            let Some(scored) = checked.scored else {
                outcome.failed += 1;
                continue;
            };
            outcome.tables += 1;
            let name = format!(
                "{}.yaml",
                names.take(&safe_file_name(&scored.project.name.value))
            );
            // `import --form hubei` records the form, so that `report` prints
            // the YAML on it without `--form`.
            let mut project = scored.project;
            if let (None, Some(run)) = (&project.form, forms.run_builtin()) {
                project.form = Some(crate::model::Located::new(
                    run.to_string(),
                    crate::diag::Place::File,
                ));
            }
            let text = project_yaml(&project, &forms.words().vocab);
            pending.push((out.join(&name), text));
        }
    }
    // Nothing is written when one of the files may not be replaced.
    if let Some((path, kind)) = (pending.iter())
        .filter(|_| force)
        .find_map(|(p, _)| crate::safe_io::refusal(p).map(|k| (p, k)))
    {
        return Err(ImportError::NotReplaced(path.clone(), kind));
    }
    for (path, text) in pending {
        match write(&path, text.as_bytes(), force) {
            Ok(true) => outcome.written.push(path),
            Ok(false) => outcome.kept.push(path),
            Err(SafeError::NotRegular(kind)) => return Err(ImportError::NotReplaced(path, kind)),
            Err(e) => return Err(ImportError::Io(path, e.into_io())),
        }
    }
    Ok(outcome)
}

/// Writes a file; `Ok(false)` when something is there and `force` is off. With
/// `force`, only a regular file is replaced (never written through a link, never
/// a FIFO or device): the new file is written beside it and renamed over it.
pub(crate) fn write(path: &Path, bytes: &[u8], force: bool) -> Result<bool, SafeError> {
    if force {
        crate::safe_io::replace_whole(path, bytes)?;
        return Ok(true);
    }
    // Never follows a link: a link at the path, even to nothing, is "there".
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut f) => {
            f.write_all(bytes)?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e.into()),
    }
}
