//! Small files made to cost a lot: a workbook of 5,000 sheets and a zip bomb.
//! Each is one diagnostic, and the rest of the pack is still built.

mod common;
use common::forms;
use std::io::Write;
use std::path::{Path, PathBuf};

use jixiao::pack::{report, Options};
use jixiao::pipeline::check_path;

fn inputs(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let inputs = dir.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy("tests/seed/2024/托育中心经费.yaml", inputs.join("ok.yaml")).unwrap();
    inputs
}

fn build(inputs: &Path) -> jixiao::pack::Outcome {
    let out = inputs.parent().unwrap().join("out");
    report(&Options::new(2024, inputs, &out), forms(), &|_| {}).unwrap()
}

#[test]
fn a_workbook_of_5000_sheets_is_one_diagnostic() {
    let inputs = inputs("sheets");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for _ in 0..5000 {
        wb.add_worksheet().write_string(0, 0, "项目名称").unwrap();
    }
    let file = inputs.join("五千张.xlsx");
    wb.save(&file).unwrap();
    let checked = check_path(&file, forms());
    assert_eq!(checked.len(), 1);
    let errors: Vec<_> = checked[0]
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(errors, ["E0704"]);
    // Ten sheets are named, the other 4,990 counted in one note.
    let skipped: Vec<_> = checked[0]
        .diagnostics
        .iter()
        .filter(|d| d.code == "E0701")
        .collect();
    assert_eq!(skipped.len(), 11);
    assert!(skipped
        .iter()
        .any(|d| d.message.contains("另有 4990 个工作表")));
    let outcome = build(&inputs);
    assert_eq!((outcome.rendered, outcome.skipped), (1, 1));
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_unpacked() {
    let inputs = inputs("bomb");
    let file = inputs.join("炸弹.xlsx");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    z.write_all(b"<worksheet><sheetData>").unwrap();
    let filler = vec![b' '; 1 << 20];
    for _ in 0..300 {
        z.write_all(&filler).unwrap();
    }
    z.write_all(b"</sheetData></worksheet>").unwrap();
    z.finish().unwrap();
    assert!(
        std::fs::metadata(&file).unwrap().len() < 4 << 20,
        "a small file"
    );
    let checked = check_path(&file, forms());
    let d = &checked[0].diagnostics[0];
    assert_eq!(d.code, "E0001");
    assert!(d.message.contains("解压后过大"), "{}", d.message);
    let outcome = build(&inputs);
    assert_eq!((outcome.rendered, outcome.skipped), (1, 1));
}
