//! Renders a hand-built grid to xlsx and reads it back with calamine.

#[path = "common/xlsx_read.rs"]
mod xlsx_read;

use std::collections::BTreeMap;

use calamine::Data;
use jixiao::layout::{Cell, Content, Grid, HAlign, Heading, Meta, Page, Slot, Style};
use jixiao::render::xlsx::render_xlsx;
use jixiao::render::RenderError;

const LONG_TEXT: &str = "目标1：按时完成年度既定的全部建设任务，保障项目资金安全、规范、有效使用，提高财政资金使用效益。\n目标2：完成设备购置与安装调试，服务对象满意度达到90%以上，形成可复制、可推广的经验做法。\n目标3：建立健全项目管理制度，确保项目实施过程规范透明。";

fn text(row: usize, col: usize, rowspan: usize, colspan: usize, t: &str, class: &str) -> Cell {
    Cell {
        row,
        col,
        rowspan,
        colspan,
        content: Content::Text(t.to_string()),
        class: class.to_string(),
        fill: Default::default(),
    }
}

fn number(row: usize, col: usize, colspan: usize, t: &str, places: u32) -> Cell {
    Cell {
        row,
        col,
        rowspan: 1,
        colspan,
        content: Content::Number {
            text: t.to_string(),
            places,
            percent: false,
            exact: None,
        },
        class: "num".to_string(),
        fill: Default::default(),
    }
}

/// Fills `slots` from the cells' spans.
fn slots(cells: &[Cell], rows: usize, cols: usize) -> Vec<Vec<Slot>> {
    let mut slots = vec![vec![None; cols]; rows];
    for (i, c) in cells.iter().enumerate() {
        for (r, row) in slots.iter_mut().enumerate().skip(c.row).take(c.rowspan) {
            for (k, slot) in row.iter_mut().enumerate().skip(c.col).take(c.colspan) {
                assert!(slot.is_none(), "overlap at {r},{k}");
                *slot = Some(if r == c.row && k == c.col {
                    Slot::Anchor(i)
                } else {
                    Slot::Covered(i)
                });
            }
        }
    }
    slots
        .into_iter()
        .map(|row| row.into_iter().map(|s| s.expect("slot filled")).collect())
        .collect()
}

fn sample_grid() -> Grid {
    let cells = vec![
        // Row 0
        text(0, 0, 1, 2, "项目名称", "cell"),
        text(0, 2, 1, 6, "某某县农村饮水安全巩固提升工程", "left"),
        // Row 1..3: a label spanning three rows at column 0
        text(1, 0, 3, 1, "年度资金\n情况（万元）", "cell"),
        text(1, 1, 1, 1, "", "cell"),
        text(1, 2, 1, 2, "年初预算数", "cell"),
        text(1, 4, 1, 1, "全年执行数", "cell"),
        text(1, 5, 1, 1, "分值", "cell"),
        text(1, 6, 1, 1, "执行率", "cell"),
        text(1, 7, 1, 1, "得分", "cell"),
        text(2, 1, 1, 1, "年度资金总额", "cell"),
        number(2, 2, 2, "0.00", 2),
        number(2, 4, 1, "117.94", 2),
        number(2, 5, 1, "10", 0),
        text(2, 6, 1, 1, "=100.00(%)", "cell"),
        number(2, 7, 1, "10.00", 2),
        text(3, 1, 1, 1, "其中：当年财政拨款", "cell"),
        number(3, 2, 2, "1234.50", 2),
        number(3, 4, 1, "117.94", 2),
        text(3, 5, 1, 1, "—", "cell"),
        text(3, 6, 1, 1, "—", "cell"),
        text(3, 7, 1, 1, "—", "cell"),
        // Row 4: long multi-paragraph text
        text(4, 0, 1, 1, "年度总体目标", "cell"),
        text(4, 1, 1, 7, LONG_TEXT, "left"),
    ];
    let slots = slots(&cells, 5, 8);
    let mut styles = BTreeMap::new();
    styles.insert(
        "title".to_string(),
        Style {
            font: "方正小标宋简体".to_string(),
            size_pt: 16.0,
            bold: true,
            border: false,
            wrap: false,
            ..Style::default()
        },
    );
    styles.insert(
        "subtitle".to_string(),
        Style {
            border: false,
            wrap: false,
            ..Style::default()
        },
    );
    styles.insert("cell".to_string(), Style::default());
    styles.insert(
        "left".to_string(),
        Style {
            align: HAlign::Left,
            ..Style::default()
        },
    );
    styles.insert(
        "num".to_string(),
        Style {
            align: HAlign::Right,
            latin_font: "Times New Roman".to_string(),
            ..Style::default()
        },
    );
    Grid {
        meta: Meta {
            title: "某某县农村饮水安全巩固提升工程".to_string(),
            created: "2025-01-01T00:00:00Z".to_string(),
        },
        page: Page::default(),
        headings: vec![
            Heading {
                text: "财政项目支出绩效自评表".to_string(),
                class: "title".to_string(),
            },
            Heading {
                text: "（2024年度）".to_string(),
                class: "subtitle".to_string(),
            },
        ],
        columns: vec![22.0, 30.0, 20.0, 20.0, 22.0, 16.0, 22.0, 18.0],
        cells,
        slots,
        repeat: Vec::new(),
        styles,
    }
}

fn render_one(grid: &Grid) -> Vec<u8> {
    render_xlsx(&[("自评表", grid)]).expect("render")
}

/// Writes the sample workbook to `target/tmp/render_xlsx/sample.xlsx`, for looking
/// at it in a spreadsheet program, and checks that the file is a workbook with its
/// one sheet.
#[test]
fn writes_a_sample_to_look_at() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("render_xlsx");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sample.xlsx");
    std::fs::write(&path, render_one(&sample_grid())).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let sheet = xlsx_read::read_sheet(&bytes, "自评表").unwrap();
    assert_eq!(
        sheet.cell(0, 0),
        &Data::String("财政项目支出绩效自评表".into())
    );
}

#[test]
fn values_and_types_round_trip() {
    let grid = sample_grid();
    let bytes = render_one(&grid);
    let sheet = xlsx_read::read_sheet(&bytes, "自评表").unwrap();
    let top = grid.headings.len();

    // Headings on top, one row each, table right after (no blank row).
    assert_eq!(
        sheet.cell(0, 0),
        &Data::String("财政项目支出绩效自评表".into())
    );
    assert_eq!(sheet.cell(1, 0), &Data::String("（2024年度）".into()));
    assert_eq!(sheet.cells.len(), top + grid.row_count());

    for (r, row) in grid.slots.iter().enumerate() {
        for (c, slot) in row.iter().enumerate() {
            let got = sheet.cell(top + r, c);
            match slot {
                Slot::Covered(_) => assert_eq!(got, &Data::Empty, "covered {r},{c}"),
                Slot::Anchor(i) => match &grid.cells[*i].content {
                    Content::Text(t) if t.is_empty() => {
                        assert!(
                            matches!(got, Data::Empty) || got == &Data::String(String::new()),
                            "empty text at {r},{c}: {got:?}"
                        )
                    }
                    Content::Text(t) => {
                        assert_eq!(got, &Data::String(t.clone()), "text at {r},{c}")
                    }
                    Content::Number { text, .. } => {
                        let want: f64 = text.parse().unwrap();
                        assert_eq!(got, &Data::Float(want), "number at {r},{c}")
                    }
                },
            }
        }
    }

    let rows = sheet.text_rows();
    assert_eq!(rows[top + 2][2], "0.00");
    assert_eq!(rows[top + 2][4], "117.94");
    assert_eq!(rows[top + 2][6], "=100.00(%)");
    assert_eq!(rows[top + 3][2], "1234.50");
}

#[test]
fn text_is_never_a_formula_and_number_formats_exist() {
    let bytes = render_one(&sample_grid());
    let xml = xlsx_read::sheet_xml(&bytes, 0).unwrap();
    assert!(
        !xml.contains("<f>") && !xml.contains("<f "),
        "sheet has a formula"
    );
    let styles = xlsx_read::zip_entry(&bytes, "xl/styles.xml").unwrap();
    assert!(styles.contains(r#"formatCode="0.00""#), "{styles}");
    assert!(styles.contains("宋体"));
    assert!(styles.contains(r#"<charset val="134"/>"#));
    // Page setup: A4, fit to one page wide, centred.
    assert!(xml.contains(r#"paperSize="9""#), "{xml}");
    assert!(xml.contains(r#"fitToHeight="0""#), "{xml}");
    assert!(xml.contains(r#"horizontalCentered="1""#), "{xml}");
    assert!(xml.contains(r#"orientation="portrait""#), "{xml}");
}

#[test]
fn merged_ranges_match_spans() {
    let grid = sample_grid();
    let bytes = render_one(&grid);
    let sheet = xlsx_read::read_sheet(&bytes, "自评表").unwrap();
    let top = grid.headings.len() as u32;
    let last_col = grid.col_count() as u32 - 1;

    let mut want: Vec<xlsx_read::Merge> = (0..top).map(|r| (r, 0, r, last_col)).collect();
    for c in &grid.cells {
        if c.rowspan > 1 || c.colspan > 1 {
            want.push((
                top + c.row as u32,
                c.col as u32,
                top + (c.row + c.rowspan - 1) as u32,
                (c.col + c.colspan - 1) as u32,
            ));
        }
    }
    want.sort_unstable();
    assert_eq!(sheet.merged, want);
    assert!(sheet.merged.contains(&(top + 1, 0, top + 3, 0)));
}

#[test]
fn long_text_rows_are_taller() {
    let grid = sample_grid();
    let bytes = render_one(&grid);
    let xml = xlsx_read::sheet_xml(&bytes, 0).unwrap();
    let heights = xlsx_read::row_heights(&xml);
    let top = grid.headings.len() as u32;

    // The title (16 pt) is taller than the subtitle.
    assert!(heights[&0] > heights[&1], "{heights:?}");
    // Every table row is at least the minimum.
    for r in 0..grid.row_count() as u32 {
        assert!(heights[&(top + r)] >= 20.0, "{heights:?}");
    }
    // Three paragraphs, each wrapping over a 150 mm wide cell: well above
    // three lines of 10.5 pt text.
    let long = heights[&(top + 4)];
    assert!(long > 3.0 * 10.5 * 1.35 + 4.0, "{heights:?}");
    assert!(long > heights[&(top + 2)], "{heights:?}");
}

#[test]
fn row_spanning_text_spreads_its_height() {
    let mut grid = sample_grid();
    // Make the three-row label need far more than three minimal rows.
    grid.cells[2].content = Content::Text("年度资金情况（万元）".repeat(6));
    let bytes = render_one(&grid);
    let heights = xlsx_read::row_heights(&xlsx_read::sheet_xml(&bytes, 0).unwrap());
    let top = grid.headings.len() as u32;
    let spanned: f64 = (1..=3).map(|r| heights[&(top + r)]).sum();
    // 60 CJK characters in a 22 mm column (11 half-width units, so 5
    // characters per line) → 12 lines; ask for at least 11.
    let need = 11.0 * 10.5 * 1.35 + 4.0;
    assert!(spanned >= need - 1.0, "{spanned} < {need}: {heights:?}");
    // The extra is spread evenly: rows 1 and 2 had the same base height
    // (row 3 is taller already, its label wraps over two lines).
    assert!((heights[&(top + 1)] - heights[&(top + 2)]).abs() < 1.0);
    assert!(heights[&(top + 3)] > heights[&(top + 1)]);
    assert!(heights[&(top + 1)] > 20.0);
}

#[test]
fn renders_are_byte_identical() {
    let grid = sample_grid();
    let a = render_one(&grid);
    let b = render_one(&grid);
    assert!(a == b, "two renders differ");
    let core = xlsx_read::zip_entry(&a, "docProps/core.xml").unwrap();
    assert!(core.contains("2025-01-01T00:00:00Z"), "{core}");
    assert!(core.contains("某某县农村饮水安全巩固提升工程"), "{core}");

    let mut later = grid.clone();
    later.meta.created = "2025-06-30T12:00:00Z".to_string();
    assert!(render_one(&later) != a);
}

#[test]
fn several_sheets_in_order() {
    let grid = sample_grid();
    let mut landscape = grid.clone();
    landscape.page.landscape = true;
    let bytes = render_xlsx(&[("项目一", &grid), ("项目二", &landscape)]).unwrap();
    assert_eq!(
        xlsx_read::sheet_names(&bytes).unwrap(),
        vec!["项目一".to_string(), "项目二".to_string()]
    );
    let all = xlsx_read::read_all(&bytes).unwrap();
    assert_eq!(all[0].cells, all[1].cells);
    assert!(xlsx_read::sheet_xml(&bytes, 1)
        .unwrap()
        .contains(r#"orientation="landscape""#));
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let grid = sample_grid();
    for name in ["a[b]", "", &"长".repeat(32)] {
        let err = render_xlsx(&[(name, &grid)]).unwrap_err();
        let RenderError::Write { format, .. } = err;
        assert_eq!(format, "xlsx");
    }
    assert!(render_xlsx(&[("同名", &grid), ("同名", &grid)]).is_err());
    assert!(render_xlsx(&[]).is_err());

    let mut bad = grid.clone();
    bad.cells[10].content = Content::Number {
        text: "n/a".to_string(),
        places: 2,
        percent: false,
        exact: None,
    };
    let err = render_xlsx(&[("s", &bad)]).unwrap_err();
    assert!(err.to_string().contains("n/a"), "{err}");

    let mut bad_time = grid.clone();
    bad_time.meta.created = "yesterday".to_string();
    assert!(render_xlsx(&[("s", &bad_time)]).is_err());
}

/// The style index (`s`) of every cell of the first sheet, by reference.
fn cell_styles(xlsx: &[u8]) -> (BTreeMap<String, usize>, Vec<bool>) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let (sheet, styles) = (part("xl/worksheets/sheet1.xml"), part("xl/styles.xml"));
    let attr = |tag: &str, name: &str| {
        tag.split(&format!(" {name}=\"")[..])
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_string)
    };
    let cells = sheet
        .split("<c ")
        .skip(1)
        .filter_map(|c| {
            let tag = format!(" {}", c.split('>').next()?);
            Some((
                attr(&tag, "r")?,
                attr(&tag, "s").map_or(0, |s| s.parse().unwrap()),
            ))
        })
        .collect();
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap();
    let quoted = xfs
        .split("<xf ")
        .skip(1)
        .map(|xf| xf.split('>').next().unwrap().contains("quotePrefix=\"1\""))
        .collect();
    (cells, quoted)
}

#[test]
fn text_that_looks_like_a_formula_carries_the_quote_prefix() {
    let xlsx = render_one(&sample_grid());
    let (cells, quoted) = cell_styles(&xlsx);
    // The sample's table starts below its two heading rows.
    let q = |r: &str| quoted[cells[r]];
    assert!(q("G5"), "=100.00(%) keeps its quote prefix");
    assert!(!q("E5"), "a number has none");
    assert!(!q("C3"), "a label has none");
    assert!(!q("F6"), "a dash (—) is text already");
}

/// The unit's 汇总 sheet gives a project name that looks like a formula the
/// quote prefix too, so that editing the cell keeps it text.
#[test]
fn the_summary_sheet_quotes_a_name_that_looks_like_a_formula() {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("summary-quote");
    let _ = std::fs::remove_dir_all(&root);
    let inputs = root.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    let named = seed.replace("项目名称: 托育中心经费", "项目名称: \"=HYPERLINK(1)\"");
    std::fs::write(inputs.join("t.yaml"), named).unwrap();
    let out = root.join("out");
    let opts = jixiao::pack::Options {
        pdf: jixiao::pack::PdfChoice::Off,
        ..jixiao::pack::Options::new(2024, &inputs, &out)
    };
    let forms = jixiao::form::Catalog::builtin().unwrap();
    let outcome = jixiao::pack::report(&opts, &forms, &|_| {}).unwrap();
    assert_eq!(outcome.rendered, 1, "{:#?}", outcome.diagnostics());
    let combined = out
        .join("上海市闵行区托育服务指导中心")
        .join("2024年度项目支出绩效自评表.xlsx");
    let (cells, quoted) = cell_styles(&std::fs::read(combined).unwrap());
    assert!(quoted[cells["B3"]], "the name in the 汇总 sheet");
    assert!(!quoted[cells["B2"]], "a heading");
}

/// A text longer than an Excel cell holds (a table published with its E0110
/// accepted) is cut with a note in the workbooks, never a failed unit.
#[test]
fn a_text_longer_than_a_cell_is_cut_with_a_note_not_a_failure() {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cell-limit");
    let _ = std::fs::remove_dir_all(&root);
    let inputs = root.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    let long = "说明".repeat(20_000);
    let text = seed.replace(
        "偏差原因分析及改进措施: 2024 年度无机构新开办, 此费用用于年检回头看。",
        &format!("偏差原因分析及改进措施: {long}"),
    );
    std::fs::write(inputs.join("t.yaml"), text).unwrap();
    let out = root.join("out");
    let opts = jixiao::pack::Options {
        pdf: jixiao::pack::PdfChoice::Off,
        ..jixiao::pack::Options::new(2024, &inputs, &out)
    };
    let forms = jixiao::form::Catalog::builtin()
        .unwrap()
        .with_accepted(vec![jixiao::diag::Code::E0110]);
    let outcome = jixiao::pack::report(&opts, &forms, &|_| {}).unwrap();
    assert_eq!(outcome.rendered, 1, "{:#?}", outcome.diagnostics());
    let unit = out.join("上海市闵行区托育服务指导中心");
    let book =
        xlsx_read::read_all(&std::fs::read(unit.join("托育中心经费.xlsx")).unwrap()).unwrap();
    let cut = book
        .iter()
        .flat_map(|s| s.text_rows())
        .flatten()
        .find(|t| t.starts_with("说明说明"))
        .expect("the reason in the workbook");
    assert!(
        cut.contains("原文 40000 字"),
        "{}",
        cut.chars().rev().take(60).collect::<String>()
    );
    assert!(cut.encode_utf16().count() <= 32_767);
}
