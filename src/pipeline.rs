//! Load, score and validate: the checks every command runs before anything is written.

use crate::diag::msg::check as msg;
use crate::diag::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{self, Diagnostic};
use crate::form::Catalog;
use crate::input::{accepted, docx, sheet, yaml};
use crate::model::Key;
use crate::model::{Acceptance, Project};
use crate::score::{score_by, Scored};
use crate::validate::validate;

/// One input file after checking.
#[derive(Debug)]
pub struct Checked {
    /// The input file.
    pub file: PathBuf,
    /// The scored project, when the file could be read into one.
    pub scored: Option<Scored>,
    /// Everything found, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether the project may be rendered: it was read and has no error.
    pub fn is_publishable(&self) -> bool {
        self.scored.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Whether a path is an input jixiao reads: YAML, a spreadsheet or a Word
/// document (an old `.doc` too, which gets a diagnostic saying what to do).
pub fn is_input(path: &Path) -> bool {
    is_yaml(path) || holds_tables(path)
}

/// Whether a path is a file of tables (a workbook or a Word document), read
/// table by table rather than as one project.
pub fn holds_tables(path: &Path) -> bool {
    sheet::is_spreadsheet(path) || docx::is_word(path) || docx::is_old_word(path)
}

/// Whether a path names a YAML input.
pub fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("yaml" | "yml")
    )
}

/// The input files of a folder, sorted by name; hidden files are skipped.
pub fn input_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_input(p) && !accepted::is_sidecar(p))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                // Hidden files, and the lock files office programs leave beside an open workbook.
                .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The input files the paths name: each file itself, each folder's inputs
/// (with `deep`, its subfolders' too). A path that cannot be read, a folder
/// without inputs and a file that is no input are E0001 each; the others go on.
pub fn gather(paths: &[PathBuf], deep: bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for p in paths {
        let problem = if p.is_dir() {
            let found = if deep {
                input_files_deep(p)
            } else {
                input_files(p)
            };
            match found {
                Ok(found) if found.is_empty() => {
                    Some(msg::no_input_files(&p.display().to_string()))
                }
                Ok(found) => {
                    files.extend(found);
                    None
                }
                Err(e) => Some(msg::folder_unreadable(&diag::io_reason(&e))),
            }
        } else if p.is_file() && is_input(p) {
            files.push(p.clone());
            None
        } else if p.is_file() {
            Some(msg::NOT_AN_INPUT.to_string())
        } else {
            Some(match std::fs::metadata(p) {
                Err(e) => diag::io_reason(&e),
                Ok(_) => msg::NEITHER_FILE_NOR_FOLDER.to_string(),
            })
        };
        if let Some(why) = problem {
            unreadable.push(
                Diagnostic::new(Code::E0001, p.clone(), crate::diag::Place::File, why)
                    .with_hint(msg::PATH_HINT),
            );
        }
    }
    (files, unreadable)
}

/// The input files of a folder and of its subfolders (hidden ones skipped,
/// links to folders not followed), sorted by path; at most `MAX_DEPTH` deep.
pub fn input_files_deep(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    const MAX_DEPTH: usize = 16;
    let mut out = input_files(dir)?;
    let mut folders = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let hidden = e.file_name().to_str().is_none_or(|n| n.starts_with('.'));
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && !hidden && depth < MAX_DEPTH {
                let sub = e.path();
                out.extend(input_files(&sub).unwrap_or_default());
                folders.push((sub, depth + 1));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Loads, scores and validates one input file: one YAML file, or every table
/// of a workbook or Word document (one [`Checked`] per table, all with `file`
/// the workbook; the sheet or table is in each diagnostic's place). Each table
/// is read with the words the run's forms add, scored and checked by the rules
/// of the form it is printed on. Notes about the workbook as a whole (sheets
/// skipped) go with its first table. Every command reaches checked tables
/// through this function.
pub fn check_path(file: &Path, forms: &Catalog) -> Vec<Checked> {
    if !holds_tables(file) {
        return vec![check_file(file, forms)];
    }
    if let Some(why) = link_out_of_folder(file) {
        return vec![checked(file, None, vec![why], forms)];
    }
    let book = if sheet::is_spreadsheet(file) {
        sheet::load_file(file, forms.words())
    } else {
        docx::load_file(file, forms.words())
    };
    let mut notes = book.notes;
    // 已确认 beside the file, by table.
    let sidecar = accepted::read(file, forms.words().vocab.word(Key::Accepted));
    let names: Vec<String> = (book.tables.iter())
        .filter_map(|t| t.project.as_ref().map(|p| p.name.value.clone()))
        .collect();
    notes.extend(sidecar.unmatched(&names));
    notes.extend(sidecar.diagnostics.iter().cloned());
    let mut out: Vec<Checked> = book
        .tables
        .into_iter()
        .map(|t| {
            let project = t.project.map(|mut p| {
                p.accepted.extend(sidecar.for_table(&p.name.value));
                p
            });
            checked(file, project, t.diagnostics, forms)
        })
        .collect();
    match out.first_mut() {
        Some(first) => {
            first.diagnostics.append(&mut notes);
            diag::sort(&mut first.diagnostics);
        }
        None => out.push(checked(file, None, notes, forms)),
    }
    out
}

/// A symbolic link that leads out of the folder it sits in (to a system file, say)
/// is not read: its text would be quoted in diagnostics and in the published
/// index. Links within the folder are read as usual.
fn link_out_of_folder(file: &Path) -> Option<Diagnostic> {
    let is_link = std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    let folder = file
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| std::fs::canonicalize(p).ok())?;
    let inside = std::fs::canonicalize(file).is_ok_and(|t| t.starts_with(&folder));
    (!inside).then(|| {
        Diagnostic::new(
            Code::E0001,
            file,
            crate::diag::Place::File,
            msg::LINK_OUT_OF_FOLDER,
        )
        .with_hint(msg::LINK_HINT)
    })
}

/// Loads, scores and validates one input file. A workbook gives its first table
/// only (see [`check_path`] for all of them).
pub fn check_file(file: &Path, forms: &Catalog) -> Checked {
    if holds_tables(file) {
        let mut all = check_path(file, forms);
        if all.is_empty() {
            return checked(file, None, Vec::new(), forms);
        }
        return all.swap_remove(0);
    }
    if let Some(why) = link_out_of_folder(file) {
        return checked(file, None, vec![why], forms);
    }
    let (project, diagnostics) = yaml::load_file(file, forms.words());
    checked(file, project, diagnostics, forms)
}

/// Scores and validates a loaded project by its form's rules.
fn checked(
    file: &Path,
    project: Option<Project>,
    mut diagnostics: Vec<Diagnostic>,
    forms: &Catalog,
) -> Checked {
    let scored = project.map(|mut p| {
        // Amounts the table does not say the unit of are in its form's unit.
        let form_in_yuan = forms
            .form_for(&p)
            .is_some_and(|f| f.amounts() == crate::form::AmountUnit::Yuan);
        if form_in_yuan && !p.funds.unit_stated {
            p.funds.from_yuan();
            p.funds.unit_stated = true;
        }
        let rules = forms.rules_for(&p);
        // A 自评表 without its 全年执行数 (E0101) has nothing to check its
        // budget by, as if the amount could not be read.
        if rules.requires(crate::model::Key::Spent)
            && p.absent.iter().any(|a| a.key == crate::model::Key::Spent)
        {
            p.gaps.funds = true;
        }
        score_by(p, rules)
    });
    if let Some(s) = &scored {
        diagnostics.extend(validate(s));
        if let Some(approvals) = forms.approvals().filter(|_| !s.rules.is_plan()) {
            diagnostics.extend(approvals.compare(&s.project));
        }
        by_the_forms_severity(&mut diagnostics, &s.rules.severity);
        accept(
            &mut diagnostics,
            file,
            &s.project.accepted,
            forms.accepted(),
        );
        if let Some(form) = &s.project.form {
            if !forms.knows(&form.value) {
                let (message, hint) =
                    msg::unknown_form(&form.value, &forms.names().collect::<Vec<_>>().join(", "));
                diagnostics.push(
                    Diagnostic::new(Code::E0107, file, form.place.clone(), message).with_hint(hint),
                );
            }
        }
    }
    diag::sort(&mut diagnostics);
    Checked {
        file: file.to_path_buf(),
        scored,
        diagnostics,
    }
}

/// Each finding reported as the table's form says (`rules.severity`): a rule
/// the form does not apply is dropped.
fn by_the_forms_severity(
    diagnostics: &mut Vec<Diagnostic>,
    levels: &std::collections::BTreeMap<Code, crate::form::rules::RuleSeverity>,
) {
    use crate::form::rules::RuleSeverity as R;
    use diag::Severity as S;
    if levels.is_empty() {
        return;
    }
    diagnostics.retain_mut(|d| {
        let Some(level) = levels.get(&d.code) else {
            return true;
        };
        d.severity = match level {
            R::Off => return false,
            R::Note => S::Info,
            R::Warning => S::Warning,
            R::Error => S::Error,
        };
        true
    });
}

/// Marks the findings the unit accepted (in the table, or for the whole run
/// with `--accept`) with the reason, and reports an acceptance of the table that
/// matches no finding (E0112). Notes need no acceptance.
fn accept(diagnostics: &mut Vec<Diagnostic>, file: &Path, table: &[Acceptance], run: &[Code]) {
    for d in diagnostics.iter_mut() {
        if d.severity == diag::Severity::Info {
            continue;
        }
        if let Some(a) = table.iter().find(|a| a.code == d.code) {
            d.accepted = Some(a.reason.clone());
        } else if run.contains(&d.code) {
            d.accepted = Some(crate::diag::text::ACCEPTED_FOR_THE_RUN.to_string());
        }
    }
    for a in table {
        if !diagnostics.iter().any(|d| d.code == a.code) {
            let (message, hint) = msg::stale_acceptance(&diag::shown_code(a.code));
            let at = a.file.as_deref().unwrap_or(file);
            diagnostics
                .push(Diagnostic::new(Code::E0112, at, a.place.clone(), message).with_hint(hint));
        }
    }
}

/// The text of an input, for showing its lines under a diagnostic: `None` for a
/// spreadsheet (not text) and for a file too large to be an input.
pub fn text_source(path: &Path) -> Option<String> {
    if holds_tables(path) || crate::input::too_large(path, crate::input::MAX_YAML_BYTES).is_some() {
        return None;
    }
    crate::safe_io::read_text_capped(
        path,
        crate::input::MAX_YAML_BYTES,
        crate::safe_io::Links::Follow,
    )
    .ok()
}

/// What a run keeps of one checked table after its project is dropped: enough
/// to report it, find duplicates, group it by unit and read it again later.
#[derive(Debug, Clone)]
pub struct Brief {
    /// The input file.
    pub file: PathBuf,
    /// Position of the table among the file's tables (0 for YAML).
    pub table: usize,
    /// 实施单位 and 项目名称, NFC-normalised, when the table was read with both.
    pub key: Option<(String, String)>,
    /// Where the 项目名称 is.
    pub name_place: crate::diag::Place,
    /// The 表式 the table names.
    pub form: Option<String>,
    /// What the table is by its form: a 自评表 or a 目标表.
    pub kind: crate::form::TableKind,
    /// Whether the table could be read into a project.
    pub read: bool,
    /// Everything found, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The project itself, kept when its file holds tables of several units
    /// (each unit would otherwise read the whole file again).
    pub kept: Option<Box<Scored>>,
}

impl Brief {
    /// The brief of the `table`-th table of its file; with `keep`, the project
    /// itself is kept in it (see [`Brief::kept`]).
    pub fn of(c: Checked, table: usize, keep: bool) -> Brief {
        let (key, name_place, form) = match &c.scored {
            Some(s) => (
                identity(&s.project),
                s.project.name.place.clone(),
                s.project.form.as_ref().map(|f| f.value.clone()),
            ),
            None => (None, crate::diag::Place::File, None),
        };
        let kind = c.scored.as_ref().map(|s| s.rules.kind).unwrap_or_default();
        Brief {
            kind,
            read: c.scored.is_some(),
            file: c.file,
            table,
            key,
            name_place,
            form,
            diagnostics: c.diagnostics,
            kept: c.scored.filter(|_| keep).map(Box::new),
        }
    }

    /// Whether the project may be rendered: it was read and has no error.
    pub fn is_publishable(&self) -> bool {
        self.read && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The 实施单位, when known.
    pub fn unit(&self) -> Option<&str> {
        self.key.as_ref().map(|(u, _)| u.as_str())
    }
}

/// A project's identity in the pack: its 实施单位 and 项目名称, NFC-normalised so
/// that the same name typed with composed or decomposed characters is one name.
/// None when either is blank (already an error).
pub fn identity(p: &Project) -> Option<(String, String)> {
    use unicode_normalization::UnicodeNormalization;
    let (unit, name) = (p.unit.value.trim(), p.name.value.trim());
    (!unit.is_empty() && !name.is_empty()).then(|| (unit.nfc().collect(), name.nfc().collect()))
}

/// Checks every file in parallel (one brief per table, in file order); with a
/// year, a table of another year is an error (E0111). Without `notes`, notes
/// (提示) are dropped as soon as each file is checked. Duplicates are marked.
pub fn check_all(files: &[PathBuf], year: Option<u16>, notes: bool, forms: &Catalog) -> Vec<Brief> {
    let mut briefs = check_files(files, year, notes, forms);
    find_duplicates(&mut briefs);
    briefs
}

/// [`check_all`] without looking for duplicates: for checking a long list of
/// files a part at a time, with one [`Duplicates`] across the parts.
pub fn check_files(
    files: &[PathBuf],
    year: Option<u16>,
    notes: bool,
    forms: &Catalog,
) -> Vec<Brief> {
    use rayon::prelude::*;
    files
        .par_iter()
        .flat_map_iter(|f| {
            let tables = check_path(f, forms);
            // Units as the pack groups them (NFC).
            let mut units: Vec<String> = tables
                .iter()
                .filter_map(|c| c.scored.as_ref().and_then(|s| identity(&s.project)))
                .map(|(unit, _)| unit)
                .collect();
            units.sort_unstable();
            units.dedup();
            let keep = units.len() > 1;
            tables.into_iter().enumerate().map(move |(i, mut c)| {
                if let Some(year) = year {
                    of_this_year(&mut c, year);
                }
                if !notes {
                    c.diagnostics.retain(|d| d.severity != diag::Severity::Info);
                }
                Brief::of(c, i, keep)
            })
        })
        .collect()
}

/// A table of another year is not published in this year's pack (E0111).
fn of_this_year(c: &mut Checked, year: u16) {
    let Some(given) = c.scored.as_ref().and_then(|s| s.project.year.clone()) else {
        return;
    };
    if given.value != year {
        let (message, hint) = msg::year_not_report(given.value, year);
        c.diagnostics.push(
            Diagnostic::new(Code::E0111, c.file.clone(), given.place, message).with_hint(hint),
        );
        diag::sort(&mut c.diagnostics);
    }
}

/// Something that names one project: a checked table or its brief.
pub trait Identified {
    /// 实施单位 and 项目名称 (NFC) and where the name is, when both are given.
    fn identity(&self) -> Option<((String, String), crate::diag::Place)>;
    /// The input file.
    fn file(&self) -> &Path;
    /// Its diagnostics, to add to.
    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic>;
    /// What the table is: a project's 自评表 and 目标表 are not duplicates.
    fn kind(&self) -> crate::form::TableKind {
        crate::form::TableKind::Report
    }
}

impl Identified for Checked {
    fn identity(&self) -> Option<((String, String), crate::diag::Place)> {
        let s = self.scored.as_ref()?;
        Some((identity(&s.project)?, s.project.name.place.clone()))
    }
    fn file(&self) -> &Path {
        &self.file
    }
    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }
    fn kind(&self) -> crate::form::TableKind {
        self.scored
            .as_ref()
            .map(|s| s.rules.kind)
            .unwrap_or_default()
    }
}

impl Identified for Brief {
    fn identity(&self) -> Option<((String, String), crate::diag::Place)> {
        Some((self.key.clone()?, self.name_place.clone()))
    }
    fn file(&self) -> &Path {
        &self.file
    }
    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }
    fn kind(&self) -> crate::form::TableKind {
        self.kind
    }
}

/// Reports two inputs that describe the same project (same 实施单位 and 项目名称,
/// compared after NFC normalisation): their outputs would overwrite each other.
pub fn find_duplicates<T: Identified>(items: &mut [T]) {
    Duplicates::default().mark(items);
}

/// The projects seen so far, by identity, with the file each was first seen in.
#[derive(Debug, Default)]
pub struct Duplicates {
    seen: BTreeMap<(crate::form::TableKind, (String, String)), PathBuf>,
}

impl Duplicates {
    /// Marks each item that names a project seen before (E0108), in order.
    pub fn mark<T: Identified>(&mut self, items: &mut [T]) {
        let seen = &mut self.seen;
        for c in items.iter_mut() {
            let Some((key, place)) = c.identity() else {
                continue;
            };
            let key = (c.kind(), key);
            if let Some(first) = seen.get(&key) {
                let (message, hint) =
                    msg::duplicate_project(&key.1 .1, &key.1 .0, &first.display().to_string());
                let d = Diagnostic::new(Code::E0108, c.file().to_path_buf(), place, message)
                    .with_hint(hint);
                c.diagnostics_mut().push(d);
            } else {
                seen.insert(key, c.file().to_path_buf());
            }
        }
    }
}
