//! Reading a project from its YAML file: the form's words as keys, every problem
//! reported with its place, all at once.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;

use super::node::{self, Node, Value};
use super::vocab::{self, Key};
use crate::diag::{Diagnostic, Place};
use crate::model::{
    Actual, FundRow, Funds, Goals, Indicator, Level1, Level2, Located, Project, Target,
};

/// Loads one project from YAML text. Returns the project when it could be built
/// (possibly with diagnostics) and every diagnostic found.
pub fn load_str(file: &Path, src: &str) -> (Option<Project>, Vec<Diagnostic>) {
    let mut cx = Cx {
        file: file.to_path_buf(),
        diags: Vec::new(),
    };
    let project = match node::parse(src) {
        Ok(root) if root.value == Value::Null => {
            cx.diags.push(
                Diagnostic::new("E0101", file, Place::File, "文件是空的，没有任何内容").with_hint(
                    format!(
                        "照 inputs/ 下的实例逐行填写: {}",
                        vocab::listing(vocab::PROJECT)
                    ),
                ),
            );
            None
        }
        Ok(root) => cx.project(&root),
        Err(e) => {
            let (message, hint) = syntax_message(&e.message);
            cx.diags.push(
                Diagnostic::new("E0002", file, e.place, format!("YAML 语法错误: {message}"))
                    .with_hint(hint),
            );
            None
        }
    };
    (project, cx.diags)
}

/// The parser's message in the user's words, with a hint; the original follows in brackets.
fn syntax_message(raw: &str) -> (String, String) {
    let m = raw.to_ascii_lowercase();
    let (what, hint) = if m.contains("tab") {
        (
            "缩进中有 Tab 字符",
            "YAML 只能用空格缩进；把这一行开头的 Tab 换成空格（同一层级对齐）",
        )
    } else if m.contains("unclosed quote") || m.contains("quoted scalar") {
        (
            "引号没有成对",
            "检查这一行的引号: 每个 \" 都要有对应的 \"，且引号内的文字中不能再有未转义的引号",
        )
    } else if m.contains("block scalar") || m.contains("`>'") || m.contains("`|'") {
        (
            "值以 > 或 | 开头，被当作多行文字的标记",
            "含 >=、>、| 等符号的值请加引号，如 年度指标值: \">=90%\"",
        )
    } else if m.contains("expected ':'") || m.contains("could not find expected ':'") {
        (
            "这一行缺少键值之间的“: ”",
            "键和值之间写英文冒号加一个空格，如 项目名称: 托育中心经费",
        )
    } else if m.contains("mapping values are not allowed") {
        (
            "这里不能出现“键: 值”",
            "多半是缩进不对（与上一行不对齐），或值中含有“: ”却没有加引号",
        )
    } else if m.contains("did not find expected key")
        || m.contains("did not find expected '-'")
        || m.contains("indentation")
    {
        (
            "缩进不一致",
            "同一层级的键必须左对齐，下一层比上一层多缩进两个空格；检查这一行及上一行",
        )
    } else {
        (
            "无法解析",
            "检查这一行及上一行的缩进、冒号后的空格和引号是否成对",
        )
    };
    (format!("{what}（{raw}）"), hint.to_string())
}

/// How to write a number the user wrote as text.
fn number_hint(shown: &str) -> String {
    let t = shown.trim();
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | ','))
        .collect();
    if t.contains(',') && Decimal::from_str(&t.replace(',', "")).is_ok() {
        return format!("不要写千位分隔符: 写作 {}", t.replace(',', ""));
    }
    let number = digits.replace(',', "");
    if !number.is_empty() && Decimal::from_str(&number).is_ok() {
        let unit = t[digits.len()..].trim();
        return format!(
            "只写数字，不带单位“{unit}”: 写作 {number}（金额的单位固定为万元，执行率为 %）"
        );
    }
    "金额以万元为单位、分值和得分直接写阿拉伯数字，如 117.94、10".to_string()
}

/// Loads one project from a YAML file; an unreadable file is a diagnostic too.
pub fn load_file(file: &Path) -> (Option<Project>, Vec<Diagnostic>) {
    match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(src) => load_str(file, src.trim_start_matches('\u{feff}')),
            Err(_) => (
                None,
                vec![
                    Diagnostic::new("E0001", file, Place::File, "文件不是 UTF-8 编码的文本")
                        .with_hint("用文本编辑器把文件另存为 UTF-8 编码"),
                ],
            ),
        },
        Err(e) => (
            None,
            vec![Diagnostic::new(
                "E0001",
                file,
                Place::File,
                format!("无法读取文件: {e}"),
            )],
        ),
    }
}

/// Every amount, weight and score must be smaller than this in magnitude (10¹²,
/// i.e. 1 万亿 万元): far beyond any real project, and small enough that sums and
/// products of the form's figures never overflow a decimal.
fn max_figure() -> Decimal {
    Decimal::from(1_000_000_000_000_i64)
}

/// Loading context: the file and the diagnostics found so far.
struct Cx {
    file: PathBuf,
    diags: Vec<Diagnostic>,
}

/// The entries of one mapping, resolved to canonical keys.
struct Fields<'a> {
    place: Place,
    entries: Vec<(&'static str, &'a Node)>,
    /// Where each key was written.
    keys: Vec<(&'static str, Place)>,
}

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, v)| *k == key && v.value != Value::Null)
            .map(|(_, v)| *v)
    }
}

impl Cx {
    fn push(&mut self, code: &'static str, place: &Place, message: String) -> &mut Diagnostic {
        self.diags.push(Diagnostic::new(
            code,
            self.file.clone(),
            place.clone(),
            message,
        ));
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }

    fn hint(&mut self, code: &'static str, place: &Place, message: String, hint: String) {
        self.push(code, place, message).hint = Some(hint);
    }

    /// Reads a mapping against its key set: unknown and duplicate keys are reported.
    fn fields<'a>(&mut self, node: &'a Node, what: &str, keys: &[Key]) -> Option<Fields<'a>> {
        let Value::Map(entries) = &node.value else {
            self.hint(
                "E0104",
                &node.place,
                format!("“{what}”应为键值表，实际是{}", node.kind()),
                format!("在“{what}”下逐行写出: {}", vocab::listing(keys)),
            );
            return None;
        };
        let mut out: Vec<(&'static str, &'a Node)> = Vec::new();
        let mut first: Vec<(&'static str, Place)> = Vec::new();
        for (k, v) in entries {
            let typed = k.scalar_text().unwrap_or_default();
            match vocab::lookup(keys, &typed) {
                Some(name) => {
                    if let Some((_, at)) = first.iter().find(|(n, _)| *n == name) {
                        let line = match at {
                            Place::Text { line, .. } => format!("第 {line} 行"),
                            _ => "前面".to_string(),
                        };
                        self.hint(
                            "E0103",
                            &k.place,
                            format!("“{what}”中的“{name}”重复出现"),
                            format!("{line}已经写过“{name}”，删去其中一处"),
                        );
                    } else {
                        first.push((name, k.place.clone()));
                        out.push((name, v));
                    }
                }
                None => {
                    let hint = match vocab::suggest(keys, &typed) {
                        Some(s) => format!("是否想写“{s}”？"),
                        // `{ 三级指标: 合法, 合规 }`: the text after an unquoted comma
                        // becomes a key without a value.
                        None if v.value == Value::Null => format!(
                            "“{typed}”后面没有值；如果它是前一项文字的一部分（文字中含逗号或冒号），请给整段文字加引号，如 三级指标: \"合法、合规, 无差错\"。“{what}”下可用的键: {}",
                            vocab::listing(keys)
                        ),
                        None => format!("“{what}”下可用的键: {}", vocab::listing(keys)),
                    };
                    self.hint(
                        "E0102",
                        &k.place,
                        format!("“{what}”中无法识别的键“{typed}”"),
                        hint,
                    );
                }
            }
        }
        Some(Fields {
            place: node.place.clone(),
            entries: out,
            keys: first,
        })
    }

    fn required<'a>(&mut self, f: &Fields<'a>, key: &str, what: &str) -> Option<&'a Node> {
        let found = f.get(key);
        // `三级指标“X”` already carries its quotes.
        let what = if what.contains('“') {
            what.to_string()
        } else {
            format!("“{what}”")
        };
        if found.is_none() {
            // Written, but left empty (`项目名称:`): point at the key.
            if let Some((_, at)) = f.keys.iter().find(|(k, _)| *k == key) {
                self.hint(
                    "E0101",
                    at,
                    format!("{what}的“{key}”没有填写"),
                    format!("在“{key}:”后面填上内容（冒号后空一格）"),
                );
                return None;
            }
            self.hint(
                "E0101",
                &f.place,
                format!("{what}缺少“{key}”"),
                format!("在{what}下加一行 `{key}: …`"),
            );
        }
        found
    }

    /// A text value; numbers are accepted as text. Empty text is reported when `name` is true.
    fn text(&mut self, node: &Node, label: &str, name: bool) -> Option<Located<String>> {
        match node.scalar_text() {
            Some(s) => {
                let s = s.trim().to_string();
                if name && s.is_empty() {
                    self.hint(
                        "E0105",
                        &node.place,
                        format!("“{label}”为空"),
                        format!("填写{label}；不能只有空格或空引号"),
                    );
                    return None;
                }
                Some(Located::new(s, node.place.clone()))
            }
            None => {
                self.push(
                    "E0104",
                    &node.place,
                    format!("“{label}”应为文字，实际是{}", node.kind()),
                );
                None
            }
        }
    }

    fn required_text(&mut self, f: &Fields, key: &str, what: &str) -> Option<Located<String>> {
        let node = self.required(f, key, what)?;
        self.text(node, key, true)
    }

    /// An exact decimal number, from a YAML number or a quoted one.
    fn decimal(&mut self, node: &Node, label: &str) -> Option<Located<Decimal>> {
        let parsed = match &node.value {
            Value::Num(s) | Value::Str(s) => Decimal::from_str(s.trim())
                .or_else(|_| Decimal::from_scientific(s.trim()))
                .ok(),
            _ => None,
        };
        match parsed {
            Some(d) if d.abs() < max_figure() => Some(Located::new(d, node.place.clone())),
            Some(_) => {
                let shown = node.scalar_text().unwrap_or_default();
                self.hint(
                    "E0109",
                    &node.place,
                    format!("“{label}”的数值“{}”超出范围", shown.trim()),
                    "金额以万元为单位，分值和得分不超过 100；数值的绝对值须小于 1 万亿".to_string(),
                );
                None
            }
            None => {
                let shown = node
                    .scalar_text()
                    .unwrap_or_else(|| node.kind().to_string());
                self.hint(
                    "E0104",
                    &node.place,
                    format!("“{label}”应为数字，实际是“{shown}”"),
                    number_hint(&shown),
                );
                None
            }
        }
    }

    fn opt_decimal(&mut self, f: &Fields, key: &str) -> Option<Located<Decimal>> {
        let node = f.get(key)?;
        self.decimal(node, key)
    }

    fn project(&mut self, root: &Node) -> Option<Project> {
        let f = self.fields(root, "项目", vocab::PROJECT)?;
        let year = f.get("年度").and_then(|n| self.year(n));
        let form = f.get("表式").and_then(|n| self.text(n, "表式", true));
        let order = self.opt_decimal(&f, "序号");
        let name = self.required_text(&f, "项目名称", "项目");
        let department = self.required_text(&f, "主管部门", "项目");
        let unit = self.required_text(&f, "实施单位", "项目");
        let funds = self
            .required(&f, "项目资金", "项目")
            .and_then(|n| self.funds(n));
        let goals = self
            .required(&f, "年度总体目标", "项目")
            .and_then(|n| self.goals(n));
        let indicators = self
            .required(&f, "绩效指标", "项目")
            .and_then(|n| self.indicators(n));
        let total = self.opt_decimal(&f, "总分");
        let grade = f
            .get("评分等级")
            .and_then(|n| self.text(n, "评分等级", true));
        Some(Project {
            source: self.file.clone(),
            year,
            form,
            order,
            name: name?,
            department: department?,
            unit: unit?,
            funds: funds?,
            goals: goals?,
            indicators: indicators?,
            total,
            grade,
        })
    }

    fn year(&mut self, node: &Node) -> Option<Located<u16>> {
        let year = node
            .scalar_text()
            .and_then(|s| s.trim().trim_end_matches('年').parse::<u16>().ok())
            .filter(|y| (1990..=2200).contains(y));
        if year.is_none() {
            self.hint(
                "E0104",
                &node.place,
                format!(
                    "“年度”应为四位年份，实际是“{}”",
                    node.scalar_text()
                        .unwrap_or_else(|| node.kind().to_string())
                ),
                "用阿拉伯数字写年份，如 年度: 2024".to_string(),
            );
        }
        let year = Located::new(year?, node.place.clone());
        let folder = self
            .file
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<u16>().ok());
        if let Some(folder) = folder.filter(|f| *f != year.value) {
            self.hint(
                "E0106",
                &year.place,
                format!(
                    "文件写的年度是 {}，但它在 {folder} 年的文件夹里",
                    year.value
                ),
                format!(
                    "把“年度”改为 {folder}，或把文件移到 {} 年的文件夹",
                    year.value
                ),
            );
        }
        Some(year)
    }

    fn funds(&mut self, node: &Node) -> Option<Funds> {
        let f = self.fields(node, "项目资金", vocab::FUNDS)?;
        let weight = self.opt_decimal(&f, "分数");
        let score = self.opt_decimal(&f, "得分");
        let total = match f.get("年度资金总额") {
            Some(n) => Some(self.fund_row(n, "年度资金总额")?),
            None => None,
        };
        let appropriation = self
            .required(&f, "当年财政拨款", "项目资金")
            .and_then(|n| self.fund_row(n, "当年财政拨款"));
        let carryover = match f.get("上年结转资金") {
            Some(n) => self.fund_row(n, "上年结转资金"),
            None => Some(FundRow::zero(f.place.clone())),
        };
        let other = match f.get("其他资金") {
            Some(n) => self.fund_row(n, "其他资金"),
            None => Some(FundRow::zero(f.place.clone())),
        };
        Some(Funds {
            weight,
            score,
            total,
            appropriation: appropriation?,
            carryover: carryover?,
            other: other?,
        })
    }

    fn fund_row(&mut self, node: &Node, what: &str) -> Option<FundRow> {
        let f = self.fields(node, what, vocab::FUND_ROW)?;
        let amount = |cx: &mut Cx, key: &str| {
            let n = cx.required(&f, key, what)?;
            cx.decimal(n, key)
        };
        let initial = amount(self, "年初预算数");
        let budget = amount(self, "全年预算数");
        let spent = amount(self, "全年执行数");
        let rate = self.opt_decimal(&f, "执行率");
        Some(FundRow {
            place: f.place.clone(),
            initial: initial?,
            budget: budget?,
            spent: spent?,
            rate,
        })
    }

    fn goals(&mut self, node: &Node) -> Option<Goals> {
        let f = self.fields(node, "年度总体目标", vocab::GOALS)?;
        let expected = self
            .required(&f, "预期目标", "年度总体目标")
            .and_then(|n| self.paragraphs(n, "预期目标"));
        let actual = self
            .required(&f, "实际完成情况", "年度总体目标")
            .and_then(|n| self.paragraphs(n, "实际完成情况"));
        Some(Goals {
            expected: expected?,
            actual: actual?,
        })
    }

    /// Goal text: a string (each non-blank line a paragraph) or a list of paragraphs.
    fn paragraphs(&mut self, node: &Node, label: &str) -> Option<Located<Vec<String>>> {
        let mut out = Vec::new();
        match &node.value {
            Value::Seq(items) => {
                for item in items {
                    out.push(self.text(item, label, false)?.value);
                }
            }
            _ => {
                let text = self.text(node, label, false)?;
                out.extend(text.value.lines().map(str::trim).map(str::to_string));
            }
        }
        out.retain(|p| !p.is_empty());
        if out.is_empty() {
            self.push("E0105", &node.place, format!("“{label}”为空"));
            return None;
        }
        Some(Located::new(out, node.place.clone()))
    }

    fn indicators(&mut self, node: &Node) -> Option<Vec<Level1>> {
        let hierarchy = "按 一级指标 → 二级指标 → 三级指标列表 书写，例如\n  产出指标:\n    数量指标:\n      - 三级指标: …".to_string();
        let Value::Map(level1) = &node.value else {
            self.hint(
                "E0104",
                &node.place,
                format!("“绩效指标”应为键值表，实际是{}", node.kind()),
                hierarchy,
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (k1, v1) in level1 {
            let Some(name1) = self.text(k1, "一级指标", true) else {
                ok = false;
                continue;
            };
            if v1.value == Value::Null {
                self.hint(
                    "E0101",
                    &name1.place,
                    format!("一级指标“{}”下没有二级指标", name1.value),
                    "在它下面写出二级指标和三级指标，或删去这个一级指标".to_string(),
                );
                ok = false;
                continue;
            }
            let Value::Map(level2) = &v1.value else {
                self.hint(
                    "E0104",
                    &v1.place,
                    format!(
                        "一级指标“{}”下应为二级指标的键值表，实际是{}",
                        name1.value,
                        v1.kind()
                    ),
                    hierarchy.clone(),
                );
                ok = false;
                continue;
            };
            let mut groups = Vec::new();
            for (k2, v2) in level2 {
                let Some(name2) = self.text(k2, "二级指标", true) else {
                    ok = false;
                    continue;
                };
                match self.level2(&name2, v2, &hierarchy) {
                    Some(indicators) => groups.push(Level2 {
                        name: name2,
                        indicators,
                    }),
                    None => ok = false,
                }
            }
            if groups.is_empty() && ok {
                self.push(
                    "E0101",
                    &v1.place,
                    format!("一级指标“{}”下没有二级指标", name1.value),
                );
                ok = false;
            }
            out.push(Level1 {
                name: name1,
                groups,
            });
        }
        if out.is_empty() && ok {
            self.push("E0101", &node.place, "“绩效指标”下没有任何指标".to_string());
            ok = false;
        }
        ok.then_some(out)
    }

    fn level2(
        &mut self,
        name: &Located<String>,
        node: &Node,
        hierarchy: &str,
    ) -> Option<Vec<Indicator>> {
        let empty = Vec::new();
        let items = match &node.value {
            Value::Seq(items) => items,
            Value::Null => &empty,
            _ => {
                self.hint(
                    "E0104",
                    &node.place,
                    format!(
                        "二级指标“{}”下应为三级指标的列表（每项以 - 开头），实际是{}",
                        name.value,
                        node.kind()
                    ),
                    hierarchy.to_string(),
                );
                return None;
            }
        };
        if items.is_empty() {
            self.hint(
                "E0101",
                &name.place,
                format!("二级指标“{}”下没有三级指标", name.value),
                "在它下面列出三级指标（每项以 - 开头），或删去这个二级指标".to_string(),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            match self.indicator(item) {
                Some(i) => out.push(i),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn indicator(&mut self, node: &Node) -> Option<Indicator> {
        let f = self.fields(node, "三级指标", vocab::INDICATOR)?;
        let name = self.required_text(&f, "三级指标", "三级指标");
        let what = name.as_ref().map_or("三级指标".to_string(), |n| {
            format!("三级指标“{}”", n.value)
        });
        let target = self
            .required(&f, "年度指标值", &what)
            .and_then(|n| self.target(n, &what));
        let unit = target
            .as_ref()
            .and_then(|t| t.value.unit().map(str::to_string));
        let actual = f
            .get("实际完成值")
            .and_then(|n| self.actual(n, &what, unit.as_deref()));
        let weight = self
            .required(&f, "分值", &what)
            .and_then(|n| self.decimal(n, "分值"));
        let score = self.opt_decimal(&f, "得分");
        let reason = f
            .get("偏差原因分析及改进措施")
            .and_then(|n| self.text(n, "偏差原因分析及改进措施", false))
            .filter(|r| !r.value.is_empty());
        Some(Indicator {
            place: f.place.clone(),
            name: name?,
            target: target?,
            actual,
            weight: weight?,
            score,
            reason,
        })
    }

    fn target(&mut self, node: &Node, what: &str) -> Option<Located<Target>> {
        let text = self.text(node, "年度指标值", true)?;
        match Target::parse(&text.value) {
            Ok(t) => Some(Located::new(t, text.place)),
            Err(e) => {
                self.hint(
                    "E0301",
                    &text.place,
                    format!("{what}的年度指标值无法识别: {}", e.0),
                    "定量指标写作 运算符+数字+单位（如 ≥90%、=5家、≤30万元），定性指标直接写文字（如 高、及时）".to_string(),
                );
                // Kept as text so that the other rules still run; the error blocks publication.
                Some(Located::new(Target::Qualitative(text.value), text.place))
            }
        }
    }

    fn actual(&mut self, node: &Node, what: &str, unit: Option<&str>) -> Option<Located<Actual>> {
        let text = self.text(node, "实际完成值", false)?;
        match Actual::parse(&text.value, unit) {
            Ok(a) => Some(Located::new(a, text.place)),
            Err(e) => {
                self.hint(
                    "E0302",
                    &text.place,
                    format!("{what}的实际完成值无法识别: {}", e.0),
                    "写作 数字+单位（如 80%、25家），或定性文字（如 达成指标）".to_string(),
                );
                // Kept as text: it was written (no E0504), and the error blocks publication.
                Some(Located::new(Actual::Qualitative(text.value), text.place))
            }
        }
    }
}
