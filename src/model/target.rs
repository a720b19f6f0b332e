//! Targets (年度指标值) and actual values (实际完成值), written as people write
//! them: `≥90%`, `=5家`, `≤30万元`, `高`, `达成指标`.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::diag::msg::check as msg;

/// Comparison operator of a quantitative target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `≥`: at least.
    Ge,
    /// `>`: more than.
    Gt,
    /// `=`: exactly (exceeding still counts as met).
    Eq,
    /// `≤`: at most.
    Le,
    /// `<`: less than.
    Lt,
}

impl Op {
    /// The symbol printed on the form.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Eq => "=",
            Op::Le => "≤",
            Op::Lt => "<",
        }
    }

    /// Whether smaller actual values are better (`≤`, `<`).
    pub fn is_upper_bound(self) -> bool {
        matches!(self, Op::Le | Op::Lt)
    }
}

/// A number with its unit, keeping the number exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The value.
    pub number: Decimal,
    /// The number as written (`100`, `100.00`), printed unchanged in targets.
    pub text: String,
    /// The unit (`%`, `家`, `万元`), empty when none.
    pub unit: String,
}

impl Quantity {
    /// The number with the decimals it was written with (`number` is parsed
    /// from `text`, so its scale is the decimals written).
    pub fn num(&self) -> super::Num {
        super::Num::written(self.number)
    }
}

/// A 年度指标值.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Operator, number and unit; `op` is `None` when the unit wrote a bare number.
    Quantitative {
        /// The operator, if written.
        op: Option<Op>,
        /// Number and unit.
        quantity: Quantity,
    },
    /// Text such as 高, 及时, 满意.
    Qualitative(String),
}

/// A 实际完成值.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    /// A measured number with its unit.
    Quantitative(Quantity),
    /// Text such as 达成指标.
    Qualitative(String),
}

/// Why a target or an actual value could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

/// Full-width digits, letters, signs and the ideographic space as their ASCII
/// forms (`１００．５％` → `100.5%`).
pub fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// Replaces full-width and ASCII spellings of operators and brackets with one form.
fn normalize(s: &str) -> String {
    half_width(s)
        .trim()
        .replace([' ', '\t'], "")
        // Small forms (﹦ U+FE66, ﹥, ﹤), as some tables print them.
        .replace('﹦', "=")
        .replace('﹥', ">")
        .replace('﹤', "<")
        .replace(">=", "≥")
        .replace("=>", "≥")
        .replace("<=", "≤")
        .replace("=<", "≤")
        .replace(['≧', '⩾', '≮'], "≥")
        .replace(['≦', '⩽', '≯'], "≤")
        .replace(['═', '〓', '＝'], "=")
        .replace('（', "(")
        .replace('）', ")")
        .replace('％', "%")
}

/// Operators written as words before the number (不低于90%).
const WORD_OPS: &[(&str, Op)] = &[
    ("大于或等于", Op::Ge),
    ("大于等于", Op::Ge),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("至少", Op::Ge),
    ("达到", Op::Ge),
    ("小于或等于", Op::Le),
    ("小于等于", Op::Le),
    ("不高于", Op::Le),
    ("不多于", Op::Le),
    ("不超过", Op::Le),
    ("不大于", Op::Le),
    ("控制在", Op::Le),
    ("至多", Op::Le),
    ("最多", Op::Le),
    ("大于", Op::Gt),
    ("高于", Op::Gt),
    ("多于", Op::Gt),
    ("超过", Op::Gt),
    ("小于", Op::Lt),
    ("低于", Op::Lt),
    ("少于", Op::Lt),
    ("等于", Op::Eq),
];

/// Operators written as words after the number and unit (90%以上, 3天以内).
const SUFFIX_OPS: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("以上", Op::Ge),
    ("及以下", Op::Le),
    ("以下", Op::Le),
    ("以内", Op::Le),
];

/// The operator at the start of a target and the rest; the flag says whether it
/// was a sign (a word such as 达到 may start a qualitative target too).
fn split_op(s: &str) -> (Option<Op>, &str, bool) {
    for (k, (sym, op)) in [
        ("≥", Op::Ge),
        ("≤", Op::Le),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
    ]
    .iter()
    .chain(WORD_OPS)
    .enumerate()
    {
        if let Some(rest) = s.strip_prefix(sym) {
            // `>=` typed as `≥=` or `≥ =`: the second sign is the same operator.
            let rest = rest.trim_start();
            let rest = if *op != Op::Eq {
                rest.strip_prefix('=').unwrap_or(rest)
            } else {
                rest
            };
            return (Some(*op), rest.trim_start(), k < 5);
        }
    }
    (None, s, false)
}

/// An operator written after the number (`90%以上`): the rest without it.
fn split_suffix_op(rest: &str) -> (Option<Op>, &str) {
    let rest = rest.trim_end();
    for (word, op) in SUFFIX_OPS {
        if let Some(r) = rest.strip_suffix(word) {
            return (Some(*op), r);
        }
    }
    (None, rest)
}

/// Splits a leading decimal number from the rest; `None` if there is no number.
/// Thousands separators between groups of three digits are skipped (`1,000`).
fn split_number(s: &str) -> Option<(Decimal, String, &str)> {
    let bytes = s.as_bytes();
    let mut end = 0;
    let mut text = String::new();
    while end < bytes.len() {
        let c = bytes[end];
        let digit_groups = c == b','
            && end > 0
            && bytes
                .get(end + 1..end + 4)
                .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit);
        if c.is_ascii_digit() || (c == b'.' && end > 0) || (c == b'-' && end == 0) {
            text.push(char::from(c));
        } else if !digit_groups {
            break;
        }
        end += 1;
    }
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // Digits beyond the range of the form are kept as the largest figure, so that
    // the caller reports the number (see `out_of_range`) rather than reading it as text.
    let number = Decimal::from_str(&text)
        .ok()
        .filter(|n| n.abs() < super::num::max_figure())
        .unwrap_or(Decimal::MAX);
    Some((number, text, &s[end..]))
}

/// A number that does not fit the form's range (`1E+30`).
fn out_of_range(number: Decimal, text: &str) -> Result<(), ParseError> {
    if number == Decimal::MAX {
        return Err(ParseError(msg::number_out_of_range(text)));
    }
    Ok(())
}

/// The unit after a number: brackets removed, blanks trimmed.
fn unit_of(rest: &str) -> Result<String, ParseError> {
    let rest = rest.trim();
    let unit = match rest.strip_prefix('(') {
        Some(inner) => inner
            .strip_suffix(')')
            .ok_or_else(|| ParseError(msg::unit_unclosed(rest)))?,
        None => rest,
    }
    .trim();
    if unit.chars().any(|c| c.is_ascii_digit()) {
        return Err(ParseError(msg::digit_in_unit(unit)));
    }
    Ok(unit.to_string())
}

/// A bare number followed by a long text is a sentence (`2021年12月完成`), not a
/// quantity with a unit.
fn is_sentence(after: &str) -> bool {
    let after = after.trim();
    after.chars().count() > 4
        || (after.chars().any(|c| c.is_ascii_digit()) && !after.starts_with('('))
}

impl Target {
    /// Reads a target as written: an operator, number and unit, or plain text.
    pub fn parse(raw: &str) -> Result<Target, ParseError> {
        let s = normalize(raw);
        if s.is_empty() {
            return Err(ParseError(msg::TARGET_EMPTY.into()));
        }
        let (op, rest, sign) = split_op(&s);
        match split_number(rest) {
            Some((number, text, after)) => {
                out_of_range(number, &text)?;
                let (suffix, after) = split_suffix_op(after);
                if op.is_none() && suffix.is_none() && is_sentence(after) {
                    return Ok(Target::Qualitative(raw.trim().to_string()));
                }
                Ok(Target::Quantitative {
                    op: op.or(suffix),
                    quantity: Quantity {
                        number,
                        text,
                        unit: unit_of(after)?,
                    },
                })
            }
            None if sign => {
                let sign = s.strip_suffix(rest).unwrap_or(&s).trim();
                Err(ParseError(msg::no_number_after_operator(
                    raw.trim(),
                    sign,
                    rest,
                )))
            }
            None => Ok(Target::Qualitative(raw.trim().to_string())),
        }
    }

    /// The unit of a quantitative target.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Target::Quantitative { quantity, .. } => Some(&quantity.unit),
            Target::Qualitative(_) => None,
        }
    }
}

impl Actual {
    /// Reads an actual value: a number with an optional unit, or text.
    /// A bare number takes `default_unit` (the target's unit).
    pub fn parse(raw: &str, default_unit: Option<&str>) -> Result<Actual, ParseError> {
        let s = normalize(raw);
        if s.is_empty() {
            return Err(ParseError(msg::ACTUAL_EMPTY.into()));
        }
        match split_number(&s) {
            Some((_, _, after)) if is_sentence(after) => {
                Ok(Actual::Qualitative(raw.trim().to_string()))
            }
            Some((number, text, after)) => {
                out_of_range(number, &text)?;
                let mut unit = unit_of(after)?;
                if unit.is_empty() {
                    unit = default_unit.unwrap_or_default().to_string();
                }
                Ok(Actual::Quantitative(Quantity { number, text, unit }))
            }
            None => Ok(Actual::Qualitative(raw.trim().to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quant(t: &Target) -> (Option<Op>, &str, &str) {
        match t {
            Target::Quantitative { op, quantity } => (*op, &quantity.text, &quantity.unit),
            Target::Qualitative(s) => panic!("qualitative {s}"),
        }
    }

    #[test]
    fn targets_as_people_write_them() {
        assert_eq!(
            quant(&Target::parse("≥90%").unwrap()),
            (Some(Op::Ge), "90", "%")
        );
        assert_eq!(
            quant(&Target::parse(">=90.00(%)").unwrap()),
            (Some(Op::Ge), "90.00", "%")
        );
        assert_eq!(
            quant(&Target::parse("=5家").unwrap()),
            (Some(Op::Eq), "5", "家")
        );
        assert_eq!(
            quant(&Target::parse("≤30万元").unwrap()),
            (Some(Op::Le), "30", "万元")
        );
        assert_eq!(
            quant(&Target::parse("＝24.00（小时）").unwrap()),
            (Some(Op::Eq), "24.00", "小时")
        );
        assert_eq!(quant(&Target::parse("100%").unwrap()), (None, "100", "%"));
        assert_eq!(
            Target::parse(" 高 ").unwrap(),
            Target::Qualitative("高".into())
        );
        assert_eq!(
            Target::parse("及时").unwrap(),
            Target::Qualitative("及时".into())
        );
    }

    #[test]
    fn targets_as_typed_in_the_field() {
        let ge90 = (Some(Op::Ge), "90", "%");
        for t in [
            "≥90%",
            ">=90%",
            "=>90%",
            "＞＝90%",
            "≧90%",
            "90%以上",
            "不低于90%",
            "大于等于90%",
            "≥ 90 %",
            "≥=90%",
        ] {
            assert_eq!(quant(&Target::parse(t).unwrap()), ge90, "{t}");
        }
        assert_eq!(
            quant(&Target::parse("＝１００％").unwrap()),
            (Some(Op::Eq), "100", "%")
        );
        assert_eq!(
            quant(&Target::parse("═100%").unwrap()),
            (Some(Op::Eq), "100", "%")
        );
        assert_eq!(
            quant(&Target::parse("﹦72890元").unwrap()),
            (Some(Op::Eq), "72890", "元")
        );
        assert_eq!(
            quant(&Target::parse("﹥=95%").unwrap()),
            (Some(Op::Ge), "95", "%")
        );
        assert_eq!(
            quant(&Target::parse("≦3天").unwrap()),
            (Some(Op::Le), "3", "天")
        );
        assert_eq!(
            quant(&Target::parse("3天以内").unwrap()),
            (Some(Op::Le), "3", "天")
        );
        assert_eq!(
            quant(&Target::parse("不超过30万元").unwrap()),
            (Some(Op::Le), "30", "万元")
        );
        assert_eq!(
            quant(&Target::parse("≥1,000人次").unwrap()),
            (Some(Op::Ge), "1000", "人次")
        );
        assert_eq!(
            Target::parse("2024年12月31日前完成").unwrap(),
            Target::Qualitative("2024年12月31日前完成".into())
        );
        assert_eq!(
            Actual::parse("2021年12月完成", Some("%")).unwrap(),
            Actual::Qualitative("2021年12月完成".into())
        );
        assert_eq!(
            Target::parse("达到预期").unwrap(),
            Target::Qualitative("达到预期".into())
        );
        assert_eq!(
            Target::parse("高于去年").unwrap(),
            Target::Qualitative("高于去年".into())
        );
        assert!(Target::parse("≥1000000000000000000000000000000%").is_err());
        assert!(Actual::parse("1000000000000000000000000000000", Some("%")).is_err());
        let why = Target::parse("≥高").unwrap_err().0;
        assert!(why.contains("运算符“≥”") && why.contains("高"), "{why}");
    }

    #[test]
    fn bad_targets_say_why() {
        assert!(Target::parse("≥高").is_err());
        assert!(Target::parse("=5(家").is_err());
        assert!(Target::parse("  ").is_err());
    }

    #[test]
    fn actual_takes_the_target_unit_when_bare() {
        let a = Actual::parse("24", Some("小时")).unwrap();
        assert_eq!(
            a,
            Actual::Quantitative(Quantity {
                number: Decimal::from(24),
                text: "24".into(),
                unit: "小时".into()
            })
        );
        assert_eq!(
            Actual::parse("达成指标", Some("%")).unwrap(),
            Actual::Qualitative("达成指标".into())
        );
    }
}
