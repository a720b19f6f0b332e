//! Property tests of the scoring rules, on projects built programmatically by a
//! proptest strategy, and a round trip of those projects through the YAML loader.

mod common;
use std::fmt::Write as _;
use std::path::Path;

use jixiao::diag::Place;
use jixiao::input::yaml::load_str;
use jixiao::model::num::fixed;
use jixiao::model::{
    Actual, FundRow, Funds, Goals, Indicator, Level1, Level2, Located, Num, Op, Project, Quantity,
    Target,
};
use jixiao::score::{indicator_rule, Scored};
use proptest::prelude::*;
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------
// The generated project: a plain description from which both the model value
// and the YAML text are made.

#[derive(Debug, Clone)]
struct GenRow {
    initial: Decimal,
    budget: Decimal,
    spent: Decimal,
    rate: Option<Decimal>,
}

#[derive(Debug, Clone)]
enum GenTarget {
    Quant {
        op: Op,
        number: Decimal,
        text: String,
        unit: &'static str,
    },
    Qual(&'static str),
}

#[derive(Debug, Clone)]
enum GenActual {
    /// A number; `unit` is `None` when written bare (it then takes the target's unit).
    Quant {
        number: Decimal,
        text: String,
        unit: Option<&'static str>,
    },
    Qual(&'static str),
}

#[derive(Debug, Clone)]
struct GenIndicator {
    name: String,
    target: GenTarget,
    actual: Option<GenActual>,
    weight: Decimal,
    score: Option<Decimal>,
    reason: Option<String>,
    /// Written as a flow mapping `{ … }` rather than a block.
    flow: bool,
}

/// 一级 name → (二级 name → indicators), in table order.
type Groups = Vec<(String, Vec<(String, Vec<GenIndicator>)>)>;

#[derive(Debug, Clone)]
struct GenProject {
    name: String,
    budget_weight: Option<Decimal>,
    budget_score: Option<Decimal>,
    /// Whether 年度资金总额 is written out (as the sum of the three rows).
    total_row: bool,
    rows: [GenRow; 3],
    /// 一级 name → 二级 name → indicators.
    groups: Groups,
    total: Option<Decimal>,
    grade: Option<&'static str>,
    /// Numbers quoted as strings in the YAML.
    quoted_numbers: bool,
    /// English key aliases in the YAML.
    english: bool,
}

const UNITS: &[&str] = &["%", "家", "人次", "万元", "小时", "次", "个", ""];
const QUAL_TARGETS: &[&str] = &["高", "及时", "满意", "提高", "可持续", "规范", "有效"];
const QUAL_ACTUALS: &[&str] = &["达成指标", "部分达成", "未达成"];
const LEVEL1: &[&str] = &["产出指标", "效益指标", "满意度指标", "其他指标"];
const LEVEL2: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "社会效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
];
const OPS: &[Op] = &[Op::Ge, Op::Gt, Op::Eq, Op::Le, Op::Lt];

/// A decimal with exactly `places` decimals (as written), from 0 to `max_units` / 10^places.
fn dec(max_units: i64, places: u32) -> impl Strategy<Value = Decimal> {
    (0..=max_units).prop_map(move |u| Decimal::new(u, places))
}

/// A non-negative decimal with 0 to 3 decimals, any scale of writing.
fn amount() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        1 => Just(Decimal::ZERO),
        1 => (0u32..=3).prop_flat_map(|p| dec(1_000_000 * 10i64.pow(p), p)),
        1 => (0u32..=3).prop_flat_map(|p| dec(100 * 10i64.pow(p), p)),
    ]
}

/// 2-decimal weights, 0.01 to 30.00 (sometimes written with fewer places).
fn weight() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (1i64..=30).prop_map(Decimal::from),
        (1i64..=3000).prop_map(|c| Decimal::new(c, 2)),
        (1i64..=300).prop_map(|c| Decimal::new(c, 1)),
    ]
}

/// A 2-decimal score between 0 and `w`.
fn score_within(w: Decimal) -> impl Strategy<Value = Decimal> {
    let cents = (w * Decimal::ONE_HUNDRED).trunc().mantissa() as i64;
    (0..=cents).prop_map(|c| Decimal::new(c, 2))
}

fn row() -> impl Strategy<Value = GenRow> {
    (
        amount(),
        amount(),
        0u32..=1200,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(initial, budget, permille, equal, with_rate)| {
            let spent = if equal {
                budget
            } else {
                (budget * Decimal::new(permille.into(), 3)).round_dp(3)
            };
            GenRow {
                initial,
                budget,
                spent,
                rate: with_rate.then(|| jixiao::model::num::rate(budget, spent)),
            }
        })
}

/// A number as written, sometimes with trailing zeros (`90.00`), and its value as read back.
fn written(n: Decimal, extra_zeros: bool) -> (Decimal, String) {
    let mut m = n;
    if extra_zeros && m.scale() < 2 {
        m.rescale(2);
    }
    (m, m.to_string())
}

fn target() -> impl Strategy<Value = GenTarget> {
    prop_oneof![
        3 => (
            prop::sample::select(OPS),
            prop_oneof![dec(100, 0), dec(100_000, 2), dec(1_000, 1)],
            any::<bool>(),
            prop::sample::select(UNITS),
        )
            .prop_map(|(op, number, zeros, unit)| {
                let (number, text) = written(number, zeros);
                GenTarget::Quant { op, number, text, unit }
            }),
        2 => prop::sample::select(QUAL_TARGETS).prop_map(GenTarget::Qual),
    ]
}

fn actual_for(t: &GenTarget) -> BoxedStrategy<Option<GenActual>> {
    let qual = prop::sample::select(QUAL_ACTUALS).prop_map(|a| Some(GenActual::Qual(a)));
    match t {
        GenTarget::Quant { unit, .. } => {
            let unit = *unit;
            prop_oneof![
                6 => (prop_oneof![dec(200, 0), dec(200_000, 2), dec(2_000, 1)], any::<bool>(), any::<bool>())
                    .prop_map(move |(number, zeros, bare)| {
                        let (number, text) = written(number, zeros);
                        Some(GenActual::Quant {
                            number,
                            text,
                            unit: (!bare || unit.is_empty()).then_some(unit),
                        })
                    }),
                1 => qual,
                1 => Just(None),
            ]
            .boxed()
        }
        GenTarget::Qual(_) => prop_oneof![5 => qual, 1 => Just(None)].boxed(),
    }
}

fn text() -> impl Strategy<Value = String> {
    "[a-z产出效益满意度指标托育服务平台运维, :#\\-\"'（）%≥]{0,12}"
        .prop_map(|s| s.trim().to_string())
}

fn indicator(index: usize) -> impl Strategy<Value = GenIndicator> {
    (target(), weight(), text(), any::<bool>()).prop_flat_map(move |(t, w, name, flow)| {
        (
            actual_for(&t),
            prop::option::of(score_within(w)),
            prop::option::of("[偏差原因改进措施a-z ]{1,10}"),
        )
            .prop_map(move |(actual, score, reason)| GenIndicator {
                name: format!("指标{index}{name}"),
                target: t.clone(),
                actual,
                weight: w,
                score,
                reason: reason
                    .map(|r| r.trim().to_string())
                    .filter(|r| !r.is_empty()),
                flow,
            })
    })
}

/// 1–30 indicators spread over 一级/二级 groups.
fn groups() -> impl Strategy<Value = Groups> {
    (1usize..=30)
        .prop_flat_map(|n| {
            (
                (0..n).map(indicator).collect::<Vec<_>>(),
                prop::collection::vec((0usize..3, 0usize..4), n),
            )
        })
        .prop_map(|(indicators, slots)| {
            // Each indicator lands in group (slot.0, slot.1); groups keep the order of first use.
            let mut out: Groups = Vec::new();
            for (i, (l1, l2)) in indicators.into_iter().zip(slots) {
                let n1 = LEVEL1[l1].to_string();
                let n2 = LEVEL2[(l1 * 2 + l2) % LEVEL2.len()].to_string();
                let g1 = match out.iter().position(|(n, _)| *n == n1) {
                    Some(p) => p,
                    None => {
                        out.push((n1, Vec::new()));
                        out.len() - 1
                    }
                };
                let level2 = &mut out[g1].1;
                match level2.iter_mut().find(|(n, _)| *n == n2) {
                    Some((_, list)) => list.push(i),
                    None => level2.push((n2, vec![i])),
                }
            }
            out
        })
}

fn project() -> impl Strategy<Value = GenProject> {
    let weight = prop_oneof![
        Just(Decimal::TEN),
        (0i64..=2000).prop_map(|c| Decimal::new(c, 2))
    ];
    (
        text(),
        prop::option::of(weight),
        any::<bool>(),
        [row(), row(), row()],
        groups(),
        prop::option::of(dec(10_000, 2)),
        prop::option::of(prop::sample::select(&["优", "良", "中", "差"][..])),
        any::<bool>(),
        any::<bool>(),
        any::<u16>(),
    )
        .prop_map(
            |(name, budget_weight, total_row, rows, groups, total, grade, quoted, english, s)| {
                // A given budget score within the weight, derived from a random seed.
                let w = budget_weight.unwrap_or(Decimal::TEN);
                let budget_score = (s % 3 == 0).then(|| {
                    let cents = (w * Decimal::ONE_HUNDRED).trunc();
                    Decimal::new(i64::from(s) % (cents.mantissa() as i64 + 1), 2)
                });
                GenProject {
                    name: format!("项目{name}"),
                    budget_weight,
                    budget_score,
                    total_row,
                    rows,
                    groups,
                    total,
                    grade,
                    quoted_numbers: quoted,
                    english,
                }
            },
        )
}

// ---------------------------------------------------------------------------
// The model value.

fn at<T>(value: T) -> Located<T> {
    Located::new(value, Place::File)
}

/// A number as if typed: its places are the decimals written.
fn atn(value: Decimal) -> Located<Num> {
    Located::new(Num::written(value), Place::File)
}

fn fund_row(name: &str, r: &GenRow) -> FundRow {
    FundRow {
        marks: Default::default(),
        name: name.into(),
        place: Place::File,
        initial: Some(atn(r.initial)),
        budget: atn(r.budget),
        spent: atn(r.spent),
        rate: r.rate.map(atn),
    }
}

fn model_target(t: &GenTarget) -> Target {
    match t {
        GenTarget::Quant {
            op,
            number,
            text,
            unit,
        } => Target::Quantitative {
            op: Some(*op),
            quantity: Quantity {
                number: *number,
                text: text.clone(),
                unit: unit.to_string(),
            },
        },
        GenTarget::Qual(s) => Target::Qualitative(s.to_string()),
    }
}

fn model_actual(a: &GenActual, target: &GenTarget) -> Actual {
    match a {
        GenActual::Quant { number, text, unit } => {
            let default = match target {
                GenTarget::Quant { unit, .. } => *unit,
                GenTarget::Qual(_) => "",
            };
            Actual::Quantitative(Quantity {
                number: *number,
                text: text.clone(),
                unit: unit.unwrap_or(default).to_string(),
            })
        }
        GenActual::Qual(s) => Actual::Qualitative(s.to_string()),
    }
}

fn model_indicator(i: &GenIndicator) -> Indicator {
    Indicator {
        place: Place::File,
        name: at(i.name.clone()),
        target: at(model_target(&i.target)),
        actual: i.actual.as_ref().map(|a| at(model_actual(a, &i.target))),
        weight: Some(atn(i.weight)),
        score: i.score.map(atn),
        reason: i.reason.clone().map(at),
        written: Default::default(),
        complete: true,
    }
}

fn sum_row(rows: &[GenRow; 3]) -> GenRow {
    let s = |f: fn(&GenRow) -> Decimal| rows.iter().map(f).sum::<Decimal>();
    let (budget, spent) = (s(|r| r.budget), s(|r| r.spent));
    GenRow {
        initial: s(|r| r.initial),
        budget,
        spent,
        rate: None,
    }
}

fn build(g: &GenProject) -> Project {
    Project {
        source: "gen.yaml".into(),
        year: Some(at(2024)),
        form: None,
        order: None,
        name: at(g.name.clone()),
        department: at("主管部门".into()),
        unit: at("实施单位".into()),
        funds: Funds {
            unit_stated: true,
            weight: g.budget_weight.map(atn),
            score: g.budget_score.map(atn),
            total: g
                .total_row
                .then(|| fund_row("年度资金总额", &sum_row(&g.rows))),
            sources: jixiao::model::NATIONAL_SOURCES
                .iter()
                .zip(&g.rows)
                .map(|(name, r)| fund_row(name, r))
                .collect(),
        },
        goals: Goals {
            expected: at(vec!["预期目标".into()]),
            actual: at(vec!["实际完成情况".into(), "第二段".into()]),
        },
        indicators: g
            .groups
            .iter()
            .map(|(n1, l2)| Level1 {
                name: at(n1.clone()),
                groups: l2
                    .iter()
                    .map(|(n2, list)| Level2 {
                        name: at(n2.clone()),
                        indicators: list.iter().map(model_indicator).collect(),
                        blank_rows: Vec::new(),
                        score: None,
                    })
                    .collect(),
            })
            .collect(),
        total: g.total.map(atn),
        grade: g.grade.map(|s| at(s.to_string())),
        fields: Default::default(),
        gaps: Default::default(),
        absent: Vec::new(),
        accepted: Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// The YAML text, with the form's keys as in tests/seed/2024.

fn q(s: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(s).unwrap()
}

fn yaml(g: &GenProject) -> String {
    let num = |d: Decimal| {
        if g.quoted_numbers {
            format!("\"{d}\"")
        } else {
            d.to_string()
        }
    };
    let key = |zh: &'static str, en: &'static str| if g.english { en } else { zh };
    let row = |r: &GenRow| {
        let mut s = format!(
            "{{ 年初预算数: {}, 全年预算数: {}, 全年执行数: {}",
            num(r.initial),
            num(r.budget),
            num(r.spent)
        );
        if let Some(rate) = r.rate {
            write!(s, ", 执行率: {}", num(rate)).unwrap();
        }
        s + " }"
    };
    let mut y = String::from("# generated\n年度: 2024\n");
    writeln!(y, "{}: {}", key("项目名称", "name"), q(&g.name)).unwrap();
    y += "主管部门: 主管部门\n实施单位: 实施单位\n\n项目资金:  # 万元\n";
    if let Some(w) = g.budget_weight {
        writeln!(y, "  分数: {}", num(w)).unwrap();
    }
    if let Some(s) = g.budget_score {
        writeln!(y, "  得分: {}", num(s)).unwrap();
    }
    if g.total_row {
        writeln!(y, "  年度资金总额: {}", row(&sum_row(&g.rows))).unwrap();
    }
    writeln!(y, "  当年财政拨款: {}", row(&g.rows[0])).unwrap();
    writeln!(y, "  上年结转资金: {}", row(&g.rows[1])).unwrap();
    writeln!(y, "  其他资金: {}", row(&g.rows[2])).unwrap();
    y += "\n年度总体目标:\n  预期目标: 预期目标\n  实际完成情况: |\n    实际完成情况\n    第二段\n\n";
    writeln!(y, "{}:", key("绩效指标", "indicators")).unwrap();
    for (n1, l2) in &g.groups {
        writeln!(y, "  {n1}:").unwrap();
        for (n2, list) in l2 {
            writeln!(y, "    {n2}:").unwrap();
            for i in list {
                let target = match &i.target {
                    GenTarget::Quant { op, text, unit, .. } => {
                        format!("{}{text}{unit}", op.symbol())
                    }
                    GenTarget::Qual(s) => s.to_string(),
                };
                let mut fields = vec![
                    (key("三级指标", "name"), q(&i.name)),
                    (key("年度指标值", "target"), q(&target)),
                ];
                if let Some(a) = &i.actual {
                    let text = match a {
                        GenActual::Quant { text, unit, .. } => {
                            format!("{text}{}", unit.unwrap_or(""))
                        }
                        GenActual::Qual(s) => s.to_string(),
                    };
                    fields.push((key("实际完成值", "actual"), q(&text)));
                }
                fields.push((key("分值", "weight"), num(i.weight)));
                if let Some(s) = i.score {
                    fields.push((key("得分", "score"), num(s)));
                }
                if let Some(r) = &i.reason {
                    fields.push((key("偏差原因分析及改进措施", "reason"), q(r)));
                }
                if i.flow {
                    let inner: Vec<String> =
                        fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    writeln!(y, "      - {{ {} }}", inner.join(", ")).unwrap();
                } else {
                    for (n, (k, v)) in fields.iter().enumerate() {
                        let lead = if n == 0 { "      - " } else { "        " };
                        writeln!(y, "{lead}{k}: {v}").unwrap();
                    }
                }
            }
        }
    }
    if let Some(t) = g.total {
        writeln!(y, "\n{}: {}", key("总分", "total"), num(t)).unwrap();
    }
    if let Some(gr) = g.grade {
        writeln!(y, "{}: {gr}", key("评分等级", "grade")).unwrap();
    }
    y
}

// ---------------------------------------------------------------------------
// Helpers for the properties.

fn within(x: Decimal, w: Decimal) -> bool {
    Decimal::ZERO <= x && x <= w
}

fn band(total: Decimal) -> &'static str {
    if total >= Decimal::from(90) {
        "优"
    } else if total >= Decimal::from(80) {
        "良"
    } else if total >= Decimal::from(60) {
        "中"
    } else {
        "差"
    }
}

/// Everything of a project except the places, for comparing a loaded project with a built one.
fn shape(p: &Project) -> String {
    let row = |r: &FundRow| {
        format!(
            "{:?}/{}/{}/{:?}",
            r.initial.as_ref().map(|x| x.get()),
            r.budget.get(),
            r.spent.get(),
            r.rate.as_ref().map(|x| x.get())
        )
    };
    let mut s = format!(
        "{:?} {} {} {} | {:?} {:?} {:?} {:?} | {:?} {:?} | {:?} {:?}\n",
        p.year.as_ref().map(|y| y.value),
        p.name.value,
        p.department.value,
        p.unit.value,
        p.funds.weight.as_ref().map(|x| x.get()),
        p.funds.score.as_ref().map(|x| x.get()),
        p.funds.total.as_ref().map(row),
        p.funds
            .sources
            .iter()
            .map(|r| (&r.name, row(r)))
            .collect::<Vec<_>>(),
        p.goals.expected.value,
        p.goals.actual.value,
        p.total.as_ref().map(|x| x.get()),
        p.grade.as_ref().map(|x| &x.value),
    );
    for (l1, l2, i) in p.indicators() {
        writeln!(
            s,
            "{} / {} / {} | {:?} | {:?} | {} | {:?} | {:?}",
            l1.name.value,
            l2.name.value,
            i.name.value,
            i.target.value,
            i.actual.as_ref().map(|a| &a.value),
            i.weight_value(),
            i.score.as_ref().map(|x| x.value),
            i.reason.as_ref().map(|x| &x.value),
        )
        .unwrap();
    }
    s
}

fn scores(s: &Scored) -> String {
    format!(
        "{:?} {:?} {:?} {} {} {} {}",
        s.funds,
        s.indicators,
        s.project.indicators().count(),
        s.weight_total,
        s.total,
        s.rule_total,
        s.grade
    )
}

fn cfg() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn indicator_scores_stay_within_their_weight(g in project()) {
        let s = common::score(build(&g));
        for ((_, _, i), sc) in s.project.indicators().zip(&s.indicators) {
            let w = i.weight_value();
            if let Some(rule) = sc.rule {
                prop_assert!(within(rule.max, w), "rule {} outside [0, {w}] for {i:?}", rule.max);
                prop_assert!(rule.min <= rule.max);
                prop_assert_eq!(rule, indicator_rule(i, &s.rules).unwrap());
            }
            if i.score.is_none() {
                prop_assert!(within(sc.score, w), "printed {} outside [0, {w}] for {i:?}", sc.score);
                prop_assert_eq!(sc.score, sc.rule.and_then(|r| r.computed).unwrap_or_default());
            } else {
                prop_assert_eq!(sc.score, i.score.as_ref().unwrap().get());
            }
        }
    }

    #[test]
    fn totals_add_up_and_grade_follows(g in project()) {
        let s = common::score(build(&g));
        let sum = s.funds.score + s.indicators.iter().map(|i| i.score).sum::<Decimal>();
        prop_assert_eq!(s.rule_total, sum);
        let weights = s.funds.weight
            + s.project.indicators().map(|(_, _, i)| i.weight_value()).sum::<Decimal>();
        prop_assert_eq!(s.weight_total, weights);
        match g.total {
            Some(t) => prop_assert_eq!(s.total, t),
            None => prop_assert_eq!(s.total, s.rule_total),
        }
        match g.grade {
            Some(gr) => prop_assert_eq!(s.grade.as_str(), gr),
            None => prop_assert_eq!(s.grade.as_str(), band(s.total)),
        }
        prop_assert_eq!(s.rules.grade(s.total).unwrap_or_default(), band(s.total));
    }

    #[test]
    fn budget_score_within_weight(g in project()) {
        let s = common::score(build(&g));
        let f = &s.funds;
        prop_assert_eq!(f.weight, g.budget_weight.unwrap_or(Decimal::TEN));
        prop_assert!(within(f.rule_score, f.weight), "{f:?}");
        if g.budget_score.is_none() {
            prop_assert_eq!(f.score, f.rule_score);
        }
        if f.total.budget > Decimal::ZERO && f.total.spent == f.total.budget {
            prop_assert_eq!(f.rule_score, f.weight);
        }
        if f.total.budget > Decimal::ZERO && f.total.spent >= f.total.budget {
            prop_assert_eq!(f.rule_score, f.weight);
        }
        for r in f.rows.iter().chain([&f.total]) {
            if r.budget.is_zero() {
                prop_assert_eq!(r.rule_rate, Decimal::ZERO);
            }
            prop_assert!(r.rule_rate >= Decimal::ZERO);
        }
        if f.total.budget.is_zero() {
            prop_assert_eq!(f.rule_score, Decimal::ZERO);
        }
    }

    #[test]
    fn full_execution_gives_full_budget_score(
        budget in (1i64..=1_000_000_000).prop_map(|m| Decimal::new(m, 3)),
        w in (0i64..=2000).prop_map(|c| Decimal::new(c, 2)),
        mut g in project(),
    ) {
        g.budget_weight = Some(w);
        g.budget_score = None;
        g.rows[0].budget = budget;
        g.rows[0].spent = budget;
        for r in &mut g.rows[1..] {
            r.spent = r.budget;
        }
        let s = common::score(build(&g));
        prop_assert_eq!(s.funds.rule_score, w);
        prop_assert_eq!(s.funds.score, w);
        prop_assert_eq!(s.funds.total.rule_rate, Decimal::ONE_HUNDRED);
    }

    #[test]
    fn rate_is_zero_without_budget(spent in (-1_000_000_000i64..=1_000_000_000).prop_map(|m| Decimal::new(m, 3))) {
        prop_assert_eq!(jixiao::model::num::rate(Decimal::ZERO, spent), Decimal::ZERO);
    }

    #[test]
    fn rate_never_panics(
        bm: i128, bs in 0u32..=28, sm: i128, ss in 0u32..=28,
    ) {
        const MAX: i128 = 79_228_162_514_264_337_593_543_950_335;
        let budget = Decimal::from_i128_with_scale(bm % MAX, bs);
        let spent = Decimal::from_i128_with_scale(sm % MAX, ss);
        let r = jixiao::model::num::rate(budget, spent);
        if budget.is_zero() {
            prop_assert_eq!(r, Decimal::ZERO);
        }
        if budget > Decimal::ZERO && spent >= Decimal::ZERO {
            prop_assert!(r >= Decimal::ZERO);
        }
    }

    #[test]
    fn half_up_rounds_away_from_zero(cents in 0i64..=1_000_000_000_000_000, negative: bool) {
        // x.xx5 → x.xx + 0.01 in magnitude.
        let x = Decimal::new(cents * 10 + 5, 3);
        let up = Decimal::new(cents + 1, 2);
        let (x, up) = if negative { (-x, -up) } else { (x, up) };
        prop_assert_eq!(fixed(x, 2), up.to_string());
        prop_assert_eq!(jixiao::model::num::round(x, 2), up);
    }

    #[test]
    fn fixed_prints_two_decimals(mantissa: i128, scale in 0u32..=28) {
        let m = mantissa % 79_228_162_514_264_337_593_543_950_335i128;
        let d = Decimal::from_i128_with_scale(m, scale);
        let s = fixed(d, 2);
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        prop_assert_eq!(frac.len(), 2, "{} → {}", d, s);
        prop_assert!(frac.chars().all(|c| c.is_ascii_digit()), "{} → {}", d, s);
        let digits = int.strip_prefix('-').unwrap_or(int);
        prop_assert!(!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()), "{} → {}", d, s);
        prop_assert_ne!(s.as_str(), "-0.00");
        // And the printed value is the half-up rounding of d.
        let printed: Decimal = s.parse().unwrap();
        prop_assert_eq!(printed, jixiao::model::num::round(d, 2));
    }

    #[test]
    fn quantitative_rule_is_monotonic(
        op in prop::sample::select(OPS),
        target in prop_oneof![dec(1_000, 0), dec(100_000, 2)],
        a in prop_oneof![dec(2_000, 0), dec(200_000, 2)],
        b in prop_oneof![dec(2_000, 0), dec(200_000, 2)],
        w in weight(),
    ) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let ind = |actual: Decimal| Indicator {
            place: Place::File,
            name: at("x".into()),
            target: at(Target::Quantitative {
                op: Some(op),
                quantity: Quantity { number: target, text: target.to_string(), unit: "%".into() },
            }),
            actual: Some(at(Actual::Quantitative(Quantity {
                number: actual,
                text: actual.to_string(),
                unit: "%".into(),
            }))),
            weight: Some(atn(w)),
            score: None,
            reason: None,
            written: Default::default(),
            complete: true,
        };
        let national = (*common::forms().get("national").unwrap().rules).clone();
        let (r_lo, r_hi) = (indicator_rule(&ind(lo), &national).unwrap().max, indicator_rule(&ind(hi), &national).unwrap().max);
        prop_assert!(within(r_lo, w) && within(r_hi, w));
        if op.is_upper_bound() {
            prop_assert!(r_hi <= r_lo, "{op:?}{target}: {lo} → {r_lo}, {hi} → {r_hi}");
        } else {
            prop_assert!(r_hi >= r_lo, "{op:?}{target}: {lo} → {r_lo}, {hi} → {r_hi}");
        }
        // Meeting the target earns the full weight.
        let met = |x: Decimal| match op {
            Op::Ge | Op::Eq => x >= target,
            Op::Gt => x > target,
            Op::Le => x <= target,
            Op::Lt => x < target,
        };
        if met(lo) {
            prop_assert_eq!(r_lo, w);
        }
    }

    #[test]
    fn generated_projects_load_back_with_the_same_scores(g in project()) {
        let src = yaml(&g);
        let (loaded, diags) = load_str(Path::new("gen.yaml"), &src, &Default::default());
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:#?}\n{src}");
        let loaded = loaded.expect("a project");
        let built = build(&g);
        prop_assert_eq!(shape(&loaded), shape(&built), "\n{}", src);
        prop_assert_eq!(scores(&common::score(loaded)), scores(&common::score(built)));
    }
}
