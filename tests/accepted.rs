//! 已确认: a finding the unit accepts (its finance bureau already approved the
//! table) is shown as accepted, not as an error; the table is published exactly
//! as written and the finding is recorded with its reason in index.html,
//! manifest.json and the audit workbook. `--strict` still refuses it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::xlsx_read::{data_text, read_sheet};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");
const WRONG_TOTAL: &str = "tests/bad/E0604-total-wrong.yaml";
const UNIT: &str = "上海市闵行区托育服务指导中心";
const NAME: &str = "托育机构年检评估";
const REASON: &str = "按财政局审核意见保留";

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("accepted")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn jixiao(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `jixiao report` of 2024 from `inputs` into `out`, without PDF.
fn report(inputs: &Path, out: &Path, more: &[&str]) -> std::process::Output {
    let (i, o) = (inputs.to_str().unwrap(), out.to_str().unwrap());
    let mut args = vec![
        "report",
        "--year",
        "2024",
        "--inputs",
        i,
        "--outputs",
        o,
        "--no-pdf",
    ];
    args.extend_from_slice(more);
    jixiao(&args)
}

/// The pack of a year folder under `root` holding the accepted table: the
/// folder and the pack.
fn published(root: &Path) -> (PathBuf, PathBuf) {
    let inputs = root.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    accepted_table(&inputs);
    let out = root.join("out");
    let o = report(&inputs, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    (inputs, out)
}

/// The table with a 总分 that is not the sum of its scores (E0604), as the
/// unit published it, with its acceptance.
fn accepted_table(dir: &Path) -> PathBuf {
    let base = std::fs::read_to_string(WRONG_TOTAL).unwrap();
    let file = dir.join(format!("{NAME}.yaml"));
    std::fs::write(&file, format!("{base}已确认:\n  E0604: {REASON}\n")).unwrap();
    file
}

#[test]
fn check_shows_an_accepted_finding_and_passes() {
    let dir = tmp("check");
    let file = accepted_table(&dir);
    let f = file.to_str().unwrap();
    let o = jixiao(&["check", f]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("已确认[E0604]: 总分写的是 100"), "{out}");
    assert!(out.contains(&format!("= 已确认: {REASON}")), "{out}");
    assert!(out.contains("0 个错误, 0 个警告, 1 个已确认"), "{out}");
    // JSON carries the reason beside the finding.
    let o = jixiao(&["check", "--format", "json", f]);
    let line = String::from_utf8_lossy(&o.stdout)
        .lines()
        .find(|l| l.contains("E0604"))
        .map(str::to_string)
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["accepted"], REASON);
    // --strict refuses what the unit accepted.
    assert_eq!(jixiao(&["check", "--strict", f]).status.code(), Some(1));
}

#[test]
fn accept_on_the_command_line_covers_every_table() {
    let o = jixiao(&["check", WRONG_TOTAL]);
    assert_eq!(o.status.code(), Some(1));
    let o = jixiao(&["check", "--accept", "E0205,e0604", WRONG_TOTAL]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("= 已确认: 运行时以 --accept 确认"), "{out}");
    // Nothing stale to report for a run-wide acceptance.
    assert!(!out.contains("W0112"), "{out}");
    let o = jixiao(&["check", "--accept", "E9999", WRONG_TOTAL]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("没有诊断代码“E9999”"), "{}", text(&o));
}

#[test]
fn the_pack_publishes_the_table_as_written_and_records_the_acceptance() {
    let root = tmp("report");
    let (inputs, out) = published(&root);
    // As written: 总分 100, not the 99.75 the scores add up to.
    let bytes = std::fs::read(out.join(UNIT).join(format!("{NAME}.xlsx"))).unwrap();
    let sheet = read_sheet(&bytes, NAME).unwrap();
    let rows = sheet.text_rows();
    let total = rows.iter().find(|r| r.first().is_some_and(|c| c == "总分"));
    assert!(
        total.is_some_and(|r| r.iter().any(|c| c == "100.00")),
        "{total:?}"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("已确认的问题"), "{index}");
    assert!(index.contains(REASON), "{index}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let accepted = manifest["accepted"].as_array().unwrap();
    assert_eq!(accepted.len(), 1);
    assert!(accepted[0]["findings"].as_str().unwrap().contains(REASON));
    assert_eq!(manifest["left_out"].as_array().unwrap().len(), 0);

    // --strict: the same table is left out.
    let o = report(&inputs, &root.join("strict"), &["--strict"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

#[test]
fn a_workbook_takes_its_acceptances_from_the_file_beside_it() {
    // The workbook the pack writes for the accepted table: it prints 总分 100.
    let root = tmp("sidecar");
    let (_, out) = published(&root);
    let books = root.join("books");
    std::fs::create_dir_all(&books).unwrap();
    let book = books.join("单位自评表.xlsx");
    std::fs::copy(out.join(UNIT).join(format!("{NAME}.xlsx")), &book).unwrap();
    let b = book.to_str().unwrap();
    // Without the file beside it, the finding is an error again.
    assert_eq!(jixiao(&["check", b]).status.code(), Some(1));
    // With it: accepted, by 项目名称.
    let sidecar = books.join("单位自评表.已确认.yaml");
    std::fs::write(&sidecar, format!("{NAME}:\n  E0604: {REASON}\n")).unwrap();
    let o = jixiao(&["check", b]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains(&format!("= 已确认: {REASON}")));
    // The folder is checked without taking the file beside the workbook for a table.
    let o = jixiao(&["check", books.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("共 1 个文件"), "{}", text(&o));
    // "*" accepts for every table; a name the workbook lacks is W0112 at its line.
    std::fs::write(
        &sidecar,
        format!("\"*\":\n  E0604: {REASON}\n没有的项目:\n  E0205: 理由\n"),
    )
    .unwrap();
    let o = jixiao(&["check", b]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("警告[W0112]: 文件中没有项目“没有的项目”的表"),
        "{out}"
    );
    assert!(out.contains("单位自评表.已确认.yaml:3:1"), "{out}");
    // The pack records the file beside the workbook among its inputs.
    let pack = root.join("books-pack");
    let o = report(&books, &pack, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(pack.join("manifest.json")).unwrap()).unwrap();
    let inputs: Vec<&str> = (manifest["inputs"].as_array().unwrap().iter())
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["单位自评表.xlsx", "单位自评表.已确认.yaml"]);
    // import keeps the acceptance in the YAML it writes.
    let yaml = root.join("yaml");
    let o = jixiao(&["import", b, "--out", yaml.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let written = std::fs::read_to_string(yaml.join(format!("{NAME}.yaml"))).unwrap();
    assert!(
        written.contains(&format!("已确认:\n  E0604: \"{REASON}\"")),
        "{written}"
    );
}

#[test]
fn the_audit_workbook_lists_the_reason() {
    let dir = tmp("audit");
    accepted_table(&dir);
    let book = dir.join("审核.xlsx");
    let o = jixiao(&[
        "audit",
        dir.to_str().unwrap(),
        "--out",
        book.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let bytes = std::fs::read(&book).unwrap();
    let findings = read_sheet(&bytes, "问题清单").unwrap();
    assert_eq!(data_text(findings.cell(0, 8)), "已确认");
    let row = (1..findings.cells.len())
        .find(|&r| data_text(findings.cell(r, 4)) == "E0604")
        .expect("the finding is listed");
    assert_eq!(data_text(findings.cell(row, 8)), REASON);
}
