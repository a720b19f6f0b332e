//! `jixiao init`: a new year's input folder, from last year's tables (上年数据带入)
//! or, without them, with a commented example project.

pub mod carry;

use std::path::{Path, PathBuf};

use crate::diag::msg::input as msg;
use crate::diag::Diagnostic;
use crate::form::Catalog;
use crate::pack::names::safe_file_name;
use crate::pack::unique::Unique;
use crate::pipeline::{check_path, input_files};
use carry::next_year;

/// The commented example project written when there is no year to start from.
pub use crate::form::EXAMPLE;

/// What an init did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that already existed and were left alone (no `--force`).
    pub kept: Vec<PathBuf>,
    /// Last year's tables that could not be read (see the diagnostics).
    pub failed: usize,
    /// What reading last year's inputs found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why an init could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// Last year's folder is missing or has no inputs.
    #[error("{}", msg::nothing_to_carry(.0, .1))]
    NothingToCarry(PathBuf, String),
    /// A file or folder could not be written.
    #[error("{}", msg::cannot_write(.0, .1))]
    Io(PathBuf, String),
    /// What is at a file's path is not a regular file (a link, a FIFO, a
    /// device): `--force` replaces only regular files.
    #[error("{}", crate::diag::msg::files::will_not_replace(.0, *.1))]
    NotReplaced(PathBuf, crate::safe_io::Kind),
}

/// Writes `inputs/<year>/`: one file per table of `inputs/<from>/` (names, units,
/// indicators and targets kept; amounts, actual values, scores and reasons blank,
/// last year's values as comments), or the example project when `from` is
/// `None`. Existing files are kept unless `force`.
pub fn init(
    inputs: &Path,
    year: u16,
    from: Option<u16>,
    force: bool,
    forms: &Catalog,
) -> Result<Outcome, InitError> {
    let dir = inputs.join(year.to_string());
    let mut outcome = Outcome::default();
    let mut files: Vec<(String, String)> = Vec::new();
    match from {
        None => files.push((
            msg::EXAMPLE_FILE.to_string(),
            EXAMPLE.replacen(msg::EXAMPLE_YEAR, &msg::example_year(year), 1),
        )),
        Some(from) => {
            let old = inputs.join(from.to_string());
            let found = input_files(&old)
                .map_err(|e| InitError::NothingToCarry(old.clone(), crate::diag::io_reason(&e)))?;
            if found.is_empty() {
                return Err(InitError::NothingToCarry(
                    old,
                    msg::FOLDER_EMPTY.to_string(),
                ));
            }
            let mut names = Unique::new();
            for file in &found {
                for checked in check_path(file, forms) {
                    outcome.diagnostics.extend(checked.diagnostics);
                    // A table with parts that could not be read would carry gaps over.
                    let Some(scored) = checked.scored.filter(|s| !s.project.gaps.any()) else {
                        outcome.failed += 1;
                        continue;
                    };
                    let name = names.take(&safe_file_name(&scored.project.name.value));
                    files.push((
                        format!("{name}.yaml"),
                        next_year(&scored, year, from, &forms.words().vocab),
                    ));
                }
            }
        }
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| InitError::Io(dir.clone(), crate::diag::io_reason(&e)))?;
    // Nothing is written when one of the files may not be replaced.
    if let Some((path, kind)) = (files.iter())
        .filter(|_| force)
        .find_map(|(n, _)| crate::safe_io::refusal(&dir.join(n)).map(|k| (dir.join(n), k)))
    {
        return Err(InitError::NotReplaced(path, kind));
    }
    for (name, text) in files {
        let path = dir.join(name);
        match crate::import::write(&path, text.as_bytes(), force) {
            Ok(true) => outcome.written.push(path),
            Ok(false) => outcome.kept.push(path),
            Err(crate::safe_io::SafeError::NotRegular(kind)) => {
                return Err(InitError::NotReplaced(path, kind))
            }
            Err(e) => return Err(InitError::Io(path, e.to_string())),
        }
    }
    Ok(outcome)
}
