//! jixiao's own workbooks and Word documents are inputs like any other: a pack's
//! per-project `.xlsx` (or `.docx`) files, read back, check with no error and give
//! the same per-project `.docx`, `.xlsx` and `.html`, byte for byte. `JIXIAO_ROUND_TRIP=10000` runs it at the
//! size of a district (`scripts/round-trip.sh` does, with the release build).

mod common;

use std::path::Path;
use std::process::Command;

use common::files;

fn jixiao(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .expect("run jixiao");
    assert!(
        out.status.success(),
        "jixiao {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A project's own file (not the unit's combined files, the index or the manifest).
fn per_project(p: &str) -> bool {
    let p = Path::new(p);
    // A unit's files, or its 目标表s' in their folder inside the unit's.
    let depth = p.components().count();
    let in_unit = depth == 2 || (depth == 3 && p.parent().unwrap().ends_with("绩效目标表"));
    in_unit
        && !p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("2024年度项目支出绩效"))
}

#[test]
fn our_workbooks_read_back_to_the_same_tables() {
    read_back("xlsx");
}

#[test]
fn our_word_documents_read_back_to_the_same_tables() {
    read_back("docx");
}

/// A synthetic pack's per-project files of `ext`, read back as inputs.
fn read_back(ext: &str) {
    let n: usize = std::env::var("JIXIAO_ROUND_TRIP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let root = std::env::temp_dir().join(format!("jixiao-round-trip-{ext}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (yaml, first, books, second) = (
        root.join("yaml"),
        root.join("first"),
        root.join("books"),
        root.join("second"),
    );
    let s = |p: &Path| p.to_str().unwrap().to_string();
    jixiao(&[
        "synth",
        &n.to_string(),
        &s(&yaml),
        "--units",
        "10",
        "--seed",
        "11",
    ]);
    jixiao(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        &s(&yaml),
        "--outputs",
        &s(&first),
    ]);
    let packed = files(&first);
    std::fs::create_dir_all(&books).unwrap();
    let mut count = 0;
    for (rel, bytes) in &packed {
        if per_project(rel) && rel.ends_with(&format!(".{ext}")) {
            std::fs::write(books.join(format!("{count:05}.{ext}")), bytes).unwrap();
            count += 1;
        }
    }
    assert_eq!(count, n, "one {ext} per project");
    let checked = jixiao(&["check", &s(&books), "--format", "json", "--strict"]);
    let lines = String::from_utf8_lossy(&checked.stdout);
    assert!(
        !lines.contains("\"severity\":\"error\"") && !lines.contains("\"severity\":\"warning\""),
        "{lines}"
    );
    jixiao(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        &s(&books),
        "--outputs",
        &s(&second),
    ]);
    let again = files(&second);
    let mut compared = 0;
    // A Word document holds the amounts as printed (3034.83), the workbook the
    // exact ones (3034.834): read from Word, the workbook stores what was printed.
    let compares = |p: &str| ext == "xlsx" || !p.ends_with(".xlsx");
    for (rel, bytes) in packed.iter().filter(|(p, _)| per_project(p) && compares(p)) {
        let other = again
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} not generated again"));
        assert!(other == bytes, "{rel} differs after the {ext} round trip");
        compared += 1;
    }
    // PDFs too where the machine has a CJK font.
    let kinds = if packed.keys().any(|p| p.ends_with(".pdf")) {
        4
    } else {
        3
    } - usize::from(ext != "xlsx");
    assert_eq!(
        compared,
        kinds * n,
        "docx, xlsx (from xlsx), html (and pdf) of every project"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// Each shipped form's example, printed on its form and read back from its
/// `.xlsx` and from its `.docx` (split targets, the grade in the 总分 row,
/// fields a form adds, 元, rows the template left),
/// prints the same `.docx`, `.xlsx` and `.html` again.
#[test]
fn every_forms_workbooks_read_back_to_the_same_tables() {
    let root = std::env::temp_dir().join(format!("jixiao-form-trip-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let mut forms = 0;
    for entry in std::fs::read_dir("tests/forms").unwrap() {
        let dir = entry.unwrap().path();
        let form = dir.file_name().unwrap().to_string_lossy().to_string();
        let (first, books, second) = (
            root.join(format!("{form}-first")),
            root.join(format!("{form}-books")),
            root.join(format!("{form}-second")),
        );
        let report = |inputs: &Path, outputs: &Path| {
            jixiao(&[
                "report",
                "--year",
                "2024",
                "--inputs",
                &s(inputs),
                "--outputs",
                &s(outputs),
                "--form",
                &form,
                "--no-pdf",
                "--strict",
            ])
        };
        report(&dir, &first);
        let packed = files(&first);
        for ext in ["xlsx", "docx"] {
            let (books, second) = (books.join(ext), second.join(ext));
            std::fs::create_dir_all(&books).unwrap();
            for (rel, bytes) in packed.iter().filter(|(p, _)| per_project(p)) {
                if rel.ends_with(&format!(".{ext}")) {
                    let name = Path::new(rel).file_name().unwrap();
                    std::fs::write(books.join(name), bytes).unwrap();
                }
            }
            report(&books, &second);
            let again = files(&second);
            let mut compared = 0;
            for (rel, bytes) in packed.iter().filter(|(p, _)| per_project(p)) {
                let other = again
                    .get(rel)
                    .unwrap_or_else(|| panic!("{form}: {rel} not made again from {ext}"));
                assert!(
                    other == bytes,
                    "{form}: {rel} differs after the {ext} round trip"
                );
                compared += 1;
            }
            let examples = std::fs::read_dir(&dir).unwrap().count();
            assert_eq!(compared, 3 * examples, "{form}");
        }
        forms += 1;
    }
    assert!(forms >= 3, "{forms} forms");
    let _ = std::fs::remove_dir_all(&root);
}
