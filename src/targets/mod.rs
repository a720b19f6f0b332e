//! The approved 目标表s of a year (`--targets DIR`): read once, each 自评表
//! matched to its own by 实施单位 and 项目名称, and every difference from what
//! was approved reported beside the table's other findings.

pub mod compare;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use unicode_normalization::UnicodeNormalization;

use crate::diag::msg::targets as msg;
use crate::diag::{Code, Diagnostic};
use crate::form::catalog::Approvals;
use crate::form::Catalog;
use crate::model::{Located, Project, Target};
use crate::pipeline::{check_path, gather};

/// The 目标表 form a table of the targets folder is read by when it names none.
pub const DEFAULT_PLAN_FORM: &str = "national-plan";

/// A project's name or unit as two tables are matched by: NFC, half-width,
/// without spaces and quotes, one kind of bracket and dash.
pub fn match_key(s: &str) -> String {
    let s: String = s.nfc().collect();
    crate::model::target::half_width(&s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’'))
        .map(|c| match c {
            '【' | '〔' | '［' | '[' | '{' | '〈' | '《' => '(',
            '】' | '〕' | '］' | ']' | '}' | '〉' | '》' => ')',
            '—' | '–' | '‐' | '―' | '－' | '_' => '-',
            '、' => ',',
            '。' => '.',
            '・' | '•' => '·',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A project's key: its unit's and its name's [`match_key`].
pub fn project_key(p: &Project) -> (String, String) {
    (match_key(&p.unit.value), match_key(&p.name.value))
}

/// One approved 目标表, as much of it as a 自评表 is compared with.
#[derive(Debug)]
pub struct Plan {
    /// 实施单位.
    pub unit: String,
    /// 项目名称, and where it is written.
    pub name: Located<String>,
    /// The file it came from.
    pub file: PathBuf,
    /// The approved 年度资金总额 (万元).
    pub budget: Option<Decimal>,
    /// The approved 三级指标, in table order.
    pub indicators: Vec<PlanIndicator>,
}

/// One approved 三级指标.
#[derive(Debug)]
pub struct PlanIndicator {
    /// Its 一级指标.
    pub l1: String,
    /// Its 二级指标.
    pub l2: String,
    /// 三级指标.
    pub name: String,
    /// 年度指标值.
    pub target: Target,
    /// 分值, when the 目标表 has one.
    pub weight: Option<Decimal>,
}

impl Plan {
    /// What is kept of a 目标表 read from `file`.
    fn of(p: Project, file: PathBuf) -> Plan {
        Plan {
            budget: compare::approved_budget(&p),
            indicators: compare::plan_indicators(&p),
            unit: p.unit.value,
            name: p.name,
            file,
        }
    }
}

/// The approved 目标表s of a run, by project.
#[derive(Debug, Default)]
pub struct Approved {
    plans: BTreeMap<(String, String), Plan>,
}

/// What reading the targets folder found.
#[derive(Debug)]
pub struct Loaded {
    /// The 目标表s that could be read.
    pub approved: Approved,
    /// Their own findings: errors in a 目标表, tables that are not 目标表s.
    pub diagnostics: Vec<Diagnostic>,
}

/// One 目标表 of the targets folder, as a caller keeps it.
pub struct Read<T> {
    /// Its [`project_key`].
    pub key: (String, String),
    /// What the caller kept of it.
    pub value: T,
}

/// Reads every table under `paths` as a 目标表, in parallel: by its own 表式
/// when it names a 目标表 form, else by `form` (`--targets-form`, or
/// [`DEFAULT_PLAN_FORM`]), and keeps of each what `keep` makes of it (given
/// the table, the name of its form and its file), in file order. A table that
/// cannot be read, is a 自评表, or is a second 目标表 of one project is
/// reported and left out; `Err` when no 目标表 at all could be read.
pub fn read<T: Send>(
    paths: &[PathBuf],
    form: Option<&str>,
    keep: impl Fn(Project, &str, &Path) -> T + Sync,
) -> Result<(Vec<Read<T>>, Vec<Diagnostic>), String> {
    use rayon::prelude::*;
    let forms = Catalog::load(form)
        .map_err(|e| e.to_string())?
        .with_default(DEFAULT_PLAN_FORM);
    let (files, mut diagnostics) = gather(paths, false);
    type Found<T> = (Vec<(Read<T>, PathBuf, Located<String>)>, Vec<Diagnostic>);
    let found: Vec<Found<T>> = files
        .par_iter()
        .map(|file| {
            let (mut kept, mut diags) = (Vec::new(), Vec::new());
            for checked in check_path(file, &forms) {
                // What needs fixing in a 目标表; its notes are for checking it alone.
                let found = checked.diagnostics.into_iter();
                diags.extend(found.filter(|d| d.severity != crate::diag::Severity::Info));
                let Some(s) = checked.scored.filter(|s| !s.project.gaps.any()) else {
                    continue;
                };
                let name = forms.name_for(&s.project).to_string();
                if !s.rules.is_plan() || executed(&s.project) {
                    let (message, hint) = msg::not_a_plan(&name, s.rules.is_plan());
                    let place = s.project.name.place.clone();
                    diags.push(Diagnostic::new(Code::E0810, file, place, message).with_hint(hint));
                    continue;
                }
                let key = project_key(&s.project);
                let shown =
                    Located::new(s.project.unit.value.clone(), s.project.name.place.clone());
                let value = keep(s.project, &name, file);
                kept.push((Read { key, value }, file.clone(), shown));
            }
            (kept, diags)
        })
        .collect();
    let mut seen: BTreeMap<(String, String), PathBuf> = BTreeMap::new();
    let mut out = Vec::new();
    for (kept, diags) in found {
        diagnostics.extend(diags);
        for (read, file, unit) in kept {
            if let Some(first) = seen.get(&read.key) {
                let (message, hint) = crate::diag::msg::check::duplicate_project(
                    &read.key.1,
                    &unit.value,
                    &first.display().to_string(),
                );
                diagnostics
                    .push(Diagnostic::new(Code::E0108, &file, unit.place, message).with_hint(hint));
                continue;
            }
            seen.insert(read.key.clone(), file);
            out.push(read);
        }
    }
    if out.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(msg::no_plans(&shown.join(", ")));
    }
    Ok((out, diagnostics))
}

impl Approved {
    /// The 目标表s under `paths` (see [`read`]), as much of each as a
    /// 自评表 is compared with.
    pub fn load(paths: &[PathBuf], form: Option<&str>) -> Result<Loaded, String> {
        let (read, diagnostics) = read(paths, form, |p, _, file| Plan::of(p, file.to_path_buf()))?;
        let plans = read.into_iter().map(|r| (r.key, r.value)).collect();
        Ok(Loaded {
            approved: Approved { plans },
            diagnostics,
        })
    }

    /// The 目标表 of a project, when one was approved.
    pub fn plan_for(&self, p: &Project) -> Option<&Plan> {
        self.plans.get(&project_key(p))
    }

    /// The 目标表s none of the `seen` 自评表s (their [`project_key`]) is
    /// for (E0809, at the 目标表's 项目名称).
    pub fn unmatched(&self, seen: &BTreeSet<(String, String)>) -> Vec<Diagnostic> {
        (self.plans.iter())
            .filter(|(key, _)| !seen.contains(*key))
            .map(|(_, plan)| {
                let (message, hint) = msg::no_report(&plan.name.value, &plan.unit);
                Diagnostic::new(Code::E0809, &plan.file, plan.name.place.clone(), message)
                    .with_hint(hint)
            })
            .collect()
    }
}

/// Whether a table read as a 目标表 reports the year's work (an executed
/// amount, an actual value, a score): a 自评表 without its 表式.
fn executed(p: &Project) -> bool {
    let spent = (p.funds.sources.iter()).any(|r| r.marks.spent.is_none());
    let done = p
        .indicators()
        .any(|(_, _, i)| i.actual.is_some() || i.score.is_some());
    spent || done || p.total.is_some()
}

impl Approvals for Approved {
    fn compare(&self, report: &Project) -> Vec<Diagnostic> {
        match self.plan_for(report) {
            Some(plan) => compare::differences(plan, report),
            None => {
                let (message, hint) = msg::no_plan(&report.name.value, &report.unit.value);
                vec![Diagnostic::new(
                    Code::E0808,
                    &report.source,
                    report.name.place.clone(),
                    message,
                )
                .with_hint(hint)]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::match_key;

    #[test]
    fn names_match_whatever_their_punctuation() {
        let a = match_key("信息化-闵行托育服务平台（2024运维）");
        assert_eq!(a, match_key("信息化—闵行托育服务平台(2024运维)"));
        assert_eq!(a, match_key(" 信息化－闵行托育服务平台【2024运维】"));
        assert_ne!(a, match_key("信息化-闵行托育服务平台(2025运维)"));
        // Composed and decomposed forms are one name.
        assert_eq!(match_key("e\u{301}"), match_key("\u{e9}"));
    }
}
