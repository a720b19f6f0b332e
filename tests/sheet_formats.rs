//! `.xls` and `.ods` workbooks written by another program (LibreOffice) read back
//! to the same projects as the YAML inputs: the same Word files, byte for byte.

mod common;
use common::forms;
use std::path::{Path, PathBuf};

use jixiao::pack::{report, Options, PdfChoice};

const UNIT: &str = "上海市闵行区托育服务指导中心";
const PROJECTS: &[&str] = &[
    "信息化-闵行托育服务平台(2024运维)",
    "信息化-闵行托育视频监控平台整体服务项目(一招三年)(第三年)",
    "托育中心经费",
];

fn pack(inputs: &Path, name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("formats")
        .join(name);
    let opts = Options {
        year: 2024,
        inputs: inputs.to_path_buf(),
        outputs: out.clone(),
        units: Vec::new(),
        strict: false,
        force: false,
        pdf: PdfChoice::Off,
    };
    let outcome = report(&opts, forms(), &|_| {}).expect("report runs");
    assert_eq!(
        (outcome.rendered, outcome.skipped),
        (3, 0),
        "{name}: {:#?}",
        outcome.diagnostics()
    );
    out
}

#[test]
fn xls_and_ods_give_the_same_tables_as_yaml() {
    let expected = pack(Path::new("tests/seed/2024"), "yaml");
    for ext in ["xls", "ods"] {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("formats")
            .join(format!("in-{ext}"))
            .join("2024");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(
            format!("tests/fixtures/seed.{ext}"),
            dir.join(format!("seed.{ext}")),
        )
        .unwrap();
        let got = pack(&dir, ext);
        for project in PROJECTS {
            let file = Path::new(UNIT).join(format!("{project}.docx"));
            assert!(
                std::fs::read(got.join(&file)).unwrap()
                    == std::fs::read(expected.join(&file)).unwrap(),
                "{ext}: {project}.docx differs from the YAML route"
            );
        }
    }
}

#[test]
fn a_corrupt_workbook_that_makes_calamine_panic_is_a_diagnostic() {
    // Found by the sheet_reader fuzz target: calamine's .xls reader panics on it.
    let checked =
        jixiao::pipeline::check_path(Path::new("tests/fixtures/corrupt-cfb.xls"), forms());
    assert_eq!(checked.len(), 1);
    assert!(checked[0].scored.is_none());
    let codes: Vec<&str> = checked[0]
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["E0001"]);
    assert!(checked[0].diagnostics[0]
        .message
        .contains("无法读取电子表格"));
}

#[test]
fn a_corrupt_workbook_whose_sector_chain_loops_is_refused_quickly() {
    // Found by the sheet_reader fuzz target: calamine follows this file's looping
    // sector chain until memory runs out. The allocation table is checked first.
    let checked =
        jixiao::pipeline::check_path(Path::new("tests/fixtures/corrupt-loop.xls"), forms());
    assert_eq!(checked.len(), 1);
    let codes: Vec<&str> = checked[0]
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["E0001"]);
    assert!(checked[0].diagnostics[0].message.contains("文件已损坏"));
}
