//! Writing a [`Project`] as YAML in the style of `inputs/<year>/*.yaml`: the
//! form's words as keys, quoted targets, one flow map per simple indicator.
//! The text loads back (with [`super::yaml::load_str`]) to the same model.

use std::fmt::Write as _;

use crate::model::{Actual, FundRow, Indicator, Located, Num, Project, Quantity, Target};

/// The project as YAML text.
pub fn project_yaml(p: &Project) -> String {
    let mut out =
        String::from("# 财政项目支出绩效自评表 — 一个项目一个文件。键名即表上的栏目名。\n");
    let source = p
        .source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if !source.is_empty() {
        let _ = writeln!(out, "# 导入自 {}", source.replace('\n', " "));
    }
    if let Some(y) = &p.year {
        let _ = writeln!(out, "年度: {}", y.value);
    }
    if let Some(f) = &p.form {
        let _ = writeln!(out, "表式: {}", scalar(&f.value, false));
    }
    if let Some(o) = &p.order {
        let _ = writeln!(out, "序号: {}", o.value);
    }
    let _ = writeln!(out, "项目名称: {}", scalar(&p.name.value, false));
    let _ = writeln!(out, "主管部门: {}", scalar(&p.department.value, false));
    let _ = writeln!(out, "实施单位: {}", scalar(&p.unit.value, false));
    out.push_str("\n项目资金:            # 单位: 万元\n");
    let f = &p.funds;
    if let Some(w) = &f.weight {
        let _ = writeln!(out, "  分数: {}", given(&w.value));
    }
    if let Some(s) = &f.score {
        let _ = writeln!(out, "  得分: {}", derived(&s.value));
    }
    if let Some(t) = &f.total {
        let _ = writeln!(out, "  年度资金总额: {}", fund_row(t));
    }
    for row in &f.sources {
        // Rows aligned as typed by hand: a CJK character is two columns wide.
        let pad = 1 + 2 * 6usize.saturating_sub(row.name.chars().count());
        let _ = writeln!(
            out,
            "  {}:{}{}",
            scalar(&row.name, false),
            " ".repeat(pad),
            fund_row(row)
        );
    }
    out.push_str("\n年度总体目标:        # 每行一段\n");
    paragraphs(&mut out, "预期目标", &p.goals.expected.value);
    paragraphs(&mut out, "实际完成情况", &p.goals.actual.value);
    out.push_str("\n绩效指标:\n");
    for l1 in &p.indicators {
        let _ = writeln!(out, "  {}:", scalar(&l1.name.value, false));
        for l2 in &l1.groups {
            let _ = writeln!(out, "    {}:", scalar(&l2.name.value, false));
            for i in &l2.indicators {
                indicator(&mut out, i);
            }
            // Rows the template left (`指标2`, `……`), kept as the unit wrote them.
            for b in &l2.blank_rows {
                let _ = writeln!(out, "      - {}", scalar(&b.value, false));
            }
        }
    }
    if p.total.is_some() || p.grade.is_some() {
        out.push('\n');
    }
    if let Some(t) = &p.total {
        let _ = writeln!(out, "总分: {}", derived(&t.value));
    }
    if let Some(g) = &p.grade {
        let _ = writeln!(out, "评分等级: {}", scalar(&g.value, false));
    }
    // The fields a form adds, by its words.
    for (word, text) in &p.fields {
        let _ = writeln!(
            out,
            "{}: {}",
            scalar(word, false),
            scalar(&text.value, false)
        );
    }
    out
}

fn fund_row(r: &FundRow) -> String {
    if let Some(glyph) = &r.not_applicable {
        let g = scalar(glyph, false);
        return format!("{{ 全年预算数: {g}, 全年执行数: {g} }}");
    }
    let mut s = String::from("{ ");
    if let Some(initial) = &r.initial {
        let _ = write!(s, "年初预算数: {}, ", given(&initial.value));
    }
    let _ = write!(
        s,
        "全年预算数: {}, 全年执行数: {}",
        given(&r.budget.value),
        given(&r.spent.value)
    );
    if let Some(rate) = &r.rate {
        let _ = write!(s, ", 执行率: {}", derived(&rate.value));
    }
    s.push_str(" }");
    s
}

fn paragraphs(out: &mut String, key: &str, paras: &[String]) {
    let _ = writeln!(out, "  {key}: |");
    for p in paras {
        // Lines inside a literal block are taken as written; only the indent matters.
        let _ = writeln!(out, "    {}", p.trim());
    }
}

fn quantity(q: &Quantity) -> String {
    format!("{}{}", q.text, q.unit)
}

/// A target as a YAML scalar: quantitative ones always quoted (`"≥90%"`), text as
/// plain as YAML allows; `flow` as for [`scalar`].
pub(crate) fn target_scalar(t: &Located<Target>, flow: bool) -> String {
    match target_text(t) {
        (text, true) => quoted(&text),
        (text, false) => scalar(&text, flow),
    }
}

/// A target as written, and whether it is quantitative (then it needs quotes).
fn target_text(t: &Located<Target>) -> (String, bool) {
    match &t.value {
        Target::Quantitative { op, quantity: q } => (
            format!("{}{}", op.map_or("", |o| o.symbol()), quantity(q)),
            true,
        ),
        Target::Qualitative(s) => (s.clone(), false),
    }
}

fn actual_text(a: &Located<Actual>) -> (String, bool) {
    match &a.value {
        Actual::Quantitative(q) => (quantity(q), true),
        Actual::Qualitative(s) => (s.clone(), false),
    }
}

/// A number the unit gave, exactly, with at least the places it was shown with
/// (so that it reads back with the same precision).
pub(crate) fn given(n: &Num) -> String {
    crate::format::fixed(n.value, n.places.max(n.value.scale()))
}

/// A number jixiao could derive (执行率, 得分, 总分): as it was seen, without the
/// binary noise of a spreadsheet formula's result.
fn derived(n: &Num) -> String {
    crate::format::fixed(n.seen(), n.places)
}

fn indicator(out: &mut String, i: &Indicator) {
    let target = target_scalar(&i.target, true);
    let actual = i.actual.as_ref().map(|a| {
        let (text, quant) = actual_text(a);
        if quant {
            quoted(&text)
        } else {
            scalar(&text, true)
        }
    });
    match &i.reason {
        None => {
            let mut s = format!(
                "      - {{ 三级指标: {}, 年度指标值: {target}",
                scalar(&i.name.value, true)
            );
            if let Some(a) = &actual {
                let _ = write!(s, ", 实际完成值: {a}");
            }
            if let Some(w) = &i.weight {
                let _ = write!(s, ", 分值: {}", given(&w.value));
            }
            if let Some(sc) = &i.score {
                let _ = write!(s, ", 得分: {}", given(&sc.value));
            }
            s.push_str(" }\n");
            out.push_str(&s);
        }
        Some(reason) => {
            let _ = writeln!(out, "      - 三级指标: {}", scalar(&i.name.value, false));
            let _ = writeln!(out, "        年度指标值: {target}");
            if let Some(a) = &actual {
                let _ = writeln!(out, "        实际完成值: {a}");
            }
            if let Some(w) = &i.weight {
                let _ = writeln!(out, "        分值: {}", given(&w.value));
            }
            if let Some(sc) = &i.score {
                let _ = writeln!(out, "        得分: {}", given(&sc.value));
            }
            let _ = writeln!(
                out,
                "        偏差原因分析及改进措施: {}",
                scalar(&reason.value, false)
            );
        }
    }
}

/// A string scalar: plain when YAML reads it back as the same string, else double-quoted.
/// `flow` is true inside `{ … }`, where commas and brackets end a plain value.
pub fn scalar(s: &str, flow: bool) -> String {
    if plain_ok(s, flow) {
        s.to_string()
    } else {
        quoted(s)
    }
}

fn plain_ok(s: &str, flow: bool) -> bool {
    if s.is_empty() || s.trim() != s || s.contains('\n') {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`=<≥≤~".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains('\t') {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}', ':']) {
        return false;
    }
    if s.chars().any(|c| c.is_control()) {
        return false;
    }
    // Words YAML reads as something other than a string.
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    ) {
        return false;
    }
    // Anything that starts like a number is quoted (`2024`, `1e3`, `.5`, `0x1`).
    !(first.is_ascii_digit() || first == '.' || first == '+')
}

/// A double-quoted YAML string.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
