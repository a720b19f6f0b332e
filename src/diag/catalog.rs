//! The catalogue of diagnostic codes: every rule jixiao checks, with its severity
//! and an explanation for `jixiao explain`.

use super::Severity;

/// One checked rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `E0102`.
    pub code: &'static str,
    /// Severity of every finding under this rule.
    pub severity: Severity,
    /// One-line Chinese title.
    pub title: &'static str,
    /// Why the rule exists and how to satisfy it.
    pub explain: &'static str,
}

const fn r(
    code: &'static str,
    severity: Severity,
    title: &'static str,
    explain: &'static str,
) -> Rule {
    Rule {
        code,
        severity,
        title,
        explain,
    }
}

use Severity::{Error, Info, Warning};

/// Every rule, ordered by code.
pub const RULES: &[Rule] = &[
    r(
        "E0001",
        Error,
        "文件无法读取",
        "输入文件不存在、无权限读取或不是 UTF-8 文本。请确认文件路径和编码（YAML 文件须保存为 UTF-8）。",
    ),
    r(
        "E0002",
        Error,
        "YAML 语法错误",
        "文件不是合法的 YAML：常见原因是缩进不一致、冒号后缺少空格、引号未闭合。请按提示的行列修正。",
    ),
    r(
        "E0101",
        Error,
        "缺少必填项",
        "项目名称、主管部门、实施单位、项目资金、年度总体目标、绩效指标，以及每个三级指标的年度指标值、分值，都必须填写。",
    ),
    r(
        "E0102",
        Error,
        "无法识别的键",
        "键名须使用自评表上的原词（如 项目名称、年度指标值、偏差原因分析及改进措施）或其英文别名。拼写错误的键会被忽略，因此视为错误。",
    ),
    r(
        "E0103",
        Error,
        "重复的键",
        "同一层级中一个键只能出现一次；重复时无法判断以哪一个为准。",
    ),
    r(
        "E0104",
        Error,
        "类型错误",
        "金额、分值、得分须为数字（如 117.94），名称和说明须为文字，绩效指标须按 一级指标 → 二级指标 → 三级指标列表 的层次书写。",
    ),
    r(
        "E0105",
        Error,
        "名称为空",
        "项目名称、主管部门、实施单位、各级指标名称不能为空白。",
    ),
    r(
        "E0106",
        Warning,
        "年度与文件夹不一致",
        "文件中的“年度”应与所在文件夹（inputs/<年度>/）一致，否则可能把上一年的表放进了今年的报告。",
    ),
    r(
        "E0107",
        Error,
        "未知的表式",
        "“表式”（form）只能是内置表式之一：shanghai（上海市自评表，默认）或 national（财预〔2020〕10号 全国通用表）。",
    ),
    r(
        "E0108",
        Error,
        "重复的项目",
        "同一实施单位下两个输入文件的项目名称相同，它们的输出文件会互相覆盖。请删去重复的文件或改正项目名称。",
    ),
    r(
        "E0109",
        Error,
        "数值超出范围",
        "金额以万元为单位，分值和得分不超过 100；任何数值的绝对值都须小于 1 万亿。过大的数多半是单位写错（元写成了万元）或多打了位数。",
    ),
    r(
        "E0201",
        Error,
        "金额为负数",
        "年初预算数、全年预算数、全年执行数都不能为负数。",
    ),
    r(
        "E0202",
        Error,
        "年度资金总额与分项之和不符",
        "年度资金总额的每一列都应等于 当年财政拨款 + 上年结转资金 + 其他资金。可以不填年度资金总额，由 jixiao 计算。",
    ),
    r(
        "E0203",
        Warning,
        "执行数大于预算数",
        "全年执行数一般不超过全年预算数；超出时执行率按 100% 计分。请核对决算数据。",
    ),
    r(
        "E0204",
        Error,
        "执行率与计算值不符",
        "执行率 = 全年执行数 ÷ 全年预算数 × 100%（预算数为 0 时为 0），四舍五入保留两位小数。可以不填，由 jixiao 计算。",
    ),
    r(
        "E0205",
        Error,
        "预算执行得分与计算值不符",
        "预算执行得分 = min(执行率, 100%) × 分数，四舍五入保留两位小数。可以不填，由 jixiao 计算。",
    ),
    r(
        "E0206",
        Warning,
        "预算执行分数不是 10 分",
        "财预〔2020〕10号 和上海市自评表都规定预算执行率占 10 分。",
    ),
    r(
        "E0301",
        Error,
        "年度指标值无法识别",
        "定量指标写作 运算符+数字+单位，如 ≥90%、=5家、≤30万元、=24小时；定性指标直接写文字，如 高、及时。运算符后必须是数字。",
    ),
    r(
        "E0302",
        Error,
        "实际完成值无法识别",
        "定量指标的实际完成值写作 数字+单位（如 80%、25家）或仅写数字（沿用年度指标值的单位）；定性指标写 达成指标、部分达成、未达成 等文字。",
    ),
    r(
        "E0401",
        Error,
        "分值合计不是 100",
        "项目资金的分数加上全部三级指标的分值必须等于 100。",
    ),
    r(
        "E0402",
        Error,
        "分值不大于 0",
        "每个三级指标的分值必须大于 0；不计分的指标不应出现在表中。",
    ),
    r(
        "E0403",
        Info,
        "一级指标分值与通用分配相差较大",
        "全国通用分配为 产出指标 50、效益指标 30、满意度指标 10（另有预算执行 10）。各地表式不同，合计为 100 即可，本条仅供参考。",
    ),
    r(
        "E0501",
        Error,
        "一级指标名称不对",
        "一级指标只能是 产出指标、效益指标、满意度指标。",
    ),
    r(
        "E0502",
        Warning,
        "二级指标不属于其一级指标",
        "产出指标下为 数量/质量/时效/成本指标；效益指标下为 经济效益/社会效益/生态效益/可持续影响指标；满意度指标下为 服务对象满意度指标。实际表式中也有 进度指标 等名称，因此只是警告。",
    ),
    r(
        "E0503",
        Error,
        "实际完成值与年度指标值单位不同",
        "定量指标的实际完成值须与年度指标值用同一单位（如都用 %），否则无法比较是否达成。",
    ),
    r(
        "E0504",
        Error,
        "定量指标缺少实际完成值",
        "年度指标值是数字的指标，必须填写实际完成值，才能判断是否达成并计分。",
    ),
    r(
        "E0601",
        Error,
        "得分超出范围",
        "每个指标的得分须在 0 到其分值之间。",
    ),
    r(
        "E0602",
        Error,
        "扣分但未说明原因",
        "得分低于分值的指标，必须填写 偏差原因分析及改进措施。",
    ),
    r(
        "E0603",
        Warning,
        "自评得分高于实际完成值所支持的分数",
        "定量指标: 达成得满分，未达成按 实际值 ÷ 目标值（≤ 类指标为 目标值 ÷ 实际值）比例计分。定性指标: 达成 80%–100%、部分达成 60%–80%、未达成 0–60% 的分值。自评得分可以更低，但不应更高。",
    ),
    r(
        "E0604",
        Error,
        "总分与各项得分之和不符",
        "总分 = 预算执行得分 + 全部三级指标得分。可以不填，由 jixiao 计算。",
    ),
    r(
        "E0605",
        Error,
        "评分等级与总分不符",
        "评分等级: 优 ≥ 90 分，良 ≥ 80 分，中 ≥ 60 分，60 分以下为差。可以不填，由 jixiao 计算。",
    ),
];

/// The rule behind a code, if the code exists.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_and_unique() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} !< {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn codes_are_well_formed() {
        for r in RULES {
            assert_eq!(r.code.len(), 5);
            assert!(r.code.starts_with('E'));
            assert!(r.code[1..].chars().all(|c| c.is_ascii_digit()));
        }
    }
}
