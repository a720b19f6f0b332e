//! Fuzzes the spreadsheet reader two ways: arbitrary bytes as a workbook file, and
//! an arbitrary grid of cells (form labels, numbers up to 1e30, text) with
//! arbitrary merges. Every table read is scored and validated too. Nothing may
//! panic; every diagnostic must carry a catalogued code.
#![no_main]

use std::path::Path;

use jixiao::input::sheet::cell::Format;
use jixiao::input::sheet::{load_bytes, project::read_sheet, Sheet, SheetProject, Value};
use libfuzzer_sys::fuzz_target;

/// Words the reader looks for, so that the fuzzer reaches deep into the form.
const WORDS: &[&str] = &[
    "项目名称",
    "主管部门",
    "实施单位",
    "项目资金(万元)",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分数",
    "执行率(%)",
    "得分",
    "年度资金总额:",
    "其中:当年财政拨款",
    "上年结转资金",
    "其他资金",
    "年度总体目标",
    "预期目标",
    "实际完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "偏差原因分析及改进措施",
    "产出指标",
    "数量指标",
    "总分",
    "评分等级",
    "≥90%",
    "=100.00(%)",
    "达成指标",
    "高",
    "-",
    "(2024年度)",
    "",
];

/// Numbers at the edges of what the form's decimals hold.
const EXTREMES: &[f64] = &[1e30, -1e30, 7e28, 7.9e28, -1e27, 1e12, 1e-30, 0.005, 1e300];

fn check(diags: &[jixiao::diag::Diagnostic]) {
    for d in diags {
        assert!(
            jixiao::diag::rule(d.code).is_some(),
            "uncatalogued code {}",
            d.code
        );
    }
}

/// A table's diagnostics, and those of scoring and validating its project.
fn check_table(t: &SheetProject) {
    check(&t.diagnostics);
    if let Some(p) = &t.project {
        let scored = jixiao::score::score(p.clone());
        check(&jixiao::validate::validate(&scored));
        let _ = jixiao::format::fixed(scored.total, 2);
    }
}

fuzz_target!(|data: &[u8]| {
    let file = Path::new("inputs/2024/fuzz.xlsx");
    let book = load_bytes(file, data);
    check(&book.notes);
    for t in &book.tables {
        check_table(t);
    }

    // The same bytes as a grid: each byte picks a word, a number or an empty cell.
    let width = 8 + usize::from(data.first().copied().unwrap_or(0) % 4);
    let cells: Vec<Vec<Value>> = data
        .chunks(width)
        .map(|row| {
            row.iter()
                .map(|&b| match b % 5 {
                    0 => Value::Empty,
                    1 => Value::Number(f64::from(b) / 3.0, Format::GENERAL),
                    2 => Value::Number(EXTREMES[usize::from(b) % EXTREMES.len()], Format::GENERAL),
                    _ => Value::Text(WORDS[usize::from(b) % WORDS.len()].to_string()),
                })
                .collect()
        })
        .collect();
    let rows = cells.len() as u32;
    let merges = data
        .windows(4)
        .step_by(7)
        .take(8)
        .map(|w| {
            let (r, c) = (
                u32::from(w[0]) % rows.max(1),
                u32::from(w[1]) % width as u32,
            );
            (r, c, r + u32::from(w[2] % 3), c + u32::from(w[3] % 3))
        })
        .collect();
    let sheet = Sheet::new("fuzz", cells, merges);
    if let Some(t) = read_sheet(file, &sheet) {
        check_table(&t);
    }
});
