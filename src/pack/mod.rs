//! The annual pack: check every input, render each publishable project to Word,
//! Excel and HTML, add the combined files of every unit, `index.html` and
//! `manifest.json`, and move the finished pack into place only when complete.

pub(crate) mod build;
pub(crate) mod fsops;
pub mod guard;
pub(crate) mod hooks;
pub(crate) mod index;
pub mod merge;
pub mod names;
pub(crate) mod plan;
pub mod record;
pub(crate) mod spill;
pub(crate) mod summary;
pub mod swap;
pub mod trust;
pub(crate) mod unique;
pub(crate) mod unit;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::msg::pack as msg;
use crate::diag::Diagnostic;
use crate::form::{Catalog, FormError};
use crate::pipeline::{check_all, input_files, Brief};
use crate::render::pdf::{FontError, PdfFont};
use crate::render::RenderError;
pub use build::{render_project, ProjectFiles};
use build::{Failure, UnitBuilt};
use fsops::{io_err, FileEntry};
#[cfg(feature = "test-hooks")]
pub use hooks::{CRASH_AT, PAUSE_BEFORE_SWAP};
use record::{Accepted, LeftOut, Manifest};
use spill::{Spill, Totals};

/// What a report run needs to know.
#[derive(Debug, Clone)]
pub struct Options {
    /// The year of the pack.
    pub year: u16,
    /// Folder of the year's input files.
    pub inputs: PathBuf,
    /// Folder the year's pack is written to (replaced whole; with `units`, those units updated).
    pub outputs: PathBuf,
    /// Build only these 实施单位 (all when empty).
    pub units: Vec<String>,
    /// Treat warnings as errors: a table with a warning is not published.
    pub strict: bool,
    /// Replace the outputs folder even when it holds files the pack did not write.
    pub force: bool,
    /// Whether PDFs are made, and in which font.
    pub pdf: PdfChoice,
}

/// Whether a run makes PDFs, and in which font.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PdfChoice {
    /// In the best CJK font found on the machine; without one, no PDF and a warning.
    #[default]
    Auto,
    /// In this font file (`--font`); a run stops when it cannot be used.
    Font(PathBuf),
    /// No PDF (`--no-pdf`).
    Off,
}

/// What a run did about PDFs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfOutcome {
    /// The font the PDFs are set in: its family and file; None when none were made.
    pub font: Option<(String, PathBuf)>,
    /// No PDF was made because the machine has no CJK font.
    pub no_font: bool,
    /// Characters the font has no glyph for (they print as empty boxes).
    pub missing: BTreeSet<char>,
    /// PDFs (path in the pack) with a cell taller than a page, and how many of
    /// its lines they could not print (the .docx, .xlsx and .html hold them).
    pub cut: Vec<(String, usize)>,
}

impl Options {
    /// A run of `year` from `inputs` into `outputs`: every unit, each file's own
    /// form, warnings as warnings, and no folder replaced that holds foreign files.
    pub fn new(year: u16, inputs: &Path, outputs: &Path) -> Options {
        Options {
            year,
            inputs: inputs.to_path_buf(),
            outputs: outputs.to_path_buf(),
            units: Vec::new(),
            strict: false,
            force: false,
            pdf: PdfChoice::Auto,
        }
    }

    /// Whether this run builds `unit` (every unit without `--unit`).
    pub fn rebuilds(&self, unit: &str) -> bool {
        self.units.is_empty() || self.units.iter().any(|u| u == unit)
    }
}

/// What a report run did.
#[derive(Debug)]
pub struct Outcome {
    /// Every table of the selected units (all units without `--unit`), checked.
    pub checked: Vec<Brief>,
    /// Files written (manifest included); every one is listed in the manifest.
    pub files_written: usize,
    /// Total size of the files written, in bytes.
    pub bytes_written: u64,
    /// Projects rendered.
    pub rendered: usize,
    /// Projects left out because of errors.
    pub skipped: usize,
    /// Nothing could be rendered, so the previous pack was kept as it was
    /// (nothing is then written).
    pub kept_previous: bool,
    /// Replaced packs that could not be deleted (a read-only folder in them):
    /// set aside beside the outputs, for the user to delete.
    pub leftovers: Vec<PathBuf>,
    /// The PDFs' font, or why there are none.
    pub pdf: PdfOutcome,
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
    Layout(#[from] FormError),
    /// The font chosen with `--font` cannot be used.
    #[error("{}", msg::font_unusable(.0))]
    Font(#[from] FontError),
    /// A renderer failed.
    #[error("{project}: {source}")]
    Render {
        /// The project being rendered.
        project: String,
        /// The renderer's error.
        source: RenderError,
    },
    /// Another run is writing the same outputs folder.
    #[error("{}", msg::busy(.outputs))]
    Busy {
        /// The outputs folder.
        outputs: PathBuf,
    },
    /// The outputs folder would replace the inputs or the working folder.
    #[error("{}", msg::overlap(.outputs, .why))]
    Overlap {
        /// The outputs folder.
        outputs: PathBuf,
        /// How it overlaps, in Chinese.
        why: &'static str,
    },
    /// `--unit` named a unit no input belongs to.
    #[error("{}", msg::unknown_unit(.0))]
    UnknownUnit(String),
    /// A pack's record is missing, unreadable or does not match its files.
    #[error("{}: {message}", path.display())]
    Record {
        /// The record or file involved.
        path: PathBuf,
        /// What is wrong, in Chinese.
        message: String,
    },
    /// The outputs folder holds files that no jixiao pack wrote.
    #[error("{}", msg::foreign_files(.outputs, *.count, .examples))]
    Foreign {
        /// The outputs folder.
        outputs: PathBuf,
        /// How many such files.
        count: usize,
        /// The first few, relative to the folder.
        examples: Vec<String>,
    },
}

/// What a report run tells its caller while it works, e.g. to drive a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Checking is done: this many projects will be rendered.
    Total(usize),
    /// One more project has been rendered.
    Rendered,
}

/// Runs the report: checks all inputs, then renders the publishable ones unit by
/// unit into a staging folder beside `outputs`, and swaps it into place. `forms`
/// is the run's catalogue (the built-in forms and `--form`, see [`Options::form`]).
pub fn report(
    opts: &Options,
    forms: &Catalog,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Outcome, PackError> {
    // A link to a folder is written through: the pack goes into its target.
    let real = guard::resolve_outputs(&opts.outputs)?;
    let resolved;
    let opts = if real == opts.outputs {
        opts
    } else {
        resolved = Options {
            outputs: real,
            ..opts.clone()
        };
        &resolved
    };
    guard::check_overlap(&opts.inputs, &opts.outputs)?;
    let files = input_files(&opts.inputs).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => PackError::NoInputs {
            path: opts.inputs.clone(),
            message: msg::INPUTS_NOT_FOUND.into(),
        },
        _ => io_err(&opts.inputs, msg::CANNOT_READ_INPUTS_FOLDER, e),
    })?;
    if files.is_empty() {
        return Err(PackError::NoInputs {
            path: opts.inputs.clone(),
            message: msg::NO_INPUT_FILES.into(),
        });
    }
    // Only briefs are kept: each unit's tables are read again when it is built.
    // Notes (提示) are for `jixiao check`; the report keeps what needs fixing.
    let mut briefs = check_all(&files, Some(opts.year), false, forms);
    if opts.strict {
        for b in &mut briefs {
            crate::diag::warnings_as_errors(&mut b.diagnostics);
        }
    }
    for u in &opts.units {
        if !briefs.iter().any(|b| b.unit() == Some(u.as_str())) {
            return Err(PackError::UnknownUnit(u.clone()));
        }
    }
    // With --unit, only those units are rebuilt; the other units' folders are
    // carried over from the previous pack, and the index and manifest cover all.
    let selected = |b: &Brief| b.unit().map_or(opts.units.is_empty(), |u| opts.rebuilds(u));
    try_forms(forms, &briefs)?;
    let font = match &opts.pdf {
        PdfChoice::Auto => PdfFont::find(),
        PdfChoice::Font(path) => Some(PdfFont::load(path)?),
        PdfChoice::Off => None,
    };
    let publishable = briefs
        .iter()
        .filter(|b| b.is_publishable() && selected(b))
        .count();
    progress(Progress::Total(publishable));

    // One writer at a time; held until the new pack is in place.
    let _lock = swap::lock(&opts.outputs)?;
    let mut leftovers = swap::recover(&opts.outputs)?;
    let previous = if opts.units.is_empty() {
        None
    } else {
        Manifest::read(&opts.outputs)?
    };
    guard::check_owned(&opts.outputs, opts.force, previous.as_ref())?;
    let staging = swap::staging_dir(&opts.outputs)?;
    let spill = Spill::beside(&staging)?;
    let built = build(
        opts,
        &briefs,
        (forms, font.as_ref()),
        previous.as_ref(),
        (&staging, &spill),
        progress,
    );
    spill.remove();
    let (totals, failures, (missing, cut)) = match built {
        Ok(b) => b,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let rendered = publishable - failures.len();
    // A run that rendered nothing (every table has errors, a broken form) does not
    // replace a pack that exists: it would only hold the index of what failed.
    let kept_previous = rendered == 0 && opts.outputs.join(record::MANIFEST).is_file();
    if kept_previous {
        let _ = std::fs::remove_dir_all(&staging);
    } else {
        hooks::pause_before_swap();
        match swap::swap_into_place(&staging, &opts.outputs) {
            Ok(left) => leftovers.extend(left),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e);
            }
        }
    }
    for (index, diagnostic) in failures {
        if let Some(b) = briefs.get_mut(index) {
            b.diagnostics.push(diagnostic);
        }
    }
    briefs.retain(selected);
    let skipped = briefs.iter().filter(|b| !b.is_publishable()).count();
    Ok(Outcome {
        checked: briefs,
        files_written: if kept_previous { 0 } else { totals.files },
        bytes_written: if kept_previous { 0 } else { totals.bytes },
        rendered,
        skipped,
        kept_previous,
        leftovers,
        pdf: PdfOutcome {
            no_font: opts.pdf == PdfChoice::Auto && font.is_none(),
            font: font.map(|f| (f.family().to_string(), f.path().to_path_buf())),
            missing,
            cut,
        },
    })
}

/// Lays out a sample table with every form the run's tables use, once: a
/// template's mistake is one error for the run, not one per project.
fn try_forms(forms: &Catalog, briefs: &[Brief]) -> Result<(), PackError> {
    let mut used: Vec<&str> = briefs
        .iter()
        .filter(|b| b.is_publishable())
        .map(|b| forms.name_of(b.form.as_deref()))
        .collect();
    used.sort_unstable();
    used.dedup();
    for name in used {
        if let Some(form) = forms.get(name) {
            crate::layout::try_out(form)?;
        }
    }
    Ok(())
}

/// Renders everything into `staging` (each unit set aside in `spill` as it is
/// done), then the index and manifest; returns the pack's totals and the tables
/// that failed to render (they are left out, the others go on).
fn build(
    opts: &Options,
    briefs: &[Brief],
    kit: (&Catalog, Option<&PdfFont>),
    previous: Option<&Manifest>,
    (staging, spill): (&Path, &Spill),
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Totals, Vec<Failure>, PdfNotes), PackError> {
    let plans = plan::plan(briefs, &kit.0.headings().plans.folder);
    let units: Vec<UnitBuilt> = plans
        .par_iter()
        .enumerate()
        .map(|(order, u)| {
            if opts.rebuilds(&u.unit) {
                let to = (staging, spill);
                return build::build_unit(opts, (order, u), briefs, kit, to, progress);
            }
            // The same part of the unit: its 自评表s, or its 目标表s.
            let same = |r: &&record::UnitRecord| r.unit == u.unit && r.kind == u.kind;
            let old = previous.and_then(|m| m.units.iter().find(same).map(|r| (m, r)));
            // A unit the previous pack does not have stays out.
            let spilled = match old {
                None => None,
                Some((m, r)) => {
                    let (entries, record) =
                        build::copy_unit(&opts.outputs, r, &m.outputs, staging, &u.dir)?;
                    Some(spill.put(order, &record, &entries)?)
                }
            };
            Ok(UnitBuilt {
                spilled,
                failures: Vec::new(),
                missing: BTreeSet::new(),
                cut: Vec::new(),
            })
        })
        .collect::<Result<_, _>>()?;
    let mut failures: Vec<Failure> = Vec::new();
    let mut spilled = Vec::new();
    let mut missing = BTreeSet::new();
    let mut cut = Vec::new();
    for u in units {
        spilled.extend(u.spilled);
        failures.extend(u.failures);
        missing.extend(u.missing);
        cut.extend(u.cut);
    }
    let mut left: Vec<(&Brief, &[Diagnostic])> = briefs
        .iter()
        .filter(|b| !b.is_publishable())
        .map(|b| (b, b.diagnostics.as_slice()))
        .chain(
            failures
                .iter()
                .map(|(i, d)| (&briefs[*i], std::slice::from_ref(d))),
        )
        .collect();
    left.sort_by(|a, b| (&a.0.file, a.0.table).cmp(&(&b.0.file, b.0.table)));
    let pack = spill::Pack {
        year: opts.year,
        inputs: input_entries(&opts.inputs, briefs)?,
        units: spilled,
        left_out: left
            .iter()
            .map(|(b, diagnostics)| left_out(&opts.inputs, b, diagnostics))
            .collect(),
        accepted: briefs
            .iter()
            .filter(|b| b.is_publishable())
            .filter_map(|b| accepted(&opts.inputs, b))
            .collect(),
        spill,
        headings: kit.0.headings(),
    };
    Ok((spill::finish(&pack, staging)?, failures, (missing, cut)))
}

/// What the run's PDFs could not print: characters the font lacks, and the
/// PDFs with a cell taller than a page (with the lines each left out).
type PdfNotes = (BTreeSet<char>, Vec<(String, usize)>);

/// A path relative to the inputs folder, `/`-separated: the published files name
/// no absolute path of the machine that built them.
fn relative(inputs: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(inputs).unwrap_or(file).to_path_buf()
}

/// The record of a table left out: its errors as `check` prints them, with the
/// file named relative to the inputs folder.
fn left_out(inputs: &Path, b: &Brief, diagnostics: &[Diagnostic]) -> LeftOut {
    let rel = relative(inputs, &b.file);
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| Diagnostic {
            file: relative(inputs, &d.file),
            ..d.clone()
        })
        .collect();
    let source = |p: &Path| crate::pipeline::text_source(&inputs.join(p));
    LeftOut {
        file: FileEntry::new(&rel, b"").path,
        table: b.table,
        errors: crate::diag::human::render(&errors, &source),
    }
}

/// The record of a table published with accepted findings, as `check` prints
/// them; `None` when it has none.
fn accepted(inputs: &Path, b: &Brief) -> Option<Accepted> {
    let found: Vec<Diagnostic> = (b.diagnostics.iter())
        .filter(|d| d.accepted.is_some())
        .map(|d| Diagnostic {
            file: relative(inputs, &d.file),
            ..d.clone()
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    let source = |p: &Path| crate::pipeline::text_source(&inputs.join(p));
    Some(Accepted {
        file: FileEntry::new(&relative(inputs, &b.file), b"").path,
        table: b.table,
        findings: crate::diag::human::render(&found, &source),
    })
}

/// The manifest entries of every input, relative to the inputs folder.
fn input_entries(inputs: &Path, briefs: &[Brief]) -> Result<Vec<FileEntry>, PackError> {
    let mut paths: Vec<PathBuf> = briefs.iter().map(|b| b.file.clone()).collect();
    paths.dedup();
    // The acceptances beside a workbook are part of what the pack was made from.
    let sidecars: Vec<PathBuf> = (paths.iter())
        .filter(|p| crate::pipeline::holds_tables(p))
        .map(|p| crate::input::accepted::sidecar_of(p))
        .filter(|p| p.is_file())
        .collect();
    paths.extend(sidecars);
    paths.sort();
    paths
        .par_iter()
        .map(|file| {
            fsops::hash_file(file, &relative(inputs, file))
                .map_err(|e| io_err(file, msg::CANNOT_READ_INPUT_FILE, e.into_io()))
        })
        .collect()
}
