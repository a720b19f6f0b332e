//! `jixiao init`: a new year's input folder, from last year's tables (上年数据带入)
//! or, without them, with a commented example project.

pub mod carry;
pub mod targets;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::msg::input as msg;
use crate::diag::Diagnostic;
use crate::form::{Catalog, Form};
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
    let mut outcome = Outcome::default();
    let files: Vec<(String, Vec<u8>)> = match (targets, from) {
        (Some(targets), _) => from_targets(inputs, (year, from), targets, forms, &mut outcome)?,
        (None, None) => vec![(
            msg::EXAMPLE_FILE.to_string(),
            EXAMPLE
                .replacen(msg::EXAMPLE_YEAR, &msg::example_year(year), 1)
                .into_bytes(),
        )],
        (None, Some(from)) => {
            let mut names = Unique::new();
            let last = last_year(inputs, from, forms, &mut outcome)?;
            (last.iter())
                .map(|scored| {
                    let name = names.take(&safe_file_name(&scored.project.name.value));
                    let text = next_year(scored, year, from, &forms.words().vocab);
                    (format!("{name}.yaml"), text.into_bytes())
                })
                .collect()
        }
    };
    write_files(&inputs.join(year.to_string()), files, force, outcome)
}

/// Writes `inputs/<year>/<实施单位>.xlsx`: one fill-in workbook per unit (see
/// [`workbook::unit_workbook`]) of the approved 目标表s of `targets`, else of
/// the tables of `inputs/<from>/`, last year's values as notes when `from` is
/// given; its projects in the order their tables were read. Existing files
/// are kept unless `force`.
pub fn init_xlsx(
    inputs: &Path,
    (year, from): (u16, Option<u16>),
    targets: Option<TargetsIn>,
    force: bool,
    forms: &Catalog,
) -> Result<Outcome, InitError> {
    let mut outcome = Outcome::default();
    let last = match from {
        Some(from) => last_year(inputs, from, forms, &mut outcome)?,
        None => Vec::new(),
    };
    let projects: Vec<(Project, Option<&Scored>)> = match targets {
        Some(targets) => {
            let by_key = by_project(&last);
            let plans = approved_projects(year, targets, forms, &mut outcome)?;
            plans
                .into_iter()
                .map(|p| {
                    let was = by_key.get(&crate::targets::project_key(&p)).copied();
                    (p, was)
                })
                .collect()
        }
        None => last
            .iter()
            .map(|s| (next_project(s, year), Some(s)))
            .collect(),
    };
    let mut units: BTreeMap<String, Vec<(Project, Option<&Scored>)>> = BTreeMap::new();
    for (p, was) in projects {
        units
            .entry(p.unit.value.clone())
            .or_default()
            .push((p, was));
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

/// The year's 自评表 of each approved 目标表, as model values (see
/// [`targets::report_project`]).
fn approved_projects(
    year: u16,
    (paths, plan_form): TargetsIn,
    forms: &Catalog,
    outcome: &mut Outcome,
) -> Result<Vec<Project>, InitError> {
    let (read, diagnostics) = crate::targets::read(paths, plan_form, |p, plan_form, _| {
        let (plan_form, report) = forms_of(forms, plan_form)?;
        Ok(targets::report_project(p, year, (&plan_form, &report)))
    })
    .map_err(|why| InitError::NothingToCarry(paths.first().cloned().unwrap_or_default(), why))?;
    outcome.diagnostics.extend(diagnostics);
    read.into_iter().map(|r| r.value).collect()
}

/// A 目标表 form by name and the form its 自评表 is printed on: `--form`, else
/// the 目标表 form's `evaluated_on`, else the default. A form the run's
/// catalogue lacks (a 目标表 form folder) is loaded by name.
fn forms_of<'a>(
    forms: &'a Catalog,
    plan_form: &str,
) -> Result<(FormRef<'a>, FormRef<'a>), InitError> {
    let named = |name: &str| -> Result<FormRef<'a>, InitError> {
        match forms.get(name) {
            Some(f) => Ok(FormRef::Run(f)),
            None => Form::load(name)
                .map(|f| FormRef::Loaded(Box::new(f)))
                .map_err(|e| InitError::NothingToCarry(PathBuf::from(name), e.to_string())),
        }
    };
    let plan = named(plan_form)?;
    let report = match forms.run() {
        Some(run) => run.to_string(),
        None => (plan.evaluated_on.clone()).unwrap_or_else(|| forms.name_of(None).to_string()),
    };
    Ok((plan, named(&report)?))
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

/// Last year's tables by project (see [`crate::targets::project_key`]), the
/// first of a project read twice, to match a 目标表's project with.
fn by_project(tables: &[Scored]) -> BTreeMap<(String, String), &Scored> {
    let mut out = BTreeMap::new();
    for s in tables {
        out.entry(crate::targets::project_key(&s.project))
            .or_insert(s);
    }
    out
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

/// The year's 自评表 inputs of the approved 目标表s (file name, YAML), with
/// last year's tables' values as comments when `from` is given.
fn from_targets(
    inputs: &Path,
    (year, from): (u16, Option<u16>),
    (paths, plan_form): TargetsIn,
    forms: &Catalog,
    outcome: &mut Outcome,
) -> Result<Vec<(String, Vec<u8>)>, InitError> {
    // Last year's tables by project, for the comments.
    let tables = match from {
        Some(from) => last_year(inputs, from, forms, outcome)?,
        None => Vec::new(),
    };
    let last = by_project(&tables);
    let vocab = &forms.words().vocab;
    let (read, diagnostics) = crate::targets::read(paths, plan_form, |p, plan_form, _| {
        let (plan_form, report) = forms_of(forms, plan_form)?;
        let was = last
            .get(&crate::targets::project_key(&p))
            .copied()
            .zip(from);
        let text = targets::report_yaml(&p, year, (&plan_form, &report), was, vocab);
        Ok((p.name.value, text))
    })
    .map_err(|why| InitError::NothingToCarry(paths.first().cloned().unwrap_or_default(), why))?;
    outcome.diagnostics.extend(diagnostics);
    let mut names = Unique::new();
    let mut files = Vec::new();
    for r in read {
        let (name, text) = r.value?;
        let file = format!("{}.yaml", names.take(&safe_file_name(&name)));
        files.push((file, text.into_bytes()));
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
