//! A form decides which fields a table must have: a form folder without 分值
//! and 得分 columns, without source rows and without 年度总体目标 checks and
//! renders a table typed without them, while the built-in forms, which have
//! them, still require them.

mod common;

use std::path::{Path, PathBuf};

use common::docx_read::read_docx_tables;
use common::forms;
use jixiao::form::Catalog;
use jixiao::pack::{report, Options, PdfChoice};
use jixiao::pipeline::check_path;

const FORM: &str = r#"name: targets-only
description: 只列目标和实际完成值的绩效目标自评表（无分值、得分、资金来源和年度总体目标）
title: 绩效目标自评表
print: { places: as_written, target: as_written, actual: as_written, rate: percent }
rules:
  split: { severity: off }
  grades: []
  required: []
sources: []
styles:
  title: { size_pt: 16, bold: true, border: false, wrap: false }
  label: { size_pt: 9 }
  head:  { size_pt: 9, bold: true }
  text:  { size_pt: 9, align: left }
  cell:  { size_pt: 9 }
  num:   { size_pt: 9 }
"#;

const TEMPLATE: &str = r#"<form>
<p class="title">绩效目标自评表({{ year }}年度)</p>
<table>
<col width="20"/><col width="24"/><col width="40"/><col width="30"/><col width="30"/>
<tr><td class="label">项目名称</td><td colspan="4" class="text">{{ name }}</td></tr>
<tr><td class="label">主管部门</td><td colspan="2" class="text">{{ department }}</td><td class="label">实施单位</td><td class="text">{{ unit }}</td></tr>
<tr><td colspan="2" class="label">资金情况(万元)</td><td class="label">全年预算数</td><td class="label">全年执行数</td><td class="label">执行率</td></tr>
<tr><td colspan="2" class="label">年度资金总额</td><td class="num">{{ funds.total.budget }}</td><td class="num">{{ funds.total.spent }}</td><td class="num">{{ funds.total.rate }}</td></tr>
<tr repeat="header"><td class="head">一级指标</td><td class="head">二级指标</td><td class="head">三级指标</td><td class="head">年度指标值</td><td class="head">实际完成值</td></tr>
{%- for l1 in indicators %}{% for l2 in l1.groups %}{% set first_of_l2_in_l1 = loop.first %}{% for item in l2.items %}
<tr>
{%- if loop.first and first_of_l2_in_l1 %}<td rowspan="{{ l1.rows }}" class="label">{{ l1.name }}</td>{% endif %}
{%- if loop.first %}<td rowspan="{{ l2.rows }}" class="label">{{ l2.name }}</td>{% endif -%}
<td class="text">{{ item.name }}</td><td class="cell">{{ item.target }}</td><td class="cell">{{ item.actual }}</td></tr>
{%- endfor %}{% endfor %}{% endfor %}
</table>
</form>
"#;

/// A table of the form: no 分值, no 得分, no source row, no 年度总体目标.
const TABLE: &str = "年度: 2024
项目名称: 村级道路养护
主管部门: 某县交通运输局
实施单位: 某镇人民政府
项目资金:
  年度资金总额: { 全年预算数: 12.5, 全年执行数: 12.5 }
绩效指标:
  产出指标:
    数量指标:
      - { 三级指标: 养护里程, 年度指标值: \"≥20公里\", 实际完成值: 21公里 }
    时效指标:
      - { 三级指标: 完成时间, 年度指标值: 年底前, 实际完成值: 按时完成 }
  满意度指标:
    服务对象满意度指标:
      - { 三级指标: 群众满意度, 年度指标值: \"≥90%\", 实际完成值: 95% }
";

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("form-fields")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The form folder and an input folder holding the table.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let root = tmp(name);
    let form = root.join("form");
    std::fs::create_dir_all(&form).unwrap();
    std::fs::write(form.join("form.yaml"), FORM).unwrap();
    std::fs::write(form.join("table.xhtml.j2"), TEMPLATE).unwrap();
    let inputs = root.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(inputs.join("村级道路养护.yaml"), TABLE).unwrap();
    (form, inputs)
}

#[test]
fn a_form_without_weights_sources_or_goals_takes_a_table_without_them() {
    let (form, inputs) = setup("check");
    let file = inputs.join("村级道路养护.yaml");
    let own = Catalog::load(Some(form.to_str().unwrap())).unwrap();
    let checked = check_path(&file, &own);
    let errors: Vec<_> = checked[0]
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || d.severity == jixiao::diag::Severity::Warning)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let p = &checked[0].scored.as_ref().unwrap().project;
    assert!(p.indicators().all(|(_, _, i)| i.weight.is_none()));
    assert!(p.funds.sources.is_empty() && p.goals.expected.value.is_empty());

    // The national forms have all three: each left-out field is E0101, once.
    let on_shanghai = check_path(&file, forms());
    let missing: Vec<&str> = on_shanghai[0]
        .diagnostics
        .iter()
        .filter(|d| d.code == "E0101")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing.len(), 1 + 1 + 3, "{missing:#?}");
    assert!(missing.iter().any(|m| m.contains("年度总体目标")));
    assert!(missing.iter().any(|m| m.contains("资金来源")));
    assert_eq!(missing.iter().filter(|m| m.contains("分值")).count(), 3);
}

#[test]
fn a_form_without_weights_sources_or_goals_renders_a_table_without_them() {
    let (form, inputs) = setup("render");
    let out = inputs.parent().unwrap().join("out");
    let opts = Options {
        pdf: PdfChoice::Off,
        strict: true,
        ..Options::new(2024, &inputs, &out)
    };
    let own = Catalog::load(Some(form.to_str().unwrap())).unwrap();
    let outcome = report(&opts, &own, &|_| {}).expect("report runs");
    assert_eq!(
        (outcome.rendered, outcome.skipped),
        (1, 0),
        "{:#?}",
        outcome.diagnostics()
    );
    let bytes = std::fs::read(out.join("某镇人民政府").join("村级道路养护.docx")).unwrap();
    let cells = &read_docx_tables(&bytes).unwrap()[0];
    let text = |r: usize| -> Vec<String> {
        let mut row: Vec<_> = cells.iter().filter(|c| c.row == r).collect();
        row.sort_by_key(|c| c.col);
        row.iter().map(|c| c.text.clone()).collect()
    };
    assert_eq!(text(3), ["年度资金总额", "12.5", "12.5", "100.00%"]);
    assert_eq!(
        text(5),
        ["产出指标", "数量指标", "养护里程", "≥20公里", "21公里"]
    );
    assert_eq!(
        text(7),
        [
            "满意度指标",
            "服务对象满意度指标",
            "群众满意度",
            "≥90%",
            "95%"
        ]
    );
}

/// A 元 form reads amounts typed without 金额单位 as 元: the yunnan example
/// without its `金额单位: 元` line is the same project; with `金额单位: 万元`
/// the same numbers are 万元 (and too large to be a project's: W0207).
#[test]
fn a_yuan_form_reads_unstated_amounts_as_yuan() {
    let example = "tests/forms/yunnan/农村义务教育学生营养改善计划.yaml";
    let dir = tmp("yuan");
    let text = std::fs::read_to_string(example).unwrap();
    assert!(text.contains("  金额单位: 元\n"));
    let budget_of = |name: &str, body: &str| {
        let file = dir.join(name);
        std::fs::write(&file, body).unwrap();
        let checked = check_path(&file, forms());
        let warned = checked[0].diagnostics.iter().any(|d| d.code == "E0207");
        let s = checked[0].scored.as_ref().unwrap();
        (s.funds.total.budget, warned)
    };
    let stated = budget_of("stated.yaml", &text);
    let unstated = budget_of("unstated.yaml", &text.replace("  金额单位: 元\n", ""));
    let wan = budget_of(
        "wan.yaml",
        &text.replace("  金额单位: 元\n", "  金额单位: 万元\n"),
    );
    assert_eq!(stated.0.normalize().to_string(), "235");
    assert_eq!(unstated, stated);
    assert_eq!(
        (wan.0.normalize().to_string().as_str(), wan.1),
        ("2350000", true)
    );
}

/// A form's conventions: `total_weight: 110` (资金 10 counted outside the
/// indicators' 100) and `severity` per rule (`off` drops it, `warning` keeps it
/// without stopping the table).
#[test]
fn a_form_sets_the_total_weight_and_each_rules_severity() {
    let dir = tmp("conventions");
    let form = dir.join("form");
    std::fs::create_dir_all(&form).unwrap();
    let spec = std::fs::read_to_string("templates/shanghai/form.yaml").unwrap();
    let spec = spec.replacen(
        "rules:\n",
        "rules:\n  total_weight: 110\n  severity: { E0206: off, w0604: warning }\n",
        1,
    );
    std::fs::write(form.join("form.yaml"), spec).unwrap();
    std::fs::copy(
        "templates/shanghai/table.xhtml.j2",
        form.join("table.xhtml.j2"),
    )
    .unwrap();
    // 资金 worth 20 beside indicators worth 90, and a 总分 one point off.
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    let file = dir.join("t.yaml");
    std::fs::write(
        &file,
        seed.replace("  分数: 10\n", "  分数: 20\n")
            .replace("总分: 92\n", "总分: 101\n"),
    )
    .unwrap();
    let codes = |forms: &Catalog| -> Vec<(String, jixiao::diag::Severity)> {
        check_path(&file, forms)[0]
            .diagnostics
            .iter()
            .filter(|d| d.severity != jixiao::diag::Severity::Info)
            .map(|d| (d.code.as_str().to_string(), d.severity))
            .collect()
    };
    use jixiao::diag::Severity::{Error, Warning};
    let national = codes(forms());
    assert!(
        national.contains(&("E0206".into(), Warning)),
        "{national:?}"
    );
    assert!(national.contains(&("E0401".into(), Error)), "{national:?}");
    assert!(national.contains(&("E0604".into(), Error)), "{national:?}");
    let own = Catalog::load(Some(form.to_str().unwrap())).unwrap();
    assert_eq!(codes(&own), [("E0604".to_string(), Warning)]);
    // Printed as what it is on this form: 警告[W0604].
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "check",
            "--form",
            form.to_str().unwrap(),
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("警告[W0604]"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
    // A code that is no code is the form's mistake, named.
    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    let spec = std::fs::read_to_string(form.join("form.yaml")).unwrap();
    std::fs::write(
        bad.join("form.yaml"),
        spec.replace("E0206: off", "E9999: off"),
    )
    .unwrap();
    std::fs::copy(form.join("table.xhtml.j2"), bad.join("table.xhtml.j2")).unwrap();
    let e = Catalog::load(Some(bad.to_str().unwrap())).unwrap_err();
    assert!(e.to_string().contains("E9999"), "{e}");
}

/// A goal written blank is empty: an error (E0105) on a form that requires
/// it, nothing on one that does not.
#[test]
fn a_blank_goal_is_blank_where_the_form_allows_it() {
    let (form, inputs) = setup("blank-goal");
    let file = inputs.join("村级道路养护.yaml");
    let text = TABLE.replace(
        "绩效指标:",
        "年度总体目标:\n  预期目标: \"\"\n  实际完成情况: 按期完成养护\n绩效指标:",
    );
    std::fs::write(&file, text).unwrap();
    let own = Catalog::load(Some(form.to_str().unwrap())).unwrap();
    let checked = check_path(&file, &own);
    assert!(
        checked[0].diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        checked[0].diagnostics
    );
    let goals = &checked[0].scored.as_ref().unwrap().project.goals;
    assert!(goals.expected.value.is_empty());
    assert_eq!(goals.actual.value, ["按期完成养护"]);
    let on_shanghai = check_path(&file, forms());
    let blank: Vec<_> = on_shanghai[0]
        .diagnostics
        .iter()
        .filter(|d| d.code == "E0105")
        .collect();
    assert_eq!(blank.len(), 1, "{blank:#?}");
    assert!(blank[0].message.contains("预期目标"));
}

/// A form folder: the shanghai form with `rules` lines added.
fn form_with_rules(name: &str, rules: &str) -> (PathBuf, Catalog) {
    let dir = tmp(name);
    let form = dir.join("form");
    std::fs::create_dir_all(&form).unwrap();
    let spec = std::fs::read_to_string("templates/shanghai/form.yaml").unwrap();
    // The form's own line of a key the test sets goes.
    let keys: Vec<&str> = rules.lines().filter_map(|l| l.split(':').next()).collect();
    let spec: String = spec
        .lines()
        .filter(|l| !keys.iter().any(|k| l.starts_with(&format!("{k}:"))))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(
        form.join("form.yaml"),
        spec.replacen("rules:\n", &format!("rules:\n{rules}"), 1),
    )
    .unwrap();
    std::fs::copy(
        "templates/shanghai/table.xhtml.j2",
        form.join("table.xhtml.j2"),
    )
    .unwrap();
    let own = Catalog::load(Some(form.to_str().unwrap())).unwrap();
    (dir, own)
}

/// The codes other than notes `forms` reports for `table`.
fn findings(dir: &Path, table: &str, forms: &Catalog) -> Vec<String> {
    let file = dir.join("t.yaml");
    std::fs::write(&file, table).unwrap();
    check_path(&file, forms)[0]
        .diagnostics
        .iter()
        .filter(|d| d.severity != jixiao::diag::Severity::Info)
        .map(|d| d.code.as_str().to_string())
        .collect()
}

/// `score_places: 0`: a whole-point score stands for its rounding (9.91
/// written 10, 91.91 written 92), and a 9 for 9.91 is still a finding.
#[test]
fn a_whole_point_form_reads_a_written_score_as_its_rounding() {
    let (dir, whole) = form_with_rules("whole-points", "  score_places: 0\n");
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    // 32.80 of 33.09 spent: 99.12 %, 9.91 points of 10; the total 91.91.
    let spent = seed.replace("全年执行数: 33.09 }", "全年执行数: 32.80 }");
    assert_ne!(spent, seed);
    assert!(spent.contains("总分: 92\n"));
    assert_eq!(findings(&dir, &spent, forms()), ["E0604"]);
    assert!(findings(&dir, &spent, &whole).is_empty());
    let ten = spent.replace("  分数: 10\n", "  分数: 10\n  得分: 10\n");
    assert_eq!(findings(&dir, &ten, forms()), ["E0205"]);
    assert!(findings(&dir, &ten, &whole).is_empty());
    // 9 is not 9.91 rounded: the finding stays (and the total is then off).
    let nine = spent.replace("  分数: 10\n", "  分数: 10\n  得分: 9\n");
    let found = findings(&dir, &nine, &whole);
    assert!(found.contains(&"E0205".to_string()), "{found:?}");
}

/// `indicator_block: 80`: indicators scored out of 100 count for 80 beside
/// 资金 20 (`年度绩效目标(80分)` over 产出 60 + 效益 40).
#[test]
fn an_indicator_block_counts_the_indicators_for_its_points() {
    let (dir, block) = form_with_rules(
        "block",
        "  budget_weight: 20\n  indicator_block: 80\n  split: { severity: off }\n",
    );
    let table = "年度: 2024
项目名称: 乡村道路维护
主管部门: 某县交通运输局
实施单位: 某镇人民政府
项目资金:
  分数: 20
  得分: 20
  当年财政拨款: { 年初预算数: 50, 全年预算数: 50, 全年执行数: 50 }
年度总体目标:
  预期目标: 维护乡村道路 12 公里。
  实际完成情况: 维护乡村道路 12 公里。
绩效指标:
  产出指标:
    数量指标:
      - { 三级指标: 维护里程, 年度指标值: \"≥12公里\", 实际完成值: 12公里, 分值: 60, 得分: 60 }
  效益指标:
    社会效益指标:
      - { 三级指标: 群众出行改善, 年度指标值: 明显改善, 实际完成值: 基本改善, 分值: 40, 得分: 30, 偏差原因分析及改进措施: 部分路段雨季积水 }
总分: 92
评分等级: 优
";
    let national = findings(&dir, table, forms());
    for code in ["E0401", "E0604"] {
        assert!(national.contains(&code.to_string()), "{national:?}");
    }
    assert!(findings(&dir, table, &block).is_empty());
    // 20 + (60 + 30) × 0.8 = 92: a 总分 of 110 is wrong on the block form.
    let summed = table.replace("总分: 92", "总分: 110");
    assert_eq!(findings(&dir, &summed, &block), ["E0604"]);
}

/// A detail row (`其中：…`) is printed without 分值 and 得分, and no form
/// requires its 分值; another row without one is still E0101.
#[test]
fn a_detail_row_needs_no_weight() {
    let dir = tmp("detail");
    let seed = std::fs::read_to_string("tests/seed/2024/托育中心经费.yaml").unwrap();
    let detail = "      - { 三级指标: \"其中：年检回头看\", 年度指标值: \"=20.00家\", 实际完成值: \"20.00家\" }\n";
    let anchor = "      - { 三级指标: 机构年检评估,";
    assert!(seed.contains(anchor));
    let with = |row: &str| seed.replacen(anchor, &format!("{row}{anchor}"), 1);
    assert!(findings(&dir, &with(detail), forms()).is_empty());
    let plain = detail.replace("其中：年检回头看", "年检回头看");
    assert_eq!(findings(&dir, &with(&plain), forms()), ["E0101"]);
    // Printed with its 分值 and 得分 blank.
    let inputs = dir.join("2024");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(inputs.join("托育中心经费.yaml"), with(detail)).unwrap();
    let out = dir.join("out");
    let opts = Options {
        pdf: PdfChoice::Off,
        ..Options::new(2024, &inputs, &out)
    };
    let outcome = report(&opts, forms(), &|_| {}).expect("report runs");
    assert_eq!(outcome.rendered, 1, "{:#?}", outcome.diagnostics());
    let docx = common::walk(&out)
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n == "托育中心经费.docx"))
        .unwrap();
    let cells = &read_docx_tables(&std::fs::read(docx).unwrap()).unwrap()[0];
    let row = cells
        .iter()
        .find(|c| c.text == "其中：年检回头看")
        .unwrap()
        .row;
    let mut texts: Vec<_> = cells.iter().filter(|c| c.row == row).collect();
    texts.sort_by_key(|c| c.col);
    let texts: Vec<&str> = texts.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        &texts[texts.len() - 4..],
        ["20.00(家)", "", "", ""],
        "{texts:?}"
    );
}
