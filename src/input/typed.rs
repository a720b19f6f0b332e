//! Numbers typed as text, the same in YAML and in spreadsheet cells: full-width
//! digits, thousands separators, and the unit the field allows after the number
//! (`1,020.00`, `20.00万元`, `200000元`, `76.29%`, `10分`).

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::diag::msg::input as msg;
use crate::model::target::half_width;
use crate::model::Num;

/// What a number of the form measures, which decides the units allowed after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An amount: 万元 (the form's unit) or 元 (converted).
    Amount,
    /// A rate in percent: `%` allowed.
    Rate,
    /// A weight or score: `分` allowed.
    Points,
}

impl Kind {
    /// How to write a number of this kind, for hints.
    pub fn example(self) -> &'static str {
        match self {
            Kind::Amount => msg::AMOUNT_EXAMPLE,
            Kind::Rate => msg::RATE_EXAMPLE,
            Kind::Points => msg::POINTS_EXAMPLE,
        }
    }
}

/// Why a typed number could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// No number at all (`十万`, `待定`).
    NotANumber,
    /// A number followed by a unit the field does not take (`20美元`, `15个`).
    Unit(String),
}

/// Reads a number typed as text for a field of `kind`; its places are the
/// decimals typed (four more when 元 are converted to 万元).
pub fn parse(text: &str, kind: Kind) -> Result<Num, Unreadable> {
    let t: String = half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let digits_end = t
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || c == ',' || (i == 0 && matches!(c, '-' | '+')))
        })
        .map_or(t.len(), |(i, _)| i);
    let (number, unit) = t.split_at(digits_end);
    if !number.chars().any(|c| c.is_ascii_digit()) {
        return Err(Unreadable::NotANumber);
    }
    let plain = without_separators(number).ok_or(Unreadable::NotANumber)?;
    // Scientific notation as a spreadsheet shows large numbers (1E+30).
    let (value, unit) = match unit.strip_prefix(['E', 'e']) {
        Some(exp)
            if exp
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-')) =>
        {
            (
                Decimal::from_scientific(&format!("{plain}e{exp}"))
                    .map_err(|_| Unreadable::NotANumber)?,
                "",
            )
        }
        _ => (
            Decimal::from_str(&plain).map_err(|_| Unreadable::NotANumber)?,
            unit,
        ),
    };
    let num = Num::written(value).with_grouping(number.contains(','));
    match (kind, unit) {
        (_, "") => Ok(num),
        (Kind::Amount, msg::UNIT_WAN_YUAN | msg::UNIT_WAN) => Ok(num),
        (Kind::Amount, msg::UNIT_YUAN) => Ok(num.yuan_to_wan()),
        (Kind::Rate, "%") => Ok(num),
        (Kind::Points, msg::UNIT_POINTS) => Ok(num),
        (_, other) => Err(Unreadable::Unit(other.to_string())),
    }
}

/// The number without thousands separators, when they separate groups of three
/// digits (`1,020.00`); `None` for commas anywhere else (`1,02`).
fn without_separators(number: &str) -> Option<String> {
    if !number.contains(',') {
        return Some(number.to_string());
    }
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if frac.contains(',') {
        return None;
    }
    let sign = int.starts_with(['-', '+']);
    let groups: Vec<&str> = int.trim_start_matches(['-', '+']).split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let mut out = String::new();
    if sign {
        out.push_str(&int[..1]);
    }
    out.push_str(&groups.concat());
    if !frac.is_empty() || number.contains('.') {
        out.push('.');
        out.push_str(frac);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(t: &str, k: Kind) -> (String, u32) {
        let n = parse(t, k).unwrap_or_else(|e| panic!("{t}: {e:?}"));
        (n.value.to_string(), n.places)
    }

    #[test]
    fn numbers_as_typed() {
        assert_eq!(read("1,020.00", Kind::Amount), ("1020.00".into(), 2));
        assert_eq!(read("１，０２０．５", Kind::Amount), ("1020.5".into(), 1));
        assert_eq!(read("20.00万元", Kind::Amount), ("20.00".into(), 2));
        assert_eq!(read("200000元", Kind::Amount), ("20.0000".into(), 4));
        assert_eq!(
            read("1,180,000.00 元", Kind::Amount),
            ("118.000000".into(), 6)
        );
        assert_eq!(read("76.29%", Kind::Rate), ("76.29".into(), 2));
        assert_eq!(read("10分", Kind::Points), ("10".into(), 0));
        assert_eq!(
            read("7E+28", Kind::Amount).0,
            "70000000000000000000000000000"
        );
    }

    #[test]
    fn what_cannot_be_read() {
        assert_eq!(parse("十万", Kind::Amount), Err(Unreadable::NotANumber));
        assert_eq!(parse("1,02", Kind::Amount), Err(Unreadable::NotANumber));
        assert_eq!(
            parse("1,0200.00", Kind::Amount),
            Err(Unreadable::NotANumber)
        );
        assert_eq!(
            parse("20美元", Kind::Amount),
            Err(Unreadable::Unit("美元".into()))
        );
        assert_eq!(
            parse("15个", Kind::Points),
            Err(Unreadable::Unit("个".into()))
        );
        assert_eq!(
            parse("76%", Kind::Amount),
            Err(Unreadable::Unit("%".into()))
        );
    }
}
