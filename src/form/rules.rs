//! The scoring rules' parameters, as a form states them under `rules:` in its
//! `form.yaml`. The national form's (`templates/national/form.yaml`) are the
//! practice of 财预〔2020〕10号 and spell out every parameter; a parameter
//! another form leaves out is the national one.

use rust_decimal::Decimal;
use serde::Deserialize;

use std::collections::BTreeMap;

use crate::diag::Code;
use crate::model::Key;

/// Every rule parameter of one form.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The phrases of a qualitative 实际完成值 that put it in each tier.
    pub qualitative: Qualitative,
    /// What every 分值 adds up to, 项目资金's included: 100 (national); 110 on a
    /// form that counts 资金 10 outside the indicators' 100.
    pub total_weight: Decimal,
    /// Rules the form reports otherwise than the catalogue, by code: `off` (not
    /// checked), `note`, `warning` or `error`.
    pub severity: BTreeMap<Code, RuleSeverity>,
    /// The decimals the form's tables round a written score to: 2 (a `9` is
    /// exactly 9), or 0 where tables write whole points (a `9` stands for any
    /// score from 8.5 to 9.5).
    pub score_places: u32,
    /// The points the indicators count for in the 总分 when the form scores
    /// them out of 100 inside a block (`年度绩效目标(80分)` over 产出 60 +
    /// 效益 40: 80); none when their 分值 count as written.
    pub indicator_block: Option<Decimal>,
    /// What the form's table is: a 自评表 (the year's results) or a 目标表
    /// (the targets approved with the budget). Set from `form.yaml`'s `kind`.
    pub kind: TableKind,
}

/// What a form's table is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    /// 自评表: the year's budget execution, actual values and scores.
    #[default]
    Report,
    /// 目标表 (绩效目标表, 绩效目标申报表): the approved targets, weights and
    /// budget, before the year; nothing executed, nothing scored.
    Plan,
}

/// How a form reports one rule (`rules.severity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSeverity {
    /// Not checked.
    Off,
    /// A note (提示).
    Note,
    /// A warning (警告).
    Warning,
    /// An error (错误).
    Error,
}

/// Whole phrases that state an achievement. Only the whole text counts:
/// “没有发生泄密事件” contains 没有 but says the target was met.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualitative {
    /// 达成.
    pub achieved: Vec<String>,
    /// 部分达成.
    pub partly: Vec<String>,
    /// 未达成.
    pub not_achieved: Vec<String>,
}

/// `rules:` as a `form.yaml` writes it: a parameter left out is the national
/// form's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSpec {
    budget_weight: Option<Decimal>,
    levels: Option<Vec<Level>>,
    split: Option<Split>,
    reverse: Option<Reverse>,
    tiers: Option<[Decimal; 2]>,
    over_achievement: Option<Decimal>,
    rate_caps: Option<Vec<RateCap>>,
    grades: Option<Vec<Grade>>,
    required: Option<Vec<Key>>,
    qualitative: Option<Qualitative>,
    total_weight: Option<Decimal>,
    #[serde(default, deserialize_with = "codes")]
    severity: Option<BTreeMap<Code, RuleSeverity>>,
    score_places: Option<u32>,
    indicator_block: Option<Decimal>,
}

/// `rules.severity`: codes as a user types them (`E0206`, `W0603`).
fn codes<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<BTreeMap<Code, RuleSeverity>>, D::Error> {
    let typed: BTreeMap<String, RuleSeverity> = BTreeMap::deserialize(d)?;
    let mut out = BTreeMap::new();
    for (code, level) in typed {
        let rule = crate::diag::lookup(&code)
            .ok_or_else(|| serde::de::Error::custom(crate::diag::text::unknown_rule_code(&code)))?;
        out.insert(rule.code, level);
    }
    Ok(Some(out))
}

/// The national form's spec, whose rules every other form's start from.
const NATIONAL: &str = include_str!("../../templates/national/form.yaml");

/// The part of a `form.yaml` that holds the rules.
#[derive(Deserialize)]
struct RulesOf {
    #[serde(default)]
    rules: RulesSpec,
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

impl RulesSpec {
    /// The rules this spec gives, each parameter it leaves out taken from `base`.
    pub fn over(self, base: &Rules) -> Rules {
        let b = base.clone();
        Rules {
            budget_weight: self.budget_weight.unwrap_or(b.budget_weight),
            levels: self.levels.unwrap_or(b.levels),
            split: self.split.unwrap_or(b.split),
            reverse: self.reverse.unwrap_or(b.reverse),
            tiers: self.tiers.unwrap_or(b.tiers),
            over_achievement: self.over_achievement.or(b.over_achievement),
            rate_caps: self.rate_caps.unwrap_or(b.rate_caps),
            grades: self.grades.unwrap_or(b.grades),
            required: self.required.unwrap_or(b.required),
            qualitative: self.qualitative.unwrap_or(b.qualitative),
            total_weight: self.total_weight.unwrap_or(b.total_weight),
            severity: self.severity.unwrap_or(b.severity),
            score_places: self.score_places.unwrap_or(b.score_places),
            indicator_block: self.indicator_block.or(b.indicator_block),
            kind: b.kind,
        }
    }

    /// The rules of a spec that leaves nothing out (the national form's);
    /// the first parameter it leaves out otherwise.
    fn complete(self) -> Result<Rules, &'static str> {
        Ok(Rules {
            budget_weight: self.budget_weight.ok_or("budget_weight")?,
            levels: self.levels.ok_or("levels")?,
            split: self.split.unwrap_or_default(),
            reverse: self.reverse.ok_or("reverse")?,
            tiers: self.tiers.ok_or("tiers")?,
            over_achievement: self.over_achievement,
            rate_caps: self.rate_caps.ok_or("rate_caps")?,
            grades: self.grades.ok_or("grades")?,
            required: self.required.ok_or("required")?,
            qualitative: self.qualitative.ok_or("qualitative")?,
            total_weight: self.total_weight.ok_or("total_weight")?,
            severity: self.severity.unwrap_or_default(),
            score_places: self.score_places.ok_or("score_places")?,
            indicator_block: self.indicator_block,
            kind: TableKind::Report,
        })
    }
}

impl Rules {
    /// The national form's rules (`templates/national/form.yaml`), which spell
    /// out every parameter: the base of every other form's.
    pub fn national() -> Result<Rules, String> {
        let spec: RulesOf = serde_saphyr::from_str(NATIONAL)
            .map_err(|e| crate::diag::text::form_yaml_error(&e.without_snippet().to_string()))?;
        spec.rules
            .complete()
            .map_err(crate::diag::text::national_rules_incomplete)
    }

    /// The rules' own mistakes, in Chinese (a tier above 100, bands out of order).
    pub fn problems(&self) -> Vec<String> {
        let hundred = Decimal::ONE_HUNDRED;
        let mut out = Vec::new();
        let [achieved, partly] = self.tiers;
        if !(Decimal::ZERO <= partly && partly <= achieved && achieved <= hundred) {
            out.push(crate::diag::text::bad_tiers(
                &achieved.to_string(),
                &partly.to_string(),
            ));
        }
        if self.budget_weight < Decimal::ZERO || self.budget_weight > hundred {
            out.push(crate::diag::text::bad_budget_weight(
                &self.budget_weight.to_string(),
            ));
        }
        if self.levels.is_empty() {
            out.push(crate::diag::text::NO_LEVELS.into());
        }
        if self.over_achievement.is_some_and(|t| t <= hundred) {
            out.push(crate::diag::text::BAD_OVER_ACHIEVEMENT.into());
        }
        if self.grades.windows(2).any(|w| w[0].min <= w[1].min) {
            out.push(crate::diag::text::BAD_GRADES.into());
        }
        if !matches!(self.score_places, 0 | 2) {
            out.push(crate::diag::text::bad_score_places(self.score_places));
        }
        if self
            .indicator_block
            .is_some_and(|b| b <= Decimal::ZERO || b > hundred)
        {
            out.push(crate::diag::text::BAD_INDICATOR_BLOCK.into());
        }
        out
    }

    /// Every score a written one may stand for, by the form's rounding.
    pub fn score_range(&self, written: crate::model::Num) -> crate::model::Range {
        if self.score_places == 0 {
            written.rounded_range()
        } else {
            written.range()
        }
    }

    /// What the indicators' scores count for in the 总分: × block ÷ 100 on a
    /// form with an `indicator_block`, else × 1.
    pub fn indicator_share(&self) -> Decimal {
        self.indicator_block
            .map_or(Decimal::ONE, |b| b / Decimal::ONE_HUNDRED)
    }

    /// Whether the form requires a field a table may leave out: those of
    /// `required`, and 全年执行数 on every 自评表.
    pub fn requires(&self, key: Key) -> bool {
        self.required.contains(&key) || (key == Key::Spent && self.kind == TableKind::Report)
    }

    /// Whether the form's table is a 目标表.
    pub fn is_plan(&self) -> bool {
        self.kind == TableKind::Plan
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
                parts.push(crate::diag::text::other_grades(&g.name));
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
    let suffix = crate::diag::text::INDICATOR_SUFFIX;
    if s.ends_with(suffix) {
        s
    } else {
        format!("{s}{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// A form's `rules:` over the national ones.
    fn spec(yaml: &str) -> Rules {
        serde_saphyr::from_str::<RulesSpec>(yaml)
            .unwrap()
            .over(&Rules::national().unwrap())
    }

    #[test]
    fn default_grades_and_bands() {
        let r = Rules::national().unwrap();
        assert_eq!(r.grade(d("90")), Some("优"));
        assert_eq!(r.grade(d("89.99")), Some("良"));
        assert_eq!(r.grade(d("-5")), Some("差"));
        assert_eq!(r.grade_bands(), "优 ≥ 90，良 ≥ 80，中 ≥ 60，其余为差");
        assert!(r.problems().is_empty());
        let none = Rules {
            grades: vec![],
            ..r
        };
        assert_eq!(none.grade(d("95")), None);
    }

    #[test]
    fn caps_take_the_lowest_that_applies() {
        let r = spec(
            "rate_caps:\n  - { below: 80, max: 89 }\n  - { below: 60, max: 69 }\n  - { below: 70, max: 79 }\n",
        );
        assert_eq!(r.cap(d("85")), None);
        assert_eq!(r.cap(d("79.99")).map(|c| c.max), Some(d("89")));
        assert_eq!(r.cap(d("65")).map(|c| c.max), Some(d("79")));
        assert_eq!(r.cap(d("10")).map(|c| c.max), Some(d("69")));
    }

    #[test]
    fn a_form_overrides_what_it_names_and_keeps_the_rest() {
        let r = spec(
            "budget_weight: 20\ntiers: [80, 50]\nreverse: deviation\nsplit: { severity: error }\n",
        );
        assert_eq!(r.budget_weight, d("20"));
        assert_eq!(r.tiers, [d("80"), d("50")]);
        assert_eq!(r.reverse, Reverse::Deviation);
        assert_eq!(r.split.severity, SplitSeverity::Error);
        assert_eq!(r.split.tolerance, d("10"));
        assert_eq!(r.grades, Rules::national().unwrap().grades);
        assert_eq!(r.qualitative, Rules::national().unwrap().qualitative);
    }

    #[test]
    fn wrong_parameters_are_named() {
        let r = spec("tiers: [50, 80]\nover_achievement: 90\ngrades: [{name: 优, min: 60}, {name: 良, min: 80}]\n");
        let p = r.problems();
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("rules.tiers"));
        assert!(serde_saphyr::from_str::<RulesSpec>("tier: [80, 60]\n").is_err());
    }
}
