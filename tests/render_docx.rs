//! The docx renderer, checked by reading its output back independently.

mod common;

use std::collections::BTreeMap;
use std::io::Cursor;

use common::docx_read::{
    read_docx_tables, read_raw_tables, run_east_asia_fonts, zip_part, ReadCell,
};
use jixiao::layout::{Cell, Content, Grid, HAlign, Heading, Meta, Page, Slot, Style};
use jixiao::render::docx::render_docx;

/// A cell at (row, col) spanning rowspan × colspan.
fn cell(
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    content: Content,
    class: &str,
) -> Cell {
    Cell {
        row,
        col,
        rowspan,
        colspan,
        content,
        class: class.to_string(),
        fill: Default::default(),
    }
}

/// Plain text content.
fn text(s: &str) -> Content {
    Content::Text(s.to_string())
}

/// Number content with its printed form.
fn number(s: &str, places: u32) -> Content {
    Content::Number {
        text: s.to_string(),
        places,
        percent: false,
        exact: None,
    }
}

/// Builds a grid, filling `slots` from the cells.
fn grid(landscape: bool, rows: usize, columns: Vec<f64>, cells: Vec<Cell>) -> Grid {
    let mut slots = vec![vec![None; columns.len()]; rows];
    for (i, c) in cells.iter().enumerate() {
        for (r, row) in slots.iter_mut().enumerate().skip(c.row).take(c.rowspan) {
            for (k, slot) in row.iter_mut().enumerate().skip(c.col).take(c.colspan) {
                assert!(slot.is_none(), "overlap at ({r},{k})");
                *slot = Some(if (r, k) == (c.row, c.col) {
                    Slot::Anchor(i)
                } else {
                    Slot::Covered(i)
                });
            }
        }
    }
    let slots = slots
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|s| s.expect("every slot filled"))
                .collect()
        })
        .collect();
    let mut styles = BTreeMap::new();
    styles.insert(
        "title".to_string(),
        Style {
            size_pt: 16.0,
            bold: true,
            border: false,
            ..Style::default()
        },
    );
    styles.insert(
        "sub".to_string(),
        Style {
            align: HAlign::Left,
            border: false,
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
    Grid {
        meta: Meta {
            title: "测试项目 & <一>".to_string(),
            created: "2025-01-01T00:00:00Z".to_string(),
        },
        page: Page {
            landscape,
            margins_mm: [20.0, 18.0, 20.0, 18.0],
            ..Page::default()
        },
        headings: vec![
            Heading {
                text: "项目支出绩效自评表".to_string(),
                class: "title".to_string(),
            },
            Heading {
                text: "（2024年度）".to_string(),
                class: "sub".to_string(),
            },
        ],
        columns,
        cells,
        slots,
        repeat: Vec::new(),
        styles,
    }
}

/// Eight columns with a 3-row span in the first column, colspans, a 2×2 block,
/// a two-paragraph text and numbers.
fn sample() -> Grid {
    let cells = vec![
        cell(0, 0, 3, 1, text("年度\n总体目标"), "cell"),
        cell(0, 1, 1, 3, text("预期目标"), "cell"),
        cell(0, 4, 1, 4, text("实际完成情况"), "cell"),
        cell(1, 1, 1, 1, text("指标"), "cell"),
        cell(1, 2, 1, 1, text("第一行\n第二行"), "left"),
        cell(1, 3, 1, 1, number("117.94", 2), "cell"),
        cell(1, 4, 2, 2, text("合并块"), "cell"),
        cell(1, 6, 1, 2, text("A&B <c>"), "cell"),
        cell(2, 1, 1, 3, text(""), "cell"),
        cell(2, 6, 1, 1, text("x"), "cell"),
        cell(2, 7, 1, 1, number("0.00", 2), "cell"),
        cell(3, 0, 1, 8, text("总分 100"), "left"),
        cell(4, 0, 2, 2, text("末尾"), "cell"),
        cell(4, 2, 1, 6, text("r4"), "cell"),
        cell(5, 2, 1, 6, text("r5"), "cell"),
    ];
    grid(
        false,
        6,
        vec![20.0, 25.5, 18.0, 18.0, 20.0, 20.0, 25.0, 27.5],
        cells,
    )
}

/// The grid's cells in the reader's shape.
fn expected(g: &Grid) -> Vec<ReadCell> {
    g.cells
        .iter()
        .map(|c| ReadCell {
            row: c.row,
            col: c.col,
            rowspan: c.rowspan,
            colspan: c.colspan,
            text: c.content.text().to_string(),
        })
        .collect()
}

/// Millimetres to twips as the renderer computes them.
fn twips(mm: f64) -> u32 {
    (mm * 56.6929).round() as u32
}

#[test]
fn table_structure_round_trips() {
    let g = sample();
    let bytes = render_docx(&[&g]).expect("renders");
    let tables = read_docx_tables(&bytes).expect("reads back");
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0], expected(&g));

    let raw = &read_raw_tables(&bytes).expect("raw")[0];
    let widths: Vec<u32> = g.columns.iter().map(|&mm| twips(mm)).collect();
    assert_eq!(raw.grid, widths);
    assert_eq!(raw.layout.as_deref(), Some("fixed"));
    assert_eq!(raw.rows.len(), g.row_count());
    for (r, row) in raw.rows.iter().enumerate() {
        assert!(row.cant_split, "row {r} may split");
        let mut col = 0;
        for c in &row.cells {
            let want: u32 = widths[col..col + c.span].iter().sum();
            assert_eq!(c.width_dxa, Some(want), "row {r} col {col} width");
            col += c.span;
        }
    }
}

#[test]
fn fonts_sizes_and_page() {
    let g = sample();
    let bytes = render_docx(&[&g]).expect("renders");
    let doc = zip_part(&bytes, "word/document.xml").expect("document.xml");
    let styles = zip_part(&bytes, "word/styles.xml").expect("styles.xml");
    let defaults = styles
        .split("<w:rPrDefault>")
        .nth(1)
        .and_then(|s| s.split("</w:rPrDefault>").next())
        .expect("run defaults");
    assert!(defaults.contains(r#"w:eastAsia="宋体""#), "{defaults}");
    assert!(defaults.contains(r#"w:ascii="SimSun""#), "{defaults}");
    assert!(defaults.contains(r#"<w:sz w:val="21" />"#), "10.5pt cells");
    // Every run resolves to 宋体: its own East Asian font, or the defaults'.
    let fonts = run_east_asia_fonts(&doc).expect("runs");
    assert!(!fonts.is_empty());
    assert!(
        fonts
            .iter()
            .all(|f| f.as_deref().unwrap_or("宋体") == "宋体"),
        "{fonts:?}"
    );
    assert!(
        doc.contains(r#"<w:sz w:val="32" />"#) || doc.contains(r#"<w:sz w:val="32"/>"#),
        "16pt title"
    );
    assert!(
        doc.contains(r#"w:w="11906""#) && doc.contains(r#"w:h="16838""#),
        "A4 portrait"
    );
    assert!(
        doc.contains(r#"w:top="1134""#) && doc.contains(r#"w:left="1020""#),
        "margins"
    );
    assert!(
        doc.contains(r#"<w:jc w:val="left" />"#),
        "left-aligned cells"
    );
    assert!(
        doc.contains(r#"<w:vAlign w:val="center" />"#),
        "vertical alignment"
    );
    assert!(
        doc.contains(r#"<w:top w:val="single" w:sz="4""#),
        "thin borders"
    );
    assert!(
        !doc.contains("pageBreakBefore"),
        "no break in a single grid"
    );

    let core = zip_part(&bytes, "docProps/core.xml").expect("core.xml");
    assert!(core.contains("2025-01-01T00:00:00Z"));
    assert!(
        core.contains("<dc:title>测试项目 &amp; &lt;一&gt;</dc:title>"),
        "{core}"
    );
    assert!(!core.contains("1970"));
}

#[test]
fn landscape_and_page_breaks_between_grids() {
    let mut a = sample();
    a.page.landscape = true;
    let mut b = sample();
    b.headings.clear();
    let c = sample();
    let bytes = render_docx(&[&a, &b, &c]).expect("renders");
    let doc = zip_part(&bytes, "word/document.xml").expect("document.xml");
    assert!(doc.contains(r#"w:w="16838""#) && doc.contains(r#"w:orient="landscape""#));
    assert_eq!(doc.matches("<w:pageBreakBefore").count(), 2);
    let tables = read_docx_tables(&bytes).expect("reads back");
    assert_eq!(tables.len(), 3);
    for t in &tables {
        assert_eq!(*t, expected(&a));
    }
}

#[test]
fn deterministic_and_deflated() {
    let g = sample();
    let one = render_docx(&[&g]).expect("renders");
    let two = render_docx(&[&g]).expect("renders");
    let other_thread = std::thread::spawn(move || render_docx(&[&sample()]).expect("renders"))
        .join()
        .expect("thread");
    assert_eq!(one, two);
    assert_eq!(one, other_thread);

    let mut archive = zip::ZipArchive::new(Cursor::new(&one)).expect("zip");
    assert!(archive.len() > 5);
    for i in 0..archive.len() {
        let f = archive.by_index(i).expect("entry");
        assert!(!f.is_dir());
        // The core properties (under 1 KB) are stored; every other part is deflated.
        let method = if f.name() == "docProps/core.xml" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        assert_eq!(f.compression(), method, "{}", f.name());
        assert_eq!(
            f.last_modified(),
            Some(zip::DateTime::default()),
            "{}",
            f.name()
        );
    }
    assert_eq!(archive.file_names().next(), Some("[Content_Types].xml"));
}

#[test]
fn bad_grids_are_errors() {
    assert!(render_docx(&[]).is_err());
    let mut g = sample();
    g.slots[1][1] = Slot::Anchor(99);
    assert!(render_docx(&[&g]).is_err());
    let mut g = sample();
    g.cells[2].colspan = 9;
    assert!(render_docx(&[&g]).is_err());
    let mut g = sample();
    g.slots[0].pop();
    assert!(render_docx(&[&g]).is_err());
}

#[test]
#[ignore = "writes sample files for manual inspection"]
fn write_sample_files() {
    let dir = std::env::var("DOCX_SAMPLE_DIR").unwrap_or_else(|_| "target".to_string());
    let a = sample();
    let mut l = sample();
    l.page.landscape = true;
    std::fs::write(
        format!("{dir}/sample.docx"),
        render_docx(&[&a, &a]).expect("renders"),
    )
    .expect("write");
    std::fs::write(
        format!("{dir}/sample-landscape.docx"),
        render_docx(&[&l]).expect("renders"),
    )
    .expect("write");
}

#[test]
fn runs_state_fonts_and_sizes_that_differ_from_the_defaults() {
    let mut g = sample();
    g.styles.insert(
        "left".to_string(),
        Style {
            align: HAlign::Left,
            font: "黑体".to_string(),
            latin_font: "Times New Roman".to_string(),
            size_pt: 9.0,
            ..Style::default()
        },
    );
    let bytes = render_docx(&[&g]).expect("renders");
    let doc = zip_part(&bytes, "word/document.xml").expect("document.xml");
    let fonts = run_east_asia_fonts(&doc).expect("runs");
    // "第一行", "第二行" and "总分 100" are in the "left" class.
    assert_eq!(
        fonts
            .iter()
            .filter(|f| f.as_deref() == Some("黑体"))
            .count(),
        3,
        "{fonts:?}"
    );
    assert_eq!(doc.matches(r#"w:ascii="Times New Roman""#).count(), 3);
    assert_eq!(doc.matches(r#"<w:sz w:val="18" />"#).count(), 3);
}
