//! `index.html`: every unit and project of the pack with its score and grade,
//! links to the previews, and the projects left out with their diagnostics.

use std::fmt::Write as _;
use std::path::Path;

use quick_xml::escape::escape;

use super::summary::ProjectSummary;
use crate::diag::{human, Diagnostic};
use crate::format::fixed;
use crate::score::PLACES;

/// A unit as listed in the index.
pub struct UnitListing<'a> {
    /// 实施单位.
    pub unit: &'a str,
    /// The unit's folder name inside the pack.
    pub dir: &'a str,
    /// Stem of the unit's combined files.
    pub combined: &'a str,
    /// Its projects, in pack order.
    pub projects: &'a [ProjectSummary],
}

/// A project left out of the pack.
pub struct LeftOut<'a> {
    /// The input file.
    pub file: &'a Path,
    /// Its diagnostics.
    pub diagnostics: &'a [Diagnostic],
}

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

/// The index page of a year's pack.
pub fn render(year: u16, units: &[UnitListing], left_out: &[LeftOut]) -> Vec<u8> {
    let mut o = String::new();
    let count: usize = units.iter().map(|u| u.projects.len()).sum();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{year}年度项目支出绩效自评表</title>\n<style>\n\
body {{ font-family: \"宋体\", SimSun, serif; margin: 2em; }}\n\
table {{ border-collapse: collapse; margin-bottom: 1.5em; }}\n\
th, td {{ border: 1px solid #000; padding: 2px 8px; }}\n\
td.n {{ text-align: right; }}\n\
pre {{ background: #f6f6f6; padding: 1em; white-space: pre-wrap; }}\n\
</style>\n</head>\n<body>\n<h1>{year}年度项目支出绩效自评表</h1>\n<p>共 {} 个实施单位、{count} 个项目；{} 个项目因错误未生成。</p>\n",
        units.len(),
        left_out.len()
    );
    for u in units {
        let _ = write!(
            o,
            "<h2>{}</h2>\n<p>合订本: <a href=\"{}\">Word</a> · <a href=\"{}\">Excel</a></p>\n<table>\n<tr><th>序号</th><th>项目名称</th><th>全年预算数(万元)</th><th>全年执行数(万元)</th><th>执行率(%)</th><th>总分</th><th>评分等级</th><th>文件</th></tr>\n",
            escape(u.unit),
            escape(href(&[u.dir, &format!("{}.docx", u.combined)])),
            escape(href(&[u.dir, &format!("{}.xlsx", u.combined)])),
        );
        for (i, p) in u.projects.iter().enumerate() {
            let link =
                |ext: &str| escape(href(&[u.dir, &format!("{}.{ext}", p.stem)])).into_owned();
            let _ = writeln!(
                o,
                "<tr><td class=\"n\">{}</td><td><a href=\"{}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td><a href=\"{}\">docx</a> <a href=\"{}\">xlsx</a></td></tr>",
                i + 1,
                link("html"),
                escape(&p.name),
                fixed(p.budget, PLACES),
                fixed(p.spent, PLACES),
                fixed(p.rate, PLACES),
                fixed(p.total, PLACES),
                escape(&p.grade),
                link("docx"),
                link("xlsx"),
            );
        }
        o.push_str("</table>\n");
    }
    if !left_out.is_empty() {
        o.push_str("<h2>未生成的项目（有错误）</h2>\n");
        for l in left_out {
            let errors: Vec<Diagnostic> = l
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            let text = human::render(&errors, &human::text_source);
            let _ = write!(
                o,
                "<h3>{}</h3>\n<pre>{}</pre>\n",
                escape(l.file.display().to_string()),
                escape(&text)
            );
        }
    }
    o.push_str("</body>\n</html>\n");
    o.into_bytes()
}
