//! Messages of validation, scoring, the audit's patterns and the check stage.

// Fields as the messages name them.

/// The 预期目标 of the goals, as a message names it.
pub const FIELD_EXPECTED: &str = "预期目标";
/// The 实际完成情况 of the goals, as a message names it.
pub const FIELD_ACHIEVED: &str = "实际完成情况";
/// The 项目名称, as a message names it.
pub const FIELD_PROJECT: &str = "项目名称";
/// The 主管部门, as a message names it.
pub const FIELD_DEPARTMENT: &str = "主管部门";
/// The 实施单位, as a message names it.
pub const FIELD_UNIT: &str = "实施单位";
/// A 三级指标's name, as a message names it.
pub const FIELD_INDICATOR: &str = "三级指标";
/// The 偏差原因分析及改进措施 of an indicator, as a message names it.
pub const FIELD_REASON: &str = "偏差原因分析及改进措施";

/// 年度指标值 as messages name it.
pub const FIELD_TARGET: &str = "年度指标值";

/// 实际完成值 as messages name it.
pub const FIELD_ACTUAL: &str = "实际完成值";
/// The 年初预算数 of a budget row, as a message names it.
pub const FIELD_INITIAL_BUDGET: &str = "年初预算数";
/// The 全年预算数 of a budget row, as a message names it.
pub const FIELD_BUDGET: &str = "全年预算数";
/// The 全年执行数 of a budget row, as a message names it.
pub const FIELD_SPENT: &str = "全年执行数";

/// Spellings of a unit that mean percent (compared as `%`).
pub const PERCENT_UNITS: [&str; 3] = ["百分比", "％", "百分率"];

// Validation: the table as a whole.

/// A text longer than a spreadsheet cell holds (E0110).
pub fn text_too_long(label: &str, chars: usize, max: usize) -> (String, String) {
    (
        format!("“{label}”有 {chars} 个字，超过一个表格单元格能容纳的 {max} 个字"),
        "精简文字；详细材料请另附说明".into(),
    )
}

/// The 年度 of the table is not the year folder it sits in (E0106).
pub fn year_not_folder(year: u16, folder: u16) -> (String, String) {
    (
        format!("表中的年度是 {year}，但文件在 {folder} 年的文件夹里"),
        format!("把年度改为 {folder}，或把文件移到 {year} 年的文件夹"),
    )
}

/// The weights do not add up to 100 (E0401); `over` when they add up to more.
pub fn weights_not_hundred(
    total: &str,
    budget: &str,
    indicators: &str,
    over: bool,
    diff: &str,
    expected: &str,
) -> (String, String) {
    (
        format!("分值合计为 {total}（项目资金 {budget} + 绩效指标 {indicators}），应为 {expected}"),
        format!(
            "{} {diff} 分；请调整各三级指标的分值",
            if over { "多出" } else { "还差" }
        ),
    )
}

/// How to correct a 总分 that disagrees with the scores.
fn fix_total(derived: &str) -> String {
    format!(
        "把总分改为 {derived}，或删去总分由 jixiao 计算{}",
        or_accept("E0604")
    )
}

/// The way out for a value the unit keeps as its finance bureau approved it.
fn or_accept(code: &str) -> String {
    format!("；表已审核通过、要照原样发布时，在“已确认”中写 {code}: 理由")
}

/// A 总分 above the cap the 执行率 sets (E0608).
pub fn total_above_cap(
    given: &str,
    rate: &str,
    below: &str,
    max: &str,
    derived: &str,
) -> (String, String) {
    (
        format!("总分写的是 {given}，但执行率 {rate}% 低于 {below}% 时总分最高 {max}"),
        fix_total(derived),
    )
}

/// A 总分 that is not the sum of the scores (E0604).
pub fn total_not_sum(given: &str, derived: &str) -> (String, String) {
    (
        format!("总分写的是 {given}，但各项得分之和是 {derived}"),
        fix_total(derived),
    )
}

/// A 总分 that is not the sum of the scores as capped by the 执行率 (E0604).
pub fn total_not_capped_sum(given: &str, sum: &str, rate: &str, derived: &str) -> (String, String) {
    (
        format!("总分写的是 {given}，但各项得分之和 {sum} 按执行率 {rate}% 的上限应为 {derived}"),
        fix_total(derived),
    )
}

/// A 评分等级 that the 总分 does not give (E0605).
pub fn grade_disagrees(given: &str, total: &str, grade: &str, bands: &str) -> (String, String) {
    (
        format!("评分等级写的是“{given}”，但总分 {total} 对应“{grade}”"),
        format!("等级: {bands}"),
    )
}

// Validation: the budget block.

/// A negative amount in a budget row (E0201).
pub fn negative_amount(row: &str, label: &str, amount: &str) -> (String, String) {
    (
        format!("{row}的{label}为负数 {amount}"),
        "金额不能为负；核减请直接填减后的数".into(),
    )
}

/// More spent than budgeted (E0203).
pub fn spent_above_budget(row: &str, spent: &str, budget: &str) -> (String, String) {
    (
        format!("{row}的全年执行数 {spent} 大于全年预算数 {budget}"),
        "执行数一般不超过预算数；请核对决算数据".into(),
    )
}

/// A 年度资金总额 amount that is not the sum of the sources (E0202).
pub fn fund_total_not_sum(
    label: &str,
    given: &str,
    derived: &str,
    sources: &str,
) -> (String, String) {
    (
        format!("年度资金总额的{label}写的是 {given}，但各资金来源之和是 {derived}"),
        format!("{sources} = {derived}；改正其中一处，或删去年度资金总额由 jixiao 计算"),
    )
}

/// The 项目资金's 分数 is not the form's (E0206).
pub fn budget_weight_differs(weight: &str, expected: &str) -> (String, String) {
    (
        format!("项目资金的分数是 {weight}，本表式规定为 {expected}"),
        format!("本表式的预算执行率为 {expected} 分；如确有依据可忽略"),
    )
}

/// A 执行率 that is not 执行数 ÷ 预算数 (E0204).
pub fn rate_disagrees(row: &str, given: &str, derived: &str, exact: &str) -> (String, String) {
    (
        format!("{row}的执行率写的是 {given}，按执行数 ÷ 预算数应为 {derived}"),
        format!(
            "改为 {exact}，或删去执行率由 jixiao 计算{}",
            or_accept("E0204")
        ),
    )
}

/// A 项目资金 得分 that the 执行率 does not give (E0205).
pub fn budget_score_disagrees(given: &str, derived: &str, weight: &str) -> (String, String) {
    (
        format!("项目资金得分写的是 {given}，按执行率应为 {derived}"),
        format!(
            "得分 = min(执行率, 100%) × 分数 {weight} = {derived}{}",
            or_accept("E0205")
        ),
    )
}

// Validation: the indicators.

/// A 三级指标 as the messages name it.
pub fn indicator(name: &str) -> String {
    format!("三级指标“{name}”")
}

/// An indicator whose 分值 is not above 0 (E0402).
pub fn weight_not_positive(what: &str, weight: &str) -> (String, String) {
    (
        format!("{what}的分值为 {weight}，应大于 0"),
        "不计分的指标请从表中删去".into(),
    )
}

/// A quantitative indicator without its 实际完成值 (E0504).
pub fn no_actual(what: &str, target: &str, unit: &str, in_a_table: bool) -> (String, String) {
    let hint = if in_a_table {
        format!("在这一行的“实际完成值”栏填写，如 …{unit}")
    } else {
        format!("加一行 `实际完成值: …{unit}`")
    };
    (
        format!("{what}是定量指标（{target}），但没有填实际完成值"),
        hint,
    )
}

/// Actual and target in different units (E0503).
pub fn units_differ(what: &str, actual: &str, target: &str) -> (String, String) {
    (
        format!("{what}的实际完成值单位“{actual}”与年度指标值单位“{target}”不同"),
        format!("实际完成值应以“{target}”为单位"),
    )
}

/// Points taken off without a 偏差原因分析及改进措施 (E0602).
pub fn below_weight_without_reason(what: &str, score: &str, weight: &str) -> (String, String) {
    (
        format!("{what}得分 {score} 低于分值 {weight}，但没有填写偏差原因分析及改进措施"),
        format!(
            "扣分的指标必须说明原因: 加一行 `偏差原因分析及改进措施: …`{}",
            or_accept("E0602")
        ),
    )
}

/// A 得分 outside 0 to the 分值 (E0601).
pub fn score_out_of_range(what: &str, score: &str, weight: &str) -> (String, String) {
    (
        format!("{what}的得分 {score} 超出 0 到分值 {weight} 的范围"),
        format!("得分应在 0.00 到 {weight} 之间"),
    )
}

/// A 自评得分 above what the actual value allows (E0603).
pub fn score_above_actual(what: &str, score: &str, max: &str) -> (String, String) {
    (
        format!("{what}自评得分 {score}，但按实际完成值最多应得 {max}"),
        format!("定量指标未达成按比例计分，定性指标按达成程度分档；建议得分不高于 {max}"),
    )
}

/// A 得分 below the least of its actual value's tier (E0606).
pub fn score_below_tier(
    what: &str,
    tier: &str,
    score: &str,
    range: (&str, &str),
    percent: (&str, &str),
) -> (String, String) {
    let ((min, max), (lo, hi)) = (range, percent);
    (
        format!("{what}的实际完成值为“{tier}”档，得分 {score} 低于该档下限 {min}"),
        format!(
            "“{tier}”档的得分为分值的 {lo}%–{hi}%，即 {min}–{max}；实际完成值若为更低一档，请如实填写"
        ),
    )
}

/// A 一级指标 name the form does not list (E0501).
pub fn unknown_level1(name: &str, allowed: &str) -> (String, String) {
    (
        format!("一级指标“{name}”不是表式规定的名称"),
        format!("一级指标只能是 {allowed}"),
    )
}

/// A 二级指标 not usually under its 一级指标 (E0502).
pub fn unusual_level2(name: &str, level1: &str, usual: &str) -> (String, String) {
    (
        format!("二级指标“{name}”通常不在“{level1}”之下"),
        format!("{level1}下的二级指标通常为: {usual}"),
    )
}

/// A 一级指标's weight away from the form's split (E0403, E0404, E0405).
pub fn level_split(level1: &str, sum: &str, expected: &str, split: &str) -> String {
    format!("{level1}合计 {sum} 分，本表式的分配为 {expected} 分（{split}）")
}

/// Hint of a split the form only suggests (E0403).
pub const SPLIT_NOTE_HINT: &str = "各地表式分配不同，合计为 100 即可；此条仅供参考";
/// Hint of a split the form asks for (E0404).
pub const SPLIT_WARNING_HINT: &str = "本表式要求按此分配；如确有依据可忽略";
/// Hint of a split the form prescribes (E0405).
pub const SPLIT_ERROR_HINT: &str = "本表式规定按此分配；请调整各三级指标的分值";

/// An actual value far above its target without a reason (E0607).
pub fn over_achieved(what: &str, percent: &str, threshold: &str) -> (String, String) {
    (
        format!("{what}实际完成值是年度指标值的 {percent}%，达到本表式要求说明的 {threshold}%"),
        "超额完成较多的指标须说明原因（指标值是否定得过低）: 加一行 `偏差原因分析及改进措施: …`"
            .into(),
    )
}

/// An indicator whose tier needs the unit's 得分 (E0506).
pub fn tier_needs_score(
    what: &str,
    tier: &str,
    percent: (&str, &str),
    range: (&str, &str),
) -> (String, String) {
    let ((lo, hi), (min, max)) = (percent, range);
    (
        format!("{what}的实际完成值为“{tier}”档，须由单位填写得分"),
        format!("“{tier}”档的得分为分值的 {lo}%–{hi}%，即 {min}–{max}；填写得分并说明偏差原因"),
    )
}

/// An indicator without 得分 that jixiao cannot score (E0505): its actual value
/// cannot be judged, or (`actual` false) is not written.
pub fn no_score(what: &str, actual: bool) -> (String, String) {
    let why = if actual {
        "实际完成值无法判断是否达成"
    } else {
        "没有填实际完成值"
    };
    (
        format!("{what}没有填得分，且{why}，无法计算得分"),
        "填写得分；或把实际完成值写成 达成指标、部分达成、未达成，或写 数字+单位".into(),
    )
}

// The check stage: files, forms, years, duplicates.

/// A folder without input files (E0001).
pub fn no_input_files(folder: &str) -> String {
    format!("文件夹 {folder} 中没有输入文件（.yaml、.yml、.xlsx、.xls、.ods、.docx）")
}

/// A folder that cannot be listed (E0001).
pub fn folder_unreadable(reason: &str) -> String {
    format!("无法读取文件夹: {reason}")
}

/// A file of a kind jixiao does not read (E0001).
pub const NOT_AN_INPUT: &str = "不是输入文件（应为 .yaml/.yml、.xlsx/.xls/.ods 或 .docx）";
/// A path that is neither a file nor a folder (E0001).
pub const NEITHER_FILE_NOR_FOLDER: &str = "不是文件，也不是文件夹";
/// Hint of a path that gives no input (E0001).
pub const PATH_HINT: &str = "检查路径的拼写；文件夹应为 inputs/<年度>，如 inputs/2024";
/// A link to a file outside its folder, not read (E0001).
pub const LINK_OUT_OF_FOLDER: &str = "这是指向所在文件夹以外的链接，为免泄露其他文件的内容，未读取";
/// Hint of a link out of its folder.
pub const LINK_HINT: &str = "把要检查的文件本身复制到输入文件夹中，而不是放一个链接";

/// A 表式 no form folder defines (E0107).
pub fn unknown_form(name: &str, available: &str) -> (String, String) {
    (
        format!("未知的表式“{name}”"),
        format!("可用的表式: {available}"),
    )
}

/// A table of another year than the report's (E0111).
pub fn year_not_report(given: u16, year: u16) -> (String, String) {
    (
        format!("表中的年度是 {given}，不能放进 {year} 年度的报告"),
        format!("把年度改为 {year}，或把文件移到 {given} 年的文件夹、用 --year {given} 生成"),
    )
}

/// A project twice in one unit (E0108).
pub fn duplicate_project(project: &str, unit: &str, first: &str) -> (String, String) {
    (
        format!("项目“{project}”（{unit}）与 {first} 重复"),
        "同一实施单位的项目名称须唯一；删去重复的文件或改正项目名称".into(),
    )
}

// The audit: its 按单位 rows and the patterns of 关注.

/// The 按单位 row of the tables whose 实施单位 could not be read.
pub const UNREAD_UNIT: &str = "（未能读取单位的表）";

/// Pattern: a low 执行率 with full marks everywhere.
pub const PATTERN_LOW_RATE_FULL_MARKS: &str = "执行率低而指标全满分";
/// Why a table shows a low 执行率 with full marks.
pub fn low_rate_full_marks(rate: &str, indicators: usize) -> String {
    format!("执行率 {rate}%，但全部 {indicators} 个指标均为满分")
}

/// Pattern: a 自评总分 above what the actual values support.
pub const PATTERN_TOTAL_ABOVE_RULES: &str = "自评总分高于实际完成值所能支持的";
/// Why a table's 自评总分 is above what its actual values support.
pub fn total_above_rules(total: &str, rule_total: &str) -> String {
    format!("自评总分 {total}，按实际完成值和评分规则最多 {rule_total}")
}

/// Pattern: every actual value equal to its target.
pub const PATTERN_ACTUALS_AS_TARGETED: &str = "实际完成值全部等于年度指标值";
/// Why a table's actual values look copied from its targets.
pub fn actuals_as_targeted(indicators: usize) -> String {
    format!("全部 {indicators} 个指标的实际完成值与年度指标值相同，是否照抄")
}

/// Pattern: a 一级指标's weight far from the usual split.
pub const PATTERN_OFF_SPLIT: &str = "一级指标分值偏离通用分配";
/// Why a 一级指标's weight is listed as off the usual split.
pub fn off_split(level1: &str, sum: &str, guide: &str) -> String {
    format!("{level1} {sum} 分，通用分配 {guide} 分")
}

/// Pattern: the 总分 more than 5 points from the rules' total.
pub const PATTERN_TOTAL_GAP: &str = "总分与按规则计算的总分相差超过 5 分";
/// Why a table's 总分 is listed as far from the rules' total.
pub fn total_gap(total: &str, rule_total: &str, gap: &str) -> String {
    format!("表上总分 {total}，按规则 {rule_total}，相差 {gap}")
}

/// Pattern: one indicator copied into many projects.
pub const PATTERN_COPIED_INDICATOR: &str = "同一指标照搬到多个项目";
/// Why an indicator is listed as copied.
pub fn copied_indicator(name: &str, target: &str, projects: usize) -> String {
    format!("三级指标“{name}”（年度指标值 {target}）在 {projects} 个项目中完全相同")
}

/// Pattern: one 项目名称 in several units.
pub const PATTERN_NAME_IN_UNITS: &str = "同一项目名称出现在多个单位";
/// Why a 项目名称 is listed as found in several units.
pub fn name_in_units(name: &str, units: usize) -> String {
    format!("项目“{name}”出现在 {units} 个单位的表中")
}

/// The first names of a list and how many there are in all.
pub fn more_names(shown: &str, all: usize) -> String {
    format!("{shown} 等 {all} 个")
}

// Targets and actual values that cannot be read.

/// A number beyond the range of the form.
pub fn number_out_of_range(text: &str) -> String {
    format!("数值“{text}”超出范围（绝对值须小于 1 万亿）")
}

/// A bracketed unit without its closing bracket.
pub fn unit_unclosed(unit: &str) -> String {
    format!("单位“{unit}”缺少右括号，应写作 数字(单位)，如 90(%)")
}

/// A unit with a digit in it.
pub fn digit_in_unit(unit: &str) -> String {
    format!("单位“{unit}”中含有数字")
}

/// An empty 年度指标值.
pub const TARGET_EMPTY: &str = "年度指标值为空";
/// An empty 实际完成值.
pub const ACTUAL_EMPTY: &str = "实际完成值为空";

/// An operator not followed by a number.
pub fn no_number_after_operator(target: &str, sign: &str, rest: &str) -> String {
    format!(
        "“{target}”中运算符“{sign}”后面应是数字，看到的是“{rest}”；定量指标写作 运算符+数字+单位（如 ≥90%），定性指标不写运算符（如 高）"
    )
}

/// An acceptance whose finding the table does not have (E0112).
pub fn stale_acceptance(code: &str) -> (String, String) {
    (
        format!("已确认的 {code} 在这张表中没有出现"),
        format!("删去“已确认”中的 {code}（问题已改正，或代码写错了）"),
    )
}

/// How many findings of a file were accepted, after its counts: `, 2 个已确认`.
pub fn accepted_count(n: usize) -> String {
    format!(", {n} 个已确认")
}

/// Amounts that look like a unit mix-up (W0207): the budget and spending in
/// 万元, and whether the budget itself is too large.
pub fn implausible_amounts(budget: &str, spent: &str, budget_too_large: bool) -> (String, String) {
    let message = if budget_too_large {
        format!("全年预算数 {budget} 万元，超过 100 亿元：金额单位是否弄错了（元当成了万元）？")
    } else {
        format!(
            "全年执行数 {spent} 万元是全年预算数 {budget} 万元的一万倍以上：金额单位是否弄错了？"
        )
    };
    (
        message,
        "金额按表式的单位读取（元为单位的表式按元，其余按万元）；在“项目资金”下写 金额单位: 元 或 金额单位: 万元 即按所写的读取；确实如此时写入“已确认”".to_string(),
    )
}

/// The note after a text cut to fit one cell of the audit workbook.
pub fn cut_in_audit(chars: usize) -> String {
    format!("……（原文 {chars} 字，超过 Excel 单元格上限，此处截断；全文见输入文件）")
}

/// A line break in a field the table prints on one line.
pub fn line_break_in(label: &str) -> (String, String) {
    (
        format!("“{label}”中有换行"),
        format!("{label}在表上只占一行: 删去换行，写成一行"),
    )
}
