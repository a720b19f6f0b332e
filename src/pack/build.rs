//! One unit's folder of the pack: its tables read again (a run keeps only their
//! briefs between checking and rendering, so memory follows the largest unit),
//! laid out and rendered with the unit's combined files; or, for a unit that a
//! `--unit` run does not rebuild, its folder carried over from the previous pack.

use crate::diag::Code;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::fsops::{self, io_err, FileEntry};
use super::names::{safe_file_name, safe_sheet_name};
use super::plan::UnitPlan;
use super::record::UnitRecord;
use super::spill::{Spill, Spilled};
use super::summary::{order_key, ProjectSummary};
use super::unique::Unique;
use super::{unit, Options, PackError, Progress};
use crate::diag::msg::pack as msg;
use crate::diag::Diagnostic;
use crate::form::Catalog;
use crate::layout::created_at;
use crate::layout::{Grid, Meta};
use crate::pipeline::{check_path, identity, Brief};
use crate::render::docx::{build_docx, combine_docx, DocxDocument};
use crate::render::pdf::{assemble, draw, Drawn, PdfFont};
use crate::render::{html::render_html, xlsx::render_xlsx};
use crate::score::Scored;

/// A publishable table that could not be laid out or rendered: the index of its
/// brief and the diagnostic that says why.
pub(crate) type Failure = (usize, Diagnostic);

/// What one unit produced: its record and files, set aside until the index and
/// manifest are written (None when nothing of it was written), and the tables
/// that failed.
pub(crate) struct UnitBuilt {
    pub spilled: Option<Spilled>,
    pub failures: Vec<Failure>,
    /// Characters of the unit's PDFs the font has no glyph for.
    pub missing: BTreeSet<char>,
    /// The unit's PDFs (path in the pack) that could not print every line of
    /// a cell taller than a page, with how many lines they left out.
    pub cut: Vec<(String, usize)>,
}

/// The three files of one project: extension and bytes.
pub type ProjectFiles = [(&'static str, Vec<u8>); 3];

/// One project placed in its unit: file stem and sheet name decided.
struct Placed {
    brief: usize,
    scored: Scored,
    stem: String,
    sheet: String,
}

/// The E0901 diagnostic of a table that could not be rendered.
fn failure(b: &Brief, scored: Option<&Scored>, message: &str) -> Diagnostic {
    let (file, place, name) = match scored {
        Some(s) => (
            s.project.source.clone(),
            s.project.name.place.clone(),
            s.project.name.value.clone(),
        ),
        None => (
            b.file.clone(),
            b.name_place.clone(),
            b.key.clone().map(|k| k.1).unwrap_or_default(),
        ),
    };
    let (text, hint) = msg::project_failed(&name, message);
    Diagnostic::new(Code::E0901, file, place, text).with_hint(hint)
}

/// The unit's tables as projects again: each file read once more (a table kept
/// from checking is used as it is). A table that is no longer what was checked
/// (the file changed during the run) fails.
fn read_again(
    u: &UnitPlan,
    briefs: &[Brief],
    forms: &Catalog,
) -> Vec<Result<(usize, Scored), Box<Failure>>> {
    let mut by_file: BTreeMap<&Path, Vec<usize>> = BTreeMap::new();
    for &i in &u.tables {
        by_file.entry(&briefs[i].file).or_default().push(i);
    }
    let files: Vec<(&Path, Vec<usize>)> = by_file.into_iter().collect();
    files
        .into_par_iter()
        .flat_map_iter(|(file, wanted)| {
            let needs_reading = wanted.iter().any(|&i| briefs[i].kept.is_none());
            let mut tables: Vec<Option<crate::pipeline::Checked>> = if needs_reading {
                check_path(file, forms).into_iter().map(Some).collect()
            } else {
                Vec::new()
            };
            wanted
                .into_iter()
                .map(|i| {
                    let b = &briefs[i];
                    if let Some(kept) = &b.kept {
                        return Ok((i, (**kept).clone()));
                    }
                    let again = tables.get_mut(b.table).and_then(Option::take);
                    let same = again.filter(|c| {
                        c.is_publishable()
                            && c.scored.as_ref().and_then(|s| identity(&s.project)) == b.key
                    });
                    match same.and_then(|c| c.scored) {
                        Some(s) => Ok((i, s)),
                        None => Err(Box::new((i, failure(b, None, msg::CHANGED_WHILE_BUILDING)))),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Lays out and renders one unit: every project's three files, then the combined files.
/// The unit's files are read again with the run's forms.
pub(crate) fn build_unit(
    opts: &Options,
    (order, u): (usize, &UnitPlan),
    briefs: &[Brief],
    (forms, font): (&Catalog, Option<&PdfFont>),
    (staging, spill): (&Path, &Spill),
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<UnitBuilt, PackError> {
    let mut failures = Vec::new();
    let mut projects = Vec::with_capacity(u.tables.len());
    for r in read_again(u, briefs, forms) {
        match r {
            Ok(p) => projects.push(p),
            Err(f) => {
                progress(Progress::Rendered);
                failures.push(*f);
            }
        }
    }
    projects.sort_by_cached_key(|(_, s)| order_key(s));
    let mut stems = Unique::new();
    stems.reserve(&forms.headings().combined(opts.year));
    let mut sheets = Unique::with_max_utf16_units(31);
    sheets.reserve(&forms.headings().summary.name);
    let placed: Vec<Placed> = projects
        .into_iter()
        .map(|(brief, scored)| Placed {
            stem: stems.take(&safe_file_name(&scored.project.name.value)),
            sheet: sheets.take(&safe_sheet_name(&scored.project.name.value)),
            brief,
            scored,
        })
        .collect();

    let dir = Path::new(&u.dir);
    type Done = (Grid, DocxDocument, ProjectSummary, Vec<FileEntry>);
    let results: Vec<Result<Done, Failure>> = placed
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
                    let d = failure(&briefs[p.brief], Some(&p.scored), &message);
                    return Ok(Err((p.brief, d)));
                }
            };
            let mut entries = Vec::with_capacity(3);
            for (ext, bytes) in files {
                let rel = dir.join(format!("{}.{ext}", p.stem));
                entries.push(fsops::write(staging, &rel, &bytes)?);
            }
            let form = forms.name_for(&p.scored.project);
            let summary = ProjectSummary::new(&p.scored, p.stem.clone(), p.sheet.clone(), form);
            Ok(Ok((grid, docx, summary, entries)))
        })
        .collect::<Result<_, PackError>>()?;
    drop(placed);
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
        return Ok(UnitBuilt {
            spilled: None,
            failures,
            missing: BTreeSet::new(),
            cut: Vec::new(),
        });
    }
    let stem = forms.headings().combined_of(u.kind, opts.year);
    let render_err = |source| PackError::Render {
        project: u.unit.clone(),
        source,
    };
    // The unit's combined files take the title of its form and the unit its
    // forms print amounts in, when all its tables agree on them.
    let form_of = |s: &ProjectSummary| forms.get(&s.form);
    let amounts = agreed(
        done.iter()
            .map(|(_, _, s, _)| form_of(s).map(|f| f.amounts())),
    )
    .unwrap_or_default();
    let title = agreed(
        done.iter()
            .map(|(_, _, s, _)| form_of(s).map(|f| f.title.as_str())),
    )
    .unwrap_or(crate::diag::text::DEFAULT_TITLE);
    let meta = Meta {
        title: msg::unit_title(&u.unit, opts.year, title),
        created: created_at(opts.year),
    };
    let docs: Vec<&DocxDocument> = done.iter().map(|(_, d, _, _)| d).collect();
    let docx = combine_docx(&docs, &meta.title).map_err(render_err)?;
    entries.push(fsops::write(
        staging,
        &dir.join(format!("{stem}.docx")),
        &docx,
    )?);
    drop(docx);
    let sheets: Vec<(&ProjectSummary, &Grid)> = done.iter().map(|(g, _, s, _)| (s, g)).collect();
    let xlsx = unit::combined_xlsx(&meta, &sheets, (amounts, u.kind), forms.headings())
        .map_err(render_err)?;
    entries.push(fsops::write(
        staging,
        &dir.join(format!("{stem}.xlsx")),
        &xlsx,
    )?);
    drop(sheets);
    let mut missing = BTreeSet::new();
    let mut cut = Vec::new();
    if let Some(font) = font {
        let grids: Vec<(&Grid, &str)> = done
            .iter()
            .map(|(g, _, s, _)| (g, s.stem.as_str()))
            .collect();
        let combined = (stem.as_str(), meta.title.as_str());
        let (pdfs, lacking) = unit_pdfs(font, &grids, combined).map_err(render_err)?;
        for (stem, bytes, lines) in pdfs {
            let rel = dir.join(format!("{stem}.pdf"));
            if lines > 0 {
                cut.push((rel.to_string_lossy().into_owned(), lines));
            }
            entries.push(fsops::write(staging, &rel, &bytes)?);
        }
        missing = lacking;
    }
    let record = UnitRecord {
        unit: u.unit.clone(),
        dir: u.dir.clone(),
        projects: done.into_iter().map(|(_, _, s, _)| s).collect(),
        pdf: font.is_some(),
        amounts,
        kind: u.kind,
    };
    Ok(UnitBuilt {
        spilled: Some(spill.put(order, &record, &entries)?),
        failures,
        missing,
        cut,
    })
}

/// A PDF's stem, bytes and the lines it could not print.
type Named = (String, Vec<u8>, usize);

/// The PDFs of a unit by file stem: each project's and the combined one
/// (`combined` is its stem and title), set with the unit's glyphs; and the
/// characters the font lacks.
fn unit_pdfs(
    font: &PdfFont,
    grids: &[(&Grid, &str)],
    (stem, title): (&str, &str),
) -> Result<(Vec<Named>, BTreeSet<char>), crate::render::RenderError> {
    let all: Vec<&Grid> = grids.iter().map(|(g, _)| *g).collect();
    let glyphs = font.glyphs(&all)?;
    // Each table is drawn once: its own PDF and the combined one share its
    // pages (their text is set in the unit's glyph ids).
    let drawn: Vec<(Drawn, Named)> = grids
        .par_iter()
        .map(|(g, stem)| {
            let drawn = draw(g, &glyphs)?;
            let (bytes, cut) = assemble(&[&drawn], &g.meta.title, &glyphs)?;
            Ok((drawn, (stem.to_string(), bytes, cut)))
        })
        .collect::<Result<Vec<_>, crate::render::RenderError>>()?;
    let parts: Vec<&Drawn> = drawn.iter().map(|(d, _)| d).collect();
    let (bytes, cut) = assemble(&parts, title, &glyphs)?;
    let mut pdfs: Vec<Named> = drawn.into_iter().map(|(_, named)| named).collect();
    pdfs.push((stem.to_string(), bytes, cut));
    Ok((pdfs, glyphs.missing().clone()))
}

/// The value every item has, when they all have the same one.
fn agreed<T: PartialEq>(mut values: impl Iterator<Item = Option<T>>) -> Option<T> {
    let first = values.next().flatten()?;
    values.all(|v| v.as_ref() == Some(&first)).then_some(first)
}

/// Lays out and renders one project.
fn lay_out_and_render(
    opts: &Options,
    p: &Placed,
    forms: &Catalog,
) -> Result<(Grid, DocxDocument, ProjectFiles), PackError> {
    let name = forms.name_for(&p.scored.project);
    let form = forms.get(name).ok_or_else(|| crate::form::FormError {
        form: name.to_string(),
        message: msg::FORM_NOT_LOADED.to_string(),
    })?;
    let grid = crate::layout::lay_out(form, &p.scored, opts.year)?;
    let (docx, files) = render_project(&grid, &p.sheet, &p.scored.project.name.value)?;
    Ok((grid, docx, files))
}

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

/// Copies a unit's folder from the pack in `from` (as its record and file list
/// say) into `staging` under `dir`. A file that is not a regular file inside
/// the pack (a link, a FIFO) or no longer matches its record (edited by hand) is
/// an error: the new pack would publish what jixiao did not make.
pub(crate) fn copy_unit(
    from: &Path,
    record: &UnitRecord,
    files: &[FileEntry],
    staging: &Path,
    dir: &str,
) -> Result<(Vec<FileEntry>, UnitRecord), PackError> {
    let prefix = format!("{}/", record.dir);
    let mut entries = Vec::new();
    // A unit's files are right in its folder; its 目标表s' folder is a part of its own.
    let own =
        |e: &&FileEntry| (e.path.strip_prefix(&prefix)).is_some_and(|rest| !rest.contains('/'));
    for entry in files.iter().filter(own) {
        let name = &entry.path[prefix.len()..];
        // Only a regular file inside the pack, with the record's hash, is carried
        // over; the bytes checked are the bytes written (never a link to them).
        let bytes = super::trust::read_file(from, &entry.path, entry.size, &entry.sha256)?;
        let rel = Path::new(dir).join(name);
        let target = staging.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_err(parent, msg::CANNOT_CREATE_FOLDER, e))?;
        }
        std::fs::write(&target, &bytes).map_err(|e| io_err(&target, msg::CANNOT_WRITE_FILE, e))?;
        entries.push(FileEntry::new(&rel, &bytes));
    }
    let record = UnitRecord {
        dir: dir.to_string(),
        ..record.clone()
    };
    Ok((entries, record))
}
