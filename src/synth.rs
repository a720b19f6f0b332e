//! A seeded generator of synthetic but valid projects, for benchmarks and load tests.
//!
//! The same seed always gives the same files (the generator is a plain SplitMix64,
//! not a crate whose sequence may change between versions).

use std::fmt::Write as _;

/// SplitMix64: small, fast, and stable forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    /// True with probability `percent` %.
    fn chance(&mut self, percent: u64) -> bool {
        self.range(1, 100) <= percent
    }
}

const DISTRICTS: &[&str] = &[
    "闵行区",
    "浦东新区",
    "徐汇区",
    "长宁区",
    "静安区",
    "普陀区",
    "虹口区",
    "杨浦区",
    "宝山区",
    "嘉定区",
];
const BODIES: &[&str] = &[
    "教育局",
    "卫生健康委员会",
    "民政局",
    "文化和旅游局",
    "体育局",
    "生态环境局",
    "城市管理行政执法局",
    "科学技术委员会",
    "人力资源和社会保障局",
    "市场监督管理局",
];
const TOPICS: &[&str] = &[
    "信息化平台运维",
    "托育服务",
    "社区养老服务",
    "公共文化活动",
    "校舍维修",
    "环境监测",
    "人才培训",
    "食品安全抽检",
    "体育场馆运营",
    "档案数字化",
    "垃圾分类宣传",
    "疫苗冷链",
    "图书采购",
];
const QUALITATIVE: &[(&str, &str)] = &[
    ("高", "达成指标"),
    ("及时", "达成指标"),
    ("满意", "达成指标"),
    ("可持续", "达成指标"),
];
const UNITS: &[&str] = &["%", "家", "人次", "次", "个", "小时", "天"];
const LEVELS: &[(&str, &[&str])] = &[
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &["社会效益指标", "经济效益指标", "可持续影响指标"],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
];

/// A name of one of `units` implementing units.
pub fn unit_name(i: usize) -> String {
    format!(
        "{}{}第{}事务中心",
        DISTRICTS[i % DISTRICTS.len()],
        BODIES[(i / DISTRICTS.len()) % BODIES.len()],
        i + 1
    )
}

/// Cents as a decimal string: 1234 → `12.34`.
fn cents(c: u64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

/// The YAML text of synthetic project number `i` of `units` units.
pub fn project_yaml(seed: u64, i: usize, units: usize, year: u16) -> String {
    let mut r = Rng(seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
    let unit = unit_name(i % units.max(1));
    let topic = r.pick(TOPICS);
    let mut y = String::new();
    let _ = writeln!(y, "年度: {year}");
    let _ = writeln!(y, "项目名称: {topic}项目（{}）第{}号", year, i + 1);
    let _ = writeln!(
        y,
        "主管部门: {}{}",
        DISTRICTS[i % DISTRICTS.len()],
        r.pick(BODIES)
    );
    let _ = writeln!(y, "实施单位: {unit}");
    if r.chance(30) {
        let _ = writeln!(y, "序号: {}", r.range(1, 500));
    }
    // Budget in thousandths of 万元 (three decimals happen in real tables).
    let budget = r.range(1_000, 5_000_000);
    let spent = budget - r.range(0, budget / 20);
    let initial = budget + r.range(0, budget / 10);
    let milli = |m: u64| format!("{}.{:03}", m / 1000, m % 1000);
    let _ = writeln!(y, "项目资金:\n  分数: 10");
    let _ = writeln!(
        y,
        "  当年财政拨款: {{ 年初预算数: {}, 全年预算数: {}, 全年执行数: {} }}",
        milli(initial),
        milli(budget),
        milli(spent)
    );
    if r.chance(20) {
        let c = r.range(100, 100_000);
        let _ = writeln!(
            y,
            "  上年结转资金: {{ 年初预算数: 0, 全年预算数: {}, 全年执行数: {} }}",
            milli(c),
            milli(c)
        );
    }
    let _ = writeln!(
        y,
        "年度总体目标:\n  预期目标: 按计划完成{topic}各项工作，保障服务质量和资金使用效益。\n  实际完成情况: |\n    已按计划完成{topic}各项工作。\n    资金使用规范，服务对象总体满意。"
    );

    // 1–30 indicators; weights in cents summing to 90.00 (the budget has the other 10).
    let n = r.range(1, 30) as usize;
    let shares: Vec<u64> = (0..n).map(|_| r.range(1, 5)).collect();
    let total: u64 = shares.iter().sum();
    let mut weights: Vec<u64> = shares.iter().map(|s| 9_000 * s / total).collect();
    let assigned: u64 = weights.iter().sum();
    if let Some(last) = weights.last_mut() {
        *last += 9_000 - assigned;
    }
    // Spread the indicators over the 一级 groups in order, at least one in 产出.
    let mut groups: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for k in 0..n {
        let l1 = if n < 3 { k.min(2) } else { k * 3 / n };
        let subs = LEVELS[l1].1;
        let l2 = r.range(0, subs.len() as u64 - 1) as usize;
        match groups.iter_mut().find(|(a, b, _)| *a == l1 && *b == l2) {
            Some(g) => g.2.push(k),
            None => groups.push((l1, l2, vec![k])),
        }
    }
    groups.sort_by_key(|(a, b, _)| (*a, *b));
    let _ = writeln!(y, "绩效指标:");
    let mut last_l1 = usize::MAX;
    for (l1, l2, items) in &groups {
        if *l1 != last_l1 {
            let _ = writeln!(y, "  {}:", LEVELS[*l1].0);
            last_l1 = *l1;
        }
        let _ = writeln!(y, "    {}:", LEVELS[*l1].1[*l2]);
        for &k in items {
            let w = weights[k];
            let _ = writeln!(y, "      - 三级指标: {}指标{}", topic, k + 1);
            if r.chance(30) {
                let (t, a) = r.pick(QUALITATIVE);
                let _ = writeln!(y, "        年度指标值: {t}\n        实际完成值: {a}");
                let _ = writeln!(y, "        分值: {}\n        得分: {}", cents(w), cents(w));
            } else {
                let unit = r.pick(UNITS);
                let target = if *unit == "%" {
                    r.range(80, 100)
                } else {
                    r.range(1, 500)
                };
                let missed = r.chance(15) && target > 1;
                let actual = if missed {
                    target - r.range(1, target / 2 + 1).min(target - 1)
                } else {
                    target + r.range(0, 3)
                };
                let _ = writeln!(y, "        年度指标值: \"≥{target}{unit}\"\n        实际完成值: \"{actual}{unit}\"");
                // A missed target scores half its proportional share, with a reason.
                let score = if missed { w * actual / target / 2 } else { w };
                let _ = writeln!(
                    y,
                    "        分值: {}\n        得分: {}",
                    cents(w),
                    cents(score)
                );
                if missed {
                    let _ = writeln!(y, "        偏差原因分析及改进措施: 受客观因素影响未完全达成，下年度加强计划管理。");
                }
            }
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::yaml::load_str;
    use std::path::Path;

    #[test]
    fn synthetic_projects_are_valid_and_stable() {
        for i in 0..200 {
            let text = project_yaml(7, i, 50, 2024);
            assert_eq!(text, project_yaml(7, i, 50, 2024));
            let (p, diags) = load_str(Path::new("synth.yaml"), &text, &Default::default());
            let scored = crate::score::score(p.expect("loads"));
            let mut all = diags;
            all.extend(crate::validate::validate(&scored));
            let errors: Vec<_> = all.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "project {i}: {errors:#?}\n{text}");
        }
    }
}
