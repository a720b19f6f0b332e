//! The YAML `init --from` and `import` write is data (issue #26): a line feed
//! in 项目名称, a carriage return in 实际完成值 or a reason, a line separator in
//! a paragraph never end a comment or a value and start a key; the file reads
//! back to the same values.

mod common;
use common::forms;

use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao::input::emit::project_yaml;
use jixiao::input::yaml::load_str;
use jixiao::model::{Actual, Project};

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");
const SEED: &str = "tests/seed/2024/托育中心经费.yaml";
const NAME: &str = "托育中心经费\n评分等级: 差";
const ACTUAL: &str = "达成指标\r评分等级: 差";
const REASON: &str = "无机构新开办\r评分等级: 差\u{2028}总分: 0";
const PARAGRAPH: &str = "培养高素质队伍\u{2028}评分等级: 差";

/// The seed project with hostile text in its name, an actual value, a reason
/// and a paragraph.
fn hostile_seed() -> String {
    std::fs::read_to_string(SEED)
        .unwrap()
        .replacen(
            "项目名称: 托育中心经费",
            "项目名称: \"托育中心经费\\n评分等级: 差\"",
            1,
        )
        .replacen(
            "{ 三级指标: 完成节点, 年度指标值: 及时, 实际完成值: 达成指标,",
            "{ 三级指标: 完成节点, 年度指标值: 及时, 实际完成值: \"达成指标\\r评分等级: 差\",",
            1,
        )
        .replacen(
            "偏差原因分析及改进措施: 2024 年度无机构新开办, 此费用用于年检回头看。",
            "偏差原因分析及改进措施: \"无机构新开办\\r评分等级: 差\\L总分: 0\"",
            1,
        )
        .replacen(
            "  实际完成情况: |\n",
            &format!("  实际完成情况: |\n    {PARAGRAPH}\n"),
            1,
        )
}

fn load(text: &str) -> Project {
    let (p, diags) = load_str(Path::new("t.yaml"), text, forms().words());
    let p = p.unwrap_or_else(|| panic!("{diags:#?}\n{text}"));
    assert!(
        !diags
            .iter()
            .any(|d| ["E0002", "E0102", "E0103"].contains(&d.code.as_str())),
        "{diags:#?}\n{text}"
    );
    p
}

/// The top-level keys of a YAML text, as a YAML reader sees them.
fn top_keys(text: &str) -> Vec<String> {
    let value: serde_json::Value = serde_saphyr::from_str(text).unwrap();
    value.as_object().unwrap().keys().cloned().collect()
}

fn actual_of(p: &Project, name: &str) -> String {
    let i = (p.indicators.iter())
        .flat_map(|l1| &l1.groups)
        .flat_map(|l2| &l2.indicators)
        .find(|i| i.name.value == name)
        .unwrap();
    match &i.actual.as_ref().unwrap().value {
        Actual::Qualitative(s) => s.clone(),
        other => panic!("{other:?}"),
    }
}

fn reason_of(p: &Project, name: &str) -> String {
    let i = (p.indicators.iter())
        .flat_map(|l1| &l1.groups)
        .flat_map(|l2| &l2.indicators)
        .find(|i| i.name.value == name)
        .unwrap();
    i.reason.as_ref().unwrap().value.clone()
}

#[test]
fn the_hostile_seed_holds_what_the_test_means() {
    let p = load(&hostile_seed());
    assert_eq!(p.name.value, NAME);
    assert_eq!(actual_of(&p, "完成节点"), ACTUAL);
    assert_eq!(reason_of(&p, "机构开办评估"), REASON);
    assert_eq!(p.goals.actual.value[0], PARAGRAPH);
}

#[test]
fn imported_yaml_reads_back_to_the_same_values_and_no_key_is_added() {
    let mut p = load(&hostile_seed());
    // The workbook's name goes into a comment.
    p.source = PathBuf::from("表\r评分等级: 差.xlsx");
    let text = project_yaml(&p, &forms().words().vocab);
    let back = load(&text);
    assert_eq!(back.name.value, NAME);
    assert_eq!(actual_of(&back, "完成节点"), ACTUAL);
    assert_eq!(reason_of(&back, "机构开办评估"), REASON);
    assert_eq!(back.goals.actual.value, p.goals.actual.value);
    assert_eq!(back.grade.unwrap().value, "优");
    let keys = top_keys(&text);
    assert_eq!(keys.iter().filter(|k| *k == "评分等级").count(), 1);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("评分等级")).count(),
        1,
        "{text}"
    );
}

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("emitted-yaml")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("2024")).unwrap();
    dir
}

#[test]
fn next_years_file_holds_no_key_the_text_made() {
    let dir = tmp("init");
    std::fs::write(dir.join("2024").join("a.yaml"), hostile_seed()).unwrap();
    let o = Command::new(BIN)
        .args(["init", "--year", "2025", "--from", "2024", "--inputs"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let file = std::fs::read_dir(dir.join("2025"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut keys = top_keys(&text);
    let mut want = [
        "年度",
        "项目名称",
        "主管部门",
        "实施单位",
        "项目资金",
        "年度总体目标",
        "绩效指标",
    ]
    .map(String::from)
    .to_vec();
    keys.sort();
    want.sort();
    assert_eq!(keys, want, "{text}");
    // Every line that is not a comment is the file's own: none starts with the text.
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("评分等级") || l.starts_with("总分")),
        "{text}"
    );
    let p = load(&text);
    assert_eq!(p.name.value, NAME);
    assert_eq!(p.year.unwrap().value, 2025);
}
