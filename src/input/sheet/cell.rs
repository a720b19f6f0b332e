//! A spreadsheet cell as the user sees it: the number format applied (places,
//! percent, text, dates), numbers typed as text, and not-applicable marks.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::diag::msg::input as msg;
use crate::model::num::MAX_PLACES;
use crate::model::Num;

/// How a number cell is shown, from its number format code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Format {
    /// Decimals shown; `None` for the General format (as many as needed).
    pub places: Option<u8>,
    /// Shown as a percentage (`0.00%`): the stored 0.9 is seen as 90%.
    pub percent: bool,
    /// Shown with thousands separators (`#,##0.00`).
    pub grouped: bool,
}

impl Format {
    /// The General format.
    pub const GENERAL: Format = Format {
        places: None,
        percent: false,
        grouped: false,
    };

    /// Reads the parts of a number format code that change what a number shows:
    /// `0.00` → 2 places, `0%` → percent with 0 places, `#,##0.00;[Red]-#,##0.00` →
    /// 2 places. Quoted text, `\x` escapes, `[…]` and `_x`/`*x` are skipped.
    pub fn parse(code: &str) -> Format {
        let section = first_section(code);
        if section.eq_ignore_ascii_case("general") || section.is_empty() {
            return Format::GENERAL;
        }
        let mut places = 0u8;
        let mut after_point = false;
        let mut digits = false;
        let mut percent = false;
        let mut grouped = false;
        let mut chars = section.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    for q in chars.by_ref() {
                        if q == '"' {
                            break;
                        }
                    }
                }
                '\\' | '_' | '*' => {
                    chars.next();
                }
                '[' => {
                    for q in chars.by_ref() {
                        if q == ']' {
                            break;
                        }
                    }
                }
                '0' | '#' | '?' => {
                    digits = true;
                    if after_point {
                        places = places.saturating_add(1);
                    }
                }
                '.' => after_point = true,
                ',' if digits && !after_point => grouped = true,
                '%' => percent = true,
                'E' | 'e' => break,
                _ if after_point && digits => {
                    // The end of the number's digits.
                    after_point = false;
                }
                _ => {}
            }
        }
        if !digits {
            return Format::GENERAL;
        }
        Format {
            places: Some(places),
            percent,
            grouped,
        }
    }
}

/// The first section of a format code (the one for positive numbers).
fn first_section(code: &str) -> &str {
    let mut quoted = false;
    for (i, c) in code.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => return code[..i].trim(),
            _ => {}
        }
    }
    code.trim()
}

/// The shortest text that reads back as the same `f64`, without exponent, so
/// that 117.94 stays `117.94`. Like a spreadsheet, at most 15 significant digits
/// are kept, so that the cached result of a formula such as `=0.1+0.2` reads as `0.3`.
pub fn number_text(f: f64) -> String {
    if f == 0.0 || !f.is_finite() {
        // No "-0"; NaN and infinities do not occur in spreadsheet cells.
        return if f == 0.0 { "0".into() } else { format!("{f}") };
    }
    let shortest = format!("{f}");
    let significant = shortest
        .trim_start_matches(['-', '0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    if significant <= 15 {
        return shortest;
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

/// A number cell as an exact decimal with the places it shows (a percentage in
/// percent: 0.9 shown as 90% is 90). `None` beyond the range of a decimal.
pub fn decimal(f: f64, format: &Format) -> Option<Num> {
    let text = number_text(f);
    let mut value = Decimal::from_str(&text).ok()?;
    let mut written = value.scale();
    if format.percent {
        value = value.checked_mul(Decimal::ONE_HUNDRED)?.normalize();
        written = value.scale();
    }
    let places = format.places.map_or(written, u32::from);
    Some(Num::shown(value, places.min(MAX_PLACES)).with_grouping(format.grouped))
}

/// A number cell as the user sees it: `78.76`, `90%`, `1,180,000.00` without
/// the separators.
pub fn shown_text(f: f64, format: &Format) -> String {
    match (decimal(f, format), format.places) {
        (Some(n), Some(places)) => {
            let mut s = crate::model::num::fixed(n.value, u32::from(places));
            if format.percent {
                s.push('%');
            }
            s
        }
        (Some(n), None) if format.percent => format!("{}%", n.value),
        _ => number_text(f),
    }
}

/// A date cell as its format shows it: `yyyy"年"m"月"d"日"` → `2024年12月20日`;
/// without a date format, `2024-12-20` (and the time when there is one).
pub fn date_text(d: &calamine::ExcelDateTime, code: &str) -> String {
    let (y, mo, day, h, mi, sec, _) = d.to_ymd_hms_milli();
    let section = first_section(code);
    let has_date = section.chars().any(|c| matches!(c, 'y' | 'Y' | 'd' | 'D'));
    if !has_date {
        let date = format!("{y:04}-{mo:02}-{day:02}");
        return if (h, mi, sec) == (0, 0, 0) {
            date
        } else {
            format!("{date} {h:02}:{mi:02}:{sec:02}")
        };
    }
    let mut out = String::new();
    let chars: Vec<char> = section.chars().collect();
    let mut i = 0;
    let mut after_hour = false;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..]
            .iter()
            .take_while(|&&x| x.eq_ignore_ascii_case(&c))
            .count();
        match c.to_ascii_lowercase() {
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&x| x == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                out.extend(&chars[i + 1..end.min(chars.len())]);
                i = end + 1;
                continue;
            }
            '\\' => {
                if let Some(next) = chars.get(i + 1) {
                    out.push(*next);
                }
                i += 2;
                continue;
            }
            '[' => {
                i = chars[i..]
                    .iter()
                    .position(|&x| x == ']')
                    .map_or(chars.len(), |p| i + p + 1);
                continue;
            }
            'y' => out.push_str(&if run <= 2 {
                format!("{:02}", y % 100)
            } else {
                format!("{y:04}")
            }),
            'm' if after_hour => out.push_str(&format!("{mi:02}")),
            'm' => out.push_str(&if run >= 2 {
                format!("{mo:02}")
            } else {
                mo.to_string()
            }),
            'd' => out.push_str(&if run >= 2 {
                format!("{day:02}")
            } else {
                day.to_string()
            }),
            'h' => {
                after_hour = true;
                out.push_str(&if run >= 2 {
                    format!("{h:02}")
                } else {
                    h.to_string()
                });
            }
            's' => out.push_str(&format!("{sec:02}")),
            _ => out.extend(&chars[i..i + run]),
        }
        i += run;
    }
    out
}

/// The codes of the built-in date formats that Chinese-locale Excel and WPS save
/// by id alone, without writing the code into the file.
pub fn builtin_code(id: u32) -> Option<&'static str> {
    Some(match id {
        14 => "yyyy/m/d",
        27 | 36 | 50 | 52 | 57 => msg::DATE_YEAR_MONTH,
        28 | 29 | 51 | 53 | 54 | 58 => msg::DATE_MONTH_DAY,
        30 => "m-d-yy",
        31 => msg::DATE_YEAR_MONTH_DAY,
        32 | 55 => msg::TIME_HOUR_MINUTE,
        33 | 56 => msg::TIME_HOUR_MINUTE_SECOND,
        _ => return None,
    })
}

/// Cells that mean "not applicable" on the form: blank, `-`, `—`, `——`, `/`.
pub fn not_applicable(shown: &str) -> bool {
    let t = shown.trim();
    t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '-' | '—' | '－' | '–' | '―' | '─'))
        || matches!(t, "/" | "／" | msg::NONE_MARK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(code: &str) -> (Option<u8>, bool) {
        let x = Format::parse(code);
        (x.places, x.percent)
    }

    #[test]
    fn format_codes() {
        assert_eq!(f("General"), (None, false));
        assert_eq!(f("0.00"), (Some(2), false));
        assert_eq!(f("0"), (Some(0), false));
        assert_eq!(f("#,##0.00"), (Some(2), false));
        assert!(Format::parse("#,##0.00").grouped);
        assert!(Format::parse("#,##0").grouped);
        assert!(!Format::parse("0.00").grouped);
        assert!(!Format::parse("0.00%").grouped);
        assert_eq!(f("#,##0.00;[Red]-#,##0.00"), (Some(2), false));
        assert_eq!(f("0%"), (Some(0), true));
        assert_eq!(f("0.00%"), (Some(2), true));
        assert_eq!(f("0.00_ "), (Some(2), false));
        assert_eq!(f("\"¥\"#,##0.00"), (Some(2), false));
        assert_eq!(f("0.00\"元\""), (Some(2), false));
        assert_eq!(f("@"), (None, false));
        assert_eq!(f("[$-804]0.0"), (Some(1), false));
    }

    #[test]
    fn cells_as_shown() {
        let pct = Format::parse("0.00%");
        let n = decimal(0.787609780155162, &pct).unwrap();
        assert_eq!((n.seen().to_string(), n.places), ("78.76".to_string(), 2));
        assert_eq!(shown_text(0.9, &Format::parse("0%")), "90%");
        assert_eq!(
            shown_text(78.7609780155162, &Format::parse("0.00")),
            "78.76"
        );
        assert_eq!(shown_text(117.94, &Format::GENERAL), "117.94");
        let n = decimal(35.465, &Format::parse("0.00")).unwrap();
        assert_eq!((n.value.to_string(), n.places), ("35.465".to_string(), 2));
    }

    #[test]
    fn dates_as_shown() {
        let d = calamine::ExcelDateTime::new(45646.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&d, "yyyy\"年\"m\"月\"d\"日\""), "2024年12月20日");
        assert_eq!(date_text(&d, "yyyy/mm/dd"), "2024/12/20");
        assert_eq!(date_text(&d, ""), "2024-12-20");
        assert_eq!(date_text(&d, "[$-804]yyyy\"年\"m\"月\";@"), "2024年12月");
    }

    #[test]
    fn not_applicable_marks() {
        for dash in ["", "-", "—", "——", "/", "－", " "] {
            assert!(not_applicable(dash), "{dash:?}");
        }
        assert!(!not_applicable("0"));
    }

    #[test]
    fn numbers_without_noise() {
        assert_eq!(number_text(117.94), "117.94");
        assert_eq!(number_text(89.974), "89.974");
        assert_eq!(number_text(10.0), "10");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(33.09 / 33.09 * 100.0), "100");
        assert_eq!(number_text(1e21), "1000000000000000000000");
    }
}
