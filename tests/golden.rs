//! Golden tables: the three 2024 seed projects, rendered by `report`, read back
//! from the `.docx` (quick-xml) and the `.xlsx` (calamine) and compared slot by
//! slot with the published tables in `tests/golden/*.tsv`.
//!
//! Notation of the golden files: one line per table row, slots separated by tabs;
//! a slot holds the cell's text (paragraphs joined by ` ⏎ `), `<` when covered by
//! the cell to its left, `^` when covered by the cell above. Set
//! `UPDATE_GOLDEN=1` to rewrite them after a deliberate change, then review the diff.

mod common;
use common::forms;

use std::path::{Path, PathBuf};

use calamine::Data;
use common::docx_read::{read_docx_tables, zip_part};
use common::tables::{notation, xlsx_cells, Anchor};
use common::xlsx_read::{data_text, read_all};
use jixiao::form::Catalog;
use jixiao::pack::{report, Options, PdfChoice};

const UNIT: &str = "上海市闵行区托育服务指导中心";
const PROJECTS: &[&str] = &[
    "信息化-闵行托育服务平台(2024运维)",
    "信息化-闵行托育视频监控平台整体服务项目(一招三年)(第三年)",
    "托育中心经费",
];

fn render_pack(name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let opts = Options {
        pdf: PdfChoice::Off,
        ..Options::new(2024, Path::new("tests/seed/2024"), &out)
    };
    let outcome = report(&opts, forms(), &|_| {}).expect("report runs");
    assert_eq!(outcome.skipped, 0, "{:#?}", outcome.diagnostics());
    // Three files per project, the unit's combined .docx and .xlsx, index and manifest.
    assert_eq!(outcome.files_written, PROJECTS.len() * 3 + 2 + 2);
    out
}

fn golden(project: &str, actual: &str) {
    let path = Path::new("tests/golden").join(format!("{project}.tsv"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("golden folder");
        }
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("golden file exists");
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        assert_eq!(e, a, "{project}: row {} differs", i + 1);
    }
    assert_eq!(
        expected.lines().count(),
        actual.lines().count(),
        "{project}: row count"
    );
}

#[test]
fn docx_tables_match_the_published_form() {
    let out = render_pack("golden-docx");
    for project in PROJECTS {
        let bytes = std::fs::read(out.join(UNIT).join(format!("{project}.docx"))).unwrap();
        let tables = read_docx_tables(&bytes).unwrap();
        assert_eq!(tables.len(), 1, "{project}: one table");
        let cells: Vec<Anchor> = tables[0]
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.clone()))
            .collect();
        golden(project, &notation(&cells));
        let body = zip_part(&bytes, "word/document.xml").unwrap();
        assert!(
            body.contains(">财政项目支出绩效自评表<"),
            "{project}: title"
        );
        assert!(body.contains(">(2024年度)<"), "{project}: year line");
    }
}

#[test]
fn xlsx_sheets_match_the_published_form() {
    let out = render_pack("golden-xlsx");
    for project in PROJECTS {
        let bytes = std::fs::read(out.join(UNIT).join(format!("{project}.xlsx"))).unwrap();
        let sheets = read_all(&bytes).unwrap();
        assert_eq!(sheets.len(), 1);
        let sheet = &sheets[0];
        assert_eq!(data_text(sheet.cell(0, 0)), "财政项目支出绩效自评表");
        assert_eq!(data_text(sheet.cell(1, 0)), "(2024年度)");
        golden(project, &notation(&xlsx_cells(&bytes, 2, data_text)));
    }
}

/// A number's value as text (`86.19%` → `0.8619`, `10.00` → `10`), `None`
/// for text that is not a number.
fn number_value(text: &str) -> Option<String> {
    let (number, scale) = match text.strip_suffix('%') {
        Some(n) => (n, 100.0),
        None => (text, 1.0),
    };
    let v: f64 = number.parse().ok()?;
    Some(format!("{}", ((v / scale) * 1e8).round() / 1e8))
}

#[test]
fn numbers_are_numbers_and_targets_are_text_in_xlsx() {
    let out = render_pack("golden-types");
    let bytes = std::fs::read(out.join(UNIT).join(format!("{}.xlsx", PROJECTS[1]))).unwrap();
    let sheet = &read_all(&bytes).unwrap()[0];
    // 年度资金总额 row: 118.00, 117.94, 117.94, 10.00, 100.00, 10.00 as numbers.
    let row = 2 + 3;
    for (col, expected) in [
        (2, 118.0),
        (3, 117.94),
        (4, 117.94),
        (5, 10.0),
        (6, 100.0),
        (7, 10.0),
    ] {
        assert_eq!(
            sheet.cell(row, col),
            &calamine::Data::Float(expected),
            "col {col}"
        );
    }
    let targets: Vec<String> = (0..sheet.cells.len())
        .map(|r| data_text(sheet.cell(r, 3)))
        .filter(|t| t.starts_with('=') || t.starts_with('≥'))
        .collect();
    assert!(targets.contains(&"=100(%)".to_string()), "{targets:?}");
    assert!(targets.contains(&"≥90(%)".to_string()), "{targets:?}");
}

#[test]
fn two_runs_give_identical_bytes() {
    let a = render_pack("determinism-a");
    let b = render_pack("determinism-b");
    for project in PROJECTS {
        for ext in ["docx", "xlsx", "html"] {
            let file = PathBuf::from(UNIT).join(format!("{project}.{ext}"));
            let x = std::fs::read(a.join(&file)).unwrap();
            let y = std::fs::read(b.join(&file)).unwrap();
            assert!(x == y, "{} differs between runs", file.display());
        }
    }
}

#[test]
fn national_form_differs_where_the_template_says() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden-national");
    let opts = Options {
        pdf: PdfChoice::Off,
        ..Options::new(2024, Path::new("tests/seed/2024"), &out)
    };
    report(&opts, &Catalog::load(Some("national")).unwrap(), &|_| {}).expect("report runs");
    let bytes = std::fs::read(out.join(UNIT).join("托育中心经费.docx")).unwrap();
    let cells = &read_docx_tables(&bytes).unwrap()[0];
    let text_at = |r: usize, c: usize| {
        cells
            .iter()
            .find(|x| x.row == r && x.col == c)
            .map(|x| x.text.clone())
            .unwrap_or_default()
    };
    assert_eq!(text_at(2, 6), "分值", "分值 instead of 分数");
    assert_eq!(text_at(2, 7), "执行率", "执行率 without (%)");
    assert_eq!(text_at(4, 6), "—", "— where a cell does not apply");
    assert_eq!(text_at(9, 0), "绩效指标", "the 绩效指标 column");
    assert!(
        cells.iter().all(|c| c.text != "评分等级"),
        "no 评分等级 row"
    );
    let last = cells.iter().map(|c| c.row).max().unwrap();
    assert_eq!(text_at(last, 0), "总分");
    assert_eq!(text_at(last, 7), "92", "numbers as written");
    let body = zip_part(&bytes, "word/document.xml").unwrap();
    assert!(body.contains(">项目支出绩效自评表<"), "national title");
}

#[test]
fn html_preview_shows_the_same_cells_and_spans() {
    let out = render_pack("golden-html");
    for project in PROJECTS {
        let docx = std::fs::read(out.join(UNIT).join(format!("{project}.docx"))).unwrap();
        let cells = &read_docx_tables(&docx).unwrap()[0];
        let html = std::fs::read_to_string(out.join(UNIT).join(format!("{project}.html"))).unwrap();
        assert_eq!(html.matches("<td").count(), cells.len(), "{project}: cells");
        for span in [2, 3, 4, 5, 6, 7, 8] {
            let rows = cells.iter().filter(|c| c.rowspan == span).count();
            let cols = cells.iter().filter(|c| c.colspan == span).count();
            assert_eq!(
                html.matches(&format!("rowspan=\"{span}\"")).count(),
                rows,
                "{project}"
            );
            assert_eq!(
                html.matches(&format!("colspan=\"{span}\"")).count(),
                cols,
                "{project}"
            );
        }
        assert!(html.contains("<meta charset=\"utf-8\" />"));
        assert!(html.contains(&format!("<title>{project}</title>")));
        check_html_markup(&html, project);
    }
}

/// The page parses as XML, every cell has a class with a rule in the page's style
/// sheet and no inline style, and text cells keep their words.
fn check_html_markup(html: &str, project: &str) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(html);
    let mut classes = Vec::new();
    let mut style_sheet = String::new();
    let mut in_style = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.local_name();
                in_style = name.as_ref() == "style";
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|err| panic!("{project}: bad attribute: {err}"));
                    if name.as_ref() == "td" {
                        let key = a.key.local_name();
                        assert_ne!(key.as_ref(), "style", "{project}: inline style");
                        if key.as_ref() == "class" {
                            let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0);
                            classes.push(value.unwrap().into_owned());
                        }
                    }
                }
            }
            Ok(Event::Text(t)) if in_style => style_sheet.push_str(&t.xml10_content()),
            Ok(Event::End(_)) => in_style = false,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{project}: not well-formed at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert!(!classes.is_empty(), "{project}");
    for class in &classes {
        let rule = style_sheet
            .lines()
            .find(|l| l.starts_with(&format!(".{class} {{")))
            .unwrap_or_else(|| panic!("{project}: no rule for {class}"));
        assert!(
            rule.contains("font-family: '宋体', 'SimSun', serif;")
                && rule.contains("font-size: 9pt;"),
            "{project}: {rule}"
        );
    }
    assert!(html.contains(">项目名称</td>"), "{project}");
}

#[test]
fn a_form_folder_is_a_new_form_without_code() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("custom-form");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for file in ["form.yaml", "table.xhtml.j2"] {
        let text = std::fs::read_to_string(Path::new("templates/shanghai").join(file)).unwrap();
        let text = text.replace(">财政项目支出绩效自评表<", ">某区财政项目支出绩效自评表<");
        std::fs::write(dir.join(file), text).unwrap();
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden-custom");
    let opts = Options {
        pdf: PdfChoice::Off,
        ..Options::new(2024, Path::new("tests/seed/2024"), &out)
    };
    report(
        &opts,
        &Catalog::load(Some(&dir.display().to_string())).unwrap(),
        &|_| {},
    )
    .expect("report runs");
    let bytes = std::fs::read(out.join(UNIT).join("托育中心经费.docx")).unwrap();
    let body = zip_part(&bytes, "word/document.xml").unwrap();
    assert!(body.contains(">某区财政项目支出绩效自评表<"));
    let cells = &read_docx_tables(&bytes).unwrap()[0];
    let shanghai = std::fs::read_to_string("tests/golden/托育中心经费.tsv").unwrap();
    let slots: Vec<Anchor> = cells
        .iter()
        .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.clone()))
        .collect();
    assert_eq!(
        notation(&slots),
        shanghai,
        "same table as the built-in form"
    );
}

/// A part of an Office package, as text.
fn part(package: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The numbers in `s` after each `key="`.
fn attr_values<'a>(s: &'a str, key: &str) -> Vec<&'a str> {
    s.split(&format!("{key}=\"")[..])
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// The row number (1-based) of a cell reference such as `A17`.
fn row_of(cell: &str) -> u32 {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '$')
        .parse()
        .unwrap()
}

#[test]
fn printed_xlsx_repeats_the_header_and_breaks_pages_between_groups() {
    let out = render_pack("golden-print");
    let mut breaks = 0;
    for project in PROJECTS {
        let bytes = std::fs::read(out.join(UNIT).join(format!("{project}.xlsx"))).unwrap();
        let workbook = part(&bytes, "xl/workbook.xml");
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        // The indicator header row is repeated at the top of every later page.
        let titles = workbook
            .split("_xlnm.Print_Titles")
            .nth(1)
            .and_then(|t| t.split('!').nth(1))
            .and_then(|t| t.split('<').next())
            .unwrap_or_else(|| panic!("{project}: no print titles"));
        let header = row_of(titles.split(':').next().unwrap());
        let xlsx = read_all(&bytes).unwrap();
        assert_eq!(
            data_text(xlsx[0].cell(header as usize - 1, 0)),
            "一级指标",
            "{project}: row {header} is the indicator header"
        );
        // No page break cuts a merged cell, nor leaves the header at a page's end.
        let merge_cells = sheet.split("<mergeCells").nth(1).unwrap_or("");
        let merged: Vec<(u32, u32)> = attr_values(merge_cells, "ref")
            .into_iter()
            .filter_map(|r| r.split_once(':'))
            .map(|(a, b)| (row_of(a), row_of(b)))
            .collect();
        for brk in attr_values(sheet.split("<rowBreaks").nth(1).unwrap_or(""), "id") {
            let last_on_page: u32 = brk.parse().unwrap();
            breaks += 1;
            for (first, last) in &merged {
                assert!(
                    !(*first <= last_on_page && last_on_page < *last),
                    "{project}: the break after row {last_on_page} cuts rows {first}–{last}"
                );
            }
            assert_ne!(
                last_on_page, header,
                "{project}: header alone at a page's end"
            );
        }
    }
    assert!(breaks > 0, "the longer seed tables run onto a second page");
}

#[test]
fn word_rows_keep_with_the_next_inside_a_group_and_after_the_header() {
    let out = render_pack("golden-keep");
    for project in PROJECTS {
        let bytes = std::fs::read(out.join(UNIT).join(format!("{project}.docx"))).unwrap();
        let body = part(&bytes, "word/document.xml");
        let rows: Vec<&str> = body.split("<w:tr>").skip(1).collect();
        let kept = |row: &str| row.contains("<w:keepNext");
        // A row whose next row continues a vertical merge keeps with it: the page
        // never breaks through a merged cell.
        for (i, pair) in rows.windows(2).enumerate() {
            let continues = pair[1]
                .split("<w:vMerge")
                .skip(1)
                .any(|m| !m.starts_with(" w:val=\"restart\""));
            if continues {
                assert!(
                    kept(pair[0]),
                    "{project}: row {} is not kept with {}",
                    i + 1,
                    i + 2
                );
            }
        }
        let header = rows.iter().find(|r| r.contains(">三级指标<")).unwrap();
        assert!(
            kept(header),
            "{project}: the header keeps with the first group"
        );
        let total = rows.iter().find(|r| r.contains(">总分<")).unwrap();
        assert!(!kept(total), "{project}: 总分 stands alone");
    }
}

/// Every table jixiao lays out: the seed, each shipped form's example, and
/// 200 synthetic projects, each with its form.
fn laid_out_tables() -> Vec<(String, jixiao::layout::Grid)> {
    let mut files: Vec<(String, PathBuf)> = PROJECTS
        .iter()
        .map(|p| {
            (
                "shanghai".to_string(),
                PathBuf::from(format!("tests/seed/2024/{p}.yaml")),
            )
        })
        .collect();
    for entry in std::fs::read_dir("tests/forms").unwrap() {
        let dir = entry.unwrap().path();
        let form = dir.file_name().unwrap().to_string_lossy().to_string();
        for f in std::fs::read_dir(&dir).unwrap() {
            files.push((form.clone(), f.unwrap().path()));
        }
    }
    let synth_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden-synth");
    let _ = std::fs::remove_dir_all(&synth_dir);
    std::fs::create_dir_all(&synth_dir).unwrap();
    let synth = jixiao::synth::Synth::new().unwrap();
    for i in 0..200 {
        let file = synth_dir.join(format!("s{i:03}.yaml"));
        std::fs::write(&file, synth.project_yaml(7, i, 20, 2024)).unwrap();
        files.push(("shanghai".to_string(), file));
    }
    let mut out = Vec::new();
    for (form, file) in files {
        let checked = jixiao::pipeline::check_file(&file, forms());
        let scored = checked
            .scored
            .unwrap_or_else(|| panic!("{}", file.display()));
        let f = forms().get(&form).unwrap();
        let grid = jixiao::layout::lay_out(f, &scored, 2024).unwrap();
        out.push((format!("{form} {}", file.display()), grid));
    }
    out
}

/// Wrapping comes from the column widths: every value with its unit fits its
/// column on one line and no label leaves one character alone on its last
/// line (as Word, the spreadsheet and the PDF wrap by the same widths).
#[test]
fn values_fit_their_columns_and_labels_leave_no_orphan() {
    use jixiao::layout::widths::line_fits;
    let mut widened = 0;
    for (what, grid) in laid_out_tables() {
        let [_, right, _, left] = grid.page.cell_margins_mm;
        for cell in grid.cells.iter().filter(|c| c.colspan == 1) {
            let style = grid.style(&cell.class);
            let inner_pt = (grid.columns[cell.col] - left - right) * 72.0 / 25.4;
            for line in cell.content.text().split('\n') {
                assert!(
                    line_fits(line, style, inner_pt),
                    "{what}: {line:?} breaks badly in a column of {inner_pt:.1} pt"
                );
            }
        }
        // The table stays within the page.
        assert!(
            grid.width_mm() <= grid.page.usable_width_mm() + 0.01,
            "{what}"
        );
        widened += usize::from(grid.columns.iter().any(|w| w.fract() != 0.0));
    }
    assert!(
        widened > 0,
        "no column was ever widened: the test tests nothing"
    );
}

/// Cell text is the table's text: no `.docx` jixiao writes has a line break
/// inside a cell (`w:br`); a line of the input is one paragraph, whole.
#[test]
fn word_writes_no_line_break_of_its_own() {
    let mut docs = 0;
    let seed = render_pack("golden-no-br");
    let mut packs = vec![seed];
    for entry in std::fs::read_dir("tests/forms").unwrap() {
        let dir = entry.unwrap().path();
        let form = dir.file_name().unwrap().to_string_lossy().to_string();
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("golden-no-br-{form}"));
        let opts = Options {
            pdf: PdfChoice::Off,
            ..Options::new(2024, &dir, &out)
        };
        let own = Catalog::load(Some(&form)).unwrap();
        report(&opts, &own, &|_| {}).expect("report runs");
        packs.push(out);
    }
    for pack in packs {
        for file in common::walk(&pack) {
            if file.extension().is_some_and(|e| e == "docx") {
                let body = part(&std::fs::read(&file).unwrap(), "word/document.xml");
                assert!(!body.contains("<w:br"), "{}", file.display());
                docs += 1;
            }
        }
    }
    assert!(docs >= 15, "{docs} documents");
}

/// Every example under `tests/forms/<form>/`, typed in that form's family layout,
/// rendered with its form and compared with `tests/golden/forms/<form>/<project>.tsv`,
/// from the `.docx` and from the `.xlsx` alike.
#[test]
fn every_shipped_form_prints_its_family_example() {
    for entry in std::fs::read_dir("tests/forms").unwrap() {
        let dir = entry.unwrap().path();
        let form = dir.file_name().unwrap().to_string_lossy().to_string();
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("golden-form-{form}"));
        let opts = Options {
            strict: true,
            pdf: PdfChoice::Off,
            ..Options::new(2024, &dir, &out)
        };
        let outcome =
            report(&opts, &Catalog::load(Some(&form)).unwrap(), &|_| {}).expect("report runs");
        assert_eq!(outcome.skipped, 0, "{form}: {:#?}", outcome.diagnostics());
        for file in common::files(&out).keys().filter(|p| p.ends_with(".docx")) {
            let stem = file.rsplit('/').next().unwrap().trim_end_matches(".docx");
            if !dir.join(format!("{stem}.yaml")).is_file() {
                continue; // the unit's combined document
            }
            let golden_name = format!("forms/{form}/{stem}");
            let bytes = std::fs::read(out.join(file)).unwrap();
            let tables = read_docx_tables(&bytes).unwrap();
            let cells: Vec<Anchor> = tables[0]
                .iter()
                .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.clone()))
                .collect();
            golden(&golden_name, &notation(&cells));
            // The workbook holds the same cells; its numbers are stored values
            // (86.19% as 0.8619), compared by value.
            let xlsx = std::fs::read(out.join(file.replace(".docx", ".xlsx"))).unwrap();
            // The title lines above the table are rows of the sheet.
            let headings = std::fs::read_to_string(format!("templates/{form}/table.xhtml.j2"))
                .unwrap()
                .matches("<p class=")
                .count();
            let by_value = |cells: Vec<Anchor>| -> Vec<Anchor> {
                cells
                    .into_iter()
                    .map(|(r, c, rs, cs, t)| (r, c, rs, cs, number_value(&t).unwrap_or(t)))
                    .collect()
            };
            assert_eq!(
                notation(&by_value(xlsx_cells(&xlsx, headings, |d| match d {
                    Data::Float(f) => f.to_string(),
                    other => data_text(other),
                }))),
                notation(&by_value(cells)),
                "{golden_name}.xlsx"
            );
        }
    }
}

/// A province's form made as the README says: the national folder copied, its
/// printing and one label edited in the files, no code.
#[test]
fn a_copied_and_edited_form_prints_as_edited() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edited-form");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = std::fs::read_to_string("templates/national/form.yaml")
        .unwrap()
        .replace("name: national", "name: 某省")
        .replace("places: as_written", "places: 2")
        .replace("rate: percent", "rate: number");
    std::fs::write(dir.join("form.yaml"), spec).unwrap();
    let template = std::fs::read_to_string("templates/national/table.xhtml.j2")
        .unwrap()
        .replace("其中:当年财政拨款", "其中:本年财政拨款")
        .replace(">执行率<", ">执行率(%)<");
    std::fs::write(dir.join("table.xhtml.j2"), template).unwrap();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edited-form-out");
    let opts = Options {
        strict: true,
        pdf: PdfChoice::Off,
        ..Options::new(2024, Path::new("tests/forms/national"), &out)
    };
    report(
        &opts,
        &Catalog::load(Some(&dir.display().to_string())).unwrap(),
        &|_| {},
    )
    .expect("report runs");
    let file = common::files(&out)
        .into_keys()
        .find(|p| p.ends_with("农村饮水安全巩固提升工程.docx"))
        .unwrap();
    let tables = read_docx_tables(&std::fs::read(out.join(file)).unwrap()).unwrap();
    let rows: Vec<Vec<String>> = (0..4)
        .map(|r| {
            let mut cells: Vec<_> = tables[0].iter().filter(|c| c.row == 2 + r).collect();
            cells.sort_by_key(|c| c.col);
            cells.iter().map(|c| c.text.clone()).collect()
        })
        .collect();
    assert_eq!(rows[0][6], "执行率(%)");
    // Rows under the 项目资金 label start at the row label.
    let total = [
        "年度资金总额",
        "500.00",
        "480.00",
        "413.70",
        "10.00",
        "86.19",
        "8.62",
    ];
    assert_eq!(rows[1], total);
    assert_eq!(rows[2][0], "其中:本年财政拨款");
    assert_eq!(rows[2][5], "88.49");
}

/// A form that adds a field: `fields:` in its form.yaml makes the word an input
/// key and a template variable; the table prints what the unit wrote, or an
/// empty cell; a word no form declares is still an unknown key.
#[test]
fn a_field_a_form_adds_is_read_and_printed() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("field-form");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = std::fs::read_to_string("templates/national/form.yaml").unwrap();
    std::fs::write(
        dir.join("form.yaml"),
        spec.replace("print:", "fields: [其他需要说明事项]\nprint:"),
    )
    .unwrap();
    let row = "<tr><td colspan=\"2\" class=\"label\">其他需要说明事项</td><td colspan=\"7\" class=\"text\">{{ fields[\"其他需要说明事项\"] }}</td></tr>\n<tr><td colspan=\"6\" class=\"head\">总分</td>";
    let template = std::fs::read_to_string("templates/national/table.xhtml.j2")
        .unwrap()
        .replace("<tr><td colspan=\"6\" class=\"head\">总分</td>", row);
    std::fs::write(dir.join("table.xhtml.j2"), template).unwrap();
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let example =
        std::fs::read_to_string("tests/forms/national/农村饮水安全巩固提升工程.yaml").unwrap();
    let with_note = example.replace("表式: national\n", "")
        + "其他需要说明事项: 结余资金 66.3 万元已按规定收回财政。\n";
    std::fs::write(inputs.join("有说明.yaml"), &with_note).unwrap();
    std::fs::write(
        inputs.join("无说明.yaml"),
        example
            .replace("表式: national\n", "")
            .replace("农村饮水安全巩固提升工程", "农村饮水工程二期"),
    )
    .unwrap();
    let out = dir.join("out");
    let opts = Options {
        strict: true,
        pdf: PdfChoice::Off,
        ..Options::new(2024, &inputs, &out)
    };
    let outcome = report(
        &opts,
        &Catalog::load(Some(&dir.display().to_string())).unwrap(),
        &|_| {},
    )
    .expect("report runs");
    assert_eq!(outcome.skipped, 0, "{:#?}", outcome.diagnostics());
    let note_row = |project: &str| -> Vec<String> {
        let file = common::files(&out)
            .into_keys()
            .find(|p| p.ends_with(&format!("{project}.docx")))
            .unwrap();
        let cells = &read_docx_tables(&std::fs::read(out.join(file)).unwrap()).unwrap()[0];
        let r = cells
            .iter()
            .find(|c| c.text == "其他需要说明事项")
            .unwrap()
            .row;
        let mut row: Vec<_> = cells.iter().filter(|c| c.row == r).collect();
        row.sort_by_key(|c| c.col);
        row.iter().map(|c| c.text.clone()).collect()
    };
    assert_eq!(
        note_row("农村饮水安全巩固提升工程"),
        ["其他需要说明事项", "结余资金 66.3 万元已按规定收回财政。"]
    );
    assert_eq!(note_row("农村饮水工程二期"), ["其他需要说明事项", ""]);

    // Read with the form's words, the field is the project's; written back as
    // YAML (init, import) it reads back the same.
    let words = jixiao::input::Words {
        fields: vec!["其他需要说明事项".to_string()],
        ..Default::default()
    };
    let (project, diags) =
        jixiao::input::yaml::load_str(Path::new("有说明.yaml"), &with_note, &words);
    assert!(
        diags
            .iter()
            .all(|d| d.severity != jixiao::diag::Severity::Error),
        "{diags:#?}"
    );
    let project = project.unwrap();
    assert_eq!(
        project.fields["其他需要说明事项"].value,
        "结余资金 66.3 万元已按规定收回财政。"
    );
    let again = jixiao::input::emit::project_yaml(&project, &words.vocab);
    let (back, _) = jixiao::input::yaml::load_str(Path::new("again.yaml"), &again, &words);
    assert_eq!(
        back.unwrap().fields["其他需要说明事项"].value,
        project.fields["其他需要说明事项"].value
    );
    // A form's word never takes the place of a key every table has.
    let clash = jixiao::input::Words {
        fields: vec!["项目名称".to_string(), "其他需要说明事项".to_string()],
        ..Default::default()
    };
    let (p, _) = jixiao::input::yaml::load_str(Path::new("x.yaml"), &with_note, &clash);
    let p = p.unwrap();
    assert_eq!(p.name.value, "农村饮水安全巩固提升工程");
    assert_eq!(p.fields.len(), 1);
    // Without the form's words it is an unknown key, as before.
    let (_, diags) =
        jixiao::input::yaml::load_str(Path::new("有说明.yaml"), &with_note, &Default::default());
    assert!(diags.iter().any(|d| d.code == "E0102"), "{diags:#?}");
}

/// A table typed with its form's own words (sichuan: 预算执行情况, 总额, 调整后预算数,
/// 权重, 指标性质 | 指标值 | 度量单位, 完成值, 合计…) loads to the same project as the
/// one typed with the common keys.
#[test]
fn a_table_typed_in_its_forms_own_words_is_the_same_project() {
    let forms = jixiao::form::Catalog::builtin().unwrap();
    let load = |file: &str| {
        let c = jixiao::pipeline::check_file(Path::new(file), &forms);
        let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        let yaml =
            jixiao::input::emit::project_yaml(&c.scored.unwrap().project, &forms.words().vocab);
        // All but the line naming the file it came from.
        yaml.lines()
            .filter(|l| !l.starts_with("# 导入自"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let common = load("tests/forms/sichuan/51000024R000000012345-基层医疗机构运行补助.yaml");
    let own = load("tests/fixtures/own-words/sichuan.yaml");
    assert_eq!(own, common);
    assert!(common.contains("年度指标值: \"≥320家\""), "{common}");
}
