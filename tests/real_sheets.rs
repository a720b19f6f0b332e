//! Workbooks as units keep them (tests/fixtures/real, made by `make.py` with
//! openpyxl and LibreOffice): formulas with and without saved results, percent,
//! date and text cells, 元 headers, full-width targets, stacked and side-by-side
//! tables, hidden rows, error values, `.xls`/`.ods`, hostile files. Every table is
//! read with the values the sheet shows, and only the true findings are reported.

mod common;
use common::forms;
use std::path::{Path, PathBuf};

use jixiao::diag::Severity;
use jixiao::model::num::fixed;
use jixiao::model::Actual;
use jixiao::pipeline::check_path;
use rust_decimal::Decimal;
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real")
}

/// The errors each file must give (beyond these, none), and the codes it must
/// give among notes and warnings.
fn expected_codes(file: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match file {
        "formula-no-cache.xlsx" => (&[], &["E0705"]),
        "stacked.xlsx" => (&[], &["E0403"]),
        "div0.xlsx" => (&[], &["E0705"]),
        "hidden-row.xlsx" => (&[], &["E0708"]),
        "yuan-header.xlsx" => (&[], &["E0709"]),
        "hostile-far-cell.xlsx" => (&["E0704"], &["E0701"]),
        "hostile-huge-number.xlsx" => (&["E0109", "E0302"], &[]),
        _ => (&[], &[]),
    }
}

fn text(v: &Value, key: &str) -> String {
    match &v[key] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("{key}: {other}"),
    }
}

fn dec(v: &Value, key: &str) -> Decimal {
    text(v, key)
        .parse()
        .unwrap_or_else(|e| panic!("{key}: {e}"))
}

#[test]
fn every_table_is_read_as_the_sheet_shows_it() {
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap())
            .unwrap();
    let mut problems = Vec::new();
    for case in &expected {
        let file = case["file"].as_str().unwrap();
        let checked = check_path(&dir().join(file), forms());
        let (errors, others) = expected_codes(file);
        let all: Vec<_> = checked.iter().flat_map(|c| &c.diagnostics).collect();
        for d in &all {
            if d.severity == Severity::Error && !errors.contains(&d.code.as_str()) {
                problems.push(format!(
                    "{file}: unexpected {} at {:?}: {}",
                    d.code, d.place, d.message
                ));
            }
        }
        for code in errors.iter().chain(others) {
            if !all.iter().any(|d| d.code == *code) {
                problems.push(format!("{file}: expected {code}"));
            }
        }
        let tables = case["tables"].as_array().unwrap();
        let read: Vec<_> = checked.iter().filter_map(|c| c.scored.as_ref()).collect();
        if tables.is_empty() || errors.iter().any(|e| *e != "E0704") && !errors.is_empty() {
            continue;
        }
        if read.len() != tables.len() {
            problems.push(format!(
                "{file}: {} tables read, {} in the file",
                read.len(),
                tables.len()
            ));
            continue;
        }
        for (t, s) in tables.iter().zip(read) {
            let p = &s.project;
            let name = text(t, "project_name");
            let mut check = |what: &str, got: String, want: String| {
                if got != want {
                    problems.push(format!(
                        "{file} [{name}] {what}: read {got:?}, sheet shows {want:?}"
                    ));
                }
            };
            check("项目名称", p.name.value.clone(), name.clone());
            check("实施单位", p.unit.value.clone(), text(t, "unit"));
            check(
                "全年预算数",
                s.funds.total.budget.normalize().to_string(),
                dec(t, "total_budget").normalize().to_string(),
            );
            check(
                "全年执行数",
                s.funds.total.spent.normalize().to_string(),
                dec(t, "total_spent").normalize().to_string(),
            );
            check(
                "执行率",
                fixed(s.funds.total.rate, 2),
                fixed(dec(t, "total_rate"), 2),
            );
            check(
                "预算得分",
                fixed(s.funds.score, 2),
                fixed(dec(t, "budget_score"), 2),
            );
            check("总分", fixed(s.total, 2), fixed(dec(t, "total_score"), 2));
            check("评分等级", s.grade.clone(), text(t, "grade"));
            check(
                "指标数",
                p.indicators().count().to_string(),
                t["indicator_count"].to_string(),
            );
            let actuals: Vec<String> = p
                .indicators()
                .map(|(_, _, i)| match i.actual.as_ref().map(|a| &a.value) {
                    Some(Actual::Quantitative(q)) => format!("{}{}", q.text, q.unit),
                    Some(Actual::Qualitative(s)) => s.clone(),
                    None => String::new(),
                })
                .collect();
            let want: Vec<String> = t["actuals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().replace(['(', ')'], ""))
                .collect();
            check("实际完成值", format!("{actuals:?}"), format!("{want:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
