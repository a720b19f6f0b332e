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

/// A number of a form out of its range: the key, its line when known, the
/// value and the range (`between`).
pub fn form_number(key: &str, line: Option<usize>, value: f64, range: &str) -> String {
    let at = line.map_or_else(String::new, |l| format!("第 {l} 行 "));
    format!("{at}{key} 是 {value}，应为{range}；建议: 改成一张 A4 纸上能印出的数值（可参照内置表式的 form.yaml）")
}

/// A range of numbers, as [`form_number`] names it.
pub fn between(min: f64, max: f64) -> String {
    format!(" {min} 到 {max} 之间的有限数")
}

/// The key of a template's column, as [`form_number`] names it.
pub fn column_key(n: usize) -> String {
    format!("table.xhtml.j2 的第 {n} 个 <col> 的 width")
}

/// A template that ran too long (a loop without end, loops nested too deep).
pub const TEMPLATE_OUT_OF_FUEL: &str =
    "模板运行的步数超过上限（循环过多或嵌套过深），已停止；建议: 检查模板中的 for 循环";

/// A template whose output is larger than any table.
pub fn template_output_too_large(cap_mb: u64) -> String {
    format!("模板输出超过 {cap_mb} MB，已停止；建议: 检查模板中的循环和重复输出")
}

/// A `form.yaml` that is not valid.
pub fn form_yaml_error(why: &str) -> String {
    format!("form.yaml 有误: {why}")
}

/// The national form's rules leave out a parameter every form starts from.
pub fn national_rules_incomplete(key: &str) -> String {
    format!("national/form.yaml 的 rules 缺少 {key}（其他表式的规则以它为准，须写全）")
}

/// The unit 万元: how amounts are kept, and a form's default.
pub const WAN: &str = "万元";

/// The unit 元.
pub const YUAN: &str = "元";

/// A form's `print.amounts` that is neither unit.
pub fn unknown_amount_unit(word: &str) -> String {
    format!("金额单位应为 万元 或 元，写的是“{word}”")
}

/// The word a 一级 or 二级指标's name ends with (`产出` → `产出指标`), and a
/// placeholder row starts with (`指标2`).
pub const INDICATOR_SUFFIX: &str = "指标";

/// How a detail row under an indicator starts (`其中：省级资金`): a row a table
/// prints without 分值.
pub const DETAIL_PREFIX: &str = "其中";

/// The word before a source row's label (`其中:当年财政拨款`).
pub const AMONG: &str = "其中";

/// What a unit's combined files call its tables when its forms give no title.
pub const DEFAULT_TITLE: &str = "项目支出绩效自评表";

/// A form named that is neither built in nor a folder with a form.
pub fn no_such_form(available: &str) -> String {
    format!("没有这个表式；可用的表式: {available}")
}

/// A form file that cannot be read.
pub fn cannot_read_form_file(path: &str, why: &str) -> String {
    format!("无法读取 {path}: {why}")
}

/// A template that does not compile.
pub fn template_broken(why: &str) -> String {
    format!("模板有误: {why}")
}

/// A template uses a variable or field that does not exist.
pub const TEMPLATE_UNDEFINED: &str =
    "用到了没有的变量或字段（拼写有误？可用的变量见 README 的“表式”一节）";

/// A template's syntax is wrong.
pub const TEMPLATE_SYNTAX: &str = "模板语法有误";

/// A template uses a filter, function or test that does not exist.
pub const TEMPLATE_UNKNOWN_FILTER: &str = "用到了没有的过滤器或函数";

/// A template cannot be expanded for another reason.
pub const TEMPLATE_FAILED: &str = "模板无法展开";

/// Where in a template: `table.xhtml.j2 第 3 行: `.
pub fn template_line(file: &str, line: usize) -> String {
    format!("{file} 第 {line} 行: ")
}

/// A form's error: `表式 national: …`.
pub fn form_error(form: &str, message: &str) -> String {
    format!("表式 {form}: {message}")
}

/// rules.tiers out of order or range.
pub fn bad_tiers(achieved: &str, partly: &str) -> String {
    format!("rules.tiers 应为两个 0 到 100 之间、由高到低的百分数（如 [80, 60]），写的是 [{achieved}, {partly}]")
}

/// rules.budget_weight out of range.
pub fn bad_budget_weight(weight: &str) -> String {
    format!("rules.budget_weight 应在 0 到 100 之间，写的是 {weight}")
}

/// rules.levels empty.
pub const NO_LEVELS: &str = "rules.levels 至少要有一个一级指标";

/// rules.over_achievement at or below 100.
pub const BAD_OVER_ACHIEVEMENT: &str =
    "rules.over_achievement 是超过年度指标值的百分比，应大于 100（如 130）";

/// rules.grades not from high to low.
pub const BAD_GRADES: &str = "rules.grades 应由高到低排列，每档的 min 不同";

/// `rules.indicator_block` outside 0–100.
pub const BAD_INDICATOR_BLOCK: &str =
    "rules.indicator_block 是指标计入总分的分数，应大于 0、不超过 100（如 80）";

/// `rules.score_places` other than 0 or 2.
pub fn bad_score_places(places: u32) -> String {
    format!("rules.score_places 写的是 {places}，只能是 2（得分保留两位小数）或 0（得分写整分）")
}

/// The last grade band in words: `其余为差`.
pub fn other_grades(name: &str) -> String {
    format!("其余为{name}")
}

/// The name of each qualitative tier: 达成, 部分达成, 未达成.
pub const TIERS: [&str; 3] = ["达成", "部分达成", "未达成"];

/// The reason of a finding accepted for the whole run.
pub const ACCEPTED_FOR_THE_RUN: &str = "运行时以 --accept 确认";

/// How an accepted finding is labelled: 已确认.
pub const ACCEPTED: &str = "已确认";

/// A code under `rules.severity` that is none of the catalogue's.
pub fn unknown_rule_code(code: &str) -> String {
    format!("rules.severity 中的“{code}”不是诊断代码（jixiao explain 列出全部代码）")
}

/// The note ending a text cut to fit an Excel cell.
pub fn cut_for_excel(chars: usize) -> String {
    format!("……（原文 {chars} 字，超出 Excel 单元格的上限，此处未写全；Word、HTML 中完整）")
}
