//! HTML preview: a standalone page showing the same table as the Word and Excel files.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::RenderError;
use crate::layout::{Content, Grid, HAlign, Slot, Style, VAlign};

/// Renders the grids as one standalone HTML page, one table per grid.
pub fn render_html(grids: &[&Grid]) -> Result<Vec<u8>, RenderError> {
    let title = grids.first().map_or("", |g| g.meta.title.as_str());
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        escape(title),
        BASE_CSS
    );
    for grid in grids {
        write_grid(&mut out, grid);
    }
    out.push_str("</body>\n</html>\n");
    Ok(out.into_bytes())
}

const BASE_CSS: &str =
    "body { font-family: \"宋体\", SimSun, \"Noto Serif CJK SC\", serif; margin: 2em auto; }
section.form { margin: 0 auto 3em; page-break-after: always; }
table { border-collapse: collapse; table-layout: fixed; margin: 0 auto; }
td { padding: 2px 4px; word-break: break-all; }
p { margin: 0; }
";

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
    let mut s = format!(
        "font-family: \"{}\", {}, serif; font-size: {}pt; text-align: {align}; vertical-align: {valign};",
        style.font, style.latin_font, style.size_pt
    );
    if style.bold {
        s.push_str(" font-weight: bold;");
    }
    if style.border {
        s.push_str(" border: 0.5pt solid #000;");
    }
    if !style.wrap {
        s.push_str(" white-space: nowrap;");
    }
    s
}

fn write_grid(out: &mut String, grid: &Grid) {
    let width = grid.width_mm();
    out.push_str("<section class=\"form\">\n");
    for h in &grid.headings {
        let _ = writeln!(
            out,
            "<p style=\"{} border: none;\">{}</p>",
            css(&grid.style(&h.class)),
            escape(&h.text)
        );
    }
    let _ = writeln!(
        out,
        "<table border=\"1\" cellspacing=\"0\" style=\"width: {width}mm;\">\n<colgroup>"
    );
    for w in &grid.columns {
        let _ = writeln!(out, "<col style=\"width: {w}mm;\">");
    }
    out.push_str("</colgroup>\n");
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
            let _ = write!(out, " style=\"{}\">", css(&grid.style(&cell.class)));
            match &cell.content {
                Content::Number { text, .. } => out.push_str(&escape(text)),
                Content::Text(text) => {
                    let paragraphs: Vec<String> = text
                        .split('\n')
                        .map(|p| format!("<p>{}</p>", escape(p)))
                        .collect();
                    if paragraphs.len() > 1 {
                        out.push_str(&paragraphs.concat());
                    } else {
                        out.push_str(&escape(text));
                    }
                }
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</section>\n");
}
