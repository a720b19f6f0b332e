//! A form: its table template, page setup and style set, loaded once per run.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Deserialize;

use super::grid::{Grid, Meta, Page};
use super::markup;
use super::print::Print;
use super::style::Style;
use super::view::View;
use crate::score::{Rules, Scored};

/// The template file of a form's table.
const TEMPLATE: &str = "table.xhtml.j2";

/// The forms shipped inside the binary: name, form.yaml, table template.
const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "shanghai",
        include_str!("../../templates/shanghai/form.yaml"),
        include_str!("../../templates/shanghai/table.xhtml.j2"),
    ),
    (
        "national",
        include_str!("../../templates/national/form.yaml"),
        include_str!("../../templates/national/table.xhtml.j2"),
    ),
    (
        "shanghai-yuan",
        include_str!("../../templates/shanghai-yuan/form.yaml"),
        include_str!("../../templates/shanghai-yuan/table.xhtml.j2"),
    ),
    (
        "yunnan",
        include_str!("../../templates/yunnan/form.yaml"),
        include_str!("../../templates/yunnan/table.xhtml.j2"),
    ),
    (
        "sichuan-xianjie",
        include_str!("../../templates/sichuan-xianjie/form.yaml"),
        include_str!("../../templates/sichuan-xianjie/table.xhtml.j2"),
    ),
    (
        "sichuan",
        include_str!("../../templates/sichuan/form.yaml"),
        include_str!("../../templates/sichuan/table.xhtml.j2"),
    ),
];

/// The default form: the Shanghai layout of the seed tables.
pub const DEFAULT_FORM: &str = "shanghai";

/// Names of the built-in forms.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _, _)| *name).collect()
}

/// A form could not be loaded or could not lay out a project.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("表式 {form}: {message}")]
pub struct LayoutError {
    /// The form's name.
    pub form: String,
    /// What went wrong, in Chinese.
    pub message: String,
}

/// `form.yaml`: everything about a form that is not the table itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    name: String,
    description: String,
    /// What a unit's combined files and 汇总 sheet call its tables.
    #[serde(default = "default_title")]
    title: String,
    #[serde(default)]
    page: PageSpec,
    #[serde(default)]
    print: Print,
    /// Fields the form adds to every table (其他需要说明事项…): input keys and
    /// template variables (`fields["其他需要说明事项"]`).
    #[serde(default)]
    fields: Vec<String>,
    /// The fund sources its budget block has rows for (input keys, sheet row
    /// labels and `funds.sources[...]`); the national three when not given.
    #[serde(default = "national_sources")]
    sources: Vec<String>,
    /// The scoring rules' parameters; national practice where not given.
    #[serde(default)]
    rules: Rules,
    styles: BTreeMap<String, Style>,
}

fn default_title() -> String {
    "项目支出绩效自评表".to_string()
}

fn national_sources() -> Vec<String> {
    crate::model::NATIONAL_SOURCES.map(String::from).to_vec()
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct PageSpec {
    landscape: bool,
    margins_mm: [f64; 4],
    cell_margins_mm: [f64; 4],
}

impl Default for PageSpec {
    fn default() -> Self {
        let p = Page::default();
        PageSpec {
            landscape: p.landscape,
            margins_mm: p.margins_mm,
            cell_margins_mm: p.cell_margins_mm,
        }
    }
}

/// A loaded form, ready to lay out any number of projects.
#[derive(Debug)]
pub struct Form {
    /// The form's name (`shanghai`, `national`).
    pub name: String,
    /// A one-line description for `--help` and the manifest.
    pub description: String,
    /// What a unit's combined files and 汇总 sheet call its tables
    /// (`项目支出绩效自评表`, `绩效目标自评表`).
    pub title: String,
    /// Where it comes from, as its errors name it: the built-in name or the folder.
    source: String,
    page: Page,
    print: Print,
    /// Fields the form adds (see `form.yaml`'s `fields`).
    pub fields: Vec<String>,
    /// The fund sources of its budget block (see `form.yaml`'s `sources`).
    pub sources: Vec<String>,
    /// The rules its tables are scored and checked by.
    pub rules: Arc<Rules>,
    styles: BTreeMap<String, Style>,
    env: Environment<'static>,
}

impl Form {
    /// A built-in form by name.
    pub fn builtin(name: &str) -> Result<Form, LayoutError> {
        let (_, spec, template) =
            BUILTIN
                .iter()
                .find(|(n, _, _)| *n == name)
                .ok_or_else(|| LayoutError {
                    form: name.to_string(),
                    message: format!("没有这个表式；可用的表式: {}", builtin_names().join(", ")),
                })?;
        Form::from_sources(name, spec, template)
    }

    /// A built-in form by name, or a form folder (holding `form.yaml` and
    /// `table.xhtml.j2`) by path: a regional variant needs no new code.
    pub fn load(name_or_dir: &str) -> Result<Form, LayoutError> {
        let dir = Path::new(name_or_dir);
        if !builtin_names().contains(&name_or_dir) && dir.join("form.yaml").is_file() {
            Form::from_dir(dir)
        } else {
            Form::builtin(name_or_dir)
        }
    }

    /// A form from a folder holding `form.yaml` and `table.xhtml.j2`.
    pub fn from_dir(dir: &Path) -> Result<Form, LayoutError> {
        let name = dir.display().to_string();
        let read = |file: &str| {
            std::fs::read_to_string(dir.join(file)).map_err(|e| LayoutError {
                form: name.clone(),
                message: format!("无法读取 {}: {e}", dir.join(file).display()),
            })
        };
        Form::from_sources(&name, &read("form.yaml")?, &read(TEMPLATE)?)
    }

    fn from_sources(name: &str, spec: &str, template: &str) -> Result<Form, LayoutError> {
        let err = |message: String| LayoutError {
            form: name.to_string(),
            message,
        };
        let spec: Spec = serde_saphyr::from_str(spec)
            .map_err(|e| err(format!("form.yaml 有误: {}", e.without_snippet())))?;
        if let Some(problem) = spec.rules.problems().into_iter().next() {
            return Err(err(format!("form.yaml 有误: {problem}")));
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.add_template_owned(TEMPLATE, template.to_string())
            .map_err(|e| err(format!("模板有误: {e}")))?;
        Ok(Form {
            name: spec.name,
            description: spec.description,
            title: spec.title,
            source: name.to_string(),
            page: Page {
                landscape: spec.page.landscape,
                margins_mm: spec.page.margins_mm,
                cell_margins_mm: spec.page.cell_margins_mm,
            },
            print: spec.print,
            fields: spec.fields,
            sources: spec.sources,
            rules: Arc::new(spec.rules),
            styles: spec.styles,
            env,
        })
    }

    /// The unit its tables print amounts in.
    pub fn amounts(&self) -> super::print::AmountUnit {
        self.print.amounts
    }

    /// The words its tables may use beyond the keys every table has: its
    /// fields, and its sources other than the national three.
    pub fn words(&self) -> crate::input::Words {
        let national = crate::model::NATIONAL_SOURCES;
        crate::input::Words {
            fields: self.fields.clone(),
            sources: (self.sources.iter())
                .filter(|s| !national.contains(&s.as_str()))
                .cloned()
                .collect(),
        }
    }

    /// Lays out a synthetic project, to find a template's mistakes (an unknown
    /// variable, unbalanced markup) before any real project meets them.
    pub fn try_out(&self) -> Result<(), LayoutError> {
        let yaml = crate::synth::project_yaml(2024, 0, 1, 2024);
        let (project, _) =
            crate::input::yaml::load_str_with(Path::new("示例.yaml"), &yaml, &self.words());
        let project = project.ok_or_else(|| LayoutError {
            form: self.source.clone(),
            message: "示例项目无法读取".to_string(),
        })?;
        let scored = crate::score::score_by(project, self.rules.clone());
        self.lay_out(&scored, 2024).map(drop)
    }

    /// Lays out one scored project; `year` is the run's year, used when the input has none.
    pub fn lay_out(&self, scored: &Scored, year: u16) -> Result<Grid, LayoutError> {
        let err = |message: String| LayoutError {
            form: self.source.clone(),
            message,
        };
        let view = View::new(scored, year, &self.print, (&self.fields, &self.sources));
        let markup = self
            .env
            .get_template(TEMPLATE)
            .and_then(|t| t.render(minijinja::value::Serde(&view)))
            .map_err(|e| err(template_error(&e)))?;
        let table = markup::parse(&markup, &self.styles).map_err(|e| err(e.to_string()))?;
        Ok(Grid {
            meta: Meta {
                title: view.name.clone(),
                created: created_at(view.year),
            },
            page: self.page.clone(),
            headings: table.headings,
            columns: table.columns,
            cells: table.cells,
            slots: table.slots,
            repeat: table.repeat,
            styles: self.styles.clone(),
        })
    }
}

/// A template's error in the user's terms: the file and line, what is wrong.
fn template_error(e: &minijinja::Error) -> String {
    use minijinja::ErrorKind;
    let what = match e.kind() {
        ErrorKind::UndefinedError => {
            "用到了没有的变量或字段（拼写有误？可用的变量见 README 的“表式”一节）".to_string()
        }
        ErrorKind::SyntaxError => "模板语法有误".to_string(),
        ErrorKind::UnknownFilter | ErrorKind::UnknownFunction | ErrorKind::UnknownTest => {
            "用到了没有的过滤器或函数".to_string()
        }
        _ => "模板无法展开".to_string(),
    };
    let place = match (e.name(), e.line()) {
        (Some(file), Some(line)) => format!("{file} 第 {line} 行: "),
        (Some(file), None) => format!("{file}: "),
        _ => String::new(),
    };
    format!("{place}{what} ({})", e.kind())
}

/// The pinned creation time of a year's documents: 1 January of the following year.
pub fn created_at(year: u16) -> String {
    format!("{}-01-01T00:00:00Z", u32::from(year) + 1)
}
