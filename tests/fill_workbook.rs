//! `jixiao init --xlsx`: the fill-in workbook of a unit. Written from the seed,
//! it validates, locks all but the cells to fill, checks their numbers and notes
//! last year's values; unfilled, it reads back with diagnostics at its cells;
//! filled by a script that writes only unlocked cells (openpyxl) and saved by
//! LibreOffice Calc, it reports to the seed's published tables cell for cell.
//!
//! The round trip needs `python3` with openpyxl and `soffice`; without them it
//! says so and passes, unless `JIXIAO_REQUIRE_FILL_TOOLS=1` (CI sets it).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::docx_read::read_docx_tables;
use common::tables::{notation, xlsx_cells, Anchor};
use common::xlsx_read::{data_text, sheet_names, zip_entry};

const UNIT: &str = "上海市闵行区托育服务指导中心";
const PROJECTS: &[&str] = &[
    "信息化-闵行托育服务平台(2024运维)",
    "信息化-闵行托育视频监控平台整体服务项目(一招三年)(第三年)",
    "托育中心经费",
];

use common::jixiao;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A fresh folder holding a copy of the seed as `2024/`.
fn seeded(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fill")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("2024")).unwrap();
    for e in std::fs::read_dir("tests/seed/2024").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join("2024").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// Writes the seed unit's workbook for 2025 and returns its path.
fn workbook(dir: &Path) -> PathBuf {
    common::jixiao_ok(&[
        "init",
        "--year",
        "2025",
        "--from",
        "2024",
        "--inputs",
        s(dir),
        "--xlsx",
    ]);
    let book = dir.join("2025").join(format!("{UNIT}.xlsx"));
    assert!(book.is_file());
    book
}

/// A tool this test needs is missing: skip, unless the run requires the tools.
fn missing(what: &str) {
    assert!(
        std::env::var_os("JIXIAO_REQUIRE_FILL_TOOLS").is_none(),
        "{what}, and JIXIAO_REQUIRE_FILL_TOOLS is set"
    );
    eprintln!("{what}: skipped");
}

/// The first Python that imports `module` (`python3`, else the system's).
fn python_with(module: &str) -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|py| {
        Command::new(py)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Cells of a sheet's XML: reference → (style index, holds a value).
fn sheet_cells(xml: &str) -> BTreeMap<String, (usize, bool)> {
    let attr = |tag: &str, name: &str| {
        tag.split(&format!(" {name}=\"")[..])
            .nth(1)
            .and_then(|v| v.split('"').next())
            .map(str::to_string)
    };
    xml.split("<c ")
        .skip(1)
        .map(|c| {
            let tag = c.split('>').next().unwrap();
            let tag = format!(" {tag}");
            let style = attr(&tag, "s").map_or(0, |v| v.parse().unwrap());
            // `<c …/>` holds nothing; `<c …><v>…</v></c>` a value.
            let body = c.split("</c>").next().unwrap();
            let value = !tag.ends_with('/') && (body.contains("<v>") || body.contains("<is>"));
            (attr(&tag, "r").unwrap(), (style, value))
        })
        .collect()
}

/// The slots of a sheet's merged ranges other than their top-left one.
fn covered_slots(xml: &str) -> BTreeSet<String> {
    let split = |r: &str| {
        let digits = r.find(|c: char| c.is_ascii_digit()).unwrap();
        let col = r[..digits]
            .bytes()
            .fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1));
        (col, r[digits..].parse::<usize>().unwrap())
    };
    let name = |col: usize, row: usize| {
        let mut letters = String::new();
        let mut c = col;
        while c > 0 {
            letters.insert(0, char::from(b'A' + ((c - 1) % 26) as u8));
            c = (c - 1) / 26;
        }
        format!("{letters}{row}")
    };
    let mut out = BTreeSet::new();
    for merge in xml.split("<mergeCell ref=\"").skip(1) {
        let range = merge.split('"').next().unwrap();
        let (a, b) = range.split_once(':').unwrap();
        let ((c0, r0), (c1, r1)) = (split(a), split(b));
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) != (r0, c0) {
                    out.insert(name(c, r));
                }
            }
        }
    }
    out
}

/// Which cell formats (`cellXfs`, by index) leave a cell unlocked.
fn unlocked_styles(styles: &str) -> BTreeSet<usize> {
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|x| x.split("</cellXfs>").next())
        .unwrap();
    xfs.split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.contains("<protection locked=\"0\"/>"))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn the_workbook_locks_all_but_the_cells_to_fill() {
    let dir = seeded("locks");
    let book = workbook(&dir);
    let bytes = std::fs::read(&book).unwrap();
    let mut names = vec!["说明".to_string()];
    names.extend(PROJECTS.iter().map(|p| p.to_string()));
    assert_eq!(sheet_names(&bytes).unwrap(), names, "说明 first");
    let guide = zip_entry(&bytes, "xl/sharedStrings.xml").unwrap();
    assert!(guide.contains("jixiao check inputs/2025"), "how to check");

    let unlocked = unlocked_styles(&zip_entry(&bytes, "xl/styles.xml").unwrap());
    // 托育中心经费, the fourth sheet: headings on rows 1–2, the table from row 3.
    let xml = zip_entry(&bytes, "xl/worksheets/sheet4.xml").unwrap();
    assert!(xml.contains("<sheetProtection "), "protected");
    assert!(!xml.contains("password="), "without a password");
    let mut expected: BTreeSet<String> = BTreeSet::new();
    for row in 6..=9 {
        for col in ["C", "D", "E", "G"] {
            expected.insert(format!("{col}{row}"));
        }
    }
    expected.insert("H6".into()); // the budget's 得分
    expected.insert("E11".into()); // 实际完成情况
    for row in 13..=29 {
        for col in ["E", "G", "H"] {
            expected.insert(format!("{col}{row}"));
        }
    }
    expected.insert("G30".into()); // 总分
    expected.insert("B31".into()); // 评分等级
    let cells = sheet_cells(&xml);
    let open: BTreeSet<String> = cells
        .iter()
        .filter(|(_, (style, _))| unlocked.contains(style))
        .map(|(r, _)| r.clone())
        .collect();
    // A merged cell to fill is unlocked over all its slots: its anchor counts.
    let covered = covered_slots(&xml);
    let anchors: BTreeSet<String> = open.difference(&covered).cloned().collect();
    assert!(covered.contains("F11") && covered.contains("H31"));
    assert_eq!(
        anchors, expected,
        "unlocked: the cells to fill, nothing else"
    );
    for r in &expected {
        assert!(!cells[r].1, "{r}: a cell to fill is blank");
    }
    assert!(
        cells["C13"].1 && cells["D13"].1 && cells["F13"].1,
        "carried"
    );

    // Last year's values in the notes of the cells to fill.
    let notes = zip_entry(&bytes, "xl/comments3.xml").unwrap();
    for was in [
        "2024 年: 0.00(家)",
        "2024 年: 33.09",
        "2024 年: 92.00",
        "2024 年: 优",
    ] {
        assert!(notes.contains(was), "{was} in {notes}");
    }
    assert!(notes.contains("ref=\"E13\""), "on 实际完成值");

    // Number cells to fill are checked as numbers not below 0; text cells are not.
    let checks: Vec<&str> = xml.split("<dataValidation ").skip(1).collect();
    let refs: BTreeSet<&str> = checks
        .iter()
        .filter_map(|c| c.split("sqref=\"").nth(1)?.split('"').next())
        .collect();
    for r in ["C6", "D7", "E9", "G6", "H6", "G13", "G29", "G30"] {
        assert!(refs.contains(r), "{r} is checked: {refs:?}");
    }
    for r in ["E13", "H13", "E11", "B31"] {
        assert!(!refs.contains(r), "{r} is text");
    }
    for c in &checks {
        assert!(c.contains("type=\"decimal\"") && c.contains("operator=\"greaterThanOrEqual\""));
        assert!(c.contains("promptTitle=\"请填写数字\""), "{c}");
    }

    // The OOXML schemas accept it.
    let validate = Path::new("../shared/ooxml/validate.py");
    match python_with("lxml") {
        Some(py) if validate.is_file() => {
            let o = Command::new(py).arg(validate).arg(&book).output().unwrap();
            assert!(
                o.status.success(),
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
        }
        _ => missing("python3 with lxml or ../shared/ooxml/validate.py not found"),
    }
}

#[test]
fn an_existing_workbook_is_kept_unless_forced_and_the_same_bytes_come_again() {
    let dir = seeded("force");
    let book = workbook(&dir);
    let first = std::fs::read(&book).unwrap();
    let args = [
        "init",
        "--year",
        "2025",
        "--from",
        "2024",
        "--inputs",
        s(&dir),
        "--xlsx",
    ];
    std::fs::write(&book, b"changed").unwrap();
    let o = jixiao(&args);
    assert!(String::from_utf8_lossy(&o.stderr).contains("已存在，未覆盖"));
    assert_eq!(std::fs::read(&book).unwrap(), b"changed");
    let mut forced = args.to_vec();
    forced.push("--force");
    common::jixiao_ok(&forced);
    assert!(std::fs::read(&book).unwrap() == first, "deterministic");
    #[cfg(unix)]
    {
        std::fs::remove_file(&book).unwrap();
        let elsewhere = dir.join("elsewhere.xlsx");
        std::fs::write(&elsewhere, b"not ours").unwrap();
        std::os::unix::fs::symlink(&elsewhere, &book).unwrap();
        let o = jixiao(&forced);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("符号链接"));
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"not ours");
    }
    // Without --from there is nothing to lay out.
    let o = jixiao(&["init", "--year", "2025", "--inputs", s(&dir), "--xlsx"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_unfilled_workbook_reads_back_with_diagnostics_at_its_cells() {
    let dir = seeded("unfilled");
    let book = workbook(&dir);
    let o = jixiao(&["check", s(&book), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stderr.is_empty() || !String::from_utf8_lossy(&o.stderr).contains("panicked"));
    let out = String::from_utf8_lossy(&o.stdout);
    let errors: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("\"severity\":\"error\""))
        .collect();
    assert!(!errors.is_empty());
    for e in &errors {
        assert!(
            ["E0504", "E0505", "E0105"].iter().any(|c| e.contains(c)),
            "only what the unit still has to fill: {e}"
        );
        assert!(e.contains("\"kind\":\"cell\""), "{e}");
    }
    let at = |code: &str, sheet: &str, cell: &str| {
        errors.iter().any(|e| {
            e.contains(code)
                && e.contains(&format!("\"sheet\":\"{sheet}\""))
                && e.contains(&format!("\"cell\":\"{cell}\""))
        })
    };
    assert!(at("E0504", "托育中心经费", "C13"), "{out}");
    assert!(out.contains("没有填实际完成值"), "in Chinese");
    assert!(at("E0105", "托育中心经费", "E11"), "实际完成情况: {out}");
    assert!(
        !out.contains("说明"),
        "the 说明 sheet is skipped silently: {out}"
    );
}

/// The published tables of a pack's unit folder: per project, the docx table
/// and the xlsx sheet below its two heading rows (as shown, and as stored).
fn tables(unit: &Path) -> Vec<(String, String, Vec<Anchor>)> {
    PROJECTS
        .iter()
        .map(|p| {
            let docx = std::fs::read(unit.join(format!("{p}.docx"))).unwrap();
            let table = &read_docx_tables(&docx).unwrap()[0];
            let cells: Vec<Anchor> = table
                .iter()
                .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.clone()))
                .collect();
            let xlsx = std::fs::read(unit.join(format!("{p}.xlsx"))).unwrap();
            let shown = notation(&xlsx_cells(&xlsx, 2, data_text));
            let mut stored = xlsx_cells(&xlsx, 2, |d| format!("{d:?}"));
            stored.sort();
            (notation(&cells), shown, stored)
        })
        .collect()
}

#[test]
fn filled_by_a_script_and_saved_by_libreoffice_it_reports_the_seed_tables() {
    let Some(py) = python_with("openpyxl") else {
        return missing("python3 with openpyxl not found");
    };
    let soffice = Command::new("soffice").arg("--version").output();
    if !soffice.is_ok_and(|o| o.status.success()) {
        return missing("soffice (LibreOffice) not found");
    }
    let dir = seeded("filled");
    let book = workbook(&dir);
    // Last year's pack, from the YAML seed: the values to fill in.
    let last = dir.join("out2024");
    common::jixiao_ok(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        s(&dir.join("2024")),
        "--outputs",
        s(&last),
        "--no-pdf",
    ]);
    let filled = dir.join("filled.xlsx");
    let o = Command::new(py)
        .arg("tests/fixtures/fill_workbook.py")
        .args([s(&book), s(&last.join(UNIT)), s(&filled), "2024", "2025"])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the script writes only unlocked cells: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let saved = dir.join("saved");
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            s(&dir.join("lo-profile"))
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir", s(&saved)])
        .arg(&filled)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let inputs = dir.join("in2025");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(
        saved.join("filled.xlsx"),
        inputs.join(format!("{UNIT}.xlsx")),
    )
    .unwrap();

    let o = jixiao(&["check", s(&inputs), "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let out = dir.join("out2025");
    common::jixiao_ok(&[
        "report",
        "--year",
        "2025",
        "--inputs",
        s(&inputs),
        "--outputs",
        s(&out),
        "--no-pdf",
    ]);
    let now = tables(&out.join(UNIT));
    let then = tables(&last.join(UNIT));
    for ((project, (docx, shown, stored)), (docx_then, _, stored_then)) in
        PROJECTS.iter().zip(&now).zip(&then)
    {
        let golden =
            std::fs::read_to_string(Path::new("tests/golden").join(format!("{project}.tsv")))
                .unwrap();
        for (i, (e, a)) in golden.lines().zip(docx.lines()).enumerate() {
            assert_eq!(
                e,
                a,
                "{project}: docx row {} differs from the golden",
                i + 1
            );
        }
        assert_eq!(golden.lines().count(), docx.lines().count(), "{project}");
        assert_eq!(&golden, shown, "{project}: the xlsx against the golden");
        assert_eq!(docx, docx_then, "{project}: docx as from the YAML seed");
        assert_eq!(
            stored, stored_then,
            "{project}: xlsx values as from the YAML seed"
        );
    }
}

/// The docx tables of every project of a pack, by file name.
fn docx_tables(pack: &Path) -> BTreeMap<String, String> {
    common::walk(pack)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().contains("年度"))
        .map(|p| {
            let table = &read_docx_tables(&std::fs::read(&p).unwrap()).unwrap()[0];
            let cells: Vec<Anchor> = table
                .iter()
                .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.clone()))
                .collect();
            (
                p.file_name().unwrap().to_string_lossy().into(),
                notation(&cells),
            )
        })
        .collect()
}

#[test]
fn every_form_prints_its_cells_to_fill_blank_and_reads_back_filled() {
    let py = python_with("openpyxl");
    for form in [
        "national",
        "shanghai-yuan",
        "hubei",
        "sichuan",
        "sichuan-xianjie",
        "yunnan",
    ] {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("fill")
            .join(format!("form-{form}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("2024")).unwrap();
        for e in std::fs::read_dir(Path::new("tests/forms").join(form)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.join("2024").join(p.file_name().unwrap())).unwrap();
        }
        let args = [
            "init",
            "--year",
            "2025",
            "--from",
            "2024",
            "--inputs",
            s(&dir),
            "--xlsx",
        ];
        common::jixiao_ok(&args);
        let books: Vec<PathBuf> = common::walk(&dir.join("2025"));
        assert_eq!(books.len(), 1, "{form}: one unit");
        let bytes = std::fs::read(&books[0]).unwrap();
        // Every cell to fill is blank: nothing computed, nothing carried.
        let unlocked = unlocked_styles(&zip_entry(&bytes, "xl/styles.xml").unwrap());
        let xml = zip_entry(&bytes, "xl/worksheets/sheet2.xml").unwrap();
        let cells = sheet_cells(&xml);
        let open: Vec<&String> = (cells.iter())
            .filter(|(_, (style, _))| unlocked.contains(style))
            .map(|(r, _)| r)
            .collect();
        assert!(open.len() > 10, "{form}: {open:?}");
        for r in open {
            assert!(!cells[r].1, "{form}: {r} is to fill, and blank");
        }

        let Some(py) = py else {
            missing("python3 with openpyxl not found");
            continue;
        };
        let last = dir.join("out2024");
        common::jixiao_ok(&[
            "report",
            "--year",
            "2024",
            "--inputs",
            s(&dir.join("2024")),
            "--outputs",
            s(&last),
            "--no-pdf",
        ]);
        let unit = std::fs::read_dir(&last)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.is_dir())
            .unwrap();
        let inputs = dir.join("in2025");
        std::fs::create_dir_all(&inputs).unwrap();
        let o = Command::new(py)
            .arg("tests/fixtures/fill_workbook.py")
            .arg(&books[0])
            .arg(&unit)
            .arg(inputs.join("filled.xlsx"))
            .args(["2024", "2025"])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{form}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        // The workbook's 说明 sheet names its 表式: no --form.
        let out = dir.join("out2025");
        common::jixiao_ok(&[
            "report",
            "--year",
            "2025",
            "--inputs",
            s(&inputs),
            "--outputs",
            s(&out),
            "--no-pdf",
        ]);
        assert_eq!(docx_tables(&out), docx_tables(&last), "{form}");
    }
}
