//! Load, score and validate: the checks every command runs before anything is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{self, Diagnostic};
use crate::input::{sheet, yaml};
use crate::layout::form::builtin_names;
use crate::model::Project;
use crate::score::{score, Scored};
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

/// Whether a path is an input jixiao reads: YAML or a spreadsheet.
pub fn is_input(path: &Path) -> bool {
    is_yaml(path) || sheet::is_spreadsheet(path)
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
        .filter(|p| p.is_file() && is_input(p))
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

/// Loads, scores and validates one input file: one YAML file, or every table
/// of a workbook (one [`Checked`] per sheet holding a table, all with `file` the
/// workbook; the sheet is in each diagnostic's place). Notes about the workbook
/// as a whole (sheets skipped) go with its first table.
pub fn check_path(file: &Path) -> Vec<Checked> {
    if !sheet::is_spreadsheet(file) {
        return vec![check_file(file)];
    }
    if let Some(why) = link_out_of_folder(file) {
        return vec![checked(file, None, vec![why])];
    }
    let book = sheet::load_file(file);
    let mut notes = book.notes;
    let mut out: Vec<Checked> = book
        .tables
        .into_iter()
        .map(|t| checked(file, t.project, t.diagnostics))
        .collect();
    match out.first_mut() {
        Some(first) => {
            first.diagnostics.append(&mut notes);
            diag::sort(&mut first.diagnostics);
        }
        None => out.push(checked(file, None, notes)),
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
            "E0001",
            file,
            crate::diag::Place::File,
            "这是指向所在文件夹以外的链接，为免泄露其他文件的内容，未读取",
        )
        .with_hint("把要检查的文件本身复制到输入文件夹中，而不是放一个链接")
    })
}

/// Loads, scores and validates one input file. A workbook gives its first table
/// only (see [`check_path`] for all of them).
pub fn check_file(file: &Path) -> Checked {
    if sheet::is_spreadsheet(file) {
        let mut all = check_path(file);
        if all.is_empty() {
            return checked(file, None, Vec::new());
        }
        return all.swap_remove(0);
    }
    if let Some(why) = link_out_of_folder(file) {
        return checked(file, None, vec![why]);
    }
    let (project, diagnostics) = yaml::load_file(file);
    checked(file, project, diagnostics)
}

/// Scores and validates a loaded project.
fn checked(file: &Path, project: Option<Project>, mut diagnostics: Vec<Diagnostic>) -> Checked {
    let scored = project.map(score);
    if let Some(s) = &scored {
        diagnostics.extend(validate(s));
        if let Some(form) = &s.project.form {
            if !builtin_names().contains(&form.value.as_str()) {
                diagnostics.push(
                    Diagnostic::new(
                        "E0107",
                        file,
                        form.place.clone(),
                        format!("未知的表式“{}”", form.value),
                    )
                    .with_hint(format!("可用的表式: {}", builtin_names().join(", "))),
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

/// Reports two inputs that describe the same project (same 实施单位 and 项目名称):
/// their outputs would overwrite each other.
pub fn find_duplicates(checked: &mut [Checked]) {
    let mut seen: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    for c in checked.iter_mut() {
        let Some(s) = &c.scored else { continue };
        // A table without its name or unit (already an error) duplicates nothing.
        if s.project.name.value.is_empty() || s.project.unit.value.is_empty() {
            continue;
        }
        let key = (s.project.unit.value.clone(), s.project.name.value.clone());
        if let Some(first) = seen.get(&key) {
            c.diagnostics.push(
                Diagnostic::new(
                    "E0108",
                    c.file.clone(),
                    s.project.name.place.clone(),
                    format!("项目“{}”（{}）与 {} 重复", key.1, key.0, first.display()),
                )
                .with_hint("同一实施单位的项目名称须唯一；删去重复的文件或改正项目名称"),
            );
        } else {
            seen.insert(key, c.file.clone());
        }
    }
}
