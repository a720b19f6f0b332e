//! Where the PDF breaks a cell's line: a value with its unit and bracket
//! (`=24.00(小时)`, `项目资金(万元)`) that does not fit its column breaks before
//! the bracket, never inside the number or the unit; a label that would leave
//! one character on its last line (`一级指` / `标`) is broken into even lines
//! (`一级` / `指标`). The PDF renderer wraps every line itself ([`wrap`]) with
//! the font's own widths; Word and the spreadsheet wrap by the column widths
//! alone, which [`crate::layout::widths`] makes wide enough (no line break of
//! jixiao's own is written into a cell).

use crate::diag::human::char_width;

pub use crate::layout::widths::estimate;

/// Width of `text` in points, by the character widths `width`.
fn width_of(text: &str, width: impl Fn(char) -> f64) -> f64 {
    text.chars().map(width).sum()
}

/// The lines jixiao breaks one line of a cell's text into, in a column
/// `inner_pt` wide: before a closing bracket group, or into even lines when a
/// single character would be left over. Lines with spaces (sentences) and
/// lines that fit are returned whole, for the renderer to wrap.
pub fn pieces(line: &str, inner_pt: f64, width: impl Fn(char) -> f64 + Copy) -> Vec<String> {
    if line.is_empty() || width_of(line, width) <= inner_pt || line.contains(char::is_whitespace) {
        return vec![line.to_string()];
    }
    // A value or label with its unit in brackets: break before the bracket, when
    // each part then fits.
    if let Some(open) = line.rfind(['(', '（']) {
        let closes = line.ends_with([')', '）']);
        let (head, tail) = line.split_at(open);
        if closes && !head.is_empty() && width_of(tail, width) <= inner_pt {
            let mut out = pieces(head, inner_pt, width);
            out.push(tail.to_string());
            return out;
        }
    }
    even_lines(line, inner_pt, width)
}

/// Every line of one line of a cell's text in a column `inner_pt` wide: the
/// [`pieces`], each wrapped where a line may break (between CJK characters,
/// at spaces; never inside a number or word, before closing punctuation or
/// after an opening bracket). A word wider than the column is cut where it must be.
pub fn wrap(line: &str, inner_pt: f64, width: impl Fn(char) -> f64 + Copy) -> Vec<String> {
    let mut out = Vec::new();
    for piece in pieces(line, inner_pt, width) {
        if width_of(&piece, width) <= inner_pt {
            out.push(piece);
        } else {
            greedy(&piece, inner_pt, width, &mut out);
        }
    }
    out
}

/// Characters that may not start a line.
fn closes(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '”'
            | '’'
            | '%'
            | ')'
            | ']'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
    )
}

/// Characters that may not end a line.
fn opens(c: char) -> bool {
    matches!(c, '（' | '《' | '「' | '『' | '【' | '“' | '‘' | '(' | '[')
}

/// Whether a line may break between `a` and `b`.
fn may_break(a: char, b: char) -> bool {
    if closes(b) || opens(a) {
        return false;
    }
    if a.is_whitespace() {
        return true;
    }
    // Inside a run of half-width letters, digits and signs (`24.00`, `ISO9001`): no.
    !(char_width(a) == 1 && char_width(b) == 1 && !b.is_whitespace())
}

/// `line` wrapped greedily at the latest break opportunity that fits.
fn greedy(line: &str, inner_pt: f64, width: impl Fn(char) -> f64, out: &mut Vec<String>) {
    let chars: Vec<char> = line.chars().collect();
    let mut start = 0;
    while start < chars.len() {
        let mut used = 0.0;
        let mut end = start;
        let mut last_break = None;
        while end < chars.len() {
            let w = width(chars[end]);
            if end > start && used + w > inner_pt {
                break;
            }
            used += w;
            end += 1;
            if end < chars.len() && may_break(chars[end - 1], chars[end]) {
                last_break = Some(end);
            }
        }
        let cut = if end == chars.len() {
            end
        } else {
            last_break.filter(|&b| b > start).unwrap_or(end)
        };
        let text: String = chars[start..cut].iter().collect();
        out.push(text.trim_end().to_string());
        start = cut;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
}

/// `line` wrapped character by character, as Word wraps CJK text; when that would
/// leave a single character on the last line, the characters are spread evenly
/// over the same number of lines instead.
fn even_lines(line: &str, inner_pt: f64, width: impl Fn(char) -> f64 + Copy) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut greedy: Vec<usize> = Vec::new(); // characters per line
    let (mut used, mut count) = (0.0, 0);
    for &c in &chars {
        let w = width(c);
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
    if even.iter().all(|l| width_of(l, width) <= inner_pt) {
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
        let w = estimate(10.0);
        assert_eq!(pieces("=100.00(%)", 56.7, w), ["=100.00", "(%)"]);
        assert_eq!(pieces("=240.00(人次)", 56.7, w), ["=240.00", "(人次)"]);
        assert_eq!(pieces("=5.00(家)", 56.7, w), ["=5.00(家)"], "fits");
        assert_eq!(pieces("项目资金(万元)", 40.0, w), ["项目资金", "(万元)"]);
        assert_eq!(pieces("一级指标", 34.0, w), ["一级", "指标"]);
        assert_eq!(pieces("评分等级", 34.0, w), ["评分", "等级"]);
        assert_eq!(pieces("年度指标值", 56.7, w), ["年度指标值"], "fits");
        // Two characters on the last line are what Word prints anyway.
        assert_eq!(
            pieces("偏差原因分析及改进措施", 90.0, w),
            ["偏差原因分析及改进措施"]
        );
        // Sentences are Word's to wrap.
        assert_eq!(
            pieces("2024 年度无机构新开办", 30.0, w),
            ["2024 年度无机构新开办"]
        );
    }

    #[test]
    fn wrapping_keeps_numbers_whole_and_punctuation_off_line_starts() {
        let w = estimate(10.0);
        // 50 pt: five CJK characters a line.
        assert_eq!(
            wrap("完成率达到百分之九十以上", 50.0, w),
            ["完成率达到", "百分之九十", "以上"]
        );
        // The comma stays with the character before it.
        assert_eq!(wrap("一二三四，五六", 40.0, w), ["一二三", "四，五六"]);
        // A number is never cut: `2024` moves to the next line whole.
        assert_eq!(wrap("全年共计2024", 50.0, w), ["全年共计", "2024"]);
        // Words break at spaces, and the space is not printed.
        assert_eq!(wrap("ab cd ef", 20.0, w), ["ab", "cd", "ef"]);
        // A word wider than the column is cut where it must be.
        assert_eq!(wrap("1234567890", 30.0, w), ["12345", "67890"]);
        // Bracketed values still break before the bracket.
        assert_eq!(wrap("=240.00(人次)", 56.7, w), ["=240.00", "(人次)"]);
        assert_eq!(wrap("", 50.0, w), [""]);
    }
}
