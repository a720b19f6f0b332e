//! The combined workbook of one 实施单位: a 汇总 sheet (list and bar chart of the
//! scores) before one sheet per project. (The unit's combined Word document is
//! joined from the projects' documents, see `render::docx::combine_docx`.)

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::summary::ProjectSummary;
use crate::diag::human::str_width;
use crate::form::headings::Headings;
use crate::form::{AmountUnit, TableKind};
use crate::layout::{Grid, Meta};
use crate::render::xlsx::{add_grid_sheet, set_workbook_properties};
use crate::render::RenderError;

fn xlsx_err(e: XlsxError) -> RenderError {
    RenderError::Write {
        source: None,
        format: "xlsx",
        message: e.to_string(),
    }
}

/// The unit's workbook: the 汇总 sheet, then one sheet per project.
/// `amounts` is the unit the 汇总 sheet lists amounts in.
pub fn combined_xlsx(
    meta: &Meta,
    projects: &[(&ProjectSummary, &Grid)],
    (amounts, kind): (AmountUnit, TableKind),
    headings: &Headings,
) -> Result<Vec<u8>, RenderError> {
    let mut workbook = Workbook::new();
    set_workbook_properties(&mut workbook, meta)?;
    workbook.set_zip_compression_level(crate::render::ZIP_LEVEL);
    let rows: Vec<&ProjectSummary> = projects.iter().map(|(s, _)| *s).collect();
    workbook.push_worksheet(
        summary_sheet(&meta.title, &rows, (amounts, kind), headings).map_err(xlsx_err)?,
    );
    for (summary, grid) in projects {
        add_grid_sheet(&mut workbook, &summary.sheet, grid)?;
    }
    workbook.save_to_buffer().map_err(xlsx_err)
}

/// Half-width characters that fit one line of the 项目名称 column (width 40).
const NAME_COLUMN_CHARS: usize = 38;

fn summary_sheet(
    title: &str,
    rows: &[&ProjectSummary],
    (amounts, kind): (AmountUnit, TableKind),
    headings: &Headings,
) -> Result<Worksheet, XlsxError> {
    // A 目标表 was neither executed nor scored: those columns stay blank.
    let plan = kind == TableKind::Plan;
    let h = &headings.summary;
    let name = h.name.as_str();
    let base = Format::new()
        .set_font_name(&headings.font)
        .set_font_size(10)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let head = base.clone().set_bold().set_align(FormatAlign::Center);
    let text = base.clone().set_text_wrap();
    let num = base.clone().set_num_format("0.00");
    let center = base.clone().set_align(FormatAlign::Center);
    let title_fmt = Format::new()
        .set_font_name(&headings.font)
        .set_font_size(14)
        .set_bold()
        .set_align(FormatAlign::Center);

    // Text that a spreadsheet would take for a formula once edited (`=…`,
    // `+…`) carries the quote prefix, so that it stays text.
    let quoted = |text: &str, f: &Format| {
        if crate::render::xlsx::looks_like_formula(text) {
            f.clone().set_quote_prefix()
        } else {
            f.clone()
        }
    };
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    let last_col = h.columns.len().max(1) - 1;
    sheet.merge_range(0, 0, 0, last_col as u16, title, &quoted(title, &title_fmt))?;
    sheet.set_row_height(0, 24)?;
    for (col, (label, width)) in h.columns.iter().enumerate() {
        let col = col as u16;
        sheet.set_column_width(col, *width)?;
        let label = label.replace("{unit}", amounts.label());
        sheet.write_string_with_format(1, col, &label, &head)?;
    }
    let mut list_lines = 0;
    for (i, p) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &center)?;
        let name = crate::render::xlsx::excel_text(&p.name);
        sheet.write_string_with_format(row, 1, name.as_ref(), &quoted(&name, &text))?;
        // The name column holds about NAME_COLUMN_CHARS half-width characters per line.
        let lines = str_width(&p.name).div_ceil(NAME_COLUMN_CHARS).max(1);
        list_lines += lines;
        sheet.set_row_height(row, 14.0 * lines as f64)?;
        let (budget, spent) = (
            amounts.of(p.budget).unwrap_or(p.budget),
            amounts.of(p.spent).unwrap_or(p.spent),
        );
        sheet.write_number_with_format(row, 2, budget.to_f64().unwrap_or(0.0), &num)?;
        for (col, value) in [(3, spent), (4, p.rate), (5, p.total)] {
            if plan {
                sheet.write_blank(row, col, &num)?;
            } else {
                sheet.write_number_with_format(row, col, value.to_f64().unwrap_or(0.0), &num)?;
            }
        }
        sheet.write_string_with_format(row, 6, &p.grade, &quoted(&p.grade, &center))?;
    }
    sheet.set_freeze_panes(2, 0)?;
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    if !rows.is_empty() && !plan {
        let last = 1 + rows.len() as u32;
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name(h.score.as_str())
            .set_categories((name, 2, 1, last, 1))
            .set_values((name, 2, 5, last, 5));
        chart.title().set_name(&h.chart);
        chart.legend().set_hidden();
        // A bar chart's value axis is its x axis; categories run top-down like the list.
        chart.x_axis().set_min(0).set_max(100);
        chart.y_axis().set_reverse();
        // The chart is printed on one page: at most a page high (the bars get
        // thinner), and on a page of its own when it does not fit below the list.
        let height = (120 + 22 * rows.len()).min(CHART_MAX_PX as usize) as u32;
        chart.set_width(720).set_height(height);
        sheet.insert_chart(last + 2, 0, &chart)?;
        let list_px = (24.0 + 14.0 * (1 + list_lines) as f64) * 4.0 / 3.0;
        if list_px + f64::from(height) + 40.0 > PAGE_PX {
            sheet.set_page_breaks(&[last + 2])?;
        }
    }
    Ok(sheet)
}

/// The printable height of an A4 page in the 汇总 sheet's pixels, at the scale
/// that fits its columns on the page's width (Excel's default margins).
const PAGE_PX: f64 = 1150.0;

/// The tallest chart that still prints on one page.
const CHART_MAX_PX: u32 = 1000;
