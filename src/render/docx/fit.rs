//! Where a cell's line is broken before Word would break it badly: a value with
//! its unit and bracket (`=24.00(小时)`, `项目资金(万元)`) that does not fit its
//! column breaks before the bracket, never inside the number or the unit; a
//! label that would leave one character on its last line (`一级指` / `标`) is
//! broken into even lines (`一级` / `指标`). Widths are estimated: a full-width
//! character is one em, a half-width one half.

use crate::diag::human::char_width;

/// Room left for half-width characters wider than the estimate: 宋体 prints them
/// at exactly half an em, the fonts that stand in for it where it is missing
/// (Noto Serif CJK, AR PL UMing) up to a fifth more (seen in LibreOffice:
/// `=100.00(%)` broke inside in a column 10 % wider than 宋体 needs).
const SLACK: f64 = 1.2;

/// Estimated width of one character in points at `size_pt`: a full-width one is
/// an em in every CJK font, a half-width one half an em and the slack.
fn char_pt(c: char, size_pt: f64) -> f64 {
    match char_width(c) {
        2 => size_pt,
        w => w as f64 * size_pt / 2.0 * SLACK,
    }
}

/// Estimated width of `text` in points at `size_pt`.
fn width_pt(text: &str, size_pt: f64) -> f64 {
    text.chars().map(|c| char_pt(c, size_pt)).sum()
}

/// The lines to write for one line of a cell's text in a column `inner_pt` wide.
pub(super) fn pieces(line: &str, inner_pt: f64, size_pt: f64) -> Vec<String> {
    if line.is_empty() || width_pt(line, size_pt) <= inner_pt || line.contains(char::is_whitespace)
    {
        return vec![line.to_string()];
    }
    // A value or label with its unit in brackets: break before the bracket, when
    // each part then fits.
    if let Some(open) = line.rfind(['(', '（']) {
        let closes = line.ends_with([')', '）']);
        let (head, tail) = line.split_at(open);
        if closes && !head.is_empty() && width_pt(tail, size_pt) <= inner_pt {
            let mut out = pieces(head, inner_pt, size_pt);
            out.push(tail.to_string());
            return out;
        }
    }
    even_lines(line, inner_pt, size_pt)
}

/// `line` wrapped character by character, as Word wraps CJK text; when that would
/// leave a single character on the last line, the characters are spread evenly
/// over the same number of lines instead.
fn even_lines(line: &str, inner_pt: f64, size_pt: f64) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut greedy: Vec<usize> = Vec::new(); // characters per line
    let (mut used, mut count) = (0.0, 0);
    for &c in &chars {
        let w = char_pt(c, size_pt);
        if count > 0 && used + w > inner_pt {
            greedy.push(count);
            (used, count) = (0.0, 0);
        }
        used += w;
        count += 1;
    }
    greedy.push(count);
    // Only a single character left over is worth a different break; anything
    // else is what Word would print anyway.
    if greedy.len() < 2 || greedy.last() != Some(&1) {
        return vec![line.to_string()];
    }
    let lines = greedy.len();
    let per = chars.len().div_ceil(lines);
    let even: Vec<String> = chars.chunks(per).map(|c| c.iter().collect()).collect();
    if even.iter().all(|l| width_pt(l, size_pt) <= inner_pt) {
        even
    } else {
        vec![line.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_break_before_their_bracket_and_labels_leave_no_orphan() {
        // 10 pt with the slack: a half-width character is 6 pt, a CJK one 10 pt.
        assert_eq!(pieces("=100.00(%)", 56.7, 10.0), ["=100.00", "(%)"]);
        assert_eq!(pieces("=240.00(人次)", 56.7, 10.0), ["=240.00", "(人次)"]);
        assert_eq!(pieces("=5.00(家)", 56.7, 10.0), ["=5.00(家)"], "fits");
        assert_eq!(pieces("项目资金(万元)", 40.0, 10.0), ["项目资金", "(万元)"]);
        assert_eq!(pieces("一级指标", 34.0, 10.0), ["一级", "指标"]);
        assert_eq!(pieces("评分等级", 34.0, 10.0), ["评分", "等级"]);
        assert_eq!(pieces("年度指标值", 56.7, 10.0), ["年度指标值"], "fits");
        // Two characters on the last line are what Word prints anyway.
        assert_eq!(
            pieces("偏差原因分析及改进措施", 90.0, 10.0),
            ["偏差原因分析及改进措施"]
        );
        // Sentences are Word's to wrap.
        assert_eq!(
            pieces("2024 年度无机构新开办", 30.0, 10.0),
            ["2024 年度无机构新开办"]
        );
    }
}
