//! The scoring rules' parameters, as a form states them under `rules:` in its
//! `form.yaml`. The defaults are the national practice of 财预〔2020〕10号 (the
//! Shanghai seed's): budget worth 10, 一级 50/30/10, proportional scores with
//! `指标值 ÷ 实际值` for reverse indicators, tiers 80/60, grades 优良中差.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::model::Key;

/// Every rule parameter of one form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// 项目资金's 分值: used when the table leaves it out, and a different one
    /// written is noted (10 national, 20 Hubei).
    pub budget_weight: Decimal,
    /// The 一级指标 the form allows, each with its 二级 and its expected weight.
    pub levels: Vec<Level>,
    /// How a 一级 weight far from its expected one is reported.
    pub split: Split,
    /// The score of a reverse indicator (`≤`, `<`) that missed its target.
    pub reverse: Reverse,
    /// Qualitative tiers: the lowest share (in %) of the weight for 达成 and for
    /// 部分达成; 未达成 lies below the second.
    pub tiers: [Decimal; 2],
    /// 实际完成值 at or above this % of the 年度指标值 needs a 偏差原因 (Guangxi:
    /// 130); none when absent.
    pub over_achievement: Option<Decimal>,
    /// Caps on the 总分 by the 执行率 of 年度资金总额, in any order.
    pub rate_caps: Vec<RateCap>,
    /// 评分等级 bands, each with its lowest 总分; empty when the form gives no grade.
    pub grades: Vec<Grade>,
    /// Which of the fields a table may leave out this form requires (E0101 when
    /// one is missing): `goals` (年度总体目标), `expected`, `achieved`, `weight`
    /// (a 分值 on every 三级指标), `sources` (at least one source row). The
    /// others (项目名称, 年度指标值…) every table has.
    pub required: Vec<Key>,
}

/// A 一级指标 of the form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Its name (`产出指标`).
    pub name: String,
    /// Its expected weight (`50`), when the form has one.
    #[serde(default)]
    pub weight: Option<Decimal>,
    /// The 二级指标 usually under it.
    #[serde(default)]
    pub groups: Vec<String>,
}

/// The check of the 一级 weights against the expected split.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Split {
    /// How far (in points) a 一级 weight may stray from its expected one.
    pub tolerance: Decimal,
    /// How a larger difference is reported.
    pub severity: SplitSeverity,
}

/// How a split far from the expected one is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SplitSeverity {
    /// Not at all.
    Off,
    /// A note (I0403): the split is guidance.
    Note,
    /// A warning (W0404): the form expects this split.
    Warning,
    /// An error (E0405): the form requires this split.
    Error,
}

/// How a missed reverse indicator (`≤`) is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reverse {
    /// `指标值 ÷ 实际值 × 分值` (national practice).
    Ratio,
    /// `(1 − (实际值 − 指标值) ÷ 指标值) × 分值`: 0 at twice the target.
    Deviation,
}

/// Below this 执行率 (%), the 总分 may be at most `max`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateCap {
    /// The 执行率 (%) below which the cap holds.
    pub below: Decimal,
    /// The highest 总分 allowed.
    pub max: Decimal,
}

/// One 评分等级 band.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// The grade (`优`).
    pub name: String,
    /// The lowest 总分 with this grade.
    pub min: Decimal,
}

impl Default for Split {
    fn default() -> Self {
        Split {
            tolerance: Decimal::TEN,
            severity: SplitSeverity::Note,
        }
    }
}

impl Default for Rules {
    fn default() -> Self {
        let level = |name: &str, weight: i64, groups: &[&str]| Level {
            name: name.into(),
            weight: Some(Decimal::from(weight)),
            groups: groups.iter().map(|g| g.to_string()).collect(),
        };
        let grade = |name: &str, min: i64| Grade {
            name: name.into(),
            min: Decimal::from(min),
        };
        Rules {
            budget_weight: Decimal::TEN,
            levels: vec![
                level(
                    "产出指标",
                    50,
                    &["数量指标", "质量指标", "时效指标", "成本指标"],
                ),
                level(
                    "效益指标",
                    30,
                    &[
                        "经济效益指标",
                        "社会效益指标",
                        "生态效益指标",
                        "可持续影响指标",
                    ],
                ),
                level("满意度指标", 10, &["服务对象满意度指标"]),
            ],
            split: Split::default(),
            reverse: Reverse::Ratio,
            tiers: [Decimal::from(80), Decimal::from(60)],
            over_achievement: None,
            rate_caps: Vec::new(),
            grades: vec![
                grade("优", 90),
                grade("良", 80),
                grade("中", 60),
                grade("差", 0),
            ],
            required: vec![
                Key::Goals,
                Key::Expected,
                Key::Achieved,
                Key::Weight,
                Key::Sources,
            ],
        }
    }
}

impl Rules {
    /// The rules' own mistakes, in Chinese (a tier above 100, bands out of order).
    pub fn problems(&self) -> Vec<String> {
        let hundred = Decimal::ONE_HUNDRED;
        let mut out = Vec::new();
        let [achieved, partly] = self.tiers;
        if !(Decimal::ZERO <= partly && partly <= achieved && achieved <= hundred) {
            out.push(format!(
                "rules.tiers 应为两个 0 到 100 之间、由高到低的百分数（如 [80, 60]），写的是 [{achieved}, {partly}]"
            ));
        }
        if self.budget_weight < Decimal::ZERO || self.budget_weight > hundred {
            out.push(format!(
                "rules.budget_weight 应在 0 到 100 之间，写的是 {}",
                self.budget_weight
            ));
        }
        if self.levels.is_empty() {
            out.push("rules.levels 至少要有一个一级指标".into());
        }
        if self.over_achievement.is_some_and(|t| t <= hundred) {
            out.push(
                "rules.over_achievement 是超过年度指标值的百分比，应大于 100（如 130）".into(),
            );
        }
        if self.grades.windows(2).any(|w| w[0].min <= w[1].min) {
            out.push("rules.grades 应由高到低排列，每档的 min 不同".into());
        }
        out
    }

    /// Whether the form requires a field a table may leave out.
    pub fn requires(&self, key: Key) -> bool {
        self.required.contains(&key)
    }

    /// The 一级 of this name (compared as [`canonical`]).
    pub fn level(&self, name: &str) -> Option<&Level> {
        let name = canonical(name);
        self.levels.iter().find(|l| canonical(&l.name) == name)
    }

    /// 评分等级 of a 总分; `None` when the form gives no grade.
    pub fn grade(&self, total: Decimal) -> Option<&str> {
        self.grades
            .iter()
            .find(|g| total >= g.min)
            .or(self.grades.last())
            .map(|g| g.name.as_str())
    }

    /// The bands in words, for hints: `优 ≥ 90，良 ≥ 80，中 ≥ 60，其余为差`.
    pub fn grade_bands(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (i, g) in self.grades.iter().enumerate() {
            if i + 1 == self.grades.len() && i > 0 {
                parts.push(format!("其余为{}", g.name));
            } else {
                parts.push(format!("{} ≥ {}", g.name, g.min.normalize()));
            }
        }
        parts.join("，")
    }

    /// The highest 总分 a 执行率 (%) allows, when a cap applies.
    pub fn cap(&self, rate: Decimal) -> Option<&RateCap> {
        self.rate_caps
            .iter()
            .filter(|c| rate < c.below)
            .min_by_key(|c| c.max)
    }
}

/// A 一级 or 二级 name compared without blanks and with a missing "指标" added.
pub fn canonical(name: &str) -> String {
    let s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if s.ends_with("指标") {
        s
    } else {
        format!("{s}指标")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn default_grades_and_bands() {
        let r = Rules::default();
        assert_eq!(r.grade(d("90")), Some("优"));
        assert_eq!(r.grade(d("89.99")), Some("良"));
        assert_eq!(r.grade(d("-5")), Some("差"));
        assert_eq!(r.grade_bands(), "优 ≥ 90，良 ≥ 80，中 ≥ 60，其余为差");
        assert!(r.problems().is_empty());
        let none = Rules {
            grades: vec![],
            ..Rules::default()
        };
        assert_eq!(none.grade(d("95")), None);
    }

    #[test]
    fn caps_take_the_lowest_that_applies() {
        let r: Rules = serde_saphyr::from_str(
            "rate_caps:\n  - { below: 80, max: 89 }\n  - { below: 60, max: 69 }\n  - { below: 70, max: 79 }\n",
        )
        .unwrap();
        assert_eq!(r.cap(d("85")), None);
        assert_eq!(r.cap(d("79.99")).map(|c| c.max), Some(d("89")));
        assert_eq!(r.cap(d("65")).map(|c| c.max), Some(d("79")));
        assert_eq!(r.cap(d("10")).map(|c| c.max), Some(d("69")));
    }

    #[test]
    fn a_form_overrides_what_it_names_and_keeps_the_rest() {
        let r: Rules = serde_saphyr::from_str(
            "budget_weight: 20\ntiers: [80, 50]\nreverse: deviation\nsplit: { severity: error }\n",
        )
        .unwrap();
        assert_eq!(r.budget_weight, d("20"));
        assert_eq!(r.tiers, [d("80"), d("50")]);
        assert_eq!(r.reverse, Reverse::Deviation);
        assert_eq!(r.split.severity, SplitSeverity::Error);
        assert_eq!(r.split.tolerance, d("10"));
        assert_eq!(r.grades, Rules::default().grades);
    }

    #[test]
    fn wrong_parameters_are_named() {
        let r: Rules =
            serde_saphyr::from_str("tiers: [50, 80]\nover_achievement: 90\ngrades: [{name: 优, min: 60}, {name: 良, min: 80}]\n")
                .unwrap();
        let p = r.problems();
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("rules.tiers"));
        assert!(serde_saphyr::from_str::<Rules>("tier: [80, 60]\n").is_err());
    }
}
