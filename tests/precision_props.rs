//! Checks at the precision written: a table whose derived figures (年度资金总额,
//! 执行率, 得分, 总分, 评分等级) are correct roundings of what their inputs give
//! passes, at any of 0–4 places; a figure off by more than the rounding fails.

mod common;
use std::path::Path;

use common::score;
use jixiao::input::yaml::load_str;
use jixiao::validate::validate;
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

/// `units` × 10^-places, an amount written with exactly `places` decimals.
fn dec(units: i64, places: u32) -> Decimal {
    Decimal::new(units, places)
}

fn round(d: Decimal, places: u32) -> Decimal {
    d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// A number as written with `places` decimals (`10.50`, not `10.5`).
fn text(d: Decimal, places: u32) -> String {
    let mut r = round(d, places);
    r.rescale(places);
    r.to_string()
}

/// Three fund rows (budget, spent), each at its own places within `places`.
fn rows(
    places: std::ops::RangeInclusive<u32>,
) -> impl Strategy<Value = Vec<(Decimal, Decimal, u32)>> {
    prop::collection::vec(
        (1i64..50_000_000, 0u32..=100, places).prop_map(|(units, pct, places)| {
            // A budget of at least one unit of its last place and at least 1 万元.
            let units = units.max(10i64.pow(places));
            let budget = dec(units, places);
            let spent = round(budget * Decimal::from(pct) / Decimal::ONE_HUNDRED, places);
            (budget, spent, places)
        }),
        3,
    )
}

struct Table {
    yaml: String,
}

/// A valid project whose derived figures are the roundings at `places` of what
/// the rows give; `shift` moves one of them by that many units of its last place.
fn table(rows: &[(Decimal, Decimal, u32)], places: [u32; 4], shift: (usize, i64)) -> Table {
    let budget: Decimal = rows.iter().map(|r| r.0).sum();
    let spent: Decimal = rows.iter().map(|r| r.1).sum();
    let rate = spent / budget * Decimal::ONE_HUNDRED;
    let score = (spent / budget).min(Decimal::ONE) * Decimal::TEN;
    let total = score + Decimal::from(90);
    let exact = [budget, rate, score, total];
    let mut given: Vec<String> = Vec::new();
    for (k, (x, p)) in exact.iter().zip(places).enumerate() {
        let mut v = round(*x, p);
        if shift.0 == k {
            v += dec(shift.1, p);
        }
        given.push(text(v, p));
    }
    let row = |(b, s, p): &(Decimal, Decimal, u32)| {
        format!(
            "{{ 年初预算数: {b}, 全年预算数: {b}, 全年执行数: {} }}",
            text(*s, *p)
        )
    };
    let yaml = format!(
        "年度: 2024
项目名称: 精度测试
主管部门: 区教育局
实施单位: 托育中心
项目资金:
  分数: 10
  得分: {score}
  年度资金总额: {{ 年初预算数: {budget_total}, 全年预算数: {budget_total}, 全年执行数: {spent}, 执行率: {rate} }}
  当年财政拨款: {r0}
  上年结转资金: {r1}
  其他资金: {r2}
年度总体目标:
  预期目标: 完成
  实际完成情况: 完成
绩效指标:
  产出指标:
    数量指标:
      - {{ 三级指标: 场次, 年度指标值: \"=10场\", 实际完成值: \"10场\", 分值: 90, 得分: 90 }}
总分: {total}
",
        score = given[2],
        budget_total = given[0],
        spent = spent,
        rate = given[1],
        r0 = row(&rows[0]),
        r1 = row(&rows[1]),
        r2 = row(&rows[2]),
        total = given[3],
    );
    Table { yaml }
}

fn codes(t: &Table) -> Vec<&'static str> {
    let (p, diags) = load_str(Path::new("p.yaml"), &t.yaml, &Default::default());
    assert!(
        diags.iter().all(|d| !d.is_error()),
        "{diags:#?}\n{}",
        t.yaml
    );
    let p = p.expect("project");
    validate(&score(p))
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str())
        .collect()
}

/// The places a derived figure may be written with: a whole number is exact, so
/// an amount or score is written at 0 places only when it is whole; a rate may
/// be rounded to a whole percent.
fn places() -> impl Strategy<Value = [u32; 4]> {
    [1u32..=4, 0u32..=4, 1u32..=4, 1u32..=4]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn correct_roundings_pass(rows in rows(0..=4), places in places()) {
        let t = table(&rows, places, (9, 0));
        let found = codes(&t);
        prop_assert!(found.is_empty(), "{found:?}\n{}", t.yaml);
    }

    #[test]
    fn a_figure_off_by_more_than_its_rounding_fails(
        // Inputs at least two places finer than the figure derived from them, so
        // that their own rounding is far smaller than the shift: rows at 6–7
        // places, the total row (whose 执行率 is derived from it) at 4.
        rows in rows(6..=7),
        places in [4u32..=4, 0u32..=2, 1u32..=2, 1u32..=4],
        which in 0usize..4,
        units in 3i64..50,
        negative in any::<bool>(),
    ) {
        // 总分 sums the budget score as written: shift it by more than that rounding.
        let mut places = places;
        places[3] = places[3].min(places[2]);
        let shift = if negative { -units } else { units };
        let t = table(&rows, places, (which, shift));
        let expected = ["E0202", "E0204", "E0205", "E0604"][which];
        let found = codes(&t);
        // A shifted rate or score may push 总分 and the grade off as well.
        prop_assert!(found.contains(&expected), "{found:?} lacks {expected}\n{}", t.yaml);
    }
}

#[test]
fn tail_differences_of_the_field_pass() {
    // 35.47 written, the rows printed at 2 places sum to 35.48 (尾差).
    let rows = [
        (dec(1012, 2), dec(1012, 2), 2),
        (dec(1223, 2), dec(1223, 2), 2),
        (dec(1313, 2), dec(1313, 2), 2),
    ];
    let mut t = table(&rows, [2, 2, 2, 2], (9, 0));
    t.yaml = t.yaml.replacen("全年预算数: 35.48", "全年预算数: 35.47", 1);
    assert!(t.yaml.contains("35.47"), "{}", t.yaml);
    assert_eq!(codes(&t), Vec::<&str>::new(), "{}", t.yaml);
    // 35.44 is beyond the rows' rounding.
    t.yaml = t.yaml.replacen("全年预算数: 35.47", "全年预算数: 35.44", 1);
    assert!(codes(&t).contains(&"E0202"), "{}", t.yaml);
}

#[test]
fn an_unrounded_formula_rate_passes_and_a_wrong_one_names_both_values() {
    let rows = [
        (dec(4519, 2), dec(3559, 2), 2),
        (dec(0, 0), dec(0, 0), 0),
        (dec(0, 0), dec(0, 0), 0),
    ];
    let mut t = table(&rows, [2, 2, 2, 2], (9, 0));
    // 35.59 ÷ 45.19 = 78.7563…%: the full result of a formula, and 78.76 shown.
    let exact = "78.7563620270";
    let shown = t
        .yaml
        .split("执行率: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap_or_default()
        .to_string();
    assert_eq!(shown, "78.76");
    t.yaml = t
        .yaml
        .replacen("执行率: 78.76", &format!("执行率: {exact}"), 1);
    assert_eq!(codes(&t), Vec::<&str>::new(), "{}", t.yaml);
    // The rows' own rounding (2 places) allows 78.74–78.78; 78.80 is beyond it.
    t.yaml = t
        .yaml
        .replacen(&format!("执行率: {exact}"), "执行率: 78.80", 1);
    let (p, _) = load_str(Path::new("p.yaml"), &t.yaml, &Default::default());
    let diags = validate(&score(p.expect("project")));
    let e = diags.iter().find(|d| d.code == "E0204").expect("E0204");
    assert!(
        e.message.contains("78.80") && e.message.contains("78.76"),
        "{}",
        e.message
    );
}
