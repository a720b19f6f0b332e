//! `index.html`: every unit and project of the pack with its score and grade,
//! links to the previews, and the projects left out with their diagnostics.

use std::fmt::Write as _;

use quick_xml::escape::escape;

use super::record::{Accepted, LeftOut, UnitRecord};
use crate::form::headings::Headings;
use crate::model::num::fixed;
use crate::model::num::PLACES;

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

/// The top of the index page: title and counts; `units` is the number of
/// units and of those without PDFs.
pub fn head(
    h: &Headings,
    year: u16,
    units: (usize, usize),
    projects: usize,
    left_out: usize,
) -> String {
    let (units, without_pdf) = units;
    let title = escape(h.combined(year)).into_owned();
    let counts = (h.index.counts)
        .replace("{units}", &units.to_string())
        .replace("{projects}", &projects.to_string())
        .replace("{left_out}", &left_out.to_string());
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>\n\
body {{ font-family: \"{}\", SimSun, serif; margin: 2em; }}\n\
table {{ border-collapse: collapse; margin-bottom: 1.5em; }}\n\
th, td {{ border: 1px solid #000; padding: 2px 8px; }}\n\
td.n {{ text-align: right; }}\n\
pre {{ background: #f6f6f6; padding: 1em; white-space: pre-wrap; }}\n\
</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{}</p>\n",
        escape(&h.font),
        escape(&counts),
    );
    if without_pdf > 0 {
        let which = if without_pdf == units {
            h.index.all_units.clone()
        } else {
            h.index.some_units.replace("{n}", &without_pdf.to_string())
        };
        let _ = writeln!(
            o,
            "<p class=\"note\">{}{}{}</p>",
            escape(&which),
            escape(&h.index.no_pdf),
            escape(crate::render::pdf::INSTALL_HINT)
        );
    }
    o
}

/// One unit's section of the index page: its combined files and its projects.
pub fn unit(h: &Headings, year: u16, u: &UnitRecord) -> String {
    let combined = h.combined_of(u.kind, year);
    let plan = u.kind == crate::form::TableKind::Plan;
    // A 目标表 was neither executed nor scored: those columns stay blank.
    let done = |text: String| if plan { String::new() } else { text };
    let amounts = u.amounts.label();
    let columns: String = (h.index.columns.iter())
        .map(|c| format!("<th>{}</th>", escape(c.replace("{unit}", amounts))))
        .collect();
    let in_unit = |wan: rust_decimal::Decimal| u.amounts.of(wan).unwrap_or(wan);
    let mut o = String::new();
    let _ = write!(
        o,
        "<h2>{}{}</h2>\n<p>{}: <a href=\"{}\">Word</a> · <a href=\"{}\">Excel</a>{}</p>\n<table>\n<tr>{columns}</tr>\n",
        escape(&u.unit),
        if plan {
            format!(" · {}", escape(&h.plans.folder))
        } else {
            String::new()
        },
        escape(&h.index.combined),
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
            done(fixed(in_unit(p.spent), PLACES)),
            done(fixed(p.rate, PLACES)),
            done(fixed(p.total, PLACES)),
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

/// The end of the index page: the tables published with accepted findings and
/// the tables left out, each with what was found.
pub fn tail(h: &Headings, left_out: &[LeftOut], accepted: &[Accepted]) -> String {
    let mut o = String::new();
    let accepted = accepted.iter().map(|a| (&a.file, &a.findings));
    section(&mut o, &h.index.accepted, accepted);
    let left_out = left_out.iter().map(|l| (&l.file, &l.errors));
    section(&mut o, &h.index.left_out, left_out);
    o.push_str("</body>\n</html>\n");
    o
}

/// A heading and, for each table, its file and what was found; nothing when
/// there is no table.
fn section<'a>(
    o: &mut String,
    heading: &str,
    tables: impl Iterator<Item = (&'a String, &'a String)>,
) {
    let mut tables = tables.peekable();
    if tables.peek().is_none() {
        return;
    }
    let _ = writeln!(o, "<h2>{}</h2>", escape(heading));
    for (file, found) in tables {
        let _ = write!(
            o,
            "<h3>{}</h3>\n<pre>{}</pre>\n",
            escape(file),
            escape(found)
        );
    }
}
