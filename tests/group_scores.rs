//! A form that scores each 二级 group whole (湖北 项目自评表): one 得分 beside
//! all the group's rows, no 分值; the 总分 is the budget's 得分 and the groups'.

mod common;

use std::path::Path;

use common::forms;
use jixiao::pipeline::check_path;

const EXAMPLE: &str = "tests/forms/hubei/乡镇卫生院基本公共卫生服务.yaml";

fn tmp(name: &str) -> std::path::PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("group-scores")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The one table of `file`, checked without an error.
fn clean(file: &Path) -> jixiao::score::Scored {
    let mut checked = check_path(file, forms());
    let c = checked.remove(0);
    assert!(
        c.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        c.diagnostics
    );
    c.scored.expect("read")
}

fn group_scores(p: &jixiao::model::Project) -> Vec<String> {
    p.group_scores()
        .map(|g| g.get().normalize().to_string())
        .collect()
}

#[test]
fn the_example_scores_its_groups_and_adds_them_to_the_total() {
    let s = clean(Path::new(EXAMPLE));
    assert_eq!(group_scores(&s.project), ["28", "15", "7", "20", "9"]);
    // 20 × 98 % = 19.6 for the budget, then the groups: 98.6.
    assert_eq!(s.funds.weight.normalize().to_string(), "20");
    assert_eq!(s.rule_total.normalize().to_string(), "98.6");
}

#[test]
fn a_total_that_is_not_the_sum_of_the_groups_is_a_finding() {
    let dir = tmp("total");
    let file = dir.join("t.yaml");
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    std::fs::write(&file, text.replace("      得分: 28\n", "      得分: 30\n")).unwrap();
    let c = &check_path(&file, forms())[0];
    let codes: Vec<&str> = c
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["E0604"], "{:#?}", c.diagnostics);
}

/// A map that is one indicator written without its `-` is still reported as
/// a 二级 that is not a list, not read as a group.
#[test]
fn an_indicator_without_its_dash_is_not_a_group() {
    let dir = tmp("dash");
    let file = dir.join("t.yaml");
    let text = std::fs::read_to_string(EXAMPLE).unwrap().replace(
        "      得分: 15\n      三级指标:\n      - { 三级指标: 服务规范率",
        "      { 三级指标: 服务规范率",
    );
    std::fs::write(&file, text).unwrap();
    let c = &check_path(&file, forms())[0];
    assert!(
        c.diagnostics.iter().any(|d| d.code == "E0104"),
        "{:#?}",
        c.diagnostics
    );
}

/// `import --form hubei` of the form's own workbook writes the groups' 得分
/// and the 表式, and the YAML checks clean and reads to the same scores.
#[test]
fn the_workbook_imports_to_yaml_with_the_group_scores() {
    let dir = tmp("import");
    let out = dir.join("out");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    common::jixiao_ok(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        "tests/forms/hubei",
        "--outputs",
        &s(&out),
        "--no-pdf",
    ]);
    let xlsx = out
        .join("某镇卫生院")
        .join("乡镇卫生院基本公共卫生服务.xlsx");
    let yaml_dir = dir.join("yaml");
    common::jixiao_ok(&[
        "import",
        "--form",
        "hubei",
        &s(&xlsx),
        "--out",
        &s(&yaml_dir),
    ]);
    let yaml = yaml_dir.join("乡镇卫生院基本公共卫生服务.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(text.contains("表式: \"hubei\"\n"), "{text}");
    assert!(text.contains("      得分: 28\n      三级指标:\n"), "{text}");
    let s = clean(&yaml);
    assert_eq!(group_scores(&s.project), ["28", "15", "7", "20", "9"]);
}

/// The audit adds the groups' 得分 to its own 总分 and looks for no 分值
/// split or full marks on a table without 分值: nothing to flag.
#[test]
fn the_audit_flags_nothing_on_a_table_scored_by_groups() {
    let o = common::jixiao_ok(&["audit", "tests/forms/hubei", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["attention"], serde_json::json!([]), "{v:#}");
}
