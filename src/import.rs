//! `jixiao import`: spreadsheet tables to YAML files, one per table, named by 项目名称.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::msg::input as msg;
use crate::diag::Diagnostic;
use crate::form::Catalog;
use crate::input::emit::project_yaml;
use crate::pack::names::safe_file_name;
use crate::pack::unique::Unique;
use crate::pipeline::{check_path, holds_tables};

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
    std::fs::create_dir_all(out).map_err(|e| ImportError::Io(out.to_path_buf(), e))?;
    let mut outcome = Outcome::default();
    let mut names = Unique::new();
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
            let path = out.join(&name);
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
            match write(&path, text.as_bytes(), force) {
                Ok(true) => outcome.written.push(path),
                Ok(false) => outcome.kept.push(path),
                Err(e) => return Err(ImportError::Io(path, e)),
            }
        }
    }
    Ok(outcome)
}

/// Writes a file; `Ok(false)` when it exists and `force` is off.
pub(crate) fn write(path: &Path, bytes: &[u8], force: bool) -> std::io::Result<bool> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    match options.open(path) {
        Ok(mut f) => {
            f.write_all(bytes)?;
            Ok(true)
        }
        Err(e) if !force && e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}
