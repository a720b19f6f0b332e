//! The input vocabulary: the form's own words as keys, with English aliases,
//! and a did-you-mean for misspelt keys.

/// A key of the input format: the form's word and the other spellings accepted for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The canonical key, as printed on the form.
    pub name: &'static str,
    /// Other accepted spellings (English aliases, label variants).
    pub aliases: &'static [&'static str],
}

const fn k(name: &'static str, aliases: &'static [&'static str]) -> Key {
    Key { name, aliases }
}

/// Keys of a project file's top level.
pub const PROJECT: &[Key] = &[
    k("年度", &["year"]),
    k("表式", &["form"]),
    k("序号", &["order"]),
    k("项目名称", &["name", "project"]),
    k("主管部门", &["department"]),
    k("实施单位", &["unit"]),
    k(
        "项目资金",
        &[
            "funds",
            "项目资金(万元)",
            "资金情况",
            "资金情况(万元)",
            "预算执行情况",
        ],
    ),
    k("年度总体目标", &["goals"]),
    k("绩效指标", &["indicators"]),
    k("总分", &["合计", "total"]),
    k("评分等级", &["grade"]),
];

/// Keys of the budget block (项目资金).
pub const FUNDS: &[Key] = &[
    k("金额单位", &["单位", "amount_unit"]),
    k("分数", &["分值", "权重", "weight"]),
    k("得分", &["score"]),
    k("年度资金总额", &["总额", "total"]),
    k(
        "当年财政拨款",
        &["本年财政拨款", "其中:当年财政拨款", "appropriation"],
    ),
    k("上年结转资金", &["carryover"]),
    k("其他资金", &["other"]),
];

/// Keys of one fund row.
pub const FUND_ROW: &[Key] = &[
    k("年初预算数", &["年初预算", "initial"]),
    k("全年预算数", &["全年预算数(A)", "调整后预算数", "budget"]),
    k("全年执行数", &["全年执行数(B)", "预算执行数", "spent"]),
    k(
        "执行率",
        &["执行率(%)", "执行率(B/A)", "预算执行率", "rate"],
    ),
];

/// Keys of 年度总体目标.
pub const GOALS: &[Key] = &[
    k("预期目标", &["年初设定目标", "项目年度目标", "expected"]),
    k(
        "实际完成情况",
        &["年度总体目标完成情况综述", "年度目标完成情况", "actual"],
    ),
];

/// Keys of one 三级指标 entry.
pub const INDICATOR: &[Key] = &[
    k("三级指标", &["name"]),
    k("年度指标值", &["指标值", "target"]),
    k("指标性质", &["target_op"]),
    k("度量单位", &["计量单位", "target_unit"]),
    k("实际完成值", &["全年实际值", "完成值", "actual"]),
    k("分值", &["权重", "weight"]),
    k("得分", &["score"]),
    k(
        "偏差原因分析及改进措施",
        &[
            "偏差原因",
            "未完成原因及拟采取的改进措施",
            "未完成原因分析",
            "reason",
        ],
    ),
];

/// Normalises a key as typed: trims blanks, drops a trailing colon, full-width brackets to ASCII.
pub fn normalize(key: &str) -> String {
    key.trim()
        .trim_end_matches([':', '：'])
        .replace('（', "(")
        .replace('）', ")")
        .replace('：', ":")
        .replace(' ', "")
}

/// The key of `keys` that `typed` spells, if any.
pub fn lookup(keys: &[Key], typed: &str) -> Option<&'static str> {
    let t = normalize(typed);
    keys.iter()
        .find(|key| key.name == t || key.aliases.iter().any(|a| a.eq_ignore_ascii_case(&t)))
        .map(|key| key.name)
}

/// The canonical key closest to a misspelt one, when it is close enough to be a typo.
pub fn suggest(keys: &[Key], typed: &str) -> Option<&'static str> {
    let t: Vec<char> = normalize(typed).to_lowercase().chars().collect();
    keys.iter()
        .flat_map(|key| {
            std::iter::once(key.name)
                .chain(key.aliases.iter().copied())
                .map(move |s| (key.name, s))
        })
        .map(|(name, spelling)| {
            let s: Vec<char> = spelling.to_lowercase().chars().collect();
            (edit_distance(&t, &s), s.len(), name)
        })
        .filter(|&(d, len, _)| d <= (len.max(t.len()) / 2).max(1))
        .min_by_key(|&(d, _, _)| d)
        .map(|(_, _, name)| name)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// All spellings of a key set, for a hint listing what is allowed.
pub fn listing(keys: &[Key]) -> String {
    keys.iter().map(|k| k.name).collect::<Vec<_>>().join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_aliases_are_found() {
        assert_eq!(lookup(PROJECT, "项目名称"), Some("项目名称"));
        assert_eq!(lookup(PROJECT, " Name "), Some("项目名称"));
        assert_eq!(lookup(FUNDS, "年度资金总额："), Some("年度资金总额"));
        assert_eq!(lookup(FUNDS, "本年财政拨款"), Some("当年财政拨款"));
        assert_eq!(lookup(FUND_ROW, "执行率（%）"), Some("执行率"));
        assert_eq!(lookup(PROJECT, "项目明称"), None);
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(suggest(PROJECT, "项目明称"), Some("项目名称"));
        assert_eq!(suggest(INDICATOR, "年度指标"), Some("年度指标值"));
        assert_eq!(
            suggest(INDICATOR, "偏差原因分析"),
            Some("偏差原因分析及改进措施")
        );
        assert_eq!(suggest(FUNDS, "carryovr"), Some("上年结转资金"));
        assert_eq!(suggest(PROJECT, "完全无关的东西"), None);
    }
}
