//! Targets (年度指标值) and actual values (实际完成值), written as people write
//! them: `≥90%`, `=5家`, `≤30万元`, `高`, `达成指标`.

use std::str::FromStr;

use rust_decimal::Decimal;

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
    /// The number with the decimals it was written with.
    pub fn num(&self) -> super::Num {
        let places = self
            .text
            .split_once('.')
            .map_or(0, |(_, frac)| frac.len() as u32);
        super::Num::shown(self.number, places)
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
        .replace(">=", "≥")
        .replace("<=", "≤")
        .replace(['＞'], ">")
        .replace(['＜'], "<")
        .replace(['≧', '⩾'], "≥")
        .replace(['≦', '⩽'], "≤")
        .replace(['＝', '＝'], "=")
        .replace('（', "(")
        .replace('）', ")")
        .replace('％', "%")
}

fn split_op(s: &str) -> (Option<Op>, &str) {
    for (sym, op) in [
        ("≥", Op::Ge),
        ("≤", Op::Le),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
    ] {
        if let Some(rest) = s.strip_prefix(sym) {
            return (Some(op), rest.trim_start());
        }
    }
    (None, s)
}

/// Splits a leading decimal number from the rest; `None` if there is no number.
fn split_number(s: &str) -> Option<(Decimal, &str, &str)> {
    let end = s
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (c == '.' && i > 0) || (c == '-' && i == 0)))
        .map_or(s.len(), |(i, _)| i);
    let text = &s[..end];
    let number = Decimal::from_str(text).ok()?;
    Some((number, text, &s[end..]))
}

/// The unit after a number: brackets removed, blanks trimmed.
fn unit_of(rest: &str) -> Result<String, ParseError> {
    let rest = rest.trim();
    let unit = match rest.strip_prefix('(') {
        Some(inner) => inner
            .strip_suffix(')')
            .ok_or_else(|| ParseError(format!("单位“{rest}”缺少右括号")))?,
        None => rest,
    }
    .trim();
    if unit.chars().any(|c| c.is_ascii_digit()) {
        return Err(ParseError(format!("单位“{unit}”中含有数字")));
    }
    Ok(unit.to_string())
}

impl Target {
    /// Reads a target as written: an operator, number and unit, or plain text.
    pub fn parse(raw: &str) -> Result<Target, ParseError> {
        let s = normalize(raw);
        if s.is_empty() {
            return Err(ParseError("年度指标值为空".into()));
        }
        let (op, rest) = split_op(&s);
        match split_number(rest) {
            // A bare number followed by a long text is a sentence, not a quantity.
            Some((_, _, after)) if op.is_none() && after.trim().chars().count() > 4 => {
                Ok(Target::Qualitative(raw.trim().to_string()))
            }
            Some((number, text, after)) => Ok(Target::Quantitative {
                op,
                quantity: Quantity {
                    number,
                    text: text.to_string(),
                    unit: unit_of(after)?,
                },
            }),
            None if op.is_some() => {
                Err(ParseError(format!("“{}”在运算符后面没有数字", raw.trim())))
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
            return Err(ParseError("实际完成值为空".into()));
        }
        match split_number(&s) {
            Some((number, text, after)) => {
                let mut unit = unit_of(after)?;
                if unit.is_empty() {
                    unit = default_unit.unwrap_or_default().to_string();
                }
                Ok(Actual::Quantitative(Quantity {
                    number,
                    text: text.to_string(),
                    unit,
                }))
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
