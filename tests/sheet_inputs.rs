//! Spreadsheet input: hand-made fixture workbooks (one per layout variant, each
//! with its expected model), round trips through our own `.xlsx` and through
//! `jixiao import`, a case for every spreadsheet diagnostic, and a fuzz-style
//! property test of the reader on arbitrary cell grids and bytes.

mod common;
use common::forms;

use std::path::{Path, PathBuf};

use common::score;
use common::sheet_build::{build, n, s, SheetSpec, C};
use jixiao::diag::{Diagnostic, Place, Severity, RULES};
use jixiao::form::Form;
use jixiao::format;
use jixiao::input::{emit, sheet, yaml};
use jixiao::model::{Actual, Located, Project};
use jixiao::pipeline::{check_path, Checked};
use jixiao::render::docx::render_docx;
use jixiao::render::xlsx::render_xlsx;
use jixiao::score::Scored;
use proptest::prelude::*;

// ---------------------------------------------------------------- helpers

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sheet_inputs");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The model with every place and the source cleared, for comparing contents.
fn unplaced(p: &Project) -> Project {
    fn l<T: Clone>(x: &Located<T>) -> Located<T> {
        Located::new(x.value.clone(), Place::File)
    }
    fn o<T: Clone>(x: &Option<Located<T>>) -> Option<Located<T>> {
        x.as_ref().map(l)
    }
    let row = |r: &jixiao::model::FundRow| jixiao::model::FundRow {
        marks: r.marks.clone(),
        name: r.name.clone(),
        place: Place::File,
        initial: o(&r.initial),
        budget: l(&r.budget),
        spent: l(&r.spent),
        rate: o(&r.rate),
    };
    let mut q = p.clone();
    q.source = PathBuf::new();
    q.year = o(&p.year);
    q.form = o(&p.form);
    q.order = o(&p.order);
    q.name = l(&p.name);
    q.department = l(&p.department);
    q.unit = l(&p.unit);
    q.funds.weight = o(&p.funds.weight);
    q.funds.score = o(&p.funds.score);
    q.funds.total = p.funds.total.as_ref().map(row);
    q.funds.sources = p.funds.sources.iter().map(row).collect();
    // Whether the unit was said is how the table was written, not what it says.
    q.funds.unit_stated = true;
    q.goals.expected = l(&p.goals.expected);
    q.goals.actual = l(&p.goals.actual);
    for l1 in &mut q.indicators {
        l1.name = l(&l1.name);
        for l2 in &mut l1.groups {
            l2.name = l(&l2.name);
            for i in &mut l2.indicators {
                i.place = Place::File;
                i.name = l(&i.name);
                i.target = l(&i.target);
                i.actual = o(&i.actual);
                i.weight = o(&i.weight);
                i.score = o(&i.score);
                i.reason = o(&i.reason);
            }
        }
    }
    q.total = o(&p.total);
    q.grade = o(&p.grade);
    q
}

fn from_yaml(src: &str) -> Project {
    let (p, diags) = yaml::load_str(Path::new("x.yaml"), src, &Default::default());
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{src}");
    p.expect("project")
}

/// The one table of a workbook file, checked.
fn one_table(file: &Path) -> Checked {
    let mut all = check_path(file, forms());
    assert_eq!(
        all.len(),
        1,
        "{:#?}",
        all.iter().map(|c| &c.diagnostics).collect::<Vec<_>>()
    );
    all.remove(0)
}

fn errors(c: &Checked) -> Vec<&Diagnostic> {
    c.diagnostics.iter().filter(|d| d.is_error()).collect()
}

/// What our printed form holds for a project: every computed figure filled in,
/// amounts and scores exact and shown at the form's two places, actual values as
/// printed.
fn as_printed(s: &Scored) -> Project {
    let two = |d: rust_decimal::Decimal| jixiao::model::Num::shown(d, 2);
    let mut p = s.project.clone();
    let fig = |name: &str, f: &jixiao::score::FundFigures, place: &Place| jixiao::model::FundRow {
        marks: Default::default(),
        name: name.to_string(),
        place: place.clone(),
        initial: Some(Located::new(two(f.initial), Place::File)),
        budget: Located::new(two(f.budget), Place::File),
        spent: Located::new(two(f.spent), Place::File),
        rate: Some(Located::new(two(f.rate), Place::File)),
    };
    p.funds.total = Some(fig("年度资金总额", &s.funds.total, &Place::File));
    // The form prints a row for each of its sources, blank where none was written.
    p.funds.sources = jixiao::model::NATIONAL_SOURCES
        .iter()
        .map(|name| {
            let given =
                (s.project.funds.sources.iter().zip(&s.funds.rows)).find(|(r, _)| r.name == *name);
            match given {
                Some((_, f)) => fig(name, f, &Place::File),
                None => {
                    let mut blank = jixiao::model::FundRow::zero(name, Place::File);
                    blank.initial = None;
                    blank.marks = jixiao::model::Marks::blank();
                    blank
                }
            }
        })
        .collect();
    p.funds.weight = Some(Located::new(two(s.funds.weight), Place::File));
    p.funds.score = Some(Located::new(two(s.funds.score), Place::File));
    let mut scores = s.indicators.iter();
    for l1 in &mut p.indicators {
        for l2 in &mut l1.groups {
            for i in &mut l2.indicators {
                if let Some(w) = &mut i.weight {
                    w.value = two(w.get());
                }
                i.score = scores
                    .next()
                    .map(|x| Located::new(two(x.score), Place::File));
                // What the table prints is what a reader of it sees written.
                i.written.target = format::target(&i.target.value);
                if let Some(a) = &mut i.actual {
                    let unit = i.target.value.unit().map(str::to_string);
                    let printed = format::actual(&a.value, 2);
                    a.value = Actual::parse(&printed, unit.as_deref()).expect("printed actual");
                    i.written.actual = printed;
                }
            }
        }
    }
    p.order = None;
    p.form = None;
    p.total = Some(Located::new(two(s.total), Place::File));
    p.grade = Some(Located::new(s.grade.clone(), Place::File));
    unplaced(&p)
}

fn shanghai() -> Form {
    Form::builtin("shanghai").expect("form")
}

fn docx_of(s: &Scored) -> Vec<u8> {
    let grid = jixiao::layout::lay_out(&shanghai(), s, 2024).expect("layout");
    render_docx(&[&grid]).expect("docx")
}

fn xlsx_of(s: &Scored, sheet_name: &str) -> Vec<u8> {
    let grid = jixiao::layout::lay_out(&shanghai(), s, 2024).expect("layout");
    render_xlsx(&[(sheet_name, &grid)]).expect("xlsx")
}

fn seed_files() -> Vec<PathBuf> {
    jixiao::pipeline::input_files(Path::new("tests/seed/2024")).unwrap()
}

// ---------------------------------------------------------------- fixtures

/// How 一级/二级 cells are written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Groups {
    Merged,
    BlankBelow,
    Repeated,
}

/// How the blank cells of 上年结转资金/其他资金 are written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sub {
    Zero,
    Blank,
    Dash,
}

/// One layout variant of the fixture table.
#[derive(Debug, Clone)]
struct Variant {
    name: &'static str,
    title: bool,
    year_line: bool,
    /// Blank columns to the left of the table.
    left: usize,
    /// Blank spacer rows between the blocks.
    spacers: bool,
    /// Other spellings of the labels.
    alt_labels: bool,
    groups: Groups,
    sub: Sub,
    /// Numbers written as text ("117.94", "76.29%").
    text_numbers: bool,
    /// Label cells merged like the published form.
    merged_labels: bool,
    /// 执行率 cells formatted as percentages: 76.29% stored as 0.7629.
    fraction_rates: bool,
}

const BASE: Variant = Variant {
    name: "base",
    title: true,
    year_line: true,
    left: 0,
    spacers: false,
    alt_labels: false,
    groups: Groups::Merged,
    sub: Sub::Zero,
    text_numbers: false,
    merged_labels: true,
    fraction_rates: false,
};

fn variants() -> Vec<Variant> {
    vec![
        BASE,
        Variant {
            name: "rates-as-percent-cells",
            fraction_rates: true,
            ..BASE
        },
        Variant {
            name: "no-title-no-year",
            title: false,
            year_line: false,
            ..BASE
        },
        Variant {
            name: "offset-and-spacers",
            left: 2,
            spacers: true,
            ..BASE
        },
        Variant {
            name: "label-variants",
            alt_labels: true,
            ..BASE
        },
        Variant {
            name: "groups-blank-below",
            groups: Groups::BlankBelow,
            merged_labels: false,
            ..BASE
        },
        Variant {
            name: "groups-repeated",
            groups: Groups::Repeated,
            ..BASE
        },
        Variant {
            name: "numbers-as-text",
            text_numbers: true,
            ..BASE
        },
        Variant {
            name: "sub-rows-blank",
            sub: Sub::Blank,
            ..BASE
        },
        Variant {
            name: "sub-rows-dash",
            sub: Sub::Dash,
            ..BASE
        },
        Variant {
            name: "no-merges-at-all",
            merged_labels: false,
            groups: Groups::BlankBelow,
            left: 1,
            ..BASE
        },
    ]
}

/// One fixture indicator: 一级, 二级, 三级, target, actual, weight, score, reason.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
);

/// The fixture's indicators.
const ROWS: &[Row] = &[
    (
        "产出指标",
        "数量指标",
        "培训人数",
        "=240人次",
        "240人次",
        10.0,
        10.0,
        "",
    ),
    (
        "产出指标",
        "数量指标",
        "机构年检",
        "=25家",
        "25家",
        10.0,
        10.0,
        "",
    ),
    (
        "产出指标",
        "质量指标",
        "培训质量",
        "高",
        "达成指标",
        10.0,
        10.0,
        "",
    ),
    (
        "产出指标",
        "时效指标",
        "办结时间",
        "≤3天",
        "2天",
        10.0,
        10.0,
        "",
    ),
    (
        "效益指标",
        "社会效益指标",
        "覆盖率",
        "≥90%",
        "95%",
        20.0,
        20.0,
        "",
    ),
    (
        "效益指标",
        "社会效益指标",
        "节约资金",
        "≤30万元",
        "28万元",
        10.0,
        10.0,
        "",
    ),
    (
        "效益指标",
        "可持续影响指标",
        "新增点位",
        "=5个",
        "5个",
        10.0,
        10.0,
        "",
    ),
    (
        "满意度指标",
        "服务对象满意度指标",
        "家长满意度",
        "≥90%",
        "80%",
        10.0,
        5.0,
        "宣传不足，下年加强",
    ),
];

/// The model every fixture variant must read to.
const EXPECTED: &str = r#"
年度: 2024
项目名称: 托育测试项目
主管部门: 上海市闵行区教育局
实施单位: 上海市闵行区托育服务指导中心
项目资金:
  分数: 10
  得分: 7.63
  年度资金总额: { 年初预算数: 117.94, 全年预算数: 117.94, 全年执行数: 89.974, 执行率: 76.29 }
  当年财政拨款: { 年初预算数: 117.94, 全年预算数: 117.94, 全年执行数: 89.974, 执行率: 76.29 }
  上年结转资金: { 年初预算数: 0, 全年预算数: 0, 全年执行数: 0 }
  其他资金: { 年初预算数: 0, 全年预算数: 0, 全年执行数: 0 }
年度总体目标:
  预期目标: |
    开展托育培训。
    完成机构年检。
  实际完成情况: 已完成。
绩效指标:
  产出指标:
    数量指标:
      - { 三级指标: 培训人数, 年度指标值: "=240人次", 实际完成值: "240人次", 分值: 10, 得分: 10 }
      - { 三级指标: 机构年检, 年度指标值: "=25家", 实际完成值: "25家", 分值: 10, 得分: 10 }
    质量指标:
      - { 三级指标: 培训质量, 年度指标值: 高, 实际完成值: 达成指标, 分值: 10, 得分: 10 }
    时效指标:
      - { 三级指标: 办结时间, 年度指标值: "≤3天", 实际完成值: "2天", 分值: 10, 得分: 10 }
  效益指标:
    社会效益指标:
      - { 三级指标: 覆盖率, 年度指标值: "≥90%", 实际完成值: "95%", 分值: 20, 得分: 20 }
      - { 三级指标: 节约资金, 年度指标值: "≤30万元", 实际完成值: "28万元", 分值: 10, 得分: 10 }
    可持续影响指标:
      - { 三级指标: 新增点位, 年度指标值: "=5个", 实际完成值: "5个", 分值: 10, 得分: 10 }
  满意度指标:
    服务对象满意度指标:
      - { 三级指标: 家长满意度, 年度指标值: "≥90%", 实际完成值: "80%", 分值: 10, 得分: 5, 偏差原因分析及改进措施: 宣传不足，下年加强 }
总分: 92.63
评分等级: 优
"#;

fn fixture(v: &Variant) -> SheetSpec {
    let mut sh = SheetSpec::new("托育测试项目");
    let o = v.left;
    let pad = |cells: Vec<C>| -> Vec<C> {
        let mut row = vec![C::E; o];
        row.extend(cells);
        row
    };
    let oc = o as u16;
    let num = |x: f64, pct: bool| -> C {
        if v.text_numbers {
            s(&format!("{x}{}", if pct { "%" } else { "" }))
        } else if pct && v.fraction_rates {
            n(x / 100.0)
        } else {
            n(x)
        }
    };
    let label = |plain: &'static str, alt: &'static str| s(if v.alt_labels { alt } else { plain });
    let mut merges: Vec<(u32, u16, u32, u16)> = Vec::new();
    let mut merge = |r0: u32, c0: u16, r1: u32, c1: u16| {
        if v.merged_labels {
            merges.push((r0, c0 + oc, r1, c1 + oc));
        }
    };
    if v.title {
        sh.row(pad(vec![s("财政项目支出绩效自评表")]));
    }
    if v.year_line {
        sh.row(pad(vec![s("(2024年度)")]));
    }
    if v.spacers {
        sh.row(vec![]);
    }
    let r = sh.row(pad(vec![
        label("项目名称", "项 目 名 称"),
        C::E,
        s("托育测试项目"),
    ]));
    merge(r, 0, r, 1);
    merge(r, 2, r, 7);
    let r = sh.row(pad(vec![
        s("主管部门"),
        C::E,
        s("上海市闵行区教育局"),
        C::E,
        label("实施单位", "实施单位："),
        C::E,
        s("上海市闵行区托育服务指导中心"),
    ]));
    merge(r, 0, r, 1);
    merge(r, 2, r, 3);
    merge(r, 4, r, 5);
    merge(r, 6, r, 7);
    let funds_top = sh.row(pad(vec![
        label("项目资金(万元)", "项目资金（万元）"),
        C::E,
        s("年初预算数"),
        s("全年预算数"),
        s("全年执行数"),
        label("分数", "分值"),
        label("执行率(%)", "执行率"),
        s("得分"),
    ]));
    let amounts = |x: [f64; 3]| x.map(|a| num(a, false));
    let [a, b, c] = amounts([117.94, 117.94, 89.974]);
    sh.row(pad(vec![
        C::E,
        label("年度资金总额:", "年度资金总额"),
        a.clone(),
        b.clone(),
        c.clone(),
        num(10.0, false),
        num(76.29, true),
        num(7.63, false),
    ]));
    sh.row(pad(vec![
        C::E,
        label("其中:当年财政拨款", "其中：本年财政拨款"),
        a,
        b,
        c,
        s("-"),
        num(76.29, true),
        s("-"),
    ]));
    let sub = || match v.sub {
        Sub::Zero => num(0.0, false),
        Sub::Blank => C::E,
        Sub::Dash => s("-"),
    };
    let rate_cell = || if v.sub == Sub::Blank { C::E } else { s("-") };
    for name in ["上年结转资金", "其他资金"] {
        sh.row(pad(vec![
            C::E,
            s(name),
            sub(),
            sub(),
            sub(),
            s("-"),
            rate_cell(),
            s("-"),
        ]));
    }
    merge(funds_top, 0, funds_top + 4, 0);
    if v.spacers {
        sh.row(vec![]);
    }
    let g = sh.row(pad(vec![
        s("年度总体目标"),
        s("预期目标"),
        C::E,
        C::E,
        s("实际完成情况"),
    ]));
    sh.row(pad(vec![
        C::E,
        s("开展托育培训。\n完成机构年检。"),
        C::E,
        C::E,
        s("已完成。"),
    ]));
    merge(g, 0, g + 1, 0);
    merge(g, 1, g, 3);
    merge(g, 4, g, 7);
    merge(g + 1, 1, g + 1, 3);
    merge(g + 1, 4, g + 1, 7);
    if v.spacers {
        sh.row(vec![]);
    }
    sh.row(pad([
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        if v.alt_labels {
            "偏差原因分析及改进措施（如有）"
        } else {
            "偏差原因分析及改进措施"
        },
    ]
    .iter()
    .map(|t| s(t))
    .collect()));
    let mut prev: Option<(&str, &str)> = None;
    let mut starts1: Vec<(u32, u32)> = Vec::new();
    let mut starts2: Vec<(u32, u32)> = Vec::new();
    for &(l1, l2, name, target, actual, w, sc, reason) in ROWS {
        let new1 = prev.is_none_or(|p| p.0 != l1);
        let new2 = new1 || prev.is_some_and(|p| p.1 != l2);
        let l1_text = match l1 {
            "产出指标" if v.alt_labels => "产出指标(50分)",
            "效益指标" if v.alt_labels => "效益指标（30分）",
            other => other,
        };
        let show1 = new1 || v.groups == Groups::Repeated;
        let show2 = new2 || v.groups == Groups::Repeated;
        let r = sh.row(pad(vec![
            if show1 { s(l1_text) } else { C::E },
            if show2 { s(l2) } else { C::E },
            s(name),
            s(target),
            s(actual),
            num(w, false),
            num(sc, false),
            if reason.is_empty() { C::E } else { s(reason) },
        ]));
        if new1 {
            starts1.push((r, r));
        } else if let Some(last) = starts1.last_mut() {
            last.1 = r;
        }
        if new2 {
            starts2.push((r, r));
        } else if let Some(last) = starts2.last_mut() {
            last.1 = r;
        }
        prev = Some((l1, l2));
    }
    if v.groups == Groups::Merged {
        for (a, b) in starts1 {
            if b > a {
                merge(a, 0, b, 0);
            }
        }
        for (a, b) in starts2 {
            if b > a {
                merge(a, 1, b, 1);
            }
        }
    }
    let t = sh.row(pad(vec![
        s("总分"),
        C::E,
        C::E,
        C::E,
        C::E,
        num(100.0, false),
        num(92.63, false),
    ]));
    merge(t, 0, t, 4);
    let e = sh.row(pad(vec![s("评分等级"), s("优")]));
    merge(e, 1, e, 7);
    if v.title {
        merge(0, 0, 0, 7);
    }
    sh.merges = merges;
    sh
}

#[test]
fn every_fixture_variant_reads_to_its_expected_model() {
    let expected = unplaced(&from_yaml(EXPECTED));
    for v in variants() {
        let file = tmp(&format!("fixture-{}.xlsx", v.name));
        std::fs::write(&file, build(&[fixture(&v)])).unwrap();
        let c = one_table(&file);
        assert!(errors(&c).is_empty(), "{}: {:#?}", v.name, c.diagnostics);
        let project = &c.scored.as_ref().expect("read").project;
        let mut want = expected.clone();
        if !v.year_line {
            want.year = None;
        }
        for r in (want.funds.sources.iter_mut()).filter(|r| r.name != "当年财政拨款") {
            // Cells with no number print as written: blank, `-`, not 0.
            let mark = match v.sub {
                Sub::Zero => None,
                Sub::Blank => Some(String::new()),
                Sub::Dash => Some("-".to_string()),
            };
            if mark.is_some() {
                // A blank (or `-`) 年初预算数 is not written: blank, not 0.
                r.initial = None;
            }
            r.marks = jixiao::model::Marks {
                initial: mark.clone(),
                budget: mark.clone(),
                spent: mark,
                rate: Some(if v.sub == Sub::Blank { "" } else { "-" }.to_string()),
            };
        }
        assert_eq!(unplaced(project), want, "variant {}", v.name);
        // Places point at cells of this sheet.
        assert_eq!(
            project.name.place,
            Place::Cell {
                sheet: "托育测试项目".into(),
                cell: sheet::cell_name(
                    usize::from(v.title) + usize::from(v.year_line) + usize::from(v.spacers),
                    v.left + 2
                ),
            },
            "variant {}",
            v.name
        );
    }
}

#[test]
fn several_tables_in_one_workbook_and_a_note_for_other_sheets() {
    let mut notes = SheetSpec::new("说明");
    notes.row(vec![s("本工作簿为 2024 年度自评表")]);
    let second = {
        let mut f = fixture(&Variant {
            name: "b",
            groups: Groups::Repeated,
            ..BASE
        });
        f.name = "第二张".into();
        f
    };
    let file = tmp("two-tables.xlsx");
    std::fs::write(&file, build(&[notes, fixture(&BASE), second])).unwrap();
    let all = check_path(&file, forms());
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|c| c.file == file && c.is_publishable()));
    assert!(all[0].diagnostics.iter().any(|d| d.code == "E0701"
        && d.place
            == Place::Cell {
                sheet: "说明".into(),
                cell: "A1".into()
            }));
}

// ---------------------------------------------------------------- round trips

fn round_trip(s: &Scored, what: &str) {
    let bytes = xlsx_of(s, "表");
    let book = sheet::load_bytes(Path::new("rt.xlsx"), &bytes, forms().words());
    assert_eq!(book.tables.len(), 1, "{what}: {:#?}", book.notes);
    let t = &book.tables[0];
    let read = t
        .project
        .as_ref()
        .unwrap_or_else(|| panic!("{what}: {:#?}", t.diagnostics));
    assert_eq!(unplaced(read), as_printed(s), "{what}");
    // Printed the same.
    let again = score(read.clone());
    assert!(
        docx_of(&again) == docx_of(s),
        "{what}: docx differs after the xlsx round trip"
    );
}

#[test]
fn seed_projects_survive_our_xlsx() {
    for f in seed_files() {
        let (p, _) = yaml::load_file(&f, &Default::default());
        round_trip(&score(p.expect("seed")), &f.display().to_string());
    }
}

#[test]
fn generated_projects_survive_our_xlsx() {
    for i in 0..40 {
        let src = jixiao::synth::Synth::new()
            .unwrap()
            .project_yaml(7, i, 5, 2024);
        let p = from_yaml(&src);
        round_trip(&score(p), &format!("synth {i}"));
    }
}

#[test]
fn emitted_yaml_loads_back_to_the_same_model() {
    let mut projects: Vec<Project> = seed_files()
        .iter()
        .map(|f| yaml::load_file(f, &Default::default()).0.expect("seed"))
        .collect();
    projects.extend((0..40).map(|i| {
        from_yaml(
            &jixiao::synth::Synth::new()
                .unwrap()
                .project_yaml(11, i, 5, 2024),
        )
    }));
    projects.push(from_yaml(EXPECTED));
    for p in projects {
        let text = emit::project_yaml(&p, &forms().words().vocab);
        let back = from_yaml(&text);
        assert_eq!(unplaced(&back), unplaced(&p), "{text}");
    }
}

#[test]
fn import_writes_yaml_that_reports_identically() {
    let dir = tmp("import");
    let _ = std::fs::remove_dir_all(&dir);
    let mut books = Vec::new();
    for (k, f) in seed_files().iter().enumerate() {
        let s = score(yaml::load_file(f, &Default::default()).0.expect("seed"));
        let book = tmp(&format!("seed-{k}.xlsx"));
        std::fs::write(&book, xlsx_of(&s, "表")).unwrap();
        books.push((book, s));
    }
    let fixture_book = tmp("import-fixture.xlsx");
    std::fs::write(&fixture_book, build(&[fixture(&BASE)])).unwrap();
    let files: Vec<PathBuf> = books
        .iter()
        .map(|b| b.0.clone())
        .chain([fixture_book.clone()])
        .collect();
    let out = jixiao::import::import(&files, &dir, false, forms()).expect("import");
    assert_eq!(out.written.len(), 4, "{:#?}", out.diagnostics);
    for (book, original) in &books {
        let from_sheet = one_table(book).scored.expect("read");
        let yaml_file = dir.join(format!(
            "{}.yaml",
            jixiao::pack::names::safe_file_name(&original.project.name.value)
        ));
        let (p, d) = yaml::load_file(&yaml_file, &Default::default());
        assert!(d.iter().all(|d| !d.is_error()), "{d:#?}");
        let imported = score(p.expect("imported"));
        assert!(
            docx_of(&imported) == docx_of(&from_sheet),
            "{}",
            yaml_file.display()
        );
        assert!(
            docx_of(&imported) == docx_of(original),
            "{}",
            yaml_file.display()
        );
    }
    // Numbers exactly as the spreadsheet holds them.
    let text = std::fs::read_to_string(dir.join("托育测试项目.yaml")).unwrap();
    assert!(
        text.contains("年初预算数: 117.94, 全年预算数: 117.94, 全年执行数: 89.974"),
        "{text}"
    );
    assert!(!text.contains("0000000"), "{text}");
    // Refuses to overwrite without --force.
    let again = jixiao::import::import(&files, &dir, false, forms()).expect("import");
    assert_eq!((again.written.len(), again.kept.len()), (0, 4));
    let forced = jixiao::import::import(&files, &dir, true, forms()).expect("import");
    assert_eq!(forced.written.len(), 4);
}

// ---------------------------------------------------------------- diagnostics

/// A spreadsheet case: the workbook and the codes it must produce.
fn sheet_cases() -> Vec<(&'static str, Vec<SheetSpec>, &'static [&'static str])> {
    let mut no_spent = fixture(&BASE);
    for row in &mut no_spent.rows {
        for c in row.iter_mut() {
            if *c == s("全年执行数") {
                *c = s("全年支出数");
            }
        }
    }
    let mut bad_number = fixture(&BASE);
    for row in &mut bad_number.rows {
        if row.first() == Some(&s("总分")) {
            row[6] = s("九十二");
        }
    }
    let mut notes = SheetSpec::new("说明");
    notes.row(vec![s("说明文字")]);
    // A cell of a fund row, by the row's label and the offset from it.
    let fund_cell = |label: &str, offset: usize, cell: C| {
        let mut sheet = fixture(&BASE);
        for row in &mut sheet.rows {
            if let Some(at) = row.iter().position(|c| *c == s(label)) {
                row[at + offset] = cell.clone();
            }
        }
        sheet
    };
    let rate_formula = fund_cell("年度资金总额:", 5, C::F("E6/D6*100", None));
    let spent_formula = fund_cell("其中:当年财政拨款", 3, C::F("100-10.026", None));
    let too_large = fund_cell("其中:当年财政拨款", 2, n(7e28));
    let mut broken_second = fixture(&BASE);
    broken_second.row(vec![]);
    broken_second.row(vec![s("项目名称"), C::E, s("只写了名称的表")]);
    let mut yuan = fixture(&BASE);
    for row in &mut yuan.rows {
        for c in row.iter_mut() {
            if *c == s("项目资金(万元)") {
                *c = s("项目资金(元)");
            }
        }
    }
    let mut hidden = fixture(&BASE);
    let junk = hidden.row(vec![s("草稿：2023年指标"), n(10.0)]);
    hidden.hidden_rows.push(junk);
    vec![
        (
            "E0701-notes-sheet-skipped",
            vec![notes.clone(), fixture(&BASE)],
            &["E0701"],
        ),
        ("E0702-label-missing", vec![no_spent], &["E0702"]),
        ("E0703-bad-number", vec![bad_number], &["E0703"]),
        ("E0704-no-table", vec![notes], &["E0701", "E0704"]),
        (
            "E0705-rate-formula-without-result",
            vec![rate_formula],
            &["E0705"],
        ),
        (
            "E0706-amount-formula-without-result",
            vec![spent_formula],
            &["E0706"],
        ),
        ("E0109-amount-too-large", vec![too_large], &["E0109"]),
        (
            "E0707-second-table-unreadable",
            vec![broken_second],
            &["E0707"],
        ),
        ("E0708-hidden-row-skipped", vec![hidden], &["E0708"]),
        ("E0709-amounts-in-yuan", vec![yuan], &["E0709"]),
    ]
}

#[test]
fn every_sheet_code_has_a_case() {
    let mut covered = std::collections::BTreeSet::new();
    for (name, sheets, expect) in sheet_cases() {
        let file = tmp(&format!("{name}.xlsx"));
        std::fs::write(&file, build(&sheets)).unwrap();
        let checked = check_path(&file, forms());
        let diags: Vec<&Diagnostic> = checked.iter().flat_map(|c| &c.diagnostics).collect();
        for code in expect {
            assert!(diags.iter().any(|d| d.code == *code), "{name}: {diags:#?}");
            covered.insert(*code);
        }
        for d in &diags {
            if d.severity == Severity::Error {
                assert!(
                    expect.contains(&d.code.as_str()),
                    "{name}: unexpected {d:#?}"
                );
            }
            assert!(!d.message.trim().is_empty());
            if d.code != "E0704" {
                assert!(matches!(&d.place, Place::Cell { .. }), "{name}: {d:#?}");
            }
        }
    }
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.code.as_str())
        // E0710 needs a damaged package the builder cannot write: see
        // `a_broken_shared_text_reference_is_reported_at_its_cell`.
        .filter(|c| c.starts_with("E07") && *c != "E0710" && !covered.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "spreadsheet codes without a case: {missing:?}"
    );
}

#[test]
fn blanks_in_a_sheet_do_not_hide_the_other_findings() {
    let mut sheet = fixture(&BASE);
    for row in &mut sheet.rows {
        for c in row.iter_mut() {
            if *c == s("托育测试项目") || *c == s("宣传不足，下年加强") {
                *c = C::E;
            }
        }
    }
    // The 执行率 of 当年财政拨款 (76.29) written as 80.
    for row in &mut sheet.rows {
        if let Some(at) = row.iter().position(|c| *c == s("其中:当年财政拨款")) {
            row[at + 5] = n(80.0);
        }
    }
    let file = tmp("blanks.xlsx");
    std::fs::write(&file, build(&[sheet])).unwrap();
    let c = one_table(&file);
    let codes: std::collections::BTreeSet<&str> =
        errors(&c).iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["E0101", "E0204", "E0602"].into_iter().collect(),
        "{:#?}",
        c.diagnostics
    );
    assert!(!c.is_publishable());
}

/// The national form (财预〔2020〕10号 附件1) as units publish it: a 绩效指标 column
/// spanning the indicator block, `产出指标(50分)`, `—` in the sub-rows, 执行率 typed
/// as `86.19%`, the template's empty rows (`指标2`, `……`, an empty 二级) kept, no
/// 评分等级 row.
#[test]
fn a_national_table_as_published_reads_with_its_values() {
    let mut sh = SheetSpec::new("附件1");
    let e = || C::E;
    sh.row(vec![s("附件1")]);
    sh.row(vec![s("项目支出绩效自评表")]);
    sh.row(vec![s("(2023年度)")]);
    sh.row(vec![s("项目名称"), e(), s("社区养老服务补贴")]);
    sh.row(vec![
        s("主管部门"),
        e(),
        s("区民政局"),
        e(),
        e(),
        s("实施单位"),
        e(),
        s("区养老服务中心"),
    ]);
    let top = sh.row(vec![
        s("项目资金(万元)"),
        e(),
        s("年初预算数"),
        s("全年预算数"),
        s("全年执行数"),
        s("分值"),
        s("执行率"),
        s("得分"),
    ]);
    sh.row(vec![
        e(),
        s("年度资金总额"),
        n(100.0),
        n(100.0),
        n(86.19),
        n(10.0),
        s("86.19%"),
        n(8.62),
    ]);
    sh.row(vec![
        e(),
        s("其中:本年财政拨款"),
        n(100.0),
        n(100.0),
        n(86.19),
        s("—"),
        s("86.19%"),
        s("—"),
    ]);
    for name in ["上年结转资金", "其他资金"] {
        sh.row(vec![
            e(),
            s(name),
            n(0.0),
            n(0.0),
            n(0.0),
            s("—"),
            e(),
            s("—"),
        ]);
    }
    sh.merges.push((top, 0, top + 4, 0));
    sh.row(vec![
        s("年度总体目标"),
        s("预期目标"),
        e(),
        e(),
        e(),
        s("实际完成情况"),
    ]);
    sh.row(vec![
        e(),
        s("为老年人提供助餐服务"),
        e(),
        e(),
        e(),
        s("全年助餐 12 万人次"),
    ]);
    let head = sh.row(vec![
        s("绩效指标"),
        s("一级指标"),
        s("二级指标"),
        s("三级指标"),
        s("年度指标值"),
        s("实际完成值"),
        s("分值"),
        s("得分"),
        s("偏差原因分析及改进措施"),
    ]);
    let rows: Vec<Vec<C>> = vec![
        vec![
            e(),
            s("产出指标(50分)"),
            s("数量指标"),
            s("助餐人次"),
            s("≥10万人次"),
            s("12万人次"),
            n(30.0),
            n(30.0),
            e(),
        ],
        vec![e(), e(), e(), s("指标2"), e(), e(), e(), e(), e()],
        vec![
            e(),
            e(),
            s("时效指标"),
            s("补贴发放及时率"),
            s("=100%"),
            s("100%"),
            n(20.0),
            n(20.0),
            e(),
        ],
        vec![
            e(),
            s("效益指标(30分)"),
            s("社会效益指标"),
            s("老年人获得感"),
            s("提高"),
            s("达成指标"),
            n(30.0),
            n(30.0),
            e(),
        ],
        vec![e(), e(), s("生态效益指标"), e(), e(), e(), e(), e(), e()],
        vec![e(), e(), e(), s("……"), e(), e(), e(), e(), e()],
        vec![
            e(),
            s("满意度指标(10分)"),
            s("服务对象满意度指标"),
            s("老年人满意度"),
            s(">=90%"),
            s("86%"),
            n(10.0),
            n(9.0),
            s("个别站点菜品单一，下年增加"),
        ],
    ];
    for r in rows {
        sh.row(r);
    }
    let last = sh.row(vec![
        s("总分"),
        e(),
        e(),
        e(),
        e(),
        e(),
        n(100.0),
        n(97.62),
        e(),
    ]);
    sh.merges.push((head, 0, last - 1, 0));
    let file = tmp("national-published.xlsx");
    std::fs::write(&file, build(&[sh])).unwrap();
    let c = one_table(&file);
    assert!(errors(&c).is_empty(), "{:#?}", c.diagnostics);
    let s = c.scored.as_ref().expect("table");
    let p = &s.project;
    assert_eq!(p.name.value, "社区养老服务补贴");
    assert_eq!(p.year.as_ref().map(|y| y.value), Some(2023));
    assert_eq!(p.indicators().count(), 4, "{:#?}", p.indicators);
    assert_eq!(
        p.indicators
            .iter()
            .map(|l| l.name.value.as_str())
            .collect::<Vec<_>>(),
        ["产出指标", "效益指标", "满意度指标"]
    );
    assert_eq!(jixiao::model::num::fixed(s.funds.total.rate, 2), "86.19");
    assert_eq!(jixiao::model::num::fixed(s.total, 2), "97.62");
    assert_eq!(s.grade, "优");
}

/// 100 tables whose 年度资金总额, 执行率, 得分 and 总分 are formulas, saved with the
/// unrounded results a spreadsheet computes (78.7609780155162 shown as 78.76):
/// no false error.
#[test]
fn unrounded_formula_results_give_no_false_error() {
    let mut seed = 2024u64;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    for case in 0..100 {
        let budget = (1000 + next(99_000)) as f64 / 100.0;
        let spent = (budget * (50 + next(51)) as f64 / 100.0 * 100.0).round() / 100.0
            - next(100) as f64 / 1000.0;
        let rate = spent / budget * 100.0;
        let score = (rate / 100.0).min(1.0) * 10.0;
        let total = score + 85.0;
        let mut sheet = fixture(&BASE);
        for row in &mut sheet.rows {
            let Some(at) = row.iter().position(|c| matches!(c, C::S(t) if t == "年度资金总额:" || t == "其中:当年财政拨款" || t == "总分" || t == "评分等级")) else {
                continue;
            };
            match &row[at] {
                C::S(t) if t == "年度资金总额:" => {
                    row[at + 1] = C::FN("SUM(C7:C9)", budget, "0.00");
                    row[at + 2] = C::FN("SUM(D7:D9)", budget, "0.00");
                    row[at + 3] = C::FN("SUM(E7:E9)", spent, "0.00");
                    row[at + 5] = C::FN("E6/D6*100", rate, "0.00");
                    row[at + 6] = C::FN("IF(G6>=100,F6,F6*G6/100)", score, "0.00");
                }
                C::S(t) if t == "其中:当年财政拨款" => {
                    row[at + 1] = n(budget);
                    row[at + 2] = n(budget);
                    row[at + 3] = n(spent);
                    row[at + 5] = C::FN("E7/D7*100", rate, "0.00");
                }
                C::S(t) if t == "总分" => row[at + 6] = C::FN("H6+SUM(G14:G21)", total, "0.00"),
                _ => row[at + 1] = s(if total >= 90.0 { "优" } else { "良" }),
            }
        }
        let file = tmp(&format!("formula-{case}.xlsx"));
        std::fs::write(&file, build(&[sheet])).unwrap();
        let c = one_table(&file);
        assert!(
            errors(&c).is_empty(),
            "case {case}: budget {budget}, spent {spent}, rate {rate}: {:#?}",
            errors(&c)
        );
    }
}

/// Computed cells whose formulas have no saved result (a workbook a script
/// wrote and no spreadsheet program opened) are derived, the 评分等级 too: no
/// false finding.
#[test]
fn uncached_formulas_are_derived_not_read_as_empty() {
    let mut sheet = fixture(&BASE);
    let mut grade_row = 0;
    for (r, row) in sheet.rows.iter_mut().enumerate() {
        let Some(at) = row
            .iter()
            .position(|c| matches!(c, C::S(t) if t == "总分" || t == "评分等级"))
        else {
            continue;
        };
        match &row[at] {
            C::S(t) if t == "总分" => row[at + 6] = C::F("H6+SUM(G14:G21)", None),
            _ => {
                row[at + 1] = C::F("IF(H21>=90,\"优\",\"良\")", None);
                grade_row = r as u32;
            }
        }
    }
    // The grade's own cell, not merged (a merge would write over the formula).
    sheet.merges.retain(|m| m.0 != grade_row);
    let file = tmp("uncached-grade.xlsx");
    std::fs::write(&file, build(&[sheet])).unwrap();
    let c = one_table(&file);
    let findings: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.severity != jixiao::diag::Severity::Info)
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
    let s = c.scored.as_ref().unwrap();
    assert!(s.project.grade.is_none() && s.project.total.is_none());
    assert_eq!(s.grade, "优");
}

#[test]
fn missing_label_says_which_and_where() {
    let (_, sheets, _) = sheet_cases().remove(1);
    let file = tmp("where.xlsx");
    std::fs::write(&file, build(&sheets)).unwrap();
    let c = one_table(&file);
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.code == "E0702")
        .expect("E0702");
    assert!(d.message.contains("全年执行数"), "{d:#?}");
    assert_eq!(
        d.place,
        Place::Cell {
            sheet: "托育测试项目".into(),
            cell: "E5".into()
        }
    );
}

// ---------------------------------------------------------------- fuzz

const WORDS: &[&str] = &[
    "项目名称",
    "主管部门",
    "实施单位",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分数",
    "执行率(%)",
    "得分",
    "年度资金总额:",
    "其中:当年财政拨款",
    "上年结转资金",
    "其他资金",
    "预期目标",
    "实际完成情况",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "偏差原因分析及改进措施",
    "总分",
    "评分等级",
    "产出指标",
    "数量指标",
    "≥90%",
    "=5家",
    "高",
    "-",
    "100.00%",
    "117.94",
    "(2024年度)",
    "",
    " ",
    "\n",
    "≥",
    "1e999",
    "九十",
];

fn cell() -> impl Strategy<Value = C> {
    prop_oneof![
        Just(C::E),
        prop::sample::select(WORDS).prop_map(s),
        "\\PC{0,6}".prop_map(C::S),
        (-1e6f64..1e6).prop_map(C::N),
        extreme(),
    ]
}

/// Numbers at the edges of what a decimal holds, as numbers, percentages and text.
fn extreme() -> impl Strategy<Value = C> {
    let big = prop::sample::select(vec![
        1e30, -1e30, 7e28, 7.9e28, -1e27, 1e12, 1e-30, 5e-324, 1e300,
    ]);
    prop_oneof![
        big.clone().prop_map(C::N),
        big.clone().prop_map(|x| C::P(x, "0.00%")),
        big.prop_map(|x| C::S(format!("{x:e}"))),
        Just(C::F("1/0", None)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn reader_never_panics_on_cell_grids(
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..9), 0..30),
        merges in prop::collection::vec((0u32..30, 0u16..9, 0u32..3, 0u16..3), 0..6),
    ) {
        let mut spec = SheetSpec::new("F");
        spec.rows = rows;
        // Non-overlapping merges only (the writer refuses overlaps).
        let mut taken: Vec<(u32, u16, u32, u16)> = Vec::new();
        for (r, c, dr, dc) in merges {
            let m = (r, c, r + dr, c + dc);
            if (dr, dc) == (0, 0) { continue; }
            let overlaps = taken.iter().any(|t| m.0 <= t.2 && t.0 <= m.2 && m.1 <= t.3 && t.1 <= m.3);
            if !overlaps { taken.push(m); }
        }
        spec.merges = taken;
        let bytes = build(&[spec]);
        let book = sheet::load_bytes(Path::new("fuzz.xlsx"), &bytes, forms().words());
        for d in book.notes.iter().chain(book.tables.iter().flat_map(|t| &t.diagnostics)) {
            prop_assert!(!d.message.is_empty());
        }
        for t in book.tables.into_iter().filter_map(|t| t.project) {
            let _ = score(t);
        }
    }

    #[test]
    fn tables_with_extreme_cells_check_without_panicking(
        changes in prop::collection::vec((0usize..40, 0usize..10, cell()), 1..12),
    ) {
        let mut sheet = fixture(&BASE);
        for (r, c, value) in changes {
            let rows = sheet.rows.len();
            let row = &mut sheet.rows[r % rows];
            if row.len() <= c {
                row.resize(c + 1, C::E);
            }
            row[c] = value;
        }
        let file = tmp(&format!("extreme-{}.xlsx", std::process::id()));
        std::fs::write(&file, build(&[sheet])).unwrap();
        for c in check_path(&file, forms()) {
            for d in &c.diagnostics {
                prop_assert!(jixiao::diag::lookup(d.code.as_str()).is_some(), "{d:?}");
            }
            if let Some(s) = &c.scored {
                let _ = jixiao::model::num::fixed(s.total, 2);
                let _ = jixiao::model::num::fixed(s.funds.total.rate, 2);
            }
        }
    }

    #[test]
    fn reader_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let book = sheet::load_bytes(Path::new("fuzz.xlsx"), &bytes, forms().words());
        // No table is never silence: a note says why (unreadable file, no table).
        prop_assert!(
            !book.tables.is_empty() || book.notes.iter().any(|d| d.is_error()),
            "{:#?}",
            book.notes
        );
        for d in book.notes.iter().chain(book.tables.iter().flat_map(|t| &t.diagnostics)) {
            prop_assert!(jixiao::diag::lookup(d.code.as_str()).is_some() && !d.message.is_empty(), "{d:?}");
        }
    }
}

/// A workbook saved with an opening password (an encrypted package in a
/// compound file) is named as such, with how to remove the password.
#[test]
fn an_encrypted_workbook_says_it_is_encrypted() {
    use std::io::Write;
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0])
        .unwrap();
    file.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0; 64])
        .unwrap();
    file.flush().unwrap();
    let bytes = file.into_inner().into_inner();
    let path = tmp("encrypted.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let checked = check_path(&path, forms());
    let d = &checked[0].diagnostics[0];
    assert_eq!(d.code, "E0001");
    assert!(d.message.contains("密码"), "{}", d.message);
}

/// A cell of shared text whose index is no index (`-1`, `abc`: a damaged or
/// hand-edited file) is a warning at that cell, not a blank in silence.
#[test]
fn a_broken_shared_text_reference_is_reported_at_its_cell() {
    use std::io::{Read, Write};
    let file = seed_files()[0].clone();
    let scored = one_table(&file).scored.expect("the seed reads");
    let bytes = xlsx_of(&scored, "表");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut broken = None;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut text = Vec::new();
        part.read_to_end(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(text).unwrap();
            // The first cell of shared text gets index -1.
            let at = xml.find(" t=\"s\"><v>").unwrap();
            let cell_at = xml[..at].rfind("<c r=\"").unwrap() + 6;
            broken = Some(xml[cell_at..].split('"').next().unwrap().to_string());
            let end = xml[at..].find("</v>").unwrap() + at;
            let start = at + " t=\"s\"><v>".len();
            text = format!("{}-1{}", &xml[..start], &xml[end..]).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    let path = tmp("broken-shared-text.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let checked = check_path(&path, forms());
    let all: Vec<_> = checked.iter().flat_map(|c| &c.diagnostics).collect();
    let d = all
        .iter()
        .find(|d| d.code == "E0710")
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert_eq!(
        d.place,
        Place::Cell {
            sheet: "表".into(),
            cell: broken.unwrap()
        }
    );
}
