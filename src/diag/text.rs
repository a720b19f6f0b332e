//! Messages that are not findings about one table: a form that cannot be
//! loaded, a template's mistakes. Kept here with the diagnostics so that every
//! word a user reads is in one place.

/// The example project could not be read with a form's words.
pub const EXAMPLE_UNREADABLE: &str = "示例项目无法读取";

/// The top level of a project file, as messages name it (`“项目”缺少“项目名称”`).
pub const PROJECT: &str = "项目";
