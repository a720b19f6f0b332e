//! The annual pack: check every input, render each publishable project to Word,
//! Excel and HTML, add the combined files of every unit, `index.html` and
//! `manifest.json`, and move the finished pack into place only when complete.

pub(crate) mod fsops;
pub mod guard;
pub(crate) mod index;
pub(crate) mod manifest;
pub mod names;
pub(crate) mod summary;
pub(crate) mod unique;
pub(crate) mod unit;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::layout::form::created_at;
use crate::layout::{Form, Grid, LayoutError, Meta, DEFAULT_FORM};
use crate::pipeline::{check_path, find_duplicates, input_files, Checked};
use crate::render::docx::{build_docx, combine_docx, DocxDocument};
use crate::render::{html::render_html, xlsx::render_xlsx, RenderError};
use crate::score::Scored;
use fsops::{io_err, FileEntry};
use names::{safe_file_name, safe_sheet_name};
use summary::{order_key, ProjectSummary};
use unique::Unique;

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
    /// Build only these 实施单位 (all when empty).
    pub units: Vec<String>,
    /// Treat warnings as errors: a table with a warning is not published.
    pub strict: bool,
}

impl Options {
    /// Whether this run builds `unit` (every unit without `--unit`).
    pub fn rebuilds(&self, unit: &str) -> bool {
        self.units.is_empty() || self.units.iter().any(|u| u == unit)
    }
}

/// What a report run did.
#[derive(Debug)]
pub struct Outcome {
    /// Every input of the selected units (all units without `--unit`), checked.
    pub checked: Vec<Checked>,
    /// Files written, relative to the outputs folder, sorted (manifest included).
    pub written: Vec<PathBuf>,
    /// Total size of the files written, in bytes.
    pub bytes_written: u64,
    /// Projects rendered.
    pub rendered: usize,
    /// Projects left out because of errors.
    pub skipped: usize,
    /// Nothing could be rendered, so the previous pack was kept as it was
    /// (`written` is then empty).
    pub kept_previous: bool,
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
    #[error("{}: {what}: {}", path.display(), crate::diag::io_reason(source))]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What was being done, in Chinese (`无法写入`).
        what: String,
        /// The file system's error.
        source: std::io::Error,
    },
    /// The input folder is missing or holds no input.
    #[error("{}: {message}", path.display())]
    NoInputs {
        /// The input folder.
        path: PathBuf,
        /// What is wrong with it, in Chinese.
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
    /// Another run is writing the same outputs folder.
    #[error("另一个 jixiao report 正在写入 {} ；请等它结束后再运行（another run is writing this folder）", outputs.display())]
    Busy {
        /// The outputs folder.
        outputs: PathBuf,
    },
    /// The outputs folder would replace the inputs or the working folder.
    #[error("输出文件夹 {} {why}，生成的报告会替换它；请用 --outputs 指定另一个文件夹", outputs.display())]
    Overlap {
        /// The outputs folder.
        outputs: PathBuf,
        /// How it overlaps, in Chinese.
        why: &'static str,
    },
    /// `--unit` named a unit no input belongs to.
    #[error("没有实施单位为“{0}”的项目（请核对 --unit 的名称）")]
    UnknownUnit(String),
}

/// What a report run tells its caller while it works, e.g. to drive a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Checking is done: this many projects will be rendered.
    Total(usize),
    /// One more project has been rendered.
    Rendered,
}

/// Runs the report: checks all inputs, renders the publishable ones in parallel
/// into a staging folder beside `outputs`, then swaps it into place.
pub fn report(opts: &Options, progress: &(dyn Fn(Progress) + Sync)) -> Result<Outcome, PackError> {
    guard::check_overlap(&opts.inputs, &opts.outputs)?;
    let files = input_files(&opts.inputs).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => PackError::NoInputs {
            path: opts.inputs.clone(),
            message: "找不到输入文件夹（请确认年度，或用 --inputs 指定）".into(),
        },
        _ => io_err(&opts.inputs, "无法读取输入文件夹", e),
    })?;
    if files.is_empty() {
        return Err(PackError::NoInputs {
            path: opts.inputs.clone(),
            message: "文件夹中没有输入文件（.yaml、.yml、.xlsx、.xls、.ods）".into(),
        });
    }
    // A workbook may hold several tables: one Checked per table.
    let mut checked: Vec<Checked> = files.par_iter().flat_map_iter(|f| check_path(f)).collect();
    find_duplicates(&mut checked);
    for c in &mut checked {
        of_this_year(c, opts.year);
        if opts.strict {
            crate::diag::warnings_as_errors(&mut c.diagnostics);
        }
    }
    if !opts.units.is_empty() {
        for u in &opts.units {
            let known = checked.iter().any(|c| {
                c.scored
                    .as_ref()
                    .is_some_and(|s| &s.project.unit.value == u)
            });
            if !known {
                return Err(PackError::UnknownUnit(u.clone()));
            }
        }
    }
    // With --unit, only those units are rebuilt; the other units' folders are
    // carried over from the previous pack, and the index and manifest cover all.
    let selected = |c: &Checked| {
        c.scored.as_ref().map_or(opts.units.is_empty(), |s| {
            opts.rebuilds(&s.project.unit.value)
        })
    };
    let forms = load_forms(opts, &checked)?;
    progress(Progress::Total(
        checked
            .iter()
            .filter(|c| c.is_publishable() && selected(c))
            .count(),
    ));

    // One writer at a time; held until the new pack is in place.
    let _lock = guard::lock(&opts.outputs)?;
    guard::recover(&opts.outputs)?;
    let staging = fsops::staging_dir(&opts.outputs)?;
    let built = build(opts, &checked, &forms, &staging, progress);
    let (entries, failures) = match built {
        Ok(b) => b,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let publishable = checked
        .iter()
        .filter(|c| c.is_publishable() && selected(c))
        .count();
    let rendered = publishable - failures.len();
    // A run that rendered nothing (every table has errors, a broken form) does not
    // replace a pack that exists: it would only hold the index of what failed.
    let kept_previous = rendered == 0 && opts.outputs.join("manifest.json").is_file();
    if kept_previous {
        let _ = std::fs::remove_dir_all(&staging);
    } else {
        pause_for_tests();
        if let Err(e) = fsops::swap_into_place(&staging, &opts.outputs) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    }
    let entries = if kept_previous { Vec::new() } else { entries };
    for (index, diagnostic) in failures {
        if let Some(c) = checked.get_mut(index) {
            c.diagnostics.push(diagnostic);
        }
    }
    checked.retain(selected);
    let skipped = checked.iter().filter(|c| !c.is_publishable()).count();
    Ok(Outcome {
        checked,
        bytes_written: entries.iter().map(|e| e.size).sum(),
        written: entries.into_iter().map(|e| PathBuf::from(e.path)).collect(),
        rendered,
        skipped,
        kept_previous,
    })
}

/// The form a project is printed on: `--form`, else its 表式, else the default.
fn form_name<'a>(opts: &'a Options, s: &'a Scored) -> &'a str {
    opts.form
        .as_deref()
        .or(s.project.form.as_ref().map(|f| f.value.as_str()))
        .unwrap_or(DEFAULT_FORM)
}

/// The environment variable that makes a run stop right before its swap, for the
/// tests that kill a run at that moment: the run writes the named marker file
/// and waits (at most a minute) to be killed.
pub const PAUSE_BEFORE_SWAP: &str = "JIXIAO_TEST_PAUSE_BEFORE_SWAP";

fn pause_for_tests() {
    let Some(marker) = std::env::var_os(PAUSE_BEFORE_SWAP) else {
        return;
    };
    if std::fs::write(&marker, b"staged").is_ok() {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// A table of another year is not published in this year's pack (E0111).
fn of_this_year(c: &mut Checked, year: u16) {
    let Some(given) = c.scored.as_ref().and_then(|s| s.project.year.clone()) else {
        return;
    };
    if given.value != year {
        c.diagnostics.push(
            Diagnostic::new(
                "E0111",
                c.file.clone(),
                given.place,
                format!("表中的年度是 {}，不能放进 {year} 年度的报告", given.value),
            )
            .with_hint(format!(
                "把年度改为 {year}，或把文件移到 {} 年的文件夹、用 --year {} 生成",
                given.value, given.value
            )),
        );
    }
}

/// Loads every form the run needs, once.
fn load_forms(opts: &Options, checked: &[Checked]) -> Result<BTreeMap<String, Form>, PackError> {
    let mut forms = BTreeMap::new();
    for s in checked
        .iter()
        .filter(|c| c.is_publishable())
        .filter_map(|c| c.scored.as_ref())
    {
        let name = form_name(opts, s);
        if !forms.contains_key(name) {
            forms.insert(name.to_string(), Form::load(name)?);
        }
    }
    Ok(forms)
}

/// One project placed in its unit: file stem and sheet name decided.
struct Placed<'a> {
    /// Index of its input in the run's `Checked` list.
    index: usize,
    scored: &'a Scored,
    stem: String,
    sheet: String,
}

/// A unit's projects in pack order, with unique file and sheet names.
struct UnitPlan<'a> {
    unit: String,
    dir: String,
    projects: Vec<Placed<'a>>,
}

fn plan<'a>(year: u16, checked: &'a [Checked]) -> Vec<UnitPlan<'a>> {
    let mut by_unit: BTreeMap<&str, Vec<(usize, &Scored)>> = BTreeMap::new();
    for (index, c) in checked
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_publishable())
    {
        if let Some(s) = &c.scored {
            by_unit
                .entry(&s.project.unit.value)
                .or_default()
                .push((index, s));
        }
    }
    let mut dirs = Unique::new();
    dirs.reserve("index.html");
    dirs.reserve("manifest.json");
    by_unit
        .into_iter()
        .map(|(unit, mut projects)| {
            projects.sort_by_key(|(_, s)| order_key(s));
            let mut stems = Unique::new();
            stems.reserve(&unit::combined_stem(year));
            let mut sheets = Unique::with_max_chars(31);
            sheets.reserve(unit::SUMMARY_SHEET);
            UnitPlan {
                unit: unit.to_string(),
                dir: dirs.take(&safe_file_name(unit)),
                projects: projects
                    .into_iter()
                    .map(|(index, s)| Placed {
                        index,
                        scored: s,
                        stem: stems.take(&safe_file_name(&s.project.name.value)),
                        sheet: sheets.take(&safe_sheet_name(&s.project.name.value)),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A publishable project that could not be laid out or rendered: the index of
/// its input and the diagnostic that says why.
type Failure = (usize, Diagnostic);

/// What one unit produced: files written, its projects' summary lines, and the
/// projects that failed to render.
type UnitBuilt = (Vec<FileEntry>, Vec<ProjectSummary>, Vec<Failure>);

/// A unit that a `--unit` run does not rebuild: its folder in the previous pack,
/// linked (or copied) into the new one, with the index lines of the projects it
/// holds. A unit the previous pack does not have stays out.
fn carry_unit(opts: &Options, u: &UnitPlan, staging: &Path) -> Result<UnitBuilt, PackError> {
    let old = opts.outputs.join(&u.dir);
    let Ok(read) = std::fs::read_dir(&old) else {
        return Ok((Vec::new(), Vec::new(), Vec::new()));
    };
    let mut names: Vec<std::ffi::OsString> = read
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name())
        .collect();
    names.sort();
    let target = staging.join(&u.dir);
    std::fs::create_dir_all(&target).map_err(|e| io_err(&target, "无法创建文件夹", e))?;
    let mut entries = Vec::with_capacity(names.len());
    for name in &names {
        let (from, to) = (old.join(name), target.join(name));
        let bytes = std::fs::read(&from).map_err(|e| io_err(&from, "无法读取上次的输出", e))?;
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::write(&to, &bytes).map_err(|e| io_err(&to, "无法写入文件", e))?;
        }
        entries.push(FileEntry::new(&Path::new(&u.dir).join(name), &bytes));
    }
    let summaries = u
        .projects
        .iter()
        .filter(|p| old.join(format!("{}.docx", p.stem)).is_file())
        .map(|p| ProjectSummary::new(p.scored, p.stem.clone(), p.sheet.clone()))
        .collect();
    Ok((entries, summaries, Vec::new()))
}

/// Renders everything into `staging`; returns the manifest entries of the outputs
/// and the projects that failed to render (they are left out, the others go on).
fn build(
    opts: &Options,
    checked: &[Checked],
    forms: &BTreeMap<String, Form>,
    staging: &Path,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Vec<FileEntry>, Vec<Failure>), PackError> {
    let plans = plan(opts.year, checked);
    let units: Vec<UnitBuilt> = plans
        .par_iter()
        .map(|u| {
            if opts.rebuilds(&u.unit) {
                build_unit(opts, u, forms, staging, progress)
            } else {
                carry_unit(opts, u, staging)
            }
        })
        .collect::<Result<_, _>>()?;
    let failures: Vec<Failure> = units
        .iter()
        .flat_map(|(_, _, f)| f.iter().cloned())
        .collect();

    let mut entries: Vec<FileEntry> = units
        .iter()
        .flat_map(|(e, _, _)| e.iter().cloned())
        .collect();
    let combined = unit::combined_stem(opts.year);
    let listings: Vec<index::UnitListing> = plans
        .iter()
        .zip(&units)
        .filter(|(_, (_, summaries, _))| !summaries.is_empty())
        .map(|(p, (_, summaries, _))| index::UnitListing {
            unit: &p.unit,
            dir: &p.dir,
            combined: &combined,
            projects: summaries,
        })
        .collect();
    let left_out: Vec<index::LeftOut> = checked
        .iter()
        .filter(|c| !c.is_publishable())
        .map(|c| index::LeftOut {
            file: &c.file,
            diagnostics: &c.diagnostics,
        })
        .chain(failures.iter().map(|(i, d)| index::LeftOut {
            file: &checked[*i].file,
            diagnostics: std::slice::from_ref(d),
        }))
        .collect();
    let html = index::render(opts.year, &listings, &left_out);
    entries.push(fsops::write(staging, Path::new("index.html"), &html)?);
    entries.sort_by(|a, b| a.path.cmp(&b.path));

    let mut input_paths: Vec<&Path> = checked.iter().map(|c| c.file.as_path()).collect();
    input_paths.dedup();
    let inputs = input_paths
        .into_par_iter()
        .map(|file| {
            std::fs::read(file)
                // Relative to the inputs folder: the published manifest names no
                // absolute path of the machine that built it.
                .map(|bytes| {
                    FileEntry::new(file.strip_prefix(&opts.inputs).unwrap_or(file), &bytes)
                })
                .map_err(|e| io_err(file, "无法读取输入文件", e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let manifest = manifest::Manifest {
        jixiao: env!("CARGO_PKG_VERSION"),
        year: opts.year,
        forms: forms.keys().map(String::as_str).collect(),
        units: &opts.units,
        inputs,
        outputs: entries.clone(),
    };
    entries.push(fsops::write(
        staging,
        Path::new("manifest.json"),
        &manifest.to_bytes(),
    )?);
    Ok((entries, failures))
}

/// Lays out and renders one unit: every project's three files, then the combined files.
fn build_unit(
    opts: &Options,
    u: &UnitPlan,
    forms: &BTreeMap<String, Form>,
    staging: &Path,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<UnitBuilt, PackError> {
    let dir = Path::new(&u.dir);
    type Done = (Grid, DocxDocument, ProjectSummary, Vec<FileEntry>);
    let results: Vec<Result<Done, Failure>> = u
        .projects
        .par_iter()
        .map(|p| {
            let rendered = lay_out_and_render(opts, p, forms);
            progress(Progress::Rendered);
            let (grid, docx, files) = match rendered {
                Ok(r) => r,
                Err(error) => {
                    let message = match &error {
                        // The project is named in the diagnostic already.
                        PackError::Render { source, .. } => source.to_string(),
                        other => other.to_string(),
                    };
                    let project = &p.scored.project;
                    let d = Diagnostic::new(
                        "E0901",
                        project.source.clone(),
                        project.name.place.clone(),
                        format!("项目“{}”无法生成: {message}", project.name.value),
                    )
                    .with_hint("本项目未生成，其他项目照常生成；按消息修正表式或数据后重新运行");
                    return Ok(Err((p.index, d)));
                }
            };
            let mut entries = Vec::with_capacity(3);
            for (ext, bytes) in files {
                let rel = dir.join(format!("{}.{ext}", p.stem));
                entries.push(fsops::write(staging, &rel, &bytes)?);
            }
            let summary = ProjectSummary::new(p.scored, p.stem.clone(), p.sheet.clone());
            Ok(Ok((grid, docx, summary, entries)))
        })
        .collect::<Result<_, PackError>>()?;
    let mut failures = Vec::new();
    let mut done: Vec<Done> = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(d) => done.push(d),
            Err(f) => failures.push(f),
        }
    }

    let mut entries: Vec<FileEntry> = done
        .iter()
        .flat_map(|(_, _, _, e)| e.iter().cloned())
        .collect();
    if done.is_empty() {
        // Every project of the unit failed: there is nothing to combine.
        return Ok((entries, Vec::new(), failures));
    }
    let stem = unit::combined_stem(opts.year);
    let render_err = |source| PackError::Render {
        project: u.unit.clone(),
        source,
    };
    let meta = Meta {
        title: format!("{} {stem}", u.unit),
        created: created_at(opts.year),
    };
    let docs: Vec<&DocxDocument> = done.iter().map(|(_, d, _, _)| d).collect();
    let docx = combine_docx(&docs, &meta.title).map_err(render_err)?;
    entries.push(fsops::write(
        staging,
        &dir.join(format!("{stem}.docx")),
        &docx,
    )?);
    let sheets: Vec<(&ProjectSummary, &Grid)> = done.iter().map(|(g, _, s, _)| (s, g)).collect();
    let xlsx = unit::combined_xlsx(&meta, &sheets).map_err(render_err)?;
    entries.push(fsops::write(
        staging,
        &dir.join(format!("{stem}.xlsx")),
        &xlsx,
    )?);
    let summaries = done.into_iter().map(|(_, _, s, _)| s).collect();
    Ok((entries, summaries, failures))
}

/// Lays out and renders one project.
fn lay_out_and_render(
    opts: &Options,
    p: &Placed,
    forms: &BTreeMap<String, Form>,
) -> Result<(Grid, DocxDocument, ProjectFiles), PackError> {
    let name = form_name(opts, p.scored);
    let form = forms.get(name).ok_or_else(|| LayoutError {
        form: name.to_string(),
        message: "表式未加载".to_string(),
    })?;
    let grid = form.lay_out(p.scored, opts.year)?;
    let (docx, files) = render_project(&grid, &p.sheet, &p.scored.project.name.value)?;
    Ok((grid, docx, files))
}

/// The three files of one project: extension and bytes.
pub type ProjectFiles = [(&'static str, Vec<u8>); 3];

/// The three files of one project (extension and bytes), and its Word document
/// kept for the unit's combined file.
pub fn render_project(
    grid: &Grid,
    sheet: &str,
    name: &str,
) -> Result<(DocxDocument, ProjectFiles), PackError> {
    let err = |source| PackError::Render {
        project: name.to_string(),
        source,
    };
    let docx = build_docx(grid).map_err(err)?;
    let files = [
        ("docx", docx.to_bytes().map_err(err)?),
        ("xlsx", render_xlsx(&[(sheet, grid)]).map_err(err)?),
        ("html", render_html(&[grid]).map_err(err)?),
    ];
    Ok((docx, files))
}
