//! HTML preview: a standalone page showing the same table as the Word and Excel files.
//!
//! Each distinct cell style becomes one CSS class in the page's `<style>`, so the
//! cells carry a short `class` attribute instead of repeating inline styles. The
//! page is also well-formed XML (void elements are self-closed).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::RenderError;
use crate::diag::msg::layout::SONGTI;
use crate::layout::{Content, Grid, HAlign, Slot, Style, VAlign};

/// Renders the grids as one standalone HTML page, one table per grid.
pub fn render_html(grids: &[&Grid]) -> Result<Vec<u8>, RenderError> {
    let title = grids.first().map_or("", |g| g.meta.title.as_str());
    let mut classes = CssClasses::default();
    let mut body = String::new();
    for grid in grids {
        write_grid(&mut body, &mut classes, grid);
    }
    let mut out = String::with_capacity(body.len() + 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\" />\n<title>{}</title>\n<style>\n{}{BASE_CSS}",
        escape(title),
        body_css(),
    );
    classes.write_rules(&mut out);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(&body);
    out.push_str("</body>\n</html>\n");
    Ok(out.into_bytes())
}

/// The page's body rule: its fonts, 宋体 first, and margins.
fn body_css() -> String {
    format!(
        "body {{ font-family: \"{SONGTI}\", SimSun, \"Noto Serif CJK SC\", serif; margin: 2em auto; }}\n"
    )
}

/// The page's rules after the body's.
const BASE_CSS: &str = "section.form { margin: 0 auto 3em; page-break-after: always; }
table { border-collapse: collapse; table-layout: fixed; margin: 0 auto; }
td { padding: 2px 4px; word-break: break-all; }
p { margin: 0; }
";

/// The CSS classes of a page: one per distinct declaration list, named `s1`, `s2`, …
/// in order of first use.
#[derive(Default)]
struct CssClasses {
    by_rule: BTreeMap<String, usize>,
    rules: Vec<String>,
}

impl CssClasses {
    /// The class name for these declarations, added on first use.
    fn name(&mut self, declarations: String) -> String {
        let next = self.rules.len() + 1;
        let n = *self.by_rule.entry(declarations.clone()).or_insert(next);
        if n == next {
            self.rules.push(declarations);
        }
        format!("s{n}")
    }

    /// Writes one rule per class.
    fn write_rules(&self, out: &mut String) {
        for (i, rule) in self.rules.iter().enumerate() {
            let _ = writeln!(out, ".s{} {{ {rule} }}", i + 1);
        }
    }
}

/// The CSS declarations of a style; font names are quoted with `'` so that the
/// rule can never end an attribute or a tag.
fn css(style: &Style) -> String {
    let align = match style.align {
        HAlign::Left => "left",
        HAlign::Center => "center",
        HAlign::Right => "right",
    };
    let valign = match style.valign {
        VAlign::Top => "top",
        VAlign::Center => "middle",
        VAlign::Bottom => "bottom",
    };
    let font = |name: &str| -> String {
        name.chars()
            .filter(|c| !matches!(c, '\'' | '"' | '\\' | '<' | '>' | '&' | ';' | '{' | '}'))
            .collect()
    };
    let mut s = format!(
        "font-family: '{}', '{}', serif; font-size: {}pt; text-align: {align}; vertical-align: {valign};",
        font(&style.font),
        font(&style.latin_font),
        style.size_pt
    );
    if style.bold {
        s.push_str(" font-weight: bold;");
    }
    s.push_str(if style.border {
        " border: 0.5pt solid #000;"
    } else {
        " border: none;"
    });
    if !style.wrap {
        s.push_str(" white-space: nowrap;");
    }
    s
}

fn write_grid(out: &mut String, classes: &mut CssClasses, grid: &Grid) {
    let width = grid.width_mm();
    out.push_str("<section class=\"form\">\n");
    for h in &grid.headings {
        let mut style = grid.style(&h.class).clone();
        style.border = false;
        let _ = writeln!(
            out,
            "<p class=\"{}\">{}</p>",
            classes.name(css(&style)),
            escape(&h.text)
        );
    }
    let _ = writeln!(
        out,
        "<table border=\"1\" cellspacing=\"0\" style=\"width: {width}mm;\">\n<colgroup>"
    );
    for w in &grid.columns {
        let _ = writeln!(out, "<col style=\"width: {w}mm;\" />");
    }
    out.push_str("</colgroup>\n");
    // The page's class of each of the grid's style classes.
    let mut by_style: BTreeMap<&str, String> = BTreeMap::new();
    for row in &grid.slots {
        out.push_str("<tr>");
        for slot in row {
            let Slot::Anchor(i) = slot else { continue };
            let Some(cell) = grid.cells.get(*i) else {
                continue;
            };
            out.push_str("<td");
            if cell.colspan > 1 {
                let _ = write!(out, " colspan=\"{}\"", cell.colspan);
            }
            if cell.rowspan > 1 {
                let _ = write!(out, " rowspan=\"{}\"", cell.rowspan);
            }
            let class = by_style
                .entry(cell.class.as_str())
                .or_insert_with(|| classes.name(css(grid.style(&cell.class))));
            let _ = write!(out, " class=\"{class}\">");
            match &cell.content {
                Content::Number { text, .. } => out.push_str(&escape(text)),
                Content::Text(text) if text.contains('\n') => {
                    for p in text.split('\n') {
                        let _ = write!(out, "<p>{}</p>", escape(p));
                    }
                }
                Content::Text(text) => out.push_str(&escape(text)),
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</section>\n");
}
