//! Human-readable rendering of diagnostics, in the style of a compiler.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Diagnostic, Place, Severity};

/// Display width of a character: CJK and full-width forms take two columns.
pub fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Display width of a string (see [`char_width`]).
pub fn str_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The most characters of a value marked under it (a longer one is marked at its start).
const MAX_MARK_CHARS: usize = 40;

/// Source lines longer than this are shown as a window around the marked value.
const MAX_LINE_CHARS: usize = 160;
/// Characters shown before the marked value in a window.
const WINDOW_BEFORE: usize = 40;
/// Characters shown after the marked value in a window.
const WINDOW_AFTER: usize = 40;

/// Renders diagnostics with the offending source line and a marker under the value.
/// `source` returns the text of an input file, when it is a text file.
pub fn render(diags: &[Diagnostic], source: &dyn Fn(&Path) -> Option<String>) -> String {
    // Diagnostics come sorted by file: only the current file's text is kept, so
    // that 100,000 files with a note each do not all stay in memory.
    let mut current: Option<(&Path, Option<String>)> = None;
    let mut out = String::new();
    for d in diags {
        if current.as_ref().is_none_or(|(f, _)| *f != d.file.as_path()) {
            current = Some((d.file.as_path(), source(&d.file)));
        }
        let text = current.as_ref().and_then(|(_, t)| t.as_deref());
        render_one(&mut out, d, text);
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic, text: Option<&str>) {
    let label = match d.accepted {
        Some(_) => super::text::ACCEPTED,
        None => d.severity.label(),
    };
    // The letter follows the severity the finding is reported with (a form may
    // report a rule otherwise than the catalogue, rules.severity; --strict).
    let code = &d.code.as_str()[1..];
    let letter = d.severity.letter();
    let _ = writeln!(out, "{label}[{letter}{code}]: {}", d.message);
    let _ = writeln!(out, "  --> {}{}", d.file.display(), d.place);
    if let (Place::Text { line, col, len }, Some(text)) = (&d.place, text) {
        if let Some(src) = text.lines().nth((*line as usize).saturating_sub(1)) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            // Very long lines are shown as a window around the value.
            let chars: Vec<char> = src.chars().collect();
            let start0 = (*col as usize).saturating_sub(1).min(chars.len());
            let from = start0.saturating_sub(WINDOW_BEFORE);
            // A long value is marked at its start only: the line stays readable.
            let mark = (*len as usize).clamp(1, MAX_MARK_CHARS);
            let to = (start0 + mark + WINDOW_AFTER).min(chars.len());
            let (from, to) = if chars.len() <= MAX_LINE_CHARS {
                (0, chars.len())
            } else {
                (from, to)
            };
            let lead = if from > 0 { "…" } else { "" };
            let tail = if to < chars.len() { "…" } else { "" };
            let before: String = lead
                .chars()
                .chain(chars[from..start0].iter().copied())
                .collect();
            let marked: String = chars[start0..to].iter().take(mark).collect();
            let shown: String = chars[from..to].iter().collect();
            let src = format!("{lead}{shown}{tail}");
            let _ = writeln!(out, " {pad} |");
            let _ = writeln!(out, " {num} | {src}");
            let _ = writeln!(
                out,
                " {pad} | {}{}",
                " ".repeat(str_width(&before)),
                "^".repeat(str_width(&marked).max(1))
            );
        }
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   = 建议: {hint}");
    }
    if let Some(reason) = &d.accepted {
        let _ = writeln!(out, "   = {}: {reason}", super::text::ACCEPTED);
    }
    out.push('\n');
}

/// The closing summary: errors and warnings per file, then the totals.
/// `tables` gives, for each workbook, how many tables were found in it.
pub fn summary(
    diags: &[Diagnostic],
    files: &[PathBuf],
    tables: &BTreeMap<PathBuf, usize>,
) -> String {
    let mut tally = Tally::new(files);
    tally.add(diags);
    tally.render(tables)
}

/// Errors and warnings per file, counted as diagnostics go by (so that a check
/// of many files need not keep them all).
#[derive(Debug, Default)]
pub struct Tally {
    per_file: BTreeMap<PathBuf, (usize, usize)>,
    /// Findings the units accepted, by file.
    accepted: BTreeMap<PathBuf, usize>,
}

impl Tally {
    /// Every file at zero.
    pub fn new(files: &[PathBuf]) -> Tally {
        Tally {
            per_file: files.iter().map(|f| (f.clone(), (0, 0))).collect(),
            accepted: BTreeMap::new(),
        }
    }

    /// Counts these diagnostics.
    pub fn add(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            let e = self.per_file.entry(d.file.clone()).or_default();
            if d.accepted.is_some() {
                *self.accepted.entry(d.file.clone()).or_default() += 1;
                continue;
            }
            match d.severity {
                Severity::Error => e.0 += 1,
                Severity::Warning => e.1 += 1,
                Severity::Info => {}
            }
        }
    }

    /// Whether any error was counted.
    pub fn has_errors(&self) -> bool {
        self.per_file.values().any(|(e, _)| *e > 0)
    }

    /// The summary: a line per file, then the totals.
    pub fn render(&self, tables: &BTreeMap<PathBuf, usize>) -> String {
        let per_file = &self.per_file;
        let mut out = String::new();
        let (mut errors, mut warnings) = (0, 0);
        for (file, (e, w)) in per_file {
            errors += e;
            warnings += w;
            let status = if *e > 0 { "未通过" } else { "通过" };
            let found = tables
                .get(file)
                .map(|n| format!(" ({n} 张表)"))
                .unwrap_or_default();
            let accepted = match self.accepted.get(file) {
                Some(n) => super::msg::check::accepted_count(*n),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "{status}  {}{found}: {e} 个错误, {w} 个警告{accepted}",
                file.display()
            );
        }
        let _ = writeln!(
            out,
            "共 {} 个文件: {errors} 个错误, {warnings} 个警告 ({} files, {errors} errors, {warnings} warnings)",
            per_file.len(),
            per_file.len()
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_sits_under_a_cjk_value() {
        let d = Diagnostic::new(
            crate::diag::Code::E0102,
            "a.yaml",
            Place::Text {
                line: 2,
                col: 1,
                len: 4,
            },
            "无法识别的键“项目明称”",
        )
        .with_hint("是否想写“项目名称”？");
        let out = render(&[d], &|_| Some("年度: 2024\n项目明称: x\n".into()));
        assert!(out.contains(" 2 | 项目明称: x\n   | ^^^^^^^^\n"), "{out}");
        assert!(out.contains("  --> a.yaml:2:1"), "{out}");
        assert!(out.contains("= 建议: 是否想写“项目名称”？"), "{out}");
    }

    #[test]
    fn a_huge_value_is_shown_around_its_start() {
        let value = "长".repeat(40_000);
        let d = Diagnostic::new(
            crate::diag::Code::E0110,
            "a.yaml",
            Place::Text {
                line: 1,
                col: 7,
                len: 40_000,
            },
            "文字过长",
        );
        let out = render(&[d], &|_| Some(format!("项目名称: {value}\n")));
        assert!(out.len() < 1_000, "{} bytes", out.len());
        assert!(out.contains(&format!("^{}", "^".repeat(79))), "{out}");
    }
}
