//! Blank, not applicable and 0 are three different cells: every form's example
//! with its 其他资金 row written blank, as `—` and as 0 prints the row three
//! different ways, in each case as written (issue #24).

mod common;

use std::path::{Path, PathBuf};

use common::docx_read::read_docx_tables;
use jixiao::diag::Code;
use jixiao::pack::{report, Options, PdfChoice};

/// Each built-in form's example table.
const EXAMPLES: &[(&str, &str)] = &[
    ("shanghai", "tests/seed/2024/托育中心经费.yaml"),
    (
        "national",
        "tests/forms/national/农村饮水安全巩固提升工程.yaml",
    ),
    (
        "shanghai-yuan",
        "tests/forms/shanghai-yuan/社区卫生服务中心设备购置.yaml",
    ),
    (
        "yunnan",
        "tests/forms/yunnan/农村义务教育学生营养改善计划.yaml",
    ),
    (
        "sichuan-xianjie",
        "tests/forms/sichuan-xianjie/某村产业路硬化项目.yaml",
    ),
    (
        "sichuan",
        "tests/forms/sichuan/51000024R000000012345-基层医疗机构运行补助.yaml",
    ),
    ("targets", "tests/forms/targets/某县农村公路养护.yaml"),
];

const ROW: &str = "其他资金";

/// The example with its 其他资金 row's amounts replaced by `cells`.
fn with_row(example: &str, cells: &str) -> String {
    let text = std::fs::read_to_string(example).unwrap();
    let mut out = String::new();
    let mut replaced = false;
    for line in text.lines() {
        let t = line.trim_start();
        if !replaced && line.starts_with("  ") && t.starts_with(ROW) && t.contains('{') {
            out.push_str(&format!("  {ROW}: {cells}\n"));
            replaced = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(replaced, "{example} has no {ROW} row");
    out
}

/// The printed cells of the 其他资金 row of the example written with `cells`.
fn printed(form: &str, example: &str, cells: &str, case: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("blank-cells")
        .join(form)
        .join(case);
    let _ = std::fs::remove_dir_all(&root);
    let inputs = root.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    let name = Path::new(example).file_name().unwrap();
    std::fs::write(inputs.join(name), with_row(example, cells)).unwrap();
    let out = root.join("out");
    let opts = Options {
        pdf: PdfChoice::Off,
        ..Options::new(2024, &inputs, &out)
    };
    // The sums no longer add up: the unit keeps its row as written.
    let forms = jixiao::form::Catalog::builtin()
        .unwrap()
        .with_accepted(vec![
            Code::E0202,
            Code::E0204,
            Code::E0205,
            Code::E0604,
            Code::E0608,
        ]);
    let outcome = report(&opts, &forms, &|_| {}).expect("report runs");
    assert_eq!(
        outcome.rendered,
        1,
        "{form} {case}: {:#?}",
        outcome.diagnostics()
    );
    let docx: PathBuf = common::walk(&out)
        .into_iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == "docx")
                && p.file_stem() == Path::new(name).file_stem()
        })
        .expect("the table's .docx");
    let cells = &read_docx_tables(&std::fs::read(docx).unwrap()).unwrap()[0];
    let row = cells
        .iter()
        .find(|c| c.text.contains(ROW) && !c.text.contains('\n'))
        .unwrap_or_else(|| panic!("{form}: no {ROW} row"))
        .row;
    let mut in_row: Vec<_> = cells.iter().filter(|c| c.row == row).collect();
    in_row.sort_by_key(|c| c.col);
    in_row.iter().map(|c| c.text.clone()).collect()
}

fn count(cells: &[String], f: impl Fn(&str) -> bool) -> usize {
    cells.iter().filter(|c| f(c)).count()
}

fn zero(c: &str) -> bool {
    !c.is_empty() && c.trim_end_matches('%').parse::<f64>() == Ok(0.0)
}

#[test]
fn blank_dash_and_zero_print_differently_on_every_form() {
    for (form, example) in EXAMPLES {
        let blank = printed(form, example, "{ 全年预算数: \"\", 全年执行数: }", "blank");
        let dash = printed(form, example, "{ 全年预算数: —, 全年执行数: — }", "dash");
        let naught = printed(form, example, "{ 全年预算数: 0, 全年执行数: 0 }", "zero");
        assert!(
            blank != dash && dash != naught && blank != naught,
            "{form}: {blank:?} {dash:?} {naught:?}"
        );
        // Both amounts of each as written.
        assert_eq!(count(&blank, zero), 0, "{form} blank: {blank:?}");
        assert!(
            count(&blank, str::is_empty) >= count(&naught, str::is_empty) + 2,
            "{form}: {blank:?} {naught:?}"
        );
        assert!(
            count(&dash, |c| c == "—") >= count(&blank, |c| c == "—") + 2,
            "{form}: {dash:?}"
        );
        assert!(count(&naught, zero) >= 2, "{form} zero: {naught:?}");
    }
}

/// An empty source row (`其他资金: {}`, or the key alone) is blank, and a
/// source the table leaves out prints blank too: nothing is invented.
#[test]
fn a_source_left_out_or_empty_prints_blank() {
    let (form, example) = EXAMPLES[1];
    for (case, cells) in [("empty-map", "{}"), ("key-alone", "")] {
        let row = printed(form, example, cells, case);
        assert_eq!(count(&row, zero), 0, "{case}: {row:?}");
        assert!(count(&row, str::is_empty) >= 3, "{case}: {row:?}");
    }
}

/// A number written with thousands separators prints with them on a form that
/// prints numbers as written, and its workbook reads back to the same cells.
#[test]
fn thousands_separators_print_as_written_and_read_back() {
    let written = "{ 全年预算数: \"12,000.50\", 全年执行数: \"12,000.50\" }";
    for (form, example) in EXAMPLES.iter().filter(|(f, _)| *f != "shanghai") {
        let row = printed(form, example, written, "grouped");
        assert_eq!(count(&row, |c| c == "12,000.50"), 2, "{form}: {row:?}");
        // The form's own workbook, read as an input, prints the same row.
        let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("blank-cells")
            .join(form)
            .join("grouped")
            .join("out");
        let xlsx = common::walk(&out)
            .into_iter()
            .find(|p| {
                p.extension().is_some_and(|e| e == "xlsx")
                    && p.parent().is_some_and(|d| d != out)
                    && !p.to_string_lossy().contains("2024年度")
            })
            .expect("the table's .xlsx");
        let checked = jixiao::pipeline::check_path(&xlsx, common::forms());
        let funds = &checked[0].scored.as_ref().expect("read").project.funds;
        let other = funds.source(ROW).expect("the row read back");
        assert!(
            other.budget.value.grouped && other.spent.value.grouped,
            "{form}"
        );
    }
}
