//! The audit as a workbook: 问题清单, 项目, 按单位 (with a chart of the grades
//! per unit), 按规则 and 关注. Numbers are numbers; the bytes depend only on
//! the report (a pinned creation time).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::Report;
use crate::form::headings::{Audit, Sheet};

/// The most rows a sheet lists (Excel's limit, less the header).
const MAX_ROWS: usize = 1_048_575;

/// The workbook's bytes: `h` its headings, `grade_order` the grades of the
/// run's forms, best first (listed first in 按单位; others follow by name).
pub fn write(report: &Report, h: &Audit, grade_order: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = rust_xlsxwriter::ExcelDateTime::parse_from_str("2000-01-01T00:00:00Z")?;
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(&h.title)
            .set_creation_datetime(&created),
    );
    let f = Formats::new(&h.font);
    book.push_worksheet(findings(report, h, &f)?);
    book.push_worksheet(tables(report, h, &f)?);
    book.push_worksheet(units(report, h, grade_order, &f)?);
    book.push_worksheet(rules(report, h, &f)?);
    book.push_worksheet(attention(report, h, &f)?);
    if report.targets {
        book.push_worksheet(targets(report, h, &f)?);
    }
    book.save_to_buffer()
}

struct Formats {
    head: Format,
    text: Format,
    quoted: Format,
    num: Format,
    count: Format,
}

impl Formats {
    fn new(font: &str) -> Formats {
        let base = Format::new()
            .set_font_name(font)
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            head: base.clone().set_bold().set_align(FormatAlign::Center),
            text: base.clone().set_text_wrap(),
            // A text that starts like a formula stays text in Excel.
            quoted: base.clone().set_text_wrap().set_quote_prefix(),
            num: base.clone().set_num_format("0.00"),
            count: base.set_num_format("0"),
        }
    }
}

/// A sheet with its header row, column widths, frozen header and autofilter
/// over `rows` rows.
fn sheet(
    spec: &Sheet,
    more: &[(String, f64)],
    rows: usize,
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut s = Worksheet::new();
    s.set_name(&spec.name)?;
    let headers: Vec<&(String, f64)> = spec.columns.iter().chain(more).collect();
    for (c, (label, width)) in headers.iter().enumerate() {
        let c = c as u16;
        s.set_column_width(c, *width)?;
        s.write_string_with_format(0, c, label, &f.head)?;
    }
    s.set_freeze_panes(1, 0)?;
    let last_col = headers.len().saturating_sub(1) as u16;
    s.autofilter(0, 0, rows.min(MAX_ROWS) as u32, last_col)?;
    Ok(s)
}

/// `v` as it fits one cell: a longer text (one table's over-long 项目名称 must
/// not stop a region's audit) is cut, with a note saying how long it was.
fn fit_cell(v: &str) -> std::borrow::Cow<'_, str> {
    crate::render::xlsx::excel_text_noted(v, crate::diag::msg::check::cut_in_audit)
}

fn text(s: &mut Worksheet, r: usize, c: u16, v: &str, f: &Formats) -> Result<(), XlsxError> {
    let v = &*fit_cell(v);
    let format = if v.starts_with(['=', '+', '-', '@']) {
        &f.quoted
    } else {
        &f.text
    };
    s.write_string_with_format(r as u32, c, v, format)?;
    Ok(())
}

fn number(
    s: &mut Worksheet,
    r: usize,
    c: u16,
    v: Option<Decimal>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match v.and_then(|d| d.to_f64()) {
        Some(x) => s.write_number_with_format(r as u32, c, x, &f.num)?,
        None => s.write_blank(r as u32, c, &f.num)?,
    };
    Ok(())
}

fn count(s: &mut Worksheet, r: usize, c: u16, v: usize, f: &Formats) -> Result<(), XlsxError> {
    s.write_number_with_format(r as u32, c, v as f64, &f.count)?;
    Ok(())
}

fn findings(report: &Report, h: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = sheet(&h.findings, &[], report.findings.len(), f)?;
    for (i, x) in report.findings.iter().take(MAX_ROWS).enumerate() {
        let r = i + 1;
        for (c, v) in [&x.unit, &x.project, &x.file, &x.place, &x.code]
            .into_iter()
            .enumerate()
        {
            text(&mut s, r, c as u16, v, f)?;
        }
        text(&mut s, r, 5, x.severity.label(), f)?;
        text(&mut s, r, 6, &x.message, f)?;
        text(&mut s, r, 7, &x.hint, f)?;
        if !x.accepted.is_empty() {
            text(&mut s, r, 8, &x.accepted, f)?;
        }
    }
    Ok(s)
}

/// 目标对照: the findings that are differences from the approved 目标表s.
fn targets(report: &Report, h: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let rows: Vec<&super::Finding> = (report.findings.iter())
        .filter(|x| x.is_target_difference())
        .collect();
    let mut s = sheet(&h.targets, &[], rows.len(), f)?;
    for (i, x) in rows.into_iter().take(MAX_ROWS).enumerate() {
        let r = i + 1;
        let title = crate::diag::lookup(&x.code).map_or("", |rule| rule.title);
        let cells = [
            &x.unit,
            &x.project,
            &x.file,
            &x.place,
            &x.code,
            title,
            &x.approved,
            &x.reported,
            &x.message,
            &x.accepted,
        ];
        for (c, v) in cells.into_iter().enumerate() {
            text(&mut s, r, c as u16, v, f)?;
        }
    }
    Ok(s)
}

fn tables(report: &Report, h: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = sheet(&h.tables, &[], report.tables.len(), f)?;
    for (i, t) in report.tables.iter().take(MAX_ROWS).enumerate() {
        let r = i + 1;
        for (c, v) in [&t.unit, &t.project, &t.form, &t.file]
            .into_iter()
            .enumerate()
        {
            text(&mut s, r, c as u16, v, f)?;
        }
        for (c, v) in [t.budget, t.spent, t.rate, t.total, t.rule_total]
            .into_iter()
            .enumerate()
        {
            number(&mut s, r, 4 + c as u16, v, f)?;
        }
        text(&mut s, r, 9, &t.grade, f)?;
        count(&mut s, r, 10, t.errors, f)?;
        count(&mut s, r, 11, t.warnings, f)?;
    }
    Ok(s)
}

/// The grades seen, those of `order` first in its order.
fn grades(report: &Report, order: &[String]) -> Vec<String> {
    let mut all: Vec<String> = report
        .units
        .iter()
        .flat_map(|u| u.grades.keys().cloned())
        .collect();
    all.sort_by_key(|g| {
        (
            order.iter().position(|o| o == g).unwrap_or(order.len()),
            g.clone(),
        )
    });
    all.dedup();
    all
}

fn units(
    report: &Report,
    h: &Audit,
    grade_order: &[String],
    f: &Formats,
) -> Result<Worksheet, XlsxError> {
    let grades = grades(report, grade_order);
    let more: Vec<(String, f64)> = grades.iter().map(|g| (g.clone(), 7.0)).collect();
    let mut s = sheet(&h.units, &more, report.units.len(), f)?;
    let name = h.units.name.as_str();
    for (i, u) in report.units.iter().take(MAX_ROWS).enumerate() {
        let r = i + 1;
        text(&mut s, r, 0, &u.unit, f)?;
        for (c, v) in [u.tables, u.failing, u.errors, u.warnings, u.notes]
            .into_iter()
            .enumerate()
        {
            count(&mut s, r, 1 + c as u16, v, f)?;
        }
        for (c, g) in grades.iter().enumerate() {
            count(
                &mut s,
                r,
                6 + c as u16,
                u.grades.get(g).copied().unwrap_or(0),
                f,
            )?;
        }
    }
    if !report.units.is_empty() && !grades.is_empty() {
        let last = report.units.len().min(MAX_ROWS) as u32;
        let mut chart = Chart::new(ChartType::BarStacked);
        for c in 0..grades.len() {
            let col = 6 + c as u16;
            chart
                .add_series()
                .set_name((name, 0, col))
                .set_categories((name, 1, 0, last, 0))
                .set_values((name, 1, col, last, col));
        }
        chart.title().set_name(&h.chart);
        chart.y_axis().set_reverse();
        chart.set_width(720).set_height((120 + 22 * last).min(1000));
        s.insert_chart(last + 2, 0, &chart)?;
    }
    Ok(s)
}

fn rules(report: &Report, h: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = sheet(&h.rules, &[], report.rules.len(), f)?;
    for (i, x) in report.rules.iter().enumerate() {
        let r = i + 1;
        text(&mut s, r, 0, &x.code, f)?;
        text(&mut s, r, 1, x.severity.label(), f)?;
        text(&mut s, r, 2, x.title, f)?;
        count(&mut s, r, 3, x.count, f)?;
        count(&mut s, r, 4, x.tables, f)?;
        text(&mut s, r, 5, x.explain, f)?;
    }
    Ok(s)
}

fn attention(report: &Report, h: &Audit, f: &Formats) -> Result<Worksheet, XlsxError> {
    let mut s = sheet(&h.attention, &[], report.attention.len(), f)?;
    for (i, a) in report.attention.iter().take(MAX_ROWS).enumerate() {
        let r = i + 1;
        for (c, v) in [&a.unit, &a.project, &a.file].into_iter().enumerate() {
            text(&mut s, r, c as u16, v, f)?;
        }
        text(&mut s, r, 3, a.pattern, f)?;
        text(&mut s, r, 4, &a.why, f)?;
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_over_long_text_is_cut_with_a_note() {
        let long = "长".repeat(40_000);
        let cut = fit_cell(&long);
        assert_eq!(cut.encode_utf16().count(), 32_767);
        assert!(cut.contains("40000"), "{}", &cut[cut.len() - 120..]);
        assert_eq!(fit_cell("短"), "短");
        let astral = "𠀀".repeat(20_000);
        assert!(fit_cell(&astral).encode_utf16().count() <= 32_767);
    }
}
