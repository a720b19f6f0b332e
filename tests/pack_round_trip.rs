//! jixiao's own workbooks are inputs like any other: a pack's per-project `.xlsx`
//! files, read back, check with no error and give the same per-project `.docx`,
//! `.xlsx` and `.html`, byte for byte. `JIXIAO_ROUND_TRIP=10000` runs it at the
//! size of a district (`scripts/round-trip.sh` does, with the release build).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// Every file under `dir` by its path relative to `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A project's own file (not the unit's combined files, the index or the manifest).
fn per_project(p: &Path) -> bool {
    p.components().count() == 2
        && !p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("2024年度项目支出绩效自评表"))
}

#[test]
fn our_workbooks_read_back_to_the_same_tables() {
    let n: usize = std::env::var("JIXIAO_ROUND_TRIP")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let root = std::env::temp_dir().join(format!("jixiao-round-trip-{}", std::process::id()));
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
        if per_project(rel) && rel.extension().is_some_and(|e| e == "xlsx") {
            std::fs::write(books.join(format!("{count:05}.xlsx")), bytes).unwrap();
            count += 1;
        }
    }
    assert_eq!(count, n, "one workbook per project");
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
    for (rel, bytes) in packed.iter().filter(|(p, _)| per_project(p)) {
        let other = again
            .get(rel)
            .unwrap_or_else(|| panic!("{} not generated again", rel.display()));
        assert!(
            other == bytes,
            "{} differs after the round trip",
            rel.display()
        );
        compared += 1;
    }
    assert_eq!(compared, 3 * n, "docx, xlsx and html of every project");
    let _ = std::fs::remove_dir_all(&root);
}
