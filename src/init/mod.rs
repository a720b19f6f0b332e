//! `jixiao init`: a new year's input folder, from last year's tables (上年数据带入)
//! or, without them, with a commented example project.

pub mod carry;
pub mod targets;

use std::path::{Path, PathBuf};

use crate::diag::msg::input as msg;
use crate::diag::Diagnostic;
use crate::form::{Catalog, Form};
use crate::pack::names::safe_file_name;
use crate::pack::unique::Unique;
use crate::pipeline::{check_path, input_files};
use crate::score::Scored;
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

/// The approved 目标表s a year starts from (`--targets`): files or folders,
/// and the form to read them by when they name none.
pub type TargetsIn<'a> = (&'a [PathBuf], Option<&'a str>);

/// Writes `inputs/<year>/`: one file per approved 目标表 of `targets` (what
/// was approved kept, what the year reports blank), else one per table of
/// `inputs/<from>/` (names, units, indicators and targets kept; amounts, actual
/// values, scores and reasons blank), last year's values as comments when
/// `from` is given; the example project when neither is. Existing files are
/// kept unless `force`.
pub fn init(
    inputs: &Path,
    (year, from): (u16, Option<u16>),
    targets: Option<TargetsIn>,
    force: bool,
    forms: &Catalog,
) -> Result<Outcome, InitError> {
    let dir = inputs.join(year.to_string());
    let mut outcome = Outcome::default();
    let mut files: Vec<(String, String)> = Vec::new();
    if let Some(targets) = targets {
        files = from_targets(inputs, (year, from), targets, forms, &mut outcome)?;
    }
    match from {
        _ if targets.is_some() => {}
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
    write_files(&dir, files, force, outcome)
}

/// Writes the files of an init into `dir`; nothing when one of them may not
/// be replaced.
fn write_files(
    dir: &Path,
    files: Vec<(String, String)>,
    force: bool,
    mut outcome: Outcome,
) -> Result<Outcome, InitError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| InitError::Io(dir.to_path_buf(), crate::diag::io_reason(&e)))?;
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

/// The year's 自评表 inputs of the approved 目标表s (file name, YAML), with
/// last year's tables' values as comments when `from` is given.
fn from_targets(
    inputs: &Path,
    (year, from): (u16, Option<u16>),
    (paths, plan_form): TargetsIn,
    forms: &Catalog,
    outcome: &mut Outcome,
) -> Result<Vec<(String, String)>, InitError> {
    use std::collections::BTreeMap;
    // Last year's tables by project, for the comments.
    let mut last: BTreeMap<(String, String), Scored> = BTreeMap::new();
    if let Some(from) = from {
        let old = inputs.join(from.to_string());
        let found = input_files(&old)
            .map_err(|e| InitError::NothingToCarry(old.clone(), crate::diag::io_reason(&e)))?;
        for file in &found {
            for checked in check_path(file, forms) {
                if let Some(s) = checked.scored.filter(|s| !s.project.gaps.any()) {
                    last.entry(crate::targets::project_key(&s.project))
                        .or_insert(s);
                }
            }
        }
    }
    // A form the run's catalogue lacks (a 目标表 form folder) is loaded by name.
    let form_named = |name: &str| -> Result<FormRef<'_>, InitError> {
        match forms.get(name) {
            Some(f) => Ok(FormRef::Run(f)),
            None => Form::load(name)
                .map(|f| FormRef::Loaded(Box::new(f)))
                .map_err(|e| InitError::NothingToCarry(PathBuf::from(name), e.to_string())),
        }
    };
    let vocab = &forms.words().vocab;
    let (read, diagnostics) = crate::targets::read(paths, plan_form, |p, plan_form, _| {
        let plan_form = form_named(plan_form)?;
        // `--form`, else the 目标表 form's `evaluated_on`, else the default.
        let report = match forms.run() {
            Some(run) => run.to_string(),
            None => {
                (plan_form.evaluated_on.clone()).unwrap_or_else(|| forms.name_of(None).to_string())
            }
        };
        let report = form_named(&report)?;
        let was = last.get(&crate::targets::project_key(&p)).zip(from);
        let text = targets::report_yaml(&p, year, (&plan_form, &report), was, vocab);
        Ok((p.name.value, text))
    })
    .map_err(|why| InitError::NothingToCarry(paths.first().cloned().unwrap_or_default(), why))?;
    outcome.diagnostics.extend(diagnostics);
    let mut names = Unique::new();
    let mut files = Vec::new();
    for r in read {
        let (name, text) = r.value?;
        files.push((format!("{}.yaml", names.take(&safe_file_name(&name))), text));
    }
    Ok(files)
}

/// A form of the run's catalogue, or one loaded by name for a 目标表.
enum FormRef<'a> {
    Run(&'a Form),
    Loaded(Box<Form>),
}

impl std::ops::Deref for FormRef<'_> {
    type Target = Form;
    fn deref(&self) -> &Form {
        match self {
            FormRef::Run(f) => f,
            FormRef::Loaded(f) => f,
        }
    }
}
