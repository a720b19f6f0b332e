//! Messages that are not findings about one table: a form that cannot be
//! loaded, a template's mistakes. Kept here with the diagnostics so that every
//! word a user reads is in one place.

/// The example project could not be read with a form's words.
pub const EXAMPLE_UNREADABLE: &str = "示例项目无法读取";

/// The top level of a project file, as messages name it (`“项目”缺少“项目名称”`).
pub const PROJECT: &str = "项目";

/// A budget block without any source row: what is missing and how to add it.
pub fn no_source(funds: &str, first: &str) -> (String, String) {
    (
        format!("“{funds}”下没有资金来源的行（如“{first}”）"),
        format!("在“{funds}”下加一行 `{first}: {{ 全年预算数: …, 全年执行数: … }}`"),
    )
}

/// A label the sheet does not print, and where it was looked for.
pub fn no_label(label: &str, near: &str) -> (String, String) {
    (
        format!("找不到栏目“{label}”（预期在 {near} 附近）"),
        format!("在表中写出“{label}”这一栏目名，或检查它的拼写"),
    )
}

/// How to give an indicator its 分值.
pub const WEIGHT_HINT: &str = "写出这个指标的分值，如 5";
