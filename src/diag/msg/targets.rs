//! Messages of the comparison with the approved 目标表s (`--targets`).

/// `“name”` with its 一级 and 二级, as messages name an indicator.
pub fn indicator(name: &str, l1: &str, l2: &str) -> String {
    format!("三级指标“{name}”（{l1} / {l2}）")
}

/// E0801: an approved indicator the 自评表 leaves out.
pub fn dropped(what: &str, target: &str) -> (String, String) {
    (
        format!("目标表批复的{what}在自评表中没有（批复的年度指标值 {target}）"),
        "按批复的目标表补上这一指标；确经批准调整的，在“已确认”中写明依据".into(),
    )
}

/// E0802: an indicator the approved 目标表 does not have.
pub fn added(what: &str) -> (String, String) {
    (
        format!("{what}不在批复的目标表中"),
        "自评表的指标须与批复的目标表一致；确经批准调整的，在“已确认”中写明依据".into(),
    )
}

/// E0803: an indicator named otherwise than approved.
pub fn renamed(what: &str, approved: &str) -> (String, String) {
    (
        format!("{what}在批复的目标表中叫“{approved}”"),
        "指标名称按批复的目标表填写".into(),
    )
}

/// E0804 / E0805: a target other than the approved one; `looser` says how.
pub fn target_changed(
    what: &str,
    approved: &str,
    reported: &str,
    looser: Option<bool>,
) -> (String, String) {
    let how = match looser {
        Some(true) => "，是正向指标，目标调低了",
        Some(false) => "，是反向指标，上限调高了",
        None => "",
    };
    (
        format!("{what}的年度指标值写的是 {reported}，批复的是 {approved}{how}"),
        "年度指标值按批复的目标表填写；确经批准调整的，在“已确认”中写明依据".into(),
    )
}

/// One indicator's weight in E0806's list.
pub fn weight_pair(name: &str, approved: &str, reported: &str) -> String {
    format!("“{name}”批复 {approved}、自评表 {reported}")
}

/// E0806: the weights that differ from the approved ones.
pub fn weights_changed(pairs: &[String]) -> (String, String) {
    (
        format!("分值与批复的目标表不同：{}", pairs.join("；")),
        "分值按批复的目标表填写，不要把分值挪到已完成的指标上".into(),
    )
}

/// E0807: the budget against the approved 年度资金总额 (万元).
pub fn budget_differs(label: &str, reported: &str, approved: &str) -> (String, String) {
    (
        format!("{label}合计 {reported} 万元，批复的年度资金总额是 {approved} 万元"),
        "年初预算数按批复的预算填写；年中调整的写在全年预算数中".into(),
    )
}

/// The 自评表's word for its initial budget, in E0807.
pub const INITIAL: &str = "年初预算数";
/// The 自评表's word for its budget, in E0807.
pub const BUDGET: &str = "全年预算数";

/// E0808: a 自评表 without its 目标表.
pub fn no_plan(name: &str, unit: &str) -> (String, String) {
    (
        format!("“{unit}”的项目“{name}”在目标表中找不到（按实施单位和项目名称）"),
        "检查项目名称与批复的目标表是否一致（标点的全角半角、空格不计），或把它的目标表放入 --targets 文件夹".into(),
    )
}

/// E0809: a 目标表 without its 自评表.
pub fn no_report(name: &str, unit: &str) -> (String, String) {
    (
        format!("目标表“{name}”（{unit}）没有对应的自评表"),
        "每个批复了绩效目标的项目都应有自评表；检查项目名称是否一致，或补上它的自评表".into(),
    )
}

/// `--targets` given a path holding no 目标表.
pub fn no_plans(path: &str) -> String {
    format!("{path} 中没有目标表（表式为目标表的表，如 national-plan、shanghai-plan）")
}

/// A table of the targets folder that is not a 目标表: printed on a 自评表
/// form, or (`executed`) read as a 目标表 but with the year's results.
pub fn not_a_plan(form: &str, executed: bool) -> (String, String) {
    let what = if executed {
        "这张表有执行数、实际完成值或得分，是自评表，不是目标表".to_string()
    } else {
        format!("这张表的表式“{form}”是自评表，不是目标表")
    };
    (
        format!("{what}，比对时不用它"),
        "目标表在文件中写 表式: national-plan（或 shanghai-plan 等目标表的表式），或运行时加 --targets-form".into(),
    )
}
