//! Printing numbers, targets and actual values the way the published form does.

use crate::model::num::fixed;

use crate::model::{Actual, Target};

/// Whether a character may stand in an Office document or a file name: XML 1.0
/// allows it and Unicode does not reserve it (noncharacters such as U+FFFE).
pub fn is_xml_char(c: char) -> bool {
    let u = c as u32;
    let control = matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}');
    let noncharacter = (0xFDD0..=0xFDEF).contains(&u) || (u & 0xFFFE) == 0xFFFE;
    !(control || noncharacter)
}

/// Text with the characters [`is_xml_char`] refuses removed.
pub fn xml_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(s.chars().filter(|&c| is_xml_char(c)).collect())
    }
}

/// A target as printed: operator, the number exactly as written, unit in brackets
/// (`=100.00(%)`, `≥90(%)`); qualitative targets as written.
pub fn target(t: &Target) -> String {
    match t {
        Target::Quantitative { op, quantity } => {
            let op = op.map_or("", |o| o.symbol());
            with_unit(&format!("{op}{}", quantity.text), &quantity.unit)
        }
        Target::Qualitative(s) => s.clone(),
    }
}

/// An actual value as printed: the number with `places` decimals and the unit in
/// brackets (`80.00(%)`); qualitative values as written.
pub fn actual(a: &Actual, places: u32) -> String {
    match a {
        Actual::Quantitative(q) => with_unit(&fixed(q.number, places), &q.unit),
        Actual::Qualitative(s) => s.clone(),
    }
}

/// An actual value with its number as written and the unit in brackets
/// (`270(米)`); qualitative values as written.
pub fn actual_as_written(a: &Actual) -> String {
    match a {
        Actual::Quantitative(q) => with_unit(&q.text, &q.unit),
        Actual::Qualitative(s) => s.clone(),
    }
}

fn with_unit(number: &str, unit: &str) -> String {
    if unit.is_empty() {
        number.to_string()
    } else {
        format!("{number}({unit})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn characters_office_files_refuse() {
        assert_eq!(
            xml_text("项目\u{FFFE}名称\u{FFFF}\u{1}\u{FDD0}\u{1FFFF}"),
            "项目名称"
        );
        assert_eq!(xml_text("托育\n中心\t"), "托育\n中心\t");
        assert!(is_xml_char('𠮷'));
    }

    #[test]
    fn two_decimals_half_up() {
        assert_eq!(fixed(d("1.56"), 2), "1.56");
        assert_eq!(fixed(d("0"), 2), "0.00");
        assert_eq!(fixed(d("10"), 2), "10.00");
        assert_eq!(fixed(d("89.974"), 2), "89.97");
        assert_eq!(fixed(d("89.975"), 2), "89.98");
        assert_eq!(fixed(d("0.125"), 2), "0.13");
        assert_eq!(fixed(d("2.345"), 2), "2.35");
        assert_eq!(fixed(d("-0.001"), 2), "0.00");
        assert_eq!(fixed(d("-0.00"), 2), "0.00");
        assert_eq!(fixed(d("1.5"), 0), "2");
        assert_eq!(
            fixed(d("79228162514264337593543950335"), 2),
            "79228162514264337593543950335.00"
        );
    }

    #[test]
    fn targets_keep_the_number_as_written() {
        assert_eq!(target(&Target::parse("=100%").unwrap()), "=100(%)");
        assert_eq!(target(&Target::parse("≥90.00%").unwrap()), "≥90.00(%)");
        assert_eq!(
            target(&Target::parse("=24.00小时").unwrap()),
            "=24.00(小时)"
        );
        assert_eq!(target(&Target::parse("高").unwrap()), "高");
        assert_eq!(actual(&Actual::parse("80%", None).unwrap(), 2), "80.00(%)");
        assert_eq!(
            actual(&Actual::parse("0", Some("家")).unwrap(), 2),
            "0.00(家)"
        );
    }
}
