//! The report run: check every input, render each publishable project to Word,
//! Excel and HTML, and move the finished pack into place only when complete.

pub mod names;

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::layout::{Form, Grid, LayoutError, DEFAULT_FORM};
use crate::pipeline::{check_file, find_duplicates, input_files, Checked};
use crate::render::{docx::render_docx, html::render_html, xlsx::render_xlsx, RenderError};
use names::{safe_file_name, safe_sheet_name};

/// What a report run needs to know.
#[derive(Debug, Clone)]
pub struct Options {
    /// The year of the pack.
    pub year: u16,
    /// Folder of the year's input files.
    pub inputs: PathBuf,
    /// Folder the year's pack is written to (replaced as a whole).
    pub outputs: PathBuf,
    /// The form chosen on the command line; overrides each file's 表式.
    pub form: Option<String>,
}

/// What a report run did.
#[derive(Debug)]
pub struct Outcome {
    /// Every input, checked.
    pub checked: Vec<Checked>,
    /// Files written, relative to the outputs folder, sorted.
    pub written: Vec<PathBuf>,
    /// Projects left out because of errors.
    pub skipped: usize,
}

impl Outcome {
    /// All diagnostics of all inputs, in file order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.checked
            .iter()
            .flat_map(|c| c.diagnostics.iter().cloned())
            .collect()
    }
}

/// A report run could not complete; the previous pack is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// A folder or file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What went wrong, in Chinese.
        message: String,
    },
    /// A form could not be loaded or could not lay out a project.
    #[error(transparent)]
    Layout(#[from] LayoutError),
    /// A renderer failed.
    #[error("{project}: {source}")]
    Render {
        /// The project being rendered.
        project: String,
        /// The renderer's error.
        source: RenderError,
    },
}

fn io_err(path: &Path, what: &str, e: std::io::Error) -> PackError {
    PackError::Io {
        path: path.to_path_buf(),
        message: format!("{what}: {e}"),
    }
}

/// Runs the report: checks all inputs, renders the publishable ones into a temporary
/// folder beside `outputs`, then swaps it into place.
pub fn report(opts: &Options) -> Result<Outcome, PackError> {
    let files =
        input_files(&opts.inputs).map_err(|e| io_err(&opts.inputs, "无法读取输入文件夹", e))?;
    let mut checked: Vec<Checked> = files.iter().map(|f| check_file(f)).collect();
    find_duplicates(&mut checked);

    let mut forms: Vec<Form> = Vec::new();
    let staging = staging_dir(&opts.outputs)?;
    let result = render_all(opts, &checked, &mut forms, &staging);
    let written = match result {
        Ok(w) => w,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    swap_into_place(&staging, &opts.outputs)?;
    let skipped = checked.iter().filter(|c| !c.is_publishable()).count();
    Ok(Outcome {
        checked,
        written,
        skipped,
    })
}

fn form_for<'a>(forms: &'a mut Vec<Form>, name: &str) -> Result<&'a Form, LayoutError> {
    if let Some(i) = forms.iter().position(|f| f.name == name) {
        return Ok(&forms[i]);
    }
    forms.push(Form::builtin(name)?);
    Ok(&forms[forms.len() - 1])
}

fn render_all(
    opts: &Options,
    checked: &[Checked],
    forms: &mut Vec<Form>,
    staging: &Path,
) -> Result<Vec<PathBuf>, PackError> {
    let mut written = Vec::new();
    for c in checked.iter().filter(|c| c.is_publishable()) {
        let Some(scored) = &c.scored else { continue };
        let p = &scored.project;
        let name = opts
            .form
            .as_deref()
            .or(p.form.as_ref().map(|f| f.value.as_str()))
            .unwrap_or(DEFAULT_FORM);
        let grid = form_for(forms, name)?.lay_out(scored, opts.year)?;
        let dir = PathBuf::from(safe_file_name(&p.unit.value));
        let stem = safe_file_name(&p.name.value);
        std::fs::create_dir_all(staging.join(&dir))
            .map_err(|e| io_err(&staging.join(&dir), "无法创建文件夹", e))?;
        for (ext, bytes) in render_project(&grid, &p.name.value)? {
            let rel = dir.join(format!("{stem}.{ext}"));
            std::fs::write(staging.join(&rel), bytes)
                .map_err(|e| io_err(&staging.join(&rel), "无法写入文件", e))?;
            written.push(rel);
        }
    }
    written.sort();
    Ok(written)
}

/// The three files of one project: extension and bytes.
pub fn render_project(grid: &Grid, name: &str) -> Result<[(&'static str, Vec<u8>); 3], PackError> {
    let err = |source| PackError::Render {
        project: name.to_string(),
        source,
    };
    Ok([
        ("docx", render_docx(&[grid]).map_err(err)?),
        (
            "xlsx",
            render_xlsx(&[(&safe_sheet_name(name), grid)]).map_err(err)?,
        ),
        ("html", render_html(&[grid]).map_err(err)?),
    ])
}

/// A fresh temporary folder beside `outputs`, on the same file system so the final
/// move is a rename.
fn staging_dir(outputs: &Path) -> Result<PathBuf, PackError> {
    let parent = outputs.parent().unwrap_or(Path::new("."));
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    std::fs::create_dir_all(parent).map_err(|e| io_err(parent, "无法创建输出文件夹", e))?;
    let base = outputs.file_name().map_or_else(
        || "outputs".to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let staging = parent.join(format!(".{base}.partial-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| io_err(&staging, "无法清理临时文件夹", e))?;
    }
    std::fs::create_dir_all(&staging).map_err(|e| io_err(&staging, "无法创建临时文件夹", e))?;
    Ok(staging)
}

/// Replaces `outputs` with `staging`: the old pack is moved aside first and removed
/// only after the new one is in place.
fn swap_into_place(staging: &Path, outputs: &Path) -> Result<(), PackError> {
    let old = staging.with_extension("old");
    if outputs.exists() {
        std::fs::rename(outputs, &old).map_err(|e| io_err(outputs, "无法移开旧的输出", e))?;
    }
    if let Err(e) = std::fs::rename(staging, outputs) {
        if old.exists() {
            let _ = std::fs::rename(&old, outputs);
        }
        return Err(io_err(outputs, "无法放置新的输出", e));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| io_err(&old, "无法删除旧的输出", e))?;
    }
    Ok(())
}
