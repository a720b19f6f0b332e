//! Numbers as the user gave them, and the precision they carry.
//!
//! A number stands for what the user wrote or the cell showed: `35.47` means
//! anything from 35.465 to 35.475. A derived value (a sum, a rate, a score) is
//! consistent with its inputs when the range it was shown with meets the range the
//! inputs produce; only a larger difference is an error (尾差 is not). This module
//! is the one place that rule is defined.

use rust_decimal::{Decimal, RoundingStrategy};

/// The most decimals a shown number is taken to have (a spreadsheet's General
/// format shows about 10; more only carry binary noise).
pub const MAX_PLACES: u32 = 12;

/// A number as given: its exact value and how many decimals it was written or
/// shown with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    /// The exact value (a spreadsheet cell's stored value, a YAML number as written).
    pub value: Decimal,
    /// Decimals as written (`35.470` → 3) or as the cell's number format shows them.
    pub places: u32,
    /// Whether it was written or shown with thousands separators (`215,457.60`),
    /// for a form that prints numbers as written.
    pub grouped: bool,
}

impl Num {
    /// A number as written in text: its places are the decimals written.
    pub fn written(value: Decimal) -> Num {
        Num {
            value,
            places: value.scale().min(MAX_PLACES),
            grouped: false,
        }
    }

    /// A number shown with `places` decimals (a spreadsheet cell's format).
    pub fn shown(value: Decimal, places: u32) -> Num {
        Num {
            value,
            places: places.min(MAX_PLACES),
            grouped: false,
        }
    }

    /// The same number, marked as written with thousands separators or not.
    pub fn with_grouping(self, grouped: bool) -> Num {
        Num { grouped, ..self }
    }

    /// An amount in 元 as 万元, exactly: the value ÷ 10,000 with four more places.
    pub fn yuan_to_wan(self) -> Num {
        let mut value = self.value;
        if value.set_scale(value.scale() + 4).is_err() {
            // Beyond 28 places: divide, which rounds at the last place a decimal holds.
            value = self.value / Decimal::from(10_000);
        }
        Num {
            value,
            places: (self.places + 4).min(MAX_PLACES),
            grouped: self.grouped,
        }
    }

    /// The value the user sees: rounded half-up to the places shown.
    pub fn seen(self) -> Decimal {
        round(self.value, self.places)
    }

    /// Every value that is shown this way: the seen value ± half a unit of its last
    /// place. A whole number written without decimals is exact (a score of 10, an
    /// amount of 100 万元, a 0): units write those as they are, not as roundings.
    /// A whole number *shown* by a format that hides the stored decimals (9.75 as
    /// `10`) is a rounding like any other.
    pub fn range(self) -> Range {
        if self.places == 0 && self.value.fract().is_zero() {
            return Range::point(self.value);
        }
        self.rounded_range()
    }

    /// The range of a ratio (执行率): a whole percentage is a rounding too
    /// (78.76 % printed as `79`).
    pub fn rounded_range(self) -> Range {
        let seen = self.seen();
        let half = Decimal::new(5, self.places + 1);
        Range {
            lo: seen - half,
            hi: seen + half,
        }
    }
}

/// A closed interval of decimals: every value a rounded number or a derivation
/// from rounded numbers may stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// Smallest value.
    pub lo: Decimal,
    /// Largest value.
    pub hi: Decimal,
}

impl Range {
    /// The range of one exact value.
    pub fn point(d: Decimal) -> Range {
        Range { lo: d, hi: d }
    }

    /// The sum of two ranges; `None` past the range of a decimal.
    pub fn checked_add(self, other: Range) -> Option<Range> {
        Some(Range {
            lo: self.lo.checked_add(other.lo)?,
            hi: self.hi.checked_add(other.hi)?,
        })
    }

    /// The sum of any number of ranges; `None` past the range of a decimal.
    pub fn sum(ranges: impl IntoIterator<Item = Range>) -> Option<Range> {
        ranges
            .into_iter()
            .try_fold(Range::point(Decimal::ZERO), Range::checked_add)
    }

    /// Whether two ranges share a value.
    pub fn meets(self, other: Range) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// The value in the middle, for messages.
    pub fn mid(self) -> Decimal {
        self.lo
            .checked_add(self.hi)
            .map_or(self.lo, |s| s / Decimal::TWO)
    }

    /// The range with both ends clamped to at least `floor`.
    pub fn at_least(self, floor: Decimal) -> Range {
        Range {
            lo: self.lo.max(floor),
            hi: self.hi.max(floor),
        }
    }
}

/// Whether a given value agrees with what its inputs produce, at the precision
/// it was given with.
pub fn consistent(given: Num, derived: Range) -> bool {
    given.range().meets(derived)
}

/// Whether a given ratio (执行率) agrees with what its inputs produce.
pub fn consistent_ratio(given: Num, derived: Range) -> bool {
    given.rounded_range().meets(derived)
}

/// The two numbers of a disagreement as text: the given one as it was written or
/// shown, the derived one with at least `min_places` and enough places to see
/// that it differs.
pub fn contrast(given: Num, derived: Decimal, min_places: u32) -> (String, String) {
    let seen = given.seen();
    let mut places = given.places.max(min_places);
    while places < MAX_PLACES && round(derived, places) == seen {
        places += 1;
    }
    (fixed(seen, given.places), fixed(derived, places))
}

/// Decimal places of amounts and scores on the form.
pub const PLACES: u32 = 2;

/// Rounds half-up (四舍五入) to `places` decimals.
pub fn round(d: Decimal, places: u32) -> Decimal {
    d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// A number with exactly `places` decimals, rounded half-up: `1.5` → `1.50`.
pub fn fixed(d: Decimal, places: u32) -> String {
    let mut r = round(d, places);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    // `Decimal::rescale` cannot add places to a number that already uses all 28-29
    // digits (it silently keeps fewer), so the missing zeros are added to the text.
    let mut s = r.to_string();
    let have = r.scale();
    if have < places {
        if have == 0 {
            s.push('.');
        }
        s.extend(std::iter::repeat_n('0', (places - have) as usize));
    }
    s
}

/// A number as [`fixed`] prints it, with a thousands separator every three
/// digits of its whole part (`215,457.60`).
pub fn grouped(d: Decimal, places: u32) -> String {
    let s = fixed(d, places);
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (whole, fraction) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    let mut out = String::from(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(fraction);
    out
}

/// 执行率 in percent, rounded to the form's places; 0 when the budget is 0.
/// A rate too large for a decimal (a tiny budget, a huge spend) is the largest decimal.
pub fn rate(budget: Decimal, spent: Decimal) -> Decimal {
    match quotient(spent, budget) {
        None => Decimal::ZERO,
        Some(q) => round(
            q.checked_mul(Decimal::ONE_HUNDRED)
                .unwrap_or_else(|| saturated(q.is_sign_negative())),
            PLACES,
        ),
    }
}

/// `a ÷ b`; `None` when `b` is 0. A quotient beyond the range of a decimal is
/// the largest (or smallest) decimal of its sign, never 0.
pub fn quotient(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        return None;
    }
    Some(
        a.checked_div(b)
            .unwrap_or_else(|| saturated(a.is_sign_negative() != b.is_sign_negative())),
    )
}

fn saturated(negative: bool) -> Decimal {
    if negative {
        Decimal::MIN
    } else {
        Decimal::MAX
    }
}

/// Every amount, weight and score must be smaller than this in magnitude (10¹²,
/// i.e. 1 万亿 万元), whatever the input format: far beyond any real project, and
/// small enough that sums and products of the form's figures never overflow a
/// decimal.
pub fn max_figure() -> Decimal {
    Decimal::from(1_000_000_000_000_i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn grouping_puts_a_separator_every_three_digits() {
        assert_eq!(grouped(d("215457.6"), 1), "215,457.6");
        assert_eq!(grouped(d("387664.62"), 2), "387,664.62");
        assert_eq!(grouped(d("1000"), 0), "1,000");
        assert_eq!(grouped(d("100"), 2), "100.00");
        assert_eq!(grouped(d("-1234567"), 0), "-1,234,567");
        assert_eq!(grouped(d("0"), 2), "0.00");
    }

    #[test]
    fn written_places_are_the_decimals_written() {
        assert_eq!(Num::written(d("35.470")).places, 3);
        assert_eq!(Num::written(d("10")).places, 0);
        let r = Num::written(d("35.47")).range();
        assert_eq!((r.lo, r.hi), (d("35.465"), d("35.475")));
        assert_eq!(Num::written(d("100")).range(), Range::point(d("100")));
        let r = Num::written(d("79")).rounded_range();
        assert_eq!((r.lo, r.hi), (d("78.5"), d("79.5")));
        assert_eq!(Num::written(d("0")).range(), Range::point(Decimal::ZERO));
        let r = Num::shown(d("9.75"), 0).range();
        assert_eq!((r.lo, r.hi), (d("9.5"), d("10.5")));
    }

    #[test]
    fn yuan_become_wan_exactly() {
        let n = Num::shown(d("1023456.78"), 2).yuan_to_wan();
        assert_eq!((n.value, n.places), (d("102.345678"), 6));
        assert_eq!(Num::written(d("1180000")).yuan_to_wan().value, d("118"));
    }

    #[test]
    fn a_shown_number_is_the_rounding_of_its_stored_value() {
        let n = Num::shown(d("78.7609780155162"), 2);
        assert_eq!(n.seen(), d("78.76"));
        assert!(consistent(n, Range::point(d("78.76097801551"))));
        assert!(!consistent(n, Range::point(d("78.78"))));
    }

    #[test]
    fn tail_differences_pass_and_real_ones_do_not() {
        // 35.47 written, three rows of 2 places summing to 35.48: 尾差.
        let rows = [d("10.12"), d("12.23"), d("13.13")].map(|x| Num::written(x).range());
        let sum = Range::sum(rows).unwrap();
        assert!(consistent(Num::written(d("35.47")), sum));
        assert!(consistent(Num::written(d("35.495")), sum));
        assert!(!consistent(Num::written(d("35.51")), sum));
    }

    #[test]
    fn contrast_shows_the_difference() {
        let (g, c) = contrast(Num::written(d("35.47")), d("35.4999"), 2);
        assert_ne!(g, c);
        assert_eq!(g, "35.47");
        let (g, c) = contrast(Num::shown(d("78.764"), 2), d("78.7549"), 2);
        assert_eq!((g.as_str(), c.as_str()), ("78.76", "78.75"));
        let (g, c) = contrast(Num::written(d("100")), d("99.4"), 2);
        assert_eq!((g.as_str(), c.as_str()), ("100", "99.40"));
    }
}
