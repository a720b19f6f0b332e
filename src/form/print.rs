//! How a form prints its values (`print:` in `form.yaml`): the decimals of
//! numbers, targets and actual values normalised or as the unit wrote them,
//! rates with or without `%`. The defaults are the Shanghai seed's.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::format;
use crate::model::num::{fixed, grouped, PLACES};
use crate::model::{Indicator, Num, Target};

/// The `print:` section of `form.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Print {
    /// Decimals of amounts, rates, weights and scores.
    pub places: Places,
    /// 年度指标值: `≥90(%)` (normalised) or as written (`>=90%`).
    pub target: Style,
    /// 实际完成值: `735.00(人次)` (normalised) or as written (`735`).
    pub actual: Style,
    /// 执行率: `98.97` (number) or `98.97%` (percent).
    pub rate: Rate,
    /// The unit amounts are printed in (the model holds 万元).
    pub amounts: AmountUnit,
}

/// The unit of the amounts on the form (written `万元` or `元` in `form.yaml`
/// and the manifest).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AmountUnit {
    /// 万元, as the seed.
    #[default]
    Wan,
    /// 元: every amount × 10,000, exactly.
    Yuan,
}

impl AmountUnit {
    /// The unit as a heading says it: `全年预算数(元)`.
    pub fn label(self) -> &'static str {
        match self {
            AmountUnit::Wan => crate::diag::text::WAN,
            AmountUnit::Yuan => crate::diag::text::YUAN,
        }
    }
}

impl Serialize for AmountUnit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for AmountUnit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let word = String::deserialize(d)?;
        [AmountUnit::Wan, AmountUnit::Yuan]
            .into_iter()
            .find(|u| u.label() == word.trim())
            .ok_or_else(|| serde::de::Error::custom(crate::diag::text::unknown_amount_unit(&word)))
    }
}

impl AmountUnit {
    /// An amount in 万元 in this unit, exactly; `None` beyond a decimal's range.
    pub fn of(self, wan: Decimal) -> Option<Decimal> {
        match self {
            AmountUnit::Wan => Some(wan),
            AmountUnit::Yuan => wan.checked_mul(Decimal::from(10_000)),
        }
    }

    /// A given amount in 万元 as given in this unit: 元 carry four places fewer.
    pub fn num(self, wan: &Num) -> Num {
        match self {
            AmountUnit::Wan => *wan,
            AmountUnit::Yuan => Num::shown(
                self.of(wan.value).unwrap_or(Decimal::MAX),
                wan.places.saturating_sub(4),
            )
            .with_grouping(wan.grouped),
        }
    }
}

/// Decimals of printed numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Places {
    /// Always this many (`10.00`).
    Fixed(u32),
    /// A given number with the decimals it was written or shown with (`10`,
    /// `8.62`); a computed one (a rate, a score) with the form's two.
    Written(AsWritten),
}

/// The word `as_written` in `form.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsWritten {
    /// As the unit wrote it.
    AsWritten,
}

impl Default for Places {
    fn default() -> Self {
        Places::Fixed(PLACES)
    }
}

/// Normalised or as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// The form's own spelling.
    #[default]
    Normalised,
    /// The text the unit wrote.
    AsWritten,
}

/// How 执行率 is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    /// `98.97`, under a `执行率(%)` heading.
    #[default]
    Number,
    /// `98.97%`.
    Percent,
}

/// A 年度指标值 in three cells: 指标性质 (the operator), 指标值, 度量单位.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TargetParts {
    /// The operator (`≥`, or as written: `>=`, `≧`, `不低于`).
    pub op: String,
    /// The number as written, or the whole of a qualitative target.
    pub value: String,
    /// The unit (`%`, `人次`), empty when none.
    pub unit: String,
}

impl Print {
    /// A number the input gives (`given`), else the computed `value`.
    pub fn number(&self, given: Option<&Num>, value: Decimal) -> String {
        match (self.places, given) {
            (Places::Fixed(p), _) => fixed(value, p),
            (Places::Written(_), Some(n)) if n.grouped => grouped(n.value, n.places),
            (Places::Written(_), Some(n)) => fixed(n.value, n.places),
            (Places::Written(_), None) => fixed(value, PLACES),
        }
    }

    /// A sum of given numbers: with the most decimals any of them has.
    pub fn sum<'a>(&self, parts: impl Iterator<Item = &'a Num>, value: Decimal) -> String {
        match self.places {
            Places::Fixed(p) => fixed(value, p),
            Places::Written(_) => {
                let (mut places, mut separated) = (0, false);
                for n in parts {
                    places = places.max(n.places);
                    separated |= n.grouped;
                }
                if separated {
                    grouped(value, places.min(PLACES))
                } else {
                    fixed(value, places.min(PLACES))
                }
            }
        }
    }

    /// An amount held in 万元 (`given` as written, else the computed
    /// `value`), in the form's unit.
    pub fn amount(&self, given: Option<&Num>, value: Decimal) -> String {
        let value = self.amounts.of(value).unwrap_or(Decimal::MAX);
        let given = given.map(|n| self.amounts.num(n));
        self.number(given.as_ref(), value)
    }

    /// A sum of given amounts, in the form's unit.
    pub fn amount_sum<'a>(&self, parts: impl Iterator<Item = &'a Num>, value: Decimal) -> String {
        let parts: Vec<Num> = parts.map(|n| self.amounts.num(n)).collect();
        self.sum(parts.iter(), self.amounts.of(value).unwrap_or(Decimal::MAX))
    }

    /// A 执行率 in percent.
    pub fn rate(&self, given: Option<&Num>, value: Decimal) -> String {
        let n = self.number(given, value);
        match self.rate {
            Rate::Number => n,
            Rate::Percent => format!("{n}%"),
        }
    }

    /// The 年度指标值 of `i`.
    pub fn target(&self, i: &Indicator) -> String {
        match self.target {
            Style::AsWritten if !i.written.target.is_empty() => i.written.target.clone(),
            _ => format::target(&i.target.value),
        }
    }

    /// The 年度指标值 of `i` in three parts.
    pub fn target_parts(&self, i: &Indicator) -> TargetParts {
        match &i.target.value {
            Target::Qualitative(text) => TargetParts {
                value: text.clone(),
                ..TargetParts::default()
            },
            Target::Quantitative { op, quantity } => {
                let written = i.written.target.trim();
                let op = match (self.target, written.find(quantity.text.as_str())) {
                    (Style::AsWritten, Some(at)) => written[..at].trim().to_string(),
                    _ => op.map_or("", |o| o.symbol()).to_string(),
                };
                TargetParts {
                    op,
                    value: quantity.text.clone(),
                    unit: quantity.unit.clone(),
                }
            }
        }
    }

    /// The 实际完成值 of `i`, empty when not given.
    pub fn actual(&self, i: &Indicator) -> String {
        let Some(a) = &i.actual else {
            return String::new();
        };
        match (self.actual, self.places) {
            (Style::AsWritten, _) if !i.written.actual.is_empty() => i.written.actual.clone(),
            (_, Places::Fixed(p)) => format::actual(&a.value, p),
            (_, Places::Written(_)) => format::actual_as_written(&a.value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn form(yaml: &str) -> Print {
        serde_saphyr::from_str(yaml).unwrap()
    }

    fn indicator(target: &str, actual: &str) -> Indicator {
        Indicator::typed(target, actual, "10")
    }

    #[test]
    fn the_default_is_the_seeds_two_places_and_normalised_values() {
        let p = Print::default();
        assert_eq!(p.number(Some(&Num::written(d("10"))), d("10")), "10.00");
        assert_eq!(p.number(None, d("8.625")), "8.63");
        assert_eq!(p.rate(None, d("98.97")), "98.97");
        let i = indicator(">=90%", "92");
        assert_eq!(p.target(&i), "≥90(%)");
        assert_eq!(p.actual(&i), "92.00(%)");
    }

    #[test]
    fn as_written_keeps_what_the_unit_typed() {
        let p = form("places: as_written\ntarget: as_written\nactual: as_written\nrate: percent\n");
        assert_eq!(p.places, Places::Written(AsWritten::AsWritten));
        assert_eq!(p.number(Some(&Num::written(d("10"))), d("10")), "10");
        assert_eq!(p.number(Some(&Num::written(d("8.62"))), d("8.62")), "8.62");
        assert_eq!(
            p.number(Some(&Num::shown(d("33.0949"), 2)), d("33.0949")),
            "33.09"
        );
        assert_eq!(p.number(None, d("66.4")), "66.40");
        assert_eq!(p.number(None, d("8.625")), "8.63");
        assert_eq!(p.sum([].iter(), d("10")), "10");
        assert_eq!(p.rate(None, d("86.19")), "86.19%");
        let yuan = form("places: as_written\namounts: 元\n");
        let wan = Num::written(d("413.7")).yuan_to_wan();
        assert_eq!(wan.value, d("0.04137"));
        assert_eq!(yuan.amount(Some(&wan), wan.value), "413.7");
        let typed_wan = Num::written(d("33.09"));
        assert_eq!(yuan.amount(Some(&typed_wan), d("33.09")), "330900");
        assert_eq!(yuan.amount_sum([typed_wan].iter(), d("33.09")), "330900");
        assert_eq!(form("amounts: 元\n").amount(None, d("1.56")), "15600.00");
        let separated = Num::written(d("215457.6"))
            .with_grouping(true)
            .yuan_to_wan();
        assert_eq!(yuan.amount(Some(&separated), separated.value), "215,457.6");
        assert_eq!(
            yuan.amount_sum([separated].iter(), separated.value),
            "215,457.6"
        );
        assert_eq!(
            form("amounts: 元\n").amount(Some(&separated), separated.value),
            "215457.60"
        );
        let nums = [Num::written(d("10")), Num::written(d("43.2"))];
        assert_eq!(p.sum(nums.iter(), d("53.2")), "53.2");
        let i = indicator(">=90%", "86%");
        assert_eq!(p.target(&i), ">=90%");
        assert_eq!(p.actual(&i), "86%");
    }

    #[test]
    fn normalised_values_with_numbers_as_written() {
        let p = form("places: as_written\n");
        let i = indicator("≥266米", "270");
        assert_eq!(p.target(&i), "≥266(米)");
        assert_eq!(p.actual(&i), "270(米)");
    }

    #[test]
    fn targets_split_into_operator_number_and_unit() {
        let parts = |p: &Print, t: &str| {
            let i = indicator(t, "1");
            let x = p.target_parts(&i);
            (x.op, x.value, x.unit)
        };
        let normalised = Print::default();
        let written = form("target: as_written\n");
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(parts(&normalised, ">=90%"), s("≥", "90", "%"));
        assert_eq!(parts(&written, ">=90%"), s(">=", "90", "%"));
        assert_eq!(parts(&written, "≧95人次"), s("≧", "95", "人次"));
        assert_eq!(parts(&written, "不低于 90%"), s("不低于", "90", "%"));
        assert_eq!(parts(&written, "100"), s("", "100", ""));
        assert_eq!(parts(&written, "及时"), s("", "及时", ""));
    }

    #[test]
    fn a_wrong_key_or_word_is_refused() {
        assert!(serde_saphyr::from_str::<Print>("places: some\n").is_err());
        assert!(serde_saphyr::from_str::<Print>("target: asis\n").is_err());
        assert!(serde_saphyr::from_str::<Print>("decimals: 2\n").is_err());
    }
}
