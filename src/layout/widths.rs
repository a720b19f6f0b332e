//! Column widths from the content. A table's text wraps only where its column
//! is too narrow (jixiao writes no line break of its own into a cell), so a
//! column is widened where a value with its unit (`=24.00(小时)`, `≥90.00(%)`)
//! would break inside, or where a label would leave one character alone on
//! its last line (`一级指` / `标`). The other columns give up the room they do
//! not need, so the table keeps the form's width; only when that is not
//! enough does it grow, up to the page's. Word, the spreadsheet and the PDF
//! all use these widths.

use super::{Grid, HAlign, Style};
use crate::diag::human::char_width;

/// Room left for half-width characters wider than the estimate: 宋体 prints them
/// at exactly half an em, the fonts that stand in for it where it is missing
/// (Noto Serif CJK, AR PL UMing) up to a fifth more (seen in LibreOffice:
/// `=100.00(%)` broke inside in a column 10 % wider than 宋体 needs).
const SLACK: f64 = 1.2;

/// Millimetres per point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// The longest text kept on one line, in characters: longer text is a
/// sentence or a name, and wraps where its column ends.
const WHOLE_UP_TO: usize = 16;

/// Estimated width of one character in points at `size_pt`, for a font that
/// is not at hand: a full-width one is an em in every CJK font, a half-width
/// one half an em and the slack.
pub fn estimate(size_pt: f64) -> impl Fn(char) -> f64 + Copy {
    move |c| match char_width(c) {
        2 => size_pt,
        w => w as f64 * size_pt / 2.0 * SLACK,
    }
}

/// Width of `text` in points at `size_pt`.
fn width_pt(text: &str, size_pt: f64) -> f64 {
    text.chars().map(estimate(size_pt)).sum()
}

/// A Chinese character (not a sign or a letter).
fn ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The most Chinese characters a value's unit has (`人次`, `万元`, `平方米`).
const UNIT_CHARS: usize = 4;

/// Whether a line is a value: a number with its sign and unit (`=240.00(人次)`,
/// `≥90%`, `215,457.60`), printed whole on one line. Text that starts with a
/// Chinese character, or has more of them than a unit, is not.
fn is_value(line: &str) -> bool {
    let starts_with_sign = line.chars().next().is_some_and(|c| !ideograph(c));
    starts_with_sign
        && line.chars().any(|c| c.is_ascii_digit())
        && line.chars().filter(|&c| ideograph(c)).count() <= UNIT_CHARS
}

/// How a line of a one-column cell must fit: a value whole on one line, a
/// label with at least two characters on its last line; other text wraps
/// where its column ends.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    /// Its whole width in points.
    Whole(f64),
    /// Its characters, each about `em` points wide.
    Label { chars: usize, em: f64 },
    /// A label with its unit in brackets (`项目资金(万元)`): whole on one line,
    /// or the label as above and the brackets whole on the next (`tail` wide),
    /// the opening bracket and the character after it (`open` wide) too wide
    /// for the label's last line.
    Bracketed {
        chars: usize,
        em: f64,
        tail: f64,
        open: f64,
    },
    /// Anything else.
    Free,
}

/// Whether a line of a one-column cell in `style` breaks well in a column
/// `inner_pt` wide: a value whole on one line, a label without a lone
/// character on its last line.
pub fn line_fits(line: &str, style: &Style, inner_pt: f64) -> bool {
    line_kind(line, style).fits(inner_pt)
}

/// What a line of a cell in `style` is. Left-aligned text (a name, a reason)
/// runs on like a sentence: only its values are kept whole.
fn line_kind(line: &str, style: &Style) -> Line {
    match line_shape(line.trim(), style.size_pt) {
        Line::Label { .. } | Line::Bracketed { .. } if style.align == HAlign::Left => Line::Free,
        kind => kind,
    }
}

fn line_shape(line: &str, size_pt: f64) -> Line {
    let n = line.chars().count();
    if !(2..=WHOLE_UP_TO).contains(&n) || line.contains(char::is_whitespace) {
        return Line::Free;
    }
    if is_value(line) {
        return Line::Whole(width_pt(line, size_pt));
    }
    if line.chars().any(|c| c.is_ascii_digit()) {
        // Text with a number (`2024年12月31日前`): wraps between its characters.
        return Line::Free;
    }
    if let Some(open) = line
        .rfind(['(', '（'])
        .filter(|_| line.ends_with([')', '）']))
    {
        let (head, tail) = line.split_at(open);
        let chars = head.chars().count();
        if chars > 0 {
            // The bracket at its narrowest (half an em, as 宋体), then the next character.
            let next = tail.chars().nth(1).map_or(0.0, estimate(size_pt));
            return Line::Bracketed {
                chars,
                em: width_pt(head, size_pt) / chars as f64,
                tail: width_pt(tail, size_pt),
                open: size_pt / 2.0 + next,
            };
        }
    }
    Line::Label {
        chars: n,
        em: width_pt(line, size_pt) / n as f64,
    }
}

impl Line {
    /// Whether it breaks well in a column `inner_pt` wide.
    fn fits(self, inner_pt: f64) -> bool {
        match self {
            Line::Free => true,
            Line::Whole(w) => w <= inner_pt + EPSILON_PT,
            Line::Label { chars, em } => label_fits(chars, em, inner_pt),
            Line::Bracketed {
                chars,
                em,
                tail,
                open,
            } => {
                let whole = chars as f64 * em + tail;
                if whole <= inner_pt + EPSILON_PT {
                    return true;
                }
                let per_line = per_line(em, inner_pt);
                let last = chars - (chars.div_ceil(per_line) - 1) * per_line;
                label_fits(chars, em, inner_pt)
                    && tail <= inner_pt + EPSILON_PT
                    && last as f64 * em + open > inner_pt + EPSILON_PT
            }
        }
    }
}

/// Characters about `em` wide that fit a line `inner_pt` wide (at least one).
fn per_line(em: f64, inner_pt: f64) -> usize {
    ((inner_pt + EPSILON_PT) / em).floor().max(1.0) as usize
}

/// Whether `chars` characters wrap in a column `inner_pt` wide without a lone
/// one on the last line.
fn label_fits(chars: usize, em: f64, inner_pt: f64) -> bool {
    let k = per_line(em, inner_pt);
    k >= chars || chars % k != 1
}

/// Rounding room when comparing widths, in points.
const EPSILON_PT: f64 = 0.01;

/// The step in which a column's width is searched, in points.
const STEP_PT: f64 = 0.25;

/// A column's range of good widths (inner, in points) around its width: the
/// least width at or above it where every line breaks well (`need`), and the
/// least width below it down to which they all still do (`floor`).
fn column_range(lines: &[Line], inner_pt: f64, most_pt: f64) -> (f64, f64) {
    let ok = |w: f64| lines.iter().all(|l| l.fits(w));
    let whole = lines
        .iter()
        .map(|l| match l {
            Line::Whole(w) => *w,
            _ => 0.0,
        })
        .fold(0.0, f64::max);
    let mut need = inner_pt.max(whole);
    while !ok(need) && need < most_pt {
        need += STEP_PT;
    }
    if !ok(need) {
        // No width up to the page's: values whole, labels as they fall.
        need = inner_pt.max(whole);
    }
    let mut floor = inner_pt.min(need);
    while floor - STEP_PT >= whole && floor - STEP_PT > 0.0 && ok(floor - STEP_PT) {
        floor -= STEP_PT;
    }
    (need, floor)
}

/// Each column's lines of its one-column cells.
fn column_lines(grid: &Grid) -> Vec<Vec<Line>> {
    let mut lines = vec![Vec::new(); grid.columns.len()];
    for cell in grid.cells.iter().filter(|c| c.colspan <= 1) {
        let Some(col) = lines.get_mut(cell.col) else {
            continue;
        };
        let style = grid.style(&cell.class);
        col.extend(
            cell.content
                .text()
                .split('\n')
                .map(|l| line_kind(l, style))
                .filter(|l| *l != Line::Free),
        );
    }
    lines
}

/// Widens the columns whose content needs it, taking the room from columns
/// that have more than they need; the table keeps its width where it can and
/// grows at most to the page's usable width.
pub fn fit(grid: &mut Grid) {
    let [_, right, _, left] = grid.page.cell_margins_mm;
    let margins = left + right;
    let form_width: f64 = grid.columns.iter().sum();
    let page_width = grid.page.usable_width_mm().max(form_width);
    let lines = column_lines(grid);
    let to_pt = |mm: f64| (mm - margins).max(0.0) / MM_PER_PT;
    let to_mm = |pt: f64| pt * MM_PER_PT + margins;
    let most_pt = to_pt(page_width);
    let ranges: Vec<(f64, f64)> = (grid.columns.iter().zip(&lines))
        .map(|(w, l)| {
            let (need, floor) = column_range(l, to_pt(*w), most_pt);
            (to_mm(need).max(*w), to_mm(floor).min(*w))
        })
        .collect();
    let short: f64 = (grid.columns.iter().zip(&ranges))
        .map(|(w, (need, _))| need - w)
        .sum();
    if short <= EPSILON_PT * MM_PER_PT {
        return;
    }
    // What the other columns can give (their width down to their floor), then
    // the page's room beside the table.
    let spare: Vec<f64> = (grid.columns.iter().zip(&ranges))
        .map(|(w, (need, floor))| if need > w { 0.0 } else { w - floor })
        .collect();
    let spare_total: f64 = spare.iter().sum();
    let room = (page_width - form_width).max(0.0);
    let from_spare = short.min(spare_total);
    let from_room = (short - from_spare).min(room);
    // When neither is enough, each widened column gets the same share of what it lacks.
    let granted = (from_spare + from_room) / short;
    for ((w, (need, _)), s) in grid.columns.iter_mut().zip(&ranges).zip(&spare) {
        if *need > *w {
            *w += (*need - *w) * granted;
        } else if spare_total > 0.0 {
            *w -= s * from_spare / spare_total;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inner width (points) one line needs in a column `inner_pt` wide, as
    /// the column search finds it; 0 when it breaks well there already.
    fn need(line: &str, size_pt: f64, inner_pt: f64) -> f64 {
        let lines: Vec<Line> = [line_shape(line, size_pt)]
            .into_iter()
            .filter(|l| *l != Line::Free)
            .collect();
        let (need, _) = column_range(&lines, inner_pt, 1000.0);
        if need > inner_pt + EPSILON_PT {
            need
        } else {
            0.0
        }
    }

    #[test]
    fn a_value_needs_its_whole_width_and_a_label_no_orphan() {
        // 10 pt: a CJK character 10 pt, a half-width one 6 pt with the slack.
        assert_eq!(need("=240.00(人次)", 10.0, 40.0), 74.0);
        assert_eq!(need("≥90.00(%)", 10.0, 40.0), width_pt("≥90.00(%)", 10.0));
        // 一级指标 in a column of three characters: 3 + 1, so four a line.
        assert_eq!(need("一级指标", 10.0, 34.0), 40.0);
        // Two a line is even already.
        assert_eq!(need("一级指标", 10.0, 25.0), 0.0);
        // 7 characters, 3 a line leave one: 4 a line (4 + 3).
        assert_eq!(need("偏差原因分析表", 10.0, 30.0), 40.0);
        // Sentences, names and one character wrap as they must.
        assert_eq!(need("2024 年度无机构新开办", 10.0, 30.0), 0.0);
        assert_eq!(
            need("对闵行托育服务平台进行平台维护其中包括小程序", 10.0, 30.0),
            0.0
        );
        assert_eq!(need("优", 10.0, 5.0), 0.0);
        // 项目资金(万元): the label on one line and the unit whole on the next
        // (40 up to 55 pt: the bracket and 万 do not fit beside 项目资金), or all
        // on one line (72 pt).
        assert_eq!(need("项目资金(万元)", 10.0, 45.0), 0.0);
        assert_eq!(need("项目资金(万元)", 10.0, 56.0), 72.0);
        assert_eq!(need("2024年12月31日前完成", 10.0, 30.0), 0.0);
        assert_eq!(need("215,457.60", 10.0, 30.0), 60.0);
    }
}
