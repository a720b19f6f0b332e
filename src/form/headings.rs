//! The headings of what jixiao writes beside the tables (the unit's 汇总 sheet,
//! the audit workbook), from `templates/headings.yaml`.

use serde::Deserialize;

/// Every heading, loaded with the run's forms.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    /// The name of a unit's combined files and the index's title; `{year}` the year.
    pub combined: String,
    /// The same for 目标表s, and the folder they are in inside their unit's.
    pub plans: Plans,
    /// The font of the 汇总 sheet and the index.
    pub font: String,
    /// The unit's 汇总 sheet; `{unit}` in a heading is the amount unit.
    pub summary: Summary,
    /// The audit workbook.
    pub audit: Audit,
    /// `index.html`.
    pub index: Index,
}

impl Headings {
    /// The combined files' name (and the index's title) of a year.
    pub fn combined(&self, year: u16) -> String {
        self.combined.replace("{year}", &year.to_string())
    }

    /// The combined files' name of a year's tables of this kind.
    pub fn combined_of(&self, kind: crate::form::TableKind, year: u16) -> String {
        match kind {
            crate::form::TableKind::Report => self.combined(year),
            crate::form::TableKind::Plan => {
                self.plans.combined.replace("{year}", &year.to_string())
            }
        }
    }
}

/// What a pack calls its 目标表s.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plans {
    /// The name of a unit's combined 目标表 files; `{year}` the year.
    pub combined: String,
    /// The folder of a unit's 目标表s, inside the unit's.
    pub folder: String,
}

/// The unit's 汇总 sheet.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// The sheet's name.
    pub name: String,
    /// The title of its chart of the scores.
    pub chart: String,
    /// The name of the chart's series.
    pub score: String,
    /// Heading and width (characters) of each column.
    pub columns: Vec<(String, f64)>,
}

/// The words of `index.html`; `{…}` are filled in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Units, projects and tables left out: `{units}`, `{projects}`, `{left_out}`.
    pub counts: String,
    /// Every unit has no PDF.
    pub all_units: String,
    /// `{n}` units have no PDF.
    pub some_units: String,
    /// Why there is no PDF.
    pub no_pdf: String,
    /// The label of a unit's combined files.
    pub combined: String,
    /// The heading of each column of a unit's list.
    pub columns: Vec<String>,
    /// The heading of the tables left out.
    pub left_out: String,
    /// The heading of the tables published with accepted findings.
    pub accepted: String,
}

/// One sheet: its name and its columns' headings and widths, in the order
/// jixiao fills them in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Heading and width (characters) of each column.
    pub columns: Vec<(String, f64)>,
}

/// The audit workbook's sheets and titles.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    /// The document title.
    pub title: String,
    /// The font of every cell.
    pub font: String,
    /// The title of the grade chart.
    pub chart: String,
    /// 问题清单: one finding a row.
    pub findings: Sheet,
    /// 项目: one table a row.
    pub tables: Sheet,
    /// 按单位: one unit a row, the grades after these columns.
    pub units: Sheet,
    /// 按规则: one code a row.
    pub rules: Sheet,
    /// 关注: one pattern a row.
    pub attention: Sheet,
    /// 目标对照: one difference from the approved 目标表 a row (`--targets`).
    pub targets: Sheet,
}

const BUILTIN: &str = include_str!("../../templates/headings.yaml");

impl Headings {
    /// The built-in headings (`templates/headings.yaml`).
    pub fn builtin() -> Result<Headings, String> {
        serde_saphyr::from_str(BUILTIN)
            .map_err(|e| format!("headings.yaml: {}", e.without_snippet()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_headings_load_with_the_columns_jixiao_fills() {
        let h = Headings::builtin().unwrap();
        assert_eq!(h.summary.columns.len(), 7);
        assert_eq!(h.index.columns.len(), 9);
        assert_eq!(h.combined(2024), "2024年度项目支出绩效自评表");
        let a = &h.audit;
        let counts =
            [&a.findings, &a.tables, &a.units, &a.rules, &a.attention].map(|s| s.columns.len());
        assert_eq!(counts, [9, 12, 6, 6, 5]);
    }
}
