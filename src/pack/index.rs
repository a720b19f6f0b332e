//! `index.html`: every unit and project of the pack with its score and grade,
//! links to the previews, and the projects left out with their diagnostics.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::record::{LeftOut, UnitRecord};
use super::unit::combined_stem;
use crate::format::fixed;
use crate::score::PLACES;

/// Links inside the pack: `/`-separated and percent-free (browsers accept UTF-8 paths).
fn href(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            p.replace('%', "%25")
                .replace('#', "%23")
                .replace('?', "%3F")
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// What the index says when units have no PDF.
const NO_PDF: &str = "未生成 PDF：生成时本机没有找到中文字体（或使用了 --no-pdf）。";

/// The top of the index page: title and counts; `units` is the number of
/// units and of those without PDFs.
pub fn head(year: u16, units: (usize, usize), projects: usize, left_out: usize) -> String {
    let (units, without_pdf) = units;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{year}年度项目支出绩效自评表</title>\n<style>\n\
body {{ font-family: \"宋体\", SimSun, serif; margin: 2em; }}\n\
table {{ border-collapse: collapse; margin-bottom: 1.5em; }}\n\
th, td {{ border: 1px solid #000; padding: 2px 8px; }}\n\
td.n {{ text-align: right; }}\n\
pre {{ background: #f6f6f6; padding: 1em; white-space: pre-wrap; }}\n\
</style>\n</head>\n<body>\n<h1>{year}年度项目支出绩效自评表</h1>\n<p>共 {units} 个实施单位、{projects} 个项目；{left_out} 个项目因错误未生成。</p>\n",
    );
    if without_pdf > 0 {
        let which = if without_pdf == units {
            "全部单位".to_string()
        } else {
            format!("{without_pdf} 个单位")
        };
        let _ = writeln!(
            o,
            "<p class=\"note\">{which}{NO_PDF}{}</p>",
            escape(crate::render::pdf::INSTALL_HINT)
        );
    }
    o
}

/// One unit's section of the index page: its combined files and its projects.
pub fn unit(year: u16, u: &UnitRecord) -> String {
    let combined = combined_stem(year);
    let amounts = u.amounts.label();
    let in_unit = |wan: rust_decimal::Decimal| u.amounts.of(wan).unwrap_or(wan);
    let mut o = String::new();
    let _ = write!(
        o,
        "<h2>{}</h2>\n<p>合订本: <a href=\"{}\">Word</a> · <a href=\"{}\">Excel</a>{}</p>\n<table>\n<tr><th>序号</th><th>项目名称</th><th>全年预算数({amounts})</th><th>全年执行数({amounts})</th><th>执行率(%)</th><th>总分</th><th>评分等级</th><th>表式</th><th>文件</th></tr>\n",
        escape(&u.unit),
        escape(href(&[&u.dir, &format!("{combined}.docx")])),
        escape(href(&[&u.dir, &format!("{combined}.xlsx")])),
        if u.pdf {
            format!(
                " · <a href=\"{}\">PDF</a>",
                escape(href(&[&u.dir, &format!("{combined}.pdf")]))
            )
        } else {
            String::new()
        },
    );
    for (i, p) in u.projects.iter().enumerate() {
        let link = |ext: &str| escape(href(&[&u.dir, &format!("{}.{ext}", p.stem)])).into_owned();
        let _ = writeln!(
            o,
            "<tr><td class=\"n\">{}</td><td><a href=\"{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td><a href=\"{}\">docx</a> <a href=\"{}\">xlsx</a>{}</td></tr>",
            i + 1,
            link("html"),
            escape(&p.name),
            fixed(in_unit(p.budget), PLACES),
            fixed(in_unit(p.spent), PLACES),
            fixed(p.rate, PLACES),
            fixed(p.total, PLACES),
            escape(&p.grade),
            escape(&p.form),
            link("docx"),
            link("xlsx"),
            if u.pdf {
                format!(" <a href=\"{}\">pdf</a>", link("pdf"))
            } else {
                String::new()
            },
        );
    }
    o.push_str("</table>\n");
    o
}

/// The end of the index page: the tables left out, with their errors.
pub fn tail(left_out: &[LeftOut]) -> String {
    let mut o = String::new();
    if !left_out.is_empty() {
        o.push_str("<h2>未生成的项目（有错误）</h2>\n");
        for l in left_out {
            let _ = write!(
                o,
                "<h3>{}</h3>\n<pre>{}</pre>\n",
                escape(&l.file),
                escape(&l.errors)
            );
        }
    }
    o.push_str("</body>\n</html>\n");
    o
}
