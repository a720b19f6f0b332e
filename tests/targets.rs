//! The year starts with the approved 目标表s: `init --targets` writes 自评表
//! inputs that keep what was approved, and `check`/`report`/`audit --targets`
//! report every difference from it, each once, with both values.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use jixiao::model::Project;

use common::jixiao;

fn root(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("targets")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The 目标表 a 自评表 was approved as: its names, budget (全年预算数 of each
/// source), 预期目标, tree, targets and weights, on the national 目标表 form.
fn plan_yaml(p: &Project, form: &str) -> String {
    let q = |t: &str| format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""));
    let mut o = String::new();
    let _ = writeln!(o, "年度: 2024\n表式: {form}");
    let _ = writeln!(o, "项目名称: {}", q(&p.name.value));
    let _ = writeln!(o, "主管部门: {}", q(&p.department.value));
    let _ = writeln!(o, "实施单位: {}", q(&p.unit.value));
    let _ = writeln!(o, "项目资金:");
    // Approved at the start of the year: the 年初预算数 where the table has it.
    for r in &p.funds.sources {
        let approved = r
            .initial
            .as_ref()
            .map_or(r.budget.value.value, |i| i.value.value);
        let _ = writeln!(o, "  {}: {{ 全年预算数: {approved} }}", r.name);
    }
    let _ = writeln!(
        o,
        "年度总体目标:\n  预期目标: {}",
        q(&p.goals.expected.value.join("\n"))
    );
    let _ = writeln!(o, "绩效指标:");
    for l1 in &p.indicators {
        let _ = writeln!(o, "  {}:", q(&l1.name.value));
        for l2 in &l1.groups {
            let _ = writeln!(o, "    {}:", q(&l2.name.value));
            for i in &l2.indicators {
                let _ = write!(
                    o,
                    "      - {{ 三级指标: {}, 年度指标值: {}",
                    q(&i.name.value),
                    q(&i.written.target)
                );
                if let Some(w) = &i.weight {
                    let _ = write!(o, ", 分值: {}", w.value.value);
                }
                let _ = writeln!(o, " }}");
            }
        }
    }
    o
}

/// The seed's three tables as approved 目标表s, in `dir`.
fn seed_plans(dir: &Path) -> Vec<Project> {
    std::fs::create_dir_all(dir).unwrap();
    let mut out = Vec::new();
    for e in std::fs::read_dir("tests/seed/2024").unwrap() {
        let file = e.unwrap().path();
        let c = jixiao::pipeline::check_file(&file, common::forms());
        let p = c.scored.unwrap().project;
        let name = file.file_name().unwrap();
        std::fs::write(dir.join(name), plan_yaml(&p, "national-plan")).unwrap();
        out.push(p);
    }
    out
}

/// The tree, targets and weights of a table: what init must carry unchanged.
fn tree(p: &Project) -> Vec<(String, String, String, String, Option<String>)> {
    p.indicators()
        .map(|(l1, l2, i)| {
            (
                l1.name.value.clone(),
                l2.name.value.clone(),
                i.name.value.clone(),
                jixiao::format::target(&i.target.value),
                i.weight
                    .as_ref()
                    .map(|w| w.value.value.normalize().to_string()),
            )
        })
        .collect()
}

fn codes(o: &Output) -> Vec<String> {
    let mut c: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            Some(v["code"].as_str()?.to_string())
        })
        .collect();
    c.sort();
    c
}

#[test]
fn init_from_targets_keeps_what_was_approved_and_reports_once_filled() {
    let dir = root("init");
    let plans = seed_plans(&dir.join("目标表"));
    let o = jixiao(&[
        "init",
        "--year",
        "2024",
        "--targets",
        s(&dir.join("目标表")),
        "--inputs",
        s(&dir),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let written: Vec<PathBuf> = std::fs::read_dir(dir.join("2024"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 3);
    for plan in &plans {
        let file = dir.join("2024").join(format!("{}.yaml", plan.name.value));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("表式: national"), "{text}");
        let c = jixiao::pipeline::check_file(&file, common::forms());
        let p = c
            .scored
            .unwrap_or_else(|| panic!("{}", file.display()))
            .project;
        assert_eq!(tree(&p), tree(plan), "{}", file.display());
        // The budget as approved, as 年初预算数 and 全年预算数; nothing executed.
        for (r, seed) in p.funds.sources.iter().zip(&plan.funds.sources) {
            let approved = seed.initial.as_ref().unwrap().value.value;
            assert_eq!(r.budget.value.value, approved);
            assert_eq!(r.initial.as_ref().unwrap().value.value, approved);
            assert_eq!(r.marks.spent.as_deref(), Some(""), "{}", r.name);
        }
        assert!(p
            .indicators()
            .all(|(_, _, i)| i.actual.is_none() && i.score.is_none()));
        // Unfilled, each quantitative indicator asks for its 实际完成值.
        assert!(c.diagnostics.iter().any(|d| d.code == "E0504"));
    }
    // Against the 目标表s it came from, an init'ed table differs in nothing.
    let o = jixiao(&[
        "check",
        s(&dir.join("2024")),
        "--targets",
        s(&dir.join("目标表")),
        "--format",
        "json",
    ]);
    assert!(
        !codes(&o).iter().any(|c| c[1..].starts_with("08")),
        "{:?}",
        codes(&o)
    );
}

const SEED: &str = "tests/seed/2024/信息化-闵行托育视频监控平台整体服务项目(一招三年)(第三年).yaml";

/// A seed table with one target lowered, one indicator dropped, one added and
/// 5 points of weight moved between two indicators (scores moved with them).
fn changed_seed(dir: &Path) -> PathBuf {
    let text = edited_seed(&[
        // Lowered: ≥85% → ≥80%.
        ("年度指标值: \"≥85.00%\"", "年度指标值: \"≥80.00%\""),
        // Dropped 管理部门满意度, added 家长满意度 (another target).
        (
            "三级指标: 管理部门满意度, 年度指标值: \"≥90%\", 实际完成值: \"90.00%\"",
            "三级指标: 家长满意度, 年度指标值: \"≥95%\", 实际完成值: \"96.00%\"",
        ),
        // 5 points from 图像清晰度 to 视频图像接入数.
        (
            "实际完成值: \"100.00%\", 分值: 10, 得分: 10 }\n    质量指标",
            "实际完成值: \"100.00%\", 分值: 15, 得分: 15 }\n    质量指标",
        ),
        (
            "图像清晰度, 年度指标值: 高, 实际完成值: 达成指标, 分值: 10, 得分: 10",
            "图像清晰度, 年度指标值: 高, 实际完成值: 达成指标, 分值: 5, 得分: 5",
        ),
    ]);
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join("表.yaml");
    std::fs::write(&file, &text).unwrap();
    file
}

/// The seed table [`SEED`] with each `(from, to)` replaced once.
fn edited_seed(edits: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(SEED).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    text
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[test]
fn each_difference_from_the_approved_targets_is_one_finding_with_both_values() {
    let dir = root("differences");
    let plans = dir.join("目标表");
    seed_plans(&plans);
    // The seed tables as they are: no difference at all.
    let o = jixiao(&[
        "check",
        "tests/seed/2024",
        "--targets",
        s(&plans),
        "--format",
        "json",
    ]);
    let found: Vec<String> = codes(&o)
        .into_iter()
        .filter(|c| c[1..].starts_with("08"))
        .collect();
    assert!(found.is_empty(), "{found:?}");
    let before = codes(&jixiao(&["check", SEED, "--format", "json"]));
    // The changed table, alone: the two other 目标表s have no 自评表 (E0809).
    let file = changed_seed(&dir.join("in"));
    let o = jixiao(&[
        "check",
        s(&file),
        "--targets",
        s(&plans),
        "--format",
        "json",
    ]);
    let mut after = codes(&o);
    for c in &before {
        let at = after
            .iter()
            .position(|a| a == c)
            .unwrap_or_else(|| panic!("{c} gone"));
        after.remove(at);
    }
    assert_eq!(
        after,
        ["W0801", "W0802", "W0804", "W0806", "W0809", "W0809"]
    );
    let lines = json_lines(&o);
    let of = |code: &str| lines.iter().find(|v| v["code"] == code).unwrap();
    assert_eq!(of("W0804")["compared"]["approved"], "≥85.00(%)");
    assert_eq!(of("W0804")["compared"]["reported"], "≥80.00(%)");
    assert!(of("W0801")["message"]
        .as_str()
        .unwrap()
        .contains("管理部门满意度"));
    assert!(of("W0802")["message"]
        .as_str()
        .unwrap()
        .contains("家长满意度"));
    let moved = of("W0806")["message"].as_str().unwrap();
    assert!(
        moved.contains("视频图像接入数") && moved.contains("图像清晰度"),
        "{moved}"
    );
    // The same in the audit's 目标对照 sheet, one row per difference.
    let out = dir.join("审核.xlsx");
    let o = jixiao(&[
        "audit",
        s(&dir.join("in")),
        "--targets",
        s(&plans),
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let sheet = book.worksheet_range("目标对照").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .skip(1)
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let mut row_codes: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    row_codes.sort();
    assert_eq!(
        row_codes,
        ["W0801", "W0802", "W0804", "W0806", "W0809", "W0809"]
    );
    let lowered = rows.iter().find(|r| r[4] == "W0804").unwrap();
    assert_eq!(
        (lowered[6].as_str(), lowered[7].as_str()),
        ("≥85.00(%)", "≥80.00(%)")
    );
}

/// A project and its 目标表 are matched whatever the punctuation of their
/// names; a 自评表 without one is a finding.
#[test]
fn names_match_across_punctuation_and_a_table_without_targets_is_found() {
    let dir = root("names");
    let plans = dir.join("目标表");
    seed_plans(&plans);
    let seed = std::fs::read_to_string(SEED).unwrap();
    let file = dir.join("表.yaml");
    // Full-width brackets and a dash: the same project.
    let renamed = seed.replace(
        "项目名称: 信息化-闵行托育视频监控平台整体服务项目(一招三年)(第三年)",
        "项目名称: 信息化—闵行托育视频监控平台整体服务项目（一招三年）（第三年）",
    );
    std::fs::write(&file, renamed).unwrap();
    let o = jixiao(&[
        "check",
        s(&file),
        "--targets",
        s(&plans),
        "--format",
        "json",
    ]);
    let c = codes(&o);
    assert!(!c.contains(&"W0808".to_string()), "{c:?}");
    // Another project: no 目标表.
    std::fs::write(&file, seed.replace("(第三年)", "(第四年)")).unwrap();
    let o = jixiao(&[
        "check",
        s(&file),
        "--targets",
        s(&plans),
        "--format",
        "json",
    ]);
    assert!(codes(&o).contains(&"W0808".to_string()));
}

/// A renamed indicator, a target changed otherwise than lowered, a budget
/// other than approved and a 自评表 put among the 目标表s: each its own code.
#[test]
fn renamed_changed_budget_and_a_report_among_the_targets() {
    let dir = root("other");
    let plans = dir.join("目标表");
    seed_plans(&plans);
    // A 自评表 in the targets folder is not compared with.
    std::fs::copy(
        "tests/seed/2024/托育中心经费.yaml",
        plans.join("自评表.yaml"),
    )
    .unwrap();
    let text = edited_seed(&[
        // Renamed (same group, same target).
        ("三级指标: 项目持续性", "三级指标: 项目可持续性"),
        // Another unit: changed, not lowered.
        (
            "三级指标: 视频图像接入数, 年度指标值: \"=100%\"",
            "三级指标: 视频图像接入数, 年度指标值: \"=100路\"",
        ),
        (
            "实际完成值: \"100.00%\", 分值: 10, 得分: 10 }\n    质量指标",
            "实际完成值: \"100路\", 分值: 10, 得分: 10 }\n    质量指标",
        ),
        // 年初预算数 118.00 approved; 120.00 written.
        ("年初预算数: 118.00", "年初预算数: 120.00"),
    ]);
    let file = dir.join("表.yaml");
    std::fs::write(&file, text).unwrap();
    let o = jixiao(&[
        "check",
        s(&file),
        "--targets",
        s(&plans),
        "--format",
        "json",
    ]);
    let lines = json_lines(&o);
    let mut found: Vec<&str> = lines
        .iter()
        .filter_map(|v| v["code"].as_str())
        .filter(|c| c[1..].starts_with("08"))
        .collect();
    found.sort();
    assert_eq!(
        found,
        ["W0803", "W0805", "W0807", "W0809", "W0809", "W0810"]
    );
    let of = |code: &str| lines.iter().find(|v| v["code"] == code).unwrap();
    assert_eq!(of("W0803")["compared"]["approved"], "项目持续性");
    assert_eq!(of("W0807")["compared"]["approved"], "118.00");
    assert_eq!(of("W0807")["compared"]["reported"], "120.00");
}

/// A synthetic region's 目标表s (300 projects over 10 units; more with
/// `JIXIAO_TARGETS_N`): `init --targets` gives one 自评表 input per project
/// whose tree, targets and weights are the 目标表's, and none differs from it.
#[test]
fn a_synthetic_regions_targets_carry_whole() {
    let n: usize = std::env::var("JIXIAO_TARGETS_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let dir = root("synthetic");
    let (plans, src) = (dir.join("目标表"), dir.join("src"));
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::create_dir_all(&src).unwrap();
    let synth = jixiao::synth::Synth::new().unwrap();
    let mut approved = std::collections::BTreeMap::new();
    for i in 0..n {
        let file = src.join(format!("s{i:05}.yaml"));
        std::fs::write(&file, synth.project_yaml(7, i, 10, 2024)).unwrap();
        let p = jixiao::pipeline::check_file(&file, common::forms())
            .scored
            .unwrap()
            .project;
        std::fs::write(
            plans.join(format!("s{i:05}.yaml")),
            plan_yaml(&p, "national-plan"),
        )
        .unwrap();
        approved.insert((p.unit.value.clone(), p.name.value.clone()), tree(&p));
    }
    let o = jixiao(&[
        "init",
        "--year",
        "2024",
        "--targets",
        s(&plans),
        "--inputs",
        s(&dir),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let written = common::walk(&dir.join("2024"));
    assert_eq!(written.len(), n);
    for file in &written {
        let p = jixiao::pipeline::check_file(file, common::forms())
            .scored
            .unwrap()
            .project;
        let want = &approved[&(p.unit.value.clone(), p.name.value.clone())];
        assert_eq!(&tree(&p), want, "{}", file.display());
    }
    let o = jixiao(&[
        "check",
        s(&dir.join("2024")),
        "--targets",
        s(&plans),
        "--format",
        "json",
    ]);
    let found: Vec<String> = codes(&o)
        .into_iter()
        .filter(|c| c[1..].starts_with("08"))
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

/// `report --targets` reports the differences and publishes the table as
/// written; 目标表s among the inputs are a part of the pack of their own.
#[test]
fn report_with_targets_publishes_and_packs_plans_apart() {
    let dir = root("report");
    let plans = dir.join("目标表");
    seed_plans(&plans);
    let inputs = dir.join("in");
    changed_seed(&inputs);
    // The unit's 目标表s are inputs too: their own part of the pack.
    for e in std::fs::read_dir(&plans).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(
            &p,
            inputs.join(format!("目标-{}", p.file_name().unwrap().to_string_lossy())),
        )
        .unwrap();
    }
    let out = dir.join("out");
    let o = jixiao(&[
        "report",
        "--year",
        "2024",
        "--inputs",
        s(&inputs),
        "--outputs",
        s(&out),
        "--no-pdf",
        "--targets",
        s(&plans),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    for code in ["W0801", "W0802", "W0804", "W0806"] {
        assert!(err.contains(code), "{code}: {err}");
    }
    let files = common::files(&out);
    let unit = "上海市闵行区托育服务指导中心";
    assert!(
        files.contains_key(&format!("{unit}/表.docx"))
            || files
                .keys()
                .any(|k| k.starts_with(&format!("{unit}/信息化")))
    );
    let plan_part: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with(&format!("{unit}/绩效目标表/")))
        .collect();
    assert!(
        plan_part
            .iter()
            .any(|k| k.ends_with("2024年度项目支出绩效目标表.docx")),
        "{plan_part:?}"
    );
    assert_eq!(
        plan_part.iter().filter(|k| k.ends_with(".html")).count(),
        3,
        "{plan_part:?}"
    );
    let index = String::from_utf8_lossy(&files["index.html"]).to_string();
    assert!(index.contains("共 1 个实施单位、4 个项目"), "{index}");
    assert!(index.contains("绩效目标表/2024年度项目支出绩效目标表.docx"));
}

/// `init --targets --xlsx`: one workbook per unit in the 自评表's layout, the
/// approved budget, tree, targets and weights in it; read back unfilled, it
/// differs from its 目标表s in nothing and asks only for what the unit fills.
#[test]
fn the_units_workbook_from_targets_keeps_what_was_approved() {
    let dir = root("xlsx");
    let plans = dir.join("目标表");
    let seed = seed_plans(&plans);
    let o = jixiao(&[
        "init",
        "--year",
        "2024",
        "--targets",
        s(&plans),
        "--inputs",
        s(&dir),
        "--xlsx",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let book = dir.join("2024").join("上海市闵行区托育服务指导中心.xlsx");
    assert!(book.is_file());
    // The workbook names its form (national, as national-plan says): no --form.
    let o = jixiao(&[
        "check",
        s(&book),
        "--targets",
        s(&plans),
        "--format",
        "json",
    ]);
    let c = codes(&o);
    assert!(!c.iter().any(|c| c[1..].starts_with("08")), "{c:?}");
    let lines = json_lines(&o);
    let errors: std::collections::BTreeSet<&str> = lines
        .iter()
        .filter(|v| v["severity"] == "error")
        .filter_map(|v| v["code"].as_str())
        .collect();
    // Only what the unit fills: actual values and scores, 实际完成情况.
    assert!(
        errors
            .iter()
            .all(|c| ["E0504", "E0505", "E0105"].contains(c)),
        "{errors:?}"
    );
    let tables = jixiao::pipeline::check_path(&book, common::forms());
    assert_eq!(tables.len(), seed.len());
    for t in tables {
        let scored = t.scored.unwrap();
        assert_eq!(common::forms().name_for(&scored.project), "national");
        let p = scored.project;
        let approved = seed.iter().find(|s| s.name.value == p.name.value).unwrap();
        assert_eq!(tree(&p), tree(approved), "{}", p.name.value);
    }
}

/// `report` of `inputs` into `out` without PDF, of one unit or all; it must succeed.
fn report(inputs: &Path, out: &Path, unit: Option<&str>) {
    let mut args = vec![
        "report",
        "--year",
        "2024",
        "--inputs",
        s(inputs),
        "--outputs",
        s(out),
        "--no-pdf",
    ];
    if let Some(u) = unit {
        args.extend(["--unit", u]);
    }
    let o = jixiao(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A pack with 目标表s, made a unit at a time and joined, is the pack made at
/// once: each unit's two parts are joined on their own.
#[test]
fn packs_with_targets_made_a_unit_at_a_time_join_into_the_whole() {
    let dir = root("merge");
    let inputs = dir.join("in");
    changed_seed(&inputs);
    seed_plans(&inputs.join("目标"));
    for e in std::fs::read_dir(inputs.join("目标")).unwrap() {
        let p = e.unwrap().path();
        let name = format!("目标-{}", p.file_name().unwrap().to_string_lossy());
        std::fs::rename(&p, inputs.join(name)).unwrap();
    }
    std::fs::remove_dir(inputs.join("目标")).unwrap();
    // A second unit, with a 目标表 only.
    let other =
        std::fs::read_to_string("tests/forms/national-plan/农村饮水安全巩固提升工程.yaml").unwrap();
    std::fs::write(inputs.join("其他单位.yaml"), other).unwrap();
    let whole = dir.join("whole");
    report(&inputs, &whole, None);
    let (a, b) = (dir.join("a"), dir.join("b"));
    report(&inputs, &a, Some("上海市闵行区托育服务指导中心"));
    report(&inputs, &b, Some("某县农村供水管理站"));
    let joined = dir.join("joined");
    let o = jixiao(&["merge", s(&a), s(&b), "--out", s(&joined)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (w, j) = (common::files(&whole), common::files(&joined));
    assert_eq!(w.keys().collect::<Vec<_>>(), j.keys().collect::<Vec<_>>());
    assert!(w == j, "the joined pack differs from the whole");
    assert!(w
        .keys()
        .any(|k| k.starts_with("某县农村供水管理站/绩效目标表/")));
}

/// `report --unit` rebuilds one unit and carries the others over from the
/// previous pack, each part of a unit from its own part.
#[test]
fn a_unit_rebuilt_alone_keeps_the_other_units_parts() {
    let dir = root("unit");
    let inputs = dir.join("in");
    changed_seed(&inputs);
    let plan =
        std::fs::read_to_string("tests/forms/national-plan/农村饮水安全巩固提升工程.yaml").unwrap();
    std::fs::write(inputs.join("其他单位.yaml"), &plan).unwrap();
    let seed_unit = plan.replace("某县农村供水管理站", "上海市闵行区托育服务指导中心");
    std::fs::write(inputs.join("目标.yaml"), seed_unit).unwrap();
    let out = dir.join("out");
    let run = |unit| {
        report(&inputs, &out, unit);
        common::files(&out)
    };
    let whole = run(None);
    let again = run(Some("某县农村供水管理站"));
    assert!(whole == again, "a unit rebuilt alone changed the pack");
}

/// A 目标表 typed by hand in a spreadsheet as the national form prints it:
/// each amount right of its row's label, no header above them, full-width
/// colons; read as a 目标表 when the table names no form.
#[test]
fn a_hand_typed_targets_sheet_without_an_amount_header_is_read() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = root("typed");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let f = Format::new();
    let rows: &[&[&str]] = &[
        &["项目支出绩效目标表"],
        &["项目名称", "农村饮水安全巩固提升工程"],
        &["主管部门", "某县水利局", "实施单位", "某县农村供水管理站"],
        &["项目资金（万元）", "年度资金总额：", "500"],
        &["", "其中：财政拨款", "450"],
        &["", "其他资金", "50"],
        &["年度总体目标", "完成 12 处农村集中供水工程改造。"],
        &["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        &["", "产出指标", "数量指标", "改造集中供水工程", "≥12处"],
        &["", "", "质量指标", "工程验收合格率", "=100%"],
        &["", "效益指标", "社会效益指标", "农村自来水普及率", "≥90%"],
        &[
            "",
            "满意度指标",
            "服务对象满意度指标",
            "受益群众满意度",
            "≥90%",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match text.parse::<f64>() {
                Ok(v) => sheet.write_number_with_format(r, c, v, &f).unwrap(),
                Err(_) => sheet.write_string_with_format(r, c, *text, &f).unwrap(),
            };
        }
    }
    sheet
        .merge_range(3, 0, 5, 0, "项目资金（万元）", &f)
        .unwrap();
    sheet.merge_range(7, 0, 11, 0, "绩效指标", &f).unwrap();
    sheet.merge_range(8, 1, 9, 1, "产出指标", &f).unwrap();
    let plans = dir.join("目标表");
    std::fs::create_dir_all(&plans).unwrap();
    book.save(plans.join("目标表.xlsx")).unwrap();
    let o = jixiao(&[
        "init",
        "--year",
        "2025",
        "--targets",
        s(&plans),
        "--inputs",
        s(&dir),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let file = dir.join("2025").join("农村饮水安全巩固提升工程.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let p = jixiao::pipeline::check_file(&file, common::forms())
        .scored
        .unwrap()
        .project;
    let budgets: Vec<String> = p
        .funds
        .sources
        .iter()
        .map(|r| r.budget.value.value.to_string())
        .collect();
    assert_eq!(budgets, ["450", "50"], "{text}");
    let names: Vec<String> = tree(&p)
        .into_iter()
        .map(|t| format!("{} {}", t.2, t.3))
        .collect();
    assert_eq!(
        names,
        [
            "改造集中供水工程 ≥12(处)",
            "工程验收合格率 =100(%)",
            "农村自来水普及率 ≥90(%)",
            "受益群众满意度 ≥90(%)"
        ],
    );
}
