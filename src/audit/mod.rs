//! `jixiao audit`: every table under the given paths (YAML, spreadsheets, Word,
//! mixed) checked and scored by its form's rules, and gathered into one report
//! for a finance bureau's or audit office's reviewers: the findings, one row per
//! table, counts per unit and per rule, and the patterns a reviewer looks at
//! across a region ([`attention`]). Written as a workbook ([`workbook`]) or JSON.

pub mod attention;
pub mod out;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::{self, Diagnostic, Place, Severity};
use crate::form::Catalog;
use crate::pipeline::{check_path, identity, Checked, Duplicates, Identified};
use crate::score::Scored;

pub use attention::Attention;

/// Everything the audit found, in the order the workbook prints it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// 问题清单: one row per finding, by unit, project, file and place.
    pub findings: Vec<Finding>,
    /// 项目: one row per table.
    pub tables: Vec<TableRow>,
    /// 按单位: counts per 实施单位.
    pub units: Vec<UnitRow>,
    /// 按规则: counts per code, with the rule's explanation.
    pub rules: Vec<RuleRow>,
    /// 关注: patterns across the region, each with why.
    pub attention: Vec<Attention>,
    /// Whether the tables were compared with approved 目标表s (`--targets`):
    /// the workbook then has the sheet 目标对照.
    pub targets: bool,
}

/// One finding of one table.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// 实施单位 (empty when the table could not be read).
    pub unit: String,
    /// 项目名称.
    pub project: String,
    /// The input file.
    pub file: String,
    /// Where in the file (`第 12 行第 3 列`, `[表]!C14`, `表3 第12行第5列`).
    pub place: String,
    /// The code with its severity's letter (`E0602`).
    pub code: String,
    /// 错误 / 警告 / 提示 (serialised as the word).
    #[serde(serialize_with = "severity_label")]
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// 已确认: why the unit keeps its value, when it accepted the finding.
    pub accepted: String,
    /// For a difference from the approved 目标表: the approved value.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub approved: String,
    /// For a difference from the approved 目标表: the 自评表's value.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reported: String,
}

impl Finding {
    /// Whether it is a difference from the approved 目标表 (E0801–E0810).
    pub fn is_target_difference(&self) -> bool {
        self.code.get(1..3) == Some("08")
    }
}

/// One table: its figures as printed and by the rules.
#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    /// 实施单位.
    pub unit: String,
    /// 项目名称.
    pub project: String,
    /// The form it is checked by.
    pub form: String,
    /// The input file.
    pub file: String,
    /// 全年预算数 of 年度资金总额 (万元).
    #[serde(serialize_with = "numbers::opt")]
    pub budget: Option<Decimal>,
    /// 全年执行数 (万元).
    #[serde(serialize_with = "numbers::opt")]
    pub spent: Option<Decimal>,
    /// 执行率 (%).
    #[serde(serialize_with = "numbers::opt")]
    pub rate: Option<Decimal>,
    /// 总分 as the table gives it (or as its scores add up).
    #[serde(serialize_with = "numbers::opt")]
    pub total: Option<Decimal>,
    /// 总分 the actual values support by the form's rules.
    #[serde(serialize_with = "numbers::opt")]
    pub rule_total: Option<Decimal>,
    /// 评分等级.
    pub grade: String,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
}

/// Counts of one 实施单位.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    /// 实施单位.
    pub unit: String,
    /// Tables.
    pub tables: usize,
    /// Tables with at least one error.
    pub failing: usize,
    /// Errors, warnings and notes.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
    /// Tables per 评分等级, in the order of the grades seen.
    pub grades: BTreeMap<String, usize>,
}

/// Counts of one code.
#[derive(Debug, Clone, Serialize)]
pub struct RuleRow {
    /// The code with its severity's letter.
    pub code: String,
    /// 错误 / 警告 / 提示 (serialised as the word).
    #[serde(serialize_with = "severity_label")]
    pub severity: Severity,
    /// The rule's title.
    pub title: &'static str,
    /// Findings.
    pub count: usize,
    /// Tables with the finding.
    pub tables: usize,
    /// The rule's explanation.
    pub explain: &'static str,
}

/// A severity as the report shows it: 错误, 警告, 提示.
fn severity_label<S: serde::Serializer>(s: &Severity, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(s.label())
}

/// The 按单位 row of the tables whose 实施单位 could not be read.
pub const UNREAD: &str = crate::diag::msg::check::UNREAD_UNIT;

/// What the audit keeps of one checked table.
#[derive(Debug)]
pub(crate) struct Audited {
    file: PathBuf,
    key: Option<((String, String), Place)>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) row: TableRow,
    /// Facts for the cross-table patterns.
    pub(crate) facts: Option<attention::Facts>,
}

impl Identified for Audited {
    fn identity(&self) -> Option<((String, String), Place)> {
        self.key.clone()
    }
    fn file(&self) -> &Path {
        &self.file
    }
    fn diagnostics_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diagnostics
    }
}

/// Audits `files` (found under the paths by the caller), each table by the
/// rules of its form in `forms`; `unreadable` are the paths that could not be read.
pub fn audit(files: &[PathBuf], forms: &Catalog, unreadable: Vec<Diagnostic>) -> Report {
    use rayon::prelude::*;
    let mut tables: Vec<Audited> = files
        .par_iter()
        .flat_map_iter(|f| check_path(f, forms).into_iter().map(|c| audited(c, forms)))
        .collect();
    Duplicates::default().mark(&mut tables);
    let mut report = Report {
        attention: attention::patterns(&tables),
        targets: forms.approvals().is_some(),
        ..Report::default()
    };
    for d in unreadable {
        report.findings.push(finding("", "", &d));
    }
    for t in &mut tables {
        diag::sort(&mut t.diagnostics);
        t.row.errors = t.diagnostics.iter().filter(|d| d.is_error()).count();
        t.row.warnings = count(&t.diagnostics, Severity::Warning);
        for d in &t.diagnostics {
            report
                .findings
                .push(finding(&t.row.unit, &t.row.project, d));
        }
    }
    // Stable: within a file the findings stay in the order of their places.
    report
        .findings
        .sort_by(|a, b| (&a.unit, &a.project, &a.file).cmp(&(&b.unit, &b.project, &b.file)));
    report.units = units(&tables);
    report.rules = rules(&tables, &report.findings);
    report.tables = tables.into_iter().map(|t| t.row).collect();
    report
        .tables
        .sort_by(|a, b| (&a.unit, &a.project, &a.file).cmp(&(&b.unit, &b.project, &b.file)));
    report
}

impl Report {
    /// Adds findings of no table of the audit (a 目标表 without its 自评表).
    pub fn add(&mut self, diagnostics: Vec<Diagnostic>) {
        self.findings
            .extend(diagnostics.iter().map(|d| finding("", "", d)));
    }

    /// Whether any finding is an error (the exit code follows `check`).
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.accepted.is_empty())
    }
}

fn count(diags: &[Diagnostic], s: Severity) -> usize {
    diags
        .iter()
        .filter(|d| d.severity == s && d.accepted.is_none())
        .count()
}

fn audited(c: Checked, forms: &Catalog) -> Audited {
    let file = c.file.display().to_string();
    let (key, row, facts) = match &c.scored {
        Some(s) => {
            let key = identity(&s.project).map(|k| (k, s.project.name.place.clone()));
            // A table with parts that could not be read (filled in with 0) shows
            // no pattern: its errors say what to fix first.
            let facts = (!s.project.gaps.any()).then(|| attention::Facts::of(s));
            (key, table_row(s, forms, &file), facts)
        }
        None => (None, unread_row(&file), None),
    };
    Audited {
        file: c.file,
        key,
        diagnostics: c.diagnostics,
        row,
        facts,
    }
}

fn table_row(s: &Scored, forms: &Catalog, file: &str) -> TableRow {
    let p = &s.project;
    TableRow {
        unit: p.unit.value.trim().to_string(),
        project: p.name.value.trim().to_string(),
        form: forms.name_for(p).to_string(),
        file: file.to_string(),
        budget: Some(s.funds.total.budget),
        spent: Some(s.funds.total.spent),
        rate: Some(s.funds.total.rate),
        total: Some(s.total),
        rule_total: Some(attention::rule_total(s)),
        grade: s.grade.clone(),
        errors: 0,
        warnings: 0,
    }
}

fn unread_row(file: &str) -> TableRow {
    TableRow {
        unit: String::new(),
        project: String::new(),
        form: String::new(),
        file: file.to_string(),
        budget: None,
        spent: None,
        rate: None,
        total: None,
        rule_total: None,
        grade: String::new(),
        errors: 0,
        warnings: 0,
    }
}

fn finding(unit: &str, project: &str, d: &Diagnostic) -> Finding {
    Finding {
        unit: unit.to_string(),
        project: project.to_string(),
        file: d.file.display().to_string(),
        place: d.place.describe(),
        code: diag::shown_code(d.code),
        severity: d.severity,
        message: d.message.clone(),
        hint: d.hint.clone().unwrap_or_default(),
        accepted: d.accepted.clone().unwrap_or_default(),
        approved: d
            .compared
            .as_ref()
            .map(|c| c.approved.clone())
            .unwrap_or_default(),
        reported: d
            .compared
            .as_ref()
            .map(|c| c.reported.clone())
            .unwrap_or_default(),
    }
}

fn units(tables: &[Audited]) -> Vec<UnitRow> {
    let mut by: BTreeMap<&str, UnitRow> = BTreeMap::new();
    for t in tables {
        let u = by.entry(t.row.unit.as_str()).or_insert_with(|| UnitRow {
            unit: if t.row.unit.is_empty() {
                UNREAD.to_string()
            } else {
                t.row.unit.clone()
            },
            tables: 0,
            failing: 0,
            errors: 0,
            warnings: 0,
            notes: 0,
            grades: BTreeMap::new(),
        });
        u.tables += 1;
        u.failing += usize::from(t.row.errors > 0);
        u.errors += t.row.errors;
        u.warnings += t.row.warnings;
        u.notes += count(&t.diagnostics, Severity::Info);
        if !t.row.grade.is_empty() {
            *u.grades.entry(t.row.grade.clone()).or_default() += 1;
        }
    }
    by.into_values().collect()
}

fn rules(tables: &[Audited], findings: &[Finding]) -> Vec<RuleRow> {
    let mut out: Vec<RuleRow> = Vec::new();
    for r in diag::RULES {
        let code = diag::shown_code(r.code);
        let count = findings.iter().filter(|f| f.code == code).count();
        if count == 0 {
            continue;
        }
        let tables = tables
            .iter()
            .filter(|t| t.diagnostics.iter().any(|d| d.code == r.code))
            .count();
        out.push(RuleRow {
            code,
            severity: r.severity,
            title: r.title,
            count,
            tables,
            explain: r.explain,
        });
    }
    out
}

/// Decimals as JSON numbers (the workbook stores them as numbers too).
mod numbers {
    use rust_decimal::prelude::ToPrimitive;
    use rust_decimal::Decimal;

    pub fn opt<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d.and_then(|d| d.to_f64()) {
            Some(f) => s.serialize_f64(f),
            None => s.serialize_none(),
        }
    }
}
