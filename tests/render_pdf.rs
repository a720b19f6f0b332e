//! The PDF renderer, checked with poppler's tools (`pdffonts`, `pdftotext`,
//! `pdfinfo`): the font is embedded as a subset, the text comes out as the
//! table's cells in reading order, pages break like the form, and the bytes
//! are the same on every run.
//!
//! These tests need a CJK font and poppler-utils. Where either is missing they
//! say so and pass, unless `JIXIAO_REQUIRE_PDF_TOOLS` is set (CI sets it, after
//! installing both).

mod common;
use common::forms;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao::form::{Form, DEFAULT_FORM};
use jixiao::layout::Grid;
use jixiao::pipeline::check_file;
use jixiao::render::pdf::{render_pdf, PdfFont};

/// The machine's font and poppler, or None (after saying why) when a test cannot run.
fn tools() -> Option<PdfFont> {
    let font = PdfFont::find();
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok();
    match (font, poppler) {
        (Some(f), true) => Some(f),
        (font, _) => {
            let why = if font.is_none() {
                "no CJK font"
            } else {
                "no pdftotext (poppler-utils)"
            };
            assert!(
                std::env::var_os("JIXIAO_REQUIRE_PDF_TOOLS").is_none(),
                "{why} on this machine, and JIXIAO_REQUIRE_PDF_TOOLS is set"
            );
            eprintln!("skipped: {why}");
            None
        }
    }
}

/// The three seed tables laid out on `form`.
fn seed_grids(form: &str) -> Vec<Grid> {
    let form = Form::load(form).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/seed/2024")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            jixiao::layout::lay_out(&form, &check_file(f, forms()).scored.unwrap(), 2024).unwrap()
        })
        .collect()
}

/// A scratch folder of this test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("render_pdf")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The output of a poppler tool on `file`.
fn run(tool: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(tool).args(args).arg(file).arg("-").output();
    let out = match tool {
        "pdffonts" | "pdfinfo" => Command::new(tool).args(args).arg(file).output(),
        _ => out,
    }
    .unwrap();
    assert!(out.status.success(), "{tool} failed on {}", file.display());
    String::from_utf8(out.stdout).unwrap()
}

/// Every text of a grid in reading order (headings, then cells), as single spaces.
fn grid_words(grid: &Grid) -> Vec<String> {
    grid.headings
        .iter()
        .map(|h| h.text.as_str())
        .chain(grid.cells.iter().map(|c| c.content.text()))
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect()
}

/// The font found, and the free fonts of both outline kinds where installed
/// (Noto Serif CJK is CFF, AR PL UMing TrueType).
fn fonts(found: PdfFont) -> Vec<PdfFont> {
    let known = [
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ];
    let mut all = vec![found];
    for path in known.iter().map(Path::new).filter(|p| p.is_file()) {
        if all.iter().all(|f| f.path() != path) {
            all.push(PdfFont::load(path).unwrap());
        }
    }
    all
}

#[test]
fn seed_tables_embed_a_subset_font_and_read_back_as_their_cells() {
    let Some(found) = tools() else { return };
    for (n, font) in fonts(found).iter().enumerate() {
        seed_tables_in(font, &format!("seed-{n}"));
    }
}

fn seed_tables_in(font: &PdfFont, name: &str) {
    let dir = scratch(name);
    for grid in seed_grids(DEFAULT_FORM)
        .iter()
        .chain(&seed_grids("national"))
    {
        let glyphs = font.glyphs(&[grid]).unwrap();
        assert!(glyphs.missing().is_empty(), "{:?}", glyphs.missing());
        let bytes = render_pdf(&[grid], &grid.meta.title, &glyphs).unwrap();
        let again = render_pdf(&[grid], &grid.meta.title, &font.glyphs(&[grid]).unwrap());
        assert_eq!(bytes, again.unwrap(), "same bytes on a second run");
        let file = dir.join(format!("{}-{}.pdf", grid.meta.title, grid.col_count()));
        std::fs::write(&file, &bytes).unwrap();

        let fonts = run("pdffonts", &[], &file);
        let row = fonts.lines().nth(2).expect("one font");
        assert_eq!(fonts.lines().count(), 3, "exactly one font:\n{fonts}");
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols[0].contains('+'), "a subset name: {row}");
        assert_eq!(
            &cols[cols.len() - 5..cols.len() - 2],
            ["yes", "yes", "yes"],
            "{row}"
        );

        let info = run("pdfinfo", &[], &file);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        assert!(info.contains(&grid.meta.title), "{info}");
        assert!(info.contains("A4"), "{info}");

        // The text in reading order: every cell's words, in order, line breaks
        // inside a cell aside; every later page starts with the header row again.
        let text = run("pdftotext", &["-raw", "-enc", "UTF-8"], &file);
        let header: String = grid
            .cells
            .iter()
            .filter(|c| grid.repeat.contains(&c.row))
            .flat_map(|c| c.content.text().split_whitespace())
            .collect();
        let page_texts: Vec<String> = text
            .split('\u{c}')
            .map(|p| p.split_whitespace().collect())
            .filter(|p: &String| !p.is_empty())
            .collect();
        assert_eq!(page_texts.len(), pages);
        let mut got = page_texts[0].clone();
        for later in &page_texts[1..] {
            let rest = later
                .strip_prefix(&header)
                .expect("the header row repeated");
            got.push_str(rest);
        }
        let want: String = grid_words(grid).concat();
        assert_eq!(got, want, "{} in {}", grid.meta.title, font.family());
        assert!(!text.contains('\u{fffd}'));

        // The glyphs are drawn: a broken embedded font draws nothing and
        // poppler does not always say so, so look for the title's ink above
        // the table's top border.
        let drawn = Command::new("pdftoppm")
            .args(["-r", "50", "-gray", "-f", "1", "-l", "1"])
            .arg(&file)
            .output()
            .unwrap();
        let errors = String::from_utf8_lossy(&drawn.stderr);
        assert!(drawn.status.success() && errors.is_empty(), "{errors}");
        let ink = title_ink(&drawn.stdout);
        assert!(
            ink > 100,
            "{}: {ink} dark pixels above the table",
            file.display()
        );
    }
}

/// Dark pixels above the first row that is mostly dark (the table's top
/// border) of a binary PGM image: the headings' ink.
fn title_ink(pgm: &[u8]) -> usize {
    let mut fields = pgm
        .split(|b| b.is_ascii_whitespace())
        .filter(|f| !f.is_empty());
    let magic = fields.next().unwrap();
    assert_eq!(magic, b"P5");
    let mut num = || -> usize {
        std::str::from_utf8(fields.next().unwrap())
            .unwrap()
            .parse()
            .unwrap()
    };
    let (w, h, _max) = (num(), num(), num());
    let pixels = &pgm[pgm.len() - w * h..];
    let rows: Vec<&[u8]> = pixels.chunks(w).collect();
    let dark = |row: &[u8]| row.iter().filter(|&&p| p < 128).count();
    let border = rows.iter().position(|r| dark(r) > w / 2).unwrap_or(h);
    rows[..border].iter().map(|r| dark(r)).sum()
}

/// `jixiao report` of the seed tables into `out`, with `extra` flags.
fn report_seed(out: &Path, extra: &[&str]) -> Vec<String> {
    let fixed = [
        "report",
        "--year",
        "2024",
        "--inputs",
        "tests/seed/2024",
        "--outputs",
    ];
    let mut args: Vec<String> = fixed.iter().map(|a| a.to_string()).collect();
    args.push(out.to_str().unwrap().to_string());
    args.extend(extra.iter().map(|a| a.to_string()));
    args
}

/// The jixiao binary run with `args`, fonts looked for only in `font_dirs`.
fn jixiao(args: &[String], font_dirs: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    cmd.args(args);
    if let Some(dirs) = font_dirs {
        cmd.env(jixiao::render::pdf::FONT_DIRS_ENV, dirs);
    }
    cmd.output().unwrap()
}

#[test]
fn the_pack_has_a_pdf_per_project_and_unit_listed_and_linked() {
    if tools().is_none() {
        return;
    }
    let dir = scratch("pack");
    let out = dir.join("out");
    let args = report_seed(&out, &[]);
    let done = jixiao(&args, None);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let pdfs: Vec<String> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            e["path"]
                .as_str()
                .filter(|p| p.ends_with(".pdf"))
                .map(String::from)
        })
        .collect();
    // Three projects and the unit's combined file.
    assert_eq!(pdfs.len(), 4, "{pdfs:?}");
    assert!(manifest["units"][0]["pdf"].as_bool().unwrap());
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for p in &pdfs {
        let name = p.rsplit('/').next().unwrap();
        assert!(index.contains(name), "index links {name}");
    }
    assert!(!index.contains("未生成 PDF"));
    // The combined file holds every table, each from a new page: as many pages
    // as the three tables have alone.
    let pages = |file: &Path| -> usize {
        run("pdfinfo", &[], file)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap()
    };
    let (combined, alone): (Vec<&String>, Vec<&String>) = pdfs
        .iter()
        .partition(|p| p.contains("年度项目支出绩效自评表"));
    let alone_pages: usize = alone.iter().map(|p| pages(&out.join(p))).sum();
    assert_eq!(pages(&out.join(combined[0])), alone_pages);
    // Identical bytes on a rerun.
    let before = pdf_files(&out);
    assert!(jixiao(&args, None).status.success());
    assert_eq!(before, pdf_files(&out));
}

/// Every PDF under `dir`, by relative path, with its bytes.
fn pdf_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = common::files(dir);
    files.retain(|path, _| path.ends_with(".pdf"));
    files
}

#[test]
fn without_a_font_the_rest_is_built_with_one_warning() {
    let dir = scratch("no-font");
    let out = dir.join("out");
    let empty = dir.join("no-fonts-here");
    std::fs::create_dir_all(&empty).unwrap();
    let args = report_seed(&out, &[]);
    let run = jixiao(&args, Some(empty.to_str().unwrap()));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(stderr.matches("没有中文字体").count(), 1, "{stderr}");
    assert!(
        stderr.contains("fonts-noto-cjk"),
        "says what to install: {stderr}"
    );
    assert!(pdf_files(&out).is_empty());
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("全部单位未生成 PDF"), "{index}");
    assert!(!index.contains(".pdf"));
    let docx = std::fs::read_dir(out.join("上海市闵行区托育服务指导中心"))
        .unwrap()
        .count();
    assert_eq!(
        docx,
        3 * 3 + 2,
        "docx, xlsx and html of each project, combined docx and xlsx"
    );
}

#[test]
fn a_font_that_cannot_be_used_stops_the_run_and_names_the_file() {
    let dir = scratch("bad-font");
    let bad = dir.join("宋体.ttf");
    std::fs::write(&bad, b"not a font").unwrap();
    let out = dir.join("out");
    let args = report_seed(&out, &["--font", bad.to_str().unwrap()]);
    let run = jixiao(&args, None);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("宋体.ttf") && stderr.contains("字体"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
    // A missing file too.
    let args = report_seed(&out, &["--font", "无此字体.ttc"]);
    let run = jixiao(&args, None);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("无此字体.ttc"));
}

#[test]
fn characters_the_font_lacks_are_named_once_and_the_pdfs_still_made() {
    if tools().is_none() {
        return;
    }
    let dir = scratch("missing-chars");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    // Two projects name the same two characters of CJK Extension G, which no
    // installed font has.
    for entry in std::fs::read_dir("tests/seed/2024").unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if !path.to_string_lossy().contains("服务平台") {
            text = text.replacen(
                "实际完成情况: |\n",
                "实际完成情况: |\n    𰀀𰀁村托育点已评估。\n",
                1,
            );
        }
        std::fs::write(inputs.join(path.file_name().unwrap()), text).unwrap();
    }
    let out = dir.join("out");
    let args: Vec<String> = ["report", "--year", "2024", "--inputs"]
        .iter()
        .map(|a| a.to_string())
        .chain([inputs.to_string_lossy().into(), "--outputs".into()])
        .chain([out.to_string_lossy().into()])
        .collect();
    let run = jixiao(&args, None);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("没有这些字"))
        .collect();
    assert_eq!(warnings.len(), 1, "one warning for the run: {stderr}");
    assert!(warnings[0].contains("𰀀𰀁，"), "{}", warnings[0]);
    assert!(
        warnings[0].contains("--font"),
        "says what to do: {}",
        warnings[0]
    );
    assert_eq!(pdf_files(&out).len(), 4, "every PDF still made");
}

/// A cell taller than a page cannot move to the next page whole: what the
/// PDF cannot print is counted (and `report` warns with the count), never
/// dropped in silence; a table of the usual size loses nothing.
#[test]
fn a_cell_taller_than_a_page_is_counted_not_dropped_in_silence() {
    let Some(font) = tools() else { return };
    let grids = seed_grids(DEFAULT_FORM);
    let refs: Vec<&Grid> = grids.iter().collect();
    let glyphs = font.glyphs(&refs).unwrap();
    for g in &grids {
        let (_, cut) = jixiao::render::pdf::render_pdf_counted(&[g], "t", &glyphs).unwrap();
        assert_eq!(cut, 0, "{}", g.meta.title);
    }
    let mut long = grids[0].clone();
    let cell = long
        .cells
        .iter_mut()
        .find(|c| c.class == "text")
        .expect("a text cell");
    cell.content = jixiao::layout::Content::Text("很长的说明。".repeat(3000));
    let glyphs = font.glyphs(&[&long]).unwrap();
    let (bytes, cut) = jixiao::render::pdf::render_pdf_counted(&[&long], "t", &glyphs).unwrap();
    assert!(cut > 100, "{cut} lines counted");
    assert!(!bytes.is_empty());
}
