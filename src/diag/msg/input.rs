//! Messages of the readers: YAML, spreadsheets, Word documents, init and import.

use std::path::Path;

// ---- Every input format (input/mod.rs, input/typed.rs, input/node.rs) ----

/// A file too large to be a table (its size and the limit in MB).
pub fn file_too_large(size_mb: f64, limit_mb: u64) -> String {
    format!("文件过大（{size_mb:.1} MB，上限 {limit_mb} MB），不是一张自评表，未读取")
}

/// E0109, a number beyond the largest figure: message and hint.
pub fn out_of_range(label: &str, shown: &str) -> (String, String) {
    (
        format!("“{label}”的数值“{shown}”超出范围"),
        "金额以万元为单位，分值和得分不超过 100；数值的绝对值须小于 1 万亿".to_string(),
    )
}

/// A number followed by a unit its field does not take (`20美元` as an amount).
pub fn wrong_unit(label: &str, shown: &str, unit: &str) -> String {
    format!("“{label}”的“{shown}”中，数字后面的“{unit}”不是这一栏能用的单位")
}

/// E0301, a 年度指标值 that cannot be read: message and hint.
pub fn bad_target(what: &str, why: &str) -> (String, String) {
    (
        format!("{what}的年度指标值无法识别: {why}"),
        "定量指标写作 运算符+数字+单位（如 ≥90%、=5家、≤30万元），定性指标直接写文字（如 高、及时）"
            .to_string(),
    )
}

/// E0302, a 实际完成值 that cannot be read: message and hint.
pub fn bad_actual(what: &str, why: &str) -> (String, String) {
    (
        format!("{what}的实际完成值无法识别: {why}"),
        "写作 数字+单位（如 80%、25家），或定性文字（如 达成指标）".to_string(),
    )
}

/// How to write an amount.
pub const AMOUNT_EXAMPLE: &str =
    "金额以万元为单位，如 117.94、1,020.00、20.00万元；按元填写的写 200000元";

/// How to write a rate.
pub const RATE_EXAMPLE: &str = "执行率写百分数，如 76.29 或 76.29%";

/// How to write a weight or a score.
pub const POINTS_EXAMPLE: &str = "分值和得分写阿拉伯数字，如 10、7.63、10分";

/// The unit 万元 after an amount (the form's unit).
pub const UNIT_WAN_YUAN: &str = crate::diag::text::WAN;

/// The unit 万 after an amount (short for 万元).
pub const UNIT_WAN: &str = "万";

/// The unit 元 after an amount (converted to 万元).
pub const UNIT_YUAN: &str = crate::diag::text::YUAN;

/// The unit 人民币元, the same as 元.
pub const UNIT_RMB_YUAN: &str = "人民币元";

/// The unit 分 after a weight or score.
pub const UNIT_POINTS: &str = "分";

/// A value that is text, in the user's terms.
pub const KIND_TEXT: &str = "文字";

/// A value that is a number, in the user's terms.
pub const KIND_NUMBER: &str = "数字";

/// A value that is a boolean, in the user's terms.
pub const KIND_BOOL: &str = "是/否";

/// A value that is null, in the user's terms.
pub const KIND_NULL: &str = "空值";

/// A value that is a list, in the user's terms.
pub const KIND_LIST: &str = "列表";

/// A value that is a mapping, in the user's terms.
pub const KIND_MAP: &str = "键值表";

/// The character after a year (`2024年`).
pub const YEAR_SUFFIX: char = '年';

// ---- YAML (input/yaml) ----

/// A YAML file without any content.
pub const EMPTY_FILE: &str = "文件是空的，没有任何内容";

/// How to fill in an empty YAML file, with the keys of a project.
pub fn empty_file_hint(listing: &str) -> String {
    format!("照 inputs/ 下的实例逐行填写: {listing}")
}

/// A YAML syntax error, with the parser's message in the user's words.
pub fn yaml_syntax(message: &str) -> String {
    format!("YAML 语法错误: {message}")
}

/// The user's words for a syntax error, with the parser's original after them.
pub fn syntax_detail(what: &str, raw: &str) -> String {
    format!("{what}（{raw}）")
}

/// A tab in the indentation: what and how to fix it.
pub const SYNTAX_TAB: (&str, &str) = (
    "缩进中有 Tab 字符",
    "YAML 只能用空格缩进；把这一行开头的 Tab 换成空格（同一层级对齐）",
);

/// An unclosed quote: what and how to fix it.
pub const SYNTAX_QUOTE: (&str, &str) = (
    "引号没有成对",
    "检查这一行的引号: 每个 \" 都要有对应的 \"，且引号内的文字中不能再有未转义的引号",
);

/// A value starting with `>` or `|`: what and how to fix it.
pub const SYNTAX_BLOCK_SCALAR: (&str, &str) = (
    "值以 > 或 | 开头，被当作多行文字的标记",
    "含 >=、>、| 等符号的值请加引号，如 年度指标值: \">=90%\"",
);

/// A line without `: ` between key and value: what and how to fix it.
pub const SYNTAX_NO_COLON: (&str, &str) = (
    "这一行缺少键值之间的“: ”",
    "键和值之间写英文冒号加一个空格，如 项目名称: 托育中心经费",
);

/// A `key: value` where none may be: what and how to fix it.
pub const SYNTAX_MAPPING_HERE: (&str, &str) = (
    "这里不能出现“键: 值”",
    "多半是缩进不对（与上一行不对齐），或值中含有“: ”却没有加引号",
);

/// Inconsistent indentation: what and how to fix it.
pub const SYNTAX_INDENT: (&str, &str) = (
    "缩进不一致",
    "同一层级的键必须左对齐，下一层比上一层多缩进两个空格；检查这一行及上一行",
);

/// Any other syntax error: what and how to look for it.
pub const SYNTAX_OTHER: (&str, &str) = (
    "无法解析",
    "检查这一行及上一行的缩进、冒号后的空格和引号是否成对",
);

/// A file that is not UTF-8 text.
pub const NOT_UTF8: &str = "文件不是 UTF-8 编码的文本";

/// How to save a file as UTF-8.
pub const NOT_UTF8_HINT: &str = "用文本编辑器把文件另存为 UTF-8 编码";

/// A file that cannot be read, and why.
pub fn cannot_read_file(why: &str) -> String {
    format!("无法读取文件: {why}")
}

/// A block that should be a mapping and is not: message and hint with its keys.
pub fn not_a_map(what: &str, kind: &str, listing: &str) -> (String, String) {
    (
        format!("“{what}”应为键值表，实际是{kind}"),
        format!("在“{what}”下逐行写出: {listing}"),
    )
}

/// A key written twice in a block: message and hint.
pub fn duplicate_word(what: &str, word: &str) -> (String, String) {
    (
        format!("“{what}”中的“{word}”重复出现"),
        format!("“{word}”已经写过，删去其中一处"),
    )
}

/// Where a key was written first: a line of the file.
pub fn at_line(line: u32) -> String {
    format!("第 {line} 行")
}

/// Where a key was written first, when its line is not known.
pub const EARLIER: &str = "前面";

/// A key written twice in a block, the first at `line`: message and hint.
pub fn duplicate_key(what: &str, name: &str, line: &str) -> (String, String) {
    (
        format!("“{what}”中的“{name}”重复出现"),
        format!("{line}已经写过“{name}”，删去其中一处"),
    )
}

/// The key an unknown one is probably meant to be.
pub fn did_you_mean(word: &str) -> String {
    format!("是否想写“{word}”？")
}

/// A key without a value, probably text cut at an unquoted comma, with the keys allowed.
pub fn key_without_value(typed: &str, what: &str, listing: &str) -> String {
    format!(
        "“{typed}”后面没有值；如果它是前一项文字的一部分（文字中含逗号或冒号），请给整段文字加引号，如 三级指标: \"合法、合规, 无差错\"。“{what}”下可用的键: {listing}"
    )
}

/// The keys a block allows.
pub fn keys_allowed(what: &str, listing: &str) -> String {
    format!("“{what}”下可用的键: {listing}")
}

/// A key a block does not know.
pub fn unknown_key(what: &str, typed: &str) -> String {
    format!("“{what}”中无法识别的键“{typed}”")
}

/// A key written but left empty: message and hint.
pub fn key_left_blank(what: &str, key: &str) -> (String, String) {
    (
        format!("{what}的“{key}”没有填写"),
        format!("在“{key}:”后面填上内容（冒号后空一格）"),
    )
}

/// A key left out of a block: message and hint.
pub fn key_left_out(what: &str, key: &str) -> (String, String) {
    (
        format!("{what}缺少“{key}”"),
        format!("在{what}下加一行 `{key}: …`"),
    )
}

/// A field that is empty.
pub fn empty(label: &str) -> String {
    format!("“{label}”为空")
}

/// How to fill in a name that is blank.
pub fn fill_in_name(label: &str) -> String {
    format!("填写{label}；不能只有空格或空引号")
}

/// A field that should be text and is not.
pub fn not_text(label: &str, kind: &str) -> String {
    format!("“{label}”应为文字，实际是{kind}")
}

/// A field that should be a number and is not.
pub fn not_a_number(label: &str, shown: &str) -> String {
    format!("“{label}”应为数字，实际是“{shown}”")
}

/// A number written with thousands separators: how to write it.
pub fn no_thousands_separator(plain: &str) -> String {
    format!("不要写千位分隔符: 写作 {plain}")
}

/// A number written with a unit: how to write it.
pub fn number_without_unit(unit: &str, number: &str) -> String {
    format!("只写数字，不带单位“{unit}”: 写作 {number}（金额的单位固定为万元，执行率为 %）")
}

/// How to write a number.
pub const NUMBER_HINT: &str = "金额以万元为单位、分值和得分直接写阿拉伯数字，如 117.94、10";

/// A 年度 that is not a year: message and hint.
pub fn bad_year(shown: &str) -> (String, String) {
    (
        format!("“年度”应为四位年份，实际是“{shown}”"),
        "用阿拉伯数字写年份，如 年度: 2024".to_string(),
    )
}

/// A 金额单位 other than 元 or 万元: message and hint.
pub fn bad_amount_unit(shown: &str) -> (String, String) {
    (
        format!("“金额单位”应为 元 或 万元，实际是“{shown}”"),
        "写 金额单位: 元（金额按元填写，表上换算为万元），或删去这一行（默认万元）".to_string(),
    )
}

/// How the indicators are written in YAML.
pub const INDICATOR_HIERARCHY: &str = "按 一级指标 → 二级指标 → 三级指标列表 书写，例如\n  产出指标:\n    数量指标:\n      - 三级指标: …";

/// 绩效指标 that is not a mapping.
pub fn indicators_not_a_map(kind: &str) -> String {
    format!("“绩效指标”应为键值表，实际是{kind}")
}

/// A 一级指标 without any 二级指标.
pub fn level1_without_level2(name: &str) -> String {
    format!("一级指标“{name}”下没有二级指标")
}

/// How to fill in a 一级指标 without any 二级指标.
pub const LEVEL1_WITHOUT_LEVEL2_HINT: &str = "在它下面写出二级指标和三级指标，或删去这个一级指标";

/// A 一级指标 whose value is not a mapping of 二级指标.
pub fn level1_not_a_map(name: &str, kind: &str) -> String {
    format!("一级指标“{name}”下应为二级指标的键值表，实际是{kind}")
}

/// 绩效指标 without any indicator.
pub const NO_INDICATORS: &str = "“绩效指标”下没有任何指标";

/// A 二级指标 whose value is not a list of 三级指标.
pub fn level2_not_a_list(name: &str, kind: &str) -> String {
    format!("二级指标“{name}”下应为三级指标的列表（每项以 - 开头），实际是{kind}")
}

/// A 二级指标 without any 三级指标: message and hint.
pub fn level2_without_level3(name: &str) -> (String, String) {
    (
        format!("二级指标“{name}”下没有三级指标"),
        "在它下面列出三级指标（每项以 - 开头），或删去这个二级指标".to_string(),
    )
}

// ---- Spreadsheets (input/sheet) ----

/// Where a Word table's row 0 is, as a cell name.
pub const ABOVE_TABLE: &str = "表格上方";

/// A cell of a Word table, as a cell name.
pub fn table_cell(row: u32, col: u32) -> String {
    format!("第{row}行第{col}列")
}

/// A workbook file that is corrupt, and why.
pub fn corrupt(why: &str) -> String {
    format!("文件已损坏: {why}")
}

/// A workbook whose structure the reader cannot parse.
pub const CORRUPT_STRUCTURE: &str = "文件已损坏（读取程序无法解析其结构）";

/// A workbook that cannot be read, and why.
pub fn cannot_read_workbook(why: &str) -> String {
    format!("无法读取电子表格: {why}")
}

/// What to check of a workbook that cannot be read.
pub const WORKBOOK_HINT: &str = "确认文件是 .xlsx、.xls 或 .ods 格式且没有损坏、没有加密";

/// A 项目名称 found in a sheet without the table's other labels: message and hint.
pub fn table_incomplete(sheet: &str, cell: &str) -> (String, String) {
    (
        format!("工作表“{sheet}”的 {cell} 处有“项目名称”，但找不到自评表的其他栏目，未能读取"),
        "检查这张表的“年初预算数”“三级指标”“年度指标值”等栏目是否写全、写对".to_string(),
    )
}

/// A workbook without any table.
pub const NO_TABLE_IN_WORKBOOK: &str = "工作簿中没有任何自评表";

/// What a workbook's tables need.
pub const NO_TABLE_IN_WORKBOOK_HINT: &str =
    "每张自评表放在一个工作表中，须有“项目名称”“项目资金”“三级指标”等栏目";

/// What to check of a sheet skipped for holding no table.
pub const SKIPPED_SHEET_HINT: &str = "如果这张表是自评表，检查“项目名称”“三级指标”等栏目名是否写对";

/// A sheet skipped for holding no table.
pub fn sheet_skipped(name: &str) -> String {
    format!("工作表“{name}”中没有自评表（找不到“项目名称”等栏目），已跳过")
}

/// More sheets skipped for holding no table, from `first` on.
pub fn sheets_skipped(count: usize, first: &str) -> String {
    format!("另有 {count} 个工作表中没有自评表（从“{first}”起），已跳过")
}

/// A sheet that cannot be read, and why.
pub fn cannot_read_sheet(name: &str, why: &str) -> String {
    format!("无法读取工作表“{name}”: {why}")
}

/// Hidden rows and columns of a sheet that held something, skipped.
pub fn hidden_skipped(sheet: &str, parts: &[String]) -> String {
    format!(
        "工作表“{sheet}”中隐藏的{}有内容，不属于打印的表格，已跳过",
        parts.join("、")
    )
}

/// How to count hidden content.
pub const HIDDEN_HINT: &str = "如其中的内容应当计入，请在 Excel 或 WPS 中取消隐藏后再读取";

/// A hidden row (1-based).
pub fn hidden_row(row: u32) -> String {
    format!("第 {row} 行")
}

/// A hidden column.
pub fn hidden_col(name: &str) -> String {
    format!("{name} 列")
}

/// Hidden columns, from `first` to `last`.
pub fn hidden_cols(first: &str, last: &str) -> String {
    format!("{first}–{last} 列")
}

/// A sheet with more cells than the limit.
pub fn sheet_too_large(cell: &str, max: usize) -> String {
    format!("工作表过大: 单元格 {cell} 处已超过 {max} 个单元格的上限（表格以外是否有零散的内容？）")
}

/// A zip part, or all of them, unpacking past the bounds (sizes in MB).
pub fn unpacked_too_large(part: &str, size_mb: u64, part_mb: u64, total_mb: u64) -> String {
    format!(
        "文件解压后过大（其中“{part}”为 {size_mb} MB；上限为每部分 {part_mb} MB、共 {total_mb} MB），可能已损坏或是恶意文件"
    )
}

/// A shared formula, whose text is in another cell.
pub const SHARED_FORMULA: &str = "…（共享公式）";

/// Excel's built-in date format of year and month.
pub const DATE_YEAR_MONTH: &str = "yyyy\"年\"m\"月\"";

/// Excel's built-in date format of month and day.
pub const DATE_MONTH_DAY: &str = "m\"月\"d\"日\"";

/// Excel's built-in date format of year, month and day.
pub const DATE_YEAR_MONTH_DAY: &str = "yyyy\"年\"m\"月\"d\"日\"";

/// Excel's built-in time format of hours and minutes.
pub const TIME_HOUR_MINUTE: &str = "h\"时\"mm\"分\"";

/// Excel's built-in time format of hours, minutes and seconds.
pub const TIME_HOUR_MINUTE_SECOND: &str = "h\"时\"mm\"分\"ss\"秒\"";

/// A cell that means "not applicable" (none).
pub const NONE_MARK: &str = "无";

/// A field right of its label left blank: message and hint.
pub fn value_missing(what: &str) -> (String, String) {
    (
        format!("“{what}”没有填写"),
        format!("在“{what}”右边的单元格中填上内容"),
    )
}

/// Why a derived cell is not read: a formula without its result.
pub fn formula_unsaved(formula: &str) -> String {
    format!("是公式 ={formula}，但文件中没有保存计算结果")
}

/// Why a derived cell is not read: it shows an error value.
pub fn shows_error(value: &str) -> String {
    format!("显示 {value}")
}

/// E0705, a derived cell left to jixiao: message and hint.
pub fn derived(label: &str, why: &str) -> (String, String) {
    (
        format!("“{label}”的单元格{why}，按规则计算"),
        "jixiao 按执行数、预算数和得分计算这一格；想保留原值，请在 Excel 或 WPS 中打开并保存后再读取"
            .to_string(),
    )
}

/// E0706, a number cell with a formula without its result: message and hint.
pub fn unsaved_formula(label: &str, formula: &str) -> (String, String) {
    (
        format!("“{label}”的单元格是公式 ={formula}，但文件中没有保存计算结果"),
        "在 Excel 或 WPS 中打开这个文件并保存（保存时会写入计算结果），或把公式换成数值"
            .to_string(),
    )
}

/// A cell that should hold a number and does not.
pub fn cell_not_a_number(label: &str, shown: &str) -> String {
    format!("“{label}”应为数字，单元格中是“{shown}”")
}

/// How to write a number in a cell, after how to write the field's kind.
pub fn cell_number_hint(example: &str) -> String {
    format!("{example}；不计的格子留空或写 -")
}

/// How to fill in goal text that is empty.
pub fn write_below(what: &str) -> String {
    format!("在“{what}”下面的单元格中写出{what}")
}

/// A field of a budget row, as messages name it (`年度资金总额的全年预算数`).
pub fn field_of(row: &str, field: &str) -> String {
    format!("{row}的{field}")
}

/// The total row of the budget block.
pub const FUNDS_TOTAL: &str = "年度资金总额";

/// The budget block's label.
pub const FUNDS: &str = "项目资金";

/// The start of a unit line above a table (`金额单位:`), normalised.
pub const UNIT_LINE: &str = "单位:";

/// 元 closing a bracket, as in `项目资金(元)`.
pub const UNIT_YUAN_CLOSED: &str = "元)";

/// The 年初预算数, 全年预算数 and 全年执行数 of a budget row, as messages name them.
pub use super::check::{
    FIELD_BUDGET as BUDGET, FIELD_INITIAL_BUDGET as INITIAL, FIELD_SPENT as SPENT,
};

/// The 执行率 of a budget row.
pub const RATE: &str = "执行率";

/// The weight of the budget block.
pub const FUNDS_WEIGHT: &str = "分数";

/// A score.
pub const SCORE: &str = "得分";

/// The total score.
pub const TOTAL: &str = "总分";

/// E0709, amounts in 元 converted to 万元: message and hint.
pub fn amounts_in_yuan() -> (String, String) {
    (
        "金额以元为单位，已按 1 万元 = 10000 元换算为万元".to_string(),
        "表上的金额按万元印出；如金额实为万元，请把栏目改为“项目资金(万元)”".to_string(),
    )
}

/// The 一级指标 column.
pub const LEVEL1: &str = "一级指标";

/// The 二级指标 column.
pub const LEVEL2: &str = "二级指标";

/// A group name ending in a weight in brackets (`产出指标(50分)`).
pub const POINTS_CLOSED: &str = "分)";

/// No indicator row below the 三级指标 header: message and hint.
pub fn no_indicator_rows() -> (String, String) {
    (
        "“三级指标”下面没有任何指标".to_string(),
        "在表头“三级指标”下面逐行写出指标".to_string(),
    )
}

/// A 一级 or 二级 name not written on the first row: message and hint.
pub fn group_missing(what: &str) -> (String, String) {
    (
        format!("{what}没有填写"),
        format!("在第一行指标的“{what}”栏写出名称（合并单元格或只写一次均可）"),
    )
}

/// A 三级指标 row without a name: message and hint.
pub fn level3_missing() -> (String, String) {
    (
        "三级指标没有填写".to_string(),
        "在“三级指标”栏写出指标名称".to_string(),
    )
}

/// A 三级指标 by its name, as messages name it.
pub use super::check::indicator as level3_named;

/// An indicator without its 年度指标值: message and hint.
pub fn target_missing(what: &str) -> (String, String) {
    (
        format!("{what}的“年度指标值”没有填写"),
        "定量指标写作 运算符+数字+单位（如 ≥90%），定性指标写文字（如 高）".to_string(),
    )
}

/// An indicator without its weight (分值).
pub fn weight_missing(what: &str, word: &str) -> String {
    format!("{what}的“{word}”没有填写")
}

// ---- Word documents (input/docx) ----

/// An old binary Word file (`.doc`).
pub const OLD_WORD: &str = "这是旧版 Word 文件（.doc），jixiao 只读取 .docx";

/// How to turn an old Word file into a `.docx`.
pub const OLD_WORD_HINT: &str = "在 Word 或 WPS 中打开它，“另存为”Word 文档（.docx）后再读取";

/// What to check of a document too large.
pub const CONFIRM_TABLE_HINT: &str = "确认这是一份自评表";

/// What to check of a document that cannot be opened.
pub const CONFIRM_READABLE_HINT: &str = "确认文件存在且可以读取";

/// What to check of a document that is not a `.docx`.
pub const DOCX_HINT: &str = "确认文件是 Word 文档（.docx）且没有损坏、没有加密";

/// A document whose content cannot be parsed.
pub const DOCUMENT_UNPARSABLE: &str = "文档内容无法解析";

/// A document whose content cannot be parsed, and why.
pub fn document_unparsable(why: &str) -> String {
    format!("文档内容无法解析: {why}")
}

/// How to repair a document whose content cannot be parsed.
pub const RESAVE_HINT: &str = "在 Word 中打开并重新保存后再试";

/// A Word table, named by its number.
pub fn word_table(number: u32) -> String {
    format!("表{number}")
}

/// A document without any table.
pub const NO_TABLE_IN_DOCUMENT: &str = "Word 文档中没有任何自评表";

/// What a document's tables need.
pub const NO_TABLE_IN_DOCUMENT_HINT: &str =
    "自评表须是 Word 的表格，有“项目名称”“项目资金”“三级指标”等栏目";

/// A workbook saved with an opening password.
pub const ENCRYPTED_WORKBOOK: &str =
    "工作簿设置了打开密码（已加密），jixiao 无法读取；在 Excel 或 WPS 中取消密码（文件→信息→保护工作簿→用密码进行加密，清空）后另存";

/// An old or encrypted Word file.
pub const OLD_OR_ENCRYPTED: &str = "这是旧版 Word 文件（.doc）或加密的文档，不是 .docx";

/// A file that is not a zip package.
pub const NOT_DOCX: &str = "不是 Word 文档（.docx 是一个 zip 包）";

/// A package without `word/document.xml`.
pub const NO_BODY: &str = "找不到正文（word/document.xml）";

/// The body of a Word document inflates past what jixiao reads.
pub fn body_too_large(mb: u64) -> String {
    format!("正文（word/document.xml）解压后超过 {mb} MB，不像一张自评表；建议: 只保留自评表，其余内容另存")
}

/// A document body that cannot be read, and why.
pub fn body_unreadable(why: &str) -> String {
    format!("正文无法读取: {why}")
}

/// A Word document that cannot be read, and why.
pub fn cannot_read_document(why: &str) -> String {
    format!("无法读取 Word 文档: {why}")
}

/// An XML error at a byte of the document.
pub fn xml_error_at(byte: u64, why: &str) -> String {
    format!("第 {byte} 字节: {why}")
}

/// A Word table with more cells than the limit.
pub fn word_table_too_large(max: usize) -> String {
    format!("表格过大（超过 {max} 个单元格）")
}

// ---- init and import ----

/// Last year's folder has no input to carry over, and why.
pub fn nothing_to_carry(folder: &Path, why: &str) -> String {
    format!("{}: 没有可以带入的上年输入文件（{why}）", folder.display())
}

/// A file or folder that cannot be written, and why.
pub fn cannot_write(path: &Path, why: &str) -> String {
    format!("{}: 无法写入: {why}", path.display())
}

/// A file that is neither a spreadsheet nor a Word document.
pub fn not_a_spreadsheet(path: &Path) -> String {
    format!(
        "{}: 不是电子表格（.xlsx/.xls/.ods）或 Word 文档（.docx）",
        path.display()
    )
}

/// Why there is nothing to carry: the folder is empty.
pub const FOLDER_EMPTY: &str = "文件夹是空的";

/// The file name of the example project.
pub const EXAMPLE_FILE: &str = "示例项目.yaml";

/// The 年度 line of the example project, as written in it.
pub const EXAMPLE_YEAR: &str = "年度: 2024";

/// The 年度 line of the example project for `year`.
pub fn example_year(year: u16) -> String {
    format!("年度: {year}")
}

// ---- YAML written by import and init --from (input/emit.rs, input/carry.rs) ----

/// The first line of a project's YAML written by import.
pub const EMIT_HEADER: &str = "# 财政项目支出绩效自评表 — 一个项目一个文件。键名即表上的栏目名。";

/// The comment line naming the file a project was imported from.
pub fn imported_from(file: &str) -> String {
    format!("# 导入自 {file}")
}

/// The comment beside the funds key: the unit of its amounts.
pub const AMOUNTS_COMMENT: &str = "# 单位: 万元";

/// The comment beside the goals key: each line is a paragraph.
pub const PARAGRAPHS_COMMENT: &str = "# 每行一段";

/// The comment lines opening next year's input carried over from `from`.
pub fn carry_header(year: u16, from: u16, name: &str) -> String {
    format!(
        "# {year} 年度自评表，由 {from} 年度的“{name}”带入（jixiao init --year {year} --from {from}）。\n\
         # 名称、单位、指标、分值和年度指标值沿用上年；金额、实际完成情况、实际完成值、\n\
         # 得分和偏差原因请按本年填写。每项后面的注释是上年的数值，供参考。"
    )
}

/// Last year's value of a field that was left blank.
pub const NOT_FILLED: &str = "未填";

/// The comment on the fund figures jixiao computes, with last year's rate and score.
pub fn carry_funds_note(from: u16, rate: &str, score: &str) -> String {
    format!("# 年度资金总额、执行率、得分由 jixiao 计算（{from}: 执行率 {rate}%，得分 {score}）")
}

/// The comment on the total and grade jixiao computes, with last year's.
pub fn carry_total_note(from: u16, total: &str, grade: &str) -> String {
    format!("# 总分、评分等级由 jixiao 计算（{from}: 总分 {total}，{grade}）")
}

// --- 已确认 (accepted findings) ---

/// 已确认 written as something else than `代码: 理由` lines.
pub fn accepted_not_a_map(word: &str, kind: &str) -> (String, String) {
    (
        format!("“{word}”应为 诊断代码: 理由 的键值表，实际是{kind}"),
        format!("写作\n{word}:\n  E0205: 按财政局审核意见保留"),
    )
}

/// A code under 已确认 that is none of the catalogue's.
pub fn unknown_accepted_code(word: &str, code: &str) -> (String, String) {
    (
        format!("“{word}”中的“{code}”不是诊断代码"),
        "写 jixiao check 报告的代码，如 E0205；jixiao explain 列出全部代码".to_string(),
    )
}

/// A code under 已确认 without its reason.
pub fn blank_accept_reason(word: &str, code: &str) -> (String, String) {
    (
        format!("“{word}”中的 {code} 没有写理由"),
        format!("写明为什么保留，如 {code}: 按财政局审核意见保留；理由会记录在发布的报告中"),
    )
}

/// An entry of a `.已确认.yaml` naming a table its file does not have.
pub fn accepted_table_missing(name: &str) -> (String, String) {
    (
        format!("文件中没有项目“{name}”的表，这一条已确认没有用上"),
        "项目名称须与表中的一致；对文件中所有的表写 \"*\"".to_string(),
    )
}

/// How to fill in goal text left blank in a YAML file.
pub fn write_goal_text(what: &str) -> String {
    format!("在“{what}:”后面写出{what}（多段时用 | 换行，每行一段）；本表式不要求时可以空着")
}

/// A cell whose shared-text index is no index.
pub fn broken_shared_text(sheet: &str, cell: &str) -> String {
    format!("工作表“{sheet}”的 {cell} 引用的文字不存在（文件已损坏），按空白读取")
}

/// How to mend a workbook with a broken shared-text reference.
pub const BROKEN_SHARED_TEXT_HINT: &str = "用 Excel 或 WPS 打开后另存，再检查这一格的内容";

/// The first lines of a 自评表 input written from its approved 目标表.
pub fn targets_header(year: u16, plan: &str, name: &str, from: Option<u16>) -> String {
    let last = match from {
        Some(from) => format!("\n# 每项后面的注释是 {from} 年度自评表的数值，供参考。"),
        None => String::new(),
    };
    format!(
        "# {year} 年度自评表，由批复的{plan}“{name}”带入（jixiao init --year {year} --targets …）。\n\
         # 名称、单位、预算（年初预算数）、指标、年度指标值和分值按批复填写，不要改动；\n\
         # 全年执行数、实际完成情况、实际完成值、得分和偏差原因请按本年填写。{last}"
    )
}

/// The approved 年度资金总额, as a comment under 项目资金.
pub fn approved_total(total: &str) -> String {
    format!("# 批复的年度资金总额: {total} 万元")
}

/// Why a 目标表 was not carried: it could not be read whole.
pub const PLAN_NOT_READ: &str = "目标表有无法读取的部分，没有带入";
