//! `--targets DIR` of check, report and audit: the approved 目标表s each
//! 自评表 is compared with.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use jixiao::diag::Diagnostic;
use jixiao::form::Catalog;
use jixiao::targets::{match_key, Approved};

/// The options that name the approved 目标表s.
#[derive(Debug, Clone, clap::Args)]
pub struct TargetsArgs {
    /// 批复的绩效目标表（文件或文件夹，可重复）: 每张自评表与它的目标表比对，指标、年度指标值、分值、预算的变动逐条报告 / the approved 目标表s to compare with
    #[arg(long = "targets", value_name = "目标表")]
    pub targets: Vec<PathBuf>,
    /// 读取目标表用的表式（默认: 表中写的表式，没写的按 national-plan） / the form the 目标表s are read by
    #[arg(long, value_name = "表式", requires = "targets")]
    pub targets_form: Option<String>,
}

/// The run's 目标表s, when `--targets` names some.
pub struct Targets {
    /// The 目标表s read.
    pub approved: Arc<Approved>,
    /// Their own findings (a 目标表 with an error, a table that is not one).
    pub diagnostics: Vec<Diagnostic>,
}

impl TargetsArgs {
    /// Reads the 目标表s and gives `forms` them to compare with; `None`
    /// without `--targets`.
    pub fn load(&self, forms: Catalog) -> Result<(Catalog, Option<Targets>), String> {
        if self.targets.is_empty() {
            return Ok((forms, None));
        }
        let loaded = Approved::load(&self.targets, self.targets_form.as_deref())?;
        let approved = Arc::new(loaded.approved);
        let forms = forms.with_approvals(approved.clone());
        Ok((
            forms,
            Some(Targets {
                approved,
                diagnostics: loaded.diagnostics,
            }),
        ))
    }
}

impl Targets {
    /// The 目标表s' own findings, and those no 自评表 of `reports` (实施单位
    /// and 项目名称) is for.
    pub fn findings<'a>(
        self,
        reports: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Vec<Diagnostic> {
        let seen: BTreeSet<(String, String)> =
            reports.map(|(u, n)| (match_key(u), match_key(n))).collect();
        let mut out = self.diagnostics;
        out.extend(self.approved.unmatched(&seen));
        out
    }
}
