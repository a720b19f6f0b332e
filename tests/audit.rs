//! `jixiao audit`: a folder mixing YAML, workbooks (Excel, WPS, LibreOffice
//! saved) and Word documents, in subfolders. The audit lists exactly what
//! `check` finds in each table, one row each, with the right counts per unit
//! and per code; the patterns of 关注 each on the tables that show them; the
//! workbook holds numbers as numbers, an autofilter, a frozen header and the
//! grade chart, and is the same bytes on every run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::xlsx_read::{read_all, read_sheet};
use jixiao::audit::{audit, Report};
use jixiao::form::Catalog;
use jixiao::pipeline::{check_path, gather, Duplicates};

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("audit")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn jixiao(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .unwrap()
}

/// A folder of what a district's reviewers receive: the bad-input corpus, the
/// real-workbook corpus, the seed as Word documents from jixiao, in subfolders.
fn received(name: &str) -> PathBuf {
    let dir = tmp(&format!("received-{name}"));
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        std::fs::copy(from, to.join(from.file_name().unwrap())).unwrap();
    };
    for e in std::fs::read_dir("tests/bad").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            copy(&p, &dir.join("yaml"));
        }
    }
    for e in std::fs::read_dir("tests/fixtures/real").unwrap() {
        let p = e.unwrap().path();
        if p.extension()
            .is_some_and(|x| x == "xlsx" || x == "ods" || x == "xls")
        {
            copy(&p, &dir.join("workbooks"));
        }
    }
    let pack = tmp(&format!("seed-pack-{name}"));
    let o = jixiao(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        "tests/seed/2024",
        "--outputs",
        pack.to_str().unwrap(),
        "--no-pdf",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (rel, _) in common::files(&pack) {
        if rel.ends_with(".docx") && !rel.contains("2024年度") {
            copy(&pack.join(&rel), &dir.join("word").join("deeper"));
        }
    }
    dir
}

/// What `check` finds in the files, table by table, duplicates marked as it does.
fn checked(files: &[PathBuf], forms: &Catalog) -> Vec<(String, String, String, String)> {
    let mut all: Vec<_> = files.iter().flat_map(|f| check_path(f, forms)).collect();
    Duplicates::default().mark(&mut all);
    let mut out: Vec<_> = all
        .into_iter()
        .flat_map(|c| c.diagnostics)
        .map(|d| {
            (
                d.file.display().to_string(),
                d.place.describe(),
                jixiao::diag::shown_code(d.code),
                d.message,
            )
        })
        .collect();
    out.sort();
    out
}

fn listed(r: &Report) -> Vec<(String, String, String, String)> {
    let mut out: Vec<_> = r
        .findings
        .iter()
        .map(|f| {
            (
                f.file.clone(),
                f.place.clone(),
                f.code.clone(),
                f.message.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_audit_lists_exactly_what_check_finds_with_its_counts() {
    let dir = received("list");
    let forms = Catalog::load(None).unwrap();
    let (files, unreadable) = gather(std::slice::from_ref(&dir), true);
    assert!(unreadable.is_empty());
    let kinds: BTreeMap<String, usize> = files.iter().fold(BTreeMap::new(), |mut m, f| {
        *m.entry(f.extension().unwrap().to_string_lossy().into_owned())
            .or_default() += 1;
        m
    });
    assert!(
        kinds["yaml"] > 40 && kinds["xlsx"] > 10 && kinds["docx"] == 3,
        "{kinds:?}"
    );
    let report = audit(&files, &forms, Vec::new());
    assert_eq!(listed(&report), checked(&files, &forms));
    // One row per table: the three Word tables among them, read with their totals.
    let word: Vec<_> = report
        .tables
        .iter()
        .filter(|t| t.file.ends_with(".docx"))
        .collect();
    assert_eq!(word.len(), 3);
    assert!(word.iter().all(|t| t.errors == 0 && t.total.is_some()));
    // Per unit and per code, the counts are those of the list.
    for u in &report.units {
        // Tables whose unit could not be read have a row of their own.
        let unit = if u.unit == jixiao::audit::UNREAD {
            ""
        } else {
            u.unit.as_str()
        };
        let errors = report
            .findings
            .iter()
            // An error the unit accepted (已确认) does not count as one.
            .filter(|f| {
                f.unit == unit
                    && f.severity.label() == "错误"
                    && f.accepted.is_empty()
                    && !f.file.is_empty()
            })
            .count();
        assert_eq!(u.errors, errors, "{}", u.unit);
        let tables = report.tables.iter().filter(|t| t.unit == unit).count();
        assert_eq!(u.tables, tables, "{}", u.unit);
    }
    for r in &report.rules {
        let n = report.findings.iter().filter(|f| f.code == r.code).count();
        assert_eq!(r.count, n, "{}", r.code);
    }
    let codes: usize = report.rules.iter().map(|r| r.count).sum();
    assert_eq!(codes, report.findings.len());
    // Sorted by unit, then project.
    let keys: Vec<_> = report
        .findings
        .iter()
        .map(|f| (&f.unit, &f.project))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn the_workbook_has_its_sheets_numbers_filters_chart_and_fixed_bytes() {
    let dir = received("book");
    let out = tmp("book").join("审核.xlsx");
    let o = jixiao(&[
        "audit",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    let names: Vec<String> = read_all(&bytes)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["问题清单", "项目", "按单位", "按规则", "关注"]);
    let tables = read_sheet(&bytes, "项目").unwrap();
    let head: Vec<String> = (0..12)
        .map(|c| common::xlsx_read::data_text(tables.cell(0, c)))
        .collect();
    assert_eq!(head[4], "全年预算数(万元)");
    assert_eq!(head[8], "按规则总分");
    // The seed's Word tables, their figures stored as numbers.
    let seed_row = (1..tables.cells.len())
        .find(|&r| common::xlsx_read::data_text(tables.cell(r, 1)) == "托育中心经费")
        .expect("the seed table is listed");
    for c in 4..9 {
        assert!(
            matches!(tables.cell(seed_row, c), calamine::Data::Float(_)),
            "column {c}: {:?}",
            tables.cell(seed_row, c)
        );
    }
    // The autofilter, the frozen header and the chart are in the package.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let part = |zip: &mut zip::ZipArchive<_>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let first = part(&mut zip, "xl/worksheets/sheet1.xml");
    assert!(first.contains("<autoFilter") && first.contains("state=\"frozen\""));
    assert!(zip.by_name("xl/charts/chart1.xml").is_ok());
    // The same bytes again; JSON with the same findings.
    let again = tmp("book2").join("审核.xlsx");
    jixiao(&[
        "audit",
        dir.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
    ]);
    assert!(
        std::fs::read(&again).unwrap() == bytes,
        "the bytes differ between runs"
    );
    let json = jixiao(&["audit", dir.to_str().unwrap(), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let findings = read_sheet(&bytes, "问题清单").unwrap();
    assert_eq!(
        value["findings"].as_array().unwrap().len() + 1,
        findings.cells.len()
    );
    assert!(value["tables"][0]["budget"].is_number() || value["tables"][0]["budget"].is_null());
}

#[test]
fn exit_codes_follow_check() {
    let clean = tmp("clean");
    std::fs::copy(
        "tests/seed/2024/托育中心经费.yaml",
        clean.join("托育中心经费.yaml"),
    )
    .unwrap();
    let out = clean.join("审核.xlsx");
    let run = |args: &[&str]| jixiao(args).status.code();
    assert_eq!(
        run(&[
            "audit",
            clean.to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ]),
        Some(0)
    );
    // Its own workbook in the folder is not read as a table the next time.
    assert_eq!(
        run(&[
            "audit",
            clean.to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ]),
        Some(0)
    );
    let missing = clean.join("没有这个文件夹");
    assert_eq!(
        run(&[
            "audit",
            clean.to_str().unwrap(),
            missing.to_str().unwrap(),
            "--out",
            out.to_str().unwrap()
        ]),
        Some(2)
    );
}

/// One project as YAML: `scores` and `actuals` per indicator, spent of 100.
fn project(name: &str, unit: &str, spent: &str, rows: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut y = format!(
        "年度: 2024\n项目名称: {name}\n主管部门: 某区财政局\n实施单位: {unit}\n项目资金:\n  分数: 10\n  当年财政拨款: {{ 年初预算数: 100, 全年预算数: 100, 全年执行数: {spent} }}\n年度总体目标:\n  预期目标: 完成。\n  实际完成情况: 完成。\n绩效指标:\n"
    );
    let mut level = "";
    for (l1, l2, target, actual, score) in rows {
        if *l1 != level {
            y.push_str(&format!("  {l1}:\n"));
            level = l1;
        }
        y.push_str(&format!(
            "    {l2}:\n      - {{ 三级指标: {l2}甲, 年度指标值: \"{target}\", 实际完成值: \"{actual}\", 分值: 30, 得分: {score}, 偏差原因分析及改进措施: 略 }}\n"
        ));
    }
    y
}

#[test]
fn each_pattern_is_listed_for_the_tables_that_show_it() {
    let dir = tmp("patterns");
    let full = [
        ("产出指标", "数量指标", "≥90%", "95%", "30"),
        ("效益指标", "社会效益指标", "≥90%", "92%", "30"),
        ("满意度指标", "服务对象满意度指标", "≥80%", "90%", "30"),
    ];
    let write = |file: &str, text: String| std::fs::write(dir.join(file), text).unwrap();
    // Spent 70 of 100, every indicator at full marks.
    write("a.yaml", project("全满分", "甲单位", "70", &full));
    // 实际完成值 copied from the targets; a score above what 50% supports.
    write(
        "b.yaml",
        project(
            "照抄",
            "乙单位",
            "100",
            &[
                ("产出指标", "数量指标", "=100%", "100%", "30"),
                ("效益指标", "社会效益指标", "≥90%", "45%", "30"),
                ("满意度指标", "服务对象满意度指标", "=100%", "100%", "30"),
            ],
        ),
    );
    // The same project name in two units.
    write("c.yaml", project("照抄", "丙单位", "100", &full));
    let (files, _) = gather(std::slice::from_ref(&dir), false);
    let report = audit(&files, &Catalog::load(None).unwrap(), Vec::new());
    let rows: Vec<(String, &str)> = report
        .attention
        .iter()
        .map(|a| (format!("{}/{}", a.unit, a.project), a.pattern))
        .collect();
    let has = |who: &str, pattern: &str| rows.iter().any(|(w, p)| w == who && p.contains(pattern));
    assert!(has("甲单位/全满分", "执行率低而指标全满分"), "{rows:#?}");
    assert!(has("乙单位/照抄", "自评总分高于"), "{rows:#?}");
    assert!(
        has("乙单位/照抄", "总分与按规则计算的总分相差超过 5 分"),
        "{rows:#?}"
    );
    assert!(has("甲单位/全满分", "一级指标分值偏离"), "{rows:#?}");
    assert!(
        has("丙单位、乙单位/照抄", "同一项目名称出现在多个单位"),
        "{rows:#?}"
    );
    // Not listed where it does not hold.
    assert!(!has("丙单位/照抄", "执行率低"), "{rows:#?}");
    assert!(!has("甲单位/全满分", "实际完成值全部等于"), "{rows:#?}");
    assert!(!has("甲单位/全满分", "自评总分高于"), "{rows:#?}");
    let why = &report
        .attention
        .iter()
        .find(|a| a.pattern.contains("执行率低"))
        .unwrap()
        .why;
    assert!(
        why.contains("执行率 70.00%") && why.contains("3 个指标"),
        "{why}"
    );
}

#[test]
fn copied_indicators_and_copied_actual_values_are_listed() {
    let dir = tmp("copied");
    let same = [
        ("产出指标", "数量指标", "=100%", "100%", "30"),
        ("效益指标", "社会效益指标", "=100%", "100%", "30"),
        ("满意度指标", "服务对象满意度指标", "=100%", "100%", "30"),
    ];
    for i in 0..5 {
        std::fs::write(
            dir.join(format!("{i}.yaml")),
            project(&format!("项目{i}"), &format!("单位{i}"), "100", &same),
        )
        .unwrap();
    }
    let (files, _) = gather(std::slice::from_ref(&dir), false);
    let report = audit(&files, &Catalog::load(None).unwrap(), Vec::new());
    let copied: Vec<_> = report
        .attention
        .iter()
        .filter(|a| a.pattern == "同一指标照搬到多个项目")
        .collect();
    assert_eq!(copied.len(), 3, "{:#?}", report.attention);
    assert!(
        copied[0].why.contains("在 5 个项目中完全相同"),
        "{}",
        copied[0].why
    );
    assert!(copied[0].unit.contains("等 5 个"), "{}", copied[0].unit);
    let as_targeted = report
        .attention
        .iter()
        .filter(|a| a.pattern == "实际完成值全部等于年度指标值")
        .count();
    assert_eq!(as_targeted, 5);
}
