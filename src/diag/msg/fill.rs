//! The words of the fill-in workbook (`jixiao init --xlsx`): its 说明 sheet,
//! the data validation of its number cells and the notes with last year's values.

/// The name of the instructions sheet.
pub const GUIDE_SHEET: &str = "说明";

/// How the instructions sheet's title (its A1) ends: the spreadsheet reader
/// skips a sheet named [`GUIDE_SHEET`] with such a title without a note (a
/// unit's own 说明 sheet is still noted as skipped).
pub const GUIDE_TITLE_END: &str = "填报说明";

/// How the 说明 sheet's line naming the workbook's form starts: the reader
/// gives its tables that form (`表式: national`).
pub const FORM_LINE: &str = "表式: ";

/// The lines of the 说明 sheet, top to bottom: the title first.
pub fn guide(
    unit: &str,
    year: u16,
    (from, form): (Option<u16>, Option<&str>),
    sheets: &[String],
) -> Vec<String> {
    let source = match from {
        Some(from) => {
            format!("由 {from} 年度的自评表带入（jixiao init --year {year} --from {from} --xlsx）")
        }
        None => "由批复的绩效目标生成".to_string(),
    };
    let mut lines = vec![
        format!("{year} 年度项目支出绩效自评表 {GUIDE_TITLE_END}"),
        format!("实施单位: {unit}"),
        match form {
            Some(form) => format!("{FORM_LINE}{form}（读取时按这一表式；请不要改动这一行）"),
            None => String::new(),
        },
        format!(
            "本工作簿{source}，每个项目一张工作表，版式与正式的自评表相同。"
        ),
        "1. 只填写浅色底纹的单元格: 年初预算数、全年预算数、全年执行数、执行率、得分、实际完成情况、实际完成值、偏差原因分析及改进措施、总分和评分等级（以表上印有的栏目为准）。".to_string(),
        "2. 其余单元格（栏目名称、项目名称、单位、指标、年度指标值、分值等已批复的内容）已锁定，不能修改。工作表保护未设密码；已批复的内容确需修改时，请先与主管部门联系。".to_string(),
        "3. 金额（万元）、执行率和得分只能填写不小于 0 的数字；本行不适用时可填“—”。得分、总分和评分等级留空时，由 jixiao 按评分规则计算；执行率留空则表上也留空。".to_string(),
        "4. 带红色三角的单元格有批注，批注中是上一年度填写的值，供参考。".to_string(),
        format!(
            "5. 填好后保存为 .xlsx（Excel、WPS 或 LibreOffice 均可），放回 inputs/{year}/ 文件夹，运行 jixiao check inputs/{year} 检查：问题会指明工作表和单元格；没有错误后运行 jixiao report --year {year} 生成自评表。"
        ),
        "6. 请不要改动工作表名称和表格的行列，不要删除本说明页（jixiao 读取时跳过本页）。".to_string(),
        "本工作簿中的项目:".to_string(),
    ];
    lines.retain(|l| !l.is_empty());
    lines.extend(
        sheets
            .iter()
            .enumerate()
            .map(|(i, s)| format!("（{}）{s}", i + 1)),
    );
    lines
}

/// The input title of a number cell (at most 32 characters).
pub const NUMBER_TITLE: &str = "请填写数字";

/// The input message of a number cell (at most 255 characters).
pub const NUMBER_PROMPT: &str =
    "填写不小于 0 的数字: 金额以万元计，执行率和得分填数值；本行不适用时可填“—”。";

/// The error title of a number cell.
pub const NUMBER_ERROR_TITLE: &str = "不是不小于 0 的数字";

/// The error message of a number cell.
pub const NUMBER_ERROR: &str =
    "这里应填写不小于 0 的数字（如 33.09）。确实不适用时可选“是”保留“—”，否则请选“否”后重新填写。";

/// The note on a cell to fill: what it held in `year`.
pub fn last_year(year: u16, was: &str) -> String {
    if was.trim().is_empty() {
        format!("{year} 年: （空白）")
    } else {
        format!("{year} 年: {was}")
    }
}

/// A project whose form the run has not loaded.
pub fn no_form(form: &str) -> String {
    format!("表式“{form}”未载入，无法写出填报工作簿；建议: 用 --form 指定一个可用的表式")
}
