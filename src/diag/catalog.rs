//! The catalogue of diagnostic codes: every rule jixiao checks, with its severity
//! and an explanation for `jixiao explain`.

use super::Severity;

/// One checked rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `E0102`.
    pub code: Code,
    /// Severity of every finding under this rule.
    pub severity: Severity,
    /// One-line Chinese title.
    pub title: &'static str,
    /// Why the rule exists and how to satisfy it.
    pub explain: &'static str,
}

/// The catalogue: each rule's code, severity, title and explanation, once.
/// Makes [`Code`] (one variant per rule, so an unknown code cannot be
/// written) and [`RULES`].
macro_rules! catalogue {
    ($($code:ident $severity:ident $title:literal $explain:literal;)*) => {
        /// A diagnostic code: one of the catalogue's rules, keyed by `E` and its number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $title]
                $code,
            )*
        }

        impl Code {
            /// The code as the catalogue keys it: `E0602`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }
        }

        /// Every rule, ordered by code.
        pub const RULES: &[Rule] = &[
            $(Rule { code: Code::$code, severity: $severity, title: $title, explain: $explain },)*
        ];
    };
}

use Severity::{Error, Info, Warning};

catalogue! {
    E0001 Error
        "文件无法读取"
        "输入文件不存在、无权限读取或不是 UTF-8 文本。请确认文件路径和编码（YAML 文件须保存为 UTF-8）。";
    E0002 Error
        "YAML 语法错误"
        "文件不是合法的 YAML：常见原因是缩进不一致、冒号后缺少空格、引号未闭合。请按提示的行列修正。";
    E0101 Error
        "缺少必填项"
        "项目名称、主管部门、实施单位、项目资金、年度总体目标、绩效指标，以及每个三级指标的年度指标值、分值，都必须填写。";
    E0102 Error
        "无法识别的键"
        "键名须使用自评表上的原词（如 项目名称、年度指标值、偏差原因分析及改进措施）或其英文别名。拼写错误的键会被忽略，因此视为错误。";
    E0103 Error
        "重复的键"
        "同一层级中一个键只能出现一次；重复时无法判断以哪一个为准。";
    E0104 Error
        "类型错误"
        "金额、分值、得分须为数字（如 117.94），名称和说明须为文字，绩效指标须按 一级指标 → 二级指标 → 三级指标列表 的层次书写。";
    E0105 Error
        "名称为空"
        "项目名称、主管部门、实施单位、各级指标名称不能为空白。";
    E0106 Error
        "年度与文件夹不一致"
        "文件中的“年度”应与所在文件夹（inputs/<年度>/）一致，否则可能把上一年的表放进了今年的报告。check 和 report 都把它当作错误：这张表不生成。";
    E0107 Error
        "未知的表式"
        "“表式”（form）只能是内置表式之一（jixiao forms 列出全部，如 shanghai 上海市自评表（默认）、national 财预〔2020〕10号 全国通用表）；自己的表式文件夹用 report --form 指定。";
    E0108 Error
        "重复的项目"
        "同一实施单位下两个输入文件的项目名称相同，它们的输出文件会互相覆盖。请删去重复的文件或改正项目名称。";
    E0109 Error
        "数值超出范围"
        "金额以万元为单位，分值和得分不超过 100；任何数值的绝对值都须小于 1 万亿。过大的数多半是单位写错（元写成了万元）或多打了位数。";
    E0110 Error
        "文字过长"
        "表中每一格的文字不能超过 32767 个字（Excel 单元格的上限），否则无法生成 Excel 文件。请精简，详细材料另附说明。";
    E0111 Error
        "表的年度与报告的年度不同"
        "报告只收本年度的表：表中的“年度”与 report 的年度不同时，这张表不生成，以免把上一年的表发布在今年的报告中（放在年度文件夹中时 check 也报告 E0106）。改正年度，或把文件放到对应年度的文件夹，用 --year 生成那一年的报告。";
    E0112 Warning
        "已确认的问题没有出现"
        "表的“已确认”（或旁边的 .已确认.yaml）写了某个代码，但检查时这张表没有这个问题：多半是问题已经改正，或代码写错了。删去这一条，以免以后真的出现时被一并放过。";
    E0113 Error
        "已确认的写法有误"
        "“已确认”下每一行写 诊断代码: 理由，如 E0205: 按财政局审核意见保留。代码须是 jixiao explain 列出的代码，理由不能为空：发布的表上记录的就是这条理由。";
    E0114 Warning
        "一行的栏目中有换行"
        "项目名称、主管部门、实施单位、三级指标、年度指标值、实际完成值在表上各占一行：其中的换行（多半是从别处复制来的）会印成两行、进入文件名。删去换行；确要分行的说明写在偏差原因或年度总体目标中。";
    E0201 Error
        "金额为负数"
        "年初预算数、全年预算数、全年执行数都不能为负数。";
    E0202 Error
        "年度资金总额与分项之和不符"
        "年度资金总额的每一列都应等于 当年财政拨款 + 上年结转资金 + 其他资金。写的数按其小数位数核对：写 35.47 表示 35.465 到 35.475 之间，分项四舍五入造成的尾差（如 0.01）不是错误；0 表示没有。可以不填年度资金总额，由 jixiao 计算。";
    E0203 Warning
        "执行数大于预算数"
        "全年执行数一般不超过全年预算数；超出时执行率按 100% 计分。请核对决算数据。";
    E0204 Error
        "执行率与计算值不符"
        "执行率 = 全年执行数 ÷ 全年预算数 × 100%（预算数为 0 时为 0），表上四舍五入保留两位小数。按所写的小数位数核对：78.76、78.8、79 都是 78.7609… 的正确写法。可以不填，由 jixiao 计算。";
    E0205 Error
        "预算执行得分与计算值不符"
        "预算执行得分 = min(执行率, 100%) × 分数，四舍五入保留两位小数；按所写的小数位数和金额的尾差核对。可以不填，由 jixiao 计算。";
    E0206 Warning
        "预算执行分数不是 10 分"
        "财预〔2020〕10号 和上海市自评表都规定预算执行率占 10 分。";
    E0207 Warning
        "金额大得不像一个项目"
        "一个项目的全年预算数超过 100 亿元，或全年执行数是预算数的一万倍以上时，多半是金额单位弄错了：按元填的数当成了万元（或反过来）。金额以表式的单位读取（元为单位的表式按元，其余按万元）；表中写 金额单位: 元 或 金额单位: 万元 即按所写的读取。确实如此时可以确认（已确认）。";
    E0301 Error
        "年度指标值无法识别"
        "定量指标写作 运算符+数字+单位，如 ≥90%、=5家、≤30万元、=24小时；定性指标直接写文字，如 高、及时。运算符后必须是数字。";
    E0302 Error
        "实际完成值无法识别"
        "定量指标的实际完成值写作 数字+单位（如 80%、25家）或仅写数字（沿用年度指标值的单位）；定性指标写 达成指标、部分达成、未达成 等文字。";
    E0401 Error
        "分值合计不是 100"
        "项目资金的分数加上全部三级指标的分值必须等于 100。";
    E0402 Error
        "分值不大于 0"
        "每个三级指标的分值必须大于 0；不计分的指标不应出现在表中。";
    E0403 Info
        "一级指标分值与通用分配相差较大"
        "全国通用分配为 产出指标 50、效益指标 30、满意度指标 10（另有预算执行 10；表式可在 form.yaml 的 rules.levels 中另定）。各地表式不同，合计为 100 即可，本条仅供参考。";
    E0404 Warning
        "一级指标分值与本表式的分配相差较大"
        "表式（form.yaml 的 rules.levels 与 rules.split）要求各一级指标按其分配计分，此表相差超过允许的分数。如确有依据可忽略。";
    E0405 Error
        "一级指标分值不符合本表式规定的分配"
        "表式（form.yaml 的 rules.levels 与 rules.split）规定了各一级指标的分值，此表相差超过允许的分数，须调整三级指标的分值。";
    E0501 Error
        "一级指标名称不对"
        "一级指标只能是 产出指标、效益指标、满意度指标。";
    E0502 Warning
        "二级指标不属于其一级指标"
        "产出指标下为 数量/质量/时效/成本指标；效益指标下为 经济效益/社会效益/生态效益/可持续影响指标；满意度指标下为 服务对象满意度指标。实际表式中也有 进度指标 等名称，因此只是警告。";
    E0503 Error
        "实际完成值与年度指标值单位不同"
        "定量指标的实际完成值须与年度指标值用同一单位（如都用 %），否则无法比较是否达成。";
    E0504 Error
        "定量指标缺少实际完成值"
        "年度指标值是数字的指标，必须填写实际完成值，才能判断是否达成并计分。";
    E0505 Error
        "得分无法计算"
        "没有填写得分时，jixiao 按实际完成值计分：定量指标须有 数字+单位 的实际完成值，定性指标须写 达成指标、已完成 等（或与年度指标值相同的文字）。只认整句，不按句中的字词猜测（“没有发生泄密事件”不是“未达成”）。无法判断时，请直接填写得分。";
    E0506 Error
        "部分达成或未达成的指标须填写得分"
        "定性指标部分达成（分值的 60%–80%）或未达成（0–60%）时，得分由单位在该档内自评，jixiao 不代为选定；只有达成的指标可以不填得分（按满分计）。";
    E0601 Error
        "得分超出范围"
        "每个指标的得分须在 0 到其分值之间。";
    E0602 Error
        "扣分但未说明原因"
        "得分低于分值的指标，必须填写 偏差原因分析及改进措施。";
    E0603 Warning
        "自评得分高于实际完成值所支持的分数"
        "定量指标: 达成得满分，未达成按 实际值 ÷ 目标值（≤ 类指标为 目标值 ÷ 实际值）比例计分。定性指标: 达成 80%–100%、部分达成 60%–80%、未达成 0–60% 的分值。自评得分可以更低，但不应更高。";
    E0604 Error
        "总分与各项得分之和不符"
        "总分 = 预算执行得分 + 全部三级指标得分，按总分所写的小数位数核对。可以不填，由 jixiao 计算。";
    E0605 Error
        "评分等级与总分不符"
        "评分等级: 优 ≥ 90 分，良 ≥ 80 分，中 ≥ 60 分，60 分以下为差（按表上印出的总分）。可以不填，由 jixiao 计算。";
    E0606 Warning
        "定性指标得分低于其所在档"
        "定性指标的得分应在实际完成值所在档内：全国通用为 达成 80%–100%、部分达成 60%–80%、未达成 0–60% 的分值（表式可在 form.yaml 的 rules.tiers 中另定，如 80/50）。得分低于该档下限时，实际完成值可能应写为更低一档。";
    E0607 Error
        "超额完成较多却没有说明原因"
        "有的地方（如广西）规定：实际完成值达到年度指标值的一定比例（form.yaml 的 rules.over_achievement，如 130%）时，须在偏差原因分析中说明，指标值是否定得过低。";
    E0608 Error
        "总分超过执行率对应的上限"
        "有的地方按预算执行率限定总分（form.yaml 的 rules.rate_caps），如执行率 70%–80% 最高 89 分、60%–70% 最高 79 分、60% 以下最高 69 分。";
    E0701 Info
        "工作表中没有自评表，已跳过"
        "电子表格的每个工作表放一张自评表。找不到“项目名称”“年初预算数”“三级指标”等栏目的工作表（如说明页、汇总页）不是自评表，读取时跳过。";
    E0702 Error
        "电子表格中找不到栏目"
        "jixiao 按栏目名（而不是固定的行列）在工作表中找到自评表的各部分：项目名称、主管部门、实施单位、年初预算数/全年预算数/全年执行数、当年财政拨款、预期目标、实际完成情况、一级/二级/三级指标、年度指标值、分值。缺少其中一个时，报告它应在的单元格。栏目名可以有空格、全角标点、冒号或括号注释（如 执行率(%)）。";
    E0703 Error
        "单元格中的数字无法识别"
        "金额、执行率、分数、分值、得分须为数字，或写成数字的文字（如 117.94、100.00%、10分）。不计的格子留空或写 -。";
    E0704 Error
        "工作簿中没有任何自评表"
        "电子表格中没有一个工作表含有自评表的栏目（项目名称、年初预算数、三级指标等）。请确认打开的是自评表文件。";
    E0705 Info
        "由 jixiao 计算的单元格没有数值"
        "年度资金总额、执行率、得分、总分这些格 jixiao 本来就能计算。单元格是没有保存计算结果的公式（如由程序生成、未在 Excel/WPS 中打开保存过的文件），或显示错误值（如预算数为 0 时执行率的 #DIV/0!）时，按规则计算并照常核对其他各项。";
    E0706 Error
        "公式没有保存计算结果"
        "预算数、执行数、分值、得分等由单位填写的数字是公式，但文件中没有保存公式的计算结果，jixiao 无法得知单元格显示的值。请在 Excel 或 WPS 中打开并保存文件，或把公式换成数值。";
    E0707 Error
        "工作表中有一张表无法读取"
        "一个工作表中可以放多张自评表（上下排列或左右并排），每张表从“项目名称”开始。某处有“项目名称”，但附近找不到自评表的其他栏目（年初预算数、三级指标、年度指标值等）时报告此条，而不是悄悄跳过。";
    E0708 Info
        "隐藏的行或列不属于表格，已跳过"
        "打印和发布的表格不含隐藏的行和列（常见的是旧年度的指标、草稿数字）。jixiao 读取时跳过它们并列出其位置；如其中的内容应当计入，请取消隐藏。";
    E0709 Info
        "金额以元为单位，已换算为万元"
        "栏目写作“项目资金（元）”或表上方注明“金额单位：元”时，金额按 1 万元 = 10000 元精确换算为万元，表上按万元印出。YAML 中在“项目资金”下写 金额单位: 元 效果相同。";
    E0710 Warning
        "单元格引用的文字不存在"
        "xlsx 中的文字存放在共享文字表中，单元格只记编号；编号无效（如 -1）说明文件已损坏，这一格按空白读取。用 Excel 或 WPS 打开后另存，或重新填写这一格。";
    E0901 Error
        "项目无法生成"
        "项目通过了检查，但按表式排版或写出 Word/Excel 文件时失败，例如自定义表式的模板对这个项目的数据出错。该项目不生成（在 index.html 中列出），其他项目照常生成；请按消息修正表式或数据。";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The rule behind a code.
pub fn rule(code: Code) -> &'static Rule {
    // RULES lists the rules in the order of Code's variants (tested).
    &RULES[code as usize]
}

/// The rule of a code as a user types it: `E0603`, `W0603` or `w0603` (the letter
/// shows the severity; older packs printed every code with `E`).
pub fn lookup(code: &str) -> Option<&'static Rule> {
    let code = code.trim();
    let digits = code
        .strip_prefix(['E', 'W', 'I', 'e', 'w', 'i'])
        .unwrap_or(code);
    RULES
        .iter()
        .find(|r| r.code.as_str().get(1..) == Some(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_and_unique() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code.as_str() < pair[1].code.as_str(),
                "{} !< {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn codes_are_well_formed() {
        for (i, r) in RULES.iter().enumerate() {
            let code = r.code.as_str();
            assert_eq!(code.len(), 5);
            assert!(code.starts_with('E'));
            assert!(code[1..].chars().all(|c| c.is_ascii_digit()));
            assert_eq!(r.code as usize, i, "{code}");
            assert_eq!(rule(r.code).code, r.code);
        }
    }
}
