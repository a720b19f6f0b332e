//! The forms a run knows: every built-in form and the run's `--form`, loaded
//! once, so that checking, scoring and layout all use the form a table is
//! printed on (its rules, its fields).

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{builtin_names, Form, FormError, Headings, Rules, Vocabulary, Words, DEFAULT_FORM};
use crate::model::Project;

/// The forms of a run, by the name a table or `--form` gives them.
#[derive(Debug)]
pub struct Catalog {
    forms: BTreeMap<String, Form>,
    /// `--form`: the form every table is printed on, whatever its 表式.
    run: Option<String>,
    /// The words the forms add, each list sorted.
    words: Words,
    /// The national rules, for a table whose form the run does not know
    /// (never: the default form is built in).
    fallback: Arc<Rules>,
    /// The headings of the 汇总 sheet and the audit workbook.
    headings: Headings,
    /// `--accept`: codes every table of the run keeps its values against.
    accepted: Vec<crate::diag::Code>,
    /// The form of a table that names none (and no `--form`).
    default: String,
    /// `--targets`: what each 自评表 is compared with.
    approvals: Option<Arc<dyn Approvals>>,
}

/// What a run compares each 自评表 with: the approved 目标表s (`--targets`).
pub trait Approvals: std::fmt::Debug + Send + Sync {
    /// The findings of a 自评表 against what was approved for it.
    fn compare(&self, report: &Project) -> Vec<crate::diag::Diagnostic>;
}

impl Catalog {
    /// The built-in forms, and `run` (a built-in name or a form folder), which
    /// then prints every table. A form that does not load is an error, built-in
    /// or not: a run never goes on without one of its forms.
    pub fn load(run: Option<&str>) -> Result<Catalog, FormError> {
        let mut forms = BTreeMap::new();
        for name in builtin_names() {
            forms.insert(name.to_string(), Form::builtin(name)?);
        }
        if let Some(run) = run.filter(|r| !forms.contains_key(*r)) {
            forms.insert(run.to_string(), Form::load(run)?);
        }
        Catalog::of(forms, run.map(str::to_string))
    }

    /// The built-in forms only (no `--form`).
    pub fn builtin() -> Result<Catalog, FormError> {
        Catalog::load(None)
    }

    /// The catalogue of `forms`: readers look for the words of all of them
    /// (a table's form is known only once it is read).
    fn of(forms: BTreeMap<String, Form>, run: Option<String>) -> Result<Catalog, FormError> {
        let mut vocab = Vocabulary::builtin().map_err(|message| FormError {
            form: "vocabulary.yaml".to_string(),
            message,
        })?;
        let mut words = Words::default();
        for form in forms.values() {
            vocab.add(&form.added_words);
            let w = form.words();
            words.fields.extend(w.fields);
            words.sources.extend(w.sources);
        }
        for list in [&mut words.fields, &mut words.sources] {
            list.sort();
            list.dedup();
        }
        words.vocab = Arc::new(vocab);
        let fallback = Arc::new(Rules::national().map_err(|message| FormError {
            form: "national".to_string(),
            message,
        })?);
        let headings = Headings::builtin().map_err(|message| FormError {
            form: "headings.yaml".to_string(),
            message,
        })?;
        Ok(Catalog {
            forms,
            run,
            words,
            fallback,
            headings,
            accepted: Vec::new(),
            default: DEFAULT_FORM.to_string(),
            approvals: None,
        })
    }

    /// The name of the form a table is printed on: `--form`, else its 表式
    /// (when one of ours), else the default.
    pub fn name_for<'a>(&'a self, project: &'a Project) -> &'a str {
        self.name_of(project.form.as_ref().map(|f| f.value.as_str()))
    }

    /// [`Catalog::name_for`] a table that names the 表式 `table_form`.
    pub fn name_of<'a>(&'a self, table_form: Option<&'a str>) -> &'a str {
        self.run
            .as_deref()
            .or(table_form.filter(|f| self.forms.contains_key(*f)))
            .unwrap_or(&self.default)
    }

    /// The catalogue with another form for the tables that name none
    /// (a 目标表 form, to read the targets folder).
    pub fn with_default(mut self, name: &str) -> Catalog {
        self.default = name.to_string();
        self
    }

    /// The catalogue comparing each 自评表 with what was approved for it.
    pub fn with_approvals(mut self, approvals: Arc<dyn Approvals>) -> Catalog {
        self.approvals = Some(approvals);
        self
    }

    /// What each 自评表 is compared with, when the run has approved 目标表s.
    pub fn approvals(&self) -> Option<&dyn Approvals> {
        self.approvals.as_deref()
    }

    /// The form `--form` names, if given.
    pub fn run(&self) -> Option<&str> {
        self.run.as_deref()
    }

    /// The built-in form `--form` names, if it names one (not a folder).
    pub fn run_builtin(&self) -> Option<&str> {
        self.run.as_deref().filter(|r| builtin_names().contains(r))
    }

    /// The form a table is printed on (see [`Catalog::name_for`]).
    pub fn form_for(&self, project: &Project) -> Option<&Form> {
        self.forms.get(self.name_for(project))
    }

    /// A form by the name the run knows it by.
    pub fn get(&self, name: &str) -> Option<&Form> {
        self.forms.get(name)
    }

    /// The rules a table is scored and checked by: its form's.
    pub fn rules_for(&self, project: &Project) -> Arc<Rules> {
        self.rules_of(project.form.as_ref().map(|f| f.value.as_str()))
    }

    /// The rules of the form a table naming the 表式 `table_form` is printed on.
    pub fn rules_of(&self, table_form: Option<&str>) -> Arc<Rules> {
        match self.forms.get(self.name_of(table_form)) {
            Some(form) => form.rules.clone(),
            // The default form is built in, and every built-in form is loaded.
            None => self.fallback.clone(),
        }
    }

    /// Whether the run knows a form by this name.
    pub fn knows(&self, name: &str) -> bool {
        self.forms.contains_key(name)
    }

    /// The names of the forms the run knows, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.forms.keys().map(String::as_str)
    }

    /// The forms the run knows, by name.
    pub fn forms(&self) -> impl Iterator<Item = &Form> {
        self.forms.values()
    }

    /// The catalogue with findings accepted for every table of the run
    /// (`--accept E0205,E0602`).
    pub fn with_accepted(mut self, codes: Vec<crate::diag::Code>) -> Catalog {
        self.accepted = codes;
        self
    }

    /// The codes accepted for every table of the run.
    pub fn accepted(&self) -> &[crate::diag::Code] {
        &self.accepted
    }

    /// The headings of the 汇总 sheet and the audit workbook.
    pub fn headings(&self) -> &Headings {
        &self.headings
    }

    /// The grades of the run's forms, best first: the default form's, then
    /// the others' not seen yet, by form name.
    pub fn grade_order(&self) -> Vec<String> {
        let default = self.forms.get(DEFAULT_FORM).into_iter();
        let mut out: Vec<String> = Vec::new();
        for form in default.chain(self.forms.values()) {
            for g in &form.rules.grades {
                if !out.contains(&g.name) {
                    out.push(g.name.clone());
                }
            }
        }
        out
    }

    /// The words the forms add, which inputs may use as keys and labels.
    pub fn words(&self) -> &Words {
        &self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_form_is_in_the_catalog() {
        let c = Catalog::builtin().unwrap();
        for name in builtin_names() {
            assert!(c.get(name).is_some(), "{name}");
        }
        // yunnan's 其他需要说明事项 row.
        assert!(c.words().fields.iter().any(|w| w == "其他需要说明事项"));
    }

    #[test]
    fn a_missing_run_form_is_an_error() {
        let e = Catalog::load(Some("/nonexistent/form")).unwrap_err();
        assert!(e.message.contains("没有这个表式"), "{e}");
    }
}
