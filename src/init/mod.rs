//! `jixiao init`: a new year's input folder, from last year's tables (上年数据带入)
//! or, without them, with a commented example project.

pub mod carry;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::msg::input as msg;
use crate::diag::Diagnostic;
use crate::form::Catalog;
use crate::model::Project;
use crate::pack::names::safe_file_name;
use crate::pack::unique::Unique;
use crate::pipeline::{check_path, input_files};
use crate::score::Scored;
use carry::{next_project, next_year};

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
    /// A fill-in workbook could not be laid out or written.
    #[error("{0}")]
    Workbook(String),
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
    let mut outcome = Outcome::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    match from {
        None => files.push((
            msg::EXAMPLE_FILE.to_string(),
            EXAMPLE
                .replacen(msg::EXAMPLE_YEAR, &msg::example_year(year), 1)
                .into_bytes(),
        )),
        Some(from) => {
            let mut names = Unique::new();
            for scored in last_year(inputs, from, forms, &mut outcome)? {
                let name = names.take(&safe_file_name(&scored.project.name.value));
                files.push((
                    format!("{name}.yaml"),
                    next_year(&scored, year, from, &forms.words().vocab).into_bytes(),
                ));
            }
        }
    }
    write_files(&inputs.join(year.to_string()), files, force, outcome)
}

/// Writes `inputs/<year>/<实施单位>.xlsx` from `inputs/<from>/`: one fill-in
/// workbook per unit (see [`workbook::unit_workbook`]), its projects in the
/// order their tables were read. Existing files are kept unless `force`.
pub fn init_xlsx(
    inputs: &Path,
    year: u16,
    from: u16,
    force: bool,
    forms: &Catalog,
) -> Result<Outcome, InitError> {
    let mut outcome = Outcome::default();
    let last = last_year(inputs, from, forms, &mut outcome)?;
    let mut units: BTreeMap<&str, Vec<(Project, Option<&Scored>)>> = BTreeMap::new();
    for s in &last {
        units
            .entry(s.project.unit.value.as_str())
            .or_default()
            .push((next_project(s, year), Some(s)));
    }
    let mut names = Unique::new();
    let mut files = Vec::new();
    for (unit, projects) in &units {
        let name = names.take(&safe_file_name(unit));
        files.push((
            format!("{name}.xlsx"),
            workbook::unit_workbook(projects, year, forms)?,
        ));
    }
    write_files(&inputs.join(year.to_string()), files, force, outcome)
}

/// Every table of `inputs/<from>/` that reads whole, scored; what reading
/// found goes to `outcome` (a table with unreadable parts is counted failed).
fn last_year(
    inputs: &Path,
    from: u16,
    forms: &Catalog,
    outcome: &mut Outcome,
) -> Result<Vec<Scored>, InitError> {
    let old = inputs.join(from.to_string());
    let found = input_files(&old)
        .map_err(|e| InitError::NothingToCarry(old.clone(), crate::diag::io_reason(&e)))?;
    if found.is_empty() {
        return Err(InitError::NothingToCarry(
            old,
            msg::FOLDER_EMPTY.to_string(),
        ));
    }
    let mut tables = Vec::new();
    for file in &found {
        for checked in check_path(file, forms) {
            outcome.diagnostics.extend(checked.diagnostics);
            // A table with parts that could not be read would carry gaps over.
            match checked.scored.filter(|s| !s.project.gaps.any()) {
                Some(scored) => tables.push(scored),
                None => outcome.failed += 1,
            }
        }
    }
    Ok(tables)
}

/// Writes `files` (name, bytes) into `dir`, keeping existing ones unless
/// `force`; nothing is written when one of them may not be replaced.
fn write_files(
    dir: &Path,
    files: Vec<(String, Vec<u8>)>,
    force: bool,
    mut outcome: Outcome,
) -> Result<Outcome, InitError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| InitError::Io(dir.to_path_buf(), crate::diag::io_reason(&e)))?;
    if let Some((path, kind)) = (files.iter())
        .filter(|_| force)
        .find_map(|(n, _)| crate::safe_io::refusal(&dir.join(n)).map(|k| (dir.join(n), k)))
    {
        return Err(InitError::NotReplaced(path, kind));
    }
    for (name, bytes) in files {
        let path = dir.join(name);
        match crate::import::write(&path, &bytes, force) {
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
